"""Direct-message rules: what may be sent, how text becomes safe links, and time labels."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engnest.messaging.domain.messages import (
    MAX_LENGTH,
    Part,
    check_client_key,
    clean_body,
    day_label,
    initials,
    last_seen_phrase,
    link_parts,
    list_time_label,
    preview,
)
from engnest.platform.domain.errors import ValidationFailed


def test_body_is_trimmed_and_line_breaks_normalised():
    assert clean_body("  hi\r\nthere\r  ") == "hi\nthere"


@pytest.mark.parametrize("text", ["", " ", "\n\t\n", "\x00\x07", 42, None])
def test_empty_whitespace_or_non_text_bodies_are_refused(text):
    with pytest.raises(ValidationFailed) as exc:
        clean_body(text)
    assert exc.value.errors == {"body": "Write a message before sending."}


def test_length_limit_counts_after_trimming():
    assert clean_body(" " + "a" * MAX_LENGTH + " ") == "a" * MAX_LENGTH
    with pytest.raises(ValidationFailed):
        clean_body("a" * (MAX_LENGTH + 1))


def test_browser_uuid_is_a_valid_key_and_junk_is_not():
    assert check_client_key("0b7f0a56-3c1e-4f55-9d1f-5a2e0d3c9b11")
    for bad in ["", "abc", "a" * 65, "'; drop table", "ünïcode-key-123", None]:
        with pytest.raises(ValidationFailed):
            check_client_key(bad)


def test_links_are_split_out_with_trailing_punctuation_left_as_text():
    assert link_parts("See https://example.com/a?b=1. Thanks!") == [
        Part("See "),
        Part("https://example.com/a?b=1", "https://example.com/a?b=1"),
        Part(". Thanks!"),
    ]


def test_bare_www_links_get_https_and_wiki_parentheses_survive():
    parts = link_parts("(www.example.org) and https://en.wikipedia.org/wiki/Bridge_(structure)")
    assert Part("www.example.org", "https://www.example.org") in parts
    assert Part("https://en.wikipedia.org/wiki/Bridge_(structure)", "https://en.wikipedia.org/wiki/Bridge_(structure)") in parts
    assert parts[-1].text.endswith("Bridge_(structure)")
    assert parts[2].text == ") and "


@pytest.mark.parametrize(
    "text",
    ["javascript:alert(1)", "<a href='x'>x</a>", "data:text/html;base64,PHNjcmlwdD4=", "mailto:a@b.c", "<script>alert(1)</script>"],
)
def test_nothing_but_http_links_becomes_a_link(text):
    assert all(part.href == "" for part in link_parts(text))
    assert "".join(p.text for p in link_parts(text)) == text


@given(st.text(max_size=300))
def test_splitting_into_parts_loses_nothing(text):
    parts = link_parts(text)
    assert "".join(p.text for p in parts) == text
    assert all(p.href.startswith(("http://", "https://")) for p in parts if p.href)


def test_preview_is_one_short_line():
    assert preview("line one\n\nline   two") == "line one line two"
    long = preview("word " * 50, limit=20)
    assert len(long) == 20 and long.endswith("…")


def test_day_labels_are_relative_to_the_viewers_today():
    today = dt.date(2026, 11, 21)
    assert day_label(today, today) == "Today"
    assert day_label(dt.date(2026, 11, 20), today) == "Yesterday"
    assert day_label(dt.date(2026, 11, 2), today) == "Monday 2 November"
    assert day_label(dt.date(2025, 12, 31), today) == "Wednesday 31 December 2025"


def test_list_time_label_is_as_short_as_is_unambiguous():
    today = dt.date(2026, 11, 21)  # a Saturday
    at = lambda d, h=9: dt.datetime.combine(d, dt.time(h, 5))  # noqa: E731
    assert list_time_label(at(today, 14), today) == "14:05"
    assert list_time_label(at(dt.date(2026, 11, 20)), today) == "Yesterday"
    assert list_time_label(at(dt.date(2026, 11, 17)), today) == "Tue"
    assert list_time_label(at(dt.date(2026, 3, 1)), today) == "1 Mar"
    assert list_time_label(at(dt.date(2025, 3, 1)), today) == "1 Mar 2025"


def test_last_seen_phrase():
    assert last_seen_phrase(None) == "Offline"
    assert last_seen_phrase(20) == "Active just now"
    assert last_seen_phrase(300) == "Active 5 min ago"
    assert last_seen_phrase(3 * 3600) == "Active 3 h ago"
    assert last_seen_phrase(3 * 86400) == "Offline"


def test_initials():
    assert initials("Ada Lovelace") == "AL"
    assert initials("grace brewster murray hopper") == "GB"
    assert initials("") == "?"
