#!/usr/bin/env python3
"""Checks that the Flatpak manifest parses and names the app id, the command and the permissions."""
import json
import sys

path, app_id, command = sys.argv[1:4]
with open(path, encoding="utf-8") as f:
    manifest = json.load(f)

errors = []
if manifest.get("id", manifest.get("app-id")) != app_id:
    errors.append(f"id is {manifest.get('id')!r}, expected {app_id!r}")
if manifest.get("command") != command:
    errors.append(f"command is {manifest.get('command')!r}, expected {command!r}")
if manifest.get("runtime") != "org.gnome.Platform" or manifest.get("sdk") != "org.gnome.Sdk":
    errors.append("runtime and sdk must be org.gnome.Platform / org.gnome.Sdk")
args = manifest.get("finish-args", [])
for needed in ("--socket=wayland", "--socket=fallback-x11", "--share=network",
               "--talk-name=org.freedesktop.secrets"):
    if needed not in args:
        errors.append(f"finish-args lacks {needed}")
modules = manifest.get("modules", [])
app_module = modules[-1] if modules else {}
if app_module.get("buildsystem") != "meson":
    errors.append("the last module must build the app with meson")
if not any(src.get("type") == "dir" and src.get("path") == ".." for src in app_module.get("sources", [])):
    errors.append("the app module must build from the local tree (a dir source at ..)")
if errors:
    print("\n".join(errors))
    sys.exit(1)
print(f"{path}: ok")
