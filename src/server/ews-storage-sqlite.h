/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <sqlite3.h>

#include "ews-storage.h"

G_BEGIN_DECLS

#define EWS_TYPE_STORAGE_SQLITE (ews_storage_sqlite_get_type ())

G_DECLARE_FINAL_TYPE (EwsStorageSqlite, ews_storage_sqlite, EWS, STORAGE_SQLITE, GObject)

/* Opens (creating it if needed) <data_dir>/ewelists.sqlite and brings its
 * schema up to date. */
EwsStorage *ews_storage_sqlite_open   (const char        *data_dir,
                                       GError           **error);

/* The connection, for server parts with tables of their own (sign-in, mail
 * outbox) until they have an interface of their own. Borrowed. */
sqlite3    *ews_storage_sqlite_get_db (EwsStorageSqlite  *self);

G_END_DECLS
