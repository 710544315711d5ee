/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <adwaita.h>

#include "ewe-session.h"

G_BEGIN_DECLS

typedef enum
{
  EWE_ACCOUNT_DIALOG_SIGN_IN,
  EWE_ACCOUNT_DIALOG_SIGN_UP,
} EweAccountDialogStart;

#define EWE_TYPE_ACCOUNT_DIALOG (ewe_account_dialog_get_type ())

G_DECLARE_FINAL_TYPE (EweAccountDialog, ewe_account_dialog, EWE, ACCOUNT_DIALOG, AdwWindow)

EweAccountDialog *ewe_account_dialog_new       (EweSession            *session,
                                                EweAccountDialogStart  start);
const char       *ewe_account_dialog_get_page  (EweAccountDialog      *self);
gboolean          ewe_account_dialog_get_busy  (EweAccountDialog      *self);
const char       *ewe_account_dialog_get_error (EweAccountDialog      *self);

G_END_DECLS
