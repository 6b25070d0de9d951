"""Meeting services write into the caller's unit of work and never commit: the caller's rollback undoes a whole
action (rows, notification, push), a refused action leaves the caller's transaction usable with nothing of it
written, and parallel reviews still complete the meeting (the meeting row is locked while a review is stored)."""

import datetime as dt

import sqlalchemy as sa
from factories import NOW
from meeting_support import accepted_meeting, pair, race, request

from engnest.meetings.models import Meeting, MeetingEvent, MeetingReview
from engnest.meetings.services import meeting_actions, meeting_clock, reviews
from engnest.network.services import relations
from engnest.notifications.models import Notification
from engnest.platform import events
from engnest.platform.domain.errors import ValidationFailed


def _status(session, meeting_id: int) -> str:
    session.expire_all()
    return session.get(Meeting, meeting_id).status


def _count(session, model, *where) -> int:
    return session.exec(sa.select(sa.func.count()).select_from(model).where(*where)).one()[0]


def test_the_callers_rollback_undoes_an_accepted_meeting_whole_and_nothing_is_pushed(session):
    a, b = pair(session)
    meeting = request(session, a, b)  # committed by the helper, as the request page would
    recorder = events.Recorder()
    events.add_sink(recorder)
    try:
        accepted = meeting_actions.accept(session=session, meeting_id=meeting.id, user_id=b.id, now=NOW)
        assert accepted.status == "accepted"  # written in the caller's transaction…
        session.rollback()  # …which the caller then abandons
    finally:
        events.remove_sink(recorder)
    assert _status(session, meeting.id) == "pending"
    assert not relations.are_collaborators(session=session, a=a.id, b=b.id)
    assert _count(session, Notification, Notification.kind == "meeting_accepted") == 0
    assert recorder.topics_for(a.id) == [] and recorder.topics_for(b.id) == []


def test_a_refused_action_writes_nothing_and_the_callers_transaction_goes_on(session):
    a, b = pair(session)
    meeting = request(session, a, b)
    try:
        meeting_actions.accept(session=session, meeting_id=meeting.id, user_id=a.id, now=NOW)  # not a's turn
    except ValidationFailed as exc:
        assert "wait for the other person" in exc.errors["form"]
    else:
        raise AssertionError("the requester accepted their own request")
    meeting_actions.decline(session=session, meeting_id=meeting.id, user_id=b.id, now=NOW)  # same transaction
    session.commit()
    assert _status(session, meeting.id) == "declined"
    actions = [e[0].action for e in session.exec(sa.select(MeetingEvent).order_by(MeetingEvent.id)).all()]
    assert actions == ["requested", "declined"]


def test_two_reviews_sent_at_once_complete_the_meeting(session, db_url):
    a, b = pair(session)
    start = NOW + dt.timedelta(days=3)
    m = accepted_meeting(session, a, b, start=start)
    end = start + dt.timedelta(minutes=30)
    meeting_clock.do_end(session=session, meeting_id=m.id, now=end)
    session.commit()
    mid, aid, bid = m.id, a.id, b.id

    def review_by(user_id):
        return lambda s: reviews.submit_review(session=s, meeting_id=mid, user_id=user_id, rating="5", comment="", attended="yes", now=end).id

    results = race(db_url, [review_by(aid), review_by(bid)])
    assert all(isinstance(r, int) for r in results), results
    assert _count(session, MeetingReview, MeetingReview.meeting_id == mid) == 2
    assert _status(session, mid) == "completed"
