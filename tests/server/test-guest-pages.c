/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <libsoup/soup.h>

#include "ewe-test-smtp.h"
#include "ews-csrf.h"
#include "ews-html.h"
#include "ews-jwt.h"
#include "ews-storage-sqlite.h"
#include "ews-test-api.h"

/* The guest pages, driven as a browser would: GET a page, take the CSRF
 * token from its form, POST the form with the cookie the page set, and
 * check through the JSON API what changed (or that nothing did). */

typedef struct
{
  EweTestSmtp   *smtp;
  EweTestServer *server;
  SoupSession   *session; /* a browser: keeps cookies, never follows redirects */
  char          *alice;   /* the list owner's ID token */
  char          *list_id;
  char          *product_id; /* a gift of quantity 3 on the list */
} Fixture;

typedef struct
{
  guint status;
  char *body;
  char *location;
  char *csp;
} Page;

static void
page_clear (Page *page)
{
  g_clear_pointer (&page->body, g_free);
  g_clear_pointer (&page->location, g_free);
  g_clear_pointer (&page->csp, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Page, page_clear)

/* A free port for the screenshot script's picture server. */
static guint16
free_port (void)
{
  g_autoptr(GSocket) sock = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (sock, address, TRUE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (sock, &error);
  g_assert_no_error (error);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autofree char *smtp_url = NULL;
  g_autofree char *smtp_arg = NULL;
  g_autofree char *product_url = NULL;

  fixture->smtp = ewe_test_smtp_new ();
  smtp_url = ewe_test_smtp_dup_url (fixture->smtp);
  smtp_arg = g_strdup_printf ("--smtp-url=%s", smtp_url);

  /* No --public-url: links then point where the server listens, on the
   * port it picked, with no race for a port chosen beforehand. */
  {
    const char * const args[] = { smtp_arg, NULL };
    fixture->server = ewe_test_server_start (args);
  }
  g_assert_nonnull (fixture->server);

  fixture->session = soup_session_new ();
  soup_session_add_feature_by_type (fixture->session, SOUP_TYPE_COOKIE_JAR);

  fixture->alice = ews_test_api_token (fixture->server, "alice-sub", "alice@example.com", "Alice");
  fixture->list_id = ews_test_api_create_list (fixture->server, fixture->alice, "Baby Ada");
  product_url = g_strdup_printf ("https://acme.example/skates-%u", g_random_int ());
  fixture->product_id = ews_test_api_create_product (fixture->server, fixture->alice, product_url);
  ews_test_api_add_gift (fixture->server, fixture->alice, fixture->list_id, fixture->product_id, 3);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_clear_object (&fixture->session);
  g_clear_pointer (&fixture->server, ewe_test_server_free);
  g_clear_pointer (&fixture->smtp, ewe_test_smtp_free);
  g_clear_pointer (&fixture->alice, g_free);
  g_clear_pointer (&fixture->list_id, g_free);
  g_clear_pointer (&fixture->product_id, g_free);
}

static void
send_message (SoupSession *session,
              SoupMessage *msg,
              Page        *page)
{
  SoupMessageHeaders *headers;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);

  headers = soup_message_get_response_headers (msg);
  page->status = soup_message_get_status (msg);
  page->body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  page->location = g_strdup (soup_message_headers_get_one (headers, "Location"));
  page->csp = g_strdup (soup_message_headers_get_one (headers, "Content-Security-Policy"));

  /* Every answer of ours is a page (or a redirect to one) that no script
   * may run in. */
  g_assert_nonnull (page->csp);
  g_assert_true (strstr (page->csp, "default-src 'none'") != NULL);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "X-Content-Type-Options"), ==, "nosniff");
  g_assert_nonnull (soup_message_headers_get_one (headers, "Referrer-Policy"));
  if (page->status != SOUP_STATUS_SEE_OTHER)
    g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "text/html");
}

static void
get_page (Fixture    *fixture,
          const char *path,
          Page       *page)
{
  g_autofree char *url = ewe_test_server_url (fixture->server, path);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);

  send_message (fixture->session, msg, page);
}

/* Posts @fields (name, value, … NULL) as a browser posts a form. */
static void
post_form (SoupSession   *session,
           EweTestServer *server,
           const char    *path,
           Page          *page,
           ...)
{
  g_autofree char *url = ewe_test_server_url (server, path);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *encoded = NULL;
  const char      *name;
  va_list          args;

  va_start (args, page);
  while ((name = va_arg (args, const char *)) != NULL)
    g_hash_table_insert (fields, (char *)name, va_arg (args, char *));
  va_end (args);

  encoded = soup_form_encode_hash (fields);
  bytes = g_bytes_new (encoded, strlen (encoded));
  soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", bytes);

  send_message (session, msg, page);
}

/* The CSRF token in the form that posts to @action_path. */
static char *
form_token (Fixture    *fixture,
            const char *html,
            const char *action_path)
{
  g_autofree char *action = ewe_test_server_url (fixture->server, action_path);
  g_autofree char *needle = g_strdup_printf ("<form method=\"post\" action=\"%s", action);
  const char      *form = strstr (html, needle);
  const char      *value;
  const char      *end;

  /* The action may end in a #fragment, which browsers do not send. */
  g_assert_nonnull (form);
  g_assert_true (form[strlen (needle)] == '"' || form[strlen (needle)] == '#');
  value = strstr (form, "name=\"" EWS_CSRF_FIELD "\" value=\"");
  g_assert_nonnull (value);
  value += strlen ("name=\"" EWS_CSRF_FIELD "\" value=\"");
  end = strchr (value, '"');

  return g_strndup (value, end - value);
}

static char *
reserve_path (Fixture    *fixture,
              const char *product_id)
{
  return g_strdup_printf ("/lists/%s/reserve/%s", fixture->list_id, product_id);
}

static char *
list_path (Fixture *fixture)
{
  return g_strdup_printf ("/lists/%s", fixture->list_id);
}

static gint64
gift_count (Fixture    *fixture,
            const char *member)
{
  g_autoptr(JsonObject) gift = ews_test_api_get_gift (fixture->server, fixture->alice,
                                                       fixture->list_id, fixture->product_id);

  return json_object_get_int_member (gift, member);
}

static JsonObject *
reservation_json (Fixture    *fixture,
                  const char *reservation_id)
{
  g_autofree char *path = g_strdup_printf ("/api/lists/reservation/%s", reservation_id);
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  /* As the list's owner sees it: no guest's e-mail is needed. */
  node = ews_test_api_call (fixture->server, "GET", path, fixture->alice, NULL, &status);
  g_assert_cmpuint (status, ==, 200);

  return json_object_ref (json_node_get_object (node));
}

/* Reserves through the page's form and returns the reservation's id. */
static char *
reserve_with_form (Fixture    *fixture,
                   const char *name,
                   const char *email,
                   const char *quantity)
{
  g_autofree char *page_path = list_path (fixture);
  g_autofree char *action = reserve_path (fixture, fixture->product_id);
  g_autofree char *token = NULL;
  g_autofree char *prefix = NULL;
  g_auto(Page) page = { 0 };
  g_auto(Page) posted = { 0 };

  get_page (fixture, page_path, &page);
  g_assert_cmpuint (page.status, ==, 200);
  token = form_token (fixture, page.body, action);

  post_form (fixture->session, fixture->server, action, &posted,
             EWS_CSRF_FIELD, token, "name", name, "email", email, "quantity", quantity, NULL);
  if (posted.status != 303)
    g_test_message ("%s", posted.body);
  g_assert_cmpuint (posted.status, ==, 303);

  prefix = ewe_test_server_url (fixture->server, "/reserve/");
  g_assert_true (g_str_has_prefix (posted.location, prefix));
  g_assert_true (g_str_has_suffix (posted.location, "?done=reserved"));

  return g_strndup (posted.location + strlen (prefix),
                    strlen (posted.location) - strlen (prefix) - strlen ("?done=reserved"));
}

