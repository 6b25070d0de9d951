"""Editing, deleting and searching from the thread page, as browser tabs would: the other member's open thread
follows by the "changed" push; the other person's message cannot be changed from a signed-in tab."""

from __future__ import annotations

import time

import pytest
from dm_support import collaborators, person, send
from factories import login_token

from engnest.accounts.state.auth import AuthState
from engnest.messaging.pages.composer_state import ComposerState
from engnest.messaging.pages.edit_state import EditState, SearchState
from engnest.messaging.pages.list_state import ConversationsState
from engnest.messaging.pages.thread_state import ThreadState
from engnest.messaging.services import messages
from engnest.messaging.state.unread import UnreadState
from engnest.platform import realtime
from engnest.platform.settings import reset_settings_cache
from state.harness import Tab, assert_signed_in, redirect_target

ON_LOAD = [(AuthState, "require_login"), (ConversationsState, "load"), (ThreadState, "load"), (ComposerState, "clear")]


@pytest.fixture(autouse=True)
def fresh_realtime(monkeypatch):
    monkeypatch.setattr(realtime, "_fallback_directory", None)
    monkeypatch.setenv("DM_RATE_LIMIT", "10000/minute")
    reset_settings_cache()
    yield
    monkeypatch.delenv("DM_RATE_LIMIT")
    reset_settings_cache()


async def open_thread(session, user, peer_id) -> Tab:
    tab = Tab(token=login_token(session, user), path=f"/messages/{peer_id}")
    await realtime.directory().touch(user.id, "tab-token", time.time())
    for state_cls, handler in ON_LOAD:
        await tab.call(state_cls, handler)
    return tab


async def deliver(tab: Tab, recorder, user_id: int) -> None:
    """Hand the tab every "changed" push addressed to its user, as the realtime layer does."""
    for p in recorder.pushes:
        if p.topic == messages.TOPIC and p.payload.get("kind") == "changed" and user_id in p.user_ids:
            await tab.state(UnreadState)._on_dm(messages.TOPIC, p.payload)


def line(tab: Tab, message_id: int):
    return next(m for m in tab.state(ThreadState).messages if m.id == message_id)


async def test_an_edit_and_a_delete_show_live_in_the_other_members_thread(sqlite_session, recorder):
    ada, bob = person(sqlite_session), person(sqlite_session)
    collaborators(sqlite_session, ada, bob)
    first = send(sqlite_session, ada, bob, "Meet at 10?").message
    second = send(sqlite_session, ada, bob, "wrong chat").message
    ada_tab, bob_tab = await open_thread(sqlite_session, ada, bob.id), await open_thread(sqlite_session, bob, ada.id)
    assert line(ada_tab, first.id).changeable and not line(bob_tab, first.id).changeable

    await ada_tab.call(EditState, "start", first.id)
    assert ada_tab.state(EditState).editing_id == first.id
    await ada_tab.call(EditState, "save", {"message_id": str(first.id), "body": "Meet at **11**?"})
    await ada_tab.call(EditState, "ask_delete", second.id)
    assert ada_tab.state(EditState).confirm_id == second.id
    await ada_tab.call(EditState, "delete", second.id)
    assert ada_tab.state(EditState).editing_id == ada_tab.state(EditState).confirm_id == 0 and ada_tab.state(EditState).error == ""
    assert line(ada_tab, first.id).edited and line(ada_tab, second.id).deleted  # this tab at once
    await deliver(bob_tab, recorder, bob.id)
    mine = line(bob_tab, first.id)
    assert mine.edited and [(p.kind, p.text) for p in mine.parts] == [("text", "Meet at "), ("bold", "11"), ("text", "?")]
    gone = line(bob_tab, second.id)
    assert gone.deleted and gone.parts == [] and not gone.edited
    # The conversation list's preview of the last message follows too (in both tabs).
    assert bob_tab.state(ConversationsState).items[0].preview == "Message deleted"
    await deliver(ada_tab, recorder, ada.id)
    assert ada_tab.state(ConversationsState).items[0].preview == "You: Message deleted"


async def test_a_signed_in_member_cannot_edit_or_delete_the_other_persons_message(sqlite_session, recorder):
    ada, mallory = person(sqlite_session), person(sqlite_session)
    collaborators(sqlite_session, ada, mallory)
    adas = send(sqlite_session, ada, mallory, "Ada's words").message
    own = send(sqlite_session, mallory, ada, "Mallory's words").message
    tab = await open_thread(sqlite_session, mallory, ada.id)
    await assert_signed_in(tab, mallory)
    await tab.call(EditState, "save", {"message_id": str(own.id), "body": "Mallory's words, fixed"})
    assert line(tab, own.id).edited  # allowed on her own message

    recorder.pushes.clear()
    await tab.call(EditState, "save", {"message_id": str(adas.id), "body": "pwned"})
    assert tab.state(EditState).error == "You can only change your own messages."
    await tab.call(EditState, "delete", adas.id)
    assert tab.state(EditState).error_id == adas.id
    assert [p for p in recorder.pushes if p.payload.get("kind") == "changed"] == []
    assert line(tab, adas.id).parts[0].text == "Ada's words" and not line(tab, adas.id).deleted


async def test_signed_out_tabs_are_sent_to_sign_in(sqlite_session):
    tab = Tab(path="/messages/1")
    for cls, handler, arg in ((EditState, "save", {"message_id": "1", "body": "x"}), (EditState, "delete", 1), (SearchState, "search", {"query": "x"})):
        assert redirect_target(await tab.call(cls, handler, arg)).startswith("/signin")


async def test_search_pages_through_matches_in_the_open_conversation(sqlite_session):
    ada, bob = person(sqlite_session), person(sqlite_session)
    collaborators(sqlite_session, ada, bob)
    for i in range(23):
        send(sqlite_session, ada, bob, f"bridge note {i} <script>alert(1)</script>")
    send(sqlite_session, bob, ada, "unrelated")
    tab = await open_thread(sqlite_session, bob, ada.id)
    await tab.call(SearchState, "search", {"query": "Bridge"})
    state = tab.state(SearchState)
    assert len(state.hits) == 20 and state.has_more and state.hits[0].text.startswith("bridge note 22")
    await tab.call(SearchState, "more")
    assert len(state.hits) == 23 and not state.has_more and state.hits[-1].text.startswith("bridge note 0 ")
    await tab.call(SearchState, "search", {"query": " "})
    assert state.error == "Type something to search for."
