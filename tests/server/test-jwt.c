/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "ews-jwt.h"

#define NOW 1800000000
#define ISSUER "https://lists.example.org"

/* Two RSA keys for every test: making one takes a tenth of a second. */
static EwsJwtKey *test_key;
static EwsJwtKey *other_key;

static JsonObject *
test_claims (gint64 exp)
{
  JsonObject *claims = json_object_new ();

  json_object_set_string_member (claims, "sub", "3f1c2b9e-user");
  json_object_set_string_member (claims, "iss", ISSUER);
  json_object_set_string_member (claims, "token_use", "id");
  json_object_set_string_member (claims, "name", "Zoë <b>&</b>");
  json_object_set_int_member (claims, "iat", NOW - 10);
  json_object_set_int_member (claims, "exp", exp);

  return claims;
}

static char *
encode_text (const char *text)
{
  return ews_base64url_encode ((const guint8 *)text, strlen (text));
}

static char *
encode_object (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autofree char *json = json_to_string (node, FALSE);

  return encode_text (json);
}

static JsonObject *
decode_object (const char *part)
{
  g_autoptr(GBytes) bytes = ews_base64url_decode (part, strlen (part));
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_assert_nonnull (bytes);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  node = json_from_string (text, NULL);
  g_assert_true (node != NULL && JSON_NODE_HOLDS_OBJECT (node));

  return json_object_ref (json_node_get_object (node));
}

static void
assert_refused (EwsJwtKey  *key,
                const char *token,
                const char *issuer,
                gint64      now,
                EwsJwtError code)
{
  g_autoptr(JsonObject) verified = NULL;
  g_autoptr(GError) error = NULL;

  verified = ews_jwt_verify (key, token, issuer, now, &error);
  g_assert_error (error, EWS_JWT_ERROR, (gint)code);
  g_assert_null (verified);
}

static void
test_round_trip (void)
{
  g_autoptr(JsonObject) claims = test_claims (NOW + 3600);
  g_autoptr(JsonObject) verified = NULL;
  g_autoptr(JsonObject) header = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = ews_jwt_sign (test_key, claims);
  g_auto(GStrv) parts = g_strsplit (token, ".", -1);

  /* No padding, and only the base64url alphabet plus the two dots. */
  g_assert_null (strchr (token, '='));
  g_assert_null (strchr (token, '+'));
  g_assert_null (strchr (token, '/'));
  g_assert_cmpuint (g_strv_length (parts), ==, 3);

  /* RS256 and the key's name, as Cognito's tokens carry them. */
  header = decode_object (parts[0]);
  g_assert_cmpstr (json_object_get_string_member (header, "alg"), ==, "RS256");
  g_assert_cmpstr (json_object_get_string_member (header, "kid"), ==, ews_jwt_key_get_kid (test_key));
  g_assert_cmpstr (json_object_get_string_member (header, "typ"), ==, "JWT");

  /* An RSA-2048 signature. */
  {
    g_autoptr(GBytes) signature = ews_base64url_decode (parts[2], strlen (parts[2]));
    g_assert_cmpuint (g_bytes_get_size (signature), ==, 256);
  }

  verified = ews_jwt_verify (test_key, token, ISSUER, NOW, &error);
  g_assert_no_error (error);
  g_assert_nonnull (verified);
  g_assert_cmpstr (json_object_get_string_member (verified, "sub"), ==, "3f1c2b9e-user");
  g_assert_cmpstr (json_object_get_string_member (verified, "name"), ==, "Zoë <b>&</b>");
  g_assert_cmpint (json_object_get_int_member (verified, "exp"), ==, NOW + 3600);
}

/* The JWK has what RFC 7517/7518 ask of an RSA signing key, and the kid is
 * its RFC 7638 thumbprint. */
