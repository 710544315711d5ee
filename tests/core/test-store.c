/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <sqlite3.h>
#include <stdio.h>

#include "ewe-core.h"
#include "ewe-store-db-private.h"

/* The store is only ever driven through its async API here, on the test's
 * main context, as the app drives it. */

static char *self_exe;

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

static char *
store_path (void)
{
  /* G_TEST_OPTION_ISOLATE_DIRS gives each test its own data dir. */
  return g_build_filename (g_get_user_data_dir (), "ewelists", "test.sqlite", NULL);
}

static EweStore *
open_store (const char *path)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  EweStore *store;

  ewe_store_open_async (path, NULL, got_result_cb, &result);
  wait_for (&result);
  store = ewe_store_open_finish (result, &error);
  g_assert_no_error (error);
  g_assert_true (EWE_IS_STORE (store));

  return store;
}

static EweList *
create_list (EweStore   *store,
             const char *title,
             GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(EweList) values = ewe_list_new ();

  ewe_list_set_title (values, title);
  ewe_list_set_occasion (values, "Birthday");
  ewe_list_set_description (values, "A list for tests");
  ewe_list_set_image_url (values, "/images/celebration-default.jpg");
  ewe_store_create_list_async (store, values, NULL, got_result_cb, &result);
  wait_for (&result);

  return ewe_store_create_list_finish (store, result, error);
}

static GListModel *
load_gifts (EweStore *store,
            EweList  *list)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *gifts;

  ewe_store_load_gifts_async (store, list, NULL, got_result_cb, &result);
  wait_for (&result);
  gifts = ewe_store_load_gifts_finish (store, result, &error);
  g_assert_no_error (error);

  return gifts;
}

static EweGift *
add_gift (EweStore      *store,
          EweList       *list,
          const char    *product_id,
          EweProductType type,
          int            quantity,
          GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(EweGift) values = ewe_gift_new ();

  ewe_gift_set_product_id (values, product_id);
  ewe_gift_set_product_type (values, type);
  ewe_gift_set_quantity (values, quantity);
  ewe_gift_set_brand (values, "Acme");
  ewe_gift_set_details (values, product_id != NULL ? product_id : "Something handmade");
  ewe_gift_set_product_url (values, "https://shop.example/p");
  ewe_store_add_gift_async (store, list, values, NULL, got_result_cb, &result);
  wait_for (&result);

  return ewe_store_add_gift_finish (store, result, error);
}

static gboolean
update_gift (EweStore   *store,
             EweGift    *gift,
             int         quantity,
             const char *notes,
             GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ewe_store_update_gift_async (store, gift, quantity, notes, NULL, got_result_cb, &result);
  wait_for (&result);

  return ewe_store_update_gift_finish (store, result, error);
}

static gboolean
remove_gift (EweStore *store,
             EweGift  *gift,
             GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ewe_store_remove_gift_async (store, gift, NULL, got_result_cb, &result);
  wait_for (&result);

  return ewe_store_remove_gift_finish (store, result, error);
}

static GPtrArray *
list_outbox (EweStore *store)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *entries;

  ewe_store_list_outbox_async (store, NULL, got_result_cb, &result);
  wait_for (&result);
  entries = ewe_store_list_outbox_finish (store, result, &error);
  g_assert_no_error (error);

  return entries;
}

static void
complete_entry (EweStore   *store,
                gint64      entry_id,
                const char *server_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ewe_store_complete_outbox_entry_async (store, entry_id, server_id, NULL, got_result_cb, &result);
  wait_for (&result);
  g_assert_true (ewe_store_complete_outbox_entry_finish (store, result, &error));
  g_assert_no_error (error);
}

/* Plays the sync engine's part: the server accepted everything. */
static void
complete_all (EweStore *store)
{
  g_autoptr(GPtrArray) entries = list_outbox (store);

  for (guint i = 0; i < entries->len; i++)
    complete_entry (store, ewe_outbox_entry_get_id (g_ptr_array_index (entries, i)), NULL);
  g_assert_cmpuint (ewe_store_get_outbox_length (store), ==, 0);
}

static gboolean
merge_list (EweStore  *store,
            EweList   *list,
            GPtrArray *gifts)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ewe_store_merge_list_async (store, list, gifts, NULL, got_result_cb, &result);
  wait_for (&result);
  ok = ewe_store_merge_list_finish (store, result, &error);
  g_assert_no_error (error);

  return ok;
}

static void
count_cb (guint *counter)
{
  (*counter)++;
}

/* Records items-changed as "position:removed:added". */
static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GPtrArray  *log)
{
  g_ptr_array_add (log, g_strdup_printf ("%u:%u:%u", position, removed, added));
}

static void
assert_log (GPtrArray  *log,
            const char *expected)
{
  g_autoptr(GString) joined = g_string_new (NULL);

  for (guint i = 0; i < log->len; i++)
    {
      if (i > 0)
        g_string_append_c (joined, ' ');
      g_string_append (joined, g_ptr_array_index (log, i));
    }
  g_assert_cmpstr (joined->str, ==, expected);
  g_ptr_array_set_size (log, 0);
}

static void
assert_kinds (EweStore   *store,
              const char *expected)
{
  g_autoptr(GPtrArray) entries = list_outbox (store);
  g_autoptr(GString) joined = g_string_new (NULL);

  for (guint i = 0; i < entries->len; i++)
    {
      EweOutboxEntry *entry = g_ptr_array_index (entries, i);

      if (i > 0)
        g_string_append_c (joined, ' ');
      g_string_append (joined, ewe_outbox_kind_to_string (ewe_outbox_entry_get_kind (entry)));
      g_assert_nonnull (ewe_outbox_entry_get_idempotency_key (entry));
      g_assert_cmpint (ewe_outbox_entry_get_created (entry), >, 0);
    }
  g_assert_cmpstr (joined->str, ==, expected);
  g_assert_cmpuint (ewe_store_get_outbox_length (store), ==, entries->len);
}

/* --- tests ------------------------------------------------------------- */

