/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <libsoup/soup.h>

#include "ewe-test-smtp.h"
#include "ews-test-api.h"

/* /api/lists, the guests' side: reserving, buying, cancelling, and what the
 * owner's changes do to reservations. */

typedef struct
{
  EweTestSmtp   *smtp; /* where the guests' mails go */
  EweTestServer *server;
  char          *alice; /* the list's owner */
  char          *bob;   /* a signed-in guest */
  char          *list_id;
  char          *product_id; /* a gift on the list, quantity 3 */
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autofree char *smtp_url = NULL;
  g_autofree char *smtp_arg = NULL;

  fixture->smtp = ewe_test_smtp_new ();
  smtp_url = ewe_test_smtp_dup_url (fixture->smtp);
  smtp_arg = g_strconcat ("--smtp-url=", smtp_url, NULL);
  {
    const char * const args[] = { smtp_arg, NULL };
    fixture->server = ewe_test_server_start (args);
  }
  g_assert_nonnull (fixture->server);
  fixture->alice = ews_test_api_token (fixture->server, "alice-sub", "alice@example.com", "Alice");
  fixture->bob = ews_test_api_token (fixture->server, "bob-sub", "bob@example.com", "Bob");
  fixture->list_id = ews_test_api_create_list (fixture->server, fixture->alice, "Baby shower");
  fixture->product_id = ews_test_api_create_product (fixture->server, fixture->alice, "https://shop.example/pram");
  ews_test_api_add_gift (fixture->server, fixture->alice, fixture->list_id, fixture->product_id, 3);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_clear_pointer (&fixture->server, ewe_test_server_free);
  g_clear_pointer (&fixture->smtp, ewe_test_smtp_free);
  g_clear_pointer (&fixture->alice, g_free);
  g_clear_pointer (&fixture->bob, g_free);
  g_clear_pointer (&fixture->list_id, g_free);
  g_clear_pointer (&fixture->product_id, g_free);
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

/* As status_of(), taking ownership of @path. */
static guint
status_at (Fixture    *fixture,
           const char *method,
           char       *path,
           const char *token,
           const char *body)
{
  g_autofree char *owned = path;

  return status_of (fixture, method, owned, token, body);
}

static void
assert_counts (Fixture *fixture,
               gint64   reserved,
               gint64   purchased)
{
  g_autoptr(JsonObject) gift = ews_test_api_get_gift (fixture->server, fixture->alice,
                                                       fixture->list_id, fixture->product_id);

  g_assert_cmpint (json_object_get_int_member (gift, "reserved"), ==, reserved);
  g_assert_cmpint (json_object_get_int_member (gift, "purchased"), ==, purchased);
}

static char *
reserve_path (Fixture    *fixture,
              const char *email)
{
  return g_strdup_printf ("/api/lists/%s/reserve/%s/email/%s", fixture->list_id, fixture->product_id, email);
}

static void
test_reserve_update_purchase (Fixture      *fixture,
                              gconstpointer data)
{
  g_autofree char *id = ews_test_api_reserve (fixture->server, fixture->list_id, fixture->product_id,
                                              "Carol@Example.com", "Carol", 1);
  g_autofree char *get_path = g_strdup_printf ("/api/lists/reservation/%s/email/carol@example.com", id);
  g_autofree char *update_path = g_strdup_printf ("/api/lists/reserve/%s/email/carol@example.com", id);
  g_autofree char *purchase_path = g_strdup_printf ("/api/lists/purchase/%s/email/carol@example.com", id);
  g_autoptr(JsonNode) reservation = NULL;
  g_autofree char *owner_path = NULL;
  g_autoptr(JsonNode) owner_view = NULL;
  g_autoptr(JsonNode) purchased = NULL;
  JsonObject *object;
  guint       status = 0;

  g_assert_true (g_uuid_string_is_valid (id));
  assert_counts (fixture, 1, 0);

  reservation = ews_test_api_call (fixture->server, "GET", get_path, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  object = json_node_get_object (reservation);
  g_assert_cmpstr (json_object_get_string_member (object, "reservationId"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (object, "productId"), ==, fixture->product_id);
  g_assert_cmpstr (json_object_get_string_member (object, "listId"), ==, fixture->list_id);
  g_assert_false (json_object_has_member (object, "listOwnerId"));
  g_assert_cmpstr (json_object_get_string_member (object, "listTitle"), ==, "Baby shower");
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "Carol");
  g_assert_cmpstr (json_object_get_string_member (object, "email"), ==, "carol@example.com");
  g_assert_cmpstr (json_object_get_string_member (object, "userId"), ==, "carol@example.com");
  g_assert_cmpstr (json_object_get_string_member (object, "state"), ==, "reserved");
  g_assert_cmpstr (json_object_get_string_member (object, "productType"), ==, "products");
  g_assert_cmpint (json_object_get_int_member (object, "quantity"), ==, 1);

  /* The owner sees who reserved. */
  owner_path = g_strdup_printf ("/api/lists/%s", fixture->list_id);
  owner_view = ews_test_api_call (fixture->server, "GET", owner_path, fixture->alice, NULL, &status);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (owner_view),
                                                                         "reserved")),
                    ==, 1);

  /* Same guest again: change the reservation instead. */
  g_assert_cmpuint (status_at (fixture, "POST", reserve_path (fixture, "carol@example.com"), NULL,
                               "{\"quantity\": 1, \"name\": \"Carol\"}"),
                    ==, 409);

  g_assert_cmpuint (status_of (fixture, "PUT", update_path, NULL, "{\"quantity\": 2}"), ==, 200);
  assert_counts (fixture, 2, 0);
  g_assert_cmpuint (status_of (fixture, "PUT", update_path, NULL, "{\"quantity\": 4}"), ==, 409);
  g_assert_cmpuint (status_of (fixture, "PUT", update_path, NULL, "{\"quantity\": 0}"), ==, 400);
  g_assert_cmpuint (status_of (fixture, "PUT", update_path, NULL, "{}"), ==, 400);
  assert_counts (fixture, 2, 0);

  purchased = ews_test_api_call (fixture->server, "PUT", purchase_path, NULL,
                                 "{\"product\": {\"brand\": \"ignored\"}}", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (purchased), "purchased"));
  assert_counts (fixture, 0, 2);

  /* Bought is final. */
  g_assert_cmpuint (status_of (fixture, "PUT", purchase_path, NULL, "{}"), ==, 409);
  g_assert_cmpuint (status_of (fixture, "DELETE", update_path, NULL, NULL), ==, 409);
  g_assert_cmpuint (status_of (fixture, "PUT", update_path, NULL, "{\"quantity\": 1}"), ==, 409);
  assert_counts (fixture, 0, 2);

  /* Only one is left to reserve. */
  g_assert_cmpuint (status_at (fixture, "POST", reserve_path (fixture, "dan@example.com"), NULL,
                               "{\"quantity\": 2, \"name\": \"Dan\"}"),
                    ==, 409);
  g_assert_cmpuint (status_at (fixture, "POST", reserve_path (fixture, "dan@example.com"), NULL,
                               "{\"quantity\": 1, \"name\": \"Dan\"}"),
                    ==, 200);
  assert_counts (fixture, 1, 2);
}

