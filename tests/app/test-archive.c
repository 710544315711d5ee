/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <adwaita.h>

#include "ewe-application.h"
#include "ewe-dialog-test.h"
#include "ewe-gift-card.h"
#include "ewe-list-page.h"
#include "ewe-list-row.h"
#include "ewe-window.h"

/* Archiving a list in the window, on the real drafts store: the list's
 * menu asks for a thank-you note, the list moves to the sidebar's Archived
 * section, its page says it is read-only and offers no edits, and
 * Un-archive puts everything back. */

#define NOTE "Thank you all for coming!"

static gpointer
child (gpointer    widget,
       GType       type,
       const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);
}

static gboolean
store_is_open (gpointer data)
{
  return ewe_session_get_store (ewe_window_get_session (EWE_WINDOW (data))) != NULL;
}

static EweStore *
window_store (EweWindow *window)
{
  return ewe_session_get_store (ewe_window_get_session (window));
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *)data != NULL;
}

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  *(EweList **)user_data = ewe_store_create_list_finish (EWE_STORE (object), result, &error);
  g_assert_no_error (error);
}

static void
added_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  *(EweGift **)user_data = ewe_store_add_gift_finish (EWE_STORE (object), result, &error);
  g_assert_no_error (error);
}

static EweList *
create_list (EweWindow  *window,
             const char *title)
{
  g_autoptr(EweList) values = ewe_list_new ();
  EweList *list = NULL;

  ewe_list_set_title (values, title);
  ewe_list_set_occasion (values, "Wedding");
  ewe_store_create_list_async (window_store (window), values, NULL, created_cb, &list);
  ewe_dialog_test_iterate_until (is_set, &list);

  return list;
}

static EweGift *
add_gift (EweWindow  *window,
          EweList    *list,
          const char *details)
{
  g_autoptr(EweGift) values = ewe_gift_new ();
  g_autofree char *product_id = g_strdup_printf ("catalogue-%s", details);
  EweGift         *gift = NULL;

  ewe_gift_set_details (values, details);
  ewe_gift_set_brand (values, "Little Oak");
  ewe_gift_set_price (values, "24.00");
  ewe_gift_set_quantity (values, 2);
  ewe_gift_set_product_id (values, product_id);
  ewe_gift_set_product_type (values, EWE_PRODUCT_TYPE_CATALOGUE);
  ewe_store_add_gift_async (window_store (window), list, values, NULL, added_cb, &gift);
  ewe_dialog_test_iterate_until (is_set, &gift);

  return gift;
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

static GtkTextView *
find_text_view (GtkWidget *widget)
{
  if (GTK_IS_TEXT_VIEW (widget))
    return GTK_TEXT_VIEW (widget);

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkTextView *view = find_text_view (c);

      if (view != NULL)
        return view;
    }

  return NULL;
}

static EweGiftCard *
find_card (GtkWidget *widget)
{
  if (EWE_IS_GIFT_CARD (widget) && gtk_widget_get_mapped (widget))
    return EWE_GIFT_CARD (widget);

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      EweGiftCard *card = find_card (c);

      if (card != NULL)
        return card;
    }

  return NULL;
}

static gboolean
card_shown (gpointer data)
{
  return find_card (data) != NULL;
}

static gboolean
is_archived (gpointer data)
{
  return ewe_list_get_archived (data);
}

static gboolean
is_not_archived (gpointer data)
{
  return !ewe_list_get_archived (data);
}

/* The list selected in @box, or NULL. */
static EweList *
selected_in (EweWindow  *window,
             const char *box)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (child (window, EWE_TYPE_WINDOW, box));

  return row != NULL ? ewe_list_row_get_list (EWE_LIST_ROW (row)) : NULL;
}

static guint
n_rows (EweWindow  *window,
        const char *box)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (child (window, EWE_TYPE_WINDOW, box), n) != NULL)
    n++;

  return n;
}

