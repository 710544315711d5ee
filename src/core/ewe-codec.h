/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <json-glib/json-glib.h>

#include "ewe-limits.h"

#include "ewe-gift.h"
#include "ewe-list.h"
#include "ewe-reservation.h"
#include "ewe-user.h"

G_BEGIN_DECLS

#define EWE_CODEC_ERROR (ewe_codec_error_quark ())

typedef enum
{
  EWE_CODEC_ERROR_SYNTAX,  /* not JSON, not UTF-8, nested too deep */
  EWE_CODEC_ERROR_SHAPE,   /* a member missing or of the wrong type */
  EWE_CODEC_ERROR_VALUE,   /* a member of the right type but out of range */
} EweCodecError;

GQuark          ewe_codec_error_quark                (void);

JsonNode       *ewe_codec_parse                      (const char      *data,
                                                      gssize           length,
                                                      GError         **error);
char           *ewe_codec_to_string                  (JsonNode        *node);

/* Single objects, as they appear inside the API's answers. */
EweUser        *ewe_codec_user_from_json             (JsonNode        *node,
                                                      GError         **error);
JsonNode       *ewe_codec_user_to_json               (EweUser         *user);
EweList        *ewe_codec_list_from_json             (JsonNode        *node,
                                                      GError         **error);
JsonNode       *ewe_codec_list_to_json               (EweList         *list);
EweGift        *ewe_codec_gift_from_json             (JsonNode        *node,
                                                      const char      *list_id,
                                                      GError         **error);
JsonNode       *ewe_codec_gift_to_json               (EweGift         *gift);
EweReservation *ewe_codec_reservation_from_json      (JsonNode        *node,
                                                      GError         **error);
JsonNode       *ewe_codec_reservation_to_json        (EweReservation  *reservation);
EweGift        *ewe_codec_product_from_json          (JsonNode        *node,
                                                      EweProductType   type,
                                                      GError         **error);
JsonNode       *ewe_codec_product_to_json            (EweGift         *gift);

/* Whole answers. Arrays hold the decoded objects (owned). */
gboolean        ewe_codec_decode_lists               (const char      *data,
                                                      gssize           length,
                                                      EweUser        **user,
                                                      GPtrArray      **owned,
                                                      GPtrArray      **closed,
                                                      GError         **error);
gboolean        ewe_codec_decode_my_reservations     (const char      *data,
                                                      gssize           length,
                                                      GPtrArray      **reserved,
                                                      GError         **error);
char           *ewe_codec_encode_lists               (EweUser         *user,
                                                      GPtrArray       *owned,
                                                      GPtrArray       *closed);
gboolean        ewe_codec_decode_list                (const char      *data,
                                                      gssize           length,
                                                      EweList        **list,
                                                      GPtrArray      **gifts,
                                                      GPtrArray      **reservations,
                                                      GError         **error);
char           *ewe_codec_encode_list                (EweList         *list,
                                                      GPtrArray       *gifts,
                                                      GPtrArray       *reservations);
gboolean        ewe_codec_decode_shared_list         (const char      *data,
                                                      gssize           length,
                                                      EweList        **list,
                                                      GPtrArray      **gifts,
                                                      GPtrArray      **reservations,
                                                      GError         **error);
char           *ewe_codec_encode_shared_list         (EweList         *list,
                                                      GPtrArray       *gifts,
                                                      GPtrArray       *reservations);
EweGift        *ewe_codec_decode_product             (const char      *data,
                                                      gssize           length,
                                                      EweProductType   type,
                                                      GError         **error);
char           *ewe_codec_encode_product             (EweGift         *gift);
gboolean        ewe_codec_decode_product_search      (const char      *data,
                                                      gssize           length,
                                                      EweGift        **product,
                                                      GError         **error);
EweReservation *ewe_codec_decode_reservation         (const char      *data,
                                                      gssize           length,
                                                      GError         **error);
char           *ewe_codec_encode_reservation         (EweReservation  *reservation);
char           *ewe_codec_decode_member_string       (const char      *data,
                                                      gssize           length,
                                                      const char      *member,
                                                      GError         **error);
char           *ewe_codec_decode_error_message       (const char      *data,
                                                      gssize           length);

/* Request bodies the client sends. */
char           *ewe_codec_encode_list_request        (EweList         *list);
char           *ewe_codec_encode_archive_request     (const char      *note);
char           *ewe_codec_encode_reveal_request      (const char      *reveal_date);
char           *ewe_codec_encode_synced_list         (EweList         *list);
EweList        *ewe_codec_decode_list_request        (const char      *data,
                                                      gssize           length,
                                                      GError         **error);
char           *ewe_codec_encode_add_gift_request    (EweGift         *gift);
char           *ewe_codec_encode_update_gift_request (EweGift         *gift);
EweGift        *ewe_codec_decode_gift_request        (const char      *data,
                                                      gssize           length,
                                                      GError         **error);
char           *ewe_codec_encode_reserve_request     (int              quantity,
                                                      const char      *list_title,
                                                      const char      *name,
                                                      EweGift         *gift);
char           *ewe_codec_encode_purchase_request    (int              quantity,
                                                      const char      *list_title,
                                                      const char      *name,
                                                      EweGift         *gift);
char           *ewe_codec_encode_notfound_request    (EweGift         *gift);
char           *ewe_codec_encode_contact_request     (const char      *name,
                                                      const char      *email,
                                                      const char      *message);

/* A guest changing or cancelling a reservation. */
char *ewe_codec_encode_update_reservation_request (int         quantity,
                                                   const char *name);
char *ewe_codec_encode_cancel_reservation_request (const char *name);
char *ewe_codec_encode_confirm_reservation_request (const char *email,
                                                    const char *key);

G_END_DECLS