static void
test_crud (void)
{
  g_autofree char *path = store_path ();
  g_autoptr(EweStore) store = open_store (path);
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) gift_log = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(EweList) birthday = NULL;
  g_autoptr(EweList) christmas = NULL;
  g_autoptr(EweList) values = ewe_list_new ();
  g_autoptr(EweList) first = NULL;
  g_autoptr(GListModel) gifts = NULL;
  g_autoptr(EweGift) cot = NULL;
  g_autoptr(EweGift) mobile = NULL;
  g_autoptr(EweGift) item = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GListModel *lists = ewe_store_get_lists (store);

  g_signal_connect (lists, "items-changed", G_CALLBACK (items_changed_cb), log);
  g_assert_cmpuint (g_list_model_get_n_items (lists), ==, 0);

  birthday = create_list (store, "Birthday", &error);
  g_assert_no_error (error);
  christmas = create_list (store, "Christmas", &error);
  g_assert_no_error (error);
  assert_log (log, "0:0:1 1:0:1");
  g_assert_true (ewe_list_is_local (birthday));
  g_assert_true (ewe_store_lookup_list (store, ewe_list_get_id (birthday)) == birthday);
  first = g_list_model_get_item (lists, 0);
  g_assert_true (first == birthday);

  /* An update changes the same object, in place, with no items-changed. */
  ewe_list_set_title (values, "First birthday");
  ewe_list_set_event_date (values, "31 October 2018");
  ewe_store_update_list_async (store, birthday, values, NULL, got_result_cb, &result);
  wait_for (&result);
  g_assert_true (ewe_store_update_list_finish (store, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpstr (ewe_list_get_title (birthday), ==, "First birthday");
  g_assert_cmpstr (ewe_list_get_event_date (birthday), ==, "31 October 2018");
  assert_log (log, "");

  gifts = load_gifts (store, birthday);
  g_signal_connect (gifts, "items-changed", G_CALLBACK (items_changed_cb), gift_log);
  cot = add_gift (store, birthday, "prod-cot", EWE_PRODUCT_TYPE_CATALOGUE, 1, &error);
  g_assert_no_error (error);
  mobile = add_gift (store, birthday, NULL, EWE_PRODUCT_TYPE_NOTFOUND, 2, &error);
  g_assert_no_error (error);
  assert_log (gift_log, "0:0:1 1:0:1");
  item = g_list_model_get_item (gifts, 1);
  g_assert_true (item == mobile);
  g_assert_true (ewe_id_is_local (ewe_gift_get_product_id (mobile)));
  g_assert_cmpstr (ewe_gift_get_list_id (cot), ==, ewe_list_get_id (birthday));

  g_assert_true (update_gift (store, cot, 3, "Grey, please", &error));
  g_assert_no_error (error);
  g_assert_cmpint (ewe_gift_get_quantity (cot), ==, 3);
  g_assert_cmpstr (ewe_gift_get_notes (cot), ==, "Grey, please");
  assert_log (gift_log, "");

  g_assert_true (remove_gift (store, cot, &error));
  g_assert_no_error (error);
  assert_log (gift_log, "0:1:0");
  g_assert_cmpuint (g_list_model_get_n_items (gifts), ==, 1);

  ewe_store_close_list_async (store, christmas, NULL, got_result_cb, &result);
  wait_for (&result);
  g_assert_true (ewe_store_close_list_finish (store, result, &error));
  g_clear_object (&result);
  g_assert_cmpint (ewe_list_get_state (christmas), ==, EWE_LIST_STATE_CLOSED);

  ewe_store_delete_list_async (store, birthday, NULL, got_result_cb, &result);
  wait_for (&result);
  g_assert_true (ewe_store_delete_list_finish (store, result, &error));
  g_clear_object (&result);
  assert_log (log, "0:1:0");
  assert_log (gift_log, "0:1:0");
  g_assert_null (ewe_store_lookup_list (store, ewe_list_get_id (birthday)));

  assert_kinds (store, "create-list create-list update-list add-gift create-product add-gift "
                       "update-gift remove-gift close-list delete-list");
}

static void
test_outbox_payloads (void)
{
  g_autofree char *path = store_path ();
  g_autoptr(EweStore) store = open_store (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(EweList) list = create_list (store, "Wedding", &error);
  g_autoptr(EweGift) gift = add_gift (store, list, "prod-1", EWE_PRODUCT_TYPE_CATALOGUE, 2, &error);
  g_autoptr(GPtrArray) entries = NULL;
  EweOutboxEntry *entry;

  g_assert_true (update_gift (store, gift, 4, "Blue", &error));
  entries = list_outbox (store);
  g_assert_cmpuint (entries->len, ==, 3);

  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (ewe_outbox_entry_get_list_id (entry), ==, ewe_list_get_id (list));
  g_assert_cmpstr (ewe_outbox_entry_get_payload (entry), ==,
                   "{\"title\":\"Wedding\",\"description\":\"A list for tests\",\"eventDate\":\"\","
                   "\"occasion\":\"Birthday\",\"imageUrl\":\"/images/celebration-default.jpg\","
                   "\"currency\":\"GBP\"}");

  entry = g_ptr_array_index (entries, 1);
  g_assert_cmpint (ewe_outbox_entry_get_kind (entry), ==, EWE_OUTBOX_KIND_ADD_GIFT);
  g_assert_cmpstr (ewe_outbox_entry_get_product_id (entry), ==, "prod-1");
  g_assert_cmpstr (ewe_outbox_entry_get_payload (entry), ==, "{\"quantity\":2,\"productType\":\"products\"}");

  entry = g_ptr_array_index (entries, 2);
  g_assert_cmpstr (ewe_outbox_entry_get_payload (entry), ==, "{\"quantity\":4,\"notes\":\"Blue\",\"unlimited\":false,\"mostWanted\":false}");

  /* Every entry has its own idempotency key. */
  g_assert_cmpstr (ewe_outbox_entry_get_idempotency_key (g_ptr_array_index (entries, 0)), !=,
                   ewe_outbox_entry_get_idempotency_key (g_ptr_array_index (entries, 1)));
}

static void
test_invalid_edits_change_nothing (void)
{
  g_autofree char *path = store_path ();
  g_autoptr(EweStore) store = open_store (path);
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(EweList) list = create_list (store, "Baby", &error);
  g_autoptr(EweList) none = NULL;
  g_autoptr(EweList) blank = ewe_list_new ();
  g_autoptr(EweList) stranger = ewe_list_new ();
  g_autoptr(GListModel) gifts = load_gifts (store, list);
  g_autoptr(EweGift) gift = add_gift (store, list, "prod-1", EWE_PRODUCT_TYPE_CATALOGUE, 1, &error);
  g_autoptr(EweGift) again = NULL;
  g_autoptr(EweGift) orphan = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  guint before = ewe_store_get_outbox_length (store);

  g_signal_connect (ewe_store_get_lists (store), "items-changed", G_CALLBACK (items_changed_cb), log);
  g_signal_connect (gifts, "items-changed", G_CALLBACK (items_changed_cb), log);

  none = create_list (store, "   ", &error);
  g_assert_null (none);
  g_assert_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "A list needs a title");
  g_clear_error (&error);

  ewe_store_update_list_async (store, list, blank, NULL, got_result_cb, &result);
  wait_for (&result);
  g_assert_false (ewe_store_update_list_finish (store, result, &error));
  g_assert_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_object (&result);
  g_assert_cmpstr (ewe_list_get_title (list), ==, "Baby");

  /* A list this store does not know. */
  ewe_list_set_id (stranger, "local:nobody");
  ewe_list_set_title (stranger, "Stranger");
  orphan = add_gift (store, stranger, "prod-2", EWE_PRODUCT_TYPE_CATALOGUE, 1, &error);
  g_assert_null (orphan);
  g_assert_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (update_gift (store, gift, 0, NULL, &error));
  g_assert_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (update_gift (store, gift, -5, NULL, &error));
  g_assert_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (update_gift (store, gift, EWE_LIMIT_QUANTITY_MAX + 1, NULL, &error));
  g_assert_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (ewe_gift_get_quantity (gift), ==, 1);

  /* Refused by the worker inside its transaction: rolled back whole. */
  again = add_gift (store, list, "prod-1", EWE_PRODUCT_TYPE_CATALOGUE, 1, &error);
  g_assert_null (again);
  g_assert_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID);
  g_clear_error (&error);

  again = add_gift (store, list, NULL, EWE_PRODUCT_TYPE_CATALOGUE, 1, &error);
  g_assert_null (again);
  g_assert_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID);
  g_clear_error (&error);

  ewe_store_close_list_async (store, list, NULL, got_result_cb, &result);
  wait_for (&result);
  g_assert_true (ewe_store_close_list_finish (store, result, &error));
  g_clear_object (&result);
  before++;
  ewe_store_close_list_async (store, list, NULL, got_result_cb, &result);
  wait_for (&result);
  g_assert_false (ewe_store_close_list_finish (store, result, &error));
  g_assert_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_object (&result);

  assert_log (log, "");
  g_assert_cmpuint (ewe_store_get_outbox_length (store), ==, before);
  assert_kinds (store, "create-list add-gift close-list");
}

static void
test_models_keep_identity (void)
{
  g_autofree char *path = store_path ();
  g_autoptr(EweStore) store = open_store (path);
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(EweList) list = create_list (store, "Christmas", &error);
  g_autoptr(GListModel) gifts = load_gifts (store, list);
  g_autoptr(GListModel) same = load_gifts (store, list);
  g_autoptr(EweGift) a = add_gift (store, list, "a", EWE_PRODUCT_TYPE_CATALOGUE, 1, &error);
  g_autoptr(EweGift) b = add_gift (store, list, "b", EWE_PRODUCT_TYPE_CATALOGUE, 1, &error);
  g_autoptr(EweGift) c = add_gift (store, list, "c", EWE_PRODUCT_TYPE_CATALOGUE, 1, &error);
  g_autoptr(EweGift) first = NULL;
  g_autoptr(EweGift) second = NULL;
  guint notifications = 0;

  /* One model per list, whoever asks. */
  g_assert_true (gifts == same);

  g_signal_connect (gifts, "items-changed", G_CALLBACK (items_changed_cb), log);
  g_signal_connect_swapped (c, "notify", G_CALLBACK (count_cb), &notifications);

  g_assert_true (remove_gift (store, b, &error));
  assert_log (log, "1:1:0");

  g_assert_true (update_gift (store, c, 7, NULL, &error));
  assert_log (log, "");
  g_assert_cmpuint (notifications, ==, 1);

  first = g_list_model_get_item (gifts, 0);
  second = g_list_model_get_item (gifts, 1);
  g_assert_true (first == a);
  g_assert_true (second == c);
  g_assert_cmpint (ewe_gift_get_quantity (second), ==, 7);
}

