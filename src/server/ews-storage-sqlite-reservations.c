/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-storage-sqlite"

#include "config.h"

#include "ews-storage-rules.h"
#include "ews-storage-sqlite-private.h"

/* Every operation here reads a gift's counts, decides (through
 * ews-storage-rules.c, as the PostgreSQL backend does), and writes them
 * back inside one transaction. The outermost transaction is BEGIN IMMEDIATE, so
 * the decision is made holding the write lock: two guests racing for the
 * last gift cannot both see room for it, whether they race through this
 * server or through another process on the same file. */

#define RESERVATION_COLUMNS                                                          \
  "r.reservation_id, r.list_id, l.owner_id, l.title, r.product_id, r.product_type, " \
  "r.user_id, r.name, r.email, r.state, r.quantity, r.reserved_at, r.confirmed, r.confirm_key, r.thanked"
#define RESERVATION_FROM " FROM reservations r JOIN lists l USING (list_id) "

/* gpointer, to serve as an EweSqliteRowFunc: an EwsReservation. */
static gpointer
reservation_from_row (sqlite3_stmt *stmt,
                      GError      **error)
{
  EwsReservation *reservation = g_new0 (EwsReservation, 1);

  reservation->reservation_id = ewe_sqlite_column_dup (stmt, 0);
  reservation->list_id = ewe_sqlite_column_dup (stmt, 1);
  reservation->list_owner_id = ewe_sqlite_column_dup (stmt, 2);
  reservation->list_title = ewe_sqlite_column_dup (stmt, 3);
  reservation->product_id = ewe_sqlite_column_dup (stmt, 4);
  reservation->product_type = ewe_sqlite_column_dup (stmt, 5);
  reservation->user_id = ewe_sqlite_column_dup (stmt, 6);
  reservation->name = ewe_sqlite_column_dup (stmt, 7);
  reservation->email = ewe_sqlite_column_dup (stmt, 8);
  reservation->state = ewe_sqlite_column_dup (stmt, 9);
  reservation->quantity = sqlite3_column_int64 (stmt, 10);
  reservation->reserved_at = sqlite3_column_int64 (stmt, 11);
  reservation->confirmed = sqlite3_column_int (stmt, 12) != 0;
  reservation->confirm_key = ewe_sqlite_column_dup (stmt, 13);
  reservation->thanked = sqlite3_column_int (stmt, 14) != 0;

  return reservation;
}

static EwsReservation *
sqlite_reservation_get (EwsStorage *storage,
                        const char *reservation_id,
                        GError    **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (self->db, "SELECT " RESERVATION_COLUMNS RESERVATION_FROM "WHERE r.reservation_id = ?", error);
  if (stmt == NULL)
    return NULL;
  ewe_sqlite_bind_text (stmt, 1, reservation_id);

  return ewe_sqlite_get_one (stmt, reservation_from_row, (GDestroyNotify)ews_reservation_free,
                             EWS_STORAGE_NO_SUCH_RESERVATION, error);
}

static GPtrArray *
sqlite_reservations_for_list (EwsStorage *storage,
                              const char *list_id,
                              GError    **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (self->db, "SELECT " RESERVATION_COLUMNS RESERVATION_FROM "WHERE r.list_id = ? AND r.state != 'cancelled' "
                                       "ORDER BY r.reserved_at, r.rowid",
                             error);
  if (stmt == NULL)
    return NULL;
  ewe_sqlite_bind_text (stmt, 1, list_id);

  return ewe_sqlite_get_all (stmt, reservation_from_row, (GDestroyNotify)ews_reservation_free, error);
}

