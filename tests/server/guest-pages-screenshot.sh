#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Ewelists developers
#
# Renders the guest pages (/lists/<id> and /reserve/<id>) in Debian's
# headless Chromium at 360 and 1280 px wide, light and dark (and on a
# phone in German and French), for a person
# to look at. Usage: tests/server/guest-pages-screenshot.sh [BUILD_DIR [OUT_DIR]]
# (defaults: build, and a new directory under /tmp). PNGs stay out of git.

set -eu

build_dir=${1:-build}
out_dir=${2:-$(mktemp -d /tmp/ewelists-guest-screenshots-XXXXXX)}

if [ ! -x /usr/bin/chromium ]; then
  echo "Install Debian's chromium first: apt-get install chromium" >&2
  exit 1
fi

ninja -C "$build_dir" tests/server/test-guest-pages src/server/ewelists-server >/dev/null
mkdir -p "$out_dir"

# The build tree's translations, for the German and French shots.
locale_dir=$(cd "$build_dir" && pwd)/po

EWE_SCREENSHOT_DIR=$out_dir EWE_TEST_LOCALEDIR=$locale_dir GIO_USE_PROXY_RESOLVER=dummy GIO_USE_VFS=local GSETTINGS_BACKEND=memory \
  "$build_dir/tests/server/test-guest-pages" -p /guest-pages/screenshots >/dev/null 2>&1

ls -1 "$out_dir"/*.png
