/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <adwaita.h>

#include "ewe-list.h"
#include "ewe-print-layout.h"
#include "ewe-store.h"

G_BEGIN_DECLS

#define EWE_TYPE_THANK_YOUS_DIALOG (ewe_thank_yous_dialog_get_type ())

G_DECLARE_FINAL_TYPE (EweThankYousDialog, ewe_thank_yous_dialog, EWE, THANK_YOUS_DIALOG, AdwWindow)

EweThankYousDialog *ewe_thank_yous_dialog_new      (EweStore           *store,
                                                    EweList            *list);
EweList            *ewe_thank_yous_dialog_get_list (EweThankYousDialog *self);
/* What the dialog shows, as rows (EweThankYou, ewe-thank-yous.h) and as the
 * text Copy puts on the clipboard; for printing too. */
GPtrArray          *ewe_thank_yous_dialog_get_rows (EweThankYousDialog *self);
char               *ewe_thank_yous_dialog_dup_text (EweThankYousDialog *self);
/* What Print… (Ctrl+P) prints (ewe-thank-yous-printer.h); NULL while
 * printing is off. */
EwePrintLayout     *ewe_thank_yous_dialog_build_print_layout (EweThankYousDialog *self);

G_END_DECLS
