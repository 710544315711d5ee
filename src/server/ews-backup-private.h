/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-backup.h"

G_BEGIN_DECLS

/* Shared by ews-backup.c (the directory, the manifest, SQLite) and
 * ews-backup-pg.c (pg_dump and pg_restore). */

#define MANIFEST_NAME "manifest.ini"
/* The manifest's group of row counts, a key per table. */
#define ROWS_GROUP "rows"

char     *ews_backup_file_sha256   (const char       *path,
                                    GError          **error);
/* The manifest of @backup_dir, if it is whole, of a @backend database, and
 * of a schema no newer than @n_migrations steps. */
GKeyFile *ews_backup_load_manifest (const char       *backup_dir,
                                    EwsBackupBackend  backend,
                                    guint             n_migrations,
                                    GError          **error);
/* pg_dump of the database at @uri into @backup_dir, with its row counts and
 * schema version, read in the same snapshot, in @manifest. */
gboolean  ews_backup_pg_dump       (const char       *uri,
                                    const char       *backup_dir,
                                    GKeyFile         *manifest,
                                    GError          **error);

G_END_DECLS
