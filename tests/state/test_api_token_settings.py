"""Settings → API tokens: every handler re-checks the caller; a new token is shown once (gone at the next load),
works against the API at once, and only its owner can revoke it."""

from __future__ import annotations

from api_support import API, api_client
from factories import login_token, make_user
from sqlmodel import select

from engnest.accounts.models import ApiToken
from engnest.accounts.pages.tokens_section import TokensState
from state.harness import Tab, assert_signed_in, redirect_target


async def test_without_a_session_the_token_handlers_send_to_sign_in_and_write_nothing(sqlite_session):
    victim = make_user(sqlite_session)
    owner_tab = Tab(token=login_token(sqlite_session, victim), path="/settings")
    await owner_tab.call(TokensState, "create", {"name": "victim's", "scope": "read", "expires": "never"})
    tab = Tab(path="/settings")
    assert (redirect_target(await tab.call(TokensState, "create", {"name": "x", "scope": "write"})) or "").startswith("/signin")
    assert (redirect_target(await tab.call(TokensState, "revoke", 1)) or "").startswith("/signin")
    assert [t.name for t in sqlite_session.exec(select(ApiToken)).all()] == ["victim's"]
    assert all(t.revoked_at is None for t in sqlite_session.exec(select(ApiToken)).all())


async def test_a_new_token_is_shown_once_and_works_until_its_owner_revokes_it(sqlite_session):
    me = make_user(sqlite_session)
    tab = Tab(token=login_token(sqlite_session, me), path="/settings")
    await tab.call(TokensState, "load")
    state = tab.state(TokensState)
    await tab.call(TokensState, "create", {"name": "", "scope": "read", "expires": "30"})
    assert "name" in state.errors and state.new_token == "" and state.rows == []
    await tab.call(TokensState, "create", {"name": "calendar script", "scope": "read", "expires": "30"})
    raw = state.new_token
    assert raw.startswith("enk_") and [(r.name, r.scope, r.hint) for r in state.rows] == [("calendar script", "Read only", raw[-4:])]
    headers = {"Authorization": f"Bearer {raw}"}
    assert api_client().get(f"{API}/users/me", headers=headers).json()["email"] == me.email
    await tab.call(TokensState, "load")
    assert state.new_token == "" and len(state.rows) == 1  # shown once
    await tab.call(TokensState, "revoke", state.rows[0].id)
    assert state.rows == [] and api_client().get(f"{API}/users/me", headers=headers).status_code == 401


async def test_a_signed_in_attacker_cannot_revoke_someone_elses_token(sqlite_session):
    victim, eve = make_user(sqlite_session), make_user(sqlite_session)
    victim_tab = Tab(token=login_token(sqlite_session, victim), path="/settings")
    await victim_tab.call(TokensState, "create", {"name": "victim's", "scope": "write", "expires": "never"})
    headers = {"Authorization": f"Bearer {victim_tab.state(TokensState).new_token}"}
    eve_tab = Tab(token=login_token(sqlite_session, eve), path="/settings")
    await assert_signed_in(eve_tab, eve)
    await eve_tab.call(TokensState, "create", {"name": "eve's", "scope": "read", "expires": "7"})
    eve_state = eve_tab.state(TokensState)
    assert [r.name for r in eve_state.rows] == ["eve's"]  # her own only
    victim_id = sqlite_session.exec(select(ApiToken.id).where(ApiToken.user_id == victim.id)).one()
    for junk in (victim_id, str(victim_id), None, -1, "1; drop", 2**70):
        await eve_tab.call(TokensState, "revoke", junk)
    assert api_client().get(f"{API}/users/me", headers=headers).status_code == 200
    await eve_tab.call(TokensState, "revoke", eve_state.rows[0].id)
    assert eve_state.rows == []
