"""Files in direct messages (issue 18): checked by content on the server, images re-encoded, stored outside the
web root under random names, removed with their message or conversation, and limited per person even when
the uploads arrive at once. SQLite and PostgreSQL."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from attachment_support import PDF, png
from dm_support import collaborators, conversation, key, person
from factories import NOW
from meeting_support import race
from PIL import Image
from sqlmodel import select

from engnest.accounts.services import accounts
from engnest.messaging.models import Message, MessageAttachment
from engnest.messaging.services import attachment_files, attachments, message_edits, message_views
from engnest.platform import throttle
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.settings import get_settings, reset_settings_cache

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]

@pytest.fixture(autouse=True)
def own_data_dir(tmp_path, monkeypatch):
    """Each test its own data directory (files are counted on disk), generous message limits."""
    monkeypatch.setenv("ENGNEST_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DM_RATE_LIMIT", "10000/minute")
    reset_settings_cache()
    yield tmp_path / "data"
    monkeypatch.undo()
    reset_settings_cache()


@pytest.fixture
def pair(session):
    a, b = person(session), person(session)
    collaborators(session, a, b)
    return a, b, conversation(session, a, b)


def send(session, sender, conversation_id, data, name="photo.png", caption=""):
    sent = attachments.send_attachment(
        session=session, sender_id=sender.id, conversation_id=conversation_id, file_name=name, data=data, caption=caption,
        client_key=key(), now=NOW,
    )
    session.commit()
    return sent


def files_on_disk() -> list[str]:
    return sorted(p.name for p in attachment_files.attachment_dir().iterdir())


def rows(session, model=MessageAttachment) -> int:
    session.rollback()
    return session.exec(select(sa.func.count()).select_from(model)).one()


def test_an_image_is_re_encoded_without_its_metadata_and_both_members_see_it_in_the_thread(session, pair):
    a, b, conversation_id = pair
    sent = send(session, a, conversation_id, png(exif=True), name="../../etc/holiday snap.jpg")
    row = sent.message
    assert (row.attachment_kind, row.attachment_name, row.body) == ("image", "holiday snap.webp", "holiday snap.webp")
    download = attachments.attachment_for(session=session, viewer_id=b.id, attachment_id=row.attachment_id)
    assert (download.content_type, download.kind) == ("image/webp", "image")
    stored = attachment_files.path_of(download.stored_name)
    assert stored is not None and stored.read_bytes()[8:12] == b"WEBP" and b"SecretCam" not in stored.read_bytes()
    with Image.open(stored) as img:
        assert img.size == (40, 30) and not img.getexif()
    for me in (a, b):
        page = message_views.check_thread_page(session=session, me=me.id, conversation_id=conversation_id)
        assert [(m.attachment_id, m.attachment_kind) for m in page.messages] == [(row.attachment_id, "image")]


def test_files_live_under_the_data_directory_never_under_the_web_root(session, pair, own_data_dir):
    a, _, conversation_id = pair
    send(session, a, conversation_id, PDF, name="spec.pdf")
    folder = attachment_files.attachment_dir().resolve()
    assert folder.is_relative_to(own_data_dir.resolve())
    for web_root in (ROOT / "assets", ROOT / ".web", ROOT / ".web" / "public"):
        assert not folder.is_relative_to(web_root.resolve())
    assert len(files_on_disk()) == 1 and files_on_disk()[0] not in ("spec.pdf",)  # a random name, not theirs


def test_a_pdf_is_kept_as_sent_and_offered_as_a_download_with_its_caption(session, pair):
    a, b, conversation_id = pair
    row = send(session, a, conversation_id, PDF, name="Gearbox spec v2.PDF", caption="  The spec  ").message
    assert (row.attachment_kind, row.attachment_name, row.body, row.attachment_size) == ("file", "Gearbox spec v2.pdf", "The spec", len(PDF))
    download = attachments.attachment_for(session=session, viewer_id=b.id, attachment_id=row.attachment_id)
    assert download.content_type == "application/pdf"
    assert attachment_files.path_of(download.stored_name).read_bytes() == PDF


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "a.png", "Choose a file first."),
        (b"<html><script>alert(1)</script></html>", "cute.png", "That file cannot be sent"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "logo.svg", "That file cannot be sent"),
        (b"MZ\x90\x00" + b"\x00" * 100, "invoice.pdf", "That file cannot be sent"),
        (png()[:40], "cut.png", "That file cannot be sent"),
    ],
)
def test_what_is_not_an_image_or_pdf_is_refused_by_its_content_and_nothing_is_stored(session, pair, data, name, message):
    a, _, conversation_id = pair
    with pytest.raises(ValidationFailed) as refused:
        send(session, a, conversation_id, data, name=name)
    session.rollback()
    assert refused.value.first().startswith(message)
    assert (rows(session), rows(session, Message), files_on_disk()) == (0, 0, [])


def test_a_file_over_the_size_limit_gets_a_clear_message_and_nothing_is_stored(session, pair, monkeypatch):
    monkeypatch.setenv("ATTACHMENT_MAX_BYTES", "1000")
    reset_settings_cache()
    a, _, conversation_id = pair
    with pytest.raises(ValidationFailed) as refused:
        send(session, a, conversation_id, PDF + b"x" * 2000, name="big.pdf")
    session.rollback()
    assert refused.value.errors == {"file": "That file is 2 KB; files can be at most 1000 bytes."}
    assert (rows(session), files_on_disk()) == (0, [])


def test_someone_outside_the_conversation_can_neither_send_into_it_nor_read_its_files(session, pair):
    a, b, conversation_id = pair
    eve, friend = person(session), person(session)
    collaborators(session, eve, friend)  # eve is signed up, allowed, and has files of her own
    own = send(session, eve, conversation(session, eve, friend), png()).message
    assert attachments.attachment_for(session=session, viewer_id=eve.id, attachment_id=own.attachment_id).kind == "image"
    theirs = send(session, a, conversation_id, PDF, name="secret.pdf").message
    with pytest.raises(ValidationFailed) as refused:
        attachments.attachment_for(session=session, viewer_id=eve.id, attachment_id=theirs.attachment_id)
    assert refused.value.first() == message_views.NOT_MEMBER
    with pytest.raises(ValidationFailed) as missing:
        attachments.attachment_for(session=session, viewer_id=eve.id, attachment_id=theirs.attachment_id + 1000)
    assert missing.value.first() == refused.value.first()  # ids cannot be probed
    with pytest.raises(ValidationFailed):
        send(session, eve, conversation_id, png())
    session.rollback()
    assert rows(session) == 2


def test_deleting_the_message_removes_its_file_after_the_commit(session, pair):
    a, b, conversation_id = pair
    row = send(session, a, conversation_id, PDF, name="draft.pdf").message
    name = attachments.attachment_for(session=session, viewer_id=a.id, attachment_id=row.attachment_id).stored_name
    message_edits.delete_message(session=session, editor_id=a.id, message_id=row.id, now=NOW)
    assert files_on_disk() == [name]  # not before the commit
    session.commit()
    assert (files_on_disk(), rows(session)) == ([], 0)
    with pytest.raises(ValidationFailed):
        attachments.attachment_for(session=session, viewer_id=b.id, attachment_id=row.attachment_id)


def test_a_deleted_account_takes_its_conversations_files_with_it(session, pair):
    a, b, conversation_id = pair
    send(session, a, conversation_id, PDF, name="one.pdf")
    send(session, b, conversation_id, png(), name="two.png")
    assert len(files_on_disk()) == 2
    accounts.do_delete_account(session=session, user=b)
    session.commit()
    assert (files_on_disk(), rows(session)) == ([], 0)


@pytest.mark.parametrize("store", ["memory", "redis"])
def test_parallel_uploads_store_exactly_the_limit_and_leave_no_stray_files(session, db_url, pair, store, monkeypatch, request):
    monkeypatch.setenv("ATTACHMENT_LIMIT", "5/hour")
    if store == "redis":
        monkeypatch.setenv("REDIS_URL", request.getfixturevalue("redis_url"))
        monkeypatch.setenv("REDIS_PREFIX", f"test-files-{uuid.uuid4().hex[:8]}")
    reset_settings_cache()
    throttle.reset_all()
    a, _, conversation_id = pair
    image = png(800, 600)

    def upload(s):
        return attachments.send_attachment(
            session=s, sender_id=a.id, conversation_id=conversation_id, file_name="p.png", data=image, caption="",
            client_key=key(), now=NOW,
        )

    try:
        results = race(db_url, [upload] * 12)
    finally:
        throttle.reset_all()
    stored = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, ValidationFailed)]
    assert len(stored) == 5 and len(refused) == 7, results
    assert all(r.first().startswith("You have sent many files lately. Wait") for r in refused)
    assert rows(session) == 5 and len(files_on_disk()) == 5
    assert get_settings().attachment_limit == "5/hour"
