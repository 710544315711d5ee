/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-storage-sqlite"

#include "config.h"

#include "ews-storage-sqlite-private.h"

/* The SQLite side of the rate limits: table rate_buckets (migration 6).
 *
 * A bucket is a row (tokens, updated_at); its tokens now are those plus
 * what has dripped in since, up to the capacity. Taking a token is one
 * UPSERT whose WHERE refuses it when there is less than one, so two
 * servers (or two connections) taking at once cannot both take the last
 * token. A server whose clock is behind the row's adds nothing for the
 * negative time and leaves the later time in place. */

/* No period is longer than a day, so a bucket untouched for a day is full
 * again, the same as no row. */
#define FORGET_AFTER_MS (24 * 60 * 60 * 1000)

gboolean
ews_sqlite_forget_full_rate_buckets (EwsStorageSqlite *self,
                                     gint64            now_ms,
                                     GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = ewe_sqlite_prepare (self->db, "DELETE FROM rate_buckets WHERE updated_at < ?", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, now_ms - FORGET_AFTER_MS);
  return ewe_sqlite_step_done (stmt, error);
}

static gboolean
sqlite_rate_take (EwsStorage *storage,
                  const char *key,
                  guint       capacity,
                  guint       period_seconds,
                  gint64      now_ms,
                  gint64     *retry_after_ms,
                  GError    **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  double   per_ms = (double)capacity / ((double)period_seconds * 1000.0);
  gboolean has_row = FALSE;
  double   tokens;
  gint64   updated_at;

  *retry_after_ms = 0;

  /* Now and then, rather than a timer on every server. */
  if (g_random_int_range (0, 256) == 0 && !ews_sqlite_forget_full_rate_buckets (self, now_ms, error))
    return FALSE;

  stmt = ewe_sqlite_prepare (self->db,
                             "INSERT INTO rate_buckets (key, tokens, updated_at) VALUES (?1, ?2 - 1, ?3) "
                             "ON CONFLICT (key) DO UPDATE SET "
                             "  tokens = MIN (?2, tokens + MAX (0, ?3 - updated_at) * ?4) - 1, "
                             "  updated_at = MAX (updated_at, ?3) "
                             "WHERE MIN (?2, tokens + MAX (0, ?3 - updated_at) * ?4) >= 1 "
                             "RETURNING tokens",
                             error);
  if (stmt == NULL)
    return FALSE;

  ewe_sqlite_bind_text (stmt, 1, key);
  sqlite3_bind_int64 (stmt, 2, capacity);
  sqlite3_bind_int64 (stmt, 3, now_ms);
  sqlite3_bind_double (stmt, 4, per_ms);
  if (!ewe_sqlite_step_row (stmt, &has_row, error))
    return FALSE;
  if (has_row)
    return TRUE;
  g_clear_pointer (&stmt, ewe_sqlite_release);

  /* Refused: how long until the bucket holds a whole token. */
  stmt = ewe_sqlite_prepare (self->db, "SELECT tokens, updated_at FROM rate_buckets WHERE key = ?", error);
  if (stmt == NULL)
    return FALSE;

  ewe_sqlite_bind_text (stmt, 1, key);
  if (!ewe_sqlite_step_row (stmt, &has_row, error))
    return FALSE;

  tokens = has_row ? sqlite3_column_double (stmt, 0) : 0.0;
  updated_at = has_row ? sqlite3_column_int64 (stmt, 1) : now_ms;
  tokens = MIN ((double)capacity, tokens + (double)MAX (0, now_ms - updated_at) * per_ms);
  *retry_after_ms = (gint64)((1.0 - tokens) / per_ms) + 1;

  return TRUE;
}

static gboolean
sqlite_rate_reset (EwsStorage *storage,
                   const char *key,
                   GError    **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = ewe_sqlite_prepare (self->db, "DELETE FROM rate_buckets WHERE key = ?", error);

  if (stmt == NULL)
    return FALSE;

  ewe_sqlite_bind_text (stmt, 1, key);
  return ewe_sqlite_step_done (stmt, error);
}

void
ews_storage_sqlite_rates_init_iface (EwsStorageInterface *iface)
{
  iface->rate_take = sqlite_rate_take;
  iface->rate_reset = sqlite_rate_reset;
}
