#!/usr/bin/env python3
"""Falachefe crew-path benchmark (Python 3 standard library only). Not run by CI.

ops/bench/crew.sh builds the release binary and runs this file, which, in one process:

1. starts a fake OpenAI chat-completions server (`POST /v1/chat/completions`, answers
   after BENCH_LLM_LATENCY_MS, usage in every answer) and a fake uazapi send API
   (`POST /send/text`) on loopback, on threads;
2. starts `falachefe serve` on a free loopback port with a temporary SQLite file,
   OPENAI_BASE_URL pointing at the fake, and raised limits;
3. creates BENCH_TENANTS tenants whose instances send through the fake UAZ, and registers
   BENCH_SENDERS senders as users of every tenant;
4. runs a smoke round (one message of each kind, replies shown), then a closed loop:
   every sender thread posts one real-shaped webhook to the next tenant (round robin)
   and waits for that tenant's reply to reach the fake UAZ before posting again;
5. reports messages/s end to end, end-to-end latency, model time and crew overhead per
   message, LLM calls per message, RSS and CPU, cross-checked with /metrics and the
   SQLite rows, and appends the summary to ops/bench/results.md ("Crew path").

How model time is attributed to messages: every message text gets a unique marker word
("#" + consonants, e.g. "gastei 37 reais no almoço #bqd"); it is the last user message of
both the router call and the agent calls of that message, so the fake LLM records each
call's marker, kind (router = `response_format: json_object`, else agent) and service
time (from the start of its request handling, after the request head was read, to the
answer written, i.e. the BENCH_LLM_LATENCY_MS sleep plus JSON work). Model time of a
message = the sum of its calls' service times; crew overhead = end-to-end latency
(webhook sent -> reply received by the fake UAZ) - model time. The overhead therefore
includes everything that is not the model: webhook HTTP, intake, queueing, crew logic,
SQLite commits, the server's HTTP client to the LLM, the outbox, the send to UAZ — and
the loopback HTTP parsing of this Python harness (small, but on the same 2 cores).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.server
import itertools
import json
import os
import re
import resource
import secrets
import shutil
import signal
import socket
import socketserver
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import unicodedata
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import (  # noqa: E402  (one copy of each helper: ops/bench/bench.py)
    REPO,
    Client,
    append_results,
    busiest_threads,
    cpu_seconds,
    create_tenants,
    free_port,
    git_commit,
    log,
    machine,
    markdown_table,
    message_body,
    metric_sum,
    metrics_text,
    now_label,
    parallel,
    rss_mb,
    thread_client,
    thread_count,
    thread_ticks,
    wait_ready,
)

TARGETS = {
    "msgs_per_s": 135.0,  # messages/s end to end (>=)
    "overhead_p50_ms": 7.0,  # crew overhead beyond model time, p50 (<=)
    "overhead_p99_ms": 12.0,  # ... p99 (<=)
    "rss_mb": 50.0,  # RSS with the tenants' crews active, MB (<=)
}

# The message mix: (kind, text template, expected agent role, expected LLM calls).
# {n} is an amount in reais that varies per message. Equal weights: 4 of 6 kinds are
# answered by the router call plus a deterministic tool, 2 of 6 by router + agent call.
MIX = [
    ("booking", "gastei {n} reais no almoço", "financial", 1),
    ("income", "vendi {n} reais hoje", "financial", 1),
    ("balance", "qual meu saldo?", "financial", 1),
    ("breakdown", "gastos por categoria", "financial", 1),
    ("marketing", "ideias para o instagram?", "marketing", 2),
    ("hr", "como funcionam as férias?", "hr", 2),
]
MIX_KIND = {kind: (template, role, calls) for kind, template, role, calls in MIX}

MARKER_LETTERS = "bcdfghjklmnpqrstvwxz"  # no vowels, no digits: never a keyword or an amount
MARKER_RE = re.compile(r"#([bcdfghjklmnpqrstvwxz]+)\s*$")


def marker_for(seq: int) -> str:
    letters = []
    seq += len(MARKER_LETTERS)  # at least two letters
    while seq:
        seq, digit = divmod(seq, len(MARKER_LETTERS))
        letters.append(MARKER_LETTERS[digit])
    return "#" + "".join(reversed(letters))


def fold(text: str) -> str:
    """Lower case without accents."""
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if unicodedata.category(c) != "Mn")


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (pct in 0..100); nan when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-pct * len(ordered) // 100))))
    return ordered[rank - 1]


# --------------------------------------------------------------------- HTTP fakes


class FakeServer(http.server.ThreadingHTTPServer):
    """A loopback ThreadingHTTPServer whose handler delegates to `app.handle(handler)`."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def __init__(self, app):
        self.app = app
        self.connections = 0
        super().__init__(("127.0.0.1", 0), FakeHandler)
        self.thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True,
                                       name=type(app).__name__)

    @property
    def port(self) -> int:
        return self.server_address[1]

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class FakeHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like the real services

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.connections += 1

    def log_message(self, *_args) -> None:  # quiet
        pass

    def do_POST(self) -> None:  # noqa: N802
        if self.path == "/bench/ping":  # the harness's own loopback round trip (calibration)
            self.read_body()
            self.answer(200, b"{}")
            return
        self.server.app.handle(self)

    def do_GET(self) -> None:  # noqa: N802
        self.answer(404, b'{"error":"not found"}')

    def read_body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def answer(self, status: int, body: bytes) -> None:
        """Head and body in one write (no Nagle / delayed-ACK stalls)."""
        reason = self.responses.get(status, ("",))[0]
        head = (f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode()
        self.wfile.write(head + body)


@dataclass
class LLMCall:
    marker: str | None
    kind: str  # "router" or "agent"
    started: float  # perf_counter
    ended: float
    prompt_tokens: int
    completion_tokens: int
    tools_offered: int
    answer: str

    @property
    def service_s(self) -> float:
        return self.ended - self.started


class FakeLLM:
    """`POST /v1/chat/completions` answering like a model would for this server: a router
    JSON object for `response_format: json_object`, a short Portuguese text otherwise."""

    def __init__(self, latency_s: float, api_key: str):
        self.latency_s = latency_s
        self.api_key = api_key
        self.calls: list[LLMCall] = []
        self.problems: Counter = Counter()
        self.lock = threading.Lock()
        self.in_flight = 0

    def handle(self, handler: FakeHandler) -> None:
        started = time.perf_counter()
        with self.lock:
            self.in_flight += 1
        try:
            self.complete(handler, started)
        finally:
            with self.lock:
                self.in_flight -= 1

    def complete(self, handler: FakeHandler, started: float) -> None:
        body = handler.read_body()
        if handler.path.split("?")[0].rstrip("/") != "/v1/chat/completions":
            self.problems[f"path {handler.path}"] += 1
            handler.answer(404, b'{"error":{"message":"not found","type":"invalid_request_error"}}')
            return
        if handler.headers.get("Authorization") != f"Bearer {self.api_key}":
            self.problems["missing or wrong bearer key"] += 1
            handler.answer(401, b'{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error"}}')
            return
        try:
            request = json.loads(body)
            messages = request["messages"]
        except (ValueError, KeyError, TypeError):
            self.problems["malformed request"] += 1
            handler.answer(400, b'{"error":{"message":"bad request","type":"invalid_request_error"}}')
            return
        user_text = ""
        for message in reversed(messages):
            if message.get("role") == "user":
                content = message.get("content")
                if isinstance(content, list):  # content parts
                    content = " ".join(part.get("text", "") for part in content if isinstance(part, dict))
                user_text = content or ""
                break
        match = MARKER_RE.search(user_text)
        marker = match.group(0).strip() if match else None
        clean = MARKER_RE.sub("", user_text).strip()
        json_mode = (request.get("response_format") or {}).get("type") == "json_object"
        system = next((m.get("content") or "" for m in messages if m.get("role") == "system"), "")
        if json_mode:
            kind, content = "router", json.dumps(route(clean), ensure_ascii=False)
        else:
            kind, content = "agent", agent_text(system)
        time.sleep(self.latency_s)
        prompt_tokens = max(1, len(body) // 4)
        completion_tokens = max(1, len(content) // 4)
        answer = {
            "id": "chatcmpl-" + uuid.uuid4().hex[:24],
            "object": "chat.completion",
            "created": int(time.time()),
            "model": request.get("model") or "gpt-4o-mini",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                      "total_tokens": prompt_tokens + completion_tokens},
        }
        handler.answer(200, json.dumps(answer, ensure_ascii=False).encode())
        call = LLMCall(marker, kind, started, time.perf_counter(), prompt_tokens, completion_tokens,
                       len(request.get("tools") or []), content)
        with self.lock:
            self.calls.append(call)


def route(text: str) -> dict:
    """A keyword 'model' for the router contract of Sources/FalachefeCore/Crew/LLMRouter.swift."""
    t = fold(text)
    amount = brl(t)
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=-3))).date()
    date = None
    if re.search(r"\bhoje\b", t):
        date = today.isoformat()
    elif re.search(r"\bontem\b", t):
        date = (today - dt.timedelta(days=1)).isoformat()
    entities = {"amount": None, "date": date, "category": None, "period": None, "people": []}
    intent, action, complexity, approval = "support", "help", "simple", False
    if amount and re.search(r"\b(gastei|paguei|comprei|despesa|gasto de)\b", t):
        intent, action = "financial", "add_expense"
        entities.update(amount=amount, category=expense_category(t))
    elif amount and re.search(r"\b(vendi|vendemos|recebi|recebemos|faturei|faturamos|receita|vendas?)\b", t):
        intent, action = "financial", "add_income"
        entities.update(amount=amount, category="Vendas")
    elif re.search(r"\bpor categoria\b|\bcategorias\b", t):
        intent, action = "financial", "category_breakdown"
        entities["period"] = "este mês"
    elif re.search(r"\bsaldo\b|fluxo de caixa|\blucro\b|quanto (entrou|sobrou)", t):
        intent, action = "financial", "cash_flow_report"
        entities["period"] = "este mês"
    elif re.search(r"instagram|marketing|campanha|divulg|promoc|redes sociais|clientes novos", t):
        intent, action = "marketing", "marketing_advice"
    elif re.search(r"ferias|funcionari|contrat|demit|demiss|folha de pagamento|\brh\b", t):
        intent, action = "hr", "hr_advice"
        approval = bool(re.search(r"demit|demiss|processo|advogad", t))
        complexity = "medium" if approval else "simple"
    elif re.search(r"\b(atendente|humano|uma pessoa)\b", t):
        intent, action, approval = "human", "escalate", True
    elif re.search(r"^(oi|ola|bom dia|boa tarde|boa noite)\b", t):
        intent, action = "greeting", "greet"
    return {"intent": intent, "action": action, "complexity": complexity, "entities": entities,
            "requiresHumanApproval": approval}


