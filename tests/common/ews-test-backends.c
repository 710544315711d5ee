/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <gio/gio.h>

#include "ews-test-backends.h"

static void
add_on (const char               *prefix,
        const char               *backend,
        gsize                     fixture_size,
        GTestFixtureFunc          set_up,
        GTestFixtureFunc          tear_down,
        const EwsTestBackendCase *cases,
        gsize                     n_cases)
{
  gboolean on_postgres = g_str_equal (backend, "postgresql");

  for (gsize i = 0; i < n_cases; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/%s/%s", prefix, backend, cases[i].name);

      g_test_add_vtable (path, fixture_size, GINT_TO_POINTER (on_postgres), set_up, cases[i].func, tear_down);
    }
}

static void
postgres_missing (gconstpointer data)
{
  g_autofree char *message = g_strdup_printf ("%s: the PostgreSQL backend is not tested", (const char *)data);

  g_test_skip (message);
}

static void
add_missing (const char *prefix,
             const char *why)
{
  g_autofree char *path = g_strdup_printf ("%s/postgresql/postgresql-missing", prefix);

  g_test_add_data_func_full (path, g_strdup (why), postgres_missing, g_free);
}

void
ews_test_add_backend_cases_full (const char               *prefix,
                                 gsize                     fixture_size,
                                 GTestFixtureFunc          set_up,
                                 GTestFixtureFunc          tear_down,
                                 const EwsTestBackendCase *cases,
                                 gsize                     n_cases,
                                 EwsTestPostgres         **postgres)
{
  g_return_if_fail (postgres != NULL && *postgres == NULL);

  add_on (prefix, "sqlite", fixture_size, set_up, tear_down, cases, n_cases);

#ifdef EWS_TEST_HAVE_POSTGRES
  {
    g_autoptr(GError) error = NULL;

    *postgres = ews_test_postgres_start (&error);
    if (*postgres == NULL)
      {
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
        add_missing (prefix, error->message);
        return;
      }
    add_on (prefix, "postgresql", fixture_size, set_up, tear_down, cases, n_cases);
  }
#else
  add_missing (prefix, "The tests were built without libpq");
#endif
}

void
ews_test_stop_backends (EwsTestPostgres **postgres)
{
#ifdef EWS_TEST_HAVE_POSTGRES
  g_clear_pointer (postgres, ews_test_postgres_stop);
#else
  g_assert_null (*postgres);
#endif
}
