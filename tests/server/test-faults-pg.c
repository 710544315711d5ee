/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libpq-fe.h>
#include <libsoup/soup.h>
#include <string.h>

#include "ewe-test-server.h"
#include "ewe-test-smtp.h"
#include "ews-test-api.h"
#include "ews-test-cognito.h"
#include "ews-test-postgres.h"

/* Faults, with real processes on a real PostgreSQL database: a server
 * killed (SIGKILL, no goodbye) while clients write through it, and while
 * it holds a mail it claimed from the shared outbox; the database itself
 * stopped and started again under load. What the servers promised must
 * hold: every write acknowledged is stored, the servers left go on
 * serving, a mail goes out once, a request the database fails is told 503
 * (come back), and nothing is ever half-written. */

#define OWNER_EMAIL "owner@example.org"
#define N_SERVERS 3
#define N_WRITES 240
#define MAX_IN_FLIGHT 12
/* Acknowledged writes before the kill: the load is well under way. */
#define KILL_AFTER 60
#define LEASE_SECONDS 2

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

/* A server on the fixture's database mailing to @smtp_url, with a mail
 * lease short enough to wait for. */
static EweTestServer *
start_server (Fixture    *fixture,
              const char *smtp_url)
{
  g_autofree char *database = g_strconcat ("--database=", fixture->uri, NULL);
  g_autofree char *sink_url = ewe_test_smtp_dup_url (fixture->sink);
  g_autofree char *smtp = g_strconcat ("--smtp-url=", smtp_url != NULL ? smtp_url : sink_url, NULL);
  g_autofree char *lease = g_strdup_printf ("--mail-lease-seconds=%u", LEASE_SECONDS);
  /* The guests all come from 127.0.0.1: their limits are not tested. */
  const char      *args[] = { database,
                              smtp,
                              lease,
                              "--public-url=" EWS_TEST_COGNITO_PUBLIC_URL,
                              "--mail-from=Ewelists <no-reply@ewelists.example.org>",
                              "--admin-email=" OWNER_EMAIL,
                              "--rate-guest=0",
                              "--rate-guest-mails=0",
                              NULL };
  EweTestServer   *server = ewe_test_server_start (args);

  g_assert_nonnull (server);
  return server;
}

static void
kill_server (EweTestServer *server)
{
  g_subprocess_force_exit (server->process);
  g_assert_true (g_subprocess_wait (server->process, NULL, NULL));
}

/* The first column of the first row of @sql's answer, as a number. */
static gint64
query_number (Fixture    *fixture,
              const char *sql)
{
  PGconn   *conn = PQconnectdb (fixture->uri);
  PGresult *result;
  gint64    number;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, sql);
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  g_assert_cmpint (PQntuples (result), ==, 1);
  number = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  PQclear (result);
  PQfinish (conn);

  return number;
}

/* --- a server killed under a write load ----------------------------------- */

typedef struct
{
  EweTestServer **servers;
  SoupSession    *session;
  const char     *id_token;
  guint           sent;
  guint           in_flight;
  gboolean        killed;
  GPtrArray      *acknowledged; /* the listId of every 200 */
  guint           survivors_ok; /* 200s from the others once one is dead */
  guint           survivors_sent;
  guint           dead_refused; /* to the killed server, not answered */
} Load;

typedef struct
{
  Load        *load;
  SoupMessage *msg;
  gboolean     to_survivor; /* sent after the kill to a server alive */
} Write;

static void send_write (Load *load);

static void
write_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Write *write = user_data;
  Load  *load = write->load;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  guint status = soup_message_get_status (write->msg);

  /* Acknowledged means the whole answer arrived: a server killed after
   * sending its status line but before its body has acknowledged
   * nothing (its 200 comes with a read error and no body). */
  if (status == SOUP_STATUS_OK && body != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize       size = 0;
      const char *data = g_bytes_get_data (body, &size);

      g_assert_true (json_parser_load_from_data (parser, data, (gssize)size, NULL));
      g_ptr_array_add (load->acknowledged,
                       g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                                "listId")));
      if (write->to_survivor)
        load->survivors_ok++;
    }
  else if (write->to_survivor)
    {
      g_test_message ("A server left answered %u (%s)", status, error != NULL ? error->message : "");
    }
  else
    {
      /* Only the killed server may fail, and only by not answering: a
       * server that answers says 200. */
      g_assert_nonnull (error);
      load->dead_refused++;
    }

  if (!load->killed && load->acknowledged->len >= KILL_AFTER)
    {
      load->killed = TRUE;
      kill_server (load->servers[0]);
    }

  g_object_unref (write->msg);
  g_free (write);
  load->in_flight--;
  send_write (load);
  g_main_context_wakeup (NULL);
}

