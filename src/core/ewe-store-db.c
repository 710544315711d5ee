/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-store-db"

#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>

#include "ewe-codec.h"
#include "ewe-store-private.h"

/* The SQL side of EweStore. Every function here runs on the store's one
 * worker thread, on the one connection, so no two ever interleave; each
 * user edit is a single BEGIN IMMEDIATE … COMMIT that changes the rows and
 * appends its outbox entry, so after a crash either both are there or
 * neither is. */

/* Append-only: a released schema is never edited, only followed by a new
 * step. tests/core/store-schema-v1.sql is a copy of the first one, used to
 * test upgrading an old file. */
static const char * const migrations[] = {
  /* 1: lists, gifts with their product denormalised, reservations, outbox */
  "CREATE TABLE lists ("
  "  id TEXT PRIMARY KEY,"
  "  title TEXT NOT NULL,"
  "  description TEXT,"
  "  occasion TEXT,"
  "  event_date TEXT,"
  "  image_url TEXT,"
  "  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),"
  "  owner TEXT,"
  "  position INTEGER NOT NULL"
  ");"
  "CREATE TABLE gifts ("
  "  list_id TEXT NOT NULL REFERENCES lists (id) ON DELETE CASCADE ON UPDATE CASCADE,"
  "  product_id TEXT NOT NULL,"
  "  product_type TEXT NOT NULL CHECK (product_type IN ('products', 'notfound')),"
  "  quantity INTEGER NOT NULL CHECK (quantity >= 1),"
  "  reserved INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0),"
  "  purchased INTEGER NOT NULL DEFAULT 0 CHECK (purchased >= 0),"
  "  notes TEXT,"
  "  brand TEXT,"
  "  details TEXT,"
  "  product_url TEXT,"
  "  image_url TEXT,"
  "  price TEXT,"
  "  retailer TEXT,"
  "  position INTEGER NOT NULL,"
  "  PRIMARY KEY (list_id, product_id)"
  ");"
  "CREATE INDEX gifts_by_position ON gifts (list_id, position);"
  "CREATE TABLE reservations ("
  "  id TEXT PRIMARY KEY,"
  "  list_id TEXT NOT NULL REFERENCES lists (id) ON DELETE CASCADE ON UPDATE CASCADE,"
  "  list_title TEXT,"
  "  list_owner_id TEXT,"
  "  product_id TEXT NOT NULL,"
  "  product_type TEXT NOT NULL,"
  "  user_id TEXT,"
  "  name TEXT NOT NULL,"
  "  email TEXT NOT NULL,"
  "  quantity INTEGER NOT NULL CHECK (quantity >= 1),"
  "  state TEXT NOT NULL"
  ");"
  "CREATE TABLE outbox ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  kind TEXT NOT NULL,"
  "  list_id TEXT,"
  "  product_id TEXT,"
  "  payload TEXT,"
  "  idempotency_key TEXT NOT NULL UNIQUE,"
  "  created INTEGER NOT NULL,"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  last_error TEXT"
  ");"
  "CREATE INDEX outbox_by_target ON outbox (list_id, product_id);",

  /* 2: remember which local id became which server id, so a late answer or
   * a stale reference can still be resolved; and when each row was last
   * edited here, for telling the user which side of a conflict won. */
  "CREATE TABLE id_map ("
  "  local_id TEXT PRIMARY KEY,"
  "  server_id TEXT NOT NULL"
  ");"
  "ALTER TABLE lists ADD COLUMN updated INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE gifts ADD COLUMN updated INTEGER NOT NULL DEFAULT 0;",
};

int
ewe_store_get_schema_version (void)
{
  return G_N_ELEMENTS (migrations);
}

EweStoreChanges *
ewe_store_changes_new (void)
{
  EweStoreChanges *changes = g_new0 (EweStoreChanges, 1);

  changes->rewrites = g_ptr_array_new_with_free_func (g_free);
  changes->lists = g_ptr_array_new_with_free_func (g_object_unref);
  changes->removed_lists = g_ptr_array_new_with_free_func (g_free);
  changes->gifts = g_ptr_array_new_with_free_func (g_object_unref);
  changes->removed_gifts = g_ptr_array_new_with_free_func (g_object_unref);

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
  g_free (changes);
}

/* --- errors and small helpers -------------------------------------------- */

static gboolean
set_db_error (sqlite3  *db,
              int       rc,
              GError  **error)
{
  const char *message = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_CORRUPT,
                   _("The local store is damaged and cannot be read (%s)"), message);
      break;

    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
      g_set_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID,
                   _("The change was refused by the local store (%s)"), message);
      break;

    case SQLITE_FULL:
      g_set_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_IO,
                   _("The disk is full: free some space and try again"));
      break;

    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    default:
      g_set_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_IO,
                   _("Could not use the local store: %s"), message);
      break;
    }

  return FALSE;
}

static gboolean
exec (sqlite3     *db,
      const char  *sql,
      GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return set_db_error (db, rc, error);

  return TRUE;
}

static sqlite3_stmt *
prepare (sqlite3     *db,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      set_db_error (db, rc, error);
      return NULL;
    }

  return stmt;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

