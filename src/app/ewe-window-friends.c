/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

/* Friends' side of EweWindow: the friends' lists in the sidebar, a
 * friend's list and My Reservations in the content, and the Open Shared
 * Link dialog. They live in the store, so they come and go with it. */

#define G_LOG_DOMAIN "ewe-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-add-to-list-dialog.h"
#include "ewe-reservations-page.h"
#include "ewe-toasts.h"
#include "ewe-window-private.h"

/* A friend's list or My Reservations replaces the user's own list, or
 * gift, in the content. */
static void
leave_own_lists (EweWindow *self)
{
  _ewe_window_close_gift (self);
  gtk_list_box_unselect_all (self->lists_box);
  gtk_list_box_unselect_all (self->archived_box);
  _ewe_window_unbind_title (self);
}

static void
show_page (EweWindow  *self,
           const char *name)
{
  gtk_stack_set_visible_child_name (self->content_stack, name);
  adw_leaflet_set_visible_child (self->leaflet, self->content);
  _ewe_window_update_back_button (self);
}

static void
friends_show_list_cb (EweWindow *self,
                      EweList   *list)
{
  if (self->friend_page == NULL)
    return;

  leave_own_lists (self);
  ewe_friend_list_page_set_list (self->friend_page, list);
  _ewe_window_show_friend_list (self);
}

/* Back from a friend's gift to the friend's list it is on. */
void
_ewe_window_show_friend_list (EweWindow *self)
{
  EweList *list = self->friend_page ? ewe_friend_list_page_get_list (self->friend_page) : NULL;

  if (list == NULL)
    return;

  _ewe_window_bind_title (self, list);
  show_page (self, "friend-list");
  gtk_widget_set_visible (self->list_menu_button, FALSE);
}

static void
friend_gift_activated_cb (EweWindow *self,
                          EweGift   *gift)
{
  /* Without a shop page, what can be done is reserving it. */
  if (ewe_product_page_uri_is_allowed (ewe_gift_get_product_url (gift)))
    _ewe_window_show_gift (self, gift, TRUE);
  else if (ewe_friend_list_page_can_reserve (self->friend_page, gift))
    ewe_friend_list_page_reserve (self->friend_page, gift);
}

static void
reserved_from_product_page_cb (EweWindow *self)
{
  /* The list says what changed, and the toast with it. */
  _ewe_window_close_gift (self);
}

