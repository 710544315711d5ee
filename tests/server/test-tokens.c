/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <libsoup/soup.h>

#include "ews-auth-storage.h"
#include "ews-jwt.h"
#include "ews-storage-sqlite.h"
#include "ews-test-api.h"
#include "ews-test-cognito.h"
#include "ews-test-keys.h"
#include "ewe-srp.h"

/* Tokens others can verify: RS256 with a kid, the keys published at
 * /.well-known/jwks.json, the issuer, times and account checked, forgeries
 * refused, and keys rotated with `admin keys rotate` while tokens signed
 * with the old one keep working. A real server process, as everywhere in
 * this suite; test-jwt.c checks the signing code alone, and test-jose
 * checks our tokens with a JWT library that is not ours. */

#define PUBLIC_URL EWS_TEST_COGNITO_PUBLIC_URL
#define CLIENT_ID EWS_TEST_COGNITO_CLIENT_ID
#define PASSWORD EWS_TEST_COGNITO_PASSWORD

typedef EwsTestCognitoFixture Fixture;

static JsonObject *
get_json (EweTestServer *server,
          const char    *path)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = ewe_test_server_url (server, path);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  SoupMessageHeaders *headers;

  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);

  headers = soup_message_get_response_headers (msg);
  g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "application/json");
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Access-Control-Allow-Origin"), ==, "*");

  node = json_from_string (g_bytes_get_data (body, NULL), &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));

  return json_object_ref (json_node_get_object (node));
}

static JsonObject *
decode_part (const char *token,
             guint       index)
{
  g_auto(GStrv) parts = g_strsplit (token, ".", -1);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpuint (g_strv_length (parts), ==, 3);
  bytes = ews_base64url_decode (parts[index], strlen (parts[index]));
  g_assert_nonnull (bytes);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  node = json_from_string (text, NULL);
  g_assert_true (node != NULL && JSON_NODE_HOLDS_OBJECT (node));

  return json_object_ref (json_node_get_object (node));
}

static char *
dup_kid (const char *token)
{
  g_autoptr(JsonObject) header = decode_part (token, 0);

  g_assert_cmpstr (json_object_get_string_member (header, "alg"), ==, "RS256");
  return g_strdup (json_object_get_string_member (header, "kid"));
}

/* The JWK with @kid from the server's JWKS, or NULL. */
static JsonObject *
find_jwk (EweTestServer *server,
          const char    *kid)
{
  g_autoptr(JsonObject) jwks = get_json (server, "/.well-known/jwks.json");
  JsonArray *keys = json_object_get_array_member (jwks, "keys");

  for (guint i = 0; i < json_array_get_length (keys); i++)
    {
      JsonObject *jwk = json_array_get_object_element (keys, i);

      if (g_strcmp0 (json_object_get_string_member (jwk, "kid"), kid) == 0)
        return json_object_ref (jwk);
    }

  return NULL;
}

static guint
jwks_size (EweTestServer *server)
{
  g_autoptr(JsonObject) jwks = get_json (server, "/.well-known/jwks.json");

  return json_array_get_length (json_object_get_array_member (jwks, "keys"));
}

static gnutls_datum_t
decode_datum (const char *text)
{
  GBytes        *bytes = ews_base64url_decode (text, strlen (text));
  gsize          size = 0;
  gnutls_datum_t datum;

  g_assert_nonnull (bytes);
  datum.data = g_bytes_unref_to_data (bytes, &size);
  datum.size = (unsigned int)size;

  return datum;
}

/* Checks @token's signature with nothing but the published JWK's n and e,
 * as any verifier would. */
