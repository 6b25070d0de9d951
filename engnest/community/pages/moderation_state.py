"""ModerationState: the moderation queue (/moderation) of the signed-in room moderator or site admin, and for
admins the site audit. Every handler re-checks the caller; the services decide what each may see and do. Live:
a "moderation" push (ids only) reloads the queue."""

from __future__ import annotations

import dataclasses

import reflex as rx

from engnest.accounts.state.session import caller, to_sign_in
from engnest.community.services import moderation_queue, moderation_reports
from engnest.community.services.reports import TOPIC
from engnest.platform import realtime
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.ids import parse_id
from engnest.platform.domain.timezones import format_local


@dataclasses.dataclass
class QueueView:
    id: int = 0
    kind: str = ""
    reason: str = ""
    note: str = ""
    excerpt: str = ""
    room: str = ""
    reporter: str = ""
    reported: str = ""
    when: str = ""
    reports: int = 1


@dataclasses.dataclass
class AuditView:
    id: int = 0
    when: str = ""
    actor: str = ""
    action: str = ""
    target: str = ""
    room: str = ""
    reason: str = ""
    detail: str = ""


def _resolve(*, session, actor_id: int, form: dict, now) -> int:
    days = parse_id(form.get("days")) if form.get("days") else None
    request = moderation_reports.check_resolve(session=session, actor_id=actor_id, report_id=parse_id(form.get("report_id")), action=form.get("action"),
                                               message=form.get("message", ""), days=days)
    return moderation_reports.do_resolve(session=session, request=request, now=now)


class ModerationState(rx.State):
    items: list[QueueView] = []
    has_more: bool = False
    is_admin: bool = False
    audit: list[AuditView] = []
    refused: str = ""
    loaded: bool = False
    errors: dict[str, str] = {}
    error_for: int = 0  # the report the errors are about
    _me: int = 0
    _tz: str = "UTC"

    async def _reload(self) -> None:
        try:
            page = await in_session(moderation_queue.queue, viewer_id=self._me)
        except ValidationFailed as exc:
            self.refused, self.items, self.audit, self.loaded = exc.first(), [], [], True
            return
        self.refused, self.loaded, self.is_admin, self.has_more = "", True, page.is_admin, page.has_more
        self.items = [QueueView(i.id, i.kind_label, i.reason, i.note, i.excerpt, i.room_name, i.reporter, i.reported,
                                format_local(i.created_at, self._tz), i.reports) for i in page.items]
        if page.is_admin:
            lines, _ = await in_session(moderation_queue.site_audit, viewer_id=self._me)
            self.audit = [AuditView(a.id, format_local(a.created_at, self._tz), a.actor, a.action, a.target, a.room_name, a.reason, a.detail) for a in lines]
        else:
            self.audit = []

    @rx.event
    async def load(self):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        self._me, self._tz, self.errors, self.error_for = user.id, user.timezone, {}, 0
        await self._reload()
        return None

    @rx.event
    async def resolve(self, form: dict):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        self._me, self._tz = user.id, user.timezone
        form = form if isinstance(form, dict) else {}
        try:
            await in_session(_resolve, actor_id=user.id, form=form, now=utcnow())
        except ValidationFailed as exc:
            self.errors, self.error_for = exc.errors, parse_id(form.get("report_id")) or 0
            return None
        self.errors, self.error_for = {}, 0
        await self._reload()
        return rx.toast.success("Done: the report is closed and the action is in the audit.", id="moderation-done")

    async def _on_push(self, topic: str, payload: dict) -> None:
        if self.loaded and self._me and not self.refused:
            await self._reload()


realtime.subscribe(TOPIC, ModerationState, "_on_push")
