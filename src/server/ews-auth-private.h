/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ewe-email-rules.h"
#include "ews-auth.h"
#include "ews-auth-storage.h"
#include "ews-mail.h"
#include "ews-rate-limit.h"

G_BEGIN_DECLS

/* Shared by the files of the sign-in API: ews-auth.c (the protocol: routing,
 * errors, parameters), ews-auth-sign-up.c (accounts and e-mailed codes),
 * ews-auth-sign-in.c (password checks and new sessions), ews-auth-srp.c
 * (USER_SRP_AUTH's challenge and proof) and ews-auth-session.c (what a
 * token lets its holder do). */

/* Cognito's exceptions, each answered as HTTP 400 with its name in __type
 * (InternalErrorException as 500). */
#define EWS_AUTH_ERROR (ews_auth_error_quark ())

typedef enum
{
  EWS_AUTH_ERROR_INVALID_PARAMETER,
  EWS_AUTH_ERROR_INVALID_PASSWORD,
  EWS_AUTH_ERROR_USERNAME_EXISTS,
  EWS_AUTH_ERROR_CODE_MISMATCH,
  EWS_AUTH_ERROR_EXPIRED_CODE,
  EWS_AUTH_ERROR_USER_NOT_CONFIRMED,
  EWS_AUTH_ERROR_NOT_AUTHORIZED,
  EWS_AUTH_ERROR_USER_NOT_FOUND,
  EWS_AUTH_ERROR_LIMIT_EXCEEDED,
  EWS_AUTH_ERROR_TOO_MANY_REQUESTS,
  EWS_AUTH_ERROR_RESOURCE_NOT_FOUND,
  EWS_AUTH_ERROR_UNKNOWN_OPERATION,
  EWS_AUTH_ERROR_SERIALIZATION,
  EWS_AUTH_ERROR_UNSUPPORTED_TOKEN_TYPE,
  EWS_AUTH_ERROR_INTERNAL,
} EwsAuthError;

typedef struct _EwsAuthCall EwsAuthCall;

/* For the hosted sign-in (ews-oauth2.c), which checks passwords through
 * the very same operations: called instead of making a session once a
 * password (of a confirmed account) proved right, returning the reply. */
typedef JsonNode *(*EwsAuthSignedInFunc) (EwsAuthCall      *call,
                                          const EwsAccount *account,
                                          GError          **error);
/* Called instead of answering in the sign-in API's JSON, with the reply or
 * the error; the call then unpauses the message if it was paused. */
typedef void      (*EwsAuthFinishFunc)   (EwsAuthCall      *call,
                                          JsonNode         *reply,
                                          const GError     *error);

/* How long a session's refresh token lasts: Cognito's default. */
#define EWS_AUTH_REFRESH_LIFETIME_SECONDS (30 * 24 * 60 * 60)

/* What the sign-in API keeps per server: which addresses have a password
 * check under way in a worker thread. */
typedef struct _EwsAuthState EwsAuthState;

/* Everything an operation needs, for one request. Reference counted, so an
 * operation can keep it past its return and answer later. */
struct _EwsAuthCall
{
  EwsServer         *server;   /* owned, like msg and body */
  SoupServerMessage *msg;
  JsonObject        *body;
  EwsAuthState      *state;    /* borrowed, and the rest from the server */
  const EwsConfig   *config;
  EwsStorage        *storage;
  EwsAuthStorage    *auth;
  EwsMail           *mail;
  EwsJwtKeys        *keys;
  const char        *issuer;
  EwsClock          *clock;
  char              *client;   /* owned: ews_client_address() */
  gint64             now;      /* seconds since the epoch, by @clock */

  /* NULL but for the hosted sign-in's calls */
  EwsAuthSignedInFunc signed_in;
  EwsAuthFinishFunc   finish;
  gpointer            hook_data;
  GDestroyNotify      hook_data_free;
};

/* An operation returns its reply, or NULL with @error set in EWS_AUTH_ERROR,
 * or NULL without an error after ews_auth_call_pause(), to answer later with
 * ews_auth_call_finish(). */
typedef JsonNode *(*EwsAuthOperation) (EwsAuthCall  *call,
                                       GError      **error);

/* A call for @msg with @body (taken), as POST /api/auth makes them. */
EwsAuthCall *ews_auth_call_new             (EwsServer         *server,
                                            SoupServerMessage *msg,
                                            JsonObject        *body);
