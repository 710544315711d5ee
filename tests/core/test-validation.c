/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <glib.h>

#include "ewe-rule-cases.h"
#include "ewe-validation.h"

/* The checks the forms make before any request: what they say, and that
 * their verdict is the server's. */

static void
test_validation_functions (void)
{
  struct
  {
    const char *text;
    gboolean    ok;
  } emails[] = {
    { "ada@example.com", TRUE },
    { "  ada@example.com ", TRUE },
    { "a.b+c@sub.example.org", TRUE },
    { "", FALSE },
    { "ada", FALSE },
    { "@example.com", FALSE },
    { "ada@", FALSE },
    { "ada@example", FALSE },
    { "ada@example.", FALSE },
    { "ada@@example.com", FALSE },
    { "ada lovelace@example.com", FALSE },
  };
  struct
  {
    const char *text;
    const char *problem;
  } passwords[] = {
    { "Corr3ct-Horse!", NULL },
    { "", "Enter a password." },
    { "Sh0rt!", "The password needs at least 8 characters." },
    { "NOLOWER1!", "The password needs a lowercase letter (a to z)." },
    { "noupper1!", "The password needs an uppercase letter (A to Z)." },
    { "NoDigits!", "The password needs a number." },
    { "NoSymbol12", "The password needs a symbol, such as ! or #." },
  };
  struct
  {
    const char *text;
    gboolean    ok;
  } codes[] = {
    { "123456", TRUE },
    { " 123456 ", TRUE },
    { "", FALSE },
    { "12345", FALSE },
    { "1234567", FALSE },
    { "12a456", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (emails); i++)
    {
      g_autofree char *problem = ewe_validation_check_email (emails[i].text);

      g_test_message ("e-mail “%s”: %s", emails[i].text, problem ? problem : "ok");
      g_assert_true ((problem == NULL) == emails[i].ok);
    }

  for (guint i = 0; i < G_N_ELEMENTS (passwords); i++)
    {
      g_autofree char *problem = ewe_validation_check_password (passwords[i].text);

      g_assert_cmpstr (problem, ==, passwords[i].problem);
    }

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autofree char *problem = ewe_validation_check_code (codes[i].text);

      g_assert_true ((problem == NULL) == codes[i].ok);
    }

  /* The tables the server's and core's test-rules use: the form's verdict
   * is the server's. Passw0rd€ passed here and was refused there. */
  for (guint i = 0; i < G_N_ELEMENTS (ewe_rule_password_cases); i++)
    {
      g_autofree char *problem = ewe_validation_check_password (ewe_rule_password_cases[i].password);

      g_test_message ("password “%s”: %s", ewe_rule_password_cases[i].password, problem ? problem : "ok");
      g_assert_cmpint (problem == NULL, ==, ewe_rule_password_cases[i].accepted);
    }

  for (guint i = 0; i < G_N_ELEMENTS (ewe_rule_email_cases); i++)
    {
      g_autofree char *problem = ewe_validation_check_email (ewe_rule_email_cases[i].address);

      g_test_message ("e-mail “%s”: %s", ewe_rule_email_cases[i].address, problem ? problem : "ok");
      g_assert_cmpint (problem == NULL, ==, ewe_rule_email_cases[i].accepted);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/validation/functions", test_validation_functions);

  return g_test_run ();
}
