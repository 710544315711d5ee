/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <json-glib/json-glib.h>

#include "ewe-core.h"
#include "ewe-limits.h"

/* Export and import, driven through their async API on the test's main
 * context against real stores, as the app drives them. */

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

static EweStore *
open_store (const char *name)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), name, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  EweStore *store;

  ewe_store_open_async (path, NULL, got_result_cb, &result);
  wait_for (&result);
  store = ewe_store_open_finish (result, &error);
  g_assert_no_error (error);

  return store;
}

static EweList *
create_list (EweStore   *store,
             const char *title,
             const char *event_date)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EweList) values = ewe_list_new ();
  EweList *list;

  ewe_list_set_title (values, title);
  ewe_list_set_occasion (values, "Birthday");
  ewe_list_set_description (values, "Things for the party, \"please\"");
  ewe_list_set_image_url (values, "/images/celebration-default.jpg");
  ewe_list_set_event_date (values, event_date);
  /* A list without a date counts in francs: its currency travels too. */
  if (event_date == NULL)
    ewe_list_set_currency (values, "CHF");
  ewe_store_create_list_async (store, values, NULL, got_result_cb, &result);
  wait_for (&result);
  list = ewe_store_create_list_finish (store, result, &error);
  g_assert_no_error (error);

  return list;
}

static void
add_gift (EweStore      *store,
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
  /* Mugs: as many as you like, and most wanted, which travel too. */
  ewe_gift_set_unlimited (values, g_str_equal (details, "Hand-made mug"));
  ewe_gift_set_most_wanted (values, g_str_equal (details, "Hand-made mug"));
  ewe_store_add_gift_async (store, list, values, NULL, got_result_cb, &result);
  wait_for (&result);
  gift = ewe_store_add_gift_finish (store, result, &error);
  g_assert_no_error (error);
}

static void
close_list (EweStore *store,
            EweList  *list)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ewe_store_close_list_async (store, list, NULL, got_result_cb, &result);
  wait_for (&result);
  ewe_store_close_list_finish (store, result, &error);
  g_assert_no_error (error);
}

static void
set_reveal_date (EweStore   *store,
                 EweList    *list,
                 const char *reveal_date)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ewe_store_set_reveal_date_async (store, list, reveal_date, NULL, got_result_cb, &result);
  wait_for (&result);
  ewe_store_set_reveal_date_finish (store, result, &error);
  g_assert_no_error (error);
}

static void
archive_list (EweStore   *store,
              EweList    *list,
              const char *note)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ewe_store_archive_list_async (store, list, note, NULL, got_result_cb, &result);
  wait_for (&result);
  ewe_store_archive_list_finish (store, result, &error);
  g_assert_no_error (error);
}

/* Two lists, one closed and archived with a thank-you, the other with a
 * reveal date its owner chose, with a catalogue gift and typed-in ones. */
static void
fill_store (EweStore *store)
{
  g_autoptr(EweList) party = create_list (store, "Birthday party", "2026-12-24");
  g_autoptr(EweList) wedding = create_list (store, "Wedding", NULL);

  add_gift (store, party, EWE_PRODUCT_TYPE_CATALOGUE, "catalogue-product-1", "Kettle", 2, "Any colour");
  add_gift (store, party, EWE_PRODUCT_TYPE_NOTFOUND, NULL, "Hand-made mug", 1, NULL);
  set_reveal_date (store, party, "2027-01-06");
  add_gift (store, wedding, EWE_PRODUCT_TYPE_NOTFOUND, NULL, "Garden chair", 4, "Two, then two more");
  close_list (store, wedding);
  archive_list (store, wedding, "Thank you all & see you soon!");
}

static EweList *
find_list (EweStore   *store,
           const char *title)
{
  GListModel *lists = ewe_store_get_lists (store);

  for (guint i = 0; i < g_list_model_get_n_items (lists); i++)
    {
      g_autoptr(EweList) list = g_list_model_get_item (lists, i);

      if (g_str_equal (ewe_list_get_title (list), title))
        return g_steal_pointer (&list);
    }

  g_assert_not_reached ();
}

