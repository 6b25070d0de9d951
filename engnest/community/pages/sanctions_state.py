"""SanctionsState: the bans of the rooms I moderate (every room for a site admin) and, for site admins, the
suspensions in force, each with a "Lift" button; the handlers re-check the caller on the server."""

from __future__ import annotations

import dataclasses

import reflex as rx

from engnest.accounts.state.session import caller, to_sign_in
from engnest.community.services import moderation_sanctions as sanctions
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.timezones import format_local


@dataclasses.dataclass
class SanctionView:
    id: int = 0
    person: str = ""
    room: str = ""
    reason: str = ""
    until: str = ""


def _unban(*, session, actor_id: int, ban_id: object, now) -> bool:
    return sanctions.do_unban(session=session, request=sanctions.check_unban(session=session, actor_id=actor_id, ban_id=ban_id), now=now)


def _lift(*, session, actor_id: int, suspension_id: object, now) -> bool:
    request = sanctions.check_lift_suspension(session=session, actor_id=actor_id, suspension_id=suspension_id, now=now)
    return sanctions.do_lift_suspension(session=session, request=request, now=now)


class SanctionsState(rx.State):
    bans: list[SanctionView] = []
    suspensions: list[SanctionView] = []
    error: str = ""

    async def _reload(self, user_id: int, tz: str) -> None:
        now = utcnow()
        self.bans = [SanctionView(b.id, b.person, b.room_name, b.reason, "") for b in await in_session(sanctions.bans, viewer_id=user_id)]
        self.suspensions = [SanctionView(x.id, x.person, "", x.reason, format_local(x.until, tz))
                            for x in await in_session(sanctions.suspensions, viewer_id=user_id, now=now)]

    @rx.event
    async def load(self):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        self.error = ""
        await self._reload(user.id, user.timezone)
        return None

    async def _run(self, fn, **kwargs):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        try:
            await in_session(fn, actor_id=user.id, now=utcnow(), **kwargs)
        except ValidationFailed as exc:
            self.error = exc.first()
            return None
        self.error = ""
        await self._reload(user.id, user.timezone)
        return None

    @rx.event
    async def unban(self, ban_id: int):
        return await self._run(_unban, ban_id=ban_id)

    @rx.event
    async def lift(self, suspension_id: int):
        return await self._run(_lift, suspension_id=suspension_id)


def sanctions_panel() -> rx.Component:
    S = SanctionsState

    def row(item: rx.Var, handler, testid: str) -> rx.Component:
        return rx.hstack(
            rx.text(item.person, weight="bold", size="2"),
            rx.cond(item.room != "", rx.text("in ", item.room, size="2")),
            rx.cond(item.until != "", rx.text("until ", item.until, size="2")),
            rx.text(item.reason, size="2", color_scheme="gray"),
            rx.spacer(),
            rx.button("Lift", size="1", variant="soft", on_click=handler(item.id), data_testid=testid),
            width="100%", align="center",
        )

    return rx.vstack(
        rx.cond(S.error != "", rx.text(S.error, color_scheme="red", size="2", role="alert")),
        rx.cond(S.bans.length() > 0, rx.vstack(rx.heading("Room bans", size="4"),
                                               rx.foreach(S.bans, lambda b: row(b, S.unban, "sanction-unban")), width="100%")),
        rx.cond(S.suspensions.length() > 0, rx.vstack(rx.heading("Suspended accounts", size="4"),
                                                      rx.foreach(S.suspensions, lambda x: row(x, S.lift, "sanction-lift")), width="100%")),
        width="100%",
    )
