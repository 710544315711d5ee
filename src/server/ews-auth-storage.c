/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-auth-storage"

#include "config.h"

#include "ews-auth-storage.h"
#include "ews-password.h"

G_DEFINE_INTERFACE (EwsAuthStorage, ews_auth_storage, G_TYPE_OBJECT)

static void
ews_auth_storage_default_init (EwsAuthStorageInterface *iface)
{
}

void
ews_account_free (EwsAccount *account)
{
  if (account == NULL)
    return;

  g_free (account->user_id);
  g_free (account->email_key);
  g_free (account->email);
  g_free (account->name);
  g_free (account->password_hash);
  g_free (account->language);
  g_free (account->srp_salt);
  g_free (account->srp_verifier);
  g_free (account);
}

void
ews_auth_code_free (EwsAuthCode *code)
{
  if (code == NULL)
    return;

  g_free (code->code_hash);
  g_free (code);
}

void
ews_auth_session_free (EwsAuthSession *session)
{
  if (session == NULL)
    return;

  g_free (session->session_id);
  g_free (session->user_id);
  g_free (session->client);
  g_free (session);
}

void
ews_signing_key_free (EwsSigningKey *key)
{
  if (key == NULL)
    return;

  g_free (key->kid);
  ews_password_wipe_free (key->private_pem);
  g_free (key->public_pem);
  g_free (key);
}

gboolean
ews_auth_storage_account_insert (EwsAuthStorage   *self,
                                 const EwsAccount *account,
                                 GError          **error)
{
  g_return_val_if_fail (EWS_IS_AUTH_STORAGE (self), FALSE);

  return EWS_AUTH_STORAGE_GET_IFACE (self)->account_insert (self, account, error);
}

EwsAccount *
ews_auth_storage_account_get (EwsAuthStorage *self,
                              const char     *user_id,
                              GError        **error)
{
  g_return_val_if_fail (EWS_IS_AUTH_STORAGE (self), NULL);

  return EWS_AUTH_STORAGE_GET_IFACE (self)->account_get (self, user_id, error);
}

char *
ews_auth_storage_dup_account_name (EwsAuthStorage *self,
                                   const char     *user_id)
{
  g_autoptr(EwsAccount) account = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (EWS_IS_AUTH_STORAGE (self), NULL);

  if (user_id == NULL || (account = ews_auth_storage_account_get (self, user_id, NULL)) == NULL)
    return NULL;

  name = g_strstrip (g_strdup (account->name != NULL ? account->name : ""));
  if (name[0] == '\0')
    return NULL;

  return g_steal_pointer (&name);
}

EwsAccount *
ews_auth_storage_account_get_by_email (EwsAuthStorage *self,
                                       const char     *email_key,
                                       GError        **error)
{
  g_return_val_if_fail (EWS_IS_AUTH_STORAGE (self), NULL);

  return EWS_AUTH_STORAGE_GET_IFACE (self)->account_get_by_email (self, email_key, error);
}

gboolean
ews_auth_storage_account_set_confirmed (EwsAuthStorage *self,
                                        const char     *user_id,
                                        GError        **error)
{
  g_return_val_if_fail (EWS_IS_AUTH_STORAGE (self), FALSE);

  return EWS_AUTH_STORAGE_GET_IFACE (self)->account_set_confirmed (self, user_id, error);
}

gboolean
ews_auth_storage_account_set_password (EwsAuthStorage *self,
                                       const char     *user_id,
                                       const char     *password_hash,
                                       GError        **error)
{
  g_return_val_if_fail (EWS_IS_AUTH_STORAGE (self), FALSE);

  return EWS_AUTH_STORAGE_GET_IFACE (self)->account_set_password (self, user_id, password_hash, error);
}

gboolean
ews_auth_storage_account_set_srp (EwsAuthStorage *self,
                                  const char     *user_id,
                                  const char     *srp_salt,
                                  const char     *srp_verifier,
                                  GError        **error)
{
  g_return_val_if_fail (EWS_IS_AUTH_STORAGE (self), FALSE);

  return EWS_AUTH_STORAGE_GET_IFACE (self)->account_set_srp (self, user_id, srp_salt, srp_verifier, error);
}

