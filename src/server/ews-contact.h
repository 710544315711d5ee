/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-server.h"

G_BEGIN_DECLS

/* POST /api/contact: the site's contact form. */
void ews_contact_register (EwsServer *server);

G_END_DECLS
