/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <adwaita.h>

#include "ewe-app-test-utils.h"
#include "ewe-application.h"
#include "ewe-core-test-fixture.h"
#include "ewe-dialog-test.h"
#include "ewe-invitation.h"
#include "ewe-paths.h"
#include "ews-test-api.h"
#include "ews-test-cognito.h"
#include "ewe-window.h"

/* The window signed in to a real ewelists-server follows its change
 * notices: a guest reserving a gift through the server (another client,
 * no request of the app's own) shows on the open list page, and a
 * cancellation takes it away again — without Sync Now and long before the
 * periodic pull. A list the same user creates on another device appears
 * in the sidebar the same way, and the echo of the user's own edit costs
 * no second pull. */

typedef struct
{
  EweCoreFixture  core;
  GSettings      *settings;
  EweApplication *app;
  EweWindow      *window;
  EweSession     *session;
  char           *email;
} Fixture;

static gboolean
store_is (EweSession *session,
          const char *path)
{
  EweStore *store = ewe_session_get_store (session);

  return store != NULL && g_strcmp0 (ewe_store_get_path (store), path) == 0;
}

static gboolean
drafts_open (gpointer data)
{
  g_autofree char *path = ewe_paths_get_drafts_store_file ();

  return store_is (data, path);
}

static gboolean
account_store_open (gpointer data)
{
  EweSession      *session = data;
  EweAccount      *account = ewe_session_get_account (session);
  g_autofree char *path = NULL;

  if (account == NULL || ewe_account_get_user_id (account) == NULL)
    return FALSE;

  path = ewe_paths_get_account_store_file (ewe_account_get_server (account), ewe_account_get_user_id (account));
  return store_is (session, path) && ewe_session_get_sync (session) != NULL;
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  static guint     n_started = 0;
  g_autofree char *id = g_strdup_printf ("%s.TestLive%u", APPLICATION_ID, ++n_started);
  g_autoptr(GError) error = NULL;

  ewe_core_fixture_set_up (&fixture->core, data);
  fixture->email = ewe_core_fixture_unique_email ("ada");
  ewe_core_fixture_create_user (&fixture->core, fixture->email, "Ada Lovelace");

  fixture->settings = ewe_app_test_settings ();
  g_settings_set_string (fixture->settings, "server-url", fixture->core.server->base_url);

  fixture->app = ewe_application_new ();
  g_application_set_application_id (G_APPLICATION (fixture->app), id);
  g_application_register (G_APPLICATION (fixture->app), NULL, &error);
  g_assert_no_error (error);
  fixture->session = ewe_application_get_session (fixture->app);

  fixture->window = ewe_window_new (fixture->app);
  ewe_dialog_test_present (GTK_WINDOW (fixture->window), 1280, 800);
  ewe_dialog_test_iterate_until (drafts_open, fixture->session);
}

static gboolean
signed_out (gpointer data)
{
  return !ewe_account_get_signed_in (ewe_session_get_account (data));
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_autofree char *data_dir = ewe_paths_get_data_dir ();
  EweAccount      *account = ewe_session_get_account (fixture->session);

  /* Leaves the keyring as it was found. */
  if (account != NULL && ewe_account_get_signed_in (account))
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "account.sign-out", NULL));
      ewe_dialog_test_iterate_until (signed_out, fixture->session);
    }
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->app);
  g_clear_object (&fixture->settings);
  g_clear_pointer (&fixture->email, g_free);
  ewe_core_fixture_tear_down (&fixture->core, data);
  ewe_dialog_test_settle (100);
  ewe_test_remove_tree (data_dir);
}

