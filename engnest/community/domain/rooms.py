"""Room settings and room messages: validation and the directory's search terms. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass

from engnest.platform.domain.errors import Collector, ValidationFailed
from engnest.platform.domain.user_text import clean

PUBLIC, PRIVATE = "public", "private"
NAME_MAX, TOPIC_MAX, TAG_MAX, TAGS_MAX = 60, 280, 24, 5
_TAG = re.compile(r"^[a-z0-9][a-z0-9+#.-]*$")


@dataclass(frozen=True)
class RoomSettings:
    name: str
    topic: str
    tags: tuple[str, ...]
    visibility: str


def _text(value: object, label: str, limit: int, required: bool) -> str:
    if not isinstance(value, str):
        raise ValidationFailed(form=f"{label} must be text.")
    text = " ".join(clean(value).split())
    if required and not text:
        raise ValidationFailed(form=f"Give the room a {label.lower()}.")
    if len(text) > limit:
        raise ValidationFailed(form=f"{label} can be at most {limit} characters; this one has {len(text)}.")
    return text


def check_tags(value: object, owner: str = "room") -> tuple[str, ...]:
    """'Python, CAD  #fea' -> ('python', 'cad', 'fea'): lower case, de-duplicated, at most TAGS_MAX (rooms' and
    posts' tags alike; `owner` words the refusal)."""
    if isinstance(value, str):
        value = re.split(r"[,\s]+", value)
    if not isinstance(value, (list, tuple)) or not all(isinstance(t, str) for t in value):
        raise ValidationFailed(form="Tags must be text.")
    tags: list[str] = []
    for raw in value:
        tag = clean(raw).strip().lstrip("#").lower()
        if not tag or tag in tags:
            continue
        if len(tag) > TAG_MAX or not _TAG.match(tag):
            raise ValidationFailed(form=f"“{tag[:TAG_MAX]}” is not a tag: letters, digits, + # . - (at most {TAG_MAX}).")
        tags.append(tag)
    if len(tags) > TAGS_MAX:
        raise ValidationFailed(form=f"A {owner} can have at most {TAGS_MAX} tags.")
    return tuple(tags)


def check_settings(*, name: object, topic: object, tags: object, visibility: object) -> RoomSettings:
    errors = Collector()
    clean_name = errors.check("name", _text, name, "Name", NAME_MAX, True)
    clean_topic = errors.check("topic", _text, topic, "Topic", TOPIC_MAX, False)
    clean_tags = errors.check("tags", check_tags, tags)
    if visibility not in (PUBLIC, PRIVATE):
        errors.add("visibility", "Choose public or private.")
    errors.raise_if_any()
    return RoomSettings(clean_name, clean_topic, clean_tags, str(visibility))


def tags_text(tags: tuple[str, ...] | list[str]) -> str:
    """Stored form: ' python cad ' (spaces around each, so a tag search is one LIKE '% tag %')."""
    return f" {' '.join(tags)} " if tags else ""


def search_terms(query: object) -> tuple[str, ...]:
    """Words of a directory search (lower case, at most 5), matched against names and tags."""
    if not isinstance(query, str):
        return ()
    return tuple(w.lstrip("#") for w in clean(query).lower().split() if w.lstrip("#"))[:5]
