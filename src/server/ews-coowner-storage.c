/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-coowner-storage"

#include "config.h"

#include "ews-coowner-storage.h"

G_DEFINE_INTERFACE (EwsCoownerStorage, ews_coowner_storage, G_TYPE_OBJECT)

static void
ews_coowner_storage_default_init (EwsCoownerStorageInterface *iface)
{
}

void
ews_coowner_free (EwsCoowner *coowner)
{
  if (coowner == NULL)
    return;

  g_free (coowner->list_id);
  g_free (coowner->user_id);
  g_free (coowner->name);
  g_free (coowner->email);
  g_free (coowner->invited_by);
  g_free (coowner);
}

void
ews_invitation_free (EwsInvitation *invitation)
{
  if (invitation == NULL)
    return;

  g_free (invitation->invitation_id);
  g_free (invitation->list_id);
  g_free (invitation->email);
  g_free (invitation->key_hash);
  g_free (invitation->invited_by);
  g_free (invitation->inviter_name);
  g_free (invitation->accepted_by);
  g_free (invitation);
}

EwsCoowner *
ews_coowner_storage_coowner_get (EwsCoownerStorage *self,
                                 const char        *list_id,
                                 const char        *user_id,
                                 GError           **error)
{
  g_return_val_if_fail (EWS_IS_COOWNER_STORAGE (self), NULL);

  return EWS_COOWNER_STORAGE_GET_IFACE (self)->coowner_get (self, list_id, user_id, error);
}

GPtrArray *
ews_coowner_storage_coowners_for_list (EwsCoownerStorage *self,
                                       const char        *list_id,
                                       GError           **error)
{
  g_return_val_if_fail (EWS_IS_COOWNER_STORAGE (self), NULL);

  return EWS_COOWNER_STORAGE_GET_IFACE (self)->coowners_for_list (self, list_id, error);
}

GPtrArray *
ews_coowner_storage_lists_coowned (EwsCoownerStorage *self,
                                   const char        *user_id,
                                   GError           **error)
{
  g_return_val_if_fail (EWS_IS_COOWNER_STORAGE (self), NULL);

  return EWS_COOWNER_STORAGE_GET_IFACE (self)->lists_coowned (self, user_id, error);
}

gboolean
ews_coowner_storage_coowner_add (EwsCoownerStorage *self,
                                 const EwsCoowner  *coowner,
                                 GError           **error)
{
  g_return_val_if_fail (EWS_IS_COOWNER_STORAGE (self), FALSE);

  return EWS_COOWNER_STORAGE_GET_IFACE (self)->coowner_add (self, coowner, error);
}

gboolean
ews_coowner_storage_coowner_remove (EwsCoownerStorage *self,
                                    const char        *list_id,
                                    const char        *user_id,
                                    GError           **error)
{
  g_return_val_if_fail (EWS_IS_COOWNER_STORAGE (self), FALSE);

  return EWS_COOWNER_STORAGE_GET_IFACE (self)->coowner_remove (self, list_id, user_id, error);
}

gboolean
ews_coowner_storage_invitation_insert (EwsCoownerStorage   *self,
                                       const EwsInvitation *invitation,
                                       GError             **error)
{
  g_return_val_if_fail (EWS_IS_COOWNER_STORAGE (self), FALSE);

  return EWS_COOWNER_STORAGE_GET_IFACE (self)->invitation_insert (self, invitation, error);
}

EwsInvitation *
ews_coowner_storage_invitation_get (EwsCoownerStorage *self,
                                    const char        *invitation_id,
                                    GError           **error)
{
  g_return_val_if_fail (EWS_IS_COOWNER_STORAGE (self), NULL);

  return EWS_COOWNER_STORAGE_GET_IFACE (self)->invitation_get (self, invitation_id, error);
}

GPtrArray *
ews_coowner_storage_invitations_pending (EwsCoownerStorage *self,
                                         const char        *list_id,
                                         gint64             now,
                                         GError           **error)
{
  g_return_val_if_fail (EWS_IS_COOWNER_STORAGE (self), NULL);

  return EWS_COOWNER_STORAGE_GET_IFACE (self)->invitations_pending (self, list_id, now, error);
}

gboolean
ews_coowner_storage_invitation_delete (EwsCoownerStorage *self,
                                       const char        *list_id,
                                       const char        *invitation_id,
                                       GError           **error)
{
  g_return_val_if_fail (EWS_IS_COOWNER_STORAGE (self), FALSE);

  return EWS_COOWNER_STORAGE_GET_IFACE (self)->invitation_delete (self, list_id, invitation_id, error);
}

gboolean
ews_coowner_storage_invitations_delete_for_email (EwsCoownerStorage *self,
                                                  const char        *list_id,
                                                  const char        *email,
                                                  GError           **error)
{
  g_return_val_if_fail (EWS_IS_COOWNER_STORAGE (self), FALSE);

  return EWS_COOWNER_STORAGE_GET_IFACE (self)->invitations_delete_for_email (self, list_id, email, error);
}

gboolean
ews_coowner_storage_invitation_accept (EwsCoownerStorage *self,
                                       const char        *invitation_id,
                                       const char        *user_id,
                                       GError           **error)
{
  g_return_val_if_fail (EWS_IS_COOWNER_STORAGE (self), FALSE);

  return EWS_COOWNER_STORAGE_GET_IFACE (self)->invitation_accept (self, invitation_id, user_id, error);
}
