"""Accounts' part of the REST API: signing in for a token pair (`/auth/...`) and the caller's own tokens."""

from fastapi import APIRouter

from engnest.accounts.api import sign_in, tokens

router = APIRouter()
router.include_router(sign_in.router)
router.include_router(tokens.router)
