/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-browser-sign-in"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "ewe-auth-private.h"
#include "ewe-browser-sign-in-private.h"

/* Signing in in the system browser, as a native app does it (RFC 8252):
 * the authorization code flow with PKCE (RFC 7636, S256 only), its
 * redirect taken by a listener on 127.0.0.1 on a port the kernel picks,
 * or on the port a real Cognito pool has registered
 * (ewe-browser-sign-in-listener.c).
 *
 * run_async() reads the endpoints from the server's discovery document (or,
 * for a real Cognito pool, takes its hosted-UI domain's), listens, and
 * hands the authorization URL to whoever shows the browser through the
 * EweBrowserSignIn::open-uri signal. When the browser comes back with the
 * code and our `state`, the code is exchanged with the verifier at the
 * token endpoint, the ID token's `iss`, `aud` and `nonce` are checked
 * (ewe_tokens_check_id_token()), and the account takes the tokens exactly
 * as after a password sign-in: into the keyring, then signed in. Only then
 * does the browser's tab get its answer, so it never says "signed in" for a
 * sign-in that failed after all.
 *
 * The listener answers only the one sign-in it was opened for: a wrong
 * `state` ends it (someone else's answer, or a forgery), as does
 * `error=access_denied`, cancelling, and the time-out; it closes as soon as
 * its last answer has reached the browser. */

#define DISCOVERY_PATH "../.well-known/openid-configuration"
#define MAX_DOCUMENT (64 * 1024)
#define CALLBACK_PATH EWE_BROWSER_SIGN_IN_CALLBACK_PATH
#define SCOPES "openid email profile aws.cognito.signin.user.admin"

struct _EweBrowserSignIn
{
  GObject            parent_instance;

  /* owned */
  EweAccount        *account;
  char              *hosted_ui_domain;
  char              *identity_provider;
  guint              timeout_ms;
  guint              port;

  /* one sign-in, while it runs */
  GTask             *task;
  GCancellable      *calls; /* our HTTP calls and the keyring's, cancelled at the end */
  GSource           *timeout;
  GSource           *cancelled;
  SoupServer        *listener;
  SoupServerMessage *answering; /* the browser's request being answered */
  char              *authorization_endpoint;
  char              *token_endpoint;
  char              *issuer;
  char              *redirect_uri;
  char              *verifier;
  char              *state;
  char              *nonce;
};

