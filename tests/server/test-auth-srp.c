/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <sqlite3.h>

#include "ewe-srp.h"
#include "ews-test-cognito.h"
#include "ews-test-srp.h"

/* USER_SRP_AUTH against a real server: the client's side computed with
 * libewe-common's SRP (checked against published values in test-srp of the
 * core suite; test-cognito-js signs in with AWS's own client). */

#define PASSWORD EWS_TEST_COGNITO_PASSWORD
#define EMAIL "srp@example.org"

typedef EwsTestCognitoFixture Fixture;

#define PARAMETER EWS_TEST_SRP_PARAMETER

static JsonObject *
initiate_body (const char *email,
               const char *client_public)
{
  return ews_test_cognito_initiate_auth_body ("USER_SRP_AUTH", "USERNAME", email, "SRP_A", client_public, NULL);
}

static EwsTestSrpAttempt *
initiate (EweTestServer *server,
          const char    *email)
{
  return ews_test_srp_initiate (server, NULL, email);
}

static void
srp_sign_in_fails (EweTestServer *server,
                   const char    *email,
                   const char    *password,
                   const char    *type,
                   const char    *message)
{
  g_autoptr(EwsTestSrpAttempt) attempt = initiate (server, email);
  g_autoptr(JsonObject) body = ews_test_srp_respond_body (attempt, password, NULL);

  ews_test_cognito_call_fails (server, "RespondToAuthChallenge", body, type, message);
}

static void
test_right_password (Fixture      *fixture,
                     gconstpointer data)
{
  g_autoptr(JsonObject) tokens = NULL;
  g_autoptr(JsonObject) claims = NULL;
  g_autoptr(EwsTestSrpAttempt) attempt = NULL;

  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, EMAIL, "S");

  attempt = initiate (fixture->server, EMAIL);
  g_assert_true (g_uuid_string_is_valid (PARAMETER (attempt, "USER_ID_FOR_SRP")));
  g_assert_cmpuint (strlen (PARAMETER (attempt, "SALT")), ==, 32);

  tokens = ews_test_srp_sign_in (fixture->server, EMAIL, PASSWORD);
  g_assert_cmpstr (json_object_get_string_member (tokens, "TokenType"), ==, "Bearer");
  g_assert_nonnull (json_object_get_string_member (tokens, "RefreshToken"));
  claims = ews_test_cognito_verify_token (fixture->server, json_object_get_string_member (tokens, "IdToken"));
  g_assert_cmpstr (json_object_get_string_member (claims, "email"), ==, EMAIL);
  g_assert_cmpstr (json_object_get_string_member (claims, "sub"), ==, PARAMETER (attempt, "USER_ID_FOR_SRP"));
}

static void
test_wrong_password (Fixture      *fixture,
                     gconstpointer data)
{
  g_autoptr(JsonObject) tokens = NULL;

  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, EMAIL, "S");

  srp_sign_in_fails (fixture->server, EMAIL, "Wrong-password-1", "NotAuthorizedException",
                     "Incorrect username or password.");
  /* A wrong guess cost nothing but itself. */
  tokens = ews_test_srp_sign_in (fixture->server, EMAIL, PASSWORD);
  g_assert_nonnull (json_object_get_string_member (tokens, "IdToken"));
}

/* Wrong proofs count towards the lockout as wrong passwords do, and the
 * lock holds for both flows. */
static void
test_lockout (Fixture      *fixture,
              gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = ewe_srp_new_secret (&error);
  g_autofree char *big_a = ewe_srp_client_public (EWE_SRP_GROUP_COGNITO, a, &error);

  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, EMAIL, "S");

  for (guint i = 0; i < 5; i++)
    srp_sign_in_fails (fixture->server, EMAIL, "Wrong-password-1", "NotAuthorizedException",
                       "Incorrect username or password.");

  {
    g_autoptr(JsonObject) body = initiate_body (EMAIL, big_a);
    ews_test_cognito_call_fails (fixture->server, "InitiateAuth", body, "NotAuthorizedException",
                                 "Password attempts exceeded");
  }
  ews_test_cognito_sign_in_fails (fixture->server, EMAIL, PASSWORD, "NotAuthorizedException",
                                  "Password attempts exceeded");
}

static void
test_replayed_block (Fixture      *fixture,
                     gconstpointer data)
{
  g_autoptr(EwsTestSrpAttempt) attempt = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) reply = NULL;

  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, EMAIL, "S");

  attempt = initiate (fixture->server, EMAIL);
  body = ews_test_srp_respond_body (attempt, PASSWORD, NULL);
  reply = ews_test_cognito_call_ok (fixture->server, "RespondToAuthChallenge", body);
  g_assert_nonnull (json_object_get_object_member (reply, "AuthenticationResult"));

  /* The very same answer, right password and all: once only. */
  ews_test_cognito_call_fails (fixture->server, "RespondToAuthChallenge", body, "NotAuthorizedException",
                               "Invalid session");
}

