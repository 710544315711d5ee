/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "ewe-core.h"
#include "ewe-email-rules.h"
#include "ews-auth-storage.h"
#include "ews-storage-sqlite.h"
#ifdef EWS_TEST_HAVE_POSTGRES
#include "ews-storage-pg.h"
#include "ews-test-postgres.h"
#endif

/* `ewelists-server admin export-account` and `import-account`, run as an
 * administrator runs them, on a data directory (SQLite) or a PostgreSQL
 * database. The data is put in through the storage, as the routes would
 * have left it; the files are compared with the app's own export. */

#define ALICE_EMAIL "alice@example.org"
#define BOB_EMAIL "bob@example.org"

#ifdef EWS_TEST_HAVE_POSTGRES
/* One PostgreSQL server for the whole run, a fresh database per backend. */
static EwsTestPostgres *postgres;
#endif

/* Where an admin command's storage is: a data directory, or a database. */
typedef struct
{
  char *data_dir;
  char *uri;
} Backend;

static void
backend_free (Backend *backend)
{
  g_free (backend->data_dir);
  g_free (backend->uri);
  g_free (backend);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Backend, backend_free)

static Backend *
backend_new (gboolean pg)
{
  Backend *backend = g_new0 (Backend, 1);
  g_autoptr(GError) error = NULL;

  /* The files go there too. */
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  if (pg)
    {
#ifdef EWS_TEST_HAVE_POSTGRES
      backend->uri = ews_test_postgres_new_database (postgres, &error);
      g_assert_no_error (error);
#else
      g_assert_not_reached ();
#endif
    }
  else
    {
      backend->data_dir = g_build_filename (g_get_user_data_dir (), "server-XXXXXX", NULL);
      g_assert_nonnull (g_mkdtemp (backend->data_dir));
    }

  return backend;
}

static EwsStorage *
backend_open (Backend *backend)
{
  g_autoptr(GError) error = NULL;
  EwsStorage *storage;

#ifdef EWS_TEST_HAVE_POSTGRES
  if (backend->uri != NULL)
    storage = ews_storage_pg_open (backend->uri, 1, &error);
  else
#endif
    storage = ews_storage_sqlite_open (backend->data_dir, &error);
  g_assert_no_error (error);

  return storage;
}

/* `ewelists-server … admin ARGS…`; returns the exit status. */
static int
run_admin (Backend *backend,
           char   **err,
           ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *where = NULL;
  g_autofree char *stderr_text = NULL;
  g_auto(GStrv) argv = NULL;
  const char *arg;
  va_list     args;

  if (backend->uri != NULL)
    where = g_strconcat ("--database=", backend->uri, NULL);
  else
    where = g_strconcat ("--data-dir=", backend->data_dir, NULL);
  g_strv_builder_add_many (builder, EWELISTS_SERVER_BINARY, where, "admin", NULL);
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_strv_builder_add (builder, arg);
  va_end (args);
  argv = g_strv_builder_end (builder);

  process = g_subprocess_newv ((const char * const *)argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &stderr_text, &error);
  g_assert_no_error (error);
  if (err != NULL)
    *err = g_steal_pointer (&stderr_text);

  return g_subprocess_get_exit_status (process);
}

static void
add_account (EwsStorage *storage,
             const char *user_id,
             const char *email)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *email_key = ewe_email_normalize (email);
  EwsAccount       account = { 0 };

  /* Kept by normalized address, as sign-up keeps it. */
  account.user_id = (char *)user_id;
  account.email_key = email_key;
  account.email = (char *)email;
  account.name = (char *)"";
  account.password_hash = (char *)"!";
  account.confirmed = TRUE;
  account.created_at = 1700000000;
  ews_auth_storage_account_insert (EWS_AUTH_STORAGE (storage), &account, &error);
  g_assert_no_error (error);
}

/* The one the app's export in the tests points at, as test-export.c
 * fills its store. */
static void
add_kettle (EwsStorage *storage)
{
  g_autoptr(GError) error = NULL;
  EwsProduct product = { 0 };

  product.product_id = (char *)"catalogue-product-1";
  product.brand = (char *)"Acme";
  product.details = (char *)"Kettle";
  product.retailer = (char *)"Shop, Ltd.";
  product.product_url = (char *)"https://shop.example/p";
  product.price = (char *)"12.50";
  product.currency = (char *)"EUR";
  ews_storage_product_insert (storage, EWS_PRODUCT_KIND_CATALOGUE, &product, &error);
  g_assert_no_error (error);
}

