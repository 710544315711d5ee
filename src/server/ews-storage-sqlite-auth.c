/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-storage-sqlite"

#include "config.h"

#include "ews-auth-storage.h"
#include "ews-storage-rules.h"
#include "ews-storage-sqlite-private.h"

/* The SQLite side of EwsAuthStorage: tables users, auth_codes,
 * auth_sessions (migration 3), sign_in_failures (migration 4),
 * signing_keys (the token signing keys) and srp_challenges_used (migration
 * 11, with the users' SRP columns); the rate limits are in
 * ews-storage-sqlite-rates.c. */

#define SQLITE(self) EWS_STORAGE_SQLITE (self)

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

/* Runs a statement that changes rows, with text and integer parameters given
 * as pairs: 't', "value" or 'i', (gint64) value, ending with 0. */
static gboolean
run (EwsStorageSqlite *self,
     const char       *sql,
     GError          **error,
     ...)
{
  g_autoptr(sqlite3_stmt) stmt = ewe_sqlite_prepare (self->db, sql, error);
  va_list args;
  int     index = 1;
  int     kind;

  if (stmt == NULL)
    return FALSE;

  va_start (args, error);
  while ((kind = va_arg (args, int)) != 0)
    {
      if (kind == 't')
        ewe_sqlite_bind_text (stmt, index++, va_arg (args, const char *));
      else
        sqlite3_bind_int64 (stmt, index++, va_arg (args, gint64));
    }
  va_end (args);

  return ewe_sqlite_step_done (stmt, error);
}

/* --- accounts ------------------------------------------------------------ */

static gboolean
sqlite_account_insert (EwsAuthStorage   *storage,
                       const EwsAccount *account,
                       GError          **error)
{
  return run (SQLITE (storage),
              "INSERT INTO users (user_id, email_key, email, name, password_hash, confirmed, created_at, "
              "language) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
              error,
              't', account->user_id, 't', account->email_key, 't', account->email,
              't', account->name, 't', account->password_hash,
              'i', (gint64)(account->confirmed ? 1 : 0), 'i', account->created_at,
              't', account->language != NULL ? account->language : "", 0);
}

/* gpointer, to serve as an EweSqliteRowFunc: an EwsAccount. */
static gpointer
account_from_row (sqlite3_stmt *stmt,
                  GError      **error)
{
  EwsAccount *account = g_new0 (EwsAccount, 1);

  account->user_id = ewe_sqlite_column_dup (stmt, 0);
  account->email_key = ewe_sqlite_column_dup (stmt, 1);
  account->email = ewe_sqlite_column_dup (stmt, 2);
  account->name = ewe_sqlite_column_dup (stmt, 3);
  account->password_hash = ewe_sqlite_column_dup (stmt, 4);
  account->confirmed = sqlite3_column_int (stmt, 5) != 0;
  account->created_at = sqlite3_column_int64 (stmt, 6);
  account->language = ewe_sqlite_column_dup (stmt, 7);
  account->srp_salt = ewe_sqlite_column_dup (stmt, 8);
  account->srp_verifier = ewe_sqlite_column_dup (stmt, 9);

  return account;
}

/* @where names a unique column, so there is one row or none. */
static EwsAccount *
account_query (EwsStorageSqlite *self,
               const char       *where,
               const char       *value,
               GError          **error)
{
  g_autofree char *sql = g_strconcat ("SELECT user_id, email_key, email, name, password_hash, confirmed, "
                                      "created_at, language, srp_salt, srp_verifier FROM users WHERE ",
                                      where, " = ?", NULL);
  g_autoptr(sqlite3_stmt) stmt = ewe_sqlite_prepare (self->db, sql, error);

  if (stmt == NULL)
    return NULL;
  ewe_sqlite_bind_text (stmt, 1, value);

  return ewe_sqlite_get_one (stmt, account_from_row, (GDestroyNotify)ews_account_free,
                             EWS_STORAGE_NO_SUCH_ACCOUNT, error);
}

static EwsAccount *
sqlite_account_get (EwsAuthStorage *storage,
                    const char     *user_id,
                    GError        **error)
{
  return account_query (SQLITE (storage), "user_id", user_id, error);
}

static EwsAccount *
sqlite_account_get_by_email (EwsAuthStorage *storage,
                             const char     *email_key,
                             GError        **error)
{
  return account_query (SQLITE (storage), "email_key", email_key, error);
}

