/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <gdk/gdk.h>

#include "ewe-bench-pictures.h"
#include "ewe-store.h"

/* Start-up and memory of the app against a bare window (bench-bare-window:
 * an AdwApplicationWindow with a header bar and a status page, the app
 * window's size), in one run, so that load on the machine falls on both:
 *
 * - cold start to the first frame, from spawning a new process to its main
 *   window's frame clock's first after-paint, of ewelists on a new store
 *   (a fresh data directory) and again on that store, each run paired
 *   with a start of the bare window; on GSK_RENDERER=cairo and on GTK's
 *   default renderer. The ratio is the median of each pair's ratio;
 * - the shared objects mapped at that first frame;
 * - resident memory with a 1,000-gift list shown (a store filled
 *   beforehand, its pictures served on loopback, the list selected, then
 *   SETTLE_MS of the probe's), less the bare window's.
 *
 * Every program is measured unchanged, by ewe-bench-probe.so preloaded
 * into it (see there). $EWE_BENCH_BEFORE_APP names another build's
 * ewelists (main's, say) to measure in the same runs, interleaved.
 * EWE_BENCH_ONLY=memory measures only the memory (the starts take long
 * on the default renderer of a loaded machine). Prints figures; asserts
 * nothing about time. Needs a display (Xvfb).
 *
 *   bench-startup [--fill-and-serve] */

#define N_RUNS 9
#define N_MEMORY_RUNS 3
#define N_GIFTS 1000

typedef struct
{
  const char *name;
  const char *path;
  gboolean    is_app;
} Program;

typedef struct
{
  double ms;
  double cpu_ms;
  guint  objects;
  long   rss_kib;
  long   pss_kib;
} Result;

/* --- the pictures' server, on a thread of its own ------------------------ */

typedef struct
{
  GMutex  lock;
  GCond   cond;
  guint16 port;
} ServerStart;

static gpointer
server_thread (gpointer data)
{
  ServerStart *start = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupServer) server = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (context);
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, ewe_bench_pictures_serve, NULL, NULL);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("%s", error->message);
  uris = soup_server_get_uris (server);

  g_mutex_lock (&start->lock);
  start->port = g_uri_get_port (uris->data);
  g_cond_signal (&start->cond);
  g_mutex_unlock (&start->lock);

  /* Serves until the benchmark exits. */
  for (;;)
    g_main_context_iteration (context, TRUE);

  return NULL;
}

static guint16
start_server (void)
{
  static ServerStart start;

  g_mutex_lock (&start.lock);
  g_thread_unref (g_thread_new ("pictures", server_thread, &start));
  while (start.port == 0)
    g_cond_wait (&start.cond, &start.lock);
  g_mutex_unlock (&start.lock);

  return start.port;
}

/* --- a store with one list of N_GIFTS ------------------------------------ */

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static void
fill_store (const char *data_home,
            guint16     port)
{
  g_autofree char *dir = g_build_filename (data_home, "ewelists", NULL);
  g_autofree char *path = g_build_filename (dir, "drafts.sqlite", NULL);
  g_autoptr(EweStore) store = NULL;
  g_autoptr(EweList) values = ewe_list_new ();
  g_autofree char *pictures = g_strdup_printf ("http://127.0.0.1:%u", port);
  g_autoptr(GPtrArray) gifts = ewe_bench_gifts_new ("bench", N_GIFTS, pictures);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (dir, 0700);
  store = ewe_store_open_sync (path, &error);
  g_assert_no_error (error);

  ewe_list_set_id (values, "bench-1000");
  ewe_list_set_title (values, "Benchmark");
  ewe_list_set_occasion (values, "Birthday");

  ewe_store_merge_list_async (store, values, gifts, NULL, done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (!ewe_store_merge_list_finish (store, result, &error))
    g_error ("Could not fill the store: %s", error->message);
}

/* --- one start ------------------------------------------------------------ */

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

static char *
make_tmp (const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strdup_printf ("ewe-bench-startup-%s-XXXXXX", what);
  char *dir = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);

  return dir;
}

static gint64
read_value (const char *out,
            const char *key)
{
  const char *line = out ? strstr (out, key) : NULL;

  g_assert_nonnull (line);

  return g_ascii_strtoll (line + strlen (key), NULL, 10);
}

