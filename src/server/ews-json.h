/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

/* Every JSON text the server reads goes through ewe_json_parse(), the
 * guarded parser the app uses too; every one it writes, through
 * ews_json_node_to_text() or the streaming writer itself. */
#include "ewe-json-guard.h"
#include "ews-json-writer.h"

G_BEGIN_DECLS

/* Seconds a client told 503 waits before it tries again: long enough for a
 * restart or for PostgreSQL to come back, short enough that nobody notices. */
#define EWS_UNAVAILABLE_RETRY_AFTER "5"

/* Gives a 503 its Retry-After; any other @status is left as it is. Every
 * reply the server writes goes through this, JSON or HTML. */
void ews_reply_add_retry_after (SoupServerMessage *msg,
                                guint              status);

/* The API's error body, {"error": @message}, the same whichever part of
 * the server refuses. */
JsonNode *ews_json_error_new (const char *message);

void ews_json_reply       (SoupServerMessage *msg,
                           guint              status,
                           JsonNode          *body);
void ews_json_reply_error (SoupServerMessage *msg,
                           guint              status,
                           const char        *message);
/* Answers a browser's CORS preflight: any origin may call with @methods and
 * send @headers. */
void ews_json_reply_preflight (SoupServerMessage *msg,
                               const char        *methods,
                               const char        *headers);

G_END_DECLS
