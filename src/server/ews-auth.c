/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-auth"

#include "config.h"

#include "ews-auth-private.h"
#include "ews-client-address.h"
#include "ews-hash-pool.h"
#include "ews-json.h"
#include "ews-jwt.h"
#include "ews-mail-message.h"
#include "ews-password.h"

#define TARGET_PREFIX "AWSCognitoIdentityProviderService."
#define CONTENT_TYPE "application/x-amz-json-1.1"

/* Cognito's endpoint may be called from any web page, and so may this one:
 * it takes no cookie, only what the page's script sends. These are the
 * headers the AWS SDKs send: amz-sdk-invocation-id and amz-sdk-request come
 * with every call of the SDK for JavaScript v3, and a preflight that leaves
 * one out makes the browser refuse the call. */
#define CORS_ALLOW_HEADERS "Content-Type, X-Amz-Target, X-Amz-User-Agent, Cache-Control, " \
                           "amz-sdk-invocation-id, amz-sdk-request"
#define CORS_EXPOSE_HEADERS "x-amzn-RequestId, x-amzn-ErrorType"

/* The quark name is one token with dashes: clang-format would space them. */
/* clang-format off */
G_DEFINE_QUARK (ews-auth-error-quark, ews_auth_error)
/* clang-format on */

static const struct
{
  EwsAuthError code;
  const char  *type;
  guint        status;
} exceptions[] = {
  { EWS_AUTH_ERROR_INVALID_PARAMETER, "InvalidParameterException", 400 },
  { EWS_AUTH_ERROR_INVALID_PASSWORD, "InvalidPasswordException", 400 },
  { EWS_AUTH_ERROR_USERNAME_EXISTS, "UsernameExistsException", 400 },
  { EWS_AUTH_ERROR_CODE_MISMATCH, "CodeMismatchException", 400 },
  { EWS_AUTH_ERROR_EXPIRED_CODE, "ExpiredCodeException", 400 },
  { EWS_AUTH_ERROR_USER_NOT_CONFIRMED, "UserNotConfirmedException", 400 },
  { EWS_AUTH_ERROR_NOT_AUTHORIZED, "NotAuthorizedException", 400 },
  { EWS_AUTH_ERROR_USER_NOT_FOUND, "UserNotFoundException", 400 },
  { EWS_AUTH_ERROR_LIMIT_EXCEEDED, "LimitExceededException", 400 },
  { EWS_AUTH_ERROR_TOO_MANY_REQUESTS, "TooManyRequestsException", 400 },
  { EWS_AUTH_ERROR_RESOURCE_NOT_FOUND, "ResourceNotFoundException", 400 },
  { EWS_AUTH_ERROR_UNKNOWN_OPERATION, "UnknownOperationException", 400 },
  { EWS_AUTH_ERROR_SERIALIZATION, "SerializationException", 400 },
  { EWS_AUTH_ERROR_UNSUPPORTED_TOKEN_TYPE, "UnsupportedTokenTypeException", 400 },
  { EWS_AUTH_ERROR_INTERNAL, "InternalErrorException", 500 },
};

static const struct
{
  const char      *name;
  EwsAuthOperation run;
} operations[] = {
  { "SignUp", ews_auth_sign_up },
  { "ConfirmSignUp", ews_auth_confirm_sign_up },
  { "ResendConfirmationCode", ews_auth_resend_confirmation_code },
  { "ForgotPassword", ews_auth_forgot_password },
  { "ConfirmForgotPassword", ews_auth_confirm_forgot_password },
  { "InitiateAuth", ews_auth_initiate_auth },
  { "RespondToAuthChallenge", ews_auth_respond_to_auth_challenge },
  { "GetUser", ews_auth_get_user },
  { "GlobalSignOut", ews_auth_global_sign_out },
  { "ChangePassword", ews_auth_change_password },
  { "RevokeToken", ews_auth_revoke_token },
};

/* --- helpers for the operations ------------------------------------------ */

