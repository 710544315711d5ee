/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-gift"

#include "config.h"

#include <locale.h>

#include "ewe-gift.h"
#include "ewe-price.h"
#include "ewe-properties-private.h"

/* A gift on a list: how many the owner wants and how many guests reserved
 * or bought (counts the server owns), with the product's own fields copied in
 * so a row can show it without a second lookup. */
struct _EweGift
{
  GObject        parent_instance;

  /* On the list: quantity and notes are the owner's, the counts the server's */
  char          *list_id;
  char          *product_id;
  EweProductType product_type;
  int            quantity;
  int            reserved;
  int            purchased;
  guint          received : 1;
  char          *notes;

  /* The product's own details, copied in */
  char          *brand;
  char          *details;
  char          *product_url;
  char          *image_url;
  char          *price;
  char          *currency;
  char          *retailer;
};

G_DEFINE_FINAL_TYPE (EweGift, ewe_gift, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_LIST_ID,
  PROP_PRODUCT_ID,
  PROP_PRODUCT_TYPE,
  PROP_QUANTITY,
  PROP_RESERVED,
  PROP_PURCHASED,
  PROP_NOTES,
  PROP_BRAND,
  PROP_DETAILS,
  PROP_PRODUCT_URL,
  PROP_IMAGE_URL,
  PROP_PRICE,
  PROP_CURRENCY,
  PROP_RETAILER,
  PROP_RECEIVED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

  properties[PROP_LIST_ID] =
    g_param_spec_string ("list-id", NULL, "The id of the list the gift is on",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_PRODUCT_ID] =
    g_param_spec_string ("product-id", NULL, "The product's id",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_PRODUCT_TYPE] =
    g_param_spec_enum ("product-type", NULL, "Catalogue product or user-added (notfound)",
                       EWE_TYPE_PRODUCT_TYPE, EWE_PRODUCT_TYPE_CATALOGUE,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  properties[PROP_QUANTITY] =
    g_param_spec_int ("quantity", NULL, "How many the owner wants",
                      1, G_MAXINT, 1,
                      (G_PARAM_READWRITE |
                       G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS));

  properties[PROP_RESERVED] =
    g_param_spec_int ("reserved", NULL, "How many guests reserved and have not bought yet",
                      0, G_MAXINT, 0,
                      (G_PARAM_READWRITE |
                       G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS));

  properties[PROP_PURCHASED] =
    g_param_spec_int ("purchased", NULL, "How many guests bought",
                      0, G_MAXINT, 0,
                      (G_PARAM_READWRITE |
                       G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS));

  properties[PROP_NOTES] =
    g_param_spec_string ("notes", NULL, "The owner's notes for guests, or NULL",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_BRAND] =
    g_param_spec_string ("brand", NULL, "The product's brand",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_DETAILS] =
    g_param_spec_string ("details", NULL, "The product's description",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_PRODUCT_URL] =
    g_param_spec_string ("product-url", NULL, "Where to buy the product",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_IMAGE_URL] =
    g_param_spec_string ("image-url", NULL, "The product's picture",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_PRICE] =
    g_param_spec_string ("price", NULL, "The product's price as the shop shows it, or NULL",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /* NULL for pounds, as the original's prices all were. */
  properties[PROP_CURRENCY] =
    g_param_spec_string ("currency", NULL, "The price's ISO 4217 currency code, or NULL for pounds",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_RETAILER] =
    g_param_spec_string ("retailer", NULL, "The shop, or NULL",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_RECEIVED] =
    g_param_spec_boolean ("received", NULL, "Whether the list owner has received it",
                          FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
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
                                     properties, N_PROPS);
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIST_ID]);
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRODUCT_ID]);
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRODUCT_TYPE]);
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUANTITY]);
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESERVED]);
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PURCHASED]);
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTES]);
}

const char *
ewe_gift_get_brand (EweGift *self)
{
  g_return_val_if_fail (EWE_IS_GIFT (self), NULL);

  return self->brand;
}

