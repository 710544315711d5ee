/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-request.h"
#include "ews-router.h"

G_BEGIN_DECLS

/* Shared by ews-request.c and ews-idempotency.c. */

struct _EwsRequest
{
  /* borrowed */
  SoupServerMessage *msg;
  GHashTable        *params;
  EwsServer         *server;

  /* owned */
  JsonNode          *body;
  EwsUser           *user;
  gboolean           user_checked;
  char              *client;

  /* What the handler answered, kept for the Idempotency-Key record. */
  guint              reply_status;
  char              *reply_body;

  /* An entry of a batch (ews-batch.c) has no message of its own: msg is
   * NULL, its answer is only reply_status and reply_body, and these stand
   * in for what the message would say. */
  SoupServerMessage *outer;       /* borrowed: the batch's, for its headers */
  char              *method;
  char              *path;
  GBytes            *sub_body;
  gboolean           replayed;    /* answered from an Idempotency-Key record */
};

GBytes     *ews_request_body_bytes    (SoupServerMessage *msg);

/* The request's method, path (as the router sees it) and body, whether it
 * came on its own or in a batch. */
const char *ews_request_method        (EwsRequest        *self);
const char *ews_request_path          (EwsRequest        *self);
GBytes     *ews_request_body          (EwsRequest        *self);

/* Runs @handler for one entry of a batch, as dispatch would for a request
 * of its own (the Idempotency-Key record included), with the batch's
 * signed-in @user and client address; the answer is in the entry's
 * reply_status and reply_body. */
EwsRequest *ews_request_new_entry     (EwsServer         *server,
                                       SoupServerMessage *outer,
                                       const EwsUser     *user,
                                       const char        *method,
                                       const char        *path,
                                       GBytes            *body);
void        ews_request_run_entry     (EwsRequest        *self,
                                       EwsRequestHandler  handler,
                                       GHashTable        *params,
                                       const char        *idempotency_key);
void        ews_request_free          (EwsRequest        *self);
/* The data API handler behind a router match, or NULL when the route is
 * not one of ews_request_add_route()'s. */
EwsRequestHandler ews_request_handler_of (EwsRouteHandler handler,
                                          gpointer        user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EwsRequest, ews_request_free)

G_END_DECLS
