/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

/* Kept-alive connections: many requests on one, and what an idle one
 * costs the server once it is over. libsoup 3.2 never closed a kept-alive
 * connection that ended while idle (ews-connections.c), so each kept a
 * file descriptor and counted against its client's cap for ever. */

#include "config.h"

#include <string.h>

#include "ews-router.h"
#include "ews-server.h"
#include "ews-test-raw-http.h"

#define ANSWER_TIMEOUT_MS 10000

static const char health_request[] = "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n";

static guint
count_open_files (EweTestServer *server)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/fd", g_subprocess_get_identifier (server->process));
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint count = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    count++;

  return count;
}

/* Waits, up to @timeout_ms, for the server to hold at most @most files. */
static guint
wait_for_open_files (EweTestServer *server,
                     guint          most,
                     guint          timeout_ms)
{
  gint64 until = g_get_monotonic_time () + (gint64)timeout_ms * 1000;
  guint  open_files;

  while ((open_files = count_open_files (server)) > most && g_get_monotonic_time () < until)
    g_usleep (50 * 1000);

  return open_files;
}

/* Reads one answer (headers and a Content-Length body) from a kept-alive
 * @connection; its headers go to @head. Returns its status, 0 when the
 * server hung up first. */
static guint
read_answer (GSocketConnection *connection,
             char             **head)
{
  GSocket *socket = g_socket_connection_get_socket (connection);
  g_autoptr(GString) received = g_string_new (NULL);
  const char *end;
  gsize       body_length = 0;
  guint64     content_length = 0;
  const char *length_header;

  g_socket_set_timeout (socket, ANSWER_TIMEOUT_MS / 1000);
  while ((end = strstr (received->str, "\r\n\r\n")) == NULL ||
         received->len - (gsize)(end + 4 - received->str) < body_length)
    {
      char   buffer[4096];
      gssize got = g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL);

      if (got <= 0)
        return 0;
      g_string_append_len (received, buffer, got);

      end = strstr (received->str, "\r\n\r\n");
      length_header = end != NULL ? g_strstr_len (received->str, end - received->str, "Content-Length: ") : NULL;
      if (length_header != NULL)
        {
          content_length = g_ascii_strtoull (length_header + strlen ("Content-Length: "), NULL, 10);
          body_length = (gsize)content_length;
        }
    }

  if (head != NULL)
    *head = g_strndup (received->str, end - received->str);

  return (guint)g_ascii_strtoull (received->str + strlen ("HTTP/1.1 "), NULL, 10);
}

static guint
ask_health (GSocketConnection *connection,
            char             **head)
{
  g_autoptr(GError) error = NULL;

  ews_test_raw_send (connection, health_request, strlen (health_request), &error);
  g_assert_no_error (error);

  return read_answer (connection, head);
}

static void
test_many_requests_on_one_connection (void)
{
  g_autoptr(EweTestServer) server = ewe_test_server_start (NULL);
  g_autoptr(GSocketConnection) connection = ews_test_raw_connect (server, "127.0.0.1");
  g_autoptr(GSocketConnection) other = NULL;
  guint files_during = 0;

  for (guint i = 0; i < 500; i++)
    {
      g_autofree char *head = NULL;

      g_assert_cmpuint (ask_health (connection, &head), ==, 200);
      g_assert_null (strstr (head, "Connection: close"));
      if (i == 0)
        files_during = count_open_files (server);
    }

  /* One connection did it all: the server opened no other. */
  g_assert_cmpuint (count_open_files (server), ==, files_during);

  other = ews_test_raw_connect (server, "127.0.0.1");
  g_assert_cmpuint (ask_health (other, NULL), ==, 200);
}

/* After --max-requests-per-connection requests, the last answer says
 * "Connection: close" and the server closes the connection. */
static void
test_requests_per_connection_are_capped (void)
{
  const char *args[] = { "--max-requests-per-connection=3", NULL };
  g_autoptr(EweTestServer) server = ewe_test_server_start (args);
  g_autoptr(GSocketConnection) connection = ews_test_raw_connect (server, "127.0.0.1");
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;

  g_assert_cmpuint (ask_health (connection, NULL), ==, 200);
  g_assert_cmpuint (ask_health (connection, &second), ==, 200);
  g_assert_null (strstr (second, "Connection: close"));
  g_assert_cmpuint (ask_health (connection, &third), ==, 200);
  g_assert_nonnull (strstr (third, "Connection: close"));
  g_assert_true (ews_test_raw_wait_closed (connection, 2000));
}

