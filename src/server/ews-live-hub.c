/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-live-hub"

#include "config.h"

#include "ews-json-writer.h"
#include "ews-live-hub.h"

/* Live updates as Server-Sent Events: each watcher holds one GET whose
 * chunked answer never ends, and the hub writes a "changed" event on it
 * when a list it watches changes. An event carries the list's id and
 * nothing else, so a watcher learns no more than reading the list again
 * tells it (a surprise list's reservations stay hidden there); it reads
 * the list again to see what changed.
 *
 * A stream opened with a signed-in user's token also hears of lists that
 * join or leave that user's lists ("lists" events: a list they created on
 * another device, one they became co-owner of, one they were removed from
 * or whose creator deleted it), so that the sidebar follows without a
 * poll. Each event carries the list's change counter
 * ("version"), so that a client that already read that state of the list
 * (its own edit's echo) need not read it again.
 *
 * A stream that has nothing to say sends a comment line every heartbeat:
 * proxies keep it open, ews-connections.c's idle deadline (which it must
 * stay within) sees it alive, and a peer gone without a word is found when
 * the write fails. */

/* A stream whose client does not read the events it is sent stops being
 * fed past this much; its idle deadline then closes it. */
#define MAX_UNSENT_BYTES (64 * 1024)

typedef struct
{
  EwsLiveHub        *hub;
  SoupServerMessage *msg; /* owned */
  char              *client;
  GStrv              list_ids;
  char              *user_id; /* NULL: not a user's stream */
  guint              heartbeat_id;
  gsize              unsent;
} Stream;

struct _EwsLiveHub
{
  GObject     parent_instance;

  guint       heartbeat_s;
  guint       max_per_client;
  /* owned Stream*, every stream open */
  GPtrArray  *streams;
  /* client → number of its streams */
  GHashTable *per_client;
  /* list id → GPtrArray of the Stream* watching it (borrowed) */
  GHashTable *by_list;
  /* user id → GPtrArray of that user's Stream* (borrowed) */
  GHashTable *by_user;
};

G_DEFINE_FINAL_TYPE (EwsLiveHub, ews_live_hub, G_TYPE_OBJECT)

static void
stream_free (Stream *stream)
{
  g_clear_handle_id (&stream->heartbeat_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (stream->msg, stream);
  g_clear_object (&stream->msg);
  g_free (stream->client);
  g_strfreev (stream->list_ids);
  g_free (stream->user_id);
  g_free (stream);
}

static void
index_remove (GHashTable *index,
              const char *key,
              Stream     *stream)
{
  GPtrArray *watching = g_hash_table_lookup (index, key);

  if (watching != NULL)
    {
      g_ptr_array_remove_fast (watching, stream);
      if (watching->len == 0)
        g_hash_table_remove (index, key);
    }
}

static void
index_add (GHashTable *index,
           const char *key,
           Stream     *stream)
{
  GPtrArray *watching = g_hash_table_lookup (index, key);

  if (watching == NULL)
    {
      watching = g_ptr_array_new ();
      g_hash_table_insert (index, g_strdup (key), watching);
    }
  /* A list named twice in one stream is heard once. */
  if (!g_ptr_array_find (watching, stream, NULL))
    g_ptr_array_add (watching, stream);
}

static void
forget_stream (Stream *stream)
{
  EwsLiveHub *self = stream->hub;
  guint       count = GPOINTER_TO_UINT (g_hash_table_lookup (self->per_client, stream->client));

  for (guint i = 0; stream->list_ids[i] != NULL; i++)
    index_remove (self->by_list, stream->list_ids[i], stream);
  if (stream->user_id != NULL)
    index_remove (self->by_user, stream->user_id, stream);

  if (count > 1)
    g_hash_table_insert (self->per_client, g_strdup (stream->client), GUINT_TO_POINTER (count - 1));
  else
    g_hash_table_remove (self->per_client, stream->client);

  g_ptr_array_remove_fast (self->streams, stream);
}

static void
stream_write (Stream     *stream,
              const char *text)
{
  gsize length = strlen (text);

  if (stream->unsent + length > MAX_UNSENT_BYTES)
    return;

  stream->unsent += length;
  soup_message_body_append (soup_server_message_get_response_body (stream->msg), SOUP_MEMORY_COPY, text, length);
  soup_server_message_unpause (stream->msg);
}

static void
wrote_body_data_cb (SoupServerMessage *msg,
                    guint              size,
                    gpointer           user_data)
{
  Stream *stream = user_data;

  stream->unsent -= MIN (stream->unsent, size);
}

static gboolean
heartbeat_cb (gpointer user_data)
{
  Stream *stream = user_data;

  stream_write (stream, ": heartbeat\n\n");

  return G_SOURCE_CONTINUE;
}

/* The client left, the write failed, or the hub closed it. */
static void
finished_cb (SoupServerMessage *msg,
             gpointer           user_data)
{
  forget_stream (user_data);
}

static void
ews_live_hub_dispose (GObject *object)
{
  EwsLiveHub *self = (EwsLiveHub *)object;

  g_clear_pointer (&self->by_list, g_hash_table_unref);
  g_clear_pointer (&self->by_user, g_hash_table_unref);
  g_clear_pointer (&self->streams, g_ptr_array_unref);
  g_clear_pointer (&self->per_client, g_hash_table_unref);

  G_OBJECT_CLASS (ews_live_hub_parent_class)->dispose (object);
}

static void
ews_live_hub_class_init (EwsLiveHubClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ews_live_hub_dispose;
}

static void
ews_live_hub_init (EwsLiveHub *self)
{
  self->streams = g_ptr_array_new_with_free_func ((GDestroyNotify)stream_free);
  self->per_client = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->by_list = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
  self->by_user = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
}

EwsLiveHub *
ews_live_hub_new (guint heartbeat_s,
                  guint max_per_client)
{
  EwsLiveHub *self = g_object_new (EWS_TYPE_LIVE_HUB, NULL);

  self->heartbeat_s = MAX (heartbeat_s, 1);
  self->max_per_client = max_per_client;

  return self;
}

gboolean
ews_live_hub_can_admit (EwsLiveHub *self,
                        const char *client)
{
  g_return_val_if_fail (EWS_IS_LIVE_HUB (self), FALSE);

  return GPOINTER_TO_UINT (g_hash_table_lookup (self->per_client, client)) < self->max_per_client;
}

void
ews_live_hub_add (EwsLiveHub         *self,
                  SoupServerMessage  *msg,
                  const char         *client,
                  const char * const *list_ids,
                  const char         *user_id)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  Stream             *stream;
  guint               count;

  g_return_if_fail (EWS_IS_LIVE_HUB (self));
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_replace (headers, "Content-Type", "text/event-stream; charset=utf-8");
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  /* nginx passes the events on at once rather than buffering them. */
  soup_message_headers_replace (headers, "X-Accel-Buffering", "no");
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  /* Each event is let go once written: a stream lives for days. */
  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);

  stream = g_new0 (Stream, 1);
  stream->hub = self;
  stream->msg = g_object_ref (msg);
  stream->client = g_strdup (client);
  stream->list_ids = g_strdupv ((char **)list_ids);
  stream->user_id = g_strdup (user_id);
  g_ptr_array_add (self->streams, stream);

  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->per_client, client));
  g_hash_table_insert (self->per_client, g_strdup (client), GUINT_TO_POINTER (count + 1));

  for (guint i = 0; stream->list_ids[i] != NULL; i++)
    index_add (self->by_list, stream->list_ids[i], stream);
  if (user_id != NULL)
    index_add (self->by_user, user_id, stream);

  g_signal_connect (msg, "wrote-body-data", G_CALLBACK (wrote_body_data_cb), stream);
  g_signal_connect (msg, "finished", G_CALLBACK (finished_cb), stream);
  stream->heartbeat_id = g_timeout_add_seconds (self->heartbeat_s, heartbeat_cb, stream);

  /* "ready": from here on no change is missed, so a client that reads the
   * lists again after this sees everything. */
  stream_write (stream, "retry: 2000\nevent: ready\ndata: {}\n\n");
}

