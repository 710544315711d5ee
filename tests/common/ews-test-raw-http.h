/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gio/gio.h>

#include "ewe-test-server.h"

G_BEGIN_DECLS

/* HTTP spoken by hand, for the tests that must send what no polite client
 * would: bodies that never end, headers a line at a time, paths spelt
 * oddly. Everything here blocks; the tests that need several clients at
 * once run them in threads. */

/* A TCP connection to @server from @source_ip (any loopback address works
 * on Linux: 127.0.0.2 is another "client" than 127.0.0.1). */
GSocketConnection *ews_test_raw_connect        (EweTestServer     *server,
                                                const char        *source_ip);
gboolean           ews_test_raw_send           (GSocketConnection *connection,
                                                const void        *data,
                                                gsize              length,
                                                GError           **error);
/* Reads until the server closes the connection (or @timeout_ms passes:
 * then returns NULL with G_IO_ERROR_TIMED_OUT). */
GBytes            *ews_test_raw_read_all       (GSocketConnection *connection,
                                                guint              timeout_ms,
                                                GError           **error);
/* The status code of a response's first line, 0 when there is none. */
guint              ews_test_raw_status         (GBytes            *response);
/* Whether the server closed the connection within @timeout_ms (any answer
 * it wrote first is read and dropped). */
gboolean           ews_test_raw_wait_closed    (GSocketConnection *connection,
                                                guint              timeout_ms);
/* A line of /proc/PID/status of @server's process ("VmRSS", "VmHWM"), in KiB. */
gsize              ews_test_raw_server_status_kib (EweTestServer  *server,
                                                   const char     *field);

/* The start of a POST /api/contact whose body is @length bytes (or chunked,
 * of no stated length), from 127.0.0.1; then ews_test_raw_send_body(). */
GSocketConnection *ews_test_raw_start_upload   (EweTestServer     *server,
                                                gboolean           chunked,
                                                gsize              length);
/* Sends up to @length bytes of body in 64 KiB blocks (chunks when
 * @chunked) until the server stops taking them; returns how many it took. */
gsize              ews_test_raw_send_body      (GSocketConnection *connection,
                                                gboolean           chunked,
                                                gsize              length);

/* A 100 MB upload on a thread of its own, for several at once. */
typedef struct
{
  EweTestServer *server;
  gboolean       chunked;
  gsize          sent;      /* set when done */
  gint           done;      /* atomic */
} EwsTestUpload;

gpointer           ews_test_raw_upload_thread  (gpointer           upload);

#define EWS_TEST_RAW_HUNDRED_MB (100 * 1024 * 1024)
#define EWS_TEST_RAW_BLOCK      (64 * 1024)

G_END_DECLS
