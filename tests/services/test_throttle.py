import threading
import time
import uuid

import pytest
from factories import PASSWORD, make_user

from engnest.accounts.services import accounts, login_limits
from engnest.platform import throttle
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.settings import reset_settings_cache


@pytest.fixture(params=["memory", "redis"])
def strict_limits(request, monkeypatch):
    monkeypatch.setenv("LOGIN_LIMIT_PER_ACCOUNT_CLIENT", "3/15 minutes")
    monkeypatch.setenv("LOGIN_LIMIT_PER_ACCOUNT", "6/hour")
    monkeypatch.setenv("LOGIN_LIMIT_PER_CLIENT", "5/15 minutes")
    if request.param == "redis":
        url = request.getfixturevalue("redis_url")
        monkeypatch.setenv("REDIS_URL", url)
        monkeypatch.setenv("REDIS_PREFIX", f"test-{uuid.uuid4().hex[:8]}")
    reset_settings_cache()
    throttle.reset_all()
    yield request.param
    throttle.reset_all()
    monkeypatch.undo()
    reset_settings_cache()


def attempt(session, email, password, client):
    return accounts.check_credentials(session=session, email=email, password=password, client=client)


def test_an_account_attacked_from_many_clients_pauses_password_sign_in_even_from_new_clients(sqlite_session, strict_limits):
    user = make_user(sqlite_session, email="target@example.com")
    for i in range(6):  # the per-account ceiling, from six clients
        with pytest.raises(ValidationFailed):
            attempt(sqlite_session, user.email, "wrong-password-x", f"client-{i}")
    with pytest.raises(login_limits.AccountUnderAttack) as exc:
        attempt(sqlite_session, user.email, PASSWORD, "client-fresh")  # right password, paused: the sign-in link helps
    assert "email you a link" in exc.value.errors["form"]


def test_a_client_is_throttled_across_accounts(sqlite_session, strict_limits):
    for i in range(5):
        with pytest.raises(ValidationFailed):
            attempt(sqlite_session, f"nobody{i}@example.com", "whatever-123", "1.2.3.4")
    with pytest.raises(ValidationFailed) as exc:
        attempt(sqlite_session, "someone@example.com", "whatever-123", "1.2.3.4")
    assert "Too many" in exc.value.errors["form"]


def test_a_successful_sign_in_clears_the_account_failures(sqlite_session, strict_limits):
    user = make_user(sqlite_session, email="ok@example.com")
    for _ in range(2):
        with pytest.raises(ValidationFailed):
            attempt(sqlite_session, user.email, "wrong-password-x", "c")
    assert attempt(sqlite_session, user.email, PASSWORD, "c").id == user.id
    for _ in range(2):
        with pytest.raises(ValidationFailed) as exc:
            attempt(sqlite_session, user.email, "wrong-password-x", "c")
        assert exc.value.errors["form"] == accounts.SIGN_IN_FAILED


def test_the_memory_limiter_starts_no_thread_and_still_forgets_old_hits(monkeypatch):
    """Issue 17: `limits`' MemoryStorage started a threading.Timer on nearly every hit (one OS thread per DM)."""
    monkeypatch.delenv("REDIS_URL", raising=False)
    reset_settings_cache()
    started = []
    monkeypatch.setattr(threading.Thread, "start", lambda self: started.append(self.name))
    clock = [max(time.time(), time.monotonic()) + 10_000]  # later than any expiry the shared limiter has planned
    monkeypatch.setattr(time, "time", lambda: clock[0])
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    key = uuid.uuid4().hex
    assert [throttle.hit("2/minute", "thread-free", key) for _ in range(3)] == [True, True, False]
    clock[0] += 61
    assert throttle.hit("2/minute", "thread-free", key) is True  # the window moved on
    assert started == []
    events = [entries for name, entries in throttle.limiter().storage.events.items() if key in name]
    assert [len(entries) for entries in events] == [1]  # the two expired hits were dropped, inline
    reset_settings_cache()
