/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-auth"

#include "config.h"

#include "ews-auth-private.h"
#include "ews-mail-templates.h"
#include "ews-password.h"

/* Accounts and the codes e-mailed to prove an address: SignUp,
 * ConfirmSignUp, ResendConfirmationCode, ForgotPassword and
 * ConfirmForgotPassword.
 *
 * None of these says whether an address has an account, is waiting for its
 * code or is confirmed: the answer is the same, byte for byte (a UserSub is
 * random for everyone), and so is the work behind it, since SignUp always
 * hashes the password and every path writes to the database. What differs
 * goes only to the address's mailbox: a new account gets its code, a
 * sign-up never confirmed gets a new one (the latest sign-up's password
 * wins: whoever reads the mail is the owner), and a confirmed account's
 * owner is told that someone tried. A code for an address without a live
 * code is simply wrong, and a code requested for one is "sent" nowhere.
 *
 * Cognito's PreventUserExistenceErrors does this for the other operations
 * but still answers SignUp with UsernameExistsException; here SignUp keeps
 * the secret too.
 *
 * Every operation is rate-limited per client address, and per mailbox for
 * what it mails (ews-rate-limit.h). */

/* A six-digit code allows a million guesses; five per code leave an attacker
 * one chance in 200 000, and asking for codes is limited too. The five are
 * counted per address whether or not it has an account (ews-rate-limit.h),
 * and on the code itself. */
#define MAX_CODE_ATTEMPTS EWS_RATE_CODE_GUESSES
#define MAX_NAME_CHARS 256

