"""`user_text.clean`: bidirectional formatting and control characters never survive; everything else does
(issue 9, item 12). Profile links that crashed the save are refused with the field's message (item 13)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engnest.meetings.domain.meeting_input import check_message, check_reason
from engnest.meetings.domain.review_input import check_comment
from engnest.messaging.domain.messages import clean_body
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.user_text import BIDI_CONTROLS, NOT_TEXT, clean, require_text
from engnest.profiles.domain import profile as rules

UNSAFE = set(BIDI_CONTROLS) | {chr(c) for c in [*range(0, 9), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]}


def test_the_reported_spoof_reads_as_it_is_stored():
    assert clean("https://example.com/\u202egnp.exe") == "https://example.com/gnp.exe"
    assert clean("\u2067Dana\u2069 \u200fOkafor\u200e\u061c") == "Dana Okafor"


@given(st.text())
def test_no_unsafe_character_survives_and_nothing_else_is_lost(text):
    out = clean(text)
    assert not set(out) & UNSAFE
    assert out == "".join(ch for ch in text if ch not in UNSAFE)
    assert clean(out) == out


def test_right_to_left_letters_tabs_and_line_breaks_stay():
    text = "שלום\tمرحبا\nline two\r\n"
    assert clean(text) == text


@pytest.mark.parametrize(
    ("check", "text"),
    [
        (lambda t: rules.check_name(t, "first_name", "first name"), "Da\u202ena"),
        (rules.check_pitch, "I build \u202ebridges\u202c."),
        (rules.normalize_skill, "\u2066CAD\u2069"),
        (lambda t: rules.check_link(t, "portfolio_url"), "https://example.com/\u202egnp.exe"),
        (check_message, "See you \u202eat noon"),
        (check_reason, "Ill\u200f"),
        (check_comment, "Gr\u202eeat"),
        (clean_body, "Hi\u2067 there"),
        (lambda t: rules.clean_text(t, max_len=100), "Project \u202eX"),
    ],
)
def test_every_input_rule_strips_bidi_controls(check, text):
    out = check(text)
    assert not set(out) & set(BIDI_CONTROLS)


@pytest.mark.parametrize("link", ["[1]", "https://[::1", "http://[x", "https://example.com:99999", "https://example.com:port"])
def test_links_that_crashed_the_save_get_the_fields_message(link):
    with pytest.raises(ValidationFailed) as refused:
        rules.check_link(link, "portfolio_url")
    assert "web address" in refused.value.errors["portfolio_url"]


def test_values_that_are_not_text_are_refused_field_by_field():
    require_text(a="", b="x")
    with pytest.raises(ValidationFailed) as refused:
        require_text(title=None, description="ok", count=3, items=["x"])
    assert refused.value.errors == {"title": NOT_TEXT, "count": NOT_TEXT, "items": NOT_TEXT}
    with pytest.raises(ValidationFailed):
        check_comment(["not", "text"])
