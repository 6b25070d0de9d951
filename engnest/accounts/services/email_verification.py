"""Email verification: a new account confirms its address by a one-time link before it may request meetings
or send messages (it can browse meanwhile). Confirming from the link also signs that browser in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, select

from engnest.accounts.models import User
from engnest.accounts.services import account_mail, account_tokens
from engnest.platform.domain.errors import Conflict, ValidationFailed
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
    assert user.id is not None  # a stored account
    token = account_tokens.do_issue(
        session=session, user_id=user.id, purpose=account_tokens.VERIFY_EMAIL, ttl=_ttl(), now=now, supersede=False
    )
    return account_mail.queue_verification(session=session, user=user, token=token, ttl=_ttl(), now=now)


@dataclass(frozen=True)
class ResendRequest:
    user_id: int
    already_confirmed: bool


RESEND_LIMITED = "We have sent several links in the last hour. Check your inbox (and spam folder), or try again later."


class _NotQueued(Exception):
    pass


def check_resend(*, session: Session, user_id: int, client: str) -> ResendRequest:
    """The "Resend the link" action of a signed-in account; counts the client's account emails."""
    user = session.get(User, user_id)
    if user is None:
        raise ValidationFailed(form="Your account no longer exists.")
    if user.email_verified_at is not None:
        return ResendRequest(user_id, already_confirmed=True)
    account_mail.take_client_quota(client)
    return ResendRequest(user_id, already_confirmed=False)


def do_resend(*, session: Session, request: ResendRequest, now: dt.datetime) -> str:
    """Send a new link; returns what to show. Conflict (nothing kept) if the address had enough emails."""
    user = session.get(User, request.user_id)
    assert user is not None
    if request.already_confirmed:
        return "Your email address is already confirmed."
    try:
        with session.begin_nested():  # the token goes too when the email is not queued
            if not do_send_verification(session=session, user=user, now=now):
                raise _NotQueued
    except _NotQueued:
        raise Conflict(form=RESEND_LIMITED) from None
    return f"We sent a new link to {user.email}."


def resend(*, session: Session, user_id: int, client: str, now: dt.datetime) -> str:
    return do_resend(session=session, request=check_resend(session=session, user_id=user_id, client=client), now=now)


def mark_verified(session: Session, user: User, now: dt.datetime) -> None:
    """The owner proved they read this mailbox (the caller commits)."""
    if user.email_verified_at is None:
        user.email_verified_at = now
        session.add(user)
    assert user.id is not None  # a stored account
    account_tokens.do_invalidate(session=session, user_id=user.id, purposes=(account_tokens.VERIFY_EMAIL,), now=now)


def peek_link(*, session: Session, token: object, now: dt.datetime) -> str:
    """The address a live verification link is for ('' if it is not live), shown before the click."""
    user = account_tokens.peek(session=session, raw=token, purpose=account_tokens.VERIFY_EMAIL, now=now)
    return user.email if user else ""


@dataclass(frozen=True)
class LinkRequest:
    """A live one-time link (verification, sign-in) about to be used."""

    token: str


def check_link(*, session: Session, token: object, purpose: str, now: dt.datetime, invalid: str = LINK_INVALID) -> LinkRequest:
    if account_tokens.peek(session=session, raw=token, purpose=purpose, now=now) is None or not isinstance(token, str):
        raise ValidationFailed(form=invalid)
    return LinkRequest(token)


def do_redeem_link(*, session: Session, request: LinkRequest, purpose: str, now: dt.datetime, invalid: str = LINK_INVALID) -> User:
    """Use the link once; Conflict if a parallel click used it a moment ago."""
    user = account_tokens.do_redeem(session=session, raw=request.token, purpose=purpose, now=now)
    if user is None:
        raise Conflict(form=invalid)
    return user


def check_confirm(*, session: Session, token: object, now: dt.datetime) -> LinkRequest:
    return check_link(session=session, token=token, purpose=account_tokens.VERIFY_EMAIL, now=now)


def do_confirm(*, session: Session, request: LinkRequest, now: dt.datetime) -> User:
    """Use a verification link (the click on its page): the address is confirmed; returns the account."""
    user = do_redeem_link(session=session, request=request, purpose=account_tokens.VERIFY_EMAIL, now=now)
    mark_verified(session, user, now)
    return user


def confirm(*, session: Session, token: object, now: dt.datetime) -> User:
    return do_confirm(session=session, request=check_confirm(session=session, token=token, now=now), now=now)
