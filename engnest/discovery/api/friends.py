"""Friends: the caller's friends and pending requests as cards (a friend who has not met you is still an
anonymised card), and sending, accepting and declining requests through the network services' own checks
(blocks, the daily limit, the cool-down after a decline); cancelling a request you sent, and removing a friend."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel
from sqlmodel import Session

from engnest.discovery.api.schemas import PersonPublic
from engnest.discovery.services import cards
from engnest.network.services import friends
from engnest.platform import throttle
from engnest.platform.api.auth import Caller, reader, writer
from engnest.platform.api.errors import ERROR_RESPONSES, ApiError, ErrorResponse
from engnest.platform.api.params import UserId
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.settings import get_settings

router = APIRouter(tags=["friends"], responses={**ERROR_RESPONSES, 409: {"model": ErrorResponse, "description": "conflict"}})


class FriendsPublic(BaseModel):
    friends: list[PersonPublic]
    received: list[PersonPublic]
    sent: list[PersonPublic]


class FriendRelation(BaseModel):
    user_id: int
    relation: str


def _lists(*, session: Session, caller: Caller) -> FriendsPublic:
    me = caller.user_id
    rows = friends.lists(session=session, user_id=me)
    ids = {kind: [r.other(me) for r in rows[kind]] for kind in ("friends", "received", "sent")}
    by_id = {c.user_id: PersonPublic.of(c) for c in cards.cards_for(session=session, viewer_id=me, ids=sum(ids.values(), []))}
    return FriendsPublic(**{kind: [by_id[i] for i in found if i in by_id] for kind, found in ids.items()})


@router.get("/friends", response_model=FriendsPublic, summary="Your friends and pending friend requests")
async def list_friends(caller: Caller = Depends(reader)) -> FriendsPublic:
    return await in_session(_lists, caller=caller)


def _act(*, session: Session, caller: Caller, other: int, action: str) -> FriendRelation:
    """A refusal is a conflict with the current state (409: not pending, already friends, blocked or no such
    person: the same answer, so ids cannot be probed), or the daily limit (429)."""
    me, now = caller.user_id, utcnow()
    try:
        if action in ("cancel", "remove"):
            {"cancel": friends.cancel, "remove": friends.remove}[action](session=session, user_id=me, other_id=other)
        else:
            {"request": friends.send_request, "accept": friends.accept, "decline": friends.decline}[action](
                session=session, user_id=me, other_id=other, now=now)
    except ValidationFailed as exc:
        message = exc.first()
        if message.startswith("Too many"):
            raise ApiError(429, "rate_limited", message, headers={"Retry-After": str(throttle.retry_after_seconds(
                get_settings().friend_request_limit, "friend-request", str(me)))}) from exc
        raise ApiError(409, "conflict", message) from exc
    return FriendRelation(user_id=other, relation=friends.relations_for(session=session, viewer_id=me, ids=[other]).get(other, "none"))


@router.post("/friends/{user_id}/request", response_model=FriendRelation, summary="Send a friend request")
async def send_friend_request(user_id: UserId, caller: Caller = Depends(writer)) -> FriendRelation:
    return await in_session(_act, caller=caller, other=user_id, action="request")


@router.post("/friends/{user_id}/accept", response_model=FriendRelation, summary="Accept a friend request they sent you")
async def accept_friend_request(user_id: UserId, caller: Caller = Depends(writer)) -> FriendRelation:
    return await in_session(_act, caller=caller, other=user_id, action="accept")


@router.post("/friends/{user_id}/decline", response_model=FriendRelation, summary="Decline a friend request they sent you")
async def decline_friend_request(user_id: UserId, caller: Caller = Depends(writer)) -> FriendRelation:
    return await in_session(_act, caller=caller, other=user_id, action="decline")


@router.post("/friends/{user_id}/cancel", response_model=FriendRelation, summary="Cancel a friend request you sent")
async def cancel_friend_request(user_id: UserId, caller: Caller = Depends(writer)) -> FriendRelation:
    return await in_session(_act, caller=caller, other=user_id, action="cancel")


@router.delete("/friends/{user_id}", response_model=FriendRelation, summary="Remove a friend")
async def remove_friend(user_id: UserId, caller: Caller = Depends(writer)) -> FriendRelation:
    return await in_session(_act, caller=caller, other=user_id, action="remove")