static gboolean
jwk_verifies (JsonObject *jwk,
              const char *token)
{
  gnutls_datum_t  n = decode_datum (json_object_get_string_member (jwk, "n"));
  gnutls_datum_t  e = decode_datum (json_object_get_string_member (jwk, "e"));
  const char     *last_dot = strrchr (token, '.');
  gnutls_datum_t  data = { (unsigned char *)token, (unsigned int)(last_dot - token) };
  gnutls_datum_t  sig = decode_datum (last_dot + 1);
  gnutls_pubkey_t key = NULL;
  int             result;

  g_assert_cmpint (gnutls_pubkey_init (&key), >=, 0);
  g_assert_cmpint (gnutls_pubkey_import_rsa_raw (key, &n, &e), >=, 0);
  result = gnutls_pubkey_verify_data2 (key, GNUTLS_SIGN_RSA_SHA256, 0, &data, &sig);

  gnutls_pubkey_deinit (key);
  g_free (n.data);
  g_free (e.data);
  g_free (sig.data);

  return result >= 0;
}

static JsonObject *
signed_up_and_in (Fixture    *fixture,
                  const char *email)
{
  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, email, "T");
  return ews_test_cognito_sign_in (fixture->server, email, PASSWORD);
}

static guint
data_api_status (EweTestServer *server,
                 const char    *id_token)
{
  return ews_test_cognito_get_with_token (server, "/api/lists", id_token);
}

static void
get_user_fails (EweTestServer *server,
                const char    *access_token,
                const char    *exception)
{
  g_autoptr(JsonObject) body = json_object_new ();

  json_object_set_string_member (body, "AccessToken", access_token);
  ews_test_cognito_call_fails (server, "GetUser", body, exception, NULL);
}

static void
get_user_ok (EweTestServer *server,
             const char    *access_token)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) user = NULL;

  json_object_set_string_member (body, "AccessToken", access_token);
  user = ews_test_cognito_call_ok (server, "GetUser", body);
}

/* --- tests ---------------------------------------------------------------- */

/* The discovery document and the key set, and the tokens sign-in hands out
 * verify with nothing but the published key. */
static void
test_discovery_and_jwks (Fixture      *fixture,
                         gconstpointer data)
{
  g_autoptr(JsonObject) config = get_json (fixture->server, "/.well-known/openid-configuration");
  g_autoptr(JsonObject) jwks = get_json (fixture->server, "/.well-known/jwks.json");
  g_autoptr(JsonObject) tokens = signed_up_and_in (fixture, "jwks@example.org");
  const char      *id_token = json_object_get_string_member (tokens, "IdToken");
  const char      *access_token = json_object_get_string_member (tokens, "AccessToken");
  g_autofree char *id_kid = dup_kid (id_token);
  g_autofree char *access_kid = dup_kid (access_token);
  g_autoptr(JsonObject) jwk = NULL;
  JsonArray *keys;
  JsonArray *algs;

  g_assert_cmpstr (json_object_get_string_member (config, "issuer"), ==, PUBLIC_URL);
  g_assert_cmpstr (json_object_get_string_member (config, "jwks_uri"), ==, PUBLIC_URL "/.well-known/jwks.json");
  g_assert_cmpstr (json_object_get_string_member (config, "user_pool_id"), ==, EWE_SRP_DEFAULT_USER_POOL_ID);
  algs = json_object_get_array_member (config, "id_token_signing_alg_values_supported");
  g_assert_cmpuint (json_array_get_length (algs), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (algs, 0), ==, "RS256");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (config, "subject_types_supported"), 0),
                   ==, "public");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (config, "response_types_supported")), >, 0);
  /* The hosted sign-in's endpoints, under the public URL (test-oauth2
   * uses them). */
  g_assert_cmpstr (json_object_get_string_member (config, "authorization_endpoint"), ==,
                   PUBLIC_URL "/oauth2/authorize");
  g_assert_cmpstr (json_object_get_string_member (config, "token_endpoint"), ==, PUBLIC_URL "/oauth2/token");

  keys = json_object_get_array_member (jwks, "keys");
  g_assert_cmpuint (json_array_get_length (keys), ==, 1);
  {
    JsonObject *key = json_array_get_object_element (keys, 0);

    g_assert_cmpstr (json_object_get_string_member (key, "kty"), ==, "RSA");
    g_assert_cmpstr (json_object_get_string_member (key, "alg"), ==, "RS256");
    g_assert_cmpstr (json_object_get_string_member (key, "use"), ==, "sig");
    g_assert_cmpstr (json_object_get_string_member (key, "e"), ==, "AQAB");
    g_assert_cmpuint (strlen (json_object_get_string_member (key, "n")), ==, 342); /* 2048 bits */
    /* Nothing private. */
    g_assert_cmpuint (json_object_get_size (key), ==, 6);
  }

  g_assert_cmpstr (id_kid, ==, access_kid);
  jwk = find_jwk (fixture->server, id_kid);
  g_assert_nonnull (jwk);
  g_assert_true (jwk_verifies (jwk, id_token));
  g_assert_true (jwk_verifies (jwk, access_token));

  /* The private key never leaves the server: not in the key set, not in
   * any answer above. */
  {
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), jwks);
    g_autofree char *text = json_to_string (node, FALSE);

    g_assert_null (strstr (text, "PRIVATE"));
    g_assert_null (strstr (text, "\"d\""));
  }
}

