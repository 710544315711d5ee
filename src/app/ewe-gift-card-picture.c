/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-gift-card"

#include "config.h"

#include "ewe-gift-card-private.h"
#include "ewe-texture.h"

/* The card's picture: asked of the image cache, which decodes it at the
 * card's size (ewe-picture.c), and kept here as a texture while it may be
 * shown again. */

/* --- decoded pictures -------------------------------------------------------- */

/* Decoding a picture costs far more than drawing it; a card scrolled out
 * and back in, or the same picture on many gifts, reuses the texture. */
typedef struct
{
  GdkTexture *texture;
  int         scale_factor; /* the one it was decoded for */
} TextureEntry;

static GHashTable *textures; /* URL → TextureEntry */
static GQueue      texture_order = G_QUEUE_INIT;

/* A picture on its way: for which URL and scale factor it was asked. */
typedef struct
{
  EweGiftCard *card;
  char        *url;
  int          scale_factor;
} PictureRequest;

static void
texture_entry_free (gpointer data)
{
  TextureEntry *entry = data;

  g_object_unref (entry->texture);
  g_free (entry);
}

static void
picture_request_free (PictureRequest *request)
{
  g_object_unref (request->card);
  g_free (request->url);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PictureRequest, picture_request_free)

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

static void
show_texture (EweGiftCard *self,
              GdkTexture  *texture)
{
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (self->placeholder, texture == NULL);
  ewe_gift_card_set_image_loaded (self, texture != NULL);
}

static void
picture_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PictureRequest) request = user_data;
  EweGiftCard *self = request->card;
  g_autoptr(EwePicture) picture = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  picture = ewe_image_cache_load_picture_finish (EWE_IMAGE_CACHE (object), result, &error);
  if (picture == NULL)
    {
      /* The placeholder stays: a gift without its picture is still a gift. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No picture for %s: %s", request->url, error->message);
      return;
    }

  texture = ewe_texture_new_for_picture (picture);
  texture_cache_insert (request->url, texture, request->scale_factor);

  /* The card may show another gift by now. */
  if (g_strcmp0 (request->url, self->image_url) != 0)
    return;

  show_texture (self, texture);
}

void
ewe_gift_card_update_image (EweGiftCard *self)
{
  const char     *url = self->gift ? ewe_gift_get_image_url (self->gift) : NULL;
  PictureRequest *request;
  GdkTexture     *texture;

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
  request = g_new0 (PictureRequest, 1);
  request->card = g_object_ref (self);
  request->url = g_strdup (url);
  request->scale_factor = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  /* Decoded at the size the card shows, so the renderer never scales it
   * in a frame. */
  ewe_image_cache_load_picture_async (self->image_cache, url,
                                      PICTURE_MAX_WIDTH * request->scale_factor,
                                      PICTURE_HEIGHT * request->scale_factor,
                                      self->image_cancellable, picture_loaded_cb, request);
}
