/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include "ews-test-cognito.h"

/* A third party verifies our tokens: jose, from npm, checks an ID and an
 * access token a real server issued against the keys it publishes, found
 * through its discovery document (jose-verify.sh and .mjs). The server runs
 * without --public-url, so that the issuer is where it listens and the
 * whole discovery path is followed for real. Skipped (77) without node or
 * npm. */

#define EMAIL "jose@example.org"

static void
test_jose_verifies (void)
{
  g_autoptr(EweTestSmtp) sink = ewe_test_smtp_new ();
  g_autofree char *smtp_url = ewe_test_smtp_dup_url (sink);
  g_autofree char *smtp_arg = g_strconcat ("--smtp-url=", smtp_url, NULL);
  const char      *args[] = { smtp_arg, "--mail-from=Ewelists <no-reply@ewelists.example.org>", NULL };
  g_autoptr(EweTestServer) server = ewe_test_server_start_full (NULL, 0, args);
  g_autoptr(JsonObject) tokens = NULL;
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "server", "jose-verify.sh", NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_nonnull (server);
  ews_test_cognito_sign_up_and_confirm (server, sink, EMAIL, "Jo");
  tokens = ews_test_cognito_sign_in (server, EMAIL, EWS_TEST_COGNITO_PASSWORD);

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              "sh", script, server->base_url, EWS_TEST_COGNITO_CLIENT_ID,
                              json_object_get_string_member (tokens, "IdToken"),
                              json_object_get_string_member (tokens, "AccessToken"),
                              NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);

  g_printerr ("%s%s", out, err);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *node = g_find_program_in_path ("node");
  g_autofree char *npm = g_find_program_in_path ("npm");

  if (node == NULL || npm == NULL)
    {
      g_printerr ("test-jose: node or npm is missing; skipped\n");
      return 77;
    }

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/jose/verifies-our-tokens", test_jose_verifies);

  return g_test_run ();
}
