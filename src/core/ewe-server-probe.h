/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define EWE_SERVER_PROBE_ERROR (ewe_server_probe_error_quark ())

typedef enum
{
  EWE_SERVER_PROBE_ERROR_INVALID_URL,    /* not an http(s) address */
  EWE_SERVER_PROBE_ERROR_NETWORK,        /* no answer: refused, DNS, TLS, timeout */
  EWE_SERVER_PROBE_ERROR_NOT_EWELISTS,   /* it answered, but not as an ewelists-server */
} EweServerProbeError;

GQuark  ewe_server_probe_error_quark  (void);
char   *ewe_server_normalize_url      (const char           *text,
                                       GError              **error);
void    ewe_server_probe_async        (const char           *server_url,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
char   *ewe_server_probe_finish       (GAsyncResult         *result,
                                       GError              **error);

G_END_DECLS
