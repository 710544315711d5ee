/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include "ews-test-api.h"

/* /api/products, /api/notfound and /api/contact. */

typedef struct
{
  EweTestServer *server;
  char          *alice;
  char          *bob;
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  fixture->server = ewe_test_server_start (NULL);
  g_assert_nonnull (fixture->server);
  fixture->alice = ews_test_api_token (fixture->server, "alice-sub", "alice@example.com", "Alice");
  fixture->bob = ews_test_api_token (fixture->server, "bob-sub", "bob@example.com", NULL);
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

static void
test_catalogue (Fixture      *fixture,
                gconstpointer data)
{
  g_autofree char *id = ews_test_api_create_product (fixture->server, fixture->alice, "https://acme.example/skates");
  g_autofree char *path = g_strdup_printf ("/api/products/%s", id);
  g_autoptr(JsonNode) product = NULL;
  JsonObject *object;
  guint       status = 0;

  g_assert_true (g_uuid_string_is_valid (id));

  /* Public: no token needed to read. */
  product = ews_test_api_call (fixture->server, "GET", path, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  object = json_node_get_object (product);
  g_assert_cmpstr (json_object_get_string_member (object, "productId"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (object, "brand"), ==, "Acme");
  g_assert_cmpstr (json_object_get_string_member (object, "details"), ==, "Rocket skates");
  g_assert_cmpstr (json_object_get_string_member (object, "productUrl"), ==, "https://acme.example/skates");
  g_assert_cmpstr (json_object_get_string_member (object, "imageUrl"), ==, "https://acme.example/skates.jpg");
  g_assert_cmpstr (json_object_get_string_member (object, "retailer"), ==, "acme.example");
  g_assert_cmpstr (json_object_get_string_member (object, "price"), ==, "19.99");

  g_assert_cmpuint (status_of (fixture, "GET", "/api/products/no-such-id", NULL, NULL), ==, 404);

  /* Only whoever added it deletes it. */
  g_assert_cmpuint (status_of (fixture, "DELETE", path, NULL, NULL), ==, 401);
  g_assert_cmpuint (status_of (fixture, "DELETE", path, fixture->bob, NULL), ==, 403);
  g_assert_cmpuint (status_of (fixture, "GET", path, NULL, NULL), ==, 200);
  g_assert_cmpuint (status_of (fixture, "DELETE", path, fixture->alice, NULL), ==, 200);
  g_assert_cmpuint (status_of (fixture, "GET", path, NULL, NULL), ==, 404);
  g_assert_cmpuint (status_of (fixture, "DELETE", path, fixture->alice, NULL), ==, 404);
}

static void
test_bad_products_change_nothing (Fixture      *fixture,
                                  gconstpointer data)
{
  const char *bodies[] = {
    "{",
    "[]",
    "{\"brand\": \"A\", \"details\": \"B\"}",
    "{\"brand\": 1, \"details\": \"B\", \"productUrl\": \"https://x.example\"}",
    "{\"brand\": \"A\", \"details\": \"\", \"productUrl\": \"https://x.example\"}",
    "{\"brand\": \"A\", \"details\": \"B\", \"productUrl\": \"https://x.example\", \"price\": 12.5}",
    "{\"brand\": \"A\", \"details\": \"B\", \"productUrl\": \"https://x.example\", \"searchHidden\": \"yes\"}",
  };
  g_autoptr(JsonNode) found = NULL;
  guint status = 0;

  g_assert_cmpuint (status_of (fixture, "POST", "/api/products", NULL,
                               "{\"brand\": \"A\", \"details\": \"B\", \"productUrl\": \"https://x.example\"}"),
                    ==, 401);

  ews_test_api_grant_admin (fixture->server, "alice@example.com");

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_test_message ("body: %s", bodies[i]);
      g_assert_cmpuint (status_of (fixture, "POST", "/api/products", fixture->alice, bodies[i]), ==, 400);
    }

  found = ews_test_api_call (fixture->server, "GET", "/api/products/url/https%3A%2F%2Fx.example", NULL, NULL,
                             &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (json_node_get_object (found), "product")),
                    ==, 0);
}

static JsonObject *
search_url (Fixture    *fixture,
            const char *encoded_url)
{
  g_autofree char *path = g_strconcat ("/api/products/url/", encoded_url, NULL);
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  node = ews_test_api_call (fixture->server, "GET", path, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);

  return json_object_ref (json_object_get_object_member (json_node_get_object (node), "product"));
}

static void
test_search_by_url (Fixture      *fixture,
                    gconstpointer data)
{
  g_autofree char *id = ews_test_api_create_product (fixture->server, fixture->alice,
                                                     "https://www.amazon.co.uk/Acme-Skates/dp/B00ABCDEFG/ref=sr_1?tag=x");
  g_autofree char *plain = ews_test_api_create_product (fixture->server, fixture->alice,
                                                        "https://shop.example/item/42?colour=red");
  g_autoptr(JsonObject) by_amazon = NULL;
  g_autoptr(JsonObject) by_plain = NULL;
  g_autoptr(JsonObject) missing = NULL;
  g_autoptr(JsonObject) hidden = NULL;
  g_autoptr(JsonNode) created = NULL;
  guint status = 0;

  /* Another form of the same Amazon link finds it. */
  by_amazon = search_url (fixture, "https%3A%2F%2Fwww.amazon.co.uk%2Fdp%2FB00ABCDEFG%3Fpsc%3D1");
  g_assert_cmpstr (json_object_get_string_member (by_amazon, "productId"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (by_amazon, "brand"), ==, "Acme");

  /* A link with its query string, and one sent unencoded. */
  by_plain = search_url (fixture, "https%3A%2F%2Fshop.example%2Fitem%2F42%3Fcolour%3Dblue");
  g_assert_cmpstr (json_object_get_string_member (by_plain, "productId"), ==, plain);
  g_clear_pointer (&by_plain, json_object_unref);
  by_plain = search_url (fixture, "https://shop.example/item/42");
  g_assert_cmpstr (json_object_get_string_member (by_plain, "productId"), ==, plain);

  missing = search_url (fixture, "https%3A%2F%2Fnowhere.example%2F");
  g_assert_cmpuint (json_object_get_size (missing), ==, 0);

  /* Hidden products are not found by URL, but can be read by id. */
  created = ews_test_api_call (fixture->server, "POST", "/api/products", fixture->alice,
                               "{\"brand\": \"Secret\", \"details\": \"Hidden\", "
                               "\"productUrl\": \"https://hidden.example/\", \"searchHidden\": true}",
                               &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (created), "message"), ==, "success");
  hidden = search_url (fixture, "https%3A%2F%2Fhidden.example%2F");
  g_assert_cmpuint (json_object_get_size (hidden), ==, 0);
}

/* The catalogue is what every user finds by URL, so only the site's admins
 * add to it; everyone else adds products of their own to /api/notfound. */
static void
test_catalogue_is_the_admins (Fixture      *fixture,
                              gconstpointer data)
{
  const char *body = "{\"brand\": \"Fake\", \"details\": \"Not what you think\", "
                     "\"productUrl\": \"https://shop.example/real-thing\"}";
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonObject) found = NULL;
  guint status = 0;

  refused = ews_test_api_call (fixture->server, "POST", "/api/products", fixture->bob, body, &status);
  g_assert_cmpuint (status, ==, 403);
  g_assert_nonnull (strstr (json_object_get_string_member (json_node_get_object (refused), "error"),
                            "/api/notfound"));
  found = search_url (fixture, "https%3A%2F%2Fshop.example%2Freal-thing");
  g_assert_cmpuint (json_object_get_size (found), ==, 0);

  /* Granted with the admin command, whatever case the address is in. */
  ews_test_api_grant_admin (fixture->server, "Bob@Example.com");
  g_assert_cmpuint (status_of (fixture, "POST", "/api/products", fixture->bob, body), ==, 200);
  g_assert_cmpuint (status_of (fixture, "POST", "/api/products", fixture->alice, body), ==, 403);

  g_assert_cmpint (ews_test_api_run_admin (fixture->server, NULL, NULL, "admins", "remove", "bob@example.com",
                                           NULL),
                   ==, 0);
  g_assert_cmpuint (status_of (fixture, "POST", "/api/products", fixture->bob, body), ==, 403);
}

