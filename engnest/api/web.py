"""The API's registration with the web layer (loaded by engnest.features.load_web): the FastAPI app mounted at
/api/v1 among our HTTP routes."""

from __future__ import annotations

from starlette.routing import Mount

from engnest.api.app import PREFIX, create_app
from engnest.platform.http import register_routes

API = Mount(PREFIX, app=create_app(), name="api")
register_routes(API)
