/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-storage-sqlite"

#include "config.h"

#include "ews-coowner-storage.h"
#include "ews-storage-sqlite-private.h"

/* The SQLite side of EwsCoownerStorage: list_coowners and list_invitations. */

#define SQLITE(self) EWS_STORAGE_SQLITE (self)

#define COOWNER_COLUMNS "list_id, user_id, name, email, invited_by, added_at"
#define INVITATION_COLUMNS \
  "invitation_id, list_id, email, key_hash, invited_by, inviter_name, created_at, expires_at, accepted_by"
static gpointer
coowner_from_row (sqlite3_stmt *stmt,
                  GError      **error)
{
  EwsCoowner *coowner = g_new0 (EwsCoowner, 1);

  coowner->list_id = ewe_sqlite_column_dup (stmt, 0);
  coowner->user_id = ewe_sqlite_column_dup (stmt, 1);
  coowner->name = ewe_sqlite_column_dup (stmt, 2);
  coowner->email = ewe_sqlite_column_dup (stmt, 3);
  coowner->invited_by = ewe_sqlite_column_dup (stmt, 4);
  coowner->added_at = sqlite3_column_int64 (stmt, 5);

  return coowner;
}

static gpointer
invitation_from_row (sqlite3_stmt *stmt,
                     GError      **error)
{
  EwsInvitation *invitation = g_new0 (EwsInvitation, 1);

  invitation->invitation_id = ewe_sqlite_column_dup (stmt, 0);
  invitation->list_id = ewe_sqlite_column_dup (stmt, 1);
  invitation->email = ewe_sqlite_column_dup (stmt, 2);
  invitation->key_hash = ewe_sqlite_column_dup (stmt, 3);
  invitation->invited_by = ewe_sqlite_column_dup (stmt, 4);
  invitation->inviter_name = ewe_sqlite_column_dup (stmt, 5);
  invitation->created_at = sqlite3_column_int64 (stmt, 6);
  invitation->expires_at = sqlite3_column_int64 (stmt, 7);
  invitation->accepted_by = ewe_sqlite_column_dup (stmt, 8);

  return invitation;
}

static EwsCoowner *
sqlite_coowner_get (EwsCoownerStorage *storage,
                    const char        *list_id,
                    const char        *user_id,
                    GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  stmt = ewe_sqlite_prepare (SQLITE (storage)->db,
                             "SELECT " COOWNER_COLUMNS " FROM list_coowners WHERE list_id = ? AND user_id = ?", error);
  if (stmt == NULL)
    return NULL;
  ewe_sqlite_bind_text (stmt, 1, list_id);
  ewe_sqlite_bind_text (stmt, 2, user_id);

  rows = ewe_sqlite_get_all (stmt, coowner_from_row, (GDestroyNotify)ews_coowner_free, error);
  if (rows == NULL || rows->len == 0)
    return NULL;

  return g_ptr_array_steal_index (rows, 0);
}

static GPtrArray *
sqlite_coowners_for_list (EwsCoownerStorage *storage,
                          const char        *list_id,
                          GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (SQLITE (storage)->db,
                             "SELECT " COOWNER_COLUMNS " FROM list_coowners WHERE list_id = ? "
                             "ORDER BY added_at, user_id",
                             error);
  if (stmt == NULL)
    return NULL;
  ewe_sqlite_bind_text (stmt, 1, list_id);

  return ewe_sqlite_get_all (stmt, coowner_from_row, (GDestroyNotify)ews_coowner_free, error);
}

static GPtrArray *
sqlite_lists_coowned (EwsCoownerStorage *storage,
                      const char        *user_id,
                      GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (SQLITE (storage)->db,
                             "SELECT " EWS_SQLITE_LIST_COLUMNS " FROM lists "
                             "WHERE list_id IN (SELECT list_id FROM list_coowners WHERE user_id = ?) "
                             "ORDER BY created_at, list_id",
                             error);
  if (stmt == NULL)
    return NULL;
  ewe_sqlite_bind_text (stmt, 1, user_id);

  return ewe_sqlite_get_all (stmt, ews_storage_sqlite_list_from_row, (GDestroyNotify)ews_list_free, error);
}

static gboolean
sqlite_coowner_add (EwsCoownerStorage *storage,
                    const EwsCoowner  *coowner,
                    GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (SQLITE (storage)->db,
                             "INSERT INTO list_coowners (" COOWNER_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?) "
                             "ON CONFLICT (list_id, user_id) DO NOTHING",
                             error);
  if (stmt == NULL)
    return FALSE;

  ewe_sqlite_bind_text (stmt, 1, coowner->list_id);
  ewe_sqlite_bind_text (stmt, 2, coowner->user_id);
  ewe_sqlite_bind_text (stmt, 3, coowner->name);
  ewe_sqlite_bind_text (stmt, 4, coowner->email);
  ewe_sqlite_bind_text (stmt, 5, coowner->invited_by);
  sqlite3_bind_int64 (stmt, 6, coowner->added_at);

  return ewe_sqlite_step_done (stmt, error);
}

