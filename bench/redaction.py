"""Benchmark: redacting a 160-word pitch (target: p95 <= 20 ms), and the cost of loading the word lists.

    python bench/redaction.py

Pitches: the corpus (tests/domain/data), joined per owner into texts of about 160 words, each redacted with
its owner's identity, 5 rounds. Printed: p50/p95 per pitch, the ratio of p95 to the 20 ms target, and the
first-use cost of the prebuilt lexicon (time and resident memory), which used to be built from Faker and
english-words at start-up.
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

TARGET_S = 0.020


def main() -> None:
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    from engnest.profiles.domain.name_lexicon import lexicon

    lexicon()
    load_s = time.perf_counter() - start
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    from domain import corpus

    from engnest.profiles.domain import redaction

    pitches = corpus.load("dev") + corpus.load("holdout")
    texts = []
    for p in pitches:
        words = p.text.split()
        text = p.text
        while len(words) < 160:
            words += p.text.split()
        text = " ".join(words[:160])
        texts.append((text, p.owner))
    print(f"lexicon first use: {load_s * 1000:.0f} ms, +{(rss1 - rss0) // 1024} MB resident")
    for label, run in (
        ("redact", lambda text, owner: redaction.redact(text, owner=owner)),
        ("redact + flags (the editor's preview)", lambda text, owner: (redaction.redact(text, owner=owner), redaction.flags(text, owner=owner))),
    ):
        times = []
        for _ in range(5):
            for text, owner in texts:
                t = time.perf_counter()
                run(text, owner)
                times.append(time.perf_counter() - t)
        times.sort()
        p50, p95 = statistics.median(times), times[int(len(times) * 0.95)]
        print(f"160-word pitch, {label}: p50 {p50 * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms over {len(times)} runs;"
              f" p95 / 20 ms target: {p95 / TARGET_S:.2f}")


if __name__ == "__main__":
    main()
