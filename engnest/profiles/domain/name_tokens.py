"""Words of a text as the name finder sees them: position, case, sentence start, possessive."""

from __future__ import annotations

import re
from dataclasses import dataclass

from engnest.profiles.domain.name_lexicon import fold

# Words, keeping "O'Brien" and "Jean-Luc" whole; the "s" of a possessive and the "m" of "I'm" are not words.
_L = r"(?:[^\W\d_]|[\u0300-\u036f\u0900-\u0dff\u0e00-\u0e7f])"  # a letter, or a mark of Indic/Thai scripts
_WORD = re.compile(rf"(?<!['’]){_L}+(?:['’]{_L}{{2,}})?(?:-{_L}+)*")


@dataclass
class Token:
    start: int
    end: int
    text: str
    folded: str
    cap: bool
    upper: bool
    sentence_start: bool
    possessive: bool


def tokens(text: str) -> list[Token]:
    out = []
    for m in _WORD.finditer(text):
        word = m.group(0)
        before = text[max(0, m.start() - 12) : m.start()].rstrip(" \t\"'“‘([")
        if not before and m.start() > 12:  # a long run of spaces or quotes
            before = text[: m.start()].rstrip(" \t\"'“‘([")
        after = text[m.end() : m.end() + 2]
        out.append(
            Token(
                start=m.start(),
                end=m.end(),
                text=word,
                folded=fold(word),
                cap=word[0].isupper(),
                upper=len(word) > 1 and word.isupper(),
                sentence_start=not before or before[-1] in ".!?:\n•*-—",
                possessive=after in ("'s", "’s"),
            )
        )
    return out
