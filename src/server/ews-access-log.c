/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-access-log"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "ews-access-log.h"

/* One buffer for the process, as there is one standard error. */
static GMutex   lock;
static GString *pending;      /* lines not written yet */
static GSource *flush_source; /* the timeout that writes them, while there are some */

static void
write_pending_locked (void)
{
  if (pending != NULL && pending->len > 0)
    {
      /* Standard error is unbuffered: one write for all the lines. */
      fwrite (pending->str, 1, pending->len, stderr);
      g_string_truncate (pending, 0);
    }

  if (flush_source != NULL)
    {
      g_source_destroy (flush_source);
      g_clear_pointer (&flush_source, g_source_unref);
    }
}

void
ews_access_log_flush (void)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);

  write_pending_locked ();
}

static void
flush_at_exit (void)
{
  ews_access_log_flush ();
}

static gboolean
flush_cb (gpointer user_data)
{
  ews_access_log_flush ();
  return G_SOURCE_REMOVE;
}

/* Called with the lock held, after a line was added to pending. */
static void
line_added_locked (gboolean at_once)
{
  if (at_once || pending->len >= EWS_ACCESS_LOG_FLUSH_BYTES)
    {
      write_pending_locked ();
      return;
    }

  if (flush_source == NULL)
    {
      flush_source = g_timeout_source_new (EWS_ACCESS_LOG_FLUSH_MS);
      g_source_set_callback (flush_source, flush_cb, NULL, NULL);
      g_source_set_static_name (flush_source, "[ewelists] access log flush");
      g_source_attach (flush_source, g_main_context_get_thread_default ());
    }
}

/* Called with the lock held. */
static void
ensure_pending_locked (void)
{
  if (pending != NULL)
    return;

  pending = g_string_sized_new (EWS_ACCESS_LOG_FLUSH_BYTES + 1024);
  /* exit() and a return from main write the last lines too. */
  atexit (flush_at_exit);
}

void
ews_access_log_printf (gboolean    at_once,
                       const char *format,
                       ...)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);
  va_list args;

  ensure_pending_locked ();
  va_start (args, format);
  g_string_append_vprintf (pending, format, args);
  va_end (args);
  g_string_append_c (pending, '\n');
  line_added_locked (at_once);
}

void
ews_access_log_append (gboolean    at_once,
                       const char *line)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);

  ensure_pending_locked ();
  g_string_append (pending, line);
  g_string_append_c (pending, '\n');
  line_added_locked (at_once);
}
