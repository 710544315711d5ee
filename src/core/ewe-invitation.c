/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-invitation"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ewe-codec.h"
#include "ewe-friends.h"
#include "ewe-invitation.h"

gboolean
ewe_invitation_parse_link (const char *link,
                           char      **server_url,
                           char      **invitation_id,
                           char      **key,
                           GError    **error)
{
  g_autofree char *text = g_strstrip (g_strdup (link != NULL ? link : ""));
  g_autoptr(GUri) uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GHashTable) params = NULL;
  g_auto(GStrv) segments = NULL;
  g_autoptr(GString) prefix = g_string_new (NULL);
  const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  const char *query = uri != NULL ? g_uri_get_query (uri) : NULL;
  const char *the_key = NULL;
  guint       n;

  if (uri == NULL || scheme == NULL ||
      (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0))
    goto invalid;

  /* …/invitation/<id>?key=<key>: everything before is where the server is. */
  segments = g_strsplit (g_uri_get_path (uri), "/", -1);
  n = g_strv_length (segments);
  if (n > 0 && segments[n - 1][0] == '\0')
    n--;
  if (n < 2 || g_strcmp0 (segments[n - 2], "invitation") != 0 || segments[n - 1][0] == '\0')
    goto invalid;

  params = query != NULL ? g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL) : NULL;
  the_key = params != NULL ? g_hash_table_lookup (params, "key") : NULL;
  if (the_key == NULL || the_key[0] == '\0')
    {
      g_set_error_literal (error, EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_INVALID_LINK,
                           _("This invitation’s link has lost its key: copy the whole link from the e-mail"));
      return FALSE;
    }

  for (guint i = 0; i + 2 < n; i++)
    {
      if (i > 0)
        g_string_append_c (prefix, '/');
      g_string_append (prefix, segments[i]);
    }

  if (server_url != NULL)
    {
      g_autofree char *port = g_uri_get_port (uri) > 0 ? g_strdup_printf (":%d", g_uri_get_port (uri)) : g_strdup ("");

      *server_url = g_strdup_printf ("%s://%s%s%s", scheme, g_uri_get_host (uri), port, prefix->str);
    }
  if (invitation_id != NULL)
    *invitation_id = g_uri_unescape_string (segments[n - 1], NULL);
  if (key != NULL)
    *key = g_strdup (the_key);

  return TRUE;

invalid:
  g_set_error_literal (error, EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_INVALID_LINK,
                       _("This is not an invitation’s link"));
  return FALSE;
}

static void
accept_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonNode) root = NULL;
  GError     *error = NULL;
  const char *data;
  gsize       size = 0;

  if (!(answer = ewe_api_client_call_finish (EWE_API_CLIENT (object), result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  data = g_bytes_get_data (answer, &size);
  root = ewe_codec_parse (data, size, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      json_object_get_string_member_with_default (json_node_get_object (root), "listId", NULL) == NULL)
    {
      g_task_return_new_error (task, EWE_API_ERROR, EWE_API_ERROR_SERVER,
                               _("The server accepted the invitation but did not say which list it is for"));
      return;
    }

  g_task_return_pointer (task, g_strdup (json_object_get_string_member (json_node_get_object (root), "listId")),
                         g_free);
}

void
ewe_invitation_accept_async (EweApiClient       *api_client,
                             const char         *link,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *server_url = NULL;
  g_autofree char *invitation_id = NULL;
  g_autofree char *key = NULL;
  g_autofree char *lists_url = NULL;
  const char      *ours;
  GError          *error = NULL;

  g_return_if_fail (EWE_IS_API_CLIENT (api_client));

  task = g_task_new (api_client, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_invitation_accept_async);

  if (!ewe_invitation_parse_link (link, &server_url, &invitation_id, &key, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* The key goes only to the server that mailed it. */
  lists_url = g_strconcat (server_url, "/api/lists", NULL);
  ours = ewe_api_client_get_base_url (api_client, EWE_API_SERVICE_LISTS);
  if (g_strcmp0 (ours, lists_url) != 0)
    {
      g_task_return_new_error (task, EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_INVALID_LINK,
                               _("This invitation is for the server %s, not the one you are signed in to"),
                                  server_url);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "key");
  json_builder_add_string_value (builder, key);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  ewe_api_client_call_async (api_client, EWE_API_ACCEPT_INVITATION, (const char *[]) { invitation_id, NULL }, body,
                             NULL, cancellable, accept_cb, g_steal_pointer (&task));
}

char *
ewe_invitation_accept_finish (GAsyncResult *result,
                              GError      **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ewe_invitation_accept_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
