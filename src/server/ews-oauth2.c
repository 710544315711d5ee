/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-oauth2"

#include "config.h"

#include "ews-auth-private.h"
#include "ews-clock.h"
#include "ews-guest-private.h"
#include "ews-jwt.h"
#include "ews-oauth2-private.h"
#include "ews-oauth2-providers.h"
#include "ews-oauth2-storage.h"
#include "ews-oauth2.h"
#include "ews-request.h"

/* The hosted sign-in, as Cognito's hosted UI has it: GET /oauth2/authorize
 * shows a sign-in page for an app client; the page posts back to the same
 * address; a right password (checked by the sign-in API's own operation,
 * with its lockout and rate limits: there is one password path) ends in a
 * redirect to the client's redirect URI with a one-time code, which the
 * client takes to /oauth2/token (ews-oauth2-token.c) with its PKCE
 * verifier.
 *
 * What is wrong with the client or its redirect URI is said on a page of
 * ours, never sent to the redirect URI (RFC 6749 §4.1.2.1): an address we
 * have not checked is not one to send anybody to. Anything else wrong with
 * the request goes back to the client as error=…, with its state. */

/* Codes live five minutes, as Cognito's do; PKCE binds them anyway. */
#define CODE_LIFETIME_SECONDS (5 * 60)
#define CODE_BYTES 32
/* What a client may put in state and nonce: plenty for a random value. */
#define MAX_PARAMETER_LENGTH 1024

/* Cognito's, but for phone (no account has one): its own scope lets an
 * access token call the user pool's API, as the app does. */
static const char * const known_scopes[] = { "openid", "email", "profile", "aws.cognito.signin.user.admin", NULL };

void
ews_oauth2_request_free (EwsOAuth2Request *request)
{
  if (request == NULL)
    return;

  g_clear_pointer (&request->client, ews_oauth2_client_free);
  g_free (request->client_id);
  g_free (request->redirect_uri);
  g_free (request->response_type);
  g_free (request->state);
  g_free (request->nonce);
  g_free (request->code_challenge);
  g_free (request->code_challenge_method);
  g_free (request->scope);
  g_free (request->login_hint);
  g_free (request);
}

static char *
dup_field (GHashTable *fields,
           const char *name)
{
  const char *value = fields != NULL ? g_hash_table_lookup (fields, name) : NULL;

  return value != NULL && value[0] != '\0' ? g_strdup (value) : NULL;
}

EwsOAuth2Request *
ews_oauth2_request_from_fields (GHashTable *fields)
{
  EwsOAuth2Request *request = g_new0 (EwsOAuth2Request, 1);

  request->client_id = dup_field (fields, "client_id");
  request->redirect_uri = dup_field (fields, "redirect_uri");
  request->response_type = dup_field (fields, "response_type");
  request->state = dup_field (fields, "state");
  request->nonce = dup_field (fields, "nonce");
  request->code_challenge = dup_field (fields, "code_challenge");
  request->code_challenge_method = dup_field (fields, "code_challenge_method");
  request->scope = dup_field (fields, "scope");
  request->login_hint = dup_field (fields, "login_hint");

  return request;
}

/* The client's parameters from a posted form, as they were sent: not
 * trimmed as ews_guest_read_form() trims the person's fields, so that the
 * state goes back byte for byte. Valid UTF-8 once that function has
 * accepted the same body. */
EwsOAuth2Request *
ews_oauth2_request_from_body (SoupServerMessage *msg)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(GHashTable) fields = soup_form_decode (text);

  return ews_oauth2_request_from_fields (fields);
}

/* S256's challenge is the base64url of a SHA-256: 43 characters. */
static gboolean
challenge_is_well_formed (const char *challenge)
{
  if (challenge == NULL || strlen (challenge) != 43)
    return FALSE;

  for (const char *p = challenge; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
        return FALSE;
    }

  return TRUE;
}

static gboolean
scope_is_known (const char *scope)
{
  g_auto(GStrv) words = g_strsplit (scope, " ", -1);
  gboolean has_openid = FALSE;

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;
      if (!g_strv_contains (known_scopes, words[i]))
        return FALSE;
      has_openid |= strcmp (words[i], "openid") == 0;
    }

  return has_openid;
}

/* A redirect to the client with error=…: what RFC 6749 §4.1.2.1 says once
 * the client and its redirect URI are known to be good. */
