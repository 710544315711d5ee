/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "ewe-core-test-fixture.h"
#include "ewe-srp.h"

/* The whole account flow against a real ewelists-server (with a real SMTP
 * sink to read the codes from) and the test session's real gnome-keyring. */

static gboolean
sign_in (EweAccount *account,
         const char *email,
         const char *password,
         GError    **error)
{
  g_auto(EweTestWaiter) waiter = { 0 };

  ewe_account_sign_in_async (account, email, password, NULL, ewe_test_waiter_cb, &waiter);
  return ewe_account_sign_in_finish (account, ewe_test_waiter_wait (&waiter), error);
}

static EweTokens *
get_tokens (EweAccount *account,
            gboolean    force_refresh,
            GError    **error)
{
  g_auto(EweTestWaiter) waiter = { 0 };

  ewe_account_get_tokens_async (account, force_refresh, NULL, ewe_test_waiter_cb, &waiter);
  return ewe_account_get_tokens_finish (account, ewe_test_waiter_wait (&waiter), error);
}

static void
sign_out (EweAccount *account)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;

  ewe_account_sign_out_async (account, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_account_sign_out_finish (account, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
}

static gboolean
restore (EweAccount *account)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean restored;

  ewe_account_restore_async (account, NULL, ewe_test_waiter_cb, &waiter);
  restored = ewe_account_restore_finish (account, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);

  return restored;
}

/* TRUE when @needle occurs in any regular file below @path. */
static gboolean
tree_contains (const char *path,
               const char *needle)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_autofree char *contents = NULL;
      gsize            length = 0;

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        return FALSE;
      if (!g_file_get_contents (path, &contents, &length, NULL))
        return FALSE;

      return g_strstr_len (contents, length, needle) != NULL;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (!g_file_test (child, G_FILE_TEST_IS_SYMLINK) && tree_contains (child, needle))
        return TRUE;
    }

  return FALSE;
}

