#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Ewelists developers
#
# Installs the Debian 12 packages Ewelists needs to build, run and test, if
# any is missing. Works as root, or through sudo otherwise.
#
#   build-aux/install-deps.sh          packages to build and run
#   build-aux/install-deps.sh --tests  and the ones the test suite uses

set -eu

# librsvg2-common is GTK's SVG loader, needed at run time for the app's
# icon, the occasions' pictures and libadwaita's icons; it is only a
# Recommends of libgtk-4-1, which --no-install-recommends leaves out.
BUILD_PACKAGES="
  gcc
  meson
  ninja-build
  pkg-config
  gettext
  libglib2.0-dev
  libglib2.0-bin
  libgtk-4-dev
  libadwaita-1-dev
  libsoup-3.0-dev
  libjson-glib-dev
  libsecret-1-dev
  libwebkitgtk-6.0-dev
  libsqlite3-dev
  libpq-dev
  libcurl4-gnutls-dev
  libgnutls28-dev
  libgmp-dev
  libargon2-dev
  libqrencode-dev
  libxml2-dev
  desktop-file-utils
  appstream
  gnome-keyring
  adwaita-icon-theme
  librsvg2-common
"

TEST_PACKAGES="
  xvfb
  xauth
  dbus
  dbus-x11
  libsecret-tools
  at-spi2-core
  python3
  python3-pyatspi
  python3-jsonschema
  imagemagick
  poppler-utils
  xdotool
  gdb
  stress-ng
  chromium
  postgresql
  clang
  clang-format
  libclang-rt-14-dev
  nodejs
  npm
  wrk
  nginx-light
  locales
  systemd
"

# The app's tests in German and French (tests/app/test-languages.c) take
# the month names of dates from the C library's locales, which a fresh
# Debian has none of: generated from the locales package.
TEST_LOCALES="de_DE.UTF-8 fr_FR.UTF-8 es_ES.UTF-8"

packages="$BUILD_PACKAGES"
if [ "${1:-}" = "--tests" ]; then
  packages="$packages $TEST_PACKAGES"
fi

# Node.js and npm may come from elsewhere than Debian (NodeSource's nodejs
# bundles npm and conflicts with Debian's npm package): any working node and
# npm on PATH will do for the tests that use them.
provided_by_command () {
  case "$1" in
    nodejs) command -v node >/dev/null 2>&1 ;;
    npm) command -v npm >/dev/null 2>&1 ;;
    *) return 1 ;;
  esac
}

missing=""
for package in $packages; do
  if provided_by_command "$package"; then
    continue
  fi
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $package"
  fi
done

# locale -a writes de_DE.utf8 for de_DE.UTF-8.
missing_locales=""
if [ "${1:-}" = "--tests" ]; then
  for name in $TEST_LOCALES; do
    short="$(echo "$name" | sed 's/\.UTF-8$/.utf8/')"
    if ! locale -a 2>/dev/null | grep -qx "$short"; then
      missing_locales="$missing_locales $name"
    fi
  done
fi

if [ -z "$missing" ] && [ -z "$missing_locales" ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=""
elif command -v sudo >/dev/null 2>&1; then
  as_root="sudo"
else
  echo "install-deps: these packages or locales are missing and I am neither root nor able to sudo:$missing$missing_locales" >&2
  exit 1
fi

if [ -n "$missing" ]; then
  # sudo resets the environment: DEBIAN_FRONTEND goes through env(1).
  echo "install-deps: installing$missing"
  $as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
fi

if [ -n "$missing_locales" ]; then
  echo "install-deps: generating the locales$missing_locales"
  for name in $missing_locales; do
    $as_root sed -i "s/^# *\($name UTF-8\)/\1/" /etc/locale.gen
  done
  $as_root locale-gen
fi
