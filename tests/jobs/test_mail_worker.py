"""With MAIL_DELIVERY=worker, emails are built and sent by the mail worker, not by the process that queued them
(issue 16 item 3: 89 % of the scheduler's time went into building reminder emails after each job's commit)."""

from __future__ import annotations

import threading

import pytest
from factories import NOW, make_user

from engnest.notifications.services import notifications
from engnest.platform import db
from engnest.platform.mail import mail
from engnest.platform.mail.worker import MailWorker
from engnest.platform.settings import reset_settings_cache


@pytest.fixture
def worker_mode(monkeypatch):
    monkeypatch.setenv("MAIL_DELIVERY", "worker")
    monkeypatch.setenv("MAIL_WORKER_POLL_SECONDS", "30")  # long: the test proves the commit wakes it
    reset_settings_cache()
    yield
    monkeypatch.undo()
    reset_settings_cache()


def remind(user_id: int) -> None:
    with db.unit_of_work() as work:
        notifications.do_notify(session=work, user_id=user_id, kind="meeting_reminder", title="Reminder", dedupe_key=f"w:{user_id}", now=NOW)


def test_the_committing_process_sends_nothing_and_the_worker_sends_it_once(sqlite_session, smtp_sink, worker_mode, monkeypatch):
    inline: list[list[int]] = []
    monkeypatch.setattr(mail, "_start", inline.append)
    user = make_user(sqlite_session)
    sqlite_session.commit()
    worker = MailWorker()
    drained = threading.Event()
    real_drain = worker.drain

    def drain() -> int:
        sent = real_drain()
        if sent:
            drained.set()
        return sent

    monkeypatch.setattr(worker, "drain", drain)
    worker.start()
    try:
        remind(user.id)
        assert drained.wait(20), "the worker was not woken by the commit"
    finally:
        worker.stop()
    assert inline == []
    assert len(smtp_sink.to(user.email)) == 1 and worker.sent == 1