static void
send_write (Load *load)
{
  while (load->sent < N_WRITES && load->in_flight < MAX_IN_FLIGHT)
    {
      guint            target = load->sent % N_SERVERS;
      g_autofree char *url = ewe_test_server_url (load->servers[target], "/api/lists");
      g_autofree char *body = g_strdup_printf ("{\"title\": \"List %u\", \"occasion\": \"Wedding\"}", load->sent);
      g_autofree char *bearer = g_strconcat ("Bearer ", load->id_token, NULL);
      gsize            length = strlen (body);
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&body), length);
      Write *write = g_new0 (Write, 1);

      write->load = load;
      write->msg = soup_message_new ("POST", url);
      write->to_survivor = load->killed && target != 0;
      if (write->to_survivor)
        load->survivors_sent++;
      soup_message_headers_replace (soup_message_get_request_headers (write->msg), "Authorization", bearer);
      soup_message_set_request_body_from_bytes (write->msg, "application/json", bytes);
      soup_session_send_and_read_async (load->session, write->msg, G_PRIORITY_DEFAULT, NULL, write_done_cb, write);
      load->sent++;
      load->in_flight++;
    }
}

/* Clients create lists on three servers in turn; one server is killed
 * with SIGKILL when 60 creations have been acknowledged. Every list any
 * server acknowledged is in the database, and the two left answer every
 * request sent to them afterwards. */
static void
test_server_killed_under_writes (Fixture      *fixture,
                                 gconstpointer data)
{
  EweTestServer *servers[N_SERVERS];
  g_autoptr(JsonObject) tokens = NULL;
  g_autoptr(GString) ids = g_string_new ("");
  g_autofree char *sql = NULL;
  Load             load = { 0 };

  for (guint i = 0; i < N_SERVERS; i++)
    servers[i] = start_server (fixture, NULL);

  ews_test_cognito_sign_up_and_confirm (servers[1], fixture->sink, OWNER_EMAIL, "Olive");
  tokens = ews_test_cognito_sign_in (servers[2], OWNER_EMAIL, EWS_TEST_COGNITO_PASSWORD);

  load.servers = servers;
  load.id_token = json_object_get_string_member (tokens, "IdToken");
  load.acknowledged = g_ptr_array_new_with_free_func (g_free);
  load.session = soup_session_new_with_options ("max-conns", MAX_IN_FLIGHT, "max-conns-per-host", MAX_IN_FLIGHT,
                                                "timeout", 30, NULL);

  send_write (&load);
  while (load.in_flight > 0)
    g_main_context_iteration (NULL, TRUE);

  g_test_message ("%u acknowledged, %u to the dead server unanswered, %u of %u to the others after the kill",
                  load.acknowledged->len, load.dead_refused, load.survivors_ok, load.survivors_sent);
  g_assert_true (load.killed);
  g_assert_cmpuint (load.survivors_sent, >, 0);
  g_assert_cmpuint (load.survivors_ok, ==, load.survivors_sent);

  /* Every acknowledged list, and nothing but what was sent. */
  for (guint i = 0; i < load.acknowledged->len; i++)
    g_string_append_printf (ids, "%s'%s'", i > 0 ? ", " : "", (const char *)load.acknowledged->pdata[i]);
  sql = g_strdup_printf ("SELECT count (*) FROM lists WHERE list_id IN (%s)", ids->str);
  g_assert_cmpint (query_number (fixture, sql), ==, load.acknowledged->len);
  g_assert_cmpint (query_number (fixture, "SELECT count (*) FROM lists"), >=, load.acknowledged->len);
  g_assert_cmpint (query_number (fixture, "SELECT count (*) FROM lists"), <=, N_WRITES);

  /* And a server started now finds them too. */
  {
    g_autoptr(EweTestServer) fresh = start_server (fixture, NULL);
    g_autofree char *url = ewe_test_server_url (fresh, "/api/lists");
    g_autofree char *bearer = g_strconcat ("Bearer ", load.id_token, NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
    g_autoptr(GBytes) reply = NULL;
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonNode *root;

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
    reply = soup_session_send_and_read (load.session, msg, NULL, NULL);
    g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
    g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL), (gssize)g_bytes_get_size (reply),
                                               NULL));
    root = json_parser_get_root (parser);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "owned")), >=,
                      load.acknowledged->len);
  }

  g_ptr_array_unref (load.acknowledged);
  g_object_unref (load.session);
  for (guint i = 0; i < N_SERVERS; i++)
    ewe_test_server_free (servers[i]);
}

