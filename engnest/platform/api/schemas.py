"""Schemas every router shares: a page of items with its cursor, times that leave as RFC 3339 UTC, and the
answer of a "mark read" call."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, Field

from engnest.platform.domain.timezones import ensure_aware_utc

T = TypeVar("T")
# Times leave as RFC 3339 with their zone (UTC): SQLite hands stored times back without one.
Utc = Annotated[dt.datetime, AfterValidator(ensure_aware_utc)]


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page; null on the last page.")


class MarkedRead(BaseModel):
    changed: int