static void
redirect_error (SoupServerMessage      *msg,
                const EwsOAuth2Request *request,
                const char             *code,
                const char             *description)
{
  GString         *location = g_string_new (request->redirect_uri);
  g_autofree char *escaped_description = g_uri_escape_string (description, NULL, FALSE);

  g_string_append_c (location, strchr (request->redirect_uri, '?') != NULL ? '&' : '?');
  g_string_append_printf (location, "error=%s&error_description=%s", code, escaped_description);
  if (request->state != NULL)
    {
      g_autofree char *state = g_uri_escape_string (request->state, NULL, FALSE);
      g_string_append_printf (location, "&state=%s", state);
    }

  ews_html_redirect (msg, location->str);
  soup_server_message_set_status (msg, SOUP_STATUS_FOUND, NULL);
  g_string_free (location, TRUE);
}

gboolean
ews_oauth2_request_check (SoupServerMessage *msg,
                          EwsServer         *server,
                          EwsOAuth2Request  *request)
{
  const EwsConfig  *config = ews_server_get_config (server);
  const EwsCatalog *catalog = ews_guest_catalog (msg, server);

  request->client = ews_oauth2_clients_lookup (config->oauth2_clients, config->client_id, request->client_id);
  if (request->client == NULL)
    {
      ews_guest_reply_message (msg, server, SOUP_STATUS_BAD_REQUEST, ews_tr (catalog, "Unknown app"),
                               ews_tr (catalog, "The app that sent you here is not one this server knows. "
                                                "Go back to the app and try again, or tell its makers."));
      return FALSE;
    }

  if (!ews_oauth2_client_redirect_ok (request->client, request->redirect_uri))
    {
      g_message ("Sign-in for client %s refused: redirect URI “%s” is not registered", request->client_id,
                 request->redirect_uri != NULL ? request->redirect_uri : "");
      ews_guest_reply_message (msg, server, SOUP_STATUS_BAD_REQUEST, ews_tr (catalog, "This sign-in link is not valid"),
                               ews_tr (catalog, "The app asked to send you somewhere this server does not know, "
                                                "so you are not signed in there. Go back to the app and try again."));
      return FALSE;
    }

  if (g_strcmp0 (request->response_type, "code") != 0)
    {
      redirect_error (msg, request, "unsupported_response_type", "Only response_type=code is supported.");
      return FALSE;
    }

  if (g_strcmp0 (request->code_challenge_method, "S256") != 0 || !challenge_is_well_formed (request->code_challenge))
    {
      redirect_error (msg, request, "invalid_request",
                      "PKCE is required: send code_challenge with code_challenge_method=S256.");
      return FALSE;
    }

  if ((request->state != NULL && strlen (request->state) > MAX_PARAMETER_LENGTH) ||
      (request->nonce != NULL && strlen (request->nonce) > MAX_PARAMETER_LENGTH) ||
      (request->login_hint != NULL && strlen (request->login_hint) > MAX_PARAMETER_LENGTH))
    {
      redirect_error (msg, request, "invalid_request", "state, nonce and login_hint must be shorter.");
      return FALSE;
    }

  if (request->scope == NULL)
    request->scope = g_strdup ("openid email profile");
  if (!scope_is_known (request->scope))
    {
      redirect_error (msg, request, "invalid_scope", "The scope must have openid, and may have email, profile and aws.cognito.signin.user.admin.");
      return FALSE;
    }

  return TRUE;
}

/* OpenID Connect Core §3.1.2.1's max_age: how many seconds ago the person
 * may have signed in for the browser's session to stand in for signing in
 * now. -1 when @text is absent; FALSE when it is no whole number of
 * seconds. */
static gboolean
parse_max_age (const char *text,
               gint64     *max_age)
{
  guint64 value = 0;

  *max_age = -1;
  if (text == NULL)
    return TRUE;
  /* Digits only (no sign, no spaces), at most ten of them. */
  if (text[0] == '\0' || strspn (text, "0123456789") != strlen (text) || strlen (text) > 10 ||
      !g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, NULL))
    return FALSE;

  *max_age = (gint64)value;
  return TRUE;
}

