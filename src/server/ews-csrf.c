/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-csrf"

#include "config.h"

#include "ews-catalog.h"
#include "ews-csrf.h"
#include "ews-jwt.h"

/* The messages are marked N_(): the guest pages show them translated. */

#define NONCE_BYTES 16
#define KEY_BYTES 32

/* The quark name is one token with dashes: clang-format would space them. */
/* clang-format off */
G_DEFINE_QUARK (ews-csrf-error-quark, ews_csrf_error)
/* clang-format on */

/* A key of its own, derived from the server's secret, so that no CSRF
 * token can ever pass for a JWT signature or the other way round. */
static void
derive_key (GBytes *server_secret,
            guint8  key[KEY_BYTES])
{
  static const char label[] = "ewelists guest-page CSRF key v1";
  g_autoptr(GHmac) hmac = NULL;
  gsize         secret_len = 0;
  const guint8 *secret = g_bytes_get_data (server_secret, &secret_len);
  gsize         key_len = KEY_BYTES;

  hmac = g_hmac_new (G_CHECKSUM_SHA256, secret, secret_len);
  g_hmac_update (hmac, (const guchar *)label, sizeof label - 1);
  g_hmac_get_digest (hmac, key, &key_len);
}

static gboolean
nonce_is_well_formed (const char *nonce)
{
  gsize len = 0;

  for (; nonce[len] != '\0'; len++)
    {
      if (!g_ascii_isalnum (nonce[len]) && nonce[len] != '-' && nonce[len] != '_')
        return FALSE;
    }

  return len >= 16 && len <= 64;
}

static char *
request_nonce (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char         *cookie = soup_message_headers_get_list (headers, "Cookie");
  g_autoptr(GHashTable) params = NULL;
  const char *nonce;

  if (cookie == NULL)
    return NULL;

  params = soup_header_parse_semi_param_list (cookie);
  nonce = g_hash_table_lookup (params, EWS_CSRF_COOKIE);
  if (nonce == NULL || !nonce_is_well_formed (nonce))
    return NULL;

  return g_strdup (nonce);
}

char *
ews_csrf_ensure_nonce (SoupServerMessage *msg,
                       gboolean           secure,
                       GError           **error)
{
  const char      *issued = g_object_get_data (G_OBJECT (msg), "ews-csrf-nonce");
  char            *nonce;
  guint8           bytes[NONCE_BYTES];
  g_autofree char *cookie = NULL;

  /* A page with many forms makes one nonce (and one cookie) for all. */
  if (issued != NULL)
    return g_strdup (issued);

  nonce = request_nonce (msg);
  if (nonce != NULL)
    return nonce;

  if (!ews_random_bytes (bytes, sizeof bytes, error))
    return NULL;

  nonce = ews_base64url_encode (bytes, sizeof bytes);
  g_object_set_data_full (G_OBJECT (msg), "ews-csrf-nonce", g_strdup (nonce), g_free);

  /* Lax, not Strict: a guest arriving from the link in an e-mail must
   * bring the cookie along, or their page would get a fresh nonce and the
   * forms in their other tabs would stop working. Lax still keeps it off
   * cross-site POSTs, which is what matters. */
  cookie = g_strdup_printf ("%s=%s; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax%s",
                            EWS_CSRF_COOKIE, nonce, secure ? "; Secure" : "");
  soup_message_headers_append (soup_server_message_get_response_headers (msg), "Set-Cookie", cookie);

  return nonce;
}

char *
ews_csrf_token_new (GBytes     *server_secret,
                    const char *nonce,
                    const char *action_path,
                    gint64      expires_at)
{
  g_autoptr(GHmac) hmac = NULL;
  g_autofree char *expiry = g_strdup_printf ("%" G_GINT64_FORMAT, expires_at);
  g_autofree char *signature = NULL;
  guint8           key[KEY_BYTES];
  guint8           digest[32];
  gsize            digest_len = sizeof digest;

  g_return_val_if_fail (server_secret != NULL, NULL);
  g_return_val_if_fail (nonce != NULL, NULL);
  g_return_val_if_fail (action_path != NULL, NULL);

  derive_key (server_secret, key);
  hmac = g_hmac_new (G_CHECKSUM_SHA256, key, sizeof key);
  /* NUL-separated, so no two different triples hash the same bytes. */
  g_hmac_update (hmac, (const guchar *)nonce, strlen (nonce) + 1);
  g_hmac_update (hmac, (const guchar *)action_path, strlen (action_path) + 1);
  g_hmac_update (hmac, (const guchar *)expiry, strlen (expiry));
  g_hmac_get_digest (hmac, digest, &digest_len);
  signature = ews_base64url_encode (digest, digest_len);

  return g_strdup_printf ("%s.%s", expiry, signature);
}

gboolean
ews_csrf_check (GBytes            *server_secret,
                SoupServerMessage *msg,
                const char        *action_path,
                const char        *token,
                gint64             now,
                GError           **error)
{
  g_autofree char *nonce = request_nonce (msg);
  g_autofree char *expected = NULL;
  const char      *dot;
  char            *end = NULL;
  gint64           expires_at;

  if (token == NULL || token[0] == '\0' || nonce == NULL)
    {
      g_set_error_literal (error, EWS_CSRF_ERROR, EWS_CSRF_ERROR_MISSING,
                           N_ ("This form came without its security token. "
                           "Open the page again (with cookies allowed) and send it from there."));
      return FALSE;
    }

  dot = strchr (token, '.');
  expires_at = g_ascii_strtoll (token, &end, 10);
  if (dot == NULL || end != dot || dot == token)
    {
      g_set_error_literal (error, EWS_CSRF_ERROR, EWS_CSRF_ERROR_INVALID,
                           N_ ("This form's security token is not valid. Open the page again and retry."));
      return FALSE;
    }

  expected = ews_csrf_token_new (server_secret, nonce, action_path, expires_at);
  if (!ews_secrets_equal (token, expected))
    {
      g_set_error_literal (error, EWS_CSRF_ERROR, EWS_CSRF_ERROR_INVALID,
                           N_ ("This form's security token is not valid. Open the page again and retry."));
      return FALSE;
    }

  if (expires_at <= now)
    {
      g_set_error_literal (error, EWS_CSRF_ERROR, EWS_CSRF_ERROR_EXPIRED,
                           N_ ("This page was open too long and its form has expired. "
                           "Open the page again and retry."));
      return FALSE;
    }

  return TRUE;
}
