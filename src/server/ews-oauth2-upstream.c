/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-oauth2"

#include "config.h"

#include "ews-auth-private.h"
#include "ews-guest-private.h"
#include "ews-jwt.h"
#include "ews-oauth2-fetch.h"
#include "ews-oauth2-private.h"
#include "ews-oauth2-providers.h"
#include "ews-oauth2-storage.h"
#include "ews-oauth2-upstream.h"
#include "ews-oidc-token.h"
#include "ews-request.h"

/* Signing in with an upstream provider: the server is the provider's
 * OAuth 2.0 / OpenID Connect client. A provider's button on the sign-in
 * page leads to EWS_OAUTH2_UPSTREAM_PATH, which sends the browser to the
 * provider with the server's own state, nonce and PKCE challenge, kept in
 * the database (any server of several may take the callback) with the
 * app's request; the provider sends the browser back to
 * EWS_OAUTH2_IDP_RESPONSE_PATH with a code, which the server exchanges at
 * the provider's token endpoint, checks the ID token (ews-oidc-token.c;
 * for Facebook, asks the Graph API who it is), finds or makes the account
 * (ews-oauth2-link.c) and finishes with ews_oauth2_signed_in(), as a
 * password sign-in does.
 *
 * The state is single-use and bound to the browser that started the
 * sign-in by a cookie, so that nobody can sign somebody else in to an
 * account of theirs (login CSRF). Only addresses from the configuration,
 * and those its issuer's discovery document names, are fetched. */

#define FLOW_LIFETIME_SECONDS (10 * 60)
#define FLOW_KIND "flow"
#define BINDING_COOKIE "ews_upstream"
#define RANDOM_BYTES 32
/* --- one sign-in at a provider, from start to callback -------------------- */

typedef enum
{
  STEP_START,    /* discovery, then the redirect to the provider */
  STEP_CALLBACK, /* discovery, the token, the keys (or Graph), the account */
} Step;

struct _EwsUpstreamFlow
{
  EwsServer               *server;
  SoupServerMessage       *msg;
  const EwsOAuth2Provider *provider; /* the configuration's, which outlives the flow */
  Step                     step;
  EwsOAuth2Request        *request;
  char                    *state;
  char                    *nonce;
  char                    *verifier;
  char                    *binding;
  char                    *code;
  JsonObject              *discovery; /* OIDC */
  char                    *id_token;
  char                    *access_token;
  char                    *subject; /* the ID token's, while userInfo is asked */
  gboolean                 keys_fresh;
};

static void
flow_free (EwsUpstreamFlow *flow)
{
  g_object_unref (flow->server);
  g_object_unref (flow->msg);
  ews_oauth2_request_free (flow->request);
  g_free (flow->state);
  g_free (flow->nonce);
  g_free (flow->verifier);
  g_free (flow->binding);
  g_free (flow->code);
  g_clear_pointer (&flow->discovery, json_object_unref);
  g_free (flow->id_token);
  g_free (flow->access_token);
  g_free (flow->subject);
  g_free (flow);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EwsUpstreamFlow, flow_free)

static EwsUpstreamFlow *
flow_new (EwsServer               *server,
          SoupServerMessage       *msg,
          const EwsOAuth2Provider *provider,
          Step                     step)
{
  EwsUpstreamFlow *flow = g_new0 (EwsUpstreamFlow, 1);

  flow->server = g_object_ref (server);
  flow->msg = g_object_ref (msg);
  flow->provider = provider;
  flow->step = step;
  /* Answered later: group commit (ews-group-commit.c) must not let the
   * answer go, or hold it, before the flow has written it. */
  ews_server_answer_later (msg);
  soup_server_message_pause (msg);

  return flow;
}

/* Answers, and lets the message go once what the flow wrote (its
 * one-time records, a new account) is on disk. */
static void
flow_done (EwsUpstreamFlow *flow)
{
  ews_server_release_answer (flow->server, flow->msg, TRUE);
  flow_free (flow);
}

