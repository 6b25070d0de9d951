"""Posts (issue 13 item 2), pure rules: hot-score ordering, post and comment validation, language detection,
the comment tree with its depth limit, mentions, feed queries and keyset cursors."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engnest.community.domain import posts, threads
from engnest.platform.domain.errors import ValidationFailed

T0 = dt.datetime(2026, 3, 1, 12, tzinfo=dt.timezone.utc)


def test_a_newer_post_outranks_an_older_one_with_the_same_score():
    assert posts.hot(5, T0 + dt.timedelta(hours=1)) > posts.hot(5, T0)


def test_more_votes_outrank_fewer_at_the_same_age_and_down_votes_sink():
    assert posts.hot(100, T0) > posts.hot(10, T0) > posts.hot(1, T0) == posts.hot(0, T0) > posts.hot(-10, T0)


def test_ten_times_the_score_is_worth_one_decay_period_of_newness():
    later = T0 + dt.timedelta(seconds=posts.DECAY_SECONDS)
    assert posts.hot(10, T0) == pytest.approx(posts.hot(1, later))
    assert posts.hot(100, T0) > posts.hot(1, T0 + dt.timedelta(hours=12))  # a popular post survives half a day
    assert posts.hot(100, T0) < posts.hot(1, T0 + dt.timedelta(days=2))  # not two days


@given(st.integers(-10_000, 10_000), st.integers(0, 10**8))
def test_hot_grows_with_the_score_for_any_age(score, seconds):
    when = T0 + dt.timedelta(seconds=seconds)
    assert posts.hot(score + 1, when) >= posts.hot(score, when)


def test_a_post_needs_a_title_and_some_text_or_code():
    with pytest.raises(ValidationFailed) as caught:
        posts.check_post(title="hi", body="")
    assert "title" in caught.value.errors
    with pytest.raises(ValidationFailed) as caught:
        posts.check_post(title="A fine title", body="   ", code="")
    assert caught.value.errors == {"body": "Write some text or add a code snippet."}


def test_post_fields_report_every_problem_under_its_own_field():
    with pytest.raises(ValidationFailed) as caught:
        posts.check_post(title=None, body="x" * (posts.BODY_MAX + 1), tags="ok bad/tag", language="cobol", code=3)
    assert set(caught.value.errors) == {"title", "body", "code", "tags", "language"}


def test_a_post_is_cleaned_and_its_code_language_detected_or_kept():
    draft = posts.check_post(title="  Meshing\u202e  a  bracket ", body="How?\n", code="def f(x):\n    return x\n", tags="#FEA, python fea")
    assert draft.title == "Meshing a bracket" and draft.tags == ("fea", "python") and draft.language == "python"
    assert posts.check_post(title="Fast loop", body="", code="fn main() { let mut x = 1; }", language="c").language == "c"
    assert posts.check_post(title="No code", body="Words only").language == ""


@pytest.mark.parametrize(("code", "language"), [
    ("import numpy as np\nfor i in range(3):\n    print(i)", "python"),
    ("fn main() {\n    let mut total: u32 = 0;\n    println!(\"{}\", total);\n}", "rust"),
    ("package main\nimport (\n  \"fmt\"\n)\nfunc main() { x := 1; fmt.Println(x) }", "go"),
    ("#include <stdio.h>\nint main() { printf(\"hi\"); }", "c"),
    ("#include <vector>\nint main() { std::vector<int> v; std::cout << 1; }", "cpp"),
    ("module counter(input clk);\n  always @(posedge clk) q <= d;\nendmodule", "verilog"),
    ("SELECT name FROM part WHERE mass > 2", "sql"),
    ("x = zeros(3);\ndisp(x)\n% comment", "matlab"),
    ("just some words", "text"),
])
def test_the_language_of_a_snippet_is_detected(code, language):
    assert posts.detect_language(code) == language


def test_a_vote_is_up_down_or_none():
    assert [posts.check_vote(v) for v in (1, -1, 0)] == [1, -1, 0]
    for bad in (2, True, "1", None, 0.5):
        with pytest.raises(ValidationFailed):
            posts.check_vote(bad)


def test_a_feed_query_falls_back_to_defaults_on_junk():
    assert posts.check_feed_query(sort="drop table", window=7, tag="<b>", room_id="3") == posts.FeedQuery("hot", "week", "", None)
    assert posts.check_feed_query(sort="top", window="day", tag="#Python", room_id=4) == posts.FeedQuery("top", "day", "python", 4)


def test_cursors_round_trip_and_junk_means_the_first_page():
    cursor = posts.Cursor(1234.5678901, 42)
    assert posts.parse_cursor(cursor.text()) == cursor
    for junk in (None, "", "1:2:3", "nan:4", "inf:4", "1.0:-3", "x:1", "1:" + "9" * 80, 7):
        assert posts.parse_cursor(junk) is None


def test_top_windows_start_a_day_or_a_week_back_or_never():
    assert posts.since("day", T0) == T0 - dt.timedelta(days=1)
    assert posts.since("week", T0) == T0 - dt.timedelta(days=7)
    assert posts.since("all", T0) is None


def _node(i, parent=None):
    return threads.Node(i, parent, 1, f"c{i}", T0, False, False)


def test_a_comment_tree_is_built_in_id_order_with_depths():
    roots = threads.build_tree([_node(4, 2), _node(1), _node(2, 1), _node(3), _node(5, 1)])
    assert [r.id for r in roots] == [1, 3]
    assert [(n.id, n.depth) for n in threads.flatten(roots)] == [(1, 0), (2, 1), (4, 2), (5, 1), (3, 0)]


def test_a_comment_whose_parent_is_not_on_the_page_hangs_at_the_top():
    roots = threads.build_tree([_node(7, 3), _node(8, 7)])
    assert [(n.id, n.depth) for n in threads.flatten(roots)] == [(7, 0), (8, 1)]


def test_a_parent_with_a_later_id_cannot_make_a_cycle():
    roots = threads.build_tree([_node(1, 2), _node(2, 1)])
    assert [(n.id, n.depth) for n in threads.flatten(roots)] == [(1, 0), (2, 1)]


def test_replies_nest_until_the_deepest_level_then_become_siblings():
    assert threads.reply_place(None, 0, None) == (None, 0)
    assert threads.reply_place(10, 0, None) == (10, 1)
    deepest = threads.MAX_DEPTH - 1
    assert threads.reply_place(10, deepest - 1, 9) == (10, deepest)
    assert threads.reply_place(11, deepest, 10) == (10, deepest)


def test_comments_are_text_within_the_limit():
    assert threads.check_comment("  Nice\u202e work \n") == "Nice work"
    for bad in ("", "   ", None, "x" * (threads.COMMENT_MAX + 1)):
        with pytest.raises(ValidationFailed):
            threads.check_comment(bad)


def test_mentions_are_found_by_handle_key_in_both_forms():
    text = "Thanks @Bridge_Builder and @[Structural engineer · Leeds · #4821], cc @bridgebuilder. Mail me@example.com"
    assert threads.mention_keys(text) == ("bridgebuilder", "structuralengineer·leeds·#4821")


def test_at_most_ten_people_are_mentioned_in_one_text():
    text = " ".join(f"@person{i:02d}" for i in range(15))
    assert len(threads.mention_keys(text)) == threads.MENTIONS_MAX
