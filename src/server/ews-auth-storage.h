/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-storage.h"

G_BEGIN_DECLS

/* EwsAuthStorage is the sign-in service's part of the storage: accounts,
 * e-mailed codes, sign-in sessions (refresh tokens) and the sign-in
 * lockout (rate limits are EwsStorage's: ews_storage_rate_take()). It is a
 * second interface that the same storage object implements next to
 * EwsStorage (see ews-storage-sqlite-auth.c), so a backend is still one
 * object, transactions are EwsStorage's (ews_storage_begin/commit), and
 * failures are in EWS_STORAGE_ERROR (NOT_FOUND, CONFLICT, FAILED).
 *
 * Nothing secret is stored in the clear: passwords as argon2id hashes,
 * codes and refresh tokens as SHA-256 hashes, SRP verifiers sealed with
 * the server's key (ews-auth-srp.c). */

typedef struct
{
  char     *user_id;        /* the `sub`, a UUID */
  char     *email_key;      /* the normalised address: unique */
  char     *email;          /* as the user typed it, for mail and tokens */
  char     *name;
  char     *password_hash;
  gboolean  confirmed;
  gint64    created_at;
  char     *language;       /* its mails' ("de"); "" or NULL: English */
  /* USER_SRP_AUTH's salt (hexadecimal) and verifier (sealed, opaque to the
   * storage); both NULL for an account whose password was set before SRP,
   * until its next password sign-in. Set by account_set_srp only. */
  char     *srp_salt;
  char     *srp_verifier;
} EwsAccount;

typedef enum
{
  EWS_AUTH_CODE_SIGN_UP,
  EWS_AUTH_CODE_RESET,
} EwsAuthCodePurpose;

typedef struct
{
  char   *code_hash;
  gint64  expires_at;
  gint64  created_at;
  guint   attempts;         /* wrong guesses so far */
} EwsAuthCode;

/* One sign-in: its refresh token, and the `origin_jti` of every token issued
 * from it, so revoking it revokes them all. */
typedef struct
{
  char   *session_id;
  char   *user_id;
  gint64  created_at;
  gint64  expires_at;
  gint64  revoked_at;       /* 0 while valid */
  char   *client;           /* the address it was signed in from */
} EwsAuthSession;

/* A key ID and access tokens are signed with (ews-jwt-keys.h). At most one
 * is current (retired_at 0): the one that signs. */
typedef struct
{
  char   *kid;
  char   *private_pem;      /* never leaves the server */
  char   *public_pem;
  gint64  created_at;
  gint64  retired_at;       /* when it stopped signing; 0 while it signs */
} EwsSigningKey;

void ews_account_free      (EwsAccount     *account);
void ews_signing_key_free  (EwsSigningKey  *key);
void ews_auth_code_free    (EwsAuthCode    *code);
void ews_auth_session_free (EwsAuthSession *session);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EwsAccount, ews_account_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EwsAuthCode, ews_auth_code_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EwsAuthSession, ews_auth_session_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EwsSigningKey, ews_signing_key_free)

#define EWS_TYPE_AUTH_STORAGE (ews_auth_storage_get_type ())

G_DECLARE_INTERFACE (EwsAuthStorage, ews_auth_storage, EWS, AUTH_STORAGE, GObject)

struct _EwsAuthStorageInterface
{
  GTypeInterface parent_iface;

  /* accounts; insert fails with CONFLICT when the email_key is taken */
  gboolean        (*account_insert)          (EwsAuthStorage      *self,
                                              const EwsAccount    *account,
                                              GError             **error);
  EwsAccount     *(*account_get)             (EwsAuthStorage      *self,
                                              const char          *user_id,
                                              GError             **error);
  EwsAccount     *(*account_get_by_email)    (EwsAuthStorage      *self,
                                              const char          *email_key,
                                              GError             **error);
  gboolean        (*account_set_confirmed)   (EwsAuthStorage      *self,
                                              const char          *user_id,
                                              GError             **error);
  /* also forgets the SRP salt and verifier, which were the old password's */
  gboolean        (*account_set_password)    (EwsAuthStorage      *self,
                                              const char          *user_id,
                                              const char          *password_hash,
                                              GError             **error);
  gboolean        (*account_set_srp)         (EwsAuthStorage      *self,
                                              const char          *user_id,
                                              const char          *srp_salt,
                                              const char          *srp_verifier,
                                              GError             **error);
  /* Marks an SRP challenge (its SECRET_BLOCK's id) used, and forgets those
   * that expired before @now; CONFLICT when it was used already. */
  gboolean        (*srp_challenge_use)       (EwsAuthStorage      *self,
                                              const char          *challenge_id,
                                              gint64               expires_at,
                                              gint64               now,
                                              GError             **error);