static void
flow_fail (EwsUpstreamFlow *flow,
           const char      *why)
{
  const EwsCatalog *catalog = ews_guest_catalog (flow->msg, flow->server);
  g_autofree char  *message = NULL;

  g_message ("Sign-in with %s failed: %s", flow->provider->name, why);
  /* Translators: %s is a sign-in provider, e.g. Google */
  message = g_strdup_printf (ews_tr (catalog, "Signing in with %s did not work just now. Please try again in a "
                                              "moment, or sign in with your e-mail address."),
                             flow->provider->display_name);
  if (flow->request != NULL)
    {
      g_autofree char *back = ews_oauth2_request_page_path (flow->request, EWS_OAUTH2_PAGE_SIGN_IN);
      ews_guest_reply_message_with_link (flow->msg, flow->server, SOUP_STATUS_BAD_GATEWAY,
                                         ews_tr (catalog, "Signing in did not work"), message, back,
                                         ews_tr (catalog, "Back to sign in"));
    }
  else
    ews_guest_reply_message (flow->msg, flow->server, SOUP_STATUS_BAD_GATEWAY,
                             ews_tr (catalog, "Signing in did not work"), message);
  flow_done (flow);
}

static char *
random_text (void)
{
  guint8 bytes[RANDOM_BYTES];

  if (!ews_random_bytes (bytes, sizeof bytes, NULL))
    return NULL;
  return ews_base64url_encode (bytes, sizeof bytes);
}

static const char *
object_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
           ? json_node_get_string (node)
           : NULL;
}

static char *
callback_url (EwsServer *server)
{
  return ews_guest_url (server, EWS_OAUTH2_IDP_RESPONSE_PATH, NULL);
}

/* --- the start: off to the provider ------------------------------------------ */

static void
redirect_to_provider (EwsUpstreamFlow *flow,
                      const char      *authorization_endpoint)
{
  const EwsOAuth2Provider *provider = flow->provider;
  g_autoptr(JsonObject) data = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char  *data_text = NULL;
  g_autofree char  *state_hash = NULL;
  g_autofree char  *redirect = callback_url (flow->server);
  g_autofree char  *challenge = NULL;
  g_autofree char  *location = NULL;
  g_autofree char  *cookie = NULL;
  g_autofree char  *binding_hash = ews_auth_hash_token (flow->binding);
  guint8            digest[32];
  gsize             length = sizeof digest;
  gint64            now = ews_clock_get_unix_seconds (ews_server_get_clock (flow->server));
  EwsOAuth2Storage *storage = EWS_OAUTH2_STORAGE (ews_server_get_storage (flow->server));
  gboolean          secure = g_str_has_prefix (redirect, "https:");

  g_checksum_update (checksum, (const guchar *)flow->verifier, strlen (flow->verifier));
  g_checksum_get_digest (checksum, digest, &length);
  challenge = ews_base64url_encode (digest, length);

  json_object_set_string_member (data, "provider", provider->name);
  json_object_set_string_member (data, "nonce", flow->nonce);
  json_object_set_string_member (data, "verifier", flow->verifier);
  json_object_set_string_member (data, "binding", binding_hash);
  json_object_set_object_member (data, "request", ews_oauth2_request_to_json (flow->request));
  node = json_node_init_object (json_node_alloc (), data);
  data_text = json_to_string (node, FALSE);
  state_hash = ews_auth_hash_token (flow->state);

  if (!ews_oauth2_storage_upstream_put (storage, FLOW_KIND, state_hash, data_text, now, now + FLOW_LIFETIME_SECONDS,
                                        &error))
    {
      flow_fail (flow, error->message);
      return;
    }

  {
    g_autofree char *client_id = g_uri_escape_string (provider->client_id, NULL, FALSE);
    g_autofree char *redirect_uri = g_uri_escape_string (redirect, NULL, FALSE);
    g_autofree char *scope = g_uri_escape_string (provider->scopes, NULL, FALSE);

    location = g_strdup_printf ("%s%cresponse_type=code&client_id=%s&redirect_uri=%s&scope=%s&state=%s&nonce=%s"
                                "&code_challenge=%s&code_challenge_method=S256",
                                authorization_endpoint, strchr (authorization_endpoint, '?') != NULL ? '&' : '?',
                                client_id, redirect_uri, scope, flow->state, flow->nonce, challenge);
  }

  /* Lax: sent along on the provider's top-level redirect back, never on
   * another site's requests for pages of ours. */
  cookie = g_strdup_printf (BINDING_COOKIE "=%s; Path=" EWS_OAUTH2_IDP_RESPONSE_PATH "; Max-Age=%d; HttpOnly; "
                                           "SameSite=Lax%s",
                            flow->binding, FLOW_LIFETIME_SECONDS, secure ? "; Secure" : "");
  soup_message_headers_append (soup_server_message_get_response_headers (flow->msg), "Set-Cookie", cookie);
  ews_html_redirect (flow->msg, location);
  soup_server_message_set_status (flow->msg, SOUP_STATUS_FOUND, NULL);
  flow_done (flow);
}

