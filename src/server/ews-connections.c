/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-connections"

#include "config.h"

#include <errno.h>
#include <sys/socket.h>

#include "ews-client-address.h"
#include "ews-connections.h"
#include "ews-json.h"
#include "ews-refusal.h"

/* What one client may cost the server, enforced on each connection from
 * the moment libsoup accepts it:
 *
 * - how many connections are open, in all and from one address (the
 *   others are answered 503 and closed at once), and how many requests
 *   one connection carries;
 * - how long a request's headers may take in all (slowloris), its body in
 *   all (a byte every few seconds), and any silence while a body or an
 *   answer is on its way, or between two requests on a kept-alive
 *   connection;
 * - how large a body may be: an over-limit Content-Length is refused from
 *   the headers, without reading the body; a chunked body is cut as soon as
 *   it passes the limit. Either way libsoup never holds more than the limit.
 *
 * libsoup 3.2 has none of these. It does tell us when a connection starts
 * (its first message's "request-started" comes at accept time), every step
 * of each request and answer, and the socket. Each connection has one
 * deadline, moved at each step; when it passes, the connection is closed.
 * (A GSocket's own timeout would not do: libsoup waits on the socket through
 * a child source, whose expiry GLib never reports as a timeout, so the read
 * is simply tried again.) A refused request's connection is taken from
 * libsoup (soup_server_message_steal_connection), answered by hand and
 * closed gently (ews-refusal.c), so that the client reads the answer
 * rather than a reset.
 *
 * Two bugs of libsoup 3.2, the version Debian 12 ships, are worked around
 * here, each only where the running libsoup has it:
 * - it keeps a reference to every accepted socket for ever (fixed in 3.4:
 *   "soup-listener: Plug a leak"); we drop that reference for it;
 * - a kept-alive connection that ends while idle is never closed on the
 *   server's side (fixed in 3.3: "server: do not leak idle connections
 *   closed by the client"). After an answer, libsoup waits for the next
 *   request with a message that has no completion callback until the
 *   request's first byte; when the client hangs up first (or our own
 *   deadline shuts the socket), that message fails and nobody disconnects
 *   the connection: its file descriptor and objects stay in the server's
 *   list for ever, and count against the client's cap. So we take an idle
 *   connection back ourselves, before libsoup reads its end: through the
 *   last message answered on it (soup_server_message_steal_connection()
 *   reaches the same connection, removes it from the server and hands us
 *   the stream to close). A watch on the socket, dispatched ahead of
 *   libsoup's, notices the client leaving; the keep-alive deadline closes
 *   a connection nobody uses. */

/* What a connection is waiting for, and so what its deadline means. */
typedef enum
{
  WAITING_FOR_HEADERS,
  WAITING_FOR_BODY,
  WAITING_FOR_HANDLER, /* no deadline: the server's own work */
  WAITING_TO_ANSWER,   /* for the client to take the answer */
  WAITING_FOR_NEXT,    /* kept alive, for the next request */
} Waiting;

typedef struct
{
  EwsConnections    *owner;
  GSocket           *socket; /* the key; not owned (weak reference) */
  char              *client; /* remote address, for the per-client cap */
  SoupServerMessage *msg;    /* the request under way; weak pointer */
  /* While kept alive before libsoup 3.3: the last request answered,
   * owned, the handle by which the connection is taken back. */
  SoupServerMessage *last_answered;
  Waiting            waiting;
  guint              deadline_id;
  guint              idle_watch_id; /* for the client leaving while idle */
  guint              requests;      /* started on this connection */
  gint64             body_deadline; /* monotonic µs; the body's total time */
  gsize              body_received;
  /* An event stream's answer never ends and may be silent between two
   * heartbeats: how long, in seconds, instead of --idle-timeout. */
  guint              stream_silence_s;
} Connection;

struct _EwsConnections
{
  GObject     parent_instance;

  gsize       max_body;
  EwsConfig  *config; /* owned copy: the limits, and the trusted proxies */

  GHashTable *connections; /* GSocket → Connection */
  GHashTable *per_client;  /* address → number of open connections */
};

G_DEFINE_FINAL_TYPE (EwsConnections, ews_connections, G_TYPE_OBJECT)

enum
{
  REQUEST_REFUSED,
  N_SIGNALS
};

static guint    signals[N_SIGNALS];

static void     connection_gone_cb (gpointer data,
                                    GObject *where_the_socket_was);
static gboolean deadline_cb (gpointer user_data);

