/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "ewe-core-test-fixture.h"
#include "ewe-store.h"
#include "ewe-sync.h"
#include "ews-test-api.h"

/* The products behind a pulled list, against a real ewelists-server: the
 * server's list names each gift's product only by id, so a second device
 * of the same account (a fresh store) must read the products, catalogue
 * and typed-in alike, or show every gift as "Unnamed gift". A product the
 * server would not give is asked for again at the next sync, and the gifts
 * already shown then fill in. */

typedef struct
{
  EweCoreFixture core;
  char          *store_dir;

  /* A proxy in front of the server, to refuse product reads at will. */
  SoupServer    *proxy;
  SoupSession   *session;
  char          *proxy_url;
  gboolean       refuse_products;
  guint          product_reads;
} Fixture;

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_remove (child);
    }
  g_rmdir (path);
}

static gboolean
is_product_read (const char *method,
                 const char *path)
{
  return g_str_equal (method, "GET") &&
         (g_str_has_prefix (path, "/api/products/") || g_str_has_prefix (path, "/api/notfound/"));
}

static void
forwarded_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SoupServerMessage) msg = user_data;
  SoupMessage *forward = g_object_get_data (G_OBJECT (msg), "forward");
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      soup_server_message_set_status (msg, 502, NULL);
    }
  else
    {
      const char *type = soup_message_headers_get_content_type (soup_message_get_response_headers (forward), NULL);

      soup_server_message_set_status (msg, soup_message_get_status (forward), NULL);
      soup_server_message_set_response (msg, type != NULL ? type : "application/json", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (body, NULL), g_bytes_get_size (body));
    }
  soup_server_message_unpause (msg);
}

static void
copy_header (const char *name,
             const char *value,
             gpointer    user_data)
{
  if (g_ascii_strcasecmp (name, "Host") != 0 && g_ascii_strcasecmp (name, "Content-Length") != 0)
    soup_message_headers_append (user_data, name, value);
}

static void
proxy_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  Fixture         *fixture = user_data;
  const char      *method = soup_server_message_get_method (msg);
  SoupMessageBody *request = soup_server_message_get_request_body (msg);
  GUri            *uri = soup_server_message_get_uri (msg);
  g_autofree char *url = NULL;
  SoupMessage     *forward;

  if (is_product_read (method, path))
    {
      fixture->product_reads++;
      if (fixture->refuse_products)
        {
          soup_server_message_set_status (msg, 503, NULL);
          soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                            "{\"error\": \"Refused by the test\"}", 31);
          return;
        }
    }

  url = g_strdup_printf ("%s%s%s%s", fixture->core.server->base_url, path,
                         g_uri_get_query (uri) != NULL ? "?" : "",
                         g_uri_get_query (uri) != NULL ? g_uri_get_query (uri) : "");
  forward = soup_message_new (method, url);
  soup_message_headers_foreach (soup_server_message_get_request_headers (msg), copy_header,
                                soup_message_get_request_headers (forward));
  if (request->length > 0)
    {
      g_autoptr(GBytes) body = g_bytes_new (request->data, request->length);

      soup_message_set_request_body_from_bytes (forward, NULL, body);
    }
  g_object_set_data_full (G_OBJECT (msg), "forward", forward, g_object_unref);
  soup_server_message_pause (msg);
  soup_session_send_and_read_async (fixture->session, forward, G_PRIORITY_DEFAULT, NULL, forwarded_cb,
                                    g_object_ref (msg));
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoslist(GUri) uris = NULL;
  g_autoptr(GError) error = NULL;

  ewe_core_fixture_set_up (&fixture->core, data);
  fixture->store_dir = g_dir_make_tmp ("ewelists-sync-products-XXXXXX", &error);
  g_assert_no_error (error);

  fixture->session = soup_session_new ();
  fixture->proxy = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->proxy, NULL, proxy_cb, fixture, NULL);
  g_assert_true (soup_server_listen_local (fixture->proxy, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->proxy);
  fixture->proxy_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  soup_server_disconnect (fixture->proxy);
  g_clear_object (&fixture->proxy);
  g_clear_object (&fixture->session);
  g_clear_pointer (&fixture->proxy_url, g_free);
  remove_dir (fixture->store_dir);
  g_clear_pointer (&fixture->store_dir, g_free);
  ewe_core_fixture_tear_down (&fixture->core, data);
}

