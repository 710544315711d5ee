/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-codec"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ewe-codec.h"

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

/* json-glib recurses while parsing; a hostile answer of a million "[" must
 * not be able to exhaust the stack. The API never nests deeper than 4. */
#define MAX_DEPTH 32

G_DEFINE_QUARK (ewe-codec-error-quark, ewe_codec_error)

static gboolean
check_text (const char  *data,
            gsize        length,
            GError     **error)
{
  gboolean in_string = FALSE;
  gboolean escaped = FALSE;
  int depth = 0;

  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_SYNTAX,
                   _("The reply is not valid UTF-8 text"));
      return FALSE;
    }

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > MAX_DEPTH)
            {
              g_set_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_SYNTAX,
                           _("The reply is nested too deeply"));
              return FALSE;
            }
        }
      else if (c == ']' || c == '}')
        depth--;
    }

  return TRUE;
}

JsonNode *
ewe_codec_parse (const char  *data,
                 gssize       length,
                 GError     **error)
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

/* --- reading helpers --------------------------------------------------- */

static JsonObject *
expect_object (JsonNode    *node,
               const char  *what,
               GError     **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_SHAPE,
                   _("Expected %s to be a JSON object"), what);
      return NULL;
    }

  return json_node_get_object (node);
}

static JsonArray *
expect_array (JsonNode    *node,
              const char  *what,
              GError     **error)
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
static gboolean
read_string (JsonObject  *object,
             const char  *what,
             const char  *member,
             gboolean     required,
             char       **out,
             GError     **error)
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

static gboolean
read_id (JsonObject  *object,
         const char  *what,
         const char  *member,
         char       **out,
         GError     **error)
{
  g_autofree char *id = NULL;

  if (!read_string (object, what, member, TRUE, &id, error))
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

static gboolean
read_count (JsonObject  *object,
            const char  *what,
            const char  *member,
            int          min,
            int         *out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  gint64 value;

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
  if (value < min || value > EWE_CODEC_MAX_QUANTITY)
    {
      g_set_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_VALUE,
                   _("The member “%s” of %s is out of range (%" G_GINT64_FORMAT ")"),
                   member, what, value);
      return FALSE;
    }

  *out = (int)value;
  return TRUE;
}

static gboolean
read_product_type (JsonObject      *object,
                   const char      *what,
                   const char      *member,
                   EweProductType  *out,
                   GError         **error)
{
  g_autofree char *str = NULL;

  if (!read_string (object, what, member, TRUE, &str, error))
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

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value != NULL ? value : "");
}

static void
add_optional_string (JsonBuilder *builder,
                     const char  *member,
                     const char  *value)
{
  if (value != NULL)
    add_string (builder, member, value);
}