static void
assert_string_claims (JsonObject         *claims,
                      const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      JsonNode *node = json_object_get_member (claims, names[i]);

      if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
        g_error ("The claim %s is missing or not a string", names[i]);
    }
}

/* The claims as Cognito issues them, and the header it signs them with. */
static void
test_claims (Fixture      *fixture,
             gconstpointer data)
{
  g_autoptr(JsonObject) tokens = signed_up_and_in (fixture, "claims@example.org");
  g_autoptr(JsonObject) id = decode_part (json_object_get_string_member (tokens, "IdToken"), 1);
  g_autoptr(JsonObject) access = decode_part (json_object_get_string_member (tokens, "AccessToken"), 1);
  g_autoptr(JsonObject) header = decode_part (json_object_get_string_member (tokens, "IdToken"), 0);
  const char * const id_strings[] = { "sub", "aud", "iss", "cognito:username", "origin_jti", "event_id",
                                      "token_use", "jti", "email", NULL };
  const char * const access_strings[] = { "sub", "iss", "client_id", "origin_jti", "event_id", "token_use",
                                          "scope", "jti", "username", NULL };
  const char * const times[] = { "auth_time", "exp", "iat", NULL };

  g_assert_cmpstr (json_object_get_string_member (header, "alg"), ==, "RS256");
  g_assert_cmpstr (json_object_get_string_member (header, "typ"), ==, "JWT");
  g_assert_cmpuint (strlen (json_object_get_string_member (header, "kid")), ==, 43);

  assert_string_claims (id, id_strings);
  assert_string_claims (access, access_strings);
  for (guint i = 0; times[i] != NULL; i++)
    {
      g_assert_cmpint (json_node_get_value_type (json_object_get_member (id, times[i])), ==, G_TYPE_INT64);
      g_assert_cmpint (json_node_get_value_type (json_object_get_member (access, times[i])), ==, G_TYPE_INT64);
    }
  g_assert_true (json_object_get_boolean_member (id, "email_verified"));

  g_assert_cmpstr (json_object_get_string_member (id, "iss"), ==, PUBLIC_URL);
  g_assert_cmpstr (json_object_get_string_member (access, "iss"), ==, PUBLIC_URL);
  g_assert_cmpstr (json_object_get_string_member (id, "aud"), ==, CLIENT_ID);
  g_assert_cmpstr (json_object_get_string_member (access, "client_id"), ==, CLIENT_ID);
  g_assert_cmpstr (json_object_get_string_member (id, "token_use"), ==, "id");
  g_assert_cmpstr (json_object_get_string_member (access, "token_use"), ==, "access");
  g_assert_cmpstr (json_object_get_string_member (access, "scope"), ==, "aws.cognito.signin.user.admin");
  g_assert_cmpstr (json_object_get_string_member (id, "email"), ==, "claims@example.org");
  g_assert_cmpstr (json_object_get_string_member (id, "cognito:username"), ==,
                   json_object_get_string_member (id, "sub"));
  g_assert_cmpstr (json_object_get_string_member (access, "username"), ==,
                   json_object_get_string_member (id, "sub"));

  /* One sign-in, one event: the same event_id and origin_jti, each token
   * its own jti. */
  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (id, "event_id")));
  g_assert_cmpstr (json_object_get_string_member (id, "event_id"), ==,
                   json_object_get_string_member (access, "event_id"));
  g_assert_cmpstr (json_object_get_string_member (id, "origin_jti"), ==,
                   json_object_get_string_member (access, "origin_jti"));
  g_assert_cmpstr (json_object_get_string_member (id, "jti"), !=, json_object_get_string_member (access, "jti"));
  g_assert_cmpint (json_object_get_int_member (id, "exp") - json_object_get_int_member (id, "iat"), ==, 3600);

  /* A refresh is a new event of the same sign-in. */
  {
    g_autoptr(JsonObject) body = ews_test_cognito_initiate_auth_body ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN",
                                                                       json_object_get_string_member (tokens, "RefreshToken"),
                                                                       NULL);
    g_autoptr(JsonObject) reply = ews_test_cognito_call_ok (fixture->server, "InitiateAuth", body);
    JsonObject *result = json_object_get_object_member (reply, "AuthenticationResult");
    g_autoptr(JsonObject) again = decode_part (json_object_get_string_member (result, "IdToken"), 1);

    g_assert_cmpstr (json_object_get_string_member (again, "origin_jti"), ==,
                     json_object_get_string_member (id, "origin_jti"));
    g_assert_cmpstr (json_object_get_string_member (again, "event_id"), !=,
                     json_object_get_string_member (id, "event_id"));
  }
}

