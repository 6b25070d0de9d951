from engnest.platform.places.gazetteer import fold, gazetteer


def test_fold_removes_accents_case_and_punctuation():
    assert fold("São Paulo") == "sao paulo"
    assert fold("  St. John's ") == "st john s"


def test_prefix_search_puts_bigger_cities_first():
    labels = [c.label for c in gazetteer().search("londo", limit=3)]
    assert labels[0] == "London, United Kingdom"


def test_resolve_accepts_a_full_label_and_a_bare_name():
    g = gazetteer()
    springfield = g.resolve("Springfield, Illinois, United States")
    assert springfield is not None and springfield.timezone == "America/Chicago"
    assert g.resolve("tokyo").country == "JP"


def test_unknown_city_gets_near_miss_suggestions():
    suggestions = [c.label for c in gazetteer().suggest("Manchestr")]
    assert "Manchester, United Kingdom" in suggestions
    assert gazetteer().resolve("Manchestr") is None
