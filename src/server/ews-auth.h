/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-server.h"

G_BEGIN_DECLS

/* POST /api/auth: a subset of the Amazon Cognito Identity Provider JSON
 * protocol (X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>,
 * application/x-amz-json-1.1, errors as 400 {"__type", "message"} with
 * Cognito's exception names), so that the app's one sign-in client works
 * against this server and a real Cognito user pool alike. */
void  ews_auth_register          (EwsServer  *server);

/* The normalised form of an e-mail address that names one account: trimmed,
 * lower case, and @googlemail.com folded into @gmail.com. */
char *ews_auth_normalize_email   (const char *email);

G_END_DECLS
