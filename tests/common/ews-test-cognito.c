/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <libsoup/soup.h>
#include <sqlite3.h>

#include "ews-jwt.h"
#include "ews-test-keys.h"
#include "ews-test-cognito.h"

EweTestServer *
ews_test_cognito_start_server (const char  *data_dir,
                               guint16      port,
                               EweTestSmtp *sink)
{
  g_autofree char *smtp_url = sink != NULL ? ewe_test_smtp_dup_url (sink) : NULL;
  g_autofree char *smtp_arg = smtp_url != NULL ? g_strconcat ("--smtp-url=", smtp_url, NULL) : NULL;
  const char      *args[] = {
         "--public-url=" EWS_TEST_COGNITO_PUBLIC_URL,
         "--mail-from=Ewelists <no-reply@ewelists.example.org>",
         smtp_arg,
         NULL,
  };

  return ewe_test_server_start_full (data_dir, port, args);
}

void
ews_test_cognito_fixture_set_up (EwsTestCognitoFixture *fixture,
                                 gconstpointer          data)
{
  fixture->sink = ewe_test_smtp_new ();
  fixture->server = ews_test_cognito_start_server (NULL, 0, fixture->sink);
  g_assert_nonnull (fixture->server);
}

void
ews_test_cognito_fixture_tear_down (EwsTestCognitoFixture *fixture,
                                    gconstpointer          data)
{
  g_clear_pointer (&fixture->server, ewe_test_server_free);
  g_clear_pointer (&fixture->sink, ewe_test_smtp_free);
}

/* A session whose connections come from @from, a loopback address such as
 * 127.0.0.2 (all of 127/8 is loopback on Linux), or from anywhere if NULL:
 * the server tells clients apart by their address. */
static SoupSession *
session_from (const char *from)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(GSocketAddress) local = NULL;

  if (from == NULL)
    return soup_session_new ();

  address = g_inet_address_new_from_string (from);
  g_assert_nonnull (address);
  local = g_inet_socket_address_new (address, 0);
  return soup_session_new_with_options ("local-address", local, NULL);
}

static JsonObject *
call_raw_from (EweTestServer *server,
               const char    *from,
               const char    *target,
               const char    *body,
               guint         *status)
{
  g_autoptr(SoupSession) session = session_from (from);
  g_autofree char *url = ewe_test_server_url (server, "/api/auth");
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) response = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (target != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Amz-Target", target);
  soup_message_set_request_body_from_bytes (msg, "application/x-amz-json-1.1", request);

  response = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);

  *status = soup_message_get_status (msg);
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL),
                   ==, "application/x-amz-json-1.1");
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                 "Access-Control-Allow-Origin"),
                   ==, "*");

  json_parser_load_from_data (parser, g_bytes_get_data (response, NULL), g_bytes_get_size (response), &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* Posts @body to /api/auth with @target as X-Amz-Target (none if NULL);
 * returns the reply object and sets *status. */
JsonObject *
ews_test_cognito_call_raw (EweTestServer *server,
                           const char    *target,
                           const char    *body,
                           guint         *status)
{
  return call_raw_from (server, NULL, target, body, status);
}

JsonObject *
ews_test_cognito_call_from (EweTestServer *server,
                            const char    *from,
                            const char    *operation,
                            JsonObject    *body,
                            guint         *status)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), body);
  g_autofree char *text = json_to_string (node, FALSE);
  g_autofree char *target = g_strconcat ("AWSCognitoIdentityProviderService.", operation, NULL);

  return call_raw_from (server, from, target, text, status);
}

JsonObject *
ews_test_cognito_call (EweTestServer *server,
                       const char    *operation,
                       JsonObject    *body,
                       guint         *status)
{
  return ews_test_cognito_call_from (server, NULL, operation, body, status);
}

/* Calls @operation and checks that it succeeded. */
JsonObject *
ews_test_cognito_call_ok (EweTestServer *server,
                          const char    *operation,
                          JsonObject    *body)
{
  guint       status = 0;
  JsonObject *reply = ews_test_cognito_call (server, operation, body, &status);

  if (status != 200)
    g_error ("%s failed with %u: %s: %s", operation, status,
             json_object_get_string_member_with_default (reply, "__type", "?"),
             json_object_get_string_member_with_default (reply, "message", "?"));

  return reply;
}

/* Calls @operation and checks that it failed with @type (and, if given, a
 * message containing @message). */
void
ews_test_cognito_call_fails (EweTestServer *server,
                             const char    *operation,
                             JsonObject    *body,
                             const char    *type,
                             const char    *message)
{
  guint status = 0;
  g_autoptr(JsonObject) reply = ews_test_cognito_call (server, operation, body, &status);

  g_assert_cmpstr (json_object_get_string_member_with_default (reply, "__type", NULL), ==, type);
  g_assert_cmpuint (status, ==, 400);
  g_assert_nonnull (json_object_get_string_member_with_default (reply, "message", NULL));
  if (message != NULL)
    g_assert_nonnull (strstr (json_object_get_string_member (reply, "message"), message));
}

/* A request body from name/value string pairs, ClientId first. */
JsonObject *
ews_test_cognito_body_new (const char *first_name,
                           ...)
{
  JsonObject *body = json_object_new ();
  const char *name = first_name;
  va_list     args;

  json_object_set_string_member (body, "ClientId", EWS_TEST_COGNITO_CLIENT_ID);

  va_start (args, first_name);
  while (name != NULL)
    {
      json_object_set_string_member (body, name, va_arg (args, const char *));
      name = va_arg (args, const char *);
    }
  va_end (args);

  return body;
}

