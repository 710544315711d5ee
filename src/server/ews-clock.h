/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The one clock that the server's time rules read: token lifetimes and
 * expiry, e-mailed codes, sign-in lockouts and rate limits. It is the system
 * clock, plus, for tests only, an offset in seconds read from a file that
 * the process starting the server names on its command line
 * (--clock-offset-file). A test moves the server's time forward by writing
 * that file instead of sleeping. Nothing reachable over the network can
 * change the offset: only whoever can already write the server's files and
 * choose its arguments. */

#define EWS_TYPE_CLOCK (ews_clock_get_type ())

G_DECLARE_FINAL_TYPE (EwsClock, ews_clock, EWS, CLOCK, GObject)

/* @offset_file: NULL for the system clock as it is. */
EwsClock *ews_clock_new                   (const char *offset_file);
/* Microseconds since the epoch, like g_get_real_time(). */
gint64    ews_clock_get_real_time         (EwsClock   *self);
gint64    ews_clock_get_unix_seconds      (EwsClock   *self);
gint64    ews_clock_get_unix_milliseconds (EwsClock   *self);

G_END_DECLS