static void
test_shared_list (Fixture      *fixture,
                  gconstpointer data)
{
  g_autofree char *path = list_path (fixture);
  g_autofree char *reservation_id = NULL;
  g_auto(Page) page = { 0 };
  g_auto(Page) after = { 0 };

  get_page (fixture, path, &page);
  g_assert_cmpuint (page.status, ==, 200);
  g_assert_nonnull (strstr (page.body, "<html lang=\"en\">"));
  g_assert_nonnull (strstr (page.body, "<link rel=\"stylesheet\" href=\"http://127.0.0.1:"));
  g_assert_nonnull (strstr (page.body, "/static/guest.css?v=" PACKAGE_VERSION "\">"));
  g_assert_nonnull (strstr (page.body, "<title>Baby Ada · Ewelists</title>"));
  g_assert_nonnull (strstr (page.body, "<h1>Baby Ada</h1>"));
  /* Whose list it is, by the name the owner gave; never their address. */
  g_assert_nonnull (strstr (page.body, "<p class=\"owner\">A gift list by Alice</p>"));
  g_assert_null (strstr (page.body, "alice@example.com"));
  g_assert_nonnull (strstr (page.body, "Christmas"));
  g_assert_nonnull (strstr (page.body, "Friday 25 December 2026"));
  g_assert_nonnull (strstr (page.body, "Acme"));
  g_assert_nonnull (strstr (page.body, "Rocket skates"));
  g_assert_nonnull (strstr (page.body, "19.99"));
  g_assert_nonnull (strstr (page.body, "Size 4"));
  g_assert_nonnull (strstr (page.body, "<strong>3</strong> of 3 still wanted"));
  g_assert_nonnull (strstr (page.body, "src=\"https://acme.example/skates.jpg\" alt=\"Acme Rocket skates\""));
  g_assert_nonnull (strstr (page.body, "rel=\"noopener noreferrer nofollow\" target=\"_blank\" "
                                       "href=\"https://acme.example/skates-"));
  g_assert_nonnull (strstr (page.body, ">View in shop"));
  g_assert_nonnull (strstr (page.body, "<label for=\"name-0\">"));
  g_assert_nonnull (strstr (page.body, "<label for=\"email-0\">"));
  g_assert_nonnull (strstr (page.body, "<label for=\"quantity-0\">"));
  g_assert_nonnull (strstr (page.body, "max=\"3\""));
  /* Relative image paths (the original web client's assets) are dropped. */
  g_assert_null (strstr (page.body, "/images/christmas.jpg"));
  g_assert_null (strstr (page.body, "<script"));

  reservation_id = ews_test_api_reserve (fixture->server, fixture->list_id, fixture->product_id,
                                         "guest@example.org", "Gwendolyn Guest", 3);

  get_page (fixture, path, &after);
  g_assert_cmpuint (after.status, ==, 200);
  g_assert_nonnull (strstr (after.body, "All reserved"));
  g_assert_null (strstr (after.body, "<form"));
  /* Counts only: nobody learns who reserved. */
  g_assert_null (strstr (after.body, "Gwendolyn"));
  g_assert_null (strstr (after.body, "guest@example.org"));
  g_assert_null (strstr (after.body, reservation_id));
}

static void
test_unknown_ids_are_404_pages (Fixture      *fixture,
                                gconstpointer data)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *list = g_strdup_printf ("/lists/%s", uuid);
  g_autofree char *reservation = g_strdup_printf ("/reserve/%s", uuid);
  g_auto(Page) page = { 0 };
  g_auto(Page) other = { 0 };

  get_page (fixture, list, &page);
  g_assert_cmpuint (page.status, ==, 404);
  g_assert_nonnull (strstr (page.body, "List not found"));

  get_page (fixture, reservation, &other);
  g_assert_cmpuint (other.status, ==, 404);
  g_assert_nonnull (strstr (other.body, "Reservation not found"));
}

static void
test_stylesheet (Fixture      *fixture,
                 gconstpointer data)
{
  g_autofree char *url = ewe_test_server_url (fixture->server, "/static/guest.css");
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = soup_session_send_and_read (fixture->session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL),
                   ==, "text/css");
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                  "prefers-color-scheme: dark"));
}

/* A price shows in the currency it came in; one without (the original's
 * prices) in pounds. */
static void
test_prices_in_their_currency (Fixture      *fixture,
                               gconstpointer data)
{
  g_autofree char *path = list_path (fixture);
  g_autofree char *gift_path = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_auto(Page) page = { 0 };
  guint status = 0;

  node = ews_test_api_call (fixture->server, "POST", "/api/notfound", fixture->alice,
                            "{\"details\": \"Pram\", \"price\": \"1299.00\", \"currency\": \"EUR\"}", &status);
  g_assert_cmpuint (status, ==, 200);
  gift_path = g_strdup_printf ("/api/lists/%s/product/%s", fixture->list_id,
                               json_object_get_string_member (json_node_get_object (node), "productId"));
  g_clear_pointer (&node, json_node_unref);
  node = ews_test_api_call (fixture->server, "POST", gift_path, fixture->alice,
                            "{\"quantity\": 1, \"productType\": \"notfound\"}", &status);
  g_assert_cmpuint (status, ==, 200);

  get_page (fixture, path, &page);
  g_assert_cmpuint (page.status, ==, 200);
  g_assert_nonnull (strstr (page.body, "<p class=\"price\">€1,299.00</p>"));
  g_assert_nonnull (strstr (page.body, "<p class=\"price\">£19.99</p>"));
}

/* An unlimited gift says how many were given rather than how many are
 * wanted, and its form takes more than the quantity. */
static void
test_unlimited_gift_on_the_page (Fixture      *fixture,
                                 gconstpointer data)
{
  g_autofree char *path = list_path (fixture);
  g_autofree char *gift_path = g_strdup_printf ("/api/lists/%s/product/%s", fixture->list_id, fixture->product_id);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_auto(Page) page = { 0 };
  guint status = 0;

  node = ews_test_api_call (fixture->server, "PUT", gift_path, fixture->alice,
                            "{\"quantity\": 3, \"unlimited\": true}", &status);
  g_assert_cmpuint (status, ==, 200);

  first = reserve_with_form (fixture, "Gwen", "gwen@example.org", "2");
  second = reserve_with_form (fixture, "Hal", "hal@example.org", "4");

  get_page (fixture, path, &page);
  g_assert_cmpuint (page.status, ==, 200);
  g_assert_nonnull (strstr (page.body, "<p class=\"wanted unlimited\">As many as you like: <strong>6</strong> given so far"));
  g_assert_null (strstr (page.body, "still wanted"));
  g_assert_null (strstr (page.body, "All reserved"));
  g_assert_nonnull (strstr (page.body, "Reserve this gift"));
}

/* A starred gift comes first, for guests too, with its badge; the API's
 * shared list says which. */
static void
test_most_wanted_on_the_page (Fixture      *fixture,
                              gconstpointer data)
{
  g_autofree char *path = list_path (fixture);
  g_autofree char *shared_path = g_strdup_printf ("/api/lists/%s/shared", fixture->list_id);
  g_autofree char *second = ews_test_api_create_product (fixture->server, fixture->alice, "https://shop.example/cot");
  g_autofree char *gift_path = g_strdup_printf ("/api/lists/%s/product/%s", fixture->list_id, second);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) shared = NULL;
  g_auto(Page) page = { 0 };
  const char *first_card;
  const char *badge;
  guint       status = 0;

  ews_test_api_add_gift (fixture->server, fixture->alice, fixture->list_id, second, 1);
  node = ews_test_api_call (fixture->server, "PUT", gift_path, fixture->alice,
                            "{\"quantity\": 1, \"mostWanted\": \"yes\"}", &status);
  g_assert_cmpuint (status, ==, 400);
  g_clear_pointer (&node, json_node_unref);
  node = ews_test_api_call (fixture->server, "PUT", gift_path, fixture->alice,
                            "{\"quantity\": 1, \"mostWanted\": true}", &status);
  g_assert_cmpuint (status, ==, 200);

  get_page (fixture, path, &page);
  g_assert_cmpuint (page.status, ==, 200);
  first_card = strstr (page.body, "<li class=\"card gift");
  g_assert_nonnull (first_card);
  g_assert_true (g_str_has_prefix (first_card, "<li class=\"card gift most-wanted\" id=\"gift-0\">"));
  badge = strstr (page.body, "Most wanted");
  g_assert_nonnull (badge);
  /* One badge, on the first card only. */
  g_assert_null (strstr (badge + 1, "Most wanted"));
  g_assert_nonnull (strstr (page.body, "id=\"gift-1\""));

  shared = ews_test_api_call (fixture->server, "GET", shared_path, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  {
    JsonObject *products = json_object_get_object_member (json_node_get_object (shared), "products");

    g_assert_true (json_object_get_boolean_member (json_object_get_object_member (products, second), "mostWanted"));
    g_assert_false (json_object_get_boolean_member (json_object_get_object_member (products, fixture->product_id),
                                                    "mostWanted"));
  }
}

