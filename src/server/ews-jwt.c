/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-jwt"

#include "config.h"

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>

#include "ews-json.h"
#include "ews-jwt.h"

/* Cognito's keys are RSA-2048 too; every JWT library verifies them. */
#define RSA_BITS 2048

/* The quark name is one token with dashes: clang-format would space them. */
/* clang-format off */
G_DEFINE_QUARK (ews-jwt-error-quark, ews_jwt_error)
/* clang-format on */

/* --- RS256 keys ----------------------------------------------------------- */

struct _EwsJwtKey
{
  gatomicrefcount  ref_count;
  char            *kid;
  char            *n; /* base64url, as in the JWK */
  char            *e;
  gnutls_privkey_t private_key; /* NULL: verifies only */
  gnutls_pubkey_t  public_key;
};

static void
set_gnutls_error (GError    **error,
                  int         code,
                  const char *what)
{
  g_set_error (error, EWS_JWT_ERROR, EWS_JWT_ERROR_MALFORMED, "%s: %s", what, gnutls_strerror (code));
}

static char *
datum_to_base64url (const gnutls_datum_t *datum)
{
  return ews_base64url_encode (datum->data, datum->size);
}

static char *
datum_to_string (gnutls_datum_t *datum)
{
  char *text = g_strndup ((const char *)datum->data, datum->size);

  memset (datum->data, 0, datum->size);
  gnutls_free (datum->data);
  datum->data = NULL;

  return text;
}

static EwsJwtKey *
key_new (void)
{
  EwsJwtKey *key = g_new0 (EwsJwtKey, 1);

  g_atomic_ref_count_init (&key->ref_count);
  return key;
}

/* Fills in n, e and the kid from the public key, which must be RSA of at
 * least RSA_BITS: the kid is the key's RFC 7638 thumbprint, so the same key
 * always has the same name, on every server. */
static gboolean
key_finish (EwsJwtKey *key,
            GError   **error)
{
  gnutls_datum_t   modulus = { NULL, 0 };
  gnutls_datum_t   exponent = { NULL, 0 };
  g_autofree char *thumbprint_input = NULL;
  guint8           digest[32];
  gsize            digest_length = sizeof digest;
  g_autoptr(GChecksum) checksum = NULL;
  unsigned int bits = 0;
  int          result;

  if (gnutls_pubkey_get_pk_algorithm (key->public_key, &bits) != GNUTLS_PK_RSA || bits < RSA_BITS)
    {
      g_set_error (error, EWS_JWT_ERROR, EWS_JWT_ERROR_MALFORMED,
                   "The signing key is not an RSA key of at least %d bits", RSA_BITS);
      return FALSE;
    }

  result = gnutls_pubkey_export_rsa_raw2 (key->public_key, &modulus, &exponent, GNUTLS_EXPORT_FLAG_NO_LZ);
  if (result < 0)
    {
      set_gnutls_error (error, result, "Could not read the public key");
      return FALSE;
    }

  key->n = datum_to_base64url (&modulus);
  key->e = datum_to_base64url (&exponent);
  gnutls_free (modulus.data);
  gnutls_free (exponent.data);

  /* The required members in lexicographic order, no spaces (RFC 7638 §3). */
  thumbprint_input = g_strdup_printf ("{\"e\":\"%s\",\"kty\":\"RSA\",\"n\":\"%s\"}", key->e, key->n);
  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, (const guchar *)thumbprint_input, strlen (thumbprint_input));
  g_checksum_get_digest (checksum, digest, &digest_length);
  key->kid = ews_base64url_encode (digest, digest_length);

  return TRUE;
}

static gboolean
public_from_private (EwsJwtKey *key,
                     GError   **error)
{
  int result = gnutls_pubkey_init (&key->public_key);

  if (result >= 0)
    result = gnutls_pubkey_import_privkey (key->public_key, key->private_key, 0, 0);
  if (result < 0)
    {
      set_gnutls_error (error, result, "Could not derive the public key");
      return FALSE;
    }

  return key_finish (key, error);
}

/**
 * ews_jwt_key_generate:
 *
 * Makes a new RSA-2048 key pair, which takes a tenth of a second or so.
 */
EwsJwtKey *
ews_jwt_key_generate (GError **error)
{
  g_autoptr(EwsJwtKey) key = key_new ();
  int result = gnutls_privkey_init (&key->private_key);

  if (result >= 0)
    result = gnutls_privkey_generate2 (key->private_key, GNUTLS_PK_RSA, RSA_BITS, 0, NULL, 0);
  if (result < 0)
    {
      set_gnutls_error (error, result, "Could not generate a signing key");
      return NULL;
    }

  if (!public_from_private (key, error))
    return NULL;

  return g_steal_pointer (&key);
}

