/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <adwaita.h>

#include "ewe-sync.h"

G_BEGIN_DECLS

#define EWE_TYPE_SYNC_BANNER (ewe_sync_banner_get_type ())

G_DECLARE_FINAL_TYPE (EweSyncBanner, ewe_sync_banner, EWE, SYNC_BANNER, GtkWidget)

GtkWidget  *ewe_sync_banner_new              (void);
EweSync    *ewe_sync_banner_get_sync         (EweSyncBanner *self);
void        ewe_sync_banner_set_sync         (EweSyncBanner *self,
                                              EweSync       *sync);
gboolean    ewe_sync_banner_get_revealed     (EweSyncBanner *self);
const char *ewe_sync_banner_get_title        (EweSyncBanner *self);
const char *ewe_sync_banner_get_button_label (EweSyncBanner *self);

G_END_DECLS