static void
test_id_rewrite (void)
{
  g_autofree char *path = store_path ();
  g_autoptr(EweStore) store = open_store (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(EweList) list = create_list (store, "Birthday", &error);
  g_autoptr(GListModel) gifts = load_gifts (store, list);
  g_autoptr(EweGift) mobile = add_gift (store, list, NULL, EWE_PRODUCT_TYPE_NOTFOUND, 1, &error);
  g_autoptr(EweGift) cot = add_gift (store, list, "prod-cot", EWE_PRODUCT_TYPE_CATALOGUE, 1, &error);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(EweStore) reopened = NULL;
  g_autoptr(GListModel) reopened_gifts = NULL;
  g_autofree char *local_list_id = g_strdup (ewe_list_get_id (list));
  g_autofree char *local_product_id = g_strdup (ewe_gift_get_product_id (mobile));
  guint            id_notifications = 0;
  EweList         *found;

  g_assert_true (update_gift (store, mobile, 2, "Any colour", &error));
  g_signal_connect_swapped (list, "notify::id", G_CALLBACK (count_cb), &id_notifications);

  /* The server answered the create: the entry goes and the id changes in
   * the same transaction. */
  entries = list_outbox (store);
  g_assert_cmpint (ewe_outbox_entry_get_kind (g_ptr_array_index (entries, 0)), ==, EWE_OUTBOX_KIND_CREATE_LIST);
  complete_entry (store, ewe_outbox_entry_get_id (g_ptr_array_index (entries, 0)), "12345678-list-0001");
  g_clear_pointer (&entries, g_ptr_array_unref);

  g_assert_cmpstr (ewe_list_get_id (list), ==, "12345678-list-0001");
  g_assert_cmpuint (id_notifications, ==, 1);
  g_assert_true (ewe_store_lookup_list (store, "12345678-list-0001") == list);
  g_assert_null (ewe_store_lookup_list (store, local_list_id));
  g_assert_cmpstr (ewe_gift_get_list_id (cot), ==, "12345678-list-0001");
  g_assert_cmpstr (ewe_gift_get_list_id (mobile), ==, "12345678-list-0001");

  entries = list_outbox (store);
  g_assert_cmpuint (entries->len, ==, 4);
  for (guint i = 0; i < entries->len; i++)
    g_assert_cmpstr (ewe_outbox_entry_get_list_id (g_ptr_array_index (entries, i)), ==, "12345678-list-0001");

  /* Then the user-described product was created on the server. */
  g_assert_cmpint (ewe_outbox_entry_get_kind (g_ptr_array_index (entries, 0)), ==, EWE_OUTBOX_KIND_CREATE_PRODUCT);
  g_assert_cmpstr (ewe_outbox_entry_get_product_id (g_ptr_array_index (entries, 0)), ==, local_product_id);
  complete_entry (store, ewe_outbox_entry_get_id (g_ptr_array_index (entries, 0)), "12345678-notf-0010");
  g_clear_pointer (&entries, g_ptr_array_unref);

  g_assert_cmpstr (ewe_gift_get_product_id (mobile), ==, "12345678-notf-0010");
  entries = list_outbox (store);
  g_assert_cmpstr (ewe_outbox_entry_get_product_id (g_ptr_array_index (entries, 0)), ==, "12345678-notf-0010");
  g_assert_cmpstr (ewe_outbox_entry_get_product_id (g_ptr_array_index (entries, 2)), ==, "12345678-notf-0010");

  /* An edit queued with the old id still finds its row. */
  g_assert_true (update_gift (store, mobile, 3, NULL, &error));
  g_assert_no_error (error);

  /* What was rewritten is on disk. */
  g_clear_object (&store);
  reopened = open_store (path);
  found = ewe_store_lookup_list (reopened, "12345678-list-0001");
  g_assert_nonnull (found);
  reopened_gifts = load_gifts (reopened, found);
  g_assert_cmpuint (g_list_model_get_n_items (reopened_gifts), ==, 2);
  {
    g_autoptr(EweGift) g = g_list_model_get_item (reopened_gifts, 0);

    g_assert_cmpstr (ewe_gift_get_product_id (g), ==, "12345678-notf-0010");
    g_assert_cmpint (ewe_gift_get_quantity (g), ==, 3);
  }
}

static void
test_merge (void)
{
  g_autofree char *path = store_path ();
  g_autoptr(EweStore) store = open_store (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(EweList) list = create_list (store, "Birthday", &error);
  g_autoptr(GListModel) gifts = load_gifts (store, list);
  g_autoptr(EweGift) cot = add_gift (store, list, "prod-cot", EWE_PRODUCT_TYPE_CATALOGUE, 3, &error);
  g_autoptr(EweGift) hat = add_gift (store, list, "prod-hat", EWE_PRODUCT_TYPE_CATALOGUE, 1, &error);
  g_autoptr(GPtrArray) server_gifts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(EweList) server_list = NULL;
  EweGift *server_cot;
  EweGift *server_book;

  complete_entry (store, 1, "srv-list");
  complete_all (store);

  server_list = ewe_list_copy (list);
  ewe_list_set_title (server_list, "Birthday (edited on the web)");
  server_cot = ewe_gift_copy (cot);
  ewe_gift_set_reserved (server_cot, 2);
  ewe_gift_set_purchased (server_cot, 1);
  ewe_gift_set_brand (server_cot, NULL); /* not sent: keep ours */
  g_ptr_array_add (server_gifts, server_cot);
  server_book = ewe_gift_new ();
  ewe_gift_set_product_id (server_book, "prod-book");
  ewe_gift_set_quantity (server_book, 1);
  g_ptr_array_add (server_gifts, server_book);

  g_signal_connect (gifts, "items-changed", G_CALLBACK (items_changed_cb), log);
  g_assert_true (merge_list (store, server_list, server_gifts));

  /* Same objects, new values; the hat the server dropped is gone and the
   * book it added is there. */
  g_assert_cmpstr (ewe_list_get_title (list), ==, "Birthday (edited on the web)");
  g_assert_cmpint (ewe_gift_get_reserved (cot), ==, 2);
  g_assert_cmpint (ewe_gift_get_purchased (cot), ==, 1);
  g_assert_cmpstr (ewe_gift_get_brand (cot), ==, "Acme");
  assert_log (log, "1:1:0 1:0:1");
  g_assert_cmpuint (ewe_store_get_outbox_length (store), ==, 0);
  (void)hat;

  /* Guests took 3: the owner cannot go below that, nor remove it. */
  g_assert_false (update_gift (store, cot, 2, NULL, &error));
  g_assert_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (remove_gift (store, cot, &error));
  g_assert_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* A local edit waiting in the outbox wins over the pulled value; the
   * reservation counts still come from the server. */
  g_assert_true (update_gift (store, cot, 5, "Any colour", &error));
  ewe_gift_set_quantity (server_cot, 4);
  ewe_gift_set_reserved (server_cot, 3);
  g_assert_true (merge_list (store, server_list, server_gifts));
  g_assert_cmpint (ewe_gift_get_quantity (cot), ==, 5);
  g_assert_cmpstr (ewe_gift_get_notes (cot), ==, "Any colour");
  g_assert_cmpint (ewe_gift_get_reserved (cot), ==, 3);
}

typedef struct
{
  guint count;
  char *fields;
  char *their_title;
} Conflicts;

static void
conflict_cb (EweStore  *store,
             EweList   *list,
             EweList   *theirs,
             GStrv      fields,
             Conflicts *seen)
{
  seen->count++;
  g_free (seen->fields);
  g_free (seen->their_title);
  seen->fields = g_strjoinv (",", fields);
  seen->their_title = g_strdup (ewe_list_get_title (theirs));
}

static gboolean
update_list (EweStore *store,
             EweList  *list,
             EweList  *values)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ewe_store_update_list_async (store, list, values, NULL, got_result_cb, &result);
  wait_for (&result);
  ok = ewe_store_update_list_finish (store, result, &error);
  g_assert_no_error (error);

  return ok;
}

/* A pulled copy of a list with edits waiting here: a three-way merge
 * against the copy last synced, which the waiting update then carries. */
static void
test_merge_pending_edits (void)
{
  g_autofree char *path = store_path ();
  g_autoptr(EweStore) store = open_store (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(EweList) list = create_list (store, "Birthday", &error);
  g_autoptr(EweList) mine = NULL;
  g_autoptr(EweList) theirs = NULL;
  g_autoptr(EweList) sent = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) no_gifts = g_ptr_array_new ();
  Conflicts seen = { 0 };

  g_signal_connect (store, "conflict", G_CALLBACK (conflict_cb), &seen);
  complete_entry (store, 1, "srv-list");

  /* Here: a new title and occasion. There: a new title and description. */
  mine = ewe_list_copy (list);
  ewe_list_set_title (mine, "Birthday party");
  ewe_list_set_occasion (mine, "Christmas");
  g_assert_true (update_list (store, list, mine));
  theirs = ewe_list_copy (list);
  ewe_list_set_title (theirs, "Birthday (web)");
  ewe_list_set_occasion (theirs, "Birthday");
  ewe_list_set_description (theirs, "Written on the web");
  g_assert_true (merge_list (store, theirs, no_gifts));

  g_assert_cmpuint (seen.count, ==, 1);
  g_assert_cmpstr (seen.fields, ==, "title");
  g_assert_cmpstr (seen.their_title, ==, "Birthday (web)");
  g_assert_cmpstr (ewe_list_get_title (list), ==, "Birthday party");
  g_assert_cmpstr (ewe_list_get_occasion (list), ==, "Christmas");
  g_assert_cmpstr (ewe_list_get_description (list), ==, "Written on the web");

  /* The waiting update now carries their description, or sending it would
   * undo it on the server. */
  entries = list_outbox (store);
  g_assert_cmpuint (entries->len, ==, 1);
  sent = ewe_codec_decode_list_request (ewe_outbox_entry_get_payload (g_ptr_array_index (entries, 0)), -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ewe_list_get_title (sent), ==, "Birthday party");
  g_assert_cmpstr (ewe_list_get_occasion (sent), ==, "Christmas");
  g_assert_cmpstr (ewe_list_get_description (sent), ==, "Written on the web");

  /* The same copy pulled again is nothing new: no second conflict. */
  g_assert_true (merge_list (store, theirs, no_gifts));
  g_assert_cmpuint (seen.count, ==, 1);

  /* Once sent, what we sent is the base: their later edit of another
   * field is simply taken. */
  complete_all (store);
  g_clear_object (&theirs);
  theirs = ewe_list_copy (list);
  ewe_list_set_event_date (theirs, "2027-01-31");
  g_assert_true (merge_list (store, theirs, no_gifts));
  g_assert_cmpstr (ewe_list_get_event_date (list), ==, "2027-01-31");
  g_assert_cmpuint (seen.count, ==, 1);

  g_free (seen.fields);
  g_free (seen.their_title);
}

typedef struct
{
  guint count;
  char *fields;
  int   their_quantity;
} GiftConflicts;

static void
gift_conflict_cb (EweStore      *store,
                  EweGift       *gift,
                  EweGift       *theirs,
                  GStrv          fields,
                  GiftConflicts *seen)
{
  seen->count++;
  g_free (seen->fields);
  seen->fields = g_strjoinv (",", fields);
  seen->their_quantity = ewe_gift_get_quantity (theirs);
}

/* The same for a gift's quantity and notes. */
static void
test_merge_pending_gift_edits (void)
{
  g_autofree char *path = store_path ();
  g_autoptr(EweStore) store = open_store (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(EweList) list = create_list (store, "Birthday", &error);
  g_autoptr(GListModel) gifts = load_gifts (store, list);
  g_autoptr(EweGift) cot = add_gift (store, list, "prod-cot", EWE_PRODUCT_TYPE_CATALOGUE, 3, &error);
  g_autoptr(GPtrArray) server_gifts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(EweGift) sent = NULL;
  EweGift      *theirs;
  GiftConflicts seen = { 0 };

  g_signal_connect (store, "gift-conflict", G_CALLBACK (gift_conflict_cb), &seen);
  complete_entry (store, 1, "srv-list");
  complete_all (store);

  /* Here: 4 wanted. There: 5 wanted, and a note. */
  g_assert_true (update_gift (store, cot, 4, NULL, &error));
  g_assert_no_error (error);
  theirs = ewe_gift_copy (cot);
  ewe_gift_set_quantity (theirs, 5);
  ewe_gift_set_notes (theirs, "The grey one");
  g_ptr_array_add (server_gifts, theirs);
  g_assert_true (merge_list (store, list, server_gifts));

  g_assert_cmpuint (seen.count, ==, 1);
  g_assert_cmpstr (seen.fields, ==, "quantity");
  g_assert_cmpint (seen.their_quantity, ==, 5);
  g_assert_cmpint (ewe_gift_get_quantity (cot), ==, 4);
  g_assert_cmpstr (ewe_gift_get_notes (cot), ==, "The grey one");

  entries = list_outbox (store);
  g_assert_cmpuint (entries->len, ==, 1);
  sent = ewe_codec_decode_gift_request (ewe_outbox_entry_get_payload (g_ptr_array_index (entries, 0)), -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ewe_gift_get_quantity (sent), ==, 4);
  g_assert_cmpstr (ewe_gift_get_notes (sent), ==, "The grey one");

  /* Pulled again: nothing new. Sent: what we sent is the base, and their
   * next change of the notes alone is simply taken. */
  g_assert_true (merge_list (store, list, server_gifts));
  g_assert_cmpuint (seen.count, ==, 1);
  complete_all (store);
  ewe_gift_set_quantity (theirs, 4);
  ewe_gift_set_notes (theirs, "Any colour");
  g_assert_true (merge_list (store, list, server_gifts));
  g_assert_cmpstr (ewe_gift_get_notes (cot), ==, "Any colour");
  g_assert_cmpuint (seen.count, ==, 1);

  g_free (seen.fields);
}

static gboolean
take_theirs (EweStore           *store,
             gpointer            ours,
             gpointer            theirs,
             const char * const *fields,
             GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ewe_store_take_theirs_async (store, ours, theirs, fields, NULL, got_result_cb, &result);
  wait_for (&result);

  return ewe_store_take_theirs_finish (store, result, error);
}

static EweList *
find_list (EweStore   *store,
           const char *list_id)
{
  GListModel *lists = ewe_store_get_lists (store);

  for (guint i = 0; i < g_list_model_get_n_items (lists); i++)
    {
      g_autoptr(EweList) list = g_list_model_get_item (lists, i);

      if (g_strcmp0 (ewe_list_get_id (list), list_id) == 0)
        return g_steal_pointer (&list);
    }

  return NULL;
}

/* "Use Theirs" after a conflict is one store call: the clashing fields
 * become the other device's, in the file and in what is sent, and a field
 * edited here since the conflict is kept. */
static void
test_take_theirs (void)
{
  static const char * const title[] = { "title", NULL };
  static const char * const quantity[] = { "quantity", NULL };
  g_autofree char          *path = store_path ();
  g_autoptr(EweStore) store = open_store (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(EweList) list = create_list (store, "Birthday", &error);
  g_autoptr(GListModel) gifts = load_gifts (store, list);
  g_autoptr(EweGift) cot = NULL;
  g_autoptr(EweList) mine = NULL;
  g_autoptr(EweList) theirs = NULL;
  g_autoptr(EweList) blank = NULL;
  g_autoptr(EweList) reopened = NULL;
  g_autoptr(EweList) sent = NULL;
  g_autoptr(EweGift) their_cot = NULL;
  g_autoptr(EweGift) sent_gift = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) no_gifts = g_ptr_array_new ();
  g_autoptr(GListModel) reopened_gifts = NULL;
  g_autoptr(EweGift) reopened_cot = NULL;
  EweList *lost;

  complete_entry (store, 1, "srv-list");
  complete_all (store);

  /* A title edited here and there; then the occasion, here. */
  mine = ewe_list_copy (list);
  ewe_list_set_title (mine, "Birthday party");
  g_assert_true (update_list (store, list, mine));
  theirs = ewe_list_copy (list);
  ewe_list_set_title (theirs, "Birthday (web)");
  g_assert_true (merge_list (store, theirs, no_gifts));
  g_assert_cmpstr (ewe_list_get_title (list), ==, "Birthday party");
  g_clear_object (&mine);
  mine = ewe_list_copy (list);
  ewe_list_set_occasion (mine, "Christmas");
  g_assert_true (update_list (store, list, mine));

  /* Theirs with no title would be refused as the user's own edit is. */
  blank = ewe_list_copy (theirs);
  ewe_list_set_title (blank, " ");
  g_assert_false (take_theirs (store, list, blank, title, &error));
  g_assert_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpstr (ewe_list_get_title (list), ==, "Birthday party");

  g_assert_true (take_theirs (store, list, theirs, title, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ewe_list_get_title (list), ==, "Birthday (web)");
  g_assert_cmpstr (ewe_list_get_occasion (list), ==, "Christmas");

  entries = list_outbox (store);
  g_assert_cmpuint (entries->len, >=, 1);
  sent = ewe_codec_decode_list_request (ewe_outbox_entry_get_payload (g_ptr_array_index (entries, entries->len - 1)),
                                        -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ewe_list_get_title (sent), ==, "Birthday (web)");
  g_assert_cmpstr (ewe_list_get_occasion (sent), ==, "Christmas");
  complete_all (store);

  /* A quantity edited here and there; notes kept as they are here. */
  cot = add_gift (store, list, "prod-cot", EWE_PRODUCT_TYPE_CATALOGUE, 3, &error);
  g_assert_no_error (error);
  complete_all (store);
  g_assert_true (update_gift (store, cot, 4, "Grey, please", &error));
  their_cot = ewe_gift_copy (cot);
  ewe_gift_set_quantity (their_cot, 5);
  ewe_gift_set_notes (their_cot, "Grey, please");
  {
    g_autoptr(GPtrArray) server_gifts = g_ptr_array_new ();

    g_ptr_array_add (server_gifts, their_cot);
    g_assert_true (merge_list (store, list, server_gifts));
  }
  g_assert_cmpint (ewe_gift_get_quantity (cot), ==, 4);
  g_assert_true (update_gift (store, cot, 4, "Any colour", &error));

  g_assert_true (take_theirs (store, cot, their_cot, quantity, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ewe_gift_get_quantity (cot), ==, 5);
  g_assert_cmpstr (ewe_gift_get_notes (cot), ==, "Any colour");

  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = list_outbox (store);
  sent_gift = ewe_codec_decode_gift_request (ewe_outbox_entry_get_payload (g_ptr_array_index (entries, entries->len - 1)),
                                             -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ewe_gift_get_quantity (sent_gift), ==, 5);
  g_assert_cmpstr (ewe_gift_get_notes (sent_gift), ==, "Any colour");

  /* What the file says, read afresh. */
  g_clear_object (&gifts);
  g_clear_object (&cot);
  g_clear_object (&list);
  g_clear_object (&store);
  store = open_store (path);
  reopened = find_list (store, "srv-list");
  g_assert_nonnull (reopened);
  g_assert_cmpstr (ewe_list_get_title (reopened), ==, "Birthday (web)");
  g_assert_cmpstr (ewe_list_get_occasion (reopened), ==, "Christmas");
  reopened_gifts = load_gifts (store, reopened);
  g_assert_cmpuint (g_list_model_get_n_items (reopened_gifts), ==, 1);
  reopened_cot = g_list_model_get_item (reopened_gifts, 0);
  g_assert_cmpint (ewe_gift_get_quantity (reopened_cot), ==, 5);

  /* Gone from the store since: NOT_FOUND, which the toast shows. */
  g_assert_true (remove_gift (store, reopened_cot, &error));
  g_assert_false (take_theirs (store, reopened_cot, their_cot, quantity, &error));
  g_assert_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  lost = ewe_list_copy (reopened);
  ewe_list_set_id (lost, "srv-gone");
  g_assert_false (take_theirs (store, lost, theirs, title, &error));
  g_assert_nonnull (error);
  g_object_unref (lost);
}

static void
test_prune_lists (void)
{
  g_autofree char *path = store_path ();
  g_autoptr(EweStore) store = open_store (path);
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(EweList) gone = create_list (store, "Deleted on the web", &error);
  g_autoptr(EweList) kept = create_list (store, "Still there", &error);
  g_autoptr(EweList) edited = create_list (store, "Edited here", &error);
  g_autoptr(EweList) values = ewe_list_new ();
  g_autoptr(EweList) draft = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  const char * const server_ids[] = { "srv-kept", NULL };
  GListModel        *lists = ewe_store_get_lists (store);

  complete_entry (store, 1, "srv-gone");
  complete_entry (store, 2, "srv-kept");
  complete_entry (store, 3, "srv-edited");
  g_assert_cmpuint (ewe_store_get_outbox_length (store), ==, 0);

  /* An edit not sent yet, and a draft the server never saw. */
  ewe_list_set_title (values, "Edited here, not sent");
  ewe_store_update_list_async (store, edited, values, NULL, got_result_cb, &result);
  wait_for (&result);
  g_assert_true (ewe_store_update_list_finish (store, result, &error));
  g_clear_object (&result);
  draft = create_list (store, "Draft", &error);

  g_signal_connect (lists, "items-changed", G_CALLBACK (items_changed_cb), log);
  ewe_store_prune_lists_async (store, server_ids, NULL, got_result_cb, &result);
  wait_for (&result);
  g_assert_true (ewe_store_prune_lists_finish (store, result, &error));
  g_assert_no_error (error);

  assert_log (log, "0:1:0");
  g_assert_null (ewe_store_lookup_list (store, "srv-gone"));
  g_assert_true (ewe_store_lookup_list (store, "srv-kept") == kept);
  g_assert_true (ewe_store_lookup_list (store, "srv-edited") == edited);
  g_assert_true (ewe_store_lookup_list (store, ewe_list_get_id (draft)) == draft);
  g_assert_cmpuint (g_list_model_get_n_items (lists), ==, 3);

  /* The server knew: nothing to send. */
  assert_kinds (store, "update-list create-list");
  (void)gone;
}

static gboolean
import_drafts (EweStore   *store,
               const char *drafts_path)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ewe_store_import_drafts_async (store, drafts_path, NULL, got_result_cb, &result);
  wait_for (&result);
  ok = ewe_store_import_drafts_finish (store, result, &error);
  g_assert_no_error (error);

  return ok;
}

static void
test_import_drafts (void)
{
  g_autofree char *drafts_path = g_build_filename (g_get_user_data_dir (), "ewelists", "drafts.sqlite", NULL);
  g_autofree char *account_path = store_path ();
  g_autoptr(EweStore) drafts = open_store (drafts_path);
  g_autoptr(EweStore) account = NULL;
  g_autoptr(EweStore) emptied = NULL;
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) draft_entries = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) gifts = NULL;
  g_autofree char *first_id = NULL;
  EweList         *imported;

  /* Drafted while signed out. */
  {
    g_autoptr(EweList) a = create_list (drafts, "Drafted birthday", &error);
    g_autoptr(EweList) b = create_list (drafts, "Drafted wedding", &error);
    g_autoptr(EweGift) g1 = add_gift (drafts, a, "prod-1", EWE_PRODUCT_TYPE_CATALOGUE, 2, &error);
    g_autoptr(EweGift) g2 = add_gift (drafts, a, NULL, EWE_PRODUCT_TYPE_NOTFOUND, 1, &error);
    g_autoptr(EweGift) g3 = add_gift (drafts, b, "prod-3", EWE_PRODUCT_TYPE_CATALOGUE, 1, &error);

    g_assert_no_error (error);
    first_id = g_strdup (ewe_list_get_id (a));
  }
  draft_entries = list_outbox (drafts);
  g_clear_object (&drafts);

  /* The account already has a list of its own. */
  account = open_store (account_path);
  {
    g_autoptr(EweList) own = create_list (account, "Account's own", &error);

    complete_entry (account, 1, "srv-own");
  }

  g_signal_connect (ewe_store_get_lists (account), "items-changed", G_CALLBACK (items_changed_cb), log);
  g_assert_true (import_drafts (account, drafts_path));
  assert_log (log, "1:0:1 2:0:1");

  imported = ewe_store_lookup_list (account, first_id);
  g_assert_nonnull (imported);
  g_assert_cmpstr (ewe_list_get_title (imported), ==, "Drafted birthday");
  gifts = load_gifts (account, imported);
  g_assert_cmpuint (g_list_model_get_n_items (gifts), ==, 2);

  /* The same entries, in the same order, with the same keys. */
  entries = list_outbox (account);
  g_assert_cmpuint (entries->len, ==, draft_entries->len);
  for (guint i = 0; i < entries->len; i++)
    {
      EweOutboxEntry *here = g_ptr_array_index (entries, i);
      EweOutboxEntry *there = g_ptr_array_index (draft_entries, i);

      g_assert_cmpint (ewe_outbox_entry_get_kind (here), ==, ewe_outbox_entry_get_kind (there));
      g_assert_cmpstr (ewe_outbox_entry_get_idempotency_key (here), ==,
                       ewe_outbox_entry_get_idempotency_key (there));
      g_assert_cmpstr (ewe_outbox_entry_get_payload (here), ==, ewe_outbox_entry_get_payload (there));
    }

  /* The drafts file is empty now, and a second import changes nothing. */
  emptied = open_store (drafts_path);
  g_assert_cmpuint (g_list_model_get_n_items (ewe_store_get_lists (emptied)), ==, 0);
  g_assert_cmpuint (ewe_store_get_outbox_length (emptied), ==, 0);
  g_clear_object (&emptied);
  g_assert_true (import_drafts (account, drafts_path));
  assert_log (log, "");
  g_assert_cmpuint (ewe_store_get_outbox_length (account), ==, draft_entries->len);
}

static GListModel *
load_reservations (EweStore *store,
                   EweList  *list)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *reservations;

  ewe_store_load_reservations_async (store, list, NULL, got_result_cb, &result);
  wait_for (&result);
  reservations = ewe_store_load_reservations_finish (store, result, &error);
  g_assert_no_error (error);

  return reservations;
}

