/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-oauth2-storage"

#include "config.h"

#include "ews-oauth2-storage.h"

G_DEFINE_INTERFACE (EwsOAuth2Storage, ews_oauth2_storage, G_TYPE_OBJECT)

static void
ews_oauth2_storage_default_init (EwsOAuth2StorageInterface *iface)
{
}

void
ews_oauth2_code_free (EwsOAuth2Code *code)
{
  if (code == NULL)
    return;

  g_free (code->code_hash);
  g_free (code->client_id);
  g_free (code->redirect_uri);
  g_free (code->code_challenge);
  g_free (code->nonce);
  g_free (code->scope);
  g_free (code->user_id);
  g_free (code->session_id);
  g_free (code);
}

gboolean
ews_oauth2_storage_code_insert (EwsOAuth2Storage    *self,
                                const EwsOAuth2Code *code,
                                gint64               forget_before,
                                GError             **error)
{
  g_return_val_if_fail (EWS_IS_OAUTH2_STORAGE (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  return EWS_OAUTH2_STORAGE_GET_IFACE (self)->code_insert (self, code, forget_before, error);
}

EwsOAuth2Code *
ews_oauth2_storage_code_take (EwsOAuth2Storage *self,
                              const char       *code_hash,
                              gint64            now,
                              EwsOAuth2Code   **used,
                              GError          **error)
{
  g_return_val_if_fail (EWS_IS_OAUTH2_STORAGE (self), NULL);
  g_return_val_if_fail (code_hash != NULL, NULL);
  g_return_val_if_fail (used != NULL && *used == NULL, NULL);

  return EWS_OAUTH2_STORAGE_GET_IFACE (self)->code_take (self, code_hash, now, used, error);
}

gboolean
ews_oauth2_storage_code_set_session (EwsOAuth2Storage *self,
                                     const char       *code_hash,
                                     const char       *session_id,
                                     GError          **error)
{
  g_return_val_if_fail (EWS_IS_OAUTH2_STORAGE (self), FALSE);

  return EWS_OAUTH2_STORAGE_GET_IFACE (self)->code_set_session (self, code_hash, session_id, error);
}

EwsOAuth2Code *
ews_oauth2_storage_session_code (EwsOAuth2Storage *self,
                                 const char       *session_id,
                                 GError          **error)
{
  g_return_val_if_fail (EWS_IS_OAUTH2_STORAGE (self), NULL);

  return EWS_OAUTH2_STORAGE_GET_IFACE (self)->session_code (self, session_id, error);
}

gboolean
ews_oauth2_storage_upstream_put (EwsOAuth2Storage *self,
                                 const char       *kind,
                                 const char       *key_hash,
                                 const char       *data,
                                 gint64            now,
                                 gint64            expires_at,
                                 GError          **error)
{
  g_return_val_if_fail (EWS_IS_OAUTH2_STORAGE (self), FALSE);
  g_return_val_if_fail (kind != NULL && key_hash != NULL && data != NULL, FALSE);

  return EWS_OAUTH2_STORAGE_GET_IFACE (self)->upstream_put (self, kind, key_hash, data, now, expires_at, error);
}

char *
ews_oauth2_storage_upstream_get (EwsOAuth2Storage *self,
                                 const char       *kind,
                                 const char       *key_hash,
                                 gint64            now,
                                 gboolean          take,
                                 GError          **error)
{
  g_return_val_if_fail (EWS_IS_OAUTH2_STORAGE (self), NULL);
  g_return_val_if_fail (kind != NULL && key_hash != NULL, NULL);

  return EWS_OAUTH2_STORAGE_GET_IFACE (self)->upstream_get (self, kind, key_hash, now, take, error);
}

char *
ews_oauth2_storage_identity_get (EwsOAuth2Storage *self,
                                 const char       *provider,
                                 const char       *subject,
                                 GError          **error)
{
  g_return_val_if_fail (EWS_IS_OAUTH2_STORAGE (self), NULL);
  g_return_val_if_fail (provider != NULL && subject != NULL, NULL);

  return EWS_OAUTH2_STORAGE_GET_IFACE (self)->identity_get (self, provider, subject, error);
}

gboolean
ews_oauth2_storage_identity_insert (EwsOAuth2Storage *self,
                                    const char       *provider,
                                    const char       *subject,
                                    const char       *user_id,
                                    const char       *email,
                                    gint64            now,
                                    GError          **error)
{
  g_return_val_if_fail (EWS_IS_OAUTH2_STORAGE (self), FALSE);
  g_return_val_if_fail (provider != NULL && subject != NULL && user_id != NULL, FALSE);

  return EWS_OAUTH2_STORAGE_GET_IFACE (self)->identity_insert (self, provider, subject, user_id, email, now, error);
}