static void
authorize_get_cb (SoupServerMessage *msg,
                  GHashTable        *params,
                  gpointer           user_data)
{
  EwsServer  *server = user_data;
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GHashTable) fields = query != NULL ? soup_form_decode (query) : NULL;
  g_autoptr(EwsOAuth2Request) request = ews_oauth2_request_from_fields (fields);

  const char *identity_provider = fields != NULL ? g_hash_table_lookup (fields, "identity_provider") : NULL;

  const char *prompt = fields != NULL ? g_hash_table_lookup (fields, "prompt") : NULL;
  g_auto(GStrv) prompts = g_strsplit (prompt != NULL ? prompt : "", " ", -1);
  gboolean prompt_none = g_strv_contains ((const char * const *)prompts, "none");
  gboolean prompt_login = g_strv_contains ((const char * const *)prompts, "login");
  gint64   max_age = -1;

  if (!ews_guest_check_ready (msg, server) || !ews_oauth2_request_check (msg, server, request))
    return;

  if (!parse_max_age (fields != NULL ? g_hash_table_lookup (fields, "max_age") : NULL, &max_age))
    {
      redirect_error (msg, request, "invalid_request", "max_age must be a whole number of seconds.");
      return;
    }
  /* "max_age=0 is equivalent to prompt=login" (OIDC Core §3.1.2.1). */
  if (max_age == 0)
    prompt_login = TRUE;

  /* OpenID Connect Core §3.1.2.1: none with any other value is an error. */
  if (prompt_none && g_strv_length (prompts) > 1)
    {
      redirect_error (msg, request, "invalid_request", "prompt=none cannot be combined with other values.");
      return;
    }

  /* Cognito's identity_provider=NAME: an app's "Continue with Google"
   * goes straight to that provider, as its button on our page would. A
   * name we do not know shows the page, where every way is offered. The
   * browser's session does not stand in for it: the app asked for that
   * provider's account, which may not be the one signed in here. */
  if (ews_oauth2_providers_find (ews_server_get_config (server)->oauth2_providers, identity_provider) != NULL)
    {
      g_autofree char *location = ews_oauth2_upstream_url (server, request, identity_provider);

      ews_html_redirect (msg, location);
      soup_server_message_set_status (msg, SOUP_STATUS_FOUND, NULL);
      return;
    }

  /* The browser signed in here a moment ago (ews-oauth2-session.c): the
   * code at once, after the same checks of the client, redirect URI and
   * PKCE as a sign-in on the page, as Cognito's hosted UI does; unless the
   * app asks the person to sign in again (prompt=login), or the person
   * signed in longer ago than the app's max_age allows: then the page, as
   * the person must sign in again (the ID token's auth_time says when). */
  if (!prompt_login)
    {
      gint64           now = ews_clock_get_unix_seconds (ews_server_get_clock (server));
      gint64           auth_time = 0;
      g_autofree char *user_id = ews_oauth2_session_user (msg, server, now, &auth_time);
      g_autofree char *location = NULL;
      g_autoptr(GError) error = NULL;

      if (user_id != NULL && max_age > 0 && now - auth_time > max_age)
        g_clear_pointer (&user_id, g_free);
      if (user_id != NULL)
        {
          location = ews_oauth2_issue_code (server, request, user_id, auth_time, now, &error);
          if (location == NULL)
            {
              const EwsCatalog *catalog = ews_guest_catalog (msg, server);

              g_warning ("Sign-in from the browser's session failed: %s", error->message);
              ews_guest_reply_message (msg, server, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                                       ews_tr (catalog, "Something went wrong"),
                                       ews_tr (catalog, "Signing in failed on our side. Please try again in a moment."));
              return;
            }
          ews_html_redirect (msg, location);
          soup_server_message_set_status (msg, SOUP_STATUS_FOUND, NULL);
          return;
        }
    }

  /* OpenID Connect's silent sign-in: nobody is signed in, and no page may
   * be shown to change that. */
  if (prompt_none)
    {
      redirect_error (msg, request, "login_required", "Nobody is signed in in this browser.");
      return;
    }

  ews_oauth2_page_reply (msg, server, request, EWS_OAUTH2_PAGE_SIGN_IN, SOUP_STATUS_OK, NULL);
}

/* --- the sign-in ---------------------------------------------------------- */

typedef struct
{
  EwsOAuth2Request *request;
  char             *email;
} SignIn;

static void
sign_in_free (gpointer data)
{
  SignIn *sign_in = data;

  ews_oauth2_request_free (sign_in->request);
  g_free (sign_in->email);
  g_free (sign_in);
}

