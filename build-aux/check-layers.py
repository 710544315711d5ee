#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Ewelists developers
"""Checks that each layer of the code includes only what it may.

    check-layers.py SOURCE_ROOT

One direction: src/app → src/core → src/common, and src/server →
src/common. The widgets never see SQL, HTTP, JSON or the keyring (they ask
libewe-core, which hands back objects); libewe-core and libewe-common
never see GTK; libewe-common sees nothing but GLib, json-glib and SQLite
(its one SQLite helper serves the app's store and the server's backend
alike); the server and the app share nothing but libewe-common; a layer's
*-private.h headers are its own. The session (account, store, sync,
friends) is core's, so nothing of it may include GTK either. Exits 1 and names
every include that breaks a rule.
"""

import re
import sys
from pathlib import Path

LAYERS = ("common", "core", "app", "server")

# The system headers each layer may not include, by prefix.
FORBIDDEN_SYSTEM = {
    "common": ("gtk/", "gdk/", "adwaita.h", "webkit/", "libsoup/", "libsecret/", "libxml/",
               "gio/", "libpq", "argon2.h", "gnutls/", "curl/"),
    "core": ("gtk/", "gdk/", "adwaita.h", "webkit/", "gnutls/", "argon2.h", "curl/", "libpq"),
    "app": ("libsoup/", "sqlite3.h", "libsecret/", "libxml/", "json-glib/", "libpq"),
    "server": ("gtk/", "gdk/", "adwaita.h", "webkit/", "libsecret/"),
}

# The layers whose headers each layer may include (besides its own).
ALLOWED_LAYERS = {
    "common": set(),
    "core": {"common"},
    "app": {"core", "common"},
    "server": {"common"},
}

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def main() -> int:
    root = Path(sys.argv[1])
    src = root / "src"
    owner = {}
    for layer in LAYERS:
        for header in (src / layer).glob("*.h"):
            owner.setdefault(header.name, set()).add(layer)

    problems = []
    for layer in LAYERS:
        for path in sorted((src / layer).glob("*.[ch]")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                match = INCLUDE.match(line)
                if not match:
                    continue
                kind, name = match.groups()
                closing = ">" if kind == "<" else '"'
                where = f"{path.relative_to(root)}:{number}: #include {kind}{name}{closing}"
                if kind == "<":
                    if name.startswith(FORBIDDEN_SYSTEM[layer]):
                        problems.append(f"{where}: src/{layer} may not use this library")
                    continue
                layers = owner.get(Path(name).name)
                if layers is None or layer in layers:
                    continue  # config.h, generated headers, or its own
                if not layers & ALLOWED_LAYERS[layer]:
                    problems.append(f"{where}: src/{layer} may not include src/{'/'.join(sorted(layers))}")
                elif name.endswith("-private.h"):
                    # The insides of a layer (the session's fields, the
                    # store's SQLite handles) are for its own files only.
                    problems.append(f"{where}: private to src/{'/'.join(sorted(layers))}")

    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} include(s) break the layering; see build-aux/check-layers.py")
        return 1
    print("every include keeps to its layer")
    return 0


if __name__ == "__main__":
    sys.exit(main())
