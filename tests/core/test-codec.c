/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include "ewe-core.h"

/* The samples in samples/ are the answers the original Ewelists API gave in
 * its own tests (Lists/tests/test_list.py, test_get_list.py,
 * test_get_shared_list.py, Products/ and NotFound/ test_entities.py),
 * written out as JSON. Each is decoded, encoded again and compared member
 * for member, so a renamed or dropped field fails here. */

static char *
load_sample (const char *name,
             gsize      *length)
{
  g_autofree char *path = g_build_filename (EWE_TEST_CORE_SRCDIR, "samples", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);

  return contents;
}

static void
assert_same_json (const char *expected,
                  const char *actual)
{
  g_autoptr(JsonNode) a = ewe_codec_parse (expected, -1, NULL);
  g_autoptr(JsonNode) b = ewe_codec_parse (actual, -1, NULL);

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  if (!json_node_equal (a, b))
    {
      g_test_message ("expected: %s", expected);
      g_test_message ("actual:   %s", actual);
      g_assert_not_reached ();
    }
}

static void
test_lists_round_trip (void)
{
  gsize            length;
  g_autofree char *json = load_sample ("lists.json", &length);
  g_autoptr(EweUser) user = NULL;
  g_autoptr(GPtrArray) owned = NULL;
  g_autoptr(GPtrArray) closed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *encoded = NULL;
  EweList         *first;

  g_assert_true (ewe_codec_decode_lists (json, length, &user, &owned, &closed, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (ewe_user_get_sub (user), ==, "12345678-user-0001-1234-abcdefghijkl");
  g_assert_cmpstr (ewe_user_get_name (user), ==, "Test User1");
  g_assert_cmpuint (owned->len, ==, 2);
  g_assert_cmpuint (closed->len, ==, 1);

  first = g_ptr_array_index (owned, 0);
  g_assert_cmpstr (ewe_list_get_id (first), ==, "12345678-list-0001-1234-abcdefghijkl");
  g_assert_cmpstr (ewe_list_get_event_date (first), ==, "31 October 2018");
  g_assert_cmpint (ewe_list_get_state (first), ==, EWE_LIST_STATE_OPEN);
  g_assert_false (ewe_list_is_local (first));
  g_assert_null (ewe_list_get_event_date (g_ptr_array_index (owned, 1)));
  g_assert_cmpint (ewe_list_get_state (g_ptr_array_index (closed, 0)), ==, EWE_LIST_STATE_CLOSED);

  encoded = ewe_codec_encode_lists (user, owned, closed);
  assert_same_json (json, encoded);
}

static void
test_list_round_trip (void)
{
  gsize            length;
  g_autofree char *json = load_sample ("list.json", &length);
  g_autoptr(EweList) list = NULL;
  g_autoptr(GPtrArray) gifts = NULL;
  g_autoptr(GPtrArray) reservations = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *encoded = NULL;
  EweGift         *notes_gift = NULL;
  EweReservation  *r;

  g_assert_true (ewe_codec_decode_list (json, length, &list, &gifts, &reservations, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ewe_list_get_title (list), ==, "Child User1 1st Birthday");
  g_assert_cmpuint (gifts->len, ==, 6);
  g_assert_cmpuint (reservations->len, ==, 6);

  for (guint i = 0; i < gifts->len; i++)
    {
      EweGift *gift = g_ptr_array_index (gifts, i);

      g_assert_cmpstr (ewe_gift_get_list_id (gift), ==, ewe_list_get_id (list));
      if (ewe_gift_get_notes (gift) != NULL)
        notes_gift = gift;
      if (g_str_equal (ewe_gift_get_product_id (gift), "12345678-notf-0010-1234-abcdefghijkl"))
        g_assert_cmpint (ewe_gift_get_product_type (gift), ==, EWE_PRODUCT_TYPE_NOTFOUND);
    }
  g_assert_nonnull (notes_gift);
  g_assert_cmpstr (ewe_gift_get_notes (notes_gift), ==, "I would like size medium.");

  r = g_ptr_array_index (reservations, 3);
  g_assert_cmpstr (ewe_reservation_get_user_id (r), ==, "test.user99@gmail.com");
  g_assert_cmpint (ewe_reservation_get_state (g_ptr_array_index (reservations, 4)), ==,
                   EWE_RESERVATION_STATE_PURCHASED);

  encoded = ewe_codec_encode_list (list, gifts, reservations);
  assert_same_json (json, encoded);
}

static void
test_shared_list_round_trip (void)
{
  gsize            length;
  g_autofree char *json = load_sample ("shared-list.json", &length);
  g_autoptr(EweList) list = NULL;
  g_autoptr(GPtrArray) gifts = NULL;
  g_autoptr(GPtrArray) reservations = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *encoded = NULL;

  g_assert_true (ewe_codec_decode_shared_list (json, length, &list, &gifts, &reservations, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gifts->len, ==, 6);
  /* Nested by product, then by guest: 6 reservations in 5 products. */
  g_assert_cmpuint (reservations->len, ==, 6);

  encoded = ewe_codec_encode_shared_list (list, gifts, reservations);
  assert_same_json (json, encoded);

  /* The owner's view and the shared view are not interchangeable. */
  g_clear_error (&error);
  g_assert_false (ewe_codec_decode_list (json, length, NULL, NULL, NULL, &error));
  g_assert_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_SHAPE);
}

static void
test_list_without_date (void)
{
  gsize            length;
  g_autofree char *json = load_sample ("list-no-date.json", &length);
  g_autoptr(EweList) list = NULL;
  g_autoptr(GPtrArray) gifts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *encoded = NULL;
  g_autoptr(GDateTime) none = NULL;

  g_assert_true (ewe_codec_decode_list (json, length, &list, &gifts, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (ewe_list_get_event_date (list));
  none = ewe_list_dup_event_datetime (list);
  g_assert_null (none);
  g_assert_cmpuint (gifts->len, ==, 0);

  encoded = ewe_codec_encode_list (list, gifts, NULL);
  assert_same_json (json, encoded);
}

/* "unlimited" is ours, not the original's: absent (an older server) reads
 * as limited, a non-boolean is an error, and the request bodies carry it. */
static void
test_unlimited_gifts (void)
{
  static const char list_json[] =
    "{\"list\": {\"listId\": \"l\", \"title\": \"T\", \"description\": \"\", \"occasion\": \"\", "
    "\"imageUrl\": \"\", \"listOwner\": \"o\", \"state\": \"open\"}, \"products\": {"
    "\"a\": {\"productId\": \"a\", \"quantity\": 1, \"reserved\": 7, \"purchased\": 2, \"type\": \"products\", "
    "\"unlimited\": true}, "
    "\"b\": {\"productId\": \"b\", \"quantity\": 1, \"reserved\": 0, \"purchased\": 0, \"type\": \"products\"}}, "
    "\"reserved\": []}";
  g_autoptr(EweList) list = NULL;
  g_autoptr(GPtrArray) gifts = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EweGift) decoded = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *add = NULL;
  g_autofree char *update = NULL;
  EweGift         *unlimited = NULL;

  g_assert_true (ewe_codec_decode_list (list_json, -1, &list, &gifts, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gifts->len, ==, 2);
  for (guint i = 0; i < gifts->len; i++)
    if (g_str_equal (ewe_gift_get_product_id (gifts->pdata[i]), "a"))
      unlimited = gifts->pdata[i];
  g_assert_nonnull (unlimited);
  g_assert_true (ewe_gift_get_unlimited (unlimited));
  g_assert_cmpint (ewe_gift_get_reserved (unlimited), ==, 7);
  for (guint i = 0; i < gifts->len; i++)
    if (gifts->pdata[i] != unlimited)
      g_assert_false (ewe_gift_get_unlimited (gifts->pdata[i]));

  add = ewe_codec_encode_add_gift_request (unlimited);
  g_assert_cmpstr (add, ==, "{\"quantity\":1,\"productType\":\"products\",\"unlimited\":true}");
  update = ewe_codec_encode_update_gift_request (unlimited);
  decoded = ewe_codec_decode_gift_request (update, -1, &error);
  g_assert_no_error (error);
  g_assert_true (ewe_gift_get_unlimited (decoded));

  bad = g_strdup (list_json);
  memcpy (strstr (bad, "true"), "1   ", 4);
  g_clear_pointer (&list, g_object_unref);
  g_clear_pointer (&gifts, g_ptr_array_unref);
  g_assert_false (ewe_codec_decode_list (bad, -1, &list, &gifts, NULL, &error));
  g_assert_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_SHAPE);
}

/* The original wrote "None" or "" for a cleared date; the list answer and
 * the list request both read either as no date. */
static void
test_unset_dates_read_as_none (void)
{
  static const char * const unset[] = { "\"None\"", "\"\"", "null" };

  for (guint i = 0; i < G_N_ELEMENTS (unset); i++)
    {
      g_autofree char *request = g_strdup_printf ("{\"title\": \"T\", \"eventDate\": %s}", unset[i]);
      g_autofree char *answer = g_strdup_printf ("{\"listId\": \"l1\", \"title\": \"T\", \"state\": \"open\","
                                                 " \"eventDate\": %s}",
                                                 unset[i]);
      g_autoptr(JsonNode) node = json_from_string (answer, NULL);
      g_autoptr(EweList) from_request = NULL;
      g_autoptr(EweList) from_answer = NULL;
      g_autoptr(GError) error = NULL;

      from_request = ewe_codec_decode_list_request (request, -1, &error);
      g_assert_no_error (error);
      g_assert_null (ewe_list_get_event_date (from_request));

      from_answer = ewe_codec_list_from_json (node, &error);
      g_assert_no_error (error);
      g_assert_null (ewe_list_get_event_date (from_answer));
    }

  g_assert_true (ewe_event_date_is_unset ("None"));
  g_assert_false (ewe_event_date_is_unset ("31 October 2018"));
}

static void
test_products_round_trip (void)
{
  static const struct
  {
    const char    *file;
    EweProductType type;
  } samples[] = {
    { "product.json", EWE_PRODUCT_TYPE_CATALOGUE },
    { "notfound.json", EWE_PRODUCT_TYPE_NOTFOUND },
    { "notfound-full.json", EWE_PRODUCT_TYPE_NOTFOUND },
  };

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      gsize            length;
      g_autofree char *json = load_sample (samples[i].file, &length);
      g_autoptr(GError) error = NULL;
      g_autoptr(EweGift) gift = ewe_codec_decode_product (json, length, samples[i].type, &error);
      g_autofree char *encoded = NULL;

      g_assert_no_error (error);
      g_assert_nonnull (ewe_gift_get_brand (gift));
      g_assert_cmpint (ewe_gift_get_product_type (gift), ==, samples[i].type);
      encoded = ewe_codec_encode_product (gift);
      assert_same_json (json, encoded);
    }
}

static void
test_reservation_round_trip (void)
{
  gsize            length;
  g_autofree char *json = load_sample ("reservation.json", &length);
  g_autoptr(GError) error = NULL;
  g_autoptr(EweReservation) r = ewe_codec_decode_reservation (json, length, &error);
  g_autofree char *encoded = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (ewe_reservation_get_id (r), ==, "12345678-resv-0001-1234-abcdefghijkl");
  g_assert_cmpstr (ewe_reservation_get_list_title (r), ==, "Child User1 1st Birthday");
  g_assert_cmpint (ewe_reservation_get_quantity (r), ==, 1);
  encoded = ewe_codec_encode_reservation (r);
  assert_same_json (json, encoded);
}

/* ewelists-server adds the user's own reservations to GET /lists; the
 * original's answer, without them, reads as none. */
static void
test_my_reservations (void)
{
  gsize            length;
  g_autofree char *json = load_sample ("lists-with-reserved.json", &length);
  g_autofree char *original = load_sample ("lists.json", NULL);
  g_autoptr(GPtrArray) reserved = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) owned = NULL;
  g_autoptr(GError) error = NULL;
  EweReservation *r;

  g_assert_true (ewe_codec_decode_my_reservations (json, length, &reserved, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (reserved->len, ==, 1);
  r = g_ptr_array_index (reserved, 0);
  g_assert_cmpstr (ewe_reservation_get_list_title (r), ==, "Child User2 Christening");
  g_assert_cmpint (ewe_reservation_get_state (r), ==, EWE_RESERVATION_STATE_PURCHASED);
  g_assert_cmpint (ewe_reservation_get_quantity (r), ==, 2);

  /* The lists themselves read the same with or without it. */
  g_assert_true (ewe_codec_decode_lists (json, length, NULL, &owned, NULL, &error));
  g_assert_cmpuint (owned->len, ==, 2);

  g_assert_true (ewe_codec_decode_my_reservations (original, -1, &none, &error));
  g_assert_cmpuint (none->len, ==, 0);

  g_assert_false (ewe_codec_decode_my_reservations ("{\"owned\": [], \"reserved\": {}}", -1, NULL, &error));
  g_assert_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_SHAPE);
  g_clear_error (&error);
  g_assert_false (ewe_codec_decode_my_reservations ("{\"owned\": [], \"reserved\": [{\"reservationId\": 1}]}", -1, NULL, &error));
  g_assert_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_SHAPE);
}

/* Request bodies are compared as strings: the original's update refused a
 * body whose keys were not exactly these, in this order. */
static void
test_request_bodies (void)
{
  g_autoptr(EweList) list = ewe_list_new ();
  g_autoptr(EweList) decoded = NULL;
  g_autoptr(EweGift) gift = ewe_gift_new ();
  g_autoptr(EweGift) decoded_gift = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;

  ewe_list_set_title (list, "Child User1 1st Birthday");
  ewe_list_set_description (list, "A gift list for Child User1 birthday.");
  ewe_list_set_occasion (list, "Birthday");
  ewe_list_set_image_url (list, "/images/celebration-default.jpg");
  body = ewe_codec_encode_list_request (list);
  g_assert_cmpstr (body, ==,
                   "{\"title\":\"Child User1 1st Birthday\","
                   "\"description\":\"A gift list for Child User1 birthday.\","
                   "\"eventDate\":\"\",\"occasion\":\"Birthday\","
                   "\"imageUrl\":\"/images/celebration-default.jpg\"}");
  g_clear_pointer (&body, g_free);

  ewe_list_set_event_date (list, "31 October 2018");
  body = ewe_codec_encode_list_request (list);
  decoded = ewe_codec_decode_list_request (body, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ewe_list_get_event_date (decoded), ==, "31 October 2018");
  g_assert_cmpstr (ewe_list_get_title (decoded), ==, "Child User1 1st Birthday");
  g_clear_pointer (&body, g_free);

  ewe_gift_set_product_id (gift, "12345678-notf-0010-1234-abcdefghijkl");
  ewe_gift_set_product_type (gift, EWE_PRODUCT_TYPE_NOTFOUND);
  ewe_gift_set_quantity (gift, 2);
  body = ewe_codec_encode_add_gift_request (gift);
  g_assert_cmpstr (body, ==, "{\"quantity\":2,\"productType\":\"notfound\"}");
  g_clear_pointer (&body, g_free);

  ewe_gift_set_notes (gift, "Size small, please");
  body = ewe_codec_encode_add_gift_request (gift);
  g_assert_cmpstr (body, ==, "{\"quantity\":2,\"productType\":\"notfound\",\"notes\":\"Size small, please\"}");
  decoded_gift = ewe_codec_decode_gift_request (body, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ewe_gift_get_quantity (decoded_gift), ==, 2);
  g_assert_cmpint (ewe_gift_get_product_type (decoded_gift), ==, EWE_PRODUCT_TYPE_NOTFOUND);
  g_assert_cmpstr (ewe_gift_get_notes (decoded_gift), ==, "Size small, please");
  g_clear_pointer (&body, g_free);

  body = ewe_codec_encode_update_gift_request (gift);
  g_assert_cmpstr (body, ==, "{\"quantity\":2,\"notes\":\"Size small, please\",\"unlimited\":false,\"mostWanted\":false}");
  g_clear_pointer (&body, g_free);

  ewe_gift_set_brand (gift, "John Lewis");
  ewe_gift_set_details (gift, "Safari Mobile");
  ewe_gift_set_product_url (gift, "https://example.com/p/1");
  ewe_gift_set_image_url (gift, "https://example.com/p/1.jpg");
  body = ewe_codec_encode_reserve_request (1, "Child User1 1st Birthday", "Test User2", gift);
  g_assert_cmpstr (body, ==,
                   "{\"quantity\":1,\"title\":\"Child User1 1st Birthday\",\"name\":\"Test User2\","
                   "\"product\":{\"type\":\"notfound\",\"brand\":\"John Lewis\","
                   "\"details\":\"Safari Mobile\",\"productUrl\":\"https://example.com/p/1\","
                   "\"imageUrl\":\"https://example.com/p/1.jpg\"}}");
  g_clear_pointer (&body, g_free);

  body = ewe_codec_encode_purchase_request (1, "Child User1 1st Birthday", "Test User2", gift);
  g_assert_true (g_str_has_prefix (body, "{\"quantity\":1,\"title\":\"Child User1 1st Birthday\",\"name\":\"Test User2\",\"product\":{\"type\":\"notfound\""));
  g_clear_pointer (&body, g_free);

  body = ewe_codec_encode_update_reservation_request (2, "Test User2");
  g_assert_cmpstr (body, ==, "{\"quantity\":2,\"name\":\"Test User2\"}");
  g_clear_pointer (&body, g_free);

  body = ewe_codec_encode_cancel_reservation_request ("Test User2");
  g_assert_cmpstr (body, ==, "{\"name\":\"Test User2\"}");
  g_clear_pointer (&body, g_free);

  body = ewe_codec_encode_contact_request ("Test User1", "test.user1@gmail.com", "A test message.");
  g_assert_cmpstr (body, ==, "{\"name\":\"Test User1\",\"email\":\"test.user1@gmail.com\",\"message\":\"A test message.\"}");
  g_clear_pointer (&body, g_free);

  body = ewe_codec_encode_notfound_request (gift);
  g_assert_cmpstr (body, ==,
                   "{\"brand\":\"John Lewis\",\"details\":\"Safari Mobile\","
                   "\"url\":\"https://example.com/p/1\",\"imageUrl\":\"https://example.com/p/1.jpg\"}");
  g_clear_pointer (&body, g_free);

  /* The shop, when the app read it from the shop's page. */
  ewe_gift_set_retailer (gift, "John Lewis");
  body = ewe_codec_encode_notfound_request (gift);
  g_assert_true (g_str_has_suffix (body, ",\"retailer\":\"John Lewis\"}"));
}

static void
test_small_answers (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *list_id = ewe_codec_decode_member_string ("{\"listId\": \"abc\"}", -1, "listId", &error);
  g_autofree char *resv_id = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *message = NULL;
  g_autofree char *no_message = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (list_id, ==, "abc");

  resv_id = ewe_codec_decode_member_string ("{\"reservation_id\": \"r1\"}", -1, "reservation_id", &error);
  g_assert_cmpstr (resv_id, ==, "r1");

  missing = ewe_codec_decode_member_string ("{\"message\": \"success\"}", -1, "productId", &error);
  g_assert_null (missing);
  g_assert_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_SHAPE);
  g_assert_nonnull (strstr (error->message, "productId"));

  message = ewe_codec_decode_error_message ("{\"error\": \"List 1 does not exist.\"}", -1);
  g_assert_cmpstr (message, ==, "List 1 does not exist.");
  no_message = ewe_codec_decode_error_message ("<html>Bad gateway</html>", -1);
  g_assert_null (no_message);
}

static void
test_event_dates (void)
{
  g_autoptr(GDateTime) date = ewe_event_date_parse ("31 October 2018");
  g_autoptr(GDateTime) iso = ewe_event_date_parse ("2018-10-31");
  g_autoptr(EweList) list = ewe_list_new ();
  g_autoptr(GDateTime) back = NULL;
  g_autofree char *formatted = NULL;

  g_assert_nonnull (date);
  g_assert_cmpint (g_date_time_get_year (date), ==, 2018);
  g_assert_cmpint (g_date_time_get_month (date), ==, 10);
  g_assert_cmpint (g_date_time_get_day_of_month (date), ==, 31);
  g_assert_true (g_date_time_equal (date, iso));

  formatted = ewe_event_date_format (date);
  g_assert_cmpstr (formatted, ==, "31 October 2018");

  ewe_list_set_event_datetime (list, date);
  g_assert_cmpstr (ewe_list_get_event_date (list), ==, "31 October 2018");
  back = ewe_list_dup_event_datetime (list);
  g_assert_true (g_date_time_equal (date, back));

  g_assert_null (ewe_event_date_parse ("None"));
  g_assert_null (ewe_event_date_parse (""));
  g_assert_null (ewe_event_date_parse ("31 Smarch 2018"));
  g_assert_null (ewe_event_date_parse ("30 February 2019"));
  g_assert_null (ewe_event_date_parse ("tomorrow"));
}

/* Every one of these must come back as a GError, never a crash, an
 * assertion or a half-filled object. */
static void
test_malformed (void)
{
  static const struct
  {
    const char *json;
    int         code;
  } bad_lists[] = {
    { "", EWE_CODEC_ERROR_SYNTAX },
    { "{", EWE_CODEC_ERROR_SYNTAX },
    { "not json", EWE_CODEC_ERROR_SYNTAX },
    { "null", EWE_CODEC_ERROR_SHAPE },
    { "[]", EWE_CODEC_ERROR_SHAPE },
    { "42", EWE_CODEC_ERROR_SHAPE },
    { "\"list\"", EWE_CODEC_ERROR_SHAPE },
    { "{}", EWE_CODEC_ERROR_SHAPE },
    { "{\"list\": null, \"products\": {}, \"reserved\": []}", EWE_CODEC_ERROR_SHAPE },
    { "{\"list\": [], \"products\": {}, \"reserved\": []}", EWE_CODEC_ERROR_SHAPE },
    { "{\"list\": {\"title\": \"t\", \"state\": \"open\"}, \"products\": {}, \"reserved\": []}", EWE_CODEC_ERROR_SHAPE },
    { "{\"list\": {\"listId\": \"\", \"title\": \"t\", \"state\": \"open\"}, \"products\": {}, \"reserved\": []}", EWE_CODEC_ERROR_VALUE },
    { "{\"list\": {\"listId\": 7, \"title\": \"t\", \"state\": \"open\"}, \"products\": {}, \"reserved\": []}", EWE_CODEC_ERROR_SHAPE },
    { "{\"list\": {\"listId\": \"l\", \"title\": null, \"state\": \"open\"}, \"products\": {}, \"reserved\": []}", EWE_CODEC_ERROR_SHAPE },
    { "{\"list\": {\"listId\": \"l\", \"title\": \"t\", \"state\": \"ajar\"}, \"products\": {}, \"reserved\": []}", EWE_CODEC_ERROR_VALUE },
    { "{\"list\": {\"listId\": \"l\", \"title\": \"t\", \"state\": \"open\", \"imageUrl\": {}}, \"products\": {}, \"reserved\": []}", EWE_CODEC_ERROR_SHAPE },
    { "{\"list\": {\"listId\": \"l\", \"title\": \"t\", \"state\": \"open\"}, \"products\": [], \"reserved\": []}", EWE_CODEC_ERROR_SHAPE },
    { "{\"list\": {\"listId\": \"l\", \"title\": \"t\", \"state\": \"open\"}, \"products\": {}}", EWE_CODEC_ERROR_SHAPE },
    { "{\"list\": {\"listId\": \"l\", \"title\": \"t\", \"state\": \"open\"}, \"products\": {}, \"reserved\": {}}", EWE_CODEC_ERROR_SHAPE },
    { "{\"list\": {\"listId\": \"l\", \"title\": \"t\", \"state\": \"open\"}, \"products\": {}, \"reserved\": [null]}", EWE_CODEC_ERROR_SHAPE },
    { "{\"list\": {\"listId\": \"l\", \"title\": \"t\", \"state\": \"open\"}, \"products\": {\"p\": \"p\"}, \"reserved\": []}", EWE_CODEC_ERROR_SHAPE },
#define GIFT(body) "{\"list\": {\"listId\": \"l\", \"title\": \"t\", \"state\": \"open\"}, \"products\": {\"p\": " body "}, \"reserved\": []}"
    { GIFT ("{\"productId\": \"p\", \"reserved\": 0, \"purchased\": 0, \"type\": \"products\"}"), EWE_CODEC_ERROR_SHAPE },
    { GIFT ("{\"productId\": \"p\", \"quantity\": \"2\", \"reserved\": 0, \"purchased\": 0, \"type\": \"products\"}"), EWE_CODEC_ERROR_SHAPE },
    { GIFT ("{\"productId\": \"p\", \"quantity\": 2.5, \"reserved\": 0, \"purchased\": 0, \"type\": \"products\"}"), EWE_CODEC_ERROR_SHAPE },
    { GIFT ("{\"productId\": \"p\", \"quantity\": true, \"reserved\": 0, \"purchased\": 0, \"type\": \"products\"}"), EWE_CODEC_ERROR_SHAPE },
    { GIFT ("{\"productId\": \"p\", \"quantity\": null, \"reserved\": 0, \"purchased\": 0, \"type\": \"products\"}"), EWE_CODEC_ERROR_SHAPE },
    { GIFT ("{\"productId\": \"p\", \"quantity\": 0, \"reserved\": 0, \"purchased\": 0, \"type\": \"products\"}"), EWE_CODEC_ERROR_VALUE },
    { GIFT ("{\"productId\": \"p\", \"quantity\": -3, \"reserved\": 0, \"purchased\": 0, \"type\": \"products\"}"), EWE_CODEC_ERROR_VALUE },
    { GIFT ("{\"productId\": \"p\", \"quantity\": 2, \"reserved\": -1, \"purchased\": 0, \"type\": \"products\"}"), EWE_CODEC_ERROR_VALUE },
    { GIFT ("{\"productId\": \"p\", \"quantity\": 9223372036854775807, \"reserved\": 0, \"purchased\": 0, \"type\": \"products\"}"), EWE_CODEC_ERROR_VALUE },
    { GIFT ("{\"productId\": \"p\", \"quantity\": 4294967297, \"reserved\": 0, \"purchased\": 0, \"type\": \"products\"}"), EWE_CODEC_ERROR_VALUE },
    { GIFT ("{\"productId\": \"p\", \"quantity\": 1e400, \"reserved\": 0, \"purchased\": 0, \"type\": \"products\"}"), EWE_CODEC_ERROR_SHAPE },
    { GIFT ("{\"productId\": \"p\", \"quantity\": 2, \"reserved\": 0, \"purchased\": 0, \"type\": \"gadgets\"}"), EWE_CODEC_ERROR_VALUE },
    { GIFT ("{\"productId\": \"p\", \"quantity\": 2, \"reserved\": 0, \"purchased\": 0, \"type\": \"products\", \"notes\": 5}"), EWE_CODEC_ERROR_SHAPE },
    { GIFT ("{\"productId\": \"q\", \"quantity\": 2, \"reserved\": 0, \"purchased\": 0, \"type\": \"products\"}"), EWE_CODEC_ERROR_VALUE },
    { GIFT ("[\"productId\", \"p\"]"), EWE_CODEC_ERROR_SHAPE },
#undef GIFT
  };
  static const char * const bad_lists_answers[] = {
    "{\"user\": null}",
    "{\"user\": null, \"owned\": {}}",
    "{\"user\": null, \"owned\": [1]}",
    "{\"user\": null, \"owned\": [], \"closed\": null}",
    "{\"user\": {\"email\": \"a@b\"}, \"owned\": []}",
    "{\"user\": \"me\", \"owned\": []}",
    "{\"user\": null, \"owned\": [{\"listId\": \"l\", \"title\": \"t\"}]}",
  };
  static const char * const bad_shared[] = {
    "{\"list\": {\"listId\": \"l\", \"title\": \"t\", \"state\": \"open\"}, \"products\": {}, \"reserved\": []}",
    "{\"list\": {\"listId\": \"l\", \"title\": \"t\", \"state\": \"open\"}, \"products\": {}, \"reserved\": {\"p\": []}}",
    "{\"list\": {\"listId\": \"l\", \"title\": \"t\", \"state\": \"open\"}, \"products\": {}, \"reserved\": {\"p\": {\"u\": {}}}}",
    "{\"list\": {\"listId\": \"l\", \"title\": \"t\", \"state\": \"open\"}, \"products\": {}, \"reserved\": {\"p\": {\"u\": [{}]}}}",
  };
  static const char * const bad_reservations[] = {
    "{\"reservationId\": \"r\"}",
    "{\"reservationId\": \"r\", \"productId\": \"p\", \"listId\": \"l\", \"name\": \"n\", \"email\": \"e\", \"quantity\": 0, \"state\": \"reserved\", \"productType\": \"products\"}",
    "{\"reservationId\": \"r\", \"productId\": \"p\", \"listId\": \"l\", \"name\": \"n\", \"email\": \"e\", \"quantity\": 1, \"state\": \"kept\", \"productType\": \"products\"}",
    "{\"reservationId\": \"r\", \"productId\": \"p\", \"listId\": \"l\", \"name\": \"n\", \"email\": \"e\", \"quantity\": 1, \"state\": \"reserved\", \"productType\": 1}",
    "[{\"reservationId\": \"r\"}]",
  };
  g_autoptr(GString) deep = g_string_new (NULL);
  const char not_utf8[] = "{\"list\": {\"listId\": \"l\", \"title\": \"\xff\xfe\", \"state\": \"open\"}, \"products\": {}, \"reserved\": []}";
  const char embedded_nul[] = "{\"listId\": \"a\0b\"}";
  g_autoptr(GError) error = NULL;
  g_autoptr(EweList) list = NULL;
  g_autoptr(EweGift) product = NULL;
  g_autoptr(EweReservation) reservation = NULL;
  g_autofree char *member = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad_lists); i++)
    {
      g_test_message ("bad list %u: %s", i, bad_lists[i].json);
      g_assert_false (ewe_codec_decode_list (bad_lists[i].json, -1, &list, NULL, NULL, &error));
      g_assert_error (error, EWE_CODEC_ERROR, bad_lists[i].code);
      g_assert_null (list);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_clear_error (&error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad_lists_answers); i++)
    {
      g_autoptr(GPtrArray) owned = NULL;

      g_test_message ("bad lists answer %u: %s", i, bad_lists_answers[i]);
      g_assert_false (ewe_codec_decode_lists (bad_lists_answers[i], -1, NULL, &owned, NULL, &error));
      g_assert_nonnull (error);
      g_assert_true (error->domain == EWE_CODEC_ERROR);
      g_assert_null (owned);
      g_clear_error (&error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad_shared); i++)
    {
      g_test_message ("bad shared list %u: %s", i, bad_shared[i]);
      g_assert_false (ewe_codec_decode_shared_list (bad_shared[i], -1, NULL, NULL, NULL, &error));
      g_assert_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_SHAPE);
      g_clear_error (&error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad_reservations); i++)
    {
      g_test_message ("bad reservation %u: %s", i, bad_reservations[i]);
      reservation = ewe_codec_decode_reservation (bad_reservations[i], -1, &error);
      g_assert_null (reservation);
      g_assert_nonnull (error);
      g_assert_true (error->domain == EWE_CODEC_ERROR);
      g_clear_error (&error);
    }

  g_assert_false (ewe_codec_decode_list (not_utf8, sizeof not_utf8 - 1, NULL, NULL, NULL, &error));
  g_assert_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_SYNTAX);
  g_clear_error (&error);

  member = ewe_codec_decode_member_string (embedded_nul, sizeof embedded_nul - 1, "listId", &error);
  g_assert_null (member);
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* A product without its brand, or with a number for a URL. */
  product = ewe_codec_decode_product ("{\"productId\": \"p\", \"details\": \"d\", \"productUrl\": \"u\"}", -1,
                                      EWE_PRODUCT_TYPE_NOTFOUND, &error);
  g_assert_null (product);
  g_assert_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_SHAPE);
  g_assert_nonnull (strstr (error->message, "brand"));
  g_clear_error (&error);
  product = ewe_codec_decode_product ("{\"productId\": \"p\", \"brand\": \"b\", \"details\": \"d\", \"productUrl\": 1}", -1,
                                      EWE_PRODUCT_TYPE_CATALOGUE, &error);
  g_assert_null (product);
  g_assert_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_SHAPE);
  g_clear_error (&error);

  /* A request with a negative quantity. */
  product = ewe_codec_decode_gift_request ("{\"quantity\": -1, \"productType\": \"products\"}", -1, &error);
  g_assert_null (product);
  g_assert_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_VALUE);
  g_clear_error (&error);

  /* A hundred thousand nested arrays must not blow the stack. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  g_assert_false (ewe_codec_decode_list (deep->str, deep->len, NULL, NULL, NULL, &error));
  g_assert_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_SYNTAX);
  g_clear_error (&error);

  /* Nor when a comment or a single quote hides them from a scan that only
   * knows double quotes: json-glib skips comments and reads 'strings'. */
  for (guint i = 0; i < 2; i++)
    {
      const char *prefix = i == 0 ? "/* \" */ " : "['\"', ";

      g_string_prepend (deep, prefix);
      g_assert_false (ewe_codec_decode_list (deep->str, deep->len, NULL, NULL, NULL, &error));
      g_assert_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_SYNTAX);
      g_clear_error (&error);
      g_string_erase (deep, 0, strlen (prefix));
    }
}

