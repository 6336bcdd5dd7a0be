#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a translatable string of the sources has no French translation (or a fuzzy one).
set -eu
top="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$top"
grep -v '^#' po/POTFILES.in | grep -v '^$' > "$work/files"
# A source with translatable strings that POTFILES.in forgets would escape the check below.
missing=0
for f in $(grep -rlE '(^|[^A-Za-z0-9_])N?_ ?\("|translatable="yes"' src resources data --include='*.c' --include='*.ui' --include='*.in' --include='*.xml' | sort); do
  if ! grep -qx "$f" "$work/files"; then
    echo "$f has translatable strings but is not in po/POTFILES.in"
    missing=1
  fi
done
[ "$missing" -eq 0 ] || exit 1
xgettext --files-from="$work/files" --directory="$top" --from-code=UTF-8 \
  --add-comments=Translators --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 --keyword=g_dpgettext2:2c,3 \
  --output="$work/chorus-desk.pot" 2>"$work/xgettext.log" || { cat "$work/xgettext.log"; exit 1; }
msgmerge --quiet --no-fuzzy-matching "po/fr.po" "$work/chorus-desk.pot" -o "$work/fr.po"
stats=$(msgfmt --check --statistics -o /dev/null "$work/fr.po" 2>&1)
echo "fr: $stats"
case "$stats" in
  *untranslated*|*fuzzy*)
    echo "Untranslated strings:"
    msgattrib --untranslated --no-obsolete "$work/fr.po" | grep -A1 '^msgid' | head -80
    exit 1;;
esac
# Every string in fr.po must also be in use: catches stale entries nobody will ever see.
obsolete=$(msgattrib --only-obsolete "$work/fr.po" | grep -c '^#~ msgid' || true)
echo "fr: $obsolete unused entries"
