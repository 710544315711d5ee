/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-request"

#include "config.h"

#include <stdarg.h>

#include "ews-json.h"
#include "ews-jwt.h"
#include "ews-client-address.h"
#include "ews-etag.h"
#include "ews-idempotency.h"
#include "ews-mail-message.h"
#include "ews-auth.h"
#include "ews-request-private.h"

/* The API is called with a bearer token, never a cookie, so any web page
 * may call it, as the original service allowed: a browser only sends what
 * its script put in, and the token is not something a foreign page has. */
#define CORS_ALLOW_HEADERS "Authorization, Content-Type, Idempotency-Key"

typedef struct
{
  EwsServer        *server;
  EwsRequestHandler handler;
} Route;

static void
ews_user_free (EwsUser *user)
{
  if (user == NULL)
    return;

  g_free (user->sub);
  g_free (user->email);
  g_free (user->name);
  g_free (user);
}

void
ews_request_free (EwsRequest *self)
{
  g_clear_pointer (&self->body, json_node_unref);
  g_clear_pointer (&self->user, ews_user_free);
  g_clear_pointer (&self->reply_body, g_free);
  g_clear_pointer (&self->client, g_free);
  g_clear_pointer (&self->method, g_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->sub_body, g_bytes_unref);
  g_free (self);
}

/* The headers the request came with: a batch's entries share the batch's. */
static SoupMessageHeaders *
request_headers (EwsRequest *self)
{
  return soup_server_message_get_request_headers (self->msg != NULL ? self->msg : self->outer);
}

const char *
ews_request_method (EwsRequest *self)
{
  return self->msg != NULL ? soup_server_message_get_method (self->msg) : self->method;
}

const char *
ews_request_path (EwsRequest *self)
{
  return self->msg != NULL ? ews_router_get_path (self->msg) : self->path;
}

GBytes *
ews_request_body (EwsRequest *self)
{
  if (self->msg == NULL)
    return g_bytes_ref (self->sub_body);

  return ews_request_body_bytes (self->msg);
}

SoupServerMessage *
ews_request_get_message (EwsRequest *self)
{
  return self->msg;
}

EwsServer *
ews_request_get_server (EwsRequest *self)
{
  return self->server;
}

const EwsCatalog *
ews_request_get_language (EwsRequest *self)
{
  SoupMessageHeaders *headers = request_headers (self);

  return ews_languages_choose (ews_server_get_languages (self->server),
                               soup_message_headers_get_one (headers, "Accept-Language"));
}

EwsStorage *
ews_request_get_storage (EwsRequest *self)
{
  return ews_server_get_storage (self->server);
}

const char *
ews_request_get_param (EwsRequest *self,
                       const char *name)
{
  return g_hash_table_lookup (self->params, name);
}

const char *
ews_request_get_client (EwsRequest *self)
{
  if (self->client == NULL)
    self->client = ews_client_address (self->msg != NULL ? self->msg : self->outer, ews_server_get_config (self->server));

  return self->client;
}

/* --- replies ------------------------------------------------------------- */

/* Takes @text. */
static void
reply_text (EwsRequest *self,
            guint       status,
            char       *text,
            gsize       length)
{
  g_free (self->reply_body);
  self->reply_body = g_strdup (text);
  self->reply_status = status;

  if (self->msg == NULL)
    {
      g_free (text);
      return;
    }

  soup_message_headers_replace (soup_server_message_get_response_headers (self->msg),
                                "Access-Control-Allow-Origin", "*");
  ews_reply_add_retry_after (self->msg, status);
  soup_server_message_set_status (self->msg, status, NULL);
  soup_server_message_set_response (self->msg, "application/json", SOUP_MEMORY_TAKE,
                                    text, length);
}

void
ews_request_reply (EwsRequest *self,
                   guint       status,
                   JsonNode   *body)
{
  gsize length = 0;
  char *text = ews_json_node_to_text (body, &length);

  reply_text (self, status, text, length);
}

void
ews_request_reply_written (EwsRequest    *self,
                           EwsJsonWriter *writer)
{
  gsize length = 0;
  char *text = ews_json_writer_free_to_text (writer, &length);

  reply_text (self, SOUP_STATUS_OK, text, length);
}

