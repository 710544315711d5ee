/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-oauth2-providers"

#include "config.h"

#include <gio/gio.h>

#include "ews-oauth2-providers.h"

#define GROUP_PREFIX "oauth-provider "

#define GOOGLE_ISSUER "https://accounts.google.com"
#define FACEBOOK_AUTHORIZATION_ENDPOINT "https://www.facebook.com/v19.0/dialog/oauth"
#define FACEBOOK_TOKEN_ENDPOINT "https://graph.facebook.com/v19.0/oauth/access_token"
#define FACEBOOK_GRAPH_ENDPOINT "https://graph.facebook.com/v19.0"

void
ews_oauth2_provider_free (EwsOAuth2Provider *provider)
{
  if (provider == NULL)
    return;

  g_free (provider->name);
  g_free (provider->type_name);
  g_free (provider->display_name);
  g_free (provider->issuer);
  g_free (provider->client_id);
  g_free (provider->client_secret);
  g_free (provider->scopes);
  g_free (provider->authorization_endpoint);
  g_free (provider->token_endpoint);
  g_free (provider->graph_endpoint);
  g_free (provider);
}

/* https, or http to a loopback address: a provider's endpoints carry
 * secrets (the client secret, codes, tokens), which only a test's
 * provider on this very machine may receive in the clear. */
gboolean
ews_oauth2_address_is_acceptable (const char *address)
{
  g_autoptr(GUri) parsed = g_uri_parse (address, G_URI_FLAGS_NONE, NULL);
  const char *host;

  if (parsed == NULL || g_uri_get_host (parsed) == NULL || g_uri_get_fragment (parsed) != NULL ||
      g_uri_get_userinfo (parsed) != NULL)
    return FALSE;

  host = g_uri_get_host (parsed);
  if (g_strcmp0 (g_uri_get_scheme (parsed), "https") == 0)
    return host[0] != '\0';

  return g_strcmp0 (g_uri_get_scheme (parsed), "http") == 0 &&
         (strcmp (host, "127.0.0.1") == 0 || strcmp (host, "::1") == 0 || strcmp (host, "localhost") == 0);
}

/* @key of @group, stripped; @fallback (may be NULL) when absent or blank. */
static char *
read_string (GKeyFile   *key_file,
             const char *group,
             const char *key,
             const char *fallback)
{
  g_autofree char *value = g_key_file_get_string (key_file, group, key, NULL);

  if (value != NULL)
    g_strstrip (value);
  if (value == NULL || value[0] == '\0')
    return g_strdup (fallback);

  return g_steal_pointer (&value);
}

static gboolean
read_address (GKeyFile   *key_file,
              const char *group,
              const char *key,
              const char *fallback,
              char      **address,
              GError    **error)
{
  *address = read_string (key_file, group, key, fallback);
  if (*address == NULL)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND, "[%s] needs %s=", group, key);
      return FALSE;
    }
  if (!ews_oauth2_address_is_acceptable (*address))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "“%s” in %s= of [%s] is not an https:// address (http:// only to a loopback host)", *address,
                   key, group);
      return FALSE;
    }

  return TRUE;
}

static EwsOAuth2Provider *
load_provider (GKeyFile   *key_file,
               const char *group,
               const char *name,
               GError    **error)
{
  g_autoptr(EwsOAuth2Provider) provider = g_new0 (EwsOAuth2Provider, 1);
  g_autofree char *type = read_string (key_file, group, "type", "oidc");
  gboolean         google = strcmp (type, "google") == 0;

  provider->name = g_strdup (name);
  provider->type_name = g_strdup (type);

  for (const char *p = name; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       "[%s]: a provider's name has only letters, digits, - and _", group);
          return NULL;
        }
    }

  if (google || strcmp (type, "oidc") == 0)
    {
      provider->type = EWS_OAUTH2_PROVIDER_OIDC;
      if (!read_address (key_file, group, "issuer", google ? GOOGLE_ISSUER : NULL, &provider->issuer, error))
        return NULL;
      provider->scopes = read_string (key_file, group, "scopes", "openid email profile");
      provider->display_name = read_string (key_file, group, "display-name", google ? "Google" : name);
    }
  else if (strcmp (type, "facebook") == 0)
    {
      provider->type = EWS_OAUTH2_PROVIDER_FACEBOOK;
      if (!read_address (key_file, group, "authorization-endpoint", FACEBOOK_AUTHORIZATION_ENDPOINT,
                         &provider->authorization_endpoint, error) ||
          !read_address (key_file, group, "token-endpoint", FACEBOOK_TOKEN_ENDPOINT, &provider->token_endpoint,
                         error) ||
          !read_address (key_file, group, "graph-endpoint", FACEBOOK_GRAPH_ENDPOINT, &provider->graph_endpoint,
                         error))
        return NULL;
      provider->scopes = read_string (key_file, group, "scopes", "email public_profile");
      provider->display_name = read_string (key_file, group, "display-name", "Facebook");
    }
  else
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "[%s]: type=%s is none of oidc, google and facebook", group, type);
      return NULL;
    }

  provider->client_id = read_string (key_file, group, "client-id", NULL);
  provider->client_secret = read_string (key_file, group, "client-secret", NULL);
  if (provider->client_id == NULL || provider->client_secret == NULL)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND,
                   "[%s] needs client-id= and client-secret=, as the provider gave them when the server was "
                   "registered there",
                   group);
      return NULL;
    }

  return g_steal_pointer (&provider);
}

gboolean
ews_oauth2_providers_load (GKeyFile   *key_file,
                           GPtrArray **providers,
                           GError    **error)
{
  g_auto(GStrv) groups = g_key_file_get_groups (key_file, NULL);

  if (*providers == NULL)
    *providers = g_ptr_array_new_with_free_func ((GDestroyNotify)ews_oauth2_provider_free);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      EwsOAuth2Provider *provider;
      const char        *name;

      if (!g_str_has_prefix (groups[i], GROUP_PREFIX))
        continue;

      name = groups[i] + strlen (GROUP_PREFIX);
      if (name[0] == '\0')
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       "[%s] names no provider: write [oauth-provider NAME]", groups[i]);
          return FALSE;
        }

      provider = load_provider (key_file, groups[i], name, error);
      if (provider == NULL)
        return FALSE;
      g_ptr_array_add (*providers, provider);
    }

  return TRUE;
}

const EwsOAuth2Provider *
ews_oauth2_providers_find (GPtrArray  *providers,
                           const char *name)
{
  for (guint i = 0; name != NULL && providers != NULL && i < providers->len; i++)
    {
      const EwsOAuth2Provider *provider = g_ptr_array_index (providers, i);

      if (strcmp (provider->name, name) == 0)
        return provider;
    }

  return NULL;
}
