/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-storage-pg"

#include "config.h"

#include "ews-storage-pg-private.h"

/* The PostgreSQL side of EwsAuthStorage, statement for statement what
 * ews-storage-sqlite-auth.c does, on the tables of migration 2: users,
 * auth_codes, auth_sessions, sign_in_failures and signing_keys. Being in
 * the database is what lets any server answer any request: a refresh token
 * issued by one is found by the others, a lockout holds on all of them, and
 * they all sign with the same current key. */

static const char *
purpose_name (EwsAuthCodePurpose purpose)
{
  switch (purpose)
    {
    case EWS_AUTH_CODE_SIGN_UP:
      return "sign-up";
    case EWS_AUTH_CODE_RESET:
      return "reset";
    default:
      g_return_val_if_reached ("sign-up");
    }
}

/* @result holds at most one row, as the statements of the *_query()
 * functions select by a unique column: NULL and NOT_FOUND when none. */
static gboolean
has_one_row (const PGresult *result,
             const char     *not_found,
             GError        **error)
{
  if (result == NULL)
    return FALSE;

  if (PQntuples (result) == 0)
    {
      g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND, not_found);
      return FALSE;
    }

  return TRUE;
}

/* --- accounts ------------------------------------------------------------ */

static gboolean
pg_account_insert (EwsAuthStorage   *storage,
                   const EwsAccount *account,
                   GError          **error)
{
  g_autoptr(PGresult) result = NULL;

  result = ews_pg_run_args (EWS_STORAGE (storage),
                            "INSERT INTO users (user_id, email_key, email, name, password_hash, confirmed, "
                            "created_at, language) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                            error,
                            't', account->user_id, 't', account->email_key, 't', account->email,
                            't', account->name, 't', account->password_hash, 'b', account->confirmed,
                            'i', account->created_at, 't', account->language != NULL ? account->language : "", 0);
  return result != NULL;
}

/* @where names a unique column, so there is one row or none. */
static EwsAccount *
account_query (EwsAuthStorage *storage,
               const char     *where,
               const char     *value,
               GError        **error)
{
  g_autofree char *sql = NULL;
  g_autoptr(PGresult) result = NULL;
  EwsAccount *account;

  /* By id: the owner's name on every shared list built. */
  if (g_str_equal (where, "user_id"))
    {
      const char *params[] = { value };

      result = ews_pg_run_prepared (EWS_STORAGE (storage), EWS_PG_PREPARED_ACCOUNT_GET, params, error);
    }
  else
    {
      sql = g_strconcat ("SELECT " EWS_PG_ACCOUNT_COLUMNS " FROM users WHERE ", where, " = $1", NULL);
      result = ews_pg_run_args (EWS_STORAGE (storage), sql, error, 't', value, 0);
    }

  if (!has_one_row (result, "No such account.", error))
    return NULL;

  account = g_new0 (EwsAccount, 1);
  account->user_id = ews_pg_dup (result, 0, 0);
  account->email_key = ews_pg_dup (result, 0, 1);
  account->email = ews_pg_dup (result, 0, 2);
  account->name = ews_pg_dup (result, 0, 3);
  account->password_hash = ews_pg_dup (result, 0, 4);
  account->confirmed = ews_pg_bool (result, 0, 5);
  account->created_at = ews_pg_int64 (result, 0, 6);
  account->language = ews_pg_dup (result, 0, 7);
  account->srp_salt = ews_pg_dup (result, 0, 8);
  account->srp_verifier = ews_pg_dup (result, 0, 9);

  return account;
}

static EwsAccount *
pg_account_get (EwsAuthStorage *storage,
                const char     *user_id,
                GError        **error)
{
  return account_query (storage, "user_id", user_id, error);
}

static EwsAccount *
pg_account_get_by_email (EwsAuthStorage *storage,
                         const char     *email_key,
                         GError        **error)
{
  return account_query (storage, "email_key", email_key, error);
}

static gboolean
pg_account_set_confirmed (EwsAuthStorage *storage,
                          const char     *user_id,
                          GError        **error)
{
  return ews_pg_change (EWS_STORAGE (storage),
                        "UPDATE users SET confirmed = true WHERE user_id = $1",
                        error, 't', user_id, 0);
}

