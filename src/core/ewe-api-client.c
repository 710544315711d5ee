/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-api-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "ewe-api-client-private.h"
#include "ewe-codec.h"

/* The HTTP client for the Lists, Products, NotFound and Contact services.
 * Every endpoint is one row of the table below; one code path sends them
 * all: the ID token as a Bearer token, an Idempotency-Key when the caller
 * gives one, one token refresh and retry on 401, and errors mapped to
 * EWE_API_ERROR with the server's own message. */

#define TIMEOUT_SECONDS 30
#define MAX_RESPONSE (16 * 1024 * 1024)
/* Connections to one server at once. libsoup 3 opens two unless told
 * otherwise and queues the other requests unsent, so of the six the sync
 * has on their way (ewe-sync-push.c) four waited; and a server that closes
 * each connection after its answer (ours on libsoup 3.2) leaves idle the
 * time a connection takes to open, unless others are ready meanwhile. */
#define MAX_CONNECTIONS_PER_HOST 6

typedef struct
{
  EweApiService service;
  const char   *method;
  const char   *path; /* {} marks a path argument */
  gboolean      authenticated;
} Endpoint;

static const Endpoint endpoints[EWE_API_N_ENDPOINTS] = {
  [EWE_API_GET_LISTS] = { EWE_API_SERVICE_LISTS, "GET", "", TRUE },
  [EWE_API_CREATE_LIST] = { EWE_API_SERVICE_LISTS, "POST", "", TRUE },
  [EWE_API_GET_LIST] = { EWE_API_SERVICE_LISTS, "GET", "/{}", TRUE },
  [EWE_API_UPDATE_LIST] = { EWE_API_SERVICE_LISTS, "PUT", "/{}", TRUE },
  [EWE_API_DELETE_LIST] = { EWE_API_SERVICE_LISTS, "DELETE", "/{}", TRUE },
  [EWE_API_CLOSE_LIST] = { EWE_API_SERVICE_LISTS, "POST", "/{}/close", TRUE },
  [EWE_API_ARCHIVE_LIST] = { EWE_API_SERVICE_LISTS, "POST", "/{}/archive", TRUE },
  [EWE_API_UNARCHIVE_LIST] = { EWE_API_SERVICE_LISTS, "DELETE", "/{}/archive", TRUE },
  [EWE_API_GET_SHARED_LIST] = { EWE_API_SERVICE_LISTS, "GET", "/{}/shared", FALSE },
  [EWE_API_ADD_LIST_PRODUCT] = { EWE_API_SERVICE_LISTS, "POST", "/{}/product/{}", TRUE },
  [EWE_API_UPDATE_LIST_PRODUCT] = { EWE_API_SERVICE_LISTS, "PUT", "/{}/product/{}", TRUE },
  [EWE_API_DELETE_LIST_PRODUCT] = { EWE_API_SERVICE_LISTS, "DELETE", "/{}/product/{}", TRUE },
  [EWE_API_RESERVE] = { EWE_API_SERVICE_LISTS, "POST", "/{}/reserve/{}/email/{}", FALSE },
  [EWE_API_PURCHASE] = { EWE_API_SERVICE_LISTS, "PUT", "/purchase/{}/email/{}", FALSE },
  [EWE_API_GET_RESERVATION] = { EWE_API_SERVICE_LISTS, "GET", "/reservation/{}/email/{}", FALSE },
  [EWE_API_GET_MY_RESERVATION] = { EWE_API_SERVICE_LISTS, "GET", "/reservation/{}", FALSE },
  [EWE_API_DELETE_RESERVATION] = { EWE_API_SERVICE_LISTS, "DELETE", "/reservation/{}", TRUE },
  [EWE_API_CONFIRM_RESERVATION] = { EWE_API_SERVICE_LISTS, "POST", "/reservation/{}/confirm", FALSE },
  [EWE_API_UPDATE_RESERVATION] = { EWE_API_SERVICE_LISTS, "PUT", "/reserve/{}/email/{}", FALSE },
  [EWE_API_UNRESERVE] = { EWE_API_SERVICE_LISTS, "DELETE", "/reserve/{}/email/{}", FALSE },
  [EWE_API_CREATE_PRODUCT] = { EWE_API_SERVICE_PRODUCTS, "POST", "", TRUE },
  [EWE_API_GET_PRODUCT] = { EWE_API_SERVICE_PRODUCTS, "GET", "/{}", FALSE },
  [EWE_API_DELETE_PRODUCT] = { EWE_API_SERVICE_PRODUCTS, "DELETE", "/{}", TRUE },
  [EWE_API_SEARCH_PRODUCT_URL] = { EWE_API_SERVICE_PRODUCTS, "GET", "/url/{}", FALSE },
  [EWE_API_CREATE_NOTFOUND] = { EWE_API_SERVICE_NOTFOUND, "POST", "", TRUE },
  [EWE_API_GET_NOTFOUND] = { EWE_API_SERVICE_NOTFOUND, "GET", "/{}", FALSE },
  [EWE_API_DELETE_NOTFOUND] = { EWE_API_SERVICE_NOTFOUND, "DELETE", "/{}", TRUE },
  [EWE_API_CONTACT] = { EWE_API_SERVICE_CONTACT, "POST", "", FALSE },
  [EWE_API_GET_COOWNERS] = { EWE_API_SERVICE_LISTS, "GET", "/{}/coowners", TRUE },
  [EWE_API_INVITE_COOWNER] = { EWE_API_SERVICE_LISTS, "POST", "/{}/coowners", TRUE },
  [EWE_API_REMOVE_COOWNER] = { EWE_API_SERVICE_LISTS, "DELETE", "/{}/coowners/{}", TRUE },
  [EWE_API_WITHDRAW_INVITATION] = { EWE_API_SERVICE_LISTS, "DELETE", "/{}/invitations/{}", TRUE },
  [EWE_API_ACCEPT_INVITATION] = { EWE_API_SERVICE_LISTS, "POST", "/invitation/{}/accept", TRUE },
  [EWE_API_SET_GIFT_RECEIVED] = { EWE_API_SERVICE_LISTS, "PUT", "/{}/product/{}/received", TRUE },
  [EWE_API_SET_GIVER_THANKED] = { EWE_API_SERVICE_LISTS, "PUT", "/{}/thanks", TRUE },
  /* Its URL is made from the lists' (ewe-api-client-batch.c). */
  [EWE_API_BATCH] = { EWE_API_SERVICE_LISTS, "POST", "", TRUE },
};

