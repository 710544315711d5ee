/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libpq-fe.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

#include "ewe-test-server.h"
#include "ewe-test-smtp.h"
#include "ews-test-api.h"
#include "ews-test-cognito.h"
#include "ews-test-postgres.h"

/* Real ewelists-server processes on a real PostgreSQL database
 * (--database): what a user does, through the HTTP API, works there as on
 * SQLite, and any server on the database answers any request — a token
 * issued by one is accepted by another, a sign-up code mailed by one is
 * taken by another. */

#define OWNER_EMAIL "owner@example.org"
#define GUEST_EMAIL "guest@example.org"
#define PRODUCT_BODY "{\"brand\": \"Acme\", \"details\": \"Rocket skates\", "                            \
                     "\"productUrl\": \"https://acme.example/skates\", \"retailer\": \"acme.example\", " \
                     "\"price\": \"19.99\"}"

/* One PostgreSQL server for the whole run, a fresh database per case. */
static EwsTestPostgres *postgres;

typedef struct
{
  char        *uri;
  EweTestSmtp *sink;
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  fixture->uri = ews_test_postgres_new_database (postgres, &error);
  g_assert_no_error (error);
  fixture->sink = ewe_test_smtp_new ();
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_clear_pointer (&fixture->sink, ewe_test_smtp_free);
  g_clear_pointer (&fixture->uri, g_free);
}

/* A server on the fixture's database, mailing to its sink; all of them
 * have one public URL, as servers behind one balancer do, so that their
 * tokens name the same issuer. */
static EweTestServer *
start_server_with (Fixture            *fixture,
                   const char * const *more_args)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *database = g_strconcat ("--database=", fixture->uri, NULL);
  g_autofree char *smtp_url = ewe_test_smtp_dup_url (fixture->sink);
  g_autofree char *smtp = g_strconcat ("--smtp-url=", smtp_url, NULL);
  g_auto(GStrv) args = NULL;
  EweTestServer *server;

  g_strv_builder_add_many (builder, database, smtp, "--public-url=" EWS_TEST_COGNITO_PUBLIC_URL,
                           "--mail-from=Ewelists <no-reply@ewelists.example.org>", "--admin-email=" OWNER_EMAIL,
                           NULL);
  if (more_args != NULL)
    g_strv_builder_addv (builder, (const char **)more_args);
  args = g_strv_builder_end (builder);

  server = ewe_test_server_start ((const char * const *)args);
  g_assert_nonnull (server);
  return server;
}

static EweTestServer *
start_server (Fixture *fixture)
{
  return start_server_with (fixture, NULL);
}

/* Signs @email up on @sign_up_on, confirms it with the mailed code on
 * @confirm_on, and signs in on @sign_in_on; returns the tokens. */
static JsonObject *
sign_up_and_in (Fixture       *fixture,
                EweTestServer *sign_up_on,
                EweTestServer *confirm_on,
                EweTestServer *sign_in_on,
                const char    *email)
{
  g_autoptr(JsonObject) sign_up = ews_test_cognito_sign_up_body (email, EWS_TEST_COGNITO_PASSWORD, "Olive");
  g_autoptr(JsonObject) signed_up = ews_test_cognito_call_ok (sign_up_on, "SignUp", sign_up);
  g_autoptr(JsonObject) confirm = NULL;
  g_autoptr(JsonObject) confirmed = NULL;
  g_autofree char *code = NULL;
  guint            next = 0;

  /* Whichever server claims the mail from the shared outbox sends it. */
  code = ews_test_cognito_read_code (fixture->sink, email, 0, &next);
  g_assert_nonnull (code);

  confirm = ews_test_cognito_body_new ("Username", email, "ConfirmationCode", code, NULL);
  confirmed = ews_test_cognito_call_ok (confirm_on, "ConfirmSignUp", confirm);

  return ews_test_cognito_sign_in (sign_in_on, email, EWS_TEST_COGNITO_PASSWORD);
}

static gint64
count_rows (Fixture    *fixture,
            const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  PGconn          *conn = PQconnectdb (fixture->uri);
  PGresult        *result;
  gint64           count;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, sql);
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  count = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  PQclear (result);
  PQfinish (conn);

  return count;
}

/* Sign-up → confirm (the code through the SMTP sink) → sign-in → create a
 * list → add a gift → a guest reserves it, on one server. */
