/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "ewe-core-test-fixture.h"
#include "ewe-invitation.h"
#include "ewe-live-updates.h"
#include "ewe-paths.h"
#include "ewe-session.h"
#include "ewe-sync-private.h"
#include "ews-test-api.h"

/* A co-owner losing a list, live (issues #12 and #14), against a real
 * ewelists-server: Ada's list is co-owned by Ben, whose session (store,
 * sync and live updates, as the window has them) holds it; Ada removes
 * Ben, or deletes the list, through her own client. Ben's stream hears
 * of it and, within seconds and with no sync asked for, his store drops
 * the list with its gifts; nothing is reported to him as an error or a
 * conflict. Edits Ben made that had not reached the server yet cannot be
 * kept (the list is no longer his to change): they leave his outbox
 * without a retry, and he is told once, for the list, not once per
 * change in words meant for a change the server refused. */

/* How long a wait may last before the test fails rather than hangs; what
 * it waits for is a condition, not this time. */
#define WAIT_S 30

typedef enum
{
  LOSS_REMOVED = 1 << 0, /* Ada removes Ben as co-owner */
  LOSS_DELETED = 1 << 1, /* Ada deletes the list */
  LOSS_EDITS = 1 << 2,   /* Ben has edits the server has not seen */
} Loss;

typedef struct
{
  guint refused;
  guint conflicts;
  guint problems;
  guint lost;
  char *lost_title;
  char *lost_owner;
  guint lost_changes;
  guint lost_changes_total;
} Heard;

typedef struct
{
  EweCoreFixture  core;
  GSettings      *settings;
  EweSession     *session;
  EweLiveUpdates *live;
  Heard           heard;
  gboolean        server_stopped;
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  ewe_core_fixture_set_up (&fixture->core, NULL);
  fixture->settings = g_settings_new (APPLICATION_ID);
  g_settings_set_string (fixture->settings, "server-url", fixture->core.server->base_url);
  g_settings_set_strv (fixture->settings, "kept-drafts", NULL);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  if (fixture->live != NULL)
    ewe_live_updates_stop (fixture->live);
  g_clear_object (&fixture->live);
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->settings);
  g_clear_pointer (&fixture->heard.lost_title, g_free);
  g_clear_pointer (&fixture->heard.lost_owner, g_free);
  ewe_core_fixture_tear_down (&fixture->core, data);
}

typedef gboolean (*Condition) (gpointer data);

static gboolean
deadline_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @condition holds; fails the test after WAIT_S. */
static void
wait_until (Condition   condition,
            gpointer    data,
            const char *what)
{
  gboolean passed = FALSE;
  guint    id = g_timeout_add_seconds (WAIT_S, deadline_cb, &passed);

  while (!condition (data) && !passed)
    g_main_context_iteration (NULL, TRUE);

  if (!passed)
    g_source_remove (id);
  if (!condition (data))
    g_error ("Gave up waiting: %s", what);
}

static GBytes *
call (EweApiClient       *client,
      EweApiEndpoint      endpoint,
      const char * const *args,
      const char         *body)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(JsonNode) body_node = body != NULL ? json_from_string (body, NULL) : NULL;
  g_autoptr(GError) error = NULL;
  GBytes *answer;

  ewe_api_client_call_async (client, endpoint, args, body_node, NULL, NULL, ewe_test_waiter_cb, &waiter);
  answer = ewe_api_client_call_finish (client, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);

  return answer;
}

static gboolean
run_sync (EweSync *sync)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ewe_sync_run_async (sync, NULL, ewe_test_waiter_cb, &waiter);
  ok = ewe_sync_run_finish (sync, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  return ok;
}

static EweGift *
add_gift (EweStore   *store,
          EweList    *list,
          const char *details)
{
  g_autoptr(EweGift) values = ewe_gift_new ();
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  EweGift *gift;

  ewe_gift_set_product_type (values, EWE_PRODUCT_TYPE_NOTFOUND);
  ewe_gift_set_details (values, details);
  ewe_gift_set_brand (values, "Kiln & Leaf");
  ewe_gift_set_quantity (values, 1);
  ewe_store_add_gift_async (store, list, values, NULL, ewe_test_waiter_cb, &waiter);
  gift = ewe_store_add_gift_finish (store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);

  return gift;
}

