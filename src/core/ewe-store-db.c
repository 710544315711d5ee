/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-store-db"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ewe-codec.h"
#include "ewe-store-db-private.h"

/* The SQL side of EweStore. Every function here runs on the store's one
 * worker thread, on the one connection, so no two ever interleave; each
 * user edit is a single BEGIN IMMEDIATE … COMMIT that changes the rows and
 * appends its outbox entry, so after a crash either both are there or
 * neither is. */

EweStoreChanges *
ewe_store_changes_new (void)
{
  EweStoreChanges *changes = g_new0 (EweStoreChanges, 1);

  changes->rewrites = g_ptr_array_new_with_free_func (g_free);
  changes->lists = g_ptr_array_new_with_free_func (g_object_unref);
  changes->removed_lists = g_ptr_array_new_with_free_func (g_free);
  changes->gifts = g_ptr_array_new_with_free_func (g_object_unref);
  changes->removed_gifts = g_ptr_array_new_with_free_func (g_object_unref);
  changes->reservations = g_ptr_array_new_with_free_func (g_object_unref);
  changes->removed_reservations = g_ptr_array_new_with_free_func (g_object_unref);
  changes->conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify)ewe_store_conflict_free);
  changes->gift_conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify)ewe_store_gift_conflict_free);

  return changes;
}

void
ewe_store_changes_free (EweStoreChanges *changes)
{
  if (changes == NULL)
    return;

  g_ptr_array_unref (changes->rewrites);
  g_ptr_array_unref (changes->lists);
  g_ptr_array_unref (changes->removed_lists);
  g_ptr_array_unref (changes->gifts);
  g_ptr_array_unref (changes->removed_gifts);
  g_ptr_array_unref (changes->reservations);
  g_ptr_array_unref (changes->removed_reservations);
  g_ptr_array_unref (changes->conflicts);
  g_ptr_array_unref (changes->gift_conflicts);
  g_free (changes);
}

EweStoreConflict *
ewe_store_conflict_new (const char *list_id,
                        EweList    *theirs,
                        GStrv       fields)
{
  EweStoreConflict *conflict = g_new0 (EweStoreConflict, 1);

  conflict->list_id = g_strdup (list_id);
  conflict->theirs = ewe_list_copy (theirs);
  conflict->fields = g_strdupv (fields);

  return conflict;
}

EweStoreGiftConflict *
ewe_store_gift_conflict_new (EweGift *ours,
                             EweGift *theirs,
                             GStrv    fields)
{
  EweStoreGiftConflict *conflict = g_new0 (EweStoreGiftConflict, 1);

  conflict->ours = ewe_gift_copy (ours);
  conflict->theirs = ewe_gift_copy (theirs);
  conflict->fields = g_strdupv (fields);

  return conflict;
}

void
ewe_store_gift_conflict_free (EweStoreGiftConflict *conflict)
{
  g_clear_object (&conflict->ours);
  g_clear_object (&conflict->theirs);
  g_strfreev (conflict->fields);
  g_free (conflict);
}

void
ewe_store_conflict_free (EweStoreConflict *conflict)
{
  g_free (conflict->list_id);
  g_clear_object (&conflict->theirs);
  g_strfreev (conflict->fields);
  g_free (conflict);
}

int
ewe_store_db_count_outbox (sqlite3 *db)
{
  g_autoptr(sqlite3_stmt) stmt = ewe_sqlite_prepare (db, "SELECT count(*) FROM outbox", NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return sqlite3_column_int (stmt, 0);
}

/* An id the UI handed us may have been rewritten by a transaction queued
 * before this one; the id map says what it became. */
char *
ewe_store_db_resolve_id (sqlite3    *db,
                         const char *id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!ewe_id_is_local (id))
    return g_strdup (id);

  stmt = ewe_sqlite_prepare (db, "SELECT server_id FROM id_map WHERE local_id = ?", NULL);
  if (stmt == NULL)
    return g_strdup (id);

  ewe_sqlite_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return g_strdup (ewe_sqlite_column_text (stmt, 0));

  return g_strdup (id);
}

