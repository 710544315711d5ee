/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <unistd.h>

#include "ews-jwt.h"
#include "ews-test-backends.h"
#include "ews-test-cognito.h"

/* The hosted sign-in remembers the browser (issue #13), as Cognito's
 * hosted UI does with its session cookie: a browser played by a
 * SoupSession with a SoupCookieJar signs in on the page once, and for an
 * hour /oauth2/authorize answers it with a code at once; prompt=login
 * shows the page anyway, prompt=none without a session says
 * login_required, max_age asks again once a sign-in is older, and
 * /logout, the hour running out, a new password or GlobalSignOut end it. Each case runs on SQLite and on PostgreSQL. */

#define EMAIL "remembered@example.org"
#define WEB_CLIENT "web"
#define WEB_REDIRECT "https://app.example.org/signed-in"
#define WEB_LOGOUT "https://app.example.org/"
#define APP_REDIRECT "http://127.0.0.1:40000/cb"
#define VERIFIER "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-the-verifier-of-this-test"
#define SESSION_COOKIE "ews_session"

static EwsTestPostgres *postgres;

typedef struct
{
  EweTestSmtp   *sink;
  EweTestServer *server;
  char          *config_file;
} Fixture;

static void
fixture_start (Fixture    *fixture,
               gboolean    on_postgres,
               const char *extra_arg)
{
  g_autofree char *smtp_url = NULL;
  g_autofree char *smtp_arg = NULL;
  g_autofree char *config_arg = NULL;
  g_autofree char *database_arg = NULL;
  g_autoptr(GError) error = NULL;
  int fd;

  fd = g_file_open_tmp ("ews-oauth2-session-XXXXXX.conf", &fixture->config_file, &error);
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
    /* database_arg may be NULL, and ends the list there. */
    const char *args[] = { smtp_arg, config_arg, extra_arg != NULL ? extra_arg : "--hosted-session-seconds=3600",
                           database_arg, NULL };

    fixture->server = ewe_test_server_start_full (NULL, 0, args);
  }
  g_assert_nonnull (fixture->server);

  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, EMAIL, "Remembered Rita");
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  fixture_start (fixture, GPOINTER_TO_INT (data), NULL);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_clear_pointer (&fixture->server, ewe_test_server_free);
  g_clear_pointer (&fixture->sink, ewe_test_smtp_free);
  g_unlink (fixture->config_file);
  g_clear_pointer (&fixture->config_file, g_free);
}

/* --- a browser: a session with a cookie jar ------------------------------ */

typedef struct
{
  guint status;
  char *location; /* of a redirect */
  char *body;
  char *set_cookie; /* the session cookie's Set-Cookie, whole, if any */
} Answer;

