/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-auth"

#include "config.h"

#include "ews-auth-private.h"
#include "ews-jwt-keys.h"
#include "ews-jwt.h"

/* What a signed-in client does with its tokens: GetUser, GlobalSignOut and
 * RevokeToken, and the checks every token goes through (a session still
 * signed in; for access tokens, also the right use, client and account).
 * Signing in, and ChangePassword, which also checks a password, are in
 * ews-auth-sign-in.c; its header comment says why tokens are tied to a
 * session. */

static const char *
claim_string (JsonObject *claims,
              const char *name)
{
  JsonNode *node = json_object_get_member (claims, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

gboolean
ews_auth_check_session (EwsAuthStorage *auth,
                        const char     *user_id,
                        const char     *session_id,
                        GError        **error)
{
  g_autoptr(EwsAuthSession) session = NULL;
  g_autoptr(GError) local_error = NULL;

  session = ews_auth_storage_session_get (auth, session_id, &local_error);
  if (session == NULL && !g_error_matches (local_error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* Sessions are removed a day after their refresh token expired, by which
   * time no token from them is current; a missing one was never ours. */
  if (session == NULL || g_strcmp0 (session->user_id, user_id) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           "This token names no sign-in of its user; sign in again.");
      return FALSE;
    }

  if (session->revoked_at != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                           "This sign-in has ended (signed out, or the password was changed); sign in again.");
      return FALSE;
    }

  return TRUE;
}

EwsAccount *
ews_auth_account_from_access_token (EwsAuthCall *call,
                                    GError     **error)
{
  g_autoptr(JsonObject) claims = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(EwsAccount) account = NULL;
  const char *token;
  const char *sub;

  if (!ews_auth_get_string (call->body, "AccessToken", TRUE, &token, error))
    return NULL;

  claims = ews_jwt_keys_verify (call->keys, token, call->issuer, call->now, &local_error);
  if (claims == NULL && local_error->domain == EWS_STORAGE_ERROR)
    {
      ews_auth_internal_error (error, local_error);
      return NULL;
    }
  if (claims == NULL)
    {
      ews_auth_set_not_authorized (error, g_error_matches (local_error, EWS_JWT_ERROR, EWS_JWT_ERROR_EXPIRED)
                                            ? "Access Token has expired"
                                            : "Invalid Access Token");
      return NULL;
    }

  sub = claim_string (claims, "sub");
  if (g_strcmp0 (claim_string (claims, "token_use"), "access") != 0 ||
      g_strcmp0 (claim_string (claims, "client_id"), call->config->client_id) != 0 ||
      sub == NULL || claim_string (claims, "origin_jti") == NULL)
    {
      ews_auth_set_not_authorized (error, "Invalid Access Token");
      return NULL;
    }

  /* A valid token for an account that is gone: Cognito says so. */
  account = ews_auth_storage_account_get (call->auth, sub, &local_error);
  if (account == NULL)
    {
      if (!g_error_matches (local_error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND))
        ews_auth_internal_error (error, local_error);
      else
        g_set_error_literal (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_USER_NOT_FOUND,
                             "User does not exist.");
      return NULL;
    }

  if (!ews_auth_check_session (call->auth, sub, claim_string (claims, "origin_jti"), &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        ews_auth_set_not_authorized (error, "Invalid Access Token");
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
        ews_auth_set_not_authorized (error, "Access Token has been revoked");
      else
        ews_auth_internal_error (error, local_error);
      return NULL;
    }

  return g_steal_pointer (&account);
}

static void
add_attribute (JsonArray  *attributes,
               const char *name,
               const char *value)
{
  JsonObject *attribute = json_object_new ();

  json_object_set_string_member (attribute, "Name", name);
  json_object_set_string_member (attribute, "Value", value);
  json_array_add_object_element (attributes, attribute);
}

JsonNode *
ews_auth_get_user (EwsAuthCall *call,
                   GError     **error)
{
  g_autoptr(EwsAccount) account = ews_auth_account_from_access_token (call, error);
  JsonObject *root;
  JsonArray  *attributes;

  if (account == NULL)
    return NULL;

  root = json_object_new ();
  attributes = json_array_new ();
  add_attribute (attributes, "sub", account->user_id);
  add_attribute (attributes, "email_verified", account->confirmed ? "true" : "false");
  if (account->name != NULL && account->name[0] != '\0')
    add_attribute (attributes, "name", account->name);
  add_attribute (attributes, "email", account->email);

  json_object_set_string_member (root, "Username", account->user_id);
  json_object_set_array_member (root, "UserAttributes", attributes);

  return ews_auth_take_object (root);
}

JsonNode *
ews_auth_global_sign_out (EwsAuthCall *call,
                          GError     **error)
{
  g_autoptr(EwsAccount) account = ews_auth_account_from_access_token (call, error);
  g_autoptr(GError) local_error = NULL;

  if (account == NULL)
    return NULL;

  if (!ews_auth_storage_sessions_revoke (call->auth, account->user_id, call->now, &local_error))
    {
      ews_auth_internal_error (error, local_error);
      return NULL;
    }

  return ews_auth_empty_reply ();
}

/* RevokeToken: what amazon-cognito-identity-js 6 and Amplify 5 send on a
 * plain sign-out. It takes the refresh token and ends its session, so the
 * ID and access tokens issued from it stop working too. As in Cognito (and
 * RFC 7009), a token that is unknown or revoked already is answered like one
 * revoked now: there is nothing left to revoke, and the answer does not tell
 * which refresh tokens exist. */
JsonNode *
ews_auth_revoke_token (EwsAuthCall *call,
                       GError     **error)
{
  g_autoptr(EwsAuthSession) session = NULL;
  g_autoptr(JsonObject) claims = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *token_hash = NULL;
  const char      *token;

  if (!ews_auth_check_client (call, error) ||
      !ews_auth_get_string (call->body, "Token", TRUE, &token, error))
    return NULL;

  /* An ID or access token: a mistake the client can fix, so say so. */
  claims = ews_jwt_keys_verify (call->keys, token, call->issuer, call->now, NULL);
  if (claims != NULL)
    {
      g_set_error_literal (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_UNSUPPORTED_TOKEN_TYPE,
                           "Only refresh tokens can be revoked; send the RefreshToken from sign-in.");
      return NULL;
    }

  token_hash = ews_auth_hash_token (token);
  session = ews_auth_storage_session_get_by_token (call->auth, token_hash, &local_error);
  if (session == NULL)
    {
      if (!g_error_matches (local_error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND))
        {
          ews_auth_internal_error (error, local_error);
          return NULL;
        }
      return ews_auth_empty_reply ();
    }

  if (!ews_auth_storage_session_revoke (call->auth, session->session_id, call->now, &local_error))
    {
      ews_auth_internal_error (error, local_error);
      return NULL;
    }

  return ews_auth_empty_reply ();
}