static void
test_hostile_values_are_escaped (Fixture      *fixture,
                                 gconstpointer data)
{
  g_autofree char *list_id = NULL;
  g_autofree char *product_id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *gift_path = NULL;
  g_autofree char *mallory = ews_test_api_token (fixture->server, "mallory-sub", "mallory@example.com",
                                                 "<script>alert(10)</script>");
  g_autoptr(JsonNode) node = NULL;
  g_auto(Page) page = { 0 };
  guint status = 0;

  node = ews_test_api_call (fixture->server, "POST", "/api/lists", mallory,
                            "{\"title\": \"<script>alert(1)</script>\", "
                            "\"description\": \"\\\"onmouseover=\\\"alert(2)\", "
                            "\"occasion\": \"<b>Birthday</b>\", "
                            "\"imageUrl\": \"javascript:alert(3)\"}",
                            &status);
  g_assert_cmpuint (status, ==, 200);
  list_id = g_strdup (json_object_get_string_member (json_node_get_object (node), "listId"));
  g_clear_pointer (&node, json_node_unref);

  /* The API refuses addresses that are not web addresses now; a database
   * written before may still hold them, so one goes in behind its back. */
  node = ews_test_api_call (fixture->server, "POST", "/api/notfound", mallory,
                            "{\"details\": \"Skates\", \"url\": \"javascript:alert(6)\"}", &status);
  g_assert_cmpuint (status, ==, 400);
  g_clear_pointer (&node, json_node_unref);
  {
    g_autoptr(EwsStorage) storage = ews_storage_sqlite_open (fixture->server->data_dir, NULL);
    g_autoptr(GError) error = NULL;
    EwsProduct hostile = {
      .brand = (char *)"\"onmouseover=alert(4) x=\"",
      .details = (char *)"<img src=x onerror=alert(5)>",
      .product_url = (char *)"javascript:alert(6)",
      .image_url = (char *)"data:text/html,<script>alert(7)</script>",
      .price = (char *)"'; alert(8); '",
      .created_by = (char *)"mallory-sub",
    };

    g_assert_nonnull (storage);
    product_id = g_uuid_string_random ();
    hostile.product_id = product_id;
    g_assert_true (ews_storage_product_insert (storage, EWS_PRODUCT_KIND_NOTFOUND, &hostile, &error));
    g_assert_no_error (error);
  }

  gift_path = g_strdup_printf ("/api/lists/%s/product/%s", list_id, product_id);
  node = ews_test_api_call (fixture->server, "POST", gift_path, mallory,
                            "{\"quantity\": 1, \"productType\": \"notfound\", "
                            "\"notes\": \"</p><script>alert(9)</script>\"}",
                            &status);
  g_assert_cmpuint (status, ==, 200);

  path = g_strdup_printf ("/lists/%s", list_id);
  get_page (fixture, path, &page);
  g_assert_cmpuint (page.status, ==, 200);

  g_assert_null (strstr (page.body, "<script"));
  g_assert_null (strstr (page.body, "<img src=x"));
  g_assert_null (strstr (page.body, "<b>"));
  g_assert_null (strstr (page.body, "javascript:"));
  g_assert_null (strstr (page.body, "data:text/html"));
  g_assert_null (strstr (page.body, "\"onmouseover"));
  g_assert_null (strstr (page.body, "'; alert"));
  g_assert_nonnull (strstr (page.body, "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"));
  g_assert_nonnull (strstr (page.body, "&quot;onmouseover=alert(4) x=&quot;"));
  g_assert_nonnull (strstr (page.body, "&lt;img src=x onerror=alert(5)&gt;"));
  g_assert_nonnull (strstr (page.body, "&lt;/p&gt;&lt;script&gt;alert(9)&lt;/script&gt;"));
  g_assert_nonnull (strstr (page.body, "A gift list by &lt;script&gt;alert(10)&lt;/script&gt;</p>"));
  /* A gift whose only link is a script gets no shop link and no picture. */
  g_assert_null (strstr (page.body, "View in shop"));
  g_assert_null (strstr (page.body, "<img"));
}

static void
test_reserve_through_the_form (Fixture      *fixture,
                               gconstpointer data)
{
  g_autofree char *reservation_id = NULL;
  g_autofree char *page_path = NULL;
  g_autofree char *manage_url = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonObject) reservation = NULL;
  g_autoptr(EweTestMail) mail = NULL;
  g_auto(Page) page = { 0 };

  reservation_id = reserve_with_form (fixture, "Gwen", "Gwen@Example.org", "2");
  g_assert_true (g_uuid_string_is_valid (reservation_id));

  reservation = reservation_json (fixture, reservation_id);
  g_assert_cmpstr (json_object_get_string_member (reservation, "state"), ==, "reserved");
  g_assert_cmpint (json_object_get_int_member (reservation, "quantity"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (reservation, "email"), ==, "gwen@example.org");
  g_assert_cmpstr (json_object_get_string_member (reservation, "name"), ==, "Gwen");
  g_assert_cmpint (gift_count (fixture, "reserved"), ==, 2);

  page_path = g_strdup_printf ("/reserve/%s?done=reserved", reservation_id);
  get_page (fixture, page_path, &page);
  g_assert_cmpuint (page.status, ==, 200);
  g_assert_nonnull (strstr (page.body, "Your reservation is made."));
  g_assert_nonnull (strstr (page.body, "You reserved <strong>2</strong>"));
  g_assert_nonnull (strstr (page.body, "<span>Note:</span> Size 4"));
  g_assert_nonnull (strstr (page.body, "Baby Ada"));
  g_assert_nonnull (strstr (page.body, "Rocket skates"));
  /* The page never shows the address: the form asks for it. */
  g_assert_null (strstr (page.body, "gwen@example.org"));

  /* The confirmation mail carries the link to this page. */
  manage_url = g_strdup_printf ("%s/reserve/%s", fixture->server->base_url, reservation_id);
  mail = ewe_test_smtp_wait_for_mail_to (fixture->smtp, 0, "gwen@example.org", 10000);
  g_assert_nonnull (mail);
  text = ewe_test_mail_dup_part (mail, "text/plain");
  g_assert_nonnull (strstr (text, manage_url));
  g_assert_nonnull (strstr (text, "Rocket skates"));
}

static void
count_set_cookie (const char *name,
                  const char *value,
                  gpointer    user_data)
{
  guint *n = user_data;

  if (g_ascii_strcasecmp (name, "Set-Cookie") == 0)
    (*n)++;
}

/* Every form on a page is bound to the one cookie the page sets. */
static void
test_page_with_many_forms (Fixture      *fixture,
                           gconstpointer data)
{
  g_autofree char *gift_path = NULL;
  g_autofree char *other_product = NULL;
  g_autofree char *reservation_id = NULL;
  g_autofree char *url = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) added = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) counting = soup_session_new ();
  guint status = 0;
  guint n_cookies = 0;

  node = ews_test_api_call (fixture->server, "POST", "/api/notfound", fixture->alice,
                            "{\"brand\": \"Other\", \"details\": \"Thing\", "
                            "\"url\": \"https://shop.example/thing\"}",
                            &status);
  g_assert_cmpuint (status, ==, 200);
  other_product = g_strdup (json_object_get_string_member (json_node_get_object (node), "productId"));
  gift_path = g_strdup_printf ("/api/lists/%s/product/%s", fixture->list_id, other_product);
  added = ews_test_api_call (fixture->server, "POST", gift_path, fixture->alice,
                             "{\"quantity\": 1, \"productType\": \"notfound\"}", &status);
  g_assert_cmpuint (status, ==, 200);

  url = g_strdup_printf ("%s/lists/%s", fixture->server->base_url, fixture->list_id);
  msg = soup_message_new ("GET", url);
  body = soup_session_send_and_read (counting, msg, NULL, &error);
  g_assert_no_error (error);
  soup_message_headers_foreach (soup_message_get_response_headers (msg), count_set_cookie, &n_cookies);
  g_assert_cmpuint (n_cookies, ==, 1);

  /* The page's forms share one token, made once for this visitor. */
  {
    g_autofree char *page_path = list_path (fixture);
    g_autofree char *first_action = reserve_path (fixture, fixture->product_id);
    g_autofree char *second_action = reserve_path (fixture, other_product);
    g_autofree char *first = NULL;
    g_autofree char *second = NULL;
    g_auto(Page) page = { 0 };

    get_page (fixture, page_path, &page);
    first = form_token (fixture, page.body, first_action);
    second = form_token (fixture, page.body, second_action);
    g_assert_cmpstr (first, ==, second);
  }

  /* A browser's first visit: the first form on the page works. */
  reservation_id = reserve_with_form (fixture, "Gwen", "gwen@example.org", "1");
  g_assert_true (g_uuid_string_is_valid (reservation_id));
}