static const char *service_paths[EWE_API_N_SERVICES] = {
  [EWE_API_SERVICE_LISTS] = "/api/lists",
  [EWE_API_SERVICE_PRODUCTS] = "/api/products",
  [EWE_API_SERVICE_NOTFOUND] = "/api/notfound",
  [EWE_API_SERVICE_CONTACT] = "/api/contact",
};

struct _EweApiClient
{
  GObject      parent_instance;

  /* owned */
  EweAccount  *account; /* NULL: public calls only */
  SoupSession *session;
  char        *base_urls[EWE_API_N_SERVICES];
  /* list id → the highest version (gint64 *) this client's own writes
   * brought it to, as the server's answers said */
  GHashTable  *written_versions;
};

G_DEFINE_FINAL_TYPE (EweApiClient, ewe_api_client, G_TYPE_OBJECT)

/* The quark name is one token with dashes: clang-format would space them. */
/* clang-format off */
G_DEFINE_QUARK (ewe-api-error-quark, ewe_api_error)
/* clang-format on */

static void
ewe_api_client_finalize (GObject *object)
{
  EweApiClient *self = (EweApiClient *)object;

  g_clear_object (&self->account);
  g_clear_object (&self->session);
  g_clear_pointer (&self->written_versions, g_hash_table_unref);
  for (guint i = 0; i < EWE_API_N_SERVICES; i++)
    g_clear_pointer (&self->base_urls[i], g_free);

  G_OBJECT_CLASS (ewe_api_client_parent_class)->finalize (object);
}

static void
ewe_api_client_class_init (EweApiClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ewe_api_client_finalize;
}

