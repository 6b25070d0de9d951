"""New-account limits (issue 13, item 4) on SQLite and PostgreSQL, memory and Redis limiters: a fresh account's
room messages stop exactly at the limit under parallel sends, the count is keyed on the normalised address, an
older confirmed account is not held by it, and a room's owner is never locked out of their own room."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import sqlalchemy as sa
from dm_support import person
from factories import NOW
from meeting_support import race, use_redis_limits
from room_support import create_room, join

from engnest.accounts.domain.accounts import identity_key
from engnest.community.models import Room
from engnest.community.services import room_chat
from engnest.messaging.models import Message
from engnest.platform import throttle
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.settings import get_settings, reset_settings_cache


@pytest.fixture
def limits(monkeypatch, request):
    def _use(store: str) -> None:
        monkeypatch.setenv("ROOM_RATE_LIMIT", "10000/minute")
        monkeypatch.setenv("NEW_ACCOUNT_LIMIT", "3/hour")
        if store == "redis":
            use_redis_limits(monkeypatch, request.getfixturevalue("redis_url"))
        reset_settings_cache()
        throttle.reset_all()

    yield _use
    throttle.reset_all()
    for name in ("ROOM_RATE_LIMIT", "NEW_ACCOUNT_LIMIT"):
        monkeypatch.delenv(name, raising=False)
    reset_settings_cache()


def sends(room_id: int, sender, n: int, now: dt.datetime):
    def one(i):
        def work(s):
            request = room_chat.check_send(session=s, sender_id=sender.id, room_id=room_id, body=f"m{i}", client_key=str(uuid.uuid4()), now=now)
            return room_chat.do_send(session=s, request=request, now=now)
        return work
    return [one(i) for i in range(n)]


def stored_by(session, room_id: int, sender) -> int:
    session.rollback()
    conversation_id = session.get(Room, room_id).conversation_id
    return session.execute(sa.select(sa.func.count()).select_from(Message).where(
        Message.conversation_id == conversation_id, Message.sender_id == sender.id)).scalar_one()


@pytest.mark.parametrize("store", ["memory", "redis"])
def test_a_new_account_stops_exactly_at_its_limit_and_the_owner_never_does(session, db_url, limits, store):
    limits(store)
    owner = person(session)  # as new as the newcomer, but it is their room
    newcomer = person(session)
    room_id = create_room(session, owner)
    join(session, newcomer, room_id)
    results = race(db_url, sends(room_id, newcomer, 8, NOW + dt.timedelta(hours=1)))
    refused = [r for r in results if isinstance(r, ValidationFailed)]
    assert len(refused) == 5 and all("from a new account" in r.first() for r in refused), results
    assert stored_by(session, room_id, newcomer) == 3
    results = race(db_url, sends(room_id, owner, 8, NOW + dt.timedelta(hours=1)))
    assert not any(isinstance(r, Exception) for r in results), results
    assert stored_by(session, room_id, owner) == 8
    # The count is the address's, in any spelling (the normalised identity), not the row's.
    rule = get_settings().new_account_limit
    assert throttle.hit(rule, "new-account", "room_message", identity_key(f"  {newcomer.email.upper()} ")) is False


def test_an_older_confirmed_account_is_not_held_and_an_unconfirmed_one_is(sqlite_session, limits):
    session = sqlite_session
    limits("memory")
    owner = person(session)
    settled = person(session, now=NOW - dt.timedelta(days=30))
    unconfirmed = person(session, now=NOW - dt.timedelta(days=30), verified=False)
    room_id = create_room(session, owner)
    for who in (settled, unconfirmed):
        join(session, who, room_id)
    later = NOW + dt.timedelta(hours=1)
    for i in range(5):
        room_chat.do_send(session=session, request=room_chat.check_send(
            session=session, sender_id=settled.id, room_id=room_id, body=f"s{i}", client_key=str(uuid.uuid4()), now=later), now=later)
    session.commit()
    for i in range(3):
        room_chat.check_send(session=session, sender_id=unconfirmed.id, room_id=room_id, body=f"u{i}", client_key=str(uuid.uuid4()), now=later)
    with pytest.raises(ValidationFailed, match="messages in rooms from a new account"):
        room_chat.check_send(session=session, sender_id=unconfirmed.id, room_id=room_id, body="u4", client_key=str(uuid.uuid4()), now=later)
