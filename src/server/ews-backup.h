/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define EWS_BACKUP_ERROR (ews_backup_error_quark ())

typedef enum
{
  EWS_BACKUP_ERROR_FAILED,       /* reading or writing failed */
  EWS_BACKUP_ERROR_EXISTS,       /* the destination already holds something */
  EWS_BACKUP_ERROR_INVALID,      /* the backup is damaged or not one we made */
  EWS_BACKUP_ERROR_UNSUPPORTED,  /* a format or backend this server cannot read */
} EwsBackupError;

/* The storage a backup was taken from; each has its own way to copy
 * itself consistently while servers keep writing. */
typedef enum
{
  EWS_BACKUP_BACKEND_SQLITE,
  EWS_BACKUP_BACKEND_POSTGRESQL,
} EwsBackupBackend;

GQuark   ews_backup_error_quark (void);

/* Copies the server's state in @data_dir (for PostgreSQL, the database at
 * the URL @data_dir) into @backup_dir, which must not exist or be empty,
 * with a manifest to check it by. Safe while servers run. */
gboolean ews_backup_create      (EwsBackupBackend   backend,
                                 const char        *data_dir,
                                 const char        *backup_dir,
                                 GError           **error);
/* Checks the backup in @backup_dir against its manifest and puts it in
 * place as @data_dir, replacing what is there only when @force is set.
 * No server may be running on @data_dir. */
gboolean ews_backup_restore     (const char        *backup_dir,
                                 const char        *data_dir,
                                 gboolean           force,
                                 GError           **error);

/* Checks the PostgreSQL backup in @backup_dir against its manifest and
 * restores it with pg_restore into the database at @uri, which must have
 * no tables yet (a new one, from createdb). */
gboolean ews_backup_restore_postgresql (const char  *backup_dir,
                                        const char  *uri,
                                        GError     **error);

G_END_DECLS