static void
merge_reservations (EweStore  *store,
                    EweList   *list,
                    GPtrArray *reservations)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ewe_store_merge_reservations_async (store, list, reservations, NULL, got_result_cb, &result);
  wait_for (&result);
  g_assert_true (ewe_store_merge_reservations_finish (store, result, &error));
  g_assert_no_error (error);
}

/* A pull as the sync engine does it: the recorded GET /lists/{id} answer
 * decoded, merged, then its reservations. */
static void
test_reservations (void)
{
  g_autofree char *path = store_path ();
  g_autofree char *sample = g_build_filename (EWE_TEST_CORE_SRCDIR, "samples", "list.json", NULL);
  g_autofree char *json = NULL;
  g_autoptr(EweStore) store = open_store (path);
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(EweList) pulled = NULL;
  g_autoptr(GPtrArray) gifts = NULL;
  g_autoptr(GPtrArray) reservations = NULL;
  g_autoptr(GListModel) model = NULL;
  g_autoptr(GListModel) gift_model = NULL;
  g_autoptr(EweReservation) second = NULL;
  g_autoptr(EweReservation) third = NULL;
  g_autoptr(EweStore) reopened = NULL;
  g_autoptr(GListModel) reopened_model = NULL;
  EweList *list;
  gsize    length;

  g_file_get_contents (sample, &json, &length, &error);
  g_assert_no_error (error);
  g_assert_true (ewe_codec_decode_list (json, length, &pulled, &gifts, &reservations, &error));

  g_assert_true (merge_list (store, pulled, gifts));
  merge_reservations (store, pulled, reservations);
  list = ewe_store_lookup_list (store, ewe_list_get_id (pulled));
  g_assert_nonnull (list);
  gift_model = load_gifts (store, list);
  g_assert_cmpuint (g_list_model_get_n_items (gift_model), ==, 6);

  model = load_reservations (store, list);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 6);
  second = g_list_model_get_item (model, 1);
  third = g_list_model_get_item (model, 2);
  g_assert_cmpstr (ewe_reservation_get_name (second), ==, "Test User2");
  g_assert_cmpint (ewe_reservation_get_state (third), ==, EWE_RESERVATION_STATE_RESERVED);

  /* The next pull: the second was cancelled (and left out), the third
   * bought. The same objects, updated; one removal at its position. */
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), log);
  ewe_reservation_set_state (g_ptr_array_index (reservations, 2), EWE_RESERVATION_STATE_PURCHASED);
  g_ptr_array_remove_index (reservations, 1);
  merge_reservations (store, list, reservations);
  assert_log (log, "1:1:0");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 5);
  {
    g_autoptr(EweReservation) now_second = g_list_model_get_item (model, 1);

    g_assert_true (now_second == third);
  }
  g_assert_cmpint (ewe_reservation_get_state (third), ==, EWE_RESERVATION_STATE_PURCHASED);

  /* Only the server speaks about reservations: nothing to send. */
  g_assert_cmpuint (ewe_store_get_outbox_length (store), ==, 0);

  g_clear_object (&model);
  g_clear_object (&gift_model);
  g_clear_object (&store);
  reopened = open_store (path);
  list = ewe_store_lookup_list (reopened, ewe_list_get_id (pulled));
  reopened_model = load_reservations (reopened, list);
  g_assert_cmpuint (g_list_model_get_n_items (reopened_model), ==, 5);
}

