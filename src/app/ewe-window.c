/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-window.h"

struct _EweWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwLeaflet           *leaflet;

  /* owned */
  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (EweWindow, ewe_window, ADW_TYPE_APPLICATION_WINDOW)

static void
ewe_window_dispose (GObject *object)
{
  EweWindow *self = (EweWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), EWE_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ewe_window_parent_class)->dispose (object);
}

static void
ewe_window_class_init (EweWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ewe_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ewelists/App/ewe-window.ui");
  gtk_widget_class_bind_template_child (widget_class, EweWindow, leaflet);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
ewe_window_init (EweWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The window remembers its size, as GNOME apps do. */
  self->settings = g_settings_new (APPLICATION_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
}

EweWindow *
ewe_window_new (EweApplication *application)
{
  return g_object_new (EWE_TYPE_WINDOW,
                       "application", application,
                       NULL);
}
