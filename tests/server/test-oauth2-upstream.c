/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <unistd.h>

#include "ews-jwt.h"
#include "ews-test-backends.h"
#include "ews-test-cognito.h"

/* Signing in with an upstream provider, end to end, on SQLite and on
 * PostgreSQL: a real OpenID Connect provider (oidc-provider from npm, a
 * certified implementation) and a stand-in for Facebook's OAuth and Graph
 * endpoints (Facebook has no open implementation: the stand-in is only
 * what the server uses of it, and says so), both started by
 * oidc-upstream.mjs, which also drives Debian's headless Chromium from our
 * sign-in page through the provider's login and consent and back, to the
 * app's loopback address with a code. The code is then exchanged as an
 * app does, and the ID token says whose account it is. ID tokens with a
 * wrong aud, nonce or signature are test-oidc-token's. */

#define CLIENT EWS_TEST_COGNITO_CLIENT_ID
#define VERIFIER "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-the-verifier-of-this-test"
#define PASSWORD_EMAIL "linda@example.org"

static char            *install_dir;
static EwsTestPostgres *postgres;

typedef struct
{
  EweTestSmtp   *sink;
  EweTestServer *server;
  char          *config_file;
  guint16        provider_port;
  guint16        facebook_port;
  char          *redirect_prefix; /* the app's loopback listener */
} Fixture;

/* A port nobody listens on now, for a server started next. */
static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (socket);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  gboolean         on_postgres = GPOINTER_TO_INT (data);
  guint16          port = free_port ();
  g_autofree char *smtp_url = NULL;
  g_autofree char *smtp_arg = NULL;
  g_autofree char *config_arg = NULL;
  g_autofree char *database_arg = NULL;
  g_autofree char *public_arg = NULL;
  g_autofree char *config = NULL;
  g_autoptr(GError) error = NULL;
  int fd;

  fixture->provider_port = free_port ();
  fixture->facebook_port = free_port ();
  fixture->redirect_prefix = g_strdup_printf ("http://127.0.0.1:%u/signed-in", free_port ());

  fd = g_file_open_tmp ("ews-upstream-XXXXXX.conf", &fixture->config_file, &error);
  g_assert_no_error (error);
  close (fd);
  config = g_strdup_printf ("[oauth-provider test-oidc]\n"
                            "issuer=http://127.0.0.1:%u\n"
                            "client-id=ewelists-server\n"
                            "client-secret=ewelists-server-secret\n"
                            "display-name=Test OIDC\n"
                            "\n"
                            "[oauth-provider facebook]\n"
                            "type=facebook\n"
                            "client-id=fb-app\n"
                            "client-secret=fb-secret\n"
                            "authorization-endpoint=http://127.0.0.1:%u/dialog/oauth\n"
                            "token-endpoint=http://127.0.0.1:%u/oauth/access_token\n"
                            "graph-endpoint=http://127.0.0.1:%u\n",
                            fixture->provider_port, fixture->facebook_port, fixture->facebook_port,
                            fixture->facebook_port);
  g_file_set_contents (fixture->config_file, config, -1, &error);
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
  public_arg = g_strdup_printf ("--public-url=http://127.0.0.1:%u", port);
  {
    const char *args[] = { smtp_arg, config_arg, public_arg, "--mail-from=Ewelists <no-reply@ewelists.example.org>",
                           database_arg, NULL };

    fixture->server = ewe_test_server_start_full (NULL, port, args);
  }
  g_assert_nonnull (fixture->server);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_clear_pointer (&fixture->server, ewe_test_server_free);
  g_clear_pointer (&fixture->sink, ewe_test_smtp_free);
  g_unlink (fixture->config_file);
  g_clear_pointer (&fixture->config_file, g_free);
  g_clear_pointer (&fixture->redirect_prefix, g_free);
}

static char *
escape (const char *text)
{
  return g_uri_escape_string (text, NULL, FALSE);
}

static char *
authorize_url (Fixture    *fixture,
               const char *state)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *challenge = NULL;
  g_autofree char *redirect = escape (fixture->redirect_prefix);
  g_autofree char *path = NULL;
  guint8           digest[32];
  gsize            length = sizeof digest;

  g_checksum_update (checksum, (const guchar *)VERIFIER, strlen (VERIFIER));
  g_checksum_get_digest (checksum, digest, &length);
  challenge = ews_base64url_encode (digest, length);
  path = g_strdup_printf ("/oauth2/authorize?client_id=" CLIENT "&redirect_uri=%s&response_type=code"
                          "&scope=openid+email+profile&state=%s&nonce=app-nonce&code_challenge=%s"
                          "&code_challenge_method=S256",
                          redirect, state, challenge);
  return ewe_test_server_url (fixture->server, path);
}

