/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-request.h"

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
};

GBytes *ews_request_body_bytes (SoupServerMessage *msg);

G_END_DECLS
