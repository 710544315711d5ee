/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ewe-codec.h"
#include "ewe-reveal.h"
#include "ewe-store-db-private.h"

/* The reveal date the owner chooses: like every edit, one transaction that
 * changes the row and appends its outbox entry, a "set-reveal-date" of its
 * own (PUT /lists/{id} {"revealDate"}) rather than a field of the update,
 * which keeps the original's five keys. The day in effect (reveal_on)
 * follows at once, so the app says the right day offline; whether it has
 * come stays the server's word, by its clock, until the next pull. */

/* --- worker thread ----------------------------------------------------- */

/* Inside the caller's transaction: also taking the other device's
 * reveal date after a conflict (ewe-store-db-edits.c). */
gboolean
ewe_store_db_set_reveal_date (sqlite3         *db,
                              const char      *list_id,
                              const char      *reveal_date,
                              EweStoreChanges *changes,
                              GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(EweList) row = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *reveal_on = NULL;
  g_autoptr(GDateTime) event = NULL;
  g_autofree char *event_day = NULL;

  if (!ewe_store_db_check_editable (db, list_id, error) ||
      !(row = ewe_store_db_read_list (db, list_id, error)))
    return FALSE;

  /* The event date is "31 October 2018" on the wire, the reveal rule's
   * days are YYYY-MM-DD. */
  event = ewe_list_dup_event_datetime (row);
  if (event != NULL)
    event_day = g_date_time_format (event, "%Y-%m-%d");
  reveal_on = ewe_reveal_effective_date (event_day, reveal_date);
  g_clear_object (&row);

  stmt = ewe_sqlite_prepare (db, "UPDATE lists SET reveal_date = ?, reveal_on = ?, updated = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  ewe_sqlite_bind_text (stmt, 1, reveal_date);
  ewe_sqlite_bind_text (stmt, 2, reveal_on);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
  ewe_sqlite_bind_text (stmt, 4, list_id);

  payload = ewe_codec_encode_reveal_request (reveal_date);

  if (!ewe_sqlite_step_done (stmt, error) ||
      !ewe_store_db_append_outbox (db, EWE_OUTBOX_KIND_SET_REVEAL_DATE, list_id, NULL, payload, error) ||
      !(row = ewe_store_db_read_list (db, list_id, error)))
    return FALSE;

  g_ptr_array_add (changes->lists, g_steal_pointer (&row));
  return TRUE;
}

static gboolean
run_set_reveal_date (EweStore    *self,
                     EweStoreJob *job,
                     GError     **error)
{
  sqlite3         *db = ewe_store_get_db (self);
  g_autofree char *list_id = ewe_store_db_resolve_id (db, job->list_id);

  EWE_STORE_DB_TRANSACTION (db, error,
                            ewe_store_db_set_reveal_date (db, list_id, job->text, job->changes, error));
}

/* --- caller's thread --------------------------------------------------- */

/**
 * ewe_store_set_reveal_date_async:
 * @reveal_date: (nullable): the day, YYYY-MM-DD, from which the owner sees
 *   who gave what; %NULL for the default, the day after the event
 *
 * Sets @list's reveal date, offline first: the store has it at once, the
 * server with the next sync. Any real day is taken, a past one too, which
 * ends the surprise (ewe-reveal.h); anything else fails with
 * %EWE_STORE_ERROR_INVALID.
 */
void
ewe_store_set_reveal_date_async (EweStore           *self,
                                 EweList            *list,
                                 const char         *reveal_date,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  EweStoreJob *job;

  g_return_if_fail (EWE_IS_STORE (self));
  g_return_if_fail (EWE_IS_LIST (list));

  task = ewe_store_new_task (self, cancellable, callback, user_data, ewe_store_set_reveal_date_async);

  if (reveal_date != NULL && reveal_date[0] == '\0')
    reveal_date = NULL;
  if (reveal_date != NULL && !ewe_reveal_date_is_valid (reveal_date))
    {
      g_task_return_new_error (task, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID,
                               _("“%s” is not a day: choose one from the calendar"), reveal_date);
      return;
    }

  if (!ewe_store_check_list (self, list, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  job = ewe_store_job_new (task, run_set_reveal_date);
  job->list_id = g_strdup (ewe_list_get_id (list));
  job->text = g_strdup (reveal_date);
  ewe_store_queue_job (self, job);
}

gboolean
ewe_store_set_reveal_date_finish (EweStore     *self,
                                  GAsyncResult *result,
                                  GError      **error)
{
  return ewe_store_finish_boolean (self, result, ewe_store_set_reveal_date_async, error);
}
