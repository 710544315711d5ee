/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>

#include "ewe-bench-wrk.h"
#include "ewe-test-server.h"
#include "ews-auth-storage.h"
#include "ews-jwt-keys.h"
#include "ews-storage-pg.h"
#include "ews-test-api.h"
#include "ews-test-keys.h"
#include "ews-test-postgres.h"

/* The guests' hot path on each way of running the server, in one run:
 * SQLite with one server, PostgreSQL with one, and PostgreSQL with three
 * behind nginx (round robin, connections to them kept alive). Each round
 * runs `wrk` at 8 connections on GET shared (100 gifts) and on reserve, then
 * on nginx answering the same bytes (a static file, a fixed string), so that
 * each figure comes with the machine's ceiling at that moment; rounds
 * alternate between the three. Prints figures, never asserts on them;
 * skips when wrk, nginx or PostgreSQL 15 is missing
 * (build-aux/install-deps.sh --tests installs them). */

#define N_GIFTS 100
#define N_ROUNDS 3
#define N_BALANCED 3
#define OWNER_EMAIL "owner@bench.example"
#define NGINX_BINARY "/usr/sbin/nginx"

typedef enum
{
  SETUP_SQLITE,
  SETUP_POSTGRES,
  SETUP_POSTGRES_BALANCED,
  N_SETUPS
} SetupKind;

static const char * const setup_names[N_SETUPS] = {
  "SQLite, 1 server",
  "PostgreSQL, 1 server",
  "PostgreSQL, 3 behind nginx",
};

typedef enum
{
  REQUEST_GET_SHARED,
  REQUEST_RESERVE,
  N_REQUESTS
} RequestKind;

static const char * const request_names[N_REQUESTS] = { "GET shared", "POST reserve" };

typedef struct
{
  EweTestServer     *servers[N_BALANCED];
  guint              n_servers;
  EweBenchList      *list;
  char              *base_url;    /* where wrk sends: a server, or the balancer */
  char              *shared_name; /* nginx's copy of the shared list */
  char              *script_path; /* wrk's reserving script */
  EweBenchWrkFigures server_figures[N_REQUESTS][N_ROUNDS];
  EweBenchWrkFigures nginx_figures[N_REQUESTS][N_ROUNDS];
} Setup;

/* The owner's token for a server on PostgreSQL: the account and the
 * signing key are in the database, where the tests' helpers (which read a
 * data directory) do not look. */
static char *
owner_token_on_postgres (EweTestServer *server,
                         const char    *uri)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EwsStorage) storage = ews_storage_pg_open (uri, 1, &error);
  g_autoptr(EwsJwtKeys) keys = NULL;
  g_autoptr(JsonObject) claims = json_object_new ();
  g_autofree char *issuer = ews_test_keys_issuer (server);
  gint64           now = g_get_real_time () / G_USEC_PER_SEC;
  EwsAccount       account = { 0 };
  char            *token;

  g_assert_no_error (error);
  account.user_id = (char *)"bench-owner";
  account.email_key = (char *)"minted-by-bench:bench-owner";
  account.email = (char *)OWNER_EMAIL;
  account.name = (char *)"";
  account.password_hash = (char *)"!";
  account.confirmed = TRUE;
  account.created_at = now;
  ews_auth_storage_account_insert (EWS_AUTH_STORAGE (storage), &account, &error);
  g_assert_no_error (error);

  json_object_set_string_member (claims, "sub", account.user_id);
  json_object_set_string_member (claims, "email", OWNER_EMAIL);
  json_object_set_string_member (claims, "token_use", "id");
  json_object_set_string_member (claims, "aud", EWS_TEST_API_CLIENT_ID);
  json_object_set_string_member (claims, "iss", issuer);
  json_object_set_int_member (claims, "iat", now);
  json_object_set_int_member (claims, "exp", now + 3600);
  keys = ews_jwt_keys_new (EWS_AUTH_STORAGE (storage));
  token = ews_jwt_keys_sign (keys, claims, &error);
  g_assert_no_error (error);

  return token;
}

