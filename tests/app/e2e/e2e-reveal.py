#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Ewelists developers
"""End-to-end: the surprise, and after the event, with the real app driven
through its accessibility tree against a real ewelists-server.

Ada makes a list with a gift and shares it (as in e2e-gift-list.py), and
sets the event three days ahead from another device of hers (the API, as
any client would). A guest reserves the gift before the reveal date: after
a sync Ada's list counts it, and her Thank-yous say who gave stays a
surprise; nothing in the app names the guest. The server's clock then
passes the reveal date (its --clock-offset-file, not a sleep): after a
sync the Thank-yous name the guest; Ada marks the gift received and the
guest thanked, copies the Thank-yous as text, and the marks reach the
server. Screenshots at 1280x800 and 360x720, light and dark.

Run inside build-aux/test-session.sh; see e2e_common.py.
"""

import datetime
import importlib.util
import json
import os
import random
import sys
import time
import subprocess
import urllib.request

import pyatspi

from e2e_common import PASSWORD, Failure, click, find, find_all, log, main, toplevel, wait_for

# The gift-list story tells the first half; this one goes on from there.
_spec = importlib.util.spec_from_file_location(
    "e2e_gift_list", os.path.join(os.path.dirname(os.path.abspath(__file__)), "e2e-gift-list.py"))
gift_list = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gift_list)

GUEST_NAME = "Grace Hopper"
GUEST_EMAIL = "grace@example.com"
DAY_S = 24 * 60 * 60


class Api:
    """Ada's other device: the server's JSON API, signed in with her
    password."""

    def __init__(self, server_url, email):
        self.server_url = server_url
        self.email = email
        self.token = None

    def sign_in(self):
        body = json.dumps({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": "ewelists",
                           "AuthParameters": {"USERNAME": self.email, "PASSWORD": PASSWORD}}).encode()
        request = urllib.request.Request(f"{self.server_url}/api/auth", data=body, headers={
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": "AWSCognitoIdentityProviderService.InitiateAuth"})
        with urllib.request.urlopen(request) as answer:
            self.token = json.load(answer)["AuthenticationResult"]["IdToken"]

    def call(self, method, path, body=None):
        if self.token is None:
            self.sign_in()
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.server_url}/api{path}", data=data, method=method,
                                         headers={"Authorization": f"Bearer {self.token}",
                                                  "Content-Type": "application/json"})
        with urllib.request.urlopen(request) as answer:
            return json.load(answer)


