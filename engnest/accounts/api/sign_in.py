"""`/auth/login`, `/auth/refresh`, `/auth/logout`: sign in with email and password for an access token (15 minutes)
and a rotating refresh token (30 days, one use each). The credential check is the web sign-in's own."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field
from sqlmodel import Session

from engnest.accounts.services import accounts
from engnest.accounts.services import api_sign_in as sign_in
from engnest.accounts.services.api_tokens import MAX_TOKEN_CHARS
from engnest.platform.api.auth import Caller, take_client, writer
from engnest.platform.api.errors import ERROR_RESPONSES, ApiError
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed

router = APIRouter(prefix="/auth", tags=["auth"], responses=ERROR_RESPONSES)
NO_STORE = {"Cache-Control": "no-store"}


class Credentials(BaseModel):
    email: str = Field(max_length=320)
    password: str = Field(max_length=1000)


class RefreshRequest(BaseModel):
    refresh_token: str = Field(max_length=MAX_TOKEN_CHARS)


class TokenPairPublic(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="Seconds the access token lives.")


def _public(pair: sign_in.TokenPair) -> TokenPairPublic:
    return TokenPairPublic(access_token=pair.access_token, refresh_token=pair.refresh_token, expires_in=pair.expires_in)


def _login(*, session: Session, email: str, password: str, client: str) -> sign_in.TokenPair:
    try:
        user = accounts.check_credentials(session=session, email=email, password=password, client=client)
    except ValidationFailed as exc:
        message = exc.first()
        if message == accounts.SIGN_IN_FAILED:
            raise ApiError(401, "unauthorized", message) from exc
        raise ApiError(429, "rate_limited", message) from exc  # too many attempts, or the account is under attack
    return sign_in.do_start(session=session, user=user, now=utcnow())


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post("/login", response_model=TokenPairPublic, summary="Sign in: an access token and a refresh token")
async def login(credentials: Credentials, request: Request, response: Response) -> TokenPairPublic:
    await in_session(take_client, client=_client(request))
    pair = await in_session(_login, email=credentials.email, password=credentials.password, client=_client(request))
    response.headers.update(NO_STORE)
    return _public(pair)


@router.post("/refresh", response_model=TokenPairPublic, summary="A new pair for a refresh token (which stops working)")
async def refresh(body: RefreshRequest, request: Request, response: Response) -> TokenPairPublic:
    await in_session(take_client, client=_client(request))
    pair = await in_session(sign_in.do_refresh, raw=body.refresh_token, now=utcnow())
    if pair is None:
        raise ApiError(401, "unauthorized", "This refresh token is not valid any more. Sign in again.")
    response.headers.update(NO_STORE)
    return _public(pair)


@router.post("/logout", status_code=204, response_class=Response, summary="Sign out: the access and refresh tokens stop working")
async def logout(caller: Caller = Depends(writer)) -> Response:
    await in_session(sign_in.do_sign_out, token_id=caller.token_id, now=utcnow())
    return Response(status_code=204)
