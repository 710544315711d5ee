/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <adwaita.h>

#include "ewe-session.h"

G_BEGIN_DECLS

#define EWE_TYPE_ACCOUNT_BUTTON (ewe_account_button_get_type ())

G_DECLARE_FINAL_TYPE (EweAccountButton, ewe_account_button, EWE, ACCOUNT_BUTTON, AdwBin)

EweSession *ewe_account_button_get_session (EweAccountButton *self);
void        ewe_account_button_set_session (EweAccountButton *self,
                                            EweSession       *session);

G_END_DECLS
