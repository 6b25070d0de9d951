"""The redactor's word lists ship as a prebuilt data file (issue 11): it is loaded lazily, it is what the build
script makes from its sources today, and it knows places, countries and names."""

from __future__ import annotations

import gzip
import json
import sys

from engnest.platform.settings import ROOT
from engnest.profiles.domain.name_lexicon import DATA_FILE, lexicon


def test_the_committed_data_file_is_what_the_build_script_makes():
    sys.path.insert(0, str(ROOT / "tools"))
    import build_redaction_lexicon

    committed = json.loads(gzip.decompress(DATA_FILE.read_bytes()))
    assert committed == build_redaction_lexicon.build(), "run: .venv/bin/python tools/build_redaction_lexicon.py"


def test_the_lexicon_knows_names_words_places_and_nicknames():
    lex = lexicon()
    assert lex.is_name("abayomi") and lex.is_name("okafor") and lex.is_word("grace")
    assert "poland" in lex.countries and "hong kong" in lex.multiword_places and "austin" in lex.places
    assert {"bob", "rob"} <= lex.variants("Robert") and "gosia" in lex.variants("Małgorzata")