enum
{
  OPEN_URI,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (EweBrowserSignIn, ewe_browser_sign_in, G_TYPE_OBJECT)

static void
ewe_browser_sign_in_dispose (GObject *object)
{
  EweBrowserSignIn *self = EWE_BROWSER_SIGN_IN (object);

  /* A running sign-in holds a reference (its task's source object), so
   * nothing runs here but the end of an idle one. */
  g_clear_object (&self->account);

  G_OBJECT_CLASS (ewe_browser_sign_in_parent_class)->dispose (object);
}

static void
ewe_browser_sign_in_finalize (GObject *object)
{
  EweBrowserSignIn *self = EWE_BROWSER_SIGN_IN (object);

  g_free (self->hosted_ui_domain);
  g_free (self->identity_provider);
  g_free (self->authorization_endpoint);
  g_free (self->token_endpoint);
  g_free (self->issuer);
  g_free (self->redirect_uri);
  g_free (self->verifier);
  g_free (self->state);
  g_free (self->nonce);

  G_OBJECT_CLASS (ewe_browser_sign_in_parent_class)->finalize (object);
}

static void
ewe_browser_sign_in_class_init (EweBrowserSignInClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ewe_browser_sign_in_dispose;
  object_class->finalize = ewe_browser_sign_in_finalize;

  /**
   * EweBrowserSignIn::open-uri:
   * @uri: the authorization URL
   *
   * Emitted once the listener waits: show @uri in the system browser.
   */
  signals[OPEN_URI] = g_signal_new ("open-uri", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
ewe_browser_sign_in_init (EweBrowserSignIn *self)
{
  self->timeout_ms = EWE_BROWSER_SIGN_IN_DEFAULT_TIMEOUT_MS;
}

/* @hosted_ui_domain: a real Cognito pool's (`NAME.auth.REGION.amazoncognito.com`,
 * or the pool's own domain), whose /oauth2 endpoints are used instead of
 * those the server's discovery document names; NULL or empty for none. */
EweBrowserSignIn *
ewe_browser_sign_in_new (EweAccount *account,
                         const char *hosted_ui_domain)
{
  EweBrowserSignIn *self;

  g_return_val_if_fail (EWE_IS_ACCOUNT (account), NULL);

  self = g_object_new (EWE_TYPE_BROWSER_SIGN_IN, NULL);
  self->account = g_object_ref (account);
  if (hosted_ui_domain != NULL && hosted_ui_domain[0] != '\0')
    self->hosted_ui_domain = g_strdup (hosted_ui_domain);

  return self;
}

/* Cognito's `identity_provider` (Google, Facebook, an OIDC provider's
 * name): the browser goes straight to that provider's sign-in. */
void
ewe_browser_sign_in_set_identity_provider (EweBrowserSignIn *self,
                                           const char       *identity_provider)
{
  g_return_if_fail (EWE_IS_BROWSER_SIGN_IN (self));

  g_free (self->identity_provider);
  self->identity_provider = identity_provider != NULL && identity_provider[0] != '\0' ? g_strdup (identity_provider)
                                                                                      : NULL;
}

/* How long the browser has to come back, for the next run (tests make it short). */
void
ewe_browser_sign_in_set_timeout (EweBrowserSignIn *self,
                                 guint             timeout_ms)
{
  g_return_if_fail (EWE_IS_BROWSER_SIGN_IN (self));

  self->timeout_ms = timeout_ms;
}

/* The loopback port to listen on for the next run, 0 for any: a real
 * Cognito pool takes only the callback URL it has registered,
 * http://localhost:PORT/callback. */
void
ewe_browser_sign_in_set_port (EweBrowserSignIn *self,
                              guint             port)
{
  g_return_if_fail (EWE_IS_BROWSER_SIGN_IN (self));
  g_return_if_fail (port <= G_MAXUINT16);

  self->port = port;
}

/* The listener's address, once EweBrowserSignIn::open-uri was emitted. */
const char *
ewe_browser_sign_in_get_redirect_uri (EweBrowserSignIn *self)
{
  g_return_val_if_fail (EWE_IS_BROWSER_SIGN_IN (self), NULL);

  return self->redirect_uri;
}

/* The `state` the browser must bring back, once open-uri was emitted. */
const char *
ewe_browser_sign_in_get_state (EweBrowserSignIn *self)
{
  g_return_val_if_fail (EWE_IS_BROWSER_SIGN_IN (self), NULL);

  return self->state;
}

/* --- the end of a sign-in ------------------------------------------------ */

static void
close_after_answer_cb (SoupServerMessage *msg,
                       gpointer           user_data)
{
  SoupServer *listener = user_data;

  g_signal_handlers_disconnect_by_func (msg, close_after_answer_cb, user_data);
  soup_server_disconnect (listener);
  /* Not from inside the emission of a message the listener owns. */
  g_idle_add_once ((GSourceOnceFunc)g_object_unref, listener);
}

static void
over_cb (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

/* Closes the listener, once its last answer has reached the browser. */
static void
close_listener (EweBrowserSignIn *self)
{
  g_autoptr(SoupServerMessage) answering = g_steal_pointer (&self->answering);
  g_autoptr(SoupServer) listener = g_steal_pointer (&self->listener);

  if (listener == NULL)
    return;

  /* The sign-in may be gone before the answer is: nothing may reach it. */
  soup_server_remove_handler (listener, "/");
  soup_server_add_handler (listener, "/", over_cb, NULL, NULL);
  if (answering != NULL)
    g_signal_connect (answering, "finished", G_CALLBACK (close_after_answer_cb), g_steal_pointer (&listener));
  else
    soup_server_disconnect (listener);
}

static void
destroy_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

/* Ends the running sign-in (if any) with @error, or success when NULL. */
static void
finish (EweBrowserSignIn *self,
        GError           *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  if (task == NULL)
    {
      g_clear_error (&error);
      return;
    }

  g_cancellable_cancel (self->calls);
  g_clear_object (&self->calls);
  destroy_source (&self->timeout);
  destroy_source (&self->cancelled);
  close_listener (self);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Answers the request that ends the sign-in, which the listener outlives
 * until the answer has gone out. */
static void
answer_last (EweBrowserSignIn  *self,
             SoupServerMessage *msg,
             guint              status,
             const char        *message)
{
  ewe_browser_sign_in_answer (msg, status, message);
  g_set_object (&self->answering, msg);
}

/* --- the browser comes back ----------------------------------------------- */

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(EweBrowserSignIn) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ewe_account_sign_in_with_tokens_finish (EWE_ACCOUNT (object), result, &error))
    {
      if (self->task == NULL)
        return;
      if (self->answering != NULL)
        {
          ewe_browser_sign_in_answer (self->answering, SOUP_STATUS_INTERNAL_SERVER_ERROR, error->message);
          soup_server_message_unpause (self->answering);
        }
      finish (self, g_steal_pointer (&error));
      return;
    }

  if (self->task == NULL)
    return;
  ewe_browser_sign_in_answer (self->answering, SOUP_STATUS_OK, NULL);
  soup_server_message_unpause (self->answering);
  finish (self, NULL);
}

/* The token endpoint's answer: RFC 6749 §5.1, or §5.2's error. */
static EweTokens *
tokens_from_answer (EweBrowserSignIn *self,
                    guint             status,
                    GBytes           *body,
                    GError          **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(EweTokens) tokens = NULL;
  gsize       size = 0;
  const char *data = g_bytes_get_data (body, &size);
  JsonObject *object;
  JsonNode   *root;
  const char *id_token;
  const char *access_token;
  const char *refresh_token;

  if (size > MAX_DOCUMENT || !json_parser_load_from_data (parser, data != NULL ? data : "", size, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_SERVER,
                   _("The sign-in service answered with something that is not a sign-in (HTTP %u)."), status);
      return NULL;
    }

  object = json_node_get_object (root);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      const char *code = ewe_auth_get_string (object, "error");
      const char *description = ewe_auth_get_string (object, "error_description");
      const char *why = description != NULL ? description : code;

      g_debug ("The token endpoint refused the code: %s (%s)", code, description);
      g_set_error (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_NOT_AUTHORIZED,
                   _("The sign-in service did not accept the browser’s sign-in (%s). Try again."),
                      why != NULL ? why : "?");
      return NULL;
    }

  id_token = ewe_auth_get_string (object, "id_token");
  access_token = ewe_auth_get_string (object, "access_token");
  refresh_token = ewe_auth_get_string (object, "refresh_token");
  if (id_token == NULL || access_token == NULL || refresh_token == NULL)
    {
      g_set_error (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_SERVER,
                   _("The sign-in service answered without the expected tokens."));
      return NULL;
    }

  if (!ewe_tokens_check_id_token (id_token, self->issuer, ewe_auth_get_client_id (ewe_account_get_auth (self->account)),
                                  self->nonce, error))
    return NULL;

  tokens = ewe_tokens_new (id_token, access_token, refresh_token, error);

  return g_steal_pointer (&tokens);
}

static void
exchanged_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(EweBrowserSignIn) self = user_data;
  SoupSession *session = SOUP_SESSION (object);
  SoupMessage *msg = soup_session_get_async_result_message (session, result);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EweTokens) tokens = NULL;

