/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <adwaita.h>

#include "ewe-list.h"

G_BEGIN_DECLS

#define EWE_TYPE_SHARE_DIALOG (ewe_share_dialog_get_type ())

G_DECLARE_FINAL_TYPE (EweShareDialog, ewe_share_dialog, EWE, SHARE_DIALOG, AdwWindow)

/* @public_url is the server's public address (e.g. https://ewelists.example);
 * NULL when no server is configured, and the list cannot be shared yet. */
EweShareDialog *ewe_share_dialog_new      (EweList        *list,
                                           const char     *public_url);
EweList        *ewe_share_dialog_get_list (EweShareDialog *self);
char           *ewe_share_dialog_dup_link (EweShareDialog *self);
char           *ewe_share_dialog_dup_message (EweShareDialog *self);
char           *ewe_share_dialog_dup_mailto_uri (EweShareDialog *self);

G_END_DECLS