static void
test_forged_block (Fixture      *fixture,
                   gconstpointer data)
{
  g_autoptr(EwsTestSrpAttempt) attempt = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autofree guint8 *raw = NULL;
  g_autofree char   *forged = NULL;
  gsize              length = 0;

  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, EMAIL, "S");
  attempt = initiate (fixture->server, EMAIL);

  /* One bit changed, and the signature made over the changed block. */
  raw = g_base64_decode (PARAMETER (attempt, "SECRET_BLOCK"), &length);
  raw[length / 2] ^= 0x01;
  forged = g_base64_encode (raw, length);
  body = ews_test_srp_respond_body (attempt, PASSWORD, forged);
  ews_test_cognito_call_fails (fixture->server, "RespondToAuthChallenge", body, "NotAuthorizedException",
                               "Invalid session");

  /* Not something the server sealed at all. */
  g_clear_pointer (&body, json_object_unref);
  body = ews_test_srp_respond_body (attempt, PASSWORD, "bm90IGEgYmxvY2s=");
  ews_test_cognito_call_fails (fixture->server, "RespondToAuthChallenge", body, "NotAuthorizedException",
                               "Invalid session");
}

/* A challenge is good for five minutes: an answer after that fails, right
 * password and all, and one just before does not. */
static void
test_expired_block (Fixture      *fixture,
                    gconstpointer data)
{
  g_autoptr(EwsTestSrpAttempt) late = NULL;
  g_autoptr(EwsTestSrpAttempt) in_time = NULL;
  g_autoptr(JsonObject) late_body = NULL;
  g_autoptr(JsonObject) in_time_body = NULL;
  g_autoptr(JsonObject) reply = NULL;

  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, EMAIL, "S");

  late = initiate (fixture->server, EMAIL);
  late_body = ews_test_srp_respond_body (late, PASSWORD, NULL);
  ewe_test_server_advance_clock (fixture->server, 5 * 60 + 1);
  ews_test_cognito_call_fails (fixture->server, "RespondToAuthChallenge", late_body, "NotAuthorizedException",
                               "Invalid session");

  in_time = initiate (fixture->server, EMAIL);
  in_time_body = ews_test_srp_respond_body (in_time, PASSWORD, NULL);
  ewe_test_server_advance_clock (fixture->server, 5 * 60 - 5);
  reply = ews_test_cognito_call_ok (fixture->server, "RespondToAuthChallenge", in_time_body);
  g_assert_nonnull (json_object_get_object_member (reply, "AuthenticationResult"));
}

/* A block from another sign-in is genuine, but the proof that goes with it
 * was made with this sign-in's key: it fails as a wrong password would. */
static void
test_block_from_another_session (Fixture      *fixture,
                                 gconstpointer data)
{
  g_autoptr(EwsTestSrpAttempt) first = NULL;
  g_autoptr(EwsTestSrpAttempt) second = NULL;
  g_autoptr(JsonObject) body = NULL;

  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, EMAIL, "S");
  first = initiate (fixture->server, EMAIL);
  second = initiate (fixture->server, EMAIL);

  body = ews_test_srp_respond_body (first, PASSWORD, PARAMETER (second, "SECRET_BLOCK"));
  ews_test_cognito_call_fails (fixture->server, "RespondToAuthChallenge", body, "NotAuthorizedException",
                               "Incorrect username or password.");
}

/* An unknown address gets a challenge as an account does, with the same
 * user id and salt each time, and its answer fails as a wrong password's. */
static void
test_unknown_user (Fixture      *fixture,
                   gconstpointer data)
{
  g_autoptr(EwsTestSrpAttempt) first = NULL;
  g_autoptr(EwsTestSrpAttempt) second = NULL;
  g_autoptr(EwsTestSrpAttempt) known = NULL;

  first = initiate (fixture->server, "nobody@example.org");
  second = initiate (fixture->server, "Nobody@Example.org");
  g_assert_true (g_uuid_string_is_valid (PARAMETER (first, "USER_ID_FOR_SRP")));
  g_assert_cmpstr (PARAMETER (first, "USER_ID_FOR_SRP"), ==, PARAMETER (second, "USER_ID_FOR_SRP"));
  g_assert_cmpstr (PARAMETER (first, "SALT"), ==, PARAMETER (second, "SALT"));
  g_assert_cmpuint (strlen (PARAMETER (first, "SALT")), ==, 32);
  g_assert_cmpstr (PARAMETER (first, "SRP_B"), !=, PARAMETER (second, "SRP_B"));

  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, EMAIL, "S");
  known = initiate (fixture->server, EMAIL);
  g_assert_cmpstr (PARAMETER (first, "USER_ID_FOR_SRP"), !=, PARAMETER (known, "USER_ID_FOR_SRP"));

  {
    g_autoptr(JsonObject) body = ews_test_srp_respond_body (first, PASSWORD, NULL);
    ews_test_cognito_call_fails (fixture->server, "RespondToAuthChallenge", body, "NotAuthorizedException",
                                 "Incorrect username or password.");
  }
}

