/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <adwaita.h>
#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ewe-application.h"
#include "ewe-dialog-test.h"
#include "ewe-list-printer.h"
#include "ewe-window.h"

/* A list printed: through GtkPrintOperation's export to a PDF file, the
 * same code the print dialog runs, read back with poppler's pdftotext and
 * pdfinfo; and straight onto a cairo PDF surface of another paper size.
 * Every gift is on the paper once and whole (its name and its last line,
 * the shop's address, on one page), with the picture the image cache
 * held. The pages are also rendered to PNG for a person to look at. */

#define N_GIFTS 14

typedef struct
{
  char          *dir;
  EweStore      *store;
  EweImageCache *cache;
  EweList       *list;
  GListModel    *gifts;
} Fixture;

static gboolean
is_set (gpointer data)
{
  return *(gpointer *)data != NULL;
}

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  *(EweList **)user_data = ewe_store_create_list_finish (EWE_STORE (object), result, &error);
  g_assert_no_error (error);
}

static void
added_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  *(EweGift **)user_data = ewe_store_add_gift_finish (EWE_STORE (object), result, &error);
  g_assert_no_error (error);
}

static void
gifts_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  *(GListModel **)user_data = ewe_store_load_gifts_finish (EWE_STORE (object), result, &error);
  g_assert_no_error (error);
}

static void
pictures_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  *(GHashTable **)user_data = ewe_list_printer_load_pictures_finish (result, &error);
  g_assert_no_error (error);
}

static char *
gift_name (guint i)
{
  return g_strdup_printf ("Gift %02u", i);
}

static char *
gift_url (guint i)
{
  return g_strdup_printf ("https://shop.example/gift-%02u", i);
}

/* A picture in the cache, as the app leaves one after showing it. */
static void
cache_picture (EweImageCache *cache,
               const char    *url)
{
  g_autoptr(GFile) file = ewe_image_cache_get_file (cache, url);
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *path = g_file_get_path (file);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 120, 90);
  cairo_t         *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 0.85, 0.3, 0.25);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 1, 0.85, 0.3);
  cairo_arc (cr, 60, 45, 30, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_mkdir_with_parents (g_file_peek_path (parent), 0700);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(EweList) values = ewe_list_new ();
  g_autofree char *cache_dir = NULL;

  fixture->store = ewe_dialog_test_open_store (&fixture->dir);
  cache_dir = g_build_filename (fixture->dir, "images", NULL);
  fixture->cache = ewe_image_cache_new (cache_dir);

  ewe_list_set_title (values, "Ada's Arrival");
  ewe_list_set_occasion (values, "Wedding");
  ewe_list_set_event_date (values, "25 December 2026");
  ewe_list_set_description (values, "Thank you for thinking of us! Anything here would be lovely.");
  ewe_store_create_list_async (fixture->store, values, NULL, created_cb, &fixture->list);
  ewe_dialog_test_iterate_until (is_set, &fixture->list);

  for (guint i = 0; i < N_GIFTS; i++)
    {
      g_autoptr(EweGift) gift_values = ewe_gift_new ();
      g_autoptr(EweGift) gift = NULL;
      g_autofree char *name = gift_name (i);
      g_autofree char *url = gift_url (i);
      g_autofree char *image = g_strdup_printf ("https://images.example/gift-%02u.png", i);
      g_autofree char *product_id = g_strdup_printf ("catalogue-%02u", i);

      ewe_gift_set_details (gift_values, name);
      ewe_gift_set_brand (gift_values, "Little Oak");
      ewe_gift_set_price (gift_values, "24.50");
      ewe_gift_set_quantity (gift_values, 1 + i % 3);
      ewe_gift_set_product_id (gift_values, product_id);
      ewe_gift_set_product_type (gift_values, EWE_PRODUCT_TYPE_CATALOGUE);
      ewe_gift_set_product_url (gift_values, url);
      ewe_gift_set_image_url (gift_values, image);
      /* Some long notes, so that blocks differ in height. */
      if (i % 4 == 1)
        ewe_gift_set_notes (gift_values, "In navy or grey, please, not white: it will be used every day, in "
                                         "the garden and on walks, and white would not last the week. The "
                                         "larger size if there is a choice, as she will grow into it.");
      else if (i % 2 == 0)
        ewe_gift_set_notes (gift_values, "Size 4");
      /* The first gift's picture was seen in the app; the others never. */
      if (i == 0)
        cache_picture (fixture->cache, image);
      ewe_store_add_gift_async (fixture->store, fixture->list, gift_values, NULL, added_cb, &gift);
      ewe_dialog_test_iterate_until (is_set, &gift);
    }

  ewe_store_load_gifts_async (fixture->store, fixture->list, NULL, gifts_loaded_cb, &fixture->gifts);
  ewe_dialog_test_iterate_until (is_set, &fixture->gifts);
  g_assert_cmpuint (g_list_model_get_n_items (fixture->gifts), ==, N_GIFTS);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_autofree char *cache_dir = g_build_filename (fixture->dir, "images", NULL);
  g_autofree char *rm = g_strdup_printf ("rm -rf %s", cache_dir);

  g_clear_object (&fixture->gifts);
  g_clear_object (&fixture->list);
  g_clear_object (&fixture->cache);
  g_clear_object (&fixture->store);
  /* The cache keeps its files in subdirectories. */
  g_assert_true (g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL));
  ewe_dialog_test_remove_dir (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

/* Runs @argv, which must succeed; returns what it wrote. */
static char *
run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int   status = 0;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return out;
}

