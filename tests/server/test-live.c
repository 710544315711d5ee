/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "ews-test-api.h"
#include "ews-test-events.h"

/* Live updates on one server (SQLite): GET /api/events streams a "changed"
 * notice for each watched list that guests or its owner change, and for no
 * other; it is refused for lists that do not exist and beyond the streams
 * one client may hold; /metrics counts the streams; a shutdown ends them. */

#define METRICS_TOKEN "a-long-random-metrics-token-for-live-updates"
#define EVENT_WAIT_S 10

typedef struct
{
  char          *token_file;
  EweTestServer *server;
  char          *alice; /* the owner */
  char          *list_id;
  char          *other_list_id;
  char          *product_id; /* a gift on list_id, quantity 3 */
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token_option = NULL;
  int              fd;

  fd = g_file_open_tmp ("ewelists-live-token-XXXXXX", &fixture->token_file, &error);
  g_assert_no_error (error);
  g_close (fd, NULL);
  g_file_set_contents (fixture->token_file, METRICS_TOKEN "\n", -1, &error);
  g_assert_no_error (error);
  token_option = g_strdup_printf ("--metrics-token-file=%s", fixture->token_file);

  {
    /* Heartbeats every second, so that a test waiting for an event that
     * never comes gives up in time. */
    const char * const args[] = { token_option, "--live-heartbeat=1", "--max-live-streams-per-client=3", NULL };
    fixture->server = ewe_test_server_start (args);
  }
  g_assert_nonnull (fixture->server);

  fixture->alice = ews_test_api_token (fixture->server, "alice-sub", "alice@example.com", "Alice");
  fixture->list_id = ews_test_api_create_list (fixture->server, fixture->alice, "Wedding");
  fixture->other_list_id = ews_test_api_create_list (fixture->server, fixture->alice, "Birthday");
  fixture->product_id = ews_test_api_create_product (fixture->server, fixture->alice, "https://shop.example/kettle");
  ews_test_api_add_gift (fixture->server, fixture->alice, fixture->list_id, fixture->product_id, 3);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_clear_pointer (&fixture->server, ewe_test_server_free);
  g_unlink (fixture->token_file);
  g_clear_pointer (&fixture->token_file, g_free);
  g_clear_pointer (&fixture->alice, g_free);
  g_clear_pointer (&fixture->list_id, g_free);
  g_clear_pointer (&fixture->other_list_id, g_free);
  g_clear_pointer (&fixture->product_id, g_free);
}

static EwsTestEvents *
watch (Fixture    *fixture,
       const char *lists)
{
  guint          status = 0;
  EwsTestEvents *events = ews_test_events_open (fixture->server, lists, &status);

  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  g_assert_nonnull (events);
  return events;
}

static void
assert_changed (EwsTestEvents *events,
                const char    *list_id)
{
  g_autofree char *changed = ews_test_events_next_changed (events, EVENT_WAIT_S);

  g_assert_cmpstr (changed, ==, list_id);
}

static guint
call_status (Fixture    *fixture,
             const char *method,
             const char *path,
             const char *token,
             const char *body)
{
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  node = ews_test_api_call (fixture->server, method, path, token, body, &status);
  return status;
}

/* A guest reserving, changing and cancelling, and the owner changing the
 * gift, each reach a watcher of the list with no request of its own. */
static void
test_changes_reach_watcher (Fixture      *fixture,
                            gconstpointer data)
{
  g_autoptr(EwsTestEvents) events = watch (fixture, fixture->list_id);
  g_autofree char *reservation_id = NULL;
  g_autofree char *gift_path = g_strdup_printf ("/api/lists/%s/product/%s", fixture->list_id, fixture->product_id);
  g_autofree char *reservation_path = NULL;

  reservation_id = ews_test_api_reserve (fixture->server, fixture->list_id, fixture->product_id, "guest@example.com",
                                         "Gus", 1);
  assert_changed (events, fixture->list_id);

  reservation_path = g_strdup_printf ("/api/lists/reserve/%s/email/guest@example.com", reservation_id);
  g_assert_cmpuint (call_status (fixture, "PUT", reservation_path, NULL, "{\"quantity\": 2}"), ==, 200);
  assert_changed (events, fixture->list_id);

  g_assert_cmpuint (call_status (fixture, "DELETE", reservation_path, NULL, NULL), ==, 200);
  assert_changed (events, fixture->list_id);

  g_assert_cmpuint (call_status (fixture, "PUT", gift_path, fixture->alice, "{\"quantity\": 5}"), ==, 200);
  assert_changed (events, fixture->list_id);
}

/* A stream hears of its own lists only: a change to another list sends
 * it nothing, so the first notice it gets is for the list it watches. A
 * notice names the list and its version and nothing else (no giver, even
 * on a surprise list). */
