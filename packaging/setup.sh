#!/bin/sh
# Set up TrialDesk in ./.venv on a fresh machine.
#   packaging/setup.sh           the application
#   packaging/setup.sh --tests   the application and what its test suite needs
# On Debian/Ubuntu it first installs the system packages Qt and the reports need:
# a Chinese font (wqy-microhei) so names print, Qt's X11/EGL libraries for a real window,
# poppler-utils (pdftoppm, pdfsig) for the report checks, and libnss3-tools (certutil) so the
# signature tests can give pdfsig a certificate database that trusts a site CA.
set -eu
cd "$(dirname "$0")/.."

want_tests=no
[ "${1:-}" = "--tests" ] && want_tests=yes

if command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1; then
    packages="fonts-wqy-microhei libegl1 libgl1 libfontconfig1 libxkbcommon0 libxkbcommon-x11-0 \
libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-render-util0 \
libxcb-image0 libxcb-xinerama0 libxcb-randr0 poppler-utils libnss3-tools"
    missing=""
    for package in $packages; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing="$missing $package"
    done
    if [ -n "$missing" ]; then
        sudo=""
        [ "$(id -u)" -ne 0 ] && sudo="sudo"
        echo "Installing system packages:$missing"
        $sudo apt-get -o DPkg::Lock::Timeout=300 update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
            --no-install-recommends $missing >/dev/null
    fi
fi

python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
    echo "TrialDesk needs Python 3.11 or newer" >&2; exit 1; }
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ "$want_tests" = yes ]; then
    .venv/bin/python -m pip install -q ".[test]"
else
    .venv/bin/python -m pip install -q .
fi
