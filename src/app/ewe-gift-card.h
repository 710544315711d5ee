/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gtk/gtk.h>

#include "ewe-gift.h"
#include "ewe-image-cache.h"

G_BEGIN_DECLS

#define EWE_TYPE_GIFT_CARD (ewe_gift_card_get_type ())

G_DECLARE_FINAL_TYPE (EweGiftCard, ewe_gift_card, EWE, GIFT_CARD, GtkWidget)

GtkWidget *ewe_gift_card_new               (EweImageCache *image_cache);
EweGift   *ewe_gift_card_get_gift          (EweGiftCard   *self);
void       ewe_gift_card_set_gift          (EweGiftCard   *self,
                                            EweGift       *gift);
EweImageCache *ewe_gift_card_get_image_cache (EweGiftCard   *self);
void       ewe_gift_card_set_image_cache   (EweGiftCard   *self,
                                            EweImageCache *image_cache);
gboolean   ewe_gift_card_get_surprise_mode (EweGiftCard   *self);
void       ewe_gift_card_set_surprise_mode (EweGiftCard   *self,
                                            gboolean       surprise_mode);
gboolean   ewe_gift_card_get_image_loaded  (EweGiftCard   *self);
gboolean   ewe_gift_card_get_editable      (EweGiftCard   *self);
void       ewe_gift_card_set_editable      (EweGiftCard   *self,
                                            gboolean       editable);
gboolean   ewe_gift_card_get_reservable    (EweGiftCard   *self);
void       ewe_gift_card_set_reservable    (EweGiftCard   *self,
                                            gboolean       reservable);
gboolean   ewe_gift_card_get_list_open     (EweGiftCard   *self);
void       ewe_gift_card_set_list_open     (EweGiftCard   *self,
                                            gboolean       list_open);
gboolean   ewe_gift_card_get_can_reserve   (EweGiftCard   *self);
gboolean   ewe_gift_card_get_near_view     (EweGiftCard   *self);
void       ewe_gift_card_set_near_view     (EweGiftCard   *self,
                                            gboolean       near_view);

/* For tests and benches: pictures asked of the image cache by all cards
 * since the start, and those of them not answered yet. */
guint      ewe_gift_card_get_pictures_asked   (void);
guint      ewe_gift_card_get_pictures_pending (void);

G_END_DECLS
