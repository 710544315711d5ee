/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-storage-pg"

#include "config.h"

#include "ews-storage-pg-private.h"

/* The PostgreSQL side of EwsOAuth2Storage, statement for statement what
 * ews-storage-sqlite-oauth2.c does: a code one server issued is taken by
 * whichever server the client's token request reaches, and by one only
 * (the UPDATE … WHERE used_at IS NULL holds the row's lock). */

#define CODE_COLUMNS "code_hash, client_id, redirect_uri, code_challenge, nonce, scope, user_id, auth_time, " \
                     "created_at, expires_at, coalesce (used_at, 0), session_id"

#define NO_SUCH_OAUTH2_CODE "No such authorization code."

static EwsOAuth2Code *
code_from_result (const PGresult *result,
                  GError        **error)
{
  EwsOAuth2Code *code;

  if (result == NULL)
    return NULL;

  if (PQntuples (result) == 0)
    {
      g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND, NO_SUCH_OAUTH2_CODE);
      return NULL;
    }

  code = g_new0 (EwsOAuth2Code, 1);
  code->code_hash = ews_pg_dup (result, 0, 0);
  code->client_id = ews_pg_dup (result, 0, 1);
  code->redirect_uri = ews_pg_dup (result, 0, 2);
  code->code_challenge = ews_pg_dup (result, 0, 3);
  code->nonce = ews_pg_dup (result, 0, 4);
  code->scope = ews_pg_dup (result, 0, 5);
  code->user_id = ews_pg_dup (result, 0, 6);
  code->auth_time = ews_pg_int64 (result, 0, 7);
  code->created_at = ews_pg_int64 (result, 0, 8);
  code->expires_at = ews_pg_int64 (result, 0, 9);
  code->used_at = ews_pg_int64 (result, 0, 10);
  code->session_id = ews_pg_dup (result, 0, 11);

  return code;
}

static gboolean
pg_code_insert (EwsOAuth2Storage    *storage,
                const EwsOAuth2Code *code,
                gint64               forget_before,
                GError             **error)
{
  g_autoptr(PGresult) result = NULL;

  if (!ews_pg_change (EWS_STORAGE (storage), "DELETE FROM oauth2_codes WHERE expires_at < $1", error,
                      'i', forget_before, 0))
    return FALSE;

  result = ews_pg_run_args (EWS_STORAGE (storage),
                            "INSERT INTO oauth2_codes (code_hash, client_id, redirect_uri, code_challenge, nonce, "
                            "scope, user_id, auth_time, created_at, expires_at) "
                            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                            error,
                            't', code->code_hash, 't', code->client_id, 't', code->redirect_uri,
                            't', code->code_challenge, 't', code->nonce, 't', code->scope, 't', code->user_id,
                            'i', code->auth_time, 'i', code->created_at, 'i', code->expires_at, 0);
  return result != NULL;
}

static EwsOAuth2Code *
pg_code_take (EwsOAuth2Storage *storage,
              const char       *code_hash,
              gint64            now,
              EwsOAuth2Code   **used,
              GError          **error)
{
  g_autoptr(PGresult) result = NULL;
  g_autoptr(PGresult) previous = NULL;
  g_autoptr(GError) local_error = NULL;
  EwsOAuth2Code *code;

  result = ews_pg_run_args (EWS_STORAGE (storage),
                            "UPDATE oauth2_codes SET used_at = $1 WHERE code_hash = $2 AND used_at IS NULL "
                            "RETURNING " CODE_COLUMNS,
                            error, 'i', now, 't', code_hash, 0);
  if (result == NULL)
    return NULL;

  code = code_from_result (result, &local_error);
  if (code != NULL)
    {
      code->used_at = 0;
      return code;
    }

  previous = ews_pg_run_args (EWS_STORAGE (storage), "SELECT " CODE_COLUMNS " FROM oauth2_codes WHERE code_hash = $1",
                              error, 't', code_hash, 0);
  *used = code_from_result (previous, error);
  if (*used == NULL)
    return NULL;

  g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT,
                       "This authorization code was used already.");
  return NULL;
}

static gboolean
pg_code_set_session (EwsOAuth2Storage *storage,
                     const char       *code_hash,
                     const char       *session_id,
                     GError          **error)
{
  g_autoptr(PGresult) result = NULL;

  result = ews_pg_run_args (EWS_STORAGE (storage), "UPDATE oauth2_codes SET session_id = $1 WHERE code_hash = $2",
                            error, 't', session_id, 't', code_hash, 0);

  return result != NULL && ews_pg_must_change (result, EWS_STORAGE_ERROR_NOT_FOUND, NO_SUCH_OAUTH2_CODE, error);
}

