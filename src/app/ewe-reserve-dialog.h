/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <adwaita.h>

#include "ewe-friends.h"

G_BEGIN_DECLS

#define EWE_TYPE_RESERVE_DIALOG (ewe_reserve_dialog_get_type ())

G_DECLARE_FINAL_TYPE (EweReserveDialog, ewe_reserve_dialog, EWE, RESERVE_DIALOG, AdwWindow)

EweReserveDialog *ewe_reserve_dialog_new     (EweFriends       *friends,
                                              EweGift          *gift);
EweGift          *ewe_reserve_dialog_get_gift (EweReserveDialog *self);

G_END_DECLS