/* Where the browser ended, from oidc-upstream.mjs. */
typedef struct
{
  char *url;
  char *heading;     /* our page's h1, when it ended on one */
  char *callback;    /* the /oauth2/idpresponse address it went through */
  char *cookie;      /* the browser's binding cookie, while at the provider */
  char *cookie_left; /* the binding cookie it still held at the end */
  char *link_cookie; /* the cookie "Send me a link instead" set */
  char *link_key;    /* the key of the link page it was pressed on */
  char *session;     /* the hosted sign-in's session cookie at the end */
} Outcome;

static void
outcome_clear (Outcome *outcome)
{
  g_clear_pointer (&outcome->url, g_free);
  g_clear_pointer (&outcome->heading, g_free);
  g_clear_pointer (&outcome->callback, g_free);
  g_clear_pointer (&outcome->cookie, g_free);
  g_clear_pointer (&outcome->cookie_left, g_free);
  g_clear_pointer (&outcome->link_cookie, g_free);
  g_clear_pointer (&outcome->link_key, g_free);
  g_clear_pointer (&outcome->session, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Outcome, outcome_clear)

static char *
dup_member (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? g_strdup (json_node_get_string (node)) : NULL;
}

/* oidc-upstream.mjs, one for the whole run: starting node, the provider's
 * module and Chromium took most of each sign-in's time when every sign-in
 * started its own. It reads a sign-in a line and answers each with a line
 * RESULT (or FAILED); without Chromium it exits 77. */
static GSubprocess      *browser;
static GDataInputStream *browser_out;
static gboolean          no_chromium;

static void
browser_start (void)
{
  g_autofree char *script = g_build_filename (install_dir, "oidc-upstream.mjs", NULL);
  g_autoptr(GError) error = NULL;

  browser = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "node", script,
                              NULL);
  g_assert_no_error (error);
  browser_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (browser));
}

/* Ends oidc-upstream.mjs (it stops at the end of its input) and waits. */
static void
browser_stop (void)
{
  if (browser == NULL)
    return;
  g_output_stream_close (g_subprocess_get_stdin_pipe (browser), NULL, NULL);
  g_subprocess_wait (browser, NULL, NULL);
  g_clear_object (&browser_out);
  g_clear_object (&browser);
}

static void
browse (Fixture    *fixture,
        const char *provider,
        const char *login,
        const char *action,
        const char *state,
        Outcome    *outcome)
{
  g_autofree char *url = authorize_url (fixture, state);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) request = NULL;
  g_autofree char *line = NULL;
  g_autofree char *result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  if (no_chromium)
    {
      g_test_skip ("no Chromium");
      return;
    }
  if (browser == NULL)
    browser_start ();

  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, fixture->provider_port);
  json_builder_add_int_value (builder, fixture->facebook_port);
  json_builder_add_string_value (builder, fixture->server->base_url);
  json_builder_add_string_value (builder, url);
  json_builder_add_string_value (builder, provider);
  json_builder_add_string_value (builder, login);
  json_builder_add_string_value (builder, action);
  json_builder_add_string_value (builder, fixture->redirect_prefix);
  json_builder_add_null_value (builder);
  json_builder_end_array (builder);
  request = json_builder_get_root (builder);
  line = json_to_string (request, FALSE);
  g_output_stream_write_all (g_subprocess_get_stdin_pipe (browser), line, strlen (line), NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_subprocess_get_stdin_pipe (browser), "\n", 1, NULL, NULL, &error);
  g_assert_no_error (error);

  /* oidc-provider writes its notices to standard output too. */
  while (result == NULL)
    {
      g_autofree char *answer = g_data_input_stream_read_line_utf8 (browser_out, NULL, NULL, &error);

      g_assert_no_error (error);
      if (answer == NULL)
        {
          g_subprocess_wait (browser, NULL, &error);
          g_assert_no_error (error);
          g_assert_true (g_subprocess_get_if_exited (browser));
          if (g_subprocess_get_exit_status (browser) == 77)
            {
              no_chromium = TRUE;
              g_clear_object (&browser_out);
              g_clear_object (&browser);
              g_test_skip ("no Chromium");
              return;
            }
          g_error ("oidc-upstream.mjs ended (exit status %d) before its answer",
                   g_subprocess_get_exit_status (browser));
        }
      g_test_message ("browser: %s", answer);
      if (g_str_has_prefix (answer, "FAILED "))
        g_error ("oidc-upstream.mjs: %s", answer);
      if (g_str_has_prefix (answer, "RESULT "))
        result = g_strdup (answer + strlen ("RESULT "));
    }

  root = json_from_string (result, &error);
  g_assert_no_error (error);
  object = json_node_get_object (root);
  outcome->url = dup_member (object, "url");
  outcome->heading = dup_member (object, "heading");
  outcome->callback = dup_member (object, "callback");
  outcome->cookie = dup_member (object, "cookie");
  outcome->cookie_left = dup_member (object, "cookieLeft");
  outcome->link_cookie = dup_member (object, "linkCookie");
  outcome->link_key = dup_member (object, "linkKey");
  outcome->session = dup_member (object, "session");
}

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

