"""`/users/me/profile` and `/users/me/skills`: the caller's own profile, read and edited through the profile page's
services and checks. A PATCH validates every part it changes before it writes any (one 422 naming every bad
field, nothing saved); the pitch is published as the profile page publishes it (strangers then see its redacted
version, `public_pitch`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response
from pydantic import BaseModel, Field
from sqlmodel import Session

from engnest.platform.api.auth import Caller, reader, writer
from engnest.platform.api.errors import ERROR_RESPONSES, not_found
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.ids import MAX_ID
from engnest.profiles.domain import profile as rules
from engnest.profiles.domain.catalog import DISCIPLINES, PREFERENCES, PROFICIENCIES, STATUSES
from engnest.profiles.models import Skill
from engnest.profiles.services import anonymise, pitch_publishing, profiles

router = APIRouter(tags=["profile"], responses=ERROR_RESPONSES)
SkillId = Annotated[int, Path(ge=1, le=MAX_ID, description="The id of one of your skills.")]


class OwnSkillPublic(BaseModel):
    id: int
    name: str
    level: str

    @classmethod
    def of(cls, s: Skill) -> OwnSkillPublic:
        assert s.id is not None
        return cls(id=s.id, name=s.name, level=s.proficiency)


class OwnProfilePublic(BaseModel):
    """Your own profile as you edit it (strangers see the anonymised card of `GET /users/{id}` instead)."""

    first_name: str
    last_name: str
    discipline: str
    status: str
    preference: str
    pitch: str
    public_pitch: str = Field(description="Your pitch as strangers see it (names and contact details hidden).")
    city: str
    github_url: str
    linkedin_url: str
    portfolio_url: str
    skills: list[OwnSkillPublic]
    complete: bool
    missing: list[str] = Field(description="What the profile still needs before you can request or accept meetings.")


class ProfileUpdate(BaseModel):
    """Each part optional: only what is sent changes (a part's fields are checked together)."""

    first_name: str | None = Field(None, max_length=200)
    last_name: str | None = Field(None, max_length=200)
    discipline: str | None = Field(None, max_length=100, json_schema_extra={"enum": [*DISCIPLINES, None]})
    status: str | None = Field(None, max_length=20, description="A creator needs a project and a preference.",
                               json_schema_extra={"enum": [*STATUSES, None]})
    preference: str | None = Field(None, max_length=20, description="How a creator likes to collaborate ('' for none).",
                                   json_schema_extra={"enum": [*PREFERENCES, "", None]})
    city: str | None = Field(None, max_length=200, description="A city name EngNest knows, such as 'Leeds, GB'.")
    github_url: str | None = Field(None, max_length=1000)
    linkedin_url: str | None = Field(None, max_length=1000)
    portfolio_url: str | None = Field(None, max_length=1000)
    pitch: str | None = Field(None, max_length=20_000, description="Published at once; strangers see it redacted.")


class SkillCreate(BaseModel):
    name: str = Field(max_length=200)
    level: str = Field(max_length=40, json_schema_extra={"enum": list(PROFICIENCIES)})


def _own(*, session: Session, user_id: int) -> OwnProfilePublic:
    owner = profiles.load_owner_profile(session=session, user_id=user_id)
    p = owner.profile
    return OwnProfilePublic(
        first_name=p.first_name, last_name=p.last_name, discipline=p.discipline, status=p.status, preference=p.preference,
        pitch=p.pitch, public_pitch=anonymise.public_pitch(p), city=p.city_name, github_url=p.github_url,
        linkedin_url=p.linkedin_url, portfolio_url=p.portfolio_url, skills=[OwnSkillPublic.of(s) for s in owner.skills],
        complete=rules.is_complete(owner.facts), missing=[item.label for item in owner.checklist if not item.done],
    )


@router.get("/users/me/profile", response_model=OwnProfilePublic, summary="Your own profile, as you edit it")
async def read_own_profile(caller: Caller = Depends(reader)) -> OwnProfilePublic:
    return await in_session(_own, user_id=caller.user_id)


def _checked(errors: dict[str, str], check, **kwargs):
    """Run one part's check, keeping its field errors; None when it refused."""
    try:
        return check(**kwargs)
    except ValidationFailed as exc:
        errors.update(exc.errors)
        return None


def _update(*, session: Session, caller: Caller, update: ProfileUpdate) -> OwnProfilePublic:
    me, now = caller.user_id, utcnow()
    p = profiles.load_owner_profile(session=session, user_id=me).profile
    sent = update.model_dump(exclude_none=True)
    errors: dict[str, str] = {}
    steps: list[tuple[Callable[..., object], object]] = []
    if {"first_name", "last_name", "discipline"} & sent.keys():
        about = _checked(errors, profiles.check_update_about, session=session, user_id=me, first_name=sent.get("first_name", p.first_name),
                         last_name=sent.get("last_name", p.last_name), discipline=sent.get("discipline", p.discipline))
        steps.append((profiles.do_update_about, about))
    if {"status", "preference"} & sent.keys():
        status = _checked(errors, profiles.check_set_status, session=session, user_id=me, status=sent.get("status", p.status),
                          preference=sent.get("preference", p.preference))
        steps.append((profiles.do_set_status, status))
    if "city" in sent:
        steps.append((profiles.do_set_city, _checked(errors, profiles.check_set_city, session=session, user_id=me, city_id=None, city_text=sent["city"])))
    if {"github_url", "linkedin_url", "portfolio_url"} & sent.keys():
        links = _checked(errors, profiles.check_update_links, session=session, user_id=me, github_url=sent.get("github_url", p.github_url),
                         linkedin_url=sent.get("linkedin_url", p.linkedin_url), portfolio_url=sent.get("portfolio_url", p.portfolio_url))
        steps.append((profiles.do_update_links, links))
    if "pitch" in sent:
        pitch = _checked(errors, pitch_publishing.check_publish_pitch, session=session, user_id=me, pitch=sent["pitch"],
                         other_names=p.other_names, script_name=p.script_name, hidden_words=list(p.hidden_words or []))
        steps.append((pitch_publishing.do_publish_pitch, pitch))
    if errors:
        raise ValidationFailed(errors)
    for do, request in steps:
        do(session=session, request=request, now=now)
    return _own(session=session, user_id=me)


@router.patch("/users/me/profile", response_model=OwnProfilePublic, summary="Edit your profile (only the parts sent)")
async def update_own_profile(update: ProfileUpdate, caller: Caller = Depends(writer)) -> OwnProfilePublic:
    return await in_session(_update, caller=caller, update=update)


def _add_skill(*, session: Session, caller: Caller, body: SkillCreate) -> OwnSkillPublic:
    skill = profiles.add_skill(session=session, user_id=caller.user_id, name=body.name, proficiency=body.level, now=utcnow())
    session.flush()
    return OwnSkillPublic.of(skill)


@router.post("/users/me/skills", status_code=201, response_model=OwnSkillPublic,
             summary="Add a skill (one with the same name gets the new level)")
async def add_skill(body: SkillCreate, caller: Caller = Depends(writer)) -> OwnSkillPublic:
    return await in_session(_add_skill, caller=caller, body=body)


def _remove_skill(*, session: Session, caller: Caller, skill_id: int) -> bool:
    if all(s.id != skill_id for s in profiles.list_skills(session=session, user_id=caller.user_id)):
        return False
    profiles.do_remove_skill(session=session, user_id=caller.user_id, skill_id=skill_id, now=utcnow())
    return True


@router.delete("/users/me/skills/{skill_id}", status_code=204, response_class=Response, summary="Remove one of your skills")
async def remove_skill(skill_id: SkillId, caller: Caller = Depends(writer)) -> Response:
    if not await in_session(_remove_skill, caller=caller, skill_id=skill_id):
        raise not_found("No such skill.")
    return Response(status_code=204)