void
ews_request_reply_revalidatable (EwsRequest *self,
                                 GBytes     *body,
                                 const char *etag)
{
  SoupMessageHeaders *headers;

  /* A batch takes no reads, but its entry answers like one on its own. */
  if (self->msg == NULL)
    {
      g_free (self->reply_body);
      self->reply_body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      self->reply_status = SOUP_STATUS_OK;
      return;
    }

  headers = soup_server_message_get_response_headers (self->msg);
  soup_message_headers_replace (headers, "Access-Control-Allow-Origin", "*");
  /* Anyone may keep it, but must ask each time: reservations come and go. */
  soup_message_headers_replace (headers, "Cache-Control", "no-cache");
  g_clear_pointer (&self->reply_body, g_free);
  if (ews_etag_reply_if_fresh (self->msg, etag))
    {
      self->reply_status = SOUP_STATUS_NOT_MODIFIED;
      return;
    }

  self->reply_status = SOUP_STATUS_OK;
  soup_server_message_set_status (self->msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (self->msg), body);
}

void
ews_request_reply_built (EwsRequest  *self,
                         JsonBuilder *builder)
{
  g_autoptr(JsonNode) body = json_builder_get_root (builder);

  ews_request_reply (self, SOUP_STATUS_OK, body);
}

void
ews_request_reply_error (EwsRequest *self,
                         guint       status,
                         const char *format,
                         ...)
{
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *message = NULL;
  va_list          args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  body = ews_json_error_new (message);

  ews_request_reply (self, status, body);
}

void
ews_request_reply_storage_error (EwsRequest   *self,
                                 const GError *error)
{
  guint status = SOUP_STATUS_INTERNAL_SERVER_ERROR;

  if (error->domain == EWS_STORAGE_ERROR)
    {
      switch ((EwsStorageError)error->code)
        {
        case EWS_STORAGE_ERROR_NOT_FOUND:
          status = SOUP_STATUS_NOT_FOUND;
          break;
        case EWS_STORAGE_ERROR_CONFLICT:
          status = SOUP_STATUS_CONFLICT;
          break;
        case EWS_STORAGE_ERROR_FORBIDDEN:
          status = SOUP_STATUS_FORBIDDEN;
          break;
        case EWS_STORAGE_ERROR_INVALID:
          status = SOUP_STATUS_BAD_REQUEST;
          break;
        case EWS_STORAGE_ERROR_UNAVAILABLE:
          status = SOUP_STATUS_SERVICE_UNAVAILABLE;
          break;
        case EWS_STORAGE_ERROR_FAILED:
        default:
          status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
          break;
        }
    }

  /* Our own failures are logged in full for the administrator; the caller
   * learns only that it was not their fault, not how the database broke. */
  if (status >= 500)
    {
      /* No path: it may hold a guest's e-mail. The request's log line
       * (with the 500) follows this one. */
      g_warning ("A %s request failed: %s", ews_request_method (self), error->message);
      ews_request_reply_error (self, status, "The server could not do this just now. Try again later.");
      return;
    }

  ews_request_reply_error (self, status, "%s", error->message);
}

gboolean
ews_request_check_rate (EwsRequest *self,
                        EwsRateKind kind,
                        const char *subject)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *retry_after = NULL;
  gint64           retry_after_s = 0;

  if (ews_rate_limit_take (self->server, kind, subject != NULL ? subject : ews_request_get_client (self),
                           &retry_after_s, &error))
    return TRUE;

  if (!g_error_matches (error, EWS_RATE_LIMIT_ERROR, EWS_RATE_LIMIT_ERROR_EXCEEDED))
    {
      ews_request_reply_storage_error (self, error);
      return FALSE;
    }

  retry_after = g_strdup_printf ("%" G_GINT64_FORMAT, retry_after_s);
  ews_request_reply_error (self, EWS_STATUS_TOO_MANY_REQUESTS, "%s", error->message);
  if (self->msg == NULL)
    return FALSE;
  soup_server_message_set_status (self->msg, EWS_STATUS_TOO_MANY_REQUESTS, "Too Many Requests");
  soup_message_headers_replace (soup_server_message_get_response_headers (self->msg), "Retry-After", retry_after);
  return FALSE;
}

/* --- the signed-in user -------------------------------------------------- */