static void
add_int (JsonBuilder *builder,
         const char  *member,
         int          value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

static char *
builder_to_string (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

/* --- users ------------------------------------------------------------- */

EweUser *
ewe_codec_user_from_json (JsonNode  *node,
                          GError   **error)
{
  const char *what = _("the user");
  g_autofree char *sub = NULL;
  g_autofree char *email = NULL;
  g_autofree char *name = NULL;
  JsonObject *object;
  EweUser *user;

  if (!(object = expect_object (node, what, error)) ||
      !read_id (object, what, "userId", &sub, error) ||
      !read_string (object, what, "email", TRUE, &email, error) ||
      !read_string (object, what, "name", FALSE, &name, error))
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
  add_string (builder, "email", ewe_user_get_email (user));
  add_string (builder, "userId", ewe_user_get_sub (user));
  add_string (builder, "name", ewe_user_get_name (user) != NULL ? ewe_user_get_name (user)
                                                                 : ewe_user_get_email (user));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* --- lists ------------------------------------------------------------- */

EweList *
ewe_codec_list_from_json (JsonNode  *node,
                          GError   **error)
{
  const char *what = _("the list");
  g_autofree char *id = NULL;
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  g_autofree char *occasion = NULL;
  g_autofree char *event_date = NULL;
  g_autofree char *image_url = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *state_str = NULL;
  EweListState state;
  JsonObject *object;
  EweList *list;

  if (!(object = expect_object (node, what, error)) ||
      !read_id (object, what, "listId", &id, error) ||
      !read_string (object, what, "title", TRUE, &title, error) ||
      !read_string (object, what, "description", FALSE, &description, error) ||
      !read_string (object, what, "occasion", FALSE, &occasion, error) ||
      !read_string (object, what, "eventDate", FALSE, &event_date, error) ||
      !read_string (object, what, "imageUrl", FALSE, &image_url, error) ||
      !read_string (object, what, "listOwner", FALSE, &owner, error) ||
      !read_string (object, what, "state", TRUE, &state_str, error))
    return NULL;

  if (!ewe_list_state_from_string (state_str, &state))
    {
      g_set_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_VALUE,
                   _("The member “%s” of %s is neither “open” nor “closed”"),
                   "state", what);
      return NULL;
    }

  /* The original wrote the string "None" when a date was cleared. */
  if (event_date != NULL && (*event_date == '\0' || g_str_equal (event_date, "None")))
    g_clear_pointer (&event_date, g_free);

  list = ewe_list_new ();
  ewe_list_set_id (list, id);
  ewe_list_set_title (list, title);
  ewe_list_set_description (list, description);
  ewe_list_set_occasion (list, occasion);
  ewe_list_set_event_date (list, event_date);
  ewe_list_set_image_url (list, image_url);
  ewe_list_set_owner (list, owner);
  ewe_list_set_state (list, state);

  return list;
}

JsonNode *
ewe_codec_list_to_json (EweList *list)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (EWE_IS_LIST (list), NULL);

  json_builder_begin_object (builder);
  add_string (builder, "listId", ewe_list_get_id (list));
  add_string (builder, "title", ewe_list_get_title (list));
  add_string (builder, "description", ewe_list_get_description (list));
  add_string (builder, "occasion", ewe_list_get_occasion (list));
  add_string (builder, "imageUrl", ewe_list_get_image_url (list));
  add_string (builder, "listOwner", ewe_list_get_owner (list));
  add_string (builder, "state", ewe_list_state_to_string (ewe_list_get_state (list)));
  add_optional_string (builder, "eventDate", ewe_list_get_event_date (list));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* --- gifts (a product's entry on a list) ------------------------------- */

EweGift *
ewe_codec_gift_from_json (JsonNode    *node,
                          const char  *list_id,
                          GError     **error)
{
  const char *what = _("a gift");
  g_autofree char *product_id = NULL;
  g_autofree char *notes = NULL;
  EweProductType type;
  int quantity;
  int reserved;
  int purchased;
  JsonObject *object;
  EweGift *gift;

  if (!(object = expect_object (node, what, error)) ||
      !read_id (object, what, "productId", &product_id, error) ||
      !read_count (object, what, "quantity", 1, &quantity, error) ||
      !read_count (object, what, "reserved", 0, &reserved, error) ||
      !read_count (object, what, "purchased", 0, &purchased, error) ||
      !read_product_type (object, what, "type", &type, error) ||
      !read_string (object, what, "notes", FALSE, &notes, error))
    return NULL;

  gift = ewe_gift_new ();
  ewe_gift_set_list_id (gift, list_id);
  ewe_gift_set_product_id (gift, product_id);
  ewe_gift_set_product_type (gift, type);
  ewe_gift_set_quantity (gift, quantity);
  ewe_gift_set_reserved (gift, reserved);
  ewe_gift_set_purchased (gift, purchased);
  ewe_gift_set_notes (gift, notes);

  return gift;
}

JsonNode *
ewe_codec_gift_to_json (EweGift *gift)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (EWE_IS_GIFT (gift), NULL);

  json_builder_begin_object (builder);
  add_string (builder, "productId", ewe_gift_get_product_id (gift));
  add_int (builder, "quantity", ewe_gift_get_quantity (gift));
  add_int (builder, "reserved", ewe_gift_get_reserved (gift));
  add_int (builder, "purchased", ewe_gift_get_purchased (gift));
  add_string (builder, "type", ewe_product_type_to_string (ewe_gift_get_product_type (gift)));
  add_optional_string (builder, "notes", ewe_gift_get_notes (gift));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* --- products (catalogue and notfound) --------------------------------- */

EweGift *
ewe_codec_product_from_json (JsonNode        *node,
                             EweProductType   type,
                             GError         **error)
{
  const char *what = _("the product");
  g_autofree char *product_id = NULL;
  g_autofree char *brand = NULL;
  g_autofree char *details = NULL;
  g_autofree char *product_url = NULL;
  g_autofree char *image_url = NULL;
  g_autofree char *price = NULL;
  g_autofree char *retailer = NULL;
  JsonObject *object;
  EweGift *gift;

  if (!(object = expect_object (node, what, error)) ||
      !read_id (object, what, "productId", &product_id, error) ||
      !read_string (object, what, "brand", TRUE, &brand, error) ||
      !read_string (object, what, "details", TRUE, &details, error) ||
      !read_string (object, what, "productUrl", TRUE, &product_url, error) ||
      !read_string (object, what, "imageUrl", FALSE, &image_url, error) ||
      !read_string (object, what, "price", FALSE, &price, error) ||
      !read_string (object, what, "retailer", FALSE, &retailer, error))
    return NULL;

  gift = ewe_gift_new ();
  ewe_gift_set_product_id (gift, product_id);
  ewe_gift_set_product_type (gift, type);
  ewe_gift_set_brand (gift, brand);
  ewe_gift_set_details (gift, details);
  ewe_gift_set_product_url (gift, product_url);
  ewe_gift_set_image_url (gift, image_url);
  ewe_gift_set_price (gift, price);
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
  add_string (builder, "productId", ewe_gift_get_product_id (gift));
  add_string (builder, "brand", ewe_gift_get_brand (gift));
  add_string (builder, "details", ewe_gift_get_details (gift));
  /* A catalogue product always has a picture; a user's may not. */
  if (catalogue)
    add_string (builder, "imageUrl", ewe_gift_get_image_url (gift));
  else
    add_optional_string (builder, "imageUrl", ewe_gift_get_image_url (gift));
  add_string (builder, "productUrl", ewe_gift_get_product_url (gift));
  add_optional_string (builder, "price", ewe_gift_get_price (gift));
  add_optional_string (builder, "retailer", ewe_gift_get_retailer (gift));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* --- reservations ------------------------------------------------------ */

EweReservation *
ewe_codec_reservation_from_json (JsonNode  *node,
                                 GError   **error)
{
  const char *what = _("a reservation");
  g_autofree char *id = NULL;
  g_autofree char *list_id = NULL;
  g_autofree char *list_title = NULL;
  g_autofree char *list_owner_id = NULL;
  g_autofree char *product_id = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  g_autofree char *state_str = NULL;
  EweReservationState state;
  EweProductType type;
  int quantity;
  JsonObject *object;
  EweReservation *reservation;

  if (!(object = expect_object (node, what, error)) ||
      !read_id (object, what, "reservationId", &id, error) ||
      !read_id (object, what, "productId", &product_id, error) ||
      !read_string (object, what, "userId", FALSE, &user_id, error) ||
      !read_id (object, what, "listId", &list_id, error) ||
      !read_string (object, what, "listOwnerId", FALSE, &list_owner_id, error) ||
      !read_string (object, what, "name", TRUE, &name, error) ||
      !read_string (object, what, "email", TRUE, &email, error) ||
      !read_count (object, what, "quantity", 1, &quantity, error) ||
      !read_string (object, what, "state", TRUE, &state_str, error) ||
      !read_string (object, what, "listTitle", FALSE, &list_title, error) ||
      !read_product_type (object, what, "productType", &type, error))
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

  return reservation;
}

JsonNode *
ewe_codec_reservation_to_json (EweReservation *reservation)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  EweReservation *r = reservation;

  g_return_val_if_fail (EWE_IS_RESERVATION (reservation), NULL);

  json_builder_begin_object (builder);
  add_string (builder, "reservationId", ewe_reservation_get_id (r));
  add_string (builder, "productId", ewe_reservation_get_product_id (r));
  add_string (builder, "userId", ewe_reservation_get_user_id (r));
  add_string (builder, "listId", ewe_reservation_get_list_id (r));
  add_string (builder, "listOwnerId", ewe_reservation_get_list_owner_id (r));
  add_string (builder, "name", ewe_reservation_get_name (r));
  add_string (builder, "email", ewe_reservation_get_email (r));
  add_int (builder, "quantity", ewe_reservation_get_quantity (r));
  add_string (builder, "state", ewe_reservation_state_to_string (ewe_reservation_get_state (r)));
  add_string (builder, "listTitle", ewe_reservation_get_list_title (r));
  add_string (builder, "productType", ewe_product_type_to_string (ewe_reservation_get_product_type (r)));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* --- GET /lists -------------------------------------------------------- */

static GPtrArray *
read_list_array (JsonObject  *object,
                 const char  *member,
                 GError     **error)
{
  g_autoptr(GPtrArray) lists = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *what = g_strdup_printf (_("the “%s” lists"), member);
  JsonArray *array;

  if (!json_object_has_member (object, member))
    return g_steal_pointer (&lists);

  if (!(array = expect_array (json_object_get_member (object, member), what, error)))
    return NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      EweList *list = ewe_codec_list_from_json (json_array_get_element (array, i), error);

      if (list == NULL)
        return NULL;
      g_ptr_array_add (lists, list);
    }

  return g_steal_pointer (&lists);
}

gboolean
ewe_codec_decode_lists (const char  *data,
                        gssize       length,
                        EweUser    **user,
                        GPtrArray  **owned,
                        GPtrArray  **closed,
                        GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(EweUser) the_user = NULL;
  g_autoptr(GPtrArray) the_owned = NULL;
  g_autoptr(GPtrArray) the_closed = NULL;
  JsonObject *object;
  JsonNode *user_node;

  if (!(root = ewe_codec_parse (data, length, error)) ||
      !(object = expect_object (root, _("the answer"), error)))
    return FALSE;

  /* "user" is null for someone the original had no record of yet. */
  user_node = json_object_get_member (object, "user");
  if (user_node != NULL && !JSON_NODE_HOLDS_NULL (user_node) &&
      !(the_user = ewe_codec_user_from_json (user_node, error)))
    return FALSE;

  if (!json_object_has_member (object, "owned"))
    {
      g_set_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_SHAPE,
                   _("The member “%s” of %s is missing"), "owned", _("the answer"));
      return FALSE;
    }

  if (!(the_owned = read_list_array (object, "owned", error)) ||
      !(the_closed = read_list_array (object, "closed", error)))
    return FALSE;

  if (user != NULL)
    *user = g_steal_pointer (&the_user);
  if (owned != NULL)
    *owned = g_steal_pointer (&the_owned);
  if (closed != NULL)
    *closed = g_steal_pointer (&the_closed);

  return TRUE;
}

/* ewelists-server's GET /lists also answers "reserved": what this user
 * reserved or bought on other people's lists. The original had no such
 * member, so its absence reads as none. */
gboolean
ewe_codec_decode_my_reservations (const char  *data,
                                  gssize       length,
                                  GPtrArray  **reserved,
                                  GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) the_reserved = g_ptr_array_new_with_free_func (g_object_unref);
  JsonObject *object;
  JsonNode *node;

  if (!(root = ewe_codec_parse (data, length, error)) ||
      !(object = expect_object (root, _("the answer"), error)))
    return FALSE;

  node = json_object_get_member (object, "reserved");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      JsonArray *array = expect_array (node, _("the reservations"), error);

      if (array == NULL)
        return FALSE;

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          EweReservation *r = ewe_codec_reservation_from_json (json_array_get_element (array, i), error);

          if (r == NULL)
            return FALSE;
          g_ptr_array_add (the_reserved, r);
        }
    }

  if (reserved != NULL)
    *reserved = g_steal_pointer (&the_reserved);

  return TRUE;
}

