/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-live-watcher"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ewe-live-watcher.h"

/* Hears of changes to lists as they happen, from ewelists-server's event
 * stream (GET /api/events?lists=…, Server-Sent Events): "list-changed"
 * names a list to read again, and the version the change brought it to
 * (0: not known); "lists-changed" says a list joined the signed-in user's
 * lists (NULL: some may have); "resync" says notices may have been missed
 * (the stream was down), so every watched list should be read again.
 *
 * The stream is one long GET read line by line. When it fails or ends (the
 * server restarting, the network gone) it is opened again after an
 * exponential backoff with jitter; meanwhile the sync's periodic pull is
 * what keeps the lists fresh, as it always does. The server sends a
 * heartbeat at least every half minute, so a stream silent for longer than
 * SILENCE_SECS is taken for dead. */

#define BACKOFF_FIRST_MS 1000
#define BACKOFF_MAX_MS (60 * 1000)
#define SILENCE_SECS 90

enum
{
  PROP_0,
  PROP_CONNECTED,
  N_PROPS
};

enum
{
  LIST_CHANGED,
  LISTS_CHANGED,
  RESYNC,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

struct _EweLiveWatcher
{
  GObject           parent_instance;

  char             *server_url;
  GStrv             list_ids;
  EweAccount       *account; /* signed in, or NULL */
  SoupSession      *session;

  /* the stream under way */
  GCancellable     *cancellable;
  GDataInputStream *lines;
  char             *event_name;
  GString          *event_data;

  gboolean          running;
  gboolean          connected;
  gboolean          ever_ready; /* since start: a later "ready" follows a gap */
  guint             failures;
  guint             retry_id;
};

G_DEFINE_FINAL_TYPE (EweLiveWatcher, ewe_live_watcher, G_TYPE_OBJECT)

static void connect_stream (EweLiveWatcher *self);

guint
ewe_live_watcher_backoff_ms (guint failures)
{
  guint ceiling = BACKOFF_FIRST_MS;

  for (guint i = 1; i < failures && ceiling < BACKOFF_MAX_MS; i++)
    ceiling *= 2;
  ceiling = MIN (ceiling, BACKOFF_MAX_MS);

  /* Between half the ceiling and all of it. */
  return ceiling / 2 + (guint)g_random_int_range (0, (gint32)(ceiling / 2) + 1);
}

static void
set_connected (EweLiveWatcher *self,
               gboolean        connected)
{
  if (self->connected == connected)
    return;

  self->connected = connected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

static void
close_stream (EweLiveWatcher *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->lines);
  g_clear_pointer (&self->event_name, g_free);
  g_string_truncate (self->event_data, 0);
}

static gboolean
retry_cb (gpointer user_data)
{
  EweLiveWatcher *self = user_data;

  self->retry_id = 0;
  connect_stream (self);

  return G_SOURCE_REMOVE;
}

/* The stream failed or ended: try again later. */
static void
stream_lost (EweLiveWatcher *self,
             const char     *why)
{
  guint delay_ms;

  close_stream (self);
  set_connected (self, FALSE);

  if (!self->running)
    return;

  self->failures++;
  delay_ms = ewe_live_watcher_backoff_ms (self->failures);
  g_debug ("Live updates from %s stopped (%s); trying again in %u ms", self->server_url, why, delay_ms);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = g_timeout_add (delay_ms, retry_cb, self);
}

static void
dispatch_event (EweLiveWatcher *self)
{
  const char *name = self->event_name != NULL ? self->event_name : "message";

  if (g_str_equal (name, "ready"))
    {
      self->failures = 0;
      set_connected (self, TRUE);
      if (self->ever_ready)
        g_signal_emit (self, signals[RESYNC], 0);
      self->ever_ready = TRUE;
    }
  else if (g_str_equal (name, "changed") || g_str_equal (name, "lists"))
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonNode   *root;
      JsonObject *object = NULL;
      const char *list_id = NULL;
      gint64      version = 0;

      if (json_parser_load_from_data (parser, self->event_data->str, -1, NULL) &&
          (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
        object = json_node_get_object (root);
      if (object != NULL)
        {
          list_id = json_object_get_string_member_with_default (object, "listId", NULL);
          version = MAX (json_object_get_int_member_with_default (object, "version", 0), 0);
        }

      if (object == NULL)
        ; /* nonsense: ignored */
      else if (g_str_equal (name, "lists"))
        g_signal_emit (self, signals[LISTS_CHANGED], 0, list_id, version);
      else if (list_id != NULL && self->list_ids != NULL &&
               g_strv_contains ((const char * const *)self->list_ids, list_id))
        g_signal_emit (self, signals[LIST_CHANGED], 0, list_id, version);
    }

  g_clear_pointer (&self->event_name, g_free);
  g_string_truncate (self->event_data, 0);
}

static void read_next_line (EweLiveWatcher *self);

static void
line_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(EweLiveWatcher) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || (GObject *)self->lines != object)
    return;