static char *
dup_claim (JsonObject *claims,
           const char *name)
{
  JsonNode *node = json_object_get_member (claims, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return g_strdup (json_node_get_string (node));
}

static gboolean
account_exists (EwsRequest *self,
                const char *user_id,
                GError    **error)
{
  EwsAuthStorage *auth = EWS_AUTH_STORAGE (ews_server_get_storage (self->server));
  g_autoptr(EwsAccount) account = NULL;
  g_autoptr(GError) local_error = NULL;

  account = ews_auth_storage_account_get (auth, user_id, &local_error);
  if (account != NULL)
    return TRUE;

  if (g_error_matches (local_error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND))
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                         "The account this token was issued to no longer exists.");
  else
    g_propagate_error (error, g_steal_pointer (&local_error));

  return FALSE;
}

static EwsUser *
authenticate (EwsRequest *self,
              GError    **error)
{
  SoupMessageHeaders *headers = request_headers (self);
  const char         *authorization = soup_message_headers_get_one (headers, "Authorization");
  g_autoptr(JsonObject) claims = NULL;
  g_autofree char *audience = NULL;
  g_autofree char *token_use = NULL;
  g_autofree char *token = NULL;
  g_autofree char *session_id = NULL;
  EwsUser         *user;

  if (authorization == NULL || authorization[0] == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                           "Sign in first: this needs an ID token in the Authorization header.");
      return NULL;
    }

  /* "Bearer <token>", or the bare token as some clients send it. */
  if (g_ascii_strncasecmp (authorization, "Bearer ", 7) == 0)
    authorization += 7;
  token = g_strstrip (g_strdup (authorization));

  /* The signature, the issuer (this server's public URL) and the times;
   * the algorithm is always RS256, whatever the token says. */
  claims = ews_jwt_keys_verify (ews_server_get_jwt_keys (self->server), token,
                                ews_server_get_issuer (self->server),
                                ews_clock_get_unix_seconds (ews_server_get_clock (self->server)), error);
  if (claims == NULL)
    return NULL;

  /* Access tokens carry no e-mail or name and are for the sign-in API. */
  token_use = dup_claim (claims, "token_use");
  if (g_strcmp0 (token_use, "id") != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                           "This is not an ID token; send the ID token from sign-in.");
      return NULL;
    }

  /* A token this server signed for another app client is not for us: the
   * audience is the client id the sign-in API accepts. */
  audience = dup_claim (claims, "aud");
  if (g_strcmp0 (audience, ews_server_get_config (self->server)->client_id) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                           "This ID token was issued for another app.");
      return NULL;
    }

  user = g_new0 (EwsUser, 1);
  user->sub = dup_claim (claims, "sub");
  user->email = dup_claim (claims, "email");
  user->name = dup_claim (claims, "name");

  if (user->sub == NULL || user->sub[0] == '\0')
    {
      ews_user_free (user);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                           "The ID token names no user.");
      return NULL;
    }

  /* A deleted account's tokens stop working at once: one lookup by the
   * primary key. */
  if (!account_exists (self, user->sub, error))
    {
      ews_user_free (user);
      return NULL;
    }

  /* Signed out, or the password changed: the token's sign-in has ended,
   * though the token has not run out. Every token the sign-in API issues
   * names its sign-in; one without has been made by hand with a signing key
   * from the database (the tests and benchmarks do) and is taken on its
   * signature alone. */
  session_id = dup_claim (claims, "origin_jti");
  if (session_id != NULL &&
      !ews_auth_check_session (EWS_AUTH_STORAGE (ews_server_get_storage (self->server)),
                               user->sub, session_id, error))
    {
      ews_user_free (user);
      return NULL;
    }

  if (user->email != NULL)
    {
      char *normalized = ewe_email_normalize (user->email);
      g_free (user->email);
      user->email = normalized;
    }

  if (user->name == NULL)
    user->name = g_strdup (user->email != NULL ? user->email : user->sub);

  return user;
}

const EwsUser *
ews_request_get_user (EwsRequest *self)
{
  if (!self->user_checked)
    {
      self->user_checked = TRUE;
      self->user = authenticate (self, NULL);
    }

  return self->user;
}