  /* one live code per account and purpose: setting one replaces the last */
  gboolean        (*code_set)                (EwsAuthStorage      *self,
                                              const char          *user_id,
                                              EwsAuthCodePurpose   purpose,
                                              const char          *code_hash,
                                              gint64               created_at,
                                              gint64               expires_at,
                                              GError             **error);
  EwsAuthCode    *(*code_get)                (EwsAuthStorage      *self,
                                              const char          *user_id,
                                              EwsAuthCodePurpose   purpose,
                                              GError             **error);
  gboolean        (*code_add_attempt)        (EwsAuthStorage      *self,
                                              const char          *user_id,
                                              EwsAuthCodePurpose   purpose,
                                              GError             **error);
  gboolean        (*code_delete)             (EwsAuthStorage      *self,
                                              const char          *user_id,
                                              EwsAuthCodePurpose   purpose,
                                              GError             **error);

  /* sessions, found by the hash of their refresh token */
  gboolean        (*session_insert)          (EwsAuthStorage      *self,
                                              const EwsAuthSession *session,
                                              const char          *token_hash,
                                              GError             **error);
  EwsAuthSession *(*session_get)             (EwsAuthStorage      *self,
                                              const char          *session_id,
                                              GError             **error);
  EwsAuthSession *(*session_get_by_token)    (EwsAuthStorage      *self,
                                              const char          *token_hash,
                                              GError             **error);
  gboolean        (*sessions_revoke)         (EwsAuthStorage      *self,
                                              const char          *user_id,
                                              gint64               now,
                                              GError             **error);
  /* one session; revoking one that is revoked already changes nothing */
  gboolean        (*session_revoke)          (EwsAuthStorage      *self,
                                              const char          *session_id,
                                              gint64               now,
                                              GError             **error);

  /* Failed sign-ins per normalised e-mail, whether or not it has an account
   * (so that throttling does not tell which addresses do), and per client
   * address (so that a stranger's failures lock only the stranger out).
   * Clearing with @client NULL clears every client address's count. */
  gboolean        (*failures_get)            (EwsAuthStorage      *self,
                                              const char          *email_key,
                                              const char          *client,
                                              guint               *failures,
                                              gint64              *locked_until_ms,
                                              GError             **error);
  gboolean        (*failures_set)            (EwsAuthStorage      *self,
                                              const char          *email_key,
                                              const char          *client,
                                              guint                failures,
                                              gint64               locked_until_ms,
                                              gint64               now_ms,
                                              GError             **error);
  gboolean        (*failures_clear)          (EwsAuthStorage      *self,
                                              const char          *email_key,
                                              const char          *client,
                                              GError             **error);
  /* Whether @user_id ever signed in from @client (among the sessions kept) */
  gboolean        (*client_known)            (EwsAuthStorage      *self,
                                              const char          *user_id,
                                              const char          *client,
                                              gboolean            *known,
                                              GError             **error);


  /* Token signing keys. Inserting a current key while there is one fails
   * with CONFLICT; all_ lists the newest first; retire makes the current
   * key (if any) stop signing at @now; prune removes the keys retired
   * before @retired_before. */
  gboolean        (*signing_key_insert)      (EwsAuthStorage      *self,
                                              const EwsSigningKey *key,
                                              GError             **error);
  EwsSigningKey  *(*signing_key_get)         (EwsAuthStorage      *self,
                                              const char          *kid,
                                              GError             **error);
  EwsSigningKey  *(*signing_key_get_current) (EwsAuthStorage      *self,
                                              GError             **error);
  GPtrArray      *(*signing_keys_all)        (EwsAuthStorage      *self,
                                              GError             **error);
  gboolean        (*signing_keys_retire)     (EwsAuthStorage      *self,
                                              gint64               now,
                                              GError             **error);
  gboolean        (*signing_keys_prune)      (EwsAuthStorage      *self,
                                              gint64               retired_before,
                                              GError             **error);
};

gboolean        ews_auth_storage_account_insert        (EwsAuthStorage      *self,
                                                        const EwsAccount    *account,
                                                        GError             **error);
EwsAccount     *ews_auth_storage_account_get           (EwsAuthStorage      *self,
                                                        const char          *user_id,
                                                        GError             **error);
/* The name @user_id gave at sign-up, or NULL when it gave none (or is
 * gone): for guests to see whose list they are looking at. */
char           *ews_auth_storage_dup_account_name      (EwsAuthStorage      *self,
                                                        const char          *user_id);
