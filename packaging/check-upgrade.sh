#!/bin/sh
# Upgrades keep the data. Builds version N+1 of the bundle: this source with a bumped version
# and one more migration, made here only for the test (build/next/), then checks that:
#   - a registry that version N (dist/bundle/trialdesk) filled with patients and a signed
#     screening opens in N+1, which copies it to backups/ first, says where, migrates it, and
#     whose audit trail and signatures still verify;
#   - version N, started on the upgraded registry, refuses it and changes nothing.
# With --deb, also: the .deb of N+1 installs over the .deb of N (apt), and the user's
# registry stays where it was.
#   packaging/check-upgrade.sh [--deb] [WORK_FOLDER]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
with_deb=no
[ "${1:-}" = "--deb" ] && { with_deb=yes; shift; }
work=${1:-$(mktemp -d)}
mkdir -p "$work"
work=$(cd "$work" && pwd)
fail() { echo "UPGRADE CHECK FAILED: $*" >&2; exit 1; }

old="$here/dist/bundle/trialdesk/trialdesk"
[ -x "$old" ] || fail "no version N bundle at $old: run packaging/build.sh first"
version=$(cd "$here" && python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
next_version="$version+upgrade.test"

# Version N+1: the same source, a bumped version, one more migration.
next="$here/build/next"
rm -rf "$next"
mkdir -p "$next"
(cd "$here" && tar --exclude=./build --exclude=./dist --exclude=./.venv --exclude=.git -cf - .) | tar -C "$next" -xf -
sed -i "s/^version = \"$version\"/version = \"$next_version\"/" "$next/pyproject.toml"
head=$(cd "$here" && python3 -c 'from db.schema import head_revision; print(head_revision())')
cat > "$next/db/migrations/versions/9001_upgrade_test.py" <<EOF
"""upgrade test: a column only the upgrade check's N+1 build has

Revision ID: 9001
Revises: $head
"""
from alembic import op
import sqlalchemy as sa

revision = '9001'
down_revision = '$head'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('patient', schema=None) as batch_op:
        batch_op.add_column(sa.Column('upgrade_test_note', sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('patient', schema=None) as batch_op:
        batch_op.drop_column('upgrade_test_note')
EOF
# the build venv of version N serves N+1 too (build.sh reinstalls TrialDesk from the source it builds)
[ -d "$here/build/bundle-venv" ] && mkdir -p "$next/build" && ln -s "$here/build/bundle-venv" "$next/build/bundle-venv"
if [ "$with_deb" = yes ]; then "$next/packaging/build.sh" >"$work/build-next.log" 2>&1
else "$next/packaging/build.sh" --folder >"$work/build-next.log" 2>&1; fi || { tail -30 "$work/build-next.log"; fail "building N+1"; }
new="$next/dist/bundle/trialdesk/trialdesk"
"$new" --version | grep -q "$next_version" || fail "N+1 does not say its version"

# Version N fills a site registry (patients, accounts, a signed screening, signed PDFs).
"$here/packaging/check-bundle.sh" "$old" "$work/n" >"$work/n.log" 2>&1 || { tail -20 "$work/n.log"; fail "version N"; }
db="$work/n/site.sqlite3"

schema_of() {  # the schema revision in a registry file; an encrypted one opened as dr.li, by its key file
    PYTHONPATH="$here" "$here/.venv/bin/python" - "$1" <<'PY'
import datetime as dt
import sys
from pathlib import Path

from db.encryption import connect, is_encrypted, key_file_path, read_key_file

path = Path(sys.argv[1])
key = None
if is_encrypted(path):
    key, _ = read_key_file(key_file_path(path)).unlock("dr.li", "bundle-check-Passw0rd", dt.datetime.now(dt.timezone.utc))
print(connect(path, key, read_only=True).execute("SELECT version_num FROM alembic_version").fetchone()[0])
PY
}

site() {  # the bundle $1 as a site runs it, on the registry of version N's run
    program=$1; shift
    (cd "$work" && env -i HOME="$work/n/home" PATH=/usr/bin:/bin LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen \
        TRIALDESK_PASSWORD='bundle-check-Passw0rd' "$program" --db "$db" "$@")
}

site "$new" --user dr.li audit verify >"$work/next-audit.txt" 2>"$work/next-audit.err" \
    || { cat "$work/next-audit.err"; fail "N+1: audit verify after the upgrade"; }
grep -q "a copy of it as it was before is kept at $work/n/backups/site-schema-$head-before-9001-" "$work/next-audit.err" \
    || { cat "$work/next-audit.err"; fail "N+1 did not say where the copy before the upgrade is"; }
backup=$(ls "$work/n/backups/"site-schema-"$head"-before-9001-*.sqlite3)
[ "$(schema_of "$backup")" = "$head" ] || fail "the backup copy is not the registry as it was"
[ "$(schema_of "$db")" = 9001 ] || fail "the registry was not migrated"
site "$new" --user dr.li screening show NCT06394063-S0001 | grep -q "signed" || fail "N+1: the signed screening"
site "$new" --user dr.li verify "$work/n/checklist.pdf" >"$work/next-verify.txt" || { cat "$work/next-verify.txt"; fail "N+1: verify"; }
[ "$(site "$new" --user dr.li patients | grep -c .)" -ge 1 ] || fail "N+1: the patients"

# Version N on the upgraded registry: refused, untouched.
before=$(sha256sum "$db" | cut -d' ' -f1)
if site "$old" --user dr.li patients >"$work/old-on-new.txt" 2>&1; then fail "N opened N+1's registry"; fi
grep -q "was written by a newer version of TrialDesk" "$work/old-on-new.txt" || { cat "$work/old-on-new.txt"; fail "N's refusal"; }
grep -q "Traceback" "$work/old-on-new.txt" && fail "N's refusal came with a traceback"
[ "$(sha256sum "$db" | cut -d' ' -f1)" = "$before" ] || fail "N changed the registry it refused"

if [ "$with_deb" = yes ]; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    # the window's settings, as its Settings dialog writes them (Chinese chosen)
    settings="$work/n/home/.config/TrialDesk/TrialDesk.conf"
    mkdir -p "$(dirname "$settings")"
    printf '[ui]\nlanguage=zh_CN\n' >"$settings"
    settings_before=$(sha256sum "$settings" | cut -d' ' -f1)
    old_deb=$(ls "$here"/dist/trialdesk_"$version"_amd64.deb)
    new_deb=$(ls "$next"/dist/trialdesk_*upgrade.test*_amd64.deb)
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$old_deb" >/dev/null
    trialdesk --version | grep -q "version $version\$" || fail "deb N"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$new_deb" >/dev/null
    trialdesk --version | grep -q "version $next_version" || fail "deb N+1 over N"
    site /usr/bin/trialdesk --user dr.li audit verify >/dev/null || fail "deb N+1: the registry"
    DEBIAN_FRONTEND=noninteractive $sudo dpkg -r trialdesk >/dev/null
    [ -f "$db" ] && [ -d "$work/n/home/.local/share/TrialDesk" ] || fail "removing the package removed data"
    [ "$(sha256sum "$settings" | cut -d' ' -f1)" = "$settings_before" ] || fail "the settings changed"
fi
echo "upgrade check passed: $version -> $next_version, schema $head -> 9001 (copy: $backup)"
