/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-gift-card"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-gift-card-private.h"

/* One gift in the list's grid. The grid recycles cards as it scrolls, so
 * a card is cheap to rebind: a handful of labels updated from the gift's
 * notify signal, and a picture that comes from a small in-memory cache of
 * decoded textures, else from EweImageCache and a decoding thread.
 *
 * Every card has the same size, and the card places its children itself:
 * a picture on top, then one ellipsised line per text. Its size is known
 * without measuring its text, so a card rebound while scrolling costs its
 * new text's layout and nothing more (GtkGridView measures every card it
 * shows in each frame; a box of wrapping labels re-measured them all).
 *
 * Here: the object, following its gift, the menu and the actions. The
 * picture is in ewe-gift-card-picture.c; the shadow, drawn once for all
 * cards, in ewe-gift-card-shadow.c; the text
 * lines and the layout in ewe-gift-card-text.c. */

G_DEFINE_FINAL_TYPE (EweGiftCard, ewe_gift_card, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_GIFT,
  PROP_IMAGE_CACHE,
  PROP_SURPRISE_MODE,
  PROP_IMAGE_LOADED,
  PROP_EDITABLE,
  PROP_RESERVABLE,
  PROP_LIST_OPEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  EDIT,
  REMOVE,
  RESERVE,
  TOGGLE_MOST_WANTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* --- following the gift ------------------------------------------------------ */

void
ewe_gift_card_set_image_loaded (EweGiftCard *self,
                                gboolean     loaded)
{
  if (self->image_loaded == !!loaded)
    return;

  self->image_loaded = !!loaded;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMAGE_LOADED]);
}

/* Pictures were decoded for the old scale factor: decode them again. */
static void
scale_factor_changed_cb (EweGiftCard *self)
{
  /* Lines are measured again too. */
  self->metrics_valid = FALSE;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_clear_pointer (&self->image_url, g_free);
  ewe_gift_card_update_image (self);
}

static void
gift_notify_cb (EweGiftCard *self,
                GParamSpec  *pspec,
                EweGift     *gift)
{
  if (g_str_equal (pspec->name, "image-url"))
    ewe_gift_card_update_image (self);
  else
    ewe_gift_card_update_labels (self);
}

/* --- GObject ----------------------------------------------------------------- */

static void
ewe_gift_card_realize (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ewe_gift_card_parent_class)->realize (widget);

  /* Now the renderer is known. */
  ewe_gift_card_update_shadow_mode (EWE_GIFT_CARD (widget));
  ewe_gift_card_update_image_paintable (EWE_GIFT_CARD (widget));
}

static void
ewe_gift_card_dispose (GObject *object)
{
  EweGiftCard *self = (EweGiftCard *)object;
  GtkWidget   *child;

  g_cancellable_cancel (self->image_cancellable);
  g_clear_object (&self->image_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), EWE_TYPE_GIFT_CARD);
  /* A plain GtkWidget owns its children: unparent what the template made. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_object (&self->gift_signals);
  g_clear_object (&self->gift);
  g_clear_object (&self->image_cache);
  g_clear_pointer (&self->image_url, g_free);
  g_clear_pointer (&self->accessible_label, g_free);
  g_clear_pointer (&self->reserve_label, g_free);

  G_OBJECT_CLASS (ewe_gift_card_parent_class)->dispose (object);
}

static void
ewe_gift_card_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  EweGiftCard *self = EWE_GIFT_CARD (object);

  switch (prop_id)
    {
    case PROP_GIFT:
      g_value_set_object (value, self->gift);
      break;

    case PROP_IMAGE_CACHE:
      g_value_set_object (value, self->image_cache);
      break;

    case PROP_SURPRISE_MODE:
      g_value_set_boolean (value, self->surprise_mode);
      break;

    case PROP_IMAGE_LOADED:
      g_value_set_boolean (value, self->image_loaded);
      break;

    case PROP_EDITABLE:
      g_value_set_boolean (value, self->editable);
      break;

    case PROP_RESERVABLE:
      g_value_set_boolean (value, self->reservable);
      break;

    case PROP_LIST_OPEN:
      g_value_set_boolean (value, self->list_open);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_gift_card_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  EweGiftCard *self = EWE_GIFT_CARD (object);

  switch (prop_id)
    {
    case PROP_GIFT:
      ewe_gift_card_set_gift (self, g_value_get_object (value));
      break;

    case PROP_IMAGE_CACHE:
      ewe_gift_card_set_image_cache (self, g_value_get_object (value));
      break;

    case PROP_SURPRISE_MODE:
      ewe_gift_card_set_surprise_mode (self, g_value_get_boolean (value));
      break;

    case PROP_EDITABLE:
      ewe_gift_card_set_editable (self, g_value_get_boolean (value));
      break;

    case PROP_RESERVABLE:
      ewe_gift_card_set_reservable (self, g_value_get_boolean (value));
      break;

    case PROP_LIST_OPEN:
      ewe_gift_card_set_list_open (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_signal_emit (widget, signals[EDIT], 0);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_signal_emit (widget, signals[REMOVE], 0);
}

static void
toggle_most_wanted_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  g_signal_emit (widget, signals[TOGGLE_MOST_WANTED], 0);
}

static void
reserve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  g_signal_emit (widget, signals[RESERVE], 0);
}

/* --- the menu ---------------------------------------------------------------- */

