/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-storage-pg"

#include "config.h"

#include "ews-storage-pg-private.h"
#include "ews-storage-rules.h"

/* Lists and the gifts on them, as ews-storage-sqlite-lists.c does them:
 * same messages, same checks. A gift's quantity is checked against its
 * counts holding the gift's row lock, so that a reservation cannot slip in
 * between. */

/* --- lists --------------------------------------------------------------- */

/* A list of EWS_PG_LIST_COLUMNS, as every query of lists reads it. */
EwsList *
ews_storage_pg_list_from_row (const PGresult *result,
                              int             row)
{
  EwsList *list = g_new0 (EwsList, 1);

  list->list_id = ews_pg_dup (result, row, 0);
  list->owner_id = ews_pg_dup (result, row, 1);
  list->title = ews_pg_dup (result, row, 2);
  list->description = ews_pg_dup (result, row, 3);
  list->occasion = ews_pg_dup (result, row, 4);
  list->image_url = ews_pg_dup (result, row, 5);
  list->event_date = ews_pg_dup (result, row, 6);
  list->closed = g_strcmp0 (PQgetvalue (result, row, 7), "closed") == 0;
  list->created_at = ews_pg_int64 (result, row, 8);
  list->reveal_date = ews_pg_dup (result, row, 9);
  list->archived_at = ews_pg_int64 (result, row, 10);
  list->archive_note = ews_pg_dup (result, row, 11);
  list->currency = ews_pg_dup (result, row, 12);

  return list;
}

static gboolean
pg_list_insert (EwsStorage    *storage,
                const EwsList *list,
                GError       **error)
{
  g_autoptr(PGresult) result = NULL;
  char        created_at[32];
  char        archived_at[32];
  const char *params[] = {
    list->list_id,
    list->owner_id,
    list->title,
    list->description ? list->description : "",
    list->occasion ? list->occasion : "",
    list->image_url ? list->image_url : "",
    list->event_date,
    list->closed ? "closed" : "open",
    created_at,
    list->reveal_date,
    list->archived_at != 0 ? archived_at : NULL,
    list->archive_note,
    list->currency ? list->currency : "GBP",
  };

  g_snprintf (created_at, sizeof created_at, "%" G_GINT64_FORMAT, list->created_at);
  g_snprintf (archived_at, sizeof archived_at, "%" G_GINT64_FORMAT, list->archived_at);
  result = ews_pg_run (storage,
                       "INSERT INTO lists (" EWS_PG_LIST_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                       G_N_ELEMENTS (params), params, error);

  return result != NULL;
}

static EwsList *
pg_list_get (EwsStorage *storage,
             const char *list_id,
             GError    **error)
{
  g_autoptr(PGresult) result = NULL;
  const char *params[] = { list_id };

  result = ews_pg_run_prepared (storage, EWS_PG_PREPARED_LIST_GET, params, error);
  if (result == NULL)
    return NULL;

  if (PQntuples (result) == 0)
    {
      g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND, EWS_STORAGE_NO_SUCH_LIST);
      return NULL;
    }

  return ews_storage_pg_list_from_row (result, 0);
}

static gboolean
pg_list_version (EwsStorage *storage,
                 const char *list_id,
                 gint64     *version,
                 GError    **error)
{
  EwsPgVersions *versions = ews_pg_get_versions (EWS_STORAGE_PG (storage));
  g_autoptr(PGresult) result = NULL;
  const char *params[] = { list_id };
  guint64     epoch = 0;
  gint64      read_at;

  /* Kept while every change is heard (ews-storage-pg-versions.c): a kept
   * answer then costs no round trip. */
  if (ews_pg_versions_lookup (versions, list_id, version, &epoch))
    return TRUE;

  read_at = g_get_monotonic_time ();
  result = ews_pg_run_prepared (storage, EWS_PG_PREPARED_LIST_VERSION, params, error);
  if (result == NULL)
    return FALSE;

  if (PQntuples (result) == 0)
    {
      g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND, EWS_STORAGE_NO_SUCH_LIST);
      return FALSE;
    }

  *version = ews_pg_int64 (result, 0, 0);
  ews_pg_versions_keep (versions, epoch, list_id, *version, read_at);
  return TRUE;
}