  body = soup_session_send_and_read_finish (session, result, &error);
  if (self->task == NULL)
    return;

  if (body == NULL)
    {
      g_autoptr(GError) network = g_error_new (EWE_AUTH_ERROR, EWE_AUTH_ERROR_NETWORK,
                                                _("Could not reach the sign-in service to finish signing in: %s"),
                                                   error->message);

      ewe_browser_sign_in_answer (self->answering, SOUP_STATUS_BAD_GATEWAY, network->message);
      soup_server_message_unpause (self->answering);
      finish (self, g_steal_pointer (&network));
      return;
    }

  tokens = tokens_from_answer (self, soup_message_get_status (msg), body, &error);
  if (tokens == NULL)
    {
      ewe_browser_sign_in_answer (self->answering, SOUP_STATUS_BAD_GATEWAY, error->message);
      soup_server_message_unpause (self->answering);
      finish (self, g_steal_pointer (&error));
      return;
    }

  ewe_account_sign_in_with_tokens_async (self->account, tokens, self->calls, saved_cb, g_object_ref (self));
}

/* RFC 6749 §4.1.3 with RFC 7636 §4.5: the code, the same redirect URI, and
 * the verifier whose challenge the authorization request carried. */
static void
exchange_code (EweBrowserSignIn *self,
               const char       *code)
{
  EweAuth         *auth = ewe_account_get_auth (self->account);
  g_autofree char *form = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  gsize length;

  form = soup_form_encode ("grant_type", "authorization_code",
                           "client_id", ewe_auth_get_client_id (auth),
                           "code", code,
                           "redirect_uri", self->redirect_uri,
                           "code_verifier", self->verifier,
                           NULL);
  length = strlen (form);
  body = g_bytes_new_take (g_steal_pointer (&form), length);
  msg = soup_message_new (SOUP_METHOD_POST, self->token_endpoint);
  soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", body);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  soup_session_send_and_read_async (ewe_auth_get_soup_session (auth), msg, G_PRIORITY_DEFAULT, self->calls,
                                    exchanged_cb, g_object_ref (self));
}

