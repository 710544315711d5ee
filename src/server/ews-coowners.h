/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-coowner-storage.h"
#include "ews-request.h"
#include "ews-server.h"

G_BEGIN_DECLS

/* Co-owners: a list's creator shares it with people they invite by e-mail.
 * A co-owner edits the list and its gifts as the creator does and sees what
 * the creator sees; only the creator deletes the list or removes a
 * co-owner. Whether someone may is asked of the database on every request,
 * so a removed co-owner loses the list with their next request. */

typedef enum
{
  EWS_LIST_ROLE_NONE,
  EWS_LIST_ROLE_CREATOR,
  EWS_LIST_ROLE_COOWNER,
} EwsListRole;

/* "creator" or "coowner", as the API says it. */
const char *ews_list_role_to_string (EwsListRole       role);

/* @sub's role on the list @list_id, whose creator is @owner_id. */
gboolean    ews_coowners_get_role   (EwsStorage       *storage,
                                     const char       *list_id,
                                     const char       *owner_id,
                                     const char       *sub,
                                     EwsListRole      *role,
                                     GError          **error);

/* What an invitation's secret is stored as: its hex SHA-256. */
char       *ews_coowners_hash_key   (const char       *key);

/* "pending", "accepted" or "expired" (at @now, in Unix seconds). */
const char *ews_coowners_invitation_state (const EwsInvitation *invitation,
                                           gint64               now);

/* Removes @user_id from @list_id's co-owners and, in the same
 * transaction, tells that user's live-update streams ("lists" events, on
 * every server), so that their devices drop the list at once. */
gboolean    ews_coowners_remove_and_announce (EwsStorage *storage,
                                              const char *list_id,
                                              const char *user_id,
                                              GError    **error);
/* Deletes @list_id (ews_storage_list_delete()) and tells each of its
 * co-owners' streams, in one transaction. */
gboolean    ews_coowners_delete_list_and_announce (EwsStorage *storage,
                                                   const char *list_id,
                                                   guint      *n_deleted,
                                                   GError    **error);

/* /api/lists/{id}/coowners, /api/lists/{id}/invitations and
 * /api/lists/invitation. */
void        ews_coowners_register   (EwsServer        *server);

G_END_DECLS