/* Once the person is known: a code for @request's client, bound to its
 * redirect URI, PKCE challenge and nonce, and the URL to send the browser
 * to with it. Whatever proved who the person is (a password here; an
 * upstream provider's ID token next) ends here. */
char *
ews_oauth2_issue_code (EwsServer              *server,
                       const EwsOAuth2Request *request,
                       const char             *user_id,
                       gint64                  auth_time,
                       gint64                  now,
                       GError                **error)
{
  g_autofree char *code = NULL;
  g_autofree char *code_hash = NULL;
  g_autofree char *escaped_code = NULL;
  EwsOAuth2Code    row = { 0 };
  GString         *location;
  guint8           random[CODE_BYTES];

  if (!ews_random_bytes (random, sizeof random, error))
    return NULL;
  code = ews_base64url_encode (random, sizeof random);
  code_hash = ews_auth_hash_token (code);

  row.code_hash = code_hash;
  row.client_id = request->client_id;
  row.redirect_uri = request->redirect_uri;
  row.code_challenge = request->code_challenge;
  row.nonce = request->nonce;
  row.scope = request->scope;
  row.user_id = (char *)user_id;
  row.auth_time = auth_time;
  row.created_at = now;
  row.expires_at = now + CODE_LIFETIME_SECONDS;

  /* A taken code is kept while its session may still be refreshed. */
  if (!ews_oauth2_storage_code_insert (EWS_OAUTH2_STORAGE (ews_server_get_storage (server)), &row,
                                       now - EWS_AUTH_REFRESH_LIFETIME_SECONDS - CODE_LIFETIME_SECONDS, error))
    return NULL;

  escaped_code = g_uri_escape_string (code, NULL, FALSE);
  location = g_string_new (request->redirect_uri);
  g_string_append_c (location, strchr (request->redirect_uri, '?') != NULL ? '&' : '?');
  g_string_append_printf (location, "code=%s", escaped_code);
  if (request->state != NULL)
    {
      g_autofree char *state = g_uri_escape_string (request->state, NULL, FALSE);
      g_string_append_printf (location, "&state=%s", state);
    }

  return g_string_free (location, FALSE);
}

/* The password proved right: a code, and where to send the browser. */
static JsonNode *
signed_in_cb (EwsAuthCall      *call,
              const EwsAccount *account,
              GError          **error)
{
  SignIn *sign_in = call->hook_data;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autofree char *location = NULL;

  location = ews_oauth2_signed_in (call->msg, call->server, sign_in->request, account->user_id, call->now,
                                   &local_error);
  if (location == NULL)
    {
      ews_auth_internal_error (error, local_error);
      return NULL;
    }

  reply = json_object_new ();
  json_object_set_string_member (reply, "location", location);
  return ews_auth_take_object (g_steal_pointer (&reply));
}

/* What the person is told, in the page's language, for what the sign-in
 * API answered. */
static const char *
sign_in_error_message (const EwsCatalog *catalog,
                       const GError     *error,
                       guint            *status)
{
  *status = SOUP_STATUS_BAD_REQUEST;

  if (g_error_matches (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_USER_NOT_CONFIRMED))
    return ews_tr (catalog, "This account is not confirmed yet. Enter the 6-digit code we sent when you signed up, "
                            "then sign in.");

  if (g_error_matches (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_TOO_MANY_REQUESTS) ||
      g_error_matches (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_LIMIT_EXCEEDED))
    {
      *status = EWS_STATUS_TOO_MANY_REQUESTS;
      return ews_tr (catalog, "There have been too many sign-ins from here in a short while. "
                              "Please wait a little and try again.");
    }

  if (g_error_matches (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_NOT_AUTHORIZED) &&
      strcmp (error->message, "Password attempts exceeded") == 0)
    {
      *status = EWS_STATUS_TOO_MANY_REQUESTS;
      return ews_tr (catalog, "Too many wrong passwords in a row. Please wait a little and try again.");
    }

  if (error->domain == EWS_AUTH_ERROR && error->code != EWS_AUTH_ERROR_INTERNAL)
    return ews_tr (catalog, "The e-mail address or the password is not right.");

  *status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
  return ews_tr (catalog, "Signing in failed on our side. Please try again in a moment.");
}