static void
ewe_api_client_init (EweApiClient *self)
{
  self->written_versions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  /* TLS certificates are verified by default; nothing here turns that off. */
  self->session = soup_session_new_with_options ("timeout", TIMEOUT_SECONDS,
                                                 "user-agent", PACKAGE_NAME "/" PACKAGE_VERSION " ",
                                                 /* The desktop's languages: the server writes its mails
                                                  * (a sign-up's, a reservation's) in the first it speaks. */
                                                 "accept-language-auto", TRUE,
                                                 "max-conns-per-host", MAX_CONNECTIONS_PER_HOST,
                                                 NULL);
}

EweApiClient *
ewe_api_client_new (EweAccount *account)
{
  EweApiClient *self;

  g_return_val_if_fail (account == NULL || EWE_IS_ACCOUNT (account), NULL);

  self = g_object_new (EWE_TYPE_API_CLIENT, NULL);
  g_set_object (&self->account, account);

  return self;
}

/* All four services of one ewelists-server, under <server>/api/. */
EweApiClient *
ewe_api_client_new_for_server (EweAccount *account,
                               const char *server_url)
{
  EweApiClient    *self = ewe_api_client_new (account);
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (server_url != NULL, NULL);

  trimmed = g_strdup (server_url);
  while (g_str_has_suffix (trimmed, "/"))
    trimmed[strlen (trimmed) - 1] = '\0';

  for (guint i = 0; i < EWE_API_N_SERVICES; i++)
    self->base_urls[i] = g_strconcat (trimmed, service_paths[i], NULL);

  return self;
}

void
ewe_api_client_set_base_url (EweApiClient *self,
                             EweApiService service,
                             const char   *base_url)
{
  g_return_if_fail (EWE_IS_API_CLIENT (self));
  g_return_if_fail (service < EWE_API_N_SERVICES);

  g_free (self->base_urls[service]);
  self->base_urls[service] = g_strdup (base_url);

  while (self->base_urls[service] != NULL && g_str_has_suffix (self->base_urls[service], "/"))
    self->base_urls[service][strlen (self->base_urls[service]) - 1] = '\0';
}

const char *
ewe_api_client_get_base_url (EweApiClient *self,
                             EweApiService service)
{
  g_return_val_if_fail (EWE_IS_API_CLIENT (self), NULL);
  g_return_val_if_fail (service < EWE_API_N_SERVICES, NULL);

  return self->base_urls[service];
}

EweAccount *
ewe_api_client_get_account (EweApiClient *self)
{
  g_return_val_if_fail (EWE_IS_API_CLIENT (self), NULL);

  return self->account;
}

/* Whether @a and @b would make the same calls: the same account, each
 * service at the same URL. Either may be NULL. */
gboolean
ewe_api_client_equal (EweApiClient *a,
                      EweApiClient *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  if (a->account != b->account)
    return FALSE;

  for (guint i = 0; i < EWE_API_N_SERVICES; i++)
    {
      if (g_strcmp0 (ewe_api_client_get_base_url (a, i), ewe_api_client_get_base_url (b, i)) != 0)
        return FALSE;
    }

  return TRUE;
}

/* Fills the {} of @pattern with @args, each escaped as one path segment
 * (a product URL becomes one segment, as the original API expects). */
char *
ewe_api_client_body_text (JsonNode *body)
{
  return json_to_string (body, FALSE);
}

static char *
expand_path (const char         *pattern,
             const char * const *args,
             GError            **error)
{
  g_autoptr(GString) path = g_string_new (NULL);
  guint n_args = args ? g_strv_length ((char **)args) : 0;
  guint used = 0;

  for (const char *p = pattern; *p != '\0'; p++)
    {
      if (p[0] == '{' && p[1] == '}')
        {
          if (used >= n_args || args[used][0] == '\0')
            {
              g_set_error (error, EWE_API_ERROR, EWE_API_ERROR_INVALID,
                           _("A request was missing an identifier."));
              return NULL;
            }

          g_string_append_uri_escaped (path, args[used++], NULL, TRUE);
          p++;
        }
      else
        {
          g_string_append_c (path, *p);
        }
    }

  if (used != n_args)
    {
      g_set_error (error, EWE_API_ERROR, EWE_API_ERROR_INVALID,
                   _("A request had more identifiers than its address takes."));
      return NULL;
    }

  return g_string_free (g_steal_pointer (&path), FALSE);
}

