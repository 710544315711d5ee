/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

/* The actions EweWindow installs (account.*, list.*, content.*, sync.now,
 * help.contact, help.shortcuts, help.topics, friends.open-link; lists.* and list.export
 * from ewe-window-export.c), their shortcuts, when
 * they are enabled, and the dialogs and editors they open. Kept apart from ewe-window.c so
 * that what the user can do reads in one place. */

#define G_LOG_DOMAIN "ewe-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-account-dialog.h"
#include "ewe-contact-dialog.h"
#include "ewe-coowners-dialog.h"
#include "ewe-gift-editor.h"
#include "ewe-help-window.h"
#include "ewe-list-editor.h"
#include "ewe-share-dialog.h"
#include "ewe-thank-yous-dialog.h"
#include "ewe-toasts.h"
#include "ewe-window-private.h"

/* --- account ------------------------------------------------------------- */

/* Signing in and out quickly queues toasts that contradict each other:
 * only the latest is worth reading. */
static void
show_account_toast (EweWindow  *self,
                    const char *title)
{
  AdwToast *toast = ewe_toast_new_escaped (title);

  if (self->account_toast != NULL)
    ewe_toast_dismiss (self->account_toast);
  g_set_weak_pointer (&self->account_toast, toast);
  ewe_window_add_toast (self, toast);
}

static void
dialog_signed_in_cb (EweWindow        *self,
                     EweAccountDialog *dialog)
{
  EweAccount      *account = ewe_session_get_account (self->session);
  g_autofree char *title = NULL;
  const char      *who;

  if (account == NULL)
    return;

  who = ewe_account_get_name (account);
  if (who == NULL || who[0] == '\0')
    who = ewe_account_get_email (account);
  /* Translators: %s is the user's name */
  title = g_strdup_printf (_("Signed in as %s"), who);
  show_account_toast (self, title);
}

static void
show_account_dialog (EweWindow            *self,
                     EweAccountDialogStart start)
{
  EweAccountDialog *dialog;

  dialog = ewe_account_dialog_new (self->session, start);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "signed-in", G_CALLBACK (dialog_signed_in_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  show_account_dialog (EWE_WINDOW (widget), EWE_ACCOUNT_DIALOG_SIGN_IN);
}

static void
create_account_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  show_account_dialog (EWE_WINDOW (widget), EWE_ACCOUNT_DIALOG_SIGN_UP);
}

static void
sign_out_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(EweWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ewe_account_sign_out_finish (EWE_ACCOUNT (object), result, &error))
    {
      g_autofree char *title = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* Translators: %s says why, e.g. that the keyring refused */
      title = g_strdup_printf (_("Signed out, but the sign-in could not be removed from the keyring: %s"),
                                  error->message);
      show_account_toast (self, title);
      return;
    }

  show_account_toast (self, _("Signed out"));
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  EweWindow  *self = EWE_WINDOW (widget);
  EweAccount *account = ewe_session_get_account (self->session);

  /* Nothing is lost by signing out (drafts stay here), so no question. */
  if (account == NULL || !ewe_account_get_signed_in (account))
    return;

  ewe_account_sign_out_async (account, self->cancellable, sign_out_cb, g_object_ref (self));
}

void
_ewe_window_update_account_actions (EweWindow *self)
{
  EweAccount *account = self->session ? ewe_session_get_account (self->session) : NULL;
  gboolean    signed_in = account != NULL && ewe_account_get_signed_in (account);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.sign-in", !signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.create-account", !signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.sign-out", signed_in);
}

static void
session_account_changed_cb (EweWindow *self)
{
  EweAccount *account = ewe_session_get_account (self->session);

  if (account != NULL)
    g_signal_connect_object (account, "notify::signed-in",
                             G_CALLBACK (_ewe_window_update_account_actions), self, G_CONNECT_SWAPPED);
  _ewe_window_update_account_actions (self);
}

