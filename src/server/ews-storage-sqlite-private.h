/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ewe-sqlite.h"

#include "ews-auth-storage.h"
#include "ews-coowner-storage.h"
#include "ews-mail-storage.h"
#include "ews-oauth2-storage.h"
#include "ews-storage-sqlite.h"

G_BEGIN_DECLS

/* Shared between the files of the SQLite backend, which is split by concern:
 * ews-storage-sqlite.c (connection, migrations, transactions, contact,
 * idempotency), ews-storage-sqlite-lists.c (lists and gifts),
 * ews-storage-sqlite-reservations.c, ews-storage-sqlite-products.c and
 * ews-storage-sqlite-rates.c. */

struct _EwsStorageSqlite
{
  GObject  parent_instance;

  /* owned */
  sqlite3 *db;
};

extern const char * const ews_sqlite_migrations[];
extern const guint ews_sqlite_n_migrations;

/* The storage interface's transactions, on ewe-sqlite's. */
gboolean      ews_sqlite_begin       (EwsStorage        *storage,
                                      GError           **error);
gboolean      ews_sqlite_commit      (EwsStorage        *storage,
                                      GError           **error);
void          ews_sqlite_rollback    (EwsStorage        *storage);
/* Ends the transaction ews_sqlite_begin() began: commits it when @ok, or
 * rolls it back when not (@error says why already). Returns whether the
 * change was committed. */
gboolean      ews_sqlite_end         (EwsStorage        *storage,
                                      gboolean           ok,
                                      GError           **error);

/* Reads the number a query such as "SELECT count(*) …" answers, with
 * @arg1 and, unless NULL, @arg2 bound: the first column of its first row,
 * or 0 when it has none. */
gboolean      ews_sqlite_query_int        (EwsStorageSqlite  *self,
                                           const char        *sql,
                                           const char        *arg1,
                                           const char        *arg2,
                                           gint64            *value,
                                           GError           **error);

/* Steps @stmt, an UPDATE, INSERT or DELETE that must change a row: when it
 * changes none, fails with @code and @message, the words for what was not
 * there (or was there already). */
gboolean      ews_sqlite_step_must_change (sqlite3_stmt     *stmt,
                                           EwsStorageError   code,
                                           const char       *message,
                                           GError          **error);

/* The lists, reservations and products files fill in their part of the
 * interface. */
void          ews_storage_sqlite_lists_init_iface        (EwsStorageInterface *iface);

/* A list's row as every query of lists reads it (ews-storage-sqlite-lists.c):
 * the co-owned lists too, so that they carry every column. */
#define EWS_SQLITE_LIST_COLUMNS                                                                              \
  "list_id, owner_id, title, description, occasion, image_url, event_date, state, created_at, reveal_date, " \
  "archived_at, archive_note, currency"
gpointer      ews_storage_sqlite_list_from_row           (sqlite3_stmt        *stmt,
                                                          GError             **error);
void          ews_storage_sqlite_reservations_init_iface (EwsStorageInterface *iface);
void          ews_storage_sqlite_products_init_iface     (EwsStorageInterface *iface);
void          ews_storage_sqlite_rates_init_iface        (EwsStorageInterface *iface);
void          ews_storage_sqlite_thanks_init_iface       (EwsStorageInterface *iface);
/* Forgets rate buckets that have been full for a while (at start-up). */
gboolean      ews_sqlite_forget_full_rate_buckets        (EwsStorageSqlite    *self,
                                                          gint64               now_ms,
                                                          GError             **error);

/* ews-storage-sqlite-mail.c and ews-storage-sqlite-auth.c implement the
 * mail outbox and sign-in interfaces on the same object. */
void          ews_storage_sqlite_mail_init_iface         (EwsMailStorageInterface *iface);
void          ews_storage_sqlite_auth_init_iface         (EwsAuthStorageInterface *iface);
/* ews-storage-sqlite-oauth2.c: the hosted sign-in's codes. */
void          ews_storage_sqlite_oauth2_init_iface       (EwsOAuth2StorageInterface *iface);
/* ews-storage-sqlite-coowners.c: the co-owners and their invitations. */
void          ews_storage_sqlite_coowners_init_iface     (EwsCoownerStorageInterface *iface);

G_END_DECLS
