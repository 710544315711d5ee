/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-image-cache"

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "ewe-image-cache.h"

/* A gift grid asks for the same few pictures over and over as cards are
 * recycled, so each URL is fetched at most once: from disk when a copy is
 * there, otherwise from the network, with every request for that URL made
 * meanwhile waiting on the same download. */

#define DEFAULT_TIMEOUT_SECONDS 30
#define READ_CHUNK_SIZE (64 * 1024)

struct _EweImageCache
{
  GObject      parent_instance;

  /* owned */
  char        *directory;
  SoupSession *session;
  GHashTable  *downloads; /* URL → Download, those under way */

  gsize        max_size;
  guint        timeout;
  guint        made_directory : 1;
};

G_DEFINE_FINAL_TYPE (EweImageCache, ewe_image_cache, G_TYPE_OBJECT)

/* The quark name is one token with dashes: clang-format would space them. */
/* clang-format off */
G_DEFINE_QUARK (ewe-image-cache-error-quark, ewe_image_cache_error)
/* clang-format on */

/* One fetch of one URL, shared by every request waiting for it. */
typedef struct
{
  EweImageCache *cache; /* owned: it outlives its downloads */
  char          *url;
  GFile         *file;
  GCancellable  *cancellable; /* cancelled when no one waits any more */
  GPtrArray     *waiters;     /* of Waiter */
  GInputStream  *stream;
  GByteArray    *buffer;
  GBytes        *bytes;
} Download;

typedef struct
{
  GTask        *task;
  GCancellable *cancellable;
  gulong        handler_id;
} Waiter;

static void
waiter_free (Waiter *waiter)
{
  if (waiter->handler_id != 0)
    g_cancellable_disconnect (waiter->cancellable, waiter->handler_id);
  g_clear_object (&waiter->cancellable);
  g_clear_object (&waiter->task);
  g_free (waiter);
}

static void
download_free (Download *download)
{
  g_clear_object (&download->cache);
  g_free (download->url);
  g_clear_object (&download->file);
  g_clear_object (&download->cancellable);
  g_clear_pointer (&download->waiters, g_ptr_array_unref);
  g_clear_object (&download->stream);
  g_clear_pointer (&download->buffer, g_byte_array_unref);
  g_clear_pointer (&download->bytes, g_bytes_unref);
  g_free (download);
}

/* Hands the result to everyone still waiting and forgets the download. */
static void
download_complete (Download *download,
                   GError   *error)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&download->waiters);

  download->waiters = g_ptr_array_new_with_free_func ((GDestroyNotify)waiter_free);
  if (g_hash_table_lookup (download->cache->downloads, download->url) == download)
    g_hash_table_remove (download->cache->downloads, download->url);

  for (guint i = 0; i < waiters->len; i++)
    {
      Waiter *waiter = g_ptr_array_index (waiters, i);

      /* Disconnect first, so a cancel from now on finds nothing to do. */
      if (waiter->handler_id != 0)
        {
          g_cancellable_disconnect (waiter->cancellable, waiter->handler_id);
          waiter->handler_id = 0;
        }

      if (error != NULL)
        g_task_return_error (waiter->task, g_error_copy (error));
      else
        g_task_return_pointer (waiter->task, g_bytes_ref (download->bytes), (GDestroyNotify)g_bytes_unref);
    }

  download_free (download);
}

static void
download_fail (Download *download,
               GError   *error)
{
  g_debug ("Could not load %s: %s", download->url, error->message);
  download_complete (download, error);
  g_error_free (error);
}

/* A network failure, said as what failed (@doing): a cancelled load keeps
 * its own error, so that callers can tell it from a failed one. */
static void
download_fail_network (Download   *download,
                       GError     *error,
                       const char *doing)
{
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autoptr(GError) network = error;

      error = g_error_new (EWE_IMAGE_CACHE_ERROR, EWE_IMAGE_CACHE_ERROR_NETWORK,
                           "%s: %s", doing, network->message);
    }
  download_fail (download, error);
}