/* Runs a statement that returns no rows. */
static gboolean
step_done (sqlite3       *db,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    return set_db_error (db, rc, error);

  return TRUE;
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *)sqlite3_column_text (stmt, column);
}

static gboolean
begin (sqlite3  *db,
       GError  **error)
{
  /* IMMEDIATE takes the write lock at once, so a transaction never fails
   * half-way for want of it. */
  return exec (db, "BEGIN IMMEDIATE", error);
}

static gboolean
commit (sqlite3  *db,
        GError  **error)
{
  return exec (db, "COMMIT", error);
}

static void
rollback (sqlite3 *db)
{
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
}

/* --- opening and migrating ------------------------------------------------- */

static int
get_user_version (sqlite3  *db,
                  GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (db, "PRAGMA user_version", error);
  int rc;

  if (stmt == NULL)
    return -1;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      set_db_error (db, rc, error);
      return -1;
    }

  return sqlite3_column_int (stmt, 0);
}

static gboolean
migrate (sqlite3  *db,
         GError  **error)
{
  int version = get_user_version (db, error);

  if (version < 0)
    return FALSE;

  if (version > (int)G_N_ELEMENTS (migrations))
    {
      g_set_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_TOO_NEW,
                   _("The local store was written by a newer version of Ewelists; update the app to open it"));
      return FALSE;
    }

  for (int v = version; v < (int)G_N_ELEMENTS (migrations); v++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", v + 1);

      g_debug ("Migrating the store from version %d to %d", v, v + 1);

      if (!begin (db, error))
        return FALSE;

      if (!exec (db, migrations[v], error) ||
          !exec (db, set_version, error) ||
          !commit (db, error))
        {
          rollback (db);
          return FALSE;
        }
    }

  return TRUE;
}

sqlite3 *
ewe_store_db_open (const char  *path,
                   GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  sqlite3 *db = NULL;
  int rc;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_IO,
                   _("Could not create the folder %s: %s"), dir, g_strerror (errsv));
      return NULL;
    }

  rc = sqlite3_open_v2 (path, &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      set_db_error (db, rc, error);
      sqlite3_close (db);
      return NULL;
    }

  sqlite3_extended_result_codes (db, TRUE);
  sqlite3_busy_timeout (db, 5000);

  /* WAL lets a crash lose nothing that was committed, and synchronous=FULL
   * makes a commit survive a power cut too: an edit is the user's typing. */
  if (!exec (db, "PRAGMA journal_mode = WAL", error) ||
      !exec (db, "PRAGMA synchronous = FULL", error) ||
      !exec (db, "PRAGMA foreign_keys = ON", error) ||
      !migrate (db, error))
    {
      sqlite3_close (db);
      return NULL;
    }

  return db;
}

void
ewe_store_db_close (sqlite3 *db)
{
  sqlite3_close (db);
}

int
ewe_store_db_count_outbox (sqlite3 *db)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (db, "SELECT count(*) FROM outbox", NULL);

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

  stmt = prepare (db, "SELECT server_id FROM id_map WHERE local_id = ?", NULL);
  if (stmt == NULL)
    return g_strdup (id);

  bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return g_strdup (column_text (stmt, 0));

  return g_strdup (id);
}

/* --- rows to objects ----------------------------------------------------------- */

#define LIST_COLUMNS "id, title, description, occasion, event_date, image_url, state, owner"
#define GIFT_COLUMNS "list_id, product_id, product_type, quantity, reserved, purchased, notes, " \
                     "brand, details, product_url, image_url, price, retailer"

static EweList *
list_from_row (sqlite3_stmt  *stmt,
               GError       **error)
{
  EweListState state;
  EweList *list;

  if (!ewe_list_state_from_string (column_text (stmt, 6), &state) ||
      column_text (stmt, 0) == NULL)
    {
      g_set_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_CORRUPT,
                   _("The local store is damaged and cannot be read (%s)"), "lists");
      return NULL;
    }

  list = ewe_list_new ();
  ewe_list_set_id (list, column_text (stmt, 0));
  ewe_list_set_title (list, column_text (stmt, 1));
  ewe_list_set_description (list, column_text (stmt, 2));
  ewe_list_set_occasion (list, column_text (stmt, 3));
  ewe_list_set_event_date (list, column_text (stmt, 4));
  ewe_list_set_image_url (list, column_text (stmt, 5));
  ewe_list_set_state (list, state);
  ewe_list_set_owner (list, column_text (stmt, 7));

  return list;
}

