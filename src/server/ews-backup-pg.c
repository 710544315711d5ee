/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-backup"

#include "config.h"

#include <gio/gio.h>
#include <libpq-fe.h>

#include "ews-backup-private.h"
#include "ews-storage-pg-private.h"

/* Backups of a PostgreSQL database, with Debian's pg_dump and pg_restore
 * (custom format), in the same directory and manifest as SQLite's. The row
 * counts are read in the snapshot pg_dump copies (exported from a
 * REPEATABLE READ transaction held open meanwhile), so restore can check
 * that it put back exactly what was backed up while servers kept writing. */

#define DUMP_NAME "ewelists.pgdump"

static char *
find_tool (const char *name,
           GError    **error)
{
  char *path = g_find_program_in_path (name);

  if (path == NULL)
    g_set_error (error, EWS_BACKUP_ERROR, EWS_BACKUP_ERROR_UNSUPPORTED,
                 "%s is not installed (it is in Debian's postgresql-client package); it is needed to back up "
                 "and restore a PostgreSQL database",
                 name);
  return path;
}

/* Runs @argv against the database at @uri, and fails with what it said on
 * stderr if it fails. The URL goes in libpq's environment variables
 * (PGHOST, PGPASSWORD…), not on the command line, where anyone on the
 * machine could read a password in it. */
static gboolean
run_tool (const char * const *argv,
          const char         *uri,
          GError            **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char  *err = NULL;
  PQconninfoOption *options;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  options = PQconninfoParse (uri, NULL);
  if (options == NULL)
    {
      g_set_error_literal (error, EWS_BACKUP_ERROR, EWS_BACKUP_ERROR_FAILED,
                           "--database is not a URL PostgreSQL understands; it should look like "
                           "postgresql://USER@HOST/DATABASE");
      return FALSE;
    }
  for (PQconninfoOption *option = options; option->keyword != NULL; option++)
    {
      if (option->val == NULL)
        continue;
      if (option->envvar == NULL)
        {
          g_set_error (error, EWS_BACKUP_ERROR, EWS_BACKUP_ERROR_UNSUPPORTED,
                       "--database sets “%s”, which pg_dump and pg_restore cannot be given without showing the "
                       "URL to other users; set it in ~/.pg_service.conf instead",
                       option->keyword);
          PQconninfoFree (options);
          return FALSE;
        }
      g_subprocess_launcher_setenv (launcher, option->envvar, option->val, TRUE);
    }
  PQconninfoFree (options);

  process = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, error))
    return FALSE;
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      g_set_error (error, EWS_BACKUP_ERROR, EWS_BACKUP_ERROR_FAILED, "%s failed: %s", argv[0],
                   err != NULL ? g_strstrip (err) : "");
      return FALSE;
    }
  return TRUE;
}

static PGconn *
connect_to (const char *uri,
            GError    **error)
{
  PGconn *conn = PQconnectdb (uri);

  if (PQstatus (conn) != CONNECTION_OK)
    {
      g_autofree char *message = g_strstrip (g_strdup (PQerrorMessage (conn)));

      g_set_error (error, EWS_BACKUP_ERROR, EWS_BACKUP_ERROR_FAILED, "Could not connect to the database: %s",
                   message);
      PQfinish (conn);
      return NULL;
    }
  return conn;
}

static PGresult *
query (PGconn     *conn,
       const char *sql,
       GError    **error)
{
  PGresult *result = PQexec (conn, sql);

  if (PQresultStatus (result) != PGRES_TUPLES_OK && PQresultStatus (result) != PGRES_COMMAND_OK)
    {
      g_autofree char *message = g_strstrip (g_strdup (PQerrorMessage (conn)));

      g_set_error (error, EWS_BACKUP_ERROR, EWS_BACKUP_ERROR_FAILED, "The database failed: %s", message);
      PQclear (result);
      return NULL;
    }
  return result;
}

/* Each table's rows into @counts' ROWS_GROUP, in the transaction open on
 * @conn. */
static gboolean
count_rows (PGconn   *conn,
            GKeyFile *counts,
            GError  **error)
{
  g_autoptr(PGresult) tables = query (conn,
                                       "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                                       "current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
                                       error);

  if (tables == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (tables); row++)
    {
      const char      *table = PQgetvalue (tables, row, 0);
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", table);
      g_autoptr(PGresult) count = query (conn, sql, error);

      if (count == NULL)
        return FALSE;
      g_key_file_set_int64 (counts, ROWS_GROUP, table, g_ascii_strtoll (PQgetvalue (count, 0, 0), NULL, 10));
    }
  return TRUE;
}

