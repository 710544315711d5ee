/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "ewe-core-test-fixture.h"
#include "ewe-paths.h"
#include "ewe-session.h"
#include "ewe-test-server.h"

/* The session without a window: a real ewelists-server, real store files
 * in the test's own data directory and the memory settings backend. The
 * keyring is a real gnome-keyring of the test's own, on a D-Bus session of
 * its own, so that a test can make it go away. */

static GPid  keyring_pid;
static char *keyring_home;

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
  EweStore        *store = ewe_session_get_store (session);

  return store != NULL && g_strcmp0 (ewe_store_get_path (store), drafts) != 0 &&
         !ewe_session_get_looking_for_drafts (session);
}

static gboolean
drafts_store_open (EweSession *session)
{
  g_autofree char *drafts = ewe_paths_get_drafts_store_file ();
  EweStore        *store = ewe_session_get_store (session);

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

static EweSession *session_alive;

/* Held, so that the new account cannot be taken for the old one at the
 * same address. */
static EweAccount *rebuilt_from;

static gboolean
account_rebuilt (EweSession *session)
{
  return ewe_session_get_account (session) != rebuilt_from;
}

static EweAccount *
wait_for_new_account (EweSession *session)
{
  rebuilt_from = g_object_ref (ewe_session_get_account (session));
  iterate_until (session, account_rebuilt);
  g_clear_object (&rebuilt_from);
  g_assert_nonnull (ewe_session_get_account (session));

  return ewe_session_get_account (session);
}

/* The pool's name is part of every SRP proof: the setting reaches the
 * account's EweAuth (a new account, as for the other sign-in settings),
 * and a pool that is not the server's makes the sign-in fail. Emptied, the
 * server's own pool is used again and the same password signs in. */
static void
test_user_pool_id_reaches_auth (EweCoreFixture *fixture,
                                gconstpointer   data)
{
  g_autoptr(GSettings) settings = new_settings (fixture->server->base_url);
  g_autoptr(EweSession) session = ewe_session_new (settings, fixture->token_store);
  g_autofree char *email = ewe_core_fixture_unique_email ("pool");
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  EweAccount *account = ewe_session_get_account (session);
  gint64      deadline;

  g_assert_nonnull (account);
  g_assert_null (ewe_auth_get_user_pool_id (ewe_account_get_auth (account)));
  ewe_core_fixture_create_user (fixture, email, "Pat");

  g_settings_set_string (settings, "cognito-user-pool-id", " eu-west-1_AbCdEf123 ");
  account = wait_for_new_account (session);
  g_assert_cmpstr (ewe_auth_get_user_pool_id (ewe_account_get_auth (account)), ==, "eu-west-1_AbCdEf123");

  ewe_account_sign_in_async (account, email, EWE_TEST_PASSWORD, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_false (ewe_account_sign_in_finish (account, ewe_test_waiter_wait (&waiter), &error));
  g_assert_error (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_NOT_AUTHORIZED);
  g_clear_error (&error);
  ewe_test_waiter_clear (&waiter);

  g_settings_set_string (settings, "cognito-user-pool-id", "");
  account = wait_for_new_account (session);
  g_assert_null (ewe_auth_get_user_pool_id (ewe_account_get_auth (account)));

  ewe_account_sign_in_async (account, email, EWE_TEST_PASSWORD, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_account_sign_in_finish (account, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);

  /* Gone before the next test: a session still opening its store would
   * hear that test's settings and open the same store files as its own. */
  iterate_until (session, account_store_open);
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  session_alive = session;
  g_object_add_weak_pointer (G_OBJECT (session), (gpointer *)&session_alive);
  g_clear_object (&session);
  while (session_alive != NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* --- the session replaces its sync engine mid-run ------------------------ */

/* The lists service, held: the changes sent to it wait for their answers
 * until released, and it records their idempotency keys. */
typedef struct
{
  SoupServer *server;
  char       *api_url;
  GPtrArray  *held; /* SoupServerMessage */
  GPtrArray  *keys; /* char *, one per change received */
  gboolean    holding;
  guint       next_id;
} Holder;

static void
answer (SoupServerMessage *msg,
        guint              status,
        const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

static void
holder_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Holder          *holder = user_data;
  const char      *method = soup_server_message_get_method (msg);
  const char      *key = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                       "Idempotency-Key");
  g_autofree char *body = NULL;

  /* The pull: nothing on the server; no batch route (the original API). */
  if (g_str_equal (method, "GET") || g_str_has_suffix (path, "/batch"))
    {
      if (g_str_equal (method, "GET") && g_str_has_suffix (path, "/lists"))
        answer (msg, 200, "{\"user\": null, \"owned\": [], \"closed\": []}");
      else
        answer (msg, 404, "{\"error\": \"Not Found\"}");
      return;
    }

  g_ptr_array_add (holder->keys, g_strdup (key != NULL ? key : "(none)"));
  if (g_str_equal (method, "POST") && g_str_has_suffix (path, "/lists"))
    body = g_strdup_printf ("{\"listId\": \"held-list-%u\"}", ++holder->next_id);
  else
    body = g_strdup ("{}");
  answer (msg, 200, body);

  if (holder->holding)
    {
      soup_server_message_pause (msg);
      g_ptr_array_add (holder->held, g_object_ref (msg));
    }
}

static Holder *
holder_new (void)
{
  Holder *holder = g_new0 (Holder, 1);
  g_autoslist(GUri) uris = NULL;
  g_autoptr(GError) error = NULL;

  holder->server = soup_server_new (NULL, NULL);
  holder->held = g_ptr_array_new_with_free_func (g_object_unref);
  holder->keys = g_ptr_array_new_with_free_func (g_free);
  soup_server_add_handler (holder->server, NULL, holder_cb, holder, NULL);
  g_assert_true (soup_server_listen_local (holder->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (holder->server);
  holder->api_url = g_strdup_printf ("http://127.0.0.1:%d/api", g_uri_get_port (uris->data));

  return holder;
}

static void
holder_release (Holder *holder)
{
  holder->holding = FALSE;
  for (guint i = 0; i < holder->held->len; i++)
    soup_server_message_unpause (g_ptr_array_index (holder->held, i));
  g_ptr_array_set_size (holder->held, 0);
}

static void
holder_free (Holder *holder)
{
  g_clear_object (&holder->server);
  g_ptr_array_unref (holder->held);
  g_ptr_array_unref (holder->keys);
  g_free (holder->api_url);
  g_free (holder);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Holder, holder_free)

static Holder  *the_holder;
static EweSync *replaced_sync;

static gboolean
change_held (EweSession *session)
{
  return the_holder->held->len > 0;
}

static gboolean
sync_replaced (EweSession *session)
{
  EweSync *sync = ewe_session_get_sync (session);

  return sync != NULL && sync != replaced_sync;
}

static gboolean
sync_replaced_and_running (EweSession *session)
{
  EweSync *sync = ewe_session_get_sync (session);

  return sync != NULL && sync != replaced_sync && ewe_sync_get_syncing (sync);
}

static gboolean
both_settled (EweSession *session)
{
  EweSync *sync = ewe_session_get_sync (session);

  return !ewe_sync_get_syncing (replaced_sync) && sync != NULL && !ewe_sync_get_syncing (sync) &&
         ewe_store_get_outbox_length (ewe_session_get_store (session)) == 0;
}

/* A new lists or products URL gives the session a new API client, and so
 * a new sync engine on the same store, while the old one's changes are on
 * their way: the old run records their answers, the new one sends none of
 * them again, and neither fails ("This change was already sent"). */
static void
test_replaced_sync_sends_once (EweCoreFixture *fixture,
                               gconstpointer   data)
{
  g_autoptr(Holder) holder = holder_new ();
  g_autoptr(GSettings) settings = new_settings (fixture->server->base_url);
  g_autoptr(EweSession) session = ewe_session_new (settings, fixture->token_store);
  g_autofree char *email = ewe_core_fixture_unique_email ("twice");
  g_autofree char *lists_url = NULL;
  g_autofree char *products_url = NULL;
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(EweSync) first_sync = NULL;
  g_autoptr(EweSync) old_sync = NULL;
  g_autoptr(EweList) list = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
  EweStore *store;
  gint64    deadline;

  the_holder = holder;
  ewe_core_fixture_create_user (fixture, email, "Twice");
  ewe_account_sign_in_async (ewe_session_get_account (session), email, EWE_TEST_PASSWORD, NULL,
                             ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_account_sign_in_finish (ewe_session_get_account (session),
                                             ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
  iterate_until (session, account_store_open);
  store = ewe_session_get_store (session);

  /* The lists at the held server: a list created is sent there, and held. */
  holder->holding = TRUE;
  /* Held, so that the new engine cannot be taken for it at its address. */
  first_sync = g_object_ref (ewe_session_get_sync (session));
  replaced_sync = first_sync;
  lists_url = g_strconcat (holder->api_url, "/lists", NULL);
  g_settings_set_string (settings, "lists-url", lists_url);
  iterate_until (session, sync_replaced);
  old_sync = g_object_ref (ewe_session_get_sync (session));
  list = create_list (store, "Sent once");
  iterate_until (session, change_held);

  /* Another client: the session replaces the engine whose run goes on;
   * the new one's run starts (and, before it may read the outbox, waits). */
  replaced_sync = old_sync;
  products_url = g_strconcat (holder->api_url, "/products", NULL);
  g_settings_set_string (settings, "products-url", products_url);
  iterate_until (session, sync_replaced_and_running);
  g_assert_true (ewe_sync_get_store (ewe_session_get_sync (session)) == store);
  g_assert_true (ewe_sync_get_syncing (old_sync));

  /* The store's worker runs its jobs in order: once this read is done, so
   * is any the new engine asked for; and nothing was committed yet. */
  ewe_test_waiter_clear (&waiter);
  ewe_store_list_outbox_async (store, NULL, ewe_test_waiter_cb, &waiter);
  entries = ewe_store_list_outbox_finish (store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);

  holder_release (holder);
  iterate_until (session, both_settled);
  g_assert_null (ewe_sync_get_last_error (old_sync));
  g_assert_null (ewe_sync_get_last_error (ewe_session_get_sync (session)));
  g_assert_false (ewe_list_is_local (list));
  g_assert_cmpuint (holder->keys->len, >, 0);
  for (guint i = 0; i < holder->keys->len; i++)
    {
      const char *key = g_ptr_array_index (holder->keys, i);

      if (!g_hash_table_add (keys, (gpointer)key))
        g_error ("The change with Idempotency-Key %s was sent twice", key);
    }

  /* Gone before the next test, as in test_user_pool_id_reaches_auth(). */
  replaced_sync = NULL;
  the_holder = NULL;
  g_clear_object (&old_sync);
  g_clear_object (&first_sync);
  g_settings_reset (settings, "lists-url");
  g_settings_reset (settings, "products-url");
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  session_alive = session;
  g_object_add_weak_pointer (G_OBJECT (session), (gpointer *)&session_alive);
  g_clear_object (&session);
  while (session_alive != NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
wait_for_problem (Heard *heard)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (heard->problem == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* The keyring went away (here: its daemon stopped) while signed in.
 * Refreshed tokens cannot be saved, and a change of server signs the old
 * account out, which cannot remove its tokens: the session says so each
 * time, in words for the user. */
static void
test_keyring_gone_is_a_problem (EweCoreFixture *fixture,
                                gconstpointer   data)
{
  g_autoptr(GSettings) settings = new_settings (fixture->server->base_url);
  g_autoptr(EweSession) session = ewe_session_new (settings, fixture->token_store);
  g_autofree char *email = ewe_core_fixture_unique_email ("ada");
  g_autofree char *expected = NULL;
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(EweTokens) tokens = NULL;
  EweAccount *account;
  Heard       heard = { 0 };

  g_signal_connect (session, "problem", G_CALLBACK (problem_cb), &heard);
  iterate_until (session, drafts_store_open);

  ewe_core_fixture_create_user (fixture, email, "Ada Lovelace");
  ewe_account_sign_in_async (ewe_session_get_account (session), email, EWE_TEST_PASSWORD, NULL,
                             ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_account_sign_in_finish (ewe_session_get_account (session),
                                             ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
  iterate_until (session, account_store_open);

  g_assert_cmpint (kill (keyring_pid, SIGTERM), ==, 0);
  g_assert_cmpint (waitpid (keyring_pid, NULL, 0), ==, keyring_pid);
  keyring_pid = 0;

  /* The refreshed tokens are good for requests all the same. */
  account = ewe_session_get_account (session);
  ewe_test_waiter_clear (&waiter);
  ewe_account_get_tokens_async (account, TRUE, NULL, ewe_test_waiter_cb, &waiter);
  tokens = ewe_account_get_tokens_finish (account, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  g_assert_nonnull (tokens);
  wait_for_problem (&heard);
  g_assert_error (heard.problem, EWE_SESSION_ERROR, EWE_SESSION_ERROR_TOKENS_NOT_SAVED);
  g_assert_true (g_str_has_prefix (heard.problem->message, "Could not save your sign-in in the keyring: unlock it"));
  g_clear_error (&heard.problem);
  g_assert_true (ewe_account_get_signed_in (account));

  ewe_session_set_server_url (session, "http://127.0.0.1:9");
  wait_for_problem (&heard);
  g_assert_error (heard.problem, EWE_SESSION_ERROR, EWE_SESSION_ERROR_SIGN_OUT_FAILED);
  expected = g_strdup_printf ("Could not sign out of %s: unlock the keyring", fixture->server->base_url);
  g_assert_true (g_str_has_prefix (heard.problem->message, expected));
  g_clear_error (&heard.problem);
}

static void
rename_table (const char *path,
              const char *sql)
{
  sqlite3 *db = NULL;
  char    *message = NULL;

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
  Heard  heard = { 0 };

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

/* Starts gnome-keyring on @bus, unlocked, and waits until it answers. */
static void
start_keyring (GTestDBus *bus)
{
  g_autofree char *control_dir = NULL;
  g_autofree char *data_dir = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  const char *argv[] = { "gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets",
                         "--control-directory", NULL, NULL };
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  gint64   deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  int      stdin_fd;
  gboolean owned = FALSE;

  /* Its keyrings in a directory of its own: the test's isolated HOME is
   * not writable. */
  keyring_home = g_dir_make_tmp ("ewe-test-keyring-XXXXXX", NULL);
  g_assert_nonnull (keyring_home);
  control_dir = g_build_filename (keyring_home, "control", NULL);
  data_dir = g_build_filename (keyring_home, "share", NULL);
  argv[5] = control_dir;
  envp = g_environ_setenv (envp, "HOME", keyring_home, TRUE);
  envp = g_environ_setenv (envp, "XDG_DATA_HOME", data_dir, TRUE);
  g_spawn_async_with_pipes (NULL, (char **)argv, envp, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                            NULL, NULL, &keyring_pid, &stdin_fd, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (write (stdin_fd, "ewelists-tests", 14), ==, 14);
  close (stdin_fd);

  connection = g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (bus),
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                         G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, &error);
  g_assert_no_error (error);
  while (!owned)
    {
      g_autoptr(GVariant) reply = NULL;

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                           "org.freedesktop.DBus", "NameHasOwner",
                                           g_variant_new ("(s)", "org.freedesktop.secrets"),
                                           G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
      g_assert_no_error (error);
      g_variant_get (reply, "(b)", &owned);
      if (!owned)
        g_usleep (10000);
    }
}

int
main (int   argc,
      char *argv[])
{
  GTestDBus *bus;
  int        status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* Up before anything in this process connects to the session bus. */
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  start_keyring (bus);

  g_test_add_func ("/core/session/unreadable-friends-is-a-problem", test_unreadable_friends_is_a_problem);
  g_test_add ("/core/session/sign-in-and-change-server", EweCoreFixture, NULL,
              ewe_core_fixture_set_up, test_sign_in_and_change_server, ewe_core_fixture_tear_down);
  g_test_add ("/core/session/user-pool-id-reaches-auth", EweCoreFixture, NULL,
              ewe_core_fixture_set_up, test_user_pool_id_reaches_auth, ewe_core_fixture_tear_down);
  g_test_add ("/core/session/replaced-sync-sends-once", EweCoreFixture, NULL,
              ewe_core_fixture_set_up, test_replaced_sync_sends_once, ewe_core_fixture_tear_down);
  /* Last: it stops the keyring. */
  g_test_add ("/core/session/keyring-gone-is-a-problem", EweCoreFixture, NULL,
              ewe_core_fixture_set_up, test_keyring_gone_is_a_problem, ewe_core_fixture_tear_down);

  status = g_test_run ();

  if (keyring_pid != 0)
    {
      kill (keyring_pid, SIGTERM);
      waitpid (keyring_pid, NULL, 0);
    }
  /* Not g_test_dbus_down(), which waits for the process's own connection
   * to the bus to go, and libsecret keeps it to the end. */
  g_test_dbus_stop (bus);
  ewe_test_remove_tree (keyring_home);
  g_free (keyring_home);

  return status;
}
