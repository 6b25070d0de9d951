"""bcrypt hashing. Callers on the event loop run these through `db.off_loop` / `db.in_session`."""

from __future__ import annotations

import functools

import bcrypt

from engnest.platform.settings import get_settings


def hash_password(password: str) -> str:
    rounds = get_settings().bcrypt_rounds
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds)).decode()


def verify_password(password: str, password_hash: str) -> bool:
    try:
        return bcrypt.checkpw(password.encode()[:72], password_hash.encode())
    except ValueError:
        return False


@functools.cache
def _dummy_hash(rounds: int) -> str:
    return bcrypt.hashpw(b"not-a-real-password", bcrypt.gensalt(rounds)).decode()


def burn_verify_time(password: str) -> None:
    """Spend the same time as a real check, for unknown accounts (no user enumeration by timing)."""
    verify_password(password, _dummy_hash(get_settings().bcrypt_rounds))
