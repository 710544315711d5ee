/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <glib-object.h>

#include "ewe-enums.h"

G_BEGIN_DECLS

#define EWE_TYPE_RESERVATION (ewe_reservation_get_type ())

G_DECLARE_FINAL_TYPE (EweReservation, ewe_reservation, EWE, RESERVATION, GObject)

EweReservation      *ewe_reservation_new               (void);
EweReservation      *ewe_reservation_copy              (EweReservation      *self);
gboolean             ewe_reservation_update_from       (EweReservation      *self,
                                                        EweReservation      *other);
const char          *ewe_reservation_get_id            (EweReservation      *self);
void                 ewe_reservation_set_id            (EweReservation      *self,
                                                        const char          *id);
const char          *ewe_reservation_get_list_id       (EweReservation      *self);
void                 ewe_reservation_set_list_id       (EweReservation      *self,
                                                        const char          *list_id);
const char          *ewe_reservation_get_list_title    (EweReservation      *self);
void                 ewe_reservation_set_list_title    (EweReservation      *self,
                                                        const char          *list_title);
const char          *ewe_reservation_get_list_owner_id (EweReservation      *self);
void                 ewe_reservation_set_list_owner_id (EweReservation      *self,
                                                        const char          *list_owner_id);
const char          *ewe_reservation_get_product_id    (EweReservation      *self);
void                 ewe_reservation_set_product_id    (EweReservation      *self,
                                                        const char          *product_id);
EweProductType       ewe_reservation_get_product_type  (EweReservation      *self);
void                 ewe_reservation_set_product_type  (EweReservation      *self,
                                                        EweProductType       product_type);
const char          *ewe_reservation_get_user_id       (EweReservation      *self);
void                 ewe_reservation_set_user_id       (EweReservation      *self,
                                                        const char          *user_id);
const char          *ewe_reservation_get_name          (EweReservation      *self);
void                 ewe_reservation_set_name          (EweReservation      *self,
                                                        const char          *name);
const char          *ewe_reservation_get_email         (EweReservation      *self);
void                 ewe_reservation_set_email         (EweReservation      *self,
                                                        const char          *email);
int                  ewe_reservation_get_quantity      (EweReservation      *self);
void                 ewe_reservation_set_quantity      (EweReservation      *self,
                                                        int                  quantity);
EweReservationState  ewe_reservation_get_state         (EweReservation      *self);
void                 ewe_reservation_set_state         (EweReservation      *self,
                                                        EweReservationState  state);

/* The list's owner has thanked the giver for it (ewe_store_set_giver_thanked_async()). */
gboolean             ewe_reservation_get_thanked       (EweReservation      *self);
void                 ewe_reservation_set_thanked       (EweReservation      *self,
                                                        gboolean             thanked);

G_END_DECLS
