/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-gift-card"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-gift-card.h"

/* One gift in the list's grid. The grid recycles cards as it scrolls, so
 * a card is cheap to rebind: a handful of labels updated from the gift's
 * notify signal, and a picture that comes from a small in-memory cache of
 * decoded textures, else from EweImageCache and a decoding thread.
 *
 * Every card has the same size, and the card places its children itself:
 * a picture on top, then one ellipsised line per text. Its size is known
 * without measuring its text, so a card rebound while scrolling costs its
 * new text's layout and nothing more (GtkGridView measures every card it
 * shows in each frame; a box of wrapping labels re-measured them all). */

#define TEXTURE_CACHE_SIZE 128
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

  /* owned */
  EweGift       *gift;
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

  /* what the count labels show */
  int            shown_quantity;
  int            shown_reserved;
  int            shown_purchased;

  guint          surprise_mode : 1;
  guint          image_loaded : 1;
  guint          editable : 1;
  guint          counts_shown : 1;
  guint          metrics_valid : 1;
  guint          reservable : 1;
  guint          list_open : 1;
};

G_DEFINE_FINAL_TYPE (EweGiftCard, ewe_gift_card, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_GIFT,
  PROP_IMAGE_CACHE,
  PROP_SURPRISE_MODE,
  PROP_IMAGE_LOADED,
  PROP_EDITABLE,
  PROP_RESERVABLE,
  PROP_LIST_OPEN,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

enum {
  EDIT,
  REMOVE,
  RESERVE,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* --- decoded pictures -------------------------------------------------------- */

/* Decoding a picture costs far more than drawing it; a card scrolled out
 * and back in, or the same picture on many gifts, reuses the texture. */
typedef struct
{
  GdkTexture *texture;
  int         scale_factor;   /* the one it was decoded for */
} TextureEntry;

static GHashTable *textures;   /* URL → TextureEntry */
static GQueue      texture_order = G_QUEUE_INIT;

typedef struct
{
  GBytes *bytes;
  char   *url;
  int     scale_factor;
} DecodeData;

static void
texture_entry_free (gpointer data)
{
  TextureEntry *entry = data;

  g_object_unref (entry->texture);
  g_free (entry);
}

static void
decode_data_free (gpointer data)
{
  DecodeData *decode = data;

  g_bytes_unref (decode->bytes);
  g_free (decode->url);
  g_free (decode);
}

static GdkTexture *
texture_cache_lookup (const char *url,
                      int         scale_factor)
{
  TextureEntry *entry;

  if (textures == NULL || !(entry = g_hash_table_lookup (textures, url)))
    return NULL;

  return entry->scale_factor == scale_factor ? entry->texture : NULL;
}

static void
texture_cache_insert (const char *url,
                      GdkTexture *texture,
                      int         scale_factor)
{
  TextureEntry *entry;

  if (textures == NULL)
    textures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, texture_entry_free);

  /* Decoded again for another scale factor: the new one replaces it. */
  if ((entry = g_hash_table_lookup (textures, url)))
    {
      g_set_object (&entry->texture, texture);
      entry->scale_factor = scale_factor;
      return;
    }

  while (texture_order.length >= TEXTURE_CACHE_SIZE)
    {
      g_autofree char *oldest = g_queue_pop_head (&texture_order);

      g_hash_table_remove (textures, oldest);
    }

  entry = g_new0 (TextureEntry, 1);
  entry->texture = g_object_ref (texture);
  entry->scale_factor = scale_factor;
  g_hash_table_insert (textures, g_strdup (url), entry);
  g_queue_push_tail (&texture_order, g_strdup (url));
}

/* Asks the decoder for the size the card shows, so a JPEG decodes at a
 * fraction of its size and the renderer never scales in a frame. */
static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  DecodeData      *decode)
{
  double scale = MIN ((double)PICTURE_MAX_WIDTH * decode->scale_factor / width,
                      (double)PICTURE_HEIGHT * decode->scale_factor / height);

  gdk_pixbuf_loader_set_size (loader,
                              MAX (1, (int)(width * scale + 0.5)),
                              MAX (1, (int)(height * scale + 0.5)));
}