typedef struct
{
  EweApiEndpoint endpoint;
  char          *url;
  GBytes        *body;
  char          *idempotency_key;
  gboolean       retried_after_refresh;
  gboolean       replayed;
} Call;

static void
call_free (Call *call)
{
  g_free (call->url);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_free (call->idempotency_key);
  g_free (call);
}

static EweApiError
error_code_for_status (guint status)
{
  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      return EWE_API_ERROR_UNAUTHORIZED;
    case SOUP_STATUS_FORBIDDEN:
      return EWE_API_ERROR_FORBIDDEN;
    case SOUP_STATUS_NOT_FOUND:
      return EWE_API_ERROR_NOT_FOUND;
    case SOUP_STATUS_CONFLICT:
      return EWE_API_ERROR_CONFLICT;
    default:
      return status >= 500 ? EWE_API_ERROR_SERVER : EWE_API_ERROR_INVALID;
    }
}

static const char *
fallback_message (EweApiError code)
{
  switch (code)
    {
    case EWE_API_ERROR_UNAUTHORIZED:
      return _("The server did not accept your sign-in. Please sign in again.");
    case EWE_API_ERROR_FORBIDDEN:
      return _("This belongs to someone else.");
    case EWE_API_ERROR_NOT_FOUND:
      return _("This no longer exists on the server.");
    case EWE_API_ERROR_CONFLICT:
      return _("Someone changed this at the same time. Refresh and try again.");
    case EWE_API_ERROR_INVALID:
      return _("The server refused the request.");
    case EWE_API_ERROR_NETWORK:
    case EWE_API_ERROR_SERVER:
    default:
      return _("The server ran into a problem. Try again later.");
    }
}

GError *
ewe_api_client_error_for_status (guint       status,
                                 const char *data,
                                 gsize       size)
{
  EweApiError      code = error_code_for_status (status);
  g_autofree char *message = NULL;

  if (size > 0 && size <= MAX_RESPONSE)
    message = ewe_codec_decode_error_message (data, size);

  return g_error_new (EWE_API_ERROR, code, "%s", message && *message ? message : fallback_message (code));
}

static void send_call (GTask *task, EweTokens *tokens);

static void
tokens_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(EweTokens) tokens = NULL;
  g_autoptr(GError) error = NULL;

  tokens = ewe_account_get_tokens_finish (EWE_ACCOUNT (object), result, &error);
  if (tokens == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else if (g_error_matches (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_NETWORK))
        g_task_return_new_error (task, EWE_API_ERROR, EWE_API_ERROR_NETWORK, "%s", error->message);
      else
        g_task_return_new_error (task, EWE_API_ERROR, EWE_API_ERROR_UNAUTHORIZED, "%s", error->message);
      return;
    }

  send_call (g_steal_pointer (&task), tokens);
}

static void
fetch_tokens_and_send (GTask   *task,
                       gboolean force_refresh)
{
  EweApiClient *self = g_task_get_source_object (task);

  ewe_account_get_tokens_async (self->account, force_refresh, g_task_get_cancellable (task),
                                tokens_cb, task);
}

/* ewelists-server says, in a write's answer, the version each list it
 * changed is at now ("LISTID VERSION, …"): the version of that change's
 * live notice, which this client then knows it need not act on. */
static void
note_written_versions (EweApiClient *self,
                       const char   *header)
{
  g_auto(GStrv) changes = NULL;

  if (header == NULL)
    return;

  changes = g_strsplit (header, ",", -1);
  for (guint i = 0; changes[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_strstrip (changes[i]), " ", 2);
      gint64 *known;
      gint64  version;

      if (g_strv_length (parts) != 2 || parts[0][0] == '\0' ||
          !g_ascii_string_to_signed (parts[1], 10, 1, G_MAXINT64, &version, NULL))
        continue;

      known = g_hash_table_lookup (self->written_versions, parts[0]);
      if (known == NULL)
        g_hash_table_insert (self->written_versions, g_strdup (parts[0]), g_memdup2 (&version, sizeof version));
      else
        *known = MAX (*known, version);
    }
}