static guint
get (EweTestServer *server,
     const char    *url,
     const char    *cookie,
     char         **body)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (cookie != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Cookie", cookie);
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return soup_message_get_status (msg);
}

/* A GET's status and where it redirects to. */
static guint
get_location (EweTestServer *server,
              const char    *url,
              const char    *cookie,
              char         **location)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (cookie != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Cookie", cookie);
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *location = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location"));
  return soup_message_get_status (msg);
}

static JsonObject *
payload_of (const char *token)
{
  g_auto(GStrv) parts = g_strsplit (token, ".", 3);
  g_autoptr(GBytes) bytes = ews_base64url_decode (parts[1], strlen (parts[1]));
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(JsonNode) root = json_from_string (text, NULL);

  return json_object_ref (json_node_get_object (root));
}

/* The app's part: the code at our /oauth2/token with its verifier; the
 * claims of the ID token it gets. */
static JsonObject *
exchange_code (Fixture    *fixture,
               const char *location,
               const char *state)
{
  g_autofree char *code = query_param (location, "code");
  g_autofree char *returned_state = query_param (location, "state");
  g_autofree char *escaped_code = NULL;
  g_autofree char *escaped_redirect = escape (fixture->redirect_prefix);
  g_autofree char *form = NULL;
  g_autofree char *url = ewe_test_server_url (fixture->server, "/oauth2/token");
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *tokens;

  g_assert_true (g_str_has_prefix (location, fixture->redirect_prefix));
  g_assert_cmpstr (returned_state, ==, state);
  g_assert_nonnull (code);
  escaped_code = escape (code);
  form = g_strdup_printf ("grant_type=authorization_code&client_id=" CLIENT "&code=%s&redirect_uri=%s"
                          "&code_verifier=" VERIFIER,
                          escaped_code, escaped_redirect);
  body = g_bytes_new (form, strlen (form));
  soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", body);
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  root = json_from_string (g_bytes_get_data (bytes, NULL), &error);
  g_assert_no_error (error);
  tokens = json_node_get_object (root);

  return payload_of (json_object_get_string_member (tokens, "id_token"));
}

static void
test_new_account (Fixture      *fixture,
                  gconstpointer data)
{
  g_auto(Outcome) first = { 0 };
  g_auto(Outcome) again = { 0 };
  g_autoptr(JsonObject) claims = NULL;
  g_autoptr(JsonObject) again_claims = NULL;
  g_autofree char *body = NULL;

  browse (fixture, "test-oidc", "nora@example.org", "consent", "state-1", &first);
  if (g_test_failed () || first.url == NULL)
    return;

  claims = exchange_code (fixture, first.url, "state-1");
  g_assert_cmpstr (json_object_get_string_member (claims, "email"), ==, "nora@example.org");
  g_assert_cmpstr (json_object_get_string_member (claims, "name"), ==, "Upstream nora@example.org");
  g_assert_cmpstr (json_object_get_string_member (claims, "nonce"), ==, "app-nonce");
  /* The flow has ended: the browser no longer holds its binding. */
  g_assert_nonnull (first.cookie);
  g_assert_null (first.cookie_left);

  /* The callback once more, with the browser's own cookie: the state was
   * spent, so it signs nobody in. */
  g_assert_nonnull (first.callback);
  g_assert_nonnull (first.cookie);
  g_assert_cmpuint (get (fixture->server, first.callback, first.cookie, &body), ==, 400);
  g_assert_nonnull (strstr (body, "This sign-in has expired"));

  /* Signing in with a provider signs the browser in here too (issue
   * #13): with its session cookie, the next app's request gets a code at
   * once, for the same account, without the page or the provider. */
  g_assert_nonnull (first.session);
  {
    g_autofree char *url = authorize_url (fixture, "state-session");
    g_autofree char *location = NULL;
    g_autoptr(JsonObject) session_claims = NULL;

    g_assert_cmpuint (get_location (fixture->server, url, first.session, &location), ==, 302);
    session_claims = exchange_code (fixture, location, "state-session");
    g_assert_cmpstr (json_object_get_string_member (session_claims, "sub"), ==,
                     json_object_get_string_member (claims, "sub"));
  }

  /* The same person again: the same account, no second one. */
  browse (fixture, "test-oidc", "nora@example.org", "consent", "state-2", &again);
  again_claims = exchange_code (fixture, again.url, "state-2");
  g_assert_cmpstr (json_object_get_string_member (again_claims, "sub"), ==,
                   json_object_get_string_member (claims, "sub"));
}

