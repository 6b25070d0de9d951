"""Room reactions and replies from a tab (issue 13): the handlers re-check the caller; a signed-in stranger, first
shown reacting in their own room, is refused in a room that is not theirs; a reply target forced by the client to
another room's message is refused by the server."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from dm_support import key, person
from factories import login_token
from room_support import create_room, generous_room_limit, say
from sqlmodel import select

from engnest.community.models import MessageReaction, MessageReply
from engnest.community.pages.room_extras_state import RoomExtrasState
from engnest.community.pages.room_state import RoomState
from engnest.messaging.models import Message
from engnest.platform import throttle
from state.harness import Tab, assert_signed_in, redirect_target


@pytest.fixture(autouse=True)
def _generous(monkeypatch):
    throttle.reset_all()
    yield from generous_room_limit(monkeypatch)


async def room_tab(session, user, room_id) -> Tab:
    tab = Tab(token=login_token(session, user), path=f"/rooms/{room_id}")
    await assert_signed_in(tab, user)
    await tab.call(RoomState, "load")
    await tab.call(RoomExtrasState, "load")
    return tab


def count(session, model, *where) -> int:
    session.expire_all()
    return session.exec(select(sa.func.count()).select_from(model).where(*where)).one()


async def test_a_signed_out_tab_is_sent_to_sign_in(sqlite_session):
    tab = Tab(path="/rooms/1")
    for handler, args in (("load", ()), ("react", (1, "👍"))):
        assert redirect_target(await tab.call(RoomExtrasState, handler, *args)).startswith("/signin"), handler


async def test_a_stranger_reacts_in_their_own_room_but_not_in_someone_elses(sqlite_session):
    s = sqlite_session
    owner, attacker = person(s), person(s)
    private = create_room(s, owner, "Board", visibility="private")
    secret = say(s, owner, private, "secret plans")
    own = create_room(s, attacker, "Mine")
    mine = say(s, attacker, own, "my words")
    tab = await room_tab(s, attacker, own)
    await tab.call(RoomExtrasState, "react", mine.id, "👍")
    assert [c.count for c in tab.state(RoomExtrasState).reactions[str(mine.id)]] == [1]
    await tab.call(RoomExtrasState, "react", secret.id, "👍")  # a message of a room they are not in
    assert tab.state(RoomExtrasState).error and count(s, MessageReaction, MessageReaction.message_id == secret.id) == 0
    tab = await room_tab(s, attacker, private)
    await tab.call(RoomExtrasState, "react", secret.id, "👍")
    assert tab.state(RoomExtrasState).error and tab.state(RoomExtrasState).reactions == {}
    assert count(s, MessageReaction, MessageReaction.message_id == secret.id) == 0


async def test_a_reply_is_sent_with_its_quote_and_a_forced_target_elsewhere_is_refused(sqlite_session):
    s = sqlite_session
    owner = person(s)
    room_id, other = create_room(s, owner), create_room(s, owner, "Other")
    first = say(s, owner, room_id, "Which fillet radius?")
    elsewhere = say(s, owner, other, "elsewhere")
    tab = await room_tab(s, owner, room_id)
    await tab.call(RoomExtrasState, "reply_to", first.id)
    assert tab.state(RoomState).replying_to == first.id and "Which fillet radius?" in tab.state(RoomState).replying_preview
    await tab.call(RoomState, "send", {"body": "3 mm", "client_key": key()})
    assert count(s, MessageReply, MessageReply.reply_to_id == first.id) == 1 and tab.state(RoomState).replying_to == 0
    tab.state(RoomState).replying_to = elsewhere.id  # a client can set any state var it likes
    await tab.call(RoomState, "send", {"body": "sneaky", "client_key": key()})
    assert tab.state(RoomState).errors and count(s, Message, Message.body == "sneaky") == 0
