/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-server"

#include "config.h"

#include "ews-json.h"
#include "ews-live-hub.h"
#include "ews-mail-storage.h"
#include "ews-metrics.h"
#include "ews-password.h"
#include "ews-request.h"
#include "ews-server-private.h"

/* What is scraped: the counters, and what the database and the
 * connections hold now. */
static void
reply_metrics (EwsServer         *self,
               SoupServerMessage *msg)
{
  EwsMetricsGauges gauges = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize            length = 0;
  gint64           oldest = 0;

  if (self->connections != NULL)
    gauges.open_connections = ews_connections_get_open (self->connections);
  if (self->live_hub != NULL)
    gauges.live_streams = ews_live_hub_get_n_streams (self->live_hub);
  if (self->group_commit != NULL)
    {
      gauges.storage_commits = ews_group_commit_get_commits (self->group_commit);
      gauges.storage_syncs = ews_group_commit_get_syncs (self->group_commit);
    }
  if (self->reply_cache != NULL)
    ews_reply_cache_get_stats (self->reply_cache, &gauges.reply_cache);

  if (self->storage != NULL &&
      !ews_mail_storage_outbox_pending (EWS_MAIL_STORAGE (self->storage), &gauges.outbox_pending, &oldest, &error))
    {
      g_warning ("Could not read the mail outbox for /metrics: %s", error->message);
      ews_json_reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "Could not read the mail outbox.");
      return;
    }
  if (gauges.outbox_pending > 0)
    gauges.outbox_oldest_age_s = MAX (0, g_get_real_time () / G_USEC_PER_SEC - oldest);

  text = ews_metrics_render (self->metrics, &gauges);
  length = strlen (text);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/plain; version=0.0.4; charset=utf-8", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&text), length);
}

/* GET /metrics on the main address: only behind --metrics-token-file's
 * token, and not at all when metrics have an address of their own or no
 * token is set, so that nobody learns that they exist. */
void
ews_server_metrics_route_cb (SoupServerMessage *msg,
                             GHashTable        *params,
                             gpointer           user_data)
{
  EwsServer  *self = user_data;
  const char *authorization = NULL;

  if (self->metrics_server != NULL || self->metrics_token == NULL)
    {
      ews_json_reply_error (msg, SOUP_STATUS_NOT_FOUND, "Not found.");
      return;
    }

  authorization = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0 ||
      !ews_secrets_equal (authorization + 7, self->metrics_token))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "WWW-Authenticate",
                                    "Bearer realm=\"metrics\"");
      ews_json_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "The metrics need the token from --metrics-token-file.");
      return;
    }

  reply_metrics (self, msg);
}

/* The --metrics-listen address answers GET /metrics and nothing else: it
 * is meant for a monitoring network, so none of the API is reachable
 * through it. */
static void
handle_metrics_request_cb (SoupServer        *server,
                           SoupServerMessage *msg,
                           const char        *path,
                           GHashTable        *query,
                           gpointer           user_data)
{
  EwsServer  *self = user_data;
  const char *method = soup_server_message_get_method (msg);

  if (g_strcmp0 (ews_router_get_path (msg), "/metrics") != 0)
    ews_json_reply_error (msg, SOUP_STATUS_NOT_FOUND, "Not found.");
  else if (g_strcmp0 (method, "GET") != 0 && g_strcmp0 (method, "HEAD") != 0)
    ews_json_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Method not allowed.");
  else
    reply_metrics (self, msg);
}

gboolean
ews_server_load_metrics_token (EwsServer *self,
                               GError   **error)
{
  g_autofree char *contents = NULL;

  if (self->config->metrics_token_file == NULL || self->config->metrics_token_file[0] == '\0')
    return TRUE;

  if (!g_file_get_contents (self->config->metrics_token_file, &contents, NULL, error))
    {
      g_prefix_error (error, "Could not read --metrics-token-file: ");
      return FALSE;
    }

  g_strstrip (contents);
  if (contents[0] == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The metrics token file “%s” is empty: write a long random token in it",
                   self->config->metrics_token_file);
      ews_password_wipe_free (g_steal_pointer (&contents));
      return FALSE;
    }

  self->metrics_token = g_steal_pointer (&contents);
  return TRUE;
}

gboolean
ews_server_start_metrics_listener (EwsServer *self,
                                   GError   **error)
{
  g_autofree char *host = NULL;
  g_autoptr(GInetAddress) inet_address = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocket) listen_socket = NULL;
  g_autoslist(GUri) uris = NULL;
  guint16 port = 0;

  if (self->config->metrics_listen == NULL || self->config->metrics_listen[0] == '\0')
    return TRUE;

  if (!ews_config_parse_listen (self->config->metrics_listen, &host, &port, error))
    return FALSE;

  self->metrics_server = soup_server_new ("server-header", "ewelists-server/" PACKAGE_VERSION " ", NULL);
  soup_server_add_handler (self->metrics_server, NULL, handle_metrics_request_cb, self, NULL);

  inet_address = g_inet_address_new_from_string (host);
  address = g_inet_socket_address_new (inet_address, port);
  listen_socket = ews_server_listen_socket_new (address, error);
  if (listen_socket == NULL || !soup_server_listen_socket (self->metrics_server, listen_socket, 0, error))
    {
      g_prefix_error (error, "Could not listen for metrics on %s: ", self->config->metrics_listen);
      return FALSE;
    }

  uris = soup_server_get_uris (self->metrics_server);
  if (uris != NULL)
    self->metrics_port = (guint16)g_uri_get_port (uris->data);

  return TRUE;
}

/* Where --metrics-listen listens, for a port 0 picked at start; NULL
 * without it. */
char *
ews_server_dup_metrics_url (EwsServer *self)
{
  g_autofree char *host = NULL;

  g_return_val_if_fail (EWS_IS_SERVER (self), NULL);

  if (self->metrics_server == NULL ||
      !ews_config_parse_listen (self->config->metrics_listen, &host, NULL, NULL))
    return NULL;

  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("http://[%s]:%u/metrics", host, self->metrics_port);

  return g_strdup_printf ("http://%s:%u/metrics", host, self->metrics_port);
}