/* --- rows to objects --------------------------------------------------- */

EweList *
ewe_store_db_list_from_row (sqlite3_stmt *stmt,
                            const char   *table,
                            GError      **error)
{
  EweListState state;
  EweList     *list;

  if (!ewe_list_state_from_string (ewe_sqlite_column_text (stmt, 6), &state) ||
      ewe_sqlite_column_text (stmt, 0) == NULL)
    {
      ewe_store_db_set_corrupt (error, table);
      return NULL;
    }

  list = ewe_list_new ();
  ewe_list_set_id (list, ewe_sqlite_column_text (stmt, 0));
  ewe_list_set_title (list, ewe_sqlite_column_text (stmt, 1));
  ewe_list_set_description (list, ewe_sqlite_column_text (stmt, 2));
  ewe_list_set_occasion (list, ewe_sqlite_column_text (stmt, 3));
  ewe_list_set_event_date (list, ewe_sqlite_column_text (stmt, 4));
  ewe_list_set_image_url (list, ewe_sqlite_column_text (stmt, 5));
  ewe_list_set_state (list, state);
  ewe_list_set_owner (list, ewe_sqlite_column_text (stmt, 7));
  ewe_list_set_archived (list, sqlite3_column_int (stmt, 8) != 0);
  ewe_list_set_archive_note (list, ewe_sqlite_column_text (stmt, 9));

  return list;
}

/* gpointer, to serve as an EweSqliteRowFunc: an EweList, of EWE_STORE_DB_OWN_LIST_COLUMNS. */
static gpointer
list_from_row (sqlite3_stmt *stmt,
               GError      **error)
{
  EweList *list = ewe_store_db_list_from_row (stmt, "lists", error);

  if (list != NULL)
    {
      ewe_list_set_reveal_on (list, ewe_sqlite_column_text (stmt, 10));
      ewe_list_set_revealed (list, sqlite3_column_int (stmt, 11) != 0);
      ewe_list_set_coowned (list, sqlite3_column_int (stmt, 12) != 0);
      ewe_list_set_owner_name (list, ewe_sqlite_column_text (stmt, 13));
      ewe_list_set_currency (list, ewe_sqlite_column_text (stmt, 14));
      ewe_list_set_reveal_date (list, ewe_sqlite_column_text (stmt, 15));
    }

  return list;
}

EweGift *
ewe_store_db_gift_from_row (sqlite3_stmt *stmt,
                            const char   *table,
                            GError      **error)
{
  EweProductType type;
  EweGift       *gift;

  if (!ewe_product_type_from_string (ewe_sqlite_column_text (stmt, 2), &type) ||
      sqlite3_column_int (stmt, 3) < 1 ||
      sqlite3_column_int (stmt, 4) < 0 ||
      sqlite3_column_int (stmt, 5) < 0)
    {
      ewe_store_db_set_corrupt (error, table);
      return NULL;
    }

  gift = ewe_gift_new ();
  ewe_gift_set_list_id (gift, ewe_sqlite_column_text (stmt, 0));
  ewe_gift_set_product_id (gift, ewe_sqlite_column_text (stmt, 1));
  ewe_gift_set_product_type (gift, type);
  ewe_gift_set_quantity (gift, sqlite3_column_int (stmt, 3));
  ewe_gift_set_reserved (gift, sqlite3_column_int (stmt, 4));
  ewe_gift_set_purchased (gift, sqlite3_column_int (stmt, 5));
  ewe_gift_set_notes (gift, ewe_sqlite_column_text (stmt, 6));
  ewe_gift_set_brand (gift, ewe_sqlite_column_text (stmt, 7));
  ewe_gift_set_details (gift, ewe_sqlite_column_text (stmt, 8));
  ewe_gift_set_product_url (gift, ewe_sqlite_column_text (stmt, 9));
  ewe_gift_set_image_url (gift, ewe_sqlite_column_text (stmt, 10));
  ewe_gift_set_price (gift, ewe_sqlite_column_text (stmt, 11));
  ewe_gift_set_retailer (gift, ewe_sqlite_column_text (stmt, 12));
  ewe_gift_set_currency (gift, ewe_sqlite_column_text (stmt, 13));
  ewe_gift_set_unlimited (gift, sqlite3_column_int (stmt, 14) != 0);
  ewe_gift_set_most_wanted (gift, sqlite3_column_int (stmt, 15) != 0);

  return gift;
}

