/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-store-db"

#include "config.h"

#include "ewe-codec.h"
#include "ewe-store-db-private.h"

/* What the sync engine asks of the store: merging what it pulled (lists,
 * gifts, reservations) and importing drafts; finishing outbox entries is
 * in ewe-store-db-outbox.c. Worker thread only. */

/* --- merging what the server says -------------------------------------- */

/* The list's fields as the server last had them; NULL if never known. */
static EweList *
read_synced_list (sqlite3    *db,
                  const char *list_id,
                  GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = ewe_sqlite_prepare (db, "SELECT synced FROM lists WHERE id = ?", error);
  const char *synced;
  int         rc;

  if (stmt == NULL)
    return NULL;

  ewe_sqlite_bind_text (stmt, 1, list_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc != SQLITE_DONE)
        ewe_sqlite_set_error (db, rc, error);
      return NULL;
    }

  synced = ewe_sqlite_column_text (stmt, 0);
  if (synced == NULL)
    return NULL;

  /* A damaged copy only means this one conflict goes unnoticed. */
  return ewe_codec_decode_list_request (synced, -1, NULL);
}

/* Called with the server's copy of a list we hold whose edits still wait
 * to be sent. Against the copy we last synced, it is a three-way merge:
 * fields only the server changed are taken (and the waiting update is
 * rewritten to carry them, or sending it would undo them); fields only we
 * changed are kept; fields both changed are a conflict the user hears of,
 * and ours is kept: it is sent next and, the later write, wins on the
 * server too. Without a known base, ours is kept whole, as before. */
static gboolean
merge_pending_list (sqlite3         *db,
                    EweList         *theirs,
                    EweList         *ours,
                    EweStoreChanges *changes,
                    GError         **error)
{
  const char *list_id = ewe_list_get_id (theirs);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(EweList) base = read_synced_list (db, list_id, &local_error);
  g_autoptr(EweList) merged = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *reveal_payload = NULL;
  g_auto(GStrv) fields = NULL;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (base == NULL)
    return TRUE;

  fields = ewe_list_conflicting_fields (base, ours, theirs);
  if (fields != NULL)
    g_ptr_array_add (changes->conflicts, ewe_store_conflict_new (list_id, theirs, fields));

  merged = ewe_list_merge_edits (base, ours, theirs);
  stmt = ewe_sqlite_prepare (db, "UPDATE lists SET title = ?, description = ?, occasion = ?, "
                                 "event_date = ?, image_url = ?, currency = COALESCE (?7, currency), "
                                 "reveal_date = ?8 WHERE id = ?6",
                             error);
  if (stmt == NULL)
    return FALSE;
  ewe_sqlite_bind_text (stmt, 1, ewe_list_get_title (merged));
  ewe_sqlite_bind_text (stmt, 2, ewe_list_get_description (merged));
  ewe_sqlite_bind_text (stmt, 3, ewe_list_get_occasion (merged));
  ewe_sqlite_bind_text (stmt, 4, ewe_list_get_event_date (merged));
  ewe_sqlite_bind_text (stmt, 5, ewe_list_get_image_url (merged));
  ewe_sqlite_bind_text (stmt, 6, list_id);
  ewe_sqlite_bind_text (stmt, 7, ewe_list_get_currency (merged));
  ewe_sqlite_bind_text (stmt, 8, ewe_list_get_reveal_date (merged));
  if (!ewe_sqlite_step_done (stmt, error))
    return FALSE;

  /* The reveal date goes in entries of its own, rewritten alike. */
  payload = ewe_codec_encode_list_request (merged);
  reveal_payload = ewe_codec_encode_reveal_request (ewe_list_get_reveal_date (merged));
  return ewe_store_db_run (db, "UPDATE outbox SET payload = ?2 WHERE list_id = ?1 AND kind = 'update-list'",
                           list_id, payload, error) &&
         ewe_store_db_run (db, "UPDATE outbox SET payload = ?2 WHERE list_id = ?1 AND kind = 'set-reveal-date'",
                           list_id, reveal_payload, error);
}

/* The server's copy becomes the base the next merge compares with. */
static gboolean
remember_server_copy (sqlite3 *db,
                      EweList *theirs,
                      GError **error)
{
  g_autofree char *synced = ewe_codec_encode_synced_list (theirs);

  return ewe_store_db_run (db, "UPDATE lists SET synced = ?2 WHERE id = ?1",
                           ewe_list_get_id (theirs), synced, error);
}

