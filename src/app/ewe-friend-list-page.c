/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-friend-list-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-friend-list-page.h"
#include "ewe-friend-gift-card.h"
#include "ewe-occasion.h"
#include "ewe-reserve-dialog.h"
#include "ewe-toasts.h"
#include "ewe-widget-utils.h"

/* A friend's list: its header and its gifts as cards that show how many
 * are still wanted (never by whom), each with "Reserve" while some are.
 * The list is read again from its server when shown and on Refresh; when
 * that fails it stays as last seen, with a toast saying why. */

struct _EweFriendListPage
{
  AdwBin           parent_instance;

  /* template widgets */
  AdwToastOverlay *toast_overlay;
  GtkLabel        *title_label;
  GtkLabel        *subtitle_label;
  GtkLabel        *description_label;
  GtkLabel        *closed_label;
  GtkLabel        *archive_note_label;
  GtkStack        *content_stack;
  GtkGridView     *grid_view;

  /* owned */
  EweFriends      *friends;
  EweImageCache   *image_cache;
  EweList         *list;
  GListModel      *gifts;
  GSignalGroup    *list_signals;  /* the list's, while it is shown */
  GSignalGroup    *gifts_signals; /* its gifts', while it is shown */
  GCancellable    *cancellable;   /* the refresh of this list */
  GHashTable      *bound_cards;   /* the cards showing a gift */
};

enum
{
  PROP_0,
  PROP_FRIENDS,
  PROP_IMAGE_CACHE,
  PROP_LIST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  GIFT_ACTIVATED,
  LIST_FORGOTTEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (EweFriendListPage, ewe_friend_list_page, ADW_TYPE_BIN)

static void
add_toast (EweFriendListPage *self,
           const char        *title)
{
  AdwToast *toast = ewe_toast_new_escaped (title);

  adw_toast_set_timeout (toast, 5);
  ewe_toast_overlay_add (self->toast_overlay, toast);
}

static gboolean list_open (EweFriendListPage *self);

static void
update_header (EweFriendListPage *self)
{
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autoptr(GDateTime) event = self->list ? ewe_list_dup_event_datetime (self->list) : NULL;
  const char *occasion = self->list ? ewe_list_get_occasion (self->list) : NULL;
  const char *owner_name = self->list ? ewe_list_get_owner_name (self->list) : NULL;

  /* Whose list it is and when the event is: what a friend looks for
   * first ("Alice’s list · Birthday · 25 December 2026"). */
  if (owner_name != NULL && *owner_name != '\0')
    /* Translators: %s is the name of the list's owner */
    g_string_append_printf (subtitle, _("%s’s list"), owner_name);
  if (occasion != NULL && *occasion != '\0')
    {
      if (subtitle->len > 0)
        g_string_append (subtitle, " · ");
      g_string_append (subtitle, ewe_occasion_label_for_name (occasion));
    }
  if (event != NULL)
    {
      g_autofree char *date = ewe_occasion_format_event_date (event);

      if (subtitle->len > 0)
        g_string_append (subtitle, " · ");
      g_string_append (subtitle, date);
    }

  ewe_label_set_text_or_hide (self->title_label, self->list ? ewe_list_get_title (self->list) : NULL);
  ewe_label_set_text_or_hide (self->subtitle_label, subtitle->str);
  ewe_label_set_text_or_hide (self->description_label, self->list ? ewe_list_get_description (self->list) : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->closed_label), !list_open (self));
  /* Archived after the event: the owner's thanks take the place of the
   * list's invitation. */
  if (self->list != NULL && ewe_list_get_archived (self->list))
    {
      const char *note = ewe_list_get_archive_note (self->list);

      gtk_label_set_text (self->closed_label, _("This list is closed"));
      ewe_label_set_text_or_hide (self->archive_note_label, note != NULL ? note : _("Thank you for your gifts!"));
    }
  else
    {
      gtk_label_set_text (self->closed_label, _("This list is closed and takes no more reservations."));
      gtk_widget_set_visible (GTK_WIDGET (self->archive_note_label), FALSE);
    }
}

static void
update_content (EweFriendListPage *self)
{
  gboolean empty = self->gifts == NULL || g_list_model_get_n_items (self->gifts) == 0;

  gtk_stack_set_visible_child_name (self->content_stack, empty ? "empty" : "gifts");
}

/* --- cards --------------------------------------------------------------- */

static gboolean
list_open (EweFriendListPage *self)
{
  return self->list == NULL ||
         (ewe_list_get_state (self->list) == EWE_LIST_STATE_OPEN && !ewe_list_get_archived (self->list));
}

