"""Generate the redaction corpus: pitches from many cultures with every span marked (tests/domain/corpus.py).

    .venv/bin/python tools/build_redaction_corpus.py   # writes tests/domain/data/corpus_{dev,holdout}.json

Markup: {{kind|text}} is something of the owner that must be hidden (kinds: name, nick, script, other, email,
phone, handle, url), ((kind|text)) a decoy that must stay (tech, company, place, word), [[kind|text]] a
quasi-identifier the editor must flag (employer, school, unique, award). The held-out split uses its own
sentence templates, cultures' seeds and nickname pairs, and is never used to tune the redactor.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from faker import Faker

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from redaction_corpus_parts import (  # noqa: E402
    CONTACTS,
    DECOYS,
    INTROS,
    NICK_PAIRS,
    OTHERS,
    QUASI,
    SCRIPT_OWNERS,
    WORD_OWNERS,
    WORK,
)

OUT = ROOT / "tests" / "domain" / "data"
# culture -> (Faker locale, country, family name first?)
CULTURES = {
    "en_US": ("en_US", "US", False), "en_GB": ("en_GB", "GB", False), "en_IN": ("en_IN", "IN", False),
    "yo_NG": ("yo_NG", "NG", False), "ig_NG": ("ig_NG", "NG", False), "tw_GH": ("tw_GH", "GH", False),
    "zu_ZA": ("zu_ZA", "ZA", False), "sw_KE": ("sw", "KE", False), "vi_VN": ("vi_VN", "VN", True),
    "pl_PL": ("pl_PL", "PL", False), "es_MX": ("es_MX", "MX", False), "es_ES": ("es_ES", "ES", False),
    "pt_BR": ("pt_BR", "BR", False), "fr_FR": ("fr_FR", "FR", False), "de_DE": ("de_DE", "DE", False),
    "it_IT": ("it_IT", "IT", False), "tr_TR": ("tr_TR", "TR", False), "nl_NL": ("nl_NL", "NL", False),
    "id_ID": ("id_ID", "ID", False), "hu_HU": ("hu_HU", "HU", True), "ja_JP": ("ja_JP", "JP", True),
    "zh_CN": ("zh_CN", "CN", True),
}
STYLES = ("plain", "plain", "plain", "lowercase", "emoji")
EMOJI = ("🚀", "🔧", "⚡", "🛰️", "🤖", "🌱", "✨", "👋")


def _person(fake: Faker, locale: str) -> tuple[str, str, str]:
    """(first, last, name in its own script)."""
    if locale == "ja_JP":
        from faker.providers.person.ja_JP import Provider as Japanese

        (k1, _, r1), (k2, _, r2) = fake.random.choice(list(Japanese.first_name_pairs)), fake.random.choice(list(Japanese.last_name_pairs))
        return r1, r2, f"{k2}{k1}"
    if locale == "zh_CN":
        return fake.first_romanized_name(), fake.last_romanized_name(), ""
    return fake.first_name(), fake.last_name(), ""


def _handle(rng: random.Random, first: str, last: str) -> str:
    f, ln = first.lower().encode("ascii", "ignore").decode() or "dev", last.lower().encode("ascii", "ignore").decode() or "maker"
    return rng.choice([f"{f}{ln}", f"{f}.{ln}", f"{f}_{ln[:3]}", f"{f}{rng.randint(7, 99)}", f"{ln}{f[:1]}", f"{f}builds",
                       rng.choice(["rustywalks", "quietvolt", "boltnbeam", "nullsparrow", "tinkerpaw", "gridwren"]) + str(rng.randint(1, 9))])


def _mark(kind: str, text: str, brackets: str = "{}") -> str:
    o, c = {"{}": ("{{", "}}"), "()": ("((", "))"), "[]": ("[[", "]]")}[brackets]
    return f"{o}{kind}|{text}{c}"


def _fill(template: str, values: dict[str, str]) -> str:
    out = template
    for key, value in values.items():
        out = out.replace("{" + key + "}", value)
    return out


def _owner(rng: random.Random, fake: Faker, culture: str, split: str, n: int) -> dict:
    locale, country, family_first = CULTURES[culture]
    first, last, script = _person(fake, locale)
    kind = n % 6
    other, nick = "", first
    if kind == 1:  # a nickname the profile may or may not list
        full, short = rng.choice(NICK_PAIRS[split])
        first, nick = full, short
        other = short if rng.random() < 0.3 else ""
    elif kind == 2:  # a name that is also a word, place or technology
        first = rng.choice(WORD_OWNERS)
        nick = first
    elif kind == 3 and not script:
        first, last, script = rng.choice(SCRIPT_OWNERS[split])
        nick = first
    handle = _handle(rng, first, last)
    email_local = handle if rng.random() < 0.5 else f"{first.lower()}.{last.lower()}"
    email_local = email_local.replace(" ", "").encode("ascii", "ignore").decode() or "me"
    links = [f"https://github.com/{handle}"] if rng.random() < 0.5 else []
    return {
        "first": first, "last": last, "other_names": other, "script_name": script, "country": country,
        "email": f"{email_local}@{rng.choice(['gmail.com', 'outlook.com', 'proton.me', 'yahoo.co.uk'])}", "links": links,
        "_nick": nick, "_handle": handle, "_family_first": family_first, "_local": email_local,
    }


def _pitch(rng: random.Random, fake: Faker, culture: str, split: str, n: int) -> dict:
    owner = _owner(rng, fake, culture, split, n)
    first, last = owner["first"], owner["last"]
    full = f"{last} {first}" if owner["_family_first"] and rng.random() < 0.6 else f"{first} {last}"
    v = {
        "FIRST": _mark("name", first), "LAST": _mark("name", last), "FULL": _mark("name", full),
        "NICK": _mark("nick" if owner["_nick"] != first else "name", owner["_nick"]),
        "SCRIPT": _mark("script", owner["script_name"]) if owner["script_name"] else _mark("name", first),
        "CITY": _mark("place", fake.city(), "()") if culture not in ("ja_JP", "zh_CN") else _mark("place", rng.choice(["Osaka", "Shenzhen", "Tokyo"]), "()"),
    }
    intros = INTROS[split]
    if owner["script_name"] and rng.random() < 0.7:
        intros = [t for t in intros if "{SCRIPT}" in t]
    elif owner["_nick"] != first and rng.random() < 0.7:
        intros = [t for t in intros if "{NICK}" in t]
    parts = [_fill(rng.choice(intros), v), _fill(rng.choice(WORK[split]), v)]
    if rng.random() < 0.8:  # a decoy that is one of the owner's names on its own would contradict the rules
        decoys = [d for d in DECOYS[split] if f"|{first})" not in d and f"|{owner['_nick']})" not in d]
        parts.append(_fill(rng.choice(decoys), v))
    if rng.random() < 0.35:
        parts.append(rng.choice(QUASI[split]))
    if rng.random() < 0.35:
        other_locale = rng.choice(list(CULTURES.values()))[0]
        other_fake = Faker(other_locale)
        other_fake.seed_instance(rng.randint(0, 10**6))
        o_first, o_last, _ = _person(other_fake, other_locale)
        parts.append(_fill(rng.choice(OTHERS[split]), {"OTHER": _mark("other", o_first), "OTHERFULL": _mark("other", f"{o_first} {o_last}")}))
    for _ in range(rng.choice((1, 1, 2))):
        template = rng.choice(CONTACTS[split])
        phone = fake.numerify(rng.choice(["+## ### ### ####", "0### ### ####", "(###) ###-####", "+### ## ### ####"]))
        parts.append(_fill(template, {
            "HANDLE": owner["_handle"], "LOCAL": owner["_local"], "PHONE": phone, "FIRSTL": first.lower(),
            "FIRSTC": first.replace(" ", ""), "CALL": rng.choice(["KD2ABC", "G4XYZ", "VK2RWA", "JA1QRZ", "W7DEV"]),
        }))
    text = " ".join(p for p in parts if p)
    style = STYLES[n % len(STYLES)]
    if style == "lowercase":
        text = text.lower()
    elif style == "emoji":
        words = text.split(". ")
        text = ". ".join(w + (" " + rng.choice(EMOJI) if rng.random() < 0.5 else "") for w in words)
        text = rng.choice(EMOJI) + " " + text
    public = {k: v for k, v in owner.items() if not k.startswith("_")}
    return {"culture": culture, "style": style, "owner": public, "text": text}


def build(split: str, seed: int, per_culture: int) -> list[dict]:
    rng = random.Random(seed)
    out = []
    n = 0
    for culture, (locale, _, _) in CULTURES.items():
        fake = Faker(locale)
        fake.seed_instance(seed + n)
        for _ in range(per_culture):
            row = _pitch(rng, fake, culture, split, n)
            row["id"] = f"{split}-{n + 1}"
            out.append(row)
            n += 1
    return out


def main() -> None:
    for split, seed, per in (("dev", 11, 12), ("holdout", 97, 6)):
        rows = build(split, seed, per)
        path = OUT / f"corpus_{split}.json"
        about = __doc__.split("\n\n")[2].replace("\n", " ")
        path.write_text(json.dumps({"about": about, "pitches": rows}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}: {len(rows)} pitches")


if __name__ == "__main__":
    main()
