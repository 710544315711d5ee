#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Ewelists developers
"""Export and import through the menus (issue 15), as a user does it.

A list is made with the keyboard; the list menu's Export… saves it as CSV
and the main menu's Export All Lists… as JSON; Import… reads the JSON back,
and the list, already there, comes in as a copy. The file choosers are the
real GtkFileChooserDialog that GtkFileChooserNative shows outside a
sandbox: the path is typed into its name field (saving) and its location
entry (Ctrl+L, opening) with xdotool, and the chooser is answered with
Enter, so nothing in the app is bypassed for the test.

Run inside build-aux/test-session.sh; see e2e_common.py.
"""

import json
import os
import subprocess
import sys
import time

from e2e_common import Failure, Run, click, find_all, log, run_single, toplevel, wait_for


class ExportImportRun(Run):
    def type(self, text):
        subprocess.run(["xdotool", "type", "--delay", "40", text])

    def menu_item(self, button, item):
        # A GtkMenuButton is a "push button" holding its toggle button, of
        # the same name, which is what takes the click.
        node = self.in_window("push button", button)
        if node.getChildCount() and node[0].name == button:
            node = node[0]
        click(node)

        def lookup():
            items = [node for node in find_all(self.app, name=item)
                     if node.getRoleName() in ("menu item", "push button")]
            return items[0] if items else None
        return wait_for(f"the menu item {item!r}", lookup)

    def answer_chooser(self, title, keys_first, path):
        wait_for(f"the file chooser {title!r}", lambda: toplevel(self.app, title))
        self.place_dialog(title)
        if keys_first:
            self.key(keys_first)
            time.sleep(0.5)
        self.type(path)
        time.sleep(0.5)
        self.shot(f"chooser-{os.path.basename(path)}")
        self.key("Return")
        wait_for(f"{title!r} to close", lambda: toplevel(self.app, title) is None)

    def run(self):
        self.start()
        self.focus("Ewelists")
        self.key("ctrl+n")
        wait_for("New List", lambda: toplevel(self.app, "New List"))
        self.place_dialog("New List")
        self.type("Ada's Birthday")
        self.key("Return")
        wait_for("the editor to close", lambda: toplevel(self.app, "New List") is None)
        wait_for("the list's page", lambda: find_all(self.window, "label", name="Ada's Birthday"))

        out = os.path.join(self.tmp, "out")
        os.makedirs(out)

        # The current list, as CSV: the name's extension chooses.
        csv_path = os.path.join(out, "ada.csv")
        click(self.menu_item("List Menu", "Export…"))
        # The name field holds the suggested name, selected: typing replaces it.
        self.answer_chooser("Export List", "ctrl+a", csv_path)
        wait_for("the CSV file", lambda: os.path.exists(csv_path) and os.path.getsize(csv_path) > 0)
        with open(csv_path, newline="") as f:
            header = f.readline()
        if not header.startswith("List,Gift,"):
            raise Failure(f"the CSV file starts with {header!r}")

        # Every list, as JSON.
        json_path = os.path.join(out, "all.json")
        click(self.menu_item("Main Menu", "Export All Lists…"))
        self.answer_chooser("Export All Lists", "ctrl+a", json_path)
        wait_for("the JSON file", lambda: os.path.exists(json_path) and os.path.getsize(json_path) > 0)
        wait_for("the export's toast", lambda: find_all(self.window, "label", name="Exported to “all.json”"))
        with open(json_path) as f:
            exported = json.load(f)
        titles = [entry["title"] for entry in exported["lists"]]
        if exported["format"] != "ewelists-export" or titles != ["Ada's Birthday"]:
            raise Failure(f"the export holds {exported!r}")

        # And back: the list is here already, so it comes in as a copy.
        click(self.menu_item("Main Menu", "Import…"))
        self.answer_chooser("Import Lists", "ctrl+l", json_path)
        wait_for("the import's toast", lambda: find_all(self.window, "label", name="Imported 1 list"))
        wait_for("the copy in the sidebar",
                 lambda: find_all(self.window, "label", name="Ada's Birthday (imported copy)"))
        self.shot("imported")
        log("exported as CSV and JSON, imported as a copy")


def main():
    return run_single(ExportImportRun, "export-import", "a list goes out to files and comes back as a copy")


if __name__ == "__main__":
    sys.exit(main())