/* Admins named in the configuration, on the command line or in the file. */
static void
test_admins_from_config (void)
{
  g_autofree char *conf = g_build_filename (g_get_user_config_dir (), "server.conf", NULL);
  g_autofree char *conf_arg = g_strconcat ("--config=", conf, NULL);
  const char      *args[] = { "--admin-email=Carol@example.com", "--admin-email=dan@example.com", conf_arg, NULL };
  const char      *body = "{\"brand\": \"A\", \"details\": \"B\", \"productUrl\": \"https://x.example/\"}";
  g_autoptr(EweTestServer) server = NULL;
  g_autofree char *carol = NULL;
  g_autofree char *dan = NULL;
  g_autofree char *erin = NULL;
  g_autofree char *fred = NULL;
  g_autoptr(GError) error = NULL;
  const struct
  {
    char      **token;
    const char *sub;
    const char *email;
    guint       status;
  } users[] = {
    { &carol, "carol-sub", "carol@example.com", 200 },
    { &dan, "dan-sub", "dan@example.com", 200 },
    { &erin, "erin-sub", "erin@example.com", 200 },
    { &fred, "fred-sub", "fred@example.com", 403 },
  };

  g_mkdir_with_parents (g_get_user_config_dir (), 0700);
  g_file_set_contents (conf, "[server]\nadmins=erin@example.com;\n", -1, &error);
  g_assert_no_error (error);

  server = ewe_test_server_start (args);
  g_assert_nonnull (server);

  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_autoptr(JsonNode) node = NULL;
      guint status = 0;

      *users[i].token = ews_test_api_token (server, users[i].sub, users[i].email, NULL);
      node = ews_test_api_call (server, "POST", "/api/products", *users[i].token, body, &status);
      g_test_message ("%s", users[i].email);
      g_assert_cmpuint (status, ==, users[i].status);
    }
}

