/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-browser-sign-in"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ewe-auth.h"
#include "ewe-browser-sign-in-private.h"

/* Where the browser comes back to (ewe-browser-sign-in.c has the flow).
 *
 * Port 0, the default: a port the kernel picks on 127.0.0.1, and the
 * redirect URI names 127.0.0.1 (never `localhost`, which may resolve
 * elsewhere, RFC 8252 §8.3); ewelists-server's desktop client takes any
 * loopback port (§7.3).
 *
 * A fixed port: for a real Cognito pool, which compares callback URLs
 * whole, port included, and takes plain http only for `localhost`
 * (http://127.0.0.1 is refused as a callback URL there). So the redirect
 * URI is http://localhost:PORT/callback, exactly what the app client
 * registers, and the listener takes both loopback addresses, since a
 * browser may resolve `localhost` to either. */

/* Listens for the browser on @port (0 for any) with @handler; sets
 * @redirect_uri to the address the browser must be sent back to. A port
 * already taken by another program is EWE_AUTH_ERROR_PORT_IN_USE. */
SoupServer *
ewe_browser_sign_in_listen (guint              port,
                            SoupServerCallback handler,
                            gpointer           user_data,
                            char             **redirect_uri,
                            GError           **error)
{
  g_autoptr(SoupServer) listener = soup_server_new ("server-header", NULL, NULL);
  g_autoptr(GError) local_error = NULL;
  g_autoslist(GUri) uris = NULL;

  g_return_val_if_fail (port <= G_MAXUINT16, NULL);

  soup_server_add_handler (listener, "/", handler, user_data, NULL);

  if (port == 0)
    {
      if (!soup_server_listen_local (listener, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &local_error))
        {
          g_set_error (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_FAILED,
                       _("Could not wait for the browser on this computer: %s"), local_error->message);
          return NULL;
        }
      uris = soup_server_get_uris (listener);
      *redirect_uri = g_strdup_printf ("http://127.0.0.1:%d" EWE_BROWSER_SIGN_IN_CALLBACK_PATH, g_uri_get_port (uris->data));
      return g_steal_pointer (&listener);
    }

  /* Both 127.0.0.1 and ::1 (where the machine has IPv6). */
  if (!soup_server_listen_local (listener, port, 0, &local_error))
    {
      /* Nothing here listens half: the browser could land on the half
       * that is someone else's. */
      soup_server_disconnect (listener);
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
        g_set_error (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_PORT_IN_USE,
                     _("Port %u is in use. Close the program using it, or choose another port in Preferences."),
                        port);
      else
        g_set_error (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_FAILED,
                     _("Could not wait for the browser on port %u: %s"), port, local_error->message);
      return NULL;
    }
  *redirect_uri = g_strdup_printf ("http://localhost:%u" EWE_BROWSER_SIGN_IN_CALLBACK_PATH, port);

  return g_steal_pointer (&listener);
}
