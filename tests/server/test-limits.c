/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

/* The server tried as an attacker would: requests that spell paths oddly,
 * nest JSON a hundred thousand deep, send bodies that never end or arrive a
 * byte at a time, or open more connections than anyone needs. Each test
 * expects the server to answer (or hang up) in time and to stay up. */

#include "config.h"

#include "ews-test-raw-http.h"

#define DEEP_LEVELS 100000
#define ANSWER_TIMEOUT_MS 10000

static char *
deep_json (const char *prefix)
{
  GString *json = g_string_new (prefix);

  for (guint i = 0; i < DEEP_LEVELS; i++)
    g_string_append_c (json, '[');

  return g_string_free (json, FALSE);
}

/* Sends one request on a connection of its own and returns the status
 * of the answer (0 when the server hung up without one). */
static guint
raw_request (EweTestServer *server,
             const char    *head,
             const char    *body)
{
  g_autoptr(GSocketConnection) connection = ews_test_raw_connect (server, "127.0.0.1");
  g_autofree char *request = NULL;
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;

  request = g_strdup_printf ("%s\r\nHost: localhost\r\nConnection: close\r\nContent-Length: %zu\r\n\r\n%s",
                             head, body != NULL ? strlen (body) : 0, body != NULL ? body : "");
  ews_test_raw_send (connection, request, strlen (request), &error);
  g_assert_no_error (error);

  response = ews_test_raw_read_all (connection, ANSWER_TIMEOUT_MS, &error);
  if (response == NULL)
    {
      g_test_message ("no answer: %s", error->message);
      return 0;
    }

  return ews_test_raw_status (response);
}

static void
assert_server_up (EweTestServer *server)
{
  g_assert_cmpuint (raw_request (server, "GET /health HTTP/1.1", NULL), ==, 200);
}

/* --- paths and JSON ---------------------------------------------------------- */

static void
test_deep_json_on_any_path_spelling (void)
{
  g_autoptr(EweTestServer) server = ewe_test_server_start (NULL);
  g_autofree char *deep = deep_json ("");
  const char      *heads[] = {
         "POST //api/auth HTTP/1.1\r\nContent-Type: application/x-amz-json-1.1\r\n"
              "X-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth",
         "POST //api/contact HTTP/1.1\r\nContent-Type: application/json",
         "POST /api//contact HTTP/1.1\r\nContent-Type: application/json",
         "POST /api/auth HTTP/1.1\r\nContent-Type: application/x-amz-json-1.1\r\n"
              "X-Amz-Target: AWSCognitoIdentityProviderService.SignUp",
         "POST //lists/x/reserve/y HTTP/1.1\r\nContent-Type: application/json",
  };

  for (guint i = 0; i < G_N_ELEMENTS (heads); i++)
    {
      guint status = raw_request (server, heads[i], deep);

      g_test_message ("%s → %u", heads[i], status);
      g_assert_cmpuint (status, >=, 400);
      g_assert_cmpuint (status, <, 500);
      assert_server_up (server);
    }
}

/* JSON-GLib skips C comments and takes 'single-quoted' strings: a guard
 * that counts brackets outside "strings" only would not see these. */
static void
test_deep_json_behind_comment_or_quote (void)
{
  g_autoptr(EweTestServer) server = ewe_test_server_start (NULL);
  const char *prefixes[] = { "/* \" */ ", "['\"', " };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      g_autofree char *deep = deep_json (prefixes[i]);
      guint            status;

      status = raw_request (server, "POST /api/contact HTTP/1.1\r\nContent-Type: application/json", deep);
      g_assert_cmpuint (status, ==, 400);
      status = raw_request (server,
                            "POST /api/auth HTTP/1.1\r\nContent-Type: application/x-amz-json-1.1\r\n"
                            "X-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth",
                            deep);
      g_assert_cmpuint (status, ==, 400);
      assert_server_up (server);
    }
}

/* A token's header is read before its signature can be checked. */
static void
test_deep_json_in_a_token (void)
{
  g_autoptr(EweTestServer) server = ewe_test_server_start (NULL);
  g_autofree char *brackets = g_strnfill (45000, '[');
  g_autofree char *header = g_base64_encode ((const guchar *)brackets, strlen (brackets));
  g_autofree char *head = NULL;

  g_strdelimit (header, "=", '\0');
  head = g_strdup_printf ("GET /api/lists HTTP/1.1\r\nAuthorization: Bearer %s.e30.c2ln", header);

  g_assert_cmpuint (raw_request (server, head, NULL), ==, 401);
  assert_server_up (server);
}

