/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-auth"

#include "config.h"

#include "ews-auth-private.h"
#include "ews-jwt-keys.h"
#include "ews-jwt.h"
#include "ews-metrics.h"
#include "ews-password.h"

/* Signing in: InitiateAuth (USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH) and
 * ChangePassword, the two operations that check a password; USER_SRP_AUTH
 * is in ews-auth-srp.c, and goes through the same guards and the same
 * end (ews_auth_sign_in_may_check(), ews_auth_sign_in_checked()); what is
 * done with the tokens afterwards (GetUser, GlobalSignOut, RevokeToken) is
 * in ews-auth-session.c.
 *
 * A sign-in is a session: a random refresh token (stored only as its
 * SHA-256) and an id that every ID and access token issued from it carries as
 * `origin_jti`, as Cognito's do. RevokeToken revokes one session;
 * GlobalSignOut, ChangePassword and ConfirmForgotPassword revoke all the
 * user's sessions. Every request with a token looks its session up
 * (ews_auth_check_session(): the data API for ID tokens, and GetUser,
 * GlobalSignOut and ChangePassword for access tokens), so a revoked session's
 * tokens stop working everywhere at once, not when they run out.
 *
 * Why the session and not a per-user "tokens valid after" time: `iat` is in
 * whole seconds, so a cut-off time cannot tell a token issued just before a
 * sign-out from one issued just after a new sign-in in the same second, and
 * it would depend on every server's clock agreeing. The session named in
 * the token is exact: a new sign-in is a new session, never revoked, and the
 * revoked ones stay revoked whatever the clocks say. It needs no new claim
 * and no new column, and RevokeToken needs it anyway.
 *
 * The password check runs in the server's hash pool, one at a time per
 * account and client address; the storage is only touched on the main
 * thread, before and after. */

/* Throttling, per account (its normalised e-mail address) and client address
 * (ews_client_address(): behind a --trusted-proxy, from X-Forwarded-For),
 * so that nobody can lock someone else out by guessing wrong on purpose:
 * after LOCKOUT_AFTER failures in a row,
 * each further failure locks sign-in for twice as long as the last, from
 * 1 s up to 15 min, which is Cognito's own schedule. A success clears it. */
#define LOCKOUT_AFTER 5
#define LOCKOUT_FIRST_MS 1000
#define LOCKOUT_MAX_MS (15 * 60 * 1000)

static const char * const unsupported_flows[] = {
  "CUSTOM_AUTH",
  "USER_AUTH",
  "ADMIN_NO_SRP_AUTH",
  "ADMIN_USER_PASSWORD_AUTH",
};

static gboolean
get_auth_parameter (JsonObject  *parameters,
                    const char  *name,
                    const char **value,
                    GError     **error)
{
  JsonNode *node = json_object_get_member (parameters, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING ||
      json_node_get_string (node)[0] == '\0')
    {
      g_set_error (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_INVALID_PARAMETER,
                   "Missing required parameter %s", name);
      return FALSE;
    }

  *value = json_node_get_string (node);
  return TRUE;
}

static gboolean
record_failure (EwsAuthCall *call,
                const char  *email_key,
                guint        failures,
                gint64       now_ms,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 locked_until_ms = 0;

  ews_metrics_count_sign_in_failure (ews_server_get_metrics (call->server));

  failures++;
  if (failures >= LOCKOUT_AFTER)
    {
      gint64 lock = LOCKOUT_FIRST_MS;

      for (guint i = LOCKOUT_AFTER; i < failures && lock < LOCKOUT_MAX_MS; i++)
        lock *= 2;
      locked_until_ms = now_ms + MIN (lock, LOCKOUT_MAX_MS);
    }

  if (!ews_auth_storage_failures_set (call->auth, email_key, call->client, failures, locked_until_ms, now_ms, &local_error))
    {
      ews_auth_internal_error (error, local_error);
      return FALSE;
    }

  ews_auth_set_not_authorized (error, "Incorrect username or password.");
  return FALSE;
}

/* A password check under way in the hash pool. */
typedef struct
{
  EwsAuthCall *call;
  EwsAccount  *account; /* NULL: no account has this address */
  char        *email_key;
  char        *password;
  guint        failures;
  gint64       now_ms;
} PasswordCheck;