static void
test_jwk (void)
{
  g_autoptr(JsonObject) jwk = ews_jwt_key_dup_jwk (test_key);
  const char *n = json_object_get_string_member (jwk, "n");
  const char *e = json_object_get_string_member (jwk, "e");
  g_autoptr(GBytes) modulus = ews_base64url_decode (n, strlen (n));
  g_autofree char *input = g_strdup_printf ("{\"e\":\"%s\",\"kty\":\"RSA\",\"n\":\"%s\"}", e, n);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8           digest[32];
  gsize            digest_length = sizeof digest;
  g_autofree char *thumbprint = NULL;

  g_assert_cmpstr (json_object_get_string_member (jwk, "kty"), ==, "RSA");
  g_assert_cmpstr (json_object_get_string_member (jwk, "use"), ==, "sig");
  g_assert_cmpstr (json_object_get_string_member (jwk, "alg"), ==, "RS256");
  g_assert_cmpstr (e, ==, "AQAB");
  g_assert_nonnull (modulus);
  g_assert_cmpuint (g_bytes_get_size (modulus), ==, 256);
  g_assert_cmpuint (((const guint8 *)g_bytes_get_data (modulus, NULL))[0], >=, 0x80);
  g_assert_false (json_object_has_member (jwk, "d"));
  g_assert_false (json_object_has_member (jwk, "p"));

  g_checksum_update (checksum, (const guchar *)input, strlen (input));
  g_checksum_get_digest (checksum, digest, &digest_length);
  thumbprint = ews_base64url_encode (digest, digest_length);
  g_assert_cmpstr (json_object_get_string_member (jwk, "kid"), ==, thumbprint);
  g_assert_cmpstr (ews_jwt_key_get_kid (test_key), ==, thumbprint);
}

/* Stored as PEM and read back: the same key; the public half alone
 * verifies but cannot sign; halves of two keys are refused together. */
static void
test_pem_round_trip (void)
{
  g_autofree char *private_pem = ews_jwt_key_dup_private_pem (test_key);
  g_autofree char *public_pem = ews_jwt_key_dup_public_pem (test_key);
  g_autofree char *other_public = ews_jwt_key_dup_public_pem (other_key);
  g_autoptr(JsonObject) claims = test_claims (NOW + 3600);
  g_autoptr(EwsJwtKey) both = NULL;
  g_autoptr(EwsJwtKey) public_only = NULL;
  g_autoptr(EwsJwtKey) mixed = NULL;
  g_autoptr(JsonObject) verified = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  g_assert_true (g_str_has_prefix (private_pem, "-----BEGIN PRIVATE KEY-----"));
  g_assert_true (g_str_has_prefix (public_pem, "-----BEGIN PUBLIC KEY-----"));

  both = ews_jwt_key_new_from_pem (private_pem, public_pem, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ews_jwt_key_get_kid (both), ==, ews_jwt_key_get_kid (test_key));
  g_assert_true (ews_jwt_key_can_sign (both));

  public_only = ews_jwt_key_new_from_pem (NULL, public_pem, &error);
  g_assert_no_error (error);
  g_assert_false (ews_jwt_key_can_sign (public_only));

  token = ews_jwt_sign (both, claims);
  verified = ews_jwt_verify (public_only, token, ISSUER, NOW, &error);
  g_assert_no_error (error);
  g_assert_nonnull (verified);

  mixed = ews_jwt_key_new_from_pem (private_pem, other_public, &error);
  g_assert_error (error, EWS_JWT_ERROR, EWS_JWT_ERROR_MALFORMED);
  g_assert_null (mixed);
  g_clear_error (&error);

  g_assert_null (ews_jwt_key_new_from_pem (NULL, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", &error));
  g_assert_nonnull (error);
}

static void
test_wrong_key (void)
{
  g_autoptr(JsonObject) claims = test_claims (NOW + 3600);
  g_autofree char *token = ews_jwt_sign (other_key, claims);
  g_auto(GStrv) parts = g_strsplit (token, ".", -1);
  g_autoptr(JsonObject) header = decode_object (parts[0]);
  g_autofree char *header_part = NULL;
  g_autofree char *renamed = NULL;

  assert_refused (test_key, token, ISSUER, NOW, EWS_JWT_ERROR_BAD_SIGNATURE);

  /* Another key's signature under our key's name. */
  json_object_set_string_member (header, "kid", ews_jwt_key_get_kid (test_key));
  header_part = encode_object (header);
  renamed = g_strjoin (".", header_part, parts[1], parts[2], NULL);
  assert_refused (test_key, renamed, ISSUER, NOW, EWS_JWT_ERROR_BAD_SIGNATURE);
}

static void
test_tampered_payload (void)
{
  g_autoptr(JsonObject) claims = test_claims (NOW + 3600);
  g_autofree char *token = ews_jwt_sign (test_key, claims);
  g_auto(GStrv) parts = g_strsplit (token, ".", -1);
  g_autofree char *payload = NULL;
  g_autofree char *forged = NULL;

  /* Someone else's sub with the original signature. */
  json_object_set_string_member (claims, "sub", "someone-else");
  payload = encode_object (claims);
  forged = g_strjoin (".", parts[0], payload, parts[2], NULL);
  assert_refused (test_key, forged, ISSUER, NOW, EWS_JWT_ERROR_BAD_SIGNATURE);

  /* One flipped character in the signature. */
  parts[2][3] = parts[2][3] == 'A' ? 'B' : 'A';
  g_clear_pointer (&forged, g_free);
  forged = g_strjoinv (".", parts);
  assert_refused (test_key, forged, ISSUER, NOW, EWS_JWT_ERROR_BAD_SIGNATURE);

  /* No signature at all. */
  g_clear_pointer (&forged, g_free);
  forged = g_strjoin (".", parts[0], parts[1], "", NULL);
  assert_refused (test_key, forged, ISSUER, NOW, EWS_JWT_ERROR_BAD_SIGNATURE);
}

static char *
hs256 (const guint8 *key,
       gsize         key_length,
       const char   *signing_input)
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, key, key_length);
  guint8 digest[32];
  gsize  digest_length = sizeof digest;

  g_hmac_update (hmac, (const guchar *)signing_input, strlen (signing_input));
  g_hmac_get_digest (hmac, digest, &digest_length);

  return ews_base64url_encode (digest, digest_length);
}

