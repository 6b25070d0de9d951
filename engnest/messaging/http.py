"""`/media/attachment/{id}/{name}` serves a file sent in a conversation to the conversation's members only
(session cookie; anyone else, signed in or not, gets the same 404 as for an id that does not exist).

Served safely whatever is inside: the type is the one we checked on upload (never sniffed: nosniff), a PDF is
always a download (never rendered by us, CSP default-src 'none'), an image is shown inline but as an image
only, and opened on its own it is a sandboxed document that can run and load nothing."""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from engnest.accounts.services import sessions
from engnest.accounts.state.session import COOKIE_NAME
from engnest.messaging.domain.attachments import IMAGE
from engnest.messaging.services import attachment_files, attachments
from engnest.platform import routes
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.ids import parse_id

SAFETY = {
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "same-site",
    "Cache-Control": "private, no-store",
}
# An image opened on its own is a sandboxed document that may load nothing; a file is only ever downloaded
# (Content-Disposition: attachment), and a sandbox would stop that download in Chromium.
CSP = {IMAGE: "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox", "file": "default-src 'none'"}


def _not_found() -> Response:
    return Response("Not found", status_code=404, media_type="text/plain", headers={"Cache-Control": "no-store"})


def _disposition(kind: str, name: str) -> str:
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_")
    how = "inline" if kind == IMAGE else "attachment"
    return f"{how}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


async def attachment(request: Request) -> Response:
    attachment_id = parse_id(request.path_params.get("attachment_id"))
    if attachment_id is None:
        return _not_found()
    viewer = await in_session(sessions.user_for_token, token=request.cookies.get(COOKIE_NAME), now=utcnow())
    if viewer is None:
        return _not_found()
    try:
        found = await in_session(attachments.attachment_for, viewer_id=viewer.id, attachment_id=attachment_id)
    except ValidationFailed:
        return _not_found()
    path = attachment_files.path_of(found.stored_name)
    if path is None:
        return _not_found()
    headers = {**SAFETY, "Content-Security-Policy": CSP.get(found.kind, CSP["file"]), "Content-Disposition": _disposition(found.kind, found.display_name)}
    return FileResponse(path, media_type=found.content_type, headers=headers)


ROUTES = [Route(routes.ATTACHMENT + "/{attachment_id}/{name}", attachment, methods=["GET"])]