/* May run in either thread: plain memory only. */
static void
password_check_free (gpointer data)
{
  PasswordCheck *check = data;

  g_assert (check->call == NULL);
  g_clear_pointer (&check->account, ews_account_free);
  ews_password_wipe_free (check->password);
  g_free (check->email_key);
  g_free (check);
}

/* argon2 takes tens of milliseconds on purpose; here it does not hold up
 * the main loop and every other request with it. */
static void
password_check_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  PasswordCheck *check = task_data;
  gboolean       valid = FALSE;

  if (check->account != NULL)
    valid = ews_password_verify (check->account->password_hash, check->password);
  else
    ews_password_verify_dummy (check->password);

  g_task_return_boolean (task, valid);
}

JsonNode *
ews_auth_sign_in_checked (EwsAuthCall      *call,
                          const EwsAccount *account,
                          const char       *email_key,
                          guint             failures,
                          gint64            now_ms,
                          gboolean          valid,
                          const char       *password,
                          GError          **error)
{
  g_autofree char *refresh_token = NULL;
  g_autoptr(EwsAuthSession) session = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!valid)
    {
      record_failure (call, email_key, failures, now_ms, error);
      return NULL;
    }

  if (failures > 0 && !ews_auth_storage_failures_clear (call->auth, email_key, call->client, &local_error))
    {
      ews_auth_internal_error (error, local_error);
      return NULL;
    }

  /* An account from before SRP gets its verifier from the first password
   * that proves right, so that its next sign-in can keep the password on
   * the device. */
  if (password != NULL && account->srp_verifier == NULL &&
      !ews_auth_srp_store_verifier (call, account->user_id, password, &local_error))
    {
      ews_auth_internal_error (error, local_error);
      return NULL;
    }

  /* Only said to whoever knows the password, as Cognito does. */
  if (!account->confirmed)
    {
      g_set_error_literal (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_USER_NOT_CONFIRMED,
                           "User is not confirmed.");
      return NULL;
    }

  /* The hosted sign-in (ews-oauth2.c) makes a code here, not a session:
   * the session is made when the client takes the code. */
  if (call->signed_in != NULL)
    return call->signed_in (call, account, error);

  if (!ews_auth_session_start (call, account->user_id, &session, &refresh_token, error))
    return NULL;

  return ews_auth_authentication_result (call, account, session, refresh_token, error);
}

static void
password_check_done_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  PasswordCheck *check = g_task_get_task_data (G_TASK (result));
  g_autoptr(EwsAuthCall) call = g_steal_pointer (&check->call);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;
  gboolean valid = g_task_propagate_boolean (G_TASK (result), NULL);

  ews_auth_state_end_check (call->state, check->email_key, call->client);
  call->now = ews_clock_get_unix_seconds (call->clock);

  reply = ews_auth_sign_in_checked (call, check->account, check->email_key, check->failures, check->now_ms,
                                    valid, check->password, &error);
  ews_auth_call_finish (call, reply, error);
}

