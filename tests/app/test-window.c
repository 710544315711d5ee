/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <adwaita.h>

#include "ewe-application.h"
#include "ewe-window.h"

static void
iterate_until (gboolean (*done) (gpointer), gpointer data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!done (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static gboolean
widget_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static void
test_window_shows_empty_state (void)
{
  g_autoptr(EweApplication) app = ewe_application_new ();
  g_autoptr(GError) error = NULL;
  EweWindow *window;
  AdwToastOverlay *toast_overlay;
  AdwLeaflet *leaflet;

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  window = ewe_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  iterate_until (widget_is_mapped, window);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Ewelists");

  /* The window is an adaptive split: a leaflet with the sidebar and the
   * content, under the overlay that shows toasts. */
  toast_overlay = ADW_TOAST_OVERLAY (adw_application_window_get_content (ADW_APPLICATION_WINDOW (window)));
  g_assert_true (ADW_IS_TOAST_OVERLAY (toast_overlay));
  leaflet = ADW_LEAFLET (adw_toast_overlay_get_child (toast_overlay));
  g_assert_true (ADW_IS_LEAFLET (leaflet));
  g_assert_true (adw_leaflet_get_can_navigate_back (leaflet));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/app/window/shows-empty-state", test_window_shows_empty_state);

  return g_test_run ();
}