static char *
forge (const char *header_json,
       const char *payload_part,
       const char *hmac_key)
{
  g_autofree char *header = ews_base64url_encode ((const guint8 *)header_json, strlen (header_json));
  g_autofree char *signing_input = g_strjoin (".", header, payload_part, NULL);
  g_autofree char *signature = NULL;

  if (hmac_key != NULL)
    {
      g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *)hmac_key, strlen (hmac_key));
      guint8 digest[32];
      gsize  length = sizeof digest;

      g_hmac_update (hmac, (const guchar *)signing_input, strlen (signing_input));
      g_hmac_get_digest (hmac, digest, &length);
      signature = ews_base64url_encode (digest, length);
    }

  return g_strjoin (".", signing_input, signature != NULL ? signature : "", NULL);
}

static char *
public_pem (EweTestServer *server,
            const char    *kid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EwsStorage) storage = ews_storage_sqlite_open (server->data_dir, &error);
  g_autoptr(EwsSigningKey) key = NULL;

  g_assert_no_error (error);
  key = ews_auth_storage_signing_key_get (EWS_AUTH_STORAGE (storage), kid, &error);
  g_assert_no_error (error);

  return g_strdup (key->public_pem);
}

/* "alg": "none", and HS256 "signed" with our public key (which anyone can
 * fetch) as the HMAC secret, are refused by the data API and GetUser; and
 * so are HS256 tokens signed with the old jwt-secret file, as before the
 * upgrade: they are not taken any more. */