static GBytes *
export_lists (EweStore       *store,
              GPtrArray      *lists,
              EweExportFormat format)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  ewe_export_lists_async (store, lists, format, NULL, got_result_cb, &result);
  wait_for (&result);
  bytes = ewe_export_lists_finish (store, result, &error);
  g_assert_no_error (error);

  return bytes;
}

static GPtrArray *
import_bytes (EweStore *store,
              GBytes   *bytes,
              GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ewe_import_async (store, bytes, NULL, got_result_cb, &result);
  wait_for (&result);

  return ewe_import_finish (store, result, error);
}

/* Everything a user could see change in a store, as text to compare. */
static char *
describe_store (EweStore *store)
{
  GListModel *lists = ewe_store_get_lists (store);
  GString    *text = g_string_new (NULL);

  g_string_append_printf (text, "outbox %u\n", ewe_store_get_outbox_length (store));
  for (guint i = 0; i < g_list_model_get_n_items (lists); i++)
    {
      g_autoptr(EweList) list = g_list_model_get_item (lists, i);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GListModel) gifts = NULL;

      g_string_append_printf (text, "%s %s %d\n", ewe_list_get_id (list), ewe_list_get_title (list),
                              ewe_list_get_state (list));
      ewe_store_load_gifts_async (store, list, NULL, got_result_cb, &result);
      wait_for (&result);
      gifts = ewe_store_load_gifts_finish (store, result, NULL);
      for (guint j = 0; j < g_list_model_get_n_items (gifts); j++)
        {
          g_autoptr(EweGift) gift = g_list_model_get_item (gifts, j);

          g_string_append_printf (text, "  %s %d\n", ewe_gift_get_product_id (gift), ewe_gift_get_quantity (gift));
        }
    }

  return g_string_free (text, FALSE);
}

/* The ids are the one thing an import changes: the lists' always, and the
 * typed-in products', which the importing account makes anew. */
static char *
export_without_ids (GBytes *bytes)
{
  g_autoptr(JsonNode) root = json_from_string (g_bytes_get_data (bytes, NULL), NULL);
  JsonArray *lists;

  g_assert_nonnull (root);
  lists = json_object_get_array_member (json_node_get_object (root), "lists");
  for (guint i = 0; i < json_array_get_length (lists); i++)
    {
      JsonObject *list = json_array_get_object_element (lists, i);
      JsonArray  *gifts = json_object_get_array_member (list, "gifts");

      g_assert_true (json_object_has_member (list, "id"));
      json_object_remove_member (list, "id");
      for (guint j = 0; j < json_array_get_length (gifts); j++)
        {
          JsonObject *product = json_object_get_object_member (json_array_get_object_element (gifts, j), "product");

          if (g_str_equal (json_object_get_string_member (product, "type"), "notfound"))
            json_object_remove_member (product, "id");
        }
    }

  return json_to_string (root, TRUE);
}