gint64
ewe_api_client_get_written_version (EweApiClient *self,
                                    const char   *list_id)
{
  gint64 *known;

  g_return_val_if_fail (EWE_IS_API_CLIENT (self), 0);

  known = list_id != NULL ? g_hash_table_lookup (self->written_versions, list_id) : NULL;
  return known != NULL ? *known : 0;
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  SoupSession *session = SOUP_SESSION (object);
  g_autoptr(GTask) task = user_data;
  EweApiClient *self = g_task_get_source_object (task);
  Call         *call = g_task_get_task_data (task);
  SoupMessage  *msg = soup_session_get_async_result_message (session, result);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize       size = 0;
  guint       status;

  body = soup_session_send_and_read_finish (session, result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, EWE_API_ERROR, EWE_API_ERROR_NETWORK,
                                 _("Could not reach the server: %s"), error->message);
      return;
    }

  status = soup_message_get_status (msg);
  data = g_bytes_get_data (body, &size);

  /* An ID token can be refused just before its expiry, or after the server
   * rotated its secret: refresh once and try again. */
  if (status == SOUP_STATUS_UNAUTHORIZED && endpoints[call->endpoint].authenticated &&
      self->account != NULL && !call->retried_after_refresh)
    {
      call->retried_after_refresh = TRUE;
      fetch_tokens_and_send (g_steal_pointer (&task), TRUE);
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_error (task, ewe_api_client_error_for_status (status, data, size));
      return;
    }

  if (size > MAX_RESPONSE)
    {
      g_task_return_new_error (task, EWE_API_ERROR, EWE_API_ERROR_SERVER,
                               _("The server sent far more than expected."));
      return;
    }

  note_written_versions (self, soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                             "Ewelists-List-Version"));
  call->replayed = g_strcmp0 (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                            "Idempotent-Replayed"),
                              "true") == 0;

  /* The body is handed on undecoded: ewe-codec checks and decodes it into
   * models, so malformed JSON has exactly one place where it is caught. */
  g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify)g_bytes_unref);
}

static void
send_call (GTask     *task,
           EweTokens *tokens)
{
  EweApiClient   *self = g_task_get_source_object (task);
  Call           *call = g_task_get_task_data (task);
  const Endpoint *endpoint = &endpoints[call->endpoint];
  g_autoptr(SoupMessage) msg = soup_message_new (endpoint->method, call->url);
  SoupMessageHeaders *headers;

  if (msg == NULL)
    {
      g_task_return_new_error (task, EWE_API_ERROR, EWE_API_ERROR_INVALID,
                               _("“%s” is not a valid server address."), call->url);
      g_object_unref (task);
      return;
    }

  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept", "application/json");

  if (tokens != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", ewe_tokens_get_id_token (tokens), NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
      memset (authorization, 0, strlen (authorization));
    }

  if (call->idempotency_key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", call->idempotency_key);

  if (call->body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json", call->body);

  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), read_cb, task);
}

/* Sends @body (or NULL) to @url as @endpoint; takes @task. */
static void
start_call (GTask         *task,
            EweApiEndpoint endpoint,
            const char    *url,
            GBytes        *body,
            const char    *idempotency_key)
{
  EweApiClient *self = g_task_get_source_object (task);
  Call         *call;

  call = g_new0 (Call, 1);
  call->endpoint = endpoint;
  call->url = g_strdup (url);
  call->idempotency_key = g_strdup (idempotency_key);
  call->body = body != NULL ? g_bytes_ref (body) : NULL;
  g_task_set_task_data (task, call, (GDestroyNotify)call_free);

  if (endpoints[endpoint].authenticated)
    {
      if (self->account == NULL)
        {
          g_task_return_new_error (task, EWE_API_ERROR, EWE_API_ERROR_UNAUTHORIZED,
                                   _("Sign in to do this."));
          g_object_unref (task);
          return;
        }

      fetch_tokens_and_send (task, FALSE);
      return;
    }

  /* Public endpoints still say who is asking when someone is signed in, so
   * the server can, for instance, tell a reservation is the user's own. */
  if (self->account != NULL && ewe_account_get_signed_in (self->account))
    {
      fetch_tokens_and_send (task, FALSE);
      return;
    }

  send_call (task, NULL);
}

