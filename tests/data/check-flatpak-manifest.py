#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks, without the network, that the Flatpak manifest would build and is no wider than needed.

- Identity: app id, command, GNOME runtime and SDK of the version whose contents are listed below.
- Dependencies: every dependency() of the meson.build files is provided by that runtime (the list
  below, with the version where the runtime's own release notes give it) or built by a module of
  the manifest. The GNOME runtime has no poppler: the manifest builds it, with its data.
- Sources: every module but the app is pinned (an archive with its sha256, or a git commit).
- Permissions: finish-args only from the allowed list, each with its reason. In particular no
  org.freedesktop.secrets (libsecret >= 0.20 uses the Secret portal inside the sandbox, which keeps
  this app's secrets apart instead of opening the whole session keyring to a process that parses
  untrusted PDFs) and no org.freedesktop.Notifications (GNotification goes through the portal).

Usage: check-flatpak-manifest.py MANIFEST APP_ID COMMAND SOURCE_ROOT
"""
import json
import os
import re
import sys

RUNTIME = "org.gnome.Platform"
SDK = "org.gnome.Sdk"
RUNTIME_VERSION = "47"

# pkg-config names the GNOME 47 runtime (on the freedesktop SDK 24.08 base) provides, with the
# version it ships when the GNOME 47 release gives it; None: present, version not checked here.
RUNTIME_PROVIDES = {
    "glib-2.0": "2.82",
    "gio-2.0": "2.82",
    "gobject-2.0": "2.82",
    "gio-unix-2.0": "2.82",
    "gtk4": "4.16",
    "libadwaita-1": "1.6",
    "libsoup-3.0": "3.6",
    "json-glib-1.0": "1.10",
    "libsecret-1": "0.21",
    "libxml-2.0": None,
    "sqlite3": None,
    "cairo": None,
    "zlib": None,   # the freedesktop base: inflate for the ZIP answers of telecharger/groupe
}

# What each module of the manifest installs, as pkg-config names.
MODULE_PROVIDES = {
    "poppler": {"poppler", "poppler-glib"},
    "poppler-data": {"poppler-data"},
}

# Every permission the app may have, and why it needs it.
ALLOWED_FINISH_ARGS = {
    "--share=network": "talks to Chorus Pro and PISTE over HTTPS",
    "--share=ipc": "X11 shared memory, which the X11 fallback needs",
    "--socket=wayland": "shows its windows",
    "--socket=fallback-x11": "shows its windows where there is no Wayland",
    "--device=dri": "GTK 4 renders with the GPU",
}
REQUIRED_FINISH_ARGS = {"--share=network", "--socket=wayland", "--socket=fallback-x11"}

path, app_id, command, top = sys.argv[1:5]
with open(path, encoding="utf-8") as f:
    manifest = json.load(f)

errors = []

if manifest.get("id", manifest.get("app-id")) != app_id:
    errors.append(f"id is {manifest.get('id')!r}, expected {app_id!r}")
if manifest.get("command") != command:
    errors.append(f"command is {manifest.get('command')!r}, expected {command!r}")
if manifest.get("runtime") != RUNTIME or manifest.get("sdk") != SDK:
    errors.append(f"runtime and sdk must be {RUNTIME} / {SDK}")
if str(manifest.get("runtime-version")) != RUNTIME_VERSION:
    errors.append(f"runtime-version is {manifest.get('runtime-version')!r}: the list of what the runtime "
                  f"provides in this test is for {RUNTIME_VERSION}; update both together")

# Permissions.
args = manifest.get("finish-args", [])
for arg in args:
    if arg not in ALLOWED_FINISH_ARGS:
        errors.append(f"finish-args has {arg}, which is not in the allowed list of this test")
for needed in sorted(REQUIRED_FINISH_ARGS - set(args)):
    errors.append(f"finish-args lacks {needed} ({ALLOWED_FINISH_ARGS[needed]})")

# Modules and their sources.
modules = manifest.get("modules", [])
app_module = modules[-1] if modules else {}
if app_module.get("buildsystem") != "meson":
    errors.append("the last module must build the app with meson")
if not any(src.get("type") == "dir" and src.get("path") == ".." for src in app_module.get("sources", [])):
    errors.append("the app module must build from the local tree (a dir source at ..)")
if "-Dtests=false" not in app_module.get("config-opts", []):
    errors.append("the app module must not build the tests (they need Xvfb and a keyring)")
built = set()
for module in modules[:-1]:
    if not isinstance(module, dict):
        errors.append(f"module {module!r} must be written in the manifest, not included from a file")
        continue
    name = module.get("name")
    built |= MODULE_PROVIDES.get(name, {name})
    sources = module.get("sources", [])
    if not sources:
        errors.append(f"module {name} has no sources")
    for src in sources:
        kind = src.get("type")
        if kind in ("archive", "file"):
            if not re.fullmatch(r"[0-9a-f]{64}", src.get("sha256", "")):
                errors.append(f"module {name}: {src.get('url')} has no sha256")
            if not src.get("url", "").startswith("https://"):
                errors.append(f"module {name}: {src.get('url')} is not fetched over https")
        elif kind == "git":
            if not re.fullmatch(r"[0-9a-f]{40}", src.get("commit", "")):
                errors.append(f"module {name}: git source {src.get('url')} is not pinned to a commit")
        else:
            errors.append(f"module {name}: a {kind} source cannot be pinned")


def version_tuple(text):
    return tuple(int(part) for part in re.findall(r"\d+", text))


def satisfies(available, requirement):
    match = re.fullmatch(r"\s*(>=|>|==|=)?\s*([\d.]+)\s*", requirement)
    if match is None:
        return False
    op, wanted = match.group(1) or ">=", version_tuple(match.group(2))
    have = version_tuple(available)[:len(wanted)]
    return {">=": have >= wanted, ">": have > wanted, "==": have == wanted, "=": have == wanted}[op]


# Every dependency() of the build, with its version requirement (a literal or a variable).
dependencies = []
for root, dirs, files in os.walk(top):
    dirs[:] = [d for d in dirs if not d.startswith((".", "_build", "subprojects"))]
    if "meson.build" not in files:
        continue
    text = open(os.path.join(root, "meson.build"), encoding="utf-8").read()
    variables = dict(re.findall(r"^(\w+)\s*=\s*'([^']*)'\s*$", text, re.M))
    for match in re.finditer(r"(?<![\w_])dependency\(\s*'([^']+)'([^)]*)\)", text):
        version = re.search(r"version\s*:\s*(?:'([^']*)'|(\w+))", match.group(2))
        requirement = None
        if version:
            requirement = version.group(1) if version.group(1) is not None else variables.get(version.group(2))
            if requirement is None:
                errors.append(f"{root}/meson.build: cannot read the version of {match.group(1)}")
        dependencies.append((match.group(1), requirement))

if not dependencies:
    errors.append(f"no dependency() found under {top}")
for name, requirement in dependencies:
    if name in built:
        continue
    if name not in RUNTIME_PROVIDES:
        errors.append(f"dependency {name} is neither in the {RUNTIME} {RUNTIME_VERSION} runtime "
                      "nor built by a module of the manifest")
        continue
    available = RUNTIME_PROVIDES[name]
    if requirement and available and not satisfies(available, requirement):
        errors.append(f"dependency {name} {requirement}: the runtime has {available}")

if errors:
    print("\n".join(errors))
    sys.exit(1)
print(f"{path}: ok ({len(dependencies)} dependencies, {len(args)} permissions)")