static EweStore *
open_store (Fixture    *fixture,
            const char *name)
{
  g_autofree char *path = g_build_filename (fixture->store_dir, name, NULL);
  g_autoptr(GError) error = NULL;
  EweStore *store = ewe_store_open_sync (path, &error);

  g_assert_no_error (error);
  return store;
}

static gboolean
run_sync (EweSync *sync,
          GError **error)
{
  g_auto(EweTestWaiter) waiter = { 0 };

  ewe_sync_run_async (sync, NULL, ewe_test_waiter_cb, &waiter);
  return ewe_sync_run_finish (sync, ewe_test_waiter_wait (&waiter), error);
}

static EweList *
draft_list (EweStore   *store,
            const char *title)
{
  g_autoptr(EweList) values = ewe_list_new ();
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  EweList *list;

  ewe_list_set_title (values, title);
  ewe_list_set_occasion (values, "birthday");
  ewe_store_create_list_async (store, values, NULL, ewe_test_waiter_cb, &waiter);
  list = ewe_store_create_list_finish (store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);

  return list;
}

static void
add_gift (EweStore *store,
          EweList  *list,
          EweGift  *values)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(EweGift) gift = NULL;

  ewe_store_add_gift_async (store, list, values, NULL, ewe_test_waiter_cb, &waiter);
  gift = ewe_store_add_gift_finish (store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
}

static GListModel *
load_gifts (EweStore *store,
            EweList  *list)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  GListModel *gifts;

  ewe_store_load_gifts_async (store, list, NULL, ewe_test_waiter_cb, &waiter);
  gifts = ewe_store_load_gifts_finish (store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);

  return gifts;
}

static EweGift *
find_gift (GListModel    *gifts,
           EweProductType type)
{
  for (guint i = 0; i < g_list_model_get_n_items (gifts); i++)
    {
      g_autoptr(EweGift) gift = g_list_model_get_item (gifts, i);

      if (ewe_gift_get_product_type (gift) == type)
        return gift;
    }

  g_assert_not_reached ();
}

/* Device A: a list with a gift from the catalogue (made by a catalogue
 * admin, read with Acme's details) and one typed in, synced. */
static EweList *
make_list_on_a (Fixture  *fixture,
                EweStore *store,
                EweSync  *sync)
{
  g_autofree char *admin = ews_test_api_token (fixture->core.server, "catalogue-sub", "catalogue@example.org",
                                               "Catalogue");
  g_autofree char *product_id = ews_test_api_create_product (fixture->core.server, admin,
                                                             "https://acme.example/skates");
  g_autofree char *typed_id = ewe_id_new_local ();
  g_autoptr(EweGift) catalogue = ewe_gift_new ();
  g_autoptr(EweGift) typed = ewe_gift_new ();
  g_autoptr(GError) error = NULL;
  EweList *list = draft_list (store, "Birthday");

  ewe_gift_set_product_id (catalogue, product_id);
  ewe_gift_set_product_type (catalogue, EWE_PRODUCT_TYPE_CATALOGUE);
  ewe_gift_set_brand (catalogue, "Acme");
  ewe_gift_set_details (catalogue, "Rocket skates");
  ewe_gift_set_product_url (catalogue, "https://acme.example/skates");
  ewe_gift_set_image_url (catalogue, "https://acme.example/skates.jpg");
  ewe_gift_set_price (catalogue, "19.99");
  ewe_gift_set_retailer (catalogue, "acme.example");
  ewe_gift_set_quantity (catalogue, 2);
  add_gift (store, list, catalogue);

  ewe_gift_set_product_id (typed, typed_id);
  ewe_gift_set_product_type (typed, EWE_PRODUCT_TYPE_NOTFOUND);
  ewe_gift_set_brand (typed, "Little Oak");
  ewe_gift_set_details (typed, "Wooden Rocking Horse");
  ewe_gift_set_product_url (typed, "https://toys.example/horse");
  ewe_gift_set_price (typed, "129.00");
  ewe_gift_set_currency (typed, "GBP");
  ewe_gift_set_retailer (typed, "Little Oak Toys");
  ewe_gift_set_quantity (typed, 1);
  add_gift (store, list, typed);

  g_assert_true (run_sync (sync, &error));
  g_assert_no_error (error);

  return list;
}

