/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-codec"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ewe-codec-private.h"
#include "ewe-json-guard.h"

/* The JSON the original Ewelists API spoke, member for member, so that the
 * app talks to a self-hosted ewelists-server and to anything else that
 * speaks that API alike.
 *
 * Readers are strict about what matters (ids, counts, enums) and lenient
 * about display strings the original always sent but a server could leave
 * out; writers always write the original's full shape. Whatever arrives,
 * a reader either returns complete objects or a GError saying which member
 * was wrong: it never returns half an object and never asserts, because the
 * input comes from the network. */

/* The quark name is one token with dashes: clang-format would space them. */
/* clang-format off */
G_DEFINE_QUARK (ewe-codec-error-quark, ewe_codec_error)
/* clang-format on */

/* An answer comes from the network: before json-glib (which recurses once
 * per level) sees it, libewe-common's guard refuses what nests too deep or
 * could be read two ways, as the server does with what it reads. */
static gboolean
check_text (const char *data,
            gsize       length,
            GError    **error)
{
  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_SYNTAX,
                   _("The reply is not valid UTF-8 text"));
      return FALSE;
    }

  switch (ewe_json_guard_check (data, length, NULL))
    {
    case EWE_JSON_GUARD_OK:
      return TRUE;
    case EWE_JSON_GUARD_EMPTY:
      g_set_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_SYNTAX, _("The reply is empty"));
      return FALSE;
    case EWE_JSON_GUARD_TOO_DEEP:
      g_set_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_SYNTAX, _("The reply is nested too deeply"));
      return FALSE;
    case EWE_JSON_GUARD_NUL:
    case EWE_JSON_GUARD_NOT_JSON:
    default:
      g_set_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_SYNTAX, _("The reply is not valid JSON"));
      return FALSE;
    }
}

JsonNode *
ewe_codec_parse (const char *data,
                 gssize      length,
                 GError    **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length < 0)
    length = strlen (data);

  if (length == 0)
    {
      g_set_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_SYNTAX,
                   _("The reply is empty"));
      return NULL;
    }

  if (!check_text (data, length, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_SYNTAX,
                   _("The reply is not valid JSON: %s"), local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_SYNTAX,
                   _("The reply is empty"));
      return NULL;
    }

  return json_node_ref (root);
}

char *
ewe_codec_to_string (JsonNode *node)
{
  g_return_val_if_fail (node != NULL, NULL);

  return json_to_string (node, FALSE);
}

/* --- helpers shared with the answers and requests --------------------------------------------------- */

JsonObject *
ewe_codec_expect_object (JsonNode   *node,
                         const char *what,
                         GError    **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_SHAPE,
                   _("Expected %s to be a JSON object"), what);
      return NULL;
    }

  return json_node_get_object (node);
}

JsonArray *
ewe_codec_expect_array (JsonNode   *node,
                        const char *what,
                        GError    **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_SHAPE,
                   _("Expected %s to be a JSON array"), what);
      return NULL;
    }

  return json_node_get_array (node);
}

/* Optional members may be absent or null; both read as NULL. */
gboolean
ewe_codec_read_string (JsonObject *object,
                       const char *what,
                       const char *member,
                       gboolean    required,
                       char      **out,
                       GError    **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          g_set_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_SHAPE,
                       _("The member “%s” of %s is missing"), member, what);
          return FALSE;
        }
      *out = NULL;
      return TRUE;
    }

  if (json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_SHAPE,
                   _("The member “%s” of %s is not a string"), member, what);
      return FALSE;
    }

  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

gboolean
ewe_codec_read_id (JsonObject *object,
                   const char *what,
                   const char *member,
                   char      **out,
                   GError    **error)
{
  g_autofree char *id = NULL;

  if (!ewe_codec_read_string (object, what, member, TRUE, &id, error))
    return FALSE;

  if (*id == '\0')
    {
      g_set_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_VALUE,
                   _("The member “%s” of %s is empty"), member, what);
      return FALSE;
    }

  *out = g_steal_pointer (&id);
  return TRUE;
}

/* An optional date member: any of the ways the API says "no date" reads
 * as NULL. */
