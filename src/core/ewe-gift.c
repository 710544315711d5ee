/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-gift"

#include "config.h"

#include "ewe-gift-private.h"
#include "ewe-limits.h"
#include "ewe-properties-private.h"

/* A gift on a list: how many the owner wants and how many guests reserved
 * or bought (counts the server owns), with the product's own fields copied in
 * so a row can show it without a second lookup. */

G_DEFINE_FINAL_TYPE (EweGift, ewe_gift, G_TYPE_OBJECT)

GParamSpec *ewe_gift_properties[N_PROPS];

static void
ewe_gift_finalize (GObject *object)
{
  EweGift *self = (EweGift *)object;

  g_clear_pointer (&self->list_id, g_free);
  g_clear_pointer (&self->product_id, g_free);
  g_clear_pointer (&self->notes, g_free);
  g_clear_pointer (&self->brand, g_free);
  g_clear_pointer (&self->details, g_free);
  g_clear_pointer (&self->product_url, g_free);
  g_clear_pointer (&self->image_url, g_free);
  g_clear_pointer (&self->price, g_free);
  g_clear_pointer (&self->currency, g_free);
  g_clear_pointer (&self->retailer, g_free);

  G_OBJECT_CLASS (ewe_gift_parent_class)->finalize (object);
}

static void
ewe_gift_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  EweGift *self = EWE_GIFT (object);

  switch (prop_id)
    {
    case PROP_LIST_ID:
      g_value_set_string (value, self->list_id);
      break;

    case PROP_PRODUCT_ID:
      g_value_set_string (value, self->product_id);
      break;

    case PROP_PRODUCT_TYPE:
      g_value_set_enum (value, self->product_type);
      break;

    case PROP_QUANTITY:
      g_value_set_int (value, self->quantity);
      break;

    case PROP_RESERVED:
      g_value_set_int (value, self->reserved);
      break;

    case PROP_PURCHASED:
      g_value_set_int (value, self->purchased);
      break;

    case PROP_NOTES:
      g_value_set_string (value, self->notes);
      break;

    case PROP_UNLIMITED:
      g_value_set_boolean (value, self->unlimited);
      break;

    case PROP_MOST_WANTED:
      g_value_set_boolean (value, self->most_wanted);
      break;

    case PROP_BRAND:
      g_value_set_string (value, self->brand);
      break;

    case PROP_DETAILS:
      g_value_set_string (value, self->details);
      break;

    case PROP_PRODUCT_URL:
      g_value_set_string (value, self->product_url);
      break;

    case PROP_IMAGE_URL:
      g_value_set_string (value, self->image_url);
      break;

    case PROP_PRICE:
      g_value_set_string (value, self->price);
      break;

    case PROP_CURRENCY:
      g_value_set_string (value, self->currency);
      break;

    case PROP_RETAILER:
      g_value_set_string (value, self->retailer);
      break;

    case PROP_RECEIVED:
      g_value_set_boolean (value, self->received);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_gift_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  EweGift *self = EWE_GIFT (object);

  switch (prop_id)
    {
    case PROP_LIST_ID:
      ewe_gift_set_list_id (self, g_value_get_string (value));
      break;

    case PROP_PRODUCT_ID:
      ewe_gift_set_product_id (self, g_value_get_string (value));
      break;

    case PROP_PRODUCT_TYPE:
      ewe_gift_set_product_type (self, g_value_get_enum (value));
      break;

    case PROP_QUANTITY:
      ewe_gift_set_quantity (self, g_value_get_int (value));
      break;

    case PROP_RESERVED:
      ewe_gift_set_reserved (self, g_value_get_int (value));
      break;

    case PROP_PURCHASED:
      ewe_gift_set_purchased (self, g_value_get_int (value));
      break;

    case PROP_NOTES:
      ewe_gift_set_notes (self, g_value_get_string (value));
      break;

    case PROP_UNLIMITED:
      ewe_gift_set_unlimited (self, g_value_get_boolean (value));
      break;

    case PROP_MOST_WANTED:
      ewe_gift_set_most_wanted (self, g_value_get_boolean (value));
      break;

    case PROP_BRAND:
      ewe_gift_set_brand (self, g_value_get_string (value));
      break;

    case PROP_DETAILS:
      ewe_gift_set_details (self, g_value_get_string (value));
      break;

    case PROP_PRODUCT_URL:
      ewe_gift_set_product_url (self, g_value_get_string (value));
      break;

    case PROP_IMAGE_URL:
      ewe_gift_set_image_url (self, g_value_get_string (value));
      break;

    case PROP_PRICE:
      ewe_gift_set_price (self, g_value_get_string (value));
      break;

    case PROP_CURRENCY:
      ewe_gift_set_currency (self, g_value_get_string (value));
      break;

    case PROP_RETAILER:
      ewe_gift_set_retailer (self, g_value_get_string (value));
      break;

    case PROP_RECEIVED:
      ewe_gift_set_received (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_gift_class_init (EweGiftClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ewe_gift_finalize;
  object_class->get_property = ewe_gift_get_property;
  object_class->set_property = ewe_gift_set_property;

  ewe_gift_properties[PROP_LIST_ID] =
    g_param_spec_string ("list-id", NULL, "The id of the list the gift is on",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  ewe_gift_properties[PROP_PRODUCT_ID] =
    g_param_spec_string ("product-id", NULL, "The product's id",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  ewe_gift_properties[PROP_PRODUCT_TYPE] =
    g_param_spec_enum ("product-type", NULL, "Catalogue product or user-added (notfound)",
                       EWE_TYPE_PRODUCT_TYPE, EWE_PRODUCT_TYPE_CATALOGUE,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  ewe_gift_properties[PROP_QUANTITY] =
    g_param_spec_int ("quantity", NULL, "How many the owner wants",
                      1, G_MAXINT, 1,
                      (G_PARAM_READWRITE |
                       G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS));

  ewe_gift_properties[PROP_RESERVED] =
    g_param_spec_int ("reserved", NULL, "How many guests reserved and have not bought yet",
                      0, G_MAXINT, 0,
                      (G_PARAM_READWRITE |
                       G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS));

  ewe_gift_properties[PROP_PURCHASED] =
    g_param_spec_int ("purchased", NULL, "How many guests bought",
                      0, G_MAXINT, 0,
                      (G_PARAM_READWRITE |
                       G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS));

  ewe_gift_properties[PROP_NOTES] =
    g_param_spec_string ("notes", NULL, "The owner's notes for guests, or NULL",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  ewe_gift_properties[PROP_UNLIMITED] =
    g_param_spec_boolean ("unlimited", NULL, "Whether guests may give as many as they like",
                          FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  ewe_gift_properties[PROP_MOST_WANTED] =
    g_param_spec_boolean ("most-wanted", NULL, "Whether the owner starred it, to be shown first",
                          FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  ewe_gift_properties[PROP_BRAND] =
    g_param_spec_string ("brand", NULL, "The product's brand",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  ewe_gift_properties[PROP_DETAILS] =
    g_param_spec_string ("details", NULL, "The product's description",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  ewe_gift_properties[PROP_PRODUCT_URL] =
    g_param_spec_string ("product-url", NULL, "Where to buy the product",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  ewe_gift_properties[PROP_IMAGE_URL] =
    g_param_spec_string ("image-url", NULL, "The product's picture",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  ewe_gift_properties[PROP_PRICE] =
    g_param_spec_string ("price", NULL, "The product's price as the shop shows it, or NULL",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /* NULL for pounds, as the original's prices all were. */
  ewe_gift_properties[PROP_CURRENCY] =
    g_param_spec_string ("currency", NULL, "The price's ISO 4217 currency code, or NULL for pounds",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  ewe_gift_properties[PROP_RETAILER] =
    g_param_spec_string ("retailer", NULL, "The shop, or NULL",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  ewe_gift_properties[PROP_RECEIVED] =
    g_param_spec_boolean ("received", NULL, "Whether the list owner has received it",
                          FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, ewe_gift_properties);
}

static void
ewe_gift_init (EweGift *self)
{
  self->product_type = EWE_PRODUCT_TYPE_CATALOGUE;
  self->quantity = 1;
}

EweGift *
ewe_gift_new (void)
{
  return g_object_new (EWE_TYPE_GIFT, NULL);
}

/* A detached copy, for handing values to another thread or keeping a
 * snapshot: the copy is never the live object the store updates. */
EweGift *
ewe_gift_copy (EweGift *self)
{
  EweGift *copy;

  g_return_val_if_fail (EWE_IS_GIFT (self), NULL);

  copy = ewe_gift_new ();
  ewe_gift_update_from (copy, self);

  return copy;
}

/* Copies every value of @other into @self, notifying only what changed, so
 * that a widget bound to @self redraws only the fields that did change.
 * Returns whether anything changed. */
gboolean
ewe_gift_update_from (EweGift *self,
                      EweGift *other)
{
  g_return_val_if_fail (EWE_IS_GIFT (self), FALSE);
  g_return_val_if_fail (EWE_IS_GIFT (other), FALSE);

  return ewe_properties_update_from (G_OBJECT (self), G_OBJECT (other),
                                     ewe_gift_properties, N_PROPS);
}

const char *
ewe_gift_get_list_id (EweGift *self)
{
  g_return_val_if_fail (EWE_IS_GIFT (self), NULL);

  return self->list_id;
}

void
ewe_gift_set_list_id (EweGift    *self,
                      const char *list_id)
{
  g_return_if_fail (EWE_IS_GIFT (self));

  if (g_strcmp0 (self->list_id, list_id) == 0)
    return;

  g_free (self->list_id);
  self->list_id = g_strdup (list_id);
  g_object_notify_by_pspec (G_OBJECT (self), ewe_gift_properties[PROP_LIST_ID]);
}

const char *
ewe_gift_get_product_id (EweGift *self)
{
  g_return_val_if_fail (EWE_IS_GIFT (self), NULL);

  return self->product_id;
}

void
ewe_gift_set_product_id (EweGift    *self,
                         const char *product_id)
{
  g_return_if_fail (EWE_IS_GIFT (self));

  if (g_strcmp0 (self->product_id, product_id) == 0)
    return;

  g_free (self->product_id);
  self->product_id = g_strdup (product_id);
  g_object_notify_by_pspec (G_OBJECT (self), ewe_gift_properties[PROP_PRODUCT_ID]);
}

EweProductType
ewe_gift_get_product_type (EweGift *self)
{
  g_return_val_if_fail (EWE_IS_GIFT (self), 0);

  return self->product_type;
}

void
ewe_gift_set_product_type (EweGift       *self,
                           EweProductType product_type)
{
  g_return_if_fail (EWE_IS_GIFT (self));

  if (self->product_type == product_type)
    return;

  self->product_type = product_type;
  g_object_notify_by_pspec (G_OBJECT (self), ewe_gift_properties[PROP_PRODUCT_TYPE]);
}

int
ewe_gift_get_quantity (EweGift *self)
{
  g_return_val_if_fail (EWE_IS_GIFT (self), 0);

  return self->quantity;
}

void
ewe_gift_set_quantity (EweGift *self,
                       int      quantity)
{
  g_return_if_fail (EWE_IS_GIFT (self));
  g_return_if_fail (quantity >= 1);

  if (self->quantity == quantity)
    return;

  self->quantity = quantity;
  g_object_notify_by_pspec (G_OBJECT (self), ewe_gift_properties[PROP_QUANTITY]);
}

int
ewe_gift_get_reserved (EweGift *self)
{
  g_return_val_if_fail (EWE_IS_GIFT (self), 0);

  return self->reserved;
}

void
ewe_gift_set_reserved (EweGift *self,
                       int      reserved)
{
  g_return_if_fail (EWE_IS_GIFT (self));
  g_return_if_fail (reserved >= 0);

  if (self->reserved == reserved)
    return;

  self->reserved = reserved;
  g_object_notify_by_pspec (G_OBJECT (self), ewe_gift_properties[PROP_RESERVED]);
}

int
ewe_gift_get_purchased (EweGift *self)
{
  g_return_val_if_fail (EWE_IS_GIFT (self), 0);

  return self->purchased;
}

void
ewe_gift_set_purchased (EweGift *self,
                        int      purchased)
{
  g_return_if_fail (EWE_IS_GIFT (self));
  g_return_if_fail (purchased >= 0);

  if (self->purchased == purchased)
    return;

  self->purchased = purchased;
  g_object_notify_by_pspec (G_OBJECT (self), ewe_gift_properties[PROP_PURCHASED]);
}

/**
 * ewe_gift_get_still_wanted:
 *
 * Returns: how many more guests may reserve: what the quantity leaves,
 *   or for an unlimited gift as many as one reservation may hold
 */
int
ewe_gift_get_still_wanted (EweGift *self)
{
  g_return_val_if_fail (EWE_IS_GIFT (self), 0);

  if (self->unlimited)
    return EWE_LIMIT_QUANTITY_MAX;

  return MAX (0, self->quantity - self->reserved - self->purchased);
}

gboolean
ewe_gift_get_unlimited (EweGift *self)
{
  g_return_val_if_fail (EWE_IS_GIFT (self), FALSE);

  return self->unlimited;
}

void
ewe_gift_set_unlimited (EweGift *self,
                        gboolean unlimited)
{
  g_return_if_fail (EWE_IS_GIFT (self));

  unlimited = !!unlimited;
  if (self->unlimited == unlimited)
    return;

  self->unlimited = unlimited;
  g_object_notify_by_pspec (G_OBJECT (self), ewe_gift_properties[PROP_UNLIMITED]);
}

gboolean
ewe_gift_get_most_wanted (EweGift *self)
{
  g_return_val_if_fail (EWE_IS_GIFT (self), FALSE);

  return self->most_wanted;
}

void
ewe_gift_set_most_wanted (EweGift *self,
                          gboolean most_wanted)
{
  g_return_if_fail (EWE_IS_GIFT (self));

  most_wanted = !!most_wanted;
  if (self->most_wanted == most_wanted)
    return;

  self->most_wanted = most_wanted;
  g_object_notify_by_pspec (G_OBJECT (self), ewe_gift_properties[PROP_MOST_WANTED]);
}

const char *
ewe_gift_get_notes (EweGift *self)
{
  g_return_val_if_fail (EWE_IS_GIFT (self), NULL);

  return self->notes;
}

void
ewe_gift_set_notes (EweGift    *self,
                    const char *notes)
{
  g_return_if_fail (EWE_IS_GIFT (self));

  if (g_strcmp0 (self->notes, notes) == 0)
    return;

  g_free (self->notes);
  self->notes = g_strdup (notes);
  g_object_notify_by_pspec (G_OBJECT (self), ewe_gift_properties[PROP_NOTES]);
}

gboolean
ewe_gift_get_received (EweGift *self)
{
  g_return_val_if_fail (EWE_IS_GIFT (self), FALSE);

  return self->received;
}

void
ewe_gift_set_received (EweGift *self,
                       gboolean received)
{
  g_return_if_fail (EWE_IS_GIFT (self));

  received = !!received;
  if (self->received == received)
    return;

  self->received = received;
  g_object_notify_by_pspec (G_OBJECT (self), ewe_gift_properties[PROP_RECEIVED]);
}
