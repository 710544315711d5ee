/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-request.h"
#include "ews-server.h"

G_BEGIN_DECLS

/* /api/lists: ews-lists.c serves the owner's side (lists and gifts),
 * ews-reservations.c the guests' side (reserve, buy, cancel). */
void     ews_lists_register        (EwsServer     *server);
void     ews_reservations_register (EwsServer     *server);
void     ews_lists_archive_register (EwsServer    *server);

EwsList *ews_lists_load_owned      (EwsRequest    *request,
                                    const EwsUser *user);
/* As ews_lists_load_owned(), and answers 409 for an archived list, which
 * takes no edits (ews-lists-archive.c). */
EwsList *ews_lists_load_editable   (EwsRequest    *request,
                                    const EwsUser *user);

G_END_DECLS