static void
test_one_server (Fixture      *fixture,
                 gconstpointer data)
{
  g_autoptr(EweTestServer) server = start_server (fixture);
  g_autoptr(JsonObject) tokens = sign_up_and_in (fixture, server, server, server, OWNER_EMAIL);
  const char      *id_token = json_object_get_string_member (tokens, "IdToken");
  g_autofree char *list_id = NULL;
  g_autofree char *product_id = NULL;
  g_autofree char *reservation_id = NULL;
  g_autoptr(JsonObject) gift = NULL;
  g_autoptr(EweTestMail) guest_mail = NULL;

  g_assert_nonnull (id_token);
  list_id = ews_test_api_create_list (server, id_token, "Wedding");
  product_id = ews_test_api_call_ok_member (server, "POST", "/api/products", id_token, PRODUCT_BODY, "productId");
  ews_test_api_add_gift (server, id_token, list_id, product_id, 2);

  reservation_id = ews_test_api_reserve (server, list_id, product_id, GUEST_EMAIL, "Gus", 1);
  g_assert_nonnull (reservation_id);

  gift = ews_test_api_get_gift (server, id_token, list_id, product_id);
  g_assert_cmpint (json_object_get_int_member (gift, "quantity"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (gift, "reserved"), ==, 1);

  /* The guest's confirmation went out through the shared outbox too. */
  guest_mail = ewe_test_smtp_wait_for_mail_to (fixture->sink, 0, GUEST_EMAIL, EWS_TEST_COGNITO_MAIL_TIMEOUT_MS);
  g_assert_nonnull (guest_mail);

  /* All of it in PostgreSQL, nothing in the data directory. */
  g_assert_cmpint (count_rows (fixture, "users"), ==, 1);
  g_assert_cmpint (count_rows (fixture, "reservations"), ==, 1);
  g_assert_cmpint (count_rows (fixture, "server_secrets"), ==, 1);
  /* The code and the guest's mail at least (the owner may be told too),
   * marked sent just after the sink had them. */
  for (guint i = 0; i < 50 && count_rows (fixture, "mail_outbox WHERE state = 'sent'") < 2; i++)
    g_usleep (100 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (count_rows (fixture, "mail_outbox WHERE state = 'sent'"), >=, 2);
  {
    g_autofree char *sqlite = g_build_filename (server->data_dir, "ewelists.sqlite", NULL);
    g_autofree char *secret = g_build_filename (server->data_dir, "jwt-secret", NULL);

    g_assert_false (g_file_test (sqlite, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (secret, G_FILE_TEST_EXISTS));
  }
}

/* Two server processes on one database: each step of a user's day may land
 * on either. */
static void
test_any_server_answers (Fixture      *fixture,
                         gconstpointer data)
{
  g_autoptr(EweTestServer) first = start_server (fixture);
  g_autoptr(EweTestServer) second = start_server (fixture);
  g_autoptr(JsonObject) tokens = sign_up_and_in (fixture, first, second, first, OWNER_EMAIL);
  g_autoptr(JsonObject) refresh = NULL;
  g_autoptr(JsonObject) refreshed = NULL;
  g_autoptr(JsonNode) lists = NULL;
  g_autoptr(JsonObject) gift = NULL;
  const char      *id_token = json_object_get_string_member (tokens, "IdToken");
  g_autofree char *list_id = NULL;
  g_autofree char *product_id = NULL;
  g_autofree char *lists_text = NULL;
  guint            status = 0;

  /* A token the first issued is good on the second. */
  list_id = ews_test_api_create_list (second, id_token, "Birthday");
  lists = ews_test_api_call (first, "GET", "/api/lists", id_token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  lists_text = json_to_string (lists, FALSE);
  g_assert_nonnull (strstr (lists_text, list_id));

  /* So is its refresh token: the session is in the database. */
  refresh = ews_test_cognito_initiate_auth_body ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN",
                                                 json_object_get_string_member (tokens, "RefreshToken"), NULL);
  refreshed = ews_test_cognito_call_ok (second, "InitiateAuth", refresh);
  g_assert_nonnull (json_object_get_string_member (json_object_get_object_member (refreshed,
                                                                                  "AuthenticationResult"),
                                                   "IdToken"));

  /* A gift added through one is reserved through the other. */
  product_id = ews_test_api_call_ok_member (first, "POST", "/api/products", id_token, PRODUCT_BODY, "productId");
  ews_test_api_add_gift (first, id_token, list_id, product_id, 1);
  g_free (ews_test_api_reserve (second, list_id, product_id, GUEST_EMAIL, "Gus", 1));
  gift = ews_test_api_get_gift (first, id_token, list_id, product_id);
  g_assert_cmpint (json_object_get_int_member (gift, "reserved"), ==, 1);
}

/* database= in the configuration file chooses PostgreSQL as --database
 * does. */
static void
test_database_from_config_file (Fixture      *fixture,
                                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EweTestServer) server = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *config_option = NULL;
  g_autofree char *contents = g_strdup_printf ("[server]\ndatabase=%s\n", fixture->uri);
  int              fd = g_file_open_tmp ("ewelists-server-XXXXXX.conf", &config_path, &error);
  const char      *args[] = { NULL, NULL };

  g_assert_no_error (error);
  g_close (fd, NULL);
  g_assert_true (g_file_set_contents (config_path, contents, -1, &error));
  config_option = g_strconcat ("--config=", config_path, NULL);
  args[0] = config_option;

  server = ewe_test_server_start (args);
  g_assert_nonnull (server);
  g_assert_cmpint (count_rows (fixture, "ews_schema_migrations"), >=, 4);
  g_assert_cmpint (count_rows (fixture, "server_secrets"), ==, 1);

  g_unlink (config_path);
}

/* `ewelists-server --database … admin ARGS…`, which must succeed;
 * returns what it printed. */
static char *
run_admin (Fixture            *fixture,
           const char * const *args)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *database = g_strconcat ("--database=", fixture->uri, NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;
  char *out = NULL;
  int   status = -1;

  g_strv_builder_add_many (builder, EWELISTS_SERVER_BINARY, database, "admin", NULL);
  g_strv_builder_addv (builder, (const char **)args);
  argv = g_strv_builder_end (builder);

  g_spawn_sync (NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  g_assert_no_error (error);

  return out;
}

/* Admin commands work on the database as on a data directory. */
static void
test_admin_commands (Fixture      *fixture,
                     gconstpointer data)
{
  const char      *add[] = { "admins", "add", "ann@example.org", NULL };
  const char      *list[] = { "admins", "list", NULL };
  g_autofree char *added = run_admin (fixture, add);
  g_autofree char *listed = run_admin (fixture, list);

  g_assert_nonnull (strstr (listed, "ann@example.org"));
  g_assert_cmpint (count_rows (fixture, "admins"), ==, 1);
}

typedef struct
{
  int   status;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs ewelists-server with @database, which must not start. */
static void
run_server (const char *database,
            Run        *run)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = g_dir_make_tmp ("ewelists-server-XXXXXX", &error);
  g_autofree char *data_dir_option = g_strconcat ("--data-dir=", data_dir, NULL);
  g_autofree char *database_option = g_strconcat ("--database=", database, NULL);

  g_assert_no_error (error);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              EWELISTS_SERVER_BINARY, "--listen=127.0.0.1:0", data_dir_option, database_option,
                              NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
  g_test_message ("%s", run->err);
  g_rmdir (data_dir);
}

/* What is wrong says so at start, without quoting a password back. */
static void
test_bad_database_is_refused (void)
{
  g_auto(Run) not_postgresql = { 0 };
  g_auto(Run) malformed = { 0 };
  g_auto(Run) unreachable = { 0 };

  run_server ("mysql://ann:s3cret@db.example.org/lists", &not_postgresql);
  g_assert_cmpint (not_postgresql.status, ==, 2);
  g_assert_nonnull (strstr (not_postgresql.err, "--database must be a PostgreSQL URL"));
  g_assert_null (strstr (not_postgresql.err, "s3cret"));

  run_server ("postgresql://ann:s3cret@db.example.org/lists?no_such_parameter=1", &malformed);
  g_assert_cmpint (malformed.status, ==, 1);
  g_assert_nonnull (strstr (malformed.err, "not a URL PostgreSQL understands"));
  g_assert_null (strstr (malformed.err, "s3cret"));

  /* Port 1 on loopback: nobody listens there. */
  run_server ("postgresql://ann:s3cret@127.0.0.1:1/lists", &unreachable);
  g_assert_cmpint (unreachable.status, ==, 1);
  g_assert_nonnull (strstr (unreachable.err, "Could not connect to the PostgreSQL database"));
  g_assert_null (strstr (unreachable.err, "s3cret"));
}

/* What a browser sends back: a page's ews_csrf cookie, and the token of
 * the form in it that posts to @action_path. */
static void
get_guest_form (EweTestServer *server,
                const char    *page_path,
                const char    *action_path,
                char         **cookie,
                char         **token)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = ewe_test_server_url (server, page_path);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, &error);
  g_autofree char *html = NULL;
  g_autofree char *form_start = g_strdup_printf ("action=\"" EWS_TEST_COGNITO_PUBLIC_URL "%s", action_path);
  const char      *set_cookie;
  const char      *form;
  const char      *value;

  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  html = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

  /* Secure (the public URL is https), so kept by hand rather than by a
   * cookie jar that would not send it over plain HTTP. */
  set_cookie = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Set-Cookie");
  g_assert_nonnull (set_cookie);
  g_assert_true (g_str_has_prefix (set_cookie, "ews_csrf="));
  *cookie = g_strndup (set_cookie, strcspn (set_cookie, ";"));

  form = strstr (html, form_start);
  g_assert_nonnull (form);
  value = strstr (form, "name=\"csrf_token\" value=\"");
  g_assert_nonnull (value);
  value += strlen ("name=\"csrf_token\" value=\"");
  *token = g_strndup (value, strcspn (value, "\""));
}

static guint
post_guest_form (EweTestServer *server,
                 const char    *action_path,
                 const char    *cookie,
                 const char    *token,
                 const char    *email)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = ewe_test_server_url (server, action_path);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autofree char *form = soup_form_encode ("csrf_token", token, "name", "Gus", "email", email, "quantity", "1",
                                            NULL);
  g_autoptr(GBytes) request = g_bytes_new (form, strlen (form));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", request);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Cookie", cookie);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);

  return soup_message_get_status (msg);
}

