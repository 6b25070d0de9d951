"""The sign-in's binding step (engnest.accounts.state.login_flow): a pending session is created only for the user this
tab just authenticated, bound to the binding its browser sent, and only within the activation window."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
import time_machine
from factories import NOW, PASSWORD, login_token, make_user

from engnest.accounts.models import UserSession
from engnest.accounts.pages.settings import SettingsState
from engnest.accounts.pages.signin import SigninState
from engnest.accounts.services import sessions
from engnest.accounts.state.login_flow import LoginFlowState
from state.harness import Tab, redirect_target


def pending(session) -> list[UserSession]:
    session.expire_all()
    return [r[0] for r in session.execute(sa.select(UserSession).where(UserSession.activation_hash.is_not(None))).all()]


def a_binding() -> str:
    return sessions.binding_of(sessions.new_browser_secret())


async def test_activate_without_a_sign_in_in_this_tab_creates_nothing(sqlite_session):
    make_user(sqlite_session)
    events = await Tab(path="/signin").call(LoginFlowState, "activate", a_binding())
    assert redirect_target(events) == "/signin?expired=1"
    assert pending(sqlite_session) == []


async def test_sign_in_then_binding_creates_one_pending_session_bound_to_it(sqlite_session):
    user = make_user(sqlite_session, email="ada@example.com")
    tab = Tab(path="/signin", query="next=%2Fmeetings")
    events = await tab.call(SigninState, "submit", {"email": "ada@example.com", "password": PASSWORD})
    assert "/auth/binding" in str(events[-1]) and pending(sqlite_session) == []  # no code before the binding
    binding = a_binding()
    events = await tab.call(LoginFlowState, "activate", binding)
    [row] = pending(sqlite_session)
    assert row.user_id == user.id and row.binding_hash == binding
    assert "/auth/session" in str(events[-1])
    # Once only: a second binding from this tab (or a replay) opens nothing more.
    assert redirect_target(await tab.call(LoginFlowState, "activate", a_binding())) == "/signin?expired=1"
    assert len(pending(sqlite_session)) == 1


async def test_a_malformed_binding_or_a_late_one_is_refused(sqlite_session):
    make_user(sqlite_session, email="ada@example.com")
    for bad in ("", "x" * 64, None, 42, {"binding": "x"}):
        tab = Tab(path="/signin")
        await tab.call(SigninState, "submit", {"email": "ada@example.com", "password": PASSWORD})
        assert redirect_target(await tab.call(LoginFlowState, "activate", bad)) == "/signin?expired=1"
    tab = Tab(path="/signin")
    await tab.call(SigninState, "submit", {"email": "ada@example.com", "password": PASSWORD})
    with time_machine.travel(NOW + sessions.ACTIVATION_TTL + dt.timedelta(seconds=5), tick=False):
        assert redirect_target(await tab.call(LoginFlowState, "activate", a_binding())) == "/signin?expired=1"
    assert pending(sqlite_session) == []


async def test_a_password_change_continues_through_the_binding_step(sqlite_session):
    user = make_user(sqlite_session)
    tab = Tab(token=login_token(sqlite_session, user), path="/settings")
    form = {"current_password": PASSWORD, "new_password": "violet-anchor-river-88", "confirm_password": "violet-anchor-river-88"}
    events = await tab.call(SettingsState, "change_password", form)
    assert "/auth/binding" in str(events[-1])
    await tab.call(LoginFlowState, "activate", a_binding())
    assert [r.user_id for r in pending(sqlite_session)] == [user.id]
