/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-friend-gift-card"

#include "config.h"

#include "ewe-friend-gift-card.h"
#include "ewe-gift-card.h"

/* A gift card as a friend's list shows it (ewe-friend-gift-card.ui says
 * how it differs from the owner's). It is one gift card and nothing more:
 * the card measures and lays itself out, so the grid's cost per card is
 * unchanged but for this one level. */

struct _EweFriendGiftCard
{
  GtkWidget    parent_instance;

  /* template widgets */
  EweGiftCard *card;
};

enum
{
  PROP_0,
  PROP_GIFT,
  PROP_IMAGE_CACHE,
  PROP_LIST_OPEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  RESERVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (EweFriendGiftCard, ewe_friend_gift_card, GTK_TYPE_WIDGET)

static void
reserve_cb (EweFriendGiftCard *self)
{
  g_signal_emit (self, signals[RESERVE], 0);
}

static void
ewe_friend_gift_card_dispose (GObject *object)
{
  EweFriendGiftCard *self = (EweFriendGiftCard *)object;
  GtkWidget         *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), EWE_TYPE_FRIEND_GIFT_CARD);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ewe_friend_gift_card_parent_class)->dispose (object);
}

static void
ewe_friend_gift_card_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  EweFriendGiftCard *self = EWE_FRIEND_GIFT_CARD (object);

  switch (prop_id)
    {
    case PROP_GIFT:
      g_value_set_object (value, ewe_gift_card_get_gift (self->card));
      break;

    case PROP_IMAGE_CACHE:
      g_value_set_object (value, ewe_gift_card_get_image_cache (self->card));
      break;

    case PROP_LIST_OPEN:
      g_value_set_boolean (value, ewe_gift_card_get_list_open (self->card));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_friend_gift_card_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  EweFriendGiftCard *self = EWE_FRIEND_GIFT_CARD (object);

  switch (prop_id)
    {
    case PROP_GIFT:
      ewe_friend_gift_card_set_gift (self, g_value_get_object (value));
      break;

    case PROP_IMAGE_CACHE:
      ewe_gift_card_set_image_cache (self->card, g_value_get_object (value));
      break;

    case PROP_LIST_OPEN:
      ewe_friend_gift_card_set_list_open (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_friend_gift_card_class_init (EweFriendGiftCardClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ewe_friend_gift_card_dispose;
  object_class->get_property = ewe_friend_gift_card_get_property;
  object_class->set_property = ewe_friend_gift_card_set_property;

  properties[PROP_GIFT] =
    g_param_spec_object ("gift", NULL, NULL,
                         EWE_TYPE_GIFT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_IMAGE_CACHE] =
    g_param_spec_object ("image-cache", NULL, NULL,
                         EWE_TYPE_IMAGE_CACHE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /* Whether the friend's list takes reservations: a closed one does not. */
  properties[PROP_LIST_OPEN] =
    g_param_spec_boolean ("list-open", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EweFriendGiftCard::reserve:
   *
   * The user asked to reserve the gift, from its Reserve button.
   */
  signals[RESERVE] =
    g_signal_new ("reserve",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  g_type_ensure (EWE_TYPE_GIFT_CARD);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/ewelists/App/ewe-friend-gift-card.ui");
  gtk_widget_class_bind_template_child (widget_class, EweFriendGiftCard, card);
  gtk_widget_class_bind_template_callback (widget_class, reserve_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ewe_friend_gift_card_init (EweFriendGiftCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ewe_friend_gift_card_new:
 * @image_cache: (nullable): where pictures come from; without one the card
 *   shows a placeholder
 */
GtkWidget *
ewe_friend_gift_card_new (EweImageCache *image_cache)
{
  g_return_val_if_fail (!image_cache || EWE_IS_IMAGE_CACHE (image_cache), NULL);

  return g_object_new (EWE_TYPE_FRIEND_GIFT_CARD,
                       "image-cache", image_cache,
                       NULL);
}

EweGift *
ewe_friend_gift_card_get_gift (EweFriendGiftCard *self)
{
  g_return_val_if_fail (EWE_IS_FRIEND_GIFT_CARD (self), NULL);

  return ewe_gift_card_get_gift (self->card);
}

/**
 * ewe_friend_gift_card_set_gift:
 * @gift: (nullable): the gift to show; %NULL stops following the last one
 */
void
ewe_friend_gift_card_set_gift (EweFriendGiftCard *self,
                               EweGift           *gift)
{
  g_return_if_fail (EWE_IS_FRIEND_GIFT_CARD (self));
  g_return_if_fail (!gift || EWE_IS_GIFT (gift));

  if (ewe_gift_card_get_gift (self->card) == gift)
    return;

  ewe_gift_card_set_gift (self->card, gift);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GIFT]);
}

gboolean
ewe_friend_gift_card_get_list_open (EweFriendGiftCard *self)
{
  g_return_val_if_fail (EWE_IS_FRIEND_GIFT_CARD (self), FALSE);

  return ewe_gift_card_get_list_open (self->card);
}

void
ewe_friend_gift_card_set_list_open (EweFriendGiftCard *self,
                                    gboolean           list_open)
{
  g_return_if_fail (EWE_IS_FRIEND_GIFT_CARD (self));

  if (ewe_gift_card_get_list_open (self->card) == !!list_open)
    return;

  ewe_gift_card_set_list_open (self->card, list_open);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIST_OPEN]);
}
