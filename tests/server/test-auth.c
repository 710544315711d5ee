/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "ews-test-cognito.h"

/* The sign-in API end to end: a real server process, a real SMTP sink, and
 * requests shaped exactly as a Cognito client sends them. The errors are in
 * test-auth-errors.c. */

#define PUBLIC_URL EWS_TEST_COGNITO_PUBLIC_URL
#define CLIENT_ID EWS_TEST_COGNITO_CLIENT_ID
#define PASSWORD EWS_TEST_COGNITO_PASSWORD
#define MAIL_TIMEOUT_MS EWS_TEST_COGNITO_MAIL_TIMEOUT_MS

typedef EwsTestCognitoFixture Fixture;

/* --- tests ---------------------------------------------------------------- */

static void
test_full_flow (Fixture      *fixture,
                gconstpointer data)
{
  const char *email = "zoe@example.org";
  g_autoptr(JsonObject) body = ews_test_cognito_sign_up_body (email, PASSWORD, "Zoë <Z>");
  g_autoptr(JsonObject) reply = ews_test_cognito_call_ok (fixture->server, "SignUp", body);
  g_autoptr(JsonObject) tokens = NULL;
  g_autoptr(JsonObject) refreshed = NULL;
  g_autoptr(JsonObject) id_claims = NULL;
  g_autoptr(JsonObject) access_claims = NULL;
  g_autoptr(JsonObject) user = NULL;
  g_autoptr(EweTestMail) welcome = NULL;
  g_autofree char *code = NULL;
  g_autofree char *subject = NULL;
  JsonObject      *delivery;
  JsonArray       *attributes;
  const char      *sub;
  guint            next = 0;

  /* SignUp answers as Cognito does. */
  g_assert_false (json_object_get_boolean_member (reply, "UserConfirmed"));
  sub = json_object_get_string_member (reply, "UserSub");
  g_assert_true (g_uuid_string_is_valid (sub));
  delivery = json_object_get_object_member (reply, "CodeDeliveryDetails");
  g_assert_cmpstr (json_object_get_string_member (delivery, "DeliveryMedium"), ==, "EMAIL");
  g_assert_cmpstr (json_object_get_string_member (delivery, "AttributeName"), ==, "email");
  g_assert_cmpstr (json_object_get_string_member (delivery, "Destination"), ==, "z***@e***.org");

  /* Not before the address is confirmed. */
  ews_test_cognito_sign_in_fails (fixture->server, email, PASSWORD, "UserNotConfirmedException", NULL);

  /* The code comes by mail. */
  code = ews_test_cognito_read_code (fixture->sink, email, 0, &next);
  g_assert_cmpuint (strlen (code), ==, 6);

  {
    g_autofree char *wrong = g_strdup_printf ("%06d", (atoi (code) + 1) % 1000000);
    g_autoptr(JsonObject) confirm = ews_test_cognito_body_new ("Username", email, "ConfirmationCode", wrong, NULL);
    ews_test_cognito_call_fails (fixture->server, "ConfirmSignUp", confirm, "CodeMismatchException", NULL);
  }
  {
    g_autoptr(JsonObject) confirm = ews_test_cognito_body_new ("Username", email, "ConfirmationCode", code, NULL);
    g_autoptr(JsonObject) confirmed = ews_test_cognito_call_ok (fixture->server, "ConfirmSignUp", confirm);
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
  tokens = ews_test_cognito_sign_in (fixture->server, email, PASSWORD);
  g_assert_cmpint (json_object_get_int_member (tokens, "ExpiresIn"), ==, 3600);
  g_assert_cmpstr (json_object_get_string_member (tokens, "TokenType"), ==, "Bearer");
  g_assert_nonnull (json_object_get_string_member (tokens, "RefreshToken"));

  id_claims = ews_test_cognito_verify_token (fixture->server, json_object_get_string_member (tokens, "IdToken"));
  g_assert_cmpstr (json_object_get_string_member (id_claims, "sub"), ==, sub);
  g_assert_cmpstr (json_object_get_string_member (id_claims, "email"), ==, email);
  g_assert_true (json_object_get_boolean_member (id_claims, "email_verified"));
  g_assert_cmpstr (json_object_get_string_member (id_claims, "name"), ==, "Zoë <Z>");
  g_assert_cmpstr (json_object_get_string_member (id_claims, "token_use"), ==, "id");
  g_assert_cmpstr (json_object_get_string_member (id_claims, "aud"), ==, CLIENT_ID);
  g_assert_cmpstr (json_object_get_string_member (id_claims, "iss"), ==, PUBLIC_URL);
  g_assert_cmpint (json_object_get_int_member (id_claims, "exp") -
                     json_object_get_int_member (id_claims, "iat"),
                   ==, 3600);

  access_claims = ews_test_cognito_verify_token (fixture->server, json_object_get_string_member (tokens, "AccessToken"));
  g_assert_cmpstr (json_object_get_string_member (access_claims, "sub"), ==, sub);
  g_assert_cmpstr (json_object_get_string_member (access_claims, "token_use"), ==, "access");
  g_assert_cmpstr (json_object_get_string_member (access_claims, "client_id"), ==, CLIENT_ID);
  g_assert_cmpstr (json_object_get_string_member (access_claims, "username"), ==, sub);

  /* The ID token opens the data API. */
  g_assert_cmpuint (ews_test_cognito_get_with_token (fixture->server, "/api/lists", NULL), ==, 401);
  g_assert_cmpuint (ews_test_cognito_get_with_token (fixture->server, "/api/lists",
                                                     json_object_get_string_member (tokens, "IdToken")),
                    ==, 200);

  /* GetUser. */
  {
    g_autoptr(JsonObject) get_user = json_object_new ();

    json_object_set_string_member (get_user, "AccessToken", json_object_get_string_member (tokens, "AccessToken"));
    user = ews_test_cognito_call_ok (fixture->server, "GetUser", get_user);
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
    g_autoptr(JsonObject) refresh = ews_test_cognito_initiate_auth_body ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN",
                                                                          json_object_get_string_member (tokens, "RefreshToken"),
                                                                          NULL);
    g_autoptr(JsonObject) refresh_reply = ews_test_cognito_call_ok (fixture->server, "InitiateAuth", refresh);

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
    g_autoptr(JsonObject) refresh = ews_test_cognito_initiate_auth_body ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN",
                                                                          json_object_get_string_member (tokens, "RefreshToken"),
                                                                          NULL);
    g_autoptr(JsonObject) get_user = json_object_new ();

    json_object_set_string_member (sign_out, "AccessToken",
                                   json_object_get_string_member (refreshed, "AccessToken"));
    signed_out = ews_test_cognito_call_ok (fixture->server, "GlobalSignOut", sign_out);
    g_assert_cmpuint (json_object_get_size (signed_out), ==, 0);

    ews_test_cognito_call_fails (fixture->server, "InitiateAuth", refresh, "NotAuthorizedException", "revoked");

    json_object_set_string_member (get_user, "AccessToken", json_object_get_string_member (tokens, "AccessToken"));
    ews_test_cognito_call_fails (fixture->server, "GetUser", get_user, "NotAuthorizedException", "revoked");
  }

  /* Signing in again works. */
  g_clear_pointer (&tokens, json_object_unref);
  tokens = ews_test_cognito_sign_in (fixture->server, email, PASSWORD);
}

