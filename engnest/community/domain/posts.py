"""Posts: what a post may hold, the hot score, feed sorts and their keyset cursors, and votes. Pure (no DB, no clock:
every time is a parameter).

Hot score (docs/community.md, "Ranking the feed"), Reddit's form:

    hot = sign(score) * log10(max(|score|, 1)) + (created_at - EPOCH) / DECAY_SECONDS

`score` is up votes minus down votes. A post's age enters through its own creation time, not through "now", so
the value only changes when a vote changes the score: it is stored on the post and indexed, and a hot page is a
walk down that index (no score is computed per request, so a page costs the same at 1M posts). Every
DECAY_SECONDS (12.5 h) of newness is worth as much as ten times the score: a day-old post needs about 100 times
the votes of a new one to stay level with it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from engnest.community.domain import rooms as room_rules
from engnest.community.domain.rooms import TAG_MAX
from engnest.platform.domain.errors import Collector, ValidationFailed
from engnest.platform.domain.user_text import clean

EPOCH = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
DECAY_SECONDS = 45_000
TITLE_MIN, TITLE_MAX, BODY_MAX, CODE_MAX = 3, 200, 10_000, 20_000
HOT, NEW, TOP = "hot", "new", "top"
SORTS = (HOT, NEW, TOP)
DAY, WEEK, ALL = "day", "week", "all"
WINDOWS = {DAY: dt.timedelta(days=1), WEEK: dt.timedelta(days=7), ALL: None}
PAGE = 20
AUTO = "auto"
LANGUAGES = ("python", "c", "cpp", "rust", "go", "java", "javascript", "typescript", "matlab", "sql", "bash", "verilog", "vhdl", "text")
_TAG = re.compile(r"^[a-z0-9][a-z0-9+#.-]*$")


def hot(score: int, created_at: dt.datetime) -> float:
    """The stored hot value of a post with `score` made at `created_at` (aware)."""
    order = math.log10(max(abs(score), 1))
    sign = (score > 0) - (score < 0)
    return round(sign * order + (created_at - EPOCH).total_seconds() / DECAY_SECONDS, 7)


@dataclass(frozen=True)
class PostDraft:
    title: str
    body: str
    code: str
    language: str  # one of LANGUAGES; '' when there is no code
    tags: tuple[str, ...]


def _text(value: object, label: str, limit: int, *, minimum: int = 0, one_line: bool = False) -> str:
    if not isinstance(value, str):
        raise ValidationFailed(form=f"{label} must be text.")
    text = clean(value)
    text = " ".join(text.split()) if one_line else text.strip("\n").rstrip()
    if len(text) < minimum:
        raise ValidationFailed(form=f"{label} needs at least {minimum} characters.")
    if len(text) > limit:
        raise ValidationFailed(form=f"{label} can be at most {limit:,} characters; this one has {len(text):,}.")
    return text


def check_tags(value: object) -> tuple[str, ...]:
    """A post's tags: the same rule as a room's."""
    return room_rules.check_tags(value, owner="post")


def check_post(*, title: object, body: object, code: object = "", language: object = AUTO, tags: object = "") -> PostDraft:
    """A post's fields, each checked (every problem reported under its own field)."""
    errors = Collector()
    clean_title = errors.check("title", _text, title, "The title", TITLE_MAX, minimum=TITLE_MIN, one_line=True)
    clean_body = errors.check("body", _text, body, "The text", BODY_MAX)
    clean_code = errors.check("code", _text, code, "The code", CODE_MAX)
    clean_tags = errors.check("tags", check_tags, tags)
    if language != AUTO and language not in LANGUAGES:
        errors.add("language", "Choose a language from the list, or let EngNest detect it.")
    errors.raise_if_any()
    if not clean_body and not clean_code:
        raise ValidationFailed(body="Write some text or add a code snippet.")
    chosen = "" if not clean_code else (detect_language(clean_code) if language == AUTO else str(language))
    return PostDraft(clean_title, clean_body, clean_code, chosen, clean_tags)


