/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gio/gio.h>

#include "ewe-export-format.h"
#include "ewe-store.h"

G_BEGIN_DECLS

/* Lists out to files: the versioned JSON export (documented in the README,
 * its JSON Schema in data/export/ewelists-export-v1.schema.json), which
 * ewe-import.h reads back, and CSV for spreadsheets. The JSON itself is
 * written and checked by libewe-common (ewe-export-format.h), which the
 * server's `admin export-account` and `import-account` share.
 *
 * An export holds the lists and their gifts as the owner sees them:
 * titles, details, products, quantities and notes. Never tokens, the
 * account, or who reserved or bought what (surprise mode hides that from
 * the owner, and a file should not tell them either). */

typedef enum
{
  EWE_EXPORT_FORMAT_JSON,
  EWE_EXPORT_FORMAT_CSV,
} EweExportFormat;

void      ewe_export_lists_async        (EweStore             *store,
                                         GPtrArray            *lists,
                                         EweExportFormat       format,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
GBytes   *ewe_export_lists_finish       (EweStore             *store,
                                         GAsyncResult         *result,
                                         GError              **error);
void      ewe_export_to_file_async      (EweStore             *store,
                                         GPtrArray            *lists,
                                         EweExportFormat       format,
                                         GFile                *file,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean  ewe_export_to_file_finish     (EweStore             *store,
                                         GAsyncResult         *result,
                                         GError              **error);
EweExportFormat ewe_export_format_for_name (const char        *file_name);
char     *ewe_export_csv_field          (const char           *text);

G_END_DECLS
