/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-storage-sqlite"

#include "config.h"

#include "ews-storage-rules.h"
#include "ews-storage-sqlite-private.h"

/* The SQLite side of EwsOAuth2Storage: the table oauth2_codes. */

#define SQLITE(self) EWS_STORAGE_SQLITE (self)

#define CODE_COLUMNS "code_hash, client_id, redirect_uri, code_challenge, nonce, scope, user_id, auth_time, " \
                     "created_at, expires_at, coalesce (used_at, 0), session_id"

#define NO_SUCH_OAUTH2_CODE "No such authorization code."

/* gpointer, to serve as an EweSqliteRowFunc: an EwsOAuth2Code. */
static gpointer
code_from_row (sqlite3_stmt *stmt,
               GError      **error)
{
  EwsOAuth2Code *code = g_new0 (EwsOAuth2Code, 1);

  code->code_hash = ewe_sqlite_column_dup (stmt, 0);
  code->client_id = ewe_sqlite_column_dup (stmt, 1);
  code->redirect_uri = ewe_sqlite_column_dup (stmt, 2);
  code->code_challenge = ewe_sqlite_column_dup (stmt, 3);
  code->nonce = ewe_sqlite_column_dup (stmt, 4);
  code->scope = ewe_sqlite_column_dup (stmt, 5);
  code->user_id = ewe_sqlite_column_dup (stmt, 6);
  code->auth_time = sqlite3_column_int64 (stmt, 7);
  code->created_at = sqlite3_column_int64 (stmt, 8);
  code->expires_at = sqlite3_column_int64 (stmt, 9);
  code->used_at = sqlite3_column_int64 (stmt, 10);
  code->session_id = ewe_sqlite_column_dup (stmt, 11);

  return code;
}

