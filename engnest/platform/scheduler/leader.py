"""A Redis leader lock: of all processes that could run the scheduler, the one holding the lock does.

The holder renews it every ttl/3; if it dies, the lock expires after `ttl` seconds and another process takes
over. A holder that cannot renew steps down first (pauses its scheduler) so two never run at once for long;
duplicates in that moment are still harmless (every job is idempotent).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable

log = logging.getLogger(__name__)

_RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end"
_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"


class LeaderLock:
    def __init__(self, redis, key: str, ttl: float, on_gain: Callable[[], None], on_lose: Callable[[], None]) -> None:
        self.redis, self.key, self.ttl = redis, key, float(ttl)
        # Who holds it, readable in Redis (`GET <prefix>:scheduler:leader`): host and process, then a unique part.
        self.token = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex}"
        self.on_gain, self.on_lose = on_gain, on_lose
        self.leader = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="engnest-scheduler-leader", daemon=True)

    def start(self) -> LeaderLock:
        self._thread.start()
        return self

    def _step(self) -> None:
        ms = int(self.ttl * 1000)
        if self.leader:
            if not self.redis.eval(_RENEW, 1, self.key, self.token, ms):
                log.warning("scheduler leader lock lost; pausing")
                self.leader = False
                self.on_lose()
        elif self.redis.set(self.key, self.token, nx=True, px=ms):
            log.info("scheduler leader lock acquired")
            self.leader = True
            self.on_gain()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._step()
            except Exception:
                log.exception("scheduler leader lock check failed")
                if self.leader:
                    self.leader = False
                    self.on_lose()
            self._stop.wait(self.ttl / 3)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        if self.leader:
            self.leader = False
            self.on_lose()
            try:
                self.redis.eval(_RELEASE, 1, self.key, self.token)  # the next one takes over at once
            except Exception:
                log.exception("releasing the scheduler leader lock failed")