static gboolean
pg_account_set_password (EwsAuthStorage *storage,
                         const char     *user_id,
                         const char     *password_hash,
                         GError        **error)
{
  /* The old SRP verifier would still prove the old password. */
  return ews_pg_change (EWS_STORAGE (storage),
                        "UPDATE users SET password_hash = $1, srp_salt = NULL, srp_verifier = NULL "
                        "WHERE user_id = $2",
                        error, 't', password_hash, 't', user_id, 0);
}

static gboolean
pg_account_set_srp (EwsAuthStorage *storage,
                    const char     *user_id,
                    const char     *srp_salt,
                    const char     *srp_verifier,
                    GError        **error)
{
  return ews_pg_change (EWS_STORAGE (storage), "UPDATE users SET srp_salt = $1, srp_verifier = $2 WHERE user_id = $3",
                        error, 't', srp_salt, 't', srp_verifier, 't', user_id, 0);
}

/* An answered challenge is remembered until it has expired anyway, so that
 * a SECRET_BLOCK is good for one answer on any server. */
static gboolean
pg_srp_challenge_use (EwsAuthStorage *storage,
                      const char     *challenge_id,
                      gint64          expires_at,
                      gint64          now,
                      GError        **error)
{
  g_autoptr(PGresult) result = NULL;

  if (!ews_pg_change (EWS_STORAGE (storage), "DELETE FROM srp_challenges_used WHERE expires_at < $1", error,
                      'i', now, 0))
    return FALSE;

  result = ews_pg_run_args (EWS_STORAGE (storage),
                            "INSERT INTO srp_challenges_used (challenge_id, expires_at) VALUES ($1, $2) "
                            "ON CONFLICT DO NOTHING",
                            error, 't', challenge_id, 'i', expires_at, 0);
  if (result == NULL)
    return FALSE;

  if (g_strcmp0 (PQcmdTuples (result), "1") != 0)
    {
      g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT,
                           "This SRP challenge was answered already.");
      return FALSE;
    }

  return TRUE;
}

/* --- codes --------------------------------------------------------------- */

static gboolean
pg_code_set (EwsAuthStorage    *storage,
             const char        *user_id,
             EwsAuthCodePurpose purpose,
             const char        *code_hash,
             gint64             created_at,
             gint64             expires_at,
             GError           **error)
{
  return ews_pg_change (EWS_STORAGE (storage),
                        "INSERT INTO auth_codes (user_id, purpose, code_hash, created_at, expires_at, attempts) "
                        "VALUES ($1, $2, $3, $4, $5, 0) "
                        "ON CONFLICT (user_id, purpose) DO UPDATE SET code_hash = excluded.code_hash, "
                        "  created_at = excluded.created_at, expires_at = excluded.expires_at, attempts = 0",
                        error,
                        't', user_id, 't', purpose_name (purpose), 't', code_hash,
                        'i', created_at, 'i', expires_at, 0);
}

static EwsAuthCode *
pg_code_get (EwsAuthStorage    *storage,
             const char        *user_id,
             EwsAuthCodePurpose purpose,
             GError           **error)
{
  g_autoptr(PGresult) result = NULL;
  EwsAuthCode *code;

  result = ews_pg_run_args (EWS_STORAGE (storage),
                            "SELECT code_hash, created_at, expires_at, attempts FROM auth_codes "
                            "WHERE user_id = $1 AND purpose = $2",
                            error, 't', user_id, 't', purpose_name (purpose), 0);
  if (!has_one_row (result, "No such code.", error))
    return NULL;

  code = g_new0 (EwsAuthCode, 1);
  code->code_hash = ews_pg_dup (result, 0, 0);
  code->created_at = ews_pg_int64 (result, 0, 1);
  code->expires_at = ews_pg_int64 (result, 0, 2);
  code->attempts = (guint)ews_pg_int64 (result, 0, 3);

  return code;
}

static gboolean
pg_code_add_attempt (EwsAuthStorage    *storage,
                     const char        *user_id,
                     EwsAuthCodePurpose purpose,
                     GError           **error)
{
  /* One UPDATE, so that guesses arriving at two servers at once both count. */
  return ews_pg_change (EWS_STORAGE (storage),
                        "UPDATE auth_codes SET attempts = attempts + 1 WHERE user_id = $1 AND purpose = $2",
                        error, 't', user_id, 't', purpose_name (purpose), 0);
}

