/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include "ewe-dialog-test.h"
#include "ewe-list-editor.h"
#include "ewe-test-async.h"

static gpointer
child (gpointer    editor,
       const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (editor), EWE_TYPE_LIST_EDITOR, name);
}

typedef struct
{
  EweList *saved;
} SavedState;

static void
saved_cb (EweListEditor *editor,
          EweList       *list,
          SavedState    *state)
{
  g_set_object (&state->saved, list);
}

static gboolean
was_saved (gpointer data)
{
  return ((SavedState *)data)->saved != NULL;
}

static void
test_list_editor_refuses_empty_title (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(EweStore) store = ewe_dialog_test_open_store (&dir);
  EweListEditor *editor = ewe_list_editor_new (store, NULL);
  SavedState     state = { 0 };

  g_signal_connect (editor, "saved", G_CALLBACK (saved_cb), &state);
  ewe_dialog_test_present (GTK_WINDOW (editor), 480, 680);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (editor)), ==, "New List");
  /* Keyboard: it opens in the title (not on Cancel, where Enter would
   * cancel), and Enter in the title saves. */
  g_assert_true (ewe_dialog_test_focus_is_in (GTK_WINDOW (editor), child (editor, "title_row")));
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (editor)) == child (editor, "save_button"));
  g_assert_true (adw_entry_row_get_activates_default (child (editor, "title_row")));

  /* Spaces are not a title either. */
  gtk_editable_set_text (GTK_EDITABLE (child (editor, "title_row")), "   ");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  ewe_dialog_test_settle (200);

  g_assert_true (gtk_widget_get_visible (child (editor, "title_error")));
  g_assert_true (gtk_widget_has_css_class (child (editor, "title_row"), "error"));
  g_assert_null (state.saved);
  g_assert_cmpuint (g_list_model_get_n_items (ewe_store_get_lists (store)), ==, 0);
  g_assert_cmpuint (ewe_store_get_outbox_length (store), ==, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (editor)));

  g_free (ewe_dialog_test_screenshot (GTK_WINDOW (editor), "list-editor-error"));

  /* Typing a title takes the error away at once. */
  gtk_editable_set_text (GTK_EDITABLE (child (editor, "title_row")), "Christmas");
  g_assert_false (gtk_widget_get_visible (child (editor, "title_error")));
  g_assert_false (gtk_widget_has_css_class (child (editor, "title_row"), "error"));

  gtk_window_destroy (GTK_WINDOW (editor));
  g_clear_object (&store);
  ewe_dialog_test_remove_dir (dir);
}

static void
test_list_editor_creates (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(EweStore) store = ewe_dialog_test_open_store (&dir);
  g_autoptr(GDateTime) date = g_date_time_new_local (2026, 12, 25, 0, 0, 0);
  g_autoptr(EweList) item = NULL;
  EweListEditor *editor = ewe_list_editor_new (store, NULL);
  GListModel    *lists = ewe_store_get_lists (store);
  SavedState     state = { 0 };

  g_signal_connect (editor, "saved", G_CALLBACK (saved_cb), &state);
  ewe_dialog_test_present (GTK_WINDOW (editor), 480, 680);

  gtk_editable_set_text (GTK_EDITABLE (child (editor, "title_row")), "Oscar's First Birthday");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (child (editor, "description_view")),
                            "Cake, balloons and a few gifts.", -1);
  adw_combo_row_set_selected (child (editor, "occasion_row"), 2);
  gtk_calendar_select_day (child (editor, "calendar"), date);
  g_signal_emit_by_name (child (editor, "calendar"), "day-selected");
  g_assert_cmpstr (adw_action_row_get_subtitle (child (editor, "date_row")), ==, "25 December 2026");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  ewe_dialog_test_iterate_until (was_saved, &state);

  g_assert_cmpuint (g_list_model_get_n_items (lists), ==, 1);
  item = g_list_model_get_item (lists, 0);
  g_assert_true (item == state.saved);
  g_assert_true (ewe_list_is_local (item));
  g_assert_cmpstr (ewe_list_get_title (item), ==, "Oscar's First Birthday");
  g_assert_cmpstr (ewe_list_get_description (item), ==, "Cake, balloons and a few gifts.");
  g_assert_cmpstr (ewe_list_get_occasion (item), ==, "Birthday");
  g_assert_cmpstr (ewe_list_get_image_url (item), ==, "/images/birthday-default-2.png");
  g_assert_cmpstr (ewe_list_get_event_date (item), ==, "25 December 2026");
  g_assert_cmpuint (ewe_store_get_outbox_length (store), ==, 1);

  g_clear_object (&state.saved);
  g_clear_object (&store);
  ewe_dialog_test_remove_dir (dir);
}