static char *
page_text (const char *pdf,
           int         page)
{
  g_autofree char *number = g_strdup_printf ("%d", page);

  return run ((const char *[]) { "pdftotext", "-f", number, "-l", number, pdf, "-", NULL });
}

static int
pdf_pages (const char *pdf)
{
  g_autofree char *info = run ((const char *[]) { "pdfinfo", pdf, NULL });
  const char      *pages = strstr (info, "Pages:");

  g_assert_nonnull (pages);
  return (int)g_ascii_strtoll (pages + strlen ("Pages:"), NULL, 10);
}

/* Every gift on exactly one page, with its last line on that page too. */
static void
assert_every_gift_whole (const char *pdf,
                         int         n_pages)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  for (int p = 1; p <= n_pages; p++)
    g_ptr_array_add (texts, page_text (pdf, p));

  for (guint i = 0; i < N_GIFTS; i++)
    {
      g_autofree char *name = gift_name (i);
      g_autofree char *url = gift_url (i);
      int              found = 0;

      for (int p = 0; p < n_pages; p++)
        {
          const char *text = g_ptr_array_index (texts, p);

          if (strstr (text, name) != NULL)
            {
              found++;
              g_assert_nonnull (strstr (text, url));
            }
        }
      g_assert_cmpint (found, ==, 1);
    }

  /* The heading on the first page, the footers on all. */
  g_assert_nonnull (strstr (g_ptr_array_index (texts, 0), "Ada's Arrival"));
  g_assert_nonnull (strstr (g_ptr_array_index (texts, 0), "25 December 2026"));
  g_assert_nonnull (strstr (g_ptr_array_index (texts, 0), "Thank you for thinking"));
  for (int p = 0; p < n_pages; p++)
    {
      g_autofree char *footer = g_strdup_printf ("Page %d of %d", p + 1, n_pages);

      g_assert_nonnull (strstr (g_ptr_array_index (texts, p), footer));
    }
}

static void
test_export_pdf (Fixture      *fixture,
                 gconstpointer data)
{
  g_autoptr(GHashTable) pictures = NULL;
  g_autoptr(EwePrintLayout) layout = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (fixture->dir, "list.pdf", NULL);
  g_autofree char *shots = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                             "screenshots", NULL);
  g_autofree char *prefix = g_build_filename (shots, "print-list", NULL);
  g_autofree char *text = NULL;
  int              n_pages;

  if (g_find_program_in_path ("pdftotext") == NULL || g_find_program_in_path ("pdftoppm") == NULL)
    {
      g_test_skip ("install poppler-utils (build-aux/install-deps.sh --tests) to read the PDF back");
      return;
    }

  /* Only the picture the cache holds; nothing is fetched. */
  ewe_list_printer_load_pictures_async (fixture->cache, fixture->gifts, NULL, pictures_loaded_cb, &pictures);
  ewe_dialog_test_iterate_until (is_set, &pictures);
  g_assert_cmpuint (g_hash_table_size (pictures), ==, 1);
  g_assert_true (g_hash_table_contains (pictures, "https://images.example/gift-00.png"));

  layout = ewe_list_printer_build (fixture->list, fixture->gifts, pictures, TRUE);
  g_assert_cmpint (ewe_print_layout_run (layout, NULL, GTK_PRINT_OPERATION_ACTION_EXPORT, pdf, &error), ==,
                   GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_no_error (error);

  n_pages = pdf_pages (pdf);
  g_assert_cmpint (n_pages, ==, ewe_print_layout_get_n_pages (layout));
  g_assert_cmpint (n_pages, >=, 2);
  assert_every_gift_whole (pdf, n_pages);

  /* The counts, as the owner out of surprise mode sees them. */
  text = page_text (pdf, 1);
  g_assert_nonnull (strstr (text, "Wanted: 1"));
  g_assert_nonnull (strstr (text, "0 reserved"));
  g_assert_nonnull (strstr (text, "Notes: Size 4"));

  /* Pictures of the pages, to look at. */
  g_mkdir_with_parents (shots, 0755);
  g_free (run ((const char *[]) { "pdftoppm", "-png", "-r", "60", pdf, prefix, NULL }));
  g_test_message ("Pages: %s-*.png", prefix);
}

