/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <stdlib.h>
#include <time.h>

#include <adwaita.h>
#include <libsoup/soup.h>

#include "ewe-bench-pictures.h"
#include "ewe-list-page.h"
#include "ewe-resources.h"
#include "ewe-style.h"
#include "ewe-test-async.h"

/* The list page with many gifts: the time to open a list of 100, 1,000
 * and 10,000 gifts in a window already up, resident memory with 1,000
 * shown, and the time of each frame scrolling through 10,000. Prints
 * figures; asserts nothing about time. Needs a display (Xvfb).
 *
 * EWE_BENCH_ONLY=scroll runs only the scrolling.
 *
 * Run as is, it runs itself twice: with GSK_RENDERER=cairo and with
 * GTK's default renderer (GL, llvmpipe here); each line says which. */

static EweList *
make_list (EweStore   *store,
           const char *id,
           guint       n_gifts,
           const char *base)
{
  g_autoptr(EweList) values = ewe_list_new ();
  g_autoptr(GPtrArray) gifts = ewe_bench_gifts_new (id, n_gifts, base);
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;

  ewe_list_set_id (values, id);
  ewe_list_set_title (values, "Benchmark");
  ewe_list_set_occasion (values, "Birthday");

  ewe_store_merge_list_async (store, values, gifts, NULL, ewe_test_waiter_cb, &waiter);
  if (!ewe_store_merge_list_finish (store, ewe_test_waiter_wait (&waiter), &error))
    g_error ("Could not fill the store: %s", error->message);

  return ewe_store_lookup_list (store, id);
}

static long
resident_kib (void)
{
  g_autofree char *status = NULL;
  const char      *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");

  return line ? strtol (line + strlen ("VmRSS:"), NULL, 10) : -1;
}

/* The frames painted, and how long the last one took from the frame
 * clock's before-paint to its after-paint: the work of a frame, which
 * must fit in 16.7 ms at 60 Hz. The time between frames also waits for
 * the clock's next tick. */
typedef struct
{
  guint  count;
  gint64 begin;
  double begin_cpu_ms;
  double work_ms;
  double cpu_ms;
} Frames;

/* The CPU time of this thread: on a loaded machine a frame's wall time
 * also counts the time other processes had the core; this does not. */
static double
thread_cpu_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);

  return now.tv_sec * 1000.0 + now.tv_nsec / 1e6;
}

static void
before_paint_cb (GdkFrameClock *clock,
                 Frames        *frames)
{
  frames->begin = g_get_monotonic_time ();
  frames->begin_cpu_ms = thread_cpu_ms ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Frames        *frames)
{
  frames->work_ms = (g_get_monotonic_time () - frames->begin) / 1000.0;
  frames->cpu_ms = thread_cpu_ms () - frames->begin_cpu_ms;
  frames->count++;
}

/* Iterates until one more frame has been painted. */
static void
wait_frame (GtkWidget *widget,
            Frames    *frames)
{
  guint before = frames->count;

  gtk_widget_queue_draw (widget);
  while (frames->count == before)
    g_main_context_iteration (NULL, TRUE);
}

