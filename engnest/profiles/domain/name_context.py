"""What the name finder knows about each word of a text before it decides: its neighbours, whether it is
part of a contact detail, of a fixed phrase (a technology, eponym, company, public figure: "Ruby on Rails",
"Taylor Swift", "Lockheed Martin") or of a place ("Hong Kong", "based in Austin", "Poland")."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from engnest.profiles.domain.name_lexicon import NameLexicon, fold
from engnest.profiles.domain.name_tokens import Token, tokens
from engnest.profiles.domain.redaction_terms import FIXED_PHRASES, PERSON_CUES, PLACE_PREPOSITIONS, SELF_CUES

_LIST_WORDS = frozenset("and or then now later".split())
_BASED_IN = re.compile(r"\b(?:based|live|lives|living|located|settled|grew up)\s+(?:in|near)\s+$", re.IGNORECASE)
# Words that start a place name: "Port Harcourt", "Lake Charles", "Thành phố Cần Thơ".
_PLACE_PREFIXES = frozenset(
    "lake port mount mt fort saint st san santa sao new north south east west upper lower cape bay isla puerto porto ciudad villa thanh tp".split()
)
_SELF_CUE = re.compile(r"(?:" + "|".join(re.escape(c) for c in sorted(SELF_CUES, key=len, reverse=True)) + r")\b[\s,:\-–—]*$", re.IGNORECASE)
_INTRO_CUE = re.compile(
    r"(?:\bi['’]m|\bi am|\bim|\bname is|\bname['’]s|\bcalls? me|\bthis is|\bknown as|\bknow me as|\bgo by|\bgoes by|\bsoy|\bsono)[\s,:]*$",
    re.IGNORECASE,
)
_WITH_CUE = re.compile(r"\b(?:worked|work|working|together|along|built|build|building|teamed up|partnered|thanks to|shout-out to|met)\s+(?:with\s+)?$", re.IGNORECASE)


@functools.cache
def _place_heads(lex: NameLexicon) -> frozenset[str]:
    """First words of multi-word places ('hong' of 'hong kong'), to skip the rest quickly."""
    return frozenset(place.split()[0] for place in lex.multiword_places)


@functools.cache
def _phrase_index() -> dict[str, list[tuple[str, ...]]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in FIXED_PHRASES:
        words = tuple(w for w in (fold(p).replace("'s", "") for p in phrase) if w not in ("&", "and"))
        if words:
            index.setdefault(words[0], []).append(words)
    return index


class NameContext:
    def __init__(self, text: str, lex: NameLexicon, protected: Sequence[tuple[int, int]], own_words: frozenset[str]) -> None:
        self.text, self.lex = text, lex
        self.toks: list[Token] = tokens(text)
        n = len(self.toks)
        self.contact = [bool(protected) and any(s < t.end and t.start < e for s, e in protected) for t in self.toks]
        self.fixed = [False] * n  # inside a fixed phrase: never a name, the phrase stays whole
        self.place = [False] * n
        self.lowercase_words = {t.folded for t in self.toks if t.text.islower()}
        letters = sum(map(str.isalpha, text))
        uppers = sum(map(str.isupper, text))
        self.shouting = letters >= 20 and uppers > 0.6 * letters
        self.lowercase_style = letters >= 12 and uppers <= 0.01 * letters  # "i'm hunter, i build drones"
        self._mark_phrases(own_words)
        self._mark_places()

    # --- neighbours -----------------------------------------------------------------------------

    def gap(self, a: int, b: int) -> str:
        return self.text[self.toks[a].end : self.toks[b].start]

    def adjacent(self, a: int, b: int) -> bool:
        return 0 <= a < b < len(self.toks) and self.gap(a, b).strip() == ""

    def prev_words(self, i: int, n: int) -> tuple[str, ...]:
        """Up to n folded words before token i within the same sentence (skipping '.' after titles)."""
        words: list[str] = []
        j = i - 1
        while j >= 0 and len(words) < n:
            gap = self.gap(j, j + 1)
            if any(ch in gap for ch in "!?;\n") or ("." in gap and self.toks[j].folded not in PERSON_CUES):
                break
            words.insert(0, self.toks[j].folded)
            j -= 1
        return tuple(words)

    def next_word(self, i: int) -> str:
        """The following word in the same clause (across a possessive 's)."""
        if i + 1 < len(self.toks) and self.gap(i, i + 1).strip() in ("", "'s", "’s", "'", "’"):
            return self.toks[i + 1].folded
        return ""

    def self_cue(self, i: int) -> bool:
        start = self.toks[i].start
        return bool(_SELF_CUE.search(self.text[max(0, start - 24) : start]))

    def intro_cue(self, i: int) -> bool:
        start = self.toks[i].start
        return bool(_INTRO_CUE.search(self.text[max(0, start - 20) : start]))

    def weak_cue_only(self, i: int) -> bool:
        """Only 'worked with' before token i (a person or a company), no 'Dr.' / 'my colleague' / "I'm"."""
        before = self.prev_words(i, 1)
        return not (self.intro_cue(i) or (bool(before) and before[-1] in PERSON_CUES))

    def person_cue(self, i: int) -> bool:
        before = self.prev_words(i, 1)
        start = self.toks[i].start
        return self.intro_cue(i) or (bool(before) and before[-1] in PERSON_CUES) or bool(_WITH_CUE.search(self.text[max(0, start - 30) : start]))

    # --- phrases and places ---------------------------------------------------------------------

    def _match_at(self, i: int, words: tuple[str, ...]) -> int:
        """The index after the phrase `words` starting at token i (skipping 'and' between words), or -1."""
        j, k = i, 0
        while k < len(words):
            if j >= len(self.toks):
                return -1
            if k and self.toks[j].folded == "and":
                j += 1
                continue
            if self.toks[j].folded.replace("-", " ") != words[k] and self.toks[j].folded != words[k]:
                return -1
            j, k = j + 1, k + 1
        return j

    def _mark_phrases(self, own_words: frozenset[str]) -> None:
        index = _phrase_index()
        for i, t in enumerate(self.toks):
            for words in index.get(t.folded, ()):
                end = self._match_at(i, words)
                if end < 0 or all(w in own_words for w in words):  # the owner's own full name is no phrase
                    continue
                for j in range(i, end):
                    self.fixed[j] = True
            if "-" in t.folded:  # "Rolls-Royce", "Hewlett-Packard"
                hyphened = tuple(t.folded.split("-"))
                if any(hyphened == words for words in index.get(hyphened[0], ())) and not all(w in own_words for w in hyphened):
                    self.fixed[i] = True

    def _mark_places(self) -> None:
        toks, lex = self.toks, self.lex
        i = 0
        while i < len(toks):
            matched = 0
            if toks[i].cap and toks[i].folded.split("-")[0] in _place_heads(lex):
                for n in (4, 3, 2):
                    if i + n <= len(toks) and " ".join(t.folded.replace("-", " ") for t in toks[i : i + n]) in lex.multiword_places:
                        if all(self.adjacent(j, j + 1) or self.gap(j, j + 1).strip() in ("-",) for j in range(i, i + n - 1)):
                            matched = n
                            break
            if toks[i].folded == "thanh" and i + 2 < len(toks) and toks[i + 1].folded == "pho":  # Vietnamese "city"
                self.place[i] = self.place[i + 1] = True
                i += 2
                while i < len(toks) and toks[i].cap and self.adjacent(i - 1, i):
                    self.place[i] = True
                    i += 1
                continue
            if not matched and toks[i].cap and toks[i].folded in _PLACE_PREFIXES and i + 1 < len(toks) and toks[i + 1].cap:
                before = self.prev_words(i, 1)
                if before and before[-1] in PLACE_PREPOSITIONS | {"between"} and self.adjacent(i, i + 1):
                    j = i + 1
                    while j < len(toks) and toks[j].cap and self.adjacent(j - 1, j) and j - i < 4:
                        self.place[j] = True
                        j += 1
                    self.place[i] = True
                    i = j
                    continue
            if matched:
                for j in range(i, i + matched):
                    self.place[j] = self.fixed[j] = True
                i += matched
                continue
            i += 1  # one-word countries are words to the finder ('Poland'), still a name with a partner ('Jordan Blake')
        last = -1
        for i in range(len(toks)):
            if self.is_city(i, last):
                self.place[i] = True
                last = i

    def is_city(self, i: int, last: int) -> bool:
        """A city after a preposition ('based in Austin'), or continuing a list of places ('then Sydney')."""
        t = self.toks[i]
        if t.cap and _BASED_IN.search(self.text[max(0, t.start - 24) : t.start]) and t.folded not in self.lex.first_names:
            return True  # "based in Campos": whatever follows is a place
        if not t.cap or t.folded not in self.lex.places or (self.adjacent(i, i + 1) and self.toks[i + 1].cap):
            return False
        before = self.prev_words(i, 1)
        if before and before[-1] in PLACE_PREPOSITIONS:
            return True
        if i + 1 < len(self.toks) and self.gap(i, i + 1).strip() == "," and self.toks[i + 1].cap and (
            self.toks[i + 1].folded in self.lex.countries or self.toks[i + 1].upper
        ):
            return True  # "Austin, Texas", "Lagos, NG"
        return last >= 0 and i - last <= 3 and all(self.toks[j].folded in _LIST_WORDS for j in range(last + 1, i)) and not any(
            ch in self.text[self.toks[last].end : t.start] for ch in ".!?"
        )
