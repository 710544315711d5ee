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


# A marked string glued to a macro, as in _("… (%" G_GINT64_FORMAT ")"):
# xgettext cannot expand the macro, so it cuts the msgid short and the
# string shown is never found in the catalogue.
MARKED_LITERAL = re.compile(r'\b(?:_|N_|C_|NC_|g_dngettext|ngettext|ews_tr|ews_trc|ews_ntr)\s*\(')
LITERAL = re.compile(r'"(?:[^"\\\n]|\\.)*"')
GLUED_MACRO = re.compile(r'\s*([A-Z_][A-Z0-9_]*)\s*"')


def glued_macros(text):
    """The macros glued to a marked string in C source @text."""
    found = []
    for marker in MARKED_LITERAL.finditer(text):
        position = marker.end()
        # up to the first literal of each argument we look at: enough for
        # the strings xgettext takes, which come first or after the context
        for _ in range(3):
            literal = LITERAL.search(text, position)
            if literal is None or text[position:literal.start()].strip(" \t\n,") not in ("", "catalog", "language"):
                break
            position = literal.end()
            while True:
                glued = GLUED_MACRO.match(text, position)
                if glued is not None:
                    found.append(glued.group(1))
                    position = glued.end() - 1
                next_literal = re.compile(r'\s*"').match(text, position)
                if next_literal is None:
                    break
                literal = LITERAL.match(text, next_literal.end() - 1)
                if literal is None:
                    break
                position = literal.end()
    return found


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
    for relative in sorted(found):
        if relative.endswith(".c"):
            with open(os.path.join(root, relative), encoding="utf-8") as f:
                for macro in glued_macros(f.read()):
                    errors.append(f"{relative}: a translatable string is glued to {macro}, which xgettext "
                                  "cannot expand; format the value with a plain directive instead")
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
