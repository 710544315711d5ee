/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "ewe-test-server.h"
#include "ewe-test-smtp.h"
#include "ews-jwt.h"

/* The sign-in API end to end: a real server process, a real SMTP sink, and
 * requests shaped exactly as a Cognito client sends them. */

#define PUBLIC_URL "https://ewelists.example.org"
#define CLIENT_ID "ewelists"
#define PASSWORD "Correct-horse-1"
#define MAIL_TIMEOUT_MS 15000

typedef struct
{
  EweTestSmtp   *sink;
  EweTestServer *server;
} Fixture;

static EweTestServer *
start_server (const char *data_dir,
              guint16     port,
              EweTestSmtp *sink)
{
  g_autofree char *smtp_url = sink != NULL ? ewe_test_smtp_dup_url (sink) : NULL;
  g_autofree char *smtp_arg = smtp_url != NULL ? g_strconcat ("--smtp-url=", smtp_url, NULL) : NULL;
  const char *args[] = {
    "--public-url=" PUBLIC_URL,
    "--mail-from=Ewelists <no-reply@ewelists.example.org>",
    smtp_arg,
    NULL,
  };

  return ewe_test_server_start_full (data_dir, port, args);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->sink = ewe_test_smtp_new ();
  fixture->server = start_server (NULL, 0, fixture->sink);
  g_assert_nonnull (fixture->server);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->server, ewe_test_server_free);
  g_clear_pointer (&fixture->sink, ewe_test_smtp_free);
}

/* --- talking Cognito ------------------------------------------------------ */

/* Posts @body to /api/auth as @operation; returns the reply object and sets
 * *status. */
static JsonObject *
call_raw (EweTestServer *server,
          const char    *target,
          const char    *body,
          guint         *status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
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

  json_parser_load_from_data (parser, g_bytes_get_data (response, NULL), g_bytes_get_size (response), &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static JsonObject *
call (EweTestServer *server,
      const char    *operation,
      JsonObject    *body,
      guint         *status)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), body);
  g_autofree char *text = json_to_string (node, FALSE);
  g_autofree char *target = g_strconcat ("AWSCognitoIdentityProviderService.", operation, NULL);

  return call_raw (server, target, text, status);
}

/* Calls @operation and checks that it succeeded. */
static JsonObject *
call_ok (EweTestServer *server,
         const char    *operation,
         JsonObject    *body)
{
  guint status = 0;
  JsonObject *reply = call (server, operation, body, &status);

  if (status != 200)
    g_error ("%s failed with %u: %s: %s", operation, status,
             json_object_get_string_member_with_default (reply, "__type", "?"),
             json_object_get_string_member_with_default (reply, "message", "?"));

  return reply;
}

/* Calls @operation and checks that it failed with @type (and, if given, a
 * message containing @message). */
static void
call_fails (EweTestServer *server,
            const char    *operation,
            JsonObject    *body,
            const char    *type,
            const char    *message)
{
  guint status = 0;
  g_autoptr(JsonObject) reply = call (server, operation, body, &status);

  g_assert_cmpstr (json_object_get_string_member_with_default (reply, "__type", NULL), ==, type);
  g_assert_cmpuint (status, ==, 400);
  g_assert_nonnull (json_object_get_string_member_with_default (reply, "message", NULL));
  if (message != NULL)
    g_assert_nonnull (strstr (json_object_get_string_member (reply, "message"), message));
}

/* A request body from name/value string pairs, ClientId first. */
static JsonObject *
body_new (const char *first_name,
          ...)
{
  JsonObject *body = json_object_new ();
  const char *name = first_name;
  va_list args;

  json_object_set_string_member (body, "ClientId", CLIENT_ID);

  va_start (args, first_name);
  while (name != NULL)
    {
      json_object_set_string_member (body, name, va_arg (args, const char *));
      name = va_arg (args, const char *);
    }
  va_end (args);

  return body;
}

