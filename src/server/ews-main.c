/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewelists-server"

#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>

#include "ews-access-log.h"
#include "ews-admin.h"
#include "ews-config.h"
#include "ews-server.h"

typedef struct
{
  GMainLoop *loop;
  EwsServer *server;
  int        exit_status;
} ServerRun;

static void
shutdown_done_cb (gpointer user_data)
{
  ServerRun *run = user_data;

  g_main_loop_quit (run->loop);
}

static gboolean
quit_signal_cb (gpointer user_data)
{
  ServerRun *run = user_data;

  /* The access lines before it, then the line. */
  ews_access_log_flush ();
  g_printerr ("Shutting down: finishing requests under way…\n");
  ews_server_shutdown (run->server, G_CALLBACK (shutdown_done_cb), run);

  return G_SOURCE_CONTINUE;
}

/* Warnings and errors go out at once, after the access lines before them
 * (which wait in a buffer), so that the log keeps its order. */
static GLogWriterOutput
log_writer_cb (GLogLevelFlags   log_level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  if ((log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE)) != 0)
    ews_access_log_flush ();

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(EwsConfig) config = ews_config_new ();
  g_autoptr(EwsServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *metrics_url = NULL;
  ServerRun        run = { 0 };
  int              admin_index = 0;

  setlocale (LC_ALL, "");
  g_set_prgname ("ewelists-server");
  g_log_set_writer_func (log_writer_cb, NULL, NULL);

  /* `admin …` and what follows it are the admin command's own arguments;
   * the server's options (--data-dir, --config) come before it. */
  for (int i = 1; i < argc; i++)
    {
      if (g_strcmp0 (argv[i], "admin") == 0)
        {
          admin_index = i;
          break;
        }
    }

  if (admin_index > 0)
    {
      /* Copied first: parsing rearranges argv. */
      g_auto(GStrv) admin_argv = g_strdupv (argv + admin_index + 1);
      int server_argc = admin_index;

      if (!ews_config_parse (config, &server_argc, &argv, &error))
        {
          g_printerr ("ewelists-server: %s\n", error->message);
          return 2;
        }

      return ews_admin_run (config, (int)g_strv_length (admin_argv), admin_argv);
    }

  if (!ews_config_parse (config, &argc, &argv, &error))
    {
      g_printerr ("ewelists-server: %s\n", error->message);
      return 2;
    }

  server = ews_server_new (config);
  if (!ews_server_start (server, &error))
    {
      g_printerr ("ewelists-server: %s\n", error->message);
      return 1;
    }

  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  run.server = server;

  g_unix_signal_add (SIGTERM, quit_signal_cb, &run);
  g_unix_signal_add (SIGINT, quit_signal_cb, &run);

  /* Tests and scripts read this line to learn the port when it was 0. */
  base_url = ews_server_dup_base_url (server);
  g_print ("Listening on %s\n", base_url);
  metrics_url = ews_server_dup_metrics_url (server);
  if (metrics_url != NULL)
    g_print ("Metrics on %s\n", metrics_url);
  fflush (stdout);

  g_main_loop_run (loop);

  /* Stopped cleanly: the last requests' lines are written before the
   * server's objects go (an exit handler would write them too). */
  ews_access_log_flush ();
  return run.exit_status;
}