gboolean
ewe_codec_read_event_date (JsonObject *object,
                           const char *what,
                           const char *member,
                           char      **out,
                           GError    **error)
{
  g_autofree char *date = NULL;

  if (!ewe_codec_read_string (object, what, member, FALSE, &date, error))
    return FALSE;

  if (ewe_event_date_is_unset (date))
    g_clear_pointer (&date, g_free);

  *out = g_steal_pointer (&date);
  return TRUE;
}

/* An optional true or false: @fallback when absent or null, as from the
 * original service or a server before the member existed. */
gboolean
ewe_codec_read_flag (JsonObject *object,
                     const char *what,
                     const char *member,
                     gboolean    fallback,
                     gboolean   *out,
                     GError    **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *out = fallback;
      return TRUE;
    }

  if (json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_SHAPE,
                   _("The member “%s” of %s is neither true nor false"), member, what);
      return FALSE;
    }

  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
ewe_codec_read_count (JsonObject *object,
                      const char *what,
                      const char *member,
                      int         min,
                      int        *out,
                      GError    **error)
{
  JsonNode *node = json_object_get_member (object, member);
  gint64    value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      g_set_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_SHAPE,
                   _("The member “%s” of %s is missing"), member, what);
      return FALSE;
    }

  if (json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_SHAPE,
                   _("The member “%s” of %s is not a whole number"), member, what);
      return FALSE;
    }

  value = json_node_get_int (node);
  if (value < min || value > EWE_LIMIT_QUANTITY_MAX)
    {
      g_set_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_VALUE,
                   _("The member “%s” of %s is out of range (%lld)"), member, what, (long long)value);
      return FALSE;
    }

  *out = (int)value;
  return TRUE;
}

gboolean
ewe_codec_read_product_type (JsonObject     *object,
                             const char     *what,
                             const char     *member,
                             EweProductType *out,
                             GError        **error)
{
  g_autofree char *str = NULL;

  if (!ewe_codec_read_string (object, what, member, TRUE, &str, error))
    return FALSE;

  if (!ewe_product_type_from_string (str, out))
    {
      g_set_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_VALUE,
                   _("The member “%s” of %s is neither “products” nor “notfound”"),
                      member, what);
      return FALSE;
    }

  return TRUE;
}

void
ewe_codec_add_boolean (JsonBuilder *builder,
                       const char  *member,
                       gboolean     value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_boolean_value (builder, value);
}

void
ewe_codec_add_string (JsonBuilder *builder,
                      const char  *member,
                      const char  *value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value != NULL ? value : "");
}

void
ewe_codec_add_optional_string (JsonBuilder *builder,
                               const char  *member,
                               const char  *value)
{
  if (value != NULL)
    ewe_codec_add_string (builder, member, value);
}

