/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* EwePrintLayout: a document for paper made of blocks (a heading, a gift,
 * a giver with what they gave), each measured and drawn by its own
 * functions, laid out down pages that never cut a block in two. It draws
 * any page onto a cairo context, and prints or exports itself through
 * GtkPrintOperation. ewe-list-printer.c makes one of a list; a view of
 * thank-yous can make one of its own the same way. */

#define EWE_TYPE_PRINT_LAYOUT (ewe_print_layout_get_type ())

G_DECLARE_FINAL_TYPE (EwePrintLayout, ewe_print_layout, EWE, PRINT_LAYOUT, GObject)

/* The height @data needs at @width, in the context's units (points). */
typedef double (*EwePrintMeasureFunc) (gpointer  data,
                                       cairo_t  *cr,
                                       double    width);
/* Draws @data with its top left corner at the context's origin. */
typedef void   (*EwePrintDrawFunc)    (gpointer  data,
                                       cairo_t  *cr,
                                       double    width,
                                       double    height);

EwePrintLayout *ewe_print_layout_new          (const char          *title);
void            ewe_print_layout_add_block    (EwePrintLayout      *self,
                                               EwePrintMeasureFunc  measure,
                                               EwePrintDrawFunc     draw,
                                               gpointer             data,
                                               GDestroyNotify       destroy);
int             ewe_print_layout_paginate     (EwePrintLayout      *self,
                                               cairo_t             *cr,
                                               double               width,
                                               double               height);
int             ewe_print_layout_get_n_pages  (EwePrintLayout      *self);
void            ewe_print_layout_draw_page    (EwePrintLayout      *self,
                                               cairo_t             *cr,
                                               double               width,
                                               double               height,
                                               int                  page);
GtkPrintOperationResult
                ewe_print_layout_run          (EwePrintLayout      *self,
                                               GtkWindow           *parent,
                                               GtkPrintOperationAction action,
                                               const char          *export_filename,
                                               GError             **error);

/* Text for blocks: a layout of @text in @font, wrapped at @width. */
PangoLayout    *ewe_print_layout_text         (cairo_t             *cr,
                                               const char          *text,
                                               const char          *font,
                                               double               width);

G_END_DECLS