static void
try_decoders (const char *data,
              gsize       length)
{
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;
  g_autoptr(GPtrArray) c = NULL;
  g_autoptr(EweList) list = NULL;
  g_autoptr(EweUser) user = NULL;
  g_autoptr(EweGift) product = NULL;
  g_autoptr(EweReservation) reservation = NULL;
  g_autofree char *member = NULL;
  g_autofree char *message = NULL;
  gboolean         ok;

  /* Each either fails with a EWE_CODEC_ERROR and outputs nothing, or
   * succeeds; under ASan, neither may touch memory it should not. */
#define CHECK(call, out)                                  \
  G_STMT_START                                            \
  {                                                       \
    g_autoptr(GError) error = NULL;                      \
    ok = (call);                                          \
    if (!ok)                                              \
      {                                                   \
        g_assert_nonnull (error);                         \
        g_assert_true (error->domain == EWE_CODEC_ERROR); \
        g_assert_null (out);                              \
      }                                                   \
    else                                                  \
      g_assert_no_error (error);                          \
  }                                                       \
  G_STMT_END

  CHECK (ewe_codec_decode_lists (data, length, &user, &a, &b, &error), a);
  g_clear_pointer (&a, g_ptr_array_unref);
  CHECK (ewe_codec_decode_list (data, length, &list, &a, &c, &error), list);
  g_clear_object (&list);
  g_clear_pointer (&a, g_ptr_array_unref);
  g_clear_pointer (&c, g_ptr_array_unref);
  CHECK (ewe_codec_decode_shared_list (data, length, &list, &a, &c, &error), list);
  CHECK ((product = ewe_codec_decode_product (data, length, EWE_PRODUCT_TYPE_NOTFOUND, &error)) != NULL, product);
  CHECK ((reservation = ewe_codec_decode_reservation (data, length, &error)) != NULL, reservation);
  CHECK ((member = ewe_codec_decode_member_string (data, length, "productId", &error)) != NULL, member);
#undef CHECK

  message = ewe_codec_decode_error_message (data, length);
}