static char *
stored_verifier (EweTestServer *server)
{
  g_autofree char *path = g_build_filename (server->data_dir, "ewelists.sqlite", NULL);
  sqlite3         *db = NULL;
  sqlite3_stmt    *stmt = NULL;
  char            *verifier = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT srp_verifier FROM users", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  if (sqlite3_column_text (stmt, 0) != NULL)
    verifier = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return verifier;
}

static void
test_legacy_account_upgraded (Fixture      *fixture,
                              gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = ewe_srp_new_secret (&error);
  g_autofree char *big_a = ewe_srp_client_public (EWE_SRP_GROUP_COGNITO, a, &error);
  g_autoptr(JsonObject) body = initiate_body (EMAIL, big_a);
  g_autoptr(JsonObject) password_tokens = NULL;
  g_autoptr(JsonObject) srp_tokens = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, EMAIL, "S");
  before = stored_verifier (fixture->server);
  g_assert_nonnull (before);

  /* As an account stored before migration 11 is. */
  ews_test_cognito_run_sql (fixture->server, "UPDATE users SET srp_salt = NULL, srp_verifier = NULL");
  ews_test_cognito_call_fails (fixture->server, "InitiateAuth", body, "InvalidParameterException",
                               "USER_SRP_AUTH flow not enabled");

  /* One password sign-in later, SRP works. */
  password_tokens = ews_test_cognito_sign_in (fixture->server, EMAIL, PASSWORD);
  after = stored_verifier (fixture->server);
  g_assert_nonnull (after);
  g_assert_cmpstr (after, !=, before);
  srp_tokens = ews_test_srp_sign_in (fixture->server, EMAIL, PASSWORD);
  g_assert_nonnull (json_object_get_string_member (srp_tokens, "IdToken"));
}

/* What is stored is not v: it opens only with the server's key. */
static void
test_verifier_sealed_at_rest (Fixture      *fixture,
                              gconstpointer data)
{
  g_autoptr(EwsTestSrpAttempt) attempt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pool_name = ewe_srp_pool_name (EWE_SRP_DEFAULT_USER_POOL_ID);
  g_autofree char *identity = NULL;
  g_autofree char *x = NULL;
  g_autofree char *v = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *v_upper = NULL;

  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, EMAIL, "S");
  attempt = initiate (fixture->server, EMAIL);
  identity = g_strconcat (pool_name, PARAMETER (attempt, "USER_ID_FOR_SRP"), NULL);
  x = ewe_srp_private_key (EWE_SRP_GROUP_COGNITO, PARAMETER (attempt, "SALT"), identity, PASSWORD, &error);
  g_assert_no_error (error);
  v = ewe_srp_verifier (EWE_SRP_GROUP_COGNITO, x, &error);
  g_assert_no_error (error);
  v_upper = g_ascii_strup (v, -1);

  stored = stored_verifier (fixture->server);
  g_assert_nonnull (stored);
  g_assert_null (strstr (stored, v));
  g_assert_null (strstr (stored, v_upper));
  g_assert_null (strstr (stored, v + 16));
}

static void
test_unconfirmed_user (Fixture      *fixture,
                       gconstpointer data)
{
  g_autoptr(JsonObject) body = ews_test_cognito_sign_up_body (EMAIL, PASSWORD, "S");
  g_autoptr(JsonObject) reply = ews_test_cognito_call_ok (fixture->server, "SignUp", body);

  /* Said only to whoever proves the password. */
  srp_sign_in_fails (fixture->server, EMAIL, "Wrong-password-1", "NotAuthorizedException",
                     "Incorrect username or password.");
  srp_sign_in_fails (fixture->server, EMAIL, PASSWORD, "UserNotConfirmedException", NULL);
}

