#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Ewelists developers
#
# Signs in to our server with amazon-cognito-identity-js (AWS's own client,
# https://www.npmjs.com/package/amazon-cognito-identity-js), its default
# authenticateUser, that is USER_SRP_AUTH, installed from npm into a
# temporary directory for this run only:
#
#   tests/server/cognito-js-sign-in.sh ENDPOINT USER_POOL_ID CLIENT_ID EMAIL PASSWORD
#
# Exits 77 (skipped) when node or npm is missing, 0 when the library signed
# in (and was refused a wrong password), 1 otherwise. test-cognito-js runs
# it against a real server.

set -eu

# 6.x needs fetch, which Node 18 (Debian 12's) has.
COGNITO_JS_VERSION=6.3.21

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "cognito-js-sign-in: node or npm is missing (Debian: apt-get install nodejs npm); skipped" >&2
  exit 77
fi

here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/ews-cognito-js-XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

# A private npm cache too, so nothing outside $work is written.
npm install --prefix "$work" --cache "$work/.npm" --no-save --no-audit --no-fund --no-update-notifier \
    --loglevel=error "amazon-cognito-identity-js@$COGNITO_JS_VERSION" >&2
cp "$here/cognito-js-sign-in.mjs" "$work/"

node "$work/cognito-js-sign-in.mjs" "$@"
