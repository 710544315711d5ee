/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "ewe-app-test-utils.h"
#include "ewe-application.h"
#include "ewe-codec.h"
#include "ewe-coowners-dialog.h"
#include "ewe-core-test-fixture.h"
#include "ewe-deletion-queue.h"
#include "ewe-dialog-test.h"
#include "ewe-gift-editor.h"
#include "ewe-list-row.h"
#include "ewe-paths.h"
#include "ewe-sync-banner.h"
#include "ewe-window.h"

/* The window signed in to a real ewelists-server, with the session's real
 * keyring and real store files: the drafts move into the account when the
 * user says so and reach the server; the banner says what is waiting
 * while the server cannot be reached, and goes once it is in step again;
 * a change the server refuses is a toast. */

typedef struct
{
  EweCoreFixture  core;
  GSettings      *settings;
  EweApplication *app;
  EweWindow      *window;
  EweSession     *session;
  char           *email;
} Fixture;

static gpointer
child (EweWindow  *window,
       const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (window), EWE_TYPE_WINDOW, name);
}

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
  g_autofree char *id = g_strdup_printf ("%s.TestSync%u", APPLICATION_ID, ++n_started);
  g_autoptr(GError) error = NULL;

  ewe_core_fixture_set_up (&fixture->core, data);
  fixture->email = ewe_core_fixture_unique_email ("ada");
  ewe_core_fixture_create_user (&fixture->core, fixture->email, "Ada Lovelace");

  fixture->settings = ewe_app_test_settings ();
  g_settings_set_string (fixture->settings, "server-url", fixture->core.server->base_url);

  /* An id of its own on the bus: another test's app may be running. */
  fixture->app = ewe_application_new ();
  g_application_set_application_id (G_APPLICATION (fixture->app), id);
  g_application_register (G_APPLICATION (fixture->app), NULL, &error);
  g_assert_no_error (error);
  fixture->session = ewe_application_get_session (fixture->app);

  fixture->window = ewe_window_new (fixture->app);
  ewe_dialog_test_present (GTK_WINDOW (fixture->window), 1000, 700);
  ewe_dialog_test_iterate_until (drafts_open, fixture->session);
}

static gboolean
signed_out (gpointer data)
{
  return !ewe_account_get_signed_in (ewe_session_get_account (data));
}

static void
sign_out (Fixture *fixture)
{
  EweAccount *account = ewe_session_get_account (fixture->session);

  if (account != NULL && ewe_account_get_signed_in (account))
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "account.sign-out", NULL));
      ewe_dialog_test_iterate_until (signed_out, fixture->session);
    }
  ewe_dialog_test_iterate_until (drafts_open, fixture->session);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child_path = g_build_filename (path, name, NULL);

      if (g_file_test (child_path, G_FILE_TEST_IS_DIR))
        remove_tree (child_path);
      else
        g_remove (child_path);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_autofree char *data_dir = ewe_paths_get_data_dir ();

  /* Leaves the keyring as it was found. */
  sign_out (fixture);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->app);
  g_clear_object (&fixture->settings);
  g_clear_pointer (&fixture->email, g_free);
  ewe_core_fixture_tear_down (&fixture->core, data);

  /* The next test starts without drafts. */
  ewe_dialog_test_settle (100);
  remove_tree (data_dir);
}

static void
sign_in (Fixture *fixture)
{
  EweAccount *account = ewe_session_get_account (fixture->session);
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (account);
  ewe_account_sign_in_async (account, fixture->email, EWE_TEST_PASSWORD, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_account_sign_in_finish (account, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
  ewe_dialog_test_iterate_until (account_store_open, fixture->session);
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

static guint
count_rows (EweWindow *window)
{
  GtkListBox *box = child (window, "lists_box");
  guint       n = 0;

  while (gtk_list_box_get_row_at_index (box, n) != NULL)
    n++;

  return n;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return ADW_MESSAGE_DIALOG (toplevel);
    }

  return NULL;
}

static gboolean
has_message_dialog (gpointer data)
{
  return find_message_dialog () != NULL;
}

static gboolean
no_message_dialog (gpointer data)
{
  return find_message_dialog () == NULL;
}

/* Clicks the dialog's button for @response, as a user would. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  GtkWidget *button = ewe_dialog_test_find_button (GTK_WIDGET (dialog),
                                                   adw_message_dialog_get_response_label (dialog, response));

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_activate (button));
}

/* Every list of the store has reached the server: no edit waits, and none
 * has a local id left. */
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

      if (g_str_has_prefix (ewe_list_get_id (list), "local:"))
        return FALSE;
    }

  return TRUE;
}

static gboolean
has_two_lists (gpointer data)
{
  return g_list_model_get_n_items (ewe_store_get_lists (data)) == 2;
}

/* The engine syncs on its own only while the system says there is a
 * network; on a machine without one (a container with no default route)
 * the user's Sync Now, which does not wait, stands in for it. */
static void
sync_if_no_network (Fixture *fixture)
{
  if (g_network_monitor_get_network_available (g_network_monitor_get_default ()))
    return;

  g_test_message ("no network here: syncing by hand");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "sync.now", NULL));
}

static void
wait_for_sync (Fixture           *fixture,
               EweDialogTestCheck check)
{
  sync_if_no_network (fixture);
  ewe_dialog_test_iterate_until (check, fixture->session);
}

static gboolean
sync_replaced (gpointer data)
{
  Fixture *fixture = ((gpointer *)data)[0];
  EweSync *old = ((gpointer *)data)[1];
  EweSync *sync = ewe_session_get_sync (fixture->session);

  return sync != NULL && sync != old;
}

/* The titles of the user's lists as the server has them, asked with a
 * client of the test's own. */
