/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "ewe-test-server.h"
#include "ewe-test-smtp.h"
#include "ews-test-api.h"
#include "ews-test-backends.h"
#include "ews-test-cognito.h"

/* The reveal date and the thank-yous, through the HTTP API of a real
 * server, on SQLite and on PostgreSQL alike: before the reveal date no
 * giver's name, address or reservation id reaches the owner on any route;
 * from then on the owner sees who gave what, and thanks them. Time passes
 * through the server's injectable clock (--clock-offset-file), never a
 * sleep. */

#define OWNER_EMAIL "owner@example.org"
#define OTHER_EMAIL "other@example.org"
#define GUEST_EMAIL "gus.giver@example.org"
#define GUEST_NAME "Gus Giver"
#define DAY_S (24 * 60 * 60)

static EwsTestPostgres *postgres;

typedef struct
{
  EweTestSmtp   *sink;
  EweTestServer *server;
  char          *owner; /* ID tokens */
  char          *other;
} Fixture;

static char *
sign_up_and_in (Fixture    *fixture,
                const char *email,
                const char *name)
{
  g_autoptr(JsonObject) tokens = NULL;

  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, email, name);
  tokens = ews_test_cognito_sign_in (fixture->server, email, EWS_TEST_COGNITO_PASSWORD);
  return g_strdup (json_object_get_string_member (tokens, "IdToken"));
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  gboolean         on_postgres = GPOINTER_TO_INT (data);
  g_autofree char *smtp_url = NULL;
  g_autofree char *smtp = NULL;
  g_autofree char *database = NULL;

  fixture->sink = ewe_test_smtp_new ();
  smtp_url = ewe_test_smtp_dup_url (fixture->sink);
  smtp = g_strconcat ("--smtp-url=", smtp_url, NULL);

#ifdef EWS_TEST_HAVE_POSTGRES
  if (on_postgres)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *uri = ews_test_postgres_new_database (postgres, &error);

      g_assert_no_error (error);
      database = g_strconcat ("--database=", uri, NULL);
    }
#else
  g_assert_false (on_postgres);
#endif

  {
    /* The owner is the site's admin too, to add products to the catalogue. */
    const char *args[] = { "--public-url=" EWS_TEST_COGNITO_PUBLIC_URL,
                           "--mail-from=Ewelists <no-reply@ewelists.example.org>",
                           "--admin-email=" OWNER_EMAIL,
                           smtp,
                           database,
                           NULL };

    fixture->server = ewe_test_server_start (args);
  }
  g_assert_nonnull (fixture->server);

  fixture->owner = sign_up_and_in (fixture, OWNER_EMAIL, "Olive");
  fixture->other = sign_up_and_in (fixture, OTHER_EMAIL, "Otto");
}

/* Moves the server's clock on by @days; the ID tokens of before have
 * expired by then, so both users sign in again. */
static void
advance_days (Fixture *fixture,
              gint64   days)
{
  g_autoptr(JsonObject) owner = NULL;
  g_autoptr(JsonObject) other = NULL;

  ewe_test_server_advance_clock (fixture->server, days * DAY_S);
  owner = ews_test_cognito_sign_in (fixture->server, OWNER_EMAIL, EWS_TEST_COGNITO_PASSWORD);
  other = ews_test_cognito_sign_in (fixture->server, OTHER_EMAIL, EWS_TEST_COGNITO_PASSWORD);
  g_free (fixture->owner);
  fixture->owner = g_strdup (json_object_get_string_member (owner, "IdToken"));
  g_free (fixture->other);
  fixture->other = g_strdup (json_object_get_string_member (other, "IdToken"));
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_clear_pointer (&fixture->server, ewe_test_server_free);
  g_clear_pointer (&fixture->sink, ewe_test_smtp_free);
  g_clear_pointer (&fixture->owner, g_free);
  g_clear_pointer (&fixture->other, g_free);
}

/* The UTC day @days from the real now, YYYY-MM-DD. */
static char *
day_from_now (gint64 days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, (gint)days);

  return g_date_time_format (then, "%Y-%m-%d");
}

static char *
new_product (Fixture    *fixture,
             const char *url)
{
  g_autofree char *body = g_strdup_printf ("{\"brand\": \"Acme\", \"details\": \"Teapot\", "
                                           "\"productUrl\": \"%s\", \"retailer\": \"shop.example\", "
                                           "\"price\": \"19.99\"}",
                                           url);

  return ews_test_api_call_ok_member (fixture->server, "POST", "/api/products", fixture->owner, body, "productId");
}

/* A list with an event @event_in_days from now, one gift of two, and a
 * guest's reservation of one; returns the list's id. */