/* The JSON object a fetch for @flow brought, or NULL when it failed or
 * brought something else; the flow has then failed, saying which
 * @answer was wrong. */
static JsonObject *
answer_object (EwsUpstreamFlow *flow,
               JsonNode        *root,
               const char      *error,
               const char      *answer)
{
  if (error != NULL)
    {
      flow_fail (flow, error);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_autofree char *why = g_strdup_printf ("%s is not a JSON object", answer);

      flow_fail (flow, why);
      return NULL;
    }

  return json_node_get_object (root);
}

static void callback_discovered (EwsUpstreamFlow *flow);

static void
discovered_cb (gpointer    data,
               JsonNode   *root,
               const char *error)
{
  EwsUpstreamFlow *flow = data;
  JsonObject      *document;

  document = answer_object (flow, root, error, "the discovery document");
  if (document == NULL)
    return;
  /* OpenID Connect Discovery §4.3: the issuer it names is the one asked. */
  if (g_strcmp0 (object_string (document, "issuer"), flow->provider->issuer) != 0 ||
      object_string (document, "authorization_endpoint") == NULL ||
      object_string (document, "token_endpoint") == NULL || object_string (document, "jwks_uri") == NULL)
    {
      flow_fail (flow, "the discovery document names another issuer, or lacks an endpoint");
      return;
    }
  /* Only https (http to loopback, for tests) receives the client secret,
   * codes and tokens: the same rule as for the configuration's own
   * addresses, which a discovery document cannot relax. */
  {
    static const char * const endpoints[] = { "authorization_endpoint", "token_endpoint", "jwks_uri",
                                              "userinfo_endpoint" };

    for (guint i = 0; i < G_N_ELEMENTS (endpoints); i++)
      {
        const char *address = object_string (document, endpoints[i]);

        if (address != NULL && !ews_oauth2_address_is_acceptable (address))
          {
            g_autofree char *why = g_strdup_printf ("the discovery document's %s is not an https:// address",
                                                    endpoints[i]);

            flow_fail (flow, why);
            return;
          }
      }
  }

  flow->discovery = json_object_ref (document);
  if (flow->step == STEP_START)
    redirect_to_provider (flow, object_string (document, "authorization_endpoint"));
  else
    callback_discovered (flow);
}

static void
discover (EwsUpstreamFlow *flow)
{
  const char      *issuer = flow->provider->issuer;
  g_autofree char *url = g_strconcat (issuer, g_str_has_suffix (issuer, "/") ? "" : "/",
                                      ".well-known/openid-configuration", NULL);

  ews_oauth2_fetch_json (flow->server, soup_message_new ("GET", url), TRUE, discovered_cb, flow);
}