static void
decode_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  DecodeData *decode = task_data;
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GdkTexture) straight = NULL;
  GdkPixbuf *pixbuf;
  GError *error = NULL;
  GBytes *pixels;
  gsize stride;
  guchar *data;
  int width, height;

  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), decode);
  if (!gdk_pixbuf_loader_write_bytes (loader, decode->bytes, &error) ||
      !gdk_pixbuf_loader_close (loader, &error))
    {
      /* Closed all the same, or it complains when finalized. */
      gdk_pixbuf_loader_close (loader, NULL);
      g_task_return_error (task, error);
      return;
    }

  if (!(pixbuf = gdk_pixbuf_loader_get_pixbuf (loader)))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Not a picture");
      return;
    }

  /* A pixbuf's straight alpha would be converted in every frame the
   * renderer draws it; convert once, to the format it draws. */
  straight = gdk_texture_new_for_pixbuf (pixbuf);
  width = gdk_texture_get_width (straight);
  height = gdk_texture_get_height (straight);
  stride = (gsize)width * 4;
  data = g_malloc (stride * height);
  gdk_texture_download (straight, data, stride);
  pixels = g_bytes_new_take (data, stride * height);

  g_task_return_pointer (task,
                         gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, pixels, stride),
                         g_object_unref);
  g_bytes_unref (pixels);
}

static void
set_image_loaded (EweGiftCard *self,
                  gboolean     loaded)
{
  if (self->image_loaded == !!loaded)
    return;

  self->image_loaded = !!loaded;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_IMAGE_LOADED]);
}

static void
show_texture (EweGiftCard *self,
              GdkTexture  *texture)
{
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (self->placeholder, texture == NULL);
  set_image_loaded (self, texture != NULL);
}

static void
decoded_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(EweGiftCard) self = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  DecodeData *decode = g_task_get_task_data (G_TASK (result));

  texture = g_task_propagate_pointer (G_TASK (result), &error);
  if (texture == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not decode the picture of %s: %s", self->image_url, error->message);
      return;
    }

  texture_cache_insert (decode->url, texture, decode->scale_factor);

  /* The card may show another gift by now. */
  if (g_strcmp0 (decode->url, self->image_url) != 0)
    return;

  show_texture (self, texture);
}

static void
image_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(EweGiftCard) self = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  DecodeData *decode;

  bytes = ewe_image_cache_load_finish (EWE_IMAGE_CACHE (object), result, &error);
  if (bytes == NULL)
    {
      /* The placeholder stays: a gift without its picture is still a gift. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not load a gift's picture: %s", error->message);
      return;
    }

  if (self->image_url == NULL || self->image_cancellable == NULL)
    return;

  /* Decoding a large JPEG takes tens of milliseconds: not on the main
   * thread while the user scrolls. */
  task = g_task_new (NULL, self->image_cancellable, decoded_cb, g_object_ref (self));
  g_task_set_source_tag (task, image_loaded_cb);
  decode = g_new0 (DecodeData, 1);
  decode->bytes = g_steal_pointer (&bytes);
  decode->url = g_strdup (self->image_url);
  decode->scale_factor = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  g_task_set_task_data (task, decode, decode_data_free);
  g_task_run_in_thread (task, decode_thread);
}

static void
update_image (EweGiftCard *self)
{
  const char *url = self->gift ? ewe_gift_get_image_url (self->gift) : NULL;
  GdkTexture *texture;

  if (url != NULL && *url == '\0')
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

  if ((texture = texture_cache_lookup (url, gtk_widget_get_scale_factor (GTK_WIDGET (self)))))
    {
      show_texture (self, texture);
      return;
    }

  show_texture (self, NULL);
  self->image_cancellable = g_cancellable_new ();
  ewe_image_cache_load_async (self->image_cache, url, self->image_cancellable,
                              image_loaded_cb, g_object_ref (self));
}

/* Pictures were decoded for the old scale factor: decode them again. */
static void
scale_factor_changed_cb (EweGiftCard *self)
{
  /* Lines are measured again too. */
  self->metrics_valid = FALSE;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_clear_pointer (&self->image_url, g_free);
  update_image (self);
}

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
  gboolean offered = self->reservable && self->gift != NULL && left > 0 && self->list_open;
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