/* Whether the server said so up front or the bytes kept coming. */
static void
download_fail_too_large (Download *download)
{
  download_fail (download, g_error_new (EWE_IMAGE_CACHE_ERROR, EWE_IMAGE_CACHE_ERROR_TOO_LARGE,
                                        "The picture is larger than %" G_GSIZE_FORMAT " bytes",
                                        download->cache->max_size));
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Download *download = user_data;
  g_autoptr(GError) error = NULL;

  /* A picture that could not be kept is still a picture: show it, and
   * fetch it again next time. */
  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_debug ("Could not cache %s: %s", download->url, error->message);

  download_complete (download, NULL);
}

static void
download_save (Download *download)
{
  EweImageCache *self = download->cache;

  /* Creating the directory once is a single mkdir on a local disk; not
   * worth a thread. */
  if (!self->made_directory)
    {
      if (g_mkdir_with_parents (self->directory, 0700) != 0)
        g_debug ("Could not create %s: %s", self->directory, g_strerror (errno));
      self->made_directory = TRUE;
    }

  /* replace_contents writes a temporary file and renames it over the
   * target, so a reader never sees half a picture. */
  g_file_replace_contents_bytes_async (download->file, download->bytes, NULL, FALSE,
                                       G_FILE_CREATE_PRIVATE,
                                       download->cancellable, written_cb, download);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Download *download = user_data;
  g_autoptr(GBytes) chunk = NULL;
  GError *error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      download_fail_network (download, error, "Could not download the picture");
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      download->bytes = g_byte_array_free_to_bytes (g_steal_pointer (&download->buffer));
      g_clear_object (&download->stream);
      download_save (download);
      return;
    }

  if (download->buffer->len + g_bytes_get_size (chunk) > download->cache->max_size)
    {
      download_fail_too_large (download);
      return;
    }

  g_byte_array_append (download->buffer, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  g_input_stream_read_bytes_async (download->stream, READ_CHUNK_SIZE, G_PRIORITY_LOW,
                                   download->cancellable, read_cb, download);
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  SoupSession *session = SOUP_SESSION (object);
  Download    *download = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (session, result);
  GError      *error = NULL;
  goffset      length;
  guint        status;

  download->stream = soup_session_send_finish (session, result, &error);
  if (download->stream == NULL)
    {
      download_fail_network (download, error, "Could not reach the picture's server");
      return;
    }

  status = soup_message_get_status (msg);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      download_fail (download, g_error_new (EWE_IMAGE_CACHE_ERROR, EWE_IMAGE_CACHE_ERROR_HTTP,
                                            "The picture's server answered %u %s",
                                            status, soup_message_get_reason_phrase (msg)));
      return;
    }

  /* Refuse early when the server says up front that it is too big; the
   * read loop still counts, as the header may lie or be absent. */
  length = soup_message_headers_get_content_length (soup_message_get_response_headers (msg));
  if (length > 0 && (guint64)length > download->cache->max_size)
    {
      download_fail_too_large (download);
      return;
    }

  download->buffer = g_byte_array_sized_new (length > 0 ? (guint)length : READ_CHUNK_SIZE);
  g_input_stream_read_bytes_async (download->stream, READ_CHUNK_SIZE, G_PRIORITY_LOW,
                                   download->cancellable, read_cb, download);
}

static void
disk_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Download *download = user_data;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      download->bytes = g_bytes_new_take (contents, length);
      download_complete (download, NULL);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      download_fail (download, g_steal_pointer (&error));
      return;
    }

  /* Not there (or unreadable): fetch it. */
  msg = soup_message_new (SOUP_METHOD_GET, download->url);
  if (msg == NULL)
    {
      download_fail (download, g_error_new (EWE_IMAGE_CACHE_ERROR, EWE_IMAGE_CACHE_ERROR_INVALID_URL,
                                            "Not a web address: %s", download->url));
      return;
    }
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "image/*");
  soup_session_send_async (download->cache->session, msg, G_PRIORITY_LOW,
                           download->cancellable, sent_cb, download);
}