static void
callback_cb (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  EweBrowserSignIn *self = user_data;
  const char       *state = query != NULL ? g_hash_table_lookup (query, "state") : NULL;
  const char       *code = query != NULL ? g_hash_table_lookup (query, "code") : NULL;
  const char       *refusal = query != NULL ? g_hash_table_lookup (query, "error") : NULL;
  const char       *description = query != NULL ? g_hash_table_lookup (query, "error_description") : NULL;
  GError           *error;

  /* A favicon, or anything else a browser may ask for. */
  if (g_strcmp0 (path, CALLBACK_PATH) != 0 || soup_server_message_get_method (msg) != SOUP_METHOD_GET)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  if (self->task == NULL || self->answering != NULL)
    {
      ewe_browser_sign_in_answer (msg, SOUP_STATUS_CONFLICT, _("This sign-in is already over. Go back to Ewelists."));
      return;
    }

  if (state == NULL || self->state == NULL || strcmp (state, self->state) != 0)
    {
      error = g_error_new_literal (EWE_AUTH_ERROR, EWE_AUTH_ERROR_NOT_AUTHORIZED,
                                   _("The browser came back from a different sign-in. Please try again."));
      answer_last (self, msg, SOUP_STATUS_BAD_REQUEST, error->message);
      finish (self, error);
      return;
    }

  if (refusal != NULL)
    {
      if (g_str_equal (refusal, "access_denied"))
        error = g_error_new_literal (EWE_AUTH_ERROR, EWE_AUTH_ERROR_ACCESS_DENIED,
                                     _("Signing in was refused in the browser."));
      else
        error = g_error_new (EWE_AUTH_ERROR, EWE_AUTH_ERROR_FAILED, _("The sign-in service refused signing in (%s)."), description != NULL ? description : refusal);
      answer_last (self, msg, SOUP_STATUS_OK, error->message);
      finish (self, error);
      return;
    }

  if (code == NULL || code[0] == '\0')
    {
      error = g_error_new_literal (EWE_AUTH_ERROR, EWE_AUTH_ERROR_SERVER,
                                   _("The browser came back without a sign-in code. Please try again."));
      answer_last (self, msg, SOUP_STATUS_BAD_REQUEST, error->message);
      finish (self, error);
      return;
    }

  /* The tab waits for its answer until the account is signed in. */
  g_set_object (&self->answering, msg);
  soup_server_message_pause (msg);
  exchange_code (self, code);
}

/* --- starting ------------------------------------------------------------- */

static gboolean
timed_out_cb (gpointer user_data)
{
  EweBrowserSignIn *self = user_data;

  /* A tab still waiting on the exchange hears why. */
  if (self->answering != NULL)
    {
      ewe_browser_sign_in_answer (self->answering, SOUP_STATUS_GATEWAY_TIMEOUT, _("Signing in took too long. Please try again."));
      soup_server_message_unpause (self->answering);
    }
  finish (self, g_error_new_literal (EWE_AUTH_ERROR, EWE_AUTH_ERROR_TIMED_OUT,
                                     _("Signing in took too long: the browser did not come back in time. "
                                       "Please try again.")));

  return G_SOURCE_REMOVE;
}

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  EweBrowserSignIn *self = user_data;

  if (self->answering != NULL)
    {
      ewe_browser_sign_in_answer (self->answering, SOUP_STATUS_OK, _("Signing in was cancelled in Ewelists."));
      soup_server_message_unpause (self->answering);
    }
  finish (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Signing in was cancelled.")));

  return G_SOURCE_REMOVE;
}

