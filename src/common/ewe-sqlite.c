/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-sqlite"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ewe-sqlite.h"

/* How long a writer waits for another process (an `admin` command, a
 * backup, a second window of the app) holding the database before giving
 * up with an error. */
#define BUSY_TIMEOUT_MS 5000

/* Prepared statements kept for the next use, per connection: parsing the
 * same SQL again for every request was a third of the server's CPU time in
 * bench-sync. Bounded, so SQL built at run time cannot grow it forever. */
#define MAX_IDLE_STATEMENTS 128

typedef struct
{
  GHashTable         *idle; /* SQL text (owned by the statement) → idle sqlite3_stmt */
  EweSqliteReportFunc report;
  /* How deep the current transaction nests: 0 outside of one, 1 inside
   * BEGIN, more inside savepoints. */
  guint               depth;
} Connection;

/* Keyed by connection, since the cleanup that gives a statement back only
 * has the statement; locked, since the server's connections live on
 * several threads. */
static GMutex      connections_lock;
static GHashTable *connections; /* sqlite3 * → Connection * */

/* The quark name is one token with dashes: clang-format would space them. */
/* clang-format off */
G_DEFINE_QUARK (ewe-sqlite-error-quark, ewe_sqlite_error)
/* clang-format on */

static Connection *
lookup_connection (sqlite3 *db)
{
  Connection *connection;

  g_mutex_lock (&connections_lock);
  connection = connections != NULL ? g_hash_table_lookup (connections, db) : NULL;
  g_mutex_unlock (&connections_lock);

  return connection;
}

/* --- errors -------------------------------------------------------------- */

static EweSqliteError
code_for_result (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return EWE_SQLITE_ERROR_BUSY;

    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
      return EWE_SQLITE_ERROR_CONSTRAINT;

    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return EWE_SQLITE_ERROR_CORRUPT;

    case SQLITE_FULL:
      return EWE_SQLITE_ERROR_FULL;

    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      return EWE_SQLITE_ERROR_READONLY;

    default:
      return EWE_SQLITE_ERROR_FAILED;
    }
}

static void
report_default (GError       **error,
                EweSqliteError code,
                const char    *detail)
{
  switch (code)
    {
    case EWE_SQLITE_ERROR_BUSY:
      g_set_error (error, EWE_SQLITE_ERROR, code,
                   _("The database is in use by another program; try again in a moment (%s)"), detail);
      break;

    case EWE_SQLITE_ERROR_CONSTRAINT:
      g_set_error (error, EWE_SQLITE_ERROR, code,
                   _("The change was refused by the database (%s)"), detail);
      break;

    case EWE_SQLITE_ERROR_CORRUPT:
      g_set_error (error, EWE_SQLITE_ERROR, code,
                   _("The database is damaged and cannot be read (%s)"), detail);
      break;

    case EWE_SQLITE_ERROR_FULL:
      g_set_error (error, EWE_SQLITE_ERROR, code,
                   _("The disk is full: free some space and try again"));
      break;

    case EWE_SQLITE_ERROR_READONLY:
      g_set_error (error, EWE_SQLITE_ERROR, code,
                   _("The database cannot be written: check the permissions of its file and folder (%s)"),
                      detail);
      break;

    case EWE_SQLITE_ERROR_NOT_FOUND:
    case EWE_SQLITE_ERROR_TOO_MANY:
      g_set_error_literal (error, EWE_SQLITE_ERROR, code, detail);
      break;

    case EWE_SQLITE_ERROR_FAILED:
    default:
      g_set_error (error, EWE_SQLITE_ERROR, EWE_SQLITE_ERROR_FAILED,
                   _("The database failed: %s"), detail);
      break;
    }
}

static void
report_with (EweSqliteReportFunc report_func,
             GError            **error,
             EweSqliteError      code,
             const char         *detail)
{
  if (report_func != NULL)
    report_func (error, code, detail);
  else
    report_default (error, code, detail);
}

static void
report (sqlite3       *db,
        EweSqliteError code,
        const char    *detail,
        GError       **error)
{
  Connection *connection = db != NULL ? lookup_connection (db) : NULL;

  report_with (connection != NULL ? connection->report : NULL, error, code, detail);
}

/* Sets @error from @rc, the result of a call on @db (or of opening it, when
 * @db is NULL), and returns FALSE. */
gboolean
ewe_sqlite_set_error (sqlite3 *db,
                      int      rc,
                      GError **error)
{
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  report (db, code_for_result (rc), detail, error);

  return FALSE;
}

gboolean
ewe_sqlite_exec (sqlite3    *db,
                 const char *sql,
                 GError    **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return ewe_sqlite_set_error (db, rc, error);

  return TRUE;
}

/* --- opening and closing ------------------------------------------------- */

