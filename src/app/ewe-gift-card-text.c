/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-gift-card"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-gift-card-private.h"

/* The card's text lines, what they say and where they go: every card
 * measures the same, so a card rebound while scrolling lays out its new
 * text and nothing more (see ewe-gift-card.c). */

/* --- text -------------------------------------------------------------------- */

static const char *
nonempty (const char *str)
{
  return str != NULL && *str != '\0' ? str : NULL;
}

/* Sets a line's text; GtkLabel lays out again only when the text
 * changes, and a recycled card often keeps most of its. A line without
 * text stays visible, measured and all, but takes no room: the lines
 * below move up (size_allocate). */
static void
set_line (EweGiftCard *self,
          GtkLabel    *label,
          const char  *text)
{
  gboolean shown = text != NULL && *text != '\0';

  gtk_label_set_text (label, shown ? text : "");
  if (gtk_widget_get_child_visible (GTK_WIDGET (label)) != shown)
    {
      gtk_widget_set_child_visible (GTK_WIDGET (label), shown);
      gtk_widget_queue_allocate (GTK_WIDGET (self));
    }
}

/* Where the counts wrap, they wrap after the separator: "0 reserved ·",
 * then "0 bought", never inside a count ("0 reserved · 0" / "bought"). */
static void
keep_counts_whole (GtkLabel   *label,
                   const char *text,
                   const char *reserved_text,
                   const char *purchased_text)
{
  PangoAttrList  *attrs = pango_attr_list_new ();
  PangoAttribute *keep;

  keep = pango_attr_allow_breaks_new (FALSE);
  keep->start_index = 0;
  keep->end_index = (guint)(strlen (reserved_text) + strlen (" ·"));
  pango_attr_list_insert (attrs, keep);

  keep = pango_attr_allow_breaks_new (FALSE);
  keep->start_index = (guint)(strlen (text) - strlen (purchased_text));
  keep->end_index = (guint)strlen (text);
  pango_attr_list_insert (attrs, keep);

  gtk_label_set_attributes (label, attrs);
  pango_attr_list_unref (attrs);
}

/* A friend's view: Reserve while some are still wanted and the list is
 * open, else what became of it. Both widgets stay measured (every card
 * the same size); the one not offered is left out of the layout, of
 * focus (its action disabled) and of the accessibility tree. */
static void
update_reserve (EweGiftCard *self,
                const char  *details,
                int          left,
                gboolean     bought)
{
  gboolean    offered = self->reservable && self->gift != NULL && left > 0 && self->list_open;
  const char *taken = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.reserve", offered);
  if (!self->reservable)
    return;

  if (self->gift != NULL && left <= 0)
    taken = bought ? _("All bought") : _("All reserved");
  gtk_label_set_text (self->taken_label, taken ? taken : "");
  gtk_widget_set_child_visible (GTK_WIDGET (self->taken_label), taken != NULL);
  gtk_widget_set_child_visible (self->reserve_button, offered);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->reserve_button),
                               GTK_ACCESSIBLE_STATE_HIDDEN, !offered,
                               -1);
  gtk_widget_queue_allocate (GTK_WIDGET (self));

  if (offered)
    {
      g_autofree char *label = NULL;

      /* Translators: the Reserve button of a gift, for screen readers; %s is the gift */
      label = g_strdup_printf (_("Reserve %s"), details ? details : _("this gift"));
      if (g_strcmp0 (label, self->reserve_label) != 0)
        {
          gtk_accessible_update_property (GTK_ACCESSIBLE (self->reserve_button),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                          -1);
          g_free (self->reserve_label);
          self->reserve_label = g_steal_pointer (&label);
        }
    }
}

/* The star: the owner's to press on every card; on a friend's card only
 * shown, on the gifts they starred. */
static void
update_star (EweGiftCard *self,
             gboolean     most_wanted)
{
  gboolean shown = self->editable || most_wanted;

  gtk_widget_set_child_visible (self->star_button, shown);
  gtk_widget_set_can_target (self->star_button, self->editable);
  gtk_widget_set_focusable (self->star_button, self->editable);
  gtk_button_set_icon_name (GTK_BUTTON (self->star_button), most_wanted ? "starred-symbolic" : "non-starred-symbolic");
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->star_button),
                               GTK_ACCESSIBLE_STATE_HIDDEN, !shown,
                               GTK_ACCESSIBLE_STATE_PRESSED, most_wanted,
                               -1);
  if (most_wanted)
    gtk_widget_add_css_class (self->star_button, "starred");
  else
    gtk_widget_remove_css_class (self->star_button, "starred");
}