static gboolean
waiter_cancelled_idle_cb (gpointer user_data)
{
  GTask         *task = user_data;
  EweImageCache *self = g_task_get_source_object (task);
  const char    *url = g_task_get_task_data (task);
  Download      *download = g_hash_table_lookup (self->downloads, url);

  /* If the download has finished meanwhile, the task has its answer. */
  if (download == NULL)
    return G_SOURCE_REMOVE;

  for (guint i = 0; i < download->waiters->len; i++)
    {
      Waiter *waiter = g_ptr_array_index (download->waiters, i);

      if (waiter->task == task)
        {
          g_task_return_error_if_cancelled (task);
          g_ptr_array_remove_index (download->waiters, i);
          break;
        }
    }

  /* No one is waiting any more: stop the download. Its callbacks then
   * complete it with G_IO_ERROR_CANCELLED and free it; a new request for
   * the URL meanwhile starts afresh instead of joining a dying one. */
  if (download->waiters->len == 0)
    {
      g_hash_table_remove (self->downloads, url);
      g_cancellable_cancel (download->cancellable);
    }

  return G_SOURCE_REMOVE;
}

static void
waiter_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GSource) source = g_idle_source_new ();

  /* This runs inside g_cancellable_cancel(), possibly on another thread,
   * where disconnecting would deadlock: do the work later, from the task's
   * own main context (not g_main_context_invoke(), which would run it right
   * here). */
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, waiter_cancelled_idle_cb, g_object_ref (task), g_object_unref);
  g_source_set_static_name (source, "[ewe-image-cache] waiter cancelled");
  g_source_attach (source, g_task_get_context (task));
}

static void
ewe_image_cache_finalize (GObject *object)
{
  EweImageCache *self = (EweImageCache *)object;

  /* Each download holds a reference on the cache, so none is left here. */
  g_assert (g_hash_table_size (self->downloads) == 0);

  g_clear_pointer (&self->downloads, g_hash_table_unref);
  g_clear_object (&self->session);
  g_clear_pointer (&self->directory, g_free);

  G_OBJECT_CLASS (ewe_image_cache_parent_class)->finalize (object);
}

static void
ewe_image_cache_class_init (EweImageCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ewe_image_cache_finalize;
}

static void
ewe_image_cache_init (EweImageCache *self)
{
  self->downloads = g_hash_table_new (g_str_hash, g_str_equal);
  self->max_size = EWE_IMAGE_CACHE_DEFAULT_MAX_SIZE;
  self->timeout = DEFAULT_TIMEOUT_SECONDS;
  self->session = soup_session_new_with_options ("timeout", self->timeout,
                                                 "user-agent", PACKAGE_NAME "/" PACKAGE_VERSION " ",
                                                 NULL);
}

/**
 * ewe_image_cache_new:
 * @directory: (nullable): where to keep the pictures, or %NULL for
 *   $XDG_CACHE_HOME/ewelists/images
 *
 * Returns: (transfer full): a new cache
 */
EweImageCache *
ewe_image_cache_new (const char *directory)
{
  EweImageCache *self = g_object_new (EWE_TYPE_IMAGE_CACHE, NULL);

  if (directory != NULL)
    self->directory = g_strdup (directory);
  else
    self->directory = g_build_filename (g_get_user_cache_dir (), "ewelists", "images", NULL);

  return self;
}

const char *
ewe_image_cache_get_directory (EweImageCache *self)
{
  g_return_val_if_fail (EWE_IS_IMAGE_CACHE (self), NULL);

  return self->directory;
}

gsize
ewe_image_cache_get_max_size (EweImageCache *self)
{
  g_return_val_if_fail (EWE_IS_IMAGE_CACHE (self), 0);

  return self->max_size;
}

void
ewe_image_cache_set_max_size (EweImageCache *self,
                              gsize          max_size)
{
  g_return_if_fail (EWE_IS_IMAGE_CACHE (self));
  g_return_if_fail (max_size > 0);

  self->max_size = max_size;
}

guint
ewe_image_cache_get_timeout (EweImageCache *self)
{
  g_return_val_if_fail (EWE_IS_IMAGE_CACHE (self), 0);

  return self->timeout;
}

/* The longest the server may stay silent, in seconds, before the download
 * fails. */
void
ewe_image_cache_set_timeout (EweImageCache *self,
                             guint          seconds)
{
  g_return_if_fail (EWE_IS_IMAGE_CACHE (self));
  g_return_if_fail (seconds > 0);

  self->timeout = seconds;
  g_object_set (self->session, "timeout", seconds, NULL);
}

/**
 * ewe_image_cache_get_file:
 *
 * Returns: (transfer full): where the picture of @url is kept, whether it
 *   is there yet or not
 */
