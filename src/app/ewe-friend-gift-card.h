/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gtk/gtk.h>

#include "ewe-gift.h"
#include "ewe-image-cache.h"

G_BEGIN_DECLS

#define EWE_TYPE_FRIEND_GIFT_CARD (ewe_friend_gift_card_get_type ())

G_DECLARE_FINAL_TYPE (EweFriendGiftCard, ewe_friend_gift_card, EWE, FRIEND_GIFT_CARD, GtkWidget)

GtkWidget *ewe_friend_gift_card_new           (EweImageCache     *image_cache);
EweGift   *ewe_friend_gift_card_get_gift      (EweFriendGiftCard *self);
void       ewe_friend_gift_card_set_gift      (EweFriendGiftCard *self,
                                               EweGift           *gift);
gboolean   ewe_friend_gift_card_get_list_open (EweFriendGiftCard *self);
void       ewe_friend_gift_card_set_list_open (EweFriendGiftCard *self,
                                               gboolean           list_open);

G_END_DECLS