/* --- bodies ------------------------------------------------------------------ */

#define HUNDRED_MB EWS_TEST_RAW_HUNDRED_MB
#define SEND_BLOCK EWS_TEST_RAW_BLOCK

/* The answer comes from the headers alone: not one byte of the body is
 * needed, or read. */
static void
test_oversized_content_length_refused_unread (void)
{
  g_autoptr(EweTestServer) server = ewe_test_server_start (NULL);
  g_autoptr(GSocketConnection) connection = ews_test_raw_start_upload (server, FALSE, HUNDRED_MB);
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;

  response = ews_test_raw_read_all (connection, ANSWER_TIMEOUT_MS, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ews_test_raw_status (response), ==, 413);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (response, NULL), g_bytes_get_size (response), "\"error\""));
  assert_server_up (server);
}

/* A chunked body says nothing of its size: it is cut once it passes the
 * limit, and the client still hears why. */
static void
test_chunked_body_cut_at_limit (void)
{
  g_autoptr(EweTestServer) server = ewe_test_server_start (NULL);
  g_autoptr(GSocketConnection) connection = ews_test_raw_start_upload (server, TRUE, 0);
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;

  /* Just over the 1 MiB limit, then the client waits. */
  g_assert_cmpuint (ews_test_raw_send_body (connection, TRUE, 1024 * 1024 + SEND_BLOCK), ==,
                    1024 * 1024 + SEND_BLOCK);
  response = ews_test_raw_read_all (connection, ANSWER_TIMEOUT_MS, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ews_test_raw_status (response), ==, 413);
  assert_server_up (server);
}

/* Four 100 MB bodies at once, two of each encoding: each is refused long
 * before its end, and the server's memory stays where it was. */
static void
test_big_bodies_keep_memory_flat (void)
{
  g_autoptr(EweTestServer) server = ewe_test_server_start (NULL);
  EwsTestUpload uploads[4];
  GThread      *threads[4];
  gsize         idle_kib, peak_kib;
  gboolean      running = TRUE;

  assert_server_up (server);
  idle_kib = peak_kib = ews_test_raw_server_status_kib (server, "VmRSS");

  for (guint i = 0; i < G_N_ELEMENTS (uploads); i++)
    {
      uploads[i] = (EwsTestUpload) { server, i % 2 == 1, 0, FALSE };
      threads[i] = g_thread_new ("upload", ews_test_raw_upload_thread, &uploads[i]);
    }

  /* The uploads end when the server hangs up on them. */
  while (running)
    {
      running = FALSE;
      for (guint i = 0; i < G_N_ELEMENTS (uploads); i++)
        running |= !g_atomic_int_get (&uploads[i].done);
      peak_kib = MAX (peak_kib, ews_test_raw_server_status_kib (server, "VmRSS"));
      g_usleep (20 * 1000);
    }

  for (guint i = 0; i < G_N_ELEMENTS (uploads); i++)
    {
      g_thread_join (threads[i]);
      g_test_message ("%s upload: %zu bytes sent before the server hung up",
                      uploads[i].chunked ? "chunked" : "plain", uploads[i].sent);
      g_assert_cmpuint (uploads[i].sent, <, HUNDRED_MB / 4);
    }

  peak_kib = MAX (peak_kib, ews_test_raw_server_status_kib (server, "VmRSS"));
  g_test_message ("server RSS: %zu KiB idle, %zu KiB at most under the uploads", idle_kib, peak_kib);
#ifndef EWS_TEST_SANITIZED
  /* AddressSanitizer holds freed memory back: the figure says little there. */
  g_assert_cmpuint (peak_kib, <, idle_kib + 8 * 1024);
#endif
  assert_server_up (server);
}

/* --- slow clients and many connections -------------------------------------------- */

/* Sends @line every half second until the server hangs up; returns how
 * long that took, in seconds, or -1 when it never did within @give_up_s. */