void
ewe_codec_add_int (JsonBuilder *builder,
                   const char  *member,
                   int          value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

char *
ewe_codec_builder_to_string (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

/* --- users ------------------------------------------------------------- */

EweUser *
ewe_codec_user_from_json (JsonNode *node,
                          GError  **error)
{
  const char      *what = _("the user");
  g_autofree char *sub = NULL;
  g_autofree char *email = NULL;
  g_autofree char *name = NULL;
  JsonObject      *object;
  EweUser         *user;

  if (!(object = ewe_codec_expect_object (node, what, error)) ||
      !ewe_codec_read_id (object, what, "userId", &sub, error) ||
      !ewe_codec_read_string (object, what, "email", TRUE, &email, error) ||
      !ewe_codec_read_string (object, what, "name", FALSE, &name, error))
    return NULL;

  user = ewe_user_new ();
  ewe_user_set_sub (user, sub);
  ewe_user_set_email (user, email);
  /* The original answered the e-mail as the name of a user without one. */
  ewe_user_set_name (user, name != NULL ? name : email);

  return user;
}

JsonNode *
ewe_codec_user_to_json (EweUser *user)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (EWE_IS_USER (user), NULL);

  json_builder_begin_object (builder);
  ewe_codec_add_string (builder, "email", ewe_user_get_email (user));
  ewe_codec_add_string (builder, "userId", ewe_user_get_sub (user));
  ewe_codec_add_string (builder, "name", ewe_user_get_name (user) != NULL ? ewe_user_get_name (user) : ewe_user_get_email (user));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* --- lists ------------------------------------------------------------- */

EweList *
ewe_codec_list_from_json (JsonNode *node,
                          GError  **error)
{
  const char      *what = _("the list");
  g_autofree char *id = NULL;
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  g_autofree char *occasion = NULL;
  g_autofree char *event_date = NULL;
  g_autofree char *image_url = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *owner_name = NULL;
  g_autofree char *role = NULL;
  g_autofree char *currency = NULL;
  g_autofree char *state_str = NULL;
  g_autofree char *reveal_on = NULL;
  g_autofree char *reveal_date = NULL;
  gboolean         revealed;
  g_autofree char *archive_note = NULL;
  EweListState     state;
  JsonObject      *object;
  JsonNode        *archived;
  EweList         *list;

  if (!(object = ewe_codec_expect_object (node, what, error)) ||
      !ewe_codec_read_id (object, what, "listId", &id, error) ||
      !ewe_codec_read_string (object, what, "title", TRUE, &title, error) ||
      !ewe_codec_read_string (object, what, "description", FALSE, &description, error) ||
      !ewe_codec_read_string (object, what, "occasion", FALSE, &occasion, error) ||
      !ewe_codec_read_event_date (object, what, "eventDate", &event_date, error) ||
      !ewe_codec_read_string (object, what, "imageUrl", FALSE, &image_url, error) ||
      !ewe_codec_read_string (object, what, "listOwner", FALSE, &owner, error) ||
      !ewe_codec_read_string (object, what, "state", TRUE, &state_str, error) ||
      /* ewelists-server's: the caller's role, and whose a co-owned list is. */
      !ewe_codec_read_string (object, what, "role", FALSE, &role, error) ||
      !ewe_codec_read_string (object, what, "ownerName", FALSE, &owner_name, error) ||
      !ewe_codec_read_string (object, what, "revealOn", FALSE, &reveal_on, error) ||
      !ewe_codec_read_string (object, what, "revealDate", FALSE, &reveal_date, error) ||
      /* A server without reveal dates kept no surprise from the owner. */
      !ewe_codec_read_flag (object, what, "revealed", TRUE, &revealed, error) ||
      !ewe_codec_read_string (object, what, "archiveNote", FALSE, &archive_note, error) ||

      !ewe_codec_read_string (object, what, "currency", FALSE, &currency, error))
    return NULL;

  /* Our server's, not the original's: absent on a list not archived. */
  archived = json_object_get_member (object, "archived");
  if (archived != NULL && !JSON_NODE_HOLDS_NULL (archived) &&
      json_node_get_value_type (archived) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_SHAPE,
                   _("The member “%s” of %s is not true or false"), "archived", what);
      return NULL;
    }

  if (!ewe_list_state_from_string (state_str, &state))
    {
      g_set_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_VALUE,
                   _("The member “%s” of %s is neither “open” nor “closed”"),
                      "state", what);
      return NULL;
    }

  list = ewe_list_new ();
  ewe_list_set_id (list, id);
  ewe_list_set_title (list, title);
  ewe_list_set_description (list, description);
  ewe_list_set_occasion (list, occasion);
  ewe_list_set_event_date (list, event_date);
  ewe_list_set_image_url (list, image_url);
  ewe_list_set_owner (list, owner);
  ewe_list_set_state (list, state);
  ewe_list_set_coowned (list, g_strcmp0 (role, "coowner") == 0);
  if (ewe_list_get_coowned (list))
    ewe_list_set_owner_name (list, owner_name);
  ewe_list_set_reveal_on (list, reveal_on);
  ewe_list_set_reveal_date (list, reveal_date);
  ewe_list_set_revealed (list, revealed);
  ewe_list_set_archived (list, archived != NULL && !JSON_NODE_HOLDS_NULL (archived) &&
                                 json_node_get_boolean (archived));
  ewe_list_set_archive_note (list, ewe_list_get_archived (list) ? archive_note : NULL);
  /* None from a server before lists had one (ours says "GBP" for the
   * original's lists): the store then keeps what it knew. */
  ewe_list_set_currency (list, currency);

  return list;
}

