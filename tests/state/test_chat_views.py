"""How thread lines are built and merged (pure presentation code behind the thread state)."""

from __future__ import annotations

import datetime as dt

from engnest.messaging.pages.views import append_lines, appends, chat_line, merge_lines, route_peer
from engnest.messaging.services.message_rows import MessageRow

UTC = dt.timezone.utc
TODAY = dt.date(2026, 11, 21)


def row(i: int, when: dt.datetime, sender: int = 1, body: str = "hi") -> MessageRow:
    return MessageRow(id=i, conversation_id=1, sender_id=sender, body=body, created_at=when)


def line(i: int, when: dt.datetime, tz: str = "Europe/London"):
    return chat_line(row(i, when), me=1, tz=tz, today=TODAY)


def test_route_peer_accepts_only_a_plain_id():
    assert route_peer("/messages/42") == 42
    assert route_peer("/messages/42/") == 42
    for bad in ["/messages/", "/messages/abc", "/messages/-1", "/messages/1/2", "/people/42", "", "/messages/99999999999", "/messages/0"]:
        assert route_peer(bad) == 0


def test_merging_shows_each_message_once_in_id_order_with_day_separators():
    day1, day2 = dt.datetime(2026, 11, 20, 22, 0, tzinfo=UTC), dt.datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
    shown = merge_lines([], [line(2, day1), line(1, day1)])
    merged = merge_lines(shown, [line(3, day2), line(2, day1), line(4, day2)])
    assert [x.id for x in merged] == [1, 2, 3, 4]
    assert [x.new_day for x in merged] == [True, False, True, False]
    assert (merged[0].day, merged[2].day) == ("Yesterday", "Today")


def test_an_older_line_arriving_late_moves_the_day_separator():
    morning = dt.datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
    shown = merge_lines([], [line(5, morning)])
    merged = merge_lines(shown, [line(4, morning - dt.timedelta(minutes=1))])
    assert [(x.id, x.new_day) for x in merged] == [(4, True), (5, False)]


def test_appending_newer_lines_in_place_marks_only_their_days():
    t = dt.datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
    shown = merge_lines([], [line(1, t)])
    fresh = [line(2, t), line(3, t + dt.timedelta(days=1))]
    assert appends(shown, fresh) and not appends(shown, [line(1, t)]) and not appends([], fresh)
    append_lines(shown, fresh)
    assert [(x.id, x.new_day) for x in shown] == [(1, True), (2, False), (3, True)]


def test_a_line_is_stamped_in_the_viewers_zone():
    when = dt.datetime(2026, 7, 1, 23, 30, tzinfo=UTC)
    tokyo = line(1, when, tz="Asia/Tokyo")
    assert (tokyo.time, tokyo.day_key) == ("08:30", "2026-07-02")
    assert tokyo.stamp.endswith("JST")
