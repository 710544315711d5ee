/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "ewe-application.h"
#include "ewe-dialog-test.h"
#include "ewe-gift-editor.h"
#include "ewe-list-editor.h"
#include "ewe-list-page.h"
#include "ewe-list-row.h"
#include "ewe-share-dialog.h"
#include "ewe-test-async.h"
#include "ewe-window.h"

static void
iterate_until (gboolean (*done) (gpointer), gpointer data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!done (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static gboolean
widget_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static void
test_window_shows_empty_state (void)
{
  g_autoptr(EweApplication) app = ewe_application_new ();
  g_autoptr(GError) error = NULL;
  EweWindow       *window;
  AdwToastOverlay *toast_overlay;
  AdwLeaflet      *leaflet;

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  window = ewe_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  iterate_until (widget_is_mapped, window);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Ewelists");

  /* The window is an adaptive split: a leaflet with the sidebar and the
   * content, under the overlay that shows toasts. */
  toast_overlay = ADW_TOAST_OVERLAY (adw_application_window_get_content (ADW_APPLICATION_WINDOW (window)));
  g_assert_true (ADW_IS_TOAST_OVERLAY (toast_overlay));
  leaflet = ADW_LEAFLET (adw_toast_overlay_get_child (toast_overlay));
  g_assert_true (ADW_IS_LEAFLET (leaflet));
  g_assert_true (adw_leaflet_get_can_navigate_back (leaflet));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gpointer
child (EweWindow  *window,
       const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (window), EWE_TYPE_WINDOW, name);
}

static gboolean
store_is_open (gpointer data)
{
  return ewe_session_get_store (ewe_window_get_session (EWE_WINDOW (data))) != NULL;
}

/* A window of its own application, with an id of its own on the bus, so
 * that a second one can start in this process as if the app were launched
 * again. */
static EweWindow *
start_window (EweApplication **app,
              int              width,
              int              height)
{
  static guint     n_started = 0;
  g_autofree char *id = g_strdup_printf ("%s.Test%u", APPLICATION_ID, ++n_started);
  g_autoptr(GError) error = NULL;
  EweWindow *window;

  *app = ewe_application_new ();
  g_application_set_application_id (G_APPLICATION (*app), id);
  g_application_register (G_APPLICATION (*app), NULL, &error);
  g_assert_no_error (error);

  window = ewe_window_new (*app);
  ewe_dialog_test_present (GTK_WINDOW (window), width, height);
  ewe_dialog_test_iterate_until (store_is_open, window);

  return window;
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

static EweListEditor *
find_list_editor (void)
{
  return (EweListEditor *)find_toplevel (EWE_TYPE_LIST_EDITOR);
}

/* Activates @action on @window; it must open a dialog of @type for the
 * selected list, which is then closed again. */
static void
check_opens (EweWindow  *window,
             const char *action,
             GType       type)
{
  GtkWindow *dialog;

  g_assert_null (find_toplevel (type));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));
  dialog = find_toplevel (type);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (window));
  gtk_window_destroy (dialog);
}

static gboolean
has_list_editor (gpointer data)
{
  return find_list_editor () != NULL;
}

static gboolean
list_editor_gone (gpointer data)
{
  return find_list_editor () == NULL;
}

static gboolean
has_rows (gpointer data)
{
  return count_rows (EWE_WINDOW (data)) >= 2;
}

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  EweList **created = user_data;
  g_autoptr(GError) error = NULL;

  *created = ewe_store_create_list_finish (EWE_STORE (object), result, &error);
  g_assert_no_error (error);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *)data != NULL;
}

static const char *
row_title (EweWindow *window,
           guint      index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (child (window, "lists_box"), index);
  GtkLabel      *label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (row), EWE_TYPE_LIST_ROW, "title_label"));

  return gtk_label_get_label (label);
}

static const char *
row_subtitle (EweWindow *window,
              guint      index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (child (window, "lists_box"), index);
  GtkLabel      *label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (row), EWE_TYPE_LIST_ROW, "subtitle_label"));

  return gtk_label_get_label (label);
}

static EweListPage *
shown_list_page (EweWindow *window)
{
  GtkWidget *page = gtk_stack_get_visible_child (child (window, "content_stack"));

  g_assert_true (EWE_IS_LIST_PAGE (page));
  return EWE_LIST_PAGE (page);
}