static void
test_round_trip (void)
{
  g_autoptr(EweStore) first = open_store ("first.sqlite");
  g_autoptr(EweStore) second = open_store ("second.sqlite");
  g_autoptr(GBytes) exported = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GPtrArray) imported = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;

  fill_store (first);
  exported = export_lists (first, NULL, EWE_EXPORT_FORMAT_JSON);

  imported = import_bytes (second, exported, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (imported->len, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (ewe_store_get_lists (second)), ==, 2);
  /* Drafts, which the sync sends as if typed in. */
  g_assert_true (ewe_list_is_local (g_ptr_array_index (imported, 0)));
  g_assert_cmpuint (ewe_store_get_outbox_length (second), >, 0);

  again = export_lists (second, NULL, EWE_EXPORT_FORMAT_JSON);
  expected = export_without_ids (exported);
  got = export_without_ids (again);
  g_assert_cmpstr (got, ==, expected);
  g_assert_true (strstr (expected, "\"closed\"") != NULL);
  g_assert_true (strstr (expected, "catalogue-product-1") != NULL);
  g_assert_true (strstr (expected, "\"unlimited\" : true") != NULL);
  g_assert_true (strstr (expected, "\"mostWanted\" : true") != NULL);
  g_assert_true (strstr (expected, "\"currency\" : \"CHF\"") != NULL);
  g_assert_true (strstr (expected, "\"revealDate\" : \"2027-01-06\"") != NULL);
  g_assert_true (strstr (expected, "\"archived\" : true") != NULL);

  /* In the store, not only in the file: the owner's reveal date, and the
   * archived list still closed under its thank-you. */
  {
    g_autoptr(EweList) party = find_list (second, "Birthday party");
    g_autoptr(EweList) wedding = find_list (second, "Wedding");

    g_assert_cmpstr (ewe_list_get_reveal_date (party), ==, "2027-01-06");
    g_assert_false (ewe_list_get_archived (party));
    g_assert_null (ewe_list_get_reveal_date (wedding));
    g_assert_true (ewe_list_get_archived (wedding));
    g_assert_cmpstr (ewe_list_get_archive_note (wedding), ==, "Thank you all & see you soon!");
    g_assert_cmpint (ewe_list_get_state (wedding), ==, EWE_LIST_STATE_CLOSED);
  }
}

/* Files written before reveal dates and archiving travelled: a missing
 * member means "not set". */
static void
test_old_file_imports_unset (void)
{
  static const char old_file[] =
    "{\"format\": \"ewelists-export\", \"version\": 1, \"lists\": [{\"title\": \"Old\", "
    "\"eventDate\": \"2026-12-24\", \"state\": \"open\", \"gifts\": []}]}";
  g_autoptr(EweStore) store = open_store ("store.sqlite");
  g_autoptr(GBytes) bytes = g_bytes_new_static (old_file, strlen (old_file));
  g_autoptr(GPtrArray) imported = NULL;
  g_autoptr(GError) error = NULL;
  EweList *list;

  imported = import_bytes (store, bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (imported->len, ==, 1);
  list = g_ptr_array_index (imported, 0);
  g_assert_null (ewe_list_get_reveal_date (list));
  g_assert_false (ewe_list_get_archived (list));
  g_assert_null (ewe_list_get_archive_note (list));
}

static void
test_no_reservations_or_account (void)
{
  g_autoptr(EweStore) store = open_store ("store.sqlite");
  g_autoptr(GBytes) exported = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray         *lists;
  const char * const list_members[] = { "id", "title", "description", "occasion", "eventDate", "imageUrl",
                                        "currency", "state", "revealDate", "archived", "archiveNote",
                                        "gifts", NULL };
  const char * const gift_members[] = { "quantity", "notes", "unlimited", "mostWanted", "product", NULL };

  fill_store (store);
  exported = export_lists (store, NULL, EWE_EXPORT_FORMAT_JSON);
  root = json_from_string (g_bytes_get_data (exported, NULL), NULL);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "format"), ==, "ewelists-export");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "version"), ==, 1);

  /* Only the members the format names: nothing about who reserved or
   * bought what, the owner or the account. */
  lists = json_object_get_array_member (json_node_get_object (root), "lists");
  for (guint i = 0; i < json_array_get_length (lists); i++)
    {
      JsonObject *list = json_array_get_object_element (lists, i);
      JsonArray  *gifts = json_object_get_array_member (list, "gifts");
      g_autoptr(GList) members = json_object_get_members (list);

      for (GList *l = members; l != NULL; l = l->next)
        g_assert_true (g_strv_contains (list_members, l->data));
      for (guint j = 0; j < json_array_get_length (gifts); j++)
        {
          JsonObject *gift = json_array_get_object_element (gifts, j);

          g_autoptr(GList) gift_names = json_object_get_members (gift);

          /* The owner's fields, never the guests' counts. */
          for (GList *l = gift_names; l != NULL; l = l->next)
            g_assert_true (g_strv_contains (gift_members, l->data));
        }
    }
}

