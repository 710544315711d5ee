/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "ews-oidc-token.h"

/* An upstream provider's ID token as the server checks it
 * (ews-oidc-token.c), with keys made here: the provider's own (RS256 and
 * ES256), a stranger's, and tokens that differ from a good one in one
 * claim each. The end-to-end flow with a real provider is
 * test-oauth2-upstream's. */

#define NOW 1800000000
#define ISSUER "https://id.example.org"
#define CLIENT "ewelists-server"
#define NONCE "n-0S6_WzA2Mj"

static EwsJwtKey *provider_key;
static EwsJwtKey *stranger_key;

static JsonObject *
good_claims (void)
{
  JsonObject *claims = json_object_new ();

  json_object_set_string_member (claims, "iss", ISSUER);
  json_object_set_string_member (claims, "sub", "248289761001");
  json_object_set_string_member (claims, "aud", CLIENT);
  json_object_set_string_member (claims, "nonce", NONCE);
  json_object_set_string_member (claims, "email", "jane@example.org");
  json_object_set_boolean_member (claims, "email_verified", TRUE);
  json_object_set_int_member (claims, "iat", NOW - 5);
  json_object_set_int_member (claims, "exp", NOW + 600);

  return claims;
}

/* The provider's JWKS: @key's public half. */
static JsonArray *
keys_of (EwsJwtKey *key)
{
  JsonArray *keys = json_array_new ();

  json_array_add_object_element (keys, ews_jwt_key_dup_jwk (key));
  return keys;
}

static void
assert_refused (const char *token,
                JsonArray  *keys,
                gint64      now,
                EwsJwtError expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) claims = ews_oidc_verify_id_token (token, keys, ISSUER, CLIENT, NONCE, now, &error);

  g_assert_null (claims);
  g_assert_error (error, EWS_JWT_ERROR, (gint)expected);
}

static void
test_rs256_good (void)
{
  g_autoptr(JsonArray) keys = keys_of (provider_key);
  g_autofree char *token = ews_jwt_sign (provider_key, good_claims ());
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) claims = ews_oidc_verify_id_token (token, keys, ISSUER, CLIENT, NONCE, NOW, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (claims, "sub"), ==, "248289761001");

  /* An expiry a little behind the server's clock is the leeway's. */
  g_clear_pointer (&claims, json_object_unref);
  claims = ews_oidc_verify_id_token (token, keys, ISSUER, CLIENT, NONCE, NOW + 600 + EWS_JWT_CLOCK_SKEW_SECONDS / 2,
                                     &error);
  g_assert_no_error (error);
  g_assert_nonnull (claims);
}

static void
test_wrong_signature (void)
{
  g_autoptr(JsonArray) keys = keys_of (provider_key);
  g_autoptr(JsonArray) stranger_keys = keys_of (stranger_key);
  g_autofree char *token = ews_jwt_sign (stranger_key, good_claims ());
  g_autofree char *good = ews_jwt_sign (provider_key, good_claims ());
  g_autofree char *tampered = NULL;
  char            *last;

  /* Signed by another key (whose kid the set does not have)… */
  assert_refused (token, keys, NOW, EWS_JWT_ERROR_BAD_SIGNATURE);
  /* …or by the right kid, wrong bits. */
  tampered = g_strdup (good);
  last = tampered + strlen (tampered) - 3;
  *last = *last == 'A' ? 'B' : 'A';
  assert_refused (tampered, keys, NOW, EWS_JWT_ERROR_BAD_SIGNATURE);
  /* A set without the key at all. */
  assert_refused (good, stranger_keys, NOW, EWS_JWT_ERROR_BAD_SIGNATURE);
}

static void
test_alg_none (void)
{
  g_autoptr(JsonArray) keys = keys_of (provider_key);
  g_autofree char *good = ews_jwt_sign (provider_key, good_claims ());
  g_auto(GStrv) parts = g_strsplit (good, ".", 3);
  const char      *none_header = "eyJhbGciOiJub25lIn0"; /* {"alg":"none"} */
  g_autofree char *unsigned_token = g_strconcat (none_header, ".", parts[1], ".", NULL);
  g_autofree char *with_signature = g_strconcat (none_header, ".", parts[1], ".", parts[2], NULL);

  assert_refused (unsigned_token, keys, NOW, EWS_JWT_ERROR_MALFORMED);
  assert_refused (with_signature, keys, NOW, EWS_JWT_ERROR_BAD_SIGNATURE);
}