void
ewe_gift_set_brand (EweGift    *self,
                    const char *brand)
{
  g_return_if_fail (EWE_IS_GIFT (self));

  if (g_strcmp0 (self->brand, brand) == 0)
    return;

  g_free (self->brand);
  self->brand = g_strdup (brand);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BRAND]);
}

const char *
ewe_gift_get_details (EweGift *self)
{
  g_return_val_if_fail (EWE_IS_GIFT (self), NULL);

  return self->details;
}

void
ewe_gift_set_details (EweGift    *self,
                      const char *details)
{
  g_return_if_fail (EWE_IS_GIFT (self));

  if (g_strcmp0 (self->details, details) == 0)
    return;

  g_free (self->details);
  self->details = g_strdup (details);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETAILS]);
}

const char *
ewe_gift_get_product_url (EweGift *self)
{
  g_return_val_if_fail (EWE_IS_GIFT (self), NULL);

  return self->product_url;
}

void
ewe_gift_set_product_url (EweGift    *self,
                          const char *product_url)
{
  g_return_if_fail (EWE_IS_GIFT (self));

  if (g_strcmp0 (self->product_url, product_url) == 0)
    return;

  g_free (self->product_url);
  self->product_url = g_strdup (product_url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRODUCT_URL]);
}

const char *
ewe_gift_get_image_url (EweGift *self)
{
  g_return_val_if_fail (EWE_IS_GIFT (self), NULL);

  return self->image_url;
}

void
ewe_gift_set_image_url (EweGift    *self,
                        const char *image_url)
{
  g_return_if_fail (EWE_IS_GIFT (self));

  if (g_strcmp0 (self->image_url, image_url) == 0)
    return;

  g_free (self->image_url);
  self->image_url = g_strdup (image_url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMAGE_URL]);
}

/* The price as the user reads it: in the currency it came in (pounds for
 * the original's bare amounts), written the way of the user's locale —
 * "£1,299.00", or "1.299,00 €" for a German reader. A price that is no
 * plain amount ("from 20") shows as it was written. Returns %NULL when
 * the gift has no price. */
char *
ewe_gift_dup_display_price (EweGift *self)
{
  g_autofree char *language = NULL;

  g_return_val_if_fail (EWE_IS_GIFT (self), NULL);

  language = ewe_price_language_of_locale (setlocale (LC_MONETARY, NULL));
  return ewe_price_format (self->price, self->currency, language);
}

const char *
ewe_gift_get_price (EweGift *self)
{
  g_return_val_if_fail (EWE_IS_GIFT (self), NULL);

  return self->price;
}

void
ewe_gift_set_price (EweGift    *self,
                    const char *price)
{
  g_return_if_fail (EWE_IS_GIFT (self));

  if (g_strcmp0 (self->price, price) == 0)
    return;

  g_free (self->price);
  self->price = g_strdup (price);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRICE]);
}

const char *
ewe_gift_get_currency (EweGift *self)
{
  g_return_val_if_fail (EWE_IS_GIFT (self), NULL);

  return self->currency;
}

/* Anything but an ISO 4217 code is taken as no currency (pounds). */
void
ewe_gift_set_currency (EweGift    *self,
                       const char *currency)
{
  g_return_if_fail (EWE_IS_GIFT (self));

  if (!ewe_price_currency_is_valid (currency))
    currency = NULL;
  if (g_strcmp0 (self->currency, currency) == 0)
    return;

  g_free (self->currency);
  self->currency = g_strdup (currency);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENCY]);
}

const char *
ewe_gift_get_retailer (EweGift *self)
{
  g_return_val_if_fail (EWE_IS_GIFT (self), NULL);

  return self->retailer;
}

void
ewe_gift_set_retailer (EweGift    *self,
                       const char *retailer)
{
  g_return_if_fail (EWE_IS_GIFT (self));

  if (g_strcmp0 (self->retailer, retailer) == 0)
    return;

  g_free (self->retailer);
  self->retailer = g_strdup (retailer);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETAILER]);
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECEIVED]);
}
