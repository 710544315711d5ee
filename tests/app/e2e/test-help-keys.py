#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Ewelists developers
"""Help with real keys, read over AT-SPI (issue 14).

F1 in the main window opens Help; a screen reader finds the list of
topics and every topic in it (a list item) by its name, and no control in
Help goes unnamed; typing searches, and
Escape clears the search, then closes Help. Keys are typed for real with
xdotool.

Run inside build-aux/test-session.sh; see e2e_common.py.
"""

import subprocess
import sys

from e2e_common import Failure, Run, find_all, log, run_single, toplevel, unnamed_controls, wait_for, walk

TOPICS = ["Create a List", "Add Gifts", "Share a List", "Reserve a Gift", "Offline and Sync", "Sign In",
          "Co-owners", "Surprise and Reveal Date", "Received Gifts and Thank-yous", "Archive a List",
          "As Many as You Like", "Most Wanted", "Currency", "Print"]


def search_text(help_window):
    """The search field's text: GTK 4.8 names the search entry, and holds
    the text in the entry's unnamed text child."""
    for node in find_all(help_window, "entry", name="Search Help"):
        for candidate in walk(node):
            try:
                text = candidate.queryText()
            except NotImplementedError:
                continue
            return text.getText(0, text.characterCount)
    return None


class HelpRun(Run):
    def run(self):
        self.start()
        self.focus("Ewelists")
        self.key("F1")
        help_window = wait_for("Help", lambda: toplevel(self.app, "Help"))
        self.place_dialog("Help")

        for topic in TOPICS:
            wait_for(f"the topic {topic!r}", lambda: find_all(help_window, "list item", name=topic), 10)
        if not find_all(help_window, "list", name="Help Topics"):
            raise Failure("no list named Help Topics")
        unnamed, seen = unnamed_controls(help_window)
        log(f"{seen} controls in Help, {len(unnamed)} without a name")
        if unnamed:
            raise Failure(f"controls without a name in Help: {unnamed}")

        subprocess.run(["xdotool", "type", "--delay", "60", "nappies"])
        wait_for("the search to hold what was typed", lambda: search_text(help_window) == "nappies", 10)
        self.shot("help-searched")
        self.key("Escape")
        wait_for("Escape to clear the search", lambda: search_text(help_window) == "", 10)
        self.key("Escape")
        wait_for("Escape to close Help", lambda: toplevel(self.app, "Help") is None, 10)


def main():
    return run_single(HelpRun, "help-keys", "F1 opens Help, its topics are named, Escape closes it")


if __name__ == "__main__":
    sys.exit(main())
