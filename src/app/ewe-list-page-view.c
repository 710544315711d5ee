/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-list-page"

#include "config.h"

#include "ewe-gift-card.h"
#include "ewe-list-page-private.h"

/* Which cards are near the view. GTK 4.8's grid view keeps max-columns ×
 * 30 rows of cards bound (161 at 1280×800) and shows a few rows: were each
 * to decode its picture, a 1,000-gift list would hold 19 MB of pixels for
 * cards nobody sees. The page tells each card whether it is in the view
 * or within about a viewport of it (ewe_gift_card_set_near_view()); only
 * those ask for their pictures, in the image cache's thread, so a card
 * scrolled in has its picture by the time it shows, or a moment later.
 *
 * The grid places only the cells in view (the others are not
 * child-visible, their allocation meaningless), so "near" is counted in
 * positions in the list: the cells in view span some positions, and those
 * within as many again before and after them are near.
 *
 * Which cells are in view is known once the grid is laid out, which GTK
 * does after the scroll, resize or change that moved them: the page looks
 * after the frame is painted, and only after a frame in which one of
 * those happened. Looking costs two passes over the bound cards. A card's
 * own size_allocate() is no trigger: GTK 4.8 moves a widget without
 * calling it when its size stays the same. */

/* As many positions before and after those in view as they span count as
 * near; a card near stays so a little further, so that one at the edge
 * does not let go of its picture and ask again as the view moves a row
 * back and forth. */
#define NEAR_VIEWPORTS 1.0
#define STAY_NEAR_VIEWPORTS 1.5

static GQuark list_item_quark;

/* The list item @card is the child of: its position in the list. */
void
ewe_list_page_set_card_item (GtkWidget   *card,
                             GtkListItem *item)
{
  if (list_item_quark == 0)
    list_item_quark = g_quark_from_static_string ("ewe-list-page-item");

  /* Not a reference: the item owns the card. */
  g_object_set_qdata (G_OBJECT (card), list_item_quark, item);
}

static guint
card_position (GtkWidget *card)
{
  GtkListItem *item = list_item_quark ? g_object_get_qdata (G_OBJECT (card), list_item_quark) : NULL;

  return item ? gtk_list_item_get_position (item) : GTK_INVALID_LIST_POSITION;
}

static void
update_near_view (EweListPage *self)
{
  GtkWidget *grid = GTK_WIDGET (self->grid_view);
  double     viewport = gtk_widget_get_height (grid);
  guint      first = G_MAXUINT;
  guint      last = 0;
  double     span;

  /* The positions in view: the grid's coordinates run from 0 to its
   * height there. */
  for (GtkWidget *item = gtk_widget_get_first_child (grid);
       item != NULL;
       item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget      *card = gtk_widget_get_first_child (item);
      guint           position;
      graphene_rect_t bounds;

      if (!EWE_IS_GIFT_CARD (card) || !gtk_widget_get_child_visible (item) ||
          (position = card_position (card)) == GTK_INVALID_LIST_POSITION ||
          !gtk_widget_compute_bounds (item, grid, &bounds) ||
          bounds.origin.y + bounds.size.height <= 0 || bounds.origin.y >= viewport)
        continue;

      first = MIN (first, position);
      last = MAX (last, position);
    }

  span = first <= last ? last - first + 1 : 0;
  /* For the cards bound before the next look (ewe_list_page_near_view()). */
  self->near_first = span > 0 ? (guint)MAX (0.0, first - span * NEAR_VIEWPORTS) : 1;
  self->near_last = span > 0 ? (guint)MIN ((double)G_MAXUINT, last + span * NEAR_VIEWPORTS) : 0;

  for (GtkWidget *item = gtk_widget_get_first_child (grid);
       item != NULL;
       item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *card = gtk_widget_get_first_child (item);
      guint      position;
      gboolean   near = FALSE;

      if (!EWE_IS_GIFT_CARD (card))
        continue;

      if (span > 0 && (position = card_position (card)) != GTK_INVALID_LIST_POSITION)
        {
          double margin = span * (ewe_gift_card_get_near_view (EWE_GIFT_CARD (card))
                                    ? STAY_NEAR_VIEWPORTS
                                    : NEAR_VIEWPORTS);

          near = position + margin >= first && position <= last + margin;
        }

      ewe_gift_card_set_near_view (EWE_GIFT_CARD (card), near);
    }
}

