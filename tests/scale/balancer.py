"""A loopback TCP balancer for tests: forwards each new connection to the backend worker chosen at
that moment (switchable), and records which worker got which websocket (/_event) connection.

It stands in for the websocket-aware load balancer of a real scale-out deployment; TCP-level
forwarding is enough because a websocket stays on the connection it was opened on.
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter


class Balancer:
    def __init__(self, port: int, targets: dict[str, int]) -> None:
        self.port = port
        self.targets = targets
        self.current = next(iter(targets))
        self.websockets: Counter[str] = Counter()
        self.connections: Counter[str] = Counter()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="test-balancer", daemon=True)

    def start(self) -> "Balancer":
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("balancer did not start")
        return self

    def route_to(self, name: str) -> None:
        """New connections go to worker `name` from now on (open connections stay where they are)."""
        if name not in self.targets:
            raise KeyError(name)
        self.current = name

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", self.port))
        self._ready.set()
        try:
            self._loop.run_forever()
        finally:
            server.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        name = self.current
        self.connections[name] += 1
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.targets[name])
        except OSError:
            writer.close()
            return
        first = await reader.read(65536)
        if first.startswith(b"GET /_event") and b"websocket" in first.lower():
            self.websockets[name] += 1
        up_writer.write(first)
        await up_writer.drain()
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer), return_exceptions=True)

    @staticmethod
    async def _pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
        try:
            while data := await src.read(65536):
                dst.write(data)
                await dst.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            try:
                dst.close()
            except Exception:  # noqa: BLE001 - closing an already-broken socket
                pass
