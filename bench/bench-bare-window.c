/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <adwaita.h>

/* The floor the app's start-up and memory are measured against: an
 * AdwApplicationWindow with a header bar and a status page, the size of
 * the app's window by default (the schema's window-width and
 * window-height), and nothing else. It quits after its first frame, the
 * frame clock's first after-paint, or with --stay stays up (for its
 * resident memory to be read) until closed.
 *
 *   bench-bare-window [--stay] */

#define WIDTH 1000
#define HEIGHT 700

static gboolean stay;

static void
after_paint_cb (GdkFrameClock *clock,
                GApplication  *app)
{
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, app);
  if (!stay)
    g_application_quit (app);
}

static void
map_cb (GtkWidget    *window,
        GApplication *app)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (after_paint_cb), app);
}

static void
activate_cb (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *status = adw_status_page_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "view-list-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), "A Bare Window");
  adw_status_page_set_description (ADW_STATUS_PAGE (status), "What any libadwaita app costs");
  gtk_widget_set_vexpand (status, TRUE);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), status);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_title (GTK_WINDOW (window), "A Bare Window");
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);

  g_signal_connect (window, "map", G_CALLBACK (map_cb), app);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = NULL;
  char *app_argv[] = { argv[0], NULL };

  stay = argc > 1 && g_str_equal (argv[1], "--stay");

  /* Registered on the session bus like the app, which pays for that too. */
  app = adw_application_new ("org.ewelists.BenchBareWindow", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);

  return g_application_run (G_APPLICATION (app), 1, app_argv);
}
