/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <libpq-fe.h>

#include "ews-auth-storage.h"
#include "ews-coowner-storage.h"
#include "ews-mail-storage.h"
#include "ews-oauth2-storage.h"
#include "ews-storage-pg.h"

G_BEGIN_DECLS

/* Shared between the files of the PostgreSQL backend, split by concern as
 * the SQLite one is: ews-storage-pg.c (pool, errors, transactions,
 * migrations, admins, contact messages, Idempotency-Key records), ews-storage-pg-migrations.c (the schema's steps),
 * ews-storage-pg-statements.c (statements prepared per connection, the
 * helpers that run statements and read their results),
 * ews-storage-pg-lists.c (lists and gifts), ews-storage-pg-reservations.c,
 * ews-storage-pg-products.c, ews-storage-pg-rates.c and
 * ews-storage-pg-auth.c (accounts, codes, sessions, lockouts, signing keys)
 * and ews-storage-pg-mail.c (the shared mail outbox). */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

/* One connection of the pool. A thread holds it from its first use to its
 * last release, or for a whole transaction: libpq connections are not to be
 * shared between threads, and a transaction lives on one connection. */
typedef struct
{
  PGconn *conn;
  guint   depth; /* open transactions: 1 a BEGIN, more savepoints in it */
  guint   uses;  /* nested acquisitions by the thread holding it */
  guint   prepared; /* bit i: EwsPgPrepared i is prepared on this session */
  /* A statement other than a SELECT ran since the connection was last let
   * go: its release forgets the versions kept (ews-storage-pg-versions.c). */
  gboolean wrote;
} EwsPgConnection;

extern const char * const ews_pg_migrations[];
extern const guint ews_pg_n_migrations;

/* The connection the calling thread holds, or an idle one (waiting for one
 * if there is none), which the thread then holds until released as many
 * times as it was acquired, and while a transaction is open on it. */
EwsPgConnection *ews_pg_acquire      (EwsStoragePg      *self);
void             ews_pg_release      (EwsStoragePg      *self,
                                      EwsPgConnection   *connection);

/* The mail lease of ews_storage_pg_set_mail_lease(), in seconds. */
guint            ews_pg_mail_lease   (EwsStoragePg      *self);

/* The storage interface's transactions: BEGIN, then savepoints inside. */
gboolean         ews_pg_begin        (EwsStorage        *storage,
                                      GError           **error);
gboolean         ews_pg_commit       (EwsStorage        *storage,
                                      GError           **error);
void             ews_pg_rollback     (EwsStorage        *storage);
/* Commits the transaction ews_pg_begin() began when @ok, else rolls it back
 * (@error says why already). Returns whether the change was committed. */
gboolean         ews_pg_end          (EwsStorage        *storage,
                                      gboolean           ok,
                                      GError           **error);

/* Sets @error from @result (NULL when libpq gave none) of a statement run
 * on @conn: UNAVAILABLE when the connection is lost or the database is
 * shutting down, CONFLICT for a broken constraint, FAILED otherwise. */
void             ews_pg_set_error    (GError           **error,
                                      PGconn            *conn,
                                      const PGresult    *result);

/* Runs @sql with @n_params text parameters (NULL ones are SQL NULL) on
 * @connection. Returns the result, or NULL with @error in
 * EWS_STORAGE_ERROR: CONFLICT for a broken constraint, FAILED otherwise.
 * Inside a transaction a failed statement is rolled back alone, as in
 * SQLite, so the transaction goes on. */
PGresult        *ews_pg_exec         (EwsPgConnection   *connection,
                                      const char        *sql,
                                      int                n_params,
                                      const char * const *params,
                                      GError           **error);

/* ews_pg_exec() of the statement prepared as @name on @connection. */
PGresult        *ews_pg_exec_named   (EwsPgConnection   *connection,
                                      const char        *name,
                                      int                n_params,
                                      const char * const *params,
                                      GError           **error);

/* ews_pg_exec() on the connection the calling thread holds, or on one of
 * the pool for this statement alone. */
PGresult        *ews_pg_run          (EwsStorage        *storage,
                                      const char        *sql,
                                      int                n_params,
                                      const char * const *params,
                                      GError           **error);

/* ews_pg_run() with its parameters given as pairs, as the SQLite side's
 * statements are bound: 't', "text" (NULL for SQL NULL), 'i', (gint64)
 * number or 'b', (gboolean) flag, ending with 0; at most EWS_PG_MAX_ARGS. */
#define EWS_PG_MAX_ARGS 12

PGresult        *ews_pg_run_args     (EwsStorage        *storage,
                                      const char        *sql,
                                      GError           **error,
                                      ...);
PGresult        *ews_pg_run_valist   (EwsStorage        *storage,
                                      const char        *sql,
                                      GError           **error,
                                      va_list            args);
/* ews_pg_run_args() for a statement whose result tells nothing but
 * whether it succeeded. */
gboolean         ews_pg_change       (EwsStorage        *storage,
                                      const char        *sql,
                                      GError           **error,
                                      ...);

/* The statements of the guests' hot path (ews-storage-pg-statements.c),
 * prepared on every connection once it is made (and made again after the
 * database restarted): a name per session, so one per connection. */
typedef enum
{
  EWS_PG_PREPARED_LIST_VERSION,   /* $1 list_id → version */
  EWS_PG_PREPARED_LIST_GET,       /* $1 list_id → EWS_PG_LIST_COLUMNS */
  EWS_PG_PREPARED_GIFTS_FOR_LIST, /* $1 list_id → EWS_PG_GIFT_COLUMNS, in the list's order */
  EWS_PG_PREPARED_ACCOUNT_GET,    /* $1 user_id → EWS_PG_ACCOUNT_COLUMNS */
  EWS_PG_N_PREPARED
} EwsPgPrepared;

