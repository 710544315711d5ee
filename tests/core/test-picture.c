/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "ewe-image-cache.h"
#include "ewe-picture.h"
#include "ewe-test-async.h"

/* Pictures decoded, through the image cache or from bytes: at the size
 * asked, in the pixel format GDK draws, and a clear error for what is no
 * picture. Not isolated with G_TEST_OPTION_ISOLATE_DIRS as
 * test-image-cache is: gdk-pixbuf recognises a format through the
 * system's MIME database, in $XDG_DATA_DIRS. */

#define WIDE_RGBA 0x336699ff /* as gdk_pixbuf_fill() takes it */
#define WIDE_ARGB 0xff336699 /* as the picture's pixels hold it */

static GBytes *
make_wide_png (void)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, 400, 200);
  g_autoptr(GError) error = NULL;
  char *png = NULL;
  gsize size = 0;

  gdk_pixbuf_fill (pixbuf, WIDE_RGBA);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &png, &size, "png", &error, NULL));
  g_assert_no_error (error);

  return g_bytes_new_take (png, size);
}

static EwePicture *
decode (GBytes  *bytes,
        int      width,
        int      height,
        GError **error)
{
  g_auto(EweTestWaiter) waiter = { 0 };

  ewe_picture_decode_async (bytes, width, height, NULL, ewe_test_waiter_cb, &waiter);

  return ewe_picture_decode_finish (ewe_test_waiter_wait (&waiter), error);
}

static void
assert_uniform (EwePicture *picture,
                guint32     argb)
{
  const guint32 *pixels = g_bytes_get_data (ewe_picture_get_pixels (picture), NULL);
  gsize          stride = ewe_picture_get_stride (picture);

  g_assert_cmpuint (stride, ==, (gsize)ewe_picture_get_width (picture) * 4);
  g_assert_cmpuint (g_bytes_get_size (ewe_picture_get_pixels (picture)), ==,
                    stride * ewe_picture_get_height (picture));
  for (int i = 0; i < ewe_picture_get_width (picture) * ewe_picture_get_height (picture); i++)
    g_assert_cmphex (pixels[i], ==, argb);
}

static void
test_size (void)
{
  g_autoptr(GBytes) png = make_wide_png ();
  g_autoptr(EwePicture) fitted = NULL;
  g_autoptr(EwePicture) grown = NULL;
  g_autoptr(EwePicture) own = NULL;
  g_autoptr(GError) error = NULL;

  /* Scaled to fit the box asked, its proportions kept. */
  fitted = decode (png, 100, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ewe_picture_get_width (fitted), ==, 100);
  g_assert_cmpint (ewe_picture_get_height (fitted), ==, 50);
  /* Premultiplied ARGB in the machine's byte order: what GDK draws. */
  assert_uniform (fitted, WIDE_ARGB);

  /* A box bigger than the picture: it grows to fill it. */
  grown = decode (png, 1000, 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ewe_picture_get_width (grown), ==, 1000);
  g_assert_cmpint (ewe_picture_get_height (grown), ==, 500);

  /* No box: its own size. */
  own = decode (png, -1, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ewe_picture_get_width (own), ==, 400);
  g_assert_cmpint (ewe_picture_get_height (own), ==, 200);
  assert_uniform (own, WIDE_ARGB);
}

static void
test_premultiplied (void)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, 3, 3);
  g_autoptr(EwePicture) picture = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize size = 0;

  /* Half transparent: each colour is scaled by its alpha, rounded. */
  gdk_pixbuf_fill (pixbuf, 0x33669980);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &data, &size, "png", &error, NULL));
  png = g_bytes_new_take (data, size);

  picture = decode (png, -1, -1, &error);
  g_assert_no_error (error);
  assert_uniform (picture, 0x801a334d);
}

static void
test_bad_data (void)
{
  static const char html[] = "<html>Moved</html>";
  g_autoptr(GBytes) png = make_wide_png ();
  g_autoptr(GBytes) not_a_picture = g_bytes_new_static (html, sizeof html - 1);
  g_autoptr(GBytes) header = g_bytes_new_from_bytes (png, 0, 8);
  g_autoptr(EwePicture) picture = NULL;
  g_autoptr(GError) error = NULL;

  /* What a shop sends instead of a picture… */
  picture = decode (not_a_picture, 100, 100, &error);
  g_assert_null (picture);
  g_assert_error (error, EWE_IMAGE_CACHE_ERROR, EWE_IMAGE_CACHE_ERROR_NOT_A_PICTURE);
  g_assert_nonnull (strstr (error->message, "cannot be shown"));
  g_clear_error (&error);

  /* …and a picture whose header is all there is. */
  picture = decode (header, -1, -1, &error);
  g_assert_null (picture);
  g_assert_error (error, EWE_IMAGE_CACHE_ERROR, EWE_IMAGE_CACHE_ERROR_NOT_A_PICTURE);
}

static EwePicture *
load_picture (EweImageCache *cache,
              const char    *url,
              GError       **error)
{
  g_auto(EweTestWaiter) waiter = { 0 };

  ewe_image_cache_load_picture_async (cache, url, 140, 140, NULL, ewe_test_waiter_cb, &waiter);

  return ewe_image_cache_load_picture_finish (cache, ewe_test_waiter_wait (&waiter), error);
}

static void
test_through_cache (void)
{
  static const char *url = "https://shop.invalid/wide.png";
  static const char *damaged_url = "https://shop.invalid/damaged.png";
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ewe-test-picture-XXXXXX", &error);
  g_autoptr(EweImageCache) cache = ewe_image_cache_new (dir);
  g_autoptr(GBytes) png = make_wide_png ();
  g_autoptr(GFile) file = ewe_image_cache_get_file (cache, url);
  g_autoptr(GFile) damaged_file = ewe_image_cache_get_file (cache, damaged_url);
  g_autoptr(EwePicture) picture = NULL;

  /* Already on disk, as a previous run fetched it: no network needed. */
  g_assert_no_error (error);
  g_assert_true (g_file_replace_contents (file, g_bytes_get_data (png, NULL), g_bytes_get_size (png),
                                          NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_replace_contents (damaged_file, "GIF89a", 6,
                                          NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, &error));
  g_assert_no_error (error);

  picture = load_picture (cache, url, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ewe_picture_get_width (picture), ==, 140);
  g_assert_cmpint (ewe_picture_get_height (picture), ==, 70);
  g_clear_object (&picture);

  picture = load_picture (cache, damaged_url, &error);
  g_assert_null (picture);
  g_assert_error (error, EWE_IMAGE_CACHE_ERROR, EWE_IMAGE_CACHE_ERROR_NOT_A_PICTURE);
  g_clear_error (&error);

  /* What the cache cannot fetch keeps its own error. */
  picture = load_picture (cache, "file:///etc/passwd", &error);
  g_assert_null (picture);
  g_assert_error (error, EWE_IMAGE_CACHE_ERROR, EWE_IMAGE_CACHE_ERROR_INVALID_URL);

  g_file_delete (file, NULL, NULL);
  g_file_delete (damaged_file, NULL, NULL);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/picture/size", test_size);
  g_test_add_func ("/core/picture/premultiplied", test_premultiplied);
  g_test_add_func ("/core/picture/bad-data", test_bad_data);
  g_test_add_func ("/core/picture/through-cache", test_through_cache);

  return g_test_run ();
}
