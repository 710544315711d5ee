/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-session"

#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ewe-friends.h"
#include "ewe-paths.h"
#include "ewe-session-private.h"

/* The session: the app's services for the configured server, handed to
 * the windows and dialogs that need them (never reached through a global): the settings,
 * the keyring and the account. The account is rebuilt whenever the server
 * settings change, after the old one signs out; without a server there is
 * no account and the app only drafts.
 *
 * It also opens the local store in the background: the drafts while signed
 * out, the account's own store while signed in. The "store" property is
 * NULL while one is being opened, or "store-error" says why it could not
 * be. While signed in to a server it also has an API client for it and a
 * sync engine that keeps the account's store and the server in step.
 *
 * What becomes of drafts at sign-in is ewe-session-drafts.c's. What fails
 * in the background, unasked (signing out of the old server, reading the
 * friends' lists, saving refreshed tokens), is a "problem" for whoever
 * shows the session to tell the user. */

enum
{
  PROP_0,
  PROP_SETTINGS,
  PROP_TOKEN_STORE,
  PROP_ACCOUNT,
  PROP_CONFIGURED,
  PROP_STORE,
  PROP_STORE_ERROR,
  PROP_API_CLIENT,
  PROP_SYNC,
  PROP_LOOKING_FOR_DRAFTS,
  N_PROPS
};

enum
{
  DRAFTS_FOUND,
  PROBLEM,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (EweSession, ewe_session, G_TYPE_OBJECT)
/* The quark name is one token with dashes: clang-format would space them. */
/* clang-format off */
G_DEFINE_QUARK (ewe-session-error-quark, ewe_session_error)
/* clang-format on */

/* The keys an account depends on, and those its API client does. */
static const char * const account_keys[] = { "server-url", "auth-url", "auth-client-id", "cognito-user-pool-id", NULL };
static const char * const service_keys[EWE_API_N_SERVICES + 1] = {
  [EWE_API_SERVICE_LISTS] = "lists-url",
  [EWE_API_SERVICE_PRODUCTS] = "products-url",
  [EWE_API_SERVICE_NOTFOUND] = "notfound-url",
  [EWE_API_SERVICE_CONTACT] = "contact-url",
  [EWE_API_N_SERVICES] = NULL,
};

static void update_services (EweSession *self);

static char *
dup_trimmed (GSettings  *settings,
             const char *key)
{
  g_autofree char *value = g_settings_get_string (settings, key);
  gsize            len;

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

/* Tells whoever shows the session about a failure in the background, in
 * words for the user; @detail, the cause, goes to the debug log. */
static void
report_problem (EweSession     *self,
                EweSessionError code,
                const GError   *detail,
                const char     *message)
{
  g_autoptr(GError) problem = g_error_new_literal (EWE_SESSION_ERROR, code, message);

  g_debug ("%s (%s)", message, detail->message);
  g_signal_emit (self, signals[PROBLEM], 0, problem);
}

static void
old_account_signed_out_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  GWeakRef *session_ref = user_data;
  /* The session may be gone (the app quit): signing out goes on anyway. */
  g_autoptr(EweSession) self = g_weak_ref_get (session_ref);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  g_weak_ref_clear (session_ref);
  g_free (session_ref);

  if (ewe_account_sign_out_finish (EWE_ACCOUNT (object), result, &error) || self == NULL)
    return;

  /* Translators: %s is the server the user was signed in to */
  message = g_strdup_printf (_("Could not sign out of %s: unlock the keyring, then sign in there and out again"),
                                ewe_account_get_server (EWE_ACCOUNT (object)));
  report_problem (self, EWE_SESSION_ERROR_SIGN_OUT_FAILED, error, message);
}

static void
tokens_not_saved_cb (EweSession   *self,
                     const GError *error,
                     EweAccount   *account)
{
  report_problem (self, EWE_SESSION_ERROR_TOKENS_NOT_SAVED, error,
                  _("Could not save your sign-in in the keyring: unlock it, or the next start may ask you to sign in"));
}

/* Friends' lists say who is asking to the server of the account only. */
static void
update_friends_account (EweSession *self)
{
  g_autofree char *server_url = NULL;

  if (self->friends == NULL)
    return;

  server_url = dup_trimmed (self->settings, "server-url");
  ewe_friends_set_account (self->friends, self->account, server_url[0] != '\0' ? server_url : NULL);
}

static void
friends_load_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(EweSession) self = user_data;
  g_autoptr(GError) error = NULL;

