/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ewe-codec.h"
#include "ewe-limits.h"
#include "ewe-sync-private.h"

/* The push half of a sync run (ewe-sync.c has the rest): the outbox goes
 * to the server, each entry with its idempotency key, and each entry is
 * forgotten in the same transaction that records its answer.
 *
 * Entries that do not depend on each other are on their way together (a
 * few requests at once, see ewe-sync-push-order.c for what waits for what: edits of
 * one object, a list and what is in it, a product and its gift, the gifts
 * added to one list, the lists created, all go in outbox order), and the
 * answers that arrive meanwhile are committed together, one transaction
 * for a batch. An entry waits until what it depends on is answered; the
 * server ids that creates answer go into the entries still to send at once.
 * All of it runs on the caller's main context; the store's worker does the
 * SQL. */

#define MAX_IN_FLIGHT 6 /* the API client opens as many connections */
#define LOOKAHEAD 256   /* entries looked at for one that may go */
#define COMMIT_BATCH 16 /* answers worth a commit without waiting for more */
/* What a batch may weigh: each entry's body is sent as a JSON string in
 * the batch's, where escaping can make it grow; half the server's limit
 * leaves room for that. */
#define BATCH_BYTES (EWE_LIMIT_BATCH_BYTES / 2)

typedef struct
{
  EweApiEndpoint endpoint;
  gboolean       sends_payload;
  gboolean       answers_id; /* the answer names the new server id */
  const char    *id_member;
} Push;

static gboolean
push_for_kind (EweOutboxKind kind,
               Push         *push)
{
  switch (kind)
    {
    case EWE_OUTBOX_KIND_CREATE_LIST:
      *push = (Push) { EWE_API_CREATE_LIST, TRUE, TRUE, "listId" };
      return TRUE;
    case EWE_OUTBOX_KIND_UPDATE_LIST:
      *push = (Push) { EWE_API_UPDATE_LIST, TRUE, FALSE, NULL };
      return TRUE;
    case EWE_OUTBOX_KIND_CLOSE_LIST:
      *push = (Push) { EWE_API_CLOSE_LIST, FALSE, FALSE, NULL };
      return TRUE;
    case EWE_OUTBOX_KIND_DELETE_LIST:
      *push = (Push) { EWE_API_DELETE_LIST, FALSE, FALSE, NULL };
      return TRUE;
    case EWE_OUTBOX_KIND_ARCHIVE_LIST:
      *push = (Push) { EWE_API_ARCHIVE_LIST, TRUE, FALSE, NULL };
      return TRUE;
    case EWE_OUTBOX_KIND_UNARCHIVE_LIST:
      *push = (Push) { EWE_API_UNARCHIVE_LIST, FALSE, FALSE, NULL };
      return TRUE;
    /* The same PUT as an update, with the reveal date alone. */
    case EWE_OUTBOX_KIND_SET_REVEAL_DATE:
      *push = (Push) { EWE_API_UPDATE_LIST, TRUE, FALSE, NULL };
      return TRUE;
    case EWE_OUTBOX_KIND_CREATE_PRODUCT:
      *push = (Push) { EWE_API_CREATE_NOTFOUND, TRUE, TRUE, "productId" };
      return TRUE;
    case EWE_OUTBOX_KIND_ADD_GIFT:
      *push = (Push) { EWE_API_ADD_LIST_PRODUCT, TRUE, FALSE, NULL };
      return TRUE;
    case EWE_OUTBOX_KIND_UPDATE_GIFT:
      *push = (Push) { EWE_API_UPDATE_LIST_PRODUCT, TRUE, FALSE, NULL };
      return TRUE;
    case EWE_OUTBOX_KIND_REMOVE_GIFT:
      *push = (Push) { EWE_API_DELETE_LIST_PRODUCT, FALSE, FALSE, NULL };
      return TRUE;
    case EWE_OUTBOX_KIND_SET_RECEIVED:
      *push = (Push) { EWE_API_SET_GIFT_RECEIVED, TRUE, FALSE, NULL };
      return TRUE;
    case EWE_OUTBOX_KIND_SET_THANKED:
      *push = (Push) { EWE_API_SET_GIVER_THANKED, TRUE, FALSE, NULL };
      return TRUE;
    default:
      return FALSE;
    }
}

static void pump (GTask *task);
static void read_outbox (GTask *task);

