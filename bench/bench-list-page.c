/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <adwaita.h>
#include <libsoup/soup.h>

#include "ewe-list-page.h"
#include "ewe-resources.h"
#include "ewe-test-async.h"

/* The list page with many gifts: resident memory after showing 1,000
 * gifts, and the time to scroll through 10,000, frame by frame. Prints
 * figures; asserts nothing about time. Needs a display (Xvfb). */

#define N_PICTURES 8

static GBytes *pictures[N_PICTURES];

static void
make_pictures (void)
{
  const int size = 256;

  for (guint p = 0; p < N_PICTURES; p++)
    {
      g_autoptr(GByteArray) pixels = g_byte_array_sized_new (size * size * 4);
      g_autoptr(GBytes) data = NULL;
      g_autoptr(GdkTexture) texture = NULL;

      for (int i = 0; i < size * size; i++)
        {
          guint8 bgra[4] = { (guint8)(p * 30), (guint8)(i % size), (guint8)(i / size), 0xff };

          g_byte_array_append (pixels, bgra, 4);
        }
      data = g_byte_array_free_to_bytes (g_steal_pointer (&pixels));
      texture = gdk_memory_texture_new (size, size, GDK_MEMORY_B8G8R8A8_PREMULTIPLIED, data, size * 4);
      pictures[p] = gdk_texture_save_to_png_bytes (texture);
    }
}

static void
serve_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  guint64 index;

  if (!g_str_has_prefix (path, "/img/") ||
      !g_ascii_string_to_unsigned (path + 5, 10, 0, N_PICTURES - 1, &index, NULL))
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (pictures[index], NULL),
                                    g_bytes_get_size (pictures[index]));
}

static EweList *
make_list (EweStore   *store,
           const char *id,
           guint       n_gifts,
           const char *base)
{
  g_autoptr(EweList) values = ewe_list_new ();
  g_autoptr(GPtrArray) gifts = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;

  ewe_list_set_id (values, id);
  ewe_list_set_title (values, "Benchmark");
  ewe_list_set_occasion (values, "Birthday");
  for (guint i = 0; i < n_gifts; i++)
    {
      EweGift *gift = ewe_gift_new ();
      g_autofree char *pid = g_strdup_printf ("%s-%u", id, i);
      g_autofree char *details = g_strdup_printf ("Gift number %u with a longer name to wrap", i);
      g_autofree char *price = g_strdup_printf ("%u.%02u", i % 500, i % 100);
      g_autofree char *image = g_strdup_printf ("%s/img/%u", base, i % N_PICTURES);

      ewe_gift_set_product_id (gift, pid);
      ewe_gift_set_brand (gift, "Brand");
      ewe_gift_set_details (gift, details);
      ewe_gift_set_price (gift, price);
      ewe_gift_set_quantity (gift, 1 + i % 3);
      ewe_gift_set_reserved (gift, i % 2);
      ewe_gift_set_image_url (gift, image);
      g_ptr_array_add (gifts, gift);
    }

  ewe_store_merge_list_async (store, values, gifts, NULL, ewe_test_waiter_cb, &waiter);
  if (!ewe_store_merge_list_finish (store, ewe_test_waiter_wait (&waiter), &error))
    g_error ("Could not fill the store: %s", error->message);

  return ewe_store_lookup_list (store, id);
}

static long
resident_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");

  return line ? strtol (line + strlen ("VmRSS:"), NULL, 10) : -1;
}

static void
after_paint_cb (GdkFrameClock *clock,
                guint         *frames)
{
  (*frames)++;
}

/* Iterates until one more frame has been painted. */
static void
wait_frame (GtkWidget *widget,
            guint     *frames)
{
  guint before = *frames;

  gtk_widget_queue_draw (widget);
  while (*frames == before)
    g_main_context_iteration (NULL, TRUE);
}

static void
wait_loaded (GtkWidget *page)
{
  while (ewe_list_page_get_loading (EWE_LIST_PAGE (page)) || !gtk_widget_get_mapped (page))
    g_main_context_iteration (NULL, TRUE);
}

