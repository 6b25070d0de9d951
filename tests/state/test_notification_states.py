"""The bell and the notification list, called as a browser tab would: every handler re-checks the session,
forged ids of another user's notifications do nothing, bad page numbers show an empty page, and times are
in the viewer's timezone."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import NOW, login_token, make_user
from sqlmodel import select

import engnest.engnest  # noqa: F401  (every state class exists, as in the app)
from engnest.accounts.services import accounts
from engnest.accounts.state.auth import AuthState
from engnest.notifications.models import Notification
from engnest.notifications.pages.settings_email import EmailSettingsState
from engnest.notifications.pages.state import NOT_AVAILABLE, NotificationsState
from engnest.notifications.services import notifications
from engnest.notifications.state.notification_badge import NotificationBadgeState
from engnest.platform import routes
from engnest.platform.domain.timezones import format_local
from state.harness import Tab, assert_signed_in, redirect_target


def make(session, user, n: int, link: str = routes.FRIENDS) -> None:
    for i in range(n):
        notifications.do_notify(session=session, user_id=user.id, kind="friend_request", title=f"note {i}", link=link, now=NOW + dt.timedelta(seconds=i))
    session.commit()


async def opened(session, user, query: str = "") -> Tab:
    tab = Tab(token=login_token(session, user), path=routes.NOTIFICATIONS, query=query)
    await tab.call(AuthState, "require_login")
    await tab.call(NotificationsState, "load")
    return tab


async def test_a_signed_out_tab_is_sent_to_sign_in_by_every_handler(sqlite_session):
    tab = Tab(path=routes.NOTIFICATIONS)
    for handler, args in [("load", ()), ("open", (1,)), ("mark_read", (1,)), ("mark_all_read", ())]:
        assert redirect_target(await tab.call(NotificationsState, handler, *args)).startswith(routes.SIGN_IN), handler
    assert tab.state(NotificationsState).items == []
    assert redirect_target(await tab.call(EmailSettingsState, "set_enabled", False)).startswith(routes.SIGN_IN)


async def test_the_list_shows_a_page_newest_first_in_the_viewers_timezone(sqlite_session):
    me = make_user(sqlite_session, timezone="Asia/Tokyo")
    make(sqlite_session, me, 25)
    tab = await opened(sqlite_session, me)
    state = tab.state(NotificationsState)
    assert [i.title for i in state.items][:2] == ["note 24", "note 23"] and len(state.items) == 20
    assert state.has_more and state.older_href == f"{routes.NOTIFICATIONS}?page=2" and state.newer_href == ""
    assert state.items[-1].stamp == format_local(NOW + dt.timedelta(seconds=5), "Asia/Tokyo") and "21:00" in state.items[-1].time
    assert state.items[0].label == "Friend request" and state.items[0].icon == "user_plus" and not state.items[0].read
    assert tab.state(NotificationBadgeState).count == 25
    page2 = await opened(sqlite_session, me, "page=2")
    assert [i.title for i in page2.state(NotificationsState).items] == [f"note {i}" for i in range(4, -1, -1)]
    assert page2.state(NotificationsState).newer_href == f"{routes.NOTIFICATIONS}?page=1"


@pytest.mark.parametrize("query,page,count", [("page=abc", 1, 3), ("page=-3", 1, 3), ("page=0", 1, 3), ("page=7", 7, 0), ("page=" + "9" * 30, 100_000, 0)])
async def test_bad_page_numbers_show_the_first_or_an_empty_page(sqlite_session, query, page, count):
    me = make_user(sqlite_session)
    make(sqlite_session, me, 3)
    state = (await opened(sqlite_session, me, query)).state(NotificationsState)
    assert (state.page, len(state.items), state.loaded) == (page, count, True)


async def test_opening_a_notification_marks_it_read_and_goes_where_it_leads(sqlite_session):
    me = make_user(sqlite_session)
    make(sqlite_session, me, 2, link=routes.person_url(42))
    tab = await opened(sqlite_session, me)
    first = tab.state(NotificationsState).items[0]
    assert redirect_target(await tab.call(NotificationsState, "open", first.id)) == routes.person_url(42)
    assert notifications.unread_count(session=sqlite_session, user_id=me.id) == 1


async def test_a_forged_id_of_another_users_notification_does_nothing(sqlite_session):
    me, victim = make_user(sqlite_session), make_user(sqlite_session)
    make(sqlite_session, victim, 1, link=routes.meeting_url(7))
    make(sqlite_session, me, 1)
    (theirs,) = sqlite_session.exec(select(Notification.id).where(Notification.user_id == victim.id)).all()
    (mine,) = sqlite_session.exec(select(Notification.id).where(Notification.user_id == me.id)).all()
    tab = await opened(sqlite_session, me)
    # Signed in, and marking one's own notification read works.
    await assert_signed_in(tab, me)
    await tab.call(NotificationsState, "mark_read", mine)
    assert notifications.unread_count(session=sqlite_session, user_id=me.id) == 0
    for handler in ("open", "mark_read"):
        assert await tab.call(NotificationsState, handler, theirs) == []  # no redirect
        assert tab.state(NotificationsState).notice == NOT_AVAILABLE
    for junk in ("", "x", None, {"id": theirs}, [theirs], -1, "9" * 40):
        await tab.call(NotificationsState, "open", junk)
        await tab.call(NotificationsState, "mark_read", junk)
    await tab.call(NotificationsState, "mark_all_read")
    assert notifications.unread_count(session=sqlite_session, user_id=victim.id) == 1


async def test_mark_one_and_mark_all_read_update_the_list_and_the_bell(sqlite_session):
    me = make_user(sqlite_session)
    make(sqlite_session, me, 3)
    tab = await opened(sqlite_session, me)
    await tab.call(NotificationsState, "mark_read", tab.state(NotificationsState).items[1].id)
    assert [i.read for i in tab.state(NotificationsState).items] == [False, True, False]
    assert tab.state(NotificationBadgeState).count == 2
    await tab.call(NotificationsState, "mark_all_read")
    assert all(i.read for i in tab.state(NotificationsState).items) and tab.state(NotificationBadgeState).count == 0
    assert tab.state(NotificationsState).unread == 0


async def test_a_push_raises_the_bell_and_reloads_the_open_list(sqlite_session):
    me = make_user(sqlite_session)
    tab = await opened(sqlite_session, me)
    assert tab.state(NotificationsState).items == [] and tab.state(NotificationBadgeState).count == 0
    make(sqlite_session, me, 1)
    await tab.state(NotificationBadgeState)._on_push(notifications.TOPIC, {"id": 1, "kind": "friend_request"})
    assert tab.state(NotificationBadgeState).count == 1
    assert [i.title for i in tab.state(NotificationsState).items] == ["note 0"]


async def test_a_user_who_was_away_sees_the_count_at_the_next_page_load(sqlite_session):
    me = make_user(sqlite_session)
    make(sqlite_session, me, 4)  # made while no tab was open
    tab = Tab(token=login_token(sqlite_session, me), path=routes.HOME)
    await tab.call(AuthState, "require_login")
    assert tab.state(NotificationBadgeState).count == 4


async def test_the_email_switch_saves_the_opt_out_and_refuses_junk(sqlite_session):
    me = make_user(sqlite_session)
    tab = Tab(token=login_token(sqlite_session, me), path=routes.SETTINGS)
    await tab.call(EmailSettingsState, "load")
    assert tab.state(EmailSettingsState).enabled is True
    await tab.call(EmailSettingsState, "set_enabled", False)
    sqlite_session.expire_all()
    assert accounts.get_user(session=sqlite_session, user_id=me.id).email_notifications is False
    for junk in ("false", 0, None, {}, "' OR 1=1"):
        await tab.call(EmailSettingsState, "set_enabled", junk)
    sqlite_session.expire_all()
    assert accounts.get_user(session=sqlite_session, user_id=me.id).email_notifications is False
    await tab.call(EmailSettingsState, "set_enabled", True)
    sqlite_session.expire_all()
    assert accounts.get_user(session=sqlite_session, user_id=me.id).email_notifications is True
