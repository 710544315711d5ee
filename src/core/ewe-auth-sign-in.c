/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-auth"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ewe-auth-private.h"
#include "ewe-srp.h"
#include "ewe-validation.h"

/* Signing in with USER_SRP_AUTH, as Cognito's own clients do, so that the
 * password never leaves the device: InitiateAuth with A = g^a, then, for
 * the PASSWORD_VERIFIER challenge, the proof that we know the password
 * (libewe-common's ewe-srp.h, computed in a thread: two 3072-bit
 * exponentiations are a few frames), sent with RespondToAuthChallenge.
 *
 * Where the pool refuses SRP, with InvalidParameterException saying that
 * USER_SRP_AUTH is not enabled (Cognito's answer when the app client does
 * not allow the flow; ewelists-server's for an account from before SRP,
 * which gets its verifier from this very sign-in), we send the password
 * with USER_PASSWORD_AUTH instead. So we do when the endpoint is Amazon's
 * and no pool id was given, since SRP cannot be proved without it. Any
 * other failure, a wrong password first, is the answer.
 *
 * With no pool id given, ewelists-server's is the one its discovery
 * document names (it may have been started with any --user-pool-id),
 * asked once for the EweAuth's life; a server too old to name one has the
 * default. */

#define DISCOVERY_PATH "../.well-known/openid-configuration"
#define MAX_DISCOVERY (64 * 1024)

typedef struct
{
  char       *username;
  char       *password;
  char       *pool_name;
  char       *client_secret;
  char       *client_public;
  JsonObject *challenge; /* ChallengeParameters */
} SignIn;

static void
sign_in_free (gpointer data)
{
  SignIn *sign_in = data;

  g_free (sign_in->username);
  if (sign_in->password != NULL)
    memset (sign_in->password, 0, strlen (sign_in->password));
  g_free (sign_in->password);
  g_free (sign_in->pool_name);
  if (sign_in->client_secret != NULL)
    memset (sign_in->client_secret, 0, strlen (sign_in->client_secret));
  g_free (sign_in->client_secret);
  g_free (sign_in->client_public);
  g_clear_pointer (&sign_in->challenge, json_object_unref);
  g_free (sign_in);
}

static gboolean
is_amazon_endpoint (EweAuth *self)
{
  g_autoptr(GUri) uri = g_uri_parse (ewe_auth_get_endpoint (self), G_URI_FLAGS_NONE, NULL);
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  return host != NULL && (g_str_has_suffix (host, ".amazonaws.com") || g_str_equal (host, "amazonaws.com"));
}

static gboolean
is_srp_refused (const GError *error)
{
  return g_error_matches (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_INVALID_PARAMETER) &&
         strstr (error->message, "SRP") != NULL &&
         (strstr (error->message, "not enabled") != NULL || strstr (error->message, "not allowed") != NULL);
}

static void
tokens_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonObject) response = NULL;
  g_autoptr(GError) error = NULL;
  EweTokens *tokens;

  response = g_task_propagate_pointer (G_TASK (result), &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  tokens = ewe_auth_tokens_from_response (response, NULL, &error);
  if (tokens == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, tokens, (GDestroyNotify)ewe_tokens_unref);
}

static void
sign_in_with_password (GTask *task)
{
  EweAuth *self = g_task_get_source_object (task);
  SignIn  *sign_in = g_task_get_task_data (task);
  g_autoptr(JsonBuilder) request = ewe_auth_begin_request (self);

  ewe_auth_add_string (request, "AuthFlow", "USER_PASSWORD_AUTH");
  json_builder_set_member_name (request, "AuthParameters");
  json_builder_begin_object (request);
  ewe_auth_add_string (request, "USERNAME", sign_in->username);
  ewe_auth_add_string (request, "PASSWORD", sign_in->password);
  json_builder_end_object (request);
  json_builder_end_object (request);

  ewe_auth_call_async (self, "InitiateAuth", request, sign_in_with_password, NULL, NULL,
                       g_task_get_cancellable (task), tokens_cb, task);
}