static void
test_only_watched_lists (Fixture      *fixture,
                         gconstpointer data)
{
  g_autoptr(EwsTestEvents) events = watch (fixture, fixture->list_id);
  g_autofree char *other_path = g_strdup_printf ("/api/lists/%s", fixture->other_list_id);
  g_autofree char *event = NULL;
  g_autofree char *reservation_id = NULL;

  g_assert_cmpuint (call_status (fixture, "PUT", other_path, fixture->alice,
                                 "{\"title\": \"Birthday party\", \"description\": \"\", \"occasion\": \"Birthday\"}"),
                    ==, 200);
  reservation_id = ews_test_api_reserve (fixture->server, fixture->list_id, fixture->product_id, "guest@example.com",
                                         "Gus", 1);

  event = ews_test_events_next (events, EVENT_WAIT_S);
  ews_test_events_assert_notice (event, "changed", fixture->list_id);
}

/* One stream may watch several lists. */
static void
test_several_lists (Fixture      *fixture,
                    gconstpointer data)
{
  g_autofree char *both = g_strdup_printf ("%s,%s", fixture->list_id, fixture->other_list_id);
  g_autoptr(EwsTestEvents) events = watch (fixture, both);
  g_autofree char *close_path = g_strdup_printf ("/api/lists/%s/close", fixture->other_list_id);

  g_assert_cmpuint (call_status (fixture, "POST", close_path, fixture->alice, NULL), ==, 200);
  assert_changed (events, fixture->other_list_id);
}

/* Watching is reading: only lists that exist, which anyone holding their
 * id may read. */
static void
test_refusals (Fixture      *fixture,
               gconstpointer data)
{
  g_autofree char *with_unknown = g_strdup_printf ("%s,no-such-list", fixture->list_id);
  guint            status = 0;

  g_assert_null (ews_test_events_open (fixture->server, "no-such-list", &status));
  g_assert_cmpuint (status, ==, SOUP_STATUS_NOT_FOUND);
  g_assert_null (ews_test_events_open (fixture->server, with_unknown, &status));
  g_assert_cmpuint (status, ==, SOUP_STATUS_NOT_FOUND);
  g_assert_cmpuint (call_status (fixture, "GET", "/api/events", NULL, NULL), ==, SOUP_STATUS_BAD_REQUEST);
}

static double
live_gauge (Fixture *fixture)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = ewe_test_server_url (fixture->server, "/metrics");
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char      *line;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                "Bearer " METRICS_TOKEN);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  line = strstr (text, "\newelists_live_update_connections ");

  g_assert_nonnull (line);
  return g_ascii_strtod (line + strlen ("\newelists_live_update_connections "), NULL);
}

/* --max-live-streams-per-client caps one address's streams (429 beyond,
 * with a Retry-After); /metrics counts those open. */
static void
test_cap_and_gauge (Fixture      *fixture,
                    gconstpointer data)
{
  g_autoptr(EwsTestEvents) first = watch (fixture, fixture->list_id);
  g_autoptr(EwsTestEvents) second = watch (fixture, fixture->list_id);
  g_autoptr(EwsTestEvents) third = watch (fixture, fixture->other_list_id);
  guint status = 0;

  g_assert_cmpfloat (live_gauge (fixture), ==, 3);

  g_assert_null (ews_test_events_open (fixture->server, fixture->list_id, &status));
  g_assert_cmpuint (status, ==, 429);

  /* The streams still open all hear the change. */
  g_free (ews_test_api_reserve (fixture->server, fixture->list_id, fixture->product_id, "guest@example.com", "Gus", 1));
  assert_changed (first, fixture->list_id);
  assert_changed (second, fixture->list_id);
}

/* A clean shutdown ends the streams (their clients reconnect elsewhere)
 * rather than waiting for them. */
static void
test_shutdown_ends_streams (Fixture      *fixture,
                            gconstpointer data)
{
  g_autoptr(EwsTestEvents) events = watch (fixture, fixture->list_id);
  g_autofree char *after = NULL;

  g_assert_cmpint (ewe_test_server_stop (fixture->server), ==, 0);
  after = ews_test_events_next (events, EVENT_WAIT_S);
  g_assert_null (after);
}

/* Calls the API and returns the answer's Ewelists-List-Version header. */
static char *
call_for_version (Fixture    *fixture,
                  const char *method,
                  const char *path,
                  const char *token,
                  const char *body,
                  guint      *status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = ewe_test_server_url (fixture->server, path);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);

  return g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Ewelists-List-Version"));
}

