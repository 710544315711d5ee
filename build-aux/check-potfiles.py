#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Ewelists developers
"""Fails when a file with translatable strings is missing from po/POTFILES.in,
or when POTFILES.in names a file that does not exist or has nothing to
translate."""

import os
import re
import sys

SOURCE_DIRS = ("src", "data")
C_MARKERS = re.compile(r'\b(?:_|N_|C_|NC_|g_dngettext|ngettext)\s*\(\s*"'
                       # the server's: the language first (src/server/ews-catalog.h)
                       r'|\bews_(?:tr|trc|ntr)\s*\(\s*\w+\s*,\s*"')
UI_MARKER = re.compile(r'translatable="yes"')
XML_IN_SUFFIXES = (".desktop.in", ".metainfo.xml.in", ".gschema.xml")


def translatable(root, relative):
    path = os.path.join(root, relative)
    if relative.endswith(XML_IN_SUFFIXES):
        return True
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError):
        return False
    if relative.endswith(".c"):
        return bool(C_MARKERS.search(text))
    if relative.endswith(".ui"):
        return bool(UI_MARKER.search(text))
    return False


def main():
    root = sys.argv[1]
    with open(os.path.join(root, "po", "POTFILES.in"), encoding="utf-8") as f:
        listed = {line.strip() for line in f if line.strip() and not line.startswith("#")}

    found = set()
    for top in SOURCE_DIRS:
        for directory, _, files in os.walk(os.path.join(root, top)):
            for name in files:
                relative = os.path.relpath(os.path.join(directory, name), root)
                if translatable(root, relative):
                    found.add(relative)

    errors = []
    for missing in sorted(found - listed):
        errors.append(f"{missing} has translatable strings but is not in po/POTFILES.in")
    for stale in sorted(listed - found):
        if not os.path.exists(os.path.join(root, stale)):
            errors.append(f"po/POTFILES.in names {stale}, which does not exist")
        else:
            errors.append(f"po/POTFILES.in names {stale}, which has nothing to translate")
    for error in errors:
        print(error, file=sys.stderr)
    if not errors:
        print(f"po/POTFILES.in lists all {len(found)} translatable files")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