static gboolean
count_idle_cb (gpointer data)
{
  guint *count = data;

  (*count)++;
  return G_SOURCE_CONTINUE;
}

/* The main loop keeps turning while the worker is busy, and an edit
 * cancelled before it ran changes nothing. */
static void
test_async_does_not_block (void)
{
  g_autofree char *path = store_path ();
  g_autoptr(EweStore) store = open_store (path);
  g_autoptr(EweList) server_list = ewe_list_new ();
  g_autoptr(GPtrArray) gifts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GAsyncResult) merged = NULL;
  g_autoptr(GAsyncResult) cancelled_result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(EweList) values = ewe_list_new ();
  g_autoptr(EweList) created = NULL;
  guint idles = 0;
  guint idles_at_merge;
  guint source;

  ewe_list_set_id (server_list, "srv-big");
  ewe_list_set_title (server_list, "Big");
  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *pid = g_strdup_printf ("p-%u", i);
      EweGift         *gift = ewe_gift_new ();

      ewe_gift_set_product_id (gift, pid);
      g_ptr_array_add (gifts, gift);
    }

  /* Queue a long merge, then a create whose cancellable is cancelled
   * while it waits behind the merge. */
  ewe_store_merge_list_async (store, server_list, gifts, NULL, got_result_cb, &merged);
  ewe_list_set_title (values, "Never made");
  ewe_store_create_list_async (store, values, cancellable, got_result_cb, &cancelled_result);
  g_cancellable_cancel (cancellable);

  source = g_idle_add (count_idle_cb, &idles);
  wait_for (&merged);
  idles_at_merge = idles;
  wait_for (&cancelled_result);
  g_source_remove (source);

  g_assert_true (ewe_store_merge_list_finish (store, merged, &error));
  g_assert_no_error (error);
  g_test_message ("main loop iterations while merging 5000 gifts: %u", idles_at_merge);
  g_assert_cmpuint (idles_at_merge, >, 0);

  created = ewe_store_create_list_finish (store, cancelled_result, &error);
  g_assert_null (created);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (g_list_model_get_n_items (ewe_store_get_lists (store)), ==, 1);
  g_assert_cmpuint (ewe_store_get_outbox_length (store), ==, 0);
}

