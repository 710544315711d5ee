/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-storage-pg"

#include "config.h"

#include <string.h>

#include "ews-storage-rules.h"
#include "ews-storage-pg-private.h"

/* Every operation here reads a gift's counts, decides, and writes them back
 * inside one transaction, as in ews-storage-sqlite-reservations.c; both
 * decide through ews-storage-rules.c, so the verdicts and their words
 * are the same.
 *
 * Races are kept out with row locks (SELECT … FOR UPDATE) at READ
 * COMMITTED, not with SERIALIZABLE and retries: the decision is made
 * holding the gift's row, so two guests racing for the last unit queue on
 * that one row and the second sees the first's count. Serializable would
 * make the loser fail and retry the whole transaction, which for a popular
 * gift means many retries, and a retry loop cannot live here anyway: the
 * operation may be a savepoint of a route's transaction, which only the
 * route could replay. Locks are taken in one order — the reservation's
 * row, then the address's advisory lock, then the gift's row — so the
 * operations here do not deadlock one another. */

#define RESERVATION_COLUMNS                                                          \
  "r.reservation_id, r.list_id, l.owner_id, l.title, r.product_id, r.product_type, " \
  "r.user_id, r.name, r.email, r.state, r.quantity, r.reserved_at, r.confirmed, r.confirm_key, r.thanked"
#define RESERVATION_FROM " FROM reservations r JOIN lists l USING (list_id) "

static EwsReservation *
reservation_from_row (const PGresult *result,
                      int             row)
{
  EwsReservation *reservation = g_new0 (EwsReservation, 1);

  reservation->reservation_id = ews_pg_dup (result, row, 0);
  reservation->list_id = ews_pg_dup (result, row, 1);
  reservation->list_owner_id = ews_pg_dup (result, row, 2);
  reservation->list_title = ews_pg_dup (result, row, 3);
  reservation->product_id = ews_pg_dup (result, row, 4);
  reservation->product_type = ews_pg_dup (result, row, 5);
  reservation->user_id = ews_pg_dup (result, row, 6);
  reservation->name = ews_pg_dup (result, row, 7);
  reservation->email = ews_pg_dup (result, row, 8);
  reservation->state = ews_pg_dup (result, row, 9);
  reservation->quantity = ews_pg_int64 (result, row, 10);
  reservation->reserved_at = ews_pg_int64 (result, row, 11);
  reservation->confirmed = ews_pg_bool (result, row, 12);
  reservation->confirm_key = ews_pg_dup (result, row, 13);
  reservation->thanked = ews_pg_bool (result, row, 14);

  return reservation;
}

static GPtrArray *
reservations_from_result (const PGresult *result)
{
  GPtrArray *reservations = g_ptr_array_new_with_free_func ((GDestroyNotify)ews_reservation_free);

  for (int row = 0; row < PQntuples (result); row++)
    g_ptr_array_add (reservations, reservation_from_row (result, row));

  return reservations;
}

/* @gift_id, unless NULL, gets the gift the reservation counts against (0
 * when the gift was deleted); it is given when the caller is about to
 * change the reservation, whose row is then locked. */
static EwsReservation *
get_reservation (EwsStorage *storage,
                 const char *reservation_id,
                 gint64     *gift_id,
                 GError    **error)
{
  g_autoptr(PGresult) result = NULL;
  const char *params[] = { reservation_id };

  result = ews_pg_run (storage,
                       gift_id != NULL ? "SELECT " RESERVATION_COLUMNS ", coalesce (r.gift_id, 0)" RESERVATION_FROM
                                         "WHERE r.reservation_id = $1 FOR UPDATE OF r"
                                       : "SELECT " RESERVATION_COLUMNS RESERVATION_FROM "WHERE r.reservation_id = $1",
                       1, params, error);
  if (result == NULL)
    return NULL;

  if (PQntuples (result) == 0)
    {
      g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND, EWS_STORAGE_NO_SUCH_RESERVATION);
      return NULL;
    }

  if (gift_id != NULL)
    *gift_id = ews_pg_int64 (result, 0, 15);

  return reservation_from_row (result, 0);
}

static EwsReservation *
pg_reservation_get (EwsStorage *storage,
                    const char *reservation_id,
                    GError    **error)
{
  return get_reservation (storage, reservation_id, NULL, error);
}