static void
settle (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

static GtkWidget *
find_grid (GtkWidget *widget)
{
  if (GTK_IS_GRID_VIEW (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_grid (child);

      if (found)
        return found;
    }

  return NULL;
}

/* Selects @list, as the sidebar does, and returns the milliseconds until
 * the frame clock's after-paint of the first frame showing its grid. */
static double
open_list (GtkWidget *page,
           EweList   *list,
           Frames    *frames)
{
  GtkWidget *grid = find_grid (page);
  gint64     start = g_get_monotonic_time ();
  guint      before = frames->count;

  /* Already shown: nothing would change, no frame would come. */
  g_assert (ewe_list_page_get_list (EWE_LIST_PAGE (page)) != list);
  ewe_list_page_set_list (EWE_LIST_PAGE (page), list);
  for (;;)
    {
      g_main_context_iteration (NULL, TRUE);
      if (frames->count == before)
        continue;
      before = frames->count;
      if (!ewe_list_page_get_loading (EWE_LIST_PAGE (page)) && gtk_widget_get_mapped (grid) &&
          gtk_widget_get_first_child (grid) != NULL)
        break;
    }

  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *)a;
  double db = *(const double *)b;

  return da < db ? -1 : da > db;
}

/* The value below which @fraction of the sorted @values are. */
static double
percentile (GArray *values,
            double  fraction)
{
  guint index = (guint)(fraction * (values->len - 1) + 0.5);

  return values->len ? g_array_index (values, double, index) : 0;
}

static int
run (const char *renderer)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *images = NULL;
  g_autofree char *base = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EweStore) store = NULL;
  g_autoptr(EweImageCache) cache = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GArray) frame_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) frame_work = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) frame_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoslist(GUri) uris = NULL;
  static const guint sizes[] = { 100, 1000, 10000 };
  EweList           *lists[G_N_ELEMENTS (sizes)];
  EweList           *other;
  GtkWidget         *window;
  GtkWidget         *page;
  GdkFrameClock     *clock;
  GtkAdjustment     *adjustment;
  Frames             frames = { 0 };
  gint64             start;
  double             elapsed;
  long               rss_start, rss_bare, rss_shown;
  /* Only the scrolling: for profiling it, and for quicker paired runs. */
  gboolean           scroll_only = g_strcmp0 (g_getenv ("EWE_BENCH_ONLY"), "scroll") == 0;

  gtk_init ();
  adw_init ();
  ewe_register_resource ();
  ewe_style_load_for_display (gdk_display_get_default ());
  ewe_bench_pictures_make ();

  dir = g_dir_make_tmp ("ewe-bench-list-page-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "store.sqlite", NULL);
  images = g_build_filename (dir, "images", NULL);
  store = ewe_store_open_sync (path, &error);
  g_assert_no_error (error);
  cache = ewe_image_cache_new (images);

  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, ewe_bench_pictures_serve, NULL, NULL);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("%s", error->message);
  uris = soup_server_get_uris (server);
  base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *id = g_strdup_printf ("bench-%u", sizes[i]);

      lists[i] = make_list (store, id, sizes[i], base);
    }
  other = make_list (store, "bench-other", 10, base);

  /* --- memory: a bare window, then 1,000 gifts shown ------------------- */
  rss_start = resident_kib ();
  window = adw_window_new ();
  page = ewe_list_page_new (store, cache);
  adw_window_set_content (ADW_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (page))
    g_main_context_iteration (NULL, TRUE);
  clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), &frames);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &frames);
  wait_frame (page, &frames);
  settle (500);
  rss_bare = resident_kib ();

  open_list (page, lists[1], &frames);
  /* Let the visible pictures arrive and decode. */
  settle (1500);
  wait_frame (page, &frames);
  rss_shown = resident_kib ();
  if (scroll_only)
    goto scroll;
  g_print ("[%s] list-page-1000-gifts: resident memory %ld KiB, %+ld KiB over the bare window "
           "(%ld KiB; %ld KiB before it; store and pictures in memory)\n",
           renderer, rss_shown, rss_shown - rss_bare, rss_bare, rss_start);

  /* --- opening a list, the window up ----------------------------------- */
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

      for (guint round = 0; round < 5; round++)
        {
          double ms;

          /* From another list, as when the user picks one in the sidebar. */
          open_list (page, other, &frames);
          settle (200);
          ms = open_list (page, lists[i], &frames);
          g_array_append_val (times, ms);
          settle (200);
        }
      g_array_sort (times, compare_doubles);
      g_print ("[%s] list-page-open-%u-gifts: %.0f ms median of %u (fastest %.0f, slowest %.0f), "
               "select to the first frame of the grid\n",
               renderer, sizes[i], percentile (times, 0.5), times->len,
               g_array_index (times, double, 0), g_array_index (times, double, times->len - 1));
    }

  /* --- scrolling through 10,000 gifts ---------------------------------- */
