/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <signal.h>
#include <unistd.h>

#include "ews-test-postgres.h"

#define PG_BINDIR "/usr/lib/postgresql/15/bin"

/* How long a server may take to accept connections: initdb's cluster
 * starts in a second, but the test machines are shared and loaded. */
#define READY_TIMEOUT_SECONDS 60

struct _EwsTestPostgres
{
  char        *dir;  /* the socket is here, the cluster in data/ */
  char        *user; /* the cluster's superuser, as whom we connect */
  GSubprocess *server;
  guint        n_databases;
};

/* The programs run through setpriv, as the cluster's user when we are
 * root, and with --pdeathsig so that a test that dies (an assertion
 * aborts, atexit handlers do not run) still stops its server: the signal
 * comes when this process is gone. */
static GStrvBuilder *
command_as_cluster_user (gboolean    as_postgres,
                         const char *death_signal)
{
  GStrvBuilder *argv = g_strv_builder_new ();

  g_strv_builder_add_many (argv, "setpriv", "--pdeathsig", death_signal, NULL);
  if (as_postgres)
    g_strv_builder_add_many (argv, "--reuid=postgres", "--regid=postgres", "--init-groups", NULL);
  g_strv_builder_add (argv, "--");

  return argv;
}

static gboolean
init_cluster (EwsTestPostgres *self,
              gboolean         as_postgres,
              GError         **error)
{
  g_autoptr(GStrvBuilder) builder = command_as_cluster_user (as_postgres, "KILL");
  g_autofree char *data_dir = g_build_filename (self->dir, "data", NULL);
  g_autofree char *output = NULL;
  g_auto(GStrv) argv = NULL;
  int wait_status = 0;

  g_strv_builder_add_many (builder, PG_BINDIR "/initdb", "--pgdata", data_dir, "--username", self->user,
                           "--auth", "trust", "--encoding", "UTF8", "--locale", "C", "--no-sync",
                           "--no-instructions", NULL);
  argv = g_strv_builder_end (builder);

  if (!g_spawn_sync (self->dir, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     &output, NULL, &wait_status, error))
    return FALSE;

  if (!g_spawn_check_wait_status (wait_status, error))
    {
      g_prefix_error (error, "initdb failed (%s): ", output);
      return FALSE;
    }

  return TRUE;
}

/* A shell between us and the server: it passes our signal on as a fast
 * shutdown, waits for the server to be gone, and only then removes the
 * directory (as the cluster's user, who owns it). SIGUSR1 stops the server
 * alone (a fast shutdown, as `pg_ctl stop -m fast`) and SIGUSR2 starts it
 * again on the same directory, for tests of a database that goes away and
 * comes back. The server's log stays in the directory until the end, for
 * start_server() to quote. */
static const char server_script[] =
  "run () {\n"
  "  \"$1\" -D \"$2/data\" -k \"$2\" -c listen_addresses= -c fsync=off -c full_page_writes=off "
  "    >>\"$2/server.log\" 2>&1 &\n"
  "  server=$!\n"
  "}\n"
  "run \"$1\" \"$2\"\n"
  "done=0\n"
  "trap 'done=1; kill -INT $server' INT TERM HUP\n"
  "trap 'kill -INT $server; wait $server' USR1\n"
  "trap 'run \"$1\" \"$2\"' USR2\n"
  /* wait returns early for each trapped signal: wait again, once a
   * second, until told to end. */
  "while [ $done = 0 ]; do sleep 1 & wait $!; done\n"
  "wait $server\n"
  "rm -rf \"$2\"\n";

static char *
connection_string (EwsTestPostgres *self,
                   const char      *database)
{
  return g_strdup_printf ("postgresql:///%s?host=%s&user=%s", database, self->dir, self->user);
}

static gboolean
wait_until_ready (EwsTestPostgres *self,
                  GError         **error)
{
  g_autofree char *conninfo = connection_string (self, "postgres");
  gint64           deadline = g_get_monotonic_time () + READY_TIMEOUT_SECONDS * G_USEC_PER_SEC;

  while (PQping (conninfo) != PQPING_OK)
    {
      if (g_subprocess_get_identifier (self->server) == NULL || g_get_monotonic_time () > deadline)
        {
          g_autofree char *log_path = g_build_filename (self->dir, "server.log", NULL);
          g_autofree char *log = NULL;

          g_file_get_contents (log_path, &log, NULL, NULL);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "The PostgreSQL server in %s did not start: %s", self->dir, log ? log : "(no log)");
          return FALSE;
        }
      g_usleep (50 * 1000);
    }

  return TRUE;
}