static void
connection_free (Connection *connection)
{
  GHashTableIter iter;
  gpointer       stmt;

  g_hash_table_iter_init (&iter, connection->idle);
  while (g_hash_table_iter_next (&iter, NULL, &stmt))
    sqlite3_finalize (stmt);
  g_hash_table_unref (connection->idle);
  g_free (connection);
}

/* Opens (creating if need be) the database at @path for one thread at a
 * time, and reports its errors through @report (NULL: in EWE_SQLITE_ERROR). */
sqlite3 *
ewe_sqlite_open (const char         *path,
                 EweSqliteReportFunc report_func,
                 GError            **error)
{
  sqlite3    *db = NULL;
  Connection *connection;
  int         rc;

  g_return_val_if_fail (path != NULL, NULL);

  rc = sqlite3_open_v2 (path, &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      /* Not registered yet: report through @report_func directly. */
      report_with (report_func, error, code_for_result (rc),
                   db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      return NULL;
    }

  connection = g_new0 (Connection, 1);
  connection->idle = g_hash_table_new (g_str_hash, g_str_equal);
  connection->report = report_func;

  g_mutex_lock (&connections_lock);
  if (connections == NULL)
    connections = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_hash_table_insert (connections, db, connection);
  g_mutex_unlock (&connections_lock);

  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);

  /* WAL lets readers run while another connection writes, and lets a crash
   * lose nothing that was committed. synchronous FULL syncs the WAL at
   * every commit, so a commit survives a power cut too: on both sides a
   * commit is an answer already given (the user's typing kept, a guest
   * told their gift is reserved). Foreign keys make deleting a list take
   * its gifts and reservations. */
  if (!ewe_sqlite_exec (db, "PRAGMA journal_mode = WAL", error) ||
      !ewe_sqlite_exec (db, "PRAGMA synchronous = FULL", error) ||
      !ewe_sqlite_exec (db, "PRAGMA foreign_keys = ON", error))
    {
      ewe_sqlite_close (db);
      return NULL;
    }

  return db;
}

void
ewe_sqlite_close (sqlite3 *db)
{
  Connection *connection = NULL;

  if (db == NULL)
    return;

  /* A statement still open would keep the connection from closing. */
  g_mutex_lock (&connections_lock);
  if (connections != NULL)
    g_hash_table_steal_extended (connections, db, NULL, (gpointer *)&connection);
  g_mutex_unlock (&connections_lock);

  if (connection != NULL)
    connection_free (connection);

  /* Close cleanly so the WAL is checkpointed into the main file. */
  if (sqlite3_close (db) != SQLITE_OK)
    g_warning ("Could not close the database: %s", sqlite3_errmsg (db));
}

/* --- statements ---------------------------------------------------------- */

sqlite3_stmt *
ewe_sqlite_prepare (sqlite3    *db,
                    const char *sql,
                    GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  Connection   *connection;
  int           rc;

  g_mutex_lock (&connections_lock);
  connection = connections != NULL ? g_hash_table_lookup (connections, db) : NULL;
  if (connection != NULL && (stmt = g_hash_table_lookup (connection->idle, sql)) != NULL)
    g_hash_table_remove (connection->idle, sql);
  g_mutex_unlock (&connections_lock);

  if (stmt != NULL)
    return stmt;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      ewe_sqlite_set_error (db, rc, error);
      return NULL;
    }

  return stmt;
}

/* Resets @stmt (which also ends the read it may hold, so it locks nothing
 * while idle) and keeps it for the next ewe_sqlite_prepare() of the same
 * SQL, or finalizes it. */
void
ewe_sqlite_release (sqlite3_stmt *stmt)
{
  Connection *connection;
  const char *sql;

  if (stmt == NULL)
    return;

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  sql = sqlite3_sql (stmt);

  g_mutex_lock (&connections_lock);
  connection = connections != NULL ? g_hash_table_lookup (connections, sqlite3_db_handle (stmt)) : NULL;
  if (connection != NULL && sql != NULL &&
      g_hash_table_size (connection->idle) < MAX_IDLE_STATEMENTS &&
      !g_hash_table_contains (connection->idle, sql))
    {
      g_hash_table_insert (connection->idle, (gpointer)sql, stmt);
      stmt = NULL;
    }
  g_mutex_unlock (&connections_lock);

  if (stmt != NULL)
    sqlite3_finalize (stmt);
}

