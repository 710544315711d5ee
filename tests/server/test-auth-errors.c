/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <libsoup/soup.h>

#include "ews-jwt.h"
#include "ews-test-cognito.h"
#include "ews-test-keys.h"

/* The sign-in API's refusals: Cognito's exception for every mistake, and
 * the limits (codes, lockouts, parallel guesses, mail rate). */

#define PUBLIC_URL EWS_TEST_COGNITO_PUBLIC_URL
#define CLIENT_ID EWS_TEST_COGNITO_CLIENT_ID
#define PASSWORD EWS_TEST_COGNITO_PASSWORD
#define MAIL_TIMEOUT_MS EWS_TEST_COGNITO_MAIL_TIMEOUT_MS

typedef EwsTestCognitoFixture Fixture;

/* Whether the comma-separated list in header @name names @item, in any case
 * (browsers send the headers they ask for in lower case). */
static gboolean
header_list_has (SoupMessageHeaders *headers,
                 const char         *name,
                 const char         *item)
{
  const char *value = soup_message_headers_get_one (headers, name);
  g_auto(GStrv) items = g_strsplit (value != NULL ? value : "", ",", -1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (g_strstrip (items[i]), item) == 0)
        return TRUE;
    }

  return FALSE;
}

/* A browser page using the AWS SDK for JavaScript v3 asks, before its first
 * call, to send these headers; a preflight that leaves one out fails every
 * sign-in from that page. */
static void
test_cors_preflight (Fixture      *fixture,
                     gconstpointer data)
{
  const char *sdk_headers[] = {
    "content-type",
    "x-amz-target",
    "x-amz-user-agent",
    "amz-sdk-invocation-id",
    "amz-sdk-request",
  };
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = ewe_test_server_url (fixture->server, "/api/auth");
  g_autoptr(SoupMessage) msg = soup_message_new ("OPTIONS", url);
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *request = soup_message_get_request_headers (msg);
  SoupMessageHeaders *headers;

  soup_message_headers_replace (request, "Origin", "https://app.example.org");
  soup_message_headers_replace (request, "Access-Control-Request-Method", "POST");
  soup_message_headers_replace (request, "Access-Control-Request-Headers",
                                "amz-sdk-invocation-id,amz-sdk-request,content-type,x-amz-target,x-amz-user-agent");
  response = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);

  headers = soup_message_get_response_headers (msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 204);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Access-Control-Allow-Origin"), ==, "*");
  g_assert_true (header_list_has (headers, "Access-Control-Allow-Methods", "POST"));
  for (guint i = 0; i < G_N_ELEMENTS (sdk_headers); i++)
    {
      if (!header_list_has (headers, "Access-Control-Allow-Headers", sdk_headers[i]))
        g_error ("The preflight does not allow %s: %s", sdk_headers[i],
                 soup_message_headers_get_one (headers, "Access-Control-Allow-Headers"));
    }
}

