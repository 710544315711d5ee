/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include "ewe-srp.h"
#include "ews-test-cognito.h"
#include "ews-test-srp.h"

#define PARAMETER EWS_TEST_SRP_PARAMETER

void
ews_test_srp_attempt_free (EwsTestSrpAttempt *attempt)
{
  g_free (attempt->client_secret);
  g_free (attempt->client_public);
  g_clear_pointer (&attempt->challenge, json_object_unref);
  g_free (attempt);
}

EwsTestSrpAttempt *
ews_test_srp_initiate (EweTestServer *server,
                       const char    *from,
                       const char    *email)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) reply = NULL;
  EwsTestSrpAttempt *attempt = g_new0 (EwsTestSrpAttempt, 1);
  guint              status = 0;

  attempt->client_secret = ewe_srp_new_secret (&error);
  g_assert_no_error (error);
  attempt->client_public = ewe_srp_client_public (EWE_SRP_GROUP_COGNITO, attempt->client_secret, &error);
  g_assert_no_error (error);

  body = ews_test_cognito_initiate_auth_body ("USER_SRP_AUTH", "USERNAME", email, "SRP_A", attempt->client_public,
                                              NULL);
  reply = ews_test_cognito_call_from (server, from, "InitiateAuth", body, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (reply, "ChallengeName"), ==, "PASSWORD_VERIFIER");
  attempt->challenge = json_object_ref (json_object_get_object_member (reply, "ChallengeParameters"));

  return attempt;
}

char *
ews_test_srp_sign (const EwsTestSrpAttempt *attempt,
                   const char              *password,
                   const char              *secret_block,
                   const char              *timestamp)
{
  const EweSrpGroup group = EWE_SRP_GROUP_COGNITO;
  const char       *user_id = PARAMETER (attempt, "USER_ID_FOR_SRP");
  g_autofree char  *pool_name = ewe_srp_pool_name (EWE_SRP_DEFAULT_USER_POOL_ID);
  g_autofree char  *identity = g_strconcat (pool_name, user_id, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char   *x = ewe_srp_private_key (group, PARAMETER (attempt, "SALT"), identity, password, &error);
  g_autofree char   *u = NULL;
  g_autofree char   *s = NULL;
  g_autofree guint8 *block_data = NULL;
  g_autoptr(GBytes) block = NULL;
  g_autoptr(GBytes) key = NULL;
  gsize block_length = 0;

  g_assert_no_error (error);
  u = ewe_srp_scrambler (group, attempt->client_public, PARAMETER (attempt, "SRP_B"), &error);
  g_assert_no_error (error);
  s = ewe_srp_client_premaster (group, attempt->client_secret, attempt->client_public, PARAMETER (attempt, "SRP_B"),
                                x, &error);
  g_assert_no_error (error);
  key = ewe_srp_cognito_key (s, u, &error);
  g_assert_no_error (error);

  block_data = g_base64_decode (secret_block, &block_length);
  block = g_bytes_new (block_data, block_length);
  return ewe_srp_cognito_signature (key, pool_name, user_id, block, timestamp);
}

JsonObject *
ews_test_srp_respond_body (const EwsTestSrpAttempt *attempt,
                           const char              *password,
                           const char              *secret_block)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *timestamp = ewe_srp_cognito_timestamp (now);
  g_autofree char *signature = NULL;
  JsonObject      *body = ews_test_cognito_body_new ("ChallengeName", "PASSWORD_VERIFIER", NULL);
  JsonObject      *responses = json_object_new ();

  if (secret_block == NULL)
    secret_block = PARAMETER (attempt, "SECRET_BLOCK");
  signature = ews_test_srp_sign (attempt, password, secret_block, timestamp);

  json_object_set_string_member (responses, "USERNAME", PARAMETER (attempt, "USER_ID_FOR_SRP"));
  json_object_set_string_member (responses, "PASSWORD_CLAIM_SECRET_BLOCK", secret_block);
  json_object_set_string_member (responses, "TIMESTAMP", timestamp);
  json_object_set_string_member (responses, "PASSWORD_CLAIM_SIGNATURE", signature);
  json_object_set_object_member (body, "ChallengeResponses", responses);

  return body;
}

JsonObject *
ews_test_srp_sign_in (EweTestServer *server,
                      const char    *email,
                      const char    *password)
{
  g_autoptr(EwsTestSrpAttempt) attempt = ews_test_srp_initiate (server, NULL, email);
  g_autoptr(JsonObject) body = ews_test_srp_respond_body (attempt, password, NULL);
  g_autoptr(JsonObject) reply = ews_test_cognito_call_ok (server, "RespondToAuthChallenge", body);

  return json_object_ref (json_object_get_object_member (reply, "AuthenticationResult"));
}
