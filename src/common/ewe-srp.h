/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* SRP-6a as Cognito's USER_SRP_AUTH computes it, which the app (the client)
 * and the server (the verifier) must agree on to the last byte: the
 * 3072-bit group of RFC 5054 with g = 2 and SHA-256, the numbers hashed in
 * the "signed" encoding amazon-cognito-identity-js uses (big-endian, an
 * extra zero byte when the top bit is set), the session key through HKDF
 * "Caldera Derived Key", and the PASSWORD_CLAIM_SIGNATURE over the pool's
 * name, the user, the SECRET_BLOCK and Cognito's timestamp.
 *
 * Big numbers cross this interface as hexadecimal strings, as they cross
 * the wire, so nothing above needs to know the arithmetic library (GMP,
 * private to libewe-common). The RFC 5054 group of 1024 bits with SHA-1 is
 * here only so that the generic steps can be checked against the RFC's
 * published test vectors. */

/* What ewelists-server calls its pool unless told otherwise, in Cognito's
 * `region_name` shape so that Cognito's own clients accept it; the app uses
 * it with our server. */
#define EWE_SRP_DEFAULT_USER_POOL_ID "local_ewelists"

#define EWE_SRP_ERROR (ewe_srp_error_quark ())

typedef enum
{
  EWE_SRP_ERROR_INVALID, /* a value that is not a number, or one SRP forbids */
} EweSrpError;

typedef enum
{
  EWE_SRP_GROUP_COGNITO,      /* 3072 bits, g = 2, SHA-256, signed encoding */
  EWE_SRP_GROUP_RFC5054_1024, /* 1024 bits, g = 2, SHA-1, padded to N: tests */
} EweSrpGroup;

GQuark  ewe_srp_error_quark        (void);

/* A new private value (a or b): 128 random bytes from the kernel. */
char   *ewe_srp_new_secret         (GError      **error);

/* k = H(N | g) */
char   *ewe_srp_multiplier         (EweSrpGroup   group);
/* u = H(A | B); NULL when a value is not hexadecimal. */
char   *ewe_srp_scrambler          (EweSrpGroup   group,
                                    const char   *client_public,
                                    const char   *server_public,
                                    GError      **error);
/* x = H(salt | H(identity | ":" | password)); for Cognito the identity is
 * the pool's name followed by USER_ID_FOR_SRP. */
char   *ewe_srp_private_key        (EweSrpGroup   group,
                                    const char   *salt,
                                    const char   *identity,
                                    const char   *password,
                                    GError      **error);
/* v = g^x */
char   *ewe_srp_verifier           (EweSrpGroup   group,
                                    const char   *private_key,
                                    GError      **error);
/* A = g^a */
char   *ewe_srp_client_public      (EweSrpGroup   group,
                                    const char   *client_secret,
                                    GError      **error);
/* B = k v + g^b */
char   *ewe_srp_server_public      (EweSrpGroup   group,
                                    const char   *server_secret,
                                    const char   *verifier,
                                    GError      **error);
/* S = (B - k g^x)^(a + u x), refusing B ≡ 0 and u = 0. */
char   *ewe_srp_client_premaster   (EweSrpGroup   group,
                                    const char   *client_secret,
                                    const char   *client_public,
                                    const char   *server_public,
                                    const char   *private_key,
                                    GError      **error);
/* S = (A v^u)^b, refusing A ≡ 0 and u = 0. */
char   *ewe_srp_server_premaster   (EweSrpGroup   group,
                                    const char   *server_secret,
                                    const char   *client_public,
                                    const char   *server_public,
                                    const char   *verifier,
                                    GError      **error);

/* The 16-byte key both sides sign with: HKDF-SHA256 of S, salted with u,
 * info "Caldera Derived Key". */
GBytes *ewe_srp_cognito_key        (const char   *premaster,
                                    const char   *scrambler,
                                    GError      **error);
/* Base64 of HMAC-SHA256(key, pool name | user id | secret block | timestamp),
 * the PASSWORD_CLAIM_SIGNATURE. */
char   *ewe_srp_cognito_signature  (GBytes       *key,
                                    const char   *pool_name,
                                    const char   *user_id,
                                    GBytes       *secret_block,
                                    const char   *timestamp);
/* "Mon Dec 7 04:30:01 UTC 2026": English names, the day without a leading
 * zero, always UTC, as Cognito expects the TIMESTAMP. */
char   *ewe_srp_cognito_timestamp  (GDateTime    *time);
/* The part of a pool id after its region: "abc" for "eu-west-1_abc". */
char   *ewe_srp_pool_name          (const char   *user_pool_id);

G_END_DECLS