static gboolean
pg_code_delete (EwsAuthStorage    *storage,
                const char        *user_id,
                EwsAuthCodePurpose purpose,
                GError           **error)
{
  return ews_pg_change (EWS_STORAGE (storage), "DELETE FROM auth_codes WHERE user_id = $1 AND purpose = $2",
                        error, 't', user_id, 't', purpose_name (purpose), 0);
}

/* --- sessions ------------------------------------------------------------ */

/* Sessions a day past their expiry (revoked or not) can never be used
 * again; a sign-in clears them out, so the table does not only grow. */
#define SESSION_KEEP_AFTER_EXPIRY (24 * 60 * 60)

static gboolean
pg_session_insert (EwsAuthStorage       *storage,
                   const EwsAuthSession *session,
                   const char           *token_hash,
                   GError              **error)
{
  if (!ews_pg_change (EWS_STORAGE (storage), "DELETE FROM auth_sessions WHERE expires_at < $1", error,
                      'i', session->created_at - SESSION_KEEP_AFTER_EXPIRY, 0))
    return FALSE;

  return ews_pg_change (EWS_STORAGE (storage),
                        "INSERT INTO auth_sessions (session_id, token_hash, user_id, created_at, expires_at, client) "
                        "VALUES ($1, $2, $3, $4, $5, $6)",
                        error,
                        't', session->session_id, 't', token_hash, 't', session->user_id,
                        'i', session->created_at, 'i', session->expires_at,
                        't', session->client != NULL ? session->client : "", 0);
}

/* @where names a unique column, so there is one row or none. */
static EwsAuthSession *
session_query (EwsAuthStorage *storage,
               const char     *where,
               const char     *value,
               GError        **error)
{
  g_autofree char *sql = g_strconcat ("SELECT session_id, user_id, created_at, expires_at, "
                                      "coalesce (revoked_at, 0) FROM auth_sessions WHERE ",
                                      where, " = $1", NULL);
  g_autoptr(PGresult) result = ews_pg_run_args (EWS_STORAGE (storage), sql, error, 't', value, 0);
  EwsAuthSession *session;

  if (!has_one_row (result, "No such session.", error))
    return NULL;

  session = g_new0 (EwsAuthSession, 1);
  session->session_id = ews_pg_dup (result, 0, 0);
  session->user_id = ews_pg_dup (result, 0, 1);
  session->created_at = ews_pg_int64 (result, 0, 2);
  session->expires_at = ews_pg_int64 (result, 0, 3);
  session->revoked_at = ews_pg_int64 (result, 0, 4);

  return session;
}

static EwsAuthSession *
pg_session_get (EwsAuthStorage *storage,
                const char     *session_id,
                GError        **error)
{
  return session_query (storage, "session_id", session_id, error);
}

static EwsAuthSession *
pg_session_get_by_token (EwsAuthStorage *storage,
                         const char     *token_hash,
                         GError        **error)
{
  return session_query (storage, "token_hash", token_hash, error);
}

static gboolean
pg_sessions_revoke (EwsAuthStorage *storage,
                    const char     *user_id,
                    gint64          now,
                    GError        **error)
{
  return ews_pg_change (EWS_STORAGE (storage),
                        "UPDATE auth_sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
                        error, 'i', now, 't', user_id, 0);
}

static gboolean
pg_session_revoke (EwsAuthStorage *storage,
                   const char     *session_id,
                   gint64          now,
                   GError        **error)
{
  return ews_pg_change (EWS_STORAGE (storage),
                        "UPDATE auth_sessions SET revoked_at = $1 WHERE session_id = $2 AND revoked_at IS NULL",
                        error, 'i', now, 't', session_id, 0);
}

/* --- throttling ---------------------------------------------------------- */