static void
connection_clear_deadline (Connection *conn)
{
  g_clear_handle_id (&conn->deadline_id, g_source_remove);
  g_clear_handle_id (&conn->idle_watch_id, g_source_remove);
}

static void
connection_wait (Connection *conn,
                 Waiting     waiting,
                 gint64      timeout_ms)
{
  connection_clear_deadline (conn);
  conn->waiting = waiting;
  if (timeout_ms > 0)
    conn->deadline_id = g_timeout_add ((guint)MIN (timeout_ms, G_MAXUINT), deadline_cb, conn);
  else if (waiting != WAITING_FOR_HANDLER)
    conn->deadline_id = g_idle_add (deadline_cb, conn);
}

static void
connection_set_msg (Connection        *conn,
                    SoupServerMessage *msg)
{
  if (conn->msg == msg)
    return;

  if (conn->msg != NULL)
    g_object_remove_weak_pointer (G_OBJECT (conn->msg), (gpointer *)&conn->msg);
  conn->msg = msg;
  if (conn->msg != NULL)
    g_object_add_weak_pointer (G_OBJECT (conn->msg), (gpointer *)&conn->msg);
}

static void
connection_free (Connection *conn)
{
  connection_clear_deadline (conn);
  connection_set_msg (conn, NULL);
  g_clear_object (&conn->last_answered);
  g_free (conn->client);
  g_free (conn);
}

static void
forget_connection (EwsConnections *self,
                   Connection     *conn)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->per_client, conn->client));

  if (count > 1)
    g_hash_table_insert (self->per_client, g_strdup (conn->client), GUINT_TO_POINTER (count - 1));
  else
    g_hash_table_remove (self->per_client, conn->client);

  g_hash_table_remove (self->connections, conn->socket);
}

static void
ews_connections_dispose (GObject *object)
{
  EwsConnections *self = (EwsConnections *)object;
  GHashTableIter  iter;
  gpointer        socket;

  if (self->connections != NULL)
    {
      g_hash_table_iter_init (&iter, self->connections);
      while (g_hash_table_iter_next (&iter, &socket, NULL))
        g_object_weak_unref (socket, connection_gone_cb, self);
    }

  g_clear_pointer (&self->connections, g_hash_table_unref);
  g_clear_pointer (&self->per_client, g_hash_table_unref);
  g_clear_pointer (&self->config, ews_config_free);

  G_OBJECT_CLASS (ews_connections_parent_class)->dispose (object);
}

static void
ews_connections_class_init (EwsConnectionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ews_connections_dispose;

  /* A request refused before any handler saw it (its body too large or too
   * slow); its status is set, its connection already taken from libsoup,
   * so no "request-finished" follows. */
  signals[REQUEST_REFUSED] =
    g_signal_new ("request-refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SOUP_TYPE_SERVER_MESSAGE);
}

static void
ews_connections_init (EwsConnections *self)
{
  self->connections = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)connection_free);
  self->per_client = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* --- refusing ---------------------------------------------------------------------- */

/* Takes @msg's connection from libsoup, answers @status with @message as
 * the API's {"error": …}, and closes it. */
static void
refuse_request (EwsConnections    *self,
                SoupServerMessage *msg,
                guint              status,
                const char        *message)
{
  g_autoptr(SoupServerMessage) held = g_object_ref (msg);
  g_autoptr(GIOStream) stream = NULL;

  soup_server_message_set_status (msg, status, NULL);
  g_signal_emit (self, signals[REQUEST_REFUSED], 0, msg);

  stream = soup_server_message_steal_connection (msg);
  if (stream != NULL)
    ews_refusal_answer_stream (stream, status, message);
}

/* --- deadlines ---------------------------------------------------------------------- */

/* Whether the running libsoup leaves a connection open that ends while
 * idle (see the top of this file). */
static gboolean
libsoup_leaks_idle_connections (void)
{
  return !soup_check_version (3, 3, 0);
}

/* Closes @conn, idle between two requests, and forgets it. */
static void
close_idle_connection (EwsConnections *self,
                       Connection     *conn)
{
  g_autoptr(SoupServerMessage) last_answered = g_steal_pointer (&conn->last_answered);
  g_autoptr(GSocket) socket = g_object_ref (conn->socket);
  g_autoptr(GIOStream) stream = NULL;

  if (last_answered == NULL || g_socket_is_closed (socket))
    {
      /* libsoup closes it when it reads the end. */
      g_socket_shutdown (socket, TRUE, TRUE, NULL);
      return;
    }

  g_object_weak_unref (G_OBJECT (socket), connection_gone_cb, self);
  forget_connection (self, conn);

  stream = soup_server_message_steal_connection (last_answered);
  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
  g_socket_close (socket, NULL);
}

