"""Getting back in: "forgot password" (a reset link) and, while an account is under attack, a sign-in link.

Both answer the same whether or not the address has an account, send at most a few emails per address and
per client (services.account_mail), and use one-time, short-lived links stored hashed (services.account_tokens).
A reset revokes every session of the account; either link also confirms the address (it proves the mailbox).
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from engnest.accounts.domain import accounts as rules
from engnest.accounts.models import User
from engnest.accounts.services import account_mail, account_tokens, email_verification, passwords, sessions
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


def check_request_reset(*, session: Session, email: str, client: str, now: dt.datetime) -> None:
    """Email a reset link if the address has an account. The caller shows the same answer either way."""
    user = _user_for_request(session, email, client)
    if user is None:
        return
    token = account_tokens.do_issue(session=session, user_id=user.id, purpose=account_tokens.RESET_PASSWORD, ttl=reset_ttl(), now=now)
    if account_mail.queue_reset(session=session, user=user, token=token, ttl=reset_ttl(), now=now):
        session.commit()
    else:
        session.rollback()  # this address had enough emails: earlier links stay valid, nothing new is stored


def reset_link_is_live(*, session: Session, token: object, now: dt.datetime) -> bool:
    return account_tokens.peek(session=session, raw=token, purpose=account_tokens.RESET_PASSWORD, now=now) is not None


def check_reset_password(*, session: Session, token: object, new_password: str, confirm: str, now: dt.datetime) -> User:
    """Set a new password from a reset link: every session of the account is revoked, every other reset or
    sign-in link stops working, and the address counts as confirmed."""
    user = account_tokens.peek(session=session, raw=token, purpose=account_tokens.RESET_PASSWORD, now=now)
    if user is None:
        raise ValidationFailed(form=LINK_INVALID)
    errors = Collector()
    errors.check("new_password", _check_new_password, new_password if isinstance(new_password, str) else "", user.email)
    if new_password != confirm:
        errors.add("confirm_password", "The two new passwords do not match.")
    errors.raise_if_any()
    password_hash = passwords.hash_password(new_password)
    user = account_tokens.do_redeem(session=session, raw=token, purpose=account_tokens.RESET_PASSWORD, now=now)
    if user is None:  # used by a parallel request a moment ago
        session.rollback()
        raise ValidationFailed(form=LINK_INVALID)
    user.password_hash = password_hash
    user.password_changed_at = now
    session.add(user)
    sessions.revoke_all_sessions(session=session, user_id=user.id, now=now)
    account_tokens.do_invalidate(
        session=session, user_id=user.id, purposes=(account_tokens.RESET_PASSWORD, account_tokens.SIGN_IN), now=now
    )
    email_verification.mark_verified(session, user, now)
    session.commit()
    return user


def _check_new_password(password: str, email: str) -> None:
    try:
        rules.check_password(password, email=email)
    except ValidationFailed as exc:
        raise ValidationFailed(new_password=exc.first()) from None


# --- sign-in link (account under attack) ------------------------------------------------------------


def sign_in_ttl() -> dt.timedelta:
    return dt.timedelta(minutes=get_settings().sign_in_link_minutes)


def check_request_sign_in_link(*, session: Session, email: str, client: str, now: dt.datetime) -> None:
    """Email a one-time sign-in link if the address has an account. The caller shows the same answer either way."""
    user = _user_for_request(session, email, client)
    if user is None:
        return
    token = account_tokens.do_issue(session=session, user_id=user.id, purpose=account_tokens.SIGN_IN, ttl=sign_in_ttl(), now=now)
    if account_mail.queue_sign_in_link(session=session, user=user, token=token, ttl=sign_in_ttl(), now=now):
        session.commit()
    else:
        session.rollback()


def peek_sign_in_link(*, session: Session, token: object, now: dt.datetime) -> str:
    """The address a live sign-in link is for ('' if it is not live), shown before the click."""
    user = account_tokens.peek(session=session, raw=token, purpose=account_tokens.SIGN_IN, now=now)
    return user.email if user else ""


def check_redeem_sign_in_link(*, session: Session, token: object, now: dt.datetime) -> User:
    """Use a sign-in link (the click on its page); returns the account to start a session for."""
    user = account_tokens.do_redeem(session=session, raw=token, purpose=account_tokens.SIGN_IN, now=now)
    if user is None:
        session.rollback()
        raise ValidationFailed(form=LINK_INVALID)
    email_verification.mark_verified(session, user, now)
    session.commit()
    return user
