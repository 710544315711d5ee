/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ewe-api-client.h"
#include "ewe-friends.h"

G_BEGIN_DECLS

/* Shared by ewe-friends.c (links, models, reading lists) and
 * ewe-friends-reservations.c (reserving and changing reservations). */

typedef void (*EweFriendsFetchedFunc) (GTask  *task,
                                       GError *error);

/* The task data of every call that talks to a server. */
typedef struct
{
  EweApiClient          *client;
  char                  *server_url;
  char                  *list_id;
  EweList               *list;          /* detached, as the server sent it */
  GPtrArray             *gifts;         /* detached */
  guint                  next_product;
  EweFriendsFetchedFunc  fetched;

  /* reservations */
  EweGift               *gift;          /* live */
  EweReservation        *reservation;   /* live */
  char                  *email;
  int                    quantity;
  EweApiEndpoint         endpoint;
  GPtrArray             *pending;       /* EweReservation (live) to ask about */
  guint                  next_pending;
  guint                  serial;        /* the change serial when asked */
  GPtrArray             *imports;       /* EweReservation: the account's, new here */
  EweFriendsFetchedFunc  then;          /* after a reservation's link was opened */
  char                  *reservation_id; /* a reservation's link */
  char                  *confirm_key;   /* from a reservation's link: ?confirm=<key> */
  gboolean               email_typed;   /* op->email is what the user said, not what is known */
  guint                  next_import;
} EweFriendsOp;

GTask      *ewe_friends_new_op_task           (EweFriends            *self,
                                               const char            *server_url,
                                               const char            *list_id,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data,
                                               gpointer               source_tag);
/* Reads op->list_id from op->server_url into the store and the models,
 * then calls @fetched, which owns the task. */
void        ewe_friends_fetch_list            (GTask                 *task,
                                               EweFriendsFetchedFunc  fetched);
/* Reads the reservation @reservation_id from op->server_url, then its
 * list, and remembers both; then calls @fetched, which owns the task.
 * With op->email (or the address of the reservation known here) it is read
 * with that address, and first confirmed when op->confirm_key is set. */
void        ewe_friends_open_reservation      (GTask                 *task,
                                               const char            *reservation_id,
                                               EweFriendsFetchedFunc  fetched);
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
/* Emits EweFriends::problem with @problem (owned). */
void         ewe_friends_report_problem       (EweFriends            *self,
                                               GError                *problem);
char        *ewe_friends_dup_reserved_gift_name (EweFriends          *self,
                                                 EweReservation      *reservation);

G_END_DECLS