static GPtrArray *
pg_lists_for_owner (EwsStorage *storage,
                    const char *owner_id,
                    GError    **error)
{
  g_autoptr(PGresult) result = NULL;
  const char *params[] = { owner_id };
  GPtrArray  *lists;

  result = ews_pg_run (storage, "SELECT " EWS_PG_LIST_COLUMNS " FROM lists WHERE owner_id = $1 ORDER BY created_at, list_id",
                       1, params, error);
  if (result == NULL)
    return NULL;

  lists = g_ptr_array_new_with_free_func ((GDestroyNotify)ews_list_free);
  for (int row = 0; row < PQntuples (result); row++)
    g_ptr_array_add (lists, ews_storage_pg_list_from_row (result, row));

  return lists;
}

static gboolean
pg_list_update (EwsStorage    *storage,
                const EwsList *list,
                GError       **error)
{
  g_autoptr(PGresult) result = NULL;
  const char *params[] = {
    list->title,
    list->description ? list->description : "",
    list->occasion ? list->occasion : "",
    list->image_url ? list->image_url : "",
    list->event_date,
    list->list_id,
    list->reveal_date,
    list->currency,
  };

  result = ews_pg_run (storage, "UPDATE lists SET title = $1, description = $2, occasion = $3, "
                                "image_url = $4, event_date = $5, reveal_date = $7, "
                                "currency = COALESCE ($8, currency) WHERE list_id = $6",
                       G_N_ELEMENTS (params), params, error);

  return result != NULL && ews_pg_must_change (result, EWS_STORAGE_ERROR_NOT_FOUND, EWS_STORAGE_NO_SUCH_LIST, error);
}

static gboolean
pg_list_close (EwsStorage *storage,
               const char *list_id,
               GError    **error)
{
  g_autoptr(PGresult) result = NULL;
  const char *params[] = { list_id };

  result = ews_pg_run (storage, "UPDATE lists SET state = 'closed' WHERE list_id = $1", 1, params, error);

  return result != NULL && ews_pg_must_change (result, EWS_STORAGE_ERROR_NOT_FOUND, EWS_STORAGE_NO_SUCH_LIST, error);
}

/* The row lock keeps an archive (an UPDATE of the row) waiting until the
 * edit checked here commits, and this waits for one under way. */
static gboolean
pg_list_lock_editable (EwsStorage *storage,
                       const char *list_id,
                       GError    **error)
{
  g_autoptr(PGresult) result = NULL;
  const char *params[] = { list_id };

  result = ews_pg_run (storage, "SELECT archived_at IS NOT NULL FROM lists WHERE list_id = $1 FOR UPDATE",
                       1, params, error);
  if (result == NULL)
    return FALSE;

  if (PQntuples (result) == 0)
    {
      g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND, EWS_STORAGE_NO_SUCH_LIST);
      return FALSE;
    }

  if (g_str_equal (PQgetvalue (result, 0, 0), "t"))
    {
      g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT, EWS_STORAGE_LIST_ARCHIVED);
      return FALSE;
    }

  return TRUE;
}

static gboolean
pg_list_set_archived (EwsStorage *storage,
                      const char *list_id,
                      gint64      archived_at,
                      const char *note,
                      GError    **error)
{
  g_autoptr(PGresult) result = NULL;
  char        when[32];
  const char *params[] = {
    archived_at != 0 ? when : NULL,
    archived_at != 0 && note != NULL && note[0] != '\0' ? note : NULL,
    list_id,
  };

  g_snprintf (when, sizeof when, "%" G_GINT64_FORMAT, archived_at);
  result = ews_pg_run (storage, "UPDATE lists SET archived_at = $1, archive_note = $2 WHERE list_id = $3",
                       G_N_ELEMENTS (params), params, error);

  return result != NULL && ews_pg_must_change (result, EWS_STORAGE_ERROR_NOT_FOUND, EWS_STORAGE_NO_SUCH_LIST, error);
}

/* One statement counts and deletes, so the count is of what was deleted. */
static gboolean
pg_list_delete (EwsStorage *storage,
                const char *list_id,
                guint      *n_deleted,
                GError    **error)
{
  g_autoptr(PGresult) result = NULL;
  const char *params[] = { list_id };

  result = ews_pg_run (storage, "WITH counted AS ("
                                "  SELECT (SELECT count(*) FROM gifts WHERE list_id = $1) AS n_gifts,"
                                "         (SELECT count(*) FROM reservations WHERE list_id = $1) AS n_reservations"
                                "), deleted AS (DELETE FROM lists WHERE list_id = $1 RETURNING 1) "
                                "SELECT n_gifts + n_reservations FROM counted, deleted",
                       1, params, error);
  if (result == NULL)
    return FALSE;

  if (PQntuples (result) == 0)
    {
      g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND, EWS_STORAGE_NO_SUCH_LIST);
      return FALSE;
    }

  if (n_deleted != NULL)
    *n_deleted = (guint)(1 + ews_pg_int64 (result, 0, 0));

  return TRUE;
}