static char *
list_with_a_reservation (Fixture *fixture,
                         gint64   event_in_days,
                         char   **product_id,
                         char   **reservation_id)
{
  g_autofree char *event = day_from_now (event_in_days);
  g_autofree char *body = g_strdup_printf ("{\"title\": \"Wedding\", \"eventDate\": \"%s\"}", event);
  g_autofree char *list_id = NULL;

  list_id = ews_test_api_call_ok_member (fixture->server, "POST", "/api/lists", fixture->owner, body, "listId");
  *product_id = new_product (fixture, "https://shop.example/teapot");
  ews_test_api_add_gift (fixture->server, fixture->owner, list_id, *product_id, 2);
  *reservation_id = ews_test_api_reserve (fixture->server, list_id, *product_id, GUEST_EMAIL, GUEST_NAME, 1);
  g_assert_nonnull (*reservation_id);

  return g_steal_pointer (&list_id);
}

static char *
owner_view_text (Fixture    *fixture,
                 const char *list_id)
{
  g_autofree char *path = g_strconcat ("/api/lists/", list_id, NULL);

  return ews_test_api_get_text (fixture->server, path, fixture->owner);
}

static JsonObject *
owner_view (Fixture    *fixture,
            const char *list_id)
{
  g_autofree char *text = owner_view_text (fixture, list_id);
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
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

static void
assert_names_nobody (const char *text,
                     const char *reservation_id)
{
  g_assert_null (strstr (text, GUEST_EMAIL));
  g_assert_null (strstr (text, "Gus"));
  g_assert_null (strstr (text, reservation_id));
}

/* Before the reveal date the owner gets counts, and nothing else that
 * names the giver, from every route that shows an owner reservations;
 * once the server's clock passes the date, the owner sees who gave. */
static void
test_names_only_from_reveal_date (Fixture      *fixture,
                                  gconstpointer data)
{
  g_autofree char *product_id = NULL;
  g_autofree char *reservation_id = NULL;
  g_autofree char *list_id = list_with_a_reservation (fixture, 10, &product_id, &reservation_id);
  g_autofree char *reveal_on = day_from_now (11);
  g_autofree char *text = NULL;
  g_autofree char *mine = NULL;
  g_autofree char *reservation_path = g_strconcat ("/api/lists/reservation/", reservation_id, NULL);
  g_autoptr(JsonObject) view = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *list, *gift, *reservation;
  JsonArray  *reserved;
  guint       status = 0;

  text = owner_view_text (fixture, list_id);
  assert_names_nobody (text, reservation_id);
  view = owner_view (fixture, list_id);
  list = json_object_get_object_member (view, "list");
  g_assert_false (json_object_get_boolean_member (list, "revealed"));
  g_assert_cmpstr (json_object_get_string_member (list, "revealOn"), ==, reveal_on);
  g_assert_false (json_object_has_member (list, "revealDate"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (view, "reserved")), ==, 0);
  gift = json_object_get_object_member (json_object_get_object_member (view, "products"), product_id);
  g_assert_cmpint (json_object_get_int_member (gift, "reserved"), ==, 1);

  /* The owner's other ways in: the lists endpoint, the reservation by id. */
  mine = ews_test_api_get_text (fixture->server, "/api/lists", fixture->owner);
  assert_names_nobody (mine, reservation_id);
  g_assert_nonnull (strstr (mine, "\"revealed\":false"));
  node = ews_test_api_call (fixture->server, "GET", reservation_path, fixture->owner, NULL, &status);
  g_assert_cmpuint (status, ==, 400);
  g_clear_pointer (&node, json_node_unref);

  /* The day of the event is still before the reveal date. */
  advance_days (fixture, 10);
  g_clear_pointer (&text, g_free);
  text = owner_view_text (fixture, list_id);
  assert_names_nobody (text, reservation_id);

  /* The day after, the owner sees who gave what. */
  advance_days (fixture, 1);
  g_clear_pointer (&view, json_object_unref);
  view = owner_view (fixture, list_id);
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (view, "list"), "revealed"));
  reserved = json_object_get_array_member (view, "reserved");
  g_assert_cmpuint (json_array_get_length (reserved), ==, 1);
  reservation = json_array_get_object_element (reserved, 0);
  g_assert_cmpstr (json_object_get_string_member (reservation, "name"), ==, GUEST_NAME);
  g_assert_cmpstr (json_object_get_string_member (reservation, "email"), ==, GUEST_EMAIL);
  g_assert_cmpstr (json_object_get_string_member (reservation, "reservationId"), ==, reservation_id);
  g_assert_false (json_object_get_boolean_member (reservation, "thanked"));

  node = ews_test_api_call (fixture->server, "GET", reservation_path, fixture->owner, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "name"), ==, GUEST_NAME);
}

