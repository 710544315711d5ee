/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-codec"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ewe-codec-private.h"

/* The API's whole answers, built from the objects in ewe-codec.c. */

/* Appends the reservations of the JSON array @node to @reservations: every
 * answer that carries reservations holds them in such arrays, however it
 * nests them. */
static gboolean
read_reservation_array (JsonNode   *node,
                        const char *what,
                        GPtrArray  *reservations,
                        GError    **error)
{
  JsonArray *array;

  if (!(array = ewe_codec_expect_array (node, what, error)))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      EweReservation *reservation = ewe_codec_reservation_from_json (json_array_get_element (array, i), error);

      if (reservation == NULL)
        return FALSE;
      g_ptr_array_add (reservations, reservation);
    }

  return TRUE;
}

/* --- GET /lists -------------------------------------------------------- */

static GPtrArray *
read_list_array (JsonObject *object,
                 const char *member,
                 GError    **error)
{
  g_autoptr(GPtrArray) lists = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *what = g_strdup_printf (_("the “%s” lists"), member);
  JsonArray       *array;

  if (!json_object_has_member (object, member))
    return g_steal_pointer (&lists);

  if (!(array = ewe_codec_expect_array (json_object_get_member (object, member), what, error)))
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
ewe_codec_decode_lists (const char *data,
                        gssize      length,
                        EweUser   **user,
                        GPtrArray **owned,
                        GPtrArray **closed,
                        GError    **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(EweUser) the_user = NULL;
  g_autoptr(GPtrArray) the_owned = NULL;
  g_autoptr(GPtrArray) the_closed = NULL;
  JsonObject *object;
  JsonNode   *user_node;

  if (!(root = ewe_codec_parse (data, length, error)) ||
      !(object = ewe_codec_expect_object (root, _("the answer"), error)))
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
ewe_codec_decode_my_reservations (const char *data,
                                  gssize      length,
                                  GPtrArray **reserved,
                                  GError    **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) the_reserved = g_ptr_array_new_with_free_func (g_object_unref);
  JsonObject *object;
  JsonNode   *node;

  if (!(root = ewe_codec_parse (data, length, error)) ||
      !(object = ewe_codec_expect_object (root, _("the answer"), error)))
    return FALSE;

  node = json_object_get_member (object, "reserved");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node) &&
      !read_reservation_array (node, _("the reservations"), the_reserved, error))
    return FALSE;

  if (reserved != NULL)
    *reserved = g_steal_pointer (&the_reserved);

  return TRUE;
}

/* The inverse of read_list_array (); a NULL @lists writes an empty array. */
static void
add_list_array (JsonBuilder *builder,
                const char  *member,
                GPtrArray   *lists)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; lists != NULL && i < lists->len; i++)
    json_builder_add_value (builder, ewe_codec_list_to_json (g_ptr_array_index (lists, i)));
  json_builder_end_array (builder);
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

  add_list_array (builder, "owned", owned);
  add_list_array (builder, "closed", closed);
  json_builder_end_object (builder);

  return ewe_codec_builder_to_string (builder);
}

/* --- GET /lists/{id} and GET /lists/{id}/shared ------------------------ */

/* Both answers carry the gifts as an object keyed by product id, and the
 * reservations either as an array (the owner's view) or nested by product id
 * and then by user id (the shared view). */
