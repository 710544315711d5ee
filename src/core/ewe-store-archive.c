/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ewe-codec.h"
#include "ewe-store-db-private.h"

/* Archiving a list after the event, and un-archiving it: like every edit,
 * one transaction that changes the row and appends its outbox entry
 * (POST or DELETE /lists/{id}/archive). An archived list takes no other
 * edit, here as on the server, so that nothing waits in the outbox that
 * the server is bound to refuse. */

/* --- worker thread ----------------------------------------------------- */

gboolean
ewe_store_db_check_editable (sqlite3    *db,
                             const char *list_id,
                             GError    **error)
{
  g_autoptr(EweList) row = ewe_store_db_read_list (db, list_id, error);

  if (row == NULL)
    return FALSE;

  if (ewe_list_get_archived (row))
    {
      g_set_error_literal (error, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID,
                           _("This list is archived: un-archive it to change it"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
set_archived_in_transaction (sqlite3         *db,
                             const char      *list_id,
                             gboolean         archived,
                             const char      *note,
                             EweStoreChanges *changes,
                             GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(EweList) row = NULL;
  g_autofree char *payload = NULL;

  if (!(row = ewe_store_db_read_list (db, list_id, error)))
    return FALSE;

  if (!archived && !ewe_list_get_archived (row))
    {
      g_set_error_literal (error, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID,
                           _("This list is not archived"));
      return FALSE;
    }
  g_clear_object (&row);

  if (note != NULL && note[0] == '\0')
    note = NULL;

  stmt = ewe_sqlite_prepare (db, "UPDATE lists SET archived = ?, archive_note = ?, updated = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int (stmt, 1, archived ? 1 : 0);
  ewe_sqlite_bind_text (stmt, 2, archived ? note : NULL);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
  ewe_sqlite_bind_text (stmt, 4, list_id);

  if (archived)
    payload = ewe_codec_encode_archive_request (note);

  if (!ewe_sqlite_step_done (stmt, error) ||
      !ewe_store_db_append_outbox (db, archived ? EWE_OUTBOX_KIND_ARCHIVE_LIST : EWE_OUTBOX_KIND_UNARCHIVE_LIST,
                                   list_id, NULL, payload, error) ||
      !(row = ewe_store_db_read_list (db, list_id, error)))
    return FALSE;

  g_ptr_array_add (changes->lists, g_steal_pointer (&row));
  return TRUE;
}

static gboolean
ewe_store_db_set_archived (sqlite3         *db,
                           const char      *list_id,
                           gboolean         archived,
                           const char      *note,
                           EweStoreChanges *changes,
                           GError         **error)
{
  EWE_STORE_DB_TRANSACTION (db, error, set_archived_in_transaction (db, list_id, archived, note, changes, error));
}

static gboolean
run_archive_list (EweStore    *self,
                  EweStoreJob *job,
                  GError     **error)
{
  g_autofree char *list_id = ewe_store_db_resolve_id (ewe_store_get_db (self), job->list_id);

  return ewe_store_db_set_archived (ewe_store_get_db (self), list_id, TRUE, job->text, job->changes, error);
}

static gboolean
run_unarchive_list (EweStore    *self,
                    EweStoreJob *job,
                    GError     **error)
{
  g_autofree char *list_id = ewe_store_db_resolve_id (ewe_store_get_db (self), job->list_id);

  return ewe_store_db_set_archived (ewe_store_get_db (self), list_id, FALSE, NULL, job->changes, error);
}

/* --- caller's thread --------------------------------------------------- */

static void
queue_archive_job (EweStore           *self,
                   EweList            *list,
                   const char         *note,
                   EweStoreJobRunFunc  run,
                   gpointer            source_tag,
                   GCancellable       *cancellable,
                   GAsyncReadyCallback callback,
                   gpointer            user_data)
{
  g_autoptr(GTask) task = ewe_store_new_task (self, cancellable, callback, user_data, source_tag);
  g_autoptr(GError) error = NULL;
  EweStoreJob *job;

  if (!ewe_store_check_list (self, list, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  job = ewe_store_job_new (task, run);
  job->list_id = g_strdup (ewe_list_get_id (list));
  job->text = g_strdup (note);
  ewe_store_queue_job (self, job);
}

/**
 * ewe_store_archive_list_async:
 * @note: (nullable): the thank-you guests are shown instead of the list
 *
 * Archives @list: it becomes read-only, and its guests' link says it is
 * closed, with @note. Archiving an archived list changes its note.
 */
void
ewe_store_archive_list_async (EweStore           *self,
                              EweList            *list,
                              const char         *note,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_return_if_fail (EWE_IS_STORE (self));
  g_return_if_fail (EWE_IS_LIST (list));

  queue_archive_job (self, list, note, run_archive_list, ewe_store_archive_list_async, cancellable, callback,
                     user_data);
}

gboolean
ewe_store_archive_list_finish (EweStore     *self,
                               GAsyncResult *result,
                               GError      **error)
{
  return ewe_store_finish_boolean (self, result, ewe_store_archive_list_async, error);
}

/* Un-archives @list: it is editable again, and open or closed to guests
 * as it was before. */
void
ewe_store_unarchive_list_async (EweStore           *self,
                                EweList            *list,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  g_return_if_fail (EWE_IS_STORE (self));
  g_return_if_fail (EWE_IS_LIST (list));

  queue_archive_job (self, list, NULL, run_unarchive_list, ewe_store_unarchive_list_async, cancellable, callback,
                     user_data);
}

gboolean
ewe_store_unarchive_list_finish (EweStore     *self,
                                 GAsyncResult *result,
                                 GError      **error)
{
  return ewe_store_finish_boolean (self, result, ewe_store_unarchive_list_async, error);
}