  if (line == NULL)
    {
      stream_lost (self, error != NULL ? error->message : "the server ended it");
      return;
    }

  if (line[0] == '\0')
    dispatch_event (self);
  else if (g_str_has_prefix (line, "event:"))
    {
      g_free (self->event_name);
      self->event_name = g_strdup (g_strchug (line + strlen ("event:")));
    }
  else if (g_str_has_prefix (line, "data:"))
    {
      const char *data = line + strlen ("data:");

      if (self->event_data->len > 0)
        g_string_append_c (self->event_data, '\n');
      g_string_append (self->event_data, data[0] == ' ' ? data + 1 : data);
    }
  /* Comments (heartbeats), "retry:" and "id:" need nothing. */

  read_next_line (self);
}

static void
read_next_line (EweLiveWatcher *self)
{
  g_data_input_stream_read_line_async (self->lines, G_PRIORITY_DEFAULT, self->cancellable, line_read_cb,
                                       g_object_ref (self));
}

static void
stream_opened_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(EweLiveWatcher) self = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GInputStream) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *why = NULL;

  body = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (body == NULL || soup_message_get_status (msg) != SOUP_STATUS_OK)
    {
      why = error != NULL ? g_strdup (error->message) : g_strdup_printf ("HTTP %u", soup_message_get_status (msg));
      stream_lost (self, why);
      return;
    }

  self->lines = g_data_input_stream_new (body);
  g_data_input_stream_set_newline_type (self->lines, G_DATA_STREAM_NEWLINE_TYPE_ANY);
  read_next_line (self);
}

static void
send_stream (EweLiveWatcher *self,
             EweTokens      *tokens)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GString) url = NULL;
  SoupMessageHeaders *headers;

  url = g_string_new (self->server_url);
  while (url->len > 0 && url->str[url->len - 1] == '/')
    g_string_truncate (url, url->len - 1);
  g_string_append (url, "/api/events?lists=");
  for (guint i = 0; self->list_ids != NULL && self->list_ids[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (url, ',');
      g_string_append_uri_escaped (url, self->list_ids[i], NULL, FALSE);
    }
  if (tokens != NULL)
    g_string_append (url, "&user=1");

  msg = soup_message_new ("GET", url->str);
  if (msg == NULL)
    {
      g_warning ("Live updates: “%s” is not a server address", self->server_url);
      return;
    }
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept", "text/event-stream");
  if (tokens != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", ewe_tokens_get_id_token (tokens), NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
      memset (authorization, 0, strlen (authorization));
    }

  soup_session_send_async (self->session, msg, G_PRIORITY_DEFAULT, self->cancellable, stream_opened_cb,
                           g_object_ref (self));
}

static void
tokens_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(EweLiveWatcher) self = user_data;
  g_autoptr(EweTokens) tokens = NULL;
  g_autoptr(GError) error = NULL;

  tokens = ewe_account_get_tokens_finish (EWE_ACCOUNT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->cancellable == NULL ||
      g_cancellable_is_cancelled (self->cancellable))
    return;

  if (tokens == NULL)
    {
      stream_lost (self, error->message);
      return;
    }

  send_stream (self, tokens);
}

static void
connect_stream (EweLiveWatcher *self)
{
  gboolean has_lists = self->list_ids != NULL && self->list_ids[0] != NULL;
  gboolean as_user = self->account != NULL && ewe_account_get_signed_in (self->account);

  close_stream (self);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  /* Until this stream's "ready", the lists it is for are not heard. */
  set_connected (self, FALSE);

  if (!self->running || (!has_lists && !as_user))
    return;

  self->cancellable = g_cancellable_new ();

  /* A fresh token each time: a stream outlives the token it opened with,
   * and the server checks it only then. */
  if (as_user)
    ewe_account_get_tokens_async (self->account, FALSE, self->cancellable, tokens_cb, g_object_ref (self));
  else
    send_stream (self, NULL);
}

static void
ewe_live_watcher_dispose (GObject *object)
{
  EweLiveWatcher *self = (EweLiveWatcher *)object;

  ewe_live_watcher_stop (self);
  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ewe_live_watcher_parent_class)->dispose (object);
}

