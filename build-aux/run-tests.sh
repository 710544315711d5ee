#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Ewelists developers
#
# Installs what is missing, builds, and runs the whole test suite inside a
# headless desktop session (see test-session.sh).
#
#   build-aux/run-tests.sh [MESON TEST ARGS…]
#
# BUILD_DIR picks the build directory (default: build); MESON_SETUP_ARGS are
# passed to meson setup, e.g. -Db_sanitize=address,undefined. Warnings are
# errors here (-Dwerror=true; MESON_SETUP_ARGS may say otherwise).

set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build="${BUILD_DIR:-$top/build}"

"$top/build-aux/install-deps.sh" --tests

if [ ! -f "$build/build.ninja" ]; then
  # shellcheck disable=SC2086
  meson setup "$build" "$top" -Dwerror=true ${MESON_SETUP_ARGS:-}
fi
meson compile -C "$build"

exec "$top/build-aux/test-session.sh" \
  meson test -C "$build" --print-errorlogs --num-processes 2 "$@"
