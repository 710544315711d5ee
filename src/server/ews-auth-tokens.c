/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-auth"

#include "config.h"

#include "ews-auth-private.h"
#include "ews-jwt-keys.h"
#include "ews-jwt.h"

/* What a successful sign-in hands out, for the sign-in API (InitiateAuth,
 * RespondToAuthChallenge) and the hosted sign-in's token endpoint
 * (ews-oauth2.c) alike: a session with its refresh token, and the ID and
 * access tokens issued from it. See ews-auth-sign-in.c for why a sign-in
 * is a session. */

#define REFRESH_TOKEN_BYTES 32

gboolean
ews_auth_session_start (EwsAuthCall     *call,
                        const char      *user_id,
                        EwsAuthSession **session,
                        char           **refresh_token,
                        GError         **error)
{
  g_autoptr(EwsAuthSession) started = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  guint8           random[REFRESH_TOKEN_BYTES];

  if (!ews_random_bytes (random, sizeof random, &local_error))
    {
      ews_auth_internal_error (error, local_error);
      return FALSE;
    }

  token = ews_base64url_encode (random, sizeof random);
  token_hash = ews_auth_hash_token (token);

  started = g_new0 (EwsAuthSession, 1);
  started->session_id = g_uuid_string_random ();
  started->user_id = g_strdup (user_id);
  started->created_at = call->now;
  started->expires_at = call->now + EWS_AUTH_REFRESH_LIFETIME_SECONDS;
  started->client = g_strdup (call->client);

  if (!ews_auth_storage_session_insert (call->auth, started, token_hash, &local_error))
    {
      ews_auth_internal_error (error, local_error);
      return FALSE;
    }

  *session = g_steal_pointer (&started);
  *refresh_token = g_steal_pointer (&token);
  return TRUE;
}

/* The claims Cognito puts in them: both share an `event_id` (this sign-in
 * or refresh) and the session's `origin_jti`, and each has its own `jti`. */
gboolean
ews_auth_tokens_sign (EwsAuthCall               *call,
                      const EwsAccount          *account,
                      const EwsAuthSession      *session,
                      const EwsAuthTokenOptions *options,
                      char                     **id_token,
                      char                     **access_token,
                      GError                   **error)
{
  g_autoptr(JsonObject) id_claims = json_object_new ();
  g_autoptr(JsonObject) access_claims = json_object_new ();
  g_autoptr(GError) local_error = NULL;
  const char      *iss = call->issuer;
  const char      *client_id = options != NULL && options->client_id != NULL ? options->client_id
                                                                             : call->config->client_id;
  const char      *scope = options != NULL && options->scope != NULL ? options->scope
                                                                     : "aws.cognito.signin.user.admin";
  g_autofree char *event_id = g_uuid_string_random ();
  g_autofree char *id_jti = g_uuid_string_random ();
  g_autofree char *access_jti = g_uuid_string_random ();
  g_autofree char *signed_id = NULL;
  g_autofree char *signed_access = NULL;
  gint64           auth_time = options != NULL && options->auth_time != 0 ? options->auth_time : session->created_at;

  json_object_set_string_member (id_claims, "sub", account->user_id);
  json_object_set_string_member (id_claims, "email", account->email);
  json_object_set_boolean_member (id_claims, "email_verified", TRUE);
  if (account->name != NULL && account->name[0] != '\0')
    json_object_set_string_member (id_claims, "name", account->name);
  json_object_set_string_member (id_claims, "cognito:username", account->user_id);
  json_object_set_string_member (id_claims, "token_use", "id");
  json_object_set_string_member (id_claims, "aud", client_id);
  json_object_set_string_member (id_claims, "iss", iss);
  json_object_set_string_member (id_claims, "origin_jti", session->session_id);
  json_object_set_string_member (id_claims, "event_id", event_id);
  json_object_set_string_member (id_claims, "jti", id_jti);
  json_object_set_int_member (id_claims, "auth_time", auth_time);
  json_object_set_int_member (id_claims, "iat", call->now);
  json_object_set_int_member (id_claims, "exp", call->now + EWS_JWT_LIFETIME_SECONDS);
  /* OpenID Connect Core §3.1.3.7: what the client sent to /oauth2/authorize,
   * so that it can tell its own sign-in from a replayed one. */
  if (options != NULL && options->nonce != NULL)
    json_object_set_string_member (id_claims, "nonce", options->nonce);

  json_object_set_string_member (access_claims, "sub", account->user_id);
  json_object_set_string_member (access_claims, "token_use", "access");
  json_object_set_string_member (access_claims, "scope", scope);
  json_object_set_string_member (access_claims, "client_id", client_id);
  json_object_set_string_member (access_claims, "username", account->user_id);
  json_object_set_string_member (access_claims, "iss", iss);
  json_object_set_string_member (access_claims, "origin_jti", session->session_id);
  json_object_set_string_member (access_claims, "event_id", event_id);
  json_object_set_string_member (access_claims, "jti", access_jti);
  json_object_set_int_member (access_claims, "auth_time", auth_time);
  json_object_set_int_member (access_claims, "iat", call->now);
  json_object_set_int_member (access_claims, "exp", call->now + EWS_JWT_LIFETIME_SECONDS);

  signed_id = ews_jwt_keys_sign (call->keys, id_claims, &local_error);
  if (signed_id != NULL)
    signed_access = ews_jwt_keys_sign (call->keys, access_claims, &local_error);
  if (signed_access == NULL)
    {
      ews_auth_internal_error (error, local_error);
      return FALSE;
    }

  *id_token = g_steal_pointer (&signed_id);
  *access_token = g_steal_pointer (&signed_access);
  return TRUE;
}

JsonNode *
ews_auth_authentication_result (EwsAuthCall          *call,
                                const EwsAccount     *account,
                                const EwsAuthSession *session,
                                const char           *refresh_token,
                                GError              **error)
{
  g_autofree char *id_token = NULL;
  g_autofree char *access_token = NULL;
  JsonObject      *result;
  JsonObject      *root;

  if (!ews_auth_tokens_sign (call, account, session, NULL, &id_token, &access_token, error))
    return NULL;

  result = json_object_new ();
  root = json_object_new ();
  json_object_set_string_member (result, "AccessToken", access_token);
  json_object_set_int_member (result, "ExpiresIn", EWS_JWT_LIFETIME_SECONDS);
  json_object_set_string_member (result, "IdToken", id_token);
  if (refresh_token != NULL)
    json_object_set_string_member (result, "RefreshToken", refresh_token);
  json_object_set_string_member (result, "TokenType", "Bearer");

  json_object_set_object_member (root, "AuthenticationResult", result);
  json_object_set_object_member (root, "ChallengeParameters", json_object_new ());

  return ews_auth_take_object (root);
}
