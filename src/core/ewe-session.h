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

#define EWE_SESSION_ERROR (ewe_session_error_quark ())

/* What went wrong in the background, told through "problem". */
typedef enum
{
  EWE_SESSION_ERROR_SIGN_OUT_FAILED,     /* the old account's tokens stay in the keyring */
  EWE_SESSION_ERROR_FRIENDS_UNREADABLE,  /* the friends' lists stay empty */
  EWE_SESSION_ERROR_TOKENS_NOT_SAVED,    /* refreshed tokens are in memory only */
} EweSessionError;

#define EWE_TYPE_SESSION (ewe_session_get_type ())

G_DECLARE_FINAL_TYPE (EweSession, ewe_session, EWE, SESSION, GObject)

GQuark         ewe_session_error_quark        (void);
EweSession    *ewe_session_new                (GSettings     *settings,
                                               EweTokenStore *token_store);
GSettings     *ewe_session_get_settings       (EweSession    *self);
EweTokenStore *ewe_session_get_token_store    (EweSession    *self);
EweAccount    *ewe_session_get_account        (EweSession    *self);
gboolean       ewe_session_get_configured     (EweSession    *self);
char          *ewe_session_dup_server_url     (EweSession    *self);
void           ewe_session_set_server_url     (EweSession    *self,
                                               const char    *server_url);
void           ewe_session_reload             (EweSession    *self);
EweStore      *ewe_session_get_store          (EweSession    *self);
const GError  *ewe_session_get_store_error    (EweSession    *self);
EweImageCache *ewe_session_get_image_cache    (EweSession    *self);
EweApiClient  *ewe_session_get_api_client     (EweSession    *self);
EweSync       *ewe_session_get_sync           (EweSession    *self);
void           ewe_session_import_drafts_async (EweSession          *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean       ewe_session_import_drafts_finish (EweSession    *self,
                                                 GAsyncResult  *result,
                                                 GError       **error);
void           ewe_session_keep_drafts        (EweSession    *self);
GListModel    *ewe_session_get_found_drafts   (EweSession    *self);
gboolean       ewe_session_get_looking_for_drafts (EweSession *self);
EweFriends    *ewe_session_get_friends        (EweSession    *self);

G_END_DECLS