static void
test_wrong_claims (void)
{
  g_autoptr(JsonArray) keys = keys_of (provider_key);
  struct
  {
    const char *member;
    const char *value;
    EwsJwtError expected;
  } cases[] = {
    { "aud", "another-client", EWS_JWT_ERROR_WRONG_AUDIENCE },
    { "nonce", "a-nonce-of-another-sign-in", EWS_JWT_ERROR_WRONG_NONCE },
    { "nonce", NULL, EWS_JWT_ERROR_WRONG_NONCE },
    { "iss", "https://evil.example.org", EWS_JWT_ERROR_WRONG_ISSUER },
    { "sub", NULL, EWS_JWT_ERROR_MALFORMED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      JsonObject      *claims = good_claims ();
      g_autofree char *token = NULL;

      if (cases[i].value != NULL)
        json_object_set_string_member (claims, cases[i].member, cases[i].value);
      else
        json_object_remove_member (claims, cases[i].member);
      token = ews_jwt_sign (provider_key, claims);
      assert_refused (token, keys, NOW, cases[i].expected);
    }
}

static void
test_audiences (void)
{
  g_autoptr(JsonArray) keys = keys_of (provider_key);
  JsonObject      *claims = good_claims ();
  JsonArray       *aud = json_array_new ();
  g_autofree char *without_azp = NULL;
  g_autofree char *with_azp = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) verified = NULL;

  json_array_add_string_element (aud, CLIENT);
  json_array_add_string_element (aud, "another-client");
  json_object_set_array_member (claims, "aud", aud);
  without_azp = ews_jwt_sign (provider_key, json_object_ref (claims));
  assert_refused (without_azp, keys, NOW, EWS_JWT_ERROR_WRONG_AUDIENCE);

  json_object_set_string_member (claims, "azp", CLIENT);
  with_azp = ews_jwt_sign (provider_key, claims);
  verified = ews_oidc_verify_id_token (with_azp, keys, ISSUER, CLIENT, NONCE, NOW, &error);
  g_assert_no_error (error);
  g_assert_nonnull (verified);
}

static void
test_expired (void)
{
  g_autoptr(JsonArray) keys = keys_of (provider_key);
  g_autofree char *token = ews_jwt_sign (provider_key, good_claims ());
  JsonObject      *future = good_claims ();
  g_autofree char *early = NULL;

  assert_refused (token, keys, NOW + 600 + EWS_JWT_CLOCK_SKEW_SECONDS + 1, EWS_JWT_ERROR_EXPIRED);
  json_object_set_int_member (future, "iat", NOW + 3600);
  json_object_set_int_member (future, "exp", NOW + 7200);
  early = ews_jwt_sign (provider_key, future);
  assert_refused (early, keys, NOW, EWS_JWT_ERROR_NOT_YET_VALID);
}

/* ES256, as some providers sign: made with GnuTLS here, the signature
 * turned from DER into JWS's r || s. */
static char *
sign_es256 (gnutls_privkey_t key,
            JsonObject      *claims)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), claims);
  g_autofree char *json = json_to_string (node, FALSE);
  const char      *header = "{\"alg\":\"ES256\",\"kid\":\"ec-1\"}";
  g_autofree char *h = ews_base64url_encode ((const guint8 *)header, strlen (header));
  g_autofree char *p = ews_base64url_encode ((const guint8 *)json, strlen (json));
  g_autofree char *input = g_strconcat (h, ".", p, NULL);
  gnutls_datum_t   data = { (unsigned char *)input, (unsigned int)strlen (input) };
  gnutls_datum_t   der, r, s;
  const guint8    *r_data = NULL;
  const guint8    *s_data = NULL;
  guint8           raw[64] = { 0 };
  g_autofree char *signature = NULL;

  g_assert_cmpint (gnutls_privkey_sign_data2 (key, GNUTLS_SIGN_ECDSA_SHA256, 0, &data, &der), ==, 0);
  g_assert_cmpint (gnutls_decode_rs_value (&der, &r, &s), ==, 0);
  /* Big-endian, without the sign byte DER may add, right-aligned. */
  r_data = r.data;
  s_data = s.data;
  while (r.size > 32 && r_data[0] == 0)
    r_data++, r.size--;
  while (s.size > 32 && s_data[0] == 0)
    s_data++, s.size--;
  g_assert_cmpuint (r.size, <=, 32);
  g_assert_cmpuint (s.size, <=, 32);
  memcpy (raw + 32 - r.size, r_data, r.size);
  memcpy (raw + 64 - s.size, s_data, s.size);
  signature = ews_base64url_encode (raw, sizeof raw);
  gnutls_free (r.data);
  gnutls_free (s.data);
  gnutls_free (der.data);

  return g_strconcat (input, ".", signature, NULL);
}

