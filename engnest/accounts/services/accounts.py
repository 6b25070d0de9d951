"""Accounts: sign up, sign in, change password, timezone, delete account."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from engnest.accounts.domain import accounts as rules
from engnest.accounts.models import User
from engnest.accounts.services import (
    account_hooks,
    account_mail,
    api_tokens,
    email_verification,
    login_limits,
    passwords,
    sessions,
)
from engnest.platform import throttle
from engnest.platform.domain.errors import Collector, Conflict, ValidationFailed
from engnest.platform.domain.timezones import DEFAULT_TZ, check_timezone
from engnest.platform.events import call_after_commit
from engnest.platform.settings import get_settings

SIGN_IN_FAILED = "That email and password do not match an account."


def get_user(*, session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def find_user_by_email(*, session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == email)).first()


@dataclass(frozen=True)
class SignupRequest:
    email: str  # normalised
    password_hash: str
    birth_date: dt.date
    timezone: str
    owner_id: int | None  # the address already has this account: nothing is created, its owner is told


def check_signup(
    *,
    session: Session,
    email: str,
    password: str,
    birth_date: str | dt.date,
    timezone: str,
    now: dt.datetime,
    client: str = "",
) -> SignupRequest:
    """Validate every field, count the client's sign-up and hash the password (in both cases: an existing
    address costs the same time); throttled per client."""
    settings = get_settings()
    errors = Collector()
    normalized = errors.check("email", rules.normalize_email, email)
    errors.check("password", rules.check_password, password, email=normalized or "")
    dob = errors.check(
        "birth_date", rules.check_birth_date, birth_date, today=now.date(), min_age=settings.min_age_years
    )
    try:
        tz = check_timezone(timezone)
    except ValidationFailed:
        tz = DEFAULT_TZ  # an odd browser value must not block sign-up; it is editable in settings
    errors.raise_if_any()
    throttle.take(settings.signup_limit_per_client, "signup", client or "unknown", field="form", what="sign-ups from your network")
    password_hash = passwords.hash_password(password)  # in both branches: the same time for both answers
    owner = find_user_by_email(session=session, email=normalized)
    return SignupRequest(normalized, password_hash, dob, tz, owner.id if owner is not None else None)


def do_signup(*, session: Session, request: SignupRequest, now: dt.datetime) -> User | None:
    """Create the account (unverified) and email it a verification link; returns it, or None when the address
    already has one: then nothing changes and its owner is emailed "someone tried to sign up with your address".
    The caller answers the same in both cases ("check your inbox") and starts no session in either, so the form
    does not tell anyone which addresses exist."""
    owner_id = request.owner_id
    if owner_id is None:
        try:
            user = do_create_user(
                session=session, email=request.email, password_hash=request.password_hash, birth_date=request.birth_date,
                timezone=request.timezone, now=now,
            )
        except Conflict:  # a concurrent sign-up with this address won the race
            found = find_user_by_email(session=session, email=request.email)
            owner_id = found.id if found is not None else None
        else:
            email_verification.do_send_verification(session=session, user=user, now=now)
            return user
    owner = session.get(User, owner_id) if owner_id is not None else None
    if owner is not None:
        account_mail.queue_signup_attempt(session=session, user=owner, now=now)
    return None


def signup(*, session: Session, now: dt.datetime, **raw: Any) -> User | None:
    """check_signup then do_signup (the sign-up page)."""
    return do_signup(session=session, request=check_signup(session=session, now=now, **raw), now=now)


def do_create_user(
    *,
    session: Session,
    email: str,
    password_hash: str,
    birth_date: dt.date,
    timezone: str,
    now: dt.datetime,
    email_verified_at: dt.datetime | None = None,
) -> User:
    """Create an account and its empty profile from already-validated values; Conflict if a concurrent
    sign-up took the address first (nothing of this one is kept)."""
    user = User(
        email=email,
        password_hash=password_hash,
        birth_date=birth_date,
        timezone=timezone,
        created_at=now,
        password_changed_at=now,
        email_verified_at=email_verified_at,
    )
    try:
        with session.begin_nested():
            session.add(user)
    except sa.exc.IntegrityError:
        raise Conflict(email="An account with this email already exists. Sign in instead.") from None
    assert user.id is not None
    account_hooks.account_created(session, user.id, now)  # profiles: the empty profile
    return user


def check_credentials(*, session: Session, email: str, password: str, client: str) -> User:
    """The user for these credentials, or ValidationFailed(form=SIGN_IN_FAILED).

    Unknown email and wrong password cost the same bcrypt time and give the same message. Every attempt is
    counted first (services.login_limits: per account and client, per client, and a per-account ceiling that
    raises login_limits.AccountUnderAttack), keyed on the normalised address.
    """
    identity = rules.identity_key(email)
    login_limits.take_attempt(identity, client)
    try:
        normalized = rules.normalize_email(email)
    except ValidationFailed:
        normalized = None
    user = find_user_by_email(session=session, email=normalized) if normalized else None
    if user is None:
        passwords.burn_verify_time(password)
        ok = False
    else:
        ok = passwords.verify_password(password, user.password_hash)
    if not ok or user is None:
        raise ValidationFailed(form=SIGN_IN_FAILED)
    login_limits.forget_failures(identity, client)
    return user


def do_record_browser_timezone(*, session: Session, user: User, timezone: str) -> None:
    """At login: follow the browser's (valid) timezone unless the user picked one in settings."""
    if user.timezone_auto and user.timezone != timezone:
        assert user.id is not None  # a signed-in account
        user.timezone = timezone
        session.add(user)
        sessions.announce_session_change(session, user.id)  # open tabs show times in the new zone


