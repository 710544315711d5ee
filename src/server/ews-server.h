/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <libsoup/soup.h>

#include "ews-clock.h"
#include "ews-config.h"
#include "ews-jwt-keys.h"
#include "ews-languages.h"
#include "ews-live-hub.h"
#include "ews-mail.h"
#include "ews-reply-cache.h"
#include "ews-router.h"
#include "ews-storage.h"

G_BEGIN_DECLS

#define EWS_TYPE_SERVER (ews_server_get_type ())

G_DECLARE_FINAL_TYPE (EwsServer, ews_server, EWS, SERVER, GObject)

EwsServer       *ews_server_new           (const EwsConfig  *config);
gboolean         ews_server_start         (EwsServer        *self,
                                           GError          **error);
void             ews_server_shutdown      (EwsServer        *self,
                                           GCallback         done_cb,
                                           gpointer          user_data);
guint16          ews_server_get_port      (EwsServer        *self);
char            *ews_server_dup_base_url  (EwsServer        *self);
char            *ews_server_dup_metrics_url (EwsServer      *self);
EwsRouter       *ews_server_get_router    (EwsServer        *self);
const EwsConfig *ews_server_get_config    (EwsServer        *self);
EwsStorage      *ews_server_get_storage    (EwsServer        *self);
GBytes          *ews_server_get_jwt_secret (EwsServer        *self);
EwsJwtKeys      *ews_server_get_jwt_keys   (EwsServer        *self);
const char      *ews_server_get_issuer     (EwsServer        *self);
EwsMail         *ews_server_get_mail       (EwsServer        *self);
const EwsLanguages *ews_server_get_languages (EwsServer  *self);
EwsClock        *ews_server_get_clock      (EwsServer        *self);
EwsMetrics      *ews_server_get_metrics    (EwsServer        *self);
EwsLiveHub      *ews_server_get_live_hub   (EwsServer        *self);
void             ews_server_release_answer (EwsServer        *self,
                                            SoupServerMessage *msg,
                                            gboolean           paused);
void             ews_server_answer_later   (SoupServerMessage *msg);
EwsReplyCache   *ews_server_get_reply_cache (EwsServer       *self);
void             ews_server_hold_stream    (EwsServer         *self,
                                            SoupServerMessage *msg);

G_END_DECLS
