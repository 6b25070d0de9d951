"""Find personal names in free text, in context (used by `redaction`).

Tokens that are names in the lists (`name_lexicon`) are judged with what surrounds them: the author's own
names always count; a name that is also a word ("Will", "Grace") needs a cue ("I'm", "Dr.", "my
colleague"), a partner name ("Grace Hopper") or a coordination ("Mark and I"); eponyms ("Young's
modulus"), tools ("Julia"), organisations ("Lockheed Martin") and places ("based in Austin") do not count.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from engnest.domain.name_lexicon import (
    DATE_WORDS,
    EPONYM_NOUNS,
    MONTHS,
    NOT_NAMES,
    ORGANISATIONS,
    PARTICLES,
    PERSON_CUES,
    PLACE_PREPOSITIONS,
    TECH_TERMS,
    NameLexicon,
    fold,
)
from engnest.domain.name_tokens import Token, tokens

_SELF_CUE = re.compile(r"(?:\bI['’]m|\bI am|\bname is|\bname['’]s|\bcall me|\bthis is|\bsoy|\bsono)[\s,]*$", re.IGNORECASE)
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")  # kana, CJK, Hangul, Thai
_MIXED_CASE_NAME = re.compile(r"^(?:Mc|Mac|O['’]|D['’]|De|Di|La|Le|Van)[A-Z]")
_AFTER_OWN_NAME = frozenset("here from to".split())
_LIST_WORDS = frozenset("and or then now later".split())
@dataclass(frozen=True)
class NameSpan:
    start: int
    end: int


class NameFinder:
    def __init__(self, text: str, own_names: Sequence[str], lex: NameLexicon, protected: list[tuple[int, int]]) -> None:
        self.text, self.lex = text, lex
        self.toks = tokens(text)
        self.own = self._own_forms(own_names)
        self.lowercase_words = {t.folded for t in self.toks if t.text.islower()}
        letters = sum(c.isalpha() for c in text)
        self.shouting = letters >= 20 and sum(c.isupper() for c in text) > 0.6 * letters
        self.contact = [any(s < t.end and t.start < e for s, e in protected) for t in self.toks]
        self.blocked = list(self.contact)  # plus organisations and places (below)
        self.last_place = -1
        self._protect_phrases()

    def _own_forms(self, own_names: Sequence[str]) -> set[str]:
        forms: set[str] = set()
        for index, name in enumerate(n for n in own_names if n and n.strip()):
            folded = fold(name.strip())
            parts = [p for p in re.split(r"[\s-]+", folded) if (len(p) > 1 or _UNSPACED.search(p)) and p not in PARTICLES]
            forms.update(parts)
            forms.update(re.split(r"\s+", folded))
            if index == 0:
                for part in parts:
                    forms |= self.lex.variants(part)
        return {f for f in forms if len(f) > 1 or _UNSPACED.search(f)}

    # --- context helpers ------------------------------------------------------------------------

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
        return self.toks[i + 1].folded if i + 1 < len(self.toks) and self.gap(i, i + 1).strip() in ("", "'s", "’s", "'", "’") else ""

    def _protect_phrases(self) -> None:
        """Organisations, multi-word places ('Santa Clara') and words joined by '&'."""
        folded = [t.folded.replace("-", " ") for t in self.toks]
        for i in range(len(self.toks)):
            for org in ORGANISATIONS:
                words = " ".join(folded[i : i + len(org)]).split()
                if tuple(words[: len(org)]) == org:
                    for j in range(i, min(i + len(org), len(self.toks))):
                        self.blocked[j] = True
            for n in (4, 3, 2):
                window = tuple(folded[i : i + n])  # shorter than n at the end of the text
                if self.toks[i].cap and len(window) == n and window in self.lex.multiword_places:
                    for j in range(i, i + n):  # a place stays a place, even "Ho Chi Minh City" for Minh
                        self.blocked[j] = self.contact[j] = True
                    break
            if self.is_place(i):
                self.blocked[i] = self.contact[i] = True
                self.last_place = i
            if self.toks[i].cap and "&" in self.text[max(0, self.toks[i].start - 3) : self.toks[i].end + 3].replace(self.toks[i].text, ""):
                self.blocked[i] = True

    def is_place(self, i: int) -> bool:
        """A city after a preposition ('based in Austin'), or continuing a list of places ('then Sydney')."""
        t = self.toks[i]
        if not t.cap or t.folded not in self.lex.places or (self.adjacent(i, i + 1) and self.toks[i + 1].cap):
            return False
        before = self.prev_words(i, 1)
        if before and before[-1] in PLACE_PREPOSITIONS:
            return True
        last = self.last_place
        return last >= 0 and i - last <= 3 and all(self.toks[j].folded in _LIST_WORDS for j in range(last + 1, i)) and not any(
            ch in self.text[self.toks[last].end : t.start] for ch in ".!?"
        )

    def name_like(self, t: Token) -> bool:
        if self.lex.is_name(t.folded):
            return True
        parts = t.folded.split("-")
        real = [p for p in parts if p not in PARTICLES]
        return len(parts) > 1 and bool(real) and all(self.lex.is_name(p) for p in real)

    def is_word(self, t: Token) -> bool:
        return self.lex.is_word(t.folded) or t.folded in NOT_NAMES or t.folded.rstrip("s") in NOT_NAMES

    def eponym(self, i: int) -> bool:
        return self.next_word(i) in EPONYM_NOUNS

    def self_cue(self, i: int) -> bool:
        start = self.toks[i].start
        return bool(_SELF_CUE.search(self.text[max(0, start - 24) : start]))

    def person_cue(self, i: int) -> bool:
        before = self.prev_words(i, 1)
        return self.self_cue(i) or (bool(before) and before[-1] in PERSON_CUES)

    def capitalised(self, t: Token) -> bool:
        """Written like a name: 'Dana', 'NGOZI' in shouted text; not 'LoRa', 'GitHub' or an acronym."""
        if not t.cap or len(t.text) < 2:
            return False
        if t.upper:
            return self.shouting
        return not any(ch.isupper() for ch in t.text[1:]) or bool(_MIXED_CASE_NAME.match(t.text))

    def partner(self, i: int) -> bool:
        """A capitalised name-like neighbour: 'Grace Hopper', 'Mark Green', 'Sato Haruto'."""
        t = self.toks[i]
        for j in (i - 1, i + 1):
            if not self.adjacent(min(i, j), max(i, j)) or self.blocked[j]:
                continue
            other = self.toks[j]
            if not self.capitalised(other) or other.folded in TECH_TERMS or other.folded in NOT_NAMES:
                continue
            if not self.name_like(other):
                continue
            first_last = (self.lex.is_name(t.folded) and t.folded in self.lex.first_names and other.folded in self.lex.surnames) or (
                other.folded in self.lex.first_names and t.folded in self.lex.surnames
            )
            if first_last or not (self.is_word(other) or self.is_word(t)):
                return True
        return False

    def coordinated(self, i: int) -> bool:
        """'Harry and I', 'Mark and Faith', 'Akiko and Daisuke'."""
        toks = self.toks
        if i + 2 < len(toks) and toks[i + 1].folded == "and" and self.adjacent(i, i + 1) and self.adjacent(i + 1, i + 2):
            nxt = toks[i + 2]
            if nxt.text in ("I",) or nxt.folded == "me":
                return True
            if self.capitalised(nxt) and self.name_like(nxt) and nxt.folded not in TECH_TERMS:
                return True
        if i >= 2 and toks[i - 1].folded == "and" and self.adjacent(i - 2, i - 1) and self.adjacent(i - 1, i):
            prev = toks[i - 2]
            return self.capitalised(prev) and self.name_like(prev) and prev.folded not in TECH_TERMS
        return False

    # --- decisions ------------------------------------------------------------------------------

    def own_name(self, i: int) -> bool:
        t = self.toks[i]
        if t.folded not in self.own and t.folded.replace("-", " ") not in self.own:
            return False
        if not t.cap:
            return not self.lex.is_word(t.folded)  # "chinedu" yes, "will" / "frank" no
        if t.sentence_start and self.lex.is_word(t.folded) and not self.person_cue(i):
            # "Frank feedback welcome." is the adjective when the author also writes "frank" in lower case,
            # unless what follows reads like an introduction ("Will here", "Drew, a ...").
            after = self.text[t.end : t.end + 2].strip()
            introduces = after[:1] in (",", "(", "-", "—", ".", "!", "") or self.next_word(i) in _AFTER_OWN_NAME
            return introduces or t.folded not in self.lowercase_words or self.coordinated(i)
        return True

    def other_name(self, i: int) -> bool:
        t = self.toks[i]
        if self.blocked[i] or len(t.text) < 2 or t.folded in NOT_NAMES or t.folded.rstrip("s") in NOT_NAMES:
            return False
        if not t.cap:
            before = self.prev_words(i, 1)
            return bool(before) and before[-1] in PERSON_CUES and self.name_like(t) and not self.lex.is_word(t.folded)
        if not self.capitalised(t) or self.eponym(i):
            return False
        cue = self.person_cue(i)
        if i and self.adjacent(i - 1, i) and self.toks[i - 1].folded in TECH_TERMS and not cue:
            return False  # "Raspberry Pi", "Tesla Model"
        before = self.prev_words(i, 1)
        prev = before[-1] if before else ""
        if t.folded in MONTHS and (prev in DATE_WORDS or re.match(r"\s*\d", self.text[t.end : t.end + 3])):
            return False
        if not self.name_like(t):
            return cue and not self.is_word(t) and t.folded not in TECH_TERMS
        if t.folded in TECH_TERMS:
            return cue or self.partner(i)
        if self.is_word(t):
            return cue or self.partner(i) or self.coordinated(i) or (t.possessive and not t.sentence_start)
        return True

    def extend(self, names: list[bool]) -> None:
        """Grow names over neighbouring capitalised unknown words and particles ('Sato Haruto', 'Nguyen Van Minh')."""
        changed = True
        while changed:
            changed = False
            for i, t in enumerate(self.toks):
                if names[i] or self.blocked[i]:
                    continue
                left = i > 0 and names[i - 1] and self.adjacent(i - 1, i)
                right = i + 1 < len(self.toks) and names[i + 1] and self.adjacent(i, i + 1)
                after_and = i > 1 and names[i - 2] and self.toks[i - 1].folded == "and" and self.adjacent(i - 2, i - 1) and self.adjacent(i - 1, i)
                if not (left or right or after_and):
                    continue
                unknown = self.capitalised(t) and not self.is_word(t) and t.folded not in TECH_TERMS and not self.eponym(i)
                particle = t.folded in PARTICLES and bool(left and right)
                if unknown or particle:
                    names[i] = changed = True

    def unspaced_own_names(self) -> list[NameSpan]:
        """Own names in scripts written without spaces ('佐藤です'): found as substrings."""
        out = []
        for form in self.own:
            if _UNSPACED.search(form):
                out += [NameSpan(m.start(), m.end()) for m in re.finditer(re.escape(form), self.text, re.IGNORECASE)]
        return out

    def spans(self, *, others: bool = True) -> list[NameSpan]:
        """Own names, and (unless `others` is False) other people's names."""
        names = [not self.contact[i] and (self.own_name(i) or (others and self.other_name(i))) for i in range(len(self.toks))]
        self.extend(names)
        out: list[NameSpan] = []
        for i, is_name in enumerate(names):
            if not is_name:
                continue
            t = self.toks[i]
            if out and i > 0 and names[i - 1] and self.adjacent(i - 1, i):
                out[-1] = NameSpan(out[-1].start, t.end)
            else:
                out.append(NameSpan(t.start, t.end))
        return out + self.unspaced_own_names() + self.own_name_parts(names)

    def own_name_parts(self, names: list[bool]) -> list[NameSpan]:
        """Own names inside hyphenated words ('Zelda-CAD', 'CAD-by-Zelda'), whatever the rest is."""
        out = []
        for i, t in enumerate(self.toks):
            if names[i] or self.contact[i] or "-" not in t.text:
                continue
            pos = t.start
            for part in t.text.split("-"):
                if fold(part) in self.own and (part[:1].isupper() or not self.lex.is_word(fold(part))):
                    out.append(NameSpan(pos, pos + len(part)))
                pos += len(part) + 1
        return out