def record_browser_timezone(*, session: Session, user: User, timezone: str) -> None:
    """The browser's raw value: an invalid one is ignored."""
    try:
        tz = check_timezone(timezone)
    except ValidationFailed:
        return
    do_record_browser_timezone(session=session, user=user, timezone=tz)


@dataclass(frozen=True)
class SetTimezoneRequest:
    user_id: int
    timezone: str
    follow_browser: bool


def check_set_timezone(*, session: Session, user_id: int, timezone: str, follow_browser: bool) -> SetTimezoneRequest:
    tz = check_timezone(timezone)
    if session.get(User, user_id) is None:
        raise ValidationFailed(timezone="Your account no longer exists.")
    return SetTimezoneRequest(user_id, tz, bool(follow_browser))


def do_set_timezone(*, session: Session, request: SetTimezoneRequest) -> User:
    user = session.get(User, request.user_id)
    assert user is not None and user.id is not None
    user.timezone = request.timezone
    user.timezone_auto = request.follow_browser
    session.add(user)
    sessions.announce_session_change(session, user.id)  # open tabs show times in the new zone
    return user


def set_timezone(*, session: Session, user_id: int, timezone: str, follow_browser: bool) -> User:
    request = check_set_timezone(session=session, user_id=user_id, timezone=timezone, follow_browser=follow_browser)
    return do_set_timezone(session=session, request=request)


def do_set_email_notifications(*, session: Session, user_id: int, enabled: bool) -> User | None:
    """Opt in or out of notification emails (mail already queued is not sent after an opt-out)."""
    user = session.get(User, user_id)
    if user is None:
        return None
    user.email_notifications = bool(enabled)
    session.add(user)
    return user


def _verify_current_password(user: User, password: str, field: str) -> None:
    if not passwords.verify_password(password or "", user.password_hash):
        raise ValidationFailed({field: "Your current password is not correct."})


@dataclass(frozen=True)
class ChangePasswordRequest:
    user_id: int
    password_hash: str


def check_change_password(
    *, session: Session, user_id: int, current_password: str, new_password: str, confirm: str
) -> ChangePasswordRequest:
    user = session.get(User, user_id)
    if user is None:
        raise ValidationFailed(current_password="Your account no longer exists.")
    errors = Collector()
    errors.check("current_password", _verify_current_password, user, current_password, "current_password")
    errors.check("new_password", _check_new_password, new_password, user)
    if new_password != confirm:
        errors.add("confirm_password", "The two new passwords do not match.")
    errors.raise_if_any()
    return ChangePasswordRequest(user_id, passwords.hash_password(new_password))


def do_change_password(*, session: Session, request: ChangePasswordRequest, now: dt.datetime) -> User:
    """Change the password and revoke every session and every API token of the account (the caller then signs in
    again, and scripts need a new token)."""
    user = session.get(User, request.user_id)
    assert user is not None
    user.password_hash = request.password_hash
    user.password_changed_at = now
    session.add(user)
    sessions.revoke_all_sessions(session=session, user_id=request.user_id, now=now)
    api_tokens.do_revoke_all(session=session, user_id=request.user_id, now=now)
    return user


def change_password(
    *, session: Session, user_id: int, current_password: str, new_password: str, confirm: str, now: dt.datetime
) -> User:
    request = check_change_password(
        session=session, user_id=user_id, current_password=current_password, new_password=new_password, confirm=confirm
    )
    return do_change_password(session=session, request=request, now=now)


def _check_new_password(new_password: str, user: User) -> None:
    try:
        rules.check_password(new_password, email=user.email)
    except ValidationFailed as exc:
        raise ValidationFailed(new_password=exc.first()) from None
    if passwords.verify_password(new_password, user.password_hash):
        raise ValidationFailed(new_password="Choose a password different from your current one.")


def check_delete_account(*, session: Session, user_id: int, password: str, confirm_text: str) -> User | None:
    """The account to delete once its password and "DELETE" are confirmed; None if it is already gone
    (deleting twice is not an error)."""
    user = session.get(User, user_id)
    if user is None:
        return None
    errors = Collector()
    errors.check("delete_password", _verify_current_password, user, password, "delete_password")
    if (confirm_text or "").strip().upper() != "DELETE":
        errors.add("delete_confirm", "Type DELETE to confirm.")
    errors.raise_if_any()
    return user


def do_delete_account(*, session: Session, user: User) -> None:
    """Delete the account and all personal data (profile, skills, projects, sessions, avatar).

    Features first (profiles notes the avatar file, messaging forgets the account's messages), then every
    row that references the account goes with it: foreign keys are ON DELETE CASCADE (or SET NULL where
    the other person keeps a record), enforced on SQLite by PRAGMA foreign_keys. Files go after the commit."""
    assert user.id is not None  # a stored account
    for action in account_hooks.account_deleting(session, user.id):
        call_after_commit(session, action)  # profiles: remove the avatar file
    session.execute(sa.delete(User).where(col(User.id) == user.id))
    sessions.announce_session_change(session, user.id)  # its sessions went with it: no open tab may act for it


def delete_account(*, session: Session, user_id: int, password: str, confirm_text: str) -> None:
    user = check_delete_account(session=session, user_id=user_id, password=password, confirm_text=confirm_text)
    if user is not None:
        do_delete_account(session=session, user=user)
