/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gio/gio.h>

#include "ewe-api-client.h"

G_BEGIN_DECLS

/* Sends a message from the contact form (POST /contact, public: no account
 * needed) through @api_client. An empty name, e-mail or message is refused
 * here, before any request, as EWE_API_ERROR_INVALID; the server's own
 * refusals (an address it cannot read) come back with its message.
 * On success @reference, if given, is the number the server filed the
 * message under (to quote when writing again), or 0. */
void     ewe_contact_send_async  (EweApiClient         *api_client,
                                  const char           *name,
                                  const char           *email,
                                  const char           *message,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data);
gboolean ewe_contact_send_finish (GAsyncResult         *result,
                                  gint64               *reference,
                                  GError              **error);

G_END_DECLS
