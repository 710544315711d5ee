/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-etag"

#include "config.h"

#include "ews-etag.h"

char *
ews_etag_for_bytes (const void *data,
                    gsize       length)
{
  /* MD5, for speed: it was SHA-256 and took an eighth of a shared list's
   * time. The tag only has to change when the bytes do; nothing rests on
   * no one being able to make two replies with the same tag. */
  g_autofree char *digest = g_compute_checksum_for_data (G_CHECKSUM_MD5, data, length);

  return g_strdup_printf ("\"%s\"", digest);
}

/* If-None-Match is "*" or a comma-separated list of tags, each maybe weak
 * (W/"…"); for a GET the comparison is the weak one (RFC 9110 13.1.2). */
static gboolean
if_none_match_names (const char *header,
                     const char *etag)
{
  g_auto(GStrv) candidates = g_strsplit (header, ",", -1);

  for (guint i = 0; candidates[i] != NULL; i++)
    {
      const char *candidate = g_strstrip (candidates[i]);

      if (g_str_has_prefix (candidate, "W/"))
        candidate += 2;
      if (g_str_equal (candidate, "*") || g_str_equal (candidate, etag))
        return TRUE;
    }

  return FALSE;
}

gboolean
ews_etag_reply_if_fresh (SoupServerMessage *msg,
                         const char        *etag)
{
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);
  const char         *if_none_match;

  g_return_val_if_fail (SOUP_IS_SERVER_MESSAGE (msg), FALSE);
  g_return_val_if_fail (etag != NULL, FALSE);

  soup_message_headers_replace (response_headers, "ETag", etag);

  if_none_match = soup_message_headers_get_list (soup_server_message_get_request_headers (msg), "If-None-Match");
  if (if_none_match == NULL || !if_none_match_names (if_none_match, etag))
    return FALSE;

  soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
  return TRUE;
}