/* The token never chooses the algorithm: "none", and HS256 with our public
 * key as the HMAC secret (the classic algorithm-confusion forgery, which a
 * library that trusts the header accepts), are refused, as is every other
 * algorithm. */
static void
test_alg_confusion (void)
{
  g_autoptr(JsonObject) claims = test_claims (NOW + 3600);
  g_autofree char *token = ews_jwt_sign (test_key, claims);
  g_auto(GStrv) parts = g_strsplit (token, ".", -1);
  g_autofree char *public_pem = ews_jwt_key_dup_public_pem (test_key);
  g_autoptr(JsonObject) jwk = ews_jwt_key_dup_jwk (test_key);
  g_autofree char *jwk_json = NULL;
  const char      *kid = ews_jwt_key_get_kid (test_key);
  const char      *algs[] = { "none", "None", "HS256", "HS512", "RS512", "PS256", "ES256", "EdDSA", "rs256", NULL };

  {
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), jwk);
    jwk_json = json_to_string (node, FALSE);
  }

  for (guint i = 0; i < G_N_ELEMENTS (algs); i++)
    {
      g_autoptr(JsonObject) header = json_object_new ();
      g_autofree char *header_part = NULL;
      g_autofree char *signing_input = NULL;
      g_autofree char *unsigned_token = NULL;
      g_autofree char *resigned = NULL;
      g_autofree char *pem_signature = NULL;
      g_autofree char *pem_forged = NULL;
      g_autofree char *jwk_signature = NULL;
      g_autofree char *jwk_forged = NULL;

      if (algs[i] != NULL)
        json_object_set_string_member (header, "alg", algs[i]);
      json_object_set_string_member (header, "kid", kid);
      json_object_set_string_member (header, "typ", "JWT");
      header_part = encode_object (header);
      signing_input = g_strjoin (".", header_part, parts[1], NULL);

      unsigned_token = g_strconcat (signing_input, ".", NULL);
      assert_refused (test_key, unsigned_token, ISSUER, NOW, EWS_JWT_ERROR_BAD_SIGNATURE);

      resigned = g_strjoin (".", signing_input, parts[2], NULL);
      assert_refused (test_key, resigned, ISSUER, NOW, EWS_JWT_ERROR_BAD_SIGNATURE);

      pem_signature = hs256 ((const guint8 *)public_pem, strlen (public_pem), signing_input);
      pem_forged = g_strjoin (".", signing_input, pem_signature, NULL);
      assert_refused (test_key, pem_forged, ISSUER, NOW, EWS_JWT_ERROR_BAD_SIGNATURE);

      jwk_signature = hs256 ((const guint8 *)jwk_json, strlen (jwk_json), signing_input);
      jwk_forged = g_strjoin (".", signing_input, jwk_signature, NULL);
      assert_refused (test_key, jwk_forged, ISSUER, NOW, EWS_JWT_ERROR_BAD_SIGNATURE);
    }

  /* An "alg" that is not a string, and no kid. */
  {
    g_autofree char *array_alg = encode_text ("{\"alg\":[\"RS256\"]}");
    g_autofree char *no_kid = encode_text ("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
    g_autofree char *first = g_strjoin (".", array_alg, parts[1], parts[2], NULL);
    g_autofree char *second = g_strjoin (".", no_kid, parts[1], parts[2], NULL);

    assert_refused (test_key, first, ISSUER, NOW, EWS_JWT_ERROR_BAD_SIGNATURE);
    assert_refused (test_key, second, ISSUER, NOW, EWS_JWT_ERROR_BAD_SIGNATURE);
  }
}