/* "As many as you like": the owner makes the gift unlimited, guests
 * reserve beyond its quantity, and the counts say how many were given; it
 * turns limited again only with a quantity that covers them. */
static void
test_unlimited_gift (Fixture      *fixture,
                     gconstpointer data)
{
  g_autofree char *gift_path = g_strdup_printf ("/api/lists/%s/product/%s", fixture->list_id, fixture->product_id);
  g_autofree char *shared_path = g_strdup_printf ("/api/lists/%s/shared", fixture->list_id);
  g_autoptr(JsonNode) shared = NULL;
  g_autoptr(JsonObject) gift = NULL;
  g_autofree char *id = NULL;
  JsonObject      *shared_gift;
  guint            status = 0;

  gift = ews_test_api_get_gift (fixture->server, fixture->alice, fixture->list_id, fixture->product_id);
  g_assert_false (json_object_get_boolean_member (gift, "unlimited"));
  g_clear_pointer (&gift, json_object_unref);

  g_assert_cmpuint (status_of (fixture, "PUT", gift_path, fixture->alice, "{\"quantity\": 1, \"unlimited\": \"yes\"}"),
                    ==, 400);
  g_assert_cmpuint (status_of (fixture, "PUT", gift_path, fixture->alice, "{\"quantity\": 1, \"unlimited\": true}"),
                    ==, 200);

  /* Seven from a signed-in guest (confirmed, so not held to the
   * unconfirmed limit), then two more. */
  g_assert_cmpuint (status_at (fixture, "POST", reserve_path (fixture, "bob@example.com"), fixture->bob,
                               "{\"quantity\": 7, \"name\": \"Bob\"}"),
                    ==, 200);
  id = ews_test_api_reserve (fixture->server, fixture->list_id, fixture->product_id, "carol@example.com", "Carol", 2);
  assert_counts (fixture, 9, 0);

  /* A PUT that does not name it keeps it unlimited. */
  g_assert_cmpuint (status_of (fixture, "PUT", gift_path, fixture->alice, "{\"quantity\": 2, \"notes\": \"Size 3\"}"),
                    ==, 200);
  gift = ews_test_api_get_gift (fixture->server, fixture->alice, fixture->list_id, fixture->product_id);
  g_assert_true (json_object_get_boolean_member (gift, "unlimited"));
  g_assert_cmpint (json_object_get_int_member (gift, "quantity"), ==, 2);
  g_clear_pointer (&gift, json_object_unref);

  /* Guests see it too, with the counts. */
  shared = ews_test_api_call (fixture->server, "GET", shared_path, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  shared_gift = json_object_get_object_member (json_object_get_object_member (json_node_get_object (shared), "products"),
                                               fixture->product_id);
  g_assert_true (json_object_get_boolean_member (shared_gift, "unlimited"));
  g_assert_cmpint (json_object_get_int_member (shared_gift, "reserved"), ==, 9);

  /* Limited again only with room for the nine; all or nothing. */
  g_assert_cmpuint (status_of (fixture, "PUT", gift_path, fixture->alice, "{\"quantity\": 8, \"unlimited\": false}"),
                    ==, 409);
  gift = ews_test_api_get_gift (fixture->server, fixture->alice, fixture->list_id, fixture->product_id);
  g_assert_true (json_object_get_boolean_member (gift, "unlimited"));
  g_assert_cmpint (json_object_get_int_member (gift, "quantity"), ==, 2);
  g_clear_pointer (&gift, json_object_unref);
  g_assert_cmpuint (status_of (fixture, "PUT", gift_path, fixture->alice, "{\"quantity\": 9, \"unlimited\": false}"),
                    ==, 200);
  g_assert_cmpuint (status_at (fixture, "POST", reserve_path (fixture, "dan@example.com"), NULL,
                               "{\"quantity\": 1, \"name\": \"Dan\"}"),
                    ==, 409);
}

static void
test_unreserve (Fixture      *fixture,
                gconstpointer data)
{
  g_autofree char *id = ews_test_api_reserve (fixture->server, fixture->list_id, fixture->product_id,
                                              "erin@example.com", "Erin", 2);
  g_autofree char *path = g_strdup_printf ("/api/lists/reserve/%s/email/erin@example.com", id);
  g_autofree char *wrong_email = g_strdup_printf ("/api/lists/reserve/%s/email/mallory@example.com", id);
  g_autofree char *bad_email = g_strdup_printf ("/api/lists/reserve/%s/email/not-an-address", id);
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  assert_counts (fixture, 2, 0);

  /* The id alone is not enough, nor a made-up id. */
  g_assert_cmpuint (status_of (fixture, "DELETE", wrong_email, NULL, NULL), ==, 404);
  g_assert_cmpuint (status_at (fixture, "PUT", g_strdup_printf ("/api/lists/purchase/%s/email/mallory@example.com", id),
                               NULL, "{}"),
                    ==, 404);
  g_assert_cmpuint (status_of (fixture, "DELETE", bad_email, NULL, NULL), ==, 400);
  g_assert_cmpuint (status_of (fixture, "DELETE", "/api/lists/reserve/no-such-id/email/erin@example.com",
                               NULL, NULL),
                    ==, 404);
  assert_counts (fixture, 2, 0);

  node = ews_test_api_call (fixture->server, "DELETE", path, NULL, "{\"name\": \"Erin\"}", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (node), "unreserved"));
  assert_counts (fixture, 0, 0);

  g_assert_cmpuint (status_of (fixture, "DELETE", path, NULL, NULL), ==, 409);
  assert_counts (fixture, 0, 0);

  /* Cancelled, the guest may reserve again. */
  g_free (ews_test_api_reserve (fixture->server, fixture->list_id, fixture->product_id, "erin@example.com", "Erin", 3));
  assert_counts (fixture, 3, 0);
}