static GStrv
server_list_titles (Fixture *fixture)
{
  EweAccount *account = ewe_session_get_account (fixture->session);
  g_autoptr(EweApiClient) client = ewe_api_client_new_for_server (account, fixture->core.server->base_url);
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(EweUser) user = NULL;
  g_autoptr(GPtrArray) owned = NULL;
  g_autoptr(GPtrArray) closed = NULL;
  g_autoptr(GStrvBuilder) titles = g_strv_builder_new ();
  gsize       size;
  const char *bytes;

  ewe_api_client_call_async (client, EWE_API_GET_LISTS, NULL, NULL, NULL, NULL, ewe_test_waiter_cb, &waiter);
  answer = ewe_api_client_call_finish (client, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  bytes = g_bytes_get_data (answer, &size);
  g_assert_true (ewe_codec_decode_lists (bytes, size, &user, &owned, &closed, &error));
  g_assert_no_error (error);

  for (guint i = 0; owned != NULL && i < owned->len; i++)
    g_strv_builder_add (titles, ewe_list_get_title (g_ptr_array_index (owned, i)));

  return g_strv_builder_end (titles);
}

static void
save_screenshot (GtkWindow  *window,
                 const char *name)
{
  g_autofree char *path = ewe_dialog_test_screenshot (window, name);

  g_test_message ("screenshot: %s", path);
}

/* The session's client has each service under the server's /api/, or at
 * @products_url for the products. */
static void
check_base_urls (Fixture    *fixture,
                 const char *products_url)
{
  EweApiClient             *client = ewe_session_get_api_client (fixture->session);
  static const char * const paths[] = { "/api/lists", "/api/products", "/api/notfound", "/api/contact" };

  g_assert_nonnull (client);
  g_assert_true (ewe_api_client_get_account (client) == ewe_session_get_account (fixture->session));
  for (guint i = 0; i < EWE_API_N_SERVICES; i++)
    {
      g_autofree char *expected = ewe_test_server_url (fixture->core.server, paths[i]);

      if (i == EWE_API_SERVICE_PRODUCTS && products_url != NULL)
        g_assert_cmpstr (ewe_api_client_get_base_url (client, i), ==, products_url);
      else
        g_assert_cmpstr (ewe_api_client_get_base_url (client, i), ==, expected);
    }
}

static gboolean
client_changed (gpointer data)
{
  Fixture      *fixture = ((gpointer *)data)[0];
  EweApiClient *old = ((gpointer *)data)[1];

  return ewe_session_get_api_client (fixture->session) != old;
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return GTK_WINDOW (toplevel);
    }

  return NULL;
}

static gboolean
banner_title_is (gpointer data)
{
  gpointer *args = data;

  return g_strcmp0 (ewe_sync_banner_get_title (args[0]), args[1]) == 0;
}

static gboolean
selected_is_second (gpointer data)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (child (data, "lists_box"));

  return row != NULL &&
         g_strcmp0 (ewe_list_get_title (ewe_list_row_get_list (EWE_LIST_ROW (row))), "Christmas at Grandma's") == 0;
}

/* Drafted while signed out, then signed in: the window asks, Move brings
 * the lists into the account, and sync takes them to the server. */