static GPtrArray *
pg_reservations_for_list (EwsStorage *storage,
                          const char *list_id,
                          GError    **error)
{
  g_autoptr(PGresult) result = NULL;
  const char *params[] = { list_id };

  result = ews_pg_run (storage, "SELECT " RESERVATION_COLUMNS RESERVATION_FROM "WHERE r.list_id = $1 AND r.state != 'cancelled' "
                                "ORDER BY r.reserved_at, r.seq",
                       1, params, error);

  return result != NULL ? reservations_from_result (result) : NULL;
}

static GPtrArray *
pg_reservations_for_user (EwsStorage *storage,
                          const char *user_id,
                          const char *email,
                          GError    **error)
{
  g_autoptr(PGresult) result = NULL;
  const char *params[] = { user_id, email != NULL ? email : "" };

  /* Guests who reserved before signing up are known only by e-mail, and
   * are theirs only once confirmed from the mail: anyone can type an
   * address. */
  result = ews_pg_run (storage, "SELECT " RESERVATION_COLUMNS RESERVATION_FROM "WHERE (r.user_id = $1 OR (r.email = $2 AND r.confirmed)) "
                                "AND r.state != 'cancelled' "
                                "ORDER BY r.reserved_at, r.seq",
                       2, params, error);

  return result != NULL ? reservations_from_result (result) : NULL;
}

#define GIFT_COUNTS_SQL                                                                                         \
  "SELECT g.gift_id, g.quantity, g.reserved, g.purchased, " EWS_STORAGE_LIST_STATE_SQL ", g.type, g.unlimited " \
  "FROM gifts g JOIN lists l USING (list_id) "

/* The list's row is only shared: closing the list waits for reservations
 * under way, and they do not wait for one another. */
#define GIFT_COUNTS_LOCK " FOR UPDATE OF g FOR SHARE OF l"

static gboolean
lock_gift_counts (EwsStorage         *storage,
                  const char         *sql,
                  int                 n_params,
                  const char * const *params,
                  EwsGiftCounts      *counts,
                  char              **type,
                  GError            **error)
{
  g_autoptr(PGresult) result = ews_pg_run (storage, sql, n_params, params, error);

  if (result == NULL)
    return FALSE;

  memset (counts, 0, sizeof *counts);
  if (PQntuples (result) == 0)
    return TRUE;

  counts->gift_id = ews_pg_int64 (result, 0, 0);
  counts->quantity = ews_pg_int64 (result, 0, 1);
  counts->reserved = ews_pg_int64 (result, 0, 2);
  counts->purchased = ews_pg_int64 (result, 0, 3);
  counts->list_closed = g_strcmp0 (PQgetvalue (result, 0, 4), "closed") == 0;
  counts->unlimited = ews_pg_bool (result, 0, 6);
  if (type != NULL)
    *type = ews_pg_dup (result, 0, 5);

  return TRUE;
}

static gboolean
lock_gift_counts_by_id (EwsStorage    *storage,
                        gint64         gift_id,
                        EwsGiftCounts *counts,
                        GError       **error)
{
  char        gift_id_text[32];
  const char *params[] = { gift_id_text };

  if (gift_id == 0)
    {
      memset (counts, 0, sizeof *counts);
      return TRUE;
    }

  g_snprintf (gift_id_text, sizeof gift_id_text, "%" G_GINT64_FORMAT, gift_id);
  return lock_gift_counts (storage, GIFT_COUNTS_SQL "WHERE g.gift_id = $1" GIFT_COUNTS_LOCK,
                           1, params, counts, NULL, error);
}

static gboolean
add_to_gift (EwsStorage *storage,
             gint64      gift_id,
             gint64      reserved_delta,
             gint64      purchased_delta,
             GError    **error)
{
  g_autoptr(PGresult) result = NULL;
  char        reserved_text[32];
  char        purchased_text[32];
  char        gift_id_text[32];
  const char *params[] = { reserved_text, purchased_text, gift_id_text };

  if (gift_id == 0)
    return TRUE;

  g_snprintf (reserved_text, sizeof reserved_text, "%" G_GINT64_FORMAT, reserved_delta);
  g_snprintf (purchased_text, sizeof purchased_text, "%" G_GINT64_FORMAT, purchased_delta);
  g_snprintf (gift_id_text, sizeof gift_id_text, "%" G_GINT64_FORMAT, gift_id);
  result = ews_pg_run (storage, "UPDATE gifts SET reserved = reserved + $1, purchased = purchased + $2 "
                                "WHERE gift_id = $3",
                       G_N_ELEMENTS (params), params, error);

  return result != NULL;
}

