"""Accounts' start-up registrations with the platform (loaded by engnest.features): who gets mail, how an API
bearer token is resolved, and the periodic purge of dead API tokens."""

from __future__ import annotations

from typing import Literal

from sqlmodel import Session

from engnest.accounts.models import User
from engnest.accounts.services import api_tokens
from engnest.platform.api import auth as api_auth
from engnest.platform.mail import mail
from engnest.platform.scheduler.registry import register_periodic


def recipient_status(session: Session, user_id: int, kind: str) -> Literal["send", "skip", "gone"]:
    """Asked by the mail queue just before sending: the account may be gone, or have turned notification emails
    off since the email was queued (account emails go out regardless)."""
    user = session.get(User, user_id, populate_existing=True)
    if user is None:
        return "gone"
    return "skip" if kind == mail.NOTIFICATION_KIND and not user.email_notifications else "send"


mail.set_recipient_status(recipient_status)
api_auth.set_authenticator(api_tokens.resolve)
register_periodic("api-token-purge", api_tokens.run_purge_job, seconds=api_tokens.PURGE_EVERY_SECONDS)
