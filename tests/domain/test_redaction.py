"""Pitch redaction (the corpus numbers are in test_redaction_corpus.py): the guarantees (own names and contact details never survive),
and the tricky cases one by one."""

from __future__ import annotations

import re

import pytest
from faker import Faker
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engnest.profiles.domain.name_lexicon import fold
from engnest.profiles.domain.redaction import CONTACT, NAME, find_spans, redact


def _people(locales: list[str], count: int) -> list[tuple[str, str]]:
    people = []
    for locale in locales:
        fake = Faker(locale)
        fake.seed_instance(7)
        people += [(fake.first_name(), fake.last_name()) for _ in range(count)]
    return people


PEOPLE = _people(["en_US", "en_GB", "en_AU", "ja_JP", "hi_IN", "yo_NG", "es_MX", "pl_PL", "fr_FR", "de_DE", "vi_VN"], 12)
TEMPLATES = [
    "I'm {first}, a mechanical engineer who likes building things that leave the lab.",
    "Hi, {first} {last} here. I spend my days on CAD and my evenings on side projects.",
    "{first}'s workshop is open on Saturdays. Ask for {first} {last} at the door.",
    "My name is {last}, {first} {last}. I build drones and I need someone who knows FEA.",
    "{FIRST} {LAST} — robotics, ROS and C++. Happy to meet at a library.",
]


def _word_present(word: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(fold(word))}(?!\w)", fold(text)) is not None


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(person=st.sampled_from(PEOPLE), template=st.sampled_from(TEMPLATES))
def test_the_authors_own_names_never_survive(person, template):
    first, last = person
    text = template.format(first=first, last=last, FIRST=first.upper(), LAST=last.upper())
    out = redact(text, own_names=(first, last))
    for name in (first, last):
        assert not _word_present(name, out), (text, out)
    assert NAME in out


@pytest.mark.parametrize(
    "text",
    [
        "mail me: ana.b@example.com",
        "ana at example dot com",
        "ana [at] example [dot] co [dot] uk",
        "ana(at)example(dot)org",
        "ANA AT EXAMPLE DOT ORG",
        "https://ana.example.com/cv?x=1",
        "www.ana-builds.dev",
        "github.com/ana-b",
        "github dot com slash anab",
        "@ana_builds",
        "Telegram: ana_b42",
        "+44 20 7946 0958",
        "(415) 555-0132",
        "090-1234-5678",
    ],
)
def test_contact_details_become_a_visible_placeholder(text):
    out = redact(f"Reach me via {text} please.", regions=["GB"])
    assert CONTACT in out
    assert "ana" not in out.lower() and "555" not in out and "7946" not in out and "1234" not in out


@pytest.mark.parametrize(
    "text",
    [
        "We shipped 10,000 units between 2019-2023 with ISO 9001 at 3000 rpm.",
        "Young's modulus, Hooke's law, the Smith chart and Kalman filters.",
        "I write Julia, Ruby and Ada; I run Jenkins and Kafka; I own a Tesla coil.",
        "Based in Austin, then Sydney, now Charlotte; Ho Chi Minh City next.",
        "Since May I test it, and in June we ship. I will, I hope, mark it frank.",
        "Ex Rolls-Royce and Lockheed Martin; consulting for Johnson & Johnson.",
        "Built with Node.js and ASP.NET, tested with pytest. See main.py.",
    ],
)
def test_engineering_text_without_people_is_left_alone(text):
    assert redact(text, own_names=("Dana", "Okafor"), regions=["US"]) == text


def test_sql_looking_text_is_just_text():
    text = "'; DROP TABLE profile; -- and \" OR 1=1 --"
    assert redact(text, own_names=("Robert", "Tables")) == text


def test_a_name_that_is_a_word_needs_context():
    assert redact("Will you join? Grace under pressure.") == "Will you join? Grace under pressure."
    assert redact("Will and I met Grace Hopper.") == f"{NAME} and I met Grace Hopper."  # a public figure stays whole


def test_possessives_and_hyphenated_names_keep_the_sentence_readable():
    assert redact("Welcome to Ana's lab.", own_names=("Ana", "Silva")) == f"Welcome to {NAME}'s lab."
    assert redact("Jean-Luc Moreau here.", own_names=("Jean-Luc", "Moreau")) == f"{NAME} here."


def test_nicknames_of_the_author_are_hidden():
    assert redact("Bob to my friends, Rob at work.", own_names=("Robert", "Miles")) == f"{NAME} to my friends, {NAME} at work."


def test_own_names_in_scripts_without_spaces_are_hidden():
    assert redact("佐藤です。", own_names=("太郎", "佐藤")) == f"{NAME}です。"


def test_spans_are_sorted_and_do_not_overlap():
    spans = find_spans("Dana Okafor (dana@example.com, +44 20 7946 0958) works with Priya.", own_names=("Dana", "Okafor"), regions=["GB"])
    assert [s.kind for s in spans] == ["name", "contact", "contact", "name"]
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))


def test_empty_text_stays_empty():
    assert redact("", own_names=("Dana", "Okafor")) == ""
