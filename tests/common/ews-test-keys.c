/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-test-keys"

#include "config.h"

#include "ews-auth-storage.h"
#include "ews-jwt-keys.h"
#include "ews-storage-sqlite.h"
#include "ews-test-keys.h"

static EwsStorage *
open_storage (EweTestServer *server)
{
  g_autoptr(GError) error = NULL;
  EwsStorage *storage = ews_storage_sqlite_open (server->data_dir, &error);

  g_assert_no_error (error);
  return storage;
}

char *
ews_test_keys_issuer (EweTestServer *server)
{
  g_autofree char *issuer = NULL;

  for (guint i = 0; server->extra_args != NULL && server->extra_args[i] != NULL; i++)
    {
      const char *arg = server->extra_args[i];

      if (g_str_has_prefix (arg, "--public-url="))
        issuer = g_strdup (arg + strlen ("--public-url="));
      else if (g_str_equal (arg, "--public-url") && server->extra_args[i + 1] != NULL)
        issuer = g_strdup (server->extra_args[i + 1]);
    }

  if (issuer == NULL)
    issuer = g_strdup (server->base_url);
  while (g_str_has_suffix (issuer, "/"))
    issuer[strlen (issuer) - 1] = '\0';

  return g_steal_pointer (&issuer);
}

char *
ews_test_keys_sign_raw (EweTestServer *server,
                        JsonObject    *claims)
{
  g_autoptr(EwsStorage) storage = open_storage (server);
  g_autoptr(EwsJwtKeys) keys = ews_jwt_keys_new (EWS_AUTH_STORAGE (storage));
  g_autoptr(GError) error = NULL;
  char *token;

  token = ews_jwt_keys_sign (keys, claims, &error);
  g_assert_no_error (error);

  return token;
}

void
ews_test_keys_ensure_account (EweTestServer *server,
                              const char    *sub,
                              const char    *email,
                              const char    *name)
{
  g_autoptr(EwsStorage) storage = open_storage (server);
  g_autoptr(EwsAccount) existing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *email_key = g_strconcat ("minted-by-test:", sub, NULL);
  g_autofree char *fallback_email = g_strconcat (sub, "@minted.invalid", NULL);
  EwsAccount       account = { 0 };

  existing = ews_auth_storage_account_get (EWS_AUTH_STORAGE (storage), sub, &error);
  if (existing != NULL)
    return;
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* An address key no sign-up can take, so that the test may still sign
   * up with the token's address; and no password that verifies. */
  account.user_id = (char *)sub;
  account.email_key = email_key;
  account.email = (char *)(email != NULL ? email : fallback_email);
  account.name = (char *)(name != NULL ? name : "");
  account.password_hash = (char *)"!";
  account.confirmed = TRUE;
  account.created_at = g_get_real_time () / G_USEC_PER_SEC;
  ews_auth_storage_account_insert (EWS_AUTH_STORAGE (storage), &account, &error);
  g_assert_no_error (error);
}

char *
ews_test_keys_sign (EweTestServer *server,
                    JsonObject    *claims)
{
  if (!json_object_has_member (claims, "iss"))
    {
      g_autofree char *issuer = ews_test_keys_issuer (server);
      json_object_set_string_member (claims, "iss", issuer);
    }

  if (json_object_has_member (claims, "sub") &&
      JSON_NODE_HOLDS_VALUE (json_object_get_member (claims, "sub")) &&
      json_node_get_value_type (json_object_get_member (claims, "sub")) == G_TYPE_STRING &&
      json_object_get_string_member (claims, "sub")[0] != '\0')
    ews_test_keys_ensure_account (server, json_object_get_string_member (claims, "sub"),
                                  json_object_get_string_member_with_default (claims, "email", NULL),
                                  json_object_get_string_member_with_default (claims, "name", NULL));

  return ews_test_keys_sign_raw (server, claims);
}

JsonObject *
ews_test_keys_verify (EweTestServer *server,
                      const char    *token)
{
  g_autoptr(EwsStorage) storage = open_storage (server);
  g_autoptr(EwsJwtKeys) keys = ews_jwt_keys_new (EWS_AUTH_STORAGE (storage));
  g_autofree char *issuer = ews_test_keys_issuer (server);
  g_autoptr(GError) error = NULL;
  JsonObject *claims;

  claims = ews_jwt_keys_verify (keys, token, issuer, g_get_real_time () / G_USEC_PER_SEC, &error);
  g_assert_no_error (error);

  return claims;
}

char *
ews_test_keys_current_kid (EweTestServer *server)
{
  g_autoptr(EwsStorage) storage = open_storage (server);
  g_autoptr(EwsSigningKey) current = NULL;
  g_autoptr(GError) error = NULL;

  current = ews_auth_storage_signing_key_get_current (EWS_AUTH_STORAGE (storage), &error);
  g_assert_no_error (error);

  return g_strdup (current->kid);
}
