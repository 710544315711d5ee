/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-oidc-token"

#include "config.h"

#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "ews-oidc-token.h"

/* Another's token, where ews-jwt.c checks the server's own: the key is
 * picked from the provider's published set by the token's "kid" and "alg",
 * and the algorithm is never taken from the token alone (an "alg" the key
 * was not made for, "none" above all, is refused). */

static JsonObject *
decode_part (const char *text,
             gsize       length,
             GError    **error)
{
  g_autoptr(GBytes) bytes = ews_base64url_decode (text, length);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (bytes == NULL ||
      !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), (gssize)g_bytes_get_size (bytes), NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, EWS_JWT_ERROR, EWS_JWT_ERROR_MALFORMED, "The ID token is not a JWT");
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
           ? json_node_get_string (node)
           : NULL;
}

static gboolean
member_time (JsonObject *object,
             const char *name,
             double     *value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_INT64 && json_node_get_value_type (node) != G_TYPE_DOUBLE))
    return FALSE;

  *value = json_node_get_double (node);
  return TRUE;
}

static gboolean
datum_from_member (JsonObject     *jwk,
                   const char     *name,
                   GBytes        **bytes,
                   gnutls_datum_t *datum)
{
  const char *text = member_string (jwk, name);

  if (text == NULL || (*bytes = ews_base64url_decode (text, strlen (text))) == NULL)
    return FALSE;

  datum->data = (unsigned char *)g_bytes_get_data (*bytes, NULL);
  datum->size = (unsigned int)g_bytes_get_size (*bytes);
  return datum->size > 0;
}

/* The public key of @jwk, for @alg (RS256: kty RSA; ES256: kty EC on
 * P-256), or NULL when it is not one for that algorithm. */
static gnutls_pubkey_t
import_key (JsonObject *jwk,
            const char *alg)
{
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  gnutls_pubkey_t key = NULL;
  gnutls_datum_t  a, b;
  int             ret = -1;

  if (member_string (jwk, "use") != NULL && strcmp (member_string (jwk, "use"), "sig") != 0)
    return NULL;
  if (member_string (jwk, "alg") != NULL && strcmp (member_string (jwk, "alg"), alg) != 0)
    return NULL;

  if (gnutls_pubkey_init (&key) < 0)
    return NULL;

  if (strcmp (alg, "RS256") == 0 && g_strcmp0 (member_string (jwk, "kty"), "RSA") == 0 &&
      datum_from_member (jwk, "n", &first, &a) && datum_from_member (jwk, "e", &second, &b))
    ret = gnutls_pubkey_import_rsa_raw (key, &a, &b);
  else if (strcmp (alg, "ES256") == 0 && g_strcmp0 (member_string (jwk, "kty"), "EC") == 0 &&
           g_strcmp0 (member_string (jwk, "crv"), "P-256") == 0 && datum_from_member (jwk, "x", &first, &a) &&
           datum_from_member (jwk, "y", &second, &b))
    ret = gnutls_pubkey_import_ecc_raw (key, GNUTLS_ECC_CURVE_SECP256R1, &a, &b);

  if (ret < 0)
    {
      gnutls_pubkey_deinit (key);
      return NULL;
    }

  return key;
}

/* JWS's ES256 signature is r and s, 32 bytes each; GnuTLS checks the
 * DER sequence of the two. */
static gboolean
verify_with (gnutls_pubkey_t key,
             const char     *alg,
             const char     *token,
             gsize           signed_length,
             GBytes         *signature)
{
  gnutls_datum_t data = { (unsigned char *)token, (unsigned int)signed_length };
  gnutls_datum_t sig = { (unsigned char *)g_bytes_get_data (signature, NULL),
                         (unsigned int)g_bytes_get_size (signature) };
  gboolean       ok;

  if (strcmp (alg, "RS256") == 0)
    return sig.size > 0 && gnutls_pubkey_verify_data2 (key, GNUTLS_SIGN_RSA_SHA256, 0, &data, &sig) >= 0;

  if (sig.size != 64)
    return FALSE;

  {
    gnutls_datum_t r = { sig.data, 32 };
    gnutls_datum_t s = { sig.data + 32, 32 };
    gnutls_datum_t der = { NULL, 0 };

    if (gnutls_encode_rs_value (&der, &r, &s) < 0)
      return FALSE;
    ok = gnutls_pubkey_verify_data2 (key, GNUTLS_SIGN_ECDSA_SHA256, 0, &data, &der) >= 0;
    gnutls_free (der.data);
  }

  return ok;
}