/* A server with Alice and Bob, the kettle in its catalogue, and Alice's
 * two lists: one with a date, the reveal date she chose, a catalogue gift
 * and a typed-in one; one closed and archived with a thank-you, with
 * nothing else but its title. */
static void
fill_server (Backend *backend)
{
  g_autoptr(EwsStorage) storage = backend_open (backend);
  g_autoptr(GError) error = NULL;
  EwsProduct mug = { 0 };
  EwsList    party = { 0 };
  EwsList    wedding = { 0 };
  EwsGift    gift = { 0 };

  add_account (storage, "alice-sub", ALICE_EMAIL);
  add_account (storage, "bob-sub", BOB_EMAIL);
  add_kettle (storage);

  mug.product_id = (char *)"typed-in-mug";
  mug.brand = (char *)"";
  mug.details = (char *)"Hand-made mug, “blue”";
  mug.product_url = (char *)"https://market.example/mug";
  mug.image_url = (char *)"https://market.example/mug.jpg";
  mug.price = (char *)"8.00";
  mug.currency = (char *)"GBP";
  mug.created_by = (char *)"alice-sub";
  ews_storage_product_insert (storage, EWS_PRODUCT_KIND_NOTFOUND, &mug, &error);
  g_assert_no_error (error);

  party.list_id = (char *)"party-list";
  party.owner_id = (char *)"alice-sub";
  party.title = (char *)"Birthday party";
  party.description = (char *)"Things for the party, \"please\"";
  party.occasion = (char *)"Birthday";
  party.image_url = (char *)"/images/celebration-default.jpg";
  party.event_date = (char *)"2026-12-24";
  party.reveal_date = (char *)"2027-01-06";
  party.created_at = 1700000100;
  ews_storage_list_insert (storage, &party, &error);
  g_assert_no_error (error);

  wedding.list_id = (char *)"wedding-list";
  wedding.owner_id = (char *)"alice-sub";
  wedding.title = (char *)"Wedding";
  wedding.closed = TRUE;
  wedding.currency = (char *)"CHF";
  wedding.archived_at = 1700000300;
  wedding.archive_note = (char *)"Thank you all & see you soon!";
  wedding.created_at = 1700000200;
  ews_storage_list_insert (storage, &wedding, &error);
  g_assert_no_error (error);

  gift.list_id = (char *)"party-list";
  gift.product_id = (char *)"catalogue-product-1";
  gift.type = (char *)"products";
  gift.notes = (char *)"Any colour";
  gift.quantity = 2;
  ews_storage_gift_insert (storage, &gift, &error);
  g_assert_no_error (error);

  gift.product_id = (char *)"typed-in-mug";
  gift.type = (char *)"notfound";
  gift.notes = NULL;
  gift.quantity = 1;
  /* Mugs: as many as you like, and most wanted. */
  gift.unlimited = TRUE;
  gift.most_wanted = TRUE;
  ews_storage_gift_insert (storage, &gift, &error);
  g_assert_no_error (error);
}

static char *
read_text_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);

  return text;
}

static char *
export_account (Backend    *backend,
                const char *email,
                const char *name)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), name, NULL);
  g_autofree char *err = NULL;

  if (run_admin (backend, &err, "export-account", email, path, NULL) != 0)
    g_error ("export-account failed: %s", err);
  return read_text_file (path);
}

static void
import_account (Backend    *backend,
                const char *email,
                const char *text)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "to-import.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  if (run_admin (backend, &err, "import-account", email, path, NULL) != 0)
    g_error ("import-account failed: %s", err);
}

/* @text with the ids an import gives anew — the lists' and the typed-in
 * products' — each replaced by "ID", so that what is left must be the
 * same byte for byte. */
