/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-list-printer"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-list-printer.h"
#include "ewe-occasion.h"
#include "ewe-picture.h"

/* Sizes in points. A gift's block is its picture beside its text; the
 * layout keeps each block on one page. */
#define PICTURE_SIZE 72.0
#define PICTURE_GAP 14.0
#define PICTURE_PIXELS 300 /* decoded at about 300 dpi for its printed size */

/* --- the list's heading ------------------------------------------------ */

typedef struct
{
  char *title;
  char *subtitle; /* occasion · date; may be NULL */
  char *description;
  char *archived; /* the note, said so, for an archived list; may be NULL */
} Heading;

static void
heading_free (gpointer data)
{
  Heading *heading = data;

  g_free (heading->title);
  g_free (heading->subtitle);
  g_free (heading->description);
  g_free (heading->archived);
  g_free (heading);
}

/* The heading's lines, each a layout, in order; measuring and drawing
 * walk the same ones. */
static GPtrArray *
heading_lines (Heading *heading,
               cairo_t *cr,
               double   width)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (lines, ewe_print_layout_text (cr, heading->title, "Sans Bold 20", width));
  if (heading->subtitle != NULL)
    g_ptr_array_add (lines, ewe_print_layout_text (cr, heading->subtitle, "Sans 11", width));
  if (heading->description != NULL)
    g_ptr_array_add (lines, ewe_print_layout_text (cr, heading->description, "Sans 10", width));
  if (heading->archived != NULL)
    g_ptr_array_add (lines, ewe_print_layout_text (cr, heading->archived, "Sans Italic 10", width));

  return lines;
}

static double
heading_measure (gpointer data,
                 cairo_t *cr,
                 double   width)
{
  g_autoptr(GPtrArray) lines = heading_lines (data, cr, width);
  double height = 0;

  for (guint i = 0; i < lines->len; i++)
    {
      int line_height;

      pango_layout_get_size (g_ptr_array_index (lines, i), NULL, &line_height);
      height += (double)line_height / PANGO_SCALE + 4;
    }

  /* A rule under it. */
  return height + 8;
}

static void
heading_draw (gpointer data,
              cairo_t *cr,
              double   width,
              double   height)
{
  g_autoptr(GPtrArray) lines = heading_lines (data, cr, width);
  double y = 0;

  for (guint i = 0; i < lines->len; i++)
    {
      PangoLayout *layout = g_ptr_array_index (lines, i);
      int          line_height;

      /* The title black, the rest a dark grey. */
      if (i == 0)
        cairo_set_source_rgb (cr, 0, 0, 0);
      else
        cairo_set_source_rgb (cr, 0.25, 0.25, 0.25);
      cairo_move_to (cr, 0, y);
      pango_cairo_show_layout (cr, layout);
      pango_layout_get_size (layout, NULL, &line_height);
      y += (double)line_height / PANGO_SCALE + 4;
    }

  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 1.5);
  cairo_move_to (cr, 0, height - 1);
  cairo_line_to (cr, width, height - 1);
  cairo_stroke (cr);
}

/* --- a gift ------------------------------------------------------------ */

typedef struct
{
  char       *brand;
  char       *details;
  char       *facts; /* price · quantity · counts */
  char       *notes;
  char       *link;
  EwePicture *picture; /* may be NULL */
} GiftBlock;

static void
gift_block_free (gpointer data)
{
  GiftBlock *block = data;

  g_free (block->brand);
  g_free (block->details);
  g_free (block->facts);
  g_free (block->notes);
  g_free (block->link);
  g_clear_object (&block->picture);
  g_free (block);
}

static double
text_width (GiftBlock *block,
            double     width)
{
  return block->picture != NULL ? width - PICTURE_SIZE - PICTURE_GAP : width;
}

static GPtrArray *
gift_lines (GiftBlock *block,
            cairo_t   *cr,
            double     width)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_object_unref);
  double     text = text_width (block, width);

  if (block->brand != NULL)
    g_ptr_array_add (lines, ewe_print_layout_text (cr, block->brand, "Sans 8", text));
  g_ptr_array_add (lines, ewe_print_layout_text (cr, block->details, "Sans Bold 12", text));
  g_ptr_array_add (lines, ewe_print_layout_text (cr, block->facts, "Sans 10", text));
  if (block->notes != NULL)
    g_ptr_array_add (lines, ewe_print_layout_text (cr, block->notes, "Sans Italic 10", text));
  if (block->link != NULL)
    {
      PangoLayout *link = ewe_print_layout_text (cr, block->link, "Sans 7", text);

      /* An address is for reading off, not for reading whole. */
      pango_layout_set_ellipsize (link, PANGO_ELLIPSIZE_MIDDLE);
      g_ptr_array_add (lines, link);
    }

  return lines;
}

