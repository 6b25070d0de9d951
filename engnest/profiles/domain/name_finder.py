"""Find personal names in free text, in context (used by `redaction`).

The author's own name forms (`owner_identity`) are hidden in any case and position, except inside a fixed
phrase ("Ruby on Rails" by Ruby) or, for forms that are everyday words, where the text plainly uses the word
("I will bring the scope" by Will, in a text with capitals). Other people's names come from name lists and
are judged with what surrounds them: a name that is also a word ("Will", "Grace") needs a cue ("Dr.", "my
colleague"), a partner name ("Mark Green") or a coordination ("Mark and I"); eponyms ("Young's modulus"),
tools ("Julia"), organisations and places ("based in Austin", "Poland") do not count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from engnest.platform.domain.words import STOP_WORDS
from engnest.profiles.domain.name_context import NameContext
from engnest.profiles.domain.name_lexicon import NameLexicon
from engnest.profiles.domain.name_tokens import Token
from engnest.profiles.domain.owner_identity import OwnerForms
from engnest.profiles.domain.redaction_terms import DATE_WORDS, EPONYM_NOUNS, MONTHS, NOT_NAMES, PARTICLES, TECH_TERMS

_MIXED_CASE_NAME = re.compile(r"^(?:Mc|Mac|O['’]|D['’]|De|Di|La|Le|Van)[A-Z]")
_INTRODUCES = frozenset("here from to".split())
# Around a one-word technology that is also the owner's name: "I write Swift", "Julia code" stay.
_TECH_BEFORE = frozenset("write writes writing wrote use uses using used code coding learn learning know program programming in with".split())
_TECH_AFTER = frozenset("app apps code backend backends developer developers library libraries framework sdk api ui notebook notebooks".split())


@dataclass(frozen=True)
class NameSpan:
    start: int
    end: int
    kind: str = "name"  # "name" | "contact" (an own user name or a hashtag with the name)


class NameFinder:
    def __init__(self, text: str, forms: OwnerForms, lex: NameLexicon, protected: list[tuple[int, int]]) -> None:
        self.forms, self.lex = forms, lex
        self.ctx = NameContext(text, lex, protected, forms.words)
        self.toks = self.ctx.toks
        self.blocked = [c or f or p for c, f, p in zip(self.ctx.contact, self.ctx.fixed, self.ctx.place)]

    # --- the author's own names -------------------------------------------------------------------

    def own_form(self, t: Token) -> str:
        """'name' or 'contact' when token t is one of the owner's forms, else ''."""
        folded = t.folded.replace("'", "") if "'" in t.folded else t.folded
        if t.folded in self.forms.words or folded in self.forms.words:
            return "name"
        if t.folded in self.forms.handles:
            return "contact"
        if "-" in t.folded and any(p in self.forms.words for p in t.folded.split("-") if len(p) > 1):
            return "name"
        return ""

    def own_name(self, i: int) -> bool:
        t, ctx = self.toks[i], self.ctx
        if ctx.fixed[i]:
            return False
        if t.folded in TECH_TERMS and not ctx.intro_cue(i):
            before = ctx.prev_words(i, 1)
            if (before and before[-1] in _TECH_BEFORE) or ctx.next_word(i) in _TECH_AFTER:
                return False  # the technology, not the person
        word = self.lex.is_word(t.folded) or t.folded in TECH_TERMS
        beside_own = any(
            0 <= j < len(self.toks) and ctx.adjacent(min(i, j), max(i, j)) and self.own_form(self.toks[j]) for j in (i - 1, i + 1)
        )
        after = ctx.text[t.end : t.end + 2].strip()[:1]
        introduces = t.sentence_start and (after in (",", "(", "-", "—", "") or ctx.next_word(i) in _INTRODUCES)
        if t.folded in STOP_WORDS:  # 'Will here' and surnames 'He', 'Do': only as a name, never 'He said'
            return ctx.intro_cue(i) or t.cap and (beside_own or ctx.person_cue(i) or introduces or not t.sentence_start)
        if t.cap or t.upper:
            return True
        if not word:
            return True  # "chinedu", "okafor"
        # an everyday word in lower case: "i'm hunter", "hunter here", but not "I will bring the scope"
        return ctx.person_cue(i) or ctx.self_cue(i) and ctx.prev_words(i, 1)[-1:] != ("by",) or beside_own or ctx.lowercase_style or introduces

    def _compound(self, t: Token) -> bool:
        """'#DanaBuilds', 'dana_okafor', 'DanaOkaforDesigns', '#adabuilds': a joined word that holds an own form."""
        hashtag = t.start > 0 and self.ctx.text[t.start - 1] == "#"
        camel = any(c.isupper() for c in t.text[1:])
        if not (hashtag or camel or "_" in t.text) or len(t.folded) < 4 or t.folded in TECH_TERMS or self.lex.is_word(t.folded):
            return False
        pieces = [p.lower() for p in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+", t.text)]
        if len(pieces) > 1 and any(p in self.forms.words or p in self.forms.handles for p in pieces):
            return True  # camel case: 'AdaBuilds'
        if not hashtag and not re.search(r"[\d_]", t.text):
            return False  # 'wheelchair' holds 'chai' but is no user name
        for form in self.forms.words | self.forms.handles:
            if form == t.folded or len(form) < 2 or form not in t.folded:
                continue
            rest = t.folded.replace(form, "", 1)
            if len(form) >= 4 or not rest or self.lex.is_word(rest) or rest.isdigit():
                return True
        return False

    # --- other people's names ---------------------------------------------------------------------

    def name_like(self, t: Token) -> bool:
        if self.lex.is_name(t.folded):
            return True
        parts = t.folded.split("-")
        real = [p for p in parts if p not in PARTICLES]
        return len(parts) > 1 and bool(real) and all(self.lex.is_name(p) for p in real)

    def is_word(self, t: Token) -> bool:
        f = t.folded
        if t.sentence_start and f in self.lex.dictionary_names:
            return True  # "Ham radio too", "Ping me": a capital at a sentence start says nothing
        return self.lex.is_word(f) or f in NOT_NAMES or f.rstrip("s") in NOT_NAMES or f in self.lex.places or f in self.lex.countries

    def capitalised(self, t: Token) -> bool:
        """Written like a name: 'Dana', 'NGOZI' in shouted text; not 'LoRa', 'GitHub' or an acronym."""
        if self.ctx.lowercase_style and t.text.islower() and len(t.text) >= 2:
            return True  # "i'm dana, my co-founder is chizoba anyanwu"
        if not t.cap or len(t.text) < 2:
            return False
        if t.upper:
            return self.ctx.shouting
        return not any(ch.isupper() for ch in t.text[1:]) or bool(_MIXED_CASE_NAME.match(t.text))

    def partner(self, i: int) -> bool:
        """A capitalised name-like neighbour: 'Grace Hopper', 'Mark Green', 'Sato Haruto'."""
        t = self.toks[i]
        for j in (i - 1, i + 1):
            if not self.ctx.adjacent(min(i, j), max(i, j)) or self.blocked[j]:
                continue
            other = self.toks[j]
            if not self.capitalised(other) or other.folded in TECH_TERMS or other.folded in NOT_NAMES or not self.name_like(other):
                continue
            lex = self.lex
            first_last = (t.folded in lex.first_names and other.folded in lex.surnames and j > i) or (
                other.folded in lex.first_names and t.folded in lex.surnames and j < i
            )
            if first_last or not (self.is_word(other) or self.is_word(t)):
                return True
        return False

    def coordinated(self, i: int) -> bool:
        """'Harry and I', 'Akiko and Daisuke', 'Mark and Faith' (one of the two must not be a word)."""
        toks, ctx = self.toks, self.ctx
        t = toks[i]
        for a, b in ((i, i + 2), (i - 2, i)):
            if a < 0 or b >= len(toks) or toks[a + 1].folded != "and" or not (ctx.adjacent(a, a + 1) and ctx.adjacent(a + 1, b)):
                continue
            other = toks[b if a == i else a]
            if other.text == "I" or other.folded == "me" or (ctx.lowercase_style and other.text == "i"):
                return a == i
            j = b if a == i else a
            if self.capitalised(other) and self.name_like(other) and other.folded not in TECH_TERMS and not self.blocked[j]:
                if not any(w.folded in NOT_NAMES or w.folded in self.lex.countries or w.folded in self.lex.places for w in (t, other)):
                    return True
        return False

    def other_name(self, i: int) -> bool:
        t, ctx = self.toks[i], self.ctx
        if self.blocked[i] or len(t.text) < 2 or t.folded in NOT_NAMES or t.folded.rstrip("s") in NOT_NAMES:
            return False
        if not t.cap:  # in a text written all in lower case, a name still needs a cue: "my co-founder john"
            if not self.name_like(t) or self.is_word(t) or t.folded in TECH_TERMS or t.folded in STOP_WORDS:
                return False
            return ctx.person_cue(i) or (ctx.lowercase_style and (self.partner(i) or self.coordinated(i)))
        if not self.capitalised(t) or ctx.next_word(i) in EPONYM_NOUNS:
            return False
        cue = ctx.person_cue(i)
        if i and ctx.adjacent(i - 1, i) and self.toks[i - 1].folded in TECH_TERMS and not cue:
            return False  # "Raspberry Pi", "Tesla Model"
        before = ctx.prev_words(i, 1)
        if t.folded in MONTHS and (not before or before[-1] in DATE_WORDS or re.match(r"\s*\d", ctx.text[t.end : t.end + 3])):
            return False
        if not self.name_like(t):
            return cue and not self.is_word(t) and t.folded not in TECH_TERMS
        if t.folded in TECH_TERMS:  # "worked with Ford" is the company
            return (cue and not ctx.weak_cue_only(i)) or self.partner(i)
        if self.is_word(t):
            return cue or self.partner(i) or self.coordinated(i) or (t.possessive and not t.sentence_start and not self.lex.is_word(t.folded))
        return True

    def extend(self, names: list[bool]) -> None:
        """Grow names over neighbouring capitalised unknown words and particles ('Sato Haruto', 'Nguyen Van Minh')."""
        changed = True
        while changed:
            changed = False
            for i, t in enumerate(self.toks):
                if names[i] or self.blocked[i]:
                    continue
                left = i > 0 and names[i - 1] and self.ctx.adjacent(i - 1, i)
                right = i + 1 < len(self.toks) and names[i + 1] and self.ctx.adjacent(i, i + 1)
                after_and = (  # "Akiko and Daisuke"
                    i > 1 and names[i - 2] and self.toks[i - 1].folded == "and" and self.ctx.adjacent(i - 2, i - 1) and self.ctx.adjacent(i - 1, i)
                )
                if not (left or right or after_and):
                    continue
                unknown = (
                    self.capitalised(t) and not self.is_word(t) and t.folded not in TECH_TERMS and t.folded not in STOP_WORDS
                    and self.ctx.next_word(i) not in EPONYM_NOUNS
                )
                particle = t.folded in PARTICLES and bool(left) and self._particle_chain_ends_in_name(i)
                if unknown or particle:
                    names[i] = changed = True

    def _particle_chain_ends_in_name(self, i: int) -> bool:
        """'Diego de la Rosa', 'David van der Veen': particles followed by a capitalised word."""
        j = i
        while j < len(self.toks) and self.toks[j].folded in PARTICLES and self.ctx.adjacent(j, j + 1):
            j += 1
        return j < len(self.toks) and j > i and self.capitalised(self.toks[j]) and j - i <= 3

    # --- spans ------------------------------------------------------------------------------------

    def _unspaced(self) -> list[NameSpan]:
        """Own names in other scripts ('佐藤です', 'محمد'): found as substrings, whole words where spaced."""
        out = []
        text = self.ctx.text
        folded = text.lower()
        for form in self.forms.unspaced:
            for m in re.finditer(re.escape(form.lower()), folded):
                s, e = m.start(), m.end()
                if not re.search(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]", form):
                    while s > 0 and text[s - 1].isalpha():
                        s -= 1
                    while e < len(text) and text[e].isalpha():
                        e += 1
                out.append(NameSpan(s, e))
        return out

    def spans(self, *, others: bool = True) -> list[NameSpan]:
        """Own names and user names, and (unless `others` is False) other people's names."""
        toks = self.toks
        kinds = [""] * len(toks)
        for i, t in enumerate(toks):
            if self.ctx.contact[i]:
                continue
            own = self.own_form(t)
            if own == "contact" or (own and self.own_name(i)):
                kinds[i] = own
            elif self._compound(t):
                kinds[i] = "contact" if t.start and self.ctx.text[t.start - 1] == "#" else "name"
            elif others and self.other_name(i):
                kinds[i] = "name"
        if others:
            names = [k == "name" for k in kinds]
            self.extend(names)
            known = {toks[i].folded for i, k in enumerate(names) if k and not self.own_form(toks[i])}
            for i, t in enumerate(toks):  # "Jordan Blake and I ... Now Jordan moved away"
                if not names[i] and t.folded in known and self.capitalised(t) and not self.blocked[i]:
                    names[i] = True
            kinds = [k or ("name" if n else "") for k, n in zip(kinds, names)]
        out = []
        for i, t in enumerate(toks):
            if not kinds[i]:
                continue
            start = t.start - 1 if t.start and self.ctx.text[t.start - 1] == "#" else t.start
            out.append(NameSpan(start, t.end, kinds[i]))
        return out + self._unspaced()
