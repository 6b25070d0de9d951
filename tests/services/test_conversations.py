"""Conversations, not pairs (issue 11 item 7), on SQLite and PostgreSQL: a direct message lives in a conversation of
two members; only members read or write it; each member's read position is their unread count and the other's
"Seen" receipt."""

from __future__ import annotations

import datetime as dt

import pytest
from dm_support import collaborators, conversation, count, key, mark_read, person, send, send_to
from factories import NOW
from sqlmodel import select

from engnest.messaging.models import DIRECT, Conversation, ConversationMember
from engnest.messaging.services import message_views, messages, typing_signal
from engnest.notifications.models import Notification
from engnest.platform.domain.errors import ValidationFailed

pytestmark = pytest.mark.usefixtures("generous_dm_limit")


def members(session, conversation_id: int) -> set[int]:
    return set(session.exec(select(ConversationMember.user_id).where(ConversationMember.conversation_id == conversation_id)).all())


def test_a_direct_message_is_a_conversation_of_two(session):
    a, b = person(session), person(session)
    collaborators(session, a, b)
    sent = send(session, a, b, "hello")
    reply = send(session, b, a, "hi")
    conversation_id = sent.message.conversation_id
    assert reply.message.conversation_id == conversation_id  # both directions: one conversation
    row = session.get(Conversation, conversation_id)
    assert (row.kind, row.direct_key) == (DIRECT, f"{min(a.id, b.id)}:{max(a.id, b.id)}")
    assert members(session, conversation_id) == {a.id, b.id}
    assert count(session, Conversation) == 1


def test_opening_the_same_pair_from_either_side_or_at_once_makes_one_conversation(session):
    a, b = person(session), person(session)
    collaborators(session, a, b)
    # Both people open the thread at the same moment: both requests were checked before either was stored.
    first = messages.check_open_direct(session=session, me=a.id, peer=b.id)
    second = messages.check_open_direct(session=session, me=b.id, peer=a.id)
    assert first.conversation_id is None and second.conversation_id is None
    made = messages.do_open_direct(session=session, request=first, now=NOW)
    again = messages.do_open_direct(session=session, request=second, now=NOW)  # hits the unique key, finds it
    session.commit()
    assert made == again == conversation(session, b, a)
    assert count(session, Conversation) == 1 and count(session, ConversationMember) == 2


def test_checks_write_nothing(session, recorder):
    """check_* only validates: a checked send, opening or reading leaves no row and no push until do_* runs."""
    a, b = person(session), person(session)
    collaborators(session, a, b)
    recorder.pushes.clear()
    opening = messages.check_open_direct(session=session, me=a.id, peer=b.id)
    assert count(session, Conversation) == 0
    conversation_id = messages.do_open_direct(session=session, request=opening, now=NOW)
    request = messages.check_send_message(session=session, sender_id=a.id, conversation_id=conversation_id, body="hi", client_key=key())
    messages.check_mark_read(session=session, reader_id=b.id, conversation_id=conversation_id)
    assert count(session) == 0 and count(session, Notification) == 0 and recorder.pushes == []
    messages.do_send_message(session=session, request=request, now=NOW)
    session.commit()
    assert count(session) == 1 and count(session, Notification) == 1
    assert [p.topic for p in recorder.pushes] == ["notifications", messages.TOPIC, messages.TOPIC]


def test_services_never_commit_so_a_failed_unit_of_work_leaves_nothing(postgres_url, use_db, recorder):
    """PostgreSQL: on SQLite, pysqlite starts no transaction before the first write, so the savepoint that guards
    the idempotency key becomes the outer transaction and its release commits (reported to the lead)."""
    from engnest.platform.db import get_engine, session_scope

    use_db(postgres_url)
    with session_scope(get_engine(postgres_url)) as session:
        _send_then_fail(session, recorder)


def _send_then_fail(session, recorder) -> None:
    a, b = person(session), person(session)
    collaborators(session, a, b)
    conversation_id = conversation(session, a, b)
    recorder.pushes.clear()
    request = messages.check_send_message(session=session, sender_id=a.id, conversation_id=conversation_id, body="lost", client_key=key())
    messages.do_send_message(session=session, request=request, now=NOW)
    session.rollback()  # the outermost caller failed after the service ran
    assert count(session) == 0 and count(session, Notification) == 0
    assert recorder.pushes == []  # nothing announced that was never stored


