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

static void pull_next_list (GTask *task);

static void
merged_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!ewe_store_merge_list_finish (EWE_STORE (object), result, &error))
    {
      ewe_sync_end_run (task, g_steal_pointer (&error));
      return;
    }

  run->list_index++;
  pull_next_list (g_steal_pointer (&task));
}

static void
list_pulled_cb (GObject      *object,
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
  if (answer == NULL)
    {
      /* Deleted on the server since GET /lists answered: nothing to merge. */
      if (g_error_matches (error, EWE_API_ERROR, EWE_API_ERROR_NOT_FOUND))
        {
          run->list_index++;
          pull_next_list (g_steal_pointer (&task));
          return;
        }

      ewe_sync_end_run (task, ewe_sync_error_from_api_error (error));
      return;
    }

  data = g_bytes_get_data (answer, &size);
  if (!ewe_codec_decode_list (data, size, &list, &gifts, &reservations, &error))
    {
      ewe_sync_end_run (task, g_error_new (EWE_SYNC_ERROR, EWE_SYNC_ERROR_FAILED,
                                           _("The server sent a list that could not be read: %s"),
                                              error->message));
      return;
    }

  ewe_store_merge_list_async (self->store, list, gifts, self->run_cancellable,
                              merged_cb, g_steal_pointer (&task));
}

static void
pull_next_list (GTask *task)
{
  EweSync    *self = g_task_get_source_object (task);
  Run        *run = g_task_get_task_data (task);
  const char *list_id;

  if (run->list_index >= run->list_ids->len)
    {
      ewe_sync_end_run (task, NULL);
      g_object_unref (task);
      return;
    }

  list_id = g_ptr_array_index (run->list_ids, run->list_index);
  ewe_api_client_call_async (self->client, EWE_API_GET_LIST, (const char *[]) { list_id, NULL },
                             NULL, NULL, self->run_cancellable, list_pulled_cb, task);
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

  pull_next_list (g_steal_pointer (&task));
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

  /* Lists deleted elsewhere (on the web, on another device) go first, so
   * the user never sees a list the server no longer has. The array is
   * NULL-terminated for the store, then the terminator is dropped again. */
  g_ptr_array_add (run->list_ids, NULL);
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