static gboolean
pg_failures_get (EwsAuthStorage *storage,
                 const char     *email_key,
                 const char     *client,
                 guint          *failures,
                 gint64         *locked_until_ms,
                 GError        **error)
{
  g_autoptr(PGresult) result = NULL;
  gboolean has_row;

  result = ews_pg_run_args (EWS_STORAGE (storage),
                            "SELECT failures, locked_until FROM sign_in_failures "
                            "WHERE email_key = $1 AND client = $2",
                            error, 't', email_key, 't', client, 0);
  if (result == NULL)
    return FALSE;

  has_row = PQntuples (result) > 0;
  *failures = has_row ? (guint)ews_pg_int64 (result, 0, 0) : 0;
  *locked_until_ms = has_row ? ews_pg_int64 (result, 0, 1) : 0;

  return TRUE;
}

static gboolean
pg_failures_set (EwsAuthStorage *storage,
                 const char     *email_key,
                 const char     *client,
                 guint           failures,
                 gint64          locked_until_ms,
                 gint64          now_ms,
                 GError        **error)
{
  /* Rows for addresses nobody has tried for a day are only clutter. */
  return ews_pg_change (EWS_STORAGE (storage),
                        "DELETE FROM sign_in_failures WHERE last_failure_at < $1 AND locked_until < $2",
                        error, 'i', now_ms - 24 * 60 * 60 * 1000, 'i', now_ms, 0) &&
         ews_pg_change (EWS_STORAGE (storage),
                        "INSERT INTO sign_in_failures (email_key, client, failures, locked_until, last_failure_at) "
                        "VALUES ($1, $2, $3, $4, $5) "
                        "ON CONFLICT (email_key, client) DO UPDATE SET failures = excluded.failures, "
                        "  locked_until = excluded.locked_until, last_failure_at = excluded.last_failure_at",
                        error, 't', email_key, 't', client, 'i', (gint64)failures, 'i', locked_until_ms,
                        'i', now_ms, 0);
}

static gboolean
pg_failures_clear (EwsAuthStorage *storage,
                   const char     *email_key,
                   const char     *client,
                   GError        **error)
{
  if (client == NULL)
    return ews_pg_change (EWS_STORAGE (storage),
                          "DELETE FROM sign_in_failures WHERE email_key = $1",
                          error, 't', email_key, 0);

  return ews_pg_change (EWS_STORAGE (storage),
                        "DELETE FROM sign_in_failures WHERE email_key = $1 AND client = $2",
                        error, 't', email_key, 't', client, 0);
}

static gboolean
pg_client_known (EwsAuthStorage *storage,
                 const char     *user_id,
                 const char     *client,
                 gboolean       *known,
                 GError        **error)
{
  g_autoptr(PGresult) result = NULL;

  result = ews_pg_run_args (EWS_STORAGE (storage),
                            "SELECT 1 FROM auth_sessions WHERE user_id = $1 AND client = $2 LIMIT 1",
                            error, 't', user_id, 't', client, 0);
  if (result == NULL)
    return FALSE;

  *known = PQntuples (result) > 0;
  return TRUE;
}

/* --- token signing keys -------------------------------------------------- */

#define SIGNING_KEY_COLUMNS "kid, private_key, public_key, created_at, coalesce (retired_at, 0)"

static EwsSigningKey *
signing_key_from_row (const PGresult *result,
                      int             row)
{
  EwsSigningKey *key = g_new0 (EwsSigningKey, 1);

  key->kid = ews_pg_dup (result, row, 0);
  key->private_pem = ews_pg_dup (result, row, 1);
  key->public_pem = ews_pg_dup (result, row, 2);
  key->created_at = ews_pg_int64 (result, row, 3);
  key->retired_at = ews_pg_int64 (result, row, 4);

  return key;
}

/* Two servers starting on an empty database both try to insert the first
 * current key: the unique index on current keys refuses the second with
 * CONFLICT, and that server then reads the first's (ews-jwt-keys.c). */
static gboolean
pg_signing_key_insert (EwsAuthStorage      *storage,
                       const EwsSigningKey *key,
                       GError             **error)
{
  char retired_at[32];

  g_snprintf (retired_at, sizeof retired_at, "%" G_GINT64_FORMAT, key->retired_at);
  return ews_pg_change (EWS_STORAGE (storage),
                        "INSERT INTO signing_keys (kid, private_key, public_key, created_at, "
                        "retired_at) VALUES ($1, $2, $3, $4, $5)",
                        error, 't', key->kid, 't', key->private_pem, 't', key->public_pem,
                        'i', key->created_at, 't', key->retired_at != 0 ? retired_at : NULL, 0);
}