static void
test_forgeries_refused (Fixture      *fixture,
                        gconstpointer data)
{
  g_autoptr(JsonObject) tokens = signed_up_and_in (fixture, "forged@example.org");
  const char      *id_token = json_object_get_string_member (tokens, "IdToken");
  const char      *access_token = json_object_get_string_member (tokens, "AccessToken");
  g_autofree char *kid = dup_kid (id_token);
  g_autofree char *pem = public_pem (fixture->server, kid);
  g_autoptr(JsonObject) jwk = find_jwk (fixture->server, kid);
  g_autofree char *jwk_json = NULL;
  g_autofree char *none_header = g_strdup_printf ("{\"alg\":\"none\",\"kid\":\"%s\",\"typ\":\"JWT\"}", kid);
  g_autofree char *hs256_header = g_strdup_printf ("{\"alg\":\"HS256\",\"kid\":\"%s\",\"typ\":\"JWT\"}", kid);
  g_autofree char *secret_path = g_build_filename (fixture->server->data_dir, "jwt-secret", NULL);
  g_autofree char *old_secret = NULL;
  g_auto(GStrv) id_parts = g_strsplit (id_token, ".", -1);
  g_auto(GStrv) access_parts = g_strsplit (access_token, ".", -1);
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), jwk);
    jwk_json = json_to_string (node, FALSE);
  }
  g_assert_true (g_file_get_contents (secret_path, &old_secret, NULL, &error));

  /* The genuine ones work. */
  g_assert_cmpuint (data_api_status (fixture->server, id_token), ==, SOUP_STATUS_OK);
  get_user_ok (fixture->server, access_token);

  {
    const char *keys[] = { NULL, pem, jwk_json, old_secret };

    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      {
        const char      *header = keys[i] == NULL ? none_header : hs256_header;
        g_autofree char *id_forged = forge (header, id_parts[1], keys[i]);
        g_autofree char *access_forged = forge (header, access_parts[1], keys[i]);

        g_assert_cmpuint (data_api_status (fixture->server, id_forged), ==, SOUP_STATUS_UNAUTHORIZED);
        get_user_fails (fixture->server, access_forged, "NotAuthorizedException");
      }
  }

  /* The old scheme exactly: HS256 without a kid, with the secret file. */
  {
    g_autofree char *id_old = forge ("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", id_parts[1], old_secret);

    g_assert_cmpuint (data_api_status (fixture->server, id_old), ==, SOUP_STATUS_UNAUTHORIZED);
  }
}

static char *
mint (EweTestServer *server,
      const char    *sub,
      const char    *iss,
      gint64         nbf_offset)
{
  g_autoptr(JsonObject) claims = json_object_new ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  json_object_set_string_member (claims, "sub", sub);
  json_object_set_string_member (claims, "email", "minted@example.org");
  json_object_set_string_member (claims, "token_use", "id");
  json_object_set_string_member (claims, "aud", CLIENT_ID);
  if (iss != NULL)
    json_object_set_string_member (claims, "iss", iss);
  json_object_set_int_member (claims, "iat", now);
  if (nbf_offset != G_MININT64)
    json_object_set_int_member (claims, "nbf", now + nbf_offset);
  json_object_set_int_member (claims, "exp", now + 600);

  return ews_test_keys_sign (server, claims);
}

/* Signed with the server's own key, but issued by someone else (another
 * URL, or the address the server listens on when a public URL is set): the
 * data API refuses it. */
static void
test_wrong_issuer_refused (Fixture      *fixture,
                           gconstpointer data)
{
  g_autofree char *good = mint (fixture->server, "issuer-user", PUBLIC_URL, G_MININT64);
  g_autofree char *evil = mint (fixture->server, "issuer-user", "https://evil.example.org", G_MININT64);
  g_autofree char *listen = mint (fixture->server, "issuer-user", fixture->server->base_url, G_MININT64);
  g_autofree char *slash = mint (fixture->server, "issuer-user", PUBLIC_URL "/", G_MININT64);

  g_assert_cmpuint (data_api_status (fixture->server, good), ==, SOUP_STATUS_OK);
  g_assert_cmpuint (data_api_status (fixture->server, evil), ==, SOUP_STATUS_UNAUTHORIZED);
  g_assert_cmpuint (data_api_status (fixture->server, listen), ==, SOUP_STATUS_UNAUTHORIZED);
  g_assert_cmpuint (data_api_status (fixture->server, slash), ==, SOUP_STATUS_UNAUTHORIZED);
}

