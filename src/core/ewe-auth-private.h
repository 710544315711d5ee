/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ewe-auth.h"

G_BEGIN_DECLS

/* Shared by ewe-auth.c (the protocol and most operations) and
 * ewe-auth-sign-in.c (signing in, with SRP or the password). */

/* Posts one operation; the task returns the response object (JsonObject)
 * and carries @task_data for the operation's finish function. */
void         ewe_auth_call_async           (EweAuth            *self,
                                            const char         *operation,
                                            JsonBuilder        *request,
                                            gpointer            source_tag,
                                            gpointer            task_data,
                                            GDestroyNotify      task_data_free,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
/* An object with ClientId, left open for the operation's members. */
JsonBuilder *ewe_auth_begin_request        (EweAuth            *self);
void         ewe_auth_add_string           (JsonBuilder        *builder,
                                            const char         *name,
                                            const char         *value);
const char  *ewe_auth_get_string           (JsonObject         *object,
                                            const char         *name);
/* The AuthenticationResult's tokens; @previous for a refresh. */
EweTokens   *ewe_auth_tokens_from_response (JsonObject         *response,
                                            const EweTokens    *previous,
                                            GError            **error);
/* The pool id the server's discovery document named, kept for the
 * EweAuth's life so that only its first sign-in asks (ewe-auth-sign-in.c). */
const char  *ewe_auth_get_advertised_pool_id (EweAuth          *self);
void         ewe_auth_set_advertised_pool_id (EweAuth          *self,
                                              const char       *pool_id);
SoupSession *ewe_auth_get_soup_session       (EweAuth          *self);

G_END_DECLS
