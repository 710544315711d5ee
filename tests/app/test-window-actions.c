/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <adwaita.h>
#include <libsoup/soup.h>

#include "ewe-application.h"
#include "ewe-contact-dialog.h"
#include "ewe-dialog-test.h"
#include "ewe-gift-card.h"
#include "ewe-gift-editor.h"
#include "ewe-list-editor.h"
#include "ewe-list-page.h"
#include "ewe-list-row.h"
#include "ewe-preferences-window.h"
#include "ewe-product-page.h"
#include "ewe-window.h"

/* The window's list and gift actions, on the real drafts store: deleting
 * a list or removing a gift with Undo, closing a list after asking, and a
 * gift's shop page shown in the window. */

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

static EweWindow *
start_window (EweApplication **app)
{
  static guint     n_started = 0;
  g_autofree char *id = g_strdup_printf ("%s.TestActions%u", APPLICATION_ID, ++n_started);
  g_autoptr(GError) error = NULL;
  EweWindow *window;

  *app = ewe_application_new ();
  g_application_set_application_id (G_APPLICATION (*app), id);
  g_application_register (G_APPLICATION (*app), NULL, &error);
  g_assert_no_error (error);

  window = ewe_window_new (*app);
  ewe_dialog_test_present (GTK_WINDOW (window), 1280, 800);
  ewe_dialog_test_iterate_until (store_is_open, window);

  return window;
}

static EweStore *
window_store (EweWindow *window)
{
  return ewe_session_get_store (ewe_window_get_session (window));
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

/* A new list in the store, selected in the window. */
static EweList *
create_list (EweWindow  *window,
             const char *title)
{
  g_autoptr(EweList) values = ewe_list_new ();
  EweList *list = NULL;

  ewe_list_set_title (values, title);
  ewe_list_set_occasion (values, "Birthday");
  ewe_store_create_list_async (window_store (window), values, NULL, created_cb, &list);
  ewe_dialog_test_iterate_until (is_set, &list);
  ewe_window_select_list (window, list);

  return list;
}

/* How many lists the store file has, read through a connection of its own. */
static guint
lists_in_file (EweWindow  *window,
               EweStore   *store,
               const char *title)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EweStore) other = ewe_store_open_sync (ewe_store_get_path (store ? store : window_store (window)), &error);
  GListModel *lists;
  guint       n = 0;

  g_assert_no_error (error);
  lists = ewe_store_get_lists (other);
  for (guint i = 0; i < g_list_model_get_n_items (lists); i++)
    {
      g_autoptr(EweList) list = g_list_model_get_item (lists, i);

      if (g_strcmp0 (ewe_list_get_title (list), title) == 0)
        n++;
    }

  return n;
}

static gboolean
in_model (GListModel *model,
          gpointer    item)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) object = g_list_model_get_item (model, i);

      if (object == item)
        return TRUE;
    }

  return FALSE;
}

typedef struct
{
  GListModel *model;
  gpointer    item;
} Gone;

static gboolean
is_gone (gpointer data)
{
  Gone *gone = data;

  return !in_model (gone->model, gone->item);
}

typedef struct
{
  EweDeletionQueue *queue;
  gpointer          item;
} Removal;

static gboolean
is_committed (gpointer data)
{
  Removal *removal = data;

  return !ewe_deletion_queue_is_pending (removal->queue, removal->item);
}

/* The named action @widget's own shortcut controllers bind to @keyval
 * with @modifiers, or NULL. */
static const char *
bound_action (GtkWidget      *widget,
              guint           keyval,
              GdkModifierType modifiers)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint c = 0; c < g_list_model_get_n_items (controllers); c++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, c);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (controller)); i++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), i);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          GtkShortcutAction  *action = gtk_shortcut_get_action (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers &&
              GTK_IS_NAMED_ACTION (action))
            return gtk_named_action_get_action_name (GTK_NAMED_ACTION (action));
        }
    }

  return NULL;
}

/* How many labels showing under @widget read @text. */
static guint
count_shown_labels (GtkWidget  *widget,
                    const char *text)
{
  guint n = 0;

  if (!gtk_widget_get_mapped (widget))
    return 0;
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    n++;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    n += count_shown_labels (c, text);

  return n;
}

/* A toast dismissed while it is still sliding in makes libadwaita 1.2's
 * overlay free it twice; a person never clicks that fast, so neither do
 * the tests. */
