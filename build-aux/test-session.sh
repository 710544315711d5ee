#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Ewelists developers
#
# Runs a command inside the desktop session the tests need on a machine with
# no display: Xvfb outside a private D-Bus session (so what the bus starts
# sees DISPLAY), the accessibility bus, and a real gnome-keyring unlocked
# with a throwaway password, so libsecret talks to a real Secret Service.
#
#   build-aux/test-session.sh COMMAND [ARGS…]

set -eu

if [ "${EWELISTS_IN_TEST_SESSION:-}" != "1" ]; then
  export EWELISTS_IN_TEST_SESSION=1
  # A private HOME keeps the keyring and caches of one run from the next.
  if [ -z "${EWELISTS_TEST_HOME:-}" ]; then
    EWELISTS_TEST_HOME=$(mktemp -d /tmp/ewelists-test-home-XXXXXX)
    export EWELISTS_TEST_HOME
  fi
  exec xvfb-run -a -s "-screen 0 1280x800x24" \
    dbus-run-session -- "$0" "$@"
fi

export HOME="$EWELISTS_TEST_HOME"
export XDG_DATA_HOME="$HOME/.local/share"
export XDG_CONFIG_HOME="$HOME/.config"
export XDG_CACHE_HOME="$HOME/.cache"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"

if [ -x /usr/libexec/at-spi-bus-launcher ]; then
  /usr/libexec/at-spi-bus-launcher --launch-immediately >/dev/null 2>&1 &
fi

# gnome-keyring-daemon prints the variables to export; with --unlock it reads
# the password from stdin and creates the login keyring on first use.
eval "$(printf 'ewelists-tests' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL

status=0
"$@" || status=$?

kill "${GNOME_KEYRING_PID:-}" 2>/dev/null || true
exit $status
