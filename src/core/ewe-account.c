/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-account"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ewe-account.h"

/* The signed-in account for one server: signs in and out through EweAuth,
 * keeps the tokens only in memory and in the keyring (EweTokenStore), and
 * hands out tokens that are fresh, refreshing them a little before they
 * expire. Concurrent callers share one refresh. */

/* Refresh this long before the ID token expires. */
#define REFRESH_MARGIN (5 * G_TIME_SPAN_MINUTE)

struct _EweAccount
{
  GObject        parent_instance;

  /* owned */
  char          *server;
  EweAuth       *auth;
  EweTokenStore *token_store;
  EweTokens     *tokens;

  /* Tasks waiting for the refresh under way, if any. */
  GPtrArray     *refresh_waiters;
};

enum
{
  PROP_0,
  PROP_SERVER,
  PROP_SIGNED_IN,
  PROP_USER_ID,
  PROP_EMAIL,
  PROP_NAME,
  N_PROPS
};

enum
{
  TOKENS_NOT_SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (EweAccount, ewe_account, G_TYPE_OBJECT)

static void
ewe_account_finalize (GObject *object)
{
  EweAccount *self = (EweAccount *)object;

  g_clear_pointer (&self->server, g_free);
  g_clear_object (&self->auth);
  g_clear_object (&self->token_store);
  g_clear_pointer (&self->tokens, ewe_tokens_unref);
  g_clear_pointer (&self->refresh_waiters, g_ptr_array_unref);

  G_OBJECT_CLASS (ewe_account_parent_class)->finalize (object);
}

static void
ewe_account_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  EweAccount *self = EWE_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      g_value_set_string (value, self->server);
      break;

    case PROP_SIGNED_IN:
      g_value_set_boolean (value, ewe_account_get_signed_in (self));
      break;

    case PROP_USER_ID:
      g_value_set_string (value, ewe_account_get_user_id (self));
      break;

    case PROP_EMAIL:
      g_value_set_string (value, ewe_account_get_email (self));
      break;

