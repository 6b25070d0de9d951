"""Getting back in: "forgot password" (a reset link) and, while an account is under attack, a sign-in link.

Both answer the same whether or not the address has an account, send at most a few emails per address and
per client (services.account_mail), and use one-time, short-lived links stored hashed (services.account_tokens).
A reset revokes every session of the account; either link also confirms the address (it proves the mailbox).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session

from engnest.accounts.domain import accounts as rules
from engnest.accounts.models import User
from engnest.accounts.services import account_mail, account_tokens, api_tokens, email_verification, passwords, sessions
from engnest.accounts.services.accounts import find_user_by_email
from engnest.platform.domain.errors import Collector, ValidationFailed
from engnest.platform.settings import get_settings

LINK_INVALID = "This link has expired or was already used. Ask for a new one."


def _user_for_request(session: Session, email: str, client: str) -> User | None:
    """Validate the address, count the client's request, then look the address up (None: no account)."""
    normalized = rules.normalize_email(email)  # ValidationFailed(email=...) says nothing about accounts
    account_mail.take_client_quota(client)
    return find_user_by_email(session=session, email=normalized)


# --- forgot password -------------------------------------------------------------------------------


def reset_ttl() -> dt.timedelta:
    return dt.timedelta(minutes=get_settings().reset_link_minutes)


@dataclass(frozen=True)
class LinkEmailRequest:
    """Email a one-time link to this account (None: the address has none; the caller answers the same)."""

    user_id: int | None


class _NotQueued(Exception):
    pass


def _do_email_link(session: Session, request: LinkEmailRequest, purpose: str, ttl: dt.timedelta, queue: Callable[..., bool], now: dt.datetime) -> None:
    """Issue the token and queue its email; when the address had enough emails, neither is kept (earlier links
    stay valid)."""
    user = session.get(User, request.user_id) if request.user_id is not None else None
    if user is None or user.id is None:
        return
    try:
        with session.begin_nested():
            token = account_tokens.do_issue(session=session, user_id=user.id, purpose=purpose, ttl=ttl, now=now)
            if not queue(session=session, user=user, token=token, ttl=ttl, now=now):
                raise _NotQueued
    except _NotQueued:
        pass


def check_link_email(*, session: Session, email: str, client: str) -> LinkEmailRequest:
    """A reset or sign-in link asked for by address: valid address, the client's quota counted."""
    user = _user_for_request(session, email, client)
    return LinkEmailRequest(user.id if user is not None else None)


def do_request_reset(*, session: Session, request: LinkEmailRequest, now: dt.datetime) -> None:
    """Email a reset link if the address has an account. The caller shows the same answer either way."""
    _do_email_link(session, request, account_tokens.RESET_PASSWORD, reset_ttl(), account_mail.queue_reset, now)


def request_reset(*, session: Session, email: str, client: str, now: dt.datetime) -> None:
    do_request_reset(session=session, request=check_link_email(session=session, email=email, client=client), now=now)


def reset_link_is_live(*, session: Session, token: object, now: dt.datetime) -> bool:
    return account_tokens.peek(session=session, raw=token, purpose=account_tokens.RESET_PASSWORD, now=now) is not None


@dataclass(frozen=True)
class ResetPasswordRequest:
    token: str
    password_hash: str


def check_reset_password(*, session: Session, token: object, new_password: str, confirm: str, now: dt.datetime) -> ResetPasswordRequest:
    user = account_tokens.peek(session=session, raw=token, purpose=account_tokens.RESET_PASSWORD, now=now)
    if user is None or not isinstance(token, str):
        raise ValidationFailed(form=LINK_INVALID)
    errors = Collector()
    errors.check("new_password", _check_new_password, new_password if isinstance(new_password, str) else "", user.email)
    if new_password != confirm:
        errors.add("confirm_password", "The two new passwords do not match.")
    errors.raise_if_any()
    return ResetPasswordRequest(token, passwords.hash_password(new_password))


def do_reset_password(*, session: Session, request: ResetPasswordRequest, now: dt.datetime) -> User:
    """Set the new password: every session and API token of the account is revoked, every other reset or sign-in link stops
    working, and the address counts as confirmed. Conflict if a parallel request used the link a moment ago."""
    user = email_verification.do_redeem_link(
        session=session, request=email_verification.LinkRequest(request.token), purpose=account_tokens.RESET_PASSWORD, now=now,
        invalid=LINK_INVALID,
    )
    user.password_hash = request.password_hash
    user.password_changed_at = now
    session.add(user)
    assert user.id is not None
    sessions.revoke_all_sessions(session=session, user_id=user.id, now=now)
    api_tokens.do_revoke_all(session=session, user_id=user.id, now=now)
    account_tokens.do_invalidate(
        session=session, user_id=user.id, purposes=(account_tokens.RESET_PASSWORD, account_tokens.SIGN_IN), now=now
    )
    email_verification.mark_verified(session, user, now)
    return user


def reset_password(*, session: Session, token: object, new_password: str, confirm: str, now: dt.datetime) -> User:
    request = check_reset_password(session=session, token=token, new_password=new_password, confirm=confirm, now=now)
    return do_reset_password(session=session, request=request, now=now)


def _check_new_password(password: str, email: str) -> None:
    try:
        rules.check_password(password, email=email)
    except ValidationFailed as exc:
        raise ValidationFailed(new_password=exc.first()) from None


# --- sign-in link (account under attack) ------------------------------------------------------------


def sign_in_ttl() -> dt.timedelta:
    return dt.timedelta(minutes=get_settings().sign_in_link_minutes)


def do_request_sign_in_link(*, session: Session, request: LinkEmailRequest, now: dt.datetime) -> None:
    """Email a one-time sign-in link if the address has an account. The caller shows the same answer either way."""
    _do_email_link(session, request, account_tokens.SIGN_IN, sign_in_ttl(), account_mail.queue_sign_in_link, now)


def request_sign_in_link(*, session: Session, email: str, client: str, now: dt.datetime) -> None:
    do_request_sign_in_link(session=session, request=check_link_email(session=session, email=email, client=client), now=now)


def peek_sign_in_link(*, session: Session, token: object, now: dt.datetime) -> str:
    """The address a live sign-in link is for ('' if it is not live), shown before the click."""
    user = account_tokens.peek(session=session, raw=token, purpose=account_tokens.SIGN_IN, now=now)
    return user.email if user else ""


def check_redeem_sign_in_link(*, session: Session, token: object, now: dt.datetime) -> email_verification.LinkRequest:
    return email_verification.check_link(session=session, token=token, purpose=account_tokens.SIGN_IN, now=now, invalid=LINK_INVALID)


def do_redeem_sign_in_link(*, session: Session, request: email_verification.LinkRequest, now: dt.datetime) -> User:
    """Use a sign-in link (the click on its page); returns the account to start a session for."""
    user = email_verification.do_redeem_link(session=session, request=request, purpose=account_tokens.SIGN_IN, now=now, invalid=LINK_INVALID)
    email_verification.mark_verified(session, user, now)
    return user


def redeem_sign_in_link(*, session: Session, token: object, now: dt.datetime) -> User:
    return do_redeem_sign_in_link(session=session, request=check_redeem_sign_in_link(session=session, token=token, now=now), now=now)
