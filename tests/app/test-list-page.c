/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "ewe-app-test-utils.h"
#include "ewe-gift-card.h"
#include "ewe-list-page.h"
#include "ewe-resources.h"
#include "ewe-style.h"
#include "ewe-test-async.h"

/* The list page against a real store in a temporary file: the grid
 * follows the filter and sort, and the store's edits without a reload;
 * the empty state; the gifts that could not be read, said; and
 * screenshots, light and dark, wide and narrow. */

typedef struct
{
  char          *dir;
  EweStore      *store;
  EweImageCache *cache;
  SoupServer    *server;
  char          *base;
  EweList       *list;
} Fixture;

static gboolean
page_loaded (gpointer data)
{
  return !ewe_list_page_get_loading (EWE_LIST_PAGE (data)) && gtk_widget_get_mapped (GTK_WIDGET (data));
}

/* --- pictures served over HTTP --------------------------------------------- */

static const guint32 colours[] = { 0xe66100, 0x3584e4, 0x2ec27e, 0xf6d32d, 0x9141ac, 0xc01c28, 0x865e3c };

static void
serve_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  guint64 index;
  g_autoptr(GBytes) png = NULL;

  if (!g_str_has_prefix (path, "/img/") ||
      !g_ascii_string_to_unsigned (path + strlen ("/img/"), 10, 0, 100, &index, NULL))
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }

  /* A colour a picture: a grid of them looks like a shop's. */
  png = ewe_app_test_product_png (colours[index % G_N_ELEMENTS (colours)]);
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (png, NULL), g_bytes_get_size (png));
}

/* --- store ------------------------------------------------------------------ */

static const struct
{
  const char *brand;
  const char *details;
  const char *price;
  int         quantity;
  int         reserved;
  int         purchased;
  const char *notes;
} sample_gifts[] = {
  { "Little Oak", "Wooden Rocking Horse", "129.00", 1, 0, 0 },
  { "Soft Things", "Linen Baby Blanket in Oatmeal, Extra Large Size for Cold Nights", "24.90", 2, 1, 0,
    "Oatmeal, please: the white one shows every stain" },
  { "Bookworm", "Picture Book Collection", "18.50", 3, 1, 2 },
  { "Acme", "Rocket Skates", "299.99", 1, 0, 1 },
  { NULL, "Handmade Mobile", NULL, 1, 0, 0 },
  { "Nursery & Co", "Night Light <Star>", "35.00", 2, 0, 0, "Warm white" },
};

static GPtrArray *
sample_gift_array (Fixture *fixture)
{
  GPtrArray *gifts = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < G_N_ELEMENTS (sample_gifts); i++)
    {
      EweGift         *gift = ewe_gift_new ();
      g_autofree char *pid = g_strdup_printf ("p-%u", i);
      g_autofree char *image = g_strdup_printf ("%s/img/%u", fixture->base, i);

      ewe_gift_set_product_id (gift, pid);
      ewe_gift_set_brand (gift, sample_gifts[i].brand);
      ewe_gift_set_details (gift, sample_gifts[i].details);
      ewe_gift_set_price (gift, sample_gifts[i].price);
      ewe_gift_set_quantity (gift, sample_gifts[i].quantity);
      ewe_gift_set_reserved (gift, sample_gifts[i].reserved);
      ewe_gift_set_purchased (gift, sample_gifts[i].purchased);
      ewe_gift_set_notes (gift, sample_gifts[i].notes);
      ewe_gift_set_image_url (gift, image);
      ewe_gift_set_product_url (gift, "https://shop.example/p");
      g_ptr_array_add (gifts, gift);
    }

  return gifts;
}

