"""Message markdown and the edit window: pure rules."""

from __future__ import annotations

import datetime as dt

from engnest.messaging.domain.markdown import BLOCK, BOLD, CODE, ITALIC, LINK, TEXT, Run, runs
from engnest.messaging.domain.messages import EDIT_WINDOW, NOT_YOURS, TOO_LATE, can_change, change_refusal

SENT = dt.datetime(2026, 3, 29, 0, 59, tzinfo=dt.timezone.utc)  # across the UK's clock change: UTC is unaffected


def test_inline_markdown_becomes_typed_runs():
    assert runs("a **b** *c* _d_ `e` [f](https://x.org/p) www.y.org") == [
        Run(TEXT, "a "), Run(BOLD, "b"), Run(TEXT, " "), Run(ITALIC, "c"), Run(TEXT, " "), Run(ITALIC, "d"),
        Run(TEXT, " "), Run(CODE, "e"), Run(TEXT, " "), Run(LINK, "f", "https://x.org/p"), Run(TEXT, " "),
        Run(LINK, "www.y.org", "https://www.y.org"),
    ]


def test_things_that_only_look_like_markdown_stay_text():
    assert runs("2*3*4 and snake_case_name and **") == [Run(TEXT, "2*3*4 and snake_case_name and **")]
    # Only http(s) links: a javascript: link stays the text it is.
    assert runs("[x](javascript:alert(1))") == [Run(TEXT, "[x](javascript:alert(1))")]


def test_html_is_kept_as_text_never_markup():
    body = "<script>alert(1)</script> <img src=x onerror=alert(2)> **<b>bold</b>**"
    assert runs(body) == [Run(TEXT, "<script>alert(1)</script> <img src=x onerror=alert(2)> "), Run(BOLD, "<b>bold</b>")]


def test_fenced_code_blocks_keep_their_text_and_language():
    assert runs("Try:\n```python\nif a < b:\n    print('*not italic*')\n```\nthanks") == [
        Run(TEXT, "Try:"), Run(BLOCK, "if a < b:\n    print('*not italic*')", lang="python"), Run(TEXT, "thanks"),
    ]
    assert runs("```\nunclosed\n**x**") == [Run(BLOCK, "unclosed\n**x**")]


def test_the_edit_window_is_fifteen_minutes_from_sending():
    assert EDIT_WINDOW == dt.timedelta(minutes=15)
    assert can_change(SENT, SENT) and can_change(SENT, SENT + EDIT_WINDOW - dt.timedelta(microseconds=1))
    assert not can_change(SENT, SENT + EDIT_WINDOW)
    assert not can_change(SENT, SENT - dt.timedelta(seconds=1))  # a clock behind the message's own time
    assert change_refusal(sender_id=1, editor_id=2, sent_at=SENT, deleted=False, now=SENT) == NOT_YOURS
    assert change_refusal(sender_id=1, editor_id=1, sent_at=SENT, deleted=False, now=SENT + EDIT_WINDOW) == TOO_LATE
    assert change_refusal(sender_id=1, editor_id=1, sent_at=SENT, deleted=False, now=SENT) is None