static GPtrArray *
sqlite_reservations_for_user (EwsStorage *storage,
                              const char *user_id,
                              const char *email,
                              GError    **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  /* Guests who reserved before signing up are known only by e-mail, and
   * are theirs only once confirmed from the mail: anyone can type an
   * address. */
  stmt = ewe_sqlite_prepare (self->db, "SELECT " RESERVATION_COLUMNS RESERVATION_FROM "WHERE (r.user_id = ? OR (r.email = ? AND r.confirmed = 1)) "
                                       "AND r.state != 'cancelled' "
                                       "ORDER BY r.reserved_at, r.rowid",
                             error);
  if (stmt == NULL)
    return NULL;
  ewe_sqlite_bind_text (stmt, 1, user_id);
  ewe_sqlite_bind_text (stmt, 2, email != NULL ? email : "");

  return ewe_sqlite_get_all (stmt, reservation_from_row, (GDestroyNotify)ews_reservation_free, error);
}

static gboolean
load_gift_counts (EwsStorageSqlite *self,
                  const char       *sql,
                  const char       *arg1,
                  const char       *arg2,
                  EwsGiftCounts    *counts,
                  char            **type,
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

  memset (counts, 0, sizeof *counts);
  if (!has_row)
    return TRUE;

  counts->gift_id = sqlite3_column_int64 (stmt, 0);
  counts->quantity = sqlite3_column_int64 (stmt, 1);
  counts->reserved = sqlite3_column_int64 (stmt, 2);
  counts->purchased = sqlite3_column_int64 (stmt, 3);
  counts->list_closed = g_strcmp0 ((const char *)sqlite3_column_text (stmt, 4), "closed") == 0;
  counts->unlimited = sqlite3_column_int (stmt, 6) != 0;
  if (type != NULL)
    *type = ewe_sqlite_column_dup (stmt, 5);

  return TRUE;
}

static gboolean
add_to_gift (EwsStorageSqlite *self,
             gint64            gift_id,
             gint64            reserved_delta,
             gint64            purchased_delta,
             GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (gift_id == 0)
    return TRUE;

  stmt = ewe_sqlite_prepare (self->db, "UPDATE gifts SET reserved = reserved + ?, purchased = purchased + ? "
                                       "WHERE gift_id = ?",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, reserved_delta);
  sqlite3_bind_int64 (stmt, 2, purchased_delta);
  sqlite3_bind_int64 (stmt, 3, gift_id);

  return ewe_sqlite_step_done (stmt, error);
}

/* Refuses @more unconfirmed units for @email on the list when the address
 * would then hold more than EWS_MAX_UNCONFIRMED_PER_ADDRESS there. Bought
 * ones count too, or marking them bought would make room for more. */
static gboolean
check_unconfirmed_limit (EwsStorageSqlite *self,
                         const char       *list_id,
                         const char       *email,
                         gint64            more,
                         GError          **error)
{
  gint64 held;

  if (!ews_sqlite_query_int (self, "SELECT coalesce (sum (quantity), 0) FROM reservations "
                                   "WHERE list_id = ? AND email = ? AND confirmed = 0 AND state != 'cancelled'",
                             list_id, email, &held, error))
    return FALSE;

  return ews_storage_rules_check_unconfirmed (held, more, error);
}