static EweGift *
gift_from_row (sqlite3_stmt  *stmt,
               GError       **error)
{
  EweProductType type;
  EweGift *gift;

  if (!ewe_product_type_from_string (column_text (stmt, 2), &type) ||
      sqlite3_column_int (stmt, 3) < 1 ||
      sqlite3_column_int (stmt, 4) < 0 ||
      sqlite3_column_int (stmt, 5) < 0)
    {
      g_set_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_CORRUPT,
                   _("The local store is damaged and cannot be read (%s)"), "gifts");
      return NULL;
    }

  gift = ewe_gift_new ();
  ewe_gift_set_list_id (gift, column_text (stmt, 0));
  ewe_gift_set_product_id (gift, column_text (stmt, 1));
  ewe_gift_set_product_type (gift, type);
  ewe_gift_set_quantity (gift, sqlite3_column_int (stmt, 3));
  ewe_gift_set_reserved (gift, sqlite3_column_int (stmt, 4));
  ewe_gift_set_purchased (gift, sqlite3_column_int (stmt, 5));
  ewe_gift_set_notes (gift, column_text (stmt, 6));
  ewe_gift_set_brand (gift, column_text (stmt, 7));
  ewe_gift_set_details (gift, column_text (stmt, 8));
  ewe_gift_set_product_url (gift, column_text (stmt, 9));
  ewe_gift_set_image_url (gift, column_text (stmt, 10));
  ewe_gift_set_price (gift, column_text (stmt, 11));
  ewe_gift_set_retailer (gift, column_text (stmt, 12));

  return gift;
}

static EweList *
read_list (sqlite3     *db,
           const char  *list_id,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (db, "SELECT " LIST_COLUMNS " FROM lists WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, list_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_NOT_FOUND,
                   _("This list is no longer on this device"));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      set_db_error (db, rc, error);
      return NULL;
    }

  return list_from_row (stmt, error);
}

static EweGift *
read_gift (sqlite3     *db,
           const char  *list_id,
           const char  *product_id,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (db, "SELECT " GIFT_COLUMNS " FROM gifts "
                                              "WHERE list_id = ? AND product_id = ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, list_id);
  bind_text (stmt, 2, product_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_NOT_FOUND,
                   _("This gift is no longer on the list"));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      set_db_error (db, rc, error);
      return NULL;
    }

  return gift_from_row (stmt, error);
}

GPtrArray *
ewe_store_db_load_lists (sqlite3  *db,
                         GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (db, "SELECT " LIST_COLUMNS " FROM lists ORDER BY position", error);
  g_autoptr(GPtrArray) lists = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      EweList *list = list_from_row (stmt, error);

      if (list == NULL)
        return NULL;
      g_ptr_array_add (lists, list);
    }

  if (rc != SQLITE_DONE)
    {
      set_db_error (db, rc, error);
      return NULL;
    }

  return g_steal_pointer (&lists);
}

GPtrArray *
ewe_store_db_load_gifts (sqlite3     *db,
                         const char  *list_id,
                         GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (db, "SELECT " GIFT_COLUMNS " FROM gifts "
                                              "WHERE list_id = ? ORDER BY position", error);
  g_autoptr(GPtrArray) gifts = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, list_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      EweGift *gift = gift_from_row (stmt, error);

      if (gift == NULL)
        return NULL;
      g_ptr_array_add (gifts, gift);
    }

  if (rc != SQLITE_DONE)
    {
      set_db_error (db, rc, error);
      return NULL;
    }

  return g_steal_pointer (&gifts);
}

/* --- the outbox ------------------------------------------------------------------ */

static gboolean
outbox_append (sqlite3        *db,
               EweOutboxKind   kind,
               const char     *list_id,
               const char     *product_id,
               const char     *payload,
               GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (db, "INSERT INTO outbox (kind, list_id, product_id, payload, "
                                              "idempotency_key, created) VALUES (?, ?, ?, ?, ?, ?)", error);
  g_autofree char *key = g_uuid_string_random ();

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, ewe_outbox_kind_to_string (kind));
  bind_text (stmt, 2, list_id);
  bind_text (stmt, 3, product_id);
  bind_text (stmt, 4, payload);
  bind_text (stmt, 5, key);
  sqlite3_bind_int64 (stmt, 6, g_get_real_time ());

  return step_done (db, stmt, error);
}

GPtrArray *
ewe_store_db_list_outbox (sqlite3  *db,
                          GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (db, "SELECT id, kind, list_id, product_id, payload, idempotency_key, "
                                              "created, attempts, last_error FROM outbox ORDER BY id", error);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      EweOutboxEntry *entry;
      EweOutboxKind kind;

      if (!ewe_outbox_kind_from_string (column_text (stmt, 1), &kind))
        {
          g_set_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_CORRUPT,
                       _("The local store is damaged and cannot be read (%s)"), "outbox");
          return NULL;
        }

      entry = ewe_outbox_entry_new ();
      ewe_outbox_entry_set_id (entry, sqlite3_column_int64 (stmt, 0));
      ewe_outbox_entry_set_kind (entry, kind);
      ewe_outbox_entry_set_list_id (entry, column_text (stmt, 2));
      ewe_outbox_entry_set_product_id (entry, column_text (stmt, 3));
      ewe_outbox_entry_set_payload (entry, column_text (stmt, 4));
      ewe_outbox_entry_set_idempotency_key (entry, column_text (stmt, 5));
      ewe_outbox_entry_set_created (entry, MAX (0, sqlite3_column_int64 (stmt, 6)));
      ewe_outbox_entry_set_attempts (entry, MAX (0, sqlite3_column_int (stmt, 7)));
      ewe_outbox_entry_set_last_error (entry, column_text (stmt, 8));
      g_ptr_array_add (entries, entry);
    }

  if (rc != SQLITE_DONE)
    {
      set_db_error (db, rc, error);
      return NULL;
    }

  return g_steal_pointer (&entries);
}

