/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>

#include "ewe-live-watcher.h"
#include "ewe-test-server.h"
#include "ewe-test-smtp.h"
#include "ews-test-api.h"
#include "ews-test-cognito.h"
#include "ews-test-events.h"
#include "ews-test-postgres.h"

/* Live updates between servers on one PostgreSQL database: a change made
 * through one server reaches the watchers connected to another (NOTIFY
 * inside the change's transaction, LISTEN on each server), and a server
 * whose listening connection PostgreSQL cut on restarting listens again by
 * itself, telling its watchers to read their lists again. */

#define OWNER_EMAIL "owner@example.org"
#define GUEST_EMAIL "guest@example.org"
#define EVENT_WAIT_S 20
#define PRODUCT_BODY "{\"brand\": \"Acme\", \"details\": \"Rocket skates\", "                            \
                     "\"productUrl\": \"https://acme.example/skates\", \"retailer\": \"acme.example\", " \
                     "\"price\": \"19.99\"}"

static EwsTestPostgres *postgres;

typedef struct
{
  char          *uri;
  EweTestSmtp   *sink;
  EweTestServer *a;
  EweTestServer *b;
  char          *token; /* the owner's ID token */
  char          *list_id;
  char          *product_id; /* a gift on list_id, quantity 5 */
} Fixture;

static EweTestServer *
start_server (Fixture *fixture)
{
  g_autofree char   *database = g_strconcat ("--database=", fixture->uri, NULL);
  g_autofree char   *smtp_url = ewe_test_smtp_dup_url (fixture->sink);
  g_autofree char   *smtp = g_strconcat ("--smtp-url=", smtp_url, NULL);
  const char * const args[] = { database, smtp, "--public-url=" EWS_TEST_COGNITO_PUBLIC_URL,
                                "--mail-from=Ewelists <no-reply@ewelists.example.org>", "--admin-email=" OWNER_EMAIL,
                                "--live-heartbeat=1", NULL };
  EweTestServer     *server = ewe_test_server_start (args);

  g_assert_nonnull (server);
  return server;
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) sign_up = NULL;
  g_autoptr(JsonObject) signed_up = NULL;
  g_autoptr(JsonObject) confirm = NULL;
  g_autoptr(JsonObject) confirmed = NULL;
  g_autoptr(JsonObject) tokens = NULL;
  g_autofree char *code = NULL;
  const char      *id_token;
  guint            next = 0;

  fixture->uri = ews_test_postgres_new_database (postgres, &error);
  g_assert_no_error (error);
  fixture->sink = ewe_test_smtp_new ();
  fixture->a = start_server (fixture);
  fixture->b = start_server (fixture);

  sign_up = ews_test_cognito_sign_up_body (OWNER_EMAIL, EWS_TEST_COGNITO_PASSWORD, "Olive");
  signed_up = ews_test_cognito_call_ok (fixture->a, "SignUp", sign_up);
  code = ews_test_cognito_read_code (fixture->sink, OWNER_EMAIL, 0, &next);
  g_assert_nonnull (code);
  confirm = ews_test_cognito_body_new ("Username", OWNER_EMAIL, "ConfirmationCode", code, NULL);
  confirmed = ews_test_cognito_call_ok (fixture->a, "ConfirmSignUp", confirm);
  tokens = ews_test_cognito_sign_in (fixture->a, OWNER_EMAIL, EWS_TEST_COGNITO_PASSWORD);
  id_token = json_object_get_string_member (tokens, "IdToken");
  fixture->token = g_strdup (id_token);

  fixture->list_id = ews_test_api_create_list (fixture->a, id_token, "Wedding");
  fixture->product_id = ews_test_api_call_ok_member (fixture->a, "POST", "/api/products", id_token, PRODUCT_BODY,
                                                     "productId");
  ews_test_api_add_gift (fixture->a, id_token, fixture->list_id, fixture->product_id, 5);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_clear_pointer (&fixture->a, ewe_test_server_free);
  g_clear_pointer (&fixture->b, ewe_test_server_free);
  g_clear_pointer (&fixture->sink, ewe_test_smtp_free);
  g_clear_pointer (&fixture->uri, g_free);
  g_clear_pointer (&fixture->list_id, g_free);
  g_clear_pointer (&fixture->product_id, g_free);
  g_clear_pointer (&fixture->token, g_free);
}

