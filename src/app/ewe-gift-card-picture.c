/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-gift-card"

#include "config.h"

#include "ewe-gift-card-private.h"
#include "ewe-surface-paintable.h"
#include "ewe-texture.h"

/* The card's picture: asked of the image cache, which decodes it at the
 * card's size (ewe-picture.c), and kept here as a texture while it may be
 * shown again; a card drawn by the cairo renderer shows it as a cairo
 * surface instead (ewe-surface-paintable.c says why). Both share the
 * decoded pixels: one copy of them, whichever is drawn.
 *
 * A grid keeps far more cards bound than it shows (GTK 4.8's grid view:
 * 30 rows of them), so a card told it is far from the view
 * (ewe_gift_card_set_near_view(), by the list page) asks for nothing and
 * lets its picture go: only the cards in and near the view cost their
 * pixels. */

/* --- decoded pictures -------------------------------------------------------- */

/* Decoding a picture costs far more than drawing it; a card scrolled out
 * and back in, or the same picture on many gifts, reuses the texture. */
typedef struct
{
  GdkTexture   *texture;
  GdkPaintable *surface;      /* the same pixels, for the cairo renderer */
  int           scale_factor; /* the one it was decoded for */
  gsize         bytes;        /* of its pixels */
} TextureEntry;

static GHashTable *textures; /* URL → TextureEntry */
static GQueue      texture_order = G_QUEUE_INIT;
static gsize       texture_bytes; /* of all entries' pixels */

/* For tests and benches (ewe-gift-card.h). */
static guint       pictures_asked;
static guint       pictures_pending;

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
  g_object_unref (entry->surface);
  g_free (entry);
}

static void
picture_request_free (PictureRequest *request)
{
  pictures_pending--;
  g_object_unref (request->card);
  g_free (request->url);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PictureRequest, picture_request_free)

static TextureEntry *
texture_cache_lookup (const char *url,
                      int         scale_factor)
{
  TextureEntry *entry;

  if (textures == NULL || !(entry = g_hash_table_lookup (textures, url)))
    return NULL;

  return entry->scale_factor == scale_factor ? entry : NULL;
}

static gsize
picture_bytes (EwePicture *picture)
{
  return ewe_picture_get_stride (picture) * (gsize)ewe_picture_get_height (picture);
}

static TextureEntry *
texture_cache_insert (const char *url,
                      EwePicture *picture,
                      int         scale_factor)
{
  TextureEntry *entry;
  gsize         bytes = picture_bytes (picture);

  if (textures == NULL)
    textures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, texture_entry_free);

  /* Decoded again for another scale factor: the new one replaces it. */
  if ((entry = g_hash_table_lookup (textures, url)))
    {
      g_object_unref (entry->texture);
      g_object_unref (entry->surface);
      entry->texture = ewe_texture_new_for_picture (picture);
      entry->surface = ewe_surface_paintable_new (picture);
      entry->scale_factor = scale_factor;
      texture_bytes = texture_bytes - entry->bytes + bytes;
      entry->bytes = bytes;
      return entry;
    }

  /* Bounded by bytes, not by count: a picture at scale factor 2 costs
   * four of scale 1. A card showing one keeps it whatever the cache lets
   * go, so this bounds only the pictures no card shows. */
  while (texture_order.length > 0 && texture_bytes + bytes > TEXTURE_CACHE_BYTES)
    {
      g_autofree char *oldest = g_queue_pop_head (&texture_order);
      TextureEntry    *old = g_hash_table_lookup (textures, oldest);

      texture_bytes -= old->bytes;
      g_hash_table_remove (textures, oldest);
    }

  entry = g_new0 (TextureEntry, 1);
  entry->texture = ewe_texture_new_for_picture (picture);
  entry->surface = ewe_surface_paintable_new (picture);
  entry->scale_factor = scale_factor;
  entry->bytes = bytes;
  texture_bytes += bytes;
  g_hash_table_insert (textures, g_strdup (url), entry);
  g_queue_push_tail (&texture_order, g_strdup (url));

  return entry;
}

/* Whether the card's window draws with cairo; %FALSE until it is realized,
 * and the card shows its picture again then (ewe-gift-card.c). */