gboolean
ews_backup_pg_dump (const char *uri,
                    const char *backup_dir,
                    GKeyFile   *manifest,
                    GError    **error)
{
  g_autofree char *pg_dump = find_tool ("pg_dump", error);
  g_autofree char *dump = g_build_filename (backup_dir, DUMP_NAME, NULL);
  g_autofree char *file_arg = g_strconcat ("--file=", dump, NULL);
  g_autofree char *snapshot_arg = NULL;
  g_autoptr(PGresult) begun = NULL;
  g_autoptr(PGresult) snapshot = NULL;
  g_autoptr(PGresult) version = NULL;
  PGconn  *conn;
  gboolean ok;

  if (pg_dump == NULL)
    return FALSE;
  conn = connect_to (uri, error);
  if (conn == NULL)
    return FALSE;

  ok = (begun = query (conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", error)) != NULL &&
       (snapshot = query (conn, "SELECT pg_export_snapshot()", error)) != NULL &&
       (version = query (conn, "SELECT coalesce(max(version), 0) FROM ews_schema_migrations", error)) != NULL &&
       count_rows (conn, manifest, error);
  if (ok)
    {
      const char *argv[] = { pg_dump, "--format=custom", "--no-owner", "--no-privileges", NULL, file_arg, NULL };

      g_key_file_set_int64 (manifest, "backup", "schema-version", g_ascii_strtoll (PQgetvalue (version, 0, 0), NULL, 10));
      snapshot_arg = g_strconcat ("--snapshot=", PQgetvalue (snapshot, 0, 0), NULL);
      argv[4] = snapshot_arg;
      /* The snapshot lives as long as this transaction: pg_dump runs
       * before it ends. */
      ok = run_tool (argv, uri, error);
    }

  PQfinish (conn);
  return ok;
}

/* Tables in the database's schema: a server that has started on it has
 * made them, and a restore would mix two databases' rows. */
static gboolean
check_no_tables (PGconn     *conn,
                 const char *backup_dir,
                 GError    **error)
{
  g_autoptr(PGresult) tables = query (conn,
                                       "SELECT count(*) FROM information_schema.tables "
                                       "WHERE table_schema = current_schema()",
                                       error);

  if (tables == NULL)
    return FALSE;
  if (g_ascii_strtoll (PQgetvalue (tables, 0, 0), NULL, 10) > 0)
    {
      g_set_error (error, EWS_BACKUP_ERROR, EWS_BACKUP_ERROR_EXISTS,
                   "The database of --database already has tables; restore “%s” into a new, empty database "
                   "(createdb -O ewelists NAME) with no server on it",
                   backup_dir);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_row_counts (PGconn   *conn,
                  GKeyFile *manifest,
                  GError  **error)
{
  g_autoptr(GKeyFile) counted = g_key_file_new ();
  g_auto(GStrv) expected_tables = g_key_file_get_keys (manifest, ROWS_GROUP, NULL, NULL);
  gsize n_counted = 0;

  if (!count_rows (conn, counted, error))
    return FALSE;
  g_strfreev (g_key_file_get_keys (counted, ROWS_GROUP, &n_counted, NULL));

  if (expected_tables == NULL || g_strv_length (expected_tables) != n_counted)
    {
      g_set_error_literal (error, EWS_BACKUP_ERROR, EWS_BACKUP_ERROR_INVALID,
                           "The restored database does not hold the tables the backup's manifest lists; drop it "
                           "and create it again before another try");
      return FALSE;
    }

  for (guint i = 0; expected_tables[i] != NULL; i++)
    {
      gint64 expected = g_key_file_get_int64 (manifest, ROWS_GROUP, expected_tables[i], NULL);
      gint64 actual = g_key_file_get_int64 (counted, ROWS_GROUP, expected_tables[i], NULL);

      if (!g_key_file_has_key (counted, ROWS_GROUP, expected_tables[i], NULL) || expected != actual)
        {
          g_set_error (error, EWS_BACKUP_ERROR, EWS_BACKUP_ERROR_INVALID,
                       "The restored database has %" G_GINT64_FORMAT " rows in “%s” where the backup's manifest "
                       "says %" G_GINT64_FORMAT "; drop it and create it again before another try",
                       actual, expected_tables[i], expected);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
ews_backup_restore_postgresql (const char *backup_dir,
                               const char *uri,
                               GError    **error)
{
  g_autoptr(GKeyFile) manifest = NULL;
  g_autofree char *pg_restore = NULL;
  g_autofree char *dump = g_build_filename (backup_dir, DUMP_NAME, NULL);
  g_autofree char *expected = NULL;
  g_autofree char *actual = NULL;
  PGconn          *conn;
  gboolean         ok;

  g_return_val_if_fail (backup_dir != NULL, FALSE);
  g_return_val_if_fail (uri != NULL, FALSE);

  manifest = ews_backup_load_manifest (backup_dir, EWS_BACKUP_BACKEND_POSTGRESQL, ews_pg_n_migrations, error);
  if (manifest == NULL)
    return FALSE;

  expected = g_key_file_get_string (manifest, "sha256", DUMP_NAME, NULL);
  if (expected == NULL)
    {
      g_set_error (error, EWS_BACKUP_ERROR, EWS_BACKUP_ERROR_INVALID, "The backup “%s” holds no database dump “%s”",
                   backup_dir, DUMP_NAME);
      return FALSE;
    }
  actual = ews_backup_file_sha256 (dump, error);
  if (actual == NULL)
    return FALSE;
  if (!g_str_equal (expected, actual))
    {
      g_set_error (error, EWS_BACKUP_ERROR, EWS_BACKUP_ERROR_INVALID,
                   "The backup file “%s” does not match its checksum in the manifest; it is damaged", dump);
      return FALSE;
    }

  pg_restore = find_tool ("pg_restore", error);
  if (pg_restore == NULL)
    return FALSE;
  conn = connect_to (uri, error);
  if (conn == NULL)
    return FALSE;

  ok = check_no_tables (conn, backup_dir, error);
  if (ok)
    {
      /* One transaction that stops at the first error: a restore that
       * fails leaves the database as empty as it was. */
      /* pg_restore wants a --dbname: an empty one leaves it to PGDATABASE. */
      const char *argv[] = { pg_restore, "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges",
                             "--dbname=", dump, NULL };

      ok = run_tool (argv, uri, error) && check_row_counts (conn, manifest, error);
    }

  PQfinish (conn);
  return ok;
}
