import pytest
import sqlalchemy as sa
from factories import NOW
from meeting_support import local_slot, pair, race, request

from engnest.billing.models import CreditEntry
from engnest.billing.services import credits
from engnest.meetings.models import Meeting
from engnest.meetings.services import meeting_actions, meeting_requests
from engnest.platform.domain.errors import ValidationFailed


def grant(session, user, n=1, key="gift"):
    credits.do_grant(session=session, user_id=user.id, credits=n, key=f"{key}:{user.id}", note="test", now=NOW)
    session.commit()  # the test is the outermost caller


def kinds(session, user) -> list[str]:
    return [e.kind for e in reversed(credits.entries(session=session, user_id=user.id))]


def test_in_person_requests_are_free(session):
    a, b = pair(session)
    request(session, a, b)
    assert credits.balance(session=session, user_id=a.id) == 0 and kinds(session, a) == []


def test_an_online_request_without_a_credit_is_refused_and_nothing_is_written(session):
    a, b = pair(session)
    with pytest.raises(ValidationFailed) as exc:
        request(session, a, b, kind="online", spot=None)
    assert "credit" in exc.value.errors["kind"]
    assert session.exec(sa.select(sa.func.count()).select_from(Meeting)).one()[0] == 0
    assert kinds(session, a) == []


def test_an_online_request_reserves_a_credit_that_is_spent_when_accepted(session):
    a, b = pair(session)
    grant(session, a, 2)
    meeting = request(session, a, b, kind="online", spot=None)
    assert credits.balance(session=session, user_id=a.id) == 1
    meeting_actions.accept(session=session, meeting_id=meeting.id, user_id=b.id, now=NOW)
    assert credits.balance(session=session, user_id=a.id) == 1
    assert kinds(session, a) == ["grant", "hold", "spend"]
    assert credits.balance(session=session, user_id=b.id) == 0  # the recipient never pays


def test_a_declined_online_request_returns_the_credit(session):
    a, b = pair(session)
    grant(session, a)
    meeting = request(session, a, b, kind="online", spot=None)
    meeting_actions.decline(session=session, meeting_id=meeting.id, user_id=b.id, now=NOW)
    assert credits.balance(session=session, user_id=a.id) == 1
    assert kinds(session, a) == ["grant", "hold", "release"]


def test_a_withdrawn_online_request_returns_the_credit(session):
    a, b = pair(session)
    grant(session, a)
    meeting = request(session, a, b, kind="online", spot=None)
    meeting_actions.cancel(session=session, meeting_id=meeting.id, user_id=a.id, reason="", now=NOW)
    assert credits.balance(session=session, user_id=a.id) == 1


def test_the_other_person_cancelling_an_accepted_online_meeting_refunds_the_credit(session):
    a, b = pair(session)
    grant(session, a)
    meeting = request(session, a, b, kind="online", spot=None)
    meeting_actions.accept(session=session, meeting_id=meeting.id, user_id=b.id, now=NOW)
    meeting_actions.cancel(session=session, meeting_id=meeting.id, user_id=b.id, reason="Busy", now=NOW)
    assert credits.balance(session=session, user_id=a.id) == 1
    assert kinds(session, a) == ["grant", "hold", "spend", "refund"]


def test_the_requester_cancelling_an_accepted_online_meeting_keeps_it_spent(session):
    a, b = pair(session)
    grant(session, a)
    meeting = request(session, a, b, kind="online", spot=None)
    meeting_actions.accept(session=session, meeting_id=meeting.id, user_id=b.id, now=NOW)
    meeting_actions.cancel(session=session, meeting_id=meeting.id, user_id=a.id, reason="Changed plans", now=NOW)
    assert credits.balance(session=session, user_id=a.id) == 0


def test_a_ledger_key_counts_once(session):
    a, _ = pair(session)
    for _ in range(3):
        grant(session, a, 5, key="same")
    assert credits.balance(session=session, user_id=a.id) == 5


def test_concurrent_online_requests_cannot_overdraw_a_single_credit(session, db_url):
    a, b = pair(session)
    _, d = pair(session)
    grant(session, a)
    date, time = local_slot()

    def ask(recipient_id):
        return lambda s: meeting_requests.request_meeting(
            session=s, requester_id=a.id, recipient_id=recipient_id, kind="online", start_date=date, start_time=time, duration=60, now=NOW
        ).id

    results = race(db_url, [ask(b.id), ask(d.id)])
    assert sum(isinstance(r, int) for r in results) == 1, results
    assert all(isinstance(r, int) or isinstance(r, ValidationFailed) for r in results), results
    assert credits.balance(session=session, user_id=a.id) == 0
    holds = session.exec(sa.select(sa.func.count()).select_from(CreditEntry).where(CreditEntry.kind == "hold")).one()[0]
    assert holds == 1
