/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-admin-migrate"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "ews-admin-migrate.h"
#include "ews-jwt.h"
#include "ews-storage-pg-private.h"
#include "ews-storage-sqlite.h"

/* `admin migrate --to postgresql://…`: a self-hoster outgrowing one
 * machine moves the SQLite data directory into PostgreSQL without losing
 * anything — accounts with their password hashes and SRP verifiers,
 * sessions (so refresh tokens keep working), the signing keys (so tokens
 * already issued still verify), the form secret (which also seals the SRP
 * verifiers), lists with their co-owners and invitations, gifts,
 * reservations and the mail not yet sent.
 *
 * The copy is one PostgreSQL transaction, read from one SQLite read
 * transaction, so it is a snapshot even while a server still runs on the
 * directory. Before it commits, every table is read back and compared row
 * by row with its source; any difference rolls it all back, so the target
 * is either a full copy or as it was. */

/* clang-format off */
G_DEFINE_QUARK (ews-migrate-error-quark, ews_migrate_error)
/* clang-format on */

typedef struct
{
  const char *name;
  /* A PostgreSQL identity column SQLite has no column for, filled from
   * SQLite's rowid, which orders the rows as seq does. */
  const char *rowid_column;
  /* Identity columns whose sequence must continue after the copied ids. */
  const char *identity_columns[2];
} MigrateTable;

/* Every table both backends have, parents before the rows that reference
 * them. A table one side has and this list lacks stops the migration, so a
 * table added later cannot be forgotten quietly. */
static const MigrateTable tables[] = {
  /* First, though it references nothing: PostgreSQL's triggers bump these
   * versions for the lists and gifts copied after it, at the commit, after
   * the read-back (ews-storage-pg-migrations.c), so none repeats one a
   * server may have kept an answer under. */
  { "list_versions", NULL, { NULL } },
  { "lists", NULL, { NULL } },
  { "gifts", NULL, { "gift_id", NULL } },
  { "reservations", "seq", { "seq", NULL } },
  { "products", "seq", { "seq", NULL } },
  { "notfound", NULL, { NULL } },
  { "admins", NULL, { NULL } },
  { "contact_messages", "seq", { "seq", NULL } },
  { "idempotency_keys", NULL, { NULL } },
  { "rate_buckets", NULL, { NULL } },
  { "users", NULL, { NULL } },
  { "auth_codes", NULL, { NULL } },
  { "auth_sessions", NULL, { NULL } },
  { "sign_in_failures", NULL, { NULL } },
  { "signing_keys", "seq", { "seq", NULL } },
  { "srp_challenges_used", NULL, { NULL } },
  { "mail_outbox", NULL, { "mail_id", NULL } },
  { "oauth2_codes", NULL, { NULL } },
  { "list_coowners", NULL, { NULL } },
  { "list_invitations", NULL, { NULL } },
  /* The upstream sign-in's (ews-oauth2-upstream.c); identities after users. */
  { "oauth2_upstream", NULL, { NULL } },
  { "oauth2_identities", NULL, { NULL } },
};

/* Tables of one backend only: its schema's bookkeeping, and PostgreSQL's
 * shared secrets, which SQLite keeps as files (copied apart). */
static const char * const pg_only_tables[] = { "ews_schema_migrations", "server_secrets", NULL };

typedef enum
{
  COLUMN_TEXT,
  COLUMN_BOOLEAN,
  COLUMN_DOUBLE,
} ColumnKind;

typedef struct
{
  char      *name;
  ColumnKind kind;
} Column;

static void
column_clear (gpointer data)
{
  g_free (((Column *)data)->name);
}

static const MigrateTable *
find_table (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (g_str_equal (tables[i].name, name))
      return &tables[i];
  return NULL;
}