static EwsTestEvents *
watch (EweTestServer *server,
       const char    *list_id)
{
  guint          status = 0;
  EwsTestEvents *events = ews_test_events_open (server, list_id, &status);

  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  return events;
}

/* A guest reserving through server B is heard by a watcher on server A,
 * and one on B; cancelling through A reaches B's. */
static void
test_change_reaches_other_server (Fixture      *fixture,
                                  gconstpointer data)
{
  g_autoptr(EwsTestEvents) on_a = watch (fixture->a, fixture->list_id);
  g_autoptr(EwsTestEvents) on_b = watch (fixture->b, fixture->list_id);
  g_autofree char *reservation_id = NULL;
  g_autofree char *reservation_path = NULL;
  g_autofree char *heard_on_a = NULL;
  g_autofree char *heard_on_b = NULL;
  g_autofree char *cancel_heard_on_b = NULL;
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  reservation_id = ews_test_api_reserve (fixture->b, fixture->list_id, fixture->product_id, GUEST_EMAIL, "Gus", 1);
  heard_on_a = ews_test_events_next_changed (on_a, EVENT_WAIT_S);
  g_assert_cmpstr (heard_on_a, ==, fixture->list_id);
  heard_on_b = ews_test_events_next_changed (on_b, EVENT_WAIT_S);
  g_assert_cmpstr (heard_on_b, ==, fixture->list_id);

  reservation_path = g_strdup_printf ("/api/lists/reserve/%s/email/" GUEST_EMAIL, reservation_id);
  node = ews_test_api_call (fixture->a, "DELETE", reservation_path, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  cancel_heard_on_b = ews_test_events_next_changed (on_b, EVENT_WAIT_S);
  g_assert_cmpstr (cancel_heard_on_b, ==, fixture->list_id);
}

/* A list created through server B reaches the user's stream on server A
 * (the notice goes through PostgreSQL with the user's id, which the
 * stream never shows), with its version; a change through B carries the
 * version it made. */
static void
test_created_reaches_user_on_other_server (Fixture      *fixture,
                                           gconstpointer data)
{
  g_autoptr(EwsTestEvents) on_a = NULL;
  g_autofree char *new_list = NULL;
  g_autofree char *heard = NULL;
  gint64           first = 0;
  guint            status = 0;

  on_a = ews_test_events_open_full (fixture->a, fixture->list_id, fixture->token, TRUE, &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);

  new_list = ews_test_api_create_list (fixture->b, fixture->token, "Christmas");
  heard = ews_test_events_next (on_a, EVENT_WAIT_S);
  /* The set-up's last change to the fixture's list was made before the
   * stream opened, but its notice comes back from PostgreSQL in its own
   * time and may still reach the stream (seen under load): nothing else
   * changes that list before the new one is made. */
  while (heard != NULL && g_str_has_prefix (heard, "changed ") && strstr (heard, fixture->list_id) != NULL)
    {
      g_free (heard);
      heard = ews_test_events_next (on_a, EVENT_WAIT_S);
    }
  ews_test_events_assert_notice (heard, "lists", new_list);

  /* Reserved through B, twice: A hears each with the version B's change
   * made, the second newer than the first. */
  g_free (ews_test_api_reserve (fixture->b, fixture->list_id, fixture->product_id, GUEST_EMAIL, "Gus", 1));
  g_clear_pointer (&heard, g_free);
  heard = ews_test_events_next (on_a, EVENT_WAIT_S);
  first = ews_test_events_assert_notice (heard, "changed", fixture->list_id);
  g_free (ews_test_api_reserve (fixture->b, fixture->list_id, fixture->product_id, "other@example.com", "Olly", 1));
  g_clear_pointer (&heard, g_free);
  heard = ews_test_events_next (on_a, EVENT_WAIT_S);
  g_assert_cmpint (ews_test_events_assert_notice (heard, "changed", fixture->list_id), >, first);
}

/* PostgreSQL restarted: server A listens again by itself and tells its
 * watcher that the list may have changed (notices sent meanwhile are
 * lost); changes through B reach A's watcher again. */
static void
test_listen_survives_restart (Fixture      *fixture,
                              gconstpointer data)
{
  g_autoptr(EwsTestEvents) on_a = watch (fixture->a, fixture->list_id);
  g_autofree char *resync = NULL;
  g_autofree char *heard = NULL;
  g_autofree char *reservation_id = NULL;

  ews_test_postgres_stop_server (postgres);
  g_assert_true (ews_test_postgres_start_server (postgres, NULL));

  resync = ews_test_events_next_changed (on_a, EVENT_WAIT_S);
  g_assert_cmpstr (resync, ==, fixture->list_id);

  reservation_id = ews_test_api_reserve (fixture->b, fixture->list_id, fixture->product_id, GUEST_EMAIL, "Gus", 1);
  heard = ews_test_events_next_changed (on_a, EVENT_WAIT_S);
  g_assert_cmpstr (heard, ==, fixture->list_id);
}

typedef struct
{
  char    *heard;
  gboolean passed;
} Heard;

static void
app_heard_cb (EweLiveWatcher *watcher,
              const char     *list_id,
              gint64          version,
              Heard          *heard)
{
  g_free (heard->heard);
  heard->heard = g_strdup (list_id);
}

static gboolean
deadline_cb (gpointer user_data)
{
  ((Heard *)user_data)->passed = TRUE;
  return G_SOURCE_REMOVE;
}

/* The app's own watcher (libewe-core's EweLiveWatcher), connected to
 * server A, hears a guest's reservation made through server B within a
 * second of B answering it, with no request of its own. */
static void
test_app_watcher_hears_other_server (Fixture      *fixture,
                                     gconstpointer data)
{
  g_autoptr(EweLiveWatcher) watcher = ewe_live_watcher_new (fixture->a->base_url);
  const char * const lists[] = { fixture->list_id, NULL };
  g_autofree char   *reservation_id = NULL;
  Heard              heard = { NULL, FALSE };
  guint              deadline_id;
  gint64             reserved_at;
  gint64             elapsed_us;

  g_signal_connect (watcher, "list-changed", G_CALLBACK (app_heard_cb), &heard);
  ewe_live_watcher_set_lists (watcher, lists);
  ewe_live_watcher_start (watcher);

  deadline_id = g_timeout_add_seconds (EVENT_WAIT_S, deadline_cb, &heard);
  while (!ewe_live_watcher_get_connected (watcher) && !heard.passed)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (ewe_live_watcher_get_connected (watcher));

  reservation_id = ews_test_api_reserve (fixture->b, fixture->list_id, fixture->product_id, GUEST_EMAIL, "Gus", 1);
  reserved_at = g_get_monotonic_time ();
  while (heard.heard == NULL && !heard.passed)
    g_main_context_iteration (NULL, TRUE);
  elapsed_us = g_get_monotonic_time () - reserved_at;
  if (!heard.passed)
    g_source_remove (deadline_id);

  g_assert_cmpstr (heard.heard, ==, fixture->list_id);
  g_test_message ("Heard on server A %" G_GINT64_FORMAT " ms after server B answered", elapsed_us / 1000);
  /* What the issue asks for; a notice takes milliseconds on loopback. */
  g_assert_cmpint (elapsed_us, <, G_USEC_PER_SEC);
  g_free (heard.heard);
}

/* --- through nginx -------------------------------------------------------- */

#define NGINX_BINARY "/usr/sbin/nginx"

static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any_port, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* nginx in front of A and B as README.md shows it, round robin, with its
 * default proxy settings (buffering on; the server's answer says
 * X-Accel-Buffering: no all the same). */
static GSubprocess *
start_nginx (Fixture    *fixture,
             const char *dir,
             guint16     port)
{
  g_autofree char *config_path = g_build_filename (dir, "nginx.conf", NULL);
  g_autofree char *config = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

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
                            "  upstream ewelists {\n"
                            "    server 127.0.0.1:%u;\n"
                            "    server 127.0.0.1:%u;\n"
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
                            dir, dir, dir, dir, dir, dir, dir, fixture->a->port, fixture->b->port, port);
  g_assert_true (g_file_set_contents (config_path, config, -1, &error));

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error, NGINX_BINARY, "-e", "stderr", "-p", dir,
                              "-c", config_path, NULL);
  g_assert_no_error (error);
  return process;
}