/**
 * ews_jwt_key_new_from_pem:
 * @private_pem: (nullable): a PKCS #8 private key, as
 *   ews_jwt_key_dup_private_pem() wrote it
 * @public_pem: (nullable): the public key (SubjectPublicKeyInfo); when both
 *   are given they must be the same key
 */
EwsJwtKey *
ews_jwt_key_new_from_pem (const char *private_pem,
                          const char *public_pem,
                          GError    **error)
{
  g_autoptr(EwsJwtKey) key = key_new ();
  int result;

  g_return_val_if_fail (private_pem != NULL || public_pem != NULL, NULL);

  if (private_pem != NULL)
    {
      gnutls_datum_t datum = { (unsigned char *)private_pem, (unsigned int)strlen (private_pem) };

      result = gnutls_privkey_init (&key->private_key);
      if (result >= 0)
        result = gnutls_privkey_import_x509_raw (key->private_key, &datum, GNUTLS_X509_FMT_PEM, NULL, 0);
      if (result < 0)
        {
          set_gnutls_error (error, result, "Could not read the private signing key");
          return NULL;
        }

      if (!public_from_private (key, error))
        return NULL;
    }

  if (public_pem != NULL)
    {
      gnutls_datum_t datum = { (unsigned char *)public_pem, (unsigned int)strlen (public_pem) };
      g_autoptr(EwsJwtKey) public_key = key_new ();

      result = gnutls_pubkey_init (&public_key->public_key);
      if (result >= 0)
        result = gnutls_pubkey_import (public_key->public_key, &datum, GNUTLS_X509_FMT_PEM);
      if (result < 0)
        {
          set_gnutls_error (error, result, "Could not read the public signing key");
          return NULL;
        }

      if (!key_finish (public_key, error))
        return NULL;

      if (key->private_key == NULL)
        return g_steal_pointer (&public_key);

      if (g_strcmp0 (public_key->kid, key->kid) != 0)
        {
          g_set_error_literal (error, EWS_JWT_ERROR, EWS_JWT_ERROR_MALFORMED,
                               "The public signing key does not belong to the private one");
          return NULL;
        }
    }

  return g_steal_pointer (&key);
}

EwsJwtKey *
ews_jwt_key_ref (EwsJwtKey *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  g_atomic_ref_count_inc (&key->ref_count);
  return key;
}

void
ews_jwt_key_unref (EwsJwtKey *key)
{
  g_return_if_fail (key != NULL);

  if (!g_atomic_ref_count_dec (&key->ref_count))
    return;

  if (key->private_key != NULL)
    gnutls_privkey_deinit (key->private_key);
  if (key->public_key != NULL)
    gnutls_pubkey_deinit (key->public_key);
  g_free (key->kid);
  g_free (key->n);
  g_free (key->e);
  g_free (key);
}

const char *
ews_jwt_key_get_kid (EwsJwtKey *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  return key->kid;
}

gboolean
ews_jwt_key_can_sign (EwsJwtKey *key)
{
  g_return_val_if_fail (key != NULL, FALSE);

  return key->private_key != NULL;
}

char *
ews_jwt_key_dup_private_pem (EwsJwtKey *key)
{
  gnutls_x509_privkey_t x509 = NULL;
  gnutls_datum_t        out = { NULL, 0 };
  int                   result;

  g_return_val_if_fail (key != NULL && key->private_key != NULL, NULL);

  result = gnutls_privkey_export_x509 (key->private_key, &x509);
  if (result >= 0)
    result = gnutls_x509_privkey_export2_pkcs8 (x509, GNUTLS_X509_FMT_PEM, NULL, GNUTLS_PKCS_PLAIN, &out);
  if (x509 != NULL)
    gnutls_x509_privkey_deinit (x509);
  g_return_val_if_fail (result >= 0, NULL);

  return datum_to_string (&out);
}

char *
ews_jwt_key_dup_public_pem (EwsJwtKey *key)
{
  gnutls_datum_t out = { NULL, 0 };
  int            result;

  g_return_val_if_fail (key != NULL, NULL);

  result = gnutls_pubkey_export2 (key->public_key, GNUTLS_X509_FMT_PEM, &out);
  g_return_val_if_fail (result >= 0, NULL);

  return datum_to_string (&out);
}

JsonObject *
ews_jwt_key_dup_jwk (EwsJwtKey *key)
{
  JsonObject *jwk = json_object_new ();

  g_return_val_if_fail (key != NULL, jwk);

  json_object_set_string_member (jwk, "kty", "RSA");
  json_object_set_string_member (jwk, "use", "sig");
  json_object_set_string_member (jwk, "alg", "RS256");
  json_object_set_string_member (jwk, "kid", key->kid);
  json_object_set_string_member (jwk, "n", key->n);
  json_object_set_string_member (jwk, "e", key->e);

  return jwk;
}

