/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-storage-sqlite"

#include "config.h"

#include "ews-storage-sqlite-private.h"

/* Idempotency-Key answers are kept this long: a client retries within
 * minutes, or after being offline for days, but not weeks. */
#define IDEMPOTENCY_KEEP_SECONDS (30 * 24 * 60 * 60)

/* How long a writer waits for another process (an `admin` command, a
 * backup) holding the database before giving up with an error. */
#define BUSY_TIMEOUT_MS 5000

struct _EwsStorageSqlite
{
  GObject  parent_instance;

  /* owned */
  sqlite3 *db;

  /* How deep the current transaction nests: 0 outside of one, 1 inside
   * BEGIN, more inside savepoints. */
  guint    depth;
};

static void ews_storage_sqlite_iface_init (EwsStorageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (EwsStorageSqlite, ews_storage_sqlite, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (EWS_TYPE_STORAGE, ews_storage_sqlite_iface_init)
                               G_IMPLEMENT_INTERFACE (EWS_TYPE_AUTH_STORAGE, ews_storage_sqlite_auth_init_iface)
                               G_IMPLEMENT_INTERFACE (EWS_TYPE_MAIL_STORAGE, ews_storage_sqlite_mail_init_iface))

/* --- helpers shared by the backend's files ------------------------------- */

void
ews_sqlite_set_error (EwsStorageSqlite  *self,
                      GError           **error)
{
  int code = sqlite3_extended_errcode (self->db);

  /* A constraint the routes did not check first is still the caller's
   * mistake (a duplicate, a value out of range), not a server failure. */
  if ((code & 0xff) == SQLITE_CONSTRAINT)
    g_set_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT,
                 "The change conflicts with what is stored (%s).", sqlite3_errmsg (self->db));
  else
    g_set_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_FAILED,
                 "The database failed: %s", sqlite3_errmsg (self->db));
}

/* Prepared statements kept for the next request, per connection: parsing
 * the same SQL again for every request was a third of the server's CPU
 * time in bench-sync. Keyed by connection, since the cleanup that gives a
 * statement back only has the statement. */
#define MAX_IDLE_STATEMENTS 128

static GMutex idle_lock;
static GHashTable *idle_by_db;   /* sqlite3 * → GHashTable (SQL text → idle sqlite3_stmt) */

static void
keep_statements_for (sqlite3 *db)
{
  g_mutex_lock (&idle_lock);
  if (idle_by_db == NULL)
    idle_by_db = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_hash_table_insert (idle_by_db, db, g_hash_table_new (g_str_hash, g_str_equal));
  g_mutex_unlock (&idle_lock);
}

/* Before the connection closes: a statement still open would keep it. */
static void
drop_statements_for (sqlite3 *db)
{
  GHashTable *idle = NULL;
  GHashTableIter iter;
  gpointer stmt;

  g_mutex_lock (&idle_lock);
  if (idle_by_db != NULL && g_hash_table_steal_extended (idle_by_db, db, NULL, (gpointer *)&idle))
    {
      g_hash_table_iter_init (&iter, idle);
      while (g_hash_table_iter_next (&iter, NULL, &stmt))
        sqlite3_finalize (stmt);
      g_hash_table_unref (idle);
    }
  g_mutex_unlock (&idle_lock);
}

sqlite3_stmt *
ews_sqlite_prepare (EwsStorageSqlite  *self,
                    const char        *sql,
                    GError           **error)
{
  sqlite3_stmt *stmt = NULL;
  GHashTable *idle;

  g_mutex_lock (&idle_lock);
  idle = idle_by_db != NULL ? g_hash_table_lookup (idle_by_db, self->db) : NULL;
  if (idle != NULL && (stmt = g_hash_table_lookup (idle, sql)) != NULL)
    g_hash_table_remove (idle, sql);
  g_mutex_unlock (&idle_lock);

  if (stmt != NULL)
    return stmt;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      ews_sqlite_set_error (self, error);
      return NULL;
    }

  return stmt;
}

/* Resets @stmt (which also ends the read it may hold) and keeps it for the
 * next ews_sqlite_prepare() of the same SQL, or finalizes it. */
void
ews_sqlite_release (sqlite3_stmt *stmt)
{
  const char *sql;
  GHashTable *idle;

  if (stmt == NULL)
    return;

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  sql = sqlite3_sql (stmt);

  g_mutex_lock (&idle_lock);
  idle = idle_by_db != NULL ? g_hash_table_lookup (idle_by_db, sqlite3_db_handle (stmt)) : NULL;
  if (idle != NULL && sql != NULL && g_hash_table_size (idle) < MAX_IDLE_STATEMENTS &&
      !g_hash_table_contains (idle, sql))
    {
      g_hash_table_insert (idle, (gpointer)sql, stmt);
      stmt = NULL;
    }
  g_mutex_unlock (&idle_lock);

  if (stmt != NULL)
    sqlite3_finalize (stmt);
}

