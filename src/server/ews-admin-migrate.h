/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-config.h"

G_BEGIN_DECLS

#define EWS_MIGRATE_ERROR (ews_migrate_error_quark ())

typedef enum
{
  EWS_MIGRATE_ERROR_FAILED,     /* reading or writing failed */
  EWS_MIGRATE_ERROR_NOT_EMPTY,  /* the target database already holds data */
  EWS_MIGRATE_ERROR_SCHEMA,     /* a table one side has and the other lacks */
  EWS_MIGRATE_ERROR_MISMATCH,   /* what was read back differs from the source */
} EwsMigrateError;

GQuark   ews_migrate_error_quark (void);

/* Copies the SQLite data directory @data_dir into the empty PostgreSQL
 * database at @uri in one transaction, and commits only once every table
 * read back from it equals its source. Prints a line per table. */
gboolean ews_migrate_to_postgresql (const char  *data_dir,
                                    const char  *uri,
                                    GError     **error);

/* `ewelists-server admin migrate --to URL [--data-dir DIR]` (@argv starts
 * at "migrate"); returns the exit status as ews_admin_run() does. */
int      ews_admin_migrate_run     (const EwsConfig  *config,
                                    int               argc,
                                    char            **argv);

G_END_DECLS
