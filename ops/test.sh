#!/usr/bin/env bash
# The project's test command (CI runs it through .ci/run):
#   1. installs what is missing (promtool from Debian's `prometheus` package),
#   2. checks the Prometheus config and alert rules,
#   3. builds the package with its tests,
#   4. starts a private PostgreSQL (ops/postgres-test-server.sh: temporary data folder,
#      free loopback port, installed with apt-get if missing) for the PostgreSQL tests,
#      exports FALACHEFE_TEST_POSTGRES_URL, and a private Redis (ops/redis-test-server.sh,
#      installed with apt-get with libhiredis-dev if missing) exporting
#      FALACHEFE_TEST_REDIS_URL, runs every test, and stops and deletes both servers on
#      exit, also on failure. Variables already exported (servers of your own) are used
#      instead.
# Exits non-zero on the first failure. Runs from any directory.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

source ops/common.sh

# promtool ships in Debian's `prometheus` package. Installing it may register a
# prometheus service; we never start it, and stop it if the package did.
if ! command -v promtool >/dev/null 2>&1; then
    prometheus_was_running=0
    if pgrep -x prometheus >/dev/null 2>&1; then prometheus_was_running=1; fi
    install_packages prometheus
    if [[ "$prometheus_was_running" -eq 0 ]] && command -v systemctl >/dev/null 2>&1 \
        && systemctl is-active --quiet prometheus 2>/dev/null; then
        systemctl stop prometheus >/dev/null 2>&1 || true
    fi
fi

# hiredis' headers and library (the CHiredis system-library target) are needed to build;
# redis-server for the Redis and several-node tests.
if ! pkg-config --exists hiredis 2>/dev/null; then install_packages libhiredis-dev pkg-config; fi
if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
    install_packages redis-server
    # The package may start a system-wide Redis; the tests use their own.
    if command -v systemctl >/dev/null 2>&1; then systemctl stop redis-server >/dev/null 2>&1 || true; fi
fi

log "promtool check config ops/prometheus.yml"
promtool check config ops/prometheus.yml
log "promtool check rules ops/alerts.yml"
promtool check rules ops/alerts.yml

log "swift build --build-tests"
swift build --build-tests
# Private servers are stopped and deleted however the script ends (a signal ends it
# through `exit`).
cleanup=()
stop_servers() {
    local command
    for command in "${cleanup[@]}"; do eval "$command" || true; done
}
trap stop_servers EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
if [[ -z "${FALACHEFE_TEST_POSTGRES_URL:-}" ]]; then
    log "starting a private PostgreSQL for the tests"
    pg_env="$(ops/postgres-test-server.sh start)"
    eval "$pg_env"
    cleanup+=('ops/postgres-test-server.sh stop "$FALACHEFE_TEST_POSTGRES_DIR"')
else
    log "using the PostgreSQL server of FALACHEFE_TEST_POSTGRES_URL"
fi
if [[ -z "${FALACHEFE_TEST_REDIS_URL:-}" ]]; then
    log "starting a private Redis for the tests"
    redis_env="$(ops/redis-test-server.sh start)"
    eval "$redis_env"
    cleanup+=('ops/redis-test-server.sh stop "$FALACHEFE_TEST_REDIS_DIR"')
else
    log "using the Redis server of FALACHEFE_TEST_REDIS_URL"
fi

# At most 12 tests at a time: started all at once, the suite's hundreds of tests (servers,
# stores, HTTP clients) keep both cores busy for tens of seconds, long enough for timeouts
# that are generous on an idle machine (a 2 s Redis command, a 10 ms sleep) to fire.
log "swift test (at most ${SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH:-12} tests at a time)"
SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH="${SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH:-12}" swift test

log "all checks passed"