/* Guests' limits off, as they are not what is measured; behind nginx,
 * its X-Forwarded-For is believed, as on a real site. */
static EweTestServer *
start_server (const char *database_uri)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *database = NULL;
  g_auto(GStrv) args = NULL;
  EweTestServer *server;

  g_strv_builder_add_many (builder, "--admin-email=" OWNER_EMAIL, "--rate-guest=0", "--rate-guest-mails=0",
                           "--trusted-proxy=127.0.0.1", NULL);
  if (database_uri != NULL)
    {
      database = g_strconcat ("--database=", database_uri, NULL);
      g_strv_builder_add (builder, database);
    }
  args = g_strv_builder_end (builder);

  server = ewe_test_server_start ((const char * const *)args);
  g_assert_nonnull (server);
  return server;
}

static void
setup_start (Setup           *setup,
             SetupKind        kind,
             EwsTestPostgres *postgres)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *token = NULL;

  if (kind != SETUP_SQLITE)
    {
      uri = ews_test_postgres_new_database (postgres, &error);
      g_assert_no_error (error);
    }

  setup->n_servers = kind == SETUP_POSTGRES_BALANCED ? N_BALANCED : 1;
  for (guint i = 0; i < setup->n_servers; i++)
    setup->servers[i] = start_server (uri);

  if (uri != NULL)
    token = owner_token_on_postgres (setup->servers[0], uri);
  else
    token = ews_test_api_token (setup->servers[0], "bench-owner", OWNER_EMAIL, NULL);
  setup->list = ewe_bench_list_seed (setup->servers[0], token, N_GIFTS);
}

static void
setup_clear (Setup *setup)
{
  for (guint i = 0; i < setup->n_servers; i++)
    g_clear_pointer (&setup->servers[i], ewe_test_server_free);
  g_clear_pointer (&setup->list, ewe_bench_list_free);
  g_clear_pointer (&setup->base_url, g_free);
  g_clear_pointer (&setup->shared_name, g_free);
  g_clear_pointer (&setup->script_path, g_free);
  for (guint request = 0; request < N_REQUESTS; request++)
    for (guint round = 0; round < N_ROUNDS; round++)
      {
        ewe_bench_wrk_figures_clear (&setup->server_figures[request][round]);
        ewe_bench_wrk_figures_clear (&setup->nginx_figures[request][round]);
      }
}

/* One unprivileged nginx in @dir, one worker as each server is one
 * process: on @static_port the static files and the fixed reserve reply,
 * on @balancer_port the balanced servers, round robin, with connections
 * kept alive to them as a site would keep them. */
