"""The account pages as a tab uses them: sign-up answers alike for new and existing addresses and starts no
session; emailed links do nothing until their button is pressed; the sign-in form offers a link by email while
an account is under attack; the banner's "resend" re-checks the caller."""

from __future__ import annotations

import sqlalchemy as sa
from account_support import token_in
from factories import PASSWORD, login_token, make_user

import engnest.engnest  # noqa: F401  (every page, so every state class exists)
from engnest.accounts.models import UserSession
from engnest.accounts.pages.account_links import SignInLinkState, VerifyEmailState
from engnest.accounts.pages.password_reset import ForgotPasswordState, ResetPasswordState
from engnest.accounts.pages.signin import SigninState
from engnest.accounts.pages.signup import SignupState
from engnest.accounts.services import email_verification, sessions
from engnest.accounts.state.auth import AuthState
from engnest.accounts.state.login_flow import LoginFlowState
from engnest.accounts.state.verification import VerificationState
from engnest.platform import throttle
from engnest.platform.mail import mail
from engnest.platform.settings import reset_settings_cache
from state.harness import Tab, event_names, redirect_target


def sessions_started(db) -> int:
    db.expire_all()
    return db.execute(sa.select(sa.func.count()).select_from(UserSession)).scalar_one()


async def finish_sign_in(tab: Tab, events: list) -> list:
    """The button's events lead to the binding step (engnest.accounts.state.login_flow); the browser's binding comes back
    and only then is a session opened."""
    assert "/auth/binding" in str(events[-1])
    return await tab.call(LoginFlowState, "activate", sessions.binding_of(sessions.new_browser_secret()))


def signup_form(email: str, password: str = PASSWORD) -> dict:
    return {"email": email, "password": password, "birth_date": "1991-02-03"}


async def test_the_signup_form_answers_alike_for_a_new_and_an_existing_address(sqlite_session, smtp_sink):
    make_user(sqlite_session, email="taken@example.com")
    seen = []
    for email in ("fresh@example.com", "taken@example.com"):
        tab = Tab(path="/signup")
        events = await tab.call(SignupState, "submit", signup_form(email))
        state = tab.state(SignupState)
        seen.append((state.errors, state.busy, state.sent_to.replace(email, "<address>"), event_names(events)))
    assert seen[0] == seen[1] == ({}, False, "<address>", [])
    assert sessions_started(sqlite_session) == 0  # neither answer signs anyone in
    mail.wait_idle()
    assert [m["Subject"] for m in smtp_sink.to("taken@example.com")] == ["Someone tried to sign up with your address"]
    assert [m["Subject"] for m in smtp_sink.to("fresh@example.com")] == ["Confirm your email address for EngNest"]


async def test_the_verification_link_page_confirms_and_signs_in_only_on_the_button(sqlite_session, smtp_sink):
    await Tab(path="/signup").call(SignupState, "submit", signup_form("new@example.com"))
    mail.wait_idle()
    token = token_in(smtp_sink.to("new@example.com")[0])
    tab = Tab(path="/account/verify", query=f"token={token}")
    await tab.call(VerifyEmailState, "load")
    assert tab.state(VerifyEmailState).email == "new@example.com"
    assert sessions_started(sqlite_session) == 0  # opening the link did nothing

    events = await tab.call(VerifyEmailState, "confirm")
    events = await finish_sign_in(tab, events)
    assert "/auth/session" in str(events[-1])  # on to the cookie endpoint (engnest.accounts.state.login_flow.start_browser_session)
    assert sessions_started(sqlite_session) == 1
    user_id = sqlite_session.execute(sa.select(UserSession.user_id)).scalar_one()
    assert email_verification.is_verified(session=sqlite_session, user_id=user_id)

    again = Tab(path="/account/verify", query=f"token={token}")
    await again.call(VerifyEmailState, "load")
    assert again.state(VerifyEmailState).email == ""
    await again.call(VerifyEmailState, "confirm")
    assert "expired or was already used" in again.state(VerifyEmailState).errors["form"]
    assert sessions_started(sqlite_session) == 1