gboolean
ews_auth_storage_srp_challenge_use (EwsAuthStorage *self,
                                    const char     *challenge_id,
                                    gint64          expires_at,
                                    gint64          now,
                                    GError        **error)
{
  g_return_val_if_fail (EWS_IS_AUTH_STORAGE (self), FALSE);

  return EWS_AUTH_STORAGE_GET_IFACE (self)->srp_challenge_use (self, challenge_id, expires_at, now, error);
}

gboolean
ews_auth_storage_code_set (EwsAuthStorage    *self,
                           const char        *user_id,
                           EwsAuthCodePurpose purpose,
                           const char        *code_hash,
                           gint64             created_at,
                           gint64             expires_at,
                           GError           **error)
{
  g_return_val_if_fail (EWS_IS_AUTH_STORAGE (self), FALSE);

  return EWS_AUTH_STORAGE_GET_IFACE (self)->code_set (self, user_id, purpose, code_hash, created_at, expires_at, error);
}

EwsAuthCode *
ews_auth_storage_code_get (EwsAuthStorage    *self,
                           const char        *user_id,
                           EwsAuthCodePurpose purpose,
                           GError           **error)
{
  g_return_val_if_fail (EWS_IS_AUTH_STORAGE (self), NULL);

  return EWS_AUTH_STORAGE_GET_IFACE (self)->code_get (self, user_id, purpose, error);
}

gboolean
ews_auth_storage_code_add_attempt (EwsAuthStorage    *self,
                                   const char        *user_id,
                                   EwsAuthCodePurpose purpose,
                                   GError           **error)
{
  g_return_val_if_fail (EWS_IS_AUTH_STORAGE (self), FALSE);

  return EWS_AUTH_STORAGE_GET_IFACE (self)->code_add_attempt (self, user_id, purpose, error);
}

gboolean
ews_auth_storage_code_delete (EwsAuthStorage    *self,
                              const char        *user_id,
                              EwsAuthCodePurpose purpose,
                              GError           **error)
{
  g_return_val_if_fail (EWS_IS_AUTH_STORAGE (self), FALSE);

  return EWS_AUTH_STORAGE_GET_IFACE (self)->code_delete (self, user_id, purpose, error);
}

gboolean
ews_auth_storage_session_insert (EwsAuthStorage       *self,
                                 const EwsAuthSession *session,
                                 const char           *token_hash,
                                 GError              **error)
{
  g_return_val_if_fail (EWS_IS_AUTH_STORAGE (self), FALSE);

  return EWS_AUTH_STORAGE_GET_IFACE (self)->session_insert (self, session, token_hash, error);
}

EwsAuthSession *
ews_auth_storage_session_get (EwsAuthStorage *self,
                              const char     *session_id,
                              GError        **error)
{
  g_return_val_if_fail (EWS_IS_AUTH_STORAGE (self), NULL);

  return EWS_AUTH_STORAGE_GET_IFACE (self)->session_get (self, session_id, error);
}

EwsAuthSession *
ews_auth_storage_session_get_by_token (EwsAuthStorage *self,
                                       const char     *token_hash,
                                       GError        **error)
{
  g_return_val_if_fail (EWS_IS_AUTH_STORAGE (self), NULL);

  return EWS_AUTH_STORAGE_GET_IFACE (self)->session_get_by_token (self, token_hash, error);
}

gboolean
ews_auth_storage_sessions_revoke (EwsAuthStorage *self,
                                  const char     *user_id,
                                  gint64          now,
                                  GError        **error)
{
  g_return_val_if_fail (EWS_IS_AUTH_STORAGE (self), FALSE);

  return EWS_AUTH_STORAGE_GET_IFACE (self)->sessions_revoke (self, user_id, now, error);
}

gboolean
ews_auth_storage_session_revoke (EwsAuthStorage *self,
                                 const char     *session_id,
                                 gint64          now,
                                 GError        **error)
{
  g_return_val_if_fail (EWS_IS_AUTH_STORAGE (self), FALSE);

  return EWS_AUTH_STORAGE_GET_IFACE (self)->session_revoke (self, session_id, now, error);
}

