/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-store-db"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ewe-codec.h"
#include "ewe-store-db-private.h"

/* The user's edits, each one transaction that changes the rows and appends
 * its outbox entry. Worker thread only. */

/* --- lists ------------------------------------------------------------- */

static gboolean
create_list_in_transaction (sqlite3         *db,
                            EweList         *values,
                            EweStoreChanges *changes,
                            GError         **error)
{
  g_autofree char *payload = ewe_codec_encode_list_request (values);
  g_autoptr(EweList) row = NULL;

  if (!ewe_store_db_insert_list (db, values, error) ||
      !ewe_store_db_append_outbox (db, EWE_OUTBOX_KIND_CREATE_LIST, ewe_list_get_id (values), NULL, payload, error) ||
      !(row = ewe_store_db_read_list (db, ewe_list_get_id (values), error)))
    return FALSE;

  g_ptr_array_add (changes->lists, g_steal_pointer (&row));
  return TRUE;
}

gboolean
ewe_store_db_create_list (sqlite3         *db,
                          EweList         *values,
                          EweStoreChanges *changes,
                          GError         **error)
{
  EWE_STORE_DB_TRANSACTION (db, error, create_list_in_transaction (db, values, changes, error));
}

static gboolean
update_list_in_transaction (sqlite3         *db,
                            const char      *list_id,
                            EweList         *values,
                            EweStoreChanges *changes,
                            GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(EweList) row = NULL;
  g_autofree char *payload = NULL;

  if (!ewe_store_db_check_editable (db, list_id, error))
    return FALSE;

  stmt = ewe_sqlite_prepare (db, "UPDATE lists SET title = ?, description = ?, occasion = ?, event_date = ?, "
                                 "image_url = ?, updated = ?, currency = ?8 WHERE id = ?7",
                             error);
  if (stmt == NULL)
    return FALSE;

  ewe_sqlite_bind_text (stmt, 1, ewe_list_get_title (values));
  ewe_sqlite_bind_text (stmt, 2, ewe_list_get_description (values));
  ewe_sqlite_bind_text (stmt, 3, ewe_list_get_occasion (values));
  ewe_sqlite_bind_text (stmt, 4, ewe_list_get_event_date (values));
  ewe_sqlite_bind_text (stmt, 5, ewe_list_get_image_url (values));
  sqlite3_bind_int64 (stmt, 6, g_get_real_time ());
  ewe_sqlite_bind_text (stmt, 7, list_id);
  ewe_sqlite_bind_text (stmt, 8, ewe_list_get_currency (values));

  if (!ewe_sqlite_step_done (stmt, error) ||
      !(row = ewe_store_db_read_list (db, list_id, error)))
    return FALSE;

  /* The original's update takes the whole set of details every time. */
  payload = ewe_codec_encode_list_request (row);
  if (!ewe_store_db_append_outbox (db, EWE_OUTBOX_KIND_UPDATE_LIST, list_id, NULL, payload, error))
    return FALSE;

  g_ptr_array_add (changes->lists, g_steal_pointer (&row));
  return TRUE;
}

gboolean
ewe_store_db_update_list (sqlite3         *db,
                          const char      *list_id,
                          EweList         *values,
                          EweStoreChanges *changes,
                          GError         **error)
{
  EWE_STORE_DB_TRANSACTION (db, error, update_list_in_transaction (db, list_id, values, changes, error));
}

static gboolean
close_list_in_transaction (sqlite3         *db,
                           const char      *list_id,
                           EweStoreChanges *changes,
                           GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(EweList) row = NULL;

  if (!ewe_store_db_check_editable (db, list_id, error) ||
      !(row = ewe_store_db_read_list (db, list_id, error)))
    return FALSE;

  if (ewe_list_get_state (row) == EWE_LIST_STATE_CLOSED)
    {
      g_set_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID,
                   _("This list is already closed"));
      return FALSE;
    }
  g_clear_object (&row);

  stmt = ewe_sqlite_prepare (db, "UPDATE lists SET state = 'closed', updated = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, g_get_real_time ());
  ewe_sqlite_bind_text (stmt, 2, list_id);

  if (!ewe_sqlite_step_done (stmt, error) ||
      !ewe_store_db_append_outbox (db, EWE_OUTBOX_KIND_CLOSE_LIST, list_id, NULL, NULL, error) ||
      !(row = ewe_store_db_read_list (db, list_id, error)))
    return FALSE;

  g_ptr_array_add (changes->lists, g_steal_pointer (&row));
  return TRUE;
}

gboolean
ewe_store_db_close_list (sqlite3         *db,
                         const char      *list_id,
                         EweStoreChanges *changes,
                         GError         **error)
{
  EWE_STORE_DB_TRANSACTION (db, error, close_list_in_transaction (db, list_id, changes, error));
}