static void
test_csrf_is_required (Fixture      *fixture,
                       gconstpointer data)
{
  g_autofree char *page_path = list_path (fixture);
  g_autofree char *action = reserve_path (fixture, fixture->product_id);
  g_autofree char *token = NULL;
  g_autofree char *forged = NULL;
  g_autofree char *expired = NULL;
  g_autofree char *other_action = NULL;
  g_autoptr(GBytes) secret = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) stranger = soup_session_new ();
  SoupCookieJar *jar;
  GSList        *cookies;
  const char    *nonce = NULL;
  g_auto(Page) page = { 0 };
  g_auto(Page) missing = { 0 };
  g_auto(Page) bad = { 0 };
  g_auto(Page) old = { 0 };
  g_auto(Page) elsewhere = { 0 };
  g_auto(Page) no_cookie = { 0 };
  g_auto(Page) same_list = { 0 };
  g_auto(Page) path_bound = { 0 };
  g_auto(Page) other_cookie = { 0 };
  g_autofree char *same_list_action = NULL;
  g_autofree char *path_token = NULL;
  g_autofree char *list_scope = NULL;
  g_autoptr(SoupSession) other_visitor = soup_session_new ();
  g_autofree char *other_list = ews_test_api_create_list (fixture->server, fixture->alice, "Another list");

  soup_session_add_feature_by_type (other_visitor, SOUP_TYPE_COOKIE_JAR);
  get_page (fixture, page_path, &page);
  token = form_token (fixture, page.body, action);

  post_form (fixture->session, fixture->server, action, &missing,
             "name", "Mallory", "email", "m@example.org", "quantity", "1", NULL);
  g_assert_cmpuint (missing.status, ==, 403);
  g_assert_nonnull (strstr (missing.body, "Open the page again</a>"));

  forged = g_strdup_printf ("%" G_GINT64_FORMAT ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                            g_get_real_time () / G_USEC_PER_SEC + 3600);
  post_form (fixture->session, fixture->server, action, &bad,
             EWS_CSRF_FIELD, forged, "name", "Mallory", "email", "m@example.org", "quantity", "1", NULL);
  g_assert_cmpuint (bad.status, ==, 403);

  /* A genuine token, signed with the server's key, an hour too old. */
  ews_jwt_load_or_create_secret (fixture->server->data_dir, &secret, &error);
  g_assert_no_error (error);
  jar = SOUP_COOKIE_JAR (soup_session_get_feature (fixture->session, SOUP_TYPE_COOKIE_JAR));
  cookies = soup_cookie_jar_all_cookies (jar);
  for (GSList *l = cookies; l != NULL; l = l->next)
    {
      if (g_strcmp0 (soup_cookie_get_name (l->data), EWS_CSRF_COOKIE) == 0)
        nonce = soup_cookie_get_value (l->data);
    }
  g_assert_nonnull (nonce);
  /* (made for what the page's reserve forms share: this list's) */
  list_scope = g_strdup_printf ("/lists/%s/reserve/", fixture->list_id);
  expired = ews_csrf_token_new (secret, nonce, list_scope, g_get_real_time () / G_USEC_PER_SEC - 3600);
  path_token = ews_csrf_token_new (secret, nonce, action, g_get_real_time () / G_USEC_PER_SEC + 3600);
  g_slist_free_full (cookies, (GDestroyNotify)soup_cookie_free);
  post_form (fixture->session, fixture->server, action, &old,
             EWS_CSRF_FIELD, expired, "name", "Mallory", "email", "m@example.org", "quantity", "1", NULL);
  g_assert_cmpuint (old.status, ==, 403);
  g_assert_nonnull (strstr (old.body, "expired"));

  /* A token is good for its own list's reserve forms only (the page's
   * forms share one): another list's form refuses it before reading
   * anything, while another gift of this list takes it (and then finds
   * no such gift). */
  other_action = g_strdup_printf ("/lists/%s/reserve/%s", other_list, fixture->product_id);
  post_form (fixture->session, fixture->server, other_action, &elsewhere,
             EWS_CSRF_FIELD, token, "name", "Mallory", "email", "m@example.org", "quantity", "1", NULL);
  g_assert_cmpuint (elsewhere.status, ==, 403);
  g_assert_nonnull (strstr (elsewhere.body, "Open the page again</a>"));
  same_list_action = g_strdup_printf ("/lists/%s/reserve/another-product", fixture->list_id);
  post_form (fixture->session, fixture->server, same_list_action, &same_list,
             EWS_CSRF_FIELD, token, "name", "Mallory", "email", "m@example.org", "quantity", "1", NULL);
  g_assert_cmpuint (same_list.status, !=, 403);
  g_assert_cmpuint (same_list.status, !=, 200);

  /* A token made for one form's own path (as other pages' forms are) is
   * not one for the list's reserve forms. */
  post_form (fixture->session, fixture->server, action, &path_bound,
             EWS_CSRF_FIELD, path_token, "name", "Mallory", "email", "m@example.org", "quantity", "1", NULL);
  g_assert_cmpuint (path_bound.status, ==, 403);

  /* …and for its own browser: another site's page posting it has no cookie, */
  post_form (stranger, fixture->server, action, &no_cookie,
             EWS_CSRF_FIELD, token, "name", "Mallory", "email", "m@example.org", "quantity", "1", NULL);
  g_assert_cmpuint (no_cookie.status, ==, 403);

  /* …and another visitor, with a cookie and tokens of their own (the page
   * kept for all, its token filled in for them), cannot post this one. */
  {
    g_autofree char *url = ewe_test_server_url (fixture->server, page_path);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
    g_auto(Page) their_page = { 0 };
    g_autofree char *their_token = NULL;

    send_message (other_visitor, msg, &their_page);
    g_assert_cmpuint (their_page.status, ==, 200);
    their_token = form_token (fixture, their_page.body, action);
    g_assert_cmpstr (their_token, !=, token);
    post_form (other_visitor, fixture->server, action, &other_cookie,
               EWS_CSRF_FIELD, token, "name", "Mallory", "email", "m@example.org", "quantity", "1", NULL);
    g_assert_cmpuint (other_cookie.status, ==, 403);
  }

  g_assert_cmpint (gift_count (fixture, "reserved"), ==, 0);
}

static void
test_invalid_and_over_reserving (Fixture      *fixture,
                                 gconstpointer data)
{
  g_autofree char *page_path = list_path (fixture);
  g_autofree char *action = reserve_path (fixture, fixture->product_id);
  g_autofree char *token = NULL;
  g_autofree char *taken = NULL;
  g_auto(Page) page = { 0 };
  g_auto(Page) too_many = { 0 };
  g_auto(Page) zero = { 0 };
  g_auto(Page) bad_email = { 0 };
  g_auto(Page) no_name = { 0 };
  g_auto(Page) late = { 0 };

  get_page (fixture, page_path, &page);
  token = form_token (fixture, page.body, action);

  post_form (fixture->session, fixture->server, action, &too_many,
             EWS_CSRF_FIELD, token, "name", "Greedy <Gus>", "email", "gus@example.org", "quantity", "4", NULL);
  g_assert_cmpuint (too_many.status, ==, 409);
  g_assert_nonnull (strstr (too_many.body, "Only 3 more of this gift are still wanted."));
  /* What the guest typed is kept, escaped. */
  g_assert_nonnull (strstr (too_many.body, "value=\"Greedy &lt;Gus&gt;\""));
  g_assert_nonnull (strstr (too_many.body, "value=\"gus@example.org\""));
  g_assert_nonnull (strstr (too_many.body, "<details class=\"reserve\" open>"));
  g_assert_nonnull (strstr (too_many.body, "aria-describedby=\"error-0\" aria-invalid=\"true\""));
  /* The page comes back scrolled to the gift whose form was refused. */
  g_assert_nonnull (strstr (too_many.body, "#gift-0\" class=\"reserve-form\">"));

  post_form (fixture->session, fixture->server, action, &zero,
             EWS_CSRF_FIELD, token, "name", "Gus", "email", "gus@example.org", "quantity", "0", NULL);
  g_assert_cmpuint (zero.status, ==, 400);

  post_form (fixture->session, fixture->server, action, &bad_email,
             EWS_CSRF_FIELD, token, "name", "Gus", "email", "not-an-address", "quantity", "1", NULL);
  g_assert_cmpuint (bad_email.status, ==, 400);
  g_assert_nonnull (strstr (bad_email.body, "value=\"not-an-address\""));

  post_form (fixture->session, fixture->server, action, &no_name,
             EWS_CSRF_FIELD, token, "name", "   ", "email", "gus@example.org", "quantity", "1", NULL);
  g_assert_cmpuint (no_name.status, ==, 400);

  g_assert_cmpint (gift_count (fixture, "reserved"), ==, 0);

  /* Someone else takes the last ones while the page is open. */
  taken = ews_test_api_reserve (fixture->server, fixture->list_id, fixture->product_id,
                                "quick@example.org", "Quick", 3);
  post_form (fixture->session, fixture->server, action, &late,
             EWS_CSRF_FIELD, token, "name", "Gus", "email", "gus@example.org", "quantity", "1", NULL);
  g_assert_cmpuint (late.status, ==, 409);
  g_assert_nonnull (strstr (late.body, "already fully reserved"));
  g_assert_cmpint (gift_count (fixture, "reserved"), ==, 3);
}