static void
test_existing_list_imported_as_copy (void)
{
  g_autoptr(EweStore) store = open_store ("store.sqlite");
  g_autoptr(EweList) list = create_list (store, "Birthday party", NULL);
  g_autoptr(GPtrArray) lists = g_ptr_array_new ();
  g_autoptr(GPtrArray) imported = NULL;
  g_autoptr(GBytes) exported = NULL;
  g_autoptr(GError) error = NULL;
  EweList *copy;

  add_gift (store, list, EWE_PRODUCT_TYPE_NOTFOUND, NULL, "Kite", 1, NULL);
  g_ptr_array_add (lists, list);
  exported = export_lists (store, lists, EWE_EXPORT_FORMAT_JSON);

  imported = import_bytes (store, exported, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (imported->len, ==, 1);
  copy = g_ptr_array_index (imported, 0);
  g_assert_cmpstr (ewe_list_get_id (copy), !=, ewe_list_get_id (list));
  g_assert_cmpstr (ewe_list_get_title (copy), ==, "Birthday party (imported copy)");
  /* The original is as it was. */
  g_assert_cmpstr (ewe_list_get_title (list), ==, "Birthday party");
  g_assert_cmpuint (g_list_model_get_n_items (ewe_store_get_lists (store)), ==, 2);
}

typedef struct
{
  const char *name;
  const char *text;
  int         code;
  const char *in_message;
} BadFile;

static const BadFile bad_files[] = {
  { "not JSON", "this is not json", EWE_IMPORT_ERROR_NOT_EXPORT, "not an Ewelists export" },
  { "other format", "{\"format\": \"other\", \"version\": 1, \"lists\": []}", EWE_IMPORT_ERROR_NOT_EXPORT,
    "not an Ewelists export" },
  { "newer version", "{\"format\": \"ewelists-export\", \"version\": 2, \"lists\": []}", EWE_IMPORT_ERROR_TOO_NEW,
    "Update Ewelists" },
  { "version as text", "{\"format\": \"ewelists-export\", \"version\": \"1\", \"lists\": []}",
    EWE_IMPORT_ERROR_NOT_EXPORT, "not an Ewelists export" },
  { "lists not an array", "{\"format\": \"ewelists-export\", \"version\": 1, \"lists\": {}}",
    EWE_IMPORT_ERROR_INVALID, "“lists” must be a list" },
  { "title a number", "{\"format\": \"ewelists-export\", \"version\": 1, \"lists\": [{\"title\": 5, \"gifts\": []}]}",
    EWE_IMPORT_ERROR_INVALID, "List 1: “title” must be text" },
  { "quantity as text",
    "{\"format\": \"ewelists-export\", \"version\": 1, \"lists\": [{\"title\": \"A\", \"gifts\": "
    "[{\"quantity\": \"3\", \"product\": {\"type\": \"notfound\", \"details\": \"Kite\"}}]}]}",
    EWE_IMPORT_ERROR_INVALID, "List 1, gift 1: “quantity” must be a whole number from 1 to 10000" },
  { "quantity over the limit",
    "{\"format\": \"ewelists-export\", \"version\": 1, \"lists\": [{\"title\": \"A\", \"gifts\": "
    "[{\"quantity\": 10001, \"product\": {\"type\": \"notfound\", \"details\": \"Kite\"}}]}]}",
    EWE_IMPORT_ERROR_INVALID, "“quantity”" },
  { "unknown product type",
    "{\"format\": \"ewelists-export\", \"version\": 1, \"lists\": [{\"title\": \"A\", \"gifts\": "
    "[{\"quantity\": 1, \"product\": {\"type\": \"stolen\", \"details\": \"Kite\"}}]}]}",
    EWE_IMPORT_ERROR_INVALID, "“type”" },
  { "typed-in gift with a script address",
    "{\"format\": \"ewelists-export\", \"version\": 1, \"lists\": [{\"title\": \"A\", \"gifts\": "
    "[{\"quantity\": 1, \"product\": {\"type\": \"notfound\", \"details\": \"Kite\", "
    "\"productUrl\": \"javascript:alert(1)\"}}]}]}",
    EWE_IMPORT_ERROR_INVALID, "https://" },
  /* The first list is good: nothing is written until all of it is. */
  { "second list bad",
    "{\"format\": \"ewelists-export\", \"version\": 1, \"lists\": [{\"title\": \"Good\", \"gifts\": []}, "
    "{\"title\": \"\", \"gifts\": []}]}",
    EWE_IMPORT_ERROR_INVALID, "List 2: “title” must be given" },
  { "bad date",
    "{\"format\": \"ewelists-export\", \"version\": 1, \"lists\": [{\"title\": \"A\", \"eventDate\": \"soon\", "
    "\"gifts\": []}]}",
    EWE_IMPORT_ERROR_INVALID, "“eventDate”" },
  { "bad reveal date",
    "{\"format\": \"ewelists-export\", \"version\": 1, \"lists\": [{\"title\": \"A\", \"revealDate\": "
    "\"6 January 2027\", \"gifts\": []}]}",
    EWE_IMPORT_ERROR_INVALID, "“revealDate”" },
  { "archived as text",
    "{\"format\": \"ewelists-export\", \"version\": 1, \"lists\": [{\"title\": \"A\", \"archived\": "
    "\"yes\", \"gifts\": []}]}",
    EWE_IMPORT_ERROR_INVALID, "“archived”" },
};

static void
assert_refused_and_unchanged (EweStore   *store,
                              GBytes     *bytes,
                              int         code,
                              const char *in_message)
{
  g_autofree char *before = describe_store (store);
  g_autofree char *after = NULL;
  g_autoptr(GPtrArray) imported = NULL;
  g_autoptr(GError) error = NULL;

  imported = import_bytes (store, bytes, &error);
  g_assert_null (imported);
  g_assert_error (error, EWE_IMPORT_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, in_message));

  after = describe_store (store);
  g_assert_cmpstr (after, ==, before);
}

