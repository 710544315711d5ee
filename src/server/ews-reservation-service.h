/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-server.h"
#include "ews-storage.h"

G_BEGIN_DECLS

/* What a guest without an account may do to reservations, whichever door
 * they come through (the guest pages now; the JSON routes in
 * ews-reservations.c do the same steps and can call these). The rules that
 * must hold under concurrent requests — never over-reserve, closed lists
 * take no reservations, bought and cancelled are final — are enforced by
 * the storage operations these call, not here. Errors are in
 * EWS_STORAGE_ERROR, with messages fit to show the guest. */

/* Checks the name and e-mail, reserves @quantity of the gift for a guest
 * known by their (normalized) e-mail, as the JSON API's reserve does for
 * callers who are not signed in, and queues the confirmation mail with the
 * link to manage the reservation, all in one transaction. */
EwsReservation *ews_reservation_service_reserve_as_guest (EwsServer   *server,
                                                          const char  *list_id,
                                                          const char  *product_id,
                                                          const char  *name,
                                                          const char  *email,
                                                          gint64       quantity,
                                                          GError     **error);

/* Marks the reservation bought and queues the guest's purchase mail, in
 * one transaction. */
gboolean        ews_reservation_service_purchase         (EwsServer             *server,
                                                          const EwsReservation  *reservation,
                                                          GError               **error);

/* "Brand — details" of the reserved gift, for mails. */
char           *ews_reservation_service_gift_title       (EwsStorage            *storage,
                                                          const EwsReservation  *reservation);

/* The reservation @reservation_id, if it was made with @email. A wrong
 * e-mail fails with EWS_STORAGE_ERROR_FORBIDDEN. */
EwsReservation *ews_reservation_service_load_for_guest   (EwsStorage  *storage,
                                                          const char  *reservation_id,
                                                          const char  *email,
                                                          GError     **error);

G_END_DECLS