/* Holds every racer until all have their page, so all post with a page
 * that still offered the gift. */
typedef struct
{
  GMutex mutex;
  GCond  cond;
  guint  waiting;
  guint  total;
} Barrier;

typedef struct
{
  Fixture *fixture;
  Barrier *barrier;
  guint    index;
  guint    status;
} Racer;

static void
barrier_wait (Barrier *barrier)
{
  g_mutex_lock (&barrier->mutex);
  if (++barrier->waiting == barrier->total)
    g_cond_broadcast (&barrier->cond);
  while (barrier->waiting < barrier->total)
    g_cond_wait (&barrier->cond, &barrier->mutex);
  g_mutex_unlock (&barrier->mutex);
}

/* One browser of its own: open the list, reserve one. */
static gpointer
race_cb (gpointer data)
{
  Racer *racer = data;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *page_path = list_path (racer->fixture);
  g_autofree char *url = ewe_test_server_url (racer->fixture->server, page_path);
  g_autofree char *action = reserve_path (racer->fixture, racer->fixture->product_id);
  g_autofree char *email = g_strdup_printf ("racer%u@example.org", racer->index);
  g_autofree char *token = NULL;
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_auto(Page) page = { 0 };
  g_auto(Page) posted = { 0 };

  soup_session_add_feature_by_type (session, SOUP_TYPE_COOKIE_JAR);
  send_message (session, msg, &page);
  token = form_token (racer->fixture, page.body, action);
  barrier_wait (racer->barrier);

  post_form (session, racer->fixture->server, action, &posted,
             EWS_CSRF_FIELD, token, "name", "Racer", "email", email, "quantity", "1", NULL);
  racer->status = posted.status;

  return NULL;
}

/* Guests who all opened the page while 3 were still wanted, and all
 * reserve at once: exactly 3 get one. */
