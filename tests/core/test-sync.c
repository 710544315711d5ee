/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <libsoup/soup.h>

#include "ewe-codec.h"
#include "ewe-core-test-fixture.h"
#include "ewe-store.h"
#include "ewe-sync-private.h"
#include "ews-test-api.h"

/* The sync engine against a real ewelists-server: offline drafts arrive
 * once, a server killed mid-sync loses and duplicates nothing, a client
 * killed between the server's answer and its own commit replays harmlessly
 * (also with several requests on their way), two devices converge, and
 * nonsense from the server is an error. Against a server that records what
 * arrives when: entries travel together but in order where order matters,
 * a failure or a refusal amid them, and when a list is read back. */

#define N_LISTS 3
#define GIFTS_PER_LIST 20

typedef struct
{
  EweCoreFixture core;
  char          *store_dir;
  char          *store_path;
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  ewe_core_fixture_set_up (&fixture->core, data);
  fixture->store_dir = g_dir_make_tmp ("ewelists-sync-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store_path = g_build_filename (fixture->store_dir, "store.sqlite", NULL);
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_remove (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  remove_dir (fixture->store_dir);
  g_clear_pointer (&fixture->store_dir, g_free);
  g_clear_pointer (&fixture->store_path, g_free);
  ewe_core_fixture_tear_down (&fixture->core, data);
}

static EweStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  EweStore *store = ewe_store_open_sync (path, &error);

  g_assert_no_error (error);
  return store;
}

static EweList *
draft_list (EweStore   *store,
            const char *title)
{
  g_autoptr(EweList) values = ewe_list_new ();
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  EweList *list;

  ewe_list_set_title (values, title);
  ewe_list_set_description (values, "Drafted offline");
  ewe_list_set_occasion (values, "Birthday");
  ewe_list_set_event_date (values, "2027-05-01");
  ewe_list_set_image_url (values, "/images/birthday-default.jpg");

  ewe_store_create_list_async (store, values, NULL, ewe_test_waiter_cb, &waiter);
  list = ewe_store_create_list_finish (store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  g_assert_true (ewe_list_is_local (list));

  return list;
}

static void
draft_gift (EweStore *store,
            EweList  *list,
            guint     n)
{
  g_autoptr(EweGift) values = ewe_gift_new ();
  g_autoptr(EweGift) gift = NULL;
  g_autofree char *product_id = ewe_id_new_local ();
  g_autofree char *details = g_strdup_printf ("Gift number %u", n);
  g_autofree char *url = g_strdup_printf ("https://shop.example/products/%u", n);
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;

  ewe_gift_set_list_id (values, ewe_list_get_id (list));
  ewe_gift_set_product_id (values, product_id);
  ewe_gift_set_product_type (values, EWE_PRODUCT_TYPE_NOTFOUND);
  ewe_gift_set_brand (values, "Brand");
  ewe_gift_set_details (values, details);
  ewe_gift_set_product_url (values, url);
  ewe_gift_set_image_url (values, "https://shop.example/image.png");
  ewe_gift_set_price (values, "12.50");
  ewe_gift_set_quantity (values, 1 + n % 3);

  ewe_store_add_gift_async (store, list, values, NULL, ewe_test_waiter_cb, &waiter);
  gift = ewe_store_add_gift_finish (store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
}

static void
draft_lists (EweStore *store)
{
  for (guint i = 0; i < N_LISTS; i++)
    {
      g_autofree char *title = g_strdup_printf ("Draft %u", i);
      g_autoptr(EweList) list = draft_list (store, title);

      for (guint j = 0; j < GIFTS_PER_LIST; j++)
        draft_gift (store, list, i * 100 + j);
    }
}

static gboolean
run_sync (EweSync *sync,
          GError **error)
{
  g_auto(EweTestWaiter) waiter = { 0 };

  ewe_sync_run_async (sync, NULL, ewe_test_waiter_cb, &waiter);
  return ewe_sync_run_finish (sync, ewe_test_waiter_wait (&waiter), error);
}

static GBytes *
api_get (EweApiClient       *client,
         EweApiEndpoint      endpoint,
         const char * const *args)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  GBytes *answer;

  ewe_api_client_call_async (client, endpoint, args, NULL, NULL, NULL, ewe_test_waiter_cb, &waiter);
  answer = ewe_api_client_call_finish (client, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);

  return answer;
}

/* Checks what the server holds: @n_lists owned lists, each with
 * GIFTS_PER_LIST gifts, and titles unique (nothing arrived twice). */
static void
assert_server_has_drafts (EweApiClient *client,
                          guint         n_lists)
{
  g_autoptr(GBytes) answer = api_get (client, EWE_API_GET_LISTS, NULL);
  g_autoptr(EweUser) user = NULL;
  g_autoptr(GPtrArray) owned = NULL;
  g_autoptr(GPtrArray) closed = NULL;
  g_autoptr(GHashTable) titles = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  gsize       size = 0;
  const char *data = g_bytes_get_data (answer, &size);

  g_assert_true (ewe_codec_decode_lists (data, size, &user, &owned, &closed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (owned->len, ==, n_lists);

  for (guint i = 0; i < owned->len; i++)
    {
      EweList    *list = g_ptr_array_index (owned, i);
      const char *id = ewe_list_get_id (list);
      g_autoptr(GBytes) list_answer = api_get (client, EWE_API_GET_LIST, (const char *[]) { id, NULL });
      g_autoptr(EweList) full = NULL;
      g_autoptr(GPtrArray) gifts = NULL;
      g_autoptr(GPtrArray) reservations = NULL;

      g_assert_false (g_hash_table_contains (titles, ewe_list_get_title (list)));
      g_hash_table_add (titles, (gpointer)ewe_list_get_title (list));

      data = g_bytes_get_data (list_answer, &size);
      g_assert_true (ewe_codec_decode_list (data, size, &full, &gifts, &reservations, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (gifts->len, ==, GIFTS_PER_LIST);
    }
}

static void
assert_store_synced (EweStore *store,
                     guint     n_lists)
{
  GListModel *lists = ewe_store_get_lists (store);

  g_assert_cmpuint (ewe_store_get_outbox_length (store), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (lists), ==, n_lists);

  for (guint i = 0; i < g_list_model_get_n_items (lists); i++)
    {
      g_autoptr(EweList) list = g_list_model_get_item (lists, i);

      /* Every draft now carries its server id: the same object, renamed. */
      g_assert_false (ewe_list_is_local (list));
    }
}

static void
test_offline_drafts_arrive_once (Fixture      *fixture,
                                 gconstpointer data)
{
  g_autoptr(EweStore) store = open_store (fixture->store_path);
  g_autoptr(EweAccount) account = NULL;
  g_autoptr(EweApiClient) client = NULL;
  g_autoptr(EweSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EweList) first = NULL;

  /* Signed out, no server: drafting works and queues everything. */
  draft_lists (store);
  g_assert_cmpuint (ewe_store_get_outbox_length (store), >=, N_LISTS * (1 + 2 * GIFTS_PER_LIST));
  first = g_list_model_get_item (ewe_store_get_lists (store), 0);

  account = ewe_core_fixture_new_user (&fixture->core, "drafter");
  client = ewe_api_client_new_for_server (account, fixture->core.server->base_url);
  sync = ewe_sync_new (store, client);

  g_assert_true (run_sync (sync, &error));
  g_assert_no_error (error);
  g_assert_null (ewe_sync_get_last_error (sync));
  g_assert_cmpuint (ewe_sync_get_pending (sync), ==, 0);

  assert_store_synced (store, N_LISTS);
  assert_server_has_drafts (client, N_LISTS);

  /* The UI's object followed its list to the server id. */
  g_assert_false (ewe_list_is_local (first));

  /* Syncing again sends nothing twice. */
  g_assert_true (run_sync (sync, &error));
  g_assert_no_error (error);
  assert_server_has_drafts (client, N_LISTS);
}

static void
test_signed_out_keeps_everything (Fixture      *fixture,
                                  gconstpointer data)
{
  g_autoptr(EweStore) store = open_store (fixture->store_path);
  g_autoptr(EweApiClient) client = ewe_api_client_new_for_server (NULL, fixture->core.server->base_url);
  g_autoptr(EweSync) sync = ewe_sync_new (store, client);
  g_autoptr(GError) error = NULL;
  g_autoptr(EweList) list = draft_list (store, "Mine");
  guint pending = ewe_store_get_outbox_length (store);

  g_assert_false (run_sync (sync, &error));
  g_assert_error (error, EWE_SYNC_ERROR, EWE_SYNC_ERROR_SIGNED_OUT);
  g_assert_cmpuint (ewe_store_get_outbox_length (store), ==, pending);
}

typedef struct
{
  EweTestServer *server;
  guint          answers_left;
  gboolean       killed;
} KillWatch;

/* Counted in answers, not in entries recorded: with batches, the answers
 * of the rest can all be in before the store records the first ones, and
 * the outbox would then empty at once, with nothing left to cut off. At
 * the answer counted down to, later entries still wait for the ids this
 * batch brings (a gift's place on a list needs its product's id), and
 * a batch holds at most EWE_LIMIT_BATCH_ENTRIES. */
static void
kill_after_answers_cb (EweSync     *sync,
                       EweSyncFault fault,
                       gpointer     user_data)
{
  KillWatch *watch = user_data;

  if (fault != EWE_SYNC_FAULT_ANSWER_RECEIVED || watch->killed || --watch->answers_left > 0)
    return;

  /* SIGKILL: no clean shutdown, requests cut off mid-flight. */
  g_subprocess_force_exit (watch->server->process);
  g_subprocess_wait (watch->server->process, NULL, NULL);
  watch->killed = TRUE;
}

static void
test_server_killed_mid_sync (Fixture      *fixture,
                             gconstpointer data)
{
  g_autoptr(EweStore) store = open_store (fixture->store_path);
  g_autoptr(EweAccount) account = NULL;
  g_autoptr(EweApiClient) client = NULL;
  g_autoptr(EweSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  KillWatch watch = { 0 };

  draft_lists (store);
  account = ewe_core_fixture_new_user (&fixture->core, "interrupted");
  client = ewe_api_client_new_for_server (account, fixture->core.server->base_url);
  sync = ewe_sync_new (store, client);

  /* Kill the server when about half the outbox has been answered. */
  watch.server = fixture->core.server;
  watch.answers_left = ewe_store_get_outbox_length (store) / 2;
  ewe_sync_set_fault_hook (sync, kill_after_answers_cb, &watch);

  g_assert_false (run_sync (sync, &error));
  g_assert_true (watch.killed);
  g_assert_error (error, EWE_SYNC_ERROR, EWE_SYNC_ERROR_OFFLINE);
  g_assert_cmpuint (ewe_store_get_outbox_length (store), >, 0);
  g_clear_error (&error);
  ewe_sync_set_fault_hook (sync, NULL, NULL);

  /* Back up on the same port and data: the rest goes through, once. */
  g_clear_object (&fixture->core.server->process);
  g_assert_true (ewe_test_server_restart (fixture->core.server));

  g_assert_true (run_sync (sync, &error));
  g_assert_no_error (error);
  assert_store_synced (store, N_LISTS);
  assert_server_has_drafts (client, N_LISTS);
}

/* Dies as the app would if killed just after the server answered, before
 * the store records the answer: at the answer counted down to, or, when
 * told to wait for one, at the first answer after a batch was recorded.
 * Recording runs beside the requests, so on a loaded machine the first
 * batch may still be on its way when the 40th answer comes in. */
typedef struct
{
  guint    answers_left;
  gboolean wait_for_a_commit;
  guint    commits;
} AbortPlan;

static void
abort_after_answers_cb (EweSync     *sync,
                        EweSyncFault fault,
                        gpointer     user_data)
{
  AbortPlan *plan = user_data;

  if (fault == EWE_SYNC_FAULT_ANSWERS_COMMITTED)
    {
      plan->commits++;
      /* Every answer asked for came in while the first commit was still
       * being written (a batch's answers can outrun the store): they wait
       * for the next commit, so dying now leaves them uncommitted. */
      if (plan->answers_left == 0 && plan->wait_for_a_commit)
        {
          g_printerr ("test-sync: %s answers received, %u batches recorded, aborting before the commit\n",
                      g_getenv ("EWE_TEST_ABORT_AFTER"), plan->commits);
          abort ();
        }
      return;
    }

  if (plan->answers_left > 0)
    plan->answers_left--;

  if (plan->answers_left == 0 && (!plan->wait_for_a_commit || plan->commits > 0))
    {
      g_printerr ("test-sync: %s answers received, %u batches recorded, aborting before the commit\n",
                  g_getenv ("EWE_TEST_ABORT_AFTER"), plan->commits);
      abort ();
    }
}

/* The child: sync with a crash right after the server's first answer. */
static void
crash_after_first_answer (void)
{
  if (!g_test_subprocess ())
    {
      g_test_skip ("Runs only as the crashing child of /core/sync/crash-between-answer-and-commit");
      return;
    }

  {
    g_autoptr(EweAuth) auth = ewe_auth_new (g_getenv ("EWE_TEST_AUTH_URL"), "ewelists");
    g_autoptr(EweTokenStore) token_store = ewe_token_store_new ();
    g_autoptr(EweAccount) account = ewe_account_new (g_getenv ("EWE_TEST_SERVER_URL"), auth, token_store);
    g_autoptr(EweApiClient) client = ewe_api_client_new_for_server (account, g_getenv ("EWE_TEST_SERVER_URL"));
    g_autoptr(EweStore) store = open_store (g_getenv ("EWE_TEST_STORE_PATH"));
    g_autoptr(EweSync) sync = ewe_sync_new (store, client);
    g_auto(EweTestWaiter) waiter = { 0 };
    g_autoptr(GError) error = NULL;
    AbortPlan plan = {
      .answers_left = (guint)g_ascii_strtoull (g_getenv ("EWE_TEST_ABORT_AFTER"), NULL, 10),
      .wait_for_a_commit = g_getenv ("EWE_TEST_ABORT_AFTER_A_COMMIT") != NULL,
    };

    ewe_account_restore_async (account, NULL, ewe_test_waiter_cb, &waiter);
    g_assert_true (ewe_account_restore_finish (account, ewe_test_waiter_wait (&waiter), &error));
    g_assert_no_error (error);

    g_assert_cmpuint (plan.answers_left, >, 0);
    ewe_sync_set_fault_hook (sync, abort_after_answers_cb, &plan);
    run_sync (sync, NULL);

    g_assert_not_reached ();
  }
}

static void
test_crash_between_answer_and_commit (Fixture      *fixture,
                                      gconstpointer data)
{
  g_autoptr(EweAccount) account = NULL;
  g_autoptr(EweApiClient) client = NULL;
  g_autoptr(EweSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  guint pending;

  {
    g_autoptr(EweStore) drafts = open_store (fixture->store_path);
    draft_lists (drafts);
  }

  /* The account's tokens are in the keyring, where the child finds them. */
  account = ewe_core_fixture_new_user (&fixture->core, "crasher");
  g_setenv ("EWE_TEST_AUTH_URL", fixture->core.auth_url, TRUE);
  g_setenv ("EWE_TEST_SERVER_URL", fixture->core.server->base_url, TRUE);
  g_setenv ("EWE_TEST_STORE_PATH", fixture->store_path, TRUE);
  g_setenv ("EWE_TEST_ABORT_AFTER", "1", TRUE);
  g_unsetenv ("EWE_TEST_ABORT_AFTER_A_COMMIT");

  g_test_trap_subprocess ("/core/sync/crash-between-answer-and-commit/subprocess", 60 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*aborting before the commit*");

  {
    g_autoptr(EweStore) store = open_store (fixture->store_path);

    /* The server created the first list, but the store never heard: the
     * entry is still there, with its idempotency key. */
    pending = ewe_store_get_outbox_length (store);
    g_assert_cmpuint (pending, ==, N_LISTS * (1 + 2 * GIFTS_PER_LIST));

    client = ewe_api_client_new_for_server (account, fixture->core.server->base_url);
    sync = ewe_sync_new (store, client);
    g_assert_true (run_sync (sync, &error));
    g_assert_no_error (error);

    /* Sent again, applied once: three lists, not four. */
    assert_store_synced (store, N_LISTS);
    assert_server_has_drafts (client, N_LISTS);
  }
}

/* The same with several requests on their way when the client dies, and
 * some answers already committed: nothing arrives twice. */
static void
test_crash_with_several_in_flight (Fixture      *fixture,
                                   gconstpointer data)
{
  g_autoptr(EweAccount) account = NULL;
  guint total;

  {
    g_autoptr(EweStore) drafts = open_store (fixture->store_path);
    draft_lists (drafts);
    total = ewe_store_get_outbox_length (drafts);
  }

  account = ewe_core_fixture_new_user (&fixture->core, "crasher");
  g_setenv ("EWE_TEST_AUTH_URL", fixture->core.auth_url, TRUE);
  g_setenv ("EWE_TEST_SERVER_URL", fixture->core.server->base_url, TRUE);
  g_setenv ("EWE_TEST_STORE_PATH", fixture->store_path, TRUE);
  g_setenv ("EWE_TEST_ABORT_AFTER", "40", TRUE);
  g_setenv ("EWE_TEST_ABORT_AFTER_A_COMMIT", "1", TRUE);

  g_test_trap_subprocess ("/core/sync/crash-between-answer-and-commit/subprocess", 60 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*aborting before the commit*");

  {
    g_autoptr(EweStore) store = open_store (fixture->store_path);
    g_autoptr(EweApiClient) client = ewe_api_client_new_for_server (account, fixture->core.server->base_url);
    g_autoptr(EweSync) sync = ewe_sync_new (store, client);
    g_autoptr(GError) error = NULL;
    guint pending = ewe_store_get_outbox_length (store);

    /* Some answers were committed, the last ones not: at least the one
     * the child died on is still to send. */
    g_assert_cmpuint (pending, <, total);
    g_assert_cmpuint (pending, >, 0);

    g_assert_true (run_sync (sync, &error));
    g_assert_no_error (error);
    assert_store_synced (store, N_LISTS);
    assert_server_has_drafts (client, N_LISTS);
  }
}

typedef struct
{
  guint count;
  char *title; /* the live list's, when told */
  char *their_title;
  char *fields; /* joined with commas */
} ConflictSeen;

static void
conflict_cb (EweStore     *store,
             EweList      *list,
             EweList      *theirs,
             GStrv         fields,
             ConflictSeen *seen)
{
  seen->count++;
  g_free (seen->title);
  g_free (seen->their_title);
  g_free (seen->fields);
  seen->title = g_strdup (ewe_list_get_title (list));
  seen->their_title = g_strdup (ewe_list_get_title (theirs));
  seen->fields = g_strjoinv (",", fields);
}

static void
conflict_seen_clear (ConflictSeen *seen)
{
  g_clear_pointer (&seen->title, g_free);
  g_clear_pointer (&seen->their_title, g_free);
  g_clear_pointer (&seen->fields, g_free);
}

static void
test_two_devices_converge (Fixture      *fixture,
                           gconstpointer data)
{
  g_autofree char *email = ewe_core_fixture_unique_email ("twins");
  g_autofree char *path_b = g_build_filename (fixture->store_dir, "device-b.sqlite", NULL);
  g_autoptr(EweStore) store_a = open_store (fixture->store_path);
  g_autoptr(EweStore) store_b = open_store (path_b);
  g_autoptr(EweAccount) account = NULL;
  g_autoptr(EweApiClient) client = NULL;
  g_autoptr(EweSync) sync_a = NULL;
  g_autoptr(EweSync) sync_b = NULL;
  g_autoptr(EweList) on_a = NULL;
  g_autoptr(EweList) on_b = NULL;
  g_autoptr(EweList) new_values = NULL;
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  ConflictSeen seen_a = { 0 };
  ConflictSeen seen_b = { 0 };

  ewe_core_fixture_create_user (&fixture->core, email, "Twin");
  account = ewe_core_fixture_sign_in (&fixture->core, email);
  client = ewe_api_client_new_for_server (account, fixture->core.server->base_url);
  sync_a = ewe_sync_new (store_a, client);
  sync_b = ewe_sync_new (store_b, client);
  g_signal_connect (store_a, "conflict", G_CALLBACK (conflict_cb), &seen_a);
  g_signal_connect (store_b, "conflict", G_CALLBACK (conflict_cb), &seen_b);

  on_a = draft_list (store_a, "Shared title");
  g_assert_true (run_sync (sync_a, &error));
  g_assert_no_error (error);

  /* Device B pulls the list. */
  g_assert_true (run_sync (sync_b, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (ewe_store_get_lists (store_b)), ==, 1);
  on_b = g_list_model_get_item (ewe_store_get_lists (store_b), 0);
  g_assert_cmpstr (ewe_list_get_id (on_b), ==, ewe_list_get_id (on_a));

  /* A renames and syncs; then B, which saw the old title, renames too. */
  new_values = ewe_list_copy (on_a);
  ewe_list_set_title (new_values, "Renamed on A");
  ewe_store_update_list_async (store_a, on_a, new_values, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_store_update_list_finish (store_a, ewe_test_waiter_wait (&waiter), &error));
  ewe_test_waiter_clear (&waiter);
  g_assert_true (run_sync (sync_a, &error));

  g_clear_object (&new_values);
  new_values = ewe_list_copy (on_b);
  ewe_list_set_title (new_values, "Renamed on B");
  ewe_store_update_list_async (store_b, on_b, new_values, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_store_update_list_finish (store_b, ewe_test_waiter_wait (&waiter), &error));
  ewe_test_waiter_clear (&waiter);

  /* B's edit is the later one: it wins everywhere once both have synced,
   * and B is told what A had written, since B never saw it. */
  g_assert_true (run_sync (sync_b, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen_b.count, ==, 1);
  g_assert_cmpstr (seen_b.fields, ==, "title");
  g_assert_cmpstr (seen_b.title, ==, "Renamed on B");
  g_assert_cmpstr (seen_b.their_title, ==, "Renamed on A");

  g_assert_true (run_sync (sync_a, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (ewe_list_get_title (on_b), ==, "Renamed on B");
  g_assert_cmpstr (ewe_list_get_title (on_a), ==, "Renamed on B");

  /* A had nothing waiting: taking B's title is an ordinary update, and
   * syncing again tells no one anything new. */
  g_assert_cmpuint (seen_a.count, ==, 0);
  g_assert_true (run_sync (sync_b, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen_b.count, ==, 1);

  /* Edits of different fields on the two devices merge without a word. */
  g_clear_object (&new_values);
  new_values = ewe_list_copy (on_a);
  ewe_list_set_description (new_values, "Described on A");
  ewe_store_update_list_async (store_a, on_a, new_values, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_store_update_list_finish (store_a, ewe_test_waiter_wait (&waiter), &error));
  ewe_test_waiter_clear (&waiter);
  g_assert_true (run_sync (sync_a, &error));
  g_assert_no_error (error);

  g_clear_object (&new_values);
  new_values = ewe_list_copy (on_b);
  ewe_list_set_occasion (new_values, "wedding");
  ewe_store_update_list_async (store_b, on_b, new_values, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_store_update_list_finish (store_b, ewe_test_waiter_wait (&waiter), &error));
  ewe_test_waiter_clear (&waiter);
  g_assert_true (run_sync (sync_b, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen_b.count, ==, 1);
  g_assert_true (run_sync (sync_a, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      EweList *list = i == 0 ? on_a : on_b;

      g_assert_cmpstr (ewe_list_get_description (list), ==, "Described on A");
      g_assert_cmpstr (ewe_list_get_occasion (list), ==, "wedding");
    }
  g_assert_cmpuint (seen_a.count, ==, 0);
  conflict_seen_clear (&seen_a);
  conflict_seen_clear (&seen_b);

  /* A deletes the list; once B syncs, B no longer shows it either. */
  ewe_store_delete_list_async (store_a, on_a, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_store_delete_list_finish (store_a, ewe_test_waiter_wait (&waiter), &error));
  ewe_test_waiter_clear (&waiter);
  g_assert_true (run_sync (sync_a, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (ewe_store_get_lists (store_b)), ==, 1);

  g_assert_true (run_sync (sync_b, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (ewe_store_get_lists (store_b)), ==, 0);
}

static void
gift_conflict_cb (EweStore *store,
                  EweGift  *ours,
                  EweGift  *theirs,
                  GStrv     fields,
                  guint    *count)
{
  (*count)++;
}

static gboolean
edit_gift (EweStore   *store,
           EweGift    *gift,
           int         quantity,
           const char *notes,
           gboolean    unlimited,
           GError    **error)
{
  g_autoptr(EweGift) values = ewe_gift_copy (gift);
  g_auto(EweTestWaiter) waiter = { 0 };

  ewe_gift_set_quantity (values, quantity);
  ewe_gift_set_notes (values, notes);
  ewe_gift_set_unlimited (values, unlimited);
  ewe_store_edit_gift_async (store, gift, values, NULL, ewe_test_waiter_cb, &waiter);
  return ewe_store_edit_gift_finish (store, ewe_test_waiter_wait (&waiter), error);
}

/* The list's only gift, live while @model (loaded here) is kept. */
static EweGift *
only_gift (EweStore    *store,
           EweList     *list,
           GListModel **model)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;

  ewe_store_load_gifts_async (store, list, NULL, ewe_test_waiter_cb, &waiter);
  *model = ewe_store_load_gifts_finish (store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (*model), ==, 1);
  return g_list_model_get_item (*model, 0);
}

/* "As many as you like", offline first: a draft made unlimited reaches the
 * server so, guests then reserve beyond its quantity, and the owner's two
 * devices merge their edits of it field by field, as of any other. */
static void
test_unlimited_gift_syncs_and_merges (Fixture      *fixture,
                                      gconstpointer data)
{
  g_autofree char *email = ewe_core_fixture_unique_email ("nappies");
  g_autofree char *path_b = g_build_filename (fixture->store_dir, "device-b.sqlite", NULL);
  g_autoptr(EweStore) store_a = open_store (fixture->store_path);
  g_autoptr(EweStore) store_b = open_store (path_b);
  g_autoptr(EweAccount) account = NULL;
  g_autoptr(EweApiClient) client = NULL;
  g_autoptr(EweSync) sync_a = NULL;
  g_autoptr(EweSync) sync_b = NULL;
  g_autoptr(EweList) list_a = NULL;
  g_autoptr(EweList) list_b = NULL;
  g_autoptr(EweGift) gift_a = NULL;
  g_autoptr(EweGift) gift_b = NULL;
  g_autoptr(GListModel) gifts_a = NULL;
  g_autoptr(GListModel) gifts_b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reservation = NULL;
  guint            conflicts_a = 0, conflicts_b = 0;

  ewe_core_fixture_create_user (&fixture->core, email, "Parent");
  account = ewe_core_fixture_sign_in (&fixture->core, email);
  client = ewe_api_client_new_for_server (account, fixture->core.server->base_url);
  sync_a = ewe_sync_new (store_a, client);
  sync_b = ewe_sync_new (store_b, client);
  g_signal_connect (store_a, "gift-conflict", G_CALLBACK (gift_conflict_cb), &conflicts_a);
  g_signal_connect (store_b, "gift-conflict", G_CALLBACK (gift_conflict_cb), &conflicts_b);

  /* Offline: a draft list, a gift, made unlimited before any sync. */
  list_a = draft_list (store_a, "Nappies");
  draft_gift (store_a, list_a, 1);
  gift_a = only_gift (store_a, list_a, &gifts_a);
  g_assert_true (edit_gift (store_a, gift_a, 1, NULL, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (ewe_gift_get_unlimited (gift_a));
  g_assert_true (run_sync (sync_a, &error));
  g_assert_no_error (error);

  /* Guests give more than its quantity of one. */
  reservation = ews_test_api_reserve (fixture->core.server, ewe_list_get_id (list_a), ewe_gift_get_product_id (gift_a),
                                      "guest@example.org", "Guest", 4);
  g_assert_true (run_sync (sync_b, &error));
  g_assert_no_error (error);
  list_b = g_list_model_get_item (ewe_store_get_lists (store_b), 0);
  gift_b = only_gift (store_b, list_b, &gifts_b);
  g_assert_true (ewe_gift_get_unlimited (gift_b));
  g_assert_cmpint (ewe_gift_get_reserved (gift_b), ==, 4);

  /* Limited again, the quantity must cover the four given. */
  g_assert_false (edit_gift (store_b, gift_b, 3, NULL, FALSE, &error));
  g_assert_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (ewe_gift_get_unlimited (gift_b));

  /* A limits it (to six), B writes a note, each offline: both edits stay. */
  g_assert_true (run_sync (sync_a, &error));
  g_assert_true (edit_gift (store_a, gift_a, 6, NULL, FALSE, &error));
  g_assert_true (edit_gift (store_b, gift_b, 1, "Size 3, please", TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (run_sync (sync_a, &error));
  g_assert_true (run_sync (sync_b, &error));
  g_assert_true (run_sync (sync_a, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 2; i++)
    {
      EweGift *gift = i == 0 ? gift_a : gift_b;

      g_assert_false (ewe_gift_get_unlimited (gift));
      g_assert_cmpint (ewe_gift_get_quantity (gift), ==, 6);
      g_assert_cmpstr (ewe_gift_get_notes (gift), ==, "Size 3, please");
    }
  g_assert_cmpuint (conflicts_a, ==, 0);
  g_assert_cmpuint (conflicts_b, ==, 0);
  g_assert_cmpuint (ewe_store_get_outbox_length (store_a), ==, 0);
  g_assert_cmpuint (ewe_store_get_outbox_length (store_b), ==, 0);

  /* Most wanted, the same way: B stars it offline while A changes the
   * quantity; both stay, and the server puts it first for guests. */
  {
    g_autoptr(EweGift) starred = ewe_gift_copy (gift_b);
    g_auto(EweTestWaiter) waiter = { 0 };
    g_autoptr(GBytes) answer = NULL;
    g_autoptr(EweList) full = NULL;
    g_autoptr(GPtrArray) gifts = NULL;
    g_autoptr(GPtrArray) reservations = NULL;
    gsize       size = 0;
    const char *text;

    ewe_gift_set_most_wanted (starred, TRUE);
    ewe_store_edit_gift_async (store_b, gift_b, starred, NULL, ewe_test_waiter_cb, &waiter);
    g_assert_true (ewe_store_edit_gift_finish (store_b, ewe_test_waiter_wait (&waiter), &error));
    g_assert_true (edit_gift (store_a, gift_a, 8, "Size 3, please", FALSE, &error));
    g_assert_no_error (error);
    g_assert_true (run_sync (sync_a, &error));
    g_assert_true (run_sync (sync_b, &error));
    g_assert_true (run_sync (sync_a, &error));
    g_assert_no_error (error);
    for (guint i = 0; i < 2; i++)
      {
        EweGift *gift = i == 0 ? gift_a : gift_b;

        g_assert_true (ewe_gift_get_most_wanted (gift));
        g_assert_cmpint (ewe_gift_get_quantity (gift), ==, 8);
      }

    answer = api_get (client, EWE_API_GET_LIST, (const char *[]) { ewe_list_get_id (list_a), NULL });
    text = g_bytes_get_data (answer, &size);
    g_assert_true (ewe_codec_decode_list (text, size, &full, &gifts, &reservations, &error));
    g_assert_no_error (error);
    g_assert_true (ewe_gift_get_most_wanted (gifts->pdata[0]));
  }
}

static gboolean
update_list (EweStore   *store,
             EweList    *list,
             const char *title,
             const char *currency,
             GError    **error)
{
  g_autoptr(EweList) values = ewe_list_copy (list);
  g_auto(EweTestWaiter) waiter = { 0 };

  if (title != NULL)
    ewe_list_set_title (values, title);
  if (currency != NULL)
    ewe_list_set_currency (values, currency);
  ewe_store_update_list_async (store, list, values, NULL, ewe_test_waiter_cb, &waiter);
  return ewe_store_update_list_finish (store, ewe_test_waiter_wait (&waiter), error);
}

/* A list's currency, offline first: a new list has one, changed offline it
 * reaches the server, a price typed for the list without one takes it,
 * and two devices' edits of it and of the title merge. */
static void
test_list_currency_syncs_and_merges (Fixture      *fixture,
                                     gconstpointer data)
{
  g_autofree char *email = ewe_core_fixture_unique_email ("euros");
  g_autofree char *path_b = g_build_filename (fixture->store_dir, "device-b.sqlite", NULL);
  g_autoptr(EweStore) store_a = open_store (fixture->store_path);
  g_autoptr(EweStore) store_b = open_store (path_b);
  g_autoptr(EweAccount) account = NULL;
  g_autoptr(EweApiClient) client = NULL;
  g_autoptr(EweSync) sync_a = NULL;
  g_autoptr(EweSync) sync_b = NULL;
  g_autoptr(EweList) list_a = NULL;
  g_autoptr(EweList) list_b = NULL;
  g_autoptr(EweGift) gift = NULL;
  g_autoptr(GListModel) gifts = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(EweList) full = NULL;
  g_autoptr(GPtrArray) server_gifts = NULL;
  g_autoptr(GError) error = NULL;
  gsize       size = 0;
  const char *text;

  ewe_core_fixture_create_user (&fixture->core, email, "Euro");
  account = ewe_core_fixture_sign_in (&fixture->core, email);
  client = ewe_api_client_new_for_server (account, fixture->core.server->base_url);
  sync_a = ewe_sync_new (store_a, client);
  sync_b = ewe_sync_new (store_b, client);

  list_a = draft_list (store_a, "Euros");
  g_assert_nonnull (ewe_list_get_currency (list_a));
  g_assert_true (update_list (store_a, list_a, NULL, "EUR", &error));
  g_assert_no_error (error);
  /* Typed in with a bare price: the list's currency, not the locale's. */
  draft_gift (store_a, list_a, 1);
  gift = only_gift (store_a, list_a, &gifts);
  g_assert_cmpstr (ewe_gift_get_currency (gift), ==, "EUR");
  g_assert_true (run_sync (sync_a, &error));
  g_assert_no_error (error);

  answer = api_get (client, EWE_API_GET_LIST, (const char *[]) { ewe_list_get_id (list_a), NULL });
  text = g_bytes_get_data (answer, &size);
  g_assert_true (ewe_codec_decode_list (text, size, &full, &server_gifts, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ewe_list_get_currency (full), ==, "EUR");

  g_assert_true (run_sync (sync_b, &error));
  list_b = g_list_model_get_item (ewe_store_get_lists (store_b), 0);
  g_assert_cmpstr (ewe_list_get_currency (list_b), ==, "EUR");

  /* A renames, B changes the currency, both offline: both stay. */
  g_assert_true (update_list (store_a, list_a, "Euros, renamed", NULL, &error));
  g_assert_true (update_list (store_b, list_b, NULL, "CHF", &error));
  g_assert_no_error (error);
  g_assert_true (run_sync (sync_a, &error));
  g_assert_true (run_sync (sync_b, &error));
  g_assert_true (run_sync (sync_a, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      EweList *list = i == 0 ? list_a : list_b;

      g_assert_cmpstr (ewe_list_get_title (list), ==, "Euros, renamed");
      g_assert_cmpstr (ewe_list_get_currency (list), ==, "CHF");
    }
}

/* A server that signs nobody in but answers every lists call with junk. */
static void
junk_cb (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  const char *body = user_data;

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body, strlen (body));
}

static void
test_malformed_server_json (Fixture      *fixture,
                            gconstpointer data)
{
  const char *junk[] = {
    "{\"owned\": 7}",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    "{\"user\": {}, \"owned\": [{\"listId\": null}]}",
    "not json at all",
  };
  g_autoptr(EweStore) store = open_store (fixture->store_path);
  g_autoptr(EweAccount) account = ewe_core_fixture_new_user (&fixture->core, "junk");
  g_autoptr(EweList) list = draft_list (store, "Kept");

  for (guint i = 0; i < G_N_ELEMENTS (junk); i++)
    {
      g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
      g_autoptr(GError) error = NULL;
      g_autoslist(GUri) uris = NULL;
      g_autofree char *base_url = NULL;
      g_autoptr(EweApiClient) client = NULL;
      g_autoptr(EweSync) sync = NULL;

      soup_server_add_handler (server, NULL, junk_cb, (gpointer)junk[i], NULL);
      g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
      uris = soup_server_get_uris (server);
      base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
      client = ewe_api_client_new_for_server (account, base_url);
      sync = ewe_sync_new (store, client);

      g_assert_false (run_sync (sync, &error));
      g_assert_error (error, EWE_SYNC_ERROR, EWE_SYNC_ERROR_FAILED);

      /* Nothing was lost: the draft is still there, still waiting. */
      g_assert_true (ewe_list_is_local (list));
      g_assert_cmpuint (ewe_store_get_outbox_length (store), ==, 1);
      g_clear_error (&error);

      /* With nothing to push, the junk reaches the pull and its decoding. */
      {
        g_autofree char *empty_path = g_strdup_printf ("%s/empty-%u.sqlite", fixture->store_dir, i);
        g_autoptr(EweStore) empty = open_store (empty_path);
        g_autoptr(EweSync) pull_only = ewe_sync_new (empty, client);

        g_assert_false (run_sync (pull_only, &error));
        g_assert_error (error, EWE_SYNC_ERROR, EWE_SYNC_ERROR_FAILED);
        g_assert_cmpuint (g_list_model_get_n_items (ewe_store_get_lists (empty)), ==, 0);
      }
    }
}

/* --- a server that records what arrives, and when ----------------------- */

/* Answers the push's calls like ewelists-server would (new ids, empty
 * lists), each after a short delay so that requests sent together are on
 * their way together, and records for each request when it arrived and
 * when it was answered, in one sequence of events. */
typedef struct
{
  char *method;
  char *path;
  char *details; /* POST /notfound: the product's "details" */
  char *body;
  char *key; /* its Idempotency-Key, if any */
  guint arrived;
  guint answered;
} Seen;

typedef struct
{
  SoupServer *server;
  char       *base_url;
  GPtrArray  *seen;       /* Seen */
  GHashTable *details_of; /* product id → the details it was created with */
  guint       tick;
  guint       in_flight;
  guint       max_in_flight;
  guint       next_id;
  char       *fail_details; /* POST /notfound of this product… */
  char       *fail_add_of;  /* …or the add of the product with these details */
  guint       fail_status;  /* …is answered this */
  gboolean    fail_pull;    /* GET /lists is answered 503 */
  guint       pull_lists;   /* GET /lists answers this many lists, "pulled-list-N"… */
  guint       fail_list;    /* …and GET of the one numbered this is answered 503 */
  gboolean    replay;       /* answers say Idempotent-Replayed */
  GPtrArray  *held;         /* Held: answers still to be sent */
  guint       gather;       /* answers wait until this many requests are in flight once */
  gboolean    holding;      /* answers wait until recorder_release() */
  guint       batches;      /* POST /api/batch tried (and answered 404, as the original API does) */
} Recorder;

/* How long an answer waits for the requests a test gathers: long enough
 * for a loaded machine to open its connections, short enough that a
 * client sending one request at a time fails the test rather than hangs. */
#define GATHER_WAIT_MS 3000

typedef struct
{
  Recorder          *recorder;
  SoupServerMessage *msg;
  Seen              *seen;
  guint              status;
  char              *answer;
  guint              source_id;
} Held;

static void
held_free (Held *held)
{
  g_object_unref (held->msg);
  g_free (held->answer);
  g_free (held);
}

static void
seen_free (Seen *seen)
{
  g_free (seen->method);
  g_free (seen->path);
  g_free (seen->details);
  g_free (seen->body);
  g_free (seen->key);
  g_free (seen);
}

static gboolean
answer_held_cb (gpointer user_data)
{
  Held *held = user_data;

  held->seen->answered = ++held->recorder->tick;
  held->recorder->in_flight--;
  soup_server_message_set_status (held->msg, held->status, NULL);
  soup_server_message_set_response (held->msg, "application/json", SOUP_MEMORY_COPY,
                                    held->answer, strlen (held->answer));
  soup_server_message_unpause (held->msg);
  held->source_id = 0;
  g_ptr_array_remove_fast (held->recorder->held, held);

  return G_SOURCE_REMOVE;
}

static char *
member_of (const char *body,
           const char *member)
{
  g_autoptr(JsonNode) root = body != NULL ? ewe_codec_parse (body, -1, NULL) : NULL;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_member (json_node_get_object (root), member))
    return NULL;

  return g_strdup (json_object_get_string_member (json_node_get_object (root), member));
}

static void
recorder_cb (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  Recorder        *recorder = user_data;
  const char      *method = soup_server_message_get_method (msg);
  SoupMessageBody *request = soup_server_message_get_request_body (msg);
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  guint n_parts = g_strv_length (parts);
  Seen *seen;
  Held *held;

  /* The original API has no batch route: the sync sends one by one. */
  if (g_str_equal (path, "/api/batch"))
    {
      const char *answer = "{\"message\": \"Not Found\"}";

      recorder->batches++;
      soup_server_message_set_status (msg, 404, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, answer, strlen (answer));
      return;
    }

  seen = g_new0 (Seen, 1);
  held = g_new0 (Held, 1);

  seen->method = g_strdup (method);
  seen->path = g_strdup (path);
  seen->body = request->length > 0 ? g_strndup (request->data, request->length) : NULL;
  seen->key = g_strdup (soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                      "Idempotency-Key"));
  seen->arrived = ++recorder->tick;
  g_ptr_array_add (recorder->seen, seen);
  recorder->in_flight++;
  recorder->max_in_flight = MAX (recorder->max_in_flight, recorder->in_flight);

  held->recorder = recorder;
  held->msg = g_object_ref (msg);
  held->seen = seen;
  held->status = 200;

  /* /api/lists, /api/lists/{id}, /api/lists/{id}/product/{productId}, /api/notfound */
  if (g_str_equal (method, "POST") && g_str_has_suffix (path, "/notfound"))
    {
      g_autofree char *id = g_strdup_printf ("server-product-%u", ++recorder->next_id);

      seen->details = member_of (seen->body, "details");
      if (recorder->fail_details != NULL && g_strcmp0 (seen->details, recorder->fail_details) == 0)
        {
          held->status = recorder->fail_status;
          held->answer = g_strdup ("{\"error\": \"Refused by the test\"}");
        }
      else
        {
          g_hash_table_insert (recorder->details_of, g_strdup (id), g_strdup (seen->details));
          held->answer = g_strdup_printf ("{\"productId\": \"%s\"}", id);
        }
    }
  else if (g_str_equal (method, "POST") && g_str_has_suffix (path, "/lists"))
    {
      held->answer = g_strdup_printf ("{\"listId\": \"server-list-%u\"}", ++recorder->next_id);
    }
  else if (g_str_equal (method, "GET") && g_str_has_suffix (path, "/lists"))
    {
      g_autoptr(GString) owned = g_string_new (NULL);

      for (guint i = 1; i <= recorder->pull_lists; i++)
        g_string_append_printf (owned, "%s{\"listId\": \"pulled-list-%u\", \"title\": \"Pulled %u\", "
                                       "\"state\": \"open\"}",
                                i > 1 ? ", " : "", i, i);
      held->status = recorder->fail_pull ? 503 : 200;
      held->answer = g_strdup_printf ("{\"user\": null, \"owned\": [%s], \"closed\": []}", owned->str);
    }
  else if (g_str_equal (method, "GET") && strstr (path, "/pulled-list-") != NULL)
    {
      guint n = (guint)g_ascii_strtoull (strstr (path, "/pulled-list-") + strlen ("/pulled-list-"), NULL, 10);

      held->status = n == recorder->fail_list ? 503 : 200;
      held->answer = g_strdup_printf ("{\"list\": {\"listId\": \"pulled-list-%u\", \"title\": \"Pulled %u\", "
                                      "\"state\": \"open\"}, \"products\": {}, \"reserved\": []}",
                                      n, n);
    }
  else if (g_str_equal (method, "GET"))
    {
      held->status = 404;
      held->answer = g_strdup ("{\"error\": \"No such list\"}");
    }
  else if (g_str_equal (method, "POST") && n_parts >= 2 && g_str_equal (parts[n_parts - 2], "product") &&
           recorder->fail_add_of != NULL &&
           g_strcmp0 (g_hash_table_lookup (recorder->details_of, parts[n_parts - 1]), recorder->fail_add_of) == 0)
    {
      held->status = recorder->fail_status;
      held->answer = g_strdup ("{\"error\": \"Refused by the test\"}");
    }
  else
    {
      held->answer = g_strdup ("{}");
    }

  if (recorder->replay)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Idempotent-Replayed", "true");

  soup_server_message_pause (msg);
  g_ptr_array_add (recorder->held, held);
  if (recorder->holding)
    return;
  if (recorder->in_flight < recorder->gather)
    {
      held->source_id = g_timeout_add (GATHER_WAIT_MS, answer_held_cb, held);
      return;
    }

  /* Enough at once to prove the client sends them together: whatever
   * waited is answered now, and from here on every answer comes quickly. */
  recorder->gather = 0;
  for (guint i = 0; i < recorder->held->len; i++)
    {
      Held *waiting = g_ptr_array_index (recorder->held, i);

      g_clear_handle_id (&waiting->source_id, g_source_remove);
      waiting->source_id = g_timeout_add (5, answer_held_cb, waiting);
    }
}

static Recorder *
recorder_new (void)
{
  Recorder *recorder = g_new0 (Recorder, 1);
  g_autoslist(GUri) uris = NULL;
  g_autoptr(GError) error = NULL;

  recorder->server = soup_server_new (NULL, NULL);
  recorder->seen = g_ptr_array_new_with_free_func ((GDestroyNotify)seen_free);
  recorder->held = g_ptr_array_new_with_free_func ((GDestroyNotify)held_free);
  recorder->details_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  soup_server_add_handler (recorder->server, NULL, recorder_cb, recorder, NULL);
  g_assert_true (soup_server_listen_local (recorder->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (recorder->server);
  recorder->base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));

  return recorder;
}

static void
recorder_free (Recorder *recorder)
{
  /* A test may end with answers still held (a sync it cancelled): their
   * timeouts must not fire into the next test with this recorder gone. */
  for (guint i = 0; i < recorder->held->len; i++)
    g_clear_handle_id (&((Held *)g_ptr_array_index (recorder->held, i))->source_id, g_source_remove);
  g_ptr_array_unref (recorder->held);
  g_clear_object (&recorder->server);
  g_ptr_array_unref (recorder->seen);
  g_hash_table_unref (recorder->details_of);
  g_free (recorder->base_url);
  g_free (recorder->fail_details);
  g_free (recorder->fail_add_of);
  g_free (recorder);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Recorder, recorder_free)

/* Answers what is held, and from here on every request quickly. */
static void
recorder_release (Recorder *recorder)
{
  recorder->holding = FALSE;
  for (guint i = 0; i < recorder->held->len; i++)
    {
      Held *waiting = g_ptr_array_index (recorder->held, i);

      g_clear_handle_id (&waiting->source_id, g_source_remove);
      waiting->source_id = g_timeout_add (5, answer_held_cb, waiting);
    }
}

/* The gift number in "Gift number N", the details draft_gift() gives. */
static guint
gift_number (const char *details)
{
  g_assert_nonnull (details);
  g_assert_true (g_str_has_prefix (details, "Gift number "));
  return (guint)g_ascii_strtoull (details + strlen ("Gift number "), NULL, 10);
}

/* The product id in …/product/{productId}, or NULL. */
static const char *
added_product (Seen *seen)
{
  const char *slash = strrchr (seen->path, '/');

  if (!g_str_equal (seen->method, "POST") || strstr (seen->path, "/product/") == NULL)
    return NULL;
  return slash + 1;
}

static guint
count_seen (Recorder   *recorder,
            const char *method,
            const char *path_part)
{
  guint count = 0;

  for (guint i = 0; i < recorder->seen->len; i++)
    {
      Seen *seen = g_ptr_array_index (recorder->seen, i);

      if (g_str_equal (seen->method, method) && strstr (seen->path, path_part) != NULL)
        count++;
    }

  return count;
}

static EweGift *
first_gift (EweStore *store,
            EweList  *list)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) gifts = NULL;

  ewe_store_load_gifts_async (store, list, NULL, ewe_test_waiter_cb, &waiter);
  gifts = ewe_store_load_gifts_finish (store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (gifts), >, 0);

  return g_list_model_get_item (gifts, 0);
}

static void
set_quantity (EweStore *store,
              EweGift  *gift,
              int       quantity)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;

  ewe_store_update_gift_async (store, gift, quantity, ewe_gift_get_notes (gift), NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_store_update_gift_finish (store, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
}

static void
rename_list (EweStore   *store,
             EweList    *list,
             const char *title)
{
  g_autoptr(EweList) values = ewe_list_copy (list);
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;

  ewe_list_set_title (values, title);
  ewe_store_update_list_async (store, list, values, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_store_update_list_finish (store, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
}

/* Independent entries travel together, but the gifts of one list arrive in
 * the order they were added, each only once its product exists, edits of
 * one gift or list one after the other and in order, and a list's rename
 * only once everything before it on that list is done. */
static void
test_concurrent_push_keeps_order (Fixture      *fixture,
                                  gconstpointer data)
{
  g_autoptr(Recorder) recorder = recorder_new ();
  g_autoptr(EweStore) store = open_store (fixture->store_path);
  g_autoptr(EweAccount) account = ewe_core_fixture_new_user (&fixture->core, "orderly");
  g_autoptr(EweApiClient) client = ewe_api_client_new_for_server (account, recorder->base_url);
  g_autoptr(EweSync) sync = NULL;
  g_autoptr(GHashTable) last_gift_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) last_answer_on = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  guint renames = 0;
  guint gift_puts = 0;

  draft_lists (store);
  recorder->gather = 3;
  {
    g_autoptr(EweList) list = g_list_model_get_item (ewe_store_get_lists (store), 0);
    g_autoptr(EweGift) gift = first_gift (store, list);

    set_quantity (store, gift, 7);
    set_quantity (store, gift, 8);
    set_quantity (store, gift, 9);
    rename_list (store, list, "Renamed once");
    rename_list (store, list, "Renamed twice");
  }

  sync = ewe_sync_new (store, client);
  g_assert_true (run_sync (sync, &error));
  g_assert_no_error (error);

  /* Several at once, or this test proves nothing; more than the two
   * connections per host libsoup opens unless told otherwise. */
  g_assert_cmpuint (recorder->max_in_flight, >, 2);
  g_assert_cmpuint (count_seen (recorder, "POST", "/notfound"), ==, N_LISTS * GIFTS_PER_LIST);

  for (guint i = 0; i < recorder->seen->len; i++)
    {
      Seen       *seen = g_ptr_array_index (recorder->seen, i);
      const char *product_id = added_product (seen);
      g_auto(GStrv) parts = g_strsplit (seen->path, "/", -1);
      const char *list_id = g_strv_length (parts) > 3 ? parts[3] : NULL;

      /* /api/lists/{id}: an edit of the list arrives once everything
       * before it on that list was answered; /api/lists/{id}/product/{p}:
       * an edit of a gift once the list's edits before it were answered,
       * and the gift's own, and (an add) the adds to that list. */
      if (list_id != NULL && !g_str_equal (seen->method, "GET"))
        {
          g_autofree char *list_key = g_strconcat ("list ", list_id, NULL);
          g_autofree char *any_key = g_strconcat ("any ", list_id, NULL);
          g_autofree char *add_key = g_strconcat ("add ", list_id, NULL);
          gboolean         of_list = g_strv_length (parts) == 4;

          if (of_list)
            {
              g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (last_answer_on, any_key)), <, seen->arrived);
              g_hash_table_insert (last_answer_on, g_strdup (list_key), GUINT_TO_POINTER (seen->answered));
            }
          else
            {
              g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (last_answer_on, list_key)), <, seen->arrived);
              g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (last_answer_on, seen->path)), <, seen->arrived);
              g_hash_table_insert (last_answer_on, g_strdup (seen->path), GUINT_TO_POINTER (seen->answered));
            }

          if (product_id != NULL)
            {
              g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (last_answer_on, add_key)), <, seen->arrived);
              g_hash_table_insert (last_answer_on, g_strdup (add_key), GUINT_TO_POINTER (seen->answered));
            }

          g_hash_table_insert (last_answer_on, g_strdup (any_key),
                               GUINT_TO_POINTER (MAX (seen->answered,
                                                      GPOINTER_TO_UINT (g_hash_table_lookup (last_answer_on, any_key)))));
        }

      if (product_id != NULL)
        {
          guint    number = gift_number (g_hash_table_lookup (recorder->details_of, product_id));
          gpointer previous = NULL;

          /* In the order they were added. */
          if (g_hash_table_lookup_extended (last_gift_of, list_id, NULL, &previous))
            g_assert_cmpuint (GPOINTER_TO_UINT (previous), <, number);
          g_hash_table_insert (last_gift_of, g_strdup (list_id), GUINT_TO_POINTER (number));
        }

      if (g_str_equal (seen->method, "PUT") && strstr (seen->path, "/product/") != NULL)
        {
          g_autofree char *expected = g_strdup_printf ("\"quantity\":%u", 7 + gift_puts);

          g_assert_nonnull (strstr (seen->body, expected));
          gift_puts++;
        }
      else if (g_str_equal (seen->method, "PUT"))
        {
          g_autofree char *title = member_of (seen->body, "title");

          g_assert_cmpstr (title, ==, renames == 0 ? "Renamed once" : "Renamed twice");
          renames++;
        }
    }

  g_assert_cmpuint (gift_puts, ==, 3);
  g_assert_cmpuint (renames, ==, 2);
  g_assert_cmpuint (g_hash_table_size (last_gift_of), ==, N_LISTS);
  g_assert_cmpuint (ewe_store_get_outbox_length (store), ==, 0);
}

static gint64
attempts_of_waiting (EweStore *store,
                     guint    *n_waiting)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  gint64 attempts = 0;

  ewe_store_list_outbox_async (store, NULL, ewe_test_waiter_cb, &waiter);
  entries = ewe_store_list_outbox_finish (store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);

  for (guint i = 0; i < entries->len; i++)
    attempts += ewe_outbox_entry_get_attempts (g_ptr_array_index (entries, i));
  *n_waiting = entries->len;

  return attempts;
}

/* The server fails one entry while others are on their way: the run stops
 * with the error as before, that entry is kept and its attempt counted,
 * what the server answered meanwhile is recorded (so it is not sent
 * twice), and the next run sends the rest. */
static void
test_failure_amid_concurrent_push (Fixture      *fixture,
                                   gconstpointer data)
{
  g_autoptr(Recorder) recorder = recorder_new ();
  g_autoptr(EweStore) store = open_store (fixture->store_path);
  g_autoptr(EweAccount) account = ewe_core_fixture_new_user (&fixture->core, "failing");
  g_autoptr(EweApiClient) client = ewe_api_client_new_for_server (account, recorder->base_url);
  g_autoptr(EweSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) sent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint waiting = 0;

  draft_lists (store);
  recorder->fail_details = g_strdup ("Gift number 5");
  recorder->fail_status = 503;

  sync = ewe_sync_new (store, client);
  g_assert_false (run_sync (sync, &error));
  g_assert_error (error, EWE_SYNC_ERROR, EWE_SYNC_ERROR_FAILED);
  g_assert_nonnull (ewe_sync_get_last_error (sync));
  g_clear_error (&error);

  /* Kept, its attempt counted; neither it nor its gift reached the server. */
  g_assert_cmpint (attempts_of_waiting (store, &waiting), ==, 1);
  g_assert_cmpuint (waiting, >=, 2);
  g_assert_cmpuint (count_seen (recorder, "POST", "/notfound"), <, N_LISTS * GIFTS_PER_LIST);

  g_clear_pointer (&recorder->fail_details, g_free);
  g_assert_true (run_sync (sync, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ewe_store_get_outbox_length (store), ==, 0);

  /* Everything arrived once, but the failed one twice. */
  for (guint i = 0; i < recorder->seen->len; i++)
    {
      Seen            *seen = g_ptr_array_index (recorder->seen, i);
      const char      *product_id = added_product (seen);
      g_autofree char *what = NULL;

      if (seen->details != NULL && !g_str_equal (seen->details, "Gift number 5"))
        what = g_strconcat ("product ", seen->details, NULL);
      else if (product_id != NULL)
        what = g_strconcat ("gift ", (char *)g_hash_table_lookup (recorder->details_of, product_id), NULL);
      else if (g_str_equal (seen->method, "POST") && g_str_has_suffix (seen->path, "/lists"))
        what = g_strdup_printf ("list %s", seen->body);

      if (what != NULL)
        {
          g_assert_false (g_hash_table_contains (sent, what));
          g_hash_table_add (sent, g_steal_pointer (&what));
        }
    }
  g_assert_cmpuint (count_seen (recorder, "POST", "/notfound"), ==, N_LISTS * GIFTS_PER_LIST + 1);
  g_assert_cmpuint (g_hash_table_size (sent), ==, N_LISTS + 2 * N_LISTS * GIFTS_PER_LIST - 1);
}

/* Where the server's copy of @list_id was read, or 0. */
static guint
read_back_at (Recorder   *recorder,
              const char *list_id)
{
  g_autofree char *suffix = g_strconcat ("/lists/", list_id, NULL);

  for (guint i = 0; i < recorder->seen->len; i++)
    {
      Seen *seen = g_ptr_array_index (recorder->seen, i);

      if (g_str_equal (seen->method, "GET") && g_str_has_suffix (seen->path, suffix))
        return seen->arrived;
    }

  return 0;
}

static guint
renamed_at (Recorder   *recorder,
            const char *list_id)
{
  g_autofree char *suffix = g_strconcat ("/lists/", list_id, NULL);

  for (guint i = 0; i < recorder->seen->len; i++)
    {
      Seen *seen = g_ptr_array_index (recorder->seen, i);

      if (g_str_equal (seen->method, "PUT") && g_str_has_suffix (seen->path, suffix))
        return seen->arrived;
    }

  return 0;
}

/* An update is sent after reading the server's copy back, for the
 * three-way merge, unless this very run created the list: nobody else
 * can have changed it. A create the server replays was made before, and
 * is read back. */
static void
test_read_back_only_when_needed (Fixture      *fixture,
                                 gconstpointer data)
{
  g_autoptr(Recorder) recorder = recorder_new ();
  g_autoptr(EweStore) store = open_store (fixture->store_path);
  g_autoptr(EweAccount) account = ewe_core_fixture_new_user (&fixture->core, "reader");
  g_autoptr(EweApiClient) client = ewe_api_client_new_for_server (account, recorder->base_url);
  g_autoptr(EweSync) sync = ewe_sync_new (store, client);
  g_autoptr(EweList) list = draft_list (store, "Fresh");
  g_autoptr(GError) error = NULL;

  /* The pull fails, so that the list stays as pushed. */
  recorder->fail_pull = TRUE;
  rename_list (store, list, "Fresh, renamed");
  g_assert_false (run_sync (sync, &error));
  g_clear_error (&error);
  g_assert_false (ewe_list_is_local (list));
  g_assert_cmpuint (ewe_store_get_outbox_length (store), ==, 0);
  g_assert_cmpuint (renamed_at (recorder, ewe_list_get_id (list)), >, 0);
  g_assert_cmpuint (read_back_at (recorder, ewe_list_get_id (list)), ==, 0);

  /* Next time, the list is an old one. */
  g_ptr_array_set_size (recorder->seen, 0);
  rename_list (store, list, "Renamed later");
  g_assert_false (run_sync (sync, &error));
  g_clear_error (&error);
  g_assert_cmpuint (read_back_at (recorder, ewe_list_get_id (list)), >, 0);
  g_assert_cmpuint (read_back_at (recorder, ewe_list_get_id (list)), <, renamed_at (recorder, ewe_list_get_id (list)));

  /* A replayed create. */
  {
    g_autoptr(EweList) replayed = draft_list (store, "Created before");

    g_ptr_array_set_size (recorder->seen, 0);
    recorder->replay = TRUE;
    rename_list (store, replayed, "Created before, renamed");
    g_assert_false (run_sync (sync, &error));
    g_clear_error (&error);
    g_assert_false (ewe_list_is_local (replayed));
    g_assert_cmpuint (read_back_at (recorder, ewe_list_get_id (replayed)), >, 0);
    g_assert_cmpuint (read_back_at (recorder, ewe_list_get_id (replayed)), <,
                      renamed_at (recorder, ewe_list_get_id (replayed)));
  }
}

typedef struct
{
  guint count;
  char *message;
} Refused;

static void
change_refused_cb (EweSync        *sync,
                   EweOutboxEntry *entry,
                   const char     *message,
                   Refused        *refused)
{
  g_assert_cmpint (ewe_outbox_entry_get_kind (entry), ==, EWE_OUTBOX_KIND_ADD_GIFT);
  refused->count++;
  g_free (refused->message);
  refused->message = g_strdup (message);
}

/* The server refuses one gift for good amid the others: the user is told
 * about that one, and everything else goes through. */
static void
test_refusal_amid_concurrent_push (Fixture      *fixture,
                                   gconstpointer data)
{
  g_autoptr(Recorder) recorder = recorder_new ();
  g_autoptr(EweStore) store = open_store (fixture->store_path);
  g_autoptr(EweAccount) account = ewe_core_fixture_new_user (&fixture->core, "refused");
  g_autoptr(EweApiClient) client = ewe_api_client_new_for_server (account, recorder->base_url);
  g_autoptr(EweSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  Refused refused = { 0 };

  draft_lists (store);
  recorder->fail_add_of = g_strdup ("Gift number 105");
  recorder->fail_status = 400;

  sync = ewe_sync_new (store, client);
  g_signal_connect (sync, "change-refused", G_CALLBACK (change_refused_cb), &refused);
  g_assert_true (run_sync (sync, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (refused.count, ==, 1);
  g_assert_cmpstr (refused.message, ==, "Refused by the test");
  g_assert_cmpuint (ewe_store_get_outbox_length (store), ==, 0);
  g_assert_cmpuint (count_seen (recorder, "POST", "/product/"), ==, N_LISTS * GIFTS_PER_LIST);
  g_free (refused.message);
}

/* The lists pulled are read from the server several at once and merged
 * one by one; one the server cannot answer ends the run with its error. */
static void
test_pull_reads_lists_together (Fixture      *fixture,
                                gconstpointer data)
{
  g_autoptr(Recorder) recorder = recorder_new ();
  g_autoptr(EweStore) store = open_store (fixture->store_path);
  g_autoptr(EweAccount) account = ewe_core_fixture_new_user (&fixture->core, "puller");
  g_autoptr(EweApiClient) client = ewe_api_client_new_for_server (account, recorder->base_url);
  g_autoptr(EweSync) sync = ewe_sync_new (store, client);
  g_autoptr(GError) error = NULL;
  GListModel *lists = ewe_store_get_lists (store);

  recorder->pull_lists = 8;
  recorder->gather = 2;
  g_assert_true (run_sync (sync, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_seen (recorder, "GET", "/pulled-list-"), ==, 8);
  g_assert_cmpuint (recorder->max_in_flight, >, 1);
  g_assert_cmpuint (g_list_model_get_n_items (lists), ==, 8);
  for (guint i = 1; i <= 8; i++)
    {
      g_autofree char *id = g_strdup_printf ("pulled-list-%u", i);
      g_autofree char *title = g_strdup_printf ("Pulled %u", i);
      gboolean         found = FALSE;

      for (guint j = 0; j < g_list_model_get_n_items (lists); j++)
        {
          g_autoptr(EweList) list = g_list_model_get_item (lists, j);

          found |= g_str_equal (ewe_list_get_id (list), id) && g_str_equal (ewe_list_get_title (list), title);
        }
      g_assert_true (found);
    }

  recorder->fail_list = 5;
  g_assert_false (run_sync (sync, &error));
  g_assert_error (error, EWE_SYNC_ERROR, EWE_SYNC_ERROR_FAILED);
  g_assert_false (ewe_sync_get_syncing (sync));
  g_assert_cmpuint (g_list_model_get_n_items (lists), ==, 8);
}

typedef struct
{
  gboolean      restarted;
  EweTestWaiter waiter;
} Restart;

/* As the live updates do: a run as soon as the last one has ended. */
static void
restart_once_cb (EweSync    *sync,
                 GParamSpec *pspec,
                 Restart    *restart)
{
  if (ewe_sync_get_syncing (sync) || restart->restarted)
    return;

  restart->restarted = TRUE;
  ewe_sync_run_async (sync, NULL, ewe_test_waiter_cb, &restart->waiter);
}

/* The session replaces its engine when its API client changes, while the
 * old one's requests are still on their way: the old one only stops its
 * loop, its run goes on and records what the server answers. The new one
 * must not send those entries again meanwhile: every entry reaches the
 * server once (by its Idempotency-Key), neither run fails on a commit the
 * other made ("This change was already sent"), and the outbox ends empty. */
static void
test_two_engines_push_once (Fixture      *fixture,
                            gconstpointer data)
{
  g_autoptr(Recorder) recorder = recorder_new ();
  g_autoptr(EweStore) store = open_store (fixture->store_path);
  g_autoptr(EweAccount) account = ewe_core_fixture_new_user (&fixture->core, "twoengines");
  g_autoptr(EweApiClient) old_client = ewe_api_client_new_for_server (account, recorder->base_url);
  g_autoptr(EweApiClient) new_client = ewe_api_client_new_for_server (account, recorder->base_url);
  g_autoptr(EweSync) old_sync = NULL;
  g_autoptr(EweSync) new_sync = NULL;
  g_autoptr(EweList) list = draft_list (store, "Sent once");
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) entries = NULL;
  g_auto(EweTestWaiter) old_waiter = { 0 };
  g_auto(EweTestWaiter) new_waiter = { 0 };
  g_auto(EweTestWaiter) read_waiter = { 0 };
  Restart restart = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean old_ok;
  gboolean new_ok;
  guint    pending;

  for (guint i = 0; i < 4; i++)
    draft_gift (store, list, i);
  pending = ewe_store_get_outbox_length (store);

  recorder->holding = TRUE;
  old_sync = ewe_sync_new (store, old_client);
  ewe_sync_run_async (old_sync, NULL, ewe_test_waiter_cb, &old_waiter);
  /* Its next run, started as this one ends, waits its turn too. */
  g_signal_connect (old_sync, "notify::syncing", G_CALLBACK (restart_once_cb), &restart);
  while (recorder->held->len == 0)
    g_main_context_iteration (NULL, TRUE);

  /* What the session does when its client changes. */
  ewe_sync_stop (old_sync);
  new_sync = ewe_sync_new (store, new_client);
  ewe_sync_start (new_sync);
  ewe_sync_run_async (new_sync, NULL, ewe_test_waiter_cb, &new_waiter);

  /* The store's worker runs its jobs in order: once this read is done, so
   * is any the new engine asked for; and nothing was committed yet. */
  ewe_store_list_outbox_async (store, NULL, ewe_test_waiter_cb, &read_waiter);
  entries = ewe_store_list_outbox_finish (store, ewe_test_waiter_wait (&read_waiter), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, pending);

  recorder_release (recorder);
  old_ok = ewe_sync_run_finish (old_sync, ewe_test_waiter_wait (&old_waiter), &error);
  g_assert_no_error (error);
  g_assert_true (old_ok);
  new_ok = ewe_sync_run_finish (new_sync, ewe_test_waiter_wait (&new_waiter), &error);
  g_assert_no_error (error);
  g_assert_true (new_ok);
  g_assert_null (ewe_sync_get_last_error (new_sync));
  ewe_sync_stop (new_sync);
  g_assert_true (restart.restarted);
  old_ok = ewe_sync_run_finish (old_sync, ewe_test_waiter_wait (&restart.waiter), &error);
  g_assert_no_error (error);
  g_assert_true (old_ok);
  ewe_test_waiter_clear (&restart.waiter);
  g_signal_handlers_disconnect_by_func (old_sync, restart_once_cb, &restart);

  for (guint i = 0; i < recorder->seen->len; i++)
    {
      Seen *seen = g_ptr_array_index (recorder->seen, i);

      if (seen->key == NULL)
        continue;
      if (!g_hash_table_add (keys, seen->key))
        g_error ("%s %s was sent twice (Idempotency-Key %s)", seen->method, seen->path, seen->key);
    }
  g_assert_cmpuint (g_hash_table_size (keys), ==, pending);
  g_assert_cmpuint (ewe_store_get_outbox_length (store), ==, 0);
  g_assert_false (ewe_list_is_local (list));
}

/* A gift added from a shop's page (Add to List) is one of the user's own
 * products with the shop it came from: the shop reaches the server with
 * it, where anyone the list is shared with reads it. */
static void
test_shop_gift_keeps_its_shop (Fixture      *fixture,
                               gconstpointer data)
{
  g_autofree char *email = ewe_core_fixture_unique_email ("shopper");
  g_autoptr(EweStore) store = open_store (fixture->store_path);
  g_autoptr(EweAccount) account = NULL;
  g_autoptr(EweApiClient) client = NULL;
  g_autoptr(EweSync) sync = NULL;
  g_autoptr(EweList) list = NULL;
  g_autoptr(EweGift) values = ewe_gift_new ();
  g_autoptr(EweGift) added = NULL;
  g_autoptr(EweGift) synced = NULL;
  g_autoptr(EweGift) on_server = NULL;
  g_autofree char *product_id = ewe_id_new_local ();
  g_autofree char *url = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;

  ewe_core_fixture_create_user (&fixture->core, email, "Shopper");
  account = ewe_core_fixture_sign_in (&fixture->core, email);
  client = ewe_api_client_new_for_server (account, fixture->core.server->base_url);
  sync = ewe_sync_new (store, client);

  list = draft_list (store, "From the shops");
  ewe_gift_set_product_id (values, product_id);
  ewe_gift_set_product_type (values, EWE_PRODUCT_TYPE_NOTFOUND);
  ewe_gift_set_details (values, "Wooden Rocking Horse");
  ewe_gift_set_brand (values, "Little Oak");
  ewe_gift_set_retailer (values, "Little Oak Toys");
  ewe_gift_set_product_url (values, "https://toys.example/horse");
  ewe_gift_set_price (values, "129.00");
  ewe_gift_set_currency (values, "GBP");
  ewe_gift_set_quantity (values, 1);
  ewe_store_add_gift_async (store, list, values, NULL, ewe_test_waiter_cb, &waiter);
  added = ewe_store_add_gift_finish (store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);

  g_assert_true (run_sync (sync, &error));
  g_assert_no_error (error);

  /* The product, by the id the server gave it. */
  synced = first_gift (store, list);
  g_assert_false (g_str_has_prefix (ewe_gift_get_product_id (synced), "local:"));
  g_assert_cmpstr (ewe_gift_get_retailer (synced), ==, "Little Oak Toys");
  url = g_strdup_printf ("%s/api/notfound/%s", fixture->core.server->base_url, ewe_gift_get_product_id (synced));
  msg = soup_message_new ("GET", url);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  on_server = ewe_codec_decode_product (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                        EWE_PRODUCT_TYPE_NOTFOUND, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ewe_gift_get_details (on_server), ==, "Wooden Rocking Horse");
  g_assert_cmpstr (ewe_gift_get_retailer (on_server), ==, "Little Oak Toys");
  g_assert_cmpstr (ewe_gift_get_currency (on_server), ==, "GBP");
}

/* --- batches ------------------------------------------------------------- */

static const char *metrics_args[2];
#define METRICS_TOKEN "a-long-random-metrics-token-for-the-sync"

/* The server's count of the requests answered that change something
 * (POST, PUT, DELETE) on @route, or on every route when NULL. */
static guint64
count_writes (EweTestServer *server,
              const char    *route)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = ewe_test_server_url (server, "/metrics");
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  guint64 total = 0;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                "Bearer " METRICS_TOKEN);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);

  lines = g_strsplit (g_bytes_get_data (body, NULL), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char      *line = lines[i];
      g_autofree char *wanted = route != NULL ? g_strdup_printf ("{route=\"%s\",", route) : NULL;

      if (!g_str_has_prefix (line, "ewelists_http_requests_total{") ||
          (wanted != NULL && strstr (line, wanted) == NULL) || strstr (line, "route=\"/api/auth") != NULL)
        continue;
      if (strstr (line, "method=\"POST\"") == NULL && strstr (line, "method=\"PUT\"") == NULL &&
          strstr (line, "method=\"DELETE\"") == NULL)
        continue;

      total += g_ascii_strtoull (strrchr (line, ' ') + 1, NULL, 10);
    }

  return total;
}

/* Against ewelists-server the outbox goes in batches: far fewer requests
 * than entries, and everything arrives once, as one by one. */
static void
test_sync_uses_batches (Fixture      *fixture,
                        gconstpointer data)
{
  g_autoptr(EweStore) store = open_store (fixture->store_path);
  g_autoptr(EweAccount) account = NULL;
  g_autoptr(EweApiClient) client = NULL;
  g_autoptr(EweSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  guint64 before;
  guint64 writes;
  guint64 batches;
  guint   entries;

  draft_lists (store);
  entries = ewe_store_get_outbox_length (store);

  account = ewe_core_fixture_new_user (&fixture->core, "batcher");
  client = ewe_api_client_new_for_server (account, fixture->core.server->base_url);
  sync = ewe_sync_new (store, client);

  before = count_writes (fixture->core.server, NULL);
  g_assert_true (run_sync (sync, &error));
  g_assert_no_error (error);
  writes = count_writes (fixture->core.server, NULL) - before;
  batches = count_writes (fixture->core.server, "/api/batch");

  g_test_message ("%u outbox entries sent in %" G_GUINT64_FORMAT " requests, %" G_GUINT64_FORMAT " of them batches",
                  entries, writes, batches);
  g_assert_cmpuint (batches, >=, 1);
  g_assert_cmpuint (writes, <=, entries / 3);
  g_assert_cmpuint (ewe_sync_get_pending (sync), ==, 0);
  assert_store_synced (store, N_LISTS);
  assert_server_has_drafts (client, N_LISTS);
}

/* A server without the batch route (the original API) gets one request
 * per entry, in the order rules as before; the sync asks once, and
 * remembers. */
static void
test_falls_back_without_batch_route (Fixture      *fixture,
                                     gconstpointer data)
{
  g_autoptr(Recorder) recorder = recorder_new ();
  g_autoptr(EweStore) store = open_store (fixture->store_path);
  g_autoptr(EweAccount) account = ewe_core_fixture_new_user (&fixture->core, "original");
  g_autoptr(EweApiClient) client = ewe_api_client_new_for_server (account, recorder->base_url);
  g_autoptr(EweSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  guint entries;

  draft_lists (store);
  entries = ewe_store_get_outbox_length (store);
  sync = ewe_sync_new (store, client);
  g_assert_true (run_sync (sync, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (recorder->batches, ==, 1);
  g_assert_cmpuint (count_seen (recorder, "POST", "/notfound"), ==, N_LISTS * GIFTS_PER_LIST);
  g_assert_cmpuint (count_seen (recorder, "POST", "/product/"), ==, N_LISTS * GIFTS_PER_LIST);
  g_assert_cmpuint (ewe_store_get_outbox_length (store), ==, 0);
  g_assert_cmpuint (recorder->seen->len, >=, entries);

  /* Later edits: one by one at once, no batch tried again. */
  {
    g_autoptr(EweList) later = draft_list (store, "Later");

    draft_gift (store, later, 1000);
    draft_gift (store, later, 1001);
  }
  g_assert_true (run_sync (sync, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (recorder->batches, ==, 1);
  g_assert_cmpuint (count_seen (recorder, "POST", "/notfound"), ==, N_LISTS * GIFTS_PER_LIST + 2);
  g_assert_cmpuint (ewe_store_get_outbox_length (store), ==, 0);
}

/* The server killed while a batch is on its way (before, during or after
 * running it: wherever the kill lands), then the same batch sent again:
 * every list is there once, the ones already made answered from their
 * Idempotency-Key records. */
#define MID_BATCH_LISTS 40

static void
send_mid_batch (EweApiClient  *client,
                gboolean       kill,
                EweTestServer *server,
                GPtrArray    **answers,
                GError       **error)
{
  g_autofree EweApiBatchEntry *entries = g_new0 (EweApiBatchEntry, MID_BATCH_LISTS);
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_auto(EweTestWaiter) waiter = { 0 };

  for (guint i = 0; i < MID_BATCH_LISTS; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"title\": \"Batch %u\"}", i);

      g_ptr_array_add (bodies, ewe_codec_parse (json, -1, NULL));
      g_ptr_array_add (keys, g_strdup_printf ("mid-batch-%u", i));
      entries[i].endpoint = EWE_API_CREATE_LIST;
      entries[i].body = g_ptr_array_index (bodies, i);
      entries[i].idempotency_key = g_ptr_array_index (keys, i);
    }

  ewe_api_client_batch_async (client, entries, MID_BATCH_LISTS, NULL, ewe_test_waiter_cb, &waiter);
  if (kill)
    {
      /* Let the request leave, then SIGKILL: no clean shutdown. */
      for (guint i = 0; i < 3; i++)
        g_main_context_iteration (NULL, FALSE);
      g_subprocess_force_exit (server->process);
      g_subprocess_wait (server->process, NULL, NULL);
    }
  *answers = ewe_api_client_batch_finish (client, ewe_test_waiter_wait (&waiter), error);
}

static void
test_server_killed_mid_batch (Fixture      *fixture,
                              gconstpointer data)
{
  g_autoptr(EweAccount) account = ewe_core_fixture_new_user (&fixture->core, "midbatch");
  g_autoptr(EweApiClient) client = ewe_api_client_new_for_server (account, fixture->core.server->base_url);
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) lists = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GHashTable) titles = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *owned;

  send_mid_batch (client, TRUE, fixture->core.server, &first, &error);
  g_test_message ("The killed batch %s", first != NULL ? "was answered first" : "got no answer");
  g_clear_error (&error);

  g_clear_object (&fixture->core.server->process);
  g_assert_true (ewe_test_server_restart (fixture->core.server));

  send_mid_batch (client, FALSE, NULL, &again, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < again->len; i++)
    {
      EweApiBatchAnswer *answer = g_ptr_array_index (again, i);

      g_assert_no_error (answer->error);
      g_assert_nonnull (answer->answer);
      /* Answered the first time: the record's answer, the same id. */
      if (first != NULL)
        g_assert_true (answer->replayed);
    }

  lists = api_get (client, EWE_API_GET_LISTS, NULL);
  root = ewe_codec_parse (g_bytes_get_data (lists, NULL), g_bytes_get_size (lists), NULL);
  owned = json_object_get_array_member (json_node_get_object (root), "owned");
  g_assert_cmpuint (json_array_get_length (owned), ==, MID_BATCH_LISTS);
  for (guint i = 0; i < json_array_get_length (owned); i++)
    g_assert_true (g_hash_table_add (titles, (gpointer)json_object_get_string_member (
                                               json_array_get_object_element (owned, i), "title")));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* The server counts the requests it answers, by route, in /metrics. */
  {
    g_autoptr(GError) error = NULL;
    char *token_path = NULL;
    int   fd = g_file_open_tmp ("ewelists-sync-metrics-XXXXXX", &token_path, &error);

    g_assert_no_error (error);
    close (fd);
    g_assert_true (g_file_set_contents (token_path, METRICS_TOKEN, -1, &error));
    metrics_args[0] = g_strdup_printf ("--metrics-token-file=%s", token_path);
    g_free (token_path);
  }

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/core/sync/offline-drafts-arrive-once", test_offline_drafts_arrive_once);
  ADD ("/core/sync/signed-out-keeps-everything", test_signed_out_keeps_everything);
  ADD ("/core/sync/server-killed-mid-sync", test_server_killed_mid_sync);
  ADD ("/core/sync/crash-between-answer-and-commit", test_crash_between_answer_and_commit);
  ADD ("/core/sync/crash-with-several-in-flight", test_crash_with_several_in_flight);
  ADD ("/core/sync/two-devices-converge", test_two_devices_converge);
  ADD ("/core/sync/unlimited-gift-syncs-and-merges", test_unlimited_gift_syncs_and_merges);
  ADD ("/core/sync/list-currency-syncs-and-merges", test_list_currency_syncs_and_merges);
  ADD ("/core/sync/malformed-server-json", test_malformed_server_json);
  ADD ("/core/sync/concurrent-push-keeps-order", test_concurrent_push_keeps_order);
  ADD ("/core/sync/failure-amid-concurrent-push", test_failure_amid_concurrent_push);
  ADD ("/core/sync/refusal-amid-concurrent-push", test_refusal_amid_concurrent_push);
  ADD ("/core/sync/read-back-only-when-needed", test_read_back_only_when_needed);
  ADD ("/core/sync/pull-reads-lists-together", test_pull_reads_lists_together);
  ADD ("/core/sync/shop-gift-keeps-its-shop", test_shop_gift_keeps_its_shop);
  ADD ("/core/sync/two-engines-push-once", test_two_engines_push_once);
#undef ADD
  g_test_add ("/core/sync/falls-back-without-batch-route", Fixture, NULL, fixture_set_up,
              test_falls_back_without_batch_route, fixture_tear_down);
  g_test_add ("/core/sync/server-killed-mid-batch", Fixture, NULL, fixture_set_up, test_server_killed_mid_batch,
              fixture_tear_down);
  g_test_add ("/core/sync/uses-batches", Fixture, metrics_args, fixture_set_up, test_sync_uses_batches,
              fixture_tear_down);
  g_test_add_func ("/core/sync/crash-between-answer-and-commit/subprocess", crash_after_first_answer);

  {
    int status = g_test_run ();

    g_remove (strchr (metrics_args[0], '=') + 1);
    g_free ((char *)metrics_args[0]);
    return status;
  }
}