/* Parses an Ewelists-List-Version header, "LIST_ID VERSION". */
static gint64
header_version (const char *header,
                const char *list_id)
{
  g_autofree char *prefix = g_strconcat (list_id, " ", NULL);

  g_assert_nonnull (header);
  g_assert_true (g_str_has_prefix (header, prefix));
  return g_ascii_strtoll (header + strlen (prefix), NULL, 10);
}

/* Each change makes the list's version grow; the write's answer says the
 * version it made, the same its notice carries, so the writer can tell its
 * own echo. Reads say none. */
static void
test_versions (Fixture      *fixture,
               gconstpointer data)
{
  g_autoptr(EwsTestEvents) events = watch (fixture, fixture->list_id);
  g_autofree char *gift_path = g_strdup_printf ("/api/lists/%s/product/%s", fixture->list_id, fixture->product_id);
  g_autofree char *list_path = g_strdup_printf ("/api/lists/%s", fixture->list_id);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *read = NULL;
  g_autofree char *first_event = NULL;
  g_autofree char *second_event = NULL;
  gint64           first_version = 0;
  gint64           second_version = 0;
  guint            status = 0;

  first = call_for_version (fixture, "PUT", gift_path, fixture->alice, "{\"quantity\": 5}", &status);
  g_assert_cmpuint (status, ==, 200);
  first_version = header_version (first, fixture->list_id);
  first_event = ews_test_events_next (events, EVENT_WAIT_S);
  g_assert_cmpint (ews_test_events_assert_notice (first_event, "changed", fixture->list_id), ==, first_version);

  second = call_for_version (fixture, "PUT", gift_path, fixture->alice, "{\"quantity\": 4}", &status);
  g_assert_cmpuint (status, ==, 200);
  second_version = header_version (second, fixture->list_id);
  g_assert_cmpint (second_version, >, first_version);
  second_event = ews_test_events_next (events, EVENT_WAIT_S);
  g_assert_cmpint (ews_test_events_assert_notice (second_event, "changed", fixture->list_id), ==, second_version);

  read = call_for_version (fixture, "GET", list_path, fixture->alice, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_null (read);

  /* A refused write changed nothing and says no version. */
  g_clear_pointer (&read, g_free);
  read = call_for_version (fixture, "PUT", gift_path, fixture->alice, "{\"quantity\": -1}", &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_null (read);
}

/* A user's stream (their token, &user=1) hears of lists that join their
 * lists, created on another device, and nobody else's; a user stream needs
 * a token and no lists. */
static void
test_user_stream (Fixture      *fixture,
                  gconstpointer data)
{
  g_autofree char *bob = ews_test_api_token (fixture->server, "bob-sub", "bob@example.com", "Bob");
  g_autoptr(EwsTestEvents) events = NULL;
  g_autofree char *bobs_list = NULL;
  g_autofree char *new_list = NULL;
  g_autofree char *event = NULL;
  guint            status = 0;

  g_assert_null (ews_test_events_open_full (fixture->server, "", NULL, TRUE, &status));
  g_assert_cmpuint (status, ==, SOUP_STATUS_UNAUTHORIZED);
  g_assert_null (ews_test_events_open_full (fixture->server, "", "not-a-token", TRUE, &status));
  g_assert_cmpuint (status, ==, SOUP_STATUS_UNAUTHORIZED);

  events = ews_test_events_open_full (fixture->server, "", fixture->alice, TRUE, &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  g_assert_nonnull (events);

  bobs_list = ews_test_api_create_list (fixture->server, bob, "Bob's");
  new_list = ews_test_api_create_list (fixture->server, fixture->alice, "Christmas");

  event = ews_test_events_next (events, EVENT_WAIT_S);
  ews_test_events_assert_notice (event, "lists", new_list);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/live/changes-reach-watcher", Fixture, NULL, fixture_set_up, test_changes_reach_watcher,
              fixture_tear_down);
  g_test_add ("/server/live/only-watched-lists", Fixture, NULL, fixture_set_up, test_only_watched_lists,
              fixture_tear_down);
  g_test_add ("/server/live/several-lists", Fixture, NULL, fixture_set_up, test_several_lists, fixture_tear_down);
  g_test_add ("/server/live/versions", Fixture, NULL, fixture_set_up, test_versions, fixture_tear_down);
  g_test_add ("/server/live/user-stream", Fixture, NULL, fixture_set_up, test_user_stream, fixture_tear_down);
  g_test_add ("/server/live/refusals", Fixture, NULL, fixture_set_up, test_refusals, fixture_tear_down);
  g_test_add ("/server/live/cap-and-gauge", Fixture, NULL, fixture_set_up, test_cap_and_gauge, fixture_tear_down);
  g_test_add ("/server/live/shutdown-ends-streams", Fixture, NULL, fixture_set_up, test_shutdown_ends_streams,
              fixture_tear_down);

  return g_test_run ();
}
