#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Ewelists developers
#
# Verifies our tokens with jose (https://github.com/panva/jose), installed
# from npm into a temporary directory for this run only:
#
#   tests/server/jose-verify.sh ISSUER CLIENT_ID ID_TOKEN ACCESS_TOKEN
#
# Exits 77 (skipped) when node or npm is missing, 0 when jose verified both
# tokens, 1 otherwise. test-jose runs it against a real server.

set -eu

# jose 5 runs on Node 18 (Debian 12's) and later.
JOSE_VERSION=5.10.0

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "jose-verify: node or npm is missing (Debian: apt-get install nodejs npm); skipped" >&2
  exit 77
fi

here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/ews-jose-XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

# A private npm cache too, so nothing outside $work is written.
npm install --prefix "$work" --cache "$work/.npm" --no-save --no-audit --no-fund --no-update-notifier \
    --loglevel=error "jose@$JOSE_VERSION" >&2
cp "$here/jose-verify.mjs" "$work/"

node "$work/jose-verify.mjs" "$@"
