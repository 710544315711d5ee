/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-page-metadata"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ewe-codec.h"
#include "ewe-page-metadata-private.h"

/* What the product page's user script read in a shop's page as the user
 * sees it, after the page's own scripts ran (ewe-product-page-reader.js):
 * raw candidates only — JSON-LD texts, meta tags, microdata properties,
 * the title, the page's large pictures. The script runs beside a
 * stranger's code and its message is no more trusted than the page: every
 * value goes through the same rules as a fetched page's
 * (ewe-page-metadata-found.c), and anything malformed is dropped. */

/* More than any product page needs, and bounded for a page stuffing it. */
#define MAX_JSON_LD 32
#define MAX_JSON_LD_CHARS (512 * 1024)
#define MAX_TAGS 512
#define MAX_PICTURES_READ 200
/* Pictures smaller than this on either side are icons, logos, swatches. */
#define MIN_PICTURE_SIDE 150

typedef struct
{
  char  *url;
  gint64 area;
  guint  order;
} Picture;

static void
picture_clear (Picture *picture)
{
  g_free (picture->url);
}

static int
compare_pictures (gconstpointer a,
                  gconstpointer b)
{
  const Picture *pa = a;
  const Picture *pb = b;

  /* Largest first; the page's order among equals. */
  if (pa->area != pb->area)
    return pa->area > pb->area ? -1 : 1;

  return pa->order < pb->order ? -1 : (pa->order > pb->order);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);

  return NULL;
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static const char *
element_string (JsonArray *array,
                guint      index)
{
  JsonNode *node = index < json_array_get_length (array) ? json_array_get_element (array, index) : NULL;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);

  return NULL;
}

static gint64
member_side (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return CLAMP (json_node_get_int (node), 0, 100000);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return (gint64)CLAMP (json_node_get_double (node), 0, 100000);

  return 0;
}

/* Calls @take on each [name, value] pair of @array. */
static void
scan_pairs (Found      *found,
            JsonArray  *array,
            const char *page_url,
            void (*take) (Found *, const char *, const char *, const char *))
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array) && i < MAX_TAGS; i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_ARRAY (node))
        take (found, element_string (json_node_get_array (node), 0),
              element_string (json_node_get_array (node), 1), page_url);
    }
}

/* The gift's own picture first, then the page's large ones, largest first,
 * each once. */
static char **
collect_pictures (JsonArray  *array,
                  const char *page_url,
                  const char *first)
{
  g_autoptr(GArray) pictures = g_array_new (FALSE, TRUE, sizeof (Picture));
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_array_set_clear_func (pictures, (GDestroyNotify)picture_clear);

  for (guint i = 0; array != NULL && i < json_array_get_length (array) && i < MAX_PICTURES_READ; i++)
    {
      JsonNode   *node = json_array_get_element (array, i);
      JsonObject *object;
      Picture     picture = { 0 };
      gint64      width, height;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;

      object = json_node_get_object (node);
      width = member_side (object, "width");
      height = member_side (object, "height");
      if (width < MIN_PICTURE_SIDE || height < MIN_PICTURE_SIDE)
        continue;

      picture.url = _ewe_found_clean_url (member_string (object, "src"), page_url);
      if (picture.url == NULL)
        continue;
      picture.area = width * height;
      picture.order = i;
      g_array_append_val (pictures, picture);
    }

  g_array_sort (pictures, compare_pictures);

  if (first != NULL)
    {
      g_strv_builder_add (builder, first);
      g_hash_table_add (seen, (gpointer)first);
    }

  for (guint i = 0; i < pictures->len && g_hash_table_size (seen) < EWE_PAGE_METADATA_MAX_PICTURES; i++)
    {
      Picture *picture = &g_array_index (pictures, Picture, i);

      if (g_hash_table_add (seen, picture->url))
        g_strv_builder_add (builder, picture->url);
    }

  return g_strv_builder_end (builder);
}

