/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void ewe_style_load_for_display (GdkDisplay *display);

G_END_DECLS
