#!/usr/bin/env python3
"""Falachefe benchmark driver (Python 3 standard library only).

ops/bench/run.sh builds and starts the server, then calls `bench.py run ...`; this
file creates the tenants through the admin API, drives wrk, samples the server's
CPU and RSS from /proc, counts inbox rows in the SQLite file, times /metrics, and
prints + appends the summary to ops/bench/results.md.

Other subcommands are small helpers used by run.sh (`free-port`, `wait-ready`).
"""

from __future__ import annotations

import argparse
import concurrent.futures as futures
import datetime as dt
import http.client
import json
import os
import platform
import re
import resource
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
LUA = HERE / "webhook.lua"

TARGETS = {
    "rps64": 15_000.0,  # acked msg/s at 64 connections (>=)
    "p99_64_ms": 15.0,  # p99 at 64 connections (<=)
    "p50_1_ms": 1.0,  # p50 at 1 connection (<=)
    "rss20_mb": 50.0,  # RSS with 20 tenants (<=)
    "rss10k_mb": 300.0,  # RSS with 10,000 live tenants (<=)
    "metrics1k_ms": 20.0,  # /metrics with 1,000 live tenants (<=)
}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --------------------------------------------------------------------------- HTTP


class Client:
    """A keep-alive HTTP/1.1 client on one connection (one per thread)."""

    def __init__(self, base: str, token: str | None = None, timeout: float = 30.0):
        parsed = urllib.parse.urlsplit(base)
        self.host = parsed.hostname or "127.0.0.1"
        self.port = parsed.port or 80
        self.token = token
        self.timeout = timeout
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: object | None = None) -> tuple[int, bytes]:
        headers = {}
        data = None
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        for attempt in range(3):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                return response.status, response.read()
            except (ConnectionError, http.client.HTTPException, socket.timeout):
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
                time.sleep(0.05)
        raise RuntimeError("unreachable")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


_local = threading.local()


def thread_client(base: str, token: str | None) -> Client:
    client = getattr(_local, "client", None)
    if client is None or client.token != token:
        client = Client(base, token)
        _local.client = client
    return client


def parallel(items, fn, threads: int):
    """Runs fn over items on `threads` threads; returns the results in order."""
    with futures.ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(fn, items))


# ------------------------------------------------------------------------ tenants


def owner_for(index: int) -> str:
    # 12 digits like the fixtures' 554700000001; never a mobile (no 9th-digit rewriting).
    return f"55470{index:07d}"


def create_tenants(base: str, token: str, first: int, count: int, threads: int,
                   instance_base_url: str | None = None) -> list[dict]:
    """Creates tenants bench-NNNNN through the admin API; `instance_base_url` (optional) is
    the UAZ base URL of their instances (none: replies stay in the outbox)."""

    def create(index: int) -> dict:
        owner = owner_for(index)
        body = {
            "slug": f"bench-{index:05d}",
            "name": f"Bench Company {index}",
            "instance": {"owner": owner, "token": str(uuid.uuid4())},
        }
        if instance_base_url:
            body["instance"]["baseUrl"] = instance_base_url
        status, payload = thread_client(base, token).request("POST", "/admin/tenants", body)
        if status != 201:
            raise RuntimeError(f"POST /admin/tenants {body['slug']}: {status} {payload[:200]!r}")
        return {"slug": body["slug"], "name": body["name"], "owner": owner, "token": body["instance"]["token"]}

    return parallel(range(first, first + count), create, threads)


