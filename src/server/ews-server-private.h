/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

/* What ews-server.c shares with the files that carry parts of the server
 * object (ews-server-metrics.c: /metrics and its listener). */

#pragma once

#include "ews-connections.h"
#include "ews-group-commit.h"
#include "ews-server.h"

G_BEGIN_DECLS

struct _EwsServer
{
  GObject         parent_instance;

  /* owned */
  EwsConfig      *config;
  SoupServer     *soup_server;
  EwsConnections *connections;
  EwsRouter      *router;
  EwsStorage     *storage;
  EwsGroupCommit *group_commit; /* on SQLite, else NULL */
  GBytes         *jwt_secret;
  EwsJwtKeys     *jwt_keys;
  char           *issuer;
  EwsMail        *mail;
  EwsLanguages   *languages;
  EwsClock       *clock;
  EwsMetrics     *metrics;
  EwsLiveHub     *live_hub;
  EwsReplyCache  *reply_cache;
  SoupServer     *metrics_server; /* --metrics-listen's, or NULL */
  char           *metrics_token;  /* --metrics-token-file's, or NULL */
  guint16         port;
  guint16         metrics_port;

  /* Shutdown: new requests get 503 while the ones under way finish. */
  guint           in_flight;
  gboolean        shutting_down;
  GCallback       shutdown_done_cb;
  gpointer        shutdown_done_data;
  guint           shutdown_timeout_id;
};

GSocket *ews_server_listen_socket_new       (GSocketAddress    *address,
                                             GError           **error);

gboolean ews_server_load_metrics_token      (EwsServer         *self,
                                             GError           **error);
gboolean ews_server_start_metrics_listener  (EwsServer         *self,
                                             GError           **error);
void     ews_server_metrics_route_cb        (SoupServerMessage *msg,
                                             GHashTable        *params,
                                             gpointer           user_data);

G_END_DECLS