static gboolean
drawn_with_cairo (EweGiftCard *self)
{
  GtkNative   *native = gtk_widget_get_native (GTK_WIDGET (self));
  GskRenderer *renderer = native ? gtk_native_get_renderer (native) : NULL;

  return renderer != NULL && GSK_IS_CAIRO_RENDERER (renderer);
}

static void
show_texture (EweGiftCard  *self,
              TextureEntry *entry)
{
  GdkPaintable *paintable = NULL;

  if (entry != NULL)
    paintable = drawn_with_cairo (self) ? entry->surface : GDK_PAINTABLE (entry->texture);

  gtk_picture_set_paintable (self->picture, paintable);
  gtk_widget_set_visible (self->placeholder, paintable == NULL);
  ewe_gift_card_set_image_loaded (self, paintable != NULL);
}

static void
picture_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PictureRequest) request = user_data;
  EweGiftCard *self = request->card;
  g_autoptr(EwePicture) picture = NULL;
  g_autoptr(GError) error = NULL;
  TextureEntry *entry;

  picture = ewe_image_cache_load_picture_finish (EWE_IMAGE_CACHE (object), result, &error);
  if (picture == NULL)
    {
      /* The placeholder stays: a gift without its picture is still a gift. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No picture for %s: %s", request->url, error->message);
      return;
    }

  entry = texture_cache_insert (request->url, picture, request->scale_factor);

  /* The card may show another gift by now. */
  if (g_strcmp0 (request->url, self->image_url) != 0)
    return;

  show_texture (self, entry);
}

void
ewe_gift_card_update_image (EweGiftCard *self)
{
  const char     *url = self->gift ? ewe_gift_get_image_url (self->gift) : NULL;
  PictureRequest *request;
  TextureEntry   *entry;

  if (url != NULL && *url == '\0')
    url = NULL;
  /* Far from the view: the placeholder, and nothing asked nor kept. */
  if (self->far_from_view)
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

  if ((entry = texture_cache_lookup (url, gtk_widget_get_scale_factor (GTK_WIDGET (self)))))
    {
      show_texture (self, entry);
      return;
    }

  show_texture (self, NULL);
  self->image_cancellable = g_cancellable_new ();
  request = g_new0 (PictureRequest, 1);
  request->card = g_object_ref (self);
  request->url = g_strdup (url);
  request->scale_factor = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  pictures_asked++;
  pictures_pending++;
  /* Decoded at the size the card shows, so the renderer never scales it
   * in a frame. */
  ewe_image_cache_load_picture_async (self->image_cache, url,
                                      PICTURE_MAX_WIDTH * request->scale_factor,
                                      PICTURE_HEIGHT * request->scale_factor,
                                      self->image_cancellable, picture_loaded_cb, request);
}

/* Which paintable a picture needs depends on the renderer, known once the
 * card is realized: the picture shown is shown again as that one. */
void
ewe_gift_card_update_image_paintable (EweGiftCard *self)
{
  TextureEntry *entry;

  if (!self->image_loaded || self->image_url == NULL)
    return;

  entry = texture_cache_lookup (self->image_url, gtk_widget_get_scale_factor (GTK_WIDGET (self)));
  if (entry != NULL)
    show_texture (self, entry);
}

gboolean
ewe_gift_card_get_near_view (EweGiftCard *self)
{
  g_return_val_if_fail (EWE_IS_GIFT_CARD (self), FALSE);

  return !self->far_from_view;
}

/**
 * ewe_gift_card_set_near_view:
 * @near_view: whether the card is in its scrolled window's view or near
 *   it; %TRUE for a new card
 *
 * A card far from the view shows the placeholder, asks for no picture and
 * lets go of the one it showed (the texture cache may keep it a while);
 * brought near, it shows its picture again, decoded in the image cache's
 * thread if it has to be.
 */
void
ewe_gift_card_set_near_view (EweGiftCard *self,
                             gboolean     near_view)
{
  g_return_if_fail (EWE_IS_GIFT_CARD (self));

  if (self->far_from_view == !near_view)
    return;

  self->far_from_view = !near_view;
  ewe_gift_card_update_image (self);
}

guint
ewe_gift_card_get_pictures_asked (void)
{
  return pictures_asked;
}

guint
ewe_gift_card_get_pictures_pending (void)
{
  return pictures_pending;
}