void
ews_sqlite_bind_text (sqlite3_stmt *stmt,
                      int           index,
                      const char   *value)
{
  if (value == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
}

char *
ews_sqlite_column_dup (sqlite3_stmt *stmt,
                       int           column)
{
  return g_strdup ((const char *)sqlite3_column_text (stmt, column));
}

gboolean
ews_sqlite_step_done (EwsStorageSqlite  *self,
                      sqlite3_stmt      *stmt,
                      GError           **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      ews_sqlite_set_error (self, error);
      return FALSE;
    }

  return TRUE;
}

gboolean
ews_sqlite_step_row (EwsStorageSqlite  *self,
                     sqlite3_stmt      *stmt,
                     gboolean          *has_row,
                     GError           **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    {
      *has_row = rc == SQLITE_ROW;
      return TRUE;
    }

  ews_sqlite_set_error (self, error);
  return FALSE;
}

static gboolean
exec (EwsStorageSqlite  *self,
      const char        *sql,
      GError           **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_FAILED,
                   "The database failed: %s", message ? message : "unknown error");
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

/* --- transactions -------------------------------------------------------- */

gboolean
ews_sqlite_begin (EwsStorage  *storage,
                  GError     **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autofree char *sql = NULL;

  /* IMMEDIATE takes the write lock up front, so two writers cannot both read
   * a gift's counts and then both decide there is room. */
  if (self->depth == 0)
    sql = g_strdup ("BEGIN IMMEDIATE");
  else
    sql = g_strdup_printf ("SAVEPOINT sp%u", self->depth);

  if (!exec (self, sql, error))
    return FALSE;

  self->depth++;
  return TRUE;
}

gboolean
ews_sqlite_commit (EwsStorage  *storage,
                   GError     **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autofree char *sql = NULL;

  g_return_val_if_fail (self->depth > 0, FALSE);

  if (self->depth == 1)
    sql = g_strdup ("COMMIT");
  else
    sql = g_strdup_printf ("RELEASE sp%u", self->depth - 1);

  if (!exec (self, sql, error))
    {
      ews_sqlite_rollback (storage);
      return FALSE;
    }

  self->depth--;
  return TRUE;
}

void
ews_sqlite_rollback (EwsStorage *storage)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;

  g_return_if_fail (self->depth > 0);

  if (self->depth == 1)
    sql = g_strdup ("ROLLBACK");
  else
    sql = g_strdup_printf ("ROLLBACK TO sp%u; RELEASE sp%u", self->depth - 1, self->depth - 1);

  if (!exec (self, sql, &error))
    g_warning ("Could not roll back: %s", error->message);

  self->depth--;
}

/* --- opening and migrations ---------------------------------------------- */

static gboolean
migrate (EwsStorageSqlite  *self,
         GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row = FALSE;
  gint64 version;

  stmt = ews_sqlite_prepare (self, "PRAGMA user_version", error);
  if (stmt == NULL || !ews_sqlite_step_row (self, stmt, &has_row, error))
    return FALSE;
  version = has_row ? sqlite3_column_int64 (stmt, 0) : 0;
  /* A statement still open keeps its tables locked: a step that drops or
   * rebuilds a table would fail with "database table is locked". */
  g_clear_pointer (&stmt, ews_sqlite_release);

  if (version > ews_sqlite_n_migrations)
    {
      g_set_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_FAILED,
                   "The database has schema version %" G_GINT64_FORMAT " but this ewelists-server "
                   "only knows up to %u. Run a newer ewelists-server.",
                   version, ews_sqlite_n_migrations);
      return FALSE;
    }

  for (guint i = (guint)version; i < ews_sqlite_n_migrations; i++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %u", i + 1);

      if (!ews_sqlite_begin (EWS_STORAGE (self), error))
        return FALSE;

      if (!exec (self, ews_sqlite_migrations[i], error) || !exec (self, bump, error))
        {
          ews_sqlite_rollback (EWS_STORAGE (self));
          g_prefix_error (error, "Could not upgrade the database to schema version %u: ", i + 1);
          return FALSE;
        }

      if (!ews_sqlite_commit (EWS_STORAGE (self), error))
        return FALSE;

      g_debug ("Database upgraded to schema version %u", i + 1);
    }

  return TRUE;
}

