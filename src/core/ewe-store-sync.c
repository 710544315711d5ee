/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ewe-codec.h"
#include "ewe-store-db-private.h"

/* What the sync engine asks of the store (ewe-store-db-sync.c does the
 * SQL): the outbox, id rewrites and merges of what it pulled. */

/* --- for the sync engine ----------------------------------------------- */

static gboolean
run_list_outbox (EweStore    *self,
                 EweStoreJob *job,
                 GError     **error)
{
  job->rows = ewe_store_db_list_outbox (ewe_store_get_db (self), error);
  return job->rows != NULL;
}

static void
complete_list_outbox (EweStore    *self,
                      EweStoreJob *job)
{
  g_task_return_pointer (job->task, g_steal_pointer (&job->rows), (GDestroyNotify)g_ptr_array_unref);
}

/**
 * ewe_store_list_outbox_async:
 *
 * Reads the edits waiting to be sent, oldest first.
 */
void
ewe_store_list_outbox_async (EweStore           *self,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  EweStoreJob *job;

  g_return_if_fail (EWE_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_store_list_outbox_async);

  job = ewe_store_job_new (task, run_list_outbox);
  job->complete = complete_list_outbox;
  ewe_store_queue_job (self, job);
}

/**
 * ewe_store_list_outbox_finish:
 *
 * Returns: (transfer container) (element-type EweOutboxEntry): the entries
 */
GPtrArray *
ewe_store_list_outbox_finish (EweStore     *self,
                              GAsyncResult *result,
                              GError      **error)
{
  return ewe_store_finish_pointer (self, result, ewe_store_list_outbox_async, error);
}

/* An empty or local id from the server would leave the row and its later
 * outbox entries pointing nowhere; NULL (no id to give) is fine. */