/* Every sample cut short at every byte, and with random bytes changed. */
static void
test_fuzz (void)
{
  static const char * const samples[] = {
    "lists.json",
    "list.json",
    "shared-list.json",
    "product.json",
    "notfound-full.json",
    "reservation.json",
    "lists-with-reserved.json",
  };
  guint flips = g_test_thorough () ? 20000 : 2000;

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      gsize            length;
      g_autofree char *json = load_sample (samples[i], &length);

      for (gsize cut = 0; cut < length; cut += 1 + length / 400)
        {
          /* A copy of exactly @cut bytes, so ASan sees any read past it. */
          g_autofree char *prefix = g_memdup2 (json, cut > 0 ? cut : 1);

          try_decoders (prefix, cut);
        }

      for (guint f = 0; f < flips / G_N_ELEMENTS (samples); f++)
        {
          g_autofree char *mutated = g_memdup2 (json, length);

          for (guint n = 0; n < 3; n++)
            mutated[g_test_rand_int_range (0, length)] = (char)g_test_rand_int_range (0, 256);
          try_decoders (mutated, length);
        }
    }
}

static void
test_product_search (void)
{
  const char *found = "{\"product\": {\"productId\": \"p-1\", \"brand\": \"Acme\", \"details\": \"Anvil\","
                      " \"productUrl\": \"https://acme.example/anvil\", \"imageUrl\": \"https://acme.example/a.jpg\","
                      " \"retailer\": \"Acme\", \"price\": \"99.00\"}}";
  const char *malformed[] = { "{}", "{\"product\": []}", "{\"product\": null}", "[]", "{\"product\": {\"productId\": 7}}" };
  g_autoptr(EweGift) gift = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ewe_codec_decode_product_search (found, -1, &gift, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ewe_gift_get_product_id (gift), ==, "p-1");
  g_assert_cmpstr (ewe_gift_get_details (gift), ==, "Anvil");
  g_assert_cmpint (ewe_gift_get_product_type (gift), ==, EWE_PRODUCT_TYPE_CATALOGUE);
  g_clear_object (&gift);

  /* Not in the catalogue: success, and no product. */
  g_assert_true (ewe_codec_decode_product_search ("{\"product\": {}}", -1, &gift, &error));
  g_assert_no_error (error);
  g_assert_null (gift);

  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_assert_false (ewe_codec_decode_product_search (malformed[i], -1, &gift, &error));
      g_assert_nonnull (error);
      g_assert_true (error->domain == EWE_CODEC_ERROR);
      g_assert_null (gift);
      g_clear_error (&error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/codec/lists-round-trip", test_lists_round_trip);
  g_test_add_func ("/core/codec/list-round-trip", test_list_round_trip);
  g_test_add_func ("/core/codec/shared-list-round-trip", test_shared_list_round_trip);
  g_test_add_func ("/core/codec/list-without-date", test_list_without_date);
  g_test_add_func ("/core/codec/unset-dates-read-as-none", test_unset_dates_read_as_none);
  g_test_add_func ("/core/codec/products-round-trip", test_products_round_trip);
  g_test_add_func ("/core/codec/reservation-round-trip", test_reservation_round_trip);
  g_test_add_func ("/core/codec/my-reservations", test_my_reservations);
  g_test_add_func ("/core/codec/request-bodies", test_request_bodies);
  g_test_add_func ("/core/codec/unlimited-gifts", test_unlimited_gifts);
  g_test_add_func ("/core/codec/small-answers", test_small_answers);
  g_test_add_func ("/core/codec/product-search", test_product_search);
  g_test_add_func ("/core/codec/event-dates", test_event_dates);
  g_test_add_func ("/core/codec/malformed", test_malformed);
  g_test_add_func ("/core/codec/fuzz", test_fuzz);

  return g_test_run ();
}