char *
ewe_codec_encode_lists (EweUser   *user,
                        GPtrArray *owned,
                        GPtrArray *closed)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "user");
  if (user != NULL)
    json_builder_add_value (builder, ewe_codec_user_to_json (user));
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "owned");
  json_builder_begin_array (builder);
  for (guint i = 0; owned != NULL && i < owned->len; i++)
    json_builder_add_value (builder, ewe_codec_list_to_json (g_ptr_array_index (owned, i)));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "closed");
  json_builder_begin_array (builder);
  for (guint i = 0; closed != NULL && i < closed->len; i++)
    json_builder_add_value (builder, ewe_codec_list_to_json (g_ptr_array_index (closed, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return builder_to_string (builder);
}

/* --- GET /lists/{id} and GET /lists/{id}/shared ------------------------ */

/* Both answers carry the gifts as an object keyed by product id, and the
 * reservations either as an array (the owner's view) or nested by product id
 * and then by user id (the shared view). */
static gboolean
decode_list_common (const char  *data,
                    gssize       length,
                    gboolean     shared,
                    EweList    **list_out,
                    GPtrArray  **gifts_out,
                    GPtrArray  **reservations_out,
                    GError     **error)
{
  const char *what = _("the answer");
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(EweList) list = NULL;
  g_autoptr(GPtrArray) gifts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) reservations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GList) product_ids = NULL;
  JsonObject *object;
  JsonObject *products;
  JsonNode *reserved;

  if (!(root = ewe_codec_parse (data, length, error)) ||
      !(object = expect_object (root, what, error)) ||
      !(list = ewe_codec_list_from_json (json_object_get_member (object, "list"), error)) ||
      !(products = expect_object (json_object_get_member (object, "products"), _("the gifts"), error)))
    return FALSE;

  product_ids = json_object_get_members (products);
  for (const GList *l = product_ids; l != NULL; l = l->next)
    {
      EweGift *gift = ewe_codec_gift_from_json (json_object_get_member (products, l->data),
                                                ewe_list_get_id (list), error);

      if (gift == NULL)
        return FALSE;
      g_ptr_array_add (gifts, gift);

      if (g_strcmp0 (ewe_gift_get_product_id (gift), l->data) != 0)
        {
          g_set_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_VALUE,
                       _("The gift filed under “%s” has another product id"),
                       (const char *)l->data);
          return FALSE;
        }
    }

  reserved = json_object_get_member (object, "reserved");
  if (!shared)
    {
      JsonArray *array = expect_array (reserved, _("the reservations"), error);

      if (array == NULL)
        return FALSE;

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          EweReservation *r = ewe_codec_reservation_from_json (json_array_get_element (array, i), error);

          if (r == NULL)
            return FALSE;
          g_ptr_array_add (reservations, r);
        }
    }
  else
    {
      JsonObject *by_product = expect_object (reserved, _("the reservations"), error);
      g_autoptr(GList) keys = NULL;

      if (by_product == NULL)
        return FALSE;

      keys = json_object_get_members (by_product);
      for (const GList *p = keys; p != NULL; p = p->next)
        {
          JsonObject *by_user = expect_object (json_object_get_member (by_product, p->data),
                                               _("the reservations of a gift"), error);
          g_autoptr(GList) users = NULL;

          if (by_user == NULL)
            return FALSE;

          users = json_object_get_members (by_user);
          for (const GList *u = users; u != NULL; u = u->next)
            {
              JsonArray *array = expect_array (json_object_get_member (by_user, u->data),
                                               _("the reservations of a guest"), error);

              if (array == NULL)
                return FALSE;

              for (guint i = 0; i < json_array_get_length (array); i++)
                {
                  EweReservation *r = ewe_codec_reservation_from_json (json_array_get_element (array, i), error);

                  if (r == NULL)
                    return FALSE;
                  g_ptr_array_add (reservations, r);
                }
            }
        }
    }

  if (list_out != NULL)
    *list_out = g_steal_pointer (&list);
  if (gifts_out != NULL)
    *gifts_out = g_steal_pointer (&gifts);
  if (reservations_out != NULL)
    *reservations_out = g_steal_pointer (&reservations);

  return TRUE;
}