void
ewe_gift_card_update_labels (EweGiftCard *self)
{
  g_autofree char *accessible = NULL;
  g_autofree char *price = NULL;
  const char      *brand = NULL;
  const char      *details = NULL;
  const char      *wanted;
  const char      *counts;
  int              quantity = 0;
  int              reserved = 0;
  int              purchased = 0;
  gboolean         unlimited = FALSE;
  gboolean         most_wanted = FALSE;
  gboolean         taken;

  if (self->gift != NULL)
    {
      brand = nonempty (ewe_gift_get_brand (self->gift));
      details = nonempty (ewe_gift_get_details (self->gift));
      price = ewe_gift_dup_display_price (self->gift);
      quantity = ewe_gift_get_quantity (self->gift);
      reserved = ewe_gift_get_reserved (self->gift);
      purchased = ewe_gift_get_purchased (self->gift);
      unlimited = ewe_gift_get_unlimited (self->gift);
      most_wanted = ewe_gift_get_most_wanted (self->gift);
    }

  if (details == NULL)
    details = _("Unnamed gift");

  /* Shop pages are hostile text: plain labels, never markup. */
  set_line (self, self->brand_label, brand);
  set_line (self, self->details_label, details);
  set_line (self, self->price_label, price);

  /* Most gifts want one or two of something: format the counts only
   * when they change. */
  if (quantity != self->shown_quantity || unlimited != self->shown_unlimited || !self->counts_shown)
    {
      g_autofree char *text = NULL;

      if (unlimited)
        /* Translators: a gift guests may give any number of (nappies, books) */
        text = g_strdup (_("As many as you like"));
      else
        /* Translators: how many of this gift the list's owner wants */
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Wanted: %d", "Wanted: %d", quantity), quantity);
      gtk_label_set_text (self->wanted_label, text);
    }

  if (reserved != self->shown_reserved || purchased != self->shown_purchased || !self->counts_shown)
    {
      g_autofree char *text = NULL;
      g_autofree char *reserved_text = NULL;
      g_autofree char *purchased_text = NULL;

      /* Two counts, each with its own plural; the line joins them. */
      /* Translators: how many of this gift guests reserved */
      reserved_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d reserved", "%d reserved", reserved), reserved);
      /* Translators: how many of this gift guests bought */
      purchased_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d bought", "%d bought", purchased), purchased);
      text = g_strdup_printf ("%s · %s", reserved_text, purchased_text);
      gtk_label_set_text (self->counts_label, text);
      keep_counts_whole (self->counts_label, text, reserved_text, purchased_text);
      self->counts_width_valid = FALSE;
      gtk_widget_queue_allocate (GTK_WIDGET (self));
    }

  set_line (self, self->notes_label, self->gift ? nonempty (ewe_gift_get_notes (self->gift)) : NULL);

  self->shown_quantity = quantity;
  self->shown_reserved = reserved;
  self->shown_purchased = purchased;
  self->shown_unlimited = unlimited;
  self->counts_shown = TRUE;
  wanted = gtk_label_get_text (self->wanted_label);
  counts = gtk_label_get_text (self->counts_label);
  /* Hidden, not only left out: what guests did stays off the screen and
   * out of the accessibility tree. */
  gtk_widget_set_visible (GTK_WIDGET (self->counts_label), !self->surprise_mode);

  /* An unlimited gift is never all taken: the counts say how many came. */
  taken = !self->surprise_mode && !unlimited && quantity > 0 && reserved + purchased >= quantity;
  /* Left out of the layout, not hidden: hiding or showing a widget
   * restyles the siblings after it (GtkCssNode), and the grid rebinds a
   * card to a gift taken or not in most scroll frames. */
  gtk_label_set_text (self->taken_badge, !taken ? "" : purchased >= quantity ? _("Bought") : _("All Reserved"));
  if (gtk_widget_get_child_visible (GTK_WIDGET (self->taken_badge)) != taken)
    {
      gtk_widget_set_child_visible (GTK_WIDGET (self->taken_badge), taken);
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->taken_badge), GTK_ACCESSIBLE_STATE_HIDDEN, !taken, -1);
      gtk_widget_queue_allocate (GTK_WIDGET (self));
    }
  /* Dimmed by the widget's opacity, not a style class: a class on the
   * card restyled all its children whenever the grid rebound it to a gift
   * taken or not, a sixth of each scroll frame. */
  gtk_widget_set_opacity (GTK_WIDGET (self->picture), taken ? 0.5 : 1.0);

  if (self->surprise_mode)
    /* Translators: a gift card for screen readers: brand, name, price, quantity */
    accessible = g_strdup_printf (_("%s %s, price %s, %s"),
                                     brand ? brand : "", details, price ? price : _("unknown"), wanted);
  else
    /* Translators: a gift card for screen readers: brand, name, price, quantity, counts */
    accessible = g_strdup_printf (_("%s %s, price %s, %s, %s"),
                                     brand ? brand : "", details, price ? price : _("unknown"), wanted, counts);
  g_strstrip (accessible);

  update_star (self, most_wanted);
  update_reserve (self, self->gift ? nonempty (ewe_gift_get_details (self->gift)) : NULL,
                  unlimited ? G_MAXINT : quantity - reserved - purchased, !unlimited && purchased >= quantity);

  /* Each update reaches the accessibility bus: only when it changed. */
  if (g_strcmp0 (accessible, self->accessible_label) != 0)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                      -1);
      g_free (self->accessible_label);
      self->accessible_label = g_steal_pointer (&accessible);
    }
}

