#!/usr/bin/env bash
# Falachefe crew-path benchmark: one command, loopback only, about 1 minute after the build.
# Not run by CI.
#   ops/bench/crew.sh
# Builds the release binary, then ops/bench/crew_bench.py (Python 3 stdlib only) starts, in
# one process, a fake OpenAI chat-completions server answering after 50 ms and a fake uazapi
# send API, starts `falachefe serve` on a free loopback port with a temporary SQLite file,
# OPENAI_BASE_URL pointing at the fake and raised limits, creates 20 tenants sending through
# the fake UAZ with 10 registered senders each, and drives a closed loop: 10 senders, each
# posting a real-shaped webhook to the next tenant (round robin) and waiting for its reply
# at the fake UAZ. It reports messages/s end to end, end-to-end latency, model time and crew
# overhead (e2e − model time) p50/p99, LLM calls per message, RSS and CPU against the targets
# of issue 3, and appends the summary to ops/bench/results.md under "Crew path".
# The server is stopped with SIGTERM and the temporary directory removed, also on failure
# (then the server log tail is printed). Exit status 1 when the run itself failed (missing
# or duplicate replies, LLM fallbacks, bad requests at the fakes), not when a target is missed.
# Knobs (environment): BENCH_DURATION (30 s measured), BENCH_WARMUP (5 s), BENCH_TENANTS (20),
# BENCH_SENDERS (10), BENCH_LLM_LATENCY_MS (50), BENCH_REPLY_TIMEOUT (15 s),
# BENCH_LOG_LEVEL (warning), BENCH_RESULTS (ops/bench/results.md), BENCH_KEEP_WORKDIR=1,
# BENCH_EVENT_LOOPS (the server's FALACHEFE_EVENT_LOOPS; unset: its default),
# FALACHEFE_SKIP_BUILD=1, FALACHEFE_BINARY (default .build/release/falachefe).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"
source ops/common.sh  # build_release; its log() is replaced just below

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

command -v python3 >/dev/null 2>&1 || { echo "error: python3 is required" >&2; exit 1; }

if [[ "${FALACHEFE_SKIP_BUILD:-0}" != "1" ]]; then
    log "build_release (ops/common.sh): the statically linked release binary"
    build_release
fi
export FALACHEFE_BINARY="${FALACHEFE_BINARY:-$repo_root/.build/release/falachefe}"
[[ -x "$FALACHEFE_BINARY" ]] || { echo "error: $FALACHEFE_BINARY not found" >&2; exit 1; }

exec python3 "$repo_root/ops/bench/crew_bench.py" "$@"