static void
test_move_drafts (Fixture      *fixture,
                  gconstpointer data)
{
  EweStore        *drafts = ewe_session_get_store (fixture->session);
  g_autofree char *drafts_path = g_strdup (ewe_store_get_path (drafts));
  g_autoptr(EweList) first = create_list (drafts, "Oscar's First Birthday");
  g_autoptr(EweList) second = create_list (drafts, "Christmas at Grandma's");
  g_autoptr(EweStore) reopened = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) titles = NULL;
  g_autoptr(EweApiClient) editor_client = NULL;
  g_autoptr(EweList) shown = NULL;
  g_autoptr(EweApiClient) old_client = NULL;
  AdwMessageDialog *dialog;
  GtkWindow        *editor;
  EweStore         *store;

  g_assert_cmpuint (count_rows (fixture->window), ==, 2);
  g_assert_null (ewe_session_get_api_client (fixture->session));
  g_assert_null (ewe_session_get_sync (fixture->session));
  /* The user is on the second list when signing in. */
  ewe_window_select_list (fixture->window, second);

  sign_in (fixture);

  /* Signed in, the window shows the account's own (empty) store at once,
   * but never says "No Gift Lists Yet" while it looks at the drafts… */
  store = ewe_session_get_store (fixture->session);
  g_assert_true (store != drafts);
  g_assert_cmpuint (count_rows (fixture->window), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (fixture->window, "sidebar_stack")), !=, "empty");
  check_base_urls (fixture, NULL);

  ewe_dialog_test_iterate_until (has_message_dialog, NULL);
  dialog = find_message_dialog ();
  /* …and keeps them in sight while it asks. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (fixture->window, "sidebar_stack")), ==, "drafts");
  {
    GtkListBox    *drafts_box = child (fixture->window, "drafts_box");
    GtkListBoxRow *row;

    g_assert_nonnull (row = gtk_list_box_get_row_at_index (drafts_box, 0));
    g_assert_nonnull (gtk_list_box_get_row_at_index (drafts_box, 1));
    g_assert_null (gtk_list_box_get_row_at_index (drafts_box, 2));
    g_assert_true (ewe_list_row_get_list (EWE_LIST_ROW (row)) != NULL);
    g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (row)));
  }
  save_screenshot (GTK_WINDOW (fixture->window), "window-sync-drafts-in-sight-light");
  ewe_dialog_test_set_dark (TRUE);
  save_screenshot (GTK_WINDOW (fixture->window), "window-sync-drafts-in-sight-dark");
  ewe_dialog_test_set_dark (FALSE);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (fixture->window));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Move 2 draft lists into your account?");
  g_assert_true (adw_message_dialog_has_response (dialog, "keep"));
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "keep"), ==, "_Keep on This Device");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "move"), ==, ADW_RESPONSE_SUGGESTED);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "move");
  ewe_dialog_test_settle (300);
  save_screenshot (GTK_WINDOW (dialog), "window-sync-move-drafts-light");
  ewe_dialog_test_set_dark (TRUE);
  save_screenshot (GTK_WINDOW (dialog), "window-sync-move-drafts-dark");
  ewe_dialog_test_set_dark (FALSE);

  respond (dialog, "move");
  ewe_dialog_test_iterate_until (no_message_dialog, NULL);

  /* In the account, then on the server, with the server's ids; the list
   * the user was on is selected again. */
  ewe_dialog_test_iterate_until (has_two_lists, store);
  ewe_dialog_test_iterate_until (selected_is_second, fixture->window);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (fixture->window, "sidebar_stack")), ==, "lists");
  wait_for_sync (fixture, in_step);
  g_assert_cmpuint (g_list_model_get_n_items (ewe_store_get_lists (store)), ==, 2);
  g_assert_cmpuint (count_rows (fixture->window), ==, 2);
  titles = server_list_titles (fixture);

  /* Add Gift looks in the server's catalogue, with the session's client;
   * a service of its own elsewhere gives a new client. */
  shown = g_list_model_get_item (ewe_store_get_lists (store), 0);
  ewe_window_select_list (fixture->window, shown);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "list.add-gift", NULL));
  editor = find_toplevel (EWE_TYPE_GIFT_EDITOR);
  g_assert_nonnull (editor);
  g_object_get (editor, "api-client", &editor_client, NULL);
  g_assert_true (editor_client == ewe_session_get_api_client (fixture->session));
  gtk_window_destroy (editor);

  /* Held, so that a new client cannot take the old one's address. */
  old_client = g_object_ref (ewe_session_get_api_client (fixture->session));
  g_settings_set_string (fixture->settings, "products-url", "https://products.example.org/v1/");
  ewe_dialog_test_iterate_until (client_changed, (gpointer[]) { fixture, old_client });
  check_base_urls (fixture, "https://products.example.org/v1");
  g_settings_reset (fixture->settings, "products-url");
  g_set_object (&old_client, ewe_session_get_api_client (fixture->session));
  ewe_dialog_test_iterate_until (client_changed, (gpointer[]) { fixture, old_client });
  check_base_urls (fixture, NULL);
  g_assert_cmpuint (g_strv_length (titles), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *)titles, "Oscar's First Birthday"));
  g_assert_true (g_strv_contains ((const char * const *)titles, "Christmas at Grandma's"));

  /* The drafts file is empty now: signing out shows no lists. */
  reopened = ewe_store_open_sync (drafts_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (ewe_store_get_lists (reopened)), ==, 0);
  g_clear_object (&reopened);

  sign_out (fixture);
  g_assert_null (ewe_session_get_api_client (fixture->session));
  g_assert_null (ewe_session_get_sync (fixture->session));
  g_assert_cmpuint (count_rows (fixture->window), ==, 0);
  g_assert_false (ewe_sync_banner_get_revealed (child (fixture->window, "sync_banner")));

  /* Signed in again, the account's lists come back, and nothing is asked. */
  sign_in (fixture);
  g_assert_cmpuint (count_rows (fixture->window), ==, 2);
  ewe_dialog_test_settle (1000);
  g_assert_null (find_message_dialog ());
}

/* "Keep on This Device" leaves the drafts where they are and is not asked
 * again about the same drafts; a new draft asks again. */
static void
test_keep_drafts (Fixture      *fixture,
                  gconstpointer data)
{
  g_autoptr(EweList) first = create_list (ewe_session_get_store (fixture->session), "Wedding");
  g_autoptr(EweList) second = NULL;
  g_auto(GStrv) kept = NULL;
  AdwMessageDialog *dialog;

  sign_in (fixture);
  ewe_dialog_test_iterate_until (has_message_dialog, NULL);
  dialog = find_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Move 1 draft list into your account?");
  respond (dialog, "keep");
  ewe_dialog_test_iterate_until (no_message_dialog, NULL);

  kept = g_settings_get_strv (fixture->settings, "kept-drafts");
  g_assert_cmpuint (g_strv_length (kept), ==, 1);
  g_assert_cmpstr (kept[0], ==, ewe_list_get_id (first));
  ewe_dialog_test_iterate_until (in_step, fixture->session);
  g_assert_cmpuint (count_rows (fixture->window), ==, 0);

  /* Signed out, the draft is still here; signed in again, no question. */
  sign_out (fixture);
  g_assert_cmpuint (count_rows (fixture->window), ==, 1);
  sign_in (fixture);
  ewe_dialog_test_settle (1000);
  g_assert_null (find_message_dialog ());

  /* A new draft: asked again, about both. Closing the dialog without an
   * answer asks again next time. */
  sign_out (fixture);
  second = create_list (ewe_session_get_store (fixture->session), "Housewarming");
  sign_in (fixture);
  ewe_dialog_test_iterate_until (has_message_dialog, NULL);
  dialog = find_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Move 2 draft lists into your account?");
  gtk_window_close (GTK_WINDOW (dialog));
  ewe_dialog_test_iterate_until (no_message_dialog, NULL);
  g_clear_pointer (&kept, g_strfreev);
  kept = g_settings_get_strv (fixture->settings, "kept-drafts");
  g_assert_cmpuint (g_strv_length (kept), ==, 1);

  /* Asked again; signing out meanwhile takes the question away. */
  sign_out (fixture);
  sign_in (fixture);
  ewe_dialog_test_iterate_until (has_message_dialog, NULL);
  sign_out (fixture);
  g_assert_null (find_message_dialog ());
  g_clear_pointer (&kept, g_strfreev);
  kept = g_settings_get_strv (fixture->settings, "kept-drafts");
  g_assert_cmpuint (g_strv_length (kept), ==, 1);
}