  /* The models stay empty; opening a link again still works. */
  if (!ewe_friends_load_finish (EWE_FRIENDS (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    report_problem (self, EWE_SESSION_ERROR_FRIENDS_UNREADABLE, error,
                    _("Could not read your friends’ lists on this device: open their links again to see them"));
}

/* Rebuilds the account if the server settings changed since it was built. */
void
ewe_session_reload (EweSession *self)
{
  g_autofree char *server_url = NULL;
  g_autofree char *auth_url = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *user_pool_id = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *key = NULL;
  const char      *server_id;
  gboolean         was_configured;

  g_return_if_fail (EWE_IS_SESSION (self));

  g_clear_handle_id (&self->reload_idle_id, g_source_remove);

  server_url = dup_trimmed (self->settings, "server-url");
  auth_url = dup_trimmed (self->settings, "auth-url");
  client_id = g_settings_get_string (self->settings, "auth-client-id");
  g_strstrip (client_id);
  /* Empty: our server's own pool, or the password against Amazon's. */
  user_pool_id = dup_trimmed (self->settings, "cognito-user-pool-id");

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
    key = g_strjoin ("\n", server_id, endpoint, client_id, user_pool_id, NULL);

  if (g_strcmp0 (key, self->config_key) == 0)
    {
      update_services (self);
      return;
    }

  was_configured = self->account != NULL;

  g_cancellable_cancel (self->restore_cancellable);
  g_clear_object (&self->restore_cancellable);

  if (self->account != NULL && ewe_account_get_signed_in (self->account))
    {
      GWeakRef *session_ref = g_new0 (GWeakRef, 1);

      g_weak_ref_init (session_ref, self);
      ewe_account_sign_out_async (self->account, NULL, old_account_signed_out_cb, session_ref);
    }
  g_clear_object (&self->account);
  g_free (self->config_key);
  self->config_key = g_steal_pointer (&key);

  if (server_id != NULL)
    {
      g_autoptr(EweAuth) auth = ewe_auth_new (endpoint, client_id);

      ewe_auth_set_user_pool_id (auth, user_pool_id);
      self->account = ewe_account_new (server_id, auth, self->token_store);
      /* Signing in, out, or as someone else changes the store. */
      g_signal_connect_object (self->account, "notify::user-id",
                               G_CALLBACK (update_services), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->account, "tokens-not-saved",
                               G_CALLBACK (tokens_not_saved_cb), self, G_CONNECT_SWAPPED);
      self->restore_cancellable = g_cancellable_new ();
      ewe_account_restore_async (self->account, self->restore_cancellable, restore_cb, NULL);
    }

  update_friends_account (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
  if (was_configured != (self->account != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFIGURED]);

  update_services (self);
}

static gboolean
reload_idle_cb (gpointer user_data)
{
  EweSession *self = user_data;

  self->reload_idle_id = 0;
  ewe_session_reload (self);

  return G_SOURCE_REMOVE;
}

static void
settings_changed_cb (EweSession *self,
                     const char *key,
                     GSettings  *settings)
{
  /* Several keys often change together (the preferences' expander): one
   * rebuild for all of them. */
  if ((g_strv_contains (account_keys, key) || g_strv_contains ((const char * const *)service_keys, key)) &&
      self->reload_idle_id == 0)
    self->reload_idle_id = g_idle_add (reload_idle_cb, self);
}

/* --- sync ----------------------------------------------------------------- */

static void
set_sync (EweSession *self,
          EweSync    *sync)
{
  if (self->sync == sync)
    return;

  if (self->sync != NULL)
    ewe_sync_stop (self->sync);
  g_set_object (&self->sync, sync);
  if (self->sync != NULL)
    ewe_sync_start (self->sync);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC]);
}

/* A sync engine for the account's store and its server, once both exist. */
static void
update_sync (EweSession *self)
{
  g_autoptr(EweSync) sync = NULL;

  if (self->sync != NULL &&
      ewe_sync_get_store (self->sync) == self->store &&
      self->api_client != NULL)
    return;

  if (self->store != NULL && self->api_client != NULL)
    sync = ewe_sync_new (self->store, self->api_client);

  set_sync (self, sync);
}

/* --- the store ------------------------------------------------------------ */

static void
store_open_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(EweSession) self = user_data;
  g_autoptr(EweStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = ewe_store_open_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (store == NULL)
    {
      /* The window shows it to the user. */
      g_debug ("Could not open %s: %s", self->store_path, error->message);
      g_clear_error (&self->store_error);
      self->store_error = g_steal_pointer (&error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE_ERROR]);
      return;
    }

  g_set_object (&self->store, store);
  self->friends = ewe_friends_new (store);
  update_friends_account (self);
  ewe_friends_load_async (self->friends, self->store_cancellable, friends_load_cb, g_object_ref (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
  update_sync (self);

  if (!ewe_session_is_drafts_path (self->store_path))
    ewe_session_look_for_drafts (self);
}

/* Opens the store in @path on the store's own thread, so neither startup
 * nor signing in waits for the disk; the one open until now goes at once,
 * so that nothing is written into the wrong one meanwhile. */
static void
switch_store (EweSession *self,
              const char *path)
{
  g_autofree char *data_dir = ewe_paths_get_data_dir ();
  /* Alive until whoever shows it has heard it is gone. */
  g_autoptr(EweStore) old_store = g_steal_pointer (&self->store);
  gboolean had_error = self->store_error != NULL;

  g_cancellable_cancel (self->store_cancellable);
  g_clear_object (&self->store_cancellable);
  ewe_session_forget_found_drafts (self);
  set_sync (self, NULL);
  /* Friends' lists and reservations are kept per store, like the lists. */
  g_clear_object (&self->friends);
  g_clear_error (&self->store_error);
  g_free (self->store_path);
  self->store_path = g_strdup (path);

  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      int saved_errno = errno;

      self->store_error = g_error_new (G_IO_ERROR, g_io_error_from_errno (saved_errno),
                                       "%s: %s", data_dir, g_strerror (saved_errno));
      g_debug ("Could not create %s: %s", data_dir, g_strerror (saved_errno));
    }
  else
    {
      self->store_cancellable = g_cancellable_new ();
      ewe_store_open_async (path, self->store_cancellable, store_open_cb, g_object_ref (self));
    }

  if (old_store != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
  if (had_error || self->store_error != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE_ERROR]);
}

/* --- the API client --------------------------------------------------------- */

/* The signed-in account's client: each service at its own URL when one is
 * set (the original cloud had four), otherwise under the server's /api/. */
static EweApiClient *
build_api_client (EweSession *self)
{
  g_autofree char *server_url = NULL;
  g_autoptr(EweApiClient) client = NULL;

  if (self->account == NULL || !ewe_account_get_signed_in (self->account))
    return NULL;

  server_url = dup_trimmed (self->settings, "server-url");
  if (server_url[0] != '\0')
    client = ewe_api_client_new_for_server (self->account, server_url);
  else
    client = ewe_api_client_new (self->account);

  for (guint i = 0; i < EWE_API_N_SERVICES; i++)
    {
      g_autofree char *url = dup_trimmed (self->settings, service_keys[i]);

      if (url[0] != '\0')
        ewe_api_client_set_base_url (client, i, url);
    }

  /* Sign-in alone, without anywhere to keep lists: no client. */
  if (ewe_api_client_get_base_url (client, EWE_API_SERVICE_LISTS) == NULL)
    return NULL;

  return g_steal_pointer (&client);
}

/* Brings the store, the API client and the sync engine in line with who is
 * signed in, where. */
static void
update_services (EweSession *self)
{
  g_autoptr(EweApiClient) client = build_api_client (self);
  g_autofree char *path = NULL;
  const char      *user_id = self->account ? ewe_account_get_user_id (self->account) : NULL;

  if (user_id != NULL)
    path = ewe_paths_get_account_store_file (ewe_account_get_server (self->account), user_id);
  else
    path = ewe_paths_get_drafts_store_file ();

  if (!ewe_api_client_equal (client, self->api_client))
    {
      set_sync (self, NULL);
      g_set_object (&self->api_client, client);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_API_CLIENT]);
    }