/* Stops sending; what is under way is let finish. The first reason wins. */
static void
stop_push (Run    *run,
           GError *error)
{
  run->stopping = TRUE;
  if (run->stop_error == NULL)
    run->stop_error = error;
  else
    g_error_free (error);
}

static gboolean
outstanding (Run *run)
{
  return run->in_flight > 0 || run->committing || run->recording > 0 || run->batch->len > 0;
}

/* The server accepted @entry (or refused it for good): it joins the answers
 * waiting to be committed. */
static void
add_answer (Run        *run,
            guint       index,
            const char *server_id)
{
  run->states[index] = SLOT_ANSWERED;
  g_array_append_val (run->batch, index);
  g_ptr_array_add (run->batch_server_ids, g_strdup (server_id));
}

static void
entry_failed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  run->recording--;
  if (!ewe_store_fail_outbox_entry_finish (EWE_STORE (object), result, &error))
    g_debug ("Could not record the failed attempt: %s", error->message);

  pump (task);
}

/* Keeps the entry for the next run, counts the attempt, and stops this
 * run with @stop_error (taken) once what is under way has settled. */
static void
fail_entry (GTask      *task,
            guint       index,
            const char *message,
            GError     *stop_error)
{
  EweSync        *self = g_task_get_source_object (task);
  Run            *run = g_task_get_task_data (task);
  EweOutboxEntry *entry = g_ptr_array_index (run->entries, index);

  run->states[index] = SLOT_WAITING;
  stop_push (run, stop_error);
  run->recording++;
  ewe_store_fail_outbox_entry_async (self->store, ewe_outbox_entry_get_id (entry), message,
                                     NULL, entry_failed_cb, g_object_ref (task));
}

/* Is @error the server's final word on this entry, so that retrying can
 * never help? Then the entry is dropped (and the user told); otherwise the
 * run stops and the entry is tried again later. */
static gboolean
is_final_refusal (const GError *error)
{
  if (error->domain != EWE_API_ERROR)
    return FALSE;

  switch ((EweApiError)error->code)
    {
    case EWE_API_ERROR_FORBIDDEN:
    case EWE_API_ERROR_NOT_FOUND:
    case EWE_API_ERROR_CONFLICT:
    case EWE_API_ERROR_INVALID:
      return TRUE;
    case EWE_API_ERROR_NETWORK:
    case EWE_API_ERROR_UNAUTHORIZED:
    case EWE_API_ERROR_SERVER:
    default:
      return FALSE;
    }
}

/* Some refusals mean the change is already there: deleting what is gone,
 * adding a gift the list already has (a retry whose first answer was lost
 * before idempotency keys existed on the server). */
static gboolean
refusal_means_done (EweOutboxKind kind,
                    const GError *error)
{
  if (g_error_matches (error, EWE_API_ERROR, EWE_API_ERROR_NOT_FOUND))
    return kind == EWE_OUTBOX_KIND_DELETE_LIST || kind == EWE_OUTBOX_KIND_REMOVE_GIFT;

  if (g_error_matches (error, EWE_API_ERROR, EWE_API_ERROR_CONFLICT))
    return kind == EWE_OUTBOX_KIND_ADD_GIFT || kind == EWE_OUTBOX_KIND_CLOSE_LIST;

  return FALSE;
}

typedef struct
{
  GTask *task;
  guint  index;
} Sending;

/* What the server said of the entry at @index, alone or in a batch: its
 * @answer, or @error. The caller pumps. */
