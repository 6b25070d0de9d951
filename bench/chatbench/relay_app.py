"""The baseline: a bare python-socketio relay on the same ASGI server (granian) as the app. A client
joins the room of its user id; "send" is re-emitted to the recipient's room. No storage, no checks."""

from __future__ import annotations

from urllib.parse import parse_qs

import socketio

sio = socketio.AsyncServer(async_mode="asgi", transports=["websocket"], async_handlers=False)
app = socketio.ASGIApp(sio, socketio_path="/_event")


@sio.event
async def connect(sid, environ, auth=None):
    user = parse_qs(environ.get("QUERY_STRING", "")).get("user", ["0"])[0]
    await sio.enter_room(sid, f"u{user}")


@sio.on("send")
async def send(sid, data):
    await sio.emit("dm", data, room=f"u{data['to']}")