static gboolean
sqlite_code_insert (EwsOAuth2Storage    *storage,
                    const EwsOAuth2Code *code,
                    gint64               forget_before,
                    GError             **error)
{
  EwsStorageSqlite *self = SQLITE (storage);
  g_autoptr(sqlite3_stmt) forget = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  forget = ewe_sqlite_prepare (self->db, "DELETE FROM oauth2_codes WHERE expires_at < ?", error);
  if (forget == NULL)
    return FALSE;
  sqlite3_bind_int64 (forget, 1, forget_before);
  if (!ewe_sqlite_step_done (forget, error))
    return FALSE;

  stmt = ewe_sqlite_prepare (self->db,
                             "INSERT INTO oauth2_codes (code_hash, client_id, redirect_uri, code_challenge, nonce, "
                             "scope, user_id, auth_time, created_at, expires_at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             error);
  if (stmt == NULL)
    return FALSE;

  ewe_sqlite_bind_text (stmt, 1, code->code_hash);
  ewe_sqlite_bind_text (stmt, 2, code->client_id);
  ewe_sqlite_bind_text (stmt, 3, code->redirect_uri);
  ewe_sqlite_bind_text (stmt, 4, code->code_challenge);
  ewe_sqlite_bind_text (stmt, 5, code->nonce);
  ewe_sqlite_bind_text (stmt, 6, code->scope);
  ewe_sqlite_bind_text (stmt, 7, code->user_id);
  sqlite3_bind_int64 (stmt, 8, code->auth_time);
  sqlite3_bind_int64 (stmt, 9, code->created_at);
  sqlite3_bind_int64 (stmt, 10, code->expires_at);

  return ewe_sqlite_step_done (stmt, error);
}

static EwsOAuth2Code *
code_get (EwsStorageSqlite *self,
          const char       *code_hash,
          GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (self->db, "SELECT " CODE_COLUMNS " FROM oauth2_codes WHERE code_hash = ?", error);
  if (stmt == NULL)
    return NULL;
  ewe_sqlite_bind_text (stmt, 1, code_hash);

  return ewe_sqlite_get_one (stmt, code_from_row, (GDestroyNotify)ews_oauth2_code_free, NO_SUCH_OAUTH2_CODE,
                             error);
}

static EwsOAuth2Code *
sqlite_code_take (EwsOAuth2Storage *storage,
                  const char       *code_hash,
                  gint64            now,
                  EwsOAuth2Code   **used,
                  GError          **error)
{
  EwsStorageSqlite *self = SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  EwsOAuth2Code *code;

  /* One statement that both finds and spends the code: whoever gets the
   * row back is the only one who ever will. */
  stmt = ewe_sqlite_prepare (self->db,
                             "UPDATE oauth2_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL "
                             "RETURNING " CODE_COLUMNS,
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, now);
  ewe_sqlite_bind_text (stmt, 2, code_hash);

  code = ewe_sqlite_get_one (stmt, code_from_row, (GDestroyNotify)ews_oauth2_code_free, NO_SUCH_OAUTH2_CODE,
                             &local_error);
  if (code != NULL)
    {
      code->used_at = 0;
      return code;
    }

  if (!g_error_matches (local_error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  *used = code_get (self, code_hash, error);
  if (*used == NULL)
    return NULL;

  g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT,
                       "This authorization code was used already.");
  return NULL;
}

static gboolean
sqlite_code_set_session (EwsOAuth2Storage *storage,
                         const char       *code_hash,
                         const char       *session_id,
                         GError          **error)
{
  EwsStorageSqlite *self = SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (self->db, "UPDATE oauth2_codes SET session_id = ? WHERE code_hash = ?", error);
  if (stmt == NULL)
    return FALSE;
  ewe_sqlite_bind_text (stmt, 1, session_id);
  ewe_sqlite_bind_text (stmt, 2, code_hash);

  return ews_sqlite_step_must_change (stmt, EWS_STORAGE_ERROR_NOT_FOUND, NO_SUCH_OAUTH2_CODE, error);
}

static EwsOAuth2Code *
sqlite_session_code (EwsOAuth2Storage *storage,
                     const char       *session_id,
                     GError          **error)
{
  EwsStorageSqlite *self = SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row = FALSE;

  stmt = ewe_sqlite_prepare (self->db, "SELECT " CODE_COLUMNS " FROM oauth2_codes WHERE session_id = ?", error);
  if (stmt == NULL)
    return NULL;
  ewe_sqlite_bind_text (stmt, 1, session_id);

  if (!ewe_sqlite_step_row (stmt, &has_row, error) || !has_row)
    return NULL;

  return code_from_row (stmt, error);
}

#define NO_SUCH_UPSTREAM "No such sign-in, or it was used or has expired."

static gboolean
sqlite_upstream_put (EwsOAuth2Storage *storage,
                     const char       *kind,
                     const char       *key_hash,
                     const char       *data,
                     gint64            now,
                     gint64            expires_at,
                     GError          **error)
{
  EwsStorageSqlite *self = SQLITE (storage);
  g_autoptr(sqlite3_stmt) forget = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  forget = ewe_sqlite_prepare (self->db, "DELETE FROM oauth2_upstream WHERE expires_at < ?", error);
  if (forget == NULL)
    return FALSE;
  sqlite3_bind_int64 (forget, 1, now);
  if (!ewe_sqlite_step_done (forget, error))
    return FALSE;

  stmt = ewe_sqlite_prepare (self->db,
                             "INSERT INTO oauth2_upstream (key_hash, kind, data, created_at, expires_at) "
                             "VALUES (?, ?, ?, ?, ?)",
                             error);
  if (stmt == NULL)
    return FALSE;
  ewe_sqlite_bind_text (stmt, 1, key_hash);
  ewe_sqlite_bind_text (stmt, 2, kind);
  ewe_sqlite_bind_text (stmt, 3, data);
  sqlite3_bind_int64 (stmt, 4, now);
  sqlite3_bind_int64 (stmt, 5, expires_at);

  return ewe_sqlite_step_done (stmt, error);
}

static char *
sqlite_upstream_get (EwsOAuth2Storage *storage,
                     const char       *kind,
                     const char       *key_hash,
                     gint64            now,
                     gboolean          take,
                     GError          **error)
{
  EwsStorageSqlite *self = SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row = FALSE;

  /* Taking is one statement that finds and spends the record: whoever
   * gets the row back is the only one who ever will. */
  stmt = ewe_sqlite_prepare (self->db,
                             take ? "UPDATE oauth2_upstream SET used_at = ?1 WHERE key_hash = ?2 AND kind = ?3 "
                                    "AND used_at IS NULL AND expires_at > ?1 RETURNING data"
                                  : "SELECT data FROM oauth2_upstream WHERE key_hash = ?2 AND kind = ?3 "
                                    "AND used_at IS NULL AND expires_at > ?1",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, now);
  ewe_sqlite_bind_text (stmt, 2, key_hash);
  ewe_sqlite_bind_text (stmt, 3, kind);

  if (!ewe_sqlite_step_row (stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND, NO_SUCH_UPSTREAM);
      return NULL;
    }

  return ewe_sqlite_column_dup (stmt, 0);
}

static char *
sqlite_identity_get (EwsOAuth2Storage *storage,
                     const char       *provider,
                     const char       *subject,
                     GError          **error)
{
  EwsStorageSqlite *self = SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row = FALSE;

  stmt = ewe_sqlite_prepare (self->db, "SELECT user_id FROM oauth2_identities WHERE provider = ? AND subject = ?",
                             error);
  if (stmt == NULL)
    return NULL;
  ewe_sqlite_bind_text (stmt, 1, provider);
  ewe_sqlite_bind_text (stmt, 2, subject);

  if (!ewe_sqlite_step_row (stmt, &has_row, error) || !has_row)
    return NULL;

  return ewe_sqlite_column_dup (stmt, 0);
}

static gboolean
sqlite_identity_insert (EwsOAuth2Storage *storage,
                        const char       *provider,
                        const char       *subject,
                        const char       *user_id,
                        const char       *email,
                        gint64            now,
                        GError          **error)
{
  EwsStorageSqlite *self = SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (self->db,
                             "INSERT INTO oauth2_identities (provider, subject, user_id, email, created_at) "
                             "VALUES (?, ?, ?, ?, ?)",
                             error);
  if (stmt == NULL)
    return FALSE;
  ewe_sqlite_bind_text (stmt, 1, provider);
  ewe_sqlite_bind_text (stmt, 2, subject);
  ewe_sqlite_bind_text (stmt, 3, user_id);
  ewe_sqlite_bind_text (stmt, 4, email);
  sqlite3_bind_int64 (stmt, 5, now);

  return ewe_sqlite_step_done (stmt, error);
}

void
ews_storage_sqlite_oauth2_init_iface (EwsOAuth2StorageInterface *iface)
{
  iface->code_insert = sqlite_code_insert;
  iface->code_take = sqlite_code_take;
  iface->code_set_session = sqlite_code_set_session;
  iface->session_code = sqlite_session_code;
  iface->upstream_put = sqlite_upstream_put;
  iface->upstream_get = sqlite_upstream_get;
  iface->identity_get = sqlite_identity_get;
  iface->identity_insert = sqlite_identity_insert;
}