/* Ada invites @email to @list_id; the link in the mail is accepted as the
 * app does it, through @client. */
static void
invite_and_accept (Fixture      *fixture,
                   const char   *inviter,
                   EweApiClient *client,
                   const char   *list_id,
                   const char   *email)
{
  g_autofree char *body = g_strdup_printf ("{\"email\": \"%s\"}", email);
  g_autofree char *path = g_strdup_printf ("/api/lists/%s/coowners", list_id);
  guint            first = ewe_test_smtp_get_n_messages (fixture->core.smtp);
  guint            status = 0;
  g_autoptr(JsonNode) invited = ews_test_api_call (fixture->core.server, "POST", path, inviter, body, &status);
  g_autoptr(EweTestMail) mail = ewe_test_smtp_wait_for_mail_to (fixture->core.smtp, first, email, 30000);
  g_autoptr(GRegex) regex = g_regex_new ("http\\S+/invitation/[0-9a-f-]+\\?key=[A-Za-z0-9_-]+", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *link = NULL;
  g_autofree char *accepted = NULL;

  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (mail);
  text = ewe_test_mail_dup_part (mail, "text/plain");
  g_assert_true (g_regex_match (regex, text, 0, &match));
  link = g_match_info_fetch (match, 0);

  ewe_invitation_accept_async (client, link, NULL, ewe_test_waiter_cb, &waiter);
  accepted = ewe_invitation_accept_finish (ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (accepted, ==, list_id);
}

/* Rows of @table for @list_id in the store file at @path, read with a
 * connection of the test's own. */
static int
count_rows (const char *path,
            const char *table,
            const char *list_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE list_id = ?", table);
  sqlite3         *db = NULL;
  sqlite3_stmt    *stmt = NULL;
  int              count;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, list_id, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return count;
}

static void
refused_cb (EweSync        *sync,
            EweOutboxEntry *entry,
            const char     *message,
            Heard          *heard)
{
  g_test_message ("Change refused: %s", message);
  heard->refused++;
}

static void
conflict_cb (EweStore *store,
             GObject  *ours,
             GObject  *theirs,
             GStrv     fields,
             Heard    *heard)
{
  heard->conflicts++;
}

static void
problem_cb (EweSession   *session,
            const GError *problem,
            Heard        *heard)
{
  g_test_message ("Problem: %s", problem->message);
  heard->problems++;
}

static void
list_lost_cb (EweSync *sync,
              EweList *list,
              guint    n_changes,
              Heard   *heard)
{
  heard->lost++;
  g_free (heard->lost_title);
  g_free (heard->lost_owner);
  heard->lost_title = g_strdup (ewe_list_get_title (list));
  heard->lost_owner = g_strdup (ewe_list_get_owner_name (list));
  heard->lost_changes = n_changes;
  heard->lost_changes_total += n_changes;
}

static gboolean
account_store_open (gpointer data)
{
  EweSession      *session = data;
  g_autofree char *drafts = ewe_paths_get_drafts_store_file ();
  EweStore        *store = ewe_session_get_store (session);

  return store != NULL && g_strcmp0 (ewe_store_get_path (store), drafts) != 0 &&
         !ewe_session_get_looking_for_drafts (session) && ewe_session_get_sync (session) != NULL;
}

/* The list is in Ben's store with Ada's gift, and his stream watches it. */
static gboolean
holds_and_watches (gpointer data)
{
  Fixture        *fixture = ((gpointer *)data)[0];
  const char     *list_id = ((gpointer *)data)[1];
  EweStore       *store = ewe_session_get_store (fixture->session);
  EweLiveWatcher *watcher = ewe_live_updates_get_watcher (fixture->live);
  EweSync        *sync = ewe_session_get_sync (fixture->session);

  return ewe_store_lookup_list (store, list_id) != NULL &&
         count_rows (ewe_store_get_path (store), "gifts", list_id) == 1 &&
         !ewe_sync_get_syncing (sync) &&
         watcher != NULL && ewe_live_watcher_get_connected (watcher) &&
         ewe_live_watcher_get_lists (watcher) != NULL &&
         g_strv_contains (ewe_live_watcher_get_lists (watcher), list_id);
}

/* The list left Ben's store, and the run that dropped it has ended. */
static gboolean
list_gone (gpointer data)
{
  Fixture    *fixture = ((gpointer *)data)[0];
  const char *list_id = ((gpointer *)data)[1];
  EweSync    *sync = ewe_session_get_sync (fixture->session);

  return ewe_store_lookup_list (ewe_session_get_store (fixture->session), list_id) == NULL &&
         !ewe_sync_get_syncing (sync);
}

/* Ada's list, with a gift of @product_id, on the server (her own client
 * is the API), co-owned by Ben, whose session holds it and watches it. */
static void
ben_holds_ada_list (Fixture    *fixture,
                    const char *ada,
                    const char *list_id,
                    const char *product_id)
{
  g_autofree char *ben_email = ewe_core_fixture_unique_email ("ben");
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  EweAccount *ben;
  EweStore   *store_b;
  EweSync    *sync_b;

  ews_test_api_add_gift (fixture->core.server, ada, list_id, product_id, 2);
  ewe_core_fixture_create_user (&fixture->core, ben_email, "Ben");

  /* Ben's session, signed in, with live updates as the window has them. */
  fixture->session = ewe_session_new (fixture->settings, fixture->core.token_store);
  g_signal_connect (fixture->session, "problem", G_CALLBACK (problem_cb), &fixture->heard);
  ben = ewe_session_get_account (fixture->session);
  ewe_account_sign_in_async (ben, ben_email, EWE_TEST_PASSWORD, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_account_sign_in_finish (ben, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
  ewe_test_waiter_clear (&waiter);
  wait_until (account_store_open, fixture->session, "Ben's store to open");
  store_b = ewe_session_get_store (fixture->session);
  sync_b = ewe_session_get_sync (fixture->session);
  fixture->live = ewe_live_updates_new (fixture->session);
  ewe_live_updates_start (fixture->live);

  /* Ben accepts; his stream hears of the list joining his lists and his
   * store pulls it, with Ada's gift. */
  invite_and_accept (fixture, ada, ewe_session_get_api_client (fixture->session), list_id, ben_email);
  wait_until (holds_and_watches, (gpointer[]) { fixture, (gpointer)list_id },
              "Ben's store to hold the list, watched");
  g_assert_true (ewe_list_get_coowned (ewe_store_lookup_list (store_b, list_id)));

  g_signal_connect (sync_b, "change-refused", G_CALLBACK (refused_cb), &fixture->heard);
  g_signal_connect (sync_b, "list-lost", G_CALLBACK (list_lost_cb), &fixture->heard);
  g_signal_connect (store_b, "conflict", G_CALLBACK (conflict_cb), &fixture->heard);
  g_signal_connect (store_b, "gift-conflict", G_CALLBACK (conflict_cb), &fixture->heard);
}

static void
test_list_lost (Fixture      *fixture,
                gconstpointer data)
{
  Loss             loss = GPOINTER_TO_UINT (data);
  EweTestServer   *server = fixture->core.server;
  g_autofree char *ada = ews_test_api_token (server, "ada-sub", "ada@example.org", "Ada");
  g_autofree char *list_id = ews_test_api_create_list (server, ada, "Wedding");
  g_autofree char *product_id = ews_test_api_create_product (server, ada, "https://shop.example/teapot");
  g_autofree char *store_path = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) ada_lists = NULL;
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  EweStore *store_b;
  EweSync  *sync_b;
  gint64    lost_at;
  gint64    elapsed_us;
  guint     status = 0;

  ben_holds_ada_list (fixture, ada, list_id, product_id);
  store_b = ewe_session_get_store (fixture->session);
  sync_b = ewe_session_get_sync (fixture->session);
  store_path = g_strdup (ewe_store_get_path (store_b));

  if (loss & LOSS_EDITS)
    {
      EweList *on_b = ewe_store_lookup_list (store_b, list_id);
      g_autoptr(EweList) renamed = ewe_list_copy (on_b);
      g_autoptr(EweGift) added = NULL;

      /* Offline, as far as the background sync goes: the edits wait in
       * the outbox until the notice's run sends them. */
      ewe_sync_stop (sync_b);
      ewe_list_set_title (renamed, "Ben’s wedding");
      ewe_store_update_list_async (store_b, on_b, renamed, NULL, ewe_test_waiter_cb, &waiter);
      g_assert_true (ewe_store_update_list_finish (store_b, ewe_test_waiter_wait (&waiter), &error));
      g_assert_no_error (error);
      ewe_test_waiter_clear (&waiter);
      added = add_gift (store_b, on_b, "Tea Cosy");
      g_assert_cmpuint (ewe_store_get_outbox_length (store_b), >=, 2);
      g_assert_cmpint (count_rows (store_path, "outbox", list_id), >=, 2);
    }

  if (loss & LOSS_REMOVED)
    {
      g_autoptr(GBytes) lists = call (ewe_session_get_api_client (fixture->session), EWE_API_GET_LISTS, NULL, NULL);
      g_autofree char *text = g_strndup (g_bytes_get_data (lists, NULL), g_bytes_get_size (lists));
      g_autoptr(JsonNode) node = json_from_string (text, &error);
      const char *ben_id;

      g_assert_no_error (error);
      ben_id = json_object_get_string_member (json_object_get_object_member (json_node_get_object (node), "user"),
                                              "userId");
      path = g_strdup_printf ("/api/lists/%s/coowners/%s", list_id, ben_id);
    }
  else
    {
      path = g_strdup_printf ("/api/lists/%s", list_id);
    }
  answer = ews_test_api_call (server, "DELETE", path, ada, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  lost_at = g_get_monotonic_time ();

  /* No sync asked for: the notice alone starts the run that drops it. */
  wait_until (list_gone, (gpointer[]) { fixture, list_id }, "the lost list to leave Ben's store");
  elapsed_us = g_get_monotonic_time () - lost_at;
  g_test_message ("The list left Ben's store %" G_GINT64_FORMAT " ms after Ada's change was answered",
                  elapsed_us / 1000);
  /* Seconds (milliseconds on loopback), where the periodic pull would
   * take minutes. Generous for a loaded machine. */
  g_assert_cmpint (elapsed_us, <, 10 * G_USEC_PER_SEC);

  /* Gone whole: its gifts and every change of Ben's to it. */
  g_assert_cmpint (count_rows (store_path, "gifts", list_id), ==, 0);
  g_assert_cmpint (count_rows (store_path, "outbox", list_id), ==, 0);
  g_assert_cmpuint (ewe_store_get_outbox_length (store_b), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (ewe_store_get_lists (store_b)), ==, 0);

  /* Nothing went wrong from Ben's point of view: no sync error, no
   * conflict, no change "refused". */
  g_assert_null (ewe_sync_get_last_error (sync_b));
  g_assert_cmpuint (fixture->heard.conflicts, ==, 0);
  g_assert_cmpuint (fixture->heard.problems, ==, 0);
  g_assert_cmpuint (fixture->heard.refused, ==, 0);

  if (loss & LOSS_EDITS)
    {
      /* Told once, for the list, with what the app needs to say it. */
      g_assert_cmpuint (fixture->heard.lost, ==, 1);
      g_assert_cmpstr (fixture->heard.lost_title, ==, "Ben’s wedding");
      g_assert_cmpstr (fixture->heard.lost_owner, ==, "Ada");
      g_assert_cmpuint (fixture->heard.lost_changes, >=, 2);
    }
  else
    {
      g_assert_cmpuint (fixture->heard.lost, ==, 0);
    }

  /* And it stays so: the next run has nothing to send, nothing to drop,
   * and says nothing. */
  g_assert_true (run_sync (sync_b));
  g_assert_null (ewe_sync_get_last_error (sync_b));
  g_assert_cmpuint (fixture->heard.refused, ==, 0);
  g_assert_cmpuint (fixture->heard.lost, ==, (loss & LOSS_EDITS) ? 1 : 0);
  g_assert_cmpuint (ewe_sync_get_pending (sync_b), ==, 0);

  /* Ada's side is untouched by it: removed, Ben left her list hers. */
  ada_lists = ews_test_api_call (server, "GET", "/api/lists", ada, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (ada_lists), "owned")),
                    ==, (loss & LOSS_REMOVED) ? 1 : 0);
}

static gboolean
not_syncing (gpointer data)
{
  return !ewe_sync_get_syncing (data);
}

/* A 404 for a change to a list the server still gives the user is not a
 * lost list: Ada removes the gift Ben is changing, he keeps the list, and
 * his change is told as refused with the server's reason ("This product
 * is not on the list."), as before list-lost, once the pull has shown the
 * list is still his. */
static void
test_gift_gone_is_not_list_lost (Fixture      *fixture,
                                 gconstpointer data)
{
  EweTestServer   *server = fixture->core.server;
  g_autofree char *ada = ews_test_api_token (server, "ada-sub", "ada@example.org", "Ada");
  g_autofree char *list_id = ews_test_api_create_list (server, ada, "Wedding");
  g_autofree char *product_id = ews_test_api_create_product (server, ada, "https://shop.example/teapot");
  g_autofree char *path = g_strdup_printf ("/api/lists/%s/product/%s", list_id, product_id);
  g_autoptr(JsonNode) removed = NULL;
  g_autoptr(GListModel) gifts = NULL;
  g_autoptr(EweGift) gift = NULL;
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  EweStore *store_b;
  EweSync  *sync_b;
  guint     status = 0;

  ben_holds_ada_list (fixture, ada, list_id, product_id);
  store_b = ewe_session_get_store (fixture->session);
  sync_b = ewe_session_get_sync (fixture->session);

  ewe_store_load_gifts_async (store_b, ewe_store_lookup_list (store_b, list_id), NULL, ewe_test_waiter_cb, &waiter);
  gifts = ewe_store_load_gifts_finish (store_b, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  ewe_test_waiter_clear (&waiter);
  gift = g_list_model_get_item (gifts, 0);

  /* Ben changes the gift offline; Ada removes it meanwhile. */
  ewe_sync_stop (sync_b);
  ewe_live_updates_stop (fixture->live);
  ewe_store_update_gift_async (store_b, gift, 3, "Blue, please", NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_store_update_gift_finish (store_b, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
  ewe_test_waiter_clear (&waiter);
  removed = ews_test_api_call (server, "DELETE", path, ada, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  wait_until (not_syncing, sync_b, "no run under way");

  g_assert_true (run_sync (sync_b));
  g_assert_cmpuint (fixture->heard.lost, ==, 0);
  g_assert_cmpuint (fixture->heard.refused, ==, 1);
  g_assert_cmpuint (fixture->heard.conflicts, ==, 0);
  g_assert_nonnull (ewe_store_lookup_list (store_b, list_id));
  g_assert_cmpuint (ewe_store_get_outbox_length (store_b), ==, 0);
  g_assert_null (ewe_sync_get_last_error (sync_b));
}

/* Stops the server once the push's answers are recorded, before the pull:
 * the run ends offline, without knowing whether the list is still Ben's. */
static void
stop_server_before_pull_cb (EweSync     *sync,
                            EweSyncFault fault,
                            gpointer     user_data)
{
  Fixture *fixture = user_data;

  if (fault != EWE_SYNC_FAULT_ANSWERS_COMMITTED || fixture->server_stopped)
    return;
  fixture->server_stopped = TRUE;
  g_assert_cmpint (ewe_test_server_stop (fixture->core.server), ==, 0);
}

static gboolean
run_failed (gpointer data)
{
  return !ewe_sync_get_syncing (data) && ewe_sync_get_last_error (data) != NULL;
}

/* Ada deletes the list while Ben's edits wait; the run that sends them
 * loses the server before its pull. The edits have left the outbox, so
 * each is told as refused rather than kept for a verdict that never
 * comes; the next run, online again, drops the list and says nothing
 * more. Whatever the batches, every edit is told exactly once. */
static void
test_pull_offline_tells_each (Fixture      *fixture,
                              gconstpointer data)
{
  EweTestServer   *server = fixture->core.server;
  g_autofree char *ada = ews_test_api_token (server, "ada-sub", "ada@example.org", "Ada");
  g_autofree char *list_id = ews_test_api_create_list (server, ada, "Wedding");
  g_autofree char *product_id = ews_test_api_create_product (server, ada, "https://shop.example/teapot");
  g_autofree char *path = g_strdup_printf ("/api/lists/%s", list_id);
  g_autoptr(JsonNode) deleted = NULL;
  g_autoptr(EweList) renamed = NULL;
  g_autoptr(EweGift) added = NULL;
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  EweStore *store_b;
  EweSync  *sync_b;
  EweList  *on_b;
  guint     n_edits;
  guint     status = 0;

  ben_holds_ada_list (fixture, ada, list_id, product_id);
  store_b = ewe_session_get_store (fixture->session);
  sync_b = ewe_session_get_sync (fixture->session);
  on_b = ewe_store_lookup_list (store_b, list_id);

  ewe_sync_stop (sync_b);
  ewe_live_updates_stop (fixture->live);
  renamed = ewe_list_copy (on_b);
  ewe_list_set_title (renamed, "Ben’s wedding");
  ewe_store_update_list_async (store_b, on_b, renamed, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_store_update_list_finish (store_b, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
  ewe_test_waiter_clear (&waiter);
  added = add_gift (store_b, on_b, "Tea Cosy");
  n_edits = count_rows (ewe_store_get_path (store_b), "outbox", list_id);

  deleted = ews_test_api_call (server, "DELETE", path, ada, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  ewe_sync_set_fault_hook (sync_b, stop_server_before_pull_cb, fixture);
  ewe_sync_run_async (sync_b, NULL, NULL, NULL);
  wait_until (run_failed, sync_b, "the run to end offline");
  g_assert_true (fixture->server_stopped);
  /* Not pulled: still there, and what was refused is told as it was. */
  g_assert_nonnull (ewe_store_lookup_list (store_b, list_id));
  g_assert_cmpuint (fixture->heard.refused, >=, 1);
  ewe_sync_set_fault_hook (sync_b, NULL, NULL);

  g_assert_true (ewe_test_server_restart (server));
  g_assert_true (run_sync (sync_b));
  g_assert_null (ewe_store_lookup_list (store_b, list_id));
  g_assert_cmpuint (ewe_store_get_outbox_length (store_b), ==, 0);
  g_test_message ("%u outbox rows: %u told refused, %u told with the list lost", n_edits, fixture->heard.refused,
                  fixture->heard.lost_changes_total);
  /* The rename and the gift added to the list; the gift's typed-in
   * product (POST /notfound, the third row) is Ben's own, and is made. */
  g_assert_cmpuint (n_edits, ==, 3);
  g_assert_cmpuint (fixture->heard.refused + fixture->heard.lost_changes_total, ==, 2);
  g_assert_cmpuint (fixture->heard.conflicts, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/core/coowners-live/removed", Fixture, GUINT_TO_POINTER (LOSS_REMOVED), fixture_set_up,
              test_list_lost, fixture_tear_down);
  g_test_add ("/core/coowners-live/deleted", Fixture, GUINT_TO_POINTER (LOSS_DELETED), fixture_set_up,
              test_list_lost, fixture_tear_down);
  g_test_add ("/core/coowners-live/removed-with-edits", Fixture, GUINT_TO_POINTER (LOSS_REMOVED | LOSS_EDITS),
              fixture_set_up, test_list_lost, fixture_tear_down);
  g_test_add ("/core/coowners-live/deleted-with-edits", Fixture, GUINT_TO_POINTER (LOSS_DELETED | LOSS_EDITS),
              fixture_set_up, test_list_lost, fixture_tear_down);
  g_test_add ("/core/coowners-live/gift-gone-is-not-list-lost", Fixture, NULL, fixture_set_up,
              test_gift_gone_is_not_list_lost, fixture_tear_down);
  g_test_add ("/core/coowners-live/pull-offline-tells-each", Fixture, NULL, fixture_set_up,
              test_pull_offline_tells_each, fixture_tear_down);

  return g_test_run ();
}
