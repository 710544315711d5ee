#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Ewelists developers
#
# Installs what is missing, builds, and starts the app from the build tree.
# Its local offline store needs no server; point it at one in Preferences.
#
#   build-aux/run-app.sh [ARGS…]   (ARGS go to ewelists)

set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build="${BUILD_DIR:-$top/build}"

"$top/build-aux/install-deps.sh"

if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" "$top" -Dwerror=true
fi
meson compile -C "$build"

export GSETTINGS_SCHEMA_DIR="$build/data"
exec "$build/src/app/ewelists" "$@"
