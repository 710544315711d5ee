/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

/* For renameat2(), which swaps two directories atomically. */
#define _GNU_SOURCE

#define G_LOG_DOMAIN "ews-backup"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ews-backup-private.h"
#include "ews-storage-sqlite-private.h"

/* A backup is a directory: a consistent copy of each file that makes up a
 * server's state, and a manifest (a key file) written last, so a backup
 * cut short has none and is never restored. The manifest's checksums and
 * row counts let restore refuse a damaged copy before it replaces
 * anything. */

#define MANIFEST_FORMAT 1
#define DATABASE_NAME "ewelists.sqlite"
/* The HMAC secret that signs the guest pages' form (CSRF) tokens (ews-csrf.c);
 * the token signing keys are rows in the database. */
#define SECRET_NAME "jwt-secret"
/* Long enough to wait out a writer's transaction on a busy server. */
#define BUSY_TIMEOUT_MS 30000
#define COPY_BUFFER_SIZE (64 * 1024)

/* The quark name is one token with dashes: clang-format would space them. */
/* clang-format off */
G_DEFINE_QUARK (ews-backup-error-quark, ews_backup_error)
/* clang-format on */

static const char *
backend_name (EwsBackupBackend backend)
{
  switch (backend)
    {
    case EWS_BACKUP_BACKEND_SQLITE:
      return "sqlite";
    case EWS_BACKUP_BACKEND_POSTGRESQL:
      return "postgresql";
    default:
      return NULL;
    }
}

static gboolean set_errno_error (GError    **error,
                                 int         saved_errno,
                                 const char *format,
                                 ...) G_GNUC_PRINTF (3, 4);

static gboolean
set_errno_error (GError    **error,
                 int         saved_errno,
                 const char *format,
                 ...)
{
  g_autofree char *what = NULL;
  va_list          args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, EWS_BACKUP_ERROR, EWS_BACKUP_ERROR_FAILED, "%s: %s", what, g_strerror (saved_errno));
  return FALSE;
}

/* TRUE if @path is missing or an empty directory. */
static gboolean
is_missing_or_empty (const char *path,
                     gboolean   *exists,
                     GError    **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local_error = NULL;

  *exists = g_file_test (path, G_FILE_TEST_EXISTS);
  if (!*exists)
    return TRUE;

  dir = g_dir_open (path, 0, &local_error);
  if (dir == NULL)
    {
      g_set_error (error, EWS_BACKUP_ERROR, EWS_BACKUP_ERROR_EXISTS,
                   "“%s” exists and is not a directory that can be read: %s", path, local_error->message);
      return FALSE;
    }

  return g_dir_read_name (dir) == NULL;
}

static gboolean
fsync_path (const char *path,
            GError    **error)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  int saved_errno;

  if (fd < 0 || fsync (fd) != 0)
    {
      saved_errno = errno;
      if (fd >= 0)
        close (fd);
      return set_errno_error (error, saved_errno, "Could not flush “%s” to disk", path);
    }

  close (fd);
  return TRUE;
}

char *
ews_backup_file_sha256 (const char *path,
                        GError    **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guchar *buffer = g_malloc (COPY_BUFFER_SIZE);
  FILE              *file = fopen (path, "rbe");
  size_t             n;

  if (file == NULL)
    {
      set_errno_error (error, errno, "Could not read “%s”", path);
      return NULL;
    }

  while ((n = fread (buffer, 1, COPY_BUFFER_SIZE, file)) > 0)
    g_checksum_update (checksum, buffer, n);

  if (ferror (file))
    {
      fclose (file);
      g_set_error (error, EWS_BACKUP_ERROR, EWS_BACKUP_ERROR_FAILED, "Could not read “%s”", path);
      return NULL;
    }

  fclose (file);
  return g_strdup (g_checksum_get_string (checksum));
}

