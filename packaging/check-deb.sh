#!/bin/sh
# Install the .deb as hospital IT would (apt, from the file), use TrialDesk from the PATH as a
# site would (packaging/check-bundle.sh), then remove the package: the program, its menu entry and
# icons go, the user's registry and settings stay.
#   packaging/check-deb.sh dist/trialdesk_<version>_amd64.deb [WORK_FOLDER]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
deb=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
work=${2:-$(mktemp -d)}
mkdir -p "$work"
fail() { echo "DEB CHECK FAILED: $*" >&2; exit 1; }
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"

dpkg-deb --field "$deb" Depends | grep -qiE "python|pip|gcc" && fail "Depends names Python, pip or a compiler"
DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=300 install -y -qq "$deb" >/dev/null \
    || fail "apt could not install $deb"
[ "$(command -v trialdesk)" = /usr/bin/trialdesk ] || fail "trialdesk is not on the PATH"
for file in /opt/trialdesk/trialdesk /usr/share/applications/trialdesk.desktop \
        /usr/share/icons/hicolor/256x256/apps/trialdesk.png /usr/share/icons/hicolor/16x16/apps/trialdesk.png; do
    [ -e "$file" ] || fail "$file was not installed"
done
grep -q "^Name\[zh_CN\]=" /usr/share/applications/trialdesk.desktop || fail "the menu entry has no Chinese name"
if command -v desktop-file-validate >/dev/null 2>&1; then
    desktop-file-validate /usr/share/applications/trialdesk.desktop || fail "desktop entry"
fi
env -i PATH=/usr/bin:/bin HOME="$work" trialdesk --version | grep -q "^trialdesk, version " || fail "--version from the PATH"
"$here/packaging/check-bundle.sh" /usr/bin/trialdesk "$work/site" || fail "the installed TrialDesk"

data="$work/site/home/.local/share/TrialDesk"
[ -f "$data/demo.sqlite3" ] || fail "no registry in the user's data folder"
before=$(sha256sum "$data/demo.sqlite3" | cut -d' ' -f1)
DEBIAN_FRONTEND=noninteractive $sudo dpkg --purge trialdesk >/dev/null || fail "dpkg could not remove it"
[ ! -e /opt/trialdesk ] && [ ! -e /usr/bin/trialdesk ] && [ ! -e /usr/share/applications/trialdesk.desktop ] \
    || fail "files left after removal"
[ "$(sha256sum "$data/demo.sqlite3" | cut -d' ' -f1)" = "$before" ] || fail "removing the package touched the registry"
[ -f "$work/site/site.sqlite3" ] || fail "removing the package removed a registry"
echo "deb check passed: $deb installed, used from the PATH, removed; the registries stayed"
