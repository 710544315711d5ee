/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-password"

#include "config.h"

#include <argon2.h>

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

/* Cognito's limits: 8 to 256 characters. */
#define MIN_LENGTH 8
#define MAX_LENGTH 256

/* What Cognito counts as a symbol. */
static const char symbols[] = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ";

G_DEFINE_QUARK (ews-password-error-quark, ews_password_error)

/* Cognito's own wording, so the app shows the same message whichever server
 * it talks to. */
gboolean
ews_password_check_policy (const char  *password,
                           GError     **error)
{
  gboolean upper = FALSE, lower = FALSE, digit = FALSE, symbol = FALSE;
  glong length;

  if (password == NULL || !g_utf8_validate (password, -1, NULL) || password[0] == '\0')
    {
      g_set_error_literal (error, EWS_PASSWORD_ERROR, EWS_PASSWORD_ERROR_INVALID,
                           "The password must be a non-empty UTF-8 string.");
      return FALSE;
    }

  /* Cognito refuses leading and trailing white space as a malformed value,
   * not a weak password: it would be lost by many input fields. */
  if (g_ascii_isspace (password[0]) || g_ascii_isspace (password[strlen (password) - 1]))
    {
      g_set_error_literal (error, EWS_PASSWORD_ERROR, EWS_PASSWORD_ERROR_INVALID,
                           "The password must not begin or end with white space.");
      return FALSE;
    }

  length = g_utf8_strlen (password, -1);
  if (length > MAX_LENGTH)
    {
      g_set_error (error, EWS_PASSWORD_ERROR, EWS_PASSWORD_ERROR_INVALID,
                   "The password must be at most %d characters long.", MAX_LENGTH);
      return FALSE;
    }

  for (const char *p = password; *p != '\0'; p++)
    {
      upper |= g_ascii_isupper (*p);
      lower |= g_ascii_islower (*p);
      digit |= g_ascii_isdigit (*p);
      symbol |= strchr (symbols, *p) != NULL;
    }

  if (length < MIN_LENGTH)
    g_set_error (error, EWS_PASSWORD_ERROR, EWS_PASSWORD_ERROR_POLICY,
                 "Password did not conform with policy: Password not long enough "
                 "(at least %d characters)", MIN_LENGTH);
  else if (!lower)
    g_set_error_literal (error, EWS_PASSWORD_ERROR, EWS_PASSWORD_ERROR_POLICY,
                         "Password did not conform with policy: Password must have lowercase characters");
  else if (!upper)
    g_set_error_literal (error, EWS_PASSWORD_ERROR, EWS_PASSWORD_ERROR_POLICY,
                         "Password did not conform with policy: Password must have uppercase characters");
  else if (!digit)
    g_set_error_literal (error, EWS_PASSWORD_ERROR, EWS_PASSWORD_ERROR_POLICY,
                         "Password did not conform with policy: Password must have numeric characters");
  else if (!symbol)
    g_set_error_literal (error, EWS_PASSWORD_ERROR, EWS_PASSWORD_ERROR_POLICY,
                         "Password did not conform with policy: Password must have symbol characters");
  else
    return TRUE;

  return FALSE;
}

char *
ews_password_hash (const char  *password,
                   GError     **error)
{
  guint8 salt[SALT_LENGTH];
  gsize encoded_length;
  g_autofree char *encoded = NULL;
  int rc;

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

  (void) ews_password_verify (dummy_hash, password != NULL ? password : "");
}
