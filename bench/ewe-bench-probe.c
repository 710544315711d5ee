/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define _GNU_SOURCE

#include "config.h"

#include <dlfcn.h>
#include <gmodule.h>
#include <gtk/gtk.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

/* Preloaded (LD_PRELOAD) into a program bench-startup measures — ewelists
 * as built, ewelists as built from another checkout, the bare window — so
 * that each is measured the same way, unchanged. It takes the first window
 * the program presents and, at that window's frame clock's first
 * after-paint, prints
 *
 *   first-frame <g_get_monotonic_time ()>
 *   objects <shared objects mapped>
 *   cpu <CPU time used so far by all its threads, in µs>
 *
 * and quits the application. With EWE_BENCH_PROBE_MEMORY=1 it stays: with
 * EWE_BENCH_PROBE_SELECT=1 it first selects the first row of the first
 * list box that has one (the app's first list), lets the window settle for
 * SETTLE_MS, prints
 *
 *   rss <VmRSS in KiB> pss <Pss in KiB>
 *
 * and quits then; $EWE_BENCH_PROBE_SMAPS names a file to copy
 * /proc/self/smaps to, just before (and then the window's widgets are
 * counted on stderr). */

#define SETTLE_MS 3000
#define SELECT_TIMEOUT_MS 20000

static void (*real_present) (GtkWindow *window);
static GtkWindow *main_window;
static gint64     select_deadline;

static void
quit (void)
{
  GApplication *app = g_application_get_default ();

  if (app != NULL)
    g_application_quit (app);
  else
    exit (0);
}

static guint
count_shared_objects (void)
{
  g_autofree char *maps = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  if (!g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL))
    return 0;

  lines = g_strsplit (maps, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *path = strchr (lines[i], '/');

      if (path != NULL && (g_str_has_suffix (path, ".so") || strstr (path, ".so.") != NULL))
        g_hash_table_add (seen, (gpointer)path);
    }

  return g_hash_table_size (seen);
}

/* User and system time of every thread so far: on a busy machine, a
 * steadier figure than the wall clock. */
static gint64
cpu_usec (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);

  return (gint64)(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC +
         usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
}

static long
status_kib (const char *file,
            const char *key)
{
  g_autofree char *text = NULL;
  const char      *line;

  if (!g_file_get_contents (file, &text, NULL, NULL))
    return -1;
  line = strstr (text, key);

  return line ? strtol (line + strlen (key), NULL, 10) : -1;
}

static void
count_widgets (GtkWidget  *widget,
               GHashTable *counts)
{
  const char *name = G_OBJECT_TYPE_NAME (widget);

  g_hash_table_insert (counts, (gpointer)name, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, name)) + 1));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    count_widgets (c, counts);
}

/* Which widgets the main window holds, most numerous first. */
static void
print_widgets (void)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GList) names = NULL;
  guint total = 0;

  count_widgets (GTK_WIDGET (main_window), counts);
  names = g_hash_table_get_keys (counts);
  for (GList *l = names; l != NULL; l = l->next)
    total += GPOINTER_TO_UINT (g_hash_table_lookup (counts, l->data));
  fprintf (stderr, "probe: %u widgets in the window\n", total);
  for (GList *l = names; l != NULL; l = l->next)
    {
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, l->data));

      if (n >= 10)
        fprintf (stderr, "probe: %6u %s\n", n, (const char *)l->data);
    }
}

static gboolean
report_memory_cb (gpointer data)
{
  const char *smaps_copy = g_getenv ("EWE_BENCH_PROBE_SMAPS");

  /* For finding where the memory goes: every mapping, with its sizes. */
  if (smaps_copy != NULL)
    {
      g_autofree char *smaps = NULL;

      if (g_file_get_contents ("/proc/self/smaps", &smaps, NULL, NULL))
        g_file_set_contents (smaps_copy, smaps, -1, NULL);
      print_widgets ();
    }

  printf ("rss %ld pss %ld\n",
          status_kib ("/proc/self/status", "VmRSS:"),
          status_kib ("/proc/self/smaps_rollup", "Pss:"));
  fflush (stdout);
  quit ();

  return G_SOURCE_REMOVE;
}

static GtkListBox *
find_list_box_with_rows (GtkWidget *widget)
{
  if (GTK_IS_LIST_BOX (widget) && gtk_list_box_get_row_at_index (GTK_LIST_BOX (widget), 0) != NULL)
    return GTK_LIST_BOX (widget);

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkListBox *box = find_list_box_with_rows (c);

      if (box != NULL)
        return box;
    }

  return NULL;
}

/* The app's lists appear once its store is open: wait for them. */
static gboolean
select_cb (gpointer data)
{
  GtkListBox *box = find_list_box_with_rows (GTK_WIDGET (main_window));

  if (box == NULL && g_get_monotonic_time () < select_deadline)
    return G_SOURCE_CONTINUE;

  if (box != NULL)
    gtk_list_box_select_row (box, gtk_list_box_get_row_at_index (box, 0));
  else
    fprintf (stderr, "probe: no list to select\n");

  g_timeout_add (SETTLE_MS, report_memory_cb, NULL);

  return G_SOURCE_REMOVE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, data);

  printf ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  printf ("objects %u\n", count_shared_objects ());
  printf ("cpu %" G_GINT64_FORMAT "\n", cpu_usec ());
  fflush (stdout);

  if (g_strcmp0 (g_getenv ("EWE_BENCH_PROBE_MEMORY"), "1") != 0)
    {
      quit ();
      return;
    }

  if (g_strcmp0 (g_getenv ("EWE_BENCH_PROBE_SELECT"), "1") == 0)
    {
      select_deadline = g_get_monotonic_time () + SELECT_TIMEOUT_MS * 1000;
      g_timeout_add (50, select_cb, NULL);
    }
  else
    g_timeout_add (SETTLE_MS, report_memory_cb, NULL);
}

static void
map_cb (GtkWidget *window,
        gpointer   data)
{
  g_signal_handlers_disconnect_by_func (window, map_cb, data);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (after_paint_cb), NULL);
}

void
gtk_window_present (GtkWindow *window)
{
  if (real_present == NULL)
    real_present = (void (*) (GtkWindow *))dlsym (RTLD_NEXT, "gtk_window_present");

  if (main_window == NULL)
    {
      main_window = window;
      g_signal_connect (window, "map", G_CALLBACK (map_cb), NULL);
    }

  real_present (window);
}
