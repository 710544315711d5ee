#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Ewelists developers
"""Checks the Flatpak manifest without flatpak-builder (which needs the network):
valid JSON, the app id and command meson builds, the project module last and
built with meson, every downloaded source pinned by sha256, and finish-args
limited to what the app needs."""

import argparse
import json
import re
import sys

ALLOWED_FINISH_ARGS = {
    "--share=network",       # the Ewelists server and shop pages
    "--share=ipc",           # X11 shared memory
    "--socket=fallback-x11",
    "--socket=wayland",
    "--device=dri",          # GL rendering, WebKit
    "--talk-name=org.freedesktop.secrets",  # tokens in the Secret Service
}

REQUIRED_FINISH_ARGS = {"--share=network", "--socket=wayland", "--socket=fallback-x11"}


def fail(errors):
    for error in errors:
        print(f"flatpak manifest: {error}", file=sys.stderr)
    sys.exit(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("manifest")
    parser.add_argument("--app-id", required=True)
    parser.add_argument("--command", required=True)
    parser.add_argument("--project", required=True)
    args = parser.parse_args()

    try:
        with open(args.manifest, encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        fail([f"cannot read {args.manifest}: {e}"])

    errors = []
    if not isinstance(manifest, dict):
        fail(["the top level is not an object"])

    app_id = manifest.get("id", manifest.get("app-id"))
    if app_id != args.app_id:
        errors.append(f"id is {app_id!r}, meson builds {args.app_id!r}")
    if manifest.get("command") != args.command:
        errors.append(f"command is {manifest.get('command')!r}, meson builds {args.command!r}")
    if manifest.get("runtime") != "org.gnome.Platform" or manifest.get("sdk") != "org.gnome.Sdk":
        errors.append("runtime and sdk must be org.gnome.Platform and org.gnome.Sdk")
    if not re.fullmatch(r"\d+", str(manifest.get("runtime-version", ""))):
        errors.append("runtime-version must be a GNOME release number such as 47")

    finish_args = manifest.get("finish-args", [])
    for arg in finish_args:
        if arg not in ALLOWED_FINISH_ARGS:
            errors.append(f"finish-arg {arg!r} is more than the app needs")
    for arg in REQUIRED_FINISH_ARGS - set(finish_args):
        errors.append(f"finish-arg {arg!r} is missing")

    modules = manifest.get("modules", [])
    if not modules or not isinstance(modules, list):
        errors.append("no modules")
    else:
        project = modules[-1]
        if not isinstance(project, dict) or project.get("name") != args.project:
            errors.append(f"the last module must be the project, {args.project!r}")
        elif project.get("buildsystem") != "meson":
            errors.append("the project module must build with meson")
        for module in modules:
            if not isinstance(module, dict) or "name" not in module:
                errors.append(f"module {module!r} has no name")
                continue
            for source in module.get("sources", []):
                if source.get("type") in ("archive", "file") and "url" in source:
                    if not re.fullmatch(r"[0-9a-f]{64}", source.get("sha256", "")):
                        errors.append(f"module {module['name']}: {source['url']} has no sha256")
                    if not source["url"].startswith("https://"):
                        errors.append(f"module {module['name']}: {source['url']} is not https")

    if errors:
        fail(errors)
    print(f"flatpak manifest: {args.manifest} is consistent ({len(modules)} modules)")


if __name__ == "__main__":
    main()
