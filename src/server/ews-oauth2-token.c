/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-oauth2"

#include "config.h"

#include "ews-auth-private.h"
#include "ews-client-address.h"
#include "ews-guest-private.h"
#include "ews-json.h"
#include "ews-jwt-keys.h"
#include "ews-jwt.h"
#include "ews-oauth2-private.h"
#include "ews-oauth2-storage.h"
#include "ews-request.h"

/* What the client does with the code: POST /oauth2/token (RFC 6749 §4.1.3
 * with PKCE, RFC 7636 §4.6; and §6's refresh_token grant), POST
 * /oauth2/revoke (RFC 7009) for a refresh token, GET
 * /oauth2/userInfo (OpenID Connect Core §5.3) with the access token, and
 * GET /logout, which sends the browser back to a registered logout URI.
 *
 * Our clients are public (a desktop app cannot keep a secret), so a client
 * proves nothing but its client_id; a code is good only with the verifier
 * whose challenge it was issued for, and only once. */

#define FORM_TYPE "application/x-www-form-urlencoded"
#define MAX_TOKEN_BODY (16 * 1024)

static void
reply_oauth_error (SoupServerMessage *msg,
                   guint              status,
                   const char        *code,
                   const char        *description)
{
  g_autoptr(JsonNode) body = json_node_init_object (json_node_alloc (), json_object_new ());
  JsonObject *object = json_node_get_object (body);

  json_object_set_string_member (object, "error", code);
  json_object_set_string_member (object, "error_description", description);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control", "no-store");
  ews_json_reply (msg, status, body);
}

/* Our failure, logged; 503 while the database is away, as elsewhere. */
static void
reply_server_error (SoupServerMessage *msg,
                    const GError      *error)
{
  g_warning ("%s %s failed: %s", soup_server_message_get_method (msg),
             g_uri_get_path (soup_server_message_get_uri (msg)), error->message);
  reply_oauth_error (msg,
                     g_error_matches (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_UNAVAILABLE)
                       ? SOUP_STATUS_SERVICE_UNAVAILABLE
                       : SOUP_STATUS_INTERNAL_SERVER_ERROR,
                     "server_error", "The server could not do this just now. Try again in a moment.");
}

static void
reply_tokens (SoupServerMessage *msg,
              const char        *id_token,
              const char        *access_token,
              const char        *refresh_token)
{
  g_autoptr(JsonNode) body = json_node_init_object (json_node_alloc (), json_object_new ());
  JsonObject         *object = json_node_get_object (body);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  json_object_set_string_member (object, "id_token", id_token);
  json_object_set_string_member (object, "access_token", access_token);
  if (refresh_token != NULL)
    json_object_set_string_member (object, "refresh_token", refresh_token);
  json_object_set_int_member (object, "expires_in", EWS_JWT_LIFETIME_SECONDS);
  json_object_set_string_member (object, "token_type", "Bearer");

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "Pragma", "no-cache");
  ews_json_reply (msg, SOUP_STATUS_OK, body);
}

/* RFC 7636 §4.1: 43 to 128 unreserved characters. */
static gboolean
verifier_is_well_formed (const char *verifier)
{
  gsize length = verifier != NULL ? strlen (verifier) : 0;

  if (length < 43 || length > 128)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isalnum (verifier[i]) && strchr ("-._~", verifier[i]) == NULL)
        return FALSE;
    }

  return TRUE;
}

static gboolean
verifier_matches (const char *verifier,
                  const char *challenge)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *computed = NULL;
  guint8           digest[32];
  gsize            digest_len = sizeof digest;

  if (!verifier_is_well_formed (verifier))
    return FALSE;

  g_checksum_update (checksum, (const guchar *)verifier, strlen (verifier));
  g_checksum_get_digest (checksum, digest, &digest_len);
  computed = ews_base64url_encode (digest, digest_len);

  return ews_secrets_equal (computed, challenge);
}

static const char *
form_get (GHashTable *form,
          const char *name)
{
  const char *value = g_hash_table_lookup (form, name);

  return value != NULL && value[0] != '\0' ? value : NULL;
}

/* What one code is good for, checked once it has been taken: FALSE with
 * invalid_grant's description. */
