/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gtk/gtk.h>

#include "ewe-picture.h"

G_BEGIN_DECLS

GdkTexture *ewe_texture_new_for_picture (EwePicture *picture);

G_END_DECLS
