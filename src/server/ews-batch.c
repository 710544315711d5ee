/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-batch"

#include "config.h"

#include "ewe-limits.h"
#include "ews-batch.h"
#include "ews-idempotency.h"
#include "ews-request-private.h"
#include "ews-router.h"

/* POST /api/batch
 *   {"requests": [{"method", "path", "idempotencyKey"?, "body"?}, …]}
 * → {"responses": [{"status", "body", "replayed"}, …]}, in the same order
 *
 * The app's sync sends its outbox one write per request; each costs a
 * connection, a token check, a transaction and a wait for the disk. A batch
 * carries what those requests would have, each entry exactly as it would
 * be sent alone ("body" is the request body's text, so that its
 * Idempotency-Key record is the same either way), and answers each entry
 * as that request would have been answered ("body" is the answer's text).
 * The token is checked once; every entry runs through its route's own
 * handler and rules, with its own Idempotency-Key record, in one
 * transaction for the batch (each entry in a nested one: an entry that
 * fails is undone alone), so the batch costs one commit and one sync.
 *
 * Entries run in order. An entry refused (4xx) does not stop the others,
 * as the next request would have been sent after a refusal; an entry that
 * failed on our side (5xx) or was told to come back later (429) does: a
 * client sending one by one would stop there too, and an entry after it
 * may depend on it. Those after it are answered 503 with "notRun": true,
 * to be sent again, without having run. Only writes (POST, PUT, DELETE)
 * may be in a batch: a read has nothing to commit and its own caching. */

EwsRequest *
ews_request_new_entry (EwsServer         *server,
                       SoupServerMessage *outer,
                       const EwsUser     *user,
                       const char        *method,
                       const char        *path,
                       GBytes            *body)
{
  EwsRequest *self = g_new0 (EwsRequest, 1);

  self->server = server;
  self->outer = outer;
  self->method = g_strdup (method);
  self->path = g_strdup (path);
  self->sub_body = g_bytes_ref (body);

  /* The batch's token was checked once for all its entries. */
  self->user_checked = TRUE;
  self->user = g_new0 (EwsUser, 1);
  self->user->sub = g_strdup (user->sub);
  self->user->email = g_strdup (user->email);
  self->user->name = g_strdup (user->name);

  return self;
}

void
ews_request_run_entry (EwsRequest       *self,
                       EwsRequestHandler handler,
                       GHashTable       *params,
                       const char       *idempotency_key)
{
  self->params = params;

  if (idempotency_key != NULL)
    ews_idempotency_handle (self, handler, idempotency_key);
  else
    handler (self);
}

static gboolean
entry_stops_batch (guint status)
{
  return status >= 500 || status == EWS_STATUS_TOO_MANY_REQUESTS || status == SOUP_STATUS_UNAUTHORIZED;
}

static gboolean
is_write (const char *method)
{
  return g_strcmp0 (method, "POST") == 0 || g_strcmp0 (method, "PUT") == 0 ||
         g_strcmp0 (method, "DELETE") == 0;
}

typedef struct
{
  const char *method;
  const char *path;
  const char *key;
  const char *body;
} Entry;

/* Reads the batch's entries; FALSE after answering 400. */
static gboolean
read_entries (EwsRequest *request,
              JsonObject *body,
              GArray     *entries)
{
  JsonNode  *node = json_object_get_member (body, "requests");
  JsonArray *array;
  guint      length;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      ews_request_reply_error (request, SOUP_STATUS_BAD_REQUEST, "A batch needs “requests”, an array of requests.");
      return FALSE;
    }

  array = json_node_get_array (node);
  length = json_array_get_length (array);
  if (length == 0 || length > EWE_LIMIT_BATCH_ENTRIES)
    {
      ews_request_reply_error (request, SOUP_STATUS_BAD_REQUEST, "A batch holds 1 to %d requests; this one has %u.",
                               EWE_LIMIT_BATCH_ENTRIES, length);
      return FALSE;
    }

  for (guint i = 0; i < length; i++)
    {
      JsonNode   *element = json_array_get_element (array, i);
      JsonObject *object;
      Entry       entry = { NULL, NULL, NULL, NULL };

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          ews_request_reply_error (request, SOUP_STATUS_BAD_REQUEST, "Request %u of the batch is not an object.", i);
          return FALSE;
        }

      object = json_node_get_object (element);
      if (!ews_request_member_string (request, object, "method", EWS_MEMBER_REQUIRED, &entry.method) ||
          !ews_request_member_string (request, object, "path", EWS_MEMBER_REQUIRED, &entry.path) ||
          !ews_request_member_string (request, object, "idempotencyKey", EWS_MEMBER_NULLABLE, &entry.key))
        return FALSE;

      /* A body may be as long as a request's own: not a field's length. */
      node = json_object_get_member (object, "body");
      if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
        {
          if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
            {
              ews_request_reply_error (request, SOUP_STATUS_BAD_REQUEST,
                                       "The body of request %u of the batch must be a string (its JSON text).", i);
              return FALSE;
            }
          entry.body = json_node_get_string (node);
        }

      if (!is_write (entry.method))
        {
          ews_request_reply_error (request, SOUP_STATUS_BAD_REQUEST,
                                   "Request %u of the batch is a %s: a batch holds writes only (POST, PUT, DELETE).",
                                   i, entry.method);
          return FALSE;
        }

      if (!g_str_has_prefix (entry.path, "/api/") || strchr (entry.path, '?') != NULL ||
          strchr (entry.path, '#') != NULL)
        {
          ews_request_reply_error (request, SOUP_STATUS_BAD_REQUEST,
                                   "Request %u of the batch must have a path under /api/, without a query.", i);
          return FALSE;
        }

      g_array_append_val (entries, entry);
    }

  return TRUE;
}

