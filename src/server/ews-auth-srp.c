/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-auth"

#include "config.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "ewe-srp.h"
#include "ews-auth-private.h"
#include "ews-jwt.h"
#include "ews-password.h"

/* USER_SRP_AUTH, as Cognito does it, so that a Cognito client's default
 * sign-in works and the password never leaves the device:
 *
 *   InitiateAuth (USER_SRP_AUTH: USERNAME, SRP_A)
 *     → PASSWORD_VERIFIER: SALT, SRP_B, SECRET_BLOCK, USER_ID_FOR_SRP
 *   RespondToAuthChallenge (PASSWORD_VERIFIER: USERNAME, TIMESTAMP,
 *                           PASSWORD_CLAIM_SECRET_BLOCK, PASSWORD_CLAIM_SIGNATURE)
 *     → the tokens, as USER_PASSWORD_AUTH gives them
 *
 * The arithmetic is libewe-common's (ewe-srp.h), shared with the app. The
 * server stays stateless between the two calls: what it must remember (the
 * user, A, its private b, when the challenge expires) travels in the
 * SECRET_BLOCK, sealed with AES-256-GCM under a key of the server's, so the
 * client can neither read nor change it, and any server on the database can
 * answer the second call. A block is good for one answer (its id is
 * recorded as used, the one thing written to the database) and for
 * CHALLENGE_LIFETIME_SECONDS; one from another sign-in fails, because the
 * signature is made with that sign-in's key.
 *
 * The verifier v = g^x is sealed too before it is stored: anyone holding it
 * can guess passwords offline as fast as SHA-256 goes, so it is at least as
 * secret as the argon2 hash beside it. Both keys are derived from the data
 * directory's secret (ews_jwt_load_or_create_secret()), which every server
 * on one database must share already.
 *
 * An address with no account gets a challenge too, as from a Cognito pool
 * that prevents user existence errors: its USER_ID_FOR_SRP and SALT are
 * derived from the address with a key of the server's, so they are the
 * same each time as an account's are, and the answer fails as a wrong
 * password does (counted towards the address's lockout alike).
 *
 * An account whose password was set before SRP has no verifier until the
 * password is next used with USER_PASSWORD_AUTH (ews_auth_sign_in_checked());
 * until then USER_SRP_AUTH answers that the flow is not enabled, so that a
 * client falls back to USER_PASSWORD_AUTH once. That answer tells such
 * accounts from unknown addresses, which no other answer does; it lasts
 * only until the account's next sign-in. */

#define CHALLENGE_LIFETIME_SECONDS (5 * 60)
#define SALT_BYTES 16
#define KEY_BYTES 32
#define NONCE_BYTES 12
#define TAG_BYTES 16
/* A 3072-bit number in hexadecimal is 768 digits; a little room for zeros. */
#define MAX_PUBLIC_DIGITS 800
#define MAX_SECRET_BLOCK_CHARS 4096
#define MAX_TIMESTAMP_CHARS 64

#define VERIFIER_KEY_LABEL "ewelists SRP verifier key v1"
#define BLOCK_KEY_LABEL "ewelists SRP secret block key v1"
#define NOBODY_KEY_LABEL "ewelists SRP unknown address key v1"

static GBytes *
derive_key (EwsAuthCall *call,
            const char  *label)
{
  GBytes *secret = ews_server_get_jwt_secret (call->server);
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, g_bytes_get_data (secret, NULL),
                                       g_bytes_get_size (secret));
  guint8 key[KEY_BYTES];
  gsize  length = sizeof key;

  g_hmac_update (hmac, (const guchar *)label, -1);
  g_hmac_get_digest (hmac, key, &length);
  return g_bytes_new (key, length);
}

static gboolean
cipher_open (GBytes                  *key,
             gnutls_aead_cipher_hd_t *cipher,
             GError                 **error)
{
  gnutls_datum_t datum = { (unsigned char *)g_bytes_get_data (key, NULL), (unsigned int)g_bytes_get_size (key) };
  int            rc = gnutls_aead_cipher_init (cipher, GNUTLS_CIPHER_AES_256_GCM, &datum);

  if (rc < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not set up AES-GCM: %s", gnutls_strerror (rc));
      return FALSE;
    }

  return TRUE;
}