static void
test_bad_reservations_change_nothing (Fixture      *fixture,
                                      gconstpointer data)
{
  g_autofree char *unknown_list = g_strdup_printf ("/api/lists/nope/reserve/%s/email/a@example.com",
                                                   fixture->product_id);
  g_autofree char *unknown_gift = g_strdup_printf ("/api/lists/%s/reserve/nope/email/a@example.com",
                                                   fixture->list_id);

  g_assert_cmpuint (status_at (fixture, "POST", reserve_path (fixture, "a@example.com"), NULL,
                               "{\"quantity\": 4, \"name\": \"A\"}"),
                    ==, 409);
  g_assert_cmpuint (status_at (fixture, "POST", reserve_path (fixture, "a@example.com"), NULL,
                               "{\"quantity\": 0, \"name\": \"A\"}"),
                    ==, 400);
  g_assert_cmpuint (status_at (fixture, "POST", reserve_path (fixture, "a@example.com"), NULL,
                               "{\"quantity\": 1.5, \"name\": \"A\"}"),
                    ==, 400);
  g_assert_cmpuint (status_at (fixture, "POST", reserve_path (fixture, "a@example.com"), NULL,
                               "{\"quantity\": 1}"),
                    ==, 400);
  g_assert_cmpuint (status_at (fixture, "POST", reserve_path (fixture, "a@example.com"), NULL,
                               "not json"),
                    ==, 400);
  g_assert_cmpuint (status_at (fixture, "POST", reserve_path (fixture, "not-an-email"), NULL,
                               "{\"quantity\": 1, \"name\": \"A\"}"),
                    ==, 400);
  g_assert_cmpuint (status_at (fixture, "POST", reserve_path (fixture, "a%40b"), NULL,
                               "{\"quantity\": 1, \"name\": \"A\"}"),
                    ==, 400);
  /* Not UTF-8 at all; the answer must still be valid JSON. */
  g_assert_cmpuint (status_at (fixture, "POST", reserve_path (fixture, "%FF%FE%40example.com"), NULL,
                               "{\"quantity\": 1, \"name\": \"A\"}"),
                    ==, 400);
  g_assert_cmpuint (status_of (fixture, "POST", unknown_list, NULL, "{\"quantity\": 1, \"name\": \"A\"}"), ==, 404);
  g_assert_cmpuint (status_of (fixture, "POST", unknown_gift, NULL, "{\"quantity\": 1, \"name\": \"A\"}"), ==, 404);
  g_assert_cmpuint (status_of (fixture, "GET", "/api/lists/reservation/nope/email/a%40example.com", NULL, NULL),
                    ==, 404);

  assert_counts (fixture, 0, 0);
}

static void
test_closed_list_refuses_reservations (Fixture      *fixture,
                                       gconstpointer data)
{
  g_autofree char *id = ews_test_api_reserve (fixture->server, fixture->list_id, fixture->product_id,
                                              "early@example.com", "Early", 1);
  g_autofree char *close_path = g_strdup_printf ("/api/lists/%s/close", fixture->list_id);
  g_autofree char *update_path = g_strdup_printf ("/api/lists/reserve/%s/email/early@example.com", id);
  g_autofree char *purchase_path = g_strdup_printf ("/api/lists/purchase/%s/email/early@example.com", id);
  g_autofree char *late_path = NULL;
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  g_assert_cmpuint (status_of (fixture, "POST", close_path, fixture->alice, NULL), ==, 200);

  late_path = reserve_path (fixture, "late@example.com");
  node = ews_test_api_call (fixture->server, "POST", late_path, NULL, "{\"quantity\": 1, \"name\": \"Late\"}", &status);
  g_assert_cmpuint (status, ==, 409);
  g_assert_nonnull (strstr (json_object_get_string_member (json_node_get_object (node), "error"), "closed"));

  /* No more than was promised, but what was promised can still be bought. */
  g_assert_cmpuint (status_of (fixture, "PUT", update_path, NULL, "{\"quantity\": 2}"), ==, 409);
  g_assert_cmpuint (status_of (fixture, "PUT", purchase_path, NULL, "{}"), ==, 200);
  assert_counts (fixture, 0, 1);
}

typedef struct
{
  guint n_pending;
  guint n_ok;
  guint n_conflict;
  guint n_other;
} Race;

static void
race_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  Race        *race = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  g_assert_no_error (error);

  if (soup_message_get_status (msg) == SOUP_STATUS_OK)
    race->n_ok++;
  else if (soup_message_get_status (msg) == SOUP_STATUS_CONFLICT)
    race->n_conflict++;
  else
    race->n_other++;

  race->n_pending--;
}

/* Fifty guests click "reserve" on the same gift at once; three are wanted,
 * exactly three get it and the others are told it is taken. */
static void
test_fifty_concurrent_reservations (Fixture      *fixture,
                                    gconstpointer data)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("max-conns", 64,
                                                                   "max-conns-per-host", 64,
                                                                   NULL);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  Race race = { 0 };

  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *email = g_strdup_printf ("guest%u@example.com", i);
      g_autofree char *path = reserve_path (fixture, email);
      g_autofree char *url = ewe_test_server_url (fixture->server, path);
      const char      *json = "{\"quantity\": 1, \"name\": \"Guest\"}";
      g_autoptr(GBytes) body = g_bytes_new_static (json, strlen (json));
      SoupMessage *msg = soup_message_new ("POST", url);

      soup_message_set_request_body_from_bytes (msg, "application/json", body);
      g_ptr_array_add (messages, msg);
      race.n_pending++;
      soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, race_done_cb, &race);
    }

  while (race.n_pending > 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (race.n_ok, ==, 3);
  g_assert_cmpuint (race.n_conflict, ==, 47);
  g_assert_cmpuint (race.n_other, ==, 0);
  assert_counts (fixture, 3, 0);
}

/* The public view shows how many are wanted and taken, never who took
 * them. */
