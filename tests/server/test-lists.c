/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <libsoup/soup.h>
#include <sqlite3.h>

#include "ews-test-api.h"

/* /api/lists, the owner's side: lists and the gifts on them. */

typedef struct
{
  EweTestServer *server;
  char          *alice; /* ID tokens */
  char          *bob;
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  fixture->server = ewe_test_server_start (NULL);
  g_assert_nonnull (fixture->server);
  fixture->alice = ews_test_api_token (fixture->server, "alice-sub", "Alice@Example.com", "Alice");
  fixture->bob = ews_test_api_token (fixture->server, "bob-sub", "bob@example.com", "Bob");
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_clear_pointer (&fixture->server, ewe_test_server_free);
  g_clear_pointer (&fixture->alice, g_free);
  g_clear_pointer (&fixture->bob, g_free);
}

static guint
status_of (Fixture    *fixture,
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

static guint
n_lists (Fixture    *fixture,
         const char *token,
         const char *which)
{
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  node = ews_test_api_call (fixture->server, "GET", "/api/lists", token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);

  return json_array_get_length (json_object_get_array_member (json_node_get_object (node), which));
}

static void
test_needs_an_id_token (Fixture      *fixture,
                        gconstpointer data)
{
  g_autofree char *access = ews_test_api_token_full (fixture->server, "alice-sub", NULL, "access", 3600);
  g_autofree char *expired = ews_test_api_token_full (fixture->server, "alice-sub", "a@example.com", "id", -10);
  g_autofree char *other_app = ews_test_api_token_for_client (fixture->server, "alice-sub", "a@example.com",
                                                              "someone-elses-client");
  g_autofree char *list_id = ews_test_api_create_list (fixture->server, fixture->alice, "Birthday");
  g_autofree char *path = g_strdup_printf ("/api/lists/%s", list_id);

  g_assert_cmpuint (status_of (fixture, "GET", "/api/lists", NULL, NULL), ==, 401);
  g_assert_cmpuint (status_of (fixture, "GET", "/api/lists", "not.a.token", NULL), ==, 401);
  g_assert_cmpuint (status_of (fixture, "GET", "/api/lists", access, NULL), ==, 401);
  g_assert_cmpuint (status_of (fixture, "GET", "/api/lists", expired, NULL), ==, 401);
  g_assert_cmpuint (status_of (fixture, "GET", "/api/lists", other_app, NULL), ==, 401);
  g_assert_cmpuint (status_of (fixture, "POST", "/api/lists", NULL, "{\"title\": \"x\"}"), ==, 401);
  g_assert_cmpuint (status_of (fixture, "GET", path, NULL, NULL), ==, 401);
  g_assert_cmpuint (status_of (fixture, "DELETE", path, NULL, NULL), ==, 401);
  g_assert_cmpuint (n_lists (fixture, fixture->alice, "owned"), ==, 1);
}

static void
test_bare_token_is_accepted (Fixture      *fixture,
                             gconstpointer data)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = ewe_test_server_url (fixture->server, "/api/lists");
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", fixture->alice);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
}