/* --- size and layout ---------------------------------------------------------- */

/* The height of each line, measured once: a single line of its font.
 * Measured again only when the font or the scale changes. */
static void
ensure_metrics (EweGiftCard *self)
{
  if (self->metrics_valid)
    return;

  self->text_height = 0;
  for (guint i = 0; i < N_LINES; i++)
    {
      int height = 0;

      gtk_widget_measure (self->lines[i], GTK_ORIENTATION_VERTICAL, -1, NULL, &height, NULL, NULL);
      self->line_heights[i] = height;
    }

  /* The counts are a caption, as the wanted line is (and hidden in
   * surprise mode). They wrap, so their own measure is not one line's. */
  self->line_heights[LINE_COUNTS] = self->line_heights[LINE_WANTED];
  self->counts_width_valid = FALSE;

  /* Notes are a caption too. */
  if (self->line_heights[LINE_NOTES] == 0)
    self->line_heights[LINE_NOTES] = self->line_heights[LINE_WANTED];

  for (guint i = 0; i < N_LINES; i++)
    self->text_height += self->line_heights[i] + (i > 0 ? LINE_SPACING : 0);
  /* Room for the counts' second line on every card: they have it when
   * they do not fit on one ("0 reserved · 0 bought" on a phone's two
   * columns, or in German), else it is slack at the bottom. */
  self->text_height += self->line_heights[LINE_COUNTS];

  /* The Reserve button and the line said in its place both measure,
   * whichever shows. */
  self->reserve_height = 0;
  if (self->reservable)
    {
      int button = 0, taken = 0;

      gtk_widget_measure (self->reserve_button, GTK_ORIENTATION_VERTICAL, -1, NULL, &button, NULL, NULL);
      gtk_widget_measure (GTK_WIDGET (self->taken_label), GTK_ORIENTATION_VERTICAL, -1, NULL, &taken, NULL, NULL);
      self->reserve_height = RESERVE_TOP + MAX (button, taken);
    }

  self->metrics_valid = TRUE;
}

void
ewe_gift_card_invalidate_metrics (EweGiftCard *self)
{
  self->metrics_valid = FALSE;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* The same for every card, whatever it shows. */
void
ewe_gift_card_measure (GtkWidget     *widget,
                       GtkOrientation orientation,
                       int            for_size,
                       int           *minimum,
                       int           *natural,
                       int           *minimum_baseline,
                       int           *natural_baseline)
{
  EweGiftCard *self = EWE_GIFT_CARD (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = CARD_MIN_WIDTH;
      *natural = CARD_NAT_WIDTH;
      return;
    }

  ensure_metrics (self);
  *minimum = *natural = PICTURE_HEIGHT + TEXT_TOP + self->text_height + self->reserve_height + TEXT_MARGIN;
}

/* The counts' text on one line, in their font: measured once per text
 * (a Pango layout of a few words), not on every allocation. */
static int
counts_width (EweGiftCard *self)
{
  if (!self->counts_width_valid)
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self->counts_label),
                                                                       gtk_label_get_text (self->counts_label));

      pango_layout_get_pixel_size (layout, &self->counts_width, NULL);
      self->counts_width_valid = TRUE;
    }

  return self->counts_width;
}

/* Places @child at its natural size at (@x, @y), within @max_width. */
static void
allocate_natural (GtkWidget *child,
                  int        x,
                  int        y,
                  int        max_width)
{
  int width, height;

  if (!gtk_widget_should_layout (child))
    return;

  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL, NULL);
  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, -1, NULL, &height, NULL, NULL);
  gtk_widget_size_allocate (child, &(GtkAllocation) { x, y, MIN (width, max_width), height }, -1);
}