static void
test_es256 (void)
{
  gnutls_privkey_t private_key;
  gnutls_pubkey_t  public_key;
  gnutls_datum_t   x, y;
  g_autoptr(JsonArray) keys = json_array_new ();
  JsonObject      *jwk = json_object_new ();
  g_autofree char *x_text = NULL;
  g_autofree char *y_text = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) claims = NULL;
  JsonObject      *other = good_claims ();
  g_autofree char *wrong_nonce = NULL;

  g_assert_cmpint (gnutls_privkey_init (&private_key), ==, 0);
  g_assert_cmpint (gnutls_privkey_generate (private_key, GNUTLS_PK_ECDSA,
                                            GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1), 0),
                   ==, 0);
  g_assert_cmpint (gnutls_pubkey_init (&public_key), ==, 0);
  g_assert_cmpint (gnutls_pubkey_import_privkey (public_key, private_key, 0, 0), ==, 0);
  g_assert_cmpint (gnutls_pubkey_export_ecc_raw2 (public_key, NULL, &x, &y, GNUTLS_EXPORT_FLAG_NO_LZ), ==, 0);
  x_text = ews_base64url_encode (x.data, x.size);
  y_text = ews_base64url_encode (y.data, y.size);
  json_object_set_string_member (jwk, "kty", "EC");
  json_object_set_string_member (jwk, "crv", "P-256");
  json_object_set_string_member (jwk, "kid", "ec-1");
  json_object_set_string_member (jwk, "x", x_text);
  json_object_set_string_member (jwk, "y", y_text);
  json_array_add_object_element (keys, jwk);

  token = sign_es256 (private_key, good_claims ());
  claims = ews_oidc_verify_id_token (token, keys, ISSUER, CLIENT, NONCE, NOW, &error);
  g_assert_no_error (error);
  g_assert_nonnull (claims);

  json_object_set_string_member (other, "nonce", "another");
  wrong_nonce = sign_es256 (private_key, other);
  assert_refused (wrong_nonce, keys, NOW, EWS_JWT_ERROR_WRONG_NONCE);
  /* An RS256 key of the same kid would not do for an ES256 token. */
  json_object_set_string_member (jwk, "kty", "RSA");
  assert_refused (token, keys, NOW, EWS_JWT_ERROR_BAD_SIGNATURE);

  gnutls_free (x.data);
  gnutls_free (y.data);
  gnutls_pubkey_deinit (public_key);
  gnutls_privkey_deinit (private_key);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int result;

  g_test_init (&argc, &argv, NULL);

  provider_key = ews_jwt_key_generate (&error);
  g_assert_no_error (error);
  stranger_key = ews_jwt_key_generate (&error);
  g_assert_no_error (error);

  g_test_add_func ("/oidc-token/rs256", test_rs256_good);
  g_test_add_func ("/oidc-token/wrong-signature", test_wrong_signature);
  g_test_add_func ("/oidc-token/alg-none", test_alg_none);
  g_test_add_func ("/oidc-token/wrong-claims", test_wrong_claims);
  g_test_add_func ("/oidc-token/audiences", test_audiences);
  g_test_add_func ("/oidc-token/expired", test_expired);
  g_test_add_func ("/oidc-token/es256", test_es256);

  result = g_test_run ();
  ews_jwt_key_unref (provider_key);
  ews_jwt_key_unref (stranger_key);
  return result;
}
