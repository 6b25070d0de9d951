"""Chat benchmark (not a test): how fast a direct message reaches the recipient's open tab, beside a
bare python-socketio relay measured in the same run, and how many connected clients the app holds
at one message per second each.

(a) Latency: one sender and one recipient on loopback; each message is sent after the previous one
    arrived. EngNest: stored in the database, committed, pushed through `app.modify_state`, merged
    into the recipient's thread state and sent as a state delta. Relay: re-emitted to a room.
(b) Capacity: N clients in collaborator pairs, each with its thread open and a presence heartbeat,
    each sending one message per second to its partner. A step passes when the p95 delivery latency
    is at most 250 ms and nothing failed (no error, no disconnect, every message delivered). Run
    single process (SQLite, in-memory state) and with 2 workers + Redis (PostgreSQL; partners on
    different workers, so every message crosses workers).

Usage: python bench/chat.py [--quick] [--steps 50,100,...] [--duration 15]
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("ENGNEST_ENV", "test")
os.environ.setdefault("ENGNEST_DATA_DIR", tempfile.mkdtemp(prefix="engnest-bench-"))
# One key for this process (which mints the session tokens) and the backends it starts (which check them).
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(48))
os.environ.setdefault("BCRYPT_ROUNDS", "4")
os.environ.setdefault("REFLEX_TELEMETRY_ENABLED", "false")

from chatbench.clients import ReflexChat, RelayChat, Stats, reflex_names  # noqa: E402
from chatbench.stack import REDIS_URL, drop_redis_prefix, postgres_database, seed_accounts, start_backend, start_relay  # noqa: E402

TARGET_P95_MS, CAPACITY_P95_MS = 100.0, 250.0


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


async def relay_latency(work: Path, count: int) -> list[float]:
    relay = start_relay(work)
    try:
        stats = Stats()
        a, b = RelayChat(relay.url, 1, 2, stats), RelayChat(relay.url, 2, 1, stats)
        await a.start()
        await b.start()
        await ping_pong(a, stats, 20)  # warm up
        stats.latencies.clear()
        result = await ping_pong(a, stats, count)
        await a.stop()
        await b.stop()
        return result
    finally:
        relay.stop()


async def connect_all(urls: list[str], accounts, names, stats: Stats, batch: int = 25) -> list[ReflexChat]:
    clients = [ReflexChat(urls[i % len(urls)], acc.token, acc.id, acc.peer, names, stats) for i, acc in enumerate(accounts)]
    for i in range(0, len(clients), batch):
        await asyncio.gather(*(c.start() for c in clients[i : i + batch]))
    return clients


async def app_latency(urls: list[str], accounts, count: int) -> list[float]:
    stats = Stats()
    clients = await connect_all(urls, accounts[:2], reflex_names(), stats)
    await ping_pong(clients[0], stats, 20)
    stats.latencies.clear()
    result = await ping_pong(clients[0], stats, count)
    for c in clients:
        await c.stop()
    return result


async def load_step(urls: list[str], accounts, n: int, duration: float, servers) -> dict:
    n -= n % 2  # whole pairs: every client's partner is connected
    stats = Stats()
    started = time.perf_counter()
    clients = await connect_all(urls, accounts[:n], reflex_names(), stats)
    setup_s = time.perf_counter() - started
    cpu_before = sum(s.cpu_seconds() for s in servers)
    stop_at = time.perf_counter() + duration

    async def run(client: ReflexChat) -> None:
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
    cpu = sum(s.cpu_seconds() for s in servers) - cpu_before
    sent = sum(c.seq for c in clients)
    lost = len(stats.sent_at)
    for c in clients:
        await c.stop()
    errors = len(stats.errors) + lost
    p95 = pct(stats.latencies, 95)
    return {
        "clients": n, "sent": sent, "delivered": len(stats.latencies), "lost": lost, "errors": errors,
        "p50": pct(stats.latencies, 50), "p95": p95, "setup_s": setup_s, "first_error": (stats.errors or [""])[0],
        "cpu_ms": cpu * 1000 / max(sent, 1),
        "ok": errors == 0 and p95 <= CAPACITY_P95_MS,
    }


async def capacity(label: str, servers, accounts, steps: list[int], duration: float) -> int:
    best = 0
    urls = [s.url for s in servers]
    for n in steps:
        result = await load_step(urls, accounts, n, duration, servers)
        verdict = "ok" if result["ok"] else "FAIL"
        print(
            f"  {label:<24} {n:>6} {result['sent']:>7} {result['delivered']:>9} {result['lost']:>5} {result['errors']:>6}"
            f" {result['p50']:>8.1f} {result['p95']:>8.1f} {result['cpu_ms']:>8.1f}  {verdict} {result['first_error'][:60]}",
            flush=True,
        )
        if not result["ok"]:
            break
        best = n
    return best


def header() -> None:
    print(f"  {'mode':<24} {'clients':>6} {'sent':>7} {'delivered':>9} {'lost':>5} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'cpu ms/msg':>8}")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="small run (a few steps, short)")
    parser.add_argument("--steps", default="")
    parser.add_argument("--duration", type=float, default=15.0)
    parser.add_argument("--latency-messages", type=int, default=200)
    args = parser.parse_args()
    steps = [int(s) for s in args.steps.split(",") if s] or ([20, 50] if args.quick else [50, 100, 200, 300, 400, 600, 800, 1000])
    duration = 5.0 if args.quick else args.duration
    count = 50 if args.quick else args.latency_messages
    max_clients = max(steps) + max(steps) % 2
    work = Path(tempfile.mkdtemp(prefix="engnest-chat-bench-"))
    from engnest.migrations import upgrade

    print(f"== chat benchmark ({os.cpu_count()} CPUs; clients and servers share them; bench in {work})")
    relay = await relay_latency(work, count)

    db_url = f"sqlite:///{work / 'bench.db'}"
    upgrade(db_url)
    accounts = seed_accounts(db_url, max_clients)
    single = start_backend("single", work, DATABASE_URL=db_url)
    try:
        ours = await app_latency([single.url], accounts, count)
        print(f"\n(a) delivery latency sender -> recipient, loopback, {count} messages one at a time")
        print(f"  {'':<34} {'p50 ms':>8} {'p95 ms':>8}")
        print(f"  {'bare python-socketio relay':<34} {pct(relay, 50):>8.2f} {pct(relay, 95):>8.2f}")
        print(f"  {'EngNest, 1 process (SQLite)':<34} {pct(ours, 50):>8.2f} {pct(ours, 95):>8.2f}")
        print(f"  {'ratio EngNest / relay':<34} {pct(ours, 50) / pct(relay, 50):>7.1f}x {pct(ours, 95) / pct(relay, 95):>7.1f}x"
              f"   (targets: p95 <= {TARGET_P95_MS:.0f} ms and <= 2x the relay)")
        print(f"\n(b) capacity at 1 message/s per client (pass: p95 <= {CAPACITY_P95_MS:.0f} ms, no errors, nothing lost)")
        header()
        best_single = await capacity("1 process (SQLite)", [single], accounts, steps, duration)
    finally:
        single.stop()

    best_scaled = None
    if port_open(5432) and port_open(6379):
        prefix = f"bench-{uuid.uuid4().hex[:8]}"
        with postgres_database() as pg_url:
            upgrade(pg_url)
            accounts = seed_accounts(pg_url, max_clients)
            env = {"DATABASE_URL": pg_url, "REDIS_URL": REDIS_URL, "REDIS_PREFIX": prefix}
            workers = [start_backend("worker-a", work, **env), start_backend("worker-b", work, **env)]
            try:
                urls = [w.url for w in workers]
                cross = await app_latency(urls, accounts, count)
                print(f"  {'(a) 2 workers + Redis, cross-worker':<34} p50 {pct(cross, 50):.2f} ms  p95 {pct(cross, 95):.2f} ms"
                      f"  ({pct(cross, 95) / pct(relay, 95):.1f}x relay p95)")
                best_scaled = await capacity("2 workers + Redis (PG)", workers, accounts, steps, duration)
            finally:
                for w in workers:
                    w.stop()
                drop_redis_prefix(prefix)
    else:
        print("  2 workers + Redis: skipped (PostgreSQL or Redis not running on localhost)")

    cpu = resource.getrusage(resource.RUSAGE_SELF)
    print(f"\nmost clients held at 1 msg/s with p95 <= {CAPACITY_P95_MS:.0f} ms and no errors: "
          f"single process = {best_single or 'none of the steps'}, 2 workers + Redis = {best_scaled if best_scaled is not None else 'not run'}"
          f"  (target 1,000)")
    print(f"bench client process CPU: {cpu.ru_utime + cpu.ru_stime:.0f} s (it shares the machine with the servers)")


if __name__ == "__main__":
    asyncio.run(main())
