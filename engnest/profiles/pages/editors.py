"""Smaller editors on the profile page: city picker, skills, avatar."""

from __future__ import annotations

import reflex as rx

from engnest.platform.domain.ids import parse_id
from engnest.platform.domain.user_text import NOT_TEXT
from engnest.platform.places.gazetteer import gazetteer
from engnest.platform.settings import get_settings
from engnest.profiles.pages.state import ProfileState
from engnest.profiles.pages.views import CityChoice
from engnest.profiles.services import profiles


class CityPickerState(rx.State):
    query: str = ""
    suggestions: list[CityChoice] = []

    @rx.event
    def search(self, value: str):
        self.query = str(value)[:80]
        self.suggestions = [CityChoice(id=str(c.id), label=c.label) for c in gazetteer().search(self.query, limit=8)]

    @rx.event
    async def choose(self, city_id: str):
        profile = await self.get_state(ProfileState)
        chosen = parse_id(city_id)
        result = await profile._save(profiles.set_city, "Saved your city.", city_id=chosen, city_text=self.query)
        if not profile.errors:
            self.query, self.suggestions = "", []
        return result

    @rx.event
    async def submit(self, form: dict):
        """Enter pressed without picking: accept an exact name, else show suggestions."""
        text = form.get("city", self.query) if isinstance(form, dict) else self.query
        profile = await self.get_state(ProfileState)
        if not isinstance(text, str):
            profile.errors, profile.saved = {"city": NOT_TEXT}, ""
            return None
        self.query = text[:80]
        result = await profile._save(profiles.set_city, "Saved your city.", city_id=None, city_text=self.query)
        if not profile.errors:
            self.query, self.suggestions = "", []
        return result


class SkillsState(rx.State):
    @rx.event
    async def add(self, form: dict):
        profile = await self.get_state(ProfileState)
        return await profile._save_form(profiles.add_skill, "Saved the skill.", "", form, {"skill": "name"}, {"proficiency": "proficiency"})

    @rx.event
    async def remove(self, skill_id: str):
        profile = await self.get_state(ProfileState)
        sid = parse_id(skill_id)
        if sid is None:
            return None
        return await profile._save(profiles.do_remove_skill, "Removed the skill.", skill_id=sid)


class AvatarState(rx.State):
    @rx.event
    async def upload(self, files: list[rx.UploadFile]):
        profile = await self.get_state(ProfileState)
        if not isinstance(files, list) or not files or not hasattr(files[0], "read"):
            profile.errors = {"avatar": "Choose an image first."}
            return None
        data = await files[0].read(get_settings().avatar_max_bytes + 1)
        return await profile._save(profiles.set_avatar, "Saved your photo.", data=data)

    @rx.event
    async def remove(self):
        profile = await self.get_state(ProfileState)
        return await profile._save(profiles.do_remove_avatar, "Removed your photo.")