def brl(t: str) -> float | None:
    """The first amount in Brazilian notation: 37, 89,90, 1.500, 1.234,56."""
    match = re.search(r"\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|\d+(?:,\d{1,2})?(?:\.\d{1,2})?", t)
    if not match:
        return None
    raw = match.group(0)
    if "," in raw or re.fullmatch(r"\d{1,3}(?:\.\d{3})+", raw):
        raw = raw.replace(".", "").replace(",", ".")
    return float(raw)


def expense_category(t: str) -> str:
    for words, category in (
        (("almoco", "jantar", "lanche", "restaurante", "mercado", "padaria", "cafe"), "Alimentação"),
        (("uber", "gasolina", "combustivel", "onibus", "estacionamento"), "Transporte"),
        (("aluguel", "condominio"), "Aluguel"),
        (("internet", "luz", "energia", "agua", "telefone"), "Contas"),
        (("fornecedor", "mercadoria", "estoque", "insumo"), "Fornecedores"),
    ):
        if any(re.search(rf"\b{word}", t) for word in words):
            return category
    return "Outros"


def agent_text(system_prompt: str) -> str:
    """A short WhatsApp-sized answer for the agent named in the system prompt."""
    role = re.search(r"agente (\w+)", system_prompt)
    role = role.group(1) if role else ""
    if role == "marketing":
        return ("Três ideias rápidas para o Instagram: 1) vídeo curto dos bastidores; 2) enquete nos stories sobre o "
                "próximo produto; 3) cupom para quem marcar um amigo. Quer que eu monte o calendário da semana?")
    if role == "hr":
        return ("Férias: após 12 meses de trabalho o funcionário tem direito a 30 dias, que podem ser divididos em até "
                "3 períodos (um com pelo menos 14 dias). O pagamento, com 1/3 a mais, sai até 2 dias antes.")
    if role == "financial":
        return "Fluxo de caixa é o registro do dinheiro que entra e sai da empresa em um período."
    return "Posso ajudar com finanças, marketing e equipe. O que você precisa?"