static gboolean
sqlite_account_set_confirmed (EwsAuthStorage *storage,
                              const char     *user_id,
                              GError        **error)
{
  return run (SQLITE (storage), "UPDATE users SET confirmed = 1 WHERE user_id = ?", error,
              't', user_id, 0);
}

static gboolean
sqlite_account_set_password (EwsAuthStorage *storage,
                             const char     *user_id,
                             const char     *password_hash,
                             GError        **error)
{
  return run (SQLITE (storage),
              "UPDATE users SET password_hash = ?, srp_salt = NULL, srp_verifier = NULL WHERE user_id = ?",
              error, 't', password_hash, 't', user_id, 0);
}

static gboolean
sqlite_account_set_srp (EwsAuthStorage *storage,
                        const char     *user_id,
                        const char     *srp_salt,
                        const char     *srp_verifier,
                        GError        **error)
{
  return run (SQLITE (storage), "UPDATE users SET srp_salt = ?, srp_verifier = ? WHERE user_id = ?", error,
              't', srp_salt, 't', srp_verifier, 't', user_id, 0);
}

static gboolean
sqlite_srp_challenge_use (EwsAuthStorage *storage,
                          const char     *challenge_id,
                          gint64          expires_at,
                          gint64          now,
                          GError        **error)
{
  EwsStorageSqlite *self = SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!run (self, "DELETE FROM srp_challenges_used WHERE expires_at < ?", error, 'i', now, 0))
    return FALSE;

  stmt = ewe_sqlite_prepare (self->db,
                             "INSERT INTO srp_challenges_used (challenge_id, expires_at) VALUES (?, ?) "
                             "ON CONFLICT DO NOTHING",
                             error);
  if (stmt == NULL)
    return FALSE;
  ewe_sqlite_bind_text (stmt, 1, challenge_id);
  sqlite3_bind_int64 (stmt, 2, expires_at);

  return ews_sqlite_step_must_change (stmt, EWS_STORAGE_ERROR_CONFLICT,
                                      "This SRP challenge was answered already.", error);
}

/* --- codes --------------------------------------------------------------- */

static gboolean
sqlite_code_set (EwsAuthStorage    *storage,
                 const char        *user_id,
                 EwsAuthCodePurpose purpose,
                 const char        *code_hash,
                 gint64             created_at,
                 gint64             expires_at,
                 GError           **error)
{
  return run (SQLITE (storage),
              "INSERT OR REPLACE INTO auth_codes (user_id, purpose, code_hash, created_at, expires_at, attempts) "
              "VALUES (?, ?, ?, ?, ?, 0)",
              error,
              't', user_id, 't', purpose_name (purpose), 't', code_hash,
              'i', created_at, 'i', expires_at, 0);
}

/* gpointer, to serve as an EweSqliteRowFunc: an EwsAuthCode. */
static gpointer
code_from_row (sqlite3_stmt *stmt,
               GError      **error)
{
  EwsAuthCode *code = g_new0 (EwsAuthCode, 1);

  code->code_hash = ewe_sqlite_column_dup (stmt, 0);
  code->created_at = sqlite3_column_int64 (stmt, 1);
  code->expires_at = sqlite3_column_int64 (stmt, 2);
  code->attempts = (guint)sqlite3_column_int (stmt, 3);

  return code;
}

static EwsAuthCode *
sqlite_code_get (EwsAuthStorage    *storage,
                 const char        *user_id,
                 EwsAuthCodePurpose purpose,
                 GError           **error)
{
  EwsStorageSqlite *self = SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (self->db,
                             "SELECT code_hash, created_at, expires_at, attempts FROM auth_codes "
                             "WHERE user_id = ? AND purpose = ?",
                             error);
  if (stmt == NULL)
    return NULL;

  ewe_sqlite_bind_text (stmt, 1, user_id);
  ewe_sqlite_bind_text (stmt, 2, purpose_name (purpose));

  return ewe_sqlite_get_one (stmt, code_from_row, (GDestroyNotify)ews_auth_code_free, EWS_STORAGE_NO_SUCH_CODE, error);
}

