/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-api-json"

#include "config.h"

#include "ewe-reveal.h"
#include "ews-api-json.h"

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

/* The reveal date the owner chose ("revealDate", absent for the default),
 * the day it comes to ("revealOn", absent when there is none) and whether
 * it has come by the server's clock ("revealed"): a client's own clock
 * cannot be trusted to decide what its owner sees. */
static void
write_reveal (EwsJsonWriter *writer,
              const EwsList *list)
{
  g_autofree char *reveal_on = ewe_reveal_effective_date (list->event_date, list->reveal_date);

  if (list->reveal_date != NULL)
    write_string (writer, "revealDate", list->reveal_date);
  if (reveal_on != NULL)
    write_string (writer, "revealOn", reveal_on);
  ews_json_writer_member (writer, "revealed");
  ews_json_writer_boolean_value (writer, list->revealed);
}

void
ews_api_json_write_list (EwsJsonWriter *writer,
                         const EwsList *list)
{
  ews_api_json_write_list_as (writer, list, NULL, NULL);
}

void
ews_api_json_write_list_as (EwsJsonWriter *writer,
                            const EwsList *list,
                            const char    *role,
                            const char    *owner_name)
{
  ews_json_writer_begin_object (writer);
  write_string (writer, "listId", list->list_id);
  write_string (writer, "title", list->title);
  write_string (writer, "description", list->description);
  write_string (writer, "occasion", list->occasion);
  write_string (writer, "imageUrl", list->image_url);
  write_string (writer, "listOwner", list->owner_id);
  write_string (writer, "state", list->closed ? "closed" : "open");
  /* The original left eventDate out when a list had none. */
  if (list->event_date != NULL)
    write_string (writer, "eventDate", list->event_date);
  if (role != NULL)
    write_string (writer, "role", role);
  if (owner_name != NULL)
    write_string (writer, "ownerName", owner_name);
  write_reveal (writer, list);
  /* Not in the original: present only on an archived list, whose guests
   * are shown the note instead of a way to reserve. */
  if (list->archived_at != 0)
    {
      ews_json_writer_member (writer, "archived");
      ews_json_writer_boolean_value (writer, TRUE);
      if (list->archive_note != NULL)
        write_string (writer, "archiveNote", list->archive_note);
    }
  /* Not in the original, whose lists were all in pounds. */
  write_string (writer, "currency", list->currency != NULL ? list->currency : "GBP");
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
  ews_json_writer_member (writer, "received");
  ews_json_writer_boolean_value (writer, gift->received);
  /* Not in the original, whose gifts all had a fixed quantity. */
  ews_json_writer_member (writer, "unlimited");
  ews_json_writer_boolean_value (writer, gift->unlimited);
  ews_json_writer_member (writer, "mostWanted");
  ews_json_writer_boolean_value (writer, gift->most_wanted);
  ews_json_writer_end_object (writer);
}

void
ews_api_json_write_gifts_member (EwsJsonWriter *writer,
                                 GPtrArray     *gifts)
{
  ews_json_writer_member (writer, "products");
  ews_json_writer_begin_object (writer);
  for (guint i = 0; i < gifts->len; i++)
    {
      EwsGift *gift = g_ptr_array_index (gifts, i);

      ews_json_writer_member (writer, gift->product_id);
      ews_api_json_write_gift (writer, gift);
    }
  ews_json_writer_end_object (writer);
}

void
ews_api_json_write_reservation (EwsJsonWriter        *writer,
                                const EwsReservation *reservation,
                                const char           *viewer_sub)
{
  ews_json_writer_begin_object (writer);
  write_string (writer, "reservationId", reservation->reservation_id);
  write_string (writer, "productId", reservation->product_id);
  write_string (writer, "userId", reservation->user_id);
  write_string (writer, "listId", reservation->list_id);
  if (viewer_sub != NULL && g_strcmp0 (viewer_sub, reservation->list_owner_id) == 0)
    write_string (writer, "listOwnerId", reservation->list_owner_id);
  write_string (writer, "name", reservation->name);
  write_string (writer, "email", reservation->email);
  write_int (writer, "quantity", reservation->quantity);
  write_string (writer, "state", reservation->state);
  write_string (writer, "listTitle", reservation->list_title);
  write_string (writer, "productType", reservation->product_type);
  /* Never the key: it is for the address's mailbox only. */
  ews_json_writer_member (writer, "confirmed");
  ews_json_writer_boolean_value (writer, reservation->confirmed);
  ews_json_writer_member (writer, "thanked");
  ews_json_writer_boolean_value (writer, reservation->thanked);
  ews_json_writer_end_object (writer);
}

void
ews_api_json_write_product (EwsJsonWriter    *writer,
                            EwsProductKind    kind,
                            const EwsProduct *product)
{
  ews_json_writer_begin_object (writer);
  write_string (writer, "productId", product->product_id);
  write_string (writer, "brand", product->brand);
  write_string (writer, "details", product->details);
  write_string (writer, "productUrl", product->product_url);
  /* Catalogue entries always had an image; user-added ones only maybe. */
  if (product->image_url != NULL || kind == EWS_PRODUCT_KIND_CATALOGUE)
    write_string (writer, "imageUrl", product->image_url);
  if (product->price != NULL)
    write_string (writer, "price", product->price);
  /* Not in the original, whose prices were all pounds. */
  if (product->currency != NULL)
    write_string (writer, "currency", product->currency);
  if (product->retailer != NULL)
    write_string (writer, "retailer", product->retailer);
  ews_json_writer_end_object (writer);
}
