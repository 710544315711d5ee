/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The app clients the hosted sign-in (ews-oauth2.c) serves, from the
 * configuration file, one group each:
 *
 *   [oauth-client web]
 *   redirect-uris=https://lists.example.org/signed-in
 *   logout-uris=https://lists.example.org/
 *   loopback=false
 *
 * The sign-in API's own client (--client-id, the desktop app's) is always
 * one, and takes loopback redirects on any port (RFC 8252 §7.3) whether or
 * not it has a group. Redirect and logout URIs are compared exactly, as
 * RFC 6749 §3.1.2 and OAuth 2.0 Security BCP ask; the only leeway is a
 * loopback address's port, for a client with loopback=true. */
typedef struct
{
  char     *client_id;
  char    **redirect_uris;
  char    **logout_uris;
  gboolean  loopback;
} EwsOAuth2Client;

void             ews_oauth2_client_free         (EwsOAuth2Client *client);

/* Reads every [oauth-client ID] group of @key_file into @clients (an
 * array of EwsOAuth2Client, made when NULL). FALSE when a URI is not an
 * absolute URI without a fragment, naming the group. */
gboolean         ews_oauth2_clients_load        (GKeyFile         *key_file,
                                                 GPtrArray       **clients,
                                                 GError          **error);
/* The client called @client_id: a new copy, or NULL when there is none.
 * @api_client_id is the sign-in API's, which is always there. */
EwsOAuth2Client *ews_oauth2_clients_lookup      (GPtrArray        *clients,
                                                 const char       *api_client_id,
                                                 const char       *client_id);
gboolean         ews_oauth2_client_redirect_ok  (const EwsOAuth2Client *client,
                                                 const char            *redirect_uri);
gboolean         ews_oauth2_client_logout_ok    (const EwsOAuth2Client *client,
                                                 const char            *logout_uri);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EwsOAuth2Client, ews_oauth2_client_free)

G_END_DECLS
