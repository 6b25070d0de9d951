"""The generated word lists the pitch redactor reads, loaded lazily from one compact data file.

`data/redaction_lexicon.json.gz` is built by `tools/build_redaction_lexicon.py` (sources and licences are
listed there) and committed, so a process does not rebuild it from Faker and english-words at start-up.
Nicknames come from the maintained `nicknames` list (Apache-2.0) plus `redaction_terms.DIMINUTIVES`.
"""

from __future__ import annotations

import functools
import gzip
import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from engnest.profiles.domain.redaction_terms import DIMINUTIVES, EXTRA_WORDS, NAME_WORDS  # noqa: F401 (re-exported for the build)

DATA_FILE = Path(__file__).parent / "data" / "redaction_lexicon.json.gz"


def fold(word: str) -> str:
    """Lower case without Latin accents: 'Björn' -> 'bjorn', 'Łukasz' -> 'lukasz'. Marks that are part of
    other scripts (Devanagari vowel signs) are kept."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.replace("ł", "l").replace("Ł", "L"))
    out: list[str] = []
    for ch in decomposed:
        if unicodedata.combining(ch) and out and out[-1] < "\u0250":
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out)).lower().replace("’", "'")


@dataclass(frozen=True)
class NameLexicon:
    first_names: frozenset[str]
    surnames: frozenset[str]
    vocabulary: frozenset[str]
    places: frozenset[str]
    multiword_places: frozenset[str]  # "hong kong", "sao paulo"
    countries: frozenset[str]
    dictionary_names: frozenset[str] = frozenset()  # names that are also dictionary words: 'ham', 'ping', 'bob'
    nicknames: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)

    def is_name(self, folded: str) -> bool:
        return folded in self.first_names or folded in self.surnames

    def is_word(self, folded: str) -> bool:
        """An English word, allowing simple inflections (plurals, -ed, -ing, -ly)."""
        if folded in self.vocabulary:
            return True
        stems = []
        if folded.endswith("es") and folded[:-2].endswith(("s", "x", "z", "ch", "sh")):
            stems.append(folded[:-2])
        elif folded.endswith("s") and not folded.endswith("ss"):
            stems.append(folded[:-1])
        for suffix in ("ed", "ing"):
            if folded.endswith(suffix):
                stems += [folded[: -len(suffix)], folded[: -len(suffix)] + "e"]
        if folded.endswith("ly"):
            stems.append(folded[:-2])
        return any(stem in self.vocabulary for stem in stems)

    def variants(self, name: str) -> set[str]:
        """A first name with its nicknames and formal forms, folded ('Robert' -> robert, bob, rob, ...)."""
        key = fold(name)
        return {key} | set(self.nicknames.get(key, ()))


def _nickname_table() -> dict[str, frozenset[str]]:
    from nicknames import NickNamer

    table: dict[str, set[str]] = {}
    namer = NickNamer()
    for canonical, nicks in namer._nickname_lookup.items():  # the package's own table, one hop both ways
        for nick in nicks:
            table.setdefault(fold(canonical), set()).add(fold(nick))
            table.setdefault(fold(nick), set()).add(fold(canonical))
    for canonical, diminutives in DIMINUTIVES.items():
        for nick in diminutives:
            table.setdefault(canonical, set()).add(nick)
            table.setdefault(nick, set()).add(canonical)
    return {k: frozenset(v) for k, v in table.items()}


@functools.cache
def lexicon() -> NameLexicon:
    """Loaded once per process, on first use (about 0.2 s)."""
    data = json.loads(gzip.decompress(DATA_FILE.read_bytes()))
    return NameLexicon(
        first_names=frozenset(data["first_names"]),
        surnames=frozenset(data["surnames"]),
        vocabulary=frozenset(data["vocabulary"]),
        places=frozenset(data["places"]),
        multiword_places=frozenset(data["multiword_places"]),
        countries=frozenset(data["countries"]),
        dictionary_names=frozenset(data["dictionary_names"]),
        nicknames=_nickname_table(),
    )