/* A connection answered and then left idle by its client is closed by
 * the server after --keepalive-timeout, and nothing of it stays: 2,000 of
 * them, 200 at a time, leave the server's file descriptors where they
 * were and its memory flat. */
static void
test_idle_connections_cost_nothing_once_closed (void)
{
  const char *args[] = { "--keepalive-timeout=1", "--max-connections-per-client=1000", NULL };
  g_autoptr(EweTestServer) server = ewe_test_server_start (args);
  g_autoptr(GSocketConnection) first = ews_test_raw_connect (server, "127.0.0.1");
  guint files_before;
  gsize rss_after_warm_up = 0;
  gsize rss_after_all;

  g_assert_cmpuint (ask_health (first, NULL), ==, 200);
  g_assert_true (ews_test_raw_wait_closed (first, 5000));
  files_before = wait_for_open_files (server, 0, 0);

  for (guint round = 0; round < 10; round++)
    {
      g_autoptr(GPtrArray) idle = g_ptr_array_new_with_free_func (g_object_unref);
      guint closed = 0;

      for (guint i = 0; i < 200; i++)
        {
          GSocketConnection *connection = ews_test_raw_connect (server, "127.0.0.2");

          g_assert_cmpuint (ask_health (connection, NULL), ==, 200);
          g_ptr_array_add (idle, connection);
        }

      for (guint i = 0; i < idle->len; i++)
        closed += ews_test_raw_wait_closed (idle->pdata[i], 5000);
      g_assert_cmpuint (closed, ==, idle->len);

      g_assert_cmpuint (wait_for_open_files (server, files_before, 2000), <=, files_before);
      if (round == 1)
        rss_after_warm_up = ews_test_raw_server_status_kib (server, "VmRSS");
    }

  rss_after_all = ews_test_raw_server_status_kib (server, "VmRSS");
  g_test_message ("resident memory: %zu KiB after 400 connections, %zu KiB after 2,000", rss_after_warm_up,
                  rss_after_all);
#ifndef EWS_TEST_SANITIZED
  /* A leak of libsoup's connection objects would be over 2 KiB each. */
  g_assert_cmpuint (rss_after_all, <=, rss_after_warm_up + 1024);
#endif
}

/* What libsoup 3.2 leaked: the client hangs up on an idle connection. The
 * server closes its side at once, well before --keepalive-timeout. */
static void
test_connections_closed_by_client_while_idle_are_released (void)
{
  const char *args[] = { "--keepalive-timeout=600", NULL };
  g_autoptr(EweTestServer) server = ewe_test_server_start (args);
  g_autoptr(GSocketConnection) first = ews_test_raw_connect (server, "127.0.0.1");
  guint files_before;

  g_assert_cmpuint (ask_health (first, NULL), ==, 200);
  files_before = count_open_files (server);

  for (guint i = 0; i < 500; i++)
    {
      g_autoptr(GSocketConnection) connection = ews_test_raw_connect (server, "127.0.0.2");

      g_assert_cmpuint (ask_health (connection, NULL), ==, 200);
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
    }

  g_assert_cmpuint (wait_for_open_files (server, files_before, 2000), <=, files_before);
}

/* An idle connection holds nothing of the request it last carried: 40
 * connections, each left idle after a body of almost 1 MiB, keep the
 * server's memory within a few MiB. */
static void
test_idle_connections_hold_no_bodies (void)
{
  const char *args[] = { "--keepalive-timeout=600", NULL };
  g_autoptr(EweTestServer) server = ewe_test_server_start (args);
  g_autoptr(GSocketConnection) first = ews_test_raw_connect (server, "127.0.0.1");
  g_autoptr(GPtrArray) idle = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) body = g_string_new ("{\"message\": \"");
  g_autofree char *head = NULL;
  gsize            rss_before;
  gsize            rss_after;

  while (body->len < 1000 * 1000)
    g_string_append_c (body, 'x');
  g_string_append (body, "\"}");
  head = g_strdup_printf ("POST /api/contact HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                          "Content-Length: %zu\r\n\r\n",
                          body->len);

  g_assert_cmpuint (ask_health (first, NULL), ==, 200);
  rss_before = ews_test_raw_server_status_kib (server, "VmRSS");

  for (guint i = 0; i < 40; i++)
    {
      GSocketConnection *connection = ews_test_raw_connect (server, "127.0.0.1");
      g_autoptr(GError) error = NULL;

      ews_test_raw_send (connection, head, strlen (head), &error);
      g_assert_no_error (error);
      ews_test_raw_send (connection, body->str, body->len, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (read_answer (connection, NULL), !=, 0);
      g_ptr_array_add (idle, connection);
    }

  rss_after = ews_test_raw_server_status_kib (server, "VmRSS");
  g_test_message ("resident memory: %zu KiB before, %zu KiB with 40 idle connections", rss_before, rss_after);
#ifndef EWS_TEST_SANITIZED
  g_assert_cmpuint (rss_after, <=, rss_before + 8 * 1024);
#endif
}