static void
test_concurrent_forms (Fixture      *fixture,
                       gconstpointer data)
{
  Racer    racers[12];
  GThread *threads[G_N_ELEMENTS (racers)];
  Barrier  barrier = { .total = G_N_ELEMENTS (racers) };
  guint    reserved = 0, refused = 0;

  g_mutex_init (&barrier.mutex);
  g_cond_init (&barrier.cond);

  for (guint i = 0; i < G_N_ELEMENTS (racers); i++)
    {
      racers[i] = (Racer) { fixture, &barrier, i, 0 };
      threads[i] = g_thread_new ("racer", race_cb, &racers[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (racers); i++)
    {
      g_thread_join (threads[i]);
      if (racers[i].status == SOUP_STATUS_SEE_OTHER)
        reserved++;
      else if (racers[i].status == SOUP_STATUS_CONFLICT)
        refused++;
    }

  g_mutex_clear (&barrier.mutex);
  g_cond_clear (&barrier.cond);

  g_assert_cmpuint (reserved, ==, 3);
  g_assert_cmpuint (refused, ==, G_N_ELEMENTS (racers) - 3);
  g_assert_cmpint (gift_count (fixture, "reserved"), ==, 3);
}

static void
test_closed_list (Fixture      *fixture,
                  gconstpointer data)
{
  g_autofree char *page_path = list_path (fixture);
  g_autofree char *action = reserve_path (fixture, fixture->product_id);
  g_autofree char *close_path = g_strdup_printf ("/api/lists/%s/close", fixture->list_id);
  g_autofree char *token = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_auto(Page) open_page = { 0 };
  g_auto(Page) closed_page = { 0 };
  g_auto(Page) posted = { 0 };
  g_autofree char *early = NULL;
  g_autofree char *early_path = NULL;
  g_autofree char *early_token = NULL;
  g_autoptr(JsonObject) reservation = NULL;
  g_auto(Page) early_page = { 0 };
  g_auto(Page) more = { 0 };
  g_auto(Page) bought = { 0 };
  guint status = 0;

  /* A guest who reserved before the list closed. */
  early = reserve_with_form (fixture, "Early", "early@example.org", "1");
  early_path = g_strdup_printf ("/reserve/%s", early);
  get_page (fixture, early_path, &early_page);
  early_token = form_token (fixture, early_page.body, early_path);

  get_page (fixture, page_path, &open_page);
  token = form_token (fixture, open_page.body, action);

  node = ews_test_api_call (fixture->server, "POST", close_path, fixture->alice, NULL, &status);
  g_assert_cmpuint (status, ==, 200);

  get_page (fixture, page_path, &closed_page);
  g_assert_cmpuint (closed_page.status, ==, 200);
  g_assert_nonnull (strstr (closed_page.body, "This list is closed"));
  g_assert_null (strstr (closed_page.body, "<form"));

  post_form (fixture->session, fixture->server, action, &posted,
             EWS_CSRF_FIELD, token, "name", "Late", "email", "late@example.org", "quantity", "1", NULL);
  g_assert_cmpuint (posted.status, ==, 409);
  g_assert_null (strstr (posted.body, "<form"));
  g_assert_cmpint (gift_count (fixture, "reserved"), ==, 1);

  /* Reserving more is refused on a closed list; buying what one holds is not. */
  post_form (fixture->session, fixture->server, early_path, &more,
             EWS_CSRF_FIELD, early_token, "email", "early@example.org", "action", "update", "quantity", "2", NULL);
  g_assert_cmpuint (more.status, ==, 409);
  g_assert_nonnull (strstr (more.body, "This list is closed"));
  post_form (fixture->session, fixture->server, early_path, &bought,
             EWS_CSRF_FIELD, early_token, "email", "early@example.org", "action", "purchase", NULL);
  g_assert_cmpuint (bought.status, ==, 303);
  reservation = reservation_json (fixture, early);
  g_assert_cmpstr (json_object_get_string_member (reservation, "state"), ==, "purchased");
  g_assert_cmpint (gift_count (fixture, "reserved"), ==, 0);
  g_assert_cmpint (gift_count (fixture, "purchased"), ==, 1);
}

static void
test_manage_reservation (Fixture      *fixture,
                         gconstpointer data)
{
  g_autofree char *first = reserve_with_form (fixture, "Gwen", "gwen@example.org", "1");
  g_autofree char *second = NULL;
  g_autofree char *first_path = g_strdup_printf ("/reserve/%s", first);
  g_autofree char *second_path = NULL;
  g_autofree char *token = NULL;
  g_autofree char *second_token = NULL;
  g_autoptr(JsonObject) reservation = NULL;
  g_autoptr(EweTestMail) purchase_mail = NULL;
  g_autofree char *subject = NULL;
  g_auto(Page) page = { 0 };
  g_auto(Page) wrong = { 0 };
  g_auto(Page) updated = { 0 };
  g_auto(Page) too_many = { 0 };
  g_auto(Page) bought = { 0 };
  g_auto(Page) bought_page = { 0 };
  g_auto(Page) second_page = { 0 };
  g_auto(Page) cancelled = { 0 };

  get_page (fixture, first_path, &page);
  g_assert_cmpuint (page.status, ==, 200);
  g_assert_nonnull (strstr (page.body, "<label for=\"email\">"));
  g_assert_nonnull (strstr (page.body, "max=\"3\""));
  token = form_token (fixture, page.body, first_path);

  /* The id alone is not enough: the wrong address changes nothing. */
  post_form (fixture->session, fixture->server, first_path, &wrong,
             EWS_CSRF_FIELD, token, "email", "mallory@example.org", "action", "cancel", NULL);
  g_assert_cmpuint (wrong.status, ==, 403);
  g_assert_nonnull (strstr (wrong.body, "not the e-mail address"));
  g_assert_nonnull (strstr (wrong.body, "value=\"mallory@example.org\""));
  reservation = reservation_json (fixture, first);
  g_assert_cmpstr (json_object_get_string_member (reservation, "state"), ==, "reserved");
  g_clear_pointer (&reservation, json_object_unref);

  post_form (fixture->session, fixture->server, first_path, &updated,
             EWS_CSRF_FIELD, token, "email", " GWEN@example.org ", "action", "update", "quantity", "2", NULL);
  g_assert_cmpuint (updated.status, ==, 303);
  g_assert_true (g_str_has_suffix (updated.location, "?done=updated"));
  g_assert_cmpint (gift_count (fixture, "reserved"), ==, 2);

  post_form (fixture->session, fixture->server, first_path, &too_many,
             EWS_CSRF_FIELD, token, "email", "gwen@example.org", "action", "update", "quantity", "4", NULL);
  g_assert_cmpuint (too_many.status, ==, 409);
  g_assert_cmpint (gift_count (fixture, "reserved"), ==, 2);

  post_form (fixture->session, fixture->server, first_path, &bought,
             EWS_CSRF_FIELD, token, "email", "gwen@example.org", "action", "purchase", NULL);
  g_assert_cmpuint (bought.status, ==, 303);
  g_assert_true (g_str_has_suffix (bought.location, "?done=purchased"));
  reservation = reservation_json (fixture, first);
  g_assert_cmpstr (json_object_get_string_member (reservation, "state"), ==, "purchased");
  g_assert_cmpint (gift_count (fixture, "purchased"), ==, 2);
  g_assert_cmpint (gift_count (fixture, "reserved"), ==, 0);

  /* One mail for the reservation, then the thanks for buying. */
  purchase_mail = ewe_test_smtp_wait_for_mail_to (fixture->smtp, 1, "gwen@example.org", 10000);
  g_assert_nonnull (purchase_mail);
  subject = ewe_test_mail_dup_subject (purchase_mail);
  g_assert_nonnull (strstr (subject, "Thank you"));

  get_page (fixture, first_path, &bought_page);
  g_assert_nonnull (strstr (bought_page.body, "You bought <strong>2</strong>"));
  g_assert_null (strstr (bought_page.body, "<form"));

  /* A second guest reserves the last one, then cancels. */
  second = reserve_with_form (fixture, "Hal", "hal@example.org", "1");
  second_path = g_strdup_printf ("/reserve/%s", second);
  get_page (fixture, second_path, &second_page);
  second_token = form_token (fixture, second_page.body, second_path);
  g_assert_cmpint (gift_count (fixture, "reserved"), ==, 1);

  post_form (fixture->session, fixture->server, second_path, &cancelled,
             EWS_CSRF_FIELD, second_token, "email", "hal@example.org", "action", "cancel", NULL);
  g_assert_cmpuint (cancelled.status, ==, 303);
  g_clear_pointer (&reservation, json_object_unref);
  reservation = reservation_json (fixture, second);
  g_assert_cmpstr (json_object_get_string_member (reservation, "state"), ==, "cancelled");
  g_assert_cmpint (gift_count (fixture, "reserved"), ==, 0);
}

/* A guest's reservation is confirmed from the mailed link: the page it
 * opens shows a Confirm button (a form with a CSRF token, the address typed
 * again), and opening it confirms nothing by itself, as mail scanners open
 * links too. A wrong key or address is said on the page. */
static void
test_confirm_through_the_page (Fixture      *fixture,
                               gconstpointer data)
{
  g_autofree char *id = reserve_with_form (fixture, "Ida", "ida@example.org", "1");
  g_autofree char *path = g_strdup_printf ("/reserve/%s", id);
  g_autofree char *link_prefix = NULL;
  g_autofree char *text = NULL;
  g_autofree char *key = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *wrong_key = NULL;
  g_autofree char *token = NULL;
  g_autoptr(EweTestMail) mail = NULL;
  g_autoptr(JsonObject) reservation = NULL;
  g_auto(Page) plain = { 0 };
  g_auto(Page) page = { 0 };
  g_auto(Page) wrong = { 0 };
  g_auto(Page) wrong_email = { 0 };
  g_auto(Page) confirmed = { 0 };
  g_auto(Page) after = { 0 };
  const char *start;

  mail = ewe_test_smtp_wait_for_mail_to (fixture->smtp, 0, "ida@example.org", 10000);
  g_assert_nonnull (mail);
  text = ewe_test_mail_dup_part (mail, "text/plain");
  link_prefix = ewe_test_server_url (fixture->server, "/reserve/");
  start = strstr (text, link_prefix);
  g_assert_nonnull (start);
  start = strstr (start, "?confirm=");
  g_assert_nonnull (start);
  start += strlen ("?confirm=");
  key = g_strndup (start, strspn (start, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"));
  g_assert_cmpuint (strlen (key), >=, 32);

  /* Without the key, the page says it waits; with it, it asks. */
  get_page (fixture, path, &plain);
  g_assert_cmpuint (plain.status, ==, 200);
  g_assert_nonnull (strstr (plain.body, "Not confirmed yet"));
  g_assert_null (strstr (plain.body, "value=\"confirm\""));

  key_path = g_strdup_printf ("%s?confirm=%s", path, key);
  get_page (fixture, key_path, &page);
  g_assert_cmpuint (page.status, ==, 200);
  g_assert_nonnull (strstr (page.body, "Confirm reservation"));
  g_assert_nonnull (strstr (page.body, "<label for=\"confirm-email\">"));
  reservation = reservation_json (fixture, id);
  g_assert_false (json_object_get_boolean_member (reservation, "confirmed"));
  g_clear_pointer (&reservation, json_object_unref);
  token = form_token (fixture, page.body, path);

  wrong_key = g_strconcat (key, "x", NULL);
  post_form (fixture->session, fixture->server, path, &wrong,
             EWS_CSRF_FIELD, token, "email", "ida@example.org", "action", "confirm", "key", wrong_key, NULL);
  g_assert_cmpuint (wrong.status, ==, 400);
  g_assert_nonnull (strstr (wrong.body, "not the one we e-mailed"));
  g_assert_nonnull (strstr (wrong.body, "id=\"confirm-error\""));

  post_form (fixture->session, fixture->server, path, &wrong_email,
             EWS_CSRF_FIELD, token, "email", "mallory@example.org", "action", "confirm", "key", key, NULL);
  g_assert_cmpuint (wrong_email.status, ==, 403);
  g_assert_nonnull (strstr (wrong_email.body, "not the e-mail address"));
  reservation = reservation_json (fixture, id);
  g_assert_false (json_object_get_boolean_member (reservation, "confirmed"));
  g_clear_pointer (&reservation, json_object_unref);

  post_form (fixture->session, fixture->server, path, &confirmed,
             EWS_CSRF_FIELD, token, "email", "Ida@example.org", "action", "confirm", "key", key, NULL);
  g_assert_cmpuint (confirmed.status, ==, 303);
  g_assert_true (g_str_has_suffix (confirmed.location, "?done=confirmed"));
  reservation = reservation_json (fixture, id);
  g_assert_true (json_object_get_boolean_member (reservation, "confirmed"));

  /* Opened again, the link shows the reservation, with nothing to confirm. */
  get_page (fixture, key_path, &after);
  g_assert_cmpuint (after.status, ==, 200);
  g_assert_null (strstr (after.body, "value=\"confirm\""));
  g_assert_null (strstr (after.body, "Not confirmed yet"));
}

/* An address holds at most five unconfirmed gifts on a list: the form says
 * so, readably, and reserves nothing. */
static void
test_unconfirmed_limit_on_the_page (Fixture      *fixture,
                                    gconstpointer data)
{
  g_autofree char *page_path = list_path (fixture);
  g_autofree char *product_url = g_strdup_printf ("https://acme.example/nappies-%u", g_random_int ());
  g_autofree char *big = ews_test_api_create_product (fixture->server, fixture->alice, product_url);
  g_autofree char *action = reserve_path (fixture, big);
  g_autofree char *token = NULL;
  g_auto(Page) page = { 0 };
  g_auto(Page) refused = { 0 };

  ews_test_api_add_gift (fixture->server, fixture->alice, fixture->list_id, big, 10);
  get_page (fixture, page_path, &page);
  token = form_token (fixture, page.body, action);

  post_form (fixture->session, fixture->server, action, &refused,
             EWS_CSRF_FIELD, token, "name", "Jay", "email", "jay@example.org", "quantity", "6", NULL);
  g_assert_cmpuint (refused.status, ==, 409);
  g_assert_nonnull (strstr (refused.body, "Your reservation was not made."));
  g_assert_nonnull (strstr (refused.body, "can hold at most 5 gifts on a list before it confirms them"));
  g_assert_nonnull (strstr (refused.body, "value=\"jay@example.org\""));
}

/* Renders pages in Debian's headless Chromium when EWE_SCREENSHOT_DIR is
 * set (see guest-pages-screenshot.sh): at phone and desktop widths, in
 * light and dark, and in other languages (@language, or NULL for the
 * browser's English), for a person to look at. */
static void
screenshot_in (const char *dir,
               const char *url,
               const char *name,
               const char *size,
               gboolean    dark,
               const char *language)
{
  g_autofree char *profile = g_dir_make_tmp ("ewe-chromium-XXXXXX", NULL);
  g_autofree char *out = g_strdup_printf ("%s/%s-%s%s%s%s.png", dir, name, size, dark ? "-dark" : "",
                                          language != NULL ? "-" : "", language != NULL ? language : "");
  g_autofree char *language_arg = g_strdup_printf ("--accept-lang=%s", language != NULL ? language : "en-US");
  g_autofree char *screenshot_arg = g_strdup_printf ("--screenshot=%s", out);
  g_autofree char *size_arg = g_strdup_printf ("--window-size=%s", size);
  g_autofree char *profile_arg = g_strdup_printf ("--user-data-dir=%s", profile);
  g_autoptr(GError) error = NULL;
  int         wait_status = 0;
  const char *argv[] = {
    "/usr/bin/chromium",
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    profile_arg,
    screenshot_arg,
    size_arg,
    language_arg,
    dark ? "--blink-settings=preferredColorScheme=0" : "--blink-settings=preferredColorScheme=1",
    url,
    NULL,
  };

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (out, G_FILE_TEST_EXISTS));
  g_test_message ("screenshot: %s", out);
}

static void
screenshot (const char *dir,
            const char *url,
            const char *name,
            const char *size,
            gboolean    dark)
{
  screenshot_in (dir, url, name, size, dark, NULL);
}

/* Pictures for the screenshots, served over http from 127.0.0.1 as shops
 * serve theirs (pages only show http(s) images). */
static const struct
{
  const char *name;
  const char *svg;
} pictures[] = {
  { "banner.svg",
    "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 400 240'>"
    "<rect width='400' height='240' fill='#f3d9c6'/>"
    "<circle cx='90' cy='90' r='40' fill='#e57f7f'/><path d='M90 130 q-10 40 10 90' stroke='#999' fill='none'/>"
    "<circle cx='170' cy='70' r='34' fill='#7fb6e5'/><path d='M170 104 q10 50 -10 116' stroke='#999' fill='none'/>"
    "<circle cx='300' cy='100' r='44' fill='#f2c14e'/><path d='M300 144 q-14 40 6 76' stroke='#999' fill='none'/>"
    "</svg>" },
  { "skates.svg",
    "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 200 150'>"
    "<path d='M40 30 h50 v45 h60 q20 0 20 20 v10 h-130 z' fill='#c0392b'/>"
    "<rect x='35' y='105' width='140' height='8' fill='#555'/>"
    "<circle cx='60' cy='125' r='12' fill='#333'/><circle cx='150' cy='125' r='12' fill='#333'/>"
    "</svg>" },
  { "buggy.svg",
    "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 200 150'>"
    "<path d='M50 80 a50 50 0 0 1 80 -50 l-40 50 z' fill='#222'/>"
    "<path d='M50 80 h90 l-15 25 h-60 z' fill='#333'/>"
    "<path d='M140 80 l25 -40' stroke='#444' stroke-width='5'/>"
    "<circle cx='70' cy='125' r='14' fill='none' stroke='#222' stroke-width='6'/>"
    "<circle cx='130' cy='125' r='14' fill='none' stroke='#222' stroke-width='6'/>"
    "</svg>" },
};

static GSubprocess *
start_picture_server (const char *dir,
                      guint16    *port)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *port_arg = NULL;
  GSubprocess     *process;

  for (guint i = 0; i < G_N_ELEMENTS (pictures); i++)
    {
      g_autofree char *path = g_build_filename (dir, pictures[i].name, NULL);
      g_assert_true (g_file_set_contents (path, pictures[i].svg, -1, NULL));
    }

  *port = free_port ();
  port_arg = g_strdup_printf ("%u", *port);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              "python3", "-m", "http.server", port_arg, "--bind", "127.0.0.1",
                              "--directory", dir, NULL);
  g_assert_no_error (error);

  /* Ready once it answers. */
  for (guint tries = 0; tries < 100; tries++)
    {
      g_autoptr(GSocketClient) client = g_socket_client_new ();
      g_autoptr(GSocketConnection) connection = NULL;

      connection = g_socket_client_connect_to_host (client, "127.0.0.1", *port, NULL, NULL);
      if (connection != NULL)
        break;
      g_usleep (50 * 1000);
    }

  return process;
}

static char *
add_screenshot_gift (Fixture    *fixture,
                     const char *list_id,
                     const char *product_json,
                     gint64      quantity,
                     const char *notes)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) added = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  char            *product_id;
  guint            status = 0;

  node = ews_test_api_call (fixture->server, "POST", "/api/notfound", fixture->alice, product_json, &status);
  g_assert_cmpuint (status, ==, 200);
  product_id = g_strdup (json_object_get_string_member (json_node_get_object (node), "productId"));

  path = g_strdup_printf ("/api/lists/%s/product/%s", list_id, product_id);
  body = g_strdup_printf ("{\"quantity\": %" G_GINT64_FORMAT ", \"productType\": \"notfound\"%s%s%s}",
                          quantity, notes ? ", \"notes\": \"" : "", notes ? notes : "", notes ? "\"" : "");
  added = ews_test_api_call (fixture->server, "POST", path, fixture->alice, body, &status);
  g_assert_cmpuint (status, ==, 200);

  return product_id;
}

