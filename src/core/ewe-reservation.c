/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-reservation"

#include "config.h"

#include "ewe-reservation.h"
#include "ewe-properties-private.h"

/* A guest's reservation of a gift. Reservations belong to the server: the
 * app only ever reads them. */
struct _EweReservation
{
  GObject             parent_instance;

  /* The reservation */
  char               *id;
  EweReservationState state;
  guint               thanked : 1;
  int                 quantity;
  char               *name;
  char               *email;
  char               *user_id;

  /* What was reserved */
  char               *list_id;
  char               *list_title;
  char               *list_owner_id;
  char               *product_id;
  EweProductType      product_type;
};

G_DEFINE_FINAL_TYPE (EweReservation, ewe_reservation, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_LIST_ID,
  PROP_LIST_TITLE,
  PROP_LIST_OWNER_ID,
  PROP_PRODUCT_ID,
  PROP_PRODUCT_TYPE,
  PROP_USER_ID,
  PROP_NAME,
  PROP_EMAIL,
  PROP_QUANTITY,
  PROP_STATE,
  PROP_THANKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ewe_reservation_finalize (GObject *object)
{
  EweReservation *self = (EweReservation *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->list_id, g_free);
  g_clear_pointer (&self->list_title, g_free);
  g_clear_pointer (&self->list_owner_id, g_free);
  g_clear_pointer (&self->product_id, g_free);
  g_clear_pointer (&self->user_id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->email, g_free);

  G_OBJECT_CLASS (ewe_reservation_parent_class)->finalize (object);
}

static void
ewe_reservation_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  EweReservation *self = EWE_RESERVATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_LIST_ID:
      g_value_set_string (value, self->list_id);
      break;

    case PROP_LIST_TITLE:
      g_value_set_string (value, self->list_title);
      break;

    case PROP_LIST_OWNER_ID:
      g_value_set_string (value, self->list_owner_id);
      break;

    case PROP_PRODUCT_ID:
      g_value_set_string (value, self->product_id);
      break;

    case PROP_PRODUCT_TYPE:
      g_value_set_enum (value, self->product_type);
      break;

    case PROP_USER_ID:
      g_value_set_string (value, self->user_id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;

    case PROP_QUANTITY:
      g_value_set_int (value, self->quantity);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_THANKED:
      g_value_set_boolean (value, self->thanked);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_reservation_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  EweReservation *self = EWE_RESERVATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      ewe_reservation_set_id (self, g_value_get_string (value));
      break;

    case PROP_LIST_ID:
      ewe_reservation_set_list_id (self, g_value_get_string (value));
      break;

    case PROP_LIST_TITLE:
      ewe_reservation_set_list_title (self, g_value_get_string (value));
      break;

    case PROP_LIST_OWNER_ID:
      ewe_reservation_set_list_owner_id (self, g_value_get_string (value));
      break;

    case PROP_PRODUCT_ID:
      ewe_reservation_set_product_id (self, g_value_get_string (value));
      break;

    case PROP_PRODUCT_TYPE:
      ewe_reservation_set_product_type (self, g_value_get_enum (value));
      break;

    case PROP_USER_ID:
      ewe_reservation_set_user_id (self, g_value_get_string (value));
      break;

    case PROP_NAME:
      ewe_reservation_set_name (self, g_value_get_string (value));
      break;

    case PROP_EMAIL:
      ewe_reservation_set_email (self, g_value_get_string (value));
      break;

    case PROP_QUANTITY:
      ewe_reservation_set_quantity (self, g_value_get_int (value));
      break;

    case PROP_STATE:
      ewe_reservation_set_state (self, g_value_get_enum (value));
      break;

    case PROP_THANKED:
      ewe_reservation_set_thanked (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_reservation_class_init (EweReservationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ewe_reservation_finalize;
  object_class->get_property = ewe_reservation_get_property;
  object_class->set_property = ewe_reservation_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, "The reservation id",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_LIST_ID] =
    g_param_spec_string ("list-id", NULL, "The list the gift is on",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_LIST_TITLE] =
    g_param_spec_string ("list-title", NULL, "The list's title when the gift was reserved",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_LIST_OWNER_ID] =
    g_param_spec_string ("list-owner-id", NULL, "The list owner's user id",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_PRODUCT_ID] =
    g_param_spec_string ("product-id", NULL, "The reserved product",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_PRODUCT_TYPE] =
    g_param_spec_enum ("product-type", NULL, "Catalogue product or user-added (notfound)",
                       EWE_TYPE_PRODUCT_TYPE, EWE_PRODUCT_TYPE_CATALOGUE,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  properties[PROP_USER_ID] =
    g_param_spec_string ("user-id", NULL, "The guest's user id, or their e-mail if they have no account",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, "The guest's name",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_EMAIL] =
    g_param_spec_string ("email", NULL, "The guest's e-mail address",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_QUANTITY] =
    g_param_spec_int ("quantity", NULL, "How many the guest reserved",
                      1, G_MAXINT, 1,
                      (G_PARAM_READWRITE |
                       G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS));

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, "Reserved, purchased or cancelled",
                       EWE_TYPE_RESERVATION_STATE, EWE_RESERVATION_STATE_RESERVED,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  properties[PROP_THANKED] =
    g_param_spec_boolean ("thanked", NULL, "Whether the list owner has thanked the giver for it",
                          FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ewe_reservation_init (EweReservation *self)
{
  self->product_type = EWE_PRODUCT_TYPE_CATALOGUE;
  self->quantity = 1;
  self->state = EWE_RESERVATION_STATE_RESERVED;
}

EweReservation *
ewe_reservation_new (void)
{
  return g_object_new (EWE_TYPE_RESERVATION, NULL);
}

/* A detached copy, for handing values to another thread or keeping a
 * snapshot: the copy is never the live object the store updates. */
EweReservation *
ewe_reservation_copy (EweReservation *self)
{
  EweReservation *copy;

  g_return_val_if_fail (EWE_IS_RESERVATION (self), NULL);

  copy = ewe_reservation_new ();
  ewe_reservation_update_from (copy, self);

  return copy;
}

/* Copies every value of @other into @self, notifying only what changed, so
 * that a widget bound to @self redraws only the fields that did change.
 * Returns whether anything changed. */
gboolean
ewe_reservation_update_from (EweReservation *self,
                             EweReservation *other)
{
  g_return_val_if_fail (EWE_IS_RESERVATION (self), FALSE);
  g_return_val_if_fail (EWE_IS_RESERVATION (other), FALSE);

  return ewe_properties_update_from (G_OBJECT (self), G_OBJECT (other),
                                     properties, N_PROPS);
}

const char *
ewe_reservation_get_id (EweReservation *self)
{
  g_return_val_if_fail (EWE_IS_RESERVATION (self), NULL);

  return self->id;
}

void
ewe_reservation_set_id (EweReservation *self,
                        const char     *id)
{
  g_return_if_fail (EWE_IS_RESERVATION (self));

  if (g_strcmp0 (self->id, id) == 0)
    return;

  g_free (self->id);
  self->id = g_strdup (id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
ewe_reservation_get_list_id (EweReservation *self)
{
  g_return_val_if_fail (EWE_IS_RESERVATION (self), NULL);

  return self->list_id;
}

void
ewe_reservation_set_list_id (EweReservation *self,
                             const char     *list_id)
{
  g_return_if_fail (EWE_IS_RESERVATION (self));

  if (g_strcmp0 (self->list_id, list_id) == 0)
    return;

  g_free (self->list_id);
  self->list_id = g_strdup (list_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIST_ID]);
}

const char *
ewe_reservation_get_list_title (EweReservation *self)
{
  g_return_val_if_fail (EWE_IS_RESERVATION (self), NULL);

  return self->list_title;
}

void
ewe_reservation_set_list_title (EweReservation *self,
                                const char     *list_title)
{
  g_return_if_fail (EWE_IS_RESERVATION (self));

  if (g_strcmp0 (self->list_title, list_title) == 0)
    return;

  g_free (self->list_title);
  self->list_title = g_strdup (list_title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIST_TITLE]);
}

const char *
ewe_reservation_get_list_owner_id (EweReservation *self)
{
  g_return_val_if_fail (EWE_IS_RESERVATION (self), NULL);

  return self->list_owner_id;
}

void
ewe_reservation_set_list_owner_id (EweReservation *self,
                                   const char     *list_owner_id)
{
  g_return_if_fail (EWE_IS_RESERVATION (self));

  if (g_strcmp0 (self->list_owner_id, list_owner_id) == 0)
    return;

  g_free (self->list_owner_id);
  self->list_owner_id = g_strdup (list_owner_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIST_OWNER_ID]);
}

const char *
ewe_reservation_get_product_id (EweReservation *self)
{
  g_return_val_if_fail (EWE_IS_RESERVATION (self), NULL);

  return self->product_id;
}

void
ewe_reservation_set_product_id (EweReservation *self,
                                const char     *product_id)
{
  g_return_if_fail (EWE_IS_RESERVATION (self));

  if (g_strcmp0 (self->product_id, product_id) == 0)
    return;

  g_free (self->product_id);
  self->product_id = g_strdup (product_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRODUCT_ID]);
}

EweProductType
ewe_reservation_get_product_type (EweReservation *self)
{
  g_return_val_if_fail (EWE_IS_RESERVATION (self), 0);

  return self->product_type;
}

void
ewe_reservation_set_product_type (EweReservation *self,
                                  EweProductType  product_type)
{
  g_return_if_fail (EWE_IS_RESERVATION (self));

  if (self->product_type == product_type)
    return;

  self->product_type = product_type;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRODUCT_TYPE]);
}

const char *
ewe_reservation_get_user_id (EweReservation *self)
{
  g_return_val_if_fail (EWE_IS_RESERVATION (self), NULL);

  return self->user_id;
}

void
ewe_reservation_set_user_id (EweReservation *self,
                             const char     *user_id)
{
  g_return_if_fail (EWE_IS_RESERVATION (self));

  if (g_strcmp0 (self->user_id, user_id) == 0)
    return;

  g_free (self->user_id);
  self->user_id = g_strdup (user_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_ID]);
}

