#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Ewelists developers
#
# Installs oidc-provider (https://github.com/panva/node-oidc-provider, a
# certified OpenID Connect provider) from npm into DIR, with
# oidc-upstream.mjs beside it, for test-oauth2-upstream to run:
#
#   tests/server/oidc-upstream.sh DIR
#
# Exits 77 (skipped) when node or npm is missing, 0 once installed.

set -eu

# oidc-provider 8 runs on Node 18 (Debian 12's) and later.
OIDC_PROVIDER_VERSION=8.8.1

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "oidc-upstream: node or npm is missing (Debian: apt-get install nodejs npm); skipped" >&2
  exit 77
fi

here=$(cd "$(dirname "$0")" && pwd)
work=$1

# A private npm cache too, so nothing outside $work is written.
npm install --prefix "$work" --cache "$work/.npm" --no-save --no-audit --no-fund --no-update-notifier \
    --loglevel=error "oidc-provider@$OIDC_PROVIDER_VERSION" >&2
cp "$here/oidc-upstream.mjs" "$work/"