static EwsReservation *
reserve (EwsStorageSqlite *self,
         const char       *list_id,
         const char       *product_id,
         const char       *user_id,
         const char       *name,
         const char       *email,
         gint64            quantity,
         gboolean          confirmed,
         GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(EwsList) list = NULL;
  g_autofree char *type = NULL;
  g_autofree char *reservation_id = NULL;
  g_autofree char *confirm_key = NULL;
  EwsGiftCounts    counts;
  gboolean         has_row = FALSE;

  list = ews_storage_list_get (EWS_STORAGE (self), list_id, error);
  if (list == NULL)
    return NULL;

  if (!ews_storage_rules_check_list_open (list->closed || list->archived_at != 0, error))
    return NULL;

  if (!load_gift_counts (self,
                         "SELECT g.gift_id, g.quantity, g.reserved, g.purchased, " EWS_STORAGE_LIST_STATE_SQL ", g.type, g.unlimited "
                         "FROM gifts g JOIN lists l USING (list_id) WHERE g.list_id = ? AND g.product_id = ?",
                         list_id, product_id, &counts, &type, error))
    return NULL;

  if (!ews_storage_rules_check_on_list (&counts, error))
    return NULL;

  stmt = ewe_sqlite_prepare (self->db, "SELECT 1 FROM reservations WHERE gift_id = ? AND user_id = ? "
                                       "AND state = 'reserved'",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, counts.gift_id);
  ewe_sqlite_bind_text (stmt, 2, user_id);
  if (!ewe_sqlite_step_row (stmt, &has_row, error))
    return NULL;
  g_clear_pointer (&stmt, ewe_sqlite_release);

  if (!ews_storage_rules_check_not_held (has_row, error))
    return NULL;

  if (!confirmed && !check_unconfirmed_limit (self, list_id, email, quantity, error))
    return NULL;

  if (!ews_storage_rules_check_wanted (&counts, quantity, error))
    return NULL;

  if (!confirmed && (confirm_key = ews_storage_rules_new_confirm_key (error)) == NULL)
    return NULL;

  if (!add_to_gift (self, counts.gift_id, quantity, 0, error))
    return NULL;

  /* 122 random bits: the id in a guest's link is the key to the reservation. */
  reservation_id = g_uuid_string_random ();

  stmt = ewe_sqlite_prepare (self->db, "INSERT INTO reservations (reservation_id, list_id, gift_id, product_id, "
                                       "product_type, user_id, name, email, quantity, state, reserved_at, "
                                       "confirmed, confirm_key) "
                                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'reserved', ?, ?, ?)",
                             error);
  if (stmt == NULL)
    return NULL;
  ewe_sqlite_bind_text (stmt, 1, reservation_id);
  ewe_sqlite_bind_text (stmt, 2, list_id);
  sqlite3_bind_int64 (stmt, 3, counts.gift_id);
  ewe_sqlite_bind_text (stmt, 4, product_id);
  ewe_sqlite_bind_text (stmt, 5, type);
  ewe_sqlite_bind_text (stmt, 6, user_id);
  ewe_sqlite_bind_text (stmt, 7, name);
  ewe_sqlite_bind_text (stmt, 8, email);
  sqlite3_bind_int64 (stmt, 9, quantity);
  sqlite3_bind_int64 (stmt, 10, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_int (stmt, 11, confirmed ? 1 : 0);
  ewe_sqlite_bind_text (stmt, 12, confirm_key);
  if (!ewe_sqlite_step_done (stmt, error))
    return NULL;

  return sqlite_reservation_get (EWS_STORAGE (self), reservation_id, error);
}

static EwsReservation *
sqlite_reserve (EwsStorage *storage,
                const char *list_id,
                const char *product_id,
                const char *user_id,
                const char *name,
                const char *email,
                gint64      quantity,
                gboolean    confirmed,
                GError    **error)
{
  g_autoptr(EwsReservation) reservation = NULL;

  if (!ews_sqlite_begin (storage, error))
    return NULL;

  reservation = reserve (EWS_STORAGE_SQLITE (storage), list_id, product_id, user_id, name, email, quantity,
                         confirmed, error);
  if (!ews_sqlite_end (storage, reservation != NULL, error))
    return NULL;

  return g_steal_pointer (&reservation);
}

#define RESERVATION_GIFT_SQL                                                                                       \
  "SELECT coalesce (g.gift_id, 0), g.quantity, g.reserved, g.purchased, " EWS_STORAGE_LIST_STATE_SQL ", r.state, " \
  "coalesce (g.unlimited, 0) "                                                                                     \
  "FROM reservations r JOIN lists l USING (list_id) LEFT JOIN gifts g ON g.gift_id = r.gift_id "                   \
  "WHERE r.reservation_id = ?"