/* Whether the owner of @account ever signed in from the caller's address. */
static gboolean
client_known (EwsAuthCall      *call,
              const EwsAccount *account,
              gboolean         *known,
              GError          **error)
{
  g_autoptr(GError) local_error = NULL;

  *known = FALSE;
  if (account == NULL || call->client == NULL)
    return TRUE;

  if (!ews_auth_storage_client_known (call->auth, account->user_id, call->client, known, &local_error))
    {
      ews_auth_internal_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

gboolean
ews_auth_sign_in_may_check (EwsAuthCall      *call,
                            const EwsAccount *account,
                            const char       *email_key,
                            gboolean          is_guess,
                            guint            *failures,
                            gint64           *now_ms,
                            GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64   locked_until_ms = 0;
  gboolean known = FALSE;

  *now_ms = ews_clock_get_unix_milliseconds (call->clock);
  *failures = 0;

  /* A sign-in turned away because the server is busy checking others was
   * never a guess: it must not cost the account's budget below, or a
   * flood of other sign-ins would use up the owner's as they try again. */
  if (is_guess && ews_auth_hash_is_busy (call))
    {
      g_set_error_literal (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_TOO_MANY_REQUESTS,
                           "Too many requests: the server is checking as many passwords as it can; "
                           "try again in a moment.");
      return FALSE;
    }

  /* Across all client addresses, which the lockout (per address) does not
   * see: many addresses guessing at one account share one budget. The
   * owner, from an address they signed in from before, is not held to it,
   * or strangers could use it up to keep them out. */
  if (is_guess && !client_known (call, account, &known, error))
    return FALSE;
  if (is_guess && !known &&
      !ews_auth_check_rate (call, EWS_RATE_SIGN_IN_ACCOUNT, email_key, EWS_AUTH_ERROR_TOO_MANY_REQUESTS, error))
    return FALSE;

  if (!ews_auth_storage_failures_get (call->auth, email_key, call->client, failures, &locked_until_ms, &local_error))
    {
      ews_auth_internal_error (error, local_error);
      return FALSE;
    }

  /* While locked, even the right password is refused, or the lock would
   * only slow down wrong guesses. */
  if (locked_until_ms > *now_ms)
    {
      ews_auth_set_not_authorized (error, "Password attempts exceeded");
      return FALSE;
    }

  return TRUE;
}

static JsonNode *
password_auth (EwsAuthCall *call,
               JsonObject  *parameters,
               GError     **error)
{
  g_autofree char *email_key = NULL;
  g_autoptr(EwsAccount) account = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GTask) task = NULL;
  PasswordCheck *check;
  gint64         now_ms = 0;
  guint          failures = 0;
  const char    *username;
  const char    *password;

  if (!get_auth_parameter (parameters, "USERNAME", &username, error) ||
      !get_auth_parameter (parameters, "PASSWORD", &password, error))
    return NULL;

  email_key = ewe_email_normalize (username);

  account = ews_auth_storage_account_get_by_email (call->auth, email_key, &local_error);
  if (account == NULL && !g_error_matches (local_error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND))
    {
      ews_auth_internal_error (error, local_error);
      return NULL;
    }
  g_clear_error (&local_error);

  if (!ews_auth_sign_in_may_check (call, account, email_key, TRUE, &failures, &now_ms, error))
    return NULL;

  if (!ews_auth_state_begin_check (call->state, email_key, call->client))
    {
      g_set_error_literal (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_TOO_MANY_REQUESTS,
                           "Too many requests: a sign-in for this account is already under way.");
      return NULL;
    }

  check = g_new0 (PasswordCheck, 1);
  check->call = ews_auth_call_ref (call);
  check->account = g_steal_pointer (&account);
  check->email_key = g_steal_pointer (&email_key);
  check->password = g_strdup (password);
  check->failures = failures;
  check->now_ms = now_ms;

  task = g_task_new (NULL, NULL, password_check_done_cb, NULL);
  g_task_set_source_tag (task, password_auth);
  g_task_set_task_data (task, check, password_check_free);

  if (!ews_auth_run_hash (call, task, password_check_thread, error))
    {
      ews_auth_state_end_check (call->state, check->email_key, call->client);
      g_clear_pointer (&check->call, ews_auth_call_unref);
    }

  return NULL;
}

/* A refresh token whose session or account is gone is simply no good;
 * any other failure to look them up is ours. */
static void
set_refresh_error (GError      **error,
                   const GError *cause)
{
  if (g_error_matches (cause, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND))
    ews_auth_set_not_authorized (error, "Invalid Refresh Token");
  else
    ews_auth_internal_error (error, cause);
}

static JsonNode *
refresh_auth (EwsAuthCall *call,
              JsonObject  *parameters,
              GError     **error)
{
  g_autofree char *token_hash = NULL;
  g_autoptr(EwsAuthSession) session = NULL;
  g_autoptr(EwsAccount) account = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *refresh_token;

  if (!get_auth_parameter (parameters, "REFRESH_TOKEN", &refresh_token, error))
    return NULL;

  token_hash = ews_auth_hash_token (refresh_token);
  session = ews_auth_storage_session_get_by_token (call->auth, token_hash, &local_error);
  if (session == NULL)
    {
      set_refresh_error (error, local_error);
      return NULL;
    }

  if (session->revoked_at != 0)
    {
      ews_auth_set_not_authorized (error, "Refresh Token has been revoked");
      return NULL;
    }

  if (session->expires_at <= call->now)
    {
      ews_auth_set_not_authorized (error, "Refresh Token has expired");
      return NULL;
    }

  account = ews_auth_storage_account_get (call->auth, session->user_id, &local_error);
  if (account == NULL)
    {
      set_refresh_error (error, local_error);
      return NULL;
    }

  /* Cognito hands out no new refresh token here; the old one stays valid. */
  return ews_auth_authentication_result (call, account, session, NULL, error);
}

JsonNode *
ews_auth_initiate_auth (EwsAuthCall *call,
                        GError     **error)
{
  JsonNode   *parameters_node;
  JsonObject *parameters;
  const char *flow;

  if (!ews_auth_check_client (call, error) ||
      !ews_auth_get_string (call->body, "AuthFlow", TRUE, &flow, error) ||
      !ews_auth_check_rate (call, EWS_RATE_SIGN_IN, call->client, EWS_AUTH_ERROR_TOO_MANY_REQUESTS, error))
    return NULL;

  parameters_node = json_object_get_member (call->body, "AuthParameters");
  if (parameters_node == NULL || !JSON_NODE_HOLDS_OBJECT (parameters_node))
    {
      g_set_error_literal (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_INVALID_PARAMETER,
                           "Missing required parameter AuthParameters");
      return NULL;
    }
  parameters = json_node_get_object (parameters_node);

  if (strcmp (flow, "USER_PASSWORD_AUTH") == 0)
    return password_auth (call, parameters, error);

  if (strcmp (flow, "USER_SRP_AUTH") == 0)
    return ews_auth_srp_initiate (call, parameters, error);

  if (strcmp (flow, "REFRESH_TOKEN_AUTH") == 0 || strcmp (flow, "REFRESH_TOKEN") == 0)
    return refresh_auth (call, parameters, error);

  for (guint i = 0; i < G_N_ELEMENTS (unsupported_flows); i++)
    {
      if (strcmp (flow, unsupported_flows[i]) == 0)
        {
          g_set_error (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_INVALID_PARAMETER,
                       "%s flow not enabled for this client; use USER_SRP_AUTH or USER_PASSWORD_AUTH.", flow);
          return NULL;
        }
    }

  g_set_error (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_INVALID_PARAMETER,
               "1 validation error detected: Value '%s' at 'authFlow' failed to satisfy constraint: "
               "Member must satisfy enum value set: [USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH, "
               "REFRESH_TOKEN, USER_SRP_AUTH, CUSTOM_AUTH, USER_AUTH]",
               flow);
  return NULL;
}

/* ChangePassword: the password check, then the new hash, in one trip to
 * the hash pool. */
typedef struct
{
  EwsAuthCall *call; /* released on the main thread */
  EwsAccount  *account;
  char        *previous;
  char        *proposed;
  guint        failures;
  gint64       now_ms;
} PasswordChange;

static void
password_change_free (gpointer data)
{
  PasswordChange *change = data;

  g_assert (change->call == NULL);
  g_clear_pointer (&change->account, ews_account_free);
  ews_password_wipe_free (change->previous);
  ews_password_wipe_free (change->proposed);
  g_free (change);
}

static void
password_change_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  PasswordChange *change = task_data;
  GError         *error = NULL;
  char           *hash;

  /* NULL without an error: the previous password was wrong. */
  if (!ews_password_verify (change->account->password_hash, change->previous))
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  hash = ews_password_hash (change->proposed, &error);
  if (hash != NULL)
    g_task_return_pointer (task, hash, g_free);
  else
    g_task_return_error (task, error);
}