static GSubprocess *
start_nginx (const char *dir,
             guint16     static_port,
             guint16     balancer_port,
             Setup      *balanced,
             const char *reserve_reply)
{
  g_autofree char *config_path = g_build_filename (dir, "nginx.conf", NULL);
  g_autoptr(GString) upstream = g_string_new ("");
  g_autofree char *config = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  for (guint i = 0; i < balanced->n_servers; i++)
    g_string_append_printf (upstream, "    server 127.0.0.1:%u;\n", balanced->servers[i]->port);

  /* The reserve reply goes in quotes. */
  g_assert_null (strpbrk (reserve_reply, "'\\"));
  config = g_strdup_printf ("worker_processes 1;\n"
                            "daemon off;\n"
                            "pid %s/nginx.pid;\n"
                            "error_log %s/error.log;\n"
                            "events { worker_connections 1024; }\n"
                            "http {\n"
                            "  access_log off;\n"
                            "  client_body_temp_path %s;\n"
                            "  proxy_temp_path %s;\n"
                            "  fastcgi_temp_path %s;\n"
                            "  uwsgi_temp_path %s;\n"
                            "  scgi_temp_path %s;\n"
                            "  types { application/json json; }\n"
                            "  upstream ewelists {\n"
                            "%s"
                            "    keepalive 32;\n"
                            "  }\n"
                            "  server {\n"
                            "    listen 127.0.0.1:%u;\n"
                            "    root %s;\n"
                            "    location /reserve/ {\n"
                            "      default_type application/json;\n"
                            "      return 200 '%s';\n"
                            "    }\n"
                            "  }\n"
                            "  server {\n"
                            "    listen 127.0.0.1:%u;\n"
                            "    location / {\n"
                            "      proxy_pass http://ewelists;\n"
                            "      proxy_http_version 1.1;\n"
                            "      proxy_set_header Connection \"\";\n"
                            "      proxy_set_header Host $host;\n"
                            "      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
                            "      proxy_next_upstream off;\n"
                            "    }\n"
                            "  }\n"
                            "}\n",
                            dir, dir, dir, dir, dir, dir, dir, upstream->str, static_port, dir, reserve_reply,
                            balancer_port);
  g_assert_true (g_file_set_contents (config_path, config, -1, &error));

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, NGINX_BINARY, "-e", "stderr", "-p", dir, "-c",
                              config_path, NULL);
  g_assert_no_error (error);
  return process;
}

