#!/usr/bin/env bash
# The project's test command (CI runs it through .ci/run):
#   1. installs what is missing (promtool from Debian's `prometheus` package),
#   2. checks the Prometheus config and alert rules,
#   3. builds the package with its tests,
#   4. starts a private PostgreSQL (ops/postgres-test-server.sh: temporary data folder,
#      free loopback port, installed with apt-get if missing) for the PostgreSQL tests,
#      exports FALACHEFE_TEST_POSTGRES_URL, runs every test, and stops and deletes the
#      server on exit, also on failure. A FALACHEFE_TEST_POSTGRES_URL already exported
#      (a server of your own) is used instead.
# Exits non-zero on the first failure. Runs from any directory.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

log() { printf '==> %s\n' "$*"; }

apt_updated=0
apt_install() {
    local sudo=()
    if [[ "$(id -u)" -ne 0 ]]; then
        if command -v sudo >/dev/null 2>&1; then
            sudo=(sudo)
        else
            echo "error: need root (or sudo) to install: $*" >&2
            return 1
        fi
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "error: apt-get not found; install manually: $*" >&2
        return 1
    fi
    if [[ "$apt_updated" -eq 0 ]]; then
        log "apt-get update"
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        apt_updated=1
    fi
    log "apt-get install $*"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# promtool ships in Debian's `prometheus` package. Installing it may register a
# prometheus service; we never start it, and stop it if the package did.
if ! command -v promtool >/dev/null 2>&1; then
    prometheus_was_running=0
    if pgrep -x prometheus >/dev/null 2>&1; then prometheus_was_running=1; fi
    apt_install prometheus
    if [[ "$prometheus_was_running" -eq 0 ]] && command -v systemctl >/dev/null 2>&1 \
        && systemctl is-active --quiet prometheus 2>/dev/null; then
        systemctl stop prometheus >/dev/null 2>&1 || true
    fi
fi

log "promtool check config ops/prometheus.yml"
promtool check config ops/prometheus.yml
log "promtool check rules ops/alerts.yml"
promtool check rules ops/alerts.yml

log "swift build --build-tests"
swift build --build-tests
if [[ -z "${FALACHEFE_TEST_POSTGRES_URL:-}" ]]; then
    log "starting a private PostgreSQL for the tests"
    pg_env="$(ops/postgres-test-server.sh start)"
    eval "$pg_env"
    # Stopped and deleted however the script ends (a signal ends it through `exit`).
    trap 'ops/postgres-test-server.sh stop "$FALACHEFE_TEST_POSTGRES_DIR"' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
else
    log "using the PostgreSQL server of FALACHEFE_TEST_POSTGRES_URL"
fi

log "swift test"
swift test

log "all checks passed"