static void
wait_for_toast (void)
{
  ewe_dialog_test_settle (500);
}

static void
test_delete_list_undo (void)
{
  g_autoptr(EweApplication) app = NULL;
  g_autoptr(EweList) keep = NULL;
  g_autoptr(EweList) doomed = NULL;
  g_autoptr(EweStore) store = NULL;
  EweDeletionQueue *deletions;
  EweWindow        *window;
  AdwToast         *toast;
  guint             rows;
  Gone              gone;

  window = start_window (&app);
  deletions = ewe_window_get_deletion_queue (window);
  keep = create_list (window, "Undo Keeps Me");
  doomed = create_list (window, "Undo Deletes Me");
  rows = count_rows (window);
  g_assert_true (ewe_list_page_get_list (EWE_LIST_PAGE (gtk_stack_get_visible_child (child (window, "content_stack")))) == doomed);

  /* Delete, the key, deletes from the sidebar only: the window does not
   * take it from an entry or a gift. */
  g_assert_cmpstr (bound_action (child (window, "lists_box"), GDK_KEY_Delete, 0), ==, "list.delete");
  g_assert_null (bound_action (GTK_WIDGET (window), GDK_KEY_Delete, 0));

  /* Delete: gone from the sidebar at once, still in the store. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (child (window, "lists_box")), "list.delete", NULL));
  g_assert_cmpuint (count_rows (window), ==, rows - 1);
  g_assert_true (in_model (ewe_store_get_lists (window_store (window)), doomed));
  toast = ewe_deletion_queue_get_toast (deletions, doomed);
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "“Undo Deletes Me” deleted");
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "_Undo");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (window, "content_stack")), ==, "none");

  /* Undo: back in the sidebar, and nothing is deleted later. */
  wait_for_toast ();
  g_signal_emit_by_name (toast, "button-clicked");
  g_assert_cmpuint (count_rows (window), ==, rows);
  g_assert_false (ewe_deletion_queue_is_pending (deletions, doomed));
  g_assert_true (ewe_list_page_get_list (EWE_LIST_PAGE (gtk_stack_get_visible_child (child (window, "content_stack")))) == doomed);
  ewe_dialog_test_settle (300);
  g_assert_true (in_model (ewe_store_get_lists (window_store (window)), doomed));
  g_assert_cmpuint (lists_in_file (window, NULL, "Undo Deletes Me"), ==, 1);

  /* Delete again and let the toast go: deleted for real, in the file too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "list.delete", NULL));
  toast = ewe_deletion_queue_get_toast (deletions, doomed);
  g_assert_nonnull (toast);
  wait_for_toast ();
  adw_toast_dismiss (toast);
  gone.model = ewe_store_get_lists (window_store (window));
  gone.item = doomed;
  ewe_dialog_test_iterate_until (is_gone, &gone);
  g_assert_cmpuint (count_rows (window), ==, rows - 1);
  g_assert_cmpuint (lists_in_file (window, NULL, "Undo Deletes Me"), ==, 0);
  g_assert_cmpuint (lists_in_file (window, NULL, "Undo Keeps Me"), ==, 1);

  /* A deletion still waiting when the window closes is made then. */
  ewe_window_select_list (window, keep);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "list.delete", NULL));
  g_assert_nonnull (ewe_deletion_queue_get_toast (deletions, keep));
  store = g_object_ref (window_store (window));
  gone.model = ewe_store_get_lists (store);
  gone.item = keep;
  gtk_window_close (GTK_WINDOW (window));
  ewe_dialog_test_iterate_until (is_gone, &gone);
  g_assert_cmpuint (lists_in_file (NULL, store, "Undo Keeps Me"), ==, 0);
}

static gboolean
quit_cb (gpointer data)
{
  g_application_quit (data);

  return G_SOURCE_REMOVE;
}

/* Ctrl+Q with the Undo toast still up: the deletion is written before
 * the app is gone, as when the window closes, not lost with it. */