/* Dispatched ahead of libsoup's own read of an idle connection, so that
 * the connection is still whole when we take it back. */
static gboolean
idle_connection_readable_cb (GSocket     *socket,
                             GIOCondition condition,
                             gpointer     user_data)
{
  Connection *conn = user_data;
  char        next;
  gssize      peeked;

  peeked = recv (g_socket_get_fd (socket), &next, 1, MSG_PEEK | MSG_DONTWAIT);
  if (peeked < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
    return G_SOURCE_CONTINUE;

  conn->idle_watch_id = 0;
  /* A next request: libsoup reads it, and says so with request-started. */
  if (peeked > 0)
    return G_SOURCE_REMOVE;

  close_idle_connection (conn->owner, conn);
  return G_SOURCE_REMOVE;
}

static void
watch_idle_connection (Connection *conn)
{
  g_autoptr(GSource) source = g_socket_create_source (conn->socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);

  g_source_set_priority (source, G_PRIORITY_HIGH);
  g_source_set_callback (source, (GSourceFunc)(GCallback)idle_connection_readable_cb, conn, NULL);
  conn->idle_watch_id = g_source_attach (source, NULL);
}

static gboolean
deadline_cb (gpointer user_data)
{
  Connection      *conn = user_data;
  EwsConnections  *self = conn->owner;
  g_autofree char *message = NULL;

  conn->deadline_id = 0;

  switch (conn->waiting)
    {
    case WAITING_FOR_BODY:
      /* The headers are in: answer through the request. */
      if (conn->msg != NULL)
        {
          message = g_strdup_printf ("The request body did not arrive in time (%u s in all, at most %u s "
                                     "between two parts).",
                                     self->config->body_timeout_s, self->config->idle_timeout_s);
          refuse_request (self, conn->msg, SOUP_STATUS_REQUEST_TIMEOUT, message);
          break;
        }
      G_GNUC_FALLTHROUGH;
    case WAITING_FOR_HEADERS:
      ews_refusal_answer_socket (conn->socket, SOUP_STATUS_REQUEST_TIMEOUT, NULL);
      break;
    case WAITING_FOR_NEXT:
      close_idle_connection (self, conn);
      break;
    case WAITING_TO_ANSWER:
      /* Nothing to say to a client that is not listening. */
      g_socket_shutdown (conn->socket, TRUE, TRUE, NULL);
      break;
    case WAITING_FOR_HANDLER:
    default:
      break;
    }

  return G_SOURCE_REMOVE;
}

/* The body must be in by its total deadline, and must keep coming. */
static void
wait_for_body (EwsConnections *self,
               Connection     *conn)
{
  gint64 now = g_get_monotonic_time ();
  gint64 until = MIN (conn->body_deadline, now + (gint64)self->config->idle_timeout_s * G_USEC_PER_SEC);

  connection_wait (conn, WAITING_FOR_BODY, (until - now) / 1000);
}

/* --- following each request ------------------------------------------------------------ */

static Connection *
lookup (EwsConnections    *self,
        SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  return socket != NULL ? g_hash_table_lookup (self->connections, socket) : NULL;
}

static gboolean
expects_body (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  switch (soup_message_headers_get_encoding (headers))
    {
    case SOUP_ENCODING_CONTENT_LENGTH:
      return soup_message_headers_get_content_length (headers) > 0;
    case SOUP_ENCODING_NONE:
      return FALSE;
    case SOUP_ENCODING_EOF:
    case SOUP_ENCODING_UNRECOGNIZED:
    case SOUP_ENCODING_CHUNKED:
    case SOUP_ENCODING_BYTERANGES:
    default:
      return TRUE;
    }
}

static void
got_headers_cb (EwsConnections    *self,
                SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  Connection         *conn = lookup (self, msg);
  g_autofree char    *message = NULL;

  if (conn == NULL)
    return;

  conn->body_received = 0;

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > (goffset)self->max_body)
    {
      message = g_strdup_printf ("The request body is larger than %zu bytes.", self->max_body);
      refuse_request (self, msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, message);
      return;
    }

  if (expects_body (msg))
    {
      conn->body_deadline = g_get_monotonic_time () + (gint64)self->config->body_timeout_s * G_USEC_PER_SEC;
      wait_for_body (self, conn);
    }
  else
    {
      connection_wait (conn, WAITING_FOR_HANDLER, 0);
    }
}

