/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

/* EweWindow: the class, with its sidebar of the lists, the content beside
 * it (the selected list, or a gift's shop page) and the store behind both.
 * The rest of the window is written in ewe-window-*.c, which
 * ewe-window-private.h lists. */

#define G_LOG_DOMAIN "ewe-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-deletion-queue.h"
#include "ewe-list-row.h"
#include "ewe-toasts.h"
#include "ewe-window-private.h"

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (EweWindow, ewe_window, ADW_TYPE_APPLICATION_WINDOW)

/* --- the sidebar of lists and the content -------------------------------- */

EweList *
_ewe_window_dup_selected_list (EweWindow *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->lists_box);

  if (row == NULL)
    row = gtk_list_box_get_selected_row (self->archived_box);
  if (row == NULL)
    return NULL;

  return g_object_ref (ewe_list_row_get_list (EWE_LIST_ROW (row)));
}

gboolean
_ewe_window_product_is_shown (EweWindow *self)
{
  return self->product_page != NULL &&
         gtk_stack_get_visible_child (self->content_stack) == self->product_page;
}

static void
update_sidebar (EweWindow *self)
{
  const GError *error = self->session ? ewe_session_get_store_error (self->session) : NULL;

  gboolean      own = self->lists != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->shown_lists)) > 0;
  gboolean      drafts = self->drafts_in_sight != NULL && g_list_model_get_n_items (self->drafts_in_sight) > 0;
  gboolean      friends_first = self->lists != NULL && !own && !drafts && self->friends != NULL &&
                           !ewe_session_get_looking_for_drafts (self->session) &&
                           g_list_model_get_n_items (ewe_friends_get_lists (self->friends)) > 0;

  /* A friend with no lists of their own sees their friends' lists first,
   * not a large "No Gift Lists Yet" above them. */
  ewe_friends_sidebar_set_first (self->friends_sidebar, friends_first);
  gtk_widget_set_vexpand (GTK_WIDGET (self->sidebar_stack), !friends_first);
  if (friends_first)
    gtk_box_reorder_child_after (GTK_BOX (self->sidebar), GTK_WIDGET (self->friends_sidebar),
                                 GTK_WIDGET (self->sync_banner));
  else
    gtk_box_reorder_child_after (GTK_BOX (self->sidebar), GTK_WIDGET (self->friends_sidebar),
                                 GTK_WIDGET (self->sidebar_stack));

  if (own)
    gtk_stack_set_visible_child_name (self->sidebar_stack, "lists");
  else if (friends_first)
    gtk_stack_set_visible_child_name (self->sidebar_stack, "empty-small");
  /* Not "No Gift Lists Yet" while the drafts are being asked about, as if
   * they were gone. */
  else if (drafts)
    gtk_stack_set_visible_child_name (self->sidebar_stack, "drafts");
  else if (self->lists != NULL && ewe_session_get_looking_for_drafts (self->session))
    gtk_stack_set_visible_child_name (self->sidebar_stack, "loading");
  else if (self->lists != NULL)
    gtk_stack_set_visible_child_name (self->sidebar_stack, "empty");
  else if (error != NULL)
    gtk_stack_set_visible_child_name (self->sidebar_stack, "error");
  else
    gtk_stack_set_visible_child_name (self->sidebar_stack, "loading");
}

void
_ewe_window_unbind_title (EweWindow *self)
{
  GBinding *binding = self->title_binding;

  if (binding == NULL)
    return;
  g_clear_weak_pointer (&self->title_binding);
  g_binding_unbind (binding);
}

/* The content's title follows @list's, until unbound. */
void
_ewe_window_bind_title (EweWindow *self,
                        EweList   *list)
{
  g_set_weak_pointer (&self->title_binding,
                      g_object_bind_property (list, "title", self->content_title, "title",
                                              G_BINDING_SYNC_CREATE));
}

void
_ewe_window_update_back_button (EweWindow *self)
{
  gboolean product = _ewe_window_product_is_shown (self);

  gtk_widget_set_visible (self->back_button, product || adw_leaflet_get_folded (self->leaflet));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "content.close-gift", product);
  /* Alt+Left and swipes go back to the list first, not to the sidebar. */
  adw_leaflet_set_can_navigate_back (self->leaflet, !product);
}

