"""The API's registrations with the web layer (loaded by engnest.features.load_web): the FastAPI app mounted at
/api/v1 among our HTTP routes, and the API tokens section of Settings."""

from __future__ import annotations

from starlette.routing import Mount

from engnest.accounts.pages import settings
from engnest.api.app import PREFIX, create_app
from engnest.api.pages.tokens_section import TokensState, tokens_card
from engnest.platform.http import register_routes

API = Mount(PREFIX, app=create_app(), name="api")
register_routes(API)
settings.register_section(30, tokens_card, TokensState.load)
