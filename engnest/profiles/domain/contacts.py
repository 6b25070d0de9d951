"""Find contact details in free text by their shape: emails (also "ana at gmail dot com", "cass.ibe [@] gmail
[.] com", "my gmail is devmalhotra91"), URLs and bare domains of any site (also "github dot com slash me"),
and phone numbers (`phones`). Handles are in `handles`.

Returns character spans; `redaction` widens them to whole words and replaces them with a placeholder.
Pure: no I/O.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from engnest.platform.domain.words import STOP_WORDS
from engnest.profiles.domain import handles, phones
from engnest.profiles.domain.redaction_terms import EMAIL_PROVIDERS

Span = tuple[int, int]

_GENERIC_TLDS = (
    "com org net edu gov mil int io dev co ai me app info biz tech xyz site online page blog design studio "
    "engineering cloud email live pro name mobi eu asia uk codes systems tools works space world life zone "
    "network digital software solutions agency email website store shop art fun one link club team ninja "
    "rocks guru wiki social media today"
).split()


# ISO country codes (GeoNames' countries, written by tools/build_gazetteer.py).
_COUNTRY_CODES_FILE = Path(__file__).parent / "data" / "country_codes.txt"


@functools.cache
def _tlds() -> frozenset[str]:
    return frozenset(_COUNTRY_CODES_FILE.read_text().split()) | frozenset(_GENERIC_TLDS)


# File extensions that are also country codes ("main.py", "README.md"), dotted tool names, degrees.
_FILE_EXTENSIONS = frozenset("py md sh rs cs hs ml ps so mk pl ts in am".split())
_DOTTED_TOOLS = frozenset(
    {"asp.net", "vb.net", "ado.net", "socket.io", "node.js", "vue.js", "next.js", "three.js", "d3.js", "p5.js", "nuxt.js",
     "chart.js", "express.js", "ember.js", "alpine.js", "tailwind.css", "read.me", "e.on"}
)
_SHORT_SITES = frozenset({"t.me", "x.com", "t.co", "wa.me", "g.co", "g.dev", "m.me", "v.gd", "j.mp", "b23.tv"})
# A real dot has no spaces around it ("London. It" is not a domain); a spelled-out one may.
_DOT = r"(?:\.|\s*[\(\[\{<]\s*(?:dot|\.)\s*[\)\]\}>]\s*|\s+dot\s+|\s+DOT\s+)"
_AT = r"(?:\s*@\s*|\s*[\(\[\{<]\s*(?:at|@)\s*[\)\]\}>]\s*|\s+at\s+|\s+AT\s+)"
_LABEL = r"[^\W_](?:[\w+-]*[^\W_])?"
_EMAIL = re.compile(
    rf"(?<![\w.+-])(?P<local>[\w](?:[\w.+-]*[\w])?(?:{_DOT}{_LABEL})*){_AT}(?P<domain>{_LABEL}(?:{_DOT}{_LABEL})+)", re.IGNORECASE
)
_URL = re.compile(r"(?<![\w])(?:https?://|www\.)[^\s<>\"'()\[\]]+", re.IGNORECASE)
_DOMAIN = re.compile(
    rf"(?<![\w@.-])(?P<host>{_LABEL}(?:{_DOT}{_LABEL})*{_DOT}(?P<tld>[a-z]{{2,12}}))(?![\w-])"
    rf"(?:(?:/|\s+slash\s+)[\w.~%+@-]+)*/?",
    re.IGNORECASE,
)
_PROVIDER = "|".join(sorted(EMAIL_PROVIDERS | {"e-?mail"}, key=len, reverse=True))
# "my gmail is devmalhotra91", "email: dana_ok", "devmalhotra91 on gmail"
_PROVIDER_THEN_USER = re.compile(
    rf"\b(?:{_PROVIDER})\b(?:\s+(?:address|account|id|handle|is))?\s*(?:is|:|=|-|–|—|\bat\b)?\s*(?P<user>[\w](?:[\w.+-]*[\w])?)",
    re.IGNORECASE,
)
_USER_THEN_PROVIDER = re.compile(rf"(?<![\w.+-])(?P<user>[\w](?:[\w.+-]*[\w])?)\s+(?:on|at|@|\[at\]|\(at\))\s+(?:{_PROVIDER})\b", re.IGNORECASE)
# Words that end a sentence part rather than start an email's local part ("reach me at x dot com").
_NOT_LOCAL = frozenset("me us at is are am be work works working based meet meeting find reach write mail email contact code".split())
_TRAILING = ".,;:!?)]}'\""


def _clean_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    return end


def _labels(domain: str) -> list[str]:
    return [label for label in re.split(_DOT, domain, flags=re.IGNORECASE)]


def _is_domain(domain: str) -> bool:
    labels = _labels(domain)
    return len(labels) >= 2 and labels[-1].lower() in _tlds() and all(labels)


def _search_all(pattern: re.Pattern[str], text: str, accept: Callable[[re.Match[str]], bool]) -> list[Span]:
    """Like finditer, but a rejected match does not hide a real one that starts inside it."""
    spans, pos = [], 0
    while (m := pattern.search(text, pos)) is not None:
        if accept(m):
            spans.append((m.start(), _clean_end(text, m.start(), m.end())))
            pos = max(m.end(), pos + 1)
        else:
            pos = m.start() + 1
    return spans


def _plausible_user(user: str, is_word: Callable[[str], bool]) -> bool:
    """A user name, not an ordinary word: 'devmalhotra91', 'cass.ibe', 'seun' (not 'is', 'code', 'the')."""
    low = user.lower()
    if len(low) < 2 or low in STOP_WORDS or low in _NOT_LOCAL or low in EMAIL_PROVIDERS:
        return False
    return bool(re.search(r"[\d_.+-]", low)) or not is_word(low)


def email_spans(text: str, is_word: Callable[[str], bool]) -> list[Span]:
    def accept(m: re.Match[str]) -> bool:
        if not _is_domain(m.group("domain")):
            return False
        if "@" in m.group(0):
            return True
        last = re.split(_DOT, m.group("local"), flags=re.IGNORECASE)[-1]
        return _plausible_user(last, is_word) or (last.lower() not in _NOT_LOCAL and last.lower() not in STOP_WORDS and "." in m.group("local"))

    spans = _search_all(_EMAIL, text, accept)
    for m in _PROVIDER_THEN_USER.finditer(text):
        if _plausible_user(m.group("user"), is_word):
            spans.append((m.start("user"), _clean_end(text, m.start("user"), m.end("user"))))
    for m in _USER_THEN_PROVIDER.finditer(text):
        if _plausible_user(m.group("user"), is_word):
            spans.append((m.start("user"), _clean_end(text, m.start("user"), m.end())))
    return spans


def _domain_ok(m: re.Match[str], text: str) -> bool:
    host, tld = m.group("host"), m.group("tld")
    if tld.lower() not in _tlds():
        return False
    labels = _labels(host)
    word = m.group(0).lower()
    path = "/" in m.group(0) or " slash " in word
    if tld.lower() in _FILE_EXTENSIONS and not path:
        return False
    if word.rstrip("/") in _DOTTED_TOOLS or re.fullmatch(r"[a-z]\.[a-z]", word):  # e.g., i.e.
        return False
    if host.lower() not in _SHORT_SITES and len(labels[-2]) < 2:  # "B.Tech", "M.Sc", "B.Com"
        return False
    if tld[0].isupper() and not tld.isupper() and not path:  # "robots.It was" is a missing space
        return False
    return not (tld.isupper() and labels[-2].isupper() and len(labels[-2]) <= 3 and not path)  # "U.S", "B.SC"


def url_spans(text: str) -> list[Span]:
    spans = [(m.start(), _clean_end(text, m.start(), m.end())) for m in _URL.finditer(text)]
    spans += [(m.start(), _clean_end(text, m.start(), m.end())) for m in _DOMAIN.finditer(text) if _domain_ok(m, text)]
    return spans


def contact_spans(text: str, *, regions: Iterable[str], is_word: Callable[[str], bool]) -> list[Span]:
    return email_spans(text, is_word) + url_spans(text) + handles.handle_spans(text, is_word) + phones.phone_spans(text, regions)
