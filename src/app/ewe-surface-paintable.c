/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-surface-paintable"

#include "config.h"

#include "ewe-surface-paintable.h"

/* A decoded picture drawn as a cairo image surface, for GSK's cairo
 * renderer. That renderer draws a GdkTexture by copying its pixels into a
 * new surface in every frame, and GTK 4.8 converts each pixel through
 * floats to do it even when the formats are the same: scrolling a grid of
 * pictures spent a sixth of each frame there. The picture's pixels are
 * already cairo's ARGB32 (ewe-picture.h), so a surface shares them and
 * each frame only composites it. GPU renderers keep their textures
 * between frames and should be given the GdkTexture instead. */

struct _EweSurfacePaintable
{
  GObject          parent_instance;

  /* owned */
  EwePicture      *picture; /* whose pixels the surface shows */
  cairo_surface_t *surface;
};

static void ewe_surface_paintable_paintable_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (EweSurfacePaintable, ewe_surface_paintable, G_TYPE_OBJECT, G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE, ewe_surface_paintable_paintable_init))

static void
ewe_surface_paintable_snapshot (GdkPaintable *paintable,
                                GdkSnapshot  *snapshot,
                                double        width,
                                double        height)
{
  EweSurfacePaintable *self = EWE_SURFACE_PAINTABLE (paintable);
  int                  picture_width = ewe_picture_get_width (self->picture);
  int                  picture_height = ewe_picture_get_height (self->picture);
  cairo_t             *cr;

  if (width <= 0 || height <= 0 || picture_width <= 0 || picture_height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (GTK_SNAPSHOT (snapshot), &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_scale (cr, width / picture_width, height / picture_height);
  cairo_set_source_surface (cr, self->surface, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
}

static int
ewe_surface_paintable_get_intrinsic_width (GdkPaintable *paintable)
{
  return ewe_picture_get_width (EWE_SURFACE_PAINTABLE (paintable)->picture);
}

static int
ewe_surface_paintable_get_intrinsic_height (GdkPaintable *paintable)
{
  return ewe_picture_get_height (EWE_SURFACE_PAINTABLE (paintable)->picture);
}

static GdkPaintableFlags
ewe_surface_paintable_get_flags (GdkPaintable *paintable)
{
  return GDK_PAINTABLE_STATIC_SIZE | GDK_PAINTABLE_STATIC_CONTENTS;
}

static void
ewe_surface_paintable_paintable_init (GdkPaintableInterface *iface)
{
  iface->snapshot = ewe_surface_paintable_snapshot;
  iface->get_intrinsic_width = ewe_surface_paintable_get_intrinsic_width;
  iface->get_intrinsic_height = ewe_surface_paintable_get_intrinsic_height;
  iface->get_flags = ewe_surface_paintable_get_flags;
}

static void
ewe_surface_paintable_finalize (GObject *object)
{
  EweSurfacePaintable *self = EWE_SURFACE_PAINTABLE (object);

  g_clear_pointer (&self->surface, cairo_surface_destroy);
  g_clear_object (&self->picture);

  G_OBJECT_CLASS (ewe_surface_paintable_parent_class)->finalize (object);
}

static void
ewe_surface_paintable_class_init (EweSurfacePaintableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ewe_surface_paintable_finalize;
}

static void
ewe_surface_paintable_init (EweSurfacePaintable *self)
{
}

/**
 * ewe_surface_paintable_new:
 * @picture: a picture core decoded
 *
 * Returns: (transfer full): a paintable drawing @picture's pixels, shared,
 *   not copied, through cairo
 */
GdkPaintable *
ewe_surface_paintable_new (EwePicture *picture)
{
  EweSurfacePaintable *self;
  GBytes              *pixels;

  g_return_val_if_fail (EWE_IS_PICTURE (picture), NULL);

  self = g_object_new (EWE_TYPE_SURFACE_PAINTABLE, NULL);
  self->picture = g_object_ref (picture);
  pixels = ewe_picture_get_pixels (picture);
  /* cairo only reads them: the picture keeps them, and is kept. */
  self->surface = cairo_image_surface_create_for_data ((unsigned char *)g_bytes_get_data (pixels, NULL),
                                                       CAIRO_FORMAT_ARGB32,
                                                       ewe_picture_get_width (picture),
                                                       ewe_picture_get_height (picture),
                                                       (int)ewe_picture_get_stride (picture));

  return GDK_PAINTABLE (self);
}
