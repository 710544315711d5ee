/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-storage-pg"

#include "config.h"

#include <poll.h>
#include <string.h>

#include "ews-storage-pg-private.h"
#include "ews-storage-rules.h"

/* The advisory lock that servers starting together take before looking at
 * the schema, so that one of them migrates and the others then find the
 * work done. Any number would do, as long as nothing else in the database
 * uses it: these are "ewel" in ASCII. */
#define MIGRATION_LOCK_KEY "1702323564"

/* Idempotency-Key answers are kept this long, as by the SQLite backend: a
 * client retries within minutes, or after being offline for days, but not
 * weeks. */
#define IDEMPOTENCY_KEEP_SECONDS (30 * 24 * 60 * 60)

struct _EwsStoragePg
{
  GObject        parent_instance;

  GMutex         lock;
  GCond          idle_changed;
  /* owned, of EwsPgConnection: every connection, and those no thread holds */
  GPtrArray     *connections;
  GPtrArray     *idle;
  /* GThread → EwsPgConnection, the ones held */
  GHashTable    *held;

  guint          mail_lease_seconds; /* set once, before any thread sends mail */

  char          *uri;
  EwsPgListener *listener; /* once the server watches changes */
  EwsPgVersions *versions;
};

static void ews_storage_pg_iface_init (EwsStorageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (EwsStoragePg, ews_storage_pg, G_TYPE_OBJECT, G_IMPLEMENT_INTERFACE (EWS_TYPE_STORAGE, ews_storage_pg_iface_init) G_IMPLEMENT_INTERFACE (EWS_TYPE_AUTH_STORAGE, ews_storage_pg_auth_init_iface) G_IMPLEMENT_INTERFACE (EWS_TYPE_MAIL_STORAGE, ews_storage_pg_mail_init_iface) G_IMPLEMENT_INTERFACE (EWS_TYPE_OAUTH2_STORAGE, ews_storage_pg_oauth2_init_iface) G_IMPLEMENT_INTERFACE (EWS_TYPE_COOWNER_STORAGE, ews_storage_pg_coowners_init_iface))

/* --- errors -------------------------------------------------------------- */

/* The same errors the SQLite backend gives: a broken constraint (SQLSTATE
 * class 23) is the caller's conflict, anything else is the database's
 * failure. */
void
ews_pg_set_error (GError        **error,
                  PGconn         *conn,
                  const PGresult *result)
{
  const char      *sqlstate = result != NULL ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  g_autofree char *detail = g_strdup (result != NULL ? PQresultErrorMessage (result) : PQerrorMessage (conn));

  g_strstrip (detail);
  /* A connection lost (class 08, or none left to say it) or a server
   * shutting down (57P01-57P03): the database is restarting or out of
   * reach. Whatever was under way is rolled back with the connection, so
   * the caller may simply try again. */
  if (PQstatus (conn) == CONNECTION_BAD ||
      (sqlstate != NULL && (g_str_has_prefix (sqlstate, "08") || g_str_has_prefix (sqlstate, "57P0"))))
    g_set_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_UNAVAILABLE,
                 "The database cannot be reached just now: %s", detail);
  else if (sqlstate != NULL && g_str_has_prefix (sqlstate, "23"))
    g_set_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT,
                 "The change conflicts with what is stored (%s).", detail);
  else
    g_set_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_FAILED,
                 "The database failed: %s", detail);
}

