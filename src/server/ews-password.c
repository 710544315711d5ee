/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-password"

#include "config.h"

#include <argon2.h>

#include "ewe-limits.h"
#include "ewe-password-policy.h"
#include "ews-jwt.h"
#include "ews-password.h"

/* OWASP's first recommended argon2id setting (2023): 19 MiB, two passes, one
 * lane. About 30 ms on the development machine: slow enough that a stolen
 * database cannot be searched quickly, cheap enough that a small server (and
 * the test suite, which hashes a few dozen passwords) does not notice, and
 * 19 MiB per concurrent sign-in stays well within a small VPS. */
#define ARGON2_T_COST 2
#define ARGON2_M_COST_KIB (19 * 1024)
#define ARGON2_PARALLELISM 1
#define SALT_LENGTH 16
#define HASH_LENGTH 32

/* The quark name is one token with dashes: clang-format would space them. */
/* clang-format off */
G_DEFINE_QUARK (ews-password-error-quark, ews_password_error)
/* clang-format on */

/* Cognito's own wording, so the app shows the same message whichever server
 * it talks to; the rule itself is libewe-common's, the app's too. */
gboolean
ews_password_check_policy (const char *password,
                           GError    **error)
{
  EwePasswordVerdict verdict = ewe_password_policy_check (password);
  EwsPasswordError   code = ewe_password_verdict_is_malformed (verdict)
                              ? EWS_PASSWORD_ERROR_INVALID
                              : EWS_PASSWORD_ERROR_POLICY;

  switch (verdict)
    {
    case EWE_PASSWORD_OK:
      return TRUE;
    case EWE_PASSWORD_EMPTY:
    case EWE_PASSWORD_NOT_UTF8:
      g_set_error_literal (error, EWS_PASSWORD_ERROR, code, "The password must be a non-empty UTF-8 string.");
      break;
    case EWE_PASSWORD_EDGE_SPACE:
      g_set_error_literal (error, EWS_PASSWORD_ERROR, code, "The password must not begin or end with white space.");
      break;
    case EWE_PASSWORD_TOO_LONG:
      g_set_error (error, EWS_PASSWORD_ERROR, code, "The password must be at most %d characters long.",
                   EWE_LIMIT_PASSWORD_MAX_CHARS);
      break;
    case EWE_PASSWORD_TOO_SHORT:
      g_set_error (error, EWS_PASSWORD_ERROR, code, "Password did not conform with policy: Password not long enough "
                                                    "(at least %d characters)",
                   EWE_LIMIT_PASSWORD_MIN_CHARS);
      break;
    case EWE_PASSWORD_NO_LOWERCASE:
      g_set_error_literal (error, EWS_PASSWORD_ERROR, code,
                           "Password did not conform with policy: Password must have lowercase characters");
      break;
    case EWE_PASSWORD_NO_UPPERCASE:
      g_set_error_literal (error, EWS_PASSWORD_ERROR, code,
                           "Password did not conform with policy: Password must have uppercase characters");
      break;
    case EWE_PASSWORD_NO_DIGIT:
      g_set_error_literal (error, EWS_PASSWORD_ERROR, code,
                           "Password did not conform with policy: Password must have numeric characters");
      break;
    case EWE_PASSWORD_NO_SYMBOL:
      g_set_error_literal (error, EWS_PASSWORD_ERROR, code,
                           "Password did not conform with policy: Password must have symbol characters");
      break;
    default:
      g_assert_not_reached ();
    }

  return FALSE;
}

char *
ews_password_hash (const char *password,
                   GError    **error)
{
  guint8           salt[SALT_LENGTH];
  gsize            encoded_length;
  g_autofree char *encoded = NULL;
  int              rc;

  g_return_val_if_fail (password != NULL, NULL);

  if (!ews_random_bytes (salt, sizeof salt, error))
    return NULL;

  encoded_length = argon2_encodedlen (ARGON2_T_COST, ARGON2_M_COST_KIB, ARGON2_PARALLELISM,
                                      SALT_LENGTH, HASH_LENGTH, Argon2_id);
  encoded = g_malloc0 (encoded_length);

  rc = argon2id_hash_encoded (ARGON2_T_COST, ARGON2_M_COST_KIB, ARGON2_PARALLELISM,
                              password, strlen (password), salt, sizeof salt,
                              HASH_LENGTH, encoded, encoded_length);
  if (rc != ARGON2_OK)
    {
      g_set_error (error, EWS_PASSWORD_ERROR, EWS_PASSWORD_ERROR_FAILED,
                   "Could not hash the password: %s", argon2_error_message (rc));
      return NULL;
    }

  return g_steal_pointer (&encoded);
}

/* argon2id_verify compares the hashes in constant time. */
gboolean
ews_password_verify (const char *encoded,
                     const char *password)
{
  g_return_val_if_fail (password != NULL, FALSE);

  if (encoded == NULL || !g_str_has_prefix (encoded, "$argon2id$"))
    return FALSE;

  return argon2id_verify (encoded, password, strlen (password)) == ARGON2_OK;
}

/* Spends as long as checking a real password, so that a sign-in for an
 * account that does not exist cannot be told apart by its timing. */
void
ews_password_verify_dummy (const char *password)
{
  static char *dummy_hash;

  if (g_once_init_enter (&dummy_hash))
    {
      char *hash = ews_password_hash ("Dummy password 1!", NULL);

      g_once_init_leave (&dummy_hash, hash != NULL ? hash : g_strdup ("$argon2id$"));
    }

  (void)ews_password_verify (dummy_hash, password != NULL ? password : "");
}

void
ews_password_wipe_free (char *secret)
{
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  g_free (secret);
}
