/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-storage.h"

G_BEGIN_DECLS

/* `admin export-account` and `admin import-account`: an account's lists in
 * the app's export format (libewe-common's ewe-export-format.h), on either
 * backend. Failures are in EWS_STORAGE_ERROR or EWE_EXPORT_FORMAT_ERROR,
 * each message fit to print as it is. */

gboolean ews_admin_export_account (EwsStorage  *storage,
                                   const char  *email,
                                   const char  *path,
                                   guint       *n_lists,
                                   GError     **error);
gboolean ews_admin_import_account (EwsStorage  *storage,
                                   const char  *email,
                                   const char  *path,
                                   guint       *n_lists,
                                   GError     **error);

G_END_DECLS
