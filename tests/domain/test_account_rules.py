import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engnest.accounts.domain import accounts
from engnest.platform.domain.errors import ValidationFailed

TODAY = dt.date(2026, 11, 21)


def test_email_is_normalised_to_lower_case():
    assert accounts.normalize_email("  Ada.Lovelace@Example.COM ") == "ada.lovelace@example.com"


@pytest.mark.parametrize("raw", ["", "not-an-email", "a@", "@b.com", "a b@c.com", "x@localhost"])
def test_malformed_email_is_refused_with_a_message(raw):
    with pytest.raises(ValidationFailed) as exc:
        accounts.normalize_email(raw)
    assert exc.value.errors["email"]


@pytest.mark.parametrize("password", ["short", "password123", "qwertyuiop", "1234567890", "aaaaaaaaaaaa"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationFailed):
        accounts.check_password(password)


def test_password_containing_the_email_name_is_refused():
    with pytest.raises(ValidationFailed):
        accounts.check_password("grace-hopper-cobol", email="grace@example.com")


def test_a_long_uncommon_password_is_accepted():
    accounts.check_password("plum-kettle-orbit-42", email="ada@example.com")


def test_sixteenth_birthday_is_old_enough_and_the_day_before_is_not():
    accounts.check_birth_date("2010-11-21", today=TODAY, min_age=16)
    with pytest.raises(ValidationFailed) as exc:
        accounts.check_birth_date("2010-11-22", today=TODAY, min_age=16)
    assert "16" in exc.value.errors["birth_date"]


@pytest.mark.parametrize("raw", ["2027-01-01", "2026-11-22"])
def test_future_birth_dates_are_refused(raw):
    with pytest.raises(ValidationFailed) as exc:
        accounts.check_birth_date(raw, today=TODAY)
    assert "future" in exc.value.errors["birth_date"]


@pytest.mark.parametrize("raw", ["2001-02-30", "1999-13-01", "yesterday", "31/12/1999"])
def test_impossible_dates_are_refused(raw):
    with pytest.raises(ValidationFailed) as exc:
        accounts.check_birth_date(raw, today=TODAY)
    assert "real date" in exc.value.errors["birth_date"]


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)))
def test_age_is_never_negative_for_past_dates_and_grows_by_one_each_birthday(birth, today):
    if birth > today:
        return
    age = accounts.age_on(birth, today)
    assert age >= 0
    try:
        next_birthday = birth.replace(year=birth.year + age + 1)
    except ValueError:  # born on 29 February
        next_birthday = dt.date(birth.year + age + 1, 3, 1)
    assert next_birthday > today
