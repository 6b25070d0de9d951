"""Conversations and direct messages: only between collaborators (people who have met), never across a block,
through the messaging services' own checks. Sending takes an `Idempotency-Key`: a retried send stores nothing
twice and answers the stored message."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Response
from sqlmodel import Session

from engnest.messaging.api.schemas import ConversationPublic, MessageCreate, MessagePublic, MessageSent
from engnest.messaging.services import message_views, messages
from engnest.platform import throttle
from engnest.platform.api import cursor
from engnest.platform.api.auth import Caller, reader, writer
from engnest.platform.api.errors import ERROR_RESPONSES, ApiError
from engnest.platform.api.params import CursorParam, UserId, read_position
from engnest.platform.api.schemas import MarkedRead, Page
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.settings import get_settings

router = APIRouter(tags=["messages"], responses=ERROR_RESPONSES)
CONVERSATIONS_PER_PAGE = 50


def _forbidden(exc: ValidationFailed) -> ApiError:
    return ApiError(403, "forbidden", exc.errors.get("form") or exc.first())


def _conversations(*, session: Session, caller: Caller, start: int, unread_only: bool) -> Page[ConversationPublic]:
    found = message_views.list_conversations(session=session, user_id=caller.user_id)
    if unread_only:
        found = [c for c in found if c.unread > 0]
    page = found[start:start + CONVERSATIONS_PER_PAGE]
    following = cursor.encode(start + CONVERSATIONS_PER_PAGE) if len(found) > start + CONVERSATIONS_PER_PAGE else None
    return Page[ConversationPublic](items=[ConversationPublic.of(c) for c in page], next_cursor=following)


@router.get("/conversations", response_model=Page[ConversationPublic], summary="Your conversations, newest first")
async def list_conversations(
    caller: Caller = Depends(reader), cursor: CursorParam = None,
    unread: bool = Query(False, description="Only conversations with unread messages."),
) -> Page[ConversationPublic]:
    position = read_position(cursor)
    return await in_session(_conversations, caller=caller, start=position or 0, unread_only=unread)


def _thread(*, session: Session, caller: Caller, peer: int, before: int | None) -> Page[MessagePublic]:
    if reason := message_views.refusal(session=session, me=caller.user_id, peer=peer):
        raise ApiError(403, "forbidden", reason)
    conversation_id = message_views.direct_conversation_id(session=session, a=caller.user_id, b=peer)
    if conversation_id is None:  # allowed, never written to
        return Page[MessagePublic](items=[], next_cursor=None)
    try:
        page = message_views.check_thread_page(session=session, me=caller.user_id, conversation_id=conversation_id, before_id=before)
    except ValidationFailed as exc:
        raise _forbidden(exc) from exc
    following = cursor.encode(page.messages[0].id) if page.has_older and page.messages else None
    return Page[MessagePublic](items=[MessagePublic.of(m) for m in page.messages], next_cursor=following)


@router.get("/conversations/{user_id}/messages", response_model=Page[MessagePublic],
            summary="Messages with a collaborator: the newest page, oldest first; the cursor goes further back")
async def read_messages(user_id: UserId, caller: Caller = Depends(reader), cursor: CursorParam = None) -> Page[MessagePublic]:
    position = read_position(cursor)
    return await in_session(_thread, caller=caller, peer=user_id, before=position)


def _send(*, session: Session, caller: Caller, peer: int, body: str, key: str) -> MessageSent:
    me = caller.user_id
    if reason := message_views.refusal(session=session, me=me, peer=peer):
        raise ApiError(403, "forbidden", reason)
    try:
        now = utcnow()
        conversation_id = messages.open_direct(session=session, me=me, peer=peer, now=now)
        sent = messages.send_message(
            session=session, sender_id=me, conversation_id=conversation_id, body=body, client_key=key, now=now
        )
    except ValidationFailed as exc:
        if "body" in exc.errors and exc.errors["body"].startswith("You are sending messages too quickly"):
            wait = throttle.retry_after_seconds(get_settings().dm_rate_limit, "dm-send", str(me))
            raise ApiError(429, "rate_limited", exc.errors["body"], headers={"Retry-After": str(wait)}) from exc
        raise
    return MessageSent(**MessagePublic.of(sent.message).model_dump(), created=sent.created)


@router.post("/conversations/{user_id}/messages", response_model=MessageSent, status_code=201,
             summary="Send a message to a collaborator (once per Idempotency-Key)")
async def send_message(
    user_id: UserId,
    message: MessageCreate,
    response: Response,
    idempotency_key: Annotated[str, Header(min_length=8, max_length=64, pattern="^[A-Za-z0-9-]+$",
                                           description="A new random key (a UUID) per message; repeat it to retry.")],
    caller: Caller = Depends(writer),
) -> MessageSent:
    sent = await in_session(_send, caller=caller, peer=user_id, body=message.body, key=idempotency_key)
    if not sent.created:
        response.status_code = 200
    return sent


def _mark_read(*, session: Session, caller: Caller, peer: int) -> MarkedRead:
    me = caller.user_id
    if reason := message_views.refusal(session=session, me=me, peer=peer):
        raise ApiError(403, "forbidden", reason)
    conversation_id = message_views.direct_conversation_id(session=session, a=me, b=peer)
    if conversation_id is None:
        return MarkedRead(changed=0)
    return MarkedRead(changed=messages.mark_read(session=session, reader_id=me, conversation_id=conversation_id, now=utcnow()))


@router.post("/conversations/{user_id}/read", response_model=MarkedRead, summary="Mark a conversation read")
async def mark_conversation_read(user_id: UserId, caller: Caller = Depends(writer)) -> MarkedRead:
    return await in_session(_mark_read, caller=caller, peer=user_id)