static void
test_list_editor_edits (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(EweStore) store = ewe_dialog_test_open_store (&dir);
  g_autoptr(EweList) values = ewe_list_new ();
  g_autoptr(EweList) list = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(EweTestWaiter) waiter = { 0 };
  EweListEditor *editor;
  SavedState     state = { 0 };

  ewe_list_set_title (values, "Christmas 2026");
  ewe_list_set_occasion (values, "Christmas");
  ewe_list_set_image_url (values, "/images/christmas-default-2.png");
  ewe_list_set_event_date (values, "24 December 2026");
  ewe_list_set_currency (values, "EUR");
  ewe_store_create_list_async (store, values, NULL, ewe_test_waiter_cb, &waiter);
  list = ewe_store_create_list_finish (store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);

  editor = ewe_list_editor_new (store, list);
  g_signal_connect (editor, "saved", G_CALLBACK (saved_cb), &state);
  ewe_dialog_test_present (GTK_WINDOW (editor), 480, 680);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (editor)), ==, "Edit List");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (editor, "title_row"))), ==, "Christmas 2026");
  g_assert_cmpuint (adw_combo_row_get_selected (child (editor, "occasion_row")), ==, 3);
  g_assert_cmpstr (adw_action_row_get_subtitle (child (editor, "date_row")), ==, "24 December 2026");

  gtk_editable_set_text (GTK_EDITABLE (child (editor, "title_row")), "Christmas at Gran's");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.clear-date", NULL));

  /* The list's currency is chosen, and another can be. */
  {
    AdwComboRow   *row = child (editor, "currency_row");
    GtkStringList *codes = GTK_STRING_LIST (adw_combo_row_get_model (row));

    g_assert_cmpstr (gtk_string_list_get_string (codes, adw_combo_row_get_selected (row)), ==, "EUR");
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (codes)); i++)
      if (g_str_equal (gtk_string_list_get_string (codes, i), "CHF"))
        adw_combo_row_set_selected (row, i);
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  ewe_dialog_test_iterate_until (was_saved, &state);

  /* The store's live object changed in place. */
  g_assert_true (state.saved == list);
  g_assert_cmpstr (ewe_list_get_title (list), ==, "Christmas at Gran's");
  g_assert_cmpstr (ewe_list_get_occasion (list), ==, "Christmas");
  g_assert_cmpstr (ewe_list_get_currency (list), ==, "CHF");
  g_assert_true (ewe_list_get_event_date (list) == NULL || *ewe_list_get_event_date (list) == '\0');
  g_assert_cmpuint (g_list_model_get_n_items (ewe_store_get_lists (store)), ==, 1);
  g_assert_cmpuint (ewe_store_get_outbox_length (store), ==, 2);

  g_clear_object (&state.saved);
  g_clear_object (&store);
  ewe_dialog_test_remove_dir (dir);
}