static void
test_screenshots (Fixture      *fixture,
                  gconstpointer data)
{
  const char      *dir = g_getenv ("EWE_SCREENSHOT_DIR");
  g_autofree char *pictures_dir = NULL;
  g_autoptr(GSubprocess) picture_server = NULL;
  g_autofree char *base = NULL;
  g_autofree char *list_body = NULL;
  g_autofree char *skates_json = NULL;
  g_autofree char *buggy_json = NULL;
  g_autofree char *buggy = NULL;
  g_autofree char *books = NULL;
  g_autofree char *taken = NULL;
  g_autofree char *reservation_id = NULL;
  g_autofree char *list_url = NULL;
  g_autofree char *reservation_url = NULL;
  g_autofree char *page_path = NULL;
  g_autofree char *action = NULL;
  g_autofree char *token = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_auto(Page) page = { 0 };
  g_auto(Page) refused = { 0 };
  guint16     picture_port = 0;
  guint       status = 0;
  /* The sizes to check, and a tall phone window to see a whole page. */
  const char *sizes[] = { "360,720", "1280,800", "360,2400" };

  if (dir == NULL || !g_file_test ("/usr/bin/chromium", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("set EWE_SCREENSHOT_DIR (and install chromium) to take screenshots");
      return;
    }

  pictures_dir = g_build_filename (dir, "pictures", NULL);
  g_assert_cmpint (g_mkdir_with_parents (pictures_dir, 0700), ==, 0);
  picture_server = start_picture_server (pictures_dir, &picture_port);
  base = g_strdup_printf ("http://127.0.0.1:%u", picture_port);

  /* A list of its own, with pictures; it replaces the fixture's list. */
  list_body = g_strdup_printf ("{\"title\": \"Ada's arrival\", \"description\": \"Thank you for thinking "
                               "of us! Anything here would be lovely.\", \"eventDate\": \"2026-12-25\", "
                               "\"occasion\": \"New baby\", \"imageUrl\": \"%s/banner.svg\"}",
                               base);
  node = ews_test_api_call (fixture->server, "POST", "/api/lists", fixture->alice, list_body, &status);
  g_assert_cmpuint (status, ==, 200);
  g_free (fixture->list_id);
  fixture->list_id = g_strdup (json_object_get_string_member (json_node_get_object (node), "listId"));

  skates_json = g_strdup_printf ("{\"brand\": \"Acme\", \"details\": \"Rocket skates\", \"url\": "
                                 "\"https://acme.example/skates\", \"retailer\": \"acme.example\", "
                                 "\"price\": \"£19.99\", \"imageUrl\": \"%s/skates.svg\"}",
                                 base);
  g_free (fixture->product_id);
  fixture->product_id = add_screenshot_gift (fixture, fixture->list_id, skates_json, 3, "Size 4");
  buggy_json = g_strdup_printf ("{\"brand\": \"Mamas & Papas\", \"details\": \"Acro Lightweight Buggy – Black\", "
                                "\"url\": \"https://shop.example/buggy\", \"price\": \"£249.00\", "
                                "\"imageUrl\": \"%s/buggy.svg\"}",
                                base);
  buggy = add_screenshot_gift (fixture, fixture->list_id, buggy_json, 1, NULL);
  books = add_screenshot_gift (fixture, fixture->list_id,
                               "{\"brand\": \"Little Reader\", \"details\": \"Board books, set of ten, with a very "
                               "long title that has to wrap on a phone\", \"url\": \"https://shop.example/books\"}",
                               2, "Any of the classics");
  {
    g_autofree char *books_path = g_strdup_printf ("/api/lists/%s/product/%s", fixture->list_id, books);
    g_autoptr(JsonNode) made_unlimited = ews_test_api_call (fixture->server, "PUT", books_path, fixture->alice,
                                                             "{\"quantity\": 2, \"unlimited\": true}", &status);

    g_assert_cmpuint (status, ==, 200);
  }
  g_free (ews_test_api_reserve (fixture->server, fixture->list_id, books, "reader@example.org", "Reader", 4));
  {
    g_autofree char *starred_path = g_strdup_printf ("/api/lists/%s/product/%s", fixture->list_id, books);
    g_autoptr(JsonNode) starred = ews_test_api_call (fixture->server, "PUT", starred_path, fixture->alice,
                                                      "{\"quantity\": 2, \"mostWanted\": true}", &status);

    g_assert_cmpuint (status, ==, 200);
  }
  taken = ews_test_api_reserve (fixture->server, fixture->list_id, buggy, "someone@example.org", "Someone", 1);

  reservation_id = reserve_with_form (fixture, "Gwen", "gwen@example.org", "1");
  page_path = list_path (fixture);
  list_url = ewe_test_server_url (fixture->server, page_path);
  reservation_url = g_strdup_printf ("%s/reserve/%s?done=reserved", fixture->server->base_url, reservation_id);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      screenshot (dir, list_url, "list", sizes[i], FALSE);
      screenshot (dir, list_url, "list", sizes[i], TRUE);
      screenshot (dir, reservation_url, "reservation", sizes[i], FALSE);
      screenshot (dir, reservation_url, "reservation", sizes[i], TRUE);
    }
  /* The pages as a German and a French browser see them, on a phone. */
  for (guint i = 0; i < 2; i++)
    {
      const char *language = i == 0 ? "de" : "fr";

      screenshot_in (dir, list_url, "list", "360,2400", FALSE, language);
      screenshot_in (dir, reservation_url, "reservation", "360,1400", FALSE, language);
    }

  /* A refused form, with its message and the guest's input kept. */
  action = reserve_path (fixture, fixture->product_id);
  get_page (fixture, page_path, &page);
  token = form_token (fixture, page.body, action);
  post_form (fixture->session, fixture->server, action, &refused,
             EWS_CSRF_FIELD, token, "name", "Gus", "email", "gus@example.org", "quantity", "9", NULL);
  {
    g_autofree char *html_path = g_build_filename (dir, "refused.html", NULL);
    g_autofree char *file_url = g_filename_to_uri (html_path, NULL, NULL);

    g_assert_true (g_file_set_contents (html_path, refused.body, -1, NULL));
    screenshot (dir, file_url, "refused", "360,2400", FALSE);
    screenshot (dir, file_url, "refused", "1280,800", TRUE);
  }

  /* After the event: archived, with the owner's thanks instead of the
   * forms, on the list and on a guest's reservation. */
  {
    g_autofree char *archive_path = g_strdup_printf ("/api/lists/%s/archive", fixture->list_id);
    g_autoptr(JsonNode) archived = NULL;

    archived = ews_test_api_call (fixture->server, "POST", archive_path, fixture->alice,
                                  "{\"note\": \"Ada arrived on the 20th! Thank you all for the lovely gifts "
                                  "and the cards.\\nLove, Alice & Sam\"}",
                                  &status);
    g_assert_cmpuint (status, ==, 200);
    for (guint i = 0; i < 2; i++)
      {
        screenshot (dir, list_url, "archived", sizes[i], FALSE);
        screenshot (dir, list_url, "archived", sizes[i], TRUE);
      }
    screenshot (dir, reservation_url, "archived-reservation", "360,1400", FALSE);
  }

  g_subprocess_force_exit (picture_server);
  g_subprocess_wait (picture_server, NULL, NULL);
}

