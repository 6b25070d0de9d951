"""A sign-in's activation code is bound to the browser that signed in: another browser (login CSRF) cannot
redeem it, and trying spends it."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from factories import NOW, login_token, make_user

from engnest.accounts.models import UserSession
from engnest.accounts.services import sessions


def start(session, user, browser: str) -> str:
    return sessions.do_start_session(session=session, user=user, binding=sessions.binding_of(browser), now=NOW)


def test_the_browser_that_signed_in_redeems_its_code(session):
    user = make_user(session)
    browser = sessions.new_browser_secret()
    token = sessions.do_activate_session(session=session, code=start(session, user, browser), browser_secret=browser, now=NOW)
    assert sessions.user_for_token(session=session, token=token, now=NOW).id == user.id
    row = session.exec(sa.select(UserSession)).one()[0]
    assert row.binding_hash is None and row.activation_hash is None  # nothing left to redeem


@pytest.mark.parametrize("other", ["another browser", "no cookie", "empty cookie", "the binding itself"])
def test_another_browser_cannot_redeem_an_attackers_code_and_spends_it(session, other):
    attacker, victim = make_user(session), make_user(session)
    victim_token = login_token(session, victim)
    attacker_browser = sessions.new_browser_secret()
    code = start(session, attacker, attacker_browser)
    presented = {
        "another browser": sessions.new_browser_secret(),
        "no cookie": None,
        "empty cookie": "",
        "the binding itself": sessions.binding_of(attacker_browser),
    }[other]
    assert sessions.do_activate_session(
        session=session, code=code, browser_secret=presented, now=NOW, replaces_token=victim_token
    ) is None
    # The victim keeps their own session; the attacker's code is spent, even for the attacker's browser.
    assert sessions.user_for_token(session=session, token=victim_token, now=NOW).id == victim.id
    assert sessions.do_activate_session(session=session, code=code, browser_secret=attacker_browser, now=NOW) is None


def test_a_session_cannot_be_started_without_a_binding(session):
    user = make_user(session)
    for bad in ("", "not-a-hash", "A" * 64, None):
        with pytest.raises(ValueError):
            sessions.do_start_session(session=session, user=user, binding=bad, now=NOW)
    assert session.exec(sa.select(sa.func.count()).select_from(UserSession)).scalar() == 0
