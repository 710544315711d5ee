#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Ewelists developers
"""End-to-end: a gift list from start to reservation, with the real app
driven through its accessibility tree against a real ewelists-server.

Ada signs up (the code comes from the SMTP sink), creates a list, adds a
gift by pasting the address of a shop page served here (its details are
read from the page's metadata), opens its product page in the embedded web
view, shares the list (the link goes to the clipboard), and a guest
reserves the gift on the server's guest page, as a friend's browser would;
after a sync the owner's list shows it reserved. A screenshot of each step
is saved at 1280x800 and at 360x720, in light and dark style.

Run inside build-aux/test-session.sh; see e2e_common.py.
"""

import html
import html.parser
import http.cookiejar
import http.server
import os
import random
import struct
import subprocess
import sys
import threading
import urllib.parse
import urllib.request
import zlib

import pyatspi

from e2e_common import (Failure, Run, click, find, find_all, log, main, set_text, unnamed_controls,
                        toplevel, wait_for)

SHOP_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Teapot | The Tea Shop</title>
<meta property="og:title" content="Blue Stoneware Teapot">
<meta property="og:image" content="/teapot.png">
<meta property="og:site_name" content="The Tea Shop">
<meta property="product:brand" content="Kiln &amp; Leaf">
<meta property="product:price:amount" content="34.50">
<meta property="product:price:currency" content="GBP">
<style>body {{ font-family: sans-serif; margin: 2em; }}</style>
</head>
<body>
<h1>Blue Stoneware Teapot</h1>
<p><img src="/teapot.png" alt="A blue teapot" width="160" height="160"></p>
<p>Holds 1.2 litres. Hand glazed.</p>
</body>
</html>
"""


def png(width, height):
    """A small picture of a blue disc, made here so the test needs no
    image files."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)
        for x in range(width):
            dx, dy = x - width / 2, y - height / 2
            inside = dx * dx + dy * dy < (width * 0.4) ** 2
            rows += bytes((40, 90, 200) if inside else (245, 240, 230))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) +
            chunk(b"IDAT", zlib.compress(bytes(rows))) + chunk(b"IEND", b""))


class Shop:
    """A shop on loopback with one product page."""

    def __init__(self):
        picture = png(160, 160)
        page = SHOP_PAGE.format().encode()
        self.requests = {}
        requests = self.requests

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                requests[self.path] = requests.get(self.path, 0) + 1
                if self.path == "/teapot.png":
                    body, kind = picture, "image/png"
                elif self.path == "/teapot":
                    body, kind = page, "text/html; charset=utf-8"
                else:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/teapot"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()


class Forms(html.parser.HTMLParser):
    """The forms of a guest page: action and fields, in order."""

    def __init__(self):
        super().__init__()
        self.forms = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action"), "fields": {}})
        elif tag == "input" and self.forms and attrs.get("name"):
            self.forms[-1]["fields"][attrs["name"]] = attrs.get("value") or ""


def guest_reserves(link, name, email):
    """What a friend's browser does: open the shared link, fill in the
    first gift's form, send it. Returns the page the server answered."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(link) as answer:
        page = answer.read().decode()
    forms = Forms()
    forms.feed(page)
    reserve = [f for f in forms.forms if "/reserve/" in (f["action"] or "")]
    if not reserve:
        raise Failure(f"the guest page at {link} offers no gift to reserve")
    fields = dict(reserve[0]["fields"])
    fields.update({"name": name, "email": email, "quantity": "1"})
    action = urllib.parse.urljoin(link, reserve[0]["action"].split("#")[0])
    data = urllib.parse.urlencode(fields).encode()
    with opener.open(urllib.request.Request(action, data=data)) as answer:
        return answer.read().decode()


def clipboard_text():
    """The clipboard's text, read the way another app would."""
    script = ("import gi, sys\n"
              "gi.require_version('Gdk', '4.0')\n"
              "gi.require_version('Gtk', '4.0')\n"
              "from gi.repository import Gdk, GLib, Gtk\n"
              "Gtk.init()\n"
              "loop = GLib.MainLoop()\n"
              "def done(clipboard, result):\n"
              "    print(clipboard.read_text_finish(result) or '')\n"
              "    loop.quit()\n"
              "Gdk.Display.get_default().get_clipboard().read_text_async(None, done)\n"
              "GLib.timeout_add_seconds(10, loop.quit)\n"
              "loop.run()\n")
    env = dict(os.environ, GDK_BACKEND="x11")
    return subprocess.run(["/usr/bin/python3", "-c", script], capture_output=True, text=True,
                          env=env, timeout=30).stdout.strip()


def text_of(node):
    text = node.queryText()
    return text.getText(0, text.characterCount)