/* When several catalogue entries have one URL, the lookup answers the
 * oldest one that is not hidden, every time. */
static void
test_url_lookup_is_deterministic (Fixture      *fixture,
                                  gconstpointer data)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) hidden = NULL;
  guint status = 0;

  ews_test_api_grant_admin (fixture->server, "alice@example.com");
  hidden = ews_test_api_call (fixture->server, "POST", "/api/products", fixture->alice,
                              "{\"brand\": \"Old\", \"details\": \"Withdrawn\", "
                              "\"productUrl\": \"https://shop.example/same\", \"searchHidden\": true}",
                              &status);
  g_assert_cmpuint (status, ==, 200);

  /* Added within the same second, so creation time alone does not order
   * them; their ids are random. */
  for (guint i = 0; i < 8; i++)
    g_ptr_array_add (ids, ews_test_api_create_product (fixture->server, fixture->alice,
                                                       "https://shop.example/same?copy"));

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(JsonObject) found = search_url (fixture, "https%3A%2F%2Fshop.example%2Fsame");

      g_assert_cmpstr (json_object_get_string_member_with_default (found, "productId", "(none)"), ==,
                       g_ptr_array_index (ids, 0));
    }
}

static void
test_metadata_is_not_fetched (Fixture      *fixture,
                              gconstpointer data)
{
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  node = ews_test_api_call (fixture->server, "GET",
                            "/api/products/query/metadata/http%3A%2F%2F169.254.169.254%2Flatest%2Fmeta-data",
                            NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 501);
}

