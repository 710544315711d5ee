/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-store-db"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ewe-codec.h"
#include "ewe-store-db-private.h"

/* What the sync engine asks of the store once the server has answered:
 * finishing outbox entries, and putting server ids in place of local
 * ones. Worker thread only. */

/* --- ids, outbox completion -------------------------------------------- */

static gboolean
rewrite_id_in_transaction (sqlite3         *db,
                           const char      *local_id,
                           const char      *server_id,
                           EweStoreChanges *changes,
                           GError         **error)
{
  g_autoptr(EweList) existing = NULL;

  if (g_strcmp0 (local_id, server_id) == 0)
    return TRUE;

  /* A pull may have brought the server's copy of the list in already; the
   * local one is the same list and the one the UI holds, so it stays. */
  existing = ewe_store_db_read_list (db, server_id, NULL);
  if (existing != NULL)
    {
      if (!ewe_store_db_run (db, "DELETE FROM lists WHERE id = ?", server_id, NULL, error))
        return FALSE;
      g_ptr_array_add (changes->removed_lists, g_strdup (server_id));
    }

  /* Gifts and reservations follow the list's id by ON UPDATE CASCADE. */
  if (!ewe_store_db_run (db, "UPDATE lists SET id = ?2 WHERE id = ?1", local_id, server_id, error) ||
      !ewe_store_db_run (db, "UPDATE gifts SET product_id = ?2 WHERE product_id = ?1", local_id, server_id, error) ||
      !ewe_store_db_run (db, "UPDATE reservations SET product_id = ?2 WHERE product_id = ?1", local_id, server_id, error) ||
      !ewe_store_db_run (db, "UPDATE outbox SET list_id = ?2 WHERE list_id = ?1", local_id, server_id, error) ||
      !ewe_store_db_run (db, "UPDATE outbox SET product_id = ?2 WHERE product_id = ?1", local_id, server_id, error) ||
      !ewe_store_db_run (db, "INSERT OR REPLACE INTO id_map (local_id, server_id) VALUES (?1, ?2)", local_id, server_id, error))
    return FALSE;

  g_ptr_array_add (changes->rewrites, g_strdup (local_id));
  g_ptr_array_add (changes->rewrites, g_strdup (server_id));
  return TRUE;
}

gboolean
ewe_store_db_rewrite_id (sqlite3         *db,
                         const char      *local_id,
                         const char      *server_id,
                         EweStoreChanges *changes,
                         GError         **error)
{
  EWE_STORE_DB_TRANSACTION (db, error, rewrite_id_in_transaction (db, local_id, server_id, changes, error));
}

static gboolean
remember_sent_gift (sqlite3    *db,
                    const char *list_id,
                    const char *product_id,
                    const char *payload,
                    GError    **error)
{
  g_autoptr(EweGift) sent = payload ? ewe_codec_decode_gift_request (payload, -1, NULL) : NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  /* A damaged payload only means the next merge has no base for it. */
  if (sent == NULL)
    return TRUE;

  stmt = ewe_sqlite_prepare (db, "UPDATE gifts SET synced_quantity = ?1, synced_notes = ?2, synced_unlimited = ?3, "
                                 "synced_most_wanted = ?6 WHERE list_id = ?4 AND product_id = ?5",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, ewe_gift_get_quantity (sent));
  ewe_sqlite_bind_text (stmt, 2, ewe_gift_get_notes (sent));
  sqlite3_bind_int (stmt, 3, ewe_gift_get_unlimited (sent) ? 1 : 0);
  ewe_sqlite_bind_text (stmt, 4, list_id);
  ewe_sqlite_bind_text (stmt, 5, product_id);
  sqlite3_bind_int (stmt, 6, ewe_gift_get_most_wanted (sent) ? 1 : 0);

  return ewe_sqlite_step_done (stmt, error);
}

