"""StandingState: ratings average, reliability and (own profile only) a request suspension, shown on the
own profile page and on a person's page."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.state.session import caller
from engnest.meetings.pages.views import Standing
from engnest.meetings.services import reliability_scores
from engnest.platform import routes
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.ids import parse_id


class StandingState(rx.State):
    standing: Standing = Standing()

    @rx.event
    async def load(self):
        """The person in the URL (/people/<id>), or the caller on their own profile page."""
        user = await caller(self)
        self.standing = Standing()
        if user is None:
            return
        path = self.router.url.path.rstrip("/")
        prefix = routes.PEOPLE + "/"
        target = parse_id(path[len(prefix):]) if path.startswith(prefix) else user.id
        if target is None:
            return
        found = await in_session(reliability_scores.standing, user_id=target, viewer_id=user.id, now=utcnow())
        if found is not None:
            self.standing = Standing(shown=True, rating=found.rating, reliability=found.reliability, suspended=found.suspended)


def standing_block() -> rx.Component:
    s = StandingState.standing
    return rx.cond(
        s.shown,
        rx.vstack(
            rx.hstack(
                rx.badge(s.rating, color_scheme="amber", size="2", data_testid="rating-average"),
                rx.badge(s.reliability, color_scheme="green", size="2", variant="soft", data_testid="reliability"),
                spacing="2",
                wrap="wrap",
            ),
            rx.cond(s.suspended != "", rx.callout(s.suspended, icon="ban", color_scheme="red", width="100%", data_testid="suspended")),
            spacing="2",
            width="100%",
        ),
    )