static void
answer_clear (Answer *answer)
{
  g_clear_pointer (&answer->location, g_free);
  g_clear_pointer (&answer->body, g_free);
  g_clear_pointer (&answer->set_cookie, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Answer, answer_clear)

static SoupSession *
browser_new (void)
{
  SoupSession *browser = soup_session_new ();
  g_autoptr(SoupCookieJar) jar = soup_cookie_jar_new ();

  soup_session_add_feature (browser, SOUP_SESSION_FEATURE (jar));
  return browser;
}

/* A top-level navigation, as a browser makes when an app sends it to the
 * sign-in page: SameSite=Lax cookies go along. Redirects are not
 * followed, so that the test sees where the server sends the browser. */
static void
browse (SoupSession   *browser,
        EweTestServer *server,
        const char    *method,
        const char    *path,
        const char    *form,
        Answer        *answer)
{
  g_autofree char *url = ewe_test_server_url (server, path);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GUri) site = g_uri_parse (server->base_url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  const char         *set_cookie;

  g_assert_nonnull (msg);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_set_site_for_cookies (msg, site);
  soup_message_set_is_top_level_navigation (msg, TRUE);
  if (form != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new (form, strlen (form));
      soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", body);
    }

  bytes = soup_session_send_and_read (browser, msg, NULL, &error);
  g_assert_no_error (error);

  headers = soup_message_get_response_headers (msg);
  answer_clear (answer);
  answer->status = soup_message_get_status (msg);
  answer->location = g_strdup (soup_message_headers_get_one (headers, "Location"));
  answer->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  set_cookie = soup_message_headers_get_list (headers, "Set-Cookie");
  if (set_cookie != NULL && strstr (set_cookie, SESSION_COOKIE "=") != NULL)
    {
      /* The last one: a new sign-in first clears the old cookie. */
      const char *start = g_strrstr (set_cookie, SESSION_COOKIE "=");
      answer->set_cookie = g_strndup (start, strcspn (start, ","));
    }
}

/* The session cookie's value in @browser's jar, or NULL. */
static char *
session_cookie (SoupSession *browser)
{
  SoupCookieJar *jar = SOUP_COOKIE_JAR (soup_session_get_feature (browser, SOUP_TYPE_COOKIE_JAR));
  GSList        *cookies = soup_cookie_jar_all_cookies (jar);
  char          *value = NULL;

  for (GSList *l = cookies; l != NULL; l = l->next)
    {
      if (g_strcmp0 (soup_cookie_get_name (l->data), SESSION_COOKIE) == 0)
        value = g_strdup (soup_cookie_get_value (l->data));
    }
  g_slist_free_full (cookies, (GDestroyNotify)soup_cookie_free);

  return value;
}

/* A browser that has @value as its session cookie, and nothing else. */
static SoupSession *
browser_with_cookie (EweTestServer *server,
                     const char    *value)
{
  SoupSession   *browser = browser_new ();
  SoupCookieJar *jar = SOUP_COOKIE_JAR (soup_session_get_feature (browser, SOUP_TYPE_COOKIE_JAR));
  g_autoptr(GUri) uri = g_uri_parse (server->base_url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *header = g_strconcat (SESSION_COOKIE "=", value, "; Path=/; HttpOnly; SameSite=Lax", NULL);

  soup_cookie_jar_set_cookie (jar, uri, header);
  return browser;
}

static char *
escape (const char *text)
{
  return g_uri_escape_string (text, NULL, FALSE);
}

/* An authorization request for @client_id and @redirect_uri with PKCE
 * S256 for VERIFIER, @state, and @extra ("&prompt=login") if any. */
static char *
authorize_path (const char *client_id,
                const char *redirect_uri,
                const char *state,
                const char *extra)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *challenge = NULL;
  g_autofree char *redirect = escape (redirect_uri);
  g_autofree char *escaped_state = escape (state);
  guint8           digest[32];
  gsize            length = sizeof digest;

  g_checksum_update (checksum, (const guchar *)VERIFIER, strlen (VERIFIER));
  g_checksum_get_digest (checksum, digest, &length);
  challenge = ews_base64url_encode (digest, length);

  return g_strdup_printf ("/oauth2/authorize?client_id=%s&redirect_uri=%s&response_type=code"
                          "&scope=openid+email+profile&state=%s&nonce=n-%s&code_challenge=%s"
                          "&code_challenge_method=S256%s",
                          client_id, redirect, escaped_state, escaped_state, challenge, extra != NULL ? extra : "");
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

/* That @answer is the sign-in page, not a redirect. */
static void
assert_page (const Answer *answer)
{
  g_assert_cmpuint (answer->status, ==, 200);
  g_assert_null (answer->location);
  g_assert_nonnull (strstr (answer->body, "name=\"password\""));
}

/* That @answer sends the browser to @redirect_uri with a code and @state:
 * the code, which the app's verifier turns into tokens. */
static char *
assert_code (EweTestServer *server,
             const Answer  *answer,
             const char    *client_id,
             const char    *redirect_uri,
             const char    *state,
             gint64        *auth_age);

/* Signs in on the page @browser is shown for @path, with the password:
 * the answer to the form. */
static void
sign_in_on_page (SoupSession   *browser,
                 EweTestServer *server,
                 const char    *path,
                 Answer        *answer)
{
  g_auto(Answer) page = { 0 };
  const char      *start;
  g_autofree char *token = NULL;
  g_autofree char *escaped_token = NULL;
  g_autofree char *escaped_password = escape (EWS_TEST_COGNITO_PASSWORD);
  g_autofree char *form = NULL;

  browse (browser, server, "GET", path, NULL, &page);
  assert_page (&page);
  start = strstr (page.body, "name=\"csrf_token\" value=\"");
  g_assert_nonnull (start);
  start += strlen ("name=\"csrf_token\" value=\"");
  token = g_strndup (start, strcspn (start, "\""));
  escaped_token = escape (token);

  /* The page's hidden fields are the request's own parameters. */
  form = g_strdup_printf ("csrf_token=%s&%s&email=%s&password=%s", escaped_token, strchr (path, '?') + 1, EMAIL,
                          escaped_password);
  browse (browser, server, "POST", "/oauth2/authorize", form, answer);
}

static JsonObject *
exchange (EweTestServer *server,
          const char    *client_id,
          const char    *redirect_uri,
          const char    *code,
          guint         *status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *escaped_code = escape (code);
  g_autofree char *escaped_redirect = escape (redirect_uri);
  g_autofree char *form = g_strdup_printf ("grant_type=authorization_code&client_id=%s&code=%s&redirect_uri=%s"
                                           "&code_verifier=%s",
                                           client_id, escaped_code, escaped_redirect, VERIFIER);
  g_autofree char *url = ewe_test_server_url (server, "/oauth2/token");
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) body = g_bytes_new (form, strlen (form));
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", body);
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  root = json_from_string (g_bytes_get_data (bytes, NULL), &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (root));
}

/* @auth_age, if not NULL: how long ago the ID token says the person
 * signed in (iat - auth_time). */
static char *
assert_code (EweTestServer *server,
             const Answer  *answer,
             const char    *client_id,
             const char    *redirect_uri,
             const char    *state,
             gint64        *auth_age)
{
  g_autofree char *returned_state = NULL;
  g_autofree char *error = NULL;
  char            *code;

  g_assert_cmpuint (answer->status / 100, ==, 3);
  g_assert_nonnull (answer->location);
  g_assert_true (g_str_has_prefix (answer->location, redirect_uri));
  error = query_param (answer->location, "error");
  g_assert_null (error);
  returned_state = query_param (answer->location, "state");
  g_assert_cmpstr (returned_state, ==, state);
  code = query_param (answer->location, "code");
  g_assert_nonnull (code);

  /* A code as good as one from the page: the app gets its tokens. */
  {
    guint status = 0;
    g_autoptr(JsonObject) tokens = exchange (server, client_id, redirect_uri, code, &status);

    g_assert_cmpuint (status, ==, 200);
    g_assert_true (json_object_has_member (tokens, "id_token"));
    if (auth_age != NULL)
      {
        g_auto(GStrv) parts = g_strsplit (json_object_get_string_member (tokens, "id_token"), ".", 3);
        g_autoptr(GBytes) payload = ews_base64url_decode (parts[1], strlen (parts[1]));
        g_autofree char *text = g_strndup (g_bytes_get_data (payload, NULL), g_bytes_get_size (payload));
        g_autoptr(JsonNode) root = json_from_string (text, NULL);
        JsonObject *claims = json_node_get_object (root);

        *auth_age = json_object_get_int_member (claims, "iat") - json_object_get_int_member (claims, "auth_time");
      }
  }

  return code;
}

/* A browser signed in on the page for the desktop app's client. */
static SoupSession *
signed_in_browser (EweTestServer *server)
{
  SoupSession     *browser = browser_new ();
  g_autofree char *path = authorize_path (EWS_TEST_COGNITO_CLIENT_ID, APP_REDIRECT, "first", NULL);
  g_autofree char *code = NULL;
  g_auto(Answer) answer = { 0 };

  sign_in_on_page (browser, server, path, &answer);
  code = assert_code (server, &answer, EWS_TEST_COGNITO_CLIENT_ID, APP_REDIRECT, "first", NULL);

  /* HttpOnly (no script reads it), Lax (no other site's POST carries it),
   * for the whole site (/logout too), and not Secure on plain http. */
  g_assert_nonnull (answer.set_cookie);
  g_assert_nonnull (strstr (answer.set_cookie, "; HttpOnly"));
  g_assert_nonnull (strstr (answer.set_cookie, "; SameSite=Lax"));
  g_assert_nonnull (strstr (answer.set_cookie, "; Path=/;"));
  g_assert_nonnull (strstr (answer.set_cookie, "; Max-Age=3600"));
  g_assert_null (strstr (answer.set_cookie, "Secure"));

  return browser;
}

/* The next authorization from @browser for @redirect_uri: a code, no page. */
static void
assert_remembered (SoupSession   *browser,
                   EweTestServer *server,
                   const char    *client_id,
                   const char    *redirect_uri,
                   const char    *state,
                   gint64        *auth_age)
{
  g_autofree char *path = authorize_path (client_id, redirect_uri, state, NULL);
  g_autofree char *code = NULL;
  g_auto(Answer) answer = { 0 };

  browse (browser, server, "GET", path, NULL, &answer);
  code = assert_code (server, &answer, client_id, redirect_uri, state, auth_age);
}

static void
assert_forgotten (SoupSession   *browser,
                  EweTestServer *server)
{
  g_autofree char *path = authorize_path (EWS_TEST_COGNITO_CLIENT_ID, APP_REDIRECT, "again", NULL);
  g_auto(Answer) answer = { 0 };

  browse (browser, server, "GET", path, NULL, &answer);
  assert_page (&answer);
}

/* --- the cases ------------------------------------------------------------ */

/* Signed in once, a second app (another client, another redirect) gets a
 * code with no page; another browser still gets the page; the cookie's
 * token is no refresh token. */
static void
test_remembered (Fixture      *fixture,
                 gconstpointer data)
{
  EweTestServer *server = fixture->server;
  g_autoptr(SoupSession) browser = signed_in_browser (server);
  g_autoptr(SoupSession) stranger = browser_new ();
  g_autofree char *value = session_cookie (browser);

  assert_remembered (browser, server, EWS_TEST_COGNITO_CLIENT_ID, "http://127.0.0.1:50000/other", "second", NULL);
  assert_remembered (browser, server, WEB_CLIENT, WEB_REDIRECT, "third", NULL);
  assert_forgotten (stranger, server);

  /* The client and redirect checks still come first: no code for a
   * redirect URI the client did not register. */
  {
    g_autofree char *path = authorize_path (WEB_CLIENT, "https://evil.example.org/", "x", NULL);
    g_auto(Answer) answer = { 0 };

    browse (browser, server, "GET", path, NULL, &answer);
    g_assert_cmpuint (answer.status, ==, 400);
    g_assert_null (answer.location);
  }

  /* Only the browser's token's hash is stored, apart from refresh
   * tokens': the cookie is no refresh token. */
  g_assert_nonnull (value);
  {
    g_autoptr(SoupSession) session = soup_session_new ();
    g_autofree char *url = ewe_test_server_url (server, "/oauth2/token");
    g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
    g_autofree char *escaped = escape (value);
    g_autofree char *form = g_strdup_printf ("grant_type=refresh_token&client_id=%s&refresh_token=%s",
                                             EWS_TEST_COGNITO_CLIENT_ID, escaped);
    g_autoptr(GBytes) body = g_bytes_new (form, strlen (form));
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(GError) error = NULL;

    soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", body);
    bytes = soup_session_send_and_read (session, msg, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 400);
  }
}

/* prompt=login shows the page to a signed-in browser; signing in there
 * replaces its session, and the old cookie is good for nothing. */
static void
test_prompt_login (Fixture      *fixture,
                   gconstpointer data)
{
  EweTestServer *server = fixture->server;
  g_autoptr(SoupSession) browser = signed_in_browser (server);
  g_autofree char *old = session_cookie (browser);
  g_autofree char *path = authorize_path (EWS_TEST_COGNITO_CLIENT_ID, APP_REDIRECT, "login", "&prompt=login");
  g_autofree char *code = NULL;
  g_autofree char *new = NULL;
  g_auto(Answer) answer = { 0 };

  sign_in_on_page (browser, server, path, &answer);
  code = assert_code (server, &answer, EWS_TEST_COGNITO_CLIENT_ID, APP_REDIRECT, "login", NULL);
  new = session_cookie (browser);
  g_assert_nonnull (new);
  g_assert_cmpstr (new, !=, old);
  assert_remembered (browser, server, EWS_TEST_COGNITO_CLIENT_ID, APP_REDIRECT, "after", NULL);

  {
    g_autoptr(SoupSession) stale = browser_with_cookie (server, old);

    assert_forgotten (stale, server);
  }
}

/* OpenID Connect's silent sign-in: a code with a session, login_required
 * without one, never a page. */
static void
test_prompt_none (Fixture      *fixture,
                  gconstpointer data)
{
  EweTestServer *server = fixture->server;
  g_autoptr(SoupSession) stranger = browser_new ();
  g_autoptr(SoupSession) browser = NULL;
  g_autofree char *path = authorize_path (WEB_CLIENT, WEB_REDIRECT, "silent", "&prompt=none");
  g_autofree char *error = NULL;
  g_autofree char *state = NULL;
  g_autofree char *code = NULL;
  g_auto(Answer) answer = { 0 };

  browse (stranger, server, "GET", path, NULL, &answer);
  g_assert_cmpuint (answer.status, ==, 302);
  g_assert_nonnull (answer.location);
  g_assert_true (g_str_has_prefix (answer.location, WEB_REDIRECT "?"));
  error = query_param (answer.location, "error");
  state = query_param (answer.location, "state");
  g_assert_cmpstr (error, ==, "login_required");
  g_assert_cmpstr (state, ==, "silent");
  g_assert_null (strstr (answer.location, "code="));

  browser = signed_in_browser (server);
  browse (browser, server, "GET", path, NULL, &answer);
  code = assert_code (server, &answer, WEB_CLIENT, WEB_REDIRECT, "silent", NULL);

  /* none with anything else is a contradiction (OIDC Core §3.1.2.1). */
  {
    g_autofree char *both = authorize_path (WEB_CLIENT, WEB_REDIRECT, "both", "&prompt=none+login");
    g_autofree char *both_error = NULL;

    browse (browser, server, "GET", both, NULL, &answer);
    g_assert_cmpuint (answer.status, ==, 302);
    both_error = query_param (answer.location, "error");
    g_assert_cmpstr (both_error, ==, "invalid_request");
  }
}

/* /logout ends the session: the cookie is cleared, and a copy of it kept
 * elsewhere is good for nothing either. */
static void
test_logout (Fixture      *fixture,
             gconstpointer data)
{
  EweTestServer *server = fixture->server;
  g_autoptr(SoupSession) browser = signed_in_browser (server);
  g_autofree char *old = session_cookie (browser);
  g_autofree char *left = NULL;
  g_auto(Answer) out = { 0 };

  browse (browser, server, "GET", "/logout?client_id=" WEB_CLIENT "&logout_uri=https%3A%2F%2Fapp.example.org%2F",
          NULL, &out);
  g_assert_cmpuint (out.status, ==, 302);
  g_assert_cmpstr (out.location, ==, WEB_LOGOUT);
  g_assert_nonnull (out.set_cookie);
  g_assert_nonnull (strstr (out.set_cookie, "Max-Age=0"));
  left = session_cookie (browser);
  g_assert_null (left);
  assert_forgotten (browser, server);

  {
    g_autoptr(SoupSession) copy = browser_with_cookie (server, old);

    assert_forgotten (copy, server);
  }
}

/* An hour, then the page again. */
static void
test_expired (Fixture      *fixture,
              gconstpointer data)
{
  EweTestServer *server = fixture->server;
  g_autoptr(SoupSession) browser = signed_in_browser (server);
  g_autofree char *value = session_cookie (browser);
  gint64           auth_age = 0;

  ewe_test_server_advance_clock (server, 3600 - 60);
  assert_remembered (browser, server, EWS_TEST_COGNITO_CLIENT_ID, APP_REDIRECT, "still", &auth_age);
  /* The ID token says when the person signed in, not when the code was
   * handed out (OpenID Connect's auth_time). */
  g_assert_cmpint (auth_age, >=, 3600 - 60);

  /* The jar would drop the cookie by itself by then; the server must not
   * rely on that, so the same cookie is sent on. */
  ewe_test_server_advance_clock (server, 61);
  {
    g_autoptr(SoupSession) late = browser_with_cookie (server, value);

    assert_forgotten (late, server);
  }
}

/* The answer to an authorization from @browser for the desktop app with
 * @extra ("&max_age=300"). */
static void
authorize (SoupSession   *browser,
           EweTestServer *server,
           const char    *state,
           const char    *extra,
           Answer        *answer)
{
  g_autofree char *path = authorize_path (EWS_TEST_COGNITO_CLIENT_ID, APP_REDIRECT, state, extra);

  browse (browser, server, "GET", path, NULL, answer);
}

/* That @answer sends the app an error=@expected with its state. */
static void
assert_error (const Answer *answer,
              const char   *expected,
              const char   *state)
{
  g_autofree char *error = NULL;
  g_autofree char *returned_state = NULL;

  g_assert_cmpuint (answer->status, ==, 302);
  g_assert_nonnull (answer->location);
  g_assert_true (g_str_has_prefix (answer->location, APP_REDIRECT "?"));
  g_assert_null (strstr (answer->location, "code="));
  error = query_param (answer->location, "error");
  returned_state = query_param (answer->location, "state");
  g_assert_cmpstr (error, ==, expected);
  g_assert_cmpstr (returned_state, ==, state);
}

/* OpenID Connect's max_age (Core §3.1.2.1): the browser's session stands
 * in for signing in only if the person signed in at most that many
 * seconds ago; older, the page (prompt=none: login_required), and the new
 * sign-in's ID token says it is new. 0 is prompt=login; what is no whole
 * number of seconds is refused. */
static void
test_max_age (Fixture      *fixture,
              gconstpointer data)
{
  EweTestServer *server = fixture->server;
  g_autoptr(SoupSession) browser = signed_in_browser (server);
  g_autofree char *code = NULL;
  g_autofree char *again = NULL;
  g_autofree char *path = NULL;
  g_auto(Answer) answer = { 0 };
  gint64 auth_age = -1;

  /* Right after signing in, max_age=0 still asks again. */
  authorize (browser, server, "zero", "&max_age=0", &answer);
  assert_page (&answer);

  ewe_test_server_advance_clock (server, 600);

  /* Ten minutes ago is within fifteen: a code, which says ten minutes. */
  authorize (browser, server, "within", "&max_age=900", &answer);
  code = assert_code (server, &answer, EWS_TEST_COGNITO_CLIENT_ID, APP_REDIRECT, "within", &auth_age);
  g_assert_cmpint (auth_age, >=, 600);
  g_assert_cmpint (auth_age, <, 900);

  /* Not within five: the page, and no silent sign-in either. */
  authorize (browser, server, "older", "&max_age=300", &answer);
  assert_page (&answer);
  authorize (browser, server, "silent", "&max_age=300&prompt=none", &answer);
  assert_error (&answer, "login_required", "silent");

  /* Not a number of seconds: the app is told, whatever the session. */
  authorize (browser, server, "negative", "&max_age=-5", &answer);
  assert_error (&answer, "invalid_request", "negative");
  authorize (browser, server, "words", "&max_age=soon", &answer);
  assert_error (&answer, "invalid_request", "words");
  authorize (browser, server, "huge", "&max_age=99999999999999999999", &answer);
  assert_error (&answer, "invalid_request", "huge");

  /* Signing in again on that page: a code whose ID token says now, and
   * the new session is within five minutes from then on. */
  path = authorize_path (EWS_TEST_COGNITO_CLIENT_ID, APP_REDIRECT, "fresh", "&max_age=300");
  sign_in_on_page (browser, server, path, &answer);
  auth_age = -1;
  again = assert_code (server, &answer, EWS_TEST_COGNITO_CLIENT_ID, APP_REDIRECT, "fresh", &auth_age);
  g_assert_cmpint (auth_age, >=, 0);
  g_assert_cmpint (auth_age, <, 60);
  g_clear_pointer (&again, g_free);
  authorize (browser, server, "renewed", "&max_age=300", &answer);
  again = assert_code (server, &answer, EWS_TEST_COGNITO_CLIENT_ID, APP_REDIRECT, "renewed", NULL);
}

/* A new password (ChangePassword, here) and GlobalSignOut end the
 * browser's session as they end every refresh token's. */
static void
test_password_change (Fixture      *fixture,
                      gconstpointer data)
{
  EweTestServer *server = fixture->server;
  g_autoptr(SoupSession) browser = signed_in_browser (server);
  g_autoptr(JsonObject) tokens = ews_test_cognito_sign_in (server, EMAIL, EWS_TEST_COGNITO_PASSWORD);
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) reply = NULL;

  json_object_set_string_member (body, "AccessToken", json_object_get_string_member (tokens, "AccessToken"));
  json_object_set_string_member (body, "PreviousPassword", EWS_TEST_COGNITO_PASSWORD);
  json_object_set_string_member (body, "ProposedPassword", "Brand-new-pass-2");
  reply = ews_test_cognito_call_ok (server, "ChangePassword", body);
  assert_forgotten (browser, server);
}

