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

/* Reserves @quantity of the gift for @user_id (a signed-in guest's `sub`,
 * or the normalized @email of one without an account) and queues the mail
 * to @email, in @catalog's language (the one the guest reserved in), with
 * the link to manage the reservation, in one transaction.
 * A reservation not @confirmed is held to EWS_MAX_UNCONFIRMED_PER_ADDRESS
 * and its mail's link also confirms it. */
EwsReservation *ews_reservation_service_reserve          (EwsServer        *server,
                                                          const EwsCatalog *catalog,
                                                          const char       *list_id,
                                                          const char       *product_id,
                                                          const char       *user_id,
                                                          const char       *name,
                                                          const char       *email,
                                                          gint64            quantity,
                                                          gboolean          confirmed,
                                                          GError          **error);

/* Checks the name and e-mail, and reserves for a guest known by their
 * (normalized) e-mail, unconfirmed, as the JSON API's reserve does for
 * callers who are not signed in. */
EwsReservation *ews_reservation_service_reserve_as_guest (EwsServer        *server,
                                                          const EwsCatalog *catalog,
                                                          const char       *list_id,
                                                          const char       *product_id,
                                                          const char       *name,
                                                          const char       *email,
                                                          gint64            quantity,
                                                          GError          **error);

/* Marks the reservation bought and queues the guest's purchase mail, in
 * one transaction. */
gboolean        ews_reservation_service_purchase         (EwsServer             *server,
                                                          const EwsCatalog      *catalog,
                                                          const EwsReservation  *reservation,
                                                          GError               **error);

/* "Brand — details" of the reserved gift, for mails. */
char           *ews_reservation_service_gift_title       (EwsStorage            *storage,
                                                          const EwsReservation  *reservation);
/* Its price in its currency ("€42.00"), or NULL when it has none. */
char           *ews_reservation_service_gift_price       (EwsStorage            *storage,
                                                          const EwsReservation  *reservation);

/* The reservation @reservation_id, if it was made with @email. A wrong
 * e-mail fails with EWS_STORAGE_ERROR_FORBIDDEN. */
EwsReservation *ews_reservation_service_load_for_guest   (EwsStorage  *storage,
                                                          const char  *reservation_id,
                                                          const char  *email,
                                                          GError     **error);

/* Confirms that the reservation made with @email is the address owner's,
 * with @key from the link mailed there: from then on it shows in the
 * account of that address. A wrong e-mail fails with FORBIDDEN, a wrong
 * key with INVALID; a confirmed one stays confirmed. */
gboolean        ews_reservation_service_confirm          (EwsStorage  *storage,
                                                          const char  *reservation_id,
                                                          const char  *email,
                                                          const char  *key,
                                                          GError     **error);

G_END_DECLS