void
ewe_store_db_bind_gift (sqlite3_stmt *stmt,
                        const char   *list_id,
                        EweGift      *gift)
{
  ewe_sqlite_bind_text (stmt, 1, list_id);
  ewe_sqlite_bind_text (stmt, 2, ewe_gift_get_product_id (gift));
  ewe_sqlite_bind_text (stmt, 3, ewe_product_type_to_string (ewe_gift_get_product_type (gift)));
  sqlite3_bind_int (stmt, 4, ewe_gift_get_quantity (gift));
  sqlite3_bind_int (stmt, 5, ewe_gift_get_reserved (gift));
  sqlite3_bind_int (stmt, 6, ewe_gift_get_purchased (gift));
  ewe_sqlite_bind_text (stmt, 7, ewe_gift_get_notes (gift));
  ewe_sqlite_bind_text (stmt, 8, ewe_gift_get_brand (gift));
  ewe_sqlite_bind_text (stmt, 9, ewe_gift_get_details (gift));
  ewe_sqlite_bind_text (stmt, 10, ewe_gift_get_product_url (gift));
  ewe_sqlite_bind_text (stmt, 11, ewe_gift_get_image_url (gift));
  ewe_sqlite_bind_text (stmt, 12, ewe_gift_get_price (gift));
  ewe_sqlite_bind_text (stmt, 13, ewe_gift_get_retailer (gift));
  ewe_sqlite_bind_text (stmt, 14, ewe_gift_get_currency (gift));
  sqlite3_bind_int (stmt, 15, ewe_gift_get_unlimited (gift) ? 1 : 0);
  sqlite3_bind_int (stmt, 16, ewe_gift_get_most_wanted (gift) ? 1 : 0);
}

/* gpointer, to serve as an EweSqliteRowFunc: an EweGift. */
static gpointer
gift_from_row (sqlite3_stmt *stmt,
               GError      **error)
{
  EweGift *gift = ewe_store_db_gift_from_row (stmt, "gifts", error);

  if (gift != NULL)
    ewe_gift_set_received (gift, sqlite3_column_int (stmt, 16) != 0);
  return gift;
}

EweList *
ewe_store_db_read_list (sqlite3    *db,
                        const char *list_id,
                        GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = ewe_sqlite_prepare (db, "SELECT " EWE_STORE_DB_OWN_LIST_COLUMNS " FROM lists WHERE id = ?", error);

  if (stmt == NULL)
    return NULL;

  ewe_sqlite_bind_text (stmt, 1, list_id);

  return ewe_sqlite_get_one (stmt, list_from_row, g_object_unref,
                             _("This list is no longer on this device"), error);
}

EweGift *
ewe_store_db_read_gift (sqlite3    *db,
                        const char *list_id,
                        const char *product_id,
                        GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = ewe_sqlite_prepare (db, "SELECT " EWE_STORE_DB_OWN_GIFT_COLUMNS " FROM gifts "
                                                          "WHERE list_id = ? AND product_id = ?",
                                                      error);

  if (stmt == NULL)
    return NULL;

  ewe_sqlite_bind_text (stmt, 1, list_id);
  ewe_sqlite_bind_text (stmt, 2, product_id);

  return ewe_sqlite_get_one (stmt, gift_from_row, g_object_unref,
                             _("This gift is no longer on the list"), error);
}