  if (g_strcmp0 (path, self->store_path) != 0)
    switch_store (self, path);

  update_sync (self);
}

static void
ewe_session_constructed (GObject *object)
{
  EweSession *self = (EweSession *)object;

  G_OBJECT_CLASS (ewe_session_parent_class)->constructed (object);

  if (self->token_store == NULL)
    self->token_store = ewe_token_store_new ();

  g_signal_connect_object (self->settings, "changed", G_CALLBACK (settings_changed_cb),
                           self, G_CONNECT_SWAPPED);

  self->image_cache = ewe_image_cache_new (NULL);
  ewe_session_reload (self);
}

static void
ewe_session_dispose (GObject *object)
{
  EweSession *self = (EweSession *)object;

  g_clear_handle_id (&self->reload_idle_id, g_source_remove);
  if (self->sync != NULL)
    ewe_sync_stop (self->sync);
  g_clear_object (&self->sync);
  g_clear_object (&self->api_client);
  ewe_session_forget_found_drafts (self);
  g_cancellable_cancel (self->restore_cancellable);
  g_clear_object (&self->restore_cancellable);
  g_clear_object (&self->account);
  g_clear_object (&self->token_store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->config_key, g_free);
  g_cancellable_cancel (self->store_cancellable);
  g_clear_object (&self->store_cancellable);
  g_clear_object (&self->friends);
  g_clear_object (&self->store);
  g_clear_error (&self->store_error);
  g_clear_pointer (&self->store_path, g_free);
  g_clear_object (&self->image_cache);

  G_OBJECT_CLASS (ewe_session_parent_class)->dispose (object);
}

