/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gio/gio.h>

#include "ewe-api-client.h"

G_BEGIN_DECLS

/* An invitation to co-own a list, as its mail links to it:
 * `<server>/invitation/<id>?key=<key>`. Accepting it through an account's
 * API client makes the list one of the account's own (ewelists-server's
 * POST /lists/invitation/{id}/accept); the next sync brings it in, marked
 * co-owned. */

/* Whether @link is an invitation's; its parts, if so. Errors are
 * EWE_FRIENDS_ERROR_INVALID_LINK, with a message for the user. */
gboolean ewe_invitation_parse_link (const char           *link,
                                    char                **server_url,
                                    char                **invitation_id,
                                    char                **key,
                                    GError              **error);

/* Accepts the invitation @link through @api_client, whose server must be
 * the link's. Returns (finish) the id of the list now co-owned. */
void     ewe_invitation_accept_async  (EweApiClient         *api_client,
                                       const char           *link,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
char    *ewe_invitation_accept_finish (GAsyncResult         *result,
                                       GError              **error);

G_END_DECLS
