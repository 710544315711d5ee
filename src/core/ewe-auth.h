/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gio/gio.h>

#include "ewe-tokens.h"

G_BEGIN_DECLS

#define EWE_AUTH_ERROR (ewe_auth_error_quark ())

/* What went wrong, from the user's side of things; the message is Cognito's
 * (or our server's) own, which is written for people. */
typedef enum
{
  EWE_AUTH_ERROR_NETWORK,            /* could not reach the sign-in service */
  EWE_AUTH_ERROR_SERVER,             /* it answered with something broken */
  EWE_AUTH_ERROR_INVALID_PARAMETER,  /* a malformed e-mail, an empty field */
  EWE_AUTH_ERROR_INVALID_PASSWORD,   /* does not meet the password policy */
  EWE_AUTH_ERROR_USER_EXISTS,
  EWE_AUTH_ERROR_USER_NOT_FOUND,
  EWE_AUTH_ERROR_NOT_CONFIRMED,      /* sign-up not confirmed with the code */
  EWE_AUTH_ERROR_NOT_AUTHORIZED,     /* wrong password, revoked token */
  EWE_AUTH_ERROR_CODE_MISMATCH,
  EWE_AUTH_ERROR_EXPIRED_CODE,
  EWE_AUTH_ERROR_TOO_MANY_REQUESTS,  /* throttled; wait and try again */
  EWE_AUTH_ERROR_UNKNOWN_CLIENT,     /* the client id is not this pool's */
  EWE_AUTH_ERROR_FAILED,             /* anything else Cognito may say */
  EWE_AUTH_ERROR_TIMED_OUT,          /* the browser never came back */
  EWE_AUTH_ERROR_ACCESS_DENIED,      /* refused in the browser (access_denied) */
  EWE_AUTH_ERROR_PORT_IN_USE,        /* the browser sign-in's fixed port is taken */
} EweAuthError;

#define EWE_TYPE_AUTH (ewe_auth_get_type ())

G_DECLARE_FINAL_TYPE (EweAuth, ewe_auth, EWE, AUTH, GObject)

GQuark      ewe_auth_error_quark                 (void);
EweAuth    *ewe_auth_new                         (const char           *endpoint,
                                                  const char           *client_id);
const char *ewe_auth_get_endpoint                (EweAuth              *self);
const char *ewe_auth_get_client_id               (EweAuth              *self);
const char *ewe_auth_get_user_pool_id            (EweAuth              *self);
void        ewe_auth_set_user_pool_id            (EweAuth              *self,
                                                  const char           *user_pool_id);

void        ewe_auth_sign_up_async               (EweAuth              *self,
                                                  const char           *email,
                                                  const char           *password,
                                                  const char           *name,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
char       *ewe_auth_sign_up_finish              (EweAuth              *self,
                                                  GAsyncResult         *result,
                                                  gboolean             *confirmed,
                                                  GError              **error);
void        ewe_auth_confirm_sign_up_async       (EweAuth              *self,
                                                  const char           *email,
                                                  const char           *code,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean    ewe_auth_confirm_sign_up_finish      (EweAuth              *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void        ewe_auth_resend_code_async           (EweAuth              *self,
                                                  const char           *email,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean    ewe_auth_resend_code_finish          (EweAuth              *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void        ewe_auth_sign_in_async               (EweAuth              *self,
                                                  const char           *email,
                                                  const char           *password,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
EweTokens  *ewe_auth_sign_in_finish              (EweAuth              *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void        ewe_auth_refresh_async               (EweAuth              *self,
                                                  EweTokens            *tokens,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
EweTokens  *ewe_auth_refresh_finish              (EweAuth              *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void        ewe_auth_forgot_password_async       (EweAuth              *self,
                                                  const char           *email,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean    ewe_auth_forgot_password_finish      (EweAuth              *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void        ewe_auth_confirm_forgot_password_async (EweAuth            *self,
                                                    const char         *email,
                                                    const char         *code,
                                                    const char         *new_password,
                                                    GCancellable       *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer            user_data);
gboolean    ewe_auth_confirm_forgot_password_finish (EweAuth           *self,
                                                     GAsyncResult      *result,
                                                     GError           **error);
void        ewe_auth_global_sign_out_async       (EweAuth              *self,
                                                  EweTokens            *tokens,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean    ewe_auth_global_sign_out_finish      (EweAuth              *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

G_END_DECLS
