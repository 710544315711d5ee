/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <libsoup/soup.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ewe-browser-sign-in.h"
#include "ewe-core-test-fixture.h"
#include "ewe-identity-providers.h"

/* Signing in in the browser (EweBrowserSignIn) against a real
 * ewelists-server's hosted sign-in: Debian's headless Chromium, driven by
 * tests/server/oauth2-browser.mjs, opens the URL the flow hands out, types
 * into the hosted page and follows the redirect to the flow's loopback
 * listener; the account ends signed in, its tokens in the test session's
 * real keyring. And what must not sign in: a wrong `state`, a refusal, a
 * code the server never issued, cancelling, the time-out. A fixed port
 * (a real Cognito pool's registered callback URL): the whole way again,
 * with http://localhost:PORT/callback registered for the client, and a
 * port another program holds, which fails at once and says so. */

typedef struct
{
  EweCoreFixture    base;
  EweAccount       *account;
  EweBrowserSignIn *sign_in;
  char             *uri; /* what open-uri handed out */
  GCancellable     *cancellable;
  gboolean          cancel_on_open;
  guint             port;   /* fixed, or 0 for the kernel's pick */
  char             *config; /* the server's, registering the port's callback URL */
} Fixture;

static void
open_uri_cb (EweBrowserSignIn *sign_in,
             const char       *uri,
             gpointer          user_data)
{
  Fixture *fixture = user_data;

  g_assert_null (fixture->uri);
  fixture->uri = g_strdup (uri);
  if (fixture->cancel_on_open)
    g_cancellable_cancel (fixture->cancellable);
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  /* @data: the server's extra arguments, e.g. its --config= */
  ewe_core_fixture_set_up (&fixture->base, data);
  fixture->account = ewe_account_new (fixture->base.server->base_url, fixture->base.auth, fixture->base.token_store);
  fixture->sign_in = ewe_browser_sign_in_new (fixture->account, NULL);
  fixture->cancellable = g_cancellable_new ();
  g_signal_connect (fixture->sign_in, "open-uri", G_CALLBACK (open_uri_cb), fixture);
}

/* A port free right now, on every address (the kernel picks one for the
 * test, which lets it go again). */
static guint
find_free_port (void)
{
  g_autoptr(GSocketListener) probe = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  guint16 port = g_socket_listener_add_any_inet_port (probe, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (port, !=, 0);
  g_socket_listener_close (probe);

  return port;
}

/* A fixed port, and the server's desktop client with its callback URL
 * registered exactly, as a Cognito app client has it. */
static void
fixture_set_up_fixed_port (Fixture      *fixture,
                           gconstpointer data)
{
  g_autofree char *contents = NULL;
  g_autofree char *config_arg = NULL;
  const char      *args[2] = { NULL };
  int              fd;

  fixture->port = find_free_port ();
  fd = g_file_open_tmp ("ewe-test-fixed-port-XXXXXX.conf", &fixture->config, NULL);
  g_assert_cmpint (fd, >=, 0);
  close (fd);
  contents = g_strdup_printf ("[oauth-client ewelists]\nredirect-uris=http://localhost:%u/callback\n", fixture->port);
  g_assert_true (g_file_set_contents (fixture->config, contents, -1, NULL));
  config_arg = g_strconcat ("--config=", fixture->config, NULL);
  args[0] = config_arg;

  fixture_set_up (fixture, args);
  ewe_browser_sign_in_set_port (fixture->sign_in, fixture->port);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  if (fixture->config != NULL)
    g_unlink (fixture->config);
  g_clear_pointer (&fixture->config, g_free);
  g_clear_object (&fixture->sign_in);
  g_clear_object (&fixture->account);
  g_clear_object (&fixture->cancellable);
  g_clear_pointer (&fixture->uri, g_free);
  ewe_core_fixture_tear_down (&fixture->base, NULL);
}

static void
start (Fixture       *fixture,
       EweTestWaiter *waiter)
{
  ewe_browser_sign_in_run_async (fixture->sign_in, fixture->cancellable, ewe_test_waiter_cb, waiter);
  while (fixture->uri == NULL && waiter->result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

/* The value of @name in @uri's query. */
static char *
query_param (const char *uri,
             const char *name)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED_QUERY, NULL);
  g_autoptr(GHashTable) params = NULL;

  g_assert_nonnull (parsed);
  params = g_uri_parse_params (g_uri_get_query (parsed), -1, "&", G_URI_PARAMS_NONE, NULL);
  g_assert_nonnull (params);

  return g_strdup (g_hash_table_lookup (params, name));
}

typedef struct
{
  GBytes  *body;
  guint    status;
  gboolean done;
} Visit;

static void
visited_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Visit *visit = user_data;
  g_autoptr(GError) error = NULL;

  visit->body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  g_assert_no_error (error);
  visit->status = soup_message_get_status (soup_session_get_async_result_message (SOUP_SESSION (object), result));
  visit->done = TRUE;
}