static gboolean
sqlite_code_add_attempt (EwsAuthStorage    *storage,
                         const char        *user_id,
                         EwsAuthCodePurpose purpose,
                         GError           **error)
{
  return run (SQLITE (storage),
              "UPDATE auth_codes SET attempts = attempts + 1 WHERE user_id = ? AND purpose = ?",
              error, 't', user_id, 't', purpose_name (purpose), 0);
}

static gboolean
sqlite_code_delete (EwsAuthStorage    *storage,
                    const char        *user_id,
                    EwsAuthCodePurpose purpose,
                    GError           **error)
{
  return run (SQLITE (storage), "DELETE FROM auth_codes WHERE user_id = ? AND purpose = ?",
              error, 't', user_id, 't', purpose_name (purpose), 0);
}

/* --- sessions ------------------------------------------------------------ */

/* Sessions a day past their expiry (revoked or not) can never be used
 * again; a sign-in clears them out, so the table does not only grow. */
#define SESSION_KEEP_AFTER_EXPIRY (24 * 60 * 60)

static gboolean
sqlite_session_insert (EwsAuthStorage       *storage,
                       const EwsAuthSession *session,
                       const char           *token_hash,
                       GError              **error)
{
  if (!run (SQLITE (storage), "DELETE FROM auth_sessions WHERE expires_at < ?", error,
            'i', session->created_at - SESSION_KEEP_AFTER_EXPIRY, 0))
    return FALSE;

  return run (SQLITE (storage),
              "INSERT INTO auth_sessions (session_id, token_hash, user_id, created_at, expires_at, client) "
              "VALUES (?, ?, ?, ?, ?, ?)",
              error,
              't', session->session_id, 't', token_hash, 't', session->user_id,
              'i', session->created_at, 'i', session->expires_at,
              't', session->client != NULL ? session->client : "", 0);
}

/* gpointer, to serve as an EweSqliteRowFunc: an EwsAuthSession. */
static gpointer
session_from_row (sqlite3_stmt *stmt,
                  GError      **error)
{
  EwsAuthSession *session = g_new0 (EwsAuthSession, 1);

  session->session_id = ewe_sqlite_column_dup (stmt, 0);
  session->user_id = ewe_sqlite_column_dup (stmt, 1);
  session->created_at = sqlite3_column_int64 (stmt, 2);
  session->expires_at = sqlite3_column_int64 (stmt, 3);
  session->revoked_at = sqlite3_column_int64 (stmt, 4);

  return session;
}

/* @where names a unique column, so there is one row or none. */
static EwsAuthSession *
session_query (EwsStorageSqlite *self,
               const char       *where,
               const char       *value,
               GError          **error)
{
  g_autofree char *sql = g_strconcat ("SELECT session_id, user_id, created_at, expires_at, "
                                      "coalesce (revoked_at, 0) FROM auth_sessions WHERE ",
                                      where, " = ?", NULL);
  g_autoptr(sqlite3_stmt) stmt = ewe_sqlite_prepare (self->db, sql, error);

  if (stmt == NULL)
    return NULL;
  ewe_sqlite_bind_text (stmt, 1, value);

  return ewe_sqlite_get_one (stmt, session_from_row, (GDestroyNotify)ews_auth_session_free,
                             EWS_STORAGE_NO_SUCH_SESSION, error);
}

static EwsAuthSession *
sqlite_session_get (EwsAuthStorage *storage,
                    const char     *session_id,
                    GError        **error)
{
  return session_query (SQLITE (storage), "session_id", session_id, error);
}

static EwsAuthSession *
sqlite_session_get_by_token (EwsAuthStorage *storage,
                             const char     *token_hash,
                             GError        **error)
{
  return session_query (SQLITE (storage), "token_hash", token_hash, error);
}

static gboolean
sqlite_sessions_revoke (EwsAuthStorage *storage,
                        const char     *user_id,
                        gint64          now,
                        GError        **error)
{
  return run (SQLITE (storage),
              "UPDATE auth_sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
              error, 'i', now, 't', user_id, 0);
}

static gboolean
sqlite_session_revoke (EwsAuthStorage *storage,
                       const char     *session_id,
                       gint64          now,
                       GError        **error)
{
  return run (SQLITE (storage),
              "UPDATE auth_sessions SET revoked_at = ? WHERE session_id = ? AND revoked_at IS NULL",
              error, 'i', now, 't', session_id, 0);
}

