"""Generic notifications (issue 11): the migration gives notifications written before it their subject, read
from the dedupe key every creator has always set, and an empty payload; the app then reads them as usual."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from engnest.migrations import upgrade

BEFORE = "w9_accounts_tokens"  # the head before notifications had a subject
AT = dt.datetime(2026, 1, 2, 3, 4, 5)


def _old_database(url: str) -> sa.Engine:
    upgrade(url, BEFORE)
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO user_account (id, email, timezone, password_hash, birth_date, timezone_auto, email_notifications, created_at, password_changed_at) "
            "VALUES (1, 'old@example.com', 'UTC', 'x', '1990-01-01', 1, 1, :at, :at)"
        ), {"at": AT})
        for key, kind, link in [
            ("meeting:5:accepted", "meeting_accepted", "/meetings/5"),
            ("meeting:12:reminder:1700000000:1", "meeting_reminder", "/meetings/12"),
            ("dm:9", "message", "/messages/2"),
            ("friend_request:3:1700000000", "friend_request", "/friends"),
            ("friend_accepted:4:1700000001", "friend_accepted", "/people/2"),
            ("something:else", "other", ""),
            (None, "plain", ""),
        ]:
            conn.execute(sa.text(
                "INSERT INTO notification (user_id, kind, title, body, link, dedupe_key, created_at) VALUES (1, :kind, 't', '', :link, :key, :at)"
            ), {"kind": kind, "link": link, "key": key, "at": AT})
    return engine


def test_existing_notifications_get_their_subject(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = _old_database(url)
    upgrade(url, "heads")
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT kind, subject_type, subject_id, payload FROM notification ORDER BY id")).all()
    engine.dispose()
    assert [(k, t, i) for k, t, i, _ in rows] == [
        ("meeting_accepted", "meeting", 5),
        ("meeting_reminder", "meeting", 12),
        ("message", "message", 9),  # "direct_message" here, renamed by w11_conversations (messages moved tables)
        ("friend_request", "friendship", 3),
        ("friend_accepted", "friendship", 4),
        ("other", None, None),
        ("plain", None, None),
    ]
    assert {p for *_, p in rows} == {"{}"}


def test_old_notifications_still_list_and_open(tmp_path, monkeypatch):
    from sqlmodel import Session

    from engnest.notifications.services import notification_centre
    from engnest.platform.db import make_engine

    url = f"sqlite:///{tmp_path / 'old.db'}"
    _old_database(url).dispose()
    upgrade(url, "heads")
    engine = make_engine(url)
    with Session(engine) as session:
        page = notification_centre.page_for(session=session, user_id=1, page=1)
        assert len(page.rows) == 7
        first = min(page.rows, key=lambda r: r.id)
        assert notification_centre.open_notification(session=session, user_id=1, notification_id=first.id, now=AT) == "/meetings/5"
    engine.dispose()


def test_the_migration_goes_back_down(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    _old_database(url).dispose()
    upgrade(url, "heads")
    from engnest.migrations import downgrade

    downgrade(url, BEFORE)
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        columns = {c["name"] for c in sa.inspect(conn).get_columns("notification")}
        count = conn.execute(sa.text("SELECT count(*) FROM notification")).scalar_one()
    engine.dispose()
    assert "subject_type" not in columns and "payload" not in columns and count == 7
