"""Sending direct messages on SQLite and PostgreSQL: who may message whom, nothing duplicated, nothing
pushed before it is committed."""

from __future__ import annotations

import datetime as dt

import pytest
from dm_support import block, collaborators, conversation, count, key, person, send, send_to
from factories import NOW
from sqlmodel import select

from engnest.accounts.services import accounts
from engnest.messaging.domain.messages import MAX_LENGTH
from engnest.messaging.models import Message
from engnest.messaging.services import message_rows, message_views, messages, typing_signal
from engnest.notifications.models import Notification
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.settings import reset_settings_cache

pytestmark = pytest.mark.usefixtures("generous_dm_limit")


def test_collaborators_exchange_messages_and_both_read_the_same_thread(session, pair):
    a, b = pair
    send(session, a, b, "  Coffee on Friday?  ", now=NOW)
    send(session, b, a, "Yes, 10:00 at the library", now=NOW + dt.timedelta(minutes=1))
    for me, peer in ((a, b), (b, a)):
        page = message_views.check_thread_page(session=session, me=me.id, conversation_id=conversation(session, me, peer))
        assert [m.body for m in page.messages] == ["Coffee on Friday?", "Yes, 10:00 at the library"]
        assert page.has_older is False
    assert page.messages[0].created_at == NOW  # aware UTC back from both databases


def test_a_message_is_pushed_to_both_people_only_after_it_is_committed(session, pair, recorder):
    a, b = pair
    sent = send(session, a, b, "Ping")
    dm = [p for p in recorder.pushes if p.topic == messages.TOPIC]
    # Recipient first, as its own push, so its tabs never wait behind the sender's busy tab.
    assert [p.user_ids for p in dm] == [(b.id,), (a.id,)]
    conversation_id = sent.message.conversation_id
    assert dm[0].payload == dm[1].payload == {
        "kind": "message", "id": sent.message.id, "conversation": conversation_id, "from": a.id, "to": b.id,
        "sender_id": a.id, "body": "Ping", "created_at": NOW.isoformat(),
    }
    # The push carries the row (a tab merges it without reading the thread again), and the message is already
    # readable from a fresh session for a tab that catches up.
    assert message_rows.pushed_row(dm[0].payload) == sent.message
    assert message_views.check_thread_since(session=session, me=b.id, conversation_id=conversation_id, after_id=0)[0].body == "Ping"


def test_a_refused_message_pushes_nothing(session, pair, recorder):
    a, b = pair
    recorder.pushes.clear()
    with pytest.raises(ValidationFailed):
        send(session, a, b, "   ")
    assert recorder.pushes == []


def test_the_same_client_key_stores_the_message_once(session, pair, recorder):
    a, b = pair
    k = key()
    first = send(session, a, b, "Only once please", client_key=k)
    again = send(session, a, b, "Only once please", client_key=k)  # double click / retry after a drop
    assert first.created and not again.created
    assert again.message.id == first.message.id
    assert count(session) == 1
    assert count(session, Notification) == 1
    # Stored and notified once; each attempt announces it (recipient + sender), the tabs merge it once.
    assert len([p for p in recorder.pushes if p.topic == messages.TOPIC]) == 4


def test_a_replayed_send_re_announces_a_message_whose_push_was_lost(session, pair, recorder):
    """A worker died between storing the message and pushing it: the sender's retry with the same key is answered
    from the stored row and pushes it, so the recipient's open thread shows it without waiting for the next one."""
    a, b = pair
    k = key()
    first = send(session, a, b, "Did this arrive?", client_key=k)
    recorder.pushes.clear()  # the push of the first attempt never left the dead worker
    again = send(session, a, b, "Did this arrive?", client_key=k)
    assert not again.created and count(session) == 1 and count(session, Notification) == 1
    to_b = [p for p in recorder.pushes if p.topic == messages.TOPIC and b.id in p.user_ids]
    assert len(to_b) == 1 and message_rows.pushed_row(to_b[0].payload) == first.message


def test_a_replayed_send_of_a_deleted_message_announces_nothing(session, pair, recorder):
    a, b = pair
    k = key()
    first = send(session, a, b, "Never mind", client_key=k)
    session.get(Message, first.message.id).deleted_at = NOW
    session.flush()
    recorder.pushes.clear()
    assert send(session, a, b, "Never mind", client_key=k).created is False
    assert [p for p in recorder.pushes if p.topic == messages.TOPIC] == []


