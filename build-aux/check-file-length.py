#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Ewelists developers
"""Fails when a C file under src/ is longer than the limit HACKING.md sets
(800 lines): past that, a file does more than one thing and is split along
the lines its code already draws."""

import os
import sys

LIMIT = 800


def main():
    root = sys.argv[1]
    too_long = []
    for directory, _, files in os.walk(os.path.join(root, "src")):
        for name in sorted(files):
            if not name.endswith((".c", ".h")):
                continue
            path = os.path.join(directory, name)
            with open(path, encoding="utf-8") as f:
                lines = sum(1 for _ in f)
            if lines > LIMIT:
                too_long.append((os.path.relpath(path, root), lines))

    for path, lines in sorted(too_long):
        print(f"{path} has {lines} lines, more than {LIMIT}: split it", file=sys.stderr)
    if not too_long:
        print(f"every file under src/ has at most {LIMIT} lines")
    sys.exit(1 if too_long else 0)


if __name__ == "__main__":
    main()