/* What a browser brings to the listener: GET redirect_uri?@query. The
 * listener is in this thread, so the main context runs meanwhile. */
static guint
visit (Fixture    *fixture,
       const char *query,
       char      **body)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (ewe_browser_sign_in_get_redirect_uri (fixture->sign_in), "?", query, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, url);
  Visit visit = { 0 };

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, visited_cb, &visit);
  while (!visit.done)
    g_main_context_iteration (NULL, TRUE);
  *body = g_strndup (g_bytes_get_data (visit.body, NULL), g_bytes_get_size (visit.body));
  g_bytes_unref (visit.body);

  return visit.status;
}

/* The listener is closed once the sign-in is over (and its last answer
 * sent): nothing answers on its port any more. */
static void
assert_listener_closed (const char *redirect_uri)
{
  g_autoptr(GUri) uri = g_uri_parse (redirect_uri, G_URI_FLAGS_NONE, NULL);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(GSocketClient) client = g_socket_client_new ();
      g_autoptr(GSocketConnection) connection = NULL;
      g_autoptr(GError) error = NULL;

      /* The listener closes from the main loop, once its answer is out. */
      while (g_main_context_iteration (NULL, FALSE))
        ;
      connection = g_socket_client_connect_to_host (client, "127.0.0.1", g_uri_get_port (uri), NULL, &error);
      if (connection == NULL)
        {
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
          return;
        }
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      g_usleep (10 * 1000);
    }
}

/* The authorization URL asks for what RFC 7636 and OpenID Connect want. */
static void
assert_authorization_uri (Fixture *fixture)
{
  g_autofree char *prefix = g_strconcat (fixture->base.server->base_url, "/oauth2/authorize?", NULL);
  g_autofree char *method = query_param (fixture->uri, "code_challenge_method");
  g_autofree char *challenge = query_param (fixture->uri, "code_challenge");
  g_autofree char *redirect_uri = query_param (fixture->uri, "redirect_uri");
  g_autofree char *state = query_param (fixture->uri, "state");
  g_autofree char *nonce = query_param (fixture->uri, "nonce");
  g_autofree char *client_id = query_param (fixture->uri, "client_id");

  g_assert_true (g_str_has_prefix (fixture->uri, prefix));
  g_assert_cmpstr (method, ==, "S256");
  g_assert_cmpuint (strlen (challenge), ==, 43);
  g_assert_cmpstr (client_id, ==, "ewelists");
  if (fixture->port != 0)
    {
      g_autofree char *registered = g_strdup_printf ("http://localhost:%u/callback", fixture->port);

      g_assert_cmpstr (redirect_uri, ==, registered);
    }
  else
    g_assert_true (g_str_has_prefix (redirect_uri, "http://127.0.0.1:"));
  g_assert_cmpstr (redirect_uri, ==, ewe_browser_sign_in_get_redirect_uri (fixture->sign_in));
  g_assert_cmpstr (state, ==, ewe_browser_sign_in_get_state (fixture->sign_in));
  g_assert_cmpuint (strlen (state), >=, 43);
  g_assert_cmpuint (strlen (nonce), >=, 43);
  g_assert_cmpstr (state, !=, nonce);
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

/* The status the server's authorization endpoint answers @uri with. */
static guint
authorize_status (SoupSession *session,
                  const char  *uri)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);

  return soup_message_get_status (msg);
}

