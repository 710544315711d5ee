/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Passwords: Cognito's default policy, and argon2id hashes in the PHC string
 * format ($argon2id$v=19$m=…,t=…,p=…$salt$hash), which carries its own salt
 * and cost so that the cost can be raised later without breaking old hashes. */

#define EWS_PASSWORD_ERROR (ews_password_error_quark ())

typedef enum
{
  EWS_PASSWORD_ERROR_POLICY,   /* too weak: Cognito's InvalidPasswordException */
  EWS_PASSWORD_ERROR_INVALID,  /* not a password at all: InvalidParameterException */
  EWS_PASSWORD_ERROR_FAILED,   /* hashing itself failed (out of memory, no randomness) */
} EwsPasswordError;

GQuark   ews_password_error_quark  (void);

gboolean ews_password_check_policy (const char  *password,
                                    GError     **error);
char    *ews_password_hash         (const char  *password,
                                    GError     **error);
gboolean ews_password_verify       (const char  *encoded,
                                    const char  *password);
void     ews_password_verify_dummy (const char  *password);

/* Frees a password, or any other secret string (a private key, the SMTP
 * password), overwritten first so the freed memory does not keep it. */
void     ews_password_wipe_free    (char        *secret);

G_END_DECLS
