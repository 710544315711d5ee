/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gio/gio.h>

#include "ewe-api-client.h"

G_BEGIN_DECLS

/* The owners of one of the account's lists and the invitations waiting on
 * it, as ewelists-server keeps them (GET /lists/{id}/coowners); inviting
 * by e-mail, withdrawing an invitation, removing a co-owner. These are the
 * server's and need it: unlike edits, they are not queued offline. */

#define EWE_TYPE_COOWNER (ewe_coowner_get_type ())

G_DECLARE_FINAL_TYPE (EweCoowner, ewe_coowner, EWE, COOWNER, GObject)

/* An owner (the creator or a co-owner), or an invitation still waiting
 * (ewe_coowner_get_invitation_id() not NULL), for one row. */
const char *ewe_coowner_get_user_id       (EweCoowner *self);
const char *ewe_coowner_get_name          (EweCoowner *self);
const char *ewe_coowner_get_email         (EweCoowner *self);
gboolean    ewe_coowner_get_is_creator    (EweCoowner *self);
const char *ewe_coowner_get_invitation_id (EweCoowner *self);

/* A GListModel of EweCoowner: the creator, the co-owners, then the
 * invitations; *is_creator says whether the account is the creator. */
void        ewe_coowners_load_async       (EweApiClient         *api_client,
                                           const char           *list_id,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
GListModel *ewe_coowners_load_finish      (GAsyncResult         *result,
                                           gboolean             *is_creator,
                                           GError              **error);

void        ewe_coowners_invite_async     (EweApiClient         *api_client,
                                           const char           *list_id,
                                           const char           *email,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean    ewe_coowners_invite_finish    (GAsyncResult         *result,
                                           GError              **error);

/* Removes a co-owner (the creator's right, or a co-owner's own leaving),
 * or withdraws an invitation. */
void        ewe_coowners_remove_async     (EweApiClient         *api_client,
                                           const char           *list_id,
                                           EweCoowner           *coowner,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean    ewe_coowners_remove_finish    (GAsyncResult         *result,
                                           GError              **error);

G_END_DECLS