/* base64 (nonce | ciphertext | tag), @context bound in as associated data
 * so that a sealed value cannot be moved to where another is expected. */
static char *
seal (GBytes     *key,
      const char *context,
      const char *plain,
      GError    **error)
{
  gnutls_aead_cipher_hd_t cipher = NULL;
  gsize                   plain_length = strlen (plain);
  g_autofree guint8      *sealed = g_malloc (NONCE_BYTES + plain_length + TAG_BYTES);
  size_t                  cipher_length = plain_length + TAG_BYTES;
  int                     rc;

  if (!ews_random_bytes (sealed, NONCE_BYTES, error) || !cipher_open (key, &cipher, error))
    return NULL;

  rc = gnutls_aead_cipher_encrypt (cipher, sealed, NONCE_BYTES, context, strlen (context), TAG_BYTES,
                                   plain, plain_length, sealed + NONCE_BYTES, &cipher_length);
  gnutls_aead_cipher_deinit (cipher);
  if (rc < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not seal a value: %s", gnutls_strerror (rc));
      return NULL;
    }

  return g_base64_encode (sealed, NONCE_BYTES + cipher_length);
}

/* NULL, with no error, when @text is not something we sealed for @context
 * with @key: forged, changed, or sealed for another purpose. */
static char *
unseal (GBytes     *key,
        const char *context,
        const char *text,
        GError    **error)
{
  gnutls_aead_cipher_hd_t cipher = NULL;
  g_autofree guint8      *sealed = NULL;
  g_autofree char        *plain = NULL;
  gsize                   sealed_length = 0;
  size_t                  plain_length;
  int                     rc;

  sealed = g_base64_decode (text, &sealed_length);
  if (sealed == NULL || sealed_length < NONCE_BYTES + TAG_BYTES)
    return NULL;

  if (!cipher_open (key, &cipher, error))
    return NULL;

  plain_length = sealed_length - NONCE_BYTES - TAG_BYTES;
  plain = g_malloc0 (plain_length + 1);
  rc = gnutls_aead_cipher_decrypt (cipher, sealed, NONCE_BYTES, context, strlen (context), TAG_BYTES,
                                   sealed + NONCE_BYTES, sealed_length - NONCE_BYTES, plain, &plain_length);
  gnutls_aead_cipher_deinit (cipher);
  if (rc < 0 || strlen (plain) != plain_length)
    return NULL;

  return g_steal_pointer (&plain);
}

static char *
verifier_context (const char *user_id)
{
  return g_strconcat ("srp-verifier:", user_id, NULL);
}

static char *
srp_identity (EwsAuthCall *call,
              const char  *user_id)
{
  g_autofree char *pool_name = ewe_srp_pool_name (call->config->user_pool_id);

  return g_strconcat (pool_name, user_id, NULL);
}

gboolean
ews_auth_srp_store_verifier (EwsAuthCall *call,
                             const char  *user_id,
                             const char  *password,
                             GError     **error)
{
  g_autoptr(GBytes) key = derive_key (call, VERIFIER_KEY_LABEL);
  g_autofree char *identity = srp_identity (call, user_id);
  g_autofree char *context = verifier_context (user_id);
  g_autofree char *salt = NULL;
  g_autofree char *x = NULL;
  g_autofree char *verifier = NULL;
  g_autofree char *sealed = NULL;
  guint8           random[SALT_BYTES];

  if (!ews_random_bytes (random, sizeof random, error))
    return FALSE;
  salt = g_new0 (char, 2 * SALT_BYTES + 1);
  for (gsize i = 0; i < SALT_BYTES; i++)
    g_snprintf (salt + 2 * i, 3, "%02x", random[i]);

  x = ewe_srp_private_key (EWE_SRP_GROUP_COGNITO, salt, identity, password, error);
  if (x != NULL)
    verifier = ewe_srp_verifier (EWE_SRP_GROUP_COGNITO, x, error);
  ews_password_wipe_free (g_steal_pointer (&x));
  if (verifier == NULL)
    return FALSE;

  sealed = seal (key, context, verifier, error);
  if (sealed == NULL)
    return FALSE;

  return ews_auth_storage_account_set_srp (call->auth, user_id, salt, sealed, error);
}

