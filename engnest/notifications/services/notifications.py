"""Create notifications (stored, then pushed after commit; the kinds that are emailed queue their email in
the same transaction). Reading and marking them read lives in notification_centre."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Session, col, select

from engnest.notifications.models import Notification
from engnest.notifications.services import kinds, mail_compose
from engnest.platform.events import push_after_commit

TOPIC = "notifications"


def do_notify(
    *,
    session: Session,
    user_id: int,
    kind: str,
    title: str,
    now: dt.datetime,
    body: str = "",
    link: str = "",
    actor_id: int | None = None,
    dedupe_key: str | None = None,
    subject_type: str | None = None,
    subject_id: int | None = None,
    payload: dict[str, object] | None = None,
) -> Notification | None:
    """Add a notification to the caller's transaction (the caller commits).

    With a `dedupe_key`, a second call for the same key does nothing and returns None, so retries
    and duplicate jobs notify exactly once (and email at most once: the email is queued with the row).
    `subject_type`, `subject_id`: what it is about (e.g. "meeting", 42): the kind's registered email part
    reads it (a meeting's email shows its time in the recipient's timezone, and attaches it as .ics on
    acceptance). `payload`: anything else the kind wants kept with it.
    """
    if dedupe_key is not None:
        exists = session.exec(select(Notification.id).where(Notification.dedupe_key == dedupe_key)).first()
        if exists is not None:
            return None
    row = Notification(
        user_id=user_id,
        kind=kind,
        title=title[:200],
        body=body[:1000],
        link=link[:300],
        actor_id=actor_id,
        dedupe_key=dedupe_key,
        subject_type=subject_type,
        subject_id=subject_id,
        payload=payload or {},
        created_at=now,
    )
    if dedupe_key is not None:
        # Another worker may insert the same key concurrently: the unique index decides.
        try:
            with session.begin_nested():
                session.add(row)
                session.flush()
        except sa.exc.IntegrityError:
            return None
    else:
        session.add(row)
        session.flush()
    mail_compose.queue_for(session=session, notification=row, now=now)
    push_after_commit(session, [user_id], TOPIC, {"id": row.id, "kind": kind})
    return row


def unread_count(*, session: Session, user_id: int) -> int:
    return session.exec(
        select(sa.func.count()).select_from(Notification).where(col(Notification.user_id) == user_id, col(Notification.read_at).is_(None))
    ).one()


def bell_count(*, session: Session, user_id: int) -> int:
    """Unread notifications the bell shows: all but kinds registered off the bell (new messages: those are on
    the Messages badge, one signal per message)."""
    return session.exec(
        select(sa.func.count()).select_from(Notification).where(
            col(Notification.user_id) == user_id, col(Notification.read_at).is_(None), col(Notification.kind).not_in(kinds.off_the_bell())
        )
    ).one()