gboolean
ews_auth_get_string (JsonObject  *object,
                     const char  *name,
                     gboolean     required,
                     const char **value,
                     GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (!required)
        return TRUE;

      g_set_error (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_INVALID_PARAMETER,
                   "1 validation error detected: Value null at '%s' failed to satisfy constraint: "
                   "Member must not be null",
                   name);
      return FALSE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_SERIALIZATION,
                   "%s must be a string.", name);
      return FALSE;
    }

  *value = json_node_get_string (node);

  if (required && (*value)[0] == '\0')
    {
      g_set_error (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_INVALID_PARAMETER,
                   "1 validation error detected: Value at '%s' failed to satisfy constraint: "
                   "Member must have length greater than or equal to 1",
                   name);
      return FALSE;
    }

  return TRUE;
}

gboolean
ews_auth_check_client (EwsAuthCall *call,
                       GError     **error)
{
  const char *client_id;

  if (!ews_auth_get_string (call->body, "ClientId", TRUE, &client_id, error))
    return FALSE;

  if (g_strcmp0 (client_id, call->config->client_id) != 0)
    {
      g_set_error (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_RESOURCE_NOT_FOUND,
                   "User pool client %s does not exist.", client_id);
      return FALSE;
    }

  return TRUE;
}

gboolean
ews_auth_get_username (EwsAuthCall *call,
                       char       **email,
                       char       **email_key,
                       GError     **error)
{
  const char      *username;
  g_autofree char *trimmed = NULL;

  if (!ews_auth_get_string (call->body, "Username", TRUE, &username, error))
    return FALSE;

  trimmed = g_strstrip (g_strdup (username));
  if (!ewe_email_is_valid (trimmed))
    {
      g_set_error_literal (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_INVALID_PARAMETER,
                           "Username should be an email.");
      return FALSE;
    }

  *email_key = ewe_email_normalize (trimmed);
  *email = g_steal_pointer (&trimmed);
  return TRUE;
}

void
ews_auth_internal_error (GError      **error,
                         const GError *cause)
{
  g_warning ("Sign-in request failed: %s", cause != NULL ? cause->message : "unknown error");
  g_set_error_literal (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_INTERNAL,
                       "An internal error occurred. Try again in a moment.");
}

void
ews_auth_set_not_authorized (GError    **error,
                             const char *message)
{
  g_set_error_literal (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_NOT_AUTHORIZED, message);
}

/* Six digits, uniformly: 4 294 000 000 is the largest multiple of a million
 * below 2³², and values from there up are drawn again. */
char *
ews_auth_new_code (void)
{
  guint32 value;

  do
    {
      if (!ews_random_bytes ((guint8 *)&value, sizeof value, NULL))
        g_error ("The kernel gives no random numbers; cannot make a safe code");
    }
  while (value >= 4294000000u);

  return g_strdup_printf ("%06u", value % 1000000u);
}

static const char *
purpose_name (EwsAuthCodePurpose purpose)
{
  return purpose == EWS_AUTH_CODE_RESET ? "reset" : "sign-up";
}

char *
ews_auth_hash_code (const char        *user_id,
                    EwsAuthCodePurpose purpose,
                    const char        *code)
{
  g_autofree char *input = g_strdup_printf ("%s\n%s\n%s", user_id, purpose_name (purpose), code);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, input, -1);
}

char *
ews_auth_hash_token (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

/* Compares two secrets in a time that does not depend on where they differ. */
gboolean
ews_auth_equal_strings (const char *a,
                        const char *b)
{
  gsize  length;
  guint8 difference = 0;

  if (a == NULL || b == NULL || strlen (a) != strlen (b))
    return FALSE;

  length = strlen (a);
  for (gsize i = 0; i < length; i++)
    difference |= (guint8)a[i] ^ (guint8)b[i];

  return difference == 0;
}

/* "zoe@example.org" → "z***@e***.org", as Cognito shows where a code went. */
static char *
mask_email (const char *email)
{
  const char      *at = strrchr (email, '@');
  const char      *dot;
  g_autofree char *first = NULL;
  g_autofree char *domain_first = NULL;

  if (at == NULL || at == email || at[1] == '\0')
    return g_strdup ("***");

  first = g_utf8_substring (email, 0, 1);
  domain_first = g_utf8_substring (at + 1, 0, 1);
  dot = strrchr (at + 1, '.');

  return g_strdup_printf ("%s***@%s***%s", first, domain_first, dot != NULL ? dot : "");
}

const EwsCatalog *
ews_auth_account_catalog (EwsAuthCall      *call,
                          const EwsAccount *account)
{
  const EwsLanguages *languages = ews_server_get_languages (call->server);
  const EwsCatalog   *catalog = ews_languages_lookup (languages, account->language);

  return catalog != NULL ? catalog : ews_languages_get_default (languages);
}

const char *
ews_auth_request_language (EwsAuthCall *call)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (call->msg);
  const EwsCatalog   *catalog = ews_languages_choose (ews_server_get_languages (call->server),
                                                      soup_message_headers_get_one (headers, "Accept-Language"));

  return ews_catalog_get_language (catalog);
}