static void
test_link_needs_password (Fixture      *fixture,
                          gconstpointer data)
{
  g_auto(Outcome) unconfirmed = { 0 };
  g_auto(Outcome) wrong = { 0 };
  g_auto(Outcome) confirmed = { 0 };
  g_auto(Outcome) later = { 0 };
  g_autoptr(JsonObject) tokens = NULL;
  g_autoptr(JsonObject) own = NULL;
  g_autoptr(JsonObject) claims = NULL;
  g_autoptr(JsonObject) later_claims = NULL;
  g_autofree char *password = g_strconcat ("link:", EWS_TEST_COGNITO_PASSWORD, NULL);

  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, PASSWORD_EMAIL, "Linda");
  tokens = ews_test_cognito_sign_in (fixture->server, PASSWORD_EMAIL, EWS_TEST_COGNITO_PASSWORD);
  own = payload_of (json_object_get_string_member (tokens, "IdToken"));

  /* The provider vouches for the address, yet without the password the
   * browser stays on the page that asks for it… */
  browse (fixture, "test-oidc", PASSWORD_EMAIL, "stop", "s-1", &unconfirmed);
  if (g_test_failed () || unconfirmed.url == NULL)
    return;
  g_assert_false (g_str_has_prefix (unconfirmed.url, fixture->redirect_prefix));
  g_assert_cmpstr (unconfirmed.heading, ==, "Link your accounts");
  g_assert_null (unconfirmed.cookie_left);

  /* …a wrong password links nothing… */
  browse (fixture, "test-oidc", PASSWORD_EMAIL, "link:Wrong-password-9", "s-2", &wrong);
  g_assert_false (g_str_has_prefix (wrong.url, fixture->redirect_prefix));
  g_assert_cmpstr (wrong.heading, ==, "Link your accounts");

  /* …and the first sign-in asked again, so neither had linked. With the
   * password: the account that was there. */
  browse (fixture, "test-oidc", PASSWORD_EMAIL, password, "s-3", &confirmed);
  claims = exchange_code (fixture, confirmed.url, "s-3");
  g_assert_cmpstr (json_object_get_string_member (claims, "sub"), ==, json_object_get_string_member (own, "sub"));

  /* From then on, straight in. */
  browse (fixture, "test-oidc", PASSWORD_EMAIL, "consent", "s-4", &later);
  later_claims = exchange_code (fixture, later.url, "s-4");
  g_assert_cmpstr (json_object_get_string_member (later_claims, "sub"), ==,
                   json_object_get_string_member (own, "sub"));
}

/* --- confirming a link by mail ------------------------------------------- */

typedef struct
{
  guint status;
  char *location;
  char *body;
  char *csrf_cookie; /* "ews_csrf=…", when the answer set it */
  char *sent_form;   /* confirm_link()'s, to send once more */
  char *sent_cookie;
} Answer;

