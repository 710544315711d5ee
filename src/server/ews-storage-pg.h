/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-storage.h"

G_BEGIN_DECLS

/* The PostgreSQL backend of EwsStorage, EwsAuthStorage and EwsMailStorage,
 * for servers that share one database. */

#define EWS_TYPE_STORAGE_PG (ews_storage_pg_get_type ())

G_DECLARE_FINAL_TYPE (EwsStoragePg, ews_storage_pg, EWS, STORAGE_PG, GObject)

/* How long a mail that ews_mail_storage_outbox_next_due() handed to one
 * server is left to it: if that server dies before marking it, the mail is
 * due again, for any server, this long after it was claimed. */
#define EWS_STORAGE_PG_MAIL_LEASE_SECONDS 300

/* Sets how long a claimed mail is left to its server (by default
 * EWS_STORAGE_PG_MAIL_LEASE_SECONDS; --mail-lease-seconds). */
void        ews_storage_pg_set_mail_lease (EwsStoragePg      *self,
                                           guint              seconds);

/* The guest pages' form secret's row in server_secrets (with SQLite, the
 * file jwt-secret in the data directory). */
#define EWS_STORAGE_PG_FORM_SECRET "form"

/* Connects to the database at @uri (a libpq "postgresql://…" URI) with a
 * pool of @n_connections, and brings its schema up to date. */
EwsStorage *ews_storage_pg_open (const char        *uri,
                                 guint              n_connections,
                                 GError           **error);

/* The secret called @name that every server on the database shares,
 * created (with random bytes) by the first to ask. */
gboolean    ews_storage_pg_load_or_create_secret (EwsStoragePg      *self,
                                                  const char        *name,
                                                  GBytes           **secret,
                                                  GError           **error);

/* Whether list versions read now may be kept and answered without a
 * round trip (ews-storage-pg-versions.c): only while the server hears
 * every change. For tests. */
gboolean    ews_storage_pg_trusts_kept_versions (EwsStoragePg *self);

G_END_DECLS
