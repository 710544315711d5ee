/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-price"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "ewe-price.h"

/* The currencies people's shops price in most, with the symbol readers
 * know them by and their minor units. Others show their code. */
static const struct
{
  const char *code;
  const char *symbol;
  guint       decimals;
} currencies[] = {
  { "GBP", "£", 2 },
  { "EUR", "€", 2 },
  { "USD", "US$", 2 },
  { "CAD", "CA$", 2 },
  { "AUD", "A$", 2 },
  { "NZD", "NZ$", 2 },
  { "CHF", "CHF", 2 },
  { "JPY", "¥", 0 },
  { "CNY", "CN¥", 2 },
  { "INR", "₹", 2 },
  { "SEK", "kr", 2 },
  { "NOK", "kr", 2 },
  { "DKK", "kr.", 2 },
  { "PLN", "zł", 2 },
  { "CZK", "Kč", 2 },
  { "MXN", "MX$", 2 },
  { "BRL", "R$", 2 },
};

/* How each language writes an amount of money. English is the default,
 * as in the app's and the guest pages' source strings. In English a
 * dollar of one's own country is "$"; the others keep their prefix. */
typedef struct
{
  const char *language;
  const char *decimal;
  const char *group; /* between thousands */
  gboolean    symbol_first;
  gboolean    symbol_spaced;
  guint       group_from; /* the fewest digits grouped: 4, or 5 in Spanish */
} Convention;

static const Convention conventions[] = {
  { "en", ".", ",", TRUE, FALSE, 4 },
  { "de", ",", ".", FALSE, TRUE, 4 },
  { "fr", ",", "\u202f", FALSE, TRUE, 4 },
  { "es", ",", ".", FALSE, TRUE, 5 },
};

/**
 * ewe_price_normalize:
 *
 * A price as a shop or a person writes it, as the API keeps it:
 * "£1,299.00", "1.299,00 €", "19.9" → "1299.00", "1299.00", "19.90". The
 * last '.' or ',' followed by exactly one or two digits is the decimal
 * separator; any other separator groups thousands. NULL when there is no
 * amount in @text.
 */
char *
ewe_price_normalize (const char *text)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  const char *decimal = NULL;
  guint64     whole = 0;
  guint       cents = 0;

  if (text == NULL)
    return NULL;

  for (const char *p = text; *p != '\0'; p++)
    {
      gsize run = 0;

      if (*p != '.' && *p != ',')
        continue;

      while (g_ascii_isdigit (p[1 + run]))
        run++;
      if (run == 1 || run == 2)
        decimal = p;
    }

  for (const char *p = text; *p != '\0' && p != decimal; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);

  if (digits->len == 0 || digits->len > 12 ||
      !g_ascii_string_to_unsigned (digits->str, 10, 0, G_MAXUINT64, &whole, NULL))
    return NULL;

  if (decimal != NULL)
    {
      cents = (guint)(decimal[1] - '0') * 10;
      if (g_ascii_isdigit (decimal[2]))
        cents += (guint)(decimal[2] - '0');
    }

  return g_strdup_printf ("%" G_GUINT64_FORMAT ".%02u", whole, cents);
}

/* A code is three capital letters; which codes exist changes with the
 * world, and a shop's metadata knows better than a table here. */
gboolean
ewe_price_currency_is_valid (const char *code)
{
  return code != NULL && strlen (code) == 3 &&
         g_ascii_isupper (code[0]) && g_ascii_isupper (code[1]) && g_ascii_isupper (code[2]);
}

/* The currency of a price the user types: their locale's (LC_MONETARY),
 * or pounds where the locale names none (C, POSIX). */
char *
ewe_price_default_currency (void)
{
  g_autofree char *code = g_strstrip (g_strdup (localeconv ()->int_curr_symbol));

  if (ewe_price_currency_is_valid (code))
    return g_steal_pointer (&code);

  return g_strdup (EWE_PRICE_LEGACY_CURRENCY);
}

/* The currency a shown price is in, from its symbol or code ("42,00 €",
 * "£5", "USD 12"), or NULL when it does not say. A bare "$" says nothing:
 * half the world's dollars write it so. */