static void
test_shared_list_hides_guests (Fixture      *fixture,
                               gconstpointer data)
{
  g_autofree char *id = ews_test_api_reserve (fixture->server, fixture->list_id, fixture->product_id,
                                              "secret.guest@example.com", "Secret Guest Name", 2);
  g_autofree char *path = g_strdup_printf ("/api/lists/%s/shared", fixture->list_id);
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object, *gift;
  guint       status = 0;

  node = ews_test_api_call_full (fixture->server, "GET", path, NULL, NULL, NULL, &status, &text);
  g_assert_cmpuint (status, ==, 200);

  g_assert_null (strstr (text, "Secret Guest"));
  g_assert_null (strstr (text, "secret.guest"));
  g_assert_null (strstr (text, id));

  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "list"), "title"),
                   ==, "Baby shower");
  gift = json_object_get_object_member (json_object_get_object_member (object, "products"), fixture->product_id);
  g_assert_cmpint (json_object_get_int_member (gift, "quantity"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (gift, "reserved"), ==, 2);
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (object, "reserved")), ==, 0);
  /* Friends see whose list it is by the owner's name, never the address. */
  g_assert_cmpstr (json_object_get_string_member (object, "ownerName"), ==, "Alice");
  g_assert_null (strstr (text, "alice@example.com"));

  g_assert_cmpuint (status_of (fixture, "GET", "/api/lists/no-such-list/shared", NULL, NULL), ==, 404);
}

/* A signed-in guest's reservation is theirs: it shows in their GET /lists. */
static void
test_signed_in_guest_sees_reservations (Fixture      *fixture,
                                        gconstpointer data)
{
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) mine = NULL;
  JsonArray *reserved;
  guint      status = 0;

  path = reserve_path (fixture, "bob@example.com");
  node = ews_test_api_call (fixture->server, "POST", path, fixture->bob, "{\"quantity\": 1}", &status);
  g_assert_cmpuint (status, ==, 200);

  mine = ews_test_api_call (fixture->server, "GET", "/api/lists", fixture->bob, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  reserved = json_object_get_array_member (json_node_get_object (mine), "reserved");
  g_assert_cmpuint (json_array_get_length (reserved), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (reserved, 0), "userId"),
                   ==, "bob-sub");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (reserved, 0), "name"),
                   ==, "Bob");

  /* Signed in, but reserving under another address: that address is the
   * guest, and it needs a name. */
  g_clear_pointer (&path, g_free);
  path = reserve_path (fixture, "pat@example.com");
  g_assert_cmpuint (status_of (fixture, "POST", path, fixture->bob, "{\"quantity\": 1}"), ==, 400);
  g_clear_pointer (&node, json_node_unref);
  node = ews_test_api_call (fixture->server, "POST", path, fixture->bob, "{\"quantity\": 1, \"name\": \"Pat\"}",
                            &status);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&mine, json_node_unref);
  mine = ews_test_api_call (fixture->server, "GET", "/api/lists", fixture->bob, NULL, &status);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (mine), "reserved")),
                    ==, 1);
}

/* An account's address written another way (case, googlemail.com) is still
 * that account: the reservation is theirs, with no name asked. */
static void
test_signed_in_guest_address_variants (Fixture      *fixture,
                                       gconstpointer data)
{
  g_autofree char *dee = ews_test_api_token (fixture->server, "dee-sub", "Dee@GoogleMail.com", "Dee");
  g_autofree char *path = reserve_path (fixture, "dee%40gmail.com");
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) mine = NULL;
  JsonArray *reserved;
  guint      status = 0;

  node = ews_test_api_call (fixture->server, "POST", path, dee, "{\"quantity\": 1}", &status);
  g_assert_cmpuint (status, ==, 200);

  mine = ews_test_api_call (fixture->server, "GET", "/api/lists", dee, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  reserved = json_object_get_array_member (json_node_get_object (mine), "reserved");
  g_assert_cmpuint (json_array_get_length (reserved), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (reserved, 0), "userId"),
                   ==, "dee-sub");
}

/* Deleting a gift guests have reserved is refused; once it is only bought
 * it may go, and the guest's reservation still shows what they bought. */
static void
test_delete_reserved_gift (Fixture      *fixture,
                           gconstpointer data)
{
  g_autofree char *id = ews_test_api_reserve (fixture->server, fixture->list_id, fixture->product_id,
                                              "fay@example.com", "Fay", 1);
  g_autofree char *gift_path = g_strdup_printf ("/api/lists/%s/product/%s", fixture->list_id, fixture->product_id);
  g_autofree char *purchase_path = g_strdup_printf ("/api/lists/purchase/%s/email/fay@example.com", id);
  g_autofree char *get_path = g_strdup_printf ("/api/lists/reservation/%s/email/fay@example.com", id);
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  g_assert_cmpuint (status_of (fixture, "DELETE", gift_path, fixture->alice, NULL), ==, 409);
  g_assert_cmpuint (status_of (fixture, "PUT", gift_path, fixture->alice, "{\"quantity\": 0}"), ==, 400);
  assert_counts (fixture, 1, 0);

  g_assert_cmpuint (status_of (fixture, "PUT", purchase_path, NULL, "{}"), ==, 200);
  /* Fewer than were bought cannot be wanted. */
  g_assert_cmpuint (status_of (fixture, "PUT", gift_path, fixture->alice, "{\"quantity\": 1}"), ==, 200);
  g_assert_cmpuint (status_of (fixture, "DELETE", gift_path, fixture->alice, NULL), ==, 200);

  node = ews_test_api_call (fixture->server, "GET", get_path, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "state"), ==, "purchased");

  /* Added again, the gift starts afresh. */
  ews_test_api_add_gift (fixture->server, fixture->alice, fixture->list_id, fixture->product_id, 2);
  assert_counts (fixture, 0, 0);
}

static void
test_quantity_below_taken_is_refused (Fixture      *fixture,
                                      gconstpointer data)
{
  g_autofree char *gift_path = g_strdup_printf ("/api/lists/%s/product/%s", fixture->list_id, fixture->product_id);

  g_free (ews_test_api_reserve (fixture->server, fixture->list_id, fixture->product_id, "g@example.com", "G", 2));
  g_assert_cmpuint (status_of (fixture, "PUT", gift_path, fixture->alice, "{\"quantity\": 1}"), ==, 409);
  g_assert_cmpuint (status_of (fixture, "PUT", gift_path, fixture->alice, "{\"quantity\": 2}"), ==, 200);
  assert_counts (fixture, 2, 0);
}