void
_ewe_window_reserve_friend_gift (EweWindow *self,
                                 EweGift   *gift)
{
  EweReserveDialog *dialog;

  if (self->friend_page == NULL || !ewe_friend_list_page_can_reserve (self->friend_page, gift))
    return;

  dialog = ewe_friend_list_page_reserve (self->friend_page, gift);
  g_signal_connect_object (dialog, "reserved", G_CALLBACK (reserved_from_product_page_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

static void
friend_gift_added_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(EweWindow) self = user_data;
  g_autoptr(EweGift) gift = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  gift = ewe_store_add_gift_finish (EWE_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (gift == NULL)
    /* Translators: %s says why, e.g. that the list already has it */
    title = g_strdup_printf (_("Could not add the gift: %s"), error->message);
  else
    {
      EweList *list = ewe_store_lookup_list (EWE_STORE (object), ewe_gift_get_list_id (gift));

      /* Translators: the first %s is a gift, the second one of the user's lists */
      title = g_strdup_printf (_("Added “%s” to “%s”"), ewe_gift_get_details (gift),
                                  list ? ewe_list_get_title (list) : "");
    }
  ewe_window_add_toast (self, ewe_toast_new_escaped (title));
}

static void
add_to_list_cb (EweWindow *self,
                EweList   *list,
                EweGift   *gift)
{
  g_autoptr(EweGift) values = NULL;

  if (self->store == NULL)
    return;

  /* The same product on one of the user's lists: one wanted, no notes. */
  values = ewe_gift_copy (gift);
  ewe_gift_set_quantity (values, 1);
  ewe_gift_set_notes (values, NULL);
  ewe_store_add_gift_async (self->store, list, values, self->cancellable,
                            friend_gift_added_cb, g_object_ref (self));
}

void
_ewe_window_add_friend_gift (EweWindow *self,
                             EweGift   *gift)
{
  EweAddToListDialog *dialog;

  if (self->shown_lists == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->shown_lists)) == 0)
    {
      ewe_window_add_toast (self, ewe_toast_new_escaped (_("Make a list of your own first, then add gifts to it")));
      return;
    }

  dialog = ewe_add_to_list_dialog_new (GTK_WINDOW (self), G_LIST_MODEL (self->shown_lists), gift);
  g_signal_connect_object (dialog, "add", G_CALLBACK (add_to_list_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reopen_forgotten_cb (AdwToast  *toast,
                     EweWindow *self)
{
  const char *link = g_object_get_data (G_OBJECT (toast), "ewe-link");

  ewe_window_open_link (self, link);
}

/* Out of the sidebar: nothing to show, and a way back while the toast is
 * up (the link opens the list again, from its server). */
static void
friend_list_forgotten_cb (EweWindow  *self,
                          EweList    *list,
                          const char *link)
{
  g_autofree char *title = NULL;
  AdwToast        *toast;

  _ewe_window_unbind_title (self);
  adw_window_title_set_title (self->content_title, "");
  gtk_stack_set_visible_child_name (self->content_stack, "none");
  _ewe_window_update_back_button (self);

  /* Translators: %s is a friend's list */
  title = g_strdup_printf (_("Removed “%s” from Friends’ Lists"), ewe_list_get_title (list));
  toast = ewe_toast_new_escaped (title);
  if (link != NULL)
    {
      adw_toast_set_button_label (toast, _("_Undo"));
      g_object_set_data_full (G_OBJECT (toast), "ewe-link", g_strdup (link), g_free);
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (reopen_forgotten_cb), self, 0);
    }
  ewe_window_add_toast (self, toast);
}

static void
friends_show_reservations_cb (EweWindow *self)
{
  if (self->friends == NULL)
    return;

  leave_own_lists (self);
  adw_window_title_set_title (self->content_title, _("My Reservations"));
  show_page (self, "reservations");
}

static void
link_opened_cb (EweWindow         *self,
                EweList           *list,
                EweOpenLinkDialog *dialog)
{
  ewe_friends_sidebar_select_list (self->friends_sidebar, list);
}

EweOpenLinkDialog *
_ewe_window_show_open_link_dialog (EweWindow  *self,
                                   const char *link)
{
  EweOpenLinkDialog *dialog;

  if (self->friends == NULL)
    return NULL;

  dialog = ewe_open_link_dialog_new (self->friends, link);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "opened", G_CALLBACK (link_opened_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "invitation", G_CALLBACK (_ewe_window_accept_invitation), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}

/* The server has a reservation the way the user wanted it, but this
 * computer could not write it down: the user should know before a restart
 * shows it otherwise. */
static void
friends_problem_cb (EweWindow    *self,
                    const GError *error)
{
  AdwToast *toast = ewe_toast_new_escaped (error->message);

  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  ewe_window_add_toast (self, toast);
}

/* Friends' lists live in the store: they change with it, at sign-in. */
void
_ewe_window_teardown_friends (EweWindow *self)
{
  const char *shown = gtk_stack_get_visible_child_name (self->content_stack);
  GtkWidget  *page;

  if (self->friends == NULL)
    return;

  if (self->gift_from_friend)
    {
      _ewe_window_close_gift (self);
      shown = gtk_stack_get_visible_child_name (self->content_stack);
    }

  if (g_strcmp0 (shown, "friend-list") == 0 || g_strcmp0 (shown, "reservations") == 0)
    {
      _ewe_window_unbind_title (self);
      adw_window_title_set_title (self->content_title, "");
      gtk_stack_set_visible_child_name (self->content_stack, "none");
    }

  g_signal_handlers_disconnect_by_func (ewe_friends_get_lists (self->friends), _ewe_window_update_sidebar, self);
  g_signal_handlers_disconnect_by_func (self->friends, friends_problem_cb, self);
  ewe_friends_sidebar_set_friends (self->friends_sidebar, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->friends_sidebar), FALSE);
  gtk_stack_remove (self->content_stack, GTK_WIDGET (self->friend_page));
  if ((page = gtk_stack_get_child_by_name (self->content_stack, "reservations")) != NULL)
    gtk_stack_remove (self->content_stack, page);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "friends.open-link", FALSE);
  self->friend_page = NULL;
  self->friends = NULL;
}

void
_ewe_window_setup_friends (EweWindow *self)
{
  GtkWidget *page;

  self->friends = ewe_session_get_friends (self->session);
  if (self->friends == NULL)
    return;

  page = ewe_friend_list_page_new (self->friends, ewe_session_get_image_cache (self->session));
  self->friend_page = EWE_FRIEND_LIST_PAGE (page);
  g_signal_connect_object (page, "gift-activated", G_CALLBACK (friend_gift_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "list-forgotten", G_CALLBACK (friend_list_forgotten_cb), self, G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->content_stack, page, "friend-list");
  gtk_stack_add_named (self->content_stack, ewe_reservations_page_new (self->friends), "reservations");
  ewe_friends_sidebar_set_friends (self->friends_sidebar, self->friends);
  gtk_widget_set_visible (GTK_WIDGET (self->friends_sidebar), TRUE);
  /* Friends' lists come first while the user has none of their own. */
  g_signal_connect_object (ewe_friends_get_lists (self->friends), "items-changed",
                           G_CALLBACK (_ewe_window_update_sidebar), self, G_CONNECT_SWAPPED);
  _ewe_window_update_sidebar (self);
  g_signal_connect_object (self->friends, "problem", G_CALLBACK (friends_problem_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "friends.open-link", TRUE);

  if (self->pending_link != NULL)
    {
      g_autofree char *link = g_steal_pointer (&self->pending_link);

      ewe_window_open_link (self, link);
    }
}

void
_ewe_window_class_friends_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, friends_show_list_cb);
  gtk_widget_class_bind_template_callback (widget_class, friends_show_reservations_cb);
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

  dialog = _ewe_window_show_open_link_dialog (self, link);
  ewe_open_link_dialog_open (dialog);
}