@dataclass
class Waiter:
    event: threading.Event = field(default_factory=threading.Event)
    received: float = 0.0  # perf_counter at the fake UAZ
    received_wall: float = 0.0
    text: str = ""


class FakeUAZ:
    """`POST /send/text` (header `token`, JSON `{number, text}`), uazapi's answer shape
    (Tests/Fixtures/uazapi/send-text-response.json). A reply wakes the sender waiting for
    that (instance token, number)."""

    def __init__(self, owners_by_token: dict[str, str]):
        self.owners_by_token = owners_by_token
        self.waiters: dict[tuple[str, str], Waiter] = {}
        self.lock = threading.Lock()
        self.sent = 0
        self.unexpected: list[tuple[float, str, str, str]] = []  # (perf_counter, token, number, text) nobody waited for
        self.problems: Counter = Counter()

    def expect(self, token: str, number: str) -> Waiter:
        waiter = Waiter()
        with self.lock:
            if (token, number) in self.waiters:
                self.problems["two messages in flight for one sender and tenant (harness bug)"] += 1
            self.waiters[(token, number)] = waiter
        return waiter

    def forget(self, token: str, number: str, waiter: Waiter) -> None:
        with self.lock:
            if self.waiters.get((token, number)) is waiter:
                del self.waiters[(token, number)]

    def handle(self, handler: FakeHandler) -> None:
        received = time.perf_counter()
        received_wall = time.time()
        body = handler.read_body()
        if handler.path.split("?")[0].rstrip("/") != "/send/text":
            self.problems[f"path {handler.path}"] += 1
            handler.answer(404, b'{"error":"Not found"}')
            return
        token = handler.headers.get("token") or ""
        owner = self.owners_by_token.get(token)
        if owner is None:
            self.problems["unknown instance token"] += 1
            handler.answer(401, b'{"error":"Invalid token"}')
            return
        try:
            request = json.loads(body)
            number = str(request.get("number") or "")
            text = str(request.get("text") or "")
        except (ValueError, AttributeError):
            number = text = ""
        if not number or not text:
            self.problems["missing number or text"] += 1
            handler.answer(400, b'{"error":"Missing number or text"}')
            return
        digits = re.sub(r"\D", "", number)
        message_id = "3EB0" + uuid.uuid4().hex[:18].upper()
        answer = {
            "id": f"{owner}:{message_id}", "messageid": message_id, "chatid": f"{digits}@s.whatsapp.net",
            "fromMe": True, "messageTimestamp": int(received_wall * 1000), "messageType": "Conversation",
            "status": "Pending", "text": text, "response": {"status": "success", "message": "Message sent successfully"},
        }
        with self.lock:
            self.sent += 1
            waiter = self.waiters.pop((token, digits), None)
        if waiter is not None:
            waiter.received, waiter.received_wall, waiter.text = received, received_wall, text
            waiter.event.set()
        else:
            self.unexpected.append((received, token, digits, text))
        handler.answer(200, json.dumps(answer, ensure_ascii=False).encode())


# ---------------------------------------------------------------------- the load


@dataclass
class Message:
    seq: int
    sender: int
    tenant: int
    kind: str
    text: str
    marker: str
    message_id: str
    sent: float = 0.0  # perf_counter
    sent_wall: float = 0.0
    acked: float = 0.0
    ack_status: str = ""
    replied: float = 0.0
    replied_wall: float = 0.0
    reply: str = ""
    outcome: str = "pending"  # replied / rejected / timeout / error


class Load:
    def __init__(self, base: str, tenants: list[dict], senders: list[str], uaz: FakeUAZ, reply_timeout: float):
        self.base = base
        self.tenants = tenants
        self.senders = senders
        self.uaz = uaz
        self.reply_timeout = reply_timeout
        self.stop = threading.Event()
        self.counter = itertools.count(1)
        self.messages: list[Message] = []
        self.lock = threading.Lock()

    def one(self, client: Client, sender: int, tenant_index: int, kind: str) -> Message:
        """Posts one message and waits for its reply (or the timeout)."""
        seq = next(self.counter)
        template = MIX_KIND[kind][0]
        amount = (20 + seq % 60) if kind == "booking" else (300 + seq % 600)
        marker = marker_for(seq)
        text = f"{template.format(n=amount)} {marker}"
        tenant = self.tenants[tenant_index]
        message = Message(seq, sender, tenant_index, kind, text, marker, uuid.uuid4().hex.upper())
        with self.lock:
            self.messages.append(message)
        phone = self.senders[sender]
        body = message_body(tenant["owner"], tenant["token"], phone, message.message_id, text)
        waiter = self.uaz.expect(tenant["token"], phone)
        message.sent_wall = time.time()
        message.sent = time.perf_counter()
        try:
            status, payload = client.request("POST", "/webhooks/uaz", body)
        except OSError as error:
            self.uaz.forget(tenant["token"], phone, waiter)
            message.outcome, message.ack_status = "error", f"{type(error).__name__}: {error}"
            return message
        message.acked = time.perf_counter()
        try:
            message.ack_status = json.loads(payload).get("status", "?") if status // 100 == 2 else f"http_{status}"
        except ValueError:
            message.ack_status = f"http_{status} (not JSON)"
        if message.ack_status != "accepted":
            self.uaz.forget(tenant["token"], phone, waiter)
            message.outcome = "rejected"
            return message
        if not waiter.event.wait(self.reply_timeout):
            self.uaz.forget(tenant["token"], phone, waiter)
            message.outcome = "timeout"
            return message
        message.replied, message.replied_wall, message.reply = waiter.received, waiter.received_wall, waiter.text
        message.outcome = "replied"
        return message

    def sender_loop(self, sender: int) -> None:
        client = Client(self.base)
        tenant_index = (sender * len(self.tenants)) // len(self.senders)
        mix_index = sender
        try:
            while not self.stop.is_set():
                kind = MIX[mix_index % len(MIX)][0]
                mix_index += 1
                message = self.one(client, sender, tenant_index, kind)
                tenant_index = (tenant_index + 1) % len(self.tenants)
                if message.outcome in ("rejected", "error"):
                    time.sleep(0.05)  # do not spin on a failing server
        finally:
            client.close()

    def run(self, until: float, marks: list, sample) -> None:
        """Runs the senders until perf_counter() reaches `until`; calls each (moment, fn) of
        `marks` at its moment and `sample()` about twice a second."""
        threads = [threading.Thread(target=self.sender_loop, args=(i,), name=f"sender-{i}", daemon=True)
                   for i in range(len(self.senders))]
        for thread in threads:
            thread.start()
        pending = sorted(marks, key=lambda mark: mark[0])
        while True:
            now = time.perf_counter()
            while pending and pending[0][0] <= now:
                pending.pop(0)[1]()
            if now >= until and not pending:
                break
            sample()
            wake = min([now + 0.5, until] + [moment for moment, _ in pending])
            time.sleep(max(0.0, wake - time.perf_counter()))
        self.stop.set()
        for thread in threads:
            thread.join(self.reply_timeout + 10)