/* The new password, and the end of every session that knew the old one (the
 * caller's too, as with a reset: whoever changes a password because it may
 * be known wants every device out), in one transaction. */
static gboolean
store_new_password (EwsAuthCall      *call,
                    const EwsAccount *account,
                    const char       *password_hash,
                    const char       *password,
                    GError          **error)
{
  if (!ews_storage_begin (call->storage, error))
    return FALSE;

  if (!ews_auth_storage_account_set_password (call->auth, account->user_id, password_hash, error) ||
      !ews_auth_srp_store_verifier (call, account->user_id, password, error) ||
      !ews_auth_storage_sessions_revoke (call->auth, account->user_id, call->now, error) ||
      !ews_auth_storage_failures_clear (call->auth, account->email_key, NULL, error))
    {
      ews_storage_rollback (call->storage);
      return FALSE;
    }

  return ews_storage_commit (call->storage, error);
}

static void
password_change_done_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  PasswordChange *change = g_task_get_task_data (G_TASK (result));
  g_autoptr(EwsAuthCall) call = g_steal_pointer (&change->call);
  g_autoptr(GError) hash_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *hash = g_task_propagate_pointer (G_TASK (result), &hash_error);

  ews_auth_state_end_check (call->state, change->account->email_key, call->client);
  call->now = ews_clock_get_unix_seconds (call->clock);

  if (hash_error != NULL)
    ews_auth_internal_error (&error, hash_error);
  else if (hash == NULL)
    record_failure (call, change->account->email_key, change->failures, change->now_ms, &error);
  else if (!store_new_password (call, change->account, hash, change->proposed, &local_error))
    ews_auth_internal_error (&error, local_error);
  else
    reply = ews_auth_empty_reply ();

  ews_auth_call_finish (call, reply, error);
}

