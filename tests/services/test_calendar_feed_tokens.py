"""Calendar feeds: random tokens stored only as hashes, off until made, regenerated or turned off at once, and
one person's changes never touch another's feed."""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from factories import NOW, make_user

from engnest.meetings.models import CalendarFeed
from engnest.meetings.services import calendar_feed
from engnest.migrations import downgrade, upgrade


def token_of(path: str) -> str:
    return path.rsplit("/", 1)[1].removesuffix(".ics")


def test_a_feed_is_off_until_made_and_only_its_hash_is_stored(session):
    user = make_user(session)
    assert calendar_feed.feed_of(session=session, user_id=user.id) is None
    path = calendar_feed.do_regenerate_feed(session=session, user_id=user.id, now=NOW)
    session.commit()  # the test is the outermost caller: services never commit
    token = token_of(path)
    assert path == f"/calendar/feed/{token}.ics" and str(user.id) not in path.split("/")
    assert len(token) >= 40  # 256 random bits, not derived from anything
    row = calendar_feed.feed_of(session=session, user_id=user.id)
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = session.exec(sa.select(CalendarFeed.__table__)).all()
    assert not any(token in str(value) for r in stored for value in r)
    assert calendar_feed.feed_owner(session=session, token=token) == user.id


def test_regenerating_stops_the_old_url_at_once_and_turning_off_stops_every_url(session):
    user = make_user(session)
    old = token_of(calendar_feed.do_regenerate_feed(session=session, user_id=user.id, now=NOW))
    session.commit()  # the test is the outermost caller: services never commit
    new = token_of(calendar_feed.do_regenerate_feed(session=session, user_id=user.id, now=NOW))
    session.commit()  # the test is the outermost caller: services never commit
    assert old != new
    assert calendar_feed.feed_owner(session=session, token=old) is None
    assert calendar_feed.feed_owner(session=session, token=new) == user.id
    calendar_feed.do_turn_off_feed(session=session, user_id=user.id)
    session.commit()  # the test is the outermost caller: services never commit
    assert calendar_feed.feed_owner(session=session, token=new) is None
    assert calendar_feed.feed_of(session=session, user_id=user.id) is None


def test_changing_my_feed_leaves_anyone_elses_alone(session):
    me, other = make_user(session), make_user(session)
    theirs = token_of(calendar_feed.do_regenerate_feed(session=session, user_id=other.id, now=NOW))
    session.commit()  # the test is the outermost caller: services never commit
    calendar_feed.do_regenerate_feed(session=session, user_id=me.id, now=NOW)
    session.commit()  # the test is the outermost caller: services never commit
    calendar_feed.do_turn_off_feed(session=session, user_id=me.id)
    session.commit()  # the test is the outermost caller: services never commit
    assert calendar_feed.feed_owner(session=session, token=theirs) == other.id


def test_malformed_tokens_find_nobody(session):
    user = make_user(session)
    calendar_feed.do_regenerate_feed(session=session, user_id=user.id, now=NOW)
    session.commit()  # the test is the outermost caller: services never commit
    for token in (None, "", "short", "x" * 500, "../../etc/passwd-aaaaaaaaaaaaaaaaaaaaaaaaaa", 12345, ["a"]):
        assert calendar_feed.feed_owner(session=session, token=token) is None


def test_the_migration_drops_feeds_whose_urls_were_computable(db_url):
    downgrade(db_url, "9208b7c6180a")
    engine = sa.create_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO user_account (email, timezone, password_hash, birth_date, timezone_auto, email_notifications, "
                "created_at, password_changed_at) VALUES ('old@example.com', 'UTC', 'x', '1990-01-01', true, true, :t, :t)"
            ), {"t": NOW})
            uid = conn.execute(sa.text("SELECT id FROM user_account")).scalar()
            conn.execute(sa.text("INSERT INTO calendar_feed (user_id, version, created_at) VALUES (:u, 3, :t)"), {"u": uid, "t": NOW})
        upgrade(db_url)
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM calendar_feed")).scalar() == 0
            columns = {c["name"] for c in sa.inspect(conn).get_columns("calendar_feed")}
            assert "token_hash" in columns and "version" not in columns
            assert "binding_hash" in {c["name"] for c in sa.inspect(conn).get_columns("user_session")}
    finally:
        engine.dispose()
