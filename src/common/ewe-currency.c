/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-currency"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ewe-currency.h"

/* ISO 4217's currencies people pay in, from Debian's iso-codes
 * (/usr/share/iso-codes/json/iso_4217.json), sorted for bsearch(): not
 * its funds (BOV, CHE, CHW, CLF, COU, MXV, USN, UYI, UYW), precious
 * metals, drawing rights or test codes (XAG, XAU, XBA–XBD, XDR, XPD, XPT,
 * XSU, XTS, XUA, XXX), which no gift is priced in. A list's currency must
 * be one of these; the app offers them, the server refuses others. */
static const char * const codes[] = {
  "AED",
  "AFN",
  "ALL",
  "AMD",
  "ANG",
  "AOA",
  "ARS",
  "AUD",
  "AWG",
  "AZN",
  "BAM",
  "BBD",
  "BDT",
  "BGN",
  "BHD",
  "BIF",
  "BMD",
  "BND",
  "BOB",
  "BRL",
  "BSD",
  "BTN",
  "BWP",
  "BYN",
  "BZD",
  "CAD",
  "CDF",
  "CHF",
  "CLP",
  "CNY",
  "COP",
  "CRC",
  "CUC",
  "CUP",
  "CVE",
  "CZK",
  "DJF",
  "DKK",
  "DOP",
  "DZD",
  "EGP",
  "ERN",
  "ETB",
  "EUR",
  "FJD",
  "FKP",
  "GBP",
  "GEL",
  "GHS",
  "GIP",
  "GMD",
  "GNF",
  "GTQ",
  "GYD",
  "HKD",
  "HNL",
  "HRK",
  "HTG",
  "HUF",
  "IDR",
  "ILS",
  "INR",
  "IQD",
  "IRR",
  "ISK",
  "JMD",
  "JOD",
  "JPY",
  "KES",
  "KGS",
  "KHR",
  "KMF",
  "KPW",
  "KRW",
  "KWD",
  "KYD",
  "KZT",
  "LAK",
  "LBP",
  "LKR",
  "LRD",
  "LSL",
  "LYD",
  "MAD",
  "MDL",
  "MGA",
  "MKD",
  "MMK",
  "MNT",
  "MOP",
  "MRU",
  "MUR",
  "MVR",
  "MWK",
  "MXN",
  "MYR",
  "MZN",
  "NAD",
  "NGN",
  "NIO",
  "NOK",
  "NPR",
  "NZD",
  "OMR",
  "PAB",
  "PEN",
  "PGK",
  "PHP",
  "PKR",
  "PLN",
  "PYG",
  "QAR",
  "RON",
  "RSD",
  "RUB",
  "RWF",
  "SAR",
  "SBD",
  "SCR",
  "SDG",
  "SEK",
  "SGD",
  "SHP",
  "SLE",
  "SLL",
  "SOS",
  "SRD",
  "SSP",
  "STN",
  "SVC",
  "SYP",
  "SZL",
  "THB",
  "TJS",
  "TMT",
  "TND",
  "TOP",
  "TRY",
  "TTD",
  "TWD",
  "TZS",
  "UAH",
  "UGX",
  "USD",
  "UYU",
  "UZS",
  "VED",
  "VES",
  "VND",
  "VUV",
  "WST",
  "XAF",
  "XCD",
  "XOF",
  "XPF",
  "YER",
  "ZAR",
  "ZMW",
  "ZWL",
};

static int
compare_codes (const void *a,
               const void *b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/**
 * ewe_currency_is_known:
 * @code: (nullable): a currency code, such as "EUR"
 *
 * Returns: whether @code is one of ISO 4217's currencies
 */
gboolean
ewe_currency_is_known (const char *code)
{
  if (code == NULL || strlen (code) != 3)
    return FALSE;

  return bsearch (&code, codes, G_N_ELEMENTS (codes), sizeof codes[0], compare_codes) != NULL;
}

/**
 * ewe_currency_get_codes:
 * @n_codes: (out): how many
 *
 * Returns: (transfer none) (array length=n_codes): every known code, sorted
 */
const char * const *
ewe_currency_get_codes (guint *n_codes)
{
  *n_codes = G_N_ELEMENTS (codes);
  return codes;
}