static void
update_labels (EweGiftCard *self)
{
  g_autofree char *accessible = NULL;
  g_autofree char *price = NULL;
  const char *brand = NULL;
  const char *details = NULL;
  const char *wanted;
  const char *counts;
  int quantity = 0;
  int reserved = 0;
  int purchased = 0;
  gboolean taken;

  if (self->gift != NULL)
    {
      brand = nonempty (ewe_gift_get_brand (self->gift));
      details = nonempty (ewe_gift_get_details (self->gift));
      price = ewe_gift_dup_display_price (self->gift);
      quantity = ewe_gift_get_quantity (self->gift);
      reserved = ewe_gift_get_reserved (self->gift);
      purchased = ewe_gift_get_purchased (self->gift);
    }

  if (details == NULL)
    details = _("Unnamed gift");

  /* Shop pages are hostile text: plain labels, never markup. */
  set_line (self, self->brand_label, brand);
  set_line (self, self->details_label, details);
  set_line (self, self->price_label, price);

  /* Most gifts want one or two of something: format the counts only
   * when they change. */
  if (quantity != self->shown_quantity || !self->counts_shown)
    {
      g_autofree char *text = NULL;

      /* Translators: how many of this gift the list's owner wants */
      text = g_strdup_printf (_("Wanted: %d"), quantity);
      gtk_label_set_text (self->wanted_label, text);
    }

  if (reserved != self->shown_reserved || purchased != self->shown_purchased || !self->counts_shown)
    {
      g_autofree char *text = NULL;

      /* Translators: how many guests reserved this gift, and how many bought it */
      text = g_strdup_printf (_("%d reserved · %d bought"), reserved, purchased);
      gtk_label_set_text (self->counts_label, text);
    }

  set_line (self, self->notes_label, self->gift ? nonempty (ewe_gift_get_notes (self->gift)) : NULL);

  self->shown_quantity = quantity;
  self->shown_reserved = reserved;
  self->shown_purchased = purchased;
  self->counts_shown = TRUE;
  wanted = gtk_label_get_text (self->wanted_label);
  counts = gtk_label_get_text (self->counts_label);
  /* Hidden, not only left out: what guests did stays off the screen and
   * out of the accessibility tree. */
  gtk_widget_set_visible (GTK_WIDGET (self->counts_label), !self->surprise_mode);

  taken = !self->surprise_mode && quantity > 0 && reserved + purchased >= quantity;
  gtk_widget_set_visible (GTK_WIDGET (self->taken_badge), taken);
  if (taken)
    gtk_label_set_text (self->taken_badge, purchased >= quantity ? _("Bought") : _("All Reserved"));
  if (taken)
    gtk_widget_add_css_class (GTK_WIDGET (self), "taken");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "taken");

  if (self->surprise_mode)
    /* Translators: a gift card for screen readers: brand, name, price, quantity */
    accessible = g_strdup_printf (_("%s %s, price %s, %s"),
                                  brand ? brand : "", details, price ? price : _("unknown"), wanted);
  else
    /* Translators: a gift card for screen readers: brand, name, price, quantity, counts */
    accessible = g_strdup_printf (_("%s %s, price %s, %s, %s"),
                                  brand ? brand : "", details, price ? price : _("unknown"), wanted, counts);
  g_strstrip (accessible);

  update_reserve (self, self->gift ? nonempty (ewe_gift_get_details (self->gift)) : NULL,
                  quantity - reserved - purchased, purchased >= quantity);

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

