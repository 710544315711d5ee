/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-storage.h"

G_BEGIN_DECLS

/* The PostgreSQL backend of EwsStorage and EwsAuthStorage, for servers
 * that share one database. IN PROGRESS: it does not implement
 * EwsMailStorage (the outbox) yet, which the server needs from the same
 * object; so the server cannot be configured to use it yet. The tests use
 * it directly. */

#define EWS_TYPE_STORAGE_PG (ews_storage_pg_get_type ())

G_DECLARE_FINAL_TYPE (EwsStoragePg, ews_storage_pg, EWS, STORAGE_PG, GObject)

/* Connects to the database at @uri (a libpq "postgresql://…" URI) with a
 * pool of @n_connections, and brings its schema up to date. */
EwsStorage *ews_storage_pg_open (const char        *uri,
                                 guint              n_connections,
                                 GError           **error);

G_END_DECLS
