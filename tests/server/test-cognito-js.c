/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include "ewe-srp.h"
#include "ews-test-cognito.h"

/* A client nobody here wrote signs in: amazon-cognito-identity-js, from
 * npm, with its default authenticateUser (USER_SRP_AUTH), against a real
 * server (cognito-js-sign-in.sh and .mjs). Skipped (77) without node or
 * npm. */

#define EMAIL "cognito-js@example.org"

static void
test_cognito_js_signs_in (void)
{
  g_autoptr(EweTestSmtp) sink = ewe_test_smtp_new ();
  g_autoptr(EweTestServer) server = ews_test_cognito_start_server (NULL, 0, sink);
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "server", "cognito-js-sign-in.sh", NULL);
  g_autofree char *endpoint = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_nonnull (server);
  endpoint = ewe_test_server_url (server, "/api/auth");
  ews_test_cognito_sign_up_and_confirm (server, sink, EMAIL, "Jo");

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              "sh", script, endpoint, EWE_SRP_DEFAULT_USER_POOL_ID, EWS_TEST_COGNITO_CLIENT_ID,
                              EMAIL, EWS_TEST_COGNITO_PASSWORD, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);

  g_printerr ("%s%s", out, err);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_nonnull (strstr (out, "signed in with USER_SRP_AUTH as " EMAIL));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *node = g_find_program_in_path ("node");
  g_autofree char *npm = g_find_program_in_path ("npm");

  if (node == NULL || npm == NULL)
    {
      g_printerr ("test-cognito-js: node or npm is missing; skipped\n");
      return 77;
    }

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/cognito-js/signs-in-with-srp", test_cognito_js_signs_in);

  return g_test_run ();
}
