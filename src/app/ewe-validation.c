/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-validation"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-validation.h"

/* The server has the last word; these only catch what is surely wrong. */

char *
ewe_validation_check_email (const char *text)
{
  g_autofree char *email = g_strstrip (g_strdup (text ? text : ""));
  const char *at;
  const char *dot;

  if (email[0] == '\0')
    return g_strdup (_("Enter your e-mail address."));

  at = strchr (email, '@');
  dot = at ? strrchr (at, '.') : NULL;
  if (at == NULL || at == email || strchr (at + 1, '@') != NULL ||
      strpbrk (email, " \t<>,;") != NULL ||
      dot == NULL || dot == at + 1 || dot[1] == '\0')
    /* Translators: %s is what the user typed as an e-mail address */
    return g_strdup_printf (_("“%s” is not an e-mail address."), email);

  return NULL;
}

/* The policy of Cognito's default user pool, which our server applies too. */
char *
ewe_validation_check_password (const char *password)
{
  gboolean lower = FALSE, upper = FALSE, digit = FALSE, symbol = FALSE;

  if (password == NULL || password[0] == '\0')
    return g_strdup (_("Enter a password."));

  if (g_utf8_strlen (password, -1) < 8)
    return g_strdup (_("The password needs at least 8 characters."));

  for (const char *p = password; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_islower (c))
        lower = TRUE;
      else if (g_unichar_isupper (c))
        upper = TRUE;
      else if (g_unichar_isdigit (c))
        digit = TRUE;
      else
        symbol = TRUE;
    }

  if (!lower)
    return g_strdup (_("The password needs a lowercase letter."));
  if (!upper)
    return g_strdup (_("The password needs an uppercase letter."));
  if (!digit)
    return g_strdup (_("The password needs a number."));
  if (!symbol)
    return g_strdup (_("The password needs a symbol, such as ! or #."));

  return NULL;
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
