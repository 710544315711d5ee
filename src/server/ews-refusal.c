/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-refusal"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ews-json.h"
#include "ews-refusal.h"

/* After a refusal the server stops reading, says why, and then reads and
 * drops what the client was still sending, for a moment, so that its
 * kernel does not reset the connection before the client reads the
 * answer. Bounded in time and bytes: this is politeness, not a promise. */
#define LINGER_MS 2000
#define LINGER_BYTES (8 * 1024 * 1024)

typedef struct
{
  GIOStream    *stream;
  GBytes       *answer;
  GCancellable *cancellable;
  guint         timeout_id;
  guint8        buffer[16 * 1024];
  gsize         drained;
} Lingering;

static void
lingering_free (Lingering *lingering)
{
  g_clear_handle_id (&lingering->timeout_id, g_source_remove);
  g_io_stream_close (lingering->stream, NULL, NULL);
  g_object_unref (lingering->stream);
  g_object_unref (lingering->cancellable);
  g_bytes_unref (lingering->answer);
  g_free (lingering);
}

static gboolean
lingering_timeout_cb (gpointer user_data)
{
  Lingering *lingering = user_data;

  lingering->timeout_id = 0;
  g_cancellable_cancel (lingering->cancellable);

  return G_SOURCE_REMOVE;
}

static void drain_next (Lingering *lingering);

static void
drained_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Lingering *lingering = user_data;
  gssize     got = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (got <= 0)
    {
      lingering_free (lingering);
      return;
    }

  lingering->drained += (gsize)got;
  drain_next (lingering);
}

static void
drain_next (Lingering *lingering)
{
  if (lingering->drained >= LINGER_BYTES)
    {
      lingering_free (lingering);
      return;
    }

  g_input_stream_read_async (g_io_stream_get_input_stream (lingering->stream),
                             lingering->buffer, sizeof lingering->buffer,
                             G_PRIORITY_LOW, lingering->cancellable, drained_cb, lingering);
}

static void
answer_written_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Lingering *lingering = user_data;
  GSocket   *socket = g_object_get_data (G_OBJECT (lingering->stream), "GSocket");

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL) || socket == NULL ||
      g_cancellable_is_cancelled (lingering->cancellable))
    {
      lingering_free (lingering);
      return;
    }

  /* Our side is done; the client sees the end of the answer. */
  g_socket_shutdown (socket, FALSE, TRUE, NULL);
  drain_next (lingering);
}

static GBytes *
format_answer (guint       status,
               const char *message)
{
  g_autoptr(JsonNode) root = ews_json_error_new (message);
  g_autofree char *body = ews_json_node_to_text (root, NULL);
  char            *text;

  text = g_strdup_printf ("HTTP/1.1 %u %s\r\n"
                          "Content-Type: application/json\r\n"
                          "Content-Length: %zu\r\n"
                          "Access-Control-Allow-Origin: *\r\n"
                          "Connection: close\r\n"
                          "\r\n"
                          "%s",
                          status, soup_status_get_phrase (status), strlen (body), body);

  return g_bytes_new_take (text, strlen (text));
}

/* Answers @status with @message as the API's {"error": …} on @stream,
 * taken from libsoup, and closes it gently. */
void
ews_refusal_answer_stream (GIOStream  *stream,
                           guint       status,
                           const char *message)
{
  Lingering  *lingering;
  gsize       length;
  const void *data;

  g_return_if_fail (G_IS_IO_STREAM (stream));

  lingering = g_new0 (Lingering, 1);
  lingering->stream = g_object_ref (stream);
  lingering->answer = format_answer (status, message);
  lingering->cancellable = g_cancellable_new ();
  lingering->timeout_id = g_timeout_add (LINGER_MS, lingering_timeout_cb, lingering);

  data = g_bytes_get_data (lingering->answer, &length);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (lingering->stream),
                                   data, length, G_PRIORITY_DEFAULT, lingering->cancellable,
                                   answer_written_cb, lingering);
}

/* For a connection libsoup still reads a request's start from: a short
 * answer straight onto the socket (nothing else is writing to it), then
 * both directions shut, which libsoup reads as the client leaving. */
void
ews_refusal_answer_socket (GSocket    *socket,
                           guint       status,
                           const char *retry_after)
{
  g_autofree char *answer = NULL;

  answer = g_strdup_printf ("HTTP/1.1 %u %s\r\n%s%s%sContent-Length: 0\r\nConnection: close\r\n\r\n",
                            status, soup_status_get_phrase (status),
                            retry_after != NULL ? "Retry-After: " : "",
                            retry_after != NULL ? retry_after : "",
                            retry_after != NULL ? "\r\n" : "");

  g_socket_send (socket, answer, strlen (answer), NULL, NULL);
  g_socket_shutdown (socket, TRUE, TRUE, NULL);
}
