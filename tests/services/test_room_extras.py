"""Replies and reactions in room chat (issue 13 item 1) on SQLite and PostgreSQL: a reply quotes a message of the
same room only; reactions toggle, one per person and emoji, counted per message; a page's extras cost the same
statements for 2 or 40 messages; members only, and nothing of another room's messages leaks."""

from __future__ import annotations

import uuid

import pytest
from dm_support import block, person
from factories import NOW
from query_count import count_queries
from room_support import create_room, generous_room_limit, join, say

from engnest.community.services import room_extras
from engnest.platform import throttle
from engnest.platform.db import get_engine
from engnest.platform.domain.errors import ValidationFailed


@pytest.fixture(autouse=True)
def _generous(monkeypatch):
    throttle.reset_all()
    yield from generous_room_limit(monkeypatch)


def reply(session, sender, room_id, to_id, body="Agreed"):
    request = room_extras.check_reply(session=session, sender_id=sender.id, room_id=room_id, body=body, client_key=str(uuid.uuid4()),
                                      reply_to_id=to_id, now=NOW)
    row = room_extras.do_reply(session=session, request=request, now=NOW)
    session.commit()
    return row


def react(session, user, room_id, message_id, emoji="👍"):
    on = room_extras.do_react(session=session, request=room_extras.check_react(
        session=session, user_id=user.id, room_id=room_id, message_id=message_id, emoji=emoji), now=NOW)
    session.commit()
    return on


def test_a_reply_quotes_the_message_under_the_name_the_viewer_sees(session):
    owner, member = person(session), person(session)
    room_id = create_room(session, owner)
    join(session, member, room_id)
    first = say(session, owner, room_id, "Which mesh size?")
    answer = reply(session, member, room_id, first.id, "2 mm near the fillet")
    found = room_extras.extras(session=session, viewer_id=member.id, room_id=room_id, message_ids=[first.id, answer.id])
    quote = found.quotes[answer.id]
    assert (quote.reply_to_id, quote.text) == (first.id, "Which mesh size?")
    assert quote.sender.endswith(tuple(f"#{n:04d}" for n in range(10000)))
    assert first.id not in found.quotes


def test_a_reply_must_point_at_a_message_of_the_same_room(session):
    owner = person(session)
    room_id, other_room = create_room(session, owner), create_room(session, owner, "Other")
    elsewhere = say(session, owner, other_room, "other room")
    for bad in (elsewhere.id, 10**6, "1", None):
        with pytest.raises(ValidationFailed, match="not in this room"):
            room_extras.check_reply(session=session, sender_id=owner.id, room_id=room_id, body="hi", client_key=str(uuid.uuid4()),
                                    reply_to_id=bad, now=NOW)


def test_reactions_toggle_and_are_counted_per_emoji(session):
    owner, a, b = person(session), person(session), person(session)
    room_id = create_room(session, owner)
    join(session, a, room_id)
    join(session, b, room_id)
    message = say(session, owner, room_id, "Shipped the prototype")
    assert react(session, a, room_id, message.id) is True
    assert react(session, b, room_id, message.id) is True
    assert react(session, b, room_id, message.id, "🎉") is True
    assert react(session, a, room_id, message.id) is False  # taken back
    chips = room_extras.extras(session=session, viewer_id=b.id, room_id=room_id, message_ids=[message.id]).reactions[message.id]
    assert [(c.emoji, c.count, c.mine) for c in chips] == [("👍", 1, True), ("🎉", 1, True)]
    with pytest.raises(ValidationFailed, match="reactions offered"):
        room_extras.check_react(session=session, user_id=a.id, room_id=room_id, message_id=message.id, emoji="<script>")


def test_only_members_react_and_another_rooms_messages_are_left_out(session):
    owner, stranger = person(session), person(session)
    room_id = create_room(session, owner)
    private = create_room(session, owner, "Board", visibility="private")
    secret = say(session, owner, private, "secret")
    react(session, owner, private, secret.id)
    mine = say(session, owner, room_id, "public words")
    with pytest.raises(ValidationFailed, match="Join the room first"):
        room_extras.check_react(session=session, user_id=stranger.id, room_id=room_id, message_id=mine.id, emoji="👍")
    with pytest.raises(ValidationFailed):
        room_extras.extras(session=session, viewer_id=stranger.id, room_id=private, message_ids=[secret.id])
    with pytest.raises(ValidationFailed, match="not in this room"):
        room_extras.check_react(session=session, user_id=owner.id, room_id=room_id, message_id=secret.id, emoji="👍")
    found = room_extras.extras(session=session, viewer_id=owner.id, room_id=room_id, message_ids=[secret.id, mine.id])
    assert found.reactions == {} and found.quotes == {}


def test_a_quote_of_someone_blocked_says_nothing_of_them(sqlite_session):
    s = sqlite_session
    owner, a, b = person(s), person(s), person(s)
    room_id = create_room(s, owner)
    join(s, a, room_id)
    join(s, b, room_id)
    said = say(s, a, room_id, "A's words")
    answer = reply(s, owner, room_id, said.id, "quoted")
    block(s, b, a)
    quote = room_extras.extras(session=s, viewer_id=b.id, room_id=room_id, message_ids=[answer.id]).quotes[answer.id]
    assert (quote.sender, "A's words" in quote.text) == ("", False)


def test_a_pages_extras_cost_the_same_statements_for_2_or_40_messages(session):
    owner, member = person(session), person(session)
    room_id = create_room(session, owner)
    join(session, member, room_id)
    counts = []
    for n in (2, 40):
        ids = []
        for i in range(n):
            row = say(session, owner, room_id, f"m{i}") if i % 2 == 0 else reply(session, member, room_id, ids[-1], f"r{i}")
            react(session, member, room_id, row.id)
            ids.append(row.id)
        with count_queries(get_engine()) as queries:
            found = room_extras.extras(session=session, viewer_id=member.id, room_id=room_id, message_ids=ids)
        assert len(found.reactions) == n and len(found.quotes) == n // 2
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