static gboolean
complete_entry_in_transaction (sqlite3         *db,
                               gint64           entry_id,
                               const char      *server_id,
                               EweStoreChanges *changes,
                               GError         **error)
{
  g_autoptr(sqlite3_stmt) select = ewe_sqlite_prepare (db, "SELECT kind, list_id, product_id, payload FROM outbox WHERE id = ?", error);
  g_autoptr(sqlite3_stmt) delete = NULL;
  g_autofree char *list_id = NULL;
  g_autofree char *product_id = NULL;
  EweOutboxKind    kind;
  int              rc;

  if (select == NULL)
    return FALSE;

  sqlite3_bind_int64 (select, 1, entry_id);
  rc = sqlite3_step (select);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_NOT_FOUND,
                   _("This change was already sent"));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return ewe_sqlite_set_error (db, rc, error);

  if (!ewe_outbox_kind_from_string (ewe_sqlite_column_text (select, 0), &kind))
    {
      return ewe_store_db_set_corrupt (error, "outbox");
    }
  list_id = g_strdup (ewe_sqlite_column_text (select, 1));
  product_id = g_strdup (ewe_sqlite_column_text (select, 2));

  /* What we sent is now the server's copy: the base for later merges. An
   * update does not carry the reveal date, nor a reveal date the rest:
   * each keeps what the base had of the other. */
  if ((kind == EWE_OUTBOX_KIND_CREATE_LIST || kind == EWE_OUTBOX_KIND_UPDATE_LIST) &&
      !ewe_store_db_run (db, "UPDATE lists SET synced = json_set (?2, '$.revealDate', "
                             "json_extract (synced, '$.revealDate')) WHERE id = ?1",
                         list_id, ewe_sqlite_column_text (select, 3), error))
    return FALSE;
  if (kind == EWE_OUTBOX_KIND_SET_REVEAL_DATE &&
      !ewe_store_db_run (db, "UPDATE lists SET synced = json_set (synced, '$.revealDate', "
                             "json_extract (?2, '$.revealDate')) WHERE id = ?1 AND synced IS NOT NULL",
                         list_id, ewe_sqlite_column_text (select, 3), error))
    return FALSE;
  if ((kind == EWE_OUTBOX_KIND_ADD_GIFT || kind == EWE_OUTBOX_KIND_UPDATE_GIFT) &&
      !remember_sent_gift (db, list_id, product_id, ewe_sqlite_column_text (select, 3), error))
    return FALSE;

  delete = ewe_sqlite_prepare (db, "DELETE FROM outbox WHERE id = ?", error);
  if (delete == NULL)
    return FALSE;
  sqlite3_bind_int64 (delete, 1, entry_id);
  if (!ewe_sqlite_step_done (delete, error))
    return FALSE;

  /* The server's answer and forgetting the entry are one commit: if the app
   * dies before it, the entry is sent again with the same idempotency key
   * and the server answers the same id. */
  if (server_id != NULL && kind == EWE_OUTBOX_KIND_CREATE_LIST && ewe_id_is_local (list_id))
    return rewrite_id_in_transaction (db, list_id, server_id, changes, error);

  if (server_id != NULL && kind == EWE_OUTBOX_KIND_CREATE_PRODUCT && ewe_id_is_local (product_id))
    {
      g_autoptr(EweGift) gift = NULL;
      g_autoptr(GError) read_error = NULL;

      if (!rewrite_id_in_transaction (db, product_id, server_id, changes, error))
        return FALSE;

      /* The gift's product id changed: the UI's gift object must follow.
       * Only that gift is read, not its whole list again for each of the
       * products a sync creates; it may have been removed meanwhile. */
      gift = ewe_store_db_read_gift (db, list_id, server_id, &read_error);
      if (gift != NULL)
        g_ptr_array_add (changes->gifts, g_steal_pointer (&gift));
      else if (!g_error_matches (read_error, EWE_STORE_ERROR, EWE_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&read_error));
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
ewe_store_db_complete_outbox_entry (sqlite3         *db,
                                    gint64           entry_id,
                                    const char      *server_id,
                                    EweStoreChanges *changes,
                                    GError         **error)
{
  EWE_STORE_DB_TRANSACTION (db, error, complete_entry_in_transaction (db, entry_id, server_id, changes, error));
}

static gboolean
complete_entries_in_transaction (sqlite3            *db,
                                 const gint64       *entry_ids,
                                 const char * const *server_ids,
                                 guint               n_entries,
                                 EweStoreChanges    *changes,
                                 GError            **error)
{
  for (guint i = 0; i < n_entries; i++)
    if (!complete_entry_in_transaction (db, entry_ids[i], server_ids[i], changes, error))
      return FALSE;

  return TRUE;
}

static gboolean
complete_entries (sqlite3            *db,
                  const gint64       *entry_ids,
                  const char * const *server_ids,
                  guint               n_entries,
                  EweStoreChanges    *changes,
                  GError            **error)
{
  EWE_STORE_DB_TRANSACTION (db, error, complete_entries_in_transaction (db, entry_ids, server_ids, n_entries, changes, error));
}

/* Several answers, one commit: all of them are recorded, or none and each
 * is sent again with its idempotency key.
 *
 * That commit alone does not wait for the disk (synchronous NORMAL): a
 * crash of the app loses nothing all the same, and a power cut can undo
 * only the last commits, in order (the WAL is written in order, and the
 * next commit that waits, a user's edit, puts those before it on the disk
 * too). An answer undone is an entry sent again with the same key and
 * body, which the server answers as the first time. Every other commit of
 * the store waits for the disk, as the user's edits must. */
gboolean
ewe_store_db_complete_outbox_entries (sqlite3            *db,
                                      const gint64       *entry_ids,
                                      const char * const *server_ids,
                                      guint               n_entries,
                                      EweStoreChanges    *changes,
                                      GError            **error)
{
  g_autoptr(GError) restore_error = NULL;
  gboolean completed;

  if (!ewe_sqlite_exec (db, "PRAGMA synchronous = NORMAL", error))
    return FALSE;

  completed = complete_entries (db, entry_ids, server_ids, n_entries, changes, error);

  /* Should this fail, the sync stops and says so rather than leave the
   * user's edits not waiting for the disk. */
  if (!ewe_sqlite_exec (db, "PRAGMA synchronous = FULL", &restore_error))
    {
      if (completed)
        g_propagate_error (error, g_steal_pointer (&restore_error));
      return FALSE;
    }

  return completed;
}

gboolean
ewe_store_db_fail_outbox_entry (sqlite3    *db,
                                gint64      entry_id,
                                const char *message,
                                GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = ewe_sqlite_prepare (db, "UPDATE outbox SET attempts = attempts + 1, last_error = ? "
                                                          "WHERE id = ?",
                                                      error);

  if (stmt == NULL)
    return FALSE;

  ewe_sqlite_bind_text (stmt, 1, message);
  sqlite3_bind_int64 (stmt, 2, entry_id);
  if (!ewe_sqlite_step_done (stmt, error))
    return FALSE;

  if (sqlite3_changes (db) == 0)
    {
      g_set_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_NOT_FOUND,
                   _("This change was already sent"));
      return FALSE;
    }

  return TRUE;
}
