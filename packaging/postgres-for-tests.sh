#!/bin/sh
# A throwaway PostgreSQL server for the test suite, on Debian/Ubuntu.
#
#   url=$(packaging/postgres-for-tests.sh)
#   TRIALDESK_TEST_POSTGRES_URL=$url .venv/bin/python -m pytest
#   packaging/postgres-for-tests.sh --stop      stops the server again (its data stays)
#
# Installs the `postgresql` package when it is missing, makes a cluster of its own in
# $TRIALDESK_PG_DIR (default /var/tmp/trialdesk-postgres) listening on 127.0.0.1 only, port
# $TRIALDESK_PG_PORT (default 55432), starts it, makes the role `trialdesk` and the database
# `trialdesk_test`, and prints an SQLAlchemy URL for them on standard output (everything else
# goes to standard error). Safe to run again: what is already there is reused.
#
# The database takes its collation from the operating system's locale $TRIALDESK_PG_LOCALE
# (default zh_CN.UTF-8, generated if missing), as a hospital's server made by Debian's
# postgresql package would, not byte order: code that relies on binary order fails here as it
# would on site. Nothing in it is worth keeping: it runs with fsync off.
# Remove it with: packaging/postgres-for-tests.sh --stop; rm -rf DIR
set -eu

dir=${TRIALDESK_PG_DIR:-/var/tmp/trialdesk-postgres}
port=${TRIALDESK_PG_PORT:-55432}
locale_name=${TRIALDESK_PG_LOCALE:-zh_CN.UTF-8}
role=trialdesk
database=trialdesk_test

say() { echo "postgres-for-tests: $*" >&2; }
fail() { say "$*"; exit 1; }

server_bin() {
    for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$candidate/pg_ctl" ] && [ -x "$candidate/initdb" ] && { echo "$candidate"; return 0; }
    done
    return 1
}

if [ "${1:-}" = "--stop" ]; then
    bin=$(server_bin) || exit 0
    [ -s "$dir/data/PG_VERSION" ] || exit 0
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$bin/pg_ctl" status -D "$dir/data" >/dev/null 2>&1 || exit 0
        runuser -u postgres -- "$bin/pg_ctl" stop -D "$dir/data" -m fast -w >&2
    else
        "$bin/pg_ctl" status -D "$dir/data" >/dev/null 2>&1 || exit 0
        "$bin/pg_ctl" stop -D "$dir/data" -m fast -w >&2
    fi
    exit 0
fi

if ! bin=$(server_bin); then
    command -v apt-get >/dev/null 2>&1 || fail "no PostgreSQL server found and no apt-get to install one"
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    say "installing the postgresql package"
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql >&2
    bin=$(server_bin) || fail "the postgresql package did not bring pg_ctl and initdb"
fi

# The server reads the system's locales when it starts: make the one wanted first.
has_locale() {
    wanted=$(echo "$locale_name" | tr 'A-Z' 'a-z' | sed 's/utf-8$/utf8/')
    locale -a 2>/dev/null | tr 'A-Z' 'a-z' | grep -qx "$wanted"
}
new_locale=no
if ! has_locale; then
    [ "$(id -u)" -eq 0 ] || fail "locale $locale_name is missing; generate it (as root: locale-gen) or set TRIALDESK_PG_LOCALE"
    if [ ! -f /etc/locale.gen ] || ! command -v locale-gen >/dev/null 2>&1; then
        say "installing the locales package"
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends locales >&2
    fi
    charset=${locale_name#*.}
    grep -qxF "$locale_name $charset" /etc/locale.gen || echo "$locale_name $charset" >>/etc/locale.gen
    say "generating locale $locale_name"
    locale-gen >&2
    has_locale || fail "could not generate locale $locale_name"
    new_locale=yes
fi

# PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` user the
# package made; otherwise to whoever runs this.
if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || fail "no 'postgres' user to own the cluster"
    owner=postgres
    as_owner() { runuser -u postgres -- "$@"; }
else
    owner=$(id -un)
    as_owner() { "$@"; }
fi

data="$dir/data"
log="$dir/server.log"
mkdir -p "$dir"
chown "$owner" "$dir"
chmod 700 "$dir"

if [ ! -s "$data/PG_VERSION" ]; then
    say "creating a cluster in $data"
    rm -rf "$data"
    as_owner "$bin/initdb" -D "$data" -U postgres --encoding=UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; fail "initdb failed"; }
    # Throwaway data: trade durability for speed. Later settings override earlier ones.
    cat >>"$data/postgresql.conf" <<EOF

# postgres-for-tests.sh
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
fi
# The port may differ from the last run; the line below wins over earlier ones.
sed -i '/^port = /d' "$data/postgresql.conf"
echo "port = $port" >>"$data/postgresql.conf"

if as_owner "$bin/pg_ctl" status -D "$data" >/dev/null 2>&1; then
    running_port=$(as_owner "$bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -Atqc "SHOW port" 2>/dev/null || true)
    if [ "$running_port" != "$port" ] || [ "$new_locale" = yes ]; then
        say "restarting the server"
        as_owner "$bin/pg_ctl" stop -D "$data" -m fast -w >&2
    fi
fi
if ! as_owner "$bin/pg_ctl" status -D "$data" >/dev/null 2>&1; then
    say "starting the server on 127.0.0.1:$port"
    as_owner "$bin/pg_ctl" start -D "$data" -l "$log" -w -t 60 >&2 \
        || { tail -n 30 "$log" >&2 || true; fail "the server did not start (is port $port taken?)"; }
fi

psql_admin() { as_owner "$bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -Atq "$@"; }

if [ ! -s "$dir/password" ]; then
    (umask 077; od -An -tx1 -N16 /dev/urandom | tr -d ' \n' >"$dir/password")
fi
password=$(cat "$dir/password")

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$role'")" != 1 ]; then
    psql_admin -c "CREATE ROLE $role LOGIN"
fi
psql_admin -c "ALTER ROLE $role PASSWORD '$password'"

# A database made earlier with another collation is remade: it holds nothing worth keeping.
found=$(psql_admin -c "SELECT datcollate || ' ' || datlocprovider::text FROM pg_database WHERE datname = '$database'")
if [ -n "$found" ] && [ "$found" != "$locale_name c" ]; then
    say "dropping $database (made with collation $found)"
    psql_admin -c "DROP DATABASE $database WITH (FORCE)"
    found=""
fi
if [ -z "$found" ]; then
    psql_admin -c "CREATE DATABASE $database OWNER $role ENCODING 'UTF8' TEMPLATE template0
                   LOCALE '$locale_name'"
fi

# Prove the URL works before handing it out.
PGPASSWORD=$password as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U "$role" -d "$database" -Atqc "SELECT 1" >/dev/null \
    || fail "cannot log in as $role at 127.0.0.1:$port"

echo "postgresql+psycopg://$role:$password@127.0.0.1:$port/$database"