scroll:
  open_list (page, other, &frames);
  open_list (page, lists[2], &frames);
  settle (500);

  /* What a frame costs here when nothing changes: the floor under the
   * scrolling figure (Xvfb redraws the window). */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < 20; i++)
    wait_frame (page, &frames);
  g_print ("[%s] list-page-idle-frame: %.1f ms per frame with nothing changing\n",
           renderer, (g_get_monotonic_time () - start) / 1000.0 / 20);

  adjustment = gtk_scrolled_window_get_vadjustment (ewe_list_page_get_scrolled_window (EWE_LIST_PAGE (page)));
  start = g_get_monotonic_time ();
  while (gtk_adjustment_get_value (adjustment) <
         gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment))
    {
      gint64 frame_start = g_get_monotonic_time ();
      double step = gtk_adjustment_get_page_size (adjustment);
      double ms;

      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + step);
      wait_frame (page, &frames);
      ms = (g_get_monotonic_time () - frame_start) / 1000.0;
      g_array_append_val (frame_times, ms);
      g_array_append_val (frame_work, frames.work_ms);
      g_array_append_val (frame_cpu, frames.cpu_ms);
    }
  elapsed = (g_get_monotonic_time () - start) / 1000.0;
  g_array_sort (frame_times, compare_doubles);
  g_print ("[%s] list-page-scroll-10000-gifts: %u frames of a page each in %.0f ms: "
           "median %.1f ms, p95 %.1f ms, worst %.1f ms per frame\n",
           renderer, frame_times->len, elapsed,
           percentile (frame_times, 0.5), percentile (frame_times, 0.95),
           percentile (frame_times, 1.0));
  g_array_sort (frame_work, compare_doubles);
  g_print ("[%s] list-page-scroll-10000-gifts-work: each frame's work (before-paint to after-paint): "
           "median %.1f ms, p95 %.1f ms, worst %.1f ms\n",
           renderer, percentile (frame_work, 0.5), percentile (frame_work, 0.95), percentile (frame_work, 1.0));
  g_array_sort (frame_cpu, compare_doubles);
  g_print ("[%s] list-page-scroll-10000-gifts-cpu: each frame's work in CPU time of the main thread: "
           "median %.1f ms, p95 %.1f ms, worst %.1f ms\n",
           renderer, percentile (frame_cpu, 0.5), percentile (frame_cpu, 0.95), percentile (frame_cpu, 1.0));
  g_print ("[%s] list-page-resident-after-scroll: %ld KiB\n", renderer, resident_kib ());

  gtk_window_destroy (GTK_WINDOW (window));
  soup_server_disconnect (server);
  ewe_bench_pictures_free ();

  return 0;
}

/* Runs this benchmark again in a process of its own for each renderer:
 * a renderer is chosen once per process. */
static int
run_each_renderer (const char *self_path)
{
  static const char *renderers[] = { "cairo", NULL };
  int                status = 0;

  for (guint i = 0; i < G_N_ELEMENTS (renderers); i++)
    {
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
      g_autoptr(GSubprocess) child = NULL;
      g_autoptr(GError) error = NULL;

      g_subprocess_launcher_setenv (launcher, "EWE_BENCH_RENDERER", renderers[i] ? renderers[i] : "default", TRUE);
      if (renderers[i])
        g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", renderers[i], TRUE);
      else
        g_subprocess_launcher_unsetenv (launcher, "GSK_RENDERER");

      child = g_subprocess_launcher_spawn (launcher, &error, self_path, NULL);
      if (child == NULL || !g_subprocess_wait_check (child, NULL, &error))
        {
          g_printerr ("bench-list-page with the %s renderer: %s\n",
                      renderers[i] ? renderers[i] : "default", error->message);
          status = 1;
        }
    }

  return status;
}

int
main (int   argc,
      char *argv[])
{
  const char *renderer = g_getenv ("EWE_BENCH_RENDERER");

  /* Each line as it comes, in the order the two runs print them. */
  setvbuf (stdout, NULL, _IOLBF, 0);
  if (renderer == NULL)
    {
      g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);

      return run_each_renderer (self_path ? self_path : argv[0]);
    }

  return run (renderer);
}
