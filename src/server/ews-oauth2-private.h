/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-catalog.h"
#include "ews-oauth2-clients.h"
#include "ews-server.h"

G_BEGIN_DECLS

/* Shared by the files of the hosted sign-in: ews-oauth2.c (/oauth2/authorize
 * and the sign-in it starts), ews-oauth2-token.c (/oauth2/token,
 * /oauth2/userInfo, /logout) and ews-oauth2-page.c (the page itself). */

#define EWS_OAUTH2_AUTHORIZE_PATH "/oauth2/authorize"

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
} EwsOAuth2Request;

void ews_oauth2_request_free (EwsOAuth2Request *request);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EwsOAuth2Request, ews_oauth2_request_free)

/* What the page shows besides the form: the address typed, and why the
 * last try failed (in the page's language already), or NULLs. */
void  ews_oauth2_page_reply       (SoupServerMessage      *msg,
                                   EwsServer              *server,
                                   const EwsOAuth2Request *request,
                                   guint                   status,
                                   const char             *email,
                                   const char             *error_message);
/* The page's own URL with the request's parameters: where "Open the page
 * again" leads. */
char *ews_oauth2_request_page_path (const EwsOAuth2Request *request);
/* The origin ("http://127.0.0.1:40123") of @uri, for the page's
 * Content-Security-Policy form-action, which also binds where the form's
 * answer may redirect to. */
char *ews_oauth2_uri_origin        (const char             *uri);

void  ews_oauth2_token_register    (EwsServer              *server);

G_END_DECLS