static void
test_quit_commits_deletion (void)
{
  g_autoptr(EweApplication) app = NULL;
  g_autoptr(EweList) doomed = NULL;
  g_autoptr(EweStore) store = NULL;
  EweWindow *window;

  window = start_window (&app);
  doomed = create_list (window, "Quitting Deletes Me");
  store = g_object_ref (window_store (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "list.delete", NULL));
  g_assert_true (ewe_deletion_queue_is_pending (ewe_window_get_deletion_queue (window), doomed));
  g_assert_cmpuint (lists_in_file (NULL, store, "Quitting Deletes Me"), ==, 1);

  /* What Ctrl+Q does: app.quit, while the main loop runs. */
  g_idle_add (quit_cb, app);
  g_application_run (G_APPLICATION (app), 0, NULL);

  g_assert_cmpuint (lists_in_file (NULL, store, "Quitting Deletes Me"), ==, 0);
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
is_closed (gpointer data)
{
  return ewe_list_get_state (EWE_LIST (data)) == EWE_LIST_STATE_CLOSED;
}

static void
test_close_list_asks (void)
{
  g_autoptr(EweApplication) app = NULL;
  g_autoptr(EweList) list = NULL;
  AdwMessageDialog *dialog;
  EweListPage      *page;
  EweWindow        *window;
  char             *shot;

  window = start_window (&app);
  list = create_list (window, "Summer Wedding");
  page = EWE_LIST_PAGE (gtk_stack_get_visible_child (child (window, "content_stack")));

  /* Cancel changes nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "list.close", NULL));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Close “Summer Wedding”?");
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  /* As a click on the button: the response, then the dialog closes. */
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  ewe_dialog_test_settle (300);
  g_assert_cmpint (ewe_list_get_state (list), ==, EWE_LIST_STATE_OPEN);

  /* Close List closes it, and the page says so. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "list.close", NULL));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  ewe_dialog_test_settle (300);
  ewe_dialog_test_set_dark (FALSE);
  shot = ewe_dialog_test_screenshot (GTK_WINDOW (dialog), "close-list-light");
  g_free (shot);
  ewe_dialog_test_set_dark (TRUE);
  shot = ewe_dialog_test_screenshot (GTK_WINDOW (dialog), "close-list-dark");
  g_free (shot);
  ewe_dialog_test_set_dark (FALSE);
  adw_message_dialog_response (dialog, "close");
  gtk_window_destroy (GTK_WINDOW (dialog));
  ewe_dialog_test_iterate_until (is_closed, list);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (page), EWE_TYPE_LIST_PAGE,
                                                                                  "state_label"))),
                   ==, "Closed");

  /* The sidebar says so too (signed out, the list is a draft). */
  {
    GtkListBoxRow *row = gtk_list_box_get_selected_row (child (window, "lists_box"));
    GtkLabel      *subtitle = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (row), EWE_TYPE_LIST_ROW, "subtitle_label"));

    g_assert_cmpstr (gtk_label_get_label (subtitle), ==, "Closed · Draft · Birthday");
  }

  /* A closed list cannot be closed again. */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (window), "list.close", NULL) &&
                  find_message_dialog () != NULL);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
added_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  EweGift **added = user_data;
  g_autoptr(GError) error = NULL;

  *added = ewe_store_add_gift_finish (EWE_STORE (object), result, &error);
  g_assert_no_error (error);
}

static EweGift *
add_gift (EweWindow  *window,
          EweList    *list,
          const char *details,
          const char *url)
{
  g_autoptr(EweGift) values = ewe_gift_new ();
  EweGift *gift = NULL;

  ewe_gift_set_details (values, details);
  ewe_gift_set_brand (values, "Little Oak");
  ewe_gift_set_price (values, "12.00");
  ewe_gift_set_quantity (values, 1);
  ewe_gift_set_product_url (values, url);
  if (url != NULL)
    ewe_gift_set_product_type (values, EWE_PRODUCT_TYPE_NOTFOUND);
  else
    {
      /* One typed in needs an address; a catalogue product may lack one. */
      g_autofree char *product_id = g_strdup_printf ("catalogue-%s", details);

      ewe_gift_set_product_id (values, product_id);
      ewe_gift_set_product_type (values, EWE_PRODUCT_TYPE_CATALOGUE);
    }
  ewe_store_add_gift_async (window_store (window), list, values, NULL, added_cb, &gift);
  ewe_dialog_test_iterate_until (is_set, &gift);

  return gift;
}

static EweGiftCard *
find_card (GtkWidget *widget,
           EweGift   *gift)
{
  if (EWE_IS_GIFT_CARD (widget) && ewe_gift_card_get_gift (EWE_GIFT_CARD (widget)) == gift)
    return EWE_GIFT_CARD (widget);

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      EweGiftCard *card = find_card (c, gift);

      if (card != NULL)
        return card;
    }

  return NULL;
}