static void
answer_clear (Answer *answer)
{
  g_clear_pointer (&answer->location, g_free);
  g_clear_pointer (&answer->body, g_free);
  g_clear_pointer (&answer->csrf_cookie, g_free);
  g_clear_pointer (&answer->sent_form, g_free);
  g_clear_pointer (&answer->sent_cookie, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Answer, answer_clear)

static void
send (Fixture    *fixture,
      const char *method,
      const char *url,
      const char *cookie,
      const char *form,
      Answer     *answer)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders    *headers;
  SoupMessageHeadersIter iter;
  const char            *name;
  const char            *value;

  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (cookie != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Cookie", cookie);
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
  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    if (g_ascii_strcasecmp (name, "Set-Cookie") == 0 && g_str_has_prefix (value, "ews_csrf="))
      answer->csrf_cookie = g_strndup (value, strcspn (value, ";"));
}

/* Signs up the owner of PASSWORD_EMAIL, lets the browser sign in at the
 * provider as that address with @state and press "Send me a link
 * instead"; the link the mail brings. */
static char *
mailed_link (Fixture    *fixture,
             const char *state,
             Outcome    *outcome)
{
  g_autoptr(EweTestMail) mail = NULL;
  g_autoptr(GRegex) regex = g_regex_new ("http://[^ \n]*/oauth2/link/confirm\\?token=[A-Za-z0-9_-]{43}", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *text = NULL;
  guint            first = ewe_test_smtp_get_n_messages (fixture->sink);

  browse (fixture, "test-oidc", PASSWORD_EMAIL, "mail", state, outcome);
  if (g_test_failed () || outcome->url == NULL)
    return NULL;
  g_assert_cmpstr (outcome->heading, ==, "Check your inbox");
  g_assert_nonnull (outcome->link_cookie);

  mail = ewe_test_smtp_wait_for_mail_to (fixture->sink, first, PASSWORD_EMAIL, EWS_TEST_COGNITO_MAIL_TIMEOUT_MS);
  g_assert_nonnull (mail);
  text = ewe_test_mail_dup_part (mail, "text/plain");
  g_assert_nonnull (strstr (text, "Test OIDC"));
  g_assert_true (g_regex_match (regex, text, 0, &match));
  return g_match_info_fetch (match, 0);
}

/* Opens the mailed page and presses its button, as a browser holding
 * @cookie (or none) does. */
static void
confirm_link (Fixture    *fixture,
              const char *link,
              const char *cookie,
              Answer     *answer)
{
  g_auto(Answer) page = { 0 };
  g_autofree char *token = query_param (link, "token");
  g_autofree char *csrf = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *form = NULL;
  g_autofree char *cookies = NULL;
  g_autofree char *url = ewe_test_server_url (fixture->server, "/oauth2/link/confirm");
  const char      *start;

  send (fixture, "GET", link, NULL, NULL, &page);
  g_assert_cmpuint (page.status, ==, 200);
  g_assert_nonnull (strstr (page.body, "Link my account"));
  start = strstr (page.body, "name=\"csrf_token\" value=\"");
  g_assert_nonnull (start);
  start += strlen ("name=\"csrf_token\" value=\"");
  csrf = g_strndup (start, strcspn (start, "\""));
  escaped = escape (csrf);
  form = g_strdup_printf ("csrf_token=%s&token=%s", escaped, token);
  cookies = cookie != NULL ? g_strconcat (page.csrf_cookie, "; ", cookie, NULL) : g_strdup (page.csrf_cookie);
  send (fixture, "POST", url, cookies, form, answer);
  answer->sent_form = g_steal_pointer (&form);
  answer->sent_cookie = g_steal_pointer (&cookies);
}

/* With EWE_UPSTREAM_SCREENSHOTS=DIR (as oidc-upstream.mjs), the page at
 * @url in headless Chromium at 360×720 and 1280×800, light and dark, for a
 * person to look at. Only for pages a GET leaves as they were. */
static void
screenshots (const char *url,
             const char *name)
{
  const char *dir = g_getenv ("EWE_UPSTREAM_SCREENSHOTS");
  const char *sizes[] = { "360,720", "1280,800" };

  if (dir == NULL || !g_file_test ("/usr/bin/chromium", G_FILE_TEST_IS_EXECUTABLE))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (guint dark = 0; dark < 2; dark++)
      {
        g_autofree char *profile = g_dir_make_tmp ("ewe-chromium-XXXXXX", NULL);
        g_autofree char *size = g_strdelimit (g_strdup (sizes[i]), ",", 'x');
        g_autofree char *file = g_strdup_printf ("%s/%s-%s%s.png", dir, name, size, dark ? "-dark" : "");
        g_autofree char *shot = g_strconcat ("--screenshot=", file, NULL);
        g_autofree char *window = g_strconcat ("--window-size=", sizes[i], NULL);
        g_autofree char *data_dir = g_strconcat ("--user-data-dir=", profile, NULL);
        g_autoptr(GSubprocess) chromium = NULL;
        g_autoptr(GSubprocess) remove = NULL;

        chromium = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, NULL,
                                     "/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
                                     "--no-first-run", "--hide-scrollbars", data_dir, shot, window,
                                     dark ? "--blink-settings=preferredColorScheme=0"
                                          : "--blink-settings=preferredColorScheme=1",
                                     url, NULL);
        if (chromium != NULL)
          g_subprocess_wait (chromium, NULL, NULL);
        remove = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, NULL, "rm", "-rf", profile, NULL);
        if (remove != NULL)
          g_subprocess_wait (remove, NULL, NULL);
      }
}

static void
test_link_by_mail (Fixture      *fixture,
                   gconstpointer data)
{
  g_auto(Outcome) asked = { 0 };
  g_auto(Outcome) still_asked = { 0 };
  g_auto(Outcome) later = { 0 };
  g_auto(Answer) prefetched = { 0 };
  g_auto(Answer) confirmed = { 0 };
  g_auto(Answer) replayed = { 0 };
  g_autoptr(JsonObject) tokens = NULL;
  g_autoptr(JsonObject) own = NULL;
  g_autoptr(JsonObject) claims = NULL;
  g_autoptr(JsonObject) later_claims = NULL;
  g_autofree char *link = NULL;

  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, PASSWORD_EMAIL, "Linda");
  tokens = ews_test_cognito_sign_in (fixture->server, PASSWORD_EMAIL, EWS_TEST_COGNITO_PASSWORD);
  own = payload_of (json_object_get_string_member (tokens, "IdToken"));

  link = mailed_link (fixture, "m-1", &asked);
  if (link == NULL)
    return;

  /* A mail scanner fetches the link, twice: the page, and nothing linked. */
  send (fixture, "GET", link, NULL, NULL, &prefetched);
  g_assert_cmpuint (prefetched.status, ==, 200);
  answer_clear (&prefetched);
  screenshots (link, "link-mail-confirm");
  send (fixture, "GET", link, NULL, NULL, &prefetched);
  g_assert_cmpuint (prefetched.status, ==, 200);
  browse (fixture, "test-oidc", PASSWORD_EMAIL, "stop", "m-2", &still_asked);
  g_assert_cmpstr (still_asked.heading, ==, "Link your accounts");

  /* The button, in the browser that asked: on to the app, signed in to
   * the account that was there. */
  confirm_link (fixture, link, asked.link_cookie, &confirmed);
  g_assert_cmpuint (confirmed.status, ==, 302);
  claims = exchange_code (fixture, confirmed.location, "m-1");
  g_assert_cmpstr (json_object_get_string_member (claims, "sub"), ==, json_object_get_string_member (own, "sub"));

  /* Once only: the page is gone, and the same form, sent again with
   * its good CSRF token and cookies, links nothing. */
  {
    g_autofree char *url = ewe_test_server_url (fixture->server, "/oauth2/link/confirm");
    g_auto(Answer) page = { 0 };

    send (fixture, "GET", link, NULL, NULL, &page);
    g_assert_cmpuint (page.status, ==, 410);
    g_assert_nonnull (strstr (page.body, "This link has expired"));
    screenshots (link, "link-mail-expired");
    send (fixture, "POST", url, confirmed.sent_cookie, confirmed.sent_form, &replayed);
    g_assert_cmpuint (replayed.status, ==, 410);
    g_assert_null (replayed.location);
    g_assert_nonnull (strstr (replayed.body, "This link has expired"));
  }

  /* From then on, straight in. */
  browse (fixture, "test-oidc", PASSWORD_EMAIL, "consent", "m-3", &later);
  later_claims = exchange_code (fixture, later.url, "m-3");
  g_assert_cmpstr (json_object_get_string_member (later_claims, "sub"), ==,
                   json_object_get_string_member (own, "sub"));
}