/* The same code onto a cairo PDF surface of A6 paper: more pages, each
 * gift still whole; and in surprise mode, no counts. */
static void
test_cairo_pdf (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(EweList) archived = ewe_list_copy (fixture->list);
  g_autoptr(EwePrintLayout) layout = NULL;
  g_autofree char *pdf = g_build_filename (fixture->dir, "a6.pdf", NULL);
  /* A6 with 1 cm margins, in points. */
  double           width = 297.6 - 2 * 28.35;
  double           height = 419.5 - 2 * 28.35;
  cairo_surface_t *surface = cairo_pdf_surface_create (pdf, 297.6, 419.5);
  cairo_t         *cr = cairo_create (surface);
  g_autofree char *text = NULL;
  int              n_pages;

  /* Archived, the paper says so, with the note guests read. */
  ewe_list_set_archived (archived, TRUE);
  ewe_list_set_archive_note (archived, "Thank you all!");
  layout = ewe_list_printer_build (archived, fixture->gifts, NULL, FALSE);

  if (g_find_program_in_path ("pdftotext") == NULL)
    {
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
      g_test_skip ("install poppler-utils (build-aux/install-deps.sh --tests) to read the PDF back");
      return;
    }

  n_pages = ewe_print_layout_paginate (layout, cr, width, height);
  for (int page = 0; page < n_pages; page++)
    {
      cairo_save (cr);
      cairo_translate (cr, 28.35, 28.35);
      ewe_print_layout_draw_page (layout, cr, width, height, page);
      cairo_restore (cr);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  g_assert_cmpint (pdf_pages (pdf), ==, n_pages);
  g_assert_cmpint (n_pages, >, 3);
  assert_every_gift_whole (pdf, n_pages);
  text = page_text (pdf, 1);
  g_assert_null (strstr (text, "reserved"));
  g_assert_nonnull (strstr (text, "Thank you all!"));
  g_assert_nonnull (strstr (text, "Archived. Guests read:"));
}

/* The print dialog, once GTK shows it: looked at, then cancelled. */
typedef struct
{
  GtkWindow *parent;
  gboolean   seen;
  gboolean   over_parent;
} DialogSeen;

static gboolean
cancel_print_dialog_cb (gpointer data)
{
  DialogSeen *seen = data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (GTK_IS_DIALOG (toplevel) && gtk_widget_get_mapped (GTK_WIDGET (toplevel)))
        {
          g_free (ewe_dialog_test_screenshot (toplevel, "print-dialog"));
          seen->over_parent = gtk_window_get_transient_for (toplevel) == seen->parent;
          seen->seen = TRUE;
          gtk_dialog_response (GTK_DIALOG (toplevel), GTK_RESPONSE_CANCEL);
          return G_SOURCE_REMOVE;
        }
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
dialog_seen (gpointer data)
{
  return ((DialogSeen *)data)->seen;
}

static gboolean
store_is_open (gpointer data)
{
  return ewe_session_get_store (ewe_window_get_session (EWE_WINDOW (data))) != NULL;
}

/* Print… in the window: the list's gifts are read, and GTK's print dialog
 * opens over the window; cancelled, it leaves nothing behind. */
static void
test_window_action (void)
{
  g_autoptr(EweApplication) app = ewe_application_new ();
  g_autoptr(EweList) values = ewe_list_new ();
  g_autoptr(EweList) list = NULL;
  g_autoptr(GError) error = NULL;
  DialogSeen seen = { 0 };
  EweWindow *window;

  g_application_set_application_id (G_APPLICATION (app), APPLICATION_ID ".TestPrint");
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  window = ewe_window_new (app);
  ewe_dialog_test_present (GTK_WINDOW (window), 1280, 800);
  ewe_dialog_test_iterate_until (store_is_open, window);

  ewe_list_set_title (values, "Summer Wedding");
  ewe_store_create_list_async (ewe_session_get_store (ewe_window_get_session (window)), values, NULL, created_cb,
                               &list);
  ewe_dialog_test_iterate_until (is_set, &list);
  ewe_window_select_list (window, list);

  seen.parent = GTK_WINDOW (window);
  g_timeout_add (50, cancel_print_dialog_cb, &seen);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "list.print", NULL));
  ewe_dialog_test_iterate_until (dialog_seen, &seen);
  g_assert_true (seen.over_parent);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = g_dir_make_tmp ("ewe-test-print-XXXXXX", &error);

  g_assert_no_error (error);
  /* Before anything reads it: the window's drafts store lives under it. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  ewe_dialog_test_init (&argc, &argv);

  g_test_add ("/app/print/export-pdf", Fixture, NULL, fixture_set_up, test_export_pdf, fixture_tear_down);
  g_test_add ("/app/print/cairo-pdf", Fixture, NULL, fixture_set_up, test_cairo_pdf, fixture_tear_down);
  g_test_add_func ("/app/print/window-action", test_window_action);

  return g_test_run ();
}
