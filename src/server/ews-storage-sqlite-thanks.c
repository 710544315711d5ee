/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-storage-sqlite"

#include "config.h"

#include "ews-storage-rules.h"
#include "ews-storage-sqlite-private.h"

/* After the event: the owner's marks on gifts received and on givers
 * thanked. Neither touches the counts guests see. */

static gboolean
sqlite_gift_set_received (EwsStorage *storage,
                          const char *list_id,
                          const char *product_id,
                          gboolean    received,
                          GError    **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (self->db, "UPDATE gifts SET received = ? WHERE list_id = ? AND product_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, received ? 1 : 0);
  ewe_sqlite_bind_text (stmt, 2, list_id);
  ewe_sqlite_bind_text (stmt, 3, product_id);

  return ews_sqlite_step_must_change (stmt, EWS_STORAGE_ERROR_NOT_FOUND, EWS_STORAGE_NO_SUCH_GIFT, error);
}

/* Addresses are compared without case, as ewe_email_same() does: a giver
 * who typed their address twice in two ways is one giver. */
static gboolean
sqlite_giver_set_thanked (EwsStorage *storage,
                          const char *list_id,
                          const char *email,
                          gboolean    thanked,
                          guint      *n_changed,
                          GError    **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (self->db, "UPDATE reservations SET thanked = ? WHERE list_id = ? "
                                       "AND lower (email) = lower (?) AND state != 'cancelled'",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, thanked ? 1 : 0);
  ewe_sqlite_bind_text (stmt, 2, list_id);
  ewe_sqlite_bind_text (stmt, 3, email);

  if (!ews_sqlite_step_must_change (stmt, EWS_STORAGE_ERROR_NOT_FOUND, EWS_STORAGE_NO_SUCH_GIVER, error))
    return FALSE;

  if (n_changed != NULL)
    *n_changed = sqlite3_changes (self->db);
  return TRUE;
}

void
ews_storage_sqlite_thanks_init_iface (EwsStorageInterface *iface)
{
  iface->gift_set_received = sqlite_gift_set_received;
  iface->giver_set_thanked = sqlite_giver_set_thanked;
}