    case PROP_NAME:
      g_value_set_string (value, ewe_account_get_name (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_account_class_init (EweAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ewe_account_finalize;
  object_class->get_property = ewe_account_get_property;

  properties[PROP_SERVER] =
    g_param_spec_string ("server", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_SIGNED_IN] =
    g_param_spec_boolean ("signed-in", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_USER_ID] =
    g_param_spec_string ("user-id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Refreshed tokens work, but the keyring refused them (the GError says
   * why): the next start refreshes from the old ones, or, if those have
   * expired, asks to sign in. Whoever shows the session tells the user,
   * whose keyring it is. */
  signals[TOKENS_NOT_SAVED] =
    g_signal_new ("tokens-not-saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
ewe_account_init (EweAccount *self)
{
}

EweAccount *
ewe_account_new (const char    *server,
                 EweAuth       *auth,
                 EweTokenStore *token_store)
{
  EweAccount *self;

  g_return_val_if_fail (server != NULL, NULL);
  g_return_val_if_fail (EWE_IS_AUTH (auth), NULL);
  g_return_val_if_fail (EWE_IS_TOKEN_STORE (token_store), NULL);

  self = g_object_new (EWE_TYPE_ACCOUNT, NULL);
  self->server = g_strdup (server);
  self->auth = g_object_ref (auth);
  self->token_store = g_object_ref (token_store);

  return self;
}

const char *
ewe_account_get_server (EweAccount *self)
{
  g_return_val_if_fail (EWE_IS_ACCOUNT (self), NULL);

  return self->server;
}

EweAuth *
ewe_account_get_auth (EweAccount *self)
{
  g_return_val_if_fail (EWE_IS_ACCOUNT (self), NULL);

  return self->auth;
}

gboolean
ewe_account_get_signed_in (EweAccount *self)
{
  g_return_val_if_fail (EWE_IS_ACCOUNT (self), FALSE);

  return self->tokens != NULL;
}

const char *
ewe_account_get_user_id (EweAccount *self)
{
  g_return_val_if_fail (EWE_IS_ACCOUNT (self), NULL);

  return self->tokens ? ewe_tokens_get_sub (self->tokens) : NULL;
}

const char *
ewe_account_get_email (EweAccount *self)
{
  g_return_val_if_fail (EWE_IS_ACCOUNT (self), NULL);

  return self->tokens ? ewe_tokens_get_email (self->tokens) : NULL;
}

const char *
ewe_account_get_name (EweAccount *self)
{
  g_return_val_if_fail (EWE_IS_ACCOUNT (self), NULL);

  return self->tokens ? ewe_tokens_get_name (self->tokens) : NULL;
}

static void
set_tokens (EweAccount *self,
            EweTokens  *tokens)
{
  gboolean was_signed_in = self->tokens != NULL;

  if (tokens == self->tokens)
    return;

  g_clear_pointer (&self->tokens, ewe_tokens_unref);
  if (tokens != NULL)
    self->tokens = ewe_tokens_ref (tokens);

  g_object_freeze_notify (G_OBJECT (self));
  if (was_signed_in != (tokens != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_ID]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMAIL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* restore: find the account saved for this server in the keyring */

static void
restore_load_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  EweTokenStore *token_store = EWE_TOKEN_STORE (object);
  g_autoptr(GTask) task = user_data;
  EweAccount *self = g_task_get_source_object (task);
  g_autoptr(EweTokens) tokens = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = ewe_token_store_load_finish (token_store, result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (secret == NULL)
    {
      g_task_return_boolean (task, FALSE);
      return;
    }

  tokens = ewe_tokens_deserialize (secret, &error);
  memset (secret, 0, strlen (secret));
  g_free (secret);

  if (tokens == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  set_tokens (self, tokens);
  g_task_return_boolean (task, TRUE);
}

static void
restore_find_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  EweTokenStore *token_store = EWE_TOKEN_STORE (object);
  g_autoptr(GTask) task = user_data;
  EweAccount *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL;
  GCancellable    *cancellable;

  user = ewe_token_store_find_user_finish (token_store, result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (user == NULL)
    {
      g_task_return_boolean (task, FALSE);
      return;
    }

  /* Read before the task is handed on: argument order is unspecified. */
  cancellable = g_task_get_cancellable (task);
  ewe_token_store_load_async (token_store, self->server, user, cancellable,
                              restore_load_cb, g_steal_pointer (&task));
}

/* Signs in again with the tokens the keyring keeps for this server, without
 * asking anything. The result is TRUE when an account was restored, FALSE
 * (and no error) when none was saved. */
void
ewe_account_restore_async (EweAccount         *self,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (EWE_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_account_restore_async);

  ewe_token_store_find_user_async (self->token_store, self->server, cancellable,
                                   restore_find_cb, task);
}

gboolean
ewe_account_restore_finish (EweAccount   *self,
                            GAsyncResult *result,
                            GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Keeps @tokens in the keyring under this server and their user. libsecret
 * has its own copy once the call is made, so ours is wiped at once. */
static void
save_tokens_async (EweAccount         *self,
                   EweTokens          *tokens,
                   GCancellable       *cancellable,
                   GAsyncReadyCallback callback,
                   gpointer            user_data)
{
  g_autofree char *secret = ewe_tokens_serialize (tokens);

  ewe_token_store_save_async (self->token_store, self->server, ewe_tokens_get_sub (tokens), secret,
                              cancellable, callback, user_data);
  memset (secret, 0, strlen (secret));
}

/* sign in */

static void
sign_in_saved_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweAccount *self = g_task_get_source_object (task);
  EweTokens  *tokens = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* Without the keyring there is nowhere safe to keep the tokens, so the
   * sign-in does not count (the rule: tokens only in the keyring). */
  if (!ewe_token_store_save_finish (EWE_TOKEN_STORE (object), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  set_tokens (self, tokens);
  g_task_return_boolean (task, TRUE);
}

static void
sign_in_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweAccount *self = g_task_get_source_object (task);
  g_autoptr(EweTokens) tokens = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  tokens = ewe_auth_sign_in_finish (EWE_AUTH (object), result, &error);
  if (tokens == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_set_task_data (task, ewe_tokens_ref (tokens), (GDestroyNotify)ewe_tokens_unref);
  cancellable = g_task_get_cancellable (task);
  save_tokens_async (self, tokens, cancellable, sign_in_saved_cb, g_steal_pointer (&task));
}

void
ewe_account_sign_in_async (EweAccount         *self,
                           const char         *email,
                           const char         *password,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (EWE_IS_ACCOUNT (self));
  g_return_if_fail (email != NULL && password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_account_sign_in_async);

  ewe_auth_sign_in_async (self->auth, email, password, cancellable, sign_in_cb, task);
}

gboolean
ewe_account_sign_in_finish (EweAccount   *self,
                            GAsyncResult *result,
                            GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Signs in with @tokens got some other way (the browser's sign-in,
 * EweBrowserSignIn): kept in the keyring and taken on exactly as a
 * password sign-in's are, so nothing after it can tell the two apart. */
void
ewe_account_sign_in_with_tokens_async (EweAccount         *self,
                                       EweTokens          *tokens,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (EWE_IS_ACCOUNT (self));
  g_return_if_fail (tokens != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_account_sign_in_with_tokens_async);
  g_task_set_task_data (task, ewe_tokens_ref (tokens), (GDestroyNotify)ewe_tokens_unref);
  save_tokens_async (self, tokens, cancellable, sign_in_saved_cb, task);
}

gboolean
ewe_account_sign_in_with_tokens_finish (EweAccount   *self,
                                        GAsyncResult *result,
                                        GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* sign out */

static void
sign_out_cleared_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!ewe_token_store_clear_finish (EWE_TOKEN_STORE (object), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
clear_saved_tokens (GTask     *task,
                    EweTokens *tokens)
{
  EweAccount *self = g_task_get_source_object (task);

  /* Not cancellable: once signing out started, the keyring must not keep
   * tokens the user thinks are gone. */
  ewe_token_store_clear_async (self->token_store, self->server, ewe_tokens_get_sub (tokens),
                               NULL, sign_out_cleared_cb, task);
}

static void
global_sign_out_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;

  /* Offline, or the tokens were already revoked: signing out here still
   * forgets them; the server lets them expire within the hour. */
  if (!ewe_auth_global_sign_out_finish (EWE_AUTH (object), result, &error))
    g_debug ("Global sign-out failed, forgetting the tokens anyway: %s", error->message);

  clear_saved_tokens (task, g_task_get_task_data (task));
}

/* Revokes the account's tokens on the server where possible and removes them
 * from memory and from the keyring. */
void
ewe_account_sign_out_async (EweAccount         *self,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  GTask     *task;
  EweTokens *tokens;

  g_return_if_fail (EWE_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_account_sign_out_async);

  if (self->tokens == NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  tokens = ewe_tokens_ref (self->tokens);
  g_task_set_task_data (task, tokens, (GDestroyNotify)ewe_tokens_unref);
  set_tokens (self, NULL);

  ewe_auth_global_sign_out_async (self->auth, tokens, NULL, global_sign_out_cb, task);
}

gboolean
ewe_account_sign_out_finish (EweAccount   *self,
                             GAsyncResult *result,
                             GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* tokens for a request */

static void
finish_refresh (EweAccount *self,
                EweTokens  *tokens,
                GError     *error)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->refresh_waiters);

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (tokens != NULL)
        g_task_return_pointer (task, ewe_tokens_ref (tokens), (GDestroyNotify)ewe_tokens_unref);
      else
        g_task_return_error (task, g_error_copy (error));
    }
}

static void
refresh_saved_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(EweAccount) self = user_data;
  g_autoptr(GError) error = NULL;

  /* The new tokens work already; failing to save them only means the next
   * start refreshes again from the saved refresh token. */
  if (!ewe_token_store_save_finish (EWE_TOKEN_STORE (object), result, &error))
    g_signal_emit (self, signals[TOKENS_NOT_SAVED], 0, error);
}

static void
refresh_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(EweAccount) self = user_data;
  g_autoptr(EweTokens) tokens = NULL;
  g_autoptr(GError) error = NULL;

  tokens = ewe_auth_refresh_finish (EWE_AUTH (object), result, &error);

  if (tokens != NULL)
    {
      set_tokens (self, tokens);
      save_tokens_async (self, tokens, NULL, refresh_saved_cb, g_object_ref (self));
      finish_refresh (self, tokens, NULL);
      return;
    }

  if (g_error_matches (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_NOT_AUTHORIZED))
    {
      /* The refresh token was revoked (signed out elsewhere) or expired:
       * this account is signed out here too, and says so. */
      g_autoptr(GError) expired = g_error_new (EWE_AUTH_ERROR, EWE_AUTH_ERROR_NOT_AUTHORIZED,
                                                _("Your sign-in has expired. Please sign in again."));
      g_autoptr(EweTokens) old = self->tokens ? ewe_tokens_ref (self->tokens) : NULL;

      set_tokens (self, NULL);
      if (old != NULL)
        ewe_token_store_clear_async (self->token_store, self->server, ewe_tokens_get_sub (old),
                                     NULL, NULL, NULL);
      finish_refresh (self, NULL, expired);
      return;
    }

  finish_refresh (self, NULL, error);
}

/* Gives tokens valid for a request, refreshing first when they expire soon
 * or when @force_refresh says the server refused them. */
void
ewe_account_get_tokens_async (EweAccount         *self,
                              gboolean            force_refresh,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (EWE_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_account_get_tokens_async);

  if (self->tokens == NULL)
    {
      g_task_return_new_error (task, EWE_AUTH_ERROR, EWE_AUTH_ERROR_NOT_AUTHORIZED,
                               _("You are not signed in."));
      g_object_unref (task);
      return;
    }

  if (!force_refresh && !ewe_tokens_expires_within (self->tokens, REFRESH_MARGIN))
    {
      g_task_return_pointer (task, ewe_tokens_ref (self->tokens), (GDestroyNotify)ewe_tokens_unref);
      g_object_unref (task);
      return;
    }

  if (self->refresh_waiters != NULL)
    {
      g_ptr_array_add (self->refresh_waiters, task);
      return;
    }

  self->refresh_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->refresh_waiters, task);

  /* One refresh serves every waiter, so it is not tied to any one caller's
   * cancellable. */
  ewe_auth_refresh_async (self->auth, self->tokens, NULL, refresh_cb, g_object_ref (self));
}

EweTokens *
ewe_account_get_tokens_finish (EweAccount   *self,
                               GAsyncResult *result,
                               GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
