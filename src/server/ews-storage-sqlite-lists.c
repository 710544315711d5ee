/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-storage-sqlite"

#include "config.h"

#include "ews-storage-sqlite-private.h"
#include "ews-storage-rules.h"

/* Lists and the gifts on them: the owner's side of the data. */

/* --- lists --------------------------------------------------------------- */

/* gpointer, to serve as an EweSqliteRowFunc: an EwsList. */
/* gpointer, to serve as an EweSqliteRowFunc: an EwsList, of
 * EWS_SQLITE_LIST_COLUMNS. */
gpointer
ews_storage_sqlite_list_from_row (sqlite3_stmt *stmt,
                                  GError      **error)
{
  EwsList *list = g_new0 (EwsList, 1);

  list->list_id = ewe_sqlite_column_dup (stmt, 0);
  list->owner_id = ewe_sqlite_column_dup (stmt, 1);
  list->title = ewe_sqlite_column_dup (stmt, 2);
  list->description = ewe_sqlite_column_dup (stmt, 3);
  list->occasion = ewe_sqlite_column_dup (stmt, 4);
  list->image_url = ewe_sqlite_column_dup (stmt, 5);
  list->event_date = ewe_sqlite_column_dup (stmt, 6);
  list->closed = g_strcmp0 ((const char *)sqlite3_column_text (stmt, 7), "closed") == 0;
  list->created_at = sqlite3_column_int64 (stmt, 8);
  list->reveal_date = ewe_sqlite_column_dup (stmt, 9);
  list->archived_at = sqlite3_column_int64 (stmt, 10);
  list->archive_note = ewe_sqlite_column_dup (stmt, 11);
  list->currency = ewe_sqlite_column_dup (stmt, 12);

  return list;
}

static gboolean
sqlite_list_insert (EwsStorage    *storage,
                    const EwsList *list,
                    GError       **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (self->db, "INSERT INTO lists (" EWS_SQLITE_LIST_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             error);
  if (stmt == NULL)
    return FALSE;

  ewe_sqlite_bind_text (stmt, 1, list->list_id);
  ewe_sqlite_bind_text (stmt, 2, list->owner_id);
  ewe_sqlite_bind_text (stmt, 3, list->title);
  ewe_sqlite_bind_text (stmt, 4, list->description ? list->description : "");
  ewe_sqlite_bind_text (stmt, 5, list->occasion ? list->occasion : "");
  ewe_sqlite_bind_text (stmt, 6, list->image_url ? list->image_url : "");
  ewe_sqlite_bind_text (stmt, 7, list->event_date);
  ewe_sqlite_bind_text (stmt, 8, list->closed ? "closed" : "open");
  sqlite3_bind_int64 (stmt, 9, list->created_at);
  ewe_sqlite_bind_text (stmt, 10, list->reveal_date);
  if (list->archived_at != 0)
    sqlite3_bind_int64 (stmt, 11, list->archived_at);
  else
    sqlite3_bind_null (stmt, 11);
  ewe_sqlite_bind_text (stmt, 12, list->archive_note);
  ewe_sqlite_bind_text (stmt, 13, list->currency ? list->currency : "GBP");

  return ewe_sqlite_step_done (stmt, error);
}

static EwsList *
sqlite_list_get (EwsStorage *storage,
                 const char *list_id,
                 GError    **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (self->db, "SELECT " EWS_SQLITE_LIST_COLUMNS " FROM lists WHERE list_id = ?", error);
  if (stmt == NULL)
    return NULL;
  ewe_sqlite_bind_text (stmt, 1, list_id);

  return ewe_sqlite_get_one (stmt, ews_storage_sqlite_list_from_row, (GDestroyNotify)ews_list_free,
                             EWS_STORAGE_NO_SUCH_LIST, error);
}

