/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gtk/gtk.h>

#include "ewe-list.h"

G_BEGIN_DECLS

#define EWE_TYPE_FRIEND_LIST_ROW (ewe_friend_list_row_get_type ())

G_DECLARE_FINAL_TYPE (EweFriendListRow, ewe_friend_list_row, EWE, FRIEND_LIST_ROW, GtkListBoxRow)

GtkWidget *ewe_friend_list_row_new      (EweList          *list);
EweList   *ewe_friend_list_row_get_list (EweFriendListRow *self);

G_END_DECLS
