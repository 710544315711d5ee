#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Ewelists developers
#
# Checks the server's systemd unit as systemd reads it: a key it does not
# know, a bad value or a missing program fails, and so does a sandbox
# weakened past an exposure of 2.0 in `systemd-analyze security`.
#
#   build-aux/check-systemd-unit.sh UNIT INSTALLED-PROGRAM BUILT-PROGRAM
#
# The unit names the program where it will be installed; the check runs
# on a copy that names the one just built, which exists.

set -eu

if ! command -v systemd-analyze >/dev/null 2>&1; then
  echo "systemd-analyze is not installed (Debian's systemd package): skipped"
  exit 77
fi

unit="$1"
installed="$2"
built="$3"

dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
copy="$dir/$(basename "$unit")"
sed "s|$installed|$built|g" "$unit" >"$copy"

# verify only warns (exit 0) on an unknown key or a value it ignores:
# anything it says is a failure.
if ! systemd-analyze verify --man=no "$copy" >"$dir/verify.log" 2>&1 || [ -s "$dir/verify.log" ]; then
  sed "s|$dir/||" "$dir/verify.log"
  echo "systemd-analyze verify refuses $(basename "$unit")"
  exit 1
fi

# 20 on the threshold's scale is 2.0 in what `security` prints.
if ! systemd-analyze security --offline=yes --threshold=20 "$copy" >"$dir/security.log" 2>&1; then
  grep -v '^✓' "$dir/security.log" | sed "s|$dir/||"
  echo "$(basename "$unit") is less sandboxed than it should be (exposure over 2.0)"
  exit 1
fi

tail -n 1 "$dir/security.log"
