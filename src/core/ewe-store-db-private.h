/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ewe-sqlite.h"

#include "ewe-store-private.h"

G_BEGIN_DECLS

/* The SQL side of EweStore, split as ewe-store-db-schema.c (opening the
 * file, migrations, the store's errors), ewe-store-db.c (reading rows, the
 * outbox), ewe-store-db-edits.c (the user's edits), ewe-store-db-outbox.c
 * (outbox entries the server answered, ids it gave) and
 * ewe-store-db-sync.c (merging what sync pulled). Everything here runs on
 * the store's worker thread only. */
sqlite3   *ewe_store_db_open                     (const char       *path,
                                                  GError          **error);
void       ewe_store_db_close                    (sqlite3          *db);
int        ewe_store_db_count_outbox             (sqlite3          *db);
char      *ewe_store_db_resolve_id               (sqlite3          *db,
                                                  const char       *id);
GPtrArray *ewe_store_db_load_lists               (sqlite3          *db,
                                                  GError          **error);
GPtrArray *ewe_store_db_load_gifts               (sqlite3          *db,
                                                  const char       *list_id,
                                                  GError          **error);
GPtrArray *ewe_store_db_load_reservations        (sqlite3          *db,
                                                  const char       *list_id,
                                                  GError          **error);
gboolean   ewe_store_db_create_list              (sqlite3          *db,
                                                  EweList          *values,
                                                  EweStoreChanges  *changes,
                                                  GError          **error);
gboolean   ewe_store_db_update_list              (sqlite3          *db,
                                                  const char       *list_id,
                                                  EweList          *values,
                                                  EweStoreChanges  *changes,
                                                  GError          **error);
/* Fails, saying why, when the list is archived (ewe-store-archive.c). */
gboolean   ewe_store_db_check_editable           (sqlite3          *db,
                                                  const char       *list_id,
                                                  GError          **error);
/* Sets the owner's reveal date and queues it, in the caller's
 * transaction (ewe-store-reveal.c). */
gboolean   ewe_store_db_set_reveal_date          (sqlite3          *db,
                                                  const char       *list_id,
                                                  const char       *reveal_date,
                                                  EweStoreChanges  *changes,
                                                  GError          **error);
gboolean   ewe_store_db_close_list               (sqlite3          *db,
                                                  const char       *list_id,
                                                  EweStoreChanges  *changes,
                                                  GError          **error);
gboolean   ewe_store_db_delete_list              (sqlite3          *db,
                                                  const char       *list_id,
                                                  EweStoreChanges  *changes,
                                                  GError          **error);
gboolean   ewe_store_db_add_gift                 (sqlite3          *db,
                                                  EweGift          *values,
                                                  EweStoreChanges  *changes,
                                                  GError          **error);
/* The owner's fields of @values: quantity, notes, unlimited, most-wanted. */
gboolean   ewe_store_db_update_gift              (sqlite3          *db,
                                                  const char       *list_id,
                                                  const char       *product_id,
                                                  EweGift          *values,
                                                  EweStoreChanges  *changes,
                                                  GError          **error);
gboolean   ewe_store_db_remove_gift              (sqlite3          *db,
                                                  const char       *list_id,
                                                  const char       *product_id,
                                                  EweStoreChanges  *changes,
                                                  GError          **error);
gboolean   ewe_store_db_take_their_list          (sqlite3          *db,
                                                  const char       *list_id,
                                                  EweList          *theirs,
                                                  const char * const *fields,
                                                  EweStoreChanges  *changes,
                                                  GError          **error);
gboolean   ewe_store_db_take_their_gift          (sqlite3          *db,
                                                  const char       *list_id,
                                                  const char       *product_id,
                                                  EweGift          *theirs,
                                                  const char * const *fields,
                                                  EweStoreChanges  *changes,
                                                  GError          **error);
GPtrArray *ewe_store_db_list_outbox              (sqlite3          *db,
                                                  GError          **error);
gboolean   ewe_store_db_complete_outbox_entry    (sqlite3          *db,
                                                  gint64            entry_id,
                                                  const char       *server_id,
                                                  EweStoreChanges  *changes,
                                                  GError          **error);
gboolean   ewe_store_db_complete_outbox_entries  (sqlite3          *db,
                                                  const gint64     *entry_ids,
                                                  const char * const *server_ids,
                                                  guint             n_entries,
                                                  EweStoreChanges  *changes,
                                                  GError          **error);
gboolean   ewe_store_db_fail_outbox_entry        (sqlite3          *db,
                                                  gint64            entry_id,
                                                  const char       *message,
                                                  GError          **error);
gboolean   ewe_store_db_rewrite_id               (sqlite3          *db,
                                                  const char       *local_id,
                                                  const char       *server_id,
                                                  EweStoreChanges  *changes,
                                                  GError          **error);
gboolean   ewe_store_db_merge_reservations       (sqlite3          *db,
                                                  const char       *list_id,
                                                  GPtrArray        *reservations,
                                                  EweStoreChanges  *changes,
                                                  GError          **error);
gboolean   ewe_store_db_import_drafts            (sqlite3          *db,
                                                  const char       *drafts_path,
                                                  EweStoreChanges  *changes,
                                                  GError          **error);
gboolean   ewe_store_db_prune_lists              (sqlite3          *db,
                                                  GStrv             server_ids,
                                                  EweStoreChanges  *changes,
                                                  GError          **error);
gboolean   ewe_store_db_merge_list               (sqlite3          *db,
                                                  EweList          *list,
                                                  GPtrArray        *gifts,
                                                  EweStoreChanges  *changes,
                                                  GError          **error);

/* Shared by those files. */

#define EWE_STORE_DB_LIST_COLUMNS "id, title, description, occasion, event_date, image_url, state, owner, " \
                                  "archived, archive_note"
