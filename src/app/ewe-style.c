/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-style"

#include "config.h"

#include "ewe-style.h"

/* The app's one stylesheet, ewe-style.css. It is not named style.css:
 * AdwApplication would load that by itself, and the UI tests, which have
 * no application, would not; here both load it the same way. */

#define STYLE_RESOURCE "/org/ewelists/App/ewe-style.css"

/**
 * ewe_style_load_for_display:
 * @display: the display the app's windows are on
 *
 * Adds the app's stylesheet to @display, once however often it is called.
 */
void
ewe_style_load_for_display (GdkDisplay *display)
{
  g_autoptr(GtkCssProvider) provider = NULL;

  g_return_if_fail (GDK_IS_DISPLAY (display));

  if (g_object_get_data (G_OBJECT (display), "ewe-style-provider") != NULL)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, STYLE_RESOURCE);
  gtk_style_context_add_provider_for_display (display,
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  /* The display keeps it, and says it has it. */
  g_object_set_data_full (G_OBJECT (display), "ewe-style-provider",
                          g_steal_pointer (&provider), g_object_unref);
}