/* One sync engine at a time sends the outbox: a claim while another holds
 * it waits, in turn, for the release; a claim given up (its cancellable
 * cancelled) leaves the queue and is never handed the outbox. */
static void
test_outbox_claims (void)
{
  g_autofree char *path = store_path ();
  g_autoptr(EweStore) store = open_store (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) given_up = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GError) error = NULL;
  int a, b, c;

  ewe_store_claim_outbox_async (store, &a, NULL, got_result_cb, &first);
  wait_for (&first);
  g_assert_true (ewe_store_claim_outbox_finish (store, first, &error));
  g_assert_no_error (error);
  g_assert_true (ewe_store_get_outbox_pusher (store) == &a);

  ewe_store_claim_outbox_async (store, &b, cancellable, got_result_cb, &given_up);
  ewe_store_claim_outbox_async (store, &c, NULL, got_result_cb, &second);
  for (guint i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (given_up);
  g_assert_null (second);

  g_cancellable_cancel (cancellable);
  wait_for (&given_up);
  g_assert_false (ewe_store_claim_outbox_finish (store, given_up, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_null (second);
  g_assert_true (ewe_store_get_outbox_pusher (store) == &a);

  ewe_store_release_outbox (store, &a);
  wait_for (&second);
  g_assert_true (ewe_store_claim_outbox_finish (store, second, &error));
  g_assert_no_error (error);
  g_assert_true (ewe_store_get_outbox_pusher (store) == &c);

  ewe_store_release_outbox (store, &c);
  g_assert_null (ewe_store_get_outbox_pusher (store));
}

/* The sync engine commits a batch of answers at once: in order, ids
 * rewritten for the entries later in the same batch, and all or nothing. */
static void
test_complete_batch (void)
{
  g_autofree char *path = store_path ();
  g_autoptr(EweStore) store = open_store (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(EweList) list = create_list (store, "Batch", &error);
  g_autoptr(GListModel) gifts = load_gifts (store, list);
  g_autoptr(EweGift) gift = add_gift (store, list, NULL, EWE_PRODUCT_TYPE_NOTFOUND, 1, &error);
  g_autoptr(EweList) other = create_list (store, "Left alone", &error);
  g_autoptr(GPtrArray) entries = list_outbox (store);
  g_autoptr(GAsyncResult) result = NULL;
  gint64      ids[3];
  const char *server_ids[3] = { "12345678-list-0002", "12345678-notf-0020", NULL };

  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 4);
  g_assert_cmpint (ewe_outbox_entry_get_kind (g_ptr_array_index (entries, 0)), ==, EWE_OUTBOX_KIND_CREATE_LIST);
  g_assert_cmpint (ewe_outbox_entry_get_kind (g_ptr_array_index (entries, 1)), ==, EWE_OUTBOX_KIND_CREATE_PRODUCT);
  g_assert_cmpint (ewe_outbox_entry_get_kind (g_ptr_array_index (entries, 2)), ==, EWE_OUTBOX_KIND_ADD_GIFT);

  /* One unknown entry: nothing of the batch is recorded. */
  ids[0] = ewe_outbox_entry_get_id (g_ptr_array_index (entries, 0));
  ids[1] = ewe_outbox_entry_get_id (g_ptr_array_index (entries, 3)) + 100;
  ids[2] = ewe_outbox_entry_get_id (g_ptr_array_index (entries, 2));
  ewe_store_complete_outbox_entries_async (store, ids, server_ids, 3, NULL, got_result_cb, &result);
  wait_for (&result);
  g_assert_false (ewe_store_complete_outbox_entries_finish (store, result, &error));
  g_assert_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&result);
  g_assert_cmpuint (ewe_store_get_outbox_length (store), ==, 4);
  g_assert_true (ewe_list_is_local (list));

  /* The list, its product and its gift in one commit. */
  for (guint i = 0; i < 3; i++)
    ids[i] = ewe_outbox_entry_get_id (g_ptr_array_index (entries, i));
  ewe_store_complete_outbox_entries_async (store, ids, server_ids, 3, NULL, got_result_cb, &result);
  wait_for (&result);
  g_assert_true (ewe_store_complete_outbox_entries_finish (store, result, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (ewe_store_get_outbox_length (store), ==, 1);
  g_assert_cmpstr (ewe_list_get_id (list), ==, "12345678-list-0002");
  g_assert_cmpstr (ewe_gift_get_list_id (gift), ==, "12345678-list-0002");
  g_assert_cmpstr (ewe_gift_get_product_id (gift), ==, "12345678-notf-0020");
  g_assert_true (ewe_list_is_local (other));

  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = list_outbox (store);
  g_assert_cmpstr (ewe_outbox_entry_get_list_id (g_ptr_array_index (entries, 0)), ==, ewe_list_get_id (other));
}

static int
synchronous_of (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  int           value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA synchronous", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

/* Two windows, or a store still closing beside a new one, may open the
 * same file at once. Each migration step must run once: the second
 * opener waits for the first and finds the steps done, instead of running
 * them again ("table … already exists"). The openers are held at the
 * write lock until all have read the file's version. */
static gpointer
open_in_thread (gpointer data)
{
  GError  *error = NULL;
  sqlite3 *db = ewe_store_db_open (data, &error);

  if (db == NULL)
    return error;

  ewe_sqlite_close (db);
  return NULL;
}

static void
test_concurrent_open_migrates_once (void)
{
  g_autofree char *path = store_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  GThread         *openers[4];
  sqlite3         *holder = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (path, &holder), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (holder, "PRAGMA journal_mode = WAL; BEGIN IMMEDIATE", NULL, NULL, NULL), ==,
                   SQLITE_OK);

  for (guint i = 0; i < G_N_ELEMENTS (openers); i++)
    openers[i] = g_thread_new ("opener", open_in_thread, path);
  /* Time for each to read the version and queue at the lock. */
  g_usleep (300 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (sqlite3_exec (holder, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (holder);

  for (guint i = 0; i < G_N_ELEMENTS (openers); i++)
    {
      g_autoptr(GError) error = g_thread_join (openers[i]);

      g_assert_no_error (error);
    }
}

/* The sync's answers are committed without waiting for the disk, and
 * nothing else is: once they are in, or could not be, the store's next
 * commit (a user's edit) waits for the disk again. */
static void
test_complete_batch_keeps_edits_synced (void)
{
  g_autofree char *path = store_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(EweList) values = ewe_list_new ();
  g_autoptr(EweStoreChanges) changes = ewe_store_changes_new ();
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *local_id = ewe_id_new_local ();
  const char      *server_ids[] = { "12345678-list-0003" };
  sqlite3         *db = ewe_store_db_open (path, &error);
  gint64           id;
  gint64           unknown;

  g_assert_no_error (error);
  g_assert_cmpint (synchronous_of (db), ==, 2 /* FULL */);

  ewe_list_set_id (values, local_id);
  ewe_list_set_title (values, "Kept on the disk");
  g_assert_true (ewe_store_db_create_list (db, values, changes, &error));
  g_assert_no_error (error);
  entries = ewe_store_db_list_outbox (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  id = ewe_outbox_entry_get_id (g_ptr_array_index (entries, 0));

  unknown = id + 100;
  g_assert_false (ewe_store_db_complete_outbox_entries (db, &unknown, server_ids, 1, changes, &error));
  g_assert_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (synchronous_of (db), ==, 2);

  g_assert_true (ewe_store_db_complete_outbox_entries (db, &id, server_ids, 1, changes, &error));
  g_assert_no_error (error);
  g_assert_cmpint (synchronous_of (db), ==, 2);
  g_assert_cmpint (ewe_store_db_count_outbox (db), ==, 0);

  ewe_store_db_close (db);
}

static void
test_outbox_bookkeeping (void)
{
  g_autofree char *path = store_path ();
  g_autoptr(EweStore) store = open_store (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(EweList) list = create_list (store, "Retries", &error);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(EweStore) reopened = NULL;
  EweOutboxEntry *entry;
  gint64          id;

  entries = list_outbox (store);
  id = ewe_outbox_entry_get_id (g_ptr_array_index (entries, 0));
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* The sync engine records each failed attempt and why. */
  for (guint i = 0; i < 2; i++)
    {
      ewe_store_fail_outbox_entry_async (store, id, "Could not connect: Connection refused",
                                         NULL, got_result_cb, &result);
      wait_for (&result);
      g_assert_true (ewe_store_fail_outbox_entry_finish (store, result, &error));
      g_assert_no_error (error);
      g_clear_object (&result);
    }

  g_clear_object (&store);
  reopened = open_store (path);
  entries = list_outbox (reopened);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpint (ewe_outbox_entry_get_attempts (entry), ==, 2);
  g_assert_cmpstr (ewe_outbox_entry_get_last_error (entry), ==, "Could not connect: Connection refused");

  /* Entries that are gone, and ids that are not the server's. */
  ewe_store_fail_outbox_entry_async (reopened, id + 100, "x", NULL, got_result_cb, &result);
  wait_for (&result);
  g_assert_false (ewe_store_fail_outbox_entry_finish (reopened, result, &error));
  g_assert_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&result);

  ewe_store_complete_outbox_entry_async (reopened, id + 100, NULL, NULL, got_result_cb, &result);
  wait_for (&result);
  g_assert_false (ewe_store_complete_outbox_entry_finish (reopened, result, &error));
  g_assert_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&result);

  ewe_store_complete_outbox_entry_async (reopened, id, "local:not-a-server-id", NULL, got_result_cb, &result);
  wait_for (&result);
  g_assert_false (ewe_store_complete_outbox_entry_finish (reopened, result, &error));
  g_assert_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_object (&result);

  ewe_store_rewrite_id_async (reopened, "srv-1", "srv-2", NULL, got_result_cb, &result);
  wait_for (&result);
  g_assert_false (ewe_store_rewrite_id_finish (reopened, result, &error));
  g_assert_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_object (&result);
  g_assert_cmpuint (ewe_store_get_outbox_length (reopened), ==, 1);

  /* A rewrite on its own, as a sync that learnt the id another way. */
  {
    EweList         *live = g_list_model_get_item (ewe_store_get_lists (reopened), 0);
    g_autofree char *local_id = g_strdup (ewe_list_get_id (live));

    g_object_unref (live); /* the model keeps it */
    ewe_store_rewrite_id_async (reopened, local_id, "srv-retries", NULL, got_result_cb, &result);
    wait_for (&result);
    g_assert_true (ewe_store_rewrite_id_finish (reopened, result, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (ewe_list_get_id (live), ==, "srv-retries");
  }
  (void)list;
}

static void
test_pending_flags (void)
{
  g_autofree char *path = store_path ();
  g_autoptr(EweStore) store = open_store (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(EweList) list = create_list (store, "Flags", &error);
  g_autoptr(EweList) values = ewe_list_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(EweStore) reopened = NULL;
  guint notified = 0;

  /* A draft waits to be sent. */
  g_assert_true (ewe_list_get_has_pending_changes (list));
  g_signal_connect_swapped (list, "notify::has-pending-changes", G_CALLBACK (count_cb), &notified);

  complete_all (store);
  g_assert_false (ewe_list_get_has_pending_changes (list));
  g_assert_cmpuint (notified, ==, 1);

  ewe_list_set_title (values, "Flags, renamed");
  ewe_store_update_list_async (store, list, values, NULL, got_result_cb, &result);
  wait_for (&result);
  g_assert_true (ewe_store_update_list_finish (store, result, &error));
  g_assert_true (ewe_list_get_has_pending_changes (list));
  g_assert_cmpuint (notified, ==, 2);

  /* Known again on the next start, by either way of opening. */
  g_clear_object (&store);
  reopened = ewe_store_open_sync (path, &error);
  g_assert_no_error (error);
  {
    g_autoptr(EweList) again = g_list_model_get_item (ewe_store_get_lists (reopened), 0);

    g_assert_true (ewe_list_get_has_pending_changes (again));
  }
  g_clear_object (&reopened);
  reopened = open_store (path);
  {
    g_autoptr(EweList) again = g_list_model_get_item (ewe_store_get_lists (reopened), 0);

    g_assert_true (ewe_list_get_has_pending_changes (again));
    complete_all (reopened);
    g_assert_false (ewe_list_get_has_pending_changes (again));
  }
}

static void
test_reopen_keeps_everything (void)
{
  g_autofree char *path = store_path ();
  g_autoptr(EweStore) store = open_store (path);
  g_autoptr(EweStore) reopened = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) gifts = NULL;
  guint outbox;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *title = g_strdup_printf ("List %u", i);
      g_autoptr(EweList) list = create_list (store, title, &error);

      for (guint j = 0; j < 5; j++)
        {
          g_autofree char *pid = g_strdup_printf ("p-%u-%u", i, j);
          g_autoptr(EweGift) gift = add_gift (store, list, pid, EWE_PRODUCT_TYPE_CATALOGUE, j + 1, &error);

          g_assert_no_error (error);
        }
    }
  outbox = ewe_store_get_outbox_length (store);
  g_assert_cmpuint (outbox, ==, 18);
  g_clear_object (&store);

  reopened = ewe_store_open_sync (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ewe_store_get_outbox_length (reopened), ==, outbox);
  g_assert_cmpuint (g_list_model_get_n_items (ewe_store_get_lists (reopened)), ==, 3);

  {
    g_autoptr(EweList) second = g_list_model_get_item (ewe_store_get_lists (reopened), 1);
    g_autoptr(EweGift) last = NULL;

    g_assert_cmpstr (ewe_list_get_title (second), ==, "List 1");
    g_assert_cmpstr (ewe_list_get_occasion (second), ==, "Birthday");
    gifts = load_gifts (reopened, second);
    g_assert_cmpuint (g_list_model_get_n_items (gifts), ==, 5);
    last = g_list_model_get_item (gifts, 4);
    g_assert_cmpstr (ewe_gift_get_product_id (last), ==, "p-1-4");
    g_assert_cmpint (ewe_gift_get_quantity (last), ==, 5);
    g_assert_cmpstr (ewe_gift_get_brand (last), ==, "Acme");
  }
}

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static void
test_migration_from_v1 (void)
{
  g_autofree char *path = store_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *schema_file = g_build_filename (EWE_TEST_CORE_SRCDIR, "store-schema-v1.sql", NULL);
  g_autofree char *schema = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EweStore) store = NULL;
  g_autoptr(GListModel) gifts = NULL;
  g_autoptr(EweGift) gift = NULL;
  sqlite3      *db = NULL;
  sqlite3_stmt *stmt = NULL;
  EweList      *list;

  /* A file as the first released version left it. */
  g_file_get_contents (schema_file, &schema, NULL, &error);
  g_assert_no_error (error);
  g_mkdir_with_parents (dir, 0700);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_sql (db, schema);
  exec_sql (db, "INSERT INTO lists (id, title, occasion, event_date, state, position) "
                "VALUES ('srv-1', 'Old list', 'Wedding', '01 June 2024', 'open', 1)");
  exec_sql (db, "INSERT INTO gifts (list_id, product_id, product_type, quantity, reserved, purchased, brand, position) "
                "VALUES ('srv-1', 'p-1', 'products', 2, 1, 0, 'Old brand', 1)");
  exec_sql (db, "INSERT INTO outbox (kind, list_id, product_id, payload, idempotency_key, created) "
                "VALUES ('update-gift', 'srv-1', 'p-1', '{\"quantity\":2,\"notes\":\"\"}', 'key-1', 1700000000000000)");
  sqlite3_close (db);

  store = ewe_store_open_sync (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ewe_store_get_outbox_length (store), ==, 1);
  list = ewe_store_lookup_list (store, "srv-1");
  g_assert_nonnull (list);
  g_assert_cmpstr (ewe_list_get_event_date (list), ==, "01 June 2024");

  gifts = load_gifts (store, list);
  gift = g_list_model_get_item (gifts, 0);
  g_assert_cmpstr (ewe_gift_get_brand (gift), ==, "Old brand");
  g_assert_cmpint (ewe_gift_get_reserved (gift), ==, 1);

  /* The upgraded file takes new edits (they use the columns v2 added). */
  g_assert_true (update_gift (store, gift, 4, NULL, &error));
  g_assert_no_error (error);
  assert_kinds (store, "update-gift update-gift");
  g_clear_object (&gifts);
  g_clear_object (&gift);
  g_clear_object (&store);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, ewe_store_get_schema_version ());
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM id_map", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  sqlite3_finalize (stmt);
  /* v4: friends' lists and my reservations, empty, apart from the lists. */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT (SELECT count(*) FROM friend_lists) + "
                                           "(SELECT count(*) FROM friend_gifts) + "
                                           "(SELECT count(*) FROM my_reservations), "
                                           "(SELECT count(*) FROM lists)",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_bad_files (void)
{
  g_autofree char *path = store_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *newer = g_build_filename (dir, "newer.sqlite", NULL);
  g_autofree char *blocker = g_build_filename (dir, "no-such-dir", NULL);
  g_autofree char *unwritable = g_build_filename (blocker, "x", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(EweStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  sqlite3 *db = NULL;

  g_mkdir_with_parents (dir, 0700);
  g_file_set_contents (path, "This is not a database, it is a shopping list.\n", -1, &error);
  g_assert_no_error (error);

  ewe_store_open_async (path, NULL, got_result_cb, &result);
  wait_for (&result);
  store = ewe_store_open_finish (result, &error);
  g_assert_null (store);
  g_assert_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_CORRUPT);
  g_clear_error (&error);

  g_assert_cmpint (sqlite3_open (newer, &db), ==, SQLITE_OK);
  exec_sql (db, "PRAGMA user_version = 999");
  sqlite3_close (db);
  store = ewe_store_open_sync (newer, &error);
  g_assert_null (store);
  g_assert_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_TOO_NEW);
  g_clear_error (&error);

  /* A path whose folder is a file. */
  g_file_set_contents (blocker, "", 0, NULL);
  store = ewe_store_open_sync (unwritable, &error);
  g_assert_null (store);
  g_assert_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_IO);
}

/* The steps an old file needs run in one transaction: a step that fails
 * leaves the file as the last release left it, not half-way upgraded, so
 * the next start tries them all again. */
static void
test_failed_migration_changes_nothing (void)
{
  g_autofree char *path = store_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *schema_file = g_build_filename (EWE_TEST_CORE_SRCDIR, "store-schema-v1.sql", NULL);
  g_autofree char *schema = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EweStore) store = NULL;
  sqlite3      *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_file_get_contents (schema_file, &schema, NULL, &error);
  g_assert_no_error (error);
  g_mkdir_with_parents (dir, 0700);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_sql (db, schema);
  exec_sql (db, "INSERT INTO lists (id, title, occasion, state, position) "
                "VALUES ('srv-1', 'Old list', 'Wedding', 'open', 1)");
  /* A column a later step adds: that step fails. */
  exec_sql (db, "ALTER TABLE lists ADD COLUMN reveal_date TEXT");
  sqlite3_close (db);

  store = ewe_store_open_sync (path, &error);
  g_assert_null (store);
  g_assert_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_IO);

  /* Still the first version, without the tables the second step makes,
   * its list kept. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT (SELECT user_version FROM pragma_user_version), "
                                           "(SELECT count(*) FROM sqlite_master WHERE name = 'id_map'), "
                                           "(SELECT count(*) FROM lists)",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 0);
  g_assert_cmpint (sqlite3_column_int (stmt, 2), ==, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* --- crash safety ------------------------------------------------------ */

/* Runs in a child process: edits as fast as it can, printing the number
 * of each edit once its callback said it was done, until killed. */
static int
run_crash_writer (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EweStore) store = ewe_store_open_sync (path, &error);
  g_autoptr(EweList) list = NULL;
  g_autoptr(GListModel) gifts = NULL;

  g_assert_no_error (error);
  list = create_list (store, "Crash test", &error);
  g_assert_no_error (error);
  gifts = load_gifts (store, list);

  for (guint i = 0;; i++)
    {
      g_autofree char *pid = g_strdup_printf ("p-%u", i);
      g_autoptr(EweGift) gift = add_gift (store, list, pid, EWE_PRODUCT_TYPE_CATALOGUE, 1 + i % 4, &error);

      g_assert_no_error (error);
      if (i % 3 == 2)
        {
          g_assert_true (update_gift (store, gift, 9, "changed", &error));
          g_assert_no_error (error);
        }

      printf ("%u\n", i);
      fflush (stdout);
    }

  return 0;
}

static void
test_crash_safety (void)
{
  g_autofree char *path = store_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(EweStore) store = NULL;
  g_autoptr(GListModel) gifts = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) added = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) updated = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint    acknowledged = 0;
  guint    n_gifts;
  EweList *list;

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                            self_exe, "--crash-writer", path, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));

  /* Let it commit a good number of edits, then kill it mid-stride. */
  while (acknowledged < 60)
    {
      g_autofree char *line = g_data_input_stream_read_line (lines, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);
      acknowledged = (guint)g_ascii_strtoull (line, NULL, 10) + 1;
    }
  g_subprocess_force_exit (child);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_subprocess_get_if_exited (child));

  /* It kept going while we read: take every acknowledgement it wrote
   * before it died. */
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (lines, NULL, NULL, &error);

      g_assert_no_error (error);
      if (line == NULL)
        break;
      acknowledged = (guint)g_ascii_strtoull (line, NULL, 10) + 1;
    }
  g_test_message ("killed after %u acknowledged edits", acknowledged);

  store = ewe_store_open_sync (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (ewe_store_get_lists (store)), ==, 1);
  list = g_list_model_get_item (ewe_store_get_lists (store), 0);
  g_object_unref (list); /* the model keeps it */
  gifts = load_gifts (store, list);
  n_gifts = g_list_model_get_n_items (gifts);

  /* Every acknowledged edit is there; at most the one in flight more. */
  g_assert_cmpuint (n_gifts, >=, acknowledged);
  g_assert_cmpuint (n_gifts, <=, acknowledged + 1);

  /* And every row change has its outbox entry, and no entry is orphaned. */
  entries = list_outbox (store);
  for (guint i = 0; i < entries->len; i++)
    {
      EweOutboxEntry *entry = g_ptr_array_index (entries, i);

      switch (ewe_outbox_entry_get_kind (entry))
        {
        case EWE_OUTBOX_KIND_CREATE_LIST:
          g_assert_cmpuint (i, ==, 0);
          break;

        case EWE_OUTBOX_KIND_ADD_GIFT:
          g_hash_table_add (added, g_strdup (ewe_outbox_entry_get_product_id (entry)));
          break;

        case EWE_OUTBOX_KIND_UPDATE_GIFT:
          g_hash_table_add (updated, g_strdup (ewe_outbox_entry_get_product_id (entry)));
          break;

        case EWE_OUTBOX_KIND_UPDATE_LIST:
        case EWE_OUTBOX_KIND_CLOSE_LIST:
        case EWE_OUTBOX_KIND_DELETE_LIST:
        case EWE_OUTBOX_KIND_CREATE_PRODUCT:
        case EWE_OUTBOX_KIND_REMOVE_GIFT:
        case EWE_OUTBOX_KIND_SET_RECEIVED:
        case EWE_OUTBOX_KIND_SET_THANKED:
        case EWE_OUTBOX_KIND_ARCHIVE_LIST:
        case EWE_OUTBOX_KIND_UNARCHIVE_LIST:
        case EWE_OUTBOX_KIND_SET_REVEAL_DATE:
        default:
          g_assert_not_reached ();
        }
    }

  g_assert_cmpuint (g_hash_table_size (added), ==, n_gifts);
  for (guint i = 0; i < n_gifts; i++)
    {
      g_autoptr(EweGift) gift = g_list_model_get_item (gifts, i);
      const char *pid = ewe_gift_get_product_id (gift);

      g_assert_true (g_hash_table_contains (added, pid));
      /* Quantity 9 exactly when its update committed with its entry. */
      g_assert_cmpint (ewe_gift_get_quantity (gift) == 9, ==, g_hash_table_contains (updated, pid));
    }
}