/* What an unknown address's challenge is made of, the same every time:
 * 16 bytes of HMAC(server key, @purpose | email_key) in hexadecimal. */
static char *
nobody_value (EwsAuthCall *call,
              const char  *purpose,
              const char  *email_key)
{
  g_autoptr(GBytes) key = derive_key (call, NOBODY_KEY_LABEL);
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, g_bytes_get_data (key, NULL), g_bytes_get_size (key));
  g_autofree char *hex = NULL;

  g_hmac_update (hmac, (const guchar *)purpose, -1);
  g_hmac_update (hmac, (const guchar *)"|", 1);
  g_hmac_update (hmac, (const guchar *)email_key, -1);
  hex = g_strdup (g_hmac_get_string (hmac));
  hex[32] = '\0';

  return g_steal_pointer (&hex);
}

/* Shaped like a random (version 4) UUID, as an account's sub is. */
static char *
nobody_user_id (EwsAuthCall *call,
                const char  *email_key)
{
  g_autofree char  *hex = nobody_value (call, "user id", email_key);
  static const char variant[] = "89ab";

  return g_strdup_printf ("%.8s-%.4s-4%.3s-%c%.3s-%.12s", hex, hex + 8, hex + 13,
                          variant[g_ascii_xdigit_value (hex[16]) & 3], hex + 17, hex + 20);
}

static gboolean
is_public_value (const char *text)
{
  gsize length = strlen (text);

  if (length == 0 || length > MAX_PUBLIC_DIGITS)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isxdigit (text[i]))
      return FALSE;

  return TRUE;
}

static void
set_not_enabled (GError **error)
{
  g_set_error_literal (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_INVALID_PARAMETER,
                       "USER_SRP_AUTH flow not enabled for this user yet; sign in with USER_PASSWORD_AUTH "
                       "once to enable it.");
}

/* A challenge being made in the hash pool: B = k v + g^b is a 3072-bit
 * exponentiation, milliseconds the main loop need not spend, and the
 * pool's bounded queue keeps a flood of challenges from piling up. */
typedef struct
{
  EwsAuthCall *call; /* released on the main thread */
  GBytes      *block_key;
  char        *verifier;
  char        *user_id;
  char        *salt;
  char        *nobody; /* an unknown address's email_key, or NULL */
  char        *client_public;
  gint64       expires_at;
} ChallengeJob;

static void
challenge_job_free (gpointer data)
{
  ChallengeJob *job = data;

  g_assert (job->call == NULL);
  g_clear_pointer (&job->block_key, g_bytes_unref);
  ews_password_wipe_free (job->verifier);
  g_free (job->user_id);
  g_free (job->salt);
  g_free (job->nobody);
  g_free (job->client_public);
  g_free (job);
}

