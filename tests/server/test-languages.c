/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <libsoup/soup.h>

#include "ewe-test-smtp.h"
#include "ews-csrf.h"
#include "ews-test-api.h"
#include "ews-test-cognito.h"

/* The server's languages, end to end against a real server with the
 * build's catalogues: a guest page follows the browser's Accept-Language,
 * a guest's mail the language the guest reserved in, and an account's
 * mails the language stored with the account, whatever the language of
 * the request that sends them. */

typedef struct
{
  EweTestSmtp   *sink;
  EweTestServer *server;
  char          *alice;
  char          *list_id;
  char          *product_id;
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autofree char *product_url = g_strdup_printf ("https://acme.example/skates-%u", g_random_int ());

  fixture->sink = ewe_test_smtp_new ();
  fixture->server = ews_test_cognito_start_server (NULL, 0, fixture->sink);
  g_assert_nonnull (fixture->server);

  fixture->alice = ews_test_api_token (fixture->server, "alice-sub", "alice@example.com", "Alice");
  fixture->list_id = ews_test_api_create_list (fixture->server, fixture->alice, "Baby Ada");
  fixture->product_id = ews_test_api_create_product (fixture->server, fixture->alice, product_url);
  ews_test_api_add_gift (fixture->server, fixture->alice, fixture->list_id, fixture->product_id, 3);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_clear_pointer (&fixture->server, ewe_test_server_free);
  g_clear_pointer (&fixture->sink, ewe_test_smtp_free);
  g_clear_pointer (&fixture->alice, g_free);
  g_clear_pointer (&fixture->list_id, g_free);
  g_clear_pointer (&fixture->product_id, g_free);
}

/* Sends @method @path (with @body as JSON, and @amz_target for /api/auth)
 * with Accept-Language @accept_language, and returns the answer's body. */
static char *
send_with_language (EweTestServer *server,
                    const char    *method,
                    const char    *path,
                    const char    *amz_target,
                    const char    *body,
                    const char    *accept_language,
                    guint          expected_status,
                    char         **vary)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = ewe_test_server_url (server, path);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;

  if (accept_language != NULL)
    soup_message_headers_replace (headers, "Accept-Language", accept_language);
  if (amz_target != NULL)
    soup_message_headers_replace (headers, "X-Amz-Target", amz_target);
  if (body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, amz_target != NULL ? "application/x-amz-json-1.1" : "application/json",
                                                request);
    }

  response = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, expected_status);
  if (vary != NULL)
    *vary = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Vary"));

  return g_strndup (g_bytes_get_data (response, NULL), g_bytes_get_size (response));
}

static void
assert_contains (const char *text,
                 const char *expected)
{
  if (strstr (text, expected) == NULL)
    g_error ("“%s” not found in:\n%s", expected, text);
}

static void
assert_lacks (const char *text,
              const char *unexpected)
{
  if (strstr (text, unexpected) != NULL)
    g_error ("“%s” found in:\n%s", unexpected, text);
}