static void
test_list_editor_screenshots (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(EweStore) store = ewe_dialog_test_open_store (&dir);
  struct
  {
    int         width;
    int         height;
    const char *name;
    gboolean    dark;
  } shots[] = {
    { 480, 760, "list-editor-light", FALSE },
    { 480, 760, "list-editor-dark", TRUE },
    { 360, 720, "list-editor-light-360", FALSE },
    { 360, 720, "list-editor-dark-360", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    {
      EweListEditor *editor = ewe_list_editor_new (store, NULL);

      gtk_editable_set_text (GTK_EDITABLE (child (editor, "title_row")), "Oscar's First Birthday");
      ewe_dialog_test_set_dark (shots[i].dark);
      ewe_dialog_test_present (GTK_WINDOW (editor), shots[i].width, shots[i].height);
      g_free (ewe_dialog_test_screenshot (GTK_WINDOW (editor), shots[i].name));
      gtk_window_destroy (GTK_WINDOW (editor));
    }

  ewe_dialog_test_set_dark (FALSE);
  g_clear_object (&store);
  ewe_dialog_test_remove_dir (dir);
}

static EweList *
create_list (EweStore   *store,
             const char *event_date)
{
  g_autoptr(EweList) values = ewe_list_new ();
  g_autoptr(GError) error = NULL;
  g_auto(EweTestWaiter) waiter = { 0 };
  EweList *list;

  ewe_list_set_title (values, "Our Wedding");
  ewe_list_set_occasion (values, "Wedding");
  ewe_list_set_event_date (values, event_date);
  ewe_store_create_list_async (store, values, NULL, ewe_test_waiter_cb, &waiter);
  list = ewe_store_create_list_finish (store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  return list;
}

static void
pick_reveal_day (EweListEditor *editor,
                 int            year,
                 int            month,
                 int            day)
{
  g_autoptr(GDateTime) date = g_date_time_new_local (year, month, day, 0, 0, 0);

  gtk_calendar_select_day (child (editor, "reveal_calendar"), date);
  g_signal_emit_by_name (child (editor, "reveal_calendar"), "day-selected");
}

static const char *
reveal_subtitle (EweListEditor *editor)
{
  return adw_action_row_get_subtitle (child (editor, "reveal_row"));
}

/* The reveal date row: the default (the day after the event, following
 * the event date as it is edited) until the owner picks a day, saved as an
 * edit of its own, and back to the default. */
static void
test_list_editor_reveal_date (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(EweStore) store = ewe_dialog_test_open_store (&dir);
  g_autoptr(EweList) list = create_list (store, "24 December 2026");
  EweListEditor *editor = ewe_list_editor_new (store, list);
  SavedState     state = { 0 };

  g_signal_connect (editor, "saved", G_CALLBACK (saved_cb), &state);
  ewe_dialog_test_present (GTK_WINDOW (editor), 480, 680);
  g_assert_cmpstr (reveal_subtitle (editor), ==,
                   "25 December 2026, the day after the event\n"
                   "Until then you see how many were reserved, not who");

  /* The default follows the event date; without one, there is none. */
  {
    g_autoptr(GDateTime) event = g_date_time_new_local (2027, 6, 1, 0, 0, 0);

    gtk_calendar_select_day (child (editor, "calendar"), event);
    g_signal_emit_by_name (child (editor, "calendar"), "day-selected");
    g_assert_true (g_str_has_prefix (reveal_subtitle (editor), "2 June 2027, the day after the event\n"));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.clear-date", NULL));
    g_assert_true (g_str_has_prefix (reveal_subtitle (editor), "None"));
    gtk_calendar_select_day (child (editor, "calendar"), event);
    g_signal_emit_by_name (child (editor, "calendar"), "day-selected");
  }

  pick_reveal_day (editor, 2027, 6, 20);
  g_assert_cmpstr (reveal_subtitle (editor), ==, "20 June 2027\nUntil then you see how many were reserved, not who");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  ewe_dialog_test_iterate_until (was_saved, &state);
  g_assert_true (state.saved == list);
  g_assert_cmpstr (ewe_list_get_event_date (list), ==, "01 June 2027");
  g_assert_cmpstr (ewe_list_get_reveal_date (list), ==, "2027-06-20");
  g_assert_cmpstr (ewe_list_get_reveal_on (list), ==, "2027-06-20");
  /* The create, the update, and the reveal date on its own. */
  g_assert_cmpuint (ewe_store_get_outbox_length (store), ==, 3);
  g_clear_object (&state.saved);

  /* Opened again it shows the chosen day, and goes back to the default. */
  editor = ewe_list_editor_new (store, list);
  g_signal_connect (editor, "saved", G_CALLBACK (saved_cb), &state);
  ewe_dialog_test_present (GTK_WINDOW (editor), 480, 680);
  g_assert_true (g_str_has_prefix (reveal_subtitle (editor), "20 June 2027\n"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.reset-reveal-date", NULL));
  g_assert_true (g_str_has_prefix (reveal_subtitle (editor), "2 June 2027, the day after the event\n"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  ewe_dialog_test_iterate_until (was_saved, &state);
  g_assert_null (ewe_list_get_reveal_date (list));
  g_assert_cmpstr (ewe_list_get_reveal_on (list), ==, "2027-06-02");
  g_assert_cmpuint (ewe_store_get_outbox_length (store), ==, 5);

  g_clear_object (&state.saved);
  g_clear_object (&store);
  ewe_dialog_test_remove_dir (dir);
}

static void
test_list_editor_reveal_screenshots (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(EweStore) store = ewe_dialog_test_open_store (&dir);
  g_autoptr(EweList) list = create_list (store, "01 June 2027");
  struct
  {
    int         width;
    int         height;
    const char *name;
    gboolean    dark;
  } shots[] = {
    { 1280, 800, "list-editor-reveal-light", FALSE },
    { 1280, 800, "list-editor-reveal-dark", TRUE },
    { 360, 720, "list-editor-reveal-light-360", FALSE },
    { 360, 720, "list-editor-reveal-dark-360", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    {
      EweListEditor *editor = ewe_list_editor_new (store, list);

      ewe_dialog_test_set_dark (shots[i].dark);
      ewe_dialog_test_present (GTK_WINDOW (editor), shots[i].width, shots[i].height);
      pick_reveal_day (editor, 2027, 6, 20);
      ewe_dialog_test_settle (200);
      g_free (ewe_dialog_test_screenshot (GTK_WINDOW (editor), shots[i].name));
      gtk_window_destroy (GTK_WINDOW (editor));
    }

  ewe_dialog_test_set_dark (FALSE);
  g_clear_object (&store);
  ewe_dialog_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  ewe_dialog_test_init (&argc, &argv);

  g_test_add_func ("/app/list-editor/refuses-empty-title", test_list_editor_refuses_empty_title);
  g_test_add_func ("/app/list-editor/creates", test_list_editor_creates);
  g_test_add_func ("/app/list-editor/edits", test_list_editor_edits);
  g_test_add_func ("/app/list-editor/screenshots", test_list_editor_screenshots);
  g_test_add_func ("/app/list-editor/reveal-date", test_list_editor_reveal_date);
  g_test_add_func ("/app/list-editor/reveal-screenshots", test_list_editor_reveal_screenshots);

  return g_test_run ();
}
