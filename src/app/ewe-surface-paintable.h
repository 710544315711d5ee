/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gtk/gtk.h>

#include "ewe-picture.h"

G_BEGIN_DECLS

#define EWE_TYPE_SURFACE_PAINTABLE (ewe_surface_paintable_get_type ())

G_DECLARE_FINAL_TYPE (EweSurfacePaintable, ewe_surface_paintable, EWE, SURFACE_PAINTABLE, GObject)

GdkPaintable *ewe_surface_paintable_new (EwePicture *picture);

G_END_DECLS
