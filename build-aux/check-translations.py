#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Ewelists developers
"""Checks each language in po/LINGUAS against the strings in the sources.

Regenerates the template from po/POTFILES.in with xgettext (the arguments
after -- are po/meson.build's, so it extracts what the build does), merges
each po/<lang>.po with it as `meson compile ewelists-update-po` would, and
runs msgfmt --check --statistics on the result.

  check-translations.py --valid SRCDIR -- XGETTEXT_ARGS…
      fails on a translation msgfmt refuses: a format that does not match
      its msgid's (%s for %d, a missing %u), a broken header or plural.
  check-translations.py --complete SRCDIR -- XGETTEXT_ARGS…
      fails, besides, on any fuzzy or untranslated message: every string a
      user sees is translated in every language we ship.
"""

import os
import re
import subprocess
import sys
import tempfile

STATISTICS = re.compile(r"(\d+) translated messages?"
                        r"(?:, (\d+) fuzzy translations?)?"
                        r"(?:, (\d+) untranslated messages?)?")


def read_linguas(srcdir):
    with open(os.path.join(srcdir, "po", "LINGUAS"), encoding="utf-8") as f:
        return [word for line in f if not line.startswith("#") for word in line.split()]


def main():
    mode, srcdir = sys.argv[1], sys.argv[2]
    xgettext_args = sys.argv[sys.argv.index("--") + 1:]
    complete = mode == "--complete"
    failures = []

    with tempfile.TemporaryDirectory(prefix="ewelists-po-") as tmp:
        pot = os.path.join(tmp, "ewelists.pot")
        subprocess.run(["xgettext", "--package-name=ewelists", "--directory=" + srcdir,
                        "--files-from=" + os.path.join(srcdir, "po", "POTFILES.in"),
                        "--output=" + pot, *xgettext_args], check=True)

        languages = read_linguas(srcdir)
        if not languages:
            failures.append("po/LINGUAS names no language")

        for language in languages:
            po = os.path.join(srcdir, "po", language + ".po")
            merged = os.path.join(tmp, language + ".po")
            if not os.path.exists(po):
                failures.append(f"{language}: po/LINGUAS names it, but there is no po/{language}.po")
                continue
            subprocess.run(["msgmerge", "--quiet", "--output-file=" + merged, po, pot], check=True)
            result = subprocess.run(["msgfmt", "--check", "--statistics", "--output-file=" + os.devnull,
                                     merged], capture_output=True, text=True)
            report = result.stderr.strip()
            print(f"{language}: {report}")
            if result.returncode != 0:
                failures.append(f"{language}: msgfmt --check refuses po/{language}.po:\n{report}")
                continue
            match = STATISTICS.search(report)
            fuzzy = int(match.group(2) or 0) if match else 0
            untranslated = int(match.group(3) or 0) if match else 0
            if complete and (fuzzy or untranslated):
                failures.append(f"{language}: {fuzzy} fuzzy and {untranslated} untranslated messages; "
                                f"run `meson compile -C build ewelists-update-po` and translate them")

    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
