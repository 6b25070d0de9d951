"""Phone numbers in free text: written with digits in any country's format (libphonenumber for the author's
region, the US and the UK, and international '+' numbers; any long digit group otherwise), and spelled out
in words ("nine one seven, five five five, ..."). Pure."""

from __future__ import annotations

import re
from collections.abc import Iterable

import phonenumbers
from phonenumbers import Leniency

Span = tuple[int, int]

_CANDIDATE = re.compile(r"(?<![\w.,/])(?:\+|00)?\(?\d[\d \t().\-/\u2010-\u2015]{5,}\d(?![\w]|[.,]\d)")
_ANY_DIGIT = re.compile(r"\d")
_YEAR_RANGE = re.compile(r"(?:19|20)\d\d\s*[-–/]\s*(?:19|20)\d\d")
_DATE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}")
_THOUSANDS = re.compile(r"\d{1,3}(?:[ ,]\d{3})+")
_DIGIT_WORDS = {
    "zero": "0", "oh": "0", "o": "0", "nought": "0", "nil": "0", "one": "1", "two": "2", "three": "3", "four": "4",
    "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
}
_SPELLED = re.compile(
    r"(?:\b(?:double|triple|zero|oh|o|nought|one|two|three|four|five|six|seven|eight|nine|\d+)\b[\s,.\-–]*){7,}",
    re.IGNORECASE,
)


def _digits(raw: str) -> int:
    return sum(ch.isdigit() for ch in raw)


def _by_library(candidate: str, regions: list[str]) -> bool:
    for region in regions:
        for match in phonenumbers.PhoneNumberMatcher(candidate, region, leniency=Leniency.POSSIBLE):
            if _digits(match.raw_string) >= 7:
                return True
    return False


def _spelled_digits(run: str) -> int:
    count, repeat = 0, 1
    for word in re.findall(r"[a-z]+|\d+", run.lower()):
        if word == "double":
            repeat = 2
        elif word == "triple":
            repeat = 3
        else:
            count += (len(word) if word.isdigit() else 1) * repeat
            repeat = 1
    return count


def phone_spans(text: str, regions: Iterable[str]) -> list[Span]:
    """Phone numbers with at least 7 digits (written) or 7 spelled digits."""
    spans: list[Span] = []
    if _ANY_DIGIT.search(text):
        wanted = list(dict.fromkeys([*(r.upper() for r in regions if r), "US", "GB"]))
        for m in _CANDIDATE.finditer(text):
            raw = m.group(0).rstrip(" -./(")
            digits = _digits(raw)
            if digits < 7 or digits > 16 or _YEAR_RANGE.fullmatch(raw.strip()) or _DATE.fullmatch(raw.strip()):
                continue
            if re.fullmatch(r"\d+[.,]\d+", raw.strip()):
                continue  # 3.14159265
            if _THOUSANDS.fullmatch(raw.strip()) and not raw.startswith(("0", "+")):
                continue  # 10,000,000 units; 1 200 000 km
            if raw.startswith(("+", "00")) or digits >= 9 or _by_library(raw, wanted):
                spans.append((m.start(), m.start() + len(raw)))
    for m in _SPELLED.finditer(text):
        words = [w for w in re.findall(r"[A-Za-z]+", m.group(0))]
        if sum(w.lower() in _DIGIT_WORDS for w in words) >= 4 and _spelled_digits(m.group(0)) >= 7:
            end = m.end()
            while end > m.start() and not text[end - 1].isalnum():
                end -= 1
            spans.append((m.start(), end))
    return spans
