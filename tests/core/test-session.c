/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "ewe-core-test-fixture.h"
#include "ewe-paths.h"
#include "ewe-session.h"

/* The session without a window: a real ewelists-server, the test session's
 * keyring, real store files in the test's own data directory and the
 * memory settings backend. */

typedef struct
{
  guint   n_drafts_found;
  guint   last_n_lists;
  GError *problem;
} Heard;

static void
drafts_found_cb (EweSession *session,
                 guint       n_lists,
                 Heard      *heard)
{
  heard->n_drafts_found++;
  heard->last_n_lists = n_lists;
}

static void
problem_cb (EweSession   *session,
            const GError *problem,
            Heard        *heard)
{
  g_clear_error (&heard->problem);
  heard->problem = g_error_copy (problem);
}

static GSettings *
new_settings (const char *server_url)
{
  GSettings *settings = g_settings_new (APPLICATION_ID);

  g_settings_set_string (settings, "server-url", server_url ? server_url : "");
  g_settings_set_strv (settings, "kept-drafts", NULL);

  return settings;
}

typedef gboolean (*Condition) (EweSession *session);

/* Iterates until @condition holds, failing after 60 s rather than hanging. */
static void
iterate_until (EweSession *session,
               Condition   condition)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!condition (session))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
account_store_open (EweSession *session)
{
  g_autofree char *drafts = ewe_paths_get_drafts_store_file ();
  EweStore *store = ewe_session_get_store (session);

  return store != NULL && g_strcmp0 (ewe_store_get_path (store), drafts) != 0 &&
         !ewe_session_get_looking_for_drafts (session);
}

static gboolean
drafts_store_open (EweSession *session)
{
  g_autofree char *drafts = ewe_paths_get_drafts_store_file ();
  EweStore *store = ewe_session_get_store (session);

  return store != NULL && g_strcmp0 (ewe_store_get_path (store), drafts) == 0;
}

static EweList *
create_list (EweStore   *store,
             const char *title)
{
  g_autoptr(EweList) values = ewe_list_new ();
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  EweList *list;

  ewe_list_set_title (values, title);
  ewe_list_set_occasion (values, "Birthday");
  ewe_store_create_list_async (store, values, NULL, ewe_test_waiter_cb, &waiter);
  list = ewe_store_create_list_finish (store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);

  return list;
}

/* Signing in swaps the drafts' store for the account's, with a sync engine
 * and friends of its own, and asks about the drafts; keeping them stops
 * the question. Another server means another account, signed out, and
 * everything of the old account's replaced. */
