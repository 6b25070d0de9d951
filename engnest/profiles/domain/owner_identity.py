"""Everything the product knows about whose text it is, and the forms of it the redactor looks for.

`Owner` holds the author's names in every form the profile has (first and last name, other names they go
by, their name in another script), the account email, the profile links, the words they chose to hide and
the countries used to read phone numbers. `forms_for` turns it into folded word forms: names with their
nicknames and diminutives (a maintained list plus prefix/suffix forms: Maximiliano -> Max, Oluwafemi ->
Femi), the email's user name and the handles in the links.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from engnest.platform.domain.words import STOP_WORDS
from engnest.profiles.domain.name_lexicon import NameLexicon, fold, lexicon
from engnest.profiles.domain.redaction_terms import PARTICLES, PLATFORMS

_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f\uf900-\ufaff]")  # kana, CJK, Hangul, Thai
_NON_LATIN = re.compile(r"[^\W\d_a-zA-Z\u00c0-\u024f\u1e00-\u1eff]")
_COMPOUND_PREFIXES = ("oluwa", "olu", "ade", "ayo", "ola", "chukwu", "chi", "obi", "ife", "abdul", "abd", "nkosi", "tumi")
_DIMINUTIVE_ENDINGS = ("", "y", "ie", "i", "o", "ee", "a")
_GENERIC_LOCALS = frozenset("info contact hello hi me mail email admin office team work dev jobs support the".split())
_GENERIC_PATH = frozenset("in u user users people profile profiles pub channel c company @ sites home about".split())
_GENERIC_HOST = frozenset("www com org net io dev app me co page pages site blog github gitlab linkedin".split()) | PLATFORMS


@dataclass(frozen=True)
class Owner:
    names: tuple[str, ...] = ()  # first name first, then the last name, then other names they go by
    script_names: tuple[str, ...] = ()  # the name in another script: "王小明", "محمد"
    email: str = ""
    links: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()  # words and phrases the owner chose to hide
    regions: tuple[str, ...] = ()  # ISO countries for reading phone numbers


def split_names(text: str) -> tuple[str, ...]:
    """'Max, Maxi / El Flaco' -> ('Max', 'Maxi', 'El Flaco')."""
    parts = re.split(r"[,;/\n|]+|\s+(?:or|aka)\s+", text or "")
    return tuple(p.strip() for p in parts if p and p.strip())


def owner_from(
    *, first_name: str = "", last_name: str = "", other_names: str = "", script_name: str = "", email: str = "",
    links: tuple[str, ...] = (), hidden: tuple[str, ...] = (), regions: tuple[str, ...] = (),
) -> Owner:
    return Owner(
        names=tuple(n for n in (first_name, last_name, *split_names(other_names)) if n and n.strip()),
        script_names=split_names(script_name),
        email=email or "",
        links=tuple(link for link in links if link),
        hidden=tuple(h for h in hidden if h and h.strip()),
        regions=tuple(r for r in regions if r),
    )


@dataclass(frozen=True)
class OwnerForms:
    words: frozenset[str]  # folded one-word forms hidden as [name]
    handles: frozenset[str]  # folded user names hidden as [contact]
    unspaced: tuple[str, ...]  # forms in other scripts, found as substrings
    compounds: tuple[str, ...]  # forms found inside hashtags and joined words ('#DanaBuilds', 'dana_ok')
    hidden: tuple[str, ...]  # phrases the owner hides


def _parts(name: str) -> list[str]:
    folded = fold(name.strip())
    return [p for p in re.split(r"[\s]+", folded) if p]


def _word_parts(part: str, alone: bool) -> list[str]:
    """'jean-luc' -> jean-luc, jean, luc; particles ('van', 'le') only when they are the whole name ('Lê')."""
    pieces = [part, part.replace("'", ""), *part.split("-")]
    return [p for p in pieces if p and (alone or p not in PARTICLES) and (len(p) > 1 or _NON_LATIN.search(p))]


def _short_forms(given: str, lex: NameLexicon) -> set[str]:
    """Nicknames, diminutives, and prefix/suffix forms of a given name."""
    forms = lex.variants(given)
    if len(given) >= 5 and given.isalpha() and given.isascii():
        for n in range(3, len(given) - 1):
            prefix = given[:n]
            for ending in _DIMINUTIVE_ENDINGS:
                form = prefix + ending
                if form == given or form in STOP_WORDS:
                    continue
                if form in lex.first_names or (len(form) >= 4 and not lex.is_word(form) and not lex.is_name(form) and ending == ""):
                    forms.add(form)
                elif ending and len(prefix) >= 4 and not lex.is_word(form) and not lex.is_name(form):
                    forms.add(form)  # Venk-y
        for prefix in _COMPOUND_PREFIXES:
            rest = given[len(prefix) :]
            if given.startswith(prefix) and len(rest) >= 3 and not lex.is_word(rest):
                forms |= {rest} | lex.variants(rest)
    return forms


def _split_joined(word: str, lex: NameLexicon) -> list[str]:
    """'danaokafor' -> ['dana', 'okafor'] when both halves are names."""
    for i in range(2, len(word) - 1):
        left, right = word[:i], word[i:]
        if lex.is_name(left) and lex.is_name(right) and len(left) >= 3 and len(right) >= 3:
            return [left, right]
    return []


def _handle_of(link: str) -> list[str]:
    try:
        parts = urlsplit(link if "//" in link else "https://" + link)
    except ValueError:
        return []
    out = [label for label in (parts.hostname or "").split(".")[:-1] if label and label not in _GENERIC_HOST]
    segments = [s for s in parts.path.split("/") if s]
    for seg in segments[:2]:
        seg = seg.lstrip("@~")
        if seg and seg.lower() not in _GENERIC_PATH:
            out.append(seg)
            break
    return [fold(h) for h in out if len(h) >= 2]


def _user_name_forms(handle: str, lex: NameLexicon) -> tuple[set[str], set[str]]:
    """A user name as (name words, handle words): 'cass.ibe' -> ({'cass', 'ibe'}, {'cass.ibe'})."""
    words: set[str] = set()
    handles = {handle}
    stripped = re.sub(r"\d+$", "", handle)
    if len(stripped) >= 3:
        handles.add(stripped)
    for piece in re.split(r"[._+\-\d]+", handle):
        if len(piece) < 3 or piece in STOP_WORDS or piece in _GENERIC_LOCALS:
            continue
        if lex.is_name(piece) or not lex.is_word(piece):
            (words if lex.is_name(piece) else handles).add(piece)
        if not lex.is_name(piece):
            words.update(_split_joined(piece, lex))
    return words, handles


def _build(owner: Owner, lex: NameLexicon) -> OwnerForms:
    words: set[str] = set()
    handles: set[str] = set()
    unspaced: list[str] = []
    for index, name in enumerate(owner.names):
        parts = _parts(name)
        for part in parts:
            for piece in _word_parts(part, len(parts) == 1):
                if _NON_LATIN.search(piece):
                    unspaced.append(piece)
                    continue
                words.add(piece)
                if index != 1:  # given names and names they go by (not the family name)
                    words |= _short_forms(piece, lex)
    for name in owner.script_names:
        unspaced.append(fold(name.strip()))
        unspaced += [p for p in _parts(name) if len(p) >= 2]
    local = fold(owner.email.partition("@")[0]) if "@" in owner.email else ""
    user_names = ([local] if local and local not in _GENERIC_LOCALS else []) + [h for link in owner.links for h in _handle_of(link)]
    for user in user_names:
        found_words, found_handles = _user_name_forms(user, lex)
        words |= found_words
        handles |= found_handles
    words = {w for w in words if len(w) >= 2}  # stop words ('He', 'Do') are judged in context by the finder
    handles -= words
    compounds = tuple(sorted({f for f in words | handles if len(f) >= 4 and f.isalpha()}, key=len, reverse=True))
    return OwnerForms(
        words=frozenset(words),
        handles=frozenset(h for h in handles if len(h) >= 3),
        unspaced=tuple(sorted({u for u in unspaced if u}, key=len, reverse=True)),
        compounds=compounds,
        hidden=tuple(h.strip() for h in owner.hidden if h.strip()),
    )


@functools.lru_cache(maxsize=1024)
def _cached(owner: Owner) -> OwnerForms:
    return _build(owner, lexicon())


def forms_for(owner: Owner, lex: NameLexicon | None = None) -> OwnerForms:
    return _cached(owner) if lex is None else _build(owner, lex)
