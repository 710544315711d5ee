/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-storage-pg"

#include "config.h"

#include "ews-storage-pg-private.h"

/* Running statements and reading their results; the statements on the
 * guests' hot path prepared once per connection. */

/* --- prepared statements ------------------------------------------------- */

/* Parsed and planned once per connection instead of on every request: the
 * shared list's version (read for every GET shared, kept answer or not)
 * and the reads that build the answer when the version moved. Their text is
 * that of the statements they replace (ews-storage-pg-lists.c,
 * ews-storage-pg-auth.c), so both read the same columns. */
static const struct
{
  const char *name;
  const char *sql;
  int         n_params;
} prepared[EWS_PG_N_PREPARED] = {
  [EWS_PG_PREPARED_LIST_VERSION] = { "ews_list_version", "SELECT version FROM list_versions WHERE list_id = $1", 1 },
  [EWS_PG_PREPARED_LIST_GET] = { "ews_list_get", "SELECT " EWS_PG_LIST_COLUMNS " FROM lists WHERE list_id = $1", 1 },
  [EWS_PG_PREPARED_GIFTS_FOR_LIST] = { "ews_gifts_for_list",
                                       "SELECT " EWS_PG_GIFT_COLUMNS " FROM gifts WHERE list_id = $1 "
                                       "ORDER BY most_wanted DESC, gift_id",
                                       1 },
  [EWS_PG_PREPARED_ACCOUNT_GET] = { "ews_account_get", "SELECT " EWS_PG_ACCOUNT_COLUMNS " FROM users WHERE user_id = $1", 1 },
};

/* A bit each in EwsPgConnection.prepared. */
G_STATIC_ASSERT (EWS_PG_N_PREPARED <= 32);

gboolean
ews_pg_prepare (EwsPgConnection *connection,
                GError         **error)
{
  for (guint i = 0; i < EWS_PG_N_PREPARED; i++)
    {
      g_autoptr(PGresult) result = NULL;

      /* Each one counted as it is made: a named statement outlives a
       * rolled back transaction, and preparing it again would fail (and
       * abort the transaction it is in). */
      if (connection->prepared & (1u << i))
        continue;

      result = PQprepare (connection->conn, prepared[i].name, prepared[i].sql, prepared[i].n_params, NULL);
      if (PQresultStatus (result) != PGRES_COMMAND_OK)
        {
          ews_pg_set_error (error, connection->conn, result);
          g_prefix_error (error, "Could not prepare the statement %s: ", prepared[i].name);
          return FALSE;
        }
      connection->prepared |= 1u << i;
    }

  return TRUE;
}

PGresult *
ews_pg_run_prepared (EwsStorage         *storage,
                     EwsPgPrepared       statement,
                     const char * const *params,
                     GError            **error)
{
  EwsStoragePg    *self = EWS_STORAGE_PG (storage);
  EwsPgConnection *connection = ews_pg_acquire (self);
  PGresult        *result = NULL;

  g_assert (statement < EWS_PG_N_PREPARED);

  /* Prepared when the connection was made or made again, unless the
   * database failed just then: prepared now. */
  if ((connection->prepared & (1u << statement)) != 0 || ews_pg_prepare (connection, error))
    result = ews_pg_exec_named (connection, prepared[statement].name, prepared[statement].n_params, params, error);

  ews_pg_release (self, connection);
  return result;
}

/* --- parameters given as pairs ------------------------------------------- */

PGresult *
ews_pg_run_valist (EwsStorage *storage,
                   const char *sql,
                   GError    **error,
                   va_list     args)
{
  char        numbers[EWS_PG_MAX_ARGS][32];
  const char *params[EWS_PG_MAX_ARGS];
  int         n_params = 0;
  int         kind;

  while ((kind = va_arg (args, int)) != 0)
    {
      g_assert (n_params < EWS_PG_MAX_ARGS);

      if (kind == 't')
        params[n_params] = va_arg (args, const char *);
      else if (kind == 'b')
        params[n_params] = va_arg (args, gboolean) ? "true" : "false";
      else
        {
          g_snprintf (numbers[n_params], sizeof numbers[n_params], "%" G_GINT64_FORMAT, va_arg (args, gint64));
          params[n_params] = numbers[n_params];
        }
      n_params++;
    }

  return ews_pg_run (storage, sql, n_params, params, error);
}

PGresult *
ews_pg_run_args (EwsStorage *storage,
                 const char *sql,
                 GError    **error,
                 ...)
{
  PGresult *result;
  va_list   args;

  va_start (args, error);
  result = ews_pg_run_valist (storage, sql, error, args);
  va_end (args);

  return result;
}

gboolean
ews_pg_change (EwsStorage *storage,
               const char *sql,
               GError    **error,
               ...)
{
  g_autoptr(PGresult) result = NULL;
  va_list args;

  va_start (args, error);
  result = ews_pg_run_valist (storage, sql, error, args);
  va_end (args);

  return result != NULL;
}

/* --- results -------------------------------------------------------------- */

char *
ews_pg_dup (const PGresult *result,
            int             row,
            int             column)
{
  if (PQgetisnull (result, row, column))
    return NULL;

  return g_strdup (PQgetvalue (result, row, column));
}

gint64
ews_pg_int64 (const PGresult *result,
              int             row,
              int             column)
{
  return g_ascii_strtoll (PQgetvalue (result, row, column), NULL, 10);
}

gboolean
ews_pg_bool (const PGresult *result,
             int             row,
             int             column)
{
  return g_strcmp0 (PQgetvalue (result, row, column), "t") == 0;
}

gboolean
ews_pg_must_change (const PGresult *result,
                    EwsStorageError code,
                    const char     *message,
                    GError        **error)
{
  if (g_strcmp0 (PQcmdTuples ((PGresult *)result), "0") == 0)
    {
      g_set_error_literal (error, EWS_STORAGE_ERROR, code, message);
      return FALSE;
    }

  return TRUE;
}
