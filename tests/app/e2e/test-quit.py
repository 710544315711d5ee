#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Ewelists developers
"""Ctrl+Q quits at once, with a sync waiting on the server and a dialog in
front (issue 16).

The app's accelerators reach only its own windows, so Ctrl+Q pressed in a
dialog did nothing and the app ran on until it was killed. The story
signs up, makes a list, stops the server with SIGSTOP (it still accepts
connections, so the sync started with Ctrl+R waits for an answer that
does not come), opens Add Gift with its shortcut and presses Ctrl+Q
there. The app must be gone within three seconds: the local store holds
everything, and the outbox goes out on the next start.

Run inside build-aux/test-session.sh; see e2e_common.py.
"""

import os
import signal
import subprocess
import sys
import time

from e2e_common import Failure, Run, log, run_single, toplevel, wait_for


class QuitRun(Run):
    def run(self):
        self.start()
        self.sign_up("quit@example.com")
        self.focus("Ewelists")
        self.key("ctrl+n")
        wait_for("New List", lambda: toplevel(self.app, "New List"))
        self.place_dialog("New List")
        subprocess.run(["xdotool", "type", "--delay", "40", "Waiting to sync"])
        self.key("Return")
        wait_for("the editor to close", lambda: toplevel(self.app, "New List") is None)

        server = self.processes[1]
        os.kill(server.pid, signal.SIGSTOP)
        try:
            self.focus("Ewelists")
            self.key("ctrl+r")
            self.key("ctrl+shift+a")
            wait_for("Add Gift", lambda: toplevel(self.app, "Add Gift"))
            self.place_dialog("Add Gift")
            self.shot("quit-from-a-dialog")
            start = time.monotonic()
            self.key("ctrl+q")
            try:
                self.app_process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                raise Failure("the app still runs 30 s after Ctrl+Q")
            took = time.monotonic() - start
            log(f"the app quit {took:.1f} s after Ctrl+Q")
            if took > 3:
                raise Failure(f"the app took {took:.1f} s to quit")
        finally:
            os.kill(server.pid, signal.SIGCONT)


def main():
    return run_single(QuitRun, "quit", "Ctrl+Q quits at once from a dialog, with a sync in flight")


if __name__ == "__main__":
    sys.exit(main())