static void
test_create_get_update_close_delete (Fixture      *fixture,
                                     gconstpointer data)
{
  g_autofree char *list_id = ews_test_api_create_list (fixture->server, fixture->alice, "Wedding");
  g_autofree char *path = g_strdup_printf ("/api/lists/%s", list_id);
  g_autofree char *close_path = g_strdup_printf ("/api/lists/%s/close", list_id);
  g_autofree char *pk = NULL;
  g_autoptr(JsonNode) mine = NULL;
  g_autoptr(JsonNode) got = NULL;
  g_autoptr(JsonNode) updated = NULL;
  g_autoptr(JsonNode) closed = NULL;
  g_autoptr(JsonNode) deleted = NULL;
  g_autoptr(JsonNode) again = NULL;
  JsonObject *object, *list, *user, *updates;
  guint       status = 0;

  g_assert_true (g_uuid_string_is_valid (list_id));

  mine = ews_test_api_call (fixture->server, "GET", "/api/lists", fixture->alice, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  object = json_node_get_object (mine);
  user = json_object_get_object_member (object, "user");
  g_assert_cmpstr (json_object_get_string_member (user, "userId"), ==, "alice-sub");
  g_assert_cmpstr (json_object_get_string_member (user, "email"), ==, "alice@example.com");
  g_assert_cmpstr (json_object_get_string_member (user, "name"), ==, "Alice");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "owned")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "closed")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "reserved")), ==, 0);
  list = json_array_get_object_element (json_object_get_array_member (object, "owned"), 0);
  g_assert_cmpstr (json_object_get_string_member (list, "listId"), ==, list_id);
  g_assert_cmpstr (json_object_get_string_member (list, "title"), ==, "Wedding");
  g_assert_cmpstr (json_object_get_string_member (list, "occasion"), ==, "Christmas");
  g_assert_cmpstr (json_object_get_string_member (list, "eventDate"), ==, "2026-12-25");
  g_assert_cmpstr (json_object_get_string_member (list, "listOwner"), ==, "alice-sub");
  g_assert_cmpstr (json_object_get_string_member (list, "state"), ==, "open");

  got = ews_test_api_call (fixture->server, "GET", path, fixture->alice, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  object = json_node_get_object (got);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "list"), "description"),
                   ==, "A list");
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (object, "products")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "reserved")), ==, 0);

  updated = ews_test_api_call (fixture->server, "PUT", path, fixture->alice,
                               "{\"title\": \"Our wedding\", \"description\": \"June\", \"eventDate\": null, "
                               "\"occasion\": \"Wedding\", \"imageUrl\": \"/images/wedding.jpg\"}",
                               &status);
  g_assert_cmpuint (status, ==, 200);
  object = json_array_get_object_element (json_node_get_array (updated), 0);
  pk = g_strdup_printf ("LIST#%s", list_id);
  g_assert_cmpstr (json_object_get_string_member (object, "PK"), ==, pk);
  updates = json_object_get_object_member (object, "updates");
  g_assert_cmpstr (json_object_get_string_member (updates, "title"), ==, "Our wedding");
  g_assert_cmpstr (json_object_get_string_member (updates, "occasion"), ==, "Wedding");

  g_clear_pointer (&got, json_node_unref);
  got = ews_test_api_call (fixture->server, "GET", path, fixture->alice, NULL, &status);
  list = json_object_get_object_member (json_node_get_object (got), "list");
  g_assert_cmpstr (json_object_get_string_member (list, "title"), ==, "Our wedding");
  g_assert_false (json_object_has_member (list, "eventDate"));

  closed = ews_test_api_call (fixture->server, "POST", close_path, fixture->alice, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (closed), "closed"));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (closed), "listId"), ==, list_id);
  g_assert_cmpuint (n_lists (fixture, fixture->alice, "owned"), ==, 0);
  g_assert_cmpuint (n_lists (fixture, fixture->alice, "closed"), ==, 1);

  deleted = ews_test_api_call (fixture->server, "DELETE", path, fixture->alice, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (deleted), "deleted"));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (deleted), "count"), ==, 1);

  again = ews_test_api_call (fixture->server, "GET", path, fixture->alice, NULL, &status);
  g_assert_cmpuint (status, ==, 404);
  g_assert_cmpuint (status_of (fixture, "DELETE", path, fixture->alice, NULL), ==, 404);
  g_assert_cmpuint (n_lists (fixture, fixture->alice, "closed"), ==, 0);
}

/* A list's currency: pounds unless given (the original's lists were),
 * kept when an update leaves it out, and only ISO 4217's codes. */