typedef struct
{
  EweWindow *window;
  EweGift   *gift;
} CardSearch;

static gboolean
card_shown (gpointer data)
{
  CardSearch *search = data;

  return find_card (GTK_WIDGET (search->window), search->gift) != NULL;
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

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GListModel **gifts = user_data;
  g_autoptr(GError) error = NULL;

  *gifts = ewe_store_load_gifts_finish (EWE_STORE (object), result, &error);
  g_assert_no_error (error);
}

static guint
gifts_in_store (EweWindow *window,
                EweList   *list)
{
  g_autoptr(GListModel) gifts = NULL;

  ewe_store_load_gifts_async (window_store (window), list, NULL, loaded_cb, &gifts);
  ewe_dialog_test_iterate_until (is_set, &gifts);

  return g_list_model_get_n_items (gifts);
}

static void
test_remove_gift_undo (void)
{
  g_autoptr(EweApplication) app = NULL;
  g_autoptr(EweList) list = NULL;
  g_autoptr(EweGift) rings = NULL;
  g_autoptr(EweGift) blocks = NULL;
  EweDeletionQueue *deletions;
  EweListPage      *page;
  EweGiftCard      *card;
  GtkWidget        *menu_button;
  GtkWindow        *editor;
  char             *shot;
  EweWindow        *window;
  AdwToast         *toast;
  CardSearch        search;
  Gone              gone;
  Removal           removal;

  window = start_window (&app);
  deletions = ewe_window_get_deletion_queue (window);
  list = create_list (window, "Baby Shower");
  rings = add_gift (window, list, "Stacking Rings", "https://shop.example/rings");
  blocks = add_gift (window, list, "Wooden Blocks", NULL);
  page = EWE_LIST_PAGE (gtk_stack_get_visible_child (child (window, "content_stack")));
  search.window = window;
  search.gift = rings;
  ewe_dialog_test_iterate_until (card_shown, &search);
  g_assert_cmpuint (g_list_model_get_n_items (ewe_list_page_get_shown_gifts (page)), ==, 2);

  /* The card's menu edits the gift's quantity and notes. */
  card = find_card (GTK_WIDGET (window), rings);
  menu_button = (GtkWidget *)gtk_widget_get_template_child (GTK_WIDGET (card), EWE_TYPE_GIFT_CARD, "menu_button");
  g_assert_true (GTK_IS_MENU_BUTTON (menu_button));
  g_assert_true (gtk_widget_get_visible (menu_button));
  /* Its menu is made when first opened. */
  g_assert_null (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button)));

  /* A right click on the card opens the same menu. */
  {
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (card));
    GtkGesture *right_click = NULL;

    for (guint c = 0; c < g_list_model_get_n_items (controllers); c++)
      {
        g_autoptr(GObject) controller = g_list_model_get_item (controllers, c);

        if (GTK_IS_GESTURE_CLICK (controller) &&
            gtk_gesture_single_get_button (GTK_GESTURE_SINGLE (controller)) == GDK_BUTTON_SECONDARY)
          right_click = GTK_GESTURE (controller);
      }
    g_assert_nonnull (right_click);
    g_signal_emit_by_name (right_click, "pressed", 1, 20.0, 20.0);
    g_assert_cmpint (g_menu_model_get_n_items (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button))), ==, 1);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button)))));
    gtk_menu_button_popdown (GTK_MENU_BUTTON (menu_button));
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (card), "gift.edit", NULL));
  editor = find_toplevel (EWE_TYPE_GIFT_EDITOR);
  g_assert_nonnull (editor);
  g_assert_true (ewe_gift_editor_get_gift (EWE_GIFT_EDITOR (editor)) == rings);
  gtk_window_destroy (editor);

  /* With gifts on the list, Add Gift is still one click away in the
   * header bar (not only in the list menu). */
  {
    GtkWidget *add_button = child (window, "add_gift_button");

    /* The list's title is said once beside the sidebar: in the header
     * bar, not again above the gifts. */
    g_assert_cmpuint (count_shown_labels (child (window, "content"), "Baby Shower"), ==, 1);

    g_assert_true (gtk_widget_get_visible (add_button));
    g_assert_true (gtk_widget_get_mapped (add_button));
    g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (add_button)), ==, "list.add-gift");
    g_assert_true (gtk_widget_is_sensitive (add_button));
    g_assert_cmpstr (bound_action (GTK_WIDGET (window), GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK), ==,
                     "list.add-gift");
    g_signal_emit_by_name (add_button, "clicked");
    editor = find_toplevel (EWE_TYPE_GIFT_EDITOR);
    g_assert_nonnull (editor);
    g_assert_null (ewe_gift_editor_get_gift (EWE_GIFT_EDITOR (editor)));
    g_assert_cmpstr (gtk_window_get_title (editor), ==, "Add Gift");
    gtk_window_destroy (editor);
    while (g_main_context_iteration (NULL, FALSE))
      ;
  }

  /* Remove: gone from the page at once, still in the store. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (card), "gift.remove", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (ewe_list_page_get_shown_gifts (page)), ==, 1);
  toast = ewe_deletion_queue_get_toast (deletions, rings);
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "“Stacking Rings” removed");

  /* Undo brings it back, and it stays. */
  wait_for_toast ();
  shot = ewe_dialog_test_screenshot (GTK_WINDOW (window), "window-gift-removed-light");
  g_free (shot);
  ewe_dialog_test_set_dark (TRUE);
  shot = ewe_dialog_test_screenshot (GTK_WINDOW (window), "window-gift-removed-dark");
  g_free (shot);
  ewe_dialog_test_set_dark (FALSE);
  g_signal_emit_by_name (toast, "button-clicked");
  g_assert_cmpuint (g_list_model_get_n_items (ewe_list_page_get_shown_gifts (page)), ==, 2);
  ewe_dialog_test_settle (300);
  g_assert_false (ewe_deletion_queue_is_pending (deletions, rings));
  g_assert_cmpuint (gifts_in_store (window, list), ==, 2);

  /* Removed again, and the toast goes: removed from the store. */
  ewe_dialog_test_iterate_until (card_shown, &search);
  card = find_card (GTK_WIDGET (window), rings);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (card), "gift.remove", NULL));
  wait_for_toast ();
  adw_toast_dismiss (ewe_deletion_queue_get_toast (deletions, rings));
  {
    EweGift *shown;

    gone.model = ewe_list_page_get_shown_gifts (page);
    gone.item = rings;
    ewe_dialog_test_iterate_until (is_gone, &gone);
    /* The removal is committed by the store's disk thread: wait for it,
     * as a loaded machine takes longer than any fixed pause. */
    removal.queue = deletions;
    removal.item = rings;
    ewe_dialog_test_iterate_until (is_committed, &removal);
    g_assert_cmpuint (g_list_model_get_n_items (ewe_list_page_get_shown_gifts (page)), ==, 1);
    shown = g_list_model_get_item (ewe_list_page_get_shown_gifts (page), 0);
    g_assert_true (shown == blocks);
    g_object_unref (shown);
  }
  g_assert_cmpuint (gifts_in_store (window, list), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Activates what the window binds to @keyval with @modifiers, as the key
 * would: GTK 4 has no way to send a key to a window in a test. */
static void
press (EweWindow      *window,
       guint           keyval,
       GdkModifierType modifiers)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  gboolean found = FALSE;

  for (guint c = 0; c < g_list_model_get_n_items (controllers); c++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, c);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (controller)); i++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), i);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          GtkShortcutAction  *action = gtk_shortcut_get_action (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers &&
              GTK_IS_NAMED_ACTION (action))
            {
              g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window),
                                                         gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)),
                                                         NULL));
              found = TRUE;
            }
        }
    }

  g_assert_true (found);
}

