"""Editing, deleting and searching messages (issue 18) on SQLite and PostgreSQL: the sender only, within the
window (the clock is pinned: `now` is passed in), idempotent, pushed to both members after the commit."""

from __future__ import annotations

import datetime as dt

import pytest
from dm_support import block, collaborators, conversation, count, person, send
from factories import NOW

from engnest.messaging.domain.messages import EDIT_WINDOW, NOT_YOURS, TOO_LATE
from engnest.messaging.services import message_edits, message_views
from engnest.notifications.models import Notification
from engnest.platform import events
from engnest.platform.domain.errors import ValidationFailed


def _changed(recorder) -> list[events.Push]:
    return [p for p in recorder.pushes if p.topic == "dm" and p.payload.get("kind") == "changed"]


def _edit(session, who, message_id, body, now):
    row = message_edits.edit_message(session=session, editor_id=who.id, message_id=message_id, body=body, now=now)
    session.commit()
    return row


def _delete(session, who, message_id, now):
    row = message_edits.delete_message(session=session, editor_id=who.id, message_id=message_id, now=now)
    session.commit()
    return row


def test_the_sender_edits_within_the_window_and_both_members_are_told_once(session, pair, recorder):
    a, b = pair
    sent = send(session, a, b, "Meet at 10?").message
    recorder.pushes.clear()
    later = NOW + EDIT_WINDOW - dt.timedelta(seconds=1)
    row = _edit(session, a, sent.id, "Meet at 11?", later)
    assert (row.body, row.edited_at, row.deleted_at) == ("Meet at 11?", later, None)
    assert [set(p.user_ids) for p in _changed(recorder)] == [{a.id, b.id}]
    assert _changed(recorder)[0].payload == {"kind": "changed", "id": sent.id, "conversation": sent.conversation_id}
    # The same text again (a double click, a retry) writes and pushes nothing.
    again = _edit(session, a, sent.id, "Meet at 11?", later)
    assert again.edited_at == later and len(_changed(recorder)) == 1
    seen_by_b = message_views.check_thread_page(session=session, me=b.id, conversation_id=sent.conversation_id).messages
    assert [(m.body, m.edited_at) for m in seen_by_b] == [("Meet at 11?", later)]


def test_after_the_window_the_message_can_be_neither_edited_nor_deleted(session, pair, recorder):
    a, b = pair
    sent = send(session, a, b, "Too late to change").message
    recorder.pushes.clear()
    for change in (lambda: _edit(session, a, sent.id, "Changed", NOW + EDIT_WINDOW), lambda: _delete(session, a, sent.id, NOW + EDIT_WINDOW)):
        with pytest.raises(ValidationFailed) as exc:
            change()
        assert exc.value.first() == TOO_LATE
    assert _changed(recorder) == []
    row = message_views.thread_page(session=session, conversation_id=sent.conversation_id).messages[0]
    assert (row.body, row.edited_at, row.deleted_at) == ("Too late to change", None, None)


def test_delete_empties_the_body_keeps_the_row_and_is_idempotent(session, pair, recorder):
    a, b = pair
    sent = send(session, a, b, "Oops, wrong person").message
    recorder.pushes.clear()
    when = NOW + dt.timedelta(minutes=2)
    assert count(session, Notification) == 1  # b's "new message" notification quotes the text
    row = _delete(session, a, sent.id, when)
    assert (row.body, row.deleted_at) == ("", when)
    assert count(session, Notification) == 0
    # Deleting again (a retry after a dropped connection), even after the window, changes and pushes nothing.
    assert _delete(session, a, sent.id, NOW + dt.timedelta(hours=1)).deleted_at == when
    assert len(_changed(recorder)) == 1
    with pytest.raises(ValidationFailed):  # a deleted message cannot be brought back by an edit
        _edit(session, a, sent.id, "Back again", when)
    page = message_views.check_thread_page(session=session, me=b.id, conversation_id=sent.conversation_id)
    assert [(m.id, m.body) for m in page.messages] == [(sent.id, "")]


def test_a_member_cannot_edit_or_delete_the_other_persons_message(session, pair, recorder):
    a, b = pair
    theirs = send(session, a, b, "Mine, not yours").message
    own = send(session, b, a, "My own words").message
    # The attacker is a member and may change their own message...
    assert _edit(session, b, own.id, "My own words, edited", NOW).body == "My own words, edited"
    recorder.pushes.clear()
    # ...but not the other person's, however the id is sent.
    for attempt in (lambda: _edit(session, b, theirs.id, "Hacked", NOW), lambda: _delete(session, b, theirs.id, NOW)):
        with pytest.raises(ValidationFailed) as exc:
            attempt()
        assert exc.value.first() == NOT_YOURS
    assert _changed(recorder) == []
    assert message_views.thread_page(session=session, conversation_id=theirs.conversation_id).messages[0].body == "Mine, not yours"


def test_outsiders_and_blocked_senders_are_refused_and_ids_cannot_be_probed(session, pair):
    a, b = pair
    c = person(session)
    collaborators(session, a, c)
    sent = send(session, a, b, "Between a and b").message
    for message_id in (sent.id, sent.id + 1000, "1", True, None):
        with pytest.raises(ValidationFailed) as exc:
            _edit(session, c, message_id, "Hi", NOW)
        assert exc.value.first() == message_views.NOT_MEMBER
    block(session, b, a)
    with pytest.raises(ValidationFailed) as exc:
        _edit(session, a, sent.id, "Sorry", NOW)
    assert exc.value.first() == message_views.BLOCKED


def test_an_edit_is_checked_like_a_new_message(session, pair):
    a, b = pair
    sent = send(session, a, b, "Hello").message
    with pytest.raises(ValidationFailed) as exc:
        _edit(session, a, sent.id, "   ", NOW)
    assert "body" in exc.value.errors


def test_search_finds_matches_newest_first_in_pages_for_members_only(session, pair):
    a, b = pair
    c = person(session)
    collaborators(session, a, c)
    for i in range(5):
        send(session, a if i % 2 else b, a if i % 2 == 0 else b, f"Library plan {i}", now=NOW + dt.timedelta(minutes=i))
    send(session, a, b, "Something else 100%_ done")
    deleted = send(session, a, b, "Library secret").message
    _delete(session, a, deleted.id, NOW)
    send(session, a, c, "Library in another conversation")
    conversation_id = conversation(session, a, b)

    first = message_edits.search_messages(session=session, me=b.id, conversation_id=conversation_id, query="  LIBRARY ", limit=3)
    assert [m.body for m in first.rows] == ["Library plan 4", "Library plan 3", "Library plan 2"] and first.has_more
    rest = message_edits.search_messages(session=session, me=b.id, conversation_id=conversation_id, query="library", before_id=first.rows[-1].id, limit=3)
    assert [m.body for m in rest.rows] == ["Library plan 1", "Library plan 0"] and not rest.has_more
    # LIKE wildcards in the query are literal.
    assert [m.body for m in message_edits.search_messages(session=session, me=a.id, conversation_id=conversation_id, query="0%_").rows] == [
        "Something else 100%_ done"
    ]
    assert message_edits.search_messages(session=session, me=a.id, conversation_id=conversation_id, query="x%y").rows == []
    with pytest.raises(ValidationFailed) as exc:
        message_edits.search_messages(session=session, me=c.id, conversation_id=conversation_id, query="library")
    assert exc.value.first() == message_views.NOT_MEMBER
    with pytest.raises(ValidationFailed) as exc:
        message_edits.search_messages(session=session, me=a.id, conversation_id=conversation_id, query="   ")
    assert "query" in exc.value.errors