static void
print_load_average (const char *when)
{
  g_autofree char *loadavg = NULL;

  if (g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
    g_print ("Load average %s: %s", when, loadavg);
}

static void
print_table (Setup *setups)
{
  g_print ("\n%-28s %-13s %5s %12s %10s %10s %12s %7s\n", "setup", "request", "round", "requests/s", "p50", "p99",
           "nginx req/s", "share");
  for (guint request = 0; request < N_REQUESTS; request++)
    for (guint kind = 0; kind < N_SETUPS; kind++)
      for (guint round = 0; round < N_ROUNDS; round++)
        {
          EweBenchWrkFigures *server = &setups[kind].server_figures[request][round];
          EweBenchWrkFigures *nginx = &setups[kind].nginx_figures[request][round];
          double              share = nginx->requests_per_s > 0 ? 100 * server->requests_per_s / nginx->requests_per_s : 0;

          g_print ("%-28s %-13s %5u %12.0f %10s %10s %12.0f %6.1f%%\n", setup_names[kind], request_names[request],
                   round + 1, server->requests_per_s, server->p50, server->p99, nginx->requests_per_s, share);
        }
}

static void
remove_directory (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *wrk = g_find_program_in_path ("wrk");
  g_autoptr(EwsTestPostgres) postgres = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GSubprocess) nginx = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *static_base_url = NULL;
  g_autofree char *balancer_health = NULL;
  guint16          static_port, balancer_port;
  Setup            setups[N_SETUPS] = { 0 };

  ewe_test_server_use_real_clock ();
  if (wrk == NULL || !g_file_test (NGINX_BINARY, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_print ("SKIP: needs wrk and nginx (build-aux/install-deps.sh --tests)\n");
      return 77;
    }
  postgres = ews_test_postgres_start (&error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_print ("SKIP: %s\n", error->message);
      return 77;
    }
  g_assert_no_error (error);

  for (guint kind = 0; kind < N_SETUPS; kind++)
    setup_start (&setups[kind], kind, postgres);

  dir = g_dir_make_tmp ("ewelists-bench-pg-XXXXXX", &error);
  g_assert_no_error (error);
  static_port = ewe_bench_free_loopback_port ();
  balancer_port = ewe_bench_free_loopback_port ();
  static_base_url = g_strdup_printf ("http://127.0.0.1:%u", static_port);
  for (guint kind = 0; kind < N_SETUPS; kind++)
    {
      Setup           *setup = &setups[kind];
      g_autofree char *shared_path = g_strdup_printf ("/api/lists/%s/shared", setup->list->list_id);
      g_autofree char *shared = ewe_bench_call (setup->servers[0], "GET", shared_path, NULL, NULL);
      g_autofree char *static_path = NULL;
      g_autofree char *script_name = g_strdup_printf ("reserve-%u.lua", kind);

      setup->shared_name = g_strdup_printf ("shared-%u.json", kind);
      static_path = g_build_filename (dir, setup->shared_name, NULL);
      g_assert_true (g_file_set_contents (static_path, shared, -1, NULL));
      setup->script_path = g_build_filename (dir, script_name, NULL);
      g_assert_true (g_file_set_contents (setup->script_path, setup->list->reserve_script, -1, NULL));
      if (kind == SETUP_POSTGRES_BALANCED)
        setup->base_url = g_strdup_printf ("http://127.0.0.1:%u", balancer_port);
      else
        setup->base_url = g_strdup (setup->servers[0]->base_url);
      if (kind == 0)
        g_print ("GET shared list, %u gifts, %zu bytes; %s connections, %s s a round\n", N_GIFTS, strlen (shared),
                 EWE_BENCH_N_CONNECTIONS, EWE_BENCH_ROUND_SECONDS);
    }

  nginx = start_nginx (dir, static_port, balancer_port, &setups[SETUP_POSTGRES_BALANCED],
                       setups[SETUP_SQLITE].list->reserve_reply);
  balancer_health = g_strdup_printf ("http://127.0.0.1:%u/health", balancer_port);
  g_assert_true (ewe_bench_wait_for_url (session, balancer_health));

  print_load_average ("at the start");
  for (guint round = 0; round < N_ROUNDS; round++)
    for (guint kind = 0; kind < N_SETUPS; kind++)
      {
        Setup           *setup = &setups[kind];
        g_autofree char *what = g_strdup_printf ("%s: GET shared", setup_names[kind]);
        g_autofree char *shared_url = g_strdup_printf ("%s/api/lists/%s/shared", setup->base_url,
                                                       setup->list->list_id);
        g_autofree char *static_url = g_strdup_printf ("%s/%s", static_base_url, setup->shared_name);

        ewe_bench_run_wrk (wrk, what, (const char *[]) { shared_url, NULL },
                           &setup->server_figures[REQUEST_GET_SHARED][round]);
        ewe_bench_run_wrk (wrk, "  nginx, same bytes, static file", (const char *[]) { static_url, NULL },
                           &setup->nginx_figures[REQUEST_GET_SHARED][round]);
      }

  /* Each request a new guest: the round tag keeps addresses unique. */
  for (guint round = 0; round < N_ROUNDS; round++)
    for (guint kind = 0; kind < N_SETUPS; kind++)
      {
        Setup           *setup = &setups[kind];
        g_autofree char *what = g_strdup_printf ("%s: POST reserve", setup_names[kind]);
        g_autofree char *prefix = g_strdup_printf ("/api/lists/%s/reserve/", setup->list->list_id);
        g_autofree char *round_tag = g_strdup_printf ("%u", round);

        ewe_bench_run_wrk (wrk, what,
                           (const char *[]) { "-s", setup->script_path, setup->base_url, "--", prefix, round_tag,
                                              NULL },
                           &setup->server_figures[REQUEST_RESERVE][round]);
        ewe_bench_run_wrk (wrk, "  nginx, same reply, fixed string",
                           (const char *[]) { "-s", setup->script_path, static_base_url, "--", "/reserve/",
                                              round_tag, NULL },
                           &setup->nginx_figures[REQUEST_RESERVE][round]);
      }
  print_load_average ("at the end");

  print_table (setups);

  g_subprocess_send_signal (nginx, SIGQUIT);
  g_subprocess_wait (nginx, NULL, NULL);
  for (guint kind = 0; kind < N_SETUPS; kind++)
    setup_clear (&setups[kind]);
  remove_directory (dir);
  return 0;
}
