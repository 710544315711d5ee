/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-gift-card"

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "ewe-gift-card-private.h"

/* The card's shadow under GSK's cairo renderer. libadwaita's .card casts
 * two blurred shadows, and the cairo renderer blurs them again for every
 * card in every frame: without them a scroll frame took 7.3 ms of CPU
 * time instead of 11.5. Every card in the grid has the same size, so the
 * shadow is drawn once into an image shared by all cards of that size,
 * and a frame only composites it.
 *
 * The shadow still comes from the theme: an empty child with the .card
 * style (no background) casts it, and is drawn once per size, scale and
 * style into the image; the card itself then casts none.
 *
 * GTK's GL renderer keeps a blurred shadow's image between frames, but it
 * still draws each of the card's three CSS shadows over the card's whole
 * area, pixel by pixel, as llvmpipe does on the processor: that, for every
 * card, was most of a frame's drawing. There the image is cut into four
 * textures around the card (above, below, left, right), each uploaded once,
 * so a frame draws only the pixels a shadow darkens, as a plain copy. */

#define N_SHADOWS 4 /* a grid shows one size; a resize passes through more */

/* Far enough into the card from its top and bottom edges to take in its
 * round corners (libadwaita's are 12 px); inside the card the image is
 * clear. */
#define CORNER 16

enum
{
  STRIP_TOP,
  STRIP_BOTTOM,
  STRIP_LEFT,
  STRIP_RIGHT,
  N_STRIPS
};

typedef struct
{
  cairo_surface_t *surface;
  GdkTexture      *strips[N_STRIPS];       /* for GPU renderers, made when first drawn */
  graphene_rect_t  strip_bounds[N_STRIPS]; /* in the card's coordinates */
  gboolean         strips_made;
  graphene_rect_t  bounds; /* the shadow's, in the card's coordinates */
  int              width;
  int              height;
  int              scale_factor;
  gboolean         dark;
  gboolean         high_contrast;
} Shadow;

static Shadow shadows[N_SHADOWS];
static guint  next_shadow;

static Shadow *
lookup_shadow (int      width,
               int      height,
               int      scale_factor,
               gboolean dark,
               gboolean high_contrast)
{
  for (guint i = 0; i < N_SHADOWS; i++)
    {
      Shadow *shadow = &shadows[i];

      if (shadow->surface != NULL && shadow->width == width && shadow->height == height &&
          shadow->scale_factor == scale_factor && shadow->dark == dark && shadow->high_contrast == high_contrast)
        return shadow;
    }

  return NULL;
}

/* Draws what the shadow child casts into a new image, the oldest one's
 * place. NULL when it casts nothing. */
static Shadow *
make_shadow (EweGiftCard *self,
             int          width,
             int          height,
             int          scale_factor,
             gboolean     dark,
             gboolean     high_contrast)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  graphene_rect_t bounds;
  Shadow         *shadow;
  cairo_t        *cr;

  gtk_widget_snapshot_child (GTK_WIDGET (self), self->shadow, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return NULL;

  gsk_render_node_get_bounds (node, &bounds);
  graphene_rect_round_extents (&bounds, &bounds);
  if (bounds.size.width <= 0 || bounds.size.height <= 0)
    return NULL;

  shadow = &shadows[next_shadow];
  next_shadow = (next_shadow + 1) % N_SHADOWS;
  g_clear_pointer (&shadow->surface, cairo_surface_destroy);
  for (guint i = 0; i < N_STRIPS; i++)
    g_clear_object (&shadow->strips[i]);
  shadow->strips_made = FALSE;
  shadow->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                (int)bounds.size.width * scale_factor,
                                                (int)bounds.size.height * scale_factor);
  cairo_surface_set_device_scale (shadow->surface, scale_factor, scale_factor);
  cr = cairo_create (shadow->surface);
  cairo_translate (cr, -bounds.origin.x, -bounds.origin.y);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);

  shadow->bounds = bounds;
  shadow->width = width;
  shadow->height = height;
  shadow->scale_factor = scale_factor;
  shadow->dark = dark;
  shadow->high_contrast = high_contrast;

  return shadow;
}

/* A copy of the part of @shadow's image inside @rect (the card's
 * coordinates, within the shadow's bounds) as a texture; NULL when empty. */
