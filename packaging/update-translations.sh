#!/bin/sh
# Refresh the Chinese translation source from every string marked for translation in ui/
# (self.tr, QCoreApplication.translate, QT_TRANSLATE_NOOP), then build the .qm the application
# loads. Translate new strings with Qt Linguist (pyside6-linguist FILE.ts), then run this again.
set -eu
cd "$(dirname "$0")/.."
bin=${PYSIDE6_BIN:-.venv/bin}
ts=resources/translations/trialdesk_zh_CN.ts
qm=resources/translations/trialdesk_zh_CN.qm

# sorted file list: the .ts comes out the same whatever order the file system gives
find ui -name '*.py' | LC_ALL=C sort > /tmp/trialdesk-lupdate-files.$$
trap 'rm -f /tmp/trialdesk-lupdate-files.$$' EXIT
"$bin/pyside6-lupdate" -no-obsolete -locations none @/tmp/trialdesk-lupdate-files.$$ -ts "$ts"
"$bin/pyside6-lrelease" "$ts" -qm "$qm"
unfinished=$(grep -c 'type="unfinished"' "$ts" || true)
if [ "$unfinished" -gt 0 ]; then
    echo "$unfinished string(s) still to translate in $ts (open it with $bin/pyside6-linguist)" >&2
fi
exit 0