static gboolean
sqlite_list_version (EwsStorage *storage,
                     const char *list_id,
                     gint64     *version,
                     GError    **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row = FALSE;

  stmt = ewe_sqlite_prepare (self->db, "SELECT version FROM list_versions WHERE list_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  ewe_sqlite_bind_text (stmt, 1, list_id);

  if (!ewe_sqlite_step_row (stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND, EWS_STORAGE_NO_SUCH_LIST);
      return FALSE;
    }

  *version = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static GPtrArray *
sqlite_lists_for_owner (EwsStorage *storage,
                        const char *owner_id,
                        GError    **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (self->db, "SELECT " EWS_SQLITE_LIST_COLUMNS " FROM lists WHERE owner_id = ? "
                                       "ORDER BY created_at, list_id",
                             error);
  if (stmt == NULL)
    return NULL;
  ewe_sqlite_bind_text (stmt, 1, owner_id);

  return ewe_sqlite_get_all (stmt, ews_storage_sqlite_list_from_row, (GDestroyNotify)ews_list_free, error);
}

static gboolean
sqlite_list_update (EwsStorage    *storage,
                    const EwsList *list,
                    GError       **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (self->db, "UPDATE lists SET title = ?1, description = ?2, occasion = ?3, "
                                       "image_url = ?4, event_date = ?5, reveal_date = ?6, "
                                       "currency = COALESCE (?8, currency) WHERE list_id = ?7",
                             error);
  if (stmt == NULL)
    return FALSE;

  ewe_sqlite_bind_text (stmt, 1, list->title);
  ewe_sqlite_bind_text (stmt, 2, list->description ? list->description : "");
  ewe_sqlite_bind_text (stmt, 3, list->occasion ? list->occasion : "");
  ewe_sqlite_bind_text (stmt, 4, list->image_url ? list->image_url : "");
  ewe_sqlite_bind_text (stmt, 5, list->event_date);
  ewe_sqlite_bind_text (stmt, 6, list->reveal_date);
  ewe_sqlite_bind_text (stmt, 7, list->list_id);
  ewe_sqlite_bind_text (stmt, 8, list->currency);

  return ews_sqlite_step_must_change (stmt, EWS_STORAGE_ERROR_NOT_FOUND, EWS_STORAGE_NO_SUCH_LIST, error);
}

static gboolean
sqlite_list_close (EwsStorage *storage,
                   const char *list_id,
                   GError    **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (self->db, "UPDATE lists SET state = 'closed' WHERE list_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  ewe_sqlite_bind_text (stmt, 1, list_id);

  return ews_sqlite_step_must_change (stmt, EWS_STORAGE_ERROR_NOT_FOUND, EWS_STORAGE_NO_SUCH_LIST, error);
}

/* The transaction is BEGIN IMMEDIATE: it holds the database's write lock
 * from its start, so no archive can come between this check and the edit
 * that follows it. */
static gboolean
sqlite_list_lock_editable (EwsStorage *storage,
                           const char *list_id,
                           GError    **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  gint64            found = 0; /* 0: no such list, 1: editable, 2: archived */

  if (!ews_sqlite_query_int (self, "SELECT CASE WHEN archived_at IS NULL THEN 1 ELSE 2 END FROM lists "
                                   "WHERE list_id = ?",
                             list_id, NULL, &found, error))
    return FALSE;

  if (found == 0)
    {
      g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND, EWS_STORAGE_NO_SUCH_LIST);
      return FALSE;
    }

  if (found == 2)
    {
      g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT, EWS_STORAGE_LIST_ARCHIVED);
      return FALSE;
    }

  return TRUE;
}

static gboolean
sqlite_list_bump_version (EwsStorage *storage,
                          const char *list_id,
                          gint64     *version,
                          GError    **error)
{
  return ews_sqlite_query_int (EWS_STORAGE_SQLITE (storage),
                               "INSERT INTO list_versions (list_id, version) VALUES (?, 1) "
                               "ON CONFLICT (list_id) DO UPDATE SET version = version + 1 RETURNING version",
                               list_id, NULL, version, error);
}

static gboolean
sqlite_list_set_archived (EwsStorage *storage,
                          const char *list_id,
                          gint64      archived_at,
                          const char *note,
                          GError    **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (self->db, "UPDATE lists SET archived_at = ?, archive_note = ? WHERE list_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  if (archived_at != 0)
    sqlite3_bind_int64 (stmt, 1, archived_at);
  else
    sqlite3_bind_null (stmt, 1);
  ewe_sqlite_bind_text (stmt, 2, archived_at != 0 && note != NULL && note[0] != '\0' ? note : NULL);
  ewe_sqlite_bind_text (stmt, 3, list_id);

  return ews_sqlite_step_must_change (stmt, EWS_STORAGE_ERROR_NOT_FOUND, EWS_STORAGE_NO_SUCH_LIST, error);
}

static gboolean
delete_list (EwsStorageSqlite *self,
             const char       *list_id,
             gint64           *n_gifts,
             gint64           *n_reservations,
             GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!ews_sqlite_query_int (self, "SELECT count(*) FROM gifts WHERE list_id = ?", list_id, NULL,
                             n_gifts, error) ||
      !ews_sqlite_query_int (self, "SELECT count(*) FROM reservations WHERE list_id = ?", list_id, NULL,
                             n_reservations, error))
    return FALSE;

  stmt = ewe_sqlite_prepare (self->db, "DELETE FROM lists WHERE list_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  ewe_sqlite_bind_text (stmt, 1, list_id);

  return ews_sqlite_step_must_change (stmt, EWS_STORAGE_ERROR_NOT_FOUND, EWS_STORAGE_NO_SUCH_LIST, error);
}

static gboolean
sqlite_list_delete (EwsStorage *storage,
                    const char *list_id,
                    guint      *n_deleted,
                    GError    **error)
{
  gint64 n_gifts = 0;
  gint64 n_reservations = 0;

  if (!ews_sqlite_begin (storage, error))
    return FALSE;

  if (!ews_sqlite_end (storage, delete_list (EWS_STORAGE_SQLITE (storage), list_id, &n_gifts, &n_reservations, error),
                       error))
    return FALSE;

  if (n_deleted != NULL)
    *n_deleted = (guint)(1 + n_gifts + n_reservations);

  return TRUE;
}

/* --- gifts --------------------------------------------------------------- */

#define GIFT_COLUMNS "list_id, product_id, type, notes, quantity, reserved, purchased, received, unlimited, most_wanted"

/* gpointer, to serve as an EweSqliteRowFunc: an EwsGift. */
static gpointer
gift_from_row (sqlite3_stmt *stmt,
               GError      **error)
{
  EwsGift *gift = g_new0 (EwsGift, 1);

  gift->list_id = ewe_sqlite_column_dup (stmt, 0);
  gift->product_id = ewe_sqlite_column_dup (stmt, 1);
  gift->type = ewe_sqlite_column_dup (stmt, 2);
  gift->notes = ewe_sqlite_column_dup (stmt, 3);
  gift->quantity = sqlite3_column_int64 (stmt, 4);
  gift->reserved = sqlite3_column_int64 (stmt, 5);
  gift->purchased = sqlite3_column_int64 (stmt, 6);
  gift->received = sqlite3_column_int (stmt, 7) != 0;
  gift->unlimited = sqlite3_column_int (stmt, 8) != 0;
  gift->most_wanted = sqlite3_column_int (stmt, 9) != 0;

  return gift;
}

static GPtrArray *
sqlite_gifts_for_list (EwsStorage *storage,
                       const char *list_id,
                       GError    **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (self->db, "SELECT " GIFT_COLUMNS " FROM gifts WHERE list_id = ? "
                                       "ORDER BY most_wanted DESC, gift_id",
                             error);
  if (stmt == NULL)
    return NULL;
  ewe_sqlite_bind_text (stmt, 1, list_id);

  return ewe_sqlite_get_all (stmt, gift_from_row, (GDestroyNotify)ews_gift_free, error);
}

static EwsGift *
sqlite_gift_get (EwsStorage *storage,
                 const char *list_id,
                 const char *product_id,
                 GError    **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (self->db, "SELECT " GIFT_COLUMNS " FROM gifts WHERE list_id = ? AND product_id = ?", error);
  if (stmt == NULL)
    return NULL;
  ewe_sqlite_bind_text (stmt, 1, list_id);
  ewe_sqlite_bind_text (stmt, 2, product_id);

  return ewe_sqlite_get_one (stmt, gift_from_row, (GDestroyNotify)ews_gift_free,
                             EWS_STORAGE_NO_SUCH_GIFT, error);
}

static gboolean
sqlite_gift_insert (EwsStorage    *storage,
                    const EwsGift *gift,
                    GError       **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (self->db, "INSERT INTO gifts (list_id, product_id, type, notes, quantity, unlimited, most_wanted) "
                                       "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                             error);
  if (stmt == NULL)
    return FALSE;

  ewe_sqlite_bind_text (stmt, 1, gift->list_id);
  ewe_sqlite_bind_text (stmt, 2, gift->product_id);
  ewe_sqlite_bind_text (stmt, 3, gift->type);
  ewe_sqlite_bind_text (stmt, 4, gift->notes);
  sqlite3_bind_int64 (stmt, 5, gift->quantity);
  sqlite3_bind_int (stmt, 6, gift->unlimited ? 1 : 0);
  sqlite3_bind_int (stmt, 7, gift->most_wanted ? 1 : 0);

  return ews_sqlite_step_must_change (stmt, EWS_STORAGE_ERROR_CONFLICT,
                                      EWS_STORAGE_GIFT_ALREADY_ON_LIST, error);
}

static gboolean
update_gift (EwsStorageSqlite *self,
             const char       *list_id,
             const char       *product_id,
             gint64            quantity,
             const char       *notes,
             GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(EwsGift) gift = NULL;

  gift = sqlite_gift_get (EWS_STORAGE (self), list_id, product_id, error);
  if (gift == NULL)
    return FALSE;

  if (!ews_storage_rules_check_gift_quantity (gift, quantity, error))
    return FALSE;

  stmt = ewe_sqlite_prepare (self->db, "UPDATE gifts SET quantity = ?1, "
                                       "notes = CASE WHEN ?2 IS NULL THEN notes WHEN ?2 = '' THEN NULL ELSE ?2 END "
                                       "WHERE list_id = ?3 AND product_id = ?4",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, quantity);
  ewe_sqlite_bind_text (stmt, 2, notes);
  ewe_sqlite_bind_text (stmt, 3, list_id);
  ewe_sqlite_bind_text (stmt, 4, product_id);

  return ewe_sqlite_step_done (stmt, error);
}

static gboolean
sqlite_gift_update (EwsStorage *storage,
                    const char *list_id,
                    const char *product_id,
                    gint64      quantity,
                    const char *notes,
                    GError    **error)
{
  if (!ews_sqlite_begin (storage, error))
    return FALSE;

  return ews_sqlite_end (storage, update_gift (EWS_STORAGE_SQLITE (storage), list_id, product_id, quantity, notes, error),
                         error);
}

static gboolean
set_unlimited (EwsStorageSqlite *self,
               const char       *list_id,
               const char       *product_id,
               gboolean          unlimited,
               GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(EwsGift) gift = NULL;

  gift = sqlite_gift_get (EWS_STORAGE (self), list_id, product_id, error);
  if (gift == NULL)
    return FALSE;

  if (!unlimited && !ews_storage_rules_check_gift_limited (gift, error))
    return FALSE;

  stmt = ewe_sqlite_prepare (self->db, "UPDATE gifts SET unlimited = ? WHERE list_id = ? AND product_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, unlimited ? 1 : 0);
  ewe_sqlite_bind_text (stmt, 2, list_id);
  ewe_sqlite_bind_text (stmt, 3, product_id);

  return ewe_sqlite_step_done (stmt, error);
}

static gboolean
sqlite_gift_set_unlimited (EwsStorage *storage,
                           const char *list_id,
                           const char *product_id,
                           gboolean    unlimited,
                           GError    **error)
{
  if (!ews_sqlite_begin (storage, error))
    return FALSE;

  return ews_sqlite_end (storage, set_unlimited (EWS_STORAGE_SQLITE (storage), list_id, product_id, unlimited, error),
                         error);
}

static gboolean
sqlite_gift_set_most_wanted (EwsStorage *storage,
                             const char *list_id,
                             const char *product_id,
                             gboolean    most_wanted,
                             GError    **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (self->db, "UPDATE gifts SET most_wanted = ? WHERE list_id = ? AND product_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, most_wanted ? 1 : 0);
  ewe_sqlite_bind_text (stmt, 2, list_id);
  ewe_sqlite_bind_text (stmt, 3, product_id);

  return ews_sqlite_step_must_change (stmt, EWS_STORAGE_ERROR_NOT_FOUND, EWS_STORAGE_NO_SUCH_GIFT, error);
}

/* A gift that guests hold reservations on is not deleted: they were told it
 * is theirs to buy, and silently dropping that promise is worse than asking
 * the owner to wait. Once it is only bought (or was never reserved) it goes;
 * the bought reservations stay, detached (gift_id NULL), so guests' links
 * still show what they bought. */
static gboolean
delete_gift (EwsStorageSqlite *self,
             const char       *list_id,
             const char       *product_id,
             GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(EwsGift) gift = NULL;

  gift = sqlite_gift_get (EWS_STORAGE (self), list_id, product_id, error);
  if (gift == NULL)
    return FALSE;

  if (!ews_storage_rules_check_gift_removable (gift, error))
    return FALSE;

  stmt = ewe_sqlite_prepare (self->db, "DELETE FROM gifts WHERE list_id = ? AND product_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  ewe_sqlite_bind_text (stmt, 1, list_id);
  ewe_sqlite_bind_text (stmt, 2, product_id);

  return ewe_sqlite_step_done (stmt, error);
}

static gboolean
sqlite_gift_delete (EwsStorage *storage,
                    const char *list_id,
                    const char *product_id,
                    GError    **error)
{
  if (!ews_sqlite_begin (storage, error))
    return FALSE;

  return ews_sqlite_end (storage, delete_gift (EWS_STORAGE_SQLITE (storage), list_id, product_id, error), error);
}

void
ews_storage_sqlite_lists_init_iface (EwsStorageInterface *iface)
{
  iface->list_insert = sqlite_list_insert;
  iface->list_get = sqlite_list_get;
  iface->list_version = sqlite_list_version;
  iface->lists_for_owner = sqlite_lists_for_owner;
  iface->list_update = sqlite_list_update;
  iface->list_close = sqlite_list_close;
  iface->list_bump_version = sqlite_list_bump_version;
  iface->list_set_archived = sqlite_list_set_archived;
  iface->list_lock_editable = sqlite_list_lock_editable;
  iface->list_delete = sqlite_list_delete;

  iface->gifts_for_list = sqlite_gifts_for_list;
  iface->gift_get = sqlite_gift_get;
  iface->gift_insert = sqlite_gift_insert;
  iface->gift_update = sqlite_gift_update;
  iface->gift_set_unlimited = sqlite_gift_set_unlimited;
  iface->gift_set_most_wanted = sqlite_gift_set_most_wanted;
  iface->gift_delete = sqlite_gift_delete;
}
