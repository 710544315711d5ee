/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-password-policy"

#include "config.h"

#include <string.h>

#include "ewe-limits.h"
#include "ewe-password-policy.h"

/**
 * ewe_password_policy_check:
 *
 * Returns the first rule @password breaks, or %EWE_PASSWORD_OK. A letter
 * outside Basic Latin (é, Ä) or a symbol outside Cognito's list (€, £)
 * is allowed in a password but does not count for the rules, as Cognito
 * counts them: `Passw0rd€` has no symbol.
 */
EwePasswordVerdict
ewe_password_policy_check (const char *password)
{
  gboolean upper = FALSE, lower = FALSE, digit = FALSE, symbol = FALSE;
  glong    length;

  if (password == NULL || password[0] == '\0')
    return EWE_PASSWORD_EMPTY;
  if (!g_utf8_validate (password, -1, NULL))
    return EWE_PASSWORD_NOT_UTF8;

  /* Cognito refuses leading and trailing white space as a malformed value,
   * not a weak password: many input fields would lose it. */
  if (g_ascii_isspace (password[0]) || g_ascii_isspace (password[strlen (password) - 1]))
    return EWE_PASSWORD_EDGE_SPACE;

  length = g_utf8_strlen (password, -1);
  if (length > EWE_LIMIT_PASSWORD_MAX_CHARS)
    return EWE_PASSWORD_TOO_LONG;

  for (const char *p = password; *p != '\0'; p++)
    {
      upper |= g_ascii_isupper (*p);
      lower |= g_ascii_islower (*p);
      digit |= g_ascii_isdigit (*p);
      symbol |= strchr (EWE_PASSWORD_SYMBOLS, *p) != NULL;
    }

  if (length < EWE_LIMIT_PASSWORD_MIN_CHARS)
    return EWE_PASSWORD_TOO_SHORT;
  if (!lower)
    return EWE_PASSWORD_NO_LOWERCASE;
  if (!upper)
    return EWE_PASSWORD_NO_UPPERCASE;
  if (!digit)
    return EWE_PASSWORD_NO_DIGIT;
  if (!symbol)
    return EWE_PASSWORD_NO_SYMBOL;

  return EWE_PASSWORD_OK;
}

/* Whether @verdict says the value is no password at all rather than a
 * weak one: Cognito answers the two with different exceptions. */
gboolean
ewe_password_verdict_is_malformed (EwePasswordVerdict verdict)
{
  switch (verdict)
    {
    case EWE_PASSWORD_EMPTY:
    case EWE_PASSWORD_NOT_UTF8:
    case EWE_PASSWORD_EDGE_SPACE:
    case EWE_PASSWORD_TOO_LONG:
      return TRUE;
    case EWE_PASSWORD_OK:
    case EWE_PASSWORD_TOO_SHORT:
    case EWE_PASSWORD_NO_LOWERCASE:
    case EWE_PASSWORD_NO_UPPERCASE:
    case EWE_PASSWORD_NO_DIGIT:
    case EWE_PASSWORD_NO_SYMBOL:
    default:
      return FALSE;
    }
}
