#!/bin/sh
# Refresh the translation sources from every string marked for translation in ui/
# (self.tr, QCoreApplication.translate, QT_TRANSLATE_NOOP) and in the core's words the window
# shows too (coordinator/signing/words.py), then build the .qm files the application loads. Translate new strings with Qt Linguist (pyside6-linguist FILE.ts), then run
# this again.
#
# trialdesk_zh_CN.ts: every string, in Simplified Chinese.
# trialdesk_en.ts: only the strings with a count (%n), in their English singular and plural
# ("%n patient(s)" -> "1 patient", "2 patients"); every other English string is the code's own.
set -eu
cd "$(dirname "$0")/.."
bin=${PYSIDE6_BIN:-.venv/bin}
folder=resources/translations

# sorted file list: the .ts comes out the same whatever order the file system gives
{ find ui -name '*.py'; echo coordinator/signing/words.py; } | LC_ALL=C sort > /tmp/trialdesk-lupdate-files.$$
trap 'rm -f /tmp/trialdesk-lupdate-files.$$' EXIT
"$bin/pyside6-lupdate" -no-obsolete -locations none @/tmp/trialdesk-lupdate-files.$$ -ts "$folder/trialdesk_zh_CN.ts"
"$bin/pyside6-lupdate" -pluralonly -no-obsolete -locations none -target-language en \
    @/tmp/trialdesk-lupdate-files.$$ -ts "$folder/trialdesk_en.ts"
for language in zh_CN en; do
    ts="$folder/trialdesk_$language.ts"
    "$bin/pyside6-lrelease" "$ts" -qm "$folder/trialdesk_$language.qm"
    unfinished=$(grep -c 'type="unfinished"' "$ts" || true)
    if [ "$unfinished" -gt 0 ]; then
        echo "$unfinished string(s) still to translate in $ts (open it with $bin/pyside6-linguist)" >&2
    fi
done
exit 0
