/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <adwaita.h>

#include "ewe-friends.h"

G_BEGIN_DECLS

#define EWE_TYPE_RESERVATION_ROW (ewe_reservation_row_get_type ())

G_DECLARE_FINAL_TYPE (EweReservationRow, ewe_reservation_row, EWE, RESERVATION_ROW, AdwActionRow)

GtkWidget      *ewe_reservation_row_new             (EweFriends        *friends,
                                                     EweReservation    *reservation);
EweReservation *ewe_reservation_row_get_reservation (EweReservationRow *self);

G_END_DECLS
