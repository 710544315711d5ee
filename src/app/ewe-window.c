/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-account-button.h"
#include "ewe-account-dialog.h"
#include "ewe-conflict-toast.h"
#include "ewe-contact-dialog.h"
#include "ewe-deletion-queue.h"
#include "ewe-friend-list-page.h"
#include "ewe-friends-sidebar.h"
#include "ewe-gift-editor.h"
#include "ewe-list-editor.h"
#include "ewe-list-page.h"
#include "ewe-list-row.h"
#include "ewe-product-page.h"
#include "ewe-open-link-dialog.h"
#include "ewe-reservations-page.h"
#include "ewe-share-dialog.h"
#include "ewe-sync-banner.h"
#include "ewe-window.h"

struct _EweWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  EweAccountButton     *account_button;
  GtkWidget            *content;
  GtkStack             *sidebar_stack;
  AdwStatusPage        *sidebar_error;
  GtkListBox           *lists_box;
  AdwWindowTitle       *content_title;
  GtkWidget            *list_menu_button;
  GtkStack             *content_stack;
  EweSyncBanner        *sync_banner;
  EweSyncBanner        *content_sync_banner;
  GtkWidget            *sync_spinner;
  GtkWidget            *back_button;
  EweFriendsSidebar    *friends_sidebar;

  /* borrowed */
  AdwToast             *account_toast;  /* weak; the last sign-in or -out toast */
  EweStore             *store;          /* the context's, once open */
  GListModel           *lists;          /* the store's */
  EweList              *shown_list;     /* weak; the selected one */
  EweListPage          *list_page;      /* in content_stack, once the store is open */
  EweProductPage       *product_page;   /* in content_stack, once a gift was opened */
  GBinding             *title_binding;  /* weak; the content title's */
  GtkWindow            *drafts_dialog;  /* weak; asking about the drafts */
  EweFriends           *friends;        /* the context's, with the store */
  EweFriendListPage    *friend_page;    /* in content_stack, with friends */

  /* owned */
  EweContext           *context;
  EweSync              *sync;           /* the context's, while signed in */
  EweDeletionQueue     *deletions;      /* the store's lists and gifts deleted with Undo */
  GtkFilterListModel   *shown_lists;    /* the lists, less those being deleted */
  GSettings            *settings;
  GCancellable         *cancellable;
  char                 *pending_link;   /* to open once the store is */
};

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (EweWindow, ewe_window, ADW_TYPE_APPLICATION_WINDOW)

/* Signing in and out quickly queues toasts that contradict each other:
 * only the latest is worth reading. */
static void
show_account_toast (EweWindow  *self,
                    const char *title)
{
  AdwToast *toast = adw_toast_new (title);

  if (self->account_toast != NULL)
    adw_toast_dismiss (self->account_toast);
  g_set_weak_pointer (&self->account_toast, toast);
  ewe_window_add_toast (self, toast);
}

static void
dialog_signed_in_cb (EweWindow        *self,
                     EweAccountDialog *dialog)
{
  EweAccount *account = ewe_context_get_account (self->context);
  g_autofree char *title = NULL;
  const char *who;

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
show_account_dialog (EweWindow             *self,
                     EweAccountDialogStart  start)
{
  EweAccountDialog *dialog;

  dialog = ewe_account_dialog_new (self->context, start);
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
  EweWindow *self = EWE_WINDOW (widget);
  EweAccount *account = ewe_context_get_account (self->context);

  /* Nothing is lost by signing out (drafts stay here), so no question. */
  if (account == NULL || !ewe_account_get_signed_in (account))
    return;

  ewe_account_sign_out_async (account, self->cancellable, sign_out_cb, g_object_ref (self));
}

static void
update_account_actions (EweWindow *self)
{
  EweAccount *account = self->context ? ewe_context_get_account (self->context) : NULL;
  gboolean signed_in = account != NULL && ewe_account_get_signed_in (account);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.sign-in", !signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.create-account", !signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.sign-out", signed_in);
}

static void
context_account_changed_cb (EweWindow *self)
{
  EweAccount *account = ewe_context_get_account (self->context);

  if (account != NULL)
    g_signal_connect_object (account, "notify::signed-in",
                             G_CALLBACK (update_account_actions), self, G_CONNECT_SWAPPED);
  update_account_actions (self);
}

static EweList *
dup_selected_list (EweWindow *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->lists_box);

  if (row == NULL)
    return NULL;

  return g_object_ref (ewe_list_row_get_list (EWE_LIST_ROW (row)));
}