static void
test_currency (Fixture      *fixture,
               gconstpointer data)
{
  g_autofree char *pounds = ews_test_api_create_list (fixture->server, fixture->alice, "Pounds");
  g_autofree char *pounds_path = g_strdup_printf ("/api/lists/%s", pounds);
  g_autofree char *euros = NULL;
  g_autofree char *euros_path = NULL;
  g_autofree char *shared_path = NULL;
  g_autoptr(JsonNode) got = NULL;
  g_autoptr(JsonNode) node = NULL;
  const char *refused[] = { "\"ABC\"", "\"eur\"", "\"EURO\"", "\"XAU\"", "3" };
  guint       status = 0;

  got = ews_test_api_call (fixture->server, "GET", pounds_path, fixture->alice, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (got), "list"),
                                                  "currency"),
                   ==, "GBP");
  g_clear_pointer (&got, json_node_unref);

  euros = ews_test_api_call_ok_member (fixture->server, "POST", "/api/lists", fixture->alice,
                                       "{\"title\": \"Euros\", \"currency\": \"EUR\"}", "listId");
  euros_path = g_strdup_printf ("/api/lists/%s", euros);
  shared_path = g_strdup_printf ("/api/lists/%s/shared", euros);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"title\": \"Euros\", \"currency\": %s}", refused[i]);

      node = ews_test_api_call (fixture->server, "PUT", euros_path, fixture->alice, body, &status);
      g_assert_cmpuint (status, ==, 400);
      g_clear_pointer (&node, json_node_unref);
      node = ews_test_api_call (fixture->server, "POST", "/api/lists", fixture->alice, body, &status);
      g_assert_cmpuint (status, ==, 400);
      g_clear_pointer (&node, json_node_unref);
    }

  /* Left out, it stays; given, it changes; guests see it. */
  node = ews_test_api_call (fixture->server, "PUT", euros_path, fixture->alice, "{\"title\": \"Still euros\"}", &status);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&node, json_node_unref);
  got = ews_test_api_call (fixture->server, "GET", shared_path, NULL, NULL, &status);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (got), "list"),
                                                  "currency"),
                   ==, "EUR");
  g_clear_pointer (&got, json_node_unref);

  node = ews_test_api_call (fixture->server, "PUT", euros_path, fixture->alice, "{\"currency\": \"JPY\"}", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_array_get_object_element (
                                                                                   json_node_get_array (node), 0),
                                                                                 "updates"),
                                                  "currency"),
                   ==, "JPY");
  got = ews_test_api_call (fixture->server, "GET", euros_path, fixture->alice, NULL, &status);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (got), "list"),
                                                  "currency"),
                   ==, "JPY");
}

static void
test_original_close_path (Fixture      *fixture,
                          gconstpointer data)
{
  g_autofree char *list_id = ews_test_api_create_list (fixture->server, fixture->alice, "Baby");
  g_autofree char *path = g_strdup_printf ("/api/lists/%s", list_id);

  g_assert_cmpuint (status_of (fixture, "POST", path, fixture->alice, NULL), ==, 200);
  g_assert_cmpuint (n_lists (fixture, fixture->alice, "closed"), ==, 1);
}

/* Bob can neither see nor change Alice's list, and learns nothing about it:
 * he gets the same 404 as for a list that does not exist. */
