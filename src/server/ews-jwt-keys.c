/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-jwt-keys"

#include "config.h"

#include "ews-jwt-keys.h"

struct _EwsJwtKeys
{
  GObject         parent_instance;

  /* owned */
  EwsAuthStorage *storage;
  GHashTable     *keys; /* kid → EwsJwtKey, as read so far */
};

G_DEFINE_FINAL_TYPE (EwsJwtKeys, ews_jwt_keys, G_TYPE_OBJECT)

static void
ews_jwt_keys_finalize (GObject *object)
{
  EwsJwtKeys *self = (EwsJwtKeys *)object;

  g_clear_object (&self->storage);
  g_clear_pointer (&self->keys, g_hash_table_unref);

  G_OBJECT_CLASS (ews_jwt_keys_parent_class)->finalize (object);
}

static void
ews_jwt_keys_class_init (EwsJwtKeysClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ews_jwt_keys_finalize;
}

static void
ews_jwt_keys_init (EwsJwtKeys *self)
{
  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)ews_jwt_key_unref);
}

EwsJwtKeys *
ews_jwt_keys_new (EwsAuthStorage *storage)
{
  EwsJwtKeys *self;

  g_return_val_if_fail (EWS_IS_AUTH_STORAGE (storage), NULL);

  self = g_object_new (EWS_TYPE_JWT_KEYS, NULL);
  self->storage = g_object_ref (storage);

  return self;
}

gboolean
ews_jwt_keys_is_published (gint64 retired_at,
                           gint64 now)
{
  return retired_at == 0 || retired_at + EWS_JWT_KEY_KEEP_SECONDS > now;
}

/* A stored key that does not read back is our failure, not the token's. */
static EwsJwtKey *
key_from_stored (const EwsSigningKey *stored,
                 gboolean             with_private,
                 GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  EwsJwtKey *key;

  key = ews_jwt_key_new_from_pem (with_private ? stored->private_pem : NULL, stored->public_pem, &local_error);
  if (key == NULL)
    {
      g_set_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_FAILED,
                   "The signing key %s in the database is damaged: %s", stored->kid, local_error->message);
      return NULL;
    }

  if (g_strcmp0 (ews_jwt_key_get_kid (key), stored->kid) != 0)
    {
      ews_jwt_key_unref (key);
      g_set_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_FAILED,
                   "The signing key %s in the database is stored under another key's name", stored->kid);
      return NULL;
    }

  return key;
}

static EwsSigningKey *
stored_new (EwsJwtKey *key,
            gint64     now)
{
  EwsSigningKey *stored = g_new0 (EwsSigningKey, 1);

  stored->kid = g_strdup (ews_jwt_key_get_kid (key));
  stored->private_pem = ews_jwt_key_dup_private_pem (key);
  stored->public_pem = ews_jwt_key_dup_public_pem (key);
  stored->created_at = now;

  return stored;
}