/* "event: NAME" with {"listId", "version"}, or {} when @list_id is NULL
 * ("read them all again"). */
static void
stream_send (Stream     *stream,
             const char *name,
             const char *list_id,
             gint64      version)
{
  g_autoptr(EwsJsonWriter) writer = ews_json_writer_new (128);
  g_autofree char *json = NULL;
  g_autofree char *event = NULL;
  gsize            length;

  ews_json_writer_begin_object (writer);
  if (list_id != NULL)
    {
      ews_json_writer_member (writer, "listId");
      ews_json_writer_string_value (writer, list_id);
      if (version > 0)
        {
          ews_json_writer_member (writer, "version");
          ews_json_writer_int_value (writer, version);
        }
    }
  ews_json_writer_end_object (writer);
  json = ews_json_writer_free_to_text (g_steal_pointer (&writer), &length);

  event = g_strdup_printf ("event: %s\ndata: %s\n\n", name, json);
  stream_write (stream, event);
}

void
ews_live_hub_publish (EwsLiveHub *self,
                      const char *list_id,
                      gint64      version)
{
  GPtrArray *watching;

  g_return_if_fail (EWS_IS_LIVE_HUB (self));

  /* Anything may have changed: every stream, every list it watches, in no
   * known version. */
  if (list_id == NULL)
    {
      for (guint i = 0; i < self->streams->len; i++)
        {
          Stream *stream = g_ptr_array_index (self->streams, i);

          for (guint j = 0; stream->list_ids[j] != NULL; j++)
            stream_send (stream, "changed", stream->list_ids[j], 0);
        }
      return;
    }

  /* The watchers of one list, found at once however many streams there
   * are: a busy server hears every server's changes. */
  watching = g_hash_table_lookup (self->by_list, list_id);
  for (guint i = 0; watching != NULL && i < watching->len; i++)
    stream_send (g_ptr_array_index (watching, i), "changed", list_id, version);
}

void
ews_live_hub_publish_added (EwsLiveHub *self,
                            const char *user_id,
                            const char *list_id,
                            gint64      version)
{
  GPtrArray *watching;

  g_return_if_fail (EWS_IS_LIVE_HUB (self));

  if (user_id == NULL)
    {
      for (guint i = 0; i < self->streams->len; i++)
        {
          Stream *stream = g_ptr_array_index (self->streams, i);

          if (stream->user_id != NULL)
            stream_send (stream, "lists", NULL, 0);
        }
      return;
    }

  watching = g_hash_table_lookup (self->by_user, user_id);
  for (guint i = 0; watching != NULL && i < watching->len; i++)
    stream_send (g_ptr_array_index (watching, i), "lists", list_id, version);
}

guint
ews_live_hub_get_n_streams (EwsLiveHub *self)
{
  g_return_val_if_fail (EWS_IS_LIVE_HUB (self), 0);

  return self->streams->len;
}

void
ews_live_hub_close_all (EwsLiveHub *self)
{
  g_return_if_fail (EWS_IS_LIVE_HUB (self));

  for (guint i = 0; i < self->streams->len; i++)
    {
      Stream *stream = g_ptr_array_index (self->streams, i);

      g_clear_handle_id (&stream->heartbeat_id, g_source_remove);
      soup_message_body_complete (soup_server_message_get_response_body (stream->msg));
      soup_server_message_unpause (stream->msg);
    }
}
