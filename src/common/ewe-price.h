/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Prices travel as text with a '.' ("1299.00", as shops' metadata and the
 * original API wrote them) beside an ISO 4217 currency code ("EUR"). A
 * price without a currency is in pounds: the original service was British,
 * and its prices stay pounds. Shown, a price is formatted for the reader's
 * language: "£1,299.00" in English, "1.299,00 €" in German. */

#define EWE_PRICE_LEGACY_CURRENCY "GBP"

char     *ewe_price_normalize          (const char *text);
gboolean  ewe_price_currency_is_valid  (const char *code);
char     *ewe_price_default_currency   (void);
char     *ewe_price_currency_from_text (const char *text);
char     *ewe_price_format             (const char *amount,
                                        const char *currency,
                                        const char *language);
char     *ewe_price_language_of_locale (const char *locale);

G_END_DECLS
