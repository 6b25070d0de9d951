"""The caller's own personal access tokens: listed and revoked (created only in Settings, where they are shown once)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, Field

from engnest.accounts.services import api_tokens as tokens
from engnest.accounts.services.api_tokens import TokenView
from engnest.platform.api.auth import Caller, reader, writer
from engnest.platform.api.errors import ERROR_RESPONSES, not_found
from engnest.platform.api.params import ItemId
from engnest.platform.api.schemas import Utc
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session

router = APIRouter(tags=["tokens"], responses=ERROR_RESPONSES)


class TokenPublic(BaseModel):
    id: int
    name: str
    scope: str
    hint: str = Field(description="The token's last four characters.")
    created_at: Utc
    expires_at: Utc | None
    last_used_at: Utc | None

    @classmethod
    def of(cls, t: TokenView) -> TokenPublic:
        return cls(id=t.id, name=t.name, scope=t.scope, hint=t.hint, created_at=t.created_at, expires_at=t.expires_at, last_used_at=t.last_used_at)


@router.get("/tokens", response_model=list[TokenPublic], summary="Your live API tokens (never the tokens themselves)")
async def list_tokens(caller: Caller = Depends(reader)) -> list[TokenPublic]:
    found = await in_session(tokens.list_tokens, user_id=caller.user_id, now=utcnow())
    return [TokenPublic.of(t) for t in found]


@router.delete("/tokens/{token_id}", status_code=204, response_class=Response, summary="Revoke one of your tokens")
async def revoke_token(token_id: ItemId, caller: Caller = Depends(writer)) -> Response:
    if not await in_session(tokens.do_revoke, user_id=caller.user_id, token_id=token_id, now=utcnow()):
        raise not_found("No such token.")
    return Response(status_code=204)
