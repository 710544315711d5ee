/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include "ewe-core.h"

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 GPtrArray  *names)
{
  g_ptr_array_add (names, g_strdup (pspec->name));
}

static void
test_setters_notify_only_changes (void)
{
  g_autoptr(EweGift) gift = ewe_gift_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  g_signal_connect (gift, "notify", G_CALLBACK (count_notify_cb), names);

  ewe_gift_set_quantity (gift, 3);
  ewe_gift_set_quantity (gift, 3);
  ewe_gift_set_notes (gift, "blue");
  ewe_gift_set_notes (gift, "blue");
  ewe_gift_set_product_type (gift, EWE_PRODUCT_TYPE_NOTFOUND);
  g_object_set (gift, "brand", "Acme", "price", NULL, NULL);

  g_assert_cmpuint (names->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "quantity");
  g_assert_cmpstr (g_ptr_array_index (names, 1), ==, "notes");
  g_assert_cmpstr (g_ptr_array_index (names, 2), ==, "product-type");
  g_assert_cmpstr (g_ptr_array_index (names, 3), ==, "brand");
}

static void
test_update_from_keeps_identity (void)
{
  g_autoptr(EweList) live = ewe_list_new ();
  g_autoptr(EweList) incoming = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  ewe_list_set_id (live, "local:1");
  ewe_list_set_title (live, "Birthday");
  ewe_list_set_occasion (live, "Birthday");

  incoming = ewe_list_copy (live);
  g_assert_true (incoming != live);
  g_assert_cmpstr (ewe_list_get_title (incoming), ==, "Birthday");

  ewe_list_set_id (incoming, "server-1");
  ewe_list_set_state (incoming, EWE_LIST_STATE_CLOSED);

  g_signal_connect (live, "notify", G_CALLBACK (count_notify_cb), names);
  g_assert_true (ewe_list_update_from (live, incoming));
  g_assert_false (ewe_list_update_from (live, incoming));

  /* Only what changed is announced; the title was the same. */
  g_assert_cmpuint (names->len, ==, 2);
  g_assert_cmpstr (ewe_list_get_id (live), ==, "server-1");
  g_assert_cmpint (ewe_list_get_state (live), ==, EWE_LIST_STATE_CLOSED);
}

/* Every model copies through one property-driven helper: a copy must carry
 * each field of each type (string, int, enum, int64), and a derived
 * read-only one must not be copied. */
static void
test_copy_keeps_every_field (void)
{
  g_autoptr(EweGift) gift = ewe_gift_new ();
  g_autoptr(EweGift) gift_copy = NULL;
  g_autoptr(EweOutboxEntry) entry = ewe_outbox_entry_new ();
  g_autoptr(EweOutboxEntry) entry_copy = NULL;
  g_autoptr(EweList) list = ewe_list_new ();
  g_autoptr(EweList) list_copy = NULL;

  ewe_gift_set_list_id (gift, "list-1");
  ewe_gift_set_product_type (gift, EWE_PRODUCT_TYPE_NOTFOUND);
  ewe_gift_set_quantity (gift, 4);
  ewe_gift_set_purchased (gift, 2);
  ewe_gift_set_retailer (gift, "Shop");
  gift_copy = ewe_gift_copy (gift);
  g_assert_cmpstr (ewe_gift_get_list_id (gift_copy), ==, "list-1");
  g_assert_cmpint (ewe_gift_get_product_type (gift_copy), ==, EWE_PRODUCT_TYPE_NOTFOUND);
  g_assert_cmpint (ewe_gift_get_quantity (gift_copy), ==, 4);
  g_assert_cmpint (ewe_gift_get_purchased (gift_copy), ==, 2);
  g_assert_cmpstr (ewe_gift_get_retailer (gift_copy), ==, "Shop");
  g_assert_null (ewe_gift_get_notes (gift_copy));

  ewe_outbox_entry_set_kind (entry, EWE_OUTBOX_KIND_ADD_GIFT);
  ewe_outbox_entry_set_created (entry, G_GINT64_CONSTANT (1700000000000000));
  ewe_outbox_entry_set_last_error (entry, "offline");
  entry_copy = ewe_outbox_entry_copy (entry);
  g_assert_cmpint (ewe_outbox_entry_get_kind (entry_copy), ==, EWE_OUTBOX_KIND_ADD_GIFT);
  g_assert_cmpint (ewe_outbox_entry_get_created (entry_copy), ==, G_GINT64_CONSTANT (1700000000000000));
  g_assert_cmpstr (ewe_outbox_entry_get_last_error (entry_copy), ==, "offline");

  /* Whether edits wait to be sent is the store's to say, not the values'. */
  ewe_list_set_title (list, "Wedding");
  ewe_list_set_has_pending_changes (list, TRUE);
  list_copy = ewe_list_copy (list);
  g_assert_cmpstr (ewe_list_get_title (list_copy), ==, "Wedding");
  g_assert_false (ewe_list_get_has_pending_changes (list_copy));
}