static void
write_answer (EwsJsonWriter *writer,
              guint          status,
              const char    *body,
              gboolean       replayed,
              gboolean       not_run)
{
  ews_json_writer_begin_object (writer);
  ews_json_writer_member (writer, "status");
  ews_json_writer_int_value (writer, status);
  ews_json_writer_member (writer, "body");
  ews_json_writer_string_value (writer, body);
  ews_json_writer_member (writer, "replayed");
  ews_json_writer_boolean_value (writer, replayed);
  if (not_run)
    {
      ews_json_writer_member (writer, "notRun");
      ews_json_writer_boolean_value (writer, TRUE);
    }
  ews_json_writer_end_object (writer);
}

/* Runs one entry; returns its status. */
static guint
run_entry (EwsRequest    *request,
           const EwsUser *user,
           const Entry   *entry,
           EwsJsonWriter *writer)
{
  EwsServer       *server = ews_request_get_server (request);
  g_autofree char *path = ews_router_normalize_path (entry->path);
  g_autoptr(GBytes) body = g_bytes_new (entry->body != NULL ? entry->body : "",
                                         entry->body != NULL ? strlen (entry->body) : 0);
  g_autoptr(EwsRequest) sub = NULL;
  g_autoptr(GHashTable) params = NULL;
  EwsRouteHandler   route_handler = NULL;
  EwsRequestHandler handler = NULL;
  gpointer          route_data = NULL;
  guint             status;

  status = ews_router_lookup (ews_server_get_router (server), entry->method, path, &route_handler, &route_data,
                              &params);
  if (status == SOUP_STATUS_OK)
    handler = ews_request_handler_of (route_handler, route_data);

  /* The same answers as the router's for a request on its own; a batch
   * inside a batch is not a route either. */
  if (handler == NULL || g_strcmp0 (path, "/api/batch") == 0)
    {
      status = status == SOUP_STATUS_METHOD_NOT_ALLOWED ? status : SOUP_STATUS_NOT_FOUND;
      write_answer (writer, status,
                    status == SOUP_STATUS_NOT_FOUND ? "{\"error\":\"Not found.\"}"
                                                    : "{\"error\":\"Method not allowed.\"}",
                    FALSE, FALSE);
      return status;
    }

  sub = ews_request_new_entry (server, ews_request_get_message (request), user, entry->method, path, body);
  ews_request_run_entry (sub, handler, params, entry->key);

  /* Every handler answers; one that did not is our bug, not the client's. */
  if (sub->reply_body == NULL)
    {
      g_warning ("The handler of %s %s answered nothing in a batch", entry->method, path);
      sub->reply_status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
      sub->reply_body = g_strdup ("{\"error\":\"The server could not do this just now. Try again later.\"}");
    }

  write_answer (writer, sub->reply_status, sub->reply_body, sub->replayed, FALSE);
  return sub->reply_status;
}

static void
batch_run (EwsRequest *request)
{
  EwsStorage    *storage = ews_request_get_storage (request);
  const EwsUser *user = ews_request_require_user (request);
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  g_autoptr(EwsJsonWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *body;
  gboolean    stopped = FALSE;

  if (user == NULL)
    return;

  if ((body = ews_request_require_body (request)) == NULL || !read_entries (request, body, entries))
    return;

  /* One transaction for all: one commit, and one sync for the answer. */
  if (!ews_storage_begin (storage, &error))
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  writer = ews_json_writer_new (256 * entries->len);
  ews_json_writer_begin_object (writer);
  ews_json_writer_member (writer, "responses");
  ews_json_writer_begin_array (writer);

  for (guint i = 0; i < entries->len; i++)
    {
      const Entry *entry = &g_array_index (entries, Entry, i);

      if (stopped)
        write_answer (writer, SOUP_STATUS_SERVICE_UNAVAILABLE,
                      "{\"error\":\"Not run: an earlier request of the batch failed. Send it again.\"}", FALSE,
                      TRUE);
      else if (entry_stops_batch (run_entry (request, user, entry, writer)))
        stopped = TRUE;
    }

  ews_json_writer_end_array (writer);
  ews_json_writer_end_object (writer);

  /* Nothing of the batch is done unless all of it is recorded: the
   * client sends it all again, and it runs again. */
  if (!ews_storage_commit (storage, &error))
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  ews_request_reply_written (request, g_steal_pointer (&writer));
}

void
ews_batch_register (EwsServer *server)
{
  ews_request_add_route (server, "POST", "/api/batch", batch_run);
}
