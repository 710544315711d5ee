/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ewe-api-client.h"

G_BEGIN_DECLS

/* Shared by ewe-api-client.c and ewe-api-client-batch.c. */

/* Sends @body (or NULL) to @url as @endpoint would be sent (its method,
 * the token, one refresh on 401); the result is ewe_api_client_call_finish()'s. */
void    ewe_api_client_send_async       (EweApiClient       *self,
                                         EweApiEndpoint      endpoint,
                                         const char         *url,
                                         GBytes             *body,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);
/* Where POST /api/batch is when every service is on one ewelists-server
 * (under <server>/api/), else NULL. */
char   *ewe_api_client_batch_url        (EweApiClient       *self);
/* @endpoint's path on an ewelists-server ("/api/lists/ID"), and its method. */
char   *ewe_api_client_endpoint_path    (EweApiClient       *self,
                                         EweApiEndpoint      endpoint,
                                         const char * const *path_args,
                                         const char        **method,
                                         GError            **error);
/* The error a call answered @status with @data gets. */
GError *ewe_api_client_error_for_status (guint               status,
                                         const char         *data,
                                         gsize               size);

G_END_DECLS