/* --- a server killed holding a mail -------------------------------------- */

/* A port that takes connections and never says a word: an SMTP server
 * that hangs, so that a server sending there holds its mail until killed.
 * The kernel completes the handshakes; nobody ever accepts them. */
static GSocket *
silent_listener (guint16 *port)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any_port, TRUE, NULL));
  g_assert_true (g_socket_listen (socket, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  return g_steal_pointer (&socket);
}

/* A sign-up code's mail is claimed by a server that then hangs on its SMTP
 * server and is killed. Another server, once the lease is over, sends it:
 * once, and the code in it confirms the account. */
static void
test_claimed_mail_survives_its_server (Fixture      *fixture,
                                       gconstpointer data)
{
  guint16 silent_port = 0;
  g_autoptr(GSocket) silent = silent_listener (&silent_port);
  g_autofree char *silent_url = g_strdup_printf ("smtp://127.0.0.1:%u", silent_port);
  EweTestServer   *doomed = start_server (fixture, silent_url);
  g_autoptr(EweTestServer) heir = NULL;
  g_autoptr(JsonObject) sign_up = ews_test_cognito_sign_up_body (OWNER_EMAIL, EWS_TEST_COGNITO_PASSWORD, "Olive");
  g_autoptr(JsonObject) signed_up = NULL;
  g_autoptr(JsonObject) confirm = NULL;
  g_autoptr(JsonObject) confirmed = NULL;
  g_autoptr(JsonObject) tokens = NULL;
  g_autoptr(EweTestMail) again = NULL;
  g_autofree char *code = NULL;
  gint64           deadline;
  gint64           killed_at;
  guint            next = 0;

  signed_up = ews_test_cognito_call_ok (doomed, "SignUp", sign_up);

  /* Claimed: leased past its creation, not sent. */
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (query_number (fixture, "SELECT count (*) FROM mail_outbox "
                                "WHERE state = 'pending' AND next_attempt_at > created_at") == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * G_TIME_SPAN_MILLISECOND);
    }
  kill_server (doomed);
  killed_at = g_get_monotonic_time ();
  ewe_test_server_free (doomed);

  heir = start_server (fixture, NULL);
  code = ews_test_cognito_read_code (fixture->sink, OWNER_EMAIL, 0, &next);
  g_assert_nonnull (code);
  g_test_message ("sent by another server %.1f s after the kill",
                  (double)(g_get_monotonic_time () - killed_at) / G_USEC_PER_SEC);

  /* Once: nothing more after several leases, and marked sent. */
  again = ewe_test_smtp_wait_for_mail_to (fixture->sink, next, OWNER_EMAIL, 3 * LEASE_SECONDS * 1000);
  g_assert_null (again);
  g_assert_cmpuint (ewe_test_smtp_get_n_messages (fixture->sink), ==, 1);
  g_assert_cmpint (query_number (fixture, "SELECT count (*) FROM mail_outbox WHERE state = 'sent'"), ==, 1);
  g_assert_cmpint (query_number (fixture, "SELECT count (*) FROM mail_outbox WHERE state != 'sent'"), ==, 0);

  /* And it is the mail the dead server was to send: its code works. */
  confirm = ews_test_cognito_body_new ("Username", OWNER_EMAIL, "ConfirmationCode", code, NULL);
  confirmed = ews_test_cognito_call_ok (heir, "ConfirmSignUp", confirm);
  tokens = ews_test_cognito_sign_in (heir, OWNER_EMAIL, EWS_TEST_COGNITO_PASSWORD);
  g_assert_nonnull (tokens);
}

/* --- the database restarted under load ----------------------------------- */

#define N_GIFTS 4
#define GIFT_QUANTITY 3
#define RESTART_AFTER_MS 600
#define DOWN_MS 1000
#define LOAD_MS 3000