/* Deleting a list takes its reservations with it. */
static void
test_delete_list_removes_reservations (Fixture      *fixture,
                                       gconstpointer data)
{
  g_autofree char *id = ews_test_api_reserve (fixture->server, fixture->list_id, fixture->product_id,
                                              "hal@example.com", "Hal", 1);
  g_autofree char *list_path = g_strdup_printf ("/api/lists/%s", fixture->list_id);
  g_autofree char *get_path = g_strdup_printf ("/api/lists/reservation/%s/email/hal@example.com", id);
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  node = ews_test_api_call (fixture->server, "DELETE", list_path, fixture->alice, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  /* The list, its gift and the reservation. */
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "count"), ==, 3);

  g_assert_cmpuint (status_of (fixture, "GET", get_path, NULL, NULL), ==, 404);
  g_assert_cmpuint (status_at (fixture, "DELETE", g_strdup_printf ("/api/lists/reserve/%s/email/hal@example.com", id),
                               NULL, NULL),
                    ==, 404);
}

/* DELETE /lists/reservation/{id}: the owner or the guest, signed in. */
static void
test_delete_reservation (Fixture      *fixture,
                         gconstpointer data)
{
  g_autofree char *id = ews_test_api_reserve (fixture->server, fixture->list_id, fixture->product_id,
                                              "ivy@example.com", "Ivy", 2);
  g_autofree char *path = g_strdup_printf ("/api/lists/reservation/%s", id);
  g_autofree char *ivy = ews_test_api_token (fixture->server, "ivy-sub", "ivy@example.com", "Ivy");
  g_autofree char *bought = NULL;
  g_autofree char *bought_path = NULL;

  g_assert_cmpuint (status_of (fixture, "DELETE", path, NULL, NULL), ==, 401);
  g_assert_cmpuint (status_of (fixture, "DELETE", path, fixture->bob, NULL), ==, 404);
  assert_counts (fixture, 2, 0);

  g_assert_cmpuint (status_of (fixture, "DELETE", path, ivy, NULL), ==, 200);
  assert_counts (fixture, 0, 0);
  g_assert_cmpuint (status_at (fixture, "GET", g_strdup_printf ("/api/lists/reservation/%s/email/ivy@example.com", id),
                               NULL, NULL),
                    ==, 404);

  /* The owner may clear a bought one; the counts follow. */
  bought = ews_test_api_reserve (fixture->server, fixture->list_id, fixture->product_id, "jo@example.com", "Jo", 1);
  g_assert_cmpuint (status_at (fixture, "PUT", g_strdup_printf ("/api/lists/purchase/%s/email/jo@example.com", bought),
                               NULL, "{}"),
                    ==, 200);
  assert_counts (fixture, 0, 1);
  bought_path = g_strdup_printf ("/api/lists/reservation/%s", bought);
  g_assert_cmpuint (status_of (fixture, "DELETE", bought_path, fixture->alice, NULL), ==, 200);
  assert_counts (fixture, 0, 0);
}

/* A reservation is read with its id together with the guest's address:
 * the id alone (which the one who reserved also holds, and which leaks
 * with a forwarded link) shows no name, no address and no owner. Only the
 * list's owner, signed in, is shown who owns the list. */
static void
test_reservation_needs_email (Fixture      *fixture,
                              gconstpointer data)
{
  g_autofree char *id = ews_test_api_reserve (fixture->server, fixture->list_id, fixture->product_id,
                                              "Carol@Example.com", "Carol", 1);
  g_autofree char *bare = g_strdup_printf ("/api/lists/reservation/%s", id);
  g_autofree char *with_email = g_strdup_printf ("/api/lists/reservation/%s/email/carol%%40example.com", id);
  g_autofree char *wrong_email = g_strdup_printf ("/api/lists/reservation/%s/email/mallory%%40example.com", id);
  g_autofree char *bob_path = NULL;
  g_autofree char *bob_id = NULL;
  const struct
  {
    const char *path;
    const char *token;
    guint       status;
  } refused[] = {
    { bare, NULL, 400 },
    { bare, fixture->bob, 400 },
    { wrong_email, NULL, 404 },
    { wrong_email, fixture->bob, 404 },
  };
  g_autoptr(JsonNode) guest_view = NULL;
  g_autoptr(JsonNode) owner_view = NULL;
  g_autoptr(JsonNode) owner_bare = NULL;
  g_autoptr(JsonNode) bob_view = NULL;
  g_autoptr(JsonNode) mine = NULL;
  JsonObject *object;
  guint       status = 0;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *text = NULL;

      g_test_message ("%s as %s", refused[i].path, refused[i].token ? "bob" : "nobody");
      node = ews_test_api_call_full (fixture->server, "GET", refused[i].path, refused[i].token, NULL, NULL,
                                     &status, &text);
      g_assert_cmpuint (status, ==, refused[i].status);
      g_assert_null (strstr (text, "Carol"));
      g_assert_null (strstr (text, "carol@"));
      g_assert_null (strstr (text, "alice-sub"));
    }

  /* The bare path says how to ask. */
  g_assert_cmpuint (status_of (fixture, "GET", "/api/lists/reservation/no-such-id", NULL, NULL), ==, 400);
  {
    g_autoptr(JsonNode) node = ews_test_api_call (fixture->server, "GET", bare, NULL, NULL, &status);

    g_assert_nonnull (strstr (json_object_get_string_member (json_node_get_object (node), "error"), "/email/"));
  }

  guest_view = ews_test_api_call (fixture->server, "GET", with_email, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  object = json_node_get_object (guest_view);
  g_assert_cmpstr (json_object_get_string_member (object, "reservationId"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "Carol");
  g_assert_false (json_object_has_member (object, "listOwnerId"));

  /* The list's owner sees whose list it is, with the address or without. */
  owner_view = ews_test_api_call (fixture->server, "GET", with_email, fixture->alice, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (owner_view), "listOwnerId"), ==, "alice-sub");
  owner_bare = ews_test_api_call (fixture->server, "GET", bare, fixture->alice, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (owner_bare), "name"), ==, "Carol");

  /* A signed-in guest reads their own reservation by its id alone, and
   * is not shown the owner's id, there or in their GET /lists. */
  bob_path = reserve_path (fixture, "bob@example.com");
  g_clear_pointer (&bob_view, json_node_unref);
  bob_view = ews_test_api_call (fixture->server, "POST", bob_path, fixture->bob, "{\"quantity\": 1}", &status);
  g_assert_cmpuint (status, ==, 200);
  bob_id = g_strdup (json_object_get_string_member (json_node_get_object (bob_view), "reservation_id"));
  g_clear_pointer (&bob_path, g_free);
  bob_path = g_strdup_printf ("/api/lists/reservation/%s", bob_id);
  g_clear_pointer (&bob_view, json_node_unref);
  bob_view = ews_test_api_call (fixture->server, "GET", bob_path, fixture->bob, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_false (json_object_has_member (json_node_get_object (bob_view), "listOwnerId"));

  mine = ews_test_api_call (fixture->server, "GET", "/api/lists", fixture->bob, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  object = json_array_get_object_element (json_object_get_array_member (json_node_get_object (mine), "reserved"), 0);
  g_assert_cmpstr (json_object_get_string_member (object, "reservationId"), ==, bob_id);
  g_assert_false (json_object_has_member (object, "listOwnerId"));
}

/* A guest's retried reservation (same Idempotency-Key) reserves once and
 * answers with the same reservation id. */
static void
test_idempotent_reserve (Fixture      *fixture,
                         gconstpointer data)
{
  g_autofree char *path = reserve_path (fixture, "kim@example.com");
  const char      *body = "{\"quantity\": 2, \"name\": \"Kim\"}";
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) retry = NULL;
  guint status = 0;

  first = ews_test_api_call_full (fixture->server, "POST", path, NULL, body, "reserve-kim-1", &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  retry = ews_test_api_call_full (fixture->server, "POST", path, NULL, body, "reserve-kim-1", &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (first), "reservation_id"), ==,
                   json_object_get_string_member (json_node_get_object (retry), "reservation_id"));
  assert_counts (fixture, 2, 0);

  /* Over-long keys are refused before anything happens. */
  g_clear_pointer (&retry, json_node_unref);
  retry = ews_test_api_call_full (fixture->server, "POST", path, NULL, body,
                                  "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"
                                  "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"
                                  "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk",
                                  &status, NULL);
  g_assert_cmpuint (status, ==, 400);
  assert_counts (fixture, 2, 0);
}