static void
test_global_sign_out (Fixture      *fixture,
                      gconstpointer data)
{
  EweTestServer *server = fixture->server;
  g_autoptr(SoupSession) browser = signed_in_browser (server);
  g_autoptr(JsonObject) tokens = ews_test_cognito_sign_in (server, EMAIL, EWS_TEST_COGNITO_PASSWORD);
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) reply = NULL;

  assert_remembered (browser, server, EWS_TEST_COGNITO_CLIENT_ID, APP_REDIRECT, "before", NULL);
  json_object_set_string_member (body, "AccessToken", json_object_get_string_member (tokens, "AccessToken"));
  reply = ews_test_cognito_call_ok (server, "GlobalSignOut", body);
  assert_forgotten (browser, server);

  /* The sign-out came from the app, without the cookie: the browser is
   * told to forget it on its next visit. */
  {
    g_autofree char *left = session_cookie (browser);

    g_assert_null (left);
  }
}

/* An account that is gone signs nobody in, even with its session's row
 * left behind (the SQL below runs without foreign keys). SQLite only:
 * the test reaches into the database file. */
static void
test_deleted_account (Fixture      *fixture,
                      gconstpointer data)
{
  EweTestServer *server = fixture->server;
  g_autoptr(SoupSession) browser = signed_in_browser (server);

  ews_test_cognito_run_sql (server, "PRAGMA foreign_keys = OFF; DELETE FROM users WHERE email_key = '" EMAIL "';");
  assert_forgotten (browser, server);
}