def message_body(owner: str, token: str, sender: str, message_hex: str, text: str) -> bytes:
    """The same envelope as Tests/Fixtures/uazapi/message-text.json (abridged chat object)."""
    now_ms = int(time.time() * 1000)
    chatid = f"{sender}@s.whatsapp.net"
    event = {
        "BaseUrl": "http://127.0.0.1:9",
        "EventType": "messages",
        "owner": owner,
        "token": token,
        "instanceName": "bench",
        "chatSource": "updated",
        "chat": {
            "id": "r" + message_hex[:14].lower(),
            "name": "Cliente",
            "owner": owner,
            "phone": "+" + sender,
            "wa_chatid": chatid,
            "wa_fastid": f"{owner}:{sender}",
            "wa_isGroup": False,
            "wa_lastMsgTimestamp": now_ms,
        },
        "message": {
            "id": f"{owner}:{message_hex}",
            "messageid": message_hex,
            "chatid": chatid,
            "sender": chatid,
            "senderName": "Cliente",
            "isGroup": False,
            "fromMe": False,
            "messageType": "Conversation",
            "source": "android",
            "messageTimestamp": now_ms,
            "text": text,
            "owner": owner,
            "type": "text",
            "content": text,
            "wasSentByApi": False,
            "sender_pn": chatid,
        },
    }
    return json.dumps(event).encode()


def post_one_each(base: str, tenants: list[dict], threads: int, text: str = "oi, bom dia!") -> dict[str, int]:
    """Posts one message to every tenant (activates its actor); returns answer counts."""

    def post(tenant: dict) -> str:
        sender = "55119" + f"{int(tenant['owner'][-7:]) % 100_000_000:08d}"
        body = message_body(tenant["owner"], tenant["token"], sender, uuid.uuid4().hex.upper(), text)
        status, payload = thread_client(base, None).request("POST", "/webhooks/uaz", body)
        if status // 100 != 2:
            return f"http_{status}"
        try:
            return json.loads(payload).get("status", "?")
        except ValueError:
            return "bad_json"

    counts: dict[str, int] = {}
    for answer in parallel(tenants, post, threads):
        counts[answer] = counts.get(answer, 0) + 1
    return counts


# ------------------------------------------------------------------ observations


def metrics_text(base: str) -> str:
    status, payload = Client(base).request("GET", "/metrics")
    if status != 200:
        raise RuntimeError(f"/metrics answered {status}")
    return payload.decode()


def metric_sum(text: str, name: str, label_filter: str = "") -> float:
    """Sum of the samples of `name` whose label text contains label_filter."""
    total = 0.0
    pattern = re.compile(r"^" + re.escape(name) + r"(\{[^}]*\})?\s+(\S+)", re.M)
    for labels, value in pattern.findall(text):
        if label_filter and label_filter not in (labels or ""):
            continue
        try:
            total += float(value)
        except ValueError:
            pass
    return total


def time_scrapes(base: str, n: int) -> tuple[float, float, int]:
    """(median ms, max ms, bytes) of n full /metrics GETs, a new connection each (like curl)."""
    samples = []
    size = 0
    for _ in range(n):
        start = time.perf_counter()
        client = Client(base)
        status, payload = client.request("GET", "/metrics")
        elapsed = (time.perf_counter() - start) * 1000
        client.close()
        if status != 200:
            raise RuntimeError(f"/metrics answered {status}")
        samples.append(elapsed)
        size = len(payload)
    return statistics.median(samples), max(samples), size