/* Spawns @program with the probe preloaded, on @renderer (NULL: GTK's
 * default), with @data_home as its XDG_DATA_HOME; @memory: the app's first
 * list shown and the memory read after the settling. */
static Result
run_one (const Program *program,
         const char    *probe,
         const char    *renderer,
         const char    *data_home,
         gboolean       memory)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *cache_home = make_tmp ("cache");
  Result           result = { 0 };
  gint64           spawned;

  g_subprocess_launcher_setenv (launcher, "LD_PRELOAD", probe, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  /* Each run fetches and decodes the pictures itself. */
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache_home, TRUE);
  if (renderer != NULL)
    g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", renderer, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "GSK_RENDERER");
  g_subprocess_launcher_setenv (launcher, "EWE_BENCH_PROBE_MEMORY", memory ? "1" : "0", TRUE);
  g_subprocess_launcher_setenv (launcher, "EWE_BENCH_PROBE_SELECT", memory && program->is_app ? "1" : "0", TRUE);

  spawned = g_get_monotonic_time ();
  if (memory && !program->is_app)
    child = g_subprocess_launcher_spawn (launcher, &error, program->path, "--stay", NULL);
  else
    child = g_subprocess_launcher_spawn (launcher, &error, program->path, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (child, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (child))
    g_error ("%s failed: %s", program->path, out);

  result.ms = (read_value (out, "first-frame ") - spawned) / 1000.0;
  result.objects = read_value (out, "objects ");
  result.cpu_ms = read_value (out, "cpu ") / 1000.0;
  if (memory)
    {
      result.rss_kib = read_value (out, "rss ");
      result.pss_kib = read_value (out, " pss ");
    }

  remove_tree (cache_home);

  return result;
}

/* --- figures -------------------------------------------------------------- */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return (x > y) - (x < y);
}