void
_ewe_window_actions_watch_account (EweWindow *self)
{
  g_signal_connect_object (self->session, "notify::account",
                           G_CALLBACK (session_account_changed_cb), self, G_CONNECT_SWAPPED);
  session_account_changed_cb (self);
}

/* --- lists and gifts ----------------------------------------------------- */

/* The editors and the share dialog, over the window. */
static void
present_modal (EweWindow *self,
               GtkWindow *window)
{
  gtk_window_set_transient_for (window, GTK_WINDOW (self));
  gtk_window_set_modal (window, TRUE);
  gtk_window_present (window);
}

void
_ewe_window_update_list_actions (EweWindow *self)
{
  gboolean has_store = self->store != NULL;
  gboolean has_list = gtk_list_box_get_selected_row (self->lists_box) != NULL ||
                      gtk_list_box_get_selected_row (self->archived_box) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.new", has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lists.export-all", has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lists.import", has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.export", has_list);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.print", has_list);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.edit", has_list);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.share", has_list);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.coowners",
                                 has_list && self->sync != NULL && self->shown_list != NULL &&
                                   !ewe_list_is_local (self->shown_list));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.thank-yous", has_list && has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.add-gift", has_list);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.delete", has_list);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.close",
                                 has_list && self->shown_list != NULL &&
                                   ewe_list_get_state (self->shown_list) != EWE_LIST_STATE_CLOSED);
  _ewe_window_update_archive_actions (self, has_list);
  /* A menu of greyed-out items helps no one. */
  gtk_widget_set_visible (self->list_menu_button, has_list && !_ewe_window_product_is_shown (self));
}

static void
list_editor_saved_cb (EweWindow     *self,
                      EweList       *list,
                      EweListEditor *editor)
{
  ewe_window_select_list (self, list);
}

static void
show_list_editor (EweWindow *self,
                  EweList   *list)
{
  EweListEditor *editor;

  if (self->store == NULL)
    return;

  editor = ewe_list_editor_new (self->store, list);
  if (list == NULL)
    g_signal_connect_object (editor, "saved", G_CALLBACK (list_editor_saved_cb), self, G_CONNECT_SWAPPED);
  present_modal (self, GTK_WINDOW (editor));
}

void
_ewe_window_show_gift_editor (EweWindow *self)
{
  g_autoptr(EweList) list = _ewe_window_dup_selected_list (self);
  EweGiftEditor *editor;

  if (list == NULL || self->store == NULL)
    return;

  /* Signed in, the editor looks in the server's catalogue first; without
   * an API client it reads the shop's page itself. */
  editor = ewe_gift_editor_new (self->store, list, ewe_session_get_api_client (self->session));
  present_modal (self, GTK_WINDOW (editor));
}

void
_ewe_window_edit_gift (EweWindow *self,
                       EweGift   *gift)
{
  EweGiftEditor *editor;

  if (self->store == NULL)
    return;

  editor = ewe_gift_editor_new_for_gift (self->store, gift);
  present_modal (self, GTK_WINDOW (editor));
}

static void
new_list_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  show_list_editor (EWE_WINDOW (widget), NULL);
}

static void
edit_list_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  EweWindow *self = EWE_WINDOW (widget);
  g_autoptr(EweList) list = _ewe_window_dup_selected_list (self);

  if (list != NULL)
    show_list_editor (self, list);
}

static void
share_list_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  EweWindow *self = EWE_WINDOW (widget);
  g_autoptr(EweList) list = _ewe_window_dup_selected_list (self);
  g_autofree char *server_url = NULL;
  EweShareDialog  *dialog;

  if (list == NULL)
    return;

  /* With no server the dialog explains that the list is not shareable yet. */
  server_url = ewe_session_dup_server_url (self->session);
  dialog = ewe_share_dialog_new (list, server_url[0] != '\0' ? server_url : NULL);
  present_modal (self, GTK_WINDOW (dialog));
}

/* Co-owners live on the server: the list must be there, and the account
 * signed in. */