static gboolean
result_ok (const PGresult *result)
{
  ExecStatusType status = PQresultStatus (result);

  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

/* Runs @sql, which may hold several statements and no parameters. */
static gboolean
exec_script (PGconn     *conn,
             const char *sql,
             GError    **error)
{
  g_autoptr(PGresult) result = PQexec (conn, sql);

  if (!result_ok (result))
    {
      ews_pg_set_error (error, conn, result);
      return FALSE;
    }

  return TRUE;
}

/* @name: a statement prepared on @connection, run instead of @sql. */
static PGresult *
exec_statement (EwsPgConnection    *connection,
                const char         *sql,
                const char         *name,
                int                 n_params,
                const char * const *params,
                GError            **error)
{
  g_autoptr(PGresult) result = NULL;
  gboolean in_transaction = connection->depth > 0;

  /* PostgreSQL aborts a whole transaction on any failed statement, where
   * SQLite fails the statement alone; the routes rely on the latter (a
   * duplicate refused, then the Idempotency-Key record stored). */
  if (in_transaction && !exec_script (connection->conn, "SAVEPOINT ews_statement", error))
    return NULL;

  /* The prepared statements are all reads (ews-storage-pg-statements.c). */
  if (sql != NULL && g_ascii_strncasecmp (sql, "SELECT", 6) != 0)
    connection->wrote = TRUE;

  if (name != NULL)
    result = PQexecPrepared (connection->conn, name, n_params, params, NULL, NULL, 0);
  else
    result = PQexecParams (connection->conn, sql, n_params, NULL, params, NULL, NULL, 0);
  if (!result_ok (result))
    {
      ews_pg_set_error (error, connection->conn, result);
      if (in_transaction)
        exec_script (connection->conn, "ROLLBACK TO SAVEPOINT ews_statement; RELEASE SAVEPOINT ews_statement", NULL);
      return NULL;
    }

  if (in_transaction && !exec_script (connection->conn, "RELEASE SAVEPOINT ews_statement", error))
    return NULL;

  return g_steal_pointer (&result);
}

PGresult *
ews_pg_exec (EwsPgConnection    *connection,
             const char         *sql,
             int                 n_params,
             const char * const *params,
             GError            **error)
{
  return exec_statement (connection, sql, NULL, n_params, params, error);
}

PGresult *
ews_pg_exec_named (EwsPgConnection    *connection,
                   const char         *name,
                   int                 n_params,
                   const char * const *params,
                   GError            **error)
{
  return exec_statement (connection, NULL, name, n_params, params, error);
}

PGresult *
ews_pg_run (EwsStorage         *storage,
            const char         *sql,
            int                 n_params,
            const char * const *params,
            GError            **error)
{
  EwsStoragePg    *self = EWS_STORAGE_PG (storage);
  EwsPgConnection *connection = ews_pg_acquire (self);
  PGresult        *result = ews_pg_exec (connection, sql, n_params, params, error);

  ews_pg_release (self, connection);
  return result;
}

/* --- the pool ------------------------------------------------------------ */

static void
connection_free (EwsPgConnection *connection)
{
  g_clear_pointer (&connection->conn, PQfinish);
  g_free (connection);
}

/* An idle connection has nothing to read, unless the server has ended it:
 * a server shutting down sends an error, then closes. Reading that (never
 * blocking) marks the connection bad before a request's statement fails on
 * it. */
static void
read_what_the_server_said (PGconn *conn)
{
  struct pollfd readable = { .fd = PQsocket (conn), .events = POLLIN };

  while (PQstatus (conn) == CONNECTION_OK && poll (&readable, 1, 0) == 1 && PQconsumeInput (conn))
    ;
}

EwsPgConnection *
ews_pg_acquire (EwsStoragePg *self)
{
  EwsPgConnection *connection;
  gboolean         taken_now = FALSE;

  g_mutex_lock (&self->lock);
  connection = g_hash_table_lookup (self->held, g_thread_self ());
  if (connection == NULL)
    {
      while (self->idle->len == 0)
        g_cond_wait (&self->idle_changed, &self->lock);
      connection = g_ptr_array_steal_index (self->idle, self->idle->len - 1);
      g_hash_table_insert (self->held, g_thread_self (), connection);
      taken_now = TRUE;
    }
  connection->uses++;
  g_mutex_unlock (&self->lock);

  /* A database restarted under us: the next statement gets a connection
   * again instead of failing until we restart too. Outside the lock, which
   * other threads would otherwise wait on while this one connects. */
  if (taken_now)
    {
      read_what_the_server_said (connection->conn);
      if (PQstatus (connection->conn) == CONNECTION_BAD)
        {
          /* A new session: the old one's prepared statements went with it. */
          PQreset (connection->conn);
          connection->prepared = 0;
          if (PQstatus (connection->conn) == CONNECTION_OK)
            ews_pg_prepare (connection, NULL);
        }
    }

  return connection;
}

void
ews_pg_release (EwsStoragePg    *self,
                EwsPgConnection *connection)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  g_assert (connection->uses > 0);
  connection->uses--;
  if (connection->uses > 0 || connection->depth > 0)
    return;

  /* After the commit (or the statement outside a transaction), before the
   * answer of the request that wrote goes out: its client reads its own
   * write, without waiting for the notice. */
  if (connection->wrote)
    {
      connection->wrote = FALSE;
      ews_pg_versions_forget (self->versions, NULL);
    }

  g_hash_table_remove (self->held, g_thread_self ());
  g_ptr_array_add (self->idle, connection);
  g_cond_signal (&self->idle_changed);
}