/* What the thread hands back: the answer to the challenge. */
typedef struct
{
  char *timestamp;
  char *signature;
} Proof;

static void
proof_free (Proof *proof)
{
  g_free (proof->timestamp);
  g_free (proof->signature);
  g_free (proof);
}

/* Reads only @task's data, which nothing else touches while it runs. */
static void
prove_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  const EweSrpGroup group = EWE_SRP_GROUP_COGNITO;
  SignIn           *sign_in = task_data;
  const char       *user_id = ewe_auth_get_string (sign_in->challenge, "USER_ID_FOR_SRP");
  const char       *salt = ewe_auth_get_string (sign_in->challenge, "SALT");
  const char       *server_public = ewe_auth_get_string (sign_in->challenge, "SRP_B");
  const char       *secret_block = ewe_auth_get_string (sign_in->challenge, "SECRET_BLOCK");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GBytes) block = NULL;
  g_autofree char   *identity = NULL;
  g_autofree char   *x = NULL;
  g_autofree char   *u = NULL;
  g_autofree char   *s = NULL;
  g_autofree guint8 *block_data = NULL;
  gsize              block_length = 0;
  Proof             *proof;

  if (user_id == NULL || salt == NULL || server_public == NULL || secret_block == NULL)
    {
      g_task_return_new_error (task, EWE_AUTH_ERROR, EWE_AUTH_ERROR_SERVER,
                               _("The sign-in service sent an incomplete challenge; try again"));
      return;
    }

  identity = g_strconcat (sign_in->pool_name, user_id, NULL);
  x = ewe_srp_private_key (group, salt, identity, sign_in->password, &error);
  if (x != NULL)
    u = ewe_srp_scrambler (group, sign_in->client_public, server_public, &error);
  if (u != NULL)
    s = ewe_srp_client_premaster (group, sign_in->client_secret, sign_in->client_public, server_public, x, &error);
  if (s != NULL)
    key = ewe_srp_cognito_key (s, u, &error);
  if (x != NULL)
    memset (x, 0, strlen (x));
  if (s != NULL)
    memset (s, 0, strlen (s));
  if (key == NULL)
    {
      g_task_return_new_error (task, EWE_AUTH_ERROR, EWE_AUTH_ERROR_SERVER, "%s", error->message);
      return;
    }

  block_data = g_base64_decode (secret_block, &block_length);
  block = g_bytes_new (block_data, block_length);

  proof = g_new0 (Proof, 1);
  proof->timestamp = ewe_srp_cognito_timestamp (now);
  proof->signature = ewe_srp_cognito_signature (key, sign_in->pool_name, user_id, block, proof->timestamp);
  g_task_return_pointer (task, proof, (GDestroyNotify)proof_free);
}

static void
proved_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweAuth *self = g_task_get_source_object (task);
  SignIn  *sign_in = g_task_get_task_data (task);
  g_autoptr(JsonBuilder) request = NULL;
  g_autoptr(GError) error = NULL;
  Proof        *proof = g_task_propagate_pointer (G_TASK (result), &error);
  GCancellable *cancellable;

  if (proof == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  request = ewe_auth_begin_request (self);
  ewe_auth_add_string (request, "ChallengeName", "PASSWORD_VERIFIER");
  json_builder_set_member_name (request, "ChallengeResponses");
  json_builder_begin_object (request);
  ewe_auth_add_string (request, "USERNAME", ewe_auth_get_string (sign_in->challenge, "USER_ID_FOR_SRP"));
  ewe_auth_add_string (request, "PASSWORD_CLAIM_SECRET_BLOCK", ewe_auth_get_string (sign_in->challenge, "SECRET_BLOCK"));
  ewe_auth_add_string (request, "TIMESTAMP", proof->timestamp);
  ewe_auth_add_string (request, "PASSWORD_CLAIM_SIGNATURE", proof->signature);
  json_builder_end_object (request);
  json_builder_end_object (request);
  proof_free (proof);

  cancellable = g_task_get_cancellable (task);
  ewe_auth_call_async (self, "RespondToAuthChallenge", request, proved_cb, NULL, NULL, cancellable, tokens_cb,
                       g_steal_pointer (&task));
}

