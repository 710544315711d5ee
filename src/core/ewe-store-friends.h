/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ewe-store.h"

G_BEGIN_DECLS

/* The part of EweStore that remembers friends' lists and the reservations
 * made from this device (see EweFriends, which owns their live models).
 * Nothing here touches the user's own lists or the outbox: reservations
 * belong to the server, and these rows are only a copy of what it said.
 * Objects passed in are copied on the caller's thread, never kept. */

void     ewe_store_load_friends_async         (EweStore             *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
/* @lists: EweList, most recently opened first; @server_urls: the server
 * of each, in the same order; @gifts: EweGift of all of them, in each
 * list's order; @reservations: EweReservation, oldest first. */
gboolean ewe_store_load_friends_finish        (EweStore             *self,
                                               GAsyncResult         *result,
                                               GPtrArray           **lists,
                                               GStrv                *server_urls,
                                               GPtrArray           **gifts,
                                               GPtrArray           **reservations,
                                               GError              **error);

/* Remembers @list as opened now from @server_url, with @gifts (EweGift)
 * replacing the ones remembered before. */
void     ewe_store_save_friend_list_async     (EweStore             *self,
                                               const char           *server_url,
                                               EweList              *list,
                                               GPtrArray            *gifts,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean ewe_store_save_friend_list_finish    (EweStore             *self,
                                               GAsyncResult         *result,
                                               GError              **error);

void     ewe_store_save_my_reservation_async  (EweStore             *self,
                                               EweReservation       *reservation,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean ewe_store_save_my_reservation_finish (EweStore             *self,
                                               GAsyncResult         *result,
                                               GError              **error);

void     ewe_store_forget_my_reservation_async  (EweStore           *self,
                                                 const char         *reservation_id,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data);
gboolean ewe_store_forget_my_reservation_finish (EweStore           *self,
                                                 GAsyncResult       *result,
                                                 GError            **error);

void     ewe_store_forget_friend_list_async     (EweStore           *self,
                                                 const char         *list_id,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data);
gboolean ewe_store_forget_friend_list_finish    (EweStore           *self,
                                                 GAsyncResult       *result,
                                                 GError            **error);

G_END_DECLS
