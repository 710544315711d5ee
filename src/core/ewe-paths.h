/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *ewe_paths_get_data_dir          (void);
char *ewe_paths_get_drafts_store_file (void);
char *ewe_paths_get_account_store_file (const char *server_url,
                                        const char *user_sub);

G_END_DECLS
