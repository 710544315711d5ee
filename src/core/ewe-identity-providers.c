/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-identity-providers"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ewe-auth-private.h"
#include "ewe-auth.h"
#include "ewe-identity-providers.h"

/* The upstream sign-in providers (Google, Facebook, an OpenID Connect
 * issuer) an ewelists-server offers, for a "Continue with Google" button
 * each: its discovery document lists them in the member
 * ewelists_identity_providers (ours; the spec allows more members), each
 * with the name that Cognito's identity_provider= takes, its type and its
 * label. A real Cognito pool has no such list: none, and only the generic
 * browser sign-in is offered. */

#define DISCOVERY_PATH "../.well-known/openid-configuration"
#define MEMBER "ewelists_identity_providers"
#define MAX_DOCUMENT (64 * 1024)
/* More would be a wall of buttons, and no server offers that many. */
#define MAX_PROVIDERS 16

struct _EweIdentityProvider
{
  GObject parent_instance;

  /* owned */
  char   *name;
  char   *type;
  char   *display_name;
};

G_DEFINE_FINAL_TYPE (EweIdentityProvider, ewe_identity_provider, G_TYPE_OBJECT)

static void
ewe_identity_provider_finalize (GObject *object)
{
  EweIdentityProvider *self = EWE_IDENTITY_PROVIDER (object);

  g_free (self->name);
  g_free (self->type);
  g_free (self->display_name);

  G_OBJECT_CLASS (ewe_identity_provider_parent_class)->finalize (object);
}

static void
ewe_identity_provider_class_init (EweIdentityProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ewe_identity_provider_finalize;
}

static void
ewe_identity_provider_init (EweIdentityProvider *self)
{
}

/* @type is "oidc", "google" or "facebook" (another server may know more);
 * @display_name is what its button says after "Continue with". */
EweIdentityProvider *
ewe_identity_provider_new (const char *name,
                           const char *type,
                           const char *display_name)
{
  EweIdentityProvider *self;

  g_return_val_if_fail (name != NULL && name[0] != '\0', NULL);

  self = g_object_new (EWE_TYPE_IDENTITY_PROVIDER, NULL);
  self->name = g_strdup (name);
  self->type = g_strdup (type != NULL ? type : "oidc");
  self->display_name = g_strdup (display_name != NULL && display_name[0] != '\0' ? display_name : name);

  return self;
}

/* The name identity_provider= takes. */
const char *
ewe_identity_provider_get_name (EweIdentityProvider *self)
{
  g_return_val_if_fail (EWE_IS_IDENTITY_PROVIDER (self), NULL);

  return self->name;
}

const char *
ewe_identity_provider_get_provider_type (EweIdentityProvider *self)
{
  g_return_val_if_fail (EWE_IS_IDENTITY_PROVIDER (self), NULL);

  return self->type;
}

const char *
ewe_identity_provider_get_display_name (EweIdentityProvider *self)
{
  g_return_val_if_fail (EWE_IS_IDENTITY_PROVIDER (self), NULL);

  return self->display_name;
}

/* What a document lists, skipping what is not a provider with a name:
 * one odd entry costs its own button, not the others. */
static GPtrArray *
providers_from_document (JsonObject *document)
{
  GPtrArray *providers = g_ptr_array_new_with_free_func (g_object_unref);
  JsonNode  *member = json_object_get_member (document, MEMBER);
  JsonArray *array;

  if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member))
    return providers;

  array = json_node_get_array (member);
  for (guint i = 0; i < json_array_get_length (array) && providers->len < MAX_PROVIDERS; i++)
    {
      JsonNode   *element = json_array_get_element (array, i);
      JsonObject *item;
      const char *name;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      item = json_node_get_object (element);
      name = ewe_auth_get_string (item, "name");
      if (name == NULL || name[0] == '\0')
        continue;
      g_ptr_array_add (providers, ewe_identity_provider_new (name, ewe_auth_get_string (item, "type"),
                                                             ewe_auth_get_string (item, "display_name")));
    }

  return providers;
}

static void
discovered_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupSession *session = SOUP_SESSION (object);
  SoupMessage *msg = soup_session_get_async_result_message (session, result);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode   *root;
  gsize       size = 0;
  const char *data;

  body = soup_session_send_and_read_finish (session, result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, EWE_AUTH_ERROR, EWE_AUTH_ERROR_NETWORK,
                                 _("Could not reach the sign-in service: %s"), error->message);
      return;
    }

  data = g_bytes_get_data (body, &size);
  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)) || size > MAX_DOCUMENT ||
      !json_parser_load_from_data (parser, data != NULL ? data : "", size, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_task_return_new_error (task, EWE_AUTH_ERROR, EWE_AUTH_ERROR_SERVER,
                               _("The server did not say how else one can sign in."));
      return;
    }

  g_task_return_pointer (task, providers_from_document (json_node_get_object (root)),
                         (GDestroyNotify)g_ptr_array_unref);
}

/* Reads the providers @account's server offers: an array of
 * EweIdentityProvider, empty for a server that offers none and for a real
 * Cognito pool (@hosted_ui_domain set; its providers are the pool's
 * secret). An error when the document cannot be read; callers show no
 * buttons then, as the browser sign-in still offers every way. */
void
ewe_identity_providers_list_async (EweAccount         *account,
                                   const char         *hosted_ui_domain,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *url = NULL;
  EweAuth         *auth;

  g_return_if_fail (EWE_IS_ACCOUNT (account));

  task = g_task_new (account, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_identity_providers_list_async);

  if (hosted_ui_domain != NULL && hosted_ui_domain[0] != '\0')
    {
      g_task_return_pointer (task, g_ptr_array_new_with_free_func (g_object_unref),
                             (GDestroyNotify)g_ptr_array_unref);
      return;
    }

  auth = ewe_account_get_auth (account);
  url = g_uri_resolve_relative (ewe_auth_get_endpoint (auth), DISCOVERY_PATH, G_URI_FLAGS_NONE, NULL);
  msg = url != NULL ? soup_message_new (SOUP_METHOD_GET, url) : NULL;
  if (msg == NULL)
    {
      g_task_return_new_error (task, EWE_AUTH_ERROR, EWE_AUTH_ERROR_INVALID_PARAMETER,
                               _("The server address cannot be read. Check it in Preferences."));
      return;
    }

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  soup_session_send_and_read_async (ewe_auth_get_soup_session (auth), msg, G_PRIORITY_DEFAULT, cancellable,
                                    discovered_cb, g_steal_pointer (&task));
}

/* The providers (EweIdentityProvider), in the server's order. */
GPtrArray *
ewe_identity_providers_list_finish (GAsyncResult *result,
                                    GError      **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ewe_identity_providers_list_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
