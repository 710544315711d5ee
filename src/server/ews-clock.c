/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-clock"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <string.h>

#include "ews-clock.h"

/* An offset file holding more than this is not one a test wrote. */
#define OFFSET_FILE_MAX_LENGTH 64
/* A hundred years either way: far beyond what a test needs, and far from
 * where microseconds since the epoch overflow a gint64. */
#define OFFSET_MAX_SECONDS (100.0 * 366 * 24 * 60 * 60)

struct _EwsClock
{
  GObject parent_instance;

  /* owned */
  char   *offset_file; /* NULL: no offset */

  /* Warn about a bad offset file once, not on every reading; atomic, as
   * any thread may read the clock. */
  gint    warned;
};

G_DEFINE_FINAL_TYPE (EwsClock, ews_clock, G_TYPE_OBJECT)

static void
ews_clock_finalize (GObject *object)
{
  EwsClock *self = (EwsClock *)object;

  g_clear_pointer (&self->offset_file, g_free);

  G_OBJECT_CLASS (ews_clock_parent_class)->finalize (object);
}

static void
ews_clock_class_init (EwsClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ews_clock_finalize;
}

static void
ews_clock_init (EwsClock *self)
{
}

EwsClock *
ews_clock_new (const char *offset_file)
{
  EwsClock *self = g_object_new (EWS_TYPE_CLOCK, NULL);

  self->offset_file = g_strdup (offset_file);
  /* In the log, so that a server started so by mistake is noticed. */
  if (offset_file != NULL)
    g_message ("The clock of tokens, codes, lockouts and rate limits is moved by the seconds in %s "
               "(--clock-offset-file, for tests only)",
               offset_file);

  return self;
}

static gboolean
parse_offset (const char *text,
              gint64     *offset_us,
              GError    **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  char            *end = NULL;
  double           seconds;

  errno = 0;
  seconds = g_ascii_strtod (trimmed, &end);
  /* Written so that NaN and the infinities fail it too. */
  if (trimmed[0] == '\0' || *end != '\0' || errno != 0 ||
      !(seconds >= -OFFSET_MAX_SECONDS && seconds <= OFFSET_MAX_SECONDS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "“%s” is not a number of seconds within a hundred years", trimmed);
      return FALSE;
    }

  *offset_us = (gint64)(seconds * G_USEC_PER_SEC);
  return TRUE;
}

/* Read on every reading of the clock rather than when the file's mtime
 * changes: two writes within one timestamp tick would look like one, and
 * only tests ever name the file, so the cost of a small read is theirs. A
 * missing file is no offset, so the test may write it only when it first
 * moves time on. */
static gint64
read_offset (EwsClock *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize            length = 0;
  gint64           offset_us = 0;

  if (!g_file_get_contents (self->offset_file, &text, &length, &error))
    {
      if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return 0;
    }
  else if (length > OFFSET_FILE_MAX_LENGTH || strlen (text) != length)
    {
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "more than a number of seconds in it");
    }
  else if (parse_offset (text, &offset_us, &error))
    {
      g_atomic_int_set (&self->warned, FALSE);
      return offset_us;
    }

  if (g_atomic_int_compare_and_exchange (&self->warned, FALSE, TRUE))
    g_warning ("Ignoring the clock offset file %s (%s): write a number of seconds in it, "
               "or stop passing --clock-offset-file",
               self->offset_file, error->message);
  return 0;
}

gint64
ews_clock_get_real_time (EwsClock *self)
{
  g_return_val_if_fail (EWS_IS_CLOCK (self), g_get_real_time ());

  if (self->offset_file == NULL)
    return g_get_real_time ();

  return g_get_real_time () + read_offset (self);
}

gint64
ews_clock_get_unix_seconds (EwsClock *self)
{
  return ews_clock_get_real_time (self) / G_USEC_PER_SEC;
}

gint64
ews_clock_get_unix_milliseconds (EwsClock *self)
{
  return ews_clock_get_real_time (self) / 1000;
}