static void edit_gift_cb (EweWindow *self,
                          EweGift   *gift);

static gboolean
product_is_shown (EweWindow *self)
{
  return self->product_page != NULL &&
         gtk_stack_get_visible_child (self->content_stack) == GTK_WIDGET (self->product_page);
}

static void
update_list_actions (EweWindow *self)
{
  gboolean has_store = self->store != NULL;
  gboolean has_list = gtk_list_box_get_selected_row (self->lists_box) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.new", has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.edit", has_list);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.share", has_list);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.add-gift", has_list);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.delete", has_list);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.close",
                                 has_list && self->shown_list != NULL &&
                                 ewe_list_get_state (self->shown_list) != EWE_LIST_STATE_CLOSED);
  /* A menu of greyed-out items helps no one. */
  gtk_widget_set_visible (self->list_menu_button, has_list && !product_is_shown (self));
}

static void
update_sidebar (EweWindow *self)
{
  const GError *error = self->context ? ewe_context_get_store_error (self->context) : NULL;

  if (self->lists != NULL)
    gtk_stack_set_visible_child_name (self->sidebar_stack,
                                      g_list_model_get_n_items (G_LIST_MODEL (self->shown_lists)) > 0
                                      ? "lists" : "empty");
  else if (error != NULL)
    gtk_stack_set_visible_child_name (self->sidebar_stack, "error");
  else
    gtk_stack_set_visible_child_name (self->sidebar_stack, "loading");
}

static void
unbind_title (EweWindow *self)
{
  GBinding *binding = self->title_binding;

  if (binding == NULL)
    return;
  g_clear_weak_pointer (&self->title_binding);
  g_binding_unbind (binding);
}

static void
update_back_button (EweWindow *self)
{
  gboolean product = product_is_shown (self);

  gtk_widget_set_visible (self->back_button, product || adw_leaflet_get_folded (self->leaflet));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "content.close-gift", product);
  /* Alt+Left and swipes go back to the list first, not to the sidebar. */
  adw_leaflet_set_can_navigate_back (self->leaflet, !product);
}

static void show_list (EweWindow *self,
                       EweList   *list);

static void
close_gift (EweWindow *self)
{
  if (!product_is_shown (self))
    return;

  /* Stop loading and leave the shop's page: it may play sound or video. */
  ewe_product_page_set_gift (self->product_page, NULL);
  webkit_web_view_load_uri (ewe_product_page_get_web_view (self->product_page), "about:blank");
  show_list (self, self->shown_list);
}

static void
show_list (EweWindow *self,
           EweList   *list)
{
  unbind_title (self);

  if (self->shown_list != NULL)
    g_signal_handlers_disconnect_by_func (self->shown_list, update_list_actions, self);
  g_set_weak_pointer (&self->shown_list, list);
  if (list != NULL)
    g_signal_connect_object (list, "notify::state", G_CALLBACK (update_list_actions), self, G_CONNECT_SWAPPED);

  if (list == NULL || self->list_page == NULL)
    {
      adw_window_title_set_title (self->content_title, "");
      gtk_stack_set_visible_child_name (self->content_stack, "none");
    }
  else
    {
      ewe_list_page_set_list (self->list_page, list);
      g_set_weak_pointer (&self->title_binding,
                          g_object_bind_property (list, "title", self->content_title, "title",
                                                  G_BINDING_SYNC_CREATE));
      gtk_stack_set_visible_child_name (self->content_stack, "list");
    }

  update_back_button (self);
  update_list_actions (self);
}

