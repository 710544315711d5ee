/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The per-request log lines (ews-request-log.c) go to standard error
 * through a buffer, written when it holds EWS_ACCESS_LOG_FLUSH_BYTES, at the
 * latest EWS_ACCESS_LOG_FLUSH_MS after its first line (a timeout on the
 * thread-default main context of whoever wrote that line), before a warning
 * or an error, and when the process exits or the server stops: a write()
 * per request was 4.6% of a cached GET's time under load. A crash loses at
 * most the last EWS_ACCESS_LOG_FLUSH_MS of lines. Any thread may write. */

#define EWS_ACCESS_LOG_FLUSH_MS    100
#define EWS_ACCESS_LOG_FLUSH_BYTES (16 * 1024)

/* Adds one line (the newline is added here); @at_once: write it and every
 * line before it now, as for a request that failed. */
void ews_access_log_printf (gboolean    at_once,
                            const char *format,
                            ...) G_GNUC_PRINTF (2, 3);
void ews_access_log_append (gboolean    at_once,
                            const char *line);

/* Writes what is buffered now. */
void ews_access_log_flush  (void);

G_END_DECLS