JsonNode *
ews_auth_code_delivery_details (const char *email)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *masked = mask_email (email);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "CodeDeliveryDetails");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "AttributeName");
  json_builder_add_string_value (builder, "email");
  json_builder_set_member_name (builder, "DeliveryMedium");
  json_builder_add_string_value (builder, "EMAIL");
  json_builder_set_member_name (builder, "Destination");
  json_builder_add_string_value (builder, masked);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
ews_auth_take_object (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

JsonNode *
ews_auth_empty_reply (void)
{
  return ews_auth_take_object (json_object_new ());
}

/* --- per-server state and calls ------------------------------------------ */

struct _EwsAuthState
{
  EwsServer   *server;    /* borrowed: the state lives on the server */
  GHashTable  *checking;  /* email key and client with a password check running */
  EwsHashPool *hash_pool; /* where every argon2 hash and check runs */
};

static void
auth_state_free (gpointer data)
{
  EwsAuthState *state = data;

  g_hash_table_unref (state->checking);
  g_clear_object (&state->hash_pool);
  g_free (state);
}

/* Whether ews_auth_run_hash() would turn a job away now. */
gboolean
ews_auth_hash_is_busy (EwsAuthCall *call)
{
  return ews_hash_pool_is_full (call->state->hash_pool);
}

gboolean
ews_auth_run_hash (EwsAuthCall    *call,
                   GTask          *task,
                   GTaskThreadFunc func,
                   GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!ews_hash_pool_run (call->state->hash_pool, task, func, &local_error))
    {
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_BUSY))
        {
          ews_auth_internal_error (error, local_error);
          return FALSE;
        }

      g_set_error (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_TOO_MANY_REQUESTS,
                   "Too many requests: %s", local_error->message);
      return FALSE;
    }

  /* The worker cannot answer before this returns to the main loop. */
  ews_auth_call_pause (call);
  return TRUE;
}

/* A line break is in neither an e-mail key nor an address. */
static char *
check_key (const char *email_key,
           const char *client)
{
  return g_strconcat (email_key, "\n", client, NULL);
}

gboolean
ews_auth_state_begin_check (EwsAuthState *state,
                            const char   *email_key,
                            const char   *client)
{
  return g_hash_table_add (state->checking, check_key (email_key, client));
}

void
ews_auth_state_end_check (EwsAuthState *state,
                          const char   *email_key,
                          const char   *client)
{
  g_autofree char *key = check_key (email_key, client);

  g_hash_table_remove (state->checking, key);
}

gboolean
ews_auth_check_rate (EwsAuthCall *call,
                     EwsRateKind  kind,
                     const char  *subject,
                     EwsAuthError code,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 retry_after_s = 0;

  if (ews_rate_limit_take (call->server, kind, subject, &retry_after_s, &local_error))
    return TRUE;

  if (!g_error_matches (local_error, EWS_RATE_LIMIT_ERROR, EWS_RATE_LIMIT_ERROR_EXCEEDED))
    {
      ews_auth_internal_error (error, local_error);
      return FALSE;
    }

  if (code == EWS_AUTH_ERROR_LIMIT_EXCEEDED)
    g_set_error_literal (error, EWS_AUTH_ERROR, code, "Attempt limit exceeded, please try after some time.");
  else
    g_set_error (error, EWS_AUTH_ERROR, code, "Too many requests: try again in %" G_GINT64_FORMAT " seconds.",
                 retry_after_s);
  return FALSE;
}

static void
auth_call_clear (gpointer data)
{
  EwsAuthCall *call = data;

  g_clear_object (&call->msg);
  g_clear_pointer (&call->body, json_object_unref);
  g_clear_object (&call->server);
  g_clear_pointer (&call->client, g_free);
  if (call->hook_data_free != NULL)
    g_clear_pointer (&call->hook_data, call->hook_data_free);
}

