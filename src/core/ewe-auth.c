/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-auth"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ewe-auth-private.h"

/* The Cognito Identity Provider JSON protocol: every operation is a POST of
 * a JSON object to one endpoint, named by the X-Amz-Target header. Errors
 * come back as 4xx with {"__type": "<Exception>", "message": "…"}. The same
 * code talks to ewelists-server's /api/auth and to a real Cognito user pool
 * (https://cognito-idp.<region>.amazonaws.com/). */

#define TARGET_PREFIX "AWSCognitoIdentityProviderService."
#define CONTENT_TYPE "application/x-amz-json-1.1"
#define TIMEOUT_SECONDS 30
#define MAX_RESPONSE (256 * 1024)

struct _EweAuth
{
  GObject      parent_instance;

  char        *endpoint;
  char        *client_id;
  char        *user_pool_id;       /* NULL: see EweAuth:user-pool-id */
  char        *advertised_pool_id; /* what the server said, once asked */
  SoupSession *session;
};

enum
{
  PROP_0,
  PROP_ENDPOINT,
  PROP_CLIENT_ID,
  PROP_USER_POOL_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (EweAuth, ewe_auth, G_TYPE_OBJECT)

/* The quark name is one token with dashes: clang-format would space them. */
/* clang-format off */
G_DEFINE_QUARK (ewe-auth-error-quark, ewe_auth_error)
/* clang-format on */

static void
ewe_auth_finalize (GObject *object)
{
  EweAuth *self = (EweAuth *)object;

  g_clear_pointer (&self->endpoint, g_free);
  g_clear_pointer (&self->client_id, g_free);
  g_clear_pointer (&self->user_pool_id, g_free);
  g_clear_pointer (&self->advertised_pool_id, g_free);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ewe_auth_parent_class)->finalize (object);
}

