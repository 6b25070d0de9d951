"""The email queue: an email is queued in the caller's transaction (notification emails: one per notification,
only if the recipient wants email; account emails), delivered right after commit on a background thread, and
retried by a sweep. It knows no feature: an email is an address, subject, body and an optional attachment.

Delivery claims a row before sending (an UPDATE that only one deliverer can win, with `next_attempt_at` as
a lease), so the after-commit delivery, a retry sweep and other workers never send the same email twice.
A process that dies between sending and recording "sent" re-sends once after the lease (same Message-ID).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Literal, Protocol

import sqlalchemy as sa
from sqlmodel import Session, select

from engnest.platform import aftercommit
from engnest.platform.clock import utcnow
from engnest.platform.mail import mail_transport
from engnest.platform.mail.models import OutboundEmail
from engnest.platform.settings import get_settings

log = logging.getLogger("engnest.mail")

_KIND = "emails"
LEASE = dt.timedelta(minutes=10)
NOTIFICATION_KIND = "notification"
SENT_BODY = "(Removed after sending: this account email carried a one-time link.)"


def retry_delay(attempts: int) -> dt.timedelta:
    """Wait after the `attempts`-th failed delivery: 1, 2, 4, 8 … minutes, at most 6 hours."""
    return dt.timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


class Recipient(Protocol):
    """Who an account email goes to (accounts.models.User is one)."""

    id: int | None
    email: str


# Whether a queued email may still go to its recipient, asked just before sending: "send"; "skip" (they turned
# notification emails off after it was queued); "gone" (no such account). The accounts feature, which owns
# users and their email opt-out, sets it at start-up; until then every email is sent.
RecipientStatus = Callable[[Session, int, str], Literal["send", "skip", "gone"]]
_recipient_status: list[RecipientStatus] = [lambda session, user_id, kind: "send"]


def set_recipient_status(check: RecipientStatus) -> None:
    _recipient_status[0] = check


def queue_email(
    *, session: Session, user_id: int, to_address: str, kind: str, subject: str, body: str, now: dt.datetime,
    notification_id: int | None = None, attachment_name: str = "", attachment: str = "",
) -> OutboundEmail:
    """Queue an email in the caller's transaction; it is sent after the caller commits."""
    row = OutboundEmail(
        user_id=user_id, notification_id=notification_id, kind=kind, to_address=to_address, subject=subject[:200], body=body,
        attachment_name=attachment_name, attachment=attachment, next_attempt_at=now, created_at=now,
    )
    session.add(row)
    session.flush()
    aftercommit.defer(session, _KIND, row.id)
    return row


def queue_account_email(*, session: Session, user: Recipient, kind: str, subject: str, body: str, now: dt.datetime) -> OutboundEmail:
    """Queue an account email (verification, reset, sign-in link, ...) in the caller's transaction. Sent after
    commit even to people who turned notification emails off; its body (a one-time link) is blanked once sent."""
    assert kind != NOTIFICATION_KIND and user.id is not None
    return queue_email(session=session, user_id=user.id, to_address=user.email, kind=kind, subject=subject, body=body, now=now)


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
    recipient = _recipient_status[0](session, email.user_id, email.kind) if email else "gone"
    if email is None or recipient == "gone":
        return None
    if recipient == "skip":  # opted out after it was queued
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


def deliver_due(*, session: Session, now: dt.datetime, limit: int = 100) -> tuple[int, int]:
    """Send up to `limit` emails that are due (fresh or a retry whose time has come): (tried, sent). Safe to run
    anywhere and concurrently: each email is claimed before it is sent."""
    t = OutboundEmail
    ids = list(
        session.exec(select(t.id).where(t.status.in_(("pending", "sending")), t.next_attempt_at <= now).order_by(t.next_attempt_at, t.id).limit(limit))
    )
    session.rollback()
    return len(ids), sum(do_deliver(session=session, email_id=i, now=now) == "sent" for i in ids)


def do_deliver_pending(*, session: Session, now: dt.datetime, limit: int = 100) -> int:
    """The retry sweep (call it from a scheduled job every minute or so): send what is due; returns how many
    were sent."""
    return deliver_due(session=session, now=now, limit=limit)[1]


def sweep_mail() -> None:
    """Every MAIL_SWEEP_SECONDS (a recurring job of the scheduler): send queued email whose (re)try is due."""
    from engnest.platform.db import session_scope

    with session_scope() as session:
        do_deliver_pending(session=session, now=utcnow())


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


# With MAIL_DELIVERY=worker a mail worker (platform.mail.worker) sends; a commit only wakes the ones in this process.
_wakers: list[Callable[[], None]] = []


def add_waker(fn: Callable[[], None]) -> None:
    _wakers.append(fn)


def remove_waker(fn: Callable[[], None]) -> None:
    if fn in _wakers:
        _wakers.remove(fn)


def _after_commit(ids: list[int]) -> None:
    """After the outermost commit the rows are there for a deliverer to claim."""
    if get_settings().mail_delivery == "worker":
        for wake in list(_wakers):
            wake()
        return
    _start(ids)


aftercommit.handle(_KIND, _after_commit)