/* Loads a reservation and its gift's counts, and checks it is still only
 * reserved: bought and cancelled reservations are final. */
static EwsReservation *
load_active_reservation (EwsStorageSqlite *self,
                         const char       *reservation_id,
                         EwsGiftCounts    *counts,
                         GError          **error)
{
  g_autoptr(EwsReservation) reservation = NULL;

  reservation = sqlite_reservation_get (EWS_STORAGE (self), reservation_id, error);
  if (reservation == NULL)
    return NULL;

  if (!ews_storage_rules_check_active (reservation, error))
    return NULL;

  if (!load_gift_counts (self, RESERVATION_GIFT_SQL, reservation_id, NULL, counts, NULL, error))
    return NULL;

  return g_steal_pointer (&reservation);
}

static gboolean
set_reservation_column (EwsStorageSqlite *self,
                        const char       *sql,
                        const char       *reservation_id,
                        const char       *text_value,
                        gint64            int_value,
                        GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = ewe_sqlite_prepare (self->db, sql, error);

  if (stmt == NULL)
    return FALSE;

  if (text_value != NULL)
    ewe_sqlite_bind_text (stmt, 1, text_value);
  else
    sqlite3_bind_int64 (stmt, 1, int_value);
  ewe_sqlite_bind_text (stmt, 2, reservation_id);

  return ewe_sqlite_step_done (stmt, error);
}

static gboolean
set_quantity (EwsStorageSqlite *self,
              const char       *reservation_id,
              gint64            quantity,
              GError          **error)
{
  g_autoptr(EwsReservation) reservation = NULL;
  EwsGiftCounts counts;
  gint64        delta;

  reservation = load_active_reservation (self, reservation_id, &counts, error);
  if (reservation == NULL)
    return FALSE;

  delta = quantity - reservation->quantity;

  if (delta > 0 && (!ews_storage_rules_check_gift_kept (&counts, error) ||
                    !ews_storage_rules_check_list_open (counts.list_closed, error)))
    return FALSE;

  if (delta > 0 && !reservation->confirmed &&
      !check_unconfirmed_limit (self, reservation->list_id, reservation->email, delta, error))
    return FALSE;

  if (delta > 0 && !ews_storage_rules_check_wanted (&counts, delta, error))
    return FALSE;

  return add_to_gift (self, counts.gift_id, delta, 0, error) &&
         set_reservation_column (self, "UPDATE reservations SET quantity = ? WHERE reservation_id = ?",
                                 reservation_id, NULL, quantity, error);
}

static gboolean
sqlite_reservation_set_quantity (EwsStorage *storage,
                                 const char *reservation_id,
                                 gint64      quantity,
                                 GError    **error)
{
  if (!ews_sqlite_begin (storage, error))
    return FALSE;

  return ews_sqlite_end (storage, set_quantity (EWS_STORAGE_SQLITE (storage), reservation_id, quantity, error),
                         error);
}

/* Ends a reserved reservation, bought or cancelled: either way its units
 * leave the gift's reserved count, and bought ones join the purchased. */
static gboolean
settle_reservation (EwsStorageSqlite *self,
                    const char       *reservation_id,
                    gboolean          purchased,
                    GError          **error)
{
  g_autoptr(EwsReservation) reservation = NULL;
  EwsGiftCounts counts;

  reservation = load_active_reservation (self, reservation_id, &counts, error);
  if (reservation == NULL)
    return FALSE;

  return add_to_gift (self, counts.gift_id, -reservation->quantity, purchased ? reservation->quantity : 0, error) &&
         set_reservation_column (self, "UPDATE reservations SET state = ? WHERE reservation_id = ?",
                                 reservation_id, purchased ? "purchased" : "cancelled", 0, error);
}

static gboolean
sqlite_reservation_purchase (EwsStorage *storage,
                             const char *reservation_id,
                             GError    **error)
{
  if (!ews_sqlite_begin (storage, error))
    return FALSE;

  return ews_sqlite_end (storage, settle_reservation (EWS_STORAGE_SQLITE (storage), reservation_id, TRUE, error),
                         error);
}

