/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <adwaita.h>

#include "ewe-store.h"

G_BEGIN_DECLS

char     *ewe_conflict_describe  (EweList            *list,
                                  EweList            *theirs,
                                  const char * const *fields);
AdwToast *ewe_conflict_toast_new (EweStore           *store,
                                  AdwToastOverlay    *overlay,
                                  EweList            *list,
                                  EweList            *theirs,
                                  const char * const *fields);

char     *ewe_gift_conflict_describe  (EweGift            *gift,
                                       const char * const *fields);
AdwToast *ewe_gift_conflict_toast_new (EweStore           *store,
                                       AdwToastOverlay    *overlay,
                                       EweGift            *gift,
                                       EweGift            *theirs,
                                       const char * const *fields);

G_END_DECLS
