/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include "ews-password.h"

static void
test_policy (void)
{
  const struct
  {
    const char *password;
    int         code;    /* -1: accepted */
    const char *message; /* a part of the message */
  } cases[] = {
    { "Abcdef1!", -1, NULL },
    { "Zoë likes 4 gifts", -1, NULL },
    { "Abc1!", EWS_PASSWORD_ERROR_POLICY, "not long enough" },
    { "ABCDEFG1!", EWS_PASSWORD_ERROR_POLICY, "lowercase" },
    { "abcdefg1!", EWS_PASSWORD_ERROR_POLICY, "uppercase" },
    { "Abcdefgh!", EWS_PASSWORD_ERROR_POLICY, "numeric" },
    { "Abcdefgh1", EWS_PASSWORD_ERROR_POLICY, "symbol" },
    { "", EWS_PASSWORD_ERROR_INVALID, "non-empty" },
    { " Abcdef1!", EWS_PASSWORD_ERROR_INVALID, "white space" },
    { "Abcdef1! ", EWS_PASSWORD_ERROR_INVALID, "white space" },
    { "Abc\xff"
      "def1!",
      EWS_PASSWORD_ERROR_INVALID, "UTF-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = ews_password_check_policy (cases[i].password, &error);

      if (cases[i].code < 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_error (error, EWS_PASSWORD_ERROR, cases[i].code);
          g_assert_false (ok);
          g_assert_nonnull (strstr (error->message, cases[i].message));
        }
    }
}

static void
test_too_long (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) password = g_string_new ("Aa1!");

  while (password->len < 256)
    g_string_append_c (password, 'x');
  g_assert_true (ews_password_check_policy (password->str, NULL));

  g_string_append_c (password, 'x');
  g_assert_false (ews_password_check_policy (password->str, &error));
  g_assert_error (error, EWS_PASSWORD_ERROR, EWS_PASSWORD_ERROR_INVALID);
}

static void
test_hash_and_verify (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = ews_password_hash ("Correct horse 1!", &error);
  g_autofree char *second = ews_password_hash ("Correct horse 1!", &error);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (first, "$argon2id$v=19$m=19456,t=2,p=1$"));

  /* A fresh salt each time: equal passwords do not give equal hashes. */
  g_assert_cmpstr (first, !=, second);
  g_assert_null (strstr (first, "Correct horse"));

  g_assert_true (ews_password_verify (first, "Correct horse 1!"));
  g_assert_true (ews_password_verify (second, "Correct horse 1!"));
  g_assert_false (ews_password_verify (first, "Correct horse 1"));
  g_assert_false (ews_password_verify (first, "correct horse 1!"));
  g_assert_false (ews_password_verify (first, ""));
  g_assert_false (ews_password_verify (NULL, "Correct horse 1!"));
  g_assert_false (ews_password_verify ("$argon2id$garbage", "Correct horse 1!"));
  g_assert_false (ews_password_verify ("plain text", "plain text"));

  /* Only there to take time; must not crash or accept anything. */
  ews_password_verify_dummy ("Correct horse 1!");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/server/password/policy", test_policy);
  g_test_add_func ("/server/password/too-long", test_too_long);
  g_test_add_func ("/server/password/hash-and-verify", test_hash_and_verify);

  return g_test_run ();
}