/* --- lists ------------------------------------------------------------------------- */

static gboolean
insert_list (sqlite3  *db,
             EweList  *values,
             GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = prepare (db, "INSERT INTO lists (id, title, description, occasion, event_date, image_url, "
                      "state, owner, position, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                      "(SELECT COALESCE (MAX (position), 0) + 1 FROM lists), ?)", error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, ewe_list_get_id (values));
  bind_text (stmt, 2, ewe_list_get_title (values));
  bind_text (stmt, 3, ewe_list_get_description (values));
  bind_text (stmt, 4, ewe_list_get_occasion (values));
  bind_text (stmt, 5, ewe_list_get_event_date (values));
  bind_text (stmt, 6, ewe_list_get_image_url (values));
  bind_text (stmt, 7, ewe_list_state_to_string (ewe_list_get_state (values)));
  bind_text (stmt, 8, ewe_list_get_owner (values));
  sqlite3_bind_int64 (stmt, 9, g_get_real_time ());

  return step_done (db, stmt, error);
}

static gboolean
create_list_in_transaction (sqlite3          *db,
                            EweList          *values,
                            EweStoreChanges  *changes,
                            GError          **error)
{
  g_autofree char *payload = ewe_codec_encode_list_request (values);
  g_autoptr(EweList) row = NULL;

  if (!insert_list (db, values, error) ||
      !outbox_append (db, EWE_OUTBOX_KIND_CREATE_LIST, ewe_list_get_id (values), NULL, payload, error) ||
      !(row = read_list (db, ewe_list_get_id (values), error)))
    return FALSE;

  g_ptr_array_add (changes->lists, g_steal_pointer (&row));
  return TRUE;
}

/* Runs @func inside one transaction, rolling everything back if it fails. */
#define IN_TRANSACTION(db, error, call)             \
  G_STMT_START {                                    \
    if (!begin ((db), (error)))                     \
      return FALSE;                                 \
    if (!(call) || !commit ((db), (error)))         \
      {                                             \
        rollback (db);                              \
        return FALSE;                               \
      }                                             \
    return TRUE;                                    \
  } G_STMT_END

gboolean
ewe_store_db_create_list (sqlite3          *db,
                          EweList          *values,
                          EweStoreChanges  *changes,
                          GError          **error)
{
  IN_TRANSACTION (db, error, create_list_in_transaction (db, values, changes, error));
}