static void
test_link_by_mail_elsewhere (Fixture      *fixture,
                             gconstpointer data)
{
  g_auto(Outcome) asked = { 0 };
  g_auto(Outcome) again = { 0 };
  g_auto(Outcome) later = { 0 };
  g_auto(Answer) expired = { 0 };
  g_auto(Answer) confirmed = { 0 };
  g_auto(Answer) replayed = { 0 };
  g_autoptr(JsonObject) tokens = NULL;
  g_autoptr(JsonObject) own = NULL;
  g_autoptr(JsonObject) later_claims = NULL;
  g_autofree char *stale = NULL;
  g_autofree char *link = NULL;

  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, PASSWORD_EMAIL, "Linda");
  tokens = ews_test_cognito_sign_in (fixture->server, PASSWORD_EMAIL, EWS_TEST_COGNITO_PASSWORD);
  own = payload_of (json_object_get_string_member (tokens, "IdToken"));

  /* Half an hour and a minute later, a link opens no page to confirm. */
  stale = mailed_link (fixture, "e-1", &asked);
  if (stale == NULL)
    return;
  ewe_test_server_advance_clock (fixture->server, 31 * 60);
  send (fixture, "GET", stale, NULL, NULL, &expired);
  g_assert_cmpuint (expired.status, ==, 410);
  g_assert_nonnull (strstr (expired.body, "This link has expired"));

  /* A new one, confirmed in another browser (no cookie of the one that
   * asked): linked, and the page says so; no code for the app there. */
  link = mailed_link (fixture, "e-2", &again);
  confirm_link (fixture, link, NULL, &confirmed);
  g_assert_cmpuint (confirmed.status, ==, 200);
  g_assert_null (confirmed.location);
  g_assert_nonnull (strstr (confirmed.body, "Linked"));
  g_assert_nonnull (strstr (confirmed.body, "You can now sign in with Test OIDC."));

  /* The same link again, with a page of its own: refused. */
  {
    g_autofree char *url = ewe_test_server_url (fixture->server, "/oauth2/link/confirm");

    send (fixture, "POST", url, confirmed.sent_cookie, confirmed.sent_form, &replayed);
    g_assert_cmpuint (replayed.status, ==, 410);
    g_assert_null (strstr (replayed.body, "You can now sign in"));
  }

  /* The page that asked for the mail, still open, and the password typed
   * there after all: it signs in to the account, linked already. */
  {
    g_autofree char *escaped_key = escape (again.link_key);
    g_autofree char *page_url = g_strdup_printf ("%s/oauth2/link?link=%s", fixture->server->base_url, escaped_key);
    g_autofree char *post_url = ewe_test_server_url (fixture->server, "/oauth2/link");
    g_autofree char *csrf = NULL;
    g_autofree char *escaped_csrf = NULL;
    g_autofree char *escaped_password = escape (EWS_TEST_COGNITO_PASSWORD);
    g_autofree char *form = NULL;
    g_autoptr(JsonObject) claims = NULL;
    g_auto(Answer) page = { 0 };
    g_auto(Answer) signed_in = { 0 };
    const char *start;

    g_assert_nonnull (again.link_key);
    send (fixture, "GET", page_url, NULL, NULL, &page);
    g_assert_cmpuint (page.status, ==, 200);
    start = strstr (page.body, "name=\"csrf_token\" value=\"");
    g_assert_nonnull (start);
    start += strlen ("name=\"csrf_token\" value=\"");
    csrf = g_strndup (start, strcspn (start, "\""));
    escaped_csrf = escape (csrf);
    form = g_strdup_printf ("csrf_token=%s&link=%s&email=%s&password=%s", escaped_csrf, escaped_key, PASSWORD_EMAIL,
                            escaped_password);
    send (fixture, "POST", post_url, page.csrf_cookie, form, &signed_in);
    g_assert_cmpuint (signed_in.status, ==, 303);
    claims = exchange_code (fixture, signed_in.location, "e-2");
    g_assert_cmpstr (json_object_get_string_member (claims, "sub"), ==, json_object_get_string_member (own, "sub"));
  }

  browse (fixture, "test-oidc", PASSWORD_EMAIL, "consent", "e-3", &later);
  later_claims = exchange_code (fixture, later.url, "e-3");
  g_assert_cmpstr (json_object_get_string_member (later_claims, "sub"), ==,
                   json_object_get_string_member (own, "sub"));
}

