/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include "ewe-core.h"

static void
test_paths_under_user_data_dir (void)
{
  g_autofree char *data_dir = ewe_paths_get_data_dir ();
  g_autofree char *drafts = ewe_paths_get_drafts_store_file ();

  /* G_TEST_OPTION_ISOLATE_DIRS points XDG_DATA_HOME at a temporary dir. */
  g_assert_true (g_str_has_prefix (data_dir, g_get_user_data_dir ()));
  g_assert_true (g_str_has_suffix (data_dir, "/ewelists"));
  g_assert_true (g_str_has_prefix (drafts, data_dir));
  g_assert_true (g_str_has_suffix (drafts, "/drafts.sqlite"));
}

static void
test_account_store_is_per_server_and_user (void)
{
  g_autofree char *data_dir = ewe_paths_get_data_dir ();
  g_autofree char *alice = ewe_paths_get_account_store_file ("https://a.example", "alice");
  g_autofree char *alice_again = ewe_paths_get_account_store_file ("https://a.example", "alice");
  g_autofree char *bob = ewe_paths_get_account_store_file ("https://a.example", "bob");
  g_autofree char *alice_elsewhere = ewe_paths_get_account_store_file ("https://b.example", "alice");
  g_autofree char *hostile = ewe_paths_get_account_store_file ("x", "../../etc/passwd");
  g_autofree char *hostile_dir = g_path_get_dirname (hostile);

  g_assert_cmpstr (alice, ==, alice_again);
  g_assert_cmpstr (alice, !=, bob);
  g_assert_cmpstr (alice, !=, alice_elsewhere);

  /* Whatever the server says a user id is, the file stays in our folder. */
  g_assert_cmpstr (hostile_dir, ==, data_dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/paths/under-user-data-dir", test_paths_under_user_data_dir);
  g_test_add_func ("/core/paths/account-store-per-server-and-user", test_account_store_is_per_server_and_user);

  return g_test_run ();
}
