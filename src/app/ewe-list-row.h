/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <adwaita.h>

#include "ewe-list.h"

G_BEGIN_DECLS

#define EWE_TYPE_LIST_ROW (ewe_list_row_get_type ())

G_DECLARE_FINAL_TYPE (EweListRow, ewe_list_row, EWE, LIST_ROW, GtkListBoxRow)

GtkWidget *ewe_list_row_new      (EweList    *list);
EweList   *ewe_list_row_get_list (EweListRow *self);

G_END_DECLS
