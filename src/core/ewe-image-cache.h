/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gio/gio.h>

#include "ewe-picture.h"

G_BEGIN_DECLS

/* EweImageCache: the pictures of gifts and lists, fetched once over
 * http(s) and kept on disk under $XDG_CACHE_HOME/ewelists/images, one file
 * per URL named by the SHA-256 of the URL.
 *
 * - Only http and https URLs are fetched; anything else is
 *   EWE_IMAGE_CACHE_ERROR_INVALID_URL without touching the network.
 * - A picture bigger than the size limit, or a server that does not answer
 *   within the timeout, is an error; nothing is written.
 * - Many requests for one URL while it is being fetched share one download.
 *   Cancelling one request finishes only that request (with
 *   G_IO_ERROR_CANCELLED); the download stops when no one waits any more.
 * - ewe_image_cache_load_async() gives the bytes the server sent;
 *   ewe_image_cache_load_picture_async() decodes them too, in a thread, at
 *   the size they are shown (see ewe-picture.c). */

#define EWE_IMAGE_CACHE_ERROR (ewe_image_cache_error_quark ())

typedef enum
{
  EWE_IMAGE_CACHE_ERROR_INVALID_URL, /* not an http(s) address */
  EWE_IMAGE_CACHE_ERROR_NETWORK,     /* the server could not be reached */
  EWE_IMAGE_CACHE_ERROR_HTTP,        /* it answered with an error status */
  EWE_IMAGE_CACHE_ERROR_TOO_LARGE,   /* more than the size limit */
  EWE_IMAGE_CACHE_ERROR_NOT_A_PICTURE, /* no picture that can be decoded */
} EweImageCacheError;

#define EWE_IMAGE_CACHE_DEFAULT_MAX_SIZE (8 * 1024 * 1024)

#define EWE_TYPE_IMAGE_CACHE (ewe_image_cache_get_type ())

G_DECLARE_FINAL_TYPE (EweImageCache, ewe_image_cache, EWE, IMAGE_CACHE, GObject)

GQuark         ewe_image_cache_error_quark    (void);

EweImageCache *ewe_image_cache_new            (const char           *directory);
const char    *ewe_image_cache_get_directory  (EweImageCache        *self);
gsize          ewe_image_cache_get_max_size   (EweImageCache        *self);
void           ewe_image_cache_set_max_size   (EweImageCache        *self,
                                               gsize                 max_size);
guint          ewe_image_cache_get_timeout    (EweImageCache        *self);
void           ewe_image_cache_set_timeout    (EweImageCache        *self,
                                               guint                 seconds);
GFile         *ewe_image_cache_get_file       (EweImageCache        *self,
                                               const char           *url);

void           ewe_image_cache_load_async     (EweImageCache        *self,
                                               const char           *url,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
GBytes        *ewe_image_cache_load_finish    (EweImageCache        *self,
                                               GAsyncResult         *result,
                                               GError              **error);
void           ewe_image_cache_load_picture_async  (EweImageCache        *self,
                                                    const char           *url,
                                                    int                   width,
                                                    int                   height,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
EwePicture    *ewe_image_cache_load_picture_finish (EweImageCache        *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

G_END_DECLS
