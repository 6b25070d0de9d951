"""What clients can make the server log is bounded, escaped and collapsed.

Anyone who opens the websocket can report a "frontend exception" with any text, or send malformed events,
each of which used to log a full traceback carrying the client's data (newlines included, so forged log
lines). `LogGuard` is a logging filter on the loggers those records come from:

* every message is cut to `MAX_CHARS` and its non-printable characters are escaped (`\\n`, `\\u202e`), so a
  record is one line of bounded length whatever the client sent;
* the first record of a kind (logger, level, exception type and where it was raised) in a window keeps its
  traceback (frames only; the exception's message is escaped too); the next `REPEATS_SHOWN` become one
  line each; the rest of the window is counted and reported on the next record of that kind.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import traceback
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

MAX_CHARS = 500
WINDOW_SECONDS = 600.0
REPEATS_SHOWN = 10
MAX_KINDS = 512  # kinds remembered at once; the oldest is forgotten first
_LEADING_WORDS = re.compile(r"[A-Za-z ]{0,40}")  # a message's fixed start, before ids and client values

# Loggers that write what clients send: ours (frontend reports, handler errors), Reflex's event intake and
# processing, and the socket layers below it.
GUARDED_LOGGERS = (
    "engnest",
    "reflex.app",
    "reflex.state",
    "reflex_base.event.processor.event_processor",
    "reflex_base.event.processor.base_state_processor",
    "socketio.server",
    "engineio.server",
)


def printable(text: str, limit: int = MAX_CHARS) -> str:
    """`text` on one line, at most about `limit` characters, with control and formatting characters escaped."""
    cut = len(text) > limit
    out = "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text[:limit])
    if len(out) > limit:
        out, cut = out[:limit], True
    return out + (f"… ({len(text)} characters, cut)" if cut else "")


@dataclass
class _Seen:
    start: float
    count: int = 1
    suppressed: int = 0


class LogGuard(logging.Filter):
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.clock = clock
        self._seen: OrderedDict[tuple, _Seen] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def kind(record: logging.LogRecord) -> tuple:
        exc = record.exc_info[1] if record.exc_info else None
        if exc is not None:
            frames = traceback.extract_tb(exc.__traceback__)
            where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else ""
            return (record.name, record.levelno, type(exc).__qualname__, where)
        return (record.name, record.levelno, _LEADING_WORDS.match(str(record.msg)).group(0))  # type: ignore[union-attr]  # {0,40}: always matches

    def filter(self, record: logging.LogRecord) -> bool:
        key, now = self.kind(record), self.clock()
        with self._lock:
            seen = self._seen.get(key)
            if seen is None or now - seen.start > WINDOW_SECONDS:
                earlier = seen.suppressed if seen else 0
                self._seen[key] = _Seen(start=now)
                self._seen.move_to_end(key)
                while len(self._seen) > MAX_KINDS:
                    self._seen.popitem(last=False)
                note = f" ({earlier} more like this were not logged in the previous {WINDOW_SECONDS:.0f} s)" if earlier else ""
                _rewrite(record, full=True, note=note)
                return True
            seen.count += 1
            if seen.count <= REPEATS_SHOWN + 1:
                _rewrite(record, full=False, note=f" (seen {seen.count} times; traceback logged the first time)")
                return True
            seen.suppressed += 1
            return False


def _rewrite(record: logging.LogRecord, *, full: bool, note: str) -> None:
    try:
        message = printable(record.getMessage())
    except Exception:  # noqa: BLE001 - a message that cannot be formatted is still logged, as its template
        message = printable(str(record.msg))
    exc = record.exc_info[1] if record.exc_info else None
    if exc is not None:
        head = f"{type(exc).__qualname__}: {printable(str(exc))}"
        if full:
            frames = "".join(traceback.format_tb(exc.__traceback__))
            message = f"{message}\nTraceback (most recent call last):\n{frames}{head}"
        else:
            message = f"{message} [{head}]"
    record.msg, record.args = message + note, ()
    record.exc_info, record.exc_text, record.stack_info = None, None, None


_guard = LogGuard()


def install(names: tuple[str, ...] = GUARDED_LOGGERS) -> LogGuard:
    """Attach the guard to the loggers that write client data (idempotent)."""
    for name in names:
        logger = logging.getLogger(name)
        if _guard not in logger.filters:
            logger.addFilter(_guard)
    return _guard