typedef struct
{
  EweWindow *window;
  gboolean   seen_syncing;
  gboolean   spinner_shown;
} SpinnerWatch;

static void
syncing_cb (SpinnerWatch *watch,
            GParamSpec   *pspec,
            EweSync      *sync)
{
  GtkWidget *spinner = child (watch->window, "sync_spinner");

  if (ewe_sync_get_syncing (sync))
    {
      watch->seen_syncing = TRUE;
      watch->spinner_shown = gtk_widget_get_visible (spinner) && gtk_spinner_get_spinning (GTK_SPINNER (spinner));
    }
}

static gboolean
offline (gpointer data)
{
  EweSync      *sync = ewe_session_get_sync (data);
  const GError *error = sync ? ewe_sync_get_last_error (sync) : NULL;

  return !ewe_sync_get_syncing (sync) && g_error_matches (error, EWE_SYNC_ERROR, EWE_SYNC_ERROR_OFFLINE);
}

static gboolean
failed (gpointer data)
{
  EweSync      *sync = ewe_session_get_sync (data);
  const GError *error = sync ? ewe_sync_get_last_error (sync) : NULL;

  return !ewe_sync_get_syncing (sync) && g_error_matches (error, EWE_SYNC_ERROR, EWE_SYNC_ERROR_FAILED);
}

static void
find_labels (GtkWidget *widget,
             GPtrArray *labels)
{
  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (labels, (gpointer)gtk_label_get_label (GTK_LABEL (widget)));

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    find_labels (c, labels);
}

/* A toast whose title starts with @prefix, as the overlay shows it. */
static const char *
find_toast (EweWindow  *window,
            const char *prefix)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  find_labels (GTK_WIDGET (child (window, "toast_overlay")), labels);
  for (guint i = 0; i < labels->len; i++)
    {
      const char *label = g_ptr_array_index (labels, i);

      if (label != NULL && g_str_has_prefix (label, prefix))
        return label;
    }

  return NULL;
}

typedef struct
{
  EweWindow  *window;
  const char *prefix;
} ToastWait;

static gboolean
has_toast (gpointer data)
{
  ToastWait *wait = data;

  return find_toast (wait->window, wait->prefix) != NULL;
}

static gboolean
leaflet_folded (gpointer data)
{
  return adw_leaflet_get_folded (data);
}

static gboolean
leaflet_unfolded (gpointer data)
{
  return !adw_leaflet_get_folded (data);
}

static gboolean
list_title_is (gpointer data)
{
  EweList    *list = ((gpointer *)data)[0];
  const char *title = ((gpointer *)data)[1];

  return g_strcmp0 (ewe_list_get_title (list), title) == 0;
}

/* Whether @window binds @accelerator to @action_name. */
static gboolean
has_shortcut (EweWindow  *window,
              const char *accelerator,
              const char *action_name)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
          g_autofree char   *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (GTK_IS_NAMED_ACTION (action) &&
              g_strcmp0 (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), action_name) == 0 &&
              g_strcmp0 (trigger, accelerator) == 0)
            return TRUE;
        }
    }

  return FALSE;
}

/* Some tests make an edit "on another device" through the API (a rename,
 * a deletion) while the app holds its own edit of the same list in the
 * outbox. Live updates would pull the other edit in as soon as it is
 * made, before or after the app's own, and the outcome would depend on
 * which came first: these tests are about what the outbox makes of it, so
 * they do without (live updates have tests of their own). */
static void
stop_live_updates (Fixture *fixture)
{
  ewe_live_updates_stop (ewe_window_get_live_updates (EWE_WINDOW (fixture->window)));
}

/* The banner and the spinner follow the sync: syncing spins; the server
 * gone, the banner counts what waits; back, Sync Now (Ctrl+R) sends it and
 * the banner goes. */
