/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-gift"

#include "config.h"

#include <locale.h>

#include "ewe-gift-private.h"
#include "ewe-price.h"

/* The product's own fields of a gift, copied in from the catalogue or the
 * shop's page: the gift's other half, apart from what the list says of
 * it (ewe-gift.c). */

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
  g_object_notify_by_pspec (G_OBJECT (self), ewe_gift_properties[PROP_BRAND]);
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
  g_object_notify_by_pspec (G_OBJECT (self), ewe_gift_properties[PROP_DETAILS]);
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
  g_object_notify_by_pspec (G_OBJECT (self), ewe_gift_properties[PROP_PRODUCT_URL]);
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
  g_object_notify_by_pspec (G_OBJECT (self), ewe_gift_properties[PROP_IMAGE_URL]);
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
  g_object_notify_by_pspec (G_OBJECT (self), ewe_gift_properties[PROP_PRICE]);
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
  g_object_notify_by_pspec (G_OBJECT (self), ewe_gift_properties[PROP_CURRENCY]);
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
  g_object_notify_by_pspec (G_OBJECT (self), ewe_gift_properties[PROP_RETAILER]);
}
