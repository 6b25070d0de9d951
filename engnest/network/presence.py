"""Presence fan-out: when someone comes online or goes offline, their friends' and collaborators' open
tabs are told (topic "presence"), on whichever worker they are connected.

* Online: the heartbeat reports the first live tab (`directory.touch` returns True) within a second of
  the page opening.
* Offline: a tab that stops beating expires after `realtime.TAB_TTL_SECONDS`; `sweeper` (started by
  `lifespan` in every worker) claims expired users every `SWEEP_SECONDS` (in Redis each user is
  claimed once), so the dot goes off within TTL + SWEEP (25 + 3 s) of the last tab closing.
* Strangers' dots (search results, profile pages) are polled by those pages instead: they are nobody's
  audience.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from engnest.network.services import friends
from engnest.platform import events, realtime
from engnest.platform.db import in_session
from engnest.profiles.services import anonymise

log = logging.getLogger(__name__)

TOPIC = "presence"
SWEEP_SECONDS = 3


async def announce(user_id: int, online: bool) -> int:
    """Push `user_id`'s new presence to their close circle; returns how many people were told."""
    audience = await in_session(friends.close_circle, user_id=user_id)
    if audience:
        events.dispatch(events.Push(tuple(sorted(audience)), TOPIC, {"user_id": user_id, "online": online, "at": time.time()}))
    return len(audience)


async def sweep_once(now: float | None = None) -> list[int]:
    gone = await realtime.directory().sweep(now if now is not None else time.time())
    for user_id in gone:
        await announce(user_id, False)
    return gone


async def _refresh_stale_redactions() -> None:
    """After an upgrade that changed the redaction rules, re-redact stored pitches in small batches."""
    while await in_session(anonymise.do_refresh_stale, batch=200):
        await asyncio.sleep(0)


async def _warm_up() -> None:
    """Load the word lists and the city index before the first request rather than in it."""
    from engnest.platform.places.nearby import city_ids_within
    from engnest.profiles.domain.name_lexicon import lexicon

    await asyncio.to_thread(lexicon)
    await asyncio.to_thread(city_ids_within, 0.0, 0.0, 1.0)


async def sweeper() -> None:
    """Offline transitions, forever (after catching up on stale redactions)."""
    try:
        await _refresh_stale_redactions()
    except Exception:  # a database that is not migrated yet must not stop the app
        log.exception("refreshing stale redactions failed")
    while True:
        await asyncio.sleep(SWEEP_SECONDS)
        try:
            await sweep_once()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("presence sweep failed")


@contextlib.asynccontextmanager
async def lifespan():
    """Registered on the app (after realtime.lifespan): warm caches, then sweep in the background."""
    await _warm_up()
    task = asyncio.create_task(sweeper(), name="presence-sweeper")
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