/* A card's Reserve button. */
static void
card_reserve_cb (EweFriendListPage *self,
                 EweFriendGiftCard *card)
{
  EweGift *gift = ewe_friend_gift_card_get_gift (card);

  if (gift != NULL && ewe_friend_list_page_can_reserve (self, gift))
    ewe_friend_list_page_reserve (self, gift);
}

static void
setup_card_cb (EweFriendListPage        *self,
               GtkListItem              *item,
               GtkSignalListItemFactory *factory)
{
  GtkWidget *card = ewe_friend_gift_card_new (self->image_cache);

  g_signal_connect_object (card, "reserve", G_CALLBACK (card_reserve_cb), self, G_CONNECT_SWAPPED);
  gtk_list_item_set_child (item, card);
  /* Activating the card opens the shop's page; Reserve is its own button. */
  gtk_list_item_set_activatable (item, TRUE);
}

static void
bind_card_cb (EweFriendListPage        *self,
              GtkListItem              *item,
              GtkSignalListItemFactory *factory)
{
  EweFriendGiftCard *card = EWE_FRIEND_GIFT_CARD (gtk_list_item_get_child (item));

  ewe_friend_gift_card_set_list_open (card, list_open (self));
  ewe_friend_gift_card_set_gift (card, gtk_list_item_get_item (item));
  g_hash_table_add (self->bound_cards, card);
}

static void
unbind_card_cb (EweFriendListPage        *self,
                GtkListItem              *item,
                GtkSignalListItemFactory *factory)
{
  EweFriendGiftCard *card = EWE_FRIEND_GIFT_CARD (gtk_list_item_get_child (item));

  if (self->bound_cards != NULL)
    g_hash_table_remove (self->bound_cards, card);
  ewe_friend_gift_card_set_gift (card, NULL);
}

/* A list closed meanwhile takes no more reservations. */
static void
list_changed_cb (EweFriendListPage *self)
{
  GHashTableIter iter;
  gpointer       card;

  update_header (self);

  g_hash_table_iter_init (&iter, self->bound_cards);
  while (g_hash_table_iter_next (&iter, &card, NULL))
    ewe_friend_gift_card_set_list_open (card, list_open (self));
}

/* --- actions ------------------------------------------------------------- */

static void
refresh_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(EweFriendListPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ewe_friends_refresh_finish (EWE_FRIENDS (object), result, &error))
    {
      g_autofree char *title = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* Translators: %s says why, e.g. that the server could not be reached */
      title = g_strdup_printf (_("Showing the list as last seen: %s"), error->message);
      add_toast (self, title);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "friend-list.refresh", self->list != NULL);
}

static void
refresh (EweFriendListPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->list == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "friend-list.refresh", FALSE);
  ewe_friends_refresh_async (self->friends, self->list, self->cancellable, refresh_cb, g_object_ref (self));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  refresh (EWE_FRIEND_LIST_PAGE (widget));
}

static void
reserved_cb (EweFriendListPage *self,
             EweReservation    *reservation,
             EweReserveDialog  *dialog)
{
  EweGift         *gift = ewe_reserve_dialog_get_gift (dialog);
  const char      *details = ewe_gift_get_details (gift);
  g_autofree char *title = NULL;

  /* Translators: %s is the gift just reserved */
  title = g_strdup_printf (_("Reserved “%s”: it is in My Reservations"), details && *details ? details : _("A gift"));
  add_toast (self, title);
}

typedef struct
{
  EweFriendListPage *self;
  char              *title; /* of the list forgotten */
} Forgetting;

static void
forgetting_free (Forgetting *forgetting)
{
  g_clear_object (&forgetting->self);
  g_clear_pointer (&forgetting->title, g_free);
  g_free (forgetting);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Forgetting, forgetting_free)

static void
forgotten_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Forgetting) forgetting = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  GtkWidget       *overlay;
  AdwToast        *toast;

  if (ewe_friends_forget_list_finish (EWE_FRIENDS (object), result, &error))
    return;

  /* Out of the sidebar already; only the file kept it, so it comes back
   * when the app next starts. The page has left the screen with the list:
   * say so in the window's overlay, beside the toast that offered Undo. */
  title = g_strdup_printf (/* Translators: the first %s is a friend's list, the second says why */
                           _("“%s” could not be removed from this computer and will be back next time: %s"),
                              forgetting->title, error->message);
  toast = ewe_toast_new_escaped (title);
  adw_toast_set_timeout (toast, 10);
  overlay = gtk_widget_get_ancestor (GTK_WIDGET (forgetting->self), ADW_TYPE_TOAST_OVERLAY);
  ewe_toast_overlay_add (overlay != NULL ? ADW_TOAST_OVERLAY (overlay) : forgetting->self->toast_overlay, toast);
}

