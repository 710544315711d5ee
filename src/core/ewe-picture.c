/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-picture"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "ewe-image-cache.h"
#include "ewe-picture.h"

/* The one decoder of the app's pictures: the gifts' cards, the lists'
 * headers and the gift editor's preview all come through here. Decoding a
 * shop's large JPEG takes tens of milliseconds, so it happens in a
 * thread, and at the size the picture is shown: a JPEG decodes at a
 * fraction of its size, and the renderer never scales it in a frame. */

struct _EwePicture
{
  GObject parent_instance;

  int     width;
  int     height;
  gsize   stride;
  GBytes *pixels;
};

G_DEFINE_FINAL_TYPE (EwePicture, ewe_picture, G_TYPE_OBJECT)

typedef struct
{
  GBytes *bytes;
  int     width; /* the box to fit in, or -1 */
  int     height;
} DecodeData;

static void
decode_data_free (gpointer data)
{
  DecodeData *decode = data;

  g_bytes_unref (decode->bytes);
  g_free (decode);
}

static void
ewe_picture_finalize (GObject *object)
{
  EwePicture *self = (EwePicture *)object;

  g_clear_pointer (&self->pixels, g_bytes_unref);

  G_OBJECT_CLASS (ewe_picture_parent_class)->finalize (object);
}

static void
ewe_picture_class_init (EwePictureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ewe_picture_finalize;
}

static void
ewe_picture_init (EwePicture *self)
{
}

/* Asks the decoder for the size asked, so it decodes no more than that. */
static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  DecodeData      *decode)
{
  double scale;

  if (decode->width <= 0 || decode->height <= 0 || width <= 0 || height <= 0)
    return;

  scale = MIN ((double)decode->width / width, (double)decode->height / height);
  gdk_pixbuf_loader_set_size (loader,
                              MAX (1, (int)(width * scale + 0.5)),
                              MAX (1, (int)(height * scale + 0.5)));
}

/* A pixbuf's straight alpha would be converted each time a renderer
 * draws it: convert once, here, to what renderers draw. */
static EwePicture *
picture_new_for_pixbuf (GdkPixbuf *pixbuf)
{
  EwePicture   *self = g_object_new (EWE_TYPE_PICTURE, NULL);
  const guint8 *source = gdk_pixbuf_read_pixels (pixbuf);
  int           source_stride = gdk_pixbuf_get_rowstride (pixbuf);
  int           channels = gdk_pixbuf_get_n_channels (pixbuf);
  gboolean      has_alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  guint32      *pixels;

  self->width = gdk_pixbuf_get_width (pixbuf);
  self->height = gdk_pixbuf_get_height (pixbuf);
  self->stride = (gsize)self->width * 4;
  pixels = g_malloc (self->stride * self->height);

  for (int y = 0; y < self->height; y++)
    {
      const guint8 *in = source + (gsize)y * source_stride;
      guint32      *out = pixels + (gsize)y * self->width;

      for (int x = 0; x < self->width; x++, in += channels)
        {
          guint alpha = has_alpha ? in[3] : 0xff;
          guint red = (in[0] * alpha + 127) / 255;
          guint green = (in[1] * alpha + 127) / 255;
          guint blue = (in[2] * alpha + 127) / 255;

          out[x] = (alpha << 24) | (red << 16) | (green << 8) | blue;
        }
    }

  self->pixels = g_bytes_new_take (pixels, self->stride * self->height);

  return self;
}

static void
decode_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  DecodeData *decode = task_data;
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GError) error = NULL;
  GdkPixbuf *pixbuf = NULL;

  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), decode);
  if (!gdk_pixbuf_loader_write_bytes (loader, decode->bytes, &error) ||
      !gdk_pixbuf_loader_close (loader, &error) ||
      !(pixbuf = gdk_pixbuf_loader_get_pixbuf (loader)))
    {
      /* Closed all the same, or it complains when finalized. */
      gdk_pixbuf_loader_close (loader, NULL);
      g_task_return_new_error (task, EWE_IMAGE_CACHE_ERROR, EWE_IMAGE_CACHE_ERROR_NOT_A_PICTURE,
                               "This picture cannot be shown: it is damaged, or in a format this computer cannot read (%s)",
                               error ? error->message : "no picture in it");
      return;
    }

  g_task_return_pointer (task, picture_new_for_pixbuf (pixbuf), g_object_unref);
}

/**
 * ewe_picture_decode_async:
 * @bytes: a picture file's contents (PNG, JPEG, WebP… what gdk-pixbuf reads)
 * @width: the width of the box the picture is scaled to fit, keeping its
 *   proportions; -1, with @height -1, for the picture's own size
 * @height: the height of that box
 *
 * Decodes @bytes in a thread. A picture that cannot be decoded is
 * %EWE_IMAGE_CACHE_ERROR_NOT_A_PICTURE.
 */
void
ewe_picture_decode_async (GBytes             *bytes,
                          int                 width,
                          int                 height,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  DecodeData *decode;

  g_return_if_fail (bytes != NULL);
  g_return_if_fail ((width > 0) == (height > 0));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_picture_decode_async);
  /* A picture scrolled away is not decoded at all. */
  g_task_set_return_on_cancel (task, TRUE);
  decode = g_new0 (DecodeData, 1);
  decode->bytes = g_bytes_ref (bytes);
  decode->width = width;
  decode->height = height;
  g_task_set_task_data (task, decode, decode_data_free);
  g_task_run_in_thread (task, decode_thread);
}

/**
 * ewe_picture_decode_finish:
 *
 * Returns: (transfer full): the picture, at the size asked
 */
EwePicture *
ewe_picture_decode_finish (GAsyncResult *result,
                           GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ewe_picture_decode_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

int
ewe_picture_get_width (EwePicture *self)
{
  g_return_val_if_fail (EWE_IS_PICTURE (self), 0);

  return self->width;
}

int
ewe_picture_get_height (EwePicture *self)
{
  g_return_val_if_fail (EWE_IS_PICTURE (self), 0);

  return self->height;
}

gsize
ewe_picture_get_stride (EwePicture *self)
{
  g_return_val_if_fail (EWE_IS_PICTURE (self), 0);

  return self->stride;
}

/**
 * ewe_picture_get_pixels:
 *
 * Returns: (transfer none): the pixels, row after row of
 *   ewe_picture_get_stride() bytes
 */
GBytes *
ewe_picture_get_pixels (EwePicture *self)
{
  g_return_val_if_fail (EWE_IS_PICTURE (self), NULL);

  return self->pixels;
}