static void
got_chunk_cb (EwsConnections    *self,
              GBytes            *chunk,
              SoupServerMessage *msg)
{
  Connection      *conn = lookup (self, msg);
  g_autofree char *message = NULL;

  if (conn == NULL)
    return;

  conn->body_received += g_bytes_get_size (chunk);
  if (conn->body_received > self->max_body)
    {
      message = g_strdup_printf ("The request body is larger than %zu bytes.", self->max_body);
      refuse_request (self, msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, message);
      return;
    }

  wait_for_body (self, conn);
}

static void
got_body_cb (EwsConnections    *self,
             SoupServerMessage *msg)
{
  Connection *conn = lookup (self, msg);

  if (conn != NULL)
    connection_wait (conn, WAITING_FOR_HANDLER, 0);
}

/* The answer is on its way: the client must keep taking it. */
static void
wrote_cb (EwsConnections    *self,
          SoupServerMessage *msg)
{
  Connection *conn = lookup (self, msg);
  guint       silence_s;

  if (conn == NULL)
    return;

  silence_s = conn->stream_silence_s > 0 ? conn->stream_silence_s : self->config->idle_timeout_s;
  connection_wait (conn, WAITING_TO_ANSWER, (gint64)silence_s * 1000);
}

static void
wrote_body_data_cb (EwsConnections    *self,
                    guint              size,
                    SoupServerMessage *msg)
{
  wrote_cb (self, msg);
}

static void
finished_cb (EwsConnections    *self,
             SoupServerMessage *msg)
{
  Connection *conn = lookup (self, msg);

  if (conn == NULL)
    return;

  connection_set_msg (conn, NULL);
  connection_wait (conn, WAITING_FOR_NEXT, (gint64)self->config->keepalive_timeout_s * 1000);

  if (libsoup_leaks_idle_connections () && !g_socket_is_closed (conn->socket))
    {
      /* Kept only as a handle on the connection: its bodies (a request's
       * up to the body limit, an answer as large as a list) would
       * otherwise stay for as long as the connection idles. */
      soup_message_body_truncate (soup_server_message_get_request_body (msg));
      soup_message_body_truncate (soup_server_message_get_response_body (msg));
      g_set_object (&conn->last_answered, msg);
      watch_idle_connection (conn);
    }
}

static void
connection_gone_cb (gpointer data,
                    GObject *where_the_socket_was)
{
  EwsConnections *self = data;
  Connection     *conn = g_hash_table_lookup (self->connections, where_the_socket_was);

  if (conn != NULL)
    forget_connection (self, conn);
}

/* A connection is forgotten when libsoup lets go of its socket (the weak
 * reference); should some path of libsoup's keep it longer, a closed socket
 * still counts for nothing: this looks, before a cap could refuse anyone. */
static void
forget_closed_connections (EwsConnections *self)
{
  g_autoptr(GPtrArray) closed = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer       socket;
  Connection    *conn;

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, &socket, NULL))
    {
      if (g_socket_is_closed (socket))
        g_ptr_array_add (closed, socket);
    }

  for (guint i = 0; i < closed->len; i++)
    {
      socket = closed->pdata[i];
      conn = g_hash_table_lookup (self->connections, socket);
      g_object_weak_unref (socket, connection_gone_cb, self);
      forget_connection (self, conn);
    }
}

/* A trusted proxy speaks for everyone behind it (ews-client-address.h):
 * capping it as one client would cap them all together. */
static gboolean
over_client_cap (EwsConnections *self,
                 const char     *client,
                 guint           from_client)
{
  return from_client >= self->config->max_connections_per_client &&
         !ews_client_is_trusted_proxy (self->config, client);
}

static gboolean
over_a_cap (EwsConnections *self,
            const char     *client)
{
  guint from_client = GPOINTER_TO_UINT (g_hash_table_lookup (self->per_client, client));

  return g_hash_table_size (self->connections) >= self->config->max_connections ||
         over_client_cap (self, client, from_client);
}

/* A new connection, seen at its first request-started: counted, or
 * refused when it would be one too many. */
