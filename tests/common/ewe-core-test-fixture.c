/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include "ewe-core-test-fixture.h"

/* @data, if not NULL, is a NULL-terminated array of more arguments for
 * the server. */
void
ewe_core_fixture_set_up (EweCoreFixture *fixture,
                         gconstpointer   data)
{
  const char * const *more_args = data;
  g_autoptr(GStrvBuilder) args = g_strv_builder_new ();
  g_auto(GStrv) server_args = NULL;
  g_autofree char *smtp_url = NULL;
  g_autofree char *smtp_arg = NULL;

  fixture->smtp = ewe_test_smtp_new ();
  smtp_url = ewe_test_smtp_dup_url (fixture->smtp);
  smtp_arg = g_strdup_printf ("--smtp-url=%s", smtp_url);
  g_strv_builder_add (args, smtp_arg);
  if (more_args != NULL)
    g_strv_builder_addv (args, (const char **)more_args);
  server_args = g_strv_builder_end (args);
  fixture->server = ewe_test_server_start ((const char * const *)server_args);
  g_assert_nonnull (fixture->server);

  fixture->auth_url = ewe_test_server_url (fixture->server, "/api/auth");
  fixture->auth = ewe_auth_new (fixture->auth_url, "ewelists");
  fixture->token_store = ewe_token_store_new ();
}

void
ewe_core_fixture_tear_down (EweCoreFixture *fixture,
                            gconstpointer   data)
{
  g_clear_object (&fixture->auth);
  g_clear_object (&fixture->token_store);
  g_clear_pointer (&fixture->auth_url, g_free);
  g_clear_pointer (&fixture->server, ewe_test_server_free);
  g_clear_pointer (&fixture->smtp, ewe_test_smtp_free);
}

char *
ewe_core_fixture_unique_email (const char *who)
{
  return g_strdup_printf ("%s-%08x@example.com", who, g_random_int ());
}

/* The code in the first mail to @email, from the @from-th message on, that
 * carries one (a welcome mail may arrive in between, and carries none). */
char *
ewe_core_fixture_wait_for_code (EweCoreFixture *fixture,
                                const char     *email,
                                guint           from)
{
  for (guint i = from;; i++)
    {
      g_autoptr(EweTestMail) mail = ewe_test_smtp_wait_for_message (fixture->smtp, i, 30000);
      char *code;

      g_assert_nonnull (mail);
      if (!g_strv_contains ((const char * const *)mail->rcpt_to, email))
        continue;
      if ((code = ewe_test_mail_dup_code (mail)) != NULL)
        return code;
    }
}

/* Signs up @email and confirms it with the code the server mails. */
void
ewe_core_fixture_create_user (EweCoreFixture *fixture,
                              const char     *email,
                              const char     *name)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *sub = NULL;
  g_autofree char *code = NULL;
  guint            already = ewe_test_smtp_get_n_messages (fixture->smtp);
  gboolean         confirmed = TRUE;

  ewe_auth_sign_up_async (fixture->auth, email, EWE_TEST_PASSWORD, name, NULL, ewe_test_waiter_cb, &waiter);
  sub = ewe_auth_sign_up_finish (fixture->auth, ewe_test_waiter_wait (&waiter), &confirmed, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sub);
  g_assert_false (confirmed);
  ewe_test_waiter_clear (&waiter);

  code = ewe_core_fixture_wait_for_code (fixture, email, already);

  ewe_auth_confirm_sign_up_async (fixture->auth, email, code, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_auth_confirm_sign_up_finish (fixture->auth, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
}

/* An account for the server, signed in as @email (tokens in the keyring). */
EweAccount *
ewe_core_fixture_sign_in (EweCoreFixture *fixture,
                          const char     *email)
{
  g_autoptr(EweAccount) account = ewe_account_new (fixture->server->base_url, fixture->auth, fixture->token_store);
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;

  ewe_account_sign_in_async (account, email, EWE_TEST_PASSWORD, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_account_sign_in_finish (account, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);

  return g_steal_pointer (&account);
}

/* A new confirmed user, signed in. */
EweAccount *
ewe_core_fixture_new_user (EweCoreFixture *fixture,
                           const char     *who)
{
  g_autofree char *email = ewe_core_fixture_unique_email (who);

  ewe_core_fixture_create_user (fixture, email, who);

  return ewe_core_fixture_sign_in (fixture, email);
}