static void
test_protocol_errors (Fixture      *fixture,
                      gconstpointer data)
{
  guint status = 0;

  {
    g_autoptr(JsonObject) reply = ews_test_cognito_call_raw (fixture->server, NULL, "{}", &status);
    g_assert_cmpuint (status, ==, 400);
    g_assert_cmpstr (json_object_get_string_member (reply, "__type"), ==, "UnknownOperationException");
  }
  {
    g_autoptr(JsonObject) reply = ews_test_cognito_call_raw (fixture->server, "AWSCognitoIdentityProviderService.AdminDeleteUser",
                                                              "{}", &status);
    g_assert_cmpuint (status, ==, 400);
    g_assert_cmpstr (json_object_get_string_member (reply, "__type"), ==, "UnknownOperationException");
  }
  {
    g_autoptr(JsonObject) reply = ews_test_cognito_call_raw (fixture->server, "AWSCognitoIdentityProviderService.SignUp",
                                                              "{not json", &status);
    g_assert_cmpuint (status, ==, 400);
    g_assert_cmpstr (json_object_get_string_member (reply, "__type"), ==, "SerializationException");
  }
  {
    g_autoptr(JsonObject) reply = ews_test_cognito_call_raw (fixture->server, "AWSCognitoIdentityProviderService.SignUp",
                                                              "[1, 2]", &status);
    g_assert_cmpuint (status, ==, 400);
    g_assert_cmpstr (json_object_get_string_member (reply, "__type"), ==, "SerializationException");
  }

  /* Web pages may call it, as they may call Cognito. */
  {
    g_autoptr(SoupSession) session = soup_session_new ();
    g_autofree char *url = ewe_test_server_url (fixture->server, "/api/auth");
    g_autoptr(SoupMessage) msg = soup_message_new ("OPTIONS", url);
    g_autoptr(GBytes) response = NULL;
    g_autoptr(GError) error = NULL;
    SoupMessageHeaders *headers;

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Origin", "https://app.example.org");
    soup_message_headers_replace (soup_message_get_request_headers (msg),
                                  "Access-Control-Request-Method", "POST");
    response = soup_session_send_and_read (session, msg, NULL, &error);
    g_assert_no_error (error);
    headers = soup_message_get_response_headers (msg);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 204);
    g_assert_cmpstr (soup_message_headers_get_one (headers, "Access-Control-Allow-Origin"), ==, "*");
    g_assert_true (header_list_has (headers, "Access-Control-Allow-Headers", "X-Amz-Target"));
  }

  /* An unknown ClientId, for every operation. */
  {
    const char *operations[] = { "SignUp", "ConfirmSignUp", "ResendConfirmationCode", "InitiateAuth",
                                 "ForgotPassword", "ConfirmForgotPassword" };

    for (guint i = 0; i < G_N_ELEMENTS (operations); i++)
      {
        g_autoptr(JsonObject) body = ews_test_cognito_sign_up_body ("a@example.org", PASSWORD, "A");

        json_object_set_string_member (body, "ClientId", "someone-elses-app");
        ews_test_cognito_call_fails (fixture->server, operations[i], body, "ResourceNotFoundException", "someone-elses-app");
      }
  }
}