gboolean
ews_auth_storage_failures_get (EwsAuthStorage *self,
                               const char     *email_key,
                               const char     *client,
                               guint          *failures,
                               gint64         *locked_until_ms,
                               GError        **error)
{
  g_return_val_if_fail (EWS_IS_AUTH_STORAGE (self), FALSE);

  return EWS_AUTH_STORAGE_GET_IFACE (self)->failures_get (self, email_key, client, failures, locked_until_ms, error);
}

gboolean
ews_auth_storage_failures_set (EwsAuthStorage *self,
                               const char     *email_key,
                               const char     *client,
                               guint           failures,
                               gint64          locked_until_ms,
                               gint64          now_ms,
                               GError        **error)
{
  g_return_val_if_fail (EWS_IS_AUTH_STORAGE (self), FALSE);

  return EWS_AUTH_STORAGE_GET_IFACE (self)->failures_set (self, email_key, client, failures, locked_until_ms, now_ms, error);
}

gboolean
ews_auth_storage_failures_clear (EwsAuthStorage *self,
                                 const char     *email_key,
                                 const char     *client,
                                 GError        **error)
{
  g_return_val_if_fail (EWS_IS_AUTH_STORAGE (self), FALSE);

  return EWS_AUTH_STORAGE_GET_IFACE (self)->failures_clear (self, email_key, client, error);
}

gboolean
ews_auth_storage_client_known (EwsAuthStorage *self,
                               const char     *user_id,
                               const char     *client,
                               gboolean       *known,
                               GError        **error)
{
  g_return_val_if_fail (EWS_IS_AUTH_STORAGE (self), FALSE);

  return EWS_AUTH_STORAGE_GET_IFACE (self)->client_known (self, user_id, client, known, error);
}

gboolean
ews_auth_storage_signing_key_insert (EwsAuthStorage      *self,
                                     const EwsSigningKey *key,
                                     GError             **error)
{
  g_return_val_if_fail (EWS_IS_AUTH_STORAGE (self), FALSE);

  return EWS_AUTH_STORAGE_GET_IFACE (self)->signing_key_insert (self, key, error);
}

EwsSigningKey *
ews_auth_storage_signing_key_get (EwsAuthStorage *self,
                                  const char     *kid,
                                  GError        **error)
{
  g_return_val_if_fail (EWS_IS_AUTH_STORAGE (self), NULL);

  return EWS_AUTH_STORAGE_GET_IFACE (self)->signing_key_get (self, kid, error);
}

EwsSigningKey *
ews_auth_storage_signing_key_get_current (EwsAuthStorage *self,
                                          GError        **error)
{
  g_return_val_if_fail (EWS_IS_AUTH_STORAGE (self), NULL);

  return EWS_AUTH_STORAGE_GET_IFACE (self)->signing_key_get_current (self, error);
}

/* Returns: (transfer full) (element-type EwsSigningKey): newest first */
GPtrArray *
ews_auth_storage_signing_keys_all (EwsAuthStorage *self,
                                   GError        **error)
{
  g_return_val_if_fail (EWS_IS_AUTH_STORAGE (self), NULL);

  return EWS_AUTH_STORAGE_GET_IFACE (self)->signing_keys_all (self, error);
}

gboolean
ews_auth_storage_signing_keys_retire (EwsAuthStorage *self,
                                      gint64          now,
                                      GError        **error)
{
  g_return_val_if_fail (EWS_IS_AUTH_STORAGE (self), FALSE);

  return EWS_AUTH_STORAGE_GET_IFACE (self)->signing_keys_retire (self, now, error);
}

gboolean
ews_auth_storage_signing_keys_prune (EwsAuthStorage *self,
                                     gint64          retired_before,
                                     GError        **error)
{
  g_return_val_if_fail (EWS_IS_AUTH_STORAGE (self), FALSE);

  return EWS_AUTH_STORAGE_GET_IFACE (self)->signing_keys_prune (self, retired_before, error);
}
