/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <adwaita.h>

#include "ewe-friends.h"
#include "ewe-image-cache.h"
#include "ewe-reserve-dialog.h"

G_BEGIN_DECLS

#define EWE_TYPE_FRIEND_LIST_PAGE (ewe_friend_list_page_get_type ())

G_DECLARE_FINAL_TYPE (EweFriendListPage, ewe_friend_list_page, EWE, FRIEND_LIST_PAGE, AdwBin)

GtkWidget *ewe_friend_list_page_new      (EweFriends        *friends,
                                          EweImageCache     *image_cache);
EweList   *ewe_friend_list_page_get_list (EweFriendListPage *self);
void       ewe_friend_list_page_set_list (EweFriendListPage *self,
                                          EweList           *list);

gboolean          ewe_friend_list_page_can_reserve (EweFriendListPage *self,
                                                    EweGift           *gift);
EweReserveDialog *ewe_friend_list_page_reserve     (EweFriendListPage *self,
                                                    EweGift           *gift);

G_END_DECLS