/* --- gifts --------------------------------------------------------------- */

static EwsGift *
gift_from_row (const PGresult *result,
               int             row)
{
  EwsGift *gift = g_new0 (EwsGift, 1);

  gift->list_id = ews_pg_dup (result, row, 0);
  gift->product_id = ews_pg_dup (result, row, 1);
  gift->type = ews_pg_dup (result, row, 2);
  gift->notes = ews_pg_dup (result, row, 3);
  gift->quantity = ews_pg_int64 (result, row, 4);
  gift->reserved = ews_pg_int64 (result, row, 5);
  gift->purchased = ews_pg_int64 (result, row, 6);
  gift->received = ews_pg_bool (result, row, 7);
  gift->unlimited = ews_pg_bool (result, row, 8);
  gift->most_wanted = ews_pg_bool (result, row, 9);

  return gift;
}

static GPtrArray *
pg_gifts_for_list (EwsStorage *storage,
                   const char *list_id,
                   GError    **error)
{
  g_autoptr(PGresult) result = NULL;
  const char *params[] = { list_id };
  GPtrArray  *gifts;

  result = ews_pg_run_prepared (storage, EWS_PG_PREPARED_GIFTS_FOR_LIST, params, error);
  if (result == NULL)
    return NULL;

  gifts = g_ptr_array_new_with_free_func ((GDestroyNotify)ews_gift_free);
  for (int row = 0; row < PQntuples (result); row++)
    g_ptr_array_add (gifts, gift_from_row (result, row));

  return gifts;
}

/* @for_update: hold the gift's row lock until the transaction ends. */
static EwsGift *
get_gift (EwsStorage *storage,
          const char *list_id,
          const char *product_id,
          gboolean    for_update,
          GError    **error)
{
  g_autoptr(PGresult) result = NULL;
  const char *params[] = { list_id, product_id };

  result = ews_pg_run (storage,
                       for_update ? "SELECT " EWS_PG_GIFT_COLUMNS " FROM gifts WHERE list_id = $1 AND product_id = $2 FOR UPDATE"
                                  : "SELECT " EWS_PG_GIFT_COLUMNS " FROM gifts WHERE list_id = $1 AND product_id = $2",
                       2, params, error);
  if (result == NULL)
    return NULL;

  if (PQntuples (result) == 0)
    {
      g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND, EWS_STORAGE_NO_SUCH_GIFT);
      return NULL;
    }

  return gift_from_row (result, 0);
}

static EwsGift *
pg_gift_get (EwsStorage *storage,
             const char *list_id,
             const char *product_id,
             GError    **error)
{
  return get_gift (storage, list_id, product_id, FALSE, error);
}

static gboolean
pg_gift_insert (EwsStorage    *storage,
                const EwsGift *gift,
                GError       **error)
{
  g_autoptr(PGresult) result = NULL;
  char        quantity[32];
  const char *params[] = { gift->list_id, gift->product_id, gift->type, gift->notes, quantity,
                           gift->unlimited ? "true" : "false", gift->most_wanted ? "true" : "false" };

  g_snprintf (quantity, sizeof quantity, "%" G_GINT64_FORMAT, gift->quantity);
  result = ews_pg_run (storage, "INSERT INTO gifts (list_id, product_id, type, notes, quantity, unlimited, most_wanted) "
                                "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (list_id, product_id) DO NOTHING",
                       G_N_ELEMENTS (params), params, error);

  return result != NULL && ews_pg_must_change (result, EWS_STORAGE_ERROR_CONFLICT, EWS_STORAGE_GIFT_ALREADY_ON_LIST, error);
}

static gboolean
update_gift (EwsStorage *storage,
             const char *list_id,
             const char *product_id,
             gint64      quantity,
             const char *notes,
             GError    **error)
{
  g_autoptr(PGresult) result = NULL;
  g_autoptr(EwsGift) gift = NULL;
  char        quantity_text[32];
  const char *params[] = { quantity_text, notes, list_id, product_id };

  gift = get_gift (storage, list_id, product_id, TRUE, error);
  if (gift == NULL)
    return FALSE;

  if (!ews_storage_rules_check_gift_quantity (gift, quantity, error))
    return FALSE;

  g_snprintf (quantity_text, sizeof quantity_text, "%" G_GINT64_FORMAT, quantity);
  result = ews_pg_run (storage, "UPDATE gifts SET quantity = $1, "
                                "notes = CASE WHEN $2::text IS NULL THEN notes WHEN $2 = '' THEN NULL ELSE $2 END "
                                "WHERE list_id = $3 AND product_id = $4",
                       G_N_ELEMENTS (params), params, error);

  return result != NULL;
}

