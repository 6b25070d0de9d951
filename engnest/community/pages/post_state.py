"""PostState: one post with its code snippet, votes and nested comments (reply, edit, delete). Every handler
re-checks the caller, and the services re-check that they may see the post and act on it."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.state.session import caller, to_sign_in
from engnest.community.pages import feed_actions as actions
from engnest.community.pages.feed_views import CommentItem, FeedCard, comment_item, feed_card, parts, route_post
from engnest.community.pages.views import Part
from engnest.community.services import feed
from engnest.community.services.posts import NO_POST
from engnest.platform import routes
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed


class PostState(rx.State):
    post_id: int = 0
    card: FeedCard = FeedCard()
    body: list[Part] = []
    code: str = ""
    mine: bool = False
    may_moderate: bool = False
    comments: list[CommentItem] = []
    replying_to: int = 0  # the comment a reply is being written to (0: to the post)
    editing: int = 0  # the comment being edited
    editing_post: bool = False
    raw_body: str = ""  # the post's text as written (the edit form's starting value)
    loaded: bool = False
    refused: str = ""
    errors: dict[str, str] = {}

    _me: int = 0
    _tz: str = "UTC"

    async def _user(self):
        user = await caller(self)
        if user is not None:
            self._me, self._tz = user.id, user.timezone
        return user

    async def _refresh(self) -> None:
        try:
            view = await in_session(feed.post_view, viewer_id=self._me, post_id=self.post_id)
            lines = await in_session(feed.comment_thread, viewer_id=self._me, post_id=self.post_id)
        except ValidationFailed:
            self.refused, self.loaded, self.post_id, self.comments, self.body, self.code = NO_POST, True, 0, [], [], ""
            return
        self.card, self.body, self.code, self.raw_body = feed_card(view.card, tz=self._tz), parts(view.body), view.code, view.body
        self.mine, self.may_moderate, self.refused, self.loaded = view.mine, view.may_moderate, "", True
        self.comments = [comment_item(line, me=self._me, tz=self._tz) for line in lines]

    @rx.event
    async def load(self):
        """on_load of /feed/[post_id]."""
        user = await self._user()
        if user is None:
            return to_sign_in(self)
        self.post_id, self.errors, self.replying_to, self.editing = route_post(self.router.url.path), {}, 0, 0
        await self._refresh()
        return None

    async def _act(self, fn, **kwargs):
        user = await self._user()
        if user is None:
            return to_sign_in(self)
        if not self.post_id:
            return None
        try:
            await in_session(fn, me=user.id, post_id=self.post_id, now=utcnow(), **kwargs)
        except ValidationFailed as exc:
            self.errors = exc.errors
            return None
        self.errors, self.replying_to, self.editing, self.editing_post = {}, 0, 0, False
        await self._refresh()
        return None

    @rx.event
    async def vote(self, value: int):
        return await self._act(actions.vote, value=value)

    @rx.event
    def reply_to(self, comment_id: int):
        self.replying_to, self.editing = comment_id if isinstance(comment_id, int) else 0, 0

    @rx.event
    def edit(self, comment_id: int):
        self.editing, self.replying_to = comment_id if isinstance(comment_id, int) else 0, 0

    @rx.event
    def edit_post(self):
        self.editing_post, self.replying_to, self.editing = self.mine, 0, 0

    @rx.event
    def cancel(self):
        self.replying_to, self.editing, self.editing_post, self.errors = 0, 0, False, {}

    @rx.event
    async def save_post(self, form: dict):
        return await self._act(actions.edit_post, form=form)

    @rx.event
    async def comment(self, form: dict):
        body = form.get("body") if isinstance(form, dict) else None
        return await self._act(actions.comment, body=body, parent_id=self.replying_to or None)

    @rx.event
    async def save_comment(self, form: dict):
        body = form.get("body") if isinstance(form, dict) else None
        return await self._act(actions.edit_comment, comment_id=self.editing, body=body)

    @rx.event
    async def delete_comment(self, comment_id: int):
        return await self._act(actions.delete_comment, comment_id=comment_id)

    @rx.event
    async def delete_post(self):
        user = await self._user()
        if user is None:
            return to_sign_in(self)
        try:
            await in_session(actions.delete_post, me=user.id, post_id=self.post_id, now=utcnow())
        except ValidationFailed as exc:
            self.errors = exc.errors
            return None
        return rx.redirect(routes.FEED)
