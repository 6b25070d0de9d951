"""Notification emails against a real SMTP server (aiosmtpd): the acceptance email carries the meeting as
.ics, the reminder shows the time in the recipient's timezone, opting out is respected, a mail server that
is down only delays the email, and repeated or concurrent delivery runs never send one twice."""

from __future__ import annotations

import datetime as dt

import icalendar
import sqlalchemy as sa
from factories import NOW
from meeting_support import pair, race, request
from smtp_sink import SmtpSink
from support import free_port

from engnest.accounts.services import accounts
from engnest.meetings.models import Meeting
from engnest.meetings.services import meeting_actions, meeting_common
from engnest.notifications.models import Notification
from engnest.notifications.services import notifications
from engnest.platform.clock import utcnow
from engnest.platform.domain.timezones import to_local
from engnest.platform.mail import mail
from engnest.platform.mail.models import OutboundEmail
from engnest.platform.settings import reset_settings_cache


def emails(session, **where) -> list[OutboundEmail]:
    session.expire_all()
    stmt = sa.select(OutboundEmail)
    for key, value in where.items():
        stmt = stmt.where(getattr(OutboundEmail, key) == value)
    return [r[0] for r in session.execute(stmt).all()]


def accepted(session, a, b) -> Meeting:
    meeting = request(session, a, b)
    accepted = meeting_actions.accept(session=session, meeting_id=meeting.id, user_id=b.id, now=NOW)
    session.commit()  # the test is the outermost caller: the email is handed to delivery after its commit
    return accepted


def remind(session, meeting: Meeting, user_id: int) -> None:
    """A 24 h reminder, made the way the scheduler's job makes it (through meeting_common.notify)."""
    meeting_common.notify(
        session, meeting, to_user=user_id, actor_id=None, kind="meeting_reminder", title="Reminder: your meeting is tomorrow",
        body="You meet {where} on {when}.", dedupe=f"reminder24:{user_id}", now=NOW,
    )
    session.commit()


def attachment(msg):
    parts = [p for p in msg.iter_attachments()]
    assert len(parts) == 1
    return parts[0]


def test_acceptance_emails_the_requester_with_the_meeting_as_ics(session, smtp_sink):
    a, b = pair(session)  # a (the requester) lives in Tokyo
    meeting = accepted(session, a, b)
    mail.wait_idle()
    (msg,) = smtp_sink.to(a.email)
    assert smtp_sink.to(b.email) == []  # b accepted: nothing to tell them
    assert "Ben Hughes accepted your meeting" in msg["Subject"]
    local = to_local(meeting.start_at, "Asia/Tokyo")
    assert f"{local:%H:%M}" in msg.get_body().get_content() and "Asia/Tokyo" in msg.get_body().get_content()
    part = attachment(msg)
    assert part.get_content_type() == "text/calendar" and part.get_filename().endswith(".ics")
    cal = icalendar.Calendar.from_ical(part.get_content())
    (event,) = cal.walk("VEVENT")
    assert str(event["uid"]) == f"meeting-{meeting.id}@engnest"
    assert event.decoded("dtstart") == meeting.start_at.astimezone(dt.timezone.utc)
    assert str(event["status"]) == "CONFIRMED"
    (row,) = emails(session)
    assert (row.status, row.attempts) == ("sent", 1)


def test_the_reminder_email_shows_the_time_in_the_recipients_timezone(session, smtp_sink):
    a, b = pair(session)  # b lives in London
    meeting = accepted(session, a, b)
    remind(session, meeting, b.id)
    mail.wait_idle()
    (msg,) = smtp_sink.to(b.email)
    text = msg.get_body().get_content()
    london = to_local(meeting.start_at, "Europe/London")
    assert f"{london:%H:%M}" in text and "Europe/London" in text
    assert list(msg.iter_attachments()) == []
    assert f"/meetings/{meeting.id}" in text


def test_only_acceptances_and_reminders_are_emailed(session, smtp_sink):
    a, b = pair(session)
    meeting = request(session, a, b)
    meeting_actions.decline(session=session, meeting_id=meeting.id, user_id=b.id, now=NOW)
    session.commit()
    mail.wait_idle()
    assert emails(session) == [] and smtp_sink.received == []


def test_a_user_who_opted_out_gets_no_email(session, smtp_sink):
    a, b = pair(session)
    accounts.do_set_email_notifications(session=session, user_id=a.id, enabled=False)
    accepted(session, a, b)
    mail.wait_idle()
    assert emails(session) == [] and smtp_sink.received == []
    assert session.execute(sa.select(sa.func.count()).select_from(Notification).where(Notification.user_id == a.id)).scalar_one() == 1  # still told in the app