/* A client that opens a connection and sends nothing, or nothing more
 * after an answer, is dropped, and its descriptor with it. */
static void
test_silent_connections_are_dropped (void)
{
  const char *args[] = { "--header-timeout=1", "--keepalive-timeout=1", NULL };
  g_autoptr(EweTestServer) server = ewe_test_server_start (args);
  g_autoptr(GSocketConnection) first = ews_test_raw_connect (server, "127.0.0.1");
  g_autoptr(GSocketConnection) silent = NULL;
  g_autoptr(GSocketConnection) answered = NULL;
  guint files_before;

  g_assert_cmpuint (ask_health (first, NULL), ==, 200);
  g_assert_true (ews_test_raw_wait_closed (first, 5000));
  files_before = wait_for_open_files (server, 0, 0);

  silent = ews_test_raw_connect (server, "127.0.0.2");
  answered = ews_test_raw_connect (server, "127.0.0.3");
  g_assert_cmpuint (ask_health (answered, NULL), ==, 200);

  g_assert_true (ews_test_raw_wait_closed (silent, 5000));
  g_assert_true (ews_test_raw_wait_closed (answered, 5000));
  g_assert_cmpuint (wait_for_open_files (server, files_before, 2000), <=, files_before);
}

/* With --max-connections-per-client at its default of 64, a client's
 * idle kept-alive connections count while they are open, and no longer
 * once it closes them. */
static void
test_client_cap_counts_kept_alive_connections (void)
{
  const char *args[] = { "--keepalive-timeout=600", NULL };
  g_autoptr(EweTestServer) server = ewe_test_server_start (args);
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GSocketConnection) one_too_many = NULL;
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 64; i++)
    {
      GSocketConnection *connection = ews_test_raw_connect (server, "127.0.0.2");

      g_assert_cmpuint (ask_health (connection, NULL), ==, 200);
      g_ptr_array_add (kept, connection);
    }

  one_too_many = ews_test_raw_connect (server, "127.0.0.2");
  ews_test_raw_send (one_too_many, health_request, strlen (health_request), NULL);
  response = ews_test_raw_read_all (one_too_many, ANSWER_TIMEOUT_MS, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ews_test_raw_status (response), ==, 503);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (response, NULL), g_bytes_get_size (response),
                                  "Connection: close"));

  /* The kept ones still work; ten closed make room for ten. */
  g_assert_cmpuint (ask_health (kept->pdata[0], NULL), ==, 200);
  g_ptr_array_remove_range (kept, 0, 10);
  g_usleep (200 * 1000);
  for (guint i = 0; i < 10; i++)
    {
      GSocketConnection *connection = ews_test_raw_connect (server, "127.0.0.2");

      g_assert_cmpuint (ask_health (connection, NULL), ==, 200);
      g_ptr_array_add (kept, connection);
    }
}

/* --- shutdown, with the server in this process ------------------------------------ */

typedef struct
{
  guint16            port;
  SoupServerMessage *held;          /* a request kept in flight */
  gint               shutting_down; /* set by the main thread */
  gint               client_done;
  guint              answer_in_shutdown;
  gboolean           said_close;
  gboolean           said_retry_after;
  gboolean           closed_after;
} Shutdown;

static void
held_cb (SoupServerMessage *msg,
         GHashTable        *params,
         gpointer           user_data)
{
  Shutdown *shutdown = user_data;

  shutdown->held = g_object_ref (msg);
  soup_server_message_pause (msg);
}

static GSocketConnection *
connect_to (guint16 port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection;

  g_socket_client_set_enable_proxy (client, FALSE);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  g_assert_no_error (error);

  return connection;
}

