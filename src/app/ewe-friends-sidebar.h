/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <adwaita.h>

#include "ewe-friends.h"

G_BEGIN_DECLS

#define EWE_TYPE_FRIENDS_SIDEBAR (ewe_friends_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (EweFriendsSidebar, ewe_friends_sidebar, EWE, FRIENDS_SIDEBAR, GtkWidget)

EweFriends *ewe_friends_sidebar_get_friends         (EweFriendsSidebar *self);
void        ewe_friends_sidebar_set_friends         (EweFriendsSidebar *self,
                                                     EweFriends        *friends);
void        ewe_friends_sidebar_unselect_all        (EweFriendsSidebar *self);
void        ewe_friends_sidebar_select_list         (EweFriendsSidebar *self,
                                                     EweList           *list);
void        ewe_friends_sidebar_select_reservations (EweFriendsSidebar *self);
void        ewe_friends_sidebar_set_first           (EweFriendsSidebar *self,
                                                     gboolean           first);

G_END_DECLS