static void
sign_in_finish_cb (EwsAuthCall  *call,
                   JsonNode     *reply,
                   const GError *error)
{
  SignIn            *sign_in = call->hook_data;
  const EwsCatalog  *catalog = ews_guest_catalog (call->msg, call->server);
  EwsOAuth2PageState page_state = { 0 };
  guint              status;

  if (reply != NULL)
    {
      ews_html_redirect (call->msg, json_object_get_string_member (json_node_get_object (reply), "location"));
      return;
    }

  page_state.email = sign_in->email;
  page_state.error = sign_in_error_message (catalog, error, &status);
  /* Only whoever knows the password learns this (see
   * ews_auth_sign_in_checked()): the code goes on the next page. */
  ews_oauth2_page_reply (call->msg, call->server, sign_in->request,
                         g_error_matches (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_USER_NOT_CONFIRMED)
                           ? EWS_OAUTH2_PAGE_CONFIRM
                           : EWS_OAUTH2_PAGE_SIGN_IN,
                         status, &page_state);
}

static void
authorize_post_cb (SoupServerMessage *msg,
                   GHashTable        *params,
                   gpointer           user_data)
{
  EwsServer        *server = user_data;
  const EwsCatalog *catalog = ews_guest_catalog (msg, server);
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(EwsOAuth2Request) request = NULL;
  g_autoptr(EwsAuthCall) call = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *page_path = NULL;
  JsonObject      *body;
  JsonObject      *parameters;
  SignIn          *sign_in;
  const char      *email;
  const char      *password;

  if (!ews_guest_check_ready (msg, server))
    return;

  /* Read before the CSRF check only to say where "Open the page again"
   * leads; nothing is done with it until the check has passed. */
  request = ews_oauth2_request_from_body (msg);
  page_path = ews_oauth2_request_page_path (request, EWS_OAUTH2_PAGE_SIGN_IN);

  form = ews_guest_read_form (msg, server, EWS_OAUTH2_AUTHORIZE_PATH, page_path);
  if (form == NULL || !ews_oauth2_request_check (msg, server, request))
    return;

  email = ews_guest_form_get (form, "email");
  password = g_hash_table_lookup (form, "password");
  if (email[0] == '\0' || password == NULL || password[0] == '\0')
    {
      EwsOAuth2PageState page_state = { .email = email };

      page_state.error = ews_tr (catalog, "Enter your e-mail address and your password.");
      ews_oauth2_page_reply (msg, server, request, EWS_OAUTH2_PAGE_SIGN_IN, SOUP_STATUS_BAD_REQUEST, &page_state);
      return;
    }

  /* The sign-in API's own InitiateAuth, USER_PASSWORD_AUTH, for the
   * server's accounts: the same checks, lockout and limits. */
  parameters = json_object_new ();
  json_object_set_string_member (parameters, "USERNAME", email);
  json_object_set_string_member (parameters, "PASSWORD", password);
  body = json_object_new ();
  json_object_set_string_member (body, "ClientId", ews_server_get_config (server)->client_id);
  json_object_set_string_member (body, "AuthFlow", "USER_PASSWORD_AUTH");
  json_object_set_object_member (body, "AuthParameters", parameters);

  sign_in = g_new0 (SignIn, 1);
  sign_in->request = g_steal_pointer (&request);
  sign_in->email = g_strdup (email);

  call = ews_auth_call_new (server, msg, body);
  call->signed_in = signed_in_cb;
  call->finish = sign_in_finish_cb;
  call->hook_data = sign_in;
  call->hook_data_free = sign_in_free;

  result = ews_auth_initiate_auth (call, &error);
  if (result != NULL || error != NULL)
    sign_in_finish_cb (call, result, error);
  /* else the password is being checked, and the call finishes later. */
}

void
ews_oauth2_register (EwsServer *server)
{
  EwsRouter *router = ews_server_get_router (server);

  ews_router_add (router, "GET", EWS_OAUTH2_AUTHORIZE_PATH, authorize_get_cb, server);
  ews_router_add (router, "POST", EWS_OAUTH2_AUTHORIZE_PATH, authorize_post_cb, server);
  /* Cognito's hosted UI answers its sign-in page here too. */
  ews_router_add (router, "GET", "/login", authorize_get_cb, server);

  ews_oauth2_account_register (server);
  ews_oauth2_token_register (server);
  ews_oauth2_upstream_register (server);
}
