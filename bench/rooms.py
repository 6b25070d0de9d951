"""Room chat benchmark (issue 13, not a test): one room, 20 members connected (real room-page clients: its on_load
chain, the presence heartbeat), messages at 10/s from the connected members in turn, the room holding 20, 100 or
500 members. Measured per size: p95 delivery to every connected member (the slowest of the 19 receivers of each
message) and per receiver, and the server's CPU, SQL statements and commits per message: the fan-out cost as the
membership grows while the connected tabs stay 20.

Baseline in the same run: the minimal Reflex app (bench/minimal, pushes only) with the same 20 clients in pairs
and the same 10 messages/s; CPU per delivered message is compared (a room message is 19 deliveries).

Usage: python bench/rooms.py [--members 20,100,500] [--duration 20] [--rate 10]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("ENGNEST_ENV", "test")
os.environ.setdefault("ENGNEST_DATA_DIR", tempfile.mkdtemp(prefix="engnest-bench-"))
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(48))
os.environ.setdefault("BCRYPT_ROUNDS", "4")
os.environ.setdefault("REFLEX_TELEMETRY_ENABLED", "false")

from chat import connect_all, minimal_target, pct, sql_total  # noqa: E402
from chatbench.clients import ReflexChat, Stats  # noqa: E402
from chatbench.stack import Account, seed_accounts, start_backend, start_minimal  # noqa: E402

CONNECTED = 20


class RoomTab(ReflexChat):
    """A tab of /rooms/[room_id]: the page's on_load chain, the heartbeat timer, sends through RoomState.send; a
    message is seen when a RoomState delta carries its line."""

    def __init__(self, url: str, account: Account, room_id: int, names, arrivals: dict[str, list[float]]) -> None:
        super().__init__(url, account.token, account.id, 0, names, Stats())
        self.path, self.as_path, self.query = f"/rooms/{room_id}", f"/rooms/{room_id}", {"room_id": str(room_id)}
        self.arrivals = arrivals

    async def send(self) -> str:
        self.seq += 1
        body = f"room {self.me} #{self.seq} {uuid.uuid4().hex[:6]}"
        self.arrivals[body] = [time.perf_counter()]
        await self._emit(self.names.send, {"form": {"body": body, "client_key": str(uuid.uuid4())}})
        return body

    async def _on_event(self, update: dict) -> None:
        state = (update.get("delta") or {}).get(self.names.thread)
        if not state:
            return
        if state.get("loaded_rx_state_"):
            self.loaded.set()
        for line in (state.get("lines_rx_state_") or [])[-60:]:
            if not line["mine"] and line["id"] not in self.seen:
                self.seen.add(line["id"])
                body = "".join(p["text"] for p in line["parts"])
                if body in self.arrivals:
                    self.arrivals[body].append(time.perf_counter())


def room_names():
    from chatbench.clients import Names, _handler_name

    from engnest.community.pages import room
    from engnest.community.pages.room_state import RoomState
    from engnest.network.state.presence import PresenceState
    from engnest.platform.tabs import HEARTBEAT_SECONDS

    heartbeat = f"{PresenceState.get_full_name()}.heartbeat"
    full = RoomState.get_full_name()
    return Names(heartbeat, f"{full}.load", f"{full}.send", full, full, on_load=tuple(_handler_name(h) for h in room.ON_LOAD),
                 ticks=((heartbeat, HEARTBEAT_SECONDS),))


def make_rooms(db_url: str, accounts: list[Account], sizes: list[int]) -> dict[int, int]:
    """One room per size, owned by the first account; the first CONNECTED accounts are in every room."""
    from engnest import features
    from engnest.community.services import rooms
    from engnest.platform.clock import utcnow
    from engnest.platform.db import make_engine, session_scope

    features.load_services()
    engine = make_engine(db_url)
    out = {}
    with session_scope(engine) as s:
        for size in sizes:
            request = rooms.check_create_room(session=s, owner_id=accounts[0].id, name=f"Bench {size}", topic="", tags="", visibility="public")
            room_id = rooms.do_create_room(session=s, request=request, now=utcnow())
            for a in accounts[1:size]:
                rooms.do_join(session=s, request=rooms.check_join(session=s, user_id=a.id, room_id=room_id), now=utcnow())
            s.commit()
            out[size] = room_id
    engine.dispose()
    return out


async def room_step(server, accounts: list[Account], room_id: int, names, rate: float, duration: float) -> dict:
    arrivals: dict[str, list[float]] = {}
    tabs = [RoomTab(server.url, a, room_id, names, arrivals) for a in accounts[:CONNECTED]]
    for i in range(0, len(tabs), 10):
        await asyncio.gather(*(t.start() for t in tabs[i:i + 10]))
    for t in tabs:  # warm up: one message each way
        await t.send()
    await asyncio.sleep(3)
    arrivals.clear()
    cpu0, sql0 = server.cpu_seconds(), sql_total([server])
    stop_at, i = time.perf_counter() + duration, 0
    while time.perf_counter() < stop_at:
        tick = time.perf_counter()
        await tabs[i % len(tabs)].send()
        i += 1
        await asyncio.sleep(max(0.0, 1 / rate - (time.perf_counter() - tick)))
    await asyncio.sleep(5)  # the last deliveries
    cpu = server.cpu_seconds() - cpu0
    statements, commits = (b - a for b, a in zip(sql_total([server]), sql0, strict=True))
    for t in tabs:
        await t.stop()
    per_receiver = [x - times[0] for times in arrivals.values() for x in times[1:]]
    every = [max(times[1:]) - times[0] for times in arrivals.values() if len(times) == CONNECTED]
    missing = sum(CONNECTED - len(times) for times in arrivals.values())
    sent = len(arrivals)
    return {"sent": sent, "deliveries": len(per_receiver), "missing": missing, "all_p50": pct(every, 50), "all_p95": pct(every, 95),
            "one_p95": pct(per_receiver, 95), "cpu_msg": cpu * 1000 / max(sent, 1), "cpu_delivery": cpu * 1000 / max(len(per_receiver), 1),
            "sql": statements / max(sent, 1), "commits": commits / max(sent, 1)}


async def minimal_step(server, rate: float, duration: float) -> dict:
    stats = Stats()
    clients = await connect_all(minimal_target(server), CONNECTED, stats)
    cpu0 = server.cpu_seconds()
    stop_at, i = time.perf_counter() + duration, 0
    while time.perf_counter() < stop_at:
        tick = time.perf_counter()
        await clients[i % len(clients)].send()
        i += 1
        await asyncio.sleep(max(0.0, 1 / rate - (time.perf_counter() - tick)))
    await asyncio.sleep(3)
    cpu = server.cpu_seconds() - cpu0
    for c in clients:
        await c.stop()
    return {"sent": i, "deliveries": len(stats.latencies), "p95": pct(stats.latencies, 95), "cpu_delivery": cpu * 1000 / max(len(stats.latencies), 1)}


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--members", default="20,100,500")
    ap.add_argument("--duration", type=float, default=20.0)
    ap.add_argument("--rate", type=float, default=10.0)
    a = ap.parse_args()
    sizes = [int(x) for x in a.members.split(",")]
    work = Path(tempfile.mkdtemp(prefix="engnest-rooms-bench-"))
    from engnest.migrations import upgrade

    db_url = f"sqlite:///{work / 'bench.db'}"
    upgrade(db_url)
    accounts = seed_accounts(db_url, max(sizes) + max(sizes) % 2)
    room_ids = make_rooms(db_url, accounts, sizes)
    print(f"== rooms benchmark ({os.cpu_count()} CPUs shared by clients and server; {CONNECTED} connected, {a.rate:g} messages/s, "
          f"{a.duration:g} s per size; EngNest 1 process, SQLite)")
    minimal = start_minimal(work)
    try:
        base = await minimal_step(minimal, a.rate, a.duration)
    finally:
        minimal.stop()
    print(f"  minimal Reflex, {CONNECTED} clients in pairs: {base['deliveries']}/{base['sent']} delivered, p95 {base['p95']:.1f} ms, "
          f"CPU {base['cpu_delivery']:.2f} ms per delivery")
    server = start_backend("rooms", work, DATABASE_URL=db_url, ROOM_RATE_LIMIT="100000/minute")
    names = room_names()
    try:
        print(f"  {'members':>7} {'sent':>5} {'missing':>7} {'every p50':>9} {'every p95':>9} {'one p95':>8} {'cpu/msg':>8} "
              f"{'cpu/deliv':>9} {'vs minimal':>10} {'sql/msg':>7} {'commits':>7}")
        for size in sizes:
            r = await room_step(server, accounts, room_ids[size], names, a.rate, a.duration)
            print(f"  {size:>7} {r['sent']:>5} {r['missing']:>7} {r['all_p50']:>9.1f} {r['all_p95']:>9.1f} {r['one_p95']:>8.1f} "
                  f"{r['cpu_msg']:>8.2f} {r['cpu_delivery']:>9.2f} {r['cpu_delivery'] / max(base['cpu_delivery'], 0.001):>9.2f}x "
                  f"{r['sql']:>7.1f} {r['commits']:>7.2f}", flush=True)
    finally:
        server.stop()
    print("  (times in ms; 'every': the slowest of the 19 receivers of a message; CPU of the server's process group)")


if __name__ == "__main__":
    asyncio.run(main())