/* The guest pages' forms are signed with the database's secret: a form
 * one server served is accepted by another, and a forged one by none. */
static void
test_guest_form_from_another_server (Fixture      *fixture,
                                     gconstpointer data)
{
  g_autoptr(EweTestServer) first = start_server (fixture);
  g_autoptr(EweTestServer) second = start_server (fixture);
  g_autoptr(JsonObject) tokens = sign_up_and_in (fixture, first, first, first, OWNER_EMAIL);
  g_autoptr(JsonObject) gift = NULL;
  const char      *id_token = json_object_get_string_member (tokens, "IdToken");
  g_autofree char *list_id = ews_test_api_create_list (first, id_token, "Wedding");
  g_autofree char *product_id = ews_test_api_call_ok_member (first, "POST", "/api/products", id_token, PRODUCT_BODY,
                                                             "productId");
  g_autofree char *page_path = g_strdup_printf ("/lists/%s", list_id);
  g_autofree char *action_path = g_strdup_printf ("/lists/%s/reserve/%s", list_id, product_id);
  g_autofree char *cookie = NULL;
  g_autofree char *token = NULL;
  g_autofree char *other_cookie = NULL;
  g_autofree char *other_token = NULL;

  ews_test_api_add_gift (first, id_token, list_id, product_id, 2);
  get_guest_form (first, page_path, action_path, &cookie, &token);
  get_guest_form (second, page_path, action_path, &other_cookie, &other_token);

  /* Another browser's token with this one's cookie: refused by both. */
  g_assert_cmpuint (post_guest_form (second, action_path, cookie, other_token, GUEST_EMAIL), ==, 403);
  g_assert_cmpuint (post_guest_form (first, action_path, cookie, other_token, GUEST_EMAIL), ==, 403);

  g_assert_cmpuint (post_guest_form (second, action_path, cookie, token, GUEST_EMAIL), ==, 303);
  gift = ews_test_api_get_gift (first, id_token, list_id, product_id);
  g_assert_cmpint (json_object_get_int_member (gift, "reserved"), ==, 1);
}

