/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <adwaita.h>

#include "ewe-session.h"

G_BEGIN_DECLS

#define EWE_TYPE_CONTACT_DIALOG (ewe_contact_dialog_get_type ())

G_DECLARE_FINAL_TYPE (EweContactDialog, ewe_contact_dialog, EWE, CONTACT_DIALOG, AdwWindow)

EweContactDialog *ewe_contact_dialog_new         (EweSession       *session);
gboolean          ewe_contact_dialog_get_sending (EweContactDialog *self);

G_END_DECLS
