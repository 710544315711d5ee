#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Ewelists developers
#
# Renders the hosted sign-in page (/oauth2/authorize) in Debian's headless
# Chromium at 360×720 and 1280×800, light and dark, and on a phone in
# German, French and Spanish, and the sign-up and new-password pages, for a
# person to look at. Usage:
# tests/server/oauth2-screenshot.sh [BUILD_DIR [OUT_DIR]] (defaults: build,
# and a new directory under /tmp). PNGs stay out of git.

set -eu

build_dir=${1:-build}
out_dir=${2:-$(mktemp -d /tmp/ewelists-oauth2-screenshots-XXXXXX)}

if [ ! -x /usr/bin/chromium ]; then
  echo "Install Debian's chromium first: apt-get install chromium" >&2
  exit 1
fi

ninja -C "$build_dir" src/server/ewelists-server ewelists-gmo >/dev/null
mkdir -p "$out_dir"

data_dir=$(mktemp -d /tmp/ewelists-oauth2-data-XXXXXX)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$build_dir/src/server/ewelists-server" --listen "127.0.0.1:$port" --data-dir "$data_dir" \
  --locale-dir "$(cd "$build_dir" && pwd)/po" 2>"$data_dir/server.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data_dir"' EXIT INT TERM

base="http://127.0.0.1:$port"
until curl -fs "$base/health" >/dev/null 2>&1; do sleep 0.1; done

# The desktop app's request: a loopback redirect, PKCE S256.
url="$base/oauth2/authorize?client_id=ewelists&redirect_uri=http%3A%2F%2F127.0.0.1%3A49152%2Fcb"
url="$url&response_type=code&state=s&nonce=n&code_challenge_method=S256"
url="$url&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"

shoot () { # NAME SIZE SCHEME LANGUAGE URL
  profile=$(mktemp -d /tmp/ewe-chromium-XXXXXX)
  /usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
    --user-data-dir="$profile" --screenshot="$out_dir/$1.png" --window-size="$2" \
    --accept-lang="$4" --blink-settings=preferredColorScheme="$3" "$5" >/dev/null 2>&1
  rm -rf "$profile"
}

shoot sign-in-1280x800 1280,800 1 en-US "$url"
shoot sign-in-1280x800-dark 1280,800 0 en-US "$url"
shoot sign-in-360x720 360,720 1 en-US "$url"
shoot sign-in-360x720-dark 360,720 0 en-US "$url"
for language in de fr es; do
  shoot "sign-in-360x720-$language" 360,720 1 "$language" "$url"
done
# The way to an account, and to a new password.
query=${url#*\?}
shoot sign-up-360x720 360,720 1 en-US "$base/signup?$query"
shoot sign-up-1280x800-dark 1280,800 0 en-US "$base/signup?$query"
shoot confirm-360x720 360,720 1 en-US "$base/confirm?$query"
shoot forgot-360x720-dark 360,720 0 en-US "$base/forgotPassword?$query"
shoot reset-360x720-fr 360,720 1 fr "$base/confirmForgotPassword?$query"
# A wrong password: the page again with its notice (the answer to the
# form, saved and opened as a file; its stylesheet still comes from the
# server).
jar="$data_dir/cookies"
token=$(curl -fs -c "$jar" "$url" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p')
curl -s -b "$jar" -o "$data_dir/wrong.html" --data-urlencode "csrf_token=$token" \
  --data "${url#*\?}&email=ann%40example.org&password=Wrong-password-1" "$base/oauth2/authorize"
shoot wrong-password-360x720 360,720 1 en-US "file://$data_dir/wrong.html"
shoot wrong-password-1280x800-dark 1280,800 0 en-US "file://$data_dir/wrong.html"
# What an unregistered redirect URI gets instead.
shoot refused-360x720-dark 360,720 0 en-US \
  "$base/oauth2/authorize?client_id=ewelists&redirect_uri=https%3A%2F%2Fevil.example.org%2F&response_type=code"

ls -1 "$out_dir"/*.png
