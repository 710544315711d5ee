/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-server"

#include "config.h"

#include <glib/gstdio.h>

#include "ews-auth.h"
#include "ews-client-address.h"
#include "ews-connections.h"
#include "ews-batch.h"
#include "ews-contact.h"
#include "ews-group-commit.h"
#include "ews-guest-pages.h"
#include "ews-json.h"
#include "ews-jwt-keys.h"
#include "ews-jwt.h"
#include "ews-lists.h"
#include "ews-live-hub.h"
#include "ews-live.h"
#include "ews-mail-storage.h"
#include "ews-mail.h"
#include "ews-metrics.h"
#include "ews-oauth2.h"
#include "ews-password.h"
#include "ews-products.h"
#include "ews-request-log.h"
#include "ews-request.h"
#include "ews-server-private.h"
#include "ews-server.h"
#include "ews-storage-open.h"
#include "ews-storage-sqlite.h"
#include "ews-well-known.h"

/* How long a clean shutdown waits for requests already under way. */
#define SHUTDOWN_GRACE_SECONDS 10

/* Connections the kernel queues while the (single-threaded) server is busy.
 * GLib's default of 10 makes a burst of guests opening a shared list at
 * once see connections reset. */
#define LISTEN_BACKLOG 512

G_DEFINE_FINAL_TYPE (EwsServer, ews_server, G_TYPE_OBJECT)

static void
ews_server_dispose (GObject *object)
{
  EwsServer *self = (EwsServer *)object;

  g_clear_handle_id (&self->shutdown_timeout_id, g_source_remove);

  if (self->soup_server != NULL)
    soup_server_disconnect (self->soup_server);
  g_clear_object (&self->soup_server);
  if (self->metrics_server != NULL)
    soup_server_disconnect (self->metrics_server);
  g_clear_object (&self->metrics_server);
  g_clear_object (&self->connections);
  g_clear_object (&self->live_hub);
  g_clear_object (&self->router);
  if (self->mail != NULL)
    ews_mail_stop (self->mail);
  g_clear_object (&self->mail);
  if (self->group_commit != NULL)
    ews_group_commit_stop (self->group_commit);
  g_clear_object (&self->group_commit);
  g_clear_object (&self->storage);
  g_clear_pointer (&self->jwt_secret, g_bytes_unref);
  g_clear_object (&self->jwt_keys);
  g_clear_object (&self->clock);
  g_clear_object (&self->metrics);

  G_OBJECT_CLASS (ews_server_parent_class)->dispose (object);
}

static void
ews_server_finalize (GObject *object)
{
  EwsServer *self = (EwsServer *)object;

  g_clear_pointer (&self->config, ews_config_free);
  g_clear_pointer (&self->languages, ews_languages_free);
  g_clear_pointer (&self->reply_cache, ews_reply_cache_free);
  g_free (self->issuer);
  g_clear_pointer (&self->metrics_token, ews_password_wipe_free);

  G_OBJECT_CLASS (ews_server_parent_class)->finalize (object);
}

static void
ews_server_class_init (EwsServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ews_server_dispose;
  object_class->finalize = ews_server_finalize;
}

static void
ews_server_init (EwsServer *self)
{
  self->router = ews_router_new ();
  self->metrics = ews_metrics_new ();
}

static void
health_cb (SoupServerMessage *msg,
           GHashTable        *params,
           gpointer           user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "ok");
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  ews_json_reply (msg, SOUP_STATUS_OK, body);
}

static void
maybe_finish_shutdown (EwsServer *self)
{
  GCallback done_cb;

  if (!self->shutting_down || self->in_flight > 0 || self->shutdown_done_cb == NULL)
    return;

  g_clear_handle_id (&self->shutdown_timeout_id, g_source_remove);
  soup_server_disconnect (self->soup_server);
  /* A scrape during the grace period still sees the last requests. */
  if (self->metrics_server != NULL)
    soup_server_disconnect (self->metrics_server);

  done_cb = g_steal_pointer (&self->shutdown_done_cb);
  ((void (*) (gpointer))done_cb) (self->shutdown_done_data);
}

static void
request_started_cb (EwsServer         *self,
                    SoupServerMessage *msg,
                    SoupServer        *server)
{
  gint64 *started = g_new (gint64, 1);

  *started = g_get_monotonic_time ();
  g_object_set_data_full (G_OBJECT (msg), "ews-started", started, g_free);
}

/* A request is under way, for a clean shutdown to wait for, from when its
 * body is in (its handler runs) until its answer is sent. A connection
 * that never sends a whole request is not one. */
