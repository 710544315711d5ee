/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gio/gio.h>

#include "ewe-account.h"
#include "ewe-gift.h"
#include "ewe-list.h"
#include "ewe-reservation.h"
#include "ewe-store.h"

G_BEGIN_DECLS

/* EweFriends: the lists friends shared with the user (opened from a link
 * `<public-url>/lists/<id>`), their gifts as the server last showed them,
 * and the reservations made from this device.
 *
 * - Its models are live: the objects in them are updated in place when the
 *   server says something new, so hold the objects.
 * - Everything that changes a reservation goes to the server first (the
 *   server keeps reservations; the store only remembers what it said), so
 *   these calls need the network and fail with EWE_API_ERROR_NETWORK, and a
 *   message saying so, when it is not there. Nothing changes then.
 * - The API is called on the server the link named; the account is used
 *   only when it is an account of that same server. */

#define EWE_FRIENDS_ERROR (ewe_friends_error_quark ())

typedef enum
{
  EWE_FRIENDS_ERROR_INVALID_LINK,  /* not a link to a shared list */
  EWE_FRIENDS_ERROR_INVALID,       /* a value the server would refuse */
  EWE_FRIENDS_ERROR_NOT_FOUND,     /* no longer known here */
  EWE_FRIENDS_ERROR_NEEDS_EMAIL,   /* a reservation's link, which the server opens only with the
                                    * address it was made with: ask for it, and use
                                    * ewe_friends_open_link_with_email_async() */
  EWE_FRIENDS_ERROR_NOT_REMEMBERED, /* the server made a change this computer could not write down
                                     * (see EweFriends::problem) */
} EweFriendsError;

/* What a link leads to: a shared list, `<public-url>/lists/<id>`, or a
 * reservation, `<public-url>/reserve/<id>` as its confirmation mail has it. */
typedef enum
{
  EWE_FRIENDS_LINK_LIST,
  EWE_FRIENDS_LINK_RESERVATION,
} EweFriendsLinkKind;

#define EWE_TYPE_FRIENDS (ewe_friends_get_type ())

G_DECLARE_FINAL_TYPE (EweFriends, ewe_friends, EWE, FRIENDS, GObject)

GQuark          ewe_friends_error_quark         (void);
gboolean        ewe_friends_parse_link          (const char           *link,
                                                 char                **server_url,
                                                 EweFriendsLinkKind   *kind,
                                                 char                **id,
                                                 GError              **error);

EweFriends     *ewe_friends_new                 (EweStore             *store);
EweStore       *ewe_friends_get_store           (EweFriends           *self);
void            ewe_friends_set_account         (EweFriends           *self,
                                                 EweAccount           *account,
                                                 const char           *server_url);
EweAccount     *ewe_friends_get_account         (EweFriends           *self);
gboolean        ewe_friends_get_loaded          (EweFriends           *self);
GListModel     *ewe_friends_get_lists           (EweFriends           *self);
GListModel     *ewe_friends_get_reservations    (EweFriends           *self);
GListModel     *ewe_friends_get_gifts           (EweFriends           *self,
                                                 EweList              *list);
EweList        *ewe_friends_lookup_list         (EweFriends           *self,
                                                 const char           *list_id);
EweGift        *ewe_friends_lookup_gift         (EweFriends           *self,
                                                 const char           *list_id,
                                                 const char           *product_id);
const char     *ewe_friends_get_server_url      (EweFriends           *self,
                                                 EweList              *list);
char           *ewe_friends_dup_link            (EweFriends           *self,
                                                 EweList              *list);

void            ewe_friends_load_async          (EweFriends           *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean        ewe_friends_load_finish         (EweFriends           *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

void            ewe_friends_open_link_async     (EweFriends           *self,
                                                 const char           *link,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
EweList        *ewe_friends_open_link_finish    (EweFriends           *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);
void            ewe_friends_open_link_with_email_async  (EweFriends           *self,
                                                         const char           *link,
                                                         const char           *email,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
EweList        *ewe_friends_open_link_with_email_finish (EweFriends           *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

void            ewe_friends_refresh_async       (EweFriends           *self,
                                                 EweList              *list,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean        ewe_friends_refresh_finish      (EweFriends           *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

void            ewe_friends_reserve_async       (EweFriends           *self,
                                                 EweGift              *gift,
                                                 const char           *name,
                                                 const char           *email,
                                                 int                   quantity,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
EweReservation *ewe_friends_reserve_finish      (EweFriends           *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

void            ewe_friends_refresh_reservations_async  (EweFriends           *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean        ewe_friends_refresh_reservations_finish (EweFriends           *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

void            ewe_friends_purchase_async      (EweFriends           *self,
                                                 EweReservation       *reservation,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean        ewe_friends_purchase_finish     (EweFriends           *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

void            ewe_friends_set_quantity_async  (EweFriends           *self,
                                                 EweReservation       *reservation,
                                                 int                   quantity,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean        ewe_friends_set_quantity_finish (EweFriends           *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

void            ewe_friends_cancel_async        (EweFriends           *self,
                                                 EweReservation       *reservation,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean        ewe_friends_cancel_finish       (EweFriends           *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

void            ewe_friends_forget_list_async   (EweFriends           *self,
                                                 EweList              *list,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean        ewe_friends_forget_list_finish  (EweFriends           *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

G_END_DECLS