/* --- transactions -------------------------------------------------------- */

/* A transaction holds its connection from begin to its end, beyond the
 * acquisition that begin makes: the pool counts it in depth. */
gboolean
ews_pg_begin (EwsStorage *storage,
              GError    **error)
{
  EwsStoragePg    *self = EWS_STORAGE_PG (storage);
  EwsPgConnection *connection = ews_pg_acquire (self);
  g_autofree char *sql = NULL;

  sql = connection->depth == 0 ? g_strdup ("BEGIN")
                               : g_strdup_printf ("SAVEPOINT ews_nested_%u", connection->depth);
  if (!exec_script (connection->conn, sql, error))
    {
      ews_pg_release (self, connection);
      return FALSE;
    }

  connection->depth++;
  ews_pg_release (self, connection);
  return TRUE;
}

/* Ends the innermost transaction: commits or releases it when @commit,
 * else rolls it back. */
static gboolean
end_transaction (EwsStoragePg *self,
                 gboolean      commit,
                 GError      **error)
{
  EwsPgConnection *connection = ews_pg_acquire (self);
  g_autoptr(PGresult) result = NULL;
  g_autofree char *sql = NULL;
  gboolean         ok = TRUE;

  if (connection->depth == 0)
    {
      g_critical ("A commit or rollback without a transaction: every one ends one begin.");
      ews_pg_release (self, connection);
      return FALSE;
    }

  connection->depth--;
  if (connection->depth == 0)
    sql = g_strdup (commit ? "COMMIT" : "ROLLBACK");
  else if (commit)
    sql = g_strdup_printf ("RELEASE SAVEPOINT ews_nested_%u", connection->depth);
  else
    sql = g_strdup_printf ("ROLLBACK TO SAVEPOINT ews_nested_%u; RELEASE SAVEPOINT ews_nested_%u",
                           connection->depth, connection->depth);

  result = PQexec (connection->conn, sql);
  if (!result_ok (result))
    {
      ews_pg_set_error (error, connection->conn, result);
      ok = FALSE;
      /* A savepoint that could not be released leaves the outer
       * transaction as it was; the caller's rollback of it follows. */
    }
  /* PostgreSQL answers COMMIT on an aborted transaction with ROLLBACK. */
  else if (commit && connection->depth == 0 && g_strcmp0 (PQcmdStatus (result), "ROLLBACK") == 0)
    {
      g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_FAILED,
                           "The database failed: the transaction was rolled back.");
      ok = FALSE;
    }

  ews_pg_release (self, connection);
  return ok;
}

gboolean
ews_pg_commit (EwsStorage *storage,
               GError    **error)
{
  return end_transaction (EWS_STORAGE_PG (storage), TRUE, error);
}

void
ews_pg_rollback (EwsStorage *storage)
{
  g_autoptr(GError) error = NULL;

  if (!end_transaction (EWS_STORAGE_PG (storage), FALSE, &error))
    g_warning ("Could not roll back: %s", error->message);
}