class RevealStory(gift_list.GiftListStory):
    def start(self):
        # The server's clock, moved by this file: no sleeping through days.
        self.clock_file = os.path.join(self.tmp, "clock-offset")
        with open(self.clock_file, "w") as f:
            f.write("0\n")
        self.server_args = [f"--clock-offset-file={self.clock_file}"]
        super().start()

    def advance_clock(self, seconds):
        with open(self.clock_file) as f:
            offset = int(f.read().strip() or "0")
        with open(self.clock_file, "w") as f:
            f.write(f"{offset + seconds}\n")

    def run(self):
        email = f"ada-{random.getrandbits(32):08x}@example.com"
        shop = gift_list.Shop()
        try:
            self.start()
            self.sign_up(email)
            self.create_list()
            self.add_gift(shop.url)
            link = self.share()
            list_id = link.rstrip("/").rsplit("/", 1)[-1]
            api = Api(self.server_url, email)
            event = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=3)).date()
            api.call("PUT", f"/lists/{list_id}", {"eventDate": event.isoformat()})
            gift_list.guest_reserves(link, GUEST_NAME, GUEST_EMAIL)
            self.counts_only()
            self.advance_clock(5 * DAY_S)
            self.thank(api, list_id)
        finally:
            shop.stop()

    def press(self, node, window_title):
        """Clicks a check box as a person would: GTK 4.8 gives it no
        accessible action, and places it relative to its window, which
        here is not at the desktop's corner."""
        extents = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        geometry = subprocess.run(["xdotool", "getwindowgeometry", "--shell", self.xwindow(window_title)],
                                  capture_output=True, text=True).stdout
        origin = dict(line.split("=", 1) for line in geometry.split() if "=" in line)
        x = int(origin["X"]) + extents.x + extents.width // 2
        y = int(origin["Y"]) + extents.y + extents.height // 2
        log(f"clicking {node.name!r} at {x},{y} ({extents.x},{extents.y} in its window)")
        subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "1"])
        subprocess.run(["xdotool", "mousemove", "0", "0"])

    def press_until(self, what, find_node, done, window_title, attempts=4):
        """Presses the check box @find_node() finds until done() holds.
        The Thank-yous are built again whenever the store changes (a mark
        coming in, a sync, a live notice), so a box found a moment ago may
        be gone or not laid out yet: wait for it to keep its place, press
        it, and if the mark does not come, find it again."""
        def settled():
            node = find_node()
            first = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
            time.sleep(0.3)
            second = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
            if first.width > 0 and first.height > 0 and \
               (first.x, first.y, first.width, first.height) == (second.x, second.y, second.width, second.height):
                return node
            return None
        for attempt in range(attempts):
            self.press(wait_for(what, settled), window_title)
            try:
                return wait_for(f"{what} marked", done, 10)
            except Failure:
                log(f"{what}: not marked after press {attempt + 1}; pressing again")
        raise Failure(f"{what} never marked after {attempts} presses")

    def names_in_app(self):
        names = []
        for window in [self.app[i] for i in range(self.app.childCount)]:
            names += [node.name for node in find_all(window) if node.name]
        return names

    def sync(self):
        self.focus("Ewelists")
        self.key("ctrl+r")

    def open_thank_yous(self):
        click(self.menu_item("List Menu", "Thank-yous"))
        dialog = self.window_named("Thank-yous")
        self.place_dialog("Thank-yous")
        return dialog

    def close_thank_yous(self, dialog):
        click(find(dialog, "push button", prefix="Close"))
        wait_for("the Thank-yous to close", lambda: toplevel(self.app, "Thank-yous") is None)

    def counts_only(self):
        """Before the reveal date: the count, and no name."""
        self.sync()
        wait_for("the reservation counted on Ada's list",
                 lambda: "1 reserved · 0 bought" in self.labels(self.window), 60)
        dialog = self.open_thank_yous()
        wait_for("the Thank-yous to say it is a surprise", lambda: find_all(dialog, name="Still a Surprise"))
        self.shot("thank-yous-surprise")
        self.check_names(dialog, "in the Thank-yous before the reveal date")
        leaked = [n for n in self.names_in_app() if GUEST_NAME in n or GUEST_EMAIL in n]
        if leaked:
            raise Failure(f"the guest is named before the reveal date: {leaked}")
        self.close_thank_yous(dialog)

    def thank(self, api, list_id):
        """From the reveal date: who gave, received, thanked."""
        self.sync()
        dialog = self.open_thank_yous()

        def guest_shown():
            return find_all(dialog, name=GUEST_NAME)
        try:
            wait_for("the guest in the Thank-yous", guest_shown, 60)
        except Failure:
            # The dialog shows what the store has: sync once more.
            self.close_thank_yous(dialog)
            self.sync()
            time.sleep(2)
            dialog = self.open_thank_yous()
            wait_for("the guest in the Thank-yous", guest_shown, 60)
        self.shot("thank-yous-revealed")
        self.check_names(dialog, "in the Thank-yous")

        def received_box():
            return [n for n in find_all(dialog, prefix="Received Kiln & Leaf")
                    if n.getRoleName() == "check box"][0]
        # The dialog is built again from the store once the mark is in.
        self.press_until("the gift's Received check", received_box,
                         lambda: received_box().getState().contains(pyatspi.STATE_CHECKED), "Thank-yous")

        def thanked_box():
            return [n for n in find_all(dialog, name=f"Thank-you sent to {GUEST_NAME}")
                    if n.getRoleName() == "check box"][0]
        self.press_until("the guest's Thank-you sent check", thanked_box,
                         lambda: find_all(dialog, name="Everyone has been thanked."), "Thank-yous")
        self.shot("thank-yous-thanked")

        click(find(dialog, "push button", prefix="Copy as Text"))
        wait_for("the toast", lambda: find_all(dialog, "label", name="Thank-yous copied"))
        copied = gift_list.clipboard_text()
        if f"{GUEST_NAME} <{GUEST_EMAIL}> — thanked" not in copied or "received" not in copied:
            raise Failure(f"the copied Thank-yous are {copied!r}")
        self.close_thank_yous(dialog)

        # The marks reach the server with the next sync.
        api.sign_in()  # the server's clock moved past the first token's hour

        def on_server():
            self.sync()
            answer = api.call("GET", f"/lists/{list_id}")
            # Any gift: a list with more than one has the others unmarked.
            gifts = list(answer["products"].values())
            reserved = answer["reserved"]
            return (any(gift.get("received") for gift in gifts) and reserved and reserved[0].get("thanked")
                    and answer["list"].get("revealed"))
        wait_for("the marks on the server", on_server, 60)
        self.shot("thanked-and-synced")


if __name__ == "__main__":
    sys.exit(main(RevealStory, "reveal story"))
