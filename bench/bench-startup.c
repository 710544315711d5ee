/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "ewe-application.h"

/* Cold start to first frame: the time from spawning a new process to the
 * main window's first painted frame, over several runs, each with a fresh
 * data directory (so the drafts store is created, as on a first start) and
 * once more with that store already there. Prints figures;
 * asserts nothing about time. Needs a display (Xvfb).
 *
 * The parent spawns this same program with --child; the child is the app,
 * built as src/app/main.c builds it, and prints the monotonic clock at its
 * first frame, which both processes share. */

#define N_RUNS 7

static gboolean first_frame_seen;

static void
after_paint_cb (GdkFrameClock *clock,
                GApplication  *app)
{
  if (first_frame_seen)
    return;

  first_frame_seen = TRUE;
  g_print ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_application_quit (app);
}

static void
window_mapped_cb (GtkWidget    *window,
                  GApplication *app)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (after_paint_cb), app);
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window)
{
  g_signal_connect (window, "map", G_CALLBACK (window_mapped_cb), app);
}

static int
run_child (int   argc,
           char *argv[])
{
  g_autoptr(EweApplication) app = ewe_application_new ();
  char *app_argv[] = { argv[0], NULL };

  /* Runs beside any other instance, and leaves no window behind. */
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), NULL);

  return g_application_run (G_APPLICATION (app), 1, app_argv);
}

/* Spawns one child and returns how long it took to paint, in ms. */
static double
time_one_start (const char *self_path,
                const char *data_home)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *line;
  gint64 spawned;
  gint64 painted;

  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  spawned = g_get_monotonic_time ();
  child = g_subprocess_launcher_spawn (launcher, &error, self_path, "--child", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (child, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (child));

  line = out ? strstr (out, "first-frame ") : NULL;
  g_assert_nonnull (line);
  painted = g_ascii_strtoll (line + strlen ("first-frame "), NULL, 10);

  return (painted - spawned) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return (x > y) - (x < y);
}

static void
report (const char *what,
        double     *times,
        guint       n)
{
  qsort (times, n, sizeof (double), compare_doubles);
  g_print ("%s: median %.0f ms, fastest %.0f ms, slowest %.0f ms (%u runs)\n",
           what, times[n / 2], times[0], times[n - 1], n);
}

/* The data directory holds a few files, one level deep: enough to undo. */
static void
remove_data_home (const char *data_home)
{
  g_autofree char *dir = g_build_filename (data_home, "ewelists", NULL);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (dir);
  g_rmdir (data_home);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *self_path = NULL;
  double fresh[N_RUNS];
  double again[N_RUNS];

  if (argc > 1 && g_str_equal (argv[1], "--child"))
    return run_child (argc, argv);

  self_path = g_file_read_link ("/proc/self/exe", NULL);
  g_assert_nonnull (self_path);

  for (guint i = 0; i < N_RUNS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *data_home = g_dir_make_tmp ("ewe-bench-startup-XXXXXX", &error);

      g_assert_no_error (error);
      /* The first start creates the store; the second finds it. */
      fresh[i] = time_one_start (self_path, data_home);
      again[i] = time_one_start (self_path, data_home);
      remove_data_home (data_home);
    }

  report ("startup-first-frame-new-store", fresh, N_RUNS);
  report ("startup-first-frame-existing-store", again, N_RUNS);

  return 0;
}
