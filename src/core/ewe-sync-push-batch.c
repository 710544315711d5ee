/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-sync"

#include "config.h"

#include "ewe-sync-private.h"

/* The push's entries that may go together go in one request
 * (ewelists-server's POST /api/batch): one connection, one token check,
 * one commit and one sync on the server instead of one each. Each
 * entry's answer is then handled exactly as if it had come alone
 * (ewe_sync_push_answered()), in outbox order, and the answers are
 * recorded together (ewe-sync-push.c commits them as one batch).
 *
 * A server without the route (a real Cognito and API Gateway, or an
 * older ewelists-server) is told apart by its answer to the batch itself:
 * the entries go back to waiting, unsent, and the sync sends one by one
 * from then on, for as long as this EweSync lives. */

typedef struct
{
  GTask  *task;
  GArray *indexes;
} Sending;

static void
batch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Sending *sending = user_data;
  g_autoptr(GTask) task = sending->task;
  g_autoptr(GArray) indexes = sending->indexes;
  EweSync *self = g_task_get_source_object (task);
  Run     *run = g_task_get_task_data (task);
  g_autoptr(GPtrArray) answers = NULL;
  g_autoptr(GError) error = NULL;

  g_free (sending);
  run->in_flight--;

  answers = ewe_api_client_batch_finish (EWE_API_CLIENT (object), result, &error);
  if (answers == NULL)
    {
      guint first = 0;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
        {
          g_debug ("Sending one by one: %s", error->message);
          self->batch_unsupported = TRUE;
        }
      else
        {
          /* No answer at all (the network, the server, the sign-in):
           * as if the first had failed alone, which stops the push; the
           * others were not tried, as they would not have been. */
          ewe_sync_push_answered (task, g_array_index (indexes, guint, 0), NULL, error, FALSE);
          first = 1;
        }

      for (guint i = first; i < indexes->len; i++)
        run->states[g_array_index (indexes, guint, i)] = SLOT_WAITING;

      ewe_sync_push_pump (task);
      return;
    }

  for (guint i = 0; i < indexes->len; i++)
    {
      EweApiBatchAnswer *answer = g_ptr_array_index (answers, i);
      guint              index = g_array_index (indexes, guint, i);

      /* An earlier entry failed, so the server did not try this one. */
      if (answer->not_run)
        run->states[index] = SLOT_WAITING;
      else
        ewe_sync_push_answered (task, index, answer->answer, answer->error, answer->replayed);
    }

  ewe_sync_push_pump (task);
}

void
ewe_sync_push_send_batch (GTask     *task,
                          GArray    *indexes,
                          GPtrArray *payloads)
{
  EweSync                     *self = g_task_get_source_object (task);
  Run                         *run = g_task_get_task_data (task);
  g_autofree EweApiBatchEntry *entries = g_new0 (EweApiBatchEntry, indexes->len);
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  Sending *sending;

  for (guint i = 0; i < indexes->len; i++)
    {
      EweOutboxEntry *entry = g_ptr_array_index (run->entries, g_array_index (indexes, guint, i));
      const char    **path_args = ewe_sync_push_path_args (entry);

      g_ptr_array_add (args, path_args);
      entries[i].endpoint = ewe_sync_push_endpoint (entry);
      entries[i].path_args = path_args;
      entries[i].body = g_ptr_array_index (payloads, i);
      entries[i].idempotency_key = ewe_outbox_entry_get_idempotency_key (entry);
    }

  sending = g_new0 (Sending, 1);
  sending->task = g_object_ref (task);
  sending->indexes = g_array_copy (indexes);
  run->in_flight++;

  ewe_api_client_batch_async (self->client, entries, indexes->len, self->run_cancellable, batch_cb, sending);
}

/* About what the entry adds to a batch's body. */
gsize
ewe_sync_push_entry_size (EweOutboxEntry *entry)
{
  const char *payload = ewe_outbox_entry_get_payload (entry);

  return (payload != NULL ? strlen (payload) : 0) + 160;
}

void
ewe_sync_push_payload_free (gpointer payload)
{
  if (payload != NULL)
    json_node_unref (payload);
}
