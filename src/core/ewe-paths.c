/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-paths"

#include "config.h"

#include "ewe-paths.h"

/* Where the local stores live: one SQLite file for the drafts made while
 * signed out, and one per account (server + user), so that signing in as
 * someone else never mixes two people's lists. */

char *
ewe_paths_get_data_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "ewelists", NULL);
}

char *
ewe_paths_get_drafts_store_file (void)
{
  g_autofree char *data_dir = ewe_paths_get_data_dir ();

  return g_build_filename (data_dir, "drafts.sqlite", NULL);
}

char *
ewe_paths_get_account_store_file (const char *server_url,
                                  const char *user_sub)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *account = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *file_name = NULL;

  g_return_val_if_fail (server_url != NULL, NULL);
  g_return_val_if_fail (user_sub != NULL, NULL);

  /* The server URL and the user id come from outside; hashing them gives a
   * file name that is stable, short, and cannot escape the data directory. */
  account = g_strconcat (server_url, "\n", user_sub, NULL);
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, account, -1);
  file_name = g_strdup_printf ("account-%.32s.sqlite", digest);
  data_dir = ewe_paths_get_data_dir ();

  return g_build_filename (data_dir, file_name, NULL);
}