static gboolean
sqlite_failed (sqlite3 *db,
               int      rc,
               GError **error)
{
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW)
    return FALSE;
  g_set_error (error, EWS_MIGRATE_ERROR, EWS_MIGRATE_ERROR_FAILED, "Could not read the SQLite database: %s",
               sqlite3_errmsg (db));
  return TRUE;
}

/* Both schemas must hold the same tables: the server's migrations bring
 * both up to date when they are opened, so a difference means this command
 * is older than one of its own schemas. */
static gboolean
check_same_tables (EwsStorage *target,
                   sqlite3    *db,
                   GError    **error)
{
  g_autoptr(PGresult) pg_tables = NULL;
  sqlite3_stmt *statement = NULL;
  int           rc;

  rc = sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
                           -1, &statement, NULL);
  if (sqlite_failed (db, rc, error))
    return FALSE;
  while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
    {
      const char *name = (const char *)sqlite3_column_text (statement, 0);

      if (find_table (name) == NULL)
        {
          g_set_error (error, EWS_MIGRATE_ERROR, EWS_MIGRATE_ERROR_SCHEMA,
                       "The SQLite database has a table “%s” this ewelists-server does not know how to "
                       "migrate; nothing was copied",
                       name);
          sqlite3_finalize (statement);
          return FALSE;
        }
    }
  sqlite3_finalize (statement);
  if (sqlite_failed (db, rc, error))
    return FALSE;

  pg_tables = ews_pg_run (target, "SELECT table_name FROM information_schema.tables "
                                  "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
                          0, NULL, error);
  if (pg_tables == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (pg_tables); row++)
    {
      const char *name = PQgetvalue (pg_tables, row, 0);

      if (find_table (name) == NULL && !g_strv_contains (pg_only_tables, name))
        {
          g_set_error (error, EWS_MIGRATE_ERROR, EWS_MIGRATE_ERROR_SCHEMA,
                       "The PostgreSQL database has a table “%s” this ewelists-server does not know how to "
                       "migrate; nothing was copied",
                       name);
          return FALSE;
        }
    }

  return TRUE;
}

/* Locks every table against servers started on the target meanwhile, then
 * checks that none holds a row: a migration adds to nothing. */
static gboolean
check_empty (EwsStorage *target,
             GError    **error)
{
  g_autoptr(GString) lock = g_string_new ("LOCK TABLE server_secrets");
  g_autoptr(PGresult) locked = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    g_string_append_printf (lock, ", %s", tables[i].name);
  g_string_append (lock, " IN ACCESS EXCLUSIVE MODE");
  locked = ews_pg_run (target, lock->str, 0, NULL, error);
  if (locked == NULL)
    return FALSE;

  for (guint i = 0; i <= G_N_ELEMENTS (tables); i++)
    {
      const char      *name = i < G_N_ELEMENTS (tables) ? tables[i].name : "server_secrets";
      g_autofree char *sql = g_strdup_printf ("SELECT EXISTS (SELECT 1 FROM %s)", name);
      g_autoptr(PGresult) any = ews_pg_run (target, sql, 0, NULL, error);

      if (any == NULL)
        return FALSE;
      if (ews_pg_bool (any, 0, 0))
        {
          g_set_error (error, EWS_MIGRATE_ERROR, EWS_MIGRATE_ERROR_NOT_EMPTY,
                       "The PostgreSQL database already holds data (table “%s” is not empty); migrate into a "
                       "new, empty database (createdb -O ewelists ewelists) — nothing was changed",
                       name);
          return FALSE;
        }
    }

  return TRUE;
}

