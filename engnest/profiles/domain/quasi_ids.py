"""Quasi-identifiers: words that name nobody but point to one person when put together ("the only female CTO
at Acme Robotics", "IIT Bombay, class of 2014", "winner of the 2019 Dyson Award"). They are not hidden
automatically (they are often the best part of a pitch); the profile editor shows them to the owner with a
plain explanation and one click to hide each. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = {
    "employer": "Your employer together with your exact role can point to you: few people hold that job there.",
    "school": "A school together with a class year narrows you down to a few hundred people.",
    "unique": "Describing yourself as the only or first one of something fits one person: people in your field can name you.",
    "award": "Award winners are listed publicly: a web search for this award finds your name.",
}

_ORG_WORD = r"(?:[A-Z][\w&'’.-]*|&|of|and|de|the)"
_ORG = rf"(?:the\s+)?[A-Z][\w&'’.-]*(?:\s+{_ORG_WORD}){{0,4}}"
_TITLE = (
    r"(?:co-?founder|founder|ceo|cto|cfo|coo|cio|cso|vp|vice[- ]president|president|chief\s+\w+(?:\s+officer)?|head\s+of\s+\w+"
    r"|director(?:\s+of\s+\w+)?|principal(?:\s+\w+)?|staff\s+\w+|lead\s+\w+|\w+\s+lead|manager|professor|lecturer"
    r"|(?:senior|junior|chief|lead|principal)\s+\w+(?:\s+engineer)?|engineer|intern|fellow|researcher|scientist|architect)"
)
_EMPLOYER = re.compile(
    rf"\b{_TITLE}\b(?:\s+\w+){{0,2}}?\s+(?:at|@|of|for|with)\s+(?P<org>{_ORG})"
    rf"|\b(?:work|worked|working|am|was)\s+(?:at|for)\s+(?P<org2>{_ORG})\s+as\s+(?:an?\s+|the\s+|their\s+|its\s+)?(?:\w+\s+){{0,2}}{_TITLE}\b"
    rf"|(?P<org3>[A-Z][\w&.-]+(?:\s+[A-Z][\w&.-]+){{0,3}})['’]s\s+(?:first\s+|only\s+|new\s+)?{_TITLE}\b",
    re.IGNORECASE,
)
_SCHOOL_NAME = (
    r"(?:(?:[A-Z][\w'’.-]*\s+){0,4}(?:University|College|Institute|Polytechnic|Politecnico|School|Academy|Universidad|Universidade"
    r"|Universität|Université|Università|Uni|Hochschule|Gymnasium|Lycée)(?:\s+(?:of|de|di|for)\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})?"
    r"|(?:IIT|NIT|IIIT|BITS|MIT|KAIST|ETH|EPFL|UCL|UCLA|NUS|NTU|KTH|TU|IISc|Caltech|Stanford|Harvard|Oxford|Cambridge|Yale|Princeton"
    r"|Imperial|Tsinghua|Peking|Waterloo|Technion|Delft|Aalto|Monash|McGill)(?:\s+[A-Z][\w'’.-]*){0,2})"
)
_YEAR = r"(?:(?:19|20)\d\d|['’]\d\d)\b"
_SCHOOL = re.compile(
    rf"(?P<school>{_SCHOOL_NAME})[^.!?;\n]{{0,50}}?{_YEAR}"
    rf"|\b(?i:class|batch|cohort|promo(?:tion)?|graduated|grad|alumn(?:us|a|i))\s+(?:of\s+|in\s+)?{_YEAR}[^.!?;\n]{{0,12}}?(?:(?:at|from|of)\s+)?(?P<school2>{_SCHOOL_NAME})?",
)
_CLASS_OF = re.compile(
    rf"\b(?:[Cc]lass|[Bb]atch|[Cc]ohort)\s+of\s+{_YEAR}"
    rf"|\b(?i:graduated|graduating|studied|alumn\w*)\s+(?i:from|at)\s+[^.!?;\n]{{3,60}}?\b(?:in\s+)?{_YEAR}"
)
_UNIQUE = re.compile(
    r"\b(?:the|their|our|its|my\s+\w+['’]s)\s+(?:only|sole|first|youngest|oldest|last\s+remaining)\b(?!\s+(?:time|times|step|steps|version|prototype|day|days|week|weeks|month|months|year|years|thing|things|few|two|three|one|part|place|round|step|draft|meeting|call)\b)(?:(?!\s(?:and|but|while|because|which|who|where|so)\s)[^.!?;,\n]){3,70}"
    r"|\bone\s+of\s+(?:only|just)\s+(?:\d+|two|three|four|five|six|seven|eight|nine|ten|a\s+handful)\b[^.!?;,\n]{3,60}",
    re.IGNORECASE,
)
_AWARD_WORD = r"(?:award|awards|prize|medal|fellowship|fellow|scholarship|scholar|grant|honou?r|championship|champion|trophy|olympiad|laureate|30\s+under\s+30)"
_AWARD = re.compile(
    rf"\b(?:won|win|winner|winning|recipient|received|receiving|awarded|finalist|named|holder|got)\b[^.!?;\n]{{0,60}}?\b{_AWARD_WORD}\b"
    rf"(?:\s+(?:in|for)\s+(?:(?:19|20)\d\d|[A-Z][\w-]+))?"
    rf"|\b(?:[A-Z][\w'’-]+\s+){{1,4}}(?:Award|Prize|Medal|Fellowship|Fellow|Scholarship|Scholar|Grant|Olympiad|Trophy)\b",
)


@dataclass(frozen=True)
class Flag:
    start: int
    end: int
    kind: str
    text: str

    @property
    def why(self) -> str:
        return KINDS[self.kind]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in " ,.;:!?)-–—'\"":
        end -= 1
    while start < end and text[start] in " ,;:(-–—'\"":
        start += 1
    return start, end


def find_flags(text: str) -> list[Flag]:
    """Quasi-identifiers in `text`, sorted, not overlapping (the first kind found wins)."""
    found: list[Flag] = []
    for kind, pattern in (("unique", _UNIQUE), ("award", _AWARD), ("employer", _EMPLOYER), ("school", _SCHOOL), ("school", _CLASS_OF)):
        for m in pattern.finditer(text):
            start, end = _trim(text, m.start(), m.end())
            if end - start < 4 or any(f.start < end and start < f.end for f in found):
                continue
            found.append(Flag(start, end, kind, text[start:end]))
    return sorted(found, key=lambda f: f.start)