/* The whole way, with a real browser: signed in, and the tokens in the
 * keyring, where a new EweAccount (the app started again) finds them.
 * With a fixed port, the browser comes back to localhost on that port and
 * the code is exchanged with that same redirect URI. */
static void
test_chromium (Fixture      *fixture,
               gconstpointer data)
{
  g_autofree char *script = g_build_filename (EWE_TEST_SOURCE_ROOT, "tests", "server", "oauth2-browser.mjs", NULL);
  g_autofree char *node = g_find_program_in_path ("node");
  g_autofree char *email = ewe_core_fixture_unique_email ("browser");
  g_autofree char *redirect_uri = NULL;
  g_auto(EweTestWaiter) waiter = { 0 };
  g_auto(EweTestWaiter) restored = { 0 };
  g_autoptr(GSubprocess) browser = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EweAccount) again = NULL;
  gboolean done = FALSE;

  if (node == NULL || !g_file_test ("/usr/bin/chromium", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("needs node and Debian's chromium");
      return;
    }

  ewe_core_fixture_create_user (&fixture->base, email, "Browser");
  start (fixture, &waiter);
  g_assert_nonnull (fixture->uri);
  assert_authorization_uri (fixture);
  redirect_uri = g_strdup (ewe_browser_sign_in_get_redirect_uri (fixture->sign_in));

  browser = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, node, script, fixture->uri, email, EWE_TEST_PASSWORD,
                              redirect_uri, "You can go back to Ewelists.", NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (browser, NULL, subprocess_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  if (g_subprocess_get_if_exited (browser) && g_subprocess_get_exit_status (browser) == 77)
    {
      g_cancellable_cancel (fixture->cancellable);
      ewe_test_waiter_wait (&waiter);
      g_test_skip ("the browser could not be driven here");
      return;
    }
  g_assert_true (g_subprocess_get_successful (browser));

  g_assert_true (ewe_browser_sign_in_run_finish (fixture->sign_in, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
  g_assert_true (ewe_account_get_signed_in (fixture->account));
  g_assert_cmpstr (ewe_account_get_email (fixture->account), ==, email);
  assert_listener_closed (redirect_uri);

  again = ewe_account_new (fixture->base.server->base_url, fixture->base.auth, fixture->base.token_store);
  ewe_account_restore_async (again, NULL, ewe_test_waiter_cb, &restored);
  g_assert_true (ewe_account_restore_finish (again, ewe_test_waiter_wait (&restored), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ewe_account_get_email (again), ==, email);
}

/* Another program holds the fixed port: the sign-in ends at once, before
 * any browser is opened, saying which port and what to do; and once the
 * port is free again, the same sign-in listens there. */
static void
test_port_in_use (Fixture      *fixture,
                  gconstpointer data)
{
  g_autoptr(GSocketListener) other = g_socket_listener_new ();
  g_auto(EweTestWaiter) refused = { 0 };
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *registered = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, fixture->port);

  g_assert_true (g_socket_listener_add_address (other, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                                NULL, &error));
  g_assert_no_error (error);

  ewe_browser_sign_in_run_async (fixture->sign_in, fixture->cancellable, ewe_test_waiter_cb, &refused);
  g_assert_false (ewe_browser_sign_in_run_finish (fixture->sign_in, ewe_test_waiter_wait (&refused), &error));
  g_assert_error (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_PORT_IN_USE);
  expected = g_strdup_printf ("Port %u is in use. Close the program using it, or choose another port in Preferences.",
                              fixture->port);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_null (fixture->uri);
  g_clear_error (&error);

  g_socket_listener_close (other);
  fixture->cancel_on_open = TRUE;
  start (fixture, &waiter);
  g_assert_nonnull (fixture->uri);
  registered = g_strdup_printf ("http://localhost:%u/callback", fixture->port);
  g_assert_cmpstr (ewe_browser_sign_in_get_redirect_uri (fixture->sign_in), ==, registered);
  g_assert_false (ewe_browser_sign_in_run_finish (fixture->sign_in, ewe_test_waiter_wait (&waiter), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Something accepts connections on the @family loopback address at
 * @port (an IPv6 loopback this machine does not have is let pass). */
static void
assert_listening (GSocketFamily family,
                  guint         port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (family);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, &error);
  if (family == G_SOCKET_FAMILY_IPV6 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
    return;
  g_assert_no_error (error);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
}

/* Our server takes a localhost callback URL only as registered: the
 * fixed port's is, the same path on another port is not. */
static void
test_fixed_port_registered (Fixture      *fixture,
                            gconstpointer data)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *registered = NULL;
  g_autofree char *unregistered = NULL;
  g_autofree char *other_uri = NULL;
  g_auto(GStrv) parts = NULL;

  start (fixture, &waiter);
  g_assert_nonnull (fixture->uri);
  assert_authorization_uri (fixture);

  /* `localhost` may be either loopback address to the browser. */
  assert_listening (G_SOCKET_FAMILY_IPV4, fixture->port);
  assert_listening (G_SOCKET_FAMILY_IPV6, fixture->port);

  /* The server's sign-in page for the registered callback URL… */
  g_assert_cmpuint (authorize_status (session, fixture->uri), ==, SOUP_STATUS_OK);

  /* …and its refusal of the same request coming back to another port. */
  registered = g_uri_escape_string (ewe_browser_sign_in_get_redirect_uri (fixture->sign_in), NULL, FALSE);
  unregistered = g_strdup_printf ("http%%3A%%2F%%2Flocalhost%%3A%u%%2Fcallback", fixture->port == 65535 ? 1 : fixture->port + 1);
  parts = g_strsplit (fixture->uri, registered, -1);
  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  other_uri = g_strjoinv (unregistered, parts);
  g_assert_cmpuint (authorize_status (session, other_uri), ==, SOUP_STATUS_BAD_REQUEST);

  g_cancellable_cancel (fixture->cancellable);
  g_assert_false (ewe_browser_sign_in_run_finish (fixture->sign_in, ewe_test_waiter_wait (&waiter), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* An answer with another sign-in's state is refused, and ends this one. */
static void
test_wrong_state (Fixture      *fixture,
                  gconstpointer data)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  g_autofree char *redirect_uri = NULL;

  start (fixture, &waiter);
  g_assert_nonnull (fixture->uri);
  redirect_uri = g_strdup (ewe_browser_sign_in_get_redirect_uri (fixture->sign_in));

  /* visit() runs its own loop: the flow's answer comes from inside it. */
  g_assert_cmpuint (visit (fixture, "code=abc&state=someone-elses", &body), ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_nonnull (strstr (body, "different sign-in"));

  g_assert_false (ewe_browser_sign_in_run_finish (fixture->sign_in, ewe_test_waiter_wait (&waiter), &error));
  g_assert_error (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_NOT_AUTHORIZED);
  g_assert_false (ewe_account_get_signed_in (fixture->account));
  assert_listener_closed (redirect_uri);
}

/* Refused at the sign-in page (or the provider): access_denied. */
static void
test_access_denied (Fixture      *fixture,
                    gconstpointer data)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  g_autofree char *query = NULL;
  g_autofree char *redirect_uri = NULL;

  start (fixture, &waiter);
  redirect_uri = g_strdup (ewe_browser_sign_in_get_redirect_uri (fixture->sign_in));
  query = g_strdup_printf ("error=access_denied&state=%s", ewe_browser_sign_in_get_state (fixture->sign_in));
  g_assert_cmpuint (visit (fixture, query, &body), ==, SOUP_STATUS_OK);
  g_assert_nonnull (strstr (body, "refused"));

  g_assert_false (ewe_browser_sign_in_run_finish (fixture->sign_in, ewe_test_waiter_wait (&waiter), &error));
  g_assert_error (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_ACCESS_DENIED);
  g_assert_false (ewe_account_get_signed_in (fixture->account));
  assert_listener_closed (redirect_uri);
}

/* A code the server never issued, with the right state: the server's
 * token endpoint refuses it, and the tab is told so. */
static void
test_unknown_code (Fixture      *fixture,
                   gconstpointer data)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  g_autofree char *query = NULL;

  start (fixture, &waiter);
  query = g_strdup_printf ("code=never-issued&state=%s", ewe_browser_sign_in_get_state (fixture->sign_in));
  g_assert_cmpuint (visit (fixture, query, &body), ==, SOUP_STATUS_BAD_GATEWAY);
  g_assert_nonnull (strstr (body, "Not Signed In"));

  g_assert_false (ewe_browser_sign_in_run_finish (fixture->sign_in, ewe_test_waiter_wait (&waiter), &error));
  g_assert_error (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_NOT_AUTHORIZED);
  g_assert_false (ewe_account_get_signed_in (fixture->account));
}

static void
test_cancel (Fixture      *fixture,
             gconstpointer data)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;

  fixture->cancel_on_open = TRUE;
  start (fixture, &waiter);
  g_assert_nonnull (fixture->uri);

  g_assert_false (ewe_browser_sign_in_run_finish (fixture->sign_in, ewe_test_waiter_wait (&waiter), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_listener_closed (ewe_browser_sign_in_get_redirect_uri (fixture->sign_in));
}

/* Nobody comes back: the time-out (short here) ends it; and the same
 * object signs in again afterwards, on a new port with a new state. */
static void
test_time_out (Fixture      *fixture,
               gconstpointer data)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_auto(EweTestWaiter) second = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *first_state = NULL;
  g_autofree char *first_uri = NULL;

  ewe_browser_sign_in_set_timeout (fixture->sign_in, 200);
  start (fixture, &waiter);
  first_state = g_strdup (ewe_browser_sign_in_get_state (fixture->sign_in));
  first_uri = g_strdup (ewe_browser_sign_in_get_redirect_uri (fixture->sign_in));

  g_assert_false (ewe_browser_sign_in_run_finish (fixture->sign_in, ewe_test_waiter_wait (&waiter), &error));
  g_assert_error (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_TIMED_OUT);
  assert_listener_closed (first_uri);
  g_clear_error (&error);

  g_clear_pointer (&fixture->uri, g_free);
  start (fixture, &second);
  g_assert_cmpstr (ewe_browser_sign_in_get_state (fixture->sign_in), !=, first_state);
  g_assert_false (ewe_browser_sign_in_run_finish (fixture->sign_in, ewe_test_waiter_wait (&second), &error));
  g_assert_error (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_TIMED_OUT);
}

/* A real Cognito pool: its hosted UI domain's endpoints, and the pool ID
 * asked for first, since its ID tokens' issuer is made of it. */
static void
test_hosted_ui_domain (Fixture      *fixture,
                       gconstpointer data)
{
  g_auto(EweTestWaiter) refused = { 0 };
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *redirect_uri = NULL;
  g_autofree char *provider = NULL;

  g_clear_object (&fixture->sign_in);
  fixture->sign_in = ewe_browser_sign_in_new (fixture->account, "ewelists.auth.eu-west-1.amazoncognito.com");
  g_signal_connect (fixture->sign_in, "open-uri", G_CALLBACK (open_uri_cb), fixture);

  ewe_browser_sign_in_run_async (fixture->sign_in, NULL, ewe_test_waiter_cb, &refused);
  g_assert_false (ewe_browser_sign_in_run_finish (fixture->sign_in, ewe_test_waiter_wait (&refused), &error));
  g_assert_error (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_INVALID_PARAMETER);
  g_assert_null (fixture->uri);
  g_clear_error (&error);

  ewe_auth_set_user_pool_id (fixture->base.auth, "eu-west-1_AbCdEf123");
  ewe_browser_sign_in_set_identity_provider (fixture->sign_in, "Google");
  fixture->cancel_on_open = TRUE;
  start (fixture, &waiter);
  g_assert_nonnull (fixture->uri);
  g_test_message ("%s", fixture->uri);
  g_assert_true (g_str_has_prefix (fixture->uri, "https://ewelists.auth.eu-west-1.amazoncognito.com/oauth2/authorize?"));
  provider = query_param (fixture->uri, "identity_provider");
  g_assert_cmpstr (provider, ==, "Google");
  redirect_uri = query_param (fixture->uri, "redirect_uri");
  g_assert_true (g_str_has_prefix (redirect_uri, "http://127.0.0.1:"));

  g_assert_false (ewe_browser_sign_in_run_finish (fixture->sign_in, ewe_test_waiter_wait (&waiter), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* The providers a server offers, read from its discovery document: two
 * configured, two listed, in order, with their labels; the one chosen goes
 * to the authorization URL as identity_provider=, which the server answers
 * with the start of that provider's sign-in rather than its own page. */
static void
test_identity_providers (Fixture      *fixture,
                         gconstpointer data)
{
  g_auto(EweTestWaiter) listed = { 0 };
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GPtrArray) providers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *upstream = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  EweIdentityProvider *first;
  EweIdentityProvider *second;

  ewe_identity_providers_list_async (fixture->account, NULL, NULL, ewe_test_waiter_cb, &listed);
  providers = ewe_identity_providers_list_finish (ewe_test_waiter_wait (&listed), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (providers->len, ==, 2);
  first = g_ptr_array_index (providers, 0);
  second = g_ptr_array_index (providers, 1);
  g_assert_cmpstr (ewe_identity_provider_get_name (first), ==, "google");
  g_assert_cmpstr (ewe_identity_provider_get_provider_type (first), ==, "google");
  g_assert_cmpstr (ewe_identity_provider_get_display_name (first), ==, "Google");
  g_assert_cmpstr (ewe_identity_provider_get_name (second), ==, "work");
  g_assert_cmpstr (ewe_identity_provider_get_provider_type (second), ==, "oidc");
  g_assert_cmpstr (ewe_identity_provider_get_display_name (second), ==, "Example Corp");

  ewe_browser_sign_in_set_identity_provider (fixture->sign_in, ewe_identity_provider_get_name (second));
  fixture->cancel_on_open = TRUE;
  start (fixture, &waiter);
  g_assert_nonnull (fixture->uri);
  provider = query_param (fixture->uri, "identity_provider");
  g_assert_cmpstr (provider, ==, "work");

  /* What the browser would be sent to: the provider, not our page. */
  msg = soup_message_new ("GET", fixture->uri);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_FOUND);
  upstream = g_strconcat (fixture->base.server->base_url, "/oauth2/upstream?provider=work&", NULL);
  g_assert_true (g_str_has_prefix (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location"),
                                   upstream));

  g_assert_false (ewe_browser_sign_in_run_finish (fixture->sign_in, ewe_test_waiter_wait (&waiter), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* No providers: a server configured with none lists none, and a real
 * Cognito pool (a hosted UI domain) is not even asked; a server that
 * cannot be reached is an error, which callers take as "no buttons". */
static void
test_no_identity_providers (Fixture      *fixture,
                            gconstpointer data)
{
  g_auto(EweTestWaiter) plain = { 0 };
  g_auto(EweTestWaiter) cognito = { 0 };
  g_auto(EweTestWaiter) gone = { 0 };
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) pool = NULL;
  g_autoptr(GPtrArray) nothing = NULL;
  g_autoptr(GError) error = NULL;

  ewe_identity_providers_list_async (fixture->account, NULL, NULL, ewe_test_waiter_cb, &plain);
  none = ewe_identity_providers_list_finish (ewe_test_waiter_wait (&plain), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);

  /* Stopped first: an answer could only have come from asking. */
  g_assert_cmpint (ewe_test_server_stop (fixture->base.server), ==, 0);
  ewe_identity_providers_list_async (fixture->account, "ewelists.auth.eu-west-1.amazoncognito.com", NULL,
                                     ewe_test_waiter_cb, &cognito);
  pool = ewe_identity_providers_list_finish (ewe_test_waiter_wait (&cognito), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pool->len, ==, 0);

  ewe_identity_providers_list_async (fixture->account, NULL, NULL, ewe_test_waiter_cb, &gone);
  nothing = ewe_identity_providers_list_finish (ewe_test_waiter_wait (&gone), &error);
  g_assert_null (nothing);
  g_assert_error (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_NETWORK);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = NULL;
  g_autofree char *config_arg = NULL;
  const char      *provider_args[2] = { NULL };
  int              fd;
  int              status;

  g_test_init (&argc, &argv, NULL);

  /* Two upstream providers, never fetched: nobody signs in with them. */
  fd = g_file_open_tmp ("ewe-test-providers-XXXXXX.conf", &config, NULL);
  g_assert_cmpint (fd, >=, 0);
  close (fd);
  g_assert_true (g_file_set_contents (config,
                                      "[oauth-provider google]\ntype=google\nclient-id=g\nclient-secret=s\n"
                                      "[oauth-provider work]\nissuer=https://id.example.org\nclient-id=w\n"
                                      "client-secret=s\ndisplay-name=Example Corp\n",
                                      -1, NULL));
  config_arg = g_strconcat ("--config=", config, NULL);
  provider_args[0] = config_arg;

  g_test_add ("/core/browser-sign-in/chromium", Fixture, NULL, fixture_set_up, test_chromium, fixture_tear_down);
  g_test_add ("/core/browser-sign-in/fixed-port/chromium", Fixture, NULL, fixture_set_up_fixed_port, test_chromium,
              fixture_tear_down);
  g_test_add ("/core/browser-sign-in/fixed-port/registered", Fixture, NULL, fixture_set_up_fixed_port,
              test_fixed_port_registered, fixture_tear_down);
  g_test_add ("/core/browser-sign-in/fixed-port/in-use", Fixture, NULL, fixture_set_up_fixed_port, test_port_in_use,
              fixture_tear_down);
  g_test_add ("/core/browser-sign-in/wrong-state", Fixture, NULL, fixture_set_up, test_wrong_state, fixture_tear_down);
  g_test_add ("/core/browser-sign-in/access-denied", Fixture, NULL, fixture_set_up, test_access_denied,
              fixture_tear_down);
  g_test_add ("/core/browser-sign-in/unknown-code", Fixture, NULL, fixture_set_up, test_unknown_code,
              fixture_tear_down);
  g_test_add ("/core/browser-sign-in/cancel", Fixture, NULL, fixture_set_up, test_cancel, fixture_tear_down);
  g_test_add ("/core/browser-sign-in/hosted-ui-domain", Fixture, NULL, fixture_set_up, test_hosted_ui_domain,
              fixture_tear_down);
  g_test_add ("/core/browser-sign-in/time-out", Fixture, NULL, fixture_set_up, test_time_out, fixture_tear_down);
  g_test_add ("/core/browser-sign-in/identity-providers", Fixture, provider_args, fixture_set_up,
              test_identity_providers, fixture_tear_down);
  g_test_add ("/core/browser-sign-in/no-identity-providers", Fixture, NULL, fixture_set_up,
              test_no_identity_providers, fixture_tear_down);

  status = g_test_run ();
  g_unlink (config);

  return status;
}
