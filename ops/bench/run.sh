#!/usr/bin/env bash
# Falachefe benchmark: one command, loopback only, ~5-8 minutes. Not run by CI.
#   ops/bench/run.sh
# Builds the release binary, starts it on a free loopback port with a temporary SQLite
# file and raised limits (so the acknowledge path is measured, not the rate limiter),
# creates tenants through the admin API, drives wrk with ops/bench/webhook.lua and
# prints a summary that is also appended to ops/bench/results.md.
# Knobs (environment): BENCH_DURATION (15), BENCH_TENANTS (20), BENCH_MANY (10000),
# BENCH_LOG_LEVEL (warning), BENCH_DURABILITY (process), BENCH_RESULTS (ops/bench/results.md),
# BENCH_POSTGRES=1 (production mode: a private PostgreSQL with fsync on, DATABASE_URL),
# BENCH_REDIS=1 (with BENCH_POSTGRES=1: a private Redis too, REDIS_URL - shared dedupe,
# limits and claims as on several nodes),
# FALACHEFE_SKIP_BUILD=1.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"
source ops/common.sh  # build_release; its log() is replaced just below

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

if ! command -v wrk >/dev/null 2>&1; then
    log "installing wrk"
    sudo=()
    if [[ "$(id -u)" -ne 0 ]]; then sudo=(sudo); fi
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi
command -v python3 >/dev/null 2>&1 || { echo "error: python3 is required" >&2; exit 1; }

if [[ "${FALACHEFE_SKIP_BUILD:-0}" != "1" ]]; then
    log "build_release (ops/common.sh): the statically linked release binary"
    build_release
fi
binary="$repo_root/.build/release/falachefe"
[[ -x "$binary" ]] || { echo "error: $binary not found" >&2; exit 1; }

workdir="$(mktemp -d "${TMPDIR:-/tmp}/falachefe-bench.XXXXXX")"
server_pid=""
pg_dir=""
redis_dir=""
cleanup() {
    local status=$?
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in $(seq 1 100); do
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    if [[ -n "$pg_dir" ]]; then
        ops/postgres-test-server.sh stop "$pg_dir" >/dev/null 2>&1 || true
    fi
    if [[ -n "$redis_dir" ]]; then
        ops/redis-test-server.sh stop "$redis_dir" >/dev/null 2>&1 || true
    fi
    if [[ "$status" -ne 0 && -f "$workdir/server.log" ]]; then
        echo "---- last lines of the server log ($workdir/server.log) ----" >&2
        tail -n 30 "$workdir/server.log" >&2 || true
        echo "(work directory kept: $workdir)" >&2
    else
        rm -rf "$workdir"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port="$(python3 ops/bench/bench.py free-port)"
token="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
base="http://127.0.0.1:$port"
many="${BENCH_MANY:-10000}"
live_limit=$(( many * 2 > 20000 ? many * 2 : 20000 ))

# The limits allowed by AppConfiguration: WHATSAPP_RATE_LIMIT_MESSAGES_PER_MINUTE ≤ 100,000
# and FALACHEFE_TENANT_MESSAGES_PER_MINUTE ≤ 10,000,000 (larger values stop the server).
server_env=(
    FALACHEFE_HOST=127.0.0.1
    FALACHEFE_PORT="$port"
    FALACHEFE_SQLITE_PATH="$workdir/bench.sqlite"
    FALACHEFE_MIGRATIONS="$repo_root/db/migrations/sqlite"
    FALACHEFE_DURABILITY="${BENCH_DURABILITY:-process}"
    FALACHEFE_ADMIN_TOKEN="$token"
    WHATSAPP_RATE_LIMIT_MESSAGES_PER_MINUTE="${BENCH_SENDER_LIMIT:-100000}"
    FALACHEFE_TENANT_MESSAGES_PER_MINUTE="${BENCH_TENANT_LIMIT:-10000000}"
    FALACHEFE_BACKLOG_LIMIT=10000000
    FALACHEFE_MAX_LIVE_TENANTS="$live_limit"
    FALACHEFE_IDLE_TIMEOUT_SECONDS=3600
    LOG_LEVEL="${BENCH_LOG_LEVEL:-warning}"
)
db_arg="$workdir/bench.sqlite"
mode_note="SQLite"
if [[ "${BENCH_POSTGRES:-0}" == "1" ]]; then
    # Production mode: a private PostgreSQL on this machine, fsync and synchronous commit on.
    log "starting a private PostgreSQL (durable settings)"
    eval "$(FALACHEFE_PG_DURABLE=1 ops/postgres-test-server.sh start)"
    pg_dir="$FALACHEFE_TEST_POSTGRES_DIR"
    database_url="${FALACHEFE_TEST_POSTGRES_URL%/postgres*}/falachefe_bench?sslmode=disable"
    psql -X -q "$FALACHEFE_TEST_POSTGRES_URL" -c "CREATE DATABASE falachefe_bench" >/dev/null
    server_env+=(DATABASE_URL="$database_url" FALACHEFE_POSTGRES_MIGRATIONS="$repo_root/db/migrations/postgres")
    db_arg="$database_url"
    mode_note="PostgreSQL 15 (fsync on, synchronous_commit on)"
    if [[ "${BENCH_REDIS:-0}" == "1" ]]; then
        log "starting a private Redis"
        eval "$(ops/redis-test-server.sh start)"
        redis_dir="$FALACHEFE_TEST_REDIS_DIR"
        server_env+=(REDIS_URL="$FALACHEFE_TEST_REDIS_URL")
        mode_note="$mode_note + Redis"
    fi
fi
log "starting $binary serve on $base (data in $workdir)"
env -u UAZ_API_URL -u OPENAI_API_KEY -u DATABASE_URL -u REDIS_URL "${server_env[@]}" \
    "$binary" serve >"$workdir/server.log" 2>&1 &
server_pid=$!
python3 ops/bench/bench.py wait-ready --url "$base" --pid "$server_pid" --timeout 60
log "server ready (pid $server_pid)"

python3 ops/bench/bench.py run \
    --url "$base" --token "$token" --pid "$server_pid" \
    --db "$db_arg" --workdir "$workdir" \
    --results "${BENCH_RESULTS:-$repo_root/ops/bench/results.md}" \
    --tenants "${BENCH_TENANTS:-20}" --many "$many" --duration "${BENCH_DURATION:-15}" \
    --env-note "store: $mode_note, LOG_LEVEL=${BENCH_LOG_LEVEL:-warning}, FALACHEFE_DURABILITY=${BENCH_DURABILITY:-process}, sender limit ${BENCH_SENDER_LIMIT:-100000}/min, tenant limit ${BENCH_TENANT_LIMIT:-10000000}/min, replies kept in the outbox (no UAZ URL)"