static void
test_sign_up_sign_in_refresh_sign_out (EweCoreFixture *fixture,
                                       gconstpointer   data)
{
  g_autofree char *email = ewe_core_fixture_unique_email ("ann");
  g_autofree char *server_key = g_strdup (fixture->server->base_url);
  g_autoptr(EweAccount) account = ewe_account_new (server_key, fixture->auth, fixture->token_store);
  g_autoptr(EweAccount) restored = NULL;
  g_autoptr(EweTokens) first = NULL;
  g_autoptr(EweTokens) refreshed = NULL;
  g_autoptr(EweTokens) after_sign_out = NULL;
  g_autoptr(GError) error = NULL;

  ewe_core_fixture_create_user (fixture, email, "Ann Example");

  g_assert_false (ewe_account_get_signed_in (account));
  g_assert_true (sign_in (account, email, EWE_TEST_PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_true (ewe_account_get_signed_in (account));
  g_assert_cmpstr (ewe_account_get_email (account), ==, email);
  g_assert_cmpstr (ewe_account_get_name (account), ==, "Ann Example");
  g_assert_nonnull (ewe_account_get_user_id (account));

  first = get_tokens (account, FALSE, &error);
  g_assert_no_error (error);

  /* The tokens are in the keyring, and nowhere on disk: not in the
   * server's data dir, not in the test's HOME or data dirs. */
  g_assert_false (tree_contains (fixture->server->data_dir, ewe_tokens_get_refresh_token (first)));
  g_assert_false (tree_contains (g_get_home_dir (), ewe_tokens_get_refresh_token (first)));
  g_assert_false (tree_contains (g_get_user_data_dir (), ewe_tokens_get_refresh_token (first)));
  g_assert_false (tree_contains (g_get_user_config_dir (), ewe_tokens_get_id_token (first)));

  /* A new start finds the account in the keyring. */
  restored = ewe_account_new (server_key, fixture->auth, fixture->token_store);
  g_assert_true (restore (restored));
  g_assert_cmpstr (ewe_account_get_user_id (restored), ==, ewe_account_get_user_id (account));

  /* A forced refresh gets new tokens and keeps the refresh token. */
  refreshed = get_tokens (account, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ewe_tokens_get_refresh_token (refreshed), ==, ewe_tokens_get_refresh_token (first));
  g_assert_cmpstr (ewe_tokens_get_sub (refreshed), ==, ewe_tokens_get_sub (first));

  /* Signing out revokes the refresh token on the server and forgets it here. */
  sign_out (account);
  g_assert_false (ewe_account_get_signed_in (account));
  g_clear_object (&restored);
  restored = ewe_account_new (server_key, fixture->auth, fixture->token_store);
  g_assert_false (restore (restored));

  /* The other copy (as if another app instance) finds its refresh refused,
   * and is signed out with a message that says so. */
  {
    g_autoptr(EweAccount) stale = ewe_account_new (server_key, fixture->auth, fixture->token_store);
    g_auto(EweTestWaiter) waiter = { 0 };
    g_autofree char *secret = ewe_tokens_serialize (first);
    g_autoptr(GError) save_error = NULL;

    ewe_token_store_save_async (fixture->token_store, server_key, ewe_tokens_get_sub (first), secret,
                                NULL, ewe_test_waiter_cb, &waiter);
    g_assert_true (ewe_token_store_save_finish (fixture->token_store, ewe_test_waiter_wait (&waiter), &save_error));
    g_assert_true (restore (stale));

    after_sign_out = get_tokens (stale, TRUE, &error);
    g_assert_null (after_sign_out);
    g_assert_error (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_NOT_AUTHORIZED);
    g_assert_false (ewe_account_get_signed_in (stale));
  }
}

static void
test_wrong_password_and_unconfirmed (EweCoreFixture *fixture,
                                     gconstpointer   data)
{
  g_autofree char *email = ewe_core_fixture_unique_email ("bob");
  g_autofree char *unconfirmed = ewe_core_fixture_unique_email ("carl");
  g_autoptr(EweAccount) account = ewe_account_new (fixture->server->base_url, fixture->auth, fixture->token_store);
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *sub = NULL;

  ewe_core_fixture_create_user (fixture, email, "Bob");

  g_assert_false (sign_in (account, email, "Wrong-passw0rd", &error));
  g_assert_error (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_NOT_AUTHORIZED);
  g_assert_false (ewe_account_get_signed_in (account));
  g_clear_error (&error);

  ewe_auth_sign_up_async (fixture->auth, unconfirmed, EWE_TEST_PASSWORD, "Carl", NULL, ewe_test_waiter_cb, &waiter);
  sub = ewe_auth_sign_up_finish (fixture->auth, ewe_test_waiter_wait (&waiter), NULL, &error);
  g_assert_no_error (error);
  ewe_test_waiter_clear (&waiter);

  g_assert_false (sign_in (account, unconfirmed, EWE_TEST_PASSWORD, &error));
  g_assert_error (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_NOT_CONFIRMED);
  g_clear_error (&error);

  /* The first code was lost: ask for another, and it confirms the account. */
  {
    guint            already = ewe_test_smtp_get_n_messages (fixture->smtp);
    g_autofree char *code = NULL;

    ewe_auth_resend_code_async (fixture->auth, unconfirmed, NULL, ewe_test_waiter_cb, &waiter);
    g_assert_true (ewe_auth_resend_code_finish (fixture->auth, ewe_test_waiter_wait (&waiter), &error));
    g_assert_no_error (error);
    ewe_test_waiter_clear (&waiter);

    code = ewe_core_fixture_wait_for_code (fixture, unconfirmed, already);
    ewe_auth_confirm_sign_up_async (fixture->auth, unconfirmed, code, NULL, ewe_test_waiter_cb, &waiter);
    g_assert_true (ewe_auth_confirm_sign_up_finish (fixture->auth, ewe_test_waiter_wait (&waiter), &error));
    g_assert_no_error (error);
    ewe_test_waiter_clear (&waiter);

    g_assert_true (sign_in (account, unconfirmed, EWE_TEST_PASSWORD, &error));
    g_assert_no_error (error);
    sign_out (account);
  }

  /* Signing up again with an address that has an account looks like any
   * sign-up (the server tells nobody which addresses have one: the app
   * asks for the code as usual), and the owner is told by mail. */
  {
    guint already = ewe_test_smtp_get_n_messages (fixture->smtp);
    g_autoptr(EweTestMail) mail = NULL;
    g_autofree char *again = NULL;
    g_autofree char *subject = NULL;
    gboolean         confirmed = TRUE;

    ewe_auth_sign_up_async (fixture->auth, email, EWE_TEST_PASSWORD, "Bob", NULL, ewe_test_waiter_cb, &waiter);
    again = ewe_auth_sign_up_finish (fixture->auth, ewe_test_waiter_wait (&waiter), &confirmed, &error);
    g_assert_no_error (error);
    g_assert_nonnull (again);
    g_assert_false (confirmed);
    ewe_test_waiter_clear (&waiter);

    mail = ewe_test_smtp_wait_for_mail_to (fixture->smtp, already, email, 15000);
    g_assert_nonnull (mail);
    subject = ewe_test_mail_dup_subject (mail);
    g_assert_nonnull (strstr (subject, "tried to sign up"));
  }

  /* A weak password is refused with the policy's message. */
  ewe_auth_sign_up_async (fixture->auth, "weak@example.com", "short", "W", NULL, ewe_test_waiter_cb, &waiter);
  g_assert_null (ewe_auth_sign_up_finish (fixture->auth, ewe_test_waiter_wait (&waiter), NULL, &error));
  g_assert_error (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_INVALID_PASSWORD);
  g_assert_cmpstr (error->message, !=, "");
}

static void
test_forgot_password (EweCoreFixture *fixture,
                      gconstpointer   data)
{
  g_autofree char *email = ewe_core_fixture_unique_email ("dora");
  g_autoptr(EweAccount) account = ewe_account_new (fixture->server->base_url, fixture->auth, fixture->token_store);
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  guint            already;

  ewe_core_fixture_create_user (fixture, email, "Dora");
  already = ewe_test_smtp_get_n_messages (fixture->smtp);

  ewe_auth_forgot_password_async (fixture->auth, email, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_auth_forgot_password_finish (fixture->auth, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
  ewe_test_waiter_clear (&waiter);

  code = ewe_core_fixture_wait_for_code (fixture, email, already);

  ewe_auth_confirm_forgot_password_async (fixture->auth, email, "000000", "N3w-Password!", NULL,
                                          ewe_test_waiter_cb, &waiter);
  g_assert_false (ewe_auth_confirm_forgot_password_finish (fixture->auth, ewe_test_waiter_wait (&waiter), &error));
  g_assert_true (g_error_matches (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_CODE_MISMATCH) ||
                 g_strcmp0 (code, "000000") == 0);
  g_clear_error (&error);
  ewe_test_waiter_clear (&waiter);

  ewe_auth_confirm_forgot_password_async (fixture->auth, email, code, "N3w-Password!", NULL,
                                          ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_auth_confirm_forgot_password_finish (fixture->auth, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);

  g_assert_false (sign_in (account, email, EWE_TEST_PASSWORD, &error));
  g_clear_error (&error);
  g_assert_true (sign_in (account, email, "N3w-Password!", &error));
  g_assert_no_error (error);

  sign_out (account);
}

static void
test_unknown_client_and_unreachable_server (EweCoreFixture *fixture,
                                            gconstpointer   data)
{
  g_autoptr(EweAuth) wrong_client = ewe_auth_new (fixture->auth_url, "not-our-client");
  g_autoptr(EweAuth) nowhere = ewe_auth_new ("http://127.0.0.1:1/api/auth", "ewelists");
  g_autoptr(EweAuth) not_auth = NULL;
  g_autofree char *health_url = ewe_test_server_url (fixture->server, "/health");
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;

  ewe_auth_sign_in_async (wrong_client, "a@example.com", EWE_TEST_PASSWORD, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_null (ewe_auth_sign_in_finish (wrong_client, ewe_test_waiter_wait (&waiter), &error));
  g_assert_error (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_UNKNOWN_CLIENT);
  g_clear_error (&error);
  ewe_test_waiter_clear (&waiter);

  ewe_auth_sign_in_async (nowhere, "a@example.com", EWE_TEST_PASSWORD, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_null (ewe_auth_sign_in_finish (nowhere, ewe_test_waiter_wait (&waiter), &error));
  g_assert_error (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_NETWORK);
  g_clear_error (&error);
  ewe_test_waiter_clear (&waiter);

  /* Something that answers, but not the sign-in protocol. */
  not_auth = ewe_auth_new (health_url, "ewelists");
  ewe_auth_sign_in_async (not_auth, "a@example.com", EWE_TEST_PASSWORD, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_null (ewe_auth_sign_in_finish (not_auth, ewe_test_waiter_wait (&waiter), &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == EWE_AUTH_ERROR);
}

/* The app asks in the desktop's language (Accept-Language from LANGUAGE),
 * and the account's mails come in it: the code and, stored with the
 * account, the welcome after. */
static void
test_mails_in_the_desktop_language (EweCoreFixture *fixture,
                                    gconstpointer   data)
{
  g_autofree char *email = ewe_core_fixture_unique_email ("lea");
  g_autofree char *old_language = g_strdup (g_getenv ("LANGUAGE"));
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(EweAuth) auth = NULL;
  g_autoptr(EweTestMail) code_mail = NULL;
  g_autoptr(EweTestMail) welcome = NULL;
  g_autofree char *code_subject = NULL;
  g_autofree char *welcome_subject = NULL;
  g_autofree char *code = NULL;
  g_autofree char *sub = NULL;
  guint            already = ewe_test_smtp_get_n_messages (fixture->smtp);

  /* Read when the session is made. */
  g_setenv ("LANGUAGE", "fr", TRUE);
  auth = ewe_auth_new (fixture->auth_url, "ewelists");
  if (old_language != NULL)
    g_setenv ("LANGUAGE", old_language, TRUE);
  else
    g_unsetenv ("LANGUAGE");

  ewe_auth_sign_up_async (auth, email, EWE_TEST_PASSWORD, "Léa", NULL, ewe_test_waiter_cb, &waiter);
  sub = ewe_auth_sign_up_finish (auth, ewe_test_waiter_wait (&waiter), NULL, &error);
  g_assert_no_error (error);
  ewe_test_waiter_clear (&waiter);

  code_mail = ewe_test_smtp_wait_for_mail_to (fixture->smtp, already, email, 15000);
  g_assert_nonnull (code_mail);
  code_subject = ewe_test_mail_dup_subject (code_mail);
  g_assert_cmpstr (code_subject, ==, "Votre code de confirmation Ewelists");

  /* The fixture's auth knows no language: the welcome still is French. */
  code = ewe_core_fixture_wait_for_code (fixture, email, already);
  ewe_auth_confirm_sign_up_async (fixture->auth, email, code, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_auth_confirm_sign_up_finish (fixture->auth, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
  welcome = ewe_test_smtp_wait_for_mail_to (fixture->smtp, already + 1, email, 15000);
  g_assert_nonnull (welcome);
  welcome_subject = ewe_test_mail_dup_subject (welcome);
  g_assert_cmpstr (welcome_subject, ==, "Bienvenue sur Ewelists");
}

/* One query on the server's database: how the sign-ins went, as the
 * server recorded them. */
static gint64
server_count (EweCoreFixture *fixture,
              const char     *sql)
{
  g_autofree char *path = g_build_filename (fixture->server->data_dir, "ewelists.sqlite", NULL);
  sqlite3         *db = NULL;
  sqlite3_stmt    *stmt = NULL;
  gint64           count;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return count;
}

#define SRP_ANSWERS "SELECT count(*) FROM srp_challenges_used"

static void
run_on_server (EweCoreFixture *fixture,
               const char     *sql)
{
  g_autofree char *path = g_build_filename (fixture->server->data_dir, "ewelists.sqlite", NULL);
  sqlite3         *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static EweTokens *
auth_sign_in (EweAuth    *auth,
              const char *email,
              const char *password,
              GError    **error)
{
  g_auto(EweTestWaiter) waiter = { 0 };

  ewe_auth_sign_in_async (auth, email, password, NULL, ewe_test_waiter_cb, &waiter);
  return ewe_auth_sign_in_finish (auth, ewe_test_waiter_wait (&waiter), error);
}

/* The password stays on the device: the sign-in is an SRP proof, which the
 * server records as one answered challenge, and a wrong password is
 * refused all the same. */
static void
test_sign_in_with_srp (EweCoreFixture *fixture,
                       gconstpointer   data)
{
  g_autofree char *email = ewe_core_fixture_unique_email ("srp");
  g_autoptr(EweTokens) tokens = NULL;
  g_autoptr(EweTokens) none = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before;

  ewe_core_fixture_create_user (fixture, email, "Sam");
  before = server_count (fixture, SRP_ANSWERS);

  tokens = auth_sign_in (fixture->auth, email, EWE_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ewe_tokens_get_email (tokens), ==, email);
  g_assert_cmpint (server_count (fixture, SRP_ANSWERS), ==, before + 1);

  none = auth_sign_in (fixture->auth, email, "Wrong-password-1", &error);
  g_assert_error (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_NOT_AUTHORIZED);
  g_assert_null (none);
  g_assert_cmpint (server_count (fixture, SRP_ANSWERS), ==, before + 2);
}

/* An account from before SRP: the server says the flow is not enabled, the
 * app sends the password once, and the server keeps the verifier it needs
 * for the next sign-in, which is SRP again. */
static void
test_sign_in_falls_back_to_password (EweCoreFixture *fixture,
                                     gconstpointer   data)
{
  g_autofree char *email = ewe_core_fixture_unique_email ("legacy");
  g_autofree char *set_null = NULL;
  g_autofree char *verifiers = NULL;
  g_autoptr(EweTokens) first = NULL;
  g_autoptr(EweTokens) second = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before;

  ewe_core_fixture_create_user (fixture, email, "Lee");
  set_null = g_strdup_printf ("UPDATE users SET srp_salt = NULL, srp_verifier = NULL WHERE email = '%s'", email);
  verifiers = g_strdup_printf ("SELECT count(*) FROM users WHERE srp_verifier IS NOT NULL AND email = '%s'", email);
  run_on_server (fixture, set_null);
  g_assert_cmpint (server_count (fixture, verifiers), ==, 0);
  before = server_count (fixture, SRP_ANSWERS);

  first = auth_sign_in (fixture->auth, email, EWE_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);
  g_assert_cmpint (server_count (fixture, SRP_ANSWERS), ==, before);
  g_assert_cmpint (server_count (fixture, verifiers), ==, 1);

  second = auth_sign_in (fixture->auth, email, EWE_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (second);
  g_assert_cmpint (server_count (fixture, SRP_ANSWERS), ==, before + 1);
}

/* A pool id that is not the server's makes every proof wrong: the pool's
 * name is part of it, which is how a real Cognito pool's id must be set. */
static void
test_sign_in_needs_the_pool_id (EweCoreFixture *fixture,
                                gconstpointer   data)
{
  g_autofree char *email = ewe_core_fixture_unique_email ("pool");
  g_autoptr(EweAuth) other_pool = ewe_auth_new (fixture->auth_url, "ewelists");
  g_autoptr(EweTokens) none = NULL;
  g_autoptr(EweTokens) tokens = NULL;
  g_autoptr(GError) error = NULL;

  ewe_core_fixture_create_user (fixture, email, "Pat");

  ewe_auth_set_user_pool_id (other_pool, "eu-west-1_another");
  none = auth_sign_in (other_pool, email, EWE_TEST_PASSWORD, &error);
  g_assert_error (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_NOT_AUTHORIZED);
  g_assert_null (none);
  g_clear_error (&error);

  ewe_auth_set_user_pool_id (other_pool, EWE_SRP_DEFAULT_USER_POOL_ID);
  tokens = auth_sign_in (other_pool, email, EWE_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (tokens);
}

/* A server started with its own pool id: the app, told none, reads it from
 * the server's discovery document and proves SRP for that pool; a pool id
 * the user set still wins, right or wrong. */
static const char * const OTHER_POOL_ARGS[] = { "--user-pool-id=eu-west-1_Test123", NULL };

static void
test_sign_in_learns_the_pool_id (EweCoreFixture *fixture,
                                 gconstpointer   data)
{
  g_autofree char *email = ewe_core_fixture_unique_email ("learn");
  g_autoptr(EweAuth) configured = ewe_auth_new (fixture->auth_url, "ewelists");
  g_autoptr(EweTokens) tokens = NULL;
  g_autoptr(EweTokens) again = NULL;
  g_autoptr(EweTokens) none = NULL;
  g_autoptr(EweTokens) right = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before;

  ewe_core_fixture_create_user (fixture, email, "Lou");
  before = server_count (fixture, SRP_ANSWERS);

  g_assert_null (ewe_auth_get_user_pool_id (fixture->auth));
  tokens = auth_sign_in (fixture->auth, email, EWE_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ewe_tokens_get_email (tokens), ==, email);
  g_assert_cmpint (server_count (fixture, SRP_ANSWERS), ==, before + 1);

  again = auth_sign_in (fixture->auth, email, EWE_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
  g_assert_cmpint (server_count (fixture, SRP_ANSWERS), ==, before + 2);

  ewe_auth_set_user_pool_id (configured, EWE_SRP_DEFAULT_USER_POOL_ID);
  none = auth_sign_in (configured, email, EWE_TEST_PASSWORD, &error);
  g_assert_error (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_NOT_AUTHORIZED);
  g_assert_null (none);
  g_clear_error (&error);

  ewe_auth_set_user_pool_id (configured, "eu-west-1_Test123");
  right = auth_sign_in (configured, email, EWE_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (right);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, EweCoreFixture, NULL, ewe_core_fixture_set_up, func, ewe_core_fixture_tear_down)
  ADD ("/core/account/sign-up-sign-in-refresh-sign-out", test_sign_up_sign_in_refresh_sign_out);
  ADD ("/core/account/wrong-password-and-unconfirmed", test_wrong_password_and_unconfirmed);
  ADD ("/core/account/forgot-password", test_forgot_password);
  ADD ("/core/account/unknown-client-and-unreachable-server", test_unknown_client_and_unreachable_server);
  ADD ("/core/account/mails-in-the-desktop-language", test_mails_in_the_desktop_language);
  ADD ("/core/account/sign-in-with-srp", test_sign_in_with_srp);
  ADD ("/core/account/sign-in-falls-back-to-password", test_sign_in_falls_back_to_password);
  ADD ("/core/account/sign-in-needs-the-pool-id", test_sign_in_needs_the_pool_id);
  g_test_add ("/core/account/sign-in-learns-the-pool-id", EweCoreFixture, OTHER_POOL_ARGS, ewe_core_fixture_set_up,
              test_sign_in_learns_the_pool_id, ewe_core_fixture_tear_down);
#undef ADD

  return g_test_run ();
}