static const char rings_page[] =
  "<!DOCTYPE html><html><head><title>Stacking Rings at the Shop</title></head>"
  "<body><h1>Stacking Rings</h1><p>Seven wooden rings.</p></body></html>";

static void
serve_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  if (!g_str_equal (path, "/rings"))
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_STATIC,
                                    rings_page, strlen (rings_page));
}

static gboolean
shows_shop_page (gpointer data)
{
  WebKitWebView *web_view = ewe_product_page_get_web_view (EWE_PRODUCT_PAGE (data));

  return g_strcmp0 (webkit_web_view_get_title (web_view), "Stacking Rings at the Shop") == 0;
}

static void
test_gift_opens_product_page (void)
{
  g_autoptr(EweApplication) app = NULL;
  g_autoptr(EweList) list = NULL;
  g_autoptr(EweGift) rings = NULL;
  g_autoptr(EweGift) blocks = NULL;
  EweListPage    *page;
  EweProductPage *product;
  EweWindow      *window;
  g_autoptr(SoupServer) shop = soup_server_new (NULL, NULL);
  g_autoslist(GUri) uris = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  GtkWindow       *editor;
  CardSearch       search;
  char            *shot;

  /* A shop on loopback. */
  soup_server_add_handler (shop, NULL, serve_cb, NULL, NULL);
  g_assert_true (soup_server_listen_local (shop, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (shop);
  url = g_strdup_printf ("http://127.0.0.1:%d/rings", g_uri_get_port (uris->data));

  window = start_window (&app);
  list = create_list (window, "Christening");
  rings = add_gift (window, list, "Stacking Rings", url);
  blocks = add_gift (window, list, "Wooden Blocks", NULL);
  page = EWE_LIST_PAGE (gtk_stack_get_visible_child (child (window, "content_stack")));
  search.window = window;
  search.gift = rings;
  ewe_dialog_test_iterate_until (card_shown, &search);
  g_assert_false (gtk_widget_get_visible (child (window, "back_button")));

  /* The gift's page, in the window, with Back. */
  g_signal_emit_by_name (page, "gift-activated", rings);
  product = EWE_PRODUCT_PAGE (gtk_stack_get_visible_child (child (window, "content_stack")));
  g_assert_true (EWE_IS_PRODUCT_PAGE (product));
  g_assert_true (ewe_product_page_get_gift (product) == rings);
  g_assert_cmpstr (adw_window_title_get_title (child (window, "content_title")), ==, "Stacking Rings");
  g_assert_false (ewe_product_page_get_guest_actions (product));
  ewe_dialog_test_iterate_until (shows_shop_page, product);
  g_assert_true (gtk_widget_get_visible (child (window, "back_button")));
  g_assert_false (gtk_widget_get_visible (child (window, "list_menu_button")));
  g_assert_false (adw_leaflet_get_can_navigate_back (child (window, "leaflet")));
  ewe_dialog_test_settle (500);
  shot = ewe_dialog_test_screenshot (GTK_WINDOW (window), "window-product-page-light");
  g_free (shot);

  /* Back returns to the list. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "content.back", NULL));
  g_assert_true (gtk_stack_get_visible_child (child (window, "content_stack")) == GTK_WIDGET (page));
  g_assert_cmpstr (adw_window_title_get_title (child (window, "content_title")), ==, "Christening");
  g_assert_false (gtk_widget_get_visible (child (window, "back_button")));
  g_assert_true (gtk_widget_get_visible (child (window, "list_menu_button")));
  g_assert_true (adw_leaflet_get_can_navigate_back (child (window, "leaflet")));

  /* Escape and Alt+Left go back too. */
  g_signal_emit_by_name (page, "gift-activated", rings);
  g_assert_true (gtk_stack_get_visible_child (child (window, "content_stack")) == GTK_WIDGET (product));
  press (window, GDK_KEY_Escape, 0);
  g_assert_true (gtk_stack_get_visible_child (child (window, "content_stack")) == GTK_WIDGET (page));
  g_signal_emit_by_name (page, "gift-activated", rings);
  g_assert_true (gtk_stack_get_visible_child (child (window, "content_stack")) == GTK_WIDGET (product));
  press (window, GDK_KEY_Left, GDK_ALT_MASK);
  g_assert_true (gtk_stack_get_visible_child (child (window, "content_stack")) == GTK_WIDGET (page));

  /* A gift without a shop page opens its editor instead. */
  g_signal_emit_by_name (page, "gift-activated", blocks);
  g_assert_true (gtk_stack_get_visible_child (child (window, "content_stack")) == GTK_WIDGET (page));
  editor = find_toplevel (EWE_TYPE_GIFT_EDITOR);
  g_assert_nonnull (editor);
  g_assert_true (ewe_gift_editor_get_gift (EWE_GIFT_EDITOR (editor)) == blocks);
  gtk_window_destroy (editor);

  gtk_window_destroy (GTK_WINDOW (window));
  soup_server_disconnect (shop);
}

/* Every key the window binds is in the Keyboard Shortcuts window. */
static void
test_shortcuts_listed (void)
{
  g_autoptr(EweApplication) app = NULL;
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/org/ewelists/App/ewe-shortcuts-window.ui");
  g_autoptr(GListModel) controllers = NULL;
  g_autoptr(GPtrArray) listed = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *overlay = GTK_WIDGET (gtk_builder_get_object (builder, "shortcuts_window"));
  EweWindow *window;
  guint      checked = 0;
  char      *shot;

  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  window = start_window (&app);

  /* What the overlay lists, as accelerators parsed back to keys. */
  for (GtkWidget *w = overlay; w != NULL;)
    {
      if (GTK_IS_SHORTCUTS_SHORTCUT (w))
        {
          g_autofree char *accelerator = NULL;
          g_autofree char *action_name = NULL;

          g_object_get (w, "accelerator", &accelerator, "action-name", &action_name, NULL);
          g_assert_true ((accelerator && *accelerator) || (action_name && *action_name));
          /* Shown from the application's own accelerators. */
          if (action_name != NULL && *action_name != '\0')
            {
              g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), action_name);

              g_assert_nonnull (accels[0]);
              g_free (accelerator);
              accelerator = g_strjoinv (" ", accels);
            }
          if (accelerator != NULL)
            {
              g_auto(GStrv) accels = g_strsplit (accelerator, " ", -1);

              for (guint i = 0; accels[i] != NULL; i++)
                {
                  guint           key = 0;
                  GdkModifierType mods = 0;

                  g_assert_true (gtk_accelerator_parse (accels[i], &key, &mods));
                  g_ptr_array_add (listed, gtk_accelerator_name (key, mods));
                }
            }
        }

      /* Depth first through the whole tree. */
      if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != NULL && w != overlay && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          w = (w == NULL || w == overlay) ? NULL : gtk_widget_get_next_sibling (w);
        }
    }

  controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  for (guint c = 0; c < g_list_model_get_n_items (controllers); c++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, c);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (controller)); i++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), i);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          g_autofree char    *name = NULL;
          gboolean            found = FALSE;

          GtkShortcutAction  *action = gtk_shortcut_get_action (shortcut);
          const char         *action_name;

          /* The app's own actions; GtkWindow's built-in keys (Space, Tab…)
           * are not the app's to list. */
          if (!GTK_IS_KEYVAL_TRIGGER (trigger) || !GTK_IS_NAMED_ACTION (action))
            continue;
          action_name = gtk_named_action_get_action_name (GTK_NAMED_ACTION (action));
          if (g_str_has_prefix (action_name, "window.") && !g_str_equal (action_name, "window.close"))
            continue;

          name = gtk_accelerator_name (gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)),
                                       gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)));
          for (guint k = 0; k < listed->len && !found; k++)
            found = g_str_equal (name, g_ptr_array_index (listed, k));
          if (!found)
            g_error ("The window binds %s, which Keyboard Shortcuts does not list", name);
          checked++;
        }
    }
  g_assert_cmpuint (checked, >=, 6);

  /* Delete, bound in the sidebar only, is listed too. */
  {
    gboolean found = FALSE;

    for (guint k = 0; k < listed->len && !found; k++)
      found = g_str_equal ("Delete", g_ptr_array_index (listed, k));
    g_assert_true (found);
  }

  ewe_dialog_test_present (GTK_WINDOW (overlay), 1100, 720);
  shot = ewe_dialog_test_screenshot (GTK_WINDOW (overlay), "shortcuts-light");
  g_free (shot);
  ewe_dialog_test_set_dark (TRUE);
  shot = ewe_dialog_test_screenshot (GTK_WINDOW (overlay), "shortcuts-dark");
  g_free (shot);
  ewe_dialog_test_set_dark (FALSE);

  gtk_window_destroy (GTK_WINDOW (overlay));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_about (void)
{
  g_autoptr(EweApplication) app = NULL;
  AdwAboutWindow *about;
  EweWindow      *window;
  char           *shot;

  window = start_window (&app);
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  about = ADW_ABOUT_WINDOW (find_toplevel (ADW_TYPE_ABOUT_WINDOW));
  g_assert_nonnull (about);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (about)) == GTK_WINDOW (window));
  g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_website (about), ==, "https://ewelists.org/");
  g_assert_cmpstr (adw_about_window_get_issue_url (about), ==, "https://ewelists.org/issues");
  g_assert_cmpstr (adw_about_window_get_support_url (about), ==, "https://ewelists.org/help");
  g_assert_cmpint (adw_about_window_get_license_type (about), ==, GTK_LICENSE_GPL_3_0);
  g_assert_nonnull (adw_about_window_get_developers (about));
  g_assert_nonnull (adw_about_window_get_developers (about)[0]);
  g_assert_nonnull (adw_about_window_get_copyright (about));
  ewe_dialog_test_settle (300);
  shot = ewe_dialog_test_screenshot (GTK_WINDOW (about), "about-light");
  g_free (shot);

  gtk_window_destroy (GTK_WINDOW (about));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The drafts have no server: Contact Us says one is needed, and its button
 * opens Preferences. */
