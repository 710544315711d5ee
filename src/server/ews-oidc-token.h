/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <json-glib/json-glib.h>

#include "ews-jwt.h"

G_BEGIN_DECLS

/* An upstream provider's ID token (OpenID Connect Core §3.1.3.7), checked
 * as its client, the server, must: signed (RS256 or ES256) by a key of
 * the provider's JWKS (@keys: the "keys" array of its jwks_uri), issued by
 * @issuer for @client_id (in "aud", and "azp" when there are several
 * audiences), not expired by the server's clock (EWS_JWT_CLOCK_SKEW_SECONDS
 * of leeway), and carrying @nonce, the one the server sent with the
 * authorization request. The claims, or NULL with an EWS_JWT_ERROR. */
JsonObject *ews_oidc_verify_id_token (const char *token,
                                      JsonArray  *keys,
                                      const char *issuer,
                                      const char *client_id,
                                      const char *nonce,
                                      gint64      now_unix,
                                      GError    **error);

G_END_DECLS
