/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <stdlib.h>

#include "ews-test-raw-http.h"

GSocketConnection *
ews_test_raw_connect (EweTestServer *server,
                      const char    *source_ip)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GInetAddress) source = g_inet_address_new_from_string (source_ip);
  g_autoptr(GSocketAddress) local = g_inet_socket_address_new (source, 0);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_set_local_address (client, local);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", server->port, NULL, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&connection);
}

gboolean
ews_test_raw_send (GSocketConnection *connection,
                   const void        *data,
                   gsize              length,
                   GError           **error)
{
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  return g_output_stream_write_all (output, data, length, NULL, NULL, error);
}

GBytes *
ews_test_raw_read_all (GSocketConnection *connection,
                       guint              timeout_ms,
                       GError           **error)
{
  GSocket *socket = g_socket_connection_get_socket (connection);
  g_autoptr(GByteArray) response = g_byte_array_new ();
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_ms * 1000;

  for (;;)
    {
      guint8 buffer[16 * 1024];
      gint64 left = deadline - g_get_monotonic_time ();
      gssize got;

      if (left <= 0 || !g_socket_condition_timed_wait (socket, G_IO_IN, left, NULL, NULL))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       "The server kept the connection open for %u ms", timeout_ms);
          return NULL;
        }

      got = g_socket_receive (socket, (char *)buffer, sizeof buffer, NULL, error);
      if (got < 0)
        {
          /* A reset after an answer still leaves the answer read. */
          if (response->len > 0)
            {
              g_clear_error (error);
              break;
            }
          return NULL;
        }
      if (got == 0)
        break;

      g_byte_array_append (response, buffer, (guint)got);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&response));
}

guint
ews_test_raw_status (GBytes *response)
{
  gsize            length = 0;
  const char      *data = g_bytes_get_data (response, &length);
  g_autofree char *text = g_strndup (data != NULL ? data : "", MIN (length, 64));

  if (!g_str_has_prefix (text, "HTTP/1.1 ") && !g_str_has_prefix (text, "HTTP/1.0 "))
    return 0;

  return (guint)strtoul (text + 9, NULL, 10);
}

gboolean
ews_test_raw_wait_closed (GSocketConnection *connection,
                          guint              timeout_ms)
{
  g_autoptr(GBytes) ignored = NULL;
  g_autoptr(GError) error = NULL;

  ignored = ews_test_raw_read_all (connection, timeout_ms, &error);

  return !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
}

gsize
ews_test_raw_server_status_kib (EweTestServer *server,
                                const char    *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", g_subprocess_get_identifier (server->process));
  g_autofree char *status = NULL;
  g_autofree char *prefix = g_strconcat ("\n", field, ":", NULL);
  g_autoptr(GError) error = NULL;
  const char *line;

  g_file_get_contents (path, &status, NULL, &error);
  g_assert_no_error (error);

  line = strstr (status, prefix);
  g_assert_nonnull (line);

  return (gsize)strtoull (line + strlen (prefix), NULL, 10);
}

GSocketConnection *
ews_test_raw_start_upload (EweTestServer *server,
                           gboolean       chunked,
                           gsize          length)
{
  GSocketConnection *connection = ews_test_raw_connect (server, "127.0.0.1");
  g_autofree char   *head = NULL;
  g_autoptr(GError) error = NULL;

  if (chunked)
    head = g_strdup ("POST /api/contact HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                     "Transfer-Encoding: chunked\r\n\r\n");
  else
    head = g_strdup_printf ("POST /api/contact HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            "Content-Length: %zu\r\n\r\n",
                            length);
  ews_test_raw_send (connection, head, strlen (head), &error);
  g_assert_no_error (error);

  return connection;
}

gsize
ews_test_raw_send_body (GSocketConnection *connection,
                        gboolean           chunked,
                        gsize              length)
{
  g_autofree char *block = g_strnfill (EWS_TEST_RAW_BLOCK, 'x');
  g_autofree char *chunk = g_strdup_printf ("%x\r\n%s\r\n", EWS_TEST_RAW_BLOCK, block);
  gsize            sent = 0;

  while (sent < length)
    {
      g_autoptr(GError) error = NULL;

      if (chunked)
        ews_test_raw_send (connection, chunk, strlen (chunk), &error);
      else
        ews_test_raw_send (connection, block, EWS_TEST_RAW_BLOCK, &error);
      if (error != NULL)
        break;
      sent += EWS_TEST_RAW_BLOCK;
    }

  return sent;
}

gpointer
ews_test_raw_upload_thread (gpointer data)
{
  EwsTestUpload *upload = data;
  g_autoptr(GSocketConnection) connection = ews_test_raw_start_upload (upload->server, upload->chunked,
                                                                        EWS_TEST_RAW_HUNDRED_MB);

  upload->sent = ews_test_raw_send_body (connection, upload->chunked, EWS_TEST_RAW_HUNDRED_MB);
  g_atomic_int_set (&upload->done, TRUE);
  return NULL;
}
