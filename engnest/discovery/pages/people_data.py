"""Loading people cards for a page, with presence from the tab directory (shared by the people pages)."""

from __future__ import annotations

import datetime as dt
import time

from engnest.accounts.state.session import Caller
from engnest.discovery.services import cards
from engnest.platform import realtime
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.people import last_seen_label


async def cards_with_presence(user: Caller, ids: list[int], distances: dict[int, float] | None = None) -> list[cards.PersonCard]:
    directory = realtime.directory()
    now = time.time()
    online = await directory.online(ids, now) if ids else set()
    seen = await directory.last_seen(ids) if ids else {}
    return await in_session(
        cards.cards_for, viewer_id=user.id, ids=ids, distances=distances, online=online, seen=seen, now=utcnow(), viewer_tz=user.timezone
    )


def apply_presence(people: list[cards.PersonCard], payload: dict, tz: str) -> bool:
    """A "presence" push: flip the dot (and "last seen", for friends and collaborators). True if shown here."""
    try:
        user_id, online, at = int(payload["user_id"]), bool(payload["online"]), float(payload.get("at", time.time()))
    except (KeyError, TypeError, ValueError):
        return False
    hit = False
    for card in people:
        if card.user_id == user_id:
            hit = True
            card.online = online
            close = card.collaborator or card.relation == "friends"
            card.last_seen = "" if online or not close else last_seen_label(dt.datetime.fromtimestamp(at, dt.timezone.utc), utcnow(), tz)
    return hit


async def refresh_online(people: list[cards.PersonCard], tz: str) -> bool:
    """Poll the directory for the people shown (strangers get no pushes). True if anything changed."""
    if not people:
        return False
    directory = realtime.directory()
    now = time.time()
    online = await directory.online([c.user_id for c in people], now)
    seen = await directory.last_seen([c.user_id for c in people if c.user_id not in online])
    changed = False
    for card in people:
        is_online = card.user_id in online
        if is_online != card.online:
            changed = True
            apply_presence([card], {"user_id": card.user_id, "online": is_online, "at": seen.get(card.user_id, now)}, tz)
    return changed