static gboolean
sqlite_coowner_remove (EwsCoownerStorage *storage,
                       const char        *list_id,
                       const char        *user_id,
                       GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (SQLITE (storage)->db, "DELETE FROM list_coowners WHERE list_id = ? AND user_id = ?",
                             error);
  if (stmt == NULL)
    return FALSE;
  ewe_sqlite_bind_text (stmt, 1, list_id);
  ewe_sqlite_bind_text (stmt, 2, user_id);

  return ews_sqlite_step_must_change (stmt, EWS_STORAGE_ERROR_NOT_FOUND, EWS_STORAGE_NO_SUCH_COOWNER, error);
}

static gboolean
sqlite_invitation_insert (EwsCoownerStorage   *storage,
                          const EwsInvitation *invitation,
                          GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (SQLITE (storage)->db,
                             "INSERT INTO list_invitations (" INVITATION_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             error);
  if (stmt == NULL)
    return FALSE;

  ewe_sqlite_bind_text (stmt, 1, invitation->invitation_id);
  ewe_sqlite_bind_text (stmt, 2, invitation->list_id);
  ewe_sqlite_bind_text (stmt, 3, invitation->email);
  ewe_sqlite_bind_text (stmt, 4, invitation->key_hash);
  ewe_sqlite_bind_text (stmt, 5, invitation->invited_by);
  ewe_sqlite_bind_text (stmt, 6, invitation->inviter_name);
  sqlite3_bind_int64 (stmt, 7, invitation->created_at);
  sqlite3_bind_int64 (stmt, 8, invitation->expires_at);
  ewe_sqlite_bind_text (stmt, 9, invitation->accepted_by);

  return ewe_sqlite_step_done (stmt, error);
}

static EwsInvitation *
sqlite_invitation_get (EwsCoownerStorage *storage,
                       const char        *invitation_id,
                       GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (SQLITE (storage)->db,
                             "SELECT " INVITATION_COLUMNS " FROM list_invitations WHERE invitation_id = ?", error);
  if (stmt == NULL)
    return NULL;
  ewe_sqlite_bind_text (stmt, 1, invitation_id);

  return ewe_sqlite_get_one (stmt, invitation_from_row, (GDestroyNotify)ews_invitation_free,
                             EWS_STORAGE_NO_SUCH_INVITATION, error);
}

static GPtrArray *
sqlite_invitations_pending (EwsCoownerStorage *storage,
                            const char        *list_id,
                            gint64             now,
                            GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (SQLITE (storage)->db,
                             "SELECT " INVITATION_COLUMNS " FROM list_invitations "
                             "WHERE list_id = ? AND accepted_by IS NULL AND expires_at > ? "
                             "ORDER BY created_at, invitation_id",
                             error);
  if (stmt == NULL)
    return NULL;
  ewe_sqlite_bind_text (stmt, 1, list_id);
  sqlite3_bind_int64 (stmt, 2, now);

  return ewe_sqlite_get_all (stmt, invitation_from_row, (GDestroyNotify)ews_invitation_free, error);
}

static gboolean
sqlite_invitation_delete (EwsCoownerStorage *storage,
                          const char        *list_id,
                          const char        *invitation_id,
                          GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (SQLITE (storage)->db,
                             "DELETE FROM list_invitations WHERE list_id = ? AND invitation_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  ewe_sqlite_bind_text (stmt, 1, list_id);
  ewe_sqlite_bind_text (stmt, 2, invitation_id);

  return ews_sqlite_step_must_change (stmt, EWS_STORAGE_ERROR_NOT_FOUND, EWS_STORAGE_NO_SUCH_INVITATION, error);
}

static gboolean
sqlite_invitations_delete_for_email (EwsCoownerStorage *storage,
                                     const char        *list_id,
                                     const char        *email,
                                     GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (SQLITE (storage)->db,
                             "DELETE FROM list_invitations WHERE list_id = ? AND email = ? AND accepted_by IS NULL",
                             error);
  if (stmt == NULL)
    return FALSE;
  ewe_sqlite_bind_text (stmt, 1, list_id);
  ewe_sqlite_bind_text (stmt, 2, email);

  return ewe_sqlite_step_done (stmt, error);
}

static gboolean
sqlite_invitation_accept (EwsCoownerStorage *storage,
                          const char        *invitation_id,
                          const char        *user_id,
                          GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ewe_sqlite_prepare (SQLITE (storage)->db,
                             "UPDATE list_invitations SET accepted_by = ? "
                             "WHERE invitation_id = ? AND accepted_by IS NULL",
                             error);
  if (stmt == NULL)
    return FALSE;
  ewe_sqlite_bind_text (stmt, 1, user_id);
  ewe_sqlite_bind_text (stmt, 2, invitation_id);

  return ews_sqlite_step_must_change (stmt, EWS_STORAGE_ERROR_CONFLICT, EWS_STORAGE_INVITATION_USED, error);
}

void
ews_storage_sqlite_coowners_init_iface (EwsCoownerStorageInterface *iface)
{
  iface->coowner_get = sqlite_coowner_get;
  iface->coowners_for_list = sqlite_coowners_for_list;
  iface->lists_coowned = sqlite_lists_coowned;
  iface->coowner_add = sqlite_coowner_add;
  iface->coowner_remove = sqlite_coowner_remove;
  iface->invitation_insert = sqlite_invitation_insert;
  iface->invitation_get = sqlite_invitation_get;
  iface->invitations_pending = sqlite_invitations_pending;
  iface->invitation_delete = sqlite_invitation_delete;
  iface->invitations_delete_for_email = sqlite_invitations_delete_for_email;
  iface->invitation_accept = sqlite_invitation_accept;
}