static void
test_normalisation (Fixture      *fixture,
                    gconstpointer data)
{
  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, "Zoe.Smith@GoogleMail.com", "Z");

  /* Both spellings are the account's: signing up with them makes no new
   * account (and says nothing about it) but warns its owner. */
  {
    const char *spellings[] = { "zoe.smith@gmail.com", "ZOE.SMITH@GOOGLEMAIL.COM" };

    for (guint i = 0; i < G_N_ELEMENTS (spellings); i++)
      {
        guint already = ewe_test_smtp_get_n_messages (fixture->sink);
        g_autoptr(JsonObject) body = ews_test_cognito_sign_up_body (spellings[i], PASSWORD, "Z2");
        g_autoptr(JsonObject) reply = ews_test_cognito_call_ok (fixture->server, "SignUp", body);
        g_autoptr(EweTestMail) mail = ewe_test_smtp_wait_for_mail_to (fixture->sink, already, "Zoe.Smith@GoogleMail.com",
                                                                       MAIL_TIMEOUT_MS);
        g_autofree char *subject = NULL;

        g_assert_nonnull (mail);
        subject = ewe_test_mail_dup_subject (mail);
        g_assert_cmpstr (subject, ==, "Someone tried to sign up with your address");
      }
  }

  {
    g_autoptr(JsonObject) a = ews_test_cognito_sign_in (fixture->server, "zoe.smith@gmail.com", PASSWORD);
    g_autoptr(JsonObject) b = ews_test_cognito_sign_in (fixture->server, "  ZOE.Smith@googlemail.com ", PASSWORD);
    g_autoptr(JsonObject) claims_a = ews_test_cognito_verify_token (fixture->server, json_object_get_string_member (a, "IdToken"));
    g_autoptr(JsonObject) claims_b = ews_test_cognito_verify_token (fixture->server, json_object_get_string_member (b, "IdToken"));

    g_assert_cmpstr (json_object_get_string_member (claims_a, "sub"), ==,
                     json_object_get_string_member (claims_b, "sub"));
    /* Mail goes to the address as it was typed. */
    g_assert_cmpstr (json_object_get_string_member (claims_a, "email"), ==, "Zoe.Smith@GoogleMail.com");
  }
}