/* Runs in a child process: merges the same 3,000-gift list again and
 * again, each round with other quantities, printing each finished round,
 * until killed. */
static int
run_crash_merger (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EweStore) store = ewe_store_open_sync (path, &error);
  g_autoptr(EweList) list = ewe_list_new ();

  g_assert_no_error (error);
  ewe_list_set_id (list, "srv-crash");
  ewe_list_set_title (list, "Merged to death");

  for (guint round = 0;; round++)
    {
      g_autoptr(GPtrArray) gifts = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < 3000; i++)
        {
          g_autofree char *pid = g_strdup_printf ("p-%u", i);
          EweGift         *gift = ewe_gift_new ();

          ewe_gift_set_product_id (gift, pid);
          ewe_gift_set_quantity (gift, 1 + round % 7);
          ewe_gift_set_reserved (gift, round % 3);
          g_ptr_array_add (gifts, gift);
        }

      g_assert_true (merge_list (store, list, gifts));
      printf ("%u\n", round);
      fflush (stdout);
    }

  return 0;
}

static void
test_crash_during_merge (void)
{
  g_autofree char *path = store_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(EweStore) store = NULL;
  g_autoptr(GListModel) gifts = NULL;
  g_autoptr(EweGift) first = NULL;
  guint    rounds = 0;
  EweList *list;

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                            self_exe, "--crash-merger", path, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));

  while (rounds < 3)
    {
      g_autofree char *line = g_data_input_stream_read_line (lines, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);
      rounds++;
    }
  g_subprocess_force_exit (child);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);

  /* Whatever round it died in, the list is one whole round: the same
   * quantity and reservations on all 3,000 gifts. */
  store = ewe_store_open_sync (path, &error);
  g_assert_no_error (error);
  list = ewe_store_lookup_list (store, "srv-crash");
  g_assert_nonnull (list);
  gifts = load_gifts (store, list);
  g_assert_cmpuint (g_list_model_get_n_items (gifts), ==, 3000);
  first = g_list_model_get_item (gifts, 0);

  for (guint i = 1; i < 3000; i++)
    {
      g_autoptr(EweGift) gift = g_list_model_get_item (gifts, i);

      g_assert_cmpint (ewe_gift_get_quantity (gift), ==, ewe_gift_get_quantity (first));
      g_assert_cmpint (ewe_gift_get_reserved (gift), ==, ewe_gift_get_reserved (first));
    }
  g_assert_cmpuint (ewe_store_get_outbox_length (store), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--crash-writer"))
    return run_crash_writer (argv[2]);
  if (argc == 3 && g_str_equal (argv[1], "--crash-merger"))
    return run_crash_merger (argv[2]);

  self_exe = g_canonicalize_filename (argv[0], NULL);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/store/crud", test_crud);
  g_test_add_func ("/core/store/outbox-payloads", test_outbox_payloads);
  g_test_add_func ("/core/store/invalid-edits-change-nothing", test_invalid_edits_change_nothing);
  g_test_add_func ("/core/store/models-keep-identity", test_models_keep_identity);
  g_test_add_func ("/core/store/id-rewrite", test_id_rewrite);
  g_test_add_func ("/core/store/merge", test_merge);
  g_test_add_func ("/core/store/merge-pending-edits", test_merge_pending_edits);
  g_test_add_func ("/core/store/merge-pending-gift-edits", test_merge_pending_gift_edits);
  g_test_add_func ("/core/store/take-theirs", test_take_theirs);
  g_test_add_func ("/core/store/prune-lists", test_prune_lists);
  g_test_add_func ("/core/store/import-drafts", test_import_drafts);
  g_test_add_func ("/core/store/reservations", test_reservations);
  g_test_add_func ("/core/store/async-does-not-block", test_async_does_not_block);
  g_test_add_func ("/core/store/outbox-bookkeeping", test_outbox_bookkeeping);
  g_test_add_func ("/core/store/complete-batch", test_complete_batch);
  g_test_add_func ("/core/store/outbox-claims", test_outbox_claims);
  g_test_add_func ("/core/store/complete-batch-keeps-edits-synced", test_complete_batch_keeps_edits_synced);
  g_test_add_func ("/core/store/pending-flags", test_pending_flags);
  g_test_add_func ("/core/store/reopen-keeps-everything", test_reopen_keeps_everything);
  g_test_add_func ("/core/store/migration-from-v1", test_migration_from_v1);
  g_test_add_func ("/core/store/failed-migration-changes-nothing", test_failed_migration_changes_nothing);
  g_test_add_func ("/core/store/concurrent-open-migrates-once", test_concurrent_open_migrates_once);
  g_test_add_func ("/core/store/bad-files", test_bad_files);
  g_test_add_func ("/core/store/crash-safety", test_crash_safety);
  g_test_add_func ("/core/store/crash-during-merge", test_crash_during_merge);

  return g_test_run ();
}