GFile *
ewe_image_cache_get_file (EweImageCache *self,
                          const char    *url)
{
  g_autofree char *digest = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (EWE_IS_IMAGE_CACHE (self), NULL);
  g_return_val_if_fail (url != NULL, NULL);

  /* Hashing keeps the name short and makes any URL a safe file name. */
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, url, -1);
  path = g_build_filename (self->directory, digest, NULL);

  return g_file_new_for_path (path);
}

static gboolean
is_web_url (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *scheme;

  if (uri == NULL)
    return FALSE;

  scheme = g_uri_get_scheme (uri);

  return (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0) &&
         g_uri_get_host (uri) != NULL && g_uri_get_host (uri)[0] != '\0';
}

void
ewe_image_cache_load_async (EweImageCache      *self,
                            const char         *url,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  Download *download;
  Waiter   *waiter;

  g_return_if_fail (EWE_IS_IMAGE_CACHE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_image_cache_load_async);

  if (url == NULL || !is_web_url (url))
    {
      g_task_return_new_error (task, EWE_IMAGE_CACHE_ERROR, EWE_IMAGE_CACHE_ERROR_INVALID_URL,
                               "Not a web address: %s", url ? url : "(none)");
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_set_task_data (task, g_strdup (url), g_free);

  download = g_hash_table_lookup (self->downloads, url);
  if (download == NULL)
    {
      download = g_new0 (Download, 1);
      download->cache = g_object_ref (self);
      download->url = g_strdup (url);
      download->file = ewe_image_cache_get_file (self, url);
      download->cancellable = g_cancellable_new ();
      download->waiters = g_ptr_array_new_with_free_func ((GDestroyNotify)waiter_free);
      g_hash_table_insert (self->downloads, download->url, download);

      g_file_load_contents_async (download->file, download->cancellable, disk_loaded_cb, download);
    }

  waiter = g_new0 (Waiter, 1);
  waiter->task = g_object_ref (task);
  if (cancellable != NULL)
    {
      waiter->cancellable = g_object_ref (cancellable);
      waiter->handler_id = g_cancellable_connect (cancellable, G_CALLBACK (waiter_cancelled_cb),
                                                  g_object_ref (task), g_object_unref);
    }
  g_ptr_array_add (download->waiters, waiter);
}

/**
 * ewe_image_cache_load_finish:
 *
 * Returns: (transfer full): the picture's bytes, as the server sent them
 */
GBytes *
ewe_image_cache_load_finish (EweImageCache *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (EWE_IS_IMAGE_CACHE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
picture_decoded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError     *error = NULL;
  EwePicture *picture;

  if ((picture = ewe_picture_decode_finish (result, &error)))
    g_task_return_pointer (task, picture, g_object_unref);
  else
    g_task_return_error (task, error);
}

static void
picture_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;
  int    *size = g_task_get_task_data (task);

  if (!(bytes = ewe_image_cache_load_finish (EWE_IMAGE_CACHE (object), result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  ewe_picture_decode_async (bytes, size[0], size[1], g_task_get_cancellable (task),
                            picture_decoded_cb, g_object_ref (task));
}

/**
 * ewe_image_cache_load_picture_async:
 * @url: an http(s) address, as for ewe_image_cache_load_async()
 * @width: the width of the box the picture is scaled to fit, keeping its
 *   proportions; -1, with @height -1, for the picture's own size
 * @height: the height of that box
 *
 * Loads the picture at @url as ewe_image_cache_load_async() does, then
 * decodes it as ewe_picture_decode_async() does.
 */
void
ewe_image_cache_load_picture_async (EweImageCache      *self,
                                    const char         *url,
                                    int                 width,
                                    int                 height,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  int *size;

  g_return_if_fail (EWE_IS_IMAGE_CACHE (self));
  g_return_if_fail ((width > 0) == (height > 0));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_image_cache_load_picture_async);
  size = g_new (int, 2);
  size[0] = width;
  size[1] = height;
  g_task_set_task_data (task, size, g_free);
  ewe_image_cache_load_async (self, url, cancellable, picture_loaded_cb, g_steal_pointer (&task));
}

/**
 * ewe_image_cache_load_picture_finish:
 *
 * Returns: (transfer full): the picture, at the size asked
 */
EwePicture *
ewe_image_cache_load_picture_finish (EweImageCache *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (EWE_IS_IMAGE_CACHE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
