/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-storage-sqlite"

#include "config.h"

#include "ews-mail-storage.h"
#include "ews-storage-sqlite-private.h"

/* The SQLite side of EwsMailStorage: the mail_outbox table (migration 2). */

#define SQLITE(self) EWS_STORAGE_SQLITE (self)

/* How long the envelope of a mail that was sent (or given up on) is kept,
 * for an administrator asking "did it go out?". */
#define KEEP_DONE_SECONDS (30 * 24 * 60 * 60)

static gboolean
forget_old_mail (EwsStorageSqlite *self,
                 gint64            now,
                 GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (self->db,
                             "DELETE FROM mail_outbox WHERE state != 'pending' AND created_at < ?",
                             error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, now - KEEP_DONE_SECONDS);
  return ewe_sqlite_step_done (stmt, error);
}

static gboolean
sqlite_outbox_add (EwsMailStorage *storage,
                   const char     *sender,
                   const char     *recipient,
                   const char     *data,
                   gint64          now,
                   GError        **error)
{
  EwsStorageSqlite *self = SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!forget_old_mail (self, now, error))
    return FALSE;

  stmt = ewe_sqlite_prepare (self->db,
                             "INSERT INTO mail_outbox (sender, recipient, data, created_at, next_attempt_at) "
                             "VALUES (?, ?, ?, ?, ?)",
                             error);
  if (stmt == NULL)
    return FALSE;

  ewe_sqlite_bind_text (stmt, 1, sender);
  ewe_sqlite_bind_text (stmt, 2, recipient);
  ewe_sqlite_bind_text (stmt, 3, data);
  sqlite3_bind_int64 (stmt, 4, now);
  sqlite3_bind_int64 (stmt, 5, now);

  return ewe_sqlite_step_done (stmt, error);
}

static EwsOutboxMail *
sqlite_outbox_next_due (EwsMailStorage *storage,
                        gint64          now,
                        GError        **error)
{
  EwsStorageSqlite *self = SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean       has_row = FALSE;
  EwsOutboxMail *mail;

  /* Oldest first among those due, so mail goes out in the order it was
   * written unless one of them is waiting for a retry. */
  stmt = ewe_sqlite_prepare (self->db,
                             "SELECT mail_id, sender, recipient, data, attempts FROM mail_outbox "
                             "WHERE state = 'pending' AND next_attempt_at <= ? "
                             "ORDER BY next_attempt_at, mail_id LIMIT 1",
                             error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, now);
  if (!ewe_sqlite_step_row (stmt, &has_row, error) || !has_row)
    return NULL;

  mail = g_new0 (EwsOutboxMail, 1);
  mail->mail_id = sqlite3_column_int64 (stmt, 0);
  mail->sender = ewe_sqlite_column_dup (stmt, 1);
  mail->recipient = ewe_sqlite_column_dup (stmt, 2);
  mail->data = ewe_sqlite_column_dup (stmt, 3);
  mail->attempts = (guint)sqlite3_column_int (stmt, 4);

  return mail;
}

static gboolean
sqlite_outbox_next_time (EwsMailStorage *storage,
                         gboolean       *any,
                         gint64         *when,
                         GError        **error)
{
  EwsStorageSqlite *self = SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row = FALSE;

  stmt = ewe_sqlite_prepare (self->db,
                             "SELECT min (next_attempt_at) FROM mail_outbox WHERE state = 'pending'",
                             error);
  if (stmt == NULL || !ewe_sqlite_step_row (stmt, &has_row, error))
    return FALSE;

  *any = has_row && sqlite3_column_type (stmt, 0) != SQLITE_NULL;
  *when = *any ? sqlite3_column_int64 (stmt, 0) : 0;

  return TRUE;
}

static gboolean
sqlite_outbox_pending (EwsMailStorage *storage,
                       gint64         *count,
                       gint64         *oldest_created_at,
                       GError        **error)
{
  EwsStorageSqlite *self = SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row = FALSE;

  stmt = ewe_sqlite_prepare (self->db,
                             "SELECT count (*), min (created_at) FROM mail_outbox WHERE state = 'pending'",
                             error);
  if (stmt == NULL || !ewe_sqlite_step_row (stmt, &has_row, error))
    return FALSE;

  *count = has_row ? sqlite3_column_int64 (stmt, 0) : 0;
  *oldest_created_at = has_row ? sqlite3_column_int64 (stmt, 1) : 0;

  return TRUE;
}

static gboolean
update_mail (EwsStorageSqlite *self,
             const char       *sql,
             gint64            mail_id,
             gint64            number,
             const char       *text,
             GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = ewe_sqlite_prepare (self->db, sql, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, number);
  ewe_sqlite_bind_text (stmt, 2, text);
  sqlite3_bind_int64 (stmt, 3, mail_id);

  return ewe_sqlite_step_done (stmt, error);
}

static gboolean
sqlite_outbox_mark_sent (EwsMailStorage *storage,
                         gint64          mail_id,
                         gint64          now,
                         GError        **error)
{
  return update_mail (SQLITE (storage),
                      "UPDATE mail_outbox SET state = 'sent', sent_at = ?1, data = '', "
                      "last_error = ?2 WHERE mail_id = ?3",
                      mail_id, now, NULL, error);
}

static gboolean
sqlite_outbox_mark_retry (EwsMailStorage *storage,
                          gint64          mail_id,
                          guint           attempts,
                          gint64          next_attempt_at,
                          const char     *last_error,
                          GError        **error)
{
  EwsStorageSqlite *self = SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (self->db,
                             "UPDATE mail_outbox SET attempts = ?, next_attempt_at = ?, last_error = ? "
                             "WHERE mail_id = ?",
                             error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, attempts);
  sqlite3_bind_int64 (stmt, 2, next_attempt_at);
  ewe_sqlite_bind_text (stmt, 3, last_error);
  sqlite3_bind_int64 (stmt, 4, mail_id);

  return ewe_sqlite_step_done (stmt, error);
}

static gboolean
sqlite_outbox_mark_failed (EwsMailStorage *storage,
                           gint64          mail_id,
                           const char     *last_error,
                           GError        **error)
{
  return update_mail (SQLITE (storage),
                      "UPDATE mail_outbox SET state = 'failed', attempts = attempts + ?1, "
                      "data = '', last_error = ?2 WHERE mail_id = ?3",
                      mail_id, 1, last_error, error);
}

void
ews_storage_sqlite_mail_init_iface (EwsMailStorageInterface *iface)
{
  iface->outbox_add = sqlite_outbox_add;
  iface->outbox_next_due = sqlite_outbox_next_due;
  iface->outbox_next_time = sqlite_outbox_next_time;
  iface->outbox_mark_sent = sqlite_outbox_mark_sent;
  iface->outbox_mark_retry = sqlite_outbox_mark_retry;
  iface->outbox_mark_failed = sqlite_outbox_mark_failed;
  iface->outbox_pending = sqlite_outbox_pending;
}