class GiftListStory(Run):
    # The owner wants to see what friends reserved: no surprise.
    settings = {"surprise-mode": "false"}
    # The title create_list() gives; stories with lists of their own say theirs.
    list_title = "Ada’s Birthday"

    def window_named(self, title):
        return wait_for(f"the window {title!r}", lambda: toplevel(self.app, title))

    def menu_item(self, button_name, item):
        # A GtkMenuButton is a named panel around the button that acts.
        buttons = [node for node in find_all(self.window, prefix=button_name)
                   if node.getRoleName() in ("push button", "toggle button")
                   and node.queryAction().nActions > 0]
        if not buttons:
            raise Failure(f"no button {button_name!r} that can be pressed")
        click(buttons[0])

        def found():
            items = [node for node in find_all(self.app, prefix=item)
                     if node.getRoleName() in ("menu item", "push button")]
            return items[0] if items else None
        return wait_for(f"the menu item {item!r}", found)

    def check_names(self, root, where):
        unnamed, seen = unnamed_controls(root)
        log(f"{seen} controls {where}")
        if seen == 0:
            raise Failure(f"no control {where}: the check would prove nothing")
        if unnamed:
            raise Failure(f"controls without an accessible name {where}: {unnamed}")

    def labels(self, root):
        return [node.name for node in find_all(root, "label") if node.name]

    def run(self):
        email = f"ada-{random.getrandbits(32):08x}@example.com"
        shop = Shop()
        try:
            self.start()
            self.sign_up(email)
            self.shot("signed-in-no-lists")
            self.create_list()
            self.add_gift(shop.url)
            self.open_product_page(shop)
            link = self.share()
            page = guest_reserves(link, "Grace Hopper", "grace@example.com")
            if "Blue Stoneware Teapot" not in page:
                raise Failure("the guest page did not answer the reservation")
            self.see_reservation()
            self.archive(link)
        finally:
            shop.stop()

    def create_list(self):
        click(self.in_window("push button", prefix="New List"))
        editor = self.window_named("New List")
        self.place_dialog("New List")
        self.check_names(editor, "in the list editor")
        set_text(find(editor, "text", prefix="Title"), "Ada’s Birthday")
        self.shot("new-list")
        click(find(editor, "push button", prefix="Create"))
        wait_for("the editor to close", lambda: toplevel(self.app, "New List") is None)
        wait_for("the list's title in the window",
                 lambda: "Ada’s Birthday" in self.labels(self.window))
        self.shot("list-created")

    def add_gift(self, url):
        # The first gift comes from the empty list's own button.
        click(self.in_window("push button", prefix="Add Gift"))
        editor = self.window_named("Add Gift")
        self.place_dialog("Add Gift")
        self.check_names(editor, "in the gift editor")
        set_text(find(editor, "text", prefix="Product Address"), url)
        self.shot("add-gift-address")
        click(find(editor, "push button", prefix="Look Up"))
        def field(prefix):
            for node in find_all(editor, "text", prefix=prefix):
                value = text_of(node)
                if value:
                    return value
            return None
        try:
            wait_for("the details read from the page", lambda: field("Name") == "Blue Stoneware Teapot")
        except Failure:
            fields = [(n.name, text_of(n)) for n in find_all(editor, "text")]
            raise Failure(f"the page's details are not in the form: {fields}")
        if field("Brand") != "Kiln & Leaf":
            raise Failure(f"the brand read from the page is {field('Brand')!r}")
        self.shot("add-gift-details")
        click(find(editor, "push button", prefix="Add"))
        wait_for("the gift editor to close", lambda: toplevel(self.app, "Add Gift") is None)
        wait_for("the gift on the list", lambda: "Blue Stoneware Teapot" in self.labels(self.window))
        self.shot("gift-added")
        self.check_names(self.window, "on the list page")
        # The empty list's button is gone; Add Gift stays one click away in
        # the header bar, not only in the list menu.
        self.in_window("push button", prefix="Add Gift")
        # The list's title is said once beside the sidebar (the header bar).
        titles = [n for n in find_all(self.window, "label", name="Ada’s Birthday")]
        if len(titles) > 2:  # the sidebar's row and the header bar
            raise Failure(f"the list's title is shown {len(titles)} times")

    def content_title(self):
        """The title in the content's header bar (the sidebar's is "Gift
        Lists")."""
        titles = [find(node, "label").name for node in find_all(self.window, "filler", "AdwWindowTitle")]
        titles = [t for t in titles if t and t != "Gift Lists"]
        return titles[0] if titles else None

    def open_product_page(self, shop):
        """Double-clicks the gift's card, as a person would: the shop's page
        opens in the window's web view, which fetches it from the shop."""
        fetched = shop.requests.get("/teapot", 0)
        card = wait_for("the gift's card", lambda: [n for n in find_all(self.window, prefix="Kiln & Leaf")
                                                     if n.getRoleName() != "label"])[0]
        extents = card.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        x, y = extents.x + extents.width // 2, extents.y + extents.height // 3
        subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "--repeat", "2", "--delay", "80", "1"])
        wait_for("the web view to fetch the shop's page", lambda: shop.requests.get("/teapot", 0) > fetched, 30)
        wait_for("the page's picture", lambda: shop.requests.get("/teapot.png", 0) > 1, 30)
        self.in_window("push button", prefix="Open in Browser")
        wait_for("the gift's name as the title", lambda: self.content_title() == "Blue Stoneware Teapot")
        self.shot("product-page")
        self.check_names(self.window, "on the product page")
        self.focus("Ewelists")
        self.key("Escape")
        wait_for("the list again", lambda: self.content_title() == "Ada’s Birthday")
        subprocess.run(["xdotool", "mousemove", "0", "0"])

    def share(self):
        click(self.menu_item("List Menu", "Share"))
        dialog = self.window_named("Share List")
        self.place_dialog("Share List")
        prefix = f"{self.server_url}/lists/"
        # The dialog gives the link once the list has reached the server
        # (it follows the list's id). The label is named for what it is;
        # its text is the link.
        def links():
            return [text_of(n) for n in find_all(dialog, "label") if text_of(n).startswith(prefix)]
        try:
            link = wait_for("the list to reach the server and its link", links, 60)[0]
        except Failure:
            labels = []
            for n in find_all(dialog, "label"):
                try:
                    labels.append((n.name, text_of(n)))
                except Exception as error:
                    labels.append((n.name, str(error)))
            raise Failure(f"no link in the share dialog: {labels}")
        log(f"shared link: {link}")
        click(find(dialog, "push button", prefix="Copy Link"))
        wait_for("the toast", lambda: find_all(dialog, "label", name="Link copied"))
        self.shot("share")
        self.check_names(dialog, "in the share dialog")
        copied = clipboard_text()
        if copied != link:
            raise Failure(f"the clipboard holds {copied!r}, not the link {link!r}")
        # Friendly words with the link, for a chat; the same go by e-mail.
        find(dialog, "push button", prefix="Send by E-mail")
        click(find(dialog, "push button", prefix="Copy Message"))
        wait_for("the message copied", lambda: find_all(dialog, "label", name="Message copied"))
        message = clipboard_text()
        if link not in message or self.list_title not in message:
            raise Failure(f"the copied message is {message!r}")
        self.shot("share-message-copied")
        click(find(dialog, "push button", prefix="Close"))
        wait_for("the share dialog to close", lambda: toplevel(self.app, "Share List") is None)
        return link

    def see_reservation(self):
        self.focus("Ewelists")
        self.key("ctrl+r")
        wait_for("the reservation on the owner's list",
                 lambda: "1 reserved · 0 bought" in self.labels(self.window), 60)
        self.shot("reserved-by-a-friend")

    def message_dialog(self, heading):
        for window in self.app:
            if window is not None and find_all(window, "label", name=heading):
                return window
        return None

    def archive(self, link):
        """After the event: the owner archives the list with a thank-you
        note; it moves to the Archived section, and the guests' link says
        the list is closed, with the note."""
        click(self.menu_item("List Menu", "Archive List"))
        heading = "Archive “Ada’s Birthday”?"
        dialog = wait_for("the archive question", lambda: self.message_dialog(heading))
        note = "Thank you for your gifts!"
        try:
            set_text(find(dialog, "text", prefix="Thank-you note"), "Thank you, Grace! The teapot is lovely.")
            note = "Thank you, Grace! The teapot is lovely."
        except Exception as error:  # the prefilled note then
            log(f"could not type the note: {error}")
        self.shot("archive-question")
        click(find(dialog, "push button", prefix="Archive"))
        wait_for("the question to close", lambda: self.message_dialog(heading) is None)
        wait_for("the Archived section", lambda: "Archived" in self.labels(self.window))
        self.shot("list-archived")
        self.check_names(self.window, "with an archived list")
        self.focus("Ewelists")
        self.key("ctrl+r")

        def closed():
            with urllib.request.urlopen(link) as answer:
                page = answer.read().decode()
            return "This list is closed" in page and html.escape(note, quote=False) in page
        wait_for("the guest page to say the list is closed, with the note", closed, 60)


if __name__ == "__main__":
    sys.exit(main(GiftListStory, "gift-list story"))
