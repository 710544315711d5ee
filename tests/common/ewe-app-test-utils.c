/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include "ewe-app-test-utils.h"
#include "ewe-application.h"
#include "ewe-style.h"

static GLogWriterOutput
log_writer_cb (GLogLevelFlags   log_level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_strcmp0 (fields[i].key, "GLIB_DOMAIN") == 0)
        domain = fields[i].value;
      else if (g_strcmp0 (fields[i].key, "MESSAGE") == 0)
        message = fields[i].value;
    }

  /* Xvfb runs no window manager, so moving the focus between a window and
   * its dialog sends GtkText no focus-out; GTK warns about that. Any other
   * warning still fails the test. */
  if (g_strcmp0 (domain, "Gtk") == 0 && message != NULL &&
      strstr (message, "did not receive a focus-out event") != NULL)
    return G_LOG_WRITER_HANDLED;

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/* gtk_test_init(), libadwaita and the app's resources, for a test that
 * shows more than one window. */
void
ewe_app_test_init (int    *argc,
                   char ***argv)
{
  g_log_set_writer_func (log_writer_cb, NULL, NULL);
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  /* The application class registers the resources, once: registering them
   * a second time would link GIO's list of static resources into a loop. */
  g_type_class_unref (g_type_class_ref (EWE_TYPE_APPLICATION));
  /* As the application loads it at startup. */
  ewe_style_load_for_display (gdk_display_get_default ());
}

/* Runs the main loop until @done says so, failing the test (instead of
 * hanging) after @timeout_seconds. */
void
ewe_app_test_iterate_until (EweAppTestCondition done,
                            gpointer            data,
                            guint               timeout_seconds)
{
  gint64 deadline = g_get_monotonic_time () + timeout_seconds * G_USEC_PER_SEC;

  while (!done (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* Types @text into the template child @child of @widget, as a user would. */
void
ewe_app_test_set_text (GtkWidget  *widget,
                       GType       widget_type,
                       const char *child,
                       const char *text)
{
  GObject *editable = gtk_widget_get_template_child (widget, widget_type, child);

  g_assert_true (GTK_IS_EDITABLE (editable));
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

/* A loopback port nobody listens on: bound, then closed again. */
guint16
ewe_app_test_closed_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  g_socket_close (socket, NULL);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* The app's settings (the tests run with the memory backend), back at their
 * defaults. */
GSettings *
ewe_app_test_settings (void)
{
  GSettings *settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);

  return settings;
}

/* A 320×240 PNG that looks like a product shot: a box of @colour (0xRRGGBB)
 * on a light background. */
GBytes *
ewe_app_test_product_png (guint32 colour)
{
  const int width = 320;
  const int height = 240;
  g_autoptr(GByteArray) pixels = g_byte_array_sized_new (width * height * 4);
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        gboolean inside = x > width / 4 && x < width * 3 / 4 && y > height / 5 && y < height * 4 / 5;
        guint32  c = inside ? colour : 0xf0f0f0;
        guint8   bgra[4] = { c & 0xff, (c >> 8) & 0xff, (c >> 16) & 0xff, 0xff };

        g_byte_array_append (pixels, bgra, 4);
      }
  data = g_byte_array_free_to_bytes (g_steal_pointer (&pixels));
  texture = gdk_memory_texture_new (width, height, GDK_MEMORY_B8G8R8A8_PREMULTIPLIED, data, width * 4);

  return gdk_texture_save_to_png_bytes (texture);
}
