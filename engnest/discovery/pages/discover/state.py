"""DiscoverState: the filters live in the URL; every page load (and back/forward) re-runs the search."""

from __future__ import annotations

import time

import reflex as rx

from engnest.accounts.state.session import Caller, caller, to_sign_in
from engnest.discovery.domain.search import SearchFilters, form_to_params, parse_filters, query_string
from engnest.discovery.pages.people_actions import PeopleActions
from engnest.discovery.pages.people_data import apply_presence, cards_with_presence, refresh_online
from engnest.discovery.services import cards, search
from engnest.network.presence import TOPIC as PRESENCE_TOPIC
from engnest.network.services import friends
from engnest.platform import realtime, routes
from engnest.platform.db import in_session


class DiscoverState(PeopleActions, rx.State):
    loading: bool = True
    results: list[cards.PersonCard] = []
    total: int = 0
    total_label: str = ""
    page: int = 1
    pages_label: str = "1"
    first_shown: int = 0
    last_shown: int = 0
    notes: list[str] = []
    prev_href: str = ""
    next_href: str = ""
    has_city: bool = True
    # The filters, as the form shows them (re-mounted with `form_key` when the URL changes).
    q: str = ""
    discipline: str = ""
    skills: str = ""
    match: str = "any"
    status: str = ""
    preference: str = ""
    within: str = ""
    online: bool = False
    projects: bool = False
    sort: str = "relevance"
    form_key: int = 0
    shown: str = ""  # the query string of the results on screen

    def _show_filters(self, f: SearchFilters) -> None:
        """Put the URL's filters in the form; re-mount it only if they changed (keeps what a user is typing)."""
        shown = (f.text, f.discipline, ", ".join(f.skills), f.skills_mode, f.status, f.preference, str(f.within_km or ""), f.online, f.has_projects, f.sort)
        current = (self.q, self.discipline, self.skills, self.match, self.status, self.preference, self.within, self.online, self.projects, self.sort)
        self.page = f.page
        if shown != current:
            self.q, self.discipline, self.skills, self.match, self.status, self.preference, self.within, self.online, self.projects, self.sort = shown
            self.form_key += 1

    async def _run(self, user: Caller, f: SearchFilters) -> None:
        online = await realtime.directory().online_users(time.time()) if f.online else set()
        found = await in_session(search.search, viewer_id=user.id, filters=f, online_ids=online)
        self.results = await cards_with_presence(user, found.ids, found.distances)
        self.total, self.notes = found.total, found.notes
        plus = "+" if found.more else ""
        self.total_label = f"{found.total:,}{plus} engineer{'' if found.total == 1 and not plus else 's'}"
        self.pages_label = f"{found.pages:,}{plus}"
        self.first_shown = f.offset + 1 if found.ids else 0
        self.last_shown = f.offset + len(found.ids)
        self.prev_href = routes.DISCOVER + query_string(f.with_page(f.page - 1)) if f.page > 1 else ""
        self.next_href = routes.DISCOVER + query_string(f.with_page(f.page + 1)) if found.ids and found.has_next else ""
        self.has_city = await in_session(search.viewer_origin, viewer_id=user.id) is not None
        self.loaded = True

    async def _fetch(self, user: Caller) -> None:
        await self._run(user, self._filters())

    def _filters(self) -> SearchFilters:
        return parse_filters(dict(self.router.url.query_parameters))

    @rx.event
    async def load(self):
        user = await self._start()
        if user is None:
            yield to_sign_in(self)
            return
        filters = self._filters()
        self._show_filters(filters)
        self.loading = True
        yield
        await self._run(user, filters)
        self.loading, self.shown = False, query_string(filters)

    @rx.event
    def apply(self, form: dict):
        """The filter form: new filters go into the URL (a new history entry), which reloads the results."""
        params = form_to_params(form if isinstance(form, dict) else {})
        return rx.redirect(routes.DISCOVER + query_string(parse_filters(params)))

    @rx.event
    async def refresh_presence(self, _value: str = ""):
        if self.loading or not self.results:
            return
        if await caller(self) is None:
            return
        await refresh_online(self.results, self._tz)
        self.results = list(self.results)

    async def _on_presence_push(self, topic: str, payload: dict) -> None:
        if apply_presence(self.results, payload, self._tz):
            self.results = list(self.results)


realtime.subscribe(friends.TOPIC, DiscoverState, "_on_friends_push")
realtime.subscribe(PRESENCE_TOPIC, DiscoverState, "_on_presence_push")
