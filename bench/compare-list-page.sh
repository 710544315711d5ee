#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Ewelists developers
#
# Runs two builds of bench-list-page one after the other, renderer by
# renderer, so "before" and "after" see the same machine at about the same
# time (this one is shared: figures drift by the minute). Run it inside the
# test session:
#
#   build-aux/test-session.sh bench/compare-list-page.sh BEFORE AFTER [ROUNDS]
#
# BEFORE and AFTER are bench-list-page executables, e.g. one built from main
# with this bench's source and one from the branch.

set -eu

before=$1
after=$2
rounds=${3:-1}
build=$(dirname "$(dirname "$(readlink -f "$after")")")

export GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1 GDK_BACKEND=x11
export GIO_USE_PROXY_RESOLVER=dummy GIO_USE_VFS=local

round=1
while [ "$round" -le "$rounds" ]; do
  for renderer in cairo default; do
    for which in before after; do
      if [ "$which" = before ]; then bin=$before; else bin=$after; fi
      if [ "$renderer" = cairo ]; then
        EWE_BENCH_RENDERER=cairo GSK_RENDERER=cairo "$bin" | sed "s/^/$which round $round /"
      else
        (unset GSK_RENDERER; EWE_BENCH_RENDERER=default "$bin") | sed "s/^/$which round $round /"
      fi
    done
  done
  round=$((round + 1))
done