static void gift_activated_cb (EweWindow *self,
                               EweGift   *gift);
static void remove_gift_cb (EweWindow *self,
                            EweGift   *gift);

/* The list page, with its grid of gifts, is built when a list is first
 * shown: at start the window shows only the sidebar, and building a page
 * nobody sees yet would delay the first frame. */
static void
ensure_list_page (EweWindow *self)
{
  GtkWidget *page;

  if (self->list_page != NULL)
    return;

  page = ewe_list_page_new (self->store, ewe_session_get_image_cache (self->session));
  self->list_page = EWE_LIST_PAGE (page);
  g_settings_bind (self->settings, "surprise-mode", page, "surprise-mode", G_SETTINGS_BIND_GET);
  ewe_list_page_add_filter (self->list_page, ewe_deletion_queue_get_filter (self->deletions));
  g_signal_connect_object (page, "add-gift", G_CALLBACK (_ewe_window_show_gift_editor), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "edit-gift", G_CALLBACK (_ewe_window_edit_gift), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "remove-gift", G_CALLBACK (remove_gift_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "gift-activated", G_CALLBACK (gift_activated_cb), self, G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->content_stack, page, "list");
}

static void
show_list (EweWindow *self,
           EweList   *list)
{
  _ewe_window_unbind_title (self);

  if (self->shown_list != NULL)
    g_signal_handlers_disconnect_by_func (self->shown_list, _ewe_window_update_list_actions, self);
  g_set_weak_pointer (&self->shown_list, list);
  if (list != NULL)
    {
      g_signal_connect_object (list, "notify::state", G_CALLBACK (_ewe_window_update_list_actions), self,
                               G_CONNECT_SWAPPED);
      /* A new list reaches the server keeping its object, with the
       * server's id: Co-owners… needs that id. */
      g_signal_connect_object (list, "notify::id", G_CALLBACK (_ewe_window_update_list_actions), self,
                               G_CONNECT_SWAPPED);
    }

  if (list == NULL || self->store == NULL)
    {
      adw_window_title_set_title (self->content_title, "");
      gtk_stack_set_visible_child_name (self->content_stack, "none");
    }
  else
    {
      ensure_list_page (self);
      ewe_list_page_set_list (self->list_page, list);
      _ewe_window_bind_title (self, list);
      gtk_stack_set_visible_child_name (self->content_stack, "list");
    }

  _ewe_window_update_back_button (self);
  _ewe_window_update_list_actions (self);
}

void
_ewe_window_show_list (EweWindow *self,
                       EweList   *list)
{
  show_list (self, list);
}

void
_ewe_window_close_gift (EweWindow *self)
{
  if (!_ewe_window_product_is_shown (self))
    return;

  /* Stop loading and leave the shop's page: it may play sound or video. */
  ewe_product_page_loader_set_gift (self->product_page, NULL);

  if (self->gift_from_friend)
    {
      self->gift_from_friend = FALSE;
      _ewe_window_show_friend_list (self);
      return;
    }

  show_list (self, self->shown_list);
}

static void
product_page_failed_response_cb (AdwMessageDialog *dialog,
                                 const char       *response,
                                 const char       *uri)
{
  if (g_strcmp0 (response, "open") == 0 && ewe_product_page_uri_is_allowed (uri))
    gtk_show_uri (gtk_window_get_transient_for (GTK_WINDOW (dialog)), uri, GDK_CURRENT_TIME);
}

/* The page's module is missing or broken, and will be until Ewelists is
 * reinstalled: say so, and offer the browser, which can show the page all
 * the same. A dialog rather than a toast: the answer is one click away,
 * and the reason stays on screen for as long as it takes to read. */
static void
product_page_failed (EweWindow    *self,
                     EweGift      *gift,
                     const GError *error)
{
  const char *uri = ewe_gift_get_product_url (gift);
  GtkWidget  *dialog;

  g_debug ("Could not make a product page: %s", error->message);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Shop Pages Cannot Be Shown Here"), error->message);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "close", _("_Close"), "open", _("Open in _Browser"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "open", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "open");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_signal_connect_data (dialog, "response", G_CALLBACK (product_page_failed_response_cb),
                         g_strdup (uri), (GClosureNotify)G_CALLBACK (g_free), 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The product page of a gift: one of the user's own, or, @from_friend,
 * one of a friend's list, with Reserve and Add to My List beside it. The
 * page, and WebKit with it, is loaded the first time one is opened. */
void
_ewe_window_show_gift (EweWindow *self,
                       EweGift   *gift,
                       gboolean   from_friend)
{
  const char *details;

  if (self->product_page == NULL)
    {
      g_autoptr(GError) error = NULL;

      if (_ewe_window_ensure_product_page (self, &error) == NULL)
        {
          product_page_failed (self, gift, error);
          return;
        }
    }

  self->gift_from_friend = from_friend;
  ewe_product_page_loader_set_guest_actions (self->product_page, from_friend);

  _ewe_window_unbind_title (self);
  details = ewe_gift_get_details (gift);
  adw_window_title_set_title (self->content_title, details && *details ? details : _("Unnamed gift"));
  ewe_product_page_loader_set_gift (self->product_page, gift);
  if (from_friend)
    gtk_widget_action_set_enabled (self->product_page, "product-page.reserve",
                                   ewe_friend_list_page_can_reserve (self->friend_page, gift));
  gtk_stack_set_visible_child (self->content_stack, self->product_page);
  gtk_widget_set_visible (self->list_menu_button, FALSE);
  _ewe_window_update_back_button (self);
}

static void
gift_activated_cb (EweWindow *self,
                   EweGift   *gift)
{
  /* A gift with no shop page has nothing to show; its details can still
   * be changed. */
  if (ewe_product_page_uri_is_allowed (ewe_gift_get_product_url (gift)))
    _ewe_window_show_gift (self, gift, FALSE);
  else
    _ewe_window_edit_gift (self, gift);
}

static void
row_selected_cb (EweWindow     *self,
                 GtkListBoxRow *row,
                 GtkListBox    *box)
{
  /* The other section took the selection: it shows its list. */
  if (row == NULL && gtk_list_box_get_selected_row (self->archived_box) != NULL)
    return;
  if (row != NULL)
    {
      ewe_friends_sidebar_unselect_all (self->friends_sidebar);
      gtk_list_box_unselect_all (self->archived_box);
    }
  show_list (self, row ? ewe_list_row_get_list (EWE_LIST_ROW (row)) : NULL);
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

void
_ewe_window_update_sidebar (EweWindow *self)
{
  update_sidebar (self);
}

/* Keeps @drafts (or, %NULL, no longer) in the sidebar while the lists of
 * the account's store are none. */
void
_ewe_window_show_drafts (EweWindow  *self,
                         GListModel *drafts)
{
  if (drafts == self->drafts_in_sight)
    return;

  g_set_object (&self->drafts_in_sight, drafts);
  gtk_list_box_bind_model (self->drafts_box, drafts, drafts ? create_row_cb : NULL, NULL, NULL);
  update_sidebar (self);
}

/* --- the store: lists, deletions with Undo ------------------------------- */

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
  ewe_window_add_toast (self, ewe_toast_new_escaped (title));
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
remove_gift_cb (EweWindow *self,
                EweGift   *gift)
{
  if (self->deletions != NULL)
    ewe_window_add_toast (self, ewe_deletion_queue_remove_gift (self->deletions, gift));
}

/* Lets go of the store shown until now: signing in or out changes it. */
static void
unbind_store (EweWindow *self)
{
  if (self->store == NULL)
    return;

  _ewe_window_unwatch_conflicts (self);

  /* What the toasts offered to undo belongs to this store: done. */
  ewe_deletion_queue_commit_all (self->deletions);
  _ewe_window_teardown_friends (self);
  _ewe_window_close_gift (self);
  show_list (self, NULL);
  g_signal_handlers_disconnect_by_func (self->shown_lists, lists_changed_cb, self);
  _ewe_window_unbind_archive (self);
  if (self->list_page != NULL)
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
  self->store = store;
  self->lists = ewe_store_get_lists (store);
  _ewe_window_watch_conflicts (self);
  self->deletions = ewe_deletion_queue_new (store);
  g_signal_connect_object (self->deletions, "failed", G_CALLBACK (deletion_failed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->deletions, "restored", G_CALLBACK (deletion_restored_cb), self, G_CONNECT_SWAPPED);

  self->shown_lists = gtk_filter_list_model_new (g_object_ref (self->lists),
                                                 g_object_ref (ewe_deletion_queue_get_filter (self->deletions)));
  g_signal_connect_object (self->shown_lists, "items-changed", G_CALLBACK (lists_changed_cb),
                           self, G_CONNECT_SWAPPED);
  _ewe_window_bind_archive (self);
  _ewe_window_setup_friends (self);
}

static void
store_changed_cb (EweWindow *self)
{
  EweStore     *store = ewe_session_get_store (self->session);
  const GError *error = ewe_session_get_store_error (self->session);

  if (store != self->store)
    {
      g_autoptr(EweList) shown = self->store ? _ewe_window_dup_selected_list (self) : NULL;

      /* Signed out or in as someone else: the question no longer applies. */
      _ewe_window_close_drafts_dialog (self);
      _ewe_window_show_drafts (self, NULL);
      /* The list the user was on, to come back to if its drafts move
       * (kept while no store is open between the two). */
      if (self->store != NULL)
        {
          g_clear_pointer (&self->drafts_list_id, g_free);
          if (shown != NULL && ewe_list_is_local (shown))
            self->drafts_list_id = g_strdup (ewe_list_get_id (shown));
        }
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
      ewe_window_add_toast (self, ewe_toast_new_escaped (title));
    }

  update_sidebar (self);
  _ewe_window_update_list_actions (self);
}

/* --- the class ----------------------------------------------------------- */

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
ewe_window_constructed (GObject *object)
{
  EweWindow *self = (EweWindow *)object;

  G_OBJECT_CLASS (ewe_window_parent_class)->constructed (object);

  if (self->session != NULL)
    {
      ewe_account_button_set_session (self->account_button, self->session);
      _ewe_window_actions_watch_account (self);

      g_signal_connect_object (self->session, "notify::store",
                               G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->session, "notify::store-error",
                               G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->session, "notify::looking-for-drafts",
                               G_CALLBACK (update_sidebar), self, G_CONNECT_SWAPPED);
      store_changed_cb (self);

      _ewe_window_sync_watch_session (self);
    }
  else
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.now", FALSE);
      _ewe_window_update_account_actions (self);
      update_sidebar (self);
      _ewe_window_update_list_actions (self);
    }
}

static void
ewe_window_dispose (GObject *object)
{
  EweWindow *self = (EweWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_weak_pointer (&self->account_toast);
  _ewe_window_close_drafts_dialog (self);
  _ewe_window_unbind_title (self);
  _ewe_window_unbind_archive (self);
  if (self->drafts_box != NULL)
    gtk_list_box_bind_model (self->drafts_box, NULL, NULL, NULL, NULL);
  g_clear_object (&self->drafts_in_sight);
  g_clear_pointer (&self->drafts_list_id, g_free);
  if (self->deletions != NULL)
    ewe_deletion_queue_commit_all (self->deletions);
  if (self->shown_list != NULL)
    g_signal_handlers_disconnect_by_func (self->shown_list, _ewe_window_update_list_actions, self);
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
  if (self->live_updates != NULL)
    ewe_live_updates_stop (self->live_updates);
  g_clear_object (&self->live_updates);
  g_clear_object (&self->sync);

  gtk_widget_dispose_template (GTK_WIDGET (self), EWE_TYPE_WINDOW);
  g_clear_object (&self->shown_lists);
  g_clear_object (&self->deletions);
  g_clear_object (&self->settings);
  g_clear_object (&self->session);

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
    case PROP_SESSION:
      g_value_set_object (value, self->session);
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
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_window_class_init (EweWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = ewe_window_constructed;
  object_class->dispose = ewe_window_dispose;
  object_class->get_property = ewe_window_get_property;
  object_class->set_property = ewe_window_set_property;
  window_class->close_request = ewe_window_close_request;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, EWE_TYPE_SESSION,
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
  gtk_widget_class_bind_template_child (widget_class, EweWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, EweWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, EweWindow, list_menu_button);
  gtk_widget_class_bind_template_child (widget_class, EweWindow, list_menu);
  gtk_widget_class_bind_template_child (widget_class, EweWindow, add_gift_button);
  gtk_widget_class_bind_template_child (widget_class, EweWindow, drafts_box);
  gtk_widget_class_bind_template_child (widget_class, EweWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, EweWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, EweWindow, sync_banner);
  gtk_widget_class_bind_template_child (widget_class, EweWindow, content_sync_banner);
  gtk_widget_class_bind_template_child (widget_class, EweWindow, sync_spinner);
  gtk_widget_class_bind_template_child (widget_class, EweWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, EweWindow, friends_sidebar);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  _ewe_window_class_friends_init (widget_class);
  _ewe_window_class_shop_init (widget_class);
  _ewe_window_class_archive_init (widget_class);
  _ewe_window_class_print_init (widget_class);

  _ewe_window_class_actions_init (widget_class);
}

static void
give_menu_cb (GtkMenuButton *button,
              gpointer       menu)
{
  if (gtk_menu_button_get_menu_model (button) == NULL)
    gtk_menu_button_set_menu_model (button, menu);
}

/* A menu button given a menu builds its whole popover at once, before the
 * first frame, for a menu that may never be opened: @button is given
 * @menu when it is first opened instead (by click, keyboard or F10). */
static void
set_menu_on_first_popup (GtkMenuButton *button,
                         GMenuModel    *menu)
{
  gtk_menu_button_set_create_popup_func (button, give_menu_cb, g_object_ref (menu), g_object_unref);
}

static void
ewe_window_init (EweWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (_ewe_window_update_back_button),
                           self, G_CONNECT_SWAPPED);
  _ewe_window_update_back_button (self);

  set_menu_on_first_popup (GTK_MENU_BUTTON (self->primary_menu_button), self->primary_menu);
  set_menu_on_first_popup (GTK_MENU_BUTTON (self->list_menu_button), self->list_menu);

  /* Add Gift is where the list menu is: on the user's own list. */
  g_object_bind_property (self->list_menu_button, "visible", self->add_gift_button, "visible",
                          G_BINDING_SYNC_CREATE);

  _ewe_window_actions_init (self);

  /* The window remembers its size, as GNOME apps do. */
  self->settings = g_settings_new (APPLICATION_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
}

/* --- public -------------------------------------------------------------- */

EweWindow *
ewe_window_new (EweApplication *application)
{
  return g_object_new (EWE_TYPE_WINDOW,
                       "application", application,
                       "session", ewe_application_get_session (application),
                       NULL);
}

EweSession *
ewe_window_get_session (EweWindow *self)
{
  g_return_val_if_fail (EWE_IS_WINDOW (self), NULL);

  return self->session;
}

/* Takes @toast. */
void
ewe_window_add_toast (EweWindow *self,
                      AdwToast  *toast)
{
  g_return_if_fail (EWE_IS_WINDOW (self));

  ewe_toast_overlay_add (self->toast_overlay, toast);
}

/* Selects @list, a live list of the store, in the sidebar and shows it. */
void
ewe_window_select_list (EweWindow *self,
                        EweList   *list)
{
  GtkListBoxRow *row;

  g_return_if_fail (EWE_IS_WINDOW (self));
  g_return_if_fail (EWE_IS_LIST (list));

  if (self->shown_lists == NULL)
    return;

  row = _ewe_window_find_list_row (self, list);
  if (row != NULL)
    {
      gtk_list_box_select_row (GTK_LIST_BOX (gtk_widget_get_parent (GTK_WIDGET (row))), row);
      adw_leaflet_set_visible_child (self->leaflet, self->content);
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
