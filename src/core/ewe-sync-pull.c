/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ewe-codec.h"
#include "ewe-sync-private.h"

/* The pull half of a sync run (ewe-sync.c has the rest): once the outbox
 * is pushed, the user's lists are read from the server and merged into
 * the store, and those the server no longer has are dropped. */

/* Lists read from the server at once. They are merged one at a time, in
 * the server's order, each as soon as it and those before it are in: the
 * next lists travel while the store merges one, rather than each waiting
 * for the merge before it (a round trip per list, and over the internet
 * round trips are what a pull is made of). */
#define PULL_AHEAD 4

typedef struct
{
  GTask *task;
  guint  index;
} Fetch;

static void pull_step (GTask *task);

static void
answer_free (gpointer answer)
{
  if (answer != NULL)
    g_bytes_unref (answer);
}

/* Ends the run with @error (taken; NULL for success) once no merge is
 * under way; lists still on their way are let arrive and dropped. */
static void
end_pull (GTask  *task,
          GError *error)
{
  Run *run = g_task_get_task_data (task);

  if (run->ended)
    {
      g_clear_error (&error);
      return;
    }

  if (run->pull_error == NULL)
    run->pull_error = error;
  else
    g_clear_error (&error);

  if (run->pull_merging)
    return;

  run->ended = TRUE;
  ewe_sync_end_run (task, g_steal_pointer (&run->pull_error));
}

static void
reservations_merged_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  run->pull_merging = FALSE;
  if (!ewe_store_merge_reservations_finish (EWE_STORE (object), result, &error))
    {
      end_pull (task, g_steal_pointer (&error));
      return;
    }

  if (run->pull_error != NULL)
    {
      end_pull (task, NULL);
      return;
    }

  run->list_index++;
  pull_step (task);
}

static void
merged_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweSync *self = g_task_get_source_object (task);
  Run     *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(EweList) list = g_steal_pointer (&run->pull_list);
  g_autoptr(GPtrArray) reservations = g_steal_pointer (&run->pull_reservations);

  run->pull_merging = FALSE;
  g_clear_pointer (&g_ptr_array_index (run->list_answers, run->list_index), g_bytes_unref);

  if (!ewe_store_merge_list_finish (EWE_STORE (object), result, &error))
    {
      end_pull (task, g_steal_pointer (&error));
      return;
    }

  /* Who gave what on the owner's list, as far as the server tells: before
   * the reveal date, nobody (ewe-reveal.h). Kept for the Thank-yous. */
  if (run->pull_error == NULL && list != NULL && reservations != NULL)
    {
      run->pull_merging = TRUE;
      ewe_store_merge_reservations_async (self->store, list, reservations, self->run_cancellable,
                                          reservations_merged_cb, g_object_ref (task));
      return;
    }

  if (run->pull_error != NULL)
    {
      end_pull (task, NULL);
      return;
    }

  run->list_index++;
  pull_step (task);
}

static void
list_pulled_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Fetch *fetch = user_data;
  g_autoptr(GTask) task = fetch->task;
  guint index = fetch->index;
  Run  *run = g_task_get_task_data (task);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  g_free (fetch);
  answer = ewe_api_client_call_finish (EWE_API_CLIENT (object), result, &error);

  if (run->ended || run->pull_error != NULL)
    return;

  /* Deleted on the server since GET /lists answered: nothing to merge. */
  if (answer == NULL && !g_error_matches (error, EWE_API_ERROR, EWE_API_ERROR_NOT_FOUND))
    {
      end_pull (task, ewe_sync_error_from_api_error (error));
      return;
    }

  run->list_arrived[index] = TRUE;
  g_ptr_array_index (run->list_answers, index) = g_steal_pointer (&answer);
  pull_step (task);
}

static void
fetch_list (GTask *task,
            guint  index)
{
  EweSync    *self = g_task_get_source_object (task);
  Run        *run = g_task_get_task_data (task);
  const char *list_id = g_ptr_array_index (run->list_ids, index);
  Fetch      *fetch = g_new0 (Fetch, 1);

  fetch->task = g_object_ref (task);
  fetch->index = index;
  ewe_api_client_call_async (self->client, EWE_API_GET_LIST, (const char *[]) { list_id, NULL },
                             NULL, NULL, self->run_cancellable, list_pulled_cb, fetch);
}

static void
products_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweSync *self = EWE_SYNC (object);
  Run     *run = g_task_get_task_data (task);
  g_autoptr(GPtrArray) gifts = NULL;
  g_autoptr(GError) error = NULL;

  gifts = ewe_sync_fetch_products_finish (self, result, &error);
  if (gifts == NULL)
    {
      run->pull_merging = FALSE;
      end_pull (task, g_steal_pointer (&error));
      return;
    }

  ewe_store_merge_list_async (self->store, run->pull_list, gifts, self->run_cancellable,
                              merged_cb, g_steal_pointer (&task));
}

