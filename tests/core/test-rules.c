/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <glib/gstdio.h>

#include "ewe-codec.h"
#include "ewe-core-test-fixture.h"
#include "ewe-rule-cases.h"
#include "ewe-store.h"
#include "ewe-sync.h"

/* The rules the app and the server share (tests/common/ewe-rule-cases.h),
 * as the offline store applies them: what it takes is saved and queued, so
 * the server must take it too when it syncs — a draft the server refuses
 * is work lost after the fact. Each case is drafted offline; then the
 * drafts sync to a real server, and every one must arrive. */

typedef struct
{
  EweCoreFixture core;
  char          *store_dir;
  char          *store_path;
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  ewe_core_fixture_set_up (&fixture->core, data);
  fixture->store_dir = g_dir_make_tmp ("ewelists-rules-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store_path = g_build_filename (fixture->store_dir, "store.sqlite", NULL);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_autofree char *wal = g_strconcat (fixture->store_path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (fixture->store_path, "-shm", NULL);

  g_remove (fixture->store_path);
  g_remove (wal);
  g_remove (shm);
  g_rmdir (fixture->store_dir);
  g_clear_pointer (&fixture->store_dir, g_free);
  g_clear_pointer (&fixture->store_path, g_free);
  ewe_core_fixture_tear_down (&fixture->core, data);
}

static EweList *
draft_list (EweStore *store)
{
  g_autoptr(EweList) values = ewe_list_new ();
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  EweList *list;

  ewe_list_set_title (values, "Rules");
  ewe_list_set_occasion (values, "Birthday");
  ewe_store_create_list_async (store, values, NULL, ewe_test_waiter_cb, &waiter);
  list = ewe_store_create_list_finish (store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);

  return list;
}

static EweGift *
draft_gift (EweStore   *store,
            EweList    *list,
            const char *name,
            const char *brand,
            const char *product_url,
            const char *image_url,
            gint64      quantity,
            GError    **error)
{
  g_autoptr(EweGift) values = ewe_gift_new ();
  g_auto(EweTestWaiter) waiter = { 0 };

  ewe_gift_set_product_type (values, EWE_PRODUCT_TYPE_NOTFOUND);
  ewe_gift_set_details (values, name);
  ewe_gift_set_brand (values, brand);
  ewe_gift_set_product_url (values, product_url);
  ewe_gift_set_image_url (values, image_url);
  ewe_gift_set_quantity (values, (int)CLAMP (quantity, G_MININT, G_MAXINT));

  ewe_store_add_gift_async (store, list, values, NULL, ewe_test_waiter_cb, &waiter);
  return ewe_store_add_gift_finish (store, ewe_test_waiter_wait (&waiter), error);
}

static EweApiClient *
sync_everything (Fixture  *fixture,
                 EweStore *store)
{
  g_autoptr(EweAccount) account = ewe_core_fixture_new_user (&fixture->core, "rules");
  g_autoptr(EweApiClient) client = ewe_api_client_new_for_server (account, fixture->core.server->base_url);
  g_autoptr(EweSync) sync = ewe_sync_new (store, client);
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;

  ewe_sync_run_async (sync, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_sync_run_finish (sync, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
  g_assert_null (ewe_sync_get_last_error (sync));
  g_assert_cmpuint (ewe_store_get_outbox_length (store), ==, 0);

  return g_steal_pointer (&client);
}

static void
test_quantities (Fixture      *fixture,
                 gconstpointer data)
{
  g_autoptr(EweStore) store = ewe_store_open_sync (fixture->store_path, NULL);
  g_autoptr(EweList) list = draft_list (store);
  g_autoptr(EweGift) changed = draft_gift (store, list, "Changed", NULL, NULL, NULL, 1, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (ewe_rule_quantity_cases); i++)
    {
      const EweRuleQuantityCase *c = &ewe_rule_quantity_cases[i];
      g_autofree char           *name = g_strdup_printf ("Nappies ×%" G_GINT64_FORMAT, c->quantity);
      g_autoptr(EweGift) gift = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(EweTestWaiter) waiter = { 0 };
      gboolean updated;

      g_test_message ("quantity %" G_GINT64_FORMAT, c->quantity);
      /* A gift's values cannot even hold fewer than one. */
      if (c->quantity >= 1)
        {
          gift = draft_gift (store, list, name, NULL, NULL, NULL, c->quantity, &error);
          g_assert_cmpint (gift != NULL, ==, c->accepted);
          if (gift == NULL)
            g_assert_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID);
          g_clear_error (&error);
        }

      /* Changing a gift's quantity follows the same rule. */
      ewe_store_update_gift_async (store, changed, (int)CLAMP (c->quantity, G_MININT, G_MAXINT), NULL,
                                   NULL, ewe_test_waiter_cb, &waiter);
      updated = ewe_store_update_gift_finish (store, ewe_test_waiter_wait (&waiter), &error);
      g_assert_cmpint (updated, ==, c->accepted);
    }

  g_clear_object (&changed);
  g_object_unref (sync_everything (fixture, store));
}

static void
test_typed_in_gifts (Fixture      *fixture,
                     gconstpointer data)
{
  g_autoptr(EweStore) store = ewe_store_open_sync (fixture->store_path, NULL);
  g_autoptr(EweList) list = draft_list (store);

  for (guint i = 0; i < G_N_ELEMENTS (ewe_rule_gift_cases); i++)
    {
      const EweRuleGiftCase *c = &ewe_rule_gift_cases[i];
      g_autoptr(EweGift) gift = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("gift “%s” <%s> <%s>", c->name, c->product_url, c->image_url);
      gift = draft_gift (store, list, c->name, c->brand, c->product_url, c->image_url, 1, &error);
      g_assert_cmpint (gift != NULL, ==, c->accepted);
      if (gift == NULL)
        {
          g_assert_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID);
          g_assert_cmpstr (error->message, !=, "");
        }
    }

  g_object_unref (sync_everything (fixture, store));
}

/* A typed price keeps the currency it names, or the user's (pounds in the
 * tests' C locale); text that is no price stays as typed. The server gets
 * the same, and the price reads the same after a restart. */
static void
test_typed_prices (Fixture      *fixture,
                   gconstpointer data)
{
  static const struct
  {
    const char *typed, *price, *currency, *shown;
  } cases[] = {
    { "42,00 €", "42.00", "EUR", "€42.00" },
    { "USD 1,299", "1299.00", "USD", "$1,299.00" },
    { "59.99", "59.99", "GBP", "£59.99" },
    { "about 30", "about 30", NULL, "about 30" },
  };
  g_autoptr(EweStore) store = ewe_store_open_sync (fixture->store_path, NULL);
  g_autoptr(EweList) list = draft_list (store);
  g_autoptr(EweApiClient) client = NULL;
  g_autoptr(GListModel) gifts = NULL;

  /* Loaded first, so that the gifts added are the live objects, which
   * follow their products to the server's ids. */
  {
    g_auto(EweTestWaiter) waiter = { 0 };

    ewe_store_load_gifts_async (store, list, NULL, ewe_test_waiter_cb, &waiter);
    gifts = ewe_store_load_gifts_finish (store, ewe_test_waiter_wait (&waiter), NULL);
    g_assert_nonnull (gifts);
  }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(EweGift) values = ewe_gift_new ();
      g_auto(EweTestWaiter) waiter = { 0 };
      g_autoptr(GError) error = NULL;
      g_autofree char *shown = NULL;
      g_autoptr(EweGift) gift = NULL;

      ewe_gift_set_product_type (values, EWE_PRODUCT_TYPE_NOTFOUND);
      ewe_gift_set_details (values, cases[i].typed);
      ewe_gift_set_price (values, cases[i].typed);
      ewe_gift_set_quantity (values, 1);
      ewe_store_add_gift_async (store, list, values, NULL, ewe_test_waiter_cb, &waiter);
      gift = ewe_store_add_gift_finish (store, ewe_test_waiter_wait (&waiter), &error);
      g_assert_no_error (error);

      g_assert_cmpstr (ewe_gift_get_price (gift), ==, cases[i].price);
      g_assert_cmpstr (ewe_gift_get_currency (gift), ==, cases[i].currency);
      shown = ewe_gift_dup_display_price (gift);
      g_assert_cmpstr (shown, ==, cases[i].shown);
    }

  client = sync_everything (fixture, store);

  g_assert_cmpuint (g_list_model_get_n_items (gifts), ==, G_N_ELEMENTS (cases));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(EweGift) gift = g_list_model_get_item (gifts, i);
      const char *args[] = { ewe_gift_get_product_id (gift), NULL };
      g_auto(EweTestWaiter) waiter = { 0 };
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) answer = NULL;
      g_autoptr(EweGift) product = NULL;

      g_assert_false (ewe_id_is_local (args[0]));
      ewe_api_client_call_async (client, EWE_API_GET_NOTFOUND, args, NULL, NULL, NULL, ewe_test_waiter_cb, &waiter);
      answer = ewe_api_client_call_finish (client, ewe_test_waiter_wait (&waiter), &error);
      g_assert_no_error (error);
      product = ewe_codec_decode_product (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer),
                                          EWE_PRODUCT_TYPE_NOTFOUND, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (ewe_gift_get_price (product), ==, cases[i].price);
      g_assert_cmpstr (ewe_gift_get_currency (product), ==, cases[i].currency);
    }

  /* After a restart the store has them as they were. */
  g_clear_object (&gifts);
  g_clear_object (&list);
  g_clear_object (&store);
  store = ewe_store_open_sync (fixture->store_path, NULL);
  {
    g_auto(EweTestWaiter) waiter = { 0 };
    g_autoptr(GError) error = NULL;
    g_autoptr(GListModel) loaded = NULL;

    list = g_list_model_get_item (ewe_store_get_lists (store), 0);
    ewe_store_load_gifts_async (store, list, NULL, ewe_test_waiter_cb, &waiter);
    loaded = ewe_store_load_gifts_finish (store, ewe_test_waiter_wait (&waiter), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (loaded), ==, G_N_ELEMENTS (cases));
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(EweGift) gift = g_list_model_get_item (loaded, i);

        g_assert_cmpstr (ewe_gift_get_price (gift), ==, cases[i].price);
        g_assert_cmpstr (ewe_gift_get_currency (gift), ==, cases[i].currency);
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/core/rules/quantities", Fixture, NULL, fixture_set_up, test_quantities, fixture_tear_down);
  g_test_add ("/core/rules/typed-in-gifts", Fixture, NULL, fixture_set_up, test_typed_in_gifts,
              fixture_tear_down);
  g_test_add ("/core/rules/typed-prices", Fixture, NULL, fixture_set_up, test_typed_prices, fixture_tear_down);

  return g_test_run ();
}