static void
test_window_drafts_lists (void)
{
  g_autoptr(EweApplication) app = NULL;
  g_autoptr(EweApplication) again = NULL;
  g_autoptr(EweList) values = ewe_list_new ();
  g_autoptr(EweList) second = NULL;
  EweListEditor *editor;
  EweWindow     *window;
  EweList       *first;
  EweStore      *store;
  char          *shot;

  window = start_window (&app, 1280, 800);
  store = ewe_session_get_store (ewe_window_get_session (window));
  g_assert_cmpuint (g_list_model_get_n_items (ewe_store_get_lists (store)), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (window, "sidebar_stack")), ==, "empty");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (window, "content_stack")), ==, "none");
  g_assert_false (gtk_widget_get_visible (child (window, "list_menu_button")));
  shot = ewe_dialog_test_screenshot (GTK_WINDOW (window), "window-empty-1280-light");
  g_free (shot);

  /* "New List" (Ctrl+N) opens the editor; saving it selects the new list. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "list.new", NULL));
  ewe_dialog_test_iterate_until (has_list_editor, NULL);
  editor = find_list_editor ();
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (editor), EWE_TYPE_LIST_EDITOR, "title_row")),
                         "Oscar's First Birthday");
  adw_combo_row_set_selected (ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (editor), EWE_TYPE_LIST_EDITOR,
                                                                            "occasion_row")),
                              2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  ewe_dialog_test_iterate_until (list_editor_gone, NULL);

  g_assert_cmpuint (count_rows (window), ==, 1);
  g_assert_cmpstr (row_title (window, 0), ==, "Oscar's First Birthday");
  /* Signed out, a list is a draft on this device, and the row says so. */
  g_assert_true (g_str_has_prefix (row_subtitle (window, 0), "Draft · "));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (window, "sidebar_stack")), ==, "lists");
  first = g_list_model_get_item (ewe_store_get_lists (store), 0);
  g_object_unref (first); /* the store keeps it */
  g_assert_true (gtk_list_box_get_selected_row (child (window, "lists_box")) ==
                 gtk_list_box_get_row_at_index (child (window, "lists_box"), 0));
  g_assert_true (ewe_list_page_get_list (shown_list_page (window)) == first);
  g_assert_cmpstr (adw_window_title_get_title (child (window, "content_title")), ==, "Oscar's First Birthday");
  g_assert_true (gtk_widget_get_visible (child (window, "list_menu_button")));

  /* A list made elsewhere (the store) appears too; selecting it shows it. */
  ewe_list_set_title (values, "Christmas at Grandma's");
  ewe_list_set_occasion (values, "Christmas");
  ewe_list_set_event_date (values, "25 December 2026");
  ewe_store_create_list_async (store, values, NULL, created_cb, &second);
  ewe_dialog_test_iterate_until (is_set, &second);
  ewe_dialog_test_iterate_until (has_rows, window);
  ewe_window_select_list (window, second);
  g_assert_true (ewe_list_page_get_list (shown_list_page (window)) == second);

  /* The list's menu, and the page's own Add Gift, open the dialogs for it. */
  check_opens (window, "list.add-gift", EWE_TYPE_GIFT_EDITOR);
  check_opens (window, "list.share", EWE_TYPE_SHARE_DIALOG);
  check_opens (window, "list.edit", EWE_TYPE_LIST_EDITOR);
  g_assert_null (find_toplevel (EWE_TYPE_GIFT_EDITOR));
  g_signal_emit_by_name (shown_list_page (window), "add-gift");
  g_assert_nonnull (find_toplevel (EWE_TYPE_GIFT_EDITOR));
  gtk_window_destroy (find_toplevel (EWE_TYPE_GIFT_EDITOR));

  ewe_dialog_test_set_dark (FALSE);
  shot = ewe_dialog_test_screenshot (GTK_WINDOW (window), "window-lists-1280-light");
  g_free (shot);
  ewe_dialog_test_set_dark (TRUE);
  shot = ewe_dialog_test_screenshot (GTK_WINDOW (window), "window-lists-1280-dark");
  g_free (shot);
  ewe_dialog_test_set_dark (FALSE);

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&second);
  g_clear_object (&app);

  /* Started again, on a phone: the lists were saved on disk. */
  window = start_window (&again, 360, 720);
  g_assert_cmpuint (count_rows (window), ==, 2);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (window, "sidebar_stack")), ==, "lists");
  g_assert_true (adw_leaflet_get_folded (child (window, "leaflet")));
  shot = ewe_dialog_test_screenshot (GTK_WINDOW (window), "window-lists-360-sidebar-light");
  g_free (shot);

  g_signal_emit_by_name (child (window, "lists_box"), "row-activated",
                         gtk_list_box_get_row_at_index (child (window, "lists_box"), 0));
  gtk_list_box_select_row (child (window, "lists_box"),
                           gtk_list_box_get_row_at_index (child (window, "lists_box"), 0));
  ewe_dialog_test_settle (500);
  g_assert_true (adw_leaflet_get_visible_child (child (window, "leaflet")) == child (window, "content"));
  g_assert_nonnull (ewe_list_page_get_list (shown_list_page (window)));
  shot = ewe_dialog_test_screenshot (GTK_WINDOW (window), "window-lists-360-light");
  g_free (shot);
  ewe_dialog_test_set_dark (TRUE);
  shot = ewe_dialog_test_screenshot (GTK_WINDOW (window), "window-lists-360-dark");
  g_free (shot);
  ewe_dialog_test_set_dark (FALSE);

  /* Back returns to the sidebar. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "content.back", NULL));
  ewe_dialog_test_settle (500);
  g_assert_true (adw_leaflet_get_visible_child (child (window, "leaflet")) != child (window, "content"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
store_failed (gpointer data)
{
  return ewe_session_get_store_error (ewe_window_get_session (EWE_WINDOW (data))) != NULL;
}

/* A drafts file that is not a store: the window says why, and offers no
 * New List that could not be saved. */