static void
test_bad_files_change_nothing (void)
{
  g_autoptr(EweStore) store = open_store ("store.sqlite");

  fill_store (store);
  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (bad_files[i].text, strlen (bad_files[i].text));

      g_test_message ("%s", bad_files[i].name);
      assert_refused_and_unchanged (store, bytes, bad_files[i].code, bad_files[i].in_message);
    }
}

static void
test_deep_file (void)
{
  g_autoptr(EweStore) store = open_store ("store.sqlite");
  GString *text = g_string_new ("{\"format\": \"ewelists-export\", \"version\": 1, \"lists\": ");
  g_autoptr(GBytes) bytes = NULL;

  fill_store (store);
  for (guint i = 0; i < 10000; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < 10000; i++)
    g_string_append_c (text, ']');
  g_string_append_c (text, '}');
  bytes = g_string_free_to_bytes (text);

  assert_refused_and_unchanged (store, bytes, EWE_IMPORT_ERROR_TOO_DEEP, "deeper than 64 levels");
}

static void
test_long_text (void)
{
  g_autoptr(EweStore) store = open_store ("store.sqlite");
  g_autofree char *title = g_strnfill (EWE_LIMIT_TEXT_BYTES + 1, 'a');
  g_autofree char *text = g_strdup_printf ("{\"format\": \"ewelists-export\", \"version\": 1, \"lists\": "
                                           "[{\"title\": \"%s\", \"gifts\": []}]}",
                                           title);
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  assert_refused_and_unchanged (store, bytes, EWE_IMPORT_ERROR_INVALID, "at most 16384 bytes");
}

