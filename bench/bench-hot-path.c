/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ewe-test-server.h"
#include "ews-test-api.h"

/* What guests do most, under load: GET a shared list of 100 gifts, and
 * reserve, with `wrk` at 8 connections, against a real ewelists-server and,
 * in the same run, against nginx answering the very same bytes (a static
 * file, a fixed string), so the figure says how far the server is from the
 * machine's ceiling rather than how busy the machine happened to be. Rounds
 * alternate between the two. Prints figures, never asserts on them; skips
 * when wrk or nginx is missing (build-aux/install-deps.sh --tests installs
 * both). wrk stops mid-request at the end of a round, so the server logs a
 * few requests as aborted. */

#define N_GIFTS 100
#define N_ROUNDS 3
#define ROUND_SECONDS "5"
#define N_CONNECTIONS "8"

/* Set-up goes through the tests' API helpers: a call that must answer
 * 200, and its text as the server sent it. */
static char *
call (EweTestServer *server,
      const char    *method,
      const char    *path,
      const char    *token,
      const char    *body)
{
  g_autoptr(JsonNode) node = NULL;
  char *text = NULL;
  guint status = 0;

  node = ews_test_api_call_full (server, method, path, token, body, NULL, &status, &text);
  g_assert_cmpuint (status, ==, 200);

  return text;
}

static char *
member_of (const char *reply,
           const char *name)
{
  g_autoptr(JsonNode) node = json_from_string (reply, NULL);

  return g_strdup (json_object_get_string_member (json_node_get_object (node), name));
}

static guint16
free_loopback_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any_port, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* nginx as an unprivileged foreground process, everything in @dir: no
 * system service, no file outside the temporary directory. */
static GSubprocess *
start_nginx (const char *nginx,
             const char *dir,
             guint16     port,
             const char *reserve_reply)
{
  g_autofree char *config_path = g_build_filename (dir, "nginx.conf", NULL);
  g_autofree char *config = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  /* One worker, as the server is one process; access log off, as the
   * server logs no request either. The reserve reply goes in quotes. */
  g_assert_null (strpbrk (reserve_reply, "'\\"));
  config = g_strdup_printf ("worker_processes 1;\n"
                            "daemon off;\n"
                            "pid %s/nginx.pid;\n"
                            "error_log %s/error.log;\n"
                            "events { worker_connections 256; }\n"
                            "http {\n"
                            "  access_log off;\n"
                            "  client_body_temp_path %s;\n"
                            "  proxy_temp_path %s;\n"
                            "  fastcgi_temp_path %s;\n"
                            "  uwsgi_temp_path %s;\n"
                            "  scgi_temp_path %s;\n"
                            "  types { application/json json; }\n"
                            "  server {\n"
                            "    listen 127.0.0.1:%u;\n"
                            "    root %s;\n"
                            "    location /reserve/ {\n"
                            "      default_type application/json;\n"
                            "      return 200 '%s';\n"
                            "    }\n"
                            "  }\n"
                            "}\n",
                            dir, dir, dir, dir, dir, dir, dir, port, dir, reserve_reply);
  g_assert_true (g_file_set_contents (config_path, config, -1, NULL));

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, nginx, "-e", "stderr", "-p", dir, "-c", config_path,
                              NULL);
  g_assert_no_error (error);
  return process;
}

static gboolean
wait_for_url (SoupSession *session,
              const char  *url)
{
  for (guint attempt = 0; attempt < 100; attempt++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr(GBytes) reply = soup_session_send_and_read (session, msg, NULL, NULL);

      if (soup_message_get_status (msg) == SOUP_STATUS_OK)
        return TRUE;
      g_usleep (50 * 1000);
    }
  return FALSE;
}

/* wrk's own summary lines, for the figures a reader compares: requests/s
 * and the 50% and 99% latencies of --latency. */
