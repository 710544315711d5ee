/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-thank-yous-printer"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-thank-yous-printer.h"
#include "ewe-thank-yous.h"

/* Every block here is a column of lines, some with a box in front: the
 * heading, the "Still to thank" checklist and each giver. Sizes in
 * points. */
#define BOX_SIZE 8.0
#define BOX_GAP 6.0
#define LINE_GAP 3.0
#define GIFT_INDENT 14.0

typedef enum
{
  MARK_NONE,
  MARK_EMPTY,
  MARK_TICKED,
} Mark;

typedef struct
{
  char  *text;
  char  *font;
  double grey; /* 0 black … 1 white */
  double indent;
  Mark   mark;
} Line;

typedef enum
{
  RULE_NONE,
  RULE_HEAVY,    /* under the heading */
  RULE_HAIRLINE, /* between givers */
} Rule;

typedef struct
{
  GArray *lines; /* Line */
  Rule    rule;
} LinesBlock;

static void
line_clear (gpointer data)
{
  Line *line = data;

  g_free (line->text);
  g_free (line->font);
}

static LinesBlock *
lines_block_new (Rule rule)
{
  LinesBlock *block = g_new0 (LinesBlock, 1);

  block->lines = g_array_new (FALSE, TRUE, sizeof (Line));
  g_array_set_clear_func (block->lines, line_clear);
  block->rule = rule;
  return block;
}

static void
lines_block_free (gpointer data)
{
  LinesBlock *block = data;

  g_array_unref (block->lines);
  g_free (block);
}

static void
lines_block_add (LinesBlock *block,
                 const char *text,
                 const char *font,
                 double      grey,
                 double      indent,
                 Mark        mark)
{
  Line line = { g_strdup (text), g_strdup (font), grey, indent, mark };

  g_array_append_val (block->lines, line);
}

static double
line_text_x (const Line *line)
{
  return line->indent + (line->mark != MARK_NONE ? BOX_SIZE + BOX_GAP : 0);
}

/* The layouts of @block's lines, in order; measuring and drawing walk the
 * same ones, so that they agree. */
static GPtrArray *
lines_layouts (LinesBlock *block,
               cairo_t    *cr,
               double      width)
{
  GPtrArray *layouts = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < block->lines->len; i++)
    {
      const Line *line = &g_array_index (block->lines, Line, i);

      g_ptr_array_add (layouts, ewe_print_layout_text (cr, line->text, line->font, width - line_text_x (line)));
    }
  return layouts;
}

static double
rule_space (LinesBlock *block)
{
  return block->rule == RULE_HEAVY ? 8 : block->rule == RULE_HAIRLINE ? 6
                                                                      : 0;
}

static double
lines_measure (gpointer data,
               cairo_t *cr,
               double   width)
{
  LinesBlock *block = data;
  g_autoptr(GPtrArray) layouts = lines_layouts (block, cr, width);
  double height = 0;

  for (guint i = 0; i < layouts->len; i++)
    {
      int line_height;

      pango_layout_get_size (g_ptr_array_index (layouts, i), NULL, &line_height);
      height += (double)line_height / PANGO_SCALE + LINE_GAP;
    }

  return height + rule_space (block);
}

/* A box to tick, its top at @y, centred on the first line of a text
 * @first_line_height high; with a tick in it when @mark says so. */
