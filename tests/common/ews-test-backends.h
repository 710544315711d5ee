/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <glib.h>

#include "ews-test-postgres.h"

G_BEGIN_DECLS

/* The same cases on each storage backend: PREFIX/sqlite/NAME always, and
 * PREFIX/postgresql/NAME on a PostgreSQL 15 server of the test's own. The
 * fixture's set-up gets GINT_TO_POINTER (on_postgres) as its data, and
 * finds the server where the test keeps it (*postgres). */

typedef struct
{
  const char      *name;
  GTestFixtureFunc func;
} EwsTestBackendCase;

/* One case; casts the test function, as g_test_add() does, for a fixture
 * of the test's own type. */
#define EWS_TEST_BACKEND_CASE(name, func) { (name), (GTestFixtureFunc) (func) }

/* Registers @cases on SQLite, then starts PostgreSQL into *@postgres and
 * registers them on it too. When PostgreSQL 15 is not installed (or the
 * tests were built without libpq), *@postgres stays NULL and one case,
 * PREFIX/postgresql/postgresql-missing, skips saying so: the run shows
 * what it did not test. Any other failure to start the server fails. */
void ews_test_add_backend_cases_full (const char               *prefix,
                                      gsize                     fixture_size,
                                      GTestFixtureFunc          set_up,
                                      GTestFixtureFunc          tear_down,
                                      const EwsTestBackendCase *cases,
                                      gsize                     n_cases,
                                      EwsTestPostgres         **postgres);

#define ews_test_add_backend_cases(prefix, Fixture, set_up, tear_down, cases, postgres)                           \
  ews_test_add_backend_cases_full ((prefix), sizeof (Fixture), (GTestFixtureFunc) (set_up),                       \
                                   (GTestFixtureFunc) (tear_down), (cases), G_N_ELEMENTS (cases), (postgres))

/* Stops the server ews_test_add_backend_cases() started, if it did. */
void ews_test_stop_backends (EwsTestPostgres **postgres);

G_END_DECLS
