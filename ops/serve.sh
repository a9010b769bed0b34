#!/usr/bin/env bash
# Runs the server with the embedded defaults (SQLite file ./falachefe.sqlite, built-in
# model, replies kept in the outbox unless UAZ_API_URL is set). The server applies the
# migrations at start. Every variable of AppConfiguration may be set in the environment.
#   ops/serve.sh                    # release build, 127.0.0.1:8080
#   FALACHEFE_DEBUG=1 ops/serve.sh  # debug build
#   ops/serve.sh --port 9090        # extra arguments go to `falachefe serve`
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

if ! command -v swift >/dev/null 2>&1; then
    echo "error: swift is not installed (https://www.swift.org/install/)" >&2
    exit 1
fi

# The build links hiredis (Redis support, used when REDIS_URL is set).
source ops/common.sh
if ! pkg-config --exists hiredis 2>/dev/null; then install_packages libhiredis-dev pkg-config; fi

if [[ "${FALACHEFE_DEBUG:-0}" == "1" ]]; then
    swift build --product falachefe
    binary="$repo_root/.build/debug/falachefe"
else
    build_release
    binary="$repo_root/.build/release/falachefe"
fi

export FALACHEFE_HOST="${FALACHEFE_HOST:-127.0.0.1}"
export FALACHEFE_PORT="${FALACHEFE_PORT:-8080}"
export FALACHEFE_SQLITE_PATH="${FALACHEFE_SQLITE_PATH:-$repo_root/falachefe.sqlite}"
export FALACHEFE_MIGRATIONS="${FALACHEFE_MIGRATIONS:-$repo_root/db/migrations/sqlite}"
export FALACHEFE_POSTGRES_MIGRATIONS="${FALACHEFE_POSTGRES_MIGRATIONS:-$repo_root/db/migrations/postgres}"

if [[ -z "${FALACHEFE_ADMIN_TOKEN:-}" ]]; then
    if command -v openssl >/dev/null 2>&1; then
        FALACHEFE_ADMIN_TOKEN="$(openssl rand -hex 24)"
    else
        FALACHEFE_ADMIN_TOKEN="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    fi
    export FALACHEFE_ADMIN_TOKEN
    echo "FALACHEFE_ADMIN_TOKEN was not set; generated one for this run:" >&2
    echo "  export FALACHEFE_ADMIN_TOKEN=$FALACHEFE_ADMIN_TOKEN" >&2
fi

exec "$binary" serve "$@"