static void
test_html_escape (void)
{
  g_autoptr(GString) html = g_string_new (NULL);
  g_autofree char *escaped = ews_html_escape ("<a href=\"x\" onclick='y'>&amp;</a>");

  g_assert_cmpstr (escaped, ==, "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");

  ews_html_attr (html, "alt", "\" onerror=\"alert(1)");
  ews_html_printf (html, "<p title=\"%s\">%s</p>", "'\"", "<b>");
  ews_html_text (html, NULL);
  g_assert_cmpstr (html->str, ==, " alt=\"&quot; onerror=&quot;alert(1)\""
                                  "<p title=\"&apos;&quot;\">&lt;b&gt;</p>");
}

static void
test_html_urls (void)
{
  const char *safe[] = {
    "https://shop.example/item?id=1&colour=red",
    "http://127.0.0.1:8080/x.png",
    "HTTPS://Shop.Example/",
  };
  const char *unsafe[] = {
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:image/png;base64,AAAA",
    "vbscript:msgbox(1)",
    "//evil.example/x",
    "/images/christmas.jpg",
    "https://",
    "http://exa mple.org/",
    "ftp://files.example/x",
    "file:///etc/passwd",
    "",
    NULL,
  };
  g_autoptr(GString) html = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (safe); i++)
    g_assert_true (ews_html_url_is_safe (safe[i]));
  for (guint i = 0; i < G_N_ELEMENTS (unsafe); i++)
    g_assert_false (ews_html_url_is_safe (unsafe[i]));

  g_assert_false (ews_html_url_attr (html, "href", "javascript:alert(1)"));
  g_assert_cmpstr (html->str, ==, "");
  g_assert_true (ews_html_url_attr (html, "href", safe[0]));
  g_assert_cmpstr (html->str, ==, " href=\"https://shop.example/item?id=1&amp;colour=red\"");
}

static void
test_csrf_tokens (void)
{
  g_autoptr(GBytes) secret = g_bytes_new_static ("0123456789abcdef0123456789abcdef", 32);
  g_autoptr(GBytes) other_secret = g_bytes_new_static ("fedcba9876543210fedcba9876543210", 32);
  g_autofree char *token = ews_csrf_token_new (secret, "nonce-nonce-nonce-1", "/reserve/a", 2000);

  g_autofree char *same = ews_csrf_token_new (secret, "nonce-nonce-nonce-1", "/reserve/a", 2000);
  g_autofree char *other_nonce = ews_csrf_token_new (secret, "nonce-nonce-nonce-2", "/reserve/a", 2000);
  g_autofree char *other_path = ews_csrf_token_new (secret, "nonce-nonce-nonce-1", "/reserve/b", 2000);
  g_autofree char *other_expiry = ews_csrf_token_new (secret, "nonce-nonce-nonce-1", "/reserve/a", 2001);
  g_autofree char *other_key = ews_csrf_token_new (other_secret, "nonce-nonce-nonce-1", "/reserve/a", 2000);

  /* Deterministic, and different for any other nonce, path, expiry or key. */
  g_assert_true (g_str_has_prefix (token, "2000."));
  g_assert_cmpstr (token, ==, same);
  g_assert_cmpstr (token, !=, other_nonce);
  g_assert_cmpstr (token, !=, other_path);
  g_assert_cmpstr (token, !=, other_expiry);
  g_assert_cmpstr (token, !=, other_key);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/guest-pages/html/escape", test_html_escape);
  g_test_add_func ("/guest-pages/html/urls", test_html_urls);
  g_test_add_func ("/guest-pages/csrf/tokens", test_csrf_tokens);

#define ADD(path, func) \
  g_test_add ("/guest-pages/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("shared-list", test_shared_list);
  ADD ("unknown-ids", test_unknown_ids_are_404_pages);
  ADD ("stylesheet", test_stylesheet);
  ADD ("hostile-values", test_hostile_values_are_escaped);
  ADD ("prices-in-their-currency", test_prices_in_their_currency);
  ADD ("unlimited-gift", test_unlimited_gift_on_the_page);
  ADD ("most-wanted", test_most_wanted_on_the_page);
  ADD ("reserve", test_reserve_through_the_form);
  ADD ("many-forms", test_page_with_many_forms);
  ADD ("csrf", test_csrf_is_required);
  ADD ("invalid-and-over-reserving", test_invalid_and_over_reserving);
  ADD ("concurrent-forms", test_concurrent_forms);
  ADD ("closed-list", test_closed_list);
  ADD ("manage-reservation", test_manage_reservation);
  ADD ("confirm", test_confirm_through_the_page);
  ADD ("unconfirmed-limit", test_unconfirmed_limit_on_the_page);
  ADD ("screenshots", test_screenshots);

#undef ADD

  return g_test_run ();
}
