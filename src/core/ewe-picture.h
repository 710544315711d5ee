/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* EwePicture: a picture decoded, ready to draw. Its pixels are 32 bits
 * each, in the machine's byte order, alpha premultiplied: cairo's ARGB32,
 * which is GDK's GDK_MEMORY_DEFAULT, so the app makes a texture of them
 * without converting anything. */

#define EWE_TYPE_PICTURE (ewe_picture_get_type ())

G_DECLARE_FINAL_TYPE (EwePicture, ewe_picture, EWE, PICTURE, GObject)

int         ewe_picture_get_width     (EwePicture           *self);
int         ewe_picture_get_height    (EwePicture           *self);
gsize       ewe_picture_get_stride    (EwePicture           *self);
GBytes     *ewe_picture_get_pixels    (EwePicture           *self);

void        ewe_picture_decode_async  (GBytes               *bytes,
                                       int                   width,
                                       int                   height,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
EwePicture *ewe_picture_decode_finish (GAsyncResult         *result,
                                       GError              **error);

G_END_DECLS