/* Unconfirmed units may be on different gifts of a list, whose row locks
 * do not serialize two reservations from one address; so the address on
 * the list has a lock of its own, held to the end of the transaction,
 * before the gift's. */
static gboolean
lock_address (EwsStorage *storage,
              const char *list_id,
              const char *email,
              GError    **error)
{
  g_autoptr(PGresult) result = NULL;
  const char *params[] = { list_id, email };

  result = ews_pg_run (storage, "SELECT pg_advisory_xact_lock (hashtextextended ($1 || chr (10) || $2, 0))",
                       2, params, error);
  return result != NULL;
}

/* Refuses @more unconfirmed units for @email on the list when the address
 * would then hold more than EWS_MAX_UNCONFIRMED_PER_ADDRESS there. Bought
 * ones count too, or marking them bought would make room for more. The
 * caller holds lock_address(). */
static gboolean
check_unconfirmed_limit (EwsStorage *storage,
                         const char *list_id,
                         const char *email,
                         gint64      more,
                         GError    **error)
{
  g_autoptr(PGresult) result = NULL;
  const char *params[] = { list_id, email };
  gint64      held;

  result = ews_pg_run (storage, "SELECT coalesce (sum (quantity), 0) FROM reservations "
                                "WHERE list_id = $1 AND email = $2 AND NOT confirmed AND state != 'cancelled'",
                       2, params, error);
  if (result == NULL)
    return FALSE;
  held = ews_pg_int64 (result, 0, 0);

  return ews_storage_rules_check_unconfirmed (held, more, error);
}