gboolean
ews_pg_end (EwsStorage *storage,
            gboolean    ok,
            GError    **error)
{
  if (!ok)
    {
      ews_pg_rollback (storage);
      return FALSE;
    }

  return ews_pg_commit (storage, error);
}

/* --- contact and idempotency --------------------------------------------- */

static gboolean
pg_contact_insert (EwsStorage *storage,
                   gint64      message_id,
                   const char *name,
                   const char *email,
                   const char *message,
                   GError    **error)
{
  g_autoptr(PGresult) result = NULL;
  char        message_id_text[32];
  char        created_at[32];
  const char *params[] = { message_id_text, name, email, message, created_at };

  g_snprintf (message_id_text, sizeof message_id_text, "%" G_GINT64_FORMAT, message_id);
  g_snprintf (created_at, sizeof created_at, "%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);
  result = ews_pg_run (storage, "INSERT INTO contact_messages (message_id, name, email, message, created_at) "
                                "VALUES ($1, $2, $3, $4, $5)",
                       G_N_ELEMENTS (params), params, error);
  return result != NULL;
}

static GPtrArray *
pg_contact_messages (EwsStorage *storage,
                     GError    **error)
{
  g_autoptr(PGresult) result = NULL;
  GPtrArray *messages;

  result = ews_pg_run (storage, "SELECT message_id, name, email, message, created_at FROM contact_messages "
                                "ORDER BY created_at, seq",
                       0, NULL, error);
  if (result == NULL)
    return NULL;

  messages = g_ptr_array_new_with_free_func ((GDestroyNotify)ews_contact_message_free);
  for (int row = 0; row < PQntuples (result); row++)
    {
      EwsContactMessage *message = g_new0 (EwsContactMessage, 1);

      message->message_id = ews_pg_int64 (result, row, 0);
      message->name = ews_pg_dup (result, row, 1);
      message->email = ews_pg_dup (result, row, 2);
      message->message = ews_pg_dup (result, row, 3);
      message->created_at = ews_pg_int64 (result, row, 4);
      g_ptr_array_add (messages, message);
    }

  return messages;
}

static EwsIdempotentReply *
pg_idempotency_lookup (EwsStorage *storage,
                       const char *scope,
                       const char *key,
                       GError    **error)
{
  g_autoptr(PGresult) result = NULL;
  const char         *params[] = { scope, key };
  EwsIdempotentReply *reply;

  result = ews_pg_run (storage, "SELECT fingerprint, status, body FROM idempotency_keys "
                                "WHERE scope = $1 AND key = $2",
                       2, params, error);
  if (result == NULL)
    return NULL;

  if (PQntuples (result) == 0)
    {
      g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND,
                           EWS_STORAGE_UNUSED_IDEMPOTENCY_KEY);
      return NULL;
    }

  reply = g_new0 (EwsIdempotentReply, 1);
  reply->fingerprint = ews_pg_dup (result, 0, 0);
  reply->status = (guint)ews_pg_int64 (result, 0, 1);
  reply->body = ews_pg_dup (result, 0, 2);

  return reply;
}