# ------------------------------------------------------------------ server process


class Server:
    def __init__(self, binary: Path, workdir: Path, env: dict[str, str]):
        self.binary = binary
        self.workdir = workdir
        self.env = env
        self.log_path = workdir / "server.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        env = {k: v for k, v in os.environ.items()
               if k not in ("UAZ_API_URL", "OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL", "OPENAI_FALLBACK_MODEL",
                            "DATABASE_URL", "REDIS_URL") and not k.startswith(("FALACHEFE_", "CREWAI_", "WHATSAPP_"))}
        env.update(self.env)
        with self.log_path.open("wb") as out:
            self.process = subprocess.Popen([str(self.binary), "serve"], env=env, stdout=out, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, start_new_session=True, cwd=str(REPO))

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def stop(self) -> int | None:
        """SIGTERM, then SIGKILL after 10 s; returns the exit status."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                log("server did not stop within 10 s of SIGTERM; killing it")
                self.process.kill()
                self.process.wait(10)
        return self.process.returncode

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"

    def log_counts(self) -> Counter:
        """Log lines by level word (warning, error, critical) and the most frequent messages."""
        counts: Counter = Counter()
        try:
            for line in self.log_path.read_text(errors="replace").splitlines():
                match = re.search(r"\b(warning|error|critical)\b\s*:?\s*(.{0,80})", line)
                if match:
                    counts[f"{match.group(1)}: {re.sub(r'[0-9a-f-]{8,}', '…', match.group(2)).strip()}"] += 1
        except OSError:
            pass
        return counts


# ---------------------------------------------------------------------------- run


def stats_ms(values: list[float]) -> dict:
    ms = [v * 1000 for v in values]
    return {"n": len(ms), "p50": percentile(ms, 50), "p90": percentile(ms, 90), "p99": percentile(ms, 99),
            "max": max(ms) if ms else float("nan"), "mean": statistics.fmean(ms) if ms else float("nan")}


def fmt(s: dict) -> str:
    return f"p50 {s['p50']:.1f} / p90 {s['p90']:.1f} / p99 {s['p99']:.1f} ms (mean {s['mean']:.1f}, max {s['max']:.1f})"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def register_users(base: str, token: str, tenants: list[dict], senders: list[str]) -> None:
    def add(job: tuple[dict, int]) -> None:
        tenant, index = job
        body = {"name": f"Pessoa Bench {index + 1:02d}", "phone": senders[index], "role": "admin" if index == 0 else "user"}
        status, payload = thread_client(base, token).request("POST", f"/admin/tenants/{tenant['slug']}/users", body)
        if status != 201:
            raise RuntimeError(f"POST /admin/tenants/{tenant['slug']}/users: {status} {payload[:200]!r}")

    parallel([(t, i) for t in tenants for i in range(len(senders))], add, 8)


def db_rows(db: Path, query: str, params=()) -> list[tuple]:
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return connection.execute(query, params).fetchall()
    finally:
        connection.close()


def run(args: argparse.Namespace) -> int:
    sys.setswitchinterval(0.001)  # harness threads hand the GIL over quickly (less harness-added latency)
    binary = Path(args.binary)
    if not os.access(binary, os.X_OK):
        log(f"error: {binary} not found (build it, or set FALACHEFE_BINARY)")
        return 1
    workdir = Path(tempfile.mkdtemp(prefix="falachefe-crew-bench."))
    admin_token = secrets.token_hex(24)
    llm = FakeLLM(args.llm_latency_ms / 1000, "bench-key")
    tenants: list[dict] = []
    owners_by_token: dict[str, str] = {}
    uaz = FakeUAZ(owners_by_token)  # filled once the tenants exist
    llm_server, uaz_server = FakeServer(llm), FakeServer(uaz)
    llm_server.start()
    uaz_server.start()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = Server(binary, workdir, {
        "FALACHEFE_HOST": "127.0.0.1",
        "FALACHEFE_PORT": str(port),
        "FALACHEFE_SQLITE_PATH": str(workdir / "bench.sqlite"),
        "FALACHEFE_MIGRATIONS": str(REPO / "db/migrations/sqlite"),
        "FALACHEFE_DURABILITY": "process",
        "FALACHEFE_ADMIN_TOKEN": admin_token,
        "OPENAI_BASE_URL": f"http://127.0.0.1:{llm_server.port}/v1",
        "OPENAI_API_KEY": "bench-key",
        "OPENAI_MODEL": "gpt-4o-mini",
        "WHATSAPP_RATE_LIMIT_MESSAGES_PER_MINUTE": "100000",
        "FALACHEFE_TENANT_MESSAGES_PER_MINUTE": "10000000",
        "FALACHEFE_OUTBOUND_MESSAGES_PER_MINUTE": "1000000",
        "FALACHEFE_IDLE_TIMEOUT_SECONDS": "3600",
        "LOG_LEVEL": args.log_level,
        # The server's event loop count for an A/B run; unset keeps the server's default.
        **({"FALACHEFE_EVENT_LOOPS": os.environ["BENCH_EVENT_LOOPS"]} if os.environ.get("BENCH_EVENT_LOOPS") else {}),
    })
    failed = True
    try:
        log(f"fake LLM on :{llm_server.port} ({args.llm_latency_ms:g} ms), fake UAZ on :{uaz_server.port}")
        log(f"starting {binary} serve on {base} (data in {workdir})")
        server.start()
        problem = wait_ready(base, server.pid, 60)
        if problem:
            raise RuntimeError(problem)
        log(f"server ready (pid {server.pid})")
        results = measure(args, base, admin_token, server, llm, uaz, llm_server, uaz_server, tenants, owners_by_token,
                          workdir)
        report(args, results)
        failed = bool(results["fatal"])
        return 1 if failed else 0
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    except Exception as error:  # noqa: BLE001  (reported, then cleaned up)
        log(f"error: {type(error).__name__}: {error}")
        traceback.print_exc()
        return 1
    finally:
        status = server.stop()
        if failed:
            print(f"---- last lines of the server log (exit status {status}) ----", file=sys.stderr)
            print(server.log_tail(), file=sys.stderr)
        llm_server.stop()
        uaz_server.stop()
        if args.keep_workdir:
            log(f"work directory kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def measure(args, base, admin_token, server, llm, uaz, llm_server, uaz_server, tenants, owners_by_token, workdir) -> dict:
    pid = server.pid
    notes: list[str] = []
    fatal: list[str] = []
    uaz_url = f"http://127.0.0.1:{uaz_server.port}"
    log(f"creating {args.tenants} tenants (instances send to {uaz_url})")
    tenants.extend(create_tenants(base, admin_token, 1, args.tenants, 4, instance_base_url=uaz_url))
    owners_by_token.update({t["token"]: t["owner"] for t in tenants})
    # 13-digit Brazilian mobiles (with the 9th digit), already canonical.
    senders = [f"55119{8700_0000 + i:08d}" for i in range(args.senders)]
    log(f"registering {args.senders} senders as users of every tenant")
    register_users(base, admin_token, tenants, senders)
    rss_idle, _ = rss_mb(pid)
    # How long one loopback HTTP round trip between this harness's client and its fakes
    # takes when idle: the part of the measured overhead per hop that is Python, not server.
    ping = Client(f"http://127.0.0.1:{uaz_server.port}")
    samples = []
    for _ in range(200):
        started = time.perf_counter()
        ping.request("POST", "/bench/ping", b"{}")
        samples.append(time.perf_counter() - started)
    ping.close()
    harness_rtt = stats_ms(samples[20:])

    # Smoke round: one message of each kind, sequentially; shows the replies.
    load = Load(base, tenants, senders, uaz, args.reply_timeout)
    client = Client(base)
    log("smoke round (one message of each kind, tenant 1, sender 1):")
    for kind, *_ in MIX:
        message = load.one(client, 0, 0, kind)
        if message.outcome != "replied":
            fatal.append(f"smoke: '{message.text}' got no reply ({message.outcome}, webhook answer {message.ack_status})")
            log(f"  {kind:9s} {message.outcome} (webhook answer {message.ack_status})")
        else:
            calls = [c for c in llm.calls if c.marker == message.marker]
            log(f"  {kind:9s} {1000 * (message.replied - message.sent):6.1f} ms, LLM calls "
                f"{'+'.join(c.kind for c in calls) or 'none'}: {message.reply[:110]!r}")
    client.close()
    if fatal:
        return {"fatal": fatal, "notes": notes}
    load.messages.clear()

    # Closed loop: warm-up, then the measured window.
    log(f"closed loop: {args.senders} senders × {args.tenants} tenants, {args.warmup:g} s warm-up + {args.duration:g} s "
        f"measured, model latency {args.llm_latency_ms:g} ms")
    snapshots: dict = {}
    rss_samples: list[float] = []
    started = time.perf_counter()
    warm_end = started + args.warmup
    end = warm_end + args.duration

    def snapshot() -> dict:
        return {"t": time.perf_counter(), "cpu": cpu_seconds(pid), "threads": thread_ticks(pid),
                "metrics": metrics_text(base), "self_cpu": sum(resource.getrusage(resource.RUSAGE_SELF)[:2]),
                "calls": len(llm.calls)}

    def sample() -> None:
        if "warm" in snapshots and "end" not in snapshots:
            rss_samples.append(rss_mb(pid)[0])

    load.run(end, [(warm_end, lambda: snapshots.setdefault("warm", snapshot())),
                   (end, lambda: snapshots.setdefault("end", snapshot()))], sample)
    warm, fin = snapshots["warm"], snapshots["end"]
    window = fin["t"] - warm["t"]  # CPU and /metrics deltas; throughput uses [warm_end, end]
    rss_after, hwm = rss_mb(pid)
    metrics_after = metrics_text(base)
    live = int(metric_sum(metrics_after, "crewai_active_crews"))

    # ---- per-message analysis
    calls_by_marker: dict[str, list[LLMCall]] = defaultdict(list)
    unmatched_calls = 0
    for call in llm.calls:
        if call.marker:
            calls_by_marker[call.marker].append(call)
        else:
            unmatched_calls += 1
    messages = load.messages
    outcomes = Counter(m.outcome for m in messages)
    done_in_window = [m for m in messages if m.outcome == "replied" and warm_end <= m.replied <= end]
    measured = [m for m in done_in_window if m.sent >= warm_end]
    lost_in_window = [m for m in messages if m.outcome in ("timeout", "rejected", "error") and m.sent >= warm_end]
    if lost_in_window:
        kinds = Counter((m.kind, m.outcome, m.ack_status) for m in lost_in_window)
        fatal.append(f"{len(lost_in_window)} measured messages without a reply: {dict(kinds)}")

    e2e, model, overhead, pre, between, post, ack = [], [], [], [], [], [], []
    calls_per_kind: dict[str, Counter] = defaultdict(Counter)
    count_per_kind: Counter = Counter()
    wrong_calls: Counter = Counter()
    overhead_by_kind: dict[str, list[float]] = defaultdict(list)
    for m in measured:
        calls = sorted(calls_by_marker.get(m.marker, []), key=lambda c: c.started)
        count_per_kind[m.kind] += 1
        for c in calls:
            calls_per_kind[m.kind][c.kind] += 1
        if len(calls) != MIX_KIND[m.kind][2]:
            wrong_calls[(m.kind, "+".join(c.kind for c in calls) or "none")] += 1
        latency = m.replied - m.sent
        model_s = sum(c.service_s for c in calls)
        e2e.append(latency)
        model.append(model_s)
        overhead.append(latency - model_s)
        overhead_by_kind[m.kind].append(latency - model_s)
        ack.append(m.acked - m.sent)
        if calls:
            pre.append(calls[0].started - m.sent)
            if len(calls) > 1:
                between.append(sum(max(0.0, b.started - a.ended) for a, b in zip(calls, calls[1:])))
            post.append(m.replied - calls[-1].ended)
    if wrong_calls:
        notes.append("messages whose LLM calls differ from the expected (router, + agent for marketing/HR): "
                      + ", ".join(f"{k[0]}→{k[1]} ×{n}" for k, n in wrong_calls.most_common()))

    # ---- the server's own records of the measured messages
    db = workdir / "bench.sqlite"
    ids = {m.message_id: m for m in measured}
    inbox = {}
    tasks = {}
    for message_id, status, agent, processed_at in db_rows(db, "SELECT message_id, status, agent, processed_at FROM inbox"):
        key = message_id.split(":")[-1]
        if key in ids:
            inbox[key] = (status, agent, processed_at)
    for message_id, role, status, engine, exec_ms, error, description in db_rows(
            db, "SELECT message_id, agent_role, status, engine, execution_time_ms, error_message, description FROM crew_tasks"):
        key = message_id.split(":")[-1]
        if key in ids:
            tasks.setdefault(key, []).append((role, status, engine, exec_ms, error, description))
    routing: Counter = Counter()
    engines: Counter = Counter()  # (kind, engine)
    task_statuses: Counter = Counter()
    crew_exec_minus_model, commit_to_reply, processing = [], [], []
    for key, m in ids.items():
        rows = tasks.get(key, [])
        if not rows:
            routing[(m.kind, "no crew_tasks row")] += 1
        for role, status, engine, exec_ms, error, _ in rows:
            engines[(m.kind, engine)] += 1
            task_statuses[status if not error else f"{status} ({error[:60]})"] += 1
            if role != MIX_KIND[m.kind][1]:
                routing[(m.kind, role)] += 1
            model_s = sum(c.service_s for c in calls_by_marker.get(m.marker, []))
            crew_exec_minus_model.append(exec_ms / 1000 - model_s)
        row = inbox.get(key)
        if row and row[2]:
            processing.append(row[2] / 1000 - m.sent_wall)  # webhook sent → inbox row processed (ms clock)
            commit_to_reply.append(m.replied_wall - row[2] / 1000)  # processed → UAZ received (outbox)
    if routing:
        notes.append("routing different from the expected agent (kind→crew_tasks.agent_role): "
                     + ", ".join(f"{k[0]}→{k[1]} ×{n}" for k, n in routing.most_common()))
    # crew_tasks.engine is 'llm' when the model took part in the message (the router at
    # least); every message of this run goes through the LLM router, so anything else
    # means the server fell back to the built-in model.
    unexpected_engines = {k: n for k, n in engines.items() if k[1] != "llm"}
    if unexpected_engines:
        fatal.append("crew_tasks.engine is not 'llm' (the built-in model answered): "
                     + ", ".join(f"{k[0]}/{k[1]} ×{n}" for k, n in unexpected_engines.items()))

    # How many LLM calls were in flight at the fake (time-weighted over the window); the
    # server's HTTP client keeps at most concurrentHTTP1ConnectionsPerHostSoftLimit
    # connections per host, so a plateau at that number means requests queue in the server.
    events = []
    for call in llm.calls:
        start, stop = max(call.started, warm_end), min(call.ended, end)
        if start < stop:
            events += [(start, 1), (stop, -1)]
    events.sort()
    level, last, at_level = 0, warm_end, Counter()
    for moment, step in events:
        at_level[level] += moment - last
        level, last = level + step, moment
    at_level[level] += max(0.0, end - last)
    span = sum(at_level.values()) or 1.0
    concurrency = {n: at_level[n] / span for n in sorted(at_level)}

    m0, m1 = warm["metrics"], fin["metrics"]

    def delta(name: str, label: str = "") -> float:
        return metric_sum(m1, name, label) - metric_sum(m0, name, label)

    tokens_metric = delta("crewai_llm_tokens_total")
    window_calls = llm.calls[warm["calls"]:fin["calls"]]
    tokens_fake = sum(c.prompt_tokens + c.completion_tokens for c in window_calls)
    fallbacks = delta("falachefe_llm_fallbacks_total")
    if fallbacks:
        fatal.append(f"{fallbacks:.0f} LLM fallbacks to the built-in model during the window (falachefe_llm_fallbacks_total)")
    if uaz.unexpected:
        fatal.append(explain_unexpected(uaz.unexpected, messages, tenants, senders, db))
    outbox_rows = db_rows(db, "SELECT status, count(*) FROM outbox GROUP BY status")
    sent_rows = sum(n for status, n in outbox_rows if status != "pending" and status != "failed")
    if uaz.sent != sent_rows:
        fatal.append(f"the fake UAZ received {uaz.sent} sends, the outbox has {sent_rows} rows sent ({dict(outbox_rows)})")
    for source, problems in (("fake LLM", llm.problems), ("fake UAZ", uaz.problems)):
        if problems:
            fatal.append(f"{source} saw bad requests: {dict(problems)}")
    if unmatched_calls:
        notes.append(f"{unmatched_calls} LLM calls without a message marker in their last user message")
    log_counts = server.log_counts()
    if log_counts:
        notes.append("server log (LOG_LEVEL=%s): " % args.log_level
                     + "; ".join(f"{k} ×{n}" for k, n in log_counts.most_common(5)))

    cpu_s = fin["cpu"] - warm["cpu"]
    n_window = len(done_in_window)
    results = {
        "fatal": fatal, "notes": notes, "window_s": window, "completed": n_window, "measured": len(measured),
        "msgs_per_s": n_window / (end - warm_end),
        "e2e": stats_ms(e2e), "model": stats_ms(model), "overhead": stats_ms(overhead), "ack": stats_ms(ack),
        "pre": stats_ms(pre), "between": stats_ms(between), "post": stats_ms(post),
        "processing": stats_ms(processing), "commit_to_reply": stats_ms(commit_to_reply),
        "crew_exec_minus_model": stats_ms(crew_exec_minus_model),
        "calls_per_msg": (len([c for m in measured for c in calls_by_marker.get(m.marker, [])]) / len(measured)
                          if measured else float("nan")),
        "calls_by_kind": {k: {ck: calls_per_kind[k][ck] / count_per_kind[k] for ck in ("router", "agent")}
                          for k in count_per_kind},
        "count_by_kind": dict(count_per_kind),
        "llm_service": stats_ms([c.service_s for c in window_calls]),
        "rss_idle": rss_idle, "harness_rtt": harness_rtt, "rss_after": rss_after, "rss_max": max(rss_samples) if rss_samples else rss_after,
        "hwm": hwm, "live": live, "threads": thread_count(pid),
        "cpu_s": cpu_s, "cpu_pct": 100 * cpu_s / window, "cpu_ms_per_msg": 1000 * cpu_s / max(n_window, 1),
        "harness_cpu_pct": 100 * (fin["self_cpu"] - warm["self_cpu"]) / window,
        "busiest": busiest_threads(warm["threads"], fin["threads"], window),
        "tasks_delta": delta("crewai_tasks_executed_total"), "processed_delta": delta("crewai_messages_processed_total"),
        "sent_delta": delta("falachefe_outbound_messages_total", 'result="sent"'),
        "tokens_metric": tokens_metric, "tokens_fake": tokens_fake, "fallbacks": fallbacks,
        "llm_connections": llm_server.connections, "llm_concurrency": concurrency,
        "overhead_by_kind": {k: stats_ms(v) for k, v in overhead_by_kind.items()}, "uaz_connections": uaz_server.connections,
        "outcomes": dict(outcomes), "engines": {f"{k[0]}/{k[1]}": n for k, n in sorted(engines.items())}, "task_statuses": dict(task_statuses),
        "loadavg": " ".join(open("/proc/loadavg").read().split()[:3]),
    }
    if results["tasks_delta"] < n_window * 0.95:
        notes.append(f"crewai_tasks_executed_total grew by {results['tasks_delta']:.0f} for {n_window} replied messages")
    if tokens_fake and abs(tokens_metric - tokens_fake) > 0.05 * tokens_fake:
        notes.append(f"crewai_llm_tokens_total grew by {tokens_metric:.0f}, the fake LLM answered {tokens_fake} tokens")
    return results


def explain_unexpected(unexpected, messages: list[Message], tenants: list[dict], senders: list[str], db: Path) -> str:
    """Names each reply nobody waited for: a repeat of an earlier reply, or what else."""
    owner_index = {t["token"]: i for i, t in enumerate(tenants)}
    sender_index = {phone: i for i, phone in enumerate(senders)}
    lines = []
    for received, token, number, text in unexpected[:3]:
        tenant, sender = owner_index.get(token), sender_index.get(number)
        earlier = [m for m in messages if m.tenant == tenant and m.sender == sender and m.sent and m.sent < received]
        last = max(earlier, key=lambda m: m.sent, default=None)
        if last is None:
            what = "no message of that sender to that tenant before it"
        elif last.reply == text:
            what = (f"same text as the reply to message {last.message_id} ('{last.text}'), received "
                    f"{1000 * (received - last.replied):.0f} ms after that reply")
        else:
            what = (f"last message of that sender to that tenant was '{last.text}' ({last.outcome}, sent "
                    f"{1000 * (received - last.sent):.0f} ms before)")
        owner = tenants[tenant]["owner"] if tenant is not None else ""
        rows = db_rows(db, "SELECT id, in_reply_to, part, status, attempts FROM outbox "
                           "WHERE phone = ? AND text = ? AND in_reply_to LIKE ?", (number, text, f"{owner}:%"))
        lines.append(f"tenant {tenant + 1 if tenant is not None else '?'}, sender {sender + 1 if sender is not None else number}: "
                     f"{text[:60]!r} — {what}; outbox rows with that phone and text (id, in_reply_to, part, status, "
                     f"attempts): {rows}")
    return f"{len(unexpected)} replies at the fake UAZ that no sender waited for: " + "; ".join(lines)


def report(args: argparse.Namespace, r: dict) -> None:
    if "window_s" not in r:
        block = (f"## Crew path — {now_label()} — commit {git_commit()}\n\nFAILED before the load: "
                 + "; ".join(r["fatal"]) + "\n")
        print()
        print(block)
        append_results(Path(args.results), block)
        return
    e2e, ov = r["e2e"], r["overhead"]
    rss_mb_decimal = r["rss_max"] * 1.048576
    rows = [
        ("messages/s end to end", f"{r['msgs_per_s']:.1f} ({r['completed']} replies in {args.duration:g} s)", "≥ 135",
         verdict(r["msgs_per_s"] >= TARGETS["msgs_per_s"])),
        ("end-to-end latency (webhook → reply at UAZ)", fmt(e2e), "", ""),
        ("model time per message (fake LLM service time)", fmt(r["model"]), "", ""),
        ("crew overhead p50 (e2e − model time)", f"{ov['p50']:.1f} ms", "≤ 7 ms", verdict(ov["p50"] <= TARGETS["overhead_p50_ms"])),
        ("crew overhead p99", f"{ov['p99']:.1f} ms (p90 {ov['p90']:.1f}, max {ov['max']:.1f})", "≤ 12 ms",
         verdict(ov["p99"] <= TARGETS["overhead_p99_ms"])),
        ("crew overhead by kind, p50 / p99", ", ".join(
            f"{k} {v['p50']:.1f} / {v['p99']:.1f}" for k, v in sorted(r["overhead_by_kind"].items())) + " ms", "", ""),
        ("LLM calls per message", f"{r['calls_per_msg']:.2f} — " + ", ".join(
            f"{k} {v['router']:.2f} router + {v['agent']:.2f} agent" for k, v in sorted(r["calls_by_kind"].items())), "", ""),
        (f"RSS with {r['live']} tenants' crews active", f"{r['rss_max']:.1f} MiB max during load, {r['rss_after']:.1f} after "
         f"(peak VmHWM {r['hwm']:.1f}; {r['rss_idle']:.1f} before load)", "≤ 50 MB", verdict(rss_mb_decimal <= TARGETS["rss_mb"])),
        ("server CPU", f"{r['cpu_s']:.1f} s in the window = {r['cpu_pct']:.0f}% of 200%, {r['cpu_ms_per_msg']:.2f} ms/message",
         "", ""),
        ("harness (this Python process) CPU", f"{r['harness_cpu_pct']:.0f}% of 200%", "", ""),
        ("harness loopback HTTP round trip, idle (Python ↔ Python)", fmt(r["harness_rtt"]), "", ""),
        ("overhead split: webhook sent → 1st LLM call", fmt(r["pre"]), "", ""),
        ("overhead split: between LLM calls", fmt(r["between"]), "", ""),
        ("overhead split: last LLM call → reply at UAZ", fmt(r["post"]), "", ""),
        ("webhook acknowledgement (HTTP answer)", fmt(r["ack"]), "", ""),
        ("inbox processed_at → reply at UAZ (outbox; ms clock)", fmt(r["commit_to_reply"]), "", ""),
        ("crew_tasks.execution_time_ms − model time (ms clock)", fmt(r["crew_exec_minus_model"]), "", ""),
        ("fake LLM service time per call", fmt(r["llm_service"]), "", ""),
        ("LLM calls in flight at the fake (share of the window)", ", ".join(
            f"{n}: {100 * share:.0f}%" for n, share in r["llm_concurrency"].items() if share >= 0.005), "", ""),
    ]
    header = (f"## Crew path — {now_label()} — commit {git_commit()}\n\n"
              f"`ops/bench/crew.sh`: {machine()}; {args.senders} closed-loop senders across {args.tenants} tenants, "
              f"{args.warmup:g} s warm-up + {args.duration:g} s measured; fake chat completions answering after "
              f"{args.llm_latency_ms:g} ms; mix {', '.join(k for k, *_ in MIX)} in equal parts; LOG_LEVEL={args.log_level}; "
              f"binary {args.binary_label}; load average at the end {r['loadavg']}.\n")
    extra = [
        f"- {r['measured']} messages sent and replied inside the window (latency samples); per kind {r['count_by_kind']}",
        f"- message outcomes over the whole run: {r['outcomes']}",
        f"- /metrics deltas over the window: crewai_tasks_executed_total +{r['tasks_delta']:.0f}, "
        f"crewai_messages_processed_total +{r['processed_delta']:.0f}, outbound sent +{r['sent_delta']:.0f}, "
        f"crewai_llm_tokens_total +{r['tokens_metric']:.0f} (fake LLM counted {r['tokens_fake']}), "
        f"falachefe_llm_fallbacks_total +{r['fallbacks']:.0f}",
        f"- crew_tasks of the measured messages: engines {r['engines']}, statuses {r['task_statuses']}",
        f"- connections opened by the server: {r['llm_connections']} to the fake LLM, {r['uaz_connections']} to the fake UAZ",
        f"- server threads {r['threads']}; busiest during the window (CPU % of one core): {r['busiest']}",
    ]
    extra += [f"- PROBLEM: {p}" for p in r["fatal"]]
    extra += [f"- {n}" for n in r["notes"]]
    block = header + "\n" + "\n".join(markdown_table(rows)) + "\n\n" + "\n".join(extra) + "\n"
    print()
    print(block)
    append_results(Path(args.results), block)


def main() -> int:
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=env("FALACHEFE_BINARY", str(REPO / ".build/release/falachefe")))
    parser.add_argument("--duration", type=float, default=float(env("BENCH_DURATION", "30")))
    parser.add_argument("--warmup", type=float, default=float(env("BENCH_WARMUP", "5")))
    parser.add_argument("--tenants", type=int, default=int(env("BENCH_TENANTS", "20")))
    parser.add_argument("--senders", type=int, default=int(env("BENCH_SENDERS", "10")))
    parser.add_argument("--llm-latency-ms", type=float, default=float(env("BENCH_LLM_LATENCY_MS", "50")))
    parser.add_argument("--reply-timeout", type=float, default=float(env("BENCH_REPLY_TIMEOUT", "15")))
    parser.add_argument("--log-level", default=env("BENCH_LOG_LEVEL", "warning"))
    parser.add_argument("--results", default=env("BENCH_RESULTS", str(REPO / "ops/bench/results.md")))
    parser.add_argument("--keep-workdir", action="store_true", default=env("BENCH_KEEP_WORKDIR", "0") == "1")
    args = parser.parse_args()
    binary = Path(args.binary)
    try:
        args.binary_label = str(binary.resolve().relative_to(REPO.resolve()))
    except ValueError:
        args.binary_label = str(binary)

    def terminate(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, terminate)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