static void
forget_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  EweFriendListPage *self = EWE_FRIEND_LIST_PAGE (widget);
  g_autoptr(EweList) list = NULL;
  g_autofree char *link = NULL;
  Forgetting      *forgetting;

  if (self->list == NULL)
    return;

  list = g_object_ref (self->list);
  link = ewe_friends_dup_link (self->friends, list);
  forgetting = g_new0 (Forgetting, 1);
  forgetting->self = g_object_ref (self);
  forgetting->title = g_strdup (ewe_list_get_title (list));
  ewe_friends_forget_list_async (self->friends, list, NULL, forgotten_cb, forgetting);
  ewe_friend_list_page_set_list (self, NULL);
  g_signal_emit (self, signals[LIST_FORGOTTEN], 0, list, link);
}

static void
grid_activate_cb (EweFriendListPage *self,
                  guint              position,
                  GtkGridView       *grid_view)
{
  g_autoptr(EweGift) gift = NULL;

  if (self->gifts == NULL || (gift = g_list_model_get_item (self->gifts, position)) == NULL)
    return;

  g_signal_emit (self, signals[GIFT_ACTIVATED], 0, gift);
}

/* --- object -------------------------------------------------------------- */

static void
ewe_friend_list_page_dispose (GObject *object)
{
  EweFriendListPage *self = (EweFriendListPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->grid_view != NULL)
    gtk_grid_view_set_model (self->grid_view, NULL);
  /* The toast overlay is both the bin's child and a template child:
   * taken out once, here. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), EWE_TYPE_FRIEND_LIST_PAGE);
  g_clear_object (&self->list_signals);
  g_clear_object (&self->gifts_signals);
  g_clear_object (&self->list);
  g_clear_object (&self->gifts);
  g_clear_object (&self->friends);
  g_clear_object (&self->image_cache);
  g_clear_pointer (&self->bound_cards, g_hash_table_unref);

  G_OBJECT_CLASS (ewe_friend_list_page_parent_class)->dispose (object);
}

static void
ewe_friend_list_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  EweFriendListPage *self = EWE_FRIEND_LIST_PAGE (object);

  switch (prop_id)
    {
    case PROP_FRIENDS:
      g_value_set_object (value, self->friends);
      break;

    case PROP_IMAGE_CACHE:
      g_value_set_object (value, self->image_cache);
      break;

    case PROP_LIST:
      g_value_set_object (value, self->list);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_friend_list_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  EweFriendListPage *self = EWE_FRIEND_LIST_PAGE (object);

  switch (prop_id)
    {
    case PROP_FRIENDS:
      self->friends = g_value_dup_object (value);
      break;

    case PROP_IMAGE_CACHE:
      self->image_cache = g_value_dup_object (value);
      break;

    case PROP_LIST:
      ewe_friend_list_page_set_list (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_friend_list_page_class_init (EweFriendListPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ewe_friend_list_page_dispose;
  object_class->get_property = ewe_friend_list_page_get_property;
  object_class->set_property = ewe_friend_list_page_set_property;

  properties[PROP_FRIENDS] =
    g_param_spec_object ("friends", NULL, NULL, EWE_TYPE_FRIENDS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_IMAGE_CACHE] =
    g_param_spec_object ("image-cache", NULL, NULL, EWE_TYPE_IMAGE_CACHE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LIST] =
    g_param_spec_object ("list", NULL, NULL, EWE_TYPE_LIST,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (EWE_TYPE_FRIEND_GIFT_CARD);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ewelists/App/ewe-friend-list-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EweFriendListPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, EweFriendListPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, EweFriendListPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, EweFriendListPage, description_label);
  gtk_widget_class_bind_template_child (widget_class, EweFriendListPage, closed_label);
  gtk_widget_class_bind_template_child (widget_class, EweFriendListPage, archive_note_label);
  gtk_widget_class_bind_template_child (widget_class, EweFriendListPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, EweFriendListPage, grid_view);

  /**
   * EweFriendListPage::gift-activated:
   * @gift: the gift whose card was activated
   */
  signals[GIFT_ACTIVATED] =
    g_signal_new ("gift-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, EWE_TYPE_GIFT);

  /**
   * EweFriendListPage::list-forgotten:
   * @list: the list taken out of the friends' lists
   * @link: (nullable): its link, to open it again
   */
  signals[LIST_FORGOTTEN] =
    g_signal_new ("list-forgotten",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, EWE_TYPE_LIST, G_TYPE_STRING);

  gtk_widget_class_bind_template_callback (widget_class, grid_activate_cb);
  gtk_widget_class_install_action (widget_class, "friend-list.forget", NULL, forget_action);
  gtk_widget_class_install_action (widget_class, "friend-list.refresh", NULL, refresh_action);
}

static void
ewe_friend_list_page_init (EweFriendListPage *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The header and the cards follow the list shown and its gifts, which
   * a refresh changes in place. */
  self->list_signals = g_signal_group_new (EWE_TYPE_LIST);
  g_signal_group_connect_object (self->list_signals, "notify", G_CALLBACK (list_changed_cb), self, G_CONNECT_SWAPPED);
  self->gifts_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_object (self->gifts_signals, "items-changed", G_CALLBACK (update_content),
                                 self, G_CONNECT_SWAPPED);

  self->bound_cards = g_hash_table_new (NULL, NULL);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_card_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_card_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (unbind_card_cb), self, G_CONNECT_SWAPPED);
  gtk_grid_view_set_factory (self->grid_view, factory);
  g_object_unref (factory);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "friend-list.refresh", FALSE);
  update_header (self);
  update_content (self);
}

