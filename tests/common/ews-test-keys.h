/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <json-glib/json-glib.h>

#include "ewe-test-server.h"

G_BEGIN_DECLS

/* Tokens made by hand for a test server, signed with its current key read
 * from its database, as another server on the same database would sign
 * them. */

/* The "iss" the server expects: its --public-url, or where it listens. */
char       *ews_test_keys_issuer         (EweTestServer *server);
/* Signs @claims as they are (add "iss" yourself). */
char       *ews_test_keys_sign_raw       (EweTestServer *server,
                                          JsonObject    *claims);
/* Adds "iss" if @claims has none, and makes sure an account with the
 * token's "sub" exists (tokens of deleted accounts are refused), then
 * signs. */
char       *ews_test_keys_sign           (EweTestServer *server,
                                          JsonObject    *claims);
void        ews_test_keys_ensure_account (EweTestServer *server,
                                          const char    *sub,
                                          const char    *email,
                                          const char    *name);
/* The claims of a token the server signed, checked with its keys. */
JsonObject *ews_test_keys_verify         (EweTestServer *server,
                                          const char    *token);
/* The kid of the server's current signing key. */
char       *ews_test_keys_current_kid    (EweTestServer *server);

G_END_DECLS