static void
test_guest_page (Fixture      *fixture,
                 gconstpointer data)
{
  g_autofree char *path = g_strdup_printf ("/lists/%s", fixture->list_id);
  const struct
  {
    const char *accept_language;
    const char *lang;
    const char *reserve;
    const char *wanted;
  } cases[] = {
    { "fr", "fr", "Réserver ce cadeau", "Encore <strong>3</strong> sur 3 souhaités" },
    { "fr-CA,fr;q=0.9", "fr", "Réserver ce cadeau", "Encore <strong>3</strong> sur 3 souhaités" },
    { "de;q=0.9, fr;q=0.8", "de", "Geschenk reservieren", "<strong>3</strong> von 3 noch gewünscht" },
    { "es-MX", "es", "Reservar este regalo", "Se buscan aún <strong>3</strong> de 3" },
    { "xx", "en", "Reserve this gift", "<strong>3</strong> of 3 still wanted" },
    { NULL, "en", "Reserve this gift", "<strong>3</strong> of 3 still wanted" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *vary = NULL;
      g_autofree char *page = send_with_language (fixture->server, "GET", path, NULL, NULL,
                                                  cases[i].accept_language, 200, &vary);
      g_autofree char *html_lang = g_strdup_printf ("<html lang=\"%s\">", cases[i].lang);

      g_test_message ("Accept-Language: %s", cases[i].accept_language);
      assert_contains (page, html_lang);
      assert_contains (page, cases[i].reserve);
      assert_contains (page, cases[i].wanted);
      g_assert_cmpstr (vary, ==, "Accept-Language");
      if (g_strcmp0 (cases[i].lang, "en") != 0)
        assert_lacks (page, "Reserve this gift");
    }
}

/* A page that only says something (here, 404) is in the guest's language
 * too. */
static void
test_message_page (Fixture      *fixture,
                   gconstpointer data)
{
  g_autofree char *page = send_with_language (fixture->server, "GET", "/lists/no-such-list", NULL, NULL,
                                              "de-AT", 404, NULL);

  assert_contains (page, "<html lang=\"de\">");
  assert_contains (page, "Liste nicht gefunden");
}

/* The guest reserves through the JSON API from an app in French: the mail
 * with the link back is in French. */
static void
test_guest_mail (Fixture      *fixture,
                 gconstpointer data)
{
  g_autofree char *path = g_strdup_printf ("/api/lists/%s/reserve/%s/email/%s", fixture->list_id,
                                           fixture->product_id, "zoe@example.org");
  g_autofree char *answer = send_with_language (fixture->server, "POST", path, NULL,
                                                "{\"quantity\": 2, \"name\": \"Zoé\"}", "fr-FR, en;q=0.5",
                                                200, NULL);
  g_autoptr(EweTestMail) mail = ewe_test_smtp_wait_for_mail_to (fixture->sink, 0, "zoe@example.org",
                                                                 EWS_TEST_COGNITO_MAIL_TIMEOUT_MS);
  g_autofree char *subject = NULL;
  g_autofree char *text = NULL;
  g_autofree char *html = NULL;

  g_assert_nonnull (mail);
  subject = ewe_test_mail_dup_subject (mail);
  text = ewe_test_mail_dup_part (mail, "text/plain");
  g_assert_cmpstr (subject, ==, "Vous avez réservé un cadeau sur «\u00a0Baby Ada\u00a0»");
  assert_contains (text, "Bonjour Zoé,");
  assert_contains (text, "Vous avez réservé 2 ×");
  assert_lacks (text, "You reserved");
  html = ewe_test_mail_dup_part (mail, "text/html");
  assert_contains (html, "<html lang=\"fr\">");
}

static char *
sign_up_body (const char *email,
              const char *locale)
{
  if (locale == NULL)
    return g_strdup_printf ("{\"ClientId\": \"%s\", \"Username\": \"%s\", \"Password\": \"%s\", "
                            "\"UserAttributes\": [{\"Name\": \"name\", \"Value\": \"Pepa\"}]}",
                            EWS_TEST_COGNITO_CLIENT_ID, email, EWS_TEST_COGNITO_PASSWORD);

  return g_strdup_printf ("{\"ClientId\": \"%s\", \"Username\": \"%s\", \"Password\": \"%s\", "
                          "\"UserAttributes\": [{\"Name\": \"name\", \"Value\": \"Pepa\"}, "
                          "{\"Name\": \"locale\", \"Value\": \"%s\"}]}",
                          EWS_TEST_COGNITO_CLIENT_ID, email, EWS_TEST_COGNITO_PASSWORD, locale);
}

static char *
wait_for_text (Fixture    *fixture,
               guint       index,
               const char *email,
               char      **subject)
{
  g_autoptr(EweTestMail) mail = ewe_test_smtp_wait_for_mail_to (fixture->sink, index, email,
                                                                 EWS_TEST_COGNITO_MAIL_TIMEOUT_MS);

  g_assert_nonnull (mail);
  if (subject != NULL)
    *subject = ewe_test_mail_dup_subject (mail);
  return ewe_test_mail_dup_part (mail, "text/plain");
}

/* An account whose locale is Spanish gets its mails in Spanish, even when
 * the request that sends one comes from a browser in German. */
static void
test_account_mail (Fixture      *fixture,
                   gconstpointer data)
{
  const char      *email = "pepa@example.org";
  g_autofree char *body = sign_up_body (email, "es-MX");
  g_autofree char *answer = send_with_language (fixture->server, "POST", "/api/auth",
                                                "AWSCognitoIdentityProviderService.SignUp", body, "de", 200, NULL);
  g_autofree char *subject = NULL;
  g_autofree char *text = wait_for_text (fixture, 0, email, &subject);
  g_autofree char *forgot = g_strdup_printf ("{\"ClientId\": \"%s\", \"Username\": \"%s\"}",
                                             EWS_TEST_COGNITO_CLIENT_ID, email);
  g_autofree char *reset_answer = NULL;
  g_autofree char *reset_subject = NULL;
  g_autofree char *reset_text = NULL;

  g_assert_cmpstr (subject, ==, "Tu código de confirmación de Ewelists");
  assert_contains (text, "Hola, Pepa:");
  assert_contains (text, "El código es válido durante 24 horas.");

  reset_answer = send_with_language (fixture->server, "POST", "/api/auth",
                                     "AWSCognitoIdentityProviderService.ForgotPassword", forgot, "de", 200, NULL);
  reset_text = wait_for_text (fixture, 1, email, &reset_subject);
  g_assert_cmpstr (reset_subject, ==, "Restablece tu contraseña de Ewelists");
  /* One hour: the singular. */
  assert_contains (reset_text, "El código es válido durante 1 hora.");
}

/* Without a locale, the account takes the sign-up request's language; a
 * locale that is not a language tag is refused. */
static void
test_account_language_from_request (Fixture      *fixture,
                                    gconstpointer data)
{
  g_autofree char *body = sign_up_body ("jonas@example.org", NULL);
  g_autofree char *answer = send_with_language (fixture->server, "POST", "/api/auth",
                                                "AWSCognitoIdentityProviderService.SignUp", body,
                                                "de-DE,de;q=0.9,en;q=0.8", 200, NULL);
  g_autofree char *subject = NULL;
  g_autofree char *text = wait_for_text (fixture, 0, "jonas@example.org", &subject);
  g_autofree char *bad = sign_up_body ("bad@example.org", "not a tag!");
  g_autofree char *refused = NULL;

  g_assert_cmpstr (subject, ==, "Dein Ewelists-Bestätigungscode");
  assert_contains (text, "Hallo Pepa,");

  refused = send_with_language (fixture->server, "POST", "/api/auth", "AWSCognitoIdentityProviderService.SignUp",
                                bad, NULL, 400, NULL);
  assert_contains (refused, "InvalidParameterException");
  assert_contains (refused, "locale");
}

/* Alice asks for a co-owner from an app in French (Accept-Language). */
static void
invite_with_language (Fixture    *fixture,
                      const char *email,
                      const char *accept_language)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *path = g_strdup_printf ("/api/lists/%s/coowners", fixture->list_id);
  g_autofree char *url = ewe_test_server_url (fixture->server, path);
  g_autofree char *body = g_strdup_printf ("{\"email\": \"%s\"}", email);
  g_autofree char *authorization = g_strconcat ("Bearer ", fixture->alice, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (headers, "Authorization", authorization);
  soup_message_headers_replace (headers, "Accept-Language", accept_language);
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  response = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
}

/* A co-owner invitation is in the invitee's language when the server knows
 * it, their account's, whatever the inviter's app speaks; to an address
 * with no account, or an account with no language, it is in the inviter's
 * request's language. */
static void
test_invitation_mail (Fixture      *fixture,
                      gconstpointer data)
{
  g_autofree char *body = sign_up_body ("pepa@example.org", "es-MX");
  g_autofree char *answer = send_with_language (fixture->server, "POST", "/api/auth",
                                                "AWSCognitoIdentityProviderService.SignUp", body, "de", 200, NULL);
  g_autofree char *code = wait_for_text (fixture, 0, "pepa@example.org", NULL);
  g_autofree char *subject = NULL;
  g_autofree char *text = NULL;
  g_autofree char *stranger_subject = NULL;
  g_autofree char *stranger_text = NULL;

  invite_with_language (fixture, "pepa@example.org", "fr-FR, en;q=0.5");
  text = wait_for_text (fixture, 1, "pepa@example.org", &subject);
  g_test_message ("%s", subject);
  assert_contains (subject, "te invita a compartir");
  assert_contains (subject, "Baby Ada");
  assert_lacks (text, "vous invite");
  assert_lacks (text, "invited you");

  invite_with_language (fixture, "zoe@example.org", "fr-FR, en;q=0.5");
  stranger_text = wait_for_text (fixture, 2, "zoe@example.org", &stranger_subject);
  g_test_message ("%s", stranger_subject);
  assert_contains (stranger_subject, "vous invite à devenir copropriétaire");
  assert_lacks (stranger_text, "invited you");
}

/* A guest's browser that asks for pages in one language. The server's
 * --public-url is https, so its CSRF cookie is Secure and a cookie jar
 * would not send it back over the test's plain HTTP: it is carried by
 * hand. */
typedef struct
{
  EweTestServer *server;
  const char    *accept_language;
  char          *cookie;
} Guest;

static void
guest_clear (Guest *guest)
{
  g_clear_pointer (&guest->cookie, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Guest, guest_clear)

static char *
guest_send (Guest       *guest,
            SoupMessage *msg,
            guint        expected_status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  SoupMessageHeaders *request_headers = soup_message_get_request_headers (msg);
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;
  const char      *set_cookie;
  g_autofree char *body = NULL;

  soup_message_headers_replace (request_headers, "Accept-Language", guest->accept_language);
  if (guest->cookie != NULL)
    soup_message_headers_replace (request_headers, "Cookie", guest->cookie);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);

  response = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  body = g_strndup (g_bytes_get_data (response, NULL), g_bytes_get_size (response));
  if (soup_message_get_status (msg) != expected_status)
    g_error ("%u, not %u:\n%s", soup_message_get_status (msg), expected_status, body);

  set_cookie = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Set-Cookie");
  if (set_cookie != NULL)
    {
      g_free (guest->cookie);
      guest->cookie = g_strndup (set_cookie, strcspn (set_cookie, ";"));
    }

  return g_steal_pointer (&body);
}

/* Opens @page_path and returns the CSRF token of its form that posts to
 * @action_path. */
static char *
guest_open_form (Guest      *guest,
                 const char *page_path,
                 const char *action_path)
{
  g_autofree char *url = ewe_test_server_url (guest->server, page_path);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autofree char *page = guest_send (guest, msg, 200);
  g_autofree char *needle = g_strdup_printf ("action=\"%s%s", EWS_TEST_COGNITO_PUBLIC_URL, action_path);
  const char      *field = "name=\"" EWS_CSRF_FIELD "\" value=\"";
  const char      *value;

  value = strstr (page, needle);
  g_assert_nonnull (value);
  value = strstr (value, field);
  g_assert_nonnull (value);
  value += strlen (field);

  return g_strndup (value, strcspn (value, "\""));
}

/* Posts @fields (name, value, …, NULL) to @action_path with @token, and
 * returns the page that answers. */
static char *
guest_post (Guest      *guest,
            const char *action_path,
            const char *token,
            guint       expected_status,
            ...)
{
  g_autofree char *url = ewe_test_server_url (guest->server, action_path);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *encoded = NULL;
  const char      *name;
  va_list          args;

  g_hash_table_insert (fields, (char *)EWS_CSRF_FIELD, (char *)token);
  va_start (args, expected_status);
  while ((name = va_arg (args, const char *)) != NULL)
    g_hash_table_insert (fields, (char *)name, va_arg (args, char *));
  va_end (args);

  encoded = soup_form_encode_hash (fields);
  bytes = g_bytes_new (encoded, strlen (encoded));
  soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", bytes);

  return guest_send (guest, msg, expected_status);
}

/* Asking for more than is still wanted is refused in the page's language,
 * with the plural its number needs, though storage's English message has
 * the number written in already. */
static void
test_not_wanted_refusal (Fixture      *fixture,
                         gconstpointer data)
{
  g_autofree char *page = g_strdup_printf ("/lists/%s", fixture->list_id);
  g_autofree char *action = g_strdup_printf ("/lists/%s/reserve/%s", fixture->list_id, fixture->product_id);
  g_auto(Guest) guest = { fixture->server, "de-DE,de;q=0.9", NULL };
  g_autofree char *token = guest_open_form (&guest, page, action);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *two_left = NULL;
  g_autofree char *one_left = NULL;

  /* 3 wanted; someone takes 1, then another 1. */
  first = ews_test_api_reserve (fixture->server, fixture->list_id, fixture->product_id, "ann@example.org", "Ann", 1);
  two_left = guest_post (&guest, action, token, 409, "name", "Jonas", "email", "jonas@example.org", "quantity", "3",
                         NULL);
  assert_contains (two_left, "<html lang=\"de\">");
  assert_contains (two_left, "Von diesem Geschenk werden nur noch 2 gewünscht.");
  assert_lacks (two_left, "still wanted");

  second = ews_test_api_reserve (fixture->server, fixture->list_id, fixture->product_id, "bo@example.org", "Bo", 1);
  one_left = guest_post (&guest, action, token, 409, "name", "Jonas", "email", "jonas@example.org", "quantity", "2",
                         NULL);
  assert_contains (one_left, "Von diesem Geschenk wird nur noch 1 gewünscht.");
  assert_lacks (one_left, "still wanted");
}

/* The limit on unconfirmed gifts per address, with its number, in French. */
static void
test_unconfirmed_limit_refusal (Fixture      *fixture,
                                gconstpointer data)
{
  g_autofree char *product_url = g_strdup_printf ("https://acme.example/nappies-%u", g_random_int ());
  g_autofree char *nappies = ews_test_api_create_product (fixture->server, fixture->alice, product_url);
  g_autofree char *page = g_strdup_printf ("/lists/%s", fixture->list_id);
  g_autofree char *action = g_strdup_printf ("/lists/%s/reserve/%s", fixture->list_id, nappies);
  g_auto(Guest) guest = { fixture->server, "fr", NULL };
  g_autofree char *token = NULL;
  g_autofree char *refused = NULL;

  ews_test_api_add_gift (fixture->server, fixture->alice, fixture->list_id, nappies, 10);
  token = guest_open_form (&guest, page, action);
  refused = guest_post (&guest, action, token, 409, "name", "Zoé", "email", "zoe@example.org", "quantity", "6",
                        NULL);
  assert_contains (refused, "<html lang=\"fr\">");
  assert_contains (refused, "Une adresse e-mail peut réserver au plus 5 cadeaux sur une liste");
  assert_lacks (refused, "can hold at most");
}

/* The reservation page's refusals from storage are in the page's
 * language too: a missing or wrong address, a wrong confirmation key, and
 * changes sent from pages left open after the gift was bought, or the
 * reservation cancelled. */
static void
test_reservation_page_refusals (Fixture      *fixture,
                                gconstpointer data)
{
  g_autofree char *id = ews_test_api_reserve (fixture->server, fixture->list_id, fixture->product_id,
                                              "ines@example.org", "Inés", 1);
  g_autofree char *other = ews_test_api_reserve (fixture->server, fixture->list_id, fixture->product_id,
                                                 "olga@example.org", "Olga", 1);
  g_autofree char *path = g_strdup_printf ("/reserve/%s", id);
  g_autofree char *other_path = g_strdup_printf ("/reserve/%s", other);
  g_autofree char *purchase = g_strdup_printf ("/api/lists/purchase/%s/email/ines@example.org", id);
  g_autofree char *cancel = g_strdup_printf ("/api/lists/reserve/%s/email/olga@example.org", other);
  g_auto(Guest) guest = { fixture->server, "es-ES", NULL };
  g_autofree char *token = guest_open_form (&guest, path, path);
  g_autofree char *other_token = guest_open_form (&guest, other_path, other_path);
  g_autofree char *no_email = NULL;
  g_autofree char *wrong_email = NULL;
  g_autofree char *cancelled = NULL;
  g_autoptr(JsonNode) cancel_answer = NULL;
  g_autofree char *wrong_key = NULL;
  g_autofree char *bought = NULL;
  g_autoptr(JsonNode) answer = NULL;
  guint status = 0;

  no_email = guest_post (&guest, path, token, 400, "email", "", "action", "cancel", NULL);
  assert_contains (no_email, "Escribe la dirección de correo con la que reservaste.");

  wrong_email = guest_post (&guest, path, token, 403, "email", "mallory@example.org", "action", "cancel", NULL);
  assert_contains (wrong_email, "Esa no es la dirección de correo con la que se hizo esta reserva.");
  assert_lacks (wrong_email, "not the e-mail address");

  wrong_key = guest_post (&guest, path, token, 400, "email", "ines@example.org", "action", "confirm", "key",
                          "not-the-key", NULL);
  assert_contains (wrong_key, "Este enlace de confirmación no es el que te enviamos");
  assert_lacks (wrong_key, "not the one we e-mailed");

  answer = ews_test_api_call (fixture->server, "PUT", purchase, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  bought = guest_post (&guest, path, token, 409, "email", "ines@example.org", "action", "update", "quantity", "2",
                       NULL);
  assert_contains (bought, "Esta reserva ya está marcada como comprada");
  assert_lacks (bought, "State =");

  cancel_answer = ews_test_api_call (fixture->server, "DELETE", cancel, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  cancelled = guest_post (&guest, other_path, other_token, 409, "email", "olga@example.org", "action", "purchase",
                          NULL);
  assert_contains (cancelled, "Esta reserva se canceló");
  assert_lacks (cancelled, "State =");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/languages/guest-page", Fixture, NULL, fixture_set_up, test_guest_page, fixture_tear_down);
  g_test_add ("/languages/message-page", Fixture, NULL, fixture_set_up, test_message_page, fixture_tear_down);
  g_test_add ("/languages/guest-mail", Fixture, NULL, fixture_set_up, test_guest_mail, fixture_tear_down);
  g_test_add ("/languages/account-mail", Fixture, NULL, fixture_set_up, test_account_mail, fixture_tear_down);
  g_test_add ("/languages/invitation-mail", Fixture, NULL, fixture_set_up, test_invitation_mail, fixture_tear_down);
  g_test_add ("/languages/account-language-from-request", Fixture, NULL, fixture_set_up,
              test_account_language_from_request, fixture_tear_down);
  g_test_add ("/languages/not-wanted-refusal", Fixture, NULL, fixture_set_up, test_not_wanted_refusal,
              fixture_tear_down);
  g_test_add ("/languages/unconfirmed-limit-refusal", Fixture, NULL, fixture_set_up, test_unconfirmed_limit_refusal,
              fixture_tear_down);
  g_test_add ("/languages/reservation-page-refusals", Fixture, NULL, fixture_set_up, test_reservation_page_refusals,
              fixture_tear_down);

  return g_test_run ();
}