# Clues that point at a language; the language with the most clues wins (ties: the order of _CLUES).
_CLUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("python", (r"^\s*def \w+\(.*\):", r"^\s*import \w+", r"^\s*from [\w.]+ import", r"\bself\b", r"^\s*(elif|print\()", r":\s*$")),
    ("rust", (r"\bfn \w+\(", r"\blet mut\b", r"\bimpl\b", r"->\s*\w+\s*\{", r"\b(u32|i64|usize|&str)\b", r"println!")),
    ("go", (r"^package \w+", r"\bfunc \w*\(", r":=", r"\bfmt\.", r"^import \(")),
    ("typescript", (r":\s*(string|number|boolean)\b", r"\binterface \w+", r"\bexport (type|interface)\b")),
    ("javascript", (r"\bconst \w+ =", r"\bfunction\s*\w*\(", r"=>", r"console\.log", r"\brequire\(")),
    ("java", (r"\bpublic (static )?(class|void)\b", r"System\.out\.", r"\bprivate final\b")),
    ("cpp", (r"#include <\w+>", r"\bstd::", r"\btemplate\s*<", r"\bcout\b")),
    ("c", (r"#include <\w+\.h>", r"\bprintf\(", r"\bmalloc\(", r"\bint main\(")),
    ("matlab", (r"^\s*function .*=", r"^\s*end\s*$", r"\bzeros\(", r"\bdisp\(", r"^\s*%")),
    ("sql", (r"(?i)\bselect\b.+\bfrom\b", r"(?i)\b(insert into|create table|where)\b")),
    ("bash", (r"^#!/bin/(ba)?sh", r"^\s*(echo|export|sudo|apt-get|cd) ", r"\$\{?\w+\}?", r"\bfi\s*$")),
    ("verilog", (r"\bmodule \w+\s*\(", r"\balways @", r"\bendmodule\b", r"\bassign \w+")),
    ("vhdl", (r"(?i)\bentity \w+ is\b", r"(?i)\barchitecture\b", r"(?i)\bstd_logic\b", r"<=")),
)
_COMPILED = tuple((name, tuple(re.compile(c, re.MULTILINE) for c in clues)) for name, clues in _CLUES)


def detect_language(code: str) -> str:
    """The likeliest language of a snippet, 'text' when nothing points anywhere."""
    best, best_hits = "text", 0
    for name, clues in _COMPILED:
        hits = sum(1 for clue in clues if clue.search(code))
        if hits > best_hits:
            best, best_hits = name, hits
    return best


def check_vote(value: object) -> int:
    """+1 up, -1 down, 0 takes the vote back."""
    if value not in (-1, 0, 1) or isinstance(value, bool):
        raise ValidationFailed(form="A vote is up, down or none.")
    return int(value)  # type: ignore[call-overload]


@dataclass(frozen=True)
class FeedQuery:
    sort: str
    window: str
    tag: str
    room_id: int | None


def check_feed_query(*, sort: object = HOT, window: object = WEEK, tag: object = "", room_id: object = None) -> FeedQuery:
    """What a reader asked for; junk falls back to the defaults (a feed is never an error page)."""
    clean_sort = sort if sort in SORTS else HOT
    clean_window = window if window in WINDOWS else WEEK
    clean_tag = clean(tag).strip().lstrip("#").lower() if isinstance(tag, str) else ""
    if len(clean_tag) > TAG_MAX or (clean_tag and not _TAG.match(clean_tag)):
        clean_tag = ""
    room = room_id if isinstance(room_id, int) and not isinstance(room_id, bool) and room_id > 0 else None
    return FeedQuery(str(clean_sort), str(clean_window), clean_tag, room)


@dataclass(frozen=True)
class Cursor:
    """Where the next page starts: after the post with this (sort key, id)."""

    key: float
    id: int

    def text(self) -> str:
        return f"{self.key!r}:{self.id}"


def parse_cursor(value: object) -> Cursor | None:
    """A cursor from a client ('12.5:4031'); anything else is the first page."""
    if not isinstance(value, str) or len(value) > 60 or value.count(":") != 1:
        return None
    key, _, ident = value.partition(":")
    try:
        number, row = float(key), int(ident)
    except ValueError:
        return None
    if not math.isfinite(number) or row <= 0:
        return None
    return Cursor(number, row)


def since(window: str, now: dt.datetime) -> dt.datetime | None:
    """The oldest creation time a 'top' page of `window` includes (None: all time)."""
    span = WINDOWS.get(window)
    return None if span is None else now - span


def tags_text(tags: tuple[str, ...] | list[str]) -> str:
    return f" {' '.join(tags)} " if tags else ""