static GArray *
target_columns (EwsStorage *target,
                const char *table,
                GError    **error)
{
  g_autoptr(GArray) columns = g_array_new (FALSE, TRUE, sizeof (Column));
  g_autoptr(PGresult) result = NULL;
  const char *params[] = { table };

  g_array_set_clear_func (columns, column_clear);
  result = ews_pg_run (target, "SELECT column_name, data_type FROM information_schema.columns "
                               "WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
                       1, params, error);
  if (result == NULL)
    return NULL;

  for (int row = 0; row < PQntuples (result); row++)
    {
      const char *type = PQgetvalue (result, row, 1);
      Column      column = { g_strdup (PQgetvalue (result, row, 0)), COLUMN_TEXT };

      if (g_str_equal (type, "boolean"))
        column.kind = COLUMN_BOOLEAN;
      else if (g_str_equal (type, "double precision"))
        column.kind = COLUMN_DOUBLE;
      g_array_append_val (columns, column);
    }

  return g_steal_pointer (&columns);
}

/* One value as the PostgreSQL side spells it on the way in and out: a
 * boolean as t or f (SQLite stores 1 or 0), a double in the shortest form
 * that reads back as the same number. NULL for SQL NULL. */
static char *
sqlite_value (sqlite3_stmt *statement,
              int           index,
              ColumnKind    kind)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (sqlite3_column_type (statement, index) == SQLITE_NULL)
    return NULL;

  switch (kind)
    {
    case COLUMN_BOOLEAN:
      return g_strdup (sqlite3_column_int64 (statement, index) != 0 ? "t" : "f");
    case COLUMN_DOUBLE:
      return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, sqlite3_column_double (statement, index)));
    case COLUMN_TEXT:
    default:
      return g_strdup ((const char *)sqlite3_column_text (statement, index));
    }
}

static char *
pg_value (const PGresult *result,
          int             row,
          int             index,
          ColumnKind      kind)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (PQgetisnull (result, row, index))
    return NULL;
  if (kind == COLUMN_DOUBLE)
    return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, g_ascii_strtod (PQgetvalue (result, row, index), NULL)));
  return g_strdup (PQgetvalue (result, row, index));
}

/* A row as one string that tells NULL from '' and cannot be confused by
 * the values' contents: each value prefixed with its length. */