static void
challenge_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  ChallengeJob *job = task_data;
  g_autoptr(JsonObject) block = json_object_new ();
  g_autoptr(JsonNode) block_node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *challenge_id = g_uuid_string_random ();
  g_autofree char *server_secret = NULL;
  g_autofree char *server_public = NULL;
  g_autofree char *block_text = NULL;
  g_autofree char *sealed_block = NULL;
  JsonObject      *challenge;
  JsonObject      *root;

  server_secret = ewe_srp_new_secret (&error);
  if (server_secret != NULL)
    server_public = ewe_srp_server_public (EWE_SRP_GROUP_COGNITO, server_secret, job->verifier, &error);
  if (server_public == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  json_object_set_string_member (block, "id", challenge_id);
  json_object_set_string_member (block, "sub", job->user_id);
  if (job->nobody != NULL)
    json_object_set_string_member (block, "nobody", job->nobody);
  json_object_set_string_member (block, "A", job->client_public);
  json_object_set_string_member (block, "b", server_secret);
  json_object_set_int_member (block, "exp", job->expires_at);
  block_node = json_node_init_object (json_node_alloc (), block);
  block_text = json_to_string (block_node, FALSE);
  sealed_block = seal (job->block_key, "srp-block", block_text, &error);
  ews_password_wipe_free (g_steal_pointer (&block_text));
  ews_password_wipe_free (g_steal_pointer (&server_secret));
  if (sealed_block == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  challenge = json_object_new ();
  json_object_set_string_member (challenge, "SALT", job->salt);
  json_object_set_string_member (challenge, "SRP_B", server_public);
  json_object_set_string_member (challenge, "SECRET_BLOCK", sealed_block);
  json_object_set_string_member (challenge, "USER_ID_FOR_SRP", job->user_id);
  json_object_set_string_member (challenge, "USERNAME", job->user_id);

  root = json_object_new ();
  json_object_set_string_member (root, "ChallengeName", "PASSWORD_VERIFIER");
  json_object_set_object_member (root, "ChallengeParameters", challenge);

  g_task_return_pointer (task, ews_auth_take_object (root), (GDestroyNotify)json_node_unref);
}

static void
challenge_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ChallengeJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(EwsAuthCall) call = g_steal_pointer (&job->call);
  g_autoptr(GError) cause = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = g_task_propagate_pointer (G_TASK (result), &cause);

  if (reply == NULL)
    ews_auth_internal_error (&error, cause);

  ews_auth_call_finish (call, reply, error);
}

JsonNode *
ews_auth_srp_initiate (EwsAuthCall *call,
                       JsonObject  *parameters,
                       GError     **error)
{
  g_autoptr(GBytes) verifier_key = derive_key (call, VERIFIER_KEY_LABEL);
  g_autoptr(GBytes) block_key = derive_key (call, BLOCK_KEY_LABEL);
  g_autoptr(EwsAccount) account = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *email_key = NULL;
  g_autofree char *context = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *salt = NULL;
  g_autofree char *verifier = NULL;
  ChallengeJob    *job;
  const char      *username;
  const char      *client_public;
  gint64           now_ms = 0;
  guint            failures = 0;

  if (!ews_auth_get_string (parameters, "USERNAME", TRUE, &username, error) ||
      !ews_auth_get_string (parameters, "SRP_A", TRUE, &client_public, error))
    return NULL;

  if (!is_public_value (client_public))
    {
      g_set_error_literal (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_INVALID_PARAMETER,
                           "SRP_A must be a hexadecimal number of at most 3072 bits.");
      return NULL;
    }

  email_key = ewe_email_normalize (username);
  account = ews_auth_storage_account_get_by_email (call->auth, email_key, &local_error);
  if (account == NULL && !g_error_matches (local_error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND))
    {
      ews_auth_internal_error (error, local_error);
      return NULL;
    }
  g_clear_error (&local_error);

  if (account != NULL && account->srp_verifier == NULL)
    {
      set_not_enabled (error);
      return NULL;
    }

  /* Said now rather than after the client's work, as the lockout would
   * refuse the answer anyway. */
  if (!ews_auth_sign_in_may_check (call, account, email_key, FALSE, &failures, &now_ms, error))
    return NULL;

  if (account == NULL)
    {
      user_id = nobody_user_id (call, email_key);
      salt = nobody_value (call, "salt", email_key);
      verifier = nobody_value (call, "verifier", email_key);
    }
  else
    {
      user_id = g_strdup (account->user_id);
      salt = g_strdup (account->srp_salt);
      context = verifier_context (account->user_id);
      verifier = unseal (verifier_key, context, account->srp_verifier, &local_error);
    }
  if (verifier == NULL)
    {
      if (local_error == NULL)
        g_set_error (&local_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     "The SRP verifier of %s does not open with this server's key", account->user_id);
      ews_auth_internal_error (error, local_error);
      return NULL;
    }

  job = g_new0 (ChallengeJob, 1);
  job->call = ews_auth_call_ref (call);
  job->block_key = g_steal_pointer (&block_key);
  job->verifier = g_steal_pointer (&verifier);
  job->user_id = g_steal_pointer (&user_id);
  job->salt = g_steal_pointer (&salt);
  job->nobody = account == NULL ? g_strdup (email_key) : NULL;
  job->client_public = g_strdup (client_public);
  job->expires_at = call->now + CHALLENGE_LIFETIME_SECONDS;

  task = g_task_new (NULL, NULL, challenge_done_cb, NULL);
  g_task_set_source_tag (task, ews_auth_srp_initiate);
  g_task_set_task_data (task, job, challenge_job_free);

  if (!ews_auth_run_hash (call, task, challenge_thread, error))
    g_clear_pointer (&job->call, ews_auth_call_unref);

  return NULL;
}

