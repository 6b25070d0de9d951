"""FeedState: the posts feed (hot / new / top of the day, week or all time; by tag or room), a page at a time by
keyset cursor, votes, and writing a post. Every handler re-checks the caller on the server."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.state.session import caller, to_sign_in
from engnest.community.domain import posts as rules
from engnest.community.pages import feed_actions as actions
from engnest.community.pages.feed_views import FeedCard, feed_card
from engnest.community.services import feed
from engnest.platform import routes
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.ids import parse_id

MAX_CARDS = 200  # "Load more" stops growing the page here: a reader goes on from a fresh page


class FeedState(rx.State):
    sort: str = rules.HOT
    window: str = rules.WEEK
    tag: str = ""
    room_id: int = 0
    cards: list[FeedCard] = []
    next_cursor: str = ""
    loaded: bool = False
    errors: dict[str, str] = {}

    _tz: str = "UTC"

    def _query(self) -> rules.FeedQuery:
        return rules.check_feed_query(sort=self.sort, window=self.window, tag=self.tag, room_id=self.room_id or None)

    async def _page(self, user_id: int, cursor: str = "") -> None:
        query = self._query()
        self.sort, self.window, self.tag, self.room_id = query.sort, query.window, query.tag, query.room_id or 0
        try:
            result = await in_session(feed.feed_page, viewer_id=user_id, query=query, cursor=rules.parse_cursor(cursor), now=utcnow())
        except ValidationFailed as exc:
            self.errors, self.cards, self.next_cursor, self.room_id = exc.errors, [], "", 0
            return
        cards = [feed_card(c, tz=self._tz) for c in result.cards]
        self.cards = (self.cards + cards)[:MAX_CARDS] if cursor else cards
        self.next_cursor = result.next_cursor if len(self.cards) < MAX_CARDS else ""
        self.loaded = True

    async def _user(self):
        user = await caller(self)
        if user is not None:
            self._tz = user.timezone
        return user

    @rx.event
    async def load(self):
        """on_load of /feed (?sort=hot|new|top&window=day|week|all&tag=…&room=…)."""
        user = await self._user()
        if user is None:
            return to_sign_in(self)
        params = self.router.url.query_parameters
        self.sort, self.window, self.tag = params.get("sort", rules.HOT), params.get("window", rules.WEEK), params.get("tag", "")
        self.room_id, self.errors = parse_id(params.get("room", "")) or 0, {}
        await self._page(user.id)
        return None

    async def _reload(self, **changes: object):
        user = await self._user()
        if user is None:
            return to_sign_in(self)
        for name, value in changes.items():
            setattr(self, name, value)
        self.errors = {}
        await self._page(user.id)
        return None

    @rx.event
    async def show(self, sort: str | list[str]):
        return await self._reload(sort=sort if sort in rules.SORTS else rules.HOT)

    @rx.event
    async def set_window(self, window: str):
        return await self._reload(window=window if window in rules.WINDOWS else rules.WEEK)

    @rx.event
    async def filter_tag(self, tag: str):
        return await self._reload(tag=tag if isinstance(tag, str) else "")

    @rx.event
    async def everywhere(self):
        return await self._reload(tag="", room_id=0)

    @rx.event
    async def more(self):
        user = await self._user()
        if user is None:
            return to_sign_in(self)
        if self.next_cursor:
            await self._page(user.id, self.next_cursor)
        return None

    @rx.event
    async def vote(self, post_id: int, value: int):
        user = await self._user()
        if user is None:
            return to_sign_in(self)
        try:
            score = await in_session(actions.vote, me=user.id, post_id=post_id, value=value, now=utcnow())
        except ValidationFailed as exc:
            self.errors = exc.errors
            return None
        self.errors = {}
        self.cards = [
            FeedCard(**{**c.__dict__, "score": score, "my_vote": value}) if c.id == post_id else c for c in self.cards
        ]
        return None

    @rx.event
    async def create(self, form: dict):
        user = await self._user()
        if user is None:
            return to_sign_in(self)
        fields = {**(form if isinstance(form, dict) else {}), "room_id": self.room_id or None}
        try:
            post_id = await in_session(actions.create_post, me=user.id, form=fields, now=utcnow())
        except ValidationFailed as exc:
            self.errors = exc.errors
            return None
        self.errors = {}
        return rx.redirect(routes.post_url(post_id))
