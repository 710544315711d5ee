/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

/* Linked into every app test: when the test process dies from a signal (a
 * crash, a failed assertion's abort, a fatal critical's breakpoint), gdb
 * attaches in batch mode and prints the backtrace of every thread to
 * stderr before the process dies as it would have, so the test's log says
 * where. Without gdb it does nothing.
 *
 * A GTest subprocess (g_test_trap_subprocess) is meant to die, and does so
 * quietly unless EWE_TEST_BACKTRACE_IN_SUBPROCESS is set. Under
 * AddressSanitizer, which reports faults itself, only aborts and
 * breakpoints are caught. */

#include "config.h"

#include <glib.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ewe-test-backtrace.h"

static char gdb_path[PATH_MAX];

static void
backtrace_handler (int sig)
{
  char  pid[32];
  pid_t child;

  if (g_test_subprocess () && g_getenv ("EWE_TEST_BACKTRACE_IN_SUBPROCESS") == NULL)
    {
      raise (sig);
      return;
    }

  snprintf (pid, sizeof pid, "%d", (int)getpid ());
  fprintf (stderr, "\n==== the test died from signal %d (%s): the backtrace of every thread ====\n",
           sig, strsignal (sig));
  fflush (stderr);

  child = fork ();
  if (child == 0)
    {
      dup2 (STDERR_FILENO, STDOUT_FILENO);
      execl (gdb_path, "gdb", "-q", "-nx", "-batch", "-p", pid,
             "-ex", "set print thread-events off",
             "-ex", "thread apply all bt",
             (char *)NULL);
      _exit (127);
    }
  else if (child > 0)
    {
      waitpid (child, NULL, 0);
    }

  fprintf (stderr, "==== end of the backtraces ====\n");
  fflush (stderr);

  /* The handler was reset to the default and the signal is not blocked
   * (SA_RESETHAND | SA_NODEFER): this ends the process as the signal would
   * have. */
  raise (sig);
}

__attribute__ ((constructor)) static void
ewe_test_backtrace_install (void)
{
  static const int fatal_signals[] = {
#ifndef EWE_TEST_ASAN
    SIGSEGV,
    SIGBUS,
    SIGFPE,
    SIGILL,
#endif
    SIGABRT,
    SIGTRAP,
  };
  g_autofree char *gdb = g_find_program_in_path ("gdb");

  if (gdb == NULL || strlen (gdb) >= sizeof gdb_path)
    return;
  strcpy (gdb_path, gdb);

#ifdef PR_SET_PTRACER
  /* Under Yama's ptrace_scope 1 only an ancestor may attach; let our gdb. */
  prctl (PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0);
#endif

  for (guint i = 0; i < G_N_ELEMENTS (fatal_signals); i++)
    {
      struct sigaction action = { 0 };

      action.sa_handler = backtrace_handler;
      action.sa_flags = SA_RESETHAND | SA_NODEFER;
      sigemptyset (&action.sa_mask);
      sigaction (fatal_signals[i], &action, NULL);
    }
}
