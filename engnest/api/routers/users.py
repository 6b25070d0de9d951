"""`/users/me` and `/users/{id}`: a person exactly as the person page shows them to the caller (an anonymised card
for strangers and friends; the full profile for collaborators and oneself)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from sqlmodel import Session

from engnest.accounts.services import accounts, email_verification
from engnest.api.auth import reader
from engnest.api.errors import ERROR_RESPONSES, not_found
from engnest.api.routers.params import UserId
from engnest.api.schemas import MePublic, PersonPublic
from engnest.api.services.tokens import Caller
from engnest.discovery.services import cards
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.profiles.services import profiles

router = APIRouter(tags=["users"], responses=ERROR_RESPONSES)


def _person(*, session: Session, caller: Caller, user_id: int) -> PersonPublic | None:
    me = caller.user
    assert me.id is not None
    card = cards.person(session=session, viewer_id=me.id, user_id=user_id, now=utcnow(), viewer_tz=me.timezone)
    return PersonPublic.of(card) if card else None


def _me(*, session: Session, caller: Caller) -> MePublic | None:
    user = accounts.get_user(session=session, user_id=caller.user.id or 0)
    if user is None or user.id is None:
        return None
    card = _person(session=session, caller=caller, user_id=user.id)
    return MePublic(
        id=user.id, email=user.email, timezone=user.timezone,
        email_verified=email_verification.is_verified(session=session, user_id=user.id),
        profile_complete=profiles.is_profile_complete(session=session, user_id=user.id), card=card,
    )


@router.get("/users/me", response_model=MePublic, summary="Your account and your own card")
async def read_me(caller: Caller = Depends(reader)) -> MePublic:
    me = await in_session(_me, caller=caller)
    if me is None:
        raise not_found("This account no longer exists.")
    return me


@router.get("/users/{user_id}", response_model=PersonPublic, summary="A person, as the person page shows them to you")
async def read_person(user_id: UserId, caller: Caller = Depends(reader)) -> PersonPublic:
    person = await in_session(_person, caller=caller, user_id=user_id)
    if person is None:
        raise not_found("This profile is not available.")
    return person