static void
append_canonical (GString    *row,
                  const char *value)
{
  if (value == NULL)
    g_string_append (row, "N;");
  else
    g_string_append_printf (row, "%" G_GSIZE_FORMAT ":%s;", strlen (value), value);
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

static gboolean
pg_result_failed (PGconn         *conn,
                  const PGresult *result,
                  ExecStatusType  expected,
                  GError        **error)
{
  g_autofree char *message = NULL;

  if (PQresultStatus (result) == expected)
    return FALSE;
  message = g_strdup (*PQresultErrorMessage (result) != '\0' ? PQresultErrorMessage (result) : PQerrorMessage (conn));
  g_set_error (error, EWS_MIGRATE_ERROR, EWS_MIGRATE_ERROR_FAILED, "%s", g_strstrip (message));
  return TRUE;
}

/* Prepares @sql as @name on the connection of the open transaction. */
static gboolean
prepare_insert (EwsStorage *target,
                const char *name,
                const char *sql,
                int         n_params,
                GError    **error)
{
  EwsPgConnection *connection = ews_pg_acquire (EWS_STORAGE_PG (target));
  g_autoptr(PGresult) result = PQprepare (connection->conn, name, sql, n_params, NULL);
  gboolean failed = pg_result_failed (connection->conn, result, PGRES_COMMAND_OK, error);

  ews_pg_release (EWS_STORAGE_PG (target), connection);
  return !failed;
}

/* One row, without the savepoint ews_pg_exec() puts around a statement so
 * that a transaction outlives its failure: here any failure rolls the
 * whole copy back, and the savepoints were two round trips of three. */
static gboolean
insert_row (EwsStorage         *target,
            const char         *name,
            int                 n_params,
            const char * const *params,
            GError            **error)
{
  EwsPgConnection *connection = ews_pg_acquire (EWS_STORAGE_PG (target));
  g_autoptr(PGresult) result = PQexecPrepared (connection->conn, name, n_params, params, NULL, NULL, 0);
  gboolean failed = pg_result_failed (connection->conn, result, PGRES_COMMAND_OK, error);

  ews_pg_release (EWS_STORAGE_PG (target), connection);
  return !failed;
}

/* Copies @table, then reads it back and compares the two as sorted lists
 * of rows, so a row changed, lost or doubled on the way is caught. Sets
 * *@n_rows to the number copied. */
static gboolean
copy_table (EwsStorage         *target,
            sqlite3            *db,
            const MigrateTable *table,
            guint              *n_rows,
            GError            **error)
{
  g_autoptr(GArray) columns = NULL;
  g_autoptr(GString) select = g_string_new ("SELECT ");
  g_autoptr(GString) insert = NULL;
  g_autoptr(GString) read_back = g_string_new ("SELECT ");
  g_autoptr(GPtrArray) source_rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) target_rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PGresult) copied = NULL;
  g_autofree char *insert_name = g_strconcat ("ews_migrate_", table->name, NULL);
  gboolean         overriding = table->identity_columns[0] != NULL;
  sqlite3_stmt    *statement = NULL;
  int              rc;

  columns = target_columns (target, table->name, error);
  if (columns == NULL)
    return FALSE;

  insert = g_string_new (NULL);
  g_string_printf (insert, "INSERT INTO %s (", table->name);
  for (guint i = 0; i < columns->len; i++)
    {
      const Column *column = &g_array_index (columns, Column, i);
      const char   *separator = i > 0 ? ", " : "";

      g_string_append_printf (insert, "%s%s", separator, column->name);
      g_string_append_printf (read_back, "%s%s", separator, column->name);
      if (g_strcmp0 (column->name, table->rowid_column) == 0)
        g_string_append_printf (select, "%srowid", separator);
      else
        g_string_append_printf (select, "%s%s", separator, column->name);
    }
  g_string_append_printf (insert, ") %sVALUES (", overriding ? "OVERRIDING SYSTEM VALUE " : "");
  for (guint i = 0; i < columns->len; i++)
    g_string_append_printf (insert, "%s$%u", i > 0 ? ", " : "", i + 1);
  g_string_append (insert, ")");
  g_string_append_printf (select, " FROM %s", table->name);
  g_string_append_printf (read_back, " FROM %s", table->name);

  if (!prepare_insert (target, insert_name, insert->str, columns->len, error))
    return FALSE;
  rc = sqlite3_prepare_v2 (db, select->str, -1, &statement, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, EWS_MIGRATE_ERROR, EWS_MIGRATE_ERROR_SCHEMA,
                   "The SQLite table “%s” does not have the columns PostgreSQL's has (%s); nothing was copied",
                   table->name, sqlite3_errmsg (db));
      return FALSE;
    }

  while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
    {
      g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GString) canonical = g_string_new (NULL);

      for (guint i = 0; i < columns->len; i++)
        {
          char *value = sqlite_value (statement, i, g_array_index (columns, Column, i).kind);

          append_canonical (canonical, value);
          g_ptr_array_add (values, value);
        }

      if (!insert_row (target, insert_name, columns->len, (const char * const *)values->pdata, error))
        {
          g_prefix_error (error, "Could not copy a row of “%s”: ", table->name);
          sqlite3_finalize (statement);
          return FALSE;
        }
      g_ptr_array_add (source_rows, g_string_free (g_steal_pointer (&canonical), FALSE));
    }
  sqlite3_finalize (statement);
  if (sqlite_failed (db, rc, error))
    return FALSE;

  /* Ids handed out after the move must follow the copied ones. */
  for (guint i = 0; i < G_N_ELEMENTS (table->identity_columns) && table->identity_columns[i] != NULL; i++)
    {
      const char      *column = table->identity_columns[i];
      g_autofree char *sql = g_strdup_printf ("SELECT setval(pg_get_serial_sequence('%s', '%s'), "
                                              "coalesce(max(%s), 0) + 1, false) FROM %s",
                                              table->name, column, column, table->name);
      g_autoptr(PGresult) set = ews_pg_run (target, sql, 0, NULL, error);

      if (set == NULL)
        return FALSE;
    }

  copied = ews_pg_run (target, read_back->str, 0, NULL, error);
  if (copied == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (copied); row++)
    {
      GString *canonical = g_string_new (NULL);

      for (guint i = 0; i < columns->len; i++)
        {
          g_autofree char *value = pg_value (copied, row, i, g_array_index (columns, Column, i).kind);

          append_canonical (canonical, value);
        }
      g_ptr_array_add (target_rows, g_string_free (canonical, FALSE));
    }

  if (target_rows->len != source_rows->len)
    {
      g_set_error (error, EWS_MIGRATE_ERROR, EWS_MIGRATE_ERROR_MISMATCH,
                   "“%s” has %u rows in SQLite but %u were read back from PostgreSQL; nothing was copied",
                   table->name, source_rows->len, target_rows->len);
      return FALSE;
    }
  g_ptr_array_sort (source_rows, compare_rows);
  g_ptr_array_sort (target_rows, compare_rows);
  for (guint i = 0; i < source_rows->len; i++)
    if (!g_str_equal (g_ptr_array_index (source_rows, i), g_ptr_array_index (target_rows, i)))
      {
        g_set_error (error, EWS_MIGRATE_ERROR, EWS_MIGRATE_ERROR_MISMATCH,
                     "A row of “%s” read back from PostgreSQL differs from SQLite's; nothing was copied",
                     table->name);
        return FALSE;
      }

  *n_rows = source_rows->len;
  return TRUE;
}

