/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

/* Every image and icon the app names loads (issue 10). Without GTK's SVG
 * loader (librsvg2-common, only a Recommends of libgtk-4-1) the app's icon,
 * the list editor's pictures and Open in Browser's icon all showed GTK's
 * "image missing": nothing failed, nothing warned in a test. Here every
 * image in the app's resources is loaded as GTK loads it, and every icon
 * named in the templates (icon-name properties) and the code ("…-symbolic"
 * literals) is looked up in the icon theme and its file loaded. A last case
 * runs the same checks with an empty gdk-pixbuf loaders cache, as on a
 * machine without the SVG loader, and expects them to fail. */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "ewe-resources.h"
#include "ewe-style.h"

#define APP_RESOURCES "/org/ewelists/App"

static void
collect_resources (const char *path,
                   GPtrArray  *found)
{
  g_auto(GStrv) children = g_resources_enumerate_children (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);

  for (guint i = 0; children != NULL && children[i] != NULL; i++)
    {
      g_autofree char *child = g_strconcat (path, "/", children[i], NULL);

      if (g_str_has_suffix (children[i], "/"))
        {
          child[strlen (child) - 1] = '\0';
          collect_resources (child, found);
        }
      else
        g_ptr_array_add (found, g_steal_pointer (&child));
    }
}

static gboolean
is_image (const char *path)
{
  return g_str_has_suffix (path, ".svg") || g_str_has_suffix (path, ".png") ||
         g_str_has_suffix (path, ".jpg") || g_str_has_suffix (path, ".jpeg");
}

/* As GtkPicture and GtkIconTheme load them: PNG, JPEG and TIFF by GTK
 * itself, anything else (SVG) through gdk-pixbuf's loaders. */
static gboolean
texture_loads (GBytes  *bytes,
               GError **error)
{
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_bytes (bytes, error);

  return texture != NULL;
}

static void
check_resource_images (GString *failures)
{
  g_autoptr(GPtrArray) resources = g_ptr_array_new_with_free_func (g_free);
  guint n_images = 0;

  collect_resources (APP_RESOURCES, resources);
  g_assert_cmpuint (resources->len, >, 0);

  for (guint i = 0; i < resources->len; i++)
    {
      const char *path = g_ptr_array_index (resources, i);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;

      if (!is_image (path))
        continue;

      n_images++;
      bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      if (bytes == NULL || !texture_loads (bytes, &error))
        g_string_append_printf (failures, "the image %s does not load: %s\n", path, error->message);
    }

  /* The occasions' pictures and the app's icon at least. */
  g_assert_cmpuint (n_images, >=, 8);
}

static void
add_matches (GHashTable *names,
             const char *pattern,
             const char *text)
{
  g_autoptr(GRegex) regex = g_regex_new (pattern, 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  g_regex_match (regex, text, 0, &match);
  while (g_match_info_matches (match))
    {
      g_hash_table_add (names, g_match_info_fetch (match, 1));
      g_match_info_next (match, NULL);
    }
}

/* The icon names the templates (in the resources, as the app reads them)
 * and the code (the sources of src/app) name. */
static GHashTable *
collect_icon_names (void)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) resources = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  collect_resources (APP_RESOURCES, resources);
  for (guint i = 0; i < resources->len; i++)
    {
      const char *path = g_ptr_array_index (resources, i);
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *text = NULL;

      if (!g_str_has_suffix (path, ".ui"))
        continue;
      bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      g_assert_nonnull (bytes);
      text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      add_matches (names, "name=\"icon[-_]name\"[^>]*>\\s*([^<\\s]+)\\s*<", text);
      add_matches (names, "<attribute name=\"(?:verb-)?icon\"[^>]*>\\s*([^<\\s]+)\\s*<", text);
    }

  dir = g_dir_open (EWE_APP_SRCDIR, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (EWE_APP_SRCDIR, name, NULL);
      g_autofree char *text = NULL;

      if (!g_str_has_suffix (name, ".c"))
        continue;
      g_file_get_contents (path, &text, NULL, &error);
      g_assert_no_error (error);
      add_matches (names, "\"([a-z0-9][a-z0-9.-]*-symbolic)\"", text);
    }

  return names;
}

