/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-enums"

#include "config.h"

#include "ewe-enums.h"

/* The GEnum nicks are the API's wire strings, so that a property bound in a
 * .ui file, a value in the store and a JSON member all read the same. */

G_DEFINE_ENUM_TYPE (EweProductType, ewe_product_type, G_DEFINE_ENUM_VALUE (EWE_PRODUCT_TYPE_CATALOGUE, "products"), G_DEFINE_ENUM_VALUE (EWE_PRODUCT_TYPE_NOTFOUND, "notfound"))

G_DEFINE_ENUM_TYPE (EweListState, ewe_list_state, G_DEFINE_ENUM_VALUE (EWE_LIST_STATE_OPEN, "open"), G_DEFINE_ENUM_VALUE (EWE_LIST_STATE_CLOSED, "closed"))

G_DEFINE_ENUM_TYPE (EweReservationState, ewe_reservation_state, G_DEFINE_ENUM_VALUE (EWE_RESERVATION_STATE_RESERVED, "reserved"), G_DEFINE_ENUM_VALUE (EWE_RESERVATION_STATE_PURCHASED, "purchased"), G_DEFINE_ENUM_VALUE (EWE_RESERVATION_STATE_CANCELLED, "cancelled"))

/* Stored in the outbox table, so never rename a nick. */
G_DEFINE_ENUM_TYPE (EweOutboxKind, ewe_outbox_kind, G_DEFINE_ENUM_VALUE (EWE_OUTBOX_KIND_CREATE_LIST, "create-list"), G_DEFINE_ENUM_VALUE (EWE_OUTBOX_KIND_UPDATE_LIST, "update-list"), G_DEFINE_ENUM_VALUE (EWE_OUTBOX_KIND_CLOSE_LIST, "close-list"), G_DEFINE_ENUM_VALUE (EWE_OUTBOX_KIND_DELETE_LIST, "delete-list"), G_DEFINE_ENUM_VALUE (EWE_OUTBOX_KIND_CREATE_PRODUCT, "create-product"), G_DEFINE_ENUM_VALUE (EWE_OUTBOX_KIND_ADD_GIFT, "add-gift"), G_DEFINE_ENUM_VALUE (EWE_OUTBOX_KIND_UPDATE_GIFT, "update-gift"), G_DEFINE_ENUM_VALUE (EWE_OUTBOX_KIND_REMOVE_GIFT, "remove-gift"), G_DEFINE_ENUM_VALUE (EWE_OUTBOX_KIND_SET_RECEIVED, "set-received"), G_DEFINE_ENUM_VALUE (EWE_OUTBOX_KIND_SET_THANKED, "set-thanked"), G_DEFINE_ENUM_VALUE (EWE_OUTBOX_KIND_ARCHIVE_LIST, "archive-list"), G_DEFINE_ENUM_VALUE (EWE_OUTBOX_KIND_UNARCHIVE_LIST, "unarchive-list"), G_DEFINE_ENUM_VALUE (EWE_OUTBOX_KIND_SET_REVEAL_DATE, "set-reveal-date"))

static const char *
enum_to_nick (GType type,
              int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *ev = g_enum_get_value (klass, value);

  return ev != NULL ? ev->value_nick : NULL;
}

static gboolean
enum_from_nick (GType       type,
                const char *str,
                int        *out)
{
  g_autoptr(GEnumClass) klass = NULL;
  GEnumValue *ev;

  if (str == NULL)
    return FALSE;

  klass = g_type_class_ref (type);
  ev = g_enum_get_value_by_nick (klass, str);
  if (ev == NULL)
    return FALSE;

  *out = ev->value;
  return TRUE;
}

const char *
ewe_product_type_to_string (EweProductType type)
{
  return enum_to_nick (EWE_TYPE_PRODUCT_TYPE, type);
}

gboolean
ewe_product_type_from_string (const char     *str,
                              EweProductType *out)
{
  int value;

  if (!enum_from_nick (EWE_TYPE_PRODUCT_TYPE, str, &value))
    return FALSE;
  *out = value;
  return TRUE;
}

const char *
ewe_list_state_to_string (EweListState state)
{
  return enum_to_nick (EWE_TYPE_LIST_STATE, state);
}

gboolean
ewe_list_state_from_string (const char   *str,
                            EweListState *out)
{
  int value;

  if (!enum_from_nick (EWE_TYPE_LIST_STATE, str, &value))
    return FALSE;
  *out = value;
  return TRUE;
}

const char *
ewe_reservation_state_to_string (EweReservationState state)
{
  return enum_to_nick (EWE_TYPE_RESERVATION_STATE, state);
}

gboolean
ewe_reservation_state_from_string (const char          *str,
                                   EweReservationState *out)
{
  int value;

  if (!enum_from_nick (EWE_TYPE_RESERVATION_STATE, str, &value))
    return FALSE;
  *out = value;
  return TRUE;
}

const char *
ewe_outbox_kind_to_string (EweOutboxKind kind)
{
  return enum_to_nick (EWE_TYPE_OUTBOX_KIND, kind);
}

gboolean
ewe_outbox_kind_from_string (const char    *str,
                             EweOutboxKind *out)
{
  int value;

  if (!enum_from_nick (EWE_TYPE_OUTBOX_KIND, str, &value))
    return FALSE;
  *out = value;
  return TRUE;
}
