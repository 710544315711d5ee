/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <gnutls/abstract.h>
#include <glib/gstdio.h>
#include <gnutls/gnutls.h>
#include <libsoup/soup.h>
#include <unistd.h>

#include "ews-jwt.h"
#include "ews-test-backends.h"
#include "ews-test-cognito.h"

/* The hosted sign-in, OAuth 2.0 with PKCE and OpenID Connect, against a
 * real server on SQLite and on PostgreSQL: a browser's part (the sign-in
 * page, its form, its cookie) played with plain HTTP requests, a client's
 * part (the code, the verifier, the tokens) as an app does it, and the ID
 * token checked with the keys the server publishes, as a third party
 * would. Each case runs on both backends. */

#define EMAIL "hosted@example.org"
#define WEB_CLIENT "web"
#define WEB_REDIRECT "https://app.example.org/signed-in"
#define WEB_LOGOUT "https://app.example.org/"
#define VERIFIER "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-the-verifier-of-this-test"

static EwsTestPostgres *postgres;

typedef struct
{
  EweTestSmtp   *sink;
  EweTestServer *server;
  char          *config_file;
  char         **server_args; /* for a second server on the same database */
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  gboolean         on_postgres = GPOINTER_TO_INT (data);
  g_autofree char *smtp_url = NULL;
  g_autofree char *smtp_arg = NULL;
  g_autofree char *config_arg = NULL;
  g_autofree char *database_arg = NULL;
  g_autoptr(GError) error = NULL;
  int fd;

  fd = g_file_open_tmp ("ews-oauth2-XXXXXX.conf", &fixture->config_file, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (fixture->config_file,
                       "[oauth-client " WEB_CLIENT "]\n"
                       "redirect-uris=" WEB_REDIRECT "\n"
                       "logout-uris=" WEB_LOGOUT "\n",
                       -1, &error);
  g_assert_no_error (error);

#ifdef EWS_TEST_HAVE_POSTGRES
  if (on_postgres)
    {
      g_autofree char *uri = ews_test_postgres_new_database (postgres, &error);
      g_assert_no_error (error);
      database_arg = g_strconcat ("--database=", uri, NULL);
    }
#else
  g_assert_false (on_postgres);
#endif

  fixture->sink = ewe_test_smtp_new ();
  smtp_url = ewe_test_smtp_dup_url (fixture->sink);
  smtp_arg = g_strconcat ("--smtp-url=", smtp_url, NULL);
  config_arg = g_strconcat ("--config=", fixture->config_file, NULL);
  {
    const char *args[] = { smtp_arg, config_arg, "--mail-from=Ewelists <no-reply@ewelists.example.org>",
                           database_arg, NULL };

    fixture->server_args = g_strdupv ((char **)args);
    fixture->server = ewe_test_server_start_full (NULL, 0, args);
  }
  g_assert_nonnull (fixture->server);

  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, EMAIL, "Hosted Hanna");
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_clear_pointer (&fixture->server, ewe_test_server_free);
  g_clear_pointer (&fixture->sink, ewe_test_smtp_free);
  g_unlink (fixture->config_file);
  g_clear_pointer (&fixture->config_file, g_free);
  g_clear_pointer (&fixture->server_args, g_strfreev);
}

/* --- a browser, by hand ------------------------------------------------- */

typedef struct
{
  guint status;
  char *location; /* of a redirect */
  char *body;
  char *cookie; /* "ews_csrf=…" the server set, if any */
} Answer;

static void
answer_clear (Answer *answer)
{
  g_clear_pointer (&answer->location, g_free);
  g_clear_pointer (&answer->body, g_free);
  g_clear_pointer (&answer->cookie, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Answer, answer_clear)

static void
send (EweTestServer *server,
      const char    *method,
      const char    *path,
      const char    *cookie,
      const char    *authorization,
      const char    *form,
      Answer        *answer)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = ewe_test_server_url (server, path);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  const char         *set_cookie;

  g_assert_nonnull (msg);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (msg);
  if (cookie != NULL)
    soup_message_headers_replace (headers, "Cookie", cookie);
  if (authorization != NULL)
    soup_message_headers_replace (headers, "Authorization", authorization);
  if (form != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new (form, strlen (form));
      soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", body);
    }

  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);

  headers = soup_message_get_response_headers (msg);
  answer->status = soup_message_get_status (msg);
  answer->location = g_strdup (soup_message_headers_get_one (headers, "Location"));
  answer->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  set_cookie = soup_message_headers_get_list (headers, "Set-Cookie");
  if (set_cookie != NULL)
    answer->cookie = g_strndup (set_cookie, strcspn (set_cookie, ";"));
}

static char *
challenge_for (const char *verifier)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize  length = sizeof digest;

  g_checksum_update (checksum, (const guchar *)verifier, strlen (verifier));
  g_checksum_get_digest (checksum, digest, &length);
  return ews_base64url_encode (digest, length);
}

static char *
escape (const char *text)
{
  return g_uri_escape_string (text, NULL, FALSE);
}

/* The query of an authorization request for @client_id and @redirect_uri,
 * with PKCE S256 for VERIFIER, and @state and @nonce. */
static char *
authorize_query (const char *client_id,
                 const char *redirect_uri,
                 const char *state,
                 const char *nonce)
{
  g_autofree char *challenge = challenge_for (VERIFIER);
  g_autofree char *redirect = escape (redirect_uri);
  g_autofree char *escaped_state = escape (state);
  g_autofree char *escaped_nonce = escape (nonce);

  return g_strdup_printf ("client_id=%s&redirect_uri=%s&response_type=code&scope=openid+email+profile"
                          "&state=%s&nonce=%s&code_challenge=%s&code_challenge_method=S256",
                          client_id, redirect, escaped_state, escaped_nonce, challenge);
}

/* The value of the page's hidden CSRF field. */
static char *
csrf_token_of (const char *html)
{
  const char *start = strstr (html, "name=\"csrf_token\" value=\"");

  g_assert_nonnull (start);
  start += strlen ("name=\"csrf_token\" value=\"");
  return g_strndup (start, strcspn (start, "\""));
}

/* Opens the sign-in page and signs in with @password, as a browser does:
 * the answer to the form. */
static void
sign_in_on_page (EweTestServer *server,
                 const char    *query,
                 const char    *password,
                 Answer        *answer)
{
  g_auto(Answer) page = { 0 };
  g_autofree char *path = g_strconcat ("/oauth2/authorize?", query, NULL);
  g_autofree char *token = NULL;
  g_autofree char *escaped_token = NULL;
  g_autofree char *escaped_password = escape (password);
  g_autofree char *form = NULL;

  send (server, "GET", path, NULL, NULL, NULL, &page);
  g_assert_cmpuint (page.status, ==, 200);
  g_assert_nonnull (page.cookie);
  g_assert_nonnull (strstr (page.body, "<form method=\"post\""));

  token = csrf_token_of (page.body);
  escaped_token = escape (token);
  /* The page's hidden fields are the request's own parameters. */
  form = g_strdup_printf ("csrf_token=%s&%s&email=%s&password=%s", escaped_token, query, EMAIL, escaped_password);
  send (server, "POST", "/oauth2/authorize", page.cookie, NULL, form, answer);
}

/* The named parameter of @uri's query, decoded. */
static char *
query_param (const char *uri,
             const char *name)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED_QUERY, NULL);
  g_autoptr(GHashTable) params = NULL;

  g_assert_nonnull (parsed);
  if (g_uri_get_query (parsed) == NULL)
    return NULL;
  params = g_uri_parse_params (g_uri_get_query (parsed), -1, "&", G_URI_PARAMS_NONE, NULL);
  return g_strdup (g_hash_table_lookup (params, name));
}

/* Signs in on the page and returns the code the redirect to @redirect_uri
 * carries, checking that it carries @state unchanged. */