/* Whether the window's list.@name is enabled, as a button bound to it
 * sees: a probe button in the sidebar (hidden) follows it. */
static gboolean
action_enabled (EweWindow  *window,
                const char *name)
{
  g_autofree char *action = g_strconcat ("list.", name, NULL);
  GtkWidget       *sidebar = child (window, EWE_TYPE_WINDOW, "sidebar");
  GtkWidget       *probe = gtk_button_new ();
  gboolean         enabled;

  gtk_widget_set_visible (probe, FALSE);
  gtk_box_append (GTK_BOX (sidebar), probe);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (probe), action);
  ewe_dialog_test_settle (20);
  enabled = gtk_widget_get_sensitive (probe);
  gtk_box_remove (GTK_BOX (sidebar), probe);

  return enabled;
}

static void
screenshots (EweWindow  *window,
             const char *name)
{
  g_autofree char *light = g_strconcat (name, "-light", NULL);
  g_autofree char *dark = g_strconcat (name, "-dark", NULL);

  ewe_dialog_test_set_dark (FALSE);
  ewe_dialog_test_settle (300);
  g_free (ewe_dialog_test_screenshot (GTK_WINDOW (window), light));
  ewe_dialog_test_set_dark (TRUE);
  ewe_dialog_test_settle (300);
  g_free (ewe_dialog_test_screenshot (GTK_WINDOW (window), dark));
  ewe_dialog_test_set_dark (FALSE);
}

