"""PitchState: the pitch editor. The owner edits a draft, sees exactly what strangers will see (the same
redaction a publish stores), hides flagged quasi-identifiers or any word in one click, and publishes in a
conscious step (review, then publish). Strangers keep seeing the published version until then."""

from __future__ import annotations

import json

import reflex as rx

from engnest.accounts.state.session import caller, to_sign_in
from engnest.platform import realtime
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed
from engnest.profiles.domain import profile as rules
from engnest.profiles.domain.pitch_rules import HIDDEN_WORD_MAX, HIDDEN_WORDS_MAX, OTHER_NAMES_MAX, SCRIPT_NAME_MAX
from engnest.profiles.pages.views import PitchFlag
from engnest.profiles.services import pitch_publishing, profiles

PITCH_MAX_CHARS = rules.PITCH_MAX_WORDS * 20  # room for the word limit; beyond it a paste is cut (and said so)


def _text(value: object, limit: int) -> str:
    return value[:limit] if isinstance(value, str) else ""


class PitchState(rx.State):
    loaded: bool = False
    draft: str = ""
    other_names: str = ""
    script_name: str = ""
    hidden: list[str] = []
    public: str = ""
    flags: list[PitchFlag] = []
    errors: dict[str, str] = {}
    saved: str = ""
    reviewing: bool = False
    published_key: str = ""

    @rx.var
    def unpublished(self) -> bool:
        return self.published_key != json.dumps([self.draft, self.other_names, self.script_name, self.hidden])

    @rx.var
    def words(self) -> int:
        return rules.word_count(self.draft)

    @rx.var
    def seconds(self) -> int:
        return rules.speaking_seconds(self.draft)

    @rx.var
    def over_limit(self) -> bool:
        return rules.word_count(self.draft) > rules.PITCH_MAX_WORDS

    def _key(self) -> str:
        return json.dumps([self.draft, self.other_names, self.script_name, self.hidden])

    async def _refresh(self, user_id: int) -> None:
        preview = await in_session(
            pitch_publishing.preview_pitch, user_id=user_id, draft=self.draft, other_names=self.other_names,
            script_name=self.script_name, hidden_words=list(self.hidden),
        )
        self.public = preview.public
        self.flags = [PitchFlag(text=f.text, kind=f.kind, why=f.why) for f in preview.flags]

    async def _reload(self, user_id: int) -> None:
        p = (await in_session(profiles.load_owner_profile, user_id=user_id)).profile
        self.draft, self.other_names, self.script_name, self.hidden = p.pitch, p.other_names, p.script_name, list(p.hidden_words)
        self.published_key = self._key()
        self.loaded, self.reviewing = True, False
        await self._refresh(user_id)

    async def _edit(self, **changes):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        for name, value in changes.items():
            setattr(self, name, value)
        self.saved, self.reviewing = "", False
        await self._refresh(user.id)
        return None

    async def _on_profile_push(self, topic: str, payload: dict) -> None:
        """Another tab published: show it here, unless this tab has unpublished edits of its own."""
        user = await caller(self)
        if user is not None and self.loaded and not self.unpublished:
            await self._reload(user.id)

    @rx.event
    async def load(self):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        self.errors, self.saved = {}, ""
        await self._reload(user.id)
        return None

    @rx.event
    async def edit_draft(self, value: str):
        """A paste longer than the box holds is cut, and the person is told (never silently)."""
        errors = {k: v for k, v in self.errors.items() if k != "pitch"}
        if isinstance(value, str) and len(value) > PITCH_MAX_CHARS:
            errors["pitch"] = f"Your text was cut to {PITCH_MAX_CHARS:,} characters, the most a pitch holds: check how it ends."
        self.errors = errors
        return await self._edit(draft=_text(value, PITCH_MAX_CHARS))

    @rx.event
    async def edit_other_names(self, value: str):
        return await self._edit(other_names=_text(value, OTHER_NAMES_MAX))

    @rx.event
    async def edit_script_name(self, value: str):
        return await self._edit(script_name=_text(value, SCRIPT_NAME_MAX))

    async def _hide(self, word: object):
        word = _text(word, HIDDEN_WORD_MAX).strip()
        if not word or any(word.lower() == h.lower() for h in self.hidden) or len(self.hidden) >= HIDDEN_WORDS_MAX:
            return None
        return await self._edit(hidden=[*self.hidden, word])

    @rx.event
    async def hide(self, word: str):
        """Hide a flagged phrase in one click."""
        return await self._hide(word)

    @rx.event
    async def hide_typed(self, form: dict):
        """Hide any word or phrase the owner types."""
        return await self._hide(form.get("word", "") if isinstance(form, dict) else "")

    @rx.event
    async def unhide(self, word: str):
        return await self._edit(hidden=[h for h in self.hidden if h != word])

    @rx.event
    async def review(self):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        await self._refresh(user.id)
        self.reviewing = True
        return None

    @rx.event
    def keep_editing(self):
        self.reviewing = False

    @rx.event
    async def publish(self):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        self.errors, self.saved = {}, ""
        try:
            await in_session(
                pitch_publishing.publish_pitch, user_id=user.id, pitch=self.draft, other_names=self.other_names,
                script_name=self.script_name, hidden_words=list(self.hidden), now=utcnow(),
            )
        except ValidationFailed as exc:
            self.errors, self.reviewing = exc.errors, False
            return None
        await self._reload(user.id)
        self.saved = "Published. Other engineers now see this version."
        return None


realtime.subscribe(profiles.PROFILE_TOPIC, PitchState, "_on_profile_push")