static void
test_forgot_password (Fixture      *fixture,
                      gconstpointer data)
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
  guint            before;
  guint            status_known = 0;
  guint            status_unknown = 0;

  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, email, "Alice");
  old_tokens = ews_test_cognito_sign_in (fixture->server, email, PASSWORD);
  before = ewe_test_smtp_get_n_messages (fixture->sink);

  /* Known and unknown addresses get the same answer, byte for byte. */
  {
    g_autoptr(JsonObject) known = ews_test_cognito_body_new ("Username", email, NULL);
    g_autoptr(JsonObject) unknown = ews_test_cognito_body_new ("Username", "alicf@example.org", NULL);

    known_reply = ews_test_cognito_call (fixture->server, "ForgotPassword", known, &status_known);
    unknown_reply = ews_test_cognito_call (fixture->server, "ForgotPassword", unknown, &status_unknown);
  }
  g_assert_cmpuint (status_known, ==, 200);
  g_assert_cmpuint (status_unknown, ==, 200);
  known_node = json_node_init_object (json_node_alloc (), known_reply);
  unknown_node = json_node_init_object (json_node_alloc (), unknown_reply);
  known_json = json_to_string (known_node, FALSE);
  unknown_json = json_to_string (unknown_node, FALSE);
  g_assert_cmpstr (known_json, ==, unknown_json);

  /* Only the real account gets mail. */
  code = ews_test_cognito_read_code (fixture->sink, email, before, NULL);
  g_usleep (300 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (ewe_test_smtp_get_n_messages (fixture->sink), ==, before + 1);

  {
    g_autoptr(JsonObject) body = ews_test_cognito_body_new ("Username", "alicf@example.org", "ConfirmationCode", code,
                                                             "Password", "New-password-2", NULL);
    ews_test_cognito_call_fails (fixture->server, "ConfirmForgotPassword", body, "CodeMismatchException", NULL);
  }
  {
    g_autoptr(JsonObject) body = ews_test_cognito_body_new ("Username", email, "ConfirmationCode", code,
                                                             "Password", "weak", NULL);
    ews_test_cognito_call_fails (fixture->server, "ConfirmForgotPassword", body, "InvalidPasswordException", NULL);
  }
  {
    g_autoptr(JsonObject) body = ews_test_cognito_body_new ("Username", email, "ConfirmationCode", "000000x",
                                                             "Password", "New-password-2", NULL);
    ews_test_cognito_call_fails (fixture->server, "ConfirmForgotPassword", body, "CodeMismatchException", NULL);
  }
  {
    g_autoptr(JsonObject) body = ews_test_cognito_body_new ("Username", email, "ConfirmationCode", code,
                                                             "Password", "New-password-2", NULL);
    g_autoptr(JsonObject) reply = ews_test_cognito_call_ok (fixture->server, "ConfirmForgotPassword", body);
  }

  ews_test_cognito_sign_in_fails (fixture->server, email, PASSWORD, "NotAuthorizedException", "Incorrect");
  {
    g_autoptr(JsonObject) tokens = ews_test_cognito_sign_in (fixture->server, email, "New-password-2");
  }

  /* The code is spent, and devices signed in with the old password are out. */
  {
    g_autoptr(JsonObject) body = ews_test_cognito_body_new ("Username", email, "ConfirmationCode", code,
                                                             "Password", "Third-password-3", NULL);
    g_autoptr(JsonObject) refresh = ews_test_cognito_initiate_auth_body ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN",
                                                                          json_object_get_string_member (old_tokens, "RefreshToken"),
                                                                          NULL);

    /* Without a live code, an account is answered as an unknown address is. */
    ews_test_cognito_call_fails (fixture->server, "ConfirmForgotPassword", body, "CodeMismatchException", NULL);
    ews_test_cognito_call_fails (fixture->server, "InitiateAuth", refresh, "NotAuthorizedException", "revoked");
  }
}