static void
draw_box (cairo_t *cr,
          double   x,
          double   y,
          double   first_line_height,
          Mark     mark)
{
  double top = y + (first_line_height - BOX_SIZE) / 2;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 0.8);
  cairo_rectangle (cr, x + 0.4, top + 0.4, BOX_SIZE - 0.8, BOX_SIZE - 0.8);
  cairo_stroke (cr);
  if (mark == MARK_TICKED)
    {
      cairo_set_line_width (cr, 1.4);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_move_to (cr, x + BOX_SIZE * 0.2, top + BOX_SIZE * 0.55);
      cairo_line_to (cr, x + BOX_SIZE * 0.42, top + BOX_SIZE * 0.78);
      cairo_line_to (cr, x + BOX_SIZE * 0.85, top + BOX_SIZE * 0.22);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

static void
lines_draw (gpointer data,
            cairo_t *cr,
            double   width,
            double   height)
{
  LinesBlock *block = data;
  g_autoptr(GPtrArray) layouts = lines_layouts (block, cr, width);
  double y = 0;

  for (guint i = 0; i < layouts->len; i++)
    {
      const Line    *line = &g_array_index (block->lines, Line, i);
      PangoLayout   *layout = g_ptr_array_index (layouts, i);
      PangoRectangle first;
      int            line_height;

      pango_layout_get_size (layout, NULL, &line_height);
      if (line->mark != MARK_NONE)
        {
          pango_layout_line_get_pixel_extents (pango_layout_get_line_readonly (layout, 0), NULL, &first);
          draw_box (cr, line->indent, y, first.height, line->mark);
        }
      cairo_set_source_rgb (cr, line->grey, line->grey, line->grey);
      cairo_move_to (cr, line_text_x (line), y);
      pango_cairo_show_layout (cr, layout);
      y += (double)line_height / PANGO_SCALE + LINE_GAP;
    }

  if (block->rule != RULE_NONE)
    {
      double line_width = block->rule == RULE_HEAVY ? 1.5 : 0.5;

      cairo_set_source_rgb (cr, block->rule == RULE_HEAVY ? 0 : 0.75, block->rule == RULE_HEAVY ? 0 : 0.75,
                            block->rule == RULE_HEAVY ? 0 : 0.75);
      cairo_set_line_width (cr, line_width);
      cairo_move_to (cr, 0, height - line_width / 2);
      cairo_line_to (cr, width, height - line_width / 2);
      cairo_stroke (cr);
    }
}

static char *
summary_text (GPtrArray *rows)
{
  guint to_thank = ewe_thank_yous_count_to_thank (rows);

  if (rows->len == 0)
    return g_strdup (_("Nobody has given a gift yet."));
  if (to_thank == 0)
    return g_strdup (_("Everyone has been thanked."));
  return g_strdup_printf (ngettext ("Still to thank: %u of %u giver", "Still to thank: %u of %u givers", rows->len),
                          to_thank, rows->len);
}

/* The heading: the list, "Thank-yous", and how many are still to thank. */
static LinesBlock *
heading_block (const char *list_title,
               GPtrArray  *rows)
{
  LinesBlock      *block = lines_block_new (RULE_HEAVY);
  g_autofree char *summary = summary_text (rows);

  lines_block_add (block, list_title, "Sans Bold 20", 0, 0, MARK_NONE);
  lines_block_add (block, _("Thank-yous"), "Sans 13", 0.25, 0, MARK_NONE);
  lines_block_add (block, summary, "Sans 10", 0.25, 0, MARK_NONE);
  return block;
}

/* Those still to thank, a box each: the page to work from with a pen. */
static LinesBlock *
to_thank_block (GPtrArray *rows)
{
  LinesBlock *block = lines_block_new (RULE_HAIRLINE);

  /* Translators: the heading of the printed Thank-yous' checklist of givers not thanked yet */
  lines_block_add (block, _("Still to thank"), "Sans Bold 12", 0, 0, MARK_NONE);
  for (guint i = 0; i < rows->len; i++)
    {
      EweThankYou     *row = g_ptr_array_index (rows, i);
      g_autofree char *text = NULL;

      if (row->thanked)
        continue;
      /* Translators: a giver on the printed checklist: their name and e-mail address */
      text = g_strdup_printf (_("%1$s <%2$s>"), row->name, row->email);
      lines_block_add (block, text, "Sans 10", 0, 0, MARK_EMPTY);
    }
  return block;
}

/* One giver: their name and address, whether they have been thanked, and
 * each gift with whether it has arrived. */
static LinesBlock *
giver_block (EweThankYou *row)
{
  LinesBlock *block = lines_block_new (RULE_HAIRLINE);

  lines_block_add (block, row->name, "Sans Bold 12", 0, 0, MARK_NONE);
  lines_block_add (block, row->email, "Sans 9", 0.35, 0, MARK_NONE);
  lines_block_add (block, row->thanked ? _("Thank-you sent") : _("Still to thank"), "Sans 10", 0, 0, row->thanked ? MARK_TICKED : MARK_EMPTY);

  for (guint i = 0; i < row->gifts->len; i++)
    {
      EweThankYouGift *gift = g_ptr_array_index (row->gifts, i);
      gboolean         received = gift->gift != NULL && ewe_gift_get_received (gift->gift);
      g_autofree char *given = gift->purchased
                                 ? g_strdup_printf (ngettext ("Bought %d", "Bought %d", gift->quantity), gift->quantity)
                                 : g_strdup_printf (ngettext ("Reserved %d", "Reserved %d", gift->quantity),
                                                    gift->quantity);
      /* Translators: a gift under its giver on the printed Thank-yous: what it is, how many were
       * given ("Bought 2"), and whether it has arrived ("Received", "Not received yet") */
      g_autofree char *text = g_strdup_printf (_("%1$s · %2$s · %3$s"), gift->description, given,
                                                  received ? _("Received") : _("Not received yet"));

      lines_block_add (block, text, "Sans 10", 0, GIFT_INDENT, received ? MARK_TICKED : MARK_EMPTY);
    }
  return block;
}

EwePrintLayout *
ewe_thank_yous_printer_build (const char *list_title,
                              GPtrArray  *rows)
{
  g_autofree char *document = NULL;
  EwePrintLayout  *layout;
  const char      *title = list_title != NULL && list_title[0] != '\0' ? list_title : _("Untitled List");

  g_return_val_if_fail (rows != NULL, NULL);

  /* The same words as the copied text's first line: the job's name and
   * each page's footer. */
  document = g_strdup_printf (_("Thank-yous for “%s”"), title);
  layout = ewe_print_layout_new (document);
  ewe_print_layout_add_block (layout, lines_measure, lines_draw, heading_block (title, rows), lines_block_free);
  if (ewe_thank_yous_count_to_thank (rows) > 0)
    ewe_print_layout_add_block (layout, lines_measure, lines_draw, to_thank_block (rows), lines_block_free);
  for (guint i = 0; i < rows->len; i++)
    ewe_print_layout_add_block (layout, lines_measure, lines_draw, giver_block (g_ptr_array_index (rows, i)),
                                     lines_block_free);

  return layout;
}