static void
request_read_cb (EwsServer         *self,
                 SoupServerMessage *msg,
                 SoupServer        *server)
{
  ews_request_log_assign_id (msg, self->config);
  g_object_set_data (G_OBJECT (msg), "ews-in-flight", GINT_TO_POINTER (TRUE));
  self->in_flight++;
}

static void
request_ended (EwsServer         *self,
               SoupServerMessage *msg,
               const char        *how,
               const char        *outcome)
{
  gint64 *started = g_object_get_data (G_OBJECT (msg), "ews-started");
  gint64  elapsed_us = started ? g_get_monotonic_time () - *started : 0;
  double  elapsed_ms = elapsed_us / 1000.0;

  /* A kept-alive connection closed before a next request ends a message
   * that has no method: no request to count. */
  if (soup_server_message_get_method (msg) != NULL)
    ews_metrics_observe_request (self->metrics, ews_router_get_route (msg), soup_server_message_get_method (msg),
                                 soup_server_message_get_status (msg), elapsed_us);

  ews_request_log_write (msg, self->config, elapsed_ms, how, outcome);

  if (g_object_steal_data (G_OBJECT (msg), "ews-in-flight") != NULL && self->in_flight > 0)
    self->in_flight--;

  maybe_finish_shutdown (self);
}

static void
request_finished_cb (EwsServer         *self,
                     SoupServerMessage *msg,
                     SoupServer        *server)
{
  request_ended (self, msg, "", "finished");
}

static void
request_aborted_cb (EwsServer         *self,
                    SoupServerMessage *msg,
                    SoupServer        *server)
{
  request_ended (self, msg, " (aborted)", "aborted");
}

static void
request_refused_cb (EwsServer         *self,
                    SoupServerMessage *msg,
                    EwsConnections    *connections)
{
  request_ended (self, msg, " (refused unread)", "refused");
}

static void
handle_request_cb (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  EwsServer *self = user_data;

  if (self->shutting_down)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Connection", "close");
      ews_json_reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
                            "The server is shutting down. Try again in a moment.");
      return;
    }

  ews_router_dispatch (self->router, msg);

  /* A handler that paused its message answers it later, through
   * ews_server_release_answer(); a stream's events are sent as they come. */
  if (g_object_get_data (G_OBJECT (msg), "ews-answered-later") == NULL)
    ews_server_release_answer (self, msg, FALSE);
}

/* Lets @msg's answer go once what was committed before it is on disk. A
 * handler that answers later marks @msg first (ews_server_answer_later())
 * and calls this with @paused TRUE when it has answered. */
void
ews_server_release_answer (EwsServer         *self,
                           SoupServerMessage *msg,
                           gboolean           paused)
{
  g_return_if_fail (EWS_IS_SERVER (self));

  if (self->group_commit != NULL)
    ews_group_commit_release (self->group_commit, msg, paused);
  else if (paused)
    soup_server_message_unpause (msg);
}

/* @msg is paused by its handler, which answers it later. */
void
ews_server_answer_later (SoupServerMessage *msg)
{
  g_object_set_data (G_OBJECT (msg), "ews-answered-later", GINT_TO_POINTER (TRUE));
}

EwsServer *
ews_server_new (const EwsConfig *config)
{
  EwsServer *self;

  g_return_val_if_fail (config != NULL, NULL);

  self = g_object_new (EWS_TYPE_SERVER, NULL);
  self->config = ews_config_copy (config);
  self->clock = ews_clock_new (config->clock_offset_file);
  self->languages = ews_languages_new (config->locale_dir);
  self->reply_cache = ews_reply_cache_new ((gsize)config->reply_cache_kib * 1024);

  ews_router_add (self->router, "GET", "/health", health_cb, self);
  ews_router_add (self->router, "GET", "/api/health", health_cb, self);
  ews_router_add (self->router, "GET", "/metrics", ews_server_metrics_route_cb, self);

  ews_lists_register (self);
  ews_products_register (self);
  ews_contact_register (self);
  ews_batch_register (self);
  ews_guest_pages_register (self);
  ews_auth_register (self);
  ews_well_known_register (self);
  ews_live_register (self);
  ews_oauth2_register (self);

  return self;
}

GSocket *
ews_server_listen_socket_new (GSocketAddress *address,
                              GError        **error)
{
  g_autoptr(GSocket) socket = NULL;

  socket = g_socket_new (g_socket_address_get_family (address), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return NULL;

  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);

  if (!g_socket_bind (socket, address, TRUE, error) || !g_socket_listen (socket, error))
    return NULL;

  return g_steal_pointer (&socket);
}