static GdkTexture *
make_strip (Shadow                *shadow,
            const graphene_rect_t *rect)
{
  int           scale = shadow->scale_factor;
  int           x = (int)(rect->origin.x - shadow->bounds.origin.x) * scale;
  int           y = (int)(rect->origin.y - shadow->bounds.origin.y) * scale;
  int           width = (int)rect->size.width * scale;
  int           height = (int)rect->size.height * scale;
  int           stride = cairo_image_surface_get_stride (shadow->surface);
  const guchar *data;
  guchar       *copy;
  g_autoptr(GBytes) bytes = NULL;

  if (width <= 0 || height <= 0)
    return NULL;

  cairo_surface_flush (shadow->surface);
  data = cairo_image_surface_get_data (shadow->surface);
  copy = g_malloc ((gsize)width * 4 * height);
  for (int row = 0; row < height; row++)
    memcpy (copy + (gsize)row * width * 4, data + (gsize)(y + row) * stride + (gsize)x * 4, (gsize)width * 4);
  bytes = g_bytes_new_take (copy, (gsize)width * 4 * height);

  /* Cairo's ARGB32 is premultiplied, in the machine's byte order: GDK's
   * default memory format. */
  return gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes, (gsize)width * 4);
}

/* Cuts @shadow's image into the four strips around a card of its size:
 * the top and bottom ones as wide as the shadow, down and up to CORNER
 * inside the card; the sides between them, outside the card only. */
static void
make_strips (Shadow *shadow)
{
  const graphene_rect_t *b = &shadow->bounds;
  float                  corner = MIN (CORNER, shadow->height / 2);
  float                  top = b->origin.y;
  float                  bottom = b->origin.y + b->size.height;

  graphene_rect_init (&shadow->strip_bounds[STRIP_TOP], b->origin.x, top, b->size.width, corner - top);
  graphene_rect_init (&shadow->strip_bounds[STRIP_BOTTOM], b->origin.x, shadow->height - corner,
                      b->size.width, bottom - (shadow->height - corner));
  graphene_rect_init (&shadow->strip_bounds[STRIP_LEFT], b->origin.x, corner,
                      -b->origin.x, shadow->height - 2 * corner);
  graphene_rect_init (&shadow->strip_bounds[STRIP_RIGHT], shadow->width, corner,
                      b->origin.x + b->size.width - shadow->width, shadow->height - 2 * corner);

  for (guint i = 0; i < N_STRIPS; i++)
    shadow->strips[i] = make_strip (shadow, &shadow->strip_bounds[i]);
  shadow->strips_made = TRUE;
}

/* Whether the card draws its shadow from the shared image (always, once
 * realized), and as what: a cairo surface for the cairo renderer, textures
 * for the others. Decided when the card is realized. */
void
ewe_gift_card_update_shadow_mode (EweGiftCard *self)
{
  GtkNative   *native = gtk_widget_get_native (GTK_WIDGET (self));
  GskRenderer *renderer = native ? gtk_native_get_renderer (native) : NULL;
  gboolean     cached = renderer != NULL;

  self->shadow_textures = renderer != NULL && !GSK_IS_CAIRO_RENDERER (renderer);

  if (gtk_widget_get_visible (self->shadow) == cached)
    return;

  gtk_widget_set_visible (self->shadow, cached);
  if (cached)
    gtk_widget_add_css_class (GTK_WIDGET (self), "cached-shadow");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "cached-shadow");
}

void
ewe_gift_card_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  EweGiftCard *self = EWE_GIFT_CARD (widget);

  if (gtk_widget_get_visible (self->shadow))
    {
      AdwStyleManager *style = adw_style_manager_get_default ();
      int              width = gtk_widget_get_width (widget);
      int              height = gtk_widget_get_height (widget);
      int              scale_factor = gtk_widget_get_scale_factor (widget);
      gboolean         dark = adw_style_manager_get_dark (style);
      gboolean         high_contrast = adw_style_manager_get_high_contrast (style);
      Shadow          *shadow;

      shadow = lookup_shadow (width, height, scale_factor, dark, high_contrast);
      if (shadow == NULL)
        shadow = make_shadow (self, width, height, scale_factor, dark, high_contrast);

      /* Outside the card only, as a CSS shadow is: over the card's own
       * background, under nothing of its own. */
      if (shadow != NULL && self->shadow_textures)
        {
          if (!shadow->strips_made)
            make_strips (shadow);
          for (guint i = 0; i < N_STRIPS; i++)
            if (shadow->strips[i] != NULL)
              gtk_snapshot_append_texture (snapshot, shadow->strips[i], &shadow->strip_bounds[i]);
        }
      else if (shadow != NULL)
        {
          cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &shadow->bounds);

          cairo_set_source_surface (cr, shadow->surface, shadow->bounds.origin.x, shadow->bounds.origin.y);
          cairo_paint (cr);
          cairo_destroy (cr);
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (child != self->shadow)
      gtk_widget_snapshot_child (widget, child, snapshot);
}