gboolean
ews_jwt_keys_prepare (EwsJwtKeys *self,
                      gint64      now,
                      GError    **error)
{
  g_autoptr(EwsSigningKey) current = NULL;
  g_autoptr(EwsSigningKey) stored = NULL;
  g_autoptr(EwsJwtKey) key = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (EWS_IS_JWT_KEYS (self), FALSE);

  if (!ews_auth_storage_signing_keys_prune (self->storage, now - EWS_JWT_KEY_KEEP_SECONDS, error))
    return FALSE;

  current = ews_auth_storage_signing_key_get_current (self->storage, &local_error);
  if (current != NULL)
    return TRUE;
  if (!g_error_matches (local_error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_clear_error (&local_error);

  key = ews_jwt_key_generate (error);
  if (key == NULL)
    return FALSE;

  /* Another server starting on the same database at the same moment may
   * have stored its own first key: then that one signs, ours is dropped. */
  stored = stored_new (key, now);
  if (!ews_auth_storage_signing_key_insert (self->storage, stored, &local_error) &&
      !g_error_matches (local_error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (local_error == NULL)
    g_info ("Made the first token signing key, %s", ews_jwt_key_get_kid (key));

  return TRUE;
}

char *
ews_jwt_keys_sign (EwsJwtKeys *self,
                   JsonObject *claims,
                   GError    **error)
{
  g_autoptr(EwsSigningKey) current = NULL;
  EwsJwtKey *key;
  char      *token;

  g_return_val_if_fail (EWS_IS_JWT_KEYS (self), NULL);

  /* Asked each time: another process may have rotated the keys. */
  current = ews_auth_storage_signing_key_get_current (self->storage, error);
  if (current == NULL)
    return NULL;

  key = g_hash_table_lookup (self->keys, current->kid);
  if (key == NULL || !ews_jwt_key_can_sign (key))
    {
      key = key_from_stored (current, TRUE, error);
      if (key == NULL)
        return NULL;
      g_hash_table_replace (self->keys, g_strdup (current->kid), key);
    }

  token = ews_jwt_sign (key, claims);
  if (token == NULL)
    g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_FAILED, "Could not sign a token");

  return token;
}

JsonObject *
ews_jwt_keys_verify (EwsJwtKeys *self,
                     const char *token,
                     const char *issuer,
                     gint64      now,
                     GError    **error)
{
  g_autofree char *kid = NULL;
  EwsJwtKey       *key;

  g_return_val_if_fail (EWS_IS_JWT_KEYS (self), NULL);

  kid = ews_jwt_dup_kid (token, error);
  if (kid == NULL)
    return NULL;

  key = g_hash_table_lookup (self->keys, kid);
  if (key == NULL)
    {
      g_autoptr(EwsSigningKey) stored = NULL;
      g_autoptr(GError) local_error = NULL;

      /* One indexed lookup, no more costly than the session's. */
      stored = ews_auth_storage_signing_key_get (self->storage, kid, &local_error);
      if (stored == NULL)
        {
          if (g_error_matches (local_error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND))
            g_set_error_literal (error, EWS_JWT_ERROR, EWS_JWT_ERROR_BAD_SIGNATURE,
                                 "The token is signed with a key this server does not know");
          else
            g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      key = key_from_stored (stored, FALSE, error);
      if (key == NULL)
        return NULL;
      g_hash_table_replace (self->keys, g_strdup (kid), key);
    }

  return ews_jwt_verify (key, token, issuer, now, error);
}

JsonNode *
ews_jwt_keys_dup_jwks (EwsJwtKeys *self,
                       gint64      now,
                       GError    **error)
{
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(JsonObject) jwks = NULL;
  JsonArray *keys;

  g_return_val_if_fail (EWS_IS_JWT_KEYS (self), NULL);

  stored = ews_auth_storage_signing_keys_all (self->storage, error);
  if (stored == NULL)
    return NULL;

  keys = json_array_new ();
  for (guint i = 0; i < stored->len; i++)
    {
      const EwsSigningKey *one = g_ptr_array_index (stored, i);
      g_autoptr(EwsJwtKey) key = NULL;

      if (!ews_jwt_keys_is_published (one->retired_at, now))
        continue;

      key = key_from_stored (one, FALSE, error);
      if (key == NULL)
        {
          json_array_unref (keys);
          return NULL;
        }
      json_array_add_object_element (keys, ews_jwt_key_dup_jwk (key));
    }

  jwks = json_object_new ();
  json_object_set_array_member (jwks, "keys", keys);

  return json_node_init_object (json_node_alloc (), jwks);
}

char *
ews_jwt_keys_rotate (EwsJwtKeys *self,
                     gint64      now,
                     GError    **error)
{
  EwsStorage *storage;
  g_autoptr(EwsJwtKey) key = NULL;
  g_autoptr(EwsSigningKey) stored = NULL;

  g_return_val_if_fail (EWS_IS_JWT_KEYS (self), NULL);

  storage = EWS_STORAGE (self->storage);

  /* Made before the transaction: it takes a while, and writers wait. */
  key = ews_jwt_key_generate (error);
  if (key == NULL)
    return NULL;
  stored = stored_new (key, now);

  if (!ews_storage_begin (storage, error))
    return NULL;

  if (!ews_auth_storage_signing_keys_retire (self->storage, now, error) ||
      !ews_auth_storage_signing_key_insert (self->storage, stored, error) ||
      !ews_auth_storage_signing_keys_prune (self->storage, now - EWS_JWT_KEY_KEEP_SECONDS, error))
    {
      ews_storage_rollback (storage);
      return NULL;
    }

  if (!ews_storage_commit (storage, error))
    return NULL;

  return g_strdup (stored->kid);
}
