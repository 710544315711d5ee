/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A list's currency (ISO 4217), which the app and the server must agree
 * is one. A product's own currency (ewe-price.h) is only checked for its
 * shape: a shop's metadata may know newer codes than this table. */
gboolean            ewe_currency_is_known  (const char *code);
const char * const *ewe_currency_get_codes (guint      *n_codes);

G_END_DECLS
