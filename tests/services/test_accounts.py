import datetime as dt

import pytest
import sqlalchemy as sa
from factories import NOW, PASSWORD, login_token, make_user

from engnest.accounts.models import User, UserSession
from engnest.accounts.services import accounts, sessions
from engnest.platform.domain.errors import ValidationFailed
from engnest.profiles.models import Profile
from engnest.schema import metadata


def signup(session, **overrides):
    values = dict(email="Ada@Example.com", password=PASSWORD, birth_date="1990-05-01", timezone="Europe/London", now=NOW)
    values.update(overrides)
    return accounts.signup(session=session, **values)


def test_signup_creates_an_account_with_an_empty_profile(session):
    user = signup(session)
    assert user.email == "ada@example.com"
    assert user.password_hash.startswith("$2")
    assert session.get(Profile, user.id) is not None


def test_duplicate_email_case_insensitively_writes_nothing_and_does_not_say_it_exists(session):
    first = signup(session)
    old_hash = first.password_hash
    assert signup(session, email="ADA@example.com", password="other-harbour-lantern-9") is None  # no error either
    assert session.exec(sa.select(sa.func.count()).select_from(User)).one()[0] == 1
    session.expire_all()
    assert session.get(User, first.id).password_hash == old_hash


def test_every_bad_field_is_reported_at_once(session):
    with pytest.raises(ValidationFailed) as exc:
        signup(session, email="nope", password="password", birth_date="2015-01-01")
    assert set(exc.value.errors) == {"email", "password", "birth_date"}
    assert session.exec(sa.select(sa.func.count()).select_from(User)).one()[0] == 0


def test_unknown_browser_timezone_falls_back_to_utc(session):
    assert signup(session, timezone="Mars/Olympus").timezone == "UTC"


def test_unknown_email_and_wrong_password_give_the_same_message(session):
    make_user(session, email="grace@example.com")
    with pytest.raises(ValidationFailed) as wrong:
        accounts.check_credentials(session=session, email="grace@example.com", password="not-the-password", client="c1")
    with pytest.raises(ValidationFailed) as unknown:
        accounts.check_credentials(session=session, email="nobody@example.com", password="not-the-password", client="c1")
    assert wrong.value.errors == unknown.value.errors == {"form": accounts.SIGN_IN_FAILED}


def test_session_token_is_stored_hashed_and_resolves_to_the_user(session):
    user = make_user(session)
    token = login_token(session, user)
    stored = session.exec(sa.select(UserSession.token_hash)).one()[0]
    assert token not in stored and len(stored) == 64
    assert sessions.user_for_token(session=session, token=token, now=NOW).id == user.id


def test_activation_code_works_once_and_expires(session):
    user = make_user(session)
    browser = sessions.new_browser_secret()
    binding = sessions.binding_of(browser)
    code = sessions.do_start_session(session=session, user=user, binding=binding, now=NOW)
    assert sessions.do_activate_session(session=session, code=code, browser_secret=browser, now=NOW + dt.timedelta(seconds=61)) is None
    code = sessions.do_start_session(session=session, user=user, binding=binding, now=NOW)
    assert sessions.do_activate_session(session=session, code=code, browser_secret=browser, now=NOW)
    assert sessions.do_activate_session(session=session, code=code, browser_secret=browser, now=NOW) is None


def test_idle_and_absolute_expiry_end_a_session(session):
    user = make_user(session)
    token = login_token(session, user)
    assert sessions.user_for_token(session=session, token=token, now=NOW + dt.timedelta(days=6)) is not None
    assert sessions.user_for_token(session=session, token=token, now=NOW + dt.timedelta(days=6 + 8)) is None
    token = login_token(session, user)
    for day in range(1, 31):  # active every day, but past the absolute lifetime
        sessions.user_for_token(session=session, token=token, now=NOW + dt.timedelta(days=day))
    assert sessions.user_for_token(session=session, token=token, now=NOW + dt.timedelta(days=31)) is None


def test_password_change_revokes_every_session(session):
    user = make_user(session)
    tokens = [login_token(session, user) for _ in range(2)]
    accounts.change_password(
        session=session, user_id=user.id, current_password=PASSWORD, new_password="new-harbour-lantern-9", confirm="new-harbour-lantern-9", now=NOW
    )
    assert all(sessions.user_for_token(session=session, token=t, now=NOW) is None for t in tokens)
    assert accounts.check_credentials(session=session, email=user.email, password="new-harbour-lantern-9", client="c")


def test_deleting_an_account_removes_every_row_that_refers_to_it(session):
    user = make_user(session, complete=True, creator=True)
    login_token(session, user)
    other = make_user(session)
    accounts.delete_account(session=session, user_id=user.id, password=PASSWORD, confirm_text="delete")
    session.expire_all()
    assert session.get(User, user.id) is None
    for table in metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == "user_account":
                count = session.execute(sa.select(sa.func.count()).select_from(table).where(fk.parent == user.id)).scalar()
                assert count == 0, f"{table.name}.{fk.parent.name} still refers to the deleted user"
    assert session.get(User, other.id) is not None