static gboolean
update_list_in_transaction (sqlite3          *db,
                            const char       *list_id,
                            EweList          *values,
                            EweStoreChanges  *changes,
                            GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(EweList) row = NULL;
  g_autofree char *payload = NULL;

  if (!(row = read_list (db, list_id, error)))
    return FALSE;
  g_clear_object (&row);

  stmt = prepare (db, "UPDATE lists SET title = ?, description = ?, occasion = ?, event_date = ?, "
                      "image_url = ?, updated = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, ewe_list_get_title (values));
  bind_text (stmt, 2, ewe_list_get_description (values));
  bind_text (stmt, 3, ewe_list_get_occasion (values));
  bind_text (stmt, 4, ewe_list_get_event_date (values));
  bind_text (stmt, 5, ewe_list_get_image_url (values));
  sqlite3_bind_int64 (stmt, 6, g_get_real_time ());
  bind_text (stmt, 7, list_id);

  if (!step_done (db, stmt, error) ||
      !(row = read_list (db, list_id, error)))
    return FALSE;

  /* The original's update takes the whole set of details every time. */
  payload = ewe_codec_encode_list_request (row);
  if (!outbox_append (db, EWE_OUTBOX_KIND_UPDATE_LIST, list_id, NULL, payload, error))
    return FALSE;

  g_ptr_array_add (changes->lists, g_steal_pointer (&row));
  return TRUE;
}

gboolean
ewe_store_db_update_list (sqlite3          *db,
                          const char       *list_id,
                          EweList          *values,
                          EweStoreChanges  *changes,
                          GError          **error)
{
  IN_TRANSACTION (db, error, update_list_in_transaction (db, list_id, values, changes, error));
}

static gboolean
close_list_in_transaction (sqlite3          *db,
                           const char       *list_id,
                           EweStoreChanges  *changes,
                           GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(EweList) row = NULL;

  if (!(row = read_list (db, list_id, error)))
    return FALSE;

  if (ewe_list_get_state (row) == EWE_LIST_STATE_CLOSED)
    {
      g_set_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID,
                   _("This list is already closed"));
      return FALSE;
    }
  g_clear_object (&row);

  stmt = prepare (db, "UPDATE lists SET state = 'closed', updated = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, g_get_real_time ());
  bind_text (stmt, 2, list_id);

  if (!step_done (db, stmt, error) ||
      !outbox_append (db, EWE_OUTBOX_KIND_CLOSE_LIST, list_id, NULL, NULL, error) ||
      !(row = read_list (db, list_id, error)))
    return FALSE;

  g_ptr_array_add (changes->lists, g_steal_pointer (&row));
  return TRUE;
}

gboolean
ewe_store_db_close_list (sqlite3          *db,
                         const char       *list_id,
                         EweStoreChanges  *changes,
                         GError          **error)
{
  IN_TRANSACTION (db, error, close_list_in_transaction (db, list_id, changes, error));
}

static gboolean
delete_list_in_transaction (sqlite3          *db,
                            const char       *list_id,
                            EweStoreChanges  *changes,
                            GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(EweList) row = NULL;

  if (!(row = read_list (db, list_id, error)))
    return FALSE;

  /* Gifts and reservations go with it (ON DELETE CASCADE). */
  stmt = prepare (db, "DELETE FROM lists WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, list_id);

  if (!step_done (db, stmt, error) ||
      !outbox_append (db, EWE_OUTBOX_KIND_DELETE_LIST, list_id, NULL, NULL, error))
    return FALSE;

  g_ptr_array_add (changes->removed_lists, g_strdup (list_id));
  return TRUE;
}

gboolean
ewe_store_db_delete_list (sqlite3          *db,
                          const char       *list_id,
                          EweStoreChanges  *changes,
                          GError          **error)
{
  IN_TRANSACTION (db, error, delete_list_in_transaction (db, list_id, changes, error));
}

/* --- gifts --------------------------------------------------------------------------- */

static gboolean
insert_gift (sqlite3     *db,
             EweGift     *values,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = prepare (db, "INSERT INTO gifts (" GIFT_COLUMNS ", position, updated) VALUES "
                      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                      "(SELECT COALESCE (MAX (position), 0) + 1 FROM gifts WHERE list_id = ?1), ?)", error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, ewe_gift_get_list_id (values));
  bind_text (stmt, 2, ewe_gift_get_product_id (values));
  bind_text (stmt, 3, ewe_product_type_to_string (ewe_gift_get_product_type (values)));
  sqlite3_bind_int (stmt, 4, ewe_gift_get_quantity (values));
  sqlite3_bind_int (stmt, 5, ewe_gift_get_reserved (values));
  sqlite3_bind_int (stmt, 6, ewe_gift_get_purchased (values));
  bind_text (stmt, 7, ewe_gift_get_notes (values));
  bind_text (stmt, 8, ewe_gift_get_brand (values));
  bind_text (stmt, 9, ewe_gift_get_details (values));
  bind_text (stmt, 10, ewe_gift_get_product_url (values));
  bind_text (stmt, 11, ewe_gift_get_image_url (values));
  bind_text (stmt, 12, ewe_gift_get_price (values));
  bind_text (stmt, 13, ewe_gift_get_retailer (values));
  sqlite3_bind_int64 (stmt, 14, g_get_real_time ());

  return step_done (db, stmt, error);
}

static gboolean
add_gift_in_transaction (sqlite3          *db,
                         EweGift          *values,
                         EweStoreChanges  *changes,
                         GError          **error)
{
  const char *list_id = ewe_gift_get_list_id (values);
  const char *product_id = ewe_gift_get_product_id (values);
  g_autoptr(EweList) list = NULL;
  g_autoptr(EweGift) row = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *payload = NULL;

  if (!(list = read_list (db, list_id, error)))
    return FALSE;

  row = read_gift (db, list_id, product_id, &local_error);
  if (row != NULL)
    {
      g_set_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID,
                   _("This product is already on the list"));
      return FALSE;
    }
  if (!g_error_matches (local_error, EWE_STORE_ERROR, EWE_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!insert_gift (db, values, error))
    return FALSE;

  /* A product the user described while offline does not exist on the
   * server yet: create it first, then add it to the list. */
  if (ewe_id_is_local (product_id))
    {
      g_autofree char *product = ewe_codec_encode_notfound_request (values);

      if (!outbox_append (db, EWE_OUTBOX_KIND_CREATE_PRODUCT, list_id, product_id, product, error))
        return FALSE;
    }

  payload = ewe_codec_encode_add_gift_request (values);
  if (!outbox_append (db, EWE_OUTBOX_KIND_ADD_GIFT, list_id, product_id, payload, error) ||
      !(row = read_gift (db, list_id, product_id, error)))
    return FALSE;

  g_ptr_array_add (changes->gifts, g_steal_pointer (&row));
  return TRUE;
}

gboolean
ewe_store_db_add_gift (sqlite3          *db,
                       EweGift          *values,
                       EweStoreChanges  *changes,
                       GError          **error)
{
  IN_TRANSACTION (db, error, add_gift_in_transaction (db, values, changes, error));
}

static gboolean
update_gift_in_transaction (sqlite3          *db,
                            const char       *list_id,
                            const char       *product_id,
                            int               quantity,
                            const char       *notes,
                            EweStoreChanges  *changes,
                            GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(EweGift) row = NULL;
  g_autofree char *payload = NULL;
  int taken;

  if (!(row = read_gift (db, list_id, product_id, error)))
    return FALSE;

  taken = ewe_gift_get_reserved (row) + ewe_gift_get_purchased (row);
  if (quantity < taken)
    {
      g_set_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Guests already reserved or bought %d of this gift, so the quantity cannot be lower",
                                "Guests already reserved or bought %d of this gift, so the quantity cannot be lower",
                                taken),
                   taken);
      return FALSE;
    }
  g_clear_object (&row);

  stmt = prepare (db, "UPDATE gifts SET quantity = ?, notes = ?, updated = ? "
                      "WHERE list_id = ? AND product_id = ?", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int (stmt, 1, quantity);
  bind_text (stmt, 2, notes);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
  bind_text (stmt, 4, list_id);
  bind_text (stmt, 5, product_id);

  if (!step_done (db, stmt, error) ||
      !(row = read_gift (db, list_id, product_id, error)))
    return FALSE;

  payload = ewe_codec_encode_update_gift_request (row);
  if (!outbox_append (db, EWE_OUTBOX_KIND_UPDATE_GIFT, list_id, product_id, payload, error))
    return FALSE;

  g_ptr_array_add (changes->gifts, g_steal_pointer (&row));
  return TRUE;
}

gboolean
ewe_store_db_update_gift (sqlite3          *db,
                          const char       *list_id,
                          const char       *product_id,
                          int               quantity,
                          const char       *notes,
                          EweStoreChanges  *changes,
                          GError          **error)
{
  IN_TRANSACTION (db, error, update_gift_in_transaction (db, list_id, product_id, quantity, notes, changes, error));
}

static gboolean
remove_gift_in_transaction (sqlite3          *db,
                            const char       *list_id,
                            const char       *product_id,
                            EweStoreChanges  *changes,
                            GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(EweGift) row = NULL;

  if (!(row = read_gift (db, list_id, product_id, error)))
    return FALSE;

  /* As the original web app did: a guest has committed to it. */
  if (ewe_gift_get_reserved (row) + ewe_gift_get_purchased (row) > 0)
    {
      g_set_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID,
                   _("A guest already reserved this gift, so it cannot be removed; you can change its quantity instead"));
      return FALSE;
    }

  stmt = prepare (db, "DELETE FROM gifts WHERE list_id = ? AND product_id = ?", error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, list_id);
  bind_text (stmt, 2, product_id);

  if (!step_done (db, stmt, error) ||
      !outbox_append (db, EWE_OUTBOX_KIND_REMOVE_GIFT, list_id, product_id, NULL, error))
    return FALSE;

  g_ptr_array_add (changes->removed_gifts, g_steal_pointer (&row));
  return TRUE;
}