void
ewe_sync_push_answered (GTask        *task,
                        guint         index,
                        GBytes       *answer,
                        const GError *error,
                        gboolean      replayed)
{
  EweSync        *self = g_task_get_source_object (task);
  Run            *run = g_task_get_task_data (task);
  EweOutboxEntry *entry = g_ptr_array_index (run->entries, index);
  EweOutboxKind   kind = ewe_outbox_entry_get_kind (entry);
  g_autoptr(GError) decode_error = NULL;
  g_autofree char *server_id = NULL;
  Push             push;

  if (answer == NULL)
    {
      if (refusal_means_done (kind, error))
        {
          add_answer (run, index, NULL);
        }
      else if (is_final_refusal (error))
        {
          /* Dropped either way; a list lost is told once the pull knows. */
          if (!ewe_sync_run_defer_refusal (run, entry, error))
            ewe_sync_change_refused (self, entry, error->message);
          add_answer (run, index, NULL);
        }
      else
        {
          fail_entry (task, index, error->message, ewe_sync_error_from_api_error (error));
        }
      return;
    }

  /* The answer is in, the store does not have it yet: the worst moment
   * to die, which is why a test may choose it. */
  if (self->fault_hook != NULL)
    self->fault_hook (self, EWE_SYNC_FAULT_ANSWER_RECEIVED, self->fault_hook_data);

  push_for_kind (kind, &push);
  if (push.answers_id)
    {
      gsize       size = 0;
      const char *data = g_bytes_get_data (answer, &size);

      server_id = ewe_codec_decode_member_string (data, size, push.id_member, &decode_error);
      if (server_id == NULL)
        {
          fail_entry (task, index, decode_error->message,
                      g_error_new (EWE_SYNC_ERROR, EWE_SYNC_ERROR_FAILED,
                                   _("The server’s answer could not be understood: %s"),
                                      decode_error->message));
          return;
        }
    }

  if (server_id != NULL)
    {
      const char *local_id = kind == EWE_OUTBOX_KIND_CREATE_LIST ? ewe_outbox_entry_get_list_id (entry)
                                                                 : ewe_outbox_entry_get_product_id (entry);

      if (local_id != NULL && ewe_id_is_local (local_id))
        ewe_sync_run_put_server_id (run, local_id, server_id);

      /* A list this run created has nothing another device could have
       * changed yet: its updates need no read-back. Unless the create was
       * answered before, in a run that died before its commit. */
      if (kind == EWE_OUTBOX_KIND_CREATE_LIST && !replayed)
        g_hash_table_add (run->refreshed, g_strdup (server_id));
    }

  add_answer (run, index, server_id);
}

static void
push_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Sending *sending = user_data;
  g_autoptr(GTask) task = sending->task;
  guint index = sending->index;
  Run  *run = g_task_get_task_data (task);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  g_free (sending);
  run->in_flight--;

  answer = ewe_api_client_call_finish (EWE_API_CLIENT (object), result, &error);
  ewe_sync_push_answered (task, index, answer, error,
                          answer != NULL && ewe_api_client_call_was_replayed (EWE_API_CLIENT (object), result));
  pump (task);
}

static void
committed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweSync *self = g_task_get_source_object (task);
  Run     *run = g_task_get_task_data (task);
  g_autoptr(GArray) indexes = g_steal_pointer (&run->committing_indexes);
  g_autoptr(GPtrArray) server_ids = g_steal_pointer (&run->committing_server_ids);
  g_autoptr(GError) error = NULL;

  run->committing = FALSE;

  if (!ewe_store_complete_outbox_entries_finish (EWE_STORE (object), result, &error))
    {
      /* Nothing of the batch was recorded: each entry is sent again next
       * time, and the server answers it as before. */
      run->store_failed = TRUE;
      stop_push (run, g_steal_pointer (&error));
      pump (task);
      return;
    }

  for (guint i = 0; i < indexes->len; i++)
    run->states[g_array_index (indexes, guint, i)] = SLOT_DONE;

  ewe_sync_set_progress (self, self->done + indexes->len, self->total);
  ewe_sync_notify_pending (self);

  if (self->fault_hook != NULL)
    self->fault_hook (self, EWE_SYNC_FAULT_ANSWERS_COMMITTED, self->fault_hook_data);

  pump (task);
}

/* Records the answers gathered so far in one transaction; those arriving
 * meanwhile wait for the next one. */
static void
commit_answers (GTask *task)
{
  EweSync           *self = g_task_get_source_object (task);
  Run               *run = g_task_get_task_data (task);
  g_autofree gint64 *ids = g_new (gint64, run->batch->len);

  run->committing = TRUE;
  run->committing_indexes = g_steal_pointer (&run->batch);
  run->committing_server_ids = g_steal_pointer (&run->batch_server_ids);
  run->batch = g_array_new (FALSE, FALSE, sizeof (guint));
  run->batch_server_ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < run->committing_indexes->len; i++)
    {
      guint index = g_array_index (run->committing_indexes, guint, i);
      ids[i] = ewe_outbox_entry_get_id (g_ptr_array_index (run->entries, index));
    }

  ewe_store_complete_outbox_entries_async (self->store, ids,
                                           (const char * const *)run->committing_server_ids->pdata,
                                           run->committing_indexes->len,
                                           NULL, committed_cb, g_object_ref (task));
}