/* The owner chooses the reveal date; null goes back to the day after the
 * event; a day that is not YYYY-MM-DD is refused. */
static void
test_owner_sets_reveal_date (Fixture      *fixture,
                             gconstpointer data)
{
  g_autofree char *product_id = NULL;
  g_autofree char *reservation_id = NULL;
  g_autofree char *list_id = list_with_a_reservation (fixture, 10, &product_id, &reservation_id);
  g_autofree char *path = g_strconcat ("/api/lists/", list_id, NULL);
  g_autofree char *later = day_from_now (30);
  g_autofree char *later_body = g_strdup_printf ("{\"revealDate\": \"%s\"}", later);
  g_autofree char *default_day = day_from_now (11);
  g_autofree char *yesterday = day_from_now (-1);
  g_autofree char *yesterday_body = g_strdup_printf ("{\"revealDate\": \"%s\"}", yesterday);
  g_autoptr(JsonObject) view = NULL;
  JsonObject *list;

  g_assert_cmpuint (call_status (fixture, "PUT", path, fixture->owner, "{\"revealDate\": \"next week\"}"), ==, 400);
  g_assert_cmpuint (call_status (fixture, "PUT", path, fixture->owner, "{\"revealDate\": \"2027-02-30\"}"), ==, 400);

  g_assert_cmpuint (call_status (fixture, "PUT", path, fixture->owner, later_body), ==, 200);
  advance_days (fixture, 20);
  view = owner_view (fixture, list_id);
  list = json_object_get_object_member (view, "list");
  g_assert_cmpstr (json_object_get_string_member (list, "revealDate"), ==, later);
  g_assert_cmpstr (json_object_get_string_member (list, "revealOn"), ==, later);
  g_assert_false (json_object_get_boolean_member (list, "revealed"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (view, "reserved")), ==, 0);

  /* Another edit of the list keeps the chosen day. */
  g_assert_cmpuint (call_status (fixture, "PUT", path, fixture->owner, "{\"title\": \"Our wedding\"}"), ==, 200);
  g_clear_pointer (&view, json_object_unref);
  view = owner_view (fixture, list_id);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (view, "list"), "revealDate"), ==,
                   later);

  /* null: the default again, which has passed by now. */
  g_assert_cmpuint (call_status (fixture, "PUT", path, fixture->owner, "{\"revealDate\": null}"), ==, 200);
  g_clear_pointer (&view, json_object_unref);
  view = owner_view (fixture, list_id);
  list = json_object_get_object_member (view, "list");
  g_assert_false (json_object_has_member (list, "revealDate"));
  g_assert_cmpstr (json_object_get_string_member (list, "revealOn"), ==, default_day);
  g_assert_true (json_object_get_boolean_member (list, "revealed"));

  /* A day already past reveals at once: the owner's choice to make. */
  g_assert_cmpuint (call_status (fixture, "PUT", path, fixture->owner, yesterday_body), ==, 200);
  g_clear_pointer (&view, json_object_unref);
  view = owner_view (fixture, list_id);
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (view, "list"), "revealed"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (view, "reserved")), ==, 1);
}

/* A list with no event date and no reveal date has no surprise to keep. */
static void
test_no_date_no_secret (Fixture      *fixture,
                        gconstpointer data)
{
  g_autofree char *list_id = ews_test_api_call_ok_member (fixture->server, "POST", "/api/lists", fixture->owner,
                                                          "{\"title\": \"Birthday\"}", "listId");
  g_autofree char *product_id = new_product (fixture, "https://shop.example/kite");
  g_autofree char *reservation_id = NULL;
  g_autoptr(JsonObject) view = NULL;
  JsonObject *list;

  ews_test_api_add_gift (fixture->server, fixture->owner, list_id, product_id, 1);
  reservation_id = ews_test_api_reserve (fixture->server, list_id, product_id, GUEST_EMAIL, GUEST_NAME, 1);
  view = owner_view (fixture, list_id);
  list = json_object_get_object_member (view, "list");
  g_assert_true (json_object_get_boolean_member (list, "revealed"));
  g_assert_false (json_object_has_member (list, "revealOn"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (view, "reserved")), ==, 1);
}

/* Gifts received may be marked at any time; givers are thanked from the
 * reveal date on, by address (without case), all their gifts at once;
 * nobody but the owner may do either. */