static void
upstream_get_cb (SoupServerMessage *msg,
                 GHashTable        *params,
                 gpointer           user_data)
{
  EwsServer        *server = user_data;
  const EwsCatalog *catalog = ews_guest_catalog (msg, server);
  const char       *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GHashTable) fields = query != NULL ? soup_form_decode (query) : NULL;
  g_autoptr(EwsOAuth2Request) request = ews_oauth2_request_from_fields (fields);
  const EwsOAuth2Provider *provider;
  EwsUpstreamFlow         *flow;

  /* Each start is a row in the database and a request to the provider:
   * held to the sign-in limit of the client's address. */
  if (!ews_guest_check_ready (msg, server) || !ews_oauth2_request_check (msg, server, request) ||
      !ews_guest_check_rate (msg, server, EWS_RATE_SIGN_IN, NULL, NULL))
    return;

  provider = ews_oauth2_providers_find (ews_server_get_config (server)->oauth2_providers,
                                        fields != NULL ? g_hash_table_lookup (fields, "provider") : NULL);
  if (provider == NULL)
    {
      ews_guest_reply_message (msg, server, SOUP_STATUS_NOT_FOUND, ews_tr (catalog, "This sign-in link is not valid"),
                               ews_tr (catalog, "This server does not offer that way of signing in. Go back to the "
                                                "app and try again."));
      return;
    }

  flow = flow_new (server, msg, provider, STEP_START);
  flow->request = g_steal_pointer (&request);
  flow->state = random_text ();
  flow->nonce = random_text ();
  flow->verifier = random_text ();
  flow->binding = random_text ();
  if (flow->state == NULL || flow->nonce == NULL || flow->verifier == NULL || flow->binding == NULL)
    {
      flow_fail (flow, "no random numbers");
      return;
    }

  if (provider->type == EWS_OAUTH2_PROVIDER_FACEBOOK)
    redirect_to_provider (flow, provider->authorization_endpoint);
  else
    discover (flow);
}

/* --- the callback: back from the provider -------------------------------------- */

static void
identified (EwsUpstreamFlow *flow,
            const char      *subject,
            const char      *email,
            gboolean         email_verified,
            const char      *name)
{
  ews_oauth2_upstream_sign_in (flow->msg, flow->server, flow->provider, flow->request, subject, email,
                               email_verified, name);
  flow_done (flow);
}

static void
identified_by_claims (EwsUpstreamFlow *flow,
                      JsonObject      *claims)
{
  JsonNode *verified = json_object_get_member (claims, "email_verified");

  identified (flow, object_string (claims, "sub"), object_string (claims, "email"),
              verified != NULL && JSON_NODE_HOLDS_VALUE (verified) &&
                ((json_node_get_value_type (verified) == G_TYPE_BOOLEAN && json_node_get_boolean (verified)) ||
                 g_strcmp0 (object_string (claims, "email_verified"), "true") == 0),
              object_string (claims, "name"));
}

static void
user_info_cb (gpointer    data,
              JsonNode   *root,
              const char *error)
{
  EwsUpstreamFlow *flow = data;
  if (error != NULL)
    {
      flow_fail (flow, error);
      return;
    }

  /* Core §5.3.2: the answer is about the ID token's subject, or ignored. */
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      g_strcmp0 (object_string (json_node_get_object (root), "sub"), flow->subject) != 0)
    {
      flow_fail (flow, "userInfo answered for another subject");
      return;
    }

  identified_by_claims (flow, json_node_get_object (root));
}

static void
keys_cb (gpointer    data,
         JsonNode   *root,
         const char *error)
{
  EwsUpstreamFlow *flow = data;
  JsonNode        *keys = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) claims = NULL;
  gint64 now = ews_clock_get_unix_seconds (ews_server_get_clock (flow->server));

  if (error != NULL)
    {
      flow_fail (flow, error);
      return;
    }
  if (JSON_NODE_HOLDS_OBJECT (root))
    keys = json_object_get_member (json_node_get_object (root), "keys");

  claims = ews_oidc_verify_id_token (flow->id_token,
                                     keys != NULL && JSON_NODE_HOLDS_ARRAY (keys) ? json_node_get_array (keys) : NULL,
                                     flow->provider->issuer, flow->provider->client_id, flow->nonce, now,
                                     &local_error);

  /* The provider may have a new key since the set was cached: read it
   * once more before refusing. */
  if (claims == NULL && g_error_matches (local_error, EWS_JWT_ERROR, EWS_JWT_ERROR_BAD_SIGNATURE) &&
      !flow->keys_fresh)
    {
      const char *jwks_uri = object_string (flow->discovery, "jwks_uri");

      flow->keys_fresh = TRUE;
      ews_oauth2_fetch_forget (flow->server, jwks_uri);
      ews_oauth2_fetch_json (flow->server, soup_message_new ("GET", jwks_uri), TRUE, keys_cb, flow);
      return;
    }

  if (claims == NULL)
    {
      flow_fail (flow, local_error->message);
      return;
    }

  /* A provider may keep the address for its userInfo endpoint (Core
   * §5.4): asked there, with the access token, for the same subject. */
  if (object_string (claims, "email") == NULL && flow->access_token != NULL &&
      object_string (flow->discovery, "userinfo_endpoint") != NULL)
    {
      SoupMessage     *msg = soup_message_new ("GET", object_string (flow->discovery, "userinfo_endpoint"));
      g_autofree char *bearer = g_strconcat ("Bearer ", flow->access_token, NULL);

      flow->subject = g_strdup (object_string (claims, "sub"));
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
      ews_oauth2_fetch_json (flow->server, msg, FALSE, user_info_cb, flow);
      return;
    }

  identified_by_claims (flow, claims);
}

