#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Ewelists developers
"""End-to-end: one occasion from start to end, with the real app driven
through its accessibility tree against a real ewelists-server (issue #14).

Ada signs up in the app and makes a wedding list with two gifts: a teapot
read from a shop's page, most wanted, and napkins typed in, as many as
guests like. Charles signs up in an app of his own: a second instance with
a session bus, keyring, settings and data of its own (the app is a unique
GApplication: on Ada's bus a second `ewelists` would hand its link to her
window), on the same display and accessibility bus. Ada shares the list
and invites Charles in Co-owners…; the invitation reaches the SMTP sink,
Charles pastes its link into Open Shared Link… and his sidebar says the
list is shared by Ada. He sets the wedding three days ahead (from his
phone: the API). A guest reserves the teapot on the guest page: both
owners' apps count it and name no one, nor does the server to either. The
server's clock passes the reveal date (its --clock-offset-file, not a
sleep): Ada's Thank-yous name the guest, she marks the teapot received and
the guest thanked, and Charles's Thank-yous show both marks. Ada archives
the list with a note: it moves to Archived, the guest page says the list
is closed with the note, and Charles's lists hold it archived.
Screenshots at 1280x800 and 360x720, light and dark (Charles's under
charles/).

Run inside build-aux/test-session.sh; see e2e_common.py.
"""

import datetime
import email
import email.policy
import glob
import html
import importlib.util
import json
import os
import random
import re
import subprocess
import sys
import urllib.parse
import urllib.request

import pyatspi

from e2e_common import Failure, click, find, find_all, log, main, set_text, show_app_output, toplevel, wait_for

_here = os.path.dirname(os.path.abspath(__file__))


def _load(name, file):
    spec = importlib.util.spec_from_file_location(name, os.path.join(_here, file))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The reveal story has the clock, the Thank-yous and Ada's other device;
# the gift-list story, under it, the shop and the guest's browser.
reveal = _load("e2e_reveal", "e2e-reveal.py")
gift_list = reveal.gift_list

TITLE = "Our Wedding"
OWNER_NAME = "Ada Lovelace"
COOWNER_NAME = "Charles Babbage"
GUEST_NAME = "Grace Hopper"
GUEST_EMAIL = "grace@example.com"
TEAPOT = "Blue Stoneware Teapot"
NAPKINS = "Linen Napkins"
NOTE = "Thank you, Grace! The teapot was the star of the day."
DAY_S = 24 * 60 * 60


def mails_to(maildir, address):
    """The mails the sink holds for @address, oldest first, as (path,
    message)."""
    found = []
    for path in sorted(glob.glob(os.path.join(maildir, "mail-*.eml"))):
        with open(path, "rb") as f:
            message = email.message_from_binary_file(f, policy=email.policy.default)
        if address in str(message.get("To", "")):
            found.append((path, message))
    return found


def body_text(message):
    part = message.get_body(preferencelist=("plain", "html"))
    return part.get_content() if part is not None else ""


def guest_reserves_gift(link, gift, name, email_address):
    """What a friend's browser does for one gift: open the shared link,
    fill in the form that follows @gift's name, send it."""
    jar = gift_list.http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(link) as answer:
        page = answer.read().decode()
    # Each gift's form comes after its name, before the next gift's.
    escaped = html.escape(gift, quote=False)
    start = page.find(escaped)
    if start < 0:
        raise Failure(f"the guest page at {link} does not show {gift!r}")
    end = page.find("</form>", start)
    forms = gift_list.Forms()
    forms.feed(page[start:end + len("</form>")])
    reserve = [f for f in forms.forms if "/reserve/" in (f["action"] or "")]
    if not reserve:
        raise Failure(f"the guest page offers no form to reserve {gift!r}")
    fields = dict(reserve[0]["fields"])
    fields.update({"name": name, "email": email_address, "quantity": "1"})
    action = urllib.parse.urljoin(link, reserve[0]["action"].split("#")[0])
    with opener.open(urllib.request.Request(action, data=urllib.parse.urlencode(fields).encode())) as answer:
        return answer.read().decode()


