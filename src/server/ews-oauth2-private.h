/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <json-glib/json-glib.h>

#include "ews-catalog.h"
#include "ews-oauth2-clients.h"
#include "ews-server.h"

G_BEGIN_DECLS

/* Shared by the files of the hosted sign-in: ews-oauth2.c (/oauth2/authorize
 * and the sign-in it starts), ews-oauth2-account.c (sign-up and a new
 * password, on the way to signing in), ews-oauth2-token.c (/oauth2/token,
 * /oauth2/userInfo, /logout) and ews-oauth2-page.c (the pages). */

#define EWS_OAUTH2_AUTHORIZE_PATH "/oauth2/authorize"
/* The second form of the confirmation page: a new code by mail. */
#define EWS_OAUTH2_RESEND_PATH "/resendCode"
/* The upstream sign-in (ews-oauth2-upstream.c): where a provider's button
 * leads, where the provider sends the browser back (Cognito's name), and
 * the page that asks an account's owner to confirm a link. */
#define EWS_OAUTH2_UPSTREAM_PATH "/oauth2/upstream"
#define EWS_OAUTH2_IDP_RESPONSE_PATH "/oauth2/idpresponse"
#define EWS_OAUTH2_LINK_PATH "/oauth2/link"
/* Its other way (ews-oauth2-link-mail.c): the form that mails the owner a
 * link, and the page that link opens, whose form confirms. */
#define EWS_OAUTH2_LINK_MAIL_PATH "/oauth2/link/mail"
#define EWS_OAUTH2_LINK_CONFIRM_PATH "/oauth2/link/confirm"

/* The hosted pages, each a form posting to its own path (Cognito's). */
typedef enum
{
  EWS_OAUTH2_PAGE_SIGN_IN,   /* /oauth2/authorize */
  EWS_OAUTH2_PAGE_SIGN_UP,   /* /signup */
  EWS_OAUTH2_PAGE_CONFIRM,   /* /confirm: the code a sign-up mailed */
  EWS_OAUTH2_PAGE_FORGOT,    /* /forgotPassword */
  EWS_OAUTH2_PAGE_RESET,     /* /confirmForgotPassword: code and new password */
} EwsOAuth2Page;

/* What a page shows besides its form, in the page's language already;
 * any may be NULL. */
typedef struct
{
  const char *email;
  const char *name;
  const char *notice;   /* what just went right */
  const char *error;    /* why the last try failed */
} EwsOAuth2PageState;

/* An /oauth2/authorize request, from its query (GET) or from the hidden
 * fields of the sign-in form (POST), checked by ews_oauth2_request_check(). */
typedef struct
{
  EwsOAuth2Client *client;
  char            *client_id;
  char            *redirect_uri;
  char            *response_type;
  char            *state;
  char            *nonce;
  char            *code_challenge;
  char            *code_challenge_method;
  char            *scope;
  char            *login_hint;     /* OpenID Connect's: the address to fill in */
} EwsOAuth2Request;

void ews_oauth2_request_free (EwsOAuth2Request *request);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EwsOAuth2Request, ews_oauth2_request_free)

EwsOAuth2Request *ews_oauth2_request_from_fields (GHashTable        *fields);
EwsOAuth2Request *ews_oauth2_request_from_body   (SoupServerMessage *msg);
/* FALSE after an answer: a page for a bad client or redirect URI, a
 * redirect to the client with error=… for the rest. */
gboolean          ews_oauth2_request_check       (SoupServerMessage *msg,
                                                  EwsServer         *server,
                                                  EwsOAuth2Request  *request);

/* A code for the client once the person is known, and the redirect URI
 * with it (and the state) to send the browser to. @auth_time: when the
 * person proved who they are (the ID token's auth_time). */
char             *ews_oauth2_issue_code          (EwsServer              *server,
                                                  const EwsOAuth2Request *request,
                                                  const char             *user_id,
                                                  gint64                  auth_time,
                                                  gint64                  now,
                                                  GError                **error);

/* The browser's session on the hosted sign-in (ews-oauth2-session.c).
 * What every way of signing in on the hosted pages ends with: the person
 * just proved who they are, so the browser gets a session cookie (unless
 * --hosted-session-seconds=0) and the client a code, as
 * ews_oauth2_issue_code(). */
char             *ews_oauth2_signed_in           (SoupServerMessage      *msg,
                                                  EwsServer              *server,
                                                  const EwsOAuth2Request *request,
                                                  const char             *user_id,
                                                  gint64                  now,
                                                  GError                **error);
gboolean          ews_oauth2_session_start       (SoupServerMessage      *msg,
                                                  EwsServer              *server,
                                                  const char             *user_id,
                                                  gint64                  now,
                                                  GError                **error);
/* The user whose live session the browser's cookie names, and when they
 * signed in; NULL when there is none (a stale cookie is then cleared). */
char             *ews_oauth2_session_user        (SoupServerMessage      *msg,
                                                  EwsServer              *server,
                                                  gint64                  now,
                                                  gint64                 *auth_time);
/* Ends the browser's session, if it has one, and clears its cookie. */
void              ews_oauth2_session_end         (SoupServerMessage      *msg,
                                                  EwsServer              *server,
                                                  gint64                  now);

const char *ews_oauth2_page_path   (EwsOAuth2Page           page);
void  ews_oauth2_page_reply        (SoupServerMessage      *msg,
                                    EwsServer              *server,
                                    const EwsOAuth2Request *request,
                                    EwsOAuth2Page           page,
                                    guint                   status,
                                    const EwsOAuth2PageState *state);
/* @page's URL path with the request's parameters: for links between the
 * pages, and where "Open the page again" leads. */
char *ews_oauth2_request_page_path (const EwsOAuth2Request *request,
                                    EwsOAuth2Page           page);
/* Where a provider's button leads: the start of the upstream sign-in
 * with @provider_name (ews-oauth2-upstream.c), the request carried along. */
char *ews_oauth2_upstream_url      (EwsServer              *server,
                                    const EwsOAuth2Request *request,
                                    const char             *provider_name);
/* The origin ("http://127.0.0.1:40123") of @uri, for the page's
 * Content-Security-Policy form-action, which also binds where the form's
 * answer may redirect to. */
char *ews_oauth2_uri_origin        (const char             *uri);

/* ews-oauth2-link.c, shared with ews-oauth2-link-mail.c */
void  ews_oauth2_reply_internal_error (SoupServerMessage *msg,
                                       EwsServer         *server,
                                       const char        *what,
                                       const GError      *error);
char *ews_oauth2_link_posted_page     (SoupServerMessage *msg,
                                       const char        *page,
                                       const char        *field,
                                       char             **value);

/* The request as JSON, to keep it while the person is at a provider, and
 * back. */
JsonObject       *ews_oauth2_request_to_json   (const EwsOAuth2Request *request);
EwsOAuth2Request *ews_oauth2_request_from_json (JsonObject             *object);
/* The hosted pages' Content-Security-Policy, whose form-action lets a
 * form's answer redirect to the request's client. */
void  ews_oauth2_set_policy        (SoupServerMessage      *msg,
                                    const EwsOAuth2Request *request);

void  ews_oauth2_token_register    (EwsServer              *server);
void  ews_oauth2_upstream_register (EwsServer              *server);
void  ews_oauth2_account_register  (EwsServer              *server);

G_END_DECLS
