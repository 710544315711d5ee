/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include "ewe-token-store.h"

/* These tests use the real Secret Service of the test session
 * (build-aux/test-session.sh starts gnome-keyring-daemon), and check what it
 * holds with secret-tool, which knows nothing of our code. */

typedef struct
{
  GAsyncResult *result;
} Waiter;

static void
got_result_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
}

static GAsyncResult *
wait_result (Waiter *waiter)
{
  while (waiter->result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return waiter->result;
}

static char *
secret_tool_lookup (const char *server,
                    const char *user)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *stdout_text = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              "secret-tool", "lookup",
                              "xdg:schema", EWE_TOKEN_STORE_SCHEMA_NAME,
                              "server", server, "user", user, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_text, NULL, &error);
  g_assert_no_error (error);

  return stdout_text;
}

static void
save (EweTokenStore *store,
      const char    *server,
      const char    *user,
      const char    *secret)
{
  Waiter waiter = { 0 };
  g_autoptr(GError) error = NULL;

  ewe_token_store_save_async (store, server, user, secret, NULL, got_result_cb, &waiter);
  g_assert_true (ewe_token_store_save_finish (store, wait_result (&waiter), &error));
  g_assert_no_error (error);
  g_clear_object (&waiter.result);
}

static char *
load (EweTokenStore *store,
      const char    *server,
      const char    *user)
{
  Waiter waiter = { 0 };
  g_autoptr(GError) error = NULL;
  char *secret;

  ewe_token_store_load_async (store, server, user, NULL, got_result_cb, &waiter);
  secret = ewe_token_store_load_finish (store, wait_result (&waiter), &error);
  g_assert_no_error (error);
  g_clear_object (&waiter.result);

  return secret;
}

static char *
find_user (EweTokenStore *store,
           const char    *server)
{
  Waiter waiter = { 0 };
  g_autoptr(GError) error = NULL;
  char *user;

  ewe_token_store_find_user_async (store, server, NULL, got_result_cb, &waiter);
  user = ewe_token_store_find_user_finish (store, wait_result (&waiter), &error);
  g_assert_no_error (error);
  g_clear_object (&waiter.result);

  return user;
}

static void
clear (EweTokenStore *store,
       const char    *server,
       const char    *user)
{
  Waiter waiter = { 0 };
  g_autoptr(GError) error = NULL;

  ewe_token_store_clear_async (store, server, user, NULL, got_result_cb, &waiter);
  g_assert_true (ewe_token_store_clear_finish (store, wait_result (&waiter), &error));
  g_assert_no_error (error);
  g_clear_object (&waiter.result);
}

static void
test_round_trip_in_real_keyring (void)
{
  g_autoptr(EweTokenStore) store = ewe_token_store_new ();
  g_autofree char *server = g_strdup_printf ("https://test-%u.example", g_random_int ());
  g_autofree char *loaded = NULL;
  g_autofree char *seen_by_secret_tool = NULL;
  g_autofree char *user = NULL;
  g_autofree char *after_clear = NULL;
  g_autofree char *secret_tool_after_clear = NULL;

  g_assert_null (find_user (store, server));
  g_assert_null (load (store, server, "alice-sub"));

  save (store, server, "alice-sub", "{\"RefreshToken\":\"r-1\"}");

  loaded = load (store, server, "alice-sub");
  g_assert_cmpstr (loaded, ==, "{\"RefreshToken\":\"r-1\"}");

  seen_by_secret_tool = secret_tool_lookup (server, "alice-sub");
  g_assert_cmpstr (seen_by_secret_tool, ==, "{\"RefreshToken\":\"r-1\"}");

  user = find_user (store, server);
  g_assert_cmpstr (user, ==, "alice-sub");

  clear (store, server, "alice-sub");
  after_clear = load (store, server, "alice-sub");
  g_assert_null (after_clear);
  secret_tool_after_clear = secret_tool_lookup (server, "alice-sub");
  g_assert_cmpstr (secret_tool_after_clear, ==, "");

  /* Clearing what is not there is not an error. */
  clear (store, server, "alice-sub");
}

static void
test_accounts_are_separate (void)
{
  g_autoptr(EweTokenStore) store = ewe_token_store_new ();
  g_autofree char *server_a = g_strdup_printf ("https://a-%u.example", g_random_int ());
  g_autofree char *server_b = g_strdup_printf ("https://b-%u.example", g_random_int ());
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *updated = NULL;

  save (store, server_a, "sub-1", "secret-a");
  save (store, server_b, "sub-1", "secret-b");

  a = load (store, server_a, "sub-1");
  b = load (store, server_b, "sub-1");
  g_assert_cmpstr (a, ==, "secret-a");
  g_assert_cmpstr (b, ==, "secret-b");

  /* Saving again replaces, never duplicates. */
  save (store, server_a, "sub-1", "secret-a2");
  updated = load (store, server_a, "sub-1");
  g_assert_cmpstr (updated, ==, "secret-a2");

  clear (store, server_a, "sub-1");
  clear (store, server_b, "sub-1");
}

static void
test_no_secret_service_is_a_clear_error (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GTestDBus) bus = g_test_dbus_new (G_TEST_DBUS_NONE);
      g_autoptr(EweTokenStore) store = NULL;
      g_autoptr(GError) error = NULL;
      Waiter waiter = { 0 };

      /* A session bus of our own, where nobody provides org.freedesktop.secrets. */
      g_test_dbus_up (bus);

      store = ewe_token_store_new ();
      ewe_token_store_save_async (store, "https://x.example", "sub", "secret", NULL, got_result_cb, &waiter);
      g_assert_false (ewe_token_store_save_finish (store, wait_result (&waiter), &error));
      g_assert_error (error, EWE_TOKEN_STORE_ERROR, EWE_TOKEN_STORE_ERROR_UNAVAILABLE);
      g_assert_nonnull (strstr (error->message, "keyring"));
      g_clear_object (&waiter.result);

      g_test_dbus_down (bus);
      return;
    }

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/token-store/round-trip-in-real-keyring", test_round_trip_in_real_keyring);
  g_test_add_func ("/core/token-store/accounts-are-separate", test_accounts_are_separate);
  g_test_add_func ("/core/token-store/no-secret-service-is-a-clear-error", test_no_secret_service_is_a_clear_error);

  return g_test_run ();
}
