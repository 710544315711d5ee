/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-gift-card"

#include "config.h"

#include "ewe-gift-card-private.h"

/* --- decoded pictures -------------------------------------------------------- */

/* Decoding a picture costs far more than drawing it; a card scrolled out
 * and back in, or the same picture on many gifts, reuses the texture. */
typedef struct
{
  GdkTexture *texture;
  int         scale_factor;   /* the one it was decoded for */
} TextureEntry;

static GHashTable *textures;   /* URL → TextureEntry */
static GQueue      texture_order = G_QUEUE_INIT;

typedef struct
{
  GBytes *bytes;
  char   *url;
  int     scale_factor;
} DecodeData;

static void
texture_entry_free (gpointer data)
{
  TextureEntry *entry = data;

  g_object_unref (entry->texture);
  g_free (entry);
}

static void
decode_data_free (gpointer data)
{
  DecodeData *decode = data;

  g_bytes_unref (decode->bytes);
  g_free (decode->url);
  g_free (decode);
}

static GdkTexture *
texture_cache_lookup (const char *url,
                      int         scale_factor)
{
  TextureEntry *entry;

  if (textures == NULL || !(entry = g_hash_table_lookup (textures, url)))
    return NULL;

  return entry->scale_factor == scale_factor ? entry->texture : NULL;
}

static void
texture_cache_insert (const char *url,
                      GdkTexture *texture,
                      int         scale_factor)
{
  TextureEntry *entry;

  if (textures == NULL)
    textures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, texture_entry_free);

  /* Decoded again for another scale factor: the new one replaces it. */
  if ((entry = g_hash_table_lookup (textures, url)))
    {
      g_set_object (&entry->texture, texture);
      entry->scale_factor = scale_factor;
      return;
    }

  while (texture_order.length >= TEXTURE_CACHE_SIZE)
    {
      g_autofree char *oldest = g_queue_pop_head (&texture_order);

      g_hash_table_remove (textures, oldest);
    }

  entry = g_new0 (TextureEntry, 1);
  entry->texture = g_object_ref (texture);
  entry->scale_factor = scale_factor;
  g_hash_table_insert (textures, g_strdup (url), entry);
  g_queue_push_tail (&texture_order, g_strdup (url));
}

/* Asks the decoder for the size the card shows, so a JPEG decodes at a
 * fraction of its size and the renderer never scales in a frame. */
static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  DecodeData      *decode)
{
  double scale = MIN ((double)PICTURE_MAX_WIDTH * decode->scale_factor / width,
                      (double)PICTURE_HEIGHT * decode->scale_factor / height);

  gdk_pixbuf_loader_set_size (loader,
                              MAX (1, (int)(width * scale + 0.5)),
                              MAX (1, (int)(height * scale + 0.5)));
}

static void
decode_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  DecodeData *decode = task_data;
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GdkTexture) straight = NULL;
  GdkPixbuf *pixbuf;
  GError *error = NULL;
  GBytes *pixels;
  gsize stride;
  guchar *data;
  int width, height;

  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), decode);
  if (!gdk_pixbuf_loader_write_bytes (loader, decode->bytes, &error) ||
      !gdk_pixbuf_loader_close (loader, &error))
    {
      /* Closed all the same, or it complains when finalized. */
      gdk_pixbuf_loader_close (loader, NULL);
      g_task_return_error (task, error);
      return;
    }

  if (!(pixbuf = gdk_pixbuf_loader_get_pixbuf (loader)))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Not a picture");
      return;
    }

  /* A pixbuf's straight alpha would be converted in every frame the
   * renderer draws it; convert once, to the format it draws. */
  straight = gdk_texture_new_for_pixbuf (pixbuf);
  width = gdk_texture_get_width (straight);
  height = gdk_texture_get_height (straight);
  stride = (gsize)width * 4;
  data = g_malloc (stride * height);
  gdk_texture_download (straight, data, stride);
  pixels = g_bytes_new_take (data, stride * height);

  g_task_return_pointer (task,
                         gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, pixels, stride),
                         g_object_unref);
  g_bytes_unref (pixels);
}

static void
show_texture (EweGiftCard *self,
              GdkTexture  *texture)
{
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (self->placeholder, texture == NULL);
  ewe_gift_card_set_image_loaded (self, texture != NULL);
}

static void
decoded_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(EweGiftCard) self = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  DecodeData *decode = g_task_get_task_data (G_TASK (result));

  texture = g_task_propagate_pointer (G_TASK (result), &error);
  if (texture == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not decode the picture of %s: %s", self->image_url, error->message);
      return;
    }

  texture_cache_insert (decode->url, texture, decode->scale_factor);

  /* The card may show another gift by now. */
  if (g_strcmp0 (decode->url, self->image_url) != 0)
    return;

  show_texture (self, texture);
}

static void
image_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(EweGiftCard) self = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  DecodeData *decode;

  bytes = ewe_image_cache_load_finish (EWE_IMAGE_CACHE (object), result, &error);
  if (bytes == NULL)
    {
      /* The placeholder stays: a gift without its picture is still a gift. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not load a gift's picture: %s", error->message);
      return;
    }

  if (self->image_url == NULL || self->image_cancellable == NULL)
    return;

  /* Decoding a large JPEG takes tens of milliseconds: not on the main
   * thread while the user scrolls. */
  task = g_task_new (NULL, self->image_cancellable, decoded_cb, g_object_ref (self));
  g_task_set_source_tag (task, image_loaded_cb);
  decode = g_new0 (DecodeData, 1);
  decode->bytes = g_steal_pointer (&bytes);
  decode->url = g_strdup (self->image_url);
  decode->scale_factor = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  g_task_set_task_data (task, decode, decode_data_free);
  g_task_run_in_thread (task, decode_thread);
}

void
ewe_gift_card_update_image (EweGiftCard *self)
{
  const char *url = self->gift ? ewe_gift_get_image_url (self->gift) : NULL;
  GdkTexture *texture;

  if (url != NULL && *url == '\0')
    url = NULL;

  if (g_strcmp0 (url, self->image_url) == 0 && (self->image_loaded || self->image_cancellable))
    return;

  g_cancellable_cancel (self->image_cancellable);
  g_clear_object (&self->image_cancellable);
  g_free (self->image_url);
  self->image_url = g_strdup (url);

  if (url == NULL || self->image_cache == NULL)
    {
      show_texture (self, NULL);
      return;
    }

  if ((texture = texture_cache_lookup (url, gtk_widget_get_scale_factor (GTK_WIDGET (self)))))
    {
      show_texture (self, texture);
      return;
    }

  show_texture (self, NULL);
  self->image_cancellable = g_cancellable_new ();
  ewe_image_cache_load_async (self->image_cache, url, self->image_cancellable,
                              image_loaded_cb, g_object_ref (self));
}