/* Unlike Cognito, which leaves other devices signed in until GlobalSignOut,
 * a new password ends every session (see store_new_password()). */
JsonNode *
ews_auth_change_password (EwsAuthCall *call,
                          GError     **error)
{
  g_autoptr(EwsAccount) account = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GTask) task = NULL;
  PasswordChange *change;
  gint64          now_ms = ews_clock_get_unix_milliseconds (call->clock);
  gint64          locked_until_ms = 0;
  guint           failures = 0;
  const char     *previous;
  const char     *proposed;

  account = ews_auth_account_from_access_token (call, error);
  if (account == NULL)
    return NULL;

  if (!ews_auth_get_string (call->body, "PreviousPassword", TRUE, &previous, error) ||
      !ews_auth_get_string (call->body, "ProposedPassword", TRUE, &proposed, error))
    return NULL;

  {
    g_autoptr(GError) policy_error = NULL;

    if (!ews_password_check_policy (proposed, &policy_error))
      {
        g_set_error_literal (error, EWS_AUTH_ERROR,
                             g_error_matches (policy_error, EWS_PASSWORD_ERROR, EWS_PASSWORD_ERROR_POLICY)
                               ? EWS_AUTH_ERROR_INVALID_PASSWORD
                               : EWS_AUTH_ERROR_INVALID_PARAMETER,
                             policy_error->message);
        return NULL;
      }
  }

  /* A stolen access token must not become a way to guess the password. */
  if (!ews_auth_storage_failures_get (call->auth, account->email_key, call->client, &failures, &locked_until_ms, &local_error))
    {
      ews_auth_internal_error (error, local_error);
      return NULL;
    }
  if (locked_until_ms > now_ms)
    {
      ews_auth_set_not_authorized (error, "Password attempts exceeded");
      return NULL;
    }
  if (!ews_auth_state_begin_check (call->state, account->email_key, call->client))
    {
      g_set_error_literal (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_TOO_MANY_REQUESTS,
                           "Too many requests: a password check for this account is already under way.");
      return NULL;
    }

  change = g_new0 (PasswordChange, 1);
  change->call = ews_auth_call_ref (call);
  change->account = g_steal_pointer (&account);
  change->previous = g_strdup (previous);
  change->proposed = g_strdup (proposed);
  change->failures = failures;
  change->now_ms = now_ms;

  task = g_task_new (NULL, NULL, password_change_done_cb, NULL);
  g_task_set_source_tag (task, ews_auth_change_password);
  g_task_set_task_data (task, change, password_change_free);

  if (!ews_auth_run_hash (call, task, password_change_thread, error))
    {
      ews_auth_state_end_check (call->state, change->account->email_key, call->client);
      g_clear_pointer (&change->call, ews_auth_call_unref);
    }

  return NULL;
}