/* Prepares on @connection each statement not prepared on it yet. */
gboolean         ews_pg_prepare      (EwsPgConnection   *connection,
                                      GError           **error);
/* ews_pg_run() of a prepared statement, with as many @params as it takes;
 * prepares it first if the connection was made again without it. */
PGresult        *ews_pg_run_prepared (EwsStorage        *storage,
                                      EwsPgPrepared      statement,
                                      const char * const *params,
                                      GError           **error);

/* A column of @result's row @row: NULL for SQL NULL, else a copy. */
char            *ews_pg_dup          (const PGresult    *result,
                                      int                row,
                                      int                column);
gint64           ews_pg_int64        (const PGresult    *result,
                                      int                row,
                                      int                column);
gboolean         ews_pg_bool         (const PGresult    *result,
                                      int                row,
                                      int                column);

/* Fails with @code and @message when @result, an UPDATE, INSERT or DELETE,
 * changed no row. */
gboolean         ews_pg_must_change  (const PGresult    *result,
                                      EwsStorageError    code,
                                      const char        *message,
                                      GError           **error);

/* Change notices between servers (ews-storage-pg-listen.c). */
typedef struct _EwsPgListener EwsPgListener;

gboolean         ews_pg_announce_change (EwsStorage     *storage,
                                         const char     *list_id,
                                         gint64          version,
                                         const char     *user_id,
                                         GError        **error);
gboolean         ews_pg_list_bump_version (EwsStorage   *storage,
                                           const char   *list_id,
                                           gint64       *version,
                                           GError      **error);
EwsPgListener   *ews_pg_listener_new    (EwsStorage     *storage,
                                         const char     *uri);
void             ews_pg_listener_free   (EwsPgListener  *listener);

/* What the version triggers NOTIFY on, with the list's id (migration 16). */
#define EWS_PG_VERSION_CHANNEL "ewelists_list_version"

/* The lists' versions kept while the listener hears every change
 * (ews-storage-pg-versions.c). Thread-safe. */
typedef struct _EwsPgVersions EwsPgVersions;

EwsPgVersions   *ews_pg_versions_new     (void);
void             ews_pg_versions_free    (EwsPgVersions  *self);
/* TRUE with @version when one is kept and trusted; else FALSE with the
 * epoch to give ews_pg_versions_keep() after reading the version. */
gboolean         ews_pg_versions_lookup  (EwsPgVersions  *self,
                                          const char     *list_id,
                                          gint64         *version,
                                          guint64        *epoch);
/* Keeps @version, read from the database at @read_at (monotonic) after
 * ews_pg_versions_lookup() gave @epoch, unless something was forgotten
 * since or the listener is not listening. */
void             ews_pg_versions_keep    (EwsPgVersions  *self,
                                          guint64         epoch,
                                          const char     *list_id,
                                          gint64          version,
                                          gint64          read_at);
/* Forgets @list_id's version, or every one when NULL. */
void             ews_pg_versions_forget  (EwsPgVersions  *self,
                                          const char     *list_id);
void             ews_pg_versions_set_listening (EwsPgVersions *self,
                                                gboolean       listening);
gboolean         ews_pg_versions_is_listening  (EwsPgVersions *self);
EwsPgVersions   *ews_pg_get_versions     (EwsStoragePg   *self);

void             ews_storage_pg_admins_init_iface       (EwsStorageInterface *iface);
void             ews_storage_pg_lists_init_iface        (EwsStorageInterface *iface);
/* A list's row as every query of lists reads it (ews-storage-pg-lists.c):
 * the co-owned lists too, so that they carry every column. */
#define EWS_PG_LIST_COLUMNS                                                                                  \
  "list_id, owner_id, title, description, occasion, image_url, event_date, state, created_at, reveal_date, " \
  "archived_at, archive_note, currency"
/* A gift's row, as every query of gifts reads it. */
#define EWS_PG_GIFT_COLUMNS \
  "list_id, product_id, type, notes, quantity, reserved, purchased, received, unlimited, most_wanted"
/* An account's row, as every query of users reads it (ews-storage-pg-auth.c). */
#define EWS_PG_ACCOUNT_COLUMNS                                                      \
  "user_id, email_key, email, name, password_hash, confirmed, created_at, language, " \
  "srp_salt, srp_verifier"
EwsList         *ews_storage_pg_list_from_row           (const PGresult      *result,
                                                         int                  row);
void             ews_storage_pg_reservations_init_iface (EwsStorageInterface *iface);
void             ews_storage_pg_products_init_iface     (EwsStorageInterface *iface);
void             ews_storage_pg_rates_init_iface        (EwsStorageInterface *iface);
void             ews_storage_pg_thanks_init_iface       (EwsStorageInterface *iface);
void             ews_storage_pg_auth_init_iface         (EwsAuthStorageInterface *iface);
void             ews_storage_pg_mail_init_iface         (EwsMailStorageInterface *iface);
void             ews_storage_pg_oauth2_init_iface       (EwsOAuth2StorageInterface *iface);
void             ews_storage_pg_coowners_init_iface     (EwsCoownerStorageInterface *iface);
/* Forgets rate buckets that have been full for a while (at start-up). */
gboolean         ews_pg_forget_full_rate_buckets        (EwsStorage          *storage,
                                                         gint64               now_ms,
                                                         GError             **error);

G_END_DECLS