static gboolean
code_is_good_for (const EwsOAuth2Code *code,
                  GHashTable          *form,
                  gint64               now,
                  const char         **description)
{
  if (g_strcmp0 (code->client_id, form_get (form, "client_id")) != 0)
    *description = "This code was issued to another client.";
  else if (g_strcmp0 (code->redirect_uri, form_get (form, "redirect_uri")) != 0)
    *description = "redirect_uri is not the one this code was issued for.";
  else if (code->expires_at <= now)
    *description = "This code has expired. Sign in again.";
  else if (!verifier_matches (form_get (form, "code_verifier"), code->code_challenge))
    *description = "code_verifier does not match the code_challenge.";
  else
    return TRUE;

  return FALSE;
}

static void
authorization_code_grant (EwsAuthCall *call,
                          GHashTable  *form)
{
  EwsOAuth2Storage *storage = EWS_OAUTH2_STORAGE (call->storage);
  const char       *code = form_get (form, "code");
  const char       *description = NULL;
  g_autofree char  *code_hash = NULL;
  g_autofree char  *refresh_token = NULL;
  g_autofree char  *id_token = NULL;
  g_autofree char  *access_token = NULL;
  g_autoptr(EwsOAuth2Code) taken = NULL;
  g_autoptr(EwsOAuth2Code) used = NULL;
  g_autoptr(EwsAccount) account = NULL;
  g_autoptr(EwsAuthSession) session = NULL;
  g_autoptr(GError) error = NULL;
  EwsAuthTokenOptions options = { 0 };

  if (code == NULL)
    {
      reply_oauth_error (call->msg, SOUP_STATUS_BAD_REQUEST, "invalid_request", "code is required.");
      return;
    }

  code_hash = ews_auth_hash_token (code);

  /* One transaction: a second use of the code waits for the first to have
   * recorded its session, so that it can end it. */
  if (!ews_storage_begin (call->storage, &error))
    goto failed;

  taken = ews_oauth2_storage_code_take (storage, code_hash, call->now, &used, &error);
  if (taken == NULL)
    {
      if (g_error_matches (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT))
        {
          g_clear_error (&error);
          /* RFC 6749 §4.1.2: a code used twice may have been stolen; the
           * tokens issued from it are no longer to be trusted. */
          if (used->session_id != NULL &&
              !ews_auth_storage_session_revoke (call->auth, used->session_id, call->now, &error))
            goto failed_in_transaction;
          if (!ews_storage_commit (call->storage, &error))
            goto failed;
          g_message ("Authorization code for client %s used again; its session is revoked", used->client_id);
          reply_oauth_error (call->msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                             "This code was used already. Sign in again.");
          return;
        }

      ews_storage_rollback (call->storage);
      if (g_error_matches (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND))
        {
          reply_oauth_error (call->msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant", "There is no such code.");
          return;
        }
      goto failed;
    }

  /* A wrong verifier or redirect URI spends the code all the same: whoever
   * has a stolen code gets one try, not a search. */
  if (!code_is_good_for (taken, form, call->now, &description))
    {
      if (!ews_storage_commit (call->storage, &error))
        goto failed;
      reply_oauth_error (call->msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant", description);
      return;
    }

  account = ews_auth_storage_account_get (call->auth, taken->user_id, &error);
  if (account == NULL && g_error_matches (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND))
    {
      ews_storage_rollback (call->storage);
      reply_oauth_error (call->msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant", "The account is gone.");
      return;
    }
  if (account == NULL)
    goto failed_in_transaction;

  if (!ews_auth_session_start (call, account->user_id, &session, &refresh_token, &error) ||
      !ews_oauth2_storage_code_set_session (storage, code_hash, session->session_id, &error))
    goto failed_in_transaction;

  if (!ews_storage_commit (call->storage, &error))
    goto failed;

  options.client_id = taken->client_id;
  options.nonce = taken->nonce;
  options.scope = taken->scope;
  options.auth_time = taken->auth_time;
  if (!ews_auth_tokens_sign (call, account, session, &options, &id_token, &access_token, &error))
    goto failed;

  reply_tokens (call->msg, id_token, access_token, refresh_token);
  return;

failed_in_transaction:
  ews_storage_rollback (call->storage);
failed:
  reply_server_error (call->msg, error);
}

static void
refresh_token_grant (EwsAuthCall *call,
                     GHashTable  *form)
{
  const char      *refresh_token = form_get (form, "refresh_token");
  const char      *client_id = form_get (form, "client_id");
  g_autofree char *token_hash = NULL;
  g_autofree char *id_token = NULL;
  g_autofree char *access_token = NULL;
  g_autoptr(EwsAuthSession) session = NULL;
  g_autoptr(EwsOAuth2Code) code = NULL;
  g_autoptr(EwsAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  EwsAuthTokenOptions options = { 0 };

  if (refresh_token == NULL)
    {
      reply_oauth_error (call->msg, SOUP_STATUS_BAD_REQUEST, "invalid_request", "refresh_token is required.");
      return;
    }

  token_hash = ews_auth_hash_token (refresh_token);
  session = ews_auth_storage_session_get_by_token (call->auth, token_hash, &error);
  if (session == NULL && !g_error_matches (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND))
    goto failed;
  if (session == NULL || session->revoked_at != 0 || session->expires_at <= call->now)
    {
      reply_oauth_error (call->msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                         "The refresh token is not valid (signed out, revoked or expired).");
      return;
    }

  /* A refresh token is good for the client it was issued to only
   * (RFC 6749 §6): the sign-in API's client when it came from no code. */
  code = ews_oauth2_storage_session_code (EWS_OAUTH2_STORAGE (call->storage), session->session_id, &error);
  if (error != NULL)
    goto failed;
  options.client_id = code != NULL ? code->client_id : call->config->client_id;
  options.scope = code != NULL ? code->scope : NULL;
  options.auth_time = code != NULL ? code->auth_time : 0;
  if (g_strcmp0 (client_id, options.client_id) != 0)
    {
      reply_oauth_error (call->msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                         "This refresh token was issued to another client.");
      return;
    }

  account = ews_auth_storage_account_get (call->auth, session->user_id, &error);
  if (account == NULL)
    goto failed;

  if (!ews_auth_tokens_sign (call, account, session, &options, &id_token, &access_token, &error))
    goto failed;

  /* As Cognito: no new refresh token; the old one stays valid. */
  reply_tokens (call->msg, id_token, access_token, NULL);
  return;

failed:
  if (g_error_matches (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND))
    {
      reply_oauth_error (call->msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant", "The account is gone.");
      return;
    }
  reply_server_error (call->msg, error);
}

/* What the token and revocation endpoints share: a form from a client we
 * know, within the sign-in rate limit. NULL after an answer. */
static EwsOAuth2Client *
read_client_form (SoupServerMessage *msg,
                  EwsServer         *server,
                  GHashTable       **form)
{
  const EwsConfig    *config = ews_server_get_config (server);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(EwsOAuth2Client) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *address = NULL;
  gint64           retry_after_s = 0;

  /* Browsers' pages (single-page apps) may call them, as Cognito's. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Access-Control-Allow-Origin", "*");

  if (ews_server_get_storage (server) == NULL)
    {
      reply_oauth_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "temporarily_unavailable",
                         "The server is starting. Try again in a moment.");
      return NULL;
    }

  if (g_strcmp0 (soup_message_headers_get_content_type (headers, NULL), FORM_TYPE) != 0 ||
      g_bytes_get_size (bytes) > MAX_TOKEN_BODY)
    {
      reply_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request", "Send the parameters as " FORM_TYPE ".");
      return NULL;
    }

  address = ews_client_address (msg, config);
  if (!ews_rate_limit_take (server, EWS_RATE_SIGN_IN, address, &retry_after_s, &error))
    {
      g_autofree char *retry_after = g_strdup_printf ("%" G_GINT64_FORMAT, retry_after_s);

      if (!g_error_matches (error, EWS_RATE_LIMIT_ERROR, EWS_RATE_LIMIT_ERROR_EXCEEDED))
        {
          reply_server_error (msg, error);
          return NULL;
        }
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", retry_after);
      reply_oauth_error (msg, EWS_STATUS_TOO_MANY_REQUESTS, "slow_down", "Too many requests: try again later.");
      return NULL;
    }

  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  *form = soup_form_decode (text);

  client = ews_oauth2_clients_lookup (config->oauth2_clients, config->client_id, form_get (*form, "client_id"));
  if (client == NULL)
    {
      g_clear_pointer (form, g_hash_table_unref);
      reply_oauth_error (msg, SOUP_STATUS_UNAUTHORIZED, "invalid_client", "client_id names no client of ours.");
      return NULL;
    }

  return g_steal_pointer (&client);
}

static void
token_cb (SoupServerMessage *msg,
          GHashTable        *params,
          gpointer           user_data)
{
  EwsServer *server = user_data;
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(EwsOAuth2Client) client = read_client_form (msg, server, &form);
  g_autoptr(EwsAuthCall) call = NULL;
  const char *grant_type;

  if (client == NULL)
    return;

  call = ews_auth_call_new (server, msg, json_object_new ());
  grant_type = form_get (form, "grant_type");
  if (g_strcmp0 (grant_type, "authorization_code") == 0)
    authorization_code_grant (call, form);
  else if (g_strcmp0 (grant_type, "refresh_token") == 0)
    refresh_token_grant (call, form);
  else
    reply_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "unsupported_grant_type",
                       "grant_type must be authorization_code or refresh_token.");
}

/* POST /oauth2/revoke (RFC 7009, as Cognito's): a refresh token's sign-in
 * ends, and with it every token issued from it. A token we do not know is
 * answered as revoked, as the RFC asks; one of another client is refused. */
static void
revoke_cb (SoupServerMessage *msg,
           GHashTable        *params,
           gpointer           user_data)
{
  EwsServer *server = user_data;
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(EwsOAuth2Client) client = read_client_form (msg, server, &form);
  g_autoptr(EwsAuthSession) session = NULL;
  g_autoptr(EwsOAuth2Code) code = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *token_hash = NULL;
  EwsStorage      *storage;
  const char      *token;
  const char      *owner;

  if (client == NULL)
    return;

  token = form_get (form, "token");
  if (token == NULL)
    {
      reply_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request", "token is required.");
      return;
    }

  storage = ews_server_get_storage (server);
  token_hash = ews_auth_hash_token (token);
  session = ews_auth_storage_session_get_by_token (EWS_AUTH_STORAGE (storage), token_hash, &error);
  if (session == NULL && !g_error_matches (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND))
    {
      reply_server_error (msg, error);
      return;
    }

  if (session != NULL)
    {
      code = ews_oauth2_storage_session_code (EWS_OAUTH2_STORAGE (storage), session->session_id, &error);
      if (error != NULL)
        {
          reply_server_error (msg, error);
          return;
        }

      owner = code != NULL ? code->client_id : ews_server_get_config (server)->client_id;
      if (g_strcmp0 (owner, client->client_id) != 0)
        {
          reply_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "unauthorized_client",
                             "This token was issued to another client.");
          return;
        }

      if (!ews_auth_storage_session_revoke (EWS_AUTH_STORAGE (storage), session->session_id,
                                            ews_clock_get_unix_seconds (ews_server_get_clock (server)), &error))
        {
          reply_server_error (msg, error);
          return;
        }
    }

  body = json_node_init_object (json_node_alloc (), json_object_new ());
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control", "no-store");
  ews_json_reply (msg, SOUP_STATUS_OK, body);
}

static const char *
claim_string (JsonObject *claims,
              const char *name)
{
  JsonNode *node = json_object_get_member (claims, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static void
reply_invalid_token (SoupServerMessage *msg,
                     const char        *description)
{
  g_autofree char *challenge = g_strdup_printf ("Bearer error=\"invalid_token\", error_description=\"%s\"",
                                                description);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "WWW-Authenticate", challenge);
  reply_oauth_error (msg, SOUP_STATUS_UNAUTHORIZED, "invalid_token", description);
}

/* OpenID Connect Core §5.3: who the access token's owner is. */
static void
user_info_cb (SoupServerMessage *msg,
              GHashTable        *params,
              gpointer           user_data)
{
  EwsServer  *server = user_data;
  const char *authorization;
  g_autoptr(JsonObject) claims = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EwsAccount) account = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_auto(GStrv) scopes = NULL;
  EwsAuthStorage *auth;
  JsonObject     *object;
  const char     *sub;

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Access-Control-Allow-Origin", "*");

  if (ews_server_get_storage (server) == NULL)
    {
      reply_oauth_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "temporarily_unavailable",
                         "The server is starting. Try again in a moment.");
      return;
    }
  auth = EWS_AUTH_STORAGE (ews_server_get_storage (server));

  authorization = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "WWW-Authenticate", "Bearer");
      reply_oauth_error (msg, SOUP_STATUS_UNAUTHORIZED, "invalid_request", "Send the access token as a Bearer token.");
      return;
    }

  claims = ews_jwt_keys_verify (ews_server_get_jwt_keys (server), authorization + 7, ews_server_get_issuer (server),
                                ews_clock_get_unix_seconds (ews_server_get_clock (server)), &error);
  if (claims == NULL && error->domain == EWS_STORAGE_ERROR)
    {
      reply_server_error (msg, error);
      return;
    }
  if (claims == NULL)
    {
      reply_invalid_token (msg, g_error_matches (error, EWS_JWT_ERROR, EWS_JWT_ERROR_EXPIRED)
                                  ? "The access token has expired."
                                  : "The access token is not valid.");
      return;
    }

  sub = claim_string (claims, "sub");
  scopes = g_strsplit (claim_string (claims, "scope") != NULL ? claim_string (claims, "scope") : "", " ", -1);
  if (g_strcmp0 (claim_string (claims, "token_use"), "access") != 0 || sub == NULL ||
      claim_string (claims, "origin_jti") == NULL || !g_strv_contains ((const char * const *)scopes, "openid"))
    {
      reply_invalid_token (msg, "This is not an access token from the hosted sign-in (scope openid).");
      return;
    }

  if (!ews_auth_check_session (auth, sub, claim_string (claims, "origin_jti"), &error))
    {
      if (error->domain != G_IO_ERROR)
        reply_server_error (msg, error);
      else
        reply_invalid_token (msg, "The sign-in this token came from has ended.");
      return;
    }

  account = ews_auth_storage_account_get (auth, sub, &error);
  if (account == NULL)
    {
      if (!g_error_matches (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND))
        reply_server_error (msg, error);
      else
        reply_invalid_token (msg, "The account is gone.");
      return;
    }

  body = json_node_init_object (json_node_alloc (), json_object_new ());
  object = json_node_get_object (body);
  json_object_set_string_member (object, "sub", account->user_id);
  json_object_set_string_member (object, "username", account->user_id);
  if (g_strv_contains ((const char * const *)scopes, "email"))
    {
      json_object_set_string_member (object, "email", account->email);
      json_object_set_string_member (object, "email_verified", "true");
    }
  if (g_strv_contains ((const char * const *)scopes, "profile") && account->name != NULL && account->name[0] != '\0')
    json_object_set_string_member (object, "name", account->name);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control", "no-store");
  ews_json_reply (msg, SOUP_STATUS_OK, body);
}

/* Cognito's GET /logout?client_id=…&logout_uri=… (and OpenID Connect's
 * post_logout_redirect_uri): the browser's session on the hosted sign-in
 * ends (ews-oauth2-session.c), the app forgets its tokens, and the
 * browser is sent back, only to an address the client registered. The
 * session ends whatever the link: staying signed in is never safer. */
static void
logout_cb (SoupServerMessage *msg,
           GHashTable        *params,
           gpointer           user_data)
{
  EwsServer        *server = user_data;
  const EwsConfig  *config = ews_server_get_config (server);
  const EwsCatalog *catalog = ews_guest_catalog (msg, server);
  const char       *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GHashTable) fields = query != NULL ? soup_form_decode (query) : g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(EwsOAuth2Client) client = NULL;
  const char *logout_uri = form_get (fields, "logout_uri");

  if (logout_uri == NULL)
    logout_uri = form_get (fields, "post_logout_redirect_uri");

  ews_oauth2_session_end (msg, server, ews_clock_get_unix_seconds (ews_server_get_clock (server)));

  client = ews_oauth2_clients_lookup (config->oauth2_clients, config->client_id, form_get (fields, "client_id"));
  if (!ews_oauth2_client_logout_ok (client, logout_uri))
    {
      ews_guest_reply_message (msg, server, SOUP_STATUS_BAD_REQUEST, ews_tr (catalog, "This sign-out link is not valid"),
                               ews_tr (catalog, "The app asked to send you somewhere this server does not know. "
                                                "You can close this page."));
      return;
    }

  ews_html_redirect (msg, logout_uri);
  soup_server_message_set_status (msg, SOUP_STATUS_FOUND, NULL);
}

void
ews_oauth2_token_register (EwsServer *server)
{
  EwsRouter *router = ews_server_get_router (server);

  ews_router_add (router, "POST", "/oauth2/token", token_cb, server);
  ews_router_add (router, "POST", "/oauth2/revoke", revoke_cb, server);
  ews_router_add (router, "GET", "/oauth2/userInfo", user_info_cb, server);
  ews_router_add (router, "POST", "/oauth2/userInfo", user_info_cb, server);
  ews_router_add (router, "GET", "/logout", logout_cb, server);
}