static void
test_sign_up_errors (Fixture      *fixture,
                     gconstpointer data)
{
  struct
  {
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
      g_autoptr(JsonObject) body = ews_test_cognito_sign_up_body ("weak@example.org", weak[i].password, "W");
      ews_test_cognito_call_fails (fixture->server, "SignUp", body, weak[i].type, NULL);
    }

  {
    g_autoptr(JsonObject) body = ews_test_cognito_sign_up_body ("not-an-email", PASSWORD, "N");
    ews_test_cognito_call_fails (fixture->server, "SignUp", body, "InvalidParameterException", "email");
  }
  {
    g_autoptr(JsonObject) body = ews_test_cognito_body_new ("Username", "nopassword@example.org", NULL);
    ews_test_cognito_call_fails (fixture->server, "SignUp", body, "InvalidParameterException", "Password");
  }
  {
    g_autoptr(JsonObject) body = ews_test_cognito_sign_up_body ("typed@example.org", PASSWORD, "T");
    json_object_set_int_member (body, "Password", 12345678);
    ews_test_cognito_call_fails (fixture->server, "SignUp", body, "SerializationException", NULL);
  }
  {
    g_autoptr(JsonObject) body = ews_test_cognito_sign_up_body ("attr@example.org", PASSWORD, "A");
    JsonObject *attribute = json_object_new ();

    json_object_set_string_member (attribute, "Name", "custom:role");
    json_object_set_string_member (attribute, "Value", "admin");
    json_array_add_object_element (json_object_get_array_member (body, "UserAttributes"), attribute);
    ews_test_cognito_call_fails (fixture->server, "SignUp", body, "InvalidParameterException", "custom:role");
  }
  {
    g_autoptr(JsonObject) body = ews_test_cognito_sign_up_body ("one@example.org", PASSWORD, "A");
    JsonObject *email = json_array_get_object_element (json_object_get_array_member (body, "UserAttributes"), 0);

    json_object_set_string_member (email, "Value", "another@example.org");
    ews_test_cognito_call_fails (fixture->server, "SignUp", body, "InvalidParameterException", "email");
  }

  /* Nothing of the above created an account or sent mail. */
  g_usleep (200 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (ewe_test_smtp_get_n_messages (fixture->sink), ==, 0);

  /* A second sign-up with the same address, never confirmed: it looks like
   * the first, and the new password and code replace the old ones. */
  {
    g_autoptr(JsonObject) body = ews_test_cognito_sign_up_body ("twice@example.org", PASSWORD, "T");
    g_autoptr(JsonObject) reply = ews_test_cognito_call_ok (fixture->server, "SignUp", body);
    g_autoptr(JsonObject) again = ews_test_cognito_sign_up_body ("twice@example.org", "Other-password-2", "T2");
    g_autoptr(JsonObject) reply_again = ews_test_cognito_call_ok (fixture->server, "SignUp", again);
    g_autofree char *old_code = ews_test_cognito_read_code (fixture->sink, "twice@example.org", 0, NULL);
    g_autofree char *code = ews_test_cognito_read_code (fixture->sink, "twice@example.org", 1, NULL);
    g_autoptr(JsonObject) old_confirm = ews_test_cognito_body_new ("Username", "twice@example.org",
                                                                    "ConfirmationCode", old_code, NULL);
    g_autoptr(JsonObject) confirm = ews_test_cognito_body_new ("Username", "twice@example.org",
                                                                "ConfirmationCode", code, NULL);
    g_autoptr(JsonObject) confirmed = NULL;
    g_autoptr(JsonObject) tokens = NULL;

    g_assert_cmpstr (json_object_get_string_member (reply, "UserSub"), !=,
                     json_object_get_string_member (reply_again, "UserSub"));
    if (g_strcmp0 (old_code, code) != 0)
      ews_test_cognito_call_fails (fixture->server, "ConfirmSignUp", old_confirm, "CodeMismatchException", NULL);
    confirmed = ews_test_cognito_call_ok (fixture->server, "ConfirmSignUp", confirm);
    ews_test_cognito_sign_in_fails (fixture->server, "twice@example.org", PASSWORD, "NotAuthorizedException", NULL);
    tokens = ews_test_cognito_sign_in (fixture->server, "twice@example.org", "Other-password-2");
  }
}

static void
test_confirm_errors (Fixture      *fixture,
                     gconstpointer data)
{
  const char *email = "confirm@example.org";
  g_autoptr(JsonObject) body = ews_test_cognito_sign_up_body (email, PASSWORD, "C");
  g_autoptr(JsonObject) reply = ews_test_cognito_call_ok (fixture->server, "SignUp", body);
  g_autofree char *code = ews_test_cognito_read_code (fixture->sink, email, 0, NULL);
  g_autofree char *wrong = g_strdup_printf ("%06d", (atoi (code) + 7) % 1000000);

  /* An address without an account gets the answer a wrong code gets. */
  {
    g_autoptr(JsonObject) confirm = ews_test_cognito_body_new ("Username", "nobody@example.org", "ConfirmationCode", code, NULL);
    ews_test_cognito_call_fails (fixture->server, "ConfirmSignUp", confirm, "CodeMismatchException", NULL);
  }

  /* Five wrong guesses use the code up, even for the right one after. */
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(JsonObject) confirm = ews_test_cognito_body_new ("Username", email, "ConfirmationCode", wrong, NULL);
      ews_test_cognito_call_fails (fixture->server, "ConfirmSignUp", confirm, "CodeMismatchException", NULL);
    }
  {
    g_autoptr(JsonObject) confirm = ews_test_cognito_body_new ("Username", email, "ConfirmationCode", code, NULL);
    ews_test_cognito_call_fails (fixture->server, "ConfirmSignUp", confirm, "LimitExceededException", NULL);
  }

  /* A new code starts again. */
  {
    g_autoptr(JsonObject) resend = ews_test_cognito_body_new ("Username", email, NULL);
    g_autoptr(JsonObject) resent = ews_test_cognito_call_ok (fixture->server, "ResendConfirmationCode", resend);
    g_autofree char *new_code = ews_test_cognito_read_code (fixture->sink, email, 1, NULL);
    g_autoptr(JsonObject) confirm = ews_test_cognito_body_new ("Username", email, "ConfirmationCode", new_code, NULL);
    g_autoptr(JsonObject) confirmed = NULL;

    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (resent, "CodeDeliveryDetails"),
                                                    "Destination"),
                     ==, "c***@e***.org");
    confirmed = ews_test_cognito_call_ok (fixture->server, "ConfirmSignUp", confirm);
  }

  /* Confirmed once is enough; a confirmed address is answered as one
   * without an account is, and is sent nothing. */
  {
    g_autoptr(JsonObject) confirm = ews_test_cognito_body_new ("Username", email, "ConfirmationCode", code, NULL);
    g_autoptr(JsonObject) resend = ews_test_cognito_body_new ("Username", email, NULL);
    g_autoptr(JsonObject) resent = NULL;
    guint already;

    ews_test_cognito_call_fails (fixture->server, "ConfirmSignUp", confirm, "CodeMismatchException", NULL);
    g_usleep (200 * G_TIME_SPAN_MILLISECOND);
    already = ewe_test_smtp_get_n_messages (fixture->sink);
    resent = ews_test_cognito_call_ok (fixture->server, "ResendConfirmationCode", resend);
    g_usleep (200 * G_TIME_SPAN_MILLISECOND);
    g_assert_cmpuint (ewe_test_smtp_get_n_messages (fixture->sink), ==, already);
  }
}