EwsAccount     *ews_auth_storage_account_get_by_email  (EwsAuthStorage      *self,
                                                        const char          *email_key,
                                                        GError             **error);
gboolean        ews_auth_storage_account_set_confirmed (EwsAuthStorage      *self,
                                                        const char          *user_id,
                                                        GError             **error);
gboolean        ews_auth_storage_account_set_password  (EwsAuthStorage      *self,
                                                        const char          *user_id,
                                                        const char          *password_hash,
                                                        GError             **error);
gboolean        ews_auth_storage_account_set_srp       (EwsAuthStorage      *self,
                                                        const char          *user_id,
                                                        const char          *srp_salt,
                                                        const char          *srp_verifier,
                                                        GError             **error);
gboolean        ews_auth_storage_srp_challenge_use     (EwsAuthStorage      *self,
                                                        const char          *challenge_id,
                                                        gint64               expires_at,
                                                        gint64               now,
                                                        GError             **error);
gboolean        ews_auth_storage_code_set              (EwsAuthStorage      *self,
                                                        const char          *user_id,
                                                        EwsAuthCodePurpose   purpose,
                                                        const char          *code_hash,
                                                        gint64               created_at,
                                                        gint64               expires_at,
                                                        GError             **error);
EwsAuthCode    *ews_auth_storage_code_get              (EwsAuthStorage      *self,
                                                        const char          *user_id,
                                                        EwsAuthCodePurpose   purpose,
                                                        GError             **error);
gboolean        ews_auth_storage_code_add_attempt      (EwsAuthStorage      *self,
                                                        const char          *user_id,
                                                        EwsAuthCodePurpose   purpose,
                                                        GError             **error);
gboolean        ews_auth_storage_code_delete           (EwsAuthStorage      *self,
                                                        const char          *user_id,
                                                        EwsAuthCodePurpose   purpose,
                                                        GError             **error);
gboolean        ews_auth_storage_session_insert        (EwsAuthStorage      *self,
                                                        const EwsAuthSession *session,
                                                        const char          *token_hash,
                                                        GError             **error);
EwsAuthSession *ews_auth_storage_session_get           (EwsAuthStorage      *self,
                                                        const char          *session_id,
                                                        GError             **error);
EwsAuthSession *ews_auth_storage_session_get_by_token  (EwsAuthStorage      *self,
                                                        const char          *token_hash,
                                                        GError             **error);
gboolean        ews_auth_storage_sessions_revoke       (EwsAuthStorage      *self,
                                                        const char          *user_id,
                                                        gint64               now,
                                                        GError             **error);
gboolean        ews_auth_storage_session_revoke        (EwsAuthStorage      *self,
                                                        const char          *session_id,
                                                        gint64               now,
                                                        GError             **error);
gboolean        ews_auth_storage_failures_get          (EwsAuthStorage      *self,
                                                        const char          *email_key,
                                                        const char          *client,
                                                        guint               *failures,
                                                        gint64              *locked_until_ms,
                                                        GError             **error);
gboolean        ews_auth_storage_failures_set          (EwsAuthStorage      *self,
                                                        const char          *email_key,
                                                        const char          *client,
                                                        guint                failures,
                                                        gint64               locked_until_ms,
                                                        gint64               now_ms,
                                                        GError             **error);
gboolean        ews_auth_storage_failures_clear        (EwsAuthStorage      *self,
                                                        const char          *email_key,
                                                        const char          *client,
                                                        GError             **error);
gboolean        ews_auth_storage_client_known          (EwsAuthStorage      *self,
                                                        const char          *user_id,
                                                        const char          *client,
                                                        gboolean            *known,
                                                        GError             **error);
gboolean        ews_auth_storage_signing_key_insert    (EwsAuthStorage      *self,
                                                        const EwsSigningKey *key,
                                                        GError             **error);
EwsSigningKey  *ews_auth_storage_signing_key_get       (EwsAuthStorage      *self,
                                                        const char          *kid,
                                                        GError             **error);
EwsSigningKey  *ews_auth_storage_signing_key_get_current (EwsAuthStorage    *self,
                                                        GError             **error);
GPtrArray      *ews_auth_storage_signing_keys_all      (EwsAuthStorage      *self,
                                                        GError             **error);
gboolean        ews_auth_storage_signing_keys_retire   (EwsAuthStorage      *self,
                                                        gint64               now,
                                                        GError             **error);
gboolean        ews_auth_storage_signing_keys_prune    (EwsAuthStorage      *self,
                                                        gint64               retired_before,
                                                        GError             **error);

G_END_DECLS
