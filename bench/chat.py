"""Chat benchmark (not a test): how fast a direct message reaches the recipient's open tab, and what one
message costs, beside two baselines measured in the same run: a bare python-socketio relay, and a minimal
Reflex app (bench/minimal) that only pushes the message into the peer's tab the way Realtime.deliver does.

(a) Latency: one sender and one recipient on loopback; each message is sent after the previous one
    arrived. EngNest: stored in the database, committed, pushed through `app.modify_state`, merged
    into the recipient's thread state and sent as a state delta. Minimal Reflex: appended to the
    peer's state through `app.modify_state`. Relay: re-emitted to a room.
(b) Capacity: N clients in pairs, each sending one message per second to its partner. A step passes
    when the p95 delivery latency is at most 250 ms and nothing failed (no error, no disconnect, every
    message delivered). Server CPU per delivered message is the servers' process-group CPU over the step.
    EngNest's clients behave like the real thread page: the route's on_load chain (THREAD_ON_LOAD),
    `mark_read` after each arrival at most once a second (assets/chat.js), and the page's timers (presence
    heartbeat, online dots) in every phase, so the recipient's tab never expires from the tab directory.
    Run single process (SQLite, in-memory state) for the relay, the minimal app and EngNest, then EngNest
    with 2 workers + Redis (PostgreSQL; partners on different workers, so every message crosses workers).

Ratios EngNest / minimal Reflex are printed (issue 17 targets: CPU per message <= 1.5x, clients held >= 0.7x).

Usage: python bench/chat.py [--quick] [--steps 50,100,...] [--duration 15] [--no-scaled]
Needs PostgreSQL and Redis on localhost for the 2-worker part (skipped with a note otherwise).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import secrets
import socket
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("ENGNEST_ENV", "test")
os.environ.setdefault("ENGNEST_DATA_DIR", tempfile.mkdtemp(prefix="engnest-bench-"))
# One key for this process (which mints the session tokens) and the backends it starts (which check them).
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(48))
os.environ.setdefault("BCRYPT_ROUNDS", "4")
os.environ.setdefault("REFLEX_TELEMETRY_ENABLED", "false")

from chatbench.clients import ReflexChat, RelayChat, Stats, minimal_names, reflex_names  # noqa: E402
from chatbench.stack import (  # noqa: E402
    REDIS_URL,
    Account,
    drop_redis_prefix,
    postgres_database,
    seed_accounts,
    start_backend,
    start_minimal,
    start_relay,
)

CAPACITY_P95_MS = 250.0


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))] * 1000


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


async def ping_pong(sender, stats: Stats, count: int) -> list[float]:
    """Send `count` messages one at a time, each after the previous one arrived."""
    for _ in range(count):
        body = await sender.send()
        waiter = stats.waiters[body] = asyncio.Event()
        if body not in stats.sent_at:  # already delivered before we started waiting
            waiter.set()
        await asyncio.wait_for(waiter.wait(), 10)
        await asyncio.sleep(0.02)
    return stats.latencies[-count:]


@dataclass
class Target:
    """What a step runs against: its servers and how to make the client of slot `i` (partners are i and i^1)."""

    label: str
    servers: list
    make: Callable[[str, int, Stats], object]

    def clients(self, n: int, stats: Stats) -> list:
        urls = [s.url for s in self.servers]
        return [self.make(urls[i % len(urls)], i, stats) for i in range(n)]


def relay_target(relay) -> Target:
    return Target("bare python-socketio relay", [relay], lambda url, i, stats: RelayChat(url, i + 1, (i ^ 1) + 1, stats))


def minimal_target(server) -> Target:
    names = minimal_names()
    return Target("minimal Reflex app", [server], lambda url, i, stats: ReflexChat(url, "", i + 1, (i ^ 1) + 1, names, stats))


def engnest_target(label: str, servers, accounts: list[Account]) -> Target:
    names = reflex_names(real_page=True)
    return Target(label, servers, lambda url, i, stats: ReflexChat(url, accounts[i].token, accounts[i].id, accounts[i].peer, names, stats))


async def connect_all(target: Target, n: int, stats: Stats, batch: int = 25) -> list:
    clients = target.clients(n, stats)
    for i in range(0, len(clients), batch):
        await asyncio.gather(*(c.start() for c in clients[i : i + batch]))
    return clients


async def latency(target: Target, count: int) -> list[float]:
    stats = Stats()
    clients = await connect_all(target, 2, stats)
    await ping_pong(clients[0], stats, 20)  # warm up
    stats.latencies.clear()
    result = await ping_pong(clients[0], stats, count)
    for c in clients:
        await c.stop()
    return result


def sql_total(servers) -> tuple[int, int]:
    """(SQL statements, commits) so far over the servers (0 for the baselines: they have no database)."""
    counts = [s.sql_counts() for s in servers]
    return sum(c[0] for c in counts), sum(c[1] for c in counts)


async def load_step(target: Target, n: int, duration: float) -> dict:
    n -= n % 2  # whole pairs: every client's partner is connected
    stats = Stats()
    started = time.perf_counter()
    clients = await connect_all(target, n, stats)
    setup_s = time.perf_counter() - started
    cpu_before = sum(s.cpu_seconds() for s in target.servers)
    sql_before = sql_total(target.servers)
    stop_at = time.perf_counter() + duration

    async def run(client) -> None:
        await asyncio.sleep(random.random())  # spread the sends over the second
        next_beat = time.perf_counter() + random.random() * 10
        while time.perf_counter() < stop_at:
            tick = time.perf_counter()
            await client.send()
            if tick >= next_beat:
                await client.heartbeat()
                next_beat = tick + 10
            await asyncio.sleep(max(0.0, 1.0 - (time.perf_counter() - tick)))

    await asyncio.gather(*(run(c) for c in clients))
    await asyncio.sleep(3)  # grace for the last deliveries
    cpu = sum(s.cpu_seconds() for s in target.servers) - cpu_before
    statements, commits = (now - before for now, before in zip(sql_total(target.servers), sql_before, strict=True))
    sent = sum(c.seq for c in clients)
    lost = len(stats.sent_at)
    for c in clients:
        await c.stop()
    errors = len(stats.errors) + lost
    p95 = pct(stats.latencies, 95)
    return {
        "clients": n, "sent": sent, "delivered": len(stats.latencies), "lost": lost, "errors": errors,
        "p50": pct(stats.latencies, 50), "p95": p95, "setup_s": setup_s, "first_error": (stats.errors or [""])[0],
        "cpu_ms": cpu * 1000 / max(len(stats.latencies), 1),  # per delivered message
        "sql": statements / max(len(stats.latencies), 1), "commits": commits / max(len(stats.latencies), 1),
        "ok": errors == 0 and p95 <= CAPACITY_P95_MS,
    }


@dataclass
class Capacity:
    held: int = 0  # most clients of a passing step
    cpu_ms: float = float("nan")  # server CPU per delivered message at the first step (the same load for every target)


async def capacity(target: Target, steps: list[int], duration: float) -> Capacity:
    out = Capacity()
    for n in steps:
        result = await load_step(target, n, duration)
        if n == steps[0]:
            out.cpu_ms = result["cpu_ms"]
        verdict = "ok" if result["ok"] else "FAIL"
        print(
            f"  {target.label:<28} {n:>6} {result['sent']:>7} {result['delivered']:>9} {result['lost']:>5} {result['errors']:>6}"
            f" {result['p50']:>8.1f} {result['p95']:>8.1f} {result['cpu_ms']:>8.2f} {result['sql']:>5.1f} {result['commits']:>5.2f}"
            f"  {verdict} {result['first_error'][:60]}",
            flush=True,
        )
        if not result["ok"]:
            break
        out.held = n
    return out


def header() -> None:
    print(f"  {'mode':<28} {'clients':>6} {'sent':>7} {'delivered':>9} {'lost':>5} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'cpu ms/msg':>8} {'sql':>5} {'commit':>5}")


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b and b == b and a == a else "n/a"


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="small run (a few steps, short)")
    parser.add_argument("--steps", default="")
    parser.add_argument("--duration", type=float, default=15.0)
    parser.add_argument("--latency-messages", type=int, default=200)
    parser.add_argument("--no-scaled", action="store_true", help="skip the 2 workers + Redis + PostgreSQL part")
    args = parser.parse_args()
    steps = [int(s) for s in args.steps.split(",") if s] or ([10, 20, 50] if args.quick else [10, 20, 50, 100, 200, 300, 400, 600, 800, 1000])
    duration = 5.0 if args.quick else args.duration
    count = 50 if args.quick else args.latency_messages
    max_clients = max(steps) + max(steps) % 2
    work = Path(tempfile.mkdtemp(prefix="engnest-chat-bench-"))
    from engnest.migrations import upgrade

    print(f"== chat benchmark ({os.cpu_count()} CPUs; clients and servers share them; bench in {work})")
    db_url = f"sqlite:///{work / 'bench.db'}"
    upgrade(db_url)
    accounts = seed_accounts(db_url, max_clients)
    lat: dict[str, list[float]] = {}
    cap: dict[str, Capacity] = {}
    print(f"\n(b) capacity at 1 message/s per client, single process (pass: p95 <= {CAPACITY_P95_MS:.0f} ms, no errors, nothing lost)")
    header()
    for key, start, target_of in (
        ("relay", lambda: start_relay(work), relay_target),
        ("minimal", lambda: start_minimal(work), minimal_target),
        ("engnest", lambda: start_backend("single", work, DATABASE_URL=db_url),
         lambda server: engnest_target("EngNest, 1 process (SQLite)", [server], accounts)),
    ):
        server = start()
        try:
            target = target_of(server)
            lat[key] = await latency(target, count)
            cap[key] = await capacity(target, steps, duration)
        finally:
            server.stop()

    print(f"\n(a) delivery latency sender -> recipient, loopback, {count} messages one at a time")
    print(f"  {'':<34} {'p50 ms':>8} {'p95 ms':>8}")
    for key, label in (("relay", "bare python-socketio relay"), ("minimal", "minimal Reflex app"), ("engnest", "EngNest, 1 process (SQLite)")):
        print(f"  {label:<34} {pct(lat[key], 50):>8.2f} {pct(lat[key], 95):>8.2f}")

    best_scaled = None
    if not args.no_scaled and port_open(5432) and port_open(6379):
        prefix = f"bench-{uuid.uuid4().hex[:8]}"
        with postgres_database() as pg_url:
            upgrade(pg_url)
            pg_accounts = seed_accounts(pg_url, max_clients)
            env = {"DATABASE_URL": pg_url, "REDIS_URL": REDIS_URL, "REDIS_PREFIX": prefix}
            workers = [start_backend("worker-a", work, **env), start_backend("worker-b", work, **env)]
            try:
                scaled = engnest_target("EngNest, 2 workers + Redis", workers, pg_accounts)
                cross = await latency(scaled, count)
                print(f"  {'EngNest, 2 workers, cross-worker':<34} {pct(cross, 50):>8.2f} {pct(cross, 95):>8.2f}")
                print("\n(c) capacity, 2 workers + Redis + PostgreSQL (partners on different workers)")
                header()
                best_scaled = (await capacity(scaled, steps, duration)).held
            finally:
                for w in workers:
                    w.stop()
                drop_redis_prefix(prefix)
    else:
        print("  2 workers + Redis: skipped (--no-scaled, or PostgreSQL or Redis not running on localhost)")

    r, m, e = cap["relay"], cap["minimal"], cap["engnest"]
    print(f"\n== summary (single process; CPU per delivered message at {steps[0]} clients)")
    print(f"  {'measure':<30} {'relay':>10} {'minimal':>10} {'EngNest':>10} {'EngNest/minimal':>16} {'target':>10}")
    print(f"  {'server CPU ms / message':<30} {r.cpu_ms:>10.2f} {m.cpu_ms:>10.2f} {e.cpu_ms:>10.2f} {ratio(e.cpu_ms, m.cpu_ms):>16} {'<= 1.5x':>10}")
    print(f"  {'clients held (p95 <= 250 ms)':<30} {r.held:>10} {m.held:>10} {e.held:>10} {ratio(e.held, m.held):>16} {'>= 0.7x':>10}")
    for q in (50, 95):
        print(f"  {f'latency p{q} ms (one at a time)':<30} {pct(lat['relay'], q):>10.2f} {pct(lat['minimal'], q):>10.2f} "
              f"{pct(lat['engnest'], q):>10.2f} {ratio(pct(lat['engnest'], q), pct(lat['minimal'], q)):>16}")
    if best_scaled is not None:
        print(f"  {'clients held, 2 workers':<30} {'':>10} {'':>10} {best_scaled:>10} {ratio(best_scaled, e.held):>16} {'>= 1.6x 1 proc':>10}")
    print(f"  (the steps stop at {steps[-1]} clients: a target that passed the last step held at least that many)")
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    print(f"bench client process CPU: {cpu.ru_utime + cpu.ru_stime:.0f} s (it shares the machine with the servers)")


if __name__ == "__main__":
    asyncio.run(main())