static void
sign_in (Fixture *fixture)
{
  EweAccount *account = ewe_session_get_account (fixture->session);
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;

  ewe_account_sign_in_async (account, fixture->email, EWE_TEST_PASSWORD, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_account_sign_in_finish (account, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
  ewe_dialog_test_iterate_until (account_store_open, fixture->session);
}

/* Every list of the store has reached the server. */
static gboolean
in_step (gpointer data)
{
  EweSession *session = data;
  EweSync    *sync = ewe_session_get_sync (session);
  GListModel *lists;

  if (sync == NULL || ewe_sync_get_syncing (sync) || ewe_sync_get_pending (sync) > 0 ||
      ewe_sync_get_last_error (sync) != NULL)
    return FALSE;

  lists = ewe_store_get_lists (ewe_session_get_store (session));
  for (guint i = 0; i < g_list_model_get_n_items (lists); i++)
    {
      g_autoptr(EweList) list = g_list_model_get_item (lists, i);

      if (ewe_list_is_local (list))
        return FALSE;
    }

  return TRUE;
}

/* The engine syncs on its own only while the system says there is a
 * network; without one, Sync Now stands in for it (for the first push
 * only: what this test is about needs no sync by hand). */
static void
wait_for_sync (Fixture *fixture)
{
  if (!g_network_monitor_get_network_available (g_network_monitor_get_default ()))
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "sync.now", NULL));
  ewe_dialog_test_iterate_until (in_step, fixture->session);
}

/* The window hears of @list's changes: its stream is open, for it. */
static gboolean
watching (gpointer data)
{
  Fixture        *fixture = ((gpointer *)data)[0];
  EweList        *list = ((gpointer *)data)[1];
  EweLiveWatcher *watcher = ewe_live_updates_get_watcher (ewe_window_get_live_updates (fixture->window));

  return watcher != NULL && ewe_live_watcher_get_connected (watcher) &&
         ewe_live_watcher_get_lists (watcher) != NULL &&
         g_strv_contains (ewe_live_watcher_get_lists (watcher), ewe_list_get_id (list));
}