static char *
sign_in_for_code (EweTestServer *server,
                  const char    *client_id,
                  const char    *redirect_uri,
                  const char    *state,
                  const char    *nonce)
{
  g_autofree char *query = authorize_query (client_id, redirect_uri, state, nonce);
  g_auto(Answer) answer = { 0 };
  g_autofree char *returned_state = NULL;

  sign_in_on_page (server, query, EWS_TEST_COGNITO_PASSWORD, &answer);
  g_assert_cmpuint (answer.status, ==, 303);
  g_assert_nonnull (answer.location);
  g_assert_true (g_str_has_prefix (answer.location, redirect_uri));
  g_assert_cmpint (answer.location[strlen (redirect_uri)], ==, strchr (redirect_uri, '?') != NULL ? '&' : '?');

  returned_state = query_param (answer.location, "state");
  g_assert_cmpstr (returned_state, ==, state);

  return query_param (answer.location, "code");
}

static JsonObject *
token_request_to (EweTestServer *server,
                  const char    *path,
                  const char    *form,
                  guint         *status)
{
  g_auto(Answer) answer = { 0 };
  g_autoptr(JsonNode) root = NULL;

  send (server, "POST", path, NULL, NULL, form, &answer);
  *status = answer.status;
  root = json_from_string (answer.body, NULL);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

static JsonObject *
token_request (EweTestServer *server,
               const char    *form,
               guint         *status)
{
  return token_request_to (server, "/oauth2/token", form, status);
}

static JsonObject *
exchange (EweTestServer *server,
          const char    *client_id,
          const char    *redirect_uri,
          const char    *code,
          const char    *verifier,
          guint         *status)
{
  g_autofree char *escaped_code = escape (code);
  g_autofree char *escaped_redirect = escape (redirect_uri);
  g_autofree char *form = g_strdup_printf ("grant_type=authorization_code&client_id=%s&code=%s&redirect_uri=%s"
                                           "&code_verifier=%s",
                                           client_id, escaped_code, escaped_redirect, verifier);

  return token_request (server, form, status);
}

static void
assert_oauth_error (JsonObject *reply,
                    const char *error)
{
  g_assert_true (json_object_has_member (reply, "error"));
  g_assert_cmpstr (json_object_get_string_member (reply, "error"), ==, error);
  g_assert_false (json_object_has_member (reply, "id_token"));
  g_assert_false (json_object_has_member (reply, "access_token"));
}

/* --- the ID token, checked as a third party does ------------------------- */

static JsonObject *
get_json (EweTestServer *server,
          const char    *path)
{
  g_auto(Answer) answer = { 0 };
  g_autoptr(JsonNode) root = NULL;

  send (server, "GET", path, NULL, NULL, NULL, &answer);
  g_assert_cmpuint (answer.status, ==, 200);
  root = json_from_string (answer.body, NULL);
  g_assert_nonnull (root);
  return json_object_ref (json_node_get_object (root));
}

/* The PEM of a public RSA JWK (n, e), for ews_jwt_verify(). */
static char *
jwk_to_pem (JsonObject *jwk)
{
  const char *n = json_object_get_string_member (jwk, "n");
  const char *e = json_object_get_string_member (jwk, "e");
  g_autoptr(GBytes) modulus = ews_base64url_decode (n, strlen (n));
  g_autoptr(GBytes) exponent = ews_base64url_decode (e, strlen (e));
  gnutls_pubkey_t pubkey = NULL;
  gnutls_datum_t  m, x, pem = { 0 };
  char           *text;

  g_assert_nonnull (modulus);
  g_assert_nonnull (exponent);
  m.data = (unsigned char *)g_bytes_get_data (modulus, NULL);
  m.size = g_bytes_get_size (modulus);
  x.data = (unsigned char *)g_bytes_get_data (exponent, NULL);
  x.size = g_bytes_get_size (exponent);

  g_assert_cmpint (gnutls_pubkey_init (&pubkey), ==, 0);
  g_assert_cmpint (gnutls_pubkey_import_rsa_raw (pubkey, &m, &x), ==, 0);
  g_assert_cmpint (gnutls_pubkey_export2 (pubkey, GNUTLS_X509_FMT_PEM, &pem), ==, 0);
  text = g_strndup ((const char *)pem.data, pem.size);
  gnutls_free (pem.data);
  gnutls_pubkey_deinit (pubkey);

  return text;
}

/* The discovery document → jwks_uri → the key named by the token's kid →
 * the signature, iss and exp (ews_jwt_verify()); then aud and nonce. */
static JsonObject *
verify_id_token_for (EweTestServer *server,
                     const char    *token,
                     const char    *audience,
                     const char    *nonce,
                     const char    *email)
{
  g_autoptr(JsonObject) discovery = get_json (server, "/.well-known/openid-configuration");
  const char *issuer = json_object_get_string_member (discovery, "issuer");
  const char *jwks_uri = json_object_get_string_member (discovery, "jwks_uri");
  g_autoptr(JsonObject) jwks = NULL;
  g_autoptr(EwsJwtKey) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kid = ews_jwt_dup_kid (token, &error);
  JsonArray       *keys;
  JsonObject      *claims = NULL;
  gint64           now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_no_error (error);
  g_assert_cmpstr (issuer, ==, server->base_url);
  g_assert_true (g_str_has_prefix (jwks_uri, server->base_url));
  jwks = get_json (server, jwks_uri + strlen (server->base_url));
  keys = json_object_get_array_member (jwks, "keys");

  for (guint i = 0; i < json_array_get_length (keys); i++)
    {
      JsonObject *jwk = json_array_get_object_element (keys, i);

      if (g_strcmp0 (json_object_get_string_member (jwk, "kid"), kid) == 0)
        {
          g_autofree char *pem = jwk_to_pem (jwk);
          key = ews_jwt_key_new_from_pem (NULL, pem, &error);
          g_assert_no_error (error);
        }
    }
  g_assert_nonnull (key);

  claims = ews_jwt_verify (key, token, issuer, now, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (claims, "iss"), ==, issuer);
  g_assert_cmpstr (json_object_get_string_member (claims, "aud"), ==, audience);
  g_assert_cmpstr (json_object_get_string_member (claims, "token_use"), ==, "id");
  g_assert_cmpint (json_object_get_int_member (claims, "exp"), >, now);
  g_assert_cmpint (json_object_get_int_member (claims, "exp"), <=, now + 3600 + 60);
  g_assert_cmpstr (json_object_get_string_member (claims, "email"), ==, email);
  if (nonce != NULL)
    g_assert_cmpstr (json_object_get_string_member (claims, "nonce"), ==, nonce);
  else
    g_assert_false (json_object_has_member (claims, "nonce"));

  return claims;
}

static JsonObject *
verify_id_token (EweTestServer *server,
                 const char    *token,
                 const char    *audience,
                 const char    *nonce)
{
  return verify_id_token_for (server, token, audience, nonce, EMAIL);
}

static guint
user_info_status (EweTestServer *server,
                  const char    *access_token,
                  JsonObject   **reply)
{
  g_autofree char *authorization = g_strconcat ("Bearer ", access_token, NULL);
  g_auto(Answer) answer = { 0 };
  g_autoptr(JsonNode) root = NULL;

  send (server, "GET", "/oauth2/userInfo", NULL, authorization, NULL, &answer);
  root = json_from_string (answer.body, NULL);
  g_assert_nonnull (root);
  if (reply != NULL)
    *reply = json_object_ref (json_node_get_object (root));
  return answer.status;
}

/* --- the cases ------------------------------------------------------------ */

/* The desktop app's flow: a loopback redirect on a port picked then, the
 * code with its verifier, the tokens, who the user is, and a refresh. */
static void
test_code_flow (Fixture      *fixture,
                gconstpointer data)
{
  EweTestServer   *server = fixture->server;
  /* Anything a client may put in state comes back byte for byte, spaces
   * at its ends too. */
  const char      *state = " s t&a=t/e?é+%20 ";
  const char      *redirect = "http://127.0.0.1:49152/callback";
  g_autofree char *code = sign_in_for_code (server, EWS_TEST_COGNITO_CLIENT_ID, redirect, state, "nonce-1");
  g_autoptr(JsonObject) tokens = NULL;
  g_autoptr(JsonObject) claims = NULL;
  g_autoptr(JsonObject) user = NULL;
  g_autoptr(JsonObject) refreshed = NULL;
  g_autoptr(JsonObject) refreshed_claims = NULL;
  g_autofree char *refresh_form = NULL;
  g_autofree char *authorization = NULL;
  guint            status = 0;

  g_assert_nonnull (code);
  tokens = exchange (server, EWS_TEST_COGNITO_CLIENT_ID, redirect, code, VERIFIER, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (tokens, "token_type"), ==, "Bearer");
  g_assert_cmpint (json_object_get_int_member (tokens, "expires_in"), ==, 3600);
  g_assert_nonnull (json_object_get_string_member (tokens, "refresh_token"));

  claims = verify_id_token (server, json_object_get_string_member (tokens, "id_token"),
                            EWS_TEST_COGNITO_CLIENT_ID, "nonce-1");

  /* The data API takes the ID token as one from the sign-in API. */
  g_assert_cmpuint (ews_test_cognito_get_with_token (server, "/api/lists",
                                                     json_object_get_string_member (tokens, "id_token")),
                    ==, 200);

  g_assert_cmpuint (user_info_status (server, json_object_get_string_member (tokens, "access_token"), &user), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (user, "sub"), ==, json_object_get_string_member (claims, "sub"));
  g_assert_cmpstr (json_object_get_string_member (user, "email"), ==, EMAIL);
  g_assert_cmpstr (json_object_get_string_member (user, "name"), ==, "Hosted Hanna");

  /* Without a token, or with an ID token, userInfo says who is not known. */
  g_assert_cmpuint (user_info_status (server, "not-a-token", NULL), ==, 401);
  g_assert_cmpuint (user_info_status (server, json_object_get_string_member (tokens, "id_token"), NULL), ==, 401);

  refresh_form = g_strdup_printf ("grant_type=refresh_token&client_id=%s&refresh_token=%s",
                                  EWS_TEST_COGNITO_CLIENT_ID, json_object_get_string_member (tokens, "refresh_token"));
  refreshed = token_request (server, refresh_form, &status);
  g_assert_cmpuint (status, ==, 200);
  refreshed_claims = verify_id_token (server, json_object_get_string_member (refreshed, "id_token"),
                                      EWS_TEST_COGNITO_CLIENT_ID, NULL);
  g_assert_cmpstr (json_object_get_string_member (refreshed_claims, "origin_jti"), ==,
                   json_object_get_string_member (claims, "origin_jti"));

  /* Another port, the same client: RFC 8252 §7.3. */
  {
    g_autofree char *other = sign_in_for_code (server, EWS_TEST_COGNITO_CLIENT_ID, "http://127.0.0.1:61000/x?keep=1",
                                               "two", "nonce-2");
    g_autoptr(JsonObject) more = exchange (server, EWS_TEST_COGNITO_CLIENT_ID, "http://127.0.0.1:61000/x?keep=1",
                                            other, VERIFIER, &status);

    g_assert_cmpuint (status, ==, 200);
    g_clear_pointer (&claims, json_object_unref);
    claims = verify_id_token (server, json_object_get_string_member (more, "id_token"), EWS_TEST_COGNITO_CLIENT_ID,
                              "nonce-2");
  }
}

/* A registered web client: its exact redirect URI, its own audience, and a
 * refresh token no other client may use. */
static void
test_registered_client (Fixture      *fixture,
                        gconstpointer data)
{
  EweTestServer   *server = fixture->server;
  g_autofree char *code = sign_in_for_code (server, WEB_CLIENT, WEB_REDIRECT, "w", "nonce-web");
  g_autoptr(JsonObject) tokens = NULL;
  g_autoptr(JsonObject) claims = NULL;
  g_autoptr(JsonObject) stolen = NULL;
  g_autofree char *form = NULL;
  guint            status = 0;

  tokens = exchange (server, WEB_CLIENT, WEB_REDIRECT, code, VERIFIER, &status);
  g_assert_cmpuint (status, ==, 200);
  claims = verify_id_token (server, json_object_get_string_member (tokens, "id_token"), WEB_CLIENT, "nonce-web");

  form = g_strdup_printf ("grant_type=refresh_token&client_id=%s&refresh_token=%s", EWS_TEST_COGNITO_CLIENT_ID,
                          json_object_get_string_member (tokens, "refresh_token"));
  stolen = token_request (server, form, &status);
  g_assert_cmpuint (status, ==, 400);
  assert_oauth_error (stolen, "invalid_grant");
}

static void
test_wrong_verifier (Fixture      *fixture,
                     gconstpointer data)
{
  EweTestServer   *server = fixture->server;
  const char      *redirect = "http://127.0.0.1:40000/cb";
  g_autofree char *code = sign_in_for_code (server, EWS_TEST_COGNITO_CLIENT_ID, redirect, "st", "n");
  g_autoptr(JsonObject) wrong = NULL;
  g_autoptr(JsonObject) right_too_late = NULL;
  g_autoptr(JsonObject) wrong_redirect = NULL;
  guint status = 0;

  wrong = exchange (server, EWS_TEST_COGNITO_CLIENT_ID, redirect, code,
                    "another-verifier-another-verifier-another-verifier", &status);
  g_assert_cmpuint (status, ==, 400);
  assert_oauth_error (wrong, "invalid_grant");

  /* The code is spent by the wrong try: a thief gets one guess. */
  right_too_late = exchange (server, EWS_TEST_COGNITO_CLIENT_ID, redirect, code, VERIFIER, &status);
  g_assert_cmpuint (status, ==, 400);
  assert_oauth_error (right_too_late, "invalid_grant");

  /* A code is bound to its redirect URI too. */
  g_free (code);
  code = sign_in_for_code (server, EWS_TEST_COGNITO_CLIENT_ID, redirect, "st", "n");
  wrong_redirect = exchange (server, EWS_TEST_COGNITO_CLIENT_ID, "http://127.0.0.1:40001/cb", code, VERIFIER, &status);
  g_assert_cmpuint (status, ==, 400);
  assert_oauth_error (wrong_redirect, "invalid_grant");
}

/* RFC 6749 §4.1.2: refused the second time, and what the first use gave
 * stops working. */
static void
test_replayed_code (Fixture      *fixture,
                    gconstpointer data)
{
  EweTestServer   *server = fixture->server;
  const char      *redirect = "http://127.0.0.1:40000/cb";
  g_autofree char *code = sign_in_for_code (server, EWS_TEST_COGNITO_CLIENT_ID, redirect, "st", "n");
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonObject) refreshed = NULL;
  g_autofree char *form = NULL;
  guint            status = 0;

  first = exchange (server, EWS_TEST_COGNITO_CLIENT_ID, redirect, code, VERIFIER, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (user_info_status (server, json_object_get_string_member (first, "access_token"), NULL), ==, 200);

  second = exchange (server, EWS_TEST_COGNITO_CLIENT_ID, redirect, code, VERIFIER, &status);
  g_assert_cmpuint (status, ==, 400);
  assert_oauth_error (second, "invalid_grant");

  g_assert_cmpuint (user_info_status (server, json_object_get_string_member (first, "access_token"), NULL), ==, 401);
  g_assert_cmpuint (ews_test_cognito_get_with_token (server, "/api/lists",
                                                     json_object_get_string_member (first, "id_token")),
                    ==, 401);
  form = g_strdup_printf ("grant_type=refresh_token&client_id=%s&refresh_token=%s", EWS_TEST_COGNITO_CLIENT_ID,
                          json_object_get_string_member (first, "refresh_token"));
  refreshed = token_request (server, form, &status);
  g_assert_cmpuint (status, ==, 400);
  assert_oauth_error (refreshed, "invalid_grant");
}

/* RFC 7009: the refresh token's sign-in ends, its tokens with it; not for
 * another client's asking, and an unknown token is simply gone. */
static void
test_revoke (Fixture      *fixture,
             gconstpointer data)
{
  EweTestServer   *server = fixture->server;
  const char      *redirect = "http://127.0.0.1:40000/cb";
  g_autofree char *code = sign_in_for_code (server, EWS_TEST_COGNITO_CLIENT_ID, redirect, "st", "n");
  g_autoptr(JsonObject) tokens = NULL;
  g_autoptr(JsonObject) refused = NULL;
  g_autoptr(JsonObject) revoked = NULL;
  g_autoptr(JsonObject) unknown = NULL;
  g_autoptr(JsonObject) refreshed = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *form = NULL;
  guint            status = 0;

  tokens = exchange (server, EWS_TEST_COGNITO_CLIENT_ID, redirect, code, VERIFIER, &status);
  g_assert_cmpuint (status, ==, 200);
  escaped = escape (json_object_get_string_member (tokens, "refresh_token"));

  form = g_strdup_printf ("client_id=%s&token=%s", WEB_CLIENT, escaped);
  refused = token_request_to (server, "/oauth2/revoke", form, &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpuint (user_info_status (server, json_object_get_string_member (tokens, "access_token"), NULL), ==, 200);

  g_free (form);
  form = g_strdup_printf ("client_id=%s&token=%s", EWS_TEST_COGNITO_CLIENT_ID, escaped);
  revoked = token_request_to (server, "/oauth2/revoke", form, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (user_info_status (server, json_object_get_string_member (tokens, "access_token"), NULL), ==, 401);

  g_free (form);
  form = g_strdup_printf ("grant_type=refresh_token&client_id=%s&refresh_token=%s", EWS_TEST_COGNITO_CLIENT_ID,
                          escaped);
  refreshed = token_request (server, form, &status);
  g_assert_cmpuint (status, ==, 400);
  assert_oauth_error (refreshed, "invalid_grant");

  unknown = token_request_to (server, "/oauth2/revoke", "client_id=" EWS_TEST_COGNITO_CLIENT_ID "&token=nothing",
                              &status);
  g_assert_cmpuint (status, ==, 200);
}

static void
test_expired_code (Fixture      *fixture,
                   gconstpointer data)
{
  EweTestServer   *server = fixture->server;
  const char      *redirect = "http://127.0.0.1:40000/cb";
  g_autofree char *code = sign_in_for_code (server, EWS_TEST_COGNITO_CLIENT_ID, redirect, "st", "n");
  g_autoptr(JsonObject) reply = NULL;
  guint status = 0;

  /* Codes last five minutes. */
  ewe_test_server_advance_clock (server, 5 * 60 + 1);
  reply = exchange (server, EWS_TEST_COGNITO_CLIENT_ID, redirect, code, VERIFIER, &status);
  g_assert_cmpuint (status, ==, 400);
  assert_oauth_error (reply, "invalid_grant");
}

/* A redirect URI the client did not register gets a page of ours, never a
 * redirect; so does an unknown client. */
static void
test_unregistered_redirect (Fixture      *fixture,
                            gconstpointer data)
{
  const char *refused[][2] = {
    { EWS_TEST_COGNITO_CLIENT_ID, "https://evil.example.org/cb" },
    /* "localhost" is not a loopback address (RFC 8252 §8.3). */
    { EWS_TEST_COGNITO_CLIENT_ID, "http://localhost:40000/cb" },
    { WEB_CLIENT, "https://app.example.org/signed-in/more" },
    { WEB_CLIENT, "http://127.0.0.1:40000/cb" },
    { "nobody", "http://127.0.0.1:40000/cb" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *query = authorize_query (refused[i][0], refused[i][1], "st", "n");
      g_autofree char *path = g_strconcat ("/oauth2/authorize?", query, NULL);
      g_auto(Answer) answer = { 0 };

      send (fixture->server, "GET", path, NULL, NULL, NULL, &answer);
      g_assert_cmpuint (answer.status, ==, 400);
      g_assert_null (answer.location);
      g_assert_null (strstr (answer.body, "<form"));
      g_assert_nonnull (strstr (answer.body, "<h1>"));
    }

  /* Cognito's scopes are taken; others are the client's mistake. */
  {
    g_autofree char *challenge = challenge_for (VERIFIER);
    g_autofree char *base = g_strconcat ("/oauth2/authorize?client_id=" WEB_CLIENT "&redirect_uri=https%3A%2F%2F"
                                         "app.example.org%2Fsigned-in&response_type=code&code_challenge_method=S256"
                                         "&code_challenge=",
                                         challenge, NULL);
    g_autofree char *admin = g_strconcat (base, "&scope=openid+aws.cognito.signin.user.admin", NULL);
    g_autofree char *bogus = g_strconcat (base, "&scope=openid+bogus", NULL);
    g_autofree char *error = NULL;
    g_auto(Answer) taken = { 0 };
    g_auto(Answer) unknown_scope = { 0 };

    send (fixture->server, "GET", admin, NULL, NULL, NULL, &taken);
    g_assert_cmpuint (taken.status, ==, 200);
    send (fixture->server, "GET", bogus, NULL, NULL, NULL, &unknown_scope);
    g_assert_cmpuint (unknown_scope.status, ==, 302);
    error = query_param (unknown_scope.location, "error");
    g_assert_cmpstr (error, ==, "invalid_scope");
  }

  /* OpenID Connect's login_hint fills the address in. */
  {
    g_autofree char *query = authorize_query (EWS_TEST_COGNITO_CLIENT_ID, "http://127.0.0.1:40000/cb", "st", "n");
    g_autofree char *path = g_strconcat ("/oauth2/authorize?", query, "&login_hint=ann%40example.org", NULL);
    g_auto(Answer) hinted = { 0 };

    send (fixture->server, "GET", path, NULL, NULL, NULL, &hinted);
    g_assert_cmpuint (hinted.status, ==, 200);
    g_assert_nonnull (strstr (hinted.body, "name=\"email\" type=\"email\" autocomplete=\"username\" "
                                           "value=\"ann@example.org\""));
  }

  /* Without PKCE the client is told so, at its (good) redirect URI. */
  {
    g_auto(Answer) answer = { 0 };
    g_autofree char *error = NULL;
    g_autofree char *state = NULL;

    send (fixture->server, "GET",
          "/oauth2/authorize?client_id=" WEB_CLIENT "&redirect_uri=https%3A%2F%2Fapp.example.org%2Fsigned-in"
          "&response_type=code&state=abc",
          NULL, NULL, NULL, &answer);
    g_assert_cmpuint (answer.status, ==, 302);
    g_assert_true (g_str_has_prefix (answer.location, WEB_REDIRECT "?"));
    error = query_param (answer.location, "error");
    state = query_param (answer.location, "state");
    g_assert_cmpstr (error, ==, "invalid_request");
    g_assert_cmpstr (state, ==, "abc");
  }
}

/* The form without its token, or without the cookie its token is bound
 * to, signs nobody in. */
static void
test_csrf_missing (Fixture      *fixture,
                   gconstpointer data)
{
  g_autofree char *query = authorize_query (EWS_TEST_COGNITO_CLIENT_ID, "http://127.0.0.1:40000/cb", "st", "n");
  g_autofree char *path = g_strconcat ("/oauth2/authorize?", query, NULL);
  g_autofree char *no_token = g_strdup_printf ("%s&email=%s&password=%s", query, EMAIL, EWS_TEST_COGNITO_PASSWORD);
  g_autofree char *token = NULL;
  g_autofree char *no_cookie = NULL;
  g_auto(Answer) page = { 0 };
  g_auto(Answer) without_token = { 0 };
  g_auto(Answer) without_cookie = { 0 };

  send (fixture->server, "GET", path, NULL, NULL, NULL, &page);
  g_assert_cmpuint (page.status, ==, 200);

  send (fixture->server, "POST", "/oauth2/authorize", page.cookie, NULL, no_token, &without_token);
  g_assert_cmpuint (without_token.status, ==, 403);
  g_assert_null (without_token.location);

  token = csrf_token_of (page.body);
  no_cookie = g_strdup_printf ("csrf_token=%s&%s", token, no_token);
  send (fixture->server, "POST", "/oauth2/authorize", NULL, NULL, no_cookie, &without_cookie);
  g_assert_cmpuint (without_cookie.status, ==, 403);
  g_assert_null (without_cookie.location);
}

/* A wrong password is the sign-in API's wrong password: the page again,
 * with the address kept and the lockout counting. */
static void
test_wrong_password (Fixture      *fixture,
                     gconstpointer data)
{
  g_autofree char *query = authorize_query (EWS_TEST_COGNITO_CLIENT_ID, "http://127.0.0.1:40000/cb", "st", "n");
  g_auto(Answer) answer = { 0 };

  sign_in_on_page (fixture->server, query, "Wrong-password-1", &answer);
  g_assert_cmpuint (answer.status, ==, 400);
  g_assert_null (answer.location);
  g_assert_nonnull (strstr (answer.body, "role=\"alert\""));
  g_assert_nonnull (strstr (answer.body, "value=\"" EMAIL "\""));

  /* The API's InitiateAuth sees the same failure count. */
  for (guint i = 0; i < 4; i++)
    ews_test_cognito_sign_in_fails (fixture->server, EMAIL, "Wrong-password-1", "NotAuthorizedException",
                                    "Incorrect username or password.");
  ews_test_cognito_sign_in_fails (fixture->server, EMAIL, EWS_TEST_COGNITO_PASSWORD, "NotAuthorizedException",
                                  "Password attempts exceeded");
}

static void
test_logout_and_discovery (Fixture      *fixture,
                           gconstpointer data)
{
  g_autoptr(JsonObject) discovery = get_json (fixture->server, "/.well-known/openid-configuration");
  g_auto(Answer) out = { 0 };
  g_auto(Answer) refused = { 0 };
  g_autofree char *authorize = g_strconcat (fixture->server->base_url, "/oauth2/authorize", NULL);
  g_autofree char *token = g_strconcat (fixture->server->base_url, "/oauth2/token", NULL);
  g_autofree char *user_info = g_strconcat (fixture->server->base_url, "/oauth2/userInfo", NULL);
  JsonArray       *methods = json_object_get_array_member (discovery, "code_challenge_methods_supported");

  g_assert_cmpstr (json_object_get_string_member (discovery, "authorization_endpoint"), ==, authorize);
  g_assert_cmpstr (json_object_get_string_member (discovery, "token_endpoint"), ==, token);
  g_assert_cmpstr (json_object_get_string_member (discovery, "userinfo_endpoint"), ==, user_info);
  g_assert_cmpuint (json_array_get_length (methods), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (methods, 0), ==, "S256");

  send (fixture->server, "GET", "/logout?client_id=" WEB_CLIENT "&logout_uri=https%3A%2F%2Fapp.example.org%2F",
        NULL, NULL, NULL, &out);
  g_assert_cmpuint (out.status, ==, 302);
  g_assert_cmpstr (out.location, ==, WEB_LOGOUT);

  send (fixture->server, "GET", "/logout?client_id=" WEB_CLIENT "&logout_uri=https%3A%2F%2Fevil.example.org%2F",
        NULL, NULL, NULL, &refused);
  g_assert_cmpuint (refused.status, ==, 400);
  g_assert_null (refused.location);
}

/* Posts the form of the page in @page (its CSRF token, with @cookie)
 * with the request's own parameters (@query) and @fields. */
static void
post_page_form (EweTestServer *server,
                const char    *path,
                const char    *cookie,
                const Answer  *page,
                const char    *query,
                const char    *fields,
                Answer        *answer)
{
  g_autofree char *action = g_strdup_printf ("action=\"%s%s\"", server->base_url, path);
  const char      *form_start = strstr (page->body, action);
  g_autofree char *token = NULL;
  g_autofree char *escaped_token = NULL;
  g_autofree char *form = NULL;

  /* The token of that very form: a page may have two. */
  g_assert_nonnull (form_start);
  token = csrf_token_of (form_start);
  escaped_token = escape (token);
  form = g_strdup_printf ("csrf_token=%s&%s&%s", escaped_token, query, fields);
  send (server, "POST", path, cookie, NULL, form, answer);
}

/* A new account made on the hosted pages: sign-up, the mailed code, then
 * signing in for the app that sent the person there. */
static void
test_sign_up_on_page (Fixture      *fixture,
                      gconstpointer data)
{
  EweTestServer   *server = fixture->server;
  const char      *redirect = "http://127.0.0.1:40000/cb";
  g_autofree char *query = authorize_query (EWS_TEST_COGNITO_CLIENT_ID, redirect, "st", "n-new");
  g_autofree char *sign_in_path = g_strconcat ("/oauth2/authorize?", query, NULL);
  g_autofree char *sign_up_path = g_strconcat ("/signup?", query, NULL);
  g_autofree char *code = NULL;
  g_autofree char *code_field = NULL;
  g_autofree char *oauth_code = NULL;
  g_autoptr(JsonObject) tokens = NULL;
  g_autoptr(JsonObject) claims = NULL;
  g_auto(Answer) sign_in = { 0 };
  g_auto(Answer) page = { 0 };
  g_auto(Answer) weak = { 0 };
  g_auto(Answer) confirm = { 0 };
  g_auto(Answer) resent = { 0 };
  g_auto(Answer) confirmed = { 0 };
  g_auto(Answer) signed_in = { 0 };
  guint status = 0;
  guint next = 0;

  /* The sign-in page links to the sign-up page, for the same app. */
  send (server, "GET", sign_in_path, NULL, NULL, NULL, &sign_in);
  g_assert_nonnull (strstr (sign_in.body, "/signup?client_id=ewelists"));

  send (server, "GET", sign_up_path, NULL, NULL, NULL, &page);
  g_assert_cmpuint (page.status, ==, 200);

  /* The password policy, in words the person can act on. */
  post_page_form (server, "/signup", page.cookie, &page, query, "name=Nia&email=nia%40example.org&password=short",
                  &weak);
  g_assert_cmpuint (weak.status, ==, 400);
  g_assert_nonnull (strstr (weak.body, "role=\"alert\""));

  post_page_form (server, "/signup", page.cookie, &page, query,
                  "name=Nia&email=nia%40example.org&password=" EWS_TEST_COGNITO_PASSWORD, &confirm);
  g_assert_cmpuint (confirm.status, ==, 200);

  /* The first code did not come: another, from the same page. */
  g_free (ews_test_cognito_read_code (fixture->sink, "nia@example.org", 0, &next));
  post_page_form (server, "/resendCode", page.cookie, &confirm, query, "email=nia%40example.org", &resent);
  g_assert_cmpuint (resent.status, ==, 200);
  g_assert_nonnull (strstr (resent.body, "role=\"status\""));

  code = ews_test_cognito_read_code (fixture->sink, "nia@example.org", next, NULL);
  code_field = g_strdup_printf ("email=nia%%40example.org&code=%s", code);
  post_page_form (server, "/confirm", page.cookie, &resent, query, code_field, &confirmed);
  g_assert_cmpuint (confirmed.status, ==, 200);
  g_assert_nonnull (strstr (confirmed.body, "role=\"status\""));

  post_page_form (server, "/oauth2/authorize", page.cookie, &confirmed, query,
                  "email=nia%40example.org&password=" EWS_TEST_COGNITO_PASSWORD, &signed_in);
  g_assert_cmpuint (signed_in.status, ==, 303);
  oauth_code = query_param (signed_in.location, "code");
  tokens = exchange (server, EWS_TEST_COGNITO_CLIENT_ID, redirect, oauth_code, VERIFIER, &status);
  g_assert_cmpuint (status, ==, 200);
  claims = verify_id_token_for (server, json_object_get_string_member (tokens, "id_token"),
                                EWS_TEST_COGNITO_CLIENT_ID, "n-new", "nia@example.org");
  g_assert_cmpstr (json_object_get_string_member (claims, "name"), ==, "Nia");
}

/* A forgotten password changed on the hosted pages, then used. */
static void
test_reset_on_page (Fixture      *fixture,
                    gconstpointer data)
{
  EweTestServer   *server = fixture->server;
  const char      *redirect = "http://127.0.0.1:40000/cb";
  g_autofree char *query = authorize_query (EWS_TEST_COGNITO_CLIENT_ID, redirect, "st", "n");
  g_autofree char *forgot_path = g_strconcat ("/forgotPassword?", query, NULL);
  g_autofree char *code = NULL;
  g_autofree char *wrong_fields = NULL;
  g_autofree char *fields = NULL;
  g_auto(Answer) page = { 0 };
  g_auto(Answer) reset = { 0 };
  g_auto(Answer) wrong = { 0 };
  g_auto(Answer) changed = { 0 };
  g_auto(Answer) signed_in = { 0 };
  guint mails = ewe_test_smtp_get_n_messages (fixture->sink);

  send (server, "GET", forgot_path, NULL, NULL, NULL, &page);
  g_assert_cmpuint (page.status, ==, 200);
  post_page_form (server, "/forgotPassword", page.cookie, &page, query, "email=" EMAIL, &reset);
  g_assert_cmpuint (reset.status, ==, 200);

  code = ews_test_cognito_read_code (fixture->sink, EMAIL, mails, NULL);
  wrong_fields = g_strdup_printf ("email=%s&code=%06d&password=New-password-2", EMAIL,
                                  (atoi (code) + 1) % 1000000);
  post_page_form (server, "/confirmForgotPassword", page.cookie, &reset, query, wrong_fields, &wrong);
  g_assert_cmpuint (wrong.status, ==, 400);
  g_assert_nonnull (strstr (wrong.body, "role=\"alert\""));

  fields = g_strdup_printf ("email=%s&code=%s&password=New-password-2", EMAIL, code);
  post_page_form (server, "/confirmForgotPassword", page.cookie, &reset, query, fields, &changed);
  g_assert_cmpuint (changed.status, ==, 200);
  g_assert_nonnull (strstr (changed.body, "role=\"status\""));

  post_page_form (server, "/oauth2/authorize", page.cookie, &changed, query,
                  "email=" EMAIL "&password=New-password-2", &signed_in);
  g_assert_cmpuint (signed_in.status, ==, 303);
  ews_test_cognito_sign_in_fails (server, EMAIL, EWS_TEST_COGNITO_PASSWORD, "NotAuthorizedException",
                                  "Incorrect username or password.");
}

/* The app's loopback listener, as the desktop app has it: it takes the
 * browser's GET of the redirect URI, and says the person can go back. */
typedef struct
{
  SoupServer *server;
  char       *redirect_uri;
  char       *query; /* what the browser brought, once it came */
} Listener;

static void
listener_cb (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  Listener   *listener = user_data;
  const char *text = "Signed in. You can go back to the app.";

  g_free (listener->query);
  listener->query = g_strdup (g_uri_get_query (soup_server_message_get_uri (msg)));
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/plain; charset=utf-8", SOUP_MEMORY_STATIC, text, strlen (text));
}

static void
subprocess_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *done = TRUE;
}

/* Headless Chromium signs in on the page (oauth2-browser.mjs: typed into
 * the fields, Enter pressed), follows the redirect to a loopback listener
 * on a port picked now, and the app's part takes it from there. Skipped
 * without Node or Chromium. */
static void
test_browser (Fixture      *fixture,
              gconstpointer data)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "server", "oauth2-browser.mjs", NULL);
  g_autofree char *node = g_find_program_in_path ("node");
  g_autofree char *query = NULL;
  g_autofree char *url = NULL;
  g_autofree char *code = NULL;
  g_autofree char *state = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) tokens = NULL;
  g_autoptr(JsonObject) claims = NULL;
  g_autoslist(GUri) uris = NULL;
  Listener listener = { 0 };
  gboolean done = FALSE;
  guint    status = 0;

  if (node == NULL || !g_file_test ("/usr/bin/chromium", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("needs node and Debian's chromium");
      return;
    }

  listener.server = soup_server_new (NULL, NULL);
  soup_server_add_handler (listener.server, "/callback", listener_cb, &listener, NULL);
  soup_server_listen_local (listener.server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (listener.server);
  listener.redirect_uri = g_strdup_printf ("http://127.0.0.1:%d/callback", g_uri_get_port (uris->data));

  query = authorize_query (EWS_TEST_COGNITO_CLIENT_ID, listener.redirect_uri, "browser state", "browser-nonce");
  url = g_strdup_printf ("%s/oauth2/authorize?%s", fixture->server->base_url, query);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, node, script, url,
                              EMAIL, EWS_TEST_COGNITO_PASSWORD, listener.redirect_uri, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (process, NULL, subprocess_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  if (g_subprocess_get_if_exited (process) && g_subprocess_get_exit_status (process) == 77)
    {
      g_test_skip ("the browser could not be driven here");
      g_clear_object (&listener.server);
      g_free (listener.redirect_uri);
      return;
    }
  g_assert_true (g_subprocess_get_successful (process));

  /* The listener got the code and the state, as sent, from the browser. */
  g_assert_nonnull (listener.query);
  {
    g_autofree char *back = g_strconcat (listener.redirect_uri, "?", listener.query, NULL);

    code = query_param (back, "code");
    state = query_param (back, "state");
  }
  g_assert_cmpstr (state, ==, "browser state");

  tokens = exchange (fixture->server, EWS_TEST_COGNITO_CLIENT_ID, listener.redirect_uri, code, VERIFIER, &status);
  g_assert_cmpuint (status, ==, 200);
  claims = verify_id_token (fixture->server, json_object_get_string_member (tokens, "id_token"),
                            EWS_TEST_COGNITO_CLIENT_ID, "browser-nonce");

  soup_server_disconnect (listener.server);
  g_clear_object (&listener.server);
  g_free (listener.redirect_uri);
  g_free (listener.query);
}

/* Servers on one database: a code one issued is taken on another, once;
 * the second use, on the first server, ends the sign-in the other made. */
static void
test_another_server (Fixture      *fixture,
                     gconstpointer data)
{
  g_autoptr(EweTestServer) other = ewe_test_server_start_full (NULL, 0, (const char * const *)fixture->server_args);
  const char      *redirect = "http://127.0.0.1:40000/cb";
  g_autofree char *code = sign_in_for_code (fixture->server, EWS_TEST_COGNITO_CLIENT_ID, redirect, "st", "n-other");
  g_autoptr(JsonObject) tokens = NULL;
  g_autoptr(JsonObject) claims = NULL;
  g_autoptr(JsonObject) again = NULL;
  guint status = 0;

  g_assert_nonnull (other);
  tokens = exchange (other, EWS_TEST_COGNITO_CLIENT_ID, redirect, code, VERIFIER, &status);
  g_assert_cmpuint (status, ==, 200);
  claims = verify_id_token (other, json_object_get_string_member (tokens, "id_token"), EWS_TEST_COGNITO_CLIENT_ID,
                            "n-other");
  g_assert_cmpuint (user_info_status (other, json_object_get_string_member (tokens, "access_token"), NULL), ==, 200);

  again = exchange (fixture->server, EWS_TEST_COGNITO_CLIENT_ID, redirect, code, VERIFIER, &status);
  g_assert_cmpuint (status, ==, 400);
  assert_oauth_error (again, "invalid_grant");
  g_assert_cmpuint (user_info_status (other, json_object_get_string_member (tokens, "access_token"), NULL), ==, 401);
}

/* A client whose redirect URI is not an absolute URI (or has a fragment)
 * stops the server at start, naming the group: a typo must not turn into
 * a sign-in that quietly never works. */
static void
test_bad_client_config (void)
{
  const char *cases[] = {
    "[oauth-client web]\nredirect-uris=/relative/path\n",
    "[oauth-client web]\nredirect-uris=https://app.example.org/cb#fragment\n",
    "[oauth-client web]\nlogout-uris=not a uri\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *dir = g_dir_make_tmp ("ews-oauth2-XXXXXX", NULL);
      g_autofree char *config = g_build_filename (dir, "server.conf", NULL);
      g_autofree char *config_arg = g_strconcat ("--config=", config, NULL);
      g_autofree char *data_arg = g_strconcat ("--data-dir=", dir, NULL);
      g_autofree char *stderr_text = NULL;
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (g_file_set_contents (config, cases[i], -1, NULL));
      process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                                  EWELISTS_SERVER_BINARY, data_arg, "--listen=127.0.0.1:0", config_arg, NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &stderr_text, &error);
      g_assert_no_error (error);
      g_assert_cmpint (g_subprocess_get_exit_status (process), !=, 0);
      g_assert_nonnull (strstr (stderr_text, "[oauth-client web]"));

      g_unlink (config);
      g_rmdir (dir);
    }
}

/* An upstream provider the configuration gets wrong stops the server at
 * its start, naming the group, rather than at somebody's sign-in. */
static void
test_bad_provider_config (void)
{
  const char *cases[] = {
    /* no secret */
    "[oauth-provider work]\nissuer=https://id.example.org\nclient-id=ewelists\n",
    /* secrets in the clear to another machine */
    "[oauth-provider work]\nissuer=http://id.example.org\nclient-id=a\nclient-secret=b\n",
    "[oauth-provider work]\ntype=facebook\nclient-id=a\nclient-secret=b\n"
    "token-endpoint=http://graph.example.org/oauth/access_token\n",
    "[oauth-provider work]\ntype=myspace\nclient-id=a\nclient-secret=b\n",
    /* an OIDC provider needs its issuer */
    "[oauth-provider work]\nclient-id=a\nclient-secret=b\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *dir = g_dir_make_tmp ("ews-oauth2-XXXXXX", NULL);
      g_autofree char *config = g_build_filename (dir, "server.conf", NULL);
      g_autofree char *config_arg = g_strconcat ("--config=", config, NULL);
      g_autofree char *data_arg = g_strconcat ("--data-dir=", dir, NULL);
      g_autofree char *stderr_text = NULL;
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (g_file_set_contents (config, cases[i], -1, NULL));
      process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                                  EWELISTS_SERVER_BINARY, data_arg, "--listen=127.0.0.1:0", config_arg, NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &stderr_text, &error);
      g_assert_no_error (error);
      g_assert_cmpint (g_subprocess_get_exit_status (process), !=, 0);
      g_assert_nonnull (strstr (stderr_text, "[oauth-provider work]"));

      g_unlink (config);
      g_rmdir (dir);
    }
}

/* PKCE with S256 only (issue #13): a request without a challenge, with
 * the plain method, without a method, or with a challenge that is no
 * SHA-256 in base64url goes back to the app as error=invalid_request with
 * its state, never to the page; the same request with S256 gets the page. */
static void
test_pkce_s256_only (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ews-oauth2-XXXXXX", NULL);
  g_autofree char *config = g_build_filename (dir, "server.conf", NULL);
  g_autofree char *config_arg = g_strconcat ("--config=", config, NULL);
  g_autofree char *challenge = challenge_for (VERIFIER);
  g_autofree char *base = g_strdup_printf ("/oauth2/authorize?client_id=" WEB_CLIENT "&redirect_uri=https%%3A%%2F%%2F"
                                           "app.example.org%%2Fsigned-in&response_type=code&scope=openid"
                                           "&state=pkce-state");
  const char      *args[] = { config_arg, NULL };
  const char      *refused[] = {
         "",
         "&code_challenge=" VERIFIER "&code_challenge_method=plain",
         "&code_challenge=@&code_challenge_method=S256",
         "&code_challenge=tooshort&code_challenge_method=S256",
         NULL, /* the right challenge, without its method */
  };
  g_autofree char *no_method = g_strconcat ("&code_challenge=", challenge, NULL);
  g_autofree char *right = g_strconcat (no_method, "&code_challenge_method=S256", NULL);
  g_auto(Answer) taken = { 0 };
  g_autofree char *taken_path = g_strconcat (base, right, NULL);
  EweTestServer   *server;

  refused[G_N_ELEMENTS (refused) - 1] = no_method;
  g_assert_true (g_file_set_contents (config, "[oauth-client " WEB_CLIENT "]\nredirect-uris=" WEB_REDIRECT "\n", -1,
                                      NULL));
  server = ewe_test_server_start_full (NULL, 0, args);
  g_assert_nonnull (server);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *path = g_strconcat (base, refused[i], NULL);
      g_autofree char *error = NULL;
      g_autofree char *state = NULL;
      g_auto(Answer) answer = { 0 };

      g_test_message ("refused: %s", path);
      send (server, "GET", path, NULL, NULL, NULL, &answer);
      g_assert_cmpuint (answer.status, ==, 302);
      g_assert_nonnull (answer.location);
      g_assert_true (g_str_has_prefix (answer.location, WEB_REDIRECT "?"));
      error = query_param (answer.location, "error");
      state = query_param (answer.location, "state");
      g_assert_cmpstr (error, ==, "invalid_request");
      g_assert_cmpstr (state, ==, "pkce-state");
      g_assert_null (strstr (answer.location, "code="));
    }

  send (server, "GET", taken_path, NULL, NULL, NULL, &taken);
  g_assert_cmpuint (taken.status, ==, 200);
  g_assert_nonnull (strstr (taken.body, "name=\"password\""));

  ewe_test_server_free (server);
  g_unlink (config);
  g_rmdir (dir);
}

