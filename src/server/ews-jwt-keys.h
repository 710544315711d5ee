/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-auth-storage.h"
#include "ews-jwt.h"

G_BEGIN_DECLS

/* The token signing keys, kept in the database so that every server on it
 * signs and verifies with the same ones. One key signs; `admin keys rotate`
 * makes a new one the signer, and the old ones are still published and
 * accepted until the last token they signed has expired, then pruned.
 *
 * Each server keeps the keys it has read in memory and asks the database
 * for the current signer's kid at each sign-in, and for a key it does not
 * know when a token names one, so a rotation by another process takes
 * effect at once. Failures of the database are in EWS_STORAGE_ERROR, those
 * of a token in EWS_JWT_ERROR. */

#define EWS_TYPE_JWT_KEYS (ews_jwt_keys_get_type ())

G_DECLARE_FINAL_TYPE (EwsJwtKeys, ews_jwt_keys, EWS, JWT_KEYS, GObject)

EwsJwtKeys *ews_jwt_keys_new      (EwsAuthStorage  *storage);
/* At start: makes the first key if there is none, and prunes old ones. */
gboolean    ews_jwt_keys_prepare  (EwsJwtKeys      *self,
                                   gint64           now,
                                   GError         **error);
char       *ews_jwt_keys_sign     (EwsJwtKeys      *self,
                                   JsonObject      *claims,
                                   GError         **error);
JsonObject *ews_jwt_keys_verify   (EwsJwtKeys      *self,
                                   const char      *token,
                                   const char      *issuer,
                                   gint64           now,
                                   GError         **error);
/* The JWK Set (RFC 7517) of the keys tokens may still be signed with. */
JsonNode   *ews_jwt_keys_dup_jwks (EwsJwtKeys      *self,
                                   gint64           now,
                                   GError         **error);
/* Returns: (transfer full): the kid of the new signer */
char       *ews_jwt_keys_rotate   (EwsJwtKeys      *self,
                                   gint64           now,
                                   GError         **error);

/* Whether a key retired at @retired_at (0: current) is still published. */
gboolean    ews_jwt_keys_is_published (gint64      retired_at,
                                       gint64      now);

G_END_DECLS
