/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* The one way Ewelists talks to SQLite, for the app's offline store and
 * the server's SQLite backend alike: a connection opened the same way,
 * statements prepared once per connection, transactions that always take
 * the write lock up front, and one reading of what SQLite's result codes
 * mean. A connection is used by one thread at a time. */

#define EWE_SQLITE_ERROR (ewe_sqlite_error_quark ())

typedef enum
{
  EWE_SQLITE_ERROR_FAILED,      /* anything else: a bug, or the disk said no */
  EWE_SQLITE_ERROR_BUSY,        /* another process held the database too long */
  EWE_SQLITE_ERROR_CONSTRAINT,  /* a row broke a rule of the schema */
  EWE_SQLITE_ERROR_CORRUPT,     /* the file is damaged, or is not a database */
  EWE_SQLITE_ERROR_FULL,        /* the disk is full */
  EWE_SQLITE_ERROR_READONLY,    /* the file or its folder may not be written */
  EWE_SQLITE_ERROR_NOT_FOUND,   /* ewe_sqlite_get_one(): no row */
  EWE_SQLITE_ERROR_TOO_MANY,    /* ewe_sqlite_get_one(): more than one row */
} EweSqliteError;

/* Lets the owner of a connection report its errors in its own domain, so
 * that its callers keep seeing the errors they know: @detail is SQLite's
 * own words, or for NOT_FOUND the message given to ewe_sqlite_get_one(). */
typedef void (*EweSqliteReportFunc) (GError          **error,
                                     EweSqliteError    code,
                                     const char       *detail);

/* Reads the current row of a statement into a new value. */
typedef gpointer (*EweSqliteRowFunc) (sqlite3_stmt  *stmt,
                                      GError       **error);

GQuark        ewe_sqlite_error_quark  (void);

sqlite3      *ewe_sqlite_open         (const char           *path,
                                       EweSqliteReportFunc   report,
                                       GError              **error);
void          ewe_sqlite_close        (sqlite3              *db);

gboolean      ewe_sqlite_set_error    (sqlite3              *db,
                                       int                   rc,
                                       GError              **error);
gboolean      ewe_sqlite_exec         (sqlite3              *db,
                                       const char           *sql,
                                       GError              **error);

/* A statement for @sql, ready to bind: one kept from an earlier use when
 * there is one. Give it back with ewe_sqlite_release() (g_autoptr does),
 * never sqlite3_finalize(). */
sqlite3_stmt *ewe_sqlite_prepare      (sqlite3              *db,
                                       const char           *sql,
                                       GError              **error);
void          ewe_sqlite_release      (sqlite3_stmt         *stmt);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, ewe_sqlite_release)

void          ewe_sqlite_bind_text    (sqlite3_stmt         *stmt,
                                       int                   index,
                                       const char           *text);
const char   *ewe_sqlite_column_text  (sqlite3_stmt         *stmt,
                                       int                   column);
char         *ewe_sqlite_column_dup   (sqlite3_stmt         *stmt,
                                       int                   column);

/* Steps a statement whose rows, if any, are not wanted. */
gboolean      ewe_sqlite_step_done    (sqlite3_stmt         *stmt,
                                       GError              **error);
/* Steps once: TRUE with *has_row set, or FALSE with @error set. */
gboolean      ewe_sqlite_step_row     (sqlite3_stmt         *stmt,
                                       gboolean             *has_row,
                                       GError              **error);
/* The one row @stmt returns, read by @read_row; a NOT_FOUND error saying
 * @not_found when there is none, TOO_MANY when there are more. */
gpointer      ewe_sqlite_get_one      (sqlite3_stmt         *stmt,
                                       EweSqliteRowFunc      read_row,
                                       GDestroyNotify        free_row,
                                       const char           *not_found,
                                       GError              **error);
/* Every row @stmt returns, each read by @read_row, in an array that frees
 * them with @free_row; an empty array when there are none. A row read as
 * NULL fails the whole read, so @read_row sets @error when it returns NULL. */
GPtrArray    *ewe_sqlite_get_all      (sqlite3_stmt         *stmt,
                                       EweSqliteRowFunc      read_row,
                                       GDestroyNotify        free_row,
                                       GError              **error);

/* Transactions nest: the outermost is BEGIN IMMEDIATE … COMMIT, inner ones
 * are savepoints. ewe_sqlite_commit() rolls back what it could not commit. */
gboolean      ewe_sqlite_begin        (sqlite3              *db,
                                       GError              **error);
gboolean      ewe_sqlite_commit       (sqlite3              *db,
                                       GError              **error);
void          ewe_sqlite_rollback     (sqlite3              *db);

G_END_DECLS