/* --- throttling ---------------------------------------------------------- */

static gboolean
sqlite_failures_get (EwsAuthStorage *storage,
                     const char     *email_key,
                     const char     *client,
                     guint          *failures,
                     gint64         *locked_until_ms,
                     GError        **error)
{
  EwsStorageSqlite *self = SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row = FALSE;

  stmt = ewe_sqlite_prepare (self->db,
                             "SELECT failures, locked_until FROM sign_in_failures "
                             "WHERE email_key = ? AND client = ?",
                             error);
  if (stmt == NULL)
    return FALSE;

  ewe_sqlite_bind_text (stmt, 1, email_key);
  ewe_sqlite_bind_text (stmt, 2, client);
  if (!ewe_sqlite_step_row (stmt, &has_row, error))
    return FALSE;

  *failures = has_row ? (guint)sqlite3_column_int (stmt, 0) : 0;
  *locked_until_ms = has_row ? sqlite3_column_int64 (stmt, 1) : 0;

  return TRUE;
}

static gboolean
sqlite_failures_set (EwsAuthStorage *storage,
                     const char     *email_key,
                     const char     *client,
                     guint           failures,
                     gint64          locked_until_ms,
                     gint64          now_ms,
                     GError        **error)
{
  /* Rows for addresses nobody has tried for a day are only clutter. */
  return run (SQLITE (storage),
              "DELETE FROM sign_in_failures WHERE last_failure_at < ? AND locked_until < ?",
              error, 'i', now_ms - 24 * 60 * 60 * 1000, 'i', now_ms, 0) &&
         run (SQLITE (storage),
              "INSERT OR REPLACE INTO sign_in_failures (email_key, client, failures, locked_until, "
              "last_failure_at) VALUES (?, ?, ?, ?, ?)",
              error, 't', email_key, 't', client, 'i', (gint64)failures, 'i', locked_until_ms, 'i', now_ms, 0);
}

static gboolean
sqlite_failures_clear (EwsAuthStorage *storage,
                       const char     *email_key,
                       const char     *client,
                       GError        **error)
{
  if (client == NULL)
    return run (SQLITE (storage), "DELETE FROM sign_in_failures WHERE email_key = ?", error,
                't', email_key, 0);

  return run (SQLITE (storage), "DELETE FROM sign_in_failures WHERE email_key = ? AND client = ?", error,
              't', email_key, 't', client, 0);
}

