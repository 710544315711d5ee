/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-storage-sqlite"

#include "config.h"

#include "ews-storage-rules.h"
#include "ews-storage-sqlite-private.h"

/* Idempotency-Key answers are kept this long: a client retries within
 * minutes, or after being offline for days, but not weeks. */
#define IDEMPOTENCY_KEEP_SECONDS (30 * 24 * 60 * 60)

static void ews_storage_sqlite_iface_init (EwsStorageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (EwsStorageSqlite, ews_storage_sqlite, G_TYPE_OBJECT, G_IMPLEMENT_INTERFACE (EWS_TYPE_STORAGE, ews_storage_sqlite_iface_init) G_IMPLEMENT_INTERFACE (EWS_TYPE_AUTH_STORAGE, ews_storage_sqlite_auth_init_iface) G_IMPLEMENT_INTERFACE (EWS_TYPE_MAIL_STORAGE, ews_storage_sqlite_mail_init_iface) G_IMPLEMENT_INTERFACE (EWS_TYPE_OAUTH2_STORAGE, ews_storage_sqlite_oauth2_init_iface) G_IMPLEMENT_INTERFACE (EWS_TYPE_COOWNER_STORAGE, ews_storage_sqlite_coowners_init_iface))

/* --- errors -------------------------------------------------------------- */

/* The storage interface's errors, which the routes turn into statuses;
 * which SQLite result means what is ewe-sqlite's to say. */
static void
report_storage_error (GError       **error,
                      EweSqliteError code,
                      const char    *detail)
{
  switch (code)
    {
    case EWE_SQLITE_ERROR_NOT_FOUND:
      g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND, detail);
      break;

    /* A constraint the routes did not check first is still the caller's
     * mistake (a duplicate, a value out of range), not a server failure. */
    case EWE_SQLITE_ERROR_CONSTRAINT:
      g_set_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT,
                   "The change conflicts with what is stored (%s).", detail);
      break;

    case EWE_SQLITE_ERROR_BUSY:
    case EWE_SQLITE_ERROR_CORRUPT:
    case EWE_SQLITE_ERROR_FULL:
    case EWE_SQLITE_ERROR_READONLY:
    case EWE_SQLITE_ERROR_TOO_MANY:
    case EWE_SQLITE_ERROR_FAILED:
    default:
      g_set_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_FAILED,
                   "The database failed: %s", detail);
      break;
    }
}

/* --- transactions -------------------------------------------------------- */

gboolean
ews_sqlite_begin (EwsStorage *storage,
                  GError    **error)
{
  return ewe_sqlite_begin (EWS_STORAGE_SQLITE (storage)->db, error);
}

gboolean
ews_sqlite_commit (EwsStorage *storage,
                   GError    **error)
{
  return ewe_sqlite_commit (EWS_STORAGE_SQLITE (storage)->db, error);
}

void
ews_sqlite_rollback (EwsStorage *storage)
{
  ewe_sqlite_rollback (EWS_STORAGE_SQLITE (storage)->db);
}

gboolean
ews_sqlite_end (EwsStorage *storage,
                gboolean    ok,
                GError    **error)
{
  if (!ok)
    {
      ews_sqlite_rollback (storage);
      return FALSE;
    }

  return ews_sqlite_commit (storage, error);
}

gboolean
ews_sqlite_query_int (EwsStorageSqlite *self,
                      const char       *sql,
                      const char       *arg1,
                      const char       *arg2,
                      gint64           *value,
                      GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = ewe_sqlite_prepare (self->db, sql, error);
  gboolean has_row = FALSE;

  if (stmt == NULL)
    return FALSE;
  ewe_sqlite_bind_text (stmt, 1, arg1);
  if (arg2 != NULL)
    ewe_sqlite_bind_text (stmt, 2, arg2);

  if (!ewe_sqlite_step_row (stmt, &has_row, error))
    return FALSE;

  *value = has_row ? sqlite3_column_int64 (stmt, 0) : 0;
  return TRUE;
}

gboolean
ews_sqlite_step_must_change (sqlite3_stmt   *stmt,
                             EwsStorageError code,
                             const char     *message,
                             GError        **error)
{
  if (!ewe_sqlite_step_done (stmt, error))
    return FALSE;

  if (sqlite3_changes (sqlite3_db_handle (stmt)) == 0)
    {
      g_set_error_literal (error, EWS_STORAGE_ERROR, code, message);
      return FALSE;
    }

  return TRUE;
}

/* --- opening and migrations ---------------------------------------------- */

/* Whether a step left a reference to a row that is not there. */
static gboolean
check_foreign_keys (EwsStorageSqlite *self,
                    GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = ewe_sqlite_prepare (self->db, "PRAGMA foreign_key_check", error);
  gboolean has_row = FALSE;

  if (stmt == NULL || !ewe_sqlite_step_row (stmt, &has_row, error))
    return FALSE;

  if (has_row)
    {
      g_set_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_FAILED,
                   "a row of “%s” refers to a row of “%s” that is not there",
                   (const char *)sqlite3_column_text (stmt, 0), (const char *)sqlite3_column_text (stmt, 2));
      return FALSE;
    }

  return TRUE;
}