static void
assert_products (GListModel *gifts)
{
  EweGift *catalogue = find_gift (gifts, EWE_PRODUCT_TYPE_CATALOGUE);
  EweGift *typed = find_gift (gifts, EWE_PRODUCT_TYPE_NOTFOUND);

  g_assert_cmpuint (g_list_model_get_n_items (gifts), ==, 2);

  g_assert_cmpstr (ewe_gift_get_brand (catalogue), ==, "Acme");
  g_assert_cmpstr (ewe_gift_get_details (catalogue), ==, "Rocket skates");
  g_assert_cmpstr (ewe_gift_get_product_url (catalogue), ==, "https://acme.example/skates");
  g_assert_cmpstr (ewe_gift_get_image_url (catalogue), ==, "https://acme.example/skates.jpg");
  g_assert_cmpstr (ewe_gift_get_price (catalogue), ==, "19.99");
  g_assert_cmpstr (ewe_gift_get_retailer (catalogue), ==, "acme.example");
  g_assert_cmpint (ewe_gift_get_quantity (catalogue), ==, 2);

  g_assert_cmpstr (ewe_gift_get_brand (typed), ==, "Little Oak");
  g_assert_cmpstr (ewe_gift_get_details (typed), ==, "Wooden Rocking Horse");
  g_assert_cmpstr (ewe_gift_get_product_url (typed), ==, "https://toys.example/horse");
  g_assert_cmpstr (ewe_gift_get_price (typed), ==, "129.00");
  g_assert_cmpstr (ewe_gift_get_currency (typed), ==, "GBP");
  g_assert_cmpstr (ewe_gift_get_retailer (typed), ==, "Little Oak Toys");
}