static EwsOAuth2Code *
pg_session_code (EwsOAuth2Storage *storage,
                 const char       *session_id,
                 GError          **error)
{
  g_autoptr(PGresult) result = NULL;

  result = ews_pg_run_args (EWS_STORAGE (storage), "SELECT " CODE_COLUMNS " FROM oauth2_codes WHERE session_id = $1",
                            error, 't', session_id, 0);
  if (result == NULL || PQntuples (result) == 0)
    return NULL;

  return code_from_result (result, error);
}

#define NO_SUCH_UPSTREAM "No such sign-in, or it was used or has expired."

static gboolean
pg_upstream_put (EwsOAuth2Storage *storage,
                 const char       *kind,
                 const char       *key_hash,
                 const char       *data,
                 gint64            now,
                 gint64            expires_at,
                 GError          **error)
{
  g_autoptr(PGresult) result = NULL;

  if (!ews_pg_change (EWS_STORAGE (storage), "DELETE FROM oauth2_upstream WHERE expires_at < $1", error, 'i', now,
                      0))
    return FALSE;

  result = ews_pg_run_args (EWS_STORAGE (storage),
                            "INSERT INTO oauth2_upstream (key_hash, kind, data, created_at, expires_at) "
                            "VALUES ($1, $2, $3, $4, $5)",
                            error, 't', key_hash, 't', kind, 't', data, 'i', now, 'i', expires_at, 0);
  return result != NULL;
}

static char *
pg_upstream_get (EwsOAuth2Storage *storage,
                 const char       *kind,
                 const char       *key_hash,
                 gint64            now,
                 gboolean          take,
                 GError          **error)
{
  g_autoptr(PGresult) result = NULL;

  /* The UPDATE holds the row's lock: one server only takes it. */
  result = ews_pg_run_args (EWS_STORAGE (storage),
                            take ? "UPDATE oauth2_upstream SET used_at = $1 WHERE key_hash = $2 AND kind = $3 "
                                   "AND used_at IS NULL AND expires_at > $1 RETURNING data"
                                 : "SELECT data FROM oauth2_upstream WHERE key_hash = $2 AND kind = $3 "
                                   "AND used_at IS NULL AND expires_at > $1",
                            error, 'i', now, 't', key_hash, 't', kind, 0);
  if (result == NULL)
    return NULL;
  if (PQntuples (result) == 0)
    {
      g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND, NO_SUCH_UPSTREAM);
      return NULL;
    }

  return ews_pg_dup (result, 0, 0);
}

static char *
pg_identity_get (EwsOAuth2Storage *storage,
                 const char       *provider,
                 const char       *subject,
                 GError          **error)
{
  g_autoptr(PGresult) result = NULL;

  result = ews_pg_run_args (EWS_STORAGE (storage),
                            "SELECT user_id FROM oauth2_identities WHERE provider = $1 AND subject = $2", error,
                            't', provider, 't', subject, 0);
  if (result == NULL || PQntuples (result) == 0)
    return NULL;

  return ews_pg_dup (result, 0, 0);
}

static gboolean
pg_identity_insert (EwsOAuth2Storage *storage,
                    const char       *provider,
                    const char       *subject,
                    const char       *user_id,
                    const char       *email,
                    gint64            now,
                    GError          **error)
{
  g_autoptr(PGresult) result = NULL;

  result = ews_pg_run_args (EWS_STORAGE (storage),
                            "INSERT INTO oauth2_identities (provider, subject, user_id, email, created_at) "
                            "VALUES ($1, $2, $3, $4, $5)",
                            error, 't', provider, 't', subject, 't', user_id, 't', email, 'i', now, 0);
  return result != NULL;
}

void
ews_storage_pg_oauth2_init_iface (EwsOAuth2StorageInterface *iface)
{
  iface->code_insert = pg_code_insert;
  iface->code_take = pg_code_take;
  iface->code_set_session = pg_code_set_session;
  iface->session_code = pg_session_code;
  iface->upstream_put = pg_upstream_put;
  iface->upstream_get = pg_upstream_get;
  iface->identity_get = pg_identity_get;
  iface->identity_insert = pg_identity_insert;
}