/* The guest is mailed the link to their reservation, and a confirmation
 * when they have bought it; the contact form reaches the site's address. */
static void
test_mails (void)
{
  g_autoptr(EweTestSmtp) sink = ewe_test_smtp_new ();
  g_autofree char *smtp_url = ewe_test_smtp_dup_url (sink);
  g_autofree char *smtp_arg = g_strconcat ("--smtp-url=", smtp_url, NULL);
  const char      *args[] = { smtp_arg, "--public-url=https://lists.example", "--contact-email=contact@lists.example",
                              NULL };
  g_autoptr(EweTestServer) server = ewe_test_server_start (args);
  g_autofree char *alice = ews_test_api_token (server, "alice-sub", "alice@example.com", "Alice");
  g_autofree char *list_id = ews_test_api_create_list (server, alice, "Housewarming");
  g_autofree char *product_id = ews_test_api_create_product (server, alice, "https://shop.example/kettle");
  g_autofree char *id = NULL;
  g_autofree char *link = NULL;
  g_autofree char *text = NULL;
  g_autofree char *purchase_path = NULL;
  g_autoptr(EweTestMail) reserved = NULL;
  g_autoptr(EweTestMail) bought = NULL;
  g_autoptr(EweTestMail) contact = NULL;
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  ews_test_api_add_gift (server, alice, list_id, product_id, 1);
  id = ews_test_api_reserve (server, list_id, product_id, "nina@example.com", "Nina", 1);

  reserved = ewe_test_smtp_wait_for_mail_to (sink, 0, "nina@example.com", 10000);
  g_assert_nonnull (reserved);
  /* No --mail-from: the sender is at the public URL's host, not localhost. */
  g_assert_cmpstr (reserved->mail_from, ==, "no-reply@lists.example");
  g_assert_nonnull (strstr (reserved->data, "From: \"Ewelists\" <no-reply@lists.example>\r\n"));
  text = ewe_test_mail_dup_part (reserved, "text/plain");
  link = g_strdup_printf ("https://lists.example/reserve/%s", id);
  g_assert_nonnull (strstr (text, link));
  g_assert_nonnull (strstr (text, "Housewarming"));
  g_assert_nonnull (strstr (text, "Rocket skates"));
  g_assert_nonnull (strstr (text, "The list’s note on this gift: “Size 4”"));
  g_assert_nonnull (strstr (text, "Its price at the shop: £19.99."));

  purchase_path = g_strdup_printf ("/api/lists/purchase/%s/email/nina@example.com", id);
  node = ews_test_api_call (server, "PUT", purchase_path, NULL, "{}", &status);
  g_assert_cmpuint (status, ==, 200);
  bought = ewe_test_smtp_wait_for_mail_to (sink, 1, "nina@example.com", 10000);
  g_assert_nonnull (bought);

  g_clear_pointer (&node, json_node_unref);
  node = ews_test_api_call (server, "POST", "/api/contact", NULL,
                            "{\"name\": \"Olly\", \"email\": \"olly@example.com\", \"message\": \"Hi there\"}",
                            &status);
  g_assert_cmpuint (status, ==, 200);
  contact = ewe_test_smtp_wait_for_mail_to (sink, 0, "contact@lists.example", 10000);
  g_assert_nonnull (contact);

  /* A gift typed in with a name alone is named so, not " — Baby monitor". */
  {
    g_autoptr(EweTestMail) monitor_mail = NULL;
    g_autofree char *monitor_text = NULL;
    g_autofree char *monitor_id = NULL;
    g_autofree char *gift_path = NULL;
    g_autofree char *reservation = NULL;

    g_clear_pointer (&node, json_node_unref);
    node = ews_test_api_call (server, "POST", "/api/notfound", alice, "{\"details\": \"Baby monitor\"}", &status);
    g_assert_cmpuint (status, ==, 200);
    monitor_id = g_strdup (json_object_get_string_member (json_node_get_object (node), "productId"));
    gift_path = g_strdup_printf ("/api/lists/%s/product/%s", list_id, monitor_id);
    g_clear_pointer (&node, json_node_unref);
    node = ews_test_api_call (server, "POST", gift_path, alice, "{\"quantity\": 1, \"productType\": \"notfound\"}",
                              &status);
    g_assert_cmpuint (status, ==, 200);
    reservation = ews_test_api_reserve (server, list_id, monitor_id, "olly@example.com", "Olly", 1);
    monitor_mail = ewe_test_smtp_wait_for_mail_to (sink, 0, "olly@example.com", 10000);
    g_assert_nonnull (monitor_mail);
    monitor_text = ewe_test_mail_dup_part (monitor_mail, "text/plain");
    g_assert_nonnull (strstr (monitor_text, "You reserved 1 × Baby monitor on"));
    g_assert_null (strstr (monitor_text, "price"));
  }
}