/**
 * ewe_list_page_near_view:
 * @position: a position in the list
 *
 * Returns: whether a card at @position is near the view, as last looked;
 *   a card the grid binds to another gift between two looks (the grid
 *   binds them as it scrolls) asks for no picture far from it
 */
gboolean
ewe_list_page_near_view (EweListPage *self,
                         guint        position)
{
  return position >= self->near_first && position <= self->near_last;
}

static void
after_paint_cb (EweListPage   *self,
                GdkFrameClock *frame_clock)
{
  /* Not laid out (not shown, say): looked at once it is. */
  if (!self->view_changed || !gtk_widget_get_mapped (GTK_WIDGET (self->grid_view)) ||
      gtk_widget_get_height (GTK_WIDGET (self->grid_view)) <= 0)
    return;

  self->view_changed = FALSE;
  update_near_view (self);
}

/**
 * ewe_list_page_view_changed:
 *
 * The cards may have moved, or other gifts be bound to them: which are
 * near the view is looked at again after the next frame.
 */
void
ewe_list_page_view_changed (EweListPage *self)
{
  self->view_changed = TRUE;
  /* The change itself asks for a frame (a scroll, a resize, the grid's
   * items); this one costs nothing if so. */
  gtk_widget_queue_allocate (GTK_WIDGET (self->grid_view));
}

static void
realize_cb (EweListPage *self)
{
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  g_return_if_fail (self->frame_clock == NULL);

  self->frame_clock = g_object_ref (frame_clock);
  self->after_paint_id = g_signal_connect_swapped (frame_clock, "after-paint", G_CALLBACK (after_paint_cb), self);
  ewe_list_page_view_changed (self);
}

static void
unrealize_cb (EweListPage *self)
{
  if (self->frame_clock != NULL)
    g_clear_signal_handler (&self->after_paint_id, self->frame_clock);
  g_clear_object (&self->frame_clock);
}

/* The grid's vertical adjustment: its value is the scroll, its page size
 * the view's height, its upper bound the grid's (gifts added, removed). */
static void
vadjustment_notify_cb (EweListPage *self)
{
  g_signal_group_set_target (self->vadjustment_signals,
                             gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->grid_view)));
  ewe_list_page_view_changed (self);
}

void
ewe_list_page_watch_view (EweListPage *self)
{
  /* Nothing near until looked at. */
  self->near_first = 1;
  self->near_last = 0;
  self->vadjustment_signals = g_signal_group_new (GTK_TYPE_ADJUSTMENT);
  g_signal_group_connect_swapped (self->vadjustment_signals, "value-changed",
                                  G_CALLBACK (ewe_list_page_view_changed), self);
  g_signal_group_connect_swapped (self->vadjustment_signals, "changed",
                                  G_CALLBACK (ewe_list_page_view_changed), self);
  g_signal_connect_object (self->grid_view, "notify::vadjustment", G_CALLBACK (vadjustment_notify_cb),
                           self, G_CONNECT_SWAPPED);
  vadjustment_notify_cb (self);

  g_signal_connect (self, "realize", G_CALLBACK (realize_cb), NULL);
  g_signal_connect (self, "unrealize", G_CALLBACK (unrealize_cb), NULL);
  g_signal_connect (self, "map", G_CALLBACK (ewe_list_page_view_changed), NULL);
}

void
ewe_list_page_unwatch_view (EweListPage *self)
{
  unrealize_cb (self);
  g_clear_object (&self->vadjustment_signals);
}