def test_a_replayed_send_after_a_block_is_not_announced_to_the_blocker(session, pair, recorder):
    a, b = pair
    k = key()
    conversation_id = conversation(session, a, b)
    send_to(session, a, conversation_id, "Before the block", client_key=k)
    block(session, b, a)
    recorder.pushes.clear()
    assert send_to(session, a, conversation_id, "Before the block", client_key=k).created is False
    assert [p for p in recorder.pushes if b.id in p.user_ids] == []


def test_a_key_reused_for_another_thread_is_refused(session, pair):
    a, b = pair
    c = person(session)
    collaborators(session, a, c)
    k = key()
    send(session, a, b, "for b", client_key=k)
    with pytest.raises(ValidationFailed) as exc:
        send(session, a, c, "for c", client_key=k)
    assert "form" in exc.value.errors
    assert count(session) == 1


@pytest.mark.parametrize("bad_key", ["", "short", "x" * 65, "has space in it", None, 12345678])
def test_a_missing_or_malformed_key_is_refused(session, pair, bad_key):
    a, b = pair
    conversation_id = conversation(session, a, b)
    with pytest.raises(ValidationFailed) as exc:
        messages.check_send_message(session=session, sender_id=a.id, conversation_id=conversation_id, body="hi", client_key=bad_key)
    assert "reload the page" in exc.value.errors["form"].lower()
    assert count(session) == 0


# --- Permission matrix ----------------------------------------------------------------------------


def _stranger(session, a, b):
    return b  # never collaborators


def _blocked_by_recipient(session, a, b):
    collaborators(session, a, b)
    conversation(session, a, b)  # they talked before the block
    block(session, b, a)
    return b


def _blocked_by_sender(session, a, b):
    collaborators(session, a, b)
    conversation(session, a, b)
    block(session, a, b)
    return b


def _deleted(session, a, b):
    collaborators(session, a, b)
    conversation(session, a, b)  # goes with the account
    accounts.do_delete_account(session=session, user=b)
    return b


@pytest.mark.parametrize(
    "arrange, reason",
    [
        (_stranger, message_views.NOT_COLLABORATORS),
        (_blocked_by_recipient, message_views.BLOCKED),
        (_blocked_by_sender, message_views.BLOCKED),
        (_deleted, message_views.NOT_COLLABORATORS),
    ],
    ids=["non-collaborator", "blocked-by-recipient", "blocked-by-sender", "deleted-user"],
)
def test_only_collaborators_without_a_block_may_load_or_send(session, arrange, reason, recorder):
    a, b = person(session), person(session)
    b_id = b.id
    arrange(session, a, b)
    recorder.pushes.clear()
    assert message_views.refusal(session=session, me=a.id, peer=b_id) == reason
    with pytest.raises(ValidationFailed) as exc:
        messages.check_open_direct(session=session, me=a.id, peer=b_id)
    assert exc.value.errors == {"form": reason}
    conversation_id = message_views.direct_conversation_id(session=session, a=a.id, b=b_id)
    assert (conversation_id is not None) == (arrange in (_blocked_by_recipient, _blocked_by_sender))
    if conversation_id is not None:  # a conversation from before the block: still a member, still refused
        with pytest.raises(ValidationFailed) as exc:
            messages.check_send_message(session=session, sender_id=a.id, conversation_id=conversation_id, body="hi", client_key=key())
        assert exc.value.errors == {"form": reason}
        with pytest.raises(ValidationFailed) as exc:
            message_views.check_thread_page(session=session, me=a.id, conversation_id=conversation_id)
        assert exc.value.errors == {"form": reason}
        assert typing_signal.signal_typing(session=session, sender_id=a.id, conversation_id=conversation_id) is False
    assert count(session) == 0 and recorder.pushes == []
    assert all(c.peer.id != b_id for c in message_views.list_conversations(session=session, user_id=a.id))


def test_nobody_can_message_themselves(session):
    a = person(session)
    assert message_views.refusal(session=session, me=a.id, peer=a.id) == message_views.SELF


def test_a_block_hides_earlier_messages_from_unread_counts_and_the_list(session, pair):
    a, b = pair
    send(session, a, b, "before the block")
    assert message_views.unread_total(session=session, user_id=b.id) == 1
    block(session, b, a)
    assert message_views.unread_total(session=session, user_id=b.id) == 0
    assert message_views.list_conversations(session=session, user_id=b.id) == []