static void
test_change_password (Fixture      *fixture,
                      gconstpointer data)
{
  const char *email = "changer@example.org";
  g_autoptr(JsonObject) tokens = NULL;

  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, email, "C");
  tokens = ews_test_cognito_sign_in (fixture->server, email, PASSWORD);

  {
    g_autoptr(JsonObject) body = json_object_new ();

    json_object_set_string_member (body, "AccessToken", json_object_get_string_member (tokens, "AccessToken"));
    json_object_set_string_member (body, "PreviousPassword", "Not-the-password-1");
    json_object_set_string_member (body, "ProposedPassword", "Brand-new-pass-2");
    ews_test_cognito_call_fails (fixture->server, "ChangePassword", body, "NotAuthorizedException",
                                 "Incorrect username or password.");

    json_object_set_string_member (body, "PreviousPassword", PASSWORD);
    json_object_set_string_member (body, "ProposedPassword", "weak");
    ews_test_cognito_call_fails (fixture->server, "ChangePassword", body, "InvalidPasswordException", NULL);

    json_object_set_string_member (body, "AccessToken", "not.a.token");
    json_object_set_string_member (body, "ProposedPassword", "Brand-new-pass-2");
    ews_test_cognito_call_fails (fixture->server, "ChangePassword", body, "NotAuthorizedException",
                                 "Invalid Access Token");
  }
  {
    g_autoptr(JsonObject) body = json_object_new ();
    g_autoptr(JsonObject) reply = NULL;

    json_object_set_string_member (body, "AccessToken", json_object_get_string_member (tokens, "AccessToken"));
    json_object_set_string_member (body, "PreviousPassword", PASSWORD);
    json_object_set_string_member (body, "ProposedPassword", "Brand-new-pass-2");
    reply = ews_test_cognito_call_ok (fixture->server, "ChangePassword", body);
    g_assert_cmpuint (json_object_get_size (reply), ==, 0);
  }

  ews_test_cognito_sign_in_fails (fixture->server, email, PASSWORD, "NotAuthorizedException", "Incorrect");
  {
    g_autoptr(JsonObject) again = ews_test_cognito_sign_in (fixture->server, email, "Brand-new-pass-2");
  }
}

/* --- sessions ending ------------------------------------------------------ */

static const char *
token_of (JsonObject *tokens,
          const char *name)
{
  return json_object_get_string_member (tokens, name);
}

/* Whether the ID token opens the data API. */
static gboolean
id_token_works (EweTestServer *server,
                JsonObject    *tokens)
{
  guint status = ews_test_cognito_get_with_token (server, "/api/lists", token_of (tokens, "IdToken"));

  g_assert_true (status == 200 || status == 401);
  return status == 200;
}

/* Whether GetUser takes the access token. */
static gboolean
access_token_works (EweTestServer *server,
                    JsonObject    *tokens)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) reply = NULL;
  guint status = 0;

  json_object_set_string_member (body, "AccessToken", token_of (tokens, "AccessToken"));
  reply = ews_test_cognito_call (server, "GetUser", body, &status);
  if (status == 200)
    return TRUE;

  g_assert_cmpstr (json_object_get_string_member (reply, "__type"), ==, "NotAuthorizedException");
  return FALSE;
}

/* Whether the refresh token still gets new tokens. */
static gboolean
refresh_token_works (EweTestServer *server,
                     JsonObject    *tokens)
{
  g_autoptr(JsonObject) body = ews_test_cognito_initiate_auth_body ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN",
                                                                     token_of (tokens, "RefreshToken"), NULL);
  g_autoptr(JsonObject) reply = NULL;
  guint status = 0;

  reply = ews_test_cognito_call (server, "InitiateAuth", body, &status);
  if (status == 200)
    return TRUE;

  g_assert_cmpstr (json_object_get_string_member (reply, "__type"), ==, "NotAuthorizedException");
  return FALSE;
}

