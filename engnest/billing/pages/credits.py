"""Meeting credits: balance, history, and buying more through the payment provider."""

from __future__ import annotations

import dataclasses

import reflex as rx

from engnest.accounts.state.auth import AuthState
from engnest.accounts.state.session import backend_base, caller, full_page_load, to_sign_in
from engnest.billing import checkout
from engnest.billing.domain.credits import ENTRY_KINDS, PACKS, format_price
from engnest.billing.payments import provider as payment_provider
from engnest.billing.services import credits
from engnest.billing.services.credits import TOPIC
from engnest.platform import realtime, routes
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.timezones import format_local
from engnest.platform.settings import get_settings
from engnest.platform.ui.forms import form_error
from engnest.platform.ui.shell import app_page


@dataclasses.dataclass
class LedgerLine:
    when: str = ""  # in the viewer's timezone
    what: str = ""
    delta: str = ""  # "+5", "-1", "0"
    link: str = ""  # the meeting it belongs to ("" for purchases and gifts)


@dataclasses.dataclass
class PackOffer:
    key: str = ""
    label: str = ""
    price: str = ""


class CreditsState(rx.State):
    balance: int = 0
    entries: list[LedgerLine] = []
    packs: list[PackOffer] = []
    can_buy: bool = False
    errors: dict[str, str] = {}
    notice: str = ""
    busy: bool = False
    _user_id: int = 0

    async def _reload(self, user_id: int, tz: str) -> None:
        balance, rows = await in_session(credits.summary, user_id=user_id)
        self.balance = balance
        self.entries = [
            LedgerLine(when=format_local(e.created_at, tz, "%d %b %Y, %H:%M"), what=ENTRY_KINDS.get(e.kind, e.kind), delta=f"{e.delta:+d}" if e.delta else "0",
                       link=routes.meeting_url(e.meeting_id) if e.meeting_id else "")
            for e in rows
        ]
        currency = get_settings().credits_currency
        self.packs = [PackOffer(key=p.key, label=p.label, price=format_price(p.amount_cents, currency)) for p in PACKS.values()]
        self.can_buy = payment_provider() is not None

    @rx.event
    async def load(self):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        self._user_id, self.errors, self.busy = user.id, {}, False
        params = self.router.url.query_parameters
        self.notice = "Thank you! Your credits appear here as soon as the payment is confirmed." if params.get("paid") else (
            "Payment cancelled; nothing was charged." if params.get("cancelled") else "")
        await self._reload(user.id, user.timezone)
        return None

    async def _on_credits_push(self, topic: str, payload: dict) -> None:
        user = await caller(self)
        if user is not None and user.id == self._user_id:
            await self._reload(user.id, user.timezone)

    @rx.event
    async def buy(self, pack_key: str):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        self.errors, self.busy = {}, True
        public = get_settings().public_url.rstrip("/")
        try:
            _, url = await in_session(
                checkout.buy, user_id=user.id, pack_key=str(pack_key)[:16], provider=payment_provider(),
                currency=get_settings().credits_currency, success_url=f"{public}{routes.CREDITS}?paid=1",
                cancel_url=f"{public}{routes.CREDITS}?cancelled=1", now=utcnow(),
            )
        except ValidationFailed as exc:
            self.errors, self.busy = exc.errors, False
            return None
        return full_page_load(url if url.startswith("http") else backend_base(self) + url)


realtime.subscribe(TOPIC, CreditsState, "_on_credits_push")

S = CreditsState


def pack_card(pack) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(pack.label, size="4"),
            rx.text(pack.price, size="5", weight="bold"),
            rx.button("Buy", on_click=S.buy(pack.key), loading=S.busy, width="100%", data_testid="buy-" + pack.key),
            align="center",
            spacing="2",
        ),
    )


def credits_page() -> rx.Component:
    return app_page(
        rx.vstack(
            rx.heading("Meeting credits", size="7"),
            rx.text("In-person meetings are free. An online meeting uses one credit: it is reserved when you send the request, "
                    "spent only if they accept, and returned if they decline or cancel.", color_scheme="gray"),
            rx.cond(S.notice != "", rx.callout(S.notice, icon="info", data_testid="credits-notice")),
            rx.card(rx.hstack(rx.text("Balance", size="3"), rx.heading(S.balance.to_string(), size="8", data_testid="credit-balance"), align="center", spacing="4")),
            form_error(S.errors, "pack"),
            rx.cond(
                S.can_buy,
                rx.grid(rx.foreach(S.packs, pack_card), columns=rx.breakpoints(initial="1", sm="3"), spacing="3", width="100%"),
                rx.text("Buying credits is not available on this server.", color_scheme="gray"),
            ),
            rx.heading("History", size="4"),
            rx.cond(S.entries.length() == 0, rx.text("No credits used or bought yet.", size="2", color_scheme="gray")),
            rx.table.root(
                rx.table.body(
                    rx.foreach(
                        S.entries,
                        lambda e: rx.table.row(
                            rx.table.cell(e.when),
                            rx.table.cell(rx.cond(e.link != "", rx.link(e.what, href=e.link), rx.text(e.what))),
                            rx.table.cell(e.delta, text_align="right"),
                            data_testid="credit-entry",
                        ),
                    )
                ),
                width="100%",
            ),
            spacing="4",
            width="100%",
        )
    )


ON_LOAD = [AuthState.require_login, CreditsState.load]
