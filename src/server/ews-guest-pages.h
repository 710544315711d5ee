/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-server.h"

G_BEGIN_DECLS

/* The server-rendered pages guests open from a shared link, no JavaScript
 * needed: GET /lists/{id} with a reserve form per gift, GET and POST
 * /reserve/{reservationId}, and their stylesheet at /static/guest.css. */
void ews_guest_pages_register (EwsServer *server);

G_END_DECLS