static void
assert_signed_out (EweTestServer *server,
                   JsonObject    *tokens)
{
  g_assert_false (id_token_works (server, tokens));
  g_assert_false (access_token_works (server, tokens));
  g_assert_false (refresh_token_works (server, tokens));
}

static void
assert_signed_in (EweTestServer *server,
                  JsonObject    *tokens)
{
  g_assert_true (id_token_works (server, tokens));
  g_assert_true (access_token_works (server, tokens));
  g_assert_true (refresh_token_works (server, tokens));
}

/* GlobalSignOut from one device ends every device's session at once: ID
 * tokens on the data API too, not only when they run out an hour later.
 * The laptop's tokens are issued within moments of the sign-out (mostly
 * in the same second), and a sign-in right after it works: the cut is
 * exact, not rounded to a second. */
static void
test_global_sign_out_ends_every_session (Fixture      *fixture,
                                         gconstpointer data)
{
  const char *email = "everywhere@example.org";
  g_autoptr(JsonObject) phone = NULL;
  g_autoptr(JsonObject) laptop = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) reply = NULL;

  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, email, "E");
  phone = ews_test_cognito_sign_in (fixture->server, email, PASSWORD);
  laptop = ews_test_cognito_sign_in (fixture->server, email, PASSWORD);

  json_object_set_string_member (body, "AccessToken", token_of (phone, "AccessToken"));
  reply = ews_test_cognito_call_ok (fixture->server, "GlobalSignOut", body);
  again = ews_test_cognito_sign_in (fixture->server, email, PASSWORD);

  assert_signed_out (fixture->server, phone);
  assert_signed_out (fixture->server, laptop);
  assert_signed_in (fixture->server, again);
}

/* A new password ends every session, the one that changed it included. */
static void
test_change_password_ends_every_session (Fixture      *fixture,
                                         gconstpointer data)
{
  const char *email = "rekeyed@example.org";
  g_autoptr(JsonObject) phone = NULL;
  g_autoptr(JsonObject) laptop = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) reply = NULL;

  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, email, "R");
  phone = ews_test_cognito_sign_in (fixture->server, email, PASSWORD);
  laptop = ews_test_cognito_sign_in (fixture->server, email, PASSWORD);

  json_object_set_string_member (body, "AccessToken", token_of (phone, "AccessToken"));
  json_object_set_string_member (body, "PreviousPassword", PASSWORD);
  json_object_set_string_member (body, "ProposedPassword", "Brand-new-pass-2");
  reply = ews_test_cognito_call_ok (fixture->server, "ChangePassword", body);
  again = ews_test_cognito_sign_in (fixture->server, email, "Brand-new-pass-2");

  assert_signed_out (fixture->server, phone);
  assert_signed_out (fixture->server, laptop);
  assert_signed_in (fixture->server, again);
}

static void
test_password_reset_ends_every_session (Fixture      *fixture,
                                        gconstpointer data)
{
  const char *email = "forgetful@example.org";
  g_autoptr(JsonObject) laptop = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autofree char *code = NULL;
  guint            before;

  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, email, "F");
  laptop = ews_test_cognito_sign_in (fixture->server, email, PASSWORD);
  before = ewe_test_smtp_get_n_messages (fixture->sink);

  {
    g_autoptr(JsonObject) forgot = ews_test_cognito_body_new ("Username", email, NULL);
    g_autoptr(JsonObject) sent = ews_test_cognito_call_ok (fixture->server, "ForgotPassword", forgot);
  }
  code = ews_test_cognito_read_code (fixture->sink, email, before, NULL);
  {
    g_autoptr(JsonObject) body = ews_test_cognito_body_new ("Username", email, "ConfirmationCode", code,
                                                             "Password", "New-password-2", NULL);
    g_autoptr(JsonObject) reset = ews_test_cognito_call_ok (fixture->server, "ConfirmForgotPassword", body);
  }
  again = ews_test_cognito_sign_in (fixture->server, email, "New-password-2");

  assert_signed_out (fixture->server, laptop);
  assert_signed_in (fixture->server, again);
}

/* RevokeToken, what amazon-cognito-identity-js 6 and Amplify 5 send on a
 * plain sign-out: that device's refresh token and every token issued from
 * it stop working; the user's other devices stay signed in. */
