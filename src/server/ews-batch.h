/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-server.h"

G_BEGIN_DECLS

/* POST /api/batch: several writes in one request (a server extension the
 * original API does not have). */
void ews_batch_register (EwsServer *server);

G_END_DECLS