static void
graph_cb (gpointer    data,
          JsonNode   *root,
          const char *error)
{
  EwsUpstreamFlow *flow = data;
  JsonObject      *me;
  JsonNode        *id;
  g_autofree char *subject = NULL;

  me = answer_object (flow, root, error, "Graph's /me");
  if (me == NULL)
    return;
  id = json_object_get_member (me, "id");
  if (id != NULL && JSON_NODE_HOLDS_VALUE (id) && json_node_get_value_type (id) == G_TYPE_STRING)
    subject = g_strdup (json_node_get_string (id));
  else if (id != NULL && JSON_NODE_HOLDS_VALUE (id) && json_node_get_value_type (id) == G_TYPE_INT64)
    subject = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (id));
  if (subject == NULL || subject[0] == '\0')
    {
      flow_fail (flow, "Graph's /me has no id");
      return;
    }

  /* Graph gives only an address its owner has confirmed with Facebook. */
  identified (flow, subject, object_string (me, "email"), object_string (me, "email") != NULL,
              object_string (me, "name"));
}

static void
token_cb (gpointer    data,
          JsonNode   *root,
          const char *error)
{
  EwsUpstreamFlow *flow = data;
  JsonObject      *answer;

  answer = answer_object (flow, root, error, "the token endpoint's answer");
  if (answer == NULL)
    return;
  flow->access_token = g_strdup (object_string (answer, "access_token"));
  flow->id_token = g_strdup (object_string (answer, "id_token"));

  if (flow->provider->type == EWS_OAUTH2_PROVIDER_FACEBOOK)
    {
      g_autofree char *url = NULL;
      SoupMessage     *msg;

      if (flow->access_token == NULL)
        {
          flow_fail (flow, "the token endpoint gave no access token");
          return;
        }
      url = g_strconcat (flow->provider->graph_endpoint, "/me?fields=id,name,email", NULL);
      msg = soup_message_new ("GET", url);
      {
        g_autofree char *bearer = g_strconcat ("Bearer ", flow->access_token, NULL);
        soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
      }
      ews_oauth2_fetch_json (flow->server, msg, FALSE, graph_cb, flow);
      return;
    }

  if (flow->id_token == NULL)
    {
      flow_fail (flow, "the token endpoint gave no ID token");
      return;
    }
  ews_oauth2_fetch_json (flow->server, soup_message_new ("GET", object_string (flow->discovery, "jwks_uri")), TRUE, keys_cb, flow);
}

/* The code for tokens, at the token endpoint: client_secret_basic for an
 * OpenID Connect provider (the default of Core §9), the secret in the
 * body for Facebook, as its documentation has it. */