def test_unread_counts_and_receipts_live_on_each_member_row(session):
    a, b = person(session), person(session)
    collaborators(session, a, b)
    first = send(session, a, b, "one")
    second = send(session, a, b, "two")
    send(session, b, a, "mine do not count for me")
    conversation_id = first.message.conversation_id
    assert message_views.unread_counts(session=session, me=b.id, conversation_ids=[conversation_id]) == {conversation_id: 2}
    assert mark_read(session, b, a, up_to_id=first.message.id, now=NOW + dt.timedelta(minutes=1)) == 1
    rows = {m.user_id: m for m in session.exec(select(ConversationMember).where(ConversationMember.conversation_id == conversation_id))}
    assert rows[b.id].last_read_message_id == first.message.id and rows[a.id].last_read_message_id is None
    assert message_views.unread_counts(session=session, me=b.id, conversation_ids=[conversation_id]) == {conversation_id: 1}
    assert message_views.unread_counts(session=session, me=a.id, conversation_ids=[conversation_id]) == {conversation_id: 1}
    seen = message_views.last_seen(session=session, me=a.id, conversation_id=conversation_id)
    assert (seen.id, seen.read_at) == (first.message.id, NOW + dt.timedelta(minutes=1))
    # A tab marking an older position later cannot move the position back.
    assert mark_read(session, b, a, now=NOW + dt.timedelta(minutes=2)) == 1
    assert mark_read(session, b, a, up_to_id=first.message.id, now=NOW + dt.timedelta(minutes=3)) == 0
    assert message_views.last_seen(session=session, me=a.id, conversation_id=conversation_id).id == second.message.id


# --- Membership guards ----------------------------------------------------------------------------------------


@pytest.fixture
def outsider_and_thread(session):
    """ada and bob talk; eve is a signed-up, verified collaborator of ada with her own conversation, not of bob."""
    ada, bob, eve = person(session), person(session), person(session)
    collaborators(session, ada, bob)
    collaborators(session, eve, ada)
    theirs = send(session, ada, bob, "between ada and bob").message.conversation_id
    hers = send(session, eve, ada, "eve's own").message.conversation_id
    return ada, bob, eve, theirs, hers


def test_a_non_member_cannot_read_a_conversation(session, outsider_and_thread):
    ada, bob, eve, theirs, hers = outsider_and_thread
    # Eve is allowed on her own conversation (the guard below is not refusing everyone).
    assert [m.body for m in message_views.check_thread_page(session=session, me=eve.id, conversation_id=hers).messages] == ["eve's own"]
    for read in (
        lambda: message_views.check_thread_page(session=session, me=eve.id, conversation_id=theirs),
        lambda: message_views.check_thread_since(session=session, me=eve.id, conversation_id=theirs, after_id=0),
        lambda: messages.check_mark_read(session=session, reader_id=eve.id, conversation_id=theirs),
    ):
        with pytest.raises(ValidationFailed) as exc:
            read()
        assert exc.value.errors == {"form": message_views.NOT_MEMBER}
    assert message_views.last_and_unread(session=session, me=eve.id, conversation_id=theirs) == (None, 0)
    # A conversation that does not exist reads the same (ids cannot be probed).
    with pytest.raises(ValidationFailed) as exc:
        message_views.check_thread_page(session=session, me=eve.id, conversation_id=theirs + hers + 100)
    assert exc.value.errors == {"form": message_views.NOT_MEMBER}


def test_a_non_member_cannot_post_or_type_in_a_conversation(session, outsider_and_thread, recorder):
    ada, bob, eve, theirs, hers = outsider_and_thread
    assert send_to(session, eve, hers, "allowed in her own").created
    before = count(session)
    recorder.pushes.clear()
    with pytest.raises(ValidationFailed) as exc:
        send_to(session, eve, theirs, "let me in")
    assert exc.value.errors == {"form": message_views.NOT_MEMBER}
    assert typing_signal.signal_typing(session=session, sender_id=eve.id, conversation_id=theirs) is False
    assert count(session) == before and recorder.pushes == []
    assert members(session, theirs) == {ada.id, bob.id}
    # A key eve used in her own conversation cannot replay into theirs either.
    k = key()
    send_to(session, eve, hers, "keyed", client_key=k)
    with pytest.raises(ValidationFailed):
        send_to(session, eve, theirs, "keyed", client_key=k)