static void
coowners_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  EweWindow *self = EWE_WINDOW (widget);
  g_autoptr(EweList) list = _ewe_window_dup_selected_list (self);

  if (list == NULL || ewe_list_is_local (list) || self->sync == NULL)
    return;

  present_modal (self, GTK_WINDOW (ewe_coowners_dialog_new (ewe_session_get_api_client (self->session), list)));
}

/* Who gave what, after the event: the owner's Thank-yous. */
static void
thank_yous_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  EweWindow *self = EWE_WINDOW (widget);
  g_autoptr(EweList) list = _ewe_window_dup_selected_list (self);

  if (list == NULL || self->store == NULL)
    return;

  present_modal (self, GTK_WINDOW (ewe_thank_yous_dialog_new (self->store, list)));
}

static void
add_gift_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  _ewe_window_show_gift_editor (EWE_WINDOW (widget));
}

static void
close_list_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(EweWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ewe_store_close_list_finish (EWE_STORE (object), result, &error))
    {
      g_autofree char *title = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: %s says why, e.g. that the disk is full */
      title = g_strdup_printf (_("Could not close the list: %s"), error->message);
      ewe_window_add_toast (self, ewe_toast_new_escaped (title));
    }
}

static void
close_list_response_cb (EweWindow        *self,
                        const char       *response,
                        AdwMessageDialog *dialog)
{
  EweList *list = g_object_get_data (G_OBJECT (dialog), "list");

  if (g_strcmp0 (response, "close") != 0 || list == NULL || self->store == NULL)
    return;

  ewe_store_close_list_async (self->store, list, self->cancellable, close_list_cb, g_object_ref (self));
}

static void
close_list_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  EweWindow *self = EWE_WINDOW (widget);
  g_autoptr(EweList) list = _ewe_window_dup_selected_list (self);
  GtkWidget *dialog;

  if (list == NULL || ewe_list_get_state (list) == EWE_LIST_STATE_CLOSED)
    return;

  /* Friends lose something here, and it cannot be undone from the app:
   * ask first. */
  dialog = adw_message_dialog_new (GTK_WINDOW (self), NULL,
                                   _("Friends will no longer be able to reserve its gifts. "
                                     "Gifts already reserved or bought stay so."));
  /* Translators: %s is the list's title */
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Close “%s”?"), ewe_list_get_title (list));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "close", _("C_lose List"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "close", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "list", g_steal_pointer (&list), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (close_list_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
delete_list_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  EweWindow *self = EWE_WINDOW (widget);
  g_autoptr(EweList) list = _ewe_window_dup_selected_list (self);

  /* No question: the toast's Undo brings it back. */
  if (list != NULL && self->deletions != NULL)
    ewe_window_add_toast (self, ewe_deletion_queue_delete_list (self->deletions, list));
}

/* --- sync, content, help, friends ---------------------------------------- */

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EweWindow *self = EWE_WINDOW (widget);

  if (_ewe_window_product_is_shown (self))
    _ewe_window_close_gift (self);
  else
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
contact_sent_cb (EweWindow *self)
{
  ewe_window_add_toast (self, ewe_toast_new_escaped (_("Message sent")));
}

static void
contact_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  EweWindow        *self = EWE_WINDOW (widget);
  EweContactDialog *dialog;

  if (self->session == NULL)
    return;

  dialog = ewe_contact_dialog_new (self->session);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "sent", G_CALLBACK (contact_sent_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
close_gift_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  _ewe_window_close_gift (EWE_WINDOW (widget));
}

/* Keyboard Shortcuts is built when asked for and destroyed when closed,
 * not kept hidden for the window's lifetime as GtkApplication's automatic
 * help overlay (gtk/help-overlay.ui) would be. GTK 4.8's AT-SPI root
 * answers GetChildAtIndex with the last toplevel when the index is past
 * the visible ones, hidden or not, and a hidden window has no object path:
 * a screen reader asking for a dialog that had just closed got the hidden
 * shortcuts window, and GTK built a reply from a NULL path and crashed. */