static void
test_huge_file (void)
{
  g_autoptr(EweStore) store = open_store ("store.sqlite");
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "huge.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) imported = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize            size = 50 * 1024 * 1024;
  g_autofree char *contents = g_malloc (size);
  const char      *head = "{\"format\": \"ewelists-export\", \"version\": 1, \"lists\": [], \"padding\": \"";

  /* Valid JSON but for its size: only the size can be why it is refused. */
  memset (contents, 'x', size);
  memcpy (contents, head, strlen (head));
  memcpy (contents + size - 2, "\"}", 2);
  g_file_set_contents (path, contents, size, &error);
  g_assert_no_error (error);

  fill_store (store);
  before = describe_store (store);
  ewe_import_file_async (store, file, NULL, got_result_cb, &result);
  wait_for (&result);
  imported = ewe_import_file_finish (store, result, &error);
  g_assert_null (imported);
  g_assert_error (error, EWE_IMPORT_ERROR, EWE_IMPORT_ERROR_TOO_BIG);
  g_assert_nonnull (strstr (error->message, "larger than 8 MB"));
  after = describe_store (store);
  g_assert_cmpstr (after, ==, before);
}

static void
test_file_round_trip (void)
{
  g_autoptr(EweStore) first = open_store ("first.sqlite");
  g_autoptr(EweStore) second = open_store ("second.sqlite");
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "lists.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) written = NULL;
  g_autoptr(GAsyncResult) read = NULL;
  g_autoptr(GPtrArray) imported = NULL;
  g_autoptr(GError) error = NULL;

  fill_store (first);
  ewe_export_to_file_async (first, NULL, EWE_EXPORT_FORMAT_JSON, file, NULL, got_result_cb, &written);
  wait_for (&written);
  g_assert_true (ewe_export_to_file_finish (first, written, &error));
  g_assert_no_error (error);

  ewe_import_file_async (second, file, NULL, got_result_cb, &read);
  wait_for (&read);
  imported = ewe_import_file_finish (second, read, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (imported->len, ==, 2);
  g_assert_cmpstr (ewe_list_get_title (g_ptr_array_index (imported, 1)), ==, "Wedding");
  g_assert_cmpint (ewe_list_get_state (g_ptr_array_index (imported, 1)), ==, EWE_LIST_STATE_CLOSED);
}

static void
test_csv_field (void)
{
  const struct
  {
    const char *text;
    const char *cell;
  } cases[] = {
    { "Kite", "Kite" },
    { NULL, "" },
    { "Shop, Ltd.", "\"Shop, Ltd.\"" },
    { "A \"big\" one", "\"A \"\"big\"\" one\"" },
    { "two\nlines", "\"two\nlines\"" },
    { "=HYPERLINK(\"https://evil.example\")", "\"'=HYPERLINK(\"\"https://evil.example\"\")\"" },
    { "+1", "'+1" },
    { "-1", "'-1" },
    { "@SUM(A1)", "'@SUM(A1)" },
    { "\t=1", "'\t=1" },
    { "1+1", "1+1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *cell = ewe_export_csv_field (cases[i].text);

      g_assert_cmpstr (cell, ==, cases[i].cell);
    }
}

static void
test_csv_export (void)
{
  g_autoptr(EweStore) store = open_store ("store.sqlite");
  g_autoptr(EweList) list = create_list (store, "=cmd|' /C calc'!A0", NULL);
  g_autoptr(GPtrArray) lists = g_ptr_array_new ();
  g_autoptr(GBytes) csv = NULL;
  g_autofree char *text = NULL;

  add_gift (store, list, EWE_PRODUCT_TYPE_NOTFOUND, NULL, "+SUM(1,2)", 3, "Blue, \"not\" red");
  g_ptr_array_add (lists, list);
  csv = export_lists (store, lists, EWE_EXPORT_FORMAT_CSV);
  text = g_strndup (g_bytes_get_data (csv, NULL), g_bytes_get_size (csv));

  g_assert_cmpstr (text, ==,
                   "List,Gift,Brand,Quantity,Price,Currency,Shop,Link,Notes\r\n"
                   "'=cmd|' /C calc'!A0,\"'+SUM(1,2)\",Acme,3,12.50,EUR,\"Shop, Ltd.\",https://shop.example/p,"
                   "\"Blue, \"\"not\"\" red\"\r\n");
  g_assert_cmpint (ewe_export_format_for_name ("lists.CSV"), ==, EWE_EXPORT_FORMAT_CSV);
  g_assert_cmpint (ewe_export_format_for_name ("lists.json"), ==, EWE_EXPORT_FORMAT_JSON);
}

/* The schema in the repository says what the README says the format is;
 * python3-jsonschema checks that what the app writes is that. Debian's
 * python3, which has it: the first on PATH may be another. */
static void
test_schema_validates_export (void)
{
  g_autoptr(EweStore) store = open_store ("store.sqlite");
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "export.json", NULL);
  g_autofree char *bad_path = g_build_filename (g_get_user_data_dir (), "bad.json", NULL);
  g_autofree char *schema = g_build_filename (EWE_TEST_SOURCE_ROOT, "data", "export",
                                              "ewelists-export-v1.schema.json", NULL);
  const char      *script = "import json, sys, jsonschema\n"
                            "schema = json.load (open (sys.argv[1]))\n"
                            "jsonschema.Draft202012Validator.check_schema (schema)\n"
                            "jsonschema.validate (json.load (open (sys.argv[2])), schema,\n"
                            "                     cls=jsonschema.Draft202012Validator)\n";
  const char      *bad = "{\"format\": \"ewelists-export\", \"version\": 1, \"lists\": "
                         "[{\"title\": \"A\", \"gifts\": [{\"quantity\": 0, \"product\": {\"type\": \"products\"}}]}]}";
  g_autoptr(GBytes) exported = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GSubprocess) refusing = NULL;
  g_autoptr(GError) error = NULL;

  fill_store (store);
  exported = export_lists (store, NULL, EWE_EXPORT_FORMAT_JSON);
  g_file_set_contents (path, g_bytes_get_data (exported, NULL), g_bytes_get_size (exported), &error);
  g_assert_no_error (error);
  g_file_set_contents (bad_path, bad, -1, &error);
  g_assert_no_error (error);

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "/usr/bin/python3", "-c", script, schema, path, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);

  /* And that the check can fail: a file the importer refuses, so does the
   * schema. */
  refusing = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error, "/usr/bin/python3", "-c", script, schema,
                               bad_path, NULL);
  g_assert_no_error (error);
  g_subprocess_wait (refusing, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_subprocess_get_successful (refusing));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/export/round-trip", test_round_trip);
  g_test_add_func ("/core/export/file-round-trip", test_file_round_trip);
  g_test_add_func ("/core/export/old-file-imports-unset", test_old_file_imports_unset);
  g_test_add_func ("/core/export/no-reservations-or-account", test_no_reservations_or_account);
  g_test_add_func ("/core/export/existing-list-imported-as-copy", test_existing_list_imported_as_copy);
  g_test_add_func ("/core/export/bad-files-change-nothing", test_bad_files_change_nothing);
  g_test_add_func ("/core/export/deep-file", test_deep_file);
  g_test_add_func ("/core/export/long-text", test_long_text);
  g_test_add_func ("/core/export/huge-file", test_huge_file);
  g_test_add_func ("/core/export/csv-field", test_csv_field);
  g_test_add_func ("/core/export/csv-export", test_csv_export);
  g_test_add_func ("/core/export/schema-validates-export", test_schema_validates_export);

  return g_test_run ();
}