static void
test_expired_code (Fixture      *fixture,
                   gconstpointer data)
{
  const char *email = "late@example.org";
  g_autoptr(JsonObject) body = ews_test_cognito_sign_up_body (email, PASSWORD, "L");
  g_autoptr(JsonObject) reply = ews_test_cognito_call_ok (fixture->server, "SignUp", body);
  g_autofree char *code = ews_test_cognito_read_code (fixture->sink, email, 0, NULL);
  g_autoptr(JsonObject) confirm = ews_test_cognito_body_new ("Username", email, "ConfirmationCode", code, NULL);

  /* A sign-up code lasts a day. */
  ewe_test_server_advance_clock (fixture->server, 24 * 60 * 60);
  ews_test_cognito_call_fails (fixture->server, "ConfirmSignUp", confirm, "ExpiredCodeException", NULL);
}

static void
test_sign_in_errors (Fixture      *fixture,
                     gconstpointer data)
{
  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, "known@example.org", "K");

  /* Wrong password and unknown account: the same answer. */
  ews_test_cognito_sign_in_fails (fixture->server, "known@example.org", "Wrong-password-1", "NotAuthorizedException",
                                  "Incorrect username or password.");
  ews_test_cognito_sign_in_fails (fixture->server, "unknown@example.org", PASSWORD, "NotAuthorizedException",
                                  "Incorrect username or password.");

  {
    g_autoptr(JsonObject) body = ews_test_cognito_initiate_auth_body ("USER_PASSWORD_AUTH", "USERNAME", "known@example.org", NULL);
    ews_test_cognito_call_fails (fixture->server, "InitiateAuth", body, "InvalidParameterException", "PASSWORD");
  }
  {
    /* SRP is a flow of ours now (test-srp.c); without its A, no flow at all. */
    g_autoptr(JsonObject) body = ews_test_cognito_initiate_auth_body ("USER_SRP_AUTH", "USERNAME", "known@example.org", NULL);
    ews_test_cognito_call_fails (fixture->server, "InitiateAuth", body, "InvalidParameterException", "SRP_A");
  }
  {
    g_autoptr(JsonObject) body = ews_test_cognito_initiate_auth_body ("MAGIC", "USERNAME", "known@example.org", NULL);
    ews_test_cognito_call_fails (fixture->server, "InitiateAuth", body, "InvalidParameterException", "authFlow");
  }
  {
    g_autoptr(JsonObject) body = ews_test_cognito_initiate_auth_body ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN", "made-up", NULL);
    ews_test_cognito_call_fails (fixture->server, "InitiateAuth", body, "NotAuthorizedException", "Invalid Refresh Token");
  }
  {
    g_autoptr(JsonObject) body = json_object_new ();

    json_object_set_string_member (body, "AccessToken", "not.a.token");
    ews_test_cognito_call_fails (fixture->server, "GetUser", body, "NotAuthorizedException", "Invalid Access Token");
    ews_test_cognito_call_fails (fixture->server, "GlobalSignOut", body, "NotAuthorizedException", "Invalid Access Token");
  }

  /* An ID token is not an access token. */
  {
    g_autoptr(JsonObject) tokens = ews_test_cognito_sign_in (fixture->server, "known@example.org", PASSWORD);
    g_autoptr(JsonObject) body = json_object_new ();

    json_object_set_string_member (body, "AccessToken", json_object_get_string_member (tokens, "IdToken"));
    ews_test_cognito_call_fails (fixture->server, "GetUser", body, "NotAuthorizedException", "Invalid Access Token");
  }

  /* A valid access token whose account an administrator has removed. */
  {
    g_autoptr(JsonObject) tokens = NULL;
    g_autoptr(JsonObject) body = json_object_new ();

    ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, "removed@example.org", "R");
    tokens = ews_test_cognito_sign_in (fixture->server, "removed@example.org", PASSWORD);
    ews_test_cognito_run_sql (fixture->server, "DELETE FROM users WHERE email_key = 'removed@example.org'");

    json_object_set_string_member (body, "AccessToken", json_object_get_string_member (tokens, "AccessToken"));
    ews_test_cognito_call_fails (fixture->server, "GetUser", body, "UserNotFoundException", NULL);
  }
}

