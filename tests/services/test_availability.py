import pytest
import sqlalchemy as sa
from factories import NOW, make_user

from engnest.accounts.services import accounts
from engnest.meetings.domain.availability import Window
from engnest.meetings.models import AvailabilityWindow
from engnest.meetings.services import availability
from engnest.platform.domain.errors import ValidationFailed

WEEK = ["09:00-12:00, 13:00-17:00", "09:00-17:00", "", "", "", "10:00-14:00", ""]


def rows(session) -> int:
    return session.exec(sa.select(sa.func.count()).select_from(AvailabilityWindow)).one()[0]


def test_setting_the_week_replaces_it_and_reads_back_as_typed(session):
    me = make_user(session)
    availability.set_week(session=session, user_id=me.id, texts=["08:00-20:00"] * 7, now=NOW)
    availability.set_week(session=session, user_id=me.id, texts=WEEK, now=NOW)
    session.commit()
    assert availability.week_texts(session=session, user_id=me.id) == WEEK
    assert availability.windows_of(session=session, user_id=me.id)[0] == Window(0, 540, 720)
    assert rows(session) == 4


def test_a_bad_day_writes_nothing_and_names_the_day(session):
    me = make_user(session)
    availability.set_week(session=session, user_id=me.id, texts=WEEK, now=NOW)
    session.commit()
    with pytest.raises(ValidationFailed) as exc:
        availability.set_week(session=session, user_id=me.id, texts=["", "", "noon-ish", "", "", "", ""], now=NOW)
    assert set(exc.value.errors) == {"wednesday"}
    session.rollback()
    assert availability.week_texts(session=session, user_id=me.id) == WEEK
    with pytest.raises(ValidationFailed):
        availability.set_week(session=session, user_id=me.id, texts="09:00-17:00", now=NOW)  # not seven days


def test_each_person_reads_their_own_windows_and_they_go_with_the_account(session):
    me, other = make_user(session), make_user(session)
    availability.set_week(session=session, user_id=me.id, texts=WEEK, now=NOW)
    availability.set_week(session=session, user_id=other.id, texts=[""] * 6 + ["18:00-20:00"], now=NOW)
    session.commit()
    mine, theirs = availability.pair_windows(session=session, requester_id=me.id, recipient_id=other.id)
    assert len(mine) == 4 and theirs == [Window(6, 1080, 1200)]
    accounts.do_delete_account(session=session, user=other)
    assert rows(session) == 4 and availability.windows_of(session=session, user_id=other.id) == []