static void
test_other_users_list_is_not_found (Fixture      *fixture,
                                    gconstpointer data)
{
  g_autofree char *list_id = ews_test_api_create_list (fixture->server, fixture->alice, "Alice's");
  g_autofree char *product_id = ews_test_api_create_product (fixture->server, fixture->alice, "https://a.example/1");
  g_autofree char *path = g_strdup_printf ("/api/lists/%s", list_id);
  g_autofree char *close_path = g_strdup_printf ("/api/lists/%s/close", list_id);
  g_autofree char *gift_path = g_strdup_printf ("/api/lists/%s/product/%s", list_id, product_id);
  g_autofree char *missing = g_strdup_printf ("/api/lists/%s", "00000000-0000-4000-8000-000000000000");
  g_autoptr(JsonNode) bobs = NULL;
  g_autoptr(JsonNode) nothing = NULL;
  g_autoptr(JsonObject) gift = NULL;
  g_autofree char *bobs_text = NULL;
  g_autofree char *nothing_text = NULL;
  guint            status = 0;

  ews_test_api_add_gift (fixture->server, fixture->alice, list_id, product_id, 2);

  bobs = ews_test_api_call_full (fixture->server, "GET", path, fixture->bob, NULL, NULL, &status, &bobs_text);
  g_assert_cmpuint (status, ==, 404);
  nothing = ews_test_api_call_full (fixture->server, "GET", missing, fixture->bob, NULL, NULL, &status, &nothing_text);
  g_assert_cmpuint (status, ==, 404);
  g_assert_cmpstr (bobs_text, ==, nothing_text);

  g_assert_cmpuint (status_of (fixture, "PUT", path, fixture->bob, "{\"title\": \"Bob's now\"}"), ==, 404);
  g_assert_cmpuint (status_of (fixture, "POST", close_path, fixture->bob, NULL), ==, 404);
  g_assert_cmpuint (status_of (fixture, "PUT", gift_path, fixture->bob, "{\"quantity\": 9}"), ==, 404);
  g_assert_cmpuint (status_of (fixture, "DELETE", gift_path, fixture->bob, NULL), ==, 404);
  g_assert_cmpuint (status_of (fixture, "POST", gift_path, fixture->bob,
                               "{\"quantity\": 1, \"productType\": \"products\"}"),
                    ==, 404);
  g_assert_cmpuint (status_of (fixture, "DELETE", path, fixture->bob, NULL), ==, 404);

  /* Nothing changed. */
  g_assert_cmpuint (n_lists (fixture, fixture->bob, "owned"), ==, 0);
  g_assert_cmpuint (n_lists (fixture, fixture->alice, "owned"), ==, 1);
  gift = ews_test_api_get_gift (fixture->server, fixture->alice, list_id, product_id);
  g_assert_cmpint (json_object_get_int_member (gift, "quantity"), ==, 2);
}

