/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ews-server.h"

G_BEGIN_DECLS

/* The server as an HTTP client of the upstream providers
 * (ews-oauth2-upstream.c): one session per server, with timeouts, and a
 * cache of the documents that change seldom (discovery, key sets). Only
 * ever given addresses from the configuration, or named by a configured
 * issuer's discovery document. */

/* @root: the answer's JSON (borrowed), or NULL with @error saying why
 * (for the log, not for people). */
typedef void (*EwsOAuth2FetchedFunc) (gpointer    user_data,
                                      JsonNode   *root,
                                      const char *error);

/* Sends @msg (taken) and calls @done with its JSON answer; with @cached,
 * a GET answered less than an hour ago is answered again from memory. An
 * answer with an error status is an error, with its OAuth error code. */
void ews_oauth2_fetch_json   (EwsServer           *server,
                              SoupMessage         *msg,
                              gboolean             cached,
                              EwsOAuth2FetchedFunc done,
                              gpointer             user_data);
/* Forgets the cached answer for @url: a key set that lacks a new key. */
void ews_oauth2_fetch_forget (EwsServer           *server,
                              const char          *url);

G_END_DECLS
