/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-codec"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ewe-codec-private.h"

/* The request bodies the client sends, and readers for them (the server's
 * side, and tests). */

/* --- request bodies ---------------------------------------------------- */

/* POST /lists and PUT /lists/{id}. The original's update refused a body
 * whose keys were not exactly these five in this order, so both write them
 * all, in this order, with "" for no date. */
char *
ewe_codec_encode_list_request (EweList *list)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (EWE_IS_LIST (list), NULL);

  json_builder_begin_object (builder);
  ewe_codec_add_string (builder, "title", ewe_list_get_title (list));
  ewe_codec_add_string (builder, "description", ewe_list_get_description (list));
  ewe_codec_add_string (builder, "eventDate", ewe_list_get_event_date (list));
  ewe_codec_add_string (builder, "occasion", ewe_list_get_occasion (list));
  ewe_codec_add_string (builder, "imageUrl", ewe_list_get_image_url (list));
  /* Only when known: a server keeps a list's currency when it is left out. */
  ewe_codec_add_optional_string (builder, "currency", ewe_list_get_currency (list));
  json_builder_end_object (builder);

  return ewe_codec_builder_to_string (builder);
}

/* The server's copy of a list, kept as the base of the next three-way
 * merge: the update's fields and the reveal date, which no update carries
 * (it goes alone, ewe_codec_encode_reveal_request()). */
char *
ewe_codec_encode_synced_list (EweList *list)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *update = NULL;
  JsonObject      *object;

  g_return_val_if_fail (EWE_IS_LIST (list), NULL);

  update = ewe_codec_encode_list_request (list);
  root = json_from_string (update, NULL);
  object = json_node_get_object (root);
  if (ewe_list_get_reveal_date (list) != NULL)
    json_object_set_string_member (object, "revealDate", ewe_list_get_reveal_date (list));
  else
    json_object_set_null_member (object, "revealDate");

  return json_to_string (root, FALSE);
}

/* PUT /lists/{id} {"revealDate"}: the day the owner chose, or null for
 * the default, the day after the event. Alone, so that the original's
 * update keeps its five keys and a reveal date set on one device does not
 * travel with another device's title. */
char *
ewe_codec_encode_reveal_request (const char *reveal_date)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "revealDate");
  if (reveal_date != NULL && reveal_date[0] != '\0')
    json_builder_add_string_value (builder, reveal_date);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  return ewe_codec_builder_to_string (builder);
}

/* POST /lists/{id}/archive: the thank-you note guests are shown. */
char *
ewe_codec_encode_archive_request (const char *note)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "note");
  if (note != NULL && note[0] != '\0')
    json_builder_add_string_value (builder, note);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  return ewe_codec_builder_to_string (builder);
}

EweList *
ewe_codec_decode_list_request (const char *data,
                               gssize      length,
                               GError    **error)
{
  const char *what = _("the list");
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  g_autofree char *event_date = NULL;
  g_autofree char *occasion = NULL;
  g_autofree char *image_url = NULL;
  g_autofree char *currency = NULL;
  g_autofree char *reveal_date = NULL;
  JsonObject      *object;
  EweList         *list;

  if (!(root = ewe_codec_parse (data, length, error)) ||
      !(object = ewe_codec_expect_object (root, what, error)) ||
      !ewe_codec_read_string (object, what, "title", TRUE, &title, error) ||
      !ewe_codec_read_string (object, what, "description", FALSE, &description, error) ||
      !ewe_codec_read_event_date (object, what, "eventDate", &event_date, error) ||
      !ewe_codec_read_string (object, what, "occasion", FALSE, &occasion, error) ||
      !ewe_codec_read_string (object, what, "imageUrl", FALSE, &image_url, error) ||
      !ewe_codec_read_string (object, what, "currency", FALSE, &currency, error) ||
      /* Only in a synced copy (ewe_codec_encode_synced_list()); absent in
       * one from before reveal dates, when the server had the default. */
      !ewe_codec_read_string (object, what, "revealDate", FALSE, &reveal_date, error))
    return NULL;

  list = ewe_list_new ();
  ewe_list_set_title (list, title);
  ewe_list_set_description (list, description);
  ewe_list_set_event_date (list, event_date);
  ewe_list_set_occasion (list, occasion);
  ewe_list_set_image_url (list, image_url);
  ewe_list_set_currency (list, currency);
  ewe_list_set_reveal_date (list, reveal_date);

  return list;
}

/* POST /lists/{id}/product/{productId} */
char *
ewe_codec_encode_add_gift_request (EweGift *gift)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (EWE_IS_GIFT (gift), NULL);

  json_builder_begin_object (builder);
  ewe_codec_add_int (builder, "quantity", ewe_gift_get_quantity (gift));
  ewe_codec_add_string (builder, "productType", ewe_product_type_to_string (ewe_gift_get_product_type (gift)));
  ewe_codec_add_optional_string (builder, "notes", ewe_gift_get_notes (gift));
  /* Only when set: the original's body, for the original's gifts. */
  if (ewe_gift_get_unlimited (gift))
    ewe_codec_add_boolean (builder, "unlimited", TRUE);
  if (ewe_gift_get_most_wanted (gift))
    ewe_codec_add_boolean (builder, "mostWanted", TRUE);
  json_builder_end_object (builder);

  return ewe_codec_builder_to_string (builder);
}

/* PUT /lists/{id}/product/{productId} */
char *
ewe_codec_encode_update_gift_request (EweGift *gift)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (EWE_IS_GIFT (gift), NULL);

  json_builder_begin_object (builder);
  ewe_codec_add_int (builder, "quantity", ewe_gift_get_quantity (gift));
  ewe_codec_add_string (builder, "notes", ewe_gift_get_notes (gift));
  /* Always: false is how a gift becomes limited again. */
  ewe_codec_add_boolean (builder, "unlimited", ewe_gift_get_unlimited (gift));
  ewe_codec_add_boolean (builder, "mostWanted", ewe_gift_get_most_wanted (gift));
  json_builder_end_object (builder);

  return ewe_codec_builder_to_string (builder);
}

