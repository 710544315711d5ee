/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define EWE_TOKEN_STORE_SCHEMA_NAME "org.ewelists.App.Token"

#define EWE_TOKEN_STORE_ERROR (ewe_token_store_error_quark ())

typedef enum
{
  EWE_TOKEN_STORE_ERROR_UNAVAILABLE,  /* no Secret Service answers */
  EWE_TOKEN_STORE_ERROR_FAILED,       /* it answered, but refused */
} EweTokenStoreError;

#define EWE_TYPE_TOKEN_STORE (ewe_token_store_get_type ())

G_DECLARE_FINAL_TYPE (EweTokenStore, ewe_token_store, EWE, TOKEN_STORE, GObject)

GQuark         ewe_token_store_error_quark     (void);
EweTokenStore *ewe_token_store_new             (void);
void           ewe_token_store_save_async      (EweTokenStore        *self,
                                                const char           *server,
                                                const char           *user,
                                                const char           *secret,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean       ewe_token_store_save_finish     (EweTokenStore        *self,
                                                GAsyncResult         *result,
                                                GError              **error);
void           ewe_token_store_load_async      (EweTokenStore        *self,
                                                const char           *server,
                                                const char           *user,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
char          *ewe_token_store_load_finish     (EweTokenStore        *self,
                                                GAsyncResult         *result,
                                                GError              **error);
void           ewe_token_store_find_user_async (EweTokenStore        *self,
                                                const char           *server,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
char          *ewe_token_store_find_user_finish (EweTokenStore       *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
void           ewe_token_store_clear_async     (EweTokenStore        *self,
                                                const char           *server,
                                                const char           *user,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean       ewe_token_store_clear_finish    (EweTokenStore        *self,
                                                GAsyncResult         *result,
                                                GError              **error);

G_END_DECLS
