#!/bin/sh
# Build what a site installs offline, on a Linux build machine with internet (PyPI, apt):
#   dist/trialdesk-<version>-linux-x86_64.tar.gz   the self-contained folder trialdesk/
#   dist/trialdesk_<version>_amd64.deb             the same under /opt/trialdesk, for apt/dpkg
# The folder is made by PyInstaller from packaging/trialdesk.spec (the same spec builds the
# Windows folder on a Windows machine: docs/installing.md). The bundle runs on a glibc at least
# as new as the build machine's (Debian 12: 2.36); build on the oldest system you must support.
#   packaging/build.sh            both artefacts
#   packaging/build.sh --folder   only dist/bundle/trialdesk (quicker, for trying the bundle)
set -eu
cd "$(dirname "$0")/.."
repo=$(pwd)
only_folder=no
[ "${1:-}" = "--folder" ] && only_folder=yes

# What the build itself needs from the system: binutils (objdump, for the glibc the bundle needs).
if command -v apt-get >/dev/null 2>&1 && ! command -v objdump >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get -o DPkg::Lock::Timeout=300 update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
        --no-install-recommends binutils >/dev/null
fi

version=$(python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
echo "Building TrialDesk $version"
started=$(date +%s)

# A build venv of its own: the application as pip installs it (not the source tree) and PyInstaller.
venv=build/bundle-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip
"$venv/bin/python" -m pip install -q . -r packaging/build-requirements.txt
"$venv/bin/python" -m pip install -q --force-reinstall --no-deps .  # this very source, whatever its version

rm -rf dist/bundle build/pyinstaller
# Run from outside the source tree so that only the installed package is bundled.
(cd build && "$repo/$venv/bin/python" -m PyInstaller --noconfirm --log-level WARN \
    --distpath "$repo/dist/bundle" --workpath "$repo/build/pyinstaller" "$repo/packaging/trialdesk.spec")
bundle=dist/bundle/trialdesk
"$bundle/trialdesk" --version
[ "$only_folder" = yes ] && { echo "folder: $bundle"; exit 0; }

tarball=dist/trialdesk-$version-linux-x86_64.tar.gz
tar -C dist/bundle -czf "$tarball" trialdesk

# The .deb: the folder under /opt/trialdesk, the command on the PATH, a desktop entry and icons.
root=build/deb-root
rm -rf "$root"
mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
    "$root/usr/share/doc/trialdesk"
cp -a "$bundle" "$root/opt/trialdesk"
ln -s /opt/trialdesk/trialdesk "$root/usr/bin/trialdesk"
cp packaging/linux/trialdesk.desktop "$root/usr/share/applications/"
for size in 16 24 32 48 64 128 256; do
    mkdir -p "$root/usr/share/icons/hicolor/${size}x${size}/apps"
    cp "resources/icons/trialdesk-$size.png" "$root/usr/share/icons/hicolor/${size}x${size}/apps/trialdesk.png"
done
cp packaging/linux/copyright "$root/usr/share/doc/trialdesk/copyright"
depends=$("$venv/bin/python" packaging/linux/depends.py "$root/opt/trialdesk")
installed_kb=$(du -sk "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@INSTALLED_SIZE@/$installed_kb/" -e "s/@DEPENDS@/$depends/" \
    packaging/linux/control.in > "$root/DEBIAN/control"
cp packaging/linux/postinst packaging/linux/postrm "$root/DEBIAN/"
chmod 0755 "$root/DEBIAN/postinst" "$root/DEBIAN/postrm"
deb=dist/trialdesk_${version}_amd64.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null

echo "built in $(( $(date +%s) - started )) s:"
echo "  folder  $bundle: $(du -sm "$bundle" | cut -f1) MB unpacked"
echo "  $tarball: $(( $(stat -c %s "$tarball") / 1048576 )) MB"
echo "  $deb: $(( $(stat -c %s "$deb") / 1048576 )) MB"
echo "  Depends: $depends"
