import random

from factories import NOW
from sqlmodel import select

from devdata import seed
from engnest.accounts.services import accounts, passwords
from engnest.profiles.models import Profile
from engnest.profiles.services import profiles


def test_the_demo_login_signs_in_with_its_stored_hash(sqlite_session):
    assert passwords.verify_password(seed.DEMO_PASSWORD, seed.DEMO_PASSWORD_HASH)
    seed.seed(session=sqlite_session, count=2, now=NOW)
    user = accounts.check_credentials(session=sqlite_session, email=seed.DEMO_EMAIL, password=seed.DEMO_PASSWORD, client="test")
    assert user.email == seed.DEMO_EMAIL


def test_seeded_profiles_are_refreshed_for_search_like_profiles_edited_one_step_at_a_time(sqlite_session):
    seed.seed(session=sqlite_session, count=12, now=NOW)
    rows = list(sqlite_session.exec(select(Profile)))
    assert len(rows) == 13 and any(p.is_complete for p in rows)
    for row in rows:
        stored = (row.is_complete, row.pitch_redacted, row.search_doc)
        owner = profiles.load_owner_profile(session=sqlite_session, user_id=row.user_id)
        profiles.refresh_profile(sqlite_session, owner.profile, NOW)  # what a one-step edit would have stored
        assert (row.is_complete, row.pitch_redacted, row.search_doc) == stored


def test_the_demo_login_and_most_engineers_have_weekly_hours(sqlite_session):
    from engnest.meetings.services import availability

    seed.seed(session=sqlite_session, count=20, now=NOW)
    demo = accounts.find_user_by_email(session=sqlite_session, email=seed.DEMO_EMAIL)
    assert availability.week_texts(session=sqlite_session, user_id=demo.id) == seed.DEMO_WEEK
    engineers = [accounts.find_user_by_email(session=sqlite_session, email=f"engineer{i:03d}@demo.engnest.dev") for i in range(1, 21)]
    with_hours = [u for u in engineers if availability.windows_of(session=sqlite_session, user_id=u.id)]
    assert 10 <= len(with_hours) < 20
    assert seed.seed_availability(session=sqlite_session, rng=random.Random(1), now=NOW) <= 20 - len(with_hours)