static char *
without_new_ids (const char *text)
{
  g_autoptr(JsonNode) root = json_from_string (text, NULL);
  g_autoptr(GString) result = g_string_new (text);
  JsonArray *lists;

  g_assert_nonnull (root);
  lists = json_object_get_array_member (json_node_get_object (root), "lists");
  for (guint i = 0; i < json_array_get_length (lists); i++)
    {
      JsonObject      *list = json_array_get_object_element (lists, i);
      JsonArray       *gifts = json_object_get_array_member (list, "gifts");
      g_autofree char *list_id = g_strdup_printf ("\"%s\"", json_object_get_string_member (list, "id"));

      g_string_replace (result, list_id, "\"ID\"", 0);
      for (guint j = 0; j < json_array_get_length (gifts); j++)
        {
          JsonObject      *product = json_object_get_object_member (json_array_get_object_element (gifts, j), "product");
          g_autofree char *product_id = NULL;

          if (g_str_equal (json_object_get_string_member (product, "type"), "products"))
            continue;
          product_id = g_strdup_printf ("\"%s\"", json_object_get_string_member (product, "id"));
          g_string_replace (result, product_id, "\"ID\"", 0);
        }
    }

  return g_string_free (g_steal_pointer (&result), FALSE);
}

static void
assert_schema_valid (const char *text)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "to-validate.json", NULL);
  g_autofree char *schema = g_build_filename (EWE_TEST_SOURCE_ROOT, "data", "export",
                                              "ewelists-export-v1.schema.json", NULL);
  const char      *script = "import json, sys, jsonschema\n"
                            "jsonschema.validate (json.load (open (sys.argv[2])), json.load (open (sys.argv[1])),\n"
                            "                     cls=jsonschema.Draft202012Validator)\n";
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  /* Debian's python3, which has python3-jsonschema. */
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "/usr/bin/python3", "-c", script, schema, path, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
}

/* Export → import into another server → export: the same file but for the
 * new ids; and the file is what the schema says. */
static void
test_round_trip (gconstpointer data)
{
  gboolean pg = GPOINTER_TO_INT (data);
  g_autoptr(Backend) first = backend_new (pg);
  g_autoptr(Backend) second = backend_new (pg);
  g_autofree char *exported = NULL;
  g_autofree char *again = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;

  fill_server (first);
  exported = export_account (first, ALICE_EMAIL, "first.json");
  assert_schema_valid (exported);
  g_assert_nonnull (strstr (exported, "\"state\" : \"closed\""));
  g_assert_nonnull (strstr (exported, "Hand-made mug, “blue”"));
  g_assert_nonnull (strstr (exported, "\"eventDate\" : \"2026-12-24\""));
  g_assert_nonnull (strstr (exported, "\"currency\" : \"CHF\""));
  g_assert_nonnull (strstr (exported, "\"unlimited\" : true"));
  g_assert_nonnull (strstr (exported, "\"mostWanted\" : true"));
  g_assert_nonnull (strstr (exported, "\"revealDate\" : \"2027-01-06\""));
  g_assert_nonnull (strstr (exported, "\"archived\" : true"));
  g_assert_nonnull (strstr (exported, "\"archiveNote\" : \"Thank you all & see you soon!\""));

  {
    g_autoptr(EwsStorage) storage = backend_open (second);

    add_account (storage, "carol-sub", "Carol@Example.org");
    add_kettle (storage);
  }
  /* Any spelling of the address finds the account. */
  import_account (second, "carol@example.org", exported);
  again = export_account (second, "CAROL@example.org", "second.json");

  /* New ids, as the app's import gives: the lists' and the typed-in
   * product's, which belongs to the importing account. */
  g_assert_null (strstr (again, "party-list"));
  g_assert_null (strstr (again, "typed-in-mug"));
  g_assert_nonnull (strstr (again, "catalogue-product-1"));
  expected = without_new_ids (exported);
  got = without_new_ids (again);
  g_assert_cmpstr (got, ==, expected);
}

static void
got_result_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

static void
app_add_gift (EweStore      *store,
              EweList       *list,
              EweProductType type,
              const char    *product_id,
              const char    *details,
              int            quantity,
              const char    *notes)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EweGift) values = ewe_gift_new ();
  g_autoptr(EweGift) gift = NULL;

  ewe_gift_set_product_type (values, type);
  ewe_gift_set_product_id (values, product_id);
  ewe_gift_set_details (values, details);
  ewe_gift_set_brand (values, "Acme");
  ewe_gift_set_retailer (values, "Shop, Ltd.");
  ewe_gift_set_price (values, "12.50");
  ewe_gift_set_currency (values, "EUR");
  ewe_gift_set_product_url (values, "https://shop.example/p");
  ewe_gift_set_quantity (values, quantity);
  ewe_gift_set_notes (values, notes);
  ewe_store_add_gift_async (store, list, values, NULL, got_result_cb, &result);
  wait_for (&result);
  gift = ewe_store_add_gift_finish (store, result, &error);
  g_assert_no_error (error);
}

