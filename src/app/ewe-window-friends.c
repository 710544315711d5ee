/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

/* Friends' side of EweWindow: the friends' lists in the sidebar, a
 * friend's list and My Reservations in the content, and the Open Shared
 * Link dialog. They live in the store, so they come and go with it. */

#define G_LOG_DOMAIN "ewe-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-reservations-page.h"
#include "ewe-window-private.h"

/* A friend's list or My Reservations replaces the user's own list, or
 * gift, in the content. */
static void
leave_own_lists (EweWindow *self)
{
  _ewe_window_close_gift (self);
  gtk_list_box_unselect_all (self->lists_box);
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
  _ewe_window_bind_title (self, list);
  show_page (self, "friend-list");
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
  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}

/* Friends' lists live in the store: they change with it, at sign-in. */
void
_ewe_window_teardown_friends (EweWindow *self)
{
  const char *shown = gtk_stack_get_visible_child_name (self->content_stack);
  GtkWidget *page;

  if (self->friends == NULL)
    return;

  if (g_strcmp0 (shown, "friend-list") == 0 || g_strcmp0 (shown, "reservations") == 0)
    {
      _ewe_window_unbind_title (self);
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

void
_ewe_window_setup_friends (EweWindow *self)
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