/* A deep copy: json_node_copy() shares the members. */
static JsonObject *
copy_object (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autofree char *text = json_to_string (node, FALSE);
  g_autoptr(JsonNode) copy = json_from_string (text, NULL);

  return json_object_ref (json_node_get_object (copy));
}

static char *
sign_with_server_key (EweTestServer *server,
                      JsonObject    *claims)
{
  return ews_test_keys_sign_raw (server, claims);
}

static void
get_user_fails (EweTestServer *server,
                const char    *access_token,
                const char    *message)
{
  g_autoptr(JsonObject) body = json_object_new ();

  json_object_set_string_member (body, "AccessToken", access_token);
  ews_test_cognito_call_fails (server, "GetUser", body, "NotAuthorizedException", message);
}

/* GetUser takes only our own, current access tokens for this client: each
 * claim changed in turn, and the signature, make it refuse one. */
static void
test_access_token_checks (Fixture      *fixture,
                          gconstpointer data)
{
  g_autoptr(JsonObject) tokens = NULL;
  g_autoptr(JsonObject) claims = NULL;
  struct
  {
    const char *claim;
    const char *value;
  } changes[] = {
    { "token_use", "id" },
    { "client_id", "someone-elses-app" },
    { "iss", "https://evil.example.org" },
    { "origin_jti", "no-such-session" },
    { "sub", "00000000-0000-0000-0000-000000000000" },
  };

  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, "checked@example.org", "C");
  tokens = ews_test_cognito_sign_in (fixture->server, "checked@example.org", PASSWORD);
  claims = ews_test_cognito_verify_token (fixture->server, json_object_get_string_member (tokens, "AccessToken"));

  /* Re-signed unchanged, it is accepted: the test signs as the server does. */
  {
    g_autofree char *same = sign_with_server_key (fixture->server, claims);
    g_autoptr(JsonObject) body = json_object_new ();
    g_autoptr(JsonObject) user = NULL;

    json_object_set_string_member (body, "AccessToken", same);
    user = ews_test_cognito_call_ok (fixture->server, "GetUser", body);
  }

  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      g_autoptr(JsonObject) changed = copy_object (claims);
      g_autofree char *token = NULL;

      json_object_set_string_member (changed, changes[i].claim, changes[i].value);
      token = sign_with_server_key (fixture->server, changed);

      /* A token naming an account that does not exist says so, as Cognito. */
      if (g_strcmp0 (changes[i].claim, "sub") == 0)
        {
          g_autoptr(JsonObject) body = json_object_new ();

          json_object_set_string_member (body, "AccessToken", token);
          ews_test_cognito_call_fails (fixture->server, "GetUser", body, "UserNotFoundException", NULL);
        }
      else
        {
          get_user_fails (fixture->server, token, "Invalid Access Token");
        }
    }

  /* Expired. */
  {
    g_autoptr(JsonObject) expired = copy_object (claims);
    g_autofree char *token = NULL;

    json_object_set_int_member (expired, "exp", g_get_real_time () / G_USEC_PER_SEC - 1);
    token = sign_with_server_key (fixture->server, expired);
    get_user_fails (fixture->server, token, "Access Token has expired");
  }

  /* Signed with a key that is not the server's. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(EwsJwtKey) other = ews_jwt_key_generate (&error);
    g_autofree char *token = NULL;

    g_assert_no_error (error);
    token = ews_jwt_sign (other, claims);
    get_user_fails (fixture->server, token, "Invalid Access Token");
  }
}

static void
test_throttling (Fixture      *fixture,
                 gconstpointer data)
{
  const char *email = "locked@example.org";

  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, email, "L");

  for (guint i = 0; i < 5; i++)
    ews_test_cognito_sign_in_fails (fixture->server, email, "Wrong-password-1", "NotAuthorizedException",
                                    "Incorrect username or password.");

  /* Locked: even the right password is refused for a while. */
  ews_test_cognito_sign_in_fails (fixture->server, email, PASSWORD, "NotAuthorizedException", "Password attempts exceeded");

  /* The first lock lasts a second, by the server's clock. */
  ewe_test_server_advance_clock (fixture->server, 1);
  {
    g_autoptr(JsonObject) tokens = ews_test_cognito_sign_in (fixture->server, email, PASSWORD);
  }

  /* Success cleared the count: one failure does not lock. */
  ews_test_cognito_sign_in_fails (fixture->server, email, "Wrong-password-1", "NotAuthorizedException", "Incorrect");
  {
    g_autoptr(JsonObject) tokens = ews_test_cognito_sign_in (fixture->server, email, PASSWORD);
  }

  /* Addresses without an account are throttled alike, so the lock does not
   * tell which have one. */
  for (guint i = 0; i < 5; i++)
    ews_test_cognito_sign_in_fails (fixture->server, "ghost@example.org", PASSWORD, "NotAuthorizedException", "Incorrect");
  ews_test_cognito_sign_in_fails (fixture->server, "ghost@example.org", PASSWORD, "NotAuthorizedException",
                                  "Password attempts exceeded");
}

