/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* JSON Web Tokens signed with RS256 (RFC 7515, 7518: RSASSA-PKCS1-v1_5 with
 * SHA-256), as Cognito signs them, so that anyone can check our tokens with
 * the public keys the server publishes (/.well-known/jwks.json). Each key is
 * named by its `kid`, its RFC 7638 thumbprint. Only RS256 is ever accepted,
 * whatever a token's header says.
 *
 * The keys themselves are kept in the database (ews-jwt-keys.h); this file
 * only knows one key at a time. */

#define EWS_JWT_ERROR (ews_jwt_error_quark ())

typedef enum
{
  EWS_JWT_ERROR_MALFORMED,      /* not three base64url parts of JSON, or claims missing */
  EWS_JWT_ERROR_BAD_SIGNATURE,  /* wrong signature or key, or an algorithm other than RS256 */
  EWS_JWT_ERROR_EXPIRED,        /* "exp" is not after now */
  EWS_JWT_ERROR_NOT_YET_VALID,  /* "nbf" or "iat" is in the future */
  EWS_JWT_ERROR_WRONG_ISSUER,   /* "iss" is not this server */
  EWS_JWT_ERROR_WRONG_AUDIENCE, /* an upstream ID token's "aud" is not our client (ews-oidc-token.h) */
  EWS_JWT_ERROR_WRONG_NONCE,    /* an upstream ID token's "nonce" is not the one we sent */
} EwsJwtError;

/* How long ID and access tokens last (Cognito's default), how far another
 * server's clock may be ahead of ours for "nbf" and "iat", and how long a
 * key that stopped signing is still published: until the last token it
 * signed has expired, with a margin for a server that read the signer just
 * before it was rotated. */
#define EWS_JWT_LIFETIME_SECONDS 3600
#define EWS_JWT_CLOCK_SKEW_SECONDS 60
#define EWS_JWT_KEY_KEEP_SECONDS (EWS_JWT_LIFETIME_SECONDS + EWS_JWT_CLOCK_SKEW_SECONDS + 300)

/* The smallest secret we accept for the CSRF tokens of the guest pages. */
#define EWS_JWT_SECRET_MIN_LENGTH 32

typedef struct _EwsJwtKey EwsJwtKey;

GQuark      ews_jwt_error_quark           (void);

/* `<data_dir>/jwt-secret`: since tokens are RS256, only the guest pages'
 * CSRF tokens are signed with it (HMAC). */
gboolean    ews_jwt_load_or_create_secret (const char  *data_dir,
                                           GBytes     **secret,
                                           GError     **error);

/* A new RSA key, or one read back from PEM (@private_pem may be NULL for a
 * key that only verifies). */
EwsJwtKey  *ews_jwt_key_generate          (GError      **error);
EwsJwtKey  *ews_jwt_key_new_from_pem      (const char  *private_pem,
                                           const char  *public_pem,
                                           GError     **error);
EwsJwtKey  *ews_jwt_key_ref               (EwsJwtKey   *key);
void        ews_jwt_key_unref             (EwsJwtKey   *key);
const char *ews_jwt_key_get_kid           (EwsJwtKey   *key);
gboolean    ews_jwt_key_can_sign          (EwsJwtKey   *key);
char       *ews_jwt_key_dup_private_pem   (EwsJwtKey   *key);
char       *ews_jwt_key_dup_public_pem    (EwsJwtKey   *key);
/* The public key as a JWK (RFC 7517): kty, use, alg, kid, n, e. */
JsonObject *ews_jwt_key_dup_jwk           (EwsJwtKey   *key);

char       *ews_jwt_sign                  (EwsJwtKey   *key,
                                           JsonObject  *claims);
/* The "kid" of @token's header, if the header is well formed and says
 * RS256; the key is then looked up by it. */
char       *ews_jwt_dup_kid               (const char  *token,
                                           GError     **error);
JsonObject *ews_jwt_verify                (EwsJwtKey   *key,
                                           const char  *token,
                                           const char  *issuer,
                                           gint64       now_unix,
                                           GError     **error);

/* Helpers the rest of the server shares for random ids and tokens. */
gboolean    ews_random_bytes              (guint8      *buffer,
                                           gsize        length,
                                           GError     **error);
char       *ews_base64url_encode          (const guint8 *data,
                                           gsize         length);
GBytes     *ews_base64url_decode          (const char   *text,
                                           gsize         length);
gboolean    ews_secrets_equal             (const char   *given,
                                           const char   *expected);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EwsJwtKey, ews_jwt_key_unref)

G_END_DECLS