static gboolean
pg_gift_update (EwsStorage *storage,
                const char *list_id,
                const char *product_id,
                gint64      quantity,
                const char *notes,
                GError    **error)
{
  if (!ews_pg_begin (storage, error))
    return FALSE;

  return ews_pg_end (storage, update_gift (storage, list_id, product_id, quantity, notes, error), error);
}

static gboolean
set_unlimited (EwsStorage *storage,
               const char *list_id,
               const char *product_id,
               gboolean    unlimited,
               GError    **error)
{
  g_autoptr(PGresult) result = NULL;
  g_autoptr(EwsGift) gift = NULL;
  const char *params[] = { unlimited ? "true" : "false", list_id, product_id };

  /* Under the gift's row lock, as quantities are checked. */
  gift = get_gift (storage, list_id, product_id, TRUE, error);
  if (gift == NULL)
    return FALSE;

  if (!unlimited && !ews_storage_rules_check_gift_limited (gift, error))
    return FALSE;

  result = ews_pg_run (storage, "UPDATE gifts SET unlimited = $1 WHERE list_id = $2 AND product_id = $3",
                       G_N_ELEMENTS (params), params, error);

  return result != NULL;
}

static gboolean
pg_gift_set_unlimited (EwsStorage *storage,
                       const char *list_id,
                       const char *product_id,
                       gboolean    unlimited,
                       GError    **error)
{
  if (!ews_pg_begin (storage, error))
    return FALSE;

  return ews_pg_end (storage, set_unlimited (storage, list_id, product_id, unlimited, error), error);
}

static gboolean
pg_gift_set_most_wanted (EwsStorage *storage,
                         const char *list_id,
                         const char *product_id,
                         gboolean    most_wanted,
                         GError    **error)
{
  g_autoptr(PGresult) result = NULL;
  const char *params[] = { most_wanted ? "true" : "false", list_id, product_id };

  result = ews_pg_run (storage, "UPDATE gifts SET most_wanted = $1 WHERE list_id = $2 AND product_id = $3",
                       G_N_ELEMENTS (params), params, error);

  return result != NULL && ews_pg_must_change (result, EWS_STORAGE_ERROR_NOT_FOUND, EWS_STORAGE_NO_SUCH_GIFT, error);
}

/* A gift that guests hold reservations on is not deleted (see
 * ews-storage-sqlite-lists.c); the bought reservations stay, detached. */
static gboolean
delete_gift (EwsStorage *storage,
             const char *list_id,
             const char *product_id,
             GError    **error)
{
  g_autoptr(PGresult) result = NULL;
  g_autoptr(EwsGift) gift = NULL;
  const char *params[] = { list_id, product_id };

  gift = get_gift (storage, list_id, product_id, TRUE, error);
  if (gift == NULL)
    return FALSE;

  if (!ews_storage_rules_check_gift_removable (gift, error))
    return FALSE;

  result = ews_pg_run (storage, "DELETE FROM gifts WHERE list_id = $1 AND product_id = $2", 2, params, error);

  return result != NULL;
}

static gboolean
pg_gift_delete (EwsStorage *storage,
                const char *list_id,
                const char *product_id,
                GError    **error)
{
  if (!ews_pg_begin (storage, error))
    return FALSE;

  return ews_pg_end (storage, delete_gift (storage, list_id, product_id, error), error);
}

void
ews_storage_pg_lists_init_iface (EwsStorageInterface *iface)
{
  iface->list_insert = pg_list_insert;
  iface->list_get = pg_list_get;
  iface->list_version = pg_list_version;
  iface->lists_for_owner = pg_lists_for_owner;
  iface->list_update = pg_list_update;
  iface->list_close = pg_list_close;
  iface->list_set_archived = pg_list_set_archived;
  iface->list_lock_editable = pg_list_lock_editable;
  iface->list_delete = pg_list_delete;

  iface->gifts_for_list = pg_gifts_for_list;
  iface->gift_get = pg_gift_get;
  iface->gift_insert = pg_gift_insert;
  iface->gift_update = pg_gift_update;
  iface->gift_set_unlimited = pg_gift_set_unlimited;
  iface->gift_set_most_wanted = pg_gift_set_most_wanted;
  iface->gift_delete = pg_gift_delete;
}