/* @where picks one row or none: kid is the key, and a unique index keeps a
 * single current key. */
static EwsSigningKey *
signing_key_query (EwsAuthStorage *storage,
                   const char     *where,
                   const char     *value,
                   GError        **error)
{
  g_autofree char *sql = g_strconcat ("SELECT " SIGNING_KEY_COLUMNS " FROM signing_keys WHERE ", where, NULL);
  g_autoptr(PGresult) result = NULL;

  if (value != NULL)
    result = ews_pg_run_args (EWS_STORAGE (storage), sql, error, 't', value, 0);
  else
    result = ews_pg_run (EWS_STORAGE (storage), sql, 0, NULL, error);

  if (!has_one_row (result, "No such signing key.", error))
    return NULL;

  return signing_key_from_row (result, 0);
}

static EwsSigningKey *
pg_signing_key_get (EwsAuthStorage *storage,
                    const char     *kid,
                    GError        **error)
{
  return signing_key_query (storage, "kid = $1", kid, error);
}

static EwsSigningKey *
pg_signing_key_get_current (EwsAuthStorage *storage,
                            GError        **error)
{
  return signing_key_query (storage, "retired_at IS NULL", NULL, error);
}

static GPtrArray *
pg_signing_keys_all (EwsAuthStorage *storage,
                     GError        **error)
{
  g_autoptr(PGresult) result = NULL;
  GPtrArray *keys;

  /* seq orders keys made in the same second, as SQLite's rowid does. */
  result = ews_pg_run (EWS_STORAGE (storage),
                       "SELECT " SIGNING_KEY_COLUMNS " FROM signing_keys ORDER BY created_at DESC, seq DESC",
                       0, NULL, error);
  if (result == NULL)
    return NULL;

  keys = g_ptr_array_new_with_free_func ((GDestroyNotify)ews_signing_key_free);
  for (int row = 0; row < PQntuples (result); row++)
    g_ptr_array_add (keys, signing_key_from_row (result, row));

  return keys;
}

static gboolean
pg_signing_keys_retire (EwsAuthStorage *storage,
                        gint64          now,
                        GError        **error)
{
  return ews_pg_change (EWS_STORAGE (storage),
                        "UPDATE signing_keys SET retired_at = $1 WHERE retired_at IS NULL",
                        error, 'i', now, 0);
}

static gboolean
pg_signing_keys_prune (EwsAuthStorage *storage,
                       gint64          retired_before,
                       GError        **error)
{
  return ews_pg_change (EWS_STORAGE (storage),
                        "DELETE FROM signing_keys WHERE retired_at < $1",
                        error, 'i', retired_before, 0);
}

void
ews_storage_pg_auth_init_iface (EwsAuthStorageInterface *iface)
{
  iface->account_insert = pg_account_insert;
  iface->account_get = pg_account_get;
  iface->account_get_by_email = pg_account_get_by_email;
  iface->account_set_confirmed = pg_account_set_confirmed;
  iface->account_set_password = pg_account_set_password;
  iface->account_set_srp = pg_account_set_srp;
  iface->srp_challenge_use = pg_srp_challenge_use;
  iface->code_set = pg_code_set;
  iface->code_get = pg_code_get;
  iface->code_add_attempt = pg_code_add_attempt;
  iface->code_delete = pg_code_delete;
  iface->session_insert = pg_session_insert;
  iface->session_get = pg_session_get;
  iface->session_get_by_token = pg_session_get_by_token;
  iface->sessions_revoke = pg_sessions_revoke;
  iface->session_revoke = pg_session_revoke;
  iface->failures_get = pg_failures_get;
  iface->failures_set = pg_failures_set;
  iface->failures_clear = pg_failures_clear;
  iface->client_known = pg_client_known;
  iface->signing_key_insert = pg_signing_key_insert;
  iface->signing_key_get = pg_signing_key_get;
  iface->signing_key_get_current = pg_signing_key_get_current;
  iface->signing_keys_all = pg_signing_keys_all;
  iface->signing_keys_retire = pg_signing_keys_retire;
  iface->signing_keys_prune = pg_signing_keys_prune;
}