/* Signs in from the loopback address @from; returns the __type of the
 * answer, "" for success, and the message in *message. */
static char *
sign_in_from (EweTestServer *server,
              const char    *from,
              const char    *email,
              const char    *password,
              char         **message)
{
  g_autoptr(JsonObject) body = ews_test_cognito_initiate_auth_body ("USER_PASSWORD_AUTH", "USERNAME", email,
                                                                     "PASSWORD", password, NULL);
  g_autoptr(JsonObject) reply = NULL;
  guint status = 0;

  reply = ews_test_cognito_call_from (server, from, "InitiateAuth", body, &status);
  if (message != NULL)
    *message = g_strdup (json_object_get_string_member_with_default (reply, "message", ""));
  if (status == 200)
    return g_strdup ("");

  g_assert_cmpuint (status, ==, 400);
  return g_strdup (json_object_get_string_member (reply, "__type"));
}

/* A stranger guessing at someone's password locks only themselves out: the
 * lockout counts failures per account and client address, so the owner,
 * from another address, still signs in. */
static void
test_stranger_cannot_lock_out_owner (Fixture      *fixture,
                                     gconstpointer data)
{
  const char *email = "owner@example.org";
  const char *stranger = "127.0.0.2";
  const char *owner = "127.0.0.1";

  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, email, "O");

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *type = sign_in_from (fixture->server, stranger, email, "Wrong-password-1", NULL);
      g_assert_cmpstr (type, ==, "NotAuthorizedException");
    }

  /* The stranger is locked out, even with the right password... */
  {
    g_autofree char *message = NULL;
    g_autofree char *type = sign_in_from (fixture->server, stranger, email, PASSWORD, &message);

    g_assert_cmpstr (type, ==, "NotAuthorizedException");
    g_assert_cmpstr (message, ==, "Password attempts exceeded");
  }

  /* ...the owner is not, from where they are. */
  {
    g_autofree char *type = sign_in_from (fixture->server, owner, email, PASSWORD, NULL);
    g_assert_cmpstr (type, ==, "");
  }

  /* The owner's success does not lift the stranger's lock. */
  {
    g_autofree char *message = NULL;
    g_autofree char *type = sign_in_from (fixture->server, stranger, email, PASSWORD, &message);

    g_assert_cmpstr (message, ==, "Password attempts exceeded");
  }
}

/* Strangers at many addresses use up the account's sign-ins for the hour
 * (the limit that bounds guessing spread over addresses): more strangers
 * are told to come back later, but the owner, from where they signed in
 * before, still gets in. */
