"""Room page handlers called as a browser tab would (issue 13): every handler re-checks the caller and their
role on the server; a stranger sees pseudonyms, never names; pushes carry ids and the tab reads what it shows."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from dm_support import collaborators, key, person
from factories import login_token
from room_support import create_room, generous_room_limit, join, say
from sqlmodel import select

from engnest.community.domain import permissions as perm
from engnest.community.domain import pseudonyms
from engnest.community.models import ModerationAction, Pseudonym, RoomMember
from engnest.community.pages.directory_state import DirectoryState
from engnest.community.pages.room_state import RoomState
from engnest.community.services import rooms
from engnest.community.services.rooms import TOPIC
from engnest.community.state.unread import RoomsUnreadState
from engnest.messaging.models import Message
from state.harness import Tab, assert_signed_in, redirect_target


@pytest.fixture(autouse=True)
def _generous(monkeypatch):
    yield from generous_room_limit(monkeypatch)


async def room_tab(session, user, room_id) -> Tab:
    tab = Tab(token=login_token(session, user), path=f"/rooms/{room_id}")
    await assert_signed_in(tab, user)
    await tab.call(RoomState, "load")
    return tab


def count(session, model, *where) -> int:
    session.expire_all()
    return session.exec(select(sa.func.count()).select_from(model).where(*where)).one()


async def test_a_signed_out_tab_is_sent_to_sign_in(sqlite_session):
    tab = Tab(path="/rooms/1")
    for handler, args in (("load", ()), ("join", ()), ("send", ({"body": "hi", "client_key": key()},)), ("mute", (1,))):
        assert redirect_target(await tab.call(RoomState, handler, *args)).startswith("/signin")
    assert redirect_target(await tab.call(DirectoryState, "create", {"name": "x"})).startswith("/signin")


async def test_a_stranger_cannot_read_write_or_moderate_a_room_that_is_not_theirs(sqlite_session):
    s = sqlite_session
    owner, attacker = person(s), person(s)
    private = create_room(s, owner, "Board", visibility="private")
    say(s, owner, private, "secret plans")
    public = create_room(s, owner, "Open")
    target = say(s, owner, public, "keep me")
    # The attacker is signed in and allowed in a room of their own first.
    own = create_room(s, attacker, "Mine")
    tab = await room_tab(s, attacker, own)
    await tab.call(RoomState, "send", {"body": "my own words", "client_key": key()})
    assert [line.parts[0].text for line in tab.state(RoomState).lines] == ["my own words"]
    # A private room: the card only, no messages, no members; sending and joining are refused.
    tab = await room_tab(s, attacker, private)
    state = tab.state(RoomState)
    assert (state.name, state.role, state.lines, state.members) == ("Board", "", [], [])
    await tab.call(RoomState, "send", {"body": "let me in", "client_key": key()})
    await tab.call(RoomState, "join")
    assert state.errors and count(s, Message, Message.body == "let me in") == 0
    assert count(s, RoomMember, RoomMember.user_id == attacker.id, RoomMember.room_id == private) == 0
    # A public room joined as a member: no moderation, no roles.
    tab = await room_tab(s, attacker, public)
    await tab.call(RoomState, "join")
    state = tab.state(RoomState)
    assert state.role == perm.MEMBER
    await tab.call(RoomState, "remove_message", target.id)
    assert state.errors == {"form": perm.NOT_ALLOWED} and count(s, Message, Message.id == target.id) == 1
    for handler, args in (("mute", (owner.id,)), ("remove_member", (owner.id,)), ("make_role", (attacker.id, perm.OWNER))):
        await tab.call(RoomState, handler, *args)
        assert state.errors == {"form": perm.NOT_ALLOWED}, handler
    assert rooms.role_of(session=s, room_id=public, user_id=owner.id) == perm.OWNER
    assert rooms.role_of(session=s, room_id=public, user_id=attacker.id) == perm.MEMBER
    assert count(s, ModerationAction) == 0


async def test_a_stranger_sees_the_pseudonym_and_a_collaborator_the_name(sqlite_session):
    s = sqlite_session
    owner, friend, stranger = person(s, first_name="Marguerite", last_name="Perey"), person(s), person(s)
    collaborators(s, owner, friend)
    room_id = create_room(s, owner)
    join(s, friend, room_id)
    join(s, stranger, room_id)
    say(s, owner, room_id, "Hello all")
    handle = s.get(Pseudonym, owner.id).handle
    seen = (await room_tab(s, stranger, room_id)).state(RoomState)
    assert [line.sender for line in seen.lines] == [handle]
    assert handle in [m.name for m in seen.members]
    assert "Marguerite" not in repr(seen.dict()) and "Perey" not in repr(seen.dict())
    assert [line.sender for line in (await room_tab(s, friend, room_id)).state(RoomState).lines] == ["Marguerite Perey"]


async def test_a_push_merges_the_new_message_once(sqlite_session):
    s = sqlite_session
    owner, a = person(s), person(s)
    room_id = create_room(s, owner)
    join(s, a, room_id)
    tab = await room_tab(s, a, room_id)
    row = say(s, owner, room_id, "live")
    for _ in range(2):  # a push delivered twice shows the message once
        await tab.state(RoomState)._on_room(TOPIC, {"room": room_id, "kind": "message", "id": row.id})
    assert [line.id for line in tab.state(RoomState).lines] == [row.id]
    await tab.state(RoomState)._on_room(TOPIC, {"room": room_id, "kind": "removed", "id": row.id})
    assert tab.state(RoomState).lines == []


async def test_the_directory_creates_a_room_and_refuses_bad_input(sqlite_session):
    s = sqlite_session
    me = person(s, first_name="Marguerite", last_name="Perey")
    tab = Tab(token=login_token(s, me), path="/rooms")
    await assert_signed_in(tab, me)
    await tab.call(DirectoryState, "load")
    assert tab.state(DirectoryState).pseudonym == s.get(Pseudonym, me.id).handle
    await tab.call(DirectoryState, "create", {"name": "", "visibility": "secret"})
    assert set(tab.state(DirectoryState).errors) == {"name", "visibility"} and count(s, RoomMember) == 0
    events = await tab.call(DirectoryState, "create", {"name": "FEA clinic", "tags": "fea", "visibility": "public"})
    assert redirect_target(events).startswith("/rooms/")
    await tab.call(DirectoryState, "choose_handle", {"handle": "Marguerite builds"})
    assert tab.state(DirectoryState).handle_errors == {"handle": pseudonyms.HAS_NAME}
    await tab.call(DirectoryState, "choose_handle", {"handle": "Beam Wrangler"})
    assert tab.state(DirectoryState).pseudonym == s.get(Pseudonym, me.id).handle == "Beam Wrangler"


async def test_the_rooms_badge_counts_unread_room_messages_live(sqlite_session):
    s = sqlite_session
    owner, a = person(s), person(s)
    room_id = create_room(s, owner)
    join(s, a, room_id)
    tab = await room_tab(s, a, room_id)
    badge = tab.state(RoomsUnreadState)
    await tab.call(RoomsUnreadState, "refresh")
    assert badge.count == 0
    row = say(s, owner, room_id, "news")
    say(s, owner, room_id, "more news")
    await badge._on_room(TOPIC, {"room": room_id, "kind": "message", "id": row.id})
    assert badge.count == 2
    await tab.state(RoomState)._on_room(TOPIC, {"room": room_id, "kind": "message", "id": row.id})
    await tab.call(RoomState, "mark_read")
    await badge._on_room(TOPIC, {"room": room_id, "kind": "read"})
    assert badge.count == 0