EwsAuthCall *ews_auth_call_ref             (EwsAuthCall  *call);
void         ews_auth_call_unref           (EwsAuthCall  *call);
void         ews_auth_call_pause           (EwsAuthCall  *call);
/* Answers a paused call with @reply, or with @error when @reply is NULL. */
void         ews_auth_call_finish          (EwsAuthCall  *call,
                                            JsonNode     *reply,
                                            const GError *error);

/* Whether the hash pool would turn a job away now (ews_auth_run_hash()). */
gboolean     ews_auth_hash_is_busy         (EwsAuthCall      *call);

/* Runs @func (a password hash or check) in the server's hash pool
 * (ews-hash-pool.h) and pauses the call, to be answered from @task's
 * callback. FALSE with TooManyRequestsException when the pool's queue is
 * full: the call is not paused and @func will not run. */
gboolean     ews_auth_run_hash             (EwsAuthCall      *call,
                                            GTask            *task,
                                            GTaskThreadFunc   func,
                                            GError          **error);

/* Hashes @password in the hash pool (argon2 takes tens of milliseconds on
 * purpose, which the main loop should not wait for), then calls @then on
 * the main thread, with the hash and the password (for the SRP verifier),
 * and answers the call with what it returns. The operation
 * returns NULL after calling this: without an error when the hash is under
 * way, with @error set (and @data freed) when it could not be started. */
typedef JsonNode *(*EwsAuthHashedFunc) (EwsAuthCall  *call,
                                        const char   *password_hash,
                                        const char   *password,
                                        gpointer      data,
                                        GError      **error);

gboolean     ews_auth_hash_password_then   (EwsAuthCall       *call,
                                            const char        *password,
                                            EwsAuthHashedFunc  then,
                                            gpointer           data,
                                            GDestroyNotify     data_free,
                                            GError           **error);

/* FALSE when a password check for @email_key from @client is already under
 * way: checks for one account from one client address run one at a time,
 * or parallel guesses would all pass the lockout test before any failure
 * was counted. Per client address, as the lockout is, so that a stranger
 * keeping checks busy does not hold up the owner. */
gboolean     ews_auth_state_begin_check    (EwsAuthState *state,
                                            const char   *email_key,
                                            const char   *client);
void         ews_auth_state_end_check      (EwsAuthState *state,
                                            const char   *email_key,
                                            const char   *client);

/* Takes a token of @kind for @subject (ews-rate-limit.h). Over the limit,
 * FALSE with @code: LimitExceededException or TooManyRequestsException,
 * whichever Cognito answers for the operation. */
gboolean     ews_auth_check_rate           (EwsAuthCall  *call,
                                            EwsRateKind   kind,
                                            const char   *subject,
                                            EwsAuthError  code,
                                            GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EwsAuthCall, ews_auth_call_unref)

GQuark      ews_auth_error_quark           (void);

/* Reads a string member: NULL with InvalidParameterException when it is
 * missing (or not a string, or empty) and @required. */
gboolean    ews_auth_get_string            (JsonObject   *object,
                                            const char   *name,
                                            gboolean      required,
                                            const char  **value,
                                            GError      **error);
/* Checks ClientId against --client-id: ResourceNotFoundException if not. */
gboolean    ews_auth_check_client          (EwsAuthCall  *call,
                                            GError      **error);
/* Reads Username as an e-mail address and gives its normalised key. */
gboolean    ews_auth_get_username          (EwsAuthCall  *call,
                                            char        **email,
                                            char        **email_key,
                                            GError      **error);
/* Turns a storage error into InternalErrorException, keeping the detail in
 * the log rather than in the answer. */
void        ews_auth_internal_error        (GError      **error,
                                            const GError *cause);
/* NotAuthorizedException, Cognito's answer to every bad credential. */
void        ews_auth_set_not_authorized    (GError      **error,
                                            const char   *message);

char       *ews_auth_new_code              (void);
char       *ews_auth_hash_code             (const char   *user_id,
                                            EwsAuthCodePurpose purpose,
                                            const char   *code);
char       *ews_auth_hash_token            (const char   *token);
gboolean    ews_auth_equal_strings         (const char   *a,
                                            const char   *b);
/* What an account's mails are written in: its language, or English. */
const EwsCatalog *ews_auth_account_catalog (EwsAuthCall      *call,
                                            const EwsAccount *account);
/* The caller's Accept-Language as the server speaks it: "de", or "en". */
const char *ews_auth_request_language      (EwsAuthCall  *call);
JsonNode   *ews_auth_code_delivery_details (const char   *email);
JsonNode   *ews_auth_empty_reply           (void);
/* Wraps @object, taking its reference. */
JsonNode   *ews_auth_take_object           (JsonObject   *object);

