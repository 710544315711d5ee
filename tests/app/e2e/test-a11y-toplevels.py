#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Ewelists developers
"""A screen reader asking for a window that has just closed must not crash
the app (issue 10).

GTK 4.8's AT-SPI root answers GetChildAtIndex(i) with the last toplevel
when i is past the visible windows, hidden or not; a hidden window has no
object path, and GTK built its reply from a NULL path: a critical, then a
crash. A robot or Orca meets that index whenever it read the window count
just before a dialog closed. Here the real app runs with criticals fatal
(under gdb, so a death leaves a backtrace), and the root is asked, over the
accessibility bus, for the index one past its windows: at start, after the
list editor closed, and after Keyboard Shortcuts closed.

Run inside build-aux/test-session.sh; see e2e_common.py.
"""

import sys

from gi.repository import Gio, GLib

from e2e_common import (Failure, Run, click, find, find_all, log, run_single,
                        toplevel, wait_for)

ROOT = "/org/a11y/atspi/accessible/root"
ACCESSIBLE = "org.a11y.atspi.Accessible"


def a11y_bus():
    session = Gio.bus_get_sync(Gio.BusType.SESSION)
    address = session.call_sync("org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus", "GetAddress",
                                None, None, Gio.DBusCallFlags.NONE, -1).unpack()[0]
    return Gio.DBusConnection.new_for_address_sync(
        address, Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT |
        Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION)


def bus_name_of(bus, pid):
    names = bus.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                          "ListNames", None, None, Gio.DBusCallFlags.NONE, -1).unpack()[0]
    for name in names:
        if not name.startswith(":"):
            continue
        try:
            owner = bus.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus",
                                  "org.freedesktop.DBus", "GetConnectionUnixProcessID",
                                  GLib.Variant("(s)", (name,)), None, Gio.DBusCallFlags.NONE,
                                  -1).unpack()[0]
        except GLib.Error:
            continue
        if owner == pid and bus.get_unique_name() != name:
            # The app's toolkit connection is the one with a root object.
            try:
                bus.call_sync(name, ROOT, "org.freedesktop.DBus.Properties", "Get",
                              GLib.Variant("(ss)", (ACCESSIBLE, "ChildCount")), None,
                              Gio.DBusCallFlags.NONE, 5000)
                return name
            except GLib.Error:
                continue
    return None


class ToplevelsRun(Run):
    app_env = {"G_DEBUG": "fatal-criticals"}

    def ask_past_the_end(self, bus, name, when):
        """GetChildAtIndex(count): what a client asks when the window it
        counted has just gone. Any answer will do; the app must live."""
        count = bus.call_sync(name, ROOT, "org.freedesktop.DBus.Properties", "Get",
                              GLib.Variant("(ss)", (ACCESSIBLE, "ChildCount")), None,
                              Gio.DBusCallFlags.NONE, 5000).unpack()[0]
        try:
            bus.call_sync(name, ROOT, ACCESSIBLE, "GetChildAtIndex", GLib.Variant("(i)", (count,)),
                          None, Gio.DBusCallFlags.NONE, 5000)
        except GLib.Error as error:
            if self.app_process.poll() is not None or "NoReply" in str(error):
                raise Failure(f"the app died when asked for window {count} of {count} {when}")
        bus.call_sync(name, ROOT, ACCESSIBLE, "GetChildren", None, None, Gio.DBusCallFlags.NONE, 5000)
        if self.app_process.poll() is not None:
            raise Failure(f"the app died when asked for window {count} of {count} {when}")
        log(f"asked for window {count} of {count} {when}: the app lives")

    def run(self):
        self.start()
        bus = a11y_bus()
        name = wait_for("the app's connection to the accessibility bus",
                        lambda: bus_name_of(bus, self.app_pid), 20, self.app_process)

        self.ask_past_the_end(bus, name, "at start")

        for round in range(3):
            click(self.in_window("push button", prefix="New List"))
            editor = wait_for("the list editor", lambda: toplevel(self.app, "New List"), 20,
                              self.app_process)
            click(find(editor, "push button", prefix="Cancel"))
            wait_for("the editor to close", lambda: toplevel(self.app, "New List") is None, 20,
                     self.app_process)
            self.ask_past_the_end(bus, name, f"after the list editor closed ({round + 1})")

        menu = [node for node in find_all(self.window, prefix="Main Menu")
                if node.getRoleName() in ("push button", "toggle button")
                and node.queryAction().nActions > 0]
        click(menu[0])
        item = wait_for("the menu item Keyboard Shortcuts",
                        lambda: [node for node in find_all(self.app, prefix="Keyboard Shortcuts")
                                 if node.getRoleName() in ("menu item", "push button")], 20,
                        self.app_process)[0]
        click(item)
        title = "Keyboard Shortcuts"
        wait_for(title, lambda: toplevel(self.app, title), 20, self.app_process)
        self.focus(title)
        self.key("Escape")
        wait_for("Keyboard Shortcuts to close", lambda: toplevel(self.app, title) is None, 20,
                 self.app_process)
        self.ask_past_the_end(bus, name, "after Keyboard Shortcuts closed")


def main():
    return run_single(ToplevelsRun, "a11y-toplevels", "the app answers for windows that have just closed")


if __name__ == "__main__":
    sys.exit(main())