static void
settle (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *images = NULL;
  g_autofree char *base = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EweStore) store = NULL;
  g_autoptr(EweImageCache) cache = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoslist(GUri) uris = NULL;
  EweList *thousand;
  EweList *ten_thousand;
  GtkWidget *window;
  GtkWidget *page;
  GdkFrameClock *clock;
  GtkAdjustment *adjustment;
  guint frames = 0;
  guint steps = 0;
  gint64 start, slowest = 0;
  long rss_start, rss_shown;

  gtk_init ();
  adw_init ();
  ewe_register_resource ();
  make_pictures ();

  dir = g_dir_make_tmp ("ewe-bench-list-page-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "store.sqlite", NULL);
  images = g_build_filename (dir, "images", NULL);
  store = ewe_store_open_sync (path, &error);
  g_assert_no_error (error);
  cache = ewe_image_cache_new (images);

  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, serve_cb, NULL, NULL);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("%s", error->message);
  uris = soup_server_get_uris (server);
  base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));

  thousand = make_list (store, "bench-1000", 1000, base);
  ten_thousand = make_list (store, "bench-10000", 10000, base);

  /* --- memory with 1,000 gifts shown ----------------------------------- */
  rss_start = resident_kib ();
  window = adw_window_new ();
  page = ewe_list_page_new (store, cache);
  adw_window_set_content (ADW_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  ewe_list_page_set_list (EWE_LIST_PAGE (page), thousand);
  gtk_window_present (GTK_WINDOW (window));
  wait_loaded (page);

  clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &frames);
  wait_frame (page, &frames);
  /* Let the visible pictures arrive and decode. */
  settle (1500);
  wait_frame (page, &frames);
  rss_shown = resident_kib ();

  g_print ("list-page-1000-gifts: resident memory %ld KiB (%ld KiB before the window; store and pictures in memory)\n",
           rss_shown, rss_start);

  /* --- scrolling through 10,000 gifts ---------------------------------- */
  ewe_list_page_set_list (EWE_LIST_PAGE (page), ten_thousand);
  wait_loaded (page);
  wait_frame (page, &frames);
  settle (500);

  /* What a frame costs here when nothing changes: the floor under the
   * scrolling figure (Xvfb and the cairo renderer redraw the window). */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < 20; i++)
    wait_frame (page, &frames);
  g_print ("list-page-idle-frame: %.1f ms per frame with nothing changing\n",
           (g_get_monotonic_time () - start) / 1000.0 / 20);

  adjustment = gtk_scrolled_window_get_vadjustment (ewe_list_page_get_scrolled_window (EWE_LIST_PAGE (page)));
  start = g_get_monotonic_time ();
  while (gtk_adjustment_get_value (adjustment) <
         gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment))
    {
      gint64 frame_start = g_get_monotonic_time ();
      double step = gtk_adjustment_get_page_size (adjustment);

      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + step);
      wait_frame (page, &frames);
      slowest = MAX (slowest, g_get_monotonic_time () - frame_start);
      steps++;
    }

  g_print ("list-page-scroll-10000-gifts: %u frames of a page each in %.0f ms "
           "(%.1f ms per frame, slowest %.1f ms), %u items in the grid\n",
           steps, (g_get_monotonic_time () - start) / 1000.0,
           steps ? (g_get_monotonic_time () - start) / 1000.0 / steps : 0.0,
           slowest / 1000.0,
           g_list_model_get_n_items (ewe_list_page_get_shown_gifts (EWE_LIST_PAGE (page))));
  g_print ("list-page-resident-after-scroll: %ld KiB\n", resident_kib ());

  gtk_window_destroy (GTK_WINDOW (window));
  soup_server_disconnect (server);
  for (guint p = 0; p < N_PICTURES; p++)
    g_clear_pointer (&pictures[p], g_bytes_unref);

  return 0;
}
