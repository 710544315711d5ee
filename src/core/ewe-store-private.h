/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <sqlite3.h>

#include "ewe-store.h"

G_BEGIN_DECLS

/* What a transaction changed, computed on the worker thread from the rows
 * as committed and applied to the live objects on the main thread. The
 * objects in here are detached values, never the live ones. */
typedef struct
{
  GPtrArray *rewrites;       /* char *: old id, new id, old id, new id… */
  GPtrArray *lists;          /* EweList: inserted or updated */
  GPtrArray *removed_lists;  /* char *: list ids */
  GPtrArray *gifts;          /* EweGift: inserted or updated */
  GPtrArray *removed_gifts;  /* EweGift: only list-id and product-id matter */
} EweStoreChanges;

EweStoreChanges *ewe_store_changes_new           (void);
void             ewe_store_changes_free          (EweStoreChanges  *changes);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EweStoreChanges, ewe_store_changes_free)

/* Everything below runs on the store's worker thread only. */
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
gboolean   ewe_store_db_create_list              (sqlite3          *db,
                                                  EweList          *values,
                                                  EweStoreChanges  *changes,
                                                  GError          **error);
gboolean   ewe_store_db_update_list              (sqlite3          *db,
                                                  const char       *list_id,
                                                  EweList          *values,
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
gboolean   ewe_store_db_update_gift              (sqlite3          *db,
                                                  const char       *list_id,
                                                  const char       *product_id,
                                                  int               quantity,
                                                  const char       *notes,
                                                  EweStoreChanges  *changes,
                                                  GError          **error);
gboolean   ewe_store_db_remove_gift              (sqlite3          *db,
                                                  const char       *list_id,
                                                  const char       *product_id,
                                                  EweStoreChanges  *changes,
                                                  GError          **error);
GPtrArray *ewe_store_db_list_outbox              (sqlite3          *db,
                                                  GError          **error);
gboolean   ewe_store_db_complete_outbox_entry    (sqlite3          *db,
                                                  gint64            entry_id,
                                                  const char       *server_id,
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
gboolean   ewe_store_db_merge_list               (sqlite3          *db,
                                                  EweList          *list,
                                                  GPtrArray        *gifts,
                                                  EweStoreChanges  *changes,
                                                  GError          **error);

G_END_DECLS