static EweList *
app_create_list (EweStore   *store,
                 const char *title,
                 const char *event_date)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EweList) values = ewe_list_new ();
  EweList *list;

  ewe_list_set_title (values, title);
  ewe_list_set_occasion (values, "Birthday");
  ewe_list_set_event_date (values, event_date);
  ewe_store_create_list_async (store, values, NULL, got_result_cb, &result);
  wait_for (&result);
  list = ewe_store_create_list_finish (store, result, &error);
  g_assert_no_error (error);

  return list;
}

/* What the app's Export All Lists… writes, from its own store. */
static char *
app_export (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "app-store.sqlite", NULL);
  g_autoptr(GAsyncResult) opened = NULL;
  g_autoptr(GAsyncResult) closed = NULL;
  g_autoptr(GAsyncResult) exported = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EweStore) store = NULL;
  g_autoptr(EweList) party = NULL;
  g_autoptr(EweList) wedding = NULL;
  g_autoptr(GBytes) bytes = NULL;

  ewe_store_open_async (path, NULL, got_result_cb, &opened);
  wait_for (&opened);
  store = ewe_store_open_finish (opened, &error);
  g_assert_no_error (error);

  party = app_create_list (store, "Birthday party", "2026-12-24");
  wedding = app_create_list (store, "Wedding", NULL);
  app_add_gift (store, party, EWE_PRODUCT_TYPE_CATALOGUE, "catalogue-product-1", "Kettle", 2, "Any colour");
  app_add_gift (store, party, EWE_PRODUCT_TYPE_NOTFOUND, NULL, "Hand-made mug", 1, NULL);
  app_add_gift (store, wedding, EWE_PRODUCT_TYPE_NOTFOUND, NULL, "Garden chair", 4, "Two, then two more");
  ewe_store_close_list_async (store, wedding, NULL, got_result_cb, &closed);
  wait_for (&closed);
  ewe_store_close_list_finish (store, closed, &error);
  g_assert_no_error (error);

  ewe_export_lists_async (store, NULL, EWE_EXPORT_FORMAT_JSON, NULL, got_result_cb, &exported);
  wait_for (&exported);
  bytes = ewe_export_lists_finish (store, exported, &error);
  g_assert_no_error (error);

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* A file the app exported imports on the server, and the server's export
 * of it is the app's file again, byte for byte but for the new ids: the
 * shop of a typed-in product too, which the server keeps now. */
static void
test_app_file_imports (void)
{
  g_autoptr(Backend) backend = backend_new (FALSE);
  g_autofree char *from_app = app_export ();
  g_autofree char *from_server = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;

  g_assert_nonnull (strstr (from_app, "local:"));
  {
    g_autoptr(EwsStorage) storage = backend_open (backend);

    add_account (storage, "dave-sub", "dave@example.org");
    add_kettle (storage);
  }

  import_account (backend, "dave@example.org", from_app);
  from_server = export_account (backend, "dave@example.org", "dave.json");

  g_assert_null (strstr (from_server, "local:"));
  expected = without_new_ids (from_app);
  got = without_new_ids (from_server);
  g_assert_cmpstr (got, ==, expected);
}

/* A list whose id is on the server already comes in as a copy that says
 * so; the original is left as it was. */
static void
test_existing_list_is_copied (void)
{
  g_autoptr(Backend) backend = backend_new (FALSE);
  g_autoptr(EwsStorage) storage = NULL;
  g_autoptr(GPtrArray) lists = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *exported = NULL;

  fill_server (backend);
  exported = export_account (backend, ALICE_EMAIL, "alice.json");
  import_account (backend, ALICE_EMAIL, exported);

  storage = backend_open (backend);
  lists = ews_storage_lists_for_owner (storage, "alice-sub", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lists->len, ==, 4);
  g_assert_cmpstr (((EwsList *)g_ptr_array_index (lists, 0))->title, ==, "Birthday party");
  g_assert_cmpstr (((EwsList *)g_ptr_array_index (lists, 1))->title, ==, "Wedding");
  g_assert_cmpstr (((EwsList *)g_ptr_array_index (lists, 2))->title, ==, "Birthday party (imported copy)");
  g_assert_cmpstr (((EwsList *)g_ptr_array_index (lists, 3))->title, ==, "Wedding (imported copy)");
  g_assert_true (((EwsList *)g_ptr_array_index (lists, 3))->closed);
}

