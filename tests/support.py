"""Shared test support: the fixed test environment and helpers for real services.

Imported first by tests/conftest.py, before anything from `engnest`, so settings see this environment.
"""

from __future__ import annotations

import os
import socket
import sys
import tempfile
from pathlib import Path

import pytest

# TEST_CLOCK_SHIFT_DAYS=365: this process and every Python process the tests start run a year ahead.
_CLOCK_DIR = str(Path(__file__).resolve().parent / "clockshift")
sys.path.insert(0, _CLOCK_DIR)
import engnest_test_clock  # noqa: E402

CLOCK_SHIFT_DAYS = engnest_test_clock.start()
if CLOCK_SHIFT_DAYS and _CLOCK_DIR not in os.environ.get("PYTHONPATH", "").split(os.pathsep):
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (_CLOCK_DIR, os.environ.get("PYTHONPATH", "")) if p)

if "ENGNEST_TEST_TMP" not in os.environ:
    os.environ["ENGNEST_TEST_TMP"] = tempfile.mkdtemp(prefix="engnest-tests-")
TMP = Path(os.environ["ENGNEST_TEST_TMP"])
os.environ.update(
    {
        "ENGNEST_ENV": "test",
        "ENGNEST_DATA_DIR": str(TMP / "data"),
        "BCRYPT_ROUNDS": "4",
        "LOGIN_LIMIT_PER_CLIENT": "10000/minute",
        "LOGIN_LIMIT_PER_ACCOUNT": "10000/minute",
        "LOGIN_LIMIT_PER_ACCOUNT_CLIENT": "10000/minute",
        "ACCOUNT_EMAIL_LIMIT_PER_ADDRESS": "10000/minute",
        "ACCOUNT_EMAIL_LIMIT_PER_CLIENT": "10000/minute",
        "SIGNUP_LIMIT_PER_CLIENT": "10000/minute",
        "PROFILE_SAVE_LIMIT": "10000/minute",
        "NEW_ACCOUNT_LIMIT": "10000/minute",  # test accounts are minutes old: the limit's own tests set theirs
        "REFLEX_TELEMETRY_ENABLED": "false",
    }
)
for _var in ("DATABASE_URL", "REDIS_URL", "API_URL", "SMTP_HOST", "PORT", "PUBLIC_URL", "SECRET_KEY"):
    os.environ.pop(_var, None)

IN_CI = os.environ.get("CI", "") not in ("", "0", "false")
PG_ADMIN_URL = os.environ.get("TEST_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def require(condition: bool, what: str) -> None:
    """Skip locally, fail in CI, when a real service the test needs is missing."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{what} is required under CI=1 but is not available", pytrace=False)
    pytest.skip(f"{what} not available")


def port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
