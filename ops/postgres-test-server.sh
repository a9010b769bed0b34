#!/usr/bin/env bash
# A private, throw-away PostgreSQL server for the tests, on a free loopback port with its
# data in a temporary folder.
#
#   eval "$(ops/postgres-test-server.sh start)"   # exports FALACHEFE_TEST_POSTGRES_URL
#                                                 # and FALACHEFE_TEST_POSTGRES_DIR
#   ops/postgres-test-server.sh stop "$FALACHEFE_TEST_POSTGRES_DIR"
#   ops/postgres-test-server.sh down|up "$FALACHEFE_TEST_POSTGRES_DIR"   # crash-stop / start again
#
# `start` installs Debian's `postgresql` when no server binaries are found, runs initdb
# (as the `postgres` OS user when run as root: initdb refuses root), starts the server
# listening on 127.0.0.1 only, and creates the role `falachefe` (LOGIN CREATEDB CREATEROLE: the
# row-level security tests create a non-owner role of their own) with a
# random password. It prints only `export` lines on stdout; progress goes to stderr and
# never shows the password. `stop` stops the server and deletes the folder. Test-only
# settings: fsync off (a crash of this cluster loses nothing that matters), unless
# FALACHEFE_PG_DURABLE=1 (the production-mode benchmark, and the tests that crash the
# server with `down` and count on what was committed before).
set -Eeuo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# The newest installed server's bin directory, or nothing.
find_bindir() {
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then echo "$dir"; return; fi
    done
    if command -v pg_config >/dev/null 2>&1 && [[ -x "$(pg_config --bindir)/initdb" ]]; then
        pg_config --bindir
    fi
}

# Runs a command as the cluster's owner: `postgres` when we are root, else ourselves.
as_owner() {
    if [[ "$(id -u)" -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

start() {
    local bindir
    bindir="$(find_bindir)"
    if [[ -z "$bindir" ]]; then
        install_packages postgresql
        bindir="$(find_bindir)"
        [[ -n "$bindir" ]] || fail "postgresql installed but initdb was not found"
    fi

    local dir port password
    # As root the server runs as `postgres`, which must reach the folder: use /tmp then.
    local parent="${TMPDIR:-/tmp}"
    if [[ "$(id -u)" -eq 0 ]]; then parent=/tmp; fi
    dir="$(mktemp -d "$parent/falachefe-pg.XXXXXX")"
    # Cleans up a half-started server if anything below fails.
    trap 'as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"' ERR
    mkdir -p "$dir/socket"
    if [[ "$(id -u)" -eq 0 ]]; then chown -R postgres: "$dir"; fi
    password="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' | head -c 32)"
    printf '%s\n' "$password" >"$dir/password"
    chmod 600 "$dir/password"
    if [[ "$(id -u)" -eq 0 ]]; then chown postgres: "$dir/password"; fi

    log "initdb ($bindir) in $dir/data"
    as_owner "$bindir/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; false; }

    # Most tests need no durability; the production-mode benchmark and the crash tests ask
    # for it (FALACHEFE_PG_DURABLE=1: fsync and synchronous commit on, as a real server).
    local durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    [[ "${FALACHEFE_PG_DURABLE:-0}" == "1" ]] && durability="-c fsync=on -c synchronous_commit=on -c full_page_writes=on"
    local attempt options
    for attempt in 1 2 3; do
        port="$(free_port)"
        log "starting PostgreSQL on 127.0.0.1:$port"
        options="-c listen_addresses=127.0.0.1 -p $port -k $dir/socket -c max_connections=300 $durability"
        if ( close_inherited_fds; as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
            -o "$options" ) </dev/null >/dev/null; then
            printf '%s\n' "$options" >"$dir/options"
            break
        fi
        tail -n 20 "$dir/server.log" >&2 || true
        [[ "$attempt" -lt 3 ]] || false
    done

    # The role is created over the private socket; the password never reaches argv.
    as_owner "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir/socket" -p "$port" -U postgres -d postgres \
        >/dev/null <<SQL
\\set password \`cat '$dir/password'\`
CREATE ROLE falachefe LOGIN CREATEDB CREATEROLE PASSWORD :'password';
SQL
    trap - ERR
    echo "$port" >"$dir/port"
    log "PostgreSQL ready (role falachefe, data in $dir)"
    printf 'export FALACHEFE_TEST_POSTGRES_DIR=%q\n' "$dir"
    printf 'export FALACHEFE_TEST_POSTGRES_URL=%q\n' "postgres://falachefe:$password@127.0.0.1:$port/postgres?sslmode=disable"
}

stop() {
    local dir="${1:-${FALACHEFE_TEST_POSTGRES_DIR:-}}"
    [[ -n "$dir" ]] || fail "usage: $0 stop DIR (the FALACHEFE_TEST_POSTGRES_DIR printed by start)"
    [[ -d "$dir" ]] || return 0
    [[ "$(basename "$dir")" == falachefe-pg.* ]] || fail "refusing to delete $dir: not a folder made by start"
    local bindir
    bindir="$(find_bindir)"
    if [[ -n "$bindir" && -f "$dir/data/postmaster.pid" ]]; then
        log "stopping PostgreSQL ($dir)"
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 \
            || as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
}

# `down DIR`: stops the server at once, as a crash would (-m immediate: no checkpoint,
# connections cut). `up DIR`: starts it again on the same port with the same settings.
# Together they let a test take the database away mid-run.
down() {
    local dir="${1:?usage: $0 down DIR}"
    log "stopping PostgreSQL immediately ($dir)"
    as_owner "$(find_bindir)/pg_ctl" -D "$dir/data" -m immediate -w -t 60 stop >/dev/null
}

up() {
    local dir="${1:?usage: $0 up DIR}"
    log "starting PostgreSQL again ($dir)"
    local bindir options
    bindir="$(find_bindir)"
    options="$(cat "$dir/options")"
    ( close_inherited_fds; as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o "$options" ) \
        </dev/null >/dev/null
}

case "${1:-}" in
    start) start ;;
    stop) shift; stop "$@" ;;
    down) shift; down "$@" ;;
    up) shift; up "$@" ;;
    *) fail "usage: $0 start | stop DIR | down DIR | up DIR" ;;
esac
