"""Email verification: a new account confirms its address by a one-time link before it may request meetings
or send messages (it can browse meanwhile). Confirming from the link also signs that browser in."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from engnest.accounts.models import User
from engnest.accounts.services import account_mail, account_tokens
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.settings import get_settings

UNVERIFIED = (
    "Confirm your email address first: open the link we emailed you. "
    "No email? Use \u201cResend the link\u201d in the banner at the top of the page."
)
LINK_INVALID = "This link has expired or was already used. Sign in and use \u201cResend the link\u201d to get a new one."


def _ttl() -> dt.timedelta:
    return dt.timedelta(hours=get_settings().verify_link_hours)


def is_verified(*, session: Session, user_id: int) -> bool:
    verified_at = session.exec(select(User.email_verified_at).where(User.id == user_id)).first()
    return verified_at is not None


def verification_problem(*, session: Session, user_id: int) -> str:
    """'' if the account's address is confirmed, else what to tell someone trying to meet or message."""
    return "" if is_verified(session=session, user_id=user_id) else UNVERIFIED


def do_send_verification(*, session: Session, user: User, now: dt.datetime) -> bool:
    """Queue a verification link (the caller commits); False if the address had enough emails this hour.

    Earlier links keep working until they expire: confirming is harmless, and people open the first email.
    """
    token = account_tokens.do_issue(
        session=session, user_id=user.id, purpose=account_tokens.VERIFY_EMAIL, ttl=_ttl(), now=now, supersede=False
    )
    return account_mail.queue_verification(session=session, user=user, token=token, ttl=_ttl(), now=now)


def check_resend(*, session: Session, user_id: int, client: str, now: dt.datetime) -> str:
    """The "Resend the link" action of a signed-in, unverified account; returns what to show."""
    user = session.get(User, user_id)
    if user is None:
        raise ValidationFailed(form="Your account no longer exists.")
    if user.email_verified_at is not None:
        return "Your email address is already confirmed."
    account_mail.take_client_quota(client)
    if not do_send_verification(session=session, user=user, now=now):
        session.rollback()
        raise ValidationFailed(form="We have sent several links in the last hour. Check your inbox (and spam folder), or try again later.")
    session.commit()
    return f"We sent a new link to {user.email}."


def mark_verified(session: Session, user: User, now: dt.datetime) -> None:
    """The owner proved they read this mailbox (the caller commits)."""
    if user.email_verified_at is None:
        user.email_verified_at = now
        session.add(user)
    account_tokens.do_invalidate(session=session, user_id=user.id, purposes=(account_tokens.VERIFY_EMAIL,), now=now)


def peek_link(*, session: Session, token: object, now: dt.datetime) -> str:
    """The address a live verification link is for ('' if it is not live), shown before the click."""
    user = account_tokens.peek(session=session, raw=token, purpose=account_tokens.VERIFY_EMAIL, now=now)
    return user.email if user else ""


def check_confirm(*, session: Session, token: object, now: dt.datetime) -> User:
    """Use a verification link (the click on its page): the address is confirmed; returns the account."""
    user = account_tokens.do_redeem(session=session, raw=token, purpose=account_tokens.VERIFY_EMAIL, now=now)
    if user is None:
        session.rollback()
        raise ValidationFailed(form=LINK_INVALID)
    mark_verified(session, user, now)
    session.commit()
    return user