/* Not valid before ten minutes from now: refused; a few seconds of another
 * server's clock being ahead: taken. */
static void
test_future_nbf_refused (Fixture      *fixture,
                         gconstpointer data)
{
  g_autofree char *later = mint (fixture->server, "nbf-user", PUBLIC_URL, 600);
  g_autofree char *skewed = mint (fixture->server, "nbf-user", PUBLIC_URL, 30);
  g_autofree char *now = mint (fixture->server, "nbf-user", PUBLIC_URL, 0);

  g_assert_cmpuint (data_api_status (fixture->server, later), ==, SOUP_STATUS_UNAUTHORIZED);
  g_assert_cmpuint (data_api_status (fixture->server, skewed), ==, SOUP_STATUS_OK);
  g_assert_cmpuint (data_api_status (fixture->server, now), ==, SOUP_STATUS_OK);
}

/* An account removed from the database (by hand, so its sessions are left
 * behind): its tokens stop working at once. */
static void
test_deleted_user_refused (Fixture      *fixture,
                           gconstpointer data)
{
  g_autoptr(JsonObject) tokens = signed_up_and_in (fixture, "gone@example.org");
  const char *id_token = json_object_get_string_member (tokens, "IdToken");
  const char *access_token = json_object_get_string_member (tokens, "AccessToken");

  g_assert_cmpuint (data_api_status (fixture->server, id_token), ==, SOUP_STATUS_OK);

  ews_test_cognito_run_sql (fixture->server, "DELETE FROM users WHERE email_key = 'gone@example.org'");

  g_assert_cmpuint (data_api_status (fixture->server, id_token), ==, SOUP_STATUS_UNAUTHORIZED);
  get_user_fails (fixture->server, access_token, "UserNotFoundException");
}

static char *
admin_keys (EweTestServer *server,
            const char    *command)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (ews_test_api_run_admin (server, &out, &err, "keys", command, NULL) != 0)
    g_error ("admin keys %s failed: %s", command, err);

  return g_steal_pointer (&out);
}

/* `admin keys rotate` while the server runs: new tokens carry the new kid,
 * tokens signed with the old key still verify, both keys are published
 * until the old one's tokens have all expired, then it is pruned. */