static GtkLabel *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return GTK_LABEL (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

typedef struct
{
  Fixture    *fixture;
  const char *text;
} LabelWait;

static gboolean
shows_label (gpointer data)
{
  LabelWait *wait = data;

  return find_label (GTK_WIDGET (wait->fixture->window), wait->text) != NULL;
}

static gboolean
gift_reserved_is_1 (gpointer gift)
{
  return ewe_gift_get_reserved (gift) == 1;
}

static void
save_screenshot (GtkWindow  *window,
                 const char *name)
{
  g_autofree char *path = ewe_dialog_test_screenshot (window, name);

  g_test_message ("screenshot: %s", path);
}

static void
test_guest_reservation_shows (Fixture      *fixture,
                              gconstpointer data)
{
  g_autoptr(EweList) values = ewe_list_new ();
  g_autoptr(EweList) list = NULL;
  g_autoptr(EweGift) gift_values = ewe_gift_new ();
  g_autoptr(EweGift) gift = NULL;
  g_autoptr(GListModel) gifts = NULL;
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *reservation_id = NULL;
  g_autofree char *cancel_path = NULL;
  g_autoptr(JsonNode) cancelled = NULL;
  EweStore *store;
  gint64    reserved_at;
  guint     status = 0;

  sign_in (fixture);
  store = ewe_session_get_store (fixture->session);

  ewe_list_set_title (values, "Wedding");
  ewe_list_set_occasion (values, "Wedding");
  ewe_store_create_list_async (store, values, NULL, ewe_test_waiter_cb, &waiter);
  list = ewe_store_create_list_finish (store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  ewe_test_waiter_clear (&waiter);

  /* Held, the list's gifts are live: the gift follows its server ids. */
  ewe_store_load_gifts_async (store, list, NULL, ewe_test_waiter_cb, &waiter);
  gifts = ewe_store_load_gifts_finish (store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  ewe_test_waiter_clear (&waiter);
  ewe_gift_set_product_type (gift_values, EWE_PRODUCT_TYPE_NOTFOUND);
  ewe_gift_set_details (gift_values, "Blue Teapot");
  ewe_gift_set_brand (gift_values, "Kiln & Leaf");
  ewe_gift_set_product_url (gift_values, "https://shop.example/teapot");
  ewe_gift_set_quantity (gift_values, 2);
  ewe_store_add_gift_async (store, list, gift_values, NULL, ewe_test_waiter_cb, &waiter);
  gift = ewe_store_add_gift_finish (store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  ewe_test_waiter_clear (&waiter);
  wait_for_sync (fixture);

  ewe_window_select_list (fixture->window, list);
  ewe_dialog_test_iterate_until (shows_label, &(LabelWait) { fixture, "Wanted: 2" });
  ewe_dialog_test_iterate_until (watching, (gpointer[]) { fixture, list });

  /* A guest reserves, through the server's API: nothing in the app asks.
   * In surprise mode (the default) the page learns of it and shows
   * nothing. */
  reservation_id = ews_test_api_reserve (fixture->core.server, ewe_list_get_id (list), ewe_gift_get_product_id (gift),
                                         "guest@example.org", "Gus", 1);
  reserved_at = g_get_monotonic_time ();
  ewe_dialog_test_iterate_until (gift_reserved_is_1, gift);
  g_test_message ("The reservation reached the store %" G_GINT64_FORMAT " ms after the server answered the guest",
                  (g_get_monotonic_time () - reserved_at) / 1000);
  ewe_dialog_test_settle (100);
  g_assert_null (find_label (GTK_WIDGET (fixture->window), "1 reserved · 0 bought"));

  /* Out of surprise mode, the owner sees it. */
  g_settings_set_boolean (fixture->settings, "surprise-mode", FALSE);
  ewe_dialog_test_iterate_until (shows_label, &(LabelWait) { fixture, "1 reserved · 0 bought" });

  save_screenshot (GTK_WINDOW (fixture->window), "window-live-1280-light");
  ewe_dialog_test_set_dark (TRUE);
  ewe_dialog_test_settle (200);
  save_screenshot (GTK_WINDOW (fixture->window), "window-live-1280-dark");
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 720);
  ewe_dialog_test_settle (500);
  save_screenshot (GTK_WINDOW (fixture->window), "window-live-360-dark");
  ewe_dialog_test_set_dark (FALSE);
  ewe_dialog_test_settle (200);
  save_screenshot (GTK_WINDOW (fixture->window), "window-live-360-light");

  /* The guest changes their mind. */
  cancel_path = g_strdup_printf ("/api/lists/reserve/%s/email/guest@example.org", reservation_id);
  cancelled = ews_test_api_call (fixture->core.server, "DELETE", cancel_path, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  ewe_dialog_test_iterate_until (shows_label, &(LabelWait) { fixture, "0 reserved · 0 bought" });
  g_assert_cmpint (ewe_gift_get_reserved (gift), ==, 0);
}

static gboolean
friends_loaded (gpointer data)
{
  EweFriends *friends = ewe_session_get_friends (data);

  return friends != NULL && ewe_friends_get_loaded (friends);
}

static gboolean
friend_gift_reserved_is_1 (gpointer data)
{
  Fixture    *fixture = ((gpointer *)data)[0];
  const char *list_id = ((gpointer *)data)[1];
  const char *product_id = ((gpointer *)data)[2];
  EweGift    *gift = ewe_friends_lookup_gift (ewe_session_get_friends (fixture->session), list_id, product_id);

  return gift != NULL && ewe_gift_get_reserved (gift) == 1;
}

/* A friend's list opened from the configured server: another guest
 * reserving on it reaches this app's copy with no refresh asked for. */
static void
test_friend_list_follows (Fixture      *fixture,
                          gconstpointer data)
{
  EweTestServer   *server = fixture->core.server;
  g_autofree char *owner = ews_test_api_token (server, "owner-sub", "owner@example.org", "Olive");
  g_autofree char *list_id = ews_test_api_create_list (server, owner, "Baby shower");
  g_autofree char *product_id = ews_test_api_create_product (server, owner, "https://shop.example/pram");
  g_autofree char *link = NULL;
  g_autoptr(EweList) list = NULL;
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  EweFriends *friends;

  ews_test_api_add_gift (server, owner, list_id, product_id, 2);
  ewe_dialog_test_iterate_until (friends_loaded, fixture->session);
  friends = ewe_session_get_friends (fixture->session);

  link = g_strconcat (server->base_url, "/lists/", list_id, NULL);
  ewe_friends_open_link_async (friends, link, NULL, ewe_test_waiter_cb, &waiter);
  list = ewe_friends_open_link_finish (friends, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  ewe_dialog_test_iterate_until (watching, (gpointer[]) { fixture, list });

  g_free (ews_test_api_reserve (server, list_id, product_id, "guest@example.org", "Gus", 1));
  ewe_dialog_test_iterate_until (friend_gift_reserved_is_1, (gpointer[]) { fixture, list_id, product_id });
}

static gboolean
user_stream_open (gpointer data)
{
  Fixture        *fixture = data;
  EweLiveWatcher *watcher = ewe_live_updates_get_watcher (ewe_window_get_live_updates (fixture->window));

  return watcher != NULL && ewe_live_watcher_get_connected (watcher);
}

/* The same user, signed in on another device, creates a list there (the
 * server's API with their own token): the sidebar shows it within a second
 * or two, with no sync asked for and long before the periodic pull. */
static void
test_list_created_elsewhere_shows (Fixture      *fixture,
                                   gconstpointer data)
{
  g_autoptr(JsonObject) tokens = NULL;
  g_autofree char *list_id = NULL;
  gint64           created_at;
  gint64           elapsed_us;

  sign_in (fixture);
  wait_for_sync (fixture);
  /* No list yet: the stream is open for the user alone. */
  ewe_dialog_test_iterate_until (user_stream_open, fixture);

  tokens = ews_test_cognito_sign_in (fixture->core.server, fixture->email, EWE_TEST_PASSWORD);
  list_id = ews_test_api_create_list (fixture->core.server, json_object_get_string_member (tokens, "IdToken"),
                                      "Made on my phone");
  created_at = g_get_monotonic_time ();
  ewe_dialog_test_iterate_until (shows_label, &(LabelWait) { fixture, "Made on my phone" });
  elapsed_us = g_get_monotonic_time () - created_at;
  g_test_message ("The list created elsewhere showed %" G_GINT64_FORMAT " ms after the server answered",
                  elapsed_us / 1000);
  /* Seconds, where without the notice it would take the periodic pull's
   * five minutes. */
  g_assert_cmpint (elapsed_us, <, 5 * G_USEC_PER_SEC);

  save_screenshot (GTK_WINDOW (fixture->window), "window-live-created-1280-light");
}

static gboolean
lacks_label (gpointer data)
{
  return !shows_label (data);
}

static gboolean
holds_list (gpointer data)
{
  Fixture    *fixture = ((gpointer *)data)[0];
  const char *list_id = ((gpointer *)data)[1];

  return ewe_store_lookup_list (ewe_session_get_store (fixture->session), list_id) != NULL;
}

/* Issues #12 and #14: the user co-owns Olive's "Wedding" and renames it
 * while their sync is held back (offline, as far as it goes); Olive then
 * removes them as co-owner. Her change's notice alone makes the window
 * drop the list from the sidebar, within seconds, and the rename that
 * never reached the server is told once, in a toast that says whose list
 * it was and what was lost — not as a change "refused" by the server. */
static void
test_coowned_list_lost_leaves (Fixture      *fixture,
                               gconstpointer data)
{
  EweTestServer   *server = fixture->core.server;
  g_autofree char *owner = ews_test_api_token (server, "olive-sub", "olive@example.org", "Olive");
  g_autofree char *list_id = ews_test_api_create_list (server, owner, "Wedding");
  g_autofree char *path = g_strdup_printf ("/api/lists/%s/coowners", list_id);
  g_autofree char *body = NULL;
  g_autofree char *text = NULL;
  g_autofree char *link = NULL;
  g_autofree char *accepted = NULL;
  g_autofree char *remove_path = NULL;
  g_autoptr(JsonNode) invited = NULL;
  g_autoptr(JsonNode) removed = NULL;
  g_autoptr(EweTestMail) mail = NULL;
  g_autoptr(GRegex) regex = g_regex_new ("http\\S+/invitation/[0-9a-f-]+\\?key=[A-Za-z0-9_-]+", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(EweList) renamed = NULL;
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  const char *toast = "Olive no longer shares “Our wedding” with you: your last change to it was not kept";
  EweStore   *store;
  EweList    *list;
  guint       first;
  guint       status = 0;
  gint64      removed_at;

  sign_in (fixture);
  wait_for_sync (fixture);
  ewe_dialog_test_iterate_until (user_stream_open, fixture);

  /* Olive invites the user; the mailed link is accepted as the app does. */
  first = ewe_test_smtp_get_n_messages (fixture->core.smtp);
  body = g_strdup_printf ("{\"email\": \"%s\"}", fixture->email);
  invited = ews_test_api_call (server, "POST", path, owner, body, &status);
  g_assert_cmpuint (status, ==, 200);
  mail = ewe_test_smtp_wait_for_mail_to (fixture->core.smtp, first, fixture->email, 30000);
  g_assert_nonnull (mail);
  text = ewe_test_mail_dup_part (mail, "text/plain");
  g_assert_true (g_regex_match (regex, text, 0, &match));
  link = g_match_info_fetch (match, 0);
  ewe_invitation_accept_async (ewe_session_get_api_client (fixture->session), link, NULL, ewe_test_waiter_cb,
                               &waiter);
  accepted = ewe_invitation_accept_finish (ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  ewe_test_waiter_clear (&waiter);
  ewe_dialog_test_iterate_until (holds_list, (gpointer[]) { fixture, list_id });
  ewe_dialog_test_iterate_until (in_step, fixture->session);

  /* Renamed while the background sync is held back: the change waits. */
  store = ewe_session_get_store (fixture->session);
  list = ewe_store_lookup_list (store, list_id);
  ewe_dialog_test_iterate_until (watching, (gpointer[]) { fixture, list });
  ewe_sync_stop (ewe_session_get_sync (fixture->session));
  renamed = ewe_list_copy (list);
  ewe_list_set_title (renamed, "Our wedding");
  ewe_store_update_list_async (store, list, renamed, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_store_update_list_finish (store, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
  ewe_test_waiter_clear (&waiter);
  ewe_dialog_test_iterate_until (shows_label, &(LabelWait) { fixture, "Our wedding" });

  remove_path = g_strdup_printf ("/api/lists/%s/coowners/%s", list_id,
                                 ewe_account_get_user_id (ewe_session_get_account (fixture->session)));
  removed = ews_test_api_call (server, "DELETE", remove_path, owner, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  removed_at = g_get_monotonic_time ();

  ewe_dialog_test_iterate_until (shows_label, &(LabelWait) { fixture, toast });
  ewe_dialog_test_iterate_until (lacks_label, &(LabelWait) { fixture, "Our wedding" });
  g_test_message ("The lost list left the sidebar %" G_GINT64_FORMAT " ms after Olive's change was answered",
                  (g_get_monotonic_time () - removed_at) / 1000);
  g_assert_null (ewe_store_lookup_list (store, list_id));
  g_assert_null (find_label (GTK_WIDGET (fixture->window), "A change could not be saved on the server: No list "
                                                           "exists with this ID."));
  g_assert_null (ewe_sync_get_last_error (ewe_session_get_sync (fixture->session)));

  save_screenshot (GTK_WINDOW (fixture->window), "window-live-list-lost-1280-light");
  ewe_dialog_test_set_dark (TRUE);
  ewe_dialog_test_settle (200);
  save_screenshot (GTK_WINDOW (fixture->window), "window-live-list-lost-1280-dark");
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 720);
  ewe_dialog_test_settle (500);
  save_screenshot (GTK_WINDOW (fixture->window), "window-live-list-lost-360-dark");
  ewe_dialog_test_set_dark (FALSE);
  ewe_dialog_test_settle (200);
  save_screenshot (GTK_WINDOW (fixture->window), "window-live-list-lost-360-light");
}

static void
count_runs_cb (EweSync    *sync,
               GParamSpec *pspec,
               guint      *runs)
{
  if (ewe_sync_get_syncing (sync))
    (*runs)++;
}

static gboolean
echo_skipped (gpointer data)
{
  Fixture *fixture = data;

  return ewe_live_updates_get_n_skipped (ewe_window_get_live_updates (fixture->window)) > 0 &&
         in_step (fixture->session);
}

/* The user renames their list: one sync run pushes the change and pulls;
 * the server's notice of that change is the run's own echo and starts no
 * second run (before versions, it did: two runs, two pulls, per edit). */
static void
test_own_edit_pulls_once (Fixture      *fixture,
                          gconstpointer data)
{
  g_autoptr(EweList) values = ewe_list_new ();
  g_autoptr(EweList) renamed = ewe_list_new ();
  g_autoptr(EweList) list = NULL;
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  EweStore *store;
  EweSync  *sync;
  guint     runs = 0;
  gulong    handler;

  sign_in (fixture);
  store = ewe_session_get_store (fixture->session);
  ewe_list_set_title (values, "Wedding");
  ewe_list_set_occasion (values, "Wedding");
  ewe_store_create_list_async (store, values, NULL, ewe_test_waiter_cb, &waiter);
  list = ewe_store_create_list_finish (store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  ewe_test_waiter_clear (&waiter);
  wait_for_sync (fixture);
  ewe_dialog_test_iterate_until (watching, (gpointer[]) { fixture, list });
  /* The creation's own echoes, if any, are judged before counting. */
  ewe_dialog_test_settle (500);
  ewe_dialog_test_iterate_until (in_step, fixture->session);

  sync = ewe_session_get_sync (fixture->session);
  handler = g_signal_connect (sync, "notify::syncing", G_CALLBACK (count_runs_cb), &runs);

  ewe_list_set_title (renamed, "Our wedding");
  ewe_list_set_occasion (renamed, "Wedding");
  ewe_store_update_list_async (store, list, renamed, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_store_update_list_finish (store, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
  if (!g_network_monitor_get_network_available (g_network_monitor_get_default ()))
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "sync.now", NULL));

  ewe_dialog_test_iterate_until (echo_skipped, fixture);
  /* Anything a notice would start, it starts at once. */
  ewe_dialog_test_settle (500);
  g_test_message ("Sync runs for one edit: %u", runs);
  g_assert_cmpuint (runs, ==, 1);
  g_signal_handler_disconnect (sync, handler);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = g_dir_make_tmp ("ewe-test-window-live-XXXXXX", &error);

  g_assert_no_error (error);
  /* Before anything reads it: the stores live under it. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  ewe_app_test_init (&argc, &argv);

  g_test_add ("/app/window-live/guest-reservation-shows", Fixture, NULL, fixture_set_up,
              test_guest_reservation_shows, fixture_tear_down);
  g_test_add ("/app/window-live/list-created-elsewhere-shows", Fixture, NULL, fixture_set_up,
              test_list_created_elsewhere_shows, fixture_tear_down);
  g_test_add ("/app/window-live/own-edit-pulls-once", Fixture, NULL, fixture_set_up, test_own_edit_pulls_once,
              fixture_tear_down);
  g_test_add ("/app/window-live/coowned-list-lost-leaves", Fixture, NULL, fixture_set_up,
              test_coowned_list_lost_leaves, fixture_tear_down);
  g_test_add ("/app/window-live/friend-list-follows", Fixture, NULL, fixture_set_up, test_friend_list_follows,
              fixture_tear_down);

  return g_test_run ();
}