static void
test_expired (void)
{
  g_autoptr(JsonObject) claims = test_claims (NOW);
  g_autoptr(JsonObject) verified = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = ews_jwt_sign (test_key, claims);

  /* exp must be strictly after now. */
  assert_refused (test_key, token, ISSUER, NOW, EWS_JWT_ERROR_EXPIRED);

  verified = ews_jwt_verify (test_key, token, ISSUER, NOW - 1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (verified);

  /* A token without exp never expires, so it is refused; so is one
   * without iat. */
  json_object_remove_member (claims, "exp");
  g_clear_pointer (&token, g_free);
  token = ews_jwt_sign (test_key, claims);
  assert_refused (test_key, token, ISSUER, NOW - 1, EWS_JWT_ERROR_MALFORMED);

  json_object_set_int_member (claims, "exp", NOW + 3600);
  json_object_remove_member (claims, "iat");
  g_clear_pointer (&token, g_free);
  token = ews_jwt_sign (test_key, claims);
  assert_refused (test_key, token, ISSUER, NOW, EWS_JWT_ERROR_MALFORMED);
}

/* "nbf" and "iat" in the future are refused beyond a minute of clock skew
 * between servers. */
static void
test_not_yet_valid (void)
{
  struct
  {
    const char *claim;
    gint64      offset;
    gboolean    valid;
  } cases[] = {
    { "nbf", 0, TRUE },
    { "nbf", 60, TRUE },
    { "nbf", 61, FALSE },
    { "nbf", 3000, FALSE },
    { "iat", 60, TRUE },
    { "iat", 61, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) claims = test_claims (NOW + 3600);
      g_autoptr(JsonObject) verified = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *token = NULL;

      json_object_set_int_member (claims, cases[i].claim, NOW + cases[i].offset);
      token = ews_jwt_sign (test_key, claims);
      verified = ews_jwt_verify (test_key, token, ISSUER, NOW, &error);
      if (cases[i].valid)
        g_assert_no_error (error);
      else
        g_assert_error (error, EWS_JWT_ERROR, EWS_JWT_ERROR_NOT_YET_VALID);
    }

  /* An nbf that is not a time is not a loophole. */
  {
    g_autoptr(JsonObject) claims = test_claims (NOW + 3600);
    g_autofree char *token = NULL;

    json_object_set_string_member (claims, "nbf", "now");
    token = ews_jwt_sign (test_key, claims);
    assert_refused (test_key, token, ISSUER, NOW, EWS_JWT_ERROR_NOT_YET_VALID);
  }
}

static void
test_wrong_issuer (void)
{
  const char *issuers[] = { "https://evil.example.org", ISSUER "/", "http://lists.example.org", "", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (issuers); i++)
    {
      g_autoptr(JsonObject) claims = test_claims (NOW + 3600);
      g_autofree char *token = NULL;

      if (issuers[i] != NULL)
        json_object_set_string_member (claims, "iss", issuers[i]);
      else
        json_object_remove_member (claims, "iss");
      token = ews_jwt_sign (test_key, claims);
      assert_refused (test_key, token, ISSUER, NOW, EWS_JWT_ERROR_WRONG_ISSUER);
    }
}

static void
test_malformed (void)
{
  g_autoptr(JsonObject) claims = test_claims (NOW + 3600);
  g_autofree char *token = ews_jwt_sign (test_key, claims);
  g_auto(GStrv) parts = g_strsplit (token, ".", -1);
  g_autofree char *padded = g_strconcat (parts[0], "=.", parts[1], ".", parts[2], NULL);
  g_autofree char *bad_char = g_strconcat (parts[0], ".", parts[1], "*.", parts[2], NULL);
  g_autofree char *four = g_strconcat (token, ".", parts[2], NULL);
  g_autofree char *not_json_header = encode_text ("not json");
  g_autofree char *not_json = g_strjoin (".", not_json_header, parts[1], parts[2], NULL);
  g_autofree char *bad_signature_text = g_strjoin (".", parts[0], parts[1], "a*b", NULL);
  const char      *tokens[] = {
         "",
         "abc",
         "a.b",
         "...",
         "e30.e30",
         padded,
         bad_char,
         four,
         not_json,
         bad_signature_text,
  };

  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    assert_refused (test_key, tokens[i], ISSUER, NOW, EWS_JWT_ERROR_MALFORMED);
}

static void
test_secret_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = g_dir_make_tmp ("ews-jwt-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(GBytes) after_bad_mode = NULL;
  g_autoptr(GBytes) short_secret = NULL;
  g_autoptr(GDir) dir = NULL;
  GStatBuf    st;
  const char *name;
  guint       entries = 0;

  g_assert_no_error (error);
  path = g_build_filename (data_dir, "jwt-secret", NULL);

  g_assert_true (ews_jwt_load_or_create_secret (data_dir, &first, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (first), >=, 32);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);

  /* No temporary file is left behind. */
  dir = g_dir_open (data_dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    entries++;
  g_assert_cmpuint (entries, ==, 1);

  /* Loading again (a restart) gives the same secret. */
  g_assert_true (ews_jwt_load_or_create_secret (data_dir, &second, &error));
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (first, second));

  /* A secret others can read is refused, not used. */
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_assert_false (ews_jwt_load_or_create_secret (data_dir, &after_bad_mode, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_null (after_bad_mode);
  g_clear_error (&error);

  /* So is one too short to be safe. */
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_true (g_file_set_contents_full (path, "short", -1, G_FILE_SET_CONTENTS_NONE, 0600, &error));
  g_assert_false (ews_jwt_load_or_create_secret (data_dir, &short_secret, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (data_dir), ==, 0);
}

static void
test_random_secrets_differ (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir_a = g_dir_make_tmp ("ews-jwt-XXXXXX", &error);
  g_autofree char *dir_b = g_dir_make_tmp ("ews-jwt-XXXXXX", &error);
  g_autofree char *path_a = g_build_filename (dir_a, "jwt-secret", NULL);
  g_autofree char *path_b = g_build_filename (dir_b, "jwt-secret", NULL);
  g_autoptr(GBytes) a = NULL;
  g_autoptr(GBytes) b = NULL;

  g_assert_true (ews_jwt_load_or_create_secret (dir_a, &a, &error));
  g_assert_true (ews_jwt_load_or_create_secret (dir_b, &b, &error));
  g_assert_no_error (error);
  g_assert_false (g_bytes_equal (a, b));

  g_unlink (path_a);
  g_unlink (path_b);
  g_rmdir (dir_a);
  g_rmdir (dir_b);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int result;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  test_key = ews_jwt_key_generate (&error);
  g_assert_no_error (error);
  other_key = ews_jwt_key_generate (&error);
  g_assert_no_error (error);

  g_test_add_func ("/server/jwt/round-trip", test_round_trip);
  g_test_add_func ("/server/jwt/jwk", test_jwk);
  g_test_add_func ("/server/jwt/pem-round-trip", test_pem_round_trip);
  g_test_add_func ("/server/jwt/wrong-key", test_wrong_key);
  g_test_add_func ("/server/jwt/tampered-payload", test_tampered_payload);
  g_test_add_func ("/server/jwt/alg-confusion", test_alg_confusion);
  g_test_add_func ("/server/jwt/expired", test_expired);
  g_test_add_func ("/server/jwt/not-yet-valid", test_not_yet_valid);
  g_test_add_func ("/server/jwt/wrong-issuer", test_wrong_issuer);
  g_test_add_func ("/server/jwt/malformed", test_malformed);
  g_test_add_func ("/server/jwt/secret-file", test_secret_file);
  g_test_add_func ("/server/jwt/random-secrets-differ", test_random_secrets_differ);

  result = g_test_run ();

  g_clear_pointer (&test_key, ews_jwt_key_unref);
  g_clear_pointer (&other_key, ews_jwt_key_unref);

  return result;
}