/* The key in the link of the @index-th mail to @to, or NULL when its link
 * has none. */
static char *
mailed_confirm_key (Fixture    *fixture,
                    guint       index,
                    const char *to)
{
  g_autoptr(EweTestMail) mail = ewe_test_smtp_wait_for_mail_to (fixture->smtp, index, to, 10000);
  g_autofree char *text = NULL;
  const char      *key;
  gsize            len;

  g_assert_nonnull (mail);
  text = ewe_test_mail_dup_part (mail, "text/plain");
  g_assert_nonnull (strstr (text, "/reserve/"));
  key = strstr (text, "?confirm=");
  if (key == NULL)
    return NULL;

  key += strlen ("?confirm=");
  len = strspn (key, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
  g_assert_cmpuint (len, >=, 32);

  return g_strndup (key, len);
}

static JsonObject *
guest_view (Fixture    *fixture,
            const char *reservation_id,
            const char *email)
{
  g_autofree char *path = g_strdup_printf ("/api/lists/reservation/%s/email/%s", reservation_id, email);
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  node = ews_test_api_call (fixture->server, "GET", path, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);

  return json_object_ref (json_node_get_object (node));
}

static guint
n_account_reservations (Fixture    *fixture,
                        const char *token)
{
  g_autoptr(JsonNode) mine = NULL;
  guint status = 0;

  mine = ews_test_api_call (fixture->server, "GET", "/api/lists", token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);

  return json_array_get_length (json_object_get_array_member (json_node_get_object (mine), "reserved"));
}

/* Anyone may type anyone's address: a reservation made without signing in
 * joins the account of its address only once confirmed with the key
 * mailed there (POST …/confirm {"email", "key"}). One made signed in with
 * the account's own address is confirmed at once, and its mail carries no
 * key. */
static void
test_confirm_reservation (Fixture      *fixture,
                          gconstpointer data)
{
  g_autofree char *dee = ews_test_api_token (fixture->server, "dee-sub", "dee@example.com", "Dee");
  g_autofree char *id = ews_test_api_reserve (fixture->server, fixture->list_id, fixture->product_id,
                                              "Dee@Example.com", "Someone", 1);
  g_autofree char *key = mailed_confirm_key (fixture, 0, "dee@example.com");
  g_autofree char *confirm = g_strdup_printf ("/api/lists/reservation/%s/confirm", id);
  g_autofree char *good = NULL;
  g_autofree char *wrong_key = NULL;
  g_autofree char *wrong_email = NULL;
  g_autofree char *own_path = NULL;
  g_autofree char *own_key = NULL;
  g_autoptr(JsonObject) view = NULL;
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  g_assert_nonnull (key);
  view = guest_view (fixture, id, "dee@example.com");
  g_assert_false (json_object_get_boolean_member (view, "confirmed"));
  g_assert_false (json_object_has_member (view, "confirmKey"));
  g_assert_cmpuint (n_account_reservations (fixture, dee), ==, 0);
  /* It counts towards the gift all the same. */
  assert_counts (fixture, 1, 0);

  wrong_key = g_strdup_printf ("{\"email\": \"dee@example.com\", \"key\": \"%sx\"}", key);
  wrong_email = g_strdup_printf ("{\"email\": \"mallory@example.com\", \"key\": \"%s\"}", key);
  good = g_strdup_printf ("{\"email\": \"DEE@example.com\", \"key\": \"%s\"}", key);
  g_assert_cmpuint (status_of (fixture, "POST", confirm, NULL, wrong_key), ==, 400);
  g_assert_cmpuint (status_of (fixture, "POST", confirm, NULL, wrong_email), ==, 404);
  g_assert_cmpuint (status_of (fixture, "POST", confirm, NULL, "{\"email\": \"dee@example.com\"}"), ==, 400);
  g_assert_cmpuint (status_at (fixture, "POST", g_strdup ("/api/lists/reservation/no-such-id/confirm"), NULL, good),
                    ==, 404);
  g_assert_cmpuint (n_account_reservations (fixture, dee), ==, 0);

  node = ews_test_api_call (fixture->server, "POST", confirm, NULL, good, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (node), "confirmed"));
  /* Again is fine: the link may be opened twice. */
  g_assert_cmpuint (status_of (fixture, "POST", confirm, NULL, good), ==, 200);

  g_clear_pointer (&view, json_object_unref);
  view = guest_view (fixture, id, "dee@example.com");
  g_assert_true (json_object_get_boolean_member (view, "confirmed"));
  g_assert_cmpuint (n_account_reservations (fixture, dee), ==, 1);
  assert_counts (fixture, 1, 0);

  /* Signed in with one's own address: confirmed, and no key mailed. */
  own_path = reserve_path (fixture, "bob@example.com");
  g_clear_pointer (&node, json_node_unref);
  node = ews_test_api_call (fixture->server, "POST", own_path, fixture->bob, "{\"quantity\": 1}", &status);
  g_assert_cmpuint (status, ==, 200);
  own_key = mailed_confirm_key (fixture, 0, "bob@example.com");
  g_assert_null (own_key);
  g_clear_pointer (&view, json_object_unref);
  view = guest_view (fixture, json_object_get_string_member (json_node_get_object (node), "reservation_id"),
                     "bob@example.com");
  g_assert_true (json_object_get_boolean_member (view, "confirmed"));
}

/* One address holds at most 5 unconfirmed units on a list, counted over
 * its gifts, when reserving and when raising a quantity; confirmed ones
 * and other addresses are not held to it. */
