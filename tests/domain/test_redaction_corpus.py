"""The redaction corpus as a test: the issue-10 targets on the development split (tuned on) and on the
held-out split (never tuned on). `PYTHONPATH=.:tests python tests/domain/corpus.py -v` prints every miss."""

from __future__ import annotations

import functools

import pytest

from domain import corpus

CULTURES_MIN = 15


@functools.cache
def _report(split: str) -> corpus.Report:
    return corpus.evaluate(corpus.load(split))


def test_the_corpus_is_big_and_varied():
    dev, holdout = corpus.load("dev"), corpus.load("holdout")
    assert len(dev) >= 300 and len(holdout) >= 100
    assert len({p.culture for p in dev if p.culture}) >= CULTURES_MIN
    assert {p.style for p in dev} >= {"plain", "lowercase", "emoji"}
    kinds = {g.kind for p in dev for g in p.gold}
    assert kinds >= {"name", "nick", "script", "other", "email", "phone", "handle", "url", "tech", "company", "place", "word"}
    assert kinds >= {"employer", "school", "unique", "award"}


@pytest.mark.parametrize(("split", "floor"), [("dev", 0.97), ("holdout", 0.95)])
def test_identifying_spans_are_hidden(split, floor):
    report = _report(split)
    overall = report.overall(report.hide, kinds=("name", "nick", "script", "email", "phone", "handle", "url"))
    assert overall.rate >= 0.99, corpus.describe(split, report, verbose=True)
    for kind, tally in report.hide.items():
        assert tally.rate >= floor, (kind, tally.misses)


@pytest.mark.parametrize("split", ["dev", "holdout"])
def test_decoys_and_ordinary_words_stay(split):
    report = _report(split)
    decoys = report.overall(report.decoy)
    assert 1 - decoys.rate <= 0.03, [m for t in report.decoy.values() for m in t.misses]
    assert report.kept.rate >= 0.98, report.kept.misses[:40]


@pytest.mark.parametrize(("split", "floor"), [("dev", 0.9), ("holdout", 0.85)])
def test_quasi_identifiers_are_flagged_to_the_owner(split, floor):
    report = _report(split)
    assert report.overall(report.qi).rate >= floor, [m for t in report.qi.values() for m in t.misses]
