/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <json-glib/json-glib.h>

#include "ewe-test-server.h"

G_BEGIN_DECLS

/* USER_SRP_AUTH against a test server, the client's side computed with
 * libewe-common's SRP for ewelists-server's default pool: one attempt
 * (InitiateAuth) and its answer (RespondToAuthChallenge), apart so that a
 * test can tamper with the answer, or together as one sign-in. */

/* One sign-in's client side: a, A, and what the challenge said. */
typedef struct
{
  char       *client_secret;
  char       *client_public;
  JsonObject *challenge; /* ChallengeParameters */
} EwsTestSrpAttempt;

#define EWS_TEST_SRP_PARAMETER(attempt, name) json_object_get_string_member ((attempt)->challenge, name)

void               ews_test_srp_attempt_free  (EwsTestSrpAttempt       *attempt);
/* From the loopback address @from, or any if NULL; asserts the challenge. */
EwsTestSrpAttempt *ews_test_srp_initiate      (EweTestServer           *server,
                                               const char              *from,
                                               const char              *email);
/* The PASSWORD_CLAIM_SIGNATURE for @password over @secret_block. */
char              *ews_test_srp_sign          (const EwsTestSrpAttempt *attempt,
                                               const char              *password,
                                               const char              *secret_block,
                                               const char              *timestamp);
/* RespondToAuthChallenge's body, over @secret_block or, if NULL, the
 * challenge's own. */
JsonObject        *ews_test_srp_respond_body  (const EwsTestSrpAttempt *attempt,
                                               const char              *password,
                                               const char              *secret_block);
/* A whole sign-in that must succeed: its AuthenticationResult. */
JsonObject        *ews_test_srp_sign_in       (EweTestServer           *server,
                                               const char              *email,
                                               const char              *password);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EwsTestSrpAttempt, ews_test_srp_attempt_free)

G_END_DECLS
