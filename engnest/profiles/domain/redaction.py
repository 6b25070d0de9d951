"""Pitch redaction: what strangers see of someone's own words.

Contact details (emails, URLs, handles, phone numbers, the author's user names) become `[contact]`; personal
names become `[name]`; words and phrases the author chose to hide become `[hidden]`. The author's own names
(`owner_identity`: every name form the profile holds, nicknames, the email's user name, the handles in their
links) are hidden in any case and position, except inside a fixed phrase ("Ruby on Rails"). Other people's
names come from name lists judged in context (`name_finder`). A placeholder always replaces whole words,
never part of one. `flags` lists the quasi-identifiers the owner should consider hiding (`quasi_ids`).
Pure: no I/O, no clock.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from engnest.profiles.domain import contacts
from engnest.profiles.domain.name_finder import NameFinder
from engnest.profiles.domain.name_lexicon import NameLexicon, lexicon
from engnest.profiles.domain.owner_identity import Owner, OwnerForms, forms_for, owner_from
from engnest.profiles.domain.quasi_ids import Flag, find_flags

NAME = "[name]"
CONTACT = "[contact]"
HIDDEN = "[hidden]"
PLACEHOLDERS = {"name": NAME, "contact": CONTACT, "hidden": HIDDEN}
# Bump when the rules change: stored redactions older than this are recomputed in the background.
VERSION = 2
_RANK = {"name": 0, "contact": 1, "hidden": 2}
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")
MAX_TEXT = 20_000  # longer texts are redacted in pieces of this size (profile fields are far shorter)

__all__ = ["CONTACT", "HIDDEN", "NAME", "VERSION", "Flag", "Owner", "Span", "apply", "find_spans", "flags", "owner_from", "redact"]


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # "name" | "contact" | "hidden"


def _joins(text: str, i: int) -> bool:
    """Whether position i..i+1 is inside one word (so a placeholder may not stop there)."""
    a, b = text[i], text[i + 1]
    if _UNSPACED.match(a) or _UNSPACED.match(b):
        return False
    return (a.isalnum() or a == "_") and (b.isalnum() or b == "_")


def _whole_words(text: str, span: Span) -> Span:
    """Widen a span to whole words: 'Find me' never becomes 'Find m[contact]'."""
    start, end = span.start, span.end
    while start > 0 and _joins(text, start - 1):
        start -= 1
    while 0 < end < len(text) and _joins(text, end - 1):
        end += 1
    if span.kind == "contact":  # 'dana.builds' / 'ana_b-42': a user name is one token
        while start > 1 and text[start - 1] in "._-@+" and text[start - 2].isalnum() and not text[start - 2].isspace():
            start -= 1
            while start > 0 and _joins(text, start - 1):
                start -= 1
        while end + 1 < len(text) and text[end] in "._-@+/" and text[end + 1].isalnum():
            end += 1
            while end < len(text) and _joins(text, end - 1):
                end += 1
    return Span(start, end, span.kind)


def _merge(spans: list[Span], text: str = "") -> list[Span]:
    """Sorted, non-overlapping; with `text`, names separated only by spaces become one ('[name]', not '[name] [name]')."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and text and span.kind == merged[-1].kind == "name" and not text[merged[-1].end : span.start].strip(" -"):
            merged[-1] = Span(merged[-1].start, max(merged[-1].end, span.end), "name")
        elif merged and span.start < merged[-1].end:
            last = merged[-1]
            kind = last.kind if _RANK[last.kind] >= _RANK[span.kind] else span.kind
            merged[-1] = Span(last.start, max(last.end, span.end), kind)
        else:
            merged.append(span)
    return merged


def _hidden_spans(text: str, forms: OwnerForms) -> list[Span]:
    out = []
    for phrase in forms.hidden:
        words = re.findall(r"\w+", phrase)
        if not words:
            continue
        pattern = r"(?<!\w)" + r"\W{1,3}".join(re.escape(w) for w in words) + r"(?!\w)"
        out += [Span(m.start(), m.end(), "hidden") for m in re.finditer(pattern, text, re.IGNORECASE)]
    return out


def _owner(owner: Owner | None, own_names: Sequence[str], regions: Sequence[str]) -> Owner:
    if owner is not None:
        return owner
    return Owner(names=tuple(n for n in own_names if n and n.strip()), regions=tuple(r for r in regions if r))


def _find(text: str, owner: Owner, lex: NameLexicon | None, others: bool) -> list[Span]:
    lexi = lex or lexicon()
    forms = forms_for(owner, lex)
    regions = [*owner.regions, "US", "GB"]
    found = [Span(s, e, "contact") for s, e in contacts.contact_spans(text, regions=regions, is_word=lexi.is_word)]
    found = _merge(found)
    finder = NameFinder(text, forms, lexi, [(s.start, s.end) for s in found])
    found += [Span(n.start, n.end, n.kind) for n in finder.spans(others=others)]
    found += _hidden_spans(text, forms)
    return _merge([_whole_words(text, s) for s in found if s.end > s.start], text)


def find_spans(
    text: str, *, owner: Owner | None = None, own_names: Sequence[str] = (), regions: Sequence[str] = (),
    lex: NameLexicon | None = None, others: bool = True,
) -> list[Span]:
    """Where the names, contact details and hidden words are in `text` (sorted, non-overlapping). With
    `others=False` only the author's own names and user names count (short labels such as skill names)."""
    if not text:
        return []
    who = _owner(owner, own_names, regions)
    spans: list[Span] = []
    for offset in range(0, len(text), MAX_TEXT):
        spans += [Span(s.start + offset, s.end + offset, s.kind) for s in _find(text[offset : offset + MAX_TEXT], who, lex, others)]
    return _merge(spans)


def apply(text: str, spans: Sequence[Span]) -> str:
    out, pos = [], 0
    for span in spans:
        out.append(text[pos : span.start])
        out.append(PLACEHOLDERS.get(span.kind, NAME))
        pos = span.end
    out.append(text[pos:])
    return "".join(out)


def redact(
    text: str, *, owner: Owner | None = None, own_names: Sequence[str] = (), regions: Sequence[str] = (),
    lex: NameLexicon | None = None, others: bool = True,
) -> str:
    """`text` with personal names replaced by [name], contact details by [contact], hidden words by [hidden]."""
    if not text:
        return ""
    return apply(text, find_spans(text, owner=owner, own_names=own_names, regions=regions, lex=lex, others=others))


def flags(text: str, *, owner: Owner | None = None) -> list[Flag]:
    """Quasi-identifiers in `text` the owner has not dealt with (a flag that overlaps a word they hid is gone)."""
    if not text:
        return []
    hidden = _hidden_spans(text, forms_for(owner)) if owner is not None else []
    return [f for f in find_flags(text) if not any(h.start < f.end and f.start < h.end for h in hidden)]
