/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-well-known"

#include "config.h"

#include "ews-json.h"
#include "ews-jwt-keys.h"
#include "ews-oauth2-providers.h"
#include "ews-well-known.h"

/* What others need to check our tokens without asking us: the public keys
 * (/.well-known/jwks.json, where Cognito serves a pool's, under the issuer)
 * and the OpenID Connect discovery document that points at them. Both are
 * public, and readable from any web page. */

/* Verifiers cache the key set for this long; a token with a kid they do not
 * know makes the usual libraries fetch it again at once. */
#define JWKS_MAX_AGE "300"

static void
public_headers (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Access-Control-Allow-Origin", "*");
  soup_message_headers_replace (headers, "Cache-Control", "public, max-age=" JWKS_MAX_AGE);
}

static void
jwks_cb (SoupServerMessage *msg,
         GHashTable        *params,
         gpointer           user_data)
{
  EwsServer *server = user_data;
  g_autoptr(JsonNode) jwks = NULL;
  g_autoptr(GError) error = NULL;

  jwks = ews_jwt_keys_dup_jwks (ews_server_get_jwt_keys (server),
                                ews_clock_get_unix_seconds (ews_server_get_clock (server)), &error);
  if (jwks == NULL)
    {
      g_warning ("Could not list the signing keys: %s", error->message);
      ews_json_reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                            "The server could not do this just now. Try again later.");
      return;
    }

  public_headers (msg);
  ews_json_reply (msg, SOUP_STATUS_OK, jwks);
}

static void
add_strings (JsonObject *object,
             const char *member,
             ...)
{
  JsonArray  *array = json_array_new ();
  const char *value;
  va_list     args;

  va_start (args, member);
  while ((value = va_arg (args, const char *)) != NULL)
    json_array_add_string_element (array, value);
  va_end (args);

  json_object_set_array_member (object, member, array);
}

/* The upstream providers (ews-oauth2-providers.h), so that an app can
 * offer a button for each and send the browser straight to one with
 * Cognito's identity_provider=NAME. What a client needs and nothing more:
 * never a client secret, nor the provider's own addresses. */
static JsonArray *
identity_providers (EwsServer *server)
{
  GPtrArray *providers = ews_server_get_config (server)->oauth2_providers;
  JsonArray *array = json_array_new ();

  for (guint i = 0; providers != NULL && i < providers->len; i++)
    {
      const EwsOAuth2Provider *provider = g_ptr_array_index (providers, i);
      JsonObject              *item = json_object_new ();

      json_object_set_string_member (item, "name", provider->name);
      json_object_set_string_member (item, "type", provider->type_name);
      json_object_set_string_member (item, "display_name", provider->display_name);
      json_array_add_object_element (array, item);
    }

  return array;
}

/* OpenID Connect Discovery 1.0 §3: the hosted sign-in's endpoints
 * (ews-oauth2.c), with what they take: the code flow only, with PKCE S256
 * only, for public clients (no client secret).
 *
 * user_pool_id is ours (the spec allows more members): every SRP proof
 * hashes the pool's name, which Cognito's clients read from the pool id
 * they are configured with. The app reads it here when it has none, so a
 * server started with another --user-pool-id needs no setting; and
 * ewelists_identity_providers, the buttons its sign-in dialog shows. */
static void
openid_configuration_cb (SoupServerMessage *msg,
                         GHashTable        *params,
                         gpointer           user_data)
{
  EwsServer       *server = user_data;
  const char      *issuer = ews_server_get_issuer (server);
  g_autofree char *jwks_uri = g_strconcat (issuer, "/.well-known/jwks.json", NULL);
  g_autofree char *authorization_endpoint = g_strconcat (issuer, "/oauth2/authorize", NULL);
  g_autofree char *token_endpoint = g_strconcat (issuer, "/oauth2/token", NULL);
  g_autofree char *userinfo_endpoint = g_strconcat (issuer, "/oauth2/userInfo", NULL);
  g_autofree char *end_session_endpoint = g_strconcat (issuer, "/logout", NULL);
  g_autofree char *revocation_endpoint = g_strconcat (issuer, "/oauth2/revoke", NULL);
  g_autoptr(JsonNode) body = NULL;
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "issuer", issuer);
  json_object_set_string_member (object, "jwks_uri", jwks_uri);
  json_object_set_string_member (object, "authorization_endpoint", authorization_endpoint);
  json_object_set_string_member (object, "token_endpoint", token_endpoint);
  json_object_set_string_member (object, "userinfo_endpoint", userinfo_endpoint);
  json_object_set_string_member (object, "end_session_endpoint", end_session_endpoint);
  json_object_set_string_member (object, "revocation_endpoint", revocation_endpoint);
  json_object_set_string_member (object, "user_pool_id", ews_server_get_config (server)->user_pool_id);
  json_object_set_array_member (object, "ewelists_identity_providers", identity_providers (server));
  add_strings (object, "id_token_signing_alg_values_supported", "RS256", NULL);
  add_strings (object, "subject_types_supported", "public", NULL);
  add_strings (object, "response_types_supported", "code", NULL);
  add_strings (object, "response_modes_supported", "query", NULL);
  add_strings (object, "grant_types_supported", "authorization_code", "refresh_token", NULL);
  add_strings (object, "code_challenge_methods_supported", "S256", NULL);
  add_strings (object, "token_endpoint_auth_methods_supported", "none", NULL);
  add_strings (object, "scopes_supported", "openid", "email", "profile", "aws.cognito.signin.user.admin", NULL);
  add_strings (object, "claims_supported", "sub", "iss", "aud", "exp", "iat", "auth_time", "jti",
               "origin_jti", "event_id", "token_use", "email", "email_verified", "name",
               "cognito:username", "nonce", NULL);
  body = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);

  public_headers (msg);
  ews_json_reply (msg, SOUP_STATUS_OK, body);
}

void
ews_well_known_register (EwsServer *server)
{
  EwsRouter *router = ews_server_get_router (server);

  ews_router_add (router, "GET", "/.well-known/jwks.json", jwks_cb, server);
  ews_router_add (router, "GET", "/.well-known/openid-configuration", openid_configuration_cb, server);
}