/**
 * ewe_page_metadata_read:
 * @reading: what the product page's user script sent, as JSON
 * @length: its length, or -1 when nul-terminated
 * @page_url: the address of the page it was read in, as the view says
 *   (not as the script does)
 * @pictures: (out) (optional) (transfer full): the pictures the user may
 *   choose among, the gift's own first
 *
 * Turns what was read in a rendered page into a gift prefilled the way
 * ewe_page_metadata_parse() prefills one from a page's HTML.
 *
 * Returns: (transfer full): the gift, or %NULL with @error set
 *   (NOTHING_FOUND when the page names no product at all)
 */
EweGift *
ewe_page_metadata_read (const char *reading,
                        gssize      length,
                        const char *page_url,
                        char     ***pictures,
                        GError    **error)
{
  g_auto(Found) found = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonArray  *json_ld;
  EweGift    *gift;

  g_return_val_if_fail (reading != NULL, NULL);

  if (pictures != NULL)
    *pictures = NULL;

  if (length < 0)
    length = strlen (reading);

  /* ewe-codec's parser refuses absurd nesting before json-glib recurses. */
  if (length > EWE_PAGE_METADATA_MAX_READING || !(root = ewe_codec_parse (reading, length, NULL)) ||
      !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, EWE_PAGE_METADATA_ERROR, EWE_PAGE_METADATA_ERROR_UNREADABLE,
                   _("This page could not be read. Type the gift’s details in yourself."));
      return NULL;
    }

  object = json_node_get_object (root);

  json_ld = member_array (object, "jsonLd");
  for (guint i = 0; json_ld != NULL && i < json_array_get_length (json_ld) && i < MAX_JSON_LD; i++)
    {
      const char *text = element_string (json_ld, i);

      if (text != NULL && strlen (text) <= MAX_JSON_LD_CHARS)
        _ewe_found_scan_json_ld (&found, text, page_url);
    }

  scan_pairs (&found, member_array (object, "meta"), page_url, _ewe_found_take_meta);
  scan_pairs (&found, member_array (object, "microdata"), page_url, _ewe_found_take_microdata);
  found.title = _ewe_found_clean_text (member_string (object, "title"));
  found.canonical = _ewe_found_clean_url (member_string (object, "canonical"), page_url);

  gift = _ewe_found_make_gift (&found, page_url, error);
  if (gift != NULL && pictures != NULL)
    *pictures = collect_pictures (member_array (object, "images"), page_url, ewe_gift_get_image_url (gift));

  return gift;
}

/* --- off the UI thread ------------------------------------------------------- */

typedef struct
{
  char  *reading;
  char  *page_url;
  char **pictures;
} Read;

static void
read_free (Read *read)
{
  g_free (read->reading);
  g_free (read->page_url);
  g_strfreev (read->pictures);
  g_free (read);
}

static void
read_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Read    *read = task_data;
  GError  *error = NULL;
  EweGift *gift;

  gift = ewe_page_metadata_read (read->reading, -1, read->page_url, &read->pictures, &error);
  if (gift == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, gift, g_object_unref);
}

/* As ewe_page_metadata_read(), on a worker thread: a reading may be a few
 * megabytes of JSON. */
void
ewe_page_metadata_read_async (const char         *reading,
                              const char         *page_url,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  Read *read;

  g_return_if_fail (reading != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_page_metadata_read_async);
  read = g_new0 (Read, 1);
  read->reading = g_strdup (reading);
  read->page_url = g_strdup (page_url);
  g_task_set_task_data (task, read, (GDestroyNotify)read_free);
  g_task_run_in_thread (task, read_in_thread);
}

/**
 * ewe_page_metadata_read_finish:
 * @pictures: (out) (optional) (transfer full): as for ewe_page_metadata_read()
 */
EweGift *
ewe_page_metadata_read_finish (GAsyncResult *result,
                               char       ***pictures,
                               GError      **error)
{
  EweGift *gift;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  gift = g_task_propagate_pointer (G_TASK (result), error);
  if (pictures != NULL)
    {
      Read *read = g_task_get_task_data (G_TASK (result));

      *pictures = gift != NULL ? g_steal_pointer (&read->pictures) : NULL;
    }

  return gift;
}