JsonObject *
ews_test_cognito_sign_up_body (const char *email,
                               const char *password,
                               const char *name)
{
  JsonObject *body = ews_test_cognito_body_new ("Username", email, "Password", password, NULL);
  JsonArray  *attributes = json_array_new ();
  JsonObject *attribute = json_object_new ();

  json_object_set_string_member (attribute, "Name", "email");
  json_object_set_string_member (attribute, "Value", email);
  json_array_add_object_element (attributes, attribute);

  attribute = json_object_new ();
  json_object_set_string_member (attribute, "Name", "name");
  json_object_set_string_member (attribute, "Value", name);
  json_array_add_object_element (attributes, attribute);

  json_object_set_array_member (body, "UserAttributes", attributes);
  return body;
}

JsonObject *
ews_test_cognito_initiate_auth_body (const char *flow,
                                     const char *first_name,
                                     ...)
{
  JsonObject *body = ews_test_cognito_body_new ("AuthFlow", flow, NULL);
  JsonObject *parameters = json_object_new ();
  const char *name = first_name;
  va_list     args;

  va_start (args, first_name);
  while (name != NULL)
    {
      json_object_set_string_member (parameters, name, va_arg (args, const char *));
      name = va_arg (args, const char *);
    }
  va_end (args);

  json_object_set_object_member (body, "AuthParameters", parameters);
  return body;
}

JsonObject *
ews_test_cognito_sign_in (EweTestServer *server,
                          const char    *email,
                          const char    *password)
{
  g_autoptr(JsonObject) body = ews_test_cognito_initiate_auth_body ("USER_PASSWORD_AUTH",
                                                                     "USERNAME", email, "PASSWORD", password, NULL);
  g_autoptr(JsonObject) reply = ews_test_cognito_call_ok (server, "InitiateAuth", body);

  return json_object_ref (json_object_get_object_member (reply, "AuthenticationResult"));
}

void
ews_test_cognito_sign_in_fails (EweTestServer *server,
                                const char    *email,
                                const char    *password,
                                const char    *type,
                                const char    *message)
{
  g_autoptr(JsonObject) body = ews_test_cognito_initiate_auth_body ("USER_PASSWORD_AUTH",
                                                                     "USERNAME", email, "PASSWORD", password, NULL);

  ews_test_cognito_call_fails (server, "InitiateAuth", body, type, message);
}

/* Waits for the next mail to @email from message @index on and returns the
 * six-digit code in it; *next is where to look for the following one. */
char *
ews_test_cognito_read_code (EweTestSmtp *sink,
                            const char  *email,
                            guint        index,
                            guint       *next)
{
  g_autoptr(EweTestMail) mail = NULL;
  char *code;

  for (guint i = index;; i++)
    {
      g_clear_pointer (&mail, ewe_test_mail_free);
      mail = ewe_test_smtp_wait_for_mail_to (sink, i, email, EWS_TEST_COGNITO_MAIL_TIMEOUT_MS);
      g_assert_nonnull (mail);

      code = ewe_test_mail_dup_code (mail);
      if (code != NULL)
        {
          if (next != NULL)
            {
              /* The index of this mail: count the messages up to it. */
              *next = ewe_test_smtp_get_n_messages (sink);
            }
          return code;
        }
    }
}

void
ews_test_cognito_sign_up_and_confirm (EweTestServer *server,
                                      EweTestSmtp   *sink,
                                      const char    *email,
                                      const char    *name)
{
  g_autoptr(JsonObject) body = ews_test_cognito_sign_up_body (email, EWS_TEST_COGNITO_PASSWORD, name);
  g_autoptr(JsonObject) reply = ews_test_cognito_call_ok (server, "SignUp", body);
  g_autoptr(JsonObject) confirm = NULL;
  g_autoptr(JsonObject) confirmed = NULL;
  g_autoptr(EweTestMail) welcome = NULL;
  guint            next = 0;
  g_autofree char *code = ews_test_cognito_read_code (sink, email, 0, &next);

  confirm = ews_test_cognito_body_new ("Username", email, "ConfirmationCode", code, NULL);
  confirmed = ews_test_cognito_call_ok (server, "ConfirmSignUp", confirm);

  /* Wait for the welcome, so that tests counting mail start after it. */
  welcome = ewe_test_smtp_wait_for_mail_to (sink, next, email, EWS_TEST_COGNITO_MAIL_TIMEOUT_MS);
  g_assert_nonnull (welcome);
}

JsonObject *
ews_test_cognito_verify_token (EweTestServer *server,
                               const char    *token)
{
  return ews_test_keys_verify (server, token);
}

guint
ews_test_cognito_get_with_token (EweTestServer *server,
                                 const char    *path,
                                 const char    *token)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = ewe_test_server_url (server, path);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;

  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
    }

  response = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);

  return soup_message_get_status (msg);
}

/* Runs SQL on the server's database, as an administrator would. */
void
ews_test_cognito_run_sql (EweTestServer *server,
                          const char    *sql)
{
  g_autofree char *path = g_build_filename (server->data_dir, "ewelists.sqlite", NULL);
  sqlite3         *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}
