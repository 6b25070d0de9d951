"""The caller's own personal access tokens: listed and revoked (created only in Settings, where they are shown once)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response

from engnest.api.auth import reader, writer
from engnest.api.errors import ERROR_RESPONSES, not_found
from engnest.api.routers.params import ItemId
from engnest.api.schemas import TokenPublic
from engnest.api.services import tokens
from engnest.api.services.tokens import Caller
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session

router = APIRouter(tags=["tokens"], responses=ERROR_RESPONSES)


@router.get("/tokens", response_model=list[TokenPublic], summary="Your live API tokens (never the tokens themselves)")
async def list_tokens(caller: Caller = Depends(reader)) -> list[TokenPublic]:
    found = await in_session(tokens.list_tokens, user_id=caller.user_id, now=utcnow())
    return [TokenPublic.of(t) for t in found]


@router.delete("/tokens/{token_id}", status_code=204, response_class=Response, summary="Revoke one of your tokens")
async def revoke_token(token_id: ItemId, caller: Caller = Depends(writer)) -> Response:
    if not await in_session(tokens.do_revoke, user_id=caller.user_id, token_id=token_id, now=utcnow()):
        raise not_found("No such token.")
    return Response(status_code=204)
