"""What the spot rules tell one person about the other: no distance from the other person's home (issue 9,
§2.3). A few exact distances to known spots would pin a stranger's town down."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engnest.meetings.domain.meeting_spot import SpotRules, check_spot, too_far_message, trip_comparison
from engnest.meetings.domain.spot_index import Place
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.geo import LatLon

RULES = SpotRules()


def test_a_spot_far_from_both_is_refused_without_saying_how_far_it_is_from_them():
    a, b = LatLon(35.68, 139.69), LatLon(35.45, 139.64)
    sapporo = Place(id="p1", name="Far Cafe", kind="cafe", lat=43.06, lon=141.35, city="Sapporo", country="JP", source="test")
    with pytest.raises(ValidationFailed) as far:
        check_spot(sapporo, a, b)
    message = far.value.errors["spot"]
    assert "far from both" in message and not re.search(r"\d", message)


@pytest.mark.parametrize("apart,shown", [(301.0, "over 300 km"), (412.7, "about 400 km"), (1234.5, "about 1,200 km")])
def test_the_too_far_message_rounds_the_gap(apart, shown):
    message = too_far_message(apart, RULES)
    assert f"You are {shown} apart" in message and "Meet online" in message


@given(st.floats(0, 400), st.floats(0, 400))
def test_their_trip_is_words_compared_with_mine(mine, theirs):
    words = trip_comparison(mine, theirs)
    assert words in {"about as far as you", "further than you", "less far than you"}
    if words == "further than you":
        assert theirs > mine
    if words == "less far than you":
        assert theirs < mine


def test_trip_comparisons_read_right():
    assert trip_comparison(10.0, 11.0) == "about as far as you"
    assert trip_comparison(10.0, 30.0) == "further than you"
    assert trip_comparison(30.0, 10.0) == "less far than you"