const EwsUser *
ews_request_require_user (EwsRequest *self)
{
  g_autoptr(GError) error = NULL;

  if (self->user_checked && self->user != NULL)
    return self->user;

  self->user_checked = TRUE;
  self->user = authenticate (self, &error);
  if (self->user != NULL)
    return self->user;

  /* Not knowing whether a token's sign-in still holds is our failure. */
  if (error->domain == EWS_STORAGE_ERROR)
    {
      ews_request_reply_storage_error (self, error);
      return NULL;
    }

  if (self->msg != NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (self->msg),
                                  "WWW-Authenticate", "Bearer");
  ews_request_reply_error (self, SOUP_STATUS_UNAUTHORIZED, "%s", error->message);
  return NULL;
}

/* --- the body ------------------------------------------------------------ */

GBytes *
ews_request_body_bytes (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  return soup_message_body_flatten (body);
}

JsonObject *
ews_request_require_body (EwsRequest *self)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize       length;

  if (self->body != NULL)
    return json_node_get_object (self->body);

  bytes = ews_request_body (self);
  data = g_bytes_get_data (bytes, &length);

  if (length == 0)
    {
      ews_request_reply_error (self, SOUP_STATUS_BAD_REQUEST, "The request needs a JSON object as its body.");
      return NULL;
    }

  if (!g_utf8_validate (data, length, NULL))
    {
      ews_request_reply_error (self, SOUP_STATUS_BAD_REQUEST, "The request body is not valid UTF-8.");
      return NULL;
    }

  root = ewe_json_parse (data, length, &error);
  if (root == NULL)
    {
      ews_request_reply_error (self, SOUP_STATUS_BAD_REQUEST, "The request body is not valid JSON: %s",
                               error->message);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      ews_request_reply_error (self, SOUP_STATUS_BAD_REQUEST, "The request body must be a JSON object.");
      return NULL;
    }

  self->body = g_steal_pointer (&root);
  return json_node_get_object (self->body);
}

gboolean
ews_request_is_blank (const char *text)
{
  g_return_val_if_fail (text != NULL, TRUE);

  for (; *text != '\0'; text++)
    {
      if (!g_ascii_isspace (*text))
        return FALSE;
    }

  return TRUE;
}

gboolean
ews_request_member_string (EwsRequest    *self,
                           JsonObject    *object,
                           const char    *name,
                           EwsMemberFlags flags,
                           const char   **value)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = NULL;

  if (node == NULL)
    {
      if (flags & EWS_MEMBER_REQUIRED)
        {
          ews_request_reply_error (self, SOUP_STATUS_BAD_REQUEST, "The body is missing “%s”.", name);
          return FALSE;
        }
      return TRUE;
    }

  if (JSON_NODE_HOLDS_NULL (node) && (flags & EWS_MEMBER_NULLABLE))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      ews_request_reply_error (self, SOUP_STATUS_BAD_REQUEST, "“%s” must be a string.", name);
      return FALSE;
    }

  *value = json_node_get_string (node);

  if (strlen (*value) > EWS_REQUEST_MAX_STRING)
    {
      *value = NULL;
      ews_request_reply_error (self, SOUP_STATUS_BAD_REQUEST, "“%s” is longer than %d bytes.",
                               name, EWS_REQUEST_MAX_STRING);
      return FALSE;
    }

  if ((flags & EWS_MEMBER_NONEMPTY) && ews_request_is_blank (*value))
    {
      ews_request_reply_error (self, SOUP_STATUS_BAD_REQUEST, "“%s” must not be empty.", name);
      return FALSE;
    }

  return TRUE;
}

gboolean
ews_request_member_int (EwsRequest    *self,
                        JsonObject    *object,
                        const char    *name,
                        EwsMemberFlags flags,
                        gint64         min,
                        gint64         max,
                        gint64        *value)
{
  JsonNode *node = json_object_get_member (object, name);
  gint64    number;

  if (node == NULL)
    {
      if (flags & EWS_MEMBER_REQUIRED)
        {
          ews_request_reply_error (self, SOUP_STATUS_BAD_REQUEST, "The body is missing “%s”.", name);
          return FALSE;
        }
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      ews_request_reply_error (self, SOUP_STATUS_BAD_REQUEST, "“%s” must be a whole number.", name);
      return FALSE;
    }

  number = json_node_get_int (node);
  if (number < min || number > max)
    {
      ews_request_reply_error (self, SOUP_STATUS_BAD_REQUEST,
                               "“%s” must be between %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT ".",
                               name, min, max);
      return FALSE;
    }

  *value = number;
  return TRUE;
}