static void
test_contact_needs_server (void)
{
  g_autoptr(EweApplication) app = NULL;
  GtkWindow *dialog;
  GtkWindow *preferences;
  EweWindow *window;

  window = start_window (&app);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "help.contact", NULL));
  dialog = find_toplevel (EWE_TYPE_CONTACT_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                                               EWE_TYPE_CONTACT_DIALOG,
                                                                                               "stack"))),
                   ==, "no-server");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "contact.preferences", NULL));
  preferences = find_toplevel (EWE_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);
  g_assert_null (find_toplevel (EWE_TYPE_CONTACT_DIALOG));

  gtk_window_destroy (preferences);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
assert_every_toplevel_visible (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (!gtk_widget_get_visible (toplevel))
        g_error ("A hidden %s waits among the toplevels", G_OBJECT_TYPE_NAME (toplevel));
    }
}

static gboolean
toplevel_gone (gpointer data)
{
  return find_toplevel (GPOINTER_TO_SIZE (data)) == NULL;
}

/* No hidden window waits among the toplevels: GTK 4.8's AT-SPI root hands
 * the last toplevel, hidden or not, to a screen reader asking for an index
 * past the visible windows (as one does just after a dialog closed), and a
 * hidden window has no object path: GTK crashed building the reply. So
 * Keyboard Shortcuts and the dialogs exist only while they are shown. */
