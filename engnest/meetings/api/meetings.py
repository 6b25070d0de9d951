"""`/meetings`: the caller's meetings, requesting one (with the halfway spots the request page proposes), and
accepting, declining, counter-proposing, cancelling and reviewing, through the very service functions the meeting
pages call (the same gates: verified email, complete profiles, no block, credits, suspensions, the daily limit,
whose turn it is). Someone else's meeting is not found, like a missing one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Query, Response
from sqlmodel import Session

from engnest.meetings.api.schemas import (
    CancelBody,
    CounterCreate,
    MeetingCreate,
    MeetingItemPublic,
    MeetingPublic,
    MeetingSent,
    ReviewCreate,
    SpotOptionsPublic,
)
from engnest.meetings.domain.spot_index import KINDS
from engnest.meetings.services import (
    meeting_actions,
    meeting_clock,
    meeting_requests,
    meeting_spots,
    meeting_transition,
    meeting_views,
    reviews,
)
from engnest.platform import throttle
from engnest.platform.api import cursor
from engnest.platform.api.auth import Caller, reader, writer
from engnest.platform.api.errors import ERROR_RESPONSES, ApiError, ErrorResponse, not_found
from engnest.platform.api.params import CursorParam, read_position
from engnest.platform.api.schemas import Page
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.ids import MAX_ID
from engnest.platform.domain.timezones import ensure_aware_utc
from engnest.platform.settings import get_settings

router = APIRouter(tags=["meetings"], responses={**ERROR_RESPONSES, 409: {"model": ErrorResponse, "description": "conflict"}})
MeetingId = Annotated[int, Path(ge=1, le=MAX_ID, description="A meeting's id.")]
PER_PAGE = 50
MAX_LISTED = 1000  # open meetings are few (one per pair, a daily request limit); the list stops here
OPEN_ALREADY = "You already have an open meeting request with this engineer."  # meeting_requests' refusal


def refusal(exc: ValidationFailed, user_id: int) -> Exception:
    """A service's refusal as an API error: field problems stay 422; a missing (or someone else's) meeting is 404;
    the daily limit is 429; anything else is a conflict with the meeting's or the people's current state (409)."""
    if any(name != "form" for name in exc.errors):
        return exc
    message = exc.errors.get("form") or exc.first()
    if message == meeting_transition.NOT_FOUND:
        return not_found(message)
    if message.startswith("Too many"):
        return ApiError(429, "rate_limited", message, headers={"Retry-After": str(throttle.retry_after_seconds(
            get_settings().meeting_request_limit, f"meeting-request:{user_id}"))})  # meeting_requests' limit key
    return ApiError(409, "conflict", message)


def _public(session: Session, meeting_id: int, user_id: int) -> MeetingPublic:
    now = utcnow()
    view = meeting_views.meeting_view(session=session, meeting_id=meeting_id, viewer_id=user_id, now=now)
    row = meeting_transition.get_meeting_for(session=session, meeting_id=meeting_id, user_id=user_id)
    return MeetingPublic.of(view, row)


def _list(*, session: Session, caller: Caller, start: int, awaiting_me: bool) -> Page[MeetingItemPublic]:
    me, now = caller.user_id, utcnow()
    meeting_clock.do_catch_up(session=session, user_id=me, now=now)
    wanted = min(start + PER_PAGE + 1, MAX_LISTED)
    if awaiting_me:
        found = meeting_views.waiting_for_answer(session=session, user_id=me, now=now, limit=wanted)
    else:
        found = meeting_views.upcoming(session=session, user_id=me, now=now, limit=wanted)
    page = found[start:start + PER_PAGE]
    following = cursor.encode(start + PER_PAGE) if len(found) > start + PER_PAGE else None
    return Page[MeetingItemPublic](items=[MeetingItemPublic.of(i) for i in page], next_cursor=following)


@router.get("/meetings", response_model=Page[MeetingItemPublic],
            summary="Your open and accepted meetings that have not ended, soonest first (past ones: GET /calendar)")
async def list_meetings(
    caller: Caller = Depends(reader), cursor: CursorParam = None,
    awaiting_me: bool = Query(False, description="Only requests and proposals waiting for your answer."),
) -> Page[MeetingItemPublic]:
    position = read_position(cursor)
    return await in_session(_list, caller=caller, start=position or 0, awaiting_me=awaiting_me)


def _spots(*, session: Session, caller: Caller, other: int, kinds: list[str], near: str) -> SpotOptionsPublic:
    try:
        found = meeting_spots.spot_options(session=session, viewer_id=caller.user_id, other_id=other, kinds=kinds, near_text=near)
    except ValidationFailed as exc:
        raise refusal(exc, caller.user_id) from exc
    return SpotOptionsPublic.of(found)


@router.get("/meetings/spots", response_model=SpotOptionsPublic, summary="Spots halfway between you and someone, fairest first")
async def propose_spots(
    with_user: Annotated[int, Query(alias="with", ge=1, le=MAX_ID, description="The person you want to meet.")],
    caller: Caller = Depends(reader),
    kinds: Annotated[str, Query(max_length=200, description="Comma-separated: " + ", ".join(KINDS))] = "",
    near: Annotated[str, Query(max_length=200, description="Look around this place instead of the halfway point.")] = "",
) -> SpotOptionsPublic:
    chosen = [k.strip() for k in kinds.split(",") if k.strip()]
    return await in_session(_spots, caller=caller, other=with_user, kinds=chosen, near=near)


def _request(*, session: Session, caller: Caller, body: MeetingCreate) -> MeetingSent:
    me = caller.user_id
    before = meeting_requests.open_meeting_between(session=session, a=me, b=body.user_id) if body.user_id != me else None
    before_id = before.id if before is not None else None
    now = utcnow()
    for attempt in (1, 2):
        try:
            meeting = meeting_requests.request_meeting(
                session=session, requester_id=me, recipient_id=body.user_id, kind=body.kind, start_date=body.date, start_time=body.time,
                duration=body.duration, message=body.message, spot_id=body.spot_id if body.kind == "in_person" else None, now=now,
            )
            break
        except ValidationFailed as exc:
            # Retries that race: the one that lost the pair's open slot asks once more, and now finds the winner's
            # request, which the service answers when the terms are the same (a different request stays refused).
            if attempt == 1 and (exc.errors.get("form") or "").startswith(OPEN_ALREADY):
                continue
            raise refusal(exc, caller.user_id) from exc
    assert meeting.id is not None
    # New only if this call stored it (stamped with this call's `now`): not an open request found before, nor a
    # racing call's request that the service answered as the same one.
    created = attempt == 1 and meeting.id != before_id and ensure_aware_utc(meeting.created_at) == now
    return MeetingSent(**_public(session, meeting.id, me).model_dump(), created=created)


@router.post("/meetings", response_model=MeetingSent, status_code=201, summary="Request a meeting (date and time in your timezone)")
async def request_meeting(
    body: MeetingCreate, response: Response, caller: Caller = Depends(writer),
    idempotency_key: Annotated[str | None, Header(min_length=8, max_length=64, pattern="^[A-Za-z0-9-]+$",
                                                  description="Optional: a retry of the same request answers the open one (200).")] = None,
) -> MeetingSent:
    sent = await in_session(_request, caller=caller, body=body)
    if not sent.created:
        response.status_code = 200
    return sent


def _read(*, session: Session, caller: Caller, meeting_id: int) -> MeetingPublic:
    meeting_clock.do_catch_up(session=session, user_id=caller.user_id, now=utcnow())
    try:
        return _public(session, meeting_id, caller.user_id)
    except ValidationFailed as exc:
        raise refusal(exc, caller.user_id) from exc


@router.get("/meetings/{meeting_id}", response_model=MeetingPublic, summary="One of your meetings, as its page shows it")
async def read_meeting(meeting_id: MeetingId, caller: Caller = Depends(reader)) -> MeetingPublic:
    return await in_session(_read, caller=caller, meeting_id=meeting_id)


def _act(*, session: Session, caller: Caller, meeting_id: int, action: str, **fields: object) -> MeetingPublic:
    me, now = caller.user_id, utcnow()
    acts: dict[str, Callable[..., object]] = {
        "accept": meeting_actions.accept, "decline": meeting_actions.decline, "counter": meeting_actions.counter,
        "cancel": meeting_actions.cancel, "review": reviews.submit_review,
    }
    act = acts[action]
    try:
        act(session=session, meeting_id=meeting_id, user_id=me, now=now, **fields)
        return _public(session, meeting_id, me)
    except ValidationFailed as exc:
        raise refusal(exc, caller.user_id) from exc


@router.post("/meetings/{meeting_id}/accept", response_model=MeetingPublic, summary="Accept the request or proposal waiting for you")
async def accept_meeting(meeting_id: MeetingId, caller: Caller = Depends(writer)) -> MeetingPublic:
    return await in_session(_act, caller=caller, meeting_id=meeting_id, action="accept")


@router.post("/meetings/{meeting_id}/decline", response_model=MeetingPublic, summary="Decline the request or proposal waiting for you")
async def decline_meeting(meeting_id: MeetingId, caller: Caller = Depends(writer)) -> MeetingPublic:
    return await in_session(_act, caller=caller, meeting_id=meeting_id, action="decline")


@router.post("/meetings/{meeting_id}/counter", response_model=MeetingPublic, summary="Propose another time or spot")
async def counter_meeting(meeting_id: MeetingId, body: CounterCreate, caller: Caller = Depends(writer)) -> MeetingPublic:
    return await in_session(_act, caller=caller, meeting_id=meeting_id, action="counter", start_date=body.date, start_time=body.time,
                            duration=body.duration, spot_id=body.spot_id, message=body.message)


@router.post("/meetings/{meeting_id}/cancel", response_model=MeetingPublic,
             summary="Withdraw an open request, or cancel an accepted meeting (with a reason)")
async def cancel_meeting(meeting_id: MeetingId, body: CancelBody, caller: Caller = Depends(writer)) -> MeetingPublic:
    return await in_session(_act, caller=caller, meeting_id=meeting_id, action="cancel", reason=body.reason)


@router.post("/meetings/{meeting_id}/review", response_model=MeetingPublic, summary="Review a meeting that has ended")
async def review_meeting(meeting_id: MeetingId, body: ReviewCreate, caller: Caller = Depends(writer)) -> MeetingPublic:
    return await in_session(_act, caller=caller, meeting_id=meeting_id, action="review", rating=body.rating, comment=body.comment,
                            attended="yes" if body.attended else "no")