/* --- signing and verifying ------------------------------------------------ */

/**
 * ews_jwt_sign:
 * @key: a key with its private half
 *
 * Returns: (transfer full): the token, or %NULL if GnuTLS failed, which it
 *   does not with a key it read
 */
char *
ews_jwt_sign (EwsJwtKey  *key,
              JsonObject *claims)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *header_json = NULL;
  g_autofree char *payload_json = NULL;
  g_autofree char *header = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *signing_input = NULL;
  g_autofree char *signature = NULL;
  gnutls_datum_t   data;
  gnutls_datum_t   sig = { NULL, 0 };
  int              result;

  g_return_val_if_fail (key != NULL && key->private_key != NULL, NULL);
  g_return_val_if_fail (claims != NULL, NULL);

  node = json_node_init_object (json_node_alloc (), claims);
  payload_json = ews_json_node_to_text (node, NULL);

  /* The kid is base64url: nothing in it needs escaping. */
  header_json = g_strdup_printf ("{\"alg\":\"RS256\",\"kid\":\"%s\",\"typ\":\"JWT\"}", key->kid);
  header = ews_base64url_encode ((const guint8 *)header_json, strlen (header_json));
  payload = ews_base64url_encode ((const guint8 *)payload_json, strlen (payload_json));
  signing_input = g_strconcat (header, ".", payload, NULL);

  data.data = (unsigned char *)signing_input;
  data.size = (unsigned int)strlen (signing_input);
  result = gnutls_privkey_sign_data2 (key->private_key, GNUTLS_SIGN_RSA_SHA256, 0, &data, &sig);
  if (result < 0)
    {
      g_critical ("Could not sign a token: %s", gnutls_strerror (result));
      return NULL;
    }

  signature = datum_to_base64url (&sig);
  gnutls_free (sig.data);

  return g_strconcat (signing_input, ".", signature, NULL);
}

