/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <glib-object.h>

#include "ewe-enums.h"

G_BEGIN_DECLS

#define EWE_TYPE_GIFT (ewe_gift_get_type ())

G_DECLARE_FINAL_TYPE (EweGift, ewe_gift, EWE, GIFT, GObject)

EweGift        *ewe_gift_new              (void);
EweGift        *ewe_gift_copy             (EweGift        *self);
gboolean        ewe_gift_update_from      (EweGift        *self,
                                           EweGift        *other);
const char     *ewe_gift_get_list_id      (EweGift        *self);
void            ewe_gift_set_list_id      (EweGift        *self,
                                           const char     *list_id);
const char     *ewe_gift_get_product_id   (EweGift        *self);
void            ewe_gift_set_product_id   (EweGift        *self,
                                           const char     *product_id);
EweProductType  ewe_gift_get_product_type (EweGift        *self);
void            ewe_gift_set_product_type (EweGift        *self,
                                           EweProductType  product_type);
int             ewe_gift_get_quantity     (EweGift        *self);
void            ewe_gift_set_quantity     (EweGift        *self,
                                           int             quantity);
int             ewe_gift_get_reserved     (EweGift        *self);
void            ewe_gift_set_reserved     (EweGift        *self,
                                           int             reserved);
int             ewe_gift_get_purchased    (EweGift        *self);
void            ewe_gift_set_purchased    (EweGift        *self,
                                           int             purchased);
const char     *ewe_gift_get_notes        (EweGift        *self);
void            ewe_gift_set_notes        (EweGift        *self,
                                           const char     *notes);
gboolean        ewe_gift_get_unlimited    (EweGift        *self);
int             ewe_gift_get_still_wanted (EweGift        *self);
gboolean        ewe_gift_get_most_wanted  (EweGift        *self);
void            ewe_gift_set_most_wanted  (EweGift        *self,
                                           gboolean        most_wanted);
void            ewe_gift_set_unlimited    (EweGift        *self,
                                           gboolean        unlimited);
const char     *ewe_gift_get_brand        (EweGift        *self);
void            ewe_gift_set_brand        (EweGift        *self,
                                           const char     *brand);
const char     *ewe_gift_get_details      (EweGift        *self);
void            ewe_gift_set_details      (EweGift        *self,
                                           const char     *details);
const char     *ewe_gift_get_product_url  (EweGift        *self);
void            ewe_gift_set_product_url  (EweGift        *self,
                                           const char     *product_url);
const char     *ewe_gift_get_image_url    (EweGift        *self);
void            ewe_gift_set_image_url    (EweGift        *self,
                                           const char     *image_url);
const char     *ewe_gift_get_price        (EweGift        *self);
char           *ewe_gift_dup_display_price (EweGift       *self);
void            ewe_gift_set_price        (EweGift        *self,
                                           const char     *price);
const char     *ewe_gift_get_currency     (EweGift        *self);
void            ewe_gift_set_currency     (EweGift        *self,
                                           const char     *currency);
const char     *ewe_gift_get_retailer     (EweGift        *self);
void            ewe_gift_set_retailer     (EweGift        *self,
                                           const char     *retailer);

/* After the event: the owner has it in hand (ewe_store_set_gift_received_async()). */
gboolean        ewe_gift_get_received     (EweGift        *self);
void            ewe_gift_set_received     (EweGift        *self,
                                           gboolean        received);

G_END_DECLS
