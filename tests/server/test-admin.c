/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include "ews-test-api.h"

/* `ewelists-server admin …`, run next to a live server on the same data
 * directory, as an administrator would. */

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_admin (EweTestServer *server,
           Run           *run,
           ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list     args;

  g_ptr_array_add (argv, g_strdup (EWELISTS_SERVER_BINARY));
  g_ptr_array_add (argv, g_strdup_printf ("--data-dir=%s", server->data_dir));
  g_ptr_array_add (argv, g_strdup ("admin"));
  va_start (args, run);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *)argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
}

static void
test_catalogue_products (void)
{
  g_autoptr(EweTestServer) server = ewe_test_server_start (NULL);
  g_auto(Run) added = { 0 };
  g_auto(Run) listed = { 0 };
  g_auto(Run) removed = { 0 };
  g_auto(Run) again = { 0 };
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) product = NULL;
  g_autoptr(JsonNode) found = NULL;
  JsonObject *object;
  guint       status = 0;

  run_admin (server, &added, "products", "add", "--brand", "Acme", "--details", "Anvil",
             "--url", "https://acme.example/anvil?ref=admin", "--retailer", "Acme shop",
             "--image-url", "https://acme.example/anvil.jpg", "--price", "99.00", NULL);
  g_assert_cmpint (added.status, ==, 0);
  id = g_strstrip (g_strdup (added.out));
  g_assert_true (g_uuid_string_is_valid (id));

  /* The running server sees it at once. */
  path = g_strdup_printf ("/api/products/%s", id);
  product = ews_test_api_call (server, "GET", path, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  object = json_node_get_object (product);
  g_assert_cmpstr (json_object_get_string_member (object, "brand"), ==, "Acme");
  g_assert_cmpstr (json_object_get_string_member (object, "details"), ==, "Anvil");
  g_assert_cmpstr (json_object_get_string_member (object, "productUrl"), ==, "https://acme.example/anvil");
  g_assert_cmpstr (json_object_get_string_member (object, "retailer"), ==, "Acme shop");
  g_assert_cmpstr (json_object_get_string_member (object, "price"), ==, "99.00");

  found = ews_test_api_call (server, "GET", "/api/products/url/https%3A%2F%2Facme.example%2Fanvil", NULL, NULL,
                             &status);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (found),
                                                                                 "product"),
                                                  "productId"),
                   ==, id);

  run_admin (server, &listed, "products", "list", NULL);
  g_assert_cmpint (listed.status, ==, 0);
  g_assert_nonnull (strstr (listed.out, id));
  g_assert_nonnull (strstr (listed.out, "Anvil"));

  run_admin (server, &removed, "products", "remove", id, NULL);
  g_assert_cmpint (removed.status, ==, 0);
  g_clear_pointer (&product, json_node_unref);
  product = ews_test_api_call (server, "GET", path, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 404);

  run_admin (server, &again, "products", "remove", id, NULL);
  g_assert_cmpint (again.status, ==, 1);
  g_assert_nonnull (strstr (again.err, "No product exists"));
}

static void
test_review_notfound (void)
{
  g_autoptr(EweTestServer) server = ewe_test_server_start (NULL);
  g_autofree char *alice = ews_test_api_token (server, "alice-sub", "alice@example.com", "Alice");
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) promoted_product = NULL;
  g_auto(Run) listed = { 0 };
  g_auto(Run) promoted = { 0 };
  g_auto(Run) removed = { 0 };
  g_auto(Run) empty = { 0 };
  g_autofree char *id = NULL;
  g_autofree char *catalogue_id = NULL;
  g_autofree char *catalogue_path = NULL;
  g_autofree char *notfound_path = NULL;
  guint            status = 0;

  created = ews_test_api_call (server, "POST", "/api/notfound", alice,
                               "{\"brand\": \"Small shop\", \"details\": \"Wooden train\", "
                               "\"url\": \"https://small.example/train\"}",
                               &status);
  g_assert_cmpuint (status, ==, 200);
  id = g_strdup (json_object_get_string_member (json_node_get_object (created), "productId"));

  run_admin (server, &listed, "notfound", "list", NULL);
  g_assert_cmpint (listed.status, ==, 0);
  g_assert_nonnull (strstr (listed.out, id));
  g_assert_nonnull (strstr (listed.out, "Wooden train"));

  /* Good: into the catalogue, where everyone finds it by URL. */
  run_admin (server, &promoted, "notfound", "promote", id, NULL);
  g_assert_cmpint (promoted.status, ==, 0);
  catalogue_id = g_strstrip (g_strdup (promoted.out));
  catalogue_path = g_strdup_printf ("/api/products/%s", catalogue_id);
  promoted_product = ews_test_api_call (server, "GET", catalogue_path, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (promoted_product), "details"),
                   ==, "Wooden train");

  run_admin (server, &removed, "notfound", "remove", id, NULL);
  g_assert_cmpint (removed.status, ==, 0);
  notfound_path = g_strdup_printf ("/api/notfound/%s", id);
  g_clear_pointer (&created, json_node_unref);
  created = ews_test_api_call (server, "GET", notfound_path, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 404);

  run_admin (server, &empty, "notfound", "list", NULL);
  g_assert_cmpint (empty.status, ==, 0);
  g_assert_cmpstr (empty.out, ==, "");
}

/* A server without SMTP still takes contact messages; the administrator
 * reads them here. */
static void
test_contact_messages (void)
{
  g_autoptr(EweTestServer) server = ewe_test_server_start (NULL);
  g_autoptr(JsonNode) node = NULL;
  g_auto(Run) listed = { 0 };
  guint status = 0;

  node = ews_test_api_call (server, "POST", "/api/contact", NULL,
                            "{\"name\": \"Quinn\", \"email\": \"quinn@example.com\", "
                            "\"message\": \"Can I print my list?\"}",
                            &status);
  g_assert_cmpuint (status, ==, 200);

  run_admin (server, &listed, "contact", "list", NULL);
  g_assert_cmpint (listed.status, ==, 0);
  g_assert_nonnull (strstr (listed.out, "Quinn <quinn@example.com>"));
  g_assert_nonnull (strstr (listed.out, "Can I print my list?"));
}

static void
test_usage_errors (void)
{
  g_autoptr(EweTestServer) server = ewe_test_server_start (NULL);
  g_auto(Run) nothing = { 0 };
  g_auto(Run) unknown = { 0 };
  g_auto(Run) missing = { 0 };

  run_admin (server, &nothing, NULL);
  g_assert_cmpint (nothing.status, ==, 2);
  g_assert_nonnull (strstr (nothing.err, "Usage"));

  run_admin (server, &unknown, "users", "list", NULL);
  g_assert_cmpint (unknown.status, ==, 2);

  run_admin (server, &missing, "products", "add", "--brand", "Only a brand", NULL);
  g_assert_cmpint (missing.status, ==, 2);
  g_assert_nonnull (strstr (missing.err, "--details"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/server/admin/catalogue-products", test_catalogue_products);
  g_test_add_func ("/server/admin/review-notfound", test_review_notfound);
  g_test_add_func ("/server/admin/contact-messages", test_contact_messages);
  g_test_add_func ("/server/admin/usage-errors", test_usage_errors);

  return g_test_run ();
}