/* ews-auth-sign-up.c */
JsonNode   *ews_auth_sign_up                 (EwsAuthCall *call, GError **error);
JsonNode   *ews_auth_confirm_sign_up         (EwsAuthCall *call, GError **error);
JsonNode   *ews_auth_resend_confirmation_code (EwsAuthCall *call, GError **error);
JsonNode   *ews_auth_forgot_password         (EwsAuthCall *call, GError **error);
JsonNode   *ews_auth_confirm_forgot_password (EwsAuthCall *call, GError **error);

/* ews-auth-sign-in.c */
JsonNode   *ews_auth_initiate_auth           (EwsAuthCall *call, GError **error);
JsonNode   *ews_auth_change_password         (EwsAuthCall *call, GError **error);
/* What every check of a password, or of an SRP proof of one, goes
 * through first: the server not too busy, the budget shared by strangers'
 * addresses, the lockout. FALSE with the error to answer; otherwise
 * @failures and @now_ms are for ews_auth_sign_in_checked(). Not @is_guess
 * (an SRP challenge, which proves nothing yet): the lockout only, so that
 * a sign-in costs one guess from the budget, not two. */
gboolean    ews_auth_sign_in_may_check       (EwsAuthCall      *call,
                                              const EwsAccount *account,
                                              const char       *email_key,
                                              gboolean          is_guess,
                                              guint            *failures,
                                              gint64           *now_ms,
                                              GError          **error);
/* After the check: a failure counted towards the lockout, or the lockout
 * cleared and (for a confirmed account) a new session and its tokens.
 * @password, when the check had it, gives an account from before SRP its
 * verifier. */
JsonNode   *ews_auth_sign_in_checked         (EwsAuthCall      *call,
                                              const EwsAccount *account,
                                              const char       *email_key,
                                              guint             failures,
                                              gint64            now_ms,
                                              gboolean          valid,
                                              const char       *password,
                                              GError          **error);

/* ews-auth-srp.c: USER_SRP_AUTH, as Cognito does it */
JsonNode   *ews_auth_srp_initiate            (EwsAuthCall *call,
                                              JsonObject  *parameters,
                                              GError     **error);
JsonNode   *ews_auth_respond_to_auth_challenge (EwsAuthCall *call, GError **error);
/* A new salt and the verifier of @password for @user_id, sealed and
 * stored (in the caller's transaction, if any). Storage errors as they
 * are. */
gboolean    ews_auth_srp_store_verifier      (EwsAuthCall  *call,
                                              const char   *user_id,
                                              const char   *password,
                                              GError      **error);

/* ews-auth-tokens.c */
typedef struct
{
  const char *client_id;  /* the ID token's aud, the access token's client_id */
  const char *nonce;      /* or NULL */
  const char *scope;      /* the access token's; NULL: the sign-in API's */
  /* When the person proved who they are, if before the session began: a
   * hosted sign-in's code from the browser's session (ews-oauth2-session.c)
   * is handed out, and its session starts, long after. 0: the session's
   * start. */
  gint64      auth_time;
} EwsAuthTokenOptions;

/* A new session for @user_id from the caller's address, and its refresh
 * token. */
gboolean    ews_auth_session_start           (EwsAuthCall          *call,
                                              const char           *user_id,
                                              EwsAuthSession      **session,
                                              char                **refresh_token,
                                              GError              **error);
/* @options NULL: for the sign-in API's client. */
gboolean    ews_auth_tokens_sign             (EwsAuthCall               *call,
                                              const EwsAccount          *account,
                                              const EwsAuthSession      *session,
                                              const EwsAuthTokenOptions *options,
                                              char                     **id_token,
                                              char                     **access_token,
                                              GError                   **error);
/* The sign-in API's AuthenticationResult; @refresh_token may be NULL. */
JsonNode   *ews_auth_authentication_result   (EwsAuthCall          *call,
                                              const EwsAccount     *account,
                                              const EwsAuthSession *session,
                                              const char           *refresh_token,
                                              GError              **error);

/* ews-auth-session.c */
JsonNode   *ews_auth_get_user                (EwsAuthCall *call, GError **error);
JsonNode   *ews_auth_global_sign_out         (EwsAuthCall *call, GError **error);
JsonNode   *ews_auth_revoke_token            (EwsAuthCall *call, GError **error);
/* The account behind the AccessToken member of the request, if the token is
 * ours, for this client, current, and from a session still signed in; NULL
 * with NotAuthorizedException (or UserNotFoundException) if not. */
EwsAccount *ews_auth_account_from_access_token (EwsAuthCall  *call,
                                                GError      **error);

G_END_DECLS