gboolean
ewe_store_db_remove_gift (sqlite3          *db,
                          const char       *list_id,
                          const char       *product_id,
                          EweStoreChanges  *changes,
                          GError          **error)
{
  IN_TRANSACTION (db, error, remove_gift_in_transaction (db, list_id, product_id, changes, error));
}

/* --- ids, outbox completion ----------------------------------------------------------- */

static gboolean
run_with_two_texts (sqlite3     *db,
                    const char  *sql,
                    const char  *a,
                    const char  *b,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, a);
  bind_text (stmt, 2, b);

  return step_done (db, stmt, error);
}

static gboolean
rewrite_id_in_transaction (sqlite3          *db,
                           const char       *local_id,
                           const char       *server_id,
                           EweStoreChanges  *changes,
                           GError          **error)
{
  g_autoptr(EweList) existing = NULL;

  if (g_strcmp0 (local_id, server_id) == 0)
    return TRUE;

  /* A pull may have brought the server's copy of the list in already; the
   * local one is the same list and the one the UI holds, so it stays. */
  existing = read_list (db, server_id, NULL);
  if (existing != NULL)
    {
      if (!run_with_two_texts (db, "DELETE FROM lists WHERE id = ?1 OR id = ?2", server_id, server_id, error))
        return FALSE;
      g_ptr_array_add (changes->removed_lists, g_strdup (server_id));
    }

  /* Gifts and reservations follow the list's id by ON UPDATE CASCADE. */
  if (!run_with_two_texts (db, "UPDATE lists SET id = ?2 WHERE id = ?1", local_id, server_id, error) ||
      !run_with_two_texts (db, "UPDATE gifts SET product_id = ?2 WHERE product_id = ?1", local_id, server_id, error) ||
      !run_with_two_texts (db, "UPDATE reservations SET product_id = ?2 WHERE product_id = ?1", local_id, server_id, error) ||
      !run_with_two_texts (db, "UPDATE outbox SET list_id = ?2 WHERE list_id = ?1", local_id, server_id, error) ||
      !run_with_two_texts (db, "UPDATE outbox SET product_id = ?2 WHERE product_id = ?1", local_id, server_id, error) ||
      !run_with_two_texts (db, "INSERT OR REPLACE INTO id_map (local_id, server_id) VALUES (?1, ?2)", local_id, server_id, error))
    return FALSE;

  g_ptr_array_add (changes->rewrites, g_strdup (local_id));
  g_ptr_array_add (changes->rewrites, g_strdup (server_id));
  return TRUE;
}

gboolean
ewe_store_db_rewrite_id (sqlite3          *db,
                         const char       *local_id,
                         const char       *server_id,
                         EweStoreChanges  *changes,
                         GError          **error)
{
  IN_TRANSACTION (db, error, rewrite_id_in_transaction (db, local_id, server_id, changes, error));
}

