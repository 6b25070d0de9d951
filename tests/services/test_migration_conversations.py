"""Conversations, not pairs (issue 11 item 7): the w11_conversations migration, on SQLite and PostgreSQL, takes a
database holding the old pair-based `direct_message` rows and keeps every message (same id, sender, text, time,
idempotency key), every unread state and every "Seen" receipt; blocks still apply, keys still deduplicate, new
messages get new ids, meetings get their participants, and the migration goes back down."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import sqlalchemy as sa
from sqlmodel import Session
from support import PG_ADMIN_URL, port_open, require

from engnest.messaging.services import message_views, messages
from engnest.migrations import downgrade, upgrade
from engnest.platform.db import make_engine

BEFORE = "w11_reshape_notif_subject"  # the head before conversations
T = dt.datetime(2026, 1, 2, 3, 0, tzinfo=dt.timezone.utc)
ANN, BO, CY, DEE = 1, 2, 3, 4


def at(minutes: int) -> dt.datetime:
    return T + dt.timedelta(minutes=minutes)


# (id, sender, recipient, body, read_at minutes or None)
OLD = [
    (1, ANN, BO, "a1", 10),
    (2, BO, ANN, "b1", 11),
    (3, ANN, BO, "a2", 12),
    (4, ANN, BO, "a3", None),
    (5, BO, ANN, "b2", None),
    (6, CY, ANN, "c1", None),  # committed after 7 was read: an unread message under a read one
    (7, CY, ANN, "c2", 20),
    (8, ANN, CY, "a4", 21),
    (9, DEE, BO, "d1", None),  # Bo has blocked Dee since
]
OLD_UNREAD = {m[0] for m in OLD if m[4] is None}
AGAIN_UNREAD = {7}  # read, but above an unread one: shows unread again rather than hiding message 6


@pytest.fixture(params=["sqlite", "postgres"])
def empty_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    require(port_open("127.0.0.1", 5432), "PostgreSQL at 127.0.0.1:5432")
    name = f"engnest_migr_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def _old_database(url: str) -> None:
    upgrade(url, BEFORE)
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        for uid in (ANN, BO, CY, DEE):
            conn.execute(sa.text(
                "INSERT INTO user_account (id, email, timezone, password_hash, birth_date, timezone_auto, email_notifications, "
                "created_at, password_changed_at, email_verified_at) VALUES (:id, :email, 'UTC', 'x', '1990-01-01', true, true, :at, :at, :at)"
            ), {"id": uid, "email": f"user{uid}@example.com", "at": T})
        for i, (low, high) in enumerate([(ANN, BO), (ANN, CY), (BO, DEE)], start=1):
            conn.execute(sa.text("INSERT INTO collaboration (id, user_low_id, user_high_id, created_at) VALUES (:i, :l, :h, :at)"),
                         {"i": i, "l": low, "h": high, "at": T})
        conn.execute(sa.text("INSERT INTO block (blocker_id, blocked_id, created_at) VALUES (:b, :d, :at)"), {"b": BO, "d": DEE, "at": at(30)})
        for mid, sender, recipient, body, read in OLD:
            conn.execute(sa.text(
                "INSERT INTO direct_message (id, sender_id, recipient_id, body, client_key, created_at, read_at) "
                "VALUES (:id, :s, :r, :body, :key, :created, :read)"
            ), {"id": mid, "s": sender, "r": recipient, "body": body, "key": f"key-{mid:08d}", "created": at(mid),
                "read": at(read) if read is not None else None})
        conn.execute(sa.text(
            "INSERT INTO notification (user_id, kind, title, body, link, dedupe_key, subject_type, subject_id, payload, created_at) "
            "VALUES (:u, 'message', 'New message', 'b2', '/messages/2', 'dm:5', 'direct_message', 5, '{}', :at)"
        ), {"u": ANN, "at": at(5)})
        conn.execute(sa.text(
            "INSERT INTO meeting (id, requester_id, recipient_id, kind, status, start_at, end_at, duration_minutes, spot_name, spot_kind, "
            "spot_city, spot_country, spot_source, proposed_by_id, counter_count, uses_credit, late_cancel, created_at, updated_at, "
            "message, cancel_reason, change_message, job_ids, version) "
            "VALUES (1, :a, :b, 'online', 'accepted', :s, :e, 30, '', '', '', '', '', :a, 0, false, false, :at, :at, '', '', '', '', 1)"
        ), {"a": ANN, "b": BO, "s": at(600), "e": at(630), "at": T})
        if conn.dialect.name == "postgresql":
            for table in ("user_account", "collaboration", "direct_message", "meeting"):
                conn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))
    engine.dispose()


def _unread_ids(session: Session) -> set[int]:
    """Every message some member has not read (by the member rows' read positions)."""
    rows = session.execute(sa.text(
        "SELECT m.id FROM message m JOIN conversation_member r ON r.conversation_id = m.conversation_id "
        "AND r.user_id <> m.sender_id WHERE m.id > coalesce(r.last_read_message_id, 0)"
    )).scalars().all()
    return set(rows)


def test_every_message_unread_state_and_receipt_survives_the_move_to_conversations(empty_url):
    _old_database(empty_url)
    upgrade(empty_url, "heads")
    engine = make_engine(empty_url)
    with Session(engine) as s:
        moved = s.execute(sa.text(
            "SELECT m.id, m.sender_id, m.body, m.client_key, m.created_at, c.direct_key FROM message m "
            "JOIN conversation c ON c.id = m.conversation_id ORDER BY m.id"
        )).all()
        assert [(r[0], r[1], r[2], r[3]) for r in moved] == [(mid, snd, body, f"key-{mid:08d}") for mid, snd, _, body, _ in OLD]
        assert all(str(r[4]).startswith(str(at(r[0]).replace(tzinfo=None))) for r in moved)
        assert [r[5] for r in moved] == [f"{min(m[1], m[2])}:{max(m[1], m[2])}" for m in OLD]  # one conversation per pair
        assert s.execute(sa.text("SELECT count(*) FROM conversation")).scalar_one() == 3
        assert s.execute(sa.text("SELECT count(*) FROM conversation_member")).scalar_one() == 6

        assert _unread_ids(s) == OLD_UNREAD | AGAIN_UNREAD  # no unread message lost
        ab = message_views.direct_conversation_id(session=s, a=ANN, b=BO)
        ac = message_views.direct_conversation_id(session=s, a=ANN, b=CY)
        # Receipts: my newest message the other has read, at the time they read it.
        assert (message_views.last_seen(session=s, me=ANN, conversation_id=ab).id,
                message_views.last_seen(session=s, me=ANN, conversation_id=ab).read_at) == (3, at(12))
        assert (message_views.last_seen(session=s, me=BO, conversation_id=ab).id,
                message_views.last_seen(session=s, me=BO, conversation_id=ab).read_at) == (2, at(11))
        assert (message_views.last_seen(session=s, me=ANN, conversation_id=ac).id,
                message_views.last_seen(session=s, me=ANN, conversation_id=ac).read_at) == (8, at(21))
        # The badge: collaborators' unread messages; Bo's block on Dee still hides Dee's.
        assert message_views.unread_total(session=s, user_id=BO) == 1
        assert message_views.unread_total(session=s, user_id=ANN) == 3  # 5, 6, and 7 again
        assert [c.peer.id for c in message_views.list_conversations(session=s, user_id=BO)] == [ANN]
        assert [m.body for m in message_views.check_thread_page(session=s, me=BO, conversation_id=ab).messages] == ["a1", "b1", "a2", "a3", "b2"]

        # Keys still deduplicate; a new message continues after the old ids.
        replay = messages.check_send_message(session=s, sender_id=ANN, conversation_id=ab, body="a3", client_key="key-00000004")
        assert messages.do_send_message(session=s, request=replay, now=at(40)).created is False
        request = messages.check_send_message(session=s, sender_id=ANN, conversation_id=ab, body="after", client_key="key-new-0001")
        fresh = messages.do_send_message(session=s, request=request, now=at(41))
        s.commit()
        assert fresh.created and fresh.message.id == 10
        assert s.execute(sa.text("SELECT count(*) FROM message")).scalar_one() == 10

        assert s.execute(sa.text("SELECT subject_type, subject_id FROM notification WHERE dedupe_key = 'dm:5'")).one() == ("message", 5)
        assert set(s.execute(sa.text("SELECT meeting_id, user_id, role FROM meeting_participant")).all()) == {
            (1, ANN, "requester"), (1, BO, "recipient")
        }
    engine.dispose()


def test_the_conversations_migration_goes_back_down(empty_url):
    _old_database(empty_url)
    upgrade(empty_url, "heads")
    downgrade(empty_url, BEFORE)
    engine = sa.create_engine(empty_url)
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT id, sender_id, recipient_id, body, client_key, read_at FROM direct_message ORDER BY id")).all()
        tables = set(sa.inspect(conn).get_table_names())
        subject = conn.execute(sa.text("SELECT subject_type FROM notification")).scalar_one()
    engine.dispose()
    assert [(r[0], r[1], r[2], r[3], r[4]) for r in rows] == [(m, s, r, b, f"key-{m:08d}") for m, s, r, b, _ in OLD]
    assert {r[0] for r in rows if r[5] is None} == OLD_UNREAD | AGAIN_UNREAD
    assert not tables & {"conversation", "conversation_member", "message", "meeting_participant"}
    assert subject == "direct_message"