static void
challenged_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignIn *sign_in = g_task_get_task_data (task);
  g_autoptr(JsonObject) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) prove = NULL;
  EweAuth      *self;
  GCancellable *cancellable;
  JsonNode     *parameters;
  const char   *challenge;

  response = g_task_propagate_pointer (G_TASK (result), &error);
  if (response == NULL)
    {
      if (is_srp_refused (error))
        {
          g_debug ("The pool refused USER_SRP_AUTH (%s); signing in with USER_PASSWORD_AUTH", error->message);
          sign_in_with_password (g_steal_pointer (&task));
        }
      else
        {
          g_task_return_error (task, g_steal_pointer (&error));
        }
      return;
    }

  challenge = ewe_auth_get_string (response, "ChallengeName");
  parameters = json_object_get_member (response, "ChallengeParameters");
  if (g_strcmp0 (challenge, "PASSWORD_VERIFIER") != 0 || parameters == NULL || !JSON_NODE_HOLDS_OBJECT (parameters))
    {
      /* Tokens at once, or a challenge (MFA…) the app does not offer. */
      g_autoptr(EweTokens) tokens = ewe_auth_tokens_from_response (response, NULL, &error);

      if (tokens == NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, g_steal_pointer (&tokens), (GDestroyNotify)ewe_tokens_unref);
      return;
    }

  sign_in->challenge = json_object_ref (json_node_get_object (parameters));

  /* The sign-in's task rides along as proved_cb's user_data, owned. */
  self = g_task_get_source_object (task);
  cancellable = g_task_get_cancellable (task);
  prove = g_task_new (self, cancellable, proved_cb, g_steal_pointer (&task));
  g_task_set_source_tag (prove, prove_thread);
  g_task_set_task_data (prove, sign_in, NULL);
  g_task_run_in_thread (prove, prove_thread);
}

/* Signs in for @pool_id's pool with SRP, or with the password when
 * @pool_id is NULL (SRP cannot be proved without it). */
static void
start_sign_in (GTask      *task,
               const char *pool_id)
{
  EweAuth *self = g_task_get_source_object (task);
  SignIn  *sign_in = g_task_get_task_data (task);
  g_autoptr(JsonBuilder) request = NULL;
  g_autoptr(GError) error = NULL;

  if (pool_id == NULL)
    {
      sign_in_with_password (task);
      return;
    }

  sign_in->pool_name = ewe_srp_pool_name (pool_id);
  sign_in->client_secret = ewe_srp_new_secret (&error);
  if (sign_in->client_secret != NULL)
    sign_in->client_public = ewe_srp_client_public (EWE_SRP_GROUP_COGNITO, sign_in->client_secret, &error);
  if (sign_in->client_public == NULL)
    {
      g_task_return_new_error (task, EWE_AUTH_ERROR, EWE_AUTH_ERROR_FAILED, "%s", error->message);
      g_object_unref (task);
      return;
    }

  request = ewe_auth_begin_request (self);
  ewe_auth_add_string (request, "AuthFlow", "USER_SRP_AUTH");
  json_builder_set_member_name (request, "AuthParameters");
  json_builder_begin_object (request);
  ewe_auth_add_string (request, "USERNAME", sign_in->username);
  ewe_auth_add_string (request, "SRP_A", sign_in->client_public);
  json_builder_end_object (request);
  json_builder_end_object (request);

  ewe_auth_call_async (self, "InitiateAuth", request, ewe_auth_sign_in_async, NULL, NULL,
                       g_task_get_cancellable (task), challenged_cb, task);
}

