/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ewe-test-server.h"
#include "ews-test-raw-http.h"

static JsonNode *
fetch_json (EweTestServer *server,
            const char    *method,
            const char    *path,
            guint         *status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = ewe_test_server_url (server, path);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);

  *status = soup_message_get_status (msg);
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL),
                   ==, "application/json");

  node = json_from_string (g_bytes_get_data (body, NULL), &error);
  g_assert_no_error (error);

  return node;
}

static void
test_health (void)
{
  g_autoptr(EweTestServer) server = ewe_test_server_start (NULL);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  guint       status = 0;

  g_assert_nonnull (server);

  node = fetch_json (server, "GET", "/health", &status);
  g_assert_cmpuint (status, ==, 200);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (object, "version"), ==, PACKAGE_VERSION);
}

static void
test_unknown_path_is_json_404 (void)
{
  g_autoptr(EweTestServer) server = ewe_test_server_start (NULL);
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  node = fetch_json (server, "GET", "/no/such/thing", &status);
  g_assert_cmpuint (status, ==, 404);
  g_assert_nonnull (json_object_get_string_member (json_node_get_object (node), "error"));
}

static void
test_wrong_method_is_json_405 (void)
{
  g_autoptr(EweTestServer) server = ewe_test_server_start (NULL);
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  node = fetch_json (server, "DELETE", "/health", &status);
  g_assert_cmpuint (status, ==, 405);
  g_assert_nonnull (json_object_get_string_member (json_node_get_object (node), "error"));
}

static void
test_sigterm_exits_cleanly (void)
{
  g_autoptr(EweTestServer) server = ewe_test_server_start (NULL);

  g_assert_nonnull (server);
  g_assert_cmpint (ewe_test_server_stop (server), ==, 0);
}

/* A clean stop waits (up to 10 s) for requests whose handler runs, and
 * for nothing else: not for a browser's idle preconnection, a request
 * whose headers or body never finish, or a connection kept after its
 * answer. The bound asserted is the grace period, which the server would
 * sit out if it counted any of them. */
static void
test_sigterm_does_not_wait_for_idle_connections (void)
{
  g_autoptr(EweTestServer) server = ewe_test_server_start (NULL);
  g_autoptr(GSocketConnection) idle = NULL;
  g_autoptr(GSocketConnection) half_headers = NULL;
  g_autoptr(GSocketConnection) half_body = NULL;
  g_autoptr(GSocketConnection) answered = NULL;
  g_autoptr(GError) error = NULL;
  const char *partial_headers = "GET /health HTTP/1.1\r\nHost: test\r\n";
  const char *partial_body = "POST /api/contact HTTP/1.1\r\nHost: test\r\nContent-Length: 100\r\n\r\n{";
  const char *health = "GET /health HTTP/1.1\r\nHost: test\r\n\r\n";
  char        answer[12] = { 0 };
  gint64      started;

  g_assert_nonnull (server);
  idle = ews_test_raw_connect (server, "127.0.0.1");
  half_headers = ews_test_raw_connect (server, "127.0.0.1");
  half_body = ews_test_raw_connect (server, "127.0.0.1");
  answered = ews_test_raw_connect (server, "127.0.0.1");
  g_assert_true (ews_test_raw_send (half_headers, partial_headers, strlen (partial_headers), &error));
  g_assert_true (ews_test_raw_send (half_body, partial_body, strlen (partial_body), &error));
  g_assert_true (ews_test_raw_send (answered, health, strlen (health), &error));
  g_assert_true (g_input_stream_read_all (g_io_stream_get_input_stream (G_IO_STREAM (answered)),
                                          answer, sizeof answer - 1, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (answer, ==, "HTTP/1.1 20");

  started = g_get_monotonic_time ();
  g_assert_cmpint (ewe_test_server_stop (server), ==, 0);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
}

static void
test_bad_listen_address_is_refused (void)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stderr_text = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                              EWELISTS_SERVER_BINARY, "--listen", "not-an-address", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &stderr_text, &error);
  g_assert_no_error (error);

  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 2);
  g_assert_nonnull (strstr (stderr_text, "not-an-address"));
}

static void
test_help_documents_everything (void)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  const char      *expected[] = {
         "--listen",
         "--data-dir",
         "--public-url",
         "--smtp-url",
         "--smtp-user",
         "--smtp-password",
         "--mail-from",
         "--contact-email",
         "--client-id",
         "--config",
         "--header-timeout",
         "--body-timeout",
         "--idle-timeout",
         "--keepalive-timeout",
         "--max-requests-per-connection",
         "--max-connections",
         "--max-connections-per-client",
         "--hash-threads",
         "--hash-queue",
         "--trusted-proxy",
         "trusted-proxies=",
         "--rate-sign-in",
         "--rate-sign-in-account",
         "--rate-sign-up",
         "--rate-code-requests",
         "--rate-code-guesses",
         "--rate-account-mails",
         "--rate-contact",
         "--rate-guest",
         "--rate-guest-mails",
         "--hosted-session-seconds",
         "admin products add",
         "admin notfound promote",
         "admin contact list",
         "[server]",
         "--admin-email",
         "admin admins add",
         "admin admins remove",
         "admin admins list",
         "admins=",
         "[oauth-client",
         "redirect-uris=",
  };

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, EWELISTS_SERVER_BINARY, "--help", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_text, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    if (strstr (stdout_text, expected[i]) == NULL)
      g_error ("--help does not mention “%s”", expected[i]);
}

/* A number out of range, on the command line or in the key file, stops
 * the server with a message naming the setting. */
static void
test_bad_hash_settings_are_refused (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ews-config-XXXXXX", NULL);
  g_autofree char *config = g_build_filename (dir, "server.conf", NULL);
  g_autofree char *config_arg = g_strconcat ("--config=", config, NULL);
  g_autofree char *data_arg = g_strconcat ("--data-dir=", dir, NULL);
  const char      *cases[][2] = {
         { "--hash-threads=0", "--hash-threads" },
         { "--hash-queue=lots", "--hash-queue" },
         { config_arg, "--hash-threads" },
  };

  g_assert_true (g_file_set_contents (config, "[server]\nhash-threads=-1\n", -1, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *stderr_text = NULL;

      process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                                  EWELISTS_SERVER_BINARY, data_arg, "--listen=127.0.0.1:0", cases[i][0], NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &stderr_text, &error);
      g_assert_no_error (error);
      g_assert_cmpint (g_subprocess_get_exit_status (process), !=, 0);
      g_assert_nonnull (strstr (stderr_text, cases[i][1]));
    }

  g_unlink (config);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/server/basics/health", test_health);
  g_test_add_func ("/server/basics/unknown-path-is-json-404", test_unknown_path_is_json_404);
  g_test_add_func ("/server/basics/wrong-method-is-json-405", test_wrong_method_is_json_405);
  g_test_add_func ("/server/basics/sigterm-exits-cleanly", test_sigterm_exits_cleanly);
  g_test_add_func ("/server/basics/sigterm-does-not-wait-for-idle-connections",
                   test_sigterm_does_not_wait_for_idle_connections);
  g_test_add_func ("/server/basics/bad-listen-address-is-refused", test_bad_listen_address_is_refused);
  g_test_add_func ("/server/basics/help-documents-everything", test_help_documents_everything);
  g_test_add_func ("/server/basics/bad-hash-settings-are-refused", test_bad_hash_settings_are_refused);

  return g_test_run ();
}
