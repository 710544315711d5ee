/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-context"

#include "config.h"

#include <errno.h>

#include <glib/gstdio.h>

#include "ewe-context.h"
#include "ewe-paths.h"

/* The app's services for the configured server, handed to the windows and
 * dialogs that need them (never reached through a global): the settings,
 * the keyring and the account. The account is rebuilt whenever the server
 * settings change, after the old one signs out; without a server there is
 * no account and the app only drafts.
 *
 * It also opens the local store of drafts in the background at once; the
 * "store" property is NULL until it is open, or "store-error" says why it
 * could not be. */

struct _EweContext
{
  GObject        parent_instance;

  /* owned */
  GSettings     *settings;
  EweTokenStore *token_store;
  EweAccount    *account;
  GCancellable  *restore_cancellable;
  char          *config_key;     /* what the account was built from */
  guint          reload_idle_id;
  EweStore      *store;          /* NULL until open */
  GError        *store_error;    /* why it could not be opened */
  EweImageCache *image_cache;
  GCancellable  *store_cancellable;
};

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_TOKEN_STORE,
  PROP_ACCOUNT,
  PROP_CONFIGURED,
  PROP_STORE,
  PROP_STORE_ERROR,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (EweContext, ewe_context, G_TYPE_OBJECT)

/* The keys an account depends on; the API base URLs are read per request by
 * whoever builds an API client, so they need no rebuild here. */
static const char * const account_keys[] = { "server-url", "auth-url", "auth-client-id" };

static char *
dup_trimmed (GSettings  *settings,
             const char *key)
{
  g_autofree char *value = g_settings_get_string (settings, key);
  gsize len;

  g_strstrip (value);
  len = strlen (value);
  while (len > 0 && value[len - 1] == '/')
    value[--len] = '\0';

  return g_steal_pointer (&value);
}

static void
restore_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Nothing to tell the user at startup: without a keyring or a saved
   * account the app is simply signed out, and signing in will say why. */
  if (!ewe_account_restore_finish (EWE_ACCOUNT (object), result, &error) && error != NULL &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Could not restore the account: %s", error->message);
}

static void
old_account_signed_out_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!ewe_account_sign_out_finish (EWE_ACCOUNT (object), result, &error))
    g_warning ("Could not sign out of %s: %s",
               ewe_account_get_server (EWE_ACCOUNT (object)), error->message);
}

/* Rebuilds the account if the server settings changed since it was built. */
void
ewe_context_reload (EweContext *self)
{
  g_autofree char *server_url = NULL;
  g_autofree char *auth_url = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *key = NULL;
  const char *server_id;
  gboolean was_configured;

  g_return_if_fail (EWE_IS_CONTEXT (self));

  g_clear_handle_id (&self->reload_idle_id, g_source_remove);

  server_url = dup_trimmed (self->settings, "server-url");
  auth_url = dup_trimmed (self->settings, "auth-url");
  client_id = g_settings_get_string (self->settings, "auth-client-id");
  g_strstrip (client_id);

  /* An existing Ewelists (Cognito) account may have no server of ours; the
   * keyring then files its tokens under the sign-in endpoint. */
  if (server_url[0] != '\0')
    {
      server_id = server_url;
      endpoint = auth_url[0] != '\0' ? g_strdup (auth_url) : g_strconcat (server_url, "/api/auth", NULL);
    }
  else if (auth_url[0] != '\0')
    {
      server_id = auth_url;
      endpoint = g_strdup (auth_url);
    }
  else
    {
      server_id = NULL;
    }

  if (server_id != NULL)
    key = g_strjoin ("\n", server_id, endpoint, client_id, NULL);

  if (g_strcmp0 (key, self->config_key) == 0)
    return;

  was_configured = self->account != NULL;

  g_cancellable_cancel (self->restore_cancellable);
  g_clear_object (&self->restore_cancellable);

  if (self->account != NULL && ewe_account_get_signed_in (self->account))
    ewe_account_sign_out_async (self->account, NULL, old_account_signed_out_cb, NULL);
  g_clear_object (&self->account);
  g_free (self->config_key);
  self->config_key = g_steal_pointer (&key);

  if (server_id != NULL)
    {
      g_autoptr(EweAuth) auth = ewe_auth_new (endpoint, client_id);

      self->account = ewe_account_new (server_id, auth, self->token_store);
      self->restore_cancellable = g_cancellable_new ();
      ewe_account_restore_async (self->account, self->restore_cancellable, restore_cb, NULL);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ACCOUNT]);
  if (was_configured != (self->account != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CONFIGURED]);
}

static gboolean
reload_idle_cb (gpointer user_data)
{
  EweContext *self = user_data;

  self->reload_idle_id = 0;
  ewe_context_reload (self);

  return G_SOURCE_REMOVE;
}

static void
settings_changed_cb (EweContext *self,
                     const char *key,
                     GSettings  *settings)
{
  /* Several keys often change together (the preferences' expander): one
   * rebuild for all of them. */
  if (g_strv_contains (account_keys, key) && self->reload_idle_id == 0)
    self->reload_idle_id = g_idle_add (reload_idle_cb, self);
}

static void
store_open_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(EweContext) self = user_data;
  g_autoptr(EweStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = ewe_store_open_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (store == NULL)
    {
      /* The window shows it to the user. */
      g_debug ("Could not open the drafts: %s", error->message);
      g_clear_error (&self->store_error);
      self->store_error = g_steal_pointer (&error);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STORE_ERROR]);
      return;
    }

  g_set_object (&self->store, store);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STORE]);
}