gboolean
ewe_codec_decode_list (const char  *data,
                       gssize       length,
                       EweList    **list,
                       GPtrArray  **gifts,
                       GPtrArray  **reservations,
                       GError     **error)
{
  return decode_list_common (data, length, FALSE, list, gifts, reservations, error);
}

gboolean
ewe_codec_decode_shared_list (const char  *data,
                              gssize       length,
                              EweList    **list,
                              GPtrArray  **gifts,
                              GPtrArray  **reservations,
                              GError     **error)
{
  return decode_list_common (data, length, TRUE, list, gifts, reservations, error);
}

static void
add_list_and_gifts (JsonBuilder *builder,
                    EweList     *list,
                    GPtrArray   *gifts)
{
  json_builder_set_member_name (builder, "list");
  json_builder_add_value (builder, ewe_codec_list_to_json (list));

  json_builder_set_member_name (builder, "products");
  json_builder_begin_object (builder);
  for (guint i = 0; gifts != NULL && i < gifts->len; i++)
    {
      EweGift *gift = g_ptr_array_index (gifts, i);

      json_builder_set_member_name (builder, ewe_gift_get_product_id (gift));
      json_builder_add_value (builder, ewe_codec_gift_to_json (gift));
    }
  json_builder_end_object (builder);
}