/* One menu model for every card; its popover is made for the card whose
 * menu is opened, when it is opened. The grid keeps ~160 cards, most
 * never opened. */
static GMenuModel *
gift_menu (void)
{
  static GMenu *menu;

  if (menu == NULL)
    {
      g_autoptr(GMenu) section = g_menu_new ();

      g_menu_append (section, _("_Edit Quantity and Notes…"), "gift.edit");
      g_menu_append (section, _("_Remove From List"), "gift.remove");
      menu = g_menu_new ();
      g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
    }

  return G_MENU_MODEL (menu);
}

static void
create_popup_cb (GtkMenuButton *button,
                 gpointer       user_data)
{
  if (gtk_menu_button_get_popover (button) == NULL)
    gtk_menu_button_set_menu_model (button, gift_menu ());
}

/* A tooltip only when hovered: a set tooltip text costs every card. */
static gboolean
menu_button_query_tooltip_cb (GtkWidget  *button,
                              int         x,
                              int         y,
                              gboolean    keyboard_mode,
                              GtkTooltip *tooltip)
{
  gtk_tooltip_set_text (tooltip, _("Gift Menu"));

  return TRUE;
}

/* A right click, or a long press on a touch screen, opens the same menu
 * as the card's button. */
static void
secondary_pressed_cb (EweGiftCard     *self,
                      int              n_press,
                      double           x,
                      double           y,
                      GtkGestureClick *gesture)
{
  if (self->gift == NULL)
    return;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_menu_button_popup (self->menu_button);
}

static void
long_pressed_cb (EweGiftCard         *self,
                 double               x,
                 double               y,
                 GtkGestureLongPress *gesture)
{
  if (self->gift == NULL)
    return;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_menu_button_popup (self->menu_button);
}

