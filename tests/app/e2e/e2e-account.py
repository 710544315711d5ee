#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Ewelists developers
"""End-to-end: the real ewelists app, driven through its accessibility tree
(AT-SPI) like a screen reader user would, against a real ewelists-server
whose mail lands in an SMTP sink. It chooses the server, creates an
account, confirms it with the code from the mail, signs out, signs in again
with the keyboard, and opens the preferences, saving a screenshot of each
step at 1280x800 and at 360x720, in light and dark style.

Run inside build-aux/test-session.sh (Xvfb, D-Bus, the accessibility bus
and a keyring) with Debian's /usr/bin/python3, which has pyatspi. The
paths come from the environment that tests/app/e2e/meson.build sets:
EWELISTS_APP, EWELISTS_SERVER, EWELISTS_MAIL_SINK, EWELISTS_SCREENSHOTS,
GSETTINGS_SCHEMA_DIR. Prints TAP.
"""

import random
import subprocess
import sys
import time

from e2e_common import (DIALOG_TITLE, PASSWORD, Failure, Run, click, find, find_all,
                        main, page_panel, set_text, toplevel, wait_for)


class AccountStory(Run):
    def run(self):
        email = f"ada-{random.getrandbits(32):08x}@example.com"

        self.start()
        self.shot("main-signed-out")

        self.sign_up(email, check_policy=True)
        self.shot("signed-in-toast")

        click(self.open_account_menu("Sign Out"))
        self.shot("signed-out-toast")

        # Signed in again, from the keyboard: Return in a field activates
        # the default button, Sign In.
        click(self.open_account_menu("Sign In…"))
        dialog = wait_for("the account dialog", self.dialog)
        self.place_dialog()
        self.wait_page("Sign In")
        page = page_panel(dialog, "Sign In")
        set_text(find(page, "text", prefix="E-mail Address"), email)
        set_text(find(page, "text", prefix="Password"), PASSWORD)
        self.shot("sign-in")
        xid = self.xwindow(DIALOG_TITLE)
        subprocess.run(["xdotool", "windowfocus", "--sync", xid], capture_output=True)
        time.sleep(0.3)
        subprocess.run(["xdotool", "key", "--clearmodifiers", "Return"])
        try:
            wait_for("Return to sign in", lambda: self.dialog() is None, 20, self.app_process)
        except Failure as error:
            raise Failure(f"Return in the sign-in page did not sign in: {error}")

        # The account menu, signed in: name and e-mail.
        entry = self.open_account_menu("Sign Out")
        wait_for("the name in the account menu", lambda: find(self.app, "label", name="Ada Lovelace"))
        # Through wait_for too: the registry may answer "The application
        # no longer exists" for a moment under load, which a bare find()
        # took for a failure.
        wait_for("the address in the account menu", lambda: find(self.app, "label", name=email))
        self.shot("account-menu-signed-in")
        click(entry)
        time.sleep(0.5)

        # Preferences, with Ctrl+comma.
        xid = self.xwindow("Ewelists")
        if xid:
            subprocess.run(["xdotool", "windowfocus", "--sync", xid], capture_output=True)
        subprocess.run(["xdotool", "key", "--clearmodifiers", "ctrl+comma"])
        preferences = wait_for("the preferences", lambda: toplevel(self.app, "Preferences"))
        pxid = wait_for("the preferences' X window", lambda: self.xwindow("Preferences"))
        if self.kind == "phone":
            subprocess.run(["xdotool", "windowsize", pxid, str(self.width), str(self.height)])
        else:
            subprocess.run(["xdotool", "windowmove", pxid, "340", "60"])
        self.shot("preferences-general")
        server_tab = [n for n in find_all(preferences, name="Server") if n.getRoleName() != "panel"]
        if server_tab:
            click(server_tab[0])
        self.shot("preferences-server")

if __name__ == "__main__":
    sys.exit(main(AccountStory, "account story"))