typedef struct
{
  EweTestServer **servers;
  SoupSession    *session;
  const char     *id_token;
  const char     *list_id;
  char          **product_ids;
  gboolean        sending;
  guint           sent;
  guint           in_flight;
  GPtrArray      *lists;        /* listId of every list created (200) */
  GPtrArray      *reservations; /* reservation_id of every reservation (200) */
  guint           n_ok;
  guint           n_taken; /* 409: the gift is fully reserved */
  guint           n_unavailable;
  guint           n_bad; /* anything else: a 500, or no answer */
} Storm;

typedef struct
{
  Storm       *storm;
  SoupMessage *msg;
  gboolean     is_reservation;
} StormCall;

static void send_storm (Storm *storm);

static char *
reply_member (GBytes     *body,
              const char *member)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  if (body == NULL ||
      !json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), (gssize)g_bytes_get_size (body), NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  object = json_node_get_object (json_parser_get_root (parser));
  return json_object_has_member (object, member) ? g_strdup (json_object_get_string_member (object, member)) : NULL;
}

static void
storm_call_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  StormCall *call = user_data;
  Storm     *storm = call->storm;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  guint status = error != NULL ? 0 : soup_message_get_status (call->msg);

  if (status == SOUP_STATUS_OK)
    {
      char *id = reply_member (body, call->is_reservation ? "reservation_id" : "listId");

      g_assert_nonnull (id);
      g_ptr_array_add (call->is_reservation ? storm->reservations : storm->lists, id);
      storm->n_ok++;
    }
  else if (status == SOUP_STATUS_CONFLICT && call->is_reservation)
    {
      storm->n_taken++;
    }
  else if (status == SOUP_STATUS_SERVICE_UNAVAILABLE)
    {
      storm->n_unavailable++;
      if (soup_message_headers_get_one (soup_message_get_response_headers (call->msg), "Retry-After") == NULL)
        storm->n_bad++;
    }
  else
    {
      storm->n_bad++;
      g_test_message ("%s %s: %u (%s) %.*s", soup_message_get_method (call->msg),
                      g_uri_get_path (soup_message_get_uri (call->msg)), status, error != NULL ? error->message : "",
                      body != NULL ? (int)g_bytes_get_size (body) : 0,
                      body != NULL ? (const char *)g_bytes_get_data (body, NULL) : "");
    }

  g_object_unref (call->msg);
  g_free (call);
  storm->in_flight--;
  send_storm (storm);
  g_main_context_wakeup (NULL);
}

/* Guests reserving the list's gifts and the owner creating lists, in
 * turn, on each server in turn, a few at a time, while @storm->sending. */
static void
send_storm (Storm *storm)
{
  while (storm->sending && storm->in_flight < MAX_IN_FLIGHT)
    {
      EweTestServer   *server = storm->servers[storm->sent % N_SERVERS];
      gboolean         is_reservation = (storm->sent / N_SERVERS) % 2 == 0;
      g_autofree char *path = NULL;
      g_autofree char *body = NULL;
      g_autofree char *url = NULL;
      g_autoptr(GBytes) bytes = NULL;
      StormCall *call = g_new0 (StormCall, 1);
      gsize      length;

      if (is_reservation)
        {
          path = g_strdup_printf ("/api/lists/%s/reserve/%s/email/guest-%u@example.org", storm->list_id,
                                  storm->product_ids[storm->sent % N_GIFTS], storm->sent);
          body = g_strdup_printf ("{\"quantity\": 1, \"name\": \"Guest %u\", \"title\": \"t\", \"product\": {}}",
                                  storm->sent);
        }
      else
        {
          path = g_strdup ("/api/lists");
          body = g_strdup_printf ("{\"title\": \"List %u\", \"occasion\": \"Wedding\"}", storm->sent);
        }
      url = ewe_test_server_url (server, path);
      length = strlen (body);
      bytes = g_bytes_new_take (g_steal_pointer (&body), length);

      call->storm = storm;
      call->is_reservation = is_reservation;
      call->msg = soup_message_new ("POST", url);
      if (!is_reservation)
        {
          g_autofree char *bearer = g_strconcat ("Bearer ", storm->id_token, NULL);

          soup_message_headers_replace (soup_message_get_request_headers (call->msg), "Authorization", bearer);
        }
      soup_message_set_request_body_from_bytes (call->msg, "application/json", bytes);
      soup_session_send_and_read_async (storm->session, call->msg, G_PRIORITY_DEFAULT, NULL, storm_call_done_cb,
                                        call);
      storm->sent++;
      storm->in_flight++;
    }
}