static void
test_rotation (Fixture      *fixture,
               gconstpointer data)
{
  g_autoptr(JsonObject) before = signed_up_and_in (fixture, "rotate@example.org");
  g_autoptr(JsonObject) after = NULL;
  const char      *old_id = json_object_get_string_member (before, "IdToken");
  const char      *old_access = json_object_get_string_member (before, "AccessToken");
  g_autofree char *old_kid = dup_kid (old_id);
  g_autofree char *new_kid = NULL;
  g_autofree char *rotated = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(JsonObject) old_jwk = NULL;

  g_assert_cmpuint (jwks_size (fixture->server), ==, 1);

  rotated = admin_keys (fixture->server, "rotate");
  new_kid = ews_test_keys_current_kid (fixture->server);
  g_assert_cmpstr (new_kid, !=, old_kid);
  g_assert_nonnull (strstr (rotated, new_kid));

  listed = admin_keys (fixture->server, "list");
  g_assert_nonnull (strstr (listed, new_kid));
  g_assert_nonnull (strstr (listed, old_kid));
  g_assert_null (strstr (listed, "PRIVATE"));

  /* Both published; the old tokens still work, with the data API and the
   * sign-in API. */
  g_assert_cmpuint (jwks_size (fixture->server), ==, 2);
  old_jwk = find_jwk (fixture->server, old_kid);
  g_assert_nonnull (old_jwk);
  g_assert_true (jwk_verifies (old_jwk, old_id));
  g_assert_cmpuint (data_api_status (fixture->server, old_id), ==, SOUP_STATUS_OK);
  get_user_ok (fixture->server, old_access);

  /* New sign-ins are signed with the new key, at once. */
  after = ews_test_cognito_sign_in (fixture->server, "rotate@example.org", PASSWORD);
  {
    g_autofree char *id_kid = dup_kid (json_object_get_string_member (after, "IdToken"));
    g_autofree char *access_kid = dup_kid (json_object_get_string_member (after, "AccessToken"));
    g_autoptr(JsonObject) new_jwk = find_jwk (fixture->server, new_kid);

    g_assert_cmpstr (id_kid, ==, new_kid);
    g_assert_cmpstr (access_kid, ==, new_kid);
    g_assert_true (jwk_verifies (new_jwk, json_object_get_string_member (after, "IdToken")));
    g_assert_false (jwk_verifies (old_jwk, json_object_get_string_member (after, "IdToken")));
  }
  g_assert_cmpuint (data_api_status (fixture->server, json_object_get_string_member (after, "IdToken")),
                    ==, SOUP_STATUS_OK);

  /* Once the old key stopped signing longer ago than any token lasts, it
   * is no longer published, and the next rotation prunes it. */
  sql = g_strdup_printf ("UPDATE signing_keys SET retired_at = retired_at - %d WHERE kid = '%s'",
                         EWS_JWT_KEY_KEEP_SECONDS + 1, old_kid);
  ews_test_cognito_run_sql (fixture->server, sql);
  g_assert_cmpuint (jwks_size (fixture->server), ==, 1);
  g_clear_pointer (&old_jwk, json_object_unref);
  old_jwk = find_jwk (fixture->server, old_kid);
  g_assert_null (old_jwk);

  g_clear_pointer (&rotated, g_free);
  rotated = admin_keys (fixture->server, "rotate");
  g_clear_pointer (&listed, g_free);
  listed = admin_keys (fixture->server, "list");
  g_assert_null (strstr (listed, old_kid));
  g_assert_nonnull (strstr (listed, new_kid));
  g_assert_cmpuint (jwks_size (fixture->server), ==, 2);
}

/* Many servers, one database: a second server verifies what the first
 * signed, and both sign with the key a rotation made. */
static void
test_two_servers (Fixture      *fixture,
                  gconstpointer data)
{
  g_autoptr(EweTestServer) second = ews_test_cognito_start_server (fixture->server->data_dir, 0, fixture->sink);
  g_autoptr(JsonObject) tokens = signed_up_and_in (fixture, "two@example.org");
  g_autoptr(JsonObject) from_second = NULL;
  g_autofree char *first_kid = dup_kid (json_object_get_string_member (tokens, "IdToken"));
  g_autofree char *rotated = NULL;

  g_assert_nonnull (second);
  second->owns_data_dir = FALSE;

  g_assert_cmpuint (data_api_status (second, json_object_get_string_member (tokens, "IdToken")), ==, SOUP_STATUS_OK);
  get_user_ok (second, json_object_get_string_member (tokens, "AccessToken"));

  rotated = admin_keys (fixture->server, "rotate");
  from_second = ews_test_cognito_sign_in (second, "two@example.org", PASSWORD);
  {
    g_autofree char *second_kid = dup_kid (json_object_get_string_member (from_second, "IdToken"));
    g_autofree char *current = ews_test_keys_current_kid (fixture->server);

    g_assert_cmpstr (second_kid, ==, current);
    g_assert_cmpstr (second_kid, !=, first_kid);
  }
  /* The first server has not seen the new key yet; it looks it up. */
  g_assert_cmpuint (data_api_status (fixture->server, json_object_get_string_member (from_second, "IdToken")),
                    ==, SOUP_STATUS_OK);
  g_assert_cmpuint (data_api_status (second, json_object_get_string_member (tokens, "IdToken")), ==, SOUP_STATUS_OK);
}

/* The pool id SRP proofs are made for is the one the server was started
 * with, and the discovery document says which, so the app need not be told. */