static void
test_strangers_cannot_use_up_owners_sign_ins (Fixture      *fixture,
                                              gconstpointer data)
{
  const char      *email = "owner@example.org";
  guint            attempts = 0;
  guint            address = 10;
  g_autofree char *stranger_type = NULL;

  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, email, "O");
  {
    g_autofree char *type = sign_in_from (fixture->server, "127.0.0.1", email, PASSWORD, NULL);
    g_assert_cmpstr (type, ==, "");
  }

  /* Five guesses from each address (its own lockout stops more), until
   * the account's budget is gone. */
  for (;;)
    {
      g_autofree char *from = g_strdup_printf ("127.0.0.%u", address++);
      gboolean         exhausted = FALSE;

      for (guint i = 0; i < 5 && !exhausted; i++)
        {
          g_autofree char *type = sign_in_from (fixture->server, from, email, "Wrong-password-1", NULL);

          attempts++;
          exhausted = g_str_equal (type, "TooManyRequestsException");
          if (!exhausted)
            g_assert_cmpstr (type, ==, "NotAuthorizedException");
        }

      if (exhausted)
        break;
      g_assert_cmpuint (attempts, <, 200);
    }
  g_test_message ("the account's sign-ins ran out after %u guesses", attempts);

  /* Another stranger is refused at once... */
  {
    g_autofree char *from = g_strdup_printf ("127.0.0.%u", address++);
    stranger_type = sign_in_from (fixture->server, from, email, PASSWORD, NULL);
    g_assert_cmpstr (stranger_type, ==, "TooManyRequestsException");
  }

  /* ...the owner, from a known address, is not. */
  {
    g_autofree char *type = sign_in_from (fixture->server, "127.0.0.1", email, PASSWORD, NULL);
    g_assert_cmpstr (type, ==, "");
  }
}

typedef struct
{
  guint  pending;
  char **types; /* the __type of each answer, "" for success */
} Parallel;

typedef struct
{
  Parallel *parallel;
  guint     index;
} ParallelRequest;

static void
parallel_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ParallelRequest *request = user_data;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, NULL);
  g_autoptr(JsonNode) node = NULL;

  g_assert_nonnull (bytes);
  node = json_from_string (g_bytes_get_data (bytes, NULL), NULL);
  g_assert_nonnull (node);
  request->parallel->types[request->index] =
    g_strdup (json_object_get_string_member_with_default (json_node_get_object (node), "__type", ""));
  request->parallel->pending--;
  g_free (request);
}

/* Sends n sign-ins at once, each on its own connection, and waits for all
 * the answers. */
static char **
parallel_sign_ins (EweTestServer      *server,
                   const char * const *emails,
                   const char * const *passwords,
                   guint               n)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("max-conns-per-host", 32, NULL);
  g_autofree char *url = ewe_test_server_url (server, "/api/auth");
  Parallel         parallel = { n, g_new0 (char *, n + 1) };

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonObject) body = ews_test_cognito_initiate_auth_body ("USER_PASSWORD_AUTH",
                                                                         "USERNAME", emails[i],
                                                                         "PASSWORD", passwords[i], NULL);
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), body);
      g_autofree char *text = json_to_string (node, FALSE);
      g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
      ParallelRequest *request = g_new0 (ParallelRequest, 1);

      request->parallel = &parallel;
      request->index = i;
      soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Amz-Target",
                                    "AWSCognitoIdentityProviderService.InitiateAuth");
      soup_message_set_request_body_from_bytes (msg, "application/x-amz-json-1.1", bytes);
      soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, parallel_done_cb, request);
    }

  while (parallel.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  return parallel.types;
}

/* Password checks run in worker threads: sign-ins for different accounts
 * overlap, while guesses at one account are taken one at a time, so that
 * sending them all at once does not get past the lockout. */