static gboolean
flag_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  g_main_context_wakeup (NULL);
  return G_SOURCE_REMOVE;
}

/* Runs the main loop, the storm going on, for @ms. */
static void
storm_for (guint ms)
{
  gboolean over = FALSE;

  g_timeout_add (ms, flag_cb, &over);
  while (!over)
    g_main_context_iteration (NULL, TRUE);
}

/* How many of @ids (quoted into SQL: they are ours) are in @table. */
static gint64
count_ids (Fixture    *fixture,
           const char *table,
           const char *column,
           GPtrArray  *ids)
{
  g_autoptr(GString) list = g_string_new ("");
  g_autofree char *sql = NULL;

  if (ids->len == 0)
    return 0;
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (list, "%s'%s'", i > 0 ? ", " : "", (const char *)ids->pdata[i]);
  sql = g_strdup_printf ("SELECT count (*) FROM %s WHERE %s IN (%s)", table, column, list->str);
  return query_number (fixture, sql);
}

/* Waits until @server answers @path with 200 on its own, the database
 * being back; returns how long that took, in ms. */
static gint64
wait_until_serving (Storm         *storm,
                    EweTestServer *server,
                    const char    *path)
{
  g_autofree char *url = ewe_test_server_url (server, path);
  g_autofree char *bearer = g_strconcat ("Bearer ", storm->id_token, NULL);
  gint64           start = g_get_monotonic_time ();

  for (;;)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr(GBytes) reply = NULL;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
      reply = soup_session_send_and_read (storm->session, msg, NULL, NULL);
      if (soup_message_get_status (msg) == SOUP_STATUS_OK)
        return (g_get_monotonic_time () - start) / 1000;
      g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_SERVICE_UNAVAILABLE);
      g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
      g_usleep (50 * G_TIME_SPAN_MILLISECOND);
    }
}

/* PostgreSQL stops (a fast shutdown: every connection cut) and starts
 * again a second later while three servers take reservations and list
 * creations. Each request succeeds, is refused as taken, or is told 503;
 * none is a 500. The servers serve again by themselves, and the database
 * holds every acknowledged write and nothing half-written: no gift
 * reserved beyond its quantity, no gift count that disagrees with its
 * reservations, no gift without its list. */
