"""The notification centre: a user's notifications newest first, a page at a time, and marking them read.
Every function works on the caller's own rows only; a notification id of someone else is treated as unknown.
Marking read pushes topic "notifications" to the user's tabs, so every open badge follows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

import sqlalchemy as sa
from sqlmodel import Session, col, select

from engnest.notifications.models import Notification
from engnest.notifications.services.notifications import TOPIC, unread_count
from engnest.platform import routes
from engnest.platform.domain.errors import ValidationFailed
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
    assert n.id is not None  # read from the table
    return NotificationRow(n.id, n.kind, n.title, n.body, n.link, n.created_at, n.read_at is not None)


def page_for(*, session: Session, user_id: int, page: int, per_page: int = PER_PAGE, unread_only: bool = False) -> NotificationPage:
    """Page `page` (1 = newest). A page past the end is simply empty. `unread_only`: the unread ones alone,
    newest (highest id) first."""
    page = min(max(int(page), 1), MAX_PAGE)
    newest_first = (col(Notification.created_at).desc(), col(Notification.id).desc())
    # The page's ids come from an index alone ((user_id, created_at, id), or (user_id, read_at, id) for the unread),
    # so a deep page skips index entries, not rows; only the page's own rows are read.
    wanted = select(Notification.id).where(Notification.user_id == user_id)
    if unread_only:
        wanted = wanted.where(col(Notification.read_at).is_(None)).order_by(col(Notification.id).desc())
    else:
        wanted = wanted.order_by(*newest_first)
    ids = wanted.offset((page - 1) * per_page).limit(per_page + 1).scalar_subquery()
    order = (lambda n: n.id) if unread_only else (lambda n: (n.created_at, n.id))
    rows = sorted(session.exec(select(Notification).where(col(Notification.id).in_(ids))), key=order, reverse=True)
    return NotificationPage([_row(n) for n in rows[:per_page]], page, len(rows) > per_page, unread_count(session=session, user_id=user_id))


NOT_YOURS = "That notification is not available."


@dataclass(frozen=True)
class MarkReadRequest:
    user_id: int
    notification_id: int
    link: str  # where it leads (a link leaving the site leads to the list instead)


def check_mark_read(*, session: Session, user_id: int, notification_id: object) -> MarkReadRequest:
    """The caller's own notification by a raw id; someone else's (or a junk id) is unknown."""
    nid = parse_id(notification_id)
    row = session.exec(select(Notification).where(Notification.id == nid, Notification.user_id == user_id)).first() if nid else None
    if row is None or row.id is None:
        raise ValidationFailed({"notification": NOT_YOURS})
    return MarkReadRequest(user_id, row.id, routes.safe_next(row.link, default=routes.NOTIFICATIONS))


def _mark(session: Session, user_id: int, where: Any, now: dt.datetime) -> int:
    # cast: sqlmodel's Session.execute is typed as returning Result; an UPDATE or DELETE gives a CursorResult
    changed = cast("sa.CursorResult[Any]", session.execute(
        sa.update(Notification).where(col(Notification.user_id) == user_id, col(Notification.read_at).is_(None), where).values(read_at=now)
    )).rowcount or 0
    if changed:
        push_after_commit(session, [user_id], TOPIC, {"kind": "read"})
    return changed


def do_mark_read(*, session: Session, request: MarkReadRequest, now: dt.datetime) -> str:
    """Mark it read (the user's tabs are told after commit); returns where it leads."""
    _mark(session, request.user_id, Notification.id == request.notification_id, now)
    return request.link


def mark_read(*, session: Session, user_id: int, notification_id: object, now: dt.datetime) -> bool:
    """check_mark_read then do_mark_read; False if it is not theirs (or does not exist)."""
    return open_notification(session=session, user_id=user_id, notification_id=notification_id, now=now) is not None


def open_notification(*, session: Session, user_id: int, notification_id: object, now: dt.datetime) -> str | None:
    """The user clicked a notification: it is read now; returns where it leads (None if it is not theirs)."""
    try:
        request = check_mark_read(session=session, user_id=user_id, notification_id=notification_id)
    except ValidationFailed:
        return None
    return do_mark_read(session=session, request=request, now=now)


def do_mark_all_read(*, session: Session, user_id: int, now: dt.datetime) -> int:
    return _mark(session, user_id, sa.true(), now)


def mark_thread_read(*, session: Session, user_id: int, peer_id: int, now: dt.datetime) -> int:
    """Part of reading a DM thread (the caller commits): its "new message" notifications are read too."""
    return _mark(session, user_id, sa.and_(col(Notification.kind) == "message", col(Notification.actor_id) == peer_id), now)
