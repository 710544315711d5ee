/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <json-glib/json-glib.h>

#include "ews-json-writer.h"
#include "ews-storage.h"

G_BEGIN_DECLS

/* The original service's JSON for each stored thing, field for field, so
 * clients written for it read ours unchanged. Each adds one object value to
 * @builder (after a member name, or into an array). */

void ews_api_json_add_list        (JsonBuilder          *builder,
                                   const EwsList        *list);
void ews_api_json_add_gift        (JsonBuilder          *builder,
                                   const EwsGift        *gift);
/* "listOwnerId" is only shown to the list's owner (@viewer_sub, the
 * caller's `sub` or NULL): a guest has no use for it, and it names the
 * owner's account to whoever holds a forwarded link. */
void ews_api_json_add_reservation (JsonBuilder          *builder,
                                   const EwsReservation *reservation,
                                   const char           *viewer_sub);
void ews_api_json_add_product     (JsonBuilder          *builder,
                                   EwsProductKind        kind,
                                   const EwsProduct     *product);

/* The same objects for the streaming writer, for the replies served most;
 * tests/server/test-json-writer.c checks both spell them the same. */
void ews_api_json_write_list      (EwsJsonWriter        *writer,
                                   const EwsList        *list);
void ews_api_json_write_gift      (EwsJsonWriter        *writer,
                                   const EwsGift        *gift);

G_END_DECLS
