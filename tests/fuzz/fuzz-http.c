/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

/* libFuzzer target: whatever bytes a client sends, through the whole
 * request path of a real server in this process (libsoup's parser, the
 * connection limits, path normalisation, the router, every route's body
 * and token parsing, the sign-in API). Each input is sent on a new
 * loopback connection, which is then half-closed; the server must answer
 * or hang up, and never crash. */

#include "config.h"

#include <glib/gstdio.h>
#include <stdint.h>

#include "ews-server.h"

/* An input the server has not finished with by then is given up on (a
 * sign-up's password hash takes tens of milliseconds under ASan). */
#define GIVE_UP_US (3 * G_USEC_PER_SEC)

int               LLVMFuzzerInitialize (int    *argc,
                                        char ***argv);
int               LLVMFuzzerTestOneInput (const uint8_t *data,
                                          size_t         size);

static EwsServer *server;

static void
remove_data_dir (void)
{
  g_autofree char *command = NULL;
  const char      *dir = g_getenv ("EWS_FUZZ_DATA_DIR");

  if (dir != NULL && g_str_has_prefix (dir, g_get_tmp_dir ()))
    {
      command = g_strdup_printf ("rm -rf '%s'", dir);
      (void)!system (command);
    }
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(EwsConfig) config = ews_config_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = g_dir_make_tmp ("ews-fuzz-XXXXXX", &error);

  g_assert_no_error (error);
  g_setenv ("EWS_FUZZ_DATA_DIR", data_dir, TRUE);
  atexit (remove_data_dir);

  g_free (config->listen);
  config->listen = g_strdup ("127.0.0.1:0");
  g_free (config->data_dir);
  config->data_dir = g_strdup (data_dir);
  /* One client sends everything: no cap may refuse it. */
  config->max_connections_per_client = config->max_connections;

  server = ews_server_new (config);
  if (!ews_server_start (server, &error))
    g_error ("Could not start the server: %s", error->message);

  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, ews_server_get_port (server));
  g_autoptr(GError) error = NULL;
  gint64   give_up = g_get_monotonic_time () + GIVE_UP_US;
  gsize    sent = 0;
  gboolean closed = FALSE;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  /* The kernel completes the handshake while the server's loop sleeps. */
  g_socket_connect (socket, address, NULL, &error);
  g_assert_no_error (error);
  g_socket_set_blocking (socket, FALSE);

  while (!closed && g_get_monotonic_time () < give_up)
    {
      char   answer[4096];
      gssize got;

      if (sent < size)
        {
          gssize wrote = g_socket_send (socket, (const char *)data + sent, size - sent, NULL, NULL);

          if (wrote > 0)
            sent += (gsize)wrote;
          if (sent == size)
            g_socket_shutdown (socket, FALSE, TRUE, NULL);
        }
      else if (size == 0)
        {
          g_socket_shutdown (socket, FALSE, TRUE, NULL);
          sent = 1;
        }

      g_main_context_iteration (NULL, FALSE);

      got = g_socket_receive (socket, answer, sizeof answer, NULL, &error);
      if (got == 0 || (got < 0 && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK)))
        closed = TRUE;
      g_clear_error (&error);

      if (!closed && got < 0)
        g_usleep (100);
    }

  return 0;
}
