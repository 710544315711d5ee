/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <libsoup/soup.h>

#include "ewe-image-cache.h"
#include "ewe-test-async.h"

/* The picture cache against a real HTTP server on loopback: fetched once,
 * then served from disk even when the server is gone; one download for
 * many requests; errors for what is not a picture we may fetch. */

/* A 1×1 red PNG. */
static const guint8 tiny_png[] = {
  0x89,
  0x50,
  0x4e,
  0x47,
  0x0d,
  0x0a,
  0x1a,
  0x0a,
  0x00,
  0x00,
  0x00,
  0x0d,
  0x49,
  0x48,
  0x44,
  0x52,
  0x00,
  0x00,
  0x00,
  0x01,
  0x00,
  0x00,
  0x00,
  0x01,
  0x08,
  0x02,
  0x00,
  0x00,
  0x00,
  0x90,
  0x77,
  0x53,
  0xde,
  0x00,
  0x00,
  0x00,
  0x0c,
  0x49,
  0x44,
  0x41,
  0x54,
  0x08,
  0xd7,
  0x63,
  0xf8,
  0xcf,
  0xc0,
  0x00,
  0x00,
  0x03,
  0x01,
  0x01,
  0x00,
  0x18,
  0xdd,
  0x8d,
  0xb0,
  0x00,
  0x00,
  0x00,
  0x00,
  0x49,
  0x45,
  0x4e,
  0x44,
  0xae,
  0x42,
  0x60,
  0x82,
};

typedef struct
{
  SoupServer *server;
  char       *base;
  guint       hits;
} Fixture;

static gboolean
unpause_cb (gpointer user_data)
{
  SoupServerMessage *msg = user_data;

  soup_server_message_unpause (msg);

  return G_SOURCE_REMOVE;
}

static void
serve_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  Fixture *fixture = user_data;

  fixture->hits++;

  if (g_str_equal (path, "/gift.png") || g_str_equal (path, "/slow.png"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_STATIC,
                                        (const char *)tiny_png, sizeof tiny_png);
      /* Held back a little, so requests made meanwhile must wait for it. */
      if (g_str_equal (path, "/slow.png"))
        {
          soup_server_message_pause (msg);
          g_timeout_add_full (G_PRIORITY_DEFAULT, 300, unpause_cb,
                              g_object_ref (msg), g_object_unref);
        }
      return;
    }

  if (g_str_equal (path, "/silent.png"))
    {
      /* Never answers: the client's timeout must fire. */
      soup_server_message_pause (msg);
      return;
    }

  soup_server_message_set_status (msg, 404, NULL);
}

static void
fixture_setup (Fixture      *fixture,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, serve_cb, fixture, NULL);
  g_assert_true (soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  fixture->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
}

static void
fixture_teardown (Fixture      *fixture,
                  gconstpointer data)
{
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_clear_pointer (&fixture->base, g_free);
}

static GBytes *
load (EweImageCache *cache,
      const char    *url,
      GError       **error)
{
  g_auto(EweTestWaiter) waiter = { 0 };

  ewe_image_cache_load_async (cache, url, NULL, ewe_test_waiter_cb, &waiter);

  return ewe_image_cache_load_finish (cache, ewe_test_waiter_wait (&waiter), error);
}

static void
assert_png (GBytes *bytes)
{
  g_assert_nonnull (bytes);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), tiny_png, sizeof tiny_png);
}

static void
test_fetch_then_disk (Fixture      *fixture,
                      gconstpointer data)
{
  g_autoptr(EweImageCache) cache = ewe_image_cache_new (NULL);
  g_autoptr(EweImageCache) later = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *url = g_strconcat (fixture->base, "/gift.png", NULL);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, url, -1);
  g_autofree char *expected = g_build_filename (g_get_user_cache_dir (), "ewelists", "images", digest, NULL);
  g_autofree char *path = NULL;

  first = load (cache, url, &error);
  g_assert_no_error (error);
  assert_png (first);
  g_assert_cmpuint (fixture->hits, ==, 1);

  /* Kept under $XDG_CACHE_HOME/ewelists/images/<sha256 of the URL>. */
  file = ewe_image_cache_get_file (cache, url);
  path = g_file_get_path (file);
  g_assert_cmpstr (path, ==, expected);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  /* With the server gone, a new cache (a new run of the app) still has it. */
  soup_server_disconnect (fixture->server);
  later = ewe_image_cache_new (NULL);
  second = load (later, url, &error);
  g_assert_no_error (error);
  assert_png (second);
  g_assert_cmpuint (fixture->hits, ==, 1);
}

typedef struct
{
  guint   pending;
  GBytes *bytes[3];
  GError *errors[3];
} Many;

typedef struct
{
  Many *many;
  guint index;
} ManyItem;

static void
many_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  ManyItem *item = user_data;

  item->many->bytes[item->index] =
    ewe_image_cache_load_finish (EWE_IMAGE_CACHE (object), result, &item->many->errors[item->index]);
  item->many->pending--;
}

