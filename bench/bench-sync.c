/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/resource.h>
#include <unistd.h>

#include "ewe-core-test-fixture.h"
#include "ewe-store.h"
#include "ewe-sync.h"

/* Prints how long it takes to sync 1,000 offline edits to a real
 * ewelists-server on loopback: the edits are drafted signed out (lists and
 * hand-typed gifts, each gift being two outbox entries: create the product,
 * add it), then one sync run pushes them all and pulls the lists back.
 * A figure to watch, never an assertion. */

#define N_LISTS 20
#define GIFTS_PER_LIST 24 /* 20 × (1 + 2 × 24) + 20 renames = 1,000 entries */

/* CPU seconds used so far by this process (all threads), and by the
 * server's: figures that a busy machine does not skew the way it skews
 * the wall clock. */
static double
own_cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / (double)G_USEC_PER_SEC;
}

static double
process_cpu_seconds (GSubprocess *process)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", g_subprocess_get_identifier (process));
  g_autofree char *contents = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;

  if (!g_file_get_contents (path, &contents, NULL, NULL) ||
      (after_name = strrchr (contents, ')')) == NULL)
    return 0.0;

  /* Fields after the command's name: state is the first; utime and stime
   * are the 14th and 15th of the whole line. */
  fields = g_strsplit (after_name + 2, " ", -1);
  if (g_strv_length (fields) < 13)
    return 0.0;

  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) / sysconf (_SC_CLK_TCK);
}

/* Profiling only the sync, not the drafting before it nor the start-up:
 * `perf record --delay=-1 --control=fifo:CTL` records nothing until told,
 * and the bench tells it through CTL when it is given its path in
 * BENCH_SYNC_PERF_CONTROL. */
static void
tell_perf (const char *command)
{
  const char *path = g_getenv ("BENCH_SYNC_PERF_CONTROL");
  int         fd;

  if (path == NULL)
    return;

  fd = open (path, O_WRONLY);
  if (fd < 0 || write (fd, command, strlen (command)) < 0)
    g_warning ("Could not tell perf to %s through %s: %s", command, path, g_strerror (errno));
  if (fd >= 0)
    close (fd);
}

static EweList *
draft_list (EweStore *store,
            guint     n)
{
  g_autoptr(EweList) values = ewe_list_new ();
  g_autofree char *title = g_strdup_printf ("Bench list %u", n);
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  EweList *list;

  ewe_list_set_title (values, title);
  ewe_list_set_description (values, "");
  ewe_list_set_occasion (values, "Wedding");
  ewe_list_set_image_url (values, "/images/wedding-default.jpg");
  ewe_store_create_list_async (store, values, NULL, ewe_test_waiter_cb, &waiter);
  list = ewe_store_create_list_finish (store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);

  return list;
}

static void
draft_gift (EweStore *store,
            EweList  *list,
            guint     n)
{
  g_autoptr(EweGift) values = ewe_gift_new ();
  g_autoptr(EweGift) gift = NULL;
  g_autofree char *product_id = ewe_id_new_local ();
  g_autofree char *details = g_strdup_printf ("Bench gift %u", n);
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;

  ewe_gift_set_list_id (values, ewe_list_get_id (list));
  ewe_gift_set_product_id (values, product_id);
  ewe_gift_set_product_type (values, EWE_PRODUCT_TYPE_NOTFOUND);
  ewe_gift_set_brand (values, "Brand");
  ewe_gift_set_details (values, details);
  ewe_gift_set_product_url (values, "https://shop.example/p");
  ewe_gift_set_quantity (values, 1);
  ewe_store_add_gift_async (store, list, values, NULL, ewe_test_waiter_cb, &waiter);
  gift = ewe_store_add_gift_finish (store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
}

static void
rename_list (EweStore *store,
             EweList  *list)
{
  g_autoptr(EweList) values = ewe_list_copy (list);
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;

  ewe_list_set_title (values, "Renamed");
  ewe_store_update_list_async (store, list, values, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_store_update_list_finish (store, ewe_test_waiter_wait (&waiter), &error));
}

int
main (int   argc,
      char *argv[])
{
  EweCoreFixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(EweStore) store = NULL;
  g_autoptr(EweAccount) account = NULL;
  g_autoptr(EweApiClient) client = NULL;
  g_autoptr(EweSync) sync = NULL;
  g_auto(EweTestWaiter) waiter = { 0 };
  gint64 started;
  double draft_seconds;
  double sync_seconds;
  double client_cpu;
  double server_cpu;
  guint  entries;

  g_test_init (&argc, &argv, NULL);

  ewe_core_fixture_set_up (&fixture, NULL);
  dir = g_dir_make_tmp ("ewelists-bench-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "store.sqlite", NULL);
  store = ewe_store_open_sync (path, &error);
  g_assert_no_error (error);

  started = g_get_monotonic_time ();
  for (guint i = 0; i < N_LISTS; i++)
    {
      g_autoptr(EweList) list = draft_list (store, i);

      for (guint j = 0; j < GIFTS_PER_LIST; j++)
        draft_gift (store, list, i * GIFTS_PER_LIST + j);
      rename_list (store, list);
    }
  draft_seconds = (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC;
  entries = ewe_store_get_outbox_length (store);

  account = ewe_core_fixture_new_user (&fixture, "bench");
  client = ewe_api_client_new_for_server (account, fixture.server->base_url);
  sync = ewe_sync_new (store, client);

  client_cpu = own_cpu_seconds ();
  server_cpu = process_cpu_seconds (fixture.server->process);
  tell_perf ("enable\n");
  started = g_get_monotonic_time ();
  ewe_sync_run_async (sync, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_sync_run_finish (sync, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
  sync_seconds = (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC;
  tell_perf ("disable\n");
  client_cpu = own_cpu_seconds () - client_cpu;
  server_cpu = process_cpu_seconds (fixture.server->process) - server_cpu;

  g_print ("offline edits drafted:      %u outbox entries in %.2f s (%.0f edits/s)\n",
           entries, draft_seconds, entries / draft_seconds);
  g_print ("sync of %u offline edits: %.2f s (%.0f entries/s), then %u lists pulled\n",
           entries, sync_seconds, entries / sync_seconds, N_LISTS);
  g_print ("CPU time of that sync:    client %.2f s, server %.2f s\n", client_cpu, server_cpu);

  g_clear_object (&sync);
  g_clear_object (&store);
  g_remove (path);
  g_rmdir (dir);
  ewe_core_fixture_tear_down (&fixture, NULL);

  return 0;
}