JsonNode *
ewe_codec_list_to_json (EweList *list)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (EWE_IS_LIST (list), NULL);

  json_builder_begin_object (builder);
  ewe_codec_add_string (builder, "listId", ewe_list_get_id (list));
  ewe_codec_add_string (builder, "title", ewe_list_get_title (list));
  ewe_codec_add_string (builder, "description", ewe_list_get_description (list));
  ewe_codec_add_string (builder, "occasion", ewe_list_get_occasion (list));
  ewe_codec_add_string (builder, "imageUrl", ewe_list_get_image_url (list));
  ewe_codec_add_string (builder, "listOwner", ewe_list_get_owner (list));
  ewe_codec_add_string (builder, "state", ewe_list_state_to_string (ewe_list_get_state (list)));
  ewe_codec_add_optional_string (builder, "eventDate", ewe_list_get_event_date (list));
  if (ewe_list_get_coowned (list))
    {
      ewe_codec_add_string (builder, "role", "coowner");
      ewe_codec_add_optional_string (builder, "ownerName", ewe_list_get_owner_name (list));
    }
  if (ewe_list_get_archived (list))
    {
      json_builder_set_member_name (builder, "archived");
      json_builder_add_boolean_value (builder, TRUE);
      ewe_codec_add_optional_string (builder, "archiveNote", ewe_list_get_archive_note (list));
    }
  ewe_codec_add_optional_string (builder, "currency", ewe_list_get_currency (list));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* --- gifts (a product's entry on a list) ------------------------------- */

EweGift *
ewe_codec_gift_from_json (JsonNode   *node,
                          const char *list_id,
                          GError    **error)
{
  const char      *what = _("a gift");
  g_autofree char *product_id = NULL;
  g_autofree char *notes = NULL;
  EweProductType   type;
  int              quantity;
  int              reserved;
  int              purchased;
  gboolean         received;
  gboolean         unlimited;
  gboolean         most_wanted;
  JsonObject      *object;
  EweGift         *gift;

  if (!(object = ewe_codec_expect_object (node, what, error)) ||
      !ewe_codec_read_id (object, what, "productId", &product_id, error) ||
      !ewe_codec_read_count (object, what, "quantity", 1, &quantity, error) ||
      !ewe_codec_read_count (object, what, "reserved", 0, &reserved, error) ||
      !ewe_codec_read_count (object, what, "purchased", 0, &purchased, error) ||
      !ewe_codec_read_product_type (object, what, "type", &type, error) ||
      !ewe_codec_read_string (object, what, "notes", FALSE, &notes, error) ||
      !ewe_codec_read_flag (object, what, "received", FALSE, &received, error) ||

      !ewe_codec_read_flag (object, what, "unlimited", FALSE, &unlimited, error) ||
      !ewe_codec_read_flag (object, what, "mostWanted", FALSE, &most_wanted, error))
    return NULL;

  gift = ewe_gift_new ();
  ewe_gift_set_list_id (gift, list_id);
  ewe_gift_set_product_id (gift, product_id);
  ewe_gift_set_product_type (gift, type);
  ewe_gift_set_quantity (gift, quantity);
  ewe_gift_set_reserved (gift, reserved);
  ewe_gift_set_purchased (gift, purchased);
  ewe_gift_set_notes (gift, notes);
  ewe_gift_set_received (gift, received);
  ewe_gift_set_unlimited (gift, unlimited);
  ewe_gift_set_most_wanted (gift, most_wanted);

  return gift;
}

JsonNode *
ewe_codec_gift_to_json (EweGift *gift)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (EWE_IS_GIFT (gift), NULL);

  json_builder_begin_object (builder);
  ewe_codec_add_string (builder, "productId", ewe_gift_get_product_id (gift));
  ewe_codec_add_int (builder, "quantity", ewe_gift_get_quantity (gift));
  ewe_codec_add_int (builder, "reserved", ewe_gift_get_reserved (gift));
  ewe_codec_add_int (builder, "purchased", ewe_gift_get_purchased (gift));
  ewe_codec_add_string (builder, "type", ewe_product_type_to_string (ewe_gift_get_product_type (gift)));
  ewe_codec_add_optional_string (builder, "notes", ewe_gift_get_notes (gift));
  /* Only when set, so that other gifts read as the original's did. */
  if (ewe_gift_get_unlimited (gift))
    ewe_codec_add_boolean (builder, "unlimited", TRUE);
  if (ewe_gift_get_most_wanted (gift))
    ewe_codec_add_boolean (builder, "mostWanted", TRUE);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* --- products (catalogue and notfound) --------------------------------- */

EweGift *
ewe_codec_product_from_json (JsonNode      *node,
                             EweProductType type,
                             GError       **error)
{
  const char      *what = _("the product");
  g_autofree char *product_id = NULL;
  g_autofree char *brand = NULL;
  g_autofree char *details = NULL;
  g_autofree char *product_url = NULL;
  g_autofree char *image_url = NULL;
  g_autofree char *price = NULL;
  g_autofree char *currency = NULL;
  g_autofree char *retailer = NULL;
  JsonObject      *object;
  EweGift         *gift;

  if (!(object = ewe_codec_expect_object (node, what, error)) ||
      !ewe_codec_read_id (object, what, "productId", &product_id, error) ||
      !ewe_codec_read_string (object, what, "brand", TRUE, &brand, error) ||
      !ewe_codec_read_string (object, what, "details", TRUE, &details, error) ||
      !ewe_codec_read_string (object, what, "productUrl", TRUE, &product_url, error) ||
      !ewe_codec_read_string (object, what, "imageUrl", FALSE, &image_url, error) ||
      !ewe_codec_read_string (object, what, "price", FALSE, &price, error) ||
      !ewe_codec_read_string (object, what, "currency", FALSE, &currency, error) ||
      !ewe_codec_read_string (object, what, "retailer", FALSE, &retailer, error))
    return NULL;

  gift = ewe_gift_new ();
  ewe_gift_set_product_id (gift, product_id);
  ewe_gift_set_product_type (gift, type);
  ewe_gift_set_brand (gift, brand);
  ewe_gift_set_details (gift, details);
  ewe_gift_set_product_url (gift, product_url);
  ewe_gift_set_image_url (gift, image_url);
  ewe_gift_set_price (gift, price);
  /* Our server's extension; the original's prices were pounds. */
  ewe_gift_set_currency (gift, currency);
  ewe_gift_set_retailer (gift, retailer);

  return gift;
}

JsonNode *
ewe_codec_product_to_json (EweGift *gift)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  gboolean catalogue;

  g_return_val_if_fail (EWE_IS_GIFT (gift), NULL);

  catalogue = ewe_gift_get_product_type (gift) == EWE_PRODUCT_TYPE_CATALOGUE;

  json_builder_begin_object (builder);
  ewe_codec_add_string (builder, "productId", ewe_gift_get_product_id (gift));
  ewe_codec_add_string (builder, "brand", ewe_gift_get_brand (gift));
  ewe_codec_add_string (builder, "details", ewe_gift_get_details (gift));
  /* A catalogue product always has a picture; a user's may not. */
  if (catalogue)
    ewe_codec_add_string (builder, "imageUrl", ewe_gift_get_image_url (gift));
  else
    ewe_codec_add_optional_string (builder, "imageUrl", ewe_gift_get_image_url (gift));
  ewe_codec_add_string (builder, "productUrl", ewe_gift_get_product_url (gift));
  ewe_codec_add_optional_string (builder, "price", ewe_gift_get_price (gift));
  ewe_codec_add_optional_string (builder, "currency", ewe_gift_get_currency (gift));
  ewe_codec_add_optional_string (builder, "retailer", ewe_gift_get_retailer (gift));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* --- reservations ------------------------------------------------------ */

EweReservation *
ewe_codec_reservation_from_json (JsonNode *node,
                                 GError  **error)
{
  const char         *what = _("a reservation");
  g_autofree char    *id = NULL;
  g_autofree char    *list_id = NULL;
  g_autofree char    *list_title = NULL;
  g_autofree char    *list_owner_id = NULL;
  g_autofree char    *product_id = NULL;
  g_autofree char    *user_id = NULL;
  g_autofree char    *name = NULL;
  g_autofree char    *email = NULL;
  g_autofree char    *state_str = NULL;
  EweReservationState state;
  EweProductType      type;
  int                 quantity;
  gboolean            thanked;
  JsonObject         *object;
  EweReservation     *reservation;

  if (!(object = ewe_codec_expect_object (node, what, error)) ||
      !ewe_codec_read_id (object, what, "reservationId", &id, error) ||
      !ewe_codec_read_id (object, what, "productId", &product_id, error) ||
      !ewe_codec_read_string (object, what, "userId", FALSE, &user_id, error) ||
      !ewe_codec_read_id (object, what, "listId", &list_id, error) ||
      !ewe_codec_read_string (object, what, "listOwnerId", FALSE, &list_owner_id, error) ||
      !ewe_codec_read_string (object, what, "name", TRUE, &name, error) ||
      !ewe_codec_read_string (object, what, "email", TRUE, &email, error) ||
      !ewe_codec_read_count (object, what, "quantity", 1, &quantity, error) ||
      !ewe_codec_read_string (object, what, "state", TRUE, &state_str, error) ||
      !ewe_codec_read_string (object, what, "listTitle", FALSE, &list_title, error) ||
      !ewe_codec_read_product_type (object, what, "productType", &type, error) ||
      !ewe_codec_read_flag (object, what, "thanked", FALSE, &thanked, error))
    return NULL;

  if (!ewe_reservation_state_from_string (state_str, &state))
    {
      g_set_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_VALUE,
                   _("The member “%s” of %s is not “reserved”, “purchased” or “cancelled”"),
                      "state", what);
      return NULL;
    }

  reservation = ewe_reservation_new ();
  ewe_reservation_set_id (reservation, id);
  ewe_reservation_set_list_id (reservation, list_id);
  ewe_reservation_set_list_title (reservation, list_title);
  ewe_reservation_set_list_owner_id (reservation, list_owner_id);
  ewe_reservation_set_product_id (reservation, product_id);
  ewe_reservation_set_product_type (reservation, type);
  ewe_reservation_set_user_id (reservation, user_id);
  ewe_reservation_set_name (reservation, name);
  ewe_reservation_set_email (reservation, email);
  ewe_reservation_set_quantity (reservation, quantity);
  ewe_reservation_set_state (reservation, state);
  ewe_reservation_set_thanked (reservation, thanked);

  return reservation;
}