GtkWidget *
ewe_friend_list_page_new (EweFriends    *friends,
                          EweImageCache *image_cache)
{
  g_return_val_if_fail (EWE_IS_FRIENDS (friends), NULL);
  g_return_val_if_fail (image_cache == NULL || EWE_IS_IMAGE_CACHE (image_cache), NULL);

  return g_object_new (EWE_TYPE_FRIEND_LIST_PAGE,
                       "friends", friends,
                       "image-cache", image_cache,
                       NULL);
}

EweList *
ewe_friend_list_page_get_list (EweFriendListPage *self)
{
  g_return_val_if_fail (EWE_IS_FRIEND_LIST_PAGE (self), NULL);

  return self->list;
}

/* Shows @list, one of the friends' lists, and reads it again from its
 * server. */
void
ewe_friend_list_page_set_list (EweFriendListPage *self,
                               EweList           *list)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  g_return_if_fail (EWE_IS_FRIEND_LIST_PAGE (self));
  g_return_if_fail (list == NULL || EWE_IS_LIST (list));

  g_set_object (&self->list, list);
  g_clear_object (&self->gifts);

  if (list != NULL)
    {
      self->gifts = g_object_ref (ewe_friends_get_gifts (self->friends, list));
      selection = gtk_no_selection_new (g_object_ref (self->gifts));
    }
  g_signal_group_set_target (self->list_signals, self->list);
  g_signal_group_set_target (self->gifts_signals, self->gifts);
  gtk_grid_view_set_model (self->grid_view, GTK_SELECTION_MODEL (selection));

  update_header (self);
  update_content (self);
  refresh (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIST]);
}

/**
 * ewe_friend_list_page_can_reserve:
 * @gift: a gift of the list shown
 *
 * Whether @gift can still be reserved: the list is open and some of it is
 * still wanted.
 */
gboolean
ewe_friend_list_page_can_reserve (EweFriendListPage *self,
                                  EweGift           *gift)
{
  g_return_val_if_fail (EWE_IS_FRIEND_LIST_PAGE (self), FALSE);
  g_return_val_if_fail (EWE_IS_GIFT (gift), FALSE);

  return self->list != NULL && ewe_list_get_state (self->list) == EWE_LIST_STATE_OPEN &&
         ewe_gift_get_still_wanted (gift) > 0;
}

/**
 * ewe_friend_list_page_reserve:
 * @gift: a gift of the list shown
 *
 * Asks for the name, e-mail and quantity and reserves @gift. Returns the
 * dialog (owned by GTK), whose "reserved" says when it is done.
 */
EweReserveDialog *
ewe_friend_list_page_reserve (EweFriendListPage *self,
                              EweGift           *gift)
{
  EweReserveDialog *dialog;

  g_return_val_if_fail (EWE_IS_FRIEND_LIST_PAGE (self), NULL);
  g_return_val_if_fail (EWE_IS_GIFT (gift), NULL);

  dialog = ewe_reserve_dialog_new (self->friends, gift);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "reserved", G_CALLBACK (reserved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}