static void
ewe_auth_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  EweAuth *self = EWE_AUTH (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_string (value, self->endpoint);
      break;

    case PROP_CLIENT_ID:
      g_value_set_string (value, self->client_id);
      break;

    case PROP_USER_POOL_ID:
      g_value_set_string (value, self->user_pool_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_auth_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  EweAuth *self = EWE_AUTH (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      self->endpoint = g_value_dup_string (value);
      break;

    case PROP_CLIENT_ID:
      self->client_id = g_value_dup_string (value);
      break;

    case PROP_USER_POOL_ID:
      ewe_auth_set_user_pool_id (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_auth_class_init (EweAuthClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ewe_auth_finalize;
  object_class->get_property = ewe_auth_get_property;
  object_class->set_property = ewe_auth_set_property;

  properties[PROP_ENDPOINT] =
    g_param_spec_string ("endpoint", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CLIENT_ID] =
    g_param_spec_string ("client-id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * EweAuth:user-pool-id:
   *
   * The user pool's id (`region_name`), whose name is part of every SRP
   * proof. NULL: the pool ewelists-server's discovery document names (its
   * default pool if it names none), unless the endpoint is Amazon's, where
   * signing in falls back to USER_PASSWORD_AUTH.
   */
  properties[PROP_USER_POOL_ID] =
    g_param_spec_string ("user-pool-id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ewe_auth_init (EweAuth *self)
{
  self->session = soup_session_new_with_options ("timeout", TIMEOUT_SECONDS,
                                                 "user-agent", PACKAGE_NAME "/" PACKAGE_VERSION " ",
                                                 /* The desktop's languages: the server writes its mails
                                                  * (a sign-up's, a reservation's) in the first it speaks. */
                                                 "accept-language-auto", TRUE,
                                                 NULL);
}

EweAuth *
ewe_auth_new (const char *endpoint,
              const char *client_id)
{
  g_return_val_if_fail (endpoint != NULL, NULL);
  g_return_val_if_fail (client_id != NULL, NULL);

  return g_object_new (EWE_TYPE_AUTH,
                       "endpoint", endpoint,
                       "client-id", client_id,
                       NULL);
}

const char *
ewe_auth_get_endpoint (EweAuth *self)
{
  g_return_val_if_fail (EWE_IS_AUTH (self), NULL);

  return self->endpoint;
}

const char *
ewe_auth_get_client_id (EweAuth *self)
{
  g_return_val_if_fail (EWE_IS_AUTH (self), NULL);

  return self->client_id;
}

const char *
ewe_auth_get_user_pool_id (EweAuth *self)
{
  g_return_val_if_fail (EWE_IS_AUTH (self), NULL);

  return self->user_pool_id;
}

void
ewe_auth_set_user_pool_id (EweAuth    *self,
                           const char *user_pool_id)
{
  g_return_if_fail (EWE_IS_AUTH (self));

  if (user_pool_id != NULL && user_pool_id[0] == '\0')
    user_pool_id = NULL;

  if (g_strcmp0 (self->user_pool_id, user_pool_id) == 0)
    return;

  g_free (self->user_pool_id);
  self->user_pool_id = g_strdup (user_pool_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_POOL_ID]);
}

SoupSession *
ewe_auth_get_soup_session (EweAuth *self)
{
  return self->session;
}

const char *
ewe_auth_get_advertised_pool_id (EweAuth *self)
{
  return self->advertised_pool_id;
}

void
ewe_auth_set_advertised_pool_id (EweAuth    *self,
                                 const char *pool_id)
{
  g_free (self->advertised_pool_id);
  self->advertised_pool_id = g_strdup (pool_id);
}

/* Cognito's exception names, as its API reference lists them. The protocol
 * may prefix a namespace ("…#NotAuthorizedException") or suffix details
 * after a colon; only the bare name counts. */
static EweAuthError
error_code_for_type (const char *type)
{
  static const struct
  {
    const char  *name;
    EweAuthError code;
  } map[] = {
    { "InvalidParameterException", EWE_AUTH_ERROR_INVALID_PARAMETER },
    { "InvalidPasswordException", EWE_AUTH_ERROR_INVALID_PASSWORD },
    { "UsernameExistsException", EWE_AUTH_ERROR_USER_EXISTS },
    { "AliasExistsException", EWE_AUTH_ERROR_USER_EXISTS },
    { "UserNotFoundException", EWE_AUTH_ERROR_USER_NOT_FOUND },
    { "UserNotConfirmedException", EWE_AUTH_ERROR_NOT_CONFIRMED },
    { "NotAuthorizedException", EWE_AUTH_ERROR_NOT_AUTHORIZED },
    { "CodeMismatchException", EWE_AUTH_ERROR_CODE_MISMATCH },
    { "ExpiredCodeException", EWE_AUTH_ERROR_EXPIRED_CODE },
    { "TooManyRequestsException", EWE_AUTH_ERROR_TOO_MANY_REQUESTS },
    { "LimitExceededException", EWE_AUTH_ERROR_TOO_MANY_REQUESTS },
    { "TooManyFailedAttemptsException", EWE_AUTH_ERROR_TOO_MANY_REQUESTS },
    { "ResourceNotFoundException", EWE_AUTH_ERROR_UNKNOWN_CLIENT },
    { "InternalErrorException", EWE_AUTH_ERROR_SERVER },
  };
  g_autofree char *bare = NULL;
  const char      *hash = strrchr (type, '#');
  char            *colon;

  bare = g_strdup (hash ? hash + 1 : type);
  if ((colon = strchr (bare, ':')) != NULL)
    *colon = '\0';

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    {
      if (g_str_equal (bare, map[i].name))
        return map[i].code;
    }

  return EWE_AUTH_ERROR_FAILED;
}

static void
call_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SoupSession *session = SOUP_SESSION (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  SoupMessage *msg = soup_session_get_async_result_message (session, result);
  JsonNode    *root = NULL;
  JsonObject  *object_body;
  guint        status;
  gsize        size = 0;
  const char  *data;

  body = soup_session_send_and_read_finish (session, result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, EWE_AUTH_ERROR, EWE_AUTH_ERROR_NETWORK,
                                 _("Could not reach the sign-in service: %s"), error->message);
      return;
    }

  status = soup_message_get_status (msg);
  data = g_bytes_get_data (body, &size);

  if (size > MAX_RESPONSE ||
      !json_parser_load_from_data (parser, data ? data : "", size, NULL) ||
      (root = json_parser_get_root (parser)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_task_return_new_error (task, EWE_AUTH_ERROR, EWE_AUTH_ERROR_SERVER,
                               _("The sign-in service answered with something that is not "
                                 "a sign-in response (HTTP %u). Check the server address."),
                                  status);
      return;
    }

  object_body = json_node_get_object (root);

  if (status >= 400 || json_object_has_member (object_body, "__type"))
    {
      const char *type = NULL;
      const char *message = NULL;
      JsonNode   *node;

      if ((node = json_object_get_member (object_body, "__type")) &&
          json_node_get_value_type (node) == G_TYPE_STRING)
        type = json_node_get_string (node);

      /* Cognito spells it "message", some of its errors "Message". */
      if (((node = json_object_get_member (object_body, "message")) ||
           (node = json_object_get_member (object_body, "Message"))) &&
          json_node_get_value_type (node) == G_TYPE_STRING)
        message = json_node_get_string (node);

      g_task_return_new_error (task, EWE_AUTH_ERROR,
                               type ? error_code_for_type (type)
                                    : (status >= 500 ? EWE_AUTH_ERROR_SERVER : EWE_AUTH_ERROR_FAILED),
                               "%s", message ? message : _("The sign-in service refused the request."));
      return;
    }

  g_task_return_pointer (task, json_object_ref (object_body), (GDestroyNotify)json_object_unref);
}

/* Posts one operation; the task returns the response object (JsonObject)
 * and carries @task_data for the operation's finish function. */
void
ewe_auth_call_async (EweAuth            *self,
                     const char         *operation,
                     JsonBuilder        *request,
                     gpointer            source_tag,
                     gpointer            task_data,
                     GDestroyNotify      task_data_free,
                     GCancellable       *cancellable,
                     GAsyncReadyCallback callback,
                     gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *target = NULL;
  g_autofree char *text = NULL;
  gsize            length;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, task_data, task_data_free);

  msg = soup_message_new (SOUP_METHOD_POST, self->endpoint);
  if (msg == NULL)
    {
      g_task_return_new_error (task, EWE_AUTH_ERROR, EWE_AUTH_ERROR_INVALID_PARAMETER,
                               _("“%s” is not a valid sign-in address."), self->endpoint);
      return;
    }

  root = json_builder_get_root (request);
  text = json_to_string (root, FALSE);
  length = strlen (text);
  body = g_bytes_new_take (g_steal_pointer (&text), length);

  target = g_strconcat (TARGET_PREFIX, operation, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Amz-Target", target);
  soup_message_set_request_body_from_bytes (msg, CONTENT_TYPE, body);

  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    call_read_cb, g_steal_pointer (&task));
}

JsonBuilder *
ewe_auth_begin_request (EweAuth *self)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ClientId");
  json_builder_add_string_value (builder, self->client_id);

  return builder;
}

void
ewe_auth_add_string (JsonBuilder *builder,
                     const char  *name,
                     const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

/* Most operations name the user: ClientId, then Username, an e-mail address
 * where spaces around it are a typing slip. The object is left open for
 * the operation's own members. */
static JsonBuilder *
begin_user_request (EweAuth    *self,
                    const char *email)
{
  JsonBuilder     *builder = ewe_auth_begin_request (self);
  g_autofree char *username = g_strstrip (g_strdup (email));

  ewe_auth_add_string (builder, "Username", username);

  return builder;
}

/* The code from the e-mail, copied and pasted: spaces around it are a slip. */
static void
add_confirmation_code (JsonBuilder *builder,
                       const char  *code)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (code));

  ewe_auth_add_string (builder, "ConfirmationCode", trimmed);
}

/* Posts an operation whose only argument is the user. */
static void
call_for_user (EweAuth            *self,
               const char         *operation,
               const char         *email,
               gpointer            source_tag,
               GCancellable       *cancellable,
               GAsyncReadyCallback callback,
               gpointer            user_data)
{
  g_autoptr(JsonBuilder) request = begin_user_request (self, email);

  json_builder_end_object (request);
  ewe_auth_call_async (self, operation, request, source_tag, NULL, NULL, cancellable, callback, user_data);
}

const char *
ewe_auth_get_string (JsonObject *object,
                     const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* Finishes an operation whose answer only matters as success or failure. */
static gboolean
finish_void (EweAuth      *self,
             GAsyncResult *result,
             gpointer      source_tag,
             GError      **error)
{
  g_autoptr(JsonObject) response = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  response = g_task_propagate_pointer (G_TASK (result), error);

  return response != NULL;
}

void
ewe_auth_sign_up_async (EweAuth            *self,
                        const char         *email,
                        const char         *password,
                        const char         *name,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  g_autoptr(JsonBuilder) request = NULL;
  g_autofree char *username = NULL;

  g_return_if_fail (EWE_IS_AUTH (self));
  g_return_if_fail (email != NULL && password != NULL && name != NULL);

  username = g_strstrip (g_strdup (email));
  request = begin_user_request (self, username);
  ewe_auth_add_string (request, "Password", password);
  json_builder_set_member_name (request, "UserAttributes");
  json_builder_begin_array (request);
  json_builder_begin_object (request);
  ewe_auth_add_string (request, "Name", "email");
  ewe_auth_add_string (request, "Value", username);
  json_builder_end_object (request);
  json_builder_begin_object (request);
  ewe_auth_add_string (request, "Name", "name");
  ewe_auth_add_string (request, "Value", name);
  json_builder_end_object (request);
  json_builder_end_array (request);
  json_builder_end_object (request);

  ewe_auth_call_async (self, "SignUp", request, ewe_auth_sign_up_async, NULL, NULL,
                       cancellable, callback, user_data);
}

/* Returns the new user's sub; @confirmed tells whether a code is still due. */
char *
ewe_auth_sign_up_finish (EweAuth      *self,
                         GAsyncResult *result,
                         gboolean     *confirmed,
                         GError      **error)
{
  g_autoptr(JsonObject) response = NULL;
  const char *sub;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (!(response = g_task_propagate_pointer (G_TASK (result), error)))
    return NULL;

  if (!(sub = ewe_auth_get_string (response, "UserSub")))
    {
      g_set_error (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_SERVER,
                   _("The sign-in service did not say which account it created."));
      return NULL;
    }

  if (confirmed != NULL)
    *confirmed = json_object_get_boolean_member_with_default (response, "UserConfirmed", FALSE);

  return g_strdup (sub);
}

void
ewe_auth_confirm_sign_up_async (EweAuth            *self,
                                const char         *email,
                                const char         *code,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  g_autoptr(JsonBuilder) request = NULL;

  g_return_if_fail (EWE_IS_AUTH (self));
  g_return_if_fail (email != NULL && code != NULL);

  request = begin_user_request (self, email);
  add_confirmation_code (request, code);
  json_builder_end_object (request);

  ewe_auth_call_async (self, "ConfirmSignUp", request, ewe_auth_confirm_sign_up_async, NULL, NULL,
                       cancellable, callback, user_data);
}

gboolean
ewe_auth_confirm_sign_up_finish (EweAuth      *self,
                                 GAsyncResult *result,
                                 GError      **error)
{
  return finish_void (self, result, ewe_auth_confirm_sign_up_async, error);
}

void
ewe_auth_resend_code_async (EweAuth            *self,
                            const char         *email,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_return_if_fail (EWE_IS_AUTH (self));
  g_return_if_fail (email != NULL);

  call_for_user (self, "ResendConfirmationCode", email, ewe_auth_resend_code_async, cancellable, callback, user_data);
}

gboolean
ewe_auth_resend_code_finish (EweAuth      *self,
                             GAsyncResult *result,
                             GError      **error)
{
  return finish_void (self, result, ewe_auth_resend_code_async, error);
}

EweTokens *
ewe_auth_tokens_from_response (JsonObject      *response,
                               const EweTokens *previous,
                               GError         **error)
{
  JsonNode   *node = json_object_get_member (response, "AuthenticationResult");
  JsonObject *result;
  const char *id_token;
  const char *access_token;
  const char *refresh_token;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      /* A challenge (new password required, MFA…) instead of tokens: the
       * app does not offer those flows. */
      g_set_error (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_FAILED,
                   _("This account needs a sign-in step Ewelists does not support yet."));
      return NULL;
    }

  result = json_node_get_object (node);
  id_token = ewe_auth_get_string (result, "IdToken");
  access_token = ewe_auth_get_string (result, "AccessToken");
  refresh_token = ewe_auth_get_string (result, "RefreshToken");

  if (id_token == NULL || access_token == NULL || (previous == NULL && refresh_token == NULL))
    {
      g_set_error (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_SERVER,
                   _("The sign-in service answered without the expected tokens."));
      return NULL;
    }

  if (previous != NULL && refresh_token == NULL)
    return ewe_tokens_renewed (previous, id_token, access_token, error);

  return ewe_tokens_new (id_token, access_token, refresh_token, error);
}

void
ewe_auth_refresh_async (EweAuth            *self,
                        EweTokens          *tokens,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  g_autoptr(JsonBuilder) request = NULL;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (EWE_IS_AUTH (self));
  g_return_if_fail (tokens != NULL);

  if (ewe_tokens_get_refresh_token (tokens) == NULL)
    {
      task = g_task_new (self, cancellable, callback, user_data);
      g_task_set_source_tag (task, ewe_auth_refresh_async);
      g_task_return_new_error (task, EWE_AUTH_ERROR, EWE_AUTH_ERROR_NOT_AUTHORIZED,
                               _("Your sign-in has expired. Please sign in again."));
      return;
    }

  request = ewe_auth_begin_request (self);
  ewe_auth_add_string (request, "AuthFlow", "REFRESH_TOKEN_AUTH");
  json_builder_set_member_name (request, "AuthParameters");
  json_builder_begin_object (request);
  ewe_auth_add_string (request, "REFRESH_TOKEN", ewe_tokens_get_refresh_token (tokens));
  json_builder_end_object (request);
  json_builder_end_object (request);

  /* The task keeps the previous tokens: a refresh answer carries no new
   * refresh token, so the old one is carried over. */
  ewe_auth_call_async (self, "InitiateAuth", request, ewe_auth_refresh_async,
                       ewe_tokens_ref (tokens), (GDestroyNotify)ewe_tokens_unref,
                       cancellable, callback, user_data);
}

EweTokens *
ewe_auth_refresh_finish (EweAuth      *self,
                         GAsyncResult *result,
                         GError      **error)
{
  g_autoptr(JsonObject) response = NULL;
  EweTokens *previous;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (!(response = g_task_propagate_pointer (G_TASK (result), error)))
    return NULL;

  previous = g_task_get_task_data (G_TASK (result));

  return ewe_auth_tokens_from_response (response, previous, error);
}

void
ewe_auth_forgot_password_async (EweAuth            *self,
                                const char         *email,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  g_return_if_fail (EWE_IS_AUTH (self));
  g_return_if_fail (email != NULL);

  call_for_user (self, "ForgotPassword", email, ewe_auth_forgot_password_async, cancellable, callback, user_data);
}

gboolean
ewe_auth_forgot_password_finish (EweAuth      *self,
                                 GAsyncResult *result,
                                 GError      **error)
{
  return finish_void (self, result, ewe_auth_forgot_password_async, error);
}

void
ewe_auth_confirm_forgot_password_async (EweAuth            *self,
                                        const char         *email,
                                        const char         *code,
                                        const char         *new_password,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data)
{
  g_autoptr(JsonBuilder) request = NULL;

  g_return_if_fail (EWE_IS_AUTH (self));
  g_return_if_fail (email != NULL && code != NULL && new_password != NULL);

  request = begin_user_request (self, email);
  add_confirmation_code (request, code);
  ewe_auth_add_string (request, "Password", new_password);
  json_builder_end_object (request);

  ewe_auth_call_async (self, "ConfirmForgotPassword", request, ewe_auth_confirm_forgot_password_async,
                       NULL, NULL, cancellable, callback, user_data);
}

gboolean
ewe_auth_confirm_forgot_password_finish (EweAuth      *self,
                                         GAsyncResult *result,
                                         GError      **error)
{
  return finish_void (self, result, ewe_auth_confirm_forgot_password_async, error);
}

void
ewe_auth_global_sign_out_async (EweAuth            *self,
                                EweTokens          *tokens,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  g_autoptr(JsonBuilder) request = json_builder_new ();

  g_return_if_fail (EWE_IS_AUTH (self));
  g_return_if_fail (tokens != NULL);

  /* GlobalSignOut takes only the access token, no ClientId. */
  json_builder_begin_object (request);
  ewe_auth_add_string (request, "AccessToken", ewe_tokens_get_access_token (tokens));
  json_builder_end_object (request);

  ewe_auth_call_async (self, "GlobalSignOut", request, ewe_auth_global_sign_out_async, NULL, NULL,
                       cancellable, callback, user_data);
}

gboolean
ewe_auth_global_sign_out_finish (EweAuth      *self,
                                 GAsyncResult *result,
                                 GError      **error)
{
  return finish_void (self, result, ewe_auth_global_sign_out_async, error);
}