static gboolean
pg_idempotency_store (EwsStorage               *storage,
                      const char               *scope,
                      const char               *key,
                      const EwsIdempotentReply *reply,
                      GError                  **error)
{
  g_autoptr(PGresult) result = NULL;
  char        status[16];
  char        created_at[32];
  const char *params[] = { scope, key, reply->fingerprint, status, reply->body ? reply->body : "", created_at };

  g_snprintf (status, sizeof status, "%u", reply->status);
  g_snprintf (created_at, sizeof created_at, "%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);
  result = ews_pg_run (storage, "INSERT INTO idempotency_keys (scope, key, fingerprint, status, body, created_at) "
                                "VALUES ($1, $2, $3, $4, $5, $6)",
                       G_N_ELEMENTS (params), params, error);
  return result != NULL;
}

static gboolean
forget_old_idempotency_keys (EwsStorage *storage,
                             GError    **error)
{
  g_autoptr(PGresult) result = NULL;
  char        before[32];
  const char *params[] = { before };

  g_snprintf (before, sizeof before, "%" G_GINT64_FORMAT,
              g_get_real_time () / G_USEC_PER_SEC - IDEMPOTENCY_KEEP_SECONDS);
  result = ews_pg_run (storage, "DELETE FROM idempotency_keys WHERE created_at < $1", 1, params, error);
  return result != NULL;
}

/* --- opening and migrations ---------------------------------------------- */

static gboolean
migrate_locked (PGconn  *conn,
                GError **error)
{
  g_autoptr(PGresult) result = NULL;
  gint64 version;

  if (!exec_script (conn, "CREATE TABLE IF NOT EXISTS ews_schema_migrations ("
                          "  version    integer PRIMARY KEY,"
                          "  applied_at bigint NOT NULL"
                          ")",
                    error))
    return FALSE;

  result = PQexec (conn, "SELECT coalesce (max (version), 0) FROM ews_schema_migrations");
  if (!result_ok (result))
    {
      ews_pg_set_error (error, conn, result);
      return FALSE;
    }
  version = ews_pg_int64 (result, 0, 0);

  if (version > ews_pg_n_migrations)
    {
      g_set_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_FAILED,
                   "The database has schema version %" G_GINT64_FORMAT " but this ewelists-server "
                   "only knows up to %u. Run a newer ewelists-server.",
                   version, ews_pg_n_migrations);
      return FALSE;
    }

  for (guint i = (guint)version; i < ews_pg_n_migrations; i++)
    {
      g_autofree char *record = g_strdup_printf ("INSERT INTO ews_schema_migrations (version, applied_at) "
                                                 "VALUES (%u, %" G_GINT64_FORMAT ")",
                                                 i + 1, g_get_real_time () / G_USEC_PER_SEC);

      if (!exec_script (conn, "BEGIN", error))
        return FALSE;

      if (!exec_script (conn, ews_pg_migrations[i], error) || !exec_script (conn, record, error))
        {
          exec_script (conn, "ROLLBACK", NULL);
          g_prefix_error (error, "Could not upgrade the database to schema version %u: ", i + 1);
          return FALSE;
        }

      if (!exec_script (conn, "COMMIT", error))
        return FALSE;

      g_debug ("Database upgraded to schema version %u", i + 1);
    }

  return TRUE;
}

/* The lock is the session's, not a transaction's, because each step
 * commits on its own; it is released however the steps end. */
static gboolean
migrate (PGconn  *conn,
         GError **error)
{
  gboolean ok;

  if (!exec_script (conn, "SELECT pg_advisory_lock (" MIGRATION_LOCK_KEY ")", error))
    return FALSE;

  ok = migrate_locked (conn, error);

  exec_script (conn, "SELECT pg_advisory_unlock (" MIGRATION_LOCK_KEY ")", NULL);
  return ok;
}

/* "NOTICE: relation … already exists, skipping" and the like are for
 * whoever debugs, not for the server's log. */
static void
log_notice (void       *data,
            const char *message)
{
  g_debug ("%s", message);
}

static PGconn *
connect_to (const char *uri,
            GError    **error)
{
  PGconn *conn = PQconnectdb (uri);

  if (PQstatus (conn) != CONNECTION_OK)
    {
      g_autofree char *detail = g_strstrip (g_strdup (PQerrorMessage (conn)));

      g_set_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_FAILED,
                   "Could not connect to the PostgreSQL database: %s", detail);
      PQfinish (conn);
      return NULL;
    }

  PQsetNoticeProcessor (conn, log_notice, NULL);
  return conn;
}