#define LIST_WITH_GIFT(gift) \
  "{\"format\": \"ewelists-export\", \"version\": 1, \"lists\": [{\"title\": \"A\", \"gifts\": [" gift "]}]}"

static const struct
{
  const char *name;
  const char *contents;
  const char *in_message;
} hostile_files[] = {
  { "not JSON", "this is not json", "not an Ewelists export" },
  { "other format", "{\"format\": \"other\", \"version\": 1, \"lists\": []}", "not an Ewelists export" },
  { "newer version", "{\"format\": \"ewelists-export\", \"version\": 2, \"lists\": []}", "reads version 1" },
  { "title of the wrong type",
    "{\"format\": \"ewelists-export\", \"version\": 1, \"lists\": [{\"title\": 5, \"gifts\": []}]}",
    "List 1: “title” must be text" },
  { "quantity over the limit", LIST_WITH_GIFT ("{\"quantity\": 10001, \"product\": {\"type\": \"notfound\", "
                                               "\"details\": \"Mug\"}}"),
    "List 1, gift 1: “quantity” must be a whole number from 1 to 10000" },
  { "typed-in gift with a script address",
    LIST_WITH_GIFT ("{\"quantity\": 1, \"product\": {\"type\": \"notfound\", \"details\": \"Mug\", "
                    "\"productUrl\": \"javascript:alert(1)\"}}"),
    "https://" },
  { "a catalogue product this server lacks",
    LIST_WITH_GIFT ("{\"quantity\": 1, \"product\": {\"type\": \"products\", \"id\": \"nowhere\"}}"),
    "catalogue has no product nowhere" },
  { "a currency the API refuses",
    LIST_WITH_GIFT ("{\"quantity\": 1, \"product\": {\"type\": \"notfound\", \"details\": \"Mug\", "
                    "\"currency\": \"euros\"}}"),
    "ISO 4217" },
  /* Checks pass, the storage refuses the second list's second gift: the
   * first list, written by then, is rolled back with it. */
  { "a gift twice, after a good list",
    "{\"format\": \"ewelists-export\", \"version\": 1, \"lists\": ["
    "{\"title\": \"Good\", \"gifts\": [{\"quantity\": 1, \"product\": {\"type\": \"notfound\", \"details\": "
    "\"Mug\"}}]},"
    "{\"title\": \"Twice\", \"gifts\": ["
    "{\"quantity\": 1, \"product\": {\"type\": \"products\", \"id\": \"catalogue-product-1\"}},"
    "{\"quantity\": 2, \"product\": {\"type\": \"products\", \"id\": \"catalogue-product-1\"}}]}]}",
    "“Twice”, gift 2" },
};

static guint
count_rows (Backend *backend,
            guint   *n_typed_in)
{
  g_autoptr(EwsStorage) storage = backend_open (backend);
  g_autoptr(GPtrArray) lists = NULL;
  g_autoptr(GPtrArray) typed_in = NULL;
  g_autoptr(GError) error = NULL;

  lists = ews_storage_lists_for_owner (storage, "alice-sub", &error);
  g_assert_no_error (error);
  typed_in = ews_storage_products_all (storage, EWS_PRODUCT_KIND_NOTFOUND, &error);
  g_assert_no_error (error);
  *n_typed_in = typed_in->len;

  return lists->len;
}

static void
assert_refused (Backend    *backend,
                const char *path,
                const char *in_message)
{
  g_autofree char *err = NULL;
  guint            n_typed_in_before, n_typed_in_after;
  guint            n_lists_before = count_rows (backend, &n_typed_in_before);

  g_assert_cmpint (run_admin (backend, &err, "import-account", ALICE_EMAIL, path, NULL), ==, 1);
  if (strstr (err, in_message) == NULL || strstr (err, "Nothing was imported.") == NULL)
    g_error ("“%s” is not in: %s", in_message, err);

  g_assert_cmpuint (count_rows (backend, &n_typed_in_after), ==, n_lists_before);
  g_assert_cmpuint (n_typed_in_after, ==, n_typed_in_before);
}