static void
test_parallel_sign_ins (Fixture      *fixture,
                        gconstpointer data)
{
  const char *both[] = { "one@example.org", "two@example.org" };
  const char *passwords[] = { PASSWORD, PASSWORD };
  const char *same[10];
  const char *wrong[10];
  g_auto(GStrv) types = NULL;
  guint incorrect = 0;

  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, both[0], "One");
  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, both[1], "Two");

  types = parallel_sign_ins (fixture->server, both, passwords, 2);
  g_assert_cmpstr (types[0], ==, "");
  g_assert_cmpstr (types[1], ==, "");
  g_clear_pointer (&types, g_strfreev);

  for (guint i = 0; i < G_N_ELEMENTS (same); i++)
    {
      same[i] = both[0];
      wrong[i] = "Wrong-password-1";
    }

  types = parallel_sign_ins (fixture->server, same, wrong, G_N_ELEMENTS (same));
  for (guint i = 0; types[i] != NULL; i++)
    {
      if (strcmp (types[i], "NotAuthorizedException") == 0)
        incorrect++;
      else
        g_assert_cmpstr (types[i], ==, "TooManyRequestsException");
    }

  /* Checked one by one, so at most five were checked before the lock, and
   * every one was counted: the lock comes after exactly five in all. */
  g_assert_cmpuint (incorrect, >=, 1);
  g_assert_cmpuint (incorrect, <=, 5);
  while (TRUE)
    {
      g_autoptr(JsonObject) body = ews_test_cognito_initiate_auth_body ("USER_PASSWORD_AUTH",
                                                                         "USERNAME", both[0],
                                                                         "PASSWORD", "Wrong-password-1",
                                                                         NULL);
      g_autoptr(JsonObject) reply = NULL;
      guint status = 0;

      reply = ews_test_cognito_call (fixture->server, "InitiateAuth", body, &status);
      if (strstr (json_object_get_string_member (reply, "message"), "Password attempts exceeded") != NULL)
        break;
      incorrect++;
      g_assert_cmpuint (incorrect, <=, 5);
    }
  g_assert_cmpuint (incorrect, ==, 5);
  ews_test_cognito_sign_in_fails (fixture->server, both[0], PASSWORD, "NotAuthorizedException",
                                  "Password attempts exceeded");
}

static void
test_code_mail_rate_limit (Fixture      *fixture,
                           gconstpointer data)
{
  const char *emails[] = { "rate@example.org", "no-account@example.org" };
  g_autoptr(JsonObject) body = ews_test_cognito_sign_up_body ("rate@example.org", PASSWORD, "R");
  g_autoptr(JsonObject) reply = ews_test_cognito_call_ok (fixture->server, "SignUp", body);

  /* Five code mails an hour per mailbox, account or not, the sign-up's
   * included. */
  for (guint e = 0; e < G_N_ELEMENTS (emails); e++)
    {
      for (guint i = e == 0 ? 1 : 0; i < 5; i++)
        {
          g_autoptr(JsonObject) resend = ews_test_cognito_body_new ("Username", emails[e], NULL);
          g_autoptr(JsonObject) resent = ews_test_cognito_call_ok (fixture->server, "ResendConfirmationCode", resend);
        }
      {
        g_autoptr(JsonObject) resend = ews_test_cognito_body_new ("Username", emails[e], NULL);
        g_autoptr(JsonObject) forgot = ews_test_cognito_body_new ("Username", emails[e], NULL);

        ews_test_cognito_call_fails (fixture->server, "ResendConfirmationCode", resend, "LimitExceededException", NULL);
        ews_test_cognito_call_fails (fixture->server, "ForgotPassword", forgot, "LimitExceededException", NULL);
      }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func)                                   \
  g_test_add ("/server/auth-errors/" path, Fixture, NULL, \
              ews_test_cognito_fixture_set_up, func, ews_test_cognito_fixture_tear_down)

  ADD ("protocol", test_protocol_errors);
  ADD ("cors-preflight", test_cors_preflight);
  ADD ("sign-up", test_sign_up_errors);
  ADD ("confirm", test_confirm_errors);
  ADD ("expired-code", test_expired_code);
  ADD ("sign-in", test_sign_in_errors);
  ADD ("access-token-checks", test_access_token_checks);
  ADD ("throttling", test_throttling);
  ADD ("stranger-cannot-lock-out-owner", test_stranger_cannot_lock_out_owner);
  ADD ("strangers-cannot-use-up-owners-sign-ins", test_strangers_cannot_use_up_owners_sign_ins);
  ADD ("parallel-sign-ins", test_parallel_sign_ins);
  ADD ("code-mail-rate-limit", test_code_mail_rate_limit);

#undef ADD

  return g_test_run ();
}
