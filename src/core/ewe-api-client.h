/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ewe-account.h"

G_BEGIN_DECLS

#define EWE_API_ERROR (ewe_api_error_quark ())

/* What the server (or the way to it) said, by what can be done about it;
 * the message is the server's own {"error": "…"} where it sent one. */
typedef enum
{
  EWE_API_ERROR_NETWORK,        /* no answer: offline, DNS, TLS, timeout */
  EWE_API_ERROR_UNAUTHORIZED,   /* 401 even after a token refresh */
  EWE_API_ERROR_FORBIDDEN,      /* 403 */
  EWE_API_ERROR_NOT_FOUND,      /* 404 */
  EWE_API_ERROR_CONFLICT,       /* 409: e.g. all of a gift is reserved */
  EWE_API_ERROR_INVALID,        /* other 4xx: the request was refused */
  EWE_API_ERROR_SERVER,         /* 5xx, or an answer that makes no sense */
} EweApiError;

/* The four services of the original cloud, each with its own base URL. */
typedef enum
{
  EWE_API_SERVICE_LISTS,
  EWE_API_SERVICE_PRODUCTS,
  EWE_API_SERVICE_NOTFOUND,
  EWE_API_SERVICE_CONTACT,
  EWE_API_N_SERVICES,
} EweApiService;

/* One value per endpoint of the original API. Path arguments are given in
 * the order the path names them (see ewe-api-client.c's table). */
typedef enum
{
  EWE_API_GET_LISTS,              /* GET    /lists */
  EWE_API_CREATE_LIST,            /* POST   /lists */
  EWE_API_GET_LIST,               /* GET    /lists/{id} */
  EWE_API_UPDATE_LIST,            /* PUT    /lists/{id} */
  EWE_API_DELETE_LIST,            /* DELETE /lists/{id} */
  EWE_API_CLOSE_LIST,             /* POST   /lists/{id}/close */
  EWE_API_ARCHIVE_LIST,           /* POST   /lists/{id}/archive {"note"} (our server's) */
  EWE_API_UNARCHIVE_LIST,         /* DELETE /lists/{id}/archive (our server's) */
  EWE_API_GET_SHARED_LIST,        /* GET    /lists/{id}/shared (public) */
  EWE_API_ADD_LIST_PRODUCT,       /* POST   /lists/{id}/product/{productId} */
  EWE_API_UPDATE_LIST_PRODUCT,    /* PUT    /lists/{id}/product/{productId} */
  EWE_API_DELETE_LIST_PRODUCT,    /* DELETE /lists/{id}/product/{productId} */
  EWE_API_RESERVE,                /* POST   /lists/{id}/reserve/{productId}/email/{email} (public) */
  EWE_API_PURCHASE,               /* PUT    /lists/purchase/{reservationId}/email/{email} */
  EWE_API_GET_RESERVATION,        /* GET    /lists/reservation/{reservationId}/email/{email} (public) */
  EWE_API_GET_MY_RESERVATION,     /* GET    /lists/reservation/{reservationId}: the list owner's or the
                                   *        signed-in guest's own (ewelists-server) */
  EWE_API_DELETE_RESERVATION,     /* DELETE /lists/reservation/{reservationId} */
  EWE_API_CONFIRM_RESERVATION,    /* POST   /lists/reservation/{reservationId}/confirm {"email", "key"}
                                   *        (public; ewelists-server) */
  EWE_API_UPDATE_RESERVATION,     /* PUT    /lists/reserve/{reservationId}/email/{email} */
  EWE_API_UNRESERVE,              /* DELETE /lists/reserve/{reservationId}/email/{email} */
  EWE_API_CREATE_PRODUCT,         /* POST   /products */
  EWE_API_GET_PRODUCT,            /* GET    /products/{id} (public) */
  EWE_API_DELETE_PRODUCT,         /* DELETE /products/{id} */
  EWE_API_SEARCH_PRODUCT_URL,     /* GET    /products/url/{url} */
  EWE_API_CREATE_NOTFOUND,        /* POST   /notfound */
  EWE_API_GET_NOTFOUND,           /* GET    /notfound/{id} (public) */
  EWE_API_DELETE_NOTFOUND,        /* DELETE /notfound/{id} */
  EWE_API_CONTACT,                /* POST   /contact (public) */
  /* co-owners (ewelists-server) */
  EWE_API_GET_COOWNERS,           /* GET    /lists/{id}/coowners */
  EWE_API_INVITE_COOWNER,         /* POST   /lists/{id}/coowners {"email"} */
  EWE_API_REMOVE_COOWNER,         /* DELETE /lists/{id}/coowners/{userId} */
  EWE_API_WITHDRAW_INVITATION,    /* DELETE /lists/{id}/invitations/{invitationId} */
  EWE_API_ACCEPT_INVITATION,      /* POST   /lists/invitation/{invitationId}/accept {"key"} */
  EWE_API_SET_GIFT_RECEIVED,      /* PUT    /lists/{id}/product/{productId}/received {"received"} */
  EWE_API_SET_GIVER_THANKED,      /* PUT    /lists/{id}/thanks {"email", "thanked"} */
  EWE_API_BATCH,                  /* POST   /api/batch: several writes at once (our server's; see
                                   * ewe_api_client_batch_async(), not a call of its own) */
  EWE_API_N_ENDPOINTS,
} EweApiEndpoint;

