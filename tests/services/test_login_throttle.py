"""Sign-in throttling slows the attacker, not the owner (issue 9, §2 items 4 and 5), and its counting is atomic
under parallel attempts. Every test runs with the limits in memory and in Redis."""

from __future__ import annotations

import threading
import uuid

import pytest
from factories import PASSWORD, make_user

from engnest.accounts.domain.accounts import identity_key
from engnest.accounts.services import accounts, login_limits
from engnest.platform import throttle
from engnest.platform.db import get_engine, session_scope
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.settings import reset_settings_cache

WRONG = "wrong-password-x"


@pytest.fixture(params=["memory", "redis"])
def limits(request, monkeypatch):
    """The shipped defaults (the suite's generous test limits removed): 5 tries per account and client in 15
    minutes, 30 per client, a ceiling of 50 an hour per account."""
    for name in ("LOGIN_LIMIT_PER_ACCOUNT_CLIENT", "LOGIN_LIMIT_PER_CLIENT", "LOGIN_LIMIT_PER_ACCOUNT"):
        monkeypatch.delenv(name, raising=False)
    if request.param == "redis":
        monkeypatch.setenv("REDIS_URL", request.getfixturevalue("redis_url"))
        monkeypatch.setenv("REDIS_PREFIX", f"test-login-{uuid.uuid4().hex[:8]}")
    reset_settings_cache()
    throttle.reset_all()
    yield request.param
    throttle.reset_all()
    monkeypatch.undo()
    reset_settings_cache()


def attempt(session, email, password, client):
    return accounts.check_credentials(session=session, email=email, password=password, client=client)


def test_five_wrong_passwords_from_one_client_do_not_lock_out_the_owner_elsewhere(sqlite_session, limits):
    owner = make_user(sqlite_session, email="owner@example.com")
    for _ in range(5):
        with pytest.raises(ValidationFailed) as exc:
            attempt(sqlite_session, owner.email, WRONG, "10.0.0.66")
        assert exc.value.errors == {"form": accounts.SIGN_IN_FAILED}
    # The attacker's client is stopped, even with the right password...
    with pytest.raises(ValidationFailed) as exc:
        attempt(sqlite_session, owner.email, PASSWORD, "10.0.0.66")
    assert "Too many sign-in attempts for this account" in exc.value.errors["form"]
    # ...but the owner, from their own network, signs in.
    assert attempt(sqlite_session, owner.email, PASSWORD, "192.168.1.20").id == owner.id


def spellings(address: str, count: int) -> list[str]:
    """`count` different spellings of `address` that all reach its account (fullwidth letters in the domain)."""
    local, domain = address.split("@")
    out = []
    for n in range(count):
        chars = [chr(ord(c) + 0xFEE0) if c.isalpha() and n >> i & 1 else c for i, c in enumerate(domain)]
        out.append(f"{local}@{''.join(chars)}")
    return out


def test_spellings_of_one_address_share_one_limit(sqlite_session, limits, monkeypatch):
    monkeypatch.setenv("LOGIN_LIMIT_PER_CLIENT", "1000/15 minutes")  # only the per-account limits matter here
    reset_settings_cache()
    owner = make_user(sqlite_session, email="target@example.com")
    forty = spellings(owner.email, 40)
    assert len({s.lower() for s in forty}) == 40 and len({identity_key(s) for s in forty}) == 1
    checked = 0
    for i, spelling in enumerate(forty):
        try:
            attempt(sqlite_session, spelling, f"guess-number-{i}", "10.0.0.66")
        except ValidationFailed as exc:
            checked += exc.errors["form"] == accounts.SIGN_IN_FAILED  # the password was really tried
    assert checked == 5
    assert identity_key(" TARGET@Example.COM ") == identity_key(owner.email)
    assert attempt(sqlite_session, owner.email, PASSWORD, "192.168.1.20").id == owner.id


def test_text_that_is_not_an_address_gets_a_stable_key_of_its_own():
    assert identity_key("not an email") == identity_key("NOT  AN EMAIL ") == identity_key("ｎｏｔ ａｎ ｅｍａｉｌ")
    assert identity_key("not an email") != identity_key("not an email2") != identity_key("a@example.com")
    assert len(identity_key("x" * 10_000)) == 40
    assert identity_key(None) == identity_key("") == identity_key(12)  # junk from a client never raises


def test_parallel_wrong_passwords_get_exactly_the_limit_of_tries(sqlite_session, limits):
    """40 attempts released at once from one client: only 5 passwords are checked (the hit decides, atomically)."""
    owner = make_user(sqlite_session, email="race@example.com")
    sqlite_session.commit()
    engine = get_engine()
    n = 40
    barrier = threading.Barrier(n)
    outcomes: list[str] = []
    lock = threading.Lock()

    def guess(i: int) -> None:
        with session_scope(engine) as s:
            barrier.wait()
            try:
                attempt(s, owner.email, f"guess-number-{i}", "10.0.0.66")
                result = "signed in"
            except ValidationFailed as exc:
                result = "checked" if exc.errors["form"] == accounts.SIGN_IN_FAILED else "throttled"
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(set(outcomes)) == ["checked", "throttled"] and len(outcomes) == n
    assert outcomes.count("checked") == 5


def test_an_account_under_attack_from_many_clients_pauses_password_sign_in_and_offers_a_link(sqlite_session, limits):
    owner = make_user(sqlite_session, email="popular@example.com")
    for i in range(50):  # 50 botnet addresses, 1 guess each: under every per-client limit, at the ceiling
        with pytest.raises(ValidationFailed):
            attempt(sqlite_session, owner.email, WRONG, f"10.1.{i}.1")
    with pytest.raises(login_limits.AccountUnderAttack) as exc:
        attempt(sqlite_session, owner.email, PASSWORD, "192.168.1.20")
    assert "email you a link" in exc.value.errors["form"]
    # Other accounts are not affected.
    other = make_user(sqlite_session, email="quiet@example.com")
    assert attempt(sqlite_session, other.email, PASSWORD, "10.1.0.1").id == other.id


def test_unknown_addresses_are_limited_like_known_ones(sqlite_session, limits):
    """No enumeration by throttling: a missing account runs into the same limits with the same words."""
    make_user(sqlite_session, email="known@example.com")
    messages = {}
    for email in ("known@example.com", "unknown@example.com"):
        for _ in range(5):
            with pytest.raises(ValidationFailed):
                attempt(sqlite_session, email, WRONG, "10.0.0.66")
        with pytest.raises(ValidationFailed) as exc:
            attempt(sqlite_session, email, WRONG, "10.0.0.66")
        messages[email] = exc.value.errors
    assert messages["known@example.com"] == messages["unknown@example.com"]