static void
show_gift (EweWindow *self,
           EweGift   *gift)
{
  const char *details;

  if (self->product_page == NULL)
    {
      self->product_page = EWE_PRODUCT_PAGE (ewe_product_page_new ());
      /* The window shows the user's own lists. */
      ewe_product_page_set_guest_actions (self->product_page, FALSE);
      gtk_stack_add_named (self->content_stack, GTK_WIDGET (self->product_page), "product");
    }

  unbind_title (self);
  details = ewe_gift_get_details (gift);
  adw_window_title_set_title (self->content_title, details && *details ? details : _("Unnamed gift"));
  ewe_product_page_set_gift (self->product_page, gift);
  gtk_stack_set_visible_child (self->content_stack, GTK_WIDGET (self->product_page));
  gtk_widget_set_visible (self->list_menu_button, FALSE);
  update_back_button (self);
}

static void
gift_activated_cb (EweWindow *self,
                   EweGift   *gift)
{
  /* A gift with no shop page has nothing to show; its details can still
   * be changed. */
  if (ewe_product_page_uri_is_allowed (ewe_gift_get_product_url (gift)))
    show_gift (self, gift);
  else
    edit_gift_cb (self, gift);
}

static void
row_selected_cb (EweWindow     *self,
                 GtkListBoxRow *row,
                 GtkListBox    *box)
{
  if (row != NULL)
    ewe_friends_sidebar_unselect_all (self->friends_sidebar);
  show_list (self, row ? ewe_list_row_get_list (EWE_LIST_ROW (row)) : NULL);
}

/* --- friends' lists ------------------------------------------------------ */

static void
friends_show_list_cb (EweWindow *self,
                      EweList   *list)
{
  if (self->friend_page == NULL)
    return;

  close_gift (self);
  gtk_list_box_unselect_all (self->lists_box);
  unbind_title (self);
  ewe_friend_list_page_set_list (self->friend_page, list);
  g_set_weak_pointer (&self->title_binding,
                      g_object_bind_property (list, "title", self->content_title, "title",
                                              G_BINDING_SYNC_CREATE));
  gtk_stack_set_visible_child_name (self->content_stack, "friend-list");
  adw_leaflet_set_visible_child (self->leaflet, self->content);
  update_back_button (self);
}

static void
friends_show_reservations_cb (EweWindow *self)
{
  if (self->friends == NULL)
    return;

  close_gift (self);
  gtk_list_box_unselect_all (self->lists_box);
  unbind_title (self);
  adw_window_title_set_title (self->content_title, _("My Reservations"));
  gtk_stack_set_visible_child_name (self->content_stack, "reservations");
  adw_leaflet_set_visible_child (self->leaflet, self->content);
  update_back_button (self);
}

static void
link_opened_cb (EweWindow         *self,
                EweList           *list,
                EweOpenLinkDialog *dialog)
{
  ewe_friends_sidebar_select_list (self->friends_sidebar, list);
}

static EweOpenLinkDialog *
show_open_link_dialog (EweWindow  *self,
                       const char *link)
{
  EweOpenLinkDialog *dialog;

  if (self->friends == NULL)
    return NULL;

  dialog = ewe_open_link_dialog_new (self->friends, link);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "opened", G_CALLBACK (link_opened_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}

static void
open_link_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  show_open_link_dialog (EWE_WINDOW (widget), NULL);
}

/* Friends' lists live in the store: they change with it, at sign-in. */
static void
teardown_friends (EweWindow *self)
{
  const char *shown = gtk_stack_get_visible_child_name (self->content_stack);
  GtkWidget *page;

  if (self->friends == NULL)
    return;

  if (g_strcmp0 (shown, "friend-list") == 0 || g_strcmp0 (shown, "reservations") == 0)
    {
      unbind_title (self);
      adw_window_title_set_title (self->content_title, "");
      gtk_stack_set_visible_child_name (self->content_stack, "none");
    }

  ewe_friends_sidebar_set_friends (self->friends_sidebar, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->friends_sidebar), FALSE);
  gtk_stack_remove (self->content_stack, GTK_WIDGET (self->friend_page));
  if ((page = gtk_stack_get_child_by_name (self->content_stack, "reservations")) != NULL)
    gtk_stack_remove (self->content_stack, page);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "friends.open-link", FALSE);
  self->friend_page = NULL;
  self->friends = NULL;
}