char *
ewe_codec_encode_list (EweList   *list,
                       GPtrArray *gifts,
                       GPtrArray *reservations)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (EWE_IS_LIST (list), NULL);

  json_builder_begin_object (builder);
  add_list_and_gifts (builder, list, gifts);
  json_builder_set_member_name (builder, "reserved");
  json_builder_begin_array (builder);
  for (guint i = 0; reservations != NULL && i < reservations->len; i++)
    json_builder_add_value (builder, ewe_codec_reservation_to_json (g_ptr_array_index (reservations, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return builder_to_string (builder);
}

char *
ewe_codec_encode_shared_list (EweList   *list,
                              GPtrArray *gifts,
                              GPtrArray *reservations)
{
  g_autoptr(JsonObject) by_product = json_object_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  JsonNode *reserved;

  g_return_val_if_fail (EWE_IS_LIST (list), NULL);

  for (guint i = 0; reservations != NULL && i < reservations->len; i++)
    {
      EweReservation *r = g_ptr_array_index (reservations, i);
      const char *product_id = ewe_reservation_get_product_id (r);
      const char *user_id = ewe_reservation_get_user_id (r);
      JsonObject *by_user;
      JsonArray *array;

      if (user_id == NULL)
        user_id = ewe_reservation_get_email (r);

      if (!json_object_has_member (by_product, product_id))
        json_object_set_object_member (by_product, product_id, json_object_new ());
      by_user = json_object_get_object_member (by_product, product_id);

      if (!json_object_has_member (by_user, user_id))
        json_object_set_array_member (by_user, user_id, json_array_new ());
      array = json_object_get_array_member (by_user, user_id);

      json_array_add_element (array, ewe_codec_reservation_to_json (r));
    }

  reserved = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (reserved, by_product);

  json_builder_begin_object (builder);
  add_list_and_gifts (builder, list, gifts);
  json_builder_set_member_name (builder, "reserved");
  json_builder_add_value (builder, reserved);
  json_builder_end_object (builder);

  return builder_to_string (builder);
}

/* --- single products and reservations ---------------------------------- */

EweGift *
ewe_codec_decode_product (const char      *data,
                          gssize           length,
                          EweProductType   type,
                          GError         **error)
{
  g_autoptr(JsonNode) root = ewe_codec_parse (data, length, error);

  if (root == NULL)
    return NULL;

  return ewe_codec_product_from_json (root, type, error);
}

char *
ewe_codec_encode_product (EweGift *gift)
{
  g_autoptr(JsonNode) node = ewe_codec_product_to_json (gift);

  return json_to_string (node, FALSE);
}

EweReservation *
ewe_codec_decode_reservation (const char  *data,
                              gssize       length,
                              GError     **error)
{
  g_autoptr(JsonNode) root = ewe_codec_parse (data, length, error);

  if (root == NULL)
    return NULL;

  return ewe_codec_reservation_from_json (root, error);
}

char *
ewe_codec_encode_reservation (EweReservation *reservation)
{
  g_autoptr(JsonNode) node = ewe_codec_reservation_to_json (reservation);

  return json_to_string (node, FALSE);
}

/* {"listId": …} after a create, {"productId": …} after a notfound create,
 * {"reservation_id": …} after a reservation. */
char *
ewe_codec_decode_member_string (const char  *data,
                                gssize       length,
                                const char  *member,
                                GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  char *value = NULL;
  JsonObject *object;

  g_return_val_if_fail (member != NULL, NULL);

  if (!(root = ewe_codec_parse (data, length, error)) ||
      !(object = expect_object (root, _("the answer"), error)) ||
      !read_id (object, _("the answer"), member, &value, error))
    return NULL;

  return value;
}

/* The original answered every failure with {"error": "…"}; a message
 * worth showing to the user. NULL when there is none. */
char *
ewe_codec_decode_error_message (const char *data,
                                gssize      length)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonNode *node;

  if (data == NULL ||
      !(root = ewe_codec_parse (data, length, NULL)) ||
      !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  object = json_node_get_object (root);
  node = json_object_get_member (object, "error");
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return g_strdup (json_node_get_string (node));
}

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
  add_string (builder, "title", ewe_list_get_title (list));
  add_string (builder, "description", ewe_list_get_description (list));
  add_string (builder, "eventDate", ewe_list_get_event_date (list));
  add_string (builder, "occasion", ewe_list_get_occasion (list));
  add_string (builder, "imageUrl", ewe_list_get_image_url (list));
  json_builder_end_object (builder);

  return builder_to_string (builder);
}

EweList *
ewe_codec_decode_list_request (const char  *data,
                               gssize       length,
                               GError     **error)
{
  const char *what = _("the list");
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  g_autofree char *event_date = NULL;
  g_autofree char *occasion = NULL;
  g_autofree char *image_url = NULL;
  JsonObject *object;
  EweList *list;

  if (!(root = ewe_codec_parse (data, length, error)) ||
      !(object = expect_object (root, what, error)) ||
      !read_string (object, what, "title", TRUE, &title, error) ||
      !read_string (object, what, "description", FALSE, &description, error) ||
      !read_string (object, what, "eventDate", FALSE, &event_date, error) ||
      !read_string (object, what, "occasion", FALSE, &occasion, error) ||
      !read_string (object, what, "imageUrl", FALSE, &image_url, error))
    return NULL;

  if (event_date != NULL && (*event_date == '\0' || g_str_equal (event_date, "None")))
    g_clear_pointer (&event_date, g_free);

  list = ewe_list_new ();
  ewe_list_set_title (list, title);
  ewe_list_set_description (list, description);
  ewe_list_set_event_date (list, event_date);
  ewe_list_set_occasion (list, occasion);
  ewe_list_set_image_url (list, image_url);

  return list;
}

/* POST /lists/{id}/product/{productId} */
char *
ewe_codec_encode_add_gift_request (EweGift *gift)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (EWE_IS_GIFT (gift), NULL);

  json_builder_begin_object (builder);
  add_int (builder, "quantity", ewe_gift_get_quantity (gift));
  add_string (builder, "productType", ewe_product_type_to_string (ewe_gift_get_product_type (gift)));
  add_optional_string (builder, "notes", ewe_gift_get_notes (gift));
  json_builder_end_object (builder);

  return builder_to_string (builder);
}

