"""ProfileState: the owner's profile as plain vars, plus the about/status/links editors."""

from __future__ import annotations

import reflex as rx

from engnest import realtime, routes
from engnest.clock import utcnow
from engnest.db import in_session
from engnest.domain import profile as rules
from engnest.domain import redaction
from engnest.domain.catalog import DISCIPLINES, PREFERENCES, PROFICIENCIES, STATUSES
from engnest.domain.errors import ValidationFailed
from engnest.services import profiles
from engnest.state.session import caller, to_sign_in


class ProfileState(rx.State):
    loaded: bool = False
    form_version: int = 0
    errors: dict[str, str] = {}
    saved: str = ""

    first_name: str = ""
    last_name: str = ""
    pitch: str = ""
    pitch_draft: str = ""
    status: str = "recruit"
    discipline: str = ""
    preference: str = ""
    city_label: str = ""
    city_timezone: str = ""
    github_url: str = ""
    linkedin_url: str = ""
    portfolio_url: str = ""
    avatar_url: str = ""
    skills: list[dict[str, str]] = []
    projects: list[dict[str, str]] = []
    checklist: list[dict[str, str]] = []
    complete: bool = False

    _country: str = ""

    @rx.var
    def pitch_preview(self) -> str:
        """The pitch as strangers will see it (the same redaction runs when it is saved)."""
        return redaction.redact(self.pitch_draft, own_names=(self.first_name, self.last_name), regions=[self._country] if self._country else [])

    @rx.var
    def pitch_words(self) -> int:
        return rules.word_count(self.pitch_draft)

    @rx.var
    def pitch_seconds(self) -> int:
        return rules.speaking_seconds(self.pitch_draft)

    @rx.var
    def pitch_over_limit(self) -> bool:
        return rules.word_count(self.pitch_draft) > rules.PITCH_MAX_WORDS

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
        return sum(1 for item in self.checklist if item.get("done") == "1")

    def _form_values(self) -> tuple:
        """What the keyed forms (about, status, links) show; they are remounted only when this changes."""
        return (self.first_name, self.last_name, self.pitch, self.status, self.discipline, self.preference,
                self.github_url, self.linkedin_url, self.portfolio_url)

    async def _reload(self, user_id: int, *, remount: bool = True) -> None:
        """remount: show the stored values in the keyed forms even if they did not change (after a load or a save
        from this tab); otherwise only if they changed, so an echo of this tab's own save does not wipe what the
        person is typing meanwhile."""
        before, draft = self._form_values(), self.pitch_draft
        owner = await in_session(profiles.load_owner_profile, user_id=user_id)
        p = owner.profile
        self.first_name, self.last_name, self.pitch, self.pitch_draft = p.first_name, p.last_name, p.pitch, p.pitch
        self.status, self.discipline, self.preference = p.status, p.discipline, p.preference
        self.city_label, self.city_timezone, self._country = p.city_name, p.city_timezone, p.city_country
        self.github_url, self.linkedin_url, self.portfolio_url = p.github_url, p.linkedin_url, p.portfolio_url
        self.avatar_url = routes.avatar_url(user_id, p.avatar_file.split(".")[0][:8]) if p.avatar_file else ""
        self.skills = [
            {"id": str(s.id), "name": s.name, "proficiency": s.proficiency, "level": PROFICIENCIES.get(s.proficiency, "")}
            for s in owner.skills
        ]
        self.projects = [
            {"id": str(pr.id), "title": pr.title, "description": pr.description, "skills": ", ".join(pr.skills_wanted)}
            for pr in owner.projects
        ]
        self.checklist = [{"key": i.key, "label": i.label, "done": "1" if i.done else ""} for i in owner.checklist]
        self.complete = p.is_complete
        self.loaded = True
        if remount or self._form_values() != before:
            self.form_version += 1
        else:
            self.pitch_draft = draft  # the pitch being typed stays
        from engnest.state.auth import AuthState

        auth = await self.get_state(AuthState)
        auth.profile_complete = p.is_complete
        auth.display_name = f"{p.first_name} {p.last_name}".strip() or auth.display_name

    async def _on_profile_push(self, topic: str, payload: dict) -> None:
        """Another tab of the same user saved a change: show it here too."""
        if not self.loaded:
            return
        user = await caller(self)
        if user is not None:
            await self._reload(user.id, remount=False)

    @rx.event
    async def load(self):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        self.errors, self.saved = {}, ""
        await self._reload(user.id)

    @rx.event
    def set_pitch_draft(self, value: str):
        self.pitch_draft = str(value)[: rules.PITCH_MAX_WORDS * 20]

    async def _save(self, fn, success: str, **kwargs):
        """Run a profile service for the caller; show field errors or a saved note."""
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        self.errors, self.saved = {}, ""
        try:
            await in_session(fn, user_id=user.id, now=utcnow(), **kwargs)
        except ValidationFailed as exc:
            self.errors = exc.errors
            return None
        await self._reload(user.id)
        self.saved = success
        return None

    @rx.event
    async def save_about(self, form: dict):
        form = form if isinstance(form, dict) else {}
        return await self._save(
            profiles.check_update_about,
            "Saved your details.",
            first_name=str(form.get("first_name", "")),
            last_name=str(form.get("last_name", "")),
            pitch=str(form.get("pitch", self.pitch_draft)),
            discipline=str(form.get("discipline", "")),
        )

    @rx.event
    async def save_status(self, form: dict):
        form = form if isinstance(form, dict) else {}
        return await self._save(
            profiles.check_set_status,
            "Saved your status.",
            status=str(form.get("status", "")),
            preference=str(form.get("preference", "")),
        )

    @rx.event
    async def save_links(self, form: dict):
        form = form if isinstance(form, dict) else {}
        return await self._save(
            profiles.check_update_links,
            "Saved your links.",
            github_url=str(form.get("github_url", "")),
            linkedin_url=str(form.get("linkedin_url", "")),
            portfolio_url=str(form.get("portfolio_url", "")),
        )


realtime.subscribe(profiles.PROFILE_TOPIC, ProfileState, "_on_profile_push")