gboolean
ewe_store_db_collect_rows (sqlite3         *db,
                           sqlite3_stmt    *stmt,
                           EweSqliteRowFunc from_row,
                           GPtrArray       *into,
                           GError         **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gpointer item = from_row (stmt, error);

      if (item == NULL)
        return FALSE;
      g_ptr_array_add (into, item);
    }

  if (rc != SQLITE_DONE)
    return ewe_sqlite_set_error (db, rc, error);

  return TRUE;
}

/* What @from_row makes of each row @sql selects for @list_id. */
static GPtrArray *
load_rows_of_list (sqlite3         *db,
                   const char      *sql,
                   const char      *list_id,
                   EweSqliteRowFunc from_row,
                   GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = ewe_sqlite_prepare (db, sql, error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

  if (stmt == NULL)
    return NULL;

  ewe_sqlite_bind_text (stmt, 1, list_id);
  if (!ewe_store_db_collect_rows (db, stmt, from_row, rows, error))
    return NULL;

  return g_steal_pointer (&rows);
}

GPtrArray *
ewe_store_db_load_lists (sqlite3 *db,
                         GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = ewe_sqlite_prepare (db, "SELECT " EWE_STORE_DB_OWN_LIST_COLUMNS " FROM lists ORDER BY position", error);
  g_autoptr(GPtrArray) lists = g_ptr_array_new_with_free_func (g_object_unref);

  if (stmt == NULL || !ewe_store_db_collect_rows (db, stmt, list_from_row, lists, error))
    return NULL;

  return g_steal_pointer (&lists);
}

GPtrArray *
ewe_store_db_load_gifts (sqlite3    *db,
                         const char *list_id,
                         GError    **error)
{
  return load_rows_of_list (db, "SELECT " EWE_STORE_DB_OWN_GIFT_COLUMNS " FROM gifts "
                                "WHERE list_id = ? ORDER BY position",
                            list_id, gift_from_row, error);
}

EweReservation *
ewe_store_db_reservation_from_row (sqlite3_stmt *stmt,
                                   const char   *table,
                                   GError      **error)
{
  EweReservationState state;
  EweProductType      type;
  EweReservation     *r;

  if (!ewe_product_type_from_string (ewe_sqlite_column_text (stmt, 5), &type) ||
      !ewe_reservation_state_from_string (ewe_sqlite_column_text (stmt, 10), &state) ||
      sqlite3_column_int (stmt, 9) < 1)
    {
      ewe_store_db_set_corrupt (error, table);
      return NULL;
    }

  r = ewe_reservation_new ();
  ewe_reservation_set_id (r, ewe_sqlite_column_text (stmt, 0));
  ewe_reservation_set_list_id (r, ewe_sqlite_column_text (stmt, 1));
  ewe_reservation_set_list_title (r, ewe_sqlite_column_text (stmt, 2));
  ewe_reservation_set_list_owner_id (r, ewe_sqlite_column_text (stmt, 3));
  ewe_reservation_set_product_id (r, ewe_sqlite_column_text (stmt, 4));
  ewe_reservation_set_product_type (r, type);
  ewe_reservation_set_user_id (r, ewe_sqlite_column_text (stmt, 6));
  ewe_reservation_set_name (r, ewe_sqlite_column_text (stmt, 7));
  ewe_reservation_set_email (r, ewe_sqlite_column_text (stmt, 8));
  ewe_reservation_set_quantity (r, sqlite3_column_int (stmt, 9));
  ewe_reservation_set_state (r, state);

  return r;
}

/* gpointer, to serve as an EweSqliteRowFunc: an EweReservation. */
static gpointer
reservation_from_row (sqlite3_stmt *stmt,
                      GError      **error)
{
  EweReservation *r = ewe_store_db_reservation_from_row (stmt, "reservations", error);

  if (r != NULL)
    ewe_reservation_set_thanked (r, sqlite3_column_int (stmt, 11) != 0);
  return r;
}

GPtrArray *
ewe_store_db_load_reservations (sqlite3    *db,
                                const char *list_id,
                                GError    **error)
{
  return load_rows_of_list (db, "SELECT " EWE_STORE_DB_OWN_RESERVATION_COLUMNS " FROM reservations "
                                "WHERE list_id = ? ORDER BY rowid",
                            list_id, reservation_from_row, error);
}

/* --- the outbox and rows shared by edits and sync ---------------------- */

gboolean
ewe_store_db_append_outbox (sqlite3      *db,
                            EweOutboxKind kind,
                            const char   *list_id,
                            const char   *product_id,
                            const char   *payload,
                            GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = ewe_sqlite_prepare (db, "INSERT INTO outbox (kind, list_id, product_id, payload, "
                                                          "idempotency_key, created) VALUES (?, ?, ?, ?, ?, ?)",
                                                      error);
  g_autofree char *key = g_uuid_string_random ();

  if (stmt == NULL)
    return FALSE;

  ewe_sqlite_bind_text (stmt, 1, ewe_outbox_kind_to_string (kind));
  ewe_sqlite_bind_text (stmt, 2, list_id);
  ewe_sqlite_bind_text (stmt, 3, product_id);
  ewe_sqlite_bind_text (stmt, 4, payload);
  ewe_sqlite_bind_text (stmt, 5, key);
  sqlite3_bind_int64 (stmt, 6, g_get_real_time ());

  return ewe_sqlite_step_done (stmt, error);
}

GPtrArray *
ewe_store_db_list_outbox (sqlite3 *db,
                          GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = ewe_sqlite_prepare (db, "SELECT id, kind, list_id, product_id, payload, idempotency_key, "
                                                          "created, attempts, last_error FROM outbox ORDER BY id",
                                                      error);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      EweOutboxEntry *entry;
      EweOutboxKind   kind;

      if (!ewe_outbox_kind_from_string (ewe_sqlite_column_text (stmt, 1), &kind))
        {
          ewe_store_db_set_corrupt (error, "outbox");
          return NULL;
        }

      entry = ewe_outbox_entry_new ();
      ewe_outbox_entry_set_id (entry, sqlite3_column_int64 (stmt, 0));
      ewe_outbox_entry_set_kind (entry, kind);
      ewe_outbox_entry_set_list_id (entry, ewe_sqlite_column_text (stmt, 2));
      ewe_outbox_entry_set_product_id (entry, ewe_sqlite_column_text (stmt, 3));
      ewe_outbox_entry_set_payload (entry, ewe_sqlite_column_text (stmt, 4));
      ewe_outbox_entry_set_idempotency_key (entry, ewe_sqlite_column_text (stmt, 5));
      ewe_outbox_entry_set_created (entry, MAX (0, sqlite3_column_int64 (stmt, 6)));
      ewe_outbox_entry_set_attempts (entry, MAX (0, sqlite3_column_int (stmt, 7)));
      ewe_outbox_entry_set_last_error (entry, ewe_sqlite_column_text (stmt, 8));
      g_ptr_array_add (entries, entry);
    }

  if (rc != SQLITE_DONE)
    {
      ewe_sqlite_set_error (db, rc, error);
      return NULL;
    }

  return g_steal_pointer (&entries);
}