/* The binding cookie goes once the flow has: here, at a callback the
 * provider refused, without a browser. */
static void
test_cookie_cleared (Fixture      *fixture,
                     gconstpointer data)
{
  g_autofree char *authorize = authorize_url (fixture, "cc");
  const char      *query = strchr (authorize, '?') + 1;
  g_autofree char *start = g_strdup_printf ("%s/oauth2/upstream?provider=facebook&%s", fixture->server->base_url,
                                            query);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", start);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char       *state = NULL;
  g_autofree char       *binding = NULL;
  g_autofree char       *callback = NULL;
  g_autofree char       *escaped_state = NULL;
  g_autofree char       *cleared = NULL;
  SoupMessageHeaders    *headers;
  SoupMessageHeadersIter iter;
  const char            *name;
  const char            *value;

  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 302);
  headers = soup_message_get_response_headers (msg);
  state = query_param (soup_message_headers_get_one (headers, "Location"), "state");
  value = soup_message_headers_get_one (headers, "Set-Cookie");
  binding = g_strndup (value, strcspn (value, ";"));

  escaped_state = escape (state);
  callback = g_strdup_printf ("%s/oauth2/idpresponse?error=access_denied&state=%s", fixture->server->base_url,
                              escaped_state);
  {
    g_autoptr(SoupMessage) back = soup_message_new ("GET", callback);
    g_autoptr(GBytes) back_bytes = NULL;

    soup_message_headers_replace (soup_message_get_request_headers (back), "Cookie", binding);
    back_bytes = soup_session_send_and_read (session, back, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (back), ==, 403);
    soup_message_headers_iter_init (&iter, soup_message_get_response_headers (back));
    while (soup_message_headers_iter_next (&iter, &name, &value))
      if (g_ascii_strcasecmp (name, "Set-Cookie") == 0 && g_str_has_prefix (value, "ews_upstream="))
        cleared = g_strdup (value);
  }
  g_assert_nonnull (cleared);
  g_assert_true (g_str_has_prefix (cleared, "ews_upstream=;"));
  g_assert_nonnull (strstr (cleared, "Max-Age=0"));
  g_assert_nonnull (strstr (cleared, "Path=/oauth2/idpresponse"));
}

static void
test_refused_consent (Fixture      *fixture,
                      gconstpointer data)
{
  g_auto(Outcome) outcome = { 0 };

  browse (fixture, "test-oidc", "rita@example.org", "deny", "s", &outcome);
  if (g_test_failed () || outcome.url == NULL)
    return;
  g_assert_false (g_str_has_prefix (outcome.url, fixture->redirect_prefix));
  g_assert_true (g_str_has_prefix (outcome.url, fixture->server->base_url));
  g_assert_cmpstr (outcome.heading, ==, "Not signed in");
  /* A refusal ends the flow too. */
  g_assert_nonnull (outcome.cookie);
  g_assert_null (outcome.cookie_left);
}

static void
test_unverified_address (Fixture      *fixture,
                         gconstpointer data)
{
  g_auto(Outcome) outcome = { 0 };

  /* oidc-upstream.mjs's provider does not vouch for these addresses. */
  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, "unverified-uma@example.org", "Uma");
  browse (fixture, "test-oidc", "unverified-uma@example.org", "consent", "s", &outcome);
  if (g_test_failed () || outcome.url == NULL)
    return;
  g_assert_false (g_str_has_prefix (outcome.url, fixture->redirect_prefix));
  g_assert_cmpstr (outcome.heading, ==, "Not signed in");
}

static void
test_wrong_state (Fixture      *fixture,
                  gconstpointer data)
{
  g_autofree char *url = ewe_test_server_url (fixture->server, "/oauth2/idpresponse?code=abc&state=made-up");
  g_autofree char *no_state = ewe_test_server_url (fixture->server, "/oauth2/idpresponse?code=abc");
  g_autofree char *body = NULL;
  g_autofree char *other_body = NULL;

  g_assert_cmpuint (get (fixture->server, url, "ews_upstream=made-up", &body), ==, 400);
  g_assert_nonnull (strstr (body, "This sign-in has expired"));
  g_assert_cmpuint (get (fixture->server, no_state, NULL, &other_body), ==, 400);
}