def test_a_deleted_account_takes_the_whole_conversation_with_it(session, pair):
    """Decision: the other person keeps nothing of a deleted user's conversation (both sides go)."""
    a, b = pair
    send(session, a, b, "from a")
    send(session, b, a, "from b")
    accounts.do_delete_account(session=session, user=a)
    assert count(session) == 0
    assert message_views.list_conversations(session=session, user_id=b.id) == []
    assert message_views.unread_total(session=session, user_id=b.id) == 0
    # The notification quoting a's message goes too; b's own notifications about other things stay.
    assert session.exec(select(Notification).where(Notification.kind == "message")).all() == []


# --- Bad input --------------------------------------------------------------------------------------


@pytest.mark.parametrize("body", ["", "   ", "\n\n\t ", None])
def test_empty_or_whitespace_only_messages_are_refused(session, pair, body):
    a, b = pair
    with pytest.raises(ValidationFailed) as exc:
        send(session, a, b, body)
    assert exc.value.errors == {"body": "Write a message before sending."}
    assert count(session) == 0


def test_an_overlong_message_is_refused_with_the_limit_and_its_length(session, pair):
    a, b = pair
    with pytest.raises(ValidationFailed) as exc:
        send(session, a, b, "x" * (MAX_LENGTH + 5))
    assert f"{MAX_LENGTH:,}" in exc.value.errors["body"] and f"{MAX_LENGTH + 5:,}" in exc.value.errors["body"]
    assert send(session, a, b, "x" * MAX_LENGTH).created


def test_control_characters_are_dropped_and_line_breaks_kept(session, pair):
    a, b = pair
    sent = send(session, a, b, "line one\r\nline\x00 two\x07")
    assert sent.message.body == "line one\nline two"


def test_sending_too_fast_is_refused_with_a_clear_message(session, pair, monkeypatch):
    monkeypatch.setenv("DM_RATE_LIMIT", "3/10 seconds")
    reset_settings_cache()
    a, b = pair
    for i in range(3):
        send(session, a, b, f"message {i}")
    with pytest.raises(ValidationFailed) as exc:
        send(session, a, b, "one too many")
    assert "too quickly" in exc.value.errors["body"] and "seconds" in exc.value.errors["body"]
    assert count(session) == 3
    # Others are not slowed down by a's limit.
    assert send(session, b, a, "b can still write").created


def test_typing_reaches_only_the_recipient_and_is_throttled(session, pair, recorder):
    a, b = pair
    recorder.pushes.clear()
    conversation_id = conversation(session, a, b)
    recorder.pushes.clear()
    assert typing_signal.signal_typing(session=session, sender_id=a.id, conversation_id=conversation_id) is True
    assert recorder.pushes[0].user_ids == (b.id,) and recorder.pushes[0].payload["kind"] == "typing"
    results = [typing_signal.signal_typing(session=session, sender_id=a.id, conversation_id=conversation_id) for _ in range(40)]
    assert results.count(True) == 29  # 30 a minute in total


def test_a_concurrent_retry_with_the_same_key_on_another_connection_stores_once(postgres_url, use_db):
    """Two workers receive the same submit at once: the unique (sender, key) index decides (PostgreSQL)."""
    import threading
    import time

    from engnest.platform.db import get_engine, session_scope

    use_db(postgres_url)
    engine = get_engine(postgres_url)
    with session_scope(engine) as s:
        a, b = person(s), person(s)
        collaborators(s, a, b)
        a_id, conversation_id = a.id, conversation(s, a, b)
    k = key()
    first = session_scope(engine).__enter__()
    first.add(Message(conversation_id=conversation_id, sender_id=a_id, body="race", client_key=k, created_at=NOW))
    first.flush()  # holds the key, not yet committed
    result = {}

    def second_worker():
        with session_scope(engine) as s2:
            request = messages.check_send_message(session=s2, sender_id=a_id, conversation_id=conversation_id, body="race", client_key=k)
            assert request.stored is None  # the first insert is not committed: the key looks free
            result["sent"] = messages.do_send_message(session=s2, request=request, now=NOW)
            s2.commit()

    def second_insert_waits_on_the_key() -> bool:
        with engine.connect() as conn:
            return conn.exec_driver_sql(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            ).scalar() > 0

    worker = threading.Thread(target=second_worker)
    worker.start()
    deadline = time.monotonic() + 60
    while not second_insert_waits_on_the_key():  # the second insert now waits on the first transaction's key
        assert time.monotonic() < deadline and worker.is_alive(), "the second insert never waited on the key"
        time.sleep(0.05)
    first.commit()
    first.close()
    worker.join(60)
    assert not worker.is_alive()
    assert result["sent"].created is False
    with session_scope(engine) as s:
        assert count(s) == 1
