/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ewe-email-rules.h"
#include "ewe-limits.h"
#include "ews-json-writer.h"
#include "ews-rate-limit.h"
#include "ews-server.h"
#include "ews-storage.h"

G_BEGIN_DECLS

/* The request side of the data API: one EwsRequest per call, handed to the
 * route's handler. It knows the signed-in user (from the ID token), reads
 * the JSON body with a size limit and type checks, and sends replies; each
 * ews_request_require_*() and ews_request_member_*() that fails has already
 * answered with a 4xx {"error": …}, so a handler just returns.
 *
 * Routes added with ews_request_add_route() also get Idempotency-Key
 * handling: a non-GET request carrying the header is applied once, in one
 * transaction with the record of its answer; a retry with the same key from
 * the same user gets that first answer (status and body) again. */

/* Every route also answers a browser's CORS preflight (OPTIONS), and every
 * answer allows any origin, as the original service did: the API takes a
 * bearer token, never a cookie.
 *
 * Bodies larger than this are refused with 413 before they are read, or
 * as soon as a chunked one passes it (ews-connections.c). */
#define EWS_REQUEST_MAX_BODY (1024 * 1024)

/* No text a person types into a list needs more; a longer string is a 400
 * rather than a row that bloats every answer it appears in. */
#define EWS_REQUEST_MAX_STRING (16 * 1024)

/* libsoup 3.2 has no name for it. */
#define EWS_STATUS_TOO_MANY_REQUESTS 429

typedef struct _EwsRequest EwsRequest;

typedef struct
{
  char *sub;      /* the user's id */
  char *email;
  char *name;     /* the e-mail when the token has no name */
} EwsUser;

typedef void (*EwsRequestHandler) (EwsRequest *request);

typedef enum
{
  EWS_MEMBER_OPTIONAL = 0,
  EWS_MEMBER_REQUIRED = 1 << 0,  /* absent is a 400 */
  EWS_MEMBER_NULLABLE = 1 << 1,  /* JSON null is accepted and read as NULL */
  EWS_MEMBER_NONEMPTY = 1 << 2,  /* "" (or only spaces) is a 400 */
} EwsMemberFlags;

void               ews_request_add_route              (EwsServer          *server,
                                                       const char         *method,
                                                       const char         *pattern,
                                                       EwsRequestHandler   handler);

SoupServerMessage *ews_request_get_message            (EwsRequest         *self);
EwsServer         *ews_request_get_server             (EwsRequest         *self);
EwsStorage        *ews_request_get_storage            (EwsRequest         *self);
const char        *ews_request_get_param              (EwsRequest         *self,
                                                       const char         *name);

/* The client's address (ews-client-address.h). */
const char        *ews_request_get_client             (EwsRequest         *self);
/* The language of the caller's Accept-Language that the server speaks
 * best, or English: what a mail the request sends is written in. */
const EwsCatalog  *ews_request_get_language           (EwsRequest         *self);
/* Takes a token of @kind for @subject, or for the client's address when
 * @subject is NULL; FALSE after answering 429 with Retry-After (or 500). */
gboolean           ews_request_check_rate             (EwsRequest         *self,
                                                       EwsRateKind         kind,
                                                       const char         *subject);

const EwsUser     *ews_request_get_user               (EwsRequest         *self);
const EwsUser     *ews_request_require_user           (EwsRequest         *self);
JsonObject        *ews_request_require_body           (EwsRequest         *self);
/* Whether @text is empty or only white space, as EWS_MEMBER_NONEMPTY
 * refuses: a name of spaces names nobody. */
gboolean           ews_request_is_blank               (const char         *text);

gboolean           ews_request_member_string          (EwsRequest         *self,
                                                       JsonObject         *object,
                                                       const char         *name,
                                                       EwsMemberFlags      flags,
                                                       const char        **value);
gboolean           ews_request_member_int             (EwsRequest         *self,
                                                       JsonObject         *object,
                                                       const char         *name,
                                                       EwsMemberFlags      flags,
                                                       gint64              min,
                                                       gint64              max,
                                                       gint64             *value);
gboolean           ews_request_member_bool            (EwsRequest         *self,
                                                       JsonObject         *object,
                                                       const char         *name,
                                                       gboolean           *value);

void               ews_request_reply                  (EwsRequest         *self,
                                                       guint               status,
                                                       JsonNode           *body);
/* A 200 with the JSON @body that clients may revalidate: it carries @etag
 * (ews_etag_for_bytes() of @body), and a request whose If-None-Match names
 * that tag gets 304 with no body instead. @body is sent as it is, not
 * copied (a reference is taken), so one kept answer can serve many; a
 * read-only answer, so it is not kept for an Idempotency-Key either. */
void               ews_request_reply_revalidatable    (EwsRequest         *self,
                                                       GBytes             *body,
                                                       const char         *etag);
/* 200 OK with what @builder built. */
void               ews_request_reply_built            (EwsRequest         *self,
                                                       JsonBuilder        *builder);
/* 200 OK with what @writer wrote; takes @writer. */
void               ews_request_reply_written          (EwsRequest         *self,
                                                       EwsJsonWriter      *writer);
void               ews_request_reply_error            (EwsRequest         *self,
                                                       guint               status,
                                                       const char         *format,
                                                       ...) G_GNUC_PRINTF (3, 4);
void               ews_request_reply_storage_error    (EwsRequest         *self,
                                                       const GError       *error);


G_END_DECLS