static void
ewe_live_watcher_finalize (GObject *object)
{
  EweLiveWatcher *self = (EweLiveWatcher *)object;

  g_free (self->server_url);
  g_strfreev (self->list_ids);
  g_clear_object (&self->account);
  g_string_free (self->event_data, TRUE);

  G_OBJECT_CLASS (ewe_live_watcher_parent_class)->finalize (object);
}

static void
ewe_live_watcher_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  EweLiveWatcher *self = EWE_LIVE_WATCHER (object);

  switch (prop_id)
    {
    case PROP_CONNECTED:
      g_value_set_boolean (value, self->connected);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_live_watcher_class_init (EweLiveWatcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ewe_live_watcher_dispose;
  object_class->finalize = ewe_live_watcher_finalize;
  object_class->get_property = ewe_live_watcher_get_property;

  /* Whether the stream is open and the server said it is listening. */
  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[LIST_CHANGED] = g_signal_new ("list-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                        NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT64);
  signals[LISTS_CHANGED] = g_signal_new ("lists-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                         NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT64);
  signals[RESYNC] = g_signal_new ("resync", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 0);
}

static void
ewe_live_watcher_init (EweLiveWatcher *self)
{
  self->event_data = g_string_new ("");
  /* No total timeout (the stream never ends), but a socket silent for
   * longer than a few heartbeats is dead. */
  self->session = soup_session_new_with_options ("timeout", SILENCE_SECS, "idle-timeout", 0, NULL);
}

EweLiveWatcher *
ewe_live_watcher_new (const char *server_url)
{
  EweLiveWatcher *self;

  g_return_val_if_fail (server_url != NULL, NULL);

  self = g_object_new (EWE_TYPE_LIVE_WATCHER, NULL);
  self->server_url = g_strdup (server_url);

  return self;
}

const char *
ewe_live_watcher_get_server_url (EweLiveWatcher *self)
{
  g_return_val_if_fail (EWE_IS_LIVE_WATCHER (self), NULL);

  return self->server_url;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

void
ewe_live_watcher_set_lists (EweLiveWatcher     *self,
                            const char * const *list_ids)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

  g_return_if_fail (EWE_IS_LIVE_WATCHER (self));

  for (guint i = 0; list_ids != NULL && list_ids[i] != NULL; i++)
    g_ptr_array_add (sorted, g_strdup (list_ids[i]));
  g_ptr_array_sort (sorted, compare_strings);
  g_ptr_array_add (sorted, NULL);

  if (self->list_ids != NULL && g_strv_equal ((const char * const *)self->list_ids,
                                              (const char * const *)sorted->pdata))
    {
      g_strfreev ((char **)g_ptr_array_free (g_steal_pointer (&sorted), FALSE));
      return;
    }

  g_strfreev (self->list_ids);
  self->list_ids = (char **)g_ptr_array_free (g_steal_pointer (&sorted), FALSE);

  /* A new stream for the new set, at once: the server knows no other way
   * to change what a stream watches. */
  if (self->running)
    {
      self->failures = 0;
      connect_stream (self);
    }
}

void
ewe_live_watcher_set_account (EweLiveWatcher *self,
                              EweAccount     *account)
{
  g_return_if_fail (EWE_IS_LIVE_WATCHER (self));
  g_return_if_fail (account == NULL || EWE_IS_ACCOUNT (account));

  if (!g_set_object (&self->account, account))
    return;

  if (self->running)
    {
      self->failures = 0;
      connect_stream (self);
    }
}

void
ewe_live_watcher_start (EweLiveWatcher *self)
{
  g_return_if_fail (EWE_IS_LIVE_WATCHER (self));

  if (self->running)
    return;

  self->running = TRUE;
  self->ever_ready = FALSE;
  self->failures = 0;
  connect_stream (self);
}

void
ewe_live_watcher_stop (EweLiveWatcher *self)
{
  g_return_if_fail (EWE_IS_LIVE_WATCHER (self));

  self->running = FALSE;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  close_stream (self);
  set_connected (self, FALSE);
}

/* Sorted; NULL before any were set. */
const char * const *
ewe_live_watcher_get_lists (EweLiveWatcher *self)
{
  g_return_val_if_fail (EWE_IS_LIVE_WATCHER (self), NULL);

  return (const char * const *)self->list_ids;
}

gboolean
ewe_live_watcher_get_connected (EweLiveWatcher *self)
{
  g_return_val_if_fail (EWE_IS_LIVE_WATCHER (self), FALSE);

  return self->connected;
}