static void
test_received_and_thanked (Fixture      *fixture,
                           gconstpointer data)
{
  g_autofree char *product_id = NULL;
  g_autofree char *reservation_id = NULL;
  g_autofree char *list_id = list_with_a_reservation (fixture, 2, &product_id, &reservation_id);
  g_autofree char *received_path = g_strdup_printf ("/api/lists/%s/product/%s/received", list_id, product_id);
  g_autofree char *thanks_path = g_strdup_printf ("/api/lists/%s/thanks", list_id);
  g_autofree char *missing_path = g_strdup_printf ("/api/lists/%s/product/no-such-gift/received", list_id);
  g_autoptr(JsonObject) view = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *gift, *reservation;
  guint       status = 0;

  g_assert_cmpuint (call_status (fixture, "PUT", received_path, fixture->owner, "{\"received\": true}"), ==, 200);
  g_assert_cmpuint (call_status (fixture, "PUT", received_path, fixture->other, "{\"received\": false}"), ==, 404);
  g_assert_cmpuint (call_status (fixture, "PUT", received_path, fixture->owner, "{}"), ==, 400);
  g_assert_cmpuint (call_status (fixture, "PUT", missing_path, fixture->owner, "{\"received\": true}"), ==, 404);
  view = owner_view (fixture, list_id);
  gift = json_object_get_object_member (json_object_get_object_member (view, "products"), product_id);
  g_assert_true (json_object_get_boolean_member (gift, "received"));

  /* Before the reveal date, thanking would tell the owner who gave. */
  g_assert_cmpuint (call_status (fixture, "PUT", thanks_path, fixture->owner,
                                 "{\"email\": \"" GUEST_EMAIL "\", \"thanked\": true}"),
                    ==, 409);
  g_assert_cmpuint (call_status (fixture, "PUT", thanks_path, fixture->owner,
                                 "{\"email\": \"nobody@example.org\", \"thanked\": true}"),
                    ==, 409);

  advance_days (fixture, 3);
  g_assert_cmpuint (call_status (fixture, "PUT", thanks_path, fixture->other,
                                 "{\"email\": \"" GUEST_EMAIL "\", \"thanked\": true}"),
                    ==, 404);
  g_assert_cmpuint (call_status (fixture, "PUT", thanks_path, fixture->owner,
                                 "{\"email\": \"nobody@example.org\", \"thanked\": true}"),
                    ==, 404);
  g_assert_cmpuint (call_status (fixture, "PUT", thanks_path, fixture->owner, "{\"thanked\": true}"), ==, 400);

  node = ews_test_api_call (fixture->server, "PUT", thanks_path, fixture->owner,
                            "{\"email\": \"GUS.Giver@example.org\", \"thanked\": true}", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "count"), ==, 1);

  g_clear_pointer (&view, json_object_unref);
  view = owner_view (fixture, list_id);
  reservation = json_array_get_object_element (json_object_get_array_member (view, "reserved"), 0);
  g_assert_true (json_object_get_boolean_member (reservation, "thanked"));

  /* A second gift from the same giver is still to thank. */
  {
    g_autofree char *second = new_product (fixture, "https://shop.example/cups");
    g_autofree char *second_reservation = NULL;
    JsonArray       *reserved;

    ews_test_api_add_gift (fixture->server, fixture->owner, list_id, second, 1);
    second_reservation = ews_test_api_reserve (fixture->server, list_id, second, GUEST_EMAIL, GUEST_NAME, 1);
    g_clear_pointer (&view, json_object_unref);
    view = owner_view (fixture, list_id);
    reserved = json_object_get_array_member (view, "reserved");
    g_assert_cmpuint (json_array_get_length (reserved), ==, 2);
    g_assert_false (json_object_get_boolean_member (json_array_get_object_element (reserved, 1), "thanked"));
  }

  /* And back: not thanked after all. */
  g_assert_cmpuint (call_status (fixture, "PUT", thanks_path, fixture->owner,
                                 "{\"email\": \"" GUEST_EMAIL "\", \"thanked\": false}"),
                    ==, 200);
  g_clear_pointer (&view, json_object_unref);
  view = owner_view (fixture, list_id);
  reservation = json_array_get_object_element (json_object_get_array_member (view, "reserved"), 0);
  g_assert_false (json_object_get_boolean_member (reservation, "thanked"));
}

static const EwsTestBackendCase backend_cases[] = {
  EWS_TEST_BACKEND_CASE ("names-only-from-reveal-date", test_names_only_from_reveal_date),
  EWS_TEST_BACKEND_CASE ("owner-sets-reveal-date", test_owner_sets_reveal_date),
  EWS_TEST_BACKEND_CASE ("no-date-no-secret", test_no_date_no_secret),
  EWS_TEST_BACKEND_CASE ("received-and-thanked", test_received_and_thanked),
};

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  ews_test_add_backend_cases ("/server/reveal", Fixture, fixture_set_up, fixture_tear_down, backend_cases, &postgres);

  status = g_test_run ();

  ews_test_stop_backends (&postgres);

  return status;
}
