/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-test-server"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "ewe-test-server.h"

/* The path of the server binary comes from the build (see tests/meson.build),
 * overridable for running the tests against an installed server. */
static const char *
server_binary (void)
{
  const char *from_env = g_getenv ("EWELISTS_SERVER");

  return from_env != NULL ? from_env : EWELISTS_SERVER_BINARY;
}

void
ewe_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_remove (path);
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        ewe_test_remove_tree (child);
      else
        g_remove (child);
    }

  g_rmdir (path);
}

/* A test that fails aborts without stopping its server; the server would
 * then keep the test's output pipe open and meson would wait for it until
 * the timeout. Have the kernel stop it when the test dies. */
static void
die_with_parent (gpointer user_data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGTERM);
#endif
}

static gboolean
spawn (EweTestServer *server,
       guint16        port)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) stdout_lines = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *prefix = "Listening on ";

  g_ptr_array_add (argv, g_strdup (server_binary ()));
  g_ptr_array_add (argv, g_strdup_printf ("--listen=127.0.0.1:%u", port));
  g_ptr_array_add (argv, g_strdup_printf ("--data-dir=%s", server->data_dir));
  if (server->clock_offset_file != NULL)
    g_ptr_array_add (argv, g_strdup_printf ("--clock-offset-file=%s", server->clock_offset_file));
  /* The build tree's translations, not an installed copy's. */
  if (g_getenv ("EWE_TEST_LOCALEDIR") != NULL)
    g_ptr_array_add (argv, g_strdup_printf ("--locale-dir=%s", g_getenv ("EWE_TEST_LOCALEDIR")));
  for (guint i = 0; server->extra_args != NULL && server->extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (server->extra_args[i]));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server->process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);

  /* The server prints one line once it listens; everything after goes to
   * stderr, which the test log keeps. */
  stdout_lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (stdout_lines, NULL, NULL, &error);
  g_assert_no_error (error);

  if (line == NULL || !g_str_has_prefix (line, prefix))
    {
      g_test_message ("ewelists-server did not start: %s", line ? line : "(no output)");
      g_clear_object (&server->process);
      return FALSE;
    }

  g_free (server->base_url);
  server->base_url = g_strdup (line + strlen (prefix));
  uri = g_uri_parse (server->base_url, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  server->port = (guint16)g_uri_get_port (uri);

  return TRUE;
}

static gboolean real_clock;

/* The server reads its offset file on every reading of the clock (several
 * a request), which a benchmark must not count: production servers have no
 * such file. */
void
ewe_test_server_use_real_clock (void)
{
  real_clock = TRUE;
}

EweTestServer *
ewe_test_server_start_full (const char         *data_dir,
                            guint16             port,
                            const char * const *extra_args)
{
  g_autoptr(EweTestServer) server = g_new0 (EweTestServer, 1);
  g_autoptr(GError) error = NULL;

  if (data_dir != NULL)
    {
      server->data_dir = g_strdup (data_dir);
    }
  else
    {
      server->data_dir = g_dir_make_tmp ("ewelists-server-XXXXXX", &error);
      g_assert_no_error (error);
      server->owns_data_dir = TRUE;
    }

  server->extra_args = g_strdupv ((char **)extra_args);

  /* Outside the data directory, which may be the caller's. It holds a 0
   * from the start, as the server would warn about an empty file. */
  if (!real_clock)
    {
      int fd = g_file_open_tmp ("ewelists-server-clock-XXXXXX", &server->clock_offset_file, &error);

      g_assert_no_error (error);
      g_close (fd, NULL);
      g_file_set_contents (server->clock_offset_file, "0\n", -1, &error);
      g_assert_no_error (error);
    }

  if (!spawn (server, port))
    return NULL;

  return g_steal_pointer (&server);
}

EweTestServer *
ewe_test_server_start (const char * const *extra_args)
{
  return ewe_test_server_start_full (NULL, 0, extra_args);
}

/* Sends SIGTERM and returns the exit status (0 for a clean exit). */
int
ewe_test_server_stop (EweTestServer *server)
{
  g_autoptr(GError) error = NULL;
  int status;

  if (server->process == NULL)
    return 0;

  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);

  status = g_subprocess_get_if_exited (server->process)
             ? g_subprocess_get_exit_status (server->process)
             : 128 + g_subprocess_get_term_sig (server->process);
  g_clear_object (&server->process);

  return status;
}

/* Stops the server and starts it again on the same port and data dir. */
gboolean
ewe_test_server_restart (EweTestServer *server)
{
  g_assert_cmpint (ewe_test_server_stop (server), ==, 0);

  return spawn (server, server->port);
}

void
ewe_test_server_free (EweTestServer *server)
{
  if (server == NULL)
    return;

  if (server->process != NULL)
    ewe_test_server_stop (server);

  if (server->owns_data_dir)
    ewe_test_remove_tree (server->data_dir);
  if (server->clock_offset_file != NULL)
    g_remove (server->clock_offset_file);

  g_free (server->data_dir);
  g_free (server->clock_offset_file);
  g_free (server->base_url);
  g_strfreev (server->extra_args);
  g_free (server);
}

char *
ewe_test_server_url (EweTestServer *server,
                     const char    *path)
{
  return g_strconcat (server->base_url, path, NULL);
}

/* Written whole and renamed into place (g_file_set_contents()), so the
 * server never reads half a number. */
void
ewe_test_server_advance_clock (EweTestServer *server,
                               gint64         seconds)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpint (seconds, >, 0);
  g_assert_nonnull (server->clock_offset_file);

  server->clock_offset_s += seconds;
  text = g_strdup_printf ("%" G_GINT64_FORMAT "\n", server->clock_offset_s);
  g_file_set_contents (server->clock_offset_file, text, -1, &error);
  g_assert_no_error (error);
}
