/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-storage-pg"

#include "config.h"

#include "ews-coowner-storage.h"
#include "ews-storage-pg-private.h"

/* The PostgreSQL side of EwsCoownerStorage, as ews-storage-sqlite-coowners.c
 * does it: same tables, same messages. Accepting an invitation is one
 * conditional UPDATE, so of two servers taking one link at once only one
 * succeeds. */

#define STORAGE(self) EWS_STORAGE (self)

#define COOWNER_COLUMNS "list_id, user_id, name, email, invited_by, added_at"
#define INVITATION_COLUMNS \
  "invitation_id, list_id, email, key_hash, invited_by, inviter_name, created_at, expires_at, accepted_by"

static EwsCoowner *
coowner_from_row (const PGresult *result,
                  int             row)
{
  EwsCoowner *coowner = g_new0 (EwsCoowner, 1);

  coowner->list_id = ews_pg_dup (result, row, 0);
  coowner->user_id = ews_pg_dup (result, row, 1);
  coowner->name = ews_pg_dup (result, row, 2);
  coowner->email = ews_pg_dup (result, row, 3);
  coowner->invited_by = ews_pg_dup (result, row, 4);
  coowner->added_at = ews_pg_int64 (result, row, 5);

  return coowner;
}

static EwsInvitation *
invitation_from_row (const PGresult *result,
                     int             row)
{
  EwsInvitation *invitation = g_new0 (EwsInvitation, 1);

  invitation->invitation_id = ews_pg_dup (result, row, 0);
  invitation->list_id = ews_pg_dup (result, row, 1);
  invitation->email = ews_pg_dup (result, row, 2);
  invitation->key_hash = ews_pg_dup (result, row, 3);
  invitation->invited_by = ews_pg_dup (result, row, 4);
  invitation->inviter_name = ews_pg_dup (result, row, 5);
  invitation->created_at = ews_pg_int64 (result, row, 6);
  invitation->expires_at = ews_pg_int64 (result, row, 7);
  invitation->accepted_by = ews_pg_dup (result, row, 8);

  return invitation;
}

static EwsCoowner *
pg_coowner_get (EwsCoownerStorage *storage,
                const char        *list_id,
                const char        *user_id,
                GError           **error)
{
  g_autoptr(PGresult) result = NULL;

  result = ews_pg_run_args (STORAGE (storage),
                            "SELECT " COOWNER_COLUMNS " FROM list_coowners WHERE list_id = $1 AND user_id = $2",
                            error, 't', list_id, 't', user_id, 0);
  if (result == NULL || PQntuples (result) == 0)
    return NULL;

  return coowner_from_row (result, 0);
}

static GPtrArray *
pg_coowners_for_list (EwsCoownerStorage *storage,
                      const char        *list_id,
                      GError           **error)
{
  g_autoptr(PGresult) result = NULL;
  GPtrArray *coowners;

  result = ews_pg_run_args (STORAGE (storage),
                            "SELECT " COOWNER_COLUMNS " FROM list_coowners WHERE list_id = $1 "
                            "ORDER BY added_at, user_id",
                            error, 't', list_id, 0);
  if (result == NULL)
    return NULL;

  coowners = g_ptr_array_new_with_free_func ((GDestroyNotify)ews_coowner_free);
  for (int row = 0; row < PQntuples (result); row++)
    g_ptr_array_add (coowners, coowner_from_row (result, row));

  return coowners;
}

static GPtrArray *
pg_lists_coowned (EwsCoownerStorage *storage,
                  const char        *user_id,
                  GError           **error)
{
  g_autoptr(PGresult) result = NULL;
  GPtrArray *lists;

  result = ews_pg_run_args (STORAGE (storage),
                            "SELECT " EWS_PG_LIST_COLUMNS " FROM lists "
                            "WHERE list_id IN (SELECT list_id FROM list_coowners WHERE user_id = $1) "
                            "ORDER BY created_at, list_id",
                            error, 't', user_id, 0);
  if (result == NULL)
    return NULL;

  lists = g_ptr_array_new_with_free_func ((GDestroyNotify)ews_list_free);
  for (int row = 0; row < PQntuples (result); row++)
    g_ptr_array_add (lists, ews_storage_pg_list_from_row (result, row));

  return lists;
}

static gboolean
pg_coowner_add (EwsCoownerStorage *storage,
                const EwsCoowner  *coowner,
                GError           **error)
{
  return ews_pg_change (STORAGE (storage),
                        "INSERT INTO list_coowners (" COOWNER_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6) "
                        "ON CONFLICT (list_id, user_id) DO NOTHING",
                        error, 't', coowner->list_id, 't', coowner->user_id, 't', coowner->name, 't',
                        coowner->email, 't', coowner->invited_by, 'i', coowner->added_at, 0);
}