/* A proof under way in the hash pool: two 3072-bit exponentiations are
 * milliseconds the main loop need not wait for, and the pool's queue and
 * one-at-a-time rule hold for proofs as for passwords. */
typedef struct
{
  EwsAuthCall *call;
  EwsAccount  *account; /* NULL: an unknown address, whose proof fails */
  char        *user_id;
  char        *email_key;
  guint        failures;
  gint64       now_ms;
  char        *pool_name;
  char        *server_secret;
  char        *client_public;
  char        *verifier;
  GBytes      *secret_block;
  char        *timestamp;
  char        *signature;
} ProofCheck;

static void
proof_check_free (gpointer data)
{
  ProofCheck *check = data;

  g_assert (check->call == NULL);
  g_clear_pointer (&check->account, ews_account_free);
  g_free (check->user_id);
  g_free (check->email_key);
  g_free (check->pool_name);
  ews_password_wipe_free (check->server_secret);
  g_free (check->client_public);
  ews_password_wipe_free (check->verifier);
  g_clear_pointer (&check->secret_block, g_bytes_unref);
  g_free (check->timestamp);
  g_free (check->signature);
  g_free (check);
}

static void
proof_check_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  ProofCheck       *check = task_data;
  const EweSrpGroup group = EWE_SRP_GROUP_COGNITO;
  g_autofree char  *server_public = NULL;
  g_autofree char  *premaster = NULL;
  g_autofree char  *scrambler = NULL;
  g_autofree char  *expected = NULL;
  g_autoptr(GBytes) key = NULL;

  /* Any failure here is the client's: a bad A is no proof. */
  server_public = ewe_srp_server_public (group, check->server_secret, check->verifier, NULL);
  if (server_public != NULL)
    premaster = ewe_srp_server_premaster (group, check->server_secret, check->client_public, server_public,
                                          check->verifier, NULL);
  if (premaster != NULL)
    scrambler = ewe_srp_scrambler (group, check->client_public, server_public, NULL);
  if (scrambler != NULL)
    key = ewe_srp_cognito_key (premaster, scrambler, NULL);
  if (key != NULL)
    expected = ewe_srp_cognito_signature (key, check->pool_name, check->user_id, check->secret_block,
                                          check->timestamp);
  ews_password_wipe_free (g_steal_pointer (&premaster));

  /* All the work, for an unknown address too, so that its answer takes
   * as long as a wrong password's. */
  g_task_return_boolean (task, check->account != NULL && expected != NULL &&
                                 ews_secrets_equal (check->signature, expected));
}

static void
proof_check_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ProofCheck *check = g_task_get_task_data (G_TASK (result));
  g_autoptr(EwsAuthCall) call = g_steal_pointer (&check->call);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;
  gboolean valid = g_task_propagate_boolean (G_TASK (result), NULL);

  ews_auth_state_end_check (call->state, check->email_key, call->client);
  call->now = ews_clock_get_unix_seconds (call->clock);

  reply = ews_auth_sign_in_checked (call, check->account, check->email_key, check->failures, check->now_ms,
                                    valid, NULL, &error);
  ews_auth_call_finish (call, reply, error);
}

