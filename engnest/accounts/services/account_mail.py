"""Account emails: what they say, and how often they may be sent.

Every one goes through the mail queue (services.mail.queue_account_email: stored with the caller's transaction,
sent after commit, retried by the sweep). Two limits:

* per address (`ACCOUNT_EMAIL_LIMIT_PER_ADDRESS`, keyed on the normalised identity): over it nothing more is
  sent, silently, so the answer on screen never depends on whether the address has an account;
* per client (`ACCOUNT_EMAIL_LIMIT_PER_CLIENT`): over it the person at the form is told to wait (checked
  before anything is looked up, so it says nothing about the address either).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from sqlmodel import Session

from engnest.accounts.domain.accounts import identity_key
from engnest.accounts.models import User
from engnest.platform import routes, throttle
from engnest.platform.mail import mail
from engnest.platform.settings import get_settings

VERIFY = "account_verify"
SIGNUP_ATTEMPT = "account_signup_attempt"
RESET = "account_reset"
SIGN_IN_LINK = "account_sign_in_link"


def take_client_quota(client: str) -> None:
    """Count one account email asked for by `client`; ValidationFailed(form=...) when it asks too often."""
    throttle.take(
        get_settings().account_email_limit_per_client, "account-email-client", client or "unknown",
        field="form", what="emails requested from your network",
    )


def _address_allows(user: User) -> bool:
    return throttle.hit(get_settings().account_email_limit_per_address, "account-email-address", identity_key(user.email))


def _url(path: str, token: str | None = None) -> str:
    base = get_settings().public_url.rstrip("/")
    return f"{base}{path}" + (f"?token={quote(token, safe='')}" if token else "")


def _duration(ttl: dt.timedelta) -> str:
    minutes = int(ttl.total_seconds() // 60)
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} hour" + ("s" if hours != 1 else "")
    return f"{minutes} minutes"


def _queue(session: Session, user: User, kind: str, subject: str, lines: list[str], now: dt.datetime) -> bool:
    if not _address_allows(user):
        return False
    body = "\n".join([*lines, "", "—", "EngNest. You get this email because someone used this address on EngNest."])
    mail.queue_account_email(session=session, user=user, kind=kind, subject=subject, body=body, now=now)
    return True


def queue_verification(*, session: Session, user: User, token: str, ttl: dt.timedelta, now: dt.datetime) -> bool:
    return _queue(session, user, VERIFY, "Confirm your email address for EngNest", [
        "Welcome to EngNest!",
        "",
        f"Confirm that this address is yours by opening this link: {_url(routes.VERIFY_EMAIL, token)}",
        "",
        f"The link works once, for {_duration(ttl)}. Until you confirm, you can look around but not request",
        "meetings or send messages.",
        "",
        "If you did not sign up, ignore this email: nothing happens without the link.",
    ], now)


def queue_signup_attempt(*, session: Session, user: User, now: dt.datetime) -> bool:
    return _queue(session, user, SIGNUP_ATTEMPT, "Someone tried to sign up with your address", [
        "Someone (perhaps you) tried to create an EngNest account with this email address.",
        "You already have an account, so nothing was created and nothing about your account changed.",
        "",
        f"If it was you, sign in: {_url(routes.SIGN_IN)}",
        f"Forgot your password? Get a reset link: {_url(routes.FORGOT_PASSWORD)}",
        "",
        "If it was not you, you can ignore this email.",
    ], now)


def queue_reset(*, session: Session, user: User, token: str, ttl: dt.timedelta, now: dt.datetime) -> bool:
    return _queue(session, user, RESET, "Reset your EngNest password", [
        "Someone (perhaps you) asked to reset the password of your EngNest account.",
        "",
        f"Choose a new password here: {_url(routes.RESET_PASSWORD, token)}",
        "",
        f"The link works once, for {_duration(ttl)}. Setting a new password signs you out everywhere.",
        "If you did not ask for this, ignore this email: your password stays as it is.",
    ], now)


def queue_sign_in_link(*, session: Session, user: User, token: str, ttl: dt.timedelta, now: dt.datetime) -> bool:
    return _queue(session, user, SIGN_IN_LINK, "Your EngNest sign-in link", [
        "Someone is trying many passwords on your EngNest account, so signing in with a password is paused",
        "for a while. You asked for a link that signs you in instead:",
        "",
        _url(routes.SIGN_IN_LINK, token),
        "",
        f"The link works once, for {_duration(ttl)}. If you did not ask for it, ignore this email, and consider",
        "choosing a stronger password once you are signed in.",
    ], now)