void
ewe_gift_card_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  EweGiftCard  *self = EWE_GIFT_CARD (widget);
  GtkAllocation picture = { 0, 0, width, PICTURE_HEIGHT };
  int           badge_width = 0;
  int           y;

  ensure_metrics (self);

  if (gtk_widget_should_layout (self->shadow))
    gtk_widget_size_allocate (self->shadow, &(GtkAllocation) { 0, 0, width, height }, -1);
  gtk_widget_size_allocate (GTK_WIDGET (self->picture), &picture, -1);
  if (gtk_widget_should_layout (self->placeholder))
    gtk_widget_size_allocate (self->placeholder, &picture, -1);

  allocate_natural (GTK_WIDGET (self->menu_button), OVERLAY_MARGIN, OVERLAY_MARGIN, width / 2);
  if (gtk_widget_should_layout (self->star_button))
    {
      int star_width = 0, star_height = 0;

      gtk_widget_measure (self->star_button, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &star_width, NULL, NULL);
      gtk_widget_measure (self->star_button, GTK_ORIENTATION_VERTICAL, -1, NULL, &star_height, NULL, NULL);
      allocate_natural (self->star_button, width - OVERLAY_MARGIN - star_width,
                        PICTURE_HEIGHT - OVERLAY_MARGIN - star_height, star_width);
    }
  if (gtk_widget_should_layout (GTK_WIDGET (self->taken_badge)))
    {
      gtk_widget_measure (GTK_WIDGET (self->taken_badge), GTK_ORIENTATION_HORIZONTAL, -1,
                          NULL, &badge_width, NULL, NULL);
      badge_width = MIN (badge_width, width - 2 * OVERLAY_MARGIN);
      allocate_natural (GTK_WIDGET (self->taken_badge), width - OVERLAY_MARGIN - badge_width, OVERLAY_MARGIN,
                        badge_width);
    }

  /* The lines, as they measure once, each cut to the card's width: what
   * has no text takes no room; the slack stays at the bottom. Labels are
   * placed without measuring their new text: a single ellipsised line is
   * as high as the font, whatever the text. */
  y = PICTURE_HEIGHT + TEXT_TOP;
  for (guint i = 0; i < N_LINES; i++)
    {
      int line_width = MAX (0, width - 2 * TEXT_MARGIN);
      int line_height = self->line_heights[i];

      if (!gtk_widget_should_layout (self->lines[i]))
        continue;

      /* The counts wrap after their separator, as two lines, rather than
       * be cut to "0 reserved · 0 bou…". */
      if (i == LINE_COUNTS && counts_width (self) > line_width)
        line_height *= 2;

      gtk_widget_size_allocate (self->lines[i], &(GtkAllocation) { TEXT_MARGIN, y, line_width, line_height }, -1);
      y += line_height + LINE_SPACING;
    }

  /* The Reserve line at the bottom, where every card has it. */
  if (self->reservable)
    {
      int row = self->reserve_height - RESERVE_TOP;
      int button_width = 0;

      y = height - TEXT_MARGIN - row;
      if (gtk_widget_get_child_visible (self->reserve_button))
        {
          gtk_widget_measure (self->reserve_button, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &button_width, NULL, NULL);
          button_width = MIN (button_width, width - 2 * TEXT_MARGIN);
          gtk_widget_size_allocate (self->reserve_button,
                                    &(GtkAllocation) { (width - button_width) / 2, y, button_width, row }, -1);
        }
      if (gtk_widget_get_child_visible (GTK_WIDGET (self->taken_label)))
        gtk_widget_size_allocate (GTK_WIDGET (self->taken_label),
                                  &(GtkAllocation) { TEXT_MARGIN, y, MAX (0, width - 2 * TEXT_MARGIN), row }, -1);
    }
}

GtkSizeRequestMode
ewe_gift_card_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

/* The texts are cut to one line: the whole of what was cut, on hover. */
gboolean
ewe_gift_card_query_tooltip_cb (EweGiftCard *self,
                                int          x,
                                int          y,
                                gboolean     keyboard_mode,
                                GtkTooltip  *tooltip)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < N_LINES; i++)
    {
      GtkLabel *label = GTK_LABEL (self->lines[i]);

      if (gtk_widget_get_child_visible (GTK_WIDGET (label)) && gtk_widget_get_visible (GTK_WIDGET (label)) &&
          pango_layout_is_ellipsized (gtk_label_get_layout (label)))
        {
          if (text->len > 0)
            g_string_append_c (text, '\n');
          g_string_append (text, gtk_label_get_text (label));
        }
    }

  if (text->len == 0)
    return FALSE;

  gtk_tooltip_set_text (tooltip, text->str);

  return TRUE;
}