static gboolean
pg_coowner_remove (EwsCoownerStorage *storage,
                   const char        *list_id,
                   const char        *user_id,
                   GError           **error)
{
  g_autoptr(PGresult) result = NULL;

  result = ews_pg_run_args (STORAGE (storage), "DELETE FROM list_coowners WHERE list_id = $1 AND user_id = $2",
                            error, 't', list_id, 't', user_id, 0);

  return result != NULL &&
         ews_pg_must_change (result, EWS_STORAGE_ERROR_NOT_FOUND, EWS_STORAGE_NO_SUCH_COOWNER, error);
}

static gboolean
pg_invitation_insert (EwsCoownerStorage   *storage,
                      const EwsInvitation *invitation,
                      GError             **error)
{
  return ews_pg_change (STORAGE (storage),
                        "INSERT INTO list_invitations (" INVITATION_COLUMNS ") "
                        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                        error, 't', invitation->invitation_id, 't', invitation->list_id, 't', invitation->email,
                        't', invitation->key_hash, 't', invitation->invited_by, 't', invitation->inviter_name,
                        'i', invitation->created_at, 'i', invitation->expires_at, 't', invitation->accepted_by, 0);
}

static EwsInvitation *
pg_invitation_get (EwsCoownerStorage *storage,
                   const char        *invitation_id,
                   GError           **error)
{
  g_autoptr(PGresult) result = NULL;

  result = ews_pg_run_args (STORAGE (storage),
                            "SELECT " INVITATION_COLUMNS " FROM list_invitations WHERE invitation_id = $1", error,
                            't', invitation_id, 0);
  if (result == NULL)
    return NULL;

  if (PQntuples (result) == 0)
    {
      g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND, EWS_STORAGE_NO_SUCH_INVITATION);
      return NULL;
    }

  return invitation_from_row (result, 0);
}

static GPtrArray *
pg_invitations_pending (EwsCoownerStorage *storage,
                        const char        *list_id,
                        gint64             now,
                        GError           **error)
{
  g_autoptr(PGresult) result = NULL;
  GPtrArray *invitations;

  result = ews_pg_run_args (STORAGE (storage),
                            "SELECT " INVITATION_COLUMNS " FROM list_invitations "
                            "WHERE list_id = $1 AND accepted_by IS NULL AND expires_at > $2 "
                            "ORDER BY created_at, invitation_id",
                            error, 't', list_id, 'i', now, 0);
  if (result == NULL)
    return NULL;

  invitations = g_ptr_array_new_with_free_func ((GDestroyNotify)ews_invitation_free);
  for (int row = 0; row < PQntuples (result); row++)
    g_ptr_array_add (invitations, invitation_from_row (result, row));

  return invitations;
}

static gboolean
pg_invitation_delete (EwsCoownerStorage *storage,
                      const char        *list_id,
                      const char        *invitation_id,
                      GError           **error)
{
  g_autoptr(PGresult) result = NULL;

  result = ews_pg_run_args (STORAGE (storage),
                            "DELETE FROM list_invitations WHERE list_id = $1 AND invitation_id = $2", error, 't',
                            list_id, 't', invitation_id, 0);

  return result != NULL &&
         ews_pg_must_change (result, EWS_STORAGE_ERROR_NOT_FOUND, EWS_STORAGE_NO_SUCH_INVITATION, error);
}

static gboolean
pg_invitations_delete_for_email (EwsCoownerStorage *storage,
                                 const char        *list_id,
                                 const char        *email,
                                 GError           **error)
{
  return ews_pg_change (STORAGE (storage),
                        "DELETE FROM list_invitations WHERE list_id = $1 AND email = $2 AND accepted_by IS NULL",
                        error, 't', list_id, 't', email, 0);
}

static gboolean
pg_invitation_accept (EwsCoownerStorage *storage,
                      const char        *invitation_id,
                      const char        *user_id,
                      GError           **error)
{
  g_autoptr(PGresult) result = NULL;

  result = ews_pg_run_args (STORAGE (storage),
                            "UPDATE list_invitations SET accepted_by = $1 "
                            "WHERE invitation_id = $2 AND accepted_by IS NULL",
                            error, 't', user_id, 't', invitation_id, 0);

  return result != NULL &&
         ews_pg_must_change (result, EWS_STORAGE_ERROR_CONFLICT, EWS_STORAGE_INVITATION_USED, error);
}

void
ews_storage_pg_coowners_init_iface (EwsCoownerStorageInterface *iface)
{
  iface->coowner_get = pg_coowner_get;
  iface->coowners_for_list = pg_coowners_for_list;
  iface->lists_coowned = pg_lists_coowned;
  iface->coowner_add = pg_coowner_add;
  iface->coowner_remove = pg_coowner_remove;
  iface->invitation_insert = pg_invitation_insert;
  iface->invitation_get = pg_invitation_get;
  iface->invitations_pending = pg_invitations_pending;
  iface->invitation_delete = pg_invitation_delete;
  iface->invitations_delete_for_email = pg_invitations_delete_for_email;
  iface->invitation_accept = pg_invitation_accept;
}
