"""Issue 18 (8): places are labelled with the town they are in or nearest to, not a big city 40 km away."""

from __future__ import annotations

from engnest.meetings.domain.place_labels import Town, TownLabeller
from engnest.meetings.places.bundled import read_places

LONDON = Town("London", 51.50853, -0.12574, 8_961_989)
STEVENAGE = Town("Stevenage", 51.90224, -0.20256, 84_651)
CROYDON = Town("Croydon", 51.38333, -0.1, 192_064)


def test_a_place_in_a_big_city_takes_the_city_and_one_outside_it_the_nearest_town():
    labeller = TownLabeller([LONDON, STEVENAGE, CROYDON])
    assert labeller.label(51.5390, -0.1426) == "London"  # Camden Town: inside London's area
    assert labeller.label(51.3762, -0.0982) == "London"  # central Croydon: inside both areas, the bigger wins
    assert labeller.label(51.866087, -0.181675) == "Stevenage"  # Knebworth: 40 km from London, 4 km from Stevenage
    assert labeller.label(55.95, -3.19) == ""  # Edinburgh: nothing within 40 km of these towns


def test_the_bundled_places_near_london_are_labelled_with_their_own_towns():
    cities = {p.name: p.city for p in read_places() if p.country == "GB"}
    assert cities["Knebworth Community Library"] == "Stevenage"
    assert cities["Sawbridgeworth Community Library"] == "Harlow"
    assert cities["Camden Town Library"] == "London"
