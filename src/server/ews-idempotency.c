/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-idempotency"

#include "config.h"

#include "ews-idempotency.h"
#include "ews-router.h"
#include "ews-request-private.h"

/* Idempotency keys are client-chosen; a UUID is 36 characters. */
#define MAX_IDEMPOTENCY_KEY_LENGTH 255

/* What makes a retry the same request: method, path and body. A key sent
 * again with anything else is the client's mistake (422), not a retry. */
static char *
request_fingerprint (EwsRequest *self)
{
  g_autoptr(GBytes) body = ews_request_body (self);
  g_autofree char *digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, body);

  return g_strdup_printf ("%s %s %s", ews_request_method (self), ews_request_path (self), digest);
}

static void
replay (EwsRequest         *self,
        EwsIdempotentReply *reply)
{
  gsize length = strlen (reply->body);

  /* An entry of a batch: the batch says it was replayed. */
  if (self->msg == NULL)
    {
      self->replayed = TRUE;
      self->reply_status = reply->status;
      g_free (self->reply_body);
      self->reply_body = g_strdup (reply->body);
      return;
    }

  soup_message_headers_replace (soup_server_message_get_response_headers (self->msg),
                                "Idempotent-Replayed", "true");
  soup_message_headers_replace (soup_server_message_get_response_headers (self->msg),
                                "Access-Control-Allow-Origin", "*");
  soup_server_message_set_status (self->msg, reply->status, NULL);
  soup_server_message_set_response (self->msg, "application/json", SOUP_MEMORY_COPY,
                                    reply->body, length);
}

/* Runs the handler inside one transaction with the record of its answer, so
 * a crash cannot leave a change applied without its record (or the other
 * way round). Answers of 5xx are ours to fix and are rolled back and not
 * recorded, so the client's retry runs again. */
void
ews_idempotency_handle (EwsRequest       *self,
                        EwsRequestHandler handler,
                        const char       *key)
{
  EwsStorage      *storage = ews_request_get_storage (self);
  const EwsUser   *user = ews_request_get_user (self);
  const char      *scope = user != NULL ? user->sub : "";
  g_autofree char *fingerprint = request_fingerprint (self);
  g_autoptr(EwsIdempotentReply) prior = NULL;
  g_autoptr(GError) error = NULL;

  if (key[0] == '\0' || strlen (key) > MAX_IDEMPOTENCY_KEY_LENGTH || !g_utf8_validate (key, -1, NULL))
    {
      ews_request_reply_error (self, SOUP_STATUS_BAD_REQUEST,
                               "An Idempotency-Key must be 1 to %d characters long.",
                               MAX_IDEMPOTENCY_KEY_LENGTH);
      return;
    }

  if (!ews_storage_begin (storage, &error))
    {
      ews_request_reply_storage_error (self, error);
      return;
    }

  prior = ews_storage_idempotency_lookup (storage, scope, key, &error);
  if (prior != NULL)
    {
      ews_storage_rollback (storage);

      if (g_strcmp0 (prior->fingerprint, fingerprint) != 0)
        ews_request_reply_error (self, SOUP_STATUS_UNPROCESSABLE_ENTITY,
                                 "This Idempotency-Key was already used for a different request.");
      else
        replay (self, prior);
      return;
    }

  if (!g_error_matches (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND))
    {
      ews_storage_rollback (storage);
      ews_request_reply_storage_error (self, error);
      return;
    }
  g_clear_error (&error);

  handler (self);

  if (self->reply_body == NULL || self->reply_status >= 500)
    {
      ews_storage_rollback (storage);
      return;
    }

  /* A 401 depends on the token, not the request: a retry with a fresh
   * token must run, not get the 401 again. A 429 depends on the time:
   * the retry after Retry-After must run too. */
  if (self->reply_status != SOUP_STATUS_UNAUTHORIZED && self->reply_status != EWS_STATUS_TOO_MANY_REQUESTS)
    {
      EwsIdempotentReply reply = { fingerprint, self->reply_status, self->reply_body };

      if (!ews_storage_idempotency_store (storage, scope, key, &reply, &error))
        {
          ews_storage_rollback (storage);
          ews_request_reply_storage_error (self, error);
          return;
        }
    }

  if (!ews_storage_commit (storage, &error))
    ews_request_reply_storage_error (self, error);
}
