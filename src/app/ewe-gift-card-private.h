/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ewe-gift-card.h"

G_BEGIN_DECLS

/* Shared by ewe-gift-card.c (the object, its menu and actions),
 * ewe-gift-card-picture.c (the picture), ewe-gift-card-shadow.c (its
 * shadow, drawn from one image for all cards) and ewe-gift-card-text.c
 * (the text lines, and the size and layout of the whole card). */

/* Decoded pictures kept beyond the cards showing them, in bytes of
 * pixels: a few viewports' worth (a card's picture is 146 KB at scale 1),
 * so that scrolling back decodes nothing again. */
#define TEXTURE_CACHE_BYTES (8 * 1024 * 1024)
/* The picture area's height, in logical pixels; pictures are decoded to
 * fit it, at most twice as wide, times the scale factor. */
#define PICTURE_HEIGHT     140
#define PICTURE_MAX_WIDTH  (2 * PICTURE_HEIGHT)
/* A card's width: the grid fits as many columns as the minimum allows
 * (at most 5) and shares the rest. */
#define CARD_MIN_WIDTH     150
#define CARD_NAT_WIDTH     200
#define TEXT_MARGIN        12   /* around the text */
#define TEXT_TOP           6    /* between the picture and the text */
#define LINE_SPACING       3
#define OVERLAY_MARGIN     6    /* the menu button and badge, over the picture */
#define RESERVE_TOP        6    /* between the text and the Reserve line */

enum {
  LINE_BRAND,
  LINE_DETAILS,
  LINE_PRICE,
  LINE_WANTED,
  LINE_COUNTS,
  LINE_NOTES,
  N_LINES
};

struct _EweGiftCard
{
  GtkWidget      parent_instance;

  /* template widgets */
  GtkWidget     *shadow;
  GtkPicture    *picture;
  GtkWidget     *placeholder;
  GtkLabel      *taken_badge;
  GtkLabel      *brand_label;
  GtkLabel      *details_label;
  GtkLabel      *price_label;
  GtkLabel      *wanted_label;
  GtkLabel      *counts_label;
  GtkLabel      *notes_label;
  GtkWidget     *reserve_button;
  GtkLabel      *taken_label;
  GtkMenuButton *menu_button;
  GtkWidget     *star_button;

  /* owned */
  EweGift       *gift;
  GSignalGroup  *gift_signals;     /* following the gift shown */
  EweImageCache *image_cache;
  GCancellable  *image_cancellable;
  char          *image_url;        /* the URL the picture shows or loads */
  char          *accessible_label; /* the one last given to the AT context */
  char          *reserve_label;    /* the Reserve button's, likewise */

  /* the text lines, top to bottom (template labels), and the height of
   * each, measured once: one line of their font whatever the text */
  GtkWidget     *lines[N_LINES];
  int            line_heights[N_LINES];
  int            text_height;
  int            reserve_height;   /* the Reserve line's, when reservable */
  int            counts_width;     /* the counts' text on one line, when counts_width_valid */

  /* what the count labels show */
  int            shown_quantity;
  int            shown_reserved;
  int            shown_purchased;
  gboolean       shown_unlimited;

  guint          surprise_mode : 1;
  guint          image_loaded : 1;
  guint          editable : 1;
  guint          counts_shown : 1;
  guint          metrics_valid : 1;
  guint          reservable : 1;
  guint          list_open : 1;
  guint          counts_width_valid : 1;
  guint          shadow_textures : 1;  /* its shadow drawn as textures (GPU renderers) */
  guint          far_from_view : 1;    /* no picture asked nor kept (ewe-gift-card-picture.c) */
};

/* ewe-gift-card.c */
void               ewe_gift_card_set_image_loaded       (EweGiftCard    *self,
                                                         gboolean        loaded);

/* ewe-gift-card-picture.c */
void               ewe_gift_card_update_image           (EweGiftCard    *self);
void               ewe_gift_card_update_image_paintable (EweGiftCard    *self);

/* ewe-gift-card-shadow.c */
void               ewe_gift_card_update_shadow_mode     (EweGiftCard    *self);
void               ewe_gift_card_snapshot               (GtkWidget      *widget,
                                                         GtkSnapshot    *snapshot);

/* ewe-gift-card-text.c */
void               ewe_gift_card_update_labels          (EweGiftCard    *self);
void               ewe_gift_card_invalidate_metrics     (EweGiftCard    *self);
void               ewe_gift_card_measure                (GtkWidget      *widget,
                                                         GtkOrientation  orientation,
                                                         int             for_size,
                                                         int            *minimum,
                                                         int            *natural,
                                                         int            *minimum_baseline,
                                                         int            *natural_baseline);
void               ewe_gift_card_size_allocate          (GtkWidget      *widget,
                                                         int             width,
                                                         int             height,
                                                         int             baseline);
GtkSizeRequestMode ewe_gift_card_get_request_mode       (GtkWidget      *widget);
gboolean           ewe_gift_card_query_tooltip_cb       (EweGiftCard    *self,
                                                         int             x,
                                                         int             y,
                                                         gboolean        keyboard_mode,
                                                         GtkTooltip     *tooltip);

G_END_DECLS