static void
merge (Fixture   *fixture,
       EweList   *values,
       GPtrArray *gifts)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;

  ewe_store_merge_list_async (fixture->store, values, gifts, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_store_merge_list_finish (fixture->store, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture      *fixture,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *path = NULL;
  g_autofree char *images = NULL;
  g_autofree char *list_image = NULL;
  g_autoptr(EweList) values = ewe_list_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) event = g_date_time_add_days (now, 12);
  g_autoptr(GPtrArray) gifts = NULL;

  fixture->dir = g_dir_make_tmp ("ewe-list-page-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "store.sqlite", NULL);
  images = g_build_filename (fixture->dir, "images", NULL);
  fixture->store = ewe_store_open_sync (path, &error);
  g_assert_no_error (error);
  fixture->cache = ewe_image_cache_new (images);

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, serve_cb, NULL, NULL);
  g_assert_true (soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  fixture->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));

  ewe_list_set_id (values, "srv-baby");
  ewe_list_set_title (values, "Baby Oak’s First Christmas");
  ewe_list_set_occasion (values, "Christmas");
  ewe_list_set_event_datetime (values, event);
  list_image = g_strdup_printf ("%s/img/1", fixture->base);
  ewe_list_set_image_url (values, list_image);
  gifts = sample_gift_array (fixture);
  merge (fixture, values, gifts);

  fixture->list = g_object_ref (ewe_store_lookup_list (fixture->store, "srv-baby"));
  g_assert_nonnull (fixture->list);
}

static void
fixture_teardown (Fixture      *fixture,
                  gconstpointer data)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  g_clear_object (&fixture->list);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->cache);
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_clear_pointer (&fixture->base, g_free);
  g_clear_pointer (&fixture->dir, g_free);
}

static GtkWidget *
show_page (Fixture    *fixture,
           EweList    *list,
           int         width,
           int         height,
           GtkWidget **page_out)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *page = ewe_list_page_new (fixture->store, fixture->cache);

  /* Painted with the window's background, for the screenshots. */
  gtk_widget_add_css_class (box, "background");

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_set_title (GTK_WINDOW (window), "Ewelists");
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  ewe_list_page_set_list (EWE_LIST_PAGE (page), list);
  gtk_window_present (GTK_WINDOW (window));
  ewe_app_test_iterate_until (page_loaded, page, 30);

  *page_out = page;

  return window;
}

/* --- the grid ---------------------------------------------------------------- */

static guint
shown (GtkWidget *page)
{
  return g_list_model_get_n_items (ewe_list_page_get_shown_gifts (EWE_LIST_PAGE (page)));
}

static const char *
shown_details (GtkWidget *page,
               guint      position)
{
  g_autoptr(EweGift) gift = g_list_model_get_item (ewe_list_page_get_shown_gifts (EWE_LIST_PAGE (page)), position);

  return ewe_gift_get_details (gift);
}

/* The gift cards on screen, each with a gift. */
static void
collect_cards (GtkWidget *widget,
               GPtrArray *cards)
{
  if (EWE_IS_GIFT_CARD (widget) && gtk_widget_get_mapped (widget) &&
      ewe_gift_card_get_gift (EWE_GIFT_CARD (widget)) != NULL)
    g_ptr_array_add (cards, widget);

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_cards (c, cards);
}

static gboolean
all_cards_shown (gpointer data)
{
  g_autoptr(GPtrArray) cards = g_ptr_array_new ();

  collect_cards (GTK_WIDGET (data), cards);

  return cards->len == g_list_model_get_n_items (ewe_list_page_get_shown_gifts (EWE_LIST_PAGE (data)));
}

static guint
cards_in_surprise_mode (GtkWidget *page,
                        gboolean   surprise_mode)
{
  g_autoptr(GPtrArray) cards = g_ptr_array_new ();
  guint n = 0;

  collect_cards (page, cards);
  for (guint i = 0; i < cards->len; i++)
    n += ewe_gift_card_get_surprise_mode (g_ptr_array_index (cards, i)) == surprise_mode;

  return n;
}

