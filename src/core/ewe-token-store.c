/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-token-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "ewe-token-store.h"

/* Sign-in tokens live only in the Secret Service (gnome-keyring, KWallet…),
 * one item per account, found by the server URL and the user id. The secret
 * is opaque here: EweAuth decides what it holds. Nothing in this file writes
 * a token anywhere else, logs it, or keeps it longer than a call. */

struct _EweTokenStore
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (EweTokenStore, ewe_token_store, G_TYPE_OBJECT)

/* The quark name is one token with dashes: clang-format would space them. */
/* clang-format off */
G_DEFINE_QUARK (ewe-token-store-error-quark, ewe_token_store_error)
/* clang-format on */

#define ATTRIBUTE_SERVER "server"
#define ATTRIBUTE_USER "user"

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    EWE_TOKEN_STORE_SCHEMA_NAME, SECRET_SCHEMA_NONE, {
                                                       { ATTRIBUTE_SERVER, SECRET_SCHEMA_ATTRIBUTE_STRING },
                                                       { ATTRIBUTE_USER, SECRET_SCHEMA_ATTRIBUTE_STRING },
                                                       { NULL, 0 },
                                                     }
  };

  return &schema;
}

static void
ewe_token_store_class_init (EweTokenStoreClass *klass)
{
}

static void
ewe_token_store_init (EweTokenStore *self)
{
}

EweTokenStore *
ewe_token_store_new (void)
{
  return g_object_new (EWE_TYPE_TOKEN_STORE, NULL);
}

/* libsecret reports a missing Secret Service as a D-Bus or I/O error (no
 * session bus, nobody owning org.freedesktop.secrets). Those become
 * UNAVAILABLE, which the app explains; cancellation passes through as is. */
static GError *
translate_error (GError *error)
{
  GError *translated;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;

  if (error->domain == G_DBUS_ERROR || error->domain == G_IO_ERROR || error->domain == G_SPAWN_ERROR)
    translated = g_error_new (EWE_TOKEN_STORE_ERROR, EWE_TOKEN_STORE_ERROR_UNAVAILABLE,
                              _("No keyring is available to keep your sign-in safe. "
                                "Start your desktop’s keyring (Secret Service) and try again; "
                                "lists can still be drafted without signing in."));
  else
    translated = g_error_new (EWE_TOKEN_STORE_ERROR, EWE_TOKEN_STORE_ERROR_FAILED,
                              _("The keyring refused to keep your sign-in: %s"), error->message);

  g_debug ("keyring error: %s", error->message);
  g_error_free (error);

  return translated;
}

/* save */

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, translate_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

void
ewe_token_store_save_async (EweTokenStore      *self,
                            const char         *server,
                            const char         *user,
                            const char         *secret,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (EWE_IS_TOKEN_STORE (self));
  g_return_if_fail (server != NULL && user != NULL && secret != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_token_store_save_async);

  /* The label is what people see in Passwords and Keys. */
  label = g_strdup_printf (_("Ewelists sign-in for %s"), server);

  secret_password_store (token_schema (), SECRET_COLLECTION_DEFAULT, label, secret,
                         cancellable, store_cb, g_steal_pointer (&task),
                         ATTRIBUTE_SERVER, server,
                         ATTRIBUTE_USER, user,
                         NULL);
}

gboolean
ewe_token_store_save_finish (EweTokenStore *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* load */

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char   *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, translate_error (error));
      return;
    }

  /* Handed on as plain GLib memory so callers need not know libsecret. */
  g_task_return_pointer (task, g_strdup (secret), g_free);
  secret_password_free (secret);
}

void
ewe_token_store_load_async (EweTokenStore      *self,
                            const char         *server,
                            const char         *user,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (EWE_IS_TOKEN_STORE (self));
  g_return_if_fail (server != NULL && user != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_token_store_load_async);

  secret_password_lookup (token_schema (), cancellable, lookup_cb, task,
                          ATTRIBUTE_SERVER, server,
                          ATTRIBUTE_USER, user,
                          NULL);
}

/* Returns the secret (wipe it, then g_free() it), or NULL with no error when
 * the keyring holds none for that account. */
char *
ewe_token_store_load_finish (EweTokenStore *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* find the user signed in on a server */

static void
search_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GList  *items;
  char   *user = NULL;
  guint64 newest = 0;

  items = secret_password_search_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, translate_error (error));
      return;
    }

  /* One account per server is what the app keeps; if an older one lingers,
   * the most recently saved wins. */
  for (GList *l = items; l != NULL; l = l->next)
    {
      SecretRetrievable *item = l->data;
      guint64            modified = secret_retrievable_get_modified (item);

      if (user == NULL || modified >= newest)
        {
          g_autoptr(GHashTable) attributes = secret_retrievable_get_attributes (item);

          g_free (user);
          user = g_strdup (g_hash_table_lookup (attributes, ATTRIBUTE_USER));
          newest = modified;
        }
    }

  g_list_free_full (items, g_object_unref);
  g_task_return_pointer (task, user, g_free);
}

void
ewe_token_store_find_user_async (EweTokenStore      *self,
                                 const char         *server,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (EWE_IS_TOKEN_STORE (self));
  g_return_if_fail (server != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_token_store_find_user_async);

  secret_password_search (token_schema (), SECRET_SEARCH_ALL, cancellable, search_cb, task,
                          ATTRIBUTE_SERVER, server,
                          NULL);
}

/* Returns the user id of the account saved for @server, or NULL with no
 * error when there is none. */
char *
ewe_token_store_find_user_finish (EweTokenStore *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* clear */

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* FALSE without an error means there was nothing to remove: fine. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, translate_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

void
ewe_token_store_clear_async (EweTokenStore      *self,
                             const char         *server,
                             const char         *user,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (EWE_IS_TOKEN_STORE (self));
  g_return_if_fail (server != NULL && user != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_token_store_clear_async);

  secret_password_clear (token_schema (), cancellable, clear_cb, task,
                         ATTRIBUTE_SERVER, server,
                         ATTRIBUTE_USER, user,
                         NULL);
}

gboolean
ewe_token_store_clear_finish (EweTokenStore *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
