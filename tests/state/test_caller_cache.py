"""Issue 17: a tab checks its session cookie against the database once, then trusts it for at most
CALLER_TTL_SECONDS, and never after a sign-out, password change, account deletion or timezone change has been
pushed to it. Each test first proves the tab is signed in and served from the cache."""

from __future__ import annotations

import datetime as dt

import time_machine
from factories import NOW, PASSWORD, login_token, make_user
from query_count import count_queries
from sqlmodel import select

from engnest.accounts.models import UserSession
from engnest.accounts.services import accounts, sessions
from engnest.accounts.state.auth import AuthState
from engnest.accounts.state.session import CALLER_TTL_SECONDS, SESSION_TOPIC, CallerCache, caller
from engnest.platform import realtime
from engnest.platform.db import unit_of_work
from state.harness import Tab


async def signed_in_tab(session, user) -> Tab:
    tab = Tab(token=login_token(session, user), path="/home")
    me = await caller(tab.state(AuthState))
    assert me is not None and me.id == user.id  # the first call asks the database
    return tab


async def cached(session, tab: Tab):
    """caller() as a handler would call it, and how many statements it cost."""
    with count_queries(session.get_bind(), all_threads=True) as queries:
        me = await caller(tab.state(AuthState))
    return me, len(queries)


def pushed_session_changes(recorder, user_id: int) -> int:
    return sum(1 for p in recorder.pushes if p.topic == SESSION_TOPIC and user_id in p.user_ids)


async def deliver_session_push(tab: Tab) -> None:
    """What Realtime.deliver does for a "session" push in this tab (the topic's registered handler)."""
    assert (CallerCache, "_on_session") in realtime._topic_handlers[SESSION_TOPIC]
    await tab.state(CallerCache)._on_session(SESSION_TOPIC, {})


async def test_a_signed_in_tab_asks_the_database_once_then_answers_from_its_cache(sqlite_session):
    ada = make_user(sqlite_session)
    tab = await signed_in_tab(sqlite_session, ada)
    me, statements = await cached(sqlite_session, tab)
    assert (me.id, me.email, statements) == (ada.id, ada.email, 0)


async def test_sign_out_elsewhere_is_pushed_and_the_tab_is_signed_out_at_its_next_event(sqlite_session, recorder):
    ada = make_user(sqlite_session)
    tab = await signed_in_tab(sqlite_session, ada)
    token = tab.root.router.headers.cookie.split("engnest_session=")[1]
    assert (await cached(sqlite_session, tab))[1] == 0
    with unit_of_work() as s:
        sessions.do_revoke_token(session=s, token=token, now=NOW)
    assert pushed_session_changes(recorder, ada.id) == 1
    await deliver_session_push(tab)
    me, statements = await cached(sqlite_session, tab)
    assert me is None and statements > 0


async def test_a_password_change_signs_out_every_tab_of_the_account(sqlite_session, recorder):
    ada = make_user(sqlite_session)
    tabs = [await signed_in_tab(sqlite_session, ada) for _ in range(2)]
    with unit_of_work() as s:
        accounts.change_password(session=s, user_id=ada.id, current_password=PASSWORD, new_password="a brand new passphrase 42",
                                 confirm="a brand new passphrase 42", now=NOW)
    assert pushed_session_changes(recorder, ada.id) == 1
    for tab in tabs:
        await deliver_session_push(tab)
        assert (await cached(sqlite_session, tab))[0] is None


async def test_a_deleted_account_acts_no_more(sqlite_session, recorder):
    ada = make_user(sqlite_session)
    tab = await signed_in_tab(sqlite_session, ada)
    with unit_of_work() as s:
        accounts.delete_account(session=s, user_id=ada.id, password=PASSWORD, confirm_text="DELETE")
    assert pushed_session_changes(recorder, ada.id) == 1
    await deliver_session_push(tab)
    assert (await cached(sqlite_session, tab))[0] is None


async def test_a_timezone_change_reaches_the_cached_caller(sqlite_session, recorder):
    ada = make_user(sqlite_session, timezone="Europe/London")
    tab = await signed_in_tab(sqlite_session, ada)
    with unit_of_work() as s:
        accounts.set_timezone(session=s, user_id=ada.id, timezone="Asia/Tokyo", follow_browser=False)
    assert pushed_session_changes(recorder, ada.id) == 1
    await deliver_session_push(tab)
    me, _ = await cached(sqlite_session, tab)
    assert me.timezone == "Asia/Tokyo"


async def test_without_a_push_the_cache_lasts_at_most_its_ttl(sqlite_session):
    """A tab that was disconnected when its session was revoked missed the push: the revocation counts within
    CALLER_TTL_SECONDS all the same."""
    ada = make_user(sqlite_session)
    tab = await signed_in_tab(sqlite_session, ada)
    token = tab.root.router.headers.cookie.split("engnest_session=")[1]
    with unit_of_work() as s:
        sessions.do_revoke_token(session=s, token=token, now=NOW)
    assert (await cached(sqlite_session, tab))[0] is not None  # the push did not reach this tab
    with time_machine.travel(dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=CALLER_TTL_SECONDS + 1), tick=False):
        me, statements = await cached(sqlite_session, tab)
    assert me is None and statements > 0


async def test_a_session_that_ends_sooner_than_the_ttl_is_cached_only_until_it_ends(sqlite_session):
    ada = make_user(sqlite_session)
    tab = await signed_in_tab(sqlite_session, ada)
    cache = tab.state(CallerCache)
    cache._until = 0.0
    with unit_of_work() as s:  # the session's absolute expiry is 5 s away
        row = s.exec(select(UserSession).where(UserSession.user_id == ada.id)).one()
        row.expires_at = NOW + dt.timedelta(seconds=5)
        s.add(row)
    assert (await cached(sqlite_session, tab))[0] is not None
    now = dt.datetime.now(dt.timezone.utc).timestamp()
    assert now < cache._until <= now + 5  # not now + CALLER_TTL_SECONDS


async def test_another_cookie_is_another_lookup(sqlite_session):
    ada, bob = make_user(sqlite_session), make_user(sqlite_session)
    tab = await signed_in_tab(sqlite_session, ada)
    tab.set_router(token=login_token(sqlite_session, bob), path="/home")  # this browser signed in as bob since
    me, statements = await cached(sqlite_session, tab)
    assert me.id == bob.id and statements > 0
    tab.set_router(token=None, path="/home")
    assert (await cached(sqlite_session, tab))[0] is None
