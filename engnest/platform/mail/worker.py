"""The mail worker: drains the email queue in its own process, so that building and sending emails (most of a
reminder's cost) is off the scheduler's and the web workers' path.

    python -m engnest.jobs.mail_worker        # with MAIL_DELIVERY=worker in every other process

With MAIL_DELIVERY=worker, a commit that queued emails only wakes the worker (at once in the same process, else
by its poll every MAIL_WORKER_POLL_SECONDS); the worker sends what is due, fresh emails and retries alike, in
batches, through the same claim as every other deliverer (so a sweep elsewhere never sends one twice).
"""

from __future__ import annotations

import logging
import threading

from engnest.platform.clock import utcnow
from engnest.platform.db import session_scope
from engnest.platform.mail import mail
from engnest.platform.settings import get_settings

log = logging.getLogger("engnest.mail")

BATCH = 100


class MailWorker:
    def __init__(self, *, poll_seconds: float | None = None) -> None:
        self.poll_seconds = poll_seconds or get_settings().mail_worker_poll_seconds
        self.sent = 0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self.run, name="engnest-mail-worker", daemon=True)

    def drain(self) -> int:
        """Send everything due now, a batch at a time; returns how many were sent."""
        total = 0
        while not self._stop.is_set():
            with session_scope() as session:
                tried, sent = mail.deliver_due(session=session, now=utcnow(), limit=BATCH)
            total += sent
            if tried < BATCH:
                break
        self.sent += total
        return total

    def wake(self) -> None:
        self._wake.set()

    def run(self) -> None:
        mail.add_waker(self.wake)
        try:
            while not self._stop.is_set():
                try:
                    self.drain()
                except Exception:  # noqa: BLE001 - a database outage: try again at the next poll
                    log.exception("mail worker: draining the queue failed")
                self._wake.wait(self.poll_seconds)
                self._wake.clear()
        finally:
            mail.remove_waker(self.wake)

    def start(self) -> MailWorker:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=10)
