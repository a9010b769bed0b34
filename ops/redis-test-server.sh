#!/usr/bin/env bash
# A private, throw-away Redis server for the tests, on a free loopback port with its
# files in a temporary folder.
#
#   eval "$(ops/redis-test-server.sh start)"     # exports FALACHEFE_TEST_REDIS_URL
#                                               # and FALACHEFE_TEST_REDIS_DIR
#   ops/redis-test-server.sh restart "$FALACHEFE_TEST_REDIS_DIR"  # same port and password
#   ops/redis-test-server.sh down "$FALACHEFE_TEST_REDIS_DIR"     # stop, keep the folder
#   ops/redis-test-server.sh up "$FALACHEFE_TEST_REDIS_DIR"       # start again after `down`
#   ops/redis-test-server.sh stop "$FALACHEFE_TEST_REDIS_DIR"     # stop and delete
#
# `start` installs Debian's `redis-server` when it is missing, writes a config file
# (loopback only, `requirepass` with a random password, no persistence: `save ''`,
# `appendonly no`) and starts the server daemonized with a pidfile. The password lives
# only in that file (mode 600) and in the URL printed on stdout: stdout carries only
# `export` lines, progress goes to stderr and never shows the password.
set -Eeuo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

redis_server() {
    if command -v redis-server >/dev/null 2>&1; then command -v redis-server; return; fi
    [[ -x /usr/bin/redis-server ]] && echo /usr/bin/redis-server
}

# Whether the server in DIR answers PING (with the password from the config file).
answers() {
    local dir="$1" port reply
    port="$(cat "$dir/port")"
    # The password goes through the environment, not argv.
    reply="$(REDISCLI_AUTH="$(cat "$dir/password")" timeout 2 redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null || true)"
    [[ "$reply" == "PONG" ]]
}

# Starts the server configured in DIR and waits until it answers.
up() {
    local dir="${1:-}" server
    [[ -f "$dir/redis.conf" ]] || fail "usage: $0 up DIR (a folder made by start)"
    server="$(redis_server)"
    [[ -n "$server" ]] || fail "redis-server is not installed"
    log "starting Redis on 127.0.0.1:$(cat "$dir/port")"
    # The daemon must not inherit our open descriptors: a caller (Foundation's `Process`)
    # may be watching one of them to learn when this script has exited.
    if ! ( close_inherited_fds; exec "$server" "$dir/redis.conf" ) </dev/null >/dev/null 2>&1; then
        tail -n 20 "$dir/server.log" >&2 || true
        return 1
    fi
    local _
    for _ in $(seq 1 200); do
        if answers "$dir"; then return 0; fi
        sleep 0.05
    done
    tail -n 20 "$dir/server.log" >&2 || true
    fail "Redis did not answer within 10 s"
}

# Whether process PID is still running. A zombie counts as gone: when our caller is a
# child subreaper (some test runners are), the daemon is re-parented to it and, once
# exited, stays a zombie until that caller reaps it.
running() {
    local pid="$1" state
    kill -0 "$pid" 2>/dev/null || return 1
    if [[ -r "/proc/$pid/stat" ]]; then
        state="$(sed -e 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)"
        [[ "$state" != "Z" && -n "$state" ]] || return 1
    fi
    return 0
}

# Stops the server in DIR (keeping the folder) and waits until its process is gone.
down() {
    local dir="${1:-}" pid
    [[ -d "$dir" ]] || fail "usage: $0 down DIR (a folder made by start)"
    [[ -f "$dir/redis.pid" ]] || return 0
    pid="$(cat "$dir/redis.pid" 2>/dev/null || true)"
    if [[ -n "$pid" ]] && running "$pid"; then
        log "stopping Redis (pid $pid)"
        # SHUTDOWN rather than SIGTERM: the daemon inherits its starter's signal mask, and
        # a test runner that blocks SIGTERM would leave it pending until SIGKILL.
        REDISCLI_AUTH="$(cat "$dir/password")" timeout 5 redis-cli -h 127.0.0.1 -p "$(cat "$dir/port")" \
            shutdown nosave >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
        local _
        for _ in $(seq 1 200); do
            running "$pid" || break
            sleep 0.05
        done
        if running "$pid"; then kill -KILL "$pid" 2>/dev/null || true; sleep 0.1; fi
    fi
    rm -f "$dir/redis.pid"
}

start() {
    if [[ -z "$(redis_server)" ]]; then
        install_packages redis-server
        [[ -n "$(redis_server)" ]] || fail "redis-server installed but not found"
    fi
    command -v redis-cli >/dev/null 2>&1 || fail "redis-cli is missing (package redis-tools)"

    local dir password port
    dir="$(mktemp -d "${TMPDIR:-/tmp}/falachefe-redis.XXXXXX")"
    trap 'down "$dir" >/dev/null 2>&1 || true; rm -rf "$dir"' ERR
    password="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' | head -c 32)"
    printf '%s\n' "$password" >"$dir/password"
    chmod 600 "$dir/password"

    local attempt
    for attempt in 1 2 3; do
        port="$(free_port)"
        echo "$port" >"$dir/port"
        (
            umask 077
            cat >"$dir/redis.conf" <<CONF
bind 127.0.0.1
protected-mode yes
port $port
requirepass $password
dir $dir
dbfilename dump.rdb
save ""
appendonly no
daemonize yes
pidfile $dir/redis.pid
logfile $dir/server.log
databases 16
CONF
        )
        if up "$dir"; then break; fi
        [[ "$attempt" -lt 3 ]] || false
    done
    trap - ERR
    log "Redis ready (files in $dir)"
    printf 'export FALACHEFE_TEST_REDIS_DIR=%q\n' "$dir"
    printf 'export FALACHEFE_TEST_REDIS_URL=%q\n' "redis://:$password@127.0.0.1:$port/0"
}

stop() {
    local dir="${1:-${FALACHEFE_TEST_REDIS_DIR:-}}"
    [[ -n "$dir" ]] || fail "usage: $0 stop DIR (the FALACHEFE_TEST_REDIS_DIR printed by start)"
    [[ -d "$dir" ]] || return 0
    [[ "$(basename "$dir")" == falachefe-redis.* ]] || fail "refusing to delete $dir: not a folder made by start"
    down "$dir"
    rm -rf "$dir"
}

restart() {
    local dir="${1:-}"
    [[ -f "$dir/redis.conf" ]] || fail "usage: $0 restart DIR (a folder made by start)"
    down "$dir"
    up "$dir"
}

case "${1:-}" in
    start) start ;;
    stop) shift; stop "$@" ;;
    restart) shift; restart "$@" ;;
    down) shift; down "$@" ;;
    up) shift; up "$@" ;;
    *) fail "usage: $0 start | stop DIR | restart DIR | down DIR | up DIR" ;;
esac
