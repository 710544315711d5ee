#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Ewelists developers
"""An app that dies in a story leaves its output and a backtrace in the
story's log (issue 10).

The app is started as the stories start it, with EWE_TEST_CRASH_AFTER_MS
set: a few seconds in, ewe_application_crash_for_tests() raises SIGSEGV.
The run must notice the app is gone, and its output must hold the
backtrace that names that function.

Run inside build-aux/test-session.sh; see e2e_common.py.
"""

import shutil
import sys

from e2e_common import Failure, Run, log, run_single, wait_for


class CrashRun(Run):
    app_env = {"EWE_TEST_CRASH_AFTER_MS": "4000"}

    def run(self):
        try:
            self.start()
            wait_for("something that never comes", lambda: False, 60, self.app_process)
        except Failure as error:
            log(f"as expected: {error}")
        else:
            raise Failure("the app did not die")
        output = self.app_output()
        for expected in ("EWE_TEST_CRASH_AFTER_MS: crashing on purpose", "SIGSEGV",
                         "the backtrace of every thread", "ewe_application_crash_for_tests"):
            if expected not in output:
                raise Failure(f"the app's output lacks {expected!r}")


def main():
    if shutil.which("gdb") is None:
        print("1..0 # SKIP no gdb: the app runs bare", flush=True)
        return 77
    return run_single(CrashRun, "crash-backtrace", "the crashed app's output and backtrace are in the log")


if __name__ == "__main__":
    sys.exit(main())