static void
test_gifts (Fixture      *fixture,
            gconstpointer data)
{
  g_autofree char *list_id = ews_test_api_create_list (fixture->server, fixture->alice, "Gifts");
  g_autofree char *product_id = ews_test_api_create_product (fixture->server, fixture->alice, "https://a.example/2");
  g_autofree char *gift_path = g_strdup_printf ("/api/lists/%s/product/%s", list_id, product_id);
  g_autofree char *unknown_path = g_strdup_printf ("/api/lists/%s/product/no-such-product", list_id);
  g_autoptr(JsonObject) gift = NULL;
  g_autoptr(JsonNode) updated = NULL;
  guint status = 0;

  ews_test_api_add_gift (fixture->server, fixture->alice, list_id, product_id, 2);
  gift = ews_test_api_get_gift (fixture->server, fixture->alice, list_id, product_id);
  g_assert_cmpstr (json_object_get_string_member (gift, "productId"), ==, product_id);
  g_assert_cmpint (json_object_get_int_member (gift, "quantity"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (gift, "reserved"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (gift, "purchased"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (gift, "type"), ==, "products");
  g_assert_cmpstr (json_object_get_string_member (gift, "notes"), ==, "Size 4");

  /* Already there, unknown product, wrong type, bad quantities. */
  g_assert_cmpuint (status_of (fixture, "POST", gift_path, fixture->alice,
                               "{\"quantity\": 1, \"productType\": \"products\"}"),
                    ==, 409);
  g_assert_cmpuint (status_of (fixture, "POST", unknown_path, fixture->alice,
                               "{\"quantity\": 1, \"productType\": \"products\"}"),
                    ==, 404);
  g_assert_cmpuint (status_of (fixture, "POST", unknown_path, fixture->alice,
                               "{\"quantity\": 1, \"productType\": \"shoes\"}"),
                    ==, 400);
  g_assert_cmpuint (status_of (fixture, "POST", unknown_path, fixture->alice,
                               "{\"quantity\": 0, \"productType\": \"products\"}"),
                    ==, 400);
  g_assert_cmpuint (status_of (fixture, "POST", unknown_path, fixture->alice,
                               "{\"quantity\": \"2\", \"productType\": \"products\"}"),
                    ==, 400);
  g_assert_cmpuint (status_of (fixture, "POST", unknown_path, fixture->alice,
                               "{\"productType\": \"products\"}"),
                    ==, 400);

  updated = ews_test_api_call (fixture->server, "PUT", gift_path, fixture->alice,
                               "{\"quantity\": 5, \"notes\": \"Blue\"}", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (updated), "quantity"), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (updated), "notes"), ==, "Blue");
  g_clear_pointer (&gift, json_object_unref);
  gift = ews_test_api_get_gift (fixture->server, fixture->alice, list_id, product_id);
  g_assert_cmpint (json_object_get_int_member (gift, "quantity"), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (gift, "notes"), ==, "Blue");

  /* Notes left out stay; empty notes go. */
  g_assert_cmpuint (status_of (fixture, "PUT", gift_path, fixture->alice, "{\"quantity\": 5}"), ==, 200);
  g_clear_pointer (&gift, json_object_unref);
  gift = ews_test_api_get_gift (fixture->server, fixture->alice, list_id, product_id);
  g_assert_cmpstr (json_object_get_string_member (gift, "notes"), ==, "Blue");
  g_assert_cmpuint (status_of (fixture, "PUT", gift_path, fixture->alice, "{\"quantity\": 5, \"notes\": \"\"}"),
                    ==, 200);
  g_clear_pointer (&gift, json_object_unref);
  gift = ews_test_api_get_gift (fixture->server, fixture->alice, list_id, product_id);
  g_assert_false (json_object_has_member (gift, "notes"));

  g_assert_cmpuint (status_of (fixture, "PUT", unknown_path, fixture->alice, "{\"quantity\": 1}"), ==, 404);
  g_assert_cmpuint (status_of (fixture, "PUT", gift_path, fixture->alice, "{\"quantity\": -1}"), ==, 400);

  g_assert_cmpuint (status_of (fixture, "DELETE", gift_path, fixture->alice, NULL), ==, 200);
  g_assert_cmpuint (status_of (fixture, "DELETE", gift_path, fixture->alice, NULL), ==, 404);
}

/* @path's answer, which must be strict JSON: RFC 8259 wants every control
 * character in a string escaped, and browsers' JSON.parse() refuses one
 * that is not. Returns the list's title. */
static char *
strict_title (Fixture    *fixture,
              const char *path,
              const char *token,
              gboolean    in_owned)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  JsonObject      *list;
  guint            status = 0;

  node = ews_test_api_call_full (fixture->server, "GET", path, token, NULL, NULL, &status, &text);
  g_assert_cmpuint (status, ==, 200);
  for (const char *p = text; *p != '\0'; p++)
    g_assert_cmpint ((guchar)*p, >=, 0x20);

  if (in_owned)
    list = json_array_get_object_element (json_object_get_array_member (json_node_get_object (node), "owned"), 0);
  else
    list = json_object_get_object_member (json_node_get_object (node), "list");

  return g_strdup (json_object_get_string_member (list, "title"));
}

/* Titles are the owner's own words, control characters and all: every
 * view of a list gives them back as stored, in strict JSON. (json-glib's
 * printer, which the owner's views used, let U+001F through unescaped.) */
static void
test_control_characters_escaped (Fixture      *fixture,
                                 gconstpointer data)
{
  g_autofree char *list_id = ews_test_api_create_list (fixture->server, fixture->alice, "Plain");
  g_autofree char *path = g_strdup_printf ("/api/lists/%s", list_id);
  g_autofree char *shared_path = g_strdup_printf ("/api/lists/%s/shared", list_id);
  g_autofree char *mine = NULL;
  g_autofree char *owners = NULL;
  g_autofree char *guests = NULL;

  g_autoptr(JsonNode) updated = NULL;
  g_autofree char *update_text = NULL;
  guint            status = 0;

  /* The update's answer echoes the title: strict too. */
  updated = ews_test_api_call_full (fixture->server, "PUT", path, fixture->alice,
                                    "{\"title\": \"a\\u001fb\\u007fc\\td\"}", NULL, &status, &update_text);
  g_assert_cmpuint (status, ==, 200);
  for (const char *p = update_text; *p != '\0'; p++)
    g_assert_cmpint ((guchar)*p, >=, 0x20);

  mine = strict_title (fixture, "/api/lists", fixture->alice, TRUE);
  g_assert_cmpstr (mine, ==, "a\037b\177c\td");
  owners = strict_title (fixture, path, fixture->alice, FALSE);
  g_assert_cmpstr (owners, ==, "a\037b\177c\td");
  guests = strict_title (fixture, shared_path, NULL, FALSE);
  g_assert_cmpstr (guests, ==, "a\037b\177c\td");
}