static void
exchange_code (EwsUpstreamFlow *flow,
               const char      *token_endpoint)
{
  const EwsOAuth2Provider *provider = flow->provider;
  g_autofree char         *redirect = callback_url (flow->server);
  g_autofree char         *body = NULL;
  SoupMessage             *msg;

  if (provider->type == EWS_OAUTH2_PROVIDER_FACEBOOK)
    body = soup_form_encode ("grant_type", "authorization_code", "code", flow->code, "redirect_uri", redirect,
                             "code_verifier", flow->verifier, "client_id", provider->client_id, "client_secret",
                             provider->client_secret, NULL);
  else
    body = soup_form_encode ("grant_type", "authorization_code", "code", flow->code, "redirect_uri", redirect,
                             "code_verifier", flow->verifier, NULL);

  msg = soup_message_new ("POST", token_endpoint);
  {
    g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&body), strlen (body));
    soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", bytes);
  }
  if (provider->type != EWS_OAUTH2_PROVIDER_FACEBOOK)
    {
      /* RFC 6749 §2.3.1: each form-urlencoded before they are joined. */
      g_autofree char *id = g_uri_escape_string (provider->client_id, NULL, FALSE);
      g_autofree char *secret = g_uri_escape_string (provider->client_secret, NULL, FALSE);
      g_autofree char *pair = g_strconcat (id, ":", secret, NULL);
      g_autofree char *encoded = g_base64_encode ((const guchar *)pair, strlen (pair));
      g_autofree char *basic = g_strconcat ("Basic ", encoded, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", basic);
    }

  ews_oauth2_fetch_json (flow->server, msg, FALSE, token_cb, flow);
}

static void
callback_discovered (EwsUpstreamFlow *flow)
{
  exchange_code (flow, object_string (flow->discovery, "token_endpoint"));
}

static char *
binding_cookie (SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_list (soup_server_message_get_request_headers (msg), "Cookie");
  g_auto(GStrv) pairs = header != NULL ? g_strsplit (header, ";", -1) : NULL;

  for (guint i = 0; pairs != NULL && pairs[i] != NULL; i++)
    {
      const char *pair = g_strstrip (pairs[i]);

      if (g_str_has_prefix (pair, BINDING_COOKIE "="))
        return g_strdup (pair + strlen (BINDING_COOKIE "="));
    }

  return NULL;
}

/* The flow has ended, whichever way: the browser forgets its binding
 * rather than keep a dead secret for the rest of its Max-Age. */
static void
clear_binding_cookie (SoupServerMessage *msg,
                      EwsServer         *server)
{
  g_autofree char *redirect = callback_url (server);

  soup_message_headers_append (soup_server_message_get_response_headers (msg), "Set-Cookie",
                               g_str_has_prefix (redirect, "https:")
                                 ? BINDING_COOKIE "=; Path=" EWS_OAUTH2_IDP_RESPONSE_PATH
                                                  "; Max-Age=0; HttpOnly; SameSite=Lax; Secure"
                                 : BINDING_COOKIE "=; Path=" EWS_OAUTH2_IDP_RESPONSE_PATH
                                                  "; Max-Age=0; HttpOnly; SameSite=Lax");
}