static void
test_enums (void)
{
  EweProductType      type = EWE_PRODUCT_TYPE_CATALOGUE;
  EweReservationState state = EWE_RESERVATION_STATE_RESERVED;
  EweListState        list_state = EWE_LIST_STATE_OPEN;

  g_assert_cmpstr (ewe_product_type_to_string (EWE_PRODUCT_TYPE_CATALOGUE), ==, "products");
  g_assert_cmpstr (ewe_product_type_to_string (EWE_PRODUCT_TYPE_NOTFOUND), ==, "notfound");
  g_assert_true (ewe_product_type_from_string ("notfound", &type));
  g_assert_cmpint (type, ==, EWE_PRODUCT_TYPE_NOTFOUND);
  g_assert_false (ewe_product_type_from_string ("catalogue", &type));
  g_assert_false (ewe_product_type_from_string (NULL, &type));
  g_assert_cmpint (type, ==, EWE_PRODUCT_TYPE_NOTFOUND);

  g_assert_true (ewe_reservation_state_from_string ("cancelled", &state));
  g_assert_cmpint (state, ==, EWE_RESERVATION_STATE_CANCELLED);
  g_assert_true (ewe_list_state_from_string ("closed", &list_state));
  g_assert_cmpint (list_state, ==, EWE_LIST_STATE_CLOSED);
  g_assert_true (G_TYPE_IS_ENUM (EWE_TYPE_RESERVATION_STATE));
}

static void
test_local_ids (void)
{
  g_autofree char *a = ewe_id_new_local ();
  g_autofree char *b = ewe_id_new_local ();

  g_assert_true (ewe_id_is_local (a));
  g_assert_cmpstr (a, !=, b);
  g_assert_false (ewe_id_is_local ("12345678-list-0001-1234-abcdefghijkl"));
  g_assert_false (ewe_id_is_local (NULL));
}

static void
test_list_three_way_merge (void)
{
  g_autoptr(EweList) base = ewe_list_new ();
  g_autoptr(EweList) mine = NULL;
  g_autoptr(EweList) theirs = NULL;
  g_autoptr(EweList) merged = NULL;
  g_auto(GStrv) fields = NULL;

  ewe_list_set_title (base, "Wedding");
  ewe_list_set_description (base, NULL);
  mine = ewe_list_copy (base);
  theirs = ewe_list_copy (base);

  /* An empty field is no edit of a missing one. */
  ewe_list_set_description (mine, "");
  g_assert_null (ewe_list_conflicting_fields (base, mine, theirs));

  /* The same new value on both sides is agreement, not conflict. */
  ewe_list_set_title (mine, "Our wedding");
  ewe_list_set_title (theirs, "Our wedding");
  g_assert_null (ewe_list_conflicting_fields (base, mine, theirs));

  ewe_list_set_title (theirs, "The wedding");
  ewe_list_set_event_date (mine, "2027-06-12");
  ewe_list_set_event_date (theirs, "2027-06-19");
  ewe_list_set_occasion (theirs, "wedding");
  fields = ewe_list_conflicting_fields (base, mine, theirs);
  g_assert_nonnull (fields);
  g_assert_cmpstr (fields[0], ==, "title");
  g_assert_cmpstr (fields[1], ==, "event-date");
  g_assert_null (fields[2]);

  merged = ewe_list_merge_edits (base, mine, theirs);
  g_assert_cmpstr (ewe_list_get_title (merged), ==, "Our wedding");
  g_assert_cmpstr (ewe_list_get_event_date (merged), ==, "2027-06-12");
  g_assert_cmpstr (ewe_list_get_occasion (merged), ==, "wedding");
}

static void
test_display_price (void)
{
  g_autoptr(EweGift) gift = ewe_gift_new ();
  /* In the tests' C locale, the English way of writing. */
  struct
  {
    const char *price, *currency, *shown;
  } prices[] = {
    { NULL, NULL, NULL },
    { "", "EUR", NULL },
    { "34.50", NULL, "£34.50" }, /* the original's: pounds */
    { "12", NULL, "£12.00" },
    { "42.00", "EUR", "€42.00" },
    { "1299.00", "USD", "$1,299.00" },
    { "12 €", NULL, "12 €" }, /* written by hand, kept */
    { "US$ 30", NULL, "US$ 30" },
    { "5", "nonsense", "£5.00" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (prices); i++)
    {
      g_autofree char *shown = NULL;

      ewe_gift_set_price (gift, prices[i].price);
      ewe_gift_set_currency (gift, prices[i].currency);
      shown = ewe_gift_dup_display_price (gift);
      g_assert_cmpstr (shown, ==, prices[i].shown);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/models/setters-notify-only-changes", test_setters_notify_only_changes);
  g_test_add_func ("/core/models/update-from-keeps-identity", test_update_from_keeps_identity);
  g_test_add_func ("/core/models/copy-keeps-every-field", test_copy_keeps_every_field);
  g_test_add_func ("/core/models/enums", test_enums);
  g_test_add_func ("/core/models/local-ids", test_local_ids);
  g_test_add_func ("/core/models/list-three-way-merge", test_list_three_way_merge);
  g_test_add_func ("/core/models/display-price", test_display_price);

  return g_test_run ();
}