static EwsReservation *
reserve (EwsStorage *storage,
         const char *list_id,
         const char *product_id,
         const char *user_id,
         const char *name,
         const char *email,
         gint64      quantity,
         gboolean    confirmed,
         GError    **error)
{
  g_autoptr(PGresult) result = NULL;
  g_autoptr(EwsList) list = NULL;
  g_autofree char *type = NULL;
  g_autofree char *reservation_id = NULL;
  g_autofree char *confirm_key = NULL;
  EwsGiftCounts    counts;
  char             gift_id_text[32];
  char             quantity_text[32];
  char             reserved_at_text[32];
  const char      *gift_params[] = { list_id, product_id };

  list = ews_storage_list_get (storage, list_id, error);
  if (list == NULL)
    return NULL;

  if (!ews_storage_rules_check_list_open (list->closed || list->archived_at != 0, error))
    return NULL;

  /* The address's lock comes before the gift's, as everywhere here. */
  if (!confirmed && !lock_address (storage, list_id, email, error))
    return NULL;

  if (!lock_gift_counts (storage, GIFT_COUNTS_SQL "WHERE g.list_id = $1 AND g.product_id = $2" GIFT_COUNTS_LOCK,
                         2, gift_params, &counts, &type, error))
    return NULL;

  if (!ews_storage_rules_check_on_list (&counts, error))
    return NULL;

  /* Read again under the lock: it may have closed while we waited. */
  if (!ews_storage_rules_check_list_open (counts.list_closed, error))
    return NULL;

  g_snprintf (gift_id_text, sizeof gift_id_text, "%" G_GINT64_FORMAT, counts.gift_id);
  {
    const char *params[] = { gift_id_text, user_id };

    result = ews_pg_run (storage, "SELECT 1 FROM reservations WHERE gift_id = $1 AND user_id = $2 "
                                  "AND state = 'reserved'",
                         2, params, error);
    if (result == NULL)
      return NULL;
  }

  if (!ews_storage_rules_check_not_held (PQntuples (result) > 0, error))
    return NULL;
  g_clear_pointer (&result, PQclear);

  if (!confirmed && !check_unconfirmed_limit (storage, list_id, email, quantity, error))
    return NULL;

  if (!ews_storage_rules_check_wanted (&counts, quantity, error))
    return NULL;

  if (!confirmed && (confirm_key = ews_storage_rules_new_confirm_key (error)) == NULL)
    return NULL;

  if (!add_to_gift (storage, counts.gift_id, quantity, 0, error))
    return NULL;

  /* 122 random bits: the id in a guest's link is the key to the reservation. */
  reservation_id = g_uuid_string_random ();
  g_snprintf (quantity_text, sizeof quantity_text, "%" G_GINT64_FORMAT, quantity);
  g_snprintf (reserved_at_text, sizeof reserved_at_text, "%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);
  {
    const char *params[] = {
      reservation_id,
      list_id,
      gift_id_text,
      product_id,
      type,
      user_id,
      name,
      email,
      quantity_text,
      reserved_at_text,
      confirmed ? "true" : "false",
      confirm_key,
    };

    result = ews_pg_run (storage, "INSERT INTO reservations (reservation_id, list_id, gift_id, product_id, "
                                  "product_type, user_id, name, email, quantity, state, reserved_at, "
                                  "confirmed, confirm_key) "
                                  "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'reserved', $10, $11, $12)",
                         G_N_ELEMENTS (params), params, error);
    if (result == NULL)
      return NULL;
  }

  return pg_reservation_get (storage, reservation_id, error);
}

static EwsReservation *
pg_reserve (EwsStorage *storage,
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

  if (!ews_pg_begin (storage, error))
    return NULL;

  reservation = reserve (storage, list_id, product_id, user_id, name, email, quantity, confirmed, error);
  if (!ews_pg_end (storage, reservation != NULL, error))
    return NULL;

  return g_steal_pointer (&reservation);
}

/* Locks a reservation, and checks it is still only reserved: bought and
 * cancelled reservations are final. The gift's lock is the caller's to
 * take, after the address's if it needs that. */
static EwsReservation *
lock_active_reservation (EwsStorage *storage,
                         const char *reservation_id,
                         gint64     *gift_id,
                         GError    **error)
{
  g_autoptr(EwsReservation) reservation = NULL;

  reservation = get_reservation (storage, reservation_id, gift_id, error);
  if (reservation == NULL)
    return NULL;

  if (!ews_storage_rules_check_active (reservation, error))
    return NULL;

  return g_steal_pointer (&reservation);
}

static gboolean
update_reservation (EwsStorage *storage,
                    const char *sql,
                    const char *reservation_id,
                    const char *value,
                    GError    **error)
{
  g_autoptr(PGresult) result = NULL;
  const char *params[] = { value, reservation_id };

  result = ews_pg_run (storage, sql, 2, params, error);
  return result != NULL;
}

static gboolean
set_quantity (EwsStorage *storage,
              const char *reservation_id,
              gint64      quantity,
              GError    **error)
{
  g_autoptr(EwsReservation) reservation = NULL;
  EwsGiftCounts counts;
  gint64        gift_id = 0;
  gint64        delta;
  char          quantity_text[32];

  reservation = lock_active_reservation (storage, reservation_id, &gift_id, error);
  if (reservation == NULL)
    return FALSE;

  delta = quantity - reservation->quantity;

  if (delta > 0 && !reservation->confirmed &&
      !lock_address (storage, reservation->list_id, reservation->email, error))
    return FALSE;

  if (!lock_gift_counts_by_id (storage, gift_id, &counts, error))
    return FALSE;

  if (delta > 0 && (!ews_storage_rules_check_gift_kept (&counts, error) ||
                    !ews_storage_rules_check_list_open (counts.list_closed, error)))
    return FALSE;

  if (delta > 0 && !reservation->confirmed &&
      !check_unconfirmed_limit (storage, reservation->list_id, reservation->email, delta, error))
    return FALSE;

  if (delta > 0 && !ews_storage_rules_check_wanted (&counts, delta, error))
    return FALSE;

  g_snprintf (quantity_text, sizeof quantity_text, "%" G_GINT64_FORMAT, quantity);
  return add_to_gift (storage, counts.gift_id, delta, 0, error) &&
         update_reservation (storage, "UPDATE reservations SET quantity = $1 WHERE reservation_id = $2",
                             reservation_id, quantity_text, error);
}

static gboolean
pg_reservation_set_quantity (EwsStorage *storage,
                             const char *reservation_id,
                             gint64      quantity,
                             GError    **error)
{
  if (!ews_pg_begin (storage, error))
    return FALSE;

  return ews_pg_end (storage, set_quantity (storage, reservation_id, quantity, error), error);
}

/* Ends a reserved reservation, bought or cancelled: either way its units
 * leave the gift's reserved count, and bought ones join the purchased. */
static gboolean
settle_reservation (EwsStorage *storage,
                    const char *reservation_id,
                    gboolean    purchased,
                    GError    **error)
{
  g_autoptr(EwsReservation) reservation = NULL;
  EwsGiftCounts counts;
  gint64        gift_id = 0;

  reservation = lock_active_reservation (storage, reservation_id, &gift_id, error);
  if (reservation == NULL || !lock_gift_counts_by_id (storage, gift_id, &counts, error))
    return FALSE;

  return add_to_gift (storage, counts.gift_id, -reservation->quantity, purchased ? reservation->quantity : 0, error) &&
         update_reservation (storage, "UPDATE reservations SET state = $1 WHERE reservation_id = $2",
                             reservation_id, purchased ? "purchased" : "cancelled", error);
}

static gboolean
pg_reservation_purchase (EwsStorage *storage,
                         const char *reservation_id,
                         GError    **error)
{
  if (!ews_pg_begin (storage, error))
    return FALSE;

  return ews_pg_end (storage, settle_reservation (storage, reservation_id, TRUE, error), error);
}

static gboolean
pg_reservation_cancel (EwsStorage *storage,
                       const char *reservation_id,
                       GError    **error)
{
  if (!ews_pg_begin (storage, error))
    return FALSE;

  return ews_pg_end (storage, settle_reservation (storage, reservation_id, FALSE, error), error);
}

static gboolean
delete_reservation (EwsStorage *storage,
                    const char *reservation_id,
                    GError    **error)
{
  g_autoptr(EwsReservation) reservation = NULL;
  g_autoptr(PGresult) result = NULL;
  const char   *params[] = { reservation_id };
  EwsGiftCounts counts;
  gint64        gift_id = 0;
  gboolean      ok;

  reservation = get_reservation (storage, reservation_id, &gift_id, error);
  if (reservation == NULL || !lock_gift_counts_by_id (storage, gift_id, &counts, error))
    return FALSE;

  /* Keep the gift's counts the sums of its reservations. */
  if (g_strcmp0 (reservation->state, "reserved") == 0)
    ok = add_to_gift (storage, counts.gift_id, -reservation->quantity, 0, error);
  else if (g_strcmp0 (reservation->state, "purchased") == 0)
    ok = add_to_gift (storage, counts.gift_id, 0, -reservation->quantity, error);
  else
    ok = TRUE;
  if (!ok)
    return FALSE;

  result = ews_pg_run (storage, "DELETE FROM reservations WHERE reservation_id = $1", 1, params, error);
  return result != NULL;
}

static gboolean
pg_reservation_delete (EwsStorage *storage,
                       const char *reservation_id,
                       GError    **error)
{
  if (!ews_pg_begin (storage, error))
    return FALSE;

  return ews_pg_end (storage, delete_reservation (storage, reservation_id, error), error);
}

static gboolean
confirm_reservation (EwsStorage *storage,
                     const char *reservation_id,
                     const char *key,
                     GError    **error)
{
  g_autoptr(EwsReservation) reservation = NULL;
  gint64 gift_id = 0;

  reservation = get_reservation (storage, reservation_id, &gift_id, error);
  if (reservation == NULL)
    return FALSE;

  /* Opening the link twice is fine. */
  if (reservation->confirmed)
    return TRUE;

  if (!ews_storage_rules_check_confirm_key (reservation, key, error))
    return FALSE;

  return update_reservation (storage, "UPDATE reservations SET confirmed = $1, confirm_key = NULL "
                                      "WHERE reservation_id = $2",
                             reservation_id, "true", error);
}

static gboolean
pg_reservation_confirm (EwsStorage *storage,
                        const char *reservation_id,
                        const char *key,
                        GError    **error)
{
  if (!ews_pg_begin (storage, error))
    return FALSE;

  return ews_pg_end (storage, confirm_reservation (storage, reservation_id, key, error), error);
}

void
ews_storage_pg_reservations_init_iface (EwsStorageInterface *iface)
{
  iface->reserve = pg_reserve;
  iface->reservation_get = pg_reservation_get;
  iface->reservations_for_list = pg_reservations_for_list;
  iface->reservations_for_user = pg_reservations_for_user;
  iface->reservation_set_quantity = pg_reservation_set_quantity;
  iface->reservation_purchase = pg_reservation_purchase;
  iface->reservation_cancel = pg_reservation_cancel;
  iface->reservation_delete = pg_reservation_delete;
  iface->reservation_confirm = pg_reservation_confirm;
}