/* Every kind of bad body is a 400 with an error message, and nothing is
 * stored. */
static void
test_bad_input_changes_nothing (Fixture      *fixture,
                                gconstpointer data)
{
  const char *bodies[] = {
    "",
    "{",
    "[1, 2]",
    "\"title\"",
    "{\"title\": 42}",
    "{\"title\": \"\"}",
    "{\"title\": null}",
    "{\"description\": \"no title\"}",
    "{\"title\": \"ok\", \"eventDate\": 2026}",
    "{\"title\": \"ok\", \"imageUrl\": [\"a\"]}",
    "{\"title\": \"\xff\xfe\"}",
  };
  g_autofree char *list_id = ews_test_api_create_list (fixture->server, fixture->alice, "Keep me");
  g_autofree char *path = g_strdup_printf ("/api/lists/%s", list_id);
  g_autoptr(JsonNode) got = NULL;
  guint status = 0;

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autofree char *escaped = g_strescape (bodies[i], NULL);

      g_test_message ("body: %s", escaped);
      g_assert_cmpuint (status_of (fixture, "POST", "/api/lists", fixture->alice, bodies[i]), ==, 400);
      /* An update may leave the title as it is. */
      if (strstr (bodies[i], "no title") == NULL)
        g_assert_cmpuint (status_of (fixture, "PUT", path, fixture->alice, bodies[i]), ==, 400);
    }

  g_assert_cmpuint (n_lists (fixture, fixture->alice, "owned"), ==, 1);
  got = ews_test_api_call (fixture->server, "GET", path, fixture->alice, NULL, &status);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (got), "list"),
                                                  "title"),
                   ==, "Keep me");
}

static void
test_huge_body_is_refused (Fixture      *fixture,
                           gconstpointer data)
{
  GString         *body = g_string_new ("{\"title\": \"");
  g_autofree char *text = NULL;

  while (body->len < 2 * 1024 * 1024)
    g_string_append (body, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
  g_string_append (body, "\"}");
  text = g_string_free (body, FALSE);

  g_assert_cmpuint (status_of (fixture, "POST", "/api/lists", fixture->alice, text), ==, 413);
  g_assert_cmpuint (n_lists (fixture, fixture->alice, "owned"), ==, 0);
}

/* Browsers may call the API from any page, as the original allowed: it
 * takes a bearer token, never a cookie. */
static void
test_cors (Fixture      *fixture,
           gconstpointer data)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = ewe_test_server_url (fixture->server, "/api/lists/some-list/product/some-product");
  g_autofree char *lists_url = ewe_test_server_url (fixture->server, "/api/lists");
  g_autoptr(SoupMessage) preflight = soup_message_new ("OPTIONS", url);
  g_autoptr(SoupMessage) answer = soup_message_new ("GET", lists_url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  soup_message_headers_replace (soup_message_get_request_headers (preflight), "Origin", "https://web.example");
  soup_message_headers_replace (soup_message_get_request_headers (preflight),
                                "Access-Control-Request-Method", "PUT");
  body = soup_session_send_and_read (session, preflight, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (preflight), ==, 204);
  headers = soup_message_get_response_headers (preflight);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Access-Control-Allow-Origin"), ==, "*");
  g_assert_nonnull (strstr (soup_message_headers_get_one (headers, "Access-Control-Allow-Methods"), "PUT"));
  g_assert_nonnull (strstr (soup_message_headers_get_one (headers, "Access-Control-Allow-Headers"), "Authorization"));

  /* Answers, errors included, may be read by the calling page. */
  g_clear_pointer (&body, g_bytes_unref);
  body = soup_session_send_and_read (session, answer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (answer), ==, 401);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (answer),
                                                 "Access-Control-Allow-Origin"),
                   ==, "*");
}