static double
trickle_until_dropped (GSocketConnection *connection,
                       const char        *line,
                       double             give_up_s)
{
  gint64 start = g_get_monotonic_time ();

  while ((g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC < give_up_s)
    {
      g_autoptr(GError) error = NULL;

      if (!ews_test_raw_send (connection, line, strlen (line), &error) ||
          ews_test_raw_wait_closed (connection, 500))
        return (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
    }

  return -1;
}

static void
test_slow_headers_are_dropped (void)
{
  const char *args[] = { "--header-timeout=2", NULL };
  g_autoptr(EweTestServer) server = ewe_test_server_start (args);
  g_autoptr(GSocketConnection) connection = ews_test_raw_connect (server, "127.0.0.1");
  const char *start = "GET /health HTTP/1.1\r\nHost: localhost\r\n";
  g_autoptr(GError) error = NULL;
  double dropped_after;

  ews_test_raw_send (connection, start, strlen (start), &error);
  g_assert_no_error (error);

  /* Slowloris: every line arrives in time, the whole never does. */
  dropped_after = trickle_until_dropped (connection, "X-Slow: 1\r\n", 10);
  g_test_message ("dropped after %.1f s", dropped_after);
  g_assert_cmpfloat (dropped_after, >=, 0);
  assert_server_up (server);
}

static void
test_silent_connection_is_dropped (void)
{
  const char *args[] = { "--header-timeout=1", NULL };
  g_autoptr(EweTestServer) server = ewe_test_server_start (args);
  g_autoptr(GSocketConnection) connection = ews_test_raw_connect (server, "127.0.0.1");

  g_assert_true (ews_test_raw_wait_closed (connection, 6000));
}

static void
test_slow_body_is_dropped (void)
{
  const char *args[] = { "--body-timeout=2", NULL };
  g_autoptr(EweTestServer) server = ewe_test_server_start (args);
  g_autoptr(GSocketConnection) connection = ews_test_raw_connect (server, "127.0.0.1");
  const char *head = "POST /api/contact HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                     "Content-Length: 100\r\n\r\n{";
  g_autoptr(GError) error = NULL;
  double dropped_after;

  ews_test_raw_send (connection, head, strlen (head), &error);
  g_assert_no_error (error);

  dropped_after = trickle_until_dropped (connection, " ", 10);
  g_test_message ("dropped after %.1f s", dropped_after);
  g_assert_cmpfloat (dropped_after, >=, 0);
  assert_server_up (server);
}

static void
test_idle_keepalive_is_closed (void)
{
  const char *args[] = { "--keepalive-timeout=1", NULL };
  g_autoptr(EweTestServer) server = ewe_test_server_start (args);
  g_autoptr(GSocketConnection) connection = ews_test_raw_connect (server, "127.0.0.1");
  const char *request = "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n";
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;

  ews_test_raw_send (connection, request, strlen (request), &error);
  g_assert_no_error (error);

  /* The answer, then nothing: the connection is closed after a second. */
  response = ews_test_raw_read_all (connection, 6000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ews_test_raw_status (response), ==, 200);
}

/* Opens @count connections from @source_ip and sends each the start of a
 * request; returns them. */
static GPtrArray *
open_connections (EweTestServer *server,
                  const char    *source_ip,
                  guint          count)
{
  GPtrArray  *connections = g_ptr_array_new_with_free_func (g_object_unref);
  const char *start = "GET /health HTTP/1.1\r\n";

  for (guint i = 0; i < count; i++)
    {
      GSocketConnection *connection = ews_test_raw_connect (server, source_ip);

      ews_test_raw_send (connection, start, strlen (start), NULL);
      g_ptr_array_add (connections, connection);
    }

  return connections;
}

static guint
count_closed (GPtrArray *connections)
{
  guint closed = 0;

  for (guint i = 0; i < connections->len; i++)
    closed += ews_test_raw_wait_closed (connections->pdata[i], 100);

  return closed;
}

static void
test_connections_per_client_are_capped (void)
{
  const char *args[] = { "--max-connections-per-client=8", NULL };
  g_autoptr(EweTestServer) server = ewe_test_server_start (args);
  g_autoptr(GPtrArray) greedy = open_connections (server, "127.0.0.2", 20);
  guint closed = count_closed (greedy);

  g_test_message ("%u of 20 connections from one client closed", closed);
  g_assert_cmpuint (closed, ==, 12);
  /* Other clients are served. */
  assert_server_up (server);

  /* A client's closed connections no longer count against it. */
  g_clear_pointer (&greedy, g_ptr_array_unref);
  g_usleep (200 * 1000);
  greedy = open_connections (server, "127.0.0.2", 8);
  g_assert_cmpuint (count_closed (greedy), ==, 0);
}

/* Everyone behind a trusted proxy comes from its address: capping it as
 * one client would cap them all. Other clients are still capped. */
static void
test_trusted_proxy_is_not_capped (void)
{
  const char *args[] = { "--max-connections-per-client=8", "--trusted-proxy=127.0.0.2", NULL };
  g_autoptr(EweTestServer) server = ewe_test_server_start (args);
  g_autoptr(GPtrArray) proxied = open_connections (server, "127.0.0.2", 20);
  g_autoptr(GPtrArray) greedy = NULL;

  g_assert_cmpuint (count_closed (proxied), ==, 0);

  greedy = open_connections (server, "127.0.0.3", 20);
  g_assert_cmpuint (count_closed (greedy), ==, 12);
}

static void
test_connections_in_all_are_capped (void)
{
  const char *args[] = { "--max-connections=6", NULL };
  g_autoptr(EweTestServer) server = ewe_test_server_start (args);
  g_autoptr(GPtrArray) first = open_connections (server, "127.0.0.2", 3);
  g_autoptr(GPtrArray) second = open_connections (server, "127.0.0.3", 3);
  g_autoptr(GSocketConnection) one_too_many = ews_test_raw_connect (server, "127.0.0.4");
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;

  response = ews_test_raw_read_all (one_too_many, ANSWER_TIMEOUT_MS, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ews_test_raw_status (response), ==, 503);
  g_assert_cmpuint (count_closed (first) + count_closed (second), ==, 0);
}

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

/* A client that asks once on a kept-alive connection and hangs up while
 * it idles: libsoup 3.2 never closed the server's side, so each such visit
 * kept a file descriptor, and a few of them locked the client out. */
static void
test_closed_keepalive_connections_are_released (void)
{
  const char *args[] = { "--max-connections-per-client=8", NULL };
  g_autoptr(EweTestServer) server = ewe_test_server_start (args);
  const char *request = "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n";
  guint       files_before;

  assert_server_up (server);
  files_before = count_open_files (server);

  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(GSocketConnection) connection = ews_test_raw_connect (server, "127.0.0.2");
      GSocket *socket = g_socket_connection_get_socket (connection);
      char     answer[512];
      g_autoptr(GError) error = NULL;
      gssize got;

      ews_test_raw_send (connection, request, strlen (request), &error);
      g_assert_no_error (error);
      got = g_socket_receive (socket, answer, sizeof answer - 1, NULL, &error);
      g_assert_no_error (error);
      answer[MAX (got, 0)] = '\0';
      g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 200"));
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
    }

  g_usleep (300 * 1000);
  g_test_message ("open files: %u before, %u after 50 visits", files_before, count_open_files (server));
  g_assert_cmpuint (count_open_files (server), <=, files_before + 2);
}

/* 256 connections that each send half a request, from eight addresses:
 * the server keeps answering everyone else at once. */
static void
test_health_answers_during_flood (void)
{
  g_autoptr(EweTestServer) server = ewe_test_server_start (NULL);
  g_autoptr(GPtrArray) flood = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);

  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *source = g_strdup_printf ("127.0.0.%u", 10 + i);
      g_ptr_array_add (flood, open_connections (server, source, 32));
    }

  for (guint i = 0; i < 10; i++)
    assert_server_up (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/server/limits/deep-json-on-any-path-spelling", test_deep_json_on_any_path_spelling);
  g_test_add_func ("/server/limits/deep-json-behind-comment-or-quote", test_deep_json_behind_comment_or_quote);
  g_test_add_func ("/server/limits/deep-json-in-a-token", test_deep_json_in_a_token);
  g_test_add_func ("/server/limits/oversized-content-length-refused-unread",
                   test_oversized_content_length_refused_unread);
  g_test_add_func ("/server/limits/chunked-body-cut-at-limit", test_chunked_body_cut_at_limit);
  g_test_add_func ("/server/limits/big-bodies-keep-memory-flat", test_big_bodies_keep_memory_flat);
  g_test_add_func ("/server/limits/slow-headers-are-dropped", test_slow_headers_are_dropped);
  g_test_add_func ("/server/limits/silent-connection-is-dropped", test_silent_connection_is_dropped);
  g_test_add_func ("/server/limits/slow-body-is-dropped", test_slow_body_is_dropped);
  g_test_add_func ("/server/limits/idle-keepalive-is-closed", test_idle_keepalive_is_closed);
  g_test_add_func ("/server/limits/connections-per-client-are-capped", test_connections_per_client_are_capped);
  g_test_add_func ("/server/limits/trusted-proxy-is-not-capped", test_trusted_proxy_is_not_capped);
  g_test_add_func ("/server/limits/connections-in-all-are-capped", test_connections_in_all_are_capped);
  g_test_add_func ("/server/limits/health-answers-during-flood", test_health_answers_during_flood);
  g_test_add_func ("/server/limits/closed-keepalive-connections-are-released",
                   test_closed_keepalive_connections_are_released);

  return g_test_run ();
}