/* Before sending our edit of a list or of one of its gifts, read the
 * server's copy and merge it: if another device changed the same fields
 * since we last synced, the store notices and says so (EweStore::conflict,
 * ::gift-conflict) while ours is kept and then sent. Once per list per
 * run; if the server cannot answer, the update itself meets the same
 * trouble and is handled there. */
static void
refreshed_merge_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!ewe_store_merge_list_finish (EWE_STORE (object), result, &error))
    {
      g_clear_pointer (&run->refreshing, g_free);
      stop_push (run, g_steal_pointer (&error));
      pump (task);
      return;
    }

  /* The merge may have rewritten the update to carry the other device's
   * changes to other fields: send it as it now is. */
  read_outbox (g_steal_pointer (&task));
}

static void
refreshed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweSync *self = g_task_get_source_object (task);
  Run     *run = g_task_get_task_data (task);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EweList) list = NULL;
  g_autoptr(GPtrArray) gifts = NULL;
  g_autoptr(GPtrArray) reservations = NULL;
  const char *data;
  gsize       size = 0;

  answer = ewe_api_client_call_finish (EWE_API_CLIENT (object), result, &error);
  if (answer != NULL)
    {
      data = g_bytes_get_data (answer, &size);
      if (ewe_codec_decode_list (data, size, &list, &gifts, &reservations, NULL))
        {
          ewe_store_merge_list_async (self->store, list, gifts, self->run_cancellable,
                                      refreshed_merge_cb, g_steal_pointer (&task));
          return;
        }
    }

  g_clear_pointer (&run->refreshing, g_free);
  pump (task);
}

static gboolean
needs_refresh (Run            *run,
               EweOutboxEntry *entry)
{
  const char *list_id = ewe_outbox_entry_get_list_id (entry);

  /* A reveal date set elsewhere meanwhile is a conflict like a title. */
  return (ewe_outbox_entry_get_kind (entry) == EWE_OUTBOX_KIND_UPDATE_LIST ||
          ewe_outbox_entry_get_kind (entry) == EWE_OUTBOX_KIND_SET_REVEAL_DATE ||
          ewe_outbox_entry_get_kind (entry) == EWE_OUTBOX_KIND_UPDATE_GIFT) &&
         list_id != NULL && !ewe_id_is_local (list_id) &&
         !g_hash_table_contains (run->refreshed, list_id);
}

static void
refresh (GTask          *task,
         EweOutboxEntry *entry)
{
  EweSync    *self = g_task_get_source_object (task);
  Run        *run = g_task_get_task_data (task);
  const char *list_id = ewe_outbox_entry_get_list_id (entry);
  const char *args[] = { list_id, NULL };

  run->refreshing = g_strdup (list_id);
  g_hash_table_add (run->refreshed, g_strdup (list_id));
  ewe_api_client_call_async (self->client, EWE_API_GET_LIST, args, NULL, NULL,
                             self->run_cancellable, refreshed_cb, g_object_ref (task));
}

/* Reads what the entry at @index sends: FALSE when it cannot be sent at
 * all (made by a newer version, or unreadable), which is answered here. */
static gboolean
prepare_entry (GTask     *task,
               guint      index,
               Push      *push,
               JsonNode **payload)
{
  EweSync        *self = g_task_get_source_object (task);
  Run            *run = g_task_get_task_data (task);
  EweOutboxEntry *entry = g_ptr_array_index (run->entries, index);
  EweOutboxKind   kind = ewe_outbox_entry_get_kind (entry);

  run->states[index] = SLOT_SENDING;
  *payload = NULL;

  if (!push_for_kind (kind, push))
    {
      ewe_sync_change_refused (self, entry,
                               _("This change was made by a newer version of Ewelists."));
      add_answer (run, index, NULL);
      return FALSE;
    }

  if (push->sends_payload && ewe_outbox_entry_get_payload (entry) != NULL)
    {
      g_autoptr(GError) error = NULL;
      const char *text = ewe_outbox_entry_get_payload (entry);

      *payload = ewe_codec_parse (text, -1, &error);
      if (*payload == NULL)
        {
          ewe_sync_change_refused (self, entry, error->message);
          add_answer (run, index, NULL);
          return FALSE;
        }
    }

  return TRUE;
}

