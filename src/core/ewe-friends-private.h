/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ewe-api-client.h"
#include "ewe-friends.h"

G_BEGIN_DECLS

/* Shared by ewe-friends.c (links, models, loading), ewe-friends-lists.c
 * (reading lists from their server, opening links),
 * ewe-friends-reservations.c (reserving and changing reservations),
 * ewe-friends-reservation-link.c (opening a reservation's link) and
 * ewe-friends-reservations-refresh.c (asking what became of them). */

/* Reads @list_id from @server_url into the store and the models; the
 * result is the live list, with a reference. */
void        ewe_friends_fetch_list_async      (EweFriends            *self,
                                               const char            *server_url,
                                               const char            *list_id,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
EweList    *ewe_friends_fetch_list_finish     (EweFriends            *self,
                                               GAsyncResult          *result,
                                               GError               **error);
/* Reads the reservation @reservation_id from @server_url, then its list,
 * and remembers both; the result is the live reservation, with a
 * reference. It is read with @email, what the user typed (else the
 * address of the reservation known here), and first confirmed when
 * @confirm_key is set. */
void        ewe_friends_open_reservation_async (EweFriends           *self,
                                                const char           *server_url,
                                                const char           *reservation_id,
                                                const char           *email,
                                                const char           *confirm_key,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
EweReservation *ewe_friends_open_reservation_finish (EweFriends      *self,
                                                     GAsyncResult    *result,
                                                     GError         **error);
/* Puts @list and its @gifts, as the server sent them, into the live
 * models, changing the objects already there in place; returns the live
 * list. */
EweList    *ewe_friends_apply_list            (EweFriends            *self,
                                               const char            *server_url,
                                               EweList               *list,
                                               GPtrArray             *gifts);
/* Returns @error (owned) from @task, reworded when it is the network's. */
void        ewe_friends_return_api_error      (GTask                 *task,
                                               GError                *error);
GListStore *ewe_friends_get_reservation_store (EweFriends            *self);
EweApiClient *ewe_friends_new_client          (EweFriends            *self,
                                               const char            *server_url);
/* Counts the changes to reservations started, so that an answer asked for
 * before one of them is not taken for newer than it. */
guint       *ewe_friends_get_change_serial    (EweFriends            *self);
const char  *ewe_friends_get_account_server_url (EweFriends          *self);
/* Emits EweFriends::problem with an EWE_FRIENDS_ERROR_NOT_REMEMBERED
 * saying @message_format. */
void         ewe_friends_report_not_remembered (EweFriends           *self,
                                                const char           *message_format,
                                                ...) G_GNUC_PRINTF (2, 3);
EweReservation *ewe_friends_lookup_reservation (EweFriends        *self,
                                                const char        *reservation_id);
/* The reservation the server sent in @answer, or an error saying it
 * could not be read. */
EweReservation *ewe_friends_decode_reservation (GBytes              *answer,
                                                GError             **error);
char        *ewe_friends_dup_reserved_gift_name (EweFriends          *self,
                                                 EweReservation      *reservation);

G_END_DECLS
