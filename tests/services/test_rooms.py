"""Community rooms (issue 13) on SQLite and PostgreSQL: membership, private access, roles and the last owner,
room chat on the conversation storage (idempotent, unread counts), pseudonyms shown to strangers and real names
to collaborators, moderation with its audit, the directory, and the room rate limit under parallel sends."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from dm_support import block, collaborators, person
from factories import NOW
from meeting_support import race, use_redis_limits
from room_support import create_room, generous_room_limit, join, mute, say, set_role

from engnest.accounts.services import accounts
from engnest.community.domain import permissions as perm
from engnest.community.models import ROOM, ModerationAction, Pseudonym, Room, RoomMember
from engnest.community.services import directory, moderation, pseudonyms, room_chat, rooms
from engnest.messaging.models import Conversation, ConversationMember, Message
from engnest.platform import events, throttle
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.settings import reset_settings_cache


@pytest.fixture(autouse=True)
def _generous(monkeypatch):
    yield from generous_room_limit(monkeypatch)


def count(session, model, *where) -> int:
    return session.execute(sa.select(sa.func.count()).select_from(model).where(*where)).scalar_one()


def test_creating_a_room_makes_its_conversation_and_its_owner(session):
    owner = person(session)
    room_id = create_room(session, owner)
    room = session.get(Room, room_id)
    assert session.get(Conversation, room.conversation_id).kind == ROOM
    assert rooms.role_of(session=session, room_id=room_id, user_id=owner.id) == perm.OWNER
    assert count(session, ConversationMember, ConversationMember.conversation_id == room.conversation_id) == 1
    assert room.member_count == 1 and room.tags == " fea abaqus "
    assert session.get(Pseudonym, owner.id).handle.endswith(tuple(f"#{n:04d}" for n in range(10000)))


def test_anyone_joins_a_public_room_once(session):
    owner, a = person(session), person(session)
    room_id = create_room(session, owner)
    assert join(session, a, room_id) is True
    assert join(session, a, room_id) is False  # a double click changes nothing
    session.expire_all()
    assert session.get(Room, room_id).member_count == 2
    assert rooms.role_of(session=session, room_id=room_id, user_id=a.id) == perm.MEMBER


def test_a_private_room_refuses_a_stranger_until_approved_or_invited(session):
    owner, stranger, guest = person(session), person(session), person(session)
    room_id = create_room(session, owner, "Board", visibility="private")
    say(session, owner, room_id, "secret plans")
    with pytest.raises(ValidationFailed, match="private"):
        rooms.check_join(session=session, user_id=stranger.id, room_id=room_id)
    with pytest.raises(ValidationFailed, match=rooms.NO_ROOM):
        room_chat.read_page(session=session, viewer_id=stranger.id, room_id=room_id)
    with pytest.raises(ValidationFailed, match=rooms.NO_ROOM):
        room_chat.check_send(session=session, sender_id=stranger.id, room_id=room_id, body="hi", client_key=str(uuid.uuid4()), now=NOW)
    # The stranger asks; a plain member cannot approve, the owner can.
    rooms.do_request_join(session=session, request=rooms.check_request_join(session=session, user_id=stranger.id, room_id=room_id), now=NOW)
    session.commit()
    assert directory.room_entry(session=session, viewer_id=stranger.id, room_id=room_id).pending == "request"
    admit = rooms.check_admit(session=session, actor_id=owner.id, room_id=room_id, user_id=stranger.id)
    rooms.do_admit(session=session, request=admit, now=NOW)
    session.commit()
    assert [line.body for line in room_chat.read_page(session=session, viewer_id=stranger.id, room_id=room_id).lines] == ["secret plans"]
    with pytest.raises(ValidationFailed, match=perm.NOT_ALLOWED):
        rooms.check_admit(session=session, actor_id=stranger.id, room_id=room_id, user_id=guest.id)
    # An invitation lets the guest join.
    rooms.do_admit(session=session, request=rooms.check_admit(session=session, actor_id=owner.id, room_id=room_id, user_id=guest.id), now=NOW)
    session.commit()
    assert join(session, guest, room_id) is True
    assert count(session, ModerationAction, ModerationAction.room_id == room_id) == 2  # approve, invite


def test_roles_moderators_and_the_last_owner(session):
    owner, mod, a = person(session), person(session), person(session)
    room_id = create_room(session, owner)
    join(session, mod, room_id)
    join(session, a, room_id)
    with pytest.raises(ValidationFailed, match=perm.NOT_ALLOWED):
        rooms.check_set_role(session=session, actor_id=a.id, room_id=room_id, user_id=mod.id, role=perm.MODERATOR)
    set_role(session, owner, room_id, mod, perm.MODERATOR)
    with pytest.raises(ValidationFailed, match=perm.NOT_ALLOWED):  # a moderator cannot act on the owner
        moderation.check_remove_member(session=session, actor_id=mod.id, room_id=room_id, user_id=owner.id)
    with pytest.raises(ValidationFailed, match=perm.LAST_OWNER):
        rooms.check_leave(session=session, user_id=owner.id, room_id=room_id)
    with pytest.raises(ValidationFailed, match=perm.LAST_OWNER):
        rooms.check_set_role(session=session, actor_id=owner.id, room_id=room_id, user_id=owner.id, role=perm.MEMBER)
    set_role(session, owner, room_id, mod, perm.OWNER)  # hand over, then the first owner may go
    rooms.do_leave(session=session, request=rooms.check_leave(session=session, user_id=owner.id, room_id=room_id), now=NOW)
    session.commit()
    session.expire_all()
    assert rooms.role_of(session=session, room_id=room_id, user_id=owner.id) is None
    assert session.get(Room, room_id).member_count == 2


def test_a_replayed_room_message_is_announced_again(session):
    """The first attempt may have died between its commit and its push: the retry pushes the stored message."""
    owner, a = person(session), person(session)
    room_id = create_room(session, owner)
    join(session, a, room_id)
    key = str(uuid.uuid4())
    first = say(session, owner, room_id, "Anyone here?", client_key=key)
    recorder = events.Recorder()
    events.add_sink(recorder)
    try:
        again = say(session, owner, room_id, "Anyone here?", client_key=key)
    finally:
        events.remove_sink(recorder)
    assert again.id == first.id
    assert [(p.payload["id"], a.id in p.user_ids) for p in recorder.pushes if p.topic == room_chat.TOPIC] == [(first.id, True)]


def test_room_chat_is_idempotent_and_counts_unread(session):
    owner, a = person(session), person(session)
    room_id = create_room(session, owner)
    join(session, a, room_id)
    key = str(uuid.uuid4())
    first = say(session, owner, room_id, "Welcome", client_key=key)
    again = say(session, owner, room_id, "Welcome", client_key=key)  # a retry after a dropped connection
    assert first.id == again.id and count(session, Message, Message.client_key == key) == 1
    say(session, owner, room_id, "Second")
    assert room_chat.read_page(session=session, viewer_id=a.id, room_id=room_id).unread == 2
    assert room_chat.unread_by_room(session=session, user_id=a.id) == {room_id: 2}
    assert room_chat.unread_by_room(session=session, user_id=owner.id) == {}  # own messages are not unread
    assert room_chat.do_mark_read(session=session, reader_id=a.id, room_id=room_id, now=NOW) == 2
    session.commit()
    assert room_chat.unread_by_room(session=session, user_id=a.id) == {}


def test_strangers_see_the_pseudonym_and_collaborators_the_real_name(sqlite_session):
    session = sqlite_session  # behaviour, not the database
    owner, friend, stranger = person(session, first_name="Marguerite", last_name="Perey"), person(session), person(session)
    collaborators(session, owner, friend)
    room_id = create_room(session, owner)
    join(session, friend, room_id)
    join(session, stranger, room_id)
    say(session, owner, room_id, "Hello all")
    handle = session.get(Pseudonym, owner.id).handle
    seen_by_stranger = room_chat.read_page(session=session, viewer_id=stranger.id, room_id=room_id).lines[0]
    seen_by_friend = room_chat.read_page(session=session, viewer_id=friend.id, room_id=room_id).lines[0]
    assert (seen_by_stranger.sender, seen_by_stranger.met) == (handle, False)
    assert "Marguerite" not in handle and "Perey" not in handle
    assert (seen_by_friend.sender, seen_by_friend.met) == ("Marguerite Perey", True)


def test_a_chosen_handle_cannot_hold_the_persons_names_or_be_taken(sqlite_session):
    session = sqlite_session  # behaviour, not the database
    a, b = person(session, first_name="Marguerite", last_name="Perey"), person(session)
    for bad in ("Marguerite builds", "perey_fea"):
        with pytest.raises(ValidationFailed, match="cannot contain your name"):
            pseudonyms.check_handle(session=session, user_id=a.id, handle=bad)
    pseudonyms.do_choose_handle(session=session, user_id=a.id, handle=pseudonyms.check_handle(session=session, user_id=a.id, handle="Beam Wrangler"), now=NOW)
    session.commit()
    with pytest.raises(ValidationFailed, match=pseudonyms.TAKEN):
        pseudonyms.check_handle(session=session, user_id=b.id, handle="beam_wrangler")
    assert pseudonyms.pseudonym_of(session=session, user_id=a.id) == "Beam Wrangler"


def test_moderators_remove_messages_mute_and_remove_members_with_an_audit(session):
    owner, mod, a = person(session), person(session), person(session)
    room_id = create_room(session, owner)
    join(session, mod, room_id)
    join(session, a, room_id)
    set_role(session, owner, room_id, mod, perm.MODERATOR)
    spam = say(session, a, room_id, "buy my course")
    with pytest.raises(ValidationFailed, match=perm.NOT_ALLOWED):  # a member cannot remove messages
        moderation.check_remove_message(session=session, actor_id=a.id, room_id=room_id, message_id=spam.id)
    moderation.do_remove_message(
        session=session, request=moderation.check_remove_message(session=session, actor_id=mod.id, room_id=room_id, message_id=spam.id, reason="Spam"), now=NOW
    )
    session.commit()
    assert session.get(Message, spam.id) is None
    mute(session, mod, room_id, a)
    with pytest.raises(ValidationFailed, match="muted you"):
        room_chat.check_send(session=session, sender_id=a.id, room_id=room_id, body="again", client_key=str(uuid.uuid4()), now=NOW)
    request = moderation.check_remove_member(session=session, actor_id=mod.id, room_id=room_id, user_id=a.id, reason="Spam")
    moderation.do_remove_member(session=session, request=request, now=NOW)
    session.commit()
    assert count(session, RoomMember, RoomMember.user_id == a.id) == 0
    assert count(session, ConversationMember, ConversationMember.user_id == a.id) == 0
    log = moderation.audit_log(session=session, actor_id=mod.id, room_id=room_id)
    assert [(r.action, r.target_user_id, r.actor_id) for r in log][:3] == [
        ("remove_member", a.id, mod.id), ("mute", a.id, mod.id), ("remove_message", a.id, mod.id)
    ]
    assert log[2].target_message_id == spam.id and log[2].detail == "buy my course"
    with pytest.raises(ValidationFailed, match="Join the room first"):  # the removed member reads no audit
        moderation.audit_log(session=session, actor_id=a.id, room_id=room_id)


def test_the_directory_finds_rooms_by_name_and_tag_with_counts(session):
    owner, a = person(session), person(session)
    fea = create_room(session, owner, "FEA clinic", tags="fea abaqus")
    pcb = create_room(session, owner, "PCB review", tags="kicad pcb", visibility="private")
    join(session, a, fea)
    assert [e.id for e in directory.search(session=session, viewer_id=a.id, query="abaqus")] == [fea]
    assert [e.id for e in directory.search(session=session, viewer_id=a.id, query="review")] == [pcb]
    assert directory.search(session=session, viewer_id=a.id, query="aba%") == []  # LIKE wildcards are text
    entries = {e.id: e for e in directory.search(session=session, viewer_id=a.id)}
    assert (entries[fea].member_count, entries[fea].role) == (2, perm.MEMBER)
    assert (entries[pcb].visibility, entries[pcb].role) == ("private", "")


@pytest.mark.parametrize("store", ["memory", "redis"])
def test_parallel_room_messages_stop_exactly_at_the_rate_limit(session, db_url, monkeypatch, store, request):
    monkeypatch.setenv("ROOM_RATE_LIMIT", "5/minute")
    if store == "redis":
        use_redis_limits(monkeypatch, request.getfixturevalue("redis_url"))
    reset_settings_cache()
    throttle.reset_all()
    owner = person(session)
    room_id = create_room(session, owner)

    def send(i):
        def work(s):
            sent = room_chat.do_send(session=s, request=room_chat.check_send(
                session=s, sender_id=owner.id, room_id=room_id, body=f"m{i}", client_key=str(uuid.uuid4()), now=NOW), now=NOW)
            s.commit()
            return sent
        return work

    results = race(db_url, [send(i) for i in range(12)])
    refused = [r for r in results if isinstance(r, ValidationFailed)]
    assert all(not isinstance(r, Exception) or isinstance(r, ValidationFailed) for r in results), results
    assert len(refused) == 7 and all("Too many messages in rooms" in r.first() for r in refused)
    session.rollback()
    assert count(session, Message, Message.conversation_id == session.get(Room, room_id).conversation_id) == 5
    throttle.reset_all()


def test_a_deleted_account_leaves_its_rooms_counted_and_owned(session):
    owner, mod, a = person(session), person(session), person(session)
    room_id = create_room(session, owner)
    join(session, a, room_id)
    join(session, mod, room_id)
    set_role(session, owner, room_id, mod, perm.MODERATOR)
    say(session, owner, room_id, "bye")
    accounts.do_delete_account(session=session, user=owner)
    session.expire_all()
    assert session.get(Room, room_id).member_count == 2
    assert rooms.role_of(session=session, room_id=room_id, user_id=mod.id) == perm.OWNER  # the moderator, before a member
    assert room_chat.read_page(session=session, viewer_id=a.id, room_id=room_id).lines == []  # their messages went with them


def test_two_owners_demoting_each_other_at_once_leave_one_owner(session, db_url):
    a, b = person(session), person(session)
    room_id = create_room(session, a)
    join(session, b, room_id)
    set_role(session, a, room_id, b, perm.OWNER)

    def demote(actor, target):
        def work(s):
            request = rooms.check_set_role(session=s, actor_id=actor.id, room_id=room_id, user_id=target.id, role=perm.MEMBER)
            rooms.do_set_role(session=s, request=request, now=NOW)
            s.commit()
        return work

    results = race(db_url, [demote(a, b), demote(b, a)])
    assert sum(r is None for r in results) == 1, results
    assert [r.first() for r in results if r is not None] in ([perm.LAST_OWNER], [perm.NOT_ALLOWED])
    session.rollback()
    assert count(session, RoomMember, RoomMember.room_id == room_id, RoomMember.role == perm.OWNER) == 1


def test_only_owners_edit_a_rooms_settings(sqlite_session):
    session = sqlite_session  # behaviour, not the database
    owner, mod = person(session), person(session)
    room_id = create_room(session, owner)
    join(session, mod, room_id)
    set_role(session, owner, room_id, mod, perm.MODERATOR)
    settings = {"name": "Bridges", "topic": "Spans", "tags": "civil", "visibility": "private"}
    with pytest.raises(ValidationFailed, match=perm.NOT_ALLOWED):
        rooms.check_edit_room(session=session, actor_id=mod.id, room_id=room_id, **settings)
    rooms.do_edit_room(session=session, request=rooms.check_edit_room(session=session, actor_id=owner.id, room_id=room_id, **settings), now=NOW)
    session.commit()
    session.expire_all()
    room = session.get(Room, room_id)
    assert (room.name, room.tags, room.visibility) == ("Bridges", " civil ", "private")


def test_blocked_people_do_not_see_each_others_room_messages(sqlite_session):
    session = sqlite_session  # behaviour, not the database
    owner, a, b = person(session), person(session), person(session)
    room_id = create_room(session, owner)
    join(session, a, room_id)
    join(session, b, room_id)
    say(session, a, room_id, "from a")
    say(session, b, room_id, "from b")
    block(session, a, b)
    assert [x.body for x in room_chat.read_page(session=session, viewer_id=a.id, room_id=room_id).lines] == ["from a"]
    assert [x.body for x in room_chat.read_page(session=session, viewer_id=b.id, room_id=room_id).lines] == ["from b"]
    assert len(room_chat.read_page(session=session, viewer_id=owner.id, room_id=room_id).lines) == 2


def test_typing_reaches_the_other_members_only_and_never_a_stranger(sqlite_session):
    session = sqlite_session  # behaviour, not the database
    owner, a, stranger = person(session), person(session), person(session)
    room_id = create_room(session, owner)
    join(session, a, room_id)
    recorder = events.Recorder()
    events.add_sink(recorder)
    try:
        assert room_chat.signal_typing(session=session, sender_id=stranger.id, room_id=room_id) is False
        assert room_chat.signal_typing(session=session, sender_id=a.id, room_id=room_id) is True
    finally:
        events.remove_sink(recorder)
    assert [(p.user_ids, p.payload) for p in recorder.pushes] == [((owner.id,), {"room": room_id, "kind": "typing", "from": a.id})]