/* Sends the entry at @index alone. */
static void
send_prepared (GTask    *task,
               guint     index,
               JsonNode *payload)
{
  EweSync                *self = g_task_get_source_object (task);
  Run                    *run = g_task_get_task_data (task);
  EweOutboxEntry         *entry = g_ptr_array_index (run->entries, index);
  g_autofree const char **args = ewe_sync_push_path_args (entry);
  Sending                *sending;
  Push                    push;

  push_for_kind (ewe_outbox_entry_get_kind (entry), &push);
  sending = g_new0 (Sending, 1);
  sending->task = g_object_ref (task);
  sending->index = index;
  run->in_flight++;

  ewe_api_client_call_async (self->client, push.endpoint, args, payload,
                             ewe_outbox_entry_get_idempotency_key (entry),
                             self->run_cancellable, push_cb, sending);
}

EweApiEndpoint
ewe_sync_push_endpoint (EweOutboxEntry *entry)
{
  Push push = { 0 };

  push_for_kind (ewe_outbox_entry_get_kind (entry), &push);
  return push.endpoint;
}

/* Whether every id @entry's path names is the server's already. */
static gboolean
path_ids_known (EweOutboxEntry *entry)
{
  g_autofree const char **args = ewe_sync_push_path_args (entry);

  for (guint i = 0; args[i] != NULL; i++)
    {
      if (ewe_id_is_local (args[i]))
        return FALSE;
    }

  return TRUE;
}

/* Moves the push along after anything happened: commits the answers
 * gathered, sends what may be sent, and once everything has settled goes
 * on (to the pull) or ends the run. */
static void
pump (GTask *task)
{
  EweSync       *self = g_task_get_source_object (task);
  Run           *run = g_task_get_task_data (task);
  EweSyncTouched touched = { run->touched_lists, run->touched_products, FALSE, FALSE };
  gboolean       commit_now = FALSE;
  guint          looked_at = 0;
  /* Entries that may go now go together in one batch, unless the server
   * has no batch route (then one request each, as before). */
  gboolean       batching = !self->batch_unsupported;
  g_autoptr(GArray) batch = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) payloads = g_ptr_array_new_with_free_func (ewe_sync_push_payload_free);
  gsize batch_bytes = 0;
  /* What the pending entries outside that batch touch. */
  g_autoptr(GHashTable) outside_lists = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) outside_products = g_hash_table_new (g_str_hash, g_str_equal);
  EweSyncTouched outside = { outside_lists, outside_products, FALSE, FALSE };

  if (run->ended)
    return;

  if (!run->stopping && g_cancellable_is_cancelled (self->run_cancellable))
    stop_push (run, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Sync was stopped")));

  if (run->stopping)
    {
      /* Answers are recorded even when stopping: the server has them. */
      if (!run->committing && run->batch->len > 0 && !run->store_failed)
        commit_answers (task);

      if (run->in_flight == 0 && !run->committing && run->recording == 0 &&
          run->refreshing == NULL && !run->reading)
        {
          run->ended = TRUE;
          ewe_sync_end_run (task, g_steal_pointer (&run->stop_error));
        }
      return;
    }

  while (run->first < run->entries->len && run->states[run->first] == SLOT_DONE)
    run->first++;

  if (run->first >= run->entries->len)
    {
      /* Everything read was sent; edits made meanwhile are sent too. */
      if (!run->committing && run->batch->len > 0)
        commit_answers (task);
      else if (!outstanding (run) && run->refreshing == NULL && !run->reading)
        read_outbox (g_object_ref (task));
      return;
    }

  ewe_sync_touched_clear (&touched);
  for (guint i = run->first;
       i < run->entries->len && looked_at < LOOKAHEAD && run->in_flight < MAX_IN_FLIGHT &&
       batch->len < EWE_LIMIT_BATCH_ENTRIES && batch_bytes < BATCH_BYTES;
       i++)
    {
      EweOutboxEntry *entry = g_ptr_array_index (run->entries, i);
      const char     *list_id = ewe_outbox_entry_get_list_id (entry);
      gboolean        earlier_on_list;
      gboolean        wait;

      if (run->states[i] == SLOT_DONE)
        continue;

      looked_at++;
      earlier_on_list = list_id != NULL && ewe_sync_touched_has_list (&touched, list_id);

      /* Answered is as good as done for the order things arrive in: a
       * crash before the commit replays both, in the same order. */
      if (run->states[i] == SLOT_ANSWERED)
        {
          if (list_id != NULL)
            ewe_sync_touched_add (&touched, list_id, EWE_SYNC_TOUCHES_UNCOMMITTED);
          continue;
        }

      wait = ewe_sync_touched_must_wait (&touched, entry);

      /* The server runs a batch's entries in order: one that waits only
       * for entries of this batch may follow them in it, unless its path
       * names something still to be created (whose id the answer gives). */
      if (wait && batch->len > 0 && run->states[i] == SLOT_WAITING && path_ids_known (entry) &&
          !ewe_sync_touched_would_wait (&outside, entry) && !needs_refresh (run, entry) &&
          (run->refreshing == NULL || g_strcmp0 (list_id, run->refreshing) != 0))
        wait = FALSE;

      if (wait || run->states[i] != SLOT_WAITING ||
          (run->refreshing != NULL && g_strcmp0 (list_id, run->refreshing) == 0))
        {
          ewe_sync_touched_must_wait (&outside, entry);
          continue;
        }

      /* The read-back merges the server's copy of the list while nothing
       * of ours for it is on the way, one list at a time; the update
       * waits for it, and what follows it on that list too. */
      if (needs_refresh (run, entry))
        {
          ewe_sync_touched_must_wait (&outside, entry);
          if (!earlier_on_list && run->refreshing == NULL && !run->reading)
            refresh (task, entry);
          else
            commit_now = TRUE;
          continue;
        }

      {
        g_autoptr(JsonNode) payload = NULL;
        Push push;

        if (!prepare_entry (task, i, &push, &payload))
          continue;

        if (!batching)
          {
            ewe_sync_touched_must_wait (&outside, entry);
            send_prepared (task, i, payload);
            continue;
          }

        g_array_append_val (batch, i);
        batch_bytes += ewe_sync_push_entry_size (entry);
        g_ptr_array_add (payloads, g_steal_pointer (&payload));
      }
    }

  /* One entry alone is as cheap alone, and is what any server takes. */
  if (batch->len == 1)
    send_prepared (task, g_array_index (batch, guint, 0), g_ptr_array_index (payloads, 0));
  else if (batch->len > 1)
    ewe_sync_push_send_batch (task, batch, payloads);

  /* A commit costs a transaction and an fsync however many answers it
   * records: it waits for a few, unless nothing else is coming or someone
   * waits for it. */
  if (!run->committing && run->batch->len > 0 &&
      (commit_now || run->batch->len >= COMMIT_BATCH || run->in_flight == 0))
    commit_answers (task);
}

