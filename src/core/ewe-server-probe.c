/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-server-probe"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ewe-server-probe.h"

/* "Test Connection": asks a server's GET /health whether it is an
 * ewelists-server that is up, and says in words what went wrong if not. */

#define TIMEOUT_SECONDS 15
#define MAX_RESPONSE (64 * 1024)

/* The quark name is one token with dashes: clang-format would space them. */
/* clang-format off */
G_DEFINE_QUARK (ewe-server-probe-error-quark, ewe_server_probe_error)
/* clang-format on */

/* Turns what a person typed ("lists.example.org/", " https://x ") into a
 * base URL without a trailing slash. A bare host name gets https://, as a
 * browser would. */
char *
ewe_server_normalize_url (const char *text,
                          GError    **error)
{
  g_autofree char *stripped = NULL;
  g_autofree char *with_scheme = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  gsize       len;

  stripped = g_strstrip (g_strdup (text ? text : ""));
  if (stripped[0] == '\0')
    {
      g_set_error (error, EWE_SERVER_PROBE_ERROR, EWE_SERVER_PROBE_ERROR_INVALID_URL,
                   _("Enter the address of an Ewelists server."));
      return NULL;
    }

  if (strstr (stripped, "://") == NULL)
    with_scheme = g_strconcat ("https://", stripped, NULL);
  else
    with_scheme = g_strdup (stripped);

  uri = g_uri_parse (with_scheme, G_URI_FLAGS_NONE, NULL);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || strpbrk (with_scheme, " \t\r\n") != NULL ||
      g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0' ||
      (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0) ||
      g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, EWE_SERVER_PROBE_ERROR, EWE_SERVER_PROBE_ERROR_INVALID_URL,
                   _("“%s” is not a server address. It looks like https://lists.example.org."),
                      stripped);
      return NULL;
    }

  len = strlen (with_scheme);
  while (len > 0 && with_scheme[len - 1] == '/')
    with_scheme[--len] = '\0';

  return g_steal_pointer (&with_scheme);
}

static void
probe_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  SoupSession *session = SOUP_SESSION (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  SoupMessage *msg = soup_session_get_async_result_message (session, result);
  const char  *server_url = g_task_get_task_data (task);
  JsonNode    *root;
  JsonObject  *object_body;
  const char  *data;
  gsize        size = 0;
  guint        status;

  body = soup_session_send_and_read_finish (session, result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, EWE_SERVER_PROBE_ERROR, EWE_SERVER_PROBE_ERROR_NETWORK,
                                 _("Could not reach %s: %s"), server_url, error->message);
      return;
    }

  status = soup_message_get_status (msg);
  data = g_bytes_get_data (body, &size);

  if (status != SOUP_STATUS_OK)
    {
      g_task_return_new_error (task, EWE_SERVER_PROBE_ERROR, EWE_SERVER_PROBE_ERROR_NOT_EWELISTS,
                               _("%s answered “%u %s”. Is this the address of an Ewelists server?"),
                                  server_url, status, soup_message_get_reason_phrase (msg));
      return;
    }

  if (size > MAX_RESPONSE ||
      !json_parser_load_from_data (parser, data ? data : "", size, NULL) ||
      (root = json_parser_get_root (parser)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root) ||
      g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (root), "status", NULL), "ok") != 0)
    {
      g_task_return_new_error (task, EWE_SERVER_PROBE_ERROR, EWE_SERVER_PROBE_ERROR_NOT_EWELISTS,
                               _("%s answered, but not as an Ewelists server does. Check the address."),
                                  server_url);
      return;
    }

  object_body = json_node_get_object (root);
  g_task_return_pointer (task,
                         g_strdup (json_object_get_string_member_with_default (object_body, "version", "")),
                         g_free);
}

/* Checks @server_url (as typed; it is normalized first). The result is the
 * server's version, an empty string when it gives none. */
void
ewe_server_probe_async (const char         *server_url,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  g_autofree char *health = NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_server_probe_async);

  base = ewe_server_normalize_url (server_url, &error);
  if (base == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  health = g_strconcat (base, "/health", NULL);
  msg = soup_message_new (SOUP_METHOD_GET, health);
  if (msg == NULL)
    {
      g_task_return_new_error (task, EWE_SERVER_PROBE_ERROR, EWE_SERVER_PROBE_ERROR_INVALID_URL,
                               _("“%s” is not a server address. It looks like https://lists.example.org."),
                                  base);
      return;
    }

  g_task_set_task_data (task, g_steal_pointer (&base), g_free);

  /* A session of its own: a probe is rare and must not share connections
   * with a server the user is moving away from. The message keeps it alive. */
  session = soup_session_new_with_options ("timeout", TIMEOUT_SECONDS, NULL);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    probe_read_cb, g_steal_pointer (&task));
}

char *
ewe_server_probe_finish (GAsyncResult *result,
                         GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
