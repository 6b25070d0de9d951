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
import random
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
    on_load: tuple[str, ...] = ()  # the page's on_load chain, in order (the last one sets `loaded` on the thread)
    mark_read: str = ""  # sent after a message arrived, at most once a second (assets/chat.js)
    ticks: tuple[tuple[str, float], ...] = ()  # (handler, period s) the page's timers send


def _handler_name(handler) -> str:
    fn = handler.fn
    return f"{handler.state_full_name}.{getattr(fn, '__name__', fn)}"


def reflex_names(real_page: bool = False) -> Names:
    """EngNest's handler names. `real_page`: the client does what the thread page does (the route's on_load
    chain, mark_read per arrival as assets/chat.js, the presence and online-dot timers); otherwise only the
    heartbeat and the thread's load, as the benchmark's first client did."""
    from engnest.messaging.pages import page
    from engnest.messaging.pages.composer_state import ComposerState
    from engnest.messaging.pages.thread_state import ThreadState
    from engnest.network.state.presence import PresenceState
    from engnest.platform.tabs import HEARTBEAT_SECONDS

    thread, composer = ThreadState.get_full_name(), ComposerState.get_full_name()
    heartbeat = f"{PresenceState.get_full_name()}.heartbeat"
    if not real_page:
        return Names(heartbeat, f"{thread}.load", f"{composer}.send", thread, composer)
    chain = tuple(_handler_name(h) for h in page.THREAD_ON_LOAD)
    tick = _handler_name(page.ConversationsState.tick)
    return Names(
        heartbeat, f"{thread}.load", f"{composer}.send", thread, composer, on_load=chain, mark_read=f"{thread}.mark_read",
        ticks=((heartbeat, HEARTBEAT_SECONDS), (tick, page.PRESENCE_REFRESH_MS / 1000)),
    )


def minimal_names() -> Names:
    """bench/minimal's handlers (Reflex names a state by its module and class: minimal.minimal.ChatState)."""
    chat = "reflex___state____state.minimal___minimal____chat_state"
    return Names(f"{chat}.heartbeat", f"{chat}.load", f"{chat}.send", chat, "", ticks=((f"{chat}.heartbeat", 10.0),))


class ReflexChat:
    """A tab of the thread page with `peer` (EngNest: signed in by `cookie`; bench/minimal: `cookie` is empty and
    the tab says who it is in its URL)."""

    def __init__(self, url: str, cookie: str, me: int, peer: int, names: Names, stats: Stats) -> None:
        self.url, self.cookie, self.me, self.peer, self.names, self.stats = url, cookie, me, peer, names, stats
        self.tab = str(uuid.uuid4())
        if cookie:
            self.path = self.as_path = f"/messages/{peer}"
            self.query = {"user_id": str(peer)}
        else:
            self.path, self.as_path, self.query = "/chat", f"/chat?me={me}&peer={peer}", {"me": str(me), "peer": str(peer)}
        self.loaded = asyncio.Event()
        self.seen: set[int] = set()
        self.seq = 0
        self.sio = socketio.AsyncClient(reconnection=False)
        self.sio.on("event", self._on_event, namespace=NS)
        self.sio.on("disconnect", self._on_disconnect, namespace=NS)
        self._closing = False
        self._read_at = 0.0
        self._read_pending = False
        self._timers: list[asyncio.Task] = []

    async def _emit(self, name: str, payload: dict) -> None:
        router = {"pathname": self.path, "asPath": self.as_path, "query": self.query}
        await self.sio.emit("event", {"name": name, "payload": payload, "router_data": router}, namespace=NS)

    async def start(self) -> None:
        headers = {"Origin": self.url} | ({"Cookie": f"engnest_session={self.cookie}"} if self.cookie else {})
        await self.sio.connect(
            f"{self.url}?token={self.tab}", namespaces=[NS], socketio_path="/_event", transports=["websocket"],
            headers=headers, wait_timeout=60,
        )
        if self.names.on_load:  # the browser's order: the route's on_load chain, then the frame's heartbeat
            for name in self.names.on_load:
                await self._emit(name, {})
            await self._emit(self.names.heartbeat, {})
        else:
            await self._emit(self.names.heartbeat, {})
            await self._emit(self.names.load, {})
        await asyncio.wait_for(self.loaded.wait(), 60)
        self._timers = [asyncio.create_task(self._every(name, period)) for name, period in self.names.ticks]

    async def _every(self, name: str, period: float) -> None:
        """A page timer (rx.moment interval): it keeps the tab alive in the directory (TTL 25 s) in every phase."""
        await asyncio.sleep(random.random() * period)
        while not self._closing:
            await self._emit(name, {})
            await asyncio.sleep(period)

    async def heartbeat(self) -> None:
        if not self.names.ticks:  # a client without timers beats when its driver says so
            await self._emit(self.names.heartbeat, {})

    async def send(self) -> str:
        self.seq += 1
        body = f"bench {self.me}>{self.peer} #{self.seq} {uuid.uuid4().hex[:6]}"
        self.stats.sent_at[body] = time.perf_counter()
        await self._emit(self.names.send, {"form": {"body": body, "client_key": str(uuid.uuid4())}})
        return body

    async def _mark_read(self) -> None:
        """assets/chat.js: a click on the hidden mark-read button when something unseen arrived, at most once a second."""
        if self._read_pending or self._closing:
            return
        self._read_pending = True
        wait = self._read_at + 1.0 - time.perf_counter()
        if wait > 0:
            await asyncio.sleep(wait)
        self._read_pending = False
        self._read_at = time.perf_counter()
        if not self._closing:
            await self._emit(self.names.mark_read, {})

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
        arrived = False
        for line in lines[-50:]:  # new lines are near the end (merged by id, not always last)
            if not line["mine"] and line["id"] not in self.seen:
                self.seen.add(line["id"])
                self.stats.delivered("".join(part["text"] for part in line["parts"]))
                arrived = True
        if arrived and self.names.mark_read and self.loaded.is_set():
            asyncio.get_running_loop().create_task(self._mark_read())

    async def _on_disconnect(self, *args) -> None:
        if not self._closing:
            self.stats.errors.append(f"user {self.me} disconnected")

    async def stop(self) -> None:
        self._closing = True
        for timer in self._timers:
            timer.cancel()
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

    async def heartbeat(self) -> None:
        """The relay keeps no tab directory."""

    async def _on_dm(self, data: dict) -> None:
        self.stats.delivered(data["body"])

    async def stop(self) -> None:
        await self.sio.disconnect()