/* A product on a list stays until no list has it. */
static void
test_product_in_use_is_kept (Fixture      *fixture,
                             gconstpointer data)
{
  g_autofree char *id = ews_test_api_create_product (fixture->server, fixture->alice, "https://acme.example/kite");
  g_autofree char *list_id = ews_test_api_create_list (fixture->server, fixture->alice, "Kites");
  g_autofree char *path = g_strdup_printf ("/api/products/%s", id);
  g_autofree char *gift_path = g_strdup_printf ("/api/lists/%s/product/%s", list_id, id);

  ews_test_api_add_gift (fixture->server, fixture->alice, list_id, id, 1);
  g_assert_cmpuint (status_of (fixture, "DELETE", path, fixture->alice, NULL), ==, 409);
  g_assert_cmpuint (status_of (fixture, "DELETE", gift_path, fixture->alice, NULL), ==, 200);
  g_assert_cmpuint (status_of (fixture, "DELETE", path, fixture->alice, NULL), ==, 200);
}

static void
test_notfound (Fixture      *fixture,
               gconstpointer data)
{
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) product = NULL;
  g_autofree char *path = NULL;
  g_autofree char *list_id = ews_test_api_create_list (fixture->server, fixture->alice, "Mine");
  g_autofree char *gift_path = NULL;
  g_autofree char *gift_body = g_strdup ("{\"quantity\": 1, \"productType\": \"notfound\"}");
  JsonObject      *object;
  const char      *id;
  guint            status = 0;

  g_assert_cmpuint (status_of (fixture, "POST", "/api/notfound", NULL,
                               "{\"brand\": \"B\", \"details\": \"D\", \"url\": \"https://b.example\"}"),
                    ==, 401);
  /* A name is all a gift typed in by hand needs (test-rules has the rest). */
  g_assert_cmpuint (status_of (fixture, "POST", "/api/notfound", fixture->alice,
                               "{\"brand\": \"B\", \"url\": \"https://b.example\"}"),
                    ==, 400);
  g_assert_cmpuint (status_of (fixture, "POST", "/api/notfound", fixture->alice,
                               "{\"details\": \"D\"}"),
                    ==, 200);
  g_assert_cmpuint (status_of (fixture, "POST", "/api/notfound", fixture->alice,
                               "{\"brand\": \"B\", \"details\": \"D\", \"url\": 7}"),
                    ==, 400);
  g_assert_cmpuint (status_of (fixture, "POST", "/api/notfound", fixture->alice,
                               "{\"details\": \"D\", \"price\": \"4\", \"currency\": \"euro\"}"),
                    ==, 400);

  created = ews_test_api_call (fixture->server, "POST", "/api/notfound", fixture->alice,
                               "{\"brand\": \"Hand made\", \"details\": \"Quilt\", "
                               "\"url\": \"https://etsy.example/quilt\", \"price\": \"80\", \"currency\": \"EUR\","
                               " \"retailer\": \"Quilts & Co\"}",
                               &status);
  g_assert_cmpuint (status, ==, 200);
  id = json_object_get_string_member (json_node_get_object (created), "productId");
  g_assert_true (g_uuid_string_is_valid (id));
  path = g_strdup_printf ("/api/notfound/%s", id);

  product = ews_test_api_call (fixture->server, "GET", path, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  object = json_node_get_object (product);
  g_assert_cmpstr (json_object_get_string_member (object, "productId"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (object, "brand"), ==, "Hand made");
  g_assert_cmpstr (json_object_get_string_member (object, "details"), ==, "Quilt");
  g_assert_cmpstr (json_object_get_string_member (object, "productUrl"), ==, "https://etsy.example/quilt");
  g_assert_cmpstr (json_object_get_string_member (object, "price"), ==, "80");
  g_assert_cmpstr (json_object_get_string_member (object, "currency"), ==, "EUR");
  /* The shop, as the app read it from the shop's page (Add to List). */
  g_assert_cmpstr (json_object_get_string_member (object, "retailer"), ==, "Quilts & Co");
  g_assert_false (json_object_has_member (object, "imageUrl"));

  /* It can be a gift, as type "notfound" (and not as a catalogue product). */
  gift_path = g_strdup_printf ("/api/lists/%s/product/%s", list_id, id);
  g_assert_cmpuint (status_of (fixture, "POST", gift_path, fixture->alice,
                               "{\"quantity\": 1, \"productType\": \"products\"}"),
                    ==, 404);
  g_assert_cmpuint (status_of (fixture, "POST", gift_path, fixture->alice, gift_body), ==, 200);

  g_assert_cmpuint (status_of (fixture, "DELETE", path, fixture->bob, NULL), ==, 403);
  g_assert_cmpuint (status_of (fixture, "DELETE", path, fixture->alice, NULL), ==, 409);
  g_assert_cmpuint (status_of (fixture, "DELETE", gift_path, fixture->alice, NULL), ==, 200);
  g_assert_cmpuint (status_of (fixture, "DELETE", path, fixture->alice, NULL), ==, 200);
  g_assert_cmpuint (status_of (fixture, "GET", path, NULL, NULL), ==, 404);
  g_assert_cmpuint (status_of (fixture, "GET", "/api/notfound/nope", NULL, NULL), ==, 404);
}

static void
test_contact (Fixture      *fixture,
              gconstpointer data)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  guint       status = 0;

  node = ews_test_api_call (fixture->server, "POST", "/api/contact", NULL,
                            "{\"name\": \"Pat\", \"email\": \"Pat@Example.com \", \"message\": \"Hello <b>there</b>\"}",
                            &status);
  g_assert_cmpuint (status, ==, 200);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "Pat");
  g_assert_cmpstr (json_object_get_string_member (object, "email"), ==, "pat@example.com");
  g_assert_cmpstr (json_object_get_string_member (object, "message"), ==, "Hello <b>there</b>");
  g_assert_cmpint (json_object_get_int_member (object, "id"), >=, 100000);
  g_assert_cmpint (json_object_get_int_member (object, "id"), <=, 999999);

  g_assert_cmpuint (status_of (fixture, "POST", "/api/contact", NULL,
                               "{\"name\": \"Pat\", \"email\": \"not an address\", \"message\": \"Hi\"}"),
                    ==, 400);
  g_assert_cmpuint (status_of (fixture, "POST", "/api/contact", NULL,
                               "{\"name\": \"Pat\", \"email\": \"pat@example.com\"}"),
                    ==, 400);
  g_assert_cmpuint (status_of (fixture, "POST", "/api/contact", NULL,
                               "{\"name\": \"Pat\", \"email\": \"pat@example.com\", \"message\": \"  \"}"),
                    ==, 400);
  g_assert_cmpuint (status_of (fixture, "POST", "/api/contact", NULL, "nope"), ==, 400);
  g_assert_cmpuint (status_of (fixture, "GET", "/api/contact", NULL, NULL), ==, 405);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/server/products/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("catalogue", test_catalogue);
  ADD ("bad-products-change-nothing", test_bad_products_change_nothing);
  ADD ("search-by-url", test_search_by_url);
  ADD ("metadata-is-not-fetched", test_metadata_is_not_fetched);
  ADD ("product-in-use-is-kept", test_product_in_use_is_kept);
  ADD ("notfound", test_notfound);
  ADD ("contact", test_contact);
  ADD ("catalogue-is-the-admins", test_catalogue_is_the_admins);
  ADD ("url-lookup-is-deterministic", test_url_lookup_is_deterministic);
  g_test_add_func ("/server/products/admins-from-config", test_admins_from_config);

#undef ADD

  return g_test_run ();
}