static gboolean
start_server (EwsTestPostgres *self,
              gboolean         as_postgres,
              GError         **error)
{
  g_autoptr(GStrvBuilder) builder = command_as_cluster_user (as_postgres, "INT");
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_auto(GStrv) argv = NULL;

  g_strv_builder_add_many (builder, "/bin/sh", "-c", server_script, "sh", PG_BINDIR "/postgres", self->dir, NULL);
  argv = g_strv_builder_end (builder);

  g_subprocess_launcher_set_cwd (launcher, self->dir);
  self->server = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv, error);
  if (self->server == NULL)
    return FALSE;

  return wait_until_ready (self, error);
}

EwsTestPostgres *
ews_test_postgres_start (GError **error)
{
  g_autoptr(EwsTestPostgres) self = NULL;
  gboolean as_postgres = geteuid () == 0;

  if (!g_file_test (PG_BINDIR "/initdb", G_FILE_TEST_IS_EXECUTABLE) ||
      !g_file_test (PG_BINDIR "/postgres", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "PostgreSQL 15 is not installed (no %s/initdb); install Debian's postgresql package.",
                   PG_BINDIR);
      return NULL;
    }

  self = g_new0 (EwsTestPostgres, 1);

  /* In /tmp whatever TMPDIR says: the postgres user must reach it, and a
   * socket's path must stay under 108 bytes. */
  self->dir = g_strdup ("/tmp/ews-pg-XXXXXX");
  if (g_mkdtemp (self->dir) == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not make a directory for PostgreSQL: %s", g_strerror (saved_errno));
      g_clear_pointer (&self->dir, g_free);
      return NULL;
    }

  if (as_postgres)
    {
      struct passwd *postgres = getpwnam ("postgres");

      if (postgres == NULL || chown (self->dir, postgres->pw_uid, postgres->pw_gid) != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                       "Running as root, the tests run PostgreSQL as the postgres user, "
                       "which %s (install Debian's postgresql package).",
                       postgres == NULL ? "does not exist" : "could not be given its directory");
          return NULL;
        }
      self->user = g_strdup ("postgres");
    }
  else
    {
      self->user = g_strdup (g_get_user_name ());
    }

  if (!init_cluster (self, as_postgres, error) || !start_server (self, as_postgres, error))
    return NULL;

  return g_steal_pointer (&self);
}

char *
ews_test_postgres_new_database (EwsTestPostgres *self,
                                GError         **error)
{
  g_autofree char *conninfo = connection_string (self, "postgres");
  g_autofree char *name = g_strdup_printf ("ews_test_%u", ++self->n_databases);
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s", name);
  PGconn          *conn = PQconnectdb (conninfo);
  PGresult        *result = NULL;
  gboolean         ok;

  ok = PQstatus (conn) == CONNECTION_OK;
  if (ok)
    {
      result = PQexec (conn, create);
      ok = PQresultStatus (result) == PGRES_COMMAND_OK;
    }

  if (!ok)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not create the database %s: %s", name,
                 PQerrorMessage (conn));

  PQclear (result);
  PQfinish (conn);

  return ok ? connection_string (self, name) : NULL;
}

void
ews_test_postgres_stop_server (EwsTestPostgres *self)
{
  g_autofree char *pid_path = g_build_filename (self->dir, "data", "postmaster.pid", NULL);
  g_autofree char *conninfo = connection_string (self, "postgres");
  gint64           deadline = g_get_monotonic_time () + READY_TIMEOUT_SECONDS * G_USEC_PER_SEC;

  g_subprocess_send_signal (self->server, SIGUSR1);
  /* Gone when it no longer answers and has removed its pid file, so that
   * it can be started again at once. */
  while (PQping (conninfo) != PQPING_NO_RESPONSE || g_file_test (pid_path, G_FILE_TEST_EXISTS))
    {
      g_assert (g_get_monotonic_time () < deadline);
      g_usleep (20 * 1000);
    }
}

gboolean
ews_test_postgres_start_server (EwsTestPostgres *self,
                                GError         **error)
{
  g_subprocess_send_signal (self->server, SIGUSR2);
  return wait_until_ready (self, error);
}

void
ews_test_postgres_stop (EwsTestPostgres *self)
{
  if (self == NULL)
    return;

  if (self->server != NULL)
    {
      g_subprocess_send_signal (self->server, SIGINT);
      g_subprocess_wait (self->server, NULL, NULL);
      g_clear_object (&self->server);
    }
  else if (self->dir != NULL)
    {
      /* The server never started, so no shell removes what initdb made. */
      g_autofree char *command = g_strdup_printf ("rm -rf '%s'", self->dir);

      g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
    }

  g_free (self->dir);
  g_free (self->user);
  g_free (self);
}
