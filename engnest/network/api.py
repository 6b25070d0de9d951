"""`/blocks`: the people you blocked, blocking (any friendship or pending request between you ends; you vanish from
each other's search, cards and meetings) and unblocking, through the network services the person page uses.
Blocking is yours alone: the list never says who blocked you."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel
from sqlmodel import Session

from engnest.network.models import Block
from engnest.network.services import relations
from engnest.platform.api import cursor
from engnest.platform.api.auth import Caller, reader, writer
from engnest.platform.api.errors import ERROR_RESPONSES
from engnest.platform.api.params import CursorParam, UserId, read_position
from engnest.platform.api.schemas import Page, Utc
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session

router = APIRouter(tags=["blocks"], responses=ERROR_RESPONSES)
BLOCKS_PER_PAGE = 100


class BlockPublic(BaseModel):
    user_id: int
    blocked_at: Utc

    @classmethod
    def of(cls, row: Block) -> BlockPublic:
        return cls(user_id=row.blocked_id, blocked_at=row.created_at)


def _blocks(*, session: Session, caller: Caller, start: int) -> Page[BlockPublic]:
    found = relations.blocked_by(session=session, user_id=caller.user_id)
    page = found[start:start + BLOCKS_PER_PAGE]
    following = cursor.encode(start + BLOCKS_PER_PAGE) if len(found) > start + BLOCKS_PER_PAGE else None
    return Page[BlockPublic](items=[BlockPublic.of(b) for b in page], next_cursor=following)


@router.get("/blocks", response_model=Page[BlockPublic], summary="The people you blocked, newest first")
async def list_blocks(caller: Caller = Depends(reader), cursor: CursorParam = None) -> Page[BlockPublic]:
    position = read_position(cursor)
    return await in_session(_blocks, caller=caller, start=position or 0)


def _block(*, session: Session, caller: Caller, other: int) -> BlockPublic:
    row = relations.block(session=session, blocker=caller.user_id, blocked=other, now=utcnow())
    return BlockPublic.of(row)


@router.put("/blocks/{user_id}", response_model=BlockPublic, summary="Block someone (again: nothing changes)")
async def block_person(user_id: UserId, caller: Caller = Depends(writer)) -> BlockPublic:
    return await in_session(_block, caller=caller, other=user_id)


@router.delete("/blocks/{user_id}", status_code=204, response_class=Response, summary="Unblock someone (not blocked: nothing changes)")
async def unblock_person(user_id: UserId, caller: Caller = Depends(writer)) -> Response:
    await in_session(relations.do_unblock, blocker=caller.user_id, blocked=user_id)
    return Response(status_code=204)