static void
test_facebook (Fixture      *fixture,
               gconstpointer data)
{
  g_auto(Outcome) outcome = { 0 };
  g_autoptr(JsonObject) claims = NULL;

  browse (fixture, "facebook", "fiona@example.org", "consent", "fb-state", &outcome);
  if (g_test_failed () || outcome.url == NULL)
    return;
  claims = exchange_code (fixture, outcome.url, "fb-state");
  g_assert_cmpstr (json_object_get_string_member (claims, "email"), ==, "fiona@example.org");
  g_assert_cmpstr (json_object_get_string_member (claims, "name"), ==, "Facebook fiona@example.org");
}

/* Without a browser: the start of a sign-in, as far as the server goes
 * on its own. */
static void
test_start (Fixture      *fixture,
            gconstpointer data)
{
  g_autofree char *authorize = authorize_url (fixture, "st");
  const char      *query = strchr (authorize, '?') + 1;
  g_autofree char *facebook = g_strdup_printf ("%s/oauth2/upstream?provider=facebook&%s", fixture->server->base_url,
                                               query);
  g_autofree char *down = g_strdup_printf ("%s/oauth2/upstream?provider=test-oidc&%s", fixture->server->base_url,
                                           query);
  g_autofree char *unknown = g_strdup_printf ("%s/oauth2/upstream?provider=myspace&%s", fixture->server->base_url,
                                              query);
  g_autofree char *down_body = NULL;
  g_autofree char *unknown_body = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", facebook);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  const char      *location;
  const char      *cookie;
  g_autofree char *state = NULL;
  g_autofree char *challenge = NULL;

  /* Off to the provider with a state, nonce and PKCE of the server's own
   * (not the app's), and the browser bound by a cookie. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 302);
  location = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location");
  g_assert_true (g_str_has_prefix (location, "http://127.0.0.1:"));
  g_assert_nonnull (strstr (location, "/dialog/oauth?response_type=code&client_id=fb-app&"));
  state = query_param (location, "state");
  challenge = query_param (location, "code_challenge");
  g_assert_cmpuint (strlen (state), ==, 43);
  g_assert_cmpstr (state, !=, "st");
  g_assert_cmpuint (strlen (challenge), ==, 43);
  cookie = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Set-Cookie");
  g_assert_true (g_str_has_prefix (cookie, "ews_upstream="));
  g_assert_nonnull (strstr (cookie, "HttpOnly"));
  g_assert_nonnull (strstr (cookie, "SameSite=Lax"));

  /* A provider that does not answer: a page saying so, with a way back. */
  g_assert_cmpuint (get (fixture->server, down, NULL, &down_body), ==, 502);
  g_assert_nonnull (strstr (down_body, "Signing in with Test OIDC did not work just now"));
  g_assert_nonnull (strstr (down_body, "Back to sign in"));

  g_assert_cmpuint (get (fixture->server, unknown, NULL, &unknown_body), ==, 404);
}

static const EwsTestBackendCase backend_cases[] = {
  EWS_TEST_BACKEND_CASE ("new-account", test_new_account),
  EWS_TEST_BACKEND_CASE ("link-needs-password", test_link_needs_password),
  EWS_TEST_BACKEND_CASE ("link-by-mail", test_link_by_mail),
  EWS_TEST_BACKEND_CASE ("link-by-mail-elsewhere", test_link_by_mail_elsewhere),
  EWS_TEST_BACKEND_CASE ("cookie-cleared", test_cookie_cleared),
  EWS_TEST_BACKEND_CASE ("refused-consent", test_refused_consent),
  EWS_TEST_BACKEND_CASE ("unverified-address", test_unverified_address),
  EWS_TEST_BACKEND_CASE ("wrong-state", test_wrong_state),
  EWS_TEST_BACKEND_CASE ("facebook", test_facebook),
  EWS_TEST_BACKEND_CASE ("start", test_start),
};

int
main (int   argc,
      char *argv[])
{
  g_autofree char *script = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) install = NULL;
  int result;

  g_test_init (&argc, &argv, NULL);

  install_dir = g_dir_make_tmp ("ews-oidc-XXXXXX", &error);
  g_assert_no_error (error);
  script = g_test_build_filename (G_TEST_DIST, "server", "oidc-upstream.sh", NULL);
  install = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "sh", script, install_dir, NULL);
  g_assert_no_error (error);
  g_subprocess_wait (install, NULL, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_exit_status (install) == 77)
    {
      g_printerr ("test-oauth2-upstream: node or npm is missing; skipped\n");
      return 77;
    }
  g_assert_cmpint (g_subprocess_get_exit_status (install), ==, 0);

  ews_test_add_backend_cases ("/server/oauth2-upstream", Fixture, fixture_set_up, fixture_tear_down, backend_cases,
                              &postgres);

  result = g_test_run ();
  browser_stop ();

  ews_test_stop_backends (&postgres);
  {
    g_autoptr(GSubprocess) remove = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, NULL, "rm", "-rf", install_dir, NULL);
    if (remove != NULL)
      g_subprocess_wait (remove, NULL, NULL);
  }
  g_free (install_dir);
  return result;
}
