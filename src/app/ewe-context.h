/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gio/gio.h>

#include "ewe-account.h"
#include "ewe-api-client.h"
#include "ewe-friends.h"
#include "ewe-image-cache.h"
#include "ewe-store.h"
#include "ewe-sync.h"
#include "ewe-token-store.h"

G_BEGIN_DECLS

#define EWE_TYPE_CONTEXT (ewe_context_get_type ())

G_DECLARE_FINAL_TYPE (EweContext, ewe_context, EWE, CONTEXT, GObject)

EweContext    *ewe_context_new                (GSettings     *settings,
                                               EweTokenStore *token_store);
GSettings     *ewe_context_get_settings       (EweContext    *self);
EweTokenStore *ewe_context_get_token_store    (EweContext    *self);
EweAccount    *ewe_context_get_account        (EweContext    *self);
gboolean       ewe_context_get_configured     (EweContext    *self);
char          *ewe_context_dup_server_url     (EweContext    *self);
void           ewe_context_set_server_url     (EweContext    *self,
                                               const char    *server_url);
void           ewe_context_reload             (EweContext    *self);
EweStore      *ewe_context_get_store          (EweContext    *self);
const GError  *ewe_context_get_store_error    (EweContext    *self);
EweImageCache *ewe_context_get_image_cache    (EweContext    *self);
EweApiClient  *ewe_context_get_api_client     (EweContext    *self);
EweSync       *ewe_context_get_sync           (EweContext    *self);
void           ewe_context_import_drafts_async (EweContext          *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean       ewe_context_import_drafts_finish (EweContext    *self,
                                                 GAsyncResult  *result,
                                                 GError       **error);
void           ewe_context_keep_drafts        (EweContext    *self);
GListModel    *ewe_context_get_found_drafts   (EweContext    *self);
gboolean       ewe_context_get_looking_for_drafts (EweContext *self);
EweFriends    *ewe_context_get_friends        (EweContext    *self);

G_END_DECLS