static gboolean
run_migrations (EwsStorageSqlite *self,
                guint             version,
                GError          **error)
{
  for (guint i = version; i < ews_sqlite_n_migrations; i++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %u", i + 1);

      if (!ews_sqlite_begin (EWS_STORAGE (self), error))
        return FALSE;

      if (!ewe_sqlite_exec (self->db, ews_sqlite_migrations[i], error) ||
          !check_foreign_keys (self, error) ||
          !ewe_sqlite_exec (self->db, bump, error))
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
migrate (EwsStorageSqlite *self,
         GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row = FALSE;
  gboolean ok;
  gint64   version;

  stmt = ewe_sqlite_prepare (self->db, "PRAGMA user_version", error);
  if (stmt == NULL || !ewe_sqlite_step_row (stmt, &has_row, error))
    return FALSE;
  version = has_row ? sqlite3_column_int64 (stmt, 0) : 0;
  /* A statement still open keeps its tables locked: a step that drops or
   * rebuilds a table would fail with "database table is locked". */
  g_clear_pointer (&stmt, ewe_sqlite_release);

  if (version > ews_sqlite_n_migrations)
    {
      g_set_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_FAILED,
                   "The database has schema version %" G_GINT64_FORMAT " but this ewelists-server "
                   "only knows up to %u. Run a newer ewelists-server.",
                   version, ews_sqlite_n_migrations);
      return FALSE;
    }

  if (version == ews_sqlite_n_migrations)
    return TRUE;

  /* A step that rebuilds a table (SQLite changes a CHECK no other way)
   * drops the old one: with foreign keys on, that would first delete its
   * rows and so detach or delete what refers to them. The pragma is a
   * no-op inside a transaction, so it is set around the steps, and each
   * step proves it left every reference whole before it commits. */
  if (!ewe_sqlite_exec (self->db, "PRAGMA foreign_keys = OFF", error))
    return FALSE;
  ok = run_migrations (self, (guint)version, error);
  if (!ewe_sqlite_exec (self->db, "PRAGMA foreign_keys = ON", ok ? error : NULL))
    return FALSE;

  return ok;
}

static gboolean
forget_old_idempotency_keys (EwsStorageSqlite *self,
                             GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (self->db, "DELETE FROM idempotency_keys WHERE created_at < ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC - IDEMPOTENCY_KEEP_SECONDS);

  return ewe_sqlite_step_done (stmt, error);
}

EwsStorage *
ews_storage_sqlite_open (const char *data_dir,
                         GError    **error)
{
  g_autoptr(EwsStorageSqlite) self = g_object_new (EWS_TYPE_STORAGE_SQLITE, NULL);
  g_autofree char *path = g_build_filename (data_dir, "ewelists.sqlite", NULL);

  /* ewe_sqlite_open() syncs every commit (synchronous FULL), which the
   * server needs: nearly every commit here is an answer already given — a
   * guest told their gift is reserved (and the reservation mail queued
   * with it), an app that dropped its outbox entry on our 200 and will
   * never send it again. */
  self->db = ewe_sqlite_open (path, report_storage_error, error);
  if (self->db == NULL)
    {
      g_prefix_error (error, "Could not open the database “%s”: ", path);
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
sqlite_admin_add (EwsStorage *storage,
                  const char *email,
                  GError    **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (self->db, "INSERT OR IGNORE INTO admins (email, added_at) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  ewe_sqlite_bind_text (stmt, 1, email);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);

  return ewe_sqlite_step_done (stmt, error);
}

static gboolean
sqlite_admin_remove (EwsStorage *storage,
                     const char *email,
                     GError    **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *not_admin = NULL;

  stmt = ewe_sqlite_prepare (self->db, "DELETE FROM admins WHERE email = ?", error);
  if (stmt == NULL)
    return FALSE;
  ewe_sqlite_bind_text (stmt, 1, email);

  not_admin = ews_storage_rules_dup_not_admin_message (email);
  return ews_sqlite_step_must_change (stmt, EWS_STORAGE_ERROR_NOT_FOUND, not_admin, error);
}

static gboolean
sqlite_admin_contains (EwsStorage *storage,
                       const char *email,
                       gboolean   *is_admin,
                       GError    **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (self->db, "SELECT 1 FROM admins WHERE email = ?", error);
  if (stmt == NULL)
    return FALSE;
  ewe_sqlite_bind_text (stmt, 1, email);

  return ewe_sqlite_step_row (stmt, is_admin, error);
}

/* gpointer, to serve as an EweSqliteRowFunc: an admin's e-mail. A NULL one,
 * which admin_add() never stores, is reported rather than listed. */
static gpointer
admin_email_from_row (sqlite3_stmt *stmt,
                      GError      **error)
{
  char *email = ewe_sqlite_column_dup (stmt, 0);

  if (email == NULL)
    g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_FAILED,
                         "The database holds an admin with no e-mail address.");
  return email;
}

static GPtrArray *
sqlite_admins_all (EwsStorage *storage,
                   GError    **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (self->db, "SELECT email FROM admins ORDER BY email", error);
  if (stmt == NULL)
    return NULL;

  return ewe_sqlite_get_all (stmt, admin_email_from_row, g_free, error);
}

/* --- contact and idempotency --------------------------------------------- */

static gboolean
sqlite_contact_insert (EwsStorage *storage,
                       gint64      message_id,
                       const char *name,
                       const char *email,
                       const char *message,
                       GError    **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (self->db, "INSERT INTO contact_messages (message_id, name, email, message, created_at) "
                                       "VALUES (?, ?, ?, ?, ?)",
                             error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, message_id);
  ewe_sqlite_bind_text (stmt, 2, name);
  ewe_sqlite_bind_text (stmt, 3, email);
  ewe_sqlite_bind_text (stmt, 4, message);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time () / G_USEC_PER_SEC);

  return ewe_sqlite_step_done (stmt, error);
}

/* gpointer, to serve as an EweSqliteRowFunc: an EwsContactMessage. */
static gpointer
contact_message_from_row (sqlite3_stmt *stmt,
                          GError      **error)
{
  EwsContactMessage *message = g_new0 (EwsContactMessage, 1);

  message->message_id = sqlite3_column_int64 (stmt, 0);
  message->name = ewe_sqlite_column_dup (stmt, 1);
  message->email = ewe_sqlite_column_dup (stmt, 2);
  message->message = ewe_sqlite_column_dup (stmt, 3);
  message->created_at = sqlite3_column_int64 (stmt, 4);

  return message;
}

static GPtrArray *
sqlite_contact_messages (EwsStorage *storage,
                         GError    **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (self->db, "SELECT message_id, name, email, message, created_at FROM contact_messages "
                                       "ORDER BY created_at, rowid",
                             error);
  if (stmt == NULL)
    return NULL;

  return ewe_sqlite_get_all (stmt, contact_message_from_row, (GDestroyNotify)ews_contact_message_free, error);
}

static EwsIdempotentReply *
sqlite_idempotency_lookup (EwsStorage *storage,
                           const char *scope,
                           const char *key,
                           GError    **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  EwsIdempotentReply *reply;
  gboolean            has_row = FALSE;

  stmt = ewe_sqlite_prepare (self->db, "SELECT fingerprint, status, body FROM idempotency_keys "
                                       "WHERE scope = ? AND key = ?",
                             error);
  if (stmt == NULL)
    return NULL;
  ewe_sqlite_bind_text (stmt, 1, scope);
  ewe_sqlite_bind_text (stmt, 2, key);

  if (!ewe_sqlite_step_row (stmt, &has_row, error))
    return NULL;

  if (!has_row)
    {
      g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND,
                           EWS_STORAGE_UNUSED_IDEMPOTENCY_KEY);
      return NULL;
    }

  reply = g_new0 (EwsIdempotentReply, 1);
  reply->fingerprint = ewe_sqlite_column_dup (stmt, 0);
  reply->status = (guint)sqlite3_column_int (stmt, 1);
  reply->body = ewe_sqlite_column_dup (stmt, 2);

  return reply;
}

static gboolean
sqlite_idempotency_store (EwsStorage               *storage,
                          const char               *scope,
                          const char               *key,
                          const EwsIdempotentReply *reply,
                          GError                  **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (self->db, "INSERT INTO idempotency_keys (scope, key, fingerprint, status, body, created_at) "
                                       "VALUES (?, ?, ?, ?, ?, ?)",
                             error);
  if (stmt == NULL)
    return FALSE;

  ewe_sqlite_bind_text (stmt, 1, scope);
  ewe_sqlite_bind_text (stmt, 2, key);
  ewe_sqlite_bind_text (stmt, 3, reply->fingerprint);
  sqlite3_bind_int (stmt, 4, (int)reply->status);
  ewe_sqlite_bind_text (stmt, 5, reply->body ? reply->body : "");
  sqlite3_bind_int64 (stmt, 6, g_get_real_time () / G_USEC_PER_SEC);

  return ewe_sqlite_step_done (stmt, error);
}

/* --- GObject ------------------------------------------------------------- */

static void
ews_storage_sqlite_finalize (GObject *object)
{
  EwsStorageSqlite *self = (EwsStorageSqlite *)object;

  g_clear_pointer (&self->db, ewe_sqlite_close);

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
  ews_storage_sqlite_thanks_init_iface (iface);
}
