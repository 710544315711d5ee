/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-server.h"

G_BEGIN_DECLS

/* The hosted sign-in, OAuth 2.0 and OpenID Connect as Cognito's hosted UI
 * has them: /oauth2/authorize (the sign-in page), /oauth2/token,
 * /oauth2/userInfo and /logout (see ews-oauth2.c). */
void ews_oauth2_register (EwsServer *server);

G_END_DECLS
