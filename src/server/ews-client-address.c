/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-client-address"

#include "config.h"

#include <gio/gio.h>

#include "ews-client-address.h"

static gboolean
same_address (const char *a,
              const char *b)
{
  g_autoptr(GInetAddress) address_a = g_inet_address_new_from_string (a);
  g_autoptr(GInetAddress) address_b = g_inet_address_new_from_string (b);

  if (address_a == NULL || address_b == NULL)
    return g_strcmp0 (a, b) == 0;

  return g_inet_address_equal (address_a, address_b);
}

gboolean
ews_client_is_trusted_proxy (const EwsConfig *config,
                             const char      *address)
{
  g_return_val_if_fail (config != NULL, FALSE);

  for (guint i = 0; address != NULL && config->trusted_proxies != NULL && config->trusted_proxies[i] != NULL; i++)
    {
      if (same_address (config->trusted_proxies[i], address))
        return TRUE;
    }

  return FALSE;
}

char *
ews_client_parse_forwarded (const char *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (entry != NULL ? entry : ""));
  char            *end;

  if (g_hostname_is_ip_address (text))
    return g_steal_pointer (&text);

  /* [v6]:port */
  if (text[0] == '[' && (end = strchr (text, ']')) != NULL)
    {
      g_autofree char *inner = g_strndup (text + 1, end - text - 1);

      return g_hostname_is_ip_address (inner) ? g_steal_pointer (&inner) : NULL;
    }

  /* v4:port — a v6 address has more than one colon */
  end = strchr (text, ':');
  if (end != NULL && strchr (end + 1, ':') == NULL)
    {
      *end = '\0';
      if (g_hostname_is_ip_address (text))
        return g_steal_pointer (&text);
    }

  return NULL;
}

char *
ews_client_address (SoupServerMessage *msg,
                    const EwsConfig   *config)
{
  const char *peer = soup_server_message_get_remote_host (msg);
  const char *forwarded;
  g_auto(GStrv) entries = NULL;
  g_autofree char *client = g_strdup (peer != NULL ? peer : "");

  if (config == NULL || !ews_client_is_trusted_proxy (config, client))
    return g_steal_pointer (&client);

  /* Every X-Forwarded-For line, in order, joined with commas. */
  forwarded = soup_message_headers_get_list (soup_server_message_get_request_headers (msg), "X-Forwarded-For");
  if (forwarded == NULL)
    return g_steal_pointer (&client);

  /* From the right: each entry was written by the proxy to its right, so
   * it is believed as long as that proxy is one we trust. An entry that is
   * not an address leaves the client as the last proxy that wrote it. */
  entries = g_strsplit (forwarded, ",", -1);
  for (guint i = g_strv_length (entries); i > 0; i--)
    {
      g_autofree char *address = ews_client_parse_forwarded (entries[i - 1]);

      if (address == NULL)
        break;

      g_free (client);
      client = g_steal_pointer (&address);
      if (!ews_client_is_trusted_proxy (config, client))
        break;
    }

  return g_steal_pointer (&client);
}
