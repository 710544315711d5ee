/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include "ewe-json-guard.h"
#include "ewe-price.h"

/* libewe-common's pieces that no route or form shows whole: how a price
 * is written for each language, and the JSON guard's verdicts. */

static void
test_price_format (void)
{
  static const struct { const char *amount, *currency, *language, *shown; } cases[] = {
    { "1299.00", "GBP", "en", "£1,299.00" },
    { "42.00", "EUR", "en", "€42.00" },
    { "42.00", "EUR", "de", "42,00\u00a0€" },
    { "1299.5", "EUR", "de", "1.299,50\u00a0€" },
    { "1299.00", "EUR", "fr", "1\u202f299,00\u00a0€" },
    { "1299.00", "EUR", "es", "1299,00\u00a0€" },
    { "12999.00", "EUR", "es", "12.999,00\u00a0€" },
    { "59.99", NULL, "en", "£59.99" },           /* the original's prices stay pounds */
    { "59.99", "USD", "en", "$59.99" },
    { "59.99", "USD", "de", "59,99\u00a0US$" },
    { "12", "CHF", "en", "CHF\u00a012.00" },
    { "1500.4", "JPY", "en", "¥1,500" },
    { "3", "XYZ", "en", "XYZ\u00a03.00" },
    { "3", "eur", "en", "£3.00" },              /* not a code: pounds, as with none */
    { "1234567.00", "GBP", "xx", "£1,234,567.00" },
    { "from 20", "GBP", "en", "from 20" },
    { "1,299", "GBP", "en", "1,299" },
    { "12.", "GBP", "en", "12." },
    { "12.345", "GBP", "en", "12.345" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = ewe_price_format (cases[i].amount, cases[i].currency, cases[i].language);

      g_assert_cmpstr (shown, ==, cases[i].shown);
    }

  g_assert_null (ewe_price_format (NULL, "GBP", "en"));
  g_assert_null (ewe_price_format ("", "GBP", "en"));
}

static void
test_price_currency (void)
{
  static const struct { const char *text, *code; } cases[] = {
    { "42,00 €", "EUR" },
    { "£5", "GBP" },
    { "USD 12.00", "USD" },
    { "12.00 CHF", "CHF" },
    { "US$ 4", "USD" },
    { "$4", NULL },
    { "49.99", NULL },
    { "EURO 3", NULL },
    { NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *code = ewe_price_currency_from_text (cases[i].text);

      g_assert_cmpstr (code, ==, cases[i].code);
    }

  g_assert_true (ewe_price_currency_is_valid ("EUR"));
  g_assert_false (ewe_price_currency_is_valid ("eur"));
  g_assert_false (ewe_price_currency_is_valid ("EURO"));
  g_assert_false (ewe_price_currency_is_valid (""));
  g_assert_false (ewe_price_currency_is_valid (NULL));
}

static void
test_language_of_locale (void)
{
  static const struct { const char *locale, *language; } cases[] = {
    { "de_DE.UTF-8", "de" }, { "fr_FR", "fr" }, { "es", "es" }, { "en_GB.utf8@euro", "en" },
    { "C", "en" }, { "C.UTF-8", "en" }, { "POSIX", "en" }, { NULL, "en" }, { "pt-BR", "pt" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *language = ewe_price_language_of_locale (cases[i].locale);

      g_assert_cmpstr (language, ==, cases[i].language);
    }
}

static void
test_json_guard (void)
{
  static const struct { const char *text; EweJsonGuardVerdict verdict; } cases[] = {
    { "{\"a\": [1, 2, {\"b\": \"]]]/'\"}]}", EWE_JSON_GUARD_OK },
    { "\"a \\\" [[[ quote\"", EWE_JSON_GUARD_OK },
    { "", EWE_JSON_GUARD_EMPTY },
    { "/* \" */ [1]", EWE_JSON_GUARD_NOT_JSON },
    { "['\"', [1]]", EWE_JSON_GUARD_NOT_JSON },
    { "[1] // comment", EWE_JSON_GUARD_NOT_JSON },
  };
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  gsize offset = 0;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (ewe_json_guard_check (cases[i].text, strlen (cases[i].text), NULL), ==, cases[i].verdict);

  g_assert_cmpint (ewe_json_guard_check ("[1,\0 2]", 7, &offset), ==, EWE_JSON_GUARD_NUL);
  g_assert_cmpuint (offset, ==, 3);

  for (guint i = 0; i < 64; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 64; i++)
    g_string_append_c (deep, ']');
  g_assert_cmpint (ewe_json_guard_check (deep->str, deep->len, NULL), ==, EWE_JSON_GUARD_OK);
  g_string_prepend_c (deep, '[');
  g_string_append_c (deep, ']');
  g_assert_cmpint (ewe_json_guard_check (deep->str, deep->len, NULL), ==, EWE_JSON_GUARD_TOO_DEEP);

  node = ewe_json_parse (deep->str, deep->len, &error);
  g_assert_null (node);
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA);
  g_clear_error (&error);

  node = ewe_json_parse ("{\"ok\": true}", 12, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (node), "ok"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/common/price/format", test_price_format);
  g_test_add_func ("/common/price/currency", test_price_currency);
  g_test_add_func ("/common/price/language-of-locale", test_language_of_locale);
  g_test_add_func ("/common/json-guard", test_json_guard);

  return g_test_run ();
}
