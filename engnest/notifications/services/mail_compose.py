"""What an emailed notification says: subject, plain-text body and what its kind adds (the meetings feature adds
the time in the recipient's own timezone, the place, and for an accepted meeting the .ics file), and queueing
it in the notification's own transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session

from engnest.accounts.models import User
from engnest.notifications.models import Notification
from engnest.notifications.services import kinds
from engnest.platform import routes
from engnest.platform.mail import mail
from engnest.platform.mail.models import OutboundEmail
from engnest.platform.settings import get_settings


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str
    attachment_name: str = ""
    attachment: str = ""  # iCalendar text


def draft(*, session: Session, notification: Notification, user: User, now: dt.datetime) -> Draft:
    base = get_settings().public_url.rstrip("/")
    lines = [notification.title, ""]
    if notification.body:
        lines += [notification.body, ""]
    attachment_name = attachment = ""
    spec = kinds.spec_for(notification.kind)
    part = spec.email_part(session, notification, user, now) if spec is not None and spec.email_part is not None else None
    if part is not None:
        lines += part.lines
        attachment_name, attachment = part.attachment_name, part.attachment
    if notification.link:
        lines += [f"Open it in EngNest: {base}{notification.link}", ""]
    lines += ["—", f"You get these emails because email notifications are on. Turn them off in Settings: {base}{routes.SETTINGS}"]
    return Draft(subject=notification.title[:200], body="\n".join(lines), attachment_name=attachment_name, attachment=attachment)


def queue_for(*, session: Session, notification: Notification, now: dt.datetime) -> OutboundEmail | None:
    """Queue the email for `notification` in the caller's transaction, if its kind is emailed and the
    recipient has not opted out. Sent after the caller commits."""
    spec = kinds.spec_for(notification.kind)
    if spec is None or not spec.emailed:
        return None
    user = session.get(User, notification.user_id)
    if user is None or not user.email_notifications:
        return None
    assert user.id is not None  # a stored account
    text = draft(session=session, notification=notification, user=user, now=now)
    return mail.queue_email(
        session=session, user_id=user.id, to_address=user.email, kind=mail.NOTIFICATION_KIND, notification_id=notification.id,
        subject=text.subject, body=text.body, attachment_name=text.attachment_name, attachment=text.attachment, now=now,
    )
