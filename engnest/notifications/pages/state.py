"""NotificationsState: the list at /notifications?page=N, newest first, kept live by "notifications" pushes.
Every handler re-checks the session; ids from the browser are only ever matched against the caller's rows."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.state.session import caller, to_sign_in
from engnest.notifications.domain.notification_kinds import page_number
from engnest.notifications.pages.views import NotificationItem, item
from engnest.notifications.services import notification_centre
from engnest.notifications.state.notification_badge import NotificationBadgeState, follow
from engnest.platform import routes
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session

NOT_AVAILABLE = "That notification is not available. It may have been removed."


class NotificationsState(rx.State):
    items: list[NotificationItem] = []
    page: int = 1
    has_more: bool = False
    unread: int = 0
    loaded: bool = False
    notice: str = ""
    _me: int = 0
    _tz: str = "UTC"

    @rx.var
    def newer_href(self) -> str:
        return f"{routes.NOTIFICATIONS}?page={self.page - 1}" if self.page > 1 else ""

    @rx.var
    def older_href(self) -> str:
        return f"{routes.NOTIFICATIONS}?page={self.page + 1}" if self.has_more else ""

    async def _show(self, user_id: int) -> None:
        result = await in_session(notification_centre.page_for, user_id=user_id, page=self.page)
        now = utcnow()
        self.items = [item(r, tz=self._tz, now=now) for r in result.rows]
        self.page, self.has_more, self.unread, self.loaded = result.page, result.has_more, result.unread, True
        badge = await self.get_state(NotificationBadgeState)
        badge.count = result.unread

    @rx.event
    async def load(self):
        user = await caller(self)
        if user is None:
            self.items, self.loaded, self._me = [], False, 0
            return to_sign_in(self)
        if user.id != self._me:
            self.items, self.loaded = [], False  # another account signed in on this tab: nothing of the last one shows
        self._me, self._tz, self.notice = user.id, user.timezone, ""
        self.page = page_number(self.router.url.query_parameters.get("page", "1"))
        await self._show(user.id)
        return None

    @rx.event
    async def open(self, notification_id):
        """Clicked: the notification is read now, and the tab goes where it leads."""
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        link = await in_session(notification_centre.open_notification, user_id=user.id, notification_id=notification_id, now=utcnow())
        if link is None:
            self.notice = NOT_AVAILABLE
            return None
        return rx.redirect(link)

    @rx.event
    async def mark_read(self, notification_id):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        ok = await in_session(notification_centre.mark_read, user_id=user.id, notification_id=notification_id, now=utcnow())
        self.notice = "" if ok else NOT_AVAILABLE
        if user.id == self._me:
            await self._show(user.id)
        return None

    @rx.event
    async def mark_all_read(self):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        await in_session(notification_centre.do_mark_all_read, user_id=user.id, now=utcnow())
        self.notice = ""
        if user.id == self._me:
            await self._show(user.id)
        return None

    async def _follow(self, payload: dict) -> None:
        """A notification arrived or was read in another tab: the list on screen reloads."""
        if self.loaded and self._me and self.router.url.path.rstrip("/") == routes.NOTIFICATIONS:
            await self._show(self._me)


follow(NotificationsState, "_follow")
