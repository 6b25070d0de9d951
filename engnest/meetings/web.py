"""Meetings' registrations with the web layer (loaded by engnest.features.load_web): the availability, free/busy
feed and calendar-feed sections of Settings, the ratings and reliability block on the own profile page, and the
calendar files and payment callbacks over HTTP."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.pages import settings
from engnest.meetings import meetings_http
from engnest.meetings.pages.settings_availability import AvailabilitySettingsState, availability_card
from engnest.meetings.pages.settings_calendar import (
    CalendarFeedSettingsState,
    FreeBusyFeedSettingsState,
    calendar_feed_card,
    free_busy_card,
)
from engnest.meetings.pages.standing import StandingState, standing_block
from engnest.platform.http import register_routes
from engnest.profiles.pages import page as profile_page


def calendar_feed_section() -> rx.Component:
    return rx.box(calendar_feed_card(), id="calendar-feed", width="100%")


def availability_section() -> rx.Component:
    return rx.box(availability_card(), id="availability", width="100%")


def free_busy_section() -> rx.Component:
    return rx.box(free_busy_card(), id="free-busy-feed", width="100%")


settings.register_section(25, availability_section, AvailabilitySettingsState.load)
settings.register_section(27, free_busy_section, FreeBusyFeedSettingsState.load)
settings.register_section(30, calendar_feed_section, CalendarFeedSettingsState.load)
profile_page.register_header_block(standing_block, StandingState.load)
register_routes(*meetings_http.ROUTES)