/* The pool id in a discovery document, or NULL if it names none we can use. */
static char *
dup_advertised_pool_id (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *problem = NULL;
  gsize            size = 0;
  const char      *data = g_bytes_get_data (body, &size);
  JsonNode        *root;
  JsonNode        *member;

  if (size > MAX_DISCOVERY || !json_parser_load_from_data (parser, data ? data : "", size, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  member = json_object_get_member (json_node_get_object (root), "user_pool_id");
  if (member == NULL || json_node_get_value_type (member) != G_TYPE_STRING)
    return NULL;

  problem = ewe_validation_check_user_pool_id (json_node_get_string (member));
  if (problem != NULL)
    {
      g_debug ("The server's discovery document names no usable pool: %s", problem);
      return NULL;
    }

  return g_strstrip (g_strdup (json_node_get_string (member)));
}

static void
discovered_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  SoupSession *session = SOUP_SESSION (object);
  GTask       *task = user_data;
  EweAuth     *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *pool_id = NULL;
  SoupMessage     *msg = soup_session_get_async_result_message (session, result);
  guint            status;

  body = soup_session_send_and_read_finish (session, result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          g_object_unref (task);
          return;
        }
      /* Not cached: the sign-in's own call says what is wrong with the
       * network, and the next sign-in asks again. */
      g_debug ("Could not read the server's discovery document: %s", error->message);
      start_sign_in (task, EWE_SRP_DEFAULT_USER_POOL_ID);
      return;
    }

  status = soup_message_get_status (msg);
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    pool_id = dup_advertised_pool_id (body);

  /* A document, or none at all, is the server's answer for good; a server
   * busy or failing (5xx) may answer better at the next sign-in. */
  if (pool_id == NULL)
    pool_id = g_strdup (EWE_SRP_DEFAULT_USER_POOL_ID);
  if (status < SOUP_STATUS_INTERNAL_SERVER_ERROR)
    ewe_auth_set_advertised_pool_id (self, pool_id);
  start_sign_in (task, pool_id);
}

static void
discover_pool_id (GTask *task)
{
  EweAuth         *self = g_task_get_source_object (task);
  g_autofree char *url = g_uri_resolve_relative (ewe_auth_get_endpoint (self), DISCOVERY_PATH, G_URI_FLAGS_NONE, NULL);
  g_autoptr(SoupMessage) msg = url != NULL ? soup_message_new (SOUP_METHOD_GET, url) : NULL;

  if (msg == NULL)
    {
      start_sign_in (task, EWE_SRP_DEFAULT_USER_POOL_ID);
      return;
    }

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  soup_session_send_and_read_async (ewe_auth_get_soup_session (self), msg, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), discovered_cb, task);
}

void
ewe_auth_sign_in_async (EweAuth            *self,
                        const char         *email,
                        const char         *password,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  const char *pool_id;
  SignIn     *sign_in;

  g_return_if_fail (EWE_IS_AUTH (self));
  g_return_if_fail (email != NULL && password != NULL);

  sign_in = g_new0 (SignIn, 1);
  sign_in->username = g_strstrip (g_strdup (email));
  sign_in->password = g_strdup (password);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_auth_sign_in_async);
  g_task_set_task_data (task, sign_in, sign_in_free);

  if ((pool_id = ewe_auth_get_user_pool_id (self)) != NULL ||
      (pool_id = ewe_auth_get_advertised_pool_id (self)) != NULL)
    start_sign_in (g_steal_pointer (&task), pool_id);
  else if (is_amazon_endpoint (self))
    start_sign_in (g_steal_pointer (&task), NULL);
  else
    discover_pool_id (g_steal_pointer (&task));
}

EweTokens *
ewe_auth_sign_in_finish (EweAuth      *self,
                         GAsyncResult *result,
                         GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ewe_auth_sign_in_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