static void
test_no_hidden_toplevels (void)
{
  g_autoptr(EweApplication) app = NULL;
  EweWindow *window = start_window (&app);
  GtkWindow *shortcuts;
  GtkWindow *editor;

  assert_every_toplevel_visible ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "help.shortcuts", NULL));
  shortcuts = find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (shortcuts);
  g_assert_true (gtk_window_get_transient_for (shortcuts) == GTK_WINDOW (window));
  gtk_window_close (shortcuts);
  ewe_dialog_test_iterate_until (toplevel_gone, GSIZE_TO_POINTER (GTK_TYPE_SHORTCUTS_WINDOW));
  assert_every_toplevel_visible ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "list.new", NULL));
  editor = find_toplevel (EWE_TYPE_LIST_EDITOR);
  g_assert_nonnull (editor);
  gtk_window_close (editor);
  ewe_dialog_test_iterate_until (toplevel_gone, GSIZE_TO_POINTER (EWE_TYPE_LIST_EDITOR));
  assert_every_toplevel_visible ();

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = g_dir_make_tmp ("ewe-test-window-actions-XXXXXX", &error);

  g_assert_no_error (error);
  /* Before anything reads it: the drafts store lives under it. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  /* Not ewe_dialog_test_init(): the application registers the resources. */
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* The page's code is linked in: the window takes this type rather than
   * loading the module (test-product-page-module loads it). */
  g_type_ensure (EWE_TYPE_PRODUCT_PAGE);

  g_test_add_func ("/app/window-actions/delete-list-undo", test_delete_list_undo);
  g_test_add_func ("/app/window-actions/quit-commits-deletion", test_quit_commits_deletion);
  g_test_add_func ("/app/window-actions/close-list-asks", test_close_list_asks);
  g_test_add_func ("/app/window-actions/remove-gift-undo", test_remove_gift_undo);
  g_test_add_func ("/app/window-actions/gift-opens-product-page", test_gift_opens_product_page);
  g_test_add_func ("/app/window-actions/shortcuts-listed", test_shortcuts_listed);
  g_test_add_func ("/app/window-actions/no-hidden-toplevels", test_no_hidden_toplevels);
  g_test_add_func ("/app/window-actions/about", test_about);
  g_test_add_func ("/app/window-actions/contact-needs-server", test_contact_needs_server);

  return g_test_run ();
}
