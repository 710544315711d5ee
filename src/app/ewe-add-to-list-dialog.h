/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <adwaita.h>

#include "ewe-gift.h"
#include "ewe-list.h"

G_BEGIN_DECLS

#define EWE_TYPE_ADD_TO_LIST_DIALOG (ewe_add_to_list_dialog_get_type ())

G_DECLARE_FINAL_TYPE (EweAddToListDialog, ewe_add_to_list_dialog, EWE, ADD_TO_LIST_DIALOG, AdwMessageDialog)

EweAddToListDialog *ewe_add_to_list_dialog_new      (GtkWindow          *parent,
                                                     GListModel         *lists,
                                                     EweGift            *gift);
EweGift            *ewe_add_to_list_dialog_get_gift (EweAddToListDialog *self);

G_END_DECLS