def test_opting_out_stops_mail_that_was_already_queued(session, smtp_sink):
    a, b = pair(session)
    smtp_sink.stop()  # the first delivery fails, so the email waits in the queue
    accepted(session, a, b)
    mail.wait_idle()
    accounts.do_set_email_notifications(session=session, user_id=a.id, enabled=False)
    session.commit()
    smtp_sink.start()
    assert mail.do_deliver_pending(session=session, now=utcnow() + dt.timedelta(hours=1)) == 0
    (row,) = emails(session)
    assert row.status == "skipped" and smtp_sink.received == []


def test_mail_server_down_keeps_the_email_queued_until_a_retry_delivers_it_once(session, monkeypatch):
    port = free_port()  # nothing listens here yet
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(port))
    reset_settings_cache()
    a, b = pair(session)
    accepted(session, a, b)
    mail.wait_idle()
    (row,) = emails(session)
    assert (row.status, row.attempts) == ("pending", 1) and "Error" in row.last_error
    assert mail.do_deliver_pending(session=session, now=utcnow()) == 0  # not due yet: no hammering
    sink = SmtpSink(port).start()
    try:
        later = utcnow() + dt.timedelta(minutes=5)
        assert mail.do_deliver_pending(session=session, now=later) == 1
        assert mail.do_deliver_pending(session=session, now=later + dt.timedelta(hours=1)) == 0
        assert len(sink.to(a.email)) == 1
        (row,) = emails(session)
        assert (row.status, row.attempts) == ("sent", 2)
    finally:
        sink.stop()
        monkeypatch.delenv("SMTP_HOST")
        reset_settings_cache()


def test_concurrent_delivery_runs_send_each_email_once(session, smtp_sink, db_url):
    a, b = pair(session)
    smtp_sink.stop()
    meeting = accepted(session, a, b)
    remind(session, meeting, a.id)
    remind(session, meeting, b.id)
    mail.wait_idle()
    assert {r.status for r in emails(session)} == {"pending"} and len(emails(session)) == 3
    smtp_sink.start()
    later = utcnow() + dt.timedelta(minutes=5)
    results = race(db_url, [lambda s: mail.do_deliver_pending(session=s, now=later) for _ in range(3)])
    assert sum(results) == 3, results
    assert len(smtp_sink.to(a.email)) == 2 and len(smtp_sink.to(b.email)) == 1
    assert mail.do_deliver_pending(session=session, now=later + dt.timedelta(days=1)) == 0


def test_a_repeated_notification_queues_no_second_email(session, smtp_sink):
    a, b = pair(session)
    meeting = accepted(session, a, b)
    remind(session, meeting, b.id)
    remind(session, meeting, b.id)  # the job ran twice
    notifications.do_notify(
        session=session, user_id=b.id, kind="meeting_reminder", title="again", now=NOW, dedupe_key=f"meeting:{meeting.id}:reminder24:{b.id}"
    )
    session.commit()
    mail.wait_idle()
    assert len(emails(session, user_id=b.id)) == 1 and len(smtp_sink.to(b.email)) == 1


def test_deleting_an_account_removes_its_queued_mail(session):
    a, b = pair(session)
    accepted(session, a, b)
    mail.wait_idle()
    assert len(emails(session, user_id=a.id)) == 1
    accounts.do_delete_account(session=session, user=a)
    assert emails(session) == []


def test_without_smtp_host_emails_go_to_the_outbox_folder(sqlite_session, caplog, tmp_path, monkeypatch):
    monkeypatch.setenv("MAIL_OUTBOX_DIR", str(tmp_path / "outbox"))  # its own folder: other tests mail too
    reset_settings_cache()
    try:
        a, b = pair(sqlite_session)
        with caplog.at_level("INFO", logger="engnest.mail"):
            accepted(sqlite_session, a, b)
            mail.wait_idle()
        (row,) = emails(sqlite_session)
        assert row.status == "sent"
        eml = list((tmp_path / "outbox").glob("*.eml"))
        assert len(eml) == 1 and eml[0].name.endswith(f"-{row.id}.eml")
        assert b"text/calendar" in eml[0].read_bytes() and a.email.encode() in eml[0].read_bytes()
        assert any(a.email in r.getMessage() for r in caplog.records)
    finally:
        monkeypatch.delenv("MAIL_OUTBOX_DIR")
        reset_settings_cache()
