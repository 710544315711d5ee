/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A real PostgreSQL 15 server for the tests, in a temporary directory of
 * its own: reached on a Unix socket there, no TCP. It runs as the current
 * user, or as "postgres" when the tests run as root (PostgreSQL refuses
 * root), and goes away with its directory when stopped — or when the test
 * dies, since it gets a signal when its parent is gone. */

typedef struct _EwsTestPostgres EwsTestPostgres;

/* Initializes a cluster and starts its server. Fails with
 * G_IO_ERROR_NOT_FOUND when PostgreSQL 15's programs are not installed
 * (the test then skips), or with another error when they fail. */
EwsTestPostgres *ews_test_postgres_start        (GError          **error);
/* Creates an empty database and returns its "postgresql://…" URI. */
char            *ews_test_postgres_new_database (EwsTestPostgres  *self,
                                                 GError          **error);
/* Stops the server (a fast shutdown: open connections are cut) and
 * returns once it is gone, keeping its data for ews_test_postgres_start_server(). */
void             ews_test_postgres_stop_server  (EwsTestPostgres  *self);
/* Starts the stopped server again and waits until it accepts connections. */
gboolean         ews_test_postgres_start_server (EwsTestPostgres  *self,
                                                 GError          **error);
/* Stops the server and removes its directory. */
void             ews_test_postgres_stop         (EwsTestPostgres  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EwsTestPostgres, ews_test_postgres_stop)

G_END_DECLS
