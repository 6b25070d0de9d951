"""ProfileState: the owner's profile as plain vars, plus the about/status/links editors."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.state.session import caller, to_sign_in
from engnest.platform import realtime, routes
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.ui.form_input import text_fields
from engnest.profiles.domain import profile as rules
from engnest.profiles.domain.catalog import DISCIPLINES, PREFERENCES, PROFICIENCIES, STATUSES
from engnest.profiles.pages.views import ChecklistStep, ProjectItem, SkillItem
from engnest.profiles.services import profiles

# The editors whose forms show saved values as defaults, and the saved values each one shows.
CARDS = ("about", "status", "links")


def _card_values(p) -> dict[str, tuple]:
    return {
        "about": (p.first_name, p.last_name, p.discipline),  # the pitch has its own card (pitch_state)
        "status": (p.status, p.preference),
        "links": (p.github_url, p.linkedin_url, p.portfolio_url),
    }


class ProfileState(rx.State):
    loaded: bool = False
    # One version per editor: a form is remounted (to show the saved values) only when its own values were
    # saved or changed in another tab, so saving one card never discards what is being typed in another.
    versions: dict[str, int] = {card: 0 for card in CARDS}
    errors: dict[str, str] = {}
    saved: str = ""

    first_name: str = ""
    last_name: str = ""
    pitch: str = ""
    status: str = "recruit"
    discipline: str = ""
    preference: str = ""
    city_label: str = ""
    city_timezone: str = ""
    github_url: str = ""
    linkedin_url: str = ""
    portfolio_url: str = ""
    avatar_url: str = ""
    skills: list[SkillItem] = []
    projects: list[ProjectItem] = []
    checklist: list[ChecklistStep] = []
    complete: bool = False

    _country: str = ""
    _shown: dict[str, tuple] = {}

    @rx.var
    def discipline_label(self) -> str:
        return DISCIPLINES.get(self.discipline, "")

    @rx.var
    def status_label(self) -> str:
        return STATUSES.get(self.status, "")

    @rx.var
    def preference_label(self) -> str:
        return PREFERENCES.get(self.preference, "")

    @rx.var
    def done_count(self) -> int:
        return sum(1 for item in self.checklist if item.done)

    async def _reload(self, user_id: int, remount: tuple[str, ...] = CARDS) -> None:
        """Show the saved profile. Forms of `remount`, and of cards whose saved values changed since this tab
        last showed them, are remounted with the saved values; the others keep what is typed in them."""
        owner = await in_session(profiles.load_owner_profile, user_id=user_id)
        p = owner.profile
        values = _card_values(p)
        changed = [c for c in CARDS if c in remount or self._shown.get(c) != values[c]]
        self._shown = values
        if changed:
            self.versions = {c: self.versions.get(c, 0) + (1 if c in changed else 0) for c in CARDS}
        self.first_name, self.last_name, self.pitch = p.first_name, p.last_name, p.pitch
        self.status, self.discipline, self.preference = p.status, p.discipline, p.preference
        self.city_label, self.city_timezone, self._country = p.city_name, p.city_timezone, p.city_country
        self.github_url, self.linkedin_url, self.portfolio_url = p.github_url, p.linkedin_url, p.portfolio_url
        self.avatar_url = routes.avatar_url(user_id, p.avatar_file.split(".")[0][:8]) if p.avatar_file else ""
        self.skills = [
            SkillItem(id=str(s.id), name=s.name, proficiency=s.proficiency, level=PROFICIENCIES.get(s.proficiency, ""))
            for s in owner.skills
        ]
        self.projects = [
            ProjectItem(id=str(pr.id), title=pr.title, description=pr.description, skills=", ".join(pr.wants))
            for pr in owner.projects
        ]
        self.checklist = [
            ChecklistStep(key=i.key, label=i.label, done=i.done, href=f"{routes.PROFILE}#{rules.CHECKLIST_CARDS.get(i.key, '')}")
            for i in owner.checklist
        ]
        self.complete = p.is_complete
        self.loaded = True
        from engnest.accounts.state.auth import AuthState

        auth = await self.get_state(AuthState)
        auth.profile_complete = p.is_complete
        auth.display_name = f"{p.first_name} {p.last_name}".strip() or auth.display_name

    async def _on_profile_push(self, topic: str, payload: dict) -> None:
        """Another tab of the same user saved a change: show it here too."""
        if not self.loaded:
            return
        user = await caller(self)
        if user is not None:
            await self._reload(user.id, remount=())  # this tab's own saves come back here too: keep its input

    @rx.event
    async def load(self):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        self.errors, self.saved = {}, ""
        self._shown = {}
        await self._reload(user.id)

    async def _save(self, fn, success: str, card: str = "", **kwargs):
        """Run a profile service for the caller; show field errors or a saved note. Only `card`'s form is
        remounted with the saved values."""
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        self.errors, self.saved = {}, ""
        try:
            await in_session(fn, user_id=user.id, now=utcnow(), **kwargs)
        except ValidationFailed as exc:
            self.errors = exc.errors
            return None
        await self._reload(user.id, remount=(card,) if card else ())
        self.saved = success
        return None

    async def _save_form(self, fn, success: str, card: str, form: object, fields: dict[str, str], choices: dict[str, str] | None = None):
        """`fields`/`choices`: form field -> service keyword. A field that did not arrive as text is refused."""
        choices = choices or {}
        values, missing = text_fields(form, *fields, choices=tuple(choices))
        if missing:
            self.errors, self.saved = missing, ""
            return None
        kwargs = {kw: values[name] for name, kw in {**fields, **choices}.items()}
        return await self._save(fn, success, card=card, **kwargs)

    @rx.event
    async def save_about(self, form: dict):
        return await self._save_form(
            profiles.update_about, "Saved your details.", "about", form,
            {"first_name": "first_name", "last_name": "last_name"}, {"discipline": "discipline"},
        )

    @rx.event
    async def save_status(self, form: dict):
        return await self._save_form(
            profiles.set_status, "Saved your status.", "status", form, {}, {"status": "status", "preference": "preference"},
        )

    @rx.event
    async def save_links(self, form: dict):
        return await self._save_form(
            profiles.update_links, "Saved your links.", "links", form,
            {"github_url": "github_url", "linkedin_url": "linkedin_url", "portfolio_url": "portfolio_url"},
        )


realtime.subscribe(profiles.PROFILE_TOPIC, ProfileState, "_on_profile_push")