static void
test_archive_and_unarchive (void)
{
  g_autoptr(EweApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EweList) other = NULL;
  g_autoptr(EweList) list = NULL;
  g_autoptr(EweGift) gift = NULL;
  AdwMessageDialog *dialog;
  GtkTextBuffer    *buffer;
  GtkTextIter       start, end;
  g_autofree char  *default_note = NULL;
  EweListPage      *page;
  EweWindow        *window;

  app = ewe_application_new ();
  g_application_set_application_id (G_APPLICATION (app), APPLICATION_ID ".TestArchive");
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  window = ewe_window_new (app);
  ewe_dialog_test_present (GTK_WINDOW (window), 1280, 800);
  ewe_dialog_test_iterate_until (store_is_open, window);

  other = create_list (window, "Noah's Birthday");
  list = create_list (window, "Summer Wedding");
  gift = add_gift (window, list, "Linen tablecloth");
  g_object_unref (add_gift (window, list, "Teapot"));
  ewe_window_select_list (window, list);
  page = EWE_LIST_PAGE (gtk_stack_get_visible_child (child (window, EWE_TYPE_WINDOW, "content_stack")));
  ewe_dialog_test_iterate_until (card_shown, page);
  g_assert_false (gtk_widget_get_visible (child (window, EWE_TYPE_WINDOW, "archived_section")));
  g_assert_true (action_enabled (window, "archive"));
  g_assert_false (action_enabled (window, "unarchive"));

  /* The menu's Archive List… asks for the note guests will read. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "list.archive", NULL));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Archive “Summer Wedding”?");
  buffer = gtk_text_view_get_buffer (find_text_view (GTK_WIDGET (dialog)));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  default_note = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (default_note, ==, "Thank you for your gifts!");
  gtk_text_buffer_set_text (buffer, "  " NOTE "\n", -1);
  ewe_dialog_test_settle (300);
  ewe_dialog_test_set_dark (FALSE);
  g_free (ewe_dialog_test_screenshot (GTK_WINDOW (dialog), "archive-list-light"));
  ewe_dialog_test_set_dark (TRUE);
  g_free (ewe_dialog_test_screenshot (GTK_WINDOW (dialog), "archive-list-dark"));
  ewe_dialog_test_set_dark (FALSE);
  adw_message_dialog_response (dialog, "archive");
  gtk_window_destroy (GTK_WINDOW (dialog));
  ewe_dialog_test_iterate_until (is_archived, list);
  g_assert_cmpstr (ewe_list_get_archive_note (list), ==, NOTE);

  /* Out of the everyday lists, into Archived, still the one shown. */
  ewe_dialog_test_settle (200);
  g_assert_true (gtk_widget_get_visible (child (window, EWE_TYPE_WINDOW, "archived_section")));
  g_assert_cmpuint (n_rows (window, "lists_box"), ==, 1);
  g_assert_cmpuint (n_rows (window, "archived_box"), ==, 1);
  g_assert_true (selected_in (window, "archived_box") == list);
  g_assert_null (selected_in (window, "lists_box"));
  g_assert_true (gtk_stack_get_visible_child (child (window, EWE_TYPE_WINDOW, "content_stack")) == GTK_WIDGET (page));

  /* Read-only, and the page says why and what guests read. */
  g_assert_true (gtk_widget_get_visible (child (page, EWE_TYPE_LIST_PAGE, "archive_notice")));
  g_assert_cmpstr (gtk_label_get_text (child (page, EWE_TYPE_LIST_PAGE, "state_label")), ==, "Archived");
  g_assert_cmpstr (gtk_label_get_text (child (page, EWE_TYPE_LIST_PAGE, "archive_note_label")), ==,
                   "Guests read: “" NOTE "”");
  g_assert_false (action_enabled (window, "edit"));
  g_assert_false (action_enabled (window, "add-gift"));
  g_assert_false (action_enabled (window, "close"));
  g_assert_false (action_enabled (window, "archive"));
  g_assert_true (action_enabled (window, "unarchive"));
  g_assert_true (action_enabled (window, "export"));
  ewe_dialog_test_iterate_until (card_shown, page);
  g_assert_false (ewe_gift_card_get_editable (find_card (GTK_WIDGET (page))));
  screenshots (window, "archived-list");

  /* On a phone: the list's page, then the sidebar with its section. */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  ewe_dialog_test_settle (500);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);
  screenshots (window, "archived-list-360");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "content.back", NULL));
  ewe_dialog_test_settle (500);
  screenshots (window, "archived-sidebar-360");
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  ewe_dialog_test_settle (500);
  screenshots (window, "archived-sidebar");

  /* Choosing an everyday list and back leaves one selection. */
  ewe_window_select_list (window, other);
  ewe_dialog_test_settle (100);
  g_assert_null (selected_in (window, "archived_box"));
  g_assert_true (action_enabled (window, "edit"));
  ewe_window_select_list (window, list);
  ewe_dialog_test_settle (100);
  g_assert_null (selected_in (window, "lists_box"));
  g_assert_true (selected_in (window, "archived_box") == list);

  /* Un-archive (the notice's button) puts it back, editable. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "list.unarchive", NULL));
  ewe_dialog_test_iterate_until (is_not_archived, list);
  ewe_dialog_test_settle (200);
  g_assert_null (ewe_list_get_archive_note (list));
  g_assert_false (gtk_widget_get_visible (child (window, EWE_TYPE_WINDOW, "archived_section")));
  g_assert_cmpuint (n_rows (window, "lists_box"), ==, 2);
  g_assert_true (selected_in (window, "lists_box") == list);
  g_assert_false (gtk_widget_get_visible (child (page, EWE_TYPE_LIST_PAGE, "archive_notice")));
  g_assert_cmpstr (gtk_label_get_text (child (page, EWE_TYPE_LIST_PAGE, "state_label")), ==, "Open");
  g_assert_true (action_enabled (window, "edit"));
  g_assert_true (action_enabled (window, "add-gift"));
  g_assert_true (ewe_gift_card_get_editable (find_card (GTK_WIDGET (page))));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = g_dir_make_tmp ("ewe-test-archive-XXXXXX", &error);

  g_assert_no_error (error);
  /* Before anything reads it: the drafts store lives under it. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  /* Not ewe_dialog_test_init(): the application registers the resources. */
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/app/archive/archive-and-unarchive", test_archive_and_unarchive);

  return g_test_run ();
}