static void
set_invalid_block (GError **error)
{
  ews_auth_set_not_authorized (error, "Invalid session for the user, session is expired.");
}

/* The SECRET_BLOCK's contents, if we sealed it, for @user_id, and it is
 * still current; NULL with NotAuthorizedException if not. */
static JsonObject *
open_secret_block (EwsAuthCall *call,
                   const char  *sealed_block,
                   const char  *user_id,
                   GError     **error)
{
  g_autoptr(GBytes) block_key = derive_key (call, BLOCK_KEY_LABEL);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  JsonObject      *block;

  if (strlen (sealed_block) > MAX_SECRET_BLOCK_CHARS)
    {
      set_invalid_block (error);
      return NULL;
    }

  text = unseal (block_key, "srp-block", sealed_block, &local_error);
  if (local_error != NULL)
    {
      ews_auth_internal_error (error, local_error);
      return NULL;
    }
  if (text != NULL)
    root = json_from_string (text, NULL);
  ews_password_wipe_free (g_steal_pointer (&text));

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      set_invalid_block (error);
      return NULL;
    }

  block = json_node_get_object (root);
  if (json_object_get_int_member_with_default (block, "exp", 0) <= call->now ||
      g_strcmp0 (json_object_get_string_member_with_default (block, "sub", NULL), user_id) != 0 ||
      json_object_get_string_member_with_default (block, "id", NULL) == NULL ||
      json_object_get_string_member_with_default (block, "A", NULL) == NULL ||
      json_object_get_string_member_with_default (block, "b", NULL) == NULL)
    {
      set_invalid_block (error);
      return NULL;
    }

  return json_object_ref (block);
}

static gboolean
get_challenge_responses (EwsAuthCall *call,
                         JsonObject **responses,
                         GError     **error)
{
  JsonNode   *node = json_object_get_member (call->body, "ChallengeResponses");
  const char *name;

  if (!ews_auth_get_string (call->body, "ChallengeName", TRUE, &name, error))
    return FALSE;

  if (strcmp (name, "PASSWORD_VERIFIER") != 0)
    {
      g_set_error (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_INVALID_PARAMETER,
                   "Invalid challenge name %s: this pool only issues PASSWORD_VERIFIER.", name);
      return FALSE;
    }

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_INVALID_PARAMETER,
                           "Missing required parameter ChallengeResponses");
      return FALSE;
    }

  *responses = json_node_get_object (node);
  return TRUE;
}

