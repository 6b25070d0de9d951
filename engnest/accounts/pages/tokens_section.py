"""Settings → API tokens: create a named, scoped token (shown once, right after it is made), list and revoke."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from engnest.accounts.services import api_tokens as tokens
from engnest.accounts.state.session import caller, to_sign_in
from engnest.platform.api.scopes import SCOPES
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.ids import parse_id
from engnest.platform.domain.timezones import format_local
from engnest.platform.ui.forms import field, section_card, stacked_form, submit_button, text_input

EXPIRY_CHOICES = {"never": "Never", **{str(d): f"In {d} days" for d in tokens.EXPIRY_DAYS}}
DATE = "%d %b %Y"


@dataclass
class TokenRow:
    id: int = 0
    name: str = ""
    scope: str = ""
    hint: str = ""
    created: str = ""
    expires: str = ""
    last_used: str = ""


def _row(t: tokens.TokenView, tz: str) -> TokenRow:
    return TokenRow(
        t.id, t.name, SCOPES.get(t.scope, t.scope), t.hint, format_local(t.created_at, tz, DATE),
        format_local(t.expires_at, tz, DATE) if t.expires_at else "never",
        format_local(t.last_used_at, tz, DATE) if t.last_used_at else "never",
    )


class TokensState(rx.State):
    rows: list[TokenRow] = []
    errors: dict[str, str] = {}
    new_token: str = ""  # the token just created: shown once, gone at the next load or action
    form_version: int = 0

    async def _reload(self, user_id: int, tz: str) -> None:
        found = await in_session(tokens.list_tokens, user_id=user_id, now=utcnow())
        self.rows = [_row(t, tz) for t in found]

    @rx.event
    async def load(self):
        user = await caller(self)
        if user is None:
            return None  # the page's own guard redirects
        self.errors, self.new_token = {}, ""
        await self._reload(user.id, user.timezone)
        return None

    @rx.event
    async def create(self, form: dict):
        form = form if isinstance(form, dict) else {}
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        self.errors, self.new_token = {}, ""
        expiry = str(form.get("expires", "never"))
        days: object = None if expiry == "never" else (int(expiry) if expiry.isdigit() and len(expiry) < 4 else expiry)
        try:
            _view, raw = await in_session(
                tokens.create_token, user_id=user.id, name=form.get("name", ""), scope=form.get("scope", ""),
                expires_in_days=days, now=utcnow(),
            )
        except ValidationFailed as exc:
            self.errors = exc.errors
            return None
        self.new_token = raw
        self.form_version += 1
        await self._reload(user.id, user.timezone)
        return None

    @rx.event
    async def revoke(self, token_id):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        self.new_token = ""
        await in_session(tokens.do_revoke, user_id=user.id, token_id=parse_id(token_id), now=utcnow())
        await self._reload(user.id, user.timezone)
        return None

    @rx.event
    def dismiss(self):
        self.new_token = ""


def _token_row(row: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(row.name, weight="medium"),
            rx.text(row.scope, " · …", row.hint, " · created ", row.created, " · expires ", row.expires,
                    " · last used ", row.last_used, size="1", color_scheme="gray"),
            spacing="0",
        ),
        rx.spacer(),
        rx.button("Revoke", color_scheme="red", variant="soft", size="1", on_click=TokensState.revoke(row.id),
                  aria_label="Revoke " + row.name),
        width="100%",
        align="center",
        data_testid="api-token-row",
    )


def tokens_card() -> rx.Component:
    s = TokensState
    return section_card(
        "API tokens",
        "Personal access tokens let your own scripts use the EngNest API (/api/v1/docs) as you, under the same rules as the app.",
        rx.cond(
            s.new_token != "",
            rx.callout(
                rx.vstack(
                    rx.text("Copy your new token now. It is shown only this once:"),
                    rx.code(s.new_token, data_testid="api-new-token", style={"word_break": "break_all"}),
                    rx.button("I have copied it", size="1", variant="soft", on_click=s.dismiss),
                    spacing="2",
                ),
                icon="key_round",
                color_scheme="green",
                width="100%",
            ),
        ),
        stacked_form(
            field("Name", text_input("name", id="api_token_name", placeholder="e.g. my calendar script", max_length=60),
                  s.errors, "name", field_id="api_token_name"),
            field("Access", rx.select.root(
                rx.select.trigger(id="api_token_scope"),
                rx.select.content(*[rx.select.item(label, value=key) for key, label in SCOPES.items()]),
                name="scope", default_value="read"), s.errors, "scope", field_id="api_token_scope"),
            field("Expires", rx.select.root(
                rx.select.trigger(id="api_token_expires"),
                rx.select.content(*[rx.select.item(label, value=key) for key, label in EXPIRY_CHOICES.items()]),
                name="expires", default_value="90"), s.errors, "expires_in_days", field_id="api_token_expires"),
            submit_button("Create token"),
            on_submit=s.create,
            reset_on_submit=True,
            key=s.form_version.to_string(),
        ),
        rx.foreach(s.rows, _token_row),
        rx.cond(s.rows.length() == 0, rx.text("No tokens yet.", size="2", color_scheme="gray")),
        test_id="api-tokens-card",
    )