/* --- three servers behind nginx ------------------------------------------ */

#define NGINX_BINARY "/usr/sbin/nginx"
#define N_BALANCED 3
#define N_GUESTS 200
#define QUANTITY 3

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

/* nginx as an unprivileged foreground process with everything in @dir,
 * balancing round robin over @servers as a site would, and saying in
 * X-Upstream which server answered. */
static GSubprocess *
start_nginx (const char     *dir,
             guint16         port,
             EweTestServer **servers)
{
  g_autofree char *config_path = g_build_filename (dir, "nginx.conf", NULL);
  g_autoptr(GString) upstream = g_string_new ("");
  g_autofree char *config = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  for (guint i = 0; i < N_BALANCED; i++)
    g_string_append_printf (upstream, "    server 127.0.0.1:%u;\n", servers[i]->port);

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
                            "  upstream ewelists {\n"
                            "%s"
                            "  }\n"
                            "  server {\n"
                            "    listen 127.0.0.1:%u;\n"
                            "    location / {\n"
                            "      proxy_pass http://ewelists;\n"
                            "      proxy_http_version 1.1;\n"
                            "      proxy_set_header Connection \"\";\n"
                            "      proxy_set_header Host $host;\n"
                            "      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
                            /* A refused reservation is an answer, not a
                             * server to give up on: never retried. */
                            "      proxy_next_upstream off;\n"
                            "      add_header X-Upstream $upstream_addr always;\n"
                            "    }\n"
                            "  }\n"
                            "}\n",
                            dir, dir, dir, dir, dir, dir, dir, upstream->str, port);
  g_assert_true (g_file_set_contents (config_path, config, -1, &error));

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error, NGINX_BINARY, "-e", "stderr", "-p", dir,
                              "-c", config_path, NULL);
  g_assert_no_error (error);
  return process;
}

