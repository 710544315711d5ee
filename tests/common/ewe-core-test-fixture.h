/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ewe-account.h"
#include "ewe-api-client.h"
#include "ewe-auth.h"
#include "ewe-token-store.h"
#include "ewe-test-async.h"
#include "ewe-test-server.h"
#include "ewe-test-smtp.h"

G_BEGIN_DECLS

#define EWE_TEST_PASSWORD "Corr3ct-Horse!"

/* A real ewelists-server with a real SMTP sink behind it, and the core
 * objects that talk to it, for tests that need an account. */
typedef struct
{
  EweTestSmtp   *smtp;
  EweTestServer *server;
  char          *auth_url;
  EweAuth       *auth;
  EweTokenStore *token_store;
} EweCoreFixture;

void        ewe_core_fixture_set_up       (EweCoreFixture *fixture,
                                           gconstpointer   data);
void        ewe_core_fixture_tear_down    (EweCoreFixture *fixture,
                                           gconstpointer   data);
char       *ewe_core_fixture_unique_email (const char     *who);
char       *ewe_core_fixture_wait_for_code (EweCoreFixture *fixture,
                                           const char     *email,
                                           guint           from);
void        ewe_core_fixture_create_user  (EweCoreFixture *fixture,
                                           const char     *email,
                                           const char     *name);
EweAccount *ewe_core_fixture_sign_in      (EweCoreFixture *fixture,
                                           const char     *email);
EweAccount *ewe_core_fixture_new_user     (EweCoreFixture *fixture,
                                           const char     *who);

G_END_DECLS
