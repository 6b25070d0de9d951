"""Accounts: sign up, sign in, change password, timezone, delete account."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Session, select

from engnest.accounts.domain import accounts as rules
from engnest.accounts.models import User
from engnest.accounts.services import account_hooks, account_mail, email_verification, login_limits, passwords, sessions
from engnest.platform import throttle
from engnest.platform.domain.errors import Collector, ValidationFailed
from engnest.platform.domain.timezones import DEFAULT_TZ, check_timezone
from engnest.platform.settings import get_settings

SIGN_IN_FAILED = "That email and password do not match an account."


def get_user(*, session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def find_user_by_email(*, session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == email)).first()


def check_signup(
    *,
    session: Session,
    email: str,
    password: str,
    birth_date: str | dt.date,
    timezone: str,
    now: dt.datetime,
    client: str = "",
) -> User | None:
    """Validate every field, then create the account (unverified) and email it a verification link.

    Returns the new account, or None when the address already has one: then nothing changes and its owner is
    emailed "someone tried to sign up with your address". The caller answers the same in both cases ("check
    your inbox") and starts no session in either, so the form does not tell anyone which addresses exist; both
    branches do the same bcrypt work and are throttled alike (per client, and the email per address).
    """
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
    if owner is None:
        try:
            user = do_create_user(
                session=session, email=normalized, password_hash=password_hash, birth_date=dob, timezone=tz, now=now
            )
        except ValidationFailed:  # a concurrent sign-up with this address won the race
            owner = find_user_by_email(session=session, email=normalized)
        else:
            email_verification.do_send_verification(session=session, user=user, now=now)
            session.commit()
            return user
    if owner is not None:
        account_mail.queue_signup_attempt(session=session, user=owner, now=now)
        session.commit()
    return None


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
    """Create an account and its empty profile from already-validated values."""
    user = User(
        email=email,
        password_hash=password_hash,
        birth_date=birth_date,
        timezone=timezone,
        created_at=now,
        password_changed_at=now,
        email_verified_at=email_verified_at,
    )
    session.add(user)
    try:
        session.flush()
    except sa.exc.IntegrityError:
        session.rollback()  # a concurrent sign-up with the same email won the race
        raise ValidationFailed(email="An account with this email already exists. Sign in instead.") from None
    account_hooks.account_created(session, user.id, now)  # profiles: the empty profile
    session.commit()
    session.refresh(user)
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
    """At login: follow the browser's timezone unless the user picked one in settings."""
    try:
        tz = check_timezone(timezone)
    except ValidationFailed:
        return
    if user.timezone_auto and user.timezone != tz:
        user.timezone = tz
        session.add(user)
        session.commit()


def check_set_timezone(*, session: Session, user_id: int, timezone: str, follow_browser: bool) -> User:
    tz = check_timezone(timezone)
    user = session.get(User, user_id)
    if user is None:
        raise ValidationFailed(timezone="Your account no longer exists.")
    user.timezone = tz
    user.timezone_auto = follow_browser
    session.add(user)
    session.commit()
    return user


def do_set_email_notifications(*, session: Session, user_id: int, enabled: bool) -> User | None:
    """Opt in or out of notification emails (mail already queued is not sent after an opt-out)."""
    user = session.get(User, user_id)
    if user is None:
        return None
    user.email_notifications = bool(enabled)
    session.add(user)
    session.commit()
    return user


def _verify_current_password(user: User, password: str, field: str) -> None:
    if not passwords.verify_password(password or "", user.password_hash):
        raise ValidationFailed({field: "Your current password is not correct."})


def check_change_password(
    *, session: Session, user_id: int, current_password: str, new_password: str, confirm: str, now: dt.datetime
) -> User:
    """Change the password and revoke every session of the account (the caller then signs in again)."""
    user = session.get(User, user_id)
    if user is None:
        raise ValidationFailed(current_password="Your account no longer exists.")
    errors = Collector()
    errors.check("current_password", _verify_current_password, user, current_password, "current_password")
    errors.check("new_password", _check_new_password, new_password, user)
    if new_password != confirm:
        errors.add("confirm_password", "The two new passwords do not match.")
    errors.raise_if_any()
    user.password_hash = passwords.hash_password(new_password)
    user.password_changed_at = now
    session.add(user)
    sessions.revoke_all_sessions(session=session, user_id=user.id, now=now)
    session.commit()
    return user


def _check_new_password(new_password: str, user: User) -> None:
    try:
        rules.check_password(new_password, email=user.email)
    except ValidationFailed as exc:
        raise ValidationFailed(new_password=exc.first()) from None
    if passwords.verify_password(new_password, user.password_hash):
        raise ValidationFailed(new_password="Choose a password different from your current one.")


def check_delete_account(*, session: Session, user_id: int, password: str, confirm_text: str) -> None:
    """Delete the account and all personal data (profile, skills, projects, sessions, avatar)."""
    user = session.get(User, user_id)
    if user is None:
        return  # already gone: deleting twice is not an error
    errors = Collector()
    errors.check("delete_password", _verify_current_password, user, password, "delete_password")
    if (confirm_text or "").strip().upper() != "DELETE":
        errors.add("delete_confirm", "Type DELETE to confirm.")
    errors.raise_if_any()
    do_delete_account(session=session, user=user)


def do_delete_account(*, session: Session, user: User) -> None:
    # Features first (profiles notes the avatar file, messaging forgets the account's messages), then every
    # row that references the account goes with it: foreign keys are ON DELETE CASCADE (or SET NULL where
    # the other person keeps a record), enforced on SQLite by PRAGMA foreign_keys.
    after_commit = account_hooks.account_deleting(session, user.id)
    session.execute(sa.delete(User).where(User.id == user.id))
    session.commit()
    for action in after_commit:
        action()  # profiles: remove the avatar file

