/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The password policy of Cognito's default user pool, which our server
 * applies and the app checks before it asks: 8 to 256 characters, with a
 * lowercase and an uppercase letter (Basic Latin, as Cognito counts them),
 * a digit and one of Cognito's symbols. The first problem found, in the
 * order a user fixes them. */
typedef enum
{
  EWE_PASSWORD_OK,
  /* Not a password at all (Cognito's InvalidParameterException) */
  EWE_PASSWORD_EMPTY,
  EWE_PASSWORD_NOT_UTF8,
  EWE_PASSWORD_EDGE_SPACE,      /* begins or ends with white space */
  EWE_PASSWORD_TOO_LONG,
  /* Too weak (Cognito's InvalidPasswordException) */
  EWE_PASSWORD_TOO_SHORT,
  EWE_PASSWORD_NO_LOWERCASE,
  EWE_PASSWORD_NO_UPPERCASE,
  EWE_PASSWORD_NO_DIGIT,
  EWE_PASSWORD_NO_SYMBOL,
} EwePasswordVerdict;

/* The characters Cognito counts as symbols. */
#define EWE_PASSWORD_SYMBOLS "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- "

EwePasswordVerdict ewe_password_policy_check        (const char         *password);
gboolean           ewe_password_verdict_is_malformed (EwePasswordVerdict  verdict);

G_END_DECLS
