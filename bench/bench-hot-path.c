/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ewe-bench-wrk.h"
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
#define ROUND_SECONDS EWE_BENCH_ROUND_SECONDS
#define N_CONNECTIONS EWE_BENCH_N_CONNECTIONS

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

int
main (int   argc,
      char *argv[])
{
  g_autofree char *wrk = g_find_program_in_path ("wrk");
  g_autofree char *nginx = NULL;
  g_autoptr(EweTestServer) server = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GSubprocess) nginx_process = NULL;
  g_autofree char *shared = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autoptr(EweBenchList) list = NULL;
  const char      *list_id;
  g_autofree char *shared_path = NULL;
  g_autofree char *shared_url = NULL;
  g_autofree char *static_url = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *static_path = NULL;
  g_autofree char *etag_header = NULL;
  g_autofree char *reserve_prefix = NULL;
  g_autofree char *reserve_script = NULL;
  const char      *reserve_reply;
  g_autofree char *static_base_url = NULL;
  g_autoptr(EweTestServer) uncached = NULL;
  g_autofree char *uncached_token = NULL;
  g_autoptr(EweBenchList) uncached_list = NULL;
  g_autofree char *uncached_path = NULL;
  g_autofree char *uncached_url = NULL;
  g_autofree char *guest_path = NULL;
  g_autofree char *guest_url = NULL;
  g_autofree char *uncached_guest_path = NULL;
  g_autofree char *uncached_guest_url = NULL;
  guint16          nginx_port;

  nginx = g_find_program_in_path ("nginx");
  if (nginx == NULL && g_file_test ("/usr/sbin/nginx", G_FILE_TEST_IS_EXECUTABLE))
    nginx = g_strdup ("/usr/sbin/nginx");
  ewe_test_server_use_real_clock ();
  if (wrk == NULL || nginx == NULL)
    {
      g_print ("SKIP: needs wrk and nginx (build-aux/install-deps.sh --tests)\n");
      return 77;
    }

  server = ewe_test_server_start ((const char *[]) { "--admin-email=owner@bench.example", "--rate-guest=0",
                                                     "--rate-guest-mails=0", NULL });
  g_assert_nonnull (server);
  token = ews_test_api_token (server, "bench-owner", "owner@bench.example", NULL);

  list = ewe_bench_list_seed (server, token, N_GIFTS);
  list_id = list->list_id;
  reserve_reply = list->reserve_reply;

  shared_path = g_strdup_printf ("/api/lists/%s/shared", list_id);
  shared = ewe_bench_call (server, "GET", shared_path, NULL, NULL);
  shared_url = ewe_test_server_url (server, shared_path);

  dir = g_dir_make_tmp ("ewelists-bench-nginx-XXXXXX", &error);
  g_assert_no_error (error);
  static_path = g_build_filename (dir, "shared.json", NULL);
  g_assert_true (g_file_set_contents (static_path, shared, -1, NULL));
  nginx_port = ewe_bench_free_loopback_port ();
  reserve_script = g_build_filename (dir, "reserve.lua", NULL);
  g_assert_true (g_file_set_contents (reserve_script, list->reserve_script, -1, NULL));
  nginx_process = start_nginx (nginx, dir, nginx_port, reserve_reply);
  static_base_url = g_strdup_printf ("http://127.0.0.1:%u", nginx_port);
  static_url = g_strdup_printf ("%s/shared.json", static_base_url);
  g_assert_true (ewe_bench_wait_for_url (session, static_url));

  /* The same list on a second server that keeps no answers
   * (--reply-cache-size=0): every request reads the list and its gifts, as
   * before the reply cache. Its rounds interleave with the others, so the
   * two figures share the machine's load. */
  uncached = ewe_test_server_start ((const char *[]) { "--admin-email=owner@bench.example", "--rate-guest=0",
                                                       "--reply-cache-size=0", NULL });
  g_assert_nonnull (uncached);
  uncached_token = ews_test_api_token (uncached, "bench-owner", "owner@bench.example", NULL);
  uncached_list = ewe_bench_list_seed (uncached, uncached_token, N_GIFTS);
  uncached_path = g_strdup_printf ("/api/lists/%s/shared", uncached_list->list_id);
  uncached_url = ewe_test_server_url (uncached, uncached_path);

  g_print ("GET shared list, %u gifts, %zu bytes, %s connections, %s s a round\n", N_GIFTS,
           strlen (shared), N_CONNECTIONS, ROUND_SECONDS);
  for (guint round = 0; round < N_ROUNDS; round++)
    {
      ewe_bench_run_wrk (wrk, "ewelists-server GET shared", (const char *[]) { shared_url, NULL }, NULL);
      ewe_bench_run_wrk (wrk, "ewelists-server GET shared, no reply cache",
                         (const char *[]) { uncached_url, NULL }, NULL);
      ewe_bench_run_wrk (wrk, "nginx, same bytes, static file", (const char *[]) { static_url, NULL }, NULL);
    }

  /* The guest page of the same list, as browsers open it: kept, with the
   * forms' CSRF tokens filled in per request, against made each time. wrk
   * sends no cookie, so each request is a new visitor's (a new nonce). */
  guest_path = g_strdup_printf ("/lists/%s", list_id);
  guest_url = ewe_test_server_url (server, guest_path);
  uncached_guest_path = g_strdup_printf ("/lists/%s", uncached_list->list_id);
  uncached_guest_url = ewe_test_server_url (uncached, uncached_guest_path);
  g_print ("GET guest page, %u gifts, %s connections, %s s a round\n", N_GIFTS, N_CONNECTIONS, ROUND_SECONDS);
  for (guint round = 0; round < N_ROUNDS; round++)
    {
      ewe_bench_run_wrk (wrk, "ewelists-server GET guest page", (const char *[]) { guest_url, NULL }, NULL);
      ewe_bench_run_wrk (wrk, "ewelists-server GET guest page, no reply cache",
                         (const char *[]) { uncached_guest_url, NULL }, NULL);
    }
  g_clear_pointer (&uncached, ewe_test_server_free);

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
    ewe_bench_run_wrk (wrk, "ewelists-server GET shared, unchanged (304)",
                       (const char *[]) { "-H", etag_header, shared_url, NULL }, NULL);

  /* The server's answer is one transaction with a mail queued, nginx's a
   * fixed string: this says what a reservation costs beyond HTTP. */
  g_print ("POST reserve, a new guest each, %s connections, %s s a round\n", N_CONNECTIONS, ROUND_SECONDS);
  reserve_prefix = g_strdup_printf ("/api/lists/%s/reserve/", list_id);
  for (guint round = 0; round < N_ROUNDS; round++)
    {
      g_autofree char *round_tag = g_strdup_printf ("%u", round);
      g_autofree char *server_base_url = ewe_test_server_url (server, "/");

      ewe_bench_run_wrk (wrk, "ewelists-server POST reserve",
                         (const char *[]) { "-s", reserve_script, server_base_url, "--", reserve_prefix, round_tag, NULL }, NULL);
      ewe_bench_run_wrk (wrk, "nginx, same reply, fixed string",
                         (const char *[]) { "-s", reserve_script, static_base_url, "--", "/reserve/", round_tag, NULL }, NULL);
    }

  g_subprocess_send_signal (nginx_process, SIGTERM);
  g_subprocess_wait (nginx_process, NULL, NULL);
  return 0;
}