static void
ewe_session_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  EweSession *self = EWE_SESSION (object);

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

    case PROP_API_CLIENT:
      g_value_set_object (value, self->api_client);
      break;

    case PROP_SYNC:
      g_value_set_object (value, self->sync);
      break;

    case PROP_LOOKING_FOR_DRAFTS:
      g_value_set_boolean (value, self->drafts_cancellable != NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_session_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  EweSession *self = EWE_SESSION (object);

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
ewe_session_class_init (EweSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ewe_session_constructed;
  object_class->dispose = ewe_session_dispose;
  object_class->get_property = ewe_session_get_property;
  object_class->set_property = ewe_session_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TOKEN_STORE] =
    g_param_spec_object ("token-store", NULL, NULL, EWE_TYPE_TOKEN_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, EWE_TYPE_ACCOUNT,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CONFIGURED] =
    g_param_spec_boolean ("configured", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, EWE_TYPE_STORE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STORE_ERROR] =
    g_param_spec_boxed ("store-error", NULL, NULL, G_TYPE_ERROR,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_API_CLIENT] =
    g_param_spec_object ("api-client", NULL, NULL, EWE_TYPE_API_CLIENT,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SYNC] =
    g_param_spec_object ("sync", NULL, NULL, EWE_TYPE_SYNC,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* Signed in, until it is known whether drafts are to be asked about: the
   * window does not say "no lists" meanwhile. */
  properties[PROP_LOOKING_FOR_DRAFTS] =
    g_param_spec_boolean ("looking-for-drafts", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A user signed in while this device has draft lists they were not asked
   * about: ask whether to move them into the account, then call
   * ewe_session_import_drafts_async() or ewe_session_keep_drafts(). */
  signals[DRAFTS_FOUND] =
    g_signal_new ("drafts-found",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  /* Something the user did not ask for went wrong in the background (an
   * EWE_SESSION_ERROR, whose message says what to do): whoever shows the
   * session tells the user. */
  signals[PROBLEM] =
    g_signal_new ("problem",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
ewe_session_init (EweSession *self)
{
}

void
ewe_session_notify_looking_for_drafts (EweSession *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOOKING_FOR_DRAFTS]);
}

void
ewe_session_emit_drafts_found (EweSession *self,
                               guint       n_lists)
{
  g_signal_emit (self, signals[DRAFTS_FOUND], 0, n_lists);
}

/* @token_store may be NULL for the session keyring's. */
EweSession *
ewe_session_new (GSettings     *settings,
                 EweTokenStore *token_store)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (token_store == NULL || EWE_IS_TOKEN_STORE (token_store), NULL);

  return g_object_new (EWE_TYPE_SESSION,
                       "settings", settings,
                       "token-store", token_store,
                       NULL);
}

GSettings *
ewe_session_get_settings (EweSession *self)
{
  g_return_val_if_fail (EWE_IS_SESSION (self), NULL);

  return self->settings;
}

EweTokenStore *
ewe_session_get_token_store (EweSession *self)
{
  g_return_val_if_fail (EWE_IS_SESSION (self), NULL);

  return self->token_store;
}

/* The account for the configured server, or NULL when none is configured. */
EweAccount *
ewe_session_get_account (EweSession *self)
{
  g_return_val_if_fail (EWE_IS_SESSION (self), NULL);

  return self->account;
}

gboolean
ewe_session_get_configured (EweSession *self)
{
  g_return_val_if_fail (EWE_IS_SESSION (self), FALSE);

  return self->account != NULL;
}

char *
ewe_session_dup_server_url (EweSession *self)
{
  g_return_val_if_fail (EWE_IS_SESSION (self), NULL);

  return dup_trimmed (self->settings, "server-url");
}

/* Saves @server_url and rebuilds the account at once, for a caller that
 * goes on to use it (the sign-in dialog's first page). */
void
ewe_session_set_server_url (EweSession *self,
                            const char *server_url)
{
  g_return_if_fail (EWE_IS_SESSION (self));

  g_settings_set_string (self->settings, "server-url", server_url ? server_url : "");
  ewe_session_reload (self);
}

/* The local store: the drafts while signed out, the account's own while
 * signed in; NULL while it opens (see "store"). */
EweStore *
ewe_session_get_store (EweSession *self)
{
  g_return_val_if_fail (EWE_IS_SESSION (self), NULL);

  return self->store;
}

/* Why the store could not be opened, or NULL. */
const GError *
ewe_session_get_store_error (EweSession *self)
{
  g_return_val_if_fail (EWE_IS_SESSION (self), NULL);

  return self->store_error;
}

EweImageCache *
ewe_session_get_image_cache (EweSession *self)
{
  g_return_val_if_fail (EWE_IS_SESSION (self), NULL);

  return self->image_cache;
}

/* The signed-in account's client for its server; NULL when signed out or
 * when no server is set up. */
EweApiClient *
ewe_session_get_api_client (EweSession *self)
{
  g_return_val_if_fail (EWE_IS_SESSION (self), NULL);

  return self->api_client;
}

/* The sync engine of the account's store, running in the background; NULL
 * when there is nothing to sync with. */
EweSync *
ewe_session_get_sync (EweSession *self)
{
  g_return_val_if_fail (EWE_IS_SESSION (self), NULL);

  return self->sync;
}

/* The friends' lists and my reservations, once the store is open. */
EweFriends *
ewe_session_get_friends (EweSession *self)
{
  g_return_val_if_fail (EWE_IS_SESSION (self), NULL);

  return self->friends;
}
