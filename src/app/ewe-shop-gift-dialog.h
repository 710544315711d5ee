/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <adwaita.h>

#include "ewe-gift.h"
#include "ewe-image-cache.h"
#include "ewe-list.h"

G_BEGIN_DECLS

#define EWE_TYPE_SHOP_GIFT_DIALOG (ewe_shop_gift_dialog_get_type ())

G_DECLARE_FINAL_TYPE (EweShopGiftDialog, ewe_shop_gift_dialog, EWE, SHOP_GIFT_DIALOG, AdwWindow)

EweShopGiftDialog *ewe_shop_gift_dialog_new          (GtkWindow          *parent,
                                                      GListModel         *lists,
                                                      EweList            *list,
                                                      EweGift            *found,
                                                      const char * const *pictures,
                                                      EweImageCache      *image_cache);
EweGift           *ewe_shop_gift_dialog_dup_values   (EweShopGiftDialog  *self);
EweList           *ewe_shop_gift_dialog_get_list     (EweShopGiftDialog  *self);

G_END_DECLS