const char *
ewe_reservation_get_name (EweReservation *self)
{
  g_return_val_if_fail (EWE_IS_RESERVATION (self), NULL);

  return self->name;
}

void
ewe_reservation_set_name (EweReservation *self,
                          const char     *name)
{
  g_return_if_fail (EWE_IS_RESERVATION (self));

  if (g_strcmp0 (self->name, name) == 0)
    return;

  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
ewe_reservation_get_email (EweReservation *self)
{
  g_return_val_if_fail (EWE_IS_RESERVATION (self), NULL);

  return self->email;
}

void
ewe_reservation_set_email (EweReservation *self,
                           const char     *email)
{
  g_return_if_fail (EWE_IS_RESERVATION (self));

  if (g_strcmp0 (self->email, email) == 0)
    return;

  g_free (self->email);
  self->email = g_strdup (email);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMAIL]);
}

int
ewe_reservation_get_quantity (EweReservation *self)
{
  g_return_val_if_fail (EWE_IS_RESERVATION (self), 0);

  return self->quantity;
}

void
ewe_reservation_set_quantity (EweReservation *self,
                              int             quantity)
{
  g_return_if_fail (EWE_IS_RESERVATION (self));
  g_return_if_fail (quantity >= 1);

  if (self->quantity == quantity)
    return;

  self->quantity = quantity;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUANTITY]);
}

EweReservationState
ewe_reservation_get_state (EweReservation *self)
{
  g_return_val_if_fail (EWE_IS_RESERVATION (self), 0);

  return self->state;
}

void
ewe_reservation_set_state (EweReservation     *self,
                           EweReservationState state)
{
  g_return_if_fail (EWE_IS_RESERVATION (self));

  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

gboolean
ewe_reservation_get_thanked (EweReservation *self)
{
  g_return_val_if_fail (EWE_IS_RESERVATION (self), FALSE);

  return self->thanked;
}

void
ewe_reservation_set_thanked (EweReservation *self,
                             gboolean        thanked)
{
  g_return_if_fail (EWE_IS_RESERVATION (self));

  thanked = !!thanked;
  if (self->thanked == thanked)
    return;

  self->thanked = thanked;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THANKED]);
}
