"""Accounts' start-up registrations with the platform (loaded by engnest.features)."""

from __future__ import annotations

from typing import Literal

from sqlmodel import Session

from engnest.accounts.models import User
from engnest.platform.mail import mail


def recipient_status(session: Session, user_id: int, kind: str) -> Literal["send", "skip", "gone"]:
    """Asked by the mail queue just before sending: the account may be gone, or have turned notification emails
    off since the email was queued (account emails go out regardless)."""
    user = session.get(User, user_id, populate_existing=True)
    if user is None:
        return "gone"
    return "skip" if kind == mail.NOTIFICATION_KIND and not user.email_notifications else "send"


mail.set_recipient_status(recipient_status)
