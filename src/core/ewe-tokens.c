/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-tokens"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ewe-auth.h"
#include "ewe-tokens.h"

struct _EweTokens
{
  gatomicrefcount ref_count;

  char           *id_token;
  char           *access_token;
  char           *refresh_token;

  /* decoded from the ID token */
  char           *sub;
  char           *email;
  char           *name;
  gint64          expires_at; /* Unix seconds */
};

G_DEFINE_BOXED_TYPE (EweTokens, ewe_tokens, ewe_tokens_ref, ewe_tokens_unref)

static GError *
unreadable_token_error (const char *why)
{
  g_debug ("unreadable ID token: %s", why);

  return g_error_new (EWE_AUTH_ERROR, EWE_AUTH_ERROR_SERVER,
                      _("The sign-in service sent a token that cannot be read. "
                        "Check the server address in Preferences."));
}

/* A JWT's payload is base64url without padding; GLib decodes plain base64. */
static JsonObject *
decode_jwt_payload (const char *jwt,
                    GError    **error)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GString) base64 = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree guchar *decoded = NULL;
  gsize              decoded_len = 0;
  JsonNode          *root;

  parts = g_strsplit (jwt, ".", -1);
  if (g_strv_length (parts) != 3 || parts[1][0] == '\0')
    {
      g_propagate_error (error, unreadable_token_error ("not three parts"));
      return NULL;
    }

  base64 = g_string_new (parts[1]);
  for (gsize i = 0; i < base64->len; i++)
    {
      char c = base64->str[i];

      if (c == '-')
        base64->str[i] = '+';
      else if (c == '_')
        base64->str[i] = '/';
      else if (!g_ascii_isalnum (c))
        {
          g_propagate_error (error, unreadable_token_error ("not base64url"));
          return NULL;
        }
    }
  while (base64->len % 4 != 0)
    g_string_append_c (base64, '=');

  decoded = g_base64_decode (base64->str, &decoded_len);
  if (decoded == NULL || decoded_len == 0 ||
      !json_parser_load_from_data (parser, (const char *)decoded, decoded_len, NULL))
    {
      g_propagate_error (error, unreadable_token_error ("payload is not JSON"));
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_propagate_error (error, unreadable_token_error ("payload is not an object"));
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

static const char *
string_claim (JsonObject *claims,
              const char *name)
{
  JsonNode *node = json_object_get_member (claims, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

EweTokens *
ewe_tokens_new (const char *id_token,
                const char *access_token,
                const char *refresh_token,
                GError    **error)
{
  g_autoptr(JsonObject) claims = NULL;
  EweTokens *self;
  JsonNode  *exp;

  g_return_val_if_fail (id_token != NULL, NULL);
  g_return_val_if_fail (access_token != NULL, NULL);

  if (!(claims = decode_jwt_payload (id_token, error)))
    return NULL;

  exp = json_object_get_member (claims, "exp");
  if (string_claim (claims, "sub") == NULL || exp == NULL ||
      json_node_get_value_type (exp) != G_TYPE_INT64)
    {
      g_propagate_error (error, unreadable_token_error ("no sub or exp"));
      return NULL;
    }

  self = g_new0 (EweTokens, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->id_token = g_strdup (id_token);
  self->access_token = g_strdup (access_token);
  self->refresh_token = g_strdup (refresh_token);
  self->sub = g_strdup (string_claim (claims, "sub"));
  self->email = g_strdup (string_claim (claims, "email"));
  self->name = g_strdup (string_claim (claims, "name"));
  self->expires_at = json_node_get_int (exp);

  return self;
}

EweTokens *
ewe_tokens_ref (EweTokens *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
ewe_tokens_unref (EweTokens *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  /* Overwrite what was secret before giving the memory back. */
  if (self->refresh_token != NULL)
    memset (self->refresh_token, 0, strlen (self->refresh_token));
  if (self->access_token != NULL)
    memset (self->access_token, 0, strlen (self->access_token));
  if (self->id_token != NULL)
    memset (self->id_token, 0, strlen (self->id_token));

  g_free (self->id_token);
  g_free (self->access_token);
  g_free (self->refresh_token);
  g_free (self->sub);
  g_free (self->email);
  g_free (self->name);
  g_free (self);
}

const char *
ewe_tokens_get_id_token (const EweTokens *self)
{
  return self->id_token;
}

const char *
ewe_tokens_get_access_token (const EweTokens *self)
{
  return self->access_token;
}

const char *
ewe_tokens_get_refresh_token (const EweTokens *self)
{
  return self->refresh_token;
}

const char *
ewe_tokens_get_sub (const EweTokens *self)
{
  return self->sub;
}

const char *
ewe_tokens_get_email (const EweTokens *self)
{
  return self->email;
}

const char *
ewe_tokens_get_name (const EweTokens *self)
{
  return self->name;
}

gint64
ewe_tokens_get_expires_at (const EweTokens *self)
{
  return self->expires_at;
}

/* TRUE when the ID token is expired or will be within @span microseconds:
 * refreshing a little early keeps a request from failing mid-flight. */
gboolean
ewe_tokens_expires_within (const EweTokens *self,
                           GTimeSpan        span)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  return self->expires_at - now <= span / G_USEC_PER_SEC;
}

/* OpenID Connect Core §3.1.3.7, for an ID token the app took straight
 * from the token endpoint (over TLS to a real pool): its signature is the
 * server's to check on every request, but whom it is for is ours to check,
 * or a token from another client or another sign-in could be slipped in:
 * `iss` must be the issuer the discovery document named, `aud` (a string
 * or an array) must hold our client id, and `nonce` must be this sign-in's. */
gboolean
ewe_tokens_check_id_token (const char *id_token,
                           const char *issuer,
                           const char *audience,
                           const char *nonce,
                           GError    **error)
{
  g_autoptr(JsonObject) claims = NULL;
  JsonNode   *aud;
  gboolean    aud_ok = FALSE;
  const char *why = NULL;

  g_return_val_if_fail (id_token != NULL && issuer != NULL && audience != NULL && nonce != NULL, FALSE);

  if (!(claims = decode_jwt_payload (id_token, error)))
    return FALSE;

  aud = json_object_get_member (claims, "aud");
  if (aud != NULL && json_node_get_value_type (aud) == G_TYPE_STRING)
    aud_ok = g_strcmp0 (json_node_get_string (aud), audience) == 0;
  else if (aud != NULL && JSON_NODE_HOLDS_ARRAY (aud))
    {
      JsonArray *array = json_node_get_array (aud);

      for (guint i = 0; i < json_array_get_length (array) && !aud_ok; i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          aud_ok = json_node_get_value_type (element) == G_TYPE_STRING &&
                   g_strcmp0 (json_node_get_string (element), audience) == 0;
        }
    }

  if (g_strcmp0 (string_claim (claims, "iss"), issuer) != 0)
    why = "iss";
  else if (!aud_ok)
    why = "aud";
  else if (g_strcmp0 (string_claim (claims, "nonce"), nonce) != 0)
    why = "nonce";

  if (why != NULL)
    {
      g_debug ("ID token refused: its %s is not this sign-in's", why);
      g_set_error (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_NOT_AUTHORIZED,
                   _("The sign-in service sent a token meant for another app or sign-in. "
                     "Try again, or check the server address in Preferences."));
      return FALSE;
    }

  return TRUE;
}

/* A refresh returns new ID and access tokens but no refresh token: the new
 * set keeps the old refresh token. */
EweTokens *
ewe_tokens_renewed (const EweTokens *self,
                    const char      *id_token,
                    const char      *access_token,
                    GError         **error)
{
  return ewe_tokens_new (id_token, access_token, self->refresh_token, error);
}

char *
ewe_tokens_serialize (const EweTokens *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "IdToken");
  json_builder_add_string_value (builder, self->id_token);
  json_builder_set_member_name (builder, "AccessToken");
  json_builder_add_string_value (builder, self->access_token);
  if (self->refresh_token != NULL)
    {
      json_builder_set_member_name (builder, "RefreshToken");
      json_builder_add_string_value (builder, self->refresh_token);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

EweTokens *
ewe_tokens_deserialize (const char *data,
                        GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  JsonNode   *root;
  const char *id_token;
  const char *access_token;

  g_return_val_if_fail (data != NULL, NULL);

  if (!json_parser_load_from_data (parser, data, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_NOT_AUTHORIZED,
                   _("The saved sign-in cannot be read. Please sign in again."));
      return NULL;
    }

  object = json_node_get_object (root);
  id_token = string_claim (object, "IdToken");
  access_token = string_claim (object, "AccessToken");
  if (id_token == NULL || access_token == NULL)
    {
      g_set_error (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_NOT_AUTHORIZED,
                   _("The saved sign-in cannot be read. Please sign in again."));
      return NULL;
    }

  return ewe_tokens_new (id_token, access_token, string_claim (object, "RefreshToken"), error);
}
