#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Ewelists developers
#
# Builds the libFuzzer targets (tests/fuzz) with clang, under AddressSanitizer
# and UBSan, and runs each for a bounded time on a copy of its seed corpus:
#
#   build-aux/run-fuzzers.sh [SECONDS PER TARGET]     (default 60)
#
# A crash, a sanitizer report or a hang fails the run; the input that did it
# is kept in the build directory (build-fuzz/crashes/) to be turned into a
# test. The gcc builds are the ones that treat warnings as errors; clang warns
# about g_autoptr variables that only exist to be cleaned up, so this build
# does not.

set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build="${FUZZ_BUILD_DIR:-$top/build-fuzz}"
seconds="${1:-60}"

"$top/build-aux/install-deps.sh" --tests

if [ ! -f "$build/build.ninja" ]; then
  CC=clang meson setup "$build" "$top" -Dfuzzing=true -Dapp=false -Dtests=false -Dbenchmarks=false \
    -Db_sanitize=address,undefined -Db_lundef=false -Dwerror=false
fi
ninja -C "$build" tests/fuzz/fuzz-json tests/fuzz/fuzz-http

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$build/crashes"

for target in json http; do
  mkdir -p "$work/$target"
  cp "$top/tests/fuzz/corpus/$target/"* "$work/$target/"
  echo "== fuzz-$target for $seconds s =="
  # The server answers every fuzzed request with a log line: keep them out
  # of CI's log unless something goes wrong.
  if ! ASAN_OPTIONS="detect_leaks=0:abort_on_error=1" \
       UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
       "$build/tests/fuzz/fuzz-$target" -max_total_time="$seconds" -max_len=16384 -timeout=20 \
         -artifact_prefix="$build/crashes/$target-" -print_final_stats=1 "$work/$target" \
         2> "$work/$target.log"; then
    grep -v -E '^(GET|POST|PUT|DELETE|OPTIONS|HEAD|PATCH) ' "$work/$target.log" | tail -80
    echo "fuzz-$target failed; the input is in $build/crashes/" >&2
    exit 1
  fi
  grep -E '^(#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units|stat::peak_rss_mb)' "$work/$target.log"
done

echo "== fuzzers found nothing =="