static gboolean
complete_entry_in_transaction (sqlite3          *db,
                               gint64            entry_id,
                               const char       *server_id,
                               EweStoreChanges  *changes,
                               GError          **error)
{
  g_autoptr(sqlite3_stmt) select = prepare (db, "SELECT kind, list_id, product_id FROM outbox WHERE id = ?", error);
  g_autoptr(sqlite3_stmt) delete = NULL;
  g_autofree char *list_id = NULL;
  g_autofree char *product_id = NULL;
  EweOutboxKind kind;
  int rc;

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
    return set_db_error (db, rc, error);

  if (!ewe_outbox_kind_from_string (column_text (select, 0), &kind))
    {
      g_set_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_CORRUPT,
                   _("The local store is damaged and cannot be read (%s)"), "outbox");
      return FALSE;
    }
  list_id = g_strdup (column_text (select, 1));
  product_id = g_strdup (column_text (select, 2));

  delete = prepare (db, "DELETE FROM outbox WHERE id = ?", error);
  if (delete == NULL)
    return FALSE;
  sqlite3_bind_int64 (delete, 1, entry_id);
  if (!step_done (db, delete, error))
    return FALSE;

  /* The server's answer and forgetting the entry are one commit: if the app
   * dies before it, the entry is sent again with the same idempotency key
   * and the server answers the same id. */
  if (server_id != NULL && kind == EWE_OUTBOX_KIND_CREATE_LIST && ewe_id_is_local (list_id))
    return rewrite_id_in_transaction (db, list_id, server_id, changes, error);

  if (server_id != NULL && kind == EWE_OUTBOX_KIND_CREATE_PRODUCT && ewe_id_is_local (product_id))
    {
      g_autoptr(GPtrArray) gifts = NULL;

      if (!rewrite_id_in_transaction (db, product_id, server_id, changes, error))
        return FALSE;

      /* The gift's product id changed: the UI's gift object must follow. */
      if (!(gifts = ewe_store_db_load_gifts (db, list_id, error)))
        return FALSE;
      for (guint i = 0; i < gifts->len; i++)
        if (g_strcmp0 (ewe_gift_get_product_id (g_ptr_array_index (gifts, i)), server_id) == 0)
          g_ptr_array_add (changes->gifts, g_object_ref (g_ptr_array_index (gifts, i)));
    }

  return TRUE;
}

gboolean
ewe_store_db_complete_outbox_entry (sqlite3          *db,
                                    gint64            entry_id,
                                    const char       *server_id,
                                    EweStoreChanges  *changes,
                                    GError          **error)
{
  IN_TRANSACTION (db, error, complete_entry_in_transaction (db, entry_id, server_id, changes, error));
}

gboolean
ewe_store_db_fail_outbox_entry (sqlite3     *db,
                                gint64       entry_id,
                                const char  *message,
                                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (db, "UPDATE outbox SET attempts = attempts + 1, last_error = ? "
                                              "WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, message);
  sqlite3_bind_int64 (stmt, 2, entry_id);
  if (!step_done (db, stmt, error))
    return FALSE;

  if (sqlite3_changes (db) == 0)
    {
      g_set_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_NOT_FOUND,
                   _("This change was already sent"));
      return FALSE;
    }

  return TRUE;
}

/* --- merging what the server says --------------------------------------------------------- */

static gboolean
has_pending (sqlite3     *db,
             const char  *list_id,
             const char  *product_id,
             gboolean    *pending,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (product_id == NULL)
    stmt = prepare (db, "SELECT EXISTS (SELECT 1 FROM outbox WHERE list_id = ? AND product_id IS NULL)", error);
  else
    stmt = prepare (db, "SELECT EXISTS (SELECT 1 FROM outbox WHERE list_id = ? AND product_id = ?)", error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, list_id);
  if (product_id != NULL)
    bind_text (stmt, 2, product_id);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return set_db_error (db, rc, error);

  *pending = sqlite3_column_int (stmt, 0) != 0;
  return TRUE;
}