gboolean
ewe_store_db_insert_list (sqlite3 *db,
                          EweList *values,
                          GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (db, "INSERT INTO lists (id, title, description, occasion, event_date, image_url, "
                                 "state, owner, position, updated, coowned, owner_name, archived, archive_note, currency, "
                                 "reveal_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                                 "(SELECT COALESCE (MAX (position), 0) + 1 FROM lists), ?, ?, ?, ?, ?, ?, ?)",
                             error);
  if (stmt == NULL)
    return FALSE;

  ewe_sqlite_bind_text (stmt, 1, ewe_list_get_id (values));
  ewe_sqlite_bind_text (stmt, 2, ewe_list_get_title (values));
  ewe_sqlite_bind_text (stmt, 3, ewe_list_get_description (values));
  ewe_sqlite_bind_text (stmt, 4, ewe_list_get_occasion (values));
  ewe_sqlite_bind_text (stmt, 5, ewe_list_get_event_date (values));
  ewe_sqlite_bind_text (stmt, 6, ewe_list_get_image_url (values));
  ewe_sqlite_bind_text (stmt, 7, ewe_list_state_to_string (ewe_list_get_state (values)));
  ewe_sqlite_bind_text (stmt, 8, ewe_list_get_owner (values));
  sqlite3_bind_int64 (stmt, 9, g_get_real_time ());
  sqlite3_bind_int (stmt, 10, ewe_list_get_coowned (values));
  ewe_sqlite_bind_text (stmt, 11, ewe_list_get_owner_name (values));
  sqlite3_bind_int (stmt, 12, ewe_list_get_archived (values) ? 1 : 0);
  ewe_sqlite_bind_text (stmt, 13, ewe_list_get_archive_note (values));
  ewe_sqlite_bind_text (stmt, 14, ewe_list_get_currency (values));
  ewe_sqlite_bind_text (stmt, 15, ewe_list_get_reveal_date (values));

  return ewe_sqlite_step_done (stmt, error);
}