static double
gift_measure (gpointer data,
              cairo_t *cr,
              double   width)
{
  GiftBlock *block = data;
  g_autoptr(GPtrArray) lines = gift_lines (block, cr, width);
  double text_height = 0;

  for (guint i = 0; i < lines->len; i++)
    {
      int line_height;

      pango_layout_get_size (g_ptr_array_index (lines, i), NULL, &line_height);
      text_height += (double)line_height / PANGO_SCALE + 2;
    }

  return MAX (text_height, block->picture != NULL ? PICTURE_SIZE : 0) + 10;
}

static void
draw_picture (EwePicture *picture,
              cairo_t    *cr)
{
  GBytes          *pixels = ewe_picture_get_pixels (picture);
  int              width = ewe_picture_get_width (picture);
  int              height = ewe_picture_get_height (picture);
  double           scale = PICTURE_SIZE / MAX (width, height);
  cairo_surface_t *surface;

  if (width <= 0 || height <= 0)
    return;

  surface = cairo_image_surface_create_for_data ((unsigned char *)g_bytes_get_data (pixels, NULL),
                                                 CAIRO_FORMAT_ARGB32, width, height,
                                                 (int)ewe_picture_get_stride (picture));
  cairo_save (cr);
  /* Fitted into the square, centred. */
  cairo_translate (cr, (PICTURE_SIZE - width * scale) / 2, (PICTURE_SIZE - height * scale) / 2);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (surface);
}

static void
gift_draw (gpointer data,
           cairo_t *cr,
           double   width,
           double   height)
{
  GiftBlock *block = data;
  g_autoptr(GPtrArray) lines = gift_lines (block, cr, width);
  double x = block->picture != NULL ? PICTURE_SIZE + PICTURE_GAP : 0;
  double y = 0;

  if (block->picture != NULL)
    draw_picture (block->picture, cr);

  for (guint i = 0; i < lines->len; i++)
    {
      PangoLayout *layout = g_ptr_array_index (lines, i);
      int          line_height;

      if (i == 0 && block->brand != NULL)
        cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
      else
        cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_move_to (cr, x, y);
      pango_cairo_show_layout (cr, layout);
      pango_layout_get_size (layout, NULL, &line_height);
      y += (double)line_height / PANGO_SCALE + 2;
    }

  /* A hairline between gifts. */
  cairo_set_source_rgb (cr, 0.75, 0.75, 0.75);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, 0, height - 0.5);
  cairo_line_to (cr, width, height - 0.5);
  cairo_stroke (cr);
}

static char *
gift_facts (EweGift *gift,
            gboolean show_counts)
{
  g_autoptr(GString) facts = g_string_new (NULL);
  g_autofree char *price = ewe_gift_dup_display_price (gift);
  int              quantity = ewe_gift_get_quantity (gift);

  if (price != NULL)
    g_string_append_printf (facts, "%s · ", price);
  /* Translators: how many of this gift the list's owner wants */
  g_string_append_printf (facts, g_dngettext (GETTEXT_PACKAGE, "Wanted: %d", "Wanted: %d", quantity), quantity);
  if (show_counts)
    {
      int reserved = ewe_gift_get_reserved (gift);
      int purchased = ewe_gift_get_purchased (gift);

      g_string_append (facts, " · ");
      /* Translators: how many of this gift guests reserved */
      g_string_append_printf (facts, g_dngettext (GETTEXT_PACKAGE, "%d reserved", "%d reserved", reserved), reserved);
      g_string_append (facts, " · ");
      /* Translators: how many of this gift guests bought */
      g_string_append_printf (facts, g_dngettext (GETTEXT_PACKAGE, "%d bought", "%d bought", purchased), purchased);
    }

  return g_string_free (g_steal_pointer (&facts), FALSE);
}

static char *
nonempty (const char *text)
{
  return text != NULL && text[0] != '\0' ? g_strdup (text) : NULL;
}

