"""Notification emails: queued in the notification's own transaction (one per notification, only if the
recipient wants email), delivered right after commit on a background thread, and retried by a sweep.

Delivery claims a row before sending (an UPDATE that only one deliverer can win, with `next_attempt_at` as
a lease), so the after-commit delivery, a retry sweep and other workers never send the same email twice.
A process that dies between sending and recording "sent" re-sends once after the lease (same Message-ID).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, select

from engnest.accounts.models import User
from engnest.notifications.domain.notification_kinds import EMAILED_KINDS, retry_delay
from engnest.notifications.models import Notification
from engnest.notifications.services import mail_compose
from engnest.platform.clock import utcnow
from engnest.platform.mail import mail_transport
from engnest.platform.mail.models import OutboundEmail
from engnest.platform.settings import get_settings

log = logging.getLogger("engnest.mail")

_KEY = "engnest_mail_to_send"
LEASE = dt.timedelta(minutes=10)
NOTIFICATION_KIND = "notification"
SENT_BODY = "(Removed after sending: this account email carried a one-time link.)"


def queue_for(*, session: Session, notification: Notification, now: dt.datetime, meeting_id: int | None = None) -> OutboundEmail | None:
    """Queue the email for `notification` in the caller's transaction, if its kind is emailed and the
    recipient has not opted out. Sent after the caller commits."""
    if notification.kind not in EMAILED_KINDS:
        return None
    user = session.get(User, notification.user_id)
    if user is None or not user.email_notifications:
        return None
    meeting = mail_compose.meeting_of(session, notification, meeting_id)
    text = mail_compose.draft(session=session, notification=notification, user=user, meeting=meeting, now=now)
    row = OutboundEmail(
        user_id=user.id, notification_id=notification.id, to_address=user.email, subject=text.subject, body=text.body,
        attachment_name=text.attachment_name, attachment=text.attachment, next_attempt_at=now, created_at=now,
    )
    session.add(row)
    session.flush()
    session.info.setdefault(_KEY, []).append(row.id)
    return row


def queue_account_email(*, session: Session, user: User, kind: str, subject: str, body: str, now: dt.datetime) -> OutboundEmail:
    """Queue an account email (verification, reset, sign-in link, ...) in the caller's transaction. Sent after
    commit even to people who turned notification emails off; its body (a one-time link) is blanked once sent."""
    assert kind != NOTIFICATION_KIND
    row = OutboundEmail(
        user_id=user.id, notification_id=None, kind=kind, to_address=user.email, subject=subject[:200], body=body,
        next_attempt_at=now, created_at=now,
    )
    session.add(row)
    session.flush()
    session.info.setdefault(_KEY, []).append(row.id)
    return row


# --- delivery ------------------------------------------------------------------------------------


def _claim(session: Session, email_id: int, now: dt.datetime, *, fresh: bool) -> bool:
    """Take `email_id` for sending. fresh: just committed, never tried (no clock involved); otherwise due
    (a retry whose time has come, or a claim whose lease ran out)."""
    t = OutboundEmail
    if fresh:
        due = sa.and_(t.status == "pending", t.attempts == 0)
    else:
        due = sa.and_(t.status.in_(("pending", "sending")), t.next_attempt_at <= now)
    result = session.execute(sa.update(t).where(t.id == email_id, due).values(status="sending", next_attempt_at=now + LEASE))
    session.commit()
    return result.rowcount == 1


def do_deliver(*, session: Session, email_id: int, now: dt.datetime, fresh: bool = False) -> str | None:
    """Try to send one email; returns its new status, or None if another deliverer has it (or it is not due)."""
    if not _claim(session, email_id, now, fresh=fresh):
        return None
    email = session.get(OutboundEmail, email_id, populate_existing=True)
    user = session.get(User, email.user_id, populate_existing=True) if email else None
    if email is None or user is None:
        return None
    if email.kind == NOTIFICATION_KIND and not user.email_notifications:  # opted out after it was queued
        email.status = "skipped"
    else:
        try:
            mail_transport.send(email)
        except Exception as exc:  # noqa: BLE001 - any failure (network, refusal) is retried later
            email.attempts += 1
            email.last_error = f"{type(exc).__name__}: {exc}"[:500]
            gave_up = email.attempts >= get_settings().mail_max_attempts
            email.status = "failed" if gave_up else "pending"
            email.next_attempt_at = now + retry_delay(email.attempts)
            log.warning("email %s to user %s failed (attempt %s%s): %s", email.id, email.user_id, email.attempts, ", giving up" if gave_up else "", email.last_error)
        else:
            email.status, email.sent_at, email.attempts = "sent", now, email.attempts + 1
    if email.kind != NOTIFICATION_KIND and email.status in ("sent", "failed"):
        email.body = SENT_BODY  # the link lives in the mailbox only, not in our database
    session.add(email)
    session.commit()
    return email.status


def do_deliver_pending(*, session: Session, now: dt.datetime, limit: int = 100) -> int:
    """The retry sweep (call it from a scheduled job every minute or so): send what is due; returns how many
    were sent. Safe to run anywhere and concurrently: each email is claimed before it is sent."""
    t = OutboundEmail
    ids = list(
        session.exec(select(t.id).where(t.status.in_(("pending", "sending")), t.next_attempt_at <= now).order_by(t.next_attempt_at, t.id).limit(limit))
    )
    session.rollback()
    return sum(do_deliver(session=session, email_id=i, now=now) == "sent" for i in ids)


# --- after commit: send on a background thread ---------------------------------------------------

_executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="engnest-mail")
_running: set[Future] = set()
_running_lock = threading.Lock()


def _deliver_fresh(ids: list[int]) -> None:
    from engnest.platform.db import session_scope  # the app's engine, resolved when the thread runs

    with session_scope() as session:
        for email_id in ids:
            try:
                do_deliver(session=session, email_id=email_id, now=utcnow(), fresh=True)
            except Exception:  # noqa: BLE001 - the sweep retries whatever this missed
                log.exception("delivering email %s after commit failed", email_id)
                session.rollback()


def _start(ids: list[int]) -> None:
    future = _executor.submit(_deliver_fresh, ids)
    with _running_lock:
        _running.add(future)
    future.add_done_callback(_finished)


def _finished(future: Future) -> None:
    with _running_lock:
        _running.discard(future)


def wait_idle(timeout: float = 30.0) -> None:
    """Wait for after-commit deliveries in flight (tests, shutdown)."""
    with _running_lock:
        pending = list(_running)
    wait(pending, timeout=timeout)


@event.listens_for(OrmSession, "after_commit")
def _after_commit(session: OrmSession) -> None:
    ids = session.info.pop(_KEY, None)
    if ids:
        _start(ids)


@event.listens_for(OrmSession, "after_soft_rollback")
def _after_rollback(session: OrmSession, previous_transaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop(_KEY, None)
