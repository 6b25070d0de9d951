"""`/users/me` and `/users/{id}`: a person exactly as the person page shows them to the caller (an anonymised card
for strangers and friends; the full profile for collaborators and oneself)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field
from sqlmodel import Session

from engnest.accounts.services import accounts, email_verification
from engnest.discovery.api.schemas import MePublic, PersonPublic
from engnest.discovery.services import cards
from engnest.platform.api.auth import Caller, reader, writer
from engnest.platform.api.errors import ERROR_RESPONSES, not_found
from engnest.platform.api.params import UserId
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.timezones import all_timezones
from engnest.profiles.services import profiles

router = APIRouter(tags=["users"], responses=ERROR_RESPONSES)


def _person(*, session: Session, caller: Caller, user_id: int) -> PersonPublic | None:
    card = cards.person(session=session, viewer_id=caller.user_id, user_id=user_id, now=utcnow(), viewer_tz=caller.timezone)
    return PersonPublic.of(card) if card else None


def _me(*, session: Session, caller: Caller) -> MePublic | None:
    user = accounts.get_user(session=session, user_id=caller.user_id)
    if user is None or user.id is None:
        return None
    card = _person(session=session, caller=caller, user_id=user.id)
    return MePublic(
        id=user.id, email=user.email, timezone=user.timezone,
        email_verified=email_verification.is_verified(session=session, user_id=user.id), email_notifications=user.email_notifications,
        profile_complete=profiles.is_profile_complete(session=session, user_id=user.id), card=card,
    )


@router.get("/users/me", response_model=MePublic, summary="Your account and your own card")
async def read_me(caller: Caller = Depends(reader)) -> MePublic:
    me = await in_session(_me, caller=caller)
    if me is None:
        raise not_found("This account no longer exists.")
    return me


class MeUpdate(BaseModel):
    """Settings an API client may change (each optional: only what is sent changes)."""

    timezone: str | None = Field(None, max_length=64, description="An IANA zone such as Europe/London; stops following the browser.",
                                 json_schema_extra={"enum": [*all_timezones(), None]})
    email_notifications: bool | None = None


def _update_me(*, session: Session, caller: Caller, update: MeUpdate) -> MePublic | None:
    user_id = caller.user_id
    if update.timezone is not None:
        accounts.set_timezone(session=session, user_id=user_id, timezone=update.timezone, follow_browser=False)
    if update.email_notifications is not None:
        accounts.do_set_email_notifications(session=session, user_id=user_id, enabled=update.email_notifications)
    return _me(session=session, caller=caller)


@router.patch("/users/me", response_model=MePublic, summary="Change your timezone or email notifications")
async def update_me(update: MeUpdate, caller: Caller = Depends(writer)) -> MePublic:
    me = await in_session(_update_me, caller=caller, update=update)
    if me is None:
        raise not_found("This account no longer exists.")
    return me


@router.get("/users/{user_id}", response_model=PersonPublic, summary="A person, as the person page shows them to you")
async def read_person(user_id: UserId, caller: Caller = Depends(reader)) -> PersonPublic:
    person = await in_session(_person, caller=caller, user_id=user_id)
    if person is None:
        raise not_found("This profile is not available.")
    return person
