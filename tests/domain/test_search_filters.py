"""Search filters round-trip through the URL; malformed values are dropped with a note, never an error."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from engnest.discovery.domain.search import (
    MAX_PAGE,
    PAGE_SIZE,
    SearchFilters,
    parse_filters,
    query_string,
    search_terms,
    to_params,
)


def test_filters_survive_a_round_trip_through_the_url():
    filters = parse_filters(
        {"q": "drone frame", "discipline": "mechanical", "skills": "CAD, FEA", "match": "all", "status": "creator",
         "preference": "hybrid", "within": "50", "online": "1", "projects": "1", "sort": "distance", "page": "3"}
    )
    assert filters.notes == ()
    assert parse_filters(to_params(filters)) == filters
    assert query_string(filters).startswith("?q=drone+frame&discipline=mechanical")


def test_defaults_leave_the_url_clean():
    assert query_string(SearchFilters()) == ""
    assert to_params(parse_filters({"sort": "relevance", "page": "1", "match": "any"})) == {}


def test_out_of_range_and_malformed_values_are_ignored_with_a_note():
    filters = parse_filters({"within": "abc", "discipline": "wizardry", "sort": "random()", "page": "-4", "match": "some", "status": "boss"})
    assert (filters.within_km, filters.discipline, filters.sort, filters.page, filters.skills_mode, filters.status) == (None, "", "relevance", 1, "any", "")
    notes = " ".join(filters.notes)
    for fragment in ("distance 'abc'", "discipline 'wizardry'", "sort order", "page '-4'", "skills match", "status 'boss'"):
        assert fragment in notes
    assert parse_filters({"within": "50000"}).within_km is None
    assert parse_filters({"within": "0"}).notes


def test_absurd_page_numbers_are_kept_so_the_page_is_empty_not_an_error():
    assert parse_filters({"page": "999999"}).page == 999999
    huge = parse_filters({"page": "9" * 40})
    assert huge.page == MAX_PAGE and huge.offset == (MAX_PAGE - 1) * PAGE_SIZE


def test_search_text_is_reduced_to_words_so_sql_and_fts_syntax_are_just_text():
    assert search_terms("'; DROP TABLE profile; --") == ["drop", "table", "profile"]
    assert search_terms('drone* OR "fea" NEAR(x) AND -cad') == ["drone", "fea", "near", "cad"]
    assert search_terms("the and of a") == []


def test_skill_filters_are_matched_by_key_whatever_the_spelling():
    assert parse_filters({"skills": "Solid Works, solidworks, FEA"}).skill_keys == ("solidworks", "fea")


@given(st.dictionaries(st.sampled_from(["q", "discipline", "skills", "match", "status", "preference", "within", "online", "projects", "sort", "page"]), st.text(max_size=60)))
def test_any_query_parses_without_raising(params):
    filters = parse_filters(params)
    assert filters.page >= 1
    assert filters.within_km is None or 1 <= filters.within_km <= 20000