static void
test_coalesce_and_cancel (Fixture      *fixture,
                          gconstpointer data)
{
  g_autoptr(EweImageCache) cache = ewe_image_cache_new (NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *url = g_strconcat (fixture->base, "/slow.png", NULL);
  Many             many = { 0 };
  ManyItem         items[3];
  gint64           deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  for (guint i = 0; i < 3; i++)
    {
      items[i] = (ManyItem) { &many, i };
      many.pending++;
      ewe_image_cache_load_async (cache, url, i == 1 ? cancellable : NULL, many_cb, &items[i]);
    }

  /* Cancelling one request finishes that one only. */
  g_cancellable_cancel (cancellable);

  while (many.pending > 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  g_assert_no_error (many.errors[0]);
  g_assert_error (many.errors[1], G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_no_error (many.errors[2]);
  assert_png (many.bytes[0]);
  g_assert_null (many.bytes[1]);
  assert_png (many.bytes[2]);

  /* Three requests, one download. */
  g_assert_cmpuint (fixture->hits, ==, 1);

  for (guint i = 0; i < 3; i++)
    {
      g_clear_pointer (&many.bytes[i], g_bytes_unref);
      g_clear_error (&many.errors[i]);
    }
}

static void
test_cancel_all (Fixture      *fixture,
                 gconstpointer data)
{
  g_autoptr(EweImageCache) cache = ewe_image_cache_new (NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GFile) file = NULL;
  g_autofree char *url = g_strconcat (fixture->base, "/slow.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) again = NULL;
  Many     many = { 0 };
  ManyItem item = { &many, 0 };
  gint64   deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  many.pending = 1;
  ewe_image_cache_load_async (cache, url, cancellable, many_cb, &item);
  g_main_context_iteration (NULL, FALSE);
  g_cancellable_cancel (cancellable);

  while (many.pending > 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_error (many.errors[0], G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&many.errors[0]);

  /* The next request starts afresh rather than joining the stopped one. */
  again = load (cache, url, &error);
  g_assert_no_error (error);
  assert_png (again);

  file = ewe_image_cache_get_file (cache, url);
  g_assert_true (g_file_query_exists (file, NULL));
}

static void
test_errors (Fixture      *fixture,
             gconstpointer data)
{
  const char *invalid[] = {
    "file:///etc/passwd",
    "javascript:alert(1)",
    "data:image/png;base64,iVBORw0KGgo=",
    "not a url",
    "",
    "http://",
  };
  g_autoptr(EweImageCache) cache = ewe_image_cache_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_strconcat (fixture->base, "/gone.png", NULL);
  g_autofree char *big = g_strconcat (fixture->base, "/gift.png", NULL);
  g_autoptr(GFile) big_file = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_assert_null (load (cache, invalid[i], &error));
      g_assert_error (error, EWE_IMAGE_CACHE_ERROR, EWE_IMAGE_CACHE_ERROR_INVALID_URL);
      g_clear_error (&error);
    }
  g_assert_cmpuint (fixture->hits, ==, 0);

  g_assert_null (load (cache, missing, &error));
  g_assert_error (error, EWE_IMAGE_CACHE_ERROR, EWE_IMAGE_CACHE_ERROR_HTTP);
  g_clear_error (&error);

  g_assert_null (load (cache, "http://127.0.0.1:1/nothing.png", &error));
  g_assert_error (error, EWE_IMAGE_CACHE_ERROR, EWE_IMAGE_CACHE_ERROR_NETWORK);
  g_clear_error (&error);

  /* Too big: refused, and nothing kept. */
  ewe_image_cache_set_max_size (cache, 16);
  g_assert_null (load (cache, big, &error));
  g_assert_error (error, EWE_IMAGE_CACHE_ERROR, EWE_IMAGE_CACHE_ERROR_TOO_LARGE);
  g_clear_error (&error);
  big_file = ewe_image_cache_get_file (cache, big);
  g_assert_false (g_file_query_exists (big_file, NULL));
}

static void
test_timeout (Fixture      *fixture,
              gconstpointer data)
{
  g_autoptr(EweImageCache) cache = ewe_image_cache_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strconcat (fixture->base, "/silent.png", NULL);

  ewe_image_cache_set_timeout (cache, 1);
  g_assert_null (load (cache, url, &error));
  g_assert_error (error, EWE_IMAGE_CACHE_ERROR, EWE_IMAGE_CACHE_ERROR_NETWORK);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/core/image-cache/fetch-then-disk", Fixture, NULL,
              fixture_setup, test_fetch_then_disk, fixture_teardown);
  g_test_add ("/core/image-cache/coalesce-and-cancel", Fixture, NULL,
              fixture_setup, test_coalesce_and_cancel, fixture_teardown);
  g_test_add ("/core/image-cache/cancel-all", Fixture, NULL,
              fixture_setup, test_cancel_all, fixture_teardown);
  g_test_add ("/core/image-cache/errors", Fixture, NULL,
              fixture_setup, test_errors, fixture_teardown);
  g_test_add ("/core/image-cache/timeout", Fixture, NULL,
              fixture_setup, test_timeout, fixture_teardown);

  return g_test_run ();
}