void
ewe_api_client_send_async (EweApiClient       *self,
                           EweApiEndpoint      endpoint,
                           const char         *url,
                           GBytes             *body,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, ewe_api_client_call_async);
  start_call (task, endpoint, url, body, NULL);
}

/* The length of the server's URL before the lists' "/api/lists", when
 * every service is on that one server as ewelists-server has them, else 0. */
static gsize
one_server_prefix (EweApiClient *self)
{
  const char *lists = self->base_urls[EWE_API_SERVICE_LISTS];
  gsize       prefix;

  if (lists == NULL || !g_str_has_suffix (lists, service_paths[EWE_API_SERVICE_LISTS]))
    return 0;

  prefix = strlen (lists) - strlen (service_paths[EWE_API_SERVICE_LISTS]);
  for (guint i = 0; i < EWE_API_N_SERVICES; i++)
    {
      const char *base = self->base_urls[i];

      if (base == NULL || strncmp (base, lists, prefix) != 0 || g_strcmp0 (base + prefix, service_paths[i]) != 0)
        return 0;
    }

  return prefix;
}

char *
ewe_api_client_batch_url (EweApiClient *self)
{
  gsize            prefix = one_server_prefix (self);
  g_autofree char *server = NULL;

  if (prefix == 0)
    return NULL;

  server = g_strndup (self->base_urls[EWE_API_SERVICE_LISTS], prefix);
  return g_strconcat (server, "/api/batch", NULL);
}

char *
ewe_api_client_endpoint_path (EweApiClient       *self,
                              EweApiEndpoint      endpoint,
                              const char * const *path_args,
                              const char        **method,
                              GError            **error)
{
  g_autofree char *path = expand_path (endpoints[endpoint].path, path_args, error);

  *method = endpoints[endpoint].method;
  if (path == NULL)
    return NULL;

  return g_strconcat (service_paths[endpoints[endpoint].service], path, NULL);
}

/* Calls @endpoint with @path_args filling its path, @body (or NULL) as the
 * JSON request, and @idempotency_key (or NULL) so that a retried request
 * is applied once. The result is the response body, undecoded (see
 * ewe-codec.h), possibly empty. Authenticated endpoints need a signed-in
 * account. */
void
ewe_api_client_call_async (EweApiClient       *self,
                           EweApiEndpoint      endpoint,
                           const char * const *path_args,
                           JsonNode           *body,
                           const char         *idempotency_key,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const char      *base_url;

  g_return_if_fail (EWE_IS_API_CLIENT (self));
  g_return_if_fail (endpoint < EWE_API_N_ENDPOINTS && endpoint != EWE_API_BATCH);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_api_client_call_async);

  base_url = self->base_urls[endpoints[endpoint].service];
  if (base_url == NULL || *base_url == '\0')
    {
      g_task_return_new_error (task, EWE_API_ERROR, EWE_API_ERROR_NETWORK,
                               _("No server is set up. Choose one in Preferences."));
      return;
    }

  if (!(path = expand_path (endpoints[endpoint].path, path_args, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  {
    g_autofree char *url = g_strconcat (base_url, path, NULL);
    g_autoptr(GBytes) bytes = NULL;

    if (body != NULL)
      {
        char *text = ewe_api_client_body_text (body);
        bytes = g_bytes_new_take (text, strlen (text));
      }

    start_call (g_steal_pointer (&task), endpoint, url, bytes, idempotency_key);
  }
}

GBytes *
ewe_api_client_call_finish (EweApiClient *self,
                            GAsyncResult *result,
                            GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ewe_api_client_call_was_replayed:
 * @result: a call's result, once finished
 *
 * Whether the server answered with the answer it recorded for the same
 * idempotency key earlier (`Idempotent-Replayed: true`): the change was
 * made then, not now, and others may have seen it since.
 */
gboolean
ewe_api_client_call_was_replayed (EweApiClient *self,
                                  GAsyncResult *result)
{
  Call *call;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  call = g_task_get_task_data (G_TASK (result));
  return call != NULL && call->replayed;
}
