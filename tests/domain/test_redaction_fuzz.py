"""The redactor runs on every profile save: no text may make it raise (issue 9, item 15).

Arbitrary unicode alone rarely lands on the phrases the name finder treats specially, so a second strategy
builds texts from the words it looks for (multi-word cities, organisations, cues, names, prepositions) with
random punctuation between them, ending anywhere.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engnest.profiles.domain.name_lexicon import lexicon
from engnest.profiles.domain.redaction import find_spans, redact
from engnest.profiles.domain.redaction_terms import FIXED_PHRASES, PLACE_PREPOSITIONS

MULTIWORD_CITIES = ["Hong Kong", "San Francisco", "Cape Town", "São Paulo", "Ho Chi Minh City", "Santa Clara", "New York City"]
FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("city", MULTIWORD_CITIES)
@pytest.mark.parametrize("ending", ["", ".", "!", "\n", " "])
def test_a_text_ending_in_a_multi_word_city_is_redacted_without_error(city, ending):
    text = f"I am based in {city}{ending}"
    assert redact(text) == text
    assert redact(text, own_names=["Dana", "Okafor"]) == text


def _words() -> list[str]:
    lex = lexicon()
    cities = sorted(place.title() for place in lex.multiword_places)[::400]
    organisations = [" ".join(w.title() for w in phrase) for phrase in FIXED_PHRASES]
    cues = ["I'm", "I am", "my colleague", "Dr.", "call me", "and", "and I", "'s", "Will", "Grace", "Hopper"]
    return MULTIWORD_CITIES + cities + organisations + cues + sorted(PLACE_PREPOSITIONS) + ["Dana", "Jean-Luc", "O'Brien", "&", "佐藤"]


WORDS = _words()
SEPARATORS = st.sampled_from([" ", " ", " ", ", ", ". ", "\n", "-", "&", "'", "’", "", "!", "\u202e", "  "])
PHRASES = st.lists(st.tuples(st.sampled_from(WORDS), SEPARATORS), max_size=12).map(lambda parts: "".join(w + s for w, s in parts))
OWN_NAMES = st.lists(st.one_of(st.sampled_from(["Dana", "Hong", "Kong", "San", "Jean-Luc", "佐藤", " ", ""]), st.text(max_size=12)), max_size=3)


@FAST
@given(text=st.text(max_size=200), own_names=OWN_NAMES, others=st.booleans())
def test_no_unicode_text_makes_the_redactor_raise(text, own_names, others):
    _check(text, own_names, others)


@FAST
@given(text=PHRASES, own_names=OWN_NAMES, others=st.booleans())
def test_no_text_made_of_the_words_the_finder_looks_for_makes_it_raise(text, own_names, others):
    _check(text, own_names, others)


def _check(text: str, own_names: list[str], others: bool) -> None:
    out = redact(text, own_names=own_names, others=others)
    assert isinstance(out, str)
    spans = find_spans(text, own_names=own_names, others=others)
    assert all(0 <= s.start < s.end <= len(text) for s in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))
