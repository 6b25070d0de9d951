"""Sign-in throttling: slow the attacker down, not the owner.

Three limits, each counted with an atomic `limits` hit *before* the password is checked, so parallel attempts
cannot all pass a check made before any of them was counted:

* per account and client (`LOGIN_LIMIT_PER_ACCOUNT_CLIENT`): one client guessing one account's password.
  A successful sign-in clears it. The owner on another network is not affected.
* per client (`LOGIN_LIMIT_PER_CLIENT`): one client trying many accounts.
* per account (`LOGIN_LIMIT_PER_ACCOUNT`), a much higher ceiling: one account attacked from many clients.
  Reaching it means the account is under attack: password sign-in for it pauses, and the sign-in form offers a
  one-time sign-in link by email instead (services.account_recovery), which the attacker cannot use.

Accounts are keyed by `domain.accounts.identity_key` (the normalised address), so every spelling of one
address shares its counters, and unknown addresses are limited exactly like known ones.
"""

from __future__ import annotations

from engnest.platform import throttle
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.settings import get_settings


class AccountUnderAttack(ValidationFailed):
    """The per-account ceiling is reached: password sign-in for this address is paused for everyone."""


def take_attempt(identity: str, client: str) -> None:
    """Count one sign-in attempt for `identity` from `client`; raise ValidationFailed(form=...) if over a limit."""
    settings = get_settings()
    client = client or "unknown"
    throttle.take(
        settings.login_limit_per_client, "login-client", client, field="form", what="sign-in attempts from your network"
    )
    throttle.take(
        settings.login_limit_per_account_client, "login-account-client", identity, client,
        field="form", what="sign-in attempts for this account",
    )
    rule = settings.login_limit_per_account
    if not throttle.hit(rule, "login-account", identity):
        wait = throttle.wait_phrase(throttle.retry_after_seconds(rule, "login-account", identity))
        raise AccountUnderAttack(
            form=(
                "This account is getting a lot of failed sign-in attempts, so signing in with a password is paused "
                f"for everyone (try again in {wait}). We can email you a link that signs you in instead."
            )
        )


def forget_failures(identity: str, client: str) -> None:
    """After a successful sign-in: this client's attempts on this account start again from zero.

    The per-account ceiling is not cleared: an owner signing in must not hand an attacker a fresh allowance.
    """
    throttle.clear(get_settings().login_limit_per_account_client, "login-account-client", identity, client or "unknown")