class OccasionStory(reveal.RevealStory):
    list_title = TITLE

    def run(self):
        suffix = f"{random.getrandbits(32):08x}"
        ada = f"ada-{suffix}@example.com"
        charles_email = f"charles-{suffix}@example.com"
        shop = gift_list.Shop()
        try:
            self.start()
            self.sign_up(ada, name=OWNER_NAME)
            self.create_wedding_list()
            self.add_teapot(shop.url)
            self.add_napkins()
            link = self.share()
            list_id = link.rstrip("/").rsplit("/", 1)[-1]

            self.charles = CoownerApp(self)
            self.charles.start()
            self.charles.sign_up(charles_email, name=COOWNER_NAME)
            self.front()
            self.invite(charles_email)
            self.charles.accept(self.invitation_link(charles_email))
            self.see_coowner()

            # Charles sets the day from his phone; Ada's app takes it in.
            charles = reveal.Api(self.server_url, charles_email)
            self.coowner_on_server(charles, list_id)
            event = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=3)).date()
            charles.call("PUT", f"/lists/{list_id}", {"eventDate": event.isoformat()})
            page = guest_reserves_gift(link, TEAPOT, GUEST_NAME, GUEST_EMAIL)
            if TEAPOT not in page:
                raise Failure("the guest page did not answer the reservation")
            self.front()
            self.counts_only()
            self.coowner_sees_counts_only(charles, list_id)
            self.charles.front()
            self.charles.counts_only()

            self.advance_clock(5 * DAY_S)
            self.front()
            self.thank_and_check(charles, list_id)
            self.charles.front()
            self.charles.sees_thanks()
            self.front()
            self.archive_wedding(link)
            # Charles's lists hold it archived, with Ada's note.
            lists = charles.call("GET", "/lists")
            mine = [entry for entry in lists["owned"] + lists["closed"] if entry.get("listId") == list_id]
            if not mine or not mine[0].get("archived") or mine[0].get("archiveNote") != NOTE:
                raise Failure(f"Charles's lists are {lists}")
        finally:
            shop.stop()

    def stop(self):
        charles = getattr(self, "charles", None)
        if charles is not None:
            charles.stop()
            log("---- Charles's app ----")
            show_app_output(charles)
        super().stop()

    def front(self):
        """Raises this app's main window over the other's (there is no
        window manager), for the screenshots and the keys."""
        xid = wait_for("the main X window", lambda: self.xwindow("Ewelists"))
        subprocess.run(["xdotool", "windowraise", xid], capture_output=True)
        subprocess.run(["xdotool", "windowfocus", "--sync", xid], capture_output=True)

    # --- the list and its gifts ---

    def toggle(self, node, window_title):
        """Turns a switch or activates a row: by its accessible action when
        GTK gives it one, else with the pointer."""
        try:
            if node.queryAction().nActions > 0:
                click(node)
                return
        except NotImplementedError:
            pass
        self.press(node, window_title)

    def checked(self, node):
        return node.getState().contains(pyatspi.STATE_CHECKED) or node.getState().contains(pyatspi.STATE_PRESSED)

    def switch(self, editor, window_title, name):
        def switches():
            return [n for n in find_all(editor, prefix=name)
                    if n.getRoleName() in ("toggle button", "check box", "switch")]
        try:
            switch = wait_for(f"the switch {name!r}", switches)[0]
        except Failure:
            seen = [(n.getRoleName(), n.name) for n in find_all(editor) if name in (n.name or "")]
            raise Failure(f"no switch {name!r}; named so: {seen}")
        self.toggle(switch, window_title)
        wait_for(f"{name!r} on", lambda: self.checked(switch))

    def create_wedding_list(self):
        click(self.in_window("push button", prefix="New List"))
        editor = self.window_named("New List")
        self.place_dialog("New List")
        set_text(find(editor, "text", prefix="Title"), TITLE)
        self.choose_occasion(editor, "Wedding")
        self.shot("new-wedding-list")
        click(find(editor, "push button", prefix="Create"))
        wait_for("the editor to close", lambda: toplevel(self.app, "New List") is None)
        wait_for("the list's title in the window", lambda: TITLE in self.labels(self.window))
        self.shot("wedding-list-created")

    def choose_occasion(self, editor, occasion):
        """The Occasion row opens a list of occasions; the keyboard picks
        one, as a person without a pointer would."""
        def chosen():
            return [n for n in find_all(editor, "label", name=occasion)]
        if chosen():
            return
        row = wait_for("the Occasion row",
                       lambda: [n for n in find_all(editor, prefix="Occasion") if n.getRoleName() != "label"])[0]
        self.toggle(row, "New List")
        wait_for(f"{occasion!r} offered",
                 lambda: [n for n in find_all(self.app, name=occasion) if n.getRoleName() != "label"]
                 or len(find_all(self.app, "label", name=occasion)) > 0)
        # The list opens on the chosen occasion, the first; Wedding is next.
        self.focus("New List")
        self.key("Down")
        self.key("Return")
        wait_for(f"{occasion!r} chosen", chosen)

    def add_teapot(self, url):
        # The first gift comes from the empty list's own button.
        click(self.in_window("push button", prefix="Add Gift"))
        editor = self.window_named("Add Gift")
        self.place_dialog("Add Gift")
        set_text(find(editor, "text", prefix="Product Address"), url)
        click(find(editor, "push button", prefix="Look Up"))

        def name_read():
            return [n for n in find_all(editor, "text", prefix="Name") if gift_list.text_of(n) == TEAPOT]
        wait_for("the details read from the page", name_read, 60)
        self.switch(editor, "Add Gift", "Most Wanted")
        self.shot("add-most-wanted")
        click(find(editor, "push button", prefix="Add"))
        wait_for("the gift editor to close", lambda: toplevel(self.app, "Add Gift") is None)
        wait_for("the teapot on the list", lambda: TEAPOT in self.labels(self.window))

    def add_napkins(self):
        # Add Gift stays in the header bar once the list has a gift.
        click(self.in_window("push button", prefix="Add Gift"))
        editor = self.window_named("Add Gift")
        self.place_dialog("Add Gift")
        click(find(editor, "push button", prefix="Type It In Yourself"))
        # Text set before the form's page is shown is cleared (seen at
        # phone size, under load): set it, and read it back, until it stays.
        def typed():
            fields = find_all(editor, "text", prefix="Name")
            if any(gift_list.text_of(n) == NAPKINS for n in fields):
                return True
            for field in fields:
                set_text(field, NAPKINS)
            return False
        wait_for("the name typed", typed)
        self.switch(editor, "Add Gift", "As many as you like")
        self.shot("add-unlimited")
        click(find(editor, "push button", prefix="Add"))
        wait_for("the gift editor to close", lambda: toplevel(self.app, "Add Gift") is None)
        wait_for("the napkins on the list", lambda: NAPKINS in self.labels(self.window))
        self.shot("two-gifts")
        self.check_names(self.window, "on the wedding list")

    # --- the co-owner ---

    def coowners_dialog(self):
        click(self.menu_item("List Menu", "Co-owners"))
        dialog = self.window_named("Co-owners")
        self.place_dialog("Co-owners")
        return dialog

    def close_coowners(self, dialog):
        self.focus("Co-owners")
        self.key("Escape")
        wait_for("the Co-owners to close", lambda: toplevel(self.app, "Co-owners") is None)

    def invite(self, address):
        dialog = self.coowners_dialog()
        # The owners are read from the server first: Ada alone.
        wait_for("Ada among the owners", lambda: find_all(dialog, name=OWNER_NAME)
                 or find_all(dialog, prefix=OWNER_NAME))
        self.check_names(dialog, "in the Co-owners dialog")
        set_text(find(dialog, "text", prefix="E-mail address"), address)
        invite = find(dialog, "push button", prefix="Invite")
        wait_for("Invite to be enabled", lambda: invite.getState().contains(pyatspi.STATE_SENSITIVE))
        click(invite)
        wait_for("the invitation among the waiting ones",
                 lambda: find_all(dialog, name=f"Withdraw the invitation to {address}"), 60)
        self.shot("coowner-invited")
        self.close_coowners(dialog)

    def invitation_link(self, address):
        """The link in the invitation mailed to @address, whose page, opened
        in a browser, names the list and who invites."""
        def find_link():
            for _path, message in mails_to(self.maildir, address):
                found = re.search(r"https?://\S+/invitation/[^\s?]+\?key=[^\s>\"']+", body_text(message))
                if found:
                    return found.group(0)
            return None
        link = wait_for("the invitation in the mail", find_link, 60)
        log(f"invitation link: {link}")
        if not link.startswith(self.server_url):
            raise Failure(f"the invitation links to {link}, not to the server at {self.server_url}")
        with urllib.request.urlopen(link) as answer:
            page = answer.read().decode()
        if html.escape(TITLE, quote=False) not in page or OWNER_NAME not in page:
            raise Failure("the invitation page does not name the list and who invited")
        return link

    def coowner_on_server(self, charles, list_id):
        lists = charles.call("GET", "/lists")
        mine = [entry for entry in lists["owned"] if entry.get("listId") == list_id]
        if not mine or mine[0].get("role") != "coowner" or mine[0].get("ownerName") != OWNER_NAME:
            raise Failure(f"Charles's lists do not hold the wedding as shared by Ada: {lists}")
        if (mine[0].get("occasion") or "").lower() != "wedding":
            raise Failure(f"the list's occasion is {mine[0].get('occasion')!r}, not a wedding")

    def see_coowner(self):
        """Ada's Co-owners now name Charles as an owner."""
        dialog = self.coowners_dialog()
        wait_for("Charles among the owners", lambda: find_all(dialog, name=f"Remove {COOWNER_NAME}"), 60)
        if find_all(dialog, prefix="Withdraw the invitation"):
            raise Failure("the accepted invitation is still waiting")
        self.shot("coowner-accepted")
        self.close_coowners(dialog)

    def coowner_sees_counts_only(self, charles, list_id):
        answer = charles.call("GET", f"/lists/{list_id}")
        text = json.dumps(answer)
        if GUEST_NAME in text or GUEST_EMAIL in text:
            raise Failure("the co-owner is told who gave before the reveal date")
        gifts = list(answer["products"].values())
        wanted = [g for g in gifts if g.get("mostWanted")]
        unlimited = [g for g in gifts if g.get("unlimited")]
        if len(gifts) != 2 or len(wanted) != 1 or len(unlimited) != 1 or wanted[0] is unlimited[0]:
            raise Failure(f"the wedding's gifts on the server are {gifts}")
        if wanted[0].get("reserved") != 1 or answer["reserved"]:
            raise Failure(f"the co-owner does not see the count alone: {answer}")

    # --- after the wedding ---

    def thank_and_check(self, charles, list_id):
        """Ada marks received and thanked (the reveal story's steps);
        Charles, a co-owner, reads the marks and who gave."""
        self.thank(charles, list_id)
        charles.sign_in()
        answer = charles.call("GET", f"/lists/{list_id}")
        wanted = [g for g in answer["products"].values() if g.get("mostWanted")]
        reserved = answer["reserved"]
        if not wanted or not wanted[0].get("received"):
            raise Failure(f"Charles does not see the teapot received: {answer}")
        if not reserved or reserved[0].get("name") != GUEST_NAME or not reserved[0].get("thanked"):
            raise Failure(f"Charles does not see Grace thanked: {reserved}")

    def archive_wedding(self, link):
        click(self.menu_item("List Menu", "Archive List"))
        heading = f"Archive “{TITLE}”?"
        dialog = wait_for("the archive question", lambda: self.message_dialog(heading))
        set_text(find(dialog, "text", prefix="Thank-you note"), NOTE)
        self.shot("archive-wedding")
        click(find(dialog, "push button", prefix="Archive"))
        wait_for("the question to close", lambda: self.message_dialog(heading) is None)
        wait_for("the Archived section", lambda: "Archived" in self.labels(self.window))
        self.shot("wedding-archived")
        self.sync()

        def closed():
            with urllib.request.urlopen(link) as answer:
                page = answer.read().decode()
            return "This list is closed" in page and html.escape(NOTE, quote=False) in page
        wait_for("the guest page to say the list is closed, with the note", closed, 60)