static Connection *
admit_connection (EwsConnections    *self,
                  SoupServerMessage *msg,
                  GSocket           *socket)
{
  const char *client = soup_server_message_get_remote_host (msg);
  guint       from_client;
  Connection *conn;

  if (client == NULL)
    client = "";

  if (over_a_cap (self, client))
    forget_closed_connections (self);
  from_client = GPOINTER_TO_UINT (g_hash_table_lookup (self->per_client, client));

  if (g_hash_table_size (self->connections) >= self->config->max_connections)
    {
      g_warning ("Refused a connection: %u are open, the most --max-connections allows",
                 self->config->max_connections);
      ews_refusal_answer_socket (socket, SOUP_STATUS_SERVICE_UNAVAILABLE, EWS_UNAVAILABLE_RETRY_AFTER);
      return NULL;
    }

  if (over_client_cap (self, client, from_client))
    {
      g_warning ("Refused a connection: one client has %u open, the most --max-connections-per-client allows",
                 self->config->max_connections_per_client);
      ews_refusal_answer_socket (socket, SOUP_STATUS_SERVICE_UNAVAILABLE, EWS_UNAVAILABLE_RETRY_AFTER);
      return NULL;
    }

  conn = g_new0 (Connection, 1);
  conn->owner = self;
  conn->socket = socket;
  conn->client = g_strdup (client);
  g_hash_table_insert (self->connections, socket, conn);
  g_hash_table_insert (self->per_client, g_strdup (client), GUINT_TO_POINTER (from_client + 1));
  g_object_weak_ref (G_OBJECT (socket), connection_gone_cb, self);

  return conn;
}

/* At a connection's first "request-started", libsoup has just accepted
 * its socket, and only the connection object holds it: a second reference
 * is the one libsoup before 3.4 forgets. */
static void
drop_leaked_socket_reference (GSocket *socket)
{
  if (!soup_check_version (3, 4, 0) && g_atomic_int_get (&G_OBJECT (socket)->ref_count) == 2)
    g_object_unref (socket);
}

static void
request_started_cb (EwsConnections    *self,
                    SoupServerMessage *msg,
                    SoupServer        *soup_server)
{
  GSocket    *socket = soup_server_message_get_socket (msg);
  Connection *conn;

  if (socket == NULL)
    return;

  conn = g_hash_table_lookup (self->connections, socket);
  if (conn == NULL)
    {
      drop_leaked_socket_reference (socket);
      conn = admit_connection (self, msg, socket);
      if (conn == NULL)
        return;
    }

  conn->requests++;
  if (conn->requests >= self->config->max_requests_per_connection)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");

  g_clear_object (&conn->last_answered);
  connection_set_msg (conn, msg);
  connection_wait (conn, WAITING_FOR_HEADERS, (gint64)self->config->header_timeout_s * 1000);

  g_signal_connect_object (msg, "got-headers", G_CALLBACK (got_headers_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (msg, "got-chunk", G_CALLBACK (got_chunk_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (msg, "got-body", G_CALLBACK (got_body_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (msg, "wrote-headers", G_CALLBACK (wrote_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (msg, "wrote-body-data", G_CALLBACK (wrote_body_data_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (msg, "finished", G_CALLBACK (finished_cb), self, G_CONNECT_SWAPPED);
}

EwsConnections *
ews_connections_new (SoupServer      *soup_server,
                     const EwsConfig *config,
                     gsize            max_body)
{
  EwsConnections *self;

  g_return_val_if_fail (SOUP_IS_SERVER (soup_server), NULL);
  g_return_val_if_fail (config != NULL, NULL);

  self = g_object_new (EWS_TYPE_CONNECTIONS, NULL);
  self->max_body = max_body;
  self->config = ews_config_copy (config);

  g_signal_connect_object (soup_server, "request-started", G_CALLBACK (request_started_cb),
                           self, G_CONNECT_SWAPPED);

  return self;
}

guint
ews_connections_get_open (EwsConnections *self)
{
  g_return_val_if_fail (EWS_IS_CONNECTIONS (self), 0);

  /* A socket closed since its last request may not have been forgotten
   * yet (see forget_closed_connections()). */
  forget_closed_connections (self);

  return g_hash_table_size (self->connections);
}

/* @msg's answer is an event stream, quiet for up to @silence_s seconds
 * between two writes: the client is not taken for gone in between. */
void
ews_connections_set_streaming (EwsConnections    *self,
                               SoupServerMessage *msg,
                               guint              silence_s)
{
  Connection *conn;

  g_return_if_fail (EWS_IS_CONNECTIONS (self));

  conn = lookup (self, msg);
  if (conn != NULL)
    conn->stream_silence_s = silence_s;
}