/* PUT /lists/{id}/product/{productId} */
char *
ewe_codec_encode_update_gift_request (EweGift *gift)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (EWE_IS_GIFT (gift), NULL);

  json_builder_begin_object (builder);
  add_int (builder, "quantity", ewe_gift_get_quantity (gift));
  add_string (builder, "notes", ewe_gift_get_notes (gift));
  json_builder_end_object (builder);

  return builder_to_string (builder);
}

/* Reads either body above; "productType" is only in the add request. */
EweGift *
ewe_codec_decode_gift_request (const char  *data,
                               gssize       length,
                               GError     **error)
{
  const char *what = _("the gift");
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *notes = NULL;
  EweProductType type = EWE_PRODUCT_TYPE_CATALOGUE;
  int quantity;
  JsonObject *object;
  EweGift *gift;

  if (!(root = ewe_codec_parse (data, length, error)) ||
      !(object = expect_object (root, what, error)) ||
      !read_count (object, what, "quantity", 1, &quantity, error) ||
      !read_string (object, what, "notes", FALSE, &notes, error))
    return NULL;

  if (json_object_has_member (object, "productType") &&
      !read_product_type (object, what, "productType", &type, error))
    return NULL;

  gift = ewe_gift_new ();
  ewe_gift_set_quantity (gift, quantity);
  ewe_gift_set_product_type (gift, type);
  ewe_gift_set_notes (gift, notes);

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
  add_int (builder, "quantity", quantity);
  add_string (builder, "title", list_title);
  add_string (builder, "name", name);
  json_builder_set_member_name (builder, "product");
  json_builder_begin_object (builder);
  add_string (builder, "type", ewe_product_type_to_string (ewe_gift_get_product_type (gift)));
  add_string (builder, "brand", ewe_gift_get_brand (gift));
  add_string (builder, "details", ewe_gift_get_details (gift));
  add_string (builder, "productUrl", ewe_gift_get_product_url (gift));
  add_string (builder, "imageUrl", ewe_gift_get_image_url (gift));
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return builder_to_string (builder);
}

/* POST /notfound: note "url", not "productUrl", as the original had it. */
char *
ewe_codec_encode_notfound_request (EweGift *gift)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (EWE_IS_GIFT (gift), NULL);

  json_builder_begin_object (builder);
  add_string (builder, "brand", ewe_gift_get_brand (gift));
  add_string (builder, "details", ewe_gift_get_details (gift));
  add_string (builder, "url", ewe_gift_get_product_url (gift));
  add_optional_string (builder, "imageUrl", ewe_gift_get_image_url (gift));
  add_optional_string (builder, "price", ewe_gift_get_price (gift));
  json_builder_end_object (builder);

  return builder_to_string (builder);
}
