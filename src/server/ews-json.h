/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* No JSON this server reads, from a body or a token, nests deeper than a
 * few levels; 64 leaves room and stays far from the stack's limit. */
#define EWS_JSON_MAX_DEPTH 64

JsonNode *ews_json_parse       (const char        *data,
                                gsize              length,
                                GError           **error);

void ews_json_reply       (SoupServerMessage *msg,
                           guint              status,
                           JsonNode          *body);
void ews_json_reply_error (SoupServerMessage *msg,
                           guint              status,
                           const char        *message);

G_END_DECLS