async def test_an_account_under_attack_gets_the_link_offer_and_the_link_signs_in(sqlite_session, smtp_sink, monkeypatch):
    monkeypatch.setenv("LOGIN_LIMIT_PER_ACCOUNT", "3/hour")
    reset_settings_cache()
    throttle.reset_all()
    owner = make_user(sqlite_session, email="owner@example.com")
    for i in range(3):
        await Tab(path="/signin", client_ip=f"10.1.{i}.1").call(SigninState, "submit", {"email": owner.email, "password": "wrong-password-x"})
    tab = Tab(path="/signin", client_ip="192.168.1.20")
    await tab.call(SigninState, "submit", {"email": owner.email, "password": PASSWORD})
    state = tab.state(SigninState)
    assert state.offer_link and "email you a link" in state.errors["form"]
    assert sessions_started(sqlite_session) == 0

    await tab.call(SigninState, "email_link")
    assert "we emailed it a sign-in link" in tab.state(SigninState).link_note and not tab.state(SigninState).offer_link
    mail.wait_idle()
    token = token_in(smtp_sink.to(owner.email)[0])
    link = Tab(path="/account/sign-in-link", query=f"token={token}", client_ip="192.168.1.20")
    await link.call(SignInLinkState, "load")
    assert link.state(SignInLinkState).email == owner.email and sessions_started(sqlite_session) == 0
    events = await finish_sign_in(link, await link.call(SignInLinkState, "confirm"))
    assert "/auth/session" in str(events[-1]) and sessions_started(sqlite_session) == 1


async def test_forgot_and_reset_pages(sqlite_session, smtp_sink):
    user = make_user(sqlite_session, email="forgetful@example.com")
    old = login_token(sqlite_session, user)
    answers = []
    for email in ("forgetful@example.com", "nobody@example.com"):
        tab = Tab(path="/account/forgot-password")
        await tab.call(ForgotPasswordState, "submit", {"email": email})
        answers.append((tab.state(ForgotPasswordState).errors, tab.state(ForgotPasswordState).sent_to.replace(email, "<address>")))
    assert answers[0] == answers[1] == ({}, "<address>")
    mail.wait_idle()
    token = token_in(smtp_sink.to(user.email)[0])

    tab = Tab(path="/account/reset-password", query=f"token={token}")
    await tab.call(ResetPasswordState, "load")
    assert tab.state(ResetPasswordState).live
    await tab.call(ResetPasswordState, "submit", {"new_password": "new-harbour-lantern-9", "confirm_password": "new-harbour-lantern-8"})
    assert tab.state(ResetPasswordState).errors == {"confirm_password": "The two new passwords do not match."}
    events = await tab.call(ResetPasswordState, "submit", {"new_password": "new-harbour-lantern-9", "confirm_password": "new-harbour-lantern-9"})
    assert redirect_target(events) == "/signin?reset=1"
    signed_in = Tab(token=old, path="/home")
    assert not await signed_in.state(AuthState)._refresh()  # the old session is gone


async def test_the_banner_shows_for_unverified_accounts_and_resend_rechecks_the_caller(sqlite_session, smtp_sink):
    verified, unverified = make_user(sqlite_session), make_user(sqlite_session, verified=False)
    for user, expected in ((verified, True), (unverified, False)):
        tab = Tab(token=login_token(sqlite_session, user), path="/home")
        await tab.call(AuthState, "load")
        assert tab.state(AuthState).signed_in and tab.state(AuthState).email_verified is expected

    anonymous = Tab(path="/home")
    events = await anonymous.call(VerificationState, "resend")
    assert redirect_target(events).startswith("/signin")
    tab = Tab(token=login_token(sqlite_session, unverified), path="/home")
    await tab.call(VerificationState, "resend")
    assert tab.state(VerificationState).note == f"We sent a new link to {unverified.email}."
    mail.wait_idle()
    assert len(smtp_sink.to(unverified.email)) == 1