gboolean
ews_server_start (EwsServer *self,
                  GError   **error)
{
  g_autofree char *host = NULL;
  g_autoptr(GInetAddress) inet_address = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocket) listen_socket = NULL;
  g_autoslist(GUri) uris = NULL;
  guint16 port = 0;

  g_return_val_if_fail (EWS_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->soup_server == NULL, FALSE);

  if (!ews_config_parse_listen (self->config->listen, &host, &port, error))
    return FALSE;

  self->storage = ews_storage_open_configured (self->config, &self->jwt_secret, error);
  if (self->storage == NULL)
    return FALSE;

  /* PostgreSQL groups concurrent commits' WAL flushes itself. */
  if (EWS_IS_STORAGE_SQLITE (self->storage))
    {
      self->group_commit = ews_group_commit_new (ews_storage_sqlite_get_db (EWS_STORAGE_SQLITE (self->storage)), error);
      if (self->group_commit == NULL)
        return FALSE;
    }

  self->jwt_keys = ews_jwt_keys_new (EWS_AUTH_STORAGE (self->storage));
  if (!ews_jwt_keys_prepare (self->jwt_keys, ews_clock_get_unix_seconds (self->clock), error))
    {
      g_prefix_error (error, "Could not prepare the token signing keys: ");
      return FALSE;
    }

  if (!ews_server_load_metrics_token (self, error))
    return FALSE;

  /* Every change reaches this server's watchers through the storage: at
   * once on SQLite, through PostgreSQL's NOTIFY from whichever server made
   * it otherwise. */
  self->live_hub = ews_live_hub_new (self->config->live_heartbeat_s, self->config->max_live_streams_per_client);
  g_signal_connect_object (self->storage, "list-changed", G_CALLBACK (ews_live_hub_publish), self->live_hub,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->storage, "list-added", G_CALLBACK (ews_live_hub_publish_added), self->live_hub,
                           G_CONNECT_SWAPPED);
  ews_storage_watch_changes (self->storage);

  self->soup_server = soup_server_new ("server-header", "ewelists-server/" PACKAGE_VERSION " ", NULL);
  self->connections = ews_connections_new (self->soup_server, self->config, EWS_REQUEST_MAX_BODY);
  g_signal_connect_object (self->connections, "request-refused",
                           G_CALLBACK (request_refused_cb), self, G_CONNECT_SWAPPED);
  soup_server_add_handler (self->soup_server, NULL, handle_request_cb, self, NULL);
  g_signal_connect_object (self->soup_server, "request-started",
                           G_CALLBACK (request_started_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->soup_server, "request-read",
                           G_CALLBACK (request_read_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->soup_server, "request-finished",
                           G_CALLBACK (request_finished_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->soup_server, "request-aborted",
                           G_CALLBACK (request_aborted_cb), self, G_CONNECT_SWAPPED);

  inet_address = g_inet_address_new_from_string (host);
  address = g_inet_socket_address_new (inet_address, port);
  listen_socket = ews_server_listen_socket_new (address, error);
  if (listen_socket == NULL || !soup_server_listen_socket (self->soup_server, listen_socket, 0, error))
    {
      g_prefix_error (error, "Could not listen on %s: ", self->config->listen);
      return FALSE;
    }

  uris = soup_server_get_uris (self->soup_server);
  if (uris != NULL)
    self->port = (guint16)g_uri_get_port (uris->data);

  if (!ews_server_start_metrics_listener (self, error))
    return FALSE;

  /* Without --public-url, links point where the server listens: right for
   * a server on one machine, and for tests on a port picked at start. */
  if (self->config->public_url == NULL || self->config->public_url[0] == '\0')
    {
      g_free (self->config->public_url);
      self->config->public_url = ews_server_dup_base_url (self);
    }

  /* Tokens name the public URL as their issuer, as Cognito's name the
   * pool's, without a trailing slash. */
  self->issuer = g_strdup (self->config->public_url);
  while (g_str_has_suffix (self->issuer, "/"))
    self->issuer[strlen (self->issuer) - 1] = '\0';

  /* Mail written while the server was down (or had no SMTP server) goes
   * out now; its links use the public URL, known from here on. */
  self->mail = ews_mail_new (self->storage, self->config);
  ews_mail_set_metrics (self->mail, self->metrics);
  ews_mail_start (self->mail);

  return TRUE;
}

static gboolean
shutdown_timeout_cb (gpointer user_data)
{
  EwsServer *self = user_data;

  self->shutdown_timeout_id = 0;
  g_warning ("%u request(s) still running after %d s; stopping anyway",
             self->in_flight, SHUTDOWN_GRACE_SECONDS);
  self->in_flight = 0;
  maybe_finish_shutdown (self);

  return G_SOURCE_REMOVE;
}

/* Stops taking new requests, lets the ones under way finish (for a bounded
 * time), then closes every connection and calls @done_cb. */
void
ews_server_shutdown (EwsServer *self,
                     GCallback  done_cb,
                     gpointer   user_data)
{
  g_return_if_fail (EWS_IS_SERVER (self));
  g_return_if_fail (done_cb != NULL);

  if (self->shutting_down)
    return;

  self->shutting_down = TRUE;
  self->shutdown_done_cb = done_cb;
  self->shutdown_done_data = user_data;
  self->shutdown_timeout_id = g_timeout_add_seconds (SHUTDOWN_GRACE_SECONDS, shutdown_timeout_cb, self);

  /* Watchers reconnect, to another server behind a balancer. */
  if (self->live_hub != NULL)
    ews_live_hub_close_all (self->live_hub);

  maybe_finish_shutdown (self);
}

guint16
ews_server_get_port (EwsServer *self)
{
  g_return_val_if_fail (EWS_IS_SERVER (self), 0);

  return self->port;
}

char *
ews_server_dup_base_url (EwsServer *self)
{
  g_autofree char *host = NULL;

  g_return_val_if_fail (EWS_IS_SERVER (self), NULL);

  if (!ews_config_parse_listen (self->config->listen, &host, NULL, NULL))
    return NULL;

  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("http://[%s]:%u", host, self->port);

  return g_strdup_printf ("http://%s:%u", host, self->port);
}

EwsRouter *
ews_server_get_router (EwsServer *self)
{
  g_return_val_if_fail (EWS_IS_SERVER (self), NULL);

  return self->router;
}

const EwsConfig *
ews_server_get_config (EwsServer *self)
{
  g_return_val_if_fail (EWS_IS_SERVER (self), NULL);

  return self->config;
}

/* NULL until ews_server_start() opened it. */
EwsStorage *
ews_server_get_storage (EwsServer *self)
{
  g_return_val_if_fail (EWS_IS_SERVER (self), NULL);

  return self->storage;
}

/* The mail service routes queue their mail with; NULL before start. */
EwsMail *
ews_server_get_mail (EwsServer *self)
{
  g_return_val_if_fail (EWS_IS_SERVER (self), NULL);

  return self->mail;
}

/* The languages pages and mails are written in. */
const EwsLanguages *
ews_server_get_languages (EwsServer *self)
{
  g_return_val_if_fail (EWS_IS_SERVER (self), NULL);

  return self->languages;
}

/* The secret the guest pages' CSRF tokens are signed with (ID and access
 * tokens are signed with the keys in the database); NULL before start. */
GBytes *
ews_server_get_jwt_secret (EwsServer *self)
{
  g_return_val_if_fail (EWS_IS_SERVER (self), NULL);

  return self->jwt_secret;
}

/* The keys ID and access tokens are signed with; NULL before start. */
EwsJwtKeys *
ews_server_get_jwt_keys (EwsServer *self)
{
  g_return_val_if_fail (EWS_IS_SERVER (self), NULL);

  return self->jwt_keys;
}

/* The "iss" of the tokens: the public URL without a trailing slash; NULL
 * before start. */
const char *
ews_server_get_issuer (EwsServer *self)
{
  g_return_val_if_fail (EWS_IS_SERVER (self), NULL);

  return self->issuer;
}

/* The clock of tokens, codes, lockouts and rate limits. */
EwsClock *
ews_server_get_clock (EwsServer *self)
{
  g_return_val_if_fail (EWS_IS_SERVER (self), NULL);

  return self->clock;
}

/* The counters every part of the server adds to. */
EwsMetrics *
ews_server_get_metrics (EwsServer *self)
{
  g_return_val_if_fail (EWS_IS_SERVER (self), NULL);

  return self->metrics;
}

/* The live updates' streams; NULL before start. */
EwsLiveHub *
ews_server_get_live_hub (EwsServer *self)
{
  g_return_val_if_fail (EWS_IS_SERVER (self), NULL);

  return self->live_hub;
}

/* The lists' shared answers kept (--reply-cache-size). */
EwsReplyCache *
ews_server_get_reply_cache (EwsServer *self)
{
  g_return_val_if_fail (EWS_IS_SERVER (self), NULL);

  return self->reply_cache;
}

/* @msg's answer is an event stream that stays open: a clean shutdown does
 * not wait for it (it ends it), and its connection may be quiet between
 * two heartbeats. */
void
ews_server_hold_stream (EwsServer         *self,
                        SoupServerMessage *msg)
{
  g_return_if_fail (EWS_IS_SERVER (self));

  if (g_object_steal_data (G_OBJECT (msg), "ews-in-flight") != NULL && self->in_flight > 0)
    self->in_flight--;

  ews_server_answer_later (msg);
  if (self->connections != NULL)
    ews_connections_set_streaming (self->connections, msg,
                                   self->config->live_heartbeat_s + self->config->idle_timeout_s);
}