JsonNode *
ewe_codec_reservation_to_json (EweReservation *reservation)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  EweReservation *r = reservation;

  g_return_val_if_fail (EWE_IS_RESERVATION (reservation), NULL);

  json_builder_begin_object (builder);
  ewe_codec_add_string (builder, "reservationId", ewe_reservation_get_id (r));
  ewe_codec_add_string (builder, "productId", ewe_reservation_get_product_id (r));
  ewe_codec_add_string (builder, "userId", ewe_reservation_get_user_id (r));
  ewe_codec_add_string (builder, "listId", ewe_reservation_get_list_id (r));
  ewe_codec_add_string (builder, "listOwnerId", ewe_reservation_get_list_owner_id (r));
  ewe_codec_add_string (builder, "name", ewe_reservation_get_name (r));
  ewe_codec_add_string (builder, "email", ewe_reservation_get_email (r));
  ewe_codec_add_int (builder, "quantity", ewe_reservation_get_quantity (r));
  ewe_codec_add_string (builder, "state", ewe_reservation_state_to_string (ewe_reservation_get_state (r)));
  ewe_codec_add_string (builder, "listTitle", ewe_reservation_get_list_title (r));
  ewe_codec_add_string (builder, "productType", ewe_product_type_to_string (ewe_reservation_get_product_type (r)));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
