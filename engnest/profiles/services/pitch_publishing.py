"""Publishing the pitch: the owner sees exactly what strangers will see (`anonymise.preview`), hides what
they choose, and publishes in one conscious step. Until then strangers keep seeing the published version."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session

from engnest.accounts.models import User
from engnest.platform.domain.errors import Collector, ValidationFailed
from engnest.platform.domain.user_text import require_text
from engnest.profiles.domain import pitch_rules
from engnest.profiles.domain import profile as rules
from engnest.profiles.domain.redaction import Flag
from engnest.profiles.models import Profile
from engnest.profiles.services import anonymise, profiles


@dataclass(frozen=True)
class PitchPreview:
    public: str  # the draft as strangers would see it
    flags: list[Flag]  # quasi-identifiers still visible


def preview_pitch(
    *, session: Session, user_id: int, draft: str, other_names: str, script_name: str, hidden_words: list[str]
) -> PitchPreview:
    """The preview of unsaved editor values (validated leniently: the editor shows errors on publish)."""
    require_text(pitch=draft, other_names=other_names, script_name=script_name)
    hidden_words = hidden_words if isinstance(hidden_words, list) else []
    profile = profiles.load_owner_profile(session=session, user_id=user_id).profile
    overrides = dict(
        other_names=rules.clean_text(other_names, max_len=pitch_rules.OTHER_NAMES_MAX),
        script_name=rules.clean_text(script_name, max_len=pitch_rules.SCRIPT_NAME_MAX),
        hidden_words=[w for w in hidden_words if isinstance(w, str)][: pitch_rules.HIDDEN_WORDS_MAX],
    )
    public, flags = anonymise.preview(profile, draft[: rules.PITCH_MAX_WORDS * 20], **overrides)
    return PitchPreview(public, flags)


@dataclass(frozen=True)
class PublishPitchRequest:
    user_id: int
    pitch: str
    other_names: str
    script_name: str
    hidden_words: tuple[str, ...]


def check_publish_pitch(
    *, session: Session, user_id: int, pitch: str, other_names: str, script_name: str, hidden_words: list[str]
) -> PublishPitchRequest:
    require_text(pitch=pitch, other_names=other_names, script_name=script_name)
    errors = Collector()
    clean_pitch = errors.check("pitch", rules.check_pitch, pitch)
    names = errors.check("other_names", pitch_rules.check_other_names, other_names)
    script = errors.check("script_name", pitch_rules.check_script_name, script_name)
    hidden = errors.check("hidden_words", pitch_rules.check_hidden_words, hidden_words)
    errors.raise_if_any()
    if session.get(Profile, user_id) is None and session.get(User, user_id) is None:
        raise ValidationFailed(form="Your account no longer exists.")
    return PublishPitchRequest(user_id, clean_pitch, names, script, tuple(hidden))


def do_publish_pitch(*, session: Session, request: PublishPitchRequest, now: dt.datetime) -> Profile:
    """Store the pitch and what the redactor should hide, and refresh the public text."""
    profile = profiles.load_owner_profile(session=session, user_id=request.user_id).profile
    profile.pitch, profile.other_names, profile.script_name = request.pitch, request.other_names, request.script_name
    profile.hidden_words = list(request.hidden_words)
    profiles.refresh_profile(session, profile, now)
    return profile


def publish_pitch(
    *, session: Session, user_id: int, pitch: str, other_names: str, script_name: str, hidden_words: list[str], now: dt.datetime
) -> Profile:
    request = check_publish_pitch(
        session=session, user_id=user_id, pitch=pitch, other_names=other_names, script_name=script_name, hidden_words=hidden_words
    )
    return do_publish_pitch(session=session, request=request, now=now)