static gboolean
merge_list_in_transaction (sqlite3          *db,
                           EweList          *list,
                           GPtrArray        *gifts,
                           EweStoreChanges  *changes,
                           GError          **error)
{
  const char *list_id = ewe_list_get_id (list);
  g_autoptr(GHashTable) incoming = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) local_gifts = NULL;
  g_autoptr(EweList) existing = NULL;
  g_autoptr(EweList) row = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean list_pending;

  if (!has_pending (db, list_id, NULL, &list_pending, error))
    return FALSE;

  existing = read_list (db, list_id, &local_error);
  if (existing == NULL)
    {
      if (!g_error_matches (local_error, EWE_STORE_ERROR, EWE_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      /* Deleted here and not yet on the server: the deletion wins. */
      if (list_pending)
        return TRUE;

      if (!insert_list (db, list, error))
        return FALSE;
    }
  else if (!list_pending)
    {
      /* Nothing of ours waits to be sent, so the server's copy is newer. */
      g_autoptr(sqlite3_stmt) stmt = prepare (db, "UPDATE lists SET title = ?, description = ?, occasion = ?, "
                                                  "event_date = ?, image_url = ?, state = ?, owner = ? "
                                                  "WHERE id = ?", error);

      if (stmt == NULL)
        return FALSE;

      bind_text (stmt, 1, ewe_list_get_title (list));
      bind_text (stmt, 2, ewe_list_get_description (list));
      bind_text (stmt, 3, ewe_list_get_occasion (list));
      bind_text (stmt, 4, ewe_list_get_event_date (list));
      bind_text (stmt, 5, ewe_list_get_image_url (list));
      bind_text (stmt, 6, ewe_list_state_to_string (ewe_list_get_state (list)));
      bind_text (stmt, 7, ewe_list_get_owner (list));
      bind_text (stmt, 8, list_id);
      if (!step_done (db, stmt, error))
        return FALSE;
    }

  for (guint i = 0; gifts != NULL && i < gifts->len; i++)
    {
      EweGift *gift = g_ptr_array_index (gifts, i);
      const char *product_id = ewe_gift_get_product_id (gift);
      g_autoptr(EweGift) here = NULL;
      g_autoptr(GError) gift_error = NULL;
      gboolean gift_pending;

      g_hash_table_add (incoming, (gpointer)product_id);

      if (!has_pending (db, list_id, product_id, &gift_pending, error))
        return FALSE;

      here = read_gift (db, list_id, product_id, &gift_error);
      if (here == NULL)
        {
          if (!g_error_matches (gift_error, EWE_STORE_ERROR, EWE_STORE_ERROR_NOT_FOUND))
            {
              g_propagate_error (error, g_steal_pointer (&gift_error));
              return FALSE;
            }

          /* Removed here, not yet on the server. */
          if (gift_pending)
            continue;

          ewe_gift_set_list_id (gift, list_id);
          if (!insert_gift (db, gift, error))
            return FALSE;
        }
      else
        {
          /* Reservations and purchases are always the server's; the owner's
           * fields are ours while an edit of them waits in the outbox. */
          g_autoptr(sqlite3_stmt) stmt = prepare (db, "UPDATE gifts SET reserved = ?, purchased = ?, "
                                                      "quantity = CASE WHEN ? THEN quantity ELSE ? END, "
                                                      "notes = CASE WHEN ? THEN notes ELSE ? END, "
                                                      "brand = COALESCE (?, brand), details = COALESCE (?, details), "
                                                      "product_url = COALESCE (?, product_url), "
                                                      "image_url = COALESCE (?, image_url), "
                                                      "price = COALESCE (?, price), retailer = COALESCE (?, retailer) "
                                                      "WHERE list_id = ? AND product_id = ?", error);

          if (stmt == NULL)
            return FALSE;

          sqlite3_bind_int (stmt, 1, ewe_gift_get_reserved (gift));
          sqlite3_bind_int (stmt, 2, ewe_gift_get_purchased (gift));
          sqlite3_bind_int (stmt, 3, gift_pending);
          sqlite3_bind_int (stmt, 4, ewe_gift_get_quantity (gift));
          sqlite3_bind_int (stmt, 5, gift_pending);
          bind_text (stmt, 6, ewe_gift_get_notes (gift));
          bind_text (stmt, 7, ewe_gift_get_brand (gift));
          bind_text (stmt, 8, ewe_gift_get_details (gift));
          bind_text (stmt, 9, ewe_gift_get_product_url (gift));
          bind_text (stmt, 10, ewe_gift_get_image_url (gift));
          bind_text (stmt, 11, ewe_gift_get_price (gift));
          bind_text (stmt, 12, ewe_gift_get_retailer (gift));
          bind_text (stmt, 13, list_id);
          bind_text (stmt, 14, product_id);
          if (!step_done (db, stmt, error))
            return FALSE;
        }
    }

  /* Gifts the server no longer has, unless they are ours and unsent. */
  if (!(local_gifts = ewe_store_db_load_gifts (db, list_id, error)))
    return FALSE;

  for (guint i = 0; i < local_gifts->len; i++)
    {
      EweGift *here = g_ptr_array_index (local_gifts, i);
      const char *product_id = ewe_gift_get_product_id (here);
      gboolean gift_pending;

      if (g_hash_table_contains (incoming, product_id))
        {
          g_ptr_array_add (changes->gifts, g_object_ref (here));
          continue;
        }

      if (!has_pending (db, list_id, product_id, &gift_pending, error))
        return FALSE;

      if (gift_pending)
        {
          g_ptr_array_add (changes->gifts, g_object_ref (here));
          continue;
        }

      if (!run_with_two_texts (db, "DELETE FROM gifts WHERE list_id = ? AND product_id = ?", list_id, product_id, error))
        return FALSE;
      g_ptr_array_add (changes->removed_gifts, g_object_ref (here));
    }

  if (!(row = read_list (db, list_id, error)))
    return FALSE;

  g_ptr_array_add (changes->lists, g_steal_pointer (&row));
  return TRUE;
}

gboolean
ewe_store_db_merge_list (sqlite3          *db,
                         EweList          *list,
                         GPtrArray        *gifts,
                         EweStoreChanges  *changes,
                         GError          **error)
{
  IN_TRANSACTION (db, error, merge_list_in_transaction (db, list, gifts, changes, error));
}
