/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "ewe-core.h"

/* Prints how long the local store takes for what a user waits on: opening
 * a list of 10,000 gifts, and 1,000 edits in a row. Figures only; it never
 * fails on time. Runs on a real file in a temporary folder. */

#define N_GIFTS 10000
#define N_EDITS 1000
#define N_RUNS 5

static void
got_result_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

static void
edit_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  guint *pending = user_data;
  g_autoptr(GError) error = NULL;

  if (!ewe_store_update_gift_finish (EWE_STORE (source), result, &error))
    g_error ("edit failed: %s", error->message);
  (*pending)--;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return values[n / 2];
}

static EweStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  EweStore *store = ewe_store_open_sync (path, &error);

  if (store == NULL)
    g_error ("cannot open %s: %s", path, error->message);

  return store;
}

static void
fill_store (const char *path)
{
  g_autoptr(EweStore) store = open_store (path);
  g_autoptr(EweList) list = ewe_list_new ();
  g_autoptr(GPtrArray) gifts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  ewe_list_set_id (list, "bench-list");
  ewe_list_set_title (list, "A very long list");
  for (guint i = 0; i < N_GIFTS; i++)
    {
      g_autofree char *id = g_strdup_printf ("12345678-prod-%05u-1234-abcdefghijkl", i);
      EweGift         *gift = ewe_gift_new ();

      ewe_gift_set_product_id (gift, id);
      ewe_gift_set_quantity (gift, 1 + i % 3);
      ewe_gift_set_brand (gift, "BABYBJÖRN");
      ewe_gift_set_details (gift, "Travel Cot Easy Go, Anthracite, with transport bag");
      ewe_gift_set_product_url (gift, "https://www.amazon.co.uk/dp/B01H24LM58");
      ewe_gift_set_image_url (gift, "https://images-na.ssl-images-amazon.com/images/I/81qYpf1Sm2L._SX679_.jpg");
      ewe_gift_set_price (gift, "100.00");
      g_ptr_array_add (gifts, gift);
    }

  start = g_get_monotonic_time ();
  ewe_store_merge_list_async (store, list, gifts, NULL, got_result_cb, &result);
  wait_for (&result);
  if (!ewe_store_merge_list_finish (store, result, &error))
    g_error ("merge failed: %s", error->message);
  printf ("merge a pulled list of %d new gifts (one transaction): %.1f ms\n",
          N_GIFTS, (g_get_monotonic_time () - start) / 1000.0);
  g_clear_object (&result);

  /* What every later pull of that list costs when nothing changed. */
  start = g_get_monotonic_time ();
  ewe_store_merge_list_async (store, list, gifts, NULL, got_result_cb, &result);
  wait_for (&result);
  if (!ewe_store_merge_list_finish (store, result, &error))
    g_error ("merge failed: %s", error->message);
  printf ("merge the same %d-gift list again (a pull with nothing new): %.1f ms\n",
          N_GIFTS, (g_get_monotonic_time () - start) / 1000.0);
}

static GListModel *
load_gifts (EweStore *store,
            double   *ms)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  EweList    *list = ewe_store_lookup_list (store, "bench-list");
  gint64      start = g_get_monotonic_time ();
  GListModel *gifts;

  ewe_store_load_gifts_async (store, list, NULL, got_result_cb, &result);
  wait_for (&result);
  gifts = ewe_store_load_gifts_finish (store, result, &error);
  *ms = (g_get_monotonic_time () - start) / 1000.0;

  if (gifts == NULL || g_list_model_get_n_items (gifts) != N_GIFTS)
    g_error ("load failed: %s", error ? error->message : "wrong count");

  return gifts;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-store-XXXXXX", &error);
  g_autofree char *path = NULL;
  double           open_ms[N_RUNS];
  double           load_ms[N_RUNS];
  double           burst_ms[N_RUNS];
  double           serial_ms[N_RUNS];

  if (dir == NULL)
    g_error ("%s", error->message);
  path = g_build_filename (dir, "bench.sqlite", NULL);

  fill_store (path);

  for (guint run = 0; run < N_RUNS; run++)
    {
      g_autoptr(EweStore) store = NULL;
      g_autoptr(GListModel) gifts = NULL;
      gint64 start = g_get_monotonic_time ();
      guint  pending = N_EDITS;

      /* A fresh store each run, so the list really comes from the file. */
      store = open_store (path);
      open_ms[run] = (g_get_monotonic_time () - start) / 1000.0;
      gifts = load_gifts (store, &load_ms[run]);

      /* 1,000 edits queued at once, as a fast user or an import would. */
      start = g_get_monotonic_time ();
      for (guint i = 0; i < N_EDITS; i++)
        {
          g_autoptr(EweGift) gift = g_list_model_get_item (gifts, i);

          ewe_store_update_gift_async (store, gift, 4 + run, "bench", NULL, edit_done_cb, &pending);
        }
      while (pending > 0)
        g_main_context_iteration (NULL, TRUE);
      burst_ms[run] = (g_get_monotonic_time () - start) / 1000.0;

      /* And 1,000 edits one after the other, each awaited. */
      start = g_get_monotonic_time ();
      for (guint i = 0; i < N_EDITS; i++)
        {
          g_autoptr(EweGift) gift = g_list_model_get_item (gifts, N_EDITS + i);

          pending = 1;
          ewe_store_update_gift_async (store, gift, 8 + run, NULL, NULL, edit_done_cb, &pending);
          while (pending > 0)
            g_main_context_iteration (NULL, TRUE);
        }
      serial_ms[run] = (g_get_monotonic_time () - start) / 1000.0;
    }

  printf ("open the store file: median %.1f ms\n", median (open_ms, N_RUNS));
  printf ("load a %d-gift list into a live model: median %.1f ms\n", N_GIFTS, median (load_ms, N_RUNS));
  printf ("apply %d local edits queued at once (each its own transaction + outbox entry): median %.1f ms (%.3f ms/edit)\n",
          N_EDITS, median (burst_ms, N_RUNS), median (burst_ms, N_RUNS) / N_EDITS);
  printf ("apply %d local edits one after another, each awaited: median %.1f ms (%.3f ms/edit)\n",
          N_EDITS, median (serial_ms, N_RUNS), median (serial_ms, N_RUNS) / N_EDITS);
  printf ("(medians of %d runs; each run appends %d outbox entries; file in %s)\n", N_RUNS, 2 * N_EDITS, dir);

  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }

  return 0;
}
