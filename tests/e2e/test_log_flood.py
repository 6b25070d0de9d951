"""A short fuzz of the running app's websocket (issue 9, item 14): malformed events and frontend error
reports used to write a full traceback each, with the client's text and newlines in it (9 MB of log in a
short fuzz, and log lines anyone could forge). Now the log grows by a bounded amount and no line is forged.

An anonymous socket.io client (no session cookie), as an attacker would connect.
"""

from __future__ import annotations

import asyncio
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import socketio
from reflex.state import FrontendEventExceptionState
from reflex.utils.format import format_event_handler

from engnest.profiles.pages.editors import CityPickerState

FORGED_PREFIX = "2026-11-21 12:00:00 INFO engnest"
FORGED = f"\n{FORGED_PREFIX}: admin@engnest.dev signed in\n"
ROUNDS = 60
SEARCH = format_event_handler(CityPickerState.search)
FRONTEND_ERROR = format_event_handler(FrontendEventExceptionState.handle_frontend_exception)
ROUTER = {"pathname": "/profile", "query": {}, "asPath": "/profile"}


def malformed(i: int) -> list:
    return [
        "not json {" + FORGED,  # a string that is not JSON
        [FORGED, i],  # not an object
        {"name": f"nope{i}{FORGED}", "payload": {}, "router_data": ROUTER},  # no such handler
        {"name": FRONTEND_ERROR, "payload": {"info": f"Error {i}{FORGED}" + "y" * 20_000, "component_stack": FORGED}, "router_data": ROUTER},
        {"name": SEARCH, "payload": {"value": "x", f"bogus{i}{FORGED}": 1}, "router_data": ROUTER},  # a handler, wrong arguments
    ]


async def flood(url: str) -> None:
    client = socketio.AsyncClient(reconnection=False)
    answered = asyncio.Event()
    client.on("event", lambda data: answered.set(), namespace="/_event")
    await client.connect(
        f"{url}?token={uuid.uuid4()}", socketio_path="/_event", transports=["websocket"], namespaces=["/_event"], wait_timeout=30
    )
    try:
        for i in range(ROUNDS):
            for data in malformed(i):
                await client.emit("event", data, namespace="/_event")
        # Events are handled in order for one client: once this one is answered, the flood has been handled.
        await client.emit("event", {"name": SEARCH, "payload": {"value": "Leeds"}, "router_data": ROUTER}, namespace="/_event")
        await asyncio.wait_for(answered.wait(), timeout=120)
    finally:
        await client.disconnect()


def test_a_websocket_fuzz_writes_a_bounded_log_with_no_forged_lines(live_app):
    log_path = Path(live_app.log_path)
    before = log_path.stat().st_size
    with ThreadPoolExecutor(1) as pool:  # Playwright's sync API may own this thread's event loop
        pool.submit(asyncio.run, flood(live_app.url)).result(timeout=300)
    with log_path.open("rb") as f:
        f.seek(before)
        grown = f.read().decode("utf-8", errors="replace")
    forged = [line for line in grown.splitlines() if line.strip().startswith(FORGED_PREFIX)]
    assert forged == [], f"{len(forged)} forged lines, e.g. {forged[:2]}"
    # Measured: 1.6 MB (21,420 lines) before the guard, 28 KB (245 lines) with it.
    assert len(grown) < 150_000, f"the log grew by {len(grown):,} characters for {ROUNDS * 5} malformed events"
