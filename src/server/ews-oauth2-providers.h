/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The upstream sign-in providers the hosted sign-in page offers (see
 * ews-oauth2-upstream.c), from the configuration file, one group each:
 *
 *   [oauth-provider google]
 *   type=google
 *   client-id=…apps.googleusercontent.com
 *   client-secret=…
 *
 *   [oauth-provider work]
 *   issuer=https://id.example.org
 *   client-id=ewelists
 *   client-secret=…
 *   display-name=Example Corp
 *   scopes=openid email profile
 *
 *   [oauth-provider facebook]
 *   type=facebook
 *   client-id=…
 *   client-secret=…
 *
 * type=oidc (the default) is any OpenID Connect provider by its issuer,
 * whose discovery document names its endpoints; type=google is that with
 * Google's issuer; type=facebook is OAuth 2.0 and the Graph API's /me,
 * with Facebook's endpoints unless authorization-endpoint=,
 * token-endpoint= and graph-endpoint= say otherwise (for tests). These
 * are the only addresses the server ever fetches for a sign-in. */
typedef enum
{
  EWS_OAUTH2_PROVIDER_OIDC,
  EWS_OAUTH2_PROVIDER_FACEBOOK,
} EwsOAuth2ProviderType;

typedef struct
{
  char                 *name;          /* the group's NAME: in URLs and the database */
  EwsOAuth2ProviderType type;
  char                 *type_name;     /* as configured: "oidc", "google" or "facebook" */
  char                 *display_name;  /* on the button: "Google" */
  char                 *issuer;        /* OIDC only */
  char                 *client_id;
  char                 *client_secret;
  char                 *scopes;
  /* Facebook only (OIDC's come from discovery) */
  char                 *authorization_endpoint;
  char                 *token_endpoint;
  char                 *graph_endpoint;
} EwsOAuth2Provider;

void                     ews_oauth2_provider_free   (EwsOAuth2Provider *provider);

/* Reads every [oauth-provider NAME] group of @key_file into @providers
 * (an array of EwsOAuth2Provider, made when NULL). FALSE, naming the
 * group, for an unknown type, a missing client-id or client-secret, or an
 * address that is not https (http only for a loopback host, for tests). */
gboolean                 ews_oauth2_providers_load  (GKeyFile          *key_file,
                                                     GPtrArray        **providers,
                                                     GError           **error);
const EwsOAuth2Provider *ews_oauth2_providers_find  (GPtrArray         *providers,
                                                     const char        *name);
/* https, or http to a loopback host (for tests): where a provider's
 * secrets may be sent, from the configuration or its discovery document. */
gboolean                 ews_oauth2_address_is_acceptable (const char *address);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EwsOAuth2Provider, ews_oauth2_provider_free)

G_END_DECLS
