import pytest
from hypothesis import given
from hypothesis import strategies as st

from engnest.platform.domain.errors import ValidationFailed
from engnest.profiles.domain import profile as rules


def test_word_count_and_speaking_time():
    text = " ".join(["word"] * 150)
    assert rules.word_count(text) == 150
    assert rules.speaking_seconds(text) == 60
    assert rules.speaking_seconds("") == 0


def test_pitch_over_160_words_is_refused_with_the_count():
    with pytest.raises(ValidationFailed) as exc:
        rules.check_pitch(" ".join(["gear"] * 161))
    assert "161" in exc.value.errors["pitch"]
    assert rules.check_pitch("  " + " ".join(["gear"] * 160) + "\n") == " ".join(["gear"] * 160)


def test_control_characters_are_stripped_but_text_is_kept_as_text():
    assert rules.check_pitch("<b>hi</b>\x00 there") == "<b>hi</b> there"


@given(st.text(max_size=400))
def test_word_count_matches_whitespace_split(text):
    assert rules.word_count(text) == len(text.split())


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("github_url", "github.com/ada", "https://github.com/ada"),
        ("github_url", "https://gist.github.com/ada", "https://gist.github.com/ada"),
        ("linkedin_url", "https://www.linkedin.com/in/ada", "https://www.linkedin.com/in/ada"),
        ("portfolio_url", "", ""),
        ("portfolio_url", "ada.dev", "https://ada.dev"),
    ],
)
def test_links_are_normalised(field, value, expected):
    assert rules.check_link(value, field) == expected


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("github_url", "https://gitlab.com/ada"),
        ("linkedin_url", "https://evil.example/linkedin.com"),
        ("portfolio_url", "javascript:alert(1)"),
        ("portfolio_url", "ftp://ada.dev"),
        ("portfolio_url", "not a url"),
    ],
)
def test_bad_links_are_refused(field, value):
    with pytest.raises(ValidationFailed) as exc:
        rules.check_link(value, field)
    assert field in exc.value.errors


def test_skills_list_is_deduplicated_case_insensitively_in_order():
    assert rules.check_skills_list("CAD, fea , cad,  FEA,Python") == ["CAD", "fea", "Python"]


def test_skill_key_ignores_case_spaces_and_dashes():
    assert rules.skill_key("Solid Works") == rules.skill_key("solid-works") == rules.skill_key("SOLIDWORKS")


def test_checklist_for_a_recruit_does_not_require_projects():
    facts = rules.ProfileFacts(first_name="A", last_name="B", pitch="p", status="recruit", discipline="civil", city_id=1, skills=("CAD",))
    assert rules.is_complete(facts)
    assert {i.key for i in rules.completeness_checklist(facts)} == {"name", "pitch", "status", "discipline", "city", "skills"}


def test_a_creator_needs_a_project_and_a_preference():
    facts = rules.ProfileFacts(first_name="A", last_name="B", pitch="p", status="creator", discipline="civil", city_id=1, skills=("CAD",))
    assert not rules.is_complete(facts)
    assert rules.creator_requirements_missing(facts) == ["at least one current project", "a collaboration preference"]
    done = rules.ProfileFacts(**{**facts.__dict__, "projects": ("Bridge",), "preference": "hybrid"})
    assert rules.is_complete(done)


def test_names_with_markup_characters_are_refused():
    with pytest.raises(ValidationFailed):
        rules.check_name("<script>", "first_name", "first name")
    assert rules.check_name("Zoë-Ann", "first_name", "first name") == "Zoë-Ann"