/* Reads either body above; "productType" is only in the add request. */
EweGift *
ewe_codec_decode_gift_request (const char *data,
                               gssize      length,
                               GError    **error)
{
  const char *what = _("the gift");
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *notes = NULL;
  EweProductType   type = EWE_PRODUCT_TYPE_CATALOGUE;
  int              quantity;
  gboolean         unlimited;
  gboolean         most_wanted;
  JsonObject      *object;
  EweGift         *gift;

  if (!(root = ewe_codec_parse (data, length, error)) ||
      !(object = ewe_codec_expect_object (root, what, error)) ||
      !ewe_codec_read_count (object, what, "quantity", 1, &quantity, error) ||
      !ewe_codec_read_string (object, what, "notes", FALSE, &notes, error) ||
      !ewe_codec_read_flag (object, what, "unlimited", FALSE, &unlimited, error) ||
      !ewe_codec_read_flag (object, what, "mostWanted", FALSE, &most_wanted, error))
    return NULL;

  if (json_object_has_member (object, "productType") &&
      !ewe_codec_read_product_type (object, what, "productType", &type, error))
    return NULL;

  gift = ewe_gift_new ();
  ewe_gift_set_quantity (gift, quantity);
  ewe_gift_set_product_type (gift, type);
  ewe_gift_set_notes (gift, notes);
  ewe_gift_set_unlimited (gift, unlimited);
  ewe_gift_set_most_wanted (gift, most_wanted);

  return gift;
}

/* POST /lists/{id}/reserve/{productId}/email/{email}; the product is sent
 * along so the server can write the confirmation e-mail. */
char *
ewe_codec_encode_reserve_request (int         quantity,
                                  const char *list_title,
                                  const char *name,
                                  EweGift    *gift)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (EWE_IS_GIFT (gift), NULL);

  json_builder_begin_object (builder);
  ewe_codec_add_int (builder, "quantity", quantity);
  ewe_codec_add_string (builder, "title", list_title);
  ewe_codec_add_string (builder, "name", name);
  json_builder_set_member_name (builder, "product");
  json_builder_begin_object (builder);
  ewe_codec_add_string (builder, "type", ewe_product_type_to_string (ewe_gift_get_product_type (gift)));
  ewe_codec_add_string (builder, "brand", ewe_gift_get_brand (gift));
  ewe_codec_add_string (builder, "details", ewe_gift_get_details (gift));
  ewe_codec_add_string (builder, "productUrl", ewe_gift_get_product_url (gift));
  ewe_codec_add_string (builder, "imageUrl", ewe_gift_get_image_url (gift));
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return ewe_codec_builder_to_string (builder);
}

/* PUT /lists/purchase/{reservationId}/email/{email}: the same body as a
 * reservation, for the confirmation e-mails. */
char *
ewe_codec_encode_purchase_request (int         quantity,
                                   const char *list_title,
                                   const char *name,
                                   EweGift    *gift)
{
  return ewe_codec_encode_reserve_request (quantity, list_title, name, gift);
}

/* PUT /lists/reserve/{reservationId}/email/{email} */
char *
ewe_codec_encode_update_reservation_request (int         quantity,
                                             const char *name)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  ewe_codec_add_int (builder, "quantity", quantity);
  ewe_codec_add_string (builder, "name", name);
  json_builder_end_object (builder);

  return ewe_codec_builder_to_string (builder);
}

/* DELETE /lists/reserve/{reservationId}/email/{email} */
char *
ewe_codec_encode_cancel_reservation_request (const char *name)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  ewe_codec_add_string (builder, "name", name);
  json_builder_end_object (builder);

  return ewe_codec_builder_to_string (builder);
}

/* POST /lists/reservation/{reservationId}/confirm (ewelists-server) */
char *
ewe_codec_encode_confirm_reservation_request (const char *email,
                                              const char *key)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  ewe_codec_add_string (builder, "email", email);
  ewe_codec_add_string (builder, "key", key);
  json_builder_end_object (builder);

  return ewe_codec_builder_to_string (builder);
}

/* POST /notfound: note "url", not "productUrl", as the original had it. */
char *
ewe_codec_encode_notfound_request (EweGift *gift)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (EWE_IS_GIFT (gift), NULL);

  json_builder_begin_object (builder);
  ewe_codec_add_string (builder, "brand", ewe_gift_get_brand (gift));
  ewe_codec_add_string (builder, "details", ewe_gift_get_details (gift));
  ewe_codec_add_string (builder, "url", ewe_gift_get_product_url (gift));
  ewe_codec_add_optional_string (builder, "imageUrl", ewe_gift_get_image_url (gift));
  ewe_codec_add_optional_string (builder, "price", ewe_gift_get_price (gift));
  ewe_codec_add_optional_string (builder, "currency", ewe_gift_get_currency (gift));
  /* Not in the original; a server without it ignores the member. */
  ewe_codec_add_optional_string (builder, "retailer", ewe_gift_get_retailer (gift));
  json_builder_end_object (builder);

  return ewe_codec_builder_to_string (builder);
}

/* POST /contact */
char *
ewe_codec_encode_contact_request (const char *name,
                                  const char *email,
                                  const char *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  ewe_codec_add_string (builder, "name", name);
  ewe_codec_add_string (builder, "email", email);
  ewe_codec_add_string (builder, "message", message);
  json_builder_end_object (builder);

  return ewe_codec_builder_to_string (builder);
}
