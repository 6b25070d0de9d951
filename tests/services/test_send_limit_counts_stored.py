"""Only stored messages count against the sending limit (issue 16 item 6): after a send that failed to store
(a full disk, a crash after the insert) the user is not told "You are sending messages too quickly" although
nothing was sent. With the limits in memory and in Redis."""

from __future__ import annotations

import uuid

import pytest
from dm_support import collaborators, key, person
from factories import NOW

from engnest.messaging.services import messages
from engnest.platform import db, throttle
from engnest.platform.settings import reset_settings_cache


class DiskFull(RuntimeError):
    """Stands in for `database or disk is full` after the insert."""


@pytest.fixture(params=["memory", "redis"])
def two_per_minute(request, monkeypatch):
    monkeypatch.setenv("DM_RATE_LIMIT", "2/minute")
    if request.param == "redis":
        monkeypatch.setenv("REDIS_URL", request.getfixturevalue("redis_url"))
        monkeypatch.setenv("REDIS_PREFIX", f"test-dm-limit-{uuid.uuid4().hex[:8]}")
    reset_settings_cache()
    throttle.reset_all()
    yield
    throttle.reset_all()
    monkeypatch.undo()
    reset_settings_cache()


def send(sender, recipient, body: str):
    with db.unit_of_work() as work:  # opening the conversation is its own unit of work, as the thread page does
        conversation_id = messages.open_direct(session=work, me=sender.id, peer=recipient.id, now=NOW)
    with db.unit_of_work() as work:
        return messages.send_message(
            session=work, sender_id=sender.id, conversation_id=conversation_id, body=body, client_key=key(), now=NOW
        )


def test_sends_that_failed_to_store_do_not_use_up_the_limit(sqlite_session, two_per_minute, monkeypatch):
    a, b = person(sqlite_session), person(sqlite_session)
    collaborators(sqlite_session, a, b)

    def disk_full(**_kw):
        raise DiskFull

    with monkeypatch.context() as broken:
        broken.setattr(messages, "do_notify", disk_full)
        for _ in range(3):
            with pytest.raises(DiskFull):
                send(a, b, "lost")
    assert send(a, b, "first").created and send(a, b, "second").created  # the two the limit allows
    with pytest.raises(Exception, match="too quickly"):
        send(a, b, "third")
