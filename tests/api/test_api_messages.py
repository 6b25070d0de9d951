"""Messages and notifications through the API: only collaborators talk, a token of X never reads or changes Y's
data, sends are idempotent per Idempotency-Key (also under parallel retries)."""

import threading

from api_support import API, api_client, bearer, error_of
from dm_support import collaborators, count, key, person, send
from factories import NOW

from engnest.messaging.services import message_edits
from engnest.notifications.models import Notification


def test_a_token_never_reads_or_writes_a_conversation_its_owner_is_not_in(session):
    a, b, eve, eves_partner = person(session), person(session), person(session), person(session)
    collaborators(session, a, b)
    collaborators(session, eve, eves_partner)
    send(session, a, b, "The tolerance is 0.2 mm")
    session.commit()
    headers = bearer(session, eve)
    client = api_client()
    # Eve is signed in with a valid token and talks with her own collaborator.
    mine = client.post(f"{API}/conversations/{eves_partner.id}/messages", json={"body": "Hi"}, headers={**headers, "Idempotency-Key": key()})
    assert mine.status_code == 201 and mine.json()["created"] is True
    assert [m["body"] for m in client.get(f"{API}/conversations/{eves_partner.id}/messages", headers=headers).json()["items"]] == ["Hi"]
    assert [c["peer_id"] for c in client.get(f"{API}/conversations", headers=headers).json()["items"]] == [eves_partner.id]
    before = count(session)
    for target in (a, b):
        read = client.get(f"{API}/conversations/{target.id}/messages", headers=headers)
        assert read.status_code == 403 and error_of(read)["code"] == "forbidden" and "0.2 mm" not in read.text
        sent = client.post(f"{API}/conversations/{target.id}/messages", json={"body": "spam"}, headers={**headers, "Idempotency-Key": key()})
        assert sent.status_code == 403
        assert client.post(f"{API}/conversations/{target.id}/read", headers=headers).status_code == 403
    assert count(session) == before
    assert client.get(f"{API}/conversations/{eve.id}/messages", headers=headers).status_code == 403  # oneself


def test_a_retried_send_stores_one_message_even_when_the_retries_race(sqlite_session):
    a, b = person(sqlite_session), person(sqlite_session)
    collaborators(sqlite_session, a, b)
    headers = {**bearer(sqlite_session, a), "Idempotency-Key": key()}
    client = api_client()
    results: list = []
    barrier = threading.Barrier(6)

    def post() -> None:
        barrier.wait()
        results.append(client.post(f"{API}/conversations/{b.id}/messages", json={"body": "Once only"}, headers=headers))

    threads = [threading.Thread(target=post) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(r.status_code for r in results) == [200] * 5 + [201]
    assert len({r.json()["id"] for r in results}) == 1 and count(sqlite_session) == 1
    assert count(sqlite_session, Notification) == 1  # b is notified once
    missing = client.post(f"{API}/conversations/{b.id}/messages", json={"body": "x"}, headers={"Authorization": headers["Authorization"]})
    assert missing.status_code == 422 and "idempotency-key" in {f.lower() for f in error_of(missing)["fields"]}


def test_threads_page_backwards_with_a_cursor_and_reading_marks_them_read(sqlite_session):
    a, b = person(sqlite_session), person(sqlite_session)
    collaborators(sqlite_session, a, b)
    for i in range(35):  # both ways: each stays under the DM rate limit
        send(sqlite_session, *((b, a) if i % 2 else (a, b)), f"m{i}")
    sqlite_session.commit()
    headers = bearer(sqlite_session, a)
    client = api_client()
    newest = client.get(f"{API}/conversations/{b.id}/messages", headers=headers).json()
    older = client.get(f"{API}/conversations/{b.id}/messages", params={"cursor": newest["next_cursor"]}, headers=headers).json()
    assert [m["body"] for m in older["items"] + newest["items"]] == [f"m{i}" for i in range(35)] and older["next_cursor"] is None
    [conversation] = client.get(f"{API}/conversations", headers=headers).json()["items"]
    assert conversation["unread"] == 17 and conversation["last"]["body"] == "m34"
    assert client.post(f"{API}/conversations/{b.id}/read", headers=headers).json() == {"changed": 17}
    assert client.get(f"{API}/conversations", headers=headers).json()["items"][0]["unread"] == 0


def test_a_token_cannot_mark_someone_elses_notification_read(sqlite_session):
    a, b, eve, eves_partner = (person(sqlite_session) for _ in range(4))
    collaborators(sqlite_session, a, b)
    collaborators(sqlite_session, eve, eves_partner)
    send(sqlite_session, a, b)
    send(sqlite_session, eves_partner, eve)
    sqlite_session.commit()
    headers = bearer(sqlite_session, eve)
    client = api_client()
    [own] = client.get(f"{API}/notifications", headers=headers).json()["items"]
    assert client.post(f"{API}/notifications/{own['id']}/read", headers=headers).status_code == 200
    [victims] = client.get(f"{API}/notifications", headers=bearer(sqlite_session, b, "read")).json()["items"]
    refused = client.post(f"{API}/notifications/{victims['id']}/read", headers=headers)
    assert refused.status_code == 404 and error_of(refused)["code"] == "not_found"
    assert client.post(f"{API}/notifications/read", headers=headers).json() == {"changed": 0}
    assert client.get(f"{API}/notifications", headers=bearer(sqlite_session, b, "read")).json()["unread"] == 1


def test_sending_past_the_dm_rate_limit_answers_429_with_retry_after(sqlite_session, monkeypatch):
    from engnest.platform.settings import reset_settings_cache

    monkeypatch.setenv("DM_RATE_LIMIT", "2/minute")
    reset_settings_cache()
    a, b = person(sqlite_session), person(sqlite_session)
    collaborators(sqlite_session, a, b)
    headers = bearer(sqlite_session, a)
    client = api_client()
    codes = [client.post(f"{API}/conversations/{b.id}/messages", json={"body": f"m{i}"}, headers={**headers, "Idempotency-Key": key()})
             for i in range(3)]
    assert [r.status_code for r in codes] == [201, 201, 429]
    assert error_of(codes[2])["code"] == "rate_limited" and 30 <= int(codes[2].headers["Retry-After"]) <= 60
    assert count(sqlite_session) == 2
    monkeypatch.delenv("DM_RATE_LIMIT")
    reset_settings_cache()


def test_edited_and_deleted_messages_say_so(sqlite_session):
    a, b = person(sqlite_session), person(sqlite_session)
    collaborators(sqlite_session, a, b)
    first, second = send(sqlite_session, a, b, "Draft").message, send(sqlite_session, a, b, "Oops").message
    message_edits.edit_message(session=sqlite_session, editor_id=a.id, message_id=first.id, body="Final", now=NOW)
    message_edits.delete_message(session=sqlite_session, editor_id=a.id, message_id=second.id, now=NOW)
    sqlite_session.commit()
    items = api_client().get(f"{API}/conversations/{a.id}/messages", headers=bearer(sqlite_session, b)).json()["items"]
    by_id = {m["id"]: m for m in items}
    assert (by_id[first.id]["body"], by_id[first.id]["deleted_at"]) == ("Final", None) and by_id[first.id]["edited_at"]
    assert by_id[second.id]["body"] == "" and by_id[second.id]["deleted_at"]
