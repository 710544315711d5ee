/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-print-layout"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-print-layout.h"

/* Pages are measured in points (1/72 inch), the unit of paper and of
 * GtkPrintOperation in GTK_UNIT_POINTS; text is set at 72 dpi so that a
 * font's size in points is its size on paper. */

#define BLOCK_GAP 10.0 /* between two blocks */
#define FOOTER_HEIGHT 24.0

typedef struct
{
  EwePrintMeasureFunc measure;
  EwePrintDrawFunc    draw;
  gpointer            data;
  GDestroyNotify      destroy;
  double              height; /* as last measured */
} Block;

struct _EwePrintLayout
{
  GObject parent_instance;

  /* owned */
  char   *title;
  GArray *blocks;      /* Block */
  GArray *page_starts; /* guint: the first block of each page */
};

G_DEFINE_FINAL_TYPE (EwePrintLayout, ewe_print_layout, G_TYPE_OBJECT)

static void
block_clear (gpointer data)
{
  Block *block = data;

  if (block->destroy != NULL)
    block->destroy (block->data);
}

static void
ewe_print_layout_finalize (GObject *object)
{
  EwePrintLayout *self = EWE_PRINT_LAYOUT (object);

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->blocks, g_array_unref);
  g_clear_pointer (&self->page_starts, g_array_unref);

  G_OBJECT_CLASS (ewe_print_layout_parent_class)->finalize (object);
}

static void
ewe_print_layout_class_init (EwePrintLayoutClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ewe_print_layout_finalize;
}

static void
ewe_print_layout_init (EwePrintLayout *self)
{
  self->blocks = g_array_new (FALSE, TRUE, sizeof (Block));
  g_array_set_clear_func (self->blocks, block_clear);
  self->page_starts = g_array_new (FALSE, FALSE, sizeof (guint));
}

/* @title names the document: the print job, and each page's footer. */
EwePrintLayout *
ewe_print_layout_new (const char *title)
{
  EwePrintLayout *self = g_object_new (EWE_TYPE_PRINT_LAYOUT, NULL);

  self->title = g_strdup (title);
  return self;
}

void
ewe_print_layout_add_block (EwePrintLayout     *self,
                            EwePrintMeasureFunc measure,
                            EwePrintDrawFunc    draw,
                            gpointer            data,
                            GDestroyNotify      destroy)
{
  Block block = { measure, draw, data, destroy, 0 };

  g_return_if_fail (EWE_IS_PRINT_LAYOUT (self));
  g_return_if_fail (measure != NULL && draw != NULL);

  g_array_append_val (self->blocks, block);
}

PangoLayout *
ewe_print_layout_text (cairo_t    *cr,
                       const char *text,
                       const char *font,
                       double      width)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) description = pango_font_description_from_string (font);

  pango_cairo_context_set_resolution (pango_layout_get_context (layout), 72);
  pango_layout_context_changed (layout);
  pango_layout_set_font_description (layout, description);
  pango_layout_set_width (layout, (int)(width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);

  return layout;
}

/* Lays the blocks out down pages of @width × @height (the footer
 * included): a block that does not fit below the ones before it starts
 * the next page; one taller than a page has a page of its own, cut at its
 * foot. Returns the number of pages, at least one. */
int
ewe_print_layout_paginate (EwePrintLayout *self,
                           cairo_t        *cr,
                           double          width,
                           double          height)
{
  double usable = height - FOOTER_HEIGHT;
  double y = 0;
  guint  start = 0;

  g_return_val_if_fail (EWE_IS_PRINT_LAYOUT (self), 0);

  g_array_set_size (self->page_starts, 0);
  g_array_append_val (self->page_starts, start);

  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *block = &g_array_index (self->blocks, Block, i);

      block->height = block->measure (block->data, cr, width);
      if (y > 0 && y + block->height > usable)
        {
          g_array_append_val (self->page_starts, i);
          y = 0;
        }
      y += block->height + BLOCK_GAP;
    }

  return self->page_starts->len;
}

int
ewe_print_layout_get_n_pages (EwePrintLayout *self)
{
  g_return_val_if_fail (EWE_IS_PRINT_LAYOUT (self), 0);

  return self->page_starts->len;
}

static void
draw_footer (EwePrintLayout *self,
             cairo_t        *cr,
             double          width,
             double          height,
             int             page)
{
  g_autofree char *text = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  int text_height;

  /* Translators: a printed page's footer: the document's title, the page's number and how many there are */
  text = g_strdup_printf (_("%s · Page %d of %d"), self->title != NULL ? self->title : "", page + 1,
                             (int)self->page_starts->len);
  layout = ewe_print_layout_text (cr, text, "Sans 8", width);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_get_size (layout, NULL, &text_height);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
  cairo_move_to (cr, 0, height - (double)text_height / PANGO_SCALE);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

/* Draws page @page (from 0) of the pagination last made, onto @cr, whose
 * origin is the page's printable area's top left corner. */
void
ewe_print_layout_draw_page (EwePrintLayout *self,
                            cairo_t        *cr,
                            double          width,
                            double          height,
                            int             page)
{
  guint  first, last;
  double y = 0;

  g_return_if_fail (EWE_IS_PRINT_LAYOUT (self));
  g_return_if_fail (page >= 0 && (guint)page < self->page_starts->len);

  first = g_array_index (self->page_starts, guint, page);
  last = (guint)page + 1 < self->page_starts->len ? g_array_index (self->page_starts, guint, page + 1)
                                                  : self->blocks->len;

  for (guint i = first; i < last; i++)
    {
      Block *block = &g_array_index (self->blocks, Block, i);

      cairo_save (cr);
      cairo_rectangle (cr, 0, y, width, MIN (block->height, height - FOOTER_HEIGHT - y));
      cairo_clip (cr);
      cairo_translate (cr, 0, y);
      block->draw (block->data, cr, width, block->height);
      cairo_restore (cr);
      y += block->height + BLOCK_GAP;
    }

  draw_footer (self, cr, width, height, page);
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                EwePrintLayout    *self)
{
  int n_pages = ewe_print_layout_paginate (self, gtk_print_context_get_cairo_context (context),
                                           gtk_print_context_get_width (context),
                                           gtk_print_context_get_height (context));

  gtk_print_operation_set_n_pages (operation, n_pages);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              EwePrintLayout    *self)
{
  ewe_print_layout_draw_page (self, gtk_print_context_get_cairo_context (context),
                              gtk_print_context_get_width (context), gtk_print_context_get_height (context),
                              page);
}

/* Prints through GTK's print dialog (GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
 * where "Print to File" makes a PDF), or writes a PDF to @export_filename
 * (GTK_PRINT_OPERATION_ACTION_EXPORT). */
GtkPrintOperationResult
ewe_print_layout_run (EwePrintLayout         *self,
                      GtkWindow              *parent,
                      GtkPrintOperationAction action,
                      const char             *export_filename,
                      GError                **error)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();

  g_return_val_if_fail (EWE_IS_PRINT_LAYOUT (self), GTK_PRINT_OPERATION_RESULT_ERROR);

  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  if (self->title != NULL)
    gtk_print_operation_set_job_name (operation, self->title);
  if (export_filename != NULL)
    gtk_print_operation_set_export_filename (operation, export_filename);
  g_signal_connect_object (operation, "begin-print", G_CALLBACK (begin_print_cb), self, 0);
  g_signal_connect_object (operation, "draw-page", G_CALLBACK (draw_page_cb), self, 0);

  return gtk_print_operation_run (operation, action, parent, error);
}
