/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

AdwToast *ewe_toast_new_escaped (const char      *title);
AdwToast *ewe_toast_new_long    (const char      *text);
void      ewe_toast_overlay_add (AdwToastOverlay *overlay,
                                 AdwToast        *toast);
void      ewe_toast_dismiss     (AdwToast        *toast);

G_END_DECLS
