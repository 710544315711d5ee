/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

/* An app test that dies leaves a backtrace in its log
 * (tests/common/ewe-test-backtrace.c, linked into every app test). */

#include "config.h"

#include <glib.h>
#include <signal.h>

#include "ewe-test-backtrace.h"

/* Not static and never inlined, so that the backtrace names it. */
G_GNUC_NO_INLINE void ewe_test_crash_here (void);

G_GNUC_NO_INLINE void
ewe_test_crash_here (void)
{
  raise (SIGSEGV);
}

static void
test_crash_has_backtrace (void)
{
  g_autofree char *gdb = g_find_program_in_path ("gdb");

  if (gdb == NULL)
    {
      g_test_skip ("no gdb");
      return;
    }

  if (g_test_subprocess ())
    {
      ewe_test_crash_here ();
      return;
    }

  g_setenv ("EWE_TEST_BACKTRACE_IN_SUBPROCESS", "1", TRUE);
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_unsetenv ("EWE_TEST_BACKTRACE_IN_SUBPROCESS");

  g_test_trap_assert_failed ();
#ifdef EWE_TEST_ASAN
  /* AddressSanitizer keeps SIGSEGV for itself, and its report is the
   * backtrace (tests/common/ewe-test-backtrace.c leaves it alone). */
  g_test_trap_assert_stderr ("*AddressSanitizer*SEGV*");
  g_test_trap_assert_stderr ("*ewe_test_crash_here*");
#else
  g_test_trap_assert_stderr ("*the test died from signal 11*");
  g_test_trap_assert_stderr ("*ewe_test_crash_here*");
  g_test_trap_assert_stderr ("*end of the backtraces*");
#endif
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/backtrace/crash", test_crash_has_backtrace);

  return g_test_run ();
}