static void
test_sign_in_and_change_server (EweCoreFixture *fixture,
                                gconstpointer   data)
{
  g_autoptr(GSettings) settings = new_settings (fixture->server->base_url);
  g_autoptr(EweSession) session = ewe_session_new (settings, fixture->token_store);
  g_autofree char *email = ewe_core_fixture_unique_email ("ada");
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(EweList) draft = NULL;
  g_autoptr(EweAccount) old_account = NULL;
  g_autoptr(EweStore) old_store = NULL;
  g_autoptr(EweFriends) old_friends = NULL;
  g_auto(GStrv) kept = NULL;
  Heard heard = { 0 };

  g_signal_connect (session, "drafts-found", G_CALLBACK (drafts_found_cb), &heard);
  g_signal_connect (session, "problem", G_CALLBACK (problem_cb), &heard);

  g_assert_true (ewe_session_get_configured (session));
  iterate_until (session, drafts_store_open);
  g_assert_null (ewe_session_get_sync (session));
  g_assert_null (ewe_session_get_api_client (session));
  g_assert_nonnull (ewe_session_get_friends (session));
  draft = create_list (ewe_session_get_store (session), "Oscar's First Birthday");

  ewe_core_fixture_create_user (fixture, email, "Ada Lovelace");
  ewe_account_sign_in_async (ewe_session_get_account (session), email, EWE_TEST_PASSWORD, NULL,
                             ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_account_sign_in_finish (ewe_session_get_account (session),
                                             ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);

  iterate_until (session, account_store_open);
  g_assert_nonnull (ewe_session_get_api_client (session));
  g_assert_nonnull (ewe_session_get_sync (session));
  g_assert_true (ewe_sync_get_store (ewe_session_get_sync (session)) == ewe_session_get_store (session));
  g_assert_nonnull (ewe_session_get_friends (session));

  g_assert_cmpuint (heard.n_drafts_found, ==, 1);
  g_assert_cmpuint (heard.last_n_lists, ==, 1);
  g_assert_nonnull (ewe_session_get_found_drafts (session));
  g_assert_cmpuint (g_list_model_get_n_items (ewe_session_get_found_drafts (session)), ==, 1);

  ewe_session_keep_drafts (session);
  g_assert_null (ewe_session_get_found_drafts (session));
  kept = g_settings_get_strv (settings, "kept-drafts");
  g_assert_cmpuint (g_strv_length (kept), ==, 1);
  g_assert_cmpstr (kept[0], ==, ewe_list_get_id (draft));

  old_account = g_object_ref (ewe_session_get_account (session));
  old_store = g_object_ref (ewe_session_get_store (session));
  old_friends = g_object_ref (ewe_session_get_friends (session));

  /* Nothing answers there: the new account cannot even restore. */
  ewe_session_set_server_url (session, "http://127.0.0.1:9");
  g_assert_true (ewe_session_get_account (session) != old_account);
  g_assert_cmpstr (ewe_account_get_server (ewe_session_get_account (session)), ==, "http://127.0.0.1:9");
  g_assert_false (ewe_account_get_signed_in (ewe_session_get_account (session)));
  g_assert_null (ewe_session_get_sync (session));
  g_assert_null (ewe_session_get_api_client (session));

  iterate_until (session, drafts_store_open);
  g_assert_true (ewe_session_get_store (session) != old_store);
  g_assert_nonnull (ewe_session_get_friends (session));
  g_assert_true (ewe_session_get_friends (session) != old_friends);
  g_assert_false (ewe_account_get_signed_in (old_account));

  /* Signing out of the old server went through: nothing to tell. */
  for (guint i = 0; i < 100; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_no_error (heard.problem);
}

static void
rename_table (const char *path,
              const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, &message), ==, SQLITE_OK);
  sqlite3_free (message);
  sqlite3_close (db);
}

/* The friends' lists cannot be read from the store (its table is gone):
 * the session says so through "problem", in words for the user. */
static void
test_unreadable_friends_is_a_problem (void)
{
  g_autofree char *path = ewe_paths_get_drafts_store_file ();
  g_autofree char *data_dir = ewe_paths_get_data_dir ();
  g_autoptr(GSettings) settings = new_settings (NULL);
  g_autoptr(EweSession) session = NULL;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  Heard heard = { 0 };

  g_assert_cmpint (g_mkdir_with_parents (data_dir, 0700), ==, 0);

  /* A store of the current schema, whose friends' table then goes. */
  {
    g_auto(EweTestWaiter) waiter = { 0 };
    g_autoptr(GError) error = NULL;
    g_autoptr(EweStore) store = NULL;

    ewe_store_open_async (path, NULL, ewe_test_waiter_cb, &waiter);
    store = ewe_store_open_finish (ewe_test_waiter_wait (&waiter), &error);
    g_assert_no_error (error);
  }
  rename_table (path, "ALTER TABLE friend_lists RENAME TO friend_lists_gone");

  session = ewe_session_new (settings, NULL);
  g_signal_connect (session, "problem", G_CALLBACK (problem_cb), &heard);
  g_assert_false (ewe_session_get_configured (session));

  while (heard.problem == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }

  g_assert_error (heard.problem, EWE_SESSION_ERROR, EWE_SESSION_ERROR_FRIENDS_UNREADABLE);
  g_assert_nonnull (strstr (heard.problem->message, "friends"));
  /* The lists themselves are still there to use. */
  g_assert_nonnull (ewe_session_get_store (session));
  g_clear_error (&heard.problem);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/session/unreadable-friends-is-a-problem", test_unreadable_friends_is_a_problem);
  g_test_add ("/core/session/sign-in-and-change-server", EweCoreFixture, NULL,
              ewe_core_fixture_set_up, test_sign_in_and_change_server, ewe_core_fixture_tear_down);

  return g_test_run ();
}