/* The guest pages' form secret, a file in the data directory, becomes the
 * database's: forms already served stay good, and the SRP verifiers sealed
 * with keys derived from it can still be opened. A directory without one
 * has served no form yet; the first server on the database makes one. */
static gboolean
copy_form_secret (EwsStorage *target,
                  const char *data_dir,
                  gboolean   *copied,
                  GError    **error)
{
  g_autofree char *path = g_build_filename (data_dir, "jwt-secret", NULL);
  g_autoptr(GBytes) secret = NULL;
  g_autoptr(PGresult) inserted = NULL;
  g_autoptr(PGresult) stored = NULL;
  g_autofree char   *encoded = NULL;
  g_autofree guint8 *decoded = NULL;
  g_autofree char   *now = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);
  gsize              length = 0;

  *copied = FALSE;
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  if (!ews_jwt_load_or_create_secret (data_dir, &secret, error))
    return FALSE;

  encoded = g_base64_encode (g_bytes_get_data (secret, NULL), g_bytes_get_size (secret));
  {
    const char *params[] = { EWS_STORAGE_PG_FORM_SECRET, encoded, now };

    inserted = ews_pg_run (target, "INSERT INTO server_secrets (name, secret, created_at) VALUES ($1, $2, $3)", 3,
                           params, error);
    if (inserted == NULL)
      return FALSE;
  }
  {
    const char *params[] = { EWS_STORAGE_PG_FORM_SECRET };

    stored = ews_pg_run (target, "SELECT secret FROM server_secrets WHERE name = $1", 1, params, error);
    if (stored == NULL)
      return FALSE;
  }
  if (PQntuples (stored) == 1)
    decoded = g_base64_decode (PQgetvalue (stored, 0, 0), &length);
  if (decoded == NULL || length != g_bytes_get_size (secret) ||
      memcmp (decoded, g_bytes_get_data (secret, NULL), length) != 0)
    {
      g_set_error_literal (error, EWS_MIGRATE_ERROR, EWS_MIGRATE_ERROR_MISMATCH,
                           "The form secret read back from PostgreSQL differs from the data directory's; nothing "
                           "was copied");
      return FALSE;
    }

  *copied = TRUE;
  return TRUE;
}