static void
ewe_gift_card_class_init (EweGiftCardClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ewe_gift_card_dispose;
  object_class->get_property = ewe_gift_card_get_property;
  object_class->set_property = ewe_gift_card_set_property;

  widget_class->realize = ewe_gift_card_realize;
  widget_class->snapshot = ewe_gift_card_snapshot;
  widget_class->measure = ewe_gift_card_measure;
  widget_class->size_allocate = ewe_gift_card_size_allocate;
  widget_class->get_request_mode = ewe_gift_card_get_request_mode;

  properties[PROP_GIFT] =
    g_param_spec_object ("gift", NULL, NULL,
                         EWE_TYPE_GIFT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Settable after construction: a card inside another's template is
   * made before its owner is given the cache. */
  properties[PROP_IMAGE_CACHE] =
    g_param_spec_object ("image-cache", NULL, NULL,
                         EWE_TYPE_IMAGE_CACHE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SURPRISE_MODE] =
    g_param_spec_boolean ("surprise-mode", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_IMAGE_LOADED] =
    g_param_spec_boolean ("image-loaded", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* The owner's card has a menu to edit or remove the gift; a friend's
   * list is not theirs to change. */
  properties[PROP_EDITABLE] =
    g_param_spec_boolean ("editable", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* A friend's card has a Reserve button, or says that all are taken. */
  properties[PROP_RESERVABLE] =
    g_param_spec_boolean ("reservable", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Whether the gift's list takes reservations: a closed one does not. */
  properties[PROP_LIST_OPEN] =
    g_param_spec_boolean ("list-open", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ewelists/App/ewe-gift-card.ui");
  gtk_widget_class_bind_template_child (widget_class, EweGiftCard, shadow);
  gtk_widget_class_bind_template_child (widget_class, EweGiftCard, picture);
  gtk_widget_class_bind_template_child (widget_class, EweGiftCard, placeholder);
  gtk_widget_class_bind_template_child (widget_class, EweGiftCard, taken_badge);
  gtk_widget_class_bind_template_child (widget_class, EweGiftCard, brand_label);
  gtk_widget_class_bind_template_child (widget_class, EweGiftCard, details_label);
  gtk_widget_class_bind_template_child (widget_class, EweGiftCard, price_label);
  gtk_widget_class_bind_template_child (widget_class, EweGiftCard, wanted_label);
  gtk_widget_class_bind_template_child (widget_class, EweGiftCard, counts_label);
  gtk_widget_class_bind_template_child (widget_class, EweGiftCard, notes_label);
  gtk_widget_class_bind_template_child (widget_class, EweGiftCard, reserve_button);
  gtk_widget_class_bind_template_child (widget_class, EweGiftCard, taken_label);
  gtk_widget_class_bind_template_child (widget_class, EweGiftCard, menu_button);
  gtk_widget_class_bind_template_child (widget_class, EweGiftCard, star_button);

  /**
   * EweGiftCard::edit:
   *
   * The user asked to change the gift's quantity or notes.
   */
  signals[EDIT] =
    g_signal_new ("edit",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * EweGiftCard::remove:
   *
   * The user asked to remove the gift from its list.
   */
  signals[REMOVE] =
    g_signal_new ("remove",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * EweGiftCard::toggle-most-wanted:
   *
   * The owner pressed the star, to make the gift most wanted or not.
   */
  signals[TOGGLE_MOST_WANTED] =
    g_signal_new ("toggle-most-wanted",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * EweGiftCard::reserve:
   *
   * The user asked to reserve the gift, from its Reserve button.
   */
  signals[RESERVE] =
    g_signal_new ("reserve",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "card.reserve", NULL, reserve_action);
  gtk_widget_class_install_action (widget_class, "gift.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "gift.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "gift.toggle-most-wanted", NULL, toggle_most_wanted_action);
  gtk_widget_class_set_css_name (widget_class, "giftcard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ewe_gift_card_init (EweGiftCard *self)
{
  GtkGesture  *gesture;

  GtkSettings *settings;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Only a shadow: nothing to say, nothing to reach. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->shadow), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  /* Shown on taken gifts only (ewe-gift-card-text.c). */
  gtk_widget_set_child_visible (GTK_WIDGET (self->taken_badge), FALSE);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->taken_badge), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  self->gift_signals = g_signal_group_new (EWE_TYPE_GIFT);
  g_signal_group_connect_object (self->gift_signals, "notify", G_CALLBACK (gift_notify_cb), self, G_CONNECT_SWAPPED);
  self->lines[LINE_BRAND] = GTK_WIDGET (self->brand_label);
  self->lines[LINE_DETAILS] = GTK_WIDGET (self->details_label);
  self->lines[LINE_PRICE] = GTK_WIDGET (self->price_label);
  self->lines[LINE_WANTED] = GTK_WIDGET (self->wanted_label);
  self->lines[LINE_COUNTS] = GTK_WIDGET (self->counts_label);
  self->lines[LINE_NOTES] = GTK_WIDGET (self->notes_label);

  /* A line is as high as its font: measured again when that changes. */
  settings = gtk_widget_get_settings (GTK_WIDGET (self));
  g_signal_connect_object (settings, "notify::gtk-font-name", G_CALLBACK (ewe_gift_card_invalidate_metrics), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "notify::gtk-xft-dpi", G_CALLBACK (ewe_gift_card_invalidate_metrics), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (ewe_gift_card_query_tooltip_cb), NULL);

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect_object (gesture, "pressed", G_CALLBACK (secondary_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_long_press_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (gesture), TRUE);
  g_signal_connect_object (gesture, "pressed", G_CALLBACK (long_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));
  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (scale_factor_changed_cb), NULL);
  gtk_menu_button_set_create_popup_func (self->menu_button, create_popup_cb, NULL, NULL);
  g_signal_connect (self->menu_button, "query-tooltip", G_CALLBACK (menu_button_query_tooltip_cb), NULL);
  self->editable = TRUE;
  self->list_open = TRUE;
  ewe_gift_card_update_labels (self);
}

/**
 * ewe_gift_card_new:
 * @image_cache: (nullable): where pictures come from; without one the card
 *   shows a placeholder
 */
GtkWidget *
ewe_gift_card_new (EweImageCache *image_cache)
{
  g_return_val_if_fail (!image_cache || EWE_IS_IMAGE_CACHE (image_cache), NULL);

  return g_object_new (EWE_TYPE_GIFT_CARD,
                       "image-cache", image_cache,
                       NULL);
}

EweGift *
ewe_gift_card_get_gift (EweGiftCard *self)
{
  g_return_val_if_fail (EWE_IS_GIFT_CARD (self), NULL);

  return self->gift;
}

/**
 * ewe_gift_card_set_gift:
 * @gift: (nullable): the gift to show; %NULL stops following the last one
 *   and leaves what the card shows until the next
 */
void
ewe_gift_card_set_gift (EweGiftCard *self,
                        EweGift     *gift)
{
  g_return_if_fail (EWE_IS_GIFT_CARD (self));
  g_return_if_fail (!gift || EWE_IS_GIFT (gift));

  if (self->gift == gift)
    return;

  /* The store changes its gifts in place: follow the one shown. */
  g_set_object (&self->gift, gift);
  g_signal_group_set_target (self->gift_signals, gift);

  if (gift == NULL)
    {
      /* A grid unbinds a card it scrolled away and binds it to another
       * gift in the same frame: clearing its text and picture here would
       * only make it lay them out again. Stop what was loading. */
      g_cancellable_cancel (self->image_cancellable);
      g_clear_object (&self->image_cancellable);
    }
  else
    {
      ewe_gift_card_update_labels (self);
      ewe_gift_card_update_image (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GIFT]);
}

EweImageCache *
ewe_gift_card_get_image_cache (EweGiftCard *self)
{
  g_return_val_if_fail (EWE_IS_GIFT_CARD (self), NULL);

  return self->image_cache;
}

/**
 * ewe_gift_card_set_image_cache:
 * @image_cache: (nullable): where pictures come from; without one the card
 *   shows a placeholder
 */
void
ewe_gift_card_set_image_cache (EweGiftCard   *self,
                               EweImageCache *image_cache)
{
  g_return_if_fail (EWE_IS_GIFT_CARD (self));
  g_return_if_fail (!image_cache || EWE_IS_IMAGE_CACHE (image_cache));

  if (!g_set_object (&self->image_cache, image_cache))
    return;

  /* What loaded from the old cache, or did not load without one. */
  g_clear_pointer (&self->image_url, g_free);
  ewe_gift_card_update_image (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMAGE_CACHE]);
}

gboolean
ewe_gift_card_get_surprise_mode (EweGiftCard *self)
{
  g_return_val_if_fail (EWE_IS_GIFT_CARD (self), FALSE);

  return self->surprise_mode;
}

/* In surprise mode the owner does not see what guests reserved or bought. */
void
ewe_gift_card_set_surprise_mode (EweGiftCard *self,
                                 gboolean     surprise_mode)
{
  g_return_if_fail (EWE_IS_GIFT_CARD (self));

  surprise_mode = !!surprise_mode;
  if (self->surprise_mode == surprise_mode)
    return;

  self->surprise_mode = surprise_mode;
  ewe_gift_card_update_labels (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SURPRISE_MODE]);
}

gboolean
ewe_gift_card_get_image_loaded (EweGiftCard *self)
{
  g_return_val_if_fail (EWE_IS_GIFT_CARD (self), FALSE);

  return self->image_loaded;
}

gboolean
ewe_gift_card_get_editable (EweGiftCard *self)
{
  g_return_val_if_fail (EWE_IS_GIFT_CARD (self), FALSE);

  return self->editable;
}

void
ewe_gift_card_set_editable (EweGiftCard *self,
                            gboolean     editable)
{
  g_return_if_fail (EWE_IS_GIFT_CARD (self));

  editable = !!editable;
  if (self->editable == editable)
    return;

  self->editable = editable;
  gtk_widget_set_visible (GTK_WIDGET (self->menu_button), editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gift.edit", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gift.remove", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gift.toggle-most-wanted", editable);
  ewe_gift_card_update_labels (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITABLE]);
}

gboolean
ewe_gift_card_get_reservable (EweGiftCard *self)
{
  g_return_val_if_fail (EWE_IS_GIFT_CARD (self), FALSE);

  return self->reservable;
}

void
ewe_gift_card_set_reservable (EweGiftCard *self,
                              gboolean     reservable)
{
  g_return_if_fail (EWE_IS_GIFT_CARD (self));

  reservable = !!reservable;
  if (self->reservable == reservable)
    return;

  self->reservable = reservable;
  gtk_widget_set_visible (self->reserve_button, reservable);
  gtk_widget_set_visible (GTK_WIDGET (self->taken_label), reservable);
  /* The card grows by the Reserve line, or loses it. */
  self->metrics_valid = FALSE;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  ewe_gift_card_update_labels (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESERVABLE]);
}

gboolean
ewe_gift_card_get_list_open (EweGiftCard *self)
{
  g_return_val_if_fail (EWE_IS_GIFT_CARD (self), FALSE);

  return self->list_open;
}

void
ewe_gift_card_set_list_open (EweGiftCard *self,
                             gboolean     list_open)
{
  g_return_if_fail (EWE_IS_GIFT_CARD (self));

  list_open = !!list_open;
  if (self->list_open == list_open)
    return;

  self->list_open = list_open;
  ewe_gift_card_update_labels (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIST_OPEN]);
}

/* Whether the card offers Reserve now: reservable, the list open and
 * some of the gift still wanted. */
gboolean
ewe_gift_card_get_can_reserve (EweGiftCard *self)
{
  g_return_val_if_fail (EWE_IS_GIFT_CARD (self), FALSE);

  return self->reservable && gtk_widget_get_child_visible (self->reserve_button);
}