static void
run_wrk (const char         *wrk,
         const char         *what,
         const char * const *args)
{
  g_autoptr(GStrvBuilder) argv_builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_auto(GStrv) lines = NULL;
  const char *requests = "?", *p50 = "?", *p99 = "?";

  g_strv_builder_add_many (argv_builder, wrk, "-t2", "-c" N_CONNECTIONS, "-d" ROUND_SECONDS "s", "--latency", NULL);
  g_strv_builder_addv (argv_builder, (const char **)args);
  argv = g_strv_builder_end (argv_builder);
  process = g_subprocess_newv ((const char * const *)argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, &error));
  g_assert_no_error (error);

  lines = g_strsplit (output, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (g_str_has_prefix (lines[i], "Requests/sec:"))
        requests = g_strchug (lines[i] + strlen ("Requests/sec:"));
      else if (g_str_has_prefix (lines[i], "50%"))
        p50 = g_strchug (lines[i] + 3);
      else if (g_str_has_prefix (lines[i], "99%"))
        p99 = g_strchug (lines[i] + 3);
      else if (g_str_has_prefix (lines[i], "Non-2xx"))
        g_print ("  (%s: %s)\n", what, lines[i]);
    }
  g_print ("%-44s %10s requests/s   p50 %8s   p99 %8s\n", what, requests, p50, p99);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *wrk = g_find_program_in_path ("wrk");
  g_autofree char *nginx = NULL;
  g_autoptr(EweTestServer) server = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GSubprocess) nginx_process = NULL;
  g_autofree char *created = NULL;
  g_autofree char *shared = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *list_id = NULL;
  g_autofree char *shared_path = NULL;
  g_autofree char *shared_url = NULL;
  g_autofree char *static_url = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *static_path = NULL;
  g_autofree char *etag_header = NULL;
  g_autofree char *reserve_prefix = NULL;
  g_autofree char *reserve_script = NULL;
  g_autofree char *reserve_reply = NULL;
  g_autofree char *static_base_url = NULL;
  g_autofree char *first_product_id = NULL;
  g_autoptr(GString) script = g_string_new ("local ids = {");
  guint16 nginx_port;

  nginx = g_find_program_in_path ("nginx");
  if (nginx == NULL && g_file_test ("/usr/sbin/nginx", G_FILE_TEST_IS_EXECUTABLE))
    nginx = g_strdup ("/usr/sbin/nginx");
  if (wrk == NULL || nginx == NULL)
    {
      g_print ("SKIP: needs wrk and nginx (build-aux/install-deps.sh --tests)\n");
      return 77;
    }

  server = ewe_test_server_start ((const char *[]) { "--admin-email=owner@bench.example", "--rate-guest=0",
                                                     "--rate-guest-mails=0", NULL });
  g_assert_nonnull (server);
  token = ews_test_api_token (server, "bench-owner", "owner@bench.example", NULL);

  created = call (server, "POST", "/api/lists", token, "{\"title\": \"Benchmark\"}");
  list_id = member_of (created, "listId");
  for (guint i = 0; i < N_GIFTS; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"brand\": \"Brand %u\", \"details\": \"Gift %u\", "
                                               "\"productUrl\": \"https://shop.example/%u\"}",
                                               i, i, i);
      g_autofree char *product = call (server, "POST", "/api/products", token, body);
      g_autofree char *product_id = member_of (product, "productId");
      g_autofree char *path = g_strdup_printf ("/api/lists/%s/product/%s", list_id, product_id);
      g_autofree char *added = call (server, "POST", path, token,
                                     "{\"quantity\": 1000, \"productType\": \"products\", \"notes\": \"Any colour\"}");

      g_string_append_printf (script, "%s\"%s\"", i > 0 ? ", " : "", product_id);
      if (first_product_id == NULL)
        first_product_id = g_strdup (product_id);
    }

  /* Each request a new guest, spread over the gifts; a round number and
   * wrk's thread keep every address unique across rounds. */
  g_string_append (script, "}\n"
                           "local next_thread = 0\n"
                           "function setup (thread)\n"
                           "  thread:set (\"thread_id\", next_thread)\n"
                           "  next_thread = next_thread + 1\n"
                           "end\n"
                           "local n = 0\n"
                           "local prefix, round\n"
                           "function init (args)\n"
                           "  prefix = args[1]\n"
                           "  round = args[2]\n"
                           "end\n"
                           "function request ()\n"
                           "  n = n + 1\n"
                           "  local path = string.format (\"%s%s/email/guest-%s-%d-%d@bench.example\", prefix,\n"
                           "                              ids[n % #ids + 1], round, thread_id, n)\n"
                           "  return wrk.format (\"POST\", path, { [\"Content-Type\"] = \"application/json\" },\n"
                           "                     '{\"quantity\": 1, \"name\": \"Guest\"}')\n"
                           "end\n");

  /* One reservation first: its reply is what nginx answers to POSTs. */
  {
    g_autofree char *path = g_strdup_printf ("/api/lists/%s/reserve/%s/email/first@bench.example", list_id,
                                             first_product_id);

    reserve_reply = call (server, "POST", path, NULL, "{\"quantity\": 1, \"name\": \"Guest\"}");
  }

  shared_path = g_strdup_printf ("/api/lists/%s/shared", list_id);
  shared = call (server, "GET", shared_path, NULL, NULL);
  shared_url = ewe_test_server_url (server, shared_path);

  dir = g_dir_make_tmp ("ewelists-bench-nginx-XXXXXX", &error);
  g_assert_no_error (error);
  static_path = g_build_filename (dir, "shared.json", NULL);
  g_assert_true (g_file_set_contents (static_path, shared, -1, NULL));
  nginx_port = free_loopback_port ();
  reserve_script = g_build_filename (dir, "reserve.lua", NULL);
  g_assert_true (g_file_set_contents (reserve_script, script->str, script->len, NULL));
  nginx_process = start_nginx (nginx, dir, nginx_port, reserve_reply);
  static_base_url = g_strdup_printf ("http://127.0.0.1:%u", nginx_port);
  static_url = g_strdup_printf ("%s/shared.json", static_base_url);
  g_assert_true (wait_for_url (session, static_url));

  g_print ("GET shared list, %u gifts, %zu bytes, %s connections, %s s a round\n", N_GIFTS,
           strlen (shared), N_CONNECTIONS, ROUND_SECONDS);
  for (guint round = 0; round < N_ROUNDS; round++)
    {
      run_wrk (wrk, "ewelists-server GET shared", (const char *[]) { shared_url, NULL });
      run_wrk (wrk, "nginx, same bytes, static file", (const char *[]) { static_url, NULL });
    }

  /* A client that already has the list: If-None-Match with the ETag it
   * was given, when the server gives one. */
  {
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", shared_url);
    g_autoptr(GBytes) reply = soup_session_send_and_read (session, msg, NULL, NULL);
    const char *etag = soup_message_headers_get_one (soup_message_get_response_headers (msg), "ETag");

    if (etag != NULL)
      etag_header = g_strdup_printf ("If-None-Match: %s", etag);
  }
  if (etag_header != NULL)
    run_wrk (wrk, "ewelists-server GET shared, unchanged (304)",
             (const char *[]) { "-H", etag_header, shared_url, NULL });

  /* The server's answer is one transaction with a mail queued, nginx's a
   * fixed string: this says what a reservation costs beyond HTTP. */
  g_print ("POST reserve, a new guest each, %s connections, %s s a round\n", N_CONNECTIONS, ROUND_SECONDS);
  reserve_prefix = g_strdup_printf ("/api/lists/%s/reserve/", list_id);
  for (guint round = 0; round < N_ROUNDS; round++)
    {
      g_autofree char *round_tag = g_strdup_printf ("%u", round);
      g_autofree char *server_base_url = ewe_test_server_url (server, "/");

      run_wrk (wrk, "ewelists-server POST reserve",
               (const char *[]) { "-s", reserve_script, server_base_url, "--", reserve_prefix, round_tag, NULL });
      run_wrk (wrk, "nginx, same reply, fixed string",
               (const char *[]) { "-s", reserve_script, static_base_url, "--", "/reserve/", round_tag, NULL });
    }

  g_subprocess_send_signal (nginx_process, SIGTERM);
  g_subprocess_wait (nginx_process, NULL, NULL);
  return 0;
}