static gboolean
check_signature (const char *token,
                 gsize       signed_length,
                 const char *signature_text,
                 JsonObject *header,
                 JsonArray  *keys,
                 GError    **error)
{
  const char *alg = member_string (header, "alg");
  const char *kid = member_string (header, "kid");
  g_autoptr(GBytes) signature = ews_base64url_decode (signature_text, strlen (signature_text));

  if (alg == NULL || (strcmp (alg, "RS256") != 0 && strcmp (alg, "ES256") != 0))
    {
      g_set_error (error, EWS_JWT_ERROR, EWS_JWT_ERROR_BAD_SIGNATURE,
                   "The ID token is signed with %s, not RS256 or ES256", alg != NULL ? alg : "nothing");
      return FALSE;
    }
  if (signature == NULL)
    {
      g_set_error_literal (error, EWS_JWT_ERROR, EWS_JWT_ERROR_MALFORMED, "The ID token's signature is not base64url");
      return FALSE;
    }

  for (guint i = 0; keys != NULL && i < json_array_get_length (keys); i++)
    {
      JsonNode       *node = json_array_get_element (keys, i);
      JsonObject     *jwk;
      gnutls_pubkey_t key;
      gboolean        ok;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      jwk = json_node_get_object (node);
      /* Without a kid in the token, any key of the set may have signed. */
      if (kid != NULL && g_strcmp0 (member_string (jwk, "kid"), kid) != 0)
        continue;

      key = import_key (jwk, alg);
      if (key == NULL)
        continue;
      ok = verify_with (key, alg, token, signed_length, signature);
      gnutls_pubkey_deinit (key);
      if (ok)
        return TRUE;
    }

  g_set_error_literal (error, EWS_JWT_ERROR, EWS_JWT_ERROR_BAD_SIGNATURE,
                       "The ID token's signature is not from any of the provider's keys");
  return FALSE;
}

static gboolean
check_audience (JsonObject *claims,
                const char *client_id,
                GError    **error)
{
  JsonNode *aud = json_object_get_member (claims, "aud");
  gboolean  found = FALSE;
  guint     count = 0;

  if (aud != NULL && JSON_NODE_HOLDS_ARRAY (aud))
    {
      JsonArray *array = json_node_get_array (aud);

      count = json_array_get_length (array);
      for (guint i = 0; i < count; i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          found |= JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING &&
                   strcmp (json_node_get_string (element), client_id) == 0;
        }
    }
  else if (member_string (claims, "aud") != NULL)
    {
      count = 1;
      found = strcmp (member_string (claims, "aud"), client_id) == 0;
    }

  /* Several audiences: the token is ours only if we are its authorised
   * party (Core §3.1.3.7, items 4 and 5). */
  if (found && count > 1 && g_strcmp0 (member_string (claims, "azp"), client_id) != 0)
    found = FALSE;

  if (!found)
    g_set_error_literal (error, EWS_JWT_ERROR, EWS_JWT_ERROR_WRONG_AUDIENCE,
                         "The ID token was issued for another client");
  return found;
}

JsonObject *
ews_oidc_verify_id_token (const char *token,
                          JsonArray  *keys,
                          const char *issuer,
                          const char *client_id,
                          const char *nonce,
                          gint64      now_unix,
                          GError    **error)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(JsonObject) header = NULL;
  g_autoptr(JsonObject) claims = NULL;
  double exp, iat;

  g_return_val_if_fail (issuer != NULL && client_id != NULL && nonce != NULL, NULL);

  parts = token != NULL ? g_strsplit (token, ".", 4) : NULL;
  if (parts == NULL || g_strv_length (parts) != 3 || parts[2][0] == '\0')
    {
      g_set_error_literal (error, EWS_JWT_ERROR, EWS_JWT_ERROR_MALFORMED, "The ID token is not a signed JWT");
      return NULL;
    }

  header = decode_part (parts[0], strlen (parts[0]), error);
  if (header == NULL)
    return NULL;
  if (!check_signature (token, strlen (parts[0]) + 1 + strlen (parts[1]), parts[2], header, keys, error))
    return NULL;

  claims = decode_part (parts[1], strlen (parts[1]), error);
  if (claims == NULL)
    return NULL;

  if (g_strcmp0 (member_string (claims, "iss"), issuer) != 0)
    {
      g_set_error_literal (error, EWS_JWT_ERROR, EWS_JWT_ERROR_WRONG_ISSUER,
                           "The ID token was issued by another provider");
      return NULL;
    }

  if (!check_audience (claims, client_id, error))
    return NULL;

  if (member_string (claims, "sub") == NULL || member_string (claims, "sub")[0] == '\0' ||
      !member_time (claims, "exp", &exp) || !member_time (claims, "iat", &iat))
    {
      g_set_error_literal (error, EWS_JWT_ERROR, EWS_JWT_ERROR_MALFORMED, "The ID token has no sub, exp or iat");
      return NULL;
    }

  if (exp + EWS_JWT_CLOCK_SKEW_SECONDS <= (double)now_unix)
    {
      g_set_error_literal (error, EWS_JWT_ERROR, EWS_JWT_ERROR_EXPIRED, "The ID token has expired");
      return NULL;
    }
  if (iat > (double)(now_unix + EWS_JWT_CLOCK_SKEW_SECONDS))
    {
      g_set_error_literal (error, EWS_JWT_ERROR, EWS_JWT_ERROR_NOT_YET_VALID, "The ID token is not valid yet");
      return NULL;
    }

  /* The nonce binds the token to the authorization request this browser
   * made, so that a token taken from elsewhere cannot be replayed. */
  if (g_strcmp0 (member_string (claims, "nonce"), nonce) != 0)
    {
      g_set_error_literal (error, EWS_JWT_ERROR, EWS_JWT_ERROR_WRONG_NONCE,
                           "The ID token is not for this sign-in (wrong nonce)");
      return NULL;
    }

  return g_steal_pointer (&claims);
}