static void
gift_notify_cb (EweGiftCard *self,
                GParamSpec  *pspec,
                EweGift     *gift)
{
  if (g_str_equal (pspec->name, "image-url"))
    update_image (self);
  else
    update_labels (self);
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

  /* The counts are hidden in surprise mode; they are a caption, as the
   * wanted line is. */
  if (self->line_heights[LINE_COUNTS] == 0)
    self->line_heights[LINE_COUNTS] = self->line_heights[LINE_WANTED];

  /* Notes are a caption too. */
  if (self->line_heights[LINE_NOTES] == 0)
    self->line_heights[LINE_NOTES] = self->line_heights[LINE_WANTED];

  for (guint i = 0; i < N_LINES; i++)
    self->text_height += self->line_heights[i] + (i > 0 ? LINE_SPACING : 0);

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

static void
invalidate_metrics (EweGiftCard *self)
{
  self->metrics_valid = FALSE;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* The same for every card, whatever it shows. */
static void
ewe_gift_card_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
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

static void
ewe_gift_card_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  EweGiftCard *self = EWE_GIFT_CARD (widget);
  GtkAllocation picture = { 0, 0, width, PICTURE_HEIGHT };
  int badge_width = 0;
  int y;

  ensure_metrics (self);

  gtk_widget_size_allocate (GTK_WIDGET (self->picture), &picture, -1);
  if (gtk_widget_should_layout (self->placeholder))
    gtk_widget_size_allocate (self->placeholder, &picture, -1);

  allocate_natural (GTK_WIDGET (self->menu_button), OVERLAY_MARGIN, OVERLAY_MARGIN, width / 2);
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
      if (!gtk_widget_should_layout (self->lines[i]))
        continue;

      gtk_widget_size_allocate (self->lines[i],
                                &(GtkAllocation) { TEXT_MARGIN, y, MAX (0, width - 2 * TEXT_MARGIN), self->line_heights[i] },
                                -1);
      y += self->line_heights[i] + LINE_SPACING;
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

static GtkSizeRequestMode
ewe_gift_card_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

/* The texts are cut to one line: the whole of what was cut, on hover. */
static gboolean
query_tooltip_cb (EweGiftCard *self,
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

/* --- GObject ----------------------------------------------------------------- */

static void
ewe_gift_card_dispose (GObject *object)
{
  EweGiftCard *self = (EweGiftCard *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->image_cancellable);
  g_clear_object (&self->image_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), EWE_TYPE_GIFT_CARD);
  /* A plain GtkWidget owns its children: unparent what the template made. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_object (&self->gift);
  g_clear_object (&self->image_cache);
  g_clear_pointer (&self->image_url, g_free);
  g_clear_pointer (&self->accessible_label, g_free);
  g_clear_pointer (&self->reserve_label, g_free);

  G_OBJECT_CLASS (ewe_gift_card_parent_class)->dispose (object);
}

static void
ewe_gift_card_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  EweGiftCard *self = EWE_GIFT_CARD (object);

  switch (prop_id)
    {
    case PROP_GIFT:
      g_value_set_object (value, self->gift);
      break;

    case PROP_IMAGE_CACHE:
      g_value_set_object (value, self->image_cache);
      break;

    case PROP_SURPRISE_MODE:
      g_value_set_boolean (value, self->surprise_mode);
      break;

    case PROP_IMAGE_LOADED:
      g_value_set_boolean (value, self->image_loaded);
      break;

    case PROP_EDITABLE:
      g_value_set_boolean (value, self->editable);
      break;

    case PROP_RESERVABLE:
      g_value_set_boolean (value, self->reservable);
      break;

    case PROP_LIST_OPEN:
      g_value_set_boolean (value, self->list_open);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_gift_card_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  EweGiftCard *self = EWE_GIFT_CARD (object);

  switch (prop_id)
    {
    case PROP_GIFT:
      ewe_gift_card_set_gift (self, g_value_get_object (value));
      break;

    case PROP_IMAGE_CACHE:
      ewe_gift_card_set_image_cache (self, g_value_get_object (value));
      break;

    case PROP_SURPRISE_MODE:
      ewe_gift_card_set_surprise_mode (self, g_value_get_boolean (value));
      break;

    case PROP_EDITABLE:
      ewe_gift_card_set_editable (self, g_value_get_boolean (value));
      break;

    case PROP_RESERVABLE:
      ewe_gift_card_set_reservable (self, g_value_get_boolean (value));
      break;

    case PROP_LIST_OPEN:
      ewe_gift_card_set_list_open (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_signal_emit (widget, signals [EDIT], 0);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_signal_emit (widget, signals [REMOVE], 0);
}

static void
reserve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  g_signal_emit (widget, signals [RESERVE], 0);
}

/* --- the menu ---------------------------------------------------------------- */

/* One menu model for every card; its popover is made for the card whose
 * menu is opened, when it is opened. The grid keeps ~160 cards, most
 * never opened. */
static GMenuModel *
gift_menu (void)
{
  static GMenu *menu;

  if (menu == NULL)
    {
      g_autoptr(GMenu) section = g_menu_new ();

      g_menu_append (section, _("_Edit Quantity and Notes…"), "gift.edit");
      g_menu_append (section, _("_Remove From List"), "gift.remove");
      menu = g_menu_new ();
      g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
    }

  return G_MENU_MODEL (menu);
}

static void
create_popup_cb (GtkMenuButton *button,
                 gpointer       user_data)
{
  if (gtk_menu_button_get_popover (button) == NULL)
    gtk_menu_button_set_menu_model (button, gift_menu ());
}

/* A tooltip only when hovered: a set tooltip text costs every card. */
static gboolean
menu_button_query_tooltip_cb (GtkWidget  *button,
                              int         x,
                              int         y,
                              gboolean    keyboard_mode,
                              GtkTooltip *tooltip)
{
  gtk_tooltip_set_text (tooltip, _("Gift Menu"));

  return TRUE;
}

/* A right click, or a long press on a touch screen, opens the same menu
 * as the card's button. */
static void
secondary_pressed_cb (EweGiftCard     *self,
                      int              n_press,
                      double           x,
                      double           y,
                      GtkGestureClick *gesture)
{
  if (self->gift == NULL)
    return;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_menu_button_popup (self->menu_button);
}

static void
long_pressed_cb (EweGiftCard         *self,
                 double               x,
                 double               y,
                 GtkGestureLongPress *gesture)
{
  if (self->gift == NULL)
    return;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_menu_button_popup (self->menu_button);
}

static void
ewe_gift_card_class_init (EweGiftCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ewe_gift_card_dispose;
  object_class->get_property = ewe_gift_card_get_property;
  object_class->set_property = ewe_gift_card_set_property;

  widget_class->measure = ewe_gift_card_measure;
  widget_class->size_allocate = ewe_gift_card_size_allocate;
  widget_class->get_request_mode = ewe_gift_card_get_request_mode;

  properties [PROP_GIFT] =
    g_param_spec_object ("gift", NULL, NULL,
                         EWE_TYPE_GIFT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Settable after construction: a card inside another's template is
   * made before its owner is given the cache. */
  properties [PROP_IMAGE_CACHE] =
    g_param_spec_object ("image-cache", NULL, NULL,
                         EWE_TYPE_IMAGE_CACHE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_SURPRISE_MODE] =
    g_param_spec_boolean ("surprise-mode", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_IMAGE_LOADED] =
    g_param_spec_boolean ("image-loaded", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* The owner's card has a menu to edit or remove the gift; a friend's
   * list is not theirs to change. */
  properties [PROP_EDITABLE] =
    g_param_spec_boolean ("editable", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* A friend's card has a Reserve button, or says that all are taken. */
  properties [PROP_RESERVABLE] =
    g_param_spec_boolean ("reservable", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Whether the gift's list takes reservations: a closed one does not. */
  properties [PROP_LIST_OPEN] =
    g_param_spec_boolean ("list-open", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ewelists/App/ewe-gift-card.ui");
  gtk_widget_class_bind_template_child (widget_class, EweGiftCard, picture);
  gtk_widget_class_bind_template_child (widget_class, EweGiftCard, placeholder);
  gtk_widget_class_bind_template_child (widget_class, EweGiftCard, taken_badge);
  gtk_widget_class_bind_template_child (widget_class, EweGiftCard, brand_label);
  gtk_widget_class_bind_template_child (widget_class, EweGiftCard, details_label);
  gtk_widget_class_bind_template_child (widget_class, EweGiftCard, price_label);
  gtk_widget_class_bind_template_child (widget_class, EweGiftCard, wanted_label);
  gtk_widget_class_bind_template_child (widget_class, EweGiftCard, counts_label);
  gtk_widget_class_bind_template_child (widget_class, EweGiftCard, notes_label);
  gtk_widget_class_bind_template_child (widget_class, EweGiftCard, reserve_button);
  gtk_widget_class_bind_template_child (widget_class, EweGiftCard, taken_label);
  gtk_widget_class_bind_template_child (widget_class, EweGiftCard, menu_button);

  /**
   * EweGiftCard::edit:
   *
   * The user asked to change the gift's quantity or notes.
   */
  signals [EDIT] =
    g_signal_new ("edit",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * EweGiftCard::remove:
   *
   * The user asked to remove the gift from its list.
   */
  signals [REMOVE] =
    g_signal_new ("remove",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * EweGiftCard::reserve:
   *
   * The user asked to reserve the gift, from its Reserve button.
   */
  signals [RESERVE] =
    g_signal_new ("reserve",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "card.reserve", NULL, reserve_action);
  gtk_widget_class_install_action (widget_class, "gift.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "gift.remove", NULL, remove_action);
  gtk_widget_class_set_css_name (widget_class, "giftcard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
load_css_once (void)
{
  static gsize loaded;

  if (g_once_init_enter (&loaded))
    {
      g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

      gtk_css_provider_load_from_resource (provider, "/org/ewelists/App/ewe-gift-card.css");
      gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                  GTK_STYLE_PROVIDER (provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      g_once_init_leave (&loaded, 1);
    }
}

static void
ewe_gift_card_init (EweGiftCard *self)
{
  GtkGesture *gesture;

  GtkSettings *settings;

  load_css_once ();
  gtk_widget_init_template (GTK_WIDGET (self));
  self->lines[LINE_BRAND] = GTK_WIDGET (self->brand_label);
  self->lines[LINE_DETAILS] = GTK_WIDGET (self->details_label);
  self->lines[LINE_PRICE] = GTK_WIDGET (self->price_label);
  self->lines[LINE_WANTED] = GTK_WIDGET (self->wanted_label);
  self->lines[LINE_COUNTS] = GTK_WIDGET (self->counts_label);
  self->lines[LINE_NOTES] = GTK_WIDGET (self->notes_label);

  /* A line is as high as its font: measured again when that changes. */
  settings = gtk_widget_get_settings (GTK_WIDGET (self));
  g_signal_connect_object (settings, "notify::gtk-font-name", G_CALLBACK (invalidate_metrics), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "notify::gtk-xft-dpi", G_CALLBACK (invalidate_metrics), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect_object (gesture, "pressed", G_CALLBACK (secondary_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_long_press_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (gesture), TRUE);
  g_signal_connect_object (gesture, "pressed", G_CALLBACK (long_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));
  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (scale_factor_changed_cb), NULL);
  gtk_menu_button_set_create_popup_func (self->menu_button, create_popup_cb, NULL, NULL);
  g_signal_connect (self->menu_button, "query-tooltip", G_CALLBACK (menu_button_query_tooltip_cb), NULL);
  self->editable = TRUE;
  self->list_open = TRUE;
  update_labels (self);
}

/**
 * ewe_gift_card_new:
 * @image_cache: (nullable): where pictures come from; without one the card
 *   shows a placeholder
 */
GtkWidget *
ewe_gift_card_new (EweImageCache *image_cache)
{
  g_return_val_if_fail (!image_cache || EWE_IS_IMAGE_CACHE (image_cache), NULL);

  return g_object_new (EWE_TYPE_GIFT_CARD,
                       "image-cache", image_cache,
                       NULL);
}

EweGift *
ewe_gift_card_get_gift (EweGiftCard *self)
{
  g_return_val_if_fail (EWE_IS_GIFT_CARD (self), NULL);

  return self->gift;
}

/**
 * ewe_gift_card_set_gift:
 * @gift: (nullable): the gift to show; %NULL stops following the last one
 *   and leaves what the card shows until the next
 */
void
ewe_gift_card_set_gift (EweGiftCard *self,
                        EweGift     *gift)
{
  g_return_if_fail (EWE_IS_GIFT_CARD (self));
  g_return_if_fail (!gift || EWE_IS_GIFT (gift));

  if (self->gift == gift)
    return;

  if (self->gift != NULL)
    g_signal_handlers_disconnect_by_func (self->gift, gift_notify_cb, self);

  g_set_object (&self->gift, gift);

  if (gift == NULL)
    {
      /* A grid unbinds a card it scrolled away and binds it to another
       * gift in the same frame: clearing its text and picture here would
       * only make it lay them out again. Stop what was loading. */
      g_cancellable_cancel (self->image_cancellable);
      g_clear_object (&self->image_cancellable);
    }
  else
    {
      /* The store changes its gifts in place: follow them. */
      g_signal_connect_object (gift, "notify", G_CALLBACK (gift_notify_cb), self, G_CONNECT_SWAPPED);
      update_labels (self);
      update_image (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_GIFT]);
}

EweImageCache *
ewe_gift_card_get_image_cache (EweGiftCard *self)
{
  g_return_val_if_fail (EWE_IS_GIFT_CARD (self), NULL);

  return self->image_cache;
}

/**
 * ewe_gift_card_set_image_cache:
 * @image_cache: (nullable): where pictures come from; without one the card
 *   shows a placeholder
 */
void
ewe_gift_card_set_image_cache (EweGiftCard   *self,
                               EweImageCache *image_cache)
{
  g_return_if_fail (EWE_IS_GIFT_CARD (self));
  g_return_if_fail (!image_cache || EWE_IS_IMAGE_CACHE (image_cache));

  if (!g_set_object (&self->image_cache, image_cache))
    return;

  /* What loaded from the old cache, or did not load without one. */
  g_clear_pointer (&self->image_url, g_free);
  update_image (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_IMAGE_CACHE]);
}

gboolean
ewe_gift_card_get_surprise_mode (EweGiftCard *self)
{
  g_return_val_if_fail (EWE_IS_GIFT_CARD (self), FALSE);

  return self->surprise_mode;
}

/* In surprise mode the owner does not see what guests reserved or bought. */
void
ewe_gift_card_set_surprise_mode (EweGiftCard *self,
                                 gboolean     surprise_mode)
{
  g_return_if_fail (EWE_IS_GIFT_CARD (self));

  surprise_mode = !!surprise_mode;
  if (self->surprise_mode == surprise_mode)
    return;

  self->surprise_mode = surprise_mode;
  update_labels (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SURPRISE_MODE]);
}

gboolean
ewe_gift_card_get_image_loaded (EweGiftCard *self)
{
  g_return_val_if_fail (EWE_IS_GIFT_CARD (self), FALSE);

  return self->image_loaded;
}

gboolean
ewe_gift_card_get_editable (EweGiftCard *self)
{
  g_return_val_if_fail (EWE_IS_GIFT_CARD (self), FALSE);

  return self->editable;
}

void
ewe_gift_card_set_editable (EweGiftCard *self,
                            gboolean     editable)
{
  g_return_if_fail (EWE_IS_GIFT_CARD (self));

  editable = !!editable;
  if (self->editable == editable)
    return;

  self->editable = editable;
  gtk_widget_set_visible (GTK_WIDGET (self->menu_button), editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gift.edit", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gift.remove", editable);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_EDITABLE]);
}

gboolean
ewe_gift_card_get_reservable (EweGiftCard *self)
{
  g_return_val_if_fail (EWE_IS_GIFT_CARD (self), FALSE);

  return self->reservable;
}

void
ewe_gift_card_set_reservable (EweGiftCard *self,
                              gboolean     reservable)
{
  g_return_if_fail (EWE_IS_GIFT_CARD (self));

  reservable = !!reservable;
  if (self->reservable == reservable)
    return;

  self->reservable = reservable;
  gtk_widget_set_visible (self->reserve_button, reservable);
  gtk_widget_set_visible (GTK_WIDGET (self->taken_label), reservable);
  /* The card grows by the Reserve line, or loses it. */
  self->metrics_valid = FALSE;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  update_labels (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RESERVABLE]);
}

gboolean
ewe_gift_card_get_list_open (EweGiftCard *self)
{
  g_return_val_if_fail (EWE_IS_GIFT_CARD (self), FALSE);

  return self->list_open;
}

void
ewe_gift_card_set_list_open (EweGiftCard *self,
                             gboolean     list_open)
{
  g_return_if_fail (EWE_IS_GIFT_CARD (self));

  list_open = !!list_open;
  if (self->list_open == list_open)
    return;

  self->list_open = list_open;
  update_labels (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LIST_OPEN]);
}

/* Whether the card offers Reserve now: reservable, the list open and
 * some of the gift still wanted. */
gboolean
ewe_gift_card_get_can_reserve (EweGiftCard *self)
{
  g_return_val_if_fail (EWE_IS_GIFT_CARD (self), FALSE);

  return self->reservable && gtk_widget_get_child_visible (self->reserve_button);
}
