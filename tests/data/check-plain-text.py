#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that text from Chorus Pro, files or errors cannot reach a place that reads Pango markup.

libadwaita 1.2 reads as markup: row titles and subtitles unless use-markup is off, toast titles,
status page descriptions, preferences group titles and descriptions. So:
- every row of the templates (resources/ui) turns use-markup off;
- in src/ui, those setters take only literals (_("…") or NULL, or a choice between them); any other
  text goes through chorus-plain-text.h, which escapes it.
"""
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

top = sys.argv[1]
errors = []

ROWS = {"AdwActionRow", "AdwExpanderRow", "AdwComboRow", "AdwEntryRow", "AdwPasswordEntryRow"}
for path in sorted(glob.glob(os.path.join(top, "resources", "ui", "*.ui"))):
    for obj in ET.parse(path).iter("object"):
        if obj.get("class") not in ROWS:
            continue
        props = {p.get("name"): (p.text or "").strip() for p in obj.findall("property")}
        if props.get("use-markup", "").lower() not in ("false", "0", "no"):
            errors.append(f"{os.path.relpath(path, top)}: {obj.get('class')} "
                          f"{obj.get('id') or props.get('title')!r} reads its text as markup")

# Calls whose last argument is read as markup.
MARKUP_SETTERS = ("adw_toast_new", "adw_status_page_set_description",
                  "adw_preferences_group_set_title", "adw_preferences_group_set_description")
LITERAL = re.compile(r'^(_\((\s*"(?:[^"\\]|\\.)*")+\s*\)|NULL|"")$', re.S)


def call_argument(text, start):
    """The last top-level argument of the call whose '(' is at start."""
    depth, i, last = 0, start, start + 1
    in_string = False
    while i < len(text):
        c = text[i]
        if in_string:
            if c == "\\":
                i += 1
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return text[last:i].strip()
        elif c == "," and depth == 1:
            last = i + 1
        i += 1
    return ""


def is_literal(argument):
    if "?" in argument:
        choices = argument.split("?", 1)[1]
        return all(is_literal(part.strip()) for part in choices.split(":"))
    return LITERAL.match(argument) is not None


for path in sorted(glob.glob(os.path.join(top, "src", "ui", "*.c"))):
    if os.path.basename(path) == "chorus-plain-text.c":
        continue
    text = open(path, encoding="utf-8").read()
    for setter in MARKUP_SETTERS:
        for match in re.finditer(r"\b%s\s*\(" % setter, text):
            argument = call_argument(text, match.end() - 1)
            if not is_literal(argument):
                line = text.count("\n", 0, match.start()) + 1
                errors.append(f"{os.path.relpath(path, top)}:{line}: {setter} gets {argument!r}, "
                              "which may hold markup: use chorus-plain-text.h")

if errors:
    print("\n".join(errors))
    sys.exit(1)
print("no server text reaches markup")
