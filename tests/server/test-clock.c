/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <glib/gstdio.h>

#include "ews-clock.h"

/* The offset file of --clock-offset-file, read alone: what it moves the
 * clock by, and that a file the server cannot read moves it by nothing.
 * Times are compared with a margin, as the system clock runs on between
 * two readings. */

#define MARGIN_US (10 * G_USEC_PER_SEC)

typedef struct
{
  char     *path;
  EwsClock *clock;
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  int fd = g_file_open_tmp ("ewelists-test-clock-XXXXXX", &fixture->path, &error);

  g_assert_no_error (error);
  g_close (fd, NULL);
  g_remove (fixture->path);
  fixture->clock = ews_clock_new (fixture->path);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_remove (fixture->path);
  g_clear_pointer (&fixture->path, g_free);
  g_clear_object (&fixture->clock);
}

static void
write_offset (Fixture    *fixture,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (fixture->path, text, -1, &error);
  g_assert_no_error (error);
}

static void
assert_offset (Fixture *fixture,
               gint64   offset_s)
{
  gint64 before = g_get_real_time ();
  gint64 now = ews_clock_get_real_time (fixture->clock);
  gint64 after = g_get_real_time ();

  g_assert_cmpint (now, >=, before + offset_s * G_USEC_PER_SEC);
  g_assert_cmpint (now, <=, after + offset_s * G_USEC_PER_SEC + MARGIN_US);
  g_assert_cmpint (ews_clock_get_unix_seconds (fixture->clock) - after / G_USEC_PER_SEC, >=, offset_s - 1);
}

static void
test_system_clock (void)
{
  g_autoptr(EwsClock) clock = ews_clock_new (NULL);
  gint64 before = g_get_real_time ();
  gint64 now = ews_clock_get_real_time (clock);

  g_assert_cmpint (now, >=, before);
  g_assert_cmpint (now, <=, g_get_real_time ());
}

static void
test_offset_is_read_again (Fixture      *fixture,
                           gconstpointer data)
{
  /* No file yet: no offset. */
  assert_offset (fixture, 0);

  write_offset (fixture, "3600\n");
  assert_offset (fixture, 3600);

  /* Written again at once, within one timestamp tick: still seen. */
  write_offset (fixture, "86400");
  assert_offset (fixture, 86400);

  write_offset (fixture, " -60 ");
  assert_offset (fixture, -60);
}

static void
test_bad_file_is_no_offset (Fixture      *fixture,
                            gconstpointer data)
{
  const char *bad[] = { "", "soon", "12 hours", "nan", "inf", "1e300", "36000000000" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(EwsClock) clock = ews_clock_new (fixture->path);

      g_set_object (&fixture->clock, clock);
      write_offset (fixture, bad[i]);
      /* Said once, not at every reading. */
      g_test_expect_message ("ews-clock", G_LOG_LEVEL_WARNING, "Ignoring the clock offset file*");
      assert_offset (fixture, 0);
      assert_offset (fixture, 0);
      g_test_assert_expected_messages ();
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/clock/system", test_system_clock);
  g_test_add ("/server/clock/offset-is-read-again", Fixture, NULL,
              fixture_set_up, test_offset_is_read_again, fixture_tear_down);
  g_test_add ("/server/clock/bad-file-is-no-offset", Fixture, NULL,
              fixture_set_up, test_bad_file_is_no_offset, fixture_tear_down);

  return g_test_run ();
}