static gboolean
forget_old_idempotency_keys (EwsStorageSqlite  *self,
                             GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ews_sqlite_prepare (self, "DELETE FROM idempotency_keys WHERE created_at < ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC - IDEMPOTENCY_KEEP_SECONDS);

  return ews_sqlite_step_done (self, stmt, error);
}

EwsStorage *
ews_storage_sqlite_open (const char  *data_dir,
                         GError     **error)
{
  g_autoptr(EwsStorageSqlite) self = g_object_new (EWS_TYPE_STORAGE_SQLITE, NULL);
  g_autofree char *path = g_build_filename (data_dir, "ewelists.sqlite", NULL);
  int rc;

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_FAILED,
                   "Could not open the database “%s”: %s", path,
                   self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  keep_statements_for (self->db);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  /* WAL lets readers (an admin listing) run while the server writes;
   * foreign keys make deleting a list take its gifts and reservations.
   *
   * synchronous FULL syncs the WAL at every commit. With NORMAL it is only
   * synced at checkpoints, so a power cut can undo the last commits while
   * the database stays consistent — but each of those commits was answered
   * already: a guest told their gift is reserved (and the reservation mail
   * queued with it), an app that dropped its outbox entry on our 200 and
   * will never send it again. Nearly every write here is such an answer, so
   * the whole connection is FULL rather than switched per transaction; the
   * cost is one fsync per write, reads are untouched. */
  if (!exec (self, "PRAGMA journal_mode = WAL", error) ||
      !exec (self, "PRAGMA synchronous = FULL", error) ||
      !exec (self, "PRAGMA foreign_keys = ON", error))
    {
      g_prefix_error (error, "Could not set up the database “%s”: ", path);
      return NULL;
    }

  if (!migrate (self, error))
    return NULL;

  if (!forget_old_idempotency_keys (self, error) ||
      !ews_sqlite_forget_full_rate_buckets (self, g_get_real_time () / 1000, error))
    return NULL;

  return EWS_STORAGE (g_steal_pointer (&self));
}

sqlite3 *
ews_storage_sqlite_get_db (EwsStorageSqlite *self)
{
  g_return_val_if_fail (EWS_IS_STORAGE_SQLITE (self), NULL);

  return self->db;
}

/* --- admins ------------------------------------------------------------- */

static gboolean
sqlite_admin_add (EwsStorage  *storage,
                  const char  *email,
                  GError     **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ews_sqlite_prepare (self, "INSERT OR IGNORE INTO admins (email, added_at) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  ews_sqlite_bind_text (stmt, 1, email);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);

  return ews_sqlite_step_done (self, stmt, error);
}

static gboolean
sqlite_admin_remove (EwsStorage  *storage,
                     const char  *email,
                     GError     **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ews_sqlite_prepare (self, "DELETE FROM admins WHERE email = ?", error);
  if (stmt == NULL)
    return FALSE;
  ews_sqlite_bind_text (stmt, 1, email);
  if (!ews_sqlite_step_done (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND,
                   "%s is not an admin (those named in the configuration are removed there).", email);
      return FALSE;
    }

  return TRUE;
}

static gboolean
sqlite_admin_contains (EwsStorage  *storage,
                       const char  *email,
                       gboolean    *is_admin,
                       GError     **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ews_sqlite_prepare (self, "SELECT 1 FROM admins WHERE email = ?", error);
  if (stmt == NULL)
    return FALSE;
  ews_sqlite_bind_text (stmt, 1, email);

  return ews_sqlite_step_row (self, stmt, is_admin, error);
}

static GPtrArray *
sqlite_admins_all (EwsStorage  *storage,
                   GError     **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) emails = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  gboolean has_row = FALSE;

  stmt = ews_sqlite_prepare (self, "SELECT email FROM admins ORDER BY email", error);
  if (stmt == NULL)
    return NULL;

  while (ews_sqlite_step_row (self, stmt, &has_row, &local_error) && has_row)
    g_ptr_array_add (emails, ews_sqlite_column_dup (stmt, 0));

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&emails);
}

/* --- contact and idempotency --------------------------------------------- */

static gboolean
sqlite_contact_insert (EwsStorage  *storage,
                       gint64       message_id,
                       const char  *name,
                       const char  *email,
                       const char  *message,
                       GError     **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ews_sqlite_prepare (self, "INSERT INTO contact_messages (message_id, name, email, message, created_at) "
                                   "VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, message_id);
  ews_sqlite_bind_text (stmt, 2, name);
  ews_sqlite_bind_text (stmt, 3, email);
  ews_sqlite_bind_text (stmt, 4, message);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time () / G_USEC_PER_SEC);

  return ews_sqlite_step_done (self, stmt, error);
}