/* Copies @from to a new file @to with @mode and flushes it to disk. */
static gboolean
copy_file (const char *from,
           const char *to,
           int         mode,
           GError    **error)
{
  g_autofree guchar *buffer = g_malloc (COPY_BUFFER_SIZE);
  int                in_fd = open (from, O_RDONLY | O_CLOEXEC);
  int                out_fd = -1;
  ssize_t            n = 0;

  if (in_fd < 0)
    return set_errno_error (error, errno, "Could not read “%s”", from);

  out_fd = open (to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (out_fd < 0)
    {
      int saved_errno = errno;

      close (in_fd);
      return set_errno_error (error, saved_errno, "Could not create “%s”", to);
    }

  while ((n = read (in_fd, buffer, COPY_BUFFER_SIZE)) != 0)
    {
      ssize_t written = 0;

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        break;

      while (written < n)
        {
          ssize_t w = write (out_fd, buffer + written, (size_t)(n - written));

          if (w < 0 && errno == EINTR)
            continue;
          if (w < 0)
            {
              n = -1;
              break;
            }
          written += w;
        }
      if (n < 0)
        break;
    }

  if (n < 0 || fsync (out_fd) != 0)
    {
      int saved_errno = errno;

      close (in_fd);
      close (out_fd);
      return set_errno_error (error, saved_errno, "Could not copy into “%s”", to);
    }

  close (in_fd);
  if (close (out_fd) != 0)
    return set_errno_error (error, errno, "Could not copy into “%s”", to);

  return TRUE;
}

/* Removes everything under @path, but not @path itself. */
static void
remove_contents (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        {
          remove_contents (child);
          if (g_rmdir (child) != 0)
            g_warning ("Could not remove “%s”: %s", child, g_strerror (errno));
        }
      else if (g_unlink (child) != 0)
        g_warning ("Could not remove “%s”: %s", child, g_strerror (errno));
    }
}

/* Removes @path and everything under it. */
static void
remove_tree (const char *path)
{
  remove_contents (path);
  if (g_rmdir (path) != 0 && errno != ENOENT)
    g_warning ("Could not remove “%s”: %s", path, g_strerror (errno));
}

static gboolean
set_sqlite_error (sqlite3    *db,
                  const char *what,
                  const char *path,
                  GError    **error)
{
  g_set_error (error, EWS_BACKUP_ERROR, EWS_BACKUP_ERROR_FAILED, "%s “%s”: %s", what, path,
               db != NULL ? sqlite3_errmsg (db) : "out of memory");
  return FALSE;
}

/* Writes the rows in each table of the SQLite database at @path, which is
 * opened read-only, into @counts' "rows" group, and returns its schema
 * version, or -1. Checks the file is whole first. */
static gint64
count_sqlite_rows (const char *path,
                   GKeyFile   *counts,
                   GError    **error)
{
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3      *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64        schema_version;
  int           rc;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    goto failed;

  if (sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    goto failed;
  if (g_strcmp0 ((const char *)sqlite3_column_text (stmt, 0), "ok") != 0)
    {
      g_set_error (error, EWS_BACKUP_ERROR, EWS_BACKUP_ERROR_INVALID, "The database “%s” is damaged: %s", path,
                   (const char *)sqlite3_column_text (stmt, 0));
      sqlite3_finalize (stmt);
      sqlite3_close (db);
      return -1;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    goto failed;
  schema_version = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", -1,
                          &stmt, NULL) != SQLITE_OK)
    goto failed;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    goto failed;
  g_clear_pointer (&stmt, sqlite3_finalize);

  for (guint i = 0; i < tables->len; i++)
    {
      const char *table = g_ptr_array_index (tables, i);
      char       *sql = sqlite3_mprintf ("SELECT count(*) FROM \"%w\"", table);

      rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
      sqlite3_free (sql);
      if (rc != SQLITE_OK || sqlite3_step (stmt) != SQLITE_ROW)
        goto failed;
      g_key_file_set_int64 (counts, ROWS_GROUP, table, sqlite3_column_int64 (stmt, 0));
      g_clear_pointer (&stmt, sqlite3_finalize);
    }

  sqlite3_close (db);
  return schema_version;

failed:
  set_sqlite_error (db, "Could not count the rows of", path, error);
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_close (db);
  return -1;
}