/* @value appended to @url's query, escaped. */
static void
append_param (GString    *url,
              const char *name,
              const char *value)
{
  g_string_append_c (url, strchr (url->str, '?') != NULL ? '&' : '?');
  g_string_append (url, name);
  g_string_append_c (url, '=');
  g_string_append_uri_escaped (url, value, NULL, FALSE);
}

/* Listens for the browser, then hands it its URL. */
static void
listen_and_open (EweBrowserSignIn *self)
{
  EweAuth *auth = ewe_account_get_auth (self->account);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) url = NULL;
  g_autofree char *challenge = NULL;

  self->listener = ewe_browser_sign_in_listen (self->port, callback_cb, self, &self->redirect_uri, &error);
  if (self->listener == NULL)
    {
      finish (self, g_steal_pointer (&error));
      return;
    }

  challenge = ewe_browser_sign_in_code_challenge (self->verifier);
  url = g_string_new (self->authorization_endpoint);
  append_param (url, "response_type", "code");
  append_param (url, "client_id", ewe_auth_get_client_id (auth));
  append_param (url, "redirect_uri", self->redirect_uri);
  append_param (url, "scope", SCOPES);
  append_param (url, "state", self->state);
  append_param (url, "nonce", self->nonce);
  append_param (url, "code_challenge", challenge);
  append_param (url, "code_challenge_method", "S256");
  if (self->identity_provider != NULL)
    append_param (url, "identity_provider", self->identity_provider);

  g_debug ("Waiting for the browser at %s", self->redirect_uri);
  g_signal_emit (self, signals[OPEN_URI], 0, url->str);
}

/* An absolute http(s) URL from the discovery document, or NULL. */
static const char *
endpoint_member (JsonObject *object,
                 const char *name)
{
  const char *value = ewe_auth_get_string (object, name);

  if (value == NULL || !(g_str_has_prefix (value, "https://") || g_str_has_prefix (value, "http://")))
    return NULL;

  return value;
}

static void
discovered_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(EweBrowserSignIn) self = user_data;
  SoupSession *session = SOUP_SESSION (object);
  SoupMessage *msg = soup_session_get_async_result_message (session, result);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *document = NULL;
  JsonNode   *root;
  gsize       size = 0;
  const char *data;

  body = soup_session_send_and_read_finish (session, result, &error);
  if (self->task == NULL)
    return;
  if (body == NULL)
    {
      finish (self, g_error_new (EWE_AUTH_ERROR, EWE_AUTH_ERROR_NETWORK,
                                 _("Could not reach the sign-in service: %s"), error->message));
      return;
    }

  data = g_bytes_get_data (body, &size);
  if (SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)) && size <= MAX_DOCUMENT &&
      json_parser_load_from_data (parser, data != NULL ? data : "", size, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    document = json_node_get_object (root);

  if (document == NULL || endpoint_member (document, "authorization_endpoint") == NULL ||
      endpoint_member (document, "token_endpoint") == NULL || ewe_auth_get_string (document, "issuer") == NULL)
    {
      finish (self, g_error_new_literal (EWE_AUTH_ERROR, EWE_AUTH_ERROR_SERVER,
                                         _("This server does not offer signing in with a browser. "
                                           "Sign in with your e-mail address and password instead.")));
      return;
    }

  self->authorization_endpoint = g_strdup (endpoint_member (document, "authorization_endpoint"));
  self->token_endpoint = g_strdup (endpoint_member (document, "token_endpoint"));
  self->issuer = g_strdup (ewe_auth_get_string (document, "issuer"));
  listen_and_open (self);
}

/* A real Cognito pool: its hosted UI's endpoints (Cognito's discovery
 * document is at the pool's issuer, which names them too), and the pool's
 * issuer, which its ID tokens carry. */