static void
setup_friends (EweWindow *self)
{
  GtkWidget *page;

  self->friends = ewe_context_get_friends (self->context);
  if (self->friends == NULL)
    return;

  page = ewe_friend_list_page_new (self->friends, ewe_context_get_image_cache (self->context));
  self->friend_page = EWE_FRIEND_LIST_PAGE (page);
  gtk_stack_add_named (self->content_stack, page, "friend-list");
  gtk_stack_add_named (self->content_stack, ewe_reservations_page_new (self->friends), "reservations");
  ewe_friends_sidebar_set_friends (self->friends_sidebar, self->friends);
  gtk_widget_set_visible (GTK_WIDGET (self->friends_sidebar), TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "friends.open-link", TRUE);

  if (self->pending_link != NULL)
    {
      g_autofree char *link = g_steal_pointer (&self->pending_link);

      ewe_window_open_link (self, link);
    }
}

static void
row_activated_cb (EweWindow     *self,
                  GtkListBoxRow *row,
                  GtkListBox    *box)
{
  /* On a phone the content is a page of its own: go there. */
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
lists_changed_cb (EweWindow  *self,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GListModel *lists)
{
  update_sidebar (self);
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  return ewe_list_row_new (EWE_LIST (item));
}

static void show_gift_editor (EweWindow *self);

/* Lets go of the store shown until now: signing in or out changes it. */
static void
deletion_failed_cb (EweWindow    *self,
                    GObject      *item,
                    const GError *error)
{
  g_autofree char *title = NULL;

  if (EWE_IS_LIST (item))
    /* Translators: %s says why, e.g. that the disk is full */
    title = g_strdup_printf (_("Could not delete the list: %s"), error->message);
  else
    /* Translators: %s says why, e.g. that the disk is full */
    title = g_strdup_printf (_("Could not remove the gift: %s"), error->message);
  ewe_window_add_toast (self, adw_toast_new (title));
}

static void
deletion_restored_cb (EweWindow *self,
                      GObject   *item)
{
  /* Undo puts the list back where the user was: selected and shown. */
  if (EWE_IS_LIST (item))
    ewe_window_select_list (self, EWE_LIST (item));
}

static void
edit_gift_cb (EweWindow *self,
              EweGift   *gift)
{
  EweGiftEditor *editor;

  if (self->store == NULL)
    return;

  editor = ewe_gift_editor_new_for_gift (self->store, gift);
  gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (editor), TRUE);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
remove_gift_cb (EweWindow *self,
                EweGift   *gift)
{
  if (self->deletions != NULL)
    ewe_window_add_toast (self, ewe_deletion_queue_remove_gift (self->deletions, gift));
}

static void
list_conflict_cb (EweWindow  *self,
                  EweList    *list,
                  EweList    *theirs,
                  GStrv       fields,
                  EweStore   *store)
{
  ewe_window_add_toast (self, ewe_conflict_toast_new (store, list, theirs, (const char * const *)fields));
}

static void
gift_conflict_cb (EweWindow  *self,
                  EweGift    *gift,
                  EweGift    *theirs,
                  GStrv       fields,
                  EweStore   *store)
{
  ewe_window_add_toast (self, ewe_gift_conflict_toast_new (store, gift, theirs, (const char * const *)fields));
}

static void
unbind_store (EweWindow *self)
{
  if (self->store == NULL)
    return;

  g_signal_handlers_disconnect_by_func (self->store, list_conflict_cb, self);
  g_signal_handlers_disconnect_by_func (self->store, gift_conflict_cb, self);

  /* What the toasts offered to undo belongs to this store: done. */
  ewe_deletion_queue_commit_all (self->deletions);
  teardown_friends (self);
  close_gift (self);
  show_list (self, NULL);
  g_signal_handlers_disconnect_by_func (self->shown_lists, lists_changed_cb, self);
  gtk_list_box_bind_model (self->lists_box, NULL, NULL, NULL, NULL);
  gtk_stack_remove (self->content_stack, GTK_WIDGET (self->list_page));
  g_clear_object (&self->shown_lists);
  g_clear_object (&self->deletions);
  self->list_page = NULL;
  self->lists = NULL;
  self->store = NULL;
}

static void
bind_store (EweWindow *self,
            EweStore  *store)
{
  GtkWidget *page;

  self->store = store;
  self->lists = ewe_store_get_lists (store);
  g_signal_connect_object (store, "conflict", G_CALLBACK (list_conflict_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "gift-conflict", G_CALLBACK (gift_conflict_cb), self, G_CONNECT_SWAPPED);
  self->deletions = ewe_deletion_queue_new (store);
  g_signal_connect_object (self->deletions, "failed", G_CALLBACK (deletion_failed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->deletions, "restored", G_CALLBACK (deletion_restored_cb), self, G_CONNECT_SWAPPED);

  page = ewe_list_page_new (store, ewe_context_get_image_cache (self->context));
  self->list_page = EWE_LIST_PAGE (page);
  g_settings_bind (self->settings, "surprise-mode", page, "surprise-mode", G_SETTINGS_BIND_GET);
  ewe_list_page_add_filter (self->list_page, ewe_deletion_queue_get_filter (self->deletions));
  g_signal_connect_object (page, "add-gift", G_CALLBACK (show_gift_editor), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "edit-gift", G_CALLBACK (edit_gift_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "remove-gift", G_CALLBACK (remove_gift_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "gift-activated", G_CALLBACK (gift_activated_cb), self, G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->content_stack, page, "list");

  self->shown_lists = gtk_filter_list_model_new (g_object_ref (self->lists),
                                                 g_object_ref (ewe_deletion_queue_get_filter (self->deletions)));
  g_signal_connect_object (self->shown_lists, "items-changed", G_CALLBACK (lists_changed_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_list_box_bind_model (self->lists_box, G_LIST_MODEL (self->shown_lists), create_row_cb, NULL, NULL);
  setup_friends (self);
}

static void
close_drafts_dialog (EweWindow *self)
{
  GtkWindow *dialog = self->drafts_dialog;

  if (dialog == NULL)
    return;
  g_clear_weak_pointer (&self->drafts_dialog);
  gtk_window_destroy (dialog);
}

static void
store_changed_cb (EweWindow *self)
{
  EweStore *store = ewe_context_get_store (self->context);
  const GError *error = ewe_context_get_store_error (self->context);

  if (store != self->store)
    {
      /* Signed out or in as someone else: the question no longer applies. */
      close_drafts_dialog (self);
      unbind_store (self);
      if (store != NULL)
        bind_store (self, store);
    }

  if (error != NULL && self->store == NULL)
    {
      g_autofree char *title = NULL;

      adw_status_page_set_description (self->sidebar_error, error->message);
      /* Translators: %s says why, e.g. that the disk is full */
      title = g_strdup_printf (_("Could not open the gift lists: %s"), error->message);
      ewe_window_add_toast (self, adw_toast_new (title));
    }

  update_sidebar (self);
  update_list_actions (self);
}

/* --- sync ------------------------------------------------------------------ */

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
syncing_changed_cb (EweWindow *self)
{
  gboolean syncing = self->sync != NULL && ewe_sync_get_syncing (self->sync);

  gtk_spinner_set_spinning (GTK_SPINNER (self->sync_spinner), syncing);
  gtk_widget_set_visible (self->sync_spinner, syncing);
}

static void
change_refused_cb (EweWindow      *self,
                   EweOutboxEntry *entry,
                   const char     *message,
                   EweSync        *sync)
{
  g_autofree char *title = NULL;

  /* Translators: %s is the server's reason, e.g. that the list was deleted */
  title = g_strdup_printf (_("A change could not be saved on the server: %s"), message);
  ewe_window_add_toast (self, adw_toast_new (title));
}

static void
sync_changed_cb (EweWindow *self)
{
  EweSync *sync = ewe_context_get_sync (self->context);

  if (sync == self->sync)
    return;

  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_set_object (&self->sync, sync);

  if (sync != NULL)
    {
      g_signal_connect_object (sync, "notify::syncing", G_CALLBACK (syncing_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (sync, "change-refused", G_CALLBACK (change_refused_cb),
                               self, G_CONNECT_SWAPPED);
    }

  ewe_sync_banner_set_sync (self->sync_banner, sync);
  ewe_sync_banner_set_sync (self->content_sync_banner, sync);
  syncing_changed_cb (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.now", sync != NULL);
}

static void
import_drafts_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(EweWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  if (ewe_context_import_drafts_finish (EWE_CONTEXT (object), result, &error))
    return;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Translators: %s says why, e.g. that the disk is full */
  title = g_strdup_printf (_("Could not move the drafts into your account: %s"), error->message);
  ewe_window_add_toast (self, adw_toast_new (title));
}

static void
drafts_response_cb (EweWindow        *self,
                    const char       *response,
                    AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "move") == 0)
    ewe_context_import_drafts_async (self->context, self->cancellable, import_drafts_cb, g_object_ref (self));
  else if (g_strcmp0 (response, "keep") == 0)
    ewe_context_keep_drafts (self->context);
  /* Closed without an answer: asked again at the next sign-in. */
}

static void
drafts_found_cb (EweWindow  *self,
                 guint       n_lists,
                 EweContext *context)
{
  GtkWidget *dialog;
  g_autofree char *heading = NULL;

  /* Translators: %u is a number of lists */
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Move %u draft list into your account?",
                                          "Move %u draft lists into your account?", n_lists),
                             n_lists);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   g_dngettext (GETTEXT_PACKAGE,
                                                "It was made on this device while you were signed out. "
                                                "In your account it is kept on the server and can be shared.",
                                                "They were made on this device while you were signed out. "
                                                "In your account they are kept on the server and can be shared.",
                                                n_lists));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep on This Device"),
                                    "move", _("_Move"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "move", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "move");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_signal_connect_object (dialog, "response", G_CALLBACK (drafts_response_cb), self, G_CONNECT_SWAPPED);
  close_drafts_dialog (self);
  g_set_weak_pointer (&self->drafts_dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
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
  gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (editor), TRUE);
  if (list == NULL)
    g_signal_connect_object (editor, "saved", G_CALLBACK (list_editor_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
show_gift_editor (EweWindow *self)
{
  g_autoptr(EweList) list = dup_selected_list (self);
  EweGiftEditor *editor;

  if (list == NULL || self->store == NULL)
    return;

  /* Signed in, the editor looks in the server's catalogue first; without
   * an API client it reads the shop's page itself. */
  editor = ewe_gift_editor_new (self->store, list, ewe_context_get_api_client (self->context));
  gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (editor), TRUE);
  gtk_window_present (GTK_WINDOW (editor));
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
  g_autoptr(EweList) list = dup_selected_list (self);

  if (list != NULL)
    show_list_editor (self, list);
}

static void
share_list_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  EweWindow *self = EWE_WINDOW (widget);
  g_autoptr(EweList) list = dup_selected_list (self);
  g_autofree char *server_url = NULL;
  EweShareDialog *dialog;

  if (list == NULL)
    return;

  /* With no server the dialog explains that the list is not shareable yet. */
  server_url = ewe_context_dup_server_url (self->context);
  dialog = ewe_share_dialog_new (list, server_url[0] != '\0' ? server_url : NULL);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_gift_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  show_gift_editor (EWE_WINDOW (widget));
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
      ewe_window_add_toast (self, adw_toast_new (title));
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
  g_autoptr(EweList) list = dup_selected_list (self);
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
                                    "cancel", _("_Cancel"),
                                    "close", _("C_lose List"),
                                    NULL);
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
  g_autoptr(EweList) list = dup_selected_list (self);

  /* No question: the toast's Undo brings it back. */
  if (list != NULL && self->deletions != NULL)
    ewe_window_add_toast (self, ewe_deletion_queue_delete_list (self->deletions, list));
}

static gboolean
ewe_window_close_request (GtkWindow *window)
{
  EweWindow *self = EWE_WINDOW (window);

  /* The toasts go with the window: what they offered to undo is done. */
  if (self->deletions != NULL)
    ewe_deletion_queue_commit_all (self->deletions);

  return GTK_WINDOW_CLASS (ewe_window_parent_class)->close_request (window);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EweWindow *self = EWE_WINDOW (widget);

  if (product_is_shown (self))
    close_gift (self);
  else
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
contact_sent_cb (EweWindow *self)
{
  ewe_window_add_toast (self, adw_toast_new (_("Message sent")));
}

static void
contact_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  EweWindow *self = EWE_WINDOW (widget);
  EweContactDialog *dialog;

  if (self->context == NULL)
    return;

  dialog = ewe_contact_dialog_new (self->context);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "sent", G_CALLBACK (contact_sent_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
close_gift_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  close_gift (EWE_WINDOW (widget));
}

static void
ewe_window_constructed (GObject *object)
{
  EweWindow *self = (EweWindow *)object;

  G_OBJECT_CLASS (ewe_window_parent_class)->constructed (object);

  if (self->context != NULL)
    {
      ewe_account_button_set_context (self->account_button, self->context);
      g_signal_connect_object (self->context, "notify::account",
                               G_CALLBACK (context_account_changed_cb), self, G_CONNECT_SWAPPED);
      context_account_changed_cb (self);

      g_signal_connect_object (self->context, "notify::store",
                               G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->context, "notify::store-error",
                               G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
      store_changed_cb (self);

      g_signal_connect_object (self->context, "notify::sync",
                               G_CALLBACK (sync_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->context, "drafts-found",
                               G_CALLBACK (drafts_found_cb), self, G_CONNECT_SWAPPED);
      sync_changed_cb (self);
    }
  else
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.now", FALSE);
      update_account_actions (self);
      update_sidebar (self);
      update_list_actions (self);
    }
}

static void
ewe_window_dispose (GObject *object)
{
  EweWindow *self = (EweWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_weak_pointer (&self->account_toast);
  close_drafts_dialog (self);
  unbind_title (self);
  if (self->lists_box != NULL)
    gtk_list_box_bind_model (self->lists_box, NULL, NULL, NULL, NULL);
  if (self->deletions != NULL)
    ewe_deletion_queue_commit_all (self->deletions);
  if (self->shown_list != NULL)
    g_signal_handlers_disconnect_by_func (self->shown_list, update_list_actions, self);
  g_clear_weak_pointer (&self->shown_list);
  self->list_page = NULL;
  self->product_page = NULL;
  self->friend_page = NULL;
  self->friends = NULL;
  g_clear_pointer (&self->pending_link, g_free);
  self->lists = NULL;
  self->store = NULL;

  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_clear_object (&self->sync);

  gtk_widget_dispose_template (GTK_WIDGET (self), EWE_TYPE_WINDOW);
  g_clear_object (&self->shown_lists);
  g_clear_object (&self->deletions);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (ewe_window_parent_class)->dispose (object);
}

static void
ewe_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  EweWindow *self = EWE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  EweWindow *self = EWE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_window_class_init (EweWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = ewe_window_constructed;
  object_class->dispose = ewe_window_dispose;
  object_class->get_property = ewe_window_get_property;
  object_class->set_property = ewe_window_set_property;
  window_class->close_request = ewe_window_close_request;

  properties [PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, EWE_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (EWE_TYPE_ACCOUNT_BUTTON);
  g_type_ensure (EWE_TYPE_SYNC_BANNER);
  g_type_ensure (EWE_TYPE_FRIENDS_SIDEBAR);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ewelists/App/ewe-window.ui");
  gtk_widget_class_bind_template_child (widget_class, EweWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, EweWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, EweWindow, account_button);
  gtk_widget_class_bind_template_child (widget_class, EweWindow, content);
  gtk_widget_class_bind_template_child (widget_class, EweWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, EweWindow, sidebar_error);
  gtk_widget_class_bind_template_child (widget_class, EweWindow, lists_box);
  gtk_widget_class_bind_template_child (widget_class, EweWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, EweWindow, list_menu_button);
  gtk_widget_class_bind_template_child (widget_class, EweWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, EweWindow, sync_banner);
  gtk_widget_class_bind_template_child (widget_class, EweWindow, content_sync_banner);
  gtk_widget_class_bind_template_child (widget_class, EweWindow, sync_spinner);
  gtk_widget_class_bind_template_child (widget_class, EweWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, EweWindow, friends_sidebar);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, friends_show_list_cb);
  gtk_widget_class_bind_template_callback (widget_class, friends_show_reservations_cb);

  gtk_widget_class_install_action (widget_class, "account.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "account.create-account", NULL, create_account_action);
  gtk_widget_class_install_action (widget_class, "account.sign-out", NULL, sign_out_action);
  gtk_widget_class_install_action (widget_class, "list.new", NULL, new_list_action);
  gtk_widget_class_install_action (widget_class, "list.edit", NULL, edit_list_action);
  gtk_widget_class_install_action (widget_class, "list.share", NULL, share_list_action);
  gtk_widget_class_install_action (widget_class, "list.add-gift", NULL, add_gift_action);
  gtk_widget_class_install_action (widget_class, "list.close", NULL, close_list_action);
  gtk_widget_class_install_action (widget_class, "list.delete", NULL, delete_list_action);
  gtk_widget_class_install_action (widget_class, "content.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "sync.now", NULL, sync_now_action);
  gtk_widget_class_install_action (widget_class, "content.close-gift", NULL, close_gift_action);
  gtk_widget_class_install_action (widget_class, "help.contact", NULL, contact_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "list.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "sync.now", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "sync.now", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "list.edit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "content.close-gift", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "content.close-gift", NULL);
  gtk_widget_class_install_action (widget_class, "friends.open-link", NULL, open_link_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "friends.open-link", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
ewe_window_init (EweWindow *self)
{
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "friends.open-link", FALSE);

  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (update_back_button),
                           self, G_CONNECT_SWAPPED);
  update_back_button (self);

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

  /* The window remembers its size, as GNOME apps do. */
  self->settings = g_settings_new (APPLICATION_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
}

EweWindow *
ewe_window_new (EweApplication *application)
{
  return g_object_new (EWE_TYPE_WINDOW,
                       "application", application,
                       "context", ewe_application_get_context (application),
                       NULL);
}

EweContext *
ewe_window_get_context (EweWindow *self)
{
  g_return_val_if_fail (EWE_IS_WINDOW (self), NULL);

  return self->context;
}

/* Takes @toast. */
void
ewe_window_add_toast (EweWindow *self,
                      AdwToast  *toast)
{
  g_return_if_fail (EWE_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Selects @list, a live list of the store, in the sidebar and shows it. */
void
ewe_window_select_list (EweWindow *self,
                        EweList   *list)
{
  g_return_if_fail (EWE_IS_WINDOW (self));
  g_return_if_fail (EWE_IS_LIST (list));

  if (self->shown_lists == NULL)
    return;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->shown_lists)); i++)
    {
      g_autoptr(EweList) item = g_list_model_get_item (G_LIST_MODEL (self->shown_lists), i);

      if (item == list)
        {
          gtk_list_box_select_row (self->lists_box, gtk_list_box_get_row_at_index (self->lists_box, i));
          adw_leaflet_set_visible_child (self->leaflet, self->content);
          return;
        }
    }
}

/**
 * ewe_window_get_deletion_queue:
 *
 * Returns: (transfer none) (nullable): what waits to be deleted, with
 *   Undo; %NULL until the store is open
 */
EweDeletionQueue *
ewe_window_get_deletion_queue (EweWindow *self)
{
  g_return_val_if_fail (EWE_IS_WINDOW (self), NULL);

  return self->deletions;
}

/**
 * ewe_window_open_link:
 * @link: a link a friend shared, as the app was launched with
 *
 * Opens @link in the "Open Shared Link" dialog, at once, or as soon as the
 * store is open; a wrong link is pointed at there.
 */
void
ewe_window_open_link (EweWindow  *self,
                      const char *link)
{
  EweOpenLinkDialog *dialog;

  g_return_if_fail (EWE_IS_WINDOW (self));
  g_return_if_fail (link != NULL);

  if (self->friends == NULL)
    {
      g_free (self->pending_link);
      self->pending_link = g_strdup (link);
      return;
    }

  dialog = show_open_link_dialog (self, link);
  ewe_open_link_dialog_open (dialog);
}