/* 100,000 "[" are well under the body limit, and would overflow the JSON
 * parser's stack: a 400 on every route that reads JSON, and the server
 * stays up (the sign-in API and odd path spellings: test-limits). */
static void
test_deep_json_is_refused (Fixture      *fixture,
                           gconstpointer data)
{
  g_autofree char *deep = g_strnfill (100000, '[');
  const char      *paths[] = { "/api/lists", "/api/contact", "//api/lists", "/api/lists/" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    g_assert_cmpuint (status_of (fixture, "POST", paths[i], fixture->alice, deep), ==, 400);
  /* Nothing reads the body of a request no route takes. */
  g_assert_cmpuint (status_of (fixture, "POST", "/api/no-such-route", fixture->alice, deep), ==, 404);

  g_assert_cmpuint (n_lists (fixture, fixture->alice, "owned"), ==, 0);
}

/* Under the body limit, but no title is 20,000 characters long. */
static void
test_long_string_is_refused (Fixture      *fixture,
                             gconstpointer data)
{
  g_autofree char *title = g_strnfill (20000, 'x');
  g_autofree char *body = g_strdup_printf ("{\"title\": \"%s\"}", title);

  g_assert_cmpuint (status_of (fixture, "POST", "/api/lists", fixture->alice, body), ==, 400);
  g_assert_cmpuint (n_lists (fixture, fixture->alice, "owned"), ==, 0);
}

/* A retry with the same Idempotency-Key creates nothing new and gets the
 * first answer; the same key for another request is refused. */
static void
test_idempotent_create (Fixture      *fixture,
                        gconstpointer data)
{
  const char *body = "{\"title\": \"Once\"}";
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) retry = NULL;
  g_autoptr(JsonNode) other = NULL;
  g_autoptr(JsonNode) bobs = NULL;
  g_autofree char *first_text = NULL;
  g_autofree char *retry_text = NULL;
  guint            status = 0;

  first = ews_test_api_call_full (fixture->server, "POST", "/api/lists", fixture->alice, body, "key-1",
                                  &status, &first_text);
  g_assert_cmpuint (status, ==, 200);
  retry = ews_test_api_call_full (fixture->server, "POST", "/api/lists", fixture->alice, body, "key-1",
                                  &status, &retry_text);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (first_text, ==, retry_text);
  g_assert_cmpuint (n_lists (fixture, fixture->alice, "owned"), ==, 1);

  other = ews_test_api_call_full (fixture->server, "POST", "/api/lists", fixture->alice, "{\"title\": \"Twice\"}",
                                  "key-1", &status, NULL);
  g_assert_cmpuint (status, ==, 422);
  g_assert_cmpuint (n_lists (fixture, fixture->alice, "owned"), ==, 1);

  /* Keys are per user: Bob's "key-1" is his own. */
  bobs = ews_test_api_call_full (fixture->server, "POST", "/api/lists", fixture->bob, body, "key-1", &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (n_lists (fixture, fixture->bob, "owned"), ==, 1);

  /* An error answer is recorded too, and a failed request stores nothing. */
  g_clear_pointer (&other, json_node_unref);
  other = ews_test_api_call_full (fixture->server, "POST", "/api/lists", fixture->alice, "{\"title\": 1}",
                                  "key-2", &status, NULL);
  g_assert_cmpuint (status, ==, 400);
  g_clear_pointer (&other, json_node_unref);
  other = ews_test_api_call_full (fixture->server, "POST", "/api/lists", fixture->alice, "{\"title\": 1}",
                                  "key-2", &status, NULL);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpuint (n_lists (fixture, fixture->alice, "owned"), ==, 1);
}

/* When the fault is ours (here: another process holds the database's
 * write lock past the busy timeout) the caller gets a 500 that says
 * nothing of our insides, nothing is stored, and since a 5xx is not
 * recorded for its Idempotency-Key, the retry is applied. */
static void
test_server_failure_is_retried (Fixture      *fixture,
                                gconstpointer data)
{
  g_autofree char *path = g_build_filename (fixture->server->data_dir, "ewelists.sqlite", NULL);
  g_autoptr(JsonNode) failed = NULL;
  g_autoptr(JsonNode) retried = NULL;
  const char *message;
  sqlite3    *db = NULL;
  guint       status = 0;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  failed = ews_test_api_call_full (fixture->server, "POST", "/api/lists", fixture->alice, "{\"title\": \"Busy\"}",
                                   "while-busy", &status, NULL);
  g_assert_cmpuint (status, ==, 500);
  message = json_object_get_string_member (json_node_get_object (failed), "error");
  g_assert_null (strstr (message, "database"));
  g_assert_null (strstr (message, "lock"));

  g_assert_cmpint (sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_assert_cmpuint (n_lists (fixture, fixture->alice, "owned"), ==, 0);
  retried = ews_test_api_call_full (fixture->server, "POST", "/api/lists", fixture->alice, "{\"title\": \"Busy\"}",
                                    "while-busy", &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (n_lists (fixture, fixture->alice, "owned"), ==, 1);
}

static void
test_restart_keeps_data (Fixture      *fixture,
                         gconstpointer data)
{
  g_autofree char *list_id = ews_test_api_create_list (fixture->server, fixture->alice, "Durable");
  g_autofree char *product_id = ews_test_api_create_product (fixture->server, fixture->alice, "https://a.example/3");
  g_autofree char *reservation_id = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) gift = NULL;
  g_autoptr(JsonNode) reservation = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) retry = NULL;
  g_autofree char *first_text = NULL;
  g_autofree char *retry_text = NULL;
  guint            status = 0;

  ews_test_api_add_gift (fixture->server, fixture->alice, list_id, product_id, 3);
  reservation_id = ews_test_api_reserve (fixture->server, list_id, product_id, "guest@example.com", "Guest", 2);
  first = ews_test_api_call_full (fixture->server, "POST", "/api/lists", fixture->alice, "{\"title\": \"Again\"}",
                                  "before-restart", &status, &first_text);
  g_assert_cmpuint (status, ==, 200);

  g_assert_true (ewe_test_server_restart (fixture->server));

  /* A retry that comes after a restart is still answered from the record. */
  retry = ews_test_api_call_full (fixture->server, "POST", "/api/lists", fixture->alice, "{\"title\": \"Again\"}",
                                  "before-restart", &status, &retry_text);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (first_text, ==, retry_text);
  g_assert_cmpuint (n_lists (fixture, fixture->alice, "owned"), ==, 2);

  gift = ews_test_api_get_gift (fixture->server, fixture->alice, list_id, product_id);
  g_assert_cmpint (json_object_get_int_member (gift, "quantity"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (gift, "reserved"), ==, 2);

  path = g_strdup_printf ("/api/lists/reservation/%s", reservation_id);
  reservation = ews_test_api_call (fixture->server, "GET", path, fixture->alice, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (reservation), "state"), ==, "reserved");

  /* Tokens signed before the restart still work: the keys are kept. */
  g_assert_cmpuint (status_of (fixture, "GET", "/api/lists", fixture->alice, NULL), ==, 200);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/server/lists/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("needs-an-id-token", test_needs_an_id_token);
  ADD ("bare-token-is-accepted", test_bare_token_is_accepted);
  ADD ("create-get-update-close-delete", test_create_get_update_close_delete);
  ADD ("original-close-path", test_original_close_path);
  ADD ("currency", test_currency);
  ADD ("other-users-list-is-not-found", test_other_users_list_is_not_found);
  ADD ("gifts", test_gifts);
  ADD ("control-characters-escaped", test_control_characters_escaped);
  ADD ("bad-input-changes-nothing", test_bad_input_changes_nothing);
  ADD ("huge-body-is-refused", test_huge_body_is_refused);
  ADD ("long-string-is-refused", test_long_string_is_refused);
  ADD ("deep-json-is-refused", test_deep_json_is_refused);
  ADD ("cors", test_cors);
  ADD ("idempotent-create", test_idempotent_create);
  ADD ("server-failure-is-retried", test_server_failure_is_retried);
  ADD ("restart-keeps-data", test_restart_keeps_data);

#undef ADD

  return g_test_run ();
}