static gboolean
check_server_id (const char *server_id,
                 GError    **error)
{
  if (server_id != NULL && (*server_id == '\0' || ewe_id_is_local (server_id)))
    {
      g_set_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID,
                   _("The server answered an id that cannot be used"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
run_complete_entry (EweStore    *self,
                    EweStoreJob *job,
                    GError     **error)
{
  return ewe_store_db_complete_outbox_entry (ewe_store_get_db (self), job->entry_id, job->text, job->changes, error);
}

/**
 * ewe_store_complete_outbox_entry_async:
 * @entry_id: the entry the server accepted
 * @server_id: (nullable): for a created list or product, the id the
 *   server gave it
 *
 * Forgets a sent entry and, in the same transaction, puts the server's id
 * in place of the local one everywhere: rows, later outbox entries and the
 * live objects.
 */
void
ewe_store_complete_outbox_entry_async (EweStore           *self,
                                       gint64              entry_id,
                                       const char         *server_id,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  EweStoreJob *job;

  g_return_if_fail (EWE_IS_STORE (self));

  task = ewe_store_new_task (self, cancellable, callback, user_data, ewe_store_complete_outbox_entry_async);

  if (!check_server_id (server_id, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  job = ewe_store_job_new (task, run_complete_entry);
  job->entry_id = entry_id;
  job->text = g_strdup (server_id);
  ewe_store_queue_job (self, job);
}

gboolean
ewe_store_complete_outbox_entry_finish (EweStore     *self,
                                        GAsyncResult *result,
                                        GError      **error)
{
  return ewe_store_finish_boolean (self, result, ewe_store_complete_outbox_entry_async, error);
}

static gboolean
run_complete_entries (EweStore    *self,
                      EweStoreJob *job,
                      GError     **error)
{
  g_autofree const char **server_ids = g_new0 (const char *, job->entry_ids->len + 1);

  for (guint i = 0; i < job->entry_ids->len; i++)
    server_ids[i] = *job->ids[i] != '\0' ? job->ids[i] : NULL;

  return ewe_store_db_complete_outbox_entries (ewe_store_get_db (self), (const gint64 *)(gpointer)job->entry_ids->data,
                                               server_ids, job->entry_ids->len, job->changes, error);
}

/**
 * ewe_store_complete_outbox_entries_async:
 * @entry_ids: (array length=n_entries): the entries the server accepted
 * @server_ids: (array length=n_entries): for each, %NULL or, for a created
 *   list or product, the id the server gave it
 *
 * Does what ewe_store_complete_outbox_entry_async() does for each entry,
 * in order, in one transaction: a batch of answers costs one commit.
 */
void
ewe_store_complete_outbox_entries_async (EweStore           *self,
                                         const gint64       *entry_ids,
                                         const char * const *server_ids,
                                         guint               n_entries,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  EweStoreJob *job;

  g_return_if_fail (EWE_IS_STORE (self));
  g_return_if_fail (entry_ids != NULL || n_entries == 0);
  g_return_if_fail (server_ids != NULL || n_entries == 0);

  task = ewe_store_new_task (self, cancellable, callback, user_data, ewe_store_complete_outbox_entries_async);

  for (guint i = 0; i < n_entries; i++)
    if (!check_server_id (server_ids[i], &error))
      {
        g_task_return_error (task, g_steal_pointer (&error));
        return;
      }

  job = ewe_store_job_new (task, run_complete_entries);
  job->entry_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_entries);
  g_array_append_vals (job->entry_ids, entry_ids, n_entries);
  job->ids = g_new0 (char *, n_entries + 1);
  for (guint i = 0; i < n_entries; i++)
    job->ids[i] = g_strdup (server_ids[i] != NULL ? server_ids[i] : "");
  ewe_store_queue_job (self, job);
}

gboolean
ewe_store_complete_outbox_entries_finish (EweStore     *self,
                                          GAsyncResult *result,
                                          GError      **error)
{
  return ewe_store_finish_boolean (self, result, ewe_store_complete_outbox_entries_async, error);
}

static gboolean
run_fail_entry (EweStore    *self,
                EweStoreJob *job,
                GError     **error)
{
  return ewe_store_db_fail_outbox_entry (ewe_store_get_db (self), job->entry_id, job->text, error);
}

void
ewe_store_fail_outbox_entry_async (EweStore           *self,
                                   gint64              entry_id,
                                   const char         *message,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  EweStoreJob *job;

  g_return_if_fail (EWE_IS_STORE (self));

  task = ewe_store_new_task (self, cancellable, callback, user_data, ewe_store_fail_outbox_entry_async);
  job = ewe_store_job_new (task, run_fail_entry);
  job->entry_id = entry_id;
  job->text = g_strdup (message);
  ewe_store_queue_job (self, job);
}

gboolean
ewe_store_fail_outbox_entry_finish (EweStore     *self,
                                    GAsyncResult *result,
                                    GError      **error)
{
  return ewe_store_finish_boolean (self, result, ewe_store_fail_outbox_entry_async, error);
}

static gboolean
run_rewrite_id (EweStore    *self,
                EweStoreJob *job,
                GError     **error)
{
  return ewe_store_db_rewrite_id (ewe_store_get_db (self), job->list_id, job->text, job->changes, error);
}

/**
 * ewe_store_rewrite_id_async:
 * @local_id: a "local:…" list or product id
 * @server_id: the id the server gave it
 *
 * One transaction that replaces @local_id by @server_id in the rows and in
 * the pending outbox entries; the live objects keep their identity and
 * only their id changes.
 */
void
ewe_store_rewrite_id_async (EweStore           *self,
                            const char         *local_id,
                            const char         *server_id,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  EweStoreJob *job;

  g_return_if_fail (EWE_IS_STORE (self));
  g_return_if_fail (local_id != NULL);
  g_return_if_fail (server_id != NULL);

  task = ewe_store_new_task (self, cancellable, callback, user_data, ewe_store_rewrite_id_async);

  if (!ewe_id_is_local (local_id) || *server_id == '\0' || ewe_id_is_local (server_id))
    {
      g_task_return_new_error (task, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID,
                               _("Only a local id can be replaced by a server id"));
      return;
    }

  job = ewe_store_job_new (task, run_rewrite_id);
  job->list_id = g_strdup (local_id);
  job->text = g_strdup (server_id);
  ewe_store_queue_job (self, job);
}

gboolean
ewe_store_rewrite_id_finish (EweStore     *self,
                             GAsyncResult *result,
                             GError      **error)
{
  return ewe_store_finish_boolean (self, result, ewe_store_rewrite_id_async, error);
}

static gboolean
run_merge_list (EweStore    *self,
                EweStoreJob *job,
                GError     **error)
{
  return ewe_store_db_merge_list (ewe_store_get_db (self), job->list, job->gifts, job->changes, error);
}

/**
 * ewe_store_merge_list_async:
 * @list: the list as the server has it
 * @gifts: (element-type EweGift): its gifts as the server has them, with
 *   the product details filled in where known
 *
 * Merges a pulled list in one transaction. Reservations and purchases are
 * the server's; the owner's fields stay local while an edit of them waits
 * in the outbox; gifts the server dropped go unless they are unsent local
 * additions. Live objects are updated in place.
 */
void
ewe_store_merge_list_async (EweStore           *self,
                            EweList            *list,
                            GPtrArray          *gifts,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  EweStoreJob *job;

  g_return_if_fail (EWE_IS_STORE (self));
  g_return_if_fail (EWE_IS_LIST (list));
  g_return_if_fail (gifts != NULL);

  task = ewe_store_new_task (self, cancellable, callback, user_data, ewe_store_merge_list_async);

  if (ewe_list_get_id (list) == NULL || ewe_list_get_title (list) == NULL)
    {
      g_task_return_new_error (task, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID,
                               _("The server sent a list without an id or title"));
      return;
    }

  job = ewe_store_job_new (task, run_merge_list);
  job->list = ewe_list_copy (list);
  job->gifts = g_ptr_array_new_full (gifts->len, g_object_unref);
  for (guint i = 0; i < gifts->len; i++)
    g_ptr_array_add (job->gifts, ewe_gift_copy (g_ptr_array_index (gifts, i)));
  ewe_store_queue_job (self, job);
}

gboolean
ewe_store_merge_list_finish (EweStore     *self,
                             GAsyncResult *result,
                             GError      **error)
{
  return ewe_store_finish_boolean (self, result, ewe_store_merge_list_async, error);
}

static gboolean
run_prune_lists (EweStore    *self,
                 EweStoreJob *job,
                 GError     **error)
{
  return ewe_store_db_prune_lists (ewe_store_get_db (self), job->ids, job->changes, error);
}

/**
 * ewe_store_prune_lists_async:
 * @server_ids: (array zero-terminated=1): the ids of every list the server
 *   has for this user, owned and closed, from GET /lists
 *
 * Forgets the lists deleted elsewhere: those with a server id that is not
 * in @server_ids and no edit waiting in the outbox. Drafts and lists with
 * pending edits stay. Appends nothing to the outbox: the server already
 * knows.
 */
void
ewe_store_prune_lists_async (EweStore           *self,
                             const char * const *server_ids,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  EweStoreJob *job;

  g_return_if_fail (EWE_IS_STORE (self));
  g_return_if_fail (server_ids != NULL);

  task = ewe_store_new_task (self, cancellable, callback, user_data, ewe_store_prune_lists_async);
  job = ewe_store_job_new (task, run_prune_lists);
  job->ids = g_strdupv ((char **)server_ids);
  ewe_store_queue_job (self, job);
}

gboolean
ewe_store_prune_lists_finish (EweStore     *self,
                              GAsyncResult *result,
                              GError      **error)
{
  return ewe_store_finish_boolean (self, result, ewe_store_prune_lists_async, error);
}

static gboolean
run_import_drafts (EweStore    *self,
                   EweStoreJob *job,
                   GError     **error)
{
  return ewe_store_db_import_drafts (ewe_store_get_db (self), job->text, job->changes, error);
}

/**
 * ewe_store_import_drafts_async:
 * @drafts_path: the signed-out drafts store, from
 *   ewe_paths_get_drafts_store_file()
 *
 * Moves every draft list, its gifts and its waiting outbox entries (in
 * order, with their idempotency keys) from the drafts file into this
 * account's store, and empties the drafts file. The app asks the user
 * first, and closes its drafts EweStore before calling this: that store's
 * live objects do not follow. Running it again is harmless.
 */
void
ewe_store_import_drafts_async (EweStore           *self,
                               const char         *drafts_path,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  EweStoreJob *job;

  g_return_if_fail (EWE_IS_STORE (self));
  g_return_if_fail (drafts_path != NULL);

  task = ewe_store_new_task (self, cancellable, callback, user_data, ewe_store_import_drafts_async);

  if (g_strcmp0 (drafts_path, ewe_store_get_path (self)) == 0)
    {
      g_task_return_new_error (task, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID,
                               _("The drafts are already in this store"));
      return;
    }

  job = ewe_store_job_new (task, run_import_drafts);
  job->text = g_strdup (drafts_path);
  ewe_store_queue_job (self, job);
}

gboolean
ewe_store_import_drafts_finish (EweStore     *self,
                                GAsyncResult *result,
                                GError      **error)
{
  return ewe_store_finish_boolean (self, result, ewe_store_import_drafts_async, error);
}

static gboolean
run_merge_reservations (EweStore    *self,
                        EweStoreJob *job,
                        GError     **error)
{
  return ewe_store_db_merge_reservations (ewe_store_get_db (self), job->list_id, job->reservations,
                                          job->changes, error);
}

/**
 * ewe_store_merge_reservations_async:
 * @list: the list, as the server or the store has it; only its id is used
 * @reservations: (element-type EweReservation): every reservation of the
 *   list as the server answered it (GET /lists/{id} "reserved")
 *
 * Replaces the list's reservations with the server's in one transaction,
 * updating the live EweReservation objects in place. Merge the list
 * itself first.
 */
void
ewe_store_merge_reservations_async (EweStore           *self,
                                    EweList            *list,
                                    GPtrArray          *reservations,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  EweStoreJob *job;

  g_return_if_fail (EWE_IS_STORE (self));
  g_return_if_fail (EWE_IS_LIST (list));
  g_return_if_fail (reservations != NULL);

  task = ewe_store_new_task (self, cancellable, callback, user_data, ewe_store_merge_reservations_async);

  if (ewe_list_get_id (list) == NULL)
    {
      g_task_return_new_error (task, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID,
                               _("The server sent a list without an id or title"));
      return;
    }

  job = ewe_store_job_new (task, run_merge_reservations);
  job->list_id = g_strdup (ewe_list_get_id (list));
  job->reservations = g_ptr_array_new_full (reservations->len, g_object_unref);
  for (guint i = 0; i < reservations->len; i++)
    g_ptr_array_add (job->reservations, ewe_reservation_copy (g_ptr_array_index (reservations, i)));
  ewe_store_queue_job (self, job);
}

gboolean
ewe_store_merge_reservations_finish (EweStore     *self,
                                     GAsyncResult *result,
                                     GError      **error)
{
  return ewe_store_finish_boolean (self, result, ewe_store_merge_reservations_async, error);
}