static gboolean
sqlite_client_known (EwsAuthStorage *storage,
                     const char     *user_id,
                     const char     *client,
                     gboolean       *known,
                     GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (SQLITE (storage)->db,
                             "SELECT 1 FROM auth_sessions WHERE user_id = ? AND client = ? LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;

  ewe_sqlite_bind_text (stmt, 1, user_id);
  ewe_sqlite_bind_text (stmt, 2, client);

  return ewe_sqlite_step_row (stmt, known, error);
}

/* --- token signing keys -------------------------------------------------- */

#define SIGNING_KEY_COLUMNS "kid, private_key, public_key, created_at, retired_at"

/* gpointer, to serve as an EweSqliteRowFunc: an EwsSigningKey. */
static gpointer
signing_key_from_row (sqlite3_stmt *stmt,
                      GError      **error)
{
  EwsSigningKey *key = g_new0 (EwsSigningKey, 1);

  key->kid = ewe_sqlite_column_dup (stmt, 0);
  key->private_pem = ewe_sqlite_column_dup (stmt, 1);
  key->public_pem = ewe_sqlite_column_dup (stmt, 2);
  key->created_at = sqlite3_column_int64 (stmt, 3);
  key->retired_at = sqlite3_column_int64 (stmt, 4);

  return key;
}

static gboolean
sqlite_signing_key_insert (EwsAuthStorage      *storage,
                           const EwsSigningKey *key,
                           GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (SQLITE (storage)->db,
                             "INSERT INTO signing_keys (" SIGNING_KEY_COLUMNS ") VALUES (?, ?, ?, ?, ?)",
                             error);
  if (stmt == NULL)
    return FALSE;

  ewe_sqlite_bind_text (stmt, 1, key->kid);
  ewe_sqlite_bind_text (stmt, 2, key->private_pem);
  ewe_sqlite_bind_text (stmt, 3, key->public_pem);
  sqlite3_bind_int64 (stmt, 4, key->created_at);
  if (key->retired_at != 0)
    sqlite3_bind_int64 (stmt, 5, key->retired_at);
  else
    sqlite3_bind_null (stmt, 5);

  return ewe_sqlite_step_done (stmt, error);
}

/* @where picks one row or none: kid is the key, and a unique index keeps a
 * single current key. */
static EwsSigningKey *
signing_key_query (EwsStorageSqlite *self,
                   const char       *where,
                   const char       *value,
                   GError          **error)
{
  g_autofree char *sql = g_strconcat ("SELECT " SIGNING_KEY_COLUMNS " FROM signing_keys WHERE ", where, NULL);
  g_autoptr(sqlite3_stmt) stmt = ewe_sqlite_prepare (self->db, sql, error);

  if (stmt == NULL)
    return NULL;
  if (value != NULL)
    ewe_sqlite_bind_text (stmt, 1, value);

  return ewe_sqlite_get_one (stmt, signing_key_from_row, (GDestroyNotify)ews_signing_key_free,
                             EWS_STORAGE_NO_SUCH_SIGNING_KEY, error);
}

static EwsSigningKey *
sqlite_signing_key_get (EwsAuthStorage *storage,
                        const char     *kid,
                        GError        **error)
{
  return signing_key_query (SQLITE (storage), "kid = ?", kid, error);
}

static EwsSigningKey *
sqlite_signing_key_get_current (EwsAuthStorage *storage,
                                GError        **error)
{
  return signing_key_query (SQLITE (storage), "retired_at IS NULL", NULL, error);
}

static GPtrArray *
sqlite_signing_keys_all (EwsAuthStorage *storage,
                         GError        **error)
{
  EwsStorageSqlite *self = SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (self->db,
                             "SELECT " SIGNING_KEY_COLUMNS " FROM signing_keys "
                             "ORDER BY created_at DESC, rowid DESC",
                             error);
  if (stmt == NULL)
    return NULL;

  return ewe_sqlite_get_all (stmt, signing_key_from_row, (GDestroyNotify)ews_signing_key_free, error);
}

static gboolean
sqlite_signing_keys_retire (EwsAuthStorage *storage,
                            gint64          now,
                            GError        **error)
{
  return run (SQLITE (storage), "UPDATE signing_keys SET retired_at = ? WHERE retired_at IS NULL",
              error, 'i', now, 0);
}

static gboolean
sqlite_signing_keys_prune (EwsAuthStorage *storage,
                           gint64          retired_before,
                           GError        **error)
{
  return run (SQLITE (storage), "DELETE FROM signing_keys WHERE retired_at < ?",
              error, 'i', retired_before, 0);
}

void
ews_storage_sqlite_auth_init_iface (EwsAuthStorageInterface *iface)
{
  iface->account_insert = sqlite_account_insert;
  iface->account_get = sqlite_account_get;
  iface->account_get_by_email = sqlite_account_get_by_email;
  iface->account_set_confirmed = sqlite_account_set_confirmed;
  iface->account_set_password = sqlite_account_set_password;
  iface->account_set_srp = sqlite_account_set_srp;
  iface->srp_challenge_use = sqlite_srp_challenge_use;
  iface->code_set = sqlite_code_set;
  iface->code_get = sqlite_code_get;
  iface->code_add_attempt = sqlite_code_add_attempt;
  iface->code_delete = sqlite_code_delete;
  iface->session_insert = sqlite_session_insert;
  iface->session_get = sqlite_session_get;
  iface->session_get_by_token = sqlite_session_get_by_token;
  iface->sessions_revoke = sqlite_sessions_revoke;
  iface->session_revoke = sqlite_session_revoke;
  iface->failures_get = sqlite_failures_get;
  iface->failures_set = sqlite_failures_set;
  iface->failures_clear = sqlite_failures_clear;
  iface->client_known = sqlite_client_known;
  iface->signing_key_insert = sqlite_signing_key_insert;
  iface->signing_key_get = sqlite_signing_key_get;
  iface->signing_key_get_current = sqlite_signing_key_get_current;
  iface->signing_keys_all = sqlite_signing_keys_all;
  iface->signing_keys_retire = sqlite_signing_keys_retire;
  iface->signing_keys_prune = sqlite_signing_keys_prune;
}