void
ewe_sync_push_pump (GTask *task)
{
  pump (task);
}

static void
outbox_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweSync *self = g_task_get_source_object (task);
  Run     *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GPtrArray *entries;

  run->reading = FALSE;

  entries = ewe_store_list_outbox_finish (EWE_STORE (object), result, &error);
  if (entries == NULL)
    {
      g_clear_pointer (&run->refreshing, g_free);
      stop_push (run, g_steal_pointer (&error));
      if (run->entries == NULL)
        {
          run->ended = TRUE;
          ewe_sync_end_run (task, g_steal_pointer (&run->stop_error));
          return;
        }
      pump (task);
      return;
    }

  if (entries->len == 0 && run->refreshing == NULL)
    {
      g_ptr_array_unref (entries);
      ewe_sync_pull (g_steal_pointer (&task));
      return;
    }

  if (run->refreshing != NULL)
    {
      g_clear_pointer (&run->refreshing, g_free);
      ewe_sync_run_reconcile_entries (run, entries);
      g_ptr_array_unref (entries);
    }
  else
    {
      g_clear_pointer (&run->entries, g_ptr_array_unref);
      g_clear_pointer (&run->states, g_free);
      run->entries = entries;
      run->states = g_new0 (guint8, entries->len);
      run->first = 0;
      ewe_sync_run_index_local_ids (run);
    }

  /* Progress counts entries sent so far plus those still waiting. */
  ewe_sync_set_progress (self, self->done, self->done + ewe_sync_run_count_waiting (run));

  pump (task);
}

/* Reads the outbox and pushes it, then pulls (ewe_sync_pull()). */
void
ewe_sync_push (GTask *task)
{
  read_outbox (task);
}

/* Only when nothing is under way: the entries as read replace ours. */
static void
read_outbox (GTask *task)
{
  EweSync *self = g_task_get_source_object (task);
  Run     *run = g_task_get_task_data (task);

  run->reading = TRUE;
  ewe_store_list_outbox_async (self->store, self->run_cancellable, outbox_read_cb, task);
}