static void
test_filter_and_sort (Fixture      *fixture,
                      gconstpointer data)
{
  GtkWidget   *page = NULL;
  GtkWidget   *window = show_page (fixture, fixture->list, 1280, 800, &page);
  EweListPage *self = EWE_LIST_PAGE (page);

  g_assert_cmpstr (ewe_list_page_get_visible_state (self), ==, "gifts");
  g_assert_cmpuint (shown (page), ==, 6);
  g_assert_cmpstr (shown_details (page, 0), ==, "Wooden Rocking Horse");

  ewe_list_page_set_filter (self, EWE_LIST_PAGE_FILTER_STILL_WANTED);
  g_assert_cmpuint (shown (page), ==, 4);
  ewe_list_page_set_filter (self, EWE_LIST_PAGE_FILTER_RESERVED);
  g_assert_cmpuint (shown (page), ==, 2);
  ewe_list_page_set_filter (self, EWE_LIST_PAGE_FILTER_PURCHASED);
  g_assert_cmpuint (shown (page), ==, 2);

  /* The menu drives the same property through its action. */
  gtk_widget_activate_action (page, "list-page.filter", "s", "all");
  g_assert_cmpint (ewe_list_page_get_filter (self), ==, EWE_LIST_PAGE_FILTER_ALL);
  g_assert_cmpuint (shown (page), ==, 6);

  ewe_list_page_set_sort (self, EWE_LIST_PAGE_SORT_PRICE);
  g_assert_cmpstr (shown_details (page, 0), ==, "Picture Book Collection");
  g_assert_cmpstr (shown_details (page, 4), ==, "Rocket Skates");
  /* No price, last. */
  g_assert_cmpstr (shown_details (page, 5), ==, "Handmade Mobile");

  gtk_widget_activate_action (page, "list-page.sort", "s", "name");
  g_assert_cmpint (ewe_list_page_get_sort (self), ==, EWE_LIST_PAGE_SORT_NAME);
  g_assert_cmpstr (shown_details (page, 0), ==, "Handmade Mobile");
  g_assert_cmpstr (shown_details (page, 5), ==, "Wooden Rocking Horse");

  ewe_list_page_set_sort (self, EWE_LIST_PAGE_SORT_STILL_WANTED);
  g_assert_cmpstr (shown_details (page, 0), ==, "Night Light <Star>");

  /* A filter that leaves nothing says so, and offers the way back. */
  ewe_list_page_set_sort (self, EWE_LIST_PAGE_SORT_POSITION);
  ewe_list_page_set_filter (self, EWE_LIST_PAGE_FILTER_PURCHASED);
  ewe_list_page_set_surprise_mode (self, TRUE);
  /* Surprise mode shows everything: filtering would give it away. */
  g_assert_cmpint (ewe_list_page_get_filter (self), ==, EWE_LIST_PAGE_FILTER_ALL);
  ewe_list_page_set_filter (self, EWE_LIST_PAGE_FILTER_RESERVED);
  g_assert_cmpint (ewe_list_page_get_filter (self), ==, EWE_LIST_PAGE_FILTER_ALL);
  gtk_widget_activate_action (page, "list-page.filter-giving", "s", "still-wanted");
  g_assert_cmpint (ewe_list_page_get_filter (self), ==, EWE_LIST_PAGE_FILTER_ALL);

  /* Most Wanted Only is the owner's own star: it gives nothing away, so
   * it stays on offer in surprise mode, and stays on when it comes. */
  gtk_widget_activate_action (page, "list-page.filter", "s", "most-wanted");
  g_assert_cmpint (ewe_list_page_get_filter (self), ==, EWE_LIST_PAGE_FILTER_MOST_WANTED);
  g_assert_cmpuint (shown (page), ==, 0);
  gtk_widget_activate_action (page, "list-page.filter-giving", "s", "purchased");
  g_assert_cmpint (ewe_list_page_get_filter (self), ==, EWE_LIST_PAGE_FILTER_MOST_WANTED);
  ewe_list_page_set_surprise_mode (self, FALSE);
  ewe_list_page_set_surprise_mode (self, TRUE);
  g_assert_cmpint (ewe_list_page_get_filter (self), ==, EWE_LIST_PAGE_FILTER_MOST_WANTED);
  gtk_widget_activate_action (page, "list-page.filter", "s", "all");
  g_assert_cmpuint (shown (page), ==, 6);

  /* The cards on screen follow the page's surprise mode, both ways. */
  ewe_app_test_iterate_until (all_cards_shown, page, 30);
  g_assert_cmpuint (cards_in_surprise_mode (page, TRUE), ==, 6);
  ewe_list_page_set_surprise_mode (self, FALSE);
  g_assert_cmpuint (cards_in_surprise_mode (page, FALSE), ==, 6);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
shows_seven (gpointer data)
{
  return shown (GTK_WIDGET (data)) == 7;
}

static gboolean
shows_three_reserved (gpointer data)
{
  return shown (GTK_WIDGET (data)) == 3;
}

static void
test_follows_store (Fixture      *fixture,
                    gconstpointer data)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(EweGift) values = ewe_gift_new ();
  g_autoptr(EweGift) added = NULL;
  g_autoptr(GPtrArray) gifts = NULL;
  g_autoptr(EweList) list_values = NULL;
  GtkWidget *page = NULL;
  GtkWidget *window = show_page (fixture, fixture->list, 1280, 800, &page);

  /* A gift added through the store appears without a reload. */
  ewe_gift_set_details (values, "Stacking Rings");
  ewe_gift_set_brand (values, "Little Oak");
  ewe_gift_set_price (values, "12.00");
  ewe_gift_set_quantity (values, 1);
  ewe_gift_set_product_url (values, "https://shop.example/rings");
  ewe_gift_set_product_type (values, EWE_PRODUCT_TYPE_NOTFOUND);
  ewe_store_add_gift_async (fixture->store, fixture->list, values, NULL, ewe_test_waiter_cb, &waiter);
  added = ewe_store_add_gift_finish (fixture->store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  ewe_app_test_iterate_until (shows_seven, page, 30);
  g_assert_cmpstr (shown_details (page, 6), ==, "Stacking Rings");

  /* A guest reserves (the server's counts arrive in a merge): the
   * filtered grid follows the gift that changed in place. */
  ewe_list_page_set_filter (EWE_LIST_PAGE (page), EWE_LIST_PAGE_FILTER_RESERVED);
  g_assert_cmpuint (shown (page), ==, 2);
  gifts = sample_gift_array (fixture);
  ewe_gift_set_reserved (g_ptr_array_index (gifts, 0), 1);
  list_values = ewe_list_copy (fixture->list);
  merge (fixture, list_values, gifts);
  ewe_app_test_iterate_until (shows_three_reserved, page, 30);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
gift_activated_cb (EweListPage *page,
                   EweGift     *gift,
                   EweGift    **out)
{
  g_set_object (out, gift);
}

static void
add_gift_cb (EweListPage *page,
             guint       *count)
{
  (*count)++;
}

static GtkWidget *
find_grid (GtkWidget *widget)
{
  if (GTK_IS_GRID_VIEW (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_grid (child);

      if (found)
        return found;
    }

  return NULL;
}

/* Changes the store's file behind its back, as a damaged or foreign
 * file would be: a second connection, as another process. */
static void
damage_store (Fixture    *fixture,
              const char *sql)
{
  g_autofree char *path = g_build_filename (fixture->dir, "store.sqlite", NULL);
  sqlite3         *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_load_error (Fixture      *fixture,
                 gconstpointer data)
{
  GtkWidget     *page = NULL;
  GtkWidget     *window;
  AdwStatusPage *status;
  const char    *description;

  /* The gifts' table gone: the page says so, in the store's words, and
   * no warning is logged (it would fail this test). */
  damage_store (fixture, "ALTER TABLE gifts RENAME TO gifts_elsewhere");
  window = show_page (fixture, fixture->list, 800, 600, &page);
  g_assert_cmpstr (ewe_list_page_get_visible_state (EWE_LIST_PAGE (page)), ==, "load-error");
  g_assert_cmpuint (shown (page), ==, 0);

  status = ADW_STATUS_PAGE (gtk_widget_get_template_child (page, EWE_TYPE_LIST_PAGE, "load_error_page"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (status)));
  g_assert_cmpstr (adw_status_page_get_title (status), ==, "Could Not Load the Gifts");
  description = adw_status_page_get_description (status);
  g_assert_nonnull (description);
  g_assert_true (g_str_has_prefix (description, "Could not use the local store"));
  g_assert_nonnull (strstr (description, "gifts"));

  /* Put right, Try Again shows them. */
  damage_store (fixture, "ALTER TABLE gifts_elsewhere RENAME TO gifts");
  g_assert_true (gtk_widget_activate_action (page, "list-page.reload", NULL));
  ewe_app_test_iterate_until (page_loaded, page, 30);
  g_assert_cmpstr (ewe_list_page_get_visible_state (EWE_LIST_PAGE (page)), ==, "gifts");
  g_assert_cmpuint (shown (page), >, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_empty_and_signals (Fixture      *fixture,
                        gconstpointer data)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(EweList) values = ewe_list_new ();
  g_autoptr(EweList) empty = NULL;
  g_autoptr(EweGift) activated = NULL;
  GtkWidget *page = NULL;
  GtkWidget *window;
  guint      add_requests = 0;

  ewe_list_set_title (values, "Wedding");
  ewe_store_create_list_async (fixture->store, values, NULL, ewe_test_waiter_cb, &waiter);
  empty = ewe_store_create_list_finish (fixture->store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);

  window = show_page (fixture, empty, 1280, 800, &page);
  g_signal_connect (page, "add-gift", G_CALLBACK (add_gift_cb), &add_requests);
  g_signal_connect (page, "gift-activated", G_CALLBACK (gift_activated_cb), &activated);

  g_assert_cmpstr (ewe_list_page_get_visible_state (EWE_LIST_PAGE (page)), ==, "empty");
  gtk_widget_activate_action (page, "list-page.add-gift", NULL);
  g_assert_cmpuint (add_requests, ==, 1);

  /* Switching to the full list shows its gifts; activating a card says which. */
  ewe_list_page_set_list (EWE_LIST_PAGE (page), fixture->list);
  ewe_app_test_iterate_until (page_loaded, page, 30);
  g_assert_cmpstr (ewe_list_page_get_visible_state (EWE_LIST_PAGE (page)), ==, "gifts");
  g_signal_emit_by_name (find_grid (page), "activate", 2);
  g_assert_nonnull (activated);
  g_assert_cmpstr (ewe_gift_get_details (activated), ==, "Picture Book Collection");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_days_left (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 11, 26, 23, 30, 0);
  const struct
  {
    int         days;
    const char *text;
  } cases[] = {
    { 0, "today" },
    { 1, "tomorrow" },
    { -1, "yesterday" },
    { 12, "in 12 days" },
    { -3, "3 days ago" },
    { 400, "in 400 days" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) shifted = g_date_time_add_days (now, cases[i].days);
      /* Events are dates at midnight UTC, as the store parses them. */
      g_autoptr(GDateTime) event = g_date_time_new_utc (g_date_time_get_year (shifted),
                                                         g_date_time_get_month (shifted),
                                                         g_date_time_get_day_of_month (shifted), 0, 0, 0);
      g_autofree char *text = ewe_list_page_format_days_left (event, now);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* --- screenshots ------------------------------------------------------------- */

static gboolean
all_pictures_loaded (GtkWidget *widget)
{
  /* The list's own picture, in the header, shows once it has arrived. */
  if (gtk_widget_has_css_class (widget, "list-page-image") && !gtk_widget_get_visible (widget))
    return FALSE;

  if (EWE_IS_GIFT_CARD (widget) && gtk_widget_get_mapped (widget) &&
      ewe_gift_card_get_gift (EWE_GIFT_CARD (widget)) != NULL &&
      !ewe_gift_card_get_image_loaded (EWE_GIFT_CARD (widget)))
    return FALSE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (!all_pictures_loaded (child))
      return FALSE;

  return TRUE;
}

static gboolean
pictures_loaded (gpointer data)
{
  return all_pictures_loaded (GTK_WIDGET (data));
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *)data;
}

static void
save_screenshot (GtkWidget  *window,
                 const char *name)
{
  GtkWidget      *content = adw_window_get_content (ADW_WINDOW (window));
  graphene_rect_t bounds;
  GtkSnapshot    *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                           "screenshots", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GdkFrameClock   *clock = gtk_widget_get_frame_clock (window);
  gboolean         painted = FALSE;
  gulong           handler;

  /* Wait for a real frame with everything in it. */
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (content);
  ewe_app_test_iterate_until (is_true, &painted, 30);
  g_signal_handler_disconnect (clock, handler);

  /* Draw the window's content as its parent does; it carries the
   * window's background itself. */
  gtk_widget_snapshot_child (gtk_widget_get_parent (content), content, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  gsk_render_node_get_bounds (node, &bounds);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node, &bounds);
  g_mkdir_with_parents (dir, 0755);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s", path);
}

/* The list's page, showing @state, as NAME-{light,dark}-{1280x800,360x720}.png:
 * wide and on a phone, in both styles. */
static void
save_screenshots (Fixture    *fixture,
                  const char *state,
                  const char *name)
{
  const struct
  {
    int      width;
    int      height;
    gboolean dark;
  } shots[] = {
    { 1280, 800, FALSE },
    { 1280, 800, TRUE },
    { 360, 720, FALSE },
    { 360, 720, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    {
      g_autofree char *file = g_strdup_printf ("%s-%s-%dx%d.png", name, shots[i].dark ? "dark" : "light",
                                               shots[i].width, shots[i].height);
      GtkWidget       *page = NULL;
      GtkWidget       *window;

      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          shots[i].dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
      window = show_page (fixture, fixture->list, shots[i].width, shots[i].height, &page);
      g_assert_cmpstr (ewe_list_page_get_visible_state (EWE_LIST_PAGE (page)), ==, state);
      ewe_app_test_iterate_until (pictures_loaded, page, 30);
      save_screenshot (window, file);
      gtk_window_destroy (GTK_WINDOW (window));
    }
}

static void
test_screenshots (Fixture      *fixture,
                  gconstpointer data)
{
  save_screenshots (fixture, "gifts", "list-page");
}

static gboolean
first_is_most_wanted (gpointer data)
{
  g_autoptr(EweGift) gift = g_list_model_get_item (ewe_list_page_get_shown_gifts (EWE_LIST_PAGE (data)), 0);

  return gift != NULL && ewe_gift_get_most_wanted (gift);
}

static gboolean
nothing_shown (gpointer data)
{
  return shown (GTK_WIDGET (data)) == 0;
}

/* The owner's star on a card: saved in the store at once, the gift moves
 * to the front in any order, and "Most Wanted Only" shows just it. */
static void
test_most_wanted (Fixture      *fixture,
                  gconstpointer data)
{
  GtkWidget   *page = NULL;
  GtkWidget   *window = show_page (fixture, fixture->list, 1280, 800, &page);
  EweListPage *self = EWE_LIST_PAGE (page);
  g_autoptr(GPtrArray) cards = g_ptr_array_new ();
  g_autoptr(EweGift) starred = NULL;
  EweGiftCard *skates = NULL;

  ewe_app_test_iterate_until (all_cards_shown, page, 30);
  collect_cards (page, cards);
  for (guint i = 0; i < cards->len; i++)
    if (g_strcmp0 (ewe_gift_get_details (ewe_gift_card_get_gift (cards->pdata[i])), "Rocket Skates") == 0)
      skates = cards->pdata[i];
  g_assert_nonnull (skates);
  g_assert_cmpstr (shown_details (page, 0), ==, "Wooden Rocking Horse");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (skates), "gift.toggle-most-wanted", NULL));
  ewe_app_test_iterate_until (first_is_most_wanted, page, 30);
  g_assert_cmpstr (shown_details (page, 0), ==, "Rocket Skates");
  /* The rest keep the owner's order. */
  g_assert_cmpstr (shown_details (page, 1), ==, "Wooden Rocking Horse");
  g_assert_cmpuint (ewe_store_get_outbox_length (fixture->store), ==, 1);

  /* Still first when sorted by name or price. */
  ewe_list_page_set_sort (self, EWE_LIST_PAGE_SORT_NAME);
  g_assert_cmpstr (shown_details (page, 0), ==, "Rocket Skates");
  g_assert_cmpstr (shown_details (page, 1), ==, "Handmade Mobile");
  ewe_list_page_set_sort (self, EWE_LIST_PAGE_SORT_POSITION);

  gtk_widget_activate_action (page, "list-page.filter", "s", "most-wanted");
  g_assert_cmpint (ewe_list_page_get_filter (self), ==, EWE_LIST_PAGE_FILTER_MOST_WANTED);
  g_assert_cmpuint (shown (page), ==, 1);

  /* Pressed again, the star goes, and with the filter so does the card. */
  starred = g_list_model_get_item (ewe_list_page_get_shown_gifts (self), 0);
  ewe_app_test_iterate_until (all_cards_shown, page, 30);
  g_ptr_array_set_size (cards, 0);
  collect_cards (page, cards);
  g_assert_cmpuint (cards->len, ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (cards->pdata[0]), "gift.toggle-most-wanted", NULL));
  ewe_app_test_iterate_until (nothing_shown, page, 30);
  g_assert_false (ewe_gift_get_most_wanted (starred));
  g_assert_cmpstr (ewe_list_page_get_visible_state (self), ==, "no-matches");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The picture books made "as many as you like", as the server sends them:
 * their card says so, with the counts, and is not dimmed as taken; the
 * blanket starred, first. */
static void
test_unlimited_screenshots (Fixture      *fixture,
                            gconstpointer data)
{
  g_autoptr(GPtrArray) gifts = sample_gift_array (fixture);
  g_autoptr(EweList) values = ewe_list_copy (fixture->list);

  for (guint i = 0; i < gifts->len; i++)
    {
      if (g_str_equal (ewe_gift_get_details (gifts->pdata[i]), "Picture Book Collection"))
        ewe_gift_set_unlimited (gifts->pdata[i], TRUE);
      /* And the blanket starred: it comes first, with its star. */
      if (g_str_has_prefix (ewe_gift_get_details (gifts->pdata[i]), "Linen Baby Blanket"))
        ewe_gift_set_most_wanted (gifts->pdata[i], TRUE);
    }
  merge (fixture, values, gifts);

  save_screenshots (fixture, "gifts", "list-page-unlimited");
}

/* The gifts that could not be read, as the status page says it. */
static void
test_load_error_screenshots (Fixture      *fixture,
                             gconstpointer data)
{
  damage_store (fixture, "ALTER TABLE gifts RENAME TO gifts_elsewhere");
  save_screenshots (fixture, "load-error", "list-page-load-error");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  ewe_register_resource ();
  ewe_style_load_for_display (gdk_display_get_default ());

  g_test_add_func ("/app/list-page/days-left", test_days_left);
  g_test_add ("/app/list-page/filter-and-sort", Fixture, NULL,
              fixture_setup, test_filter_and_sort, fixture_teardown);
  g_test_add ("/app/list-page/follows-store", Fixture, NULL,
              fixture_setup, test_follows_store, fixture_teardown);
  g_test_add ("/app/list-page/empty-and-signals", Fixture, NULL,
              fixture_setup, test_empty_and_signals, fixture_teardown);
  g_test_add ("/app/list-page/load-error", Fixture, NULL,
              fixture_setup, test_load_error, fixture_teardown);
  g_test_add ("/app/list-page/screenshots", Fixture, NULL,
              fixture_setup, test_screenshots, fixture_teardown);
  g_test_add ("/app/list-page/most-wanted", Fixture, NULL,
              fixture_setup, test_most_wanted, fixture_teardown);
  g_test_add ("/app/list-page/unlimited-screenshots", Fixture, NULL,
              fixture_setup, test_unlimited_screenshots, fixture_teardown);
  g_test_add ("/app/list-page/load-error-screenshots", Fixture, NULL,
              fixture_setup, test_load_error_screenshots, fixture_teardown);

  return g_test_run ();
}