/* Behind https (a --public-url with it), the cookie is Secure. A browser
 * would not send the Secure cookies back to this test's plain http, so
 * the CSRF cookie goes along by hand. */
static void
test_secure (void)
{
  Fixture fixture = { 0 };
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *path = authorize_path (EWS_TEST_COGNITO_CLIENT_ID, APP_REDIRECT, "secure", NULL);
  g_autofree char *url = NULL;
  g_autofree char *csrf_cookie = NULL;
  g_autofree char *token = NULL;
  g_autofree char *escaped_token = NULL;
  g_autofree char *escaped_password = escape (EWS_TEST_COGNITO_PASSWORD);
  g_autofree char *form = NULL;
  g_autofree char *post_url = NULL;
  g_autoptr(SoupMessage) page = NULL;
  g_autoptr(SoupMessage) post = NULL;
  g_autoptr(GBytes) page_bytes = NULL;
  g_autoptr(GBytes) post_bytes = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *html = NULL;
  const char      *set_cookie;
  const char      *start;

  fixture_start (&fixture, FALSE, "--public-url=" EWS_TEST_COGNITO_PUBLIC_URL);
  url = ewe_test_server_url (fixture.server, path);
  page = soup_message_new ("GET", url);
  page_bytes = soup_session_send_and_read (session, page, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (page), ==, 200);
  set_cookie = soup_message_headers_get_list (soup_message_get_response_headers (page), "Set-Cookie");
  g_assert_nonnull (set_cookie);
  csrf_cookie = g_strndup (set_cookie, strcspn (set_cookie, ";"));
  html = g_strndup (g_bytes_get_data (page_bytes, NULL), g_bytes_get_size (page_bytes));
  start = strstr (html, "name=\"csrf_token\" value=\"");
  g_assert_nonnull (start);
  start += strlen ("name=\"csrf_token\" value=\"");
  token = g_strndup (start, strcspn (start, "\""));
  escaped_token = escape (token);

  form = g_strdup_printf ("csrf_token=%s&%s&email=%s&password=%s", escaped_token, strchr (path, '?') + 1, EMAIL,
                          escaped_password);
  post_url = ewe_test_server_url (fixture.server, "/oauth2/authorize");
  post = soup_message_new ("POST", post_url);
  soup_message_add_flags (post, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_replace (soup_message_get_request_headers (post), "Cookie", csrf_cookie);
  body = g_bytes_new (form, strlen (form));
  soup_message_set_request_body_from_bytes (post, "application/x-www-form-urlencoded", body);
  post_bytes = soup_session_send_and_read (session, post, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (post), ==, 303);

  set_cookie = soup_message_headers_get_list (soup_message_get_response_headers (post), "Set-Cookie");
  g_assert_nonnull (set_cookie);
  g_assert_nonnull (strstr (set_cookie, SESSION_COOKIE "="));
  g_assert_nonnull (strstr (set_cookie, "; HttpOnly; SameSite=Lax; Secure"));

  fixture_tear_down (&fixture, NULL);
}

/* --hosted-session-seconds=0: the browser is never remembered. */
static void
test_turned_off (void)
{
  Fixture fixture = { 0 };
  g_autoptr(SoupSession) browser = browser_new ();
  g_autofree char *path = authorize_path (EWS_TEST_COGNITO_CLIENT_ID, APP_REDIRECT, "off", NULL);
  g_autofree char *code = NULL;
  g_autofree char *value = NULL;
  g_auto(Answer) answer = { 0 };

  fixture_start (&fixture, FALSE, "--hosted-session-seconds=0");
  sign_in_on_page (browser, fixture.server, path, &answer);
  code = assert_code (fixture.server, &answer, EWS_TEST_COGNITO_CLIENT_ID, APP_REDIRECT, "off", NULL);
  g_assert_null (answer.set_cookie);
  value = session_cookie (browser);
  g_assert_null (value);
  assert_forgotten (browser, fixture.server);

  fixture_tear_down (&fixture, NULL);
}

static const EwsTestBackendCase backend_cases[] = {
  EWS_TEST_BACKEND_CASE ("remembered", test_remembered),
  EWS_TEST_BACKEND_CASE ("prompt-login", test_prompt_login),
  EWS_TEST_BACKEND_CASE ("prompt-none", test_prompt_none),
  EWS_TEST_BACKEND_CASE ("logout", test_logout),
  EWS_TEST_BACKEND_CASE ("expired", test_expired),
  EWS_TEST_BACKEND_CASE ("max-age", test_max_age),
  EWS_TEST_BACKEND_CASE ("password-change", test_password_change),
  EWS_TEST_BACKEND_CASE ("global-sign-out", test_global_sign_out),
};

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  ews_test_add_backend_cases ("/server/oauth2-session", Fixture, fixture_set_up, fixture_tear_down, backend_cases, &postgres);
  g_test_add ("/server/oauth2-session/sqlite/deleted-account", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up,
              test_deleted_account, fixture_tear_down);
  g_test_add_func ("/server/oauth2-session/sqlite/turned-off", test_turned_off);
  g_test_add_func ("/server/oauth2-session/sqlite/secure", test_secure);

  status = g_test_run ();
  ews_test_stop_backends (&postgres);

  return status;
}
