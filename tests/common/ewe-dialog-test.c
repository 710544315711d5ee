/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <glib/gstdio.h>

#include "ewe-dialog-test.h"
#include "ewe-resources.h"
#include "ewe-style.h"

/* What a test needs before it makes a dialog: GTK, libadwaita, and the
 * app's resources, which the application registers in the real app. */
void
ewe_dialog_test_init (int    *argc,
                      char ***argv)
{
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  ewe_register_resource ();
  ewe_style_load_for_display (gdk_display_get_default ());
}

void
ewe_dialog_test_iterate_until (EweDialogTestCheck check,
                               gpointer           data)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!check (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
time_passed (gpointer data)
{
  return g_get_monotonic_time () >= *(gint64 *)data;
}

void
ewe_dialog_test_settle (guint msec)
{
  gint64 until = g_get_monotonic_time () + msec * 1000;

  ewe_dialog_test_iterate_until (time_passed, &until);
}

static gboolean
widget_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

void
ewe_dialog_test_present (GtkWindow *window,
                         int        width,
                         int        height)
{
  gtk_window_set_default_size (window, width, height);
  gtk_window_present (window);
  ewe_dialog_test_iterate_until (widget_is_mapped, window);
  /* Let the first frames lay out and draw. */
  ewe_dialog_test_settle (300);
}

EweStore *
ewe_dialog_test_open_store (char **dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  EweStore        *store;

  *dir = g_dir_make_tmp ("ewe-dialog-test-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (*dir, "store.sqlite", NULL);
  store = ewe_store_open_sync (path, &error);
  g_assert_no_error (error);

  return store;
}

void
ewe_dialog_test_remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (dir);
}

void
ewe_dialog_test_set_dark (gboolean dark)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
  ewe_dialog_test_settle (200);
}

static void
after_paint_cb (GdkFrameClock *clock,
                guint         *painted)
{
  (*painted)++;
}

static gboolean
painted (gpointer data)
{
  return *(guint *)data > 0;
}

/* Waits for @window to draw a frame. */
static void
wait_for_frame (GtkWindow *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  guint          count = 0;
  gulong         handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &count);

  gtk_widget_queue_draw (GTK_WIDGET (window));
  ewe_dialog_test_iterate_until (painted, &count);
  g_signal_handler_disconnect (clock, handler);
}

/* Renders the window as it is on screen, at one pixel per unit. */
GdkTexture *
ewe_dialog_test_render (GtkWindow *window)
{
  g_autoptr(GskRenderNode) node = NULL;
  int width = 0;
  int height = 0;

  /* A widget waiting for its next layout draws nothing: let it settle,
   * and on a busy machine (or with a web view still laying out) wait for
   * the frames after, until it draws. */
  ewe_dialog_test_settle (200);
  for (guint attempt = 0; node == NULL; attempt++)
    {
      g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      g_assert_cmpuint (attempt, <, 50);
      if (attempt > 0)
        wait_for_frame (window);
      /* Its own size, frame included: any other would scale, and blur. */
      width = gdk_paintable_get_intrinsic_width (paintable);
      height = gdk_paintable_get_intrinsic_height (paintable);
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (snapshot);
    }

  return gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                      &GRAPHENE_RECT_INIT (0, 0, width, height));
}

/* Renders the window into $G_TEST_BUILDDIR/screenshots/NAME.png, for
 * people to look at. */
char *
ewe_dialog_test_screenshot (GtkWindow  *window,
                            const char *name)
{
  g_autoptr(GdkTexture) texture = ewe_dialog_test_render (window);
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;

  dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                          "screenshots", NULL);
  g_mkdir_with_parents (dir, 0755);
  file = g_strconcat (dir, G_DIR_SEPARATOR_S, name, ".png", NULL);
  g_assert_true (gdk_texture_save_to_png (texture, file));
  g_test_message ("Screenshot: %s", file);

  return g_steal_pointer (&file);
}

/* The button under @widget whose label is @label (with its mnemonic
 * underscore, as set), or NULL. */
GtkWidget *
ewe_dialog_test_find_button (GtkWidget  *widget,
                             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = ewe_dialog_test_find_button (c, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Whether the keyboard focus of @window is @widget or inside it (an
 * AdwEntryRow's focus is the GtkText within). */
gboolean
ewe_dialog_test_focus_is_in (GtkWindow *window,
                             gpointer   widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}