/* VACUUM INTO reads the database in one read transaction: with WAL the
 * server keeps writing meanwhile, and the copy holds exactly the
 * transactions committed before it began. */
static gboolean
backup_sqlite (const char *data_dir,
               const char *backup_dir,
               GKeyFile   *manifest,
               GError    **error)
{
  g_autofree char *source = g_build_filename (data_dir, DATABASE_NAME, NULL);
  g_autofree char *copy = g_build_filename (backup_dir, DATABASE_NAME, NULL);
  sqlite3         *db = NULL;
  char            *sql;
  int              rc;
  gint64           schema_version;

  if (!g_file_test (source, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, EWS_BACKUP_ERROR, EWS_BACKUP_ERROR_FAILED,
                   "There is no database “%s” to back up; is --data-dir right?", source);
      return FALSE;
    }

  if (sqlite3_open_v2 (source, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      set_sqlite_error (db, "Could not open the database", source, error);
      sqlite3_close (db);
      return FALSE;
    }
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);

  sql = sqlite3_mprintf ("VACUUM INTO %Q", copy);
  rc = sqlite3_exec (db, sql, NULL, NULL, NULL);
  sqlite3_free (sql);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (db, "Could not copy the database", source, error);
      sqlite3_close (db);
      return FALSE;
    }
  sqlite3_close (db);

  if (g_chmod (copy, 0600) != 0)
    return set_errno_error (error, errno, "Could not make “%s” private", copy);
  if (!fsync_path (copy, error))
    return FALSE;

  schema_version = count_sqlite_rows (copy, manifest, error);
  if (schema_version < 0)
    return FALSE;
  g_key_file_set_int64 (manifest, "backup", "schema-version", schema_version);

  return TRUE;
}

static gboolean
add_checksums (const char *backup_dir,
               GKeyFile   *manifest,
               GError    **error)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  dir = g_dir_open (backup_dir, 0, NULL);
  if (dir == NULL)
    return set_errno_error (error, errno, "Could not read “%s”", backup_dir);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (backup_dir, name, NULL);
      g_autofree char *sha256 = ews_backup_file_sha256 (path, error);

      if (sha256 == NULL)
        return FALSE;
      g_key_file_set_string (manifest, "sha256", name, sha256);
    }

  return TRUE;
}

