"""Settings → Calendar feed: every handler re-checks the caller, acts on the caller's own feed only, and shows
a new link once."""

from __future__ import annotations

import sqlalchemy as sa
from factories import NOW, login_token, make_user

from engnest.accounts.services import sessions
from engnest.meetings.models import CalendarFeed
from engnest.meetings.pages.settings_calendar import CalendarFeedSettingsState
from engnest.meetings.services import calendar_feed
from state.harness import Tab, redirect_target


def token_of(url: str) -> str:
    return url.rsplit("/", 1)[1].removesuffix(".ics")


def feeds(session) -> list[tuple]:
    session.expire_all()
    return sorted(map(tuple, session.execute(sa.select(CalendarFeed.__table__)).all()))


async def test_without_a_session_the_feed_handlers_send_to_sign_in_and_write_nothing(sqlite_session):
    tab = Tab(path="/settings")
    for handler in ("regenerate", "turn_off"):
        assert (redirect_target(await tab.call(CalendarFeedSettingsState, handler)) or "").startswith("/signin")
    assert feeds(sqlite_session) == []


async def test_a_new_link_is_shown_once_and_regenerating_replaces_it(sqlite_session):
    me = make_user(sqlite_session)
    tab = Tab(token=login_token(sqlite_session, me), path="/settings")
    await tab.call(CalendarFeedSettingsState, "load")
    feed = tab.state(CalendarFeedSettingsState)
    assert not feed.enabled and feed.new_url == ""

    await tab.call(CalendarFeedSettingsState, "regenerate")
    first = feed.new_url
    assert feed.enabled and first.startswith("http") and "/calendar/feed/" in first
    assert calendar_feed.feed_owner(session=sqlite_session, token=token_of(first)) == me.id

    await tab.call(CalendarFeedSettingsState, "load")  # the page again: the link is not shown any more
    assert feed.enabled and feed.new_url == "" and feed.since

    await tab.call(CalendarFeedSettingsState, "regenerate")
    assert calendar_feed.feed_owner(session=sqlite_session, token=token_of(first)) is None
    assert calendar_feed.feed_owner(session=sqlite_session, token=token_of(feed.new_url)) == me.id
    await tab.call(CalendarFeedSettingsState, "turn_off")
    assert not feed.enabled and feed.new_url == "" and feeds(sqlite_session) == []


async def test_a_signed_in_attacker_changes_only_their_own_feed(sqlite_session):
    victim, attacker = make_user(sqlite_session), make_user(sqlite_session)
    victims = token_of(calendar_feed.do_regenerate_feed(session=sqlite_session, user_id=victim.id, now=NOW))
    sqlite_session.commit()  # the test is the outermost caller: services never commit
    victim_row = [r for r in feeds(sqlite_session) if r[0] == victim.id]

    # The attacker is signed in and allowed on their own feed ...
    tab = Tab(token=login_token(sqlite_session, attacker), path="/settings")
    await tab.call(CalendarFeedSettingsState, "regenerate")
    own = tab.state(CalendarFeedSettingsState).new_url
    assert calendar_feed.feed_owner(session=sqlite_session, token=token_of(own)) == attacker.id
    # ... but no call reaches the victim's: the handlers take no user, and forged arguments are refused.
    for handler in ("regenerate", "turn_off"):
        for forged in ((victim.id,), (str(victim.id),), ({"user_id": victim.id},)):
            try:
                await tab.call(CalendarFeedSettingsState, handler, *forged)
            except TypeError:
                pass  # wrong arity: refused before the handler runs
        await tab.call(CalendarFeedSettingsState, handler)
    assert [r for r in feeds(sqlite_session) if r[0] == victim.id] == victim_row
    assert calendar_feed.feed_owner(session=sqlite_session, token=victims) == victim.id


async def test_a_revoked_session_cannot_regenerate(sqlite_session):
    me = make_user(sqlite_session)
    token = login_token(sqlite_session, me)
    sessions.do_revoke_token(session=sqlite_session, token=token, now=NOW)
    sqlite_session.commit()
    tab = Tab(token=token, path="/settings")
    assert (redirect_target(await tab.call(CalendarFeedSettingsState, "regenerate")) or "").startswith("/signin")
    assert feeds(sqlite_session) == []


async def test_the_free_busy_feed_settings_act_on_the_callers_own_feed_only(sqlite_session):
    from engnest.meetings.pages.settings_calendar import FreeBusyFeedSettingsState
    from engnest.meetings.services import availability_feed

    assert (redirect_target(await Tab(path="/settings").call(FreeBusyFeedSettingsState, "regenerate")) or "").startswith("/signin")
    victim, me = make_user(sqlite_session), make_user(sqlite_session)
    victims = token_of(availability_feed.do_regenerate_feed(session=sqlite_session, user_id=victim.id, now=NOW))
    sqlite_session.commit()
    tab = Tab(token=login_token(sqlite_session, me), path="/settings")
    await tab.call(FreeBusyFeedSettingsState, "load")
    feed = tab.state(FreeBusyFeedSettingsState)
    assert not feed.enabled and feed.new_url == ""
    await tab.call(FreeBusyFeedSettingsState, "regenerate")
    assert feed.enabled and "/calendar/free-busy/" in feed.new_url
    assert availability_feed.feed_owner(session=sqlite_session, token=token_of(feed.new_url)) == me.id
    assert tab.state(CalendarFeedSettingsState).enabled is False  # the meetings feed is a separate link
    await tab.call(FreeBusyFeedSettingsState, "turn_off")
    assert not feed.enabled and availability_feed.feed_of(session=sqlite_session, user_id=me.id) is None
    assert availability_feed.feed_owner(session=sqlite_session, token=victims) == victim.id