static gboolean
copy_all (EwsStorage *target,
          sqlite3    *db,
          const char *data_dir,
          GString    *summary,
          GError    **error)
{
  gboolean secret_copied = FALSE;

  if (!check_same_tables (target, db, error) || !check_empty (target, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      guint n_rows = 0;

      if (!copy_table (target, db, &tables[i], &n_rows, error))
        return FALSE;
      g_string_append_printf (summary, "  %-20s %7u  read back, equal\n", tables[i].name, n_rows);
    }

  if (!copy_form_secret (target, data_dir, &secret_copied, error))
    return FALSE;
  g_string_append_printf (summary, "  %-20s %s\n", "form secret",
                          secret_copied ? "      1  read back, equal" : "none yet (the first server makes one)");

  return TRUE;
}

gboolean
ews_migrate_to_postgresql (const char *data_dir,
                           const char *uri,
                           GError    **error)
{
  g_autofree char *path = g_build_filename (data_dir, "ewelists.sqlite", NULL);
  g_autoptr(EwsStorage) source = NULL;
  g_autoptr(EwsStorage) target = NULL;
  g_autoptr(GString) summary = g_string_new (NULL);
  sqlite3 *db;
  gboolean ok;

  g_return_val_if_fail (data_dir != NULL, FALSE);
  g_return_val_if_fail (uri != NULL, FALSE);

  /* Opening would create an empty database where there is none: a typo in
   * the directory must not migrate nothing, successfully. */
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, EWS_MIGRATE_ERROR, EWS_MIGRATE_ERROR_FAILED,
                   "There is no ewelists.sqlite in “%s”; name the server's data directory with --data-dir",
                   data_dir);
      return FALSE;
    }

  /* Opened as a server opens them, so both schemas are up to date. */
  source = ews_storage_sqlite_open (data_dir, error);
  if (source == NULL)
    return FALSE;
  target = ews_storage_pg_open (uri, 1, error);
  if (target == NULL)
    {
      g_prefix_error (error, "Could not open the database of --to: ");
      return FALSE;
    }

  db = ews_storage_sqlite_get_db (EWS_STORAGE_SQLITE (source));
  if (sqlite_failed (db, sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), error))
    return FALSE;
  if (!ews_pg_begin (target, error))
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  ok = copy_all (target, db, data_dir, summary, error);
  ok = ews_pg_end (target, ok, error);
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  if (!ok)
    return FALSE;

  g_print ("Copied %s into PostgreSQL in one transaction:\n  %-20s %7s\n%s", data_dir, "table", "rows",
           summary->str);
  return TRUE;
}

int
ews_admin_migrate_run (const EwsConfig *config,
                       int              argc,
                       char           **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— copy a data directory into PostgreSQL");
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *to = NULL;
  g_auto(GStrv) args = NULL;
  const GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, "The empty PostgreSQL database to copy into", "postgresql://…" },
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir, "The data directory to copy", "DIR" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  args = g_new0 (char *, argc + 2);
  args[0] = g_strdup ("migrate");
  for (int i = 1; i < argc; i++)
    args[i] = g_strdup (argv[i]);
  if (!g_option_context_parse_strv (context, &args, &error) || g_strv_length (args) != 1 || to == NULL)
    {
      g_printerr ("ewelists-server admin: %s\n",
                  error != NULL ? error->message : "migrate needs --to postgresql://… and nothing else.");
      return 2;
    }
  if (config->database != NULL)
    {
      g_printerr ("ewelists-server admin: migrate copies a data directory (--data-dir) into the database "
                  "of --to; leave out --database.\n");
      return 2;
    }

  /* --data-dir may also come before `admin`, as for every admin command. */
  if (!ews_migrate_to_postgresql (data_dir != NULL ? data_dir : config->data_dir, to, &error))
    {
      g_printerr ("ewelists-server admin: %s\n", error->message);
      return 1;
    }

  return 0;
}