static void
check_icons (GString *failures)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  g_autoptr(GHashTable) names = collect_icon_names ();
  g_autofree const char **sorted = NULL;
  guint                   n_names;

  /* What GtkApplication does for the app's resources. */
  gtk_icon_theme_add_resource_path (theme, APP_RESOURCES "/icons");

  sorted = (const char **)g_hash_table_get_keys_as_array (names, &n_names);
  g_assert_cmpuint (n_names, >=, 10);
  g_assert_true (g_hash_table_contains (names, "org.ewelists.App-symbolic"));
  g_assert_true (g_hash_table_contains (names, "adw-external-link-symbolic"));

  for (guint i = 0; i < n_names; i++)
    {
      g_autoptr(GtkIconPaintable) icon = NULL;
      g_autoptr(GFile) file = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *uri = NULL;

      if (!gtk_icon_theme_has_icon (theme, sorted[i]))
        {
          g_string_append_printf (failures, "the icon %s is not in the icon theme\n", sorted[i]);
          continue;
        }

      icon = gtk_icon_theme_lookup_icon (theme, sorted[i], NULL, 16, 1, GTK_TEXT_DIR_NONE, 0);
      file = gtk_icon_paintable_get_file (icon);
      uri = file ? g_file_get_uri (file) : NULL;
      if (uri == NULL || strstr (uri, "image-missing") != NULL)
        {
          g_string_append_printf (failures, "the icon %s is GTK's missing image\n", sorted[i]);
          continue;
        }

      bytes = g_file_load_bytes (file, NULL, NULL, &error);
      if (bytes == NULL || !texture_loads (bytes, &error))
        g_string_append_printf (failures, "the icon %s (%s) does not load: %s\n",
                                sorted[i], uri, error->message);
    }
}

static void
test_resource_images (void)
{
  g_autoptr(GString) failures = g_string_new (NULL);

  check_resource_images (failures);
  if (failures->len > 0)
    g_test_fail_printf ("%s", failures->str);
}

static void
test_icons (void)
{
  g_autoptr(GString) failures = g_string_new (NULL);

  check_icons (failures);
  if (failures->len > 0)
    g_test_fail_printf ("%s", failures->str);
}

/* The checks above fail on a machine without the SVG loader. */
static void
test_fail_without_svg_loader (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GString) failures = g_string_new (NULL);

      check_resource_images (failures);
      check_icons (failures);
      g_printerr ("%s", failures->str);
      if (failures->len > 0)
        exit (1);
      return;
    }

  {
    g_autofree char *empty_cache = g_build_filename (g_get_tmp_dir (), "ewe-test-no-loaders-XXXXXX", NULL);
    g_autoptr(GError) error = NULL;
    int fd = g_mkstemp (empty_cache);

    g_assert_cmpint (fd, >=, 0);
    close (fd);

    g_setenv ("GDK_PIXBUF_MODULE_FILE", empty_cache, TRUE);
    g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
    g_unsetenv ("GDK_PIXBUF_MODULE_FILE");
    g_unlink (empty_cache);

    g_test_trap_assert_failed ();
    g_test_trap_assert_stderr ("*the image /org/ewelists/App/images/occasions/birthday.svg does not load*");
    /* GTK's icon theme does not even look for SVG files it cannot load. */
    g_test_trap_assert_stderr ("*the icon org.ewelists.App-symbolic *");
    g_test_trap_assert_stderr ("*the icon adw-external-link-symbolic *");
  }
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  ewe_register_resource ();
  ewe_style_load_for_display (gdk_display_get_default ());

  g_test_add_func ("/app/images/resources", test_resource_images);
  g_test_add_func ("/app/images/icons", test_icons);
  g_test_add_func ("/app/images/fail-without-svg-loader", test_fail_without_svg_loader);

  return g_test_run ();
}
