/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <adwaita.h>

#include "ewe-api-client.h"
#include "ewe-list.h"

G_BEGIN_DECLS

#define EWE_TYPE_COOWNERS_DIALOG (ewe_coowners_dialog_get_type ())

G_DECLARE_FINAL_TYPE (EweCoownersDialog, ewe_coowners_dialog, EWE, COOWNERS_DIALOG, AdwWindow)

/* The owners of @list and the invitations waiting, through @api_client
 * (the signed-in account's): invite by e-mail, withdraw an invitation,
 * and — for the list's creator — remove a co-owner. */
EweCoownersDialog *ewe_coowners_dialog_new         (EweApiClient      *api_client,
                                                    EweList           *list);
/* Whether the owners have been read (or failed to be) since the last
 * change, for tests. */
gboolean           ewe_coowners_dialog_get_loaded  (EweCoownersDialog *self);

G_END_DECLS
