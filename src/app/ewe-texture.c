/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-texture"

#include "config.h"

#include "ewe-texture.h"

/* Core decodes every picture the app shows (ewe-picture.c); this is the
 * one place its pixels become something GTK draws. */

/**
 * ewe_texture_new_for_picture:
 * @picture: a picture core decoded
 *
 * Returns: (transfer full): a texture of @picture's pixels, shared, not
 *   copied: they are already in the format GDK draws
 */
GdkTexture *
ewe_texture_new_for_picture (EwePicture *picture)
{
  g_return_val_if_fail (EWE_IS_PICTURE (picture), NULL);

  return gdk_memory_texture_new (ewe_picture_get_width (picture),
                                 ewe_picture_get_height (picture),
                                 GDK_MEMORY_DEFAULT,
                                 ewe_picture_get_pixels (picture),
                                 ewe_picture_get_stride (picture));
}