static JsonObject *
sign_up_body (const char *email,
              const char *password,
              const char *name)
{
  JsonObject *body = body_new ("Username", email, "Password", password, NULL);
  JsonArray *attributes = json_array_new ();
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

static JsonObject *
initiate_auth_body (const char *flow,
                    const char *first_name,
                    ...)
{
  JsonObject *body = body_new ("AuthFlow", flow, NULL);
  JsonObject *parameters = json_object_new ();
  const char *name = first_name;
  va_list args;

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

static JsonObject *
sign_in (EweTestServer *server,
         const char    *email,
         const char    *password)
{
  g_autoptr(JsonObject) body = initiate_auth_body ("USER_PASSWORD_AUTH",
                                                   "USERNAME", email, "PASSWORD", password, NULL);
  g_autoptr(JsonObject) reply = call_ok (server, "InitiateAuth", body);

  return json_object_ref (json_object_get_object_member (reply, "AuthenticationResult"));
}

static void
sign_in_fails (EweTestServer *server,
               const char    *email,
               const char    *password,
               const char    *type,
               const char    *message)
{
  g_autoptr(JsonObject) body = initiate_auth_body ("USER_PASSWORD_AUTH",
                                                   "USERNAME", email, "PASSWORD", password, NULL);

  call_fails (server, "InitiateAuth", body, type, message);
}

/* Waits for the next mail to @email from message @index on and returns the
 * six-digit code in it; *next is where to look for the following one. */
static char *
read_code (EweTestSmtp *sink,
           const char  *email,
           guint        index,
           guint       *next)
{
  g_autoptr(EweTestMail) mail = NULL;
  char *code;

  for (guint i = index;; i++)
    {
      g_clear_pointer (&mail, ewe_test_mail_free);
      mail = ewe_test_smtp_wait_for_mail_to (sink, i, email, MAIL_TIMEOUT_MS);
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

static void
sign_up_and_confirm (Fixture    *fixture,
                     const char *email,
                     const char *name)
{
  g_autoptr(JsonObject) body = sign_up_body (email, PASSWORD, name);
  g_autoptr(JsonObject) reply = call_ok (fixture->server, "SignUp", body);
  g_autoptr(JsonObject) confirm = NULL;
  g_autoptr(JsonObject) confirmed = NULL;
  g_autoptr(EweTestMail) welcome = NULL;
  guint next = 0;
  g_autofree char *code = read_code (fixture->sink, email, 0, &next);

  confirm = body_new ("Username", email, "ConfirmationCode", code, NULL);
  confirmed = call_ok (fixture->server, "ConfirmSignUp", confirm);

  /* Wait for the welcome, so that tests counting mail start after it. */
  welcome = ewe_test_smtp_wait_for_mail_to (fixture->sink, next, email, MAIL_TIMEOUT_MS);
  g_assert_nonnull (welcome);
}

static JsonObject *
verify_token (EweTestServer *server,
              const char    *token)
{
  g_autoptr(GBytes) secret = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *claims;

  g_assert_true (ews_jwt_load_or_create_secret (server->data_dir, &secret, &error));
  claims = ews_jwt_verify (secret, token, g_get_real_time () / G_USEC_PER_SEC, &error);
  g_assert_no_error (error);

  return claims;
}

static guint
get_with_token (EweTestServer *server,
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
static void
run_sql (EweTestServer *server,
         const char    *sql)
{
  g_autofree char *path = g_build_filename (server->data_dir, "ewelists.sqlite", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* --- tests ---------------------------------------------------------------- */

static void
test_full_flow (Fixture       *fixture,
                gconstpointer  data)
{
  const char *email = "zoe@example.org";
  g_autoptr(JsonObject) body = sign_up_body (email, PASSWORD, "Zoë <Z>");
  g_autoptr(JsonObject) reply = call_ok (fixture->server, "SignUp", body);
  g_autoptr(JsonObject) tokens = NULL;
  g_autoptr(JsonObject) refreshed = NULL;
  g_autoptr(JsonObject) id_claims = NULL;
  g_autoptr(JsonObject) access_claims = NULL;
  g_autoptr(JsonObject) user = NULL;
  g_autoptr(EweTestMail) welcome = NULL;
  g_autofree char *code = NULL;
  g_autofree char *subject = NULL;
  JsonObject *delivery;
  JsonArray *attributes;
  const char *sub;
  guint next = 0;

  /* SignUp answers as Cognito does. */
  g_assert_false (json_object_get_boolean_member (reply, "UserConfirmed"));
  sub = json_object_get_string_member (reply, "UserSub");
  g_assert_true (g_uuid_string_is_valid (sub));
  delivery = json_object_get_object_member (reply, "CodeDeliveryDetails");
  g_assert_cmpstr (json_object_get_string_member (delivery, "DeliveryMedium"), ==, "EMAIL");
  g_assert_cmpstr (json_object_get_string_member (delivery, "AttributeName"), ==, "email");
  g_assert_cmpstr (json_object_get_string_member (delivery, "Destination"), ==, "z***@e***.org");

  /* Not before the address is confirmed. */
  sign_in_fails (fixture->server, email, PASSWORD, "UserNotConfirmedException", NULL);

  /* The code comes by mail. */
  code = read_code (fixture->sink, email, 0, &next);
  g_assert_cmpuint (strlen (code), ==, 6);

  {
    g_autofree char *wrong = g_strdup_printf ("%06d", (atoi (code) + 1) % 1000000);
    g_autoptr(JsonObject) confirm = body_new ("Username", email, "ConfirmationCode", wrong, NULL);
    call_fails (fixture->server, "ConfirmSignUp", confirm, "CodeMismatchException", NULL);
  }
  {
    g_autoptr(JsonObject) confirm = body_new ("Username", email, "ConfirmationCode", code, NULL);
    g_autoptr(JsonObject) confirmed = call_ok (fixture->server, "ConfirmSignUp", confirm);
    g_assert_cmpuint (json_object_get_size (confirmed), ==, 0);
  }

  /* A welcome follows, with the name escaped in its HTML. */
  welcome = ewe_test_smtp_wait_for_mail_to (fixture->sink, next, email, MAIL_TIMEOUT_MS);
  g_assert_nonnull (welcome);
  subject = ewe_test_mail_dup_subject (welcome);
  g_assert_cmpstr (subject, ==, "Welcome to Ewelists");
  {
    g_autofree char *html = ewe_test_mail_dup_part (welcome, "text/html");
    g_assert_nonnull (strstr (html, "Zoë &lt;Z&gt;"));
  }

  /* Sign in. */
  tokens = sign_in (fixture->server, email, PASSWORD);
  g_assert_cmpint (json_object_get_int_member (tokens, "ExpiresIn"), ==, 3600);
  g_assert_cmpstr (json_object_get_string_member (tokens, "TokenType"), ==, "Bearer");
  g_assert_nonnull (json_object_get_string_member (tokens, "RefreshToken"));

  id_claims = verify_token (fixture->server, json_object_get_string_member (tokens, "IdToken"));
  g_assert_cmpstr (json_object_get_string_member (id_claims, "sub"), ==, sub);
  g_assert_cmpstr (json_object_get_string_member (id_claims, "email"), ==, email);
  g_assert_true (json_object_get_boolean_member (id_claims, "email_verified"));
  g_assert_cmpstr (json_object_get_string_member (id_claims, "name"), ==, "Zoë <Z>");
  g_assert_cmpstr (json_object_get_string_member (id_claims, "token_use"), ==, "id");
  g_assert_cmpstr (json_object_get_string_member (id_claims, "aud"), ==, CLIENT_ID);
  g_assert_cmpstr (json_object_get_string_member (id_claims, "iss"), ==, PUBLIC_URL);
  g_assert_cmpint (json_object_get_int_member (id_claims, "exp") -
                   json_object_get_int_member (id_claims, "iat"), ==, 3600);

  access_claims = verify_token (fixture->server, json_object_get_string_member (tokens, "AccessToken"));
  g_assert_cmpstr (json_object_get_string_member (access_claims, "sub"), ==, sub);
  g_assert_cmpstr (json_object_get_string_member (access_claims, "token_use"), ==, "access");
  g_assert_cmpstr (json_object_get_string_member (access_claims, "client_id"), ==, CLIENT_ID);
  g_assert_cmpstr (json_object_get_string_member (access_claims, "username"), ==, sub);

  /* The ID token opens the data API. */
  g_assert_cmpuint (get_with_token (fixture->server, "/api/lists", NULL), ==, 401);
  g_assert_cmpuint (get_with_token (fixture->server, "/api/lists",
                                    json_object_get_string_member (tokens, "IdToken")), ==, 200);

  /* GetUser. */
  {
    g_autoptr(JsonObject) get_user = json_object_new ();

    json_object_set_string_member (get_user, "AccessToken", json_object_get_string_member (tokens, "AccessToken"));
    user = call_ok (fixture->server, "GetUser", get_user);
  }
  g_assert_cmpstr (json_object_get_string_member (user, "Username"), ==, sub);
  attributes = json_object_get_array_member (user, "UserAttributes");
  for (guint i = 0; i < json_array_get_length (attributes); i++)
    {
      JsonObject *attribute = json_array_get_object_element (attributes, i);
      const char *name = json_object_get_string_member (attribute, "Name");
      const char *value = json_object_get_string_member (attribute, "Value");

      if (strcmp (name, "email") == 0)
        g_assert_cmpstr (value, ==, email);
      else if (strcmp (name, "name") == 0)
        g_assert_cmpstr (value, ==, "Zoë <Z>");
      else if (strcmp (name, "sub") == 0)
        g_assert_cmpstr (value, ==, sub);
      else if (strcmp (name, "email_verified") == 0)
        g_assert_cmpstr (value, ==, "true");
      else
        g_error ("Unexpected attribute %s", name);
    }
  g_assert_cmpuint (json_array_get_length (attributes), ==, 4);

  /* Refresh: new ID and access tokens, no new refresh token. */
  {
    g_autoptr(JsonObject) refresh = initiate_auth_body ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN",
                                                        json_object_get_string_member (tokens, "RefreshToken"),
                                                        NULL);
    g_autoptr(JsonObject) refresh_reply = call_ok (fixture->server, "InitiateAuth", refresh);

    refreshed = json_object_ref (json_object_get_object_member (refresh_reply, "AuthenticationResult"));
    g_assert_nonnull (json_object_get_string_member (refreshed, "IdToken"));
    g_assert_nonnull (json_object_get_string_member (refreshed, "AccessToken"));
    g_assert_false (json_object_has_member (refreshed, "RefreshToken"));
    g_assert_true (json_object_has_member (refresh_reply, "ChallengeParameters"));
  }

  /* GlobalSignOut revokes the refresh token and the access tokens. */
  {
    g_autoptr(JsonObject) sign_out = json_object_new ();
    g_autoptr(JsonObject) signed_out = NULL;
    g_autoptr(JsonObject) refresh = initiate_auth_body ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN",
                                                        json_object_get_string_member (tokens, "RefreshToken"),
                                                        NULL);
    g_autoptr(JsonObject) get_user = json_object_new ();

    json_object_set_string_member (sign_out, "AccessToken",
                                   json_object_get_string_member (refreshed, "AccessToken"));
    signed_out = call_ok (fixture->server, "GlobalSignOut", sign_out);
    g_assert_cmpuint (json_object_get_size (signed_out), ==, 0);

    call_fails (fixture->server, "InitiateAuth", refresh, "NotAuthorizedException", "revoked");

    json_object_set_string_member (get_user, "AccessToken", json_object_get_string_member (tokens, "AccessToken"));
    call_fails (fixture->server, "GetUser", get_user, "NotAuthorizedException", "revoked");
  }

  /* Signing in again works. */
  g_clear_pointer (&tokens, json_object_unref);
  tokens = sign_in (fixture->server, email, PASSWORD);
}

static void
test_protocol_errors (Fixture       *fixture,
                      gconstpointer  data)
{
  guint status = 0;

  {
    g_autoptr(JsonObject) reply = call_raw (fixture->server, NULL, "{}", &status);
    g_assert_cmpuint (status, ==, 400);
    g_assert_cmpstr (json_object_get_string_member (reply, "__type"), ==, "UnknownOperationException");
  }
  {
    g_autoptr(JsonObject) reply = call_raw (fixture->server, "AWSCognitoIdentityProviderService.AdminDeleteUser",
                                            "{}", &status);
    g_assert_cmpuint (status, ==, 400);
    g_assert_cmpstr (json_object_get_string_member (reply, "__type"), ==, "UnknownOperationException");
  }
  {
    g_autoptr(JsonObject) reply = call_raw (fixture->server, "AWSCognitoIdentityProviderService.SignUp",
                                            "{not json", &status);
    g_assert_cmpuint (status, ==, 400);
    g_assert_cmpstr (json_object_get_string_member (reply, "__type"), ==, "SerializationException");
  }
  {
    g_autoptr(JsonObject) reply = call_raw (fixture->server, "AWSCognitoIdentityProviderService.SignUp",
                                            "[1, 2]", &status);
    g_assert_cmpuint (status, ==, 400);
    g_assert_cmpstr (json_object_get_string_member (reply, "__type"), ==, "SerializationException");
  }

  /* An unknown ClientId, for every operation. */
  {
    const char *operations[] = { "SignUp", "ConfirmSignUp", "ResendConfirmationCode", "InitiateAuth",
                                 "ForgotPassword", "ConfirmForgotPassword" };

    for (guint i = 0; i < G_N_ELEMENTS (operations); i++)
      {
        g_autoptr(JsonObject) body = sign_up_body ("a@example.org", PASSWORD, "A");

        json_object_set_string_member (body, "ClientId", "someone-elses-app");
        call_fails (fixture->server, operations[i], body, "ResourceNotFoundException", "someone-elses-app");
      }
  }
}

static void
test_sign_up_errors (Fixture       *fixture,
                     gconstpointer  data)
{
  struct {
    const char *password;
    const char *type;
  } weak[] = {
    { "Sh0rt!", "InvalidPasswordException" },
    { "nouppercase1!", "InvalidPasswordException" },
    { "NOLOWERCASE1!", "InvalidPasswordException" },
    { "NoDigits!!", "InvalidPasswordException" },
    { "NoSymbols11", "InvalidPasswordException" },
    { " Spaced-Out1", "InvalidParameterException" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (weak); i++)
    {
      g_autoptr(JsonObject) body = sign_up_body ("weak@example.org", weak[i].password, "W");
      call_fails (fixture->server, "SignUp", body, weak[i].type, NULL);
    }

  {
    g_autoptr(JsonObject) body = sign_up_body ("not-an-email", PASSWORD, "N");
    call_fails (fixture->server, "SignUp", body, "InvalidParameterException", "email");
  }
  {
    g_autoptr(JsonObject) body = body_new ("Username", "nopassword@example.org", NULL);
    call_fails (fixture->server, "SignUp", body, "InvalidParameterException", "Password");
  }
  {
    g_autoptr(JsonObject) body = sign_up_body ("typed@example.org", PASSWORD, "T");
    json_object_set_int_member (body, "Password", 12345678);
    call_fails (fixture->server, "SignUp", body, "SerializationException", NULL);
  }
  {
    g_autoptr(JsonObject) body = sign_up_body ("attr@example.org", PASSWORD, "A");
    JsonObject *attribute = json_object_new ();

    json_object_set_string_member (attribute, "Name", "custom:role");
    json_object_set_string_member (attribute, "Value", "admin");
    json_array_add_object_element (json_object_get_array_member (body, "UserAttributes"), attribute);
    call_fails (fixture->server, "SignUp", body, "InvalidParameterException", "custom:role");
  }
  {
    g_autoptr(JsonObject) body = sign_up_body ("one@example.org", PASSWORD, "A");
    JsonObject *email = json_array_get_object_element (json_object_get_array_member (body, "UserAttributes"), 0);

    json_object_set_string_member (email, "Value", "another@example.org");
    call_fails (fixture->server, "SignUp", body, "InvalidParameterException", "email");
  }

  /* Nothing of the above created an account or sent mail. */
  g_usleep (200 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (ewe_test_smtp_get_n_messages (fixture->sink), ==, 0);

  /* A second sign-up with the same address. */
  {
    g_autoptr(JsonObject) body = sign_up_body ("twice@example.org", PASSWORD, "T");
    g_autoptr(JsonObject) reply = call_ok (fixture->server, "SignUp", body);
    g_autoptr(JsonObject) again = sign_up_body ("twice@example.org", "Other-password-2", "T2");

    call_fails (fixture->server, "SignUp", again, "UsernameExistsException", NULL);
  }
}

static void
test_confirm_errors (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *email = "confirm@example.org";
  g_autoptr(JsonObject) body = sign_up_body (email, PASSWORD, "C");
  g_autoptr(JsonObject) reply = call_ok (fixture->server, "SignUp", body);
  g_autofree char *code = read_code (fixture->sink, email, 0, NULL);
  g_autofree char *wrong = g_strdup_printf ("%06d", (atoi (code) + 7) % 1000000);

  /* An address without an account gets the answer a wrong code gets. */
  {
    g_autoptr(JsonObject) confirm = body_new ("Username", "nobody@example.org", "ConfirmationCode", code, NULL);
    call_fails (fixture->server, "ConfirmSignUp", confirm, "CodeMismatchException", NULL);
  }

  /* Five wrong guesses use the code up, even for the right one after. */
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(JsonObject) confirm = body_new ("Username", email, "ConfirmationCode", wrong, NULL);
      call_fails (fixture->server, "ConfirmSignUp", confirm, "CodeMismatchException", NULL);
    }
  {
    g_autoptr(JsonObject) confirm = body_new ("Username", email, "ConfirmationCode", code, NULL);
    call_fails (fixture->server, "ConfirmSignUp", confirm, "LimitExceededException", NULL);
  }

  /* A new code starts again. */
  {
    g_autoptr(JsonObject) resend = body_new ("Username", email, NULL);
    g_autoptr(JsonObject) resent = call_ok (fixture->server, "ResendConfirmationCode", resend);
    g_autofree char *new_code = read_code (fixture->sink, email, 1, NULL);
    g_autoptr(JsonObject) confirm = body_new ("Username", email, "ConfirmationCode", new_code, NULL);
    g_autoptr(JsonObject) confirmed = NULL;

    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (resent, "CodeDeliveryDetails"),
                                                    "Destination"), ==, "c***@e***.org");
    confirmed = call_ok (fixture->server, "ConfirmSignUp", confirm);
  }

  /* Confirmed once is enough. */
  {
    g_autoptr(JsonObject) confirm = body_new ("Username", email, "ConfirmationCode", code, NULL);
    g_autoptr(JsonObject) resend = body_new ("Username", email, NULL);

    call_fails (fixture->server, "ConfirmSignUp", confirm, "NotAuthorizedException", "CONFIRMED");
    call_fails (fixture->server, "ResendConfirmationCode", resend, "InvalidParameterException", "confirmed");
  }
}

static void
test_expired_code (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *email = "late@example.org";
  g_autoptr(JsonObject) body = sign_up_body (email, PASSWORD, "L");
  g_autoptr(JsonObject) reply = call_ok (fixture->server, "SignUp", body);
  g_autofree char *code = read_code (fixture->sink, email, 0, NULL);
  g_autoptr(JsonObject) confirm = body_new ("Username", email, "ConfirmationCode", code, NULL);

  /* A day later, as far as the code knows. */
  run_sql (fixture->server, "UPDATE auth_codes SET expires_at = created_at - 1");
  call_fails (fixture->server, "ConfirmSignUp", confirm, "ExpiredCodeException", NULL);
}

static void
test_sign_in_errors (Fixture       *fixture,
                     gconstpointer  data)
{
  sign_up_and_confirm (fixture, "known@example.org", "K");

  /* Wrong password and unknown account: the same answer. */
  sign_in_fails (fixture->server, "known@example.org", "Wrong-password-1", "NotAuthorizedException",
                 "Incorrect username or password.");
  sign_in_fails (fixture->server, "unknown@example.org", PASSWORD, "NotAuthorizedException",
                 "Incorrect username or password.");

  {
    g_autoptr(JsonObject) body = initiate_auth_body ("USER_PASSWORD_AUTH", "USERNAME", "known@example.org", NULL);
    call_fails (fixture->server, "InitiateAuth", body, "InvalidParameterException", "PASSWORD");
  }
  {
    g_autoptr(JsonObject) body = initiate_auth_body ("USER_SRP_AUTH", "USERNAME", "known@example.org", NULL);
    call_fails (fixture->server, "InitiateAuth", body, "InvalidParameterException", "USER_SRP_AUTH");
  }
  {
    g_autoptr(JsonObject) body = initiate_auth_body ("MAGIC", NULL);
    call_fails (fixture->server, "InitiateAuth", body, "InvalidParameterException", "authFlow");
  }
  {
    g_autoptr(JsonObject) body = initiate_auth_body ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN", "made-up", NULL);
    call_fails (fixture->server, "InitiateAuth", body, "NotAuthorizedException", "Invalid Refresh Token");
  }
  {
    g_autoptr(JsonObject) body = json_object_new ();

    json_object_set_string_member (body, "AccessToken", "not.a.token");
    call_fails (fixture->server, "GetUser", body, "NotAuthorizedException", "Invalid Access Token");
    call_fails (fixture->server, "GlobalSignOut", body, "NotAuthorizedException", "Invalid Access Token");
  }

  /* An ID token is not an access token. */
  {
    g_autoptr(JsonObject) tokens = sign_in (fixture->server, "known@example.org", PASSWORD);
    g_autoptr(JsonObject) body = json_object_new ();

    json_object_set_string_member (body, "AccessToken", json_object_get_string_member (tokens, "IdToken"));
    call_fails (fixture->server, "GetUser", body, "NotAuthorizedException", "Invalid Access Token");
  }
}

static void
test_throttling (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *email = "locked@example.org";

  sign_up_and_confirm (fixture, email, "L");

  for (guint i = 0; i < 5; i++)
    sign_in_fails (fixture->server, email, "Wrong-password-1", "NotAuthorizedException",
                   "Incorrect username or password.");

  /* Locked: even the right password is refused for a while. */
  sign_in_fails (fixture->server, email, PASSWORD, "NotAuthorizedException", "Password attempts exceeded");

  /* The first lock lasts a second. */
  g_usleep (1200 * G_TIME_SPAN_MILLISECOND);
  {
    g_autoptr(JsonObject) tokens = sign_in (fixture->server, email, PASSWORD);
  }

  /* Success cleared the count: one failure does not lock. */
  sign_in_fails (fixture->server, email, "Wrong-password-1", "NotAuthorizedException", "Incorrect");
  {
    g_autoptr(JsonObject) tokens = sign_in (fixture->server, email, PASSWORD);
  }

  /* Addresses without an account are throttled alike, so the lock does not
   * tell which have one. */
  for (guint i = 0; i < 5; i++)
    sign_in_fails (fixture->server, "ghost@example.org", PASSWORD, "NotAuthorizedException", "Incorrect");
  sign_in_fails (fixture->server, "ghost@example.org", PASSWORD, "NotAuthorizedException",
                 "Password attempts exceeded");
}

static void
test_normalisation (Fixture       *fixture,
                    gconstpointer  data)
{
  sign_up_and_confirm (fixture, "Zoe.Smith@GoogleMail.com", "Z");

  {
    g_autoptr(JsonObject) body = sign_up_body ("zoe.smith@gmail.com", PASSWORD, "Z2");
    call_fails (fixture->server, "SignUp", body, "UsernameExistsException", NULL);
  }
  {
    g_autoptr(JsonObject) body = sign_up_body ("ZOE.SMITH@GOOGLEMAIL.COM", PASSWORD, "Z3");
    call_fails (fixture->server, "SignUp", body, "UsernameExistsException", NULL);
  }

  {
    g_autoptr(JsonObject) a = sign_in (fixture->server, "zoe.smith@gmail.com", PASSWORD);
    g_autoptr(JsonObject) b = sign_in (fixture->server, "  ZOE.Smith@googlemail.com ", PASSWORD);
    g_autoptr(JsonObject) claims_a = verify_token (fixture->server, json_object_get_string_member (a, "IdToken"));
    g_autoptr(JsonObject) claims_b = verify_token (fixture->server, json_object_get_string_member (b, "IdToken"));

    g_assert_cmpstr (json_object_get_string_member (claims_a, "sub"), ==,
                     json_object_get_string_member (claims_b, "sub"));
    /* Mail goes to the address as it was typed. */
    g_assert_cmpstr (json_object_get_string_member (claims_a, "email"), ==, "Zoe.Smith@GoogleMail.com");
  }
}

static void
test_forgot_password (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *email = "alice@example.org";
  g_autoptr(JsonObject) old_tokens = NULL;
  g_autoptr(JsonObject) known_reply = NULL;
  g_autoptr(JsonObject) unknown_reply = NULL;
  g_autoptr(JsonNode) known_node = NULL;
  g_autoptr(JsonNode) unknown_node = NULL;
  g_autofree char *known_json = NULL;
  g_autofree char *unknown_json = NULL;
  g_autofree char *code = NULL;
  guint before;
  guint status_known = 0;
  guint status_unknown = 0;

  sign_up_and_confirm (fixture, email, "Alice");
  old_tokens = sign_in (fixture->server, email, PASSWORD);
  before = ewe_test_smtp_get_n_messages (fixture->sink);

  /* Known and unknown addresses get the same answer, byte for byte. */
  {
    g_autoptr(JsonObject) known = body_new ("Username", email, NULL);
    g_autoptr(JsonObject) unknown = body_new ("Username", "alicf@example.org", NULL);

    known_reply = call (fixture->server, "ForgotPassword", known, &status_known);
    unknown_reply = call (fixture->server, "ForgotPassword", unknown, &status_unknown);
  }
  g_assert_cmpuint (status_known, ==, 200);
  g_assert_cmpuint (status_unknown, ==, 200);
  known_node = json_node_init_object (json_node_alloc (), known_reply);
  unknown_node = json_node_init_object (json_node_alloc (), unknown_reply);
  known_json = json_to_string (known_node, FALSE);
  unknown_json = json_to_string (unknown_node, FALSE);
  g_assert_cmpstr (known_json, ==, unknown_json);

  /* Only the real account gets mail. */
  code = read_code (fixture->sink, email, before, NULL);
  g_usleep (300 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (ewe_test_smtp_get_n_messages (fixture->sink), ==, before + 1);

  {
    g_autoptr(JsonObject) body = body_new ("Username", "alicf@example.org", "ConfirmationCode", code,
                                           "Password", "New-password-2", NULL);
    call_fails (fixture->server, "ConfirmForgotPassword", body, "CodeMismatchException", NULL);
  }
  {
    g_autoptr(JsonObject) body = body_new ("Username", email, "ConfirmationCode", code,
                                           "Password", "weak", NULL);
    call_fails (fixture->server, "ConfirmForgotPassword", body, "InvalidPasswordException", NULL);
  }
  {
    g_autoptr(JsonObject) body = body_new ("Username", email, "ConfirmationCode", "000000x",
                                           "Password", "New-password-2", NULL);
    call_fails (fixture->server, "ConfirmForgotPassword", body, "CodeMismatchException", NULL);
  }
  {
    g_autoptr(JsonObject) body = body_new ("Username", email, "ConfirmationCode", code,
                                           "Password", "New-password-2", NULL);
    g_autoptr(JsonObject) reply = call_ok (fixture->server, "ConfirmForgotPassword", body);
  }

  sign_in_fails (fixture->server, email, PASSWORD, "NotAuthorizedException", "Incorrect");
  {
    g_autoptr(JsonObject) tokens = sign_in (fixture->server, email, "New-password-2");
  }

  /* The code is spent, and devices signed in with the old password are out. */
  {
    g_autoptr(JsonObject) body = body_new ("Username", email, "ConfirmationCode", code,
                                           "Password", "Third-password-3", NULL);
    g_autoptr(JsonObject) refresh = initiate_auth_body ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN",
                                                        json_object_get_string_member (old_tokens, "RefreshToken"),
                                                        NULL);

    call_fails (fixture->server, "ConfirmForgotPassword", body, "ExpiredCodeException", NULL);
    call_fails (fixture->server, "InitiateAuth", refresh, "NotAuthorizedException", "revoked");
  }
}

static void
test_code_mail_rate_limit (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *emails[] = { "rate@example.org", "no-account@example.org" };
  g_autoptr(JsonObject) body = sign_up_body ("rate@example.org", PASSWORD, "R");
  g_autoptr(JsonObject) reply = call_ok (fixture->server, "SignUp", body);

  /* Five code mails an hour per address, account or not. */
  for (guint e = 0; e < G_N_ELEMENTS (emails); e++)
    {
      for (guint i = 0; i < 5; i++)
        {
          g_autoptr(JsonObject) resend = body_new ("Username", emails[e], NULL);
          g_autoptr(JsonObject) resent = call_ok (fixture->server, "ResendConfirmationCode", resend);
        }
      {
        g_autoptr(JsonObject) resend = body_new ("Username", emails[e], NULL);
        g_autoptr(JsonObject) forgot = body_new ("Username", emails[e], NULL);

        call_fails (fixture->server, "ResendConfirmationCode", resend, "LimitExceededException", NULL);
        call_fails (fixture->server, "ForgotPassword", forgot, "LimitExceededException", NULL);
      }
    }
}

static void
test_restart_keeps_accounts_and_tokens (Fixture       *fixture,
                                        gconstpointer  data)
{
  const char *email = "stays@example.org";
  g_autoptr(JsonObject) tokens = NULL;
  g_autofree char *secret_path = NULL;
  GStatBuf st;

  sign_up_and_confirm (fixture, email, "S");
  tokens = sign_in (fixture->server, email, PASSWORD);

  secret_path = g_build_filename (fixture->server->data_dir, "jwt-secret", NULL);
  g_assert_cmpint (g_stat (secret_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_true (ewe_test_server_restart (fixture->server));

  /* Same secret, same sessions, same accounts. */
  {
    g_autoptr(JsonObject) get_user = json_object_new ();
    g_autoptr(JsonObject) user = NULL;
    g_autoptr(JsonObject) refresh = initiate_auth_body ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN",
                                                        json_object_get_string_member (tokens, "RefreshToken"),
                                                        NULL);
    g_autoptr(JsonObject) refreshed = NULL;
    g_autoptr(JsonObject) again = NULL;

    json_object_set_string_member (get_user, "AccessToken", json_object_get_string_member (tokens, "AccessToken"));
    user = call_ok (fixture->server, "GetUser", get_user);
    refreshed = call_ok (fixture->server, "InitiateAuth", refresh);
    again = sign_in (fixture->server, email, PASSWORD);
  }
  g_assert_cmpuint (get_with_token (fixture->server, "/api/lists",
                                    json_object_get_string_member (tokens, "IdToken")), ==, 200);
}

/* The SMTP server is down when the code is mailed: the mail waits in the
 * outbox, goes out once the server is back, and only once. */
static void
test_smtp_down_then_up (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *email = "patient@example.org";
  g_autoptr(JsonObject) body = sign_up_body (email, PASSWORD, "P");
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(EweTestMail) mail = NULL;
  g_autofree char *code = NULL;

  ewe_test_smtp_stop (fixture->sink);

  /* Signing up does not wait for, nor fail because of, the mail server. */
  reply = call_ok (fixture->server, "SignUp", body);
  g_usleep (1500 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (ewe_test_smtp_get_n_messages (fixture->sink), ==, 0);

  ewe_test_smtp_start (fixture->sink);
  mail = ewe_test_smtp_wait_for_mail_to (fixture->sink, 0, email, MAIL_TIMEOUT_MS);
  g_assert_nonnull (mail);
  code = ewe_test_mail_dup_code (mail);
  g_assert_nonnull (code);

  /* No second copy, even across a restart. */
  g_usleep (2500 * G_TIME_SPAN_MILLISECOND);
  g_assert_true (ewe_test_server_restart (fixture->server));
  g_usleep (1000 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (ewe_test_smtp_get_n_messages (fixture->sink), ==, 1);

  {
    g_autoptr(JsonObject) confirm = body_new ("Username", email, "ConfirmationCode", code, NULL);
    g_autoptr(JsonObject) confirmed = call_ok (fixture->server, "ConfirmSignUp", confirm);
  }
}

/* Without --smtp-url mail is kept; a later start with one sends it. */
static void
test_mail_disabled_keeps_mail (void)
{
  g_autoptr(EweTestSmtp) sink = ewe_test_smtp_new ();
  g_autoptr(EweTestServer) server = start_server (NULL, 0, NULL);
  g_autoptr(EweTestServer) with_smtp = NULL;
  g_autoptr(JsonObject) body = sign_up_body ("queued@example.org", PASSWORD, "Q");
  g_autoptr(JsonObject) reply = call_ok (server, "SignUp", body);
  g_autoptr(EweTestMail) mail = NULL;
  g_autofree char *data_dir = g_strdup (server->data_dir);
  g_autofree char *code = NULL;

  g_assert_cmpint (ewe_test_server_stop (server), ==, 0);

  with_smtp = start_server (data_dir, 0, sink);
  g_assert_nonnull (with_smtp);
  mail = ewe_test_smtp_wait_for_mail_to (sink, 0, "queued@example.org", MAIL_TIMEOUT_MS);
  g_assert_nonnull (mail);
  code = ewe_test_mail_dup_code (mail);
  g_assert_nonnull (code);

  /* The first server owns (and removes) the data directory. */
  g_clear_pointer (&with_smtp, ewe_test_server_free);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/server/auth/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("full-flow", test_full_flow);
  ADD ("protocol-errors", test_protocol_errors);
  ADD ("sign-up-errors", test_sign_up_errors);
  ADD ("confirm-errors", test_confirm_errors);
  ADD ("expired-code", test_expired_code);
  ADD ("sign-in-errors", test_sign_in_errors);
  ADD ("throttling", test_throttling);
  ADD ("normalisation", test_normalisation);
  ADD ("forgot-password", test_forgot_password);
  ADD ("code-mail-rate-limit", test_code_mail_rate_limit);
  ADD ("restart-keeps-accounts-and-tokens", test_restart_keeps_accounts_and_tokens);
  ADD ("smtp-down-then-up", test_smtp_down_then_up);
  g_test_add_func ("/server/auth/mail-disabled-keeps-mail", test_mail_disabled_keeps_mail);

#undef ADD

  return g_test_run ();
}
