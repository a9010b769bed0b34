#!/usr/bin/env python3
"""Alternating A/B runs of server binaries on the webhook path (Python 3 stdlib + wrk).
Not run by CI.

    python3 ops/bench/ab.py [--seconds 10] [--rounds 2] BINARY_A BINARY_B [...]

A single benchmark run on a 2-vCPU machine varies by ±20%, so a change is judged by
running the binaries in turn, round after round, on the same load. Each run starts the
binary with a fresh SQLite file (in $TMPDIR; TMPDIR=/dev/shm takes the disk out) and the
raised limits of ops/bench/run.sh, creates 20 tenants, warms up, then measures:

1. wrk at 64 connections with processing on; CPU per acknowledged message;
2. after the backlog drains: RSS, anonymous and file-backed resident memory;
3. the tenants paused (acknowledge path alone): wrk at 64 connections, then at 1.

It prints one JSON line per run (latencies in µs, memory in MiB), then a summary table.
Extra environment variables (e.g. FALACHEFE_MEMORY_TRIM_SECONDS, MALLOC_ARENA_MAX) reach
every server unchanged. Nothing is written to ops/bench/results.md.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import (  # noqa: E402  (one copy of each helper: ops/bench/bench.py)
    REPO,
    Client,
    cpu_seconds,
    create_tenants,
    free_port,
    post_one_each,
    resident_split,
    rss_mb,
    run_wrk,
    wait_backlog,
    wait_ready,
)


def run_once(binary: str, seconds: int) -> dict:
    work = Path(tempfile.mkdtemp(prefix="falachefe-ab."))
    port = free_port()
    token = secrets.token_hex(12)
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ,
               FALACHEFE_HOST="127.0.0.1", FALACHEFE_PORT=str(port), FALACHEFE_SQLITE_PATH=str(work / "ab.sqlite"),
               FALACHEFE_MIGRATIONS=str(REPO / "db/migrations/sqlite"), FALACHEFE_DURABILITY="process",
               FALACHEFE_ADMIN_TOKEN=token, WHATSAPP_RATE_LIMIT_MESSAGES_PER_MINUTE="100000",
               FALACHEFE_TENANT_MESSAGES_PER_MINUTE="10000000", FALACHEFE_BACKLOG_LIMIT="10000000",
               FALACHEFE_MAX_LIVE_TENANTS="20000", FALACHEFE_IDLE_TIMEOUT_SECONDS="3600", LOG_LEVEL="warning")
    for name in ("UAZ_API_URL", "OPENAI_API_KEY", "DATABASE_URL", "REDIS_URL"):
        env.pop(name, None)
    server = subprocess.Popen([binary, "serve"], env=env, stdout=(work / "server.log").open("w"), stderr=subprocess.STDOUT)
    try:
        problem = wait_ready(base, server.pid, 60)
        if problem:
            raise RuntimeError(f"{binary}: {problem}")
        tenants = create_tenants(base, token, 1, 20, 8)
        tenants_file = work / "tenants.txt"
        tenants_file.write_text("".join(f"{t['owner']} {t['token']}\n" for t in tenants))
        post_one_each(base, tenants, 8, "gastei 50 reais no almoço")
        idle, _ = rss_mb(server.pid)
        url = base + "/webhooks/uaz"
        run_wrk(url, tenants_file, 2, 64, 3)
        wait_backlog(base, 60)
        cpu_before = cpu_seconds(server.pid)
        loaded = run_wrk(url, tenants_file, 2, 64, seconds)
        cpu = cpu_seconds(server.pid) - cpu_before
        wait_backlog(base, 120)
        time.sleep(1)
        rss, peak = rss_mb(server.pid)
        split = resident_split(server.pid)
        admin = Client(base, token)
        for tenant in tenants:
            admin.request("POST", f"/admin/tenants/{tenant['slug']}/pause", {"reason": "ab"})
        acked = run_wrk(url, tenants_file, 2, 64, seconds)
        single = run_wrk(url, tenants_file, 1, 1, 5)
        return dict(
            binary=binary, rps=round(loaded["rps"]), p50=loaded["p50"], p99=loaded["p99"],
            cpu_us_per_msg=round(cpu * 1e6 / max(loaded["requests"], 1)),
            rss_idle=round(idle, 1), rss=round(rss, 1), rss_peak=round(peak, 1),
            anon=round(split.get("RssAnon", 0), 1), file=round(split.get("RssFile", 0), 1),
            ack_rps=round(acked["rps"]), ack_p99=acked["p99"], one_p50=single["p50"], one_p99=single["p99"])
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binaries", nargs="+")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    results = []
    for _ in range(args.rounds):
        for binary in args.binaries:
            result = run_once(binary, args.seconds)
            print(json.dumps(result), flush=True)
            results.append(result)
    columns = ["rps", "p99", "cpu_us_per_msg", "rss", "ack_rps", "ack_p99", "one_p50", "one_p99"]
    print("\n| binary | " + " | ".join(columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    for result in results:
        print(f"| {result['binary']} | " + " | ".join(str(result[c]) for c in columns) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