EwsAuthCall *
ews_auth_call_ref (EwsAuthCall *call)
{
  return g_rc_box_acquire (call);
}

void
ews_auth_call_unref (EwsAuthCall *call)
{
  g_rc_box_release_full (call, auth_call_clear);
}

void
ews_auth_call_pause (EwsAuthCall *call)
{
  ews_server_answer_later (call->msg);
  soup_server_message_pause (call->msg);
}

/* --- the endpoint --------------------------------------------------------- */

static void
reply (SoupServerMessage *msg,
       guint              status,
       JsonNode          *body,
       const char        *error_type)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  gsize               length = 0;
  g_autofree char    *text = ews_json_node_to_text (body, &length);
  g_autofree char    *request_id = g_uuid_string_random ();

  soup_message_headers_replace (headers, "x-amzn-RequestId", request_id);
  soup_message_headers_replace (headers, "Access-Control-Allow-Origin", "*");
  soup_message_headers_replace (headers, "Access-Control-Expose-Headers", CORS_EXPOSE_HEADERS);
  if (error_type != NULL)
    {
      g_autofree char *value = g_strconcat (error_type, ":", NULL);
      soup_message_headers_replace (headers, "x-amzn-ErrorType", value);
    }

  ews_reply_add_retry_after (msg, status);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, CONTENT_TYPE, SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&text), length);
}

static void
reply_error (SoupServerMessage *msg,
             const GError      *error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  const char *type = "InternalErrorException";
  guint       status = 500;

  if (error->domain == EWS_AUTH_ERROR)
    {
      for (guint i = 0; i < G_N_ELEMENTS (exceptions); i++)
        {
          if (exceptions[i].code == (EwsAuthError)error->code)
            {
              type = exceptions[i].type;
              status = exceptions[i].status;
              break;
            }
        }
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "__type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, error->message);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  reply (msg, status, body, type);
}

void
ews_auth_call_finish (EwsAuthCall  *call,
                      JsonNode     *reply_body,
                      const GError *error)
{
  if (call->finish != NULL)
    call->finish (call, reply_body, error);
  else if (reply_body != NULL)
    reply (call->msg, SOUP_STATUS_OK, reply_body, NULL);
  else
    reply_error (call->msg, error);

  ews_server_release_answer (call->server, call->msg, TRUE);
}

typedef struct
{
  EwsAuthCall      *call; /* released on the main thread */
  char             *password;
  EwsAuthHashedFunc then;
  gpointer          data;
  GDestroyNotify    data_free;
} HashJob;

static void
hash_job_free (gpointer data)
{
  HashJob *job = data;

  g_assert (job->call == NULL);
  ews_password_wipe_free (job->password);
  g_free (job);
}

static void
hash_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  HashJob *job = task_data;
  GError  *error = NULL;
  char    *hash = ews_password_hash (job->password, &error);

  if (hash != NULL)
    g_task_return_pointer (task, hash, g_free);
  else
    g_task_return_error (task, error);
}

static void
hash_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  HashJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(EwsAuthCall) call = g_steal_pointer (&job->call);
  g_autoptr(GError) hash_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply_body = NULL;
  g_autofree char *hash = g_task_propagate_pointer (G_TASK (result), &hash_error);

  call->now = ews_clock_get_unix_seconds (call->clock);

  if (hash == NULL)
    ews_auth_internal_error (&error, hash_error);
  else
    reply_body = job->then (call, hash, job->password, job->data, &error);

  if (job->data_free != NULL)
    g_clear_pointer (&job->data, job->data_free);

  ews_auth_call_finish (call, reply_body, error);
}

gboolean
ews_auth_hash_password_then (EwsAuthCall      *call,
                             const char       *password,
                             EwsAuthHashedFunc then,
                             gpointer          data,
                             GDestroyNotify    data_free,
                             GError          **error)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, hash_done_cb, NULL);
  HashJob *job = g_new0 (HashJob, 1);

  job->call = ews_auth_call_ref (call);
  job->password = g_strdup (password);
  job->then = then;
  job->data = data;
  job->data_free = data_free;

  g_task_set_source_tag (task, ews_auth_hash_password_then);
  g_task_set_task_data (task, job, hash_job_free);

  if (!ews_auth_run_hash (call, task, hash_thread, error))
    {
      g_clear_pointer (&job->call, ews_auth_call_unref);
      if (job->data_free != NULL)
        g_clear_pointer (&job->data, job->data_free);
      return FALSE;
    }

  return TRUE;
}

