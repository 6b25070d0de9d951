"""Transactions are all-or-nothing on both databases, and after-commit work waits for the real commit.

Issue 16 items 1 and 2: pysqlite's own transaction handling let a savepoint that was a transaction's first write
commit at once (a notification outlived its rolled-back transaction, a direct message was stored although the
send failed), and SQLAlchemy's `after_commit` also fires when a savepoint is released, so pushes, emails and
scheduler nudges started before the transaction had committed (or even when it then rolled back).
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from dm_support import collaborators, key, person
from factories import NOW, make_user

from engnest.messaging.models import Message
from engnest.messaging.services import messages
from engnest.notifications.models import Notification
from engnest.notifications.services import notifications
from engnest.platform import db, events
from engnest.platform.mail import mail
from engnest.platform.mail.models import OutboundEmail
from engnest.platform.scheduler import timers


class Injected(RuntimeError):
    """The failure a test injects after the first write."""


def count(model, **where) -> int:
    """Rows as a fresh connection sees them: only what was committed."""
    with db.session_scope() as fresh:
        stmt = sa.select(sa.func.count()).select_from(model)
        for name, value in where.items():
            stmt = stmt.where(getattr(model, name) == value)
        return fresh.execute(stmt).scalar_one()


def notify(session, user_id: int) -> None:
    """An emailed notification with a dedupe key: stored inside a savepoint, its email queued after it."""
    notifications.do_notify(
        session=session, user_id=user_id, kind="meeting_reminder", title="Reminder", body="Tomorrow", dedupe_key=f"t:{user_id}", now=NOW,
    )


# --- item 1: a savepoint never commits on its own -------------------------------------------------------------


def test_a_savepoint_as_the_first_write_rolls_back_with_its_transaction(session):
    user = make_user(session)
    session.commit()
    with session.begin_nested():
        session.add(Notification(user_id=user.id, kind="x", title="only in a savepoint", created_at=NOW))
    session.rollback()
    assert count(Notification, user_id=user.id) == 0


def test_a_notification_rolled_back_leaves_neither_it_nor_its_email(session):
    user = make_user(session)
    session.commit()
    with pytest.raises(Injected):
        with db.unit_of_work() as work:
            notify(work, user.id)
            assert count(OutboundEmail, user_id=user.id) == 0  # nothing is visible before the commit either
            raise Injected
    assert (count(Notification, user_id=user.id), count(OutboundEmail, user_id=user.id)) == (0, 0)


def test_a_send_that_fails_after_storing_the_message_stores_nothing(session, monkeypatch):
    a, b = person(session), person(session)
    collaborators(session, a, b)

    def fail(**_kw):
        raise Injected

    with db.unit_of_work() as work:  # the conversation exists already: only the send is under test
        conversation_id = messages.open_direct(session=work, me=a.id, peer=b.id, now=NOW)
    monkeypatch.setattr(messages, "do_notify", fail)  # the step right after the message's insert
    with pytest.raises(Injected):
        with db.unit_of_work() as work:
            messages.send_message(session=work, sender_id=a.id, conversation_id=conversation_id, body="Hello", client_key=key(), now=NOW)
    assert count(Message, sender_id=a.id) == 0


def test_a_committed_notification_keeps_its_email(session):
    user = make_user(session)
    session.commit()
    with db.unit_of_work() as work:
        notify(work, user.id)
    mail.wait_idle()
    assert (count(Notification, user_id=user.id), count(OutboundEmail, user_id=user.id)) == (1, 1)


# --- item 2: after-commit work runs after the outermost commit only ----------------------------------------------


def test_releasing_a_savepoint_pushes_nothing_and_a_rollback_after_it_pushes_nothing(sqlite_session, recorder):
    user = make_user(sqlite_session)
    sqlite_session.commit()
    with sqlite_session.begin_nested():
        events.push_after_commit(sqlite_session, [user.id], "t")
    assert recorder.pushes == []  # released, not committed
    sqlite_session.rollback()
    sqlite_session.commit()
    assert recorder.pushes == []


def test_a_push_is_delivered_once_after_the_outermost_commit(sqlite_session, recorder):
    user = make_user(sqlite_session)
    sqlite_session.commit()
    with sqlite_session.begin_nested():
        events.push_after_commit(sqlite_session, [user.id], "inner")
    events.push_after_commit(sqlite_session, [user.id], "outer")
    sqlite_session.commit()
    sqlite_session.commit()
    assert [p.topic for p in recorder.pushes] == ["inner", "outer"]


def test_a_push_queued_in_a_rolled_back_savepoint_is_dropped_and_the_rest_delivered(sqlite_session, recorder):
    user = make_user(sqlite_session)
    sqlite_session.commit()
    events.push_after_commit(sqlite_session, [user.id], "kept")
    savepoint = sqlite_session.begin_nested()
    events.push_after_commit(sqlite_session, [user.id], "undone")
    savepoint.rollback()
    sqlite_session.commit()
    assert [p.topic for p in recorder.pushes] == ["kept"]


def test_email_delivery_starts_only_after_the_outermost_commit(sqlite_session, monkeypatch):
    started: list[list[int]] = []
    monkeypatch.setattr(mail, "_deliver_fresh", started.append)  # what the delivery thread runs
    user = make_user(sqlite_session)
    sqlite_session.commit()
    notify(sqlite_session, user.id)  # its savepoint is released inside
    mail.wait_idle()
    assert started == []
    sqlite_session.rollback()
    mail.wait_idle()
    assert started == []
    notify(sqlite_session, user.id)
    sqlite_session.commit()
    mail.wait_idle()
    assert len(started) == 1 and len(started[0]) == 1


def test_the_scheduler_is_nudged_only_after_the_outermost_commit(sqlite_session):
    nudges: list[int] = []

    def listener() -> None:
        nudges.append(1)

    timers.add_listener(listener)
    try:
        with sqlite_session.begin_nested():
            timers._write(sqlite_session, ["nothing:1"], [])
        assert nudges == []
        sqlite_session.commit()
        assert nudges == [1]
    finally:
        timers.remove_listener(listener)
