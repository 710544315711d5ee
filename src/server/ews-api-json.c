/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-api-json"

#include "config.h"

#include "ews-api-json.h"

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value != NULL ? value : "");
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

void
ews_api_json_add_list (JsonBuilder   *builder,
                       const EwsList *list)
{
  json_builder_begin_object (builder);
  add_string (builder, "listId", list->list_id);
  add_string (builder, "title", list->title);
  add_string (builder, "description", list->description);
  add_string (builder, "occasion", list->occasion);
  add_string (builder, "imageUrl", list->image_url);
  add_string (builder, "listOwner", list->owner_id);
  add_string (builder, "state", list->closed ? "closed" : "open");
  /* The original left eventDate out when a list had none. */
  if (list->event_date != NULL)
    add_string (builder, "eventDate", list->event_date);
  json_builder_end_object (builder);
}

void
ews_api_json_add_gift (JsonBuilder   *builder,
                       const EwsGift *gift)
{
  json_builder_begin_object (builder);
  add_string (builder, "productId", gift->product_id);
  add_int (builder, "quantity", gift->quantity);
  add_int (builder, "reserved", gift->reserved);
  add_int (builder, "purchased", gift->purchased);
  add_string (builder, "type", gift->type);
  if (gift->notes != NULL)
    add_string (builder, "notes", gift->notes);
  json_builder_end_object (builder);
}

static void
write_string (EwsJsonWriter *writer,
              const char    *name,
              const char    *value)
{
  ews_json_writer_member (writer, name);
  ews_json_writer_string_value (writer, value != NULL ? value : "");
}

static void
write_int (EwsJsonWriter *writer,
           const char    *name,
           gint64         value)
{
  ews_json_writer_member (writer, name);
  ews_json_writer_int_value (writer, value);
}

void
ews_api_json_write_list (EwsJsonWriter *writer,
                         const EwsList *list)
{
  ews_json_writer_begin_object (writer);
  write_string (writer, "listId", list->list_id);
  write_string (writer, "title", list->title);
  write_string (writer, "description", list->description);
  write_string (writer, "occasion", list->occasion);
  write_string (writer, "imageUrl", list->image_url);
  write_string (writer, "listOwner", list->owner_id);
  write_string (writer, "state", list->closed ? "closed" : "open");
  if (list->event_date != NULL)
    write_string (writer, "eventDate", list->event_date);
  ews_json_writer_end_object (writer);
}

void
ews_api_json_write_gift (EwsJsonWriter *writer,
                         const EwsGift *gift)
{
  ews_json_writer_begin_object (writer);
  write_string (writer, "productId", gift->product_id);
  write_int (writer, "quantity", gift->quantity);
  write_int (writer, "reserved", gift->reserved);
  write_int (writer, "purchased", gift->purchased);
  write_string (writer, "type", gift->type);
  if (gift->notes != NULL)
    write_string (writer, "notes", gift->notes);
  ews_json_writer_end_object (writer);
}

void
ews_api_json_add_reservation (JsonBuilder          *builder,
                              const EwsReservation *reservation,
                              const char           *viewer_sub)
{
  json_builder_begin_object (builder);
  add_string (builder, "reservationId", reservation->reservation_id);
  add_string (builder, "productId", reservation->product_id);
  add_string (builder, "userId", reservation->user_id);
  add_string (builder, "listId", reservation->list_id);
  if (viewer_sub != NULL && g_strcmp0 (viewer_sub, reservation->list_owner_id) == 0)
    add_string (builder, "listOwnerId", reservation->list_owner_id);
  add_string (builder, "name", reservation->name);
  add_string (builder, "email", reservation->email);
  add_int (builder, "quantity", reservation->quantity);
  add_string (builder, "state", reservation->state);
  add_string (builder, "listTitle", reservation->list_title);
  add_string (builder, "productType", reservation->product_type);
  /* Never the key: it is for the address's mailbox only. */
  json_builder_set_member_name (builder, "confirmed");
  json_builder_add_boolean_value (builder, reservation->confirmed);
  json_builder_end_object (builder);
}

void
ews_api_json_add_product (JsonBuilder      *builder,
                          EwsProductKind    kind,
                          const EwsProduct *product)
{
  json_builder_begin_object (builder);
  add_string (builder, "productId", product->product_id);
  add_string (builder, "brand", product->brand);
  add_string (builder, "details", product->details);
  add_string (builder, "productUrl", product->product_url);
  /* Catalogue entries always had an image; user-added ones only maybe. */
  if (product->image_url != NULL || kind == EWS_PRODUCT_KIND_CATALOGUE)
    add_string (builder, "imageUrl", product->image_url);
  if (product->price != NULL)
    add_string (builder, "price", product->price);
  /* Not in the original, whose prices were all pounds. */
  if (product->currency != NULL)
    add_string (builder, "currency", product->currency);
  if (product->retailer != NULL)
    add_string (builder, "retailer", product->retailer);
  json_builder_end_object (builder);
}
