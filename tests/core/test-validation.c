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

/* Cognito's pool ids (ours, local_ewelists, too); the region and the
 * name must both be there, with one underscore between them. */
static void
test_user_pool_id (void)
{
  struct
  {
    const char *text;
    gboolean    ok;
  } pool_ids[] = {
    { "", TRUE },
    { "  ", TRUE },
    { "eu-west-1_AbCdEf123", TRUE },
    { " us-gov-west-1_x9 ", TRUE },
    { "local_ewelists", TRUE },
    { "eu-west-1", FALSE },
    { "eu-west-1_", FALSE },
    { "_AbCdEf123", FALSE },
    { "eu-west-1_AbC_dEf", FALSE },
    { "eu_west_1_AbCdEf", FALSE },
    { "eu west 1_AbCdEf", FALSE },
    { "eu-west-1_AbC-dEf", FALSE },
    { "eu-west-1_ÄbCdEf", FALSE },
    { "eu-west-1_AbCdEf1234567890123456789012345678901234567890", FALSE },
  };
  g_autofree char *problem = ewe_validation_check_user_pool_id ("eu-west-1");

  g_assert_cmpstr (problem, ==,
                   "“eu-west-1” is not a user pool ID. It looks like eu-west-1_AbCdEf123: a region, an "
                   "underscore, then letters and digits.");

  for (guint i = 0; i < G_N_ELEMENTS (pool_ids); i++)
    {
      g_autofree char *verdict = ewe_validation_check_user_pool_id (pool_ids[i].text);

      g_test_message ("pool id “%s”: %s", pool_ids[i].text, verdict ? verdict : "ok");
      g_assert_true ((verdict == NULL) == pool_ids[i].ok);
    }
}

/* What people paste from Cognito's console, scheme and slash included, is
 * kept as the domain alone. */
static void
test_hosted_ui_domain (void)
{
  struct
  {
    const char *text;
    const char *domain; /* NULL: refused */
  } domains[] = {
    { "", "" },
    { "ewelists.auth.eu-west-1.amazoncognito.com", "ewelists.auth.eu-west-1.amazoncognito.com" },
    { " https://Ewelists.auth.eu-west-1.amazoncognito.com/ ", "ewelists.auth.eu-west-1.amazoncognito.com" },
    { "HTTPS://auth.example.org", "auth.example.org" },
    { "http://auth.example.org", NULL },
    { "https://auth.example.org/login", NULL },
    { "auth.example.org:8443", NULL },
    { "localhost", NULL },
    { "not a domain", NULL },
    { "auth..example.org", NULL },
    { "-auth.example.org", NULL },
    { "https://", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (domains); i++)
    {
      g_autofree char *domain = NULL;
      g_autofree char *problem = ewe_validation_check_hosted_ui_domain (domains[i].text, &domain);

      g_test_message ("domain “%s”: %s", domains[i].text, problem ? problem : domain);
      g_assert_cmpstr (domain, ==, domains[i].domain);
      g_assert_true ((problem == NULL) == (domains[i].domain != NULL));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/validation/functions", test_validation_functions);
  g_test_add_func ("/core/validation/user-pool-id", test_user_pool_id);
  g_test_add_func ("/core/validation/hosted-ui-domain", test_hosted_ui_domain);

  return g_test_run ();
}
