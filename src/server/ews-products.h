/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-server.h"

G_BEGIN_DECLS

/* /api/products and /api/notfound. */
void  ews_products_register      (EwsServer  *server);

/* The form a shop link is stored and searched in. */
char *ews_products_canonical_url (const char *url);

G_END_DECLS