class CoownerApp(reveal.RevealStory):
    """Charles's app: a second instance, with a session bus, keyring,
    settings and data of its own, on Ada's display and accessibility bus.
    It shares her run's server and mail sink; its screenshots go under
    charles/."""

    def __init__(self, story):
        shots_dir = os.path.join(story.shots_dir, "charles")
        os.makedirs(shots_dir, exist_ok=True)
        for old in glob.glob(os.path.join(shots_dir, f"{story.kind}-{story.scheme}-*.png")):
            os.remove(old)
        super().__init__(story.kind, story.width, story.height, story.scheme, shots_dir)
        self.maildir = story.maildir
        self.server_url = story.server_url
        self.front = lambda: OccasionStory.front(self)

    def start(self):
        # The accessibility bus is the session's, found on Ada's bus.
        answer = subprocess.run(["gdbus", "call", "--session", "--dest", "org.a11y.Bus",
                                 "--object-path", "/org/a11y/bus", "--method", "org.a11y.Bus.GetAddress"],
                                capture_output=True, text=True, timeout=60).stdout
        a11y_address = re.search(r"'([^']+)'", answer).group(1)

        bus = self.spawn(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        address = bus.stdout.readline().strip()
        runtime = os.path.join(self.tmp, "runtime")
        os.makedirs(runtime, mode=0o700)
        own = {"DBUS_SESSION_BUS_ADDRESS": address, "XDG_RUNTIME_DIR": runtime,
               "HOME": os.path.join(self.tmp, "home"), "XDG_DATA_HOME": os.path.join(self.tmp, "data")}
        env = dict(os.environ, **own)
        keyring = self.spawn(["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
                             env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        keyring.stdin.write(b"ewelists-tests")
        keyring.stdin.close()

        def secrets():
            answer = subprocess.run(["gdbus", "call", "--session", "--dest", "org.freedesktop.DBus",
                                     "--object-path", "/org/freedesktop/DBus",
                                     "--method", "org.freedesktop.DBus.NameHasOwner", "org.freedesktop.secrets"],
                                    env=env, capture_output=True, text=True, timeout=30).stdout
            return "true" in answer
        wait_for("Charles's keyring on his bus", secrets, 60)
        own["AT_SPI_BUS_ADDRESS"] = a11y_address
        self.start_app(own)

    def accept(self, link):
        """Pastes the invitation into Open Shared Link…, as its page says:
        the list joins his sidebar, shared by Ada."""
        self.front()
        click(self.menu_item("Main Menu", "Open Shared Link"))
        dialog = self.window_named("Open Shared Link")
        self.place_dialog("Open Shared Link")
        set_text(find(dialog, "text", prefix="Link"), link)
        self.shot("invitation-pasted")
        click(wait_for("Open to be enabled",
                       lambda: [n for n in find_all(dialog, "push button", prefix="Open")
                                if n.getState().contains(pyatspi.STATE_SENSITIVE)])[0])
        wait_for("the dialog to close", lambda: toplevel(self.app, "Open Shared Link") is None, 60)
        shared = f"Shared by {OWNER_NAME}"
        wait_for("the list shared by Ada in Charles's sidebar",
                 lambda: [n for n in self.labels(self.window) if n.startswith(shared)], 60)
        self.select_list()
        self.shot("coowned-list")
        self.check_names(self.window, "on the co-owned list")

    def select_list(self):
        if self.content_title() == TITLE:
            return
        row = wait_for("the list's row in the sidebar",
                       lambda: [n for n in find_all(self.window, prefix=TITLE)
                                if n.getRoleName() in ("list item", "table row", "panel")])[0]
        self.press(row, "Ewelists")
        wait_for("the co-owned list open", lambda: self.content_title() == TITLE)

    def sees_thanks(self):
        """Ada's marks, in Charles's Thank-yous after a sync."""
        # Any gift: his app names the gifts "Unnamed gift" (a co-owner's
        # sync does not fetch the details of products it does not know).
        def marked(dialog):
            received = [n for n in find_all(dialog, prefix="Received")
                        if n.getRoleName() == "check box" and n.getState().contains(pyatspi.STATE_CHECKED)]
            return received and find_all(dialog, name="Everyone has been thanked.")
        for attempt in (1, 2):
            self.sync()
            dialog = self.open_thank_yous()
            try:
                wait_for("Ada's marks in Charles's Thank-yous", lambda: marked(dialog), 60)
                break
            except Failure:
                # The dialog shows what the store had when it opened.
                self.close_thank_yous(dialog)
                if attempt == 2:
                    raise
        if not find_all(dialog, name=GUEST_NAME):
            raise Failure("Charles's Thank-yous do not name the guest")
        self.shot("coowner-sees-thanks")
        self.close_thank_yous(dialog)


if __name__ == "__main__":
    sys.exit(main(OccasionStory, "occasion story"))