char *
ewe_price_currency_from_text (const char *text)
{
  static const struct
  {
    const char *mark;
    const char *code;
  } marks[] = {
    { "£", "GBP" },
    { "€", "EUR" },
    { "¥", "JPY" },
    { "₹", "INR" },
    { "US$", "USD" },
    { "CA$", "CAD" },
    { "A$", "AUD" },
    { "NZ$", "NZD" },
  };

  if (text == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    if (strstr (text, marks[i].mark) != NULL)
      return g_strdup (marks[i].code);

  for (const char *p = text; *p != '\0'; p++)
    {
      char code[4] = { 0 };

      if ((p != text && g_ascii_isalpha (p[-1])) || strlen (p) < 3 || g_ascii_isalpha (p[3]))
        continue;
      memcpy (code, p, 3);
      for (guint i = 0; i < G_N_ELEMENTS (currencies); i++)
        if (strcmp (code, currencies[i].code) == 0)
          return g_strdup (code);
    }

  return NULL;
}

/* "de_DE.UTF-8" → "de"; "C" and "POSIX" → "en". */
char *
ewe_price_language_of_locale (const char *locale)
{
  gsize length;

  if (locale == NULL || g_str_equal (locale, "C") || g_str_has_prefix (locale, "C.") ||
      g_str_equal (locale, "POSIX"))
    return g_strdup ("en");

  length = strcspn (locale, "_-.@");
  return g_ascii_strdown (locale, (gssize)length);
}

static const Convention *
convention_for (const char *language)
{
  for (guint i = 0; language != NULL && i < G_N_ELEMENTS (conventions); i++)
    if (g_ascii_strcasecmp (language, conventions[i].language) == 0)
      return &conventions[i];

  return &conventions[0];
}

/* Reads "1299", "1299.5" or "1299.00" into minor units. Anything else
 * ("from 20", "1,299") is not an amount this can format. */
static gboolean
parse_amount (const char *amount,
              guint       decimals,
              guint64    *whole,
              guint64    *fraction)
{
  const char      *point = strchr (amount, '.');
  g_autofree char *whole_text = g_strndup (amount, point != NULL ? (gsize)(point - amount) : strlen (amount));
  const char      *fraction_text = point != NULL ? point + 1 : "";
  gsize            fraction_length = strlen (fraction_text);

  if (whole_text[0] == '\0' || strlen (whole_text) > 12 || fraction_length > 2)
    return FALSE;
  for (const char *p = whole_text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  for (const char *p = fraction_text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  if (point != NULL && fraction_length == 0)
    return FALSE;

  *whole = g_ascii_strtoull (whole_text, NULL, 10);
  *fraction = fraction_length == 0 ? 0 : g_ascii_strtoull (fraction_text, NULL, 10);
  if (fraction_length == 1)
    *fraction *= 10;
  /* A currency without minor units shows none; what there was rounds. */
  if (decimals == 0)
    {
      *whole += *fraction >= 50 ? 1 : 0;
      *fraction = 0;
    }

  return TRUE;
}

/**
 * ewe_price_format:
 * @amount: the price as stored, "1299.00"
 * @currency: (nullable): its ISO 4217 code; NULL for pounds
 * @language: (nullable): the reader's language ("de"), NULL for English
 *
 * Returns: the price as a reader of @language writes it, or @amount as it
 *   is when it is no plain amount ("from £20"), or NULL for no price
 */
char *
ewe_price_format (const char *amount,
                  const char *currency,
                  const char *language)
{
  const Convention *convention = convention_for (language);
  const char       *symbol = NULL;
  guint             decimals = 2;
  guint64           whole = 0, fraction = 0;
  g_autoptr(GString) number = g_string_new (NULL);
  g_autofree char *digits = NULL;
  gsize            length;

  if (amount == NULL || amount[0] == '\0')
    return NULL;

  if (!ewe_price_currency_is_valid (currency))
    currency = EWE_PRICE_LEGACY_CURRENCY;

  for (guint i = 0; i < G_N_ELEMENTS (currencies); i++)
    if (strcmp (currencies[i].code, currency) == 0)
      {
        symbol = currencies[i].symbol;
        decimals = currencies[i].decimals;
      }

  if (!parse_amount (amount, decimals, &whole, &fraction))
    return g_strdup (amount);

  digits = g_strdup_printf ("%" G_GUINT64_FORMAT, whole);
  length = strlen (digits);
  for (gsize i = 0; i < length; i++)
    {
      if (i > 0 && (length - i) % 3 == 0 && length >= convention->group_from)
        g_string_append (number, convention->group);
      g_string_append_c (number, digits[i]);
    }
  if (decimals > 0)
    g_string_append_printf (number, "%s%02" G_GUINT64_FORMAT, convention->decimal, fraction);

  /* Dollars: "$" for an English reader of US dollars, as shops write it. */
  if (symbol != NULL && g_str_equal (currency, "USD") && g_str_equal (convention->language, "en"))
    symbol = "$";
  if (symbol == NULL)
    symbol = currency;

  /* A letter symbol (CHF, kr, a code) is always spaced from the number. */
  if (convention->symbol_first)
    return g_strdup_printf ("%s%s%s", symbol,
                            g_ascii_isalpha (symbol[strlen (symbol) - 1]) ? "\u00a0" : "", number->str);

  return g_strdup_printf ("%s%s%s", number->str, convention->symbol_spaced ? "\u00a0" : "", symbol);
}