static void
test_database_restarted_under_load (Fixture      *fixture,
                                    gconstpointer data)
{
  EweTestServer *servers[N_SERVERS];
  g_autoptr(JsonObject) tokens = NULL;
  g_autofree char *list_id = NULL;
  g_autofree char *shared_path = NULL;
  char            *product_ids[N_GIFTS + 1] = { NULL };
  g_autoptr(GError) error = NULL;
  Storm storm = { 0 };

  for (guint i = 0; i < N_SERVERS; i++)
    servers[i] = start_server (fixture, NULL);

  ews_test_cognito_sign_up_and_confirm (servers[0], fixture->sink, OWNER_EMAIL, "Olive");
  tokens = ews_test_cognito_sign_in (servers[1], OWNER_EMAIL, EWS_TEST_COGNITO_PASSWORD);
  storm.id_token = json_object_get_string_member (tokens, "IdToken");
  list_id = ews_test_api_create_list (servers[2], storm.id_token, "Wedding");
  for (guint i = 0; i < N_GIFTS; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"brand\": \"Acme\", \"details\": \"Skates %u\", "
                                               "\"productUrl\": \"https://acme.example/skates-%u\", "
                                               "\"retailer\": \"acme.example\", \"price\": \"19.99\"}",
                                               i, i);
      g_autoptr(JsonNode) node = NULL;
      guint status = 0;

      node = ews_test_api_call (servers[i % N_SERVERS], "POST", "/api/products", storm.id_token, body, &status);
      g_assert_cmpuint (status, ==, 200);
      product_ids[i] = g_strdup (json_object_get_string_member (json_node_get_object (node), "productId"));
      ews_test_api_add_gift (servers[i % N_SERVERS], storm.id_token, list_id, product_ids[i], GIFT_QUANTITY);
    }

  storm.servers = servers;
  storm.list_id = list_id;
  storm.product_ids = product_ids;
  storm.lists = g_ptr_array_new_with_free_func (g_free);
  storm.reservations = g_ptr_array_new_with_free_func (g_free);
  storm.session = soup_session_new_with_options ("max-conns", MAX_IN_FLIGHT + 1, "max-conns-per-host",
                                                 MAX_IN_FLIGHT + 1, "timeout", 30, NULL);
  storm.sending = TRUE;
  send_storm (&storm);
  storm_for (RESTART_AFTER_MS);
  ews_test_postgres_stop_server (postgres);
  storm_for (DOWN_MS);
  g_assert_true (ews_test_postgres_start_server (postgres, &error));
  g_assert_no_error (error);
  storm_for (LOAD_MS - RESTART_AFTER_MS - DOWN_MS);
  storm.sending = FALSE;
  while (storm.in_flight > 0)
    g_main_context_iteration (NULL, TRUE);

  g_test_message ("%u requests: %u done, %u refused as taken, %u told 503, %u otherwise", storm.sent, storm.n_ok,
                  storm.n_taken, storm.n_unavailable, storm.n_bad);
  g_assert_cmpuint (storm.n_bad, ==, 0);
  g_assert_cmpuint (storm.n_unavailable, >, 0);

  /* Back by themselves: each server serves the shared list, and writes. */
  shared_path = g_strdup_printf ("/api/lists/%s/shared", list_id);
  for (guint i = 0; i < N_SERVERS; i++)
    {
      g_autofree char *created = NULL;

      g_test_message ("server %u served again after %" G_GINT64_FORMAT " ms", i,
                      wait_until_serving (&storm, servers[i], shared_path));
      wait_until_serving (&storm, servers[i], "/api/lists");
      created = ews_test_api_create_list (servers[i], storm.id_token, "After");
      g_assert_nonnull (created);
    }

  /* Every acknowledged write is there. */
  g_assert_cmpint (count_ids (fixture, "lists", "list_id", storm.lists), ==, storm.lists->len);
  g_assert_cmpint (count_ids (fixture, "reservations", "reservation_id", storm.reservations), ==,
                   storm.reservations->len);
  g_assert_cmpuint (storm.reservations->len, <=, N_GIFTS * GIFT_QUANTITY);

  /* Nothing half-written. */
  g_assert_cmpint (query_number (fixture, "SELECT count (*) FROM gifts WHERE reserved + purchased > quantity"), ==, 0);
  g_assert_cmpint (query_number (fixture, "SELECT count (*) FROM gifts g WHERE g.reserved + g.purchased != "
                                          "(SELECT coalesce (sum (r.quantity), 0) FROM reservations r "
                                          " WHERE r.gift_id = g.gift_id AND r.state != 'cancelled')"),
                   ==, 0);
  g_assert_cmpint (query_number (fixture, "SELECT count (*) FROM reservations r "
                                          "WHERE NOT EXISTS (SELECT 1 FROM gifts g WHERE g.gift_id = r.gift_id)"),
                   ==, 0);
  g_assert_cmpint (query_number (fixture, "SELECT count (*) FROM gifts g "
                                          "WHERE NOT EXISTS (SELECT 1 FROM lists l WHERE l.list_id = g.list_id)"),
                   ==, 0);
  g_assert_cmpint (query_number (fixture, "SELECT count (*) FROM gifts"), ==, N_GIFTS);

  g_ptr_array_unref (storm.lists);
  g_ptr_array_unref (storm.reservations);
  g_object_unref (storm.session);
  for (guint i = 0; i < N_GIFTS; i++)
    g_free (product_ids[i]);
  for (guint i = 0; i < N_SERVERS; i++)
    ewe_test_server_free (servers[i]);
}

/* PostgreSQL restarted while the servers have nothing to do: the first
 * requests after it are served, not told 503 for each pooled connection
 * the restart closed. */
