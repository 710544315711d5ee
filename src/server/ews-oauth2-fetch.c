/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-oauth2"

#include "config.h"

#include "ews-oauth2-fetch.h"

/* A provider that keeps a sign-in waiting longer is down for us. */
#define FETCH_TIMEOUT_SECONDS 15
/* Discovery documents and key sets are read again after this long, or
 * when a token is signed with a key not in the cached set. */
#define CACHE_SECONDS (60 * 60)

/* What the server keeps per process: its HTTP client and the providers'
 * documents it read. */
typedef struct
{
  SoupSession *session;
  GHashTable  *documents; /* URL → CachedDocument */
} Upstream;

typedef struct
{
  JsonNode *root;
  gint64    fetched_at; /* monotonic seconds */
} CachedDocument;

static void
cached_document_free (gpointer data)
{
  CachedDocument *document = data;

  json_node_unref (document->root);
  g_free (document);
}

static void
upstream_free (gpointer data)
{
  Upstream *upstream = data;

  g_object_unref (upstream->session);
  g_hash_table_unref (upstream->documents);
  g_free (upstream);
}

static Upstream *
upstream_get (EwsServer *server)
{
  Upstream *upstream = g_object_get_data (G_OBJECT (server), "ews-oauth2-upstream");

  if (upstream == NULL)
    {
      upstream = g_new0 (Upstream, 1);
      upstream->session = soup_session_new_with_options ("timeout", FETCH_TIMEOUT_SECONDS, "idle-timeout",
                                                         FETCH_TIMEOUT_SECONDS, "user-agent", "ewelists-server",
                                                         NULL);
      upstream->documents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cached_document_free);
      g_object_set_data_full (G_OBJECT (server), "ews-oauth2-upstream", upstream, upstream_free);
    }

  return upstream;
}

static const char *
object_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
           ? json_node_get_string (node)
           : NULL;
}

typedef struct
{
  EwsServer           *server;
  EwsOAuth2FetchedFunc done;
  gpointer             user_data;
  char                *cache_key; /* NULL: not cached */
  SoupMessage         *msg;
} Fetch;

static void
fetched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fetch    *fetch = user_data;
  Upstream *upstream = upstream_get (fetch->server);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *why = NULL;
  g_autofree char *url = g_uri_to_string (soup_message_get_uri (fetch->msg));
  JsonNode        *root = NULL;
  guint            status = soup_message_get_status (fetch->msg);

  if (bytes == NULL)
    why = g_strdup_printf ("%s: %s", url, error->message);
  else if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), (gssize)g_bytes_get_size (bytes),
                                        &error))
    why = g_strdup_printf ("%s answered %u, not JSON", g_uri_get_path (soup_message_get_uri (fetch->msg)), status);
  else
    root = json_parser_get_root (parser);

  if (root != NULL && fetch->cache_key != NULL && SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      CachedDocument *document = g_new0 (CachedDocument, 1);

      document->root = json_node_copy (root);
      document->fetched_at = g_get_monotonic_time () / G_USEC_PER_SEC;
      g_hash_table_replace (upstream->documents, g_strdup (fetch->cache_key), document);
    }

  /* A token endpoint says what went wrong in JSON, with an error status. */
  if (root != NULL && !SOUP_STATUS_IS_SUCCESSFUL (status) && !JSON_NODE_HOLDS_OBJECT (root))
    why = g_strdup_printf ("%s answered %u", g_uri_get_path (soup_message_get_uri (fetch->msg)), status);
  else if (root != NULL && !SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      const char *code = object_string (json_node_get_object (root), "error");
      why = g_strdup_printf ("%s answered %u (%s)", g_uri_get_path (soup_message_get_uri (fetch->msg)), status,
                             code != NULL ? code : "no error code");
    }

  fetch->done (fetch->user_data, why == NULL ? root : NULL, why);
  g_object_unref (fetch->msg);
  g_free (fetch->cache_key);
  g_object_unref (fetch->server);
  g_free (fetch);
}

void
ews_oauth2_fetch_json (EwsServer           *server,
                       SoupMessage         *msg,
                       gboolean             cached,
                       EwsOAuth2FetchedFunc done,
                       gpointer             user_data)
{
  Upstream        *upstream = upstream_get (server);
  g_autofree char *url = g_uri_to_string (soup_message_get_uri (msg));
  CachedDocument  *document = cached ? g_hash_table_lookup (upstream->documents, url) : NULL;
  Fetch           *fetch;

  if (document != NULL && g_get_monotonic_time () / G_USEC_PER_SEC - document->fetched_at < CACHE_SECONDS)
    {
      g_object_unref (msg);
      done (user_data, document->root, NULL);
      return;
    }

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  fetch = g_new0 (Fetch, 1);
  fetch->server = g_object_ref (server);
  fetch->done = done;
  fetch->user_data = user_data;
  fetch->cache_key = cached ? g_steal_pointer (&url) : NULL;
  fetch->msg = msg;
  soup_session_send_and_read_async (upstream->session, msg, G_PRIORITY_DEFAULT, NULL, fetched_cb, fetch);
}

void
ews_oauth2_fetch_forget (EwsServer  *server,
                         const char *url)
{
  g_hash_table_remove (upstream_get (server)->documents, url);
}