/* On a connection kept alive from before the shutdown, and while another
 * request holds the server open: the next request is told 503, with
 * "Connection: close" and when to come back (Retry-After), and the
 * connection closed. */
static gpointer
shutdown_client_thread (gpointer user_data)
{
  Shutdown *shutdown = user_data;
  g_autoptr(GSocketConnection) kept = connect_to (shutdown->port);
  g_autoptr(GSocketConnection) holding = connect_to (shutdown->port);
  g_autofree char *head = NULL;
  const char      *held_request = "GET /held HTTP/1.1\r\nHost: localhost\r\n\r\n";

  g_assert_cmpuint (ask_health (kept, NULL), ==, 200);
  ews_test_raw_send (holding, held_request, strlen (held_request), NULL);

  while (!g_atomic_int_get (&shutdown->shutting_down))
    g_usleep (10 * 1000);

  shutdown->answer_in_shutdown = ask_health (kept, &head);
  shutdown->said_close = head != NULL && strstr (head, "Connection: close") != NULL;
  shutdown->said_retry_after = head != NULL && strstr (head, "\r\nRetry-After: 5") != NULL;
  shutdown->closed_after = ews_test_raw_wait_closed (kept, 5000);
  g_atomic_int_set (&shutdown->client_done, TRUE);

  return NULL;
}

static void
shutdown_done_cb (gpointer user_data)
{
  gboolean *done = user_data;

  *done = TRUE;
}

static void
test_shutdown_closes_kept_alive_connections (void)
{
  g_autoptr(EwsConfig) config = ews_config_new ();
  g_autoptr(EwsServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = g_build_filename (g_get_user_data_dir (), "ewelists-server", NULL);
  Shutdown         shutdown = { 0 };
  GThread         *client;
  gboolean         done = FALSE;

  g_assert_cmpint (g_mkdir_with_parents (data_dir, 0700), ==, 0);
  g_free (config->listen);
  config->listen = g_strdup ("127.0.0.1:0");
  g_free (config->data_dir);
  config->data_dir = g_strdup (data_dir);

  server = ews_server_new (config);
  ews_router_add (ews_server_get_router (server), "GET", "/held", held_cb, &shutdown);
  g_assert_true (ews_server_start (server, &error));
  g_assert_no_error (error);
  shutdown.port = ews_server_get_port (server);

  client = g_thread_new ("client", shutdown_client_thread, &shutdown);
  while (shutdown.held == NULL)
    g_main_context_iteration (NULL, TRUE);

  ews_server_shutdown (server, G_CALLBACK (shutdown_done_cb), &done);
  g_atomic_int_set (&shutdown.shutting_down, TRUE);
  while (!g_atomic_int_get (&shutdown.client_done))
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  g_thread_join (client);

  g_assert_cmpuint (shutdown.answer_in_shutdown, ==, 503);
  g_assert_true (shutdown.said_close);
  g_assert_true (shutdown.said_retry_after);
  g_assert_true (shutdown.closed_after);

  /* The request in flight is answered, and then the shutdown is over. */
  soup_server_message_set_status (shutdown.held, SOUP_STATUS_OK, NULL);
  soup_server_message_unpause (shutdown.held);
  g_clear_object (&shutdown.held);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/server/keepalive/many-requests-on-one-connection", test_many_requests_on_one_connection);
  g_test_add_func ("/server/keepalive/requests-per-connection-are-capped", test_requests_per_connection_are_capped);
  g_test_add_func ("/server/keepalive/idle-connections-cost-nothing-once-closed",
                   test_idle_connections_cost_nothing_once_closed);
  g_test_add_func ("/server/keepalive/connections-closed-by-client-while-idle-are-released",
                   test_connections_closed_by_client_while_idle_are_released);
  g_test_add_func ("/server/keepalive/idle-connections-hold-no-bodies", test_idle_connections_hold_no_bodies);
  g_test_add_func ("/server/keepalive/silent-connections-are-dropped", test_silent_connections_are_dropped);
  g_test_add_func ("/server/keepalive/client-cap-counts-kept-alive-connections",
                   test_client_cap_counts_kept_alive_connections);

  g_test_add_func ("/server/keepalive/shutdown-closes-kept-alive-connections",
                   test_shutdown_closes_kept_alive_connections);

  return g_test_run ();
}
