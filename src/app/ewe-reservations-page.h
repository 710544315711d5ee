/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <adwaita.h>

#include "ewe-friends.h"

G_BEGIN_DECLS

#define EWE_TYPE_RESERVATIONS_PAGE (ewe_reservations_page_get_type ())

G_DECLARE_FINAL_TYPE (EweReservationsPage, ewe_reservations_page, EWE, RESERVATIONS_PAGE, AdwBin)

GtkWidget *ewe_reservations_page_new (EweFriends *friends);

G_END_DECLS