static gboolean
use_hosted_ui (EweBrowserSignIn *self,
               GError          **error)
{
  const char      *pool_id = ewe_auth_get_user_pool_id (ewe_account_get_auth (self->account));
  g_autofree char *region = NULL;

  if (pool_id == NULL || strchr (pool_id, '_') == NULL)
    {
      g_set_error_literal (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_INVALID_PARAMETER,
                           _("Signing in with a browser on a hosted UI domain needs the user pool ID. "
                             "Set it in Preferences."));
      return FALSE;
    }

  region = g_strndup (pool_id, strchr (pool_id, '_') - pool_id);
  self->authorization_endpoint = g_strdup_printf ("https://%s/oauth2/authorize", self->hosted_ui_domain);
  self->token_endpoint = g_strdup_printf ("https://%s/oauth2/token", self->hosted_ui_domain);
  self->issuer = g_strdup_printf ("https://cognito-idp.%s.amazonaws.com/%s", region, pool_id);

  return TRUE;
}

/* Runs one sign-in: EweBrowserSignIn::open-uri says what to show in the
 * browser, and the task ends once the account is signed in (the tokens in
 * the keyring), or with why not: EWE_AUTH_ERROR_ACCESS_DENIED when refused
 * in the browser, EWE_AUTH_ERROR_TIMED_OUT, G_IO_ERROR_CANCELLED. */
void
ewe_browser_sign_in_run_async (EweBrowserSignIn   *self,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  EweAuth *auth;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) msg = NULL;

  g_return_if_fail (EWE_IS_BROWSER_SIGN_IN (self));
  g_return_if_fail (self->task == NULL);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, ewe_browser_sign_in_run_async);
  self->calls = g_cancellable_new ();

  g_clear_pointer (&self->authorization_endpoint, g_free);
  g_clear_pointer (&self->token_endpoint, g_free);
  g_clear_pointer (&self->issuer, g_free);
  g_clear_pointer (&self->redirect_uri, g_free);
  g_clear_pointer (&self->verifier, g_free);
  g_clear_pointer (&self->state, g_free);
  g_clear_pointer (&self->nonce, g_free);

  /* 32 bytes: a 43-character verifier (RFC 7636 §4.1), and as much chance
   * to guess the state or the nonce. */
  if ((self->verifier = ewe_browser_sign_in_random_token (32, &error)) == NULL || (self->state = ewe_browser_sign_in_random_token (32, &error)) == NULL ||
      (self->nonce = ewe_browser_sign_in_random_token (32, &error)) == NULL)
    {
      finish (self, g_steal_pointer (&error));
      return;
    }

  self->timeout = g_timeout_source_new (self->timeout_ms);
  g_source_set_callback (self->timeout, timed_out_cb, self, NULL);
  g_source_set_static_name (self->timeout, "[ewelists] browser sign-in time-out");
  g_source_attach (self->timeout, g_main_context_get_thread_default ());
  if (cancellable != NULL)
    {
      self->cancelled = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->cancelled, G_SOURCE_FUNC (cancelled_cb), self, NULL);
      g_source_attach (self->cancelled, g_main_context_get_thread_default ());
    }

  if (self->hosted_ui_domain != NULL)
    {
      if (!use_hosted_ui (self, &error))
        finish (self, g_steal_pointer (&error));
      else
        listen_and_open (self);
      return;
    }

  auth = ewe_account_get_auth (self->account);
  url = g_uri_resolve_relative (ewe_auth_get_endpoint (auth), DISCOVERY_PATH, G_URI_FLAGS_NONE, NULL);
  msg = url != NULL ? soup_message_new (SOUP_METHOD_GET, url) : NULL;
  if (msg == NULL)
    {
      finish (self, g_error_new_literal (EWE_AUTH_ERROR, EWE_AUTH_ERROR_INVALID_PARAMETER,
                                         _("The server address cannot be read. Check it in Preferences.")));
      return;
    }
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  soup_session_send_and_read_async (ewe_auth_get_soup_session (auth), msg, G_PRIORITY_DEFAULT, self->calls,
                                    discovered_cb, g_object_ref (self));
}

gboolean
ewe_browser_sign_in_run_finish (EweBrowserSignIn *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ewe_browser_sign_in_run_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