static void
test_revoke_token (Fixture      *fixture,
                   gconstpointer data)
{
  const char *email = "revoker@example.org";
  g_autoptr(JsonObject) phone = NULL;
  g_autoptr(JsonObject) laptop = NULL;

  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, email, "R");
  phone = ews_test_cognito_sign_in (fixture->server, email, PASSWORD);
  laptop = ews_test_cognito_sign_in (fixture->server, email, PASSWORD);

  {
    g_autoptr(JsonObject) body = ews_test_cognito_body_new ("Token", token_of (phone, "RefreshToken"), NULL);
    g_autoptr(JsonObject) reply = ews_test_cognito_call_ok (fixture->server, "RevokeToken", body);

    g_assert_cmpuint (json_object_get_size (reply), ==, 0);
  }

  assert_signed_out (fixture->server, phone);
  assert_signed_in (fixture->server, laptop);

  /* As in Cognito (and RFC 7009), a token revoked already, or never
   * issued, is answered alike: there is nothing left to revoke. */
  {
    g_autoptr(JsonObject) body = ews_test_cognito_body_new ("Token", token_of (phone, "RefreshToken"), NULL);
    g_autoptr(JsonObject) reply = ews_test_cognito_call_ok (fixture->server, "RevokeToken", body);

    g_assert_cmpuint (json_object_get_size (reply), ==, 0);
  }
  {
    g_autoptr(JsonObject) body = ews_test_cognito_body_new ("Token", "bm90LWEtcmVmcmVzaC10b2tlbg", NULL);
    g_autoptr(JsonObject) reply = ews_test_cognito_call_ok (fixture->server, "RevokeToken", body);

    g_assert_cmpuint (json_object_get_size (reply), ==, 0);
  }

  /* Mistakes a client can act on are told. */
  {
    g_autoptr(JsonObject) body = ews_test_cognito_body_new ("Token", token_of (laptop, "AccessToken"), NULL);
    ews_test_cognito_call_fails (fixture->server, "RevokeToken", body, "UnsupportedTokenTypeException", NULL);
  }
  {
    g_autoptr(JsonObject) body = ews_test_cognito_body_new ("Token", token_of (laptop, "RefreshToken"), NULL);

    json_object_set_string_member (body, "ClientId", "someone-elses-app");
    ews_test_cognito_call_fails (fixture->server, "RevokeToken", body, "ResourceNotFoundException", NULL);
  }
  {
    g_autoptr(JsonObject) body = ews_test_cognito_body_new (NULL, NULL);
    ews_test_cognito_call_fails (fixture->server, "RevokeToken", body, "InvalidParameterException", "Token");
  }

  assert_signed_in (fixture->server, laptop);
}

static void
test_restart_keeps_accounts_and_tokens (Fixture      *fixture,
                                        gconstpointer data)
{
  const char *email = "stays@example.org";
  g_autoptr(JsonObject) tokens = NULL;
  g_autofree char *secret_path = NULL;
  g_autofree char *stale_refresh_token = NULL;
  GStatBuf         st;

  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, email, "S");
  tokens = ews_test_cognito_sign_in (fixture->server, email, PASSWORD);

  secret_path = g_build_filename (fixture->server->data_dir, "jwt-secret", NULL);
  g_assert_cmpint (g_stat (secret_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Someone else's session, long expired. */
  {
    g_autoptr(JsonObject) other = NULL;

    ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, "stale@example.org", "S");
    other = ews_test_cognito_sign_in (fixture->server, "stale@example.org", PASSWORD);
    stale_refresh_token = g_strdup (json_object_get_string_member (other, "RefreshToken"));
    ews_test_cognito_run_sql (fixture->server,
                              "UPDATE auth_sessions SET expires_at = 0 WHERE user_id = "
                              "(SELECT user_id FROM users WHERE email_key = 'stale@example.org')");
  }
  {
    g_autoptr(JsonObject) refresh = ews_test_cognito_initiate_auth_body ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN",
                                                                          stale_refresh_token, NULL);
    ews_test_cognito_call_fails (fixture->server, "InitiateAuth", refresh, "NotAuthorizedException",
                                 "Refresh Token has expired");
  }

  g_assert_true (ewe_test_server_restart (fixture->server));

  /* Same keys, same sessions, same accounts. */
  {
    g_autoptr(JsonObject) get_user = json_object_new ();
    g_autoptr(JsonObject) user = NULL;
    g_autoptr(JsonObject) refresh = ews_test_cognito_initiate_auth_body ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN",
                                                                          json_object_get_string_member (tokens, "RefreshToken"),
                                                                          NULL);
    g_autoptr(JsonObject) refreshed = NULL;
    g_autoptr(JsonObject) again = NULL;

    json_object_set_string_member (get_user, "AccessToken", json_object_get_string_member (tokens, "AccessToken"));
    user = ews_test_cognito_call_ok (fixture->server, "GetUser", get_user);
    refreshed = ews_test_cognito_call_ok (fixture->server, "InitiateAuth", refresh);
    again = ews_test_cognito_sign_in (fixture->server, email, PASSWORD);
  }
  /* The sign-in just now cleared the expired session out; ours stays. */
  {
    g_autoptr(JsonObject) refresh = ews_test_cognito_initiate_auth_body ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN",
                                                                          stale_refresh_token, NULL);
    ews_test_cognito_call_fails (fixture->server, "InitiateAuth", refresh, "NotAuthorizedException",
                                 "Invalid Refresh Token");
  }
  g_assert_cmpuint (ews_test_cognito_get_with_token (fixture->server, "/api/lists",
                                                     json_object_get_string_member (tokens, "IdToken")),
                    ==, 200);
}

