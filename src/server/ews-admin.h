/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-config.h"

G_BEGIN_DECLS

/* Runs `ewelists-server admin <argv…>` (@argv starts after "admin") and
 * returns the exit status: 0 done, 1 failed, 2 wrong usage. */
const char *ews_admin_get_usage (void);
int ews_admin_run (const EwsConfig  *config,
                   int               argc,
                   char            **argv);

G_END_DECLS