static void
test_window_store_error (void)
{
  g_autofree char *data_dir = g_build_filename (g_get_user_data_dir (), "ewelists", NULL);
  g_autofree char *saved_dir = g_strconcat (data_dir, ".saved", NULL);
  g_autofree char *drafts = g_build_filename (data_dir, "drafts.sqlite", NULL);
  g_autoptr(EweApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  EweWindow       *window;
  const GError    *store_error;
  char            *shot;

  g_assert_cmpint (g_rename (data_dir, saved_dir), ==, 0);
  g_assert_cmpint (g_mkdir (data_dir, 0700), ==, 0);
  g_file_set_contents (drafts, "This is not an SQLite database, and it is long enough to show.\n"
                               "This is not an SQLite database, and it is long enough to show.\n",
                       -1, &error);
  g_assert_no_error (error);

  app = ewe_application_new ();
  id = g_strdup_printf ("%s.TestError", APPLICATION_ID);
  g_application_set_application_id (G_APPLICATION (app), id);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  window = ewe_window_new (app);
  ewe_dialog_test_present (GTK_WINDOW (window), 1280, 800);
  ewe_dialog_test_iterate_until (store_failed, window);

  store_error = ewe_session_get_store_error (ewe_window_get_session (window));
  g_assert_null (ewe_session_get_store (ewe_window_get_session (window)));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (window, "sidebar_stack")), ==, "error");
  g_assert_cmpstr (adw_status_page_get_description (child (window, "sidebar_error")), ==, store_error->message);
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (window), "list.new", NULL) &&
                  find_list_editor () != NULL);
  g_assert_null (find_list_editor ());
  shot = ewe_dialog_test_screenshot (GTK_WINDOW (window), "window-store-error-1280-light");
  g_free (shot);

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&app);

  g_assert_cmpint (g_remove (drafts), ==, 0);
  g_assert_cmpint (g_rmdir (data_dir), ==, 0);
  g_assert_cmpint (g_rename (saved_dir, data_dir), ==, 0);
}

static gboolean
has_label_starting (GtkWidget  *widget,
                    const char *prefix)
{
  if (GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix))
    return TRUE;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      if (has_label_starting (c, prefix))
        return TRUE;
    }

  return FALSE;
}

#define FRIENDS_PROBLEM "Could not read your friends’ lists on this device: open their links again"

static gboolean
friends_problem_shown (gpointer data)
{
  return has_label_starting (GTK_WIDGET (child (EWE_WINDOW (data), "toast_overlay")), FRIENDS_PROBLEM);
}

/* A store whose friends' lists cannot be read (their table is gone): the
 * session's problem is a toast that says what to do, and the lists are
 * still there. */
static void
test_window_friends_problem (void)
{
  g_autofree char *data_dir = g_build_filename (g_get_user_data_dir (), "ewelists", NULL);
  g_autofree char *saved_dir = g_strconcat (data_dir, ".saved", NULL);
  g_autofree char *drafts = g_build_filename (data_dir, "drafts.sqlite", NULL);
  g_autoptr(EweApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  sqlite3         *db = NULL;
  EweWindow       *window;

  g_assert_cmpint (g_rename (data_dir, saved_dir), ==, 0);
  g_assert_cmpint (g_mkdir (data_dir, 0700), ==, 0);
  {
    g_autoptr(EweStore) store = NULL;
    g_auto(EweTestWaiter) waiter = { 0 };

    ewe_store_open_async (drafts, NULL, ewe_test_waiter_cb, &waiter);
    store = ewe_store_open_finish (ewe_test_waiter_wait (&waiter), &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (sqlite3_open (drafts, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "ALTER TABLE friend_lists RENAME TO friend_lists_gone", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);

  app = ewe_application_new ();
  id = g_strdup_printf ("%s.TestFriendsProblem", APPLICATION_ID);
  g_application_set_application_id (G_APPLICATION (app), id);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  window = ewe_window_new (app);
  ewe_dialog_test_present (GTK_WINDOW (window), 1280, 800);
  ewe_dialog_test_iterate_until (friends_problem_shown, window);
  g_assert_nonnull (ewe_session_get_store (ewe_window_get_session (window)));
  g_assert_null (ewe_session_get_store_error (ewe_window_get_session (window)));

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&app);

  ewe_dialog_test_remove_dir (data_dir);
  g_assert_cmpint (g_rename (saved_dir, data_dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = g_dir_make_tmp ("ewe-test-window-XXXXXX", &error);

  g_assert_no_error (error);
  /* Before anything reads it: the drafts store lives under it. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/app/window/shows-empty-state", test_window_shows_empty_state);
  g_test_add_func ("/app/window/drafts-lists", test_window_drafts_lists);
  g_test_add_func ("/app/window/store-error", test_window_store_error);
  g_test_add_func ("/app/window/friends-problem", test_window_friends_problem);

  return g_test_run ();
}