typedef struct
{
  guint       pending;
  guint       n_reserved;
  guint       n_taken; /* 409: the gift is fully reserved */
  guint       n_other;
  GHashTable *upstreams; /* address → count */
} Race;

typedef struct
{
  Race        *race;
  SoupMessage *msg;
} Attempt;

static void
reserve_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Attempt *attempt = user_data;
  Race    *race = attempt->race;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  guint       status = soup_message_get_status (attempt->msg);
  const char *upstream = soup_message_headers_get_one (soup_message_get_response_headers (attempt->msg),
                                                       "X-Upstream");

  if (status == SOUP_STATUS_OK)
    race->n_reserved++;
  else if (status == SOUP_STATUS_CONFLICT)
    race->n_taken++;
  else
    {
      race->n_other++;
      g_test_message ("status %u (%s): %.*s", status, error != NULL ? error->message : "",
                      body != NULL ? (int)g_bytes_get_size (body) : 0,
                      body != NULL ? (const char *)g_bytes_get_data (body, NULL) : "");
    }

  if (upstream != NULL)
    g_hash_table_insert (race->upstreams, g_strdup (upstream),
                         GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (race->upstreams, upstream)) + 1));

  g_object_unref (attempt->msg);
  g_free (attempt);
  race->pending--;
  g_main_context_wakeup (NULL);
}

/* Two hundred guests at once, through nginx, spread over three servers on
 * one database, for a gift of which three are wanted: exactly three get
 * one, the others are told it is taken, and nothing fails. */