static void
test_banner (Fixture      *fixture,
             gconstpointer data)
{
  EweSyncBanner *banner = child (fixture->window, "sync_banner");
  SpinnerWatch   watch = { fixture->window, FALSE, FALSE };
  g_autoptr(EweList) wedding = NULL;
  g_autoptr(EweList) christmas = NULL;
  g_autoptr(EweList) values = NULL;
  g_auto(GStrv) titles = NULL;
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *bad_url = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(EweSync) failed_sync = NULL;
  g_autoptr(EweSync) sync = NULL;
  EweStore *store;

  g_assert_false (ewe_sync_banner_get_revealed (banner));
  g_assert_false (gtk_widget_get_visible (child (fixture->window, "sync_spinner")));
  g_assert_true (has_shortcut (fixture->window, "<Control>r", "sync.now"));
  g_assert_true (has_shortcut (fixture->window, "F5", "sync.now"));

  sign_in (fixture);
  stop_live_updates (fixture);
  sync = g_object_ref (ewe_session_get_sync (fixture->session));
  store = ewe_session_get_store (fixture->session);
  g_assert_true (ewe_sync_banner_get_sync (banner) == sync);
  g_signal_connect_swapped (sync, "notify::syncing", G_CALLBACK (syncing_cb), &watch);

  /* An edit reaches the server on its own; the spinner spins meanwhile. */
  wedding = create_list (store, "Wedding");
  wait_for_sync (fixture, in_step);
  g_assert_true (watch.seen_syncing);
  g_assert_true (watch.spinner_shown);
  g_assert_false (gtk_widget_get_visible (child (fixture->window, "sync_spinner")));
  g_assert_false (ewe_sync_banner_get_revealed (banner));

  /* The server gone: the next edit waits, and the banner says so. */
  g_assert_cmpint (ewe_test_server_stop (fixture->core.server), ==, 0);
  christmas = create_list (store, "Christmas");
  wait_for_sync (fixture, offline);
  g_assert_true (ewe_sync_banner_get_revealed (banner));
  ewe_dialog_test_iterate_until (banner_title_is, (gpointer[]) { banner, (gpointer) "Offline — 1 list waiting to sync" });
  g_assert_cmpstr (ewe_sync_banner_get_button_label (banner), ==, "_Retry");
  /* Still, while the pictures are taken: each retry shows the spinner, and
   * a window between layouts renders nothing. */
  ewe_sync_stop (sync);
  ewe_dialog_test_set_dark (FALSE);
  save_screenshot (GTK_WINDOW (fixture->window), "window-sync-offline-light");
  ewe_dialog_test_set_dark (TRUE);
  save_screenshot (GTK_WINDOW (fixture->window), "window-sync-offline-dark");
  ewe_dialog_test_set_dark (FALSE);

  /* On a phone the list hides the sidebar, not the news: the list's own
   * banner says it too. Side by side, only the sidebar's does. */
  {
    EweSyncBanner *content_banner = child (fixture->window, "content_sync_banner");
    AdwLeaflet    *leaflet = child (fixture->window, "leaflet");

    g_assert_true (ewe_sync_banner_get_revealed (content_banner));
    g_assert_cmpstr (ewe_sync_banner_get_title (content_banner), ==, "Offline — 1 list waiting to sync");
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (content_banner)));
    gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 720);
    ewe_dialog_test_iterate_until (leaflet_folded, leaflet);
    ewe_window_select_list (fixture->window, christmas);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (content_banner)));
    save_screenshot (GTK_WINDOW (fixture->window), "window-sync-offline-360-light");
    gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 700);
    ewe_dialog_test_iterate_until (leaflet_unfolded, leaflet);
  }

  /* Back, and Ctrl+R's action: sent, and the banner goes. */
  g_assert_true (ewe_test_server_restart (fixture->core.server));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "sync.now", NULL));
  ewe_dialog_test_iterate_until (in_step, fixture->session);
  ewe_sync_start (sync);
  g_assert_false (ewe_sync_banner_get_revealed (banner));
  titles = server_list_titles (fixture);
  g_assert_true (g_strv_contains ((const char * const *)titles, "Christmas"));

  /* A list deleted elsewhere, then edited here: the server refuses the
   * edit for good, and a toast says once what became of the list and of
   * the edit (before list-lost, it gave the server's "No list exists with
   * this ID." as a change refused, once per change). */
  {
    EweAccount *account = ewe_session_get_account (fixture->session);
    g_autoptr(EweApiClient) client = ewe_api_client_new_for_server (account, fixture->core.server->base_url);
    g_autoptr(GBytes) answer = NULL;

    ewe_api_client_call_async (client, EWE_API_DELETE_LIST,
                               (const char *[]) { ewe_list_get_id (wedding), NULL },
                               NULL, NULL, NULL, ewe_test_waiter_cb, &waiter);
    answer = ewe_api_client_call_finish (client, ewe_test_waiter_wait (&waiter), &error);
    g_assert_no_error (error);
    ewe_test_waiter_clear (&waiter);
  }
  values = ewe_list_copy (wedding);
  ewe_list_set_title (values, "Our Wedding");
  ewe_store_update_list_async (store, wedding, values, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_store_update_list_finish (store, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
  sync_if_no_network (fixture);
  ewe_dialog_test_iterate_until (has_toast, &(ToastWait) { fixture->window, "“Our Wedding” was deleted elsewhere: "
                                                                            "your last change to it was not kept" });
  g_assert_null (find_toast (fixture->window, "A change could not be saved on the server: "));
  ewe_dialog_test_iterate_until (in_step, fixture->session);

  /* A failure that is not the network: its message, and Retry. */
  bad_url = ewe_test_server_url (fixture->core.server, "/api/nowhere");
  g_settings_set_string (fixture->settings, "lists-url", bad_url);
  ewe_dialog_test_iterate_until (sync_replaced, (gpointer[]) { fixture, sync });
  wait_for_sync (fixture, failed);
  g_assert_true (ewe_session_get_sync (fixture->session) != sync);
  g_assert_cmpstr (ewe_api_client_get_base_url (ewe_session_get_api_client (fixture->session),
                                                EWE_API_SERVICE_LISTS),
                   ==, bad_url);
  g_assert_true (ewe_sync_banner_get_revealed (banner));
  expected = g_strdup_printf ("Could not sync: %s",
                              ewe_sync_get_last_error (ewe_session_get_sync (fixture->session))->message);
  g_assert_cmpstr (ewe_sync_banner_get_title (banner), ==, expected);
  g_assert_cmpstr (ewe_sync_banner_get_button_label (banner), ==, "_Retry");
  ewe_sync_stop (ewe_session_get_sync (fixture->session));
  save_screenshot (GTK_WINDOW (fixture->window), "window-sync-failed-light");

  failed_sync = g_object_ref (ewe_session_get_sync (fixture->session));
  g_settings_reset (fixture->settings, "lists-url");
  ewe_dialog_test_iterate_until (sync_replaced, (gpointer[]) { fixture, failed_sync });
  g_assert_false (ewe_sync_banner_get_revealed (banner));
  wait_for_sync (fixture, in_step);
  g_assert_false (ewe_sync_banner_get_revealed (banner));

  g_signal_handlers_disconnect_by_data (sync, &watch);
}

/* The same list renamed on another device (here: straight on the server)
 * and here before this device synced: a toast says whose title was kept,
 * and its Use Theirs button puts the other one back, everywhere. */
static void
test_conflict (Fixture      *fixture,
               gconstpointer data)
{
  g_autofree char *expected = NULL;
  g_autoptr(EweList) list = NULL;
  g_autoptr(EweList) values = NULL;
  g_autoptr(EweList) elsewhere = NULL;
  g_autoptr(EweApiClient) client = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autofree char *json = NULL;
  g_auto(GStrv) titles = NULL;
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  EweStore  *store;
  GtkWidget *button;

  sign_in (fixture);
  stop_live_updates (fixture);
  store = ewe_session_get_store (fixture->session);
  list = create_list (store, "Birthday");
  wait_for_sync (fixture, in_step);
  /* On the server now: no longer a draft, nothing waiting. */
  {
    GtkListBoxRow *row = gtk_list_box_get_row_at_index (child (fixture->window, "lists_box"), 0);
    GtkLabel      *subtitle = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (row), EWE_TYPE_LIST_ROW,
                                                                        "subtitle_label"));

    g_assert_cmpstr (gtk_label_get_label (subtitle), ==, "Birthday");
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (row), EWE_TYPE_LIST_ROW,
                                                                                       "pending_icon"))));
  }

  client = ewe_api_client_new_for_server (ewe_session_get_account (fixture->session),
                                          fixture->core.server->base_url);
  elsewhere = ewe_list_copy (list);
  ewe_list_set_title (elsewhere, "Birthday (phone)");
  json = ewe_codec_encode_list_request (elsewhere);
  body = ewe_codec_parse (json, -1, &error);
  g_assert_no_error (error);
  ewe_api_client_call_async (client, EWE_API_UPDATE_LIST, (const char *[]) { ewe_list_get_id (list), NULL },
                             body, NULL, NULL, ewe_test_waiter_cb, &waiter);
  answer = ewe_api_client_call_finish (client, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  ewe_test_waiter_clear (&waiter);

  values = ewe_list_copy (list);
  ewe_list_set_title (values, "Birthday party");
  ewe_store_update_list_async (store, list, values, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_store_update_list_finish (store, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
  ewe_test_waiter_clear (&waiter);

  expected = g_strdup ("“Birthday party” was also changed on another device: your title was kept");
  sync_if_no_network (fixture);
  ewe_dialog_test_iterate_until (has_toast, &(ToastWait) { fixture->window, expected });
  wait_for_sync (fixture, in_step);
  titles = server_list_titles (fixture);
  g_assert_true (g_strv_contains ((const char * const *)titles, "Birthday party"));
  g_clear_pointer (&titles, g_strfreev);
  save_screenshot (GTK_WINDOW (fixture->window), "window-sync-conflict-light");

  button = ewe_dialog_test_find_button (GTK_WIDGET (child (fixture->window, "toast_overlay")), "Use _Theirs");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_activate (button));
  ewe_dialog_test_iterate_until (list_title_is, (gpointer[]) { list, (gpointer) "Birthday (phone)" });
  wait_for_sync (fixture, in_step);
  titles = server_list_titles (fixture);
  g_assert_true (g_strv_contains ((const char * const *)titles, "Birthday (phone)"));
  g_assert_false (g_strv_contains ((const char * const *)titles, "Birthday party"));
}

static gboolean
gift_quantity_is_3 (gpointer gift)
{
  return ewe_gift_get_quantity (gift) == 3;
}

/* Makes a gift's quantity change on another device (to 3) and here (to
 * 2), and waits for the toast that says so; returns the gift, with the
 * list's gifts held in @gifts so that it stays live. */
static EweGift *
make_gift_conflict (Fixture     *fixture,
                    GListModel **gifts)
{
  g_autoptr(EweList) list = NULL;
  g_autoptr(EweGift) values = ewe_gift_new ();
  g_autoptr(EweGift) gift = NULL;
  g_autoptr(EweGift) elsewhere = NULL;
  g_autoptr(EweApiClient) client = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autofree char *json = NULL;
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  EweStore *store;

  sign_in (fixture);
  stop_live_updates (fixture);
  store = ewe_session_get_store (fixture->session);
  list = create_list (store, "Birthday");
  /* Held, the list's gifts are live: the gift follows its new ids. */
  ewe_store_load_gifts_async (store, list, NULL, ewe_test_waiter_cb, &waiter);
  *gifts = ewe_store_load_gifts_finish (store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  ewe_test_waiter_clear (&waiter);
  ewe_gift_set_product_type (values, EWE_PRODUCT_TYPE_NOTFOUND);
  ewe_gift_set_details (values, "Blue Teapot");
  ewe_gift_set_brand (values, "Kiln & Leaf");
  ewe_gift_set_product_url (values, "https://shop.example/teapot");
  ewe_gift_set_quantity (values, 1);
  ewe_store_add_gift_async (store, list, values, NULL, ewe_test_waiter_cb, &waiter);
  gift = ewe_store_add_gift_finish (store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  ewe_test_waiter_clear (&waiter);
  wait_for_sync (fixture, in_step);

  /* Another device wants 3; this one, 2. */
  client = ewe_api_client_new_for_server (ewe_session_get_account (fixture->session),
                                          fixture->core.server->base_url);
  elsewhere = ewe_gift_copy (gift);
  ewe_gift_set_quantity (elsewhere, 3);
  json = ewe_codec_encode_update_gift_request (elsewhere);
  body = ewe_codec_parse (json, -1, &error);
  g_assert_no_error (error);
  ewe_api_client_call_async (client, EWE_API_UPDATE_LIST_PRODUCT,
                             (const char *[]) { ewe_list_get_id (list), ewe_gift_get_product_id (gift), NULL },
                             body, NULL, NULL, ewe_test_waiter_cb, &waiter);
  answer = ewe_api_client_call_finish (client, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  ewe_test_waiter_clear (&waiter);

  ewe_store_update_gift_async (store, gift, 2, NULL, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_store_update_gift_finish (store, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
  ewe_test_waiter_clear (&waiter);

  sync_if_no_network (fixture);
  ewe_dialog_test_iterate_until (has_toast, &(ToastWait) {
                                              fixture->window,
                                              "“Blue Teapot” was also changed on another device: your quantity was kept" });
  wait_for_sync (fixture, in_step);

  return g_steal_pointer (&gift);
}

/* A gift's quantity changed on another device and here: the toast names
 * the gift, and Use Theirs takes the other quantity, on the server too. */
static void
test_gift_conflict (Fixture      *fixture,
                    gconstpointer data)
{
  g_autoptr(GListModel) gifts = NULL;
  g_autoptr(EweGift) gift = make_gift_conflict (fixture, &gifts);
  GtkWidget *button;

  button = ewe_dialog_test_find_button (GTK_WIDGET (child (fixture->window, "toast_overlay")), "Use _Theirs");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_activate (button));
  ewe_dialog_test_iterate_until (gift_quantity_is_3, gift);
  wait_for_sync (fixture, in_step);
  g_assert_cmpint (ewe_gift_get_quantity (gift), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (gifts), ==, 1);
}

/* Use Theirs on a gift removed since the toast came: the user is told why
 * nothing happened, in a toast, rather than a warning in a log. */
static void
test_gift_conflict_gone (Fixture      *fixture,
                         gconstpointer data)
{
  g_autoptr(GListModel) gifts = NULL;
  g_autoptr(EweGift) gift = make_gift_conflict (fixture, &gifts);
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  EweStore  *store = ewe_session_get_store (fixture->session);
  GtkWidget *button;

  ewe_store_remove_gift_async (store, gift, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_store_remove_gift_finish (store, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (gifts), ==, 0);

  button = ewe_dialog_test_find_button (GTK_WIDGET (child (fixture->window, "toast_overlay")), "Use _Theirs");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_activate (button));
  ewe_dialog_test_iterate_until (has_toast, &(ToastWait) {
                                              fixture->window,
                                              "Could not use the other device’s version: This gift is no longer on the list" });
  g_assert_cmpuint (g_list_model_get_n_items (gifts), ==, 0);
}

/* Reads an API answer as JSON. */
static JsonNode *
call_api (EweApiClient       *client,
          EweApiEndpoint      endpoint,
          const char * const *args,
          const char         *body)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(JsonNode) body_node = body != NULL ? json_from_string (body, NULL) : NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonNode        *node;

  ewe_api_client_call_async (client, endpoint, args, body_node, NULL, NULL, ewe_test_waiter_cb, &waiter);
  answer = ewe_api_client_call_finish (client, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
  node = json_from_string (text, &error);
  g_assert_no_error (error);

  return node;
}

/* The deletion reached the store, and the server. */
static gboolean
no_list_and_in_step (gpointer data)
{
  EweSession *session = data;

  return g_list_model_get_n_items (ewe_store_get_lists (ewe_session_get_store (session))) == 0 && in_step (session);
}

static gboolean
has_coowned_row (gpointer data)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (child (data, "lists_box"), 0);

  return row != NULL && ewe_list_get_coowned (ewe_list_row_get_list (EWE_LIST_ROW (row)));
}

/* Cy invites Ada to own Cy's list; Ada opens the mailed link in the app,
 * signed in: the account accepts it and the list comes into the sidebar,
 * saying who shares it. */
static void
test_invitation (Fixture      *fixture,
                 gconstpointer data)
{
  g_autoptr(EweAccount) cy = ewe_core_fixture_new_user (&fixture->core, "Cy");
  g_autoptr(EweApiClient) cy_client = ewe_api_client_new_for_server (cy, fixture->core.server->base_url);
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) invited = NULL;
  g_autoptr(EweTestMail) mail = NULL;
  g_autoptr(GRegex) regex = g_regex_new ("http\\S+/invitation/[0-9a-f-]+\\?key=[A-Za-z0-9_-]+", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *invite_body = g_strdup_printf ("{\"email\": \"%s\"}", fixture->email);
  g_autofree char *text = NULL;
  g_autofree char *link = NULL;
  const char      *list_id;
  GtkListBoxRow   *row;
  guint            first;

  sign_in (fixture);
  created = call_api (cy_client, EWE_API_CREATE_LIST, NULL, "{\"title\": \"Our wedding\", \"occasion\": \"wedding\"}");
  list_id = json_object_get_string_member (json_node_get_object (created), "listId");
  first = ewe_test_smtp_get_n_messages (fixture->core.smtp);
  invited = call_api (cy_client, EWE_API_INVITE_COOWNER, (const char *[]) { list_id, NULL }, invite_body);
  mail = ewe_test_smtp_wait_for_mail_to (fixture->core.smtp, first, fixture->email, 30000);
  g_assert_nonnull (mail);
  text = ewe_test_mail_dup_part (mail, "text/plain");
  g_assert_true (g_regex_match (regex, text, 0, &match));
  link = g_match_info_fetch (match, 0);

  /* As `ewelists <link>` does it. */
  ewe_window_open_link (fixture->window, link);
  ewe_dialog_test_iterate_until (has_toast, &(ToastWait) { fixture->window, "You co-own this list now" });
  ewe_dialog_test_iterate_until (has_coowned_row, fixture->window);
  row = gtk_list_box_get_row_at_index (child (fixture->window, "lists_box"), 0);
  g_assert_cmpstr (ewe_list_get_id (ewe_list_row_get_list (EWE_LIST_ROW (row))), ==, list_id);
  g_assert_cmpstr (ewe_list_get_owner_name (ewe_list_row_get_list (EWE_LIST_ROW (row))), ==, "Cy");

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  ewe_dialog_test_settle (300);
  save_screenshot (GTK_WINDOW (fixture->window), "window-sync-coowned-1280-light");
  ewe_dialog_test_set_dark (TRUE);
  save_screenshot (GTK_WINDOW (fixture->window), "window-sync-coowned-1280-dark");
  ewe_dialog_test_set_dark (FALSE);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 720);
  ewe_dialog_test_settle (300);
  save_screenshot (GTK_WINDOW (fixture->window), "window-sync-coowned-360-light");
  ewe_dialog_test_set_dark (TRUE);
  save_screenshot (GTK_WINDOW (fixture->window), "window-sync-coowned-360-dark");
  ewe_dialog_test_set_dark (FALSE);

  /* Deleting it leaves it: the toast says so, and the list stays Cy's. */
  {
    EweList *list = ewe_list_row_get_list (EWE_LIST_ROW (row));
    g_autoptr(EweList) kept = g_object_ref (list);
    g_autoptr(JsonNode) cy_lists = NULL;
    AdwToast *toast;

    ewe_window_select_list (fixture->window, kept);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "list.delete", NULL));
    toast = ewe_deletion_queue_get_toast (ewe_window_get_deletion_queue (fixture->window), kept);
    g_assert_nonnull (toast);
    g_assert_cmpstr (adw_toast_get_title (toast), ==, "You left “Our wedding”");
    /* Dismissed only once shown: the overlay cannot take it sooner. */
    ewe_dialog_test_iterate_until (has_toast, &(ToastWait) { fixture->window, "You left" });
    ewe_dialog_test_settle (500);
    adw_toast_dismiss (toast);
    wait_for_sync (fixture, no_list_and_in_step);
    g_assert_null (gtk_list_box_get_row_at_index (child (fixture->window, "lists_box"), 0));
    cy_lists = call_api (cy_client, EWE_API_GET_LISTS, NULL, NULL);
    g_assert_cmpuint (
      json_array_get_length (json_object_get_array_member (json_node_get_object (cy_lists), "owned")), ==, 1);
  }
}

static gboolean
list_on_server (gpointer data)
{
  return !ewe_list_is_local (data);
}

static gboolean
not_syncing (gpointer data)
{
  return !ewe_sync_get_syncing (data);
}

/* Co-owners… needs the list on the server. A new list, chosen while it is
 * a draft, gets there with the sync, keeping its object: Co-owners… opens
 * then, without choosing the list again (it stayed greyed out until some
 * other list was chosen). */
static void
test_coowners_once_on_server (Fixture      *fixture,
                              gconstpointer data)
{
  g_autoptr(EweList) list = NULL;
  EweSync *sync;

  sign_in (fixture);
  stop_live_updates (fixture);
  sync = ewe_session_get_sync (fixture->session);
  /* Held back once the first sync is over, so that the list is chosen
   * as a draft. */
  ewe_dialog_test_iterate_until (not_syncing, sync);
  ewe_sync_stop (sync);
  list = create_list (ewe_session_get_store (fixture->session), "Our wedding");
  ewe_window_select_list (fixture->window, list);
  g_assert_true (ewe_list_is_local (list));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "list.coowners", NULL));
  ewe_dialog_test_settle (100);
  g_assert_null (find_toplevel (EWE_TYPE_COOWNERS_DIALOG));

  ewe_sync_start (sync);
  sync_if_no_network (fixture);
  ewe_dialog_test_iterate_until (list_on_server, list);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "list.coowners", NULL));
  g_assert_nonnull (find_toplevel (EWE_TYPE_COOWNERS_DIALOG));
  gtk_window_destroy (find_toplevel (EWE_TYPE_COOWNERS_DIALOG));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = g_dir_make_tmp ("ewe-test-window-sync-XXXXXX", &error);

  g_assert_no_error (error);
  /* Before anything reads it: the stores live under it. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  ewe_app_test_init (&argc, &argv);

  g_test_add ("/app/window-sync/move-drafts", Fixture, NULL, fixture_set_up, test_move_drafts, fixture_tear_down);
  g_test_add ("/app/window-sync/keep-drafts", Fixture, NULL, fixture_set_up, test_keep_drafts, fixture_tear_down);
  g_test_add ("/app/window-sync/banner", Fixture, NULL, fixture_set_up, test_banner, fixture_tear_down);
  g_test_add ("/app/window-sync/conflict", Fixture, NULL, fixture_set_up, test_conflict, fixture_tear_down);
  g_test_add ("/app/window-sync/gift-conflict", Fixture, NULL, fixture_set_up, test_gift_conflict,
              fixture_tear_down);
  g_test_add ("/app/window-sync/gift-conflict-gone", Fixture, NULL, fixture_set_up, test_gift_conflict_gone,
              fixture_tear_down);
  g_test_add ("/app/window-sync/invitation", Fixture, NULL, fixture_set_up, test_invitation, fixture_tear_down);
  g_test_add ("/app/window-sync/coowners-once-on-server", Fixture, NULL, fixture_set_up,
              test_coowners_once_on_server, fixture_tear_down);

  return g_test_run ();
}
