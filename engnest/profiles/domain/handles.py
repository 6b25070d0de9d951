"""Handles by shape and by cue: `@handle`, `u/handle`, `name#1234`, amateur radio call signs, and the word
after a cue ("my handle is the same everywhere: rustywalks", "KakaoTalk ID: jisoo.k", "GitLab under
rusty_w", "rustywalks on GitHub"). Pure."""

from __future__ import annotations

import re
from collections.abc import Callable

from engnest.platform.domain.words import STOP_WORDS
from engnest.profiles.domain.redaction_terms import HANDLE_WORDS, PLATFORMS, TECH_TERMS

Span = tuple[int, int]

_AT_HANDLE = re.compile(r"(?<![\w@.+-])@[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,38}[A-Za-z0-9_])?")
_U_HANDLE = re.compile(r"(?<![\w/])/?u/[\w-]{2,30}")
_TAG_HANDLE = re.compile(r"(?<![\w#])[\w.]{2,32}#\d{4}\b")
_CALL_SIGN = re.compile(r"(?<![\w-])(?:[A-Z]{1,2}|\d[A-Z]|[A-Z]\d)\d[A-Z]{1,4}(?![\w-])")
_CALL_SIGN_ANY_CASE = re.compile(r"(?<![\w-])(?:[a-z]{1,2}|\d[a-z]|[a-z]\d)\d[a-z]{2,4}(?![\w-])")
_CALL_CUE = re.compile(r"\b(?:call\s?sign|ham|amateur radio|qrz|qsl|73 de|de)\b", re.IGNORECASE)
_NOT_CALL_SIGNS = frozenset("C3PO B2B B2C P2P M2M G2A A2A D2C B2G T2D".split())
# Platform names that are also everyday words count only when written as names ("Signal", "LINE").
_WORDY_PLATFORMS = frozenset("line signal matrix medium threads snap steam teams zoom slack x ig fb tg qq vk kik".split())
_CUE = re.compile(
    r"\b(?P<cue>" + "|".join(sorted(HANDLE_WORDS | PLATFORMS | {"user name", "call sign", "e-mail"}, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"@?[\w](?:[\w.\-]*[\w])?")
_SEPARATOR = re.compile(r"\s*(?:[:=]|\bis\b|\bas\b|\bunder\b|\bat\b|\bon\b|-|–|—|→)\s*$", re.IGNORECASE)
_FILLER = STOP_WORDS | HANDLE_WORDS | PLATFORMS | frozenset("same everywhere find me also mostly usually it's name handle".split())
_BEFORE_PLATFORM = re.compile(
    r"(?<![\w.@+-])(?P<h>@?[\w](?:[\w.\-]*[\w])?)\s+(?:on|at|@|via)\s+(?:the\s+)?(?P<p>"
    + "|".join(sorted(PLATFORMS, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)


def handle_shaped(word: str) -> bool:
    """Written like a user name: digits, '_', '.', '-' inside, or mixed case ('RustyWalks')."""
    core = word.lstrip("@")
    return bool(re.search(r"[\d_.\-]", core)) or (core[:1].islower() and any(c.isupper() for c in core)) or (
        core[:1].isupper() and any(c.isupper() for c in core[1:]) and any(c.islower() for c in core)
    )


def _plausible(word: str, is_word: Callable[[str], bool], *, strict: bool) -> bool:
    core = word.lstrip("@")
    low = core.lower()
    if len(low) < 2 or low in _FILLER or low in TECH_TERMS:
        return False
    if re.fullmatch(r"[\d.\-]+", core):
        return False  # a number: phones are found elsewhere
    if handle_shaped(core):
        return True
    if strict:  # after a bare platform name: a lower-case non-word ('rustywalks'), not 'Verilog'
        return core.islower() and not is_word(low)
    return not is_word(low) or core.islower() and len(core) >= 4 and not is_word(low)


def _cue_counts(m: re.Match[str]) -> bool:
    cue = m.group("cue")
    return not (cue.lower() in _WORDY_PLATFORMS and cue.islower())


def _after_cue(text: str, is_word: Callable[[str], bool]) -> list[Span]:
    spans: list[Span] = []
    for m in _CUE.finditer(text):
        if not _cue_counts(m):
            continue
        strict = m.group("cue").lower() not in HANDLE_WORDS
        window_end = min(len(text), m.end() + 60)
        stop = re.search(r"[.!?;](?:\s|$)|\n", text[m.end() : window_end])
        if stop:
            window_end = m.end() + stop.start()
        pos = m.end()
        for t in _TOKEN.finditer(text, pos, window_end):
            word = t.group(0)
            gap = text[pos : t.start()]
            separated = bool(_SEPARATOR.search(text[m.end() : t.start()])) or word.startswith("@")
            pos = t.end()
            if word.lower().lstrip("@") in _FILLER:
                continue
            if (separated or handle_shaped(word) or gap.strip() == "") and _plausible(word, is_word, strict=strict or not separated):
                spans.append((t.start(), t.end()))
            break  # only the first real word after the cue ("GitHub projects" is just a sentence)
    return spans


def handle_spans(text: str, is_word: Callable[[str], bool]) -> list[Span]:
    spans = [(m.start(), m.end()) for m in _AT_HANDLE.finditer(text)]
    spans += [(m.start(), m.end()) for m in _U_HANDLE.finditer(text)]
    spans += [(m.start(), m.end()) for m in _TAG_HANDLE.finditer(text)]
    cued = bool(_CALL_CUE.search(text))
    signs = list(_CALL_SIGN.finditer(text))
    if cued:  # "73 de kd2abc" in a text written in lower case
        signs += [m for m in _CALL_SIGN_ANY_CASE.finditer(text) if m.group(0).islower()]
    for m in signs:
        sign = m.group(0)
        suffix = len(re.split(r"\d", sign)[-1])
        if sign.upper() not in _NOT_CALL_SIGNS and (cued or suffix >= 2) and len(sign) >= 4:
            spans.append((m.start(), m.end()))
    spans += _after_cue(text, is_word)
    for m in _BEFORE_PLATFORM.finditer(text):
        if m.group("p").lower() in _WORDY_PLATFORMS and m.group("p").islower():
            continue
        if _plausible(m.group("h"), is_word, strict=True):
            spans.append((m.start("h"), m.end("h")))
    return spans
