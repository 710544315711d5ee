/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-validation"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-email-rules.h"
#include "ewe-limits.h"
#include "ewe-password-policy.h"
#include "ewe-validation.h"

/* The rules are libewe-common's, the server's own; the words, which the
 * app's forms show, are core's: the server answers in its own. */

char *
ewe_validation_check_email (const char *text)
{
  g_autofree char *email = g_strstrip (g_strdup (text ? text : ""));

  if (email[0] == '\0')
    return g_strdup (_("Enter your e-mail address."));

  if (!ewe_email_is_valid (email))
    /* Translators: %s is what the user typed as an e-mail address */
    return g_strdup_printf (_("“%s” is not an e-mail address."), email);

  return NULL;
}

/* The policy of Cognito's default user pool, which our server applies
 * too, from the one rule both use (libewe-common). */
char *
ewe_validation_check_password (const char *password)
{
  switch (ewe_password_policy_check (password))
    {
    case EWE_PASSWORD_OK:
      return NULL;
    case EWE_PASSWORD_EMPTY:
    case EWE_PASSWORD_NOT_UTF8:
      return g_strdup (_("Enter a password."));
    case EWE_PASSWORD_EDGE_SPACE:
      return g_strdup (_("The password cannot begin or end with a space."));
    case EWE_PASSWORD_TOO_LONG:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The password can have at most %d character.",
                                           "The password can have at most %d characters.",
                                           EWE_LIMIT_PASSWORD_MAX_CHARS),
                              EWE_LIMIT_PASSWORD_MAX_CHARS);
    case EWE_PASSWORD_TOO_SHORT:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The password needs at least %d character.",
                                           "The password needs at least %d characters.",
                                           EWE_LIMIT_PASSWORD_MIN_CHARS),
                              EWE_LIMIT_PASSWORD_MIN_CHARS);
    case EWE_PASSWORD_NO_LOWERCASE:
      return g_strdup (_("The password needs a lowercase letter (a to z)."));
    case EWE_PASSWORD_NO_UPPERCASE:
      return g_strdup (_("The password needs an uppercase letter (A to Z)."));
    case EWE_PASSWORD_NO_DIGIT:
      return g_strdup (_("The password needs a number."));
    case EWE_PASSWORD_NO_SYMBOL:
      return g_strdup (_("The password needs a symbol, such as ! or #."));
    default:
      g_assert_not_reached ();
    }
}

char *
ewe_validation_check_code (const char *text)
{
  g_autofree char *code = g_strstrip (g_strdup (text ? text : ""));

  if (code[0] == '\0')
    return g_strdup (_("Enter the code from the e-mail."));

  for (const char *p = code; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return g_strdup (_("The code has only digits."));
    }

  if (strlen (code) != 6)
    return g_strdup (_("The code has 6 digits."));

  return NULL;
}