#define EWE_TYPE_API_CLIENT (ewe_api_client_get_type ())

G_DECLARE_FINAL_TYPE (EweApiClient, ewe_api_client, EWE, API_CLIENT, GObject)

GQuark        ewe_api_error_quark          (void);
EweApiClient *ewe_api_client_new           (EweAccount           *account);
EweApiClient *ewe_api_client_new_for_server (EweAccount          *account,
                                             const char          *server_url);
void          ewe_api_client_set_base_url  (EweApiClient         *self,
                                            EweApiService         service,
                                            const char           *base_url);
const char   *ewe_api_client_get_base_url  (EweApiClient         *self,
                                            EweApiService         service);
EweAccount   *ewe_api_client_get_account   (EweApiClient         *self);
gboolean      ewe_api_client_equal         (EweApiClient         *a,
                                            EweApiClient         *b);
void          ewe_api_client_call_async    (EweApiClient         *self,
                                            EweApiEndpoint        endpoint,
                                            const char * const   *path_args,
                                            JsonNode             *body,
                                            const char           *idempotency_key,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
GBytes       *ewe_api_client_call_finish   (EweApiClient         *self,
                                            GAsyncResult         *result,
                                            GError              **error);
gboolean      ewe_api_client_call_was_replayed (EweApiClient     *self,
                                                GAsyncResult     *result);
/* The highest version this client's own writes brought @list_id to, as
 * ewelists-server's answers said; 0 when none did. A live notice of that
 * version or an older one tells it nothing the pull after those writes
 * did not. */
/* One write of a batch: what ewe_api_client_call_async() would send. */
typedef struct
{
  EweApiEndpoint      endpoint;
  const char * const *path_args;
  JsonNode           *body;            /* or NULL */
  const char         *idempotency_key; /* or NULL */
} EweApiBatchEntry;

/* What the server answered one entry of a batch. */
typedef struct
{
  GBytes  *answer;    /* its answer's body when it succeeded, else NULL */
  GError  *error;     /* else why not, as ewe_api_client_call_finish() says */
  gboolean replayed;  /* answered from its Idempotency-Key's record */
  gboolean not_run;   /* not tried, as an earlier entry failed: send it again */
} EweApiBatchAnswer;

/* Sends @entries (at most EWE_LIMIT_BATCH_ENTRIES) in one request to
 * ewelists-server's POST /api/batch, which runs them in order. The result
 * is a GPtrArray of EweApiBatchAnswer, one per entry. A server without the
 * route (the original API) fails it with G_IO_ERROR_NOT_SUPPORTED: send
 * the entries one by one then. */
void          ewe_api_client_batch_async   (EweApiClient           *self,
                                            const EweApiBatchEntry *entries,
                                            guint                   n_entries,
                                            GCancellable           *cancellable,
                                            GAsyncReadyCallback     callback,
                                            gpointer                user_data);
GPtrArray    *ewe_api_client_batch_finish  (EweApiClient           *self,
                                            GAsyncResult           *result,
                                            GError                **error);
/* The text ewe_api_client_call_async() sends as @body's JSON. */
char         *ewe_api_client_body_text     (JsonNode               *body);

gint64        ewe_api_client_get_written_version (EweApiClient   *self,
                                                  const char     *list_id);

G_END_DECLS