JsonNode *
ews_auth_respond_to_auth_challenge (EwsAuthCall *call,
                                    GError     **error)
{
  g_autoptr(GBytes) verifier_key = derive_key (call, VERIFIER_KEY_LABEL);
  g_autoptr(JsonObject) block = NULL;
  g_autoptr(EwsAccount) account = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char   *context = NULL;
  g_autofree char   *verifier = NULL;
  g_autofree char   *email_key = NULL;
  g_autofree guint8 *block_bytes = NULL;
  const char        *nobody;
  gsize              block_length = 0;
  JsonObject        *responses = NULL;
  ProofCheck        *check;
  const char        *user_id;
  const char        *sealed_block;
  const char        *timestamp;
  const char        *signature;
  gint64             now_ms = 0;
  guint              failures = 0;

  if (!ews_auth_check_client (call, error) ||
      !ews_auth_check_rate (call, EWS_RATE_SIGN_IN, call->client, EWS_AUTH_ERROR_TOO_MANY_REQUESTS, error) ||
      !get_challenge_responses (call, &responses, error) ||
      !ews_auth_get_string (responses, "USERNAME", TRUE, &user_id, error) ||
      !ews_auth_get_string (responses, "PASSWORD_CLAIM_SECRET_BLOCK", TRUE, &sealed_block, error) ||
      !ews_auth_get_string (responses, "TIMESTAMP", TRUE, &timestamp, error) ||
      !ews_auth_get_string (responses, "PASSWORD_CLAIM_SIGNATURE", TRUE, &signature, error))
    return NULL;

  if (strlen (timestamp) > MAX_TIMESTAMP_CHARS)
    {
      g_set_error_literal (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_INVALID_PARAMETER,
                           "TIMESTAMP is not a time Cognito would send.");
      return NULL;
    }

  block = open_secret_block (call, sealed_block, user_id, error);
  if (block == NULL)
    return NULL;

  /* Used once whatever the outcome: a replay, right or wrong, is refused,
   * and a wrong answer cannot be tried again without a new challenge. */
  if (!ews_auth_storage_srp_challenge_use (call->auth, json_object_get_string_member (block, "id"),
                                           json_object_get_int_member (block, "exp"), call->now, &local_error))
    {
      if (g_error_matches (local_error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT))
        set_invalid_block (error);
      else
        ews_auth_internal_error (error, local_error);
      return NULL;
    }

  nobody = json_object_get_string_member_with_default (block, "nobody", NULL);
  if (nobody != NULL)
    {
      email_key = g_strdup (nobody);
      verifier = nobody_value (call, "verifier", nobody);
    }
  else
    {
      account = ews_auth_storage_account_get (call->auth, user_id, &local_error);
      if (account == NULL)
        {
          if (g_error_matches (local_error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND))
            ews_auth_set_not_authorized (error, "Incorrect username or password.");
          else
            ews_auth_internal_error (error, local_error);
          return NULL;
        }
      email_key = g_strdup (account->email_key);
    }

  if (!ews_auth_sign_in_may_check (call, account, email_key, TRUE, &failures, &now_ms, error))
    return NULL;

  /* The password changed since the challenge: the old one's proof is no
   * proof, and counts as a wrong password. */
  if (account != NULL && account->srp_verifier != NULL)
    {
      context = verifier_context (account->user_id);
      verifier = unseal (verifier_key, context, account->srp_verifier, &local_error);
      if (local_error != NULL)
        {
          ews_auth_internal_error (error, local_error);
          return NULL;
        }
    }
  if (verifier == NULL)
    return ews_auth_sign_in_checked (call, account, email_key, failures, now_ms, FALSE, NULL, error);

  if (!ews_auth_state_begin_check (call->state, email_key, call->client))
    {
      g_set_error_literal (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_TOO_MANY_REQUESTS,
                           "Too many requests: a sign-in for this account is already under way.");
      return NULL;
    }

  block_bytes = g_base64_decode (sealed_block, &block_length);

  check = g_new0 (ProofCheck, 1);
  check->call = ews_auth_call_ref (call);
  check->user_id = g_strdup (user_id);
  check->email_key = g_steal_pointer (&email_key);
  check->account = g_steal_pointer (&account);
  check->failures = failures;
  check->now_ms = now_ms;
  check->pool_name = ewe_srp_pool_name (call->config->user_pool_id);
  check->server_secret = g_strdup (json_object_get_string_member (block, "b"));
  check->client_public = g_strdup (json_object_get_string_member (block, "A"));
  check->verifier = g_steal_pointer (&verifier);
  check->secret_block = g_bytes_new_take (g_steal_pointer (&block_bytes), block_length);
  check->timestamp = g_strdup (timestamp);
  check->signature = g_strdup (signature);

  task = g_task_new (NULL, NULL, proof_check_done_cb, NULL);
  g_task_set_source_tag (task, ews_auth_respond_to_auth_challenge);
  g_task_set_task_data (task, check, proof_check_free);

  if (!ews_auth_run_hash (call, task, proof_check_thread, error))
    {
      ews_auth_state_end_check (call->state, check->email_key, call->client);
      g_clear_pointer (&check->call, ews_auth_call_unref);
    }

  return NULL;
}
