"""The redaction corpus: pitches with their names ({{...}}) and contact details (<<...>>) marked, and the
token-level precision/recall of the redactor on them."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from engnest.domain import redaction

DATA = Path(__file__).parent / "data"
_MARK = re.compile(r"\{\{(.+?)\}\}|<<(.+?)>>")
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass
class Pitch:
    id: int
    owner: tuple[str, str]
    country: str
    note: str
    text: str
    names: list[tuple[int, int]]
    contacts: list[tuple[int, int]]

    @property
    def expected(self) -> str:
        spans = [redaction.Span(s, e, "name") for s, e in self.names] + [redaction.Span(s, e, "contact") for s, e in self.contacts]
        return redaction.apply(self.text, sorted(spans, key=lambda s: s.start))

    def redacted(self) -> str:
        return redaction.redact(self.text, own_names=self.owner, regions=[self.country])


def parse(marked: str) -> tuple[str, list[tuple[int, int]], list[tuple[int, int]]]:
    text, names, contacts, pos = [], [], [], 0
    length = 0
    for m in _MARK.finditer(marked):
        chunk = marked[pos : m.start()]
        text.append(chunk)
        length += len(chunk)
        inner = m.group(1) if m.group(1) is not None else m.group(2)
        (names if m.group(1) is not None else contacts).append((length, length + len(inner)))
        text.append(inner)
        length += len(inner)
        pos = m.end()
    text.append(marked[pos:])
    return "".join(text), names, contacts


def load(name: str = "pitches.json") -> list[Pitch]:
    rows = json.loads((DATA / name).read_text(encoding="utf-8"))["pitches"]
    out = []
    for row in rows:
        text, names, contacts = parse(row["text"])
        out.append(Pitch(row["id"], tuple(row["owner"]), row["country"], row.get("note", ""), text, names, contacts))
    return out


def _inside(token: tuple[int, int], spans) -> bool:
    return any(s <= token[0] and token[1] <= e for s, e in spans)


def _overlaps(token: tuple[int, int], spans) -> bool:
    return any(s < token[1] and token[0] < e for s, e in spans)


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def score(pitches: list[Pitch]) -> dict[str, Score]:
    """Token-level scores for names and contact details, plus how many pitches come out exactly as expected."""
    result = {"name": Score(), "contact": Score(), "exact": Score()}
    for p in pitches:
        spans = redaction.find_spans(p.text, own_names=p.owner, regions=[p.country])
        predicted = {kind: [(s.start, s.end) for s in spans if s.kind == kind] for kind in ("name", "contact")}
        gold = {"name": p.names, "contact": p.contacts}
        for kind in ("name", "contact"):
            sc = result[kind]
            for m in _TOKEN.finditer(p.text):
                tok = (m.start(), m.end())
                in_gold, in_pred = _inside(tok, gold[kind]), _overlaps(tok, predicted[kind])
                if in_gold and in_pred:
                    sc.tp += 1
                elif in_pred and not _inside(tok, gold["name"] + gold["contact"]):
                    sc.fp += 1
                    sc.misses.append(f"#{p.id} false {kind}: {m.group(0)!r}")
                elif in_gold and not in_pred and not (kind == "name" and _overlaps(tok, predicted["contact"])):
                    sc.fn += 1
                    sc.misses.append(f"#{p.id} missed {kind}: {m.group(0)!r}")
        if redaction.apply(p.text, spans) == p.expected:
            result["exact"].tp += 1
        else:
            result["exact"].fn += 1
    return result


if __name__ == "__main__":  # python tests/domain/corpus.py  -> the numbers for the closing note
    import sys

    for name in ("pitches.json", "pitches_holdout.json"):
        pitches = load(name)
        res = score(pitches)
        print(f"{name}: {len(pitches)} pitches")
        for kind in ("name", "contact"):
            sc = res[kind]
            print(f"  {kind:8s} precision {sc.precision:.3f} recall {sc.recall:.3f} (tp {sc.tp}, fp {sc.fp}, fn {sc.fn})")
        print(f"  exact output {res['exact'].tp}/{len(pitches)}")
        if "-v" in sys.argv:
            for kind in ("name", "contact"):
                for line in res[kind].misses:
                    print("   ", line)
