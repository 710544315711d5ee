/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-auth-storage.h"
#include "ews-server.h"

G_BEGIN_DECLS

/* POST /api/auth: a subset of the Amazon Cognito Identity Provider JSON
 * protocol (X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>,
 * application/x-amz-json-1.1, errors as 400 {"__type", "message"} with
 * Cognito's exception names), so that the app's one sign-in client works
 * against this server and a real Cognito user pool alike. */
void  ews_auth_register          (EwsServer  *server);


/* Whether the sign-in a token was issued from (@session_id, the token's
 * origin_jti claim) is still on for @user_id: FALSE with G_IO_ERROR_NOT_FOUND
 * when there is no such sign-in for this user, G_IO_ERROR_PERMISSION_DENIED
 * when it has ended (RevokeToken, GlobalSignOut, a new password), or with
 * the storage's error. */
gboolean ews_auth_check_session  (EwsAuthStorage  *auth,
                                  const char      *user_id,
                                  const char      *session_id,
                                  GError         **error);

G_END_DECLS