static gboolean
delete_list_in_transaction (sqlite3         *db,
                            const char      *list_id,
                            EweStoreChanges *changes,
                            GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(EweList) row = NULL;

  if (!(row = ewe_store_db_read_list (db, list_id, error)))
    return FALSE;

  /* Gifts and reservations go with it (ON DELETE CASCADE). */
  stmt = ewe_sqlite_prepare (db, "DELETE FROM lists WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  ewe_sqlite_bind_text (stmt, 1, list_id);

  if (!ewe_sqlite_step_done (stmt, error) ||
      !ewe_store_db_append_outbox (db, EWE_OUTBOX_KIND_DELETE_LIST, list_id, NULL, NULL, error))
    return FALSE;

  g_ptr_array_add (changes->removed_lists, g_strdup (list_id));
  return TRUE;
}

gboolean
ewe_store_db_delete_list (sqlite3         *db,
                          const char      *list_id,
                          EweStoreChanges *changes,
                          GError         **error)
{
  EWE_STORE_DB_TRANSACTION (db, error, delete_list_in_transaction (db, list_id, changes, error));
}

/* --- gifts ------------------------------------------------------------- */

static gboolean
add_gift_in_transaction (sqlite3         *db,
                         EweGift         *values,
                         EweStoreChanges *changes,
                         GError         **error)
{
  const char *list_id = ewe_gift_get_list_id (values);
  const char *product_id = ewe_gift_get_product_id (values);
  g_autoptr(EweGift) row = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *payload = NULL;

  if (!ewe_store_db_check_editable (db, list_id, error))
    return FALSE;

  row = ewe_store_db_read_gift (db, list_id, product_id, &local_error);
  if (row != NULL)
    {
      g_set_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID,
                   _("This product is already on the list"));
      return FALSE;
    }
  if (!g_error_matches (local_error, EWE_STORE_ERROR, EWE_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!ewe_store_db_insert_gift (db, values, error))
    return FALSE;

  /* A product the user described while offline does not exist on the
   * server yet: create it first, then add it to the list. */
  if (ewe_id_is_local (product_id))
    {
      g_autofree char *product = ewe_codec_encode_notfound_request (values);

      if (!ewe_store_db_append_outbox (db, EWE_OUTBOX_KIND_CREATE_PRODUCT, list_id, product_id, product, error))
        return FALSE;
    }

  payload = ewe_codec_encode_add_gift_request (values);
  if (!ewe_store_db_append_outbox (db, EWE_OUTBOX_KIND_ADD_GIFT, list_id, product_id, payload, error) ||
      !(row = ewe_store_db_read_gift (db, list_id, product_id, error)))
    return FALSE;

  g_ptr_array_add (changes->gifts, g_steal_pointer (&row));
  return TRUE;
}

gboolean
ewe_store_db_add_gift (sqlite3         *db,
                       EweGift         *values,
                       EweStoreChanges *changes,
                       GError         **error)
{
  EWE_STORE_DB_TRANSACTION (db, error, add_gift_in_transaction (db, values, changes, error));
}

static gboolean
update_gift_in_transaction (sqlite3         *db,
                            const char      *list_id,
                            const char      *product_id,
                            EweGift         *values,
                            EweStoreChanges *changes,
                            GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(EweGift) row = NULL;
  g_autofree char *payload = NULL;
  int              quantity = ewe_gift_get_quantity (values);
  gboolean         unlimited = ewe_gift_get_unlimited (values);
  int              taken;

  if (!ewe_store_db_check_editable (db, list_id, error) ||
      !(row = ewe_store_db_read_gift (db, list_id, product_id, error)))
    return FALSE;

  /* An unlimited gift's quantity binds no guest, so it may be anything;
   * the server says the same (ews-storage-rules.c). */
  taken = ewe_gift_get_reserved (row) + ewe_gift_get_purchased (row);
  if (!unlimited && quantity < taken)
    {
      g_set_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Guests already reserved or bought %d of this gift, so the quantity cannot be lower",
                                "Guests already reserved or bought %d of this gift, so the quantity cannot be lower",
                                taken),
                   taken);
      return FALSE;
    }
  g_clear_object (&row);

  stmt = ewe_sqlite_prepare (db, "UPDATE gifts SET quantity = ?1, notes = ?2, updated = ?3, unlimited = ?4, "
                                 "most_wanted = ?7 WHERE list_id = ?5 AND product_id = ?6",
                             error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int (stmt, 1, quantity);
  ewe_sqlite_bind_text (stmt, 2, ewe_gift_get_notes (values));
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
  sqlite3_bind_int (stmt, 4, unlimited ? 1 : 0);
  ewe_sqlite_bind_text (stmt, 5, list_id);
  ewe_sqlite_bind_text (stmt, 6, product_id);
  sqlite3_bind_int (stmt, 7, ewe_gift_get_most_wanted (values) ? 1 : 0);

  if (!ewe_sqlite_step_done (stmt, error) ||
      !(row = ewe_store_db_read_gift (db, list_id, product_id, error)))
    return FALSE;

  payload = ewe_codec_encode_update_gift_request (row);
  if (!ewe_store_db_append_outbox (db, EWE_OUTBOX_KIND_UPDATE_GIFT, list_id, product_id, payload, error))
    return FALSE;

  g_ptr_array_add (changes->gifts, g_steal_pointer (&row));
  return TRUE;
}