static gboolean
sqlite_reservation_cancel (EwsStorage *storage,
                           const char *reservation_id,
                           GError    **error)
{
  if (!ews_sqlite_begin (storage, error))
    return FALSE;

  return ews_sqlite_end (storage, settle_reservation (EWS_STORAGE_SQLITE (storage), reservation_id, FALSE, error),
                         error);
}

static gboolean
delete_reservation (EwsStorageSqlite *self,
                    const char       *reservation_id,
                    GError          **error)
{
  g_autoptr(EwsReservation) reservation = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  EwsGiftCounts counts;
  gboolean      ok;

  reservation = sqlite_reservation_get (EWS_STORAGE (self), reservation_id, error);
  if (reservation == NULL ||
      !load_gift_counts (self, RESERVATION_GIFT_SQL, reservation_id, NULL, &counts, NULL, error))
    return FALSE;

  /* Keep the gift's counts the sums of its reservations. */
  if (g_strcmp0 (reservation->state, "reserved") == 0)
    ok = add_to_gift (self, counts.gift_id, -reservation->quantity, 0, error);
  else if (g_strcmp0 (reservation->state, "purchased") == 0)
    ok = add_to_gift (self, counts.gift_id, 0, -reservation->quantity, error);
  else
    ok = TRUE;
  if (!ok)
    return FALSE;

  stmt = ewe_sqlite_prepare (self->db, "DELETE FROM reservations WHERE reservation_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  ewe_sqlite_bind_text (stmt, 1, reservation_id);

  return ewe_sqlite_step_done (stmt, error);
}

static gboolean
sqlite_reservation_delete (EwsStorage *storage,
                           const char *reservation_id,
                           GError    **error)
{
  if (!ews_sqlite_begin (storage, error))
    return FALSE;

  return ews_sqlite_end (storage, delete_reservation (EWS_STORAGE_SQLITE (storage), reservation_id, error), error);
}

static gboolean
confirm_reservation (EwsStorageSqlite *self,
                     const char       *reservation_id,
                     const char       *key,
                     GError          **error)
{
  g_autoptr(EwsReservation) reservation = NULL;

  reservation = sqlite_reservation_get (EWS_STORAGE (self), reservation_id, error);
  if (reservation == NULL)
    return FALSE;

  /* Opening the link twice is fine. */
  if (reservation->confirmed)
    return TRUE;

  if (!ews_storage_rules_check_confirm_key (reservation, key, error))
    return FALSE;

  return set_reservation_column (self, "UPDATE reservations SET confirmed = ?, confirm_key = NULL "
                                       "WHERE reservation_id = ?",
                                 reservation_id, NULL, 1, error);
}

static gboolean
sqlite_reservation_confirm (EwsStorage *storage,
                            const char *reservation_id,
                            const char *key,
                            GError    **error)
{
  if (!ews_sqlite_begin (storage, error))
    return FALSE;

  return ews_sqlite_end (storage, confirm_reservation (EWS_STORAGE_SQLITE (storage), reservation_id, key, error),
                         error);
}

void
ews_storage_sqlite_reservations_init_iface (EwsStorageInterface *iface)
{
  iface->reserve = sqlite_reserve;
  iface->reservation_get = sqlite_reservation_get;
  iface->reservations_for_list = sqlite_reservations_for_list;
  iface->reservations_for_user = sqlite_reservations_for_user;
  iface->reservation_set_quantity = sqlite_reservation_set_quantity;
  iface->reservation_purchase = sqlite_reservation_purchase;
  iface->reservation_cancel = sqlite_reservation_cancel;
  iface->reservation_delete = sqlite_reservation_delete;
  iface->reservation_confirm = sqlite_reservation_confirm;
}
