/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gio/gio.h>

#include "ewe-export-format.h"
#include "ewe-store.h"

G_BEGIN_DECLS

/* A JSON export (ewe-export.h) read back as drafts: every list is created
 * anew through the store, with a local id, and its gifts added to it, as
 * if the user had typed them in. Nothing is overwritten: a list whose id
 * is in the store already comes in as a copy, named so.
 *
 * The whole file is checked before the first list is written; a refused
 * file leaves the store as it was. */

#define EWE_IMPORT_ERROR (ewe_import_error_quark ())

/* The shared checker's refusals (ewe-export-format.h), code for code. */
typedef enum
{
  EWE_IMPORT_ERROR_NOT_EXPORT = EWE_EXPORT_FORMAT_ERROR_NOT_EXPORT,
  EWE_IMPORT_ERROR_TOO_NEW    = EWE_EXPORT_FORMAT_ERROR_TOO_NEW,
  EWE_IMPORT_ERROR_TOO_BIG    = EWE_EXPORT_FORMAT_ERROR_TOO_BIG,
  EWE_IMPORT_ERROR_TOO_DEEP   = EWE_EXPORT_FORMAT_ERROR_TOO_DEEP,
  EWE_IMPORT_ERROR_INVALID    = EWE_EXPORT_FORMAT_ERROR_INVALID,
} EweImportError;

GQuark     ewe_import_error_quark    (void);

void       ewe_import_async          (EweStore             *store,
                                      GBytes               *contents,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
GPtrArray *ewe_import_finish         (EweStore             *store,
                                      GAsyncResult         *result,
                                      GError              **error);
void       ewe_import_file_async     (EweStore             *store,
                                      GFile                *file,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
GPtrArray *ewe_import_file_finish    (EweStore             *store,
                                      GAsyncResult         *result,
                                      GError              **error);

G_END_DECLS