static double
median (const double *values,
        guint         n)
{
  g_autofree double *sorted = g_memdup2 (values, n * sizeof (double));

  qsort (sorted, n, sizeof (double), compare_doubles);

  return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

static double
fastest (const double *values,
         guint         n)
{
  double best = values[0];

  for (guint i = 1; i < n; i++)
    best = MIN (best, values[i]);

  return best;
}

/* Each run's wall-clock time and CPU time, and their medians' and the
 * paired runs' ratios to the bare window's. */
static void
report_starts (const char   *renderer,
               const char   *what,
               const Result *runs,
               const Result *bare)
{
  double ms[N_RUNS], cpu[N_RUNS], ratios[N_RUNS], cpu_ratios[N_RUNS];

  for (guint i = 0; i < N_RUNS; i++)
    {
      ms[i] = runs[i].ms;
      cpu[i] = runs[i].cpu_ms;
      ratios[i] = runs[i].ms / bare[i].ms;
      cpu_ratios[i] = runs[i].cpu_ms / bare[i].cpu_ms;
    }

  if (bare == runs)
    g_print ("startup-first-frame [%s] %s: median %.0f ms, fastest %.0f ms; CPU %.0f ms\n",
             renderer, what, median (ms, N_RUNS), fastest (ms, N_RUNS), median (cpu, N_RUNS));
  else
    g_print ("startup-first-frame [%s] %s: median %.0f ms, fastest %.0f ms, %.2fx the bare window; "
             "CPU %.0f ms, %.2fx (medians of %u paired runs)\n",
             renderer, what, median (ms, N_RUNS), fastest (ms, N_RUNS), median (ratios, N_RUNS),
             median (cpu, N_RUNS), median (cpu_ratios, N_RUNS), N_RUNS);
}

static void
measure_starts (const Program *programs,
                guint          n_programs,
                const char    *probe,
                const char    *renderer)
{
  const char *label = renderer ? renderer : "default";
  Result      bare[N_RUNS];
  Result      fresh[3][N_RUNS];
  Result      again[3][N_RUNS];

  /* A warm-up of each: the page cache and the session bus get going. */
  for (guint p = 0; p < n_programs; p++)
    {
      g_autofree char *data_home = make_tmp ("data");

      run_one (&programs[p], probe, renderer, data_home, FALSE);
      remove_tree (data_home);
    }

  /* Interleaved: each round starts every program once. */
  for (guint i = 0; i < N_RUNS; i++)
    {
      g_autofree char *bare_home = make_tmp ("data");

      bare[i] = run_one (&programs[0], probe, renderer, bare_home, FALSE);
      remove_tree (bare_home);

      for (guint p = 1; p < n_programs; p++)
        {
          g_autofree char *data_home = make_tmp ("data");

          /* The first start creates the store; the second finds it. */
          fresh[p][i] = run_one (&programs[p], probe, renderer, data_home, FALSE);
          again[p][i] = run_one (&programs[p], probe, renderer, data_home, FALSE);
          remove_tree (data_home);
        }
    }

  report_starts (label, programs[0].name, bare, bare);
  for (guint p = 1; p < n_programs; p++)
    {
      g_autofree char *new_store = g_strdup_printf ("%s, new store", programs[p].name);
      g_autofree char *existing_store = g_strdup_printf ("%s, existing store", programs[p].name);

      report_starts (label, new_store, fresh[p], bare);
      report_starts (label, existing_store, again[p], bare);
    }
  g_print ("startup-shared-objects [%s] %s: %u mapped at the first frame\n",
           label, programs[0].name, bare[0].objects);
  for (guint p = 1; p < n_programs; p++)
    g_print ("startup-shared-objects [%s] %s: %u mapped at the first frame\n",
             label, programs[p].name, again[p][0].objects);
}

static void
measure_memory (const Program *programs,
                guint          n_programs,
                const char    *probe,
                const char    *renderer,
                const char    *data_home)
{
  const char *label = renderer ? renderer : "default";
  double      rss[3][N_MEMORY_RUNS];
  double      pss[3][N_MEMORY_RUNS];

  for (guint i = 0; i < N_MEMORY_RUNS; i++)
    for (guint p = 0; p < n_programs; p++)
      {
        Result result = run_one (&programs[p], probe, renderer, data_home, TRUE);

        rss[p][i] = result.rss_kib / 1024.0;
        pss[p][i] = result.pss_kib / 1024.0;
      }

  g_print ("startup-memory [%s] %s: %.1f MiB resident (Pss %.1f MiB), median of %u\n",
           label, programs[0].name, median (rss[0], N_MEMORY_RUNS), median (pss[0], N_MEMORY_RUNS),
           N_MEMORY_RUNS);
  for (guint p = 1; p < n_programs; p++)
    g_print ("startup-memory [%s] %s, %u gifts shown: %.1f MiB resident (Pss %.1f MiB), "
             "+%.1f MiB over the bare window\n",
             label, programs[p].name, N_GIFTS, median (rss[p], N_MEMORY_RUNS), median (pss[p], N_MEMORY_RUNS),
             median (rss[p], N_MEMORY_RUNS) - median (rss[0], N_MEMORY_RUNS));
}

int
main (int   argc,
      char *argv[])
{
  const char *before = g_getenv ("EWE_BENCH_BEFORE_APP");
  const char *renderers[] = { "cairo", NULL };
  Program     programs[3] = {
        { "bare window", EWE_BENCH_BARE_WINDOW, FALSE },
        { "ewelists", EWE_BENCH_APP, TRUE },
        { "ewelists before", before, TRUE },
  };
  guint            n_programs = before != NULL && *before != '\0' ? 3 : 2;
  gboolean         memory_only = g_strcmp0 (g_getenv ("EWE_BENCH_ONLY"), "memory") == 0;
  g_autofree char *filled_home = make_tmp ("filled");

  gdk_set_allowed_backends ("x11");
  ewe_bench_pictures_make ();
  fill_store (filled_home, start_server ());

  /* For looking into the memory by hand: the store and its pictures stay
   * up, for an app started with XDG_DATA_HOME set to the directory shown. */
  if (argc > 1 && g_str_equal (argv[1], "--fill-and-serve"))
    {
      g_print ("XDG_DATA_HOME=%s\n", filled_home);
      for (;;)
        g_main_context_iteration (NULL, TRUE);
    }
  if (n_programs == 3)
    g_print ("before: %s\n", before);

  for (guint r = 0; r < G_N_ELEMENTS (renderers) && !memory_only; r++)
    measure_starts (programs, n_programs, EWE_BENCH_PROBE, renderers[r]);
  for (guint r = 0; r < G_N_ELEMENTS (renderers); r++)
    measure_memory (programs, n_programs, EWE_BENCH_PROBE, renderers[r], filled_home);

  remove_tree (filled_home);
  ewe_bench_pictures_free ();

  return 0;
}