static GPtrArray *
sqlite_contact_messages (EwsStorage  *storage,
                         GError     **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify)ews_contact_message_free);
  g_autoptr(GError) local_error = NULL;
  gboolean has_row = FALSE;

  stmt = ews_sqlite_prepare (self, "SELECT message_id, name, email, message, created_at FROM contact_messages "
                                   "ORDER BY created_at, rowid", error);
  if (stmt == NULL)
    return NULL;

  while (ews_sqlite_step_row (self, stmt, &has_row, &local_error) && has_row)
    {
      EwsContactMessage *message = g_new0 (EwsContactMessage, 1);

      message->message_id = sqlite3_column_int64 (stmt, 0);
      message->name = ews_sqlite_column_dup (stmt, 1);
      message->email = ews_sqlite_column_dup (stmt, 2);
      message->message = ews_sqlite_column_dup (stmt, 3);
      message->created_at = sqlite3_column_int64 (stmt, 4);
      g_ptr_array_add (messages, message);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&messages);
}

static EwsIdempotentReply *
sqlite_idempotency_lookup (EwsStorage  *storage,
                           const char  *scope,
                           const char  *key,
                           GError     **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  EwsIdempotentReply *reply;
  gboolean has_row = FALSE;

  stmt = ews_sqlite_prepare (self, "SELECT fingerprint, status, body FROM idempotency_keys "
                                   "WHERE scope = ? AND key = ?", error);
  if (stmt == NULL)
    return NULL;
  ews_sqlite_bind_text (stmt, 1, scope);
  ews_sqlite_bind_text (stmt, 2, key);

  if (!ews_sqlite_step_row (self, stmt, &has_row, error))
    return NULL;

  if (!has_row)
    {
      g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND,
                           "This Idempotency-Key has not been used.");
      return NULL;
    }

  reply = g_new0 (EwsIdempotentReply, 1);
  reply->fingerprint = ews_sqlite_column_dup (stmt, 0);
  reply->status = (guint)sqlite3_column_int (stmt, 1);
  reply->body = ews_sqlite_column_dup (stmt, 2);

  return reply;
}

static gboolean
sqlite_idempotency_store (EwsStorage                *storage,
                          const char                *scope,
                          const char                *key,
                          const EwsIdempotentReply  *reply,
                          GError                   **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ews_sqlite_prepare (self, "INSERT INTO idempotency_keys (scope, key, fingerprint, status, body, created_at) "
                                   "VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  ews_sqlite_bind_text (stmt, 1, scope);
  ews_sqlite_bind_text (stmt, 2, key);
  ews_sqlite_bind_text (stmt, 3, reply->fingerprint);
  sqlite3_bind_int (stmt, 4, (int)reply->status);
  ews_sqlite_bind_text (stmt, 5, reply->body ? reply->body : "");
  sqlite3_bind_int64 (stmt, 6, g_get_real_time () / G_USEC_PER_SEC);

  return ews_sqlite_step_done (self, stmt, error);
}

/* --- GObject ------------------------------------------------------------- */

static void
ews_storage_sqlite_finalize (GObject *object)
{
  EwsStorageSqlite *self = (EwsStorageSqlite *)object;

  if (self->db != NULL)
    {
      drop_statements_for (self->db);

      /* Close cleanly so the WAL is checkpointed into the main file. */
      if (sqlite3_close (self->db) != SQLITE_OK)
        g_warning ("Could not close the database: %s", sqlite3_errmsg (self->db));
      self->db = NULL;
    }

  G_OBJECT_CLASS (ews_storage_sqlite_parent_class)->finalize (object);
}

static void
ews_storage_sqlite_class_init (EwsStorageSqliteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ews_storage_sqlite_finalize;
}

static void
ews_storage_sqlite_init (EwsStorageSqlite *self)
{
}

static void
ews_storage_sqlite_iface_init (EwsStorageInterface *iface)
{
  iface->begin = ews_sqlite_begin;
  iface->commit = ews_sqlite_commit;
  iface->rollback = ews_sqlite_rollback;

  iface->admin_add = sqlite_admin_add;
  iface->admin_remove = sqlite_admin_remove;
  iface->admin_contains = sqlite_admin_contains;
  iface->admins_all = sqlite_admins_all;
  iface->contact_insert = sqlite_contact_insert;
  iface->contact_messages = sqlite_contact_messages;
  iface->idempotency_lookup = sqlite_idempotency_lookup;
  iface->idempotency_store = sqlite_idempotency_store;

  ews_storage_sqlite_lists_init_iface (iface);
  ews_storage_sqlite_reservations_init_iface (iface);
  ews_storage_sqlite_products_init_iface (iface);
  ews_storage_sqlite_rates_init_iface (iface);
}