/* The signed-out drafts; opened on the store's own thread, so startup
 * never waits for the disk. */
static void
open_store (EweContext *self)
{
  g_autofree char *data_dir = ewe_paths_get_data_dir ();
  g_autofree char *path = ewe_paths_get_drafts_store_file ();

  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      int saved_errno = errno;

      self->store_error = g_error_new (G_IO_ERROR, g_io_error_from_errno (saved_errno),
                                       "%s: %s", data_dir, g_strerror (saved_errno));
      g_debug ("Could not create %s: %s", data_dir, g_strerror (saved_errno));
      return;
    }

  self->store_cancellable = g_cancellable_new ();
  ewe_store_open_async (path, self->store_cancellable, store_open_cb, g_object_ref (self));
}

static void
ewe_context_constructed (GObject *object)
{
  EweContext *self = (EweContext *)object;

  G_OBJECT_CLASS (ewe_context_parent_class)->constructed (object);

  if (self->token_store == NULL)
    self->token_store = ewe_token_store_new ();

  g_signal_connect_object (self->settings, "changed", G_CALLBACK (settings_changed_cb),
                           self, G_CONNECT_SWAPPED);
  ewe_context_reload (self);

  self->image_cache = ewe_image_cache_new (NULL);
  open_store (self);
}

static void
ewe_context_dispose (GObject *object)
{
  EweContext *self = (EweContext *)object;

  g_clear_handle_id (&self->reload_idle_id, g_source_remove);
  g_cancellable_cancel (self->restore_cancellable);
  g_clear_object (&self->restore_cancellable);
  g_clear_object (&self->account);
  g_clear_object (&self->token_store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->config_key, g_free);
  g_cancellable_cancel (self->store_cancellable);
  g_clear_object (&self->store_cancellable);
  g_clear_object (&self->store);
  g_clear_error (&self->store_error);
  g_clear_object (&self->image_cache);

  G_OBJECT_CLASS (ewe_context_parent_class)->dispose (object);
}

static void
ewe_context_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  EweContext *self = EWE_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_TOKEN_STORE:
      g_value_set_object (value, self->token_store);
      break;

    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;

    case PROP_CONFIGURED:
      g_value_set_boolean (value, self->account != NULL);
      break;

    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_STORE_ERROR:
      g_value_set_boxed (value, self->store_error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_context_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  EweContext *self = EWE_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    case PROP_TOKEN_STORE:
      self->token_store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_context_class_init (EweContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ewe_context_constructed;
  object_class->dispose = ewe_context_dispose;
  object_class->get_property = ewe_context_get_property;
  object_class->set_property = ewe_context_set_property;

  properties [PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties [PROP_TOKEN_STORE] =
    g_param_spec_object ("token-store", NULL, NULL, EWE_TYPE_TOKEN_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties [PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, EWE_TYPE_ACCOUNT,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_CONFIGURED] =
    g_param_spec_boolean ("configured", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, EWE_TYPE_STORE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_STORE_ERROR] =
    g_param_spec_boxed ("store-error", NULL, NULL, G_TYPE_ERROR,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ewe_context_init (EweContext *self)
{
}

/* @token_store may be NULL for the session keyring's. */
EweContext *
ewe_context_new (GSettings     *settings,
                 EweTokenStore *token_store)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (token_store == NULL || EWE_IS_TOKEN_STORE (token_store), NULL);

  return g_object_new (EWE_TYPE_CONTEXT,
                       "settings", settings,
                       "token-store", token_store,
                       NULL);
}

GSettings *
ewe_context_get_settings (EweContext *self)
{
  g_return_val_if_fail (EWE_IS_CONTEXT (self), NULL);

  return self->settings;
}

EweTokenStore *
ewe_context_get_token_store (EweContext *self)
{
  g_return_val_if_fail (EWE_IS_CONTEXT (self), NULL);

  return self->token_store;
}

/* The account for the configured server, or NULL when none is configured. */
EweAccount *
ewe_context_get_account (EweContext *self)
{
  g_return_val_if_fail (EWE_IS_CONTEXT (self), NULL);

  return self->account;
}

gboolean
ewe_context_get_configured (EweContext *self)
{
  g_return_val_if_fail (EWE_IS_CONTEXT (self), FALSE);

  return self->account != NULL;
}

char *
ewe_context_dup_server_url (EweContext *self)
{
  g_return_val_if_fail (EWE_IS_CONTEXT (self), NULL);

  return dup_trimmed (self->settings, "server-url");
}

/* Saves @server_url and rebuilds the account at once, for a caller that
 * goes on to use it (the sign-in dialog's first page). */
void
ewe_context_set_server_url (EweContext *self,
                            const char *server_url)
{
  g_return_if_fail (EWE_IS_CONTEXT (self));

  g_settings_set_string (self->settings, "server-url", server_url ? server_url : "");
  ewe_context_reload (self);
}

/* The local store of drafts; NULL until it is open (see "store"). */
EweStore *
ewe_context_get_store (EweContext *self)
{
  g_return_val_if_fail (EWE_IS_CONTEXT (self), NULL);

  return self->store;
}

/* Why the store could not be opened, or NULL. */
const GError *
ewe_context_get_store_error (EweContext *self)
{
  g_return_val_if_fail (EWE_IS_CONTEXT (self), NULL);

  return self->store_error;
}

EweImageCache *
ewe_context_get_image_cache (EweContext *self)
{
  g_return_val_if_fail (EWE_IS_CONTEXT (self), NULL);

  return self->image_cache;
}
