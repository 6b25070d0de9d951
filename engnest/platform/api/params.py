"""Parameters shared by the routers: ids in the range every primary key has, and opaque cursors."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

from engnest.platform.api import cursor
from engnest.platform.api.errors import ApiError
from engnest.platform.domain.ids import MAX_ID

UserId = Annotated[int, Path(ge=1, le=MAX_ID, description="A user's id.")]
ItemId = Annotated[int, Path(ge=1, le=MAX_ID)]
CursorParam = Annotated[str | None, Query(max_length=cursor.MAX_CURSOR_CHARS, description="`next_cursor` of the previous page.")]


def read_position(value: str | None) -> int | None:
    """The position a `next_cursor` of ours points at (None: the first page)."""
    if value is None or value == "":
        return None
    try:
        (position,) = cursor.decode(value, int)
        assert isinstance(position, int)
        return position
    except cursor.BadCursor as exc:
        raise ApiError(422, "invalid", "The cursor is not one this API gave out.", fields={"cursor": str(exc)}) from exc