void
ewe_sqlite_bind_text (sqlite3_stmt *stmt,
                      int           index,
                      const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

const char *
ewe_sqlite_column_text (sqlite3_stmt *stmt,
                        int           column)
{
  return (const char *)sqlite3_column_text (stmt, column);
}

char *
ewe_sqlite_column_dup (sqlite3_stmt *stmt,
                       int           column)
{
  return g_strdup (ewe_sqlite_column_text (stmt, column));
}

gboolean
ewe_sqlite_step_done (sqlite3_stmt *stmt,
                      GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return ewe_sqlite_set_error (sqlite3_db_handle (stmt), rc, error);

  return TRUE;
}

gboolean
ewe_sqlite_step_row (sqlite3_stmt *stmt,
                     gboolean     *has_row,
                     GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return ewe_sqlite_set_error (sqlite3_db_handle (stmt), rc, error);

  *has_row = rc == SQLITE_ROW;
  return TRUE;
}

gpointer
ewe_sqlite_get_one (sqlite3_stmt    *stmt,
                    EweSqliteRowFunc read_row,
                    GDestroyNotify   free_row,
                    const char      *not_found,
                    GError         **error)
{
  sqlite3 *db = sqlite3_db_handle (stmt);
  gpointer row;
  gboolean has_row = FALSE;

  g_return_val_if_fail (read_row != NULL, NULL);
  g_return_val_if_fail (not_found != NULL, NULL);

  if (!ewe_sqlite_step_row (stmt, &has_row, error))
    return NULL;

  if (!has_row)
    {
      report (db, EWE_SQLITE_ERROR_NOT_FOUND, not_found, error);
      return NULL;
    }

  row = read_row (stmt, error);
  if (row == NULL)
    return NULL;

  if (!ewe_sqlite_step_row (stmt, &has_row, error) || has_row)
    {
      if (has_row)
        {
          g_autofree char *detail = g_strdup_printf ("“%s” found more than one row", sqlite3_sql (stmt));

          report (db, EWE_SQLITE_ERROR_TOO_MANY, detail, error);
        }
      if (free_row != NULL)
        free_row (row);
      return NULL;
    }

  return row;
}

GPtrArray *
ewe_sqlite_get_all (sqlite3_stmt    *stmt,
                    EweSqliteRowFunc read_row,
                    GDestroyNotify   free_row,
                    GError         **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_row);
  gboolean has_row = FALSE;

  g_return_val_if_fail (read_row != NULL, NULL);

  while (TRUE)
    {
      gpointer row;

      if (!ewe_sqlite_step_row (stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;

      row = read_row (stmt, error);
      if (row == NULL)
        return NULL;
      g_ptr_array_add (rows, row);
    }

  return g_steal_pointer (&rows);
}

/* --- transactions -------------------------------------------------------- */

gboolean
ewe_sqlite_begin (sqlite3 *db,
                  GError **error)
{
  Connection      *connection = lookup_connection (db);
  g_autofree char *sql = NULL;

  g_return_val_if_fail (connection != NULL, FALSE);

  /* IMMEDIATE takes the write lock up front, so a transaction never fails
   * half-way for want of it, and two writers cannot both read a count and
   * then both decide there is room. */
  if (connection->depth == 0)
    sql = g_strdup ("BEGIN IMMEDIATE");
  else
    sql = g_strdup_printf ("SAVEPOINT sp%u", connection->depth);

  if (!ewe_sqlite_exec (db, sql, error))
    return FALSE;

  connection->depth++;
  return TRUE;
}

gboolean
ewe_sqlite_commit (sqlite3 *db,
                   GError **error)
{
  Connection      *connection = lookup_connection (db);
  g_autofree char *sql = NULL;

  g_return_val_if_fail (connection != NULL, FALSE);
  g_return_val_if_fail (connection->depth > 0, FALSE);

  if (connection->depth == 1)
    sql = g_strdup ("COMMIT");
  else
    sql = g_strdup_printf ("RELEASE sp%u", connection->depth - 1);

  if (!ewe_sqlite_exec (db, sql, error))
    {
      ewe_sqlite_rollback (db);
      return FALSE;
    }

  connection->depth--;
  return TRUE;
}

/* Undoes the innermost transaction; safe to call when there is none left
 * (a failed commit has rolled back already, and SQLite rolls back by itself
 * on some errors), so that every error path can simply call it. */
void
ewe_sqlite_rollback (sqlite3 *db)
{
  Connection      *connection = lookup_connection (db);
  g_autofree char *sql = NULL;
  int              rc;

  if (connection != NULL && connection->depth > 1)
    sql = g_strdup_printf ("ROLLBACK TO sp%u; RELEASE sp%u", connection->depth - 1, connection->depth - 1);
  else if (!sqlite3_get_autocommit (db))
    sql = g_strdup ("ROLLBACK");

  if (connection != NULL && connection->depth > 0)
    connection->depth--;

  if (sql == NULL)
    return;

  rc = sqlite3_exec (db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    g_warning ("Could not roll back: %s", sqlite3_errmsg (db));
}