static void
test_second_device_reads_products (Fixture      *fixture,
                                   gconstpointer data)
{
  g_autofree char *email = ewe_core_fixture_unique_email ("twodevices");
  g_autoptr(EweStore) store_a = open_store (fixture, "device-a.sqlite");
  g_autoptr(EweStore) store_b = open_store (fixture, "device-b.sqlite");
  g_autoptr(EweAccount) account = NULL;
  g_autoptr(EweApiClient) client = NULL;
  g_autoptr(EweSync) sync_a = NULL;
  g_autoptr(EweSync) sync_b = NULL;
  g_autoptr(EweList) on_a = NULL;
  g_autoptr(EweList) on_b = NULL;
  g_autoptr(GListModel) gifts = NULL;
  g_autoptr(GError) error = NULL;

  ewe_core_fixture_create_user (&fixture->core, email, "Twin");
  account = ewe_core_fixture_sign_in (&fixture->core, email);
  client = ewe_api_client_new_for_server (account, fixture->proxy_url);
  sync_a = ewe_sync_new (store_a, client);
  sync_b = ewe_sync_new (store_b, client);

  on_a = make_list_on_a (fixture, store_a, sync_a);

  /* A later list with the same catalogue product: device B reads it once,
   * for the first list, and takes it from there for this one. */
  {
    g_autoptr(EweList) later = draft_list (store_a, "Christmas");
    g_autoptr(GListModel) first = load_gifts (store_a, on_a);
    g_autoptr(EweGift) values = ewe_gift_copy (find_gift (first, EWE_PRODUCT_TYPE_CATALOGUE));
    g_autoptr(GListModel) later_gifts = NULL;

    add_gift (store_a, later, values);
    g_assert_true (run_sync (sync_a, &error));
    g_assert_no_error (error);
    g_assert_true (run_sync (sync_b, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (fixture->product_reads, ==, 2);
    later_gifts = load_gifts (store_b, ewe_store_lookup_list (store_b, ewe_list_get_id (later)));
    g_assert_cmpuint (g_list_model_get_n_items (later_gifts), ==, 1);
    g_assert_cmpstr (ewe_gift_get_details (find_gift (later_gifts, EWE_PRODUCT_TYPE_CATALOGUE)), ==,
                     "Rocket skates");
    g_assert_cmpstr (ewe_gift_get_price (find_gift (later_gifts, EWE_PRODUCT_TYPE_CATALOGUE)), ==, "19.99");
  }

  /* Device A knew every product: its pulls asked the server for none;
   * device B read each once. */
  g_assert_cmpuint (g_list_model_get_n_items (ewe_store_get_lists (store_b)), ==, 2);
  on_b = g_object_ref (ewe_store_lookup_list (store_b, ewe_list_get_id (on_a)));
  gifts = load_gifts (store_b, on_b);
  assert_products (gifts);
  g_assert_cmpuint (fixture->product_reads, ==, 2);

  /* Known now: syncing again reads no product twice. */
  g_assert_true (run_sync (sync_b, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->product_reads, ==, 2);
  assert_products (gifts);
}

/* The products cannot be read (the server falters): the sync still brings
 * the list and its gifts, and the next one fills in the gifts already
 * shown, in place. */
static void
test_unread_products_come_later (Fixture      *fixture,
                                 gconstpointer data)
{
  g_autofree char *email = ewe_core_fixture_unique_email ("falter");
  g_autoptr(EweStore) store_a = open_store (fixture, "device-a.sqlite");
  g_autoptr(EweStore) store_b = open_store (fixture, "device-b.sqlite");
  g_autoptr(EweAccount) account = NULL;
  g_autoptr(EweApiClient) client = NULL;
  g_autoptr(EweSync) sync_a = NULL;
  g_autoptr(EweSync) sync_b = NULL;
  g_autoptr(EweList) on_a = NULL;
  g_autoptr(EweList) on_b = NULL;
  g_autoptr(GListModel) gifts = NULL;
  g_autoptr(GError) error = NULL;

  ewe_core_fixture_create_user (&fixture->core, email, "Falter");
  account = ewe_core_fixture_sign_in (&fixture->core, email);
  client = ewe_api_client_new_for_server (account, fixture->proxy_url);
  sync_a = ewe_sync_new (store_a, client);
  sync_b = ewe_sync_new (store_b, client);
  on_a = make_list_on_a (fixture, store_a, sync_a);

  fixture->refuse_products = TRUE;
  g_assert_true (run_sync (sync_b, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->product_reads, >=, 2);
  on_b = g_list_model_get_item (ewe_store_get_lists (store_b), 0);
  gifts = load_gifts (store_b, on_b);
  g_assert_cmpuint (g_list_model_get_n_items (gifts), ==, 2);
  g_assert_null (ewe_gift_get_details (find_gift (gifts, EWE_PRODUCT_TYPE_CATALOGUE)));
  g_assert_null (ewe_gift_get_details (find_gift (gifts, EWE_PRODUCT_TYPE_NOTFOUND)));
  g_assert_cmpint (ewe_gift_get_quantity (find_gift (gifts, EWE_PRODUCT_TYPE_CATALOGUE)), ==, 2);

  fixture->refuse_products = FALSE;
  g_assert_true (run_sync (sync_b, &error));
  g_assert_no_error (error);
  assert_products (gifts);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/core/sync-products/second-device-reads-products", test_second_device_reads_products);
  ADD ("/core/sync-products/unread-products-come-later", test_unread_products_come_later);
#undef ADD

  return g_test_run ();
}
