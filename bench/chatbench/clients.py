"""Benchmark clients over python-socketio.

`ReflexChat` speaks Reflex's socket.io protocol the way the browser does (see `.web/utils/state.js`:
namespace and path `/_event`, `?token=<tab>` in the URL, events `{name, payload, router_data}`, state
deltas back on "event"), with the session cookie in the handshake headers. It keeps a presence
heartbeat, opens the thread with its collaborator, and sends messages through the thread's form
handler. A message counts as delivered when the recipient's thread delta contains it.
`RelayChat` does the same against the bare relay.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field

import socketio

NS = "/_event"


@dataclass
class Stats:
    sent_at: dict[str, float] = field(default_factory=dict)  # body -> send time (perf_counter)
    latencies: list[float] = field(default_factory=list)  # seconds
    errors: list[str] = field(default_factory=list)
    waiters: dict[str, asyncio.Event] = field(default_factory=dict)

    def delivered(self, body: str) -> None:
        start = self.sent_at.pop(body, None)
        if start is None:
            return
        self.latencies.append(time.perf_counter() - start)
        if (waiter := self.waiters.pop(body, None)) is not None:
            waiter.set()


@dataclass(frozen=True)
class Names:
    heartbeat: str
    load: str
    send: str
    thread: str  # the thread state's key in deltas
    composer: str  # the composer state's key in deltas (send errors)


def reflex_names() -> Names:
    from engnest.messaging.pages.composer_state import ComposerState
    from engnest.messaging.pages.thread_state import ThreadState
    from engnest.network.state.presence import PresenceState

    thread, composer = ThreadState.get_full_name(), ComposerState.get_full_name()
    return Names(f"{PresenceState.get_full_name()}.heartbeat", f"{thread}.load", f"{composer}.send", thread, composer)


class ReflexChat:
    def __init__(self, url: str, cookie: str, me: int, peer: int, names: Names, stats: Stats) -> None:
        self.url, self.cookie, self.me, self.peer, self.names, self.stats = url, cookie, me, peer, names, stats
        self.tab = str(uuid.uuid4())
        self.path = f"/messages/{peer}"
        self.loaded = asyncio.Event()
        self.seen: set[int] = set()
        self.seq = 0
        self.sio = socketio.AsyncClient(reconnection=False)
        self.sio.on("event", self._on_event, namespace=NS)
        self.sio.on("disconnect", self._on_disconnect, namespace=NS)
        self._closing = False

    async def _emit(self, name: str, payload: dict) -> None:
        router = {"pathname": self.path, "asPath": self.path, "query": {"user_id": str(self.peer)}}
        await self.sio.emit("event", {"name": name, "payload": payload, "router_data": router}, namespace=NS)

    async def start(self) -> None:
        await self.sio.connect(
            f"{self.url}?token={self.tab}", namespaces=[NS], socketio_path="/_event", transports=["websocket"],
            headers={"Cookie": f"engnest_session={self.cookie}", "Origin": self.url}, wait_timeout=60,
        )
        await self._emit(self.names.heartbeat, {})
        await self._emit(self.names.load, {})
        await asyncio.wait_for(self.loaded.wait(), 60)

    async def heartbeat(self) -> None:
        await self._emit(self.names.heartbeat, {})

    async def send(self) -> str:
        self.seq += 1
        body = f"bench {self.me}>{self.peer} #{self.seq} {uuid.uuid4().hex[:6]}"
        self.stats.sent_at[body] = time.perf_counter()
        await self._emit(self.names.send, {"form": {"body": body, "client_key": str(uuid.uuid4())}})
        return body

    async def _on_event(self, update: dict) -> None:
        for event in update.get("events") or []:
            if "toast" in str(event.get("name", "")):
                self.stats.errors.append(f"server error toast for user {self.me}")
        delta = update.get("delta") or {}
        if errors := (delta.get(self.names.composer) or {}).get("errors_rx_state_"):
            self.stats.errors.append(f"user {self.me}: {errors}")
        thread = delta.get(self.names.thread)
        if not thread:
            return
        if thread.get("loaded_rx_state_"):
            self.loaded.set()
        lines = thread.get("messages_rx_state_")
        if not lines:
            return
        for line in lines[-50:]:  # new lines are near the end (merged by id, not always last)
            if not line["mine"] and line["id"] not in self.seen:
                self.seen.add(line["id"])
                self.stats.delivered("".join(part["text"] for part in line["parts"]))

    async def _on_disconnect(self, *args) -> None:
        if not self._closing:
            self.stats.errors.append(f"user {self.me} disconnected")

    async def stop(self) -> None:
        self._closing = True
        await self.sio.disconnect()


class RelayChat:
    def __init__(self, url: str, me: int, peer: int, stats: Stats) -> None:
        self.url, self.me, self.peer, self.stats = url, me, peer, stats
        self.seq = 0
        self.sio = socketio.AsyncClient(reconnection=False)
        self.sio.on("dm", self._on_dm)

    async def start(self) -> None:
        await self.sio.connect(f"{self.url}?user={self.me}", socketio_path="/_event", transports=["websocket"], wait_timeout=30)

    async def send(self) -> str:
        self.seq += 1
        body = f"relay {self.me}>{self.peer} #{self.seq}"
        self.stats.sent_at[body] = time.perf_counter()
        await self.sio.emit("send", {"to": self.peer, "body": body})
        return body

    async def _on_dm(self, data: dict) -> None:
        self.stats.delivered(data["body"])

    async def stop(self) -> None:
        await self.sio.disconnect()