gboolean
ewe_store_db_insert_gift (sqlite3 *db,
                          EweGift *values,
                          GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (db, "INSERT INTO gifts (" EWE_STORE_DB_GIFT_COLUMNS ", position, updated) VALUES "
                                 "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                 "(SELECT COALESCE (MAX (position), 0) + 1 FROM gifts WHERE list_id = ?1), ?)",
                             error);
  if (stmt == NULL)
    return FALSE;

  ewe_store_db_bind_gift (stmt, ewe_gift_get_list_id (values), values);
  sqlite3_bind_int64 (stmt, 17, g_get_real_time ());

  return ewe_sqlite_step_done (stmt, error);
}

/* The set of texts in the first column of what @sql selects (for @a, if
 * it takes a parameter). */
GHashTable *
ewe_store_db_collect (sqlite3    *db,
                      const char *sql,
                      const char *a,
                      GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = ewe_sqlite_prepare (db, sql, error);
  g_autoptr(GHashTable) set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int rc;

  if (stmt == NULL)
    return NULL;

  if (sqlite3_bind_parameter_count (stmt) >= 1)
    ewe_sqlite_bind_text (stmt, 1, a);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (ewe_sqlite_column_text (stmt, 0) != NULL)
      g_hash_table_add (set, g_strdup (ewe_sqlite_column_text (stmt, 0)));

  if (rc != SQLITE_DONE)
    {
      ewe_sqlite_set_error (db, rc, error);
      return NULL;
    }

  return g_steal_pointer (&set);
}

gboolean
ewe_store_db_run (sqlite3    *db,
                  const char *sql,
                  const char *a,
                  const char *b,
                  GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = ewe_sqlite_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;

  ewe_sqlite_bind_text (stmt, 1, a);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    ewe_sqlite_bind_text (stmt, 2, b);

  return ewe_sqlite_step_done (stmt, error);
}

gboolean
ewe_store_db_has_pending (sqlite3    *db,
                          const char *list_id,
                          const char *product_id,
                          gboolean   *pending,
                          GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (product_id == NULL)
    stmt = ewe_sqlite_prepare (db, "SELECT EXISTS (SELECT 1 FROM outbox WHERE list_id = ? AND product_id IS NULL "
                                   "AND " EWE_STORE_DB_FIELD_EDIT ")",
                               error);
  else
    stmt = ewe_sqlite_prepare (db, "SELECT EXISTS (SELECT 1 FROM outbox WHERE list_id = ? AND product_id = ? "
                                   "AND " EWE_STORE_DB_FIELD_EDIT ")",
                               error);
  if (stmt == NULL)
    return FALSE;

  ewe_sqlite_bind_text (stmt, 1, list_id);
  if (product_id != NULL)
    ewe_sqlite_bind_text (stmt, 2, product_id);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return ewe_sqlite_set_error (db, rc, error);

  *pending = sqlite3_column_int (stmt, 0) != 0;
  return TRUE;
}
