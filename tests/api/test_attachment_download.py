"""`/media/attachment/<id>/<name>` (issue 18): a file sent in a conversation is served to its members only, with
headers that keep a browser from running anything in it. The attacker is a signed-in stranger who can fetch
their own attachments through the same endpoint."""

from __future__ import annotations

import warnings

import pytest
from attachment_support import PDF, png
from dm_support import collaborators, conversation, key, person
from factories import NOW, login_token

from engnest.accounts.state.session import COOKIE_NAME
from engnest.messaging.services import attachments
from engnest.platform import routes
from engnest.platform.http import http_app
from engnest.platform.settings import reset_settings_cache

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient


@pytest.fixture(autouse=True)
def own_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("ENGNEST_DATA_DIR", str(tmp_path / "data"))
    reset_settings_cache()
    yield
    monkeypatch.undo()
    reset_settings_cache()


def sent(session, sender, conversation_id, data, name):
    row = attachments.send_attachment(
        session=session, sender_id=sender.id, conversation_id=conversation_id, file_name=name, data=data, caption="",
        client_key=key(), now=NOW,
    ).message
    session.commit()
    return routes.attachment_url(row.attachment_id, row.attachment_name)


def get(session, url, user=None):
    import engnest.features

    engnest.features.load_web()
    client = TestClient(http_app(), base_url="http://testserver", raise_server_exceptions=False)
    cookies = {COOKIE_NAME: login_token(session, user)} if user is not None else {}
    return client.get(url, cookies=cookies)


@pytest.fixture
def scene(session):
    a, b, eve, eves_friend = (person(session) for _ in range(4))
    collaborators(session, a, b)
    collaborators(session, eve, eves_friend)
    ours = conversation(session, a, b)
    return a, b, eve, sent(session, eve, conversation(session, eve, eves_friend), png(), "mine.png"), ours


def test_a_signed_in_stranger_who_can_fetch_their_own_files_cannot_fetch_ours(session, scene):
    a, b, eve, eves_own, ours = scene
    pdf_url, image_url = sent(session, a, ours, PDF, "plan.pdf"), sent(session, a, ours, png(), "photo.png")
    assert get(session, eves_own, eve).status_code == 200  # the endpoint works for her, on her own file
    for url in (pdf_url, image_url):
        assert get(session, url, b).status_code == 200
        refused = get(session, url, eve)
        assert (refused.status_code, refused.content) == (404, b"Not found")
        assert get(session, url).status_code == 404  # nobody signed in
    missing = get(session, routes.attachment_url(99999, "x.pdf"), eve)
    assert (missing.status_code, missing.content) == (404, b"Not found")  # the same answer: ids cannot be probed
    for junk in ("99999999999999999999", "-1", "abc"):
        assert get(session, f"{routes.ATTACHMENT}/{junk}/x", b).status_code == 404


def test_files_are_served_with_their_checked_type_and_headers_that_keep_them_inert(session, scene):
    a, b, _, _, ours = scene
    pdf = get(session, sent(session, a, ours, PDF, "Plan «v2».pdf"), b)
    assert pdf.content == PDF and pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith('attachment; filename="Plan _v2_.pdf"')
    assert "filename*=UTF-8''Plan%20%C2%ABv2%C2%BB.pdf" in pdf.headers["content-disposition"]
    image = get(session, sent(session, a, ours, png(), "photo.png"), b)
    assert image.headers["content-type"] == "image/webp" and image.content[8:12] == b"WEBP"
    assert image.headers["content-disposition"].startswith("inline;")
    assert image.headers["content-security-policy"].startswith("default-src 'none';") and "sandbox" in image.headers["content-security-policy"]
    assert pdf.headers["content-security-policy"] == "default-src 'none'"
    for response in (pdf, image):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["cache-control"] == "private, no-store"