def rss_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) in MiB."""
    values = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, value = line.split(":", 1)
                values[key] = int(value.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


def resident_split(pid: int) -> dict[str, float]:
    """RssAnon and RssFile of /proc/PID/status (heap and stacks vs. mapped files), in MiB."""
    split = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(("RssAnon:", "RssFile:")):
                split[line.split(":")[0]] = int(line.split()[1]) / 1024
    return split


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime


def thread_ticks(pid: int) -> dict[int, tuple[str, int]]:
    """{tid: (thread name, utime+stime ticks)} of every thread of the process."""
    threads = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as stat:
                raw = stat.read()
        except OSError:
            continue
        name = raw[raw.index("(") + 1:raw.rindex(")")]
        fields = raw.rsplit(")", 1)[1].split()
        threads[int(tid)] = (name, int(fields[11]) + int(fields[12]))
    return threads


def busiest_threads(before: dict, after: dict, seconds: float, top: int = 6) -> str:
    """'name 95%, name 40%, ...': CPU of each thread between two thread_ticks snapshots."""
    ticks = os.sysconf("SC_CLK_TCK")
    usage = []
    for tid, (name, end) in after.items():
        start = before.get(tid, (name, 0))[1]
        usage.append((100 * (end - start) / ticks / seconds, name, tid))
    usage.sort(reverse=True)
    return ", ".join(f"{name} {pct:.0f}%" for pct, name, _ in usage[:top] if pct >= 1) or "idle"


def thread_count(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/task"))


def inbox_counts(db: Path | str) -> dict[str, int]:
    """Inbox rows by status: from the SQLite file, or through psql for a postgres:// URL
    (with the row-level-security bypass, as the store's cross-tenant scans do)."""
    if str(db).startswith("postgres"):
        query = "SET app.bypass_rls = 'on'; SELECT status, count(*) FROM inbox GROUP BY status;"
        out = subprocess.run(["psql", "-X", "-A", "-t", "-F", "|", str(db), "-c", query],
                             check=True, capture_output=True, text=True).stdout
        rows = [(status, int(n)) for status, n in (line.split("|") for line in out.splitlines() if "|" in line)]
    else:
        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
        try:
            rows = connection.execute("SELECT status, count(*) FROM inbox GROUP BY status").fetchall()
        finally:
            connection.close()
    counts = {status: n for status, n in rows}
    counts["total"] = sum(n for _, n in rows)
    return counts


# --------------------------------------------------------------------------- wrk


def run_wrk(url: str, tenants_file: Path, threads: int, connections: int, seconds: int) -> dict:
    nonce = os.urandom(4).hex()[:7]
    command = [
        "wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s",
        "-s", str(LUA), url, "--", str(tenants_file), nonce,
    ]
    log("$ " + " ".join(command))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    completed = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = completed.stdout
    sys.stdout.write("".join("    " + line + "\n" for line in out.splitlines() if not line.startswith("BENCH_JSON")))
    if completed.returncode != 0:
        sys.stderr.write(completed.stderr)
        raise RuntimeError(f"wrk exited with {completed.returncode}")
    match = re.search(r"^BENCH_JSON (\{.*\})$", out, re.M)
    if not match:
        sys.stderr.write(completed.stderr)
        raise RuntimeError("wrk printed no BENCH_JSON line (Lua error?)")
    result = json.loads(match.group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    result["non2xx"] = int(non2xx.group(1)) if non2xx else 0
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["wrk_cpu_s"] = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    result["errors_socket"] = result["err_connect"] + result["err_read"] + result["err_write"] + result["err_timeout"]
    return result


# --------------------------------------------------------------------------- run


def wait_backlog(base: str, limit_s: float) -> tuple[float, float]:
    """Waits until crewai_queue_depth sums to 0 (or limit); returns (seconds waited, depth left)."""
    start = time.monotonic()
    depth = metric_sum(metrics_text(base), "crewai_queue_depth")
    while depth > 0 and time.monotonic() - start < limit_s:
        time.sleep(1)
        depth = metric_sum(metrics_text(base), "crewai_queue_depth")
    return time.monotonic() - start, depth


def command_run(args: argparse.Namespace) -> int:
    base = args.url.rstrip("/")
    pid = args.pid
    db = args.db if args.db.startswith("postgres") else Path(args.db)
    work = Path(args.workdir)
    threads = args.client_threads
    results: dict[str, object] = {}
    notes: list[str] = []
    started = time.monotonic()
    results["loadavg"] = open("/proc/loadavg").read().split()[0]

    # 1. 20 tenants -----------------------------------------------------------------
    log(f"creating {args.tenants} tenants")
    tenants = create_tenants(base, args.token, 1, args.tenants, threads)
    tenants_file = work / "tenants.txt"
    tenants_file.write_text("".join(f"{t['owner']} {t['token']}\n" for t in tenants))

    answers = post_one_each(base, tenants, threads, "gastei 50 reais no almoço")
    log(f"spot check, one message per tenant: {answers}")
    if answers != {"accepted": len(tenants)}:
        raise RuntimeError(f"spot check failed: expected every answer 'accepted', got {answers}")
    rss_idle, _ = rss_mb(pid)
    results["rss_start_mb"] = rss_idle

    # 2. warm-up, then 64 connections ----------------------------------------------------
    url = base + "/webhooks/uaz"
    log("warm-up (3 s, 64 connections)")
    run_wrk(url, tenants_file, 2, 64, 3)
    wait_backlog(base, 30)

    inbox_before = inbox_counts(db)
    metrics_before = metrics_text(base)
    cpu_before = cpu_seconds(pid)
    threads_before = thread_ticks(pid)
    wall_before = time.monotonic()
    log(f"load: wrk -t2 -c64 -d{args.duration}s")
    w64 = run_wrk(url, tenants_file, 2, 64, args.duration)
    cpu_load = cpu_seconds(pid) - cpu_before
    wall_load = time.monotonic() - wall_before
    busiest = busiest_threads(threads_before, thread_ticks(pid), wall_load)
    time.sleep(1.0)  # let requests wrk abandoned at the deadline finish
    metrics_after = metrics_text(base)
    inbox_after = inbox_counts(db)
    rss_after_load, hwm_after_load = rss_mb(pid)

    acked = w64["requests"] - w64["non2xx"]
    accepted_delta = metric_sum(metrics_after, "falachefe_webhook_requests_total", 'outcome="accepted"') - metric_sum(
        metrics_before, "falachefe_webhook_requests_total", 'outcome="accepted"')
    outcome_delta = {}
    for outcome in re.findall(r'^falachefe_webhook_requests_total\{outcome="([^"]+)"\}', metrics_after, re.M):
        delta = metric_sum(metrics_after, "falachefe_webhook_requests_total", f'outcome="{outcome}"') - metric_sum(
            metrics_before, "falachefe_webhook_requests_total", f'outcome="{outcome}"')
        if delta:
            outcome_delta[outcome] = int(delta)
    inbox_delta = inbox_after["total"] - inbox_before["total"]
    queue_after = metric_sum(metrics_after, "crewai_queue_depth")
    results.update(
        rps64=acked / (w64["duration_us"] / 1e6), p50_64_ms=w64["p50"] / 1000, p90_64_ms=w64["p90"] / 1000,
        p99_64_ms=w64["p99"] / 1000, max_64_ms=w64["max"] / 1000, requests64=w64["requests"], non2xx64=w64["non2xx"],
        socket_errors64=w64["errors_socket"], inbox_delta=inbox_delta, accepted_delta=int(accepted_delta),
        outcomes64=outcome_delta, server_cpu_pct64=100 * cpu_load / wall_load, wrk_cpu_pct64=100 * w64["wrk_cpu_s"] / wall_load,
        queue_after64=int(queue_after), rss_after_load_mb=rss_after_load, hwm_after_load_mb=hwm_after_load,
        threads=thread_count(pid), busiest64=busiest)
    log(f"64 conns: {results['rps64']:.0f} acked/s, p50 {results['p50_64_ms']:.2f} ms, p90 {results['p90_64_ms']:.2f} ms, "
        f"p99 {results['p99_64_ms']:.2f} ms; non-2xx {w64['non2xx']}; server CPU {results['server_cpu_pct64']:.0f}%, "
        f"wrk CPU {results['wrk_cpu_pct64']:.0f}% (of 200%)")
    log(f"busiest server threads during the load: {busiest}")
    log(f"durability: wrk 2xx responses {acked}, new inbox rows {inbox_delta}, 'accepted' answers {int(accepted_delta)}, "
        f"outcomes {outcome_delta}, unprocessed right after the run {int(queue_after)}")
    durable_ok = w64["non2xx"] == 0 and inbox_delta >= acked and accepted_delta >= acked
    results["durable_ok"] = durable_ok
    if not durable_ok:
        notes.append(f"durability/accept check FAILED: 2xx {acked}, inbox rows {inbox_delta}, accepted {int(accepted_delta)}")

    drained_s, left = wait_backlog(base, args.drain_limit)
    results["drain_s"] = drained_s
    results["drain_left"] = int(left)
    log(f"backlog drain after the load: {drained_s:.1f} s, {int(left)} left")

    # 3. one connection -------------------------------------------------------------------
    log("latency at one connection: wrk -t1 -c1 -d10s")
    w1 = run_wrk(url, tenants_file, 1, 1, args.single_duration)
    results.update(p50_1_ms=w1["p50"] / 1000, p90_1_ms=w1["p90"] / 1000, p99_1_ms=w1["p99"] / 1000,
                   rps1=w1["requests"] / (w1["duration_us"] / 1e6), non2xx1=w1["non2xx"])
    wait_backlog(base, 30)
    rss20, _ = rss_mb(pid)
    results["rss20_mb"] = rss20
    m20, m20max, m20bytes = time_scrapes(base, 20)
    results.update(metrics20_ms=m20, metrics20_bytes=m20bytes)
    log(f"RSS with {args.tenants} tenants after the load: {rss20:.1f} MiB (peak {hwm_after_load:.1f}); /metrics {m20:.2f} ms")

    # 3b. the acknowledge path alone: the 20 tenants paused, so messages are stored as
    # queued and nothing is processed (what intake costs without the crew competing).
    client = thread_client(base, args.token)
    for tenant in tenants:
        status, payload = client.request("POST", f"/admin/tenants/{tenant['slug']}/pause", {"reason": "benchmark"})
        if status != 200:
            raise RuntimeError(f"pause {tenant['slug']}: {status} {payload[:200]!r}")
    while metric_sum(metrics_text(base), "falachefe_in_flight_messages") > 0:
        time.sleep(0.5)
    log("acknowledge path alone (tenants paused)")
    a64 = run_wrk(url, tenants_file, 2, 64, args.duration)
    a1 = run_wrk(url, tenants_file, 1, 1, args.single_duration)
    results.update(ack_rps64=a64["rps"], ack_p99_64_ms=a64["p99"] / 1000, ack_p50_64_ms=a64["p50"] / 1000,
                   ack_p50_1_ms=a1["p50"] / 1000, ack_non2xx=a64["non2xx"] + a1["non2xx"])
    log(f"paused: {a64['rps']:,.0f} acked/s p99 {a64['p99'] / 1000:.2f} ms; 1 conn p50 {a1['p50'] / 1000:.3f} ms")

    # 4. 10,000 tenants -------------------------------------------------------------------
    extra = args.many - args.tenants
    log(f"creating {extra} more tenants ({threads} threads)")
    start = time.monotonic()
    more = create_tenants(base, args.token, args.tenants + 1, extra, threads)
    created_s = time.monotonic() - start
    results["create_rate"] = extra / created_s
    log(f"created {extra} tenants in {created_s:.1f} s ({extra / created_s:.0f}/s)")
    rss_created, _ = rss_mb(pid)
    results["rss_created_mb"] = rss_created

    first_batch = more[: max(0, 1000 - args.tenants)]
    start = time.monotonic()
    answers = post_one_each(base, first_batch, threads)
    log(f"activated {len(first_batch)} more tenants in {time.monotonic() - start:.1f} s: {answers}")
    wait_backlog(base, 60)
    text = metrics_text(base)
    live = int(metric_sum(text, "crewai_active_crews"))
    m1k, m1kmax, m1kbytes = time_scrapes(base, 20)
    rss1k, _ = rss_mb(pid)
    results.update(live1k=live, metrics1k_ms=m1k, metrics1k_max_ms=m1kmax, metrics1k_bytes=m1kbytes, rss1k_mb=rss1k)
    log(f"{live} live tenants: /metrics median {m1k:.2f} ms (max {m1kmax:.2f}), {m1kbytes} bytes; RSS {rss1k:.1f} MiB")
    if live < 1000:
        notes.append(f"only {live} live tenants at the 1,000-tenant scrape")

    rest = more[len(first_batch):]
    start = time.monotonic()
    answers = post_one_each(base, rest, threads)
    activate_s = time.monotonic() - start
    log(f"activated {len(rest)} more tenants in {activate_s:.1f} s: {answers}")
    if rest and set(answers) != {"accepted"}:
        notes.append(f"activation answers not all accepted: {answers}")
    drained_s, left = wait_backlog(base, 90)
    text = metrics_text(base)
    live = int(metric_sum(text, "crewai_active_crews"))
    rss10k, hwm10k = rss_mb(pid)
    m10k, m10kmax, m10kbytes = time_scrapes(base, 20)
    results.update(live10k=live, rss10k_mb=rss10k, hwm10k_mb=hwm10k, metrics10k_ms=m10k, metrics10k_bytes=m10kbytes,
                   threads10k=thread_count(pid))
    log(f"{live} live tenants: RSS {rss10k:.1f} MiB (peak {hwm10k:.1f}); /metrics median {m10k:.2f} ms, {m10kbytes} bytes")
    if live < args.many:
        notes.append(f"crewai_active_crews is {live} after activating {args.many} tenants")

    results["elapsed_s"] = time.monotonic() - started
    report(args, results, notes)
    return 0 if durable_ok else 1


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def report(args: argparse.Namespace, r: dict, notes: list[str]) -> None:
    rows = [
        ("acked msg/s, 64 connections", f"{r['rps64']:,.0f}", "≥ 15,000", verdict(r["rps64"] >= TARGETS["rps64"])),
        ("latency p50 / p90, 64 conn.", f"{r['p50_64_ms']:.2f} / {r['p90_64_ms']:.2f} ms", "", ""),
        ("latency p99, 64 connections", f"{r['p99_64_ms']:.2f} ms", "≤ 15 ms", verdict(r["p99_64_ms"] <= TARGETS["p99_64_ms"])),
        ("non-2xx / socket errors", f"{r['non2xx64']} / {r['socket_errors64']}", "0", verdict(r["non2xx64"] == 0)),
        ("durability: 2xx vs new inbox rows", f"{r['requests64'] - r['non2xx64']:,} / {r['inbox_delta']:,}", "rows ≥ 2xx",
         verdict(r["durable_ok"])),
        ("server / wrk CPU during load", f"{r['server_cpu_pct64']:.0f}% / {r['wrk_cpu_pct64']:.0f}% of 200%", "", ""),
        ("backlog drain after load", f"{r['drain_s']:.0f} s ({r['drain_left']} left)", "", ""),
        ("latency p50, 1 connection", f"{r['p50_1_ms']:.3f} ms (p99 {r['p99_1_ms']:.2f}, {r['rps1']:,.0f}/s)", "≤ 1 ms",
         verdict(r["p50_1_ms"] <= TARGETS["p50_1_ms"])),
        ("acked msg/s, 64 conn., tenants paused (ack path alone)", f"{r['ack_rps64']:,.0f} (p50 {r['ack_p50_64_ms']:.2f}, p99 {r['ack_p99_64_ms']:.2f} ms)",
         "", ""),
        ("latency p50, 1 conn., tenants paused", f"{r['ack_p50_1_ms']:.3f} ms", "", ""),
        ("RSS, 20 tenants after load", f"{r['rss20_mb']:.1f} MiB (peak {r['hwm_after_load_mb']:.1f})", "≤ 50 MB",
         verdict(r["rss20_mb"] * 1.048576 <= TARGETS["rss20_mb"])),
        ("tenant creation rate", f"{r['create_rate']:,.0f}/s", "", ""),
        (f"/metrics, {r['live1k']:,} live tenants", f"{r['metrics1k_ms']:.2f} ms median ({r['metrics1k_bytes'] // 1024} KiB)",
         "≤ 20 ms", verdict(r["metrics1k_ms"] <= TARGETS["metrics1k_ms"])),
        (f"RSS, {r['live10k']:,} live tenants", f"{r['rss10k_mb']:.1f} MiB (peak {r['hwm10k_mb']:.1f})", "≤ 300 MB",
         verdict(r["rss10k_mb"] * 1.048576 <= TARGETS["rss10k_mb"])),
        (f"/metrics, {r['live10k']:,} live tenants", f"{r['metrics10k_ms']:.2f} ms median ({r['metrics10k_bytes'] // 1024} KiB)",
         "", ""),
    ]
    table = markdown_table(rows)
    header = (f"## {now_label()} — commit {git_commit()}\n\n"
              f"{machine()}; wrk {args.duration}s at 64 "
              f"connections, {args.single_duration}s at 1; {args.tenants} tenants then {args.many:,}; "
              f"env: {args.env_note}; server threads {r['threads']}; load average at start {r['loadavg']}; "
              f"whole run {r['elapsed_s']:.0f} s.\n")
    extra = [f"- webhook outcomes during the 64-connection run: {r['outcomes64']}",
             f"- busiest server threads during that run (CPU % of one core): {r['busiest64']}",
             f"- unprocessed inbox right after the run: {r['queue_after64']:,}"]
    extra += [f"- {note}" for note in notes]
    block = header + "\n" + "\n".join(table) + "\n\n" + "\n".join(extra) + "\n"
    print()
    print(block)
    append_results(Path(args.results), block)


# --------------------------------------------------------- report helpers (shared)


def markdown_table(rows) -> list[str]:
    """The lines of a `| measure | value | target | |` table of (a, b, c, d) rows."""
    table = ["| measure | value | target | |", "|---|---|---|---|"]
    table += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return table


def git_commit() -> str:
    """The short HEAD commit, noting uncommitted changes under Sources/ or Package.swift."""
    try:
        commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", "Sources", "Package.swift"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
        if dirty:
            commit += " + uncommitted Sources changes"
    except (OSError, subprocess.SubprocessError):
        commit = "unknown"
    return commit


def machine() -> str:
    """'2 CPUs (model), Linux release'."""
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs ({cpu}), {platform.system()} {platform.release()}"


def now_label() -> str:
    return dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")


def append_results(results_file: Path, block: str) -> None:
    """Appends a report block to the results file (created with its title if missing)."""
    if not results_file.exists():
        results_file.write_text("# Falachefe benchmark results\n\nAppended by `ops/bench/run.sh`, newest last.\n")
    with results_file.open("a") as out:
        out.write("\n" + block)
    log(f"appended to {results_file}")


# ------------------------------------------------------------------------ helpers


def free_port() -> int:
    """A loopback TCP port that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_ready(url: str, pid: int | None, timeout: float) -> str | None:
    """Waits for GET /health/ready to answer 200; returns None, or why the server is not ready."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pid and not Path(f"/proc/{pid}").exists():
            return "server exited before becoming ready"
        try:
            status, _ = Client(url, timeout=2).request("GET", "/health/ready")
            if status == 200:
                return None
        except OSError:
            pass
        time.sleep(0.2)
    return f"server not ready after {timeout} s"


def command_free_port(_: argparse.Namespace) -> int:
    print(free_port())
    return 0


def command_wait_ready(args: argparse.Namespace) -> int:
    problem = wait_ready(args.url, args.pid, args.timeout)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("free-port").set_defaults(fn=command_free_port)
    ready = sub.add_parser("wait-ready")
    ready.add_argument("--url", required=True)
    ready.add_argument("--pid", type=int)
    ready.add_argument("--timeout", type=float, default=60)
    ready.set_defaults(fn=command_wait_ready)
    run = sub.add_parser("run")
    run.add_argument("--url", required=True)
    run.add_argument("--token", required=True)
    run.add_argument("--pid", type=int, required=True)
    run.add_argument("--db", required=True)
    run.add_argument("--workdir", required=True)
    run.add_argument("--results", default=str(HERE / "results.md"))
    run.add_argument("--tenants", type=int, default=20)
    run.add_argument("--many", type=int, default=10_000)
    run.add_argument("--duration", type=int, default=15)
    run.add_argument("--single-duration", type=int, default=10)
    run.add_argument("--drain-limit", type=float, default=120)
    run.add_argument("--client-threads", type=int, default=16)
    run.add_argument("--env-note", default="")
    run.set_defaults(fn=command_run)
    args = parser.parse_args()
    return args.fn(args)


if __name__ == "__main__":
    sys.exit(main())