EwePrintLayout *
ewe_list_printer_build (EweList    *list,
                        GListModel *gifts,
                        GHashTable *pictures,
                        gboolean    show_counts)
{
  EwePrintLayout *layout;
  Heading        *heading = g_new0 (Heading, 1);
  g_autoptr(GDateTime) event = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  const char *occasion;

  g_return_val_if_fail (EWE_IS_LIST (list), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (gifts), NULL);

  heading->title = g_strdup (ewe_list_get_title (list) != NULL ? ewe_list_get_title (list) : _("Untitled List"));
  occasion = ewe_list_get_occasion (list);
  if (occasion != NULL && occasion[0] != '\0')
    g_string_append (subtitle, ewe_occasion_label_for_name (occasion));
  event = ewe_list_dup_event_datetime (list);
  if (event != NULL)
    {
      g_autofree char *date = ewe_occasion_format_event_date (event);

      if (subtitle->len > 0)
        g_string_append (subtitle, " · ");
      g_string_append (subtitle, date);
    }
  heading->subtitle = subtitle->len > 0 ? g_strdup (subtitle->str) : NULL;
  heading->description = nonempty (ewe_list_get_description (list));
  if (ewe_list_get_archived (list))
    /* Translators: on a printed archived list, before the note its guests read */
    heading->archived = g_strdup_printf (_("Archived. Guests read: “%s”"),
                                            ewe_list_get_archive_note (list) != NULL
                                              ? ewe_list_get_archive_note (list)
                                              : _("Thank you for your gifts!"));

  layout = ewe_print_layout_new (heading->title);
  ewe_print_layout_add_block (layout, heading_measure, heading_draw, heading, heading_free);

  for (guint i = 0; i < g_list_model_get_n_items (gifts); i++)
    {
      g_autoptr(EweGift) gift = g_list_model_get_item (gifts, i);
      GiftBlock  *block = g_new0 (GiftBlock, 1);
      const char *notes = ewe_gift_get_notes (gift);
      const char *image_url = ewe_gift_get_image_url (gift);
      EwePicture *picture = pictures != NULL && image_url != NULL ? g_hash_table_lookup (pictures, image_url) : NULL;

      block->brand = nonempty (ewe_gift_get_brand (gift));
      block->details = g_strdup (ewe_gift_get_details (gift) != NULL ? ewe_gift_get_details (gift) : "");
      block->facts = gift_facts (gift, show_counts);
      /* Translators: a gift's notes on a printed list, e.g. "Notes: size 4" */
      block->notes = notes != NULL && notes[0] != '\0' ? g_strdup_printf (_("Notes: %s"), notes) : NULL;
      block->link = nonempty (ewe_gift_get_product_url (gift));
      block->picture = picture != NULL ? g_object_ref (picture) : NULL;
      ewe_print_layout_add_block (layout, gift_measure, gift_draw, block, gift_block_free);
    }

  return layout;
}

/* --- pictures ---------------------------------------------------------- */

typedef struct
{
  EweImageCache *cache;
  GPtrArray     *urls; /* those the cache holds, to load */
  guint          next;
  GHashTable    *pictures;
} PictureLoad;

static void
picture_load_free (gpointer data)
{
  PictureLoad *load = data;

  g_clear_object (&load->cache);
  g_clear_pointer (&load->urls, g_ptr_array_unref);
  g_clear_pointer (&load->pictures, g_hash_table_unref);
  g_free (load);
}

static void load_next (GTask *task);

static void
picture_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PictureLoad *load = g_task_get_task_data (task);
  const char  *url = g_ptr_array_index (load->urls, load->next - 1);
  g_autoptr(GError) error = NULL;
  EwePicture *picture = ewe_image_cache_load_picture_finish (EWE_IMAGE_CACHE (object), result, &error);

  /* A picture that will not load is left out, as on screen. */
  if (picture != NULL)
    g_hash_table_insert (load->pictures, g_strdup (url), picture);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  load_next (g_steal_pointer (&task));
}

static void
load_next (GTask *task)
{
  PictureLoad *load = g_task_get_task_data (task);

  if (load->next == load->urls->len)
    {
      g_task_return_pointer (task, g_hash_table_ref (load->pictures), (GDestroyNotify)g_hash_table_unref);
      g_object_unref (task);
      return;
    }

  ewe_image_cache_load_picture_async (load->cache, g_ptr_array_index (load->urls, load->next++), PICTURE_PIXELS,
                                      PICTURE_PIXELS, g_task_get_cancellable (task), picture_loaded_cb, task);
}

void
ewe_list_printer_load_pictures_async (EweImageCache      *cache,
                                      GListModel         *gifts,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  GTask       *task = g_task_new (NULL, cancellable, callback, user_data);
  PictureLoad *load = g_new0 (PictureLoad, 1);

  g_task_set_source_tag (task, ewe_list_printer_load_pictures_async);
  load->cache = cache != NULL ? g_object_ref (cache) : NULL;
  load->urls = g_ptr_array_new_with_free_func (g_free);
  load->pictures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_task_set_task_data (task, load, picture_load_free);

  /* Only what is on disk already: a file's presence is one stat each,
   * and printing must not wait on shops' servers. */
  for (guint i = 0; cache != NULL && i < g_list_model_get_n_items (gifts); i++)
    {
      g_autoptr(EweGift) gift = g_list_model_get_item (gifts, i);
      const char *url = ewe_gift_get_image_url (gift);
      g_autoptr(GFile) file = url != NULL ? ewe_image_cache_get_file (cache, url) : NULL;

      if (file != NULL && g_file_query_exists (file, NULL))
        g_ptr_array_add (load->urls, g_strdup (url));
    }

  load_next (task);
}

GHashTable *
ewe_list_printer_load_pictures_finish (GAsyncResult *result,
                                       GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
