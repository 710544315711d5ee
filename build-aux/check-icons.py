#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Ewelists developers
"""Checks the app icons: well-formed SVG, the sizes GNOME expects (128 px for
the full-colour icon, 16 px for the symbolic one), and something drawn."""

import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
DRAWING = {"path", "rect", "circle", "ellipse", "polygon", "polyline", "line", "g"}


def check(path):
    errors = []
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        return [f"{path}: not well-formed SVG: {e}"]
    if root.tag != SVG + "svg":
        return [f"{path}: the root element is not <svg>"]
    expected = "16" if path.endswith("-symbolic.svg") else "128"
    for attribute in ("width", "height"):
        if root.get(attribute) != expected:
            errors.append(f"{path}: {attribute} is {root.get(attribute)!r}, expected {expected}")
    if root.get("viewBox") != f"0 0 {expected} {expected}":
        errors.append(f"{path}: viewBox is {root.get('viewBox')!r}, expected '0 0 {expected} {expected}'")
    shapes = [e for e in root.iter() if e.tag.startswith(SVG) and e.tag[len(SVG):] in DRAWING]
    if not shapes:
        errors.append(f"{path}: nothing is drawn")
    return errors


def main():
    errors = [error for path in sys.argv[1:] for error in check(path)]
    for error in errors:
        print(error, file=sys.stderr)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