static JsonObject *
parse_body (SoupServerMessage *msg,
            GError           **error)
{
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (request_body);
  g_autoptr(JsonNode) root = NULL;
  gsize       length = 0;
  const char *data = g_bytes_get_data (bytes, &length);

  root = ewe_json_parse (data, length, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_SERIALIZATION,
                           "The request body must be a JSON object.");
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

static EwsAuthOperation
find_operation (SoupServerMessage *msg,
                GError           **error)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char         *target = soup_message_headers_get_one (headers, "X-Amz-Target");

  if (target != NULL && g_str_has_prefix (target, TARGET_PREFIX))
    {
      const char *name = target + strlen (TARGET_PREFIX);

      for (guint i = 0; i < G_N_ELEMENTS (operations); i++)
        {
          if (strcmp (operations[i].name, name) == 0)
            return operations[i].run;
        }
    }

  g_set_error_literal (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_UNKNOWN_OPERATION,
                       "Unknown operation: the X-Amz-Target header must name one of SignUp, "
                       "ConfirmSignUp, ResendConfirmationCode, InitiateAuth, RespondToAuthChallenge, ForgotPassword, "
                       "ConfirmForgotPassword, GetUser, GlobalSignOut, ChangePassword or RevokeToken, "
                       "prefixed with " TARGET_PREFIX);
  return NULL;
}

EwsAuthCall *
ews_auth_call_new (EwsServer         *server,
                   SoupServerMessage *msg,
                   JsonObject        *body)
{
  EwsAuthCall *call = g_rc_box_new0 (EwsAuthCall);

  call->server = g_object_ref (server);
  call->msg = g_object_ref (msg);
  call->body = body;
  call->state = g_object_get_data (G_OBJECT (server), "ews-auth-state");
  call->config = ews_server_get_config (server);
  call->storage = ews_server_get_storage (server);
  call->auth = EWS_AUTH_STORAGE (call->storage);
  call->mail = ews_server_get_mail (server);
  call->keys = ews_server_get_jwt_keys (server);
  call->issuer = ews_server_get_issuer (server);
  call->clock = ews_server_get_clock (server);
  call->client = ews_client_address (msg, call->config);
  call->now = ews_clock_get_unix_seconds (call->clock);

  return call;
}

static void
auth_cb (SoupServerMessage *msg,
         GHashTable        *params,
         gpointer           user_data)
{
  EwsAuthState *state = user_data;
  EwsServer    *server = state->server;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EwsAuthCall) call = NULL;
  EwsAuthOperation operation;

  operation = find_operation (msg, &error);
  if (operation == NULL)
    {
      reply_error (msg, error);
      return;
    }

  body = parse_body (msg, &error);
  if (body == NULL)
    {
      reply_error (msg, error);
      return;
    }

  call = ews_auth_call_new (server, msg, g_steal_pointer (&body));

  result = operation (call, &error);
  if (result != NULL)
    reply (msg, SOUP_STATUS_OK, result, NULL);
  else if (error != NULL)
    reply_error (msg, error);
  /* else the operation paused the message and answers it later. */
}

/* A browser's preflight before it posts with X-Amz-Target. */
static void
preflight_cb (SoupServerMessage *msg,
              GHashTable        *params,
              gpointer           user_data)
{
  ews_json_reply_preflight (msg, "POST", CORS_ALLOW_HEADERS);
}

void
ews_auth_register (EwsServer *server)
{
  EwsRouter    *router = ews_server_get_router (server);
  EwsAuthState *state = g_new0 (EwsAuthState, 1);

  state->server = server;
  state->checking = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  state->hash_pool = ews_hash_pool_new (ews_server_get_config (server)->hash_threads,
                                        ews_server_get_config (server)->hash_queue);
  g_object_set_data_full (G_OBJECT (server), "ews-auth-state", state, auth_state_free);

  ews_router_add (router, "POST", "/api/auth", auth_cb, state);
  ews_router_add (router, "OPTIONS", "/api/auth", preflight_cb, NULL);
}
