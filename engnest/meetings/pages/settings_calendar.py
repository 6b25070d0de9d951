"""Settings: the two secret calendar links: the meetings feed (every meeting with its details, for the person's
own calendar app) and the free/busy feed (free hours and meeting times only, to share). Each: make it,
regenerate it, turn it off. Only a token's hash is stored, so a link is shown once, in the tab that made it."""

from __future__ import annotations

from types import ModuleType

import reflex as rx

from engnest.accounts.state.session import Caller, caller, to_sign_in
from engnest.meetings.services import availability_feed, calendar_feed
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.timezones import format_local
from engnest.platform.settings import get_settings
from engnest.platform.ui.forms import section_card


class _FeedSettings(rx.State, mixin=True):
    """One secret feed of the caller's (the service module's feed_of, do_regenerate_feed, do_turn_off_feed)."""

    enabled: bool = False
    since: str = ""
    new_url: str = ""  # the link just made, shown once
    note: str = ""

    def _service(self) -> ModuleType:
        raise NotImplementedError

    async def _show(self, user: Caller) -> None:
        feed = await in_session(self._service().feed_of, user_id=user.id)
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
        path = await in_session(self._service().do_regenerate_feed, user_id=user.id, now=utcnow())
        self.new_url = get_settings().backend_url + path
        await self._show(user)
        self.note = "New link made: calendars using the old one stop updating now." if had_one else "Your feed is on."
        return None

    @rx.event
    async def turn_off(self):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        await in_session(self._service().do_turn_off_feed, user_id=user.id)
        self.new_url = ""
        await self._show(user)
        self.note = "Feed turned off: calendars using its link stop updating now."
        return None


class CalendarFeedSettingsState(_FeedSettings, rx.State):
    def _service(self) -> ModuleType:
        return calendar_feed


class FreeBusyFeedSettingsState(_FeedSettings, rx.State):
    def _service(self) -> ModuleType:
        return availability_feed


def _feed_card(s: type[_FeedSettings], title: str, about: str, ids: str) -> rx.Component:
    return section_card(
        title,
        about,
        rx.cond(
            s.new_url != "",
            rx.vstack(
                rx.text("Copy this link into your calendar app now: it is shown only once.", size="2", weight="medium"),
                rx.hstack(
                    rx.input(value=s.new_url, read_only=True, width="100%", aria_label=f"{title} link", data_testid=f"{ids}-url"),
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
                rx.text("Your feed is on (link made ", s.since, ").", size="2", data_testid=f"{ids}-status"),
                rx.hstack(
                    rx.button("Regenerate link", variant="soft", on_click=s.regenerate, data_testid=f"{ids}-regenerate"),
                    rx.button("Turn off", variant="ghost", color_scheme="red", on_click=s.turn_off, data_testid=f"{ids}-off"),
                    wrap="wrap",
                ),
                spacing="2",
            ),
            rx.vstack(
                rx.text("Your feed is off.", size="2", data_testid=f"{ids}-status"),
                rx.button("Create a feed link", variant="soft", on_click=s.regenerate, data_testid=f"{ids}-create"),
                spacing="2",
            ),
        ),
        rx.cond(s.note != "", rx.text(s.note, size="2", color_scheme="green", data_testid=f"{ids}-note")),
        test_id=f"{ids}-card" if ids != "feed" else "calendar-feed-card",
    )


def calendar_feed_card() -> rx.Component:
    return _feed_card(
        CalendarFeedSettingsState,
        "Calendar feed",
        "Subscribe to your meetings in a calendar app (Google Calendar, Apple Calendar, Outlook). "
        "Anyone with the link can see your meetings, so keep it private.",
        "feed",
    )


def free_busy_card() -> rx.Component:
    return _feed_card(
        FreeBusyFeedSettingsState,
        "Free/busy feed",
        "Your free hours (from Availability above) and the times of your meetings for the next 8 weeks, with no "
        "names, places or messages: add it to another calendar or share it with people you plan with. "
        "Regenerate the link to stop everyone who has the old one.",
        "free-busy",
    )