/* The SMTP server is down when the code is mailed: the mail waits in the
 * outbox, goes out once the server is back, and only once. */
static void
test_smtp_down_then_up (Fixture      *fixture,
                        gconstpointer data)
{
  const char *email = "patient@example.org";
  g_autoptr(JsonObject) body = ews_test_cognito_sign_up_body (email, PASSWORD, "P");
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(EweTestMail) mail = NULL;
  g_autofree char *code = NULL;

  ewe_test_smtp_stop (fixture->sink);

  /* Signing up does not wait for, nor fail because of, the mail server. */
  reply = ews_test_cognito_call_ok (fixture->server, "SignUp", body);
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
    g_autoptr(JsonObject) confirm = ews_test_cognito_body_new ("Username", email, "ConfirmationCode", code, NULL);
    g_autoptr(JsonObject) confirmed = ews_test_cognito_call_ok (fixture->server, "ConfirmSignUp", confirm);
  }
}

/* Without --smtp-url mail is kept; a later start with one sends it. */
static void
test_mail_disabled_keeps_mail (void)
{
  g_autoptr(EweTestSmtp) sink = ewe_test_smtp_new ();
  g_autoptr(EweTestServer) server = ews_test_cognito_start_server (NULL, 0, NULL);
  g_autoptr(EweTestServer) with_smtp = NULL;
  g_autoptr(JsonObject) body = ews_test_cognito_sign_up_body ("queued@example.org", PASSWORD, "Q");
  g_autoptr(JsonObject) reply = ews_test_cognito_call_ok (server, "SignUp", body);
  g_autoptr(EweTestMail) mail = NULL;
  g_autofree char *data_dir = g_strdup (server->data_dir);
  g_autofree char *code = NULL;

  g_assert_cmpint (ewe_test_server_stop (server), ==, 0);

  with_smtp = ews_test_cognito_start_server (data_dir, 0, sink);
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

#define ADD(path, func)                            \
  g_test_add ("/server/auth/" path, Fixture, NULL, \
              ews_test_cognito_fixture_set_up, func, ews_test_cognito_fixture_tear_down)

  ADD ("full-flow", test_full_flow);
  ADD ("normalisation", test_normalisation);
  ADD ("forgot-password", test_forgot_password);
  ADD ("change-password", test_change_password);
  ADD ("global-sign-out-ends-every-session", test_global_sign_out_ends_every_session);
  ADD ("change-password-ends-every-session", test_change_password_ends_every_session);
  ADD ("password-reset-ends-every-session", test_password_reset_ends_every_session);
  ADD ("revoke-token", test_revoke_token);
  ADD ("restart-keeps-accounts-and-tokens", test_restart_keeps_accounts_and_tokens);
  ADD ("smtp-down-then-up", test_smtp_down_then_up);
  g_test_add_func ("/server/auth/mail-disabled-keeps-mail", test_mail_disabled_keeps_mail);

#undef ADD

  return g_test_run ();
}
