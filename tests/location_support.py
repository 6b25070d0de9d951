"""Helpers for the stranger-location tests (issue 9, §2.3): Nia lives in Newark, New Jersey, which strangers
must only ever see as "near New York City"."""

from __future__ import annotations

from engnest.platform.places.gazetteer import gazetteer

NEWARK = gazetteer().resolve("Newark, New Jersey, United States")
NEW_YORK = gazetteer().resolve("New York City, New York, United States")
PHILADELPHIA = "Philadelphia, Pennsylvania, United States"
APPROXIMATE = "near New York City, United States"


def _coordinate_texts(value: float) -> set[str]:
    """`value` written to 3-5 decimals (about 100 m to 1 m), rounded or cut off, as JSON or Python would."""
    raw = repr(value)
    point = raw.index(".")
    return {f"{value:.{d}f}" for d in (3, 4, 5)} | {raw[: point + 1 + d] for d in (3, 4, 5)}


def leaks(text: str) -> list[str]:
    """What in `text` gives Newark away: its name, or its coordinates."""
    found = ["Newark"] if "newark" in text.lower() else []
    for value in (NEWARK.lat, NEWARK.lon):
        found += sorted(t for t in _coordinate_texts(value) if t in text)
    return found


def make_nia_and_sam(session):
    """Nia (Newark, mechanical) and Sam (Philadelphia, electrical): complete profiles, strangers."""
    from factories import make_user

    nia = make_user(session, complete=True, first_name="Nia", last_name="Okafor", city=NEWARK.label, timezone="America/New_York")
    sam = make_user(session, complete=True, first_name="Sam", last_name="Reyes", city=PHILADELPHIA, timezone="America/New_York", discipline="electrical")
    return nia, sam
