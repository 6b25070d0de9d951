"""Pitch redaction: what strangers see of someone's own words.

Contact details (emails, URLs, handles, phone numbers) become `[contact]`; personal names become `[name]`.
The author's own names (and nicknames, possessives, accent-free spellings) are always hidden. Other
names come from name lists (`name_lexicon`) and are judged in context (`name_finder`), because many names
are also words or things: "Will here" vs "I will", "Grace Hopper" vs "Young's modulus", "Jordan and I"
vs "based in Austin". Pure: no I/O, no clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from engnest.domain import contacts
from engnest.domain.name_finder import NameFinder
from engnest.domain.name_lexicon import NameLexicon, lexicon

NAME = "[name]"
CONTACT = "[contact]"
# Bump when the rules change: stored redactions older than this are recomputed.
VERSION = 1


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # "name" | "contact"


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            kind = "contact" if "contact" in (last.kind, span.kind) else "name"
            merged[-1] = Span(last.start, max(last.end, span.end), kind)
        else:
            merged.append(span)
    return merged


def find_spans(
    text: str, *, own_names: Sequence[str] = (), regions: Sequence[str] = (), lex: NameLexicon | None = None, others: bool = True
) -> list[Span]:
    """Where the names and contact details are in `text` (sorted, non-overlapping). With `others=False`
    only the author's own names count (short labels such as skill names)."""
    lex = lex or lexicon()
    found = [Span(s, e, "contact") for s, e in contacts.contact_spans(text, regions=[*regions, "US", "GB"], is_word=lex.is_word)]
    found = _merge(found)
    names = NameFinder(text, own_names, lex, [(s.start, s.end) for s in found]).spans(others=others)
    return _merge(found + [Span(n.start, n.end, "name") for n in names])


def apply(text: str, spans: Sequence[Span]) -> str:
    out, pos = [], 0
    for span in spans:
        out.append(text[pos : span.start])
        out.append(NAME if span.kind == "name" else CONTACT)
        pos = span.end
    out.append(text[pos:])
    return "".join(out)


def redact(
    text: str, *, own_names: Sequence[str] = (), regions: Sequence[str] = (), lex: NameLexicon | None = None, others: bool = True
) -> str:
    """`text` with personal names replaced by [name] and contact details by [contact]."""
    if not text:
        return ""
    return apply(text, find_spans(text, own_names=own_names, regions=regions, lex=lex, others=others))