#define EWE_STORE_DB_GIFT_COLUMNS "list_id, product_id, product_type, quantity, reserved, purchased, notes, " \
                                  "brand, details, product_url, image_url, price, retailer, currency, " \
                                  "unlimited, most_wanted"
#define EWE_STORE_DB_RESERVATION_COLUMNS "id, list_id, list_title, list_owner_id, product_id, product_type, " \
                                         "user_id, name, email, quantity, state"
/* The user's own lists' tables have more than friends' tables: what comes
 * after the event (ewe-store-db-thanks.c), whether another account
 * shares the list with this one, and the currency (a friend's list has
 * none of its own to edit). */
#define EWE_STORE_DB_OWN_LIST_COLUMNS EWE_STORE_DB_LIST_COLUMNS ", reveal_on, revealed, coowned, owner_name, currency, reveal_date"
#define EWE_STORE_DB_OWN_GIFT_COLUMNS EWE_STORE_DB_GIFT_COLUMNS ", received"
#define EWE_STORE_DB_OWN_RESERVATION_COLUMNS EWE_STORE_DB_RESERVATION_COLUMNS ", thanked"
/* Outbox entries that edit a list's or a gift's own fields, which a merge
 * must weigh against the server's: all but the owner's marks after the
 * event, which are merged on their own (ewe-store-db-thanks.c). */
#define EWE_STORE_DB_FIELD_EDIT "kind NOT IN ('set-received', 'set-thanked')"

/* Runs @call inside one transaction, rolling everything back if it fails,
 * and returns from the calling function. */
#define EWE_STORE_DB_TRANSACTION(db, error, call)    \
  G_STMT_START {                                    \
    if (!ewe_sqlite_begin ((db), (error)))          \
      return FALSE;                                 \
    if (!(call))                                    \
      {                                             \
        ewe_sqlite_rollback (db);                   \
        return FALSE;                               \
      }                                             \
    return ewe_sqlite_commit ((db), (error));       \
  } G_STMT_END

/* Sets the store's CORRUPT error naming @table, and returns FALSE. */
gboolean      ewe_store_db_set_corrupt   (GError        **error,
                                          const char     *table);
/* The list, gift or reservation in the current row of @stmt, which selects
 * EWE_STORE_DB_LIST_COLUMNS, EWE_STORE_DB_GIFT_COLUMNS or
 * EWE_STORE_DB_RESERVATION_COLUMNS, first, from @table (my lists' tables
 * and friends' have these columns in common). */
EweList        *ewe_store_db_list_from_row        (sqlite3_stmt  *stmt,
                                                   const char    *table,
                                                   GError       **error);
EweGift        *ewe_store_db_gift_from_row        (sqlite3_stmt  *stmt,
                                                   const char    *table,
                                                   GError       **error);
EweReservation *ewe_store_db_reservation_from_row (sqlite3_stmt  *stmt,
                                                   const char    *table,
                                                   GError       **error);
/* Binds @gift, as one of @list_id's, to the first parameters of @stmt, in
 * the order of EWE_STORE_DB_GIFT_COLUMNS. */
void            ewe_store_db_bind_gift            (sqlite3_stmt  *stmt,
                                                   const char    *list_id,
                                                   EweGift       *gift);
/* Steps @stmt through its rows, appending what @from_row makes of each. */
gboolean      ewe_store_db_collect_rows  (sqlite3          *db,
                                          sqlite3_stmt     *stmt,
                                          EweSqliteRowFunc  from_row,
                                          GPtrArray        *into,
                                          GError          **error);
gboolean      ewe_store_db_run           (sqlite3        *db,
                                          const char     *sql,
                                          const char     *a,
                                          const char     *b,
                                          GError        **error);
EweList      *ewe_store_db_read_list     (sqlite3        *db,
                                          const char     *list_id,
                                          GError        **error);
EweGift      *ewe_store_db_read_gift     (sqlite3        *db,
                                          const char     *list_id,
                                          const char     *product_id,
                                          GError        **error);
gboolean      ewe_store_db_insert_list   (sqlite3        *db,
                                          EweList        *values,
                                          GError        **error);
gboolean      ewe_store_db_insert_gift   (sqlite3        *db,
                                          EweGift        *values,
                                          GError        **error);
GHashTable   *ewe_store_db_collect       (sqlite3        *db,
                                          const char     *sql,
                                          const char     *a,
                                          GError        **error);
gboolean      ewe_store_db_append_outbox (sqlite3        *db,
                                          EweOutboxKind   kind,
                                          const char     *list_id,
                                          const char     *product_id,
                                          const char     *payload,
                                          GError        **error);
gboolean      ewe_store_db_has_pending   (sqlite3        *db,
                                          const char     *list_id,
                                          const char     *product_id,
                                          gboolean       *pending,
                                          GError        **error);

/* ewe-store-db-thanks.c: the owner's marks after the event. */
gboolean      ewe_store_db_merge_after_event (sqlite3         *db,
                                              EweList         *list,
                                              GPtrArray       *gifts,
                                              GError         **error);
gboolean      ewe_store_db_reapply_thanks    (sqlite3         *db,
                                              const char      *list_id,
                                              EweStoreChanges *changes,
                                              GError         **error);
gboolean      ewe_store_db_set_received      (sqlite3         *db,
                                              const char      *list_id,
                                              const char      *product_id,
                                              gboolean         received,
                                              EweStoreChanges *changes,
                                              GError         **error);
gboolean      ewe_store_db_set_thanked       (sqlite3         *db,
                                              const char      *list_id,
                                              const char      *email,
                                              gboolean         thanked,
                                              EweStoreChanges *changes,
                                              GError         **error);

G_END_DECLS
