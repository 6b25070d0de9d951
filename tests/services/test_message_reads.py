"""Reading direct messages on SQLite and PostgreSQL: read receipts, unread counts, notifications,
conversation lists and history pages."""

from __future__ import annotations

import datetime as dt

import pytest
from dm_support import collaborators, conversation, mark_read, person, send
from factories import NOW
from sqlmodel import select

from engnest.messaging.services import message_views
from engnest.notifications.models import Notification
from engnest.platform import routes

pytestmark = pytest.mark.usefixtures("generous_dm_limit")


# --- Read receipts, unread counts, notifications ------------------------------------------------------


def test_reading_a_thread_clears_its_unread_count_and_tells_the_sender(session, pair, recorder):
    a, b = pair
    send(session, a, b, "one")
    second = send(session, a, b, "two")
    assert message_views.unread_total(session=session, user_id=b.id) == 2
    conversation_id = second.message.conversation_id
    assert message_views.last_seen(session=session, me=a.id, conversation_id=conversation_id) is None
    recorder.pushes.clear()

    assert mark_read(session, b, a, now=NOW) == 2
    assert message_views.unread_total(session=session, user_id=b.id) == 0
    seen = message_views.last_seen(session=session, me=a.id, conversation_id=conversation_id)
    assert seen.id == second.message.id and seen.read_at == NOW
    assert [(p.user_ids, p.topic, p.payload["kind"]) for p in recorder.pushes] == [
        ((a.id,), "dm", "read"), ((b.id,), "dm", "read"), ((b.id,), "notifications", "read"),  # the bell drops too
    ]
    # Nothing left to mark: no more pushes.
    assert mark_read(session, b, a, now=NOW) == 0
    assert len(recorder.pushes) == 3


def test_mark_read_up_to_an_id_leaves_later_messages_unread(session, pair):
    a, b = pair
    first = send(session, a, b, "one")
    send(session, a, b, "two")
    mark_read(session, b, a, now=NOW, up_to_id=first.message.id)
    conversation_id = first.message.conversation_id
    assert message_views.unread_counts(session=session, me=b.id, conversation_ids=[conversation_id]) == {conversation_id: 1}


def test_a_message_notifies_the_recipient_unless_they_are_viewing_the_thread(session, pair):
    a, b = pair
    sent = send(session, a, b, "Are you around?", viewing=False)
    send(session, a, b, "I see you are here", viewing=True)
    rows = session.exec(select(Notification)).all()
    assert len(rows) == 1
    note = rows[0]
    assert (note.user_id, note.kind, note.actor_id) == (b.id, "message", a.id)
    assert note.link == routes.thread_url(a.id)
    assert note.title == f"New message from {a_name(session, a)}" and note.body == "Are you around?"
    assert note.dedupe_key == f"dm:{sent.message.id}"


def a_name(session, user) -> str:
    return message_views.peers(session=session, ids=[user.id])[user.id].name


# --- Lists and pages -----------------------------------------------------------------------------------


def test_conversation_list_is_newest_first_with_preview_and_unread_counts(session):
    me, ada, grace, hedy = (person(session) for _ in range(4))
    for other in (ada, grace, hedy):
        collaborators(session, me, other)
    send(session, ada, me, "older from ada", now=NOW)
    send(session, me, grace, "newest, from me", now=NOW + dt.timedelta(minutes=5))
    send(session, ada, me, "second from ada", now=NOW + dt.timedelta(minutes=1))
    convs = message_views.list_conversations(session=session, user_id=me.id)
    assert [c.peer.id for c in convs] == [grace.id, ada.id, hedy.id]  # hedy: no messages yet, last
    assert convs[0].last.body == "newest, from me" and convs[0].unread == 0
    assert convs[1].last.body == "second from ada" and convs[1].unread == 2
    assert convs[2].last is None
    assert convs[1].peer.name == a_name(session, ada) and len(convs[1].peer.initials) == 2


def test_history_pages_go_back_in_time_without_gaps_or_repeats(session, pair):
    a, b = pair
    for i in range(65):
        send(session, a if i % 2 else b, b if i % 2 else a, f"m{i}", now=NOW + dt.timedelta(seconds=i))
    seen, before, pages = [], None, 0
    while True:
        page = message_views.thread_page(session=session, conversation_id=conversation(session, a, b), before_id=before, limit=30)
        seen = [m.body for m in page.messages] + seen
        pages += 1
        if not page.has_older:
            break
        before = page.messages[0].id
    assert pages == 3 and seen == [f"m{i}" for i in range(65)]


def test_thread_since_returns_only_what_a_tab_missed(session, pair):
    a, b = pair
    first = send(session, a, b, "seen already")
    send(session, b, a, "missed 1")
    send(session, b, a, "missed 2")
    missed = message_views.thread_since(session=session, conversation_id=first.message.conversation_id, after_id=first.message.id)
    assert [m.body for m in missed] == ["missed 1", "missed 2"]
