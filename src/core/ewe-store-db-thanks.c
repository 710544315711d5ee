/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-store-db"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ewe-codec.h"
#include "ewe-store-db-private.h"

/* After the event: the owner's marks on gifts received and givers thanked,
 * and the server's word on whether the reveal date has come. A mark is one
 * transaction that changes the rows and appends an outbox entry, like any
 * edit; it is not a field edit the three-way merge weighs, since only the
 * owner marks: the server's value wins unless a mark of ours waits in the
 * outbox, which is then applied again over what the server said. */

static char *
thanks_payload (const char *email,
                gboolean    thanked)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, email);
  json_builder_set_member_name (builder, "thanked");
  json_builder_add_boolean_value (builder, thanked);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

gboolean
ewe_store_db_merge_after_event (sqlite3   *db,
                                EweList   *list,
                                GPtrArray *gifts,
                                GError   **error)
{
  const char *list_id = ewe_list_get_id (list);
  g_autoptr(sqlite3_stmt) reveal = NULL;
  g_autoptr(sqlite3_stmt) received = NULL;

  /* A reveal date still to send moved the day here already: kept. */
  reveal = ewe_sqlite_prepare (db, "UPDATE lists SET reveal_on = CASE WHEN EXISTS (SELECT 1 FROM outbox "
                                   "WHERE kind = 'set-reveal-date' AND list_id = ?3) THEN reveal_on ELSE ?1 END, "
                                   "revealed = ?2 WHERE id = ?3",
                               error);
  if (reveal == NULL)
    return FALSE;
  ewe_sqlite_bind_text (reveal, 1, ewe_list_get_reveal_on (list));
  sqlite3_bind_int (reveal, 2, ewe_list_get_revealed (list));
  ewe_sqlite_bind_text (reveal, 3, list_id);
  if (!ewe_sqlite_step_done (reveal, error))
    return FALSE;

  received = ewe_sqlite_prepare (db, "UPDATE gifts SET received = ?1 WHERE list_id = ?2 AND product_id = ?3 "
                                     "AND NOT EXISTS (SELECT 1 FROM outbox WHERE kind = 'set-received' "
                                     "AND list_id = ?2 AND product_id = ?3)",
                                 error);
  if (received == NULL)
    return FALSE;

  for (guint i = 0; gifts != NULL && i < gifts->len; i++)
    {
      EweGift *gift = g_ptr_array_index (gifts, i);

      sqlite3_reset (received);
      sqlite3_bind_int (received, 1, ewe_gift_get_received (gift));
      ewe_sqlite_bind_text (received, 2, list_id);
      ewe_sqlite_bind_text (received, 3, ewe_gift_get_product_id (gift));
      if (!ewe_sqlite_step_done (received, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
mark_thanked (sqlite3    *db,
              const char *list_id,
              const char *email,
              gboolean    thanked,
              int        *n_changed,
              GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (db, "UPDATE reservations SET thanked = ? WHERE list_id = ? "
                                 "AND lower (email) = lower (?) AND state != 'cancelled'",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, thanked);
  ewe_sqlite_bind_text (stmt, 2, list_id);
  ewe_sqlite_bind_text (stmt, 3, email);
  if (!ewe_sqlite_step_done (stmt, error))
    return FALSE;

  if (n_changed != NULL)
    *n_changed = sqlite3_changes (db);
  return TRUE;
}

/* The thank-yous still waiting in the outbox, in the order made, over the
 * reservations the server just sent; the live objects follow the rows. */
gboolean
ewe_store_db_reapply_thanks (sqlite3         *db,
                             const char      *list_id,
                             EweStoreChanges *changes,
                             GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = ewe_sqlite_prepare (db, "SELECT payload FROM outbox WHERE kind = 'set-thanked' AND list_id = ? "
                                 "ORDER BY id",
                             error);
  if (stmt == NULL)
    return FALSE;
  ewe_sqlite_bind_text (stmt, 1, list_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      const char *payload = ewe_sqlite_column_text (stmt, 0);
      JsonObject *object;
      const char *email;
      gboolean    thanked;

      if (payload == NULL || !json_parser_load_from_data (parser, payload, -1, NULL) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        continue;
      object = json_node_get_object (json_parser_get_root (parser));
      email = json_object_get_string_member_with_default (object, "email", NULL);
      thanked = json_object_get_boolean_member_with_default (object, "thanked", FALSE);
      if (email == NULL || !mark_thanked (db, list_id, email, thanked, NULL, error))
        {
          if (email == NULL)
            continue;
          return FALSE;
        }

      for (guint i = 0; i < changes->reservations->len; i++)
        {
          EweReservation *r = g_ptr_array_index (changes->reservations, i);

          if (g_ascii_strcasecmp (ewe_reservation_get_email (r), email) == 0 &&
              ewe_reservation_get_state (r) != EWE_RESERVATION_STATE_CANCELLED)
            ewe_reservation_set_thanked (r, thanked);
        }
    }

  if (rc != SQLITE_DONE)
    return ewe_sqlite_set_error (db, rc, error);
  return TRUE;
}

static gboolean
set_received_in_transaction (sqlite3         *db,
                             const char      *list_id,
                             const char      *product_id,
                             gboolean         received,
                             EweStoreChanges *changes,
                             GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(EweGift) row = NULL;
  const char *payload = received ? "{\"received\":true}" : "{\"received\":false}";

  stmt = ewe_sqlite_prepare (db, "UPDATE gifts SET received = ? WHERE list_id = ? AND product_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, received);
  ewe_sqlite_bind_text (stmt, 2, list_id);
  ewe_sqlite_bind_text (stmt, 3, product_id);

  if (!ewe_sqlite_step_done (stmt, error) ||
      !(row = ewe_store_db_read_gift (db, list_id, product_id, error)) ||
      !ewe_store_db_append_outbox (db, EWE_OUTBOX_KIND_SET_RECEIVED, list_id, product_id, payload, error))
    return FALSE;

  g_ptr_array_add (changes->gifts, g_steal_pointer (&row));
  return TRUE;
}

gboolean
ewe_store_db_set_received (sqlite3         *db,
                           const char      *list_id,
                           const char      *product_id,
                           gboolean         received,
                           EweStoreChanges *changes,
                           GError         **error)
{
  EWE_STORE_DB_TRANSACTION (db, error, set_received_in_transaction (db, list_id, product_id, received, changes, error));
}

static gboolean
set_thanked_in_transaction (sqlite3         *db,
                            const char      *list_id,
                            const char      *email,
                            gboolean         thanked,
                            EweStoreChanges *changes,
                            GError         **error)
{
  g_autoptr(GPtrArray) reservations = NULL;
  g_autofree char *payload = NULL;
  int              n_changed = 0;

  if (!mark_thanked (db, list_id, email, thanked, &n_changed, error))
    return FALSE;

  if (n_changed == 0)
    {
      g_set_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_NOT_FOUND,
                   _("Nobody with the address %s gave a gift on this list"), email);
      return FALSE;
    }

  payload = thanks_payload (email, thanked);
  if (!ewe_store_db_append_outbox (db, EWE_OUTBOX_KIND_SET_THANKED, list_id, NULL, payload, error) ||
      !(reservations = ewe_store_db_load_reservations (db, list_id, error)))
    return FALSE;

  for (guint i = 0; i < reservations->len; i++)
    {
      EweReservation *r = g_ptr_array_index (reservations, i);

      if (g_ascii_strcasecmp (ewe_reservation_get_email (r), email) == 0)
        g_ptr_array_add (changes->reservations, g_object_ref (r));
    }

  return TRUE;
}

gboolean
ewe_store_db_set_thanked (sqlite3         *db,
                          const char      *list_id,
                          const char      *email,
                          gboolean         thanked,
                          EweStoreChanges *changes,
                          GError         **error)
{
  EWE_STORE_DB_TRANSACTION (db, error, set_thanked_in_transaction (db, list_id, email, thanked, changes, error));
}