/* An issuer whose discovery document names its endpoints: at loopback
 * addresses under /good, at a plain-http address elsewhere under /evil.
 * Served on a thread of its own, as the test waits on the server
 * synchronously while the server fetches from it. */
typedef struct
{
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  GThread      *thread;
  guint16       port;
  gint          fetched; /* discovery documents served */
} Issuer;

static void
issuer_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Issuer          *issuer = user_data;
  gboolean         good = g_str_has_prefix (path, "/good/");
  g_autofree char *base = g_strdup_printf ("http://127.0.0.1:%u/%s", issuer->port, good ? "good" : "evil");
  const char      *elsewhere = good ? base : "http://ewelists-test.example.org";
  g_autofree char *document = NULL;

  if (!g_str_has_suffix (path, "/.well-known/openid-configuration"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  g_atomic_int_inc (&issuer->fetched);
  document = g_strdup_printf ("{\"issuer\":\"%s\",\"authorization_endpoint\":\"%s/authorize\","
                              "\"token_endpoint\":\"%s/token\",\"jwks_uri\":\"%s/jwks\"}",
                              base, elsewhere, elsewhere, elsewhere);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, document, strlen (document));
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

static gpointer
issuer_thread (gpointer data)
{
  Issuer *issuer = data;

  g_main_context_push_thread_default (issuer->context);
  g_main_loop_run (issuer->loop);
  g_main_context_pop_thread_default (issuer->context);
  return NULL;
}

static void
issuer_start (Issuer *issuer)
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;

  issuer->context = g_main_context_new ();
  issuer->loop = g_main_loop_new (issuer->context, FALSE);
  /* Its sockets' sources go to the thread's context. */
  g_main_context_push_thread_default (issuer->context);
  issuer->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (issuer->server, NULL, issuer_cb, issuer, NULL);
  soup_server_listen_local (issuer->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_main_context_pop_thread_default (issuer->context);
  g_assert_no_error (error);
  uris = soup_server_get_uris (issuer->server);
  issuer->port = g_uri_get_port (uris->data);
  issuer->thread = g_thread_new ("issuer", issuer_thread, issuer);
}

static gboolean
issuer_quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
issuer_stop (Issuer *issuer)
{
  g_main_context_invoke (issuer->context, issuer_quit_cb, issuer->loop);
  g_thread_join (issuer->thread);
  g_clear_object (&issuer->server);
  g_main_loop_unref (issuer->loop);
  g_main_context_unref (issuer->context);
}

/* Only addresses from the configuration, or from the configured issuer's
 * discovery document, are fetched, and only https ones (http to a
 * loopback host, for tests), as for the configuration's own: a discovery
 * document naming a plain-http endpoint elsewhere fails the sign-in
 * before the browser is sent there (it would get the server's client
 * secret next, in the clear), while the same issuer's endpoints on
 * loopback are followed. */
static void
test_discovery_endpoints (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ews-oauth2-XXXXXX", NULL);
  g_autofree char *config = g_build_filename (dir, "server.conf", NULL);
  g_autofree char *config_arg = g_strconcat ("--config=", config, NULL);
  g_autofree char *text = NULL;
  g_autofree char *query = authorize_query (WEB_CLIENT, WEB_REDIRECT, "the-state", "the-nonce");
  g_autofree char *evil_path = g_strconcat ("/oauth2/upstream?provider=evil&", query, NULL);
  g_autofree char *good_path = g_strconcat ("/oauth2/upstream?provider=good&", query, NULL);
  g_autofree char *good_endpoint = NULL;
  const char      *args[] = { config_arg, NULL };
  g_auto(Answer) evil = { 0 };
  g_auto(Answer) good = { 0 };
  EweTestServer *server;
  Issuer         issuer = { 0 };

  issuer_start (&issuer);
  text = g_strdup_printf ("[oauth-client " WEB_CLIENT "]\nredirect-uris=" WEB_REDIRECT "\n"
                          "[oauth-provider evil]\nissuer=http://127.0.0.1:%u/evil\nclient-id=e\nclient-secret=s\n"
                          "[oauth-provider good]\nissuer=http://127.0.0.1:%u/good\nclient-id=g\nclient-secret=s\n",
                          issuer.port, issuer.port);
  g_assert_true (g_file_set_contents (config, text, -1, NULL));
  server = ewe_test_server_start_full (NULL, 0, args);
  g_assert_nonnull (server);

  send (server, "GET", evil_path, NULL, NULL, NULL, &evil);
  g_assert_cmpint (g_atomic_int_get (&issuer.fetched), ==, 1);
  g_assert_cmpuint (evil.status, ==, 502);
  g_assert_null (evil.location);
  g_assert_null (strstr (evil.body, "ewelists-test.example.org"));

  send (server, "GET", good_path, NULL, NULL, NULL, &good);
  g_assert_cmpint (g_atomic_int_get (&issuer.fetched), ==, 2);
  g_assert_cmpuint (good.status, ==, 302);
  good_endpoint = g_strdup_printf ("http://127.0.0.1:%u/good/authorize?", issuer.port);
  g_assert_nonnull (good.location);
  g_assert_true (g_str_has_prefix (good.location, good_endpoint));

  ewe_test_server_free (server);
  issuer_stop (&issuer);
  g_unlink (config);
  g_rmdir (dir);
}

/* The upstream providers in the discovery document, for the app's
 * buttons: each one's name, type and label, and never its secret; and
 * Cognito's identity_provider=NAME sending the browser straight to the
 * start of that provider's sign-in, with the app's request carried along.
 * Nothing is stored, so one backend is enough; no provider is fetched
 * before somebody signs in, so made-up issuers do. */
static void
test_identity_providers (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ews-oauth2-XXXXXX", NULL);
  g_autofree char *config = g_build_filename (dir, "server.conf", NULL);
  g_autofree char *config_arg = g_strconcat ("--config=", config, NULL);
  const char      *args[] = { config_arg, NULL };
  EweTestServer   *server;
  g_autoptr(JsonObject) discovery = NULL;
  g_auto(Answer) raw = { 0 };
  g_auto(Answer) straight = { 0 };
  g_auto(Answer) unknown = { 0 };
  g_autofree char *query = authorize_query (WEB_CLIENT, WEB_REDIRECT, "the-state", "the-nonce");
  g_autofree char *path = NULL;
  g_autofree char *upstream = NULL;
  JsonArray       *providers;
  JsonObject      *google;
  JsonObject      *work;

  g_assert_true (g_file_set_contents (config,
                                      "[oauth-client " WEB_CLIENT "]\n"
                                      "redirect-uris=" WEB_REDIRECT "\n"
                                      "[oauth-provider google]\ntype=google\nclient-id=g-id\n"
                                      "client-secret=GOOGLE-SECRET-never-published\n"
                                      "[oauth-provider work]\nissuer=https://id.example.org\nclient-id=w-id\n"
                                      "client-secret=WORK-SECRET-never-published\ndisplay-name=Example Corp\n",
                                      -1, NULL));
  server = ewe_test_server_start_full (NULL, 0, args);
  g_assert_nonnull (server);

  discovery = get_json (server, "/.well-known/openid-configuration");
  providers = json_object_get_array_member (discovery, "ewelists_identity_providers");
  g_assert_nonnull (providers);
  g_assert_cmpuint (json_array_get_length (providers), ==, 2);
  google = json_array_get_object_element (providers, 0);
  work = json_array_get_object_element (providers, 1);
  if (g_strcmp0 (json_object_get_string_member (google, "name"), "google") != 0)
    {
      JsonObject *swap = google;

      google = work;
      work = swap;
    }
  g_assert_cmpstr (json_object_get_string_member (google, "name"), ==, "google");
  g_assert_cmpstr (json_object_get_string_member (google, "type"), ==, "google");
  g_assert_cmpstr (json_object_get_string_member (google, "display_name"), ==, "Google");
  g_assert_cmpstr (json_object_get_string_member (work, "name"), ==, "work");
  g_assert_cmpstr (json_object_get_string_member (work, "type"), ==, "oidc");
  g_assert_cmpstr (json_object_get_string_member (work, "display_name"), ==, "Example Corp");
  g_assert_cmpuint (json_object_get_size (work), ==, 3);

  send (server, "GET", "/.well-known/openid-configuration", NULL, NULL, NULL, &raw);
  g_assert_null (strstr (raw.body, "SECRET"));
  g_assert_null (strstr (raw.body, "id.example.org"));

  path = g_strconcat ("/oauth2/authorize?", query, "&identity_provider=work", NULL);
  send (server, "GET", path, NULL, NULL, NULL, &straight);
  g_assert_cmpuint (straight.status, ==, 302);
  upstream = g_strconcat (server->base_url, "/oauth2/upstream?provider=work&", NULL);
  g_assert_nonnull (straight.location);
  g_assert_true (g_str_has_prefix (straight.location, upstream));
  g_assert_nonnull (strstr (straight.location, "&state=the-state"));
  g_assert_nonnull (strstr (straight.location, "&client_id=" WEB_CLIENT));

  g_free (path);
  path = g_strconcat ("/oauth2/authorize?", query, "&identity_provider=myspace", NULL);
  send (server, "GET", path, NULL, NULL, NULL, &unknown);
  g_assert_cmpuint (unknown.status, ==, 200);
  g_assert_null (unknown.location);
  g_assert_nonnull (strstr (unknown.body, "data-provider=\"work\""));

  ewe_test_server_free (server);
  g_unlink (config);
  ewe_test_remove_tree (dir);
}

static const EwsTestBackendCase backend_cases[] = {
  EWS_TEST_BACKEND_CASE ("code-flow", test_code_flow),
  EWS_TEST_BACKEND_CASE ("registered-client", test_registered_client),
  EWS_TEST_BACKEND_CASE ("wrong-verifier", test_wrong_verifier),
  EWS_TEST_BACKEND_CASE ("replayed-code", test_replayed_code),
  EWS_TEST_BACKEND_CASE ("expired-code", test_expired_code),
  EWS_TEST_BACKEND_CASE ("revoke", test_revoke),
  EWS_TEST_BACKEND_CASE ("unregistered-redirect", test_unregistered_redirect),
  EWS_TEST_BACKEND_CASE ("csrf-missing", test_csrf_missing),
  EWS_TEST_BACKEND_CASE ("wrong-password", test_wrong_password),
  EWS_TEST_BACKEND_CASE ("logout-and-discovery", test_logout_and_discovery),
  EWS_TEST_BACKEND_CASE ("sign-up-on-page", test_sign_up_on_page),
  EWS_TEST_BACKEND_CASE ("reset-on-page", test_reset_on_page),
};

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/oauth2/bad-client-config", test_bad_client_config);
  g_test_add_func ("/server/oauth2/bad-provider-config", test_bad_provider_config);
  g_test_add_func ("/server/oauth2/identity-providers", test_identity_providers);
  g_test_add_func ("/server/oauth2/discovery-endpoints", test_discovery_endpoints);
  g_test_add_func ("/server/oauth2/pkce-s256-only", test_pkce_s256_only);
  ews_test_add_backend_cases ("/server/oauth2", Fixture, fixture_set_up, fixture_tear_down, backend_cases, &postgres);
  /* The browser's part does not depend on the backend. */
  g_test_add ("/server/oauth2/sqlite/browser", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up, test_browser,
              fixture_tear_down);

  if (postgres != NULL)
    g_test_add ("/server/oauth2/postgresql/another-server", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up,
                test_another_server, fixture_tear_down);

  status = g_test_run ();
  ews_test_stop_backends (&postgres);

  return status;
}