static void
test_three_servers_behind_nginx (Fixture      *fixture,
                                 gconstpointer data)
{
  /* Every guest comes from nginx's address: its X-Forwarded-For is
   * believed, and the guests' limits are off, as they are not what is
   * tested here. */
  const char    *args[] = { "--trusted-proxy=127.0.0.1", "--rate-guest=0", "--rate-guest-mails=0", NULL };
  EweTestServer *servers[N_BALANCED];
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) nginx = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(JsonObject) tokens = NULL;
  g_autoptr(JsonObject) gift = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *list_id = NULL;
  g_autofree char *product_id = NULL;
  g_autofree char *health = NULL;
  const char      *id_token;
  guint16          port;
  Race             race = { 0 };

  if (!g_file_test (NGINX_BINARY, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("nginx is not installed (Debian's nginx-light)");
      return;
    }

  for (guint i = 0; i < N_BALANCED; i++)
    servers[i] = start_server_with (fixture, args);

  tokens = sign_up_and_in (fixture, servers[0], servers[1], servers[2], OWNER_EMAIL);
  id_token = json_object_get_string_member (tokens, "IdToken");
  list_id = ews_test_api_create_list (servers[1], id_token, "Wedding");
  product_id = ews_test_api_call_ok_member (servers[2], "POST", "/api/products", id_token, PRODUCT_BODY, "productId");
  ews_test_api_add_gift (servers[0], id_token, list_id, product_id, QUANTITY);

  dir = g_dir_make_tmp ("ewelists-nginx-XXXXXX", &error);
  g_assert_no_error (error);
  port = free_port ();
  nginx = start_nginx (dir, port, servers);

  session = soup_session_new_with_options ("max-conns", N_GUESTS, "max-conns-per-host", N_GUESTS, "timeout", 60,
                                           NULL);
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

  race.upstreams = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < N_GUESTS; i++)
    {
      g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/api/lists/%s/reserve/%s/email/guest-%u@example.org",
                                              port, list_id, product_id, i);
      g_autofree char *body = g_strdup_printf ("{\"quantity\": 1, \"name\": \"Guest %u\", \"title\": \"t\", "
                                               "\"product\": {}}",
                                               i);
      gsize            length = strlen (body);
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&body), length);
      Attempt *attempt = g_new0 (Attempt, 1);

      attempt->race = &race;
      attempt->msg = soup_message_new ("POST", url);
      soup_message_set_request_body_from_bytes (attempt->msg, "application/json", bytes);
      soup_session_send_and_read_async (session, attempt->msg, G_PRIORITY_DEFAULT, NULL, reserve_done_cb, attempt);
      race.pending++;
    }

  while (race.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  for (guint i = 0; i < N_BALANCED; i++)
    {
      g_autofree char *address = g_strdup_printf ("127.0.0.1:%u", servers[i]->port);
      guint            answered = GPOINTER_TO_UINT (g_hash_table_lookup (race.upstreams, address));

      g_test_message ("server %u answered %u", i, answered);
      g_assert_cmpuint (answered, >, 0);
    }
  g_assert_cmpuint (race.n_other, ==, 0);
  g_assert_cmpuint (race.n_reserved, ==, QUANTITY);
  g_assert_cmpuint (race.n_taken, ==, N_GUESTS - QUANTITY);

  gift = ews_test_api_get_gift (servers[1], id_token, list_id, product_id);
  g_assert_cmpint (json_object_get_int_member (gift, "reserved"), ==, QUANTITY);
  g_assert_cmpint (count_rows (fixture, "reservations"), ==, QUANTITY);

  g_subprocess_send_signal (nginx, SIGQUIT);
  g_subprocess_wait (nginx, NULL, NULL);
  g_hash_table_unref (race.upstreams);
  for (guint i = 0; i < N_BALANCED; i++)
    ewe_test_server_free (servers[i]);

  {
    const char *names[] = { "nginx.conf", "nginx.pid", "error.log" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *path = g_build_filename (dir, names[i], NULL);
        g_unlink (path);
      }
    g_rmdir (dir);
  }
}

static void
test_postgres_missing (void)
{
  g_test_skip ("PostgreSQL 15 is not installed: the server is not tested on it.");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/server/postgresql/bad-database-is-refused", test_bad_database_is_refused);

  postgres = ews_test_postgres_start (&error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_test_message ("%s", error->message);
      g_test_add_func ("/server/postgresql/postgresql-missing", test_postgres_missing);
    }
  else
    {
      g_assert_no_error (error);
      g_test_add ("/server/postgresql/one-server", Fixture, NULL, fixture_set_up, test_one_server,
                  fixture_tear_down);
      g_test_add ("/server/postgresql/database-from-config-file", Fixture, NULL, fixture_set_up,
                  test_database_from_config_file, fixture_tear_down);
      g_test_add ("/server/postgresql/admin-commands", Fixture, NULL, fixture_set_up, test_admin_commands,
                  fixture_tear_down);
      g_test_add ("/server/postgresql/guest-form-from-another-server", Fixture, NULL, fixture_set_up,
                  test_guest_form_from_another_server, fixture_tear_down);
      g_test_add ("/server/postgresql/three-servers-behind-nginx", Fixture, NULL, fixture_set_up,
                  test_three_servers_behind_nginx, fixture_tear_down);
      g_test_add ("/server/postgresql/any-server-answers", Fixture, NULL, fixture_set_up, test_any_server_answers,
                  fixture_tear_down);
    }

  status = g_test_run ();
  g_clear_pointer (&postgres, ews_test_postgres_stop);

  return status;
}