static void
test_database_restarted_while_idle (Fixture      *fixture,
                                    gconstpointer data)
{
  EweTestServer *servers[N_SERVERS];
  g_autoptr(JsonObject) tokens = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *list_id = NULL;
  g_autofree char *shared_path = NULL;

  for (guint i = 0; i < N_SERVERS; i++)
    servers[i] = start_server (fixture, NULL);
  ews_test_cognito_sign_up_and_confirm (servers[0], fixture->sink, OWNER_EMAIL, "Olive");
  tokens = ews_test_cognito_sign_in (servers[1], OWNER_EMAIL, EWS_TEST_COGNITO_PASSWORD);
  list_id = ews_test_api_create_list (servers[2], json_object_get_string_member (tokens, "IdToken"), "Wedding");
  shared_path = g_strdup_printf ("/api/lists/%s/shared", list_id);

  ews_test_postgres_stop_server (postgres);
  g_assert_true (ews_test_postgres_start_server (postgres, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < N_SERVERS; i++)
    {
      g_autofree char *created = NULL;

      for (guint request = 0; request < 3; request++)
        {
          g_autoptr(JsonNode) node = NULL;
          guint status = 0;

          node = ews_test_api_call (servers[i], "GET", shared_path, NULL, NULL, &status);
          g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
        }
      created = ews_test_api_create_list (servers[i], json_object_get_string_member (tokens, "IdToken"), "After");
      g_assert_nonnull (created);
    }

  for (guint i = 0; i < N_SERVERS; i++)
    ewe_test_server_free (servers[i]);
}

/* PostgreSQL is away: a request, to the API or for a guest page, is told
 * 503 and when to come back (Retry-After), so that a load balancer or the app backs off rather than
 * hammer the server; once PostgreSQL is back, the same request is served. */
static void
test_database_away_says_when_to_retry (Fixture      *fixture,
                                       gconstpointer data)
{
  EweTestServer *server = start_server (fixture, NULL);
  g_autoptr(JsonObject) tokens = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *list_id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;
  g_autofree char *page_url = NULL;

  ews_test_cognito_sign_up_and_confirm (server, fixture->sink, OWNER_EMAIL, "Olive");
  tokens = ews_test_cognito_sign_in (server, OWNER_EMAIL, EWS_TEST_COGNITO_PASSWORD);
  list_id = ews_test_api_create_list (server, json_object_get_string_member (tokens, "IdToken"), "Wedding");
  path = g_strdup_printf ("/api/lists/%s/shared", list_id);
  url = ewe_test_server_url (server, path);
  g_free (path);
  path = g_strdup_printf ("/lists/%s", list_id);
  page_url = ewe_test_server_url (server, path);

  ews_test_postgres_stop_server (postgres);

  msg = soup_message_new ("GET", url);
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_SERVICE_UNAVAILABLE);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After"), ==, "5");

  /* The guest page of the same list, as the API. */
  g_clear_pointer (&reply, g_bytes_unref);
  g_clear_object (&msg);
  msg = soup_message_new ("GET", page_url);
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_SERVICE_UNAVAILABLE);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After"), ==, "5");

  g_assert_true (ews_test_postgres_start_server (postgres, &error));
  g_assert_no_error (error);
  g_clear_pointer (&reply, g_bytes_unref);
  g_clear_object (&msg);
  msg = soup_message_new ("GET", url);
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  g_assert_null (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After"));

  ewe_test_server_free (server);
}

static void
test_postgres_missing (void)
{
  g_test_skip ("PostgreSQL 15 is not installed: the faults are not tested.");
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
      g_test_add_func ("/server/faults/postgresql-missing", test_postgres_missing);
    }
  else
    {
      g_assert_no_error (error);
      g_test_add ("/server/faults/server-killed-under-writes", Fixture, NULL, fixture_set_up,
                  test_server_killed_under_writes, fixture_tear_down);
      g_test_add ("/server/faults/claimed-mail-survives-its-server", Fixture, NULL, fixture_set_up,
                  test_claimed_mail_survives_its_server, fixture_tear_down);
      g_test_add ("/server/faults/database-restarted-under-load", Fixture, NULL, fixture_set_up,
                  test_database_restarted_under_load, fixture_tear_down);
      g_test_add ("/server/faults/database-restarted-while-idle", Fixture, NULL, fixture_set_up,
                  test_database_restarted_while_idle, fixture_tear_down);
      g_test_add ("/server/faults/database-away-says-when-to-retry", Fixture, NULL, fixture_set_up,
                  test_database_away_says_when_to_retry, fixture_tear_down);
    }

  status = g_test_run ();
  g_clear_pointer (&postgres, ews_test_postgres_stop);

  return status;
}