static void
idp_response_cb (SoupServerMessage *msg,
                 GHashTable        *params,
                 gpointer           user_data)
{
  EwsServer        *server = user_data;
  const EwsCatalog *catalog = ews_guest_catalog (msg, server);
  const char       *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GHashTable) fields = query != NULL ? soup_form_decode (query) : NULL;
  const char *state = fields != NULL ? g_hash_table_lookup (fields, "state") : NULL;
  const char *code = fields != NULL ? g_hash_table_lookup (fields, "code") : NULL;
  const char *refusal = fields != NULL ? g_hash_table_lookup (fields, "error") : NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(EwsOAuth2Request) request = NULL;
  g_autofree char         *state_hash = NULL;
  g_autofree char         *data = NULL;
  g_autofree char         *binding = binding_cookie (msg);
  g_autofree char         *back = NULL;
  g_autofree char         *binding_hash = NULL;
  JsonObject              *object;
  const EwsOAuth2Provider *provider = NULL;
  EwsUpstreamFlow         *flow;
  gint64                   now = ews_clock_get_unix_seconds (ews_server_get_clock (server));

  if (!ews_guest_check_ready (msg, server))
    return;

  /* Taken, not read: a callback replayed finds nothing. */
  if (state != NULL && state[0] != '\0')
    {
      state_hash = ews_auth_hash_token (state);
      data = ews_oauth2_storage_upstream_get (EWS_OAUTH2_STORAGE (ews_server_get_storage (server)), FLOW_KIND,
                                              state_hash, now, TRUE, &error);
    }
  if (data != NULL)
    {
      /* Taken: this flow ends with this answer, whatever it says. */
      clear_binding_cookie (msg, server);
      root = json_from_string (data, NULL);
    }
  object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  if (object != NULL)
    provider = ews_oauth2_providers_find (ews_server_get_config (server)->oauth2_providers,
                                          object_string (object, "provider"));

  if (binding != NULL)
    binding_hash = ews_auth_hash_token (binding);
  if (provider == NULL || binding_hash == NULL || object_string (object, "binding") == NULL ||
      !ews_secrets_equal (binding_hash, object_string (object, "binding")))
    {
      if (error != NULL && !g_error_matches (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND))
        g_warning ("An upstream sign-in could not be read: %s", error->message);
      ews_guest_reply_message (msg, server, SOUP_STATUS_BAD_REQUEST, ews_tr (catalog, "This sign-in has expired"),
                               ews_tr (catalog, "This sign-in was used already, took too long, or was started in "
                                                "another browser. Go back to the app and sign in again."));
      return;
    }

  request = ews_oauth2_request_from_json (json_object_get_object_member (object, "request"));
  back = ews_oauth2_request_page_path (request, EWS_OAUTH2_PAGE_SIGN_IN);

  if (refusal != NULL || code == NULL || code[0] == '\0')
    {
      g_autofree char *message = NULL;

      g_message ("Sign-in with %s refused at the provider: %s", provider->name,
                 refusal != NULL ? refusal : "no code");
      /* Translators: %s is a sign-in provider, e.g. Google */
      message = g_strdup_printf (ews_tr (catalog, "You did not allow %s to sign you in here, so you are not signed "
                                                  "in. You can sign in another way."),
                                 provider->display_name);
      ews_guest_reply_message_with_link (msg, server, SOUP_STATUS_FORBIDDEN, ews_tr (catalog, "Not signed in"),
                                         message, back, ews_tr (catalog, "Back to sign in"));
      return;
    }

  /* RFC 9207: a provider that names itself must be the one this state
   * was sent to (no mix-up of providers). */
  if (fields != NULL && g_hash_table_lookup (fields, "iss") != NULL &&
      (provider->issuer == NULL || strcmp (g_hash_table_lookup (fields, "iss"), provider->issuer) != 0))
    {
      ews_guest_reply_message_with_link (msg, server, SOUP_STATUS_BAD_REQUEST,
                                         ews_tr (catalog, "Signing in did not work"),
                                         ews_tr (catalog, "The answer came from another provider than the one "
                                                          "asked. Please sign in again."),
                                         back, ews_tr (catalog, "Back to sign in"));
      return;
    }

  /* The app's request is checked again: its client may have changed. */
  if (!ews_oauth2_request_check (msg, server, request))
    return;

  flow = flow_new (server, msg, provider, STEP_CALLBACK);
  flow->request = g_steal_pointer (&request);
  flow->code = g_strdup (code);
  flow->nonce = g_strdup (object_string (object, "nonce"));
  flow->verifier = g_strdup (object_string (object, "verifier"));
  if (flow->nonce == NULL || flow->verifier == NULL)
    {
      flow_fail (flow, "the stored sign-in lacks its nonce or verifier");
      return;
    }

  if (provider->type == EWS_OAUTH2_PROVIDER_FACEBOOK)
    exchange_code (flow, provider->token_endpoint);
  else
    discover (flow);
}

void
ews_oauth2_upstream_register (EwsServer *server)
{
  EwsRouter *router = ews_server_get_router (server);

  ews_router_add (router, "GET", EWS_OAUTH2_UPSTREAM_PATH, upstream_get_cb, server);
  ews_router_add (router, "GET", EWS_OAUTH2_IDP_RESPONSE_PATH, idp_response_cb, server);
  ews_oauth2_link_register (server);
}