/* A watcher behind nginx hears reservations that nginx sent to either
 * server, each as it happens. */
static void
test_through_nginx (Fixture      *fixture,
                    gconstpointer data)
{
  g_autoptr(GSubprocess) nginx = NULL;
  g_autoptr(EwsTestEvents) events = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *health = NULL;
  EweTestServer    balancer = { 0 };
  guint16          port;
  guint            status = 0;

  if (!g_file_test (NGINX_BINARY, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("nginx is not installed (Debian's nginx-light)");
      return;
    }

  dir = g_dir_make_tmp ("ewelists-live-nginx-XXXXXX", &error);
  g_assert_no_error (error);
  port = free_port ();
  nginx = start_nginx (fixture, dir, port);

  /* Up once it answers. */
  session = soup_session_new ();
  health = g_strdup_printf ("http://127.0.0.1:%u/health", port);
  for (guint attempt = 0;; attempt++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", health);
      g_autoptr(GBytes) reply = soup_session_send_and_read (session, msg, NULL, NULL);

      if (soup_message_get_status (msg) == SOUP_STATUS_OK)
        break;
      g_assert_cmpuint (attempt, <, 200);
      g_usleep (50 * G_TIME_SPAN_MILLISECOND);
    }

  balancer.base_url = g_strdup_printf ("http://127.0.0.1:%u", port);
  events = ews_test_events_open (&balancer, fixture->list_id, &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);

  /* Round robin: the two land on different servers. */
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *email = g_strdup_printf ("guest%u@example.org", i);
      g_autofree char *heard = NULL;

      g_free (ews_test_api_reserve (&balancer, fixture->list_id, fixture->product_id, email, "Gus", 1));
      heard = ews_test_events_next_changed (events, EVENT_WAIT_S);
      g_assert_cmpstr (heard, ==, fixture->list_id);
    }

  g_clear_pointer (&events, ews_test_events_close);
  g_subprocess_send_signal (nginx, SIGTERM);
  g_subprocess_wait (nginx, NULL, NULL);
  g_free (balancer.base_url);
  ewe_test_remove_tree (dir);
}