gboolean
ewe_store_db_update_gift (sqlite3         *db,
                          const char      *list_id,
                          const char      *product_id,
                          EweGift         *values,
                          EweStoreChanges *changes,
                          GError         **error)
{
  EWE_STORE_DB_TRANSACTION (db, error, update_gift_in_transaction (db, list_id, product_id, values, changes, error));
}

static gboolean
remove_gift_in_transaction (sqlite3         *db,
                            const char      *list_id,
                            const char      *product_id,
                            EweStoreChanges *changes,
                            GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(EweGift) row = NULL;

  if (!ewe_store_db_check_editable (db, list_id, error) ||
      !(row = ewe_store_db_read_gift (db, list_id, product_id, error)))
    return FALSE;

  /* As the original web app did: a guest has committed to it. */
  if (ewe_gift_get_reserved (row) + ewe_gift_get_purchased (row) > 0)
    {
      g_set_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID,
                   _("A guest already reserved this gift, so it cannot be removed; you can change its quantity instead"));
      return FALSE;
    }

  stmt = ewe_sqlite_prepare (db, "DELETE FROM gifts WHERE list_id = ? AND product_id = ?", error);
  if (stmt == NULL)
    return FALSE;

  ewe_sqlite_bind_text (stmt, 1, list_id);
  ewe_sqlite_bind_text (stmt, 2, product_id);

  if (!ewe_sqlite_step_done (stmt, error) ||
      !ewe_store_db_append_outbox (db, EWE_OUTBOX_KIND_REMOVE_GIFT, list_id, product_id, NULL, error))
    return FALSE;

  g_ptr_array_add (changes->removed_gifts, g_steal_pointer (&row));
  return TRUE;
}

gboolean
ewe_store_db_remove_gift (sqlite3         *db,
                          const char      *list_id,
                          const char      *product_id,
                          EweStoreChanges *changes,
                          GError         **error)
{
  EWE_STORE_DB_TRANSACTION (db, error, remove_gift_in_transaction (db, list_id, product_id, changes, error));
}

/* --- taking the other device's version ----------------------------------- */

/* The row as it is now, not as the conflict's toast saw it: a field edited
 * here since then is kept; only @fields become theirs. */
static gboolean
take_their_list_in_transaction (sqlite3            *db,
                                const char         *list_id,
                                EweList            *theirs,
                                const char * const *fields,
                                EweStoreChanges    *changes,
                                GError            **error)
{
  g_autoptr(EweList) values = ewe_store_db_read_list (db, list_id, error);
  gboolean updates = FALSE;

  if (values == NULL)
    return FALSE;

  for (guint i = 0; fields[i] != NULL; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;

      updates |= !g_str_equal (fields[i], "reveal-date");

      g_object_get_property (G_OBJECT (theirs), fields[i], &value);
      g_object_set_property (G_OBJECT (values), fields[i], &value);
    }

  /* The reveal date is no field of the update: it goes alone. */
  return (!updates || update_list_in_transaction (db, list_id, values, changes, error)) &&
         (!g_strv_contains (fields, "reveal-date") ||
          ewe_store_db_set_reveal_date (db, list_id, ewe_list_get_reveal_date (theirs), changes, error));
}

gboolean
ewe_store_db_take_their_list (sqlite3            *db,
                              const char         *list_id,
                              EweList            *theirs,
                              const char * const *fields,
                              EweStoreChanges    *changes,
                              GError            **error)
{
  EWE_STORE_DB_TRANSACTION (db, error, take_their_list_in_transaction (db, list_id, theirs, fields, changes, error));
}

static gboolean
take_their_gift_in_transaction (sqlite3            *db,
                                const char         *list_id,
                                const char         *product_id,
                                EweGift            *theirs,
                                const char * const *fields,
                                EweStoreChanges    *changes,
                                GError            **error)
{
  g_autoptr(EweGift) ours = ewe_store_db_read_gift (db, list_id, product_id, error);

  if (ours == NULL)
    return FALSE;

  if (g_strv_contains (fields, "quantity"))
    ewe_gift_set_quantity (ours, ewe_gift_get_quantity (theirs));
  if (g_strv_contains (fields, "notes"))
    ewe_gift_set_notes (ours, ewe_gift_get_notes (theirs));
  if (g_strv_contains (fields, "unlimited"))
    ewe_gift_set_unlimited (ours, ewe_gift_get_unlimited (theirs));
  if (g_strv_contains (fields, "most-wanted"))
    ewe_gift_set_most_wanted (ours, ewe_gift_get_most_wanted (theirs));

  return update_gift_in_transaction (db, list_id, product_id, ours, changes, error);
}

gboolean
ewe_store_db_take_their_gift (sqlite3            *db,
                              const char         *list_id,
                              const char         *product_id,
                              EweGift            *theirs,
                              const char * const *fields,
                              EweStoreChanges    *changes,
                              GError            **error)
{
  EWE_STORE_DB_TRANSACTION (db, error, take_their_gift_in_transaction (db, list_id, product_id, theirs, fields, changes, error));
}