static gboolean
decode_list_common (const char *data,
                    gssize      length,
                    gboolean    shared,
                    EweList   **list_out,
                    GPtrArray **gifts_out,
                    GPtrArray **reservations_out,
                    GError    **error)
{
  const char *what = _("the answer");
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(EweList) list = NULL;
  g_autoptr(GPtrArray) gifts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) reservations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GList) product_ids = NULL;
  JsonObject *object;
  JsonObject *products;
  JsonNode   *reserved;

  if (!(root = ewe_codec_parse (data, length, error)) ||
      !(object = ewe_codec_expect_object (root, what, error)) ||
      !(list = ewe_codec_list_from_json (json_object_get_member (object, "list"), error)) ||
      !(products = ewe_codec_expect_object (json_object_get_member (object, "products"), _("the gifts"), error)))
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

  /* Our server says whose a shared list is; the original did not. */
  if (shared)
    {
      g_autofree char *owner_name = NULL;

      if (!ewe_codec_read_string (object, what, "ownerName", FALSE, &owner_name, error))
        return FALSE;
      ewe_list_set_owner_name (list, owner_name);
    }

  reserved = json_object_get_member (object, "reserved");
  if (!shared)
    {
      if (!read_reservation_array (reserved, _("the reservations"), reservations, error))
        return FALSE;
    }
  else
    {
      JsonObject *by_product = ewe_codec_expect_object (reserved, _("the reservations"), error);
      g_autoptr(GList) keys = NULL;

      if (by_product == NULL)
        return FALSE;

      keys = json_object_get_members (by_product);
      for (const GList *p = keys; p != NULL; p = p->next)
        {
          JsonObject *by_user = ewe_codec_expect_object (json_object_get_member (by_product, p->data),
                                                         _("the reservations of a gift"), error);
          g_autoptr(GList) users = NULL;

          if (by_user == NULL)
            return FALSE;

          users = json_object_get_members (by_user);
          for (const GList *u = users; u != NULL; u = u->next)
            {
              if (!read_reservation_array (json_object_get_member (by_user, u->data),
                                           _("the reservations of a guest"), reservations, error))
                return FALSE;
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
ewe_codec_decode_list (const char *data,
                       gssize      length,
                       EweList   **list,
                       GPtrArray **gifts,
                       GPtrArray **reservations,
                       GError    **error)
{
  return decode_list_common (data, length, FALSE, list, gifts, reservations, error);
}

gboolean
ewe_codec_decode_shared_list (const char *data,
                              gssize      length,
                              EweList   **list,
                              GPtrArray **gifts,
                              GPtrArray **reservations,
                              GError    **error)
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

  return ewe_codec_builder_to_string (builder);
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
      const char     *product_id = ewe_reservation_get_product_id (r);
      const char     *user_id = ewe_reservation_get_user_id (r);
      JsonObject     *by_user;
      JsonArray      *array;

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
  if (ewe_list_get_owner_name (list) != NULL)
    ewe_codec_add_string (builder, "ownerName", ewe_list_get_owner_name (list));
  json_builder_set_member_name (builder, "reserved");
  json_builder_add_value (builder, reserved);
  json_builder_end_object (builder);

  return ewe_codec_builder_to_string (builder);
}

/* --- single products and reservations ---------------------------------- */

EweGift *
ewe_codec_decode_product (const char    *data,
                          gssize         length,
                          EweProductType type,
                          GError       **error)
{
  g_autoptr(JsonNode) root = ewe_codec_parse (data, length, error);

  if (root == NULL)
    return NULL;

  return ewe_codec_product_from_json (root, type, error);
}

/* GET /products/url/{url}: {"product": {…}} when the catalogue has the
 * product, {"product": {}} when it has not; *product is then NULL. */
gboolean
ewe_codec_decode_product_search (const char *data,
                                 gssize      length,
                                 EweGift   **product,
                                 GError    **error)
{
  g_autoptr(JsonNode) root = ewe_codec_parse (data, length, error);
  JsonNode *member;

  g_return_val_if_fail (product != NULL, FALSE);
  *product = NULL;

  if (root == NULL)
    return FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      (member = json_object_get_member (json_node_get_object (root), "product")) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (member))
    {
      g_set_error (error, EWE_CODEC_ERROR, EWE_CODEC_ERROR_SHAPE,
                   _("Expected the catalogue search to answer a product object"));
      return FALSE;
    }

  if (json_object_get_size (json_node_get_object (member)) == 0)
    return TRUE;

  *product = ewe_codec_product_from_json (member, EWE_PRODUCT_TYPE_CATALOGUE, error);
  return *product != NULL;
}

char *
ewe_codec_encode_product (EweGift *gift)
{
  g_autoptr(JsonNode) node = ewe_codec_product_to_json (gift);

  return json_to_string (node, FALSE);
}

EweReservation *
ewe_codec_decode_reservation (const char *data,
                              gssize      length,
                              GError    **error)
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
ewe_codec_decode_member_string (const char *data,
                                gssize      length,
                                const char *member,
                                GError    **error)
{
  g_autoptr(JsonNode) root = NULL;
  char       *value = NULL;
  JsonObject *object;

  g_return_val_if_fail (member != NULL, NULL);

  if (!(root = ewe_codec_parse (data, length, error)) ||
      !(object = ewe_codec_expect_object (root, _("the answer"), error)) ||
        !ewe_codec_read_id (object, _("the answer"), member, &value, error))
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
  JsonNode   *node;

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
