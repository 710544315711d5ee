/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-request.h"
#include "ews-server.h"

G_BEGIN_DECLS

/* /api/lists: ews-lists.c serves the owner's side (lists and gifts),
 * ews-reservations.c the guests' side (reserve, buy, cancel), ews-thanks.c
 * the owner's after the event (gifts received, givers thanked). */
void     ews_lists_register        (EwsServer     *server);
void     ews_reservations_register (EwsServer     *server);

void     ews_thanks_register       (EwsServer     *server);
void     ews_lists_set_revealed    (EwsRequest    *request,
                                    EwsList       *list);
EwsList *ews_lists_load_owned      (EwsRequest    *request,
                                    const EwsUser *user);

G_END_DECLS