/* Sends for the lists next in line, and merges the first one not merged
 * yet if it is in; the run ends once every list is merged. */
static void
pull_step (GTask *task)
{
  EweSync *self = g_task_get_source_object (task);
  Run     *run = g_task_get_task_data (task);
  g_autoptr(EweList) list = NULL;
  g_autoptr(GPtrArray) gifts = NULL;
  g_autoptr(GPtrArray) reservations = NULL;
  g_autoptr(GError) error = NULL;
  GBytes     *answer;
  const char *data;
  gsize       size = 0;

  if (run->ended || run->pull_merging)
    return;

  while (run->list_index < run->list_ids->len && run->list_arrived[run->list_index] &&
         g_ptr_array_index (run->list_answers, run->list_index) == NULL)
    run->list_index++;

  while (run->list_next_fetch < run->list_ids->len && run->list_next_fetch < run->list_index + PULL_AHEAD)
    fetch_list (task, run->list_next_fetch++);

  if (run->list_index >= run->list_ids->len)
    {
      end_pull (task, NULL);
      return;
    }

  if (!run->list_arrived[run->list_index])
    return;

  answer = g_ptr_array_index (run->list_answers, run->list_index);
  data = g_bytes_get_data (answer, &size);
  if (!ewe_codec_decode_list (data, size, &list, &gifts, &reservations, &error))
    {
      end_pull (task, g_error_new (EWE_SYNC_ERROR, EWE_SYNC_ERROR_FAILED,
                                   _("The server sent a list that could not be read: %s"),
                                      error->message));
      return;
    }

  /* The products go in with the list: one merge, and the gifts never
   * show nameless in between. */
  run->pull_merging = TRUE;
  g_set_object (&run->pull_list, list);
  g_clear_pointer (&run->pull_reservations, g_ptr_array_unref);
  run->pull_reservations = g_steal_pointer (&reservations);
  ewe_sync_fetch_products_async (self, ewe_list_get_id (list), gifts, self->run_cancellable,
                                 products_cb, g_object_ref (task));
}

static void
pruned_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  g_ptr_array_remove_index (run->list_ids, run->list_ids->len - 1);

  if (!ewe_store_prune_lists_finish (EWE_STORE (object), result, &error))
    {
      ewe_sync_end_run (task, g_steal_pointer (&error));
      return;
    }

  run->list_answers = g_ptr_array_new_full (run->list_ids->len, answer_free);
  g_ptr_array_set_size (run->list_answers, run->list_ids->len);
  run->list_arrived = g_new0 (gboolean, run->list_ids->len);
  pull_step (task);
}

static void
add_list_ids (GPtrArray *ids,
              GPtrArray *lists)
{
  for (guint i = 0; lists != NULL && i < lists->len; i++)
    g_ptr_array_add (ids, g_strdup (ewe_list_get_id (g_ptr_array_index (lists, i))));
}

static void
lists_pulled_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweSync *self = g_task_get_source_object (task);
  Run     *run = g_task_get_task_data (task);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EweUser) user = NULL;
  g_autoptr(GPtrArray) owned = NULL;
  g_autoptr(GPtrArray) closed = NULL;
  const char *data;
  gsize       size = 0;

  answer = ewe_api_client_call_finish (EWE_API_CLIENT (object), result, &error);
  if (answer == NULL)
    {
      ewe_sync_end_run (task, ewe_sync_error_from_api_error (error));
      return;
    }

  data = g_bytes_get_data (answer, &size);
  if (!ewe_codec_decode_lists (data, size, &user, &owned, &closed, &error))
    {
      ewe_sync_end_run (task, g_error_new (EWE_SYNC_ERROR, EWE_SYNC_ERROR_FAILED,
                                           _("The server sent lists that could not be read: %s"),
                                              error->message));
      return;
    }

  run->list_ids = g_ptr_array_new_with_free_func (g_free);
  add_list_ids (run->list_ids, owned);
  add_list_ids (run->list_ids, closed);
  run->list_index = 0;
  run->list_next_fetch = 0;

  /* Lists deleted elsewhere (on the web, on another device) go first, so
   * the user never sees a list the server no longer has. The array is
   * NULL-terminated for the store, then the terminator is dropped again. */
  g_ptr_array_add (run->list_ids, NULL);
  ewe_sync_run_settle_refusals (self, run, (const char * const *)run->list_ids->pdata);
  ewe_store_prune_lists_async (self->store, (const char * const *)run->list_ids->pdata,
                               self->run_cancellable, pruned_cb, g_steal_pointer (&task));
}

void
ewe_sync_pull (GTask *task)
{
  EweSync *self = g_task_get_source_object (task);

  ewe_api_client_call_async (self->client, EWE_API_GET_LISTS, NULL, NULL, NULL,
                             self->run_cancellable, lists_pulled_cb, task);
}
