"""Sending a file from the thread page, as a browser tab's upload would call the handler (issue 18): the caller
and the conversation are re-checked, the file arrives in both people's threads with a members-only URL, and a
refused file leaves a clear message and nothing stored."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa
from attachment_support import PDF, png
from dm_support import collaborators, person
from factories import login_token
from sqlmodel import select

from engnest.accounts.state.auth import AuthState
from engnest.messaging.models import MessageAttachment
from engnest.messaging.pages.attachment_state import AttachmentState
from engnest.messaging.pages.composer_state import ComposerState
from engnest.messaging.pages.list_state import ConversationsState
from engnest.messaging.pages.thread_state import ThreadState
from engnest.messaging.services import message_views
from engnest.platform import realtime
from engnest.platform.settings import reset_settings_cache
from state.harness import Tab, assert_signed_in, redirect_target


class Upload:
    """What Reflex hands the handler for one chosen file."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name, self._data = name, data

    async def read(self, size: int = -1) -> bytes:
        return self._data if size < 0 else self._data[:size]


@pytest.fixture(autouse=True)
def setup(monkeypatch, tmp_path):
    monkeypatch.setattr(realtime, "_fallback_directory", None)
    monkeypatch.setenv("ENGNEST_DATA_DIR", str(tmp_path / "data"))
    reset_settings_cache()
    yield
    monkeypatch.undo()
    reset_settings_cache()


async def open_thread(session, user, peer_id) -> Tab:
    tab = Tab(token=login_token(session, user), path=f"/messages/{peer_id}")
    await realtime.directory().touch(user.id, "tab-token", time.time())
    for state_cls, handler in [(AuthState, "require_login"), (ConversationsState, "load"), (ThreadState, "load"), (ComposerState, "clear"), (AttachmentState, "clear")]:
        await tab.call(state_cls, handler)
    return tab


def stored(session) -> int:
    session.rollback()
    return session.exec(select(sa.func.count()).select_from(MessageAttachment)).one()


async def test_a_file_sent_from_the_page_shows_in_the_thread_with_a_members_only_link(sqlite_session):
    ada, bob = person(sqlite_session), person(sqlite_session)
    collaborators(sqlite_session, ada, bob)
    tab = await open_thread(sqlite_session, ada, bob.id)
    await assert_signed_in(tab, ada)
    await tab.call(AttachmentState, "upload", [Upload("site photo.png", png())])
    await tab.call(AttachmentState, "upload", [Upload("spec.pdf", PDF)])
    assert tab.state(AttachmentState).error == ""
    lines = tab.state(ThreadState).messages
    assert [(line.file_kind, line.file_name, line.parts) for line in lines] == [("image", "site photo.webp", []), ("file", "spec.pdf", [])]
    assert lines[0].file_url.startswith("/media/attachment/") and lines[1].file_size == f"{len(PDF)} bytes"
    bobs = await open_thread(sqlite_session, bob, ada.id)
    assert [line.file_url for line in bobs.state(ThreadState).messages] == [line.file_url for line in lines]


async def test_a_refused_file_says_why_and_stores_nothing(sqlite_session):
    ada, bob = person(sqlite_session), person(sqlite_session)
    collaborators(sqlite_session, ada, bob)
    tab = await open_thread(sqlite_session, ada, bob.id)
    await tab.call(AttachmentState, "upload", [Upload("notes.txt", b"just text")])
    assert tab.state(AttachmentState).error.startswith("That file cannot be sent: use PNG, JPEG, WebP or GIF images and PDF files")
    await tab.call(AttachmentState, "upload", [])
    assert tab.state(AttachmentState).error == "Choose a file first."
    assert stored(sqlite_session) == 0 and tab.state(ThreadState).messages == []


async def test_a_stranger_or_a_signed_out_tab_cannot_send_a_file(sqlite_session):
    ada, bob, eve = person(sqlite_session), person(sqlite_session), person(sqlite_session)
    collaborators(sqlite_session, ada, bob)
    collaborators(sqlite_session, eve, bob)
    own = await open_thread(sqlite_session, eve, bob.id)  # eve may send files to her own collaborator
    await own.call(AttachmentState, "upload", [Upload("ok.pdf", PDF)])
    assert own.state(AttachmentState).error == "" and stored(sqlite_session) == 1
    tab = await open_thread(sqlite_session, eve, ada.id)
    await tab.call(AttachmentState, "upload", [Upload("x.pdf", PDF)])
    assert tab.state(AttachmentState).error == message_views.NOT_COLLABORATORS and stored(sqlite_session) == 1
    anonymous = Tab(path=f"/messages/{bob.id}")
    assert redirect_target(await anonymous.call(AttachmentState, "upload", [Upload("x.pdf", PDF)])).startswith("/signin")
    assert stored(sqlite_session) == 1