static gboolean
write_backup (EwsBackupBackend backend,
              const char      *data_dir,
              const char      *backup_dir,
              GError         **error)
{
  g_autoptr(GKeyFile) manifest = g_key_file_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = g_date_time_format_iso8601 (now);
  g_autofree char *secret = g_build_filename (data_dir, SECRET_NAME, NULL);
  g_autofree char *manifest_path = g_build_filename (backup_dir, MANIFEST_NAME, NULL);
  g_autofree char *manifest_text = NULL;

  g_key_file_set_integer (manifest, "backup", "format", MANIFEST_FORMAT);
  g_key_file_set_string (manifest, "backup", "server-version", PACKAGE_VERSION);
  g_key_file_set_string (manifest, "backup", "created", now_text);
  g_key_file_set_string (manifest, "backup", "backend", backend_name (backend));

  switch (backend)
    {
    case EWS_BACKUP_BACKEND_SQLITE:
      if (!backup_sqlite (data_dir, backup_dir, manifest, error))
        return FALSE;
      break;

    case EWS_BACKUP_BACKEND_POSTGRESQL:
#ifdef EWS_HAVE_POSTGRESQL
      if (!ews_backup_pg_dump (data_dir, backup_dir, manifest, error))
        return FALSE;
      break;
#else
      G_GNUC_FALLTHROUGH;
#endif

    default:
      g_set_error (error, EWS_BACKUP_ERROR, EWS_BACKUP_ERROR_UNSUPPORTED,
                   "This server cannot back up this kind of storage");
      return FALSE;
    }

  /* The secret never changes once made, so a copy now matches the
   * database whenever it was taken. A server that never started has none:
   * it makes one when it first starts. */
  if (backend == EWS_BACKUP_BACKEND_SQLITE && g_file_test (secret, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *secret_copy = g_build_filename (backup_dir, SECRET_NAME, NULL);

      if (!copy_file (secret, secret_copy, 0600, error))
        return FALSE;
    }

  if (!add_checksums (backup_dir, manifest, error))
    return FALSE;

  manifest_text = g_key_file_to_data (manifest, NULL, NULL);
  if (!g_file_set_contents_full (manifest_path, manifest_text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;

  return fsync_path (backup_dir, error);
}

gboolean
ews_backup_create (EwsBackupBackend backend,
                   const char      *data_dir,
                   const char      *backup_dir,
                   GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean exists = FALSE;

  g_return_val_if_fail (data_dir != NULL, FALSE);
  g_return_val_if_fail (backup_dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!is_missing_or_empty (backup_dir, &exists, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, EWS_BACKUP_ERROR, EWS_BACKUP_ERROR_EXISTS,
                     "“%s” is not empty; back up into a new or empty directory", backup_dir);
      return FALSE;
    }

  if (g_mkdir_with_parents (backup_dir, 0700) != 0)
    return set_errno_error (error, errno, "Could not create the backup directory “%s”", backup_dir);

  /* A failed backup leaves nothing behind, so the same command can simply
   * be run again. */
  if (!write_backup (backend, data_dir, backup_dir, error))
    {
      if (exists)
        remove_contents (backup_dir);
      else
        remove_tree (backup_dir);
      return FALSE;
    }

  return TRUE;
}

/* --- restore ------------------------------------------------------------ */

GKeyFile *
ews_backup_load_manifest (const char      *backup_dir,
                          EwsBackupBackend backend,
                          guint            n_migrations,
                          GError         **error)
{
  g_autoptr(GKeyFile) manifest = g_key_file_new ();
  g_autofree char *path = g_build_filename (backup_dir, MANIFEST_NAME, NULL);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *found_backend = NULL;
  gint64           schema_version;
  int              format;

  if (!g_key_file_load_from_file (manifest, path, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, EWS_BACKUP_ERROR, EWS_BACKUP_ERROR_INVALID,
                   "“%s” is not a complete backup: its manifest “%s” cannot be read (%s)", backup_dir, path,
                   local_error->message);
      return NULL;
    }

  format = g_key_file_get_integer (manifest, "backup", "format", NULL);
  if (format != MANIFEST_FORMAT)
    {
      g_set_error (error, EWS_BACKUP_ERROR, EWS_BACKUP_ERROR_UNSUPPORTED,
                   "The backup “%s” has format %d; this ewelists-server reads format %d", backup_dir, format,
                   MANIFEST_FORMAT);
      return NULL;
    }

  found_backend = g_key_file_get_string (manifest, "backup", "backend", NULL);
  if (g_strcmp0 (found_backend, backend_name (backend)) != 0)
    {
      g_set_error (error, EWS_BACKUP_ERROR, EWS_BACKUP_ERROR_UNSUPPORTED,
                   "The backup “%s” is of a “%s” database; it can only be restored into one of that kind "
                   "(--data-dir for sqlite, --database for postgresql)",
                   backup_dir, found_backend != NULL ? found_backend : "unknown");
      return NULL;
    }

  /* Refused here rather than by the restored server at its first start,
   * after it has replaced the data that this server could run on. */
  schema_version = g_key_file_get_int64 (manifest, "backup", "schema-version", NULL);
  if (schema_version > (gint64)n_migrations)
    {
      g_set_error (error, EWS_BACKUP_ERROR, EWS_BACKUP_ERROR_UNSUPPORTED,
                   "The backup “%s” has database schema version %" G_GINT64_FORMAT " but this ewelists-server "
                   "only knows up to %u; restore it with the newer ewelists-server that made it",
                   backup_dir, schema_version, n_migrations);
      return NULL;
    }

  return g_steal_pointer (&manifest);
}

/* Every file the manifest names, copied from @backup_dir into @to, each
 * checked against its checksum after the copy, so what is restored is what
 * was backed up. */
static gboolean
copy_checked_files (GKeyFile   *manifest,
                    const char *backup_dir,
                    const char *to,
                    GError    **error)
{
  g_auto(GStrv) names = g_key_file_get_keys (manifest, "sha256", NULL, NULL);
  gboolean has_database = FALSE;

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *expected = g_key_file_get_string (manifest, "sha256", names[i], NULL);
      g_autofree char *from = g_build_filename (backup_dir, names[i], NULL);
      g_autofree char *copy = g_build_filename (to, names[i], NULL);
      g_autofree char *actual = NULL;

      if (g_str_equal (names[i], MANIFEST_NAME) || strchr (names[i], '/') != NULL || names[i][0] == '.')
        {
          g_set_error (error, EWS_BACKUP_ERROR, EWS_BACKUP_ERROR_INVALID,
                       "The backup's manifest names “%s”, which is not a file a backup holds", names[i]);
          return FALSE;
        }

      if (!copy_file (from, copy, 0600, error))
        return FALSE;
      actual = ews_backup_file_sha256 (copy, error);
      if (actual == NULL)
        return FALSE;
      if (g_strcmp0 (expected, actual) != 0)
        {
          g_set_error (error, EWS_BACKUP_ERROR, EWS_BACKUP_ERROR_INVALID,
                       "The backup file “%s” does not match its checksum in the manifest; it is damaged", from);
          return FALSE;
        }

      has_database |= g_str_equal (names[i], DATABASE_NAME);
    }

  if (!has_database)
    {
      g_set_error (error, EWS_BACKUP_ERROR, EWS_BACKUP_ERROR_INVALID,
                   "The backup “%s” holds no database “%s”", backup_dir, DATABASE_NAME);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_row_counts (GKeyFile   *manifest,
                  const char *database,
                  GError    **error)
{
  g_autoptr(GKeyFile) counted = g_key_file_new ();
  g_auto(GStrv) expected_tables = g_key_file_get_keys (manifest, ROWS_GROUP, NULL, NULL);
  g_auto(GStrv) counted_tables = NULL;

  if (count_sqlite_rows (database, counted, error) < 0)
    return FALSE;
  counted_tables = g_key_file_get_keys (counted, ROWS_GROUP, NULL, NULL);

  if (expected_tables == NULL || counted_tables == NULL ||
      g_strv_length (expected_tables) != g_strv_length (counted_tables))
    {
      g_set_error (error, EWS_BACKUP_ERROR, EWS_BACKUP_ERROR_INVALID,
                   "The database “%s” does not hold the tables its manifest lists", database);
      return FALSE;
    }

  for (guint i = 0; expected_tables[i] != NULL; i++)
    {
      gint64 expected = g_key_file_get_int64 (manifest, ROWS_GROUP, expected_tables[i], NULL);
      gint64 actual = g_key_file_get_int64 (counted, ROWS_GROUP, expected_tables[i], NULL);

      if (!g_key_file_has_key (counted, ROWS_GROUP, expected_tables[i], NULL) || expected != actual)
        {
          g_set_error (error, EWS_BACKUP_ERROR, EWS_BACKUP_ERROR_INVALID,
                       "The database “%s” has %" G_GINT64_FORMAT " rows in “%s” where its manifest says %" G_GINT64_FORMAT,
                       database, actual, expected_tables[i], expected);
          return FALSE;
        }
    }

  return TRUE;
}

/* Puts the directory @staged in @target's place in one step; what was at
 * @target, if anything, is then at @staged. */
static gboolean
swap_into_place (const char *staged,
                 const char *target,
                 gboolean    target_exists,
                 GError    **error)
{
  if (!target_exists)
    {
      if (g_rename (staged, target) != 0)
        return set_errno_error (error, errno, "Could not move the restored data into “%s”", target);
      return TRUE;
    }

  /* Exchanged, never missing for a moment: a crash leaves either the old
   * data directory or the restored one. */
  if (renameat2 (AT_FDCWD, staged, AT_FDCWD, target, RENAME_EXCHANGE) == 0)
    return TRUE;
  if (errno != EINVAL && errno != ENOSYS)
    return set_errno_error (error, errno, "Could not swap the restored data into “%s”", target);

  /* A file system without exchange: two renames, with a moment between
   * them when @target is missing but both directories are whole. */
  {
    g_autofree char *aside = g_strconcat (staged, ".old", NULL);

    if (g_rename (target, aside) != 0)
      return set_errno_error (error, errno, "Could not move “%s” aside", target);
    if (g_rename (staged, target) != 0)
      {
        int saved_errno = errno;

        g_rename (aside, target);
        return set_errno_error (error, saved_errno, "Could not move the restored data into “%s”", target);
      }
    /* Restored all the same; only the old data stays behind. */
    if (g_rename (aside, staged) != 0)
      g_warning ("Could not remove the replaced data in “%s”: %s", aside, g_strerror (errno));
  }

  return TRUE;
}

gboolean
ews_backup_restore (const char *backup_dir,
                    const char *data_dir,
                    gboolean    force,
                    GError    **error)
{
  g_autoptr(GKeyFile) manifest = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *base = NULL;
  g_autofree char *staged_template = NULL;
  g_autofree char *staged_database = NULL;
  char            *staged = NULL;
  gboolean         exists = FALSE;
  gboolean         empty;

  g_return_val_if_fail (backup_dir != NULL, FALSE);
  g_return_val_if_fail (data_dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  manifest = ews_backup_load_manifest (backup_dir, EWS_BACKUP_BACKEND_SQLITE, ews_sqlite_n_migrations, error);
  if (manifest == NULL)
    return FALSE;

  empty = is_missing_or_empty (data_dir, &exists, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!empty && !force)
    {
      g_set_error (error, EWS_BACKUP_ERROR, EWS_BACKUP_ERROR_EXISTS,
                   "The data directory “%s” already holds data; restore into a new one, or give --force to "
                   "replace it (stop its server first)",
                   data_dir);
      return FALSE;
    }

  /* Staged beside the target, on the same file system, so the final
   * rename is one atomic step. */
  parent = g_path_get_dirname (data_dir);
  base = g_path_get_basename (data_dir);
  if (g_mkdir_with_parents (parent, 0700) != 0)
    return set_errno_error (error, errno, "Could not create “%s”", parent);
  staged_template = g_strdup_printf ("%s/.%s.restore-XXXXXX", parent, base);
  staged = g_mkdtemp_full (staged_template, 0700);
  if (staged == NULL)
    return set_errno_error (error, errno, "Could not make a directory beside “%s” to restore into", data_dir);

  staged_database = g_build_filename (staged, DATABASE_NAME, NULL);
  if (!copy_checked_files (manifest, backup_dir, staged, error) ||
      !check_row_counts (manifest, staged_database, error) || !fsync_path (staged, error) ||
      !swap_into_place (staged, data_dir, exists, error) || !fsync_path (parent, error))
    {
      remove_tree (staged);
      return FALSE;
    }

  /* After an exchange, the staged path holds the replaced data. */
  if (exists)
    remove_tree (staged);

  return TRUE;
}
