/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ewe-gift.h"

G_BEGIN_DECLS

/* Shared by ewe-gift.c (the list's side of a gift, and the class) and
 * ewe-gift-product.c (the product's fields copied in). */

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
  char          *notes;
  gboolean       unlimited; /* "as many as you like": quantity binds no guest */
  gboolean       most_wanted; /* starred by the owner: shown first */
  gboolean       received;    /* the owner has it in hand */

  /* The product's own details, copied in */
  char          *brand;
  char          *details;
  char          *product_url;
  char          *image_url;
  char          *price;
  char          *currency;
  char          *retailer;
};

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
  PROP_UNLIMITED,
  PROP_MOST_WANTED,
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

extern GParamSpec *ewe_gift_properties[N_PROPS];

G_END_DECLS
