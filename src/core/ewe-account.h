/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gio/gio.h>

#include "ewe-auth.h"
#include "ewe-token-store.h"
#include "ewe-tokens.h"

G_BEGIN_DECLS

#define EWE_TYPE_ACCOUNT (ewe_account_get_type ())

G_DECLARE_FINAL_TYPE (EweAccount, ewe_account, EWE, ACCOUNT, GObject)

EweAccount *ewe_account_new               (const char           *server,
                                           EweAuth              *auth,
                                           EweTokenStore        *token_store);
const char *ewe_account_get_server        (EweAccount           *self);
EweAuth    *ewe_account_get_auth          (EweAccount           *self);
gboolean    ewe_account_get_signed_in     (EweAccount           *self);
const char *ewe_account_get_user_id       (EweAccount           *self);
const char *ewe_account_get_email         (EweAccount           *self);
const char *ewe_account_get_name          (EweAccount           *self);
void        ewe_account_restore_async     (EweAccount           *self,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean    ewe_account_restore_finish    (EweAccount           *self,
                                           GAsyncResult         *result,
                                           GError              **error);
void        ewe_account_sign_in_async     (EweAccount           *self,
                                           const char           *email,
                                           const char           *password,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean    ewe_account_sign_in_finish    (EweAccount           *self,
                                           GAsyncResult         *result,
                                           GError              **error);
void        ewe_account_sign_in_with_tokens_async  (EweAccount           *self,
                                                    EweTokens            *tokens,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean    ewe_account_sign_in_with_tokens_finish (EweAccount           *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
void        ewe_account_sign_out_async    (EweAccount           *self,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean    ewe_account_sign_out_finish   (EweAccount           *self,
                                           GAsyncResult         *result,
                                           GError              **error);
void        ewe_account_get_tokens_async  (EweAccount           *self,
                                           gboolean              force_refresh,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
EweTokens  *ewe_account_get_tokens_finish (EweAccount           *self,
                                           GAsyncResult         *result,
                                           GError              **error);

G_END_DECLS