static void
test_discovery_names_the_pool (void)
{
  g_autoptr(EweTestServer) server = ewe_test_server_start ((const char *[]) { "--user-pool-id=eu-west-1_Test123", NULL });
  g_autoptr(JsonObject) config = NULL;

  g_assert_nonnull (server);
  config = get_json (server, "/.well-known/openid-configuration");
  g_assert_cmpstr (json_object_get_string_member (config, "user_pool_id"), ==, "eu-west-1_Test123");
}

/* ID and access tokens last an hour and a sign-in thirty days, by the
 * server's clock; refreshing within the thirty days gives new tokens. */
static void
test_expiry (Fixture      *fixture,
             gconstpointer data)
{
  const char *email = "hour@example.org";
  g_autoptr(JsonObject) tokens = NULL;
  g_autoptr(JsonObject) refresh = NULL;
  g_autoptr(JsonObject) refreshed = NULL;
  JsonObject *result;

  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, email, "H");
  tokens = ews_test_cognito_sign_in (fixture->server, email, PASSWORD);
  refresh = ews_test_cognito_initiate_auth_body ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN",
                                                 json_object_get_string_member (tokens, "RefreshToken"), NULL);

  /* A minute short of the hour (a margin for a slow machine): still good. */
  ewe_test_server_advance_clock (fixture->server, EWS_JWT_LIFETIME_SECONDS - 60);
  g_assert_cmpuint (data_api_status (fixture->server, json_object_get_string_member (tokens, "IdToken")),
                    ==, SOUP_STATUS_OK);
  get_user_ok (fixture->server, json_object_get_string_member (tokens, "AccessToken"));

  /* The hour is up. */
  ewe_test_server_advance_clock (fixture->server, 60);
  g_assert_cmpuint (data_api_status (fixture->server, json_object_get_string_member (tokens, "IdToken")),
                    ==, SOUP_STATUS_UNAUTHORIZED);
  {
    g_autoptr(JsonObject) body = json_object_new ();

    json_object_set_string_member (body, "AccessToken", json_object_get_string_member (tokens, "AccessToken"));
    ews_test_cognito_call_fails (fixture->server, "GetUser", body, "NotAuthorizedException",
                                 "Access Token has expired");
  }

  refreshed = ews_test_cognito_call_ok (fixture->server, "InitiateAuth", refresh);
  result = json_object_get_object_member (refreshed, "AuthenticationResult");
  g_assert_cmpuint (data_api_status (fixture->server, json_object_get_string_member (result, "IdToken")),
                    ==, SOUP_STATUS_OK);
  get_user_ok (fixture->server, json_object_get_string_member (result, "AccessToken"));

  /* Thirty days after the sign-in, refreshing no longer works. */
  ewe_test_server_advance_clock (fixture->server, 30 * 24 * 60 * 60 - EWS_JWT_LIFETIME_SECONDS);
  ews_test_cognito_call_fails (fixture->server, "InitiateAuth", refresh, "NotAuthorizedException",
                               "Refresh Token has expired");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func)                              \
  g_test_add ("/server/tokens/" path, Fixture, NULL, \
              ews_test_cognito_fixture_set_up, func, ews_test_cognito_fixture_tear_down)

  ADD ("discovery-and-jwks", test_discovery_and_jwks);
  ADD ("claims", test_claims);
  ADD ("forgeries-refused", test_forgeries_refused);
  ADD ("wrong-issuer-refused", test_wrong_issuer_refused);
  ADD ("future-nbf-refused", test_future_nbf_refused);
  ADD ("deleted-user-refused", test_deleted_user_refused);
  ADD ("rotation", test_rotation);
  ADD ("two-servers", test_two_servers);
  ADD ("expiry", test_expiry);
  g_test_add_func ("/server/tokens/discovery-names-the-pool", test_discovery_names_the_pool);

#undef ADD

  return g_test_run ();
}
