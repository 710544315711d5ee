/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-coowners.h"
#include "ews-request.h"
#include "ews-server.h"

G_BEGIN_DECLS

/* /api/lists: ews-lists.c serves the owner's side (lists and gifts),
 * ews-reservations.c the guests' side (reserve, buy, cancel), ews-thanks.c
 * the owner's after the event (gifts received, givers thanked). */
void     ews_lists_register        (EwsServer     *server);
void     ews_reservations_register (EwsServer     *server);
void     ews_lists_archive_register (EwsServer    *server);

void     ews_thanks_register       (EwsServer     *server);
/* Whether the list's reveal date has come, by the server's clock. */
void     ews_lists_set_revealed    (EwsRequest    *request,
                                    EwsList       *list);
/* A list the signed-in user owns: created or co-owns (ews-coowners.h);
 * NULL after answering 404 (or the storage's error) when they do not. */
EwsList *ews_lists_load_owned      (EwsRequest    *request,
                                    const EwsUser *user);
/* The same, also saying which of the two they are. */
EwsList *ews_lists_load_owned_as   (EwsRequest    *request,
                                    const EwsUser *user,
                                    EwsListRole   *role);
/* As ews_lists_load_owned(), and answers 409 for an archived list, which
 * takes no edits (ews-lists-archive.c). */
EwsList *ews_lists_load_editable   (EwsRequest    *request,
                                    const EwsUser *user);
/* The edit's transaction, with the archive check inside it. */
gboolean  ews_lists_begin_edit      (EwsRequest    *request,
                                    const char    *list_id);
gboolean  ews_lists_end_edit        (EwsRequest    *request,
                                    gboolean       ok,
                                    GError       **error);

G_END_DECLS
