/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Where a gift's product lives: the shared catalogue ("products" on the
 * wire) or the user-added products the catalogue did not know ("notfound"). */
typedef enum
{
  EWE_PRODUCT_TYPE_CATALOGUE,
  EWE_PRODUCT_TYPE_NOTFOUND,
} EweProductType;

typedef enum
{
  EWE_LIST_STATE_OPEN,
  EWE_LIST_STATE_CLOSED,
} EweListState;

typedef enum
{
  EWE_RESERVATION_STATE_RESERVED,
  EWE_RESERVATION_STATE_PURCHASED,
  EWE_RESERVATION_STATE_CANCELLED,
} EweReservationState;

/* What an outbox entry asks the server to do, in the order it was done. */
typedef enum
{
  EWE_OUTBOX_KIND_CREATE_LIST,
  EWE_OUTBOX_KIND_UPDATE_LIST,
  EWE_OUTBOX_KIND_CLOSE_LIST,
  EWE_OUTBOX_KIND_DELETE_LIST,
  EWE_OUTBOX_KIND_CREATE_PRODUCT,
  EWE_OUTBOX_KIND_ADD_GIFT,
  EWE_OUTBOX_KIND_UPDATE_GIFT,
  EWE_OUTBOX_KIND_REMOVE_GIFT,
  EWE_OUTBOX_KIND_SET_RECEIVED,
  EWE_OUTBOX_KIND_SET_THANKED,
  EWE_OUTBOX_KIND_ARCHIVE_LIST,
  EWE_OUTBOX_KIND_UNARCHIVE_LIST,
  EWE_OUTBOX_KIND_SET_REVEAL_DATE,
} EweOutboxKind;

#define EWE_TYPE_PRODUCT_TYPE (ewe_product_type_get_type ())
#define EWE_TYPE_LIST_STATE (ewe_list_state_get_type ())
#define EWE_TYPE_RESERVATION_STATE (ewe_reservation_state_get_type ())
#define EWE_TYPE_OUTBOX_KIND (ewe_outbox_kind_get_type ())

GType ewe_product_type_get_type      (void) G_GNUC_CONST;
GType ewe_list_state_get_type        (void) G_GNUC_CONST;
GType ewe_reservation_state_get_type (void) G_GNUC_CONST;
GType ewe_outbox_kind_get_type       (void) G_GNUC_CONST;

/* The strings the API uses on the wire. from_string returns FALSE for
 * anything else and leaves *out untouched. */
const char *ewe_product_type_to_string      (EweProductType       type);
gboolean    ewe_product_type_from_string    (const char          *str,
                                             EweProductType      *out);
const char *ewe_list_state_to_string        (EweListState         state);
gboolean    ewe_list_state_from_string      (const char          *str,
                                             EweListState        *out);
const char *ewe_reservation_state_to_string (EweReservationState  state);
gboolean    ewe_reservation_state_from_string (const char        *str,
                                               EweReservationState *out);

const char *ewe_outbox_kind_to_string     (EweOutboxKind        kind);
gboolean    ewe_outbox_kind_from_string   (const char          *str,
                                           EweOutboxKind       *out);

G_END_DECLS
