/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-oauth2-clients"

#include "config.h"

#include <gio/gio.h>

#include "ews-oauth2-clients.h"

#define GROUP_PREFIX "oauth-client "

void
ews_oauth2_client_free (EwsOAuth2Client *client)
{
  if (client == NULL)
    return;

  g_free (client->client_id);
  g_strfreev (client->redirect_uris);
  g_strfreev (client->logout_uris);
  g_free (client);
}

static EwsOAuth2Client *
client_copy (const EwsOAuth2Client *client)
{
  EwsOAuth2Client *copy = g_new0 (EwsOAuth2Client, 1);

  copy->client_id = g_strdup (client->client_id);
  copy->redirect_uris = g_strdupv (client->redirect_uris);
  copy->logout_uris = g_strdupv (client->logout_uris);
  copy->loopback = client->loopback;

  return copy;
}

/* Absolute, and without a fragment (RFC 6749 §3.1.2). */
static gboolean
uri_is_acceptable (const char *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);

  return parsed != NULL && g_uri_get_fragment (parsed) == NULL && g_uri_get_host (parsed) != NULL &&
         g_uri_get_host (parsed)[0] != '\0';
}

static char **
read_uris (GKeyFile   *key_file,
           const char *group,
           const char *key,
           GError    **error)
{
  g_auto(GStrv) values = g_key_file_get_string_list (key_file, group, key, NULL, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      g_strstrip (values[i]);
      if (values[i][0] == '\0')
        continue;
      if (!uri_is_acceptable (values[i]))
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       "“%s” in %s= of [%s] is not an absolute URI without a fragment", values[i], key, group);
          return NULL;
        }
      g_strv_builder_add (builder, values[i]);
    }

  return g_strv_builder_end (builder);
}

gboolean
ews_oauth2_clients_load (GKeyFile   *key_file,
                         GPtrArray **clients,
                         GError    **error)
{
  g_auto(GStrv) groups = g_key_file_get_groups (key_file, NULL);

  if (*clients == NULL)
    *clients = g_ptr_array_new_with_free_func ((GDestroyNotify)ews_oauth2_client_free);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_autoptr(EwsOAuth2Client) client = NULL;
      const char *id;

      if (!g_str_has_prefix (groups[i], GROUP_PREFIX))
        continue;

      id = groups[i] + strlen (GROUP_PREFIX);
      if (id[0] == '\0')
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       "[%s] names no client: write [oauth-client ID]", groups[i]);
          return FALSE;
        }

      client = g_new0 (EwsOAuth2Client, 1);
      client->client_id = g_strdup (id);
      client->loopback = g_key_file_get_boolean (key_file, groups[i], "loopback", NULL);
      client->redirect_uris = read_uris (key_file, groups[i], "redirect-uris", error);
      if (client->redirect_uris == NULL)
        return FALSE;
      client->logout_uris = read_uris (key_file, groups[i], "logout-uris", error);
      if (client->logout_uris == NULL)
        return FALSE;

      g_ptr_array_add (*clients, g_steal_pointer (&client));
    }

  return TRUE;
}

EwsOAuth2Client *
ews_oauth2_clients_lookup (GPtrArray  *clients,
                           const char *api_client_id,
                           const char *client_id)
{
  EwsOAuth2Client *found = NULL;

  if (client_id == NULL)
    return NULL;

  for (guint i = 0; clients != NULL && i < clients->len; i++)
    {
      const EwsOAuth2Client *client = g_ptr_array_index (clients, i);

      if (g_strcmp0 (client->client_id, client_id) == 0)
        {
          found = client_copy (client);
          break;
        }
    }

  if (g_strcmp0 (client_id, api_client_id) != 0)
    return found;

  /* The desktop app's client: a native app, which listens on a loopback
   * port it picks at the time (RFC 8252 §7.3). */
  if (found == NULL)
    {
      found = g_new0 (EwsOAuth2Client, 1);
      found->client_id = g_strdup (client_id);
      found->redirect_uris = g_new0 (char *, 1);
      found->logout_uris = g_new0 (char *, 1);
    }
  found->loopback = TRUE;

  return found;
}

/* http://127.0.0.1:PORT/… or http://[::1]:PORT/…, as RFC 8252 §7.3 has
 * them; not "localhost", which a resolver could send elsewhere (§8.3). */
static gboolean
is_loopback_redirect (const char *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  const char *host;

  if (parsed == NULL || g_strcmp0 (g_uri_get_scheme (parsed), "http") != 0 ||
      g_uri_get_userinfo (parsed) != NULL || g_uri_get_fragment (parsed) != NULL)
    return FALSE;

  host = g_uri_get_host (parsed);
  return g_strcmp0 (host, "127.0.0.1") == 0 || g_strcmp0 (host, "::1") == 0;
}

static gboolean
listed (char * const *uris,
        const char   *uri)
{
  for (guint i = 0; uris != NULL && uris[i] != NULL; i++)
    {
      if (strcmp (uris[i], uri) == 0)
        return TRUE;
    }

  return FALSE;
}

gboolean
ews_oauth2_client_redirect_ok (const EwsOAuth2Client *client,
                               const char            *redirect_uri)
{
  if (client == NULL || redirect_uri == NULL || redirect_uri[0] == '\0')
    return FALSE;

  if (listed (client->redirect_uris, redirect_uri))
    return TRUE;

  return client->loopback && is_loopback_redirect (redirect_uri);
}

gboolean
ews_oauth2_client_logout_ok (const EwsOAuth2Client *client,
                             const char            *logout_uri)
{
  if (client == NULL || logout_uri == NULL || logout_uri[0] == '\0')
    return FALSE;

  if (listed (client->logout_uris, logout_uri))
    return TRUE;

  return client->loopback && is_loopback_redirect (logout_uri);
}
