"""Work that waits for a transaction's real commit: pushes to tabs, email delivery, scheduler nudges, and
"undo on rollback" steps (a rate-limit hit given back when nothing was stored).

SQLAlchemy's `after_commit` session event also fires when a savepoint is released, and a rollback may undo only
a savepoint. So each queued item remembers the (sub)transaction it was queued in: it runs once, after the
outermost transaction commits; it is dropped when that transaction, or a savepoint it was queued in, rolls back.
Services queue and never commit; whoever commits (platform.db.unit_of_work, a job, a test) triggers the work.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

log = logging.getLogger(__name__)

_KEY = "engnest_after_commit"
_UNDO = "engnest_undo_on_rollback"
Handler = Callable[[list[Any]], None]
_handlers: dict[str, Handler] = {}


def handle(kind: str, handler: Handler) -> None:
    """`handler(items)` runs after each outermost commit that queued items of `kind` (in queueing order)."""
    _handlers[kind] = handler


def defer(session: Session, kind: str, item: Any) -> None:
    """Queue `item` for the `kind` handler, to run after the outermost commit (never after a rollback)."""
    here = session.get_nested_transaction() or session.get_transaction()
    session.info.setdefault(_KEY, []).append((here, kind, item))


def undo_on_rollback(session: Session, undo: Callable[[], None]) -> None:
    """Run `undo()` if what is being written now is rolled back (the transaction or the savepoint it is in)."""
    defer(session, _UNDO, undo)


def _within(queued_in: SessionTransaction | None, ended: SessionTransaction) -> bool:
    """Was an item queued in `ended` or in a savepoint inside it? (None: queued before anything began.)"""
    tx = queued_in
    while tx is not None:
        if tx is ended:
            return True
        tx = tx.parent
    return ended.parent is None


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint released: its work waits for the real commit
        return
    by_kind: dict[str, list[Any]] = defaultdict(list)
    for _tx, kind, item in session.info.pop(_KEY, []):
        by_kind[kind].append(item)
    by_kind.pop(_UNDO, None)  # committed: nothing to undo
    for kind, items in by_kind.items():
        try:
            _handlers[kind](items)
        except Exception:  # the commit happened; a failing follow-up must not turn it into an error
            log.exception("after-commit work %r failed", kind)


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, previous_transaction: SessionTransaction) -> None:
    queued = session.info.get(_KEY)
    if not queued:
        return
    kept = []
    for entry in queued:
        tx, kind, item = entry
        if not _within(tx, previous_transaction):
            kept.append(entry)
        elif kind == _UNDO:
            try:
                item()
            except Exception:
                log.exception("undo after rollback failed")
    session.info[_KEY] = kept
