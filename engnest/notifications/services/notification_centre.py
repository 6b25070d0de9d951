"""The notification centre: a user's notifications newest first, a page at a time, and marking them read.
Every function works on the caller's own rows only; a notification id of someone else is treated as unknown.
Marking read pushes topic "notifications" to the user's tabs, so every open badge follows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from engnest.notifications.models import Notification
from engnest.notifications.services.notifications import TOPIC, unread_count
from engnest.platform import routes
from engnest.platform.domain.ids import parse_id
from engnest.platform.events import push_after_commit

PER_PAGE = 20
MAX_PAGE = 100_000


@dataclass(frozen=True)
class NotificationRow:
    id: int
    kind: str
    title: str
    body: str
    link: str
    created_at: dt.datetime
    read: bool


@dataclass(frozen=True)
class NotificationPage:
    rows: list[NotificationRow]
    page: int
    has_more: bool
    unread: int


def _row(n: Notification) -> NotificationRow:
    return NotificationRow(n.id, n.kind, n.title, n.body, n.link, n.created_at, n.read_at is not None)


def page_for(*, session: Session, user_id: int, page: int, per_page: int = PER_PAGE) -> NotificationPage:
    """Page `page` (1 = newest). A page past the end is simply empty."""
    page = min(max(int(page), 1), MAX_PAGE)
    newest_first = (Notification.created_at.desc(), Notification.id.desc())
    # The page's ids come from the (user_id, created_at, id) index alone, so a deep page skips index entries,
    # not rows; only the page's own rows are read.
    ids = (
        select(Notification.id).where(Notification.user_id == user_id).order_by(*newest_first)
        .offset((page - 1) * per_page).limit(per_page + 1).scalar_subquery()
    )
    rows = sorted(session.exec(select(Notification).where(Notification.id.in_(ids))), key=lambda n: (n.created_at, n.id), reverse=True)
    return NotificationPage([_row(n) for n in rows[:per_page]], page, len(rows) > per_page, unread_count(session=session, user_id=user_id))


def _own(session: Session, user_id: int, notification_id: object) -> Notification | None:
    nid = parse_id(notification_id)
    if nid is None:
        return None
    return session.exec(select(Notification).where(Notification.id == nid, Notification.user_id == user_id)).first()


def _mark(session: Session, user_id: int, where: Any, now: dt.datetime) -> int:
    changed = session.execute(
        sa.update(Notification).where(Notification.user_id == user_id, Notification.read_at.is_(None), where).values(read_at=now)
    ).rowcount or 0
    if changed:
        push_after_commit(session, [user_id], TOPIC, {"kind": "read"})
    return changed


def do_mark_read(*, session: Session, user_id: int, notification_id: object, now: dt.datetime) -> bool:
    """Mark one of the user's notifications read; False if it is not theirs (or does not exist)."""
    row = _own(session, user_id, notification_id)
    if row is None:
        session.rollback()
        return False
    _mark(session, user_id, Notification.id == row.id, now)
    session.commit()
    return True


def do_open(*, session: Session, user_id: int, notification_id: object, now: dt.datetime) -> str | None:
    """The user clicked a notification: it is read now; returns where it leads (None if it is not theirs)."""
    row = _own(session, user_id, notification_id)
    if row is None:
        session.rollback()
        return None
    link = routes.safe_next(row.link, default=routes.NOTIFICATIONS)
    _mark(session, user_id, Notification.id == row.id, now)
    session.commit()
    return link


def do_mark_all_read(*, session: Session, user_id: int, now: dt.datetime) -> int:
    changed = _mark(session, user_id, sa.true(), now)
    session.commit()
    return changed


def mark_thread_read(*, session: Session, user_id: int, peer_id: int, now: dt.datetime) -> int:
    """Part of reading a DM thread (the caller commits): its "new message" notifications are read too."""
    return _mark(session, user_id, sa.and_(Notification.kind == "message", Notification.actor_id == peer_id), now)
