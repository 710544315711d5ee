/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-json-writer.h"
#include "ews-storage.h"

G_BEGIN_DECLS

/* The original service's JSON for each stored thing, field for field, so
 * clients written for it read ours unchanged. Each writes one object value
 * (after a member name, or into an array). The streaming writer serves
 * them all, so the owner's view and the guests' shared list cannot drift
 * apart. */

void ews_api_json_write_list         (EwsJsonWriter        *writer,
                                      const EwsList        *list);
/* The owners' view of a list adds the reader's "role" ("creator" or
 * "coowner") and, on a co-owned list, the creator's "ownerName"; either
 * may be NULL to leave it out. */
void ews_api_json_write_list_as      (EwsJsonWriter        *writer,
                                      const EwsList        *list,
                                      const char           *role,
                                      const char           *owner_name);
void ews_api_json_write_gift         (EwsJsonWriter        *writer,
                                      const EwsGift        *gift);
/* "products": {productId: gift, …}, as every view of a list has it. */
void ews_api_json_write_gifts_member (EwsJsonWriter        *writer,
                                      GPtrArray            *gifts);
/* "listOwnerId" is only shown to the list's owner (@viewer_sub, the
 * caller's `sub` or NULL): a guest has no use for it, and it names the
 * owner's account to whoever holds a forwarded link. */
void ews_api_json_write_reservation  (EwsJsonWriter        *writer,
                                      const EwsReservation *reservation,
                                      const char           *viewer_sub);
void ews_api_json_write_product      (EwsJsonWriter        *writer,
                                      EwsProductKind        kind,
                                      const EwsProduct     *product);

G_END_DECLS