/* A new password replaces the verifier: the old password's proof fails. */
static void
test_changed_password (Fixture      *fixture,
                       gconstpointer data)
{
  const char *proposed = "Another-horse-2";
  g_autoptr(JsonObject) tokens = NULL;
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(JsonObject) again = NULL;

  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, EMAIL, "S");
  tokens = ews_test_srp_sign_in (fixture->server, EMAIL, PASSWORD);

  json_object_set_string_member (body, "AccessToken", json_object_get_string_member (tokens, "AccessToken"));
  json_object_set_string_member (body, "PreviousPassword", PASSWORD);
  json_object_set_string_member (body, "ProposedPassword", proposed);
  reply = ews_test_cognito_call_ok (fixture->server, "ChangePassword", body);

  srp_sign_in_fails (fixture->server, EMAIL, PASSWORD, "NotAuthorizedException", "Incorrect username or password.");
  again = ews_test_srp_sign_in (fixture->server, EMAIL, proposed);
  g_assert_nonnull (json_object_get_string_member (again, "IdToken"));
}

/* A reset password replaces the verifier too, without a password sign-in
 * in between. */
static void
test_reset_password (Fixture      *fixture,
                     gconstpointer data)
{
  const char *proposed = "Another-horse-2";
  g_autoptr(JsonObject) forgot = ews_test_cognito_body_new ("Username", EMAIL, NULL);
  g_autoptr(JsonObject) forgot_reply = NULL;
  g_autoptr(JsonObject) confirm = NULL;
  g_autoptr(JsonObject) confirm_reply = NULL;
  g_autoptr(JsonObject) tokens = NULL;
  g_autofree char *code = NULL;
  guint            before;

  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, EMAIL, "S");
  before = ewe_test_smtp_get_n_messages (fixture->sink);
  forgot_reply = ews_test_cognito_call_ok (fixture->server, "ForgotPassword", forgot);
  code = ews_test_cognito_read_code (fixture->sink, EMAIL, before, NULL);

  confirm = ews_test_cognito_body_new ("Username", EMAIL, "ConfirmationCode", code, "Password", proposed, NULL);
  confirm_reply = ews_test_cognito_call_ok (fixture->server, "ConfirmForgotPassword", confirm);

  srp_sign_in_fails (fixture->server, EMAIL, PASSWORD, "NotAuthorizedException", "Incorrect username or password.");
  tokens = ews_test_srp_sign_in (fixture->server, EMAIL, proposed);
  g_assert_nonnull (json_object_get_string_member (tokens, "IdToken"));
}

/* A stranger's SRP sign-in costs the account's shared budget one guess,
 * as a password sign-in does: the challenge is no guess, the answer is. */
static void
test_one_guess_per_sign_in (void)
{
  g_autoptr(EweTestSmtp) sink = ewe_test_smtp_new ();
  g_autofree char *smtp_url = ewe_test_smtp_dup_url (sink);
  g_autofree char *smtp_arg = g_strconcat ("--smtp-url=", smtp_url, NULL);
  const char      *args[] = { smtp_arg, "--mail-from=Ewelists <no-reply@ewelists.example.org>",
                              "--rate-sign-in-account=2", NULL };
  g_autoptr(EweTestServer) server = ewe_test_server_start_full (NULL, 0, args);
  const char *stranger = "127.0.0.2";

  g_assert_nonnull (server);
  ews_test_cognito_sign_up_and_confirm (server, sink, EMAIL, "S");

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(EwsTestSrpAttempt) attempt = ews_test_srp_initiate (server, stranger, EMAIL);
      g_autoptr(JsonObject) body = ews_test_srp_respond_body (attempt, "Wrong-password-1", NULL);
      g_autoptr(JsonObject) reply = NULL;
      guint status = 0;

      reply = ews_test_cognito_call_from (server, stranger, "RespondToAuthChallenge", body, &status);
      g_assert_cmpuint (status, ==, 400);
      g_assert_cmpstr (json_object_get_string_member (reply, "__type"), ==,
                       i < 2 ? "NotAuthorizedException" : "TooManyRequestsException");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func)                           \
  g_test_add ("/server/srp/" path, Fixture, NULL, \
              ews_test_cognito_fixture_set_up, func, ews_test_cognito_fixture_tear_down)

  ADD ("right-password", test_right_password);
  ADD ("wrong-password", test_wrong_password);
  ADD ("lockout", test_lockout);
  ADD ("replayed-block", test_replayed_block);
  ADD ("forged-block", test_forged_block);
  ADD ("expired-block", test_expired_block);
  ADD ("block-from-another-session", test_block_from_another_session);
  ADD ("unknown-user", test_unknown_user);
  ADD ("legacy-account-upgraded", test_legacy_account_upgraded);
  ADD ("verifier-sealed-at-rest", test_verifier_sealed_at_rest);
  ADD ("unconfirmed-user", test_unconfirmed_user);
  ADD ("changed-password", test_changed_password);
  ADD ("reset-password", test_reset_password);
  g_test_add_func ("/server/srp/one-guess-per-sign-in", test_one_guess_per_sign_in);

#undef ADD

  return g_test_run ();
}
