/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <adwaita.h>

#include "ewe-friends.h"

G_BEGIN_DECLS

#define EWE_TYPE_OPEN_LINK_DIALOG (ewe_open_link_dialog_get_type ())

G_DECLARE_FINAL_TYPE (EweOpenLinkDialog, ewe_open_link_dialog, EWE, OPEN_LINK_DIALOG, AdwWindow)

EweOpenLinkDialog *ewe_open_link_dialog_new  (EweFriends        *friends,
                                              const char        *link);
void               ewe_open_link_dialog_open (EweOpenLinkDialog *self);

G_END_DECLS