EwsStorage *
ews_storage_pg_open (const char *uri,
                     guint       n_connections,
                     GError    **error)
{
  g_autoptr(EwsStoragePg) self = NULL;

  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (n_connections > 0, NULL);

  self = g_object_new (EWS_TYPE_STORAGE_PG, NULL);
  self->uri = g_strdup (uri);

  for (guint i = 0; i < n_connections; i++)
    {
      EwsPgConnection *connection = g_new0 (EwsPgConnection, 1);

      connection->conn = connect_to (uri, error);
      if (connection->conn == NULL)
        {
          connection_free (connection);
          return NULL;
        }
      g_ptr_array_add (self->connections, connection);
      g_ptr_array_add (self->idle, connection);
    }

  if (!migrate (((EwsPgConnection *)self->connections->pdata[0])->conn, error))
    return NULL;

  /* After the migrations: the statements name their tables. */
  for (guint i = 0; i < self->connections->len; i++)
    if (!ews_pg_prepare (self->connections->pdata[i], error))
      return NULL;

  if (!forget_old_idempotency_keys (EWS_STORAGE (self), error) ||
      !ews_pg_forget_full_rate_buckets (EWS_STORAGE (self), g_get_real_time () / 1000, error))
    return NULL;

  return EWS_STORAGE (g_steal_pointer (&self));
}

void
ews_storage_pg_set_mail_lease (EwsStoragePg *self,
                               guint         seconds)
{
  g_return_if_fail (EWS_IS_STORAGE_PG (self));
  g_return_if_fail (seconds > 0);

  self->mail_lease_seconds = seconds;
}

guint
ews_pg_mail_lease (EwsStoragePg *self)
{
  return self->mail_lease_seconds;
}

/* --- GObject ------------------------------------------------------------- */

static void
ews_storage_pg_finalize (GObject *object)
{
  EwsStoragePg *self = (EwsStoragePg *)object;

  g_clear_pointer (&self->listener, ews_pg_listener_free);
  g_clear_pointer (&self->versions, ews_pg_versions_free);
  g_free (self->uri);
  g_clear_pointer (&self->held, g_hash_table_unref);
  g_clear_pointer (&self->idle, g_ptr_array_unref);
  g_clear_pointer (&self->connections, g_ptr_array_unref);
  g_cond_clear (&self->idle_changed);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (ews_storage_pg_parent_class)->finalize (object);
}

static void
ews_storage_pg_class_init (EwsStoragePgClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ews_storage_pg_finalize;
}

static void
ews_storage_pg_init (EwsStoragePg *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->idle_changed);
  self->connections = g_ptr_array_new_with_free_func ((GDestroyNotify)connection_free);
  self->idle = g_ptr_array_new ();
  self->held = g_hash_table_new (NULL, NULL);
  self->mail_lease_seconds = EWS_STORAGE_PG_MAIL_LEASE_SECONDS;
  self->versions = ews_pg_versions_new ();
}

EwsPgVersions *
ews_pg_get_versions (EwsStoragePg *self)
{
  return self->versions;
}

gboolean
ews_storage_pg_trusts_kept_versions (EwsStoragePg *self)
{
  g_return_val_if_fail (EWS_IS_STORAGE_PG (self), FALSE);

  return ews_pg_versions_is_listening (self->versions);
}

static void
pg_watch_changes (EwsStorage *storage)
{
  EwsStoragePg *self = EWS_STORAGE_PG (storage);

  if (self->listener == NULL)
    self->listener = ews_pg_listener_new (storage, self->uri);
}

static void
ews_storage_pg_iface_init (EwsStorageInterface *iface)
{
  iface->announce_change = ews_pg_announce_change;
  iface->watch_changes = pg_watch_changes;
  iface->list_bump_version = ews_pg_list_bump_version;

  iface->begin = ews_pg_begin;
  iface->commit = ews_pg_commit;
  iface->rollback = ews_pg_rollback;

  iface->contact_insert = pg_contact_insert;
  iface->contact_messages = pg_contact_messages;
  iface->idempotency_lookup = pg_idempotency_lookup;
  iface->idempotency_store = pg_idempotency_store;

  ews_storage_pg_admins_init_iface (iface);
  ews_storage_pg_lists_init_iface (iface);
  ews_storage_pg_reservations_init_iface (iface);
  ews_storage_pg_products_init_iface (iface);
  ews_storage_pg_rates_init_iface (iface);
  ews_storage_pg_thanks_init_iface (iface);
}
