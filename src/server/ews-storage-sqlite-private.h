/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-auth-storage.h"
#include "ews-mail-storage.h"
#include "ews-storage-sqlite.h"

G_BEGIN_DECLS

/* Shared between the files of the SQLite backend, which is split by concern:
 * ews-storage-sqlite.c (connection, migrations, transactions, contact,
 * idempotency), ews-storage-sqlite-lists.c (lists and gifts),
 * ews-storage-sqlite-reservations.c, ews-storage-sqlite-products.c and
 * ews-storage-sqlite-rates.c. */

extern const char * const ews_sqlite_migrations[];
extern const guint ews_sqlite_n_migrations;

/* A statement for @sql, ready to bind: one kept from an earlier use when
 * there is one. Give it back with ews_sqlite_release() (g_autoptr does),
 * never sqlite3_finalize(). */
sqlite3_stmt *ews_sqlite_prepare     (EwsStorageSqlite  *self,
                                      const char        *sql,
                                      GError           **error);
void          ews_sqlite_release     (sqlite3_stmt      *stmt);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, ews_sqlite_release)

void          ews_sqlite_bind_text   (sqlite3_stmt      *stmt,
                                      int                index,
                                      const char        *value);
char         *ews_sqlite_column_dup  (sqlite3_stmt      *stmt,
                                      int                column);
/* Steps a statement that returns no rows. */
gboolean      ews_sqlite_step_done   (EwsStorageSqlite  *self,
                                      sqlite3_stmt      *stmt,
                                      GError           **error);
/* Steps once: TRUE with *has_row set, or FALSE with @error set. */
gboolean      ews_sqlite_step_row    (EwsStorageSqlite  *self,
                                      sqlite3_stmt      *stmt,
                                      gboolean          *has_row,
                                      GError           **error);
void          ews_sqlite_set_error   (EwsStorageSqlite  *self,
                                      GError           **error);

gboolean      ews_sqlite_begin       (EwsStorage        *storage,
                                      GError           **error);
gboolean      ews_sqlite_commit      (EwsStorage        *storage,
                                      GError           **error);
void          ews_sqlite_rollback    (EwsStorage        *storage);

/* The lists, reservations and products files fill in their part of the
 * interface. */
void          ews_storage_sqlite_lists_init_iface        (EwsStorageInterface *iface);
void          ews_storage_sqlite_reservations_init_iface (EwsStorageInterface *iface);
void          ews_storage_sqlite_products_init_iface     (EwsStorageInterface *iface);
void          ews_storage_sqlite_rates_init_iface        (EwsStorageInterface *iface);
/* Forgets rate buckets that have been full for a while (at start-up). */
gboolean      ews_sqlite_forget_full_rate_buckets        (EwsStorageSqlite    *self,
                                                          gint64               now_ms,
                                                          GError             **error);

/* ews-storage-sqlite-mail.c and ews-storage-sqlite-auth.c implement the
 * mail outbox and sign-in interfaces on the same object. */
void          ews_storage_sqlite_mail_init_iface         (EwsMailStorageInterface *iface);
void          ews_storage_sqlite_auth_init_iface         (EwsAuthStorageInterface *iface);

G_END_DECLS
