/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

/* The server tried as an attacker would: requests that spell paths oddly,
 * nest JSON a hundred thousand deep, send bodies that never end or arrive a
 * byte at a time, or open more connections than anyone needs. Each test
 * expects the server to answer (or hang up) in time and to stay up. */

#include "config.h"

#include "ews-test-raw-http.h"

#define DEEP_LEVELS 100000
#define ANSWER_TIMEOUT_MS 10000

static char *
deep_json (const char *prefix)
{
  GString *json = g_string_new (prefix);

  for (guint i = 0; i < DEEP_LEVELS; i++)
    g_string_append_c (json, '[');

  return g_string_free (json, FALSE);
}

/* Sends one request on a connection of its own and returns the status
 * of the answer (0 when the server hung up without one). */
static guint
raw_request (EweTestServer *server,
             const char    *head,
             const char    *body)
{
  g_autoptr(GSocketConnection) connection = ews_test_raw_connect (server, "127.0.0.1");
  g_autofree char *request = NULL;
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;

  request = g_strdup_printf ("%s\r\nHost: localhost\r\nConnection: close\r\nContent-Length: %zu\r\n\r\n%s",
                             head, body != NULL ? strlen (body) : 0, body != NULL ? body : "");
  ews_test_raw_send (connection, request, strlen (request), &error);
  g_assert_no_error (error);

  response = ews_test_raw_read_all (connection, ANSWER_TIMEOUT_MS, &error);
  if (response == NULL)
    {
      g_test_message ("no answer: %s", error->message);
      return 0;
    }

  return ews_test_raw_status (response);
}

static void
assert_server_up (EweTestServer *server)
{
  g_assert_cmpuint (raw_request (server, "GET /health HTTP/1.1", NULL), ==, 200);
}

/* --- paths and JSON ---------------------------------------------------------- */

static void
test_deep_json_on_any_path_spelling (void)
{
  g_autoptr(EweTestServer) server = ewe_test_server_start (NULL);
  g_autofree char *deep = deep_json ("");
  const char *heads[] = {
    "POST //api/auth HTTP/1.1\r\nContent-Type: application/x-amz-json-1.1\r\n"
      "X-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth",
    "POST //api/contact HTTP/1.1\r\nContent-Type: application/json",
    "POST /api//contact HTTP/1.1\r\nContent-Type: application/json",
    "POST /api/auth HTTP/1.1\r\nContent-Type: application/x-amz-json-1.1\r\n"
      "X-Amz-Target: AWSCognitoIdentityProviderService.SignUp",
    "POST //lists/x/reserve/y HTTP/1.1\r\nContent-Type: application/json",
  };

  for (guint i = 0; i < G_N_ELEMENTS (heads); i++)
    {
      guint status = raw_request (server, heads[i], deep);

      g_test_message ("%s → %u", heads[i], status);
      g_assert_cmpuint (status, >=, 400);
      g_assert_cmpuint (status, <, 500);
      assert_server_up (server);
    }
}

/* JSON-GLib skips C comments and takes 'single-quoted' strings: a guard
 * that counts brackets outside "strings" only would not see these. */
static void
test_deep_json_behind_comment_or_quote (void)
{
  g_autoptr(EweTestServer) server = ewe_test_server_start (NULL);
  const char *prefixes[] = { "/* \" */ ", "['\"', " };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      g_autofree char *deep = deep_json (prefixes[i]);
      guint status;

      status = raw_request (server, "POST /api/contact HTTP/1.1\r\nContent-Type: application/json", deep);
      g_assert_cmpuint (status, ==, 400);
      status = raw_request (server,
                            "POST /api/auth HTTP/1.1\r\nContent-Type: application/x-amz-json-1.1\r\n"
                            "X-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth", deep);
      g_assert_cmpuint (status, ==, 400);
      assert_server_up (server);
    }
}

/* A token's header is read before its signature can be checked. */
static void
test_deep_json_in_a_token (void)
{
  g_autoptr(EweTestServer) server = ewe_test_server_start (NULL);
  g_autofree char *brackets = g_strnfill (45000, '[');
  g_autofree char *header = g_base64_encode ((const guchar *)brackets, strlen (brackets));
  g_autofree char *head = NULL;

  g_strdelimit (header, "=", '\0');
  head = g_strdup_printf ("GET /api/lists HTTP/1.1\r\nAuthorization: Bearer %s.e30.c2ln", header);

  g_assert_cmpuint (raw_request (server, head, NULL), ==, 401);
  assert_server_up (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/server/limits/deep-json-on-any-path-spelling", test_deep_json_on_any_path_spelling);
  g_test_add_func ("/server/limits/deep-json-behind-comment-or-quote", test_deep_json_behind_comment_or_quote);
  g_test_add_func ("/server/limits/deep-json-in-a-token", test_deep_json_in_a_token);

  return g_test_run ();
}