static JsonObject *
parse_json_object (GBytes     *bytes,
                   const char *what,
                   GError    **error)
{
  g_autoptr(JsonNode) root = NULL;
  gsize       json_length = 0;
  const char *data = g_bytes_get_data (bytes, &json_length);

  /* The guarded parser also refuses a NUL byte, which would make the
   * parser see less than was signed. */
  root = ewe_json_parse (data, json_length, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, EWS_JWT_ERROR, EWS_JWT_ERROR_MALFORMED,
                   "The token's %s is not a JSON object", what);
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

static GBytes *
decode_part (const char *text,
             gsize       length,
             const char *what,
             GError    **error)
{
  GBytes *bytes = ews_base64url_decode (text, length);

  if (bytes == NULL)
    g_set_error (error, EWS_JWT_ERROR, EWS_JWT_ERROR_MALFORMED,
                 "The token's %s is not base64url", what);

  return bytes;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* A NumericDate claim (seconds, maybe with a fraction): FALSE when it is
 * missing or not a number. */
static gboolean
member_time (JsonObject *object,
             const char *name,
             double     *value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    *value = (double)json_node_get_int (node);
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    *value = json_node_get_double (node);
  else
    return FALSE;

  return TRUE;
}

typedef struct
{
  GBytes     *payload;
  JsonObject *header;
  gsize       signed_length; /* header "." payload */
  const char *signature;
} TokenParts;

static void
token_parts_clear (TokenParts *parts)
{
  g_clear_pointer (&parts->payload, g_bytes_unref);
  g_clear_pointer (&parts->header, json_object_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TokenParts, token_parts_clear)

/* Splits @token and checks its header: RS256 and a kid, or nothing. */
static gboolean
split_token (const char *token,
             TokenParts *parts,
             GError    **error)
{
  g_autoptr(GBytes) header_bytes = NULL;
  const char *first_dot;
  const char *second_dot;
  const char *kid;

  if (token == NULL ||
      (first_dot = strchr (token, '.')) == NULL ||
      (second_dot = strchr (first_dot + 1, '.')) == NULL ||
      strchr (second_dot + 1, '.') != NULL)
    {
      g_set_error_literal (error, EWS_JWT_ERROR, EWS_JWT_ERROR_MALFORMED,
                           "The token is not three dot-separated parts");
      return FALSE;
    }

  header_bytes = decode_part (token, first_dot - token, "header", error);
  if (header_bytes == NULL)
    return FALSE;
  parts->payload = decode_part (first_dot + 1, second_dot - first_dot - 1, "payload", error);
  if (parts->payload == NULL)
    return FALSE;
  parts->header = parse_json_object (header_bytes, "header", error);
  if (parts->header == NULL)
    return FALSE;

  /* The algorithm is fixed by the server, never chosen by the token: this is
   * what stops "alg": "none" and forgeries that sign with HS256 and our
   * public key as the secret. */
  if (g_strcmp0 (member_string (parts->header, "alg"), "RS256") != 0)
    {
      g_set_error_literal (error, EWS_JWT_ERROR, EWS_JWT_ERROR_BAD_SIGNATURE,
                           "The token is not signed with RS256");
      return FALSE;
    }

  kid = member_string (parts->header, "kid");
  if (kid == NULL || kid[0] == '\0')
    {
      g_set_error_literal (error, EWS_JWT_ERROR, EWS_JWT_ERROR_BAD_SIGNATURE,
                           "The token does not name its key");
      return FALSE;
    }

  parts->signed_length = second_dot - token;
  parts->signature = second_dot + 1;
  return TRUE;
}

char *
ews_jwt_dup_kid (const char *token,
                 GError    **error)
{
  g_auto(TokenParts) parts = { 0 };

  if (!split_token (token, &parts, error))
    return NULL;

  return g_strdup (member_string (parts.header, "kid"));
}

/**
 * ews_jwt_verify:
 * @issuer: the "iss" the token must have: this server's public URL
 * @now_unix: the current time, in seconds since the epoch
 *
 * Checks that @token is an RS256 JWT signed with @key, issued by @issuer,
 * with an "exp" after @now_unix and an "iat" (and "nbf", if it has one) not
 * after it, give or take EWS_JWT_CLOCK_SKEW_SECONDS.
 *
 * Returns: (transfer full): the claims, or %NULL with @error set
 */
JsonObject *
ews_jwt_verify (EwsJwtKey  *key,
                const char *token,
                const char *issuer,
                gint64      now_unix,
                GError    **error)
{
  g_auto(TokenParts) parts = { 0 };
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(JsonObject) claims = NULL;
  gnutls_datum_t data;
  gnutls_datum_t sig;
  double         exp, iat, nbf;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (issuer != NULL, NULL);

  if (!split_token (token, &parts, error))
    return NULL;

  if (g_strcmp0 (member_string (parts.header, "kid"), key->kid) != 0)
    {
      g_set_error_literal (error, EWS_JWT_ERROR, EWS_JWT_ERROR_BAD_SIGNATURE,
                           "The token is signed with another key");
      return NULL;
    }

  signature = ews_base64url_decode (parts.signature, strlen (parts.signature));
  if (signature == NULL)
    {
      g_set_error_literal (error, EWS_JWT_ERROR, EWS_JWT_ERROR_MALFORMED,
                           "The token's signature is not base64url");
      return NULL;
    }

  data.data = (unsigned char *)token;
  data.size = (unsigned int)parts.signed_length;
  sig.data = (unsigned char *)g_bytes_get_data (signature, NULL);
  sig.size = (unsigned int)g_bytes_get_size (signature);
  if (sig.size == 0 ||
      gnutls_pubkey_verify_data2 (key->public_key, GNUTLS_SIGN_RSA_SHA256, 0, &data, &sig) < 0)
    {
      g_set_error_literal (error, EWS_JWT_ERROR, EWS_JWT_ERROR_BAD_SIGNATURE,
                           "The token's signature is not valid");
      return NULL;
    }

  claims = parse_json_object (parts.payload, "payload", error);
  if (claims == NULL)
    return NULL;

  if (!member_time (claims, "exp", &exp) || !member_time (claims, "iat", &iat))
    {
      g_set_error_literal (error, EWS_JWT_ERROR, EWS_JWT_ERROR_MALFORMED,
                           "The token has no expiry or issue time");
      return NULL;
    }

  if (exp <= (double)now_unix)
    {
      g_set_error_literal (error, EWS_JWT_ERROR, EWS_JWT_ERROR_EXPIRED,
                           "The token has expired");
      return NULL;
    }

  if (iat > (double)(now_unix + EWS_JWT_CLOCK_SKEW_SECONDS) ||
      (json_object_has_member (claims, "nbf") &&
       (!member_time (claims, "nbf", &nbf) || nbf > (double)(now_unix + EWS_JWT_CLOCK_SKEW_SECONDS))))
    {
      g_set_error_literal (error, EWS_JWT_ERROR, EWS_JWT_ERROR_NOT_YET_VALID,
                           "The token is not valid yet");
      return NULL;
    }

  if (g_strcmp0 (member_string (claims, "iss"), issuer) != 0)
    {
      g_set_error_literal (error, EWS_JWT_ERROR, EWS_JWT_ERROR_WRONG_ISSUER,
                           "The token was issued by another server");
      return NULL;
    }

  return g_steal_pointer (&claims);
}