static void
test_postgres_missing (void)
{
  g_test_skip ("PostgreSQL 15 is not installed: live updates between servers are not tested.");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  postgres = ews_test_postgres_start (&error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_test_message ("%s", error->message);
      g_test_add_func ("/server/live-pg/postgresql-missing", test_postgres_missing);
    }
  else
    {
      g_assert_no_error (error);
      g_test_add ("/server/live-pg/change-reaches-other-server", Fixture, NULL, fixture_set_up,
                  test_change_reaches_other_server, fixture_tear_down);
      g_test_add ("/server/live-pg/created-reaches-user-on-other-server", Fixture, NULL, fixture_set_up,
                  test_created_reaches_user_on_other_server, fixture_tear_down);
      g_test_add ("/server/live-pg/app-watcher-hears-other-server", Fixture, NULL, fixture_set_up,
                  test_app_watcher_hears_other_server, fixture_tear_down);
      g_test_add ("/server/live-pg/through-nginx", Fixture, NULL, fixture_set_up, test_through_nginx,
                  fixture_tear_down);
      g_test_add ("/server/live-pg/listen-survives-restart", Fixture, NULL, fixture_set_up,
                  test_listen_survives_restart, fixture_tear_down);
    }

  status = g_test_run ();
  g_clear_pointer (&postgres, ews_test_postgres_stop);

  return status;
}
