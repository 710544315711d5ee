#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Ewelists developers
#
# Checks that C files are formatted as .clang-format says, changing nothing:
#
#   build-aux/check-format.sh [FILE…]
#
# Without FILEs, every .c file git knows of. Headers are checked only when
# named: their aligned prototypes are beyond clang-format (.clang-format
# says why). Exits 1 and shows what clang-format would change.

set -eu

top=$(cd "$(dirname "$0")/.." && pwd)

if ! command -v clang-format >/dev/null 2>&1; then
  echo "check-format: clang-format is missing; build-aux/install-deps.sh --tests installs it" >&2
  exit 2
fi

# Another major version formats some constructs differently: the verdict
# would be its, not ours.
version=$(clang-format --version | sed -n 's/.*version \([0-9]*\).*/\1/p')
if [ "$version" != "14" ]; then
  echo "check-format: clang-format $version here; the style is checked with 14 (Debian 12)" >&2
fi

# No file name in the tree has a space: the word splitting is safe.
if [ "$#" -eq 0 ]; then
  cd "$top"
  if [ -d .git ] || [ -f .git ]; then
    # shellcheck disable=SC2046
    set -- $(git ls-files '*.c')
  else
    # shellcheck disable=SC2046
    set -- $(find src tests bench -name '*.c' | sort)
  fi
fi

# --style=file finds .clang-format from each file's directory upwards.
exec clang-format --dry-run --Werror --style=file "$@"
