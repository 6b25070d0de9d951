"""Direct-message rules and presentation helpers: pure functions, no reflex, no DB, no clock."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.user_text import clean

MAX_LENGTH = 2000
PAGE_SIZE = 30
PREVIEW_LENGTH = 80

_KEY = re.compile(r"^[A-Za-z0-9-]{8,64}$")
# http(s) URLs and bare www. hosts; nothing else becomes a link (no javascript:, data:, mailto:).
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
_TRAILING = ".,;:!?'\"”’»"


def clean_body(text: object) -> str:
    """The text to store, or a clear reason it cannot be sent."""
    if not isinstance(text, str):
        text = ""
    body = clean(text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not body:
        raise ValidationFailed(body="Write a message before sending.")
    if len(body) > MAX_LENGTH:
        raise ValidationFailed(
            body=f"Messages can be at most {MAX_LENGTH:,} characters; this one has {len(body):,}. Split it in two."
        )
    return body


def direct_key(a: int, b: int) -> str:
    """The key of the direct conversation between two people, the same from both sides."""
    low, high = (a, b) if a < b else (b, a)
    return f"{low}:{high}"


def check_client_key(key: object) -> str:
    """The client's idempotency key (a UUID made by the browser)."""
    if not isinstance(key, str) or not _KEY.match(key):
        raise ValidationFailed(form="Your message could not be sent. Reload the page and try again.")
    return key


@dataclass(frozen=True)
class Part:
    """A run of message text; `href` is set when the run is a link."""

    text: str
    href: str = ""


def _trim_url(url: str) -> str:
    while url and url[-1] in _TRAILING:
        url = url[:-1]
    # A closing bracket belongs to the URL only if the URL opened one (wiki-style links).
    for close, open_ in ((")", "("), ("]", "[")):
        while url.endswith(close) and url.count(close) > url.count(open_):
            url = url[:-1]
    return url


def link_parts(text: str) -> list[Part]:
    """Split message text into plain runs and http(s) links, for safe rendering as text + anchors."""
    parts: list[Part] = []
    pos = 0
    for match in _URL.finditer(text):
        url = _trim_url(match.group(0))
        if len(url) <= len("https://"):
            continue
        start, end = match.start(), match.start() + len(url)
        if start > pos:
            parts.append(Part(text[pos:start]))
        href = url if url.lower().startswith(("http://", "https://")) else f"https://{url}"
        parts.append(Part(url, href))
        pos = end
    if pos < len(text):
        parts.append(Part(text[pos:]))
    return parts or [Part("")]


def preview(text: str, limit: int = PREVIEW_LENGTH) -> str:
    """One line of a message for the conversation list and notifications."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def day_label(day: dt.date, today: dt.date) -> str:
    """Day separator in a thread, relative to the viewer's today."""
    if day == today:
        return "Today"
    if day == today - dt.timedelta(days=1):
        return "Yesterday"
    if day.year == today.year:
        return f"{day:%A} {day.day} {day:%B}"
    return f"{day:%A} {day.day} {day:%B %Y}"


def list_time_label(local: dt.datetime, today: dt.date) -> str:
    """When the last message of a conversation was sent, as short as is unambiguous."""
    day = local.date()
    if day == today:
        return f"{local:%H:%M}"
    if day == today - dt.timedelta(days=1):
        return "Yesterday"
    if today - day < dt.timedelta(days=7) and day < today:
        return f"{local:%a}"
    if day.year == today.year:
        return f"{day.day} {day:%b}"
    return f"{day.day} {day:%b %Y}"


def last_seen_phrase(seconds_ago: float | None) -> str:
    """'Online', 'Active 5 min ago', ... for a thread header (None: never seen)."""
    if seconds_ago is None:
        return "Offline"
    minutes = int(seconds_ago // 60)
    if minutes < 1:
        return "Active just now"
    if minutes < 60:
        return f"Active {minutes} min ago"
    hours = minutes // 60
    if hours < 24:
        return f"Active {hours} h ago"
    return "Offline"


def initials(name: str) -> str:
    letters = [w[0] for w in name.split() if w and w[0].isalpha()]
    return "".join(letters[:2]).upper() or "?"


# --- Editing and deleting your own message ------------------------------------------------------------------

EDIT_WINDOW = dt.timedelta(minutes=15)
NOT_YOURS = "You can only change your own messages."
TOO_LATE = f"Messages can be edited or deleted for {int(EDIT_WINDOW.total_seconds() // 60)} minutes after sending."
ALREADY_DELETED = "This message was deleted."


def can_change(sent_at: dt.datetime, now: dt.datetime) -> bool:
    """The sender may still edit or delete a message sent at `sent_at` (aware UTC times)."""
    return sent_at <= now < sent_at + EDIT_WINDOW


def change_refusal(*, sender_id: int, editor_id: int, sent_at: dt.datetime, deleted: bool, now: dt.datetime) -> str | None:
    """Why `editor_id` may not edit or delete this message now (None: allowed)."""
    if sender_id != editor_id:
        return NOT_YOURS
    if deleted:
        return ALREADY_DELETED
    if not can_change(sent_at, now):
        return TOO_LATE
    return None
