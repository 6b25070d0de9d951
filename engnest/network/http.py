"""`/media/avatar/{id}` serves an avatar only to people allowed to see it (the owner and collaborators)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from engnest.accounts.services import sessions
from engnest.accounts.state.session import COOKIE_NAME
from engnest.network.services import visibility
from engnest.platform import routes
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.ids import parse_id
from engnest.profiles.services import media


async def avatar(request: Request) -> Response:
    owner_id = parse_id(request.path_params.get("user_id"))  # junk and out-of-range ids are simply not found
    if owner_id is None:
        return Response(status_code=404)
    viewer = await in_session(sessions.user_for_token, token=request.cookies.get(COOKIE_NAME), now=utcnow())
    name = await in_session(visibility.avatar_file_for, viewer_id=viewer.id if viewer else None, owner_id=owner_id)
    path = media.avatar_path(name) if name else None
    if path is None:
        return Response(status_code=404)
    return FileResponse(path, media_type="image/webp", headers={"Cache-Control": "private, max-age=3600"})


ROUTES = [Route(routes.AVATAR + "/{user_id}", avatar, methods=["GET"])]
