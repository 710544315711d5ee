#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Ewelists developers
"""A newcomer's first minute, with the keyboard only (issue 16).

Ctrl+N opens New List with the focus in its title field, so what the user
types is the title and Enter creates the list; the list page's Add Gift
shortcut opens the gift editor focused on the address, Alt+T ("Type It In
Yourself") moves to the form, and every word typed after it lands in the
gift's name. Focus is read from the accessibility tree (the accessible
that says it is focused), keys are typed for real with xdotool.

Run inside build-aux/test-session.sh; see e2e_common.py.
"""

import subprocess
import sys

import pyatspi

from e2e_common import Failure, Run, accessible_name, find_all, log, run_single, toplevel, wait_for, walk


def focused(root):
    for node in walk(root):
        try:
            if node.getState().contains(pyatspi.STATE_FOCUSED):
                return node
        except Exception:
            continue
    return None


def text_of(node):
    text = node.queryText()
    return text.getText(0, text.characterCount)


class KeyboardRun(Run):
    def type(self, text):
        subprocess.run(["xdotool", "type", "--delay", "60", text])

    def check_focus(self, window, what, prefix):
        """GTK 4.8 reports the focused state of buttons but not of the text
        inside an AdwEntryRow: a field is checked by what typing does, any
        other focused control by its name."""
        node = focused(window)
        if node is not None and not accessible_name(node).startswith(prefix):
            raise Failure(f"the focus is on {node.getRoleName()} {node.name!r}, not in {what}")

    def typed_into(self, window, what, prefix, text):
        self.check_focus(window, what, prefix)
        self.type(text)
        def value():
            return [text_of(n) for n in find_all(window, "text", prefix=prefix) if text_of(n)]
        try:
            return wait_for(f"{text!r} in {what}", lambda: text in value(), 10)
        except Failure:
            raise Failure(f"typing {text!r} left {what} holding {value()}")

    def run(self):
        self.start()
        self.focus("Ewelists")
        self.key("ctrl+n")
        editor = wait_for("New List", lambda: toplevel(self.app, "New List"))
        self.place_dialog("New List")
        self.typed_into(editor, "the list's title field", "Title", "Ada's Birthday")
        self.shot("new-list-typed")
        self.key("Return")
        wait_for("the editor to close", lambda: toplevel(self.app, "New List") is None)
        wait_for("the list's page", lambda: find_all(self.window, "label", name="Ada's Birthday"))

        # Add Gift is in the header bar and has a shortcut.
        self.in_window("push button", prefix="Add Gift")
        self.focus("Ewelists")
        self.key("ctrl+shift+a")
        editor = wait_for("Add Gift", lambda: toplevel(self.app, "Add Gift"))
        self.place_dialog("Add Gift")
        self.typed_into(editor, "the product's address", "Product Address", "https://shop.example/skates")
        self.key("alt+t")
        self.typed_into(editor, "the gift's name", "Name", "Rocket skates")
        self.shot("gift-typed-in")
        # A name is all a gift needs: Enter adds it.
        self.key("Return")
        try:
            wait_for("the gift editor to close", lambda: toplevel(self.app, "Add Gift") is None, 10)
        except Failure:
            self.shot("gift-not-added")
            raise
        wait_for("the gift on the list", lambda: find_all(self.window, "label", name="Rocket skates"))


def main():
    return run_single(KeyboardRun, "keyboard", "the keyboard reaches every field it should")


if __name__ == "__main__":
    sys.exit(main())