/* Each file is refused with a message that says what is wrong, and
 * changes nothing. */
static void
test_hostile_files (gconstpointer data)
{
  gboolean pg = GPOINTER_TO_INT (data);
  g_autoptr(Backend) backend = backend_new (pg);
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "hostile.json", NULL);
  g_autofree char *missing = g_build_filename (g_get_user_data_dir (), "missing.json", NULL);
  g_autoptr(GString) deep = g_string_new ("{\"format\": \"ewelists-export\", \"version\": 1, \"lists\": ");
  g_autoptr(GString) huge = g_string_new ("{\"format\": \"ewelists-export\", \"version\": 1, \"lists\": [], \"x\": \"");
  g_autoptr(GError) error = NULL;

  fill_server (backend);

  for (guint i = 0; i < G_N_ELEMENTS (hostile_files); i++)
    {
      g_test_message ("%s", hostile_files[i].name);
      g_file_set_contents (path, hostile_files[i].contents, -1, &error);
      g_assert_no_error (error);
      assert_refused (backend, path, hostile_files[i].in_message);
    }

  for (guint i = 0; i < 100; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 100; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');
  g_file_set_contents (path, deep->str, deep->len, &error);
  g_assert_no_error (error);
  assert_refused (backend, path, "deeper than 64 levels");

  for (guint i = 0; i < 9 * 1024; i++)
    g_string_append (huge, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
                           "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
                           "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
                           "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
                           "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
                           "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
                           "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
                           "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
                           "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
                           "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
                           "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
                           "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
                           "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
                           "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
                           "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
                           "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  g_string_append (huge, "\"}");
  g_file_set_contents (path, huge->str, huge->len, &error);
  g_assert_no_error (error);
  assert_refused (backend, path, "larger than 8 MB");

  assert_refused (backend, missing, "Could not read");
}

/* An address no account signs in with is said to be so, and nothing is
 * written: neither a file nor a list. */
static void
test_unknown_account (void)
{
  g_autoptr(Backend) backend = backend_new (FALSE);
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "nobody.json", NULL);
  g_autofree char *exported = NULL;
  g_autofree char *export_err = NULL;
  g_autofree char *import_err = NULL;
  g_autofree char *invalid_err = NULL;

  fill_server (backend);
  g_assert_cmpint (run_admin (backend, &export_err, "export-account", "nobody@example.org", path, NULL), ==, 1);
  g_assert_nonnull (strstr (export_err, "No account signs in with nobody@example.org"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  exported = export_account (backend, ALICE_EMAIL, "nobody.json");
  g_assert_cmpint (run_admin (backend, &import_err, "import-account", "nobody@example.org", path, NULL), ==, 1);
  g_assert_nonnull (strstr (import_err, "No account signs in with nobody@example.org"));

  g_assert_cmpint (run_admin (backend, &invalid_err, "export-account", "not an address", path, NULL), ==, 1);
  g_assert_nonnull (strstr (invalid_err, "does not look like an e-mail address"));
}

int
main (int   argc,
      char *argv[])
{
  int result;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_data_func ("/server/admin-export/round-trip/sqlite", GINT_TO_POINTER (FALSE), test_round_trip);
  g_test_add_data_func ("/server/admin-export/hostile-files/sqlite", GINT_TO_POINTER (FALSE), test_hostile_files);
  g_test_add_func ("/server/admin-export/app-file-imports", test_app_file_imports);
  g_test_add_func ("/server/admin-export/existing-list-is-copied", test_existing_list_is_copied);
  g_test_add_func ("/server/admin-export/unknown-account", test_unknown_account);

#ifdef EWS_TEST_HAVE_POSTGRES
  {
    g_autoptr(GError) error = NULL;

    postgres = ews_test_postgres_start (&error);
    if (postgres != NULL)
      {
        g_test_add_data_func ("/server/admin-export/round-trip/postgresql", GINT_TO_POINTER (TRUE), test_round_trip);
        g_test_add_data_func ("/server/admin-export/hostile-files/postgresql", GINT_TO_POINTER (TRUE),
                              test_hostile_files);
      }
    else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
      g_error ("PostgreSQL did not start: %s", error->message);
  }
#endif

  result = g_test_run ();

#ifdef EWS_TEST_HAVE_POSTGRES
  g_clear_pointer (&postgres, ews_test_postgres_stop);
#endif

  return result;
}