static gboolean
begin (EwsAuthCall *call,
       GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!ews_storage_begin (call->storage, &local_error))
    {
      ews_auth_internal_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
commit (EwsAuthCall *call,
        GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!ews_storage_commit (call->storage, &local_error))
    {
      ews_auth_internal_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

/* Fails with @cause turned into an internal error, rolling back. */
static gpointer
fail_in_transaction (EwsAuthCall  *call,
                     GError      **error,
                     const GError *cause)
{
  ews_storage_rollback (call->storage);
  ews_auth_internal_error (error, cause);
  return NULL;
}

/* The account for @email_key; NULL without an error when there is none. */
static EwsAccount *
find_account (EwsAuthCall *call,
              const char  *email_key,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  EwsAccount *account = ews_auth_storage_account_get_by_email (call->auth, email_key, &local_error);

  if (account == NULL && !g_error_matches (local_error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND))
    ews_auth_internal_error (error, local_error);

  return account;
}

static gboolean
check_password_policy (const char *password,
                       GError    **error)
{
  g_autoptr(GError) policy_error = NULL;

  if (ews_password_check_policy (password, &policy_error))
    return TRUE;

  g_set_error_literal (error, EWS_AUTH_ERROR,
                       g_error_matches (policy_error, EWS_PASSWORD_ERROR, EWS_PASSWORD_ERROR_POLICY)
                         ? EWS_AUTH_ERROR_INVALID_PASSWORD
                         : EWS_AUTH_ERROR_INVALID_PARAMETER,
                       policy_error->message);
  return FALSE;
}

/* Counts a mail to @email's mailbox (ews_rate_limit_mailbox()), whether
 * or not the address has an account and whatever the mail will be. */
static gboolean
check_mail_rate (EwsAuthCall *call,
                 const char  *email,
                 EwsAuthError code,
                 GError     **error)
{
  g_autofree char *mailbox = ews_rate_limit_mailbox (email);

  return ews_auth_check_rate (call, EWS_RATE_ACCOUNT_MAIL, mailbox, code, error);
}

static char *
guess_subject (EwsAuthCodePurpose purpose,
               const char        *email_key)
{
  return g_strconcat (purpose == EWS_AUTH_CODE_RESET ? "reset\n" : "sign-up\n", email_key, NULL);
}

/* Counts a code entered: per client, and per address and purpose up to
 * MAX_CODE_ATTEMPTS until a new code is asked for, for every address alike
 * so that the limit says nothing about which have an account. */
static gboolean
check_guess_rate (EwsAuthCall       *call,
                  EwsAuthCodePurpose purpose,
                  const char        *email_key,
                  GError           **error)
{
  g_autofree char *subject = guess_subject (purpose, email_key);
  g_autoptr(GError) local_error = NULL;

  if (!ews_auth_check_rate (call, EWS_RATE_CODE_GUESS, call->client, EWS_AUTH_ERROR_TOO_MANY_REQUESTS, error))
    return FALSE;

  if (!ews_auth_check_rate (call, EWS_RATE_CODE_GUESS_ADDRESS, subject, EWS_AUTH_ERROR_LIMIT_EXCEEDED,
                            &local_error))
    {
      if (g_error_matches (local_error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_LIMIT_EXCEEDED))
        g_set_error_literal (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_LIMIT_EXCEEDED,
                             "Attempt limit exceeded, please request a new code.");
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

/* A new code (or none, for an address without an account) gives the
 * address its guesses back. */
static gboolean
reset_guesses (EwsAuthCall       *call,
               EwsAuthCodePurpose purpose,
               const char        *email_key,
               GError           **error)
{
  g_autofree char *subject = guess_subject (purpose, email_key);
  g_autoptr(GError) local_error = NULL;

  if (!ews_rate_limit_reset (call->server, EWS_RATE_CODE_GUESS_ADDRESS, subject, &local_error))
    {
      ews_auth_internal_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

/* Stores a new code (replacing the last) and queues the mail that carries
 * it, inside the caller's transaction. */
static gboolean
send_code (EwsAuthCall       *call,
           const EwsAccount  *account,
           EwsAuthCodePurpose purpose,
           GError           **error)
{
  g_autofree char *code = ews_auth_new_code ();
  g_autofree char *code_hash = ews_auth_hash_code (account->user_id, purpose, code);
  g_autoptr(GError) local_error = NULL;
  gint64   lifetime = purpose == EWS_AUTH_CODE_RESET
                        ? EWS_RESET_CODE_LIFETIME_SECONDS
                        : EWS_SIGN_UP_CODE_LIFETIME_SECONDS;
  gboolean queued;

  if (!ews_auth_storage_code_set (call->auth, account->user_id, purpose, code_hash,
                                  call->now, call->now + lifetime, &local_error))
    {
      ews_auth_internal_error (error, local_error);
      return FALSE;
    }

  if (purpose == EWS_AUTH_CODE_RESET)
    queued = ews_mail_queue_password_reset_code (call->mail, ews_auth_account_catalog (call, account),
                                                 account->email, account->name, code, &local_error);
  else
    queued = ews_mail_queue_sign_up_code (call->mail, ews_auth_account_catalog (call, account),
                                          account->email, account->name, code, &local_error);

  if (!queued)
    {
      ews_auth_internal_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

static void
set_code_mismatch (GError **error)
{
  g_set_error_literal (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_CODE_MISMATCH,
                       "Invalid verification code provided, please try again.");
}

/* TRUE when @code is the live code of @purpose for @account; otherwise the
 * Cognito exception that says why, and a wrong guess is counted. Without a
 * code, or with a wrong one, the answer is the one an address without an
 * account gets; only the right code, too late, is told it expired. */
static gboolean
check_code (EwsAuthCall       *call,
            const EwsAccount  *account,
            EwsAuthCodePurpose purpose,
            const char        *code,
            GError           **error)
{
  g_autoptr(EwsAuthCode) stored = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *code_hash = NULL;

  stored = ews_auth_storage_code_get (call->auth, account->user_id, purpose, &local_error);
  if (stored == NULL)
    {
      if (!g_error_matches (local_error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND))
        {
          ews_auth_internal_error (error, local_error);
          return FALSE;
        }

      set_code_mismatch (error);
      return FALSE;
    }

  if (stored->attempts >= MAX_CODE_ATTEMPTS)
    {
      g_set_error_literal (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_LIMIT_EXCEEDED,
                           "Attempt limit exceeded, please request a new code.");
      return FALSE;
    }

  code_hash = ews_auth_hash_code (account->user_id, purpose, code);
  if (!ews_auth_equal_strings (code_hash, stored->code_hash))
    {
      if (!ews_auth_storage_code_add_attempt (call->auth, account->user_id, purpose, &local_error))
        {
          ews_auth_internal_error (error, local_error);
          return FALSE;
        }

      set_code_mismatch (error);
      return FALSE;
    }

  if (stored->expires_at <= call->now)
    {
      g_set_error_literal (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_EXPIRED_CODE,
                           "Invalid code provided, please request a code again.");
      return FALSE;
    }

  return TRUE;
}

/* UserAttributes: [{"Name": "email", "Value": …}, {"Name": "name", …},
 * {"Name": "locale", "Value": "de-AT"}]. The e-mail, when given, must be
 * the Username's; the locale (Cognito's standard attribute) is the
 * language of the account's mails. */
static gboolean
read_attributes (EwsAuthCall *call,
                 const char  *email_key,
                 char       **name,
                 char       **language,
                 GError     **error)
{
  JsonNode  *node = json_object_get_member (call->body, "UserAttributes");
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_SERIALIZATION,
                           "UserAttributes must be a list of {\"Name\", \"Value\"} objects.");
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode   *element = json_array_get_element (array, i);
      JsonObject *attribute;
      const char *attribute_name;
      const char *value;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error_literal (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_SERIALIZATION,
                               "UserAttributes must be a list of {\"Name\", \"Value\"} objects.");
          return FALSE;
        }

      attribute = json_node_get_object (element);
      if (!ews_auth_get_string (attribute, "Name", TRUE, &attribute_name, error) ||
          !ews_auth_get_string (attribute, "Value", FALSE, &value, error))
        return FALSE;

      if (strcmp (attribute_name, "email") == 0)
        {
          g_autofree char *key = value != NULL ? ewe_email_normalize (value) : NULL;

          if (g_strcmp0 (key, email_key) != 0)
            {
              g_set_error_literal (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_INVALID_PARAMETER,
                                   "The email attribute must be the same address as the Username.");
              return FALSE;
            }
        }
      else if (strcmp (attribute_name, "name") == 0)
        {
          g_autofree char *trimmed = g_strstrip (g_strdup (value != NULL ? value : ""));

          if (!g_utf8_validate (trimmed, -1, NULL) || g_utf8_strlen (trimmed, -1) > MAX_NAME_CHARS)
            {
              g_set_error (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_INVALID_PARAMETER,
                           "The name must be at most %d characters of UTF-8.", MAX_NAME_CHARS);
              return FALSE;
            }

          g_free (*name);
          *name = g_steal_pointer (&trimmed);
        }
      else if (strcmp (attribute_name, "locale") == 0)
        {
          g_autofree char *tag = ews_languages_normalize_tag (value);

          if (tag == NULL)
            {
              g_set_error_literal (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_INVALID_PARAMETER,
                                   "The locale must be a language tag, such as “de” or “fr-CA”.");
              return FALSE;
            }

          g_free (*language);
          *language = g_steal_pointer (&tag);
        }
      else
        {
          g_set_error (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_INVALID_PARAMETER,
                       "Attributes did not conform to the schema: %s: Attribute does not exist "
                       "in the schema.",
                       attribute_name);
          return FALSE;
        }
    }

  return TRUE;
}

/* What SignUp knows before the password is hashed. */
typedef struct
{
  char *email;
  char *email_key;
  char *name;
  char *language;
} NewAccount;

static void
new_account_free (gpointer data)
{
  NewAccount *new_account = data;

  g_free (new_account->email);
  g_free (new_account->email_key);
  g_free (new_account->name);
  g_free (new_account->language);
  g_free (new_account);
}

/* What every SignUp answers: where the code went, from the address as
 * typed, and a UserSub that is random unless a new account has it. */
static JsonNode *
sign_up_reply (const char *email,
               const char *user_sub)
{
  JsonNode   *reply = ews_auth_code_delivery_details (email);
  JsonObject *object = json_node_get_object (reply);

  json_object_set_boolean_member (object, "UserConfirmed", FALSE);
  json_object_set_string_member (object, "UserSub", user_sub);

  return reply;
}

/* Inside the transaction: the mail (and the change) for an address that
 * has an account already. */
static gboolean
sign_up_existing (EwsAuthCall      *call,
                  const EwsAccount *existing,
                  const char       *password_hash,
                  const char       *password,
                  GError          **error)
{
  g_autoptr(GError) local_error = NULL;

  if (existing->confirmed)
    {
      if (!ews_mail_queue_sign_up_attempt (call->mail, ews_auth_account_catalog (call, existing), existing->email,
                                           existing->name, &local_error))
        {
          ews_auth_internal_error (error, local_error);
          return FALSE;
        }
      return TRUE;
    }

  /* Never confirmed: only a claim on the address. The latest sign-up's
   * password takes its place, and the new code goes to the mailbox, whose
   * reader is the only one who can use it. */
  if (!ews_auth_storage_account_set_password (call->auth, existing->user_id, password_hash, &local_error) ||
      !ews_auth_srp_store_verifier (call, existing->user_id, password, &local_error))
    {
      ews_auth_internal_error (error, local_error);
      return FALSE;
    }

  return send_code (call, existing, EWS_AUTH_CODE_SIGN_UP, error);
}

static JsonNode *
sign_up_hashed (EwsAuthCall *call,
                const char  *password_hash,
                const char  *password,
                gpointer     data,
                GError     **error)
{
  NewAccount      *new_account = data;
  g_autofree char *user_sub = g_uuid_string_random ();
  g_autoptr(EwsAccount) existing = NULL;
  g_autoptr(GError) local_error = NULL;
  EwsAccount account = { 0 };

  if (!begin (call, error))
    return NULL;

  existing = find_account (call, new_account->email_key, &local_error);
  if (local_error != NULL)
    {
      ews_storage_rollback (call->storage);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (existing != NULL)
    {
      if (!sign_up_existing (call, existing, password_hash, password, error))
        {
          ews_storage_rollback (call->storage);
          return NULL;
        }
    }
  else
    {
      account.user_id = user_sub;
      account.email_key = new_account->email_key;
      account.email = new_account->email;
      account.name = new_account->name != NULL ? new_account->name : (char *)"";
      account.password_hash = (char *)password_hash;
      account.confirmed = FALSE;
      account.created_at = call->now;
      account.language = new_account->language;

      /* The transaction is BEGIN IMMEDIATE: nobody signs up with this
       * address between the look-up and here. */
      if (!ews_auth_storage_account_insert (call->auth, &account, &local_error) ||
          !ews_auth_srp_store_verifier (call, account.user_id, password, &local_error))
        return fail_in_transaction (call, error, local_error);

      if (!send_code (call, &account, EWS_AUTH_CODE_SIGN_UP, error))
        {
          ews_storage_rollback (call->storage);
          return NULL;
        }
    }

  if (!reset_guesses (call, EWS_AUTH_CODE_SIGN_UP, new_account->email_key, error))
    {
      ews_storage_rollback (call->storage);
      return NULL;
    }

  if (!commit (call, error))
    return NULL;

  /* A new account's id, or a random one: both look the same. */
  return sign_up_reply (new_account->email, user_sub);
}

JsonNode *
ews_auth_sign_up (EwsAuthCall *call,
                  GError     **error)
{
  g_autofree char *email = NULL;
  g_autofree char *email_key = NULL;
  g_autofree char *name = NULL;
  g_autofree char *language = NULL;
  NewAccount      *new_account;
  const char      *password;

  if (!ews_auth_check_client (call, error) ||
      !ews_auth_get_username (call, &email, &email_key, error) ||
      !ews_auth_get_string (call->body, "Password", TRUE, &password, error) ||
      !read_attributes (call, email_key, &name, &language, error) ||
      !check_password_policy (password, error))
    return NULL;

  /* Counted before anything depends on whether the address has an
   * account; Cognito's SignUp knows no LimitExceededException. */
  if (!ews_auth_check_rate (call, EWS_RATE_SIGN_UP, call->client, EWS_AUTH_ERROR_TOO_MANY_REQUESTS, error) ||
      !check_mail_rate (call, email, EWS_AUTH_ERROR_TOO_MANY_REQUESTS, error))
    return NULL;

  /* Hashed whatever happens next, so that every answer takes as long. */
  new_account = g_new0 (NewAccount, 1);
  new_account->email = g_steal_pointer (&email);
  new_account->email_key = g_steal_pointer (&email_key);
  new_account->name = g_steal_pointer (&name);
  /* Without a locale, the language the app asked in. */
  new_account->language = language != NULL ? g_steal_pointer (&language)
                                           : g_strdup (ews_auth_request_language (call));

  ews_auth_hash_password_then (call, password, sign_up_hashed, new_account, new_account_free, error);
  return NULL;
}

JsonNode *
ews_auth_confirm_sign_up (EwsAuthCall *call,
                          GError     **error)
{
  g_autofree char *email = NULL;
  g_autofree char *email_key = NULL;
  g_autoptr(EwsAccount) account = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *code;

  if (!ews_auth_check_client (call, error) ||
      !ews_auth_get_username (call, &email, &email_key, error) ||
      !ews_auth_get_string (call->body, "ConfirmationCode", TRUE, &code, error) ||
      !check_guess_rate (call, EWS_AUTH_CODE_SIGN_UP, email_key, error))
    return NULL;

  account = find_account (call, email_key, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* A confirmed account has no sign-up code, like an unknown address. */
  if (account == NULL || account->confirmed)
    {
      set_code_mismatch (error);
      return NULL;
    }

  if (!check_code (call, account, EWS_AUTH_CODE_SIGN_UP, code, error))
    return NULL;

  if (!begin (call, error))
    return NULL;

  if (!ews_auth_storage_account_set_confirmed (call->auth, account->user_id, &local_error) ||
      !ews_auth_storage_code_delete (call->auth, account->user_id, EWS_AUTH_CODE_SIGN_UP, &local_error) ||
      !ews_mail_queue_welcome (call->mail, ews_auth_account_catalog (call, account), account->email,
                               account->name, &local_error))
    return fail_in_transaction (call, error, local_error);

  if (!commit (call, error))
    return NULL;

  return ews_auth_empty_reply ();
}

/* ResendConfirmationCode and ForgotPassword: a code of @purpose to the
 * address if it has an account that can use one (a sign-up code only
 * while unconfirmed), and the same answer either way. */
static JsonNode *
request_code (EwsAuthCall       *call,
              EwsAuthCodePurpose purpose,
              GError           **error)
{
  g_autofree char *email = NULL;
  g_autofree char *email_key = NULL;
  g_autoptr(EwsAccount) account = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!ews_auth_check_client (call, error) ||
      !ews_auth_get_username (call, &email, &email_key, error) ||
      !ews_auth_check_rate (call, EWS_RATE_CODE_REQUEST, call->client, EWS_AUTH_ERROR_TOO_MANY_REQUESTS, error) ||
      !check_mail_rate (call, email, EWS_AUTH_ERROR_LIMIT_EXCEEDED, error) ||
      !reset_guesses (call, purpose, email_key, error))
    return NULL;

  account = find_account (call, email_key, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* An unconfirmed account gets a reset code too: using it proves the
   * address as well as a sign-up code would. */
  if (account != NULL && (purpose == EWS_AUTH_CODE_RESET || !account->confirmed))
    {
      if (!begin (call, error))
        return NULL;
      if (!send_code (call, account, purpose, error))
        {
          ews_storage_rollback (call->storage);
          return NULL;
        }
      if (!commit (call, error))
        return NULL;
    }

  /* The same answer, built from the address asked about, either way. */
  return ews_auth_code_delivery_details (email);
}

JsonNode *
ews_auth_resend_confirmation_code (EwsAuthCall *call,
                                   GError     **error)
{
  return request_code (call, EWS_AUTH_CODE_SIGN_UP, error);
}

JsonNode *
ews_auth_forgot_password (EwsAuthCall *call,
                          GError     **error)
{
  return request_code (call, EWS_AUTH_CODE_RESET, error);
}

/* What ConfirmForgotPassword knows before the new password is hashed. */
typedef struct
{
  EwsAccount *account;
  char       *email_key;
  char       *code;
} Reset;

static void
reset_free (gpointer data)
{
  Reset *reset = data;

  ews_account_free (reset->account);
  g_free (reset->email_key);
  g_free (reset->code);
  g_free (reset);
}

static JsonNode *
reset_hashed (EwsAuthCall *call,
              const char  *password_hash,
              const char  *password,
              gpointer     data,
              GError     **error)
{
  Reset      *reset = data;
  EwsAccount *account = reset->account;
  g_autoptr(EwsAuthCode) stored = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *code_hash = ews_auth_hash_code (account->user_id, EWS_AUTH_CODE_RESET, reset->code);

  /* The code was checked before hashing; it must still be the live one
   * (not used, nor replaced, by a request that finished meanwhile). */
  stored = ews_auth_storage_code_get (call->auth, account->user_id, EWS_AUTH_CODE_RESET, &local_error);
  if (stored == NULL && !g_error_matches (local_error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND))
    {
      ews_auth_internal_error (error, local_error);
      return NULL;
    }
  if (stored == NULL || !ews_auth_equal_strings (stored->code_hash, code_hash))
    {
      g_set_error_literal (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_EXPIRED_CODE,
                           "Invalid code provided, please request a code again.");
      return NULL;
    }

  if (!begin (call, error))
    return NULL;

  /* A new password signs out every device that knew the old one, and lifts a
   * lockout that someone guessing at the old one caused. */
  if (!ews_auth_storage_account_set_password (call->auth, account->user_id, password_hash, &local_error) ||
      !ews_auth_srp_store_verifier (call, account->user_id, password, &local_error) ||
      !ews_auth_storage_code_delete (call->auth, account->user_id, EWS_AUTH_CODE_RESET, &local_error) ||
      !ews_auth_storage_sessions_revoke (call->auth, account->user_id, call->now, &local_error) ||
      !ews_auth_storage_failures_clear (call->auth, reset->email_key, NULL, &local_error))
    return fail_in_transaction (call, error, local_error);

  if (!account->confirmed &&
      (!ews_auth_storage_account_set_confirmed (call->auth, account->user_id, &local_error) ||
       !ews_auth_storage_code_delete (call->auth, account->user_id, EWS_AUTH_CODE_SIGN_UP, &local_error) ||
       !ews_mail_queue_welcome (call->mail, ews_auth_account_catalog (call, account), account->email,
                                account->name, &local_error)))
    return fail_in_transaction (call, error, local_error);

  if (!commit (call, error))
    return NULL;

  return ews_auth_empty_reply ();
}

JsonNode *
ews_auth_confirm_forgot_password (EwsAuthCall *call,
                                  GError     **error)
{
  g_autofree char *email = NULL;
  g_autofree char *email_key = NULL;
  g_autoptr(EwsAccount) account = NULL;
  g_autoptr(GError) local_error = NULL;
  Reset      *reset;
  const char *code;
  const char *password;

  if (!ews_auth_check_client (call, error) ||
      !ews_auth_get_username (call, &email, &email_key, error) ||
      !ews_auth_get_string (call->body, "ConfirmationCode", TRUE, &code, error) ||
      !ews_auth_get_string (call->body, "Password", TRUE, &password, error) ||
      !check_password_policy (password, error) ||
      !check_guess_rate (call, EWS_AUTH_CODE_RESET, email_key, error))
    return NULL;

  account = find_account (call, email_key, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (account == NULL)
    {
      set_code_mismatch (error);
      return NULL;
    }

  if (!check_code (call, account, EWS_AUTH_CODE_RESET, code, error))
    return NULL;

  reset = g_new0 (Reset, 1);
  reset->account = g_steal_pointer (&account);
  reset->email_key = g_steal_pointer (&email_key);
  reset->code = g_strdup (code);

  ews_auth_hash_password_then (call, password, reset_hashed, reset, reset_free, error);
  return NULL;
}
