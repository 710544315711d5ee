/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-oauth2-private.h"
#include "ews-oauth2-providers.h"

G_BEGIN_DECLS

/* Between ews-oauth2-upstream.c (the provider's part) and
 * ews-oauth2-link.c (the account's part) of the upstream sign-in. */

typedef struct _EwsUpstreamFlow EwsUpstreamFlow;

/* The provider says who the person is: answers @msg with the redirect to
 * the app (a known identity, or a new account), the page asking the owner
 * of the account with that e-mail address to confirm the link, or a page
 * saying why not. @email_verified: the provider vouches for @email. */
void ews_oauth2_upstream_sign_in (SoupServerMessage       *msg,
                                  EwsServer               *server,
                                  const EwsOAuth2Provider *provider,
                                  const EwsOAuth2Request  *request,
                                  const char              *subject,
                                  const char              *email,
                                  gboolean                 email_verified,
                                  const char              *name);

void ews_oauth2_link_register    (EwsServer               *server);

/* The data of the link waiting under @key (ews-oauth2-link.c), or NULL
 * after a page saying it has expired. */
JsonObject *ews_oauth2_link_read      (SoupServerMessage       *msg,
                                       EwsServer               *server,
                                       const char              *key);
/* The mailed confirmation of a link (ews-oauth2-link-mail.c). */
void        ews_oauth2_link_mail_register (EwsServer           *server);

G_END_DECLS