/* A gift of the server's copy whose edits here still wait to be sent:
 * the same three-way merge as a list's (see merge_pending_list), on its
 * quantity, notes, unlimited and most-wanted, against what the server last
 * had. Fills
 * in the values to keep; without a known base, ours are kept whole. A
 * store from before unlimited gifts has no base for that one: the server
 * then had none, so the base is "limited". */
static gboolean
merge_pending_gift (sqlite3         *db,
                    const char      *list_id,
                    EweGift         *theirs,
                    EweStoreChanges *changes,
                    gboolean        *keep_ours,
                    int             *quantity,
                    char           **notes,
                    gboolean        *unlimited,
                    gboolean        *most_wanted,
                    GError         **error)
{
  const char *product_id = ewe_gift_get_product_id (theirs);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) fields = NULL;
  g_autofree char *our_notes = NULL;
  g_autofree char *base_notes = NULL;
  const char      *their_notes = ewe_gift_get_notes (theirs);
  int              their_quantity = ewe_gift_get_quantity (theirs);
  int              our_quantity, base_quantity;
  int              merged_quantity;
  const char      *merged_notes;
  gboolean         their_unlimited = ewe_gift_get_unlimited (theirs);
  gboolean         our_unlimited, base_unlimited, merged_unlimited;
  gboolean         their_most_wanted = ewe_gift_get_most_wanted (theirs);
  gboolean         our_most_wanted, base_most_wanted, merged_most_wanted;
  int              rc;

  stmt = ewe_sqlite_prepare (db, "SELECT quantity, notes, synced_quantity, synced_notes, "
                                 "unlimited, COALESCE (synced_unlimited, 0), "
                                 "most_wanted, COALESCE (synced_most_wanted, 0) FROM gifts "
                                 "WHERE list_id = ? AND product_id = ?",
                             error);
  if (stmt == NULL)
    return FALSE;
  ewe_sqlite_bind_text (stmt, 1, list_id);
  ewe_sqlite_bind_text (stmt, 2, product_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return rc == SQLITE_DONE ? TRUE : ewe_sqlite_set_error (db, rc, error);
  if (sqlite3_column_type (stmt, 2) == SQLITE_NULL)
    return TRUE;

  our_quantity = sqlite3_column_int (stmt, 0);
  our_notes = g_strdup (ewe_sqlite_column_text (stmt, 1));
  base_quantity = sqlite3_column_int (stmt, 2);
  base_notes = g_strdup (ewe_sqlite_column_text (stmt, 3));
  our_unlimited = sqlite3_column_int (stmt, 4) != 0;
  base_unlimited = sqlite3_column_int (stmt, 5) != 0;
  our_most_wanted = sqlite3_column_int (stmt, 6) != 0;
  base_most_wanted = sqlite3_column_int (stmt, 7) != 0;

  builder = g_strv_builder_new ();
  if (our_quantity != base_quantity && their_quantity != base_quantity && our_quantity != their_quantity)
    g_strv_builder_add (builder, "quantity");
  if (!ewe_text_same (our_notes, base_notes) && !ewe_text_same (their_notes, base_notes) &&
      !ewe_text_same (our_notes, their_notes))
    g_strv_builder_add (builder, "notes");
  /* Two values only: both sides changing it means both chose the same. */
  fields = g_strv_builder_end (builder);

  merged_quantity = our_quantity != base_quantity ? our_quantity : their_quantity;
  merged_notes = !ewe_text_same (our_notes, base_notes) ? our_notes : their_notes;
  merged_unlimited = our_unlimited != base_unlimited ? our_unlimited : their_unlimited;
  merged_most_wanted = our_most_wanted != base_most_wanted ? our_most_wanted : their_most_wanted;
  *keep_ours = FALSE;
  *unlimited = merged_unlimited;
  *most_wanted = merged_most_wanted;
  *quantity = merged_quantity;
  g_free (*notes);
  *notes = g_strdup (merged_notes);

  if (fields[0] != NULL || merged_quantity != our_quantity || !ewe_text_same (merged_notes, our_notes) ||
      merged_unlimited != our_unlimited || merged_most_wanted != our_most_wanted)
    {
      g_autoptr(EweGift) ours = NULL;
      g_autofree char *payload = NULL;

      if (!(ours = ewe_store_db_read_gift (db, list_id, product_id, error)))
        return FALSE;
      ewe_gift_set_quantity (ours, merged_quantity);
      ewe_gift_set_notes (ours, merged_notes);
      ewe_gift_set_unlimited (ours, merged_unlimited);
      ewe_gift_set_most_wanted (ours, merged_most_wanted);

      if (fields[0] != NULL)
        g_ptr_array_add (changes->gift_conflicts, ewe_store_gift_conflict_new (ours, theirs, fields));

      /* The waiting update must carry what we took from theirs. */
      payload = ewe_codec_encode_update_gift_request (ours);
      g_clear_pointer (&stmt, ewe_sqlite_release);
      stmt = ewe_sqlite_prepare (db, "UPDATE outbox SET payload = ? WHERE list_id = ? AND product_id = ? "
                                     "AND kind = 'update-gift'",
                                 error);
      if (stmt == NULL)
        return FALSE;
      ewe_sqlite_bind_text (stmt, 1, payload);
      ewe_sqlite_bind_text (stmt, 2, list_id);
      ewe_sqlite_bind_text (stmt, 3, product_id);
      if (!ewe_sqlite_step_done (stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
merge_list_in_transaction (sqlite3         *db,
                           EweList         *list,
                           GPtrArray       *gifts,
                           EweStoreChanges *changes,
                           GError         **error)
{
  const char *list_id = ewe_list_get_id (list);
  g_autoptr(GHashTable) incoming = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) local_gifts = NULL;
  g_autoptr(GHashTable) existing_ids = NULL;
  g_autoptr(GHashTable) pending_ids = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(EweList) existing = NULL;
  g_autoptr(EweList) row = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *notes = NULL;
  gboolean         list_pending;
  gboolean         keep_ours;
  gboolean         unlimited;
  gboolean         most_wanted;
  int              quantity;

  if (!ewe_store_db_has_pending (db, list_id, NULL, &list_pending, error))
    return FALSE;

  existing = ewe_store_db_read_list (db, list_id, &local_error);
  if (existing == NULL)
    {
      if (!g_error_matches (local_error, EWE_STORE_ERROR, EWE_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      /* Deleted here and not yet on the server: the deletion wins. */
      if (list_pending)
        return TRUE;

      if (!ewe_store_db_insert_list (db, list, error))
        return FALSE;
    }
  else if (!list_pending)
    {
      /* Nothing of ours waits to be sent, so the server's copy is newer. */
      g_autoptr(sqlite3_stmt) stmt = ewe_sqlite_prepare (db, "UPDATE lists SET title = ?, description = ?, occasion = ?, "
                                                              "event_date = ?, image_url = ?, state = ?, owner = ?, "
                                                              "archived = ?8, archive_note = ?9, currency = COALESCE (?11, currency), "
                                                              "reveal_date = ?12 WHERE id = ?10",
                                                          error);

      if (stmt == NULL)
        return FALSE;

      ewe_sqlite_bind_text (stmt, 1, ewe_list_get_title (list));
      ewe_sqlite_bind_text (stmt, 2, ewe_list_get_description (list));
      ewe_sqlite_bind_text (stmt, 3, ewe_list_get_occasion (list));
      ewe_sqlite_bind_text (stmt, 4, ewe_list_get_event_date (list));
      ewe_sqlite_bind_text (stmt, 5, ewe_list_get_image_url (list));
      ewe_sqlite_bind_text (stmt, 6, ewe_list_state_to_string (ewe_list_get_state (list)));
      ewe_sqlite_bind_text (stmt, 7, ewe_list_get_owner (list));
      sqlite3_bind_int (stmt, 8, ewe_list_get_archived (list) ? 1 : 0);
      ewe_sqlite_bind_text (stmt, 9, ewe_list_get_archive_note (list));
      ewe_sqlite_bind_text (stmt, 10, list_id);
      ewe_sqlite_bind_text (stmt, 11, ewe_list_get_currency (list));
      ewe_sqlite_bind_text (stmt, 12, ewe_list_get_reveal_date (list));
      if (!ewe_sqlite_step_done (stmt, error))
        return FALSE;
    }
  else if (!merge_pending_list (db, list, existing, changes, error))
    return FALSE;

  /* Whose a co-owned list is is the server's word, edits waiting or not. */
  {
    g_autoptr(sqlite3_stmt) stmt = ewe_sqlite_prepare (db, "UPDATE lists SET coowned = ?, owner_name = ? WHERE id = ?",
                                                        error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int (stmt, 1, ewe_list_get_coowned (list));
    ewe_sqlite_bind_text (stmt, 2, ewe_list_get_owner_name (list));
    ewe_sqlite_bind_text (stmt, 3, list_id);
    if (!ewe_sqlite_step_done (stmt, error))
      return FALSE;
  }

  if (!remember_server_copy (db, list, error))
    return FALSE;

  /* A pulled list can hold thousands of gifts: ask once which exist and
   * which wait in the outbox, and reuse the two statements. */
  existing_ids = ewe_store_db_collect (db, "SELECT product_id FROM gifts WHERE list_id = ?", list_id, error);
  if (existing_ids == NULL)
    return FALSE;
  pending_ids = ewe_store_db_collect (db, "SELECT product_id FROM outbox WHERE list_id = ? AND " EWE_STORE_DB_FIELD_EDIT,
                                      list_id, error);
  if (pending_ids == NULL)
    return FALSE;
  update = ewe_sqlite_prepare (db, "UPDATE gifts SET reserved = ?1, purchased = ?2, "
                                   "quantity = CASE WHEN ?3 THEN quantity ELSE ?4 END, "
                                   "notes = CASE WHEN ?5 THEN notes ELSE ?6 END, "
                                   "unlimited = CASE WHEN ?17 THEN unlimited ELSE ?18 END, "
                                   "most_wanted = CASE WHEN ?17 THEN most_wanted ELSE ?20 END, "
                                   "brand = COALESCE (?7, brand), details = COALESCE (?8, details), "
                                   "product_url = COALESCE (?9, product_url), "
                                   "image_url = COALESCE (?10, image_url), "
                                   "price = COALESCE (?11, price), retailer = COALESCE (?12, retailer), "
                                   "currency = COALESCE (?22, currency), "
                                   "synced_quantity = ?13, synced_notes = ?14, synced_unlimited = ?19, "
                                   "synced_most_wanted = ?21 "
                                   "WHERE list_id = ?15 AND product_id = ?16",
                               error);
  if (update == NULL)
    return FALSE;

  for (guint i = 0; gifts != NULL && i < gifts->len; i++)
    {
      EweGift    *gift = g_ptr_array_index (gifts, i);
      const char *product_id = ewe_gift_get_product_id (gift);
      gboolean    gift_pending = g_hash_table_contains (pending_ids, product_id);

      g_hash_table_add (incoming, (gpointer)product_id);

      if (!g_hash_table_contains (existing_ids, product_id))
        {
          /* Removed here, not yet on the server. */
          if (gift_pending)
            continue;

          ewe_gift_set_list_id (gift, list_id);
          if (!ewe_store_db_insert_gift (db, gift, error) ||
              !ewe_store_db_run (db, "UPDATE gifts SET synced_quantity = quantity, synced_notes = notes, "
                                     "synced_unlimited = unlimited, synced_most_wanted = most_wanted "
                                     "WHERE list_id = ? AND product_id = ?",
                                 list_id, product_id, error))
            return FALSE;
          continue;
        }

      keep_ours = gift_pending;
      quantity = ewe_gift_get_quantity (gift);
      g_clear_pointer (&notes, g_free);
      notes = g_strdup (ewe_gift_get_notes (gift));
      unlimited = ewe_gift_get_unlimited (gift);
      most_wanted = ewe_gift_get_most_wanted (gift);
      if (gift_pending &&
          !merge_pending_gift (db, list_id, gift, changes, &keep_ours, &quantity, &notes, &unlimited, &most_wanted,
                               error))
        return FALSE;

      /* Reservations and purchases are always the server's; the owner's
       * fields are ours while an edit of them waits in the outbox. */
      sqlite3_reset (update);
      sqlite3_clear_bindings (update);
      sqlite3_bind_int (update, 1, ewe_gift_get_reserved (gift));
      sqlite3_bind_int (update, 2, ewe_gift_get_purchased (gift));
      sqlite3_bind_int (update, 3, keep_ours);
      sqlite3_bind_int (update, 4, quantity);
      sqlite3_bind_int (update, 5, keep_ours);
      ewe_sqlite_bind_text (update, 6, notes);
      ewe_sqlite_bind_text (update, 7, ewe_gift_get_brand (gift));
      ewe_sqlite_bind_text (update, 8, ewe_gift_get_details (gift));
      ewe_sqlite_bind_text (update, 9, ewe_gift_get_product_url (gift));
      ewe_sqlite_bind_text (update, 10, ewe_gift_get_image_url (gift));
      ewe_sqlite_bind_text (update, 11, ewe_gift_get_price (gift));
      ewe_sqlite_bind_text (update, 12, ewe_gift_get_retailer (gift));
      sqlite3_bind_int (update, 13, ewe_gift_get_quantity (gift));
      ewe_sqlite_bind_text (update, 14, ewe_gift_get_notes (gift));
      ewe_sqlite_bind_text (update, 15, list_id);
      ewe_sqlite_bind_text (update, 16, product_id);
      sqlite3_bind_int (update, 17, keep_ours);
      sqlite3_bind_int (update, 18, unlimited ? 1 : 0);
      sqlite3_bind_int (update, 19, ewe_gift_get_unlimited (gift) ? 1 : 0);
      sqlite3_bind_int (update, 20, most_wanted ? 1 : 0);
      sqlite3_bind_int (update, 21, ewe_gift_get_most_wanted (gift) ? 1 : 0);
      ewe_sqlite_bind_text (update, 22, ewe_gift_get_currency (gift));
      if (!ewe_sqlite_step_done (update, error))
        return FALSE;
    }

  if (!ewe_store_db_merge_after_event (db, list, gifts, error))
    return FALSE;

  /* Gifts the server no longer has, unless they are ours and unsent. */
  if (!(local_gifts = ewe_store_db_load_gifts (db, list_id, error)))
    return FALSE;

  for (guint i = 0; i < local_gifts->len; i++)
    {
      EweGift    *here = g_ptr_array_index (local_gifts, i);
      const char *product_id = ewe_gift_get_product_id (here);

      if (g_hash_table_contains (incoming, product_id) ||
          g_hash_table_contains (pending_ids, product_id))
        {
          g_ptr_array_add (changes->gifts, g_object_ref (here));
          continue;
        }

      if (!ewe_store_db_run (db, "DELETE FROM gifts WHERE list_id = ? AND product_id = ?", list_id, product_id, error))
        return FALSE;
      g_ptr_array_add (changes->removed_gifts, g_object_ref (here));
    }

  if (!(row = ewe_store_db_read_list (db, list_id, error)))
    return FALSE;

  g_ptr_array_add (changes->lists, g_steal_pointer (&row));
  return TRUE;
}

gboolean
ewe_store_db_merge_list (sqlite3         *db,
                         EweList         *list,
                         GPtrArray       *gifts,
                         EweStoreChanges *changes,
                         GError         **error)
{
  EWE_STORE_DB_TRANSACTION (db, error, merge_list_in_transaction (db, list, gifts, changes, error));
}

static gboolean
prune_lists_in_transaction (sqlite3         *db,
                            GStrv            server_ids,
                            EweStoreChanges *changes,
                            GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  int rc;

  /* Drafts the server never saw and lists with edits waiting to be sent
   * are ours to keep; any other list the server no longer lists was
   * deleted elsewhere. */
  stmt = ewe_sqlite_prepare (db, "SELECT id FROM lists WHERE id NOT LIKE 'local:%' "
                                 "AND NOT EXISTS (SELECT 1 FROM outbox WHERE outbox.list_id = lists.id)",
                             error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = ewe_sqlite_column_text (stmt, 0);

      if (!g_strv_contains ((const char * const *)server_ids, id))
        g_ptr_array_add (gone, g_strdup (id));
    }
  if (rc != SQLITE_DONE)
    return ewe_sqlite_set_error (db, rc, error);

  for (guint i = 0; i < gone->len; i++)
    {
      const char *id = g_ptr_array_index (gone, i);

      if (!ewe_store_db_run (db, "DELETE FROM lists WHERE id = ?", id, NULL, error))
        return FALSE;
      g_ptr_array_add (changes->removed_lists, g_strdup (id));
    }

  return TRUE;
}

gboolean
ewe_store_db_prune_lists (sqlite3         *db,
                          GStrv            server_ids,
                          EweStoreChanges *changes,
                          GError         **error)
{
  EWE_STORE_DB_TRANSACTION (db, error, prune_lists_in_transaction (db, server_ids, changes, error));
}

/* --- drafts into an account --------------------------------------------- */

static gboolean
import_drafts_in_transaction (sqlite3         *db,
                              EweStoreChanges *changes,
                              GError         **error)
{
  g_autoptr(sqlite3_stmt) ids = NULL;
  g_autoptr(sqlite3_stmt) offset = NULL;
  g_autoptr(sqlite3_stmt) lists = NULL;
  g_autoptr(GPtrArray) imported = g_ptr_array_new_with_free_func (g_free);
  int rc;

  ids = ewe_sqlite_prepare (db, "SELECT id FROM drafts.lists WHERE id NOT IN (SELECT id FROM main.lists) "
                                "ORDER BY position",
                            error);
  offset = ewe_sqlite_prepare (db, "SELECT COALESCE (MAX (position), 0) FROM main.lists", error);
  if (ids == NULL || offset == NULL)
    return FALSE;

  while ((rc = sqlite3_step (ids)) == SQLITE_ROW)
    g_ptr_array_add (imported, g_strdup (ewe_sqlite_column_text (ids, 0)));
  if (rc != SQLITE_DONE)
    return ewe_sqlite_set_error (db, rc, error);

  rc = sqlite3_step (offset);
  if (rc != SQLITE_ROW)
    return ewe_sqlite_set_error (db, rc, error);

  /* The drafts come after the account's own lists, in their order. The
   * owner is left for the next pull to fill in. */
  lists = ewe_sqlite_prepare (db, "INSERT OR IGNORE INTO main.lists (id, title, description, occasion, "
                                  "event_date, image_url, state, owner, position, updated) "
                                  "SELECT id, title, description, occasion, event_date, image_url, state, "
                                  "NULL, position + ?, updated FROM drafts.lists",
                              error);
  if (lists == NULL)
    return FALSE;
  sqlite3_bind_int64 (lists, 1, sqlite3_column_int64 (offset, 0));

  /* INSERT OR IGNORE everywhere: with WAL, a transaction over two files is
   * atomic in each but not across both, so after a crash half-way the
   * import may run again; the ids and idempotency keys make that harmless.
   * The outbox keeps its order and its keys, so what the server may
   * already have seen is recognised. */
  if (!ewe_sqlite_step_done (lists, error) ||
      !ewe_sqlite_exec (db, "INSERT OR IGNORE INTO main.gifts SELECT * FROM drafts.gifts", error) ||
      !ewe_sqlite_exec (db, "INSERT OR IGNORE INTO main.id_map SELECT * FROM drafts.id_map", error) ||
      !ewe_sqlite_exec (db, "INSERT OR IGNORE INTO main.outbox (kind, list_id, product_id, payload, "
                            "idempotency_key, created, attempts, last_error) "
                            "SELECT kind, list_id, product_id, payload, idempotency_key, created, "
                            "attempts, last_error FROM drafts.outbox ORDER BY id",
                        error) ||
      !ewe_sqlite_exec (db, "DELETE FROM drafts.outbox; DELETE FROM drafts.gifts; "
                            "DELETE FROM drafts.lists; DELETE FROM drafts.id_map",
                        error))
    return FALSE;

  for (guint i = 0; i < imported->len; i++)
    {
      EweList *list = ewe_store_db_read_list (db, g_ptr_array_index (imported, i), error);

      if (list == NULL)
        return FALSE;
      g_ptr_array_add (changes->lists, list);
    }

  return TRUE;
}

gboolean
ewe_store_db_import_drafts (sqlite3         *db,
                            const char      *drafts_path,
                            EweStoreChanges *changes,
                            GError         **error)
{
  g_autoptr(sqlite3_stmt) attach = NULL;
  gboolean ok;
  sqlite3 *drafts;

  if (!g_file_test (drafts_path, G_FILE_TEST_EXISTS))
    return TRUE;

  /* Bring the drafts file to the current schema first, so both sides
   * have the same columns. */
  if (!(drafts = ewe_store_db_open (drafts_path, error)))
    return FALSE;
  ewe_store_db_close (drafts);

  attach = ewe_sqlite_prepare (db, "ATTACH DATABASE ? AS drafts", error);
  if (attach == NULL)
    return FALSE;
  ewe_sqlite_bind_text (attach, 1, drafts_path);
  if (!ewe_sqlite_step_done (attach, error))
    return FALSE;

  if (!ewe_sqlite_begin (db, error))
    ok = FALSE;
  else if (!import_drafts_in_transaction (db, changes, error) ||
           !ewe_sqlite_commit (db, error))
    {
      ewe_sqlite_rollback (db);
      ok = FALSE;
    }
  else
    ok = TRUE;

  ewe_sqlite_exec (db, "DETACH DATABASE drafts", NULL);

  return ok;
}

/* --- reservations ---------------------------------------------------------- */

static gboolean
merge_reservations_in_transaction (sqlite3         *db,
                                   const char      *list_id,
                                   GPtrArray       *reservations,
                                   EweStoreChanges *changes,
                                   GError         **error)
{
  g_autoptr(GHashTable) incoming = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) here = NULL;
  g_autoptr(EweList) list = NULL;

  if (!(list = ewe_store_db_read_list (db, list_id, error)) ||
      !(here = ewe_store_db_load_reservations (db, list_id, error)))
    return FALSE;

  for (guint i = 0; i < reservations->len; i++)
    {
      EweReservation *r = g_ptr_array_index (reservations, i);
      g_autoptr(sqlite3_stmt) stmt = NULL;

      g_hash_table_add (incoming, (gpointer)ewe_reservation_get_id (r));

      /* Reservations are the server's: what it says replaces what we had. */
      stmt = ewe_sqlite_prepare (db, "INSERT INTO reservations (id, list_id, list_title, list_owner_id, "
                                     "product_id, product_type, user_id, name, email, quantity, state, thanked) "
                                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                                     "list_id = excluded.list_id, list_title = excluded.list_title, "
                                     "list_owner_id = excluded.list_owner_id, product_id = excluded.product_id, "
                                     "product_type = excluded.product_type, user_id = excluded.user_id, "
                                     "name = excluded.name, email = excluded.email, "
                                     "quantity = excluded.quantity, state = excluded.state, "
                                     "thanked = excluded.thanked",
                                 error);
      if (stmt == NULL)
        return FALSE;

      ewe_sqlite_bind_text (stmt, 1, ewe_reservation_get_id (r));
      ewe_sqlite_bind_text (stmt, 2, list_id);
      ewe_sqlite_bind_text (stmt, 3, ewe_reservation_get_list_title (r));
      ewe_sqlite_bind_text (stmt, 4, ewe_reservation_get_list_owner_id (r));
      ewe_sqlite_bind_text (stmt, 5, ewe_reservation_get_product_id (r));
      ewe_sqlite_bind_text (stmt, 6, ewe_product_type_to_string (ewe_reservation_get_product_type (r)));
      ewe_sqlite_bind_text (stmt, 7, ewe_reservation_get_user_id (r));
      ewe_sqlite_bind_text (stmt, 8, ewe_reservation_get_name (r));
      ewe_sqlite_bind_text (stmt, 9, ewe_reservation_get_email (r));
      sqlite3_bind_int (stmt, 10, ewe_reservation_get_quantity (r));
      ewe_sqlite_bind_text (stmt, 11, ewe_reservation_state_to_string (ewe_reservation_get_state (r)));
      sqlite3_bind_int (stmt, 12, ewe_reservation_get_thanked (r));
      if (!ewe_sqlite_step_done (stmt, error))
        return FALSE;

      ewe_reservation_set_list_id (r, list_id);
      g_ptr_array_add (changes->reservations, g_object_ref (r));
    }

  for (guint i = 0; i < here->len; i++)
    {
      EweReservation *r = g_ptr_array_index (here, i);

      if (g_hash_table_contains (incoming, ewe_reservation_get_id (r)))
        continue;

      if (!ewe_store_db_run (db, "DELETE FROM reservations WHERE id = ?", ewe_reservation_get_id (r), NULL, error))
        return FALSE;
      g_ptr_array_add (changes->removed_reservations, g_object_ref (r));
    }

  return ewe_store_db_reapply_thanks (db, list_id, changes, error);
}

gboolean
ewe_store_db_merge_reservations (sqlite3         *db,
                                 const char      *list_id,
                                 GPtrArray       *reservations,
                                 EweStoreChanges *changes,
                                 GError         **error)
{
  EWE_STORE_DB_TRANSACTION (db, error, merge_reservations_in_transaction (db, list_id, reservations, changes, error));
}
