"""Settings: the personal calendar feed (a secret URL for calendar apps): make it, regenerate it, turn it off.

Only the token's hash is stored, so a link is shown once, in the tab that made it.
"""

from __future__ import annotations

import reflex as rx

from engnest.accounts.state.session import Caller, caller, to_sign_in
from engnest.meetings.services import calendar_feed
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.timezones import format_local
from engnest.platform.settings import get_settings
from engnest.platform.ui.forms import section_card


class CalendarFeedSettingsState(rx.State):
    enabled: bool = False
    since: str = ""
    new_url: str = ""  # the link just made, shown once
    note: str = ""

    async def _show(self, user: Caller) -> None:
        feed = await in_session(calendar_feed.feed_of, user_id=user.id)
        self.enabled = feed is not None
        self.since = format_local(feed.created_at, user.timezone) if feed else ""

    @rx.event
    async def load(self):
        user = await caller(self)
        if user is None:
            return None  # the page's own guard redirects
        self.new_url, self.note = "", ""
        await self._show(user)
        return None

    @rx.event
    async def regenerate(self):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        had_one = self.enabled
        path = await in_session(calendar_feed.do_regenerate_feed, user_id=user.id, now=utcnow())
        self.new_url = get_settings().backend_url + path
        await self._show(user)
        self.note = "New link made: calendars using the old one stop updating now." if had_one else "Your calendar feed is on."
        return None

    @rx.event
    async def turn_off(self):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        await in_session(calendar_feed.do_turn_off_feed, user_id=user.id)
        self.new_url = ""
        await self._show(user)
        self.note = "Calendar feed turned off: calendars using its link stop updating now."
        return None


def calendar_feed_card() -> rx.Component:
    s = CalendarFeedSettingsState
    return section_card(
        "Calendar feed",
        "Subscribe to your meetings in a calendar app (Google Calendar, Apple Calendar, Outlook). "
        "Anyone with the link can see your meetings, so keep it private.",
        rx.cond(
            s.new_url != "",
            rx.vstack(
                rx.text("Copy this link into your calendar app now: it is shown only once.", size="2", weight="medium"),
                rx.hstack(
                    rx.input(value=s.new_url, read_only=True, width="100%", aria_label="Calendar feed link", data_testid="feed-url"),
                    rx.button("Copy", variant="soft", on_click=[rx.set_clipboard(s.new_url), rx.toast.info("Copied")]),
                    width="100%",
                ),
                spacing="2",
                width="100%",
            ),
        ),
        rx.cond(
            s.enabled,
            rx.vstack(
                rx.text("Your feed is on (link made ", s.since, ").", size="2", data_testid="feed-status"),
                rx.hstack(
                    rx.button("Regenerate link", variant="soft", on_click=s.regenerate, data_testid="feed-regenerate"),
                    rx.button("Turn off", variant="ghost", color_scheme="red", on_click=s.turn_off, data_testid="feed-off"),
                    wrap="wrap",
                ),
                spacing="2",
            ),
            rx.vstack(
                rx.text("Your feed is off.", size="2", data_testid="feed-status"),
                rx.button("Create a feed link", variant="soft", on_click=s.regenerate, data_testid="feed-create"),
                spacing="2",
            ),
        ),
        rx.cond(s.note != "", rx.text(s.note, size="2", color_scheme="green", data_testid="feed-note")),
        test_id="calendar-feed-card",
    )
