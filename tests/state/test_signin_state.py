from factories import PASSWORD, login_token, make_user

from engnest.accounts.pages.signin import SigninState
from engnest.accounts.services import accounts, sessions
from engnest.accounts.state.login_flow import LoginFlowState
from engnest.profiles.pages.state import ProfileState
from state.harness import Tab, redirect_target


async def test_signin_with_wrong_password_shows_the_generic_message(sqlite_session):
    make_user(sqlite_session, email="ada@example.com")
    tab = Tab(path="/signin")
    await tab.call(SigninState, "submit", {"email": "ada@example.com", "password": "wrong-password-1"})
    assert tab.state(SigninState).errors == {"form": accounts.SIGN_IN_FAILED}


async def test_signin_success_hands_the_browser_a_one_time_code_not_a_token(sqlite_session):
    make_user(sqlite_session, email="ada@example.com")
    tab = Tab(path="/signin")
    events = await tab.call(SigninState, "submit", {"email": "ada@example.com", "password": PASSWORD})
    assert tab.state(SigninState).errors == {}
    script = str(events[-1])  # first the browser's binding (engnest.accounts.state.login_flow), then the code
    assert "/auth/binding" in script and "/auth/session" not in script
    events = await tab.call(LoginFlowState, "activate", sessions.binding_of(sessions.new_browser_secret()))
    script = str(events[-1])
    assert "/auth/session" in script and "code" in script and "engnest_session" not in script


async def test_profile_handlers_refuse_a_caller_without_a_session(sqlite_session):
    tab = Tab(path="/profile")
    events = await tab.call(ProfileState, "save_about", {"first_name": "Eve", "last_name": "X", "pitch": "", "discipline": "civil"})
    assert redirect_target(events).startswith("/signin")


async def test_a_forged_payload_type_is_handled_as_bad_input(sqlite_session):
    user = make_user(sqlite_session)
    tab = Tab(token=login_token(sqlite_session, user), path="/profile")
    await tab.call(ProfileState, "save_about", "not-a-dict")
    assert "first_name" in tab.state(ProfileState).errors