static void
shortcuts_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/org/ewelists/App/ewe-shortcuts-window.ui");
  GtkWindow *window = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));

  gtk_window_set_hide_on_close (window, FALSE);
  present_modal (EWE_WINDOW (widget), window);
}

/* Help (F1) beside the window, not over it: a reader follows its steps in
 * the window. One Help a window; F1 again brings it back to the front. */
static void
help_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GListModel    *toplevels = gtk_window_get_toplevels ();
  EweHelpWindow *help = NULL;

  for (guint i = 0; help == NULL && i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (EWE_IS_HELP_WINDOW (toplevel) && gtk_window_get_transient_for (toplevel) == GTK_WINDOW (widget))
        help = EWE_HELP_WINDOW (toplevel);
    }

  if (help == NULL)
    {
      help = ewe_help_window_new ();
      gtk_window_set_transient_for (GTK_WINDOW (help), GTK_WINDOW (widget));
      gtk_window_set_destroy_with_parent (GTK_WINDOW (help), TRUE);
    }
  gtk_window_present (GTK_WINDOW (help));
}

static void
sync_now_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* A failure is the banner's to show, from the sync's last error. */
  if (!ewe_sync_run_finish (EWE_SYNC (object), result, &error))
    g_debug ("Sync failed: %s", error->message);
}

static void
sync_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  EweWindow *self = EWE_WINDOW (widget);

  if (self->sync != NULL)
    ewe_sync_run_async (self->sync, self->cancellable, sync_now_cb, NULL);
}

static void
open_link_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  _ewe_window_show_open_link_dialog (EWE_WINDOW (widget), NULL);
}

/* --- installing ---------------------------------------------------------- */

void
_ewe_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "account.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "account.create-account", NULL, create_account_action);
  gtk_widget_class_install_action (widget_class, "account.sign-out", NULL, sign_out_action);
  gtk_widget_class_install_action (widget_class, "list.new", NULL, new_list_action);
  gtk_widget_class_install_action (widget_class, "list.edit", NULL, edit_list_action);
  gtk_widget_class_install_action (widget_class, "list.share", NULL, share_list_action);
  gtk_widget_class_install_action (widget_class, "list.coowners", NULL, coowners_action);
  gtk_widget_class_install_action (widget_class, "list.thank-yous", NULL, thank_yous_action);
  gtk_widget_class_install_action (widget_class, "list.add-gift", NULL, add_gift_action);
  gtk_widget_class_install_action (widget_class, "list.close", NULL, close_list_action);
  gtk_widget_class_install_action (widget_class, "list.delete", NULL, delete_list_action);
  gtk_widget_class_install_action (widget_class, "content.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "sync.now", NULL, sync_now_action);
  gtk_widget_class_install_action (widget_class, "content.close-gift", NULL, close_gift_action);
  gtk_widget_class_install_action (widget_class, "help.contact", NULL, contact_action);
  gtk_widget_class_install_action (widget_class, "help.shortcuts", NULL, shortcuts_action);
  gtk_widget_class_install_action (widget_class, "help.topics", NULL, help_action);
  _ewe_window_class_export_init (widget_class);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "list.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "sync.now", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "sync.now", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "list.edit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "list.add-gift", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "content.close-gift", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "content.close-gift", NULL);
  gtk_widget_class_install_action (widget_class, "friends.open-link", NULL, open_link_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "friends.open-link", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_question, GDK_CONTROL_MASK, "help.shortcuts", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F1, 0, "help.topics", NULL);
}

void
_ewe_window_actions_init (EweWindow *self)
{
  GtkEventController *shortcuts;

  /* No friends' lists until the store is open. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "friends.open-link", FALSE);

  /* Delete deletes the selected list only from the sidebar, never while
   * typing or from a gift. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                                                          gtk_named_action_new ("list.delete")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_KP_Delete, 0),
                                                          gtk_named_action_new ("list.delete")));
  gtk_widget_add_controller (GTK_WIDGET (self->lists_box), shortcuts);
}