gboolean
ews_request_member_bool (EwsRequest *self,
                         JsonObject *object,
                         const char *name,
                         gboolean   *value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      ews_request_reply_error (self, SOUP_STATUS_BAD_REQUEST, "“%s” must be true or false.", name);
      return FALSE;
    }

  *value = json_node_get_boolean (node);
  return TRUE;
}

/* --- dispatch ------------------------------------------------------------ */

/* A write's answer says the version each list it changed is at now
 * ("Ewelists-List-Version: LISTID VERSION, …"), the version its live
 * notice carries, so that the writer knows that notice for its own echo
 * and does not read the list again for it. Handlers answer before they
 * return, but the answer is sent after. */
static void
say_changes (EwsRequest *self)
{
  g_auto(GStrv) changes = ews_storage_take_changes (ews_server_get_storage (self->server));
  g_autofree char *value = NULL;

  if (changes == NULL || !SOUP_STATUS_IS_SUCCESSFUL (soup_server_message_get_status (self->msg)))
    return;

  value = g_strjoinv (", ", changes);
  soup_message_headers_replace (soup_server_message_get_response_headers (self->msg), "Ewelists-List-Version",
                                value);
}

static void
dispatch_cb (SoupServerMessage *msg,
             GHashTable        *params,
             gpointer           user_data)
{
  Route *route = user_data;
  g_autoptr(EwsRequest) self = g_new0 (EwsRequest, 1);
  const char *method = soup_server_message_get_method (msg);
  const char *key;

  self->msg = msg;
  self->params = params;
  self->server = route->server;

  if (ews_server_get_storage (route->server) == NULL)
    {
      ews_request_reply_error (self, SOUP_STATUS_SERVICE_UNAVAILABLE, "The server's storage is not open.");
      return;
    }

  key = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Idempotency-Key");

  /* Changes left over from outside a request (none are expected) are not
   * this request's. */
  g_strfreev (ews_storage_take_changes (ews_server_get_storage (route->server)));

  if (key != NULL && g_strcmp0 (method, "GET") != 0 && g_strcmp0 (method, "HEAD") != 0)
    ews_idempotency_handle (self, route->handler, key);
  else
    route->handler (self);

  say_changes (self);
}

EwsRequestHandler
ews_request_handler_of (EwsRouteHandler handler,
                        gpointer        user_data)
{
  if (handler != dispatch_cb)
    return NULL;

  return ((Route *)user_data)->handler;
}

/* A browser's preflight before a cross-origin call with a token or JSON. */
static void
preflight_cb (SoupServerMessage *msg,
              GHashTable        *params,
              gpointer           user_data)
{
  ews_json_reply_preflight (msg, "GET, POST, PUT, DELETE", CORS_ALLOW_HEADERS);
}

void
ews_request_add_route (EwsServer        *server,
                       const char       *method,
                       const char       *pattern,
                       EwsRequestHandler handler)
{
  GPtrArray  *routes = g_object_get_data (G_OBJECT (server), "ews-request-routes");
  GHashTable *preflighted = g_object_get_data (G_OBJECT (server), "ews-request-preflighted");
  Route      *route;

  /* The router takes no destroy notify, so the routes live as long as the
   * server, which owns the router. */
  if (routes == NULL)
    {
      routes = g_ptr_array_new_with_free_func (g_free);
      g_object_set_data_full (G_OBJECT (server), "ews-request-routes", routes,
                              (GDestroyNotify)g_ptr_array_unref);
    }

  route = g_new0 (Route, 1);
  route->server = server;
  route->handler = handler;
  g_ptr_array_add (routes, route);

  ews_router_add (ews_server_get_router (server), method, pattern, dispatch_cb, route);

  /* One preflight route per path, however many methods it has. */
  if (preflighted == NULL)
    {
      preflighted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_object_set_data_full (G_OBJECT (server), "ews-request-preflighted", preflighted,
                              (GDestroyNotify)g_hash_table_unref);
    }

  if (g_hash_table_add (preflighted, g_strdup (pattern)))
    ews_router_add (ews_server_get_router (server), "OPTIONS", pattern, preflight_cb, NULL);
}