static void
test_unconfirmed_limit (Fixture      *fixture,
                        gconstpointer data)
{
  g_autofree char *big = ews_test_api_create_product (fixture->server, fixture->alice, "https://shop.example/nappies");
  g_autofree char *big_path = NULL;
  g_autofree char *first = NULL;
  g_autofree char *update = NULL;
  g_autofree char *key = NULL;
  g_autofree char *confirm = NULL;
  g_autofree char *body = NULL;
  g_autofree char *eve = ews_test_api_token (fixture->server, "eve-sub", "eve@example.com", "Eve");
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  ews_test_api_add_gift (fixture->server, fixture->alice, fixture->list_id, big, 20);
  big_path = g_strdup_printf ("/api/lists/%s/reserve/%s/email/eve@example.com", fixture->list_id, big);

  /* More than five at once. */
  node = ews_test_api_call (fixture->server, "POST", big_path, NULL, "{\"quantity\": 6, \"name\": \"Eve\"}", &status);
  g_assert_cmpuint (status, ==, 409);
  g_assert_nonnull (strstr (json_object_get_string_member (json_node_get_object (node), "error"), "at most 5"));

  first = ews_test_api_reserve (fixture->server, fixture->list_id, big, "eve@example.com", "Eve", 4);
  key = mailed_confirm_key (fixture, 0, "eve@example.com");

  /* Raising it past five is refused; to five is fine. */
  update = g_strdup_printf ("/api/lists/reserve/%s/email/eve@example.com", first);
  g_assert_cmpuint (status_of (fixture, "PUT", update, NULL, "{\"quantity\": 6}"), ==, 409);
  g_assert_cmpuint (status_of (fixture, "PUT", update, NULL, "{\"quantity\": 5}"), ==, 200);

  /* Five held: not one more, on another gift either, nor bought ones. */
  g_assert_cmpuint (status_at (fixture, "POST", reserve_path (fixture, "eve@example.com"), NULL,
                               "{\"quantity\": 1, \"name\": \"Eve\"}"),
                    ==, 409);
  assert_counts (fixture, 0, 0);
  g_assert_cmpuint (status_at (fixture, "PUT", g_strdup_printf ("/api/lists/purchase/%s/email/eve@example.com", first),
                               NULL, "{}"),
                    ==, 200);
  g_assert_cmpuint (status_at (fixture, "POST", reserve_path (fixture, "eve@example.com"), NULL,
                               "{\"quantity\": 1, \"name\": \"Eve\"}"),
                    ==, 409);

  /* Another address is not held by Eve's. */
  g_free (ews_test_api_reserve (fixture->server, fixture->list_id, fixture->product_id, "fay@example.com", "Fay", 1));

  /* Signed in with her own address, Eve is confirmed and not held. */
  g_assert_cmpuint (status_at (fixture, "POST", reserve_path (fixture, "eve@example.com"), eve,
                               "{\"quantity\": 1}"),
                    ==, 200);
  assert_counts (fixture, 2, 0);

  /* Once confirmed, the five are hers and no longer count. */
  confirm = g_strdup_printf ("/api/lists/reservation/%s/confirm", first);
  body = g_strdup_printf ("{\"email\": \"eve@example.com\", \"key\": \"%s\"}", key);
  g_assert_cmpuint (status_of (fixture, "POST", confirm, NULL, body), ==, 200);
  g_free (ews_test_api_reserve (fixture->server, fixture->list_id, big, "eve@example.com", "Eve", 5));
}

/* The list's owner sees which reservations are unconfirmed, and may
 * release one (DELETE /lists/reservation/{id}): the gift is wanted again. */
static void
test_owner_releases_unconfirmed (Fixture      *fixture,
                                 gconstpointer data)
{
  g_autofree char *id = ews_test_api_reserve (fixture->server, fixture->list_id, fixture->product_id,
                                              "stranger@example.com", "Not Really Me", 3);
  g_autofree char *list_path = g_strdup_printf ("/api/lists/%s", fixture->list_id);
  g_autofree char *delete_path = g_strdup_printf ("/api/lists/reservation/%s", id);
  g_autoptr(JsonNode) owner_view = NULL;
  JsonArray  *reserved;
  JsonObject *reservation;
  guint       status = 0;

  assert_counts (fixture, 3, 0);
  owner_view = ews_test_api_call (fixture->server, "GET", list_path, fixture->alice, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  reserved = json_object_get_array_member (json_node_get_object (owner_view), "reserved");
  g_assert_cmpuint (json_array_get_length (reserved), ==, 1);
  reservation = json_array_get_object_element (reserved, 0);
  g_assert_cmpstr (json_object_get_string_member (reservation, "reservationId"), ==, id);
  g_assert_true (json_object_has_member (reservation, "confirmed"));
  g_assert_false (json_object_get_boolean_member (reservation, "confirmed"));

  /* A guest cannot release it; the owner can. */
  g_assert_cmpuint (status_of (fixture, "DELETE", delete_path, fixture->bob, NULL), ==, 404);
  g_assert_cmpuint (status_of (fixture, "DELETE", delete_path, fixture->alice, NULL), ==, 200);
  assert_counts (fixture, 0, 0);

  g_clear_pointer (&owner_view, json_node_unref);
  owner_view = ews_test_api_call (fixture->server, "GET", list_path, fixture->alice, NULL, &status);
  reserved = json_object_get_array_member (json_node_get_object (owner_view), "reserved");
  g_assert_cmpuint (json_array_get_length (reserved), ==, 0);
  g_assert_cmpuint (status_at (fixture, "GET", g_strdup_printf ("/api/lists/reservation/%s/email/stranger@example.com", id),
                               NULL, NULL),
                    ==, 404);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/server/reservations/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("reserve-update-purchase", test_reserve_update_purchase);
  ADD ("unlimited-gift", test_unlimited_gift);
  ADD ("unreserve", test_unreserve);
  ADD ("bad-reservations-change-nothing", test_bad_reservations_change_nothing);
  ADD ("closed-list-refuses-reservations", test_closed_list_refuses_reservations);
  ADD ("fifty-concurrent-reservations", test_fifty_concurrent_reservations);
  ADD ("shared-list-hides-guests", test_shared_list_hides_guests);
  ADD ("signed-in-guest-sees-reservations", test_signed_in_guest_sees_reservations);
  ADD ("signed-in-guest-address-variants", test_signed_in_guest_address_variants);
  ADD ("delete-reserved-gift", test_delete_reserved_gift);
  ADD ("quantity-below-taken-is-refused", test_quantity_below_taken_is_refused);
  ADD ("delete-list-removes-reservations", test_delete_list_removes_reservations);
  ADD ("delete-reservation", test_delete_reservation);
  ADD ("idempotent-reserve", test_idempotent_reserve);
  ADD ("reservation-needs-email", test_reservation_needs_email);
  ADD ("confirm-reservation", test_confirm_reservation);
  ADD ("unconfirmed-limit", test_unconfirmed_limit);
  ADD ("owner-releases-unconfirmed", test_owner_releases_unconfirmed);
  g_test_add_func ("/server/reservations/mails", test_mails);

#undef ADD

  return g_test_run ();
}
